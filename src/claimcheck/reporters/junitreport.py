"""The JUnit XML report: one test case per finding, for CI systems that chart test results.

Suite ``claimcheck``: one ``<testcase>`` per finding, ``classname`` the rule code and ``name``
the finding's key and message. Errors and warnings fail (``<failure type="error|warning">``),
acknowledged findings are skipped (with the reviewer's reason), info findings pass and carry
their explanation in ``<system-out>``. Suite ``expectations``: one test case per Great
Expectations suite, failing when the suite failed.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from claimcheck.api import RunResult
from claimcheck.results import Finding, Severity

FILENAME = "claimcheck.junit.xml"

# characters XML 1.0 cannot hold, even escaped
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _text(value: str) -> str:
    return _INVALID_XML.sub("\ufffd", value)


def _details(finding: Finding) -> str:
    lines = [str(finding)]
    if finding.stated or finding.recomputed:
        lines.append(f"stated {finding.stated or '-'}; recomputed {finding.recomputed or '-'}")
    if finding.explanation:
        lines += ["", finding.explanation]
    if finding.steps:
        lines += ["", *finding.steps]
    return _text("\n".join(lines))


def _finding_case(run_result: RunResult, finding: Finding) -> ET.Element:
    case = ET.Element("testcase", {"classname": finding.code, "name": _text(f"{finding.key} {finding.message}"),
                                   "time": "0"})
    loc = finding.location
    if loc is not None:
        case.set("file", loc.path)
        if loc.line is not None:
            case.set("line", str(loc.line))
    ack = run_result.check.acknowledged(finding)
    status = run_result.status.get(finding.key)
    if ack is not None:
        ET.SubElement(case, "skipped", {"message": _text(f"acknowledged by {ack.by} on {ack.date}: {ack.reason}")})
    elif finding.severity in (Severity.ERROR, Severity.WARNING):
        prefix = f"[{status}] " if status else ""
        failure = ET.SubElement(case, "failure", {"message": _text(prefix + finding.message),
                                                  "type": finding.severity.value})
        failure.text = _details(finding)
    else:
        ET.SubElement(case, "system-out").text = _details(finding)
    return case


def _suite(name: str, cases: list[ET.Element]) -> ET.Element:
    suite = ET.Element("testsuite", {
        "name": name, "tests": str(len(cases)),
        "failures": str(sum(1 for c in cases if c.find("failure") is not None)),
        "errors": "0",
        "skipped": str(sum(1 for c in cases if c.find("skipped") is not None)),
        "time": "0",
    })
    suite.extend(cases)
    return suite


def render(run_result: RunResult) -> str:
    """Render the JUnit XML report as text."""
    findings = _suite("claimcheck", [_finding_case(run_result, f) for f in run_result.check.findings])
    gx_cases = []
    for outcome in run_result.suites:
        case = ET.Element("testcase", {"classname": f"expectations.{outcome.table}", "name": outcome.suite,
                                       "time": "0"})
        if not outcome.success:
            failure = ET.SubElement(case, "failure", {"message": f"{len(outcome.failed)} of {outcome.evaluated} "
                                                      "expectations failed", "type": "expectation"})
            failure.text = _text("\n".join(outcome.failed))
        gx_cases.append(case)
    suites = [findings] + ([_suite("expectations", gx_cases)] if gx_cases else [])
    root = ET.Element("testsuites", {
        "name": "claimcheck",
        "tests": str(sum(int(s.get("tests", "0")) for s in suites)),
        "failures": str(sum(int(s.get("failures", "0")) for s in suites)),
        "errors": "0",
        "skipped": str(sum(int(s.get("skipped", "0")) for s in suites)),
        "time": "0",
    })
    root.extend(suites)
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"
