"""Recompute every stated derivation at once, for the CC1xx rules (:mod:`claimcheck.rules.derivation`).

Each quantity of a derivation is bound to what claims state of it directly, as :func:`operands`
does for one claim. Here those bindings come from a table built once per check (:class:`_Sources`),
and the derivations are grouped by shape (the expanded tree with its quantities replaced by slots
``$0``, ``$1`` ...) so that each shape is evaluated for all its rows in one
:func:`~claimcheck.expr.evaluate_array` call.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import repeat
from operator import add, attrgetter, contains

import numpy as np
import numpy.typing as npt
import pandas as pd

from claimcheck.claimtable import Direct
from claimcheck.columns import BoolArray, FloatArray
from claimcheck.engine import Context
from claimcheck.expr import (
    Call,
    Node,
    evaluate,
    evaluate_array,
    expand,
    refs,
    rename_refs,
)
from claimcheck.intervals import Interval, IntervalArray, ZeroDivisionInterval
from claimcheck.network import Statement, intersect_all

Ints = npt.NDArray[np.intp]
_KEY = attrgetter("key")


def operands(ctx: Context, s: Statement) -> tuple[dict[str, Interval], tuple[str, ...]] | None:
    """Bind every quantity of a derivation to what claims state of it directly; None if one is not stated.

    The claim's own article is preferred; otherwise every other article's statements of the
    quantity are intersected. Values that are only implied are left to triangulation: using
    them here would recompute a claim from itself.
    """
    bindings: dict[str, Interval] = {}
    used: list[str] = []
    for key in refs(s.expression):
        stated = [o for o in ctx.direct.get(key, []) if o.claim.id != s.claim.id]
        own = [o for o in stated if o.claim.file == s.claim.file]
        chosen = own or stated
        value = intersect_all(chosen) if chosen else None
        if value is None:
            return None
        bindings[key] = value
        used += [o.claim.id for o in chosen]
    return bindings, tuple(used)


@dataclass
class Recomputed:
    """The derivations of some statements recomputed, one row per statement, in their order."""

    #: every quantity is stated directly, and the statements chosen for each meet
    known: BoolArray
    #: where known: a divisor's interval contains zero (:func:`evaluate` raises)
    zero: BoolArray
    #: where known and not zero: the value, as :class:`IntervalArray` ends
    lo: FloatArray
    hi: FloatArray
    #: where known: the ids of the claims the operands come from
    operands: list[tuple[str, ...]]
    #: the quantities of each derivation, as :func:`~claimcheck.expr.refs` lists them
    quantities: list[tuple[str, ...]]


@dataclass
class Rows:
    """Statements a rule reads all at once, as columns; :meth:`statement` makes one where a finding needs it.

    From a network's claim table the columns are gathered by code, without making the statements
    (:meth:`derived`); from statements at hand, read off them (:meth:`of`).
    """

    ids: list[str]
    files: list[str]
    kinds: list[str]
    expressions: list[Node]
    #: the derivation (or key) as written, the figure as printed, and its unit
    texts: list[str]
    figures: list[str]
    units: list[str]
    #: the stated intervals (hedge included) and, as arrays, those and the printed ones
    intervals: list[Interval]
    stated: IntervalArray
    printed: IntervalArray
    statement: Callable[[int], Statement]

    def __len__(self) -> int:
        return len(self.ids)

    @classmethod
    def of(cls, statements: list[Statement]) -> Rows:
        """The columns of some statements."""
        claims = [s.claim for s in statements]
        return cls([c.id for c in claims], [c.file for c in claims], [c.kind for c in claims],
                   [s.expression for s in statements], [s.text for s in statements], [c.figure for c in claims],
                   [c.unit for c in claims], [s.interval for s in statements],
                   IntervalArray.from_intervals([s.interval for s in statements]),
                   IntervalArray.from_intervals([s.printed for s in statements]), statements.__getitem__)

    @classmethod
    def derived(cls, ctx: Context, skip: Collection[str]) -> Rows:
        """The statements of every claim with a derivation whose kind is not in ``skip``, in registry order."""
        table = ctx.net.table
        if table is None:
            return cls.of(ctx.net.derived(skip))
        rows = table.derived_rows(skip)
        at = rows.tolist()
        expr = table.expr[rows].tolist()
        return cls(list(map(table.ids.__getitem__, at)), list(map(table.files.__getitem__, table.file[rows].tolist())),
                   list(map(table.kinds.__getitem__, table.kind[rows].tolist())),
                   list(map(table.exprs.__getitem__, expr)), list(map(table.texts.__getitem__, expr)),
                   list(map(table.figures.__getitem__, table.figure[rows].tolist())),
                   list(map(table.units.__getitem__, table.unit[rows].tolist())),
                   [table.reads[r][0] for r in table.reading[rows].tolist()],
                   IntervalArray(*table.ends(rows)), IntervalArray(*table.ends(rows, printed=True)),
                   lambda i: table.statement(at[i]))


def recompute(ctx: Context, rows: Rows) -> Recomputed:
    """Recompute the derivations of some statements, each exactly as :func:`operands` and :func:`evaluate` would."""
    n = len(rows)
    out = Recomputed(np.zeros(n, dtype=bool), np.zeros(n, dtype=bool), np.zeros(n), np.zeros(n), [()] * n, [])
    by_signature: dict[Hashable, _Group] = {}
    by_shape: dict[Node, _Group] = {}
    for row, (expression, file, claim_id) in enumerate(zip(rows.expressions, rows.files, rows.ids)):
        signature, keys = _signature(expression)
        out.quantities.append(keys)
        group = by_signature.get(signature)
        if group is None:
            shape = expand(_slotted(expression, {}))
            group = by_signature[signature] = by_shape.setdefault(shape, _Group(shape, len(keys)))
        group.rows.append(row)
        group.keys += keys
        group.files.append(file)
        group.claims.append(claim_id)
    sources = _Sources(ctx.direct)
    for group in by_shape.values():
        for row in _evaluate(group, sources, out):
            _evaluate_one(ctx, rows.statement(row), row, out)
    return out


@dataclass
class _Group:
    """The rows of one shape: their positions, quantities (``slots`` a row), files and claim ids."""

    shape: Node
    slots: int
    rows: list[int] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    claims: list[str] = field(default_factory=list)


def _signature(node: Node) -> tuple[Hashable, tuple[str, ...]]:
    """A hashable name shared by the trees of one slotted form, and the tree's quantities in slot order.

    A call on distinct quantities, the common case, is named without building a tree.
    """
    if type(node) is Call:
        try:
            keys = tuple(map(_KEY, node.args))  # only a Ref has a key
        except AttributeError:
            pass
        else:
            if len(set(keys)) == len(keys):
                return (node.name, len(keys)), keys
    slots: dict[str, int] = {}
    return _slotted(node, slots), tuple(slots)


def _slotted(node: Node, slots: dict[str, int]) -> Node:
    """``node`` with each quantity replaced by ``$i``, numbered in order of first appearance into ``slots``."""
    return rename_refs(node, lambda key: f"${slots.setdefault(key, len(slots))}")


class _Sources:
    """Every operand value :func:`operands` may bind, computed once: intersections of direct statements.

    Source ``k`` is the intersection of all statements of the ``k``-th quantity of ``direct``. After
    those come the statements of one file, for each quantity stated in more than one file (where
    there is only one, its statements are all of them), and last an empty source, ``-1``, for a
    quantity nobody states. ``lo``/``hi`` are the sources' ends (``lo > hi`` when the statements
    do not meet) and ``ids`` the statements' claim ids, in ``direct`` order.
    """

    def __init__(self, direct: Mapping[str, list[Statement]]) -> None:
        self.key_index = {key: i for i, key in enumerate(direct)}
        if isinstance(direct, Direct):  # read from the claim table, without making the statements
            table, rows = direct.table, direct.grouped
            ids = list(map(table.ids.__getitem__, rows.tolist()))
            ends = IntervalArray(*table.ends(rows))
            codes, seen = pd.factorize(table.file[rows])  # files in order of first appearance
            files = codes.astype(np.intp)
            self.file_index = {table.files[code]: i for i, code in enumerate(seen.tolist())}
            counts = np.diff(direct.starts)
        else:
            claims = [o.claim for stated in direct.values() for o in stated]
            ends = IntervalArray.from_intervals([o.interval for stated in direct.values() for o in stated])
            ids = [c.id for c in claims]
            names = [c.file for c in claims]
            self.file_index = {name: i for i, name in enumerate(dict.fromkeys(names))}
            files = np.fromiter(map(self.file_index.__getitem__, names), np.intp, len(names))
            counts = [len(v) for v in direct.values()]
        owner = np.repeat(np.arange(len(direct), dtype=np.intp), counts)
        # sorted by (quantity, file), stably: each run is the statements of one quantity in one file
        pair = owner * len(self.file_index) + files
        order = np.argsort(pair, kind="stable")
        key_starts, pair_starts = _starts(owner), _starts(pair[order])
        pairs = pair[order][pair_starts]
        pair_key = pairs // max(len(self.file_index), 1)
        several = np.bincount(pair_key, minlength=len(direct))[pair_key] > 1
        #: the sorted codes (quantity * files + file) of the pairs with a source of their own
        self.pairs = pairs[several]
        lo, hi = ends.lo, ends.hi
        self.lo = np.r_[_reduce(np.maximum, lo, key_starts), _reduce(np.maximum, lo[order], pair_starts)[several], np.inf]
        self.hi = np.r_[_reduce(np.minimum, hi, key_starts), _reduce(np.minimum, hi[order], pair_starts)[several], -np.inf]
        pair_ends = np.r_[pair_starts[1:], len(order)]
        by_pair = [tuple(map(ids.__getitem__, order[a:b].tolist()))
                   for a, b in zip(pair_starts[several].tolist(), pair_ends[several].tolist())]
        self.ids = [*_slices(ids, key_starts), *by_pair, ()]

    def pick(self, keys: Sequence[str], files: Sequence[str]) -> Ints:
        """The source of each quantity of each row: rows of ``len(keys) // len(files)`` quantities.

        The statements of the row's own file if there are any, else all of them (as :func:`operands`).
        """
        key = np.fromiter(map(self.key_index.get, keys, repeat(-1)), np.intp, len(keys)).reshape(len(files), -1)
        if not len(self.pairs):
            return key
        file = np.fromiter(map(self.file_index.get, files, repeat(-1)), np.intp, len(files))[:, None]
        pair = key * len(self.file_index) + file
        at = np.minimum(np.searchsorted(self.pairs, pair), len(self.pairs) - 1)
        own = (key >= 0) & (file >= 0) & (self.pairs[at] == pair)
        return np.where(own, len(self.key_index) + at, key)


def _starts(codes: Ints) -> Ints:
    """Where each run of equal codes starts."""
    return np.flatnonzero(np.r_[True, codes[1:] != codes[:-1]]) if len(codes) else codes


def _reduce(ufunc: np.ufunc, values: FloatArray, starts: Ints) -> FloatArray:
    """``ufunc`` over each run of ``values`` that starts at ``starts``."""
    return ufunc.reduceat(values, starts) if len(values) else values


def _slices(items: list[str], starts: Ints) -> list[tuple[str, ...]]:
    """``items`` cut into the runs that start at ``starts``."""
    ends = [*starts.tolist()[1:], len(items)]
    return list(map(tuple, map(items.__getitem__, map(slice, starts.tolist(), ends))))


def _evaluate(group: _Group, sources: _Sources, out: Recomputed) -> list[int]:
    """Fill ``out`` for the rows of one shape; return the rows to bind one by one.

    Those are the claims that are themselves among the statements of one of their quantities
    (its source then holds their own id), which :func:`operands` leaves out.
    """
    picked = sources.pick(group.keys, group.files)
    used: list[tuple[str, ...]] = [()] * len(group.rows)
    for column in picked.T.tolist():
        used = list(map(add, used, map(sources.ids.__getitem__, column)))
    own = np.fromiter(map(contains, used, group.claims), bool, len(used))
    lo, hi = sources.lo[picked], sources.hi[picked]
    known = (lo <= hi).all(axis=1) & ~own
    rows = np.array(group.rows, dtype=np.intp)
    bindings = {f"${j}": IntervalArray(lo[known, j], hi[known, j]) for j in range(group.slots)}
    value, zero = evaluate_array(group.shape, bindings, size=int(known.sum()))
    done = rows[known]
    out.known[done], out.zero[done], out.lo[done], out.hi[done] = True, zero, value.lo, value.hi
    for row, ids in zip(group.rows, used):
        out.operands[row] = ids
    return rows[own].tolist()


def _evaluate_one(ctx: Context, s: Statement, row: int, out: Recomputed) -> None:
    """Fill ``out`` for one row with :func:`operands` and :func:`evaluate`."""
    bound = operands(ctx, s)
    if bound is None:
        return
    bindings, out.operands[row] = bound
    out.known[row] = True
    try:
        value = evaluate(s.expression, bindings)
    except ZeroDivisionInterval:
        out.zero[row] = True
        return
    out.lo[row], out.hi[row] = value.lo, value.hi
