"""`claimcheck run` end to end: files written, exit codes, baseline, GitHub annotations, no writes outside --out.

One full run (Great Expectations included) is shared by the module; the other runs use the
same small registry (tests/data/run) and, where the suites do not matter, an empty suites folder.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from claimcheck import api
from claimcheck.cli import main

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "run"
ALL_FORMATS = ["--format", "json", "--format", "junit", "--format", "sarif", "--format", "markdown"]
REPORT_FILES = {"index.html", "claimcheck.json", "claimcheck.junit.xml", "claimcheck.sarif", "summary.md",
                "gx-results.json"}


@dataclass
class Run:
    code: int
    out: str
    err: str


def invoke(args: list[str], env: dict[str, str] | None = None, tty: bool = False) -> Run:
    """Run ``main(args)`` with captured output and, for its duration, extra environment variables."""
    class Stream(io.StringIO):
        def isatty(self) -> bool:
            return tty

    out, err = Stream(), Stream()
    saved = {k: os.environ.get(k) for k in (env or {})}
    os.environ.update(env or {})
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(args)
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    return Run(code, out.getvalue(), err.getvalue())


def digest(folder: Path) -> dict[str, str]:
    """Hash every file under a folder (relative path -> sha256)."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def make_registry(where: Path, *, fixed: bool = False) -> Path:
    """Copy the small registry into ``where``; ``fixed`` removes its one error (9.0 -> 9.5 million)."""
    shutil.copytree(DATA, where)
    if fixed:
        for path in (where / "claims" / "t.yaml", where / "seeds" / "t.txt"):
            path.write_text(path.read_text(encoding="utf-8").replace("9.0 million", "9.5 million"), encoding="utf-8")
    return where


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory):
    """A working folder holding the small registry (``broken``) and its fixed twin; the cwd while tests run."""
    base = tmp_path_factory.mktemp("run")
    make_registry(base / "broken")
    make_registry(base / "fixed", fixed=True)
    (base / "no-suites").mkdir()
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(base)
        yield base


def args_for(registry: str, out: str, *extra: str, suites: str | None = None) -> list[str]:
    return ["run", "--claims", f"{registry}/claims", "--seeds", f"{registry}/seeds", "--out", out,
            "--acknowledgements", f"{registry}/acknowledgements.yaml",
            "--expectations", suites or str(ROOT / "expectations"), *extra]


@pytest.fixture(scope="module")
def first(workdir: Path) -> Run:
    """The full run: every format, the shipped suites, inside GitHub Actions with a job summary file."""
    before = digest(workdir / "broken")
    env = {"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(workdir / "step-summary.md")}
    result = invoke(args_for("broken", "out", *ALL_FORMATS), env=env)
    assert digest(workdir / "broken") == before, "run wrote under claims/ or seeds/"
    return result


def test_run_writes_every_requested_file_and_nothing_else(first: Run, workdir: Path):
    assert {p.name for p in (workdir / "out").iterdir()} == REPORT_FILES
    assert [p.name for p in (workdir / "out").rglob("*.html")] == ["index.html"], "only our own report is HTML"
    hidden = [p for p in (workdir / "out").rglob(".*")]
    assert hidden == [], "temporary files left behind"


def test_run_exits_1_on_an_unacknowledged_error_without_baseline(first: Run, workdir: Path):
    assert first.code == 1, first.out + first.err
    data = json.loads((workdir / "out" / "claimcheck.json").read_text(encoding="utf-8"))
    assert data["summary"]["exit_code"] == 1
    assert [f["code"] for f in data["findings"] if f["severity"] == "error"] == ["CC101"]
    assert data["gx_results"] == "gx-results.json"
    assert {s["suite"]: s["success"] for s in data["suites"]} == {"claims": True, "findings": False}


def test_run_writes_great_expectations_results_as_json(first: Run, workdir: Path):
    gx = json.loads((workdir / "out" / "gx-results.json").read_text(encoding="utf-8"))
    data = json.loads((workdir / "out" / "claimcheck.json").read_text(encoding="utf-8"))
    assert [v["success"] for v in gx["validations"]] == [s["success"] for s in data["suites"]]
    assert [len(v["results"]) for v in gx["validations"]] == [s["evaluated"] for s in data["suites"]]
    assert "gx-results.json" in first.out


def test_run_prints_the_report_path_and_stays_quiet_on_stderr(first: Run):
    assert f"report: {Path('out') / 'index.html'}" in first.out
    assert "gate failed: 1 unacknowledged error" in first.out
    assert first.err == "", "Great Expectations or the progress lines leaked onto a non-terminal stderr"


def test_run_prints_github_annotations_and_appends_the_job_summary(first: Run, workdir: Path):
    lines = [line for line in first.out.splitlines() if line.startswith("::")]
    assert lines[0].startswith("::error file=broken/claims/t.yaml,line=3,col=5,title=CC101::china/nev_sales/2024")
    assert any(line.startswith("::warning file=broken/claims/t.yaml,line=28,") and "title=CC011" in line
               for line in lines)
    summary = (workdir / "step-summary.md").read_text(encoding="utf-8")
    assert summary.startswith("## claimcheck: ❌ failed")


def test_no_annotations_outside_github_actions(workdir: Path):
    run = invoke(args_for("broken", "plain", suites=str(workdir / "no-suites")), env={"GITHUB_ACTIONS": ""})
    assert run.code == 1
    assert not [line for line in run.out.splitlines() if line.startswith("::")]
    assert {p.name for p in (workdir / "plain").iterdir()} == {"index.html"}


def test_same_error_in_the_baseline_passes(first: Run, workdir: Path):
    run = invoke(args_for("broken", "again", "--baseline", "out/claimcheck.json", "--format", "json"))
    assert run.code == 0, run.out
    assert "since baseline out/claimcheck.json: 0 new, 2 unchanged, 0 resolved" in run.out
    data = json.loads((workdir / "again" / "claimcheck.json").read_text(encoding="utf-8"))
    assert {f["status"] for f in data["findings"]} == {"unchanged"}
    assert data["summary"]["changes"] == {"new": 0, "unchanged": 2, "resolved": 0}
    assert {s["suite"]: s["success"] for s in data["suites"]} == {"claims": True, "findings": True}


def test_new_error_against_a_clean_baseline_fails_and_a_fixed_one_is_resolved(workdir: Path):
    # one registry folder, edited between runs, as a branch is: finding keys of findings that name
    # no claim come from their location, so the baseline must see the same paths
    suites = str(workdir / "no-suites")
    make_registry(workdir / "evolving", fixed=True)
    clean = invoke(args_for("evolving", "clean", "--format", "json", suites=suites))
    assert clean.code == 0, clean.out

    shutil.rmtree(workdir / "evolving")
    make_registry(workdir / "evolving")
    new = invoke(args_for("evolving", "new", "--baseline", "clean/claimcheck.json", "--format", "json", suites=suites))
    assert new.code == 1
    assert "CC101" in new.out and "[new]" in new.out
    data = json.loads((workdir / "new" / "claimcheck.json").read_text(encoding="utf-8"))
    assert {f["code"]: f["status"] for f in data["findings"]} == {"CC101": "new", "CC011": "unchanged"}

    shutil.rmtree(workdir / "evolving")
    make_registry(workdir / "evolving", fixed=True)
    resolved = invoke(args_for("evolving", "resolved", "--baseline", "new/claimcheck.json", "--format", "json",
                               suites=suites))
    assert resolved.code == 0
    data = json.loads((workdir / "resolved" / "claimcheck.json").read_text(encoding="utf-8"))
    assert [(r["code"], r["status"]) for r in data["resolved"]] == [("CC101", "resolved")]
    assert "resolved evolving/claims/t.yaml: CC101" in resolved.out


def test_acknowledged_error_passes_without_baseline(workdir: Path):
    acked = make_registry(workdir / "acked")
    key = next(f.key for f in api.check(acked / "claims", acked / "seeds").findings if f.code == "CC101")
    (acked / "acknowledgements.yaml").write_text(
        f"acknowledgements:\n  - key: {key}\n    reason: the article's own typo\n    by: A. Reviewer\n"
        "    date: 2026-11-24\n", encoding="utf-8")
    run = invoke(args_for("acked", "acked-out", "--format", "junit", suites=str(workdir / "no-suites")))
    assert run.code == 0, run.out
    assert "(1 acknowledged)" in run.out


@pytest.mark.parametrize("content, message", [
    (None, "file not found"),
    ("{not json", "not JSON"),
    ('{"findings": []}', "not a claimcheck report"),
    ('{"meta": {"format": 99}, "findings": []}', "format 99 is newer"),
    ('{"meta": {"format": 1}, "findings": [{"key": 1}]}', "findings[0] needs key"),
])
def test_unusable_baseline_exits_2_with_one_line_and_writes_nothing(workdir: Path, tmp_path: Path,
                                                                    content: str | None, message: str):
    baseline = tmp_path / "baseline.json"
    if content is not None:
        baseline.write_text(content, encoding="utf-8")
    out = tmp_path / "never"
    run = invoke(args_for("broken", str(out), "--baseline", str(baseline), "--format", "json"))
    assert run.code == 2
    assert run.err.count("\n") == 1 and run.err.startswith(f"claimcheck: error: baseline {baseline}: ")
    assert message in run.err
    assert not out.exists()


def test_out_inside_claims_or_seeds_is_refused(workdir: Path):
    before = digest(workdir / "broken")
    for inside in ("broken/claims/report", "broken/seeds", "broken/seeds/x"):
        run = invoke(args_for("broken", inside))
        assert run.code == 2 and "is inside the" in run.err
    assert digest(workdir / "broken") == before


def test_unusable_input_exits_2_and_still_writes_the_reports(workdir: Path):
    run = invoke(args_for("missing", "unusable", "--format", "json", suites=str(workdir / "no-suites")))
    assert run.code == 2
    data = json.loads((workdir / "unusable" / "claimcheck.json").read_text(encoding="utf-8"))
    assert data["summary"]["exit_code"] == 2
    assert "CC004" in data["summary"]["rules"]


def test_progress_lines_on_a_terminal_only(workdir: Path):
    suites = str(workdir / "no-suites")
    tty = invoke(args_for("fixed", "tty", suites=suites), tty=True)
    assert "checking claims…" in tty.err and "writing reports…" in tty.err
    quiet = invoke(args_for("fixed", "tty", "--quiet", suites=suites), tty=True)
    assert quiet.err == ""


def test_missing_default_suites_folder_skips_them_with_a_note(workdir: Path):
    run = invoke(["run", "--claims", "fixed/claims", "--seeds", "fixed/seeds", "--out", "nosuites", "--format", "json"])
    assert run.code == 0
    assert "Great Expectations suites skipped" in run.err
    assert not (workdir / "nosuites" / "gx-results.json").exists()
    assert json.loads((workdir / "nosuites" / "claimcheck.json").read_text(encoding="utf-8"))["gx_results"] is None


def test_missing_explicit_suites_folder_is_unusable(workdir: Path):
    run = invoke(args_for("fixed", "x", suites=str(workdir / "nowhere")))
    assert run.code == 2 and "--expectations" in run.err


def test_check_does_not_import_great_expectations():
    code = ("import sys; from claimcheck.cli import main; main(['check', '--quiet']); "
            "print('great_expectations' in sys.modules)")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=60)
    assert proc.stdout.strip().splitlines()[-1] == "False"
