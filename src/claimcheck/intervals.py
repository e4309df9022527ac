"""Closed real intervals with outward (directed) rounding.

Every endpoint an operation returns is the *exact* real result rounded
outward: the lower endpoint down to the nearest float, the upper one up.
When the float result is exact (``1 + 2``, ``x * 0``, ``x + inf``) the
endpoint is not widened, so point arithmetic on exactly representable
numbers stays a point.

The rounding error of each float operation is recovered exactly with
error-free transformations (TwoSum, Dekker's TwoProduct, the division
residual); operands so large or small that those could overflow or
underflow fall back to exact :class:`fractions.Fraction` arithmetic.

Conventions for unbounded intervals: ``0 * inf = 0`` (an endpoint product
with a zero factor is zero), ``x / inf = 0`` for finite ``x``, and
``inf / inf`` contributes both ``0`` and ``inf`` (of its sign) to the hull.

>>> a = Interval(12.885, 12.895)
>>> str(a / Interval(1.3435, 1.3445))
'[9.5835, 9.5981]'
>>> Interval.point(1) + 2
Interval(lo=3.0, hi=3.0)
>>> (Interval.point(0.1) + 0.2).hi > 0.30000000000000004
False
>>> (Interval.point(0.1) + 0.2).lo < 0.30000000000000004
True

A bulk path, :class:`IntervalArray`, applies the same rounding to numpy
arrays of endpoints and agrees with the scalar path bit for bit.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from itertools import chain
from operator import attrgetter
from typing import Union

import numpy as np
import numpy.typing as npt

from claimcheck.columns import FloatArray

__all__ = [
    "Interval",
    "IntervalArray",
    "ZeroDivisionInterval",
    "div_extended",
]

_INF = math.inf
_MAX = 1.7976931348623157e308
_SPLIT = 134217729.0  # 2**27 + 1, Veltkamp's splitter
_SAFE_MIN = 2.0**-400  # error-free transformations are exact between these
_SAFE_MAX = 2.0**400

Exact = Union[Fraction, Decimal, int, float, str]
"""Anything :class:`fractions.Fraction` reads exactly."""


class ZeroDivisionInterval(ArithmeticError):
    """Division by an interval that contains zero.

    >>> Interval(1, 2) / Interval(-1, 1)
    Traceback (most recent call last):
    ...
    claimcheck.intervals.ZeroDivisionInterval: division by [-1, 1], which contains zero
    """


# ---------------------------------------------------------------------------
# scalar kernels: each returns (round-down, round-up) of an exact real result


def _down(x: float) -> float:
    return math.nextafter(x, -_INF)


def _up(x: float) -> float:
    return math.nextafter(x, _INF)


def _directed(p: float, err: float) -> tuple[float, float]:
    """Round ``p + err`` (``|err|`` below half an ulp of ``p``) down and up."""
    if err > 0:
        return p, _up(p)
    if err < 0:
        return _down(p), p
    return p, p


def _round_fraction(x: Fraction | Decimal) -> tuple[float, float]:
    """The floats just below and just above the exact rational ``x`` (a fraction, or a finite decimal).

    A decimal is compared as a decimal, several times faster than as a fraction.
    """
    try:
        p = float(x)  # correctly rounded to nearest (a decimal overflows to an infinity)
    except OverflowError:
        p = math.inf
    if math.isinf(p):
        return (_MAX, _INF) if x > 0 else (-_INF, -_MAX)
    exact = Decimal(p) if isinstance(x, Decimal) else Fraction(p)  # the float's exact value
    if exact == x:
        return p, p
    if exact < x:
        return p, _up(p)
    return _down(p), p


def _round_exact(x: Exact) -> tuple[float, float]:
    """The floats just below and just above an exact number, read as :meth:`Interval.enclose` reads it."""
    return _round_fraction(x if isinstance(x, Decimal) and x.is_finite() else Fraction(x))


def _split(a: float) -> tuple[float, float]:
    c = _SPLIT * a
    hi = c - (c - a)
    return hi, a - hi


def _two_prod_err(a: float, b: float, p: float) -> float:
    """Exact ``a * b - p`` for ``p = fl(a * b)`` (Dekker), operands in the safe range."""
    ah, al = _split(a)
    bh, bl = _split(b)
    return al * bl - (((p - ah * bh) - al * bh) - ah * bl)


def _safe(x: float) -> bool:
    return _SAFE_MIN <= abs(x) <= _SAFE_MAX


def _add(a: float, b: float) -> tuple[float, float]:
    """Directed roundings of ``a + b`` (never called with ``inf + -inf``)."""
    s = a + b
    if math.isinf(a) or math.isinf(b):
        return s, s
    if math.isinf(s):
        return _round_fraction(Fraction(a) + Fraction(b))
    bb = s - a
    return _directed(s, (a - (s - bb)) + (b - bb))


def _mul(a: float, b: float) -> tuple[float, float]:
    """Directed roundings of ``a * b``, with ``0 * inf = 0``."""
    if a == 0 or b == 0:
        return 0.0, 0.0
    p = a * b
    if math.isinf(a) or math.isinf(b):
        return p, p
    if _safe(a) and _safe(b):
        return _directed(p, _two_prod_err(a, b, p))
    return _round_fraction(Fraction(a) * Fraction(b))


def _div(a: float, b: float) -> tuple[float, float]:
    """Directed roundings of ``a / b`` for ``b != 0``; ``inf / inf`` gives ``(0, inf)``."""
    a_inf, b_inf = math.isinf(a), math.isinf(b)
    if a == 0 or (b_inf and not a_inf):
        return 0.0, 0.0
    negative = (a < 0) != (b < 0)
    if a_inf and b_inf:
        return (-_INF, 0.0) if negative else (0.0, _INF)
    if a_inf:
        q = -_INF if negative else _INF
        return q, q
    q = a / b
    if _safe(q) and _safe(b):
        p = q * b
        r = (a - p) - _two_prod_err(q, b, p)  # sign of a - q*b, exactly
        sign = (r > 0) - (r < 0)
        return _directed(q, -sign if b < 0 else sign)
    return _round_fraction(Fraction(a) / Fraction(b))


def _fmt(x: float, digits: int) -> str:
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    s = format(x, f".{digits}g")
    if "e" in s:
        exponent = int(s.split("e")[1])
        if 0 <= exponent < 16:
            s = format(float(s), ".0f")
    return s


def _shortest(x: float) -> str:
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    if x.is_integer() and abs(x) < 1e16:
        return str(int(x))
    return repr(x)


# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Interval:
    """The closed interval ``[lo, hi]`` of real numbers.

    ``lo`` may be ``-inf`` and ``hi`` may be ``+inf``; ``lo <= hi`` is
    enforced and NaN is rejected. There is no empty interval: operations
    that can come out empty (:meth:`intersect`) return ``None``.

    >>> Interval(1, 2)
    Interval(lo=1.0, hi=2.0)
    >>> Interval(2, 1)
    Traceback (most recent call last):
    ...
    ValueError: interval lower end 2.0 is above its upper end 1.0
    >>> Interval(0, math.nan)
    Traceback (most recent call last):
    ...
    ValueError: interval ends must not be NaN
    """

    lo: float
    hi: float

    def __post_init__(self) -> None:
        lo, hi = self.lo, self.hi
        # arithmetic hands over non-zero floats: only other ends are converted (+ 0.0 turns -0.0 into 0.0)
        if type(lo) is not float or type(hi) is not float or lo == 0 or hi == 0:
            lo, hi = float(lo) + 0.0, float(hi) + 0.0
            object.__setattr__(self, "lo", lo)
            object.__setattr__(self, "hi", hi)
        if not lo <= hi:  # also true when an end is NaN
            if math.isnan(lo) or math.isnan(hi):
                raise ValueError("interval ends must not be NaN")
            raise ValueError(f"interval lower end {lo!r} is above its upper end {hi!r}")
        if lo == _INF or hi == -_INF:
            raise ValueError("an interval cannot start at +inf or end at -inf")

    # -- construction ---------------------------------------------------

    @classmethod
    def point(cls, x: float) -> Interval:
        """The degenerate interval ``[x, x]``.

        >>> Interval.point(3)
        Interval(lo=3.0, hi=3.0)
        """
        return cls(x, x)

    @classmethod
    def entire(cls) -> Interval:
        """The whole real line, the domain of an unknown quantity.

        >>> str(Interval.entire())
        '[-inf, inf]'
        """
        return _ENTIRE if cls is Interval else cls(-_INF, _INF)

    @classmethod
    def enclose(cls, lo: Exact, hi: Exact | None = None) -> Interval:
        """The tightest float interval containing the exact range ``[lo, hi]``.

        Arguments are read exactly (a ``str`` or ``Decimal`` as the decimal it
        spells), so a printed figure's rounding range is never cut short.

        >>> Interval.enclose("0.1").lo < Fraction(1, 10) < Interval.enclose("0.1").hi
        True
        >>> Interval.enclose("12.865", "12.875")
        Interval(lo=12.864999999999998, hi=12.875)
        """
        lo = Fraction(lo) if isinstance(lo, str) else lo
        hi = lo if hi is None else Fraction(hi) if isinstance(hi, str) else hi
        if lo > hi:
            raise ValueError(f"interval lower end {lo} is above its upper end {hi}")
        return cls(_round_exact(lo)[0], _round_exact(hi)[1])

    @staticmethod
    def coerce(x: Interval | float) -> Interval:
        """``x`` itself if it is an interval, else ``Interval.point(x)``.

        >>> Interval.coerce(2)
        Interval(lo=2.0, hi=2.0)
        """
        if isinstance(x, Interval):
            return x
        if isinstance(x, (int, float, np.integer, np.floating)) and not isinstance(x, bool):
            return Interval.point(float(x))
        raise TypeError(f"cannot use {type(x).__name__} as an interval")

    # -- arithmetic -----------------------------------------------------

    def __neg__(self) -> Interval:
        """Negation (exact).

        >>> -Interval(1, 2)
        Interval(lo=-2.0, hi=-1.0)
        """
        return Interval(-self.hi, -self.lo)

    def __pos__(self) -> Interval:
        return self

    def __add__(self, other: Interval | float) -> Interval:
        """Sum, rounded outward.

        >>> Interval(1, 2) + Interval(10, 20)
        Interval(lo=11.0, hi=22.0)
        """
        try:
            o = Interval.coerce(other)
        except TypeError:
            return NotImplemented
        return Interval(_add(self.lo, o.lo)[0], _add(self.hi, o.hi)[1])

    __radd__ = __add__

    def __sub__(self, other: Interval | float) -> Interval:
        """Difference, rounded outward.

        >>> Interval(1, 2) - Interval(10, 20)
        Interval(lo=-19.0, hi=-8.0)
        """
        try:
            o = Interval.coerce(other)
        except TypeError:
            return NotImplemented
        return Interval(_add(self.lo, -o.hi)[0], _add(self.hi, -o.lo)[1])

    def __rsub__(self, other: float) -> Interval:
        try:
            return Interval.coerce(other) - self
        except TypeError:
            return NotImplemented

    def __mul__(self, other: Interval | float) -> Interval:
        """Product, rounded outward, with ``0 * inf = 0``.

        >>> Interval(-1, 2) * Interval(3, 4)
        Interval(lo=-4.0, hi=8.0)
        >>> Interval(0, 0) * Interval.entire()
        Interval(lo=0.0, hi=0.0)
        """
        try:
            o = Interval.coerce(other)
        except TypeError:
            return NotImplemented
        corners = (
            _mul(self.lo, o.lo),
            _mul(self.lo, o.hi),
            _mul(self.hi, o.lo),
            _mul(self.hi, o.hi),
        )
        return Interval(min(c[0] for c in corners), max(c[1] for c in corners))

    __rmul__ = __mul__

    def __truediv__(self, other: Interval | float) -> Interval:
        """Division; raises :class:`ZeroDivisionInterval` if ``other`` contains 0.

        >>> Interval(1, 2) / Interval(4, 8)
        Interval(lo=0.125, hi=0.5)
        >>> Interval(1, 2) / Interval(1, math.inf)
        Interval(lo=0.0, hi=2.0)
        """
        try:
            o = Interval.coerce(other)
        except TypeError:
            return NotImplemented
        if o.lo <= 0 <= o.hi:
            raise ZeroDivisionInterval(f"division by {o}, which contains zero")
        corners = (
            _div(self.lo, o.lo),
            _div(self.lo, o.hi),
            _div(self.hi, o.lo),
            _div(self.hi, o.hi),
        )
        return Interval(min(c[0] for c in corners), max(c[1] for c in corners))

    def __rtruediv__(self, other: float) -> Interval:
        try:
            return Interval.coerce(other) / self
        except TypeError:
            return NotImplemented

    # -- set operations -------------------------------------------------

    def contains(self, x: Interval | float) -> bool:
        """Whether the number ``x`` (or every number of the interval ``x``) is inside.

        >>> Interval(1, 2).contains(2), Interval(1, 2).contains(Interval(1.5, 3))
        (True, False)
        """
        if isinstance(x, Interval):
            return self.lo <= x.lo and x.hi <= self.hi
        return self.lo <= x <= self.hi

    def __contains__(self, x: object) -> bool:
        if isinstance(x, (Interval, int, float, Fraction, np.floating, np.integer)):
            return self.contains(x)  # type: ignore[arg-type]
        return False

    def intersect(self, other: Interval) -> Interval | None:
        """The common part, or ``None`` when the intervals are disjoint.

        >>> Interval(1, 3).intersect(Interval(2, 5))
        Interval(lo=2.0, hi=3.0)
        >>> Interval(1, 2).intersect(Interval(3, 4)) is None
        True
        """
        lo, hi = max(self.lo, other.lo), min(self.hi, other.hi)
        return Interval(lo, hi) if lo <= hi else None

    def hull(self, other: Interval) -> Interval:
        """The smallest interval containing both.

        >>> Interval(1, 2).hull(Interval(5, 6))
        Interval(lo=1.0, hi=6.0)
        """
        return Interval(min(self.lo, other.lo), max(self.hi, other.hi))

    def overlaps(self, other: Interval) -> bool:
        """Whether the intervals share at least one number.

        >>> Interval(1, 2).overlaps(Interval(2, 3))
        True
        """
        return self.lo <= other.hi and other.lo <= self.hi

    def gap(self, other: Interval) -> float:
        """Distance between disjoint intervals; ``0.0`` when they overlap.

        >>> Interval(1, 2).gap(Interval(2.5, 3)), Interval(1, 2).gap(Interval(0, 5))
        (0.5, 0.0)
        """
        if other.lo > self.hi:
            return other.lo - self.hi
        if self.lo > other.hi:
            return self.lo - other.hi
        return 0.0

    @property
    def width(self) -> float:
        """``hi - lo`` rounded up (``inf`` when unbounded).

        >>> Interval(1, 3).width
        2.0
        """
        return _add(self.hi, -self.lo)[1]

    @property
    def mid(self) -> float:
        """The midpoint: ``0.0`` for the whole line, the infinite end if half-unbounded.

        >>> Interval(1, 2).mid, Interval(1, math.inf).mid
        (1.5, inf)
        """
        if math.isinf(self.lo) and math.isinf(self.hi):
            return 0.0
        if math.isinf(self.lo) or math.isinf(self.hi):
            return self.lo if math.isinf(self.lo) else self.hi
        return 0.5 * self.lo + 0.5 * self.hi

    @property
    def is_point(self) -> bool:
        """Whether ``lo == hi``.

        >>> Interval.point(2).is_point
        True
        """
        return self.lo == self.hi

    def __str__(self) -> str:
        """Compact: 5 significant digits, more if needed to tell the ends apart.

        >>> print(Interval(9.583457, 9.598064), Interval(12865000, 12875000.4))
        [9.5835, 9.5981] [12865000, 12875000]
        >>> print(Interval(1.0000001, 1.0000002), Interval.point(0.1))
        [1.0000001, 1.0000002] [0.1, 0.1]
        """
        if self.lo == self.hi:
            s = _shortest(self.lo)
            return f"[{s}, {s}]"
        for digits in range(5, 18):
            lo, hi = _fmt(self.lo, digits), _fmt(self.hi, digits)
            if lo != hi:
                break
        return f"[{lo}, {hi}]"


_ENTIRE = Interval(-_INF, _INF)  # shared: intervals are immutable


def div_extended(a: Interval, b: Interval) -> Interval:
    """Hull of ``{x : x * y = z for some y in b, z in a}``, never raising.

    This is relational division, for narrowing ``x * b = a`` backwards: when
    both ``a`` and ``b`` contain zero every ``x`` qualifies; when only ``b``
    does, the result is the hull of ``a / y`` over ``y != 0`` (one-sided when
    zero is an end of ``b``). ``b == [0, 0]`` with ``0`` not in ``a`` has no
    solution at all; the whole line is returned, which is sound (a caller
    that evaluates ``x * b`` forward detects the emptiness).

    >>> div_extended(Interval(1, 2), Interval(4, 8))
    Interval(lo=0.125, hi=0.5)
    >>> div_extended(Interval(1, 2), Interval(0, 4))
    Interval(lo=0.25, hi=inf)
    >>> div_extended(Interval(1, 2), Interval(-4, 0))
    Interval(lo=-inf, hi=-0.25)
    >>> div_extended(Interval(-1, 2), Interval(0, 4))
    Interval(lo=-inf, hi=inf)
    """
    if not b.lo <= 0 <= b.hi:
        return a / b
    entire = Interval.entire()
    if a.lo <= 0 <= a.hi or (b.lo == 0 and b.hi == 0):
        return entire
    if a.lo > 0:
        if b.lo == 0:
            return Interval(_div(a.lo, b.hi)[0], _INF)
        if b.hi == 0:
            return Interval(-_INF, _div(a.lo, b.lo)[1])
        return entire
    if b.lo == 0:
        return Interval(-_INF, _div(a.hi, b.hi)[1])
    if b.hi == 0:
        return Interval(_div(a.hi, b.lo)[0], _INF)
    return entire


# ---------------------------------------------------------------------------
# bulk path

_Kernel = Callable[[float, float], tuple[float, float]]
_NdKernel = Callable[[FloatArray, FloatArray], tuple[FloatArray, FloatArray]]


def _nd_directed(p: FloatArray, err: FloatArray) -> tuple[FloatArray, FloatArray]:
    lo = np.where(err < 0, np.nextafter(p, -_INF), p)
    hi = np.where(err > 0, np.nextafter(p, _INF), p)
    return lo, hi


def _nd_split(a: FloatArray) -> tuple[FloatArray, FloatArray]:
    c = _SPLIT * a
    hi = c - (c - a)
    return hi, a - hi


def _nd_two_prod_err(a: FloatArray, b: FloatArray, p: FloatArray) -> FloatArray:
    ah, al = _nd_split(a)
    bh, bl = _nd_split(b)
    return al * bl - (((p - ah * bh) - al * bh) - ah * bl)


def _nd_safe(x: FloatArray) -> npt.NDArray[np.bool_]:
    ax = np.abs(x)
    return (ax >= _SAFE_MIN) & (ax <= _SAFE_MAX)


def _nd_fallback(
    lo: FloatArray,
    hi: FloatArray,
    mask: npt.NDArray[np.bool_],
    a: FloatArray,
    b: FloatArray,
    kernel: _Kernel,
) -> None:
    for i in np.flatnonzero(mask):
        lo[i], hi[i] = kernel(float(a[i]), float(b[i]))


def _nd_add(a: FloatArray, b: FloatArray) -> tuple[FloatArray, FloatArray]:
    with np.errstate(all="ignore"):
        s = a + b
        bb = s - a
        lo, hi = _nd_directed(s, (a - (s - bb)) + (b - bb))
    inf_in = np.isinf(a) | np.isinf(b)
    lo[inf_in] = s[inf_in]
    hi[inf_in] = s[inf_in]
    _nd_fallback(lo, hi, np.isinf(s) & ~inf_in, a, b, _add)
    return lo, hi


def _nd_mul(a: FloatArray, b: FloatArray) -> tuple[FloatArray, FloatArray]:
    with np.errstate(all="ignore"):
        p = a * b
        lo, hi = _nd_directed(p, _nd_two_prod_err(a, b, p))
    zero = (a == 0) | (b == 0)
    inf_in = (np.isinf(a) | np.isinf(b)) & ~zero
    lo[inf_in] = p[inf_in]
    hi[inf_in] = p[inf_in]
    lo[zero] = 0.0
    hi[zero] = 0.0
    _nd_fallback(lo, hi, ~(zero | inf_in | (_nd_safe(a) & _nd_safe(b))), a, b, _mul)
    return lo, hi


def _nd_div(a: FloatArray, b: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Directed roundings of ``a / b`` element-wise (``b != 0``), with :func:`_div`'s conventions for zeros and infinities."""
    with np.errstate(all="ignore"):
        q = a / b
        p = q * b
        r = (a - p) - _nd_two_prod_err(q, b, p)
        lo, hi = _nd_directed(q, np.where(b < 0, -r, r))
    a_inf, b_inf = np.isinf(a), np.isinf(b)
    zero = (a == 0) | (b_inf & ~a_inf)
    lo[zero] = 0.0
    hi[zero] = 0.0
    one_inf = a_inf & ~b_inf
    lo[one_inf] = q[one_inf]
    hi[one_inf] = q[one_inf]
    both = a_inf & b_inf
    if both.any():
        negative = (a < 0) != (b < 0)
        lo[both] = np.where(negative[both], -_INF, 0.0)
        hi[both] = np.where(negative[both], 0.0, _INF)
    _nd_fallback(lo, hi, ~(zero | one_inf | both) & ~(_nd_safe(q) & _nd_safe(b)), a, b, _div)
    return lo, hi


def _corners(kernel: _NdKernel, alo: FloatArray, ahi: FloatArray, blo: FloatArray,
             bhi: FloatArray) -> tuple[FloatArray, FloatArray]:
    results = [kernel(x, y) for x in (alo, ahi) for y in (blo, bhi)]
    return np.minimum.reduce([r[0] for r in results]), np.maximum.reduce([r[1] for r in results])


# Element-wise interval arithmetic on arrays of ends, rounded outward exactly as Interval's
# operators round: the kernels of IntervalArray and of bulk screening (claimcheck.bulk).

def add_ends(alo: FloatArray, ahi: FloatArray, blo: FloatArray, bhi: FloatArray) -> tuple[FloatArray, FloatArray]:
    """``[alo, ahi] + [blo, bhi]`` element-wise, as ``(lo, hi)``."""
    return _nd_add(alo, blo)[0], _nd_add(ahi, bhi)[1]


def sub_ends(alo: FloatArray, ahi: FloatArray, blo: FloatArray, bhi: FloatArray) -> tuple[FloatArray, FloatArray]:
    """``[alo, ahi] - [blo, bhi]`` element-wise, as ``(lo, hi)``."""
    return _nd_add(alo, -bhi)[0], _nd_add(ahi, -blo)[1]


def mul_ends(alo: FloatArray, ahi: FloatArray, blo: FloatArray, bhi: FloatArray) -> tuple[FloatArray, FloatArray]:
    """``[alo, ahi] * [blo, bhi]`` element-wise, as ``(lo, hi)``."""
    return _corners(_nd_mul, alo, ahi, blo, bhi)


def div_ends(alo: FloatArray, ahi: FloatArray, blo: FloatArray, bhi: FloatArray) -> tuple[FloatArray, FloatArray]:
    """``[alo, ahi] / [blo, bhi]`` element-wise, for divisors that do not contain zero, as ``(lo, hi)``."""
    return _corners(_nd_div, alo, ahi, blo, bhi)


def div_extended_ends(alo: FloatArray, ahi: FloatArray, blo: FloatArray,
                      bhi: FloatArray) -> tuple[FloatArray, FloatArray]:
    """:func:`div_extended` element-wise, as ``(lo, hi)``: divisors may contain zero."""
    zero_in_b = (blo <= 0) & (bhi >= 0)
    if not zero_in_b.any():
        return div_ends(alo, ahi, blo, bhi)
    lo, hi = div_ends(alo, ahi, np.where(zero_in_b, 1.0, blo), np.where(zero_in_b, 1.0, bhi))
    z = np.flatnonzero(zero_in_b)
    a_lo, a_hi, b_lo, b_hi = alo[z], ahi[z], blo[z], bhi[z]
    zlo = np.full(len(z), -_INF)
    zhi = np.full(len(z), _INF)
    entire = ((a_lo <= 0) & (a_hi >= 0)) | ((b_lo == 0) & (b_hi == 0))
    pos, neg = ~entire & (a_lo > 0), ~entire & (a_hi < 0)
    with np.errstate(all="ignore"):
        m = pos & (b_lo == 0)
        zlo[m] = _nd_div(a_lo[m], b_hi[m])[0]
        m = pos & (b_hi == 0) & (b_lo != 0)
        zhi[m] = _nd_div(a_lo[m], b_lo[m])[1]
        m = neg & (b_lo == 0)
        zhi[m] = _nd_div(a_hi[m], b_hi[m])[1]
        m = neg & (b_hi == 0) & (b_lo != 0)
        zlo[m] = _nd_div(a_hi[m], b_lo[m])[0]
    lo[z], hi[z] = zlo, zhi
    return lo, hi


@dataclass(frozen=True, eq=False, init=False)
class IntervalArray:
    """A 1-d array of intervals as two read-only float64 arrays ``lo`` and ``hi``.

    Arithmetic rounds outward exactly as :class:`Interval` does, element by
    element; operands broadcast (an :class:`Interval` or a number applies to
    every element).

    >>> xs = IntervalArray([1, 2], [1, 3])
    >>> list(xs * Interval(2, 2) - 1)
    [Interval(lo=1.0, hi=1.0), Interval(lo=3.0, hi=5.0)]
    >>> (xs / IntervalArray([-1, 1], [1, 1]))
    Traceback (most recent call last):
    ...
    claimcheck.intervals.ZeroDivisionInterval: division by an interval containing zero at 1 position(s), first at index 0
    """

    lo: FloatArray
    hi: FloatArray

    def __init__(self, lo: npt.ArrayLike, hi: npt.ArrayLike) -> None:
        """Copy and check the ends (same length, no NaN, ``lo <= hi``)."""
        lo = np.array(lo, dtype=np.float64, ndmin=1) + 0.0
        hi = np.array(hi, dtype=np.float64, ndmin=1) + 0.0
        if lo.ndim != 1 or lo.shape != hi.shape:
            raise ValueError("lo and hi must be 1-d arrays of the same length")
        if np.isnan(lo).any() or np.isnan(hi).any():
            raise ValueError("interval ends must not be NaN")
        if (lo > hi).any():
            i = int(np.flatnonzero(lo > hi)[0])
            raise ValueError(f"interval lower end is above its upper end at index {i}")
        if (lo == _INF).any() or (hi == -_INF).any():
            raise ValueError("an interval cannot start at +inf or end at -inf")
        lo.setflags(write=False)
        hi.setflags(write=False)
        object.__setattr__(self, "lo", lo)
        object.__setattr__(self, "hi", hi)

    @classmethod
    def from_intervals(cls, items: Iterable[Interval]) -> IntervalArray:
        """Pack a sequence of intervals.

        >>> IntervalArray.from_intervals([Interval(1, 2)]).hi
        array([2.])
        """
        ends = np.fromiter(chain.from_iterable(map(attrgetter("lo", "hi"), items)), np.float64)
        return cls(ends[0::2], ends[1::2])

    def __len__(self) -> int:
        return len(self.lo)

    def __getitem__(self, i: int) -> Interval:
        return Interval(float(self.lo[i]), float(self.hi[i]))

    def __iter__(self) -> Iterator[Interval]:
        return (Interval(float(a), float(b)) for a, b in zip(self.lo, self.hi))

    def _other(self, other: IntervalArray | Interval | float) -> IntervalArray:
        if isinstance(other, IntervalArray):
            if len(other) != len(self):
                raise ValueError(f"length mismatch: {len(self)} and {len(other)}")
            return other
        o = Interval.coerce(other)
        return IntervalArray(np.full(len(self), o.lo), np.full(len(self), o.hi))

    def __neg__(self) -> IntervalArray:
        return IntervalArray(-self.hi, -self.lo)

    def __add__(self, other: IntervalArray | Interval | float) -> IntervalArray:
        o = self._other(other)
        return IntervalArray(*add_ends(self.lo, self.hi, o.lo, o.hi))

    __radd__ = __add__

    def __sub__(self, other: IntervalArray | Interval | float) -> IntervalArray:
        o = self._other(other)
        return IntervalArray(*sub_ends(self.lo, self.hi, o.lo, o.hi))

    def __rsub__(self, other: Interval | float) -> IntervalArray:
        return self._other(other) - self

    def __mul__(self, other: IntervalArray | Interval | float) -> IntervalArray:
        o = self._other(other)
        return IntervalArray(*mul_ends(self.lo, self.hi, o.lo, o.hi))

    __rmul__ = __mul__

    def __truediv__(self, other: IntervalArray | Interval | float) -> IntervalArray:
        o = self._other(other)
        bad = o.contains_zero()
        if bad.any():
            raise ZeroDivisionInterval(
                "division by an interval containing zero at "
                f"{int(bad.sum())} position(s), first at index {int(np.flatnonzero(bad)[0])}"
            )
        return IntervalArray(*div_ends(self.lo, self.hi, o.lo, o.hi))

    def __rtruediv__(self, other: Interval | float) -> IntervalArray:
        return self._other(other) / self

    def contains_zero(self) -> npt.NDArray[np.bool_]:
        """Mask of the intervals that contain 0 (invalid divisors).

        >>> IntervalArray([-1, 1], [1, 2]).contains_zero()
        array([ True, False])
        """
        return (self.lo <= 0) & (self.hi >= 0)

    def overlaps(self, other: IntervalArray | Interval | float) -> npt.NDArray[np.bool_]:
        """Element-wise :meth:`Interval.overlaps`: where the intervals share at least one number.

        >>> IntervalArray([1, 1], [2, 2]).overlaps(IntervalArray([2, 3], [3, 4]))
        array([ True, False])
        """
        o = self._other(other)
        return (self.lo <= o.hi) & (o.lo <= self.hi)

    def contains(self, x: npt.ArrayLike) -> npt.NDArray[np.bool_]:
        """Element-wise membership of the numbers ``x``.

        >>> IntervalArray([0, 0], [1, 1]).contains([0.5, 2])
        array([ True, False])
        """
        xs = np.asarray(x, dtype=np.float64)
        return (self.lo <= xs) & (xs <= self.hi)
