"""The command line: turns arguments into calls on :mod:`claimcheck.api` and findings into exit codes.

Exit codes, as linters use them: 0 clean, 1 findings (for ``check`` and ``run``: an
unacknowledged error), 2 unusable input or a usage error.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from claimcheck import __version__, api
from claimcheck.exceptions import ClaimcheckError
from claimcheck.reporters import terminal
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
    return gate(result)


def gate(result: api.CheckResult) -> int:
    """Exit code of a check: 2 unusable input, 1 an unacknowledged error, 0 otherwise."""
    if result.unusable:
        return UNUSABLE
    return FINDINGS if result.open_errors else OK


@cli.command()
@claims_option
@seeds_option
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=Path("report"), show_default=True,
              help="folder the report is written to")
@quiet_option
def run(claims_dir: Path, seeds_dir: Path, out_dir: Path, quiet: bool) -> int:
    """Run every check and write the HTML report to OUT/index.html."""
    from claimcheck.reporters import htmlreport

    result = api.validate(claims_dir, seeds_dir)
    terminal.print_validation(result, quiet=quiet)
    path = htmlreport.write_report(result, out_dir)
    click.echo(f"report: {path}")
    if result.unusable:
        return UNUSABLE
    return FINDINGS if any(f.severity.value == "error" for f in result.findings) else OK


@cli.command()
def rules() -> int:
    """List every rule: code, severity, slug and title."""
    for rule in REGISTRY.values():
        click.echo(f"{rule.code}  {rule.severity.value:<7}  {rule.slug:<22}  {rule.title}")
    return OK


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
    return code if isinstance(code, int) else OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
