"""The dense topic mode of ``benchmarks/synth.py``: a clean registry, no conflict without injections,
and ``injected.json`` naming exactly the claims it perturbed, with their slip kinds."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from claimcheck import api
from claimcheck.results import Severity

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

import synth  # noqa: E402
import synth_topic  # noqa: E402

CLAIMS, INJECT, SEED = 600, 10, 5
CONFLICT_CODES = {"CC101", "CC201", "CC202"}


def _registry(folder: Path, inject: int, fmt: str = "yaml") -> tuple[Path, list[dict[str, object]]]:
    articles, injected, quantities = synth.generate("topic", CLAIMS, inject, SEED)
    synth.write(articles, folder, fmt, quantities)
    (folder / "injected.json").write_text(json.dumps(injected), encoding="utf-8")
    return folder, injected


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _registry(tmp_path_factory.mktemp("topic0"), 0)[0]


@pytest.fixture(scope="module")
def injected(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict[str, object]]]:
    return _registry(tmp_path_factory.mktemp("topic10"), INJECT)


def _figures(folder: Path) -> dict[str, str]:
    from claimcheck.loader import load

    return {c.id: c.figure for c in load(folder / "claims", folder / "seeds").claims}


def test_topic_registry_validates_cleanly(clean: Path, injected: tuple[Path, list[dict[str, object]]]) -> None:
    for folder in (clean, injected[0]):
        validation = api.validate(folder / "claims", folder / "seeds")
        assert [f for f in validation.findings if f.severity == Severity.ERROR] == []
        assert len(validation.registry.claims) >= CLAIMS


def test_topic_without_injections_has_no_conflict(clean: Path) -> None:
    result = api.check(clean / "claims", clean / "seeds")
    assert [f.message for f in result.findings if f.code in CONFLICT_CODES] == []


def test_topic_is_one_component() -> None:
    topics = synth_topic.build_topics(CLAIMS, None, SEED)
    assert [synth_topic.components(t) for t in topics] == [1]
    two = synth_topic.build_topics(2 * CLAIMS, 2, SEED)
    assert [synth_topic.components(t) for t in two] == [1, 1]
    assert {a.name.split("-")[0] for a in two[1].articles} == {"t001"}


def test_injected_json_lists_exactly_the_perturbed_claims(clean: Path,
                                                          injected: tuple[Path, list[dict[str, object]]]) -> None:
    folder, records = injected
    before, after = _figures(clean), _figures(folder)
    assert before.keys() == after.keys()  # the same articles and claims, built from the same seed
    changed = {cid for cid in before if before[cid] != after[cid]}
    assert len(records) == INJECT
    assert changed == {r["claim"] for r in records}
    for r in records:
        assert r["slip"] in synth_topic.SLIPS
        assert before[str(r["claim"])] == r["true_figure"] and after[str(r["claim"])] == r["printed_figure"]
        if r["slip"] == "wrong_period":
            assert r["true_period"] != r["stated_period"]
        if r["slip"] == "second_agency_unlabelled":
            accounts = r["accounts"]
            assert isinstance(accounts, dict) and r["claim"] in accounts["retail"] and accounts["wholesale"]
    assert json.loads((folder / "injected.json").read_text()) == records
    assert len({r["slip"] for r in records}) >= 5  # the kinds are cycled through


def test_scale_detection_scores_both_modes() -> None:
    import scale

    injected = [{"claim": "t000-a0001-01-x", "group": 0}, {"claim": "t000-a0002-03-y", "group": 0},
                {"claim": "t001-a0001-01-z", "group": 1}, {"claim": "a000010-sparse", "group": 1}]
    conflicts = [("t000-a0001-01-x", "t000-a0003-01-w"), ("t000-a0004-01-v", "t000-a0005-01-u")]
    d = scale.detection(injected, conflicts, 3)
    assert (d["found"], d["conflict_findings"], d["false_positives"], d["misblamed"], d["minimal_sets"]) == (1, 2, 1, 1, 3)
    assert d["misblamed_ids"] == ["t000-a0002-03-y"]  # topic 1 had no conflict: missed, not misblamed
