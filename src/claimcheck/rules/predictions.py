"""CC301-CC306: forecasts against outcomes, targets against what they must fit in, firsts and ranks.

Forecasts and targets are never constraints on outcomes: they are compared with them.
"""

from __future__ import annotations

import math
from collections.abc import Iterator

import numpy as np

from claimcheck.engine import Context
from claimcheck.expr import Ref, UnitError, evaluate, refs, unit_of
from claimcheck.intervals import Interval, IntervalArray, ZeroDivisionInterval
from claimcheck.model import QuantityKey
from claimcheck.network import Statement, parse_key
from claimcheck.numfmt import fmt_interval, fmt_number, gap
from claimcheck.results import Finding
from claimcheck.rules import get as get_rule


#: units of rates: a forecast error in them is a difference of rates, in points, with no percent of its own
_RATES = ("percent", "pp")


def _outcome(ctx: Context, s: Statement) -> tuple[Interval, tuple[str, ...]] | None:
    """What happened to what a forecast measures, and the claims that say so; None when the registry does not know.

    A forecast in its quantity's unit forecasts the quantity; one in another unit (a growth rate
    of it) forecasts its derivation, recomputed from what the registry knows of each operand.
    """
    c = s.claim
    if not c.derivation or c.unit == ctx.unit(c.quantity):
        return ctx.known(c.quantity)
    bindings: dict[str, Interval] = {}
    ids: list[str] = []
    for key in refs(s.expression):
        known = ctx.known(key)
        if known is None:
            return None
        bindings[key] = known[0]
        ids += known[1]
    try:
        return evaluate(s.expression, bindings), tuple(dict.fromkeys(ids))
    except ZeroDivisionInterval:
        return None


def forecasts(ctx: Context) -> Iterator[Finding]:
    """CC301: each forecast with a known outcome: the signed error, in units and percent (for a rate, in points).

    The errors are computed for all forecasts at once (:class:`IntervalArray` rounds as :class:`Interval` does).
    """
    pairs = [(s, known) for s in ctx.of_kind("forecast") if (known := _outcome(ctx, s)) is not None]
    if not pairs:
        return
    forecast = IntervalArray.from_intervals(s.interval for s, _ in pairs)
    outcome = IntervalArray.from_intervals(actual for _, (actual, _) in pairs)
    errors = forecast - outcome
    # the error in percent of a positive outcome (others are given 1 and left out), and never of a rate
    positive = (outcome.lo > 0) & np.array([s.claim.unit not in _RATES for s, _ in pairs], dtype=bool)
    divisor = IntervalArray(np.where(positive, outcome.lo, 1.0), np.where(positive, outcome.hi, 1.0))
    pcts = (forecast / divisor - Interval(1, 1)) * Interval(100, 100)
    for i, (s, (actual, ids)) in enumerate(pairs):
        c = s.claim
        error = errors[i]
        pct = pcts[i] if positive[i] else None
        missed = s.interval.intersect(actual) is None
        unit = c.unit
        pct_text = f" ({fmt_interval(pct, 'percent')})" if pct else ""
        actual_text, error_text = fmt_interval(actual, unit), fmt_interval(error, "pp" if unit == "percent" else unit)
        message = (f"{c.quantity}: forecast {c.hedge + ' ' if c.hedge else ''}{c.figure} ({c.id}) against outcome "
                   f"{actual_text}{' (' + ', '.join(ids) + ')' if ids else ' (implied)'}: "
                   f"error {error_text}{pct_text}")
        made = c.made or (ctx.source(c).date if ctx.source(c) else "")
        explanation = (f"{ctx.source_label(c)} forecast {c.figure} for {c.quantity}"
                       f"{' on ' + made if made else ''}; the outcome stated later is {actual_text}. "
                       f"Forecast minus outcome is {error_text}{pct_text}. "
                       + ("The forecast missed: its interval does not contain the outcome." if missed
                          else "The outcome lies within the forecast's interval."))
        severity = get_rule("CC301").severity if missed else get_rule("CC102").severity
        yield Finding("CC301", severity, message, c.location, claims=(c.id, *ids), quantities=(c.quantity,),
                      explanation=explanation, stated=fmt_interval(s.interval, unit),
                      recomputed=actual_text, gap=gap(s.interval, actual),
                      rel_gap=(pct.hi if pct and pct.hi < 0 else pct.lo if pct else None))


def _latest(ctx: Context, entity: str, metric: str, before: QuantityKey) -> tuple[QuantityKey, Interval, tuple[str, ...]] | None:
    """The latest annual value the registry knows for an entity and metric, before a period."""
    best = None
    for key in set(ctx.direct) | set(ctx.domains):
        k = parse_key(key)
        if not k or k.entity != entity or k.metric != metric or k.basis or len(k.period.text) != 4:
            continue
        if k.period.end >= before.period.start:
            continue
        known = ctx.known(key)
        if known and not math.isinf(known[0].hi) and (best is None or k.period.start > best[0].period.start):
            best = (k, known[0], known[1])
    return best


def _best_growth(ctx: Context, metric: str) -> Statement | None:
    """The highest growth rate stated for a metric (any entity, any period)."""
    best = None
    for s in ctx.of_kind("change"):
        e = s.expression
        if not hasattr(e, "name") or e.name != "growth":
            continue
        keys = [parse_key(k) for k in refs(e)]
        if keys and all(k and k.metric == metric for k in keys) and (best is None or s.interval.hi > best.interval.hi):
            best = s
    return best


def targets(ctx: Context) -> Iterator[Finding]:
    """CC302/CC303: a target against the whole it belongs to, and the growth it needs."""
    for s in ctx.of_kind("target"):
        c = s.claim
        key = parse_key(c.quantity)
        if key is None or not isinstance(s.expression, Ref):
            continue
        metric = ctx.registry.metrics.get(key.metric)
        whole = _latest(ctx, key.entity, metric.part_of, key) if metric and metric.part_of else None
        notes = []
        if whole:
            ratio = s.interval / whole[1] * Interval(100, 100)
            notes.append(f"the target is {fmt_interval(ratio, 'percent')} of {whole[0]} ({fmt_interval(whole[1], c.unit)})")
            if s.interval.lo > whole[1].hi:
                yield Finding("CC302", get_rule("CC302").severity,
                              f"{c.quantity}: target {c.figure} exceeds the latest whole {whole[0]} "
                              f"{fmt_interval(whole[1], c.unit)}", c.location, claims=(c.id, *whole[2]),
                              quantities=(c.quantity, str(whole[0])),
                              explanation=f"A part cannot exceed its whole; {notes[-1]}.",
                              stated=fmt_interval(s.interval, c.unit), recomputed=fmt_interval(whole[1], c.unit),
                              gap=gap(s.interval, whole[1]))
        base = _latest(ctx, key.entity, key.metric, key)
        best = _best_growth(ctx, key.metric)
        if base is None or best is None or base[1].lo <= 0:
            continue
        years = key.period.start.year - base[0].period.start.year
        if years <= 0:
            continue
        lo = (s.interval.lo / base[1].hi) ** (1 / years) - 1
        hi = (s.interval.hi / base[1].lo) ** (1 / years) - 1
        cagr = Interval(math.nextafter(lo * 100, -math.inf), math.nextafter(hi * 100, math.inf))
        if cagr.lo <= best.interval.hi:
            continue
        yield Finding(
            "CC303", get_rule("CC303").severity,
            f"{c.quantity}: target {c.figure} needs {fmt_interval(cagr, 'percent')} a year for {years} years from "
            f"{base[0]} ({fmt_interval(base[1], c.unit)}); the highest stated growth is {best.claim.figure} ({best.claim.id})",
            c.location, claims=(c.id, *base[2], best.claim.id), quantities=(c.quantity, str(base[0])),
            explanation=(f"From {fmt_interval(base[1], c.unit)} in {base[0].period} to {c.figure} in {key.period} is "
                         f"{years} years of {fmt_interval(cagr, 'percent')} compound growth, above every growth rate the "
                         f"registry states for {key.metric} (highest: {best.claim.figure} in {best.claim.id})"
                         + (f"; {notes[0]}" if notes else "") + ". The target may be garbled or on another basis."),
            stated=fmt_interval(cagr, "percent"), recomputed=fmt_interval(best.interval, "percent"),
            gap=gap(cagr, best.interval))


def firsts(ctx: Context) -> Iterator[Finding]:
    """CC304/CC306: a 'first time' threshold already passed in an earlier period."""
    for s in ctx.of_kind("first_time"):
        c = s.claim
        key = parse_key(c.quantity)
        if key is None:
            continue
        threshold = s.interval.lo
        earlier = []
        for other_key, statements in ctx.direct.items():
            k = parse_key(other_key)
            if not k or k.family != key.family or k.period.end >= key.period.start:
                continue
            earlier += [o for o in statements if o.interval.lo > threshold]
        if not earlier:
            continue
        same = [o for o in earlier if parse_key(o.claim.quantity).basis == key.basis]
        code = "CC304" if same else "CC306"
        hits = same or earlier
        listed = "; ".join(f"{o.claim.id} states {o.claim.quantity} {fmt_interval(o.interval, o.claim.unit)}" for o in hits)
        basis_note = "" if same else (" on another basis (" + ", ".join(sorted({str(parse_key(o.claim.quantity).basis or 'default')
                                                                             for o in hits})) + f" against {key.basis or 'default'})")
        yield Finding(code, get_rule(code).severity,
                      f"{c.quantity}: '{c.figure}' for the first time ({c.id}), but earlier {listed}{basis_note}",
                      c.location, claims=tuple(sorted({c.id, *(o.claim.id for o in hits)})),
                      quantities=(c.quantity, *(o.claim.quantity for o in hits)),
                      explanation=(f"{c.id} says {c.quantity} passed {fmt_number(threshold, c.unit, 2)} for the first time. "
                                   f"An earlier period is already above it: {listed}."
                                   + ("" if same else " The two measure the metric on different bases, so this is a "
                                      "difference of definition that a reader must be told, not an arithmetic error.")),
                      stated=fmt_interval(s.interval, c.unit), recomputed=fmt_interval(hits[0].interval, c.unit))


def _value_for(ctx: Context, s: Statement, entity: str) -> Interval | None:
    """A rank claim's measure (its derivation, or its quantity) for another entity."""
    def swap(key: str) -> str:
        k = parse_key(key)
        return str(k.with_(entity=entity)) if k else key

    keys = refs(s.expression)
    bindings = {}
    for key in keys:
        known = ctx.known(swap(key))
        if known is None:
            return None
        bindings[key] = known[0]
    try:
        return evaluate(s.expression, bindings)
    except ZeroDivisionInterval:
        return None


def ranks(ctx: Context) -> Iterator[Finding]:
    """CC305: a sibling stated higher than the entity claimed first among its parent's children."""
    for s in ctx.of_kind("rank"):
        c = s.claim
        key = parse_key(c.quantity)
        if key is None or not c.among:
            continue
        own = _value_for(ctx, s, key.entity)
        if own is None:
            continue
        siblings = sorted(name for name, e in ctx.registry.entities.items() if e.parent == c.among and name != key.entity)
        for sibling in siblings:
            theirs = _value_for(ctx, s, sibling)
            if theirs is None or theirs.lo <= own.hi:
                continue
            unit = _measure_unit(ctx, s)
            yield Finding("CC305", get_rule("CC305").severity,
                          f"{c.quantity}: '{c.figure}' among {c.among} ({c.id}), but {sibling} is "
                          f"{fmt_interval(theirs, unit)} against {fmt_interval(own, unit)}",
                          c.location, claims=(c.id,), quantities=(c.quantity,),
                          explanation=(f"{c.id} ranks {key.entity} first among the children of {c.among}; the registry "
                                       f"puts {sibling} higher on the same measure ({c.derivation or c.quantity})."),
                          stated=fmt_interval(own, unit), recomputed=fmt_interval(theirs, unit), gap=gap(own, theirs))


def _measure_unit(ctx: Context, s: Statement) -> str:
    """The unit of what a rank claim ranks by: its derivation's (a growth rate in percent), else its quantity's."""
    try:
        return unit_of(s.expression, {k: ctx.unit(k) for k in refs(s.expression)})
    except UnitError:
        return ctx.unit(s.claim.quantity)


def check(ctx: Context) -> Iterator[Finding]:
    """Run the prediction, first-time and rank rules."""
    yield from forecasts(ctx)
    yield from targets(ctx)
    yield from firsts(ctx)
    yield from ranks(ctx)
