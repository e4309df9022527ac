"""The registry as pandas tables, and the pandera schemas that check their structure.

Three tables: **claims** (one row a claim, with its parsed figure and stated interval),
**relations** (one row per quantity a claim refers to, as subject or as operand of its
derivation) and **quantities** (one row per distinct key). pandera checks types, allowed
values, ranges, unique ids and declared references; its lazy ``failure_cases`` rows are mapped
back through the row index to each claim's file and line.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import pandas as pd
import pandera.pandas as pa

from claimcheck.expr import Call, ExpressionError, refs, unparse, walk
from claimcheck.figures import FigureError, parse_figure
from claimcheck.gcpause import gc_paused
from claimcheck.hedges import HEDGES, NON_NEGATIVE_UNITS, stated_interval
from claimcheck.loader import Registry, problem
from claimcheck.model import ID_RE, KEY_RE, KINDS, UNITS, KeyError_, QuantityKey
from claimcheck.network import parse_derivation, parse_key
from claimcheck.results import Finding

#: kinds whose figure is a level of the quantity (so a percent figure is a share, 0 to 100)
LEVEL_KINDS = ("value", "bound", "share", "first_time", "forecast", "target")
#: functions whose arguments are compared: the same quantity on both sides is a mistake
COMPARING = frozenset({"growth", "share", "point_change", "fold"})


@dataclass
class Tables:
    """The three tables of a registry."""

    claims: pd.DataFrame
    relations: pd.DataFrame
    quantities: pd.DataFrame


_CLAIM_COLUMNS = ["id", "file", "line", "seed", "quote", "figure", "unit", "kind", "quantity", "hedge", "derivation",
                  "exact", "value", "lo", "hi", "printed_lo", "printed_hi", "scale", "why"]


@functools.lru_cache(maxsize=1 << 16)
def _read_figure(figure: str, hedge: str | None, exact: bool, unit: str) -> tuple[object, ...] | str:
    """value, lo, hi, printed_lo, printed_hi, scale, why and unit hint of a figure, or the error message (cached)."""
    try:
        fig = parse_figure(figure)
    except FigureError as err:
        return str(err)
    stated = stated_interval(fig, hedge, exact=exact, unit=unit)
    return (float(fig.value), float(stated.lo), float(stated.hi), float(stated.printed_lo), float(stated.printed_hi),
            fig.scale, stated.why, fig.unit_hint)


def _claims_columns(registry: Registry, out: list[Finding]) -> dict[str, list[object]]:
    """The claims table as columns (a million claims as row dicts would cost gigabytes)."""
    cols: dict[str, list[object]] = {name: [] for name in _CLAIM_COLUMNS}
    hints: list[object] = []
    any_hint = False
    nan = math.nan
    add = [cols[name].append for name in _CLAIM_COLUMNS]
    for claim in registry.claims:
        hedge = " ".join(claim.hedge.lower().split()) if claim.hedge else None
        read: tuple[object, ...] | str | None = None
        if claim.figure:
            known = claim.hedge if hedge in HEDGES else None
            read = _read_figure(claim.figure, known, claim.exact, claim.unit)
            if isinstance(read, str):
                out.append(problem("CC016", claim.where("figure"), read, (claim.id,)))
                read = None
        values = read if read is not None else (nan, nan, nan, nan, nan, 1, None, _NO_HINT)
        any_hint = any_hint or read is not None
        hints.append(values[7])
        row = (claim.id or None, claim.file, claim.location.line if claim.location else None, claim.seed,
               claim.quote or None, claim.figure or None, claim.unit or None, claim.kind or None,
               claim.quantity or None, hedge, claim.derivation, claim.exact, *values[:7])
        for append, value in zip(add, row):
            append(value)
    if any_hint:
        cols["unit_hint"] = [math.nan if h is _NO_HINT else h for h in hints]
    return cols


_NO_HINT = object()


_RELATION_COLUMNS = ["claim", "claim_row", "role", "key", "file", "line", "entity", "metric", "period", "basis",
                     "period_ok"]


def _relation_columns(registry: Registry, out: list[Finding]) -> dict[str, list[object]]:
    """The relations table as columns: one row per quantity a claim names, as subject or operand."""
    cols: dict[str, list[object]] = {name: [] for name in _RELATION_COLUMNS}
    errors: list[object] = []
    add = [cols[name].append for name in _RELATION_COLUMNS]
    for index, claim in enumerate(registry.claims):
        keys = [("subject", claim.quantity, claim.where("quantity"))] if claim.quantity else []
        if claim.derivation:
            try:
                tree = parse_derivation(claim.derivation)
            except ExpressionError as err:
                loc = claim.where("derivation")
                out.append(problem("CC015", loc, f"derivation: {err} in {claim.derivation!r}", (claim.id,)))
            else:
                where = claim.where("derivation")
                keys += [("operand", key, where) for key in refs(tree)]
                for node in walk(tree):
                    if isinstance(node, Call) and node.name in COMPARING and len(set(node.args)) < len(node.args):
                        out.append(problem("CC015", where, f"derivation: {node.name}() compares "
                                           f"{unparse(node.args[0])} with itself in {claim.derivation!r}", (claim.id,)))
        for role, key, loc in keys:
            parsed = parse_key(key)
            error: object = _NO_ERROR
            if parsed is not None:
                parts = (parsed.entity, parsed.metric, parsed.period.text, parsed.basis, True)
            else:
                try:
                    QuantityKey.parse(key)
                    raise KeyError_(f"quantity key {key!r} is not entity/metric/period[/basis] (lower-case names)")
                except KeyError_ as err:
                    match = KEY_RE.match(key)
                    if match is None:
                        out.append(problem("CC014", loc, str(err), (claim.id,)))
                        continue
                    parts = (match["entity"], match["metric"], match["period"], match["basis"], False)
                    error = str(err)
            for append, value in zip(add, (claim.id, index, role, key, claim.file, loc.line if loc else None, *parts)):
                append(value)
            errors.append(error)
    if any(e is not _NO_ERROR for e in errors):
        cols["period_error"] = [math.nan if e is _NO_ERROR else e for e in errors]
    return cols


_NO_ERROR = object()


def claims_schema() -> pa.DataFrameSchema:
    """The schema of the claims table."""
    required = dict(nullable=False, coerce=False)
    return pa.DataFrameSchema(
        {
            "id": pa.Column(str, pa.Check.str_matches(ID_RE.pattern), unique=True, **required),
            "quote": pa.Column(str, **required),
            "figure": pa.Column(str, **required),
            "unit": pa.Column(str, pa.Check.isin(UNITS), **required),
            "kind": pa.Column(str, pa.Check.isin(KINDS), **required),
            "quantity": pa.Column(str, **required),
            "hedge": pa.Column(str, pa.Check.isin(sorted(HEDGES)), nullable=True),
            "exact": pa.Column(bool),
            "value": pa.Column(float, nullable=True),
        },
        checks=[
            pa.Check(lambda df: ~(df["kind"].isin(LEVEL_KINDS) & (df["unit"] == "percent"))
                     | df["value"].isna() | df["value"].between(0, 100),
                     name="share_between_0_and_100"),
            pa.Check(lambda df: ~df["unit"].isin(sorted(NON_NEGATIVE_UNITS)) | df["value"].isna() | (df["value"] >= 0),
                     name="non_negative"),
        ],
    )


def relations_schema(registry: Registry) -> pa.DataFrameSchema:
    """The schema of the relations table: every referenced quantity is declared."""
    declared_bases = sorted(f"{m}/{b}" for m, metric in registry.metrics.items() for b in metric.bases)
    return pa.DataFrameSchema(
        {
            "entity": pa.Column(str, pa.Check.isin(sorted(registry.entities)), nullable=False),
            "metric": pa.Column(str, pa.Check.isin(sorted(registry.metrics)), nullable=False),
            "period_ok": pa.Column(bool, pa.Check.eq(True)),
        },
        checks=[
            pa.Check(lambda df: df["basis"].isna() | (df["metric"] + "/" + df["basis"].fillna("")).isin(declared_bases),
                     name="basis_declared"),
        ],
    )


_CLAIM_MESSAGES = {
    ("not_nullable", None): ("CC010", "claim has no {column!r}: every claim needs id, quote, figure, unit, kind, quantity"),
    ("field_uniqueness", None): ("CC013", "duplicate claim id {value!r}: ids must be unique across claims/"),
    ("str_matches", "id"): ("CC012", "id {value!r} must be lower-case letters, digits, '.', '_' or '-'"),
    ("isin", "unit"): ("CC012", "unknown unit {value!r}: use one of " + ", ".join(UNITS)),
    ("isin", "kind"): ("CC012", "unknown kind {value!r}: use one of " + ", ".join(KINDS)),
    ("isin", "hedge"): ("CC012", "unknown hedge {value!r}: use a documented hedge (see README) or move the word into note"),
    ("share_between_0_and_100", None): ("CC018", "{unit} figure {figure!r} is outside 0-100 for a share"),
    ("non_negative", None): ("CC018", "figure {figure!r} is negative but {unit} cannot be"),
}
_RELATION_MESSAGES = {
    ("isin", "entity"): "entity {value!r} of {key!r} is not declared in quantities.yaml (entities:)",
    ("isin", "metric"): "metric {value!r} of {key!r} is not declared in quantities.yaml (metrics:)",
    ("equal_to", "period_ok"): "{period_error}",
    ("basis_declared", None): "basis {basis!r} of {key!r} is not declared under metric {metric!r} (bases:)",
}


def _failures(schema: pa.DataFrameSchema, frame: pd.DataFrame) -> pd.DataFrame:
    """Run a schema lazily and return its failure cases, one row per (check, row)."""
    try:
        schema.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as err:
        cases = err.failure_cases.copy()
        cases["check_name"] = cases["check"].astype(str).str.replace(r"\(.*$", "", regex=True)
        cases = cases.dropna(subset=["index"])
        # a duplicate is reported where it repeats, not where the id first appears
        dup = cases["check_name"] == "field_uniqueness"
        first = cases[dup].groupby("failure_case")["index"].transform("min")
        cases = cases.drop(first[cases.loc[dup, "index"] == first].index)
        return cases.drop_duplicates(subset=["check_name", "index", "column"] if "column" in cases else None)
    return pd.DataFrame(columns=["check_name", "index", "column", "failure_case"])


def _claim_problems(frame: pd.DataFrame, registry: Registry) -> list[Finding]:
    out = []
    seen: set[tuple[str, int]] = set()
    for case in _failures(claims_schema(), frame).itertuples():
        column = case.column if isinstance(case.column, str) else None
        key = (case.check_name, column) if (case.check_name, column) in _CLAIM_MESSAGES else (case.check_name, None)
        if key not in _CLAIM_MESSAGES or (case.check_name, int(case.index)) in seen and column is None:
            continue
        seen.add((case.check_name, int(case.index)))
        code, template = _CLAIM_MESSAGES[key]
        claim = registry.claims[int(case.index)]
        row = frame.iloc[int(case.index)]
        loc = claim.where(column) if column else claim.location
        out.append(problem(code, loc, template.format(column=column, value=case.failure_case, unit=row["unit"],
                                                       figure=row["figure"]), (claim.id,) if claim.id else ()))
    return out


def _relation_problems(frame: pd.DataFrame, registry: Registry) -> list[Finding]:
    out = []
    if frame.empty:
        return out
    for case in _failures(relations_schema(registry), frame).itertuples():
        column = case.column if isinstance(case.column, str) and case.check_name != "basis_declared" else None
        template = _RELATION_MESSAGES.get((case.check_name, column))
        if template is None:
            continue
        row = frame.iloc[int(case.index)]
        claim = registry.claims[int(row["claim_row"])]
        field_name = "quantity" if row["role"] == "subject" else "derivation"
        out.append(problem("CC014", claim.where(field_name), template.format(value=case.failure_case, **row.to_dict()),
                           (claim.id,)))
    return out


@gc_paused
def build_tables(registry: Registry) -> tuple[Tables, list[Finding]]:
    """Build and validate the tables; return them with every problem found, in file order."""
    found: list[Finding] = []
    claims = pd.DataFrame(_claims_columns(registry, found)) if registry.claims else pd.DataFrame()
    if claims.empty:
        claims = pd.DataFrame(columns=["id", "file", "line", "seed", "quote", "figure", "unit", "kind", "quantity",
                                       "hedge", "derivation", "exact", "value", "lo", "hi"])
    claims = claims.astype({"exact": bool, "value": float})
    relation_columns = _relation_columns(registry, found)
    relations = pd.DataFrame(relation_columns) if relation_columns["claim"] else pd.DataFrame()
    found += _claim_problems(claims, registry)
    found += _relation_problems(relations, registry)
    if relations.empty:
        quantities = pd.DataFrame(columns=["key", "entity", "metric", "period", "basis", "unit", "claims"])
    else:
        grouped = relations.groupby("key", sort=True)
        quantities = grouped.agg(entity=("entity", "first"), metric=("metric", "first"), period=("period", "first"),
                                 basis=("basis", "first"))
        quantities["claims"] = grouped["claim"].nunique(dropna=False).astype("int64")
        quantities = quantities.reset_index()
        units = {m: registry.metrics[m].unit if m in registry.metrics else None
                 for m in quantities["metric"].drop_duplicates()}
        quantities["unit"] = [units[m] for m in quantities["metric"]]
    return Tables(claims, relations, quantities), found
