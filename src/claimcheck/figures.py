"""Read a figure exactly as an article writes it, keeping the precision it was printed with.

A figure is never parsed straight to a float: "9.50" is more precise than "9.5", and "242,000"
is known to the thousand. :func:`parse_figure` keeps the digits as a :class:`~decimal.Decimal`
and records the half-width of the last printed unit, so rounding is modelled, not guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

SCALES: dict[str, int] = {
    "thousand": 10**3,
    "k": 10**3,
    "million": 10**6,
    "mn": 10**6,
    "m": 10**6,
    "billion": 10**9,
    "bn": 10**9,
    "trillion": 10**12,
    "tn": 10**12,
}

#: unit words an article writes inside a figure, and the claimcheck unit they mean
UNIT_WORDS: dict[str, str] = {
    "percent": "percent",
    "per cent": "percent",
    "%": "percent",
    "percentage points": "pp",
    "percentage point": "pp",
    "fold": "ratio",
    "yuan": "CNY",
    "rmb": "CNY",
    "cny": "CNY",
    "¥": "CNY",
    "u.s. dollars": "USD",
    "us dollars": "USD",
    "dollars": "USD",
    "usd": "USD",
    "us$": "USD",
    "$": "USD",
    "€": "EUR",
    "eur": "EUR",
    "euros": "EUR",
    "euro": "EUR",
}

_CARDINALS: dict[str, int] = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90, "hundred": 100, "dozen": 12, "a dozen": 12,
}
_MULTIPLIERS: dict[str, int] = {
    "double": 2, "doubled": 2, "doubling": 2, "twofold": 2,
    "triple": 3, "tripled": 3, "tripling": 3, "threefold": 3,
    "quadruple": 4, "quadrupled": 4, "quadrupling": 4, "fourfold": 4,
}
_FRACTIONS: dict[str, Decimal] = {
    "half": Decimal(50), "a half": Decimal(50), "a third": Decimal(100) / 3,
    "one third": Decimal(100) / 3, "a quarter": Decimal(25), "one quarter": Decimal(25),
}
#: words that claim a rank; all mean rank 1
RANK_WORDS = frozenset(
    {"first", "highest", "top", "tops", "largest", "biggest", "fastest", "leading", "leads", "greatest", "leader"}
)

_PREFIX = r"(?P<prefix>US\$|\$|€|¥|USD\s+|RMB\s*|CNY\s+|EUR\s+)?"
_NUMBER = r"(?P<sign>[-\u2212])?(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
_SCALE = r"(?:[\s-]*(?P<scale>thousand|million|billion|trillion|bn|mn|tn|m|k)\b)?"
_UNIT = (
    r"(?:[\s-]*(?P<unit>percentage points?|per cent|percent|%|fold|yuan|RMB|"
    r"U\.S\. dollars|US dollars|dollars|USD|euros?|EUR))?"
)
_FIGURE_RE = re.compile(rf"^{_PREFIX}{_NUMBER}{_SCALE}{_UNIT}$", re.IGNORECASE)
_SCALE_ONLY_RE = re.compile(
    r"^(?P<scale>thousand|million|billion|trillion)(?:[\s-]*(?P<unit>yuan|dollars|U\.S\. dollars|euros?))?$",
    re.IGNORECASE,
)


class FigureError(ValueError):
    """A figure claimcheck cannot read; the message says what forms it accepts."""


@dataclass(frozen=True)
class Figure:
    """A figure as printed: its value, the half-width its printing allows, and what it says of units.

    :param text: the figure exactly as written.
    :param value: the value in base units (``12.87 million`` -> 12870000; percent stays percent).
    :param half_unit: half of the last printed unit in base units (0 for an exact figure).
    :param scale: the multiplier written with it (1, 10**3, 10**6, ...).
    :param unit_hint: the claimcheck unit its words imply (``percent``, ``pp``, ``ratio``, ``CNY``,
        ``USD``, ``EUR``, ``rank``), or None.
    :param implied_hedge: a hedge the word itself carries ("majority" means over 50 %).
    """

    text: str
    value: Decimal
    half_unit: Decimal
    scale: int = 1
    unit_hint: str | None = None
    implied_hedge: str | None = None

    @property
    def lo(self) -> Decimal:
        """Lowest value that prints as this figure."""
        return self.value - self.half_unit

    @property
    def hi(self) -> Decimal:
        """Highest value that prints as this figure."""
        return self.value + self.half_unit


def _half_unit(digits: str) -> Decimal:
    """Half of the last printed unit of a digit string (commas removed).

    Trailing zeros of an integer are read as rounding ("242000" is known to the thousand);
    a claim marks a figure ``exact`` when they are not.

    >>> _half_unit("12.87"), _half_unit("242000"), _half_unit("7"), _half_unit("9.50")
    (Decimal('0.005'), Decimal('5E+2'), Decimal('0.5'), Decimal('0.005'))
    """
    if "." in digits:
        decimals = len(digits.split(".", 1)[1])
        return Decimal(5).scaleb(-decimals - 1)
    stripped = digits.rstrip("0")
    zeros = len(digits) - len(stripped) if stripped else 0
    return Decimal(5).scaleb(zeros - 1)


def _word_figure(text: str, key: str) -> Figure | None:
    """Read a figure written in words, or return None."""
    if key in _CARDINALS:
        return Figure(text, Decimal(_CARDINALS[key]), Decimal(0))
    if key in ("dozens",):
        return Figure(text, Decimal(24), Decimal(0), implied_hedge="at least")
    if key in _MULTIPLIERS:
        return Figure(text, Decimal(_MULTIPLIERS[key]), Decimal(0), unit_hint="ratio")
    if key in _FRACTIONS:
        return Figure(text, _FRACTIONS[key], Decimal(0), unit_hint="percent")
    if key == "majority":
        return Figure(text, Decimal(50), Decimal(0), unit_hint="percent", implied_hedge="over")
    if key in RANK_WORDS:
        return Figure(text, Decimal(1), Decimal(0), unit_hint="rank")
    tens, _, ones = key.partition("-")
    if ones and tens in _CARDINALS and ones in _CARDINALS and 20 <= _CARDINALS[tens] <= 90:
        return Figure(text, Decimal(_CARDINALS[tens] + _CARDINALS[ones]), Decimal(0))
    return None


def parse_figure(text: str) -> Figure:
    """Parse a figure exactly as written.

    :param text: e.g. ``12.87 million``, ``242,000``, ``35.5 percent``, ``6.5-fold``,
        ``US$31.91 billion``, ``nine``, ``tripling``.
    :returns: the :class:`Figure`.
    :raises FigureError: when the text is not a figure claimcheck can read.

    >>> f = parse_figure("12.87 million")
    >>> f.value, f.half_unit, f.scale
    (Decimal('12870000.00'), Decimal('5000.000'), 1000000)
    >>> parse_figure("9.3 percentage points").unit_hint
    'pp'
    >>> parse_figure("US$31.91 billion").unit_hint
    'USD'
    >>> parse_figure("nine").value
    Decimal('9')
    """
    stripped = " ".join(text.split())
    key = stripped.lower()
    word = _word_figure(stripped, key)
    if word is not None:
        return word
    match = _FIGURE_RE.match(stripped)
    if match:
        digits = match["num"].replace(",", "")
        scale = SCALES[match["scale"].lower()] if match["scale"] else 1
        unit_text = (match["unit"] or match["prefix"] or "").strip().lower()
        sign = -1 if match["sign"] else 1
        return Figure(
            text=text,
            value=sign * Decimal(digits) * scale,
            half_unit=_half_unit(digits) * scale,
            scale=scale,
            unit_hint=UNIT_WORDS.get(unit_text) if unit_text else None,
        )
    match = _SCALE_ONLY_RE.match(stripped)
    if match:
        scale = SCALES[match["scale"].lower()]
        unit_text = (match["unit"] or "").lower()
        return Figure(text, Decimal(scale), Decimal(scale) / 2, scale, UNIT_WORDS.get(unit_text))
    raise FigureError(
        f"cannot read figure {text!r}: write it as printed, e.g. '12.87 million', '242,000', "
        "'35.5 percent', '9.3 percentage points', '6.5-fold', 'US$31.91 billion', 'nine'"
    )
