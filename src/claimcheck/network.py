"""The network of quantities: claims as interval constraints, propagation, and minimal conflicting sets.

Every claim that reports (rather than predicts) becomes one or more constraints ``expr in
[lo, hi]``. Metric definitions (``nev_share = share(nev_sales, vehicle_sales)``) and part-of
relations (exports never exceed production) add trusted constraints that are never blamed.
Propagation (HC4) narrows every quantity's interval until nothing narrows; an empty
intersection means the claims cannot all be true as printed. A minimal unsatisfiable subset
(MUS) of claims names the smallest set that cannot all hold: drop any one and the rest can.
"""

from __future__ import annotations

import functools
import math
import re
from collections import defaultdict, deque
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, overload

import numpy as np

from claimcheck.expr import (
    Call,
    Node,
    Ref,
    expand,
    narrow,
    parse,
    refs,
)
from claimcheck.figures import FigureError
from claimcheck.hedges import NON_NEGATIVE_UNITS, read_stated
from claimcheck.intervals import Interval
from claimcheck.loader import Registry
from claimcheck.model import Claim, KeyError_, Period, QuantityKey
from claimcheck.ratios import Ratio, Step, find_cycle, product, ratio_of

if TYPE_CHECKING:
    import pandas as pd

    from claimcheck.claimtable import ClaimTable

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


@dataclass(slots=True)
class Statement:
    """What one claim states, as intervals: with its hedge, and from printed rounding alone.

    Read-only by convention: not frozen, because a million frozen dataclasses cost a fifth of
    building the network (``benchmarks/README.md``).
    """

    claim: Claim
    interval: Interval
    printed: Interval
    why: str
    expression: Node
    text: str


def intersect_all(statements: list[Statement]) -> Interval | None:
    """Intersect the stated intervals of several statements; None when they do not all meet."""
    iv: Interval | None = statements[0].interval
    for other in statements[1:]:
        iv = iv.intersect(other.interval) if iv else None
    return iv


@dataclass(slots=True)
class Constraint:
    """``expression in target``; ``owner`` is the claim id, or None for a trusted identity (read-only by convention)."""

    #: as stated: calls are expanded into arithmetic in :attr:`tree`, on first use
    expression: Node
    target: Interval
    owner: str | None
    keys: tuple[str, ...]
    label: str
    _tree: Node | None = field(default=None, repr=False, compare=False)
    #: the constraint read as a ratio, once read (a 1-tuple: its one element may be None)
    _ratio: tuple[Ratio | None] | None = field(default=None, repr=False, compare=False)

    @property
    def tree(self) -> Node:
        """The expression with its calls expanded (:func:`~claimcheck.expr.expand`).

        Made when first read: most constraints are only screened in bulk, once per shape.
        """
        if self._tree is None:
            self._tree = expand(self.expression)
        return self._tree

    @property
    def ratio(self) -> Ratio | None:
        """The constraint read as ``top / bottom in ratio`` (:func:`~claimcheck.ratios.ratio_of`), None when it is not one."""
        if self._ratio is None:
            self._ratio = (ratio_of(self.tree, self.target),)
        return self._ratio[0]


class MadeWhenRead(Sequence[Constraint]):
    """Constraints each made by :meth:`_make` the first time it is read, then kept (every reader gets one object)."""

    _made: dict[int, Constraint]

    def _make(self, i: int) -> Constraint:
        raise NotImplementedError

    def keys_of(self, i: int) -> tuple[str, ...]:
        """The keys of the constraint at a position (subclasses read them without making it)."""
        return self[i].keys

    @overload
    def __getitem__(self, i: int) -> Constraint: ...

    @overload
    def __getitem__(self, i: slice) -> list[Constraint]: ...

    def __getitem__(self, i: int | slice) -> Constraint | list[Constraint]:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        if i < 0:
            i += len(self)
        if not 0 <= i < len(self):
            raise IndexError(i)
        found = self._made.get(i)
        if found is None:
            found = self._made[i] = self._make(i)
        return found

    def __iter__(self) -> Iterator[Constraint]:
        return (self[i] for i in range(len(self)))


@dataclass
class Network:
    """The constraints of a registry, with each quantity's starting domain and unit."""

    #: claim id -> what it states (for a network built from a registry, made when read: :mod:`claimcheck.claimtable`)
    statements: Mapping[str, Statement] = field(default_factory=dict)
    constraints: Sequence[Constraint] = field(default_factory=list)
    #: quantity key -> the reporting statements that state its value directly (a value, a bound, a
    #: derived figure in the quantity's own unit ...), in registry order
    direct: Mapping[str, list[Statement]] = field(default_factory=dict)
    units: dict[str, str] = field(default_factory=dict)
    start: dict[str, Interval] = field(default_factory=dict)
    _index: _Index | None = field(default=None, init=False, repr=False, compare=False)
    #: per constraint, a hashable template shared by trees of one shape (None: unknown), for bulk screening
    _templates: list[object] = field(default_factory=list, init=False, repr=False, compare=False)

    @property
    def table(self) -> ClaimTable | None:
        """The claim table a network built from a registry reads its claims from (None for one built by hand)."""
        from claimcheck.claimtable import Constraints

        return self.constraints.table if isinstance(self.constraints, Constraints) else None

    def of_kinds(self, kinds: Collection[str]) -> list[Statement]:
        """The statements of claims of some kinds, in registry order."""
        table = self.table
        if table is None:
            return [s for s in self.statements.values() if s.claim.kind in kinds]
        return [table.statement(r) for r in table.rows_of_kinds(kinds).tolist()]

    def derived(self, skip: Collection[str] = ()) -> list[Statement]:
        """The statements of claims with a derivation, but not of the kinds in ``skip``, in registry order."""
        table = self.table
        if table is None:
            return [s for s in self.statements.values() if s.claim.derivation and s.claim.kind not in skip]
        return [table.statement(r) for r in table.derived_rows(skip).tolist()]

    def stated_in(self, file: str, quantities: Collection[str]) -> list[Statement]:
        """Statements of one claims file whose expression is one of some quantities (a bare key), in registry order."""
        table = self.table
        if table is None:
            return [s for s in self.statements.values()
                    if s.claim.file == file and isinstance(s.expression, Ref) and s.claim.quantity in quantities]
        return table.stated_in(file, quantities)

    def claim(self, claim_id: str) -> Claim:
        """The claim behind a statement, by id (without making the statement)."""
        table = self.table
        return self.statements[claim_id].claim if table is None else table.claim(table.row_of_id[claim_id])

    def owners(self) -> list[str]:
        """The ids of the claims that have constraints, in network order."""
        table = self.table
        if table is None:
            return list(dict.fromkeys(c.owner for c in self.constraints if c.owner))
        return list(dict.fromkeys(map(table.ids.__getitem__, np.flatnonzero(table.c_count).tolist())))

    def templates(self) -> tuple[np.ndarray, list[object]]:
        """Per constraint, a code into a list of hashable shape templates (-1 where none is known).

        Constraints of one template differ only in their keys (see :func:`_template`).
        """
        table = self.table
        if table is not None:
            codes, templates = table.constraint_templates()
            extra = np.arange(len(templates), len(templates) + len(self._templates), dtype=np.int64)
            return np.r_[codes, extra], [*templates, *self._templates]
        if len(self._templates) != len(self.constraints):
            return np.full(len(self.constraints), -1, dtype=np.int64), []
        return np.arange(len(self._templates), dtype=np.int64), list(self._templates)

    def _indexed(self) -> _Index:
        """Constraint positions by owner and trusted-constraint positions by key (rebuilt when constraints change)."""
        if self._index is None or self._index.size != len(self.constraints):
            self._index = _Index.build(self.constraints)
        return self._index

    def owned(self, owners: set[str] | frozenset[str]) -> list[Constraint]:
        """The constraints of some claims (without trusted identities), in network order."""
        index = self._indexed()
        positions = sorted(i for o in owners for i in index.by_owner.get(o, ()))
        return [self.constraints[i] for i in positions]

    def of(self, owners: set[str] | frozenset[str]) -> list[Constraint]:
        """The constraints of some claims, with the trusted identities that reach their quantities.

        Identities chain through quantities no claim names (a 2023 share defined by 2023 sales),
        so the reach is followed to a fixed point. Indexed: the cost grows with the constraints
        reached, not with the whole network.
        """
        return [self.constraints[i] for i in self.reach(owners)]

    def reach(self, owners: set[str] | frozenset[str]) -> list[int]:
        """The positions of :meth:`of`'s constraints, in network order."""
        index = self._indexed()
        chosen: set[int] = set()
        keys: set[str] = set()
        for o in owners:
            for i in index.by_owner.get(o, ()):
                chosen.add(i)
                keys.update(self._keys(i))
        pending = list(keys)
        while pending:
            key = pending.pop()
            for i in index.trusted_by_key.get(key, ()):
                if i in chosen:
                    continue
                chosen.add(i)
                for k in self._keys(i):
                    if k not in keys:
                        keys.add(k)
                        pending.append(k)
        return sorted(chosen)

    def _keys(self, i: int) -> tuple[str, ...]:
        """The keys of the constraint at a position (read without making it, where it is made when read)."""
        constraints = self.constraints
        return constraints.keys_of(i) if isinstance(constraints, MadeWhenRead) else constraints[i].keys

    def propagate(self, owners: set[str] | frozenset[str], revisions: Revisions | None = None) -> Propagation:
        """Propagate the constraints of some claims (see :meth:`of`; ``revisions`` as :func:`propagate`)."""
        return propagate(self.of(owners), self.start, revisions)


@dataclass
class _Index:
    """Constraint positions by owner, and trusted-constraint positions by the keys they touch."""

    size: int
    by_owner: dict[str, Sequence[int]]
    trusted_by_key: dict[str, list[int]]

    @classmethod
    def build(cls, constraints: list[Constraint]) -> _Index:
        by_owner: dict[str, list[int]] = defaultdict(list)
        for i, c in enumerate(constraints):
            if c.owner is not None:
                by_owner[c.owner].append(i)
        return cls(len(constraints), dict(by_owner),
                   cls.trusted((i, c.keys) for i, c in enumerate(constraints) if c.owner is None))

    @staticmethod
    def trusted(positions: Iterable[tuple[int, tuple[str, ...]]]) -> dict[str, list[int]]:
        """Positions of the trusted constraints, by the keys they touch, from (position, keys) pairs."""
        trusted: dict[str, list[int]] = defaultdict(list)
        for i, keys in positions:
            for k in keys:
                trusted[k].append(i)
        return dict(trusted)


@functools.lru_cache(maxsize=1 << 16)
def stated_figure(figure: str, hedge: str | None, exact: bool, unit: str) -> tuple[Interval, Interval, str] | None:
    """The stated and printed intervals of a figure with its hedge, and why (cached: figures repeat).

    None when the figure or hedge cannot be read.
    """
    try:
        _, stated = read_stated(figure, hedge, exact, unit)
    except (FigureError, ValueError):
        return None
    return to_interval(stated.lo, stated.hi), to_interval(stated.printed_lo, stated.printed_hi), stated.why


_KEY = r"[a-z][a-z0-9_]*/[a-z][a-z0-9_]*/(?P<p%d>[0-9]{4}(?:-(?:[0-9]{2}(?:-[0-9]{2})?|Q[1-4]|H[12]))?)(?:/[a-z][a-z0-9_]*)?"
_SIMPLE_CALL = re.compile(r"(?P<name>growth|share|point_change|fold|convert|sum)\((?P<args>[^()]*)\)")
_SIMPLE_KEY = re.compile(_KEY.replace("(?P<p%d>", "(?P<period>"))
_TWO_ARGS = frozenset({"growth", "share", "point_change", "fold", "convert"})


@functools.lru_cache(maxsize=1 << 12)
def _real_period(text: str) -> bool:
    if len(text) < 7 or text[5] in "QH":
        return True
    try:
        Period.parse(text)
    except KeyError_:
        return False
    return True


_PAIR_CALL = re.compile(r"(growth|share|point_change|fold|convert)\((%s), (%s)\)" % (
    _KEY.replace("(?P<p%d>", "(?P<p1>"), _KEY.replace("(?P<p%d>", "(?P<p2>")))


@functools.lru_cache(maxsize=1 << 18)
def parse_derivation(text: str) -> Node:
    """Parse a derivation, with a fast path for the common form ``f(key, key[, ...])``.

    The fast path builds exactly the tree :func:`~claimcheck.expr.parse` builds (same nodes and
    offsets); anything else goes through the parser. Cached: trees are immutable, and the claims
    table, the unit check and the network all read every derivation.

    >>> parse_derivation("growth(a/b/2024, a/b/2023)") == parse("growth(a/b/2024, a/b/2023)")
    True
    """
    m = _PAIR_CALL.fullmatch(text)
    if m is not None and _real_period(m["p1"]) and _real_period(m["p2"]):
        name, a, b = m.group(1, 2, 4)
        return Call(name, (Ref(a, len(name) + 1), Ref(b, len(name) + 3 + len(a))), 0)
    m = _SIMPLE_CALL.fullmatch(text)
    if m is not None:
        args = m["args"].split(", ")
        name = m["name"]
        if (len(args) == 2 or (name == "sum" and len(args) > 2)) and len(text) <= 2000:
            nodes = []
            pos = len(name) + 1
            for arg in args:
                km = _SIMPLE_KEY.fullmatch(arg)
                if km is None or not _real_period(km["period"]):
                    break
                nodes.append(Ref(arg, pos))
                pos += len(arg) + 2
            else:
                return Call(name, tuple(nodes), 0)
    return parse(text)


@functools.lru_cache(maxsize=1 << 20)
def key_ref(key: str) -> Ref:
    """The tree of a bare quantity key (cached and shared: trees are immutable)."""
    return Ref(key)


def build_network(registry: Registry, exclude: frozenset[str] = frozenset(),
                  claims: pd.DataFrame | None = None) -> Network:
    """Turn the registry's reporting claims, metric definitions and part-of relations into constraints.

    The claims are kept as columns (:class:`~claimcheck.claimtable.ClaimTable`): their statements
    and constraints are made when something reads them.

    :param exclude: ids of claims not to use (those with load or schema errors).
    :param claims: the registry's claims table (:func:`~claimcheck.frame.build_tables`), when already built.
    """
    from claimcheck.claimtable import (
        ClaimTable,
        Constraints,
        Direct,
        OwnerPositions,
        Statements,
    )
    from claimcheck.frame import claims_frame
    from claimcheck.identities import trusted_identities

    metric_unit = {name: m.unit for name, m in registry.metrics.items()}
    units: dict[str, str | None] = {}

    def unit_of(key: str) -> str | None:
        if key not in units:
            parsed = parse_key(key)
            units[key] = metric_unit.get(parsed.metric) if parsed is not None else None
        return units[key]

    table = ClaimTable.read(registry.claims, claims_frame(registry) if claims is None else claims, exclude, unit_of)
    flat, _ = table.constraint_keys()
    _, first = np.unique(flat, return_index=True)
    keys = dict.fromkeys(table.keys[k] for k in flat[np.sort(first)].tolist())
    trusted = trusted_identities(registry, keys)
    net = Network()
    net._templates = trusted.templates
    net.statements, net.direct, net.constraints = Statements(table), Direct(table), Constraints(table, trusted)
    net._index = _Index(len(net.constraints), OwnerPositions(table),
                        _Index.trusted(enumerate(trusted.keys, len(table.c_row))))
    non_negative, entire = Interval(0, math.inf), Interval.entire()
    for key in keys:
        unit = unit_of(key)
        net.units[key] = unit or ""
        net.start[key] = non_negative if unit in NON_NEGATIVE_UNITS else entire
    return net


_KEY_CACHE: dict[str, QuantityKey | None] = {}


def parse_key(text: str) -> QuantityKey | None:
    """Parse a quantity key, or None when it does not follow the grammar (cached per period)."""
    try:
        return _KEY_CACHE[text]
    except KeyError:
        pass
    match = _SIMPLE_KEY.fullmatch(text) if isinstance(text, str) else None
    if match is None:
        try:
            parsed = QuantityKey.parse(text)
        except (KeyError_, TypeError):
            parsed = None
    else:
        entity, metric, rest = text.split("/", 2)
        period_text, _, basis = rest.partition("/")
        try:
            period = _period(period_text)
        except KeyError_:
            parsed = None
        else:
            parsed = QuantityKey(entity, metric, period, basis or None)
    if len(_KEY_CACHE) > 1 << 22:
        _KEY_CACHE.clear()
    _KEY_CACHE[text] = parsed
    return parsed


@functools.lru_cache(maxsize=1 << 12)
def _period(text: str) -> Period:
    return Period.parse(text)


_REF = ("ref",)
_ZERO = Interval(0.0, 0.0)


def operand_keys(expression: Node) -> tuple[str, ...]:
    """The keys a derivation refers to, in :func:`~claimcheck.expr.refs` order (the same before and after expansion).

    Quickly for the common ``f(key, key, ...)``: its arguments, in order.
    """
    if isinstance(expression, Ref):
        return (expression.key,)
    if isinstance(expression, Call) and all(isinstance(arg, Ref) for arg in expression.args):
        return tuple(dict.fromkeys(arg.key for arg in expression.args))
    return refs(expression)


def _template(expression: Node) -> object:
    """A hashable name for the shape of ``expand(expression)`` when it is a key or a call on keys, else None.

    Trees with one template differ only in their keys, which come in :func:`refs` order.
    """
    if isinstance(expression, Ref):
        return _REF
    if isinstance(expression, Call) and all(isinstance(a, Ref) for a in expression.args):
        return ("call", expression.name, len(expression.args))
    return None


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


@dataclass(frozen=True)
class RatioCycle:
    """Constraints whose ratios, walked round a cycle, multiply to a product that excludes 1 (:mod:`claimcheck.ratios`).

    ``forward[i]``: the ``i``-th constraint is walked from its bottom to its top (times its ratio).
    """

    constraints: tuple[Constraint, ...]
    #: each constraint read as a ratio
    ratios: tuple[Ratio, ...]
    forward: tuple[bool, ...]
    product: Interval

    def implied(self, i: int) -> Interval:
        """The ratio the other constraints of the cycle imply for the ``i``-th one's top over its bottom.

        >>> from claimcheck.expr import parse
        >>> c = [Constraint(parse(f"fold({a}, {b})"), Interval(2, 2), "x", (a, b), "x")
        ...      for a, b in (("a/x/2024", "a/x/2023"), ("a/x/2023", "a/x/2022"), ("a/x/2022", "a/x/2024"))]
        >>> propagate(c, {}).cycle.implied(0)
        Interval(lo=0.25, hi=0.25)
        """
        others = [Step(j, self.forward[j]) for j in (*range(i + 1, len(self.constraints)), *range(i))]
        walked = product(self.ratios, others)
        # forward, the others lead from the top back to the bottom (bottom = walked * top); backward, the reverse
        return Interval(1, 1) / walked if self.forward[i] else walked


@dataclass
class Propagation:
    """The outcome of propagating a set of constraints."""

    domains: dict[str, Interval] | None
    #: for each key, the label of the constraint that last narrowed it
    because: dict[str, str] = field(default_factory=dict)
    #: ratios round a cycle that cannot hold, when that is why the constraints cannot all hold
    cycle: RatioCycle | None = None

    @property
    def feasible(self) -> bool:
        """False when some quantity's interval came out empty."""
        return self.domains is not None


#: revisions already computed: (constraint's id, its keys' domains) -> narrowed domains, or None (see :func:`propagate`)
Revisions = dict[tuple[int, tuple[Interval, ...]], "dict[str, Interval] | None"]


def propagate(constraints: list[Constraint], start: dict[str, Interval],
              revisions: Revisions | None = None) -> Propagation:
    """Narrow every quantity's interval until nothing narrows (HC4), or find that they cannot all hold.

    They cannot when some interval comes out empty, or when ratios among them go round a cycle
    whose product cannot be 1 (:func:`ratio_cycle`), which narrowing alone cannot see.

    :param revisions: a memo of revisions to reuse and fill, for callers that propagate many
        overlapping sets of the same constraints (a revision is a pure function of the
        constraint and its keys' domains; the caller keeps the constraints alive while it lives).
    """
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
        if revisions is None:
            result = narrow(c.tree, c.target, {k: domains[k] for k in c.keys})
        else:
            memo = (id(c), tuple([domains[k] for k in c.keys]))
            if memo in revisions:
                result = revisions[memo]
            else:
                result = revisions[memo] = narrow(c.tree, c.target, {k: domains[k] for k in c.keys})
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
    cycle = ratio_cycle(constraints)
    if cycle is not None:
        return Propagation(None, because, cycle)
    return Propagation(domains, because)


def ratio_cycle(constraints: Sequence[Constraint]) -> RatioCycle | None:
    """Ratios among some constraints that go round a cycle and cannot all hold (:func:`~claimcheck.ratios.find_cycle`).

    Propagation narrows bounds and cannot see this when no level is stated: growth rates of
    10 % from a to b, b to c and c to a hold only where every level is zero, and there no
    growth rate exists.
    """
    held = [(c, r) for c in constraints if (r := c.ratio) is not None]
    found = find_cycle([r for _, r in held]) if len(held) > 1 else None
    if found is None:
        return None
    return RatioCycle(tuple(held[s.at][0] for s in found.steps), tuple(held[s.at][1] for s in found.steps),
                      tuple(s.forward for s in found.steps), found.product)


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

    def __init__(self, net: Network, claims: frozenset[str], *, max_sets: int | None = None,
                 max_checks: int | None = None) -> None:
        self.net = net
        self.claims = claims
        self.order = sorted(claims)
        self.checks = 0
        #: enumeration limits (default: the module's MAX_CONFLICT_SETS and MAX_FEASIBILITY_CHECKS)
        self.max_sets = MAX_CONFLICT_SETS if max_sets is None else max_sets
        self.max_checks = MAX_FEASIBILITY_CHECKS if max_checks is None else max_checks
        self._cache: dict[frozenset[str], bool] = {}
        #: every set checked revises the same constraints, mostly from the same domains
        self._revisions: Revisions = {}

    def feasible(self, owners: frozenset[str]) -> bool:
        """Tell whether these claims (with the trusted identities) can all hold."""
        if owners not in self._cache:
            self.checks += 1
            self._cache[owners] = self.net.propagate(owners, self._revisions).feasible
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
        while stack and len(found) < self.max_sets and self.checks < self.max_checks:
            removed = stack.pop()
            rest = self.claims - removed
            # a set holding a known conflict cannot hold either: reuse it without a feasibility check
            conflict = next((m for m in found if m <= rest), None)
            if conflict is None:
                if self.feasible(rest):
                    continue
                conflict = self.shrink(rest)
            if conflict not in found:
                found.append(conflict)
            for claim in sorted(conflict, reverse=True):
                branch = removed | {claim}
                if branch not in seen:
                    seen.add(branch)
                    stack.append(branch)
        return sorted(found, key=lambda m: (len(m), sorted(m)))
