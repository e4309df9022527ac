"""What every file reporter shares: atomic writes, the report's file names, and finding helpers.

Each format module has ``FILENAME`` and ``render(run_result) -> str``; :func:`write_reports`
writes the requested ones into the report folder, each through a temporary file and a rename.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from claimcheck.api import RunResult
from claimcheck.exceptions import ClaimcheckError
from claimcheck.files import write_atomic
from claimcheck.results import Finding


def formats() -> dict[str, tuple[str, Callable[[RunResult], str]]]:
    """The file formats ``claimcheck run --format`` knows: name -> (file name, renderer)."""
    from claimcheck.reporters import (
        jsonreport,
        junitreport,
        markdownreport,
        sarifreport,
    )

    return {
        "json": (jsonreport.FILENAME, jsonreport.render),
        "junit": (junitreport.FILENAME, junitreport.render),
        "sarif": (sarifreport.FILENAME, sarifreport.render),
        "markdown": (markdownreport.FILENAME, markdownreport.render),
    }


FORMAT_NAMES = ("json", "junit", "sarif", "markdown")


def write_reports(run_result: RunResult, out_dir: Path, names: list[str]) -> list[Path]:
    """Render and write each requested format into ``out_dir``; return the paths written.

    :raises ClaimcheckError: when the folder cannot be written.
    """
    table = formats()
    written = []
    for name in dict.fromkeys(names):
        filename, render = table[name]
        path = out_dir / filename
        try:
            write_atomic(path, render(run_result))
        except OSError as err:
            raise ClaimcheckError(f"cannot write {path}: {err.strerror}") from None
        written.append(path)
    return written


def open_review_order(run_result: RunResult) -> list[Finding]:
    """Order findings for a reader of a CI summary: failing first, then new, then by severity.

    Within a severity, acknowledged findings come last; otherwise the sort is stable, so the
    review order of :func:`claimcheck.api.order_for_review` (largest gap first) is kept.
    """
    failing = {f.key for f in run_result.failing}
    check = run_result.check

    def key(f: Finding) -> tuple[bool, bool, int, bool]:
        return (f.key not in failing, run_result.status.get(f.key) != "new", f.severity.rank,
                check.acknowledged(f) is not None)

    return sorted(check.findings, key=key)
