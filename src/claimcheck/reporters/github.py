"""GitHub Actions: workflow-command annotations and the job summary.

When ``GITHUB_ACTIONS`` is set, ``claimcheck run`` prints one ``::error``/``::warning``/``::notice``
line per unacknowledged finding (failing ones first: GitHub shows only the first few of each
level per step), and appends the Markdown summary to ``$GITHUB_STEP_SUMMARY``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from claimcheck.api import RunResult
from claimcheck.reporters import markdownreport
from claimcheck.reporters.base import open_review_order
from claimcheck.results import Finding, Severity

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
#: GitHub refuses a job summary over 1 MiB
SUMMARY_LIMIT = 1024 * 1024


def escape_data(text: str) -> str:
    """Escape a workflow command's message.

    >>> escape_data("50% of\\nall")
    '50%25 of%0Aall'
    """
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a workflow command's property value (also ``:`` and ``,``).

    >>> escape_property("claims/a,b.yaml")
    'claims/a%2Cb.yaml'
    """
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(finding: Finding, status: str | None = None) -> str:
    """One workflow command for a finding, e.g. ``::error file=claims/a.yaml,line=3,col=5,title=CC201::message``."""
    props = []
    loc = finding.location
    if loc is not None:
        props.append(f"file={escape_property(loc.path)}")
        if loc.line is not None:
            props.append(f"line={loc.line}")
            if loc.col is not None:
                props.append(f"col={loc.col}")
    props.append(f"title={escape_property(finding.code)}")
    prefix = f"[{status}] " if status else ""
    message = f"{prefix}{finding.message} ({finding.key})"
    return f"::{COMMANDS[finding.severity]} {','.join(props)}::{escape_data(message)}"


def annotations(run_result: RunResult) -> list[str]:
    """The annotations of a run: unacknowledged findings, failing first."""
    check = run_result.check
    return [annotation(f, run_result.status.get(f.key)) for f in open_review_order(run_result)
            if check.acknowledged(f) is None]


def in_actions(environ: Mapping[str, str] | None = None) -> bool:
    """True when running in a GitHub Actions job."""
    return bool((environ if environ is not None else os.environ).get("GITHUB_ACTIONS"))


def append_step_summary(run_result: RunResult, environ: Mapping[str, str] | None = None) -> Path | None:
    """Append the Markdown summary to ``$GITHUB_STEP_SUMMARY`` if it is set; return that path.

    GitHub gives the file to append to; a run never rewrites what earlier steps wrote there.
    """
    target = (environ if environ is not None else os.environ).get("GITHUB_STEP_SUMMARY")
    if not target:
        return None
    text = markdownreport.render(run_result)
    if len(text.encode("utf-8")) > SUMMARY_LIMIT:
        text = text.encode("utf-8")[:SUMMARY_LIMIT - 200].decode("utf-8", "ignore") + "\n\n… (truncated)\n"
    path = Path(target)
    with path.open("a", encoding="utf-8") as handle:
        handle.write(text + "\n")
    return path
