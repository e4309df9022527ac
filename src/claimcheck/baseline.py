"""Compare a run with a baseline (a previous run's ``claimcheck.json``): new, unchanged, resolved.

Findings are matched by key (rule code + the claims they name; see
:attr:`claimcheck.results.Finding.key`), never by line or wording, so moving or rewording a
claim does not make its finding "new". A baseline that is missing, is not JSON, or is not a
claimcheck report of a format this version reads stops the run (exit code 2): a gate that
silently compared against nothing would let every old error through as "new" or, worse,
hide a broken CI step.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from claimcheck.api import CheckResult
from claimcheck.exceptions import ClaimcheckError
from claimcheck.reading import MISSING, ReadRefused, read_bytes

#: the most a baseline may hold: it is parsed whole (the report of a run with a thousand findings takes about 2 MB)
MAX_BASELINE_BYTES = 256 * 1024 * 1024

#: the fields of a resolved finding, as the JSON report holds them (anything else is dropped)
RESOLVED_FIELDS = {
    "key": None, "code": None, "severity": None, "title": "", "message": "", "claims": [], "quantities": [],
    "stated": None, "recomputed": None, "gap": None, "rel_gap": None, "explanation": "", "steps": [],
    "file": None, "line": None, "column": None, "acknowledged": False, "ack_reason": None, "ack_by": None,
    "ack_date": None, "extra": {},
}
_SEVERITIES = ("error", "warning", "info")


def _fail(path: Path, what: str) -> ClaimcheckError:
    return ClaimcheckError(f"baseline {path}: {what}; pass a claimcheck.json written by `claimcheck run "
                           "--format json`, or drop --baseline")


def load_baseline(path: Path) -> list[dict[str, Any]]:
    """Read a baseline's findings.

    :param path: a ``claimcheck.json`` from an earlier run.
    :returns: its findings, as JSON objects with at least ``key``, ``code``, ``severity``, ``message``.
    :raises ClaimcheckError: when the file is missing, not a regular file, larger than
        :data:`MAX_BASELINE_BYTES`, unreadable, not JSON or not a claimcheck report of a format this
        version understands.
    """
    from claimcheck.reporters.jsonreport import FORMAT_VERSION

    try:
        text = read_bytes(path, limit=MAX_BASELINE_BYTES, limit_name="claimcheck.baseline.MAX_BASELINE_BYTES").decode()
    except ReadRefused as refused:
        raise _fail(path, "file not found" if refused.reason == MISSING else f"the file {refused.message}") from None
    except UnicodeDecodeError as err:
        raise _fail(path, f"cannot read it (not UTF-8: {err.reason} at byte {err.start})") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise _fail(path, f"not JSON (line {err.lineno}: {err.msg})") from None
    meta = data.get("meta") if isinstance(data, dict) else None
    fmt = meta.get("format") if isinstance(meta, dict) else None
    if not isinstance(fmt, int) or isinstance(fmt, bool):
        raise _fail(path, "not a claimcheck report (no meta.format)")
    if fmt > FORMAT_VERSION:
        raise _fail(path, f"format {fmt} is newer than this claimcheck reads ({FORMAT_VERSION}): upgrade claimcheck")
    findings = data.get("findings")
    if not isinstance(findings, list):
        raise _fail(path, "no findings list")
    for index, item in enumerate(findings):
        if not (isinstance(item, dict) and all(isinstance(item.get(k), str) for k in ("key", "code", "message"))
                and item.get("severity") in _SEVERITIES):
            raise _fail(path, f"findings[{index}] needs key, code, severity and message")
    return findings


def resolved_record(old: dict[str, Any]) -> dict[str, Any]:
    """A baseline finding that is no longer found, with the JSON report's finding fields and ``status: resolved``."""
    record = {name: old.get(name, default) for name, default in RESOLVED_FIELDS.items()}
    return {**record, "status": "resolved"}


def compare(check: CheckResult, baseline: list[dict[str, Any]]) -> tuple[dict[str, str], list[dict[str, Any]]]:
    """Mark each current finding new or unchanged, and list the baseline's findings that are gone.

    :returns: (finding key -> ``new``/``unchanged``, resolved findings in the baseline's order).

    >>> from types import SimpleNamespace as NS
    >>> now = NS(findings=[NS(key="CC201-aaaaaaaaaa"), NS(key="CC101-bbbbbbbbbb")])
    >>> old = [{"key": "CC201-aaaaaaaaaa"}, {"key": "CC040-cccccccccc", "code": "CC040"}]
    >>> status, resolved = compare(now, old)
    >>> status
    {'CC201-aaaaaaaaaa': 'unchanged', 'CC101-bbbbbbbbbb': 'new'}
    >>> [(r["key"], r["status"]) for r in resolved]
    [('CC040-cccccccccc', 'resolved')]
    """
    before = {item["key"] for item in baseline}
    current = {f.key for f in check.findings}
    status = {f.key: ("unchanged" if f.key in before else "new") for f in check.findings}
    seen: set[str] = set()
    resolved = []
    for item in baseline:
        if item["key"] not in current and item["key"] not in seen:
            seen.add(item["key"])
            resolved.append(resolved_record(item))
    return status, resolved

