"""The Markdown summary: a short page for a pull-request comment or a GitHub job summary.

It says whether the gate passed, counts findings per severity, says what changed since the
baseline, lists the Great Expectations suites, and shows the top findings (failing first,
then new, then by severity and size of the gap). Article text is escaped, so a quote can
neither inject HTML nor mention a user.
"""

from __future__ import annotations

import re

from claimcheck.api import RunResult
from claimcheck.reporters.base import open_review_order
from claimcheck.results import Severity

FILENAME = "summary.md"
#: how many findings the summary lists; the rest are counted
TOP = 15

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]|#~])")


def escape(text: str) -> str:
    """Escape text for Markdown on GitHub: HTML, emphasis, tables, links and @mentions are neutralised.

    >>> escape("a <b> | c_d @team")
    'a &lt;b&gt; \\\\| c\\\\_d &#64;team'
    """
    text = _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(text.split()))
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("@", "&#64;")


def code(text: str) -> str:
    """Wrap text in a code span (backticks inside it become quotes, so the span cannot be broken).

    >>> code("claims/a_b.yaml:3:5")
    '`claims/a_b.yaml:3:5`'
    """
    return "`" + " ".join(text.replace("`", "'").split()) + "`"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def render(run_result: RunResult) -> str:
    """Render the Markdown summary as text."""
    check = run_result.check
    findings = check.findings
    exit_code, reasons = run_result.gate()
    verdict = {0: "✅ passed", 1: "❌ failed", 2: "⚠️ unusable input"}[exit_code]
    lines = [f"## claimcheck: {verdict}", ""]
    if reasons:
        lines += ["Gate: " + "; ".join(escape(r) for r in reasons) + ".", ""]
    registry = check.validation.registry
    lines += [f"{_plural(len(registry.claims), 'claim')} from {_plural(len(registry.sources), 'article')}.", ""]

    has_baseline = run_result.baseline is not None
    header = "| severity | findings | acknowledged |" + (" new |" if has_baseline else "")
    rule = "|---|---:|---:|" + ("---:|" if has_baseline else "")
    lines += [header, rule]
    for severity in Severity:
        group = [f for f in findings if f.severity == severity]
        acked = sum(1 for f in group if check.acknowledged(f))
        row = f"| {severity.value} | {len(group)} | {acked} |"
        if has_baseline:
            row += f" {sum(1 for f in group if run_result.status.get(f.key) == 'new')} |"
        lines.append(row)
    lines.append("")

    if has_baseline:
        new = sum(1 for f in findings if run_result.status.get(f.key) == "new")
        unchanged = sum(1 for f in findings if run_result.status.get(f.key) == "unchanged")
        lines += [f"**Since the baseline:** {new} new, {unchanged} unchanged, "
                  f"{len(run_result.resolved)} resolved.", ""]
    else:
        lines += ["**No baseline:** every unacknowledged error fails the gate.", ""]

    if run_result.suites:
        parts = []
        for s in run_result.suites:
            state = "passed" if s.success else f"**failed** ({len(s.failed)} of {s.evaluated})"
            parts.append(f"{code(s.suite)} on {code(s.table)} {state}")
        lines += ["**Great Expectations:** " + "; ".join(parts) + ".", ""]
        for s in run_result.suites:
            lines += [f"- {code(s.suite)}: {escape(item)}" for item in s.failed]
        if any(s.failed for s in run_result.suites):
            lines.append("")

    ordered = open_review_order(run_result)
    if ordered:
        lines += [f"### Findings ({min(TOP, len(ordered))} of {len(ordered)})", ""]
        for f in ordered[:TOP]:
            tags = [run_result.status[f.key]] if f.key in run_result.status else []
            ack = check.acknowledged(f)
            if ack is not None:
                tags.append("acknowledged")
            tag = f" ({', '.join(tags)})" if tags else ""
            where = f" {code(str(f.location))}" if f.location else ""
            lines.append(f"- **{f.severity.value}** `{f.code}`{tag}{where}: {escape(f.message)}")
            if f.claims:
                lines.append("  claims: " + ", ".join(code(c) for c in f.claims) + f"; key {code(f.key)}")
            if ack is not None:
                lines.append(f"  acknowledged by {escape(ack.by)} ({escape(ack.date)}): {escape(ack.reason)}")
        if len(ordered) > TOP:
            lines.append(f"- … and {len(ordered) - TOP} more in the full report")
        lines.append("")

    if run_result.resolved:
        lines += [f"<details><summary>Resolved since the baseline ({len(run_result.resolved)})</summary>", ""]
        lines += [f"- {code(str(r.get('code')))} {escape(str(r.get('message', '')))} (key {code(str(r['key']))})"
                  for r in run_result.resolved]
        lines += ["", "</details>", ""]
    lines.append("The full report (`index.html`) and the machine-readable results are in the report folder.")
    return "\n".join(lines) + "\n"
