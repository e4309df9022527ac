"""Interval arithmetic: soundness, tightness, monotonicity, scalar/bulk agreement."""

from __future__ import annotations

import math
import operator
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from claimcheck.intervals import (
    Interval,
    IntervalArray,
    ZeroDivisionInterval,
    _add,
    _div,
    _mul,
    _nd_add,
    _nd_div,
    _nd_mul,
    _round_fraction,
    div_extended,
)

INF = math.inf
MAX = 1.7976931348623157e308
Op = Callable[[Interval, Interval], Interval]
OPS: dict[str, Op] = {
    "+": operator.add,
    "-": operator.sub,
    "*": operator.mul,
    "/": operator.truediv,
}
BULK_OPS: dict[str, Callable[[IntervalArray, IntervalArray], IntervalArray]] = {
    "+": operator.add,
    "-": operator.sub,
    "*": operator.mul,
    "/": operator.truediv,
}
EXACT: dict[str, Callable[[Fraction, Fraction], Fraction]] = {
    "+": operator.add,
    "-": operator.sub,
    "*": operator.mul,
    "/": operator.truediv,
}

# A mix of magnitudes: everyday figures, decimals, and the extremes where the
# error-free transformations hand over to exact arithmetic.
finite = st.one_of(
    st.floats(allow_nan=False, allow_infinity=False),
    st.floats(-1e7, 1e7, allow_nan=False),
    st.integers(-10**6, 10**6).map(float),
    st.decimals(-1000, 1000, places=3, allow_nan=False).map(float),
    st.sampled_from([0.0, 1.0, -1.0, 0.1, 5e-324, -5e-324, MAX, -MAX, 2.0**-1022, 2.0**400, 2.0**-400]),
)


@st.composite
def intervals(draw: st.DrawFn, unbounded: bool = False) -> Interval:
    a, b = sorted((draw(finite), draw(finite)))
    if unbounded and draw(st.booleans()):
        a = -INF
    if unbounded and draw(st.booleans()):
        b = INF
    return Interval(a, b)


@st.composite
def member(draw: st.DrawFn, iv: Interval) -> Fraction:
    """An exact rational inside ``iv`` (finite even when ``iv`` is unbounded)."""
    lo = Fraction(iv.lo) if math.isfinite(iv.lo) else None
    hi = Fraction(iv.hi) if math.isfinite(iv.hi) else None
    if lo is None and hi is None:
        return Fraction(draw(finite))
    if lo is None:
        assert hi is not None
        return hi - abs(Fraction(draw(finite)))
    if hi is None:
        return lo + abs(Fraction(draw(finite)))
    t = draw(st.fractions(min_value=0, max_value=1, max_denominator=10**6))
    return lo + t * (hi - lo)


def holds(iv: Interval, x: Fraction) -> bool:
    return (iv.lo == -INF or Fraction(iv.lo) <= x) and (iv.hi == INF or x <= Fraction(iv.hi))


def no_zero(iv: Interval) -> bool:
    return not iv.lo <= 0 <= iv.hi


# -- construction -------------------------------------------------------------


def test_construction_rules() -> None:
    assert Interval(1, 2) == Interval(1.0, 2.0)
    with pytest.raises(ValueError, match="NaN"):
        Interval(math.nan, 1)
    with pytest.raises(ValueError, match="above"):
        Interval(2, 1)
    with pytest.raises(ValueError):
        Interval(INF, INF)
    with pytest.raises(ValueError):
        Interval(-INF, -INF)
    assert str(Interval(-0.0, 0.0)) == "[0, 0]"
    assert math.copysign(1, Interval(-0.0, 1).lo) == 1


def test_set_operations() -> None:
    a, b = Interval(1, 3), Interval(2, 5)
    assert a.intersect(b) == Interval(2, 3)
    assert a.intersect(Interval(4, 5)) is None
    assert a.hull(Interval(7, 8)) == Interval(1, 8)
    assert a.overlaps(b) and not a.overlaps(Interval(3.5, 4))
    assert a.gap(Interval(4, 5)) == 1.0 == Interval(4, 5).gap(a)
    assert a.gap(b) == 0.0
    assert a.width == 2.0 and Interval(0, INF).width == INF
    assert a.mid == 2.0 and Interval.entire().mid == 0.0 and Interval(-INF, 0).mid == -INF
    assert a.contains(3) and not a.contains(3.0000001) and 2 in a
    assert a.contains(Interval(1, 2)) and not a.contains(b)
    assert Interval(-MAX, MAX).mid == 0.0


def test_str_is_compact() -> None:
    assert str(Interval(9.583457, 9.598064)) == "[9.5835, 9.5981]"
    assert str(Interval(12.87, 12.87)) == "[12.87, 12.87]"
    assert str(Interval(-INF, 3)) == "[-inf, 3]"
    assert str(Interval(1.23456781, 1.23456789)) == "[1.2345678, 1.2345679]"
    assert str(Interval(1e-9, 2e-9)) == "[1e-09, 2e-09]"


def test_point_arithmetic_stays_exact_when_it_can() -> None:
    assert Interval.point(1) + 2 == Interval.point(3)
    assert Interval.point(3) * Interval.point(0.5) == Interval.point(1.5)
    assert Interval.point(1) / Interval.point(4) == Interval.point(0.25)
    assert 1 - Interval.point(0.25) == Interval.point(0.75)
    assert 2 / Interval.point(8) == Interval.point(0.25)
    third = Interval.point(1) / 3
    assert third.lo < third.hi == math.nextafter(third.lo, INF)
    assert third.lo < Fraction(1, 3) < third.hi


def test_infinity_conventions() -> None:
    e = Interval.entire()
    assert Interval.point(0) * e == Interval.point(0)
    assert Interval(0, 1) * Interval(0, INF) == Interval(0, INF)
    assert Interval(-1, 1) * Interval(0, INF) == e
    assert Interval(1, 2) / Interval(1, INF) == Interval(0, 2)
    assert Interval(1, INF) / Interval(1, INF) == Interval(0, INF)
    assert Interval(-INF, -1) / Interval(1, INF) == Interval(-INF, 0)
    assert e + e == e and e - e == e
    assert Interval(MAX, MAX) + MAX == Interval(MAX, INF)
    assert Interval(MAX, MAX) * 2 == Interval(MAX, INF)
    assert Interval(5e-324, 5e-324) * 0.5 == Interval(0, 5e-324)


def test_division_by_zero_containing_interval_raises() -> None:
    with pytest.raises(ZeroDivisionInterval, match="contains zero"):
        Interval(1, 2) / Interval(0, 1)
    with pytest.raises(ArithmeticError):
        Interval(1, 2) / 0


def test_div_extended_cases() -> None:
    e = Interval.entire()
    assert div_extended(Interval(1, 2), Interval(2, 4)) == Interval(0.25, 1)
    assert div_extended(Interval(1, 2), Interval(0, 4)) == Interval(0.25, INF)
    assert div_extended(Interval(1, 2), Interval(-4, 0)) == Interval(-INF, -0.25)
    assert div_extended(Interval(-2, -1), Interval(0, 4)) == Interval(-INF, -0.25)
    assert div_extended(Interval(-2, -1), Interval(-4, 0)) == Interval(0.25, INF)
    assert div_extended(Interval(1, 2), Interval(-1, 1)) == e
    assert div_extended(Interval(0, 2), Interval(0, 1)) == e
    assert div_extended(Interval(1, 2), Interval(0, 0)) == e


def test_enclose_reads_decimals_exactly() -> None:
    iv = Interval.enclose("12.865", "12.875")
    assert Fraction(iv.lo) <= Fraction("12.865") and Fraction("12.875") <= Fraction(iv.hi)
    assert Interval.enclose(3) == Interval.point(3)
    assert Interval.enclose("1e400") == Interval(MAX, INF)
    with pytest.raises(ValueError):
        Interval.enclose(2, 1)


# -- properties ----------------------------------------------------------------


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(sorted(OPS)), st.data())
def test_operations_are_sound(op: str, data: st.DataObject) -> None:
    a = data.draw(intervals(unbounded=True))
    b = data.draw(intervals(unbounded=True))
    if op == "/":
        assume(no_zero(b))
    x, y = data.draw(member(a)), data.draw(member(b))
    if op == "/":
        assume(y != 0)
    result = OPS[op](a, b)
    assert holds(result, EXACT[op](x, y)), (a, b, x, y, result)


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(sorted(OPS)), finite, finite)
def test_point_results_are_tightest(op: str, x: float, y: float) -> None:
    """On points each end is the exact result rounded down / up: nothing wider."""
    assume(op != "/" or y != 0)
    exact = EXACT[op](Fraction(x), Fraction(y))
    assert OPS[op](Interval.point(x), Interval.point(y)) == Interval.enclose(exact)


@settings(max_examples=300, deadline=None)
@given(finite)
def test_enclose_is_tight(x: float) -> None:
    f = Fraction(x) + Fraction(1, 3) * Fraction(math.ulp(x))
    iv = Interval.enclose(f)
    assert holds(iv, f)
    assert iv.hi == math.nextafter(iv.lo, INF)


@st.composite
def sub_interval(draw: st.DrawFn, iv: Interval) -> Interval:
    a = draw(st.floats(iv.lo, iv.hi, allow_nan=False))
    b = draw(st.floats(iv.lo, iv.hi, allow_nan=False))
    lo, hi = min(a, b), max(a, b)
    return Interval(iv.lo if lo == INF else lo, iv.hi if hi == -INF else hi)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(sorted(OPS)), st.data())
def test_inclusion_monotonicity(op: str, data: st.DataObject) -> None:
    a = data.draw(intervals(unbounded=True))
    b = data.draw(intervals(unbounded=True))
    if op == "/":
        assume(no_zero(b))
    a2, b2 = data.draw(sub_interval(a)), data.draw(sub_interval(b))
    assert OPS[op](a, b).contains(OPS[op](a2, b2))


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_div_extended_is_sound(data: st.DataObject) -> None:
    """Every x with x * y in a for some y in b survives ``div_extended(a, b)``."""
    b = data.draw(intervals())
    x = Fraction(data.draw(finite))
    y = data.draw(member(b))
    z = Interval.enclose(x * y)
    a = z.hull(data.draw(intervals())) if data.draw(st.booleans()) else z
    assert holds(div_extended(a, b), x)


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(sorted(OPS)), st.lists(st.tuples(intervals(True), intervals(True)), min_size=1, max_size=12))
def test_scalar_and_bulk_agree(op: str, pairs: list[tuple[Interval, Interval]]) -> None:
    if op == "/":
        pairs = [p for p in pairs if no_zero(p[1])]
        assume(pairs)
    xs = IntervalArray.from_intervals(p[0] for p in pairs)
    ys = IntervalArray.from_intervals(p[1] for p in pairs)
    bulk = list(BULK_OPS[op](xs, ys))
    scalar = [OPS[op](a, b) for a, b in pairs]
    assert bulk == scalar


def test_bulk_broadcasts_and_validates() -> None:
    xs = IntervalArray([1, 2], [2, 3])
    assert list(xs + 1) == [Interval(2, 3), Interval(3, 4)]
    assert list(10 - xs) == [Interval(8, 9), Interval(7, 8)]
    assert list(-xs) == [Interval(-2, -1), Interval(-3, -2)]
    assert list(1 / xs)[1] == Interval(Interval.enclose(Fraction(1, 3)).lo, 0.5)
    assert xs.contains([1.5, 1.5]).tolist() == [True, False]
    assert xs[1] == Interval(2, 3) and len(xs) == 2
    with pytest.raises(ValueError):
        IntervalArray([2], [1])
    with pytest.raises(ValueError):
        IntervalArray([np.nan], [1])
    with pytest.raises(ZeroDivisionInterval, match="index 1"):
        xs / IntervalArray([1, -1], [2, 1])
    with pytest.raises(ValueError):
        xs.lo[0] = 5  # read-only


@given(st.decimals(allow_nan=False, allow_infinity=False, places=None) | st.decimals(min_value=Decimal("-1e-300"), max_value=Decimal("1e-300"))
       | st.builds(lambda m, e: Decimal(m).scaleb(e), st.integers(-10**20, 10**20), st.integers(-340, 320)))
def test_decimals_round_outward_as_exact_fractions_do(x: Decimal) -> None:
    """The decimal fast path of enclose gives the floats the exact rational comparison gives."""
    assert _round_fraction(x) == _round_fraction(Fraction(x))


SPECIAL = [0.0, -0.0, 1.0, -3.0, 0.1, 1 / 3, 7.0, 1e-300, 5e-324, -1e-310, 2.0**-400, 2.0**400, 1e300, -1e308,
           1.7976931348623157e308, math.inf, -math.inf]


def test_array_kernels_round_every_special_pair_as_the_scalar_ones() -> None:
    """Zeros, infinities, subnormals and magnitudes past the error-free range, every pair: bit for bit."""
    a, b = (np.array(v) for v in zip(*[(x, y) for x in SPECIAL for y in SPECIAL]))
    for array_kernel, scalar_kernel, pairs in ((_nd_add, _add, ~(np.isinf(a) & np.isinf(b) & (a != b))),
                                                (_nd_mul, _mul, ~((np.isinf(a) & (b == 0)) | (np.isinf(b) & (a == 0)))),
                                                (_nd_div, _div, b != 0)):
        with np.errstate(all="ignore"):
            lo, hi = array_kernel(a[pairs], b[pairs])
        for x, y, low, high in zip(a[pairs], b[pairs], lo, hi):
            assert (low, high) == scalar_kernel(float(x), float(y)), (array_kernel.__name__, x, y)
