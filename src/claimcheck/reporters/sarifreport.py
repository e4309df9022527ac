"""The SARIF 2.1.0 report, for GitHub code scanning and other static-analysis viewers.

Every rule of the registry is a ``reportingDescriptor`` (``id`` the code, ``name`` the slug,
``shortDescription`` the title, ``defaultConfiguration.level`` from its severity). Every finding
is a ``result`` located at the claim's YAML line (a path relative to the repository root, as
the run shows it), with the other claims it names as ``relatedLocations``, the finding key as
its partial fingerprint (``claimcheck/v1``), ``baselineState`` when the run has a baseline, and an
``external`` suppression carrying the reviewer's reason when it is acknowledged.
"""

from __future__ import annotations

import json
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import quote

from claimcheck import __version__
from claimcheck.api import RunResult
from claimcheck.loader import shown_path
from claimcheck.location import Location
from claimcheck.results import Finding, Severity
from claimcheck.rules import REGISTRY

FILENAME = "claimcheck.sarif"
SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
FINGERPRINT = "claimcheck/v1"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def artifact_location(path: str) -> dict[str, str]:
    """An ``artifactLocation``: relative paths against ``%SRCROOT%``, absolute ones as ``file://`` URIs.

    >>> artifact_location("claims/a b.yaml")
    {'uri': 'claims/a%20b.yaml', 'uriBaseId': '%SRCROOT%'}
    >>> artifact_location("/tmp/claims/a.yaml")
    {'uri': 'file:///tmp/claims/a.yaml'}
    """
    if Path(path).is_absolute():
        return {"uri": Path(path).as_uri()}
    return {"uri": quote(PurePosixPath(Path(path).as_posix()).as_posix()), "uriBaseId": "%SRCROOT%"}


def _location(loc: Location, message: str | None = None) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": artifact_location(loc.path)}
    if loc.line is not None:
        region: dict[str, int] = {"startLine": loc.line}
        if loc.col is not None:
            region["startColumn"] = loc.col
        physical["region"] = region
    out: dict[str, Any] = {"physicalLocation": physical}
    if message:
        out["message"] = {"text": message}
    return out


def _tick(text: str) -> str:
    return text.replace("`", "'")


def _rule(code: str) -> dict[str, Any]:
    rule = REGISTRY[code]
    return {
        "id": rule.code,
        "name": rule.slug,
        "shortDescription": {"text": rule.title},
        "help": {"text": f"{rule.title}\nfails: {rule.failing}\npasses: {rule.passing}",
                 "markdown": f"{rule.title}\n\n- fails: `{_tick(rule.failing)}`\n- passes: `{_tick(rule.passing)}`"},
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {"tags": ["claimcheck"]},
    }


def _result(run_result: RunResult, finding: Finding, rule_index: dict[str, int],
            fallback: Location) -> dict[str, Any]:
    registry = run_result.check.validation.registry
    result: dict[str, Any] = {
        "ruleId": finding.code,
        "ruleIndex": rule_index[finding.code],
        "level": LEVELS[finding.severity],
        "message": {"text": finding.message},
        "locations": [_location(finding.location or fallback)],
        "partialFingerprints": {FINGERPRINT: finding.key},
        "properties": {"key": finding.key, "claims": list(finding.claims), "quantities": list(finding.quantities)},
    }
    if finding.stated is not None:
        result["properties"]["stated"] = finding.stated
    if finding.recomputed is not None:
        result["properties"]["recomputed"] = finding.recomputed
    by_id = {c.id: c for c in registry.claims if c.id}
    related = []
    for claim_id in finding.claims:
        claim = by_id.get(claim_id)
        if claim is not None and claim.location is not None and claim.location != finding.location:
            related.append({"id": len(related), **_location(claim.location, claim_id)})
    if related:
        result["relatedLocations"] = related
    if run_result.baseline is not None and finding.key in run_result.status:
        result["baselineState"] = run_result.status[finding.key]
    ack = run_result.check.acknowledged(finding)
    if ack is not None:
        result["suppressions"] = [{
            "kind": "external", "status": "accepted", "justification": ack.reason,
            "properties": {"by": ack.by, "date": ack.date},
        }]
    return result


def report_data(run_result: RunResult) -> dict[str, Any]:
    """Build the SARIF log of a run."""
    codes = list(REGISTRY)
    rule_index = {code: i for i, code in enumerate(codes)}
    registry = run_result.check.validation.registry
    fallback = Location(shown_path(registry.claims_dir))
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "claimcheck",
                "version": __version__,
                "semanticVersion": __version__,
                "rules": [_rule(code) for code in codes],
            }},
            "columnKind": "unicodeCodePoints",
            "results": [_result(run_result, f, rule_index, fallback) for f in run_result.check.findings],
        }],
    }


def render(run_result: RunResult) -> str:
    """Render the SARIF log as text."""
    return json.dumps(report_data(run_result), indent=2, ensure_ascii=False) + "\n"
