"""The consistency engine: builds the network, finds conflicts, and runs every rule over one shared context."""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple

from claimcheck.gcpause import gc_paused
from claimcheck.intervals import Interval
from claimcheck.loader import Registry
from claimcheck.model import Claim, Source
from claimcheck.network import (
    ConflictSearch,
    Network,
    Statement,
    build_network,
    components,
    intersect_all,
    parse_key,
)
from claimcheck.numfmt import fmt_interval
from claimcheck.results import Finding

if TYPE_CHECKING:
    import pandas as pd


class Recomputation(NamedTuple):
    """One row of the report's recomputations: a derivation recomputed (or a rate implied), passed or not.

    Most rows are only counted, so the interval and the texts are made when read.

    >>> row = Recomputation("a-share", "share(a, b)", "consistent", "40.9%", "percent",
    ...                     (40.87, 40.93), Interval(40.85, 40.95))
    >>> row.value, row.recomputed, row.stated
    (Interval(lo=40.87, hi=40.93), '[40.87, 40.93] %', '[40.85, 40.95] %')
    """

    claim: str
    what: str
    status: str
    #: the figure as printed, shown as :attr:`stated` when there is no stated interval
    figure: str
    unit: str = ""
    #: the ends of the recomputed (or implied) interval; None when it could not be recomputed
    bounds: tuple[float, float] | None = None
    #: the stated interval, hedge included
    interval: Interval | None = None
    #: ids of the claims the recomputation rests on
    operands: tuple[str, ...] = ()

    @property
    def value(self) -> Interval | None:
        """The recomputed interval."""
        return None if self.bounds is None else Interval(*self.bounds)

    @property
    def recomputed(self) -> str | None:
        """The recomputed interval as text."""
        value = self.value
        return None if value is None else fmt_interval(value, self.unit)

    @property
    def stated(self) -> str:
        """The stated interval as text, or the figure as printed."""
        return self.figure if self.interval is None else fmt_interval(self.interval, self.unit)


@dataclass
class Context:
    """Everything a rule may read; rules never recompute what is here."""

    registry: Registry
    net: Network
    conflicts: list[frozenset[str]]
    domains: Mapping[str, Interval]
    #: quantity key -> statements that state it directly (value, bound, share with identity ...)
    direct: dict[str, list[Statement]] = field(default_factory=dict)
    #: rows for the report: every recomputation, passed or not
    recomputations: list[Recomputation] = field(default_factory=list)

    def stated_in(self, file: str, quantities: set[str] | frozenset[str]) -> list[Statement]:
        """Statements of one claims file whose expression is one of some quantities (in registry order)."""
        return self.net.stated_in(file, quantities)

    def of_kind(self, kind: str) -> list[Statement]:
        """The statements of claims of one kind, in registry order."""
        return self.net.of_kinds((kind,))

    def claim(self, claim_id: str) -> Claim:
        """Return a claim by id."""
        return self.net.claim(claim_id)

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
        parsed = parse_key(key)
        metric = self.registry.metrics.get(parsed.metric) if parsed else None
        return metric.unit if metric else ""

    def known(self, key: str) -> tuple[Interval, tuple[str, ...]] | None:
        """What the registry says a quantity is: its direct statements intersected, else its implied interval.

        Returns the interval and the ids of the claims it rests on, or None when nothing bounds it.
        """
        stated = [s for s in self.direct.get(key, []) if s.claim.id not in self.contested]
        if stated:
            iv = intersect_all(stated)
            if iv is not None:
                return iv, tuple(s.claim.id for s in stated)
        implied = self.domains.get(key)
        if implied is not None and not (math.isinf(implied.lo) and math.isinf(implied.hi)):
            return implied, ()
        return None

    @functools.cached_property
    def contested(self) -> frozenset[str]:
        """Claims that take part in some conflict (computed once: the conflicts are final when rules run)."""
        return frozenset().union(*self.conflicts) if self.conflicts else frozenset()


def build_context(registry: Registry, exclude: frozenset[str] = frozenset(), claims: pd.DataFrame | None = None
                  ) -> Context:
    """Build the network, enumerate conflicts per component, and propagate the uncontested claims.

    Components are screened in bulk first (:mod:`claimcheck.bulk`): only those where the claims
    may not all hold go through the exact conflict search; the domains of the uncontested claims
    come from the same vectorised propagation.
    """
    from claimcheck.diagnosis import diagnose

    net = build_network(registry, exclude, claims)
    diagnosis = diagnose(net)
    ctx = Context(registry, net, diagnosis.conflicts, diagnosis.domains, net.direct)
    return ctx


def build_context_exact(registry: Registry, exclude: frozenset[str] = frozenset()) -> Context:
    """:func:`build_context` without bulk screening: every component through the exact engine.

    The reference the bulk screening is tested against (``tests/test_bulk.py``).
    """
    net = build_network(registry, exclude)
    conflicts: list[frozenset[str]] = []
    for component in components(net):
        conflicts += ConflictSearch(net, component).all_conflicts()
    contested = frozenset().union(*conflicts) if conflicts else frozenset()
    owners = {c.owner for c in net.constraints if c.owner and c.owner not in contested}
    result = net.propagate(owners)
    ctx = Context(registry, net, conflicts, result.domains or {}, net.direct)
    return ctx


@gc_paused
def run_rules(registry: Registry, exclude: frozenset[str] = frozenset(),
              claims: pd.DataFrame | None = None) -> tuple[Context, list[Finding]]:
    """Run every consistency, derivation and prediction rule; return the context and the findings.

    :param exclude: ids of claims the engine must not use (they failed validation).
    :param claims: the registry's claims table, when already built (see :func:`build_network`).
    """
    from claimcheck.rules import consistency, derivation, predictions

    ctx = build_context(registry, exclude, claims)
    findings: list[Finding] = []
    for module in (derivation, consistency, predictions):
        findings += list(module.check(ctx))
    return ctx, findings
