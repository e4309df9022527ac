"""The network of quantities: claims as interval constraints, propagation, and minimal conflicting sets.

Every claim that reports (rather than predicts) becomes one or more constraints ``expr in
[lo, hi]``. Metric definitions (``nev_share = share(nev_sales, vehicle_sales)``) and part-of
relations (exports never exceed production) add trusted constraints that are never blamed.
Propagation (HC4) narrows every quantity's interval until nothing narrows; an empty
intersection means the claims cannot all be true as printed. A minimal unsatisfiable subset
(MUS) of claims names the smallest set that cannot all hold: drop any one and the rest can.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict, deque
from dataclasses import dataclass, field
from decimal import Decimal

from claimcheck.expr import BinOp, ExpressionError, Node, Ref, expand, narrow, parse, refs
from claimcheck.figures import FigureError, parse_figure
from claimcheck.hedges import NON_NEGATIVE_UNITS, stated_interval
from claimcheck.intervals import Interval
from claimcheck.loader import Registry
from claimcheck.model import PREDICTION_KINDS, Claim, KeyError_, QuantityKey

#: a bound counts as narrowed when it moves by more than this share of the interval's width
NARROWING = 1e-9
#: propagation stops after this many constraint revisions per constraint (cycles may creep)
REVISIONS_PER_CONSTRAINT = 60
#: enumeration of minimal conflicting sets stops after this many per connected component
MAX_CONFLICT_SETS = 64
MAX_FEASIBILITY_CHECKS = 4000


def to_interval(lo: Decimal, hi: Decimal) -> Interval:
    """Enclose exact decimal ends (possibly infinite) in a float interval."""
    if lo.is_infinite() or hi.is_infinite():
        flo = -math.inf if lo.is_infinite() else Interval.enclose(lo).lo
        fhi = math.inf if hi.is_infinite() else Interval.enclose(hi).hi
        return Interval(flo, fhi)
    return Interval.enclose(lo, hi)


@dataclass(frozen=True)
class Statement:
    """What one claim states, as intervals: with its hedge, and from printed rounding alone."""

    claim: Claim
    interval: Interval
    printed: Interval
    why: str
    expression: Node
    text: str


@dataclass(frozen=True)
class Constraint:
    """``tree in target``; ``owner`` is the claim id, or None for a trusted identity."""

    tree: Node
    target: Interval
    owner: str | None
    keys: tuple[str, ...]
    label: str


@dataclass
class Network:
    """The constraints of a registry, with each quantity's starting domain and unit."""

    statements: dict[str, Statement] = field(default_factory=dict)
    constraints: list[Constraint] = field(default_factory=list)
    units: dict[str, str] = field(default_factory=dict)
    start: dict[str, Interval] = field(default_factory=dict)

    def of(self, owners: set[str] | frozenset[str]) -> list[Constraint]:
        """The constraints of some claims, with the trusted identities that reach their quantities.

        Identities chain through quantities no claim names (a 2023 share defined by 2023 sales),
        so the reach is followed to a fixed point.
        """
        keys: set[str] = set()
        for c in self.constraints:
            if c.owner in owners:
                keys.update(c.keys)
        trusted = [c for c in self.constraints if c.owner is None]
        grown = True
        while grown:
            grown = False
            for c in trusted:
                if not set(c.keys) <= keys and set(c.keys) & keys:
                    keys.update(c.keys)
                    grown = True
        return [c for c in self.constraints if c.owner in owners or (c.owner is None and set(c.keys) <= keys)]

    def propagate(self, owners: set[str] | frozenset[str]) -> Propagation:
        """Propagate the constraints of some claims (see :meth:`of`)."""
        return propagate(self.of(owners), self.start)


def statement(claim: Claim, unit_of_key: dict[str, str]) -> Statement | None:
    """Read what a claim states; None when its figure or expression cannot be read."""
    try:
        figure = parse_figure(claim.figure)
        stated = stated_interval(figure, claim.hedge, exact=claim.exact, unit=claim.unit)
        expression = parse(claim.derivation) if claim.derivation else Ref(claim.quantity)
    except (FigureError, ValueError, ExpressionError):
        return None
    text = claim.derivation or claim.quantity
    return Statement(claim, to_interval(stated.lo, stated.hi), to_interval(stated.printed_lo, stated.printed_hi),
                     stated.why, expression, text)


_BARE_NAME = re.compile(r"(?<![/\w])([a-z][a-z0-9_]*)(?![\w/(])")


def _definition(key: QuantityKey, text: str, metrics: set[str]) -> Node | None:
    """Instantiate a metric definition for one key: bare metric names become keys of its entity and period."""
    def sub(m: re.Match[str]) -> str:
        name = m.group(1)
        return f"{key.entity}/{name}/{key.period.text}" if name in metrics else name
    try:
        return parse(_BARE_NAME.sub(sub, text))
    except ExpressionError:
        return None


def build_network(registry: Registry, exclude: frozenset[str] = frozenset()) -> Network:
    """Turn the registry's reporting claims, metric definitions and part-of relations into constraints.

    :param exclude: ids of claims not to use (those with load or schema errors).
    """
    net = Network()
    metric_unit = {name: m.unit for name, m in registry.metrics.items()}

    def unit_of(key: str) -> str | None:
        try:
            return metric_unit.get(QuantityKey.parse(key).metric)
        except KeyError_:
            return None

    for claim in registry.claims:
        found = statement(claim, {})
        if found is None:
            continue
        net.statements[claim.id] = found
        if claim.kind in PREDICTION_KINDS or claim.kind == "rank":
            continue  # compared by their rules (CC301-CC305), never constraints
        label = f"{claim.id}: {found.text} = {claim.hedge + ' ' if claim.hedge else ''}{claim.figure}"
        tree = expand(found.expression)
        net.constraints.append(Constraint(tree, found.interval, claim.id, refs(tree), label))
        if claim.derivation and unit_of(claim.quantity) == claim.unit:
            net.constraints.append(Constraint(Ref(claim.quantity), found.interval, claim.id, (claim.quantity,),
                                              f"{claim.id}: {claim.quantity} = {claim.figure}"))
            identity = BinOp("-", Ref(claim.quantity), tree)
            net.constraints.append(Constraint(identity, Interval(0, 0), claim.id, refs(identity),
                                              f"{claim.id}: {claim.quantity} = {claim.derivation}"))
    _add_trusted(net, registry)
    for constraint in net.constraints:
        for key in constraint.keys:
            unit = unit_of(key)
            net.units[key] = unit or ""
            net.start[key] = Interval(0, math.inf) if unit in NON_NEGATIVE_UNITS else Interval.entire()
    return net


def _add_trusted(net: Network, registry: Registry) -> None:
    """Add metric definitions and part-of relations for every key the claims touch (to a fixed point)."""
    metrics = set(registry.metrics)
    done: set[str] = set()
    pending = deque(k for c in net.constraints for k in c.keys)
    while pending:
        text = pending.popleft()
        if text in done:
            continue
        done.add(text)
        try:
            key = QuantityKey.parse(text)
        except KeyError_:
            continue
        metric = registry.metrics.get(key.metric)
        if metric is None or key.basis:
            continue
        if metric.definition:
            tree = _definition(key, metric.definition, metrics)
            if tree is not None:
                identity = BinOp("-", Ref(text), expand(tree))
                net.constraints.append(Constraint(identity, Interval(0, 0), None, refs(identity),
                                                  f"definition: {text} = {_definition_text(key, metric.definition)}"))
                pending.extend(refs(identity))
    keys = {k for c in net.constraints for k in c.keys}
    for text in sorted(keys):
        try:
            key = QuantityKey.parse(text)
        except KeyError_:
            continue
        metric = registry.metrics.get(key.metric)
        if metric is None or key.basis or not metric.part_of:
            continue
        whole = str(key.with_(metric=metric.part_of))
        if whole in keys:
            tree = BinOp("-", Ref(whole), Ref(text))
            net.constraints.append(Constraint(tree, Interval(0, math.inf), None, (whole, text),
                                              f"part of a whole: {text} ≤ {whole}"))


def _definition_text(key: QuantityKey, definition: str) -> str:
    return _BARE_NAME.sub(lambda m: f"{key.entity}/{m.group(1)}/{key.period.text}", definition)


def _narrowed(new: Interval, old: Interval) -> bool:
    """Tell whether ``new`` is meaningfully narrower than ``old`` (an end became finite, or moved).

    >>> _narrowed(Interval(1, 2), Interval(0, 2)), _narrowed(Interval(0, 2 - 1e-12), Interval(0, 2))
    (True, False)
    """
    if math.isinf(old.lo) != math.isinf(new.lo) or math.isinf(old.hi) != math.isinf(new.hi):
        return True
    width = old.hi - old.lo
    if math.isinf(width):
        finite = [abs(x) for x in (old.lo, old.hi) if not math.isinf(x)]
        if not finite:
            return False
        width = max(finite)
    scale = max(width, 1e-300)
    return (new.lo - old.lo) > NARROWING * scale or (old.hi - new.hi) > NARROWING * scale


@dataclass
class Propagation:
    """The outcome of propagating a set of constraints."""

    domains: dict[str, Interval] | None
    #: for each key, the label of the constraint that last narrowed it
    because: dict[str, str] = field(default_factory=dict)

    @property
    def feasible(self) -> bool:
        """False when some quantity's interval came out empty."""
        return self.domains is not None


def propagate(constraints: list[Constraint], start: dict[str, Interval]) -> Propagation:
    """Narrow every quantity's interval until nothing narrows (HC4), or find that they cannot all hold."""
    domains = {k: start.get(k, Interval.entire()) for c in constraints for k in c.keys}
    by_key: dict[str, list[int]] = defaultdict(list)
    for i, c in enumerate(constraints):
        for k in c.keys:
            by_key[k].append(i)
    queue = deque(range(len(constraints)))
    queued = set(queue)
    because: dict[str, str] = {}
    budget = REVISIONS_PER_CONSTRAINT * max(len(constraints), 1)
    while queue and budget > 0:
        budget -= 1
        i = queue.popleft()
        queued.discard(i)
        c = constraints[i]
        result = narrow(c.tree, c.target, {k: domains[k] for k in c.keys})
        if result is None:
            return Propagation(None, because)
        for key in c.keys:
            new = result[key].intersect(domains[key])
            if new is None:
                return Propagation(None, because)
            if _narrowed(new, domains[key]):
                domains[key] = new
                because[key] = c.label
                for j in by_key[key]:
                    if j != i and j not in queued:
                        queue.append(j)
                        queued.add(j)
            elif new != domains[key]:
                domains[key] = new
    return Propagation(domains, because)


def components(net: Network) -> list[frozenset[str]]:
    """Group claim ids into connected components: claims linked through shared quantities or trusted identities."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for c in net.constraints:
        nodes = [f"q:{k}" for k in c.keys] + ([f"c:{c.owner}"] if c.owner else [])
        for other in nodes[1:]:
            parent[find(nodes[0])] = find(other)
        if nodes:
            find(nodes[0])
    groups: dict[str, set[str]] = defaultdict(set)
    for c in net.constraints:
        if c.owner:
            groups[find(f"c:{c.owner}")].add(c.owner)
    return sorted((frozenset(g) for g in groups.values()), key=lambda g: sorted(g))


class ConflictSearch:
    """Find minimal sets of claims that cannot all hold, within one component."""

    def __init__(self, net: Network, claims: frozenset[str]) -> None:
        self.net = net
        self.claims = claims
        self.order = sorted(claims)
        self.checks = 0
        self._cache: dict[frozenset[str], bool] = {}

    def feasible(self, owners: frozenset[str]) -> bool:
        """Tell whether these claims (with the trusted identities) can all hold."""
        if owners not in self._cache:
            self.checks += 1
            self._cache[owners] = self.net.propagate(owners).feasible
        return self._cache[owners]

    def shrink(self, owners: frozenset[str]) -> frozenset[str]:
        """Shrink an infeasible set to a minimal one by deleting claims that are not needed."""
        current = set(owners)
        for claim in [c for c in self.order if c in owners]:
            trial = frozenset(current - {claim})
            if not self.feasible(trial):
                current.discard(claim)
        return frozenset(current)

    def all_conflicts(self) -> list[frozenset[str]]:
        """Enumerate minimal conflicting sets (Reiter's hitting-set tree), bounded by the module limits."""
        if self.feasible(self.claims):
            return []
        found: list[frozenset[str]] = []
        stack: list[frozenset[str]] = [frozenset()]
        seen: set[frozenset[str]] = set()
        while stack and len(found) < MAX_CONFLICT_SETS and self.checks < MAX_FEASIBILITY_CHECKS:
            removed = stack.pop()
            rest = self.claims - removed
            if self.feasible(rest):
                continue
            conflict = next((m for m in found if m <= rest), None) or self.shrink(rest)
            if conflict not in found:
                found.append(conflict)
            for claim in sorted(conflict, reverse=True):
                branch = removed | {claim}
                if branch not in seen:
                    seen.add(branch)
                    stack.append(branch)
        return sorted(found, key=lambda m: (len(m), sorted(m)))
