"""An article's metadata: date, publisher, title and URL, given or read from the text.

What the command line gives always wins. Otherwise the date comes from a ``date YYYY-MM-DD``
header, a dateline ("BEIJING, Nov. 30 (Xinhua) --", its year from the header or the text) or a
page timestamp; the publisher from a dateline's agency or a credit line ("Original article by
NenPower"). Everything read rather than given is listed in ``guessed``, so the draft's
``source.note`` tells a reviewer what to check.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from claimcheck.extract.scanner import DATELINE_RE, header_date
from claimcheck.extract.vocab import MONTH_RE, MONTHS

_STAMP_RE = re.compile(rf"^\s*(?:Previous|Next|Posted|Published|Updated)?:?\s*(?:(?P<m>{MONTH_RE})\s+(?P<d>\d{{1,2}}),\s+"
                       rf"|(?P<d2>\d{{1,2}})\s+(?P<m2>{MONTH_RE})\s+)(?P<y>\d{{4}})\s+\d{{1,2}}:\d{{2}}", re.MULTILINE)
_CREDIT_RE = re.compile(r"\b(?:Original article by|Source:|Article by|Reported by|Copyright ©?\s*\d{0,4})\s*"
                        r"(?P<name>[A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*){0,3})")
_CREDIT_URL_RE = re.compile(r"(?:source|credit|original)[^\n]{0,80}?(?P<url>https?://[^\s<>\"”)]+)", re.IGNORECASE)
_REPORT_YEAR_RE = re.compile(r"(?<!by )(?<!until )(?<!through )(?<!since )(?<!before )(?<!from )(?<!to )"
                             r"(?<![\w.,-])((?:19|20)\d\d)(?![\w-]|,\d)", re.IGNORECASE)


@dataclass
class SourceMeta:
    """What a draft's ``source:`` records.

    :param seed: the seed's file name.
    :param guessed: phrases saying what was read from the text rather than given.
    :param title_span: where the headline is in the text, if there is one.
    """

    seed: str
    publisher: str | None = None
    date: str | None = None
    title: str | None = None
    url: str | None = None
    guessed: list[str] = field(default_factory=list)
    title_span: tuple[int, int] | None = None

    @property
    def date_guessed(self) -> bool:
        """True when the date was read from the text, not given."""
        return any(g.startswith("date") for g in self.guessed)

    def note(self) -> str:
        """The ``source.note`` of a draft."""
        text = "drafted by claimcheck extract"
        if self.guessed:
            text += "; " + "; ".join(self.guessed) + ": check them"
        return text


def _month(name: str) -> int:
    return MONTHS[name.rstrip(".").lower()]


def guess_date(text: str) -> tuple[str | None, str | None]:
    """Read an article's date from its text; return it with how it was found (or None, None).

    >>> guess_date(" date 2025-12-01 Title\\nBEIJING, Nov. 30 (Xinhua) -- text")
    ('2025-11-30', "date from the dateline 'Nov. 30' and the year of the date header")
    >>> guess_date("BEIJING, Jan. 14 (Xinhua) -- sales in 2024 and plans for 2025")
    ('2025-01-14', "date from the dateline 'Jan. 14' and the latest year in the text (2025)")
    """
    header = header_date(text)
    dateline = DATELINE_RE.search(text[:600])
    if dateline:
        month, day = dateline["date"].split()
        mo, d = _month(month), int(day)
        if dateline["year"]:
            return f"{dateline['year']}-{mo:02d}-{d:02d}", f"date from the dateline {dateline['date']!r}"
        if header:
            hy, hm = int(header.figure[:4]), int(header.figure[5:7])
            year = hy if mo <= hm else hy - 1
            how = f"date from the dateline {dateline['date']!r} and the year of the date header"
            return f"{year}-{mo:02d}-{d:02d}", how
        years = [int(y) for y in _REPORT_YEAR_RE.findall(text)]
        if years:
            how = f"date from the dateline {dateline['date']!r} and the latest year in the text ({max(years)})"
            return f"{max(years)}-{mo:02d}-{d:02d}", how
    if header:
        return header.figure, "date from the date header"
    stamps = sorted((int(m["y"]), _month(m["m"] or m["m2"]), int(m["d"] or m["d2"])) for m in _STAMP_RE.finditer(text))
    if stamps:
        y, mo, d = stamps[0]
        return f"{y}-{mo:02d}-{d:02d}", "date from the page's post timestamps"
    years = [int(y) for y in _REPORT_YEAR_RE.findall(text)]
    if years:
        return str(max(years)), f"date from the latest year the text reports on ({max(years)}, not a 'by' horizon)"
    return None, None


def guess_title(text: str) -> tuple[str, tuple[int, int]] | None:
    """Find a headline: a short first line (after any date header) with no full stop at its end.

    >>> guess_title(" date 2025-12-01 China's trillion-yuan auto plan\\n\\nBEIJING, Nov. 30 (Xinhua) -- x.")
    ("China's trillion-yuan auto plan", (17, 48))
    """
    offset = 0
    header = header_date(text)
    for line in text.split("\n"):
        start, end = offset, offset + len(line)
        offset = end + 1
        if header and start <= header.start < end:
            start = header.end
        chunk = text[start:end]
        if not chunk.strip():
            continue
        stripped = chunk.strip()
        if DATELINE_RE.match(chunk) or len(stripped) > 150 or stripped.endswith((".", "!", "?", ":")) or \
                len(stripped.split()) < 3:
            return None
        s = start + len(chunk) - len(chunk.lstrip())
        return stripped, (s, s + len(stripped))
    return None


def guess_meta(text: str, seed: str, *, date: str | None = None, publisher: str | None = None,
               url: str | None = None) -> SourceMeta:
    """Fill an article's metadata: what is given, else what the text says (recorded as guessed)."""
    meta = SourceMeta(seed, publisher, date, None, url)
    if not date:
        meta.date, how = guess_date(text)
        if how:
            meta.guessed.append(how)
    if not publisher:
        dateline = DATELINE_RE.search(text[:600])
        credit = _CREDIT_RE.search(text)
        if dateline:
            meta.publisher = dateline["agency"]
            meta.guessed.append(f"publisher from the dateline '({dateline['agency']})'")
        elif credit:
            meta.publisher = credit["name"]
            meta.guessed.append(f"publisher from the credit line {credit.group().strip()!r}")
    if not url:
        credit_url = _CREDIT_URL_RE.search(text)
        if credit_url:
            meta.url = credit_url["url"]
            meta.guessed.append("url from the credit line")
    title = guess_title(text)
    if title:
        meta.title, meta.title_span = title
    return meta
