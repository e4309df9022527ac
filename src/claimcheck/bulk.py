"""Vectorised screening of a large network: every constraint narrowed at once with numpy.

The exact engine (:func:`claimcheck.network.propagate`, HC4) revises one constraint at a time
in Python. That is the right tool to *explain* a discrepancy, and far too slow to *look for*
one among a million claims. This module does the looking:

1. **Tables.** Every constraint tree (after :func:`~claimcheck.expr.expand`) is compiled into
   a *shape*: its tree with each quantity replaced by a slot (``(q0 / q1 - 1) * 100`` for every
   growth rate, ``q0 / q1 * 100`` for every share, ``q0 - (q1 + q2)`` for every sum identity
   ...). Constraints of one shape form one table: an ``(n, slots)`` array of quantity indices
   and the stated interval's ends. A tree that uses one quantity twice, or none, is not
   compiled; its component is left to the exact engine.
2. **Propagation.** Each round evaluates every table forward and projects backward exactly as
   :func:`~claimcheck.expr.narrow` does (the same formulas, with the outward-rounding kernels of
   :class:`~claimcheck.intervals.IntervalArray`), and intersects all projections of a quantity
   with ``np.maximum.at`` / ``np.minimum.at``. Only constraints touching a quantity that
   narrowed meaningfully (the engine's ``NARROWING`` test) are revised again; rounds stop when
   nothing narrows, or after :data:`MAX_ROUNDS`.
3. **Verdict per component.** A component (claims linked by quantities and trusted identities,
   as :func:`~claimcheck.network.components` groups them) is *infeasible* when one of its
   quantities came out empty or one of its constraints cannot hold; *undecided* when it was still
   narrowing at the round cap, holds a constraint that could not be compiled, or has ratios
   round a cycle whose product may not be 1 (:meth:`BulkNetwork.ratio_cycles`, which narrowing
   cannot see); *consistent* otherwise.

Soundness: every projection rounds outward, so no value that satisfies the constraints is ever
removed; an empty quantity therefore proves that the claims cannot all hold. Bulk screening
never calls a feasible network infeasible. It computes the same kind of fixed point as HC4
(the same per-constraint projections, applied in rounds instead of one at a time), so it misses
an infeasibility only where HC4 would too (a contradiction reachable only by creeping below
the ``NARROWING`` threshold), or when it stops at the round cap; capped components are
*undecided* and go to the exact engine, as do components with constraints it cannot compile.

Findings still come from one place: :class:`~claimcheck.network.ConflictSearch` runs on every
infeasible or undecided component and never on a consistent one (:mod:`claimcheck.diagnosis`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np
import pandas as pd

from claimcheck.columns import BoolArray, FloatArray, IntArray
from claimcheck.expr import BinOp, Neg, Node, Num, Ref, number_interval
from claimcheck.intervals import (
    Interval,
    add_ends,
    div_extended_ends,
    mul_ends,
    sub_ends,
)
from claimcheck.network import (
    NARROWING,
    Network,
)
from claimcheck.ratios import TOLERANCE

#: propagation rounds before a still-narrowing component is handed to the exact engine
MAX_ROUNDS = 200

_INF = math.inf


# --- compiling constraint trees into shapes ----------------------------------------------------------


Cell = tuple  # ("ref", slot) | ("num", lo, hi) | ("neg", kid) | ("bin", op, left, right)


def compile_tree(tree: Node) -> tuple[tuple[Cell, ...], tuple[str, ...]] | None:
    """Compile an expanded tree into post-order cells with quantity slots; None if it uses a quantity twice or none.

    >>> from claimcheck.expr import expand, parse
    >>> cells, keys = compile_tree(expand(parse("growth(a/x/2024, a/x/2023)")))
    >>> keys, cells[-1]
    (('a/x/2024', 'a/x/2023'), ('bin', '*', 4, 5))
    """
    cells: list[Cell] = []
    keys: list[str] = []

    def visit(node: Node) -> int | None:
        if isinstance(node, Ref):
            if node.key in keys:
                return None
            keys.append(node.key)
            cells.append(("ref", len(keys) - 1))
        elif isinstance(node, Num):
            iv = number_interval(node.text)
            cells.append(("num", iv.lo, iv.hi))
        elif isinstance(node, Neg):
            kid = visit(node.operand)
            if kid is None:
                return None
            cells.append(("neg", kid))
        elif isinstance(node, BinOp):
            left = visit(node.left)
            right = visit(node.right) if left is not None else None
            if right is None:
                return None
            cells.append(("bin", node.op, left, right))
        else:
            return None
        return len(cells) - 1

    if visit(tree) is None or not keys:
        return None
    return tuple(cells), tuple(keys)


def ratio_cells(cells: tuple[Cell, ...]) -> tuple[tuple[Cell, ...], int, int] | None:
    """A shape read as a ratio (as :func:`~claimcheck.ratios.ratio_of` reads a tree), or None when it is not one.

    Returns the shape's cells with the division of its two quantities replaced by slot 0 (the
    ratio), and the slots of the division's top and bottom.

    >>> from claimcheck.expr import expand, parse
    >>> cells, _ = compile_tree(expand(parse("growth(a/x/2024, a/x/2023)")))
    >>> ratio_cells(cells)
    ((('ref', 0), ('num', 1.0, 1.0), ('bin', '-', 0, 1), ('num', 100.0, 100.0), ('bin', '*', 2, 3)), 0, 1)
    """
    at = len(cells) - 1
    while True:
        cell = cells[at]
        if cell[0] == "neg":
            at = cell[1]
        elif cell[0] != "bin":
            return None
        elif cell[1] == "/" and cells[cell[2]][0] == "ref" and cells[cell[3]][0] == "ref":
            break
        elif cells[cell[3]][0] == "num":
            at = cell[2]
        elif cells[cell[2]][0] == "num":
            at = cell[3]
        else:
            return None
    division = cells[at]
    top, bottom = cells[division[2]][1], cells[division[3]][1]
    out: list[Cell] = []

    def copy(i: int) -> int:
        cell = cells[i]
        if i == at:
            out.append(("ref", 0))
        elif cell[0] == "neg":
            out.append(("neg", copy(cell[1])))
        elif cell[0] == "bin":
            left = copy(cell[2])
            out.append(("bin", cell[1], left, copy(cell[3])))
        else:
            out.append(cell)
        return len(out) - 1

    copy(len(cells) - 1)
    return tuple(out), top, bottom


@dataclass
class ShapeTable:
    """All constraints of one shape: their positions, quantity slots and targets."""

    cells: tuple[Cell, ...]
    rows: IntArray  # constraint positions in the network
    slots: IntArray  # (n, k) quantity indices
    tlo: FloatArray
    thi: FloatArray

    def revise(self, sel: IntArray, lo: FloatArray, hi: FloatArray) -> tuple[BoolArray, FloatArray, FloatArray]:
        """One HC4-revise pass of the selected rows: (rows that cannot hold, narrowed slot lows, slot highs)."""
        slots = self.slots[sel]
        m = len(sel)
        vals: list[tuple[FloatArray, FloatArray]] = []
        with np.errstate(all="ignore"):
            for cell in self.cells:
                kind = cell[0]
                if kind == "ref":
                    q = slots[:, cell[1]]
                    vals.append((lo[q], hi[q]))
                elif kind == "num":
                    vals.append((np.full(m, cell[1]), np.full(m, cell[2])))
                elif kind == "neg":
                    a = vals[cell[1]]
                    vals.append((-a[1], -a[0]))
                else:
                    a, b = vals[cell[2]], vals[cell[3]]
                    op = cell[1]
                    if op == "+":
                        vals.append(add_ends(*a, *b))
                    elif op == "-":
                        vals.append(sub_ends(*a, *b))
                    elif op == "*":
                        vals.append(mul_ends(*a, *b))
                    else:
                        vals.append(div_extended_ends(*a, *b))
            bad = np.zeros(m, dtype=bool)

            def meet(x: tuple[FloatArray, FloatArray], y: tuple[FloatArray, FloatArray]) -> tuple[FloatArray, FloatArray]:
                nlo, nhi = np.fmax(x[0], y[0]), np.fmin(x[1], y[1])
                bad[:] |= nlo > nhi
                return nlo, nhi

            root = len(self.cells) - 1
            vals[root] = meet(vals[root], (self.tlo[sel], self.thi[sel]))
            out_lo = np.empty((m, slots.shape[1]))
            out_hi = np.empty((m, slots.shape[1]))
            for i in range(root, -1, -1):
                cell = self.cells[i]
                c = vals[i]
                kind = cell[0]
                if kind == "ref":
                    out_lo[:, cell[1]], out_hi[:, cell[1]] = c
                elif kind == "neg":
                    vals[cell[1]] = meet(vals[cell[1]], (-c[1], -c[0]))
                elif kind == "bin":
                    op, ka, kb = cell[1], cell[2], cell[3]
                    a, b = vals[ka], vals[kb]
                    if op == "+":
                        na = meet(a, sub_ends(*c, *b))
                        nb = meet(b, sub_ends(*c, *na))
                    elif op == "-":
                        na = meet(a, add_ends(*c, *b))
                        nb = meet(b, sub_ends(*na, *c))
                    elif op == "*":
                        na = meet(a, div_extended_ends(*c, *b))
                        nb = meet(b, div_extended_ends(*c, *na))
                    else:  # a / b = c  =>  a = c * b  and  b != 0 (as narrow: a divisor that can only be zero fails)
                        bad |= _nil(*b)
                        na = meet(a, mul_ends(*c, *b))
                        nb = meet(b, div_extended_ends(*na, *c))
                        bad |= _nil(*nb)
                    vals[ka], vals[kb] = na, nb
        return bad, out_lo, out_hi


def _nil(lo: FloatArray, hi: FloatArray) -> BoolArray:
    """Where an interval is zero alone (no divisor can be that)."""
    return (lo == 0) & (hi == 0)


# --- the bulk network -------------------------------------------------------------------------------


@dataclass
class BulkNetwork:
    """A network's constraints as shape tables over quantity indices."""

    net: Network
    keys: list[str]
    index: dict[str, int]
    start_lo: FloatArray
    start_hi: FloatArray
    tables: list[ShapeTable]
    #: constraint positions that could not be compiled (left to the exact engine)
    unsupported: IntArray
    #: owner index per constraint (-1 for a trusted identity), and the owners' claim ids
    owner: IntArray
    owners: list[str]
    #: incidence: (constraint position, quantity index) pairs, for components and neighbourhoods
    inc_c: IntArray
    inc_q: IntArray
    _csr: dict[str, tuple[IntArray, IntArray]] = field(default_factory=dict, repr=False)
    _ratios: Ratios | None = field(default=None, repr=False)

    @classmethod
    def build(cls, net: Network) -> BulkNetwork:
        """Compile every constraint of a network.

        Columns first (owners, keys and targets factorised in one pass each); trees are compiled
        once per template (constraints of one template differ only in their keys) and one by one
        only where no template is known.
        """
        constraints = net.constraints
        count = len(constraints)
        owner_codes, owners, lengths, key_codes, keys, tlo, thi = constraint_columns(net)
        starts = np.zeros(count + 1, dtype=np.int64)
        np.cumsum(lengths, out=starts[1:])
        codes, templates = net.templates()
        template_ids: dict[object, int] = {}
        canonical = np.array([-1 if t is None else template_ids.setdefault(t, len(template_ids)) for t in templates]
                             + [-1], dtype=np.int64)
        template_of = canonical[codes]  # code -1 takes the last: no template
        chunks: dict[tuple[Cell, ...], list[tuple[IntArray, IntArray]]] = {}
        one_by_one: list[int] = list(np.flatnonzero(template_of < 0))
        for t in range(len(template_ids)):
            rows = np.flatnonzero(template_of == t)
            if not len(rows):  # a template no constraint has (the list holds every form of each shape)
                continue
            first = constraints[int(rows[0])]
            compiled = compile_tree(first.tree)
            if compiled is None or tuple(compiled[1]) != tuple(first.keys):
                one_by_one += rows.tolist()
                continue
            cells, width = compiled[0], len(compiled[1])
            fits = lengths[rows] == width
            one_by_one += rows[~fits].tolist()
            rows = rows[fits]
            slots = key_codes[starts[rows][:, None] + np.arange(width)]
            chunks.setdefault(cells, []).append((rows, slots))
        unsupported: list[int] = []
        key_index = {k: i for i, k in enumerate(keys)}
        for pos in sorted(one_by_one):
            c = constraints[pos]
            compiled = compile_tree(c.tree)
            if compiled is None or set(compiled[1]) != set(c.keys):
                unsupported.append(pos)
                continue
            slots = np.array([[key_index[k] for k in compiled[1]]], dtype=np.int64)
            chunks.setdefault(compiled[0], []).append((np.array([pos], dtype=np.int64), slots))
        tables = []  # in network order of their first rows, as the constraints were met before
        for cells, parts in chunks.items():
            rows = np.concatenate([p[0] for p in parts])
            slots = np.concatenate([p[1] for p in parts])
            order = np.argsort(rows, kind="stable")  # network order, as revisions record their reasons
            rows, slots = rows[order], slots[order]
            tables.append(ShapeTable(cells, rows, slots, tlo[rows], thi[rows]))
        tables.sort(key=lambda table: int(table.rows[0]))
        key_list = keys
        start = [net.start.get(k, Interval.entire()) for k in key_list]
        return cls(net, key_list, key_index,
                   np.array([s.lo for s in start], dtype=np.float64), np.array([s.hi for s in start], dtype=np.float64),
                   tables, np.array(sorted(unsupported), dtype=np.int64), owner_codes, owners,
                   np.repeat(np.arange(count, dtype=np.int64), lengths), key_codes)

    # -- propagation -------------------------------------------------------------------------------

    def propagate(self, active: BoolArray | None = None, lo: FloatArray | None = None,
                  hi: FloatArray | None = None, max_rounds: int = MAX_ROUNDS) -> Screening:
        """Narrow every quantity with the constraints marked ``active`` (default: all) until nothing narrows."""
        n = len(self.keys)
        lo = self.start_lo.copy() if lo is None else lo.copy()
        hi = self.start_hi.copy() if hi is None else hi.copy()
        dead = np.zeros(n, dtype=bool)
        failed = np.zeros(len(self.net.constraints), dtype=bool)
        use = [np.ones(len(t.rows), dtype=bool) if active is None else active[t.rows] for t in self.tables]
        table_of, row_of = self._rows()
        q_ptr, q_cons = self.csr("q")
        reason_lo = np.full(n, -1, dtype=np.int64)
        reason_hi = np.full(n, -1, dtype=np.int64)
        moving = np.arange(n)  # quantities that narrowed last round (all, before the first)
        position = np.zeros(n, dtype=np.int64)  # scratch: where each revised quantity sits in this round's list
        rounds = 0
        # Jacobi rounds: every revision reads the domains as they were at the start of the round;
        # a round costs what it touches (constraints of quantities that narrowed), not the network
        while len(moving) and rounds < max_rounds:
            rounds += 1
            if rounds == 1:
                touched_by_table = [np.arange(len(t.rows)) for t in self.tables]
            else:
                touched_by_table = _touched(moving, q_ptr, q_cons, table_of, row_of, len(self.tables))
            qs, vlos, vhis, conss = [], [], [], []
            for table, mask, candidates in zip(self.tables, use, touched_by_table):
                if len(candidates) == 0:
                    continue
                candidates = candidates[mask[candidates]]
                sel = candidates[~dead[table.slots[candidates]].any(axis=1)]
                if len(sel) == 0:
                    continue
                bad, out_lo, out_hi = table.revise(sel, lo, hi)
                if bad.any():
                    rows = sel[bad]
                    failed[table.rows[rows]] = True
                    mask[rows] = False
                    dead[table.slots[rows].ravel()] = True
                ok = ~bad
                qs.append(table.slots[sel[ok]].ravel())
                vlos.append(out_lo[ok].ravel())
                vhis.append(out_hi[ok].ravel())
                conss.append(np.repeat(table.rows[sel[ok]], table.slots.shape[1]))
            if not qs:
                moving = np.empty(0, dtype=np.int64)
                break
            q, vlo, vhi, cons = np.concatenate(qs), np.concatenate(vlos), np.concatenate(vhis), np.concatenate(conss)
            uq = _distinct(q, n)
            old_lo, old_hi = lo[uq].copy(), hi[uq].copy()
            np.maximum.at(lo, q, vlo)
            np.minimum.at(hi, q, vhi)
            position[uq] = np.arange(len(uq))
            at = position[q]
            m = (vlo == lo[q]) & (vlo > old_lo[at])  # which constraint set each end that moved
            reason_lo[q[m]] = cons[m]
            m = (vhi == hi[q]) & (vhi < old_hi[at])
            reason_hi[q[m]] = cons[m]
            new_lo, new_hi = lo[uq], hi[uq]
            dead[uq[new_lo > new_hi]] = True
            gone = dead[uq]
            lo[uq[gone]] = old_lo[gone]
            hi[uq[gone]] = old_hi[gone]
            moving = uq[_narrowed(lo[uq], hi[uq], old_lo, old_hi) & ~gone]
        changed = np.zeros(n, dtype=bool)
        changed[moving] = True
        cycles, creeping = self.ratio_cycles(active, max_rounds)
        return Screening(self, lo, hi, dead, failed, changed | creeping, rounds, reason_lo, reason_hi, cycles)

    # -- ratios round cycles -----------------------------------------------------------------------------

    def ratios(self) -> Ratios:
        """Every compiled constraint that reads as a ratio of two quantities, as :func:`~claimcheck.ratios.ratio_of` reads it.

        The ratio is what one revision of the shape, with the division as its one quantity and
        nothing known of it, gives that quantity: the exact engine narrows the same tree.
        """
        if self._ratios is None:
            parts: list[tuple[IntArray, IntArray, IntArray, FloatArray, FloatArray]] = []
            for table in self.tables:
                shape = ratio_cells(table.cells)
                if shape is None:
                    continue
                cells, top, bottom = shape
                count = len(table.rows)
                ratio = ShapeTable(cells, table.rows, np.zeros((count, 1), dtype=np.int64), table.tlo, table.thi)
                bad, lo, hi = ratio.revise(np.arange(count), np.array([-_INF]), np.array([_INF]))
                lo, hi = lo[:, 0], hi[:, 0]
                keep = ~bad & ((lo > 0) | (hi < 0))
                parts.append((table.rows[keep], table.slots[keep, top], table.slots[keep, bottom], lo[keep], hi[keep]))
            if parts:
                self._ratios = Ratios(*(np.concatenate(column) for column in zip(*parts)))
            else:
                none = np.empty(0, dtype=np.int64)
                self._ratios = Ratios(none, none, none, np.empty(0), np.empty(0))
        return self._ratios

    def ratio_cycles(self, active: BoolArray | None = None, max_rounds: int = MAX_ROUNDS) -> tuple[BoolArray, BoolArray]:
        """Quantities on a cycle of ratios whose product may not be 1, and quantities still moving at the round cap.

        :func:`~claimcheck.ratios.find_cycle` for every ratio at once: Bellman-Ford in rounds on
        the logarithms of the quantities' magnitudes, looking for a cycle among the arcs that last
        shortened each distance (which then has negative weight) at rounds 8, 16, 32 ... and at the
        cap. A cycle found here is not confirmed: the exact engine, searching its component,
        confirms it with outward-rounded products or finds nothing.
        """
        n = len(self.keys)
        on_cycle, creeping = np.zeros(n, dtype=bool), np.zeros(n, dtype=bool)
        ratios = self.ratios()
        use = np.ones(len(ratios.cons), dtype=bool) if active is None else active[ratios.cons]
        top, bottom, lo, hi = ratios.top[use], ratios.bottom[use], ratios.lo[use], ratios.hi[use]
        touched = _distinct(np.r_[top, bottom], n)
        if len(top) < 2 or len(top) < len(touched) - len(np.unique(_label(top, bottom, n, n, 0)[0][touched])) + 1:
            return on_cycle, creeping  # a forest: no cycle at all
        size_lo, size_hi = np.where(lo > 0, lo, -hi), np.where(lo > 0, hi, -lo)
        finite = ~np.isinf(size_hi)
        tail, head = np.r_[bottom[finite], top], np.r_[top[finite], bottom]
        weight = np.r_[np.log(size_hi[finite]), -np.log(size_lo)]
        order = np.argsort(tail, kind="stable")
        ptr = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(np.bincount(tail, minlength=n), out=ptr[1:])
        distance = np.zeros(n)
        parent = np.full(n, -1, dtype=np.int64)  # the tail of the arc that last shortened each distance
        arcs = np.arange(len(tail))
        moved = np.empty(0, dtype=np.int64)
        check_at = 8
        for rounds in range(1, max_rounds + 1):
            reach = distance[tail[arcs]] + weight[arcs]
            better = reach < distance[head[arcs]] - TOLERANCE
            if not better.any():
                return on_cycle, creeping
            heads, reach, arcs = head[arcs][better], reach[better], arcs[better]
            np.minimum.at(distance, heads, reach)
            won = reach == distance[heads]
            parent[heads[won]] = tail[arcs[won]]
            moved = _distinct(heads, n)
            if rounds in (check_at, max_rounds):
                check_at *= 2
                found = _on_cycles(parent)
                if len(found):
                    on_cycle[found] = True
                    return on_cycle, creeping
            starts, ends = ptr[moved], ptr[moved + 1]
            lengths = ends - starts
            arcs = order[np.repeat(starts - np.cumsum(lengths) + lengths, lengths) + np.arange(int(lengths.sum()))]
        creeping[moved] = True
        return on_cycle, creeping

    # -- structure -----------------------------------------------------------------------------------

    def _rows(self) -> tuple[IntArray, IntArray]:
        """For each constraint position, its table and its row there (-1 when not compiled)."""
        if "rows" not in self._csr:
            table_of = np.full(len(self.net.constraints), -1, dtype=np.int64)
            row_of = np.full(len(self.net.constraints), -1, dtype=np.int64)
            for t, table in enumerate(self.tables):
                table_of[table.rows] = t
                row_of[table.rows] = np.arange(len(table.rows))
            self._csr["rows"] = (table_of, row_of)
        return self._csr["rows"]

    def csr(self, by: str) -> tuple[IntArray, IntArray]:
        """Incidence grouped by quantity (``"q"``: constraint positions) or by constraint (``"c"``: quantities)."""
        if by not in self._csr:
            first, second = (self.inc_q, self.inc_c) if by == "q" else (self.inc_c, self.inc_q)
            size = len(self.keys) if by == "q" else len(self.net.constraints)
            order = np.argsort(first, kind="stable")
            ptr = np.zeros(size + 1, dtype=np.int64)
            np.cumsum(np.bincount(first, minlength=size), out=ptr[1:])
            self._csr[by] = (ptr, second[order])
        return self._csr[by]

    def components(self) -> tuple[IntArray, IntArray]:
        """Component labels of quantities and of owners (claims linked through quantities and identities)."""
        nq, no = len(self.keys), len(self.owners)
        a = [self.inc_q]
        b = [self.inc_c + nq + no]
        owned = self.owner >= 0
        a.append(self.owner[owned] + nq)
        b.append(np.flatnonzero(owned) + nq + no)
        return _label(np.concatenate(a), np.concatenate(b), nq + no + len(self.net.constraints), nq, no)


#: edges above which connected components come from scipy (importing it costs a third of a second)
SCIPY_FROM_EDGES = 200_000


class Columns(NamedTuple):
    """Every constraint's owner, keys and target as columns (codes in order of first appearance)."""

    #: per constraint, a code into :attr:`owners` (-1 for a trusted identity)
    owner: IntArray
    owners: list[str]
    #: per constraint, how many keys it has; its keys, flattened, as codes into :attr:`keys`
    lengths: IntArray
    key_codes: IntArray
    keys: list[str]
    #: per constraint, the target's ends
    lo: FloatArray
    hi: FloatArray


def constraint_columns(net: Network) -> Columns:
    """Every constraint's owner, keys and target as columns.

    A network built from a registry gives its claims' columns straight from its claim table; other
    networks (built by hand, or set apart) are read constraint by constraint.
    """
    constraints = net.constraints
    given = getattr(constraints, "columns", None)
    if isinstance(given, Columns):  # constraints that keep their own columns (claimcheck.apart.SetApart)
        return given
    table = net.table
    if table is not None:
        trusted = constraints.trusted  # type: ignore[attr-defined]  # the claimtable.Constraints of a built network
        claim_keys, claim_lengths = table.constraint_keys()
        index = {k: i for i, k in enumerate(table.keys)}
        extra = [index.setdefault(k, len(index)) for keys in trusted.keys for k in keys]
        key_codes, uniques = pd.factorize(np.concatenate([claim_keys, np.array(extra, dtype=np.int64)]))
        names = list(index)
        keys = [names[k] for k in uniques.tolist()]
        constrained = np.flatnonzero(table.c_count)
        if len(table.row_of_id) == len(table.ids):  # one row per id: the owners are the constrained rows
            row_owner = np.full(len(table.ids), -1, dtype=np.int64)
            row_owner[constrained] = np.arange(len(constrained))
            owners = list(map(table.ids.__getitem__, constrained.tolist()))
        else:  # a repeated id owns the constraints of all its rows
            row_owner, distinct_ids = pd.factorize(pd.Series([table.ids[r] for r in constrained.tolist()], dtype=object))
            full = np.full(len(table.ids), -1, dtype=np.int64)
            full[constrained] = row_owner
            row_owner, owners = full, list(distinct_ids)
        owner_codes = np.r_[row_owner[table.c_row], np.full(len(trusted), -1, dtype=np.int64)]
        lengths = np.r_[claim_lengths, np.fromiter(map(len, trusted.keys), np.int64, len(trusted))]
        tlo, thi = table.targets()
        tlo, thi = np.r_[tlo, np.array(trusted.lo, dtype=np.float64)], np.r_[thi, np.array(trusted.hi, dtype=np.float64)]
        return Columns(owner_codes, owners, lengths.astype(np.int64), key_codes.astype(np.int64), keys, tlo, thi)
    count = len(constraints)
    owner_codes, owners = pd.factorize(pd.Series([c.owner for c in constraints], dtype=object))
    lengths = np.fromiter((len(c.keys) for c in constraints), dtype=np.int64, count=count)
    key_codes, key_names = pd.factorize(pd.Series([k for c in constraints for k in c.keys], dtype=object))
    tlo = np.fromiter((c.target.lo for c in constraints), dtype=np.float64, count=count)
    thi = np.fromiter((c.target.hi for c in constraints), dtype=np.float64, count=count)
    return Columns(owner_codes.astype(np.int64), list(owners), lengths, key_codes.astype(np.int64), list(key_names), tlo,
                   thi)


def _touched(quantities: IntArray, q_ptr: IntArray, q_cons: IntArray, table_of: IntArray, row_of: IntArray,
             tables: int) -> list[IntArray]:
    """Rows of each table whose constraints touch some of the quantities (sorted, without repeats)."""
    starts, ends = q_ptr[quantities], q_ptr[quantities + 1]
    lengths = ends - starts
    total = int(lengths.sum())
    if total == 0:
        return [np.empty(0, dtype=np.int64)] * tables
    offsets = np.repeat(starts - np.cumsum(lengths) + lengths, lengths) + np.arange(total)
    cons = _distinct(q_cons[offsets], len(table_of))
    t = table_of[cons]
    out = []
    for i in range(tables):
        out.append(row_of[cons[t == i]])
    return out


def _distinct(values: IntArray, size: int) -> IntArray:
    """The distinct values of an index array below ``size``, sorted.

    Large arrays mark each index (cheaper than sorting or hashing millions); small ones are sorted.

    >>> _distinct(np.array([3, 1, 3, 0]), 5), _distinct(np.array([3, 1, 3, 0]), 10_000)
    (array([0, 1, 3]), array([0, 1, 3]))
    """
    if len(values) * 64 < size:
        return np.unique(values)
    marked = np.zeros(size, dtype=bool)
    marked[values] = True
    return np.flatnonzero(marked)


def _label(a: IntArray, b: IntArray, size: int, nq: int, no: int) -> tuple[IntArray, IntArray]:
    try:
        if len(a) < SCIPY_FROM_EDGES:
            raise ImportError("small network: numpy is enough")
        from scipy.sparse import coo_matrix
        from scipy.sparse.csgraph import connected_components
    except ImportError:  # scipy comes with Great Expectations; without it, min-label propagation
        labels = np.arange(size)
        while True:  # min-label propagation
            m = np.minimum(labels[a], labels[b])
            new = labels.copy()
            np.minimum.at(new, a, m)
            np.minimum.at(new, b, m)
            new = new[new]
            if np.array_equal(new, labels):
                break
            labels = new
    else:
        graph = coo_matrix((np.ones(len(a), dtype=np.int8), (a, b)), shape=(size, size))
        _, labels = connected_components(graph, directed=False)
    return labels[:nq], labels[nq:nq + no]


def _narrowed(new_lo: FloatArray, new_hi: FloatArray, lo: FloatArray, hi: FloatArray) -> BoolArray:
    """:func:`claimcheck.network._narrowed`, element-wise."""
    with np.errstate(all="ignore"):
        inf_change = (np.isinf(lo) != np.isinf(new_lo)) | (np.isinf(hi) != np.isinf(new_hi))
        width = hi - lo
        finite_max = np.fmax(np.where(np.isinf(lo), np.nan, np.abs(lo)), np.where(np.isinf(hi), np.nan, np.abs(hi)))
        width = np.where(np.isinf(width), finite_max, width)
        scale = np.fmax(width, 1e-300)
        moved = ((new_lo - lo) > NARROWING * scale) | ((hi - new_hi) > NARROWING * scale)
        moved &= ~np.isnan(width)
    return inf_change | moved


class Ratios(NamedTuple):
    """The compiled constraints that read as ``top / bottom in [lo, hi]`` (a ratio that excludes zero), as columns."""

    #: per ratio: its constraint's position, its top's and bottom's quantity index, and the ratio's ends
    cons: IntArray
    top: IntArray
    bottom: IntArray
    lo: FloatArray
    hi: FloatArray


def _on_cycles(parent: IntArray) -> IntArray:
    """Some quantity on each cycle of a parent array (-1: no parent), by pointer doubling.

    >>> _on_cycles(np.array([1, 2, 0, 2, -1])), _on_cycles(np.array([-1, 0, 1]))
    (array([0, 1, 2]), array([], dtype=int64))
    """
    n = len(parent)
    up = np.r_[np.where(parent >= 0, parent, n), n]  # n: where a path without a cycle ends
    steps = 1
    while steps <= n:
        up = up[up]
        steps *= 2
    found = np.unique(up[:n])
    return found[found < n]


@dataclass
class Screening:
    """The outcome of bulk propagation: domains, and where it found that claims cannot all hold."""

    bulk: BulkNetwork
    lo: FloatArray
    hi: FloatArray
    #: quantities that came out empty (their domain is the last non-empty one)
    dead: BoolArray
    #: constraints that could not hold
    failed: BoolArray
    #: quantities still narrowing when the round cap stopped propagation
    unsettled: BoolArray
    rounds: int
    #: per quantity, the constraint that last raised its lower end / lowered its upper end (-1: none)
    reason_lo: IntArray | None = None
    reason_hi: IntArray | None = None
    #: quantities on a cycle of ratios whose product may not be 1 (for the exact engine to confirm)
    cycles: BoolArray | None = None

    @property
    def feasible(self) -> bool:
        """True when nothing came out empty, no cycle of ratios may fail, and propagation settled."""
        cycles = self.cycles is not None and bool(self.cycles.any())
        return not (self.dead.any() or self.failed.any() or self.unsettled.any() or cycles)

    def domain(self, key: str) -> Interval:
        """The interval of one quantity."""
        i = self.bulk.index[key]
        return Interval(float(self.lo[i]), float(self.hi[i]))

    def spots(self) -> BoolArray:
        """Quantities where infeasibility showed: emptied ones, those of constraints that cannot hold, and those on cycles."""
        spots = self.dead.copy() if self.cycles is None else self.dead | self.cycles
        failed = np.flatnonzero(self.failed)
        if len(failed):
            ptr, qs = self.bulk.csr("c")
            for c in failed:
                spots[qs[ptr[c]:ptr[c + 1]]] = True
        return spots


def screen(net: Network) -> tuple[BulkNetwork, Screening]:
    """Compile and propagate a whole network."""
    bulk = BulkNetwork.build(net)
    return bulk, bulk.propagate()
