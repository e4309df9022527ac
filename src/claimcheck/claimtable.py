"""A network's claims as columns, with their statements and constraints made only when read.

At a million claims, making a Python object costs about a microsecond, most of it spent
fetching cold memory (the claim's strings, its intervals) to count references. Bulk screening
and the rules read claims by the column, so a network built from a registry
(:func:`claimcheck.network.build_network`) keeps them as codes into what is distinct: each
figure read once, each derivation parsed once, each key named once. A :class:`Statement` or a
claim's :class:`Constraint` is made the first time something reads it (the exact conflict
search, a finding, the report) and kept, so every reader gets the same object.

Constraint positions are those the claims would have in a list: each reporting claim in
registry order adds ``derivation in stated`` (or ``key in stated``), and a derivation in the
quantity's own unit two more, ``key in stated`` and ``key - derivation = 0``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import chain

import numpy as np
import pandas as pd

from claimcheck.columns import BoolArray, FloatArray, IntArray, distinct
from claimcheck.expr import BinOp, ExpressionError, Node, Ref
from claimcheck.identities import Identities
from claimcheck.intervals import Interval
from claimcheck.model import PREDICTION_KINDS, Claim
from claimcheck.network import (
    _REF,
    _ZERO,
    Constraint,
    MadeWhenRead,
    Statement,
    _template,
    key_ref,
    operand_keys,
    parse_derivation,
    stated_figure,
)

#: the three constraints a claim may add, by their place among its own
MAIN, QUANTITY, IDENTITY = 0, 1, 2


@dataclass
class ClaimTable:
    """The claims that state something readable (their figure and derivation read), one row each, in registry order."""

    #: the registry's claims, and the one each row reads
    claims: list[Claim]
    claim_index: IntArray
    ids: list[str]
    #: each row's figure as printed and its unit, as codes into the distinct ones
    figure: IntArray
    figures: list[str]
    unit: IntArray
    units: list[str]
    #: codes into :attr:`keys` (the claim's quantity), :attr:`exprs` (its tree: the derivation, or the bare
    #: key), :attr:`reads` (``reading``: its figure with hedge: stated and printed intervals, and why), kinds and files
    quantity: IntArray
    expr: IntArray
    reading: IntArray
    kind: IntArray
    file: IntArray
    keys: list[str]
    exprs: list[Node]
    texts: list[str]
    reads: list[tuple[Interval, Interval, str]]
    kinds: list[str]
    files: list[str]
    #: per expression: its operand keys as codes into :attr:`keys` (expression ``e``'s are
    #: ``operand_codes[operand_start[e]:operand_start[e + 1]]``), and its shape template
    operand_start: IntArray
    operand_codes: IntArray
    expr_template: list[object]
    #: per row: a derivation (else a bare figure), a prediction or rank (never a constraint), a derivation
    #: whose figure is in the quantity's own unit (so it states the quantity too)
    derived: BoolArray
    compared: BoolArray
    own_unit: BoolArray
    #: per constraint: the row it comes from and which of the row's constraints it is (MAIN, QUANTITY, IDENTITY)
    c_row: IntArray
    c_form: IntArray
    #: per row: the position of its first constraint and how many it has (0 for a prediction)
    c_start: IntArray
    c_count: IntArray
    _statements: dict[int, Statement]

    @classmethod
    def read(cls, claims: list[Claim], frame: pd.DataFrame, exclude: frozenset[str],
             unit_of: Callable[[str], str | None]) -> ClaimTable:
        """Read the claims whose figure (with hedge) and derivation can be read; the others are left out.

        :param frame: the claims table (:func:`claimcheck.frame.claims_frame`), a row per claim of
            ``claims``: its text columns are coded in bulk, without reading the claim objects.
        :param exclude: ids of claims to leave out.
        """
        n = len(claims)
        fig, figures = _codes(frame, "figure", "", n)
        hed, hedges = _codes(frame, "hedge", None, n)
        uni, units = _codes(frame, "unit", "", n)
        exact = frame["exact"].to_numpy(dtype=bool) if n else np.zeros(0, dtype=bool)
        read_codes, combos = pd.factorize(((fig * len(hedges) + hed) * 2 + exact) * len(units) + uni)
        reads = []
        for combo in combos.tolist():
            rest, u = divmod(combo, len(units))
            rest, e = divmod(rest, 2)
            f, h = divmod(rest, len(hedges))
            reads.append(stated_figure(figures[f], hedges[h], bool(e), units[u]))
        der, derivations = _codes(frame, "derivation", None, n)
        qty, quantities = _codes(frame, "quantity", "", n)
        has = _flags(derivations, bool)[der]
        # an expression is a derivation (code k) or a bare key (code derivations + key)
        bare_at = len(derivations)
        expr_codes, expr_uniques = pd.factorize(np.where(has, der, bare_at + qty))
        uniques = expr_uniques.tolist()
        parsed = {k: _expression(derivations[k]) for k in uniques if k < bare_at}
        ok = _flags(reads, lambda r: r is not None)[read_codes] \
            & _flags(uniques, lambda k: k >= bare_at or parsed[k] is not None)[expr_codes]
        id_column = frame["id"].fillna("") if n else pd.Series([], dtype=object)
        if exclude:
            ok &= ~id_column.isin(exclude).to_numpy()
        keep = np.flatnonzero(ok)
        ids = id_column.take(keep).tolist()
        kind_codes, kinds = _codes(frame, "kind", "", n)
        file_codes, files = _codes(frame, "file", "", n)
        read_codes, expr_codes, kind_codes, file_codes, quantity_codes, fig, uni = (
            column[keep] for column in (read_codes, expr_codes, kind_codes, file_codes, qty, fig, uni))
        used_reads, read_codes = np.unique(read_codes, return_inverse=True)
        used_exprs, expr_codes = np.unique(expr_codes, return_inverse=True)
        reads = [reads[i] for i in used_reads.tolist()]
        used = [uniques[i] for i in used_exprs.tolist()]
        exprs: list[Node] = []
        texts: list[str] = []
        operands: list[tuple[str, ...]] = []
        templates: list[object] = []
        for k in used:
            if k >= bare_at:
                texts.append(quantities[k - bare_at])
                exprs.append(key_ref(texts[-1]))
                operands.append((texts[-1],))
                templates.append(_REF)
            else:
                texts.append(derivations[k])
                exprs.append(parsed[k])
                operands.append(operand_keys(exprs[-1]))
                templates.append(_template(exprs[-1]))
        # keys coded in order of first appearance: the quantities (distinct, so a bare key's code is its
        # quantity's), then the operands no claim states
        lengths = np.fromiter(map(len, operands), np.int64, len(operands))
        key_codes, key_uniques = pd.factorize(np.array([*quantities, *chain.from_iterable(operands)], dtype=object))
        operand_codes = key_codes[len(quantities):].astype(np.int64)
        operand_start = np.r_[0, np.cumsum(lengths)].astype(np.int64)
        key_names = key_uniques.tolist()
        derived = _flags(used, lambda k: k < bare_at)[expr_codes]
        compared = _flags(kinds, lambda k: k in PREDICTION_KINDS or k == "rank")[kind_codes]
        own_unit = np.zeros(len(ids), dtype=bool)  # only a derivation's figure may be in its quantity's unit
        rows = np.flatnonzero(derived)
        pair_codes, pairs = pd.factorize(quantity_codes[rows] * len(units) + uni[rows])
        own_unit[rows] = _flags(pairs.tolist(), lambda p: unit_of(key_names[p // len(units)]) == units[p % len(units)]
                                )[pair_codes]
        counts = np.where(compared, 0, np.where(own_unit, 3, 1))
        starts = np.cumsum(counts) - counts
        c_row = np.repeat(np.arange(len(ids), dtype=np.int64), counts)
        c_form = np.arange(len(c_row), dtype=np.int64) - np.repeat(starts, counts)
        return cls(claims, keep, ids, fig, figures, uni, units, quantity_codes, expr_codes, read_codes, kind_codes,
                   file_codes, key_names, exprs, texts, reads, kinds, files, operand_start, operand_codes, templates,
                   derived, compared,
                   own_unit, c_row, c_form, starts, counts, {})

    def claim(self, row: int) -> Claim:
        """The claim of one row."""
        return self.claims[self.claim_index[row]]

    # -- statements ----------------------------------------------------------------------------------

    def statement(self, row: int) -> Statement:
        """The statement of one row (made when first read, then the same object)."""
        found = self._statements.get(row)
        if found is None:
            stated, printed, why = self.reads[self.reading[row]]
            e = self.expr[row]
            found = self._statements[row] = Statement(self.claim(row), stated, printed, why, self.exprs[e],
                                                      self.texts[e])
        return found

    def ends(self, rows: IntArray, *, printed: bool = False) -> tuple[FloatArray, FloatArray]:
        """The ends of some rows' stated intervals (hedge included), or of their printed ones."""
        which = 1 if printed else 0
        lo = np.array([r[which].lo for r in self.reads], dtype=np.float64)
        hi = np.array([r[which].hi for r in self.reads], dtype=np.float64)
        return lo[self.reading[rows]], hi[self.reading[rows]]

    @property
    def bare(self) -> BoolArray:
        """Per row: the expression is a bare key (no derivation, or a derivation that is one key)."""
        return _flags(self.exprs, lambda e: isinstance(e, Ref))[self.expr]

    @property
    def direct_rows(self) -> IntArray:
        """The rows that state their quantity directly (a bare figure, or a figure in the quantity's own unit)."""
        return np.flatnonzero(~self.compared & (~self.derived | self.own_unit | self.bare))

    @functools.cached_property
    def row_of_id(self) -> dict[str, int]:
        """The row of each claim id (its last, for a repeated id, as a dict filled row by row keeps it)."""
        return dict(zip(self.ids, range(len(self.ids))))

    @functools.cached_property
    def last(self) -> BoolArray:
        """Per row: whether it is the row :attr:`row_of_id` keeps for its id (every row, when ids are unique)."""
        mask = np.ones(len(self.ids), dtype=bool)
        if len(self.row_of_id) < len(self.ids):
            mask[:] = False
            mask[list(self.row_of_id.values())] = True
        return mask

    def rows_of_kinds(self, kinds: Collection[str]) -> IntArray:
        """The rows (one per claim id) of claims of some kinds, in registry order."""
        wanted = np.array([k in kinds for k in self.kinds] + [False], dtype=bool)
        return np.flatnonzero(wanted[self.kind] & self.last)

    def derived_rows(self, skip: Collection[str]) -> IntArray:
        """The rows (one per claim id) with a derivation, of claims whose kind is not in ``skip``, in registry order."""
        kept = np.array([k not in skip for k in self.kinds] + [False], dtype=bool)
        return np.flatnonzero(self.derived & kept[self.kind] & self.last)

    def stated_in(self, file: str, quantities: Collection[str]) -> list[Statement]:
        """The statements of one claims file whose expression is a bare key among ``quantities``, in registry order."""
        pairs, rows = self._by_file_quantity
        file_code = self._file_index.get(file)
        if file_code is None:
            return []
        width = len(self.keys)
        found: list[int] = []
        for key in quantities:
            code = self._key_index.get(key)
            if code is None:
                continue
            pair = file_code * width + code
            found += rows[np.searchsorted(pairs, pair):np.searchsorted(pairs, pair, side="right")].tolist()
        return [self.statement(r) for r in sorted(found)]

    @functools.cached_property
    def _by_file_quantity(self) -> tuple[IntArray, IntArray]:
        """The rows whose expression is a bare key, sorted by (file, quantity) code pair, and their pair codes."""
        rows = np.flatnonzero(self.bare & self.last)
        pairs = self.file[rows] * len(self.keys) + self.quantity[rows]
        order = np.argsort(pairs, kind="stable")
        return pairs[order], rows[order]

    @functools.cached_property
    def _key_index(self) -> dict[str, int]:
        return {k: i for i, k in enumerate(self.keys)}

    @functools.cached_property
    def _file_index(self) -> dict[str, int]:
        return {k: i for i, k in enumerate(self.files)}

    # -- constraints ---------------------------------------------------------------------------------

    def constraint(self, position: int) -> Constraint:
        """The claim constraint at a position (made anew: :class:`Constraints` keeps it)."""
        row, form = int(self.c_row[position]), int(self.c_form[position])
        s = self.statement(row)
        c = s.claim
        key = self.keys[self.quantity[row]]
        e = self.expr[row]
        keys = tuple(map(self.keys.__getitem__, self.operand_codes[self.operand_start[e]:self.operand_start[e + 1]].tolist()))
        if form == MAIN:
            hedge = f"{c.hedge} " if c.hedge else ""
            return Constraint(s.expression, s.interval, c.id, keys, f"{c.id}: {s.text} = {hedge}{c.figure}")
        quantity = key_ref(key)
        if form == QUANTITY:
            return Constraint(quantity, s.interval, c.id, (key,), f"{c.id}: {key} = {c.figure}")
        return Constraint(BinOp("-", quantity, s.expression), _ZERO, c.id, tuple(dict.fromkeys((key, *keys))),
                          f"{c.id}: {key} = {c.derivation}")

    def constraint_keys(self) -> tuple[IntArray, IntArray]:
        """Every claim constraint's keys, in position order: their codes into :attr:`keys`, and how many each has.

        MAIN has its expression's keys; QUANTITY its quantity alone; IDENTITY its quantity, then its
        expression's keys other than the quantity (as :func:`refs` lists ``key - derivation``).
        """
        count = len(self.c_row)
        form, expr, quantity = self.c_form, self.expr[self.c_row], self.quantity[self.c_row]
        # the expression's keys of MAIN and IDENTITY constraints, flattened in position order
        tail = np.where(form == QUANTITY, 0, np.diff(self.operand_start)[expr])
        tail_of = np.repeat(np.arange(count, dtype=np.int64), tail)
        first = np.cumsum(tail) - tail
        tail_keys = self.operand_codes[np.arange(len(tail_of), dtype=np.int64) - first[tail_of]
                                       + self.operand_start[expr][tail_of]]
        kept = (form[tail_of] != IDENTITY) | (tail_keys != quantity[tail_of])
        tail_of, tail_keys = tail_of[kept], tail_keys[kept]
        lead_of = np.flatnonzero(form != MAIN)  # the quantity first
        owner = np.r_[lead_of, tail_of]
        order = np.argsort(owner, kind="stable")  # each constraint's lead before its tail
        return np.r_[quantity[lead_of], tail_keys][order], np.bincount(owner, minlength=count).astype(np.int64)

    def constraint_templates(self) -> tuple[IntArray, list[object]]:
        """Every claim constraint's shape template, as codes into the list of distinct templates."""
        codes, templates = distinct(self.expr_template)
        ref = len(templates)
        identity = [("identity", t) if t else None for t in templates]
        template = codes[self.expr[self.c_row]]
        out = template.copy()
        out[self.c_form == QUANTITY] = ref
        out[self.c_form == IDENTITY] = template[self.c_form == IDENTITY] + ref + 1
        return out, [*templates, _REF, *identity]

    def targets(self) -> tuple[FloatArray, FloatArray]:
        """Every claim constraint's target ends (the stated interval; zero for an identity)."""
        lo, hi = self.ends(self.c_row)
        identity = self.c_form == IDENTITY
        lo[identity], hi[identity] = _ZERO.lo, _ZERO.hi
        return lo, hi


def _expression(derivation: str) -> Node | None:
    """The tree of a derivation; None when it cannot be read."""
    try:
        return parse_derivation(derivation)
    except (ValueError, ExpressionError, TypeError):
        return None


def _flags(values: Sequence[object], test: Callable[[object], bool]) -> BoolArray:
    return np.fromiter(map(test, values), bool, len(values))


def _codes(frame: pd.DataFrame, column: str, missing: str | None, rows: int) -> tuple[IntArray, list]:
    """A text column as codes into its distinct values (a missing value read as ``missing``)."""
    if not rows:
        return np.zeros(0, dtype=np.int64), [missing]
    codes, values = pd.factorize(frame[column])
    values = values.tolist()  # several times faster than list() over a pyarrow-backed array
    if (codes < 0).any():
        codes = np.where(codes < 0, len(values), codes)
        values.append(missing)
    return codes.astype(np.int64), values


class Statements(Mapping[str, Statement]):
    """A network's statements by claim id, made when read (a repeated id names its last claim)."""

    def __init__(self, table: ClaimTable) -> None:
        self._table = table

    def __getitem__(self, claim_id: str) -> Statement:
        return self._table.statement(self._table.row_of_id[claim_id])

    def __contains__(self, claim_id: object) -> bool:
        return claim_id in self._table.row_of_id

    def __iter__(self) -> Iterator[str]:
        return iter(self._table.row_of_id)

    def __len__(self) -> int:
        return len(self._table.row_of_id)


class Direct(Mapping[str, list[Statement]]):
    """For each quantity, the statements that state it directly, in registry order (made when read).

    Quantities come in the order their first direct statement appears, as a dict filled claim by
    claim would have them.
    """

    def __init__(self, table: ClaimTable) -> None:
        self.table = table
        rows = table.direct_rows
        keys = table.quantity[rows]
        _, first = np.unique(keys, return_index=True)
        appearance = keys[np.sort(first)]  # quantities, in the order they first appear
        rank = np.empty(len(table.keys), dtype=np.int64)
        rank[appearance] = np.arange(len(appearance))
        order = np.argsort(rank[keys], kind="stable")
        #: the rows grouped by quantity (quantities in appearance order, rows in registry order)
        self.grouped = rows[order]
        counts = np.bincount(rank[keys], minlength=len(appearance))
        #: where each quantity's rows start in :attr:`grouped` (and where the last ends)
        self.starts = np.r_[0, np.cumsum(counts)].astype(np.int64)
        self.keys = [table.keys[k] for k in appearance.tolist()]
        self._index = dict(zip(self.keys, range(len(self.keys))))
        self._made: dict[str, list[Statement]] = {}

    def __getitem__(self, key: str) -> list[Statement]:
        found = self._made.get(key)
        if found is None:
            i = self._index[key]
            rows = self.grouped[self.starts[i]:self.starts[i + 1]].tolist()
            found = self._made[key] = [self.table.statement(r) for r in rows]
        return found

    def __contains__(self, key: object) -> bool:
        return key in self._index

    def __iter__(self) -> Iterator[str]:
        return iter(self.keys)

    def __len__(self) -> int:
        return len(self.keys)


class Constraints(MadeWhenRead):
    """A network's constraints: the claims' own from the table (made when read, then kept), then trusted ones."""

    def __init__(self, table: ClaimTable, trusted: Identities) -> None:
        self.table = table
        self.trusted = trusted
        self._claims = len(table.c_row)
        self._made = {}

    def __len__(self) -> int:
        return self._claims + len(self.trusted)

    def _make(self, i: int) -> Constraint:
        return self.table.constraint(i) if i < self._claims else self.trusted[i - self._claims]

    def keys_of(self, i: int) -> tuple[str, ...]:
        if i >= self._claims:
            return self.trusted.keys[i - self._claims]
        flat, starts = self._claim_keys
        return tuple(map(self.table.keys.__getitem__, flat[starts[i]:starts[i + 1]]))

    @functools.cached_property
    def _claim_keys(self) -> tuple[list[int], list[int]]:
        """The claim constraints' key codes, flattened, and where each constraint's start (as lists: read one by one)."""
        flat, counts = self.table.constraint_keys()
        return flat.tolist(), np.r_[0, np.cumsum(counts)].tolist()


class OwnerPositions(Mapping[str, Sequence[int]]):
    """Each claim id's constraint positions (none for a prediction), from the table's columns."""

    def __init__(self, table: ClaimTable) -> None:
        self._table = table

    @functools.cached_property
    def _rows(self) -> dict[str, list[int]]:
        """Ids on several rows (rare: a repeated id is an error the schema reports) -> all their rows."""
        rows: dict[str, list[int]] = {}
        if len(self._table.row_of_id) < len(self._table.ids):
            for row, claim_id in enumerate(self._table.ids):
                rows.setdefault(claim_id, []).append(row)
        return rows

    def __getitem__(self, claim_id: str) -> Sequence[int]:
        t = self._table
        rows = self._rows.get(claim_id) or [t.row_of_id[claim_id]]
        spans = [(int(t.c_start[r]), int(t.c_start[r] + t.c_count[r])) for r in rows if t.c_count[r]]
        if not spans:
            raise KeyError(claim_id)
        if len(spans) == 1:
            return range(*spans[0])
        return [p for span in spans for p in range(*span)]

    def __iter__(self) -> Iterator[str]:
        return (claim_id for claim_id in self._table.row_of_id if claim_id in self)

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def __contains__(self, claim_id: object) -> bool:
        try:
            self[claim_id]  # type: ignore[index]
        except KeyError:
            return False
        return True
