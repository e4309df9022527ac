"""Ratios round cycles (claimcheck.ratios): found exactly when their product cannot be 1, in both engines.

- A ring of ratios is reported if and only if the product of its intervals excludes 1 (decided
  here with exact fractions), and ratios printed from one truth are never reported.
- Growth rates round a cycle with no level stated cannot all hold: the exact engine and bulk
  screening both find the set, and every reported set is infeasible and minimal.
- A divisor that can only be zero makes a constraint fail (a ratio over zero does not exist).
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
from hypothesis import assume, given
from hypothesis import strategies as st

from claimcheck import bulk
from claimcheck.engine import build_context, build_context_exact
from claimcheck.expr import expand, narrow, parse, refs
from claimcheck.intervals import Interval
from claimcheck.network import Constraint, Network, propagate
from claimcheck.ratios import Ratio, find_cycle, ratio_of
from claimcheck.results import Severity
from claimcheck.rules.consistency import conflict_findings



def _ratio(top: str, bottom: str, lo: Fraction, hi: Fraction) -> Ratio:
    """A ratio with outward-rounded ends around exact ones."""
    return Ratio(top, bottom, Interval.enclose(lo).hull(Interval.enclose(hi)), expand(parse("1")))


# --- rings: found if and only if the product excludes 1 -------------------------------------------------

FACTORS = st.fractions(Fraction(1, 5), Fraction(5), max_denominator=1000)
SLACK = st.one_of(st.just(Fraction(0)), st.fractions(Fraction(0), Fraction(1, 10), max_denominator=10_000))


@given(st.lists(st.tuples(FACTORS, SLACK, st.booleans()), min_size=2, max_size=7))
def test_a_ring_is_reported_exactly_when_its_product_cannot_be_one(ring: list[tuple[Fraction, Fraction, bool]]) -> None:
    ratios, low, high = [], Fraction(1), Fraction(1)
    for i, (factor, slack, forward) in enumerate(ring):
        a, b = f"x/q/{2000 + i}", f"x/q/{2000 + (i + 1) % len(ring)}"
        lo, hi = factor, factor * (1 + slack)
        # walking a -> b: b = factor * a when the ratio is stated as b / a, a = b / factor when stated as a / b
        ratios.append(_ratio(b, a, lo, hi) if forward else _ratio(a, b, 1 / hi, 1 / lo))
        low, high = low * lo, high * hi
    margin = Fraction(1, 10**9)
    assume(not (1 - margin <= low <= 1 + margin) and not (1 - margin <= high <= 1 + margin))
    found = find_cycle(ratios)
    if low <= 1 <= high:
        assert found is None  # some ratios within the intervals multiply to 1: the ring can hold
    else:
        assert found is not None and not found.product.contains(1.0)
        assert sorted(s.at for s in found.steps) == list(range(len(ring)))


@st.composite
def truthful_ratios(draw: st.DrawFn) -> list[Ratio]:
    """Ratios among a few quantities with true non-zero values, each interval holding its true ratio."""
    count = draw(st.integers(2, 6))
    truth = [draw(st.fractions(Fraction(1, 100), Fraction(10**6), max_denominator=1000)) * draw(st.sampled_from([1, -1]))
             for _ in range(count)]
    pairs = draw(st.lists(st.tuples(st.integers(0, count - 1), st.integers(0, count - 1)).filter(lambda p: p[0] != p[1]),
                          min_size=2, max_size=12))
    ratios = []
    for top, bottom in pairs:
        exact = truth[top] / truth[bottom]
        below, above = draw(SLACK), draw(SLACK)
        lo, hi = sorted((exact - abs(exact) * below, exact + abs(exact) * above))
        ratios.append(_ratio(f"x/q/{2000 + top}", f"x/q/{2000 + bottom}", lo, hi))
    return ratios


@given(truthful_ratios())
def test_ratios_printed_from_one_truth_are_never_reported(ratios: list[Ratio]) -> None:
    assert find_cycle(ratios) is None


# --- reading a constraint as a ratio ------------------------------------------------------------------------


def test_growth_share_fold_and_conversion_read_as_ratios() -> None:
    a, b = "x/q/2024", "x/q/2023"
    growth = ratio_of(expand(parse(f"growth({a}, {b})")), Interval(9.95, 10.05))
    assert growth is not None and (growth.top, growth.bottom) == (a, b)
    assert growth.ratio.contains(Interval(1.0995, 1.1005)) and growth.ratio.width < 1.0006e-3
    assert growth.value(Interval(1.5, 1.5)).contains(50.0)
    assert ratio_of(expand(parse(f"share({a}, {b})")), Interval(40, 41)).ratio.contains(Interval(0.4, 0.41))
    assert ratio_of(expand(parse(f"fold({a}, {b})")), Interval(6, 7)).ratio == Interval(6, 7)
    # not ratios: a difference, a quantity used twice, a ratio that may be zero, a sum over a ratio
    assert ratio_of(expand(parse(f"point_change({a}, {b})")), Interval(1, 2)) is None
    assert ratio_of(expand(parse(f"{a} / {a}")), Interval(1, 1)) is None
    assert ratio_of(expand(parse(f"growth({a}, {b})")), Interval(-100, 5)) is None
    assert ratio_of(expand(parse(f"{a} / {b} + {b}")), Interval(1, 2)) is None


def test_a_divisor_that_can_only_be_zero_fails() -> None:
    a, b = "x/q/2024", "x/q/2023"
    fold = parse(f"fold({a}, {b})")
    assert narrow(fold, Interval(2, 3), {b: Interval(0, 0)}) is None
    assert narrow(parse(f"share({a}, 0)"), Interval(10, 20), {}) is None
    # the top pinned at zero pins the bottom at zero too (0 / b = 2 has no b)
    assert narrow(fold, Interval(2, 3), {a: Interval(0, 0), b: Interval(0, 5)}) is None
    # a divisor that may be zero, or not, is narrowed as before
    out = narrow(fold, Interval(2, 3), {a: Interval(6, 6), b: Interval(0, 5)})
    assert out is not None and out[b] == Interval(2, 3)


# --- in the engine -----------------------------------------------------------------------------------------


def _network(*stated: tuple[str, str, Interval]) -> Network:
    constraints = []
    for i, (text, owner, target) in enumerate(stated):
        tree = parse(text)
        constraints.append(Constraint(tree, target, owner, refs(expand(tree)), f"{owner}: {text}"))
    keys = {k for c in constraints for k in c.keys}
    return Network(constraints=constraints, start={k: Interval(0, math.inf) for k in keys})


def test_growth_rates_round_a_cycle_cannot_hold_and_bulk_sends_them_to_the_search() -> None:
    ten = Interval(9.95, 10.05)
    net = _network(("growth(x/q/2024, x/q/2023)", "a", ten), ("growth(x/q/2023, x/q/2022)", "b", ten),
                   ("growth(x/q/2022, x/q/2024)", "c", ten), ("x/q/2021", "d", Interval(1, 2)))
    result = propagate(net.constraints, net.start)
    assert not result.feasible and result.cycle is not None
    assert {c.owner for c in result.cycle.constraints} == {"a", "b", "c"}
    assert result.cycle.product.lo > 1.3 or result.cycle.product.hi < 1 / 1.3  # 1.1 ** 3 = 1.331
    for owner in "abc":
        assert net.propagate(frozenset("abc") - {owner}).feasible
    compiled, screening = bulk.screen(net)
    assert not screening.feasible and not screening.dead.any() and not screening.failed.any()
    assert {compiled.keys[q] for q in np.flatnonzero(screening.cycles)} <= {"x/q/2024", "x/q/2023", "x/q/2022"}
    assert not screening.cycles[compiled.index["x/q/2021"]]


def test_a_cycle_that_can_hold_is_not_flagged_by_bulk_screening() -> None:
    net = _network(("growth(x/q/2024, x/q/2023)", "a", Interval(9.95, 10.05)),
                   ("growth(x/q/2023, x/q/2022)", "b", Interval(9.95, 10.05)),
                   ("growth(x/q/2022, x/q/2024)", "c", Interval(-17.365, -17.355)))
    assert propagate(net.constraints, net.start).feasible
    _, screening = bulk.screen(net)
    assert screening.feasible and not screening.cycles.any()


def _cycle_registry(make_registry, third: str = "10.0"):  # type: ignore[no-untyped-def]
    lines = [("2024", "2023", "10.0"), ("2023", "2022", "10.0"), ("2022", "2024", third)]
    seed = " ".join(f"Sales in {new} were {rate} percent above {old}." for new, old, rate in lines)
    claims = "source: {seed: t.txt, publisher: Test, date: 2025-01-14}\nclaims:\n" + "".join(
        f"  - id: g{new}\n    quote: Sales in {new} were {rate} percent above {old}.\n    figure: {rate} percent\n"
        f"    unit: percent\n    kind: change\n    quantity: china/nev_sales/{new}\n"
        f"    derivation: growth(china/nev_sales/{new}, china/nev_sales/{old})\n" for new, old, rate in lines)
    return make_registry(seed + "\n", claims)


def test_both_engines_report_growth_rates_round_a_cycle_with_no_level(make_registry) -> None:  # type: ignore[no-untyped-def]
    from claimcheck.loader import load

    registry = load(*_cycle_registry(make_registry))
    ctx, exact = build_context(registry), build_context_exact(registry)
    assert ctx.conflicts == exact.conflicts == [frozenset({"g2024", "g2023", "g2022"})]
    (conflict,) = ctx.conflicts
    assert not ctx.net.propagate(conflict).feasible
    assert all(ctx.net.propagate(conflict - {i}).feasible for i in conflict)
    (finding,) = conflict_findings(ctx)
    assert finding.code == "CC101" and finding.severity == Severity.ERROR
    # what the other two rates imply for the first one's growth rate, in percent: 1 / (1.1 x 1.1) - 1
    assert finding.message.startswith("china/nev_sales/2022: g2022 states growth(china/nev_sales/2022, "
                                      "china/nev_sales/2024) in [9.95, 10.05] % but g2023, g2024 imply [-17.")
    assert "pp)" in finding.message and "million" not in finding.message
    assert "multiply to [1.3" in finding.explanation or "multiply to [0.7" in finding.explanation


def test_the_consistent_cycle_gives_no_finding(make_registry) -> None:  # type: ignore[no-untyped-def]
    from claimcheck.loader import load

    registry = load(*_cycle_registry(make_registry, "-17.36"))
    assert build_context(registry).conflicts == [] == build_context_exact(registry).conflicts


def test_a_cycle_in_a_large_component_is_found_around_where_bulk_saw_it() -> None:
    """Above the size searched whole, the search starts from the quantities bulk screening found on the cycle."""
    from claimcheck.diagnosis import EXACT_COMPONENT_CLAIMS, diagnose

    ten = Interval(9.95, 10.05)
    chain = [(f"growth(x/q/{2000 + i + 1}, x/q/{2000 + i})", f"chain-{i}", ten) for i in range(EXACT_COMPONENT_CLAIMS + 10)]
    end = 2000 + len(chain)
    cycle = [(f"growth(x/q/{end}, x/q/{end + 1})", "ring-a", ten), (f"growth(x/q/{end + 1}, x/q/{end + 2})", "ring-b", ten),
             (f"growth(x/q/{end + 2}, x/q/{end})", "ring-c", ten)]
    net = _network(*chain, *cycle, ("x/q/2000", "level", Interval(1, 2)))
    found = diagnose(net)
    assert found.conflicts == [frozenset({"ring-a", "ring-b", "ring-c"})]
    assert all(len(region) < len(chain) for region in found.searched)
