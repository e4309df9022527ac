"""The command line: turns arguments into calls on :mod:`claimcheck.api` and findings into exit codes.

Exit codes, as linters use them: 0 clean, 1 findings (for ``check`` and ``run``: an
unacknowledged error), 2 unusable input or a usage error.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import click

from claimcheck import __version__, api
from claimcheck.authoring import add, extract
from claimcheck.exceptions import ClaimcheckError
from claimcheck.reporters import terminal
from claimcheck.reporters.base import FORMAT_NAMES
from claimcheck.rules import REGISTRY

OK, FINDINGS, UNUSABLE = 0, 1, 2

claims_option = click.option("--claims", "claims_dir", type=click.Path(path_type=Path), default=Path("claims"),
                              show_default=True, help="folder of claims YAML files")
seeds_option = click.option("--seeds", "seeds_dir", type=click.Path(path_type=Path), default=Path("seeds"),
                            show_default=True, help="folder of seed articles")
quiet_option = click.option("--quiet", "-q", is_flag=True, help="print only findings and the summary line")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="claimcheck")
def cli() -> None:
    """Check the numbers in published claims against each other."""


@cli.command()
@claims_option
@seeds_option
@quiet_option
def validate(claims_dir: Path, seeds_dir: Path, quiet: bool) -> int:
    """Check schema, units, provenance (quotes in seeds) and coverage (every number accounted for)."""
    result = api.validate(claims_dir, seeds_dir)
    terminal.print_validation(result, quiet=quiet)
    if result.unusable:
        return UNUSABLE
    return FINDINGS if result.findings else OK


acks_option = click.option("--acknowledgements", "acks", type=click.Path(path_type=Path),
                           default=Path("acknowledgements.yaml"), show_default=True,
                           help="reviewed findings (key, reason, by, date)")


@cli.command()
@claims_option
@seeds_option
@acks_option
@quiet_option
def check(claims_dir: Path, seeds_dir: Path, acks: Path, quiet: bool) -> int:
    """Recompute every derivation, triangulate across articles and print the findings."""
    result = api.check(claims_dir, seeds_dir, acks)
    terminal.print_check(result, quiet=quiet)
    return api.RunResult(result).gate()[0]


@cli.command()
@claims_option
@seeds_option
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=Path("report"), show_default=True,
              help="folder the report is written to (never inside the claims or seeds folder)")
@click.option("--format", "formats", multiple=True, type=click.Choice(FORMAT_NAMES),
              help="also write OUT/claimcheck.json, claimcheck.junit.xml, claimcheck.sarif or summary.md "
                   "(repeatable)")
@click.option("--baseline", type=click.Path(path_type=Path),
              help="a previous run's claimcheck.json: fail only on new errors, and show what changed")
@acks_option
@click.option("--expectations", "suites_dir", type=click.Path(path_type=Path),
              help="folder of Great Expectations suites  [default: expectations, skipped if absent]")
@quiet_option
def run(claims_dir: Path, seeds_dir: Path, out_dir: Path, formats: tuple[str, ...], baseline: Path | None,
        acks: Path, suites_dir: Path | None, quiet: bool) -> int:
    """Check everything, run the Great Expectations suites and write the report folder.

    Writes OUT/index.html (always, with the suites' results), the formats asked for, and
    OUT/gx-results.json (Great Expectations' validation results, as JSON) when suites ran.
    Exit 2 for unusable input or an unreadable baseline; 1 for an unacknowledged error (with
    --baseline: a new one) or a failed suite; 0 otherwise.
    """
    from claimcheck import expectations
    from claimcheck.baseline import compare, load_baseline
    from claimcheck.reporters import github, htmlreport
    from claimcheck.reporters.base import write_reports

    for folder, what in ((claims_dir, "claims"), (seeds_dir, "seeds")):
        if _inside(out_dir, folder):
            raise ClaimcheckError(f"--out {out_dir} is inside the {what} folder {folder}: write the report elsewhere")
    if suites_dir is not None and not suites_dir.is_dir():
        raise ClaimcheckError(f"--expectations {suites_dir}: folder not found")
    old = load_baseline(baseline) if baseline is not None else None
    progress = _Progress(enabled=not quiet and sys.stderr.isatty())

    with progress.stage("checking claims"):
        result = api.RunResult(api.check(claims_dir, seeds_dir, acks))
    if baseline is not None and old is not None:
        result.baseline = baseline
        result.status, result.resolved = compare(result.check, old)
    suites_dir = suites_dir or (expectations.DEFAULT_DIR if expectations.DEFAULT_DIR.is_dir() else None)
    if suites_dir is not None:
        with progress.stage("running Great Expectations suites"):
            result.suites = expectations.run_suites(result, suites_dir)
        if result.suites:
            result.gx_results = expectations.RESULTS_FILE
    elif not quiet:
        click.echo(f"no {expectations.DEFAULT_DIR}/ folder: Great Expectations suites skipped", err=True)
    with progress.stage("writing reports"):
        report = htmlreport.write_report(result, out_dir)
        written = write_reports(result, out_dir, list(formats))
        gx_results = expectations.write_results(result, out_dir)

    code, reasons = result.gate()
    _print_run(result, quiet=quiet)
    also = [p.name for p in written] + ([gx_results.name] if gx_results else [])
    click.echo(f"report: {report}" + (f" (also {', '.join(also)})" if also else ""))
    if reasons:
        click.echo(click.style("gate failed: " + "; ".join(reasons), fg="red", bold=True))
    if github.in_actions():
        for line in github.annotations(result):
            click.echo(line)
        github.append_step_summary(result)
    return code


def _inside(path: Path, folder: Path) -> bool:
    """True when ``path`` is ``folder`` or under it (after resolving both)."""
    p, f = path.resolve(), folder.resolve()
    return p == f or f in p.parents


class _Progress:
    """Stage lines on stderr (``checking claims… 1.1 s``) when it is a terminal; silent otherwise."""

    def __init__(self, *, enabled: bool) -> None:
        self.enabled = enabled

    @contextlib.contextmanager
    def stage(self, label: str) -> Iterator[None]:
        start = time.perf_counter()
        if self.enabled:
            click.echo(f"{label}…", err=True, nl=False)
        try:
            yield
        finally:
            if self.enabled:
                click.echo(f" {time.perf_counter() - start:.1f} s", err=True)


def _print_run(result: api.RunResult, *, quiet: bool) -> None:
    """Print what a run found: failing findings, then (unless quiet) changes, suites and counts."""
    check = result.check
    shown = {f.key for f in result.failing}
    for finding in check.findings:
        if finding.key in shown or (not quiet and result.status.get(finding.key) == "new"):
            tag = click.style(" [new]", fg="magenta") if result.status.get(finding.key) == "new" else ""
            click.echo(terminal.finding_line(finding) + tag + click.style(f"  ({finding.key})", dim=True))
    if not quiet:
        for old in result.resolved:
            where = f" {old['file']}:" if old.get("file") else ""
            click.echo(click.style("resolved", fg="green") + f"{where} {old['code']} {old.get('message', '')}"
                       + click.style(f"  ({old['key']})", dim=True))
    registry = check.validation.registry
    acked = sum(1 for f in check.findings if check.acknowledged(f))
    click.echo(f"{len(registry.claims)} claims in {len(registry.sources)} files: "
               + terminal.summary_line(check.findings) + (f" ({acked} acknowledged)" if acked else ""))
    if quiet:
        return
    if result.baseline is not None:
        new = sum(1 for f in check.findings if result.status.get(f.key) == "new")
        click.echo(f"since baseline {result.baseline}: {new} new, {len(check.findings) - new} unchanged, "
                   f"{len(result.resolved)} resolved")
    else:
        click.echo("no baseline: every unacknowledged error fails the run")
    for s in result.suites:
        state = click.style("passed", fg="green") if s.success else click.style("failed", fg="red", bold=True)
        click.echo(f"suite {s.suite} ({s.table}, {s.evaluated} expectations): {state}")
        for line in s.failed:
            click.echo(f"    {line}")


@cli.command()
@claims_option
@seeds_option
@click.option("--out", "out_dir", type=click.Path(path_type=Path), required=True,
              help="folder the archive is written to (not the claims folder)")
@click.option("--force", is_flag=True, help="replace an archive already in OUT")
def archive(claims_dir: Path, seeds_dir: Path, out_dir: Path, force: bool) -> int:
    """Write the claims as a Parquet archive: OUT/claims.parquet, sources.parquet, ignore.parquet, quantities.yaml.

    For registries too large to parse as YAML on every run: `claimcheck check --claims OUT` reads
    the archive, with findings pointing at its rows. The YAML files stay as they are; nothing is
    written unless the registry loads cleanly and no claim is still marked for review.
    """
    from claimcheck.archive import archive_registry

    registry = archive_registry(claims_dir, seeds_dir, out_dir, force=force)
    click.echo(f"archived {len(registry.claims):,} claims from {len(registry.sources):,} articles to {out_dir}/")
    return OK


@cli.command()
@click.option("--markdown", is_flag=True, help="print the rules reference (docs/rules.md) instead of a list")
def rules(markdown: bool) -> int:
    """List every rule: code, severity, slug and title."""
    if markdown:
        click.echo(rules_markdown(), nl=False)
        return OK
    for rule in REGISTRY.values():
        click.echo(f"{rule.code}  {rule.severity.value:<7}  {rule.slug:<26}  {rule.title}")
    return OK


cli.add_command(extract)
cli.add_command(add)


def rules_markdown() -> str:
    """The rules reference: one section per rule with a failing and a passing example."""
    lines = ["# Rules", "", "Generated by `claimcheck rules --markdown`; a test keeps it in step with the code.", "",
             "Codes: 0xx files, schema, provenance and coverage; 1xx a claim's own derivation; "
             "2xx consistency across claims and articles; 3xx forecasts, targets, firsts and ranks; 9xx meta.", ""]
    for rule in REGISTRY.values():
        lines += [f"## {rule.code} {rule.slug}", "", f"{rule.title} (default severity: {rule.severity.value}"
                  + (", input unusable: exit code 2" if rule.unusable else "") + ")", "",
                  f"- fires: `{rule.failing}`", f"- does not fire: `{rule.passing}`", ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run the command line and return its exit code (never raises, never shows a traceback)."""
    try:
        code = cli.main(args=argv, prog_name="claimcheck", standalone_mode=False)
    except click.exceptions.Exit as stop:
        return stop.exit_code
    except click.ClickException as err:
        err.show()
        return UNUSABLE
    except click.Abort:
        click.echo("aborted", err=True)
        return UNUSABLE
    except ClaimcheckError as err:
        click.echo(f"claimcheck: error: {err}", err=True)
        return UNUSABLE
    except KeyboardInterrupt:
        click.echo("interrupted", err=True)
        return 130
    except Exception as err:  # a bug of ours: one line for the user, the traceback on request
        if os.environ.get("CLAIMCHECK_DEBUG"):
            raise
        click.echo(f"claimcheck: internal error: {err.__class__.__name__}: {err} "
                   "(set CLAIMCHECK_DEBUG=1 for the traceback, and please report it)", err=True)
        return UNUSABLE
    return code if isinstance(code, int) else OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
