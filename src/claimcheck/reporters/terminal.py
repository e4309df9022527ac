"""Findings on a terminal: one line each, ``path:line:col: CODE message``, then counts per severity."""

from __future__ import annotations

import click

from claimcheck.api import CheckResult, Validation, counts
from claimcheck.results import Finding, Severity
from claimcheck.rules import get as get_rule

COLOURS = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def finding_line(finding: Finding) -> str:
    """Format one finding as ``path:line:col: CODE message`` with the code coloured by severity."""
    where = f"{finding.location}: " if finding.location else ""
    code = click.style(finding.code, fg=COLOURS[finding.severity], bold=finding.severity == Severity.ERROR)
    return f"{where}{code} {finding.message}"


def summary_line(findings: list[Finding]) -> str:
    """Format the counts per severity, e.g. ``2 errors, 1 warning, 0 info``."""
    c = counts(findings)
    plural = {"error": "errors", "warning": "warnings", "info": "info"}
    return ", ".join(f"{n} {plural[s] if n != 1 else s}" for s, n in c.items())


def print_validation(result: Validation, *, quiet: bool = False) -> None:
    """Print a validation's findings and, unless quiet, its coverage per seed."""
    for finding in result.findings:
        click.echo(finding_line(finding))
    if not quiet:
        numbers = sum(c.numbers for c in result.coverage)
        uncovered = sum(c.uncovered for c in result.coverage)
        click.echo(f"{len(result.registry.claims)} claims in {len(result.registry.sources)} files; "
                   f"{numbers} numbers in {len(result.coverage)} seeds, {uncovered} uncovered")
    click.echo(summary_line(result.findings))


def print_check(result: CheckResult, *, quiet: bool = False) -> None:
    """Print findings grouped by severity and rule, with explanations unless quiet, then the counts."""
    current = None
    for finding in result.findings:
        group = (finding.severity, finding.code)
        if group != current and not quiet:
            current = group
            rule = get_rule(finding.code)
            click.echo(click.style(f"\n{finding.severity.value.upper()} {rule.code} {rule.title}",
                                   fg=COLOURS[finding.severity], bold=True))
        ack = result.acknowledged(finding)
        mark = click.style(" [acknowledged]", fg="green") if ack else ""
        click.echo(finding_line(finding) + mark + click.style(f"  ({finding.key})", dim=True))
        if not quiet and finding.explanation:
            click.echo(click.wrap_text(finding.explanation, width=100, initial_indent="    ", subsequent_indent="    "))
            for step in finding.steps:
                click.echo(f"      {step}")
    if not quiet:
        v = result.validation
        click.echo(f"\n{len(v.registry.claims)} claims in {len(v.registry.sources)} files; "
                   f"{len(result.context.recomputations)} derivations recomputed; "
                   f"{len(result.context.conflicts)} minimal conflicting sets")
    acked = sum(1 for f in result.findings if result.acknowledged(f))
    click.echo(summary_line(result.findings) + (f" ({acked} acknowledged)" if acked else ""))
