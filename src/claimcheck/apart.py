"""What each article implies alone: every article's claims set apart in one network, screened once.

The report's "implied by one article" bars need, for every article, the domains its own claims
give (``net.propagate(its claims)``). Propagating each article exactly costs a Python HC4 run per
article; here the articles' constraints are renamed apart (``entity__g<g>/metric/period``) into
one network, built from the network's columns without making a constraint, and screened in bulk
once (:mod:`claimcheck.bulk`). An article the screening cannot decide is propagated exactly.
"""

from __future__ import annotations

from itertools import chain

import numpy as np
import pandas as pd

from claimcheck.bulk import Columns, constraint_columns, screen
from claimcheck.expr import rename_refs
from claimcheck.intervals import Interval
from claimcheck.network import Constraint, MadeWhenRead, Network


class SetApart(MadeWhenRead):
    """The constraints of groups of claims with each group's quantities renamed apart (:func:`set_apart`).

    Screening reads their :attr:`columns`; a constraint is made (renamed from the network's own)
    only when something reads it.
    """

    def __init__(self, net: Network, positions: list[int], columns: Columns) -> None:
        self.net, self.positions, self.columns = net, positions, columns
        self._starts = np.r_[0, np.cumsum(columns.lengths)].tolist()
        self._made = {}

    def __len__(self) -> int:
        return len(self.positions)

    def keys_of(self, i: int) -> tuple[str, ...]:
        codes = self.columns.key_codes[self._starts[i]:self._starts[i + 1]].tolist()
        return tuple(map(self.columns.keys.__getitem__, codes))

    def _make(self, i: int) -> Constraint:
        c = self.net.constraints[self.positions[i]]
        keys = self.keys_of(i)
        return Constraint(rename_refs(c.expression, dict(zip(c.keys, keys)).__getitem__), c.target, c.owner, keys,
                          c.label)


def set_apart(net: Network, groups: list[set[str]]) -> tuple[Network, dict[str, tuple[int, str]]]:
    """One network in which each group of claims stands alone, and for each of its quantities the group and key.

    Group ``g`` gets the constraints :meth:`~claimcheck.network.Network.of` gives for it, with every
    quantity renamed apart (``entity__g<g>/metric/period``), so that one bulk screening narrows
    every group as :meth:`~claimcheck.network.Network.propagate` would narrow it alone. Built
    from the network's columns: no constraint is made.
    """
    owner_codes, owner_names, lengths, key_codes, keys, tlo, thi = constraint_columns(net)
    starts = np.r_[0, np.cumsum(lengths)]
    reached = [net.reach(owners) for owners in groups]
    positions = np.fromiter(chain.from_iterable(reached), np.int64)
    group = np.repeat(np.arange(len(groups), dtype=np.int64), list(map(len, reached)))
    count = lengths[positions]
    first = np.cumsum(count) - count
    flat = key_codes[np.arange(int(count.sum()), dtype=np.int64) - np.repeat(first - starts[positions], count)]
    # each (group, key) pair is a quantity of its own, numbered in order of first appearance
    width = max(len(keys), 1)
    new_codes, pairs = pd.factorize(np.repeat(group, count) * width + flat)
    apart = Network()
    origin: dict[str, tuple[int, str]] = {}
    renamed: list[str] = []
    for pair in pairs.tolist():
        g, k = divmod(pair, width)
        key = keys[k]
        entity, sep, rest = key.partition("/")
        renamed.append(new := f"{entity}__g{g}{sep}{rest}")
        origin[new] = (g, key)
        apart.start[new] = net.start.get(key, Interval.entire())
        apart.units[new] = net.units.get(key, "")
    # owners keep their ids (a trusted identity none), numbered in order of first appearance
    owned = owner_codes[positions]
    claimed = owned >= 0
    owner_of, owner_codes_used = pd.factorize(owned[claimed])
    owners = np.full(len(positions), -1, dtype=np.int64)
    owners[claimed] = owner_of
    apart.constraints = SetApart(net, positions.tolist(), Columns(
        owners, list(map(owner_names.__getitem__, owner_codes_used.tolist())), count,
        new_codes.astype(np.int64), renamed, tlo[positions], thi[positions]))
    codes, templates = net.templates()
    apart._templates = [templates[c] if c >= 0 else None for c in codes[positions].tolist()]
    return apart, origin


def propagate_apart(net: Network, groups: list[set[str]]) -> list[dict[str, Interval] | None]:
    """What each group of claims implies alone (``net.propagate(group).domains``), from one screening.

    The groups are set apart (:func:`set_apart`) and screened together;
    a group the screening cannot decide (a shape it does not compile, still narrowing at its
    round cap, or a cycle of ratios to confirm) is propagated exactly. None for a group whose claims cannot all hold.
    """
    if not groups:
        return []
    apart, origin = set_apart(net, groups)
    compiled, result = screen(apart)
    group = np.array([origin[key][0] for key in compiled.keys], dtype=np.int64)
    undecided = np.zeros(len(groups), dtype=bool)
    undecided[group[result.unsettled]] = True
    if result.cycles is not None:  # a cycle of ratios screening flags is for the exact engine to confirm
        undecided[group[result.cycles]] = True
    ptr, qs = compiled.csr("c")
    for c in compiled.unsupported:
        undecided[group[qs[ptr[c]:ptr[c + 1]]]] = True
    infeasible = np.zeros(len(groups), dtype=bool)
    infeasible[group[result.spots()]] = True
    domains: list[dict[str, Interval]] = [{} for _ in groups]
    for i in np.flatnonzero(~infeasible[group] & ~undecided[group]).tolist():
        g, key = origin[compiled.keys[i]]
        domains[g][key] = Interval(float(result.lo[i]), float(result.hi[i]))
    return [net.propagate(owners).domains if undecided[g] else None if infeasible[g] else domains[g]
            for g, owners in enumerate(groups)]
