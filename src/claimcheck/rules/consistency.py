"""CC101, CC201-CC204: claims that cannot all hold, differences of basis, and conversion rates.

Every minimal conflicting set found by the engine is placed at the quantity where its two
sides meet: the directly stated claim whose interval is disjoint from what the rest of the set
implies for its quantity (the most precisely printed one, when several are). Per quantity, the
smallest set is the finding; the other sets that meet there are listed in its explanation.
"""

from __future__ import annotations

import csv
import math
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources

from claimcheck.engine import Context, Recomputation
from claimcheck.expr import Ref, expand, refs
from claimcheck.intervals import Interval
from claimcheck.network import Constraint, Statement, parse_key, propagate
from claimcheck.numfmt import fmt_interval, fmt_number, gap, mid
from claimcheck.results import Finding
from claimcheck.rules import get as get_rule

#: reference rates earlier than this year do not bound a conversion made later
BAND_FROM_YEAR = 2023


@dataclass(frozen=True)
class Meeting:
    """Where a conflicting set meets: the claim stated there, and what the others imply."""

    conflict: frozenset[str]
    focus: Statement
    implied: Interval | None
    because: dict[str, str]


def _relative_width(s: Statement) -> float:
    iv = s.interval
    if math.isinf(iv.lo) or math.isinf(iv.hi):
        return math.inf
    return (iv.hi - iv.lo) / max(abs(mid(iv)), 1e-300)


def meeting(ctx: Context, conflict: frozenset[str]) -> Meeting:
    """Find where a conflicting set meets (see module docstring)."""
    candidates = []
    for claim_id in sorted(conflict):
        s = ctx.net.statements[claim_id]
        if s not in ctx.direct.get(s.claim.quantity, []):
            continue
        result = ctx.net.propagate(conflict - {claim_id})
        implied = result.domains.get(s.claim.quantity) if result.domains else None
        if implied is not None and implied.intersect(s.interval) is None:
            candidates.append((_relative_width(s), claim_id, Meeting(conflict, s, implied, result.because)))
    if candidates:
        return min(candidates, key=lambda c: (c[0], c[1]))[2]
    first = ctx.net.statements[sorted(conflict)[0]]
    result = ctx.net.propagate(conflict - {first.claim.id})
    implied = result.domains.get(first.claim.quantity) if result.domains else None
    return Meeting(conflict, first, implied, result.because)


def _describe(ctx: Context, s: Statement) -> str:
    c = s.claim
    hedge = f"{c.hedge} " if c.hedge else ""
    return (f"{c.id} [{ctx.source_label(c)}] says “{' '.join(c.quote.split())}”: {s.text} = {hedge}{c.figure} "
            f"→ {fmt_interval(s.interval, c.unit)} ({s.why})")


def _steps(ctx: Context, m: Meeting) -> tuple[str, ...]:
    lines = [_describe(ctx, ctx.net.statements[i]) for i in sorted(m.conflict - {m.focus.claim.id})]
    domains = ctx.net.propagate(m.conflict - {m.focus.claim.id}).domains or {}
    mentioned = {k for c in ctx.net.owned(m.conflict) for k in c.keys}
    for key, label in m.because.items():
        if key in mentioned and key in domains and not (math.isinf(domains[key].lo) and math.isinf(domains[key].hi)):
            lines.append(f"⇒ {key} ∈ {fmt_interval(domains[key], ctx.unit(key))}   (by {label})")
    lines.append(_describe(ctx, m.focus))
    return tuple(lines)


def _classify(ctx: Context, conflict: frozenset[str]) -> str:
    sources = {ctx.claim(i).file for i in conflict}
    if len(sources) == 1:
        return "CC101"
    statements = [ctx.net.statements[i] for i in conflict]
    if all(isinstance(s.expression, Ref) for s in statements) and len({s.claim.quantity for s in statements}) == 1:
        return "CC201"
    return "CC202"


def conflict_findings(ctx: Context) -> Iterator[Finding]:
    """One finding per quantity where conflicting sets meet, naming the smallest set."""
    by_quantity: dict[str, list[Meeting]] = defaultdict(list)
    for conflict in ctx.conflicts:
        m = meeting(ctx, conflict)
        by_quantity[m.focus.claim.quantity].append(m)
    for quantity, meetings in sorted(by_quantity.items()):
        meetings.sort(key=lambda m: (len(m.conflict), len({ctx.claim(i).file for i in m.conflict}), sorted(m.conflict)))
        m = meetings[0]
        code = _classify(ctx, m.conflict)
        unit = m.focus.claim.unit
        stated = m.focus.interval
        others = ", ".join(sorted(m.conflict - {m.focus.claim.id}))
        disjoint = m.implied is not None and m.implied.intersect(stated) is None
        distance = gap(stated, m.implied) if disjoint else None
        rel = distance / abs(mid(stated)) * 100 if distance is not None and mid(stated) else None
        implied_text = fmt_interval(m.implied, unit) if disjoint else "no common value"
        if disjoint:
            message = (f"{quantity}: {m.focus.claim.id} states {fmt_interval(stated, unit)} but {others} "
                       f"{'imply' if len(m.conflict) > 2 else 'states'} {implied_text} "
                       f"(gap {fmt_number(distance, unit, like=mid(stated))}"
                       + (f", {rel:.2f} %)" if rel is not None else ")"))
        else:
            message = (f"{quantity}: {', '.join(sorted(m.conflict))} cannot all hold as printed; the contradiction "
                       "appears only when all of them are combined")
        what = {"CC101": "Figures from one article cannot all be true as printed.",
                "CC201": "Two claims give values for the same quantity that cannot both be true as printed.",
                "CC202": "Carried from one article to another through their stated relations, the figures "
                         "cannot all be true as printed."}[code]
        explanation = (f"{what} {m.focus.claim.id} ({ctx.source_label(m.focus.claim)}) puts {quantity} in "
                       f"{fmt_interval(stated, unit)} ({m.focus.why}); {others} put it in {implied_text}. "
                       "Dropping any one claim of this set makes the rest consistent, so at least one of them "
                       "is wrong or measures something else.")
        if len(meetings) > 1:
            explanation += " Other sets that cannot hold together at this quantity: " + "; ".join(
                "{" + ", ".join(sorted(o.conflict)) + "}" for o in meetings[1:]) + "."
        yield Finding(code, get_rule(code).severity, message, m.focus.claim.location,
                      claims=tuple(sorted(m.conflict)), quantities=(quantity,), explanation=explanation,
                      stated=fmt_interval(stated, unit), recomputed=implied_text, gap=distance, rel_gap=rel,
                      steps=_steps(ctx, m), subject=f"{quantity}|{','.join(sorted(m.conflict))}",
                      extra={"alternatives": [sorted(o.conflict) for o in meetings[1:]]})


def basis_findings(ctx: Context) -> Iterator[Finding]:
    """CC203: direct figures for one entity, metric and period that differ, on different bases."""
    bases: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    for key in ctx.direct:
        parsed = parse_key(key)
        if parsed is not None:
            bases[(parsed.entity, parsed.metric, parsed.period.text)].append(key)
    for (entity, metric, period), keys in sorted(item for item in bases.items() if len(item[1]) > 1):
        statements = [s for key in keys for s in ctx.direct[key]]
        for i, a in enumerate(statements):
            for b in statements[i + 1:]:
                if a.claim.quantity == b.claim.quantity or a.interval.intersect(b.interval) is not None:
                    continue
                unit = a.claim.unit
                yield Finding(
                    "CC203", get_rule("CC203").severity,
                    f"{entity}/{metric}/{period}: {a.claim.id} ({a.claim.quantity}) {fmt_interval(a.interval, unit)} "
                    f"and {b.claim.id} ({b.claim.quantity}) {fmt_interval(b.interval, unit)} differ in basis",
                    b.claim.location, claims=tuple(sorted((a.claim.id, b.claim.id))),
                    quantities=(a.claim.quantity, b.claim.quantity),
                    explanation=("The two figures measure the same metric and period on different bases "
                                 f"({a.claim.quantity} and {b.claim.quantity}), so their difference is one of "
                                 "definition, not arithmetic; a reader comparing them should be told."),
                    stated=fmt_interval(a.interval, unit), recomputed=fmt_interval(b.interval, unit),
                    gap=gap(a.interval, b.interval))


def reference_rates() -> dict[str, tuple[float, str]]:
    """The shipped CNY-per-USD reference rates: period -> (rate, source)."""
    text = resources.files("claimcheck").joinpath("data/fx_reference.csv").read_text(encoding="utf-8")
    return {row["period"]: (float(row["cny_per_usd"]), f"{row['series']}, {row['source_url']}")
            for row in csv.DictReader(text.splitlines())}


def _rate_key(ctx: Context, s: Statement) -> str | None:
    return next((k for k in refs(s.expression) if ctx.unit(k) == "CNY_per_USD"), None)


def conversion_findings(ctx: Context) -> Iterator[Finding]:
    """CC204 (and CC102 for a fit owed to the hedge): a conversion's implied rate against the reference."""
    rates = reference_rates()
    band_rates = [r for p, (r, _) in rates.items() if int(p[:4]) >= BAND_FROM_YEAR]
    band = Interval(min(band_rates), max(band_rates)) if band_rates else None
    for s in ctx.of_kind("conversion"):
        c = s.claim
        key = _rate_key(ctx, s)
        if key is None:
            continue
        amounts = _amounts(ctx, s, key)
        implied = (propagate([*amounts, _constraint(s, s.interval)], ctx.net.start).domains or {}).get(key)
        if implied is None:
            continue
        printed = _printed_rate(ctx, s, key, amounts)
        period = key.rsplit("/", 1)[-1]
        reference = rates.get(period)
        ctx.recomputations.append(Recomputation(c.id, f"implied rate {key}", "reference" if reference else "band",
                                                c.figure, "CNY_per_USD", (implied.lo, implied.hi)))
        if reference is not None:
            rate, source = reference
            if implied.contains(rate):
                if printed is not None and not printed.contains(rate):
                    yield _hedge_only(ctx, s, key, printed, implied, rate, source)
                continue
            yield _rate_finding(ctx, s, key, implied, Interval(rate, rate), f"the reference rate {rate} for {period} "
                                f"({source})")
        elif band is not None and implied.intersect(band) is None:
            yield _rate_finding(ctx, s, key, implied, band, f"the range of the shipped H.10 rates since "
                                f"{BAND_FROM_YEAR} (no figure for {period} is shipped)")


def _constraint(s: Statement, target: Interval) -> Constraint:
    tree = expand(s.expression)
    return Constraint(tree, target, s.claim.id, refs(tree), s.claim.id)


def _amounts(ctx: Context, s: Statement, rate_key: str) -> list[Constraint]:
    """The article's own figures for the amounts a conversion converts (a target's amount counts too)."""
    keys = {k for k in refs(s.expression) if k != rate_key}
    return [Constraint(Ref(o.claim.quantity), o.interval, o.claim.id, (o.claim.quantity,), o.claim.id)
            for o in ctx.stated_in(s.claim.file, keys)]


def _printed_rate(ctx: Context, s: Statement, key: str, amounts: list[Constraint]) -> Interval | None:
    """The implied rate with the conversion's figure taken at its printed rounding only."""
    if s.printed == s.interval:
        return None
    return (propagate([*amounts, _constraint(s, s.printed)], ctx.net.start).domains or {}).get(key)


def _hedge_only(ctx: Context, s: Statement, key: str, printed: Interval, implied: Interval, rate: float,
                source: str) -> Finding:
    c = s.claim
    return Finding(
        "CC102", get_rule("CC102").severity,
        f"{c.id}: rate {rate} ({key}) fits only because '{c.hedge}' widens {c.figure}: as printed the "
        f"conversion implies {fmt_interval(printed, 'CNY_per_USD')}",
        c.location, claims=(c.id,), quantities=(key,),
        explanation=(f"Taken at its printed precision, “{c.figure}” implies {fmt_interval(printed, 'CNY_per_USD')}, "
                     f"{fmt_number(gap(printed, Interval(rate, rate)), 'CNY_per_USD')} from the reference {rate} "
                     f"({source}). The hedge '{c.hedge}' ({s.why}) widens it to {fmt_interval(implied, 'CNY_per_USD')}, "
                     "which contains the reference. The article probably converted at another rate (such as the "
                     "central parity of the day); the figure is consistent, but only as an approximation."),
        stated=fmt_interval(printed, "CNY_per_USD"), recomputed=str(rate), gap=gap(printed, Interval(rate, rate)))


def _rate_finding(ctx: Context, s: Statement, key: str, implied: Interval, reference: Interval, what: str) -> Finding:
    c = s.claim
    distance = gap(implied, reference)
    return Finding(
        "CC204", get_rule("CC204").severity,
        f"{c.id}: conversion implies {fmt_interval(implied, 'CNY_per_USD')}, outside {what}",
        c.location, claims=(c.id,), quantities=(key,),
        explanation=(f"“{c.figure}” converts at {fmt_interval(implied, 'CNY_per_USD')} ({s.why}); {what} is "
                     f"{fmt_interval(reference, 'CNY_per_USD')}, {fmt_number(distance, 'CNY_per_USD')} away."),
        stated=fmt_interval(implied, "CNY_per_USD"), recomputed=fmt_interval(reference, "CNY_per_USD"), gap=distance,
        rel_gap=distance / mid(reference) * 100)


def check(ctx: Context) -> Iterator[Finding]:
    """Run the consistency rules."""
    yield from conflict_findings(ctx)
    yield from basis_findings(ctx)
    yield from conversion_findings(ctx)

