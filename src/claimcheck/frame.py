"""The registry as pandas tables, and the pandera schemas that check their structure.

Three tables: **claims** (one row a claim, with its parsed figure and stated interval),
**relations** (one row per quantity a claim refers to, as subject or as operand of its
derivation) and **quantities** (one row per distinct key). pandera checks types, allowed
values, ranges, unique ids and declared references; its lazy ``failure_cases`` rows are mapped
back through the row index to each claim's file and line.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd
import pandera.pandas as pa

from claimcheck.expr import Call, ExpressionError, parse, refs, unparse, walk
from claimcheck.figures import FigureError, parse_figure
from claimcheck.hedges import HEDGES, NON_NEGATIVE_UNITS, stated_interval
from claimcheck.loader import Registry, problem
from claimcheck.model import ID_RE, KEY_RE, KINDS, UNITS, KeyError_, QuantityKey
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


def _claims_rows(registry: Registry, out: list[Finding]) -> list[dict[str, object]]:
    rows = []
    for claim in registry.claims:
        row: dict[str, object] = {
            "id": claim.id or None, "file": claim.file,
            "line": claim.location.line if claim.location else None,
            "seed": claim.seed, "quote": claim.quote or None, "figure": claim.figure or None,
            "unit": claim.unit or None, "kind": claim.kind or None, "quantity": claim.quantity or None,
            "hedge": " ".join(claim.hedge.lower().split()) if claim.hedge else None,
            "derivation": claim.derivation, "exact": claim.exact,
            "value": math.nan, "lo": math.nan, "hi": math.nan, "printed_lo": math.nan, "printed_hi": math.nan,
            "scale": 1, "why": None,
        }
        if claim.figure:
            try:
                fig = parse_figure(claim.figure)
            except FigureError as err:
                out.append(problem("CC016", claim.where("figure"), str(err), (claim.id,)))
            else:
                hedge = claim.hedge if claim.hedge and " ".join(claim.hedge.lower().split()) in HEDGES else None
                stated = stated_interval(fig, hedge, exact=claim.exact, unit=claim.unit)
                row.update(value=float(fig.value), lo=float(stated.lo), hi=float(stated.hi),
                           printed_lo=float(stated.printed_lo), printed_hi=float(stated.printed_hi),
                           scale=fig.scale, why=stated.why, unit_hint=fig.unit_hint)
        rows.append(row)
    return rows


def _relation_rows(registry: Registry, out: list[Finding]) -> list[dict[str, object]]:
    rows = []
    for index, claim in enumerate(registry.claims):
        keys = [("subject", claim.quantity, claim.where("quantity"))] if claim.quantity else []
        if claim.derivation:
            try:
                tree = parse(claim.derivation)
            except ExpressionError as err:
                loc = claim.where("derivation")
                out.append(problem("CC015", loc, f"derivation: {err} in {claim.derivation!r}", (claim.id,)))
            else:
                keys += [("operand", key, claim.where("derivation")) for key in refs(tree)]
                for node in walk(tree):
                    if isinstance(node, Call) and node.name in COMPARING and len(set(node.args)) < len(node.args):
                        out.append(problem("CC015", claim.where("derivation"), f"derivation: {node.name}() compares "
                                           f"{unparse(node.args[0])} with itself in {claim.derivation!r}", (claim.id,)))
        for role, key, loc in keys:
            row: dict[str, object] = {"claim": claim.id, "claim_row": index, "role": role, "key": key,
                                      "file": claim.file, "line": loc.line if loc else None,
                                      "entity": None, "metric": None, "period": None, "basis": None,
                                      "period_ok": True}
            try:
                parsed = QuantityKey.parse(key)
            except KeyError_ as err:
                match = KEY_RE.match(key)
                if match is None:
                    out.append(problem("CC014", loc, str(err), (claim.id,)))
                    continue
                row.update(entity=match["entity"], metric=match["metric"], period=match["period"],
                           basis=match["basis"], period_ok=False, period_error=str(err))
            else:
                row.update(entity=parsed.entity, metric=parsed.metric, period=parsed.period.text, basis=parsed.basis)
            rows.append(row)
    return rows


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


def build_tables(registry: Registry) -> tuple[Tables, list[Finding]]:
    """Build and validate the tables; return them with every problem found, in file order."""
    found: list[Finding] = []
    claims = pd.DataFrame(_claims_rows(registry, found))
    if claims.empty:
        claims = pd.DataFrame(columns=["id", "file", "line", "seed", "quote", "figure", "unit", "kind", "quantity",
                                       "hedge", "derivation", "exact", "value", "lo", "hi"])
    claims = claims.astype({"exact": bool, "value": float})
    relations = pd.DataFrame(_relation_rows(registry, found))
    found += _claim_problems(claims, registry)
    found += _relation_problems(relations, registry)
    if relations.empty:
        quantities = pd.DataFrame(columns=["key", "entity", "metric", "period", "basis", "unit", "claims"])
    else:
        quantities = (
            relations.groupby("key", sort=True)
            .agg(entity=("entity", "first"), metric=("metric", "first"), period=("period", "first"),
                 basis=("basis", "first"), claims=("claim", lambda s: len(set(s))))
            .reset_index()
        )
        quantities["unit"] = quantities["metric"].map(lambda m: registry.metrics[m].unit if m in registry.metrics else None)
    return Tables(claims, relations, quantities), found
