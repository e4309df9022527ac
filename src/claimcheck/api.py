"""The one way through claimcheck: load -> tables -> provenance -> coverage -> consistency -> acknowledgements."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from claimcheck.acknowledge import DEFAULT_FILE as DEFAULT_ACKS
from claimcheck.acknowledge import Acknowledgement, load_acknowledgements, unused
from claimcheck.coverage import SeedCoverage, check_coverage
from claimcheck.engine import Context, run_rules
from claimcheck.extract.review import review_findings
from claimcheck.frame import Tables, build_tables
from claimcheck.gcpause import gc_paused
from claimcheck.loader import Registry, load
from claimcheck.provenance import trace
from claimcheck.results import Finding, Severity
from claimcheck.rules import get as get_rule
from claimcheck.unitcheck import check_units


@dataclass
class Validation:
    """What ``claimcheck validate`` finds: the registry, its tables, provenance, coverage and findings."""

    registry: Registry
    tables: Tables
    provenance: pd.DataFrame
    coverage: list[SeedCoverage]
    findings: list[Finding] = field(default_factory=list)

    @property
    def unusable(self) -> bool:
        """True when the input could not be read well enough to check (exit code 2)."""
        return any(get_rule(f.code).unusable for f in self.findings)


def sort_findings(findings: list[Finding]) -> list[Finding]:
    """Order findings by file, line and code (the order a reader fixes them in)."""
    def key(f: Finding) -> tuple[str, int, int, str]:
        loc = f.location
        return (loc.path if loc else "", (loc.line or 0) if loc else 0, (loc.col or 0) if loc else 0, f.code)
    return sorted(findings, key=key)


@gc_paused
def validate(claims_dir: Path, seeds_dir: Path) -> Validation:
    """Load a registry and run schema, unit, provenance and coverage checks.

    Never raises for bad input: every problem is a finding.
    """
    registry = load(claims_dir, seeds_dir)
    tables, schema_findings = build_tables(registry)
    provenance, provenance_findings = trace(registry)
    coverage, coverage_findings = check_coverage(registry, provenance)
    findings = registry.findings + schema_findings + check_units(registry) + provenance_findings + coverage_findings
    findings += [finding for path in registry.claims_files for finding in review_findings(path)]
    return Validation(registry, tables, provenance, coverage, sort_findings(findings))


def counts(findings: list[Finding]) -> dict[str, int]:
    """Count findings per severity, errors first."""
    return {s.value: sum(1 for f in findings if f.severity == s) for s in Severity}


@dataclass
class CheckResult:
    """What ``claimcheck check`` finds: the validation, the engine's context, all findings and acknowledgements."""

    validation: Validation
    context: Context
    findings: list[Finding]
    acknowledgements: dict[str, Acknowledgement]

    @property
    def unusable(self) -> bool:
        """True when the input (the registry, or the acknowledgements file) could not be read well enough (exit code 2)."""
        return any(get_rule(f.code).unusable for f in self.findings)

    def acknowledged(self, finding: Finding) -> Acknowledgement | None:
        """The acknowledgement of a finding, if any."""
        return self.acknowledgements.get(finding.key)

    @property
    def open_errors(self) -> list[Finding]:
        """Errors no reviewer has acknowledged: these fail CI."""
        return [f for f in self.findings if f.severity == Severity.ERROR and not self.acknowledged(f)]


def order_for_review(findings: list[Finding]) -> list[Finding]:
    """Order findings by severity, then by relative gap (largest first), then by rule and key."""
    return sorted(findings, key=lambda f: (f.severity.rank, -(f.rel_gap or 0.0), f.code, f.key))


@gc_paused
def check(claims_dir: Path, seeds_dir: Path, acknowledgements: Path | None = None) -> CheckResult:
    """Validate the registry, then run the consistency engine over it.

    :param acknowledgements: the acknowledgements file (default ``acknowledgements.yaml``; may be absent).
    """
    validation = validate(claims_dir, seeds_dir)
    broken = frozenset(c for f in validation.findings if f.severity == Severity.ERROR for c in f.claims)
    context, found = run_rules(validation.registry, broken, validation.tables.claims)
    acks, ack_problems = load_acknowledgements(acknowledgements or DEFAULT_ACKS)
    findings = validation.findings + found + ack_problems
    findings += unused(acks, findings)
    return CheckResult(validation, context, order_for_review(findings), acks)


RESULT_COLUMNS = [
    "key", "code", "severity", "title", "message", "claims", "quantities", "stated", "recomputed", "gap",
    "rel_gap", "explanation", "file", "line", "acknowledged", "ack_reason", "ack_by", "ack_date",
]


def results_frame(result: CheckResult) -> pd.DataFrame:
    """The results table: one row per finding, with its acknowledgement."""
    rows = []
    for f in result.findings:
        ack = result.acknowledged(f)
        rows.append({
            "key": f.key, "code": f.code, "severity": f.severity.value, "title": get_rule(f.code).title,
            "message": f.message, "claims": ",".join(f.claims), "quantities": ",".join(f.quantities),
            "stated": f.stated, "recomputed": f.recomputed, "gap": f.gap, "rel_gap": f.rel_gap,
            "explanation": f.explanation, "file": f.location.path if f.location else None,
            "line": f.location.line if f.location else None, "acknowledged": ack is not None,
            "ack_reason": ack.reason if ack else None, "ack_by": ack.by if ack else None,
            "ack_date": ack.date if ack else None,
        })
    return pd.DataFrame(rows, columns=RESULT_COLUMNS)


#: how many unexpected rows (and values) an expectation's outcome keeps
SHOW_UNEXPECTED = 5


def json_text(value: Any) -> str:
    """A value as JSON text (strings quoted), to show a table value or an observed value.

    >>> json_text("a<b"), json_text(False), json_text(3), json_text(None)
    ('"a<b"', 'false', '3', 'null')
    """
    return json.dumps(value, ensure_ascii=False, default=str)


@dataclass
class ExpectationOutcome:
    """One expectation of a suite, as Great Expectations found it.

    Plain data read out of Great Expectations' result: the report renders it (escaped), never GX.

    :param type: the expectation type, ``expect_column_values_to_be_in_set``.
    :param column: the column it checks, if any.
    :param words: what it asks, in words (:func:`claimcheck.expectations.expectation_words`).
    :param kwargs: its arguments as the suite states them (GX's ``batch_id`` left out).
    :param notes: the suite's notes on it.
    :param observed: the value it observed (a table's row count), as JSON data.
    :param unexpected: how many rows broke it (for expectations on a column's values).
    :param checked: how many rows it looked at.
    :param rows: the first unexpected rows, by the suite's index column (``meta.claimcheck.index``).
    :param values: the first unexpected values, as JSON data.
    :param error: why it could not be evaluated, when Great Expectations raised.
    """

    type: str
    column: str | None
    words: str
    success: bool
    kwargs: dict[str, Any] = field(default_factory=dict)
    notes: str | None = None
    observed: Any = None
    unexpected: int | None = None
    checked: int | None = None
    rows: list[str] = field(default_factory=list)
    values: list[Any] = field(default_factory=list)
    error: str | None = None

    @property
    def observed_text(self) -> str | None:
        """The observed value as JSON text, or ``None`` when nothing was observed."""
        return None if self.observed is None else json_text(self.observed)

    @property
    def value_texts(self) -> list[str]:
        """The first unexpected values as JSON text (strings quoted, so an empty one shows)."""
        return [json_text(v) for v in self.values]

    def line(self) -> str:
        """One line for a failed expectation: its type, column, how many rows, and which.

        >>> ExpectationOutcome("expect_column_values_to_be_unique", "id", "", False, unexpected=7,
        ...                    rows=["a", "a", "b", "b", "c"]).line()
        'expect_column_values_to_be_unique(id): 7 unexpected: a, a, b, b, c, …'
        >>> ExpectationOutcome("expect_table_row_count_to_be_between", None, "", False, observed=0).line()
        'expect_table_row_count_to_be_between: observed 0'
        >>> ExpectationOutcome("expect_column_values_to_be_in_set", "x", "", False, unexpected=1, values=["<b>"]).line()
        'expect_column_values_to_be_in_set(x): 1 unexpected: "<b>"'
        """
        head = f"{self.type}({self.column})" if self.column else self.type
        if self.error is not None:
            return f"{head}: raised {self.error}"
        if self.unexpected is None:
            return f"{head}: observed {self.observed_text}" if self.observed is not None else head
        names = self.rows or self.value_texts
        more = self.unexpected > len(names[:SHOW_UNEXPECTED])
        shown = ", ".join(names[:SHOW_UNEXPECTED]) + (", …" if more and names else "")
        return f"{head}: {self.unexpected} unexpected" + (f": {shown}" if shown else "")


@dataclass
class SuiteOutcome:
    """One Great Expectations suite run against one table.

    :param failed: one line per failed expectation (:meth:`ExpectationOutcome.line`).
    :param expectations: every expectation's outcome, in the suite's order.
    :param validation: Great Expectations' own validation result, as JSON data (``to_json_dict()``),
        written to ``gx-results.json``.
    """

    suite: str
    table: str
    success: bool
    evaluated: int
    failed: list[str] = field(default_factory=list)
    expectations: list[ExpectationOutcome] = field(default_factory=list)
    validation: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)


@dataclass
class RunResult:
    """What ``claimcheck run`` produces: the check, the comparison with a baseline, and the suites' outcomes.

    :param status: finding key -> ``new`` / ``unchanged`` (only with a baseline).
    :param resolved: baseline findings (as JSON objects) that are no longer found.
    :param suites: the Great Expectations suites' outcomes.
    :param gx_results: path of Great Expectations' validation results (JSON), relative to the
        report folder, if written.
    """

    check: CheckResult
    baseline: Path | None = None
    status: dict[str, str] = field(default_factory=dict)
    resolved: list[dict[str, object]] = field(default_factory=list)
    suites: list[SuiteOutcome] = field(default_factory=list)
    gx_results: str | None = None

    @property
    def failing(self) -> list[Finding]:
        """Errors that fail the gate: unacknowledged and, with a baseline, new."""
        errors = self.check.open_errors
        if self.baseline is None:
            return errors
        return [f for f in errors if self.status.get(f.key) == "new"]

    def gate(self) -> tuple[int, list[str]]:
        """The exit code of a run, with the reasons a reader is shown.

        2 for unusable input; 1 for a failing error (unacknowledged, and new when there is a
        baseline) or a failed Great Expectations suite; 0 otherwise.
        """
        if self.check.unusable:
            return 2, ["input is unusable: fix the CC00x findings first"]
        reasons = []
        if self.failing:
            what = "new unacknowledged error" if self.baseline is not None else "unacknowledged error"
            reasons.append(f"{len(self.failing)} {what}{'s' if len(self.failing) != 1 else ''}")
        reasons += [f"suite {s.suite!r} failed" for s in self.suites if not s.success]
        return (1 if reasons else 0), reasons
