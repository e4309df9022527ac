"""JSON, JUnit, SARIF, Markdown and GitHub annotations: each output checked against its schema or structure.

The run result is built without Great Expectations (suite outcomes are given), from the
shipped registry, with one finding acknowledged and a baseline that knows some findings and
one that is gone.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from dataclasses import replace
from importlib import resources
from pathlib import Path

import jsonschema
import pytest

from claimcheck import api
from claimcheck.baseline import compare
from claimcheck.location import Location
from claimcheck.reporters import github, jsonreport, junitreport, markdownreport, sarifreport
from claimcheck.reporters.base import FORMAT_NAMES, formats, write_atomic, write_reports
from claimcheck.results import Finding, Severity
from claimcheck.rules import REGISTRY

ROOT = Path(__file__).resolve().parent.parent


def schema(name: str) -> jsonschema.protocols.Validator:
    data = json.loads(resources.files("claimcheck").joinpath("data", name).read_text(encoding="utf-8"))
    cls = jsonschema.Draft202012Validator
    cls.check_schema(data)
    return cls(data, format_checker=cls.FORMAT_CHECKER)


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> api.RunResult:
    """The shipped registry with one error acknowledged, a baseline, and two suite outcomes."""
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(ROOT)  # finding paths relative to the repository root, as in CI
        first = api.check(Path("claims"), Path("seeds"), Path("no-such-acknowledgements.yaml"))
        errors = [f for f in first.findings if f.severity == Severity.ERROR]
        assert len(errors) >= 2, "the shipped registry is expected to keep its cross-article errors"
        acks = tmp_path_factory.mktemp("acks") / "acknowledgements.yaml"
        acks.write_text(f"acknowledgements:\n  - key: {errors[-1].key}\n    reason: two CAAM releases differ\n"
                        "    by: A. Reviewer\n    date: 2026-11-24\n", encoding="utf-8")
        check = api.check(Path("claims"), Path("seeds"), acks)
    result = api.RunResult(check, baseline=Path("base/claimcheck.json"))
    old = [{"key": f.key, "code": f.code, "severity": f.severity.value, "message": f.message}
           for f in check.findings[1:]]
    old.append({"key": "CC040-0123456789", "code": "CC040", "severity": "error", "message": "number '7' is not covered",
                "file": "seeds/x.txt", "line": 3, "column": 7, "surprise": "dropped"})
    result.status, result.resolved = compare(check, old)
    blocking = api.ExpectationOutcome("expect_column_values_to_be_in_set", "blocking", "every blocking is one of: false",
                                      False, kwargs={"column": "blocking", "value_set": [False]}, unexpected=1,
                                      checked=8, rows=["CC202-06f2ff3b06"], values=[True])
    result.suites = [api.SuiteOutcome("claims", "claims", True, 10),
                     api.SuiteOutcome("findings", "results", False, 5, [blocking.line()], [blocking])]
    result.gx_results = "gx-results.json"
    return result


@pytest.fixture(scope="module")
def plain(run: api.RunResult) -> api.RunResult:
    """The same check without baseline or suites."""
    return api.RunResult(run.check)


# --- JSON ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("which", ["run", "plain"])
def test_json_validates_against_the_shipped_schema(which: str, request: pytest.FixtureRequest):
    result = request.getfixturevalue(which)
    data = json.loads(jsonreport.render(result))
    schema("claimcheck-result.schema.json").validate(data)
    assert data["meta"]["format"] == jsonreport.FORMAT_VERSION == 2


def test_json_holds_every_finding_with_its_acknowledgement_and_status(run: api.RunResult):
    data = json.loads(jsonreport.render(run))
    check = run.check
    assert [f["key"] for f in data["findings"]] == [f.key for f in check.findings]
    assert data["summary"]["severity"] == api.counts(check.findings)
    assert sum(data["summary"]["rules"].values()) == len(check.findings)
    acked = [f for f in data["findings"] if f["acknowledged"]]
    assert len(acked) == 1 and acked[0]["ack_by"] == "A. Reviewer" and acked[0]["ack_reason"]
    assert data["findings"][0]["status"] == "new"
    assert {f["status"] for f in data["findings"][1:]} == {"unchanged"}
    assert data["summary"]["changes"] == {"new": 1, "unchanged": len(check.findings) - 1, "resolved": 1}
    assert data["resolved"][0]["key"] == "CC040-0123456789" and "surprise" not in data["resolved"][0]
    assert [c["seed"] for c in data["coverage"]] == [c.seed for c in check.validation.coverage]
    assert data["suites"][1]["failed"] == ["expect_column_values_to_be_in_set(blocking): 1 unexpected: CC202-06f2ff3b06"]
    assert data["summary"]["suites_failed"] == 1
    [blocking] = data["suites"][1]["expectations"]
    assert blocking["kwargs"] == {"column": "blocking", "value_set": [False]} and blocking["values"] == [True]
    assert (blocking["unexpected"], blocking["checked"], blocking["rows"]) == (1, 8, ["CC202-06f2ff3b06"])
    assert data["gx_results"] == "gx-results.json"
    assert data["summary"]["exit_code"] == 1


def test_json_columns_match_the_results_table(run: api.RunResult):
    record = json.loads(jsonreport.render(run))["findings"][0]
    assert set(api.RESULT_COLUMNS) <= set(record)


def test_json_turns_infinite_gaps_into_null(plain: api.RunResult):
    f = Finding("CC201", Severity.ERROR, "x", Location("claims/a.yaml", 1, 1), claims=("a", "b"),
                gap=float("inf"), rel_gap=float("nan"))
    record = jsonreport.finding_record(plain, f)
    assert record["gap"] is None and record["rel_gap"] is None


# --- SARIF -----------------------------------------------------------------------------------------

def test_sarif_validates_against_the_subset_schema(run: api.RunResult, plain: api.RunResult):
    for result in (run, plain):
        schema("sarif-2.1.0-subset.schema.json").validate(json.loads(sarifreport.render(result)))


def test_sarif_results_rules_locations_and_suppressions(run: api.RunResult):
    log = json.loads(sarifreport.render(run))
    sarif_run = log["runs"][0]
    rules = sarif_run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == list(REGISTRY)
    assert all(r["name"] == REGISTRY[r["id"]].slug and r["shortDescription"]["text"] == REGISTRY[r["id"]].title
               for r in rules)
    results = sarif_run["results"]
    assert len(results) == len(run.check.findings)
    for result, finding in zip(results, run.check.findings):
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"] == finding.code
        assert result["level"] == {"error": "error", "warning": "warning", "info": "note"}[finding.severity.value]
        assert result["partialFingerprints"] == {"claimcheck/v1": finding.key}
        location = result["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uri"] == finding.location.path
        assert not location["artifactLocation"]["uri"].startswith("/")
        assert location["region"] == {"startLine": finding.location.line, "startColumn": finding.location.col}
        assert result["baselineState"] == run.status[finding.key]
    suppressed = [r for r in results if "suppressions" in r]
    assert len(suppressed) == 1
    assert suppressed[0]["suppressions"][0]["kind"] == "external"
    assert suppressed[0]["suppressions"][0]["justification"] == "two CAAM releases differ"


def test_sarif_related_locations_point_at_the_other_claims(run: api.RunResult):
    results = json.loads(sarifreport.render(run))["runs"][0]["results"]
    multi = next(r for r in results if len(r["properties"]["claims"]) > 1)
    related = {loc["message"]["text"] for loc in multi.get("relatedLocations", [])}
    assert related and related <= set(multi["properties"]["claims"])


def test_sarif_absolute_paths_become_file_uris():
    assert sarifreport.artifact_location("/tmp/a b/c.yaml") == {"uri": "file:///tmp/a%20b/c.yaml"}


# --- JUnit -----------------------------------------------------------------------------------------

def test_junit_one_testcase_per_finding_with_failures_and_skips(run: api.RunResult):
    root = ET.fromstring(junitreport.render(run).encode("utf-8"))
    assert root.tag == "testsuites"
    suites = {s.get("name"): s for s in root.findall("testsuite")}
    cases = suites["claimcheck"].findall("testcase")
    check = run.check
    assert len(cases) == len(check.findings)
    acked = [f for f in check.findings if check.acknowledged(f)]
    failing = [f for f in check.findings if not check.acknowledged(f) and f.severity != Severity.INFO]
    passing = [f for f in check.findings if not check.acknowledged(f) and f.severity == Severity.INFO]
    suite = suites["claimcheck"]
    assert sum(1 for c in cases if c.find("failure") is not None) == len(failing) == int(suite.get("failures"))
    assert sum(1 for c in cases if c.find("skipped") is not None) == len(acked) == int(suite.get("skipped"))
    info_cases = [c for c in cases if c.find("failure") is None and c.find("skipped") is None]
    assert len(info_cases) == len(passing) and all(c.find("system-out") is not None for c in info_cases)
    for case, finding in zip(cases, check.findings):
        assert case.get("classname") == finding.code
        assert case.get("name") == f"{finding.key} {finding.message}"
        assert case.get("file") == finding.location.path and case.get("line") == str(finding.location.line)
    gx = suites["expectations"].findall("testcase")
    assert [c.get("name") for c in gx] == ["claims", "findings"]
    assert gx[1].find("failure") is not None and gx[0].find("failure") is None
    assert int(root.get("tests")) == len(cases) + len(gx)


def test_junit_survives_control_characters(plain: api.RunResult):
    f = Finding("CC030", Severity.ERROR, "quote \x0b not found <&>", Location("claims/a.yaml", 2, 3), claims=("a",))
    one = api.RunResult(replace(plain.check, findings=[f]))
    case = ET.fromstring(junitreport.render(one).encode("utf-8")).find("testsuite/testcase")
    assert "<&>" in case.get("name")


# --- Markdown --------------------------------------------------------------------------------------

def test_markdown_summary_changes_and_new_errors_first(run: api.RunResult):
    text = markdownreport.render(run)
    assert text.startswith("## claimcheck: ❌ failed")
    counts = api.counts(run.check.findings)
    assert f"| error | {counts['error']} | 1 | 1 |" in text  # the first finding is an error, and the only new one
    assert f"**Since the baseline:** 1 new, {len(run.check.findings) - 1} unchanged, 1 resolved." in text
    findings = [line for line in text.splitlines() if line.startswith("- **")]
    first = run.check.findings[0]
    assert f"`{first.code}` (new)" in findings[0]
    assert "Resolved since the baseline (1)" in text
    assert "`findings` on `results` **failed** (1 of 5)" in text


def test_markdown_escapes_article_text(plain: api.RunResult):
    f = Finding("CC030", Severity.ERROR, "quote <script>x</script> | @team *bold*", Location("claims/a.yaml", 2, 3))
    text = markdownreport.render(api.RunResult(replace(plain.check, findings=[f])))
    line = next(line for line in text.splitlines() if "CC030" in line)
    assert "<script>" not in line and "@team" not in line and "\\|" in line and "\\*bold\\*" in line
    assert "&lt;script&gt;" in line and "&#64;team" in line


# --- GitHub annotations ----------------------------------------------------------------------------

def test_annotations_skip_acknowledged_and_put_failing_first(run: api.RunResult):
    lines = github.annotations(run)
    check = run.check
    assert len(lines) == sum(1 for f in check.findings if not check.acknowledged(f))
    failing = run.failing[0]
    assert lines[0].startswith(f"::error file={failing.location.path},line={failing.location.line},"
                               f"col={failing.location.col},title={failing.code}::[new] ")


def test_annotation_escapes_properties_and_message():
    f = Finding("CC201", Severity.WARNING, "50% of a,b\nnext", Location("claims/a,b:c.yaml", 4, 2), claims=("a",))
    assert github.annotation(f) == ("::warning file=claims/a%2Cb%3Ac.yaml,line=4,col=2,title=CC201::"
                                    f"50%25 of a,b%0Anext ({f.key})")


def test_step_summary_is_appended(run: api.RunResult, tmp_path: Path):
    target = tmp_path / "summary.md"
    target.write_text("earlier step\n", encoding="utf-8")
    assert github.append_step_summary(run, {"GITHUB_STEP_SUMMARY": str(target)}) == target
    text = target.read_text(encoding="utf-8")
    assert text.startswith("earlier step\n## claimcheck:")
    assert github.append_step_summary(run, {}) is None


# --- writing ---------------------------------------------------------------------------------------

def test_write_reports_writes_only_the_requested_files(run: api.RunResult, tmp_path: Path):
    assert tuple(formats()) == FORMAT_NAMES
    written = write_reports(run, tmp_path / "out", ["sarif", "json", "sarif"])
    assert [p.name for p in written] == ["claimcheck.sarif", "claimcheck.json"]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["claimcheck.json", "claimcheck.sarif"]


def test_write_atomic_leaves_nothing_behind_on_failure(tmp_path: Path):
    target = tmp_path / "claimcheck.json"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(UnicodeEncodeError):
        write_atomic(target, "half \ud800")
    assert [p.name for p in tmp_path.iterdir()] == ["claimcheck.json"]
    assert target.read_text(encoding="utf-8") == "old"


def test_json_format_doc_names_every_field_of_the_schema():
    doc = (ROOT / "docs" / "json-format.md").read_text(encoding="utf-8")
    data = json.loads(resources.files("claimcheck").joinpath("data", "claimcheck-result.schema.json").read_text())
    fields = set(data["properties"]) | set(data["properties"]["meta"]["properties"]) \
        | set(data["properties"]["summary"]["properties"]) | set(data["$defs"]["finding"]["properties"])
    missing = sorted(f for f in fields if f"`{f}`" not in doc)
    assert missing == []
