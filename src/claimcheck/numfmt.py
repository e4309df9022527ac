"""Numbers for people: intervals in the unit and scale an article would print them in."""

from __future__ import annotations

import math

from claimcheck.intervals import Interval

_SUFFIX = {"percent": " %", "pp": " pp", "ratio": "×", "years": " years", "km": " km", "rank": ""}
_CURRENCY = {"CNY": "yuan", "USD": "USD", "EUR": "EUR"}


def _scale(magnitude: float) -> tuple[float, str]:
    for factor, word in ((1e12, " trillion"), (1e9, " billion"), (1e6, " million")):
        if magnitude >= factor:
            return factor, word
    return 1.0, ""


def _digits(lo: float, hi: float) -> int:
    """Decimals enough to tell the ends apart (at least 2, at most 6)."""
    width = abs(hi - lo)
    if width == 0 or math.isinf(width):
        return 3
    return max(2, min(6, 2 - math.floor(math.log10(width)) if width < 1 else 2))


def fmt_number(x: float, unit: str | None = None, decimals: int = 4, like: float | None = None) -> str:
    """Format one value in its unit, scaled like ``like`` when given (a gap beside the figure it is a gap of).

    >>> fmt_number(12_870_000, "vehicles"), fmt_number(40.93, "percent", 2), fmt_number(-1.5, "pp", 1)
    ('12.87 million', '40.93 %', '-1.5 pp')
    >>> fmt_number(5500, "vehicles", like=1.456e6)
    '0.0055 million'
    """
    if math.isinf(x):
        return "∞" if x > 0 else "-∞"
    scaled = abs(like) if like is not None else abs(x)
    factor, word = _scale(scaled) if unit not in ("percent", "pp", "ratio", "CNY_per_USD", "years") else (1.0, "")
    text = f"{x / factor:.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if unit in _CURRENCY:
        return f"{text}{word} {_CURRENCY[unit]}"
    if unit == "CNY_per_USD":
        return f"{text} yuan/USD"
    return f"{text}{word}{_SUFFIX.get(unit or '', '')}"


def fmt_interval(iv: Interval | None, unit: str | None = None, like: float | None = None) -> str:
    """Format an interval with one scale for both ends and decimals enough to tell them apart.

    :param like: a magnitude to take the scale from (to show an interval beside another in one scale).

    >>> fmt_interval(Interval(9_583_500, 9_598_100), "vehicles")
    '[9.5835, 9.5981] million'
    >>> fmt_interval(Interval(13e6, math.inf), "vehicles")
    '[13, ∞) million'
    >>> fmt_interval(Interval(40.85, 40.95), "percent")
    '[40.85, 40.95] %'
    >>> fmt_interval(Interval(724_275, 745_375), "vehicles", like=1.0775e6)
    '[0.7243, 0.7454] million'
    """
    if iv is None:
        return "(empty)"
    finite = [abs(x) for x in (iv.lo, iv.hi) if not math.isinf(x)]
    if unit in ("percent", "pp", "ratio", "CNY_per_USD", "years"):
        factor, word = 1.0, ""
    else:
        factor, word = _scale(abs(like) if like is not None else max(finite) if finite else 0.0)
    lo, hi = iv.lo / factor, iv.hi / factor
    decimals = _digits(lo, hi)

    def one(x: float) -> str:
        if math.isinf(x):
            return "∞" if x > 0 else "-∞"
        text = f"{x:.{decimals}f}"
        return text.rstrip("0").rstrip(".") if "." in text else text

    left = "(" if math.isinf(iv.lo) else "["
    right = ")" if math.isinf(iv.hi) else "]"
    suffix = word + (f" {_CURRENCY[unit]}" if unit in _CURRENCY else " yuan/USD" if unit == "CNY_per_USD"
                     else _SUFFIX.get(unit or "", ""))
    return f"{left}{one(lo)}, {one(hi)}{right}{suffix}"


def gap(a: Interval, b: Interval) -> float:
    """Distance between two intervals (0 when they overlap).

    >>> gap(Interval(1, 2), Interval(3, 5)), gap(Interval(1, 4), Interval(3, 5))
    (1.0, 0.0)
    """
    if a.hi < b.lo:
        return b.lo - a.hi
    if b.hi < a.lo:
        return a.lo - b.hi
    return 0.0


def magnitude(*intervals: Interval) -> float:
    """The largest finite end of some intervals, in absolute value (0 when none is finite): the scale to show them in.

    >>> magnitude(Interval(853_500, 854_500), Interval(986_600, 1_004_100), Interval(0, math.inf))
    1004100.0
    """
    return max((abs(x) for iv in intervals for x in (iv.lo, iv.hi) if not math.isinf(x)), default=0.0)


def mid(iv: Interval) -> float:
    """Midpoint, or the finite end of a half-open interval."""
    if math.isinf(iv.lo) and math.isinf(iv.hi):
        return 0.0
    if math.isinf(iv.hi):
        return iv.lo
    if math.isinf(iv.lo):
        return iv.hi
    return (iv.lo + iv.hi) / 2
