"""Registries too large for YAML: the claims as a Parquet archive (``claims.parquet``, ``sources.parquet``,
``ignore.parquet``), read into the same model objects as the YAML files."""

from __future__ import annotations

import math
import os
from collections.abc import Callable
from itertools import repeat
from pathlib import Path
from typing import Any

from claimcheck.exceptions import ClaimcheckError
from claimcheck.files import replace_all_atomic
from claimcheck.folders import ARCHIVE_FILE, ARCHIVE_IGNORE, ARCHIVE_SOURCES
from claimcheck.loader import (
    CLAIM_FIELDS,
    IGNORE_FIELDS,
    QUANTITIES_FILE,
    SOURCE_FIELDS,
    Registry,
    ShownPaths,
    _text,
    _valid_date,
    problem,
    refusal,
    shown_path,
)
from claimcheck.location import Location
from claimcheck.model import Claim, IgnoreEntry, Source
from claimcheck.reading import ReadRefused, read_bytes
from claimcheck.results import Finding

#: the most one archive file may hold: its claims are read whole (a million claims take about 30 MB)
MAX_ARCHIVE_BYTES = 1 << 30


def _archive_table(path: Path, shown: str, allowed: frozenset[str], out: list[Finding]) -> Any:
    """Read a Parquet file as a pyarrow table without its unknown columns; None (with a finding) when it cannot be read.

    The file is read like every other (:func:`claimcheck.reading.read_bytes`: inside the claims
    folder, a regular file, at most :data:`MAX_ARCHIVE_BYTES`), then parsed from memory.
    """
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        out.append(problem("CC002", Location(shown), "cannot read a Parquet archive without pyarrow: "
                           "pip install 'claimcheck[archive]'"))
        return None
    try:
        data = read_bytes(path, inside=path.parent, limit=MAX_ARCHIVE_BYTES,
                          limit_name="claimcheck.archive.MAX_ARCHIVE_BYTES")
    except ReadRefused as refused:
        out.append(refusal(refused, Location(shown), "archive file"))
        return None
    try:
        table = pq.read_table(pa.BufferReader(data))
    except Exception as err:  # noqa: BLE001  (pyarrow raises many kinds for a damaged file)
        out.append(problem("CC002", Location(shown), f"cannot read Parquet file: {' '.join(str(err).split())[:200]}"))
        return None
    unknown = [name for name in table.column_names if name not in allowed]
    for name in unknown:
        out.append(problem("CC011", Location(shown, 1), f"unknown column {name!r}: allowed are "
                           f"{', '.join(sorted(allowed))}"))
    return table.drop_columns(unknown)


def _rows(table: Any, names: frozenset[str]) -> list[dict[str, Any]]:
    """A small table's rows as dicts of every named column (None for a missing column or NaN)."""
    columns = {name: table.column(name).to_pylist() if name in table.column_names else None for name in names}
    return [{name: _cell(values, row) for name, values in columns.items()} for row in range(table.num_rows)]


def _cell(values: list | None, row: int) -> Any:
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
    shown_in = ShownPaths(claims_dir)
    seeds_by_file = _read_sources(registry, claims_dir, shown_in)
    _read_claims(registry, claims_dir, shown_in, seeds_by_file)
    _read_ignores(registry, claims_dir, shown_in, seeds_by_file)


def _read_sources(registry: Registry, claims_dir: Path, shown_in: ShownPaths) -> dict[str, str]:
    """Read ``sources.parquet`` into ``registry.sources``; return each article's seed by its file."""
    out = registry.findings
    seeds_by_file: dict[str, str] = {}
    sources_path = claims_dir / ARCHIVE_SOURCES
    if not os.path.lexists(sources_path):
        out.append(problem("CC004", Location(shown_path(sources_path)), "sources.parquet not found: a claims archive "
                           "needs its articles (file, seed, publisher, date)"))
        return seeds_by_file
    sources_shown = shown_path(sources_path)
    table = _archive_table(sources_path, sources_shown, SOURCE_FIELDS | {"file"}, out)
    if table is None:
        return seeds_by_file
    for row, meta in enumerate(_rows(table, SOURCE_FIELDS | {"file"})):
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
        seeds_by_file[file] = str(meta.get("seed") or "")
        registry.sources[shown_in(file)] = Source(seeds_by_file[file], str(meta.get("publisher") or ""), date,
                                                  meta.get("title"), meta.get("url"), meta.get("note"), loc)
    return seeds_by_file


def _read_claims(registry: Registry, claims_dir: Path, shown_in: ShownPaths, seeds_by_file: dict[str, str]) -> None:
    """Read ``claims.parquet`` into ``registry.claims``, column by column."""
    out = registry.findings
    shown = shown_path(claims_dir / ARCHIVE_FILE)
    table = _archive_table(claims_dir / ARCHIVE_FILE, shown, CLAIM_FIELDS | {"file"}, out)
    if table is None:
        return
    rows = table.num_rows
    column = {name: table.column(name) for name in table.column_names}.get
    files = [file or "" for file in _objects(column("file"), rows)]
    virtual_of: dict[str, str] = {}
    for row, file in enumerate(files):
        if file not in virtual_of:
            virtual_of[file] = shown_in(file) if file else shown
            if file not in seeds_by_file:
                out.append(problem("CC010", Location(shown, row + 1), f"no source for file {file!r}: add it to "
                                   "sources.parquet"))
    seeds = [seeds_by_file.get(file, "") for file in files]
    texts = {name: _texts(column(name), rows) for name in ("id", "quote", "figure", "unit", "kind", "quantity")}
    options = {name: _options(column(name), rows) for name in ("hedge", "derivation", "made", "among", "note")}
    exacts = [value is True for value in _objects(column("exact"), rows)]
    locations = map(Location, repeat(shown), range(1, rows + 1))
    # positional arguments in Claim's field order: a million keyword calls cost a third more
    registry.claims += map(Claim, texts["id"], [virtual_of[file] for file in files], seeds, texts["quote"],
                           texts["figure"], texts["unit"], texts["kind"], texts["quantity"], options["hedge"],
                           options["derivation"], exacts, options["made"], options["among"], options["note"],
                           locations)


def _objects(column: Any, rows: int) -> list[Any]:
    """A column's values as Python objects (None for a missing column)."""
    return [None] * rows if column is None else column.to_pylist()


def _texts(column: Any, rows: int) -> list[str]:
    """A column's values as a claim's text fields take them (``loader._text``: "" for null)."""
    if column is None:
        return [""] * rows
    if _is_string(column):
        import pyarrow.compute as pc

        return pc.fill_null(column, "").to_pylist()
    return [_text(value) for value in column.to_pylist()]


def _options(column: Any, rows: int) -> list[str | None]:
    """A column's values as a claim's optional fields take them (:func:`_opt`: None for null or NaN)."""
    if column is None:
        return [None] * rows
    if _is_string(column):
        return column.to_pylist()
    return [_opt(value) for value in column.to_pylist()]


def _is_string(column: Any) -> bool:
    import pyarrow as pa

    return pa.types.is_string(column.type) or pa.types.is_large_string(column.type)


def _read_ignores(registry: Registry, claims_dir: Path, shown_in: ShownPaths, seeds_by_file: dict[str, str]) -> None:
    """Read ``ignore.parquet`` (optional) into ``registry.ignores``."""
    out = registry.findings
    ignore_path = claims_dir / ARCHIVE_IGNORE
    if not os.path.lexists(ignore_path):
        return
    ignore_shown = shown_path(ignore_path)
    table = _archive_table(ignore_path, ignore_shown, IGNORE_FIELDS | {"file"}, out)
    if table is None:
        return
    for row, values in enumerate(_rows(table, IGNORE_FIELDS | {"file"})):
        loc = Location(ignore_shown, row + 1)
        missing = [f for f in ("file", "figure", "quote", "reason") if not values.get(f)]
        if missing:
            out.append(problem("CC010", loc, f"ignore entry has no {', '.join(missing)}: "
                               "each needs the file, the figure, the quote it sits in and a reason"))
            continue
        file = str(values["file"])
        registry.ignores.append(IgnoreEntry(shown_in(file), seeds_by_file.get(file, ""), str(values["figure"]),
                                            str(values["quote"]), str(values["reason"]), loc))


def _opt(value: Any) -> Any:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return value if isinstance(value, str) else str(value)


# --- writing ------------------------------------------------------------------------------------------

#: the columns of each archive table, in the order written (``file`` names the article's claims file)
COLUMNS = {
    ARCHIVE_FILE: ("file", "id", "quote", "figure", "unit", "kind", "quantity", "hedge", "derivation", "exact",
                   "made", "among", "note"),
    ARCHIVE_SOURCES: ("file", "seed", "publisher", "date", "title", "url", "note"),
    ARCHIVE_IGNORE: ("file", "figure", "quote", "reason"),
}


def write_archive(folder: Path, tables: dict[str, dict[str, list[Any]]], quantities: bytes) -> None:
    """Write an archive into ``folder``: the three tables (columns by name) and ``quantities.yaml``, all or none."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as err:
        raise ClaimcheckError("writing a Parquet archive needs pyarrow: pip install 'claimcheck[archive]'") from err
    def table(name: str) -> Any:
        columns = tables[name]
        unknown = set(columns) - set(COLUMNS[name])
        if unknown:
            raise ValueError(f"{name} has no columns {sorted(unknown)}")
        rows = len(columns["file"])
        return pa.table({column: pa.array(columns.get(column, [None] * rows),
                                          pa.bool_() if column == "exact" else pa.string()) for column in COLUMNS[name]})

    writes: dict[Path, Callable[[Path], None]] = {
        folder / name: (lambda tmp, t=table(name): pq.write_table(t, tmp)) for name in COLUMNS}
    writes[folder / QUANTITIES_FILE] = lambda tmp: tmp.write_bytes(quantities)
    replace_all_atomic(writes)


def archive_registry(claims_dir: Path, seeds_dir: Path, out_dir: Path, *, force: bool = False) -> Registry:
    """Write the registry in ``claims_dir`` as a Parquet archive in ``out_dir``; return the registry written.

    The archive holds every field claimcheck reads (``claimcheck check --claims OUT`` reads it
    back); the YAML files are left as they are. Refused, with nothing written, when the registry
    does not load cleanly (a file or part of it would be missing from the archive), when a claim
    is still marked for review (the archive does not keep review marks), when ``out_dir`` is the
    claims folder, and when it already holds an archive and ``force`` is not given.
    """
    from claimcheck.extract.review import check_review
    from claimcheck.loader import load

    if out_dir.resolve() == claims_dir.resolve():
        raise ClaimcheckError(f"--out {out_dir} is the claims folder: the archive and the YAML files would be read "
                              "twice; write it to a folder of its own")
    existing = [name for name in (*COLUMNS, QUANTITIES_FILE) if (out_dir / name).exists()]
    if existing and not force:
        raise ClaimcheckError(f"{out_dir} already holds {', '.join(existing)}: pass --force to replace them")
    registry = load(claims_dir, seeds_dir)
    problems = [f for f in registry.findings if f.code != "CC003"] + check_review(registry)
    if problems:
        shown = "\n".join(f"  {f.location}: {f.code} {f.message}" for f in problems[:20])
        more = f"\n  ... and {len(problems) - 20} more" if len(problems) > 20 else ""
        raise ClaimcheckError(f"the registry does not load cleanly, so the archive would miss what these name; "
                              f"fix them first (claimcheck validate lists them):\n{shown}{more}")
    name = {source: Path(source).name for source in registry.sources}
    claims = registry.claims
    tables = {
        ARCHIVE_FILE: {"file": [name.get(c.file, Path(c.file).name) for c in claims],
                       **{column: [getattr(c, column) for c in claims] for column in COLUMNS[ARCHIVE_FILE][1:]}},
        ARCHIVE_SOURCES: {"file": list(name.values()),
                          **{column: [getattr(s, column) for s in registry.sources.values()]
                             for column in COLUMNS[ARCHIVE_SOURCES][1:]}},
        ARCHIVE_IGNORE: {"file": [name.get(i.file, Path(i.file).name) for i in registry.ignores],
                         **{column: [getattr(i, column) for i in registry.ignores]
                            for column in COLUMNS[ARCHIVE_IGNORE][1:]}},
    }
    try:
        write_archive(out_dir, tables, (claims_dir / QUANTITIES_FILE).read_bytes())
    except OSError as err:
        raise ClaimcheckError(f"cannot write the archive in {out_dir}: {err.strerror or err}; nothing was "
                              "replaced") from err
    return registry
