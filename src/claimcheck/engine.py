"""The consistency engine: builds the network, finds conflicts, and runs every rule over one shared context."""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field

from claimcheck.expr import Ref
from claimcheck.intervals import Interval
from claimcheck.loader import Registry
from claimcheck.model import PREDICTION_KINDS, Claim, KeyError_, QuantityKey, Source
from claimcheck.network import ConflictSearch, Network, Statement, build_network, components
from claimcheck.results import Finding


@dataclass
class Context:
    """Everything a rule may read; rules never recompute what is here."""

    registry: Registry
    net: Network
    conflicts: list[frozenset[str]]
    domains: dict[str, Interval]
    #: quantity key -> statements that state it directly (value, bound, share with identity ...)
    direct: dict[str, list[Statement]] = field(default_factory=dict)
    #: rows for the report: every recomputation, passed or not
    recomputations: list[dict[str, object]] = field(default_factory=list)

    def claim(self, claim_id: str) -> Claim:
        """Return a claim by id."""
        return self.net.statements[claim_id].claim

    def source(self, claim: Claim) -> Source | None:
        """Return the article a claim comes from."""
        return self.registry.sources.get(claim.file)

    def source_label(self, claim: Claim) -> str:
        """Short label for a claim's article: file stem, publisher and date."""
        source = self.source(claim)
        stem = claim.file.rsplit("/", 1)[-1].split("_", 1)[0]
        return f"{stem} ({source.publisher}, {source.date})" if source else stem

    def unit(self, key: str) -> str:
        """The unit of a quantity key, from its metric."""
        if key in self.net.units:
            return self.net.units[key]
        try:
            metric = self.registry.metrics.get(QuantityKey.parse(key).metric)
        except KeyError_:
            return ""
        return metric.unit if metric else ""

    def known(self, key: str) -> tuple[Interval, tuple[str, ...]] | None:
        """What the registry says a quantity is: its direct statements intersected, else its implied interval.

        Returns the interval and the ids of the claims it rests on, or None when nothing bounds it.
        """
        stated = [s for s in self.direct.get(key, []) if s.claim.id not in self.contested]
        if stated:
            iv: Interval | None = stated[0].interval
            for s in stated[1:]:
                iv = iv.intersect(s.interval) if iv else None
            if iv is not None:
                return iv, tuple(s.claim.id for s in stated)
        implied = self.domains.get(key)
        if implied is not None and not (math.isinf(implied.lo) and math.isinf(implied.hi)):
            return implied, ()
        return None

    @property
    def contested(self) -> frozenset[str]:
        """Claims that take part in some conflict."""
        return frozenset().union(*self.conflicts) if self.conflicts else frozenset()


def direct_statements(net: Network) -> dict[str, list[Statement]]:
    """Index the reporting statements that state a quantity's value directly."""
    direct: dict[str, list[Statement]] = defaultdict(list)
    for s in net.statements.values():
        c = s.claim
        if c.kind in PREDICTION_KINDS or c.kind == "rank":
            continue
        if isinstance(s.expression, Ref):
            direct[c.quantity].append(s)
        elif any(k.owner == c.id and isinstance(k.tree, Ref) for k in net.constraints):
            direct[c.quantity].append(s)
    return dict(direct)


def build_context(registry: Registry, exclude: frozenset[str] = frozenset()) -> Context:
    """Build the network, enumerate conflicts per component, and propagate the uncontested claims."""
    net = build_network(registry, exclude)
    conflicts: list[frozenset[str]] = []
    for component in components(net):
        conflicts += ConflictSearch(net, component).all_conflicts()
    contested = frozenset().union(*conflicts) if conflicts else frozenset()
    owners = {c.owner for c in net.constraints if c.owner and c.owner not in contested}
    result = net.propagate(owners)
    ctx = Context(registry, net, conflicts, result.domains or {})
    ctx.direct = direct_statements(net)
    return ctx


def run_rules(registry: Registry, exclude: frozenset[str] = frozenset()) -> tuple[Context, list[Finding]]:
    """Run every consistency, derivation and prediction rule; return the context and the findings.

    :param exclude: ids of claims the engine must not use (they failed validation).
    """
    from claimcheck.rules import consistency, derivation, predictions

    ctx = build_context(registry, exclude)
    findings: list[Finding] = []
    for module in (derivation, consistency, predictions):
        findings += list(module.check(ctx))
    return ctx, findings
