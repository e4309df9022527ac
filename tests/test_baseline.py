"""Baselines: reading a previous claimcheck.json, and new / unchanged / resolved by finding key."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from claimcheck import api
from claimcheck.baseline import compare, load_baseline, resolved_record
from claimcheck.exceptions import ClaimcheckError
from claimcheck.location import Location
from claimcheck.reporters import jsonreport
from claimcheck.results import Finding, Severity

DATA = Path(__file__).resolve().parent / "data" / "run"


def finding(code: str, claims: tuple[str, ...], severity: Severity = Severity.ERROR) -> Finding:
    return Finding(code, severity, f"{code} about {','.join(claims)}", Location("claims/t.yaml", 3, 5), claims=claims)


@pytest.fixture(scope="module")
def check() -> api.CheckResult:
    return api.check(DATA / "claims", DATA / "seeds", DATA / "no-acknowledgements.yaml")


def with_findings(check: api.CheckResult, findings: list[Finding]) -> api.CheckResult:
    return api.CheckResult(check.validation, check.context, findings, {})


def test_compare_marks_new_unchanged_and_resolved(check: api.CheckResult):
    a, b, c = finding("CC201", ("x", "y")), finding("CC101", ("z",)), finding("CC040", ("w",))
    now = with_findings(check, [a, b])
    old = [{"key": a.key, "code": "CC201", "severity": "error", "message": "older wording"},
           {"key": c.key, "code": "CC040", "severity": "error", "message": "gone", "line": 9}]
    status, resolved = compare(now, old)
    assert status == {a.key: "unchanged", b.key: "new"}
    assert [(r["key"], r["status"], r["line"]) for r in resolved] == [(c.key, "resolved", 9)]


def test_keys_not_lines_decide(check: api.CheckResult):
    moved = Finding("CC201", Severity.ERROR, "reworded", Location("claims/t.yaml", 40, 1), claims=("y", "x"))
    status, _ = compare(with_findings(check, [moved]), [{"key": finding("CC201", ("x", "y")).key}])
    assert status == {moved.key: "unchanged"}


def test_failing_counts_only_new_errors_with_a_baseline(check: api.CheckResult):
    new_error, old_error = finding("CC201", ("a", "b")), finding("CC202", ("c", "d"))
    new_warning = finding("CC203", ("e",), Severity.WARNING)
    run = api.RunResult(with_findings(check, [new_error, old_error, new_warning]), baseline=Path("b.json"))
    run.status, run.resolved = compare(run.check, [{"key": old_error.key}])
    assert run.failing == [new_error]
    assert api.RunResult(run.check).failing == [new_error, old_error]


def test_a_report_is_its_own_baseline(check: api.CheckResult, tmp_path: Path):
    path = tmp_path / "claimcheck.json"
    path.write_text(jsonreport.render(api.RunResult(check)), encoding="utf-8")
    status, resolved = compare(check, load_baseline(path))
    assert set(status.values()) == {"unchanged"} and len(status) == len(check.findings)
    assert resolved == []


def test_resolved_record_keeps_finding_fields_only():
    record = resolved_record({"key": "CC101-0123456789", "code": "CC101", "severity": "error", "message": "m",
                              "claims": ["a"], "status": "new", "unknown": 1})
    assert record["status"] == "resolved" and "unknown" not in record
    assert record["claims"] == ["a"] and record["acknowledged"] is False


@pytest.mark.parametrize("content, message", [
    (None, "file not found"),
    ("", "not JSON"),
    ("[]", "not a claimcheck report"),
    ('{"meta": {"format": "1"}, "findings": []}', "not a claimcheck report"),
    ('{"meta": {"format": true}, "findings": []}', "not a claimcheck report"),
    (json.dumps({"meta": {"format": jsonreport.FORMAT_VERSION + 1}, "findings": []}),
     f"format {jsonreport.FORMAT_VERSION + 1} is newer than this claimcheck reads ({jsonreport.FORMAT_VERSION})"),
    ('{"meta": {"format": 1}}', "no findings list"),
    ('{"meta": {"format": 1}, "findings": [{"key": "k", "code": "CC101", "severity": "fatal", "message": "m"}]}',
     "findings[0] needs key, code, severity and message"),
])
def test_unusable_baselines_raise_one_clear_line(tmp_path: Path, content: str | None, message: str):
    path = tmp_path / "claimcheck.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(ClaimcheckError) as caught:
        load_baseline(path)
    text = str(caught.value)
    assert "\n" not in text and text.startswith(f"baseline {path}: ") and message in text


def test_an_empty_baseline_makes_everything_new(check: api.CheckResult, tmp_path: Path):
    path = tmp_path / "claimcheck.json"
    path.write_text(json.dumps({"meta": {"format": 1}, "findings": []}), encoding="utf-8")
    status, resolved = compare(check, load_baseline(path))
    assert set(status.values()) == {"new"} and resolved == []


def test_a_format_1_baseline_is_still_read(check: api.CheckResult, tmp_path: Path):
    """Format 1 (with ``data_docs``, before Data Docs were dropped) compares as a current one does."""
    current = json.loads(jsonreport.render(api.RunResult(check)))
    old = {**current, "meta": {**current["meta"], "format": 1}, "data_docs": "gx-docs/index.html"}
    del old["gx_results"]
    path = tmp_path / "claimcheck.json"
    path.write_text(json.dumps(old), encoding="utf-8")
    status, resolved = compare(check, load_baseline(path))
    assert set(status.values()) == {"unchanged"} and len(status) == len(check.findings) and resolved == []


def test_a_baseline_over_its_limit_is_refused_by_the_bytes_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from claimcheck import baseline

    monkeypatch.setattr(baseline, "MAX_BASELINE_BYTES", 10)
    path = tmp_path / "claimcheck.json"
    path.write_text(json.dumps({"meta": {"format": 1}, "findings": []}), encoding="utf-8")
    with pytest.raises(ClaimcheckError, match=r"over the 10-byte limit \(claimcheck\.baseline\.MAX_BASELINE_BYTES\)"):
        load_baseline(path)
