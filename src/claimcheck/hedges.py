"""What a hedge word does to the interval a printed figure allows.

A printed figure already carries its rounding: "12.87 million" is [12.865, 12.875] M. A hedge
widens or opens that interval. The widths below are the whole of claimcheck's tolerance; every
finding names the hedge that widened a figure, so nothing hides behind them.

- **Approximation** ("about", "roughly", ...): the writer rounded, possibly more coarsely than
  the digits suggest. The interval is the printed rounding or ±2 % of the figure, whichever is
  wider. "roughly 1.4 million" stays [1.35, 1.45] M (its rounding is already ±3.6 %): a writer
  who knew 1.456 million would have written "roughly 1.5 million". "about 2,782 dollars" becomes
  ±2 % (±55.6): a conversion at an unstated rate is approximate even when printed to the dollar.
- **Nearness from below** ("nearly", "almost"): the value is below the figure, by at most 10 %
  or the printed rounding, whichever is wider.
- **Lower bounds** ("over", "more than", "exceeded", "surpassed", "above", "at least"): the value
  is at least the figure, with no upper limit. The figure itself is taken as exact: "over 13
  million" does not admit 12.9 million.
- **Upper bounds** ("up to", "less than", "under", "below", "at most"): the value is at most the
  figure.

Intervals are closed: a strict bound's endpoint is kept, which can only hide a discrepancy
that sits exactly on a bound, never invent one.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from decimal import Decimal

from claimcheck.figures import Figure, parse_figure

#: relative half-width an approximation hedge allows at least (2 %)
APPROX_REL = Decimal("0.02")
#: how far below the figure "nearly" may go at least (10 %)
NEARLY_REL = Decimal("0.10")

APPROXIMATE = frozenset({"about", "approximately", "around", "roughly", "some", "circa", "an estimated", "estimated"})
NEARLY = frozenset({"nearly", "almost", "close to", "just under"})
LOWER_BOUND = frozenset(
    {"over", "more than", "exceeded", "exceed", "exceeds", "exceeding", "surpassed", "surpass",
     "above", "at least", "no less than", "beyond", "topped"}
)
UPPER_BOUND = frozenset({"up to", "less than", "under", "below", "at most", "no more than", "fewer than"})
HEDGES = APPROXIMATE | NEARLY | LOWER_BOUND | UPPER_BOUND

#: units that cannot be negative: an open lower end stops at zero
NON_NEGATIVE_UNITS = frozenset({"vehicles", "count", "CNY", "USD", "EUR", "CNY_per_USD", "years", "km", "ratio", "rank"})

INF = Decimal("Infinity")


@dataclass(frozen=True)
class Stated:
    """The interval a stated figure allows, with and without its hedge, and why.

    :param lo: lower end after the hedge.
    :param hi: upper end after the hedge.
    :param printed_lo: lower end from printed rounding alone.
    :param printed_hi: upper end from printed rounding alone.
    :param why: one phrase a finding can quote: how the interval was obtained.
    """

    lo: Decimal
    hi: Decimal
    printed_lo: Decimal
    printed_hi: Decimal
    why: str


def is_hedge(word: str) -> bool:
    """Tell whether a hedge word or phrase is one claimcheck knows.

    >>> is_hedge("Roughly"), is_hedge("allegedly")
    (True, False)
    """
    return " ".join(word.lower().split()) in HEDGES


def stated_interval(figure: Figure, hedge: str | None, *, exact: bool = False, unit: str | None = None) -> Stated:
    """Turn a printed figure and its hedge into the interval of values it allows.

    :param figure: the parsed figure.
    :param hedge: the hedge as written, or None; the figure's own implied hedge applies otherwise.
    :param exact: the figure is exact (a policy amount): no rounding interval.
    :param unit: the claim's unit; non-negative units stop an open lower end at zero.
    :raises ValueError: for a hedge claimcheck does not know.

    >>> from claimcheck.figures import parse_figure
    >>> s = stated_interval(parse_figure("1.4 million"), "roughly")
    >>> (s.lo, s.hi)
    (Decimal('1350000.00'), Decimal('1450000.00'))
    >>> s = stated_interval(parse_figure("13 million"), "over", unit="vehicles")
    >>> (s.lo, s.hi)
    (Decimal('13000000'), Decimal('Infinity'))
    """
    half = Decimal(0) if exact else figure.half_unit
    value = figure.value
    printed_lo, printed_hi = value - half, value + half

    def _fmt(x: Decimal) -> str:
        return _plain(x / figure.scale) + _SCALE_WORDS.get(figure.scale, "")

    rounding = "exact" if half == 0 else f"printed to ±{_fmt(half)}"
    word = " ".join((hedge or figure.implied_hedge or "").lower().split())
    floor = Decimal(0) if unit in NON_NEGATIVE_UNITS else -INF
    if not word:
        return Stated(printed_lo, printed_hi, printed_lo, printed_hi, rounding)
    if word in APPROXIMATE:
        width = max(half, abs(value) * APPROX_REL)
        why = f"'{word}' widens to ±{_fmt(width)}" + (" (2 % of the figure)" if width > half else f" ({rounding})")
        return Stated(value - width, value + width, printed_lo, printed_hi, why)
    if word in NEARLY:
        width = max(half, abs(value) * NEARLY_REL)
        return Stated(value - width, value, printed_lo, printed_hi, f"'{word}' means below, by up to {_fmt(width)}")
    if word in LOWER_BOUND:
        return Stated(value, INF, value, INF, f"'{word}' sets a lower bound")
    if word in UPPER_BOUND:
        return Stated(floor, value, floor, value, f"'{word}' sets an upper bound")
    raise ValueError(f"unknown hedge {hedge!r}")


_SCALE_WORDS = {10**3: " thousand", 10**6: " million", 10**9: " billion", 10**12: " trillion"}


def _plain(x: Decimal) -> str:
    """Format a width without exponent noise.

    >>> _plain(Decimal("5E+2")), _plain(Decimal("0.0500"))
    ('500', '0.05')
    """
    return f"{x.normalize():f}"


@functools.lru_cache(maxsize=1 << 16)
def read_stated(figure: str, hedge: str | None, exact: bool, unit: str | None) -> tuple[Figure, Stated]:
    """Parse a printed figure and read the interval it states with its hedge (:func:`stated_interval`).

    Cached: figures repeat across claims, and the claims table and the network both read them.

    :raises FigureError: for a figure that cannot be read.
    :raises ValueError: for a hedge claimcheck does not know.
    """
    figure_read = parse_figure(figure)
    return figure_read, stated_interval(figure_read, hedge, exact=exact, unit=unit)
