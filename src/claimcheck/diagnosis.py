"""Where the claims cannot all hold: conflicts searched only where bulk screening failed, and the domains of the rest.

Findings come from one place: :class:`~claimcheck.network.ConflictSearch` runs on every
component that screening (:mod:`claimcheck.bulk`) found infeasible or could not decide, on the
whole component when it is small, else on the region that explains the emptied quantity or the
smallest neighbourhood of it that the exact engine finds infeasible, and never on a consistent
component. The implied domains of the uncontested claims come from the same screening.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field

import numpy as np

from claimcheck.bulk import BulkNetwork, Screening, screen
from claimcheck.columns import BoolArray, FloatArray, IntArray
from claimcheck.intervals import Interval
from claimcheck.network import ConflictSearch, Network

#: components with at most this many claims are searched whole, as the exact engine always did
EXACT_COMPONENT_CLAIMS = 40
#: a neighbourhood searched for conflicts grows by hops until it is infeasible or this large
MAX_NEIGHBOURHOOD_CLAIMS = 5000
#: feasibility checks one region's conflict search may spend (the exact engine's own limit is 4000)
REGION_CHECKS = 1000


@dataclass
class Diagnosis:
    """What the engine needs from bulk screening: the conflicts and the uncontested domains."""

    conflicts: list[frozenset[str]]
    domains: Mapping[str, Interval]
    #: components (as claim-id sets) that were searched with the exact engine
    searched: list[frozenset[str]]
    screening: Screening
    stats: dict[str, float] = field(default_factory=dict)


def diagnose(net: Network) -> Diagnosis:
    """Screen a network in bulk, search conflicts only where it is not consistent, and propagate the rest."""
    bulk, result = screen(net)
    q_label, o_label = bulk.components()
    bad_labels: set[int] = set()
    spots = result.spots()
    bad_labels.update(np.unique(q_label[spots | result.unsettled]).tolist())
    whole: set[int] = set()  # components with a constraint bulk could not compile: searched whole
    if len(bulk.unsupported):
        ptr, qs = bulk.csr("c")
        for c in bulk.unsupported:
            owner = bulk.owner[c]
            if owner >= 0:
                whole.add(int(o_label[owner]))
            whole.update(int(q_label[q]) for q in qs[ptr[c]:ptr[c + 1]])
        bad_labels |= whole
    members: dict[int, list[str]] = {}
    if bad_labels:
        for o in np.flatnonzero(np.isin(o_label, list(bad_labels))):
            members.setdefault(int(o_label[o]), []).append(bulk.owners[o])
    groups = sorted(((frozenset(ids), label) for label, ids in members.items()), key=lambda g: sorted(g[0]))
    conflicts: list[frozenset[str]] = []
    searched: list[frozenset[str]] = []
    for claims, label in groups:
        in_component = q_label == label
        component_spots = np.flatnonzero(spots & in_component)
        if len(component_spots) == 0:  # still narrowing at the round cap: look where it creeps
            component_spots = np.flatnonzero(result.unsettled & in_component)
        if len(claims) <= EXACT_COMPONENT_CLAIMS or len(component_spots) == 0 or label in whole:
            searched.append(claims)
            conflicts += ConflictSearch(net, claims).all_conflicts()
        else:
            found, regions = _search_neighbourhoods(bulk, result, component_spots)
            searched += regions
            conflicts += [c for c in found if c not in conflicts]
    domains = _final_domains(bulk, result, conflicts, q_label, bad_labels)
    stats = {"rounds": result.rounds, "shapes": len(bulk.tables), "unsupported": len(bulk.unsupported),
             "components_searched": len(searched)}
    return Diagnosis(conflicts, domains, searched, result, stats)


def _explained_region(bulk: BulkNetwork, screening: Screening, spot: int, depth: int = 8) -> frozenset[str] | None:
    """The claims whose constraints set the bounds that met at ``spot``, followed back until the exact engine agrees.

    Level 0 is the constraints that last moved the spot's two ends (and any constraint at the spot
    that could not hold); each further level adds the constraints that last moved the ends of every
    quantity already involved. The first level whose claims the exact engine finds infeasible is the
    region; None when none is (the caller then grows a neighbourhood by hops).
    """
    if screening.reason_lo is None or screening.reason_hi is None:
        return None
    net = bulk.net
    c_ptr, c_qs = bulk.csr("c")
    q_ptr, q_cons = bulk.csr("q")
    cons = {int(c) for c in (screening.reason_lo[spot], screening.reason_hi[spot]) if c >= 0}
    cons |= {int(c) for c in q_cons[q_ptr[spot]:q_ptr[spot + 1]] if screening.failed[c]}
    seen_q: set[int] = set()
    for _ in range(depth):
        claims = frozenset(bulk.owners[bulk.owner[c]] for c in cons if bulk.owner[c] >= 0)
        if claims and not net.propagate(claims).feasible:
            return claims
        quantities = {int(q) for c in cons for q in c_qs[c_ptr[c]:c_ptr[c + 1]]} - seen_q
        if not quantities or len(claims) > MAX_NEIGHBOURHOOD_CLAIMS:
            return None
        seen_q |= quantities
        grown = cons | {int(r) for q in quantities for r in (screening.reason_lo[q], screening.reason_hi[q]) if r >= 0}
        if grown == cons:
            return None
        cons = grown
    return None


def _search_neighbourhoods(bulk: BulkNetwork, screening: Screening,
                           spots: Iterable[int]) -> tuple[list[frozenset[str]], list[frozenset[str]]]:
    """Search conflicts around each spot: in the claims that explain it, else in the smallest infeasible hop-neighbourhood."""
    net = bulk.net
    q_ptr, q_cons = bulk.csr("q")
    c_ptr, c_qs = bulk.csr("c")
    found: list[frozenset[str]] = []
    regions: list[frozenset[str]] = []
    explained: set[int] = set()
    for spot in spots:
        if spot in explained:
            continue
        region = _explained_region(bulk, screening, int(spot))
        if region is not None:
            regions.append(region)
            for conflict in ConflictSearch(net, region, max_checks=REGION_CHECKS).all_conflicts():
                if conflict not in found:
                    found.append(conflict)
                explained.update(bulk.index[k] for con in net.owned(conflict) for k in con.keys)
            continue
        frontier = {int(spot)}
        seen_q: set[int] = set()
        claims: set[str] = set()
        region: frozenset[str] | None = None
        while frontier:
            # close the frontier over trusted identities (they join quantities for free), then take its claims
            stack = list(frontier)
            while stack:
                q = stack.pop()
                if q in seen_q:
                    continue
                seen_q.add(q)
                for c in q_cons[q_ptr[q]:q_ptr[q + 1]]:
                    if bulk.owner[c] < 0:
                        stack.extend(int(x) for x in c_qs[c_ptr[c]:c_ptr[c + 1]] if x not in seen_q)
            new_claims = {bulk.owners[bulk.owner[c]] for q in frontier | seen_q
                          for c in q_cons[q_ptr[q]:q_ptr[q + 1]] if bulk.owner[c] >= 0} - claims
            if not new_claims:
                break
            claims |= new_claims
            candidate = frozenset(claims)
            if not net.propagate(candidate).feasible:
                region = candidate
                break
            if len(claims) >= MAX_NEIGHBOURHOOD_CLAIMS:
                break
            frontier = {int(q) for cid in new_claims for con in net.owned({cid}) for q in
                        (bulk.index[k] for k in con.keys)} - seen_q
        if region is None:
            continue
        regions.append(region)
        for conflict in ConflictSearch(net, region, max_checks=REGION_CHECKS).all_conflicts():
            if conflict not in found:
                found.append(conflict)
            explained.update(bulk.index[k] for con in net.owned(conflict) for k in con.keys)
    return found, regions


def _final_domains(bulk: BulkNetwork, result: Screening, conflicts: list[frozenset[str]], q_label: IntArray,
                   bad_labels: set[int]) -> Domains:
    """Domains from the uncontested claims and the identities they reach (as the exact engine computes them)."""
    contested = set().union(*conflicts) if conflicts else set()
    lo, hi, dead = result.lo, result.hi, result.dead
    keep_q = np.ones(len(bulk.keys), dtype=bool)
    if bad_labels:
        in_bad = np.isin(q_label, list(bad_labels))
        ncons = len(bulk.net.constraints)
        owner_ok = np.ones(len(bulk.owners), dtype=bool)
        for i, o in enumerate(bulk.owners):
            if o in contested:
                owner_ok[i] = False
        owned_ok = (bulk.owner >= 0) & owner_ok[np.maximum(bulk.owner, 0)]
        # the quantities the uncontested claims reach, through trusted identities
        ptr, cons = bulk.csr("q")
        c_ptr, c_qs = bulk.csr("c")
        reach = np.zeros(len(bulk.keys), dtype=bool)
        reach[bulk.inc_q[owned_ok[bulk.inc_c]]] = True
        trusted = bulk.owner < 0
        while True:
            touching = np.zeros(ncons, dtype=bool)
            touching[bulk.inc_c[reach[bulk.inc_q]]] = True
            grown = reach.copy()
            grown[bulk.inc_q[(touching & trusted)[bulk.inc_c]]] = True
            if np.array_equal(grown, reach):
                break
            reach = grown
        touching = np.zeros(ncons, dtype=bool)
        touching[bulk.inc_c[reach[bulk.inc_q]]] = True
        active = owned_ok | (trusted & touching)
        constraint_bad = np.zeros(ncons, dtype=bool)
        constraint_bad[bulk.inc_c[in_bad[bulk.inc_q]]] = True
        start_lo = np.where(in_bad, bulk.start_lo, lo)
        start_hi = np.where(in_bad, bulk.start_hi, hi)
        again = bulk.propagate(active & constraint_bad, start_lo, start_hi)
        lo = np.where(in_bad, again.lo, lo)
        hi = np.where(in_bad, again.hi, hi)
        dead = np.where(in_bad, again.dead, dead)
        keep_q = ~in_bad | reach
    return Domains(bulk.keys, bulk.index, keep_q & ~dead, lo, hi)


class Domains(Mapping[str, Interval]):
    """Quantity key -> implied interval, for the quantities ``kept``: read from the screening's arrays when asked.

    Most of a large network's domains are never read, so their intervals are not made up front.
    """

    def __init__(self, keys: list[str], index: dict[str, int], kept: BoolArray, lo: FloatArray, hi: FloatArray) -> None:
        self._keys, self._index, self._kept, self._lo, self._hi = keys, index, kept, lo, hi

    def __getitem__(self, key: str) -> Interval:
        i = self._index.get(key)
        if i is None or not self._kept[i]:
            raise KeyError(key)
        return Interval(float(self._lo[i]), float(self._hi[i]))

    def __contains__(self, key: object) -> bool:
        i = self._index.get(key)  # type: ignore[call-overload]
        return i is not None and bool(self._kept[i])

    def __iter__(self) -> Iterator[str]:
        return map(self._keys.__getitem__, np.flatnonzero(self._kept).tolist())

    def __len__(self) -> int:
        return int(np.count_nonzero(self._kept))
