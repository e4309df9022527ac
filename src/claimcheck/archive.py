"""Registries too large for YAML: the claims as a Parquet archive (``claims.parquet``, ``sources.parquet``,
``ignore.parquet``), read into the same model objects as the YAML files."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from claimcheck.loader import (
    CLAIM_FIELDS,
    IGNORE_FIELDS,
    SOURCE_FIELDS,
    Registry,
    _text,
    _valid_date,
    problem,
    shown_path,
)
from claimcheck.location import Location
from claimcheck.model import Claim, IgnoreEntry, Source
from claimcheck.results import Finding

ARCHIVE_FILE = "claims.parquet"
ARCHIVE_SOURCES = "sources.parquet"
ARCHIVE_IGNORE = "ignore.parquet"


def _archive_columns(path: Path, shown: str, allowed: frozenset[str], out: list[Finding]) -> tuple[dict[str, list], int] | None:
    """Read a Parquet table as columns of Python values; None (with a finding) when it cannot be read."""
    try:
        import pyarrow.parquet as pq
    except ImportError:
        out.append(problem("CC002", Location(shown), "cannot read a Parquet archive without pyarrow: "
                           "pip install 'claimcheck[archive]'"))
        return None
    try:
        table = pq.read_table(path)
    except Exception as err:  # noqa: BLE001  (pyarrow raises many kinds for a damaged file)
        out.append(problem("CC002", Location(shown), f"cannot read Parquet file: {' '.join(str(err).split())[:200]}"))
        return None
    columns: dict[str, list] = {}
    for name in table.column_names:
        if name not in allowed:
            out.append(problem("CC011", Location(shown, 1), f"unknown column {name!r}: allowed are "
                               f"{', '.join(sorted(allowed))}"))
            continue
        columns[name] = table.column(name).to_pylist()
    return columns, table.num_rows


def _cell(columns: dict[str, list], name: str, row: int) -> Any:
    values = columns.get(name)
    value = values[row] if values is not None else None
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def read_archive(registry: Registry, claims_dir: Path) -> None:
    """Read claims from a Parquet archive (``claims.parquet``, ``sources.parquet``, ``ignore.parquet``).

    The archive holds what the YAML files hold, one row a claim, with a ``file`` column naming the
    article (the claims file it would be in); a claim's location is the archive and its row
    (1-based). YAML stays the authoring format: the archive is for registries too large to parse.
    """
    out = registry.findings
    shown = shown_path(claims_dir / ARCHIVE_FILE)
    seeds_by_file: dict[str, str] = {}
    sources_path = claims_dir / ARCHIVE_SOURCES
    if sources_path.is_file():
        sources_shown = shown_path(sources_path)
        read = _archive_columns(sources_path, sources_shown, SOURCE_FIELDS | {"file"}, out)
        if read is not None:
            columns, rows = read
            for row in range(rows):
                meta = {k: _cell(columns, k, row) for k in SOURCE_FIELDS | {"file"}}
                loc = Location(sources_shown, row + 1)
                file = str(meta.get("file") or "")
                for required in ("file", "seed", "publisher", "date"):
                    if not meta.get(required):
                        out.append(problem("CC010", loc, f"source has no {required!r}"))
                if not file:
                    continue
                date = str(meta.get("date") or "")
                if date and not _valid_date(date):
                    out.append(problem("CC012", loc, f"source date {date!r} is not a real YYYY-MM-DD, YYYY-MM or "
                                       "YYYY date"))
                virtual = shown_path(claims_dir / file)
                seeds_by_file[file] = str(meta.get("seed") or "")
                registry.sources[virtual] = Source(seeds_by_file[file], str(meta.get("publisher") or ""), date,
                                                   meta.get("title"), meta.get("url"), meta.get("note"), loc)
    else:
        out.append(problem("CC004", Location(shown_path(sources_path)), "sources.parquet not found: a claims archive "
                           "needs its articles (file, seed, publisher, date)"))
    read = _archive_columns(claims_dir / ARCHIVE_FILE, shown, CLAIM_FIELDS | {"file"}, out)
    if read is not None:
        columns, rows = read
        virtual_of: dict[str, str] = {}
        get = columns.get
        none = [None] * rows
        ids, quotes, figures, units, kinds, quantities = (get(k, none) for k in
                                                          ("id", "quote", "figure", "unit", "kind", "quantity"))
        hedges, derivations, exacts, mades, amongs, notes, files = (get(k, none) for k in
                                                                   ("hedge", "derivation", "exact", "made", "among",
                                                                    "note", "file"))
        append = registry.claims.append
        for row in range(rows):
            file = files[row] or ""
            virtual = virtual_of.get(file)
            if virtual is None:
                virtual = virtual_of[file] = shown_path(claims_dir / file) if file else shown
                if file not in seeds_by_file:
                    out.append(problem("CC010", Location(shown, row + 1), f"no source for file {file!r}: add it to "
                                       "sources.parquet"))
            append(Claim(
                id=_text(ids[row]), file=virtual, seed=seeds_by_file.get(file, ""), quote=_text(quotes[row]),
                figure=_text(figures[row]), unit=_text(units[row]), kind=_text(kinds[row]),
                quantity=_text(quantities[row]), hedge=_opt(hedges[row]), derivation=_opt(derivations[row]),
                exact=exacts[row] is True, made=_opt(mades[row]), among=_opt(amongs[row]), note=_opt(notes[row]),
                location=Location(shown, row + 1),
            ))
    ignore_path = claims_dir / ARCHIVE_IGNORE
    if ignore_path.is_file():
        ignore_shown = shown_path(ignore_path)
        read = _archive_columns(ignore_path, ignore_shown, IGNORE_FIELDS | {"file"}, out)
        if read is not None:
            columns, rows = read
            for row in range(rows):
                values = {k: _cell(columns, k, row) for k in IGNORE_FIELDS | {"file"}}
                loc = Location(ignore_shown, row + 1)
                missing = [f for f in ("file", "figure", "quote", "reason") if not values.get(f)]
                if missing:
                    out.append(problem("CC010", loc, f"ignore entry has no {', '.join(missing)}: "
                                       "each needs the file, the figure, the quote it sits in and a reason"))
                    continue
                file = str(values["file"])
                registry.ignores.append(IgnoreEntry(shown_path(claims_dir / file), seeds_by_file.get(file, ""),
                                                    str(values["figure"]), str(values["quote"]),
                                                    str(values["reason"]), loc))


def _opt(value: Any) -> Any:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return value if isinstance(value, str) else str(value)
