"""Periods written in a sentence ("in 2024", "the first half of 2024", "October 2025", "last year").

Each mention keeps the word that introduces it, because the word says what the period is to a
figure: "since 2020" starts a series, "by 2027" is a horizon, "from the 2023 level" is the base
of a change. Relative periods ("last year", "by the end of the year") are resolved against the
article's date and marked as such, so a wrong date shows up as a reviewable guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from claimcheck.extract.vocab import MONTH_RE, MONTHS


@dataclass(frozen=True)
class PeriodMention:
    """A period written in the text.

    :param start: offset of its first character.
    :param end: offset after it.
    :param period: the period in key grammar: ``2024``, ``2024-H1``, ``2025-Q1``, ``2025-10``; or
        ``earlier`` for "a year earlier": the period a year before the sentence's own.
    :param role: ``at``, ``since``, ``from``, ``by`` or ``base`` (the base of a change).
    :param relative: resolved from the article date ("last year").
    """

    start: int
    end: int
    period: str
    role: str = "at"
    relative: bool = False

    @property
    def year(self) -> int:
        """The period's year."""
        return int(self.period[:4])


@dataclass(frozen=True)
class ArticleDate:
    """The article's date as far as it is known: year, and month and day when known."""

    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, text: str | None) -> ArticleDate | None:
        """Read ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; None when empty or unreadable.

        >>> ArticleDate.parse("2025-01-14")
        ArticleDate(year=2025, month=1, day=14)
        """
        match = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", (text or "").strip())
        if not match:
            return None
        return cls(int(match[1]), int(match[2]) if match[2] else None, int(match[3]) if match[3] else None)

    @property
    def month_period(self) -> str:
        """``YYYY-MM`` when the month is known, else ``YYYY``."""
        return f"{self.year}-{self.month:02d}" if self.month else str(self.year)


_ORD = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4}
_YEAR = r"(?:19|20)\d\d"
_HALF_RE = re.compile(rf"\b(?:the\s+)?(?P<n>first|second|1st|2nd)\s+half\b(?:\s+(?:of\s+)?(?:(?P<year>{_YEAR})\b|"
                      r"(?P<rel>this|last|the|next)\s+year\b))?", re.IGNORECASE)
_HALF_CODE_RE = re.compile(rf"\bH(?P<n>[12])\s*(?P<year>{_YEAR})\b|\b(?P<year2>{_YEAR})\s*H(?P<n2>[12])\b")
_QUARTER_RE = re.compile(rf"\b(?:the\s+)?(?P<n>first|second|third|fourth|1st|2nd|3rd|4th)\s+quarter\b(?:\s+(?:of\s+)?"
                         rf"(?:(?P<year>{_YEAR})\b|(?P<rel>this|last|the|next)\s+year\b))?", re.IGNORECASE)
_QUARTER_CODE_RE = re.compile(rf"\bQ(?P<n>[1-4])\s*(?P<year>{_YEAR})\b|\b(?P<year2>{_YEAR})\s*Q(?P<n2>[1-4])\b")
_MONTH_RANGE_RE = re.compile(rf"\b(?:from\s+)?(?P<m1>{MONTH_RE})\s*(?:to|through|-|–|—|and)\s*(?P<m2>{MONTH_RE})"
                             rf",?\s+(?:of\s+)?(?P<year>{_YEAR})\b")
_MONTH_YEAR_RE = re.compile(rf"\b(?P<m>{MONTH_RE})\s+(?:of\s+)?(?P<year>{_YEAR})\b")
_YEAR_RE = re.compile(rf"(?<![\w.,-])(?P<year>{_YEAR})(?![\w]|[.,]\d)")
_RELATIVE_RE = re.compile(
    r"\b(?P<what>last year|this year|next year|the previous year|a year earlier|a year ago|the end of (?:the|this) year|"
    r"year-end|the year|last month|this month|now|currently|at present|so far this year)\b", re.IGNORECASE)


def _month(name: str) -> int:
    return MONTHS[name.rstrip(".").lower()]


def _role(text: str, start: int) -> str:
    before = text[max(0, start - 24):start].lower()
    if re.search(r"\b(?:since|between)\s+$", before):
        return "since"
    if re.search(r"\bbetween\s+(?:19|20)\d\d\s+and\s+$", before):
        return "by"
    if re.search(r"\b(?:from\s+the|compared\s+with(?:\s+the)?|compared\s+to(?:\s+the)?|than\s+in|over|versus|vs\.?|"
                 r"against)\s+$", before) or \
            re.search(r"\bsame\s+(?:period|quarter|month|time|half)\s+(?:of\s+|in\s+)?$", before):
        return "base"
    if re.search(r"\bfrom\s+$", before):
        return "from"
    if re.search(r"\b(?:by|until|through|to|before)\s+(?:the\s+end\s+of\s+)?$", before):
        return "by"
    return "at"


def _relative_year(rel: str | None, date: ArticleDate) -> int:
    return date.year + {"last": -1, "next": 1}.get((rel or "this").lower(), 0)


def find_periods(text: str, start: int, end: int, date: ArticleDate) -> list[PeriodMention]:
    """Find the periods written between two offsets of a text.

    :param date: the article's date, for relative periods.

    >>> d = ArticleDate(2025, 1, 14)
    >>> t = "output was 31.28 million units last year, up 3.7 percent from the 2023 level"
    >>> [(p.period, p.role, p.relative) for p in find_periods(t, 0, len(t), d)]
    [('2024', 'at', True), ('2023', 'base', False)]
    >>> t = "1.42 million vehicles from January to March 2025, in the first half of 2024 and July 2023"
    >>> [p.period for p in find_periods(t, 0, len(t), d)]
    ['2025-Q1', '2024-H1', '2023-07']
    """
    found: list[PeriodMention] = []

    def add(s: int, e: int, period: str, role: str | None = None, relative: bool = False) -> None:
        if any(p.start < e and s < p.end for p in found):
            return
        found.append(PeriodMention(s, e, period, role or _role(text, s), relative))

    for m in _MONTH_RANGE_RE.finditer(text, start, end):
        first, last = _month(m["m1"]), _month(m["m2"])
        year = m["year"]
        if (first, last) == (1, 12):
            add(m.start(), m.end(), year, "at")
        elif last - first == 5 and first in (1, 7):
            add(m.start(), m.end(), f"{year}-H{1 if first == 1 else 2}", "at")
        elif last - first == 2 and first in (1, 4, 7, 10):
            add(m.start(), m.end(), f"{year}-Q{(first - 1) // 3 + 1}", "at")
        else:
            add(m.start(), m.end(), f"{year}-{last:02d}", "at")
    for pattern, code in ((_HALF_RE, "H"), (_QUARTER_RE, "Q")):
        for m in pattern.finditer(text, start, end):
            year = int(m["year"]) if m["year"] else _relative_year(m["rel"], date)
            add(m.start(), m.end(), f"{year}-{code}{_ORD[m['n'].lower()]}", relative=not m["year"])
    for pattern, code in ((_HALF_CODE_RE, "H"), (_QUARTER_CODE_RE, "Q")):
        for m in pattern.finditer(text, start, end):
            year, n = (m["year"], m["n"]) if m["year"] else (m["year2"], m["n2"])
            add(m.start(), m.end(), f"{year}-{code}{n}")
    for m in _MONTH_YEAR_RE.finditer(text, start, end):
        add(m.start(), m.end(), f"{m['year']}-{_month(m['m']):02d}")
    for m in _YEAR_RE.finditer(text, start, end):
        add(m.start(), m.end(), m["year"])
    for m in _RELATIVE_RE.finditer(text, start, end):
        what = m["what"].lower()
        if what in ("now", "currently", "at present"):
            add(m.start(), m.end(), str(date.year), "at", True)
        elif what in ("last month", "this month"):
            if date.month:
                y, mo = (date.year, date.month) if what == "this month" else \
                    ((date.year, date.month - 1) if date.month > 1 else (date.year - 1, 12))
                add(m.start(), m.end(), f"{y}-{mo:02d}", "at", True)
        elif what in ("a year earlier", "a year ago"):
            add(m.start(), m.end(), "earlier", "base", True)
        elif what in ("last year", "the previous year"):
            add(m.start(), m.end(), str(date.year - 1), None, True)
        elif what == "next year":
            add(m.start(), m.end(), str(date.year + 1), None, True)
        else:
            add(m.start(), m.end(), str(date.year), None, True)
    return sorted(found, key=lambda p: p.start)


def previous(period: str) -> str:
    """The same period a year earlier (the base of a year-on-year change).

    >>> previous("2024"), previous("2024-H1"), previous("2025-10")
    ('2023', '2023-H1', '2024-10')
    """
    return f"{int(period[:4]) - 1}{period[4:]}"


def same_part(base: str, period: str) -> str:
    """The base of a change of a part of a year: the same part of the base year.

    "the second quarter, up 7 percent compared with the same period last year" compares 2025-Q2
    with 2024-Q2, not with the whole of 2024.

    A base year that is not before the period's own ("the first half of 2024 compared with the same
    period last year", "last year" read from a 2025 date) gives the period a year earlier.

    >>> same_part("2024", "2025-Q2"), same_part("2023", "2024"), same_part("2024-H1", "2025-H1")
    ('2024-Q2', '2023', '2024-H1')
    >>> same_part("2024", "2024-H1"), same_part("2024", "2024")
    ('2023-H1', '2023')
    """
    if re.fullmatch(r"\d{4}", base) and re.match(r"\d{4}", period) and int(base) >= int(period[:4]):
        return previous(period)
    if re.fullmatch(r"\d{4}", base) and len(period) > 4:
        return base + period[4:]
    return base


def following_years(period: str, count: int) -> list[str]:
    """The ``count`` years after a period's year ("for the next three years" after 2014).

    >>> following_years("2014", 3)
    ['2015', '2016', '2017']
    """
    return [str(int(period[:4]) + i) for i in range(1, count + 1)]
