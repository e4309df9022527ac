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

import numpy as np
import pandas as pd
import pandera.pandas as pa

try:
    import pyarrow
except ImportError:  # optional: without it pandas keeps texts as Python objects
    pyarrow = None

from claimcheck.columns import distinct
from claimcheck.expr import Call, ExpressionError, Ref, unparse, walk
from claimcheck.figures import FigureError
from claimcheck.gcpause import gc_paused
from claimcheck.hedges import HEDGES, NON_NEGATIVE_UNITS, read_stated
from claimcheck.loader import Registry, problem
from claimcheck.model import ID_RE, KEY_RE, KINDS, UNITS, KeyError_, QuantityKey
from claimcheck.network import operand_keys, parse_derivation, parse_key
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
_READ_COLUMNS = _CLAIM_COLUMNS[12:]
#: what a claim without a readable figure has in the read columns (and no unit hint)
_UNREAD = (math.nan, math.nan, math.nan, math.nan, math.nan, 1, None, math.nan)


def _read_figure(figure: str, hedge: str | None, exact: bool, unit: str) -> tuple[object, ...] | str:
    """value, lo, hi, printed_lo, printed_hi, scale, why and unit hint of a figure, or the error message."""
    try:
        fig, stated = read_stated(figure, hedge, exact, unit)
    except FigureError as err:
        return str(err)
    return (float(fig.value), float(stated.lo), float(stated.hi), float(stated.printed_lo), float(stated.printed_hi),
            fig.scale, stated.why, fig.unit_hint)


def _claims_columns(registry: Registry, out: list[Finding]) -> dict[str, object]:
    """The claims table as columns; each distinct figure, hedge, exact and unit is read once."""
    claims = registry.claims
    hedges = [c.hedge for c in claims]
    normal = {h: " ".join(h.lower().split()) if h else None for h in set(hedges)}
    codes, keys = distinct((c.figure, c.hedge if normal[c.hedge] in HEDGES else None, c.exact, c.unit)
                           if c.figure else None for c in claims)
    reads = [None if key is None else _read_figure(*key) for key in keys]
    for i in np.flatnonzero(np.array([isinstance(r, str) for r in reads])[codes]).tolist():
        claim = claims[i]
        out.append(problem("CC016", claim.where("figure"), reads[codes[i]], (claim.id,)))
    read = [r if isinstance(r, tuple) else _UNREAD for r in reads]
    cols: dict[str, object] = {
        "id": text_column([c.id or None for c in claims]), "file": text_column([c.file for c in claims]),
        "line": [c.location.line if c.location else None for c in claims], "seed": text_column([c.seed for c in claims]),
        "quote": text_column([c.quote or None for c in claims]), "figure": text_column([c.figure or None for c in claims]),
        "unit": text_column([c.unit or None for c in claims]), "kind": text_column([c.kind or None for c in claims]),
        "quantity": text_column([c.quantity or None for c in claims]), "hedge": text_column([normal[h] for h in hedges]),
        "derivation": text_column([c.derivation for c in claims]), "exact": [c.exact for c in claims],
    }
    for at, name in enumerate(_READ_COLUMNS):
        cols[name] = _column([r[at] for r in read], codes)
    if any(r is not _UNREAD for r in read):
        cols["unit_hint"] = _column([r[7] for r in read], codes)
    return cols


def _column(values: list[object], codes: np.ndarray) -> object:
    """Per-distinct values taken for every row, as the column pandas would infer from ``[values[i] for i in codes]``.

    Numbers become an array, texts a ``str`` column built by pyarrow; anything else stays a list.
    """
    kinds = {type(v) for v in values}
    for kind, dtype in ((float, float), (int, np.int64), (bool, bool)):
        if kinds <= {kind}:
            return np.array(values, dtype=dtype)[codes]
    if _ARROW_TEXTS and str in kinds and kinds <= {str, type(None)}:
        taken = pyarrow.DictionaryArray.from_arrays(pyarrow.array(codes), pyarrow.array(values, pyarrow.large_string()))
        return taken.dictionary_decode().to_pandas()
    return np.array(values, dtype=object)[codes].tolist()


def text_column(values: list[object]) -> object:
    """A column of texts (None where missing) as pandas infers it from the list, built by pyarrow when it can.

    pandas keeps texts in pyarrow, but converts a list twice as slowly as pyarrow does.
    """
    kinds = set(map(type, values))
    if _ARROW_TEXTS and str in kinds and kinds <= {str, type(None)}:
        return pyarrow.array(values, pyarrow.large_string()).to_pandas()
    return values


def _arrow_texts() -> bool:
    """Tell whether pandas keeps a column of texts in pyarrow, so that building it there gives the same column."""
    if pyarrow is None:
        return False
    return pd.Series(["a", None]).dtype == pyarrow.array(["a", None], pyarrow.large_string()).to_pandas().dtype


_ARROW_TEXTS = _arrow_texts()


_RELATION_COLUMNS = ["claim", "claim_row", "role", "key", "file", "line", "entity", "metric", "period", "basis",
                     "period_ok"]


@dataclass(frozen=True)
class _Derivation:
    """What a derivation contributes to the relations: its operand keys and its problems (CC015)."""

    keys: tuple[str, ...]
    problems: tuple[str, ...]

    @classmethod
    def read(cls, text: str) -> _Derivation:
        """Parse a derivation once, however many claims use it."""
        try:
            tree = parse_derivation(text)
        except ExpressionError as err:
            return cls((), (f"derivation: {err} in {text!r}",))
        flat = isinstance(tree, Call) and all(isinstance(arg, Ref) for arg in tree.args)  # calls nothing else
        calls = [tree] if flat else [node for node in walk(tree) if isinstance(node, Call)]
        return cls(operand_keys(tree), tuple(
            f"derivation: {call.name}() compares {unparse(call.args[0])} with itself in {text!r}"
            for call in calls if call.name in COMPARING and len(set(call.args)) < len(call.args)))


def _read_key(key: str) -> tuple[object, ...] | str:
    """entity, metric, period, basis, period_ok and period error of a key, or the CC014 message."""
    parsed = parse_key(key)
    if parsed is not None:
        return parsed.entity, parsed.metric, parsed.period.text, parsed.basis, True, None
    try:
        QuantityKey.parse(key)
        raise KeyError_(f"quantity key {key!r} is not entity/metric/period[/basis] (lower-case names)")
    except KeyError_ as err:
        match = KEY_RE.match(key)
        if match is None:
            return str(err)
        return match["entity"], match["metric"], match["period"], match["basis"], False, str(err)


def _relation_columns(registry: Registry, out: list[Finding]) -> dict[str, object]:
    """The relations table as columns: one row per quantity a claim names, as subject or operand.

    Rows are built as arrays (each claim's subject, then its operands); derivations and keys are
    read once each.
    """
    claims = registry.claims
    quantities = [c.quantity for c in claims]
    derivation_codes, texts = distinct(c.derivation for c in claims)
    derivations = [_Derivation.read(t) if t else _Derivation((), ()) for t in texts]
    subjects = np.array([bool(q) for q in quantities], dtype=bool)
    operands = np.array([len(d.keys) for d in derivations], dtype=np.int64)[derivation_codes]
    owner = np.repeat(np.arange(len(claims)), subjects + operands)
    first = np.repeat(np.cumsum(subjects + operands) - (subjects + operands), subjects + operands)
    is_subject = subjects[owner] & (np.arange(len(owner)) == first)
    keys = np.empty(len(owner), dtype=object)
    keys[is_subject] = np.array(quantities, dtype=object)[subjects]
    keys[~is_subject] = np.array([k for code in derivation_codes[operands > 0].tolist() for k in derivations[code].keys],
                                 dtype=object)
    key_codes, distinct_keys = distinct(keys.tolist())
    reads = [_read_key(k) for k in distinct_keys]
    valid = np.array([not isinstance(r, str) for r in reads], dtype=bool)[key_codes]
    problems = [(i, -1, problem("CC015", claims[i].where("derivation"), message, (claims[i].id,)))
                for i in np.flatnonzero(np.array([bool(d.problems) for d in derivations])[derivation_codes]).tolist()
                for message in derivations[derivation_codes[i]].problems]
    problems += [(i, row, problem("CC014", claims[i].where("quantity" if subject else "derivation"),
                                  reads[key_codes[row]], (claims[i].id,)))
                 for row, i, subject in zip(np.flatnonzero(~valid).tolist(), owner[~valid].tolist(),
                                            is_subject[~valid].tolist())]
    out += [found for _, _, found in sorted(problems, key=lambda p: p[:2])]
    owner, is_subject, key_codes = owner[valid], is_subject[valid], key_codes[valid]
    lines = np.where(is_subject, _lines(claims, "quantity")[owner], _lines(claims, "derivation")[owner])
    parts = [r if not isinstance(r, str) else ("", "", "", None, False, None) for r in reads]  # (no rows)
    file_codes, files = distinct(c.file for c in claims)
    cols: dict[str, object] = {
        "claim": _column([c.id for c in claims], owner), "claim_row": owner,
        "role": _column(["subject", "operand"], np.where(is_subject, 0, 1)), "key": _column(distinct_keys, key_codes),
        "file": _column(files, file_codes[owner]), "line": lines.tolist(),
    }
    for at, name in enumerate(_RELATION_COLUMNS[6:]):
        cols[name] = _column([p[at] for p in parts], key_codes)
    errors = [p[5] for p in parts]
    if any(e is not None for e in errors):
        cols["period_error"] = [math.nan if e is None else e for e in np.array(errors, dtype=object)[key_codes]]
    return cols


def _lines(claims: list, field_name: str) -> np.ndarray:
    """The line of a field of every claim (of the claim when the field has no location of its own), as objects."""
    # Claim.where, inlined: a million calls cost a second
    return np.array([loc.line if loc else None for loc in (c.fields.get(field_name, c.location) for c in claims)],
                    dtype=object)


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
        # a check on whole rows fails a row once, though pandera lists the row under each of its columns
        cases.loc[cases["schema_context"] == "DataFrameSchema", "column"] = None
        # a duplicate is reported where it repeats, not where the id first appears
        dup = cases["check_name"] == "field_uniqueness"
        first = cases[dup].groupby("failure_case")["index"].transform("min")
        cases = cases.drop(first[cases.loc[dup, "index"] == first].index)
        return cases.drop_duplicates(subset=["check_name", "index", "column"] if "column" in cases else None)
    return pd.DataFrame(columns=["check_name", "index", "column", "failure_case"])


def _claim_problems(frame: pd.DataFrame, registry: Registry) -> list[Finding]:
    out = []
    for case in _failures(claims_schema(), frame).itertuples():
        column = case.column if isinstance(case.column, str) else None
        key = (case.check_name, column) if (case.check_name, column) in _CLAIM_MESSAGES else (case.check_name, None)
        if key not in _CLAIM_MESSAGES:
            continue
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


def claims_frame(registry: Registry) -> pd.DataFrame:
    """The claims table alone (a row per claim of the registry, in order), without validating it."""
    return _claims_frame(registry, [])


def _claims_frame(registry: Registry, out: list[Finding]) -> pd.DataFrame:
    claims = pd.DataFrame(_claims_columns(registry, out)) if registry.claims else pd.DataFrame()
    if claims.empty:
        claims = pd.DataFrame(columns=["id", "file", "line", "seed", "quote", "figure", "unit", "kind", "quantity",
                                       "hedge", "derivation", "exact", "value", "lo", "hi"])
    return claims.astype({"exact": bool, "value": float})


@gc_paused
def build_tables(registry: Registry) -> tuple[Tables, list[Finding]]:
    """Build and validate the tables; return them with every problem found, in file order."""
    found: list[Finding] = []
    claims = _claims_frame(registry, found)
    relation_columns = _relation_columns(registry, found)
    relations = pd.DataFrame(relation_columns) if len(relation_columns["claim"]) else pd.DataFrame()
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
