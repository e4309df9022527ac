"""Great Expectations suites: stored as GX stores them, firing and passing as they should, results as plain data."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from claimcheck import api, expectations
from claimcheck.exceptions import ClaimcheckError
from claimcheck.model import KINDS, UNITS

ROOT = Path(__file__).resolve().parent.parent
SUITES = ROOT / "expectations"
DATA = ROOT / "tests" / "data" / "run"


def suite(name: str) -> dict:
    return json.loads((SUITES / f"{name}.json").read_text(encoding="utf-8"))


def kwargs_of(data: dict, type_: str, column: str) -> dict:
    return next(e["kwargs"] for e in data["expectations"] if e["type"] == type_ and e["kwargs"].get("column") == column)


@pytest.fixture(scope="module")
def registry(tmp_path_factory: pytest.TempPathFactory) -> Path:
    where = tmp_path_factory.mktemp("gx") / "reg"
    shutil.copytree(DATA, where)
    return where


def run_result(registry: Path, acks: Path | None = None) -> api.RunResult:
    return api.RunResult(api.check(registry / "claims", registry / "seeds", acks or registry / "none.yaml"))


@pytest.fixture(scope="module")
def unacknowledged(registry: Path) -> tuple[api.RunResult, list[api.SuiteOutcome]]:
    """The small registry (one error, unacknowledged) through the shipped suites."""
    result = run_result(registry)
    result.suites = expectations.run_suites(result, SUITES)
    return result, result.suites


def test_suites_are_stored_exactly_as_great_expectations_writes_them():
    from great_expectations.core.expectation_suite import ExpectationSuite, ExpectationSuiteSchema

    for path in sorted(SUITES.glob("*.json")):
        text = path.read_text(encoding="utf-8")
        assert ExpectationSuiteSchema().dumps(ExpectationSuite(**json.loads(text)), indent=2, sort_keys=True) == text


def test_claims_suite_value_sets_follow_the_model():
    claims = suite("claims")
    assert kwargs_of(claims, "expect_column_values_to_be_in_set", "kind")["value_set"] == list(KINDS)
    assert kwargs_of(claims, "expect_column_values_to_be_in_set", "unit")["value_set"] == list(UNITS)
    assert kwargs_of(claims, "expect_column_values_to_be_in_set", "provenance_verified")["value_set"] == [True]
    for column in ("id", "figure"):
        kwargs_of(claims, "expect_column_values_to_not_be_null", column)
    kwargs_of(claims, "expect_column_values_to_be_unique", "id")


def test_every_suite_names_a_table_the_run_builds(unacknowledged):
    result, _ = unacknowledged
    tables = expectations.tables(result)
    for data in expectations.load_suites(SUITES):
        meta = data["meta"]["claimcheck"]
        columns = set(tables[meta["table"]].columns)
        assert meta["index"] in columns
        assert {e["kwargs"]["column"] for e in data["expectations"] if "column" in e["kwargs"]} <= columns


def test_findings_suite_fires_on_an_unacknowledged_error(unacknowledged):
    result, outcomes = unacknowledged
    by_name = {o.suite: o for o in outcomes}
    assert by_name["claims"].success and by_name["claims"].table == "claims"
    findings = by_name["findings"]
    assert not findings.success and findings.table == "results"
    key = next(f.key for f in result.check.findings if f.code == "CC101")
    assert findings.failed == [f"expect_column_values_to_be_in_set(blocking): 1 unexpected: {key}"]


def test_findings_suite_passes_when_every_error_is_acknowledged(registry: Path, tmp_path: Path):
    key = next(f.key for f in run_result(registry).check.findings if f.code == "CC101")
    acks = tmp_path / "acknowledgements.yaml"
    acks.write_text(f"acknowledgements:\n  - {{key: {key}, reason: typo in the article, by: R, date: 2026-11-24}}\n",
                    encoding="utf-8")
    outcomes = expectations.run_suites(run_result(registry, acks), SUITES)
    assert [(o.suite, o.success) for o in outcomes] == [("claims", True), ("findings", True)]


def test_findings_suite_passes_when_the_error_is_in_the_baseline(registry: Path):
    result = run_result(registry)
    result.baseline = Path("base.json")
    result.status = {f.key: "unchanged" for f in result.check.findings}
    assert all(o.success for o in expectations.run_suites(result, SUITES))


def test_claims_suite_fires_on_a_claim_without_provenance(tmp_path: Path):
    reg = tmp_path / "reg"
    shutil.copytree(DATA, reg)
    claims = reg / "claims" / "t.yaml"
    claims.write_text(claims.read_text(encoding="utf-8").replace("Exports reached 5.86", "Exports hit 5.86"),
                      encoding="utf-8")
    result = run_result(reg)
    assert not expectations.claims_table(result).set_index("id").loc["t-exports-2024", "provenance_verified"]
    outcome = next(o for o in expectations.run_suites(result, SUITES) if o.suite == "claims")
    assert outcome.failed == ["expect_column_values_to_be_in_set(provenance_verified): 1 unexpected: t-exports-2024"]


def test_results_table_derived_columns(unacknowledged):
    result, _ = unacknowledged
    table = expectations.results_table(result)
    row = table.set_index("code").loc["CC101"]
    assert bool(row["open_error"]) and bool(row["blocking"]) and row["status"] is None  # no baseline
    warning = table.set_index("code").loc["CC011"]
    assert not warning["open_error"] and not warning["blocking"]


def test_every_expectation_is_read_out_as_plain_data(unacknowledged):
    result, outcomes = unacknowledged
    for outcome, data in zip(outcomes, expectations.load_suites(SUITES)):
        assert [e.type for e in outcome.expectations] == [e["type"] for e in data["expectations"]]
        assert [e.kwargs for e in outcome.expectations] == [e["kwargs"] for e in data["expectations"]]
        assert outcome.failed == [e.line() for e in outcome.expectations if not e.success]
    claims = {(e.type, e.column): e for e in outcomes[0].expectations}
    rows = claims["expect_table_row_count_to_be_between", None]
    assert rows.success and rows.observed == len(result.check.validation.registry.claims) and rows.unexpected is None
    assert rows.words == "the number of rows is at least 1"
    kind = claims["expect_column_values_to_be_in_set", "kind"]
    assert kind.words.startswith("every kind is one of: value, change, share")
    assert kind.success and kind.unexpected == 0 and kind.checked == rows.observed and kind.rows == []
    assert kind.notes and "KINDS" in kind.notes
    blocking = next(e for e in outcomes[1].expectations if e.column == "blocking")
    key = next(f.key for f in result.check.findings if f.code == "CC101")
    assert not blocking.success and (blocking.unexpected, blocking.rows, blocking.values) == (1, [key], [True])


def test_unexpected_rows_are_kept_up_to_a_limit(tmp_path: Path):
    data = {"name": "odd", "expectations": [{"type": "expect_column_values_to_be_in_set",
                                             "kwargs": {"column": "kind", "value_set": ["rank"]}}],
            "meta": {"claimcheck": {"table": "claims", "index": "id"}}}
    (tmp_path / "odd.json").write_text(json.dumps(data), encoding="utf-8")
    result = api.RunResult(api.check(ROOT / "claims", ROOT / "seeds", tmp_path / "none.yaml"))
    [outcome] = expectations.run_suites(result, tmp_path)
    [kind] = outcome.expectations
    claims = result.check.validation.tables.claims
    others = claims[claims["kind"] != "rank"]
    assert kind.unexpected == len(others) > api.SHOW_UNEXPECTED
    assert kind.rows == list(others["id"])[:api.SHOW_UNEXPECTED]
    assert kind.values == list(others["kind"])[:api.SHOW_UNEXPECTED]
    assert outcome.failed == [f"expect_column_values_to_be_in_set(kind): {len(others)} unexpected: "
                              + ", ".join(kind.rows) + ", …"]


def test_validation_results_are_written_as_json_data(unacknowledged, tmp_path: Path):
    result, outcomes = unacknowledged
    path = expectations.write_results(result, tmp_path)
    assert path == tmp_path / expectations.RESULTS_FILE
    data = json.loads(path.read_text(encoding="utf-8"))
    assert [v["success"] for v in data["validations"]] == [o.success for o in outcomes]
    assert [[r["expectation_config"]["type"] for r in v["results"]] for v in data["validations"]] \
        == [[e.type for e in o.expectations] for o in outcomes]
    assert data["great_expectations_version"]
    assert [p.name for p in tmp_path.iterdir()] == [expectations.RESULTS_FILE], "temporary files left behind"


def test_no_results_file_without_suites(registry: Path, tmp_path: Path):
    assert expectations.write_results(run_result(registry), tmp_path) is None
    assert list(tmp_path.iterdir()) == []


def test_great_expectations_prints_nothing(registry: Path, capfd: pytest.CaptureFixture[str]):
    expectations.run_suites(run_result(registry), SUITES)
    out, err = capfd.readouterr()
    assert out == "" and err == ""


@pytest.mark.parametrize("content, message", [
    ("{", "is not JSON"),
    ('{"name": "x"}', "needs name and expectations"),
    ('{"name": "x", "expectations": []}', "meta.claimcheck.table"),
    ('{"name": "x", "expectations": [], "meta": {"claimcheck": {"table": "nope"}}}', "meta.claimcheck.table"),
])
def test_malformed_suites_are_unusable(tmp_path: Path, content: str, message: str):
    (tmp_path / "bad.json").write_text(content, encoding="utf-8")
    with pytest.raises(ClaimcheckError, match=message.replace(".", r"\.")):
        expectations.load_suites(tmp_path)


def test_an_unknown_expectation_type_is_unusable(registry: Path, tmp_path: Path):
    data = {"name": "odd", "expectations": [{"type": "expect_the_moon", "kwargs": {}}],
            "meta": {"claimcheck": {"table": "claims"}}}
    (tmp_path / "odd.json").write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ClaimcheckError, match="suite 'odd' cannot be loaded: .* cannot build expect_the_moon"):
        expectations.run_suites(run_result(registry), tmp_path)


def test_an_expectation_on_a_missing_column_fails_and_says_why(registry: Path, tmp_path: Path):
    missing = {"type": "expect_column_values_to_not_be_null", "kwargs": {"column": "nope"}}
    data = {"name": "gap", "expectations": [missing],
            "meta": {"claimcheck": {"table": "claims", "index": "id"}}}
    (tmp_path / "gap.json").write_text(json.dumps(data), encoding="utf-8")
    [outcome] = expectations.run_suites(run_result(registry), tmp_path)
    assert not outcome.success
    assert outcome.failed[0].startswith("expect_column_values_to_not_be_null(nope): raised ")
    assert "nope" in outcome.failed[0].split("raised ", 1)[1]
