"""CC101, CC201-CC204: claims that cannot all hold, differences of basis, and conversion rates.

Every minimal conflicting set found by the engine is placed at the quantity where its two
sides meet: the claim whose figure is disjoint from what the rest of the set implies for it, a
directly stated one first (the most precisely printed one, when several are). What the rest
implies is shown in the unit of the figure: a level for a level, a rate for a growth rate, with
ratios that go round a cycle multiplied along it. A set that divides by what it puts at zero is
said to. Per quantity, the smallest set is the finding; the other sets that meet there are
listed in its explanation.
"""

from __future__ import annotations

import csv
import math
from collections import defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from importlib import resources

from claimcheck.engine import Context, Recomputation
from claimcheck.expr import BinOp, Num, Ref, evaluate, expand, refs, walk
from claimcheck.intervals import Interval, ZeroDivisionInterval
from claimcheck.network import Constraint, RatioCycle, Statement, parse_key, propagate
from claimcheck.numfmt import fmt_interval, fmt_number, gap, magnitude, mid
from claimcheck.results import Finding
from claimcheck.rules import get as get_rule

#: reference rates earlier than this year do not bound a conversion made later
BAND_FROM_YEAR = 2023


@dataclass(frozen=True)
class Meeting:
    """Where a conflicting set meets: the claim stated there, and what the others imply for its figure."""

    conflict: frozenset[str]
    focus: Statement
    #: what the rest of the set implies for the focus's figure, in the figure's unit (None: nothing)
    implied: Interval | None
    because: dict[str, str]
    #: ratios round a cycle whose product cannot be 1, when that is why the set cannot hold
    cycle: RatioCycle | None = None
    #: what the focus divides by where the rest of the set puts it at zero ("0" for a number), if it does
    zero_divisor: str | None = None

    @property
    def disjoint(self) -> bool:
        """Whether what the rest implies for the focus's figure misses the figure."""
        return self.implied is not None and self.implied.intersect(self.focus.interval) is None


def _relative_width(s: Statement) -> float:
    iv = s.interval
    if math.isinf(iv.lo) or math.isinf(iv.hi):
        return math.inf
    return (iv.hi - iv.lo) / max(abs(mid(iv)), 1e-300)


def _is_direct(ctx: Context, s: Statement) -> bool:
    """Whether a statement states its quantity directly (its figure is the quantity, in the quantity's unit)."""
    return s in ctx.direct.get(s.claim.quantity, [])


def _implied(ctx: Context, s: Statement, domains: Mapping[str, Interval], cycle: RatioCycle | None) -> Interval | None:
    """What the rest of a conflicting set (its domains) implies for a statement's figure, in the figure's unit.

    A direct statement's figure is its quantity; another's is its derivation, evaluated over the
    rest's domains and, when the statement's ratio lies on the set's cycle, the ratio the rest of
    the cycle implies (None when neither bounds it).
    """
    if _is_direct(ctx, s):
        return domains.get(s.claim.quantity)
    bindings = {k: domains.get(k, ctx.net.start.get(k, Interval.entire())) for k in refs(s.expression)}
    try:
        implied: Interval | None = evaluate(s.expression, bindings)
    except ZeroDivisionInterval:
        implied = None
    if cycle is not None:
        for i, (c, ratio) in enumerate(zip(cycle.constraints, cycle.ratios)):
            if c.owner == s.claim.id:
                by_cycle = ratio.value(cycle.implied(i))
                if by_cycle is not None:
                    implied = by_cycle if implied is None else implied.intersect(by_cycle) or by_cycle
    return implied


def _zero_divisor(s: Statement, domains: Mapping[str, Interval]) -> str | None:
    """What a statement's derivation divides by where the domains put it at zero ("0" for a written zero), if anything."""
    for node in walk(expand(s.expression)):
        if isinstance(node, BinOp) and node.op == "/":
            divisor = node.right
            if isinstance(divisor, Num) and divisor.value == 0:
                return "0"
            if isinstance(divisor, Ref) and domains.get(divisor.key) == Interval(0, 0):
                return divisor.key
    return None


def meeting(ctx: Context, conflict: frozenset[str]) -> Meeting:
    """Find where a conflicting set meets.

    The claim whose figure misses what the rest of the set implies for it (a directly stated
    one first, then the most precisely printed); else a claim that divides by what the rest puts
    at zero; else the first claim.
    """
    cycle = ctx.net.propagate(conflict).cycle
    candidates: list[tuple[bool, float, str, Meeting]] = []
    dividing: Meeting | None = None
    first: Meeting | None = None
    for claim_id in sorted(conflict):
        s = ctx.net.statements[claim_id]
        result = ctx.net.propagate(conflict - {claim_id})
        domains = result.domains or {}
        m = Meeting(conflict, s, _implied(ctx, s, domains, cycle), result.because, cycle, _zero_divisor(s, domains))
        first = first or m
        if m.disjoint:
            candidates.append((not _is_direct(ctx, s), _relative_width(s), claim_id, m))
        elif dividing is None and m.zero_divisor is not None:
            dividing = m
    if candidates:
        return min(candidates, key=lambda c: c[:3])[3]
    found = dividing or first
    assert found is not None  # a conflict is never empty
    return found


def _describe(ctx: Context, s: Statement) -> str:
    c = s.claim
    hedge = f"{c.hedge} " if c.hedge else ""
    return (f"{c.id} [{ctx.source_label(c)}] says “{' '.join(c.quote.split())}”: {s.text} = {hedge}{c.figure} "
            f"→ {fmt_interval(s.interval, c.unit)} ({s.why})")


def _round(cycle: RatioCycle) -> str:
    """The quantities a cycle of ratios goes round, as ``a → b → c → a``."""
    nodes = [ratio.bottom if forward else ratio.top for ratio, forward in zip(cycle.ratios, cycle.forward)]
    return " → ".join([*nodes, nodes[0]])


def _steps(ctx: Context, m: Meeting) -> tuple[str, ...]:
    lines = [_describe(ctx, ctx.net.statements[i]) for i in sorted(m.conflict - {m.focus.claim.id})]
    domains = ctx.net.propagate(m.conflict - {m.focus.claim.id}).domains or {}
    mentioned = {k for c in ctx.net.owned(m.conflict) for k in c.keys}
    for key, label in m.because.items():
        if key in mentioned and key in domains and not (math.isinf(domains[key].lo) and math.isinf(domains[key].hi)):
            lines.append(f"⇒ {key} ∈ {fmt_interval(domains[key], ctx.unit(key))}   (by {label})")
    if m.cycle is not None:
        lines.append(f"⇒ round {_round(m.cycle)} the ratios multiply to {fmt_interval(m.cycle.product, 'ratio')}, "
                     "not 1")
        if m.disjoint and not _is_direct(ctx, m.focus):
            lines.append(f"⇒ {m.focus.text} ∈ {fmt_interval(m.implied, m.focus.claim.unit)}   (by the other ratios "
                         "of the cycle)")
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


_WHAT = {"CC101": "Figures from one article cannot all be true as printed.",
         "CC201": "Two claims give values for the same quantity that cannot both be true as printed.",
         "CC202": "Carried from one article to another through their stated relations, the figures "
                  "cannot all be true as printed."}
_DROPPING = ("Dropping any one claim of this set makes the rest consistent, so at least one of them is wrong "
             "or measures something else.")


def _gap_text(distance: float, stated: Interval, scale: float, unit: str) -> str:
    """The gap between a figure and what the rest implies, in the unit of what it measures (a gap between percentages in pp).

    The relative gap is given for levels (not for rates, where it would be a percentage of a percentage).
    """
    if unit == "percent":
        return f"gap {fmt_number(distance, 'pp')}"
    text = f"gap {fmt_number(distance, unit, like=scale)}"
    if unit != "pp" and mid(stated):
        text += f", {distance / abs(mid(stated)) * 100:.2f} %"
    return text


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
        focus = m.focus.claim
        unit = focus.unit
        stated = m.focus.interval
        rest = sorted(m.conflict - {focus.id})
        others = ", ".join(rest)
        # what the focus states: its quantity, or (for a derived figure in another unit) its derivation
        subject = quantity if _is_direct(ctx, m.focus) else m.focus.text
        distance = rel = None
        stated_text = fmt_interval(stated, unit)
        if m.disjoint:
            assert m.implied is not None
            distance = gap(stated, m.implied)
            rel = distance / abs(mid(stated)) * 100 if mid(stated) else None
            scale = magnitude(stated, m.implied)  # both in one scale, as a reader compares them
            stated_text, implied_text = fmt_interval(stated, unit, like=scale), fmt_interval(m.implied, unit, like=scale)
            states = f"states {stated_text}" if subject == quantity else f"states {subject} in {stated_text}"
            message = (f"{quantity}: {focus.id} {states} but {others} {'imply' if len(rest) > 1 else 'states'} "
                       f"{implied_text} ({_gap_text(distance, stated, scale, unit)})")
            explanation = (f"{_WHAT[code]} {focus.id} ({ctx.source_label(focus)}) puts {subject} in "
                           f"{stated_text} ({m.focus.why}); {others} put it in {implied_text}. " + _DROPPING)
        elif m.zero_divisor is not None:
            implied_text = "no value"
            zero = m.zero_divisor
            setting = f", which {others} {'put' if len(rest) > 1 else 'puts'} at 0" if rest and zero != "0" else ""
            message = f"{quantity}: {focus.id} divides by {zero}{setting}: a ratio over zero has no value"
            explanation = (f"{_WHAT[code]} {focus.id} ({ctx.source_label(focus)}) states {m.focus.text} = "
                           f"{focus.figure}, which divides by {zero}{setting}. A growth rate, share, fold or "
                           "conversion over zero has no value, so "
                           + ("the claim cannot hold as printed." if not rest else "the claims cannot all hold "
                              "as printed. " + _DROPPING))
        else:
            implied_text = "no common value"
            ids = ", ".join(sorted(m.conflict))
            message = (f"{quantity}: {ids} cannot {'all ' if rest else ''}hold as printed"
                       + ("; the contradiction appears only when all of them are combined" if rest else ""))
            explanation = (f"{_WHAT[code]} {focus.id} ({ctx.source_label(focus)}) puts {subject} in "
                           f"{stated_text} ({m.focus.why})"
                           + (f"; {others} leave it no common value. {_DROPPING}" if rest else
                              ", and no value satisfies it."))
        if m.cycle is not None:
            explanation += (f" Round {_round(m.cycle)} the stated ratios multiply to "
                            f"{fmt_interval(m.cycle.product, 'ratio')}, but ratios that go round a cycle and back "
                            "to where they started must multiply to exactly 1.")
        if len(meetings) > 1:
            explanation += " Other sets that cannot hold together at this quantity: " + "; ".join(
                "{" + ", ".join(sorted(o.conflict)) + "}" for o in meetings[1:]) + "."
        yield Finding(code, get_rule(code).severity, message, focus.location,
                      claims=tuple(sorted(m.conflict)), quantities=(quantity,), explanation=explanation,
                      stated=stated_text, recomputed=implied_text, gap=distance, rel_gap=rel,
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

