"""The HTML report: one self-contained file rendered by Jinja2 with autoescaping on."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape

from claimcheck import __version__
from claimcheck.api import Validation, counts
from claimcheck.exceptions import ClaimcheckError


def environment() -> Environment:
    """The Jinja2 environment: package templates, autoescape on for every template."""
    return Environment(loader=PackageLoader("claimcheck", "templates"), autoescape=select_autoescape(default=True),
                       trim_blocks=True, lstrip_blocks=True)


def _claim_rows(result: Validation) -> list[dict[str, object]]:
    traces = result.provenance.set_index("id") if not result.provenance.empty else None
    rows = []
    for claim in result.registry.claims:
        before = figure = after = ""
        if traces is not None and claim.id in traces.index:
            t = traces.loc[claim.id]
            text = result.registry.seeds[claim.seed].text
            start, end = result.registry.seeds[claim.seed].sentence_around(int(t["quote_start"]), int(t["quote_end"]))
            before = text[start:int(t["figure_start"])]
            figure = text[int(t["figure_start"]):int(t["figure_end"])]
            after = text[int(t["figure_end"]):end]
        rows.append({"claim": claim, "before": before, "figure": figure, "after": after})
    return rows


def write_atomic(path: Path, text: str) -> None:
    """Write a file through a temporary file and a rename: a reader never sees half of it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_report(result: Validation, out_dir: Path) -> Path:
    """Render the report into ``out_dir/index.html`` and return its path.

    :raises ClaimcheckError: when the folder cannot be written.
    """
    html = environment().get_template("report.html.j2").render(
        version=__version__, result=result, counts=counts(result.findings), claims=_claim_rows(result),
    )
    path = out_dir / "index.html"
    try:
        write_atomic(path, html)
    except OSError as err:
        raise ClaimcheckError(f"cannot write the report to {out_dir}: {err.strerror}") from None
    return path
