"""The JSON report: everything a run found, for machines, and the baseline of the next run.

Documented in ``docs/json-format.md``; its JSON Schema ships as
``claimcheck/data/claimcheck-result.schema.json``.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from datetime import datetime, timezone
from typing import Any

from claimcheck import __version__
from claimcheck.api import ExpectationOutcome, RunResult, counts
from claimcheck.results import Finding
from claimcheck.rules import get as get_rule

# A history of the format, so that readers of a baseline can tell what they hold:
# 1: first version (claimcheck 0.1.0): meta, summary, findings, resolved, coverage, suites, data_docs.
# 2: data_docs removed (Great Expectations' Data Docs are no longer written: GX renders table values
#    into HTML unescaped); gx_results added (the path of gx-results.json); each suite lists its
#    expectations. A baseline of format 1 is still read (only its findings are used).
FORMAT_VERSION = 2

FILENAME = "claimcheck.json"


def _number(value: float | None) -> float | None:
    """A float JSON can hold: infinities and NaN become null."""
    if value is None or not math.isfinite(value):
        return None
    return value


def finding_record(run_result: RunResult, finding: Finding) -> dict[str, Any]:
    """One finding as the JSON report holds it (the results table's columns, with lists kept as lists)."""
    ack = run_result.check.acknowledged(finding)
    loc = finding.location
    return {
        "key": finding.key,
        "code": finding.code,
        "severity": finding.severity.value,
        "title": get_rule(finding.code).title,
        "message": finding.message,
        "claims": list(finding.claims),
        "quantities": list(finding.quantities),
        "stated": finding.stated,
        "recomputed": finding.recomputed,
        "gap": _number(finding.gap),
        "rel_gap": _number(finding.rel_gap),
        "explanation": finding.explanation,
        "steps": list(finding.steps),
        "file": loc.path if loc else None,
        "line": loc.line if loc else None,
        "column": loc.col if loc else None,
        "acknowledged": ack is not None,
        "ack_reason": ack.reason if ack else None,
        "ack_by": ack.by if ack else None,
        "ack_date": ack.date if ack else None,
        "status": run_result.status.get(finding.key) if run_result.baseline is not None else None,
        "extra": json.loads(json.dumps(finding.extra, default=str)),
    }


def expectation_record(outcome: ExpectationOutcome) -> dict[str, Any]:
    """One expectation's outcome as the JSON report holds it."""
    return {
        "type": outcome.type,
        "column": outcome.column,
        "words": outcome.words,
        "kwargs": outcome.kwargs,
        "notes": outcome.notes,
        "success": outcome.success,
        "observed": outcome.observed,
        "unexpected": outcome.unexpected,
        "checked": outcome.checked,
        "rows": list(outcome.rows),
        "values": list(outcome.values),
        "error": outcome.error,
    }


def summary(run_result: RunResult) -> dict[str, Any]:
    """Counts per severity and per rule, acknowledged, open and failing errors, and changes since the baseline."""
    check = run_result.check
    registry = check.validation.registry
    changes = None
    if run_result.baseline is not None:
        status = Counter(run_result.status.get(f.key) for f in check.findings)
        changes = {"new": status["new"], "unchanged": status["unchanged"], "resolved": len(run_result.resolved)}
    code, reasons = run_result.gate()
    return {
        "findings": len(check.findings),
        "severity": counts(check.findings),
        "rules": dict(sorted(Counter(f.code for f in check.findings).items())),
        "acknowledged": sum(1 for f in check.findings if check.acknowledged(f)),
        "open_errors": len(check.open_errors),
        "failing": len(run_result.failing),
        "changes": changes,
        "claims": len(registry.claims),
        "sources": len(registry.sources),
        "seeds": len(registry.seeds),
        "suites_failed": sum(1 for s in run_result.suites if not s.success),
        "exit_code": code,
        "gate": reasons,
    }


def report_data(run_result: RunResult, *, generated: datetime | None = None) -> dict[str, Any]:
    """Build the whole JSON document of a run.

    :param generated: the time stamped into ``meta.generated`` (default: now, UTC).
    """
    check = run_result.check
    registry = check.validation.registry
    when = (generated or datetime.now(timezone.utc)).isoformat(timespec="seconds")
    return {
        "meta": {
            "format": FORMAT_VERSION,
            "version": __version__,
            "generated": when,
            "claims_dir": str(registry.claims_dir),
            "seeds_dir": str(registry.seeds_dir),
            "baseline": str(run_result.baseline) if run_result.baseline is not None else None,
        },
        "summary": summary(run_result),
        "findings": [finding_record(run_result, f) for f in check.findings],
        "resolved": run_result.resolved,
        "coverage": [
            {"seed": c.seed, "numbers": c.numbers, "by_claims": c.by_claims, "by_ignores": c.by_ignores,
             "uncovered": c.uncovered}
            for c in check.validation.coverage
        ],
        "suites": [
            {"suite": s.suite, "table": s.table, "success": s.success, "evaluated": s.evaluated,
             "failed": list(s.failed), "expectations": [expectation_record(e) for e in s.expectations]}
            for s in run_result.suites
        ],
        "gx_results": run_result.gx_results,
    }


def render(run_result: RunResult) -> str:
    """Render the JSON report as text (two-space indent, a trailing newline)."""
    return json.dumps(report_data(run_result), indent=2, ensure_ascii=False, allow_nan=False) + "\n"
