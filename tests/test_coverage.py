"""Coverage is strict: every claim and ignore entry of the shipped registry is what covers its number."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimcheck import api
from claimcheck.loader import load
from claimcheck.provenance import trace

ROOT = Path(__file__).resolve().parent.parent


def _entries() -> list[tuple[str, str, int]]:
    """(claims file, kind, index) for every entry whose figure holds a number no other entry covers.

    Ordinal and rank words ("highest", "majority") are claims but not numbers the coverage scan
    looks for, so removing them uncovers nothing; they are left out here.
    """
    registry = load(ROOT / "claims", ROOT / "seeds")
    table, _ = trace(registry)
    spans = table.groupby(["seed", "figure_start", "figure_end"])["id"].transform("count")
    tokens = {name: seed.numbers() for name, seed in registry.seeds.items()}
    holds_number = table.apply(lambda r: any(r["figure_start"] <= t.start and t.end <= r["figure_end"]
                                             for t in tokens[r["seed"]]), axis=1)
    unique = set(table.loc[(spans == 1) & holds_number, "id"])
    out = []
    for i, claim in enumerate(registry.claims):
        if claim.id in unique:
            out.append((claim.file, "claim", i))
    for i, entry in enumerate(registry.ignores):
        if f"ignore:{entry.file}:{i}" in unique:
            out.append((entry.file, "ignore", i))
    return out


ENTRIES = _entries()


def test_most_entries_are_the_only_cover_of_their_figure():
    registry = load(ROOT / "claims", ROOT / "seeds")
    assert len(ENTRIES) >= 0.8 * (len(registry.claims) + len(registry.ignores))


@pytest.mark.parametrize(("file", "kind", "index"), ENTRIES, ids=[f"{f}:{k}{i}" for f, k, i in ENTRIES])
def test_removing_an_entry_uncovers_its_number(shipped, monkeypatch, file, kind, index):
    claims_dir, seeds_dir = shipped
    monkeypatch.chdir(claims_dir.parent)
    registry = load(claims_dir, seeds_dir)
    items = registry.claims if kind == "claim" else registry.ignores
    victim = items[index]
    path = claims_dir / Path(victim.file).name
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    start = victim.location.line - 1
    end = start + 1
    indent = len(lines[start]) - len(lines[start].lstrip(" -"))  # the column of the entry's keys
    while end < len(lines) and lines[end].startswith(" " * indent) and not lines[end].lstrip().startswith("- "):
        end += 1
    path.write_text("".join(lines[:start] + lines[end:]), encoding="utf-8")
    result = api.validate(claims_dir, seeds_dir)
    uncovered = [f for f in result.findings if f.code == "CC040"]
    assert uncovered, f"removing {kind} at {victim.location} uncovered nothing"
    assert {f.code for f in result.findings} <= {"CC040", "CC041"}
