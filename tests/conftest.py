"""Shared fixtures: hypothesis profiles, a claims/seeds builder, offline GX."""

from __future__ import annotations

import os
import shutil
import textwrap
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")

settings.register_profile("ci", max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", max_examples=50, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def shipped(tmp_path: Path) -> tuple[Path, Path]:
    """A copy of the shipped claims and seeds in a temporary folder: (claims_dir, seeds_dir)."""
    claims = tmp_path / "claims"
    seeds = tmp_path / "seeds"
    shutil.copytree(ROOT / "claims", claims)
    shutil.copytree(ROOT / "seeds", seeds)
    return claims, seeds


@pytest.fixture
def make_registry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Build a small registry: ``make_registry(seed_text, claims_yaml, quantities_yaml=None)``.

    Texts are dedented; the seed is ``seeds/t.txt`` and the claims file ``claims/t.yaml``; the
    working folder is the registry's parent, so messages show ``claims/t.yaml``.
    Returns (claims_dir, seeds_dir).
    """
    monkeypatch.chdir(tmp_path)

    def make(seed: str, claims: str, quantities: str | None = None) -> tuple[Path, Path]:
        claims_dir = tmp_path / "claims"
        seeds_dir = tmp_path / "seeds"
        claims_dir.mkdir(exist_ok=True)
        seeds_dir.mkdir(exist_ok=True)
        (seeds_dir / "t.txt").write_text(textwrap.dedent(seed), encoding="utf-8")
        (claims_dir / "t.yaml").write_text(textwrap.dedent(claims), encoding="utf-8")
        (claims_dir / "quantities.yaml").write_text(textwrap.dedent(quantities or DEFAULT_QUANTITIES), encoding="utf-8")
        return claims_dir, seeds_dir

    return make


DEFAULT_QUANTITIES = """\
entities:
  world: {name: the world}
  china: {name: China, parent: world}
  chongqing: {name: Chongqing, parent: china}
  shanghai: {name: Shanghai, parent: china}
  fx: {name: foreign-exchange markets}
metrics:
  vehicle_sales: {unit: vehicles, description: all new vehicles sold}
  vehicle_production: {unit: vehicles, description: all vehicles made}
  nev_sales: {unit: vehicles, description: NEVs sold, part_of: vehicle_sales}
  nev_production: {unit: vehicles, description: NEVs made, part_of: vehicle_production}
  vehicle_exports: {unit: vehicles, description: vehicles exported, part_of: vehicle_production}
  nev_share:
    unit: percent
    description: NEV share of new vehicle sales
    definition: share(nev_sales, vehicle_sales)
    bases: {retail: retail penetration among passenger cars}
  subsidy: {unit: CNY, description: a subsidy}
  cny_per_usd: {unit: CNY_per_USD, description: yuan per U.S. dollar}
  lead_years: {unit: years, description: years in the lead}
"""
