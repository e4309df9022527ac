"""Find every figure in an article exactly as written, and the numbers that are not claims.

Two passes over the text. :func:`scan_asides` finds numbers that are not claims — the date
header, a dateline, dates and timestamps, numbers inside URLs, page counters, names ("Level 2",
"GPT-4", "2024 China Auto Forum"), the size of a comparison set ("top ten") and vague amounts
("multi-billion-dollar") — each with the reason an ignore entry needs. :func:`scan_figures`
then reads the figures outside those spans in the claim format's grammar
(:func:`claimcheck.figures.parse_figure`): digits with separators and a scale, percentages and
percentage points, ``-fold``, currencies before or after the number, numbers written out,
multipliers ("tripling"), fractions ("a third of"), "majority" and rank words, with the hedge
written before each figure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

from claimcheck.extract.ranks import scan_ranks
from claimcheck.extract.vocab import (
    ABBREVIATIONS,
    FOREIGN_UNITS,
    MONTH_RE,
    MONTHS,
    UNIT_NOUNS,
)
from claimcheck.figures import FigureError, parse_figure
from claimcheck.hedges import HEDGES


@dataclass(frozen=True)
class Mention:
    """A figure as an article writes it.

    :param start: offset of the figure's first character.
    :param end: offset after its last character.
    :param text: the figure exactly as written (``12.87 million``, ``20,000-yuan``, ``nine``).
    :param form: ``digits``, ``word``, ``multiplier``, ``fraction``, ``majority``, ``scale`` or ``rank``.
    :param unit_hint: the claimcheck unit its own words carry (``percent``, ``CNY`` ...), or None.
    :param noun: the counted noun phrase written after it (lower case, up to four words), or "".
    :param hedge: the hedge written right before it, as written (``more than``), or None.
    :param hedge_start: offset of the hedge.
    :param in_parens: the figure stands in parentheses (a conversion of the figure before it).
    :param borrowed: the scale or unit written once for a range ("3 to 4 million": ``million``).
    :param foreign_unit: a unit claimcheck has no name for, written with it (``GWh``, ``£``).
    """

    start: int
    end: int
    text: str
    form: str
    unit_hint: str | None = None
    noun: str = ""
    hedge: str | None = None
    hedge_start: int | None = None
    in_parens: bool = False
    borrowed: str | None = None
    foreign_unit: str | None = None

    @property
    def left(self) -> int:
        """Where the figure's phrase starts: at its hedge when it has one."""
        return self.hedge_start if self.hedge_start is not None else self.start


@dataclass(frozen=True)
class Aside:
    """A number that is not a claim, with the text an ignore entry covers it by and why.

    :param start: offset of the ignore figure.
    :param end: offset after it.
    :param figure: the ignore entry's figure (``Jan. 14``, ``July 11–13``, ``Like (0)``).
    :param reason: why it is not a claim.
    :param quote: the span of the quote to show it in, or None for its sentence.
    """

    start: int
    end: int
    figure: str
    reason: str
    quote: tuple[int, int] | None = None


# --- sentences ---------------------------------------------------------------------------------

_BREAK_RE = re.compile(r"[.!?][\"”’)]*(?=\s+[\"“‘(]?[A-Z0-9])")


def sentences(text: str) -> list[tuple[int, int]]:
    """Split text into sentences, never inside an abbreviation ("Jan. 14", "U.S. dollars").

    :returns: spans (start, end) without surrounding whitespace; a line break always ends one.

    >>> t = "Sales rose 5 percent in Jan. 2024. Exports (about 3 U.S. dollars) fell.\\nNext line"
    >>> [t[s:e] for s, e in sentences(t)]
    ['Sales rose 5 percent in Jan. 2024.', 'Exports (about 3 U.S. dollars) fell.', 'Next line']
    """
    spans: list[tuple[int, int]] = []
    offset = 0
    for line in text.split("\n"):
        start = 0
        for match in _BREAK_RE.finditer(line):
            word = re.search(r"([\w.]+)\.$", line[start:match.start() + 1])
            before = word.group(1).lower() if word else ""
            if before in ABBREVIATIONS or re.fullmatch(r"(?:[a-z]\.)*[a-z]", before):
                continue
            spans.append((offset + start, offset + match.end()))
            start = match.end()
        spans.append((offset + start, offset + len(line)))
        offset += len(line) + 1
    out = []
    for s, e in spans:
        chunk = text[s:e]
        if chunk.strip():
            out.append((s + len(chunk) - len(chunk.lstrip()), e - (len(chunk) - len(chunk.rstrip()))))
    return out


# --- asides: numbers that are not claims ---------------------------------------------------------

_HEADER_RE = re.compile(r"\A\s*date\s+(?P<date>\d{4}-\d{2}-\d{2})\b")
DATELINE_RE = re.compile(
    rf"^[ \t]*(?P<place>[A-Z][A-Z .'’-]*[A-Z](?:,\s+[A-Z][A-Za-z.]+)*),\s+(?P<date>{MONTH_RE}\s+\d{{1,2}})"
    r"(?:,\s+(?P<year>\d{4}))?\s+\((?P<agency>[A-Za-z][\w .&-]*)\)\s*(?:--|—|–|-)",
    re.MULTILINE,
)
_TIME = r"\d{1,2}:\d{2}(?::\d{2})?(?:\s*[ap]\.?m\.?)?"
_DATE_RES = [
    re.compile(rf"\b{MONTH_RE}\s+\d{{1,2}}(?:st|nd|rd|th)?(?!\d)(?:\s*[-–—]\s*\d{{1,2}}(?!\d))?"
               rf"(?:,?\s+\d{{4}}(?!\d))?(?:,?\s+{_TIME})?"),
    re.compile(rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+{MONTH_RE}(?:,?\s+\d{{4}}(?!\d))?(?:,?[ \t]+{_TIME})?"),
    re.compile(rf"\b\d{{4}}-\d{{2}}-\d{{2}}(?:[ T]{_TIME})?\b"),
    re.compile(r"\b\d{4}/\d{1,2}/\d{1,2}\b|\b\d{1,2}/\d{1,2}/\d{2,4}\b"),
    re.compile(rf"(?<![\w.,]){_TIME}"),
]
_URL_RE = re.compile(r"https?://[^\s<>\"”)]+|www\.[^\s<>\"”)]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_COUNTER_RE = re.compile(r"\b(?:Like|Likes|Comments?|Shares?|Views?|Reposts?|Replies|Favou?rites?)\s*\(\d+\)")
_NAME_WORD_RE = re.compile(r"\b(?P<word>[A-Z][A-Za-z]*\.?)[ \t]+(?P<num>\d+)(?![\d.,]*\d)(?![\w%$-]|\s*(?:percent|per cent|"
                           r"million|billion|trillion|thousand))")
_HYPHEN_NAME_RE = re.compile(r"\b[A-Za-z]+-(?P<num>\d+)\b(?!\s*(?:percent|%|million|billion))")
_YEAR_NAME_RE = re.compile(r"\b(?P<year>(?:19|20)\d\d)\s+(?:[A-Z][\w’'-]*\s+){0,3}[A-Z][\w’'-]*")
_QUOTED_RE = re.compile(r"[“\"](?P<inner>[^”\"\n]{1,60})[”\"]")
_TOP_N_RE = re.compile(r"\b(?:top|first|last|bottom|among the)\s+(?P<n>\d+|two|three|four|five|six|seven|eight|nine|"
                       r"ten|eleven|twelve|fifteen|twenty|thirty|fifty|hundred)\b(?!\s*(?:percent|%|million|billion|"
                       r"per cent|years))", re.IGNORECASE)
_VAGUE_RE = re.compile(r"\bmulti-(?:billion|million|trillion)(?:-[a-z]+)?\b|\b(?:double|triple)-digit\b|"
                       r"\b(?:billions|millions|thousands|hundreds|dozens) of (?:millions|billions|thousands)\b",
                       re.IGNORECASE)
_LIST_RE = re.compile(r"^[ \t]*(?P<n>\d{1,2})[.)][ \t]", re.MULTILINE)
#: capitalised words before a number that do not make it a name ("Over 200", "In 2024", "May 10")
_NOT_NAME_WORDS = frozenset({
    "in", "by", "since", "from", "to", "of", "on", "at", "for", "with", "over", "some", "about", "nearly",
    "almost", "around", "roughly", "approximately", "more", "less", "than", "under", "only", "just", "top",
    "the", "a", "an", "and", "or", "after", "before", "until", "through", "during", "up", "above", "below",
    "rmb", "usd", "cny", "eur", "us$", "total", "exceeding", "exceeded", "surpassed", "as", "fy", "q", "h",
    "last", "first", "these", "those", "its", "their", "all", "least", "most", "estimated", "circa", "like",
})


def _furniture(text: str, start: int) -> bool:
    """Tell whether a position is on a short line of page furniture (timestamps, navigation)."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", start)
    line = text[line_start: line_end if line_end >= 0 else len(text)].strip()
    return len(line) < 60 and not line.endswith(".")


def header_date(text: str) -> Aside | None:
    """Find a ``date YYYY-MM-DD`` header at the top of a seed file."""
    match = _HEADER_RE.match(text)
    if not match:
        return None
    line_start = match.start("date") - len("date ") - (len(match.group()) - len(match.group().lstrip()) > 0) * 0
    quote_start = text.index("date", match.start())
    return Aside(match.start("date"), match.end("date"), match["date"],
                 "publication-date header line of the seed file (recorded as source.date)",
                 (max(quote_start, line_start), match.end("date")))


def scan_asides(text: str) -> list[Aside]:
    """Find the numbers that are not claims, each with its ignore figure and reason.

    >>> [(a.figure, a.reason) for a in scan_asides("BEIJING, Jan. 14 (Xinhua) -- Like (0) at https://x.cn/2025")]
    [('Jan. 14', 'dateline'), ('Like (0)', 'page furniture (a counter)'), ('2025', 'number inside a URL')]
    """
    found: list[Aside] = []
    taken: list[tuple[int, int]] = []

    def add(start: int, end: int, figure: str, reason: str, quote: tuple[int, int] | None = None) -> None:
        if any(s < end and start < e for s, e in taken):
            return
        taken.append((start, end))
        found.append(Aside(start, end, figure, reason, quote))

    header = header_date(text)
    if header:
        add(header.start, header.end, header.figure, header.reason, header.quote)
    for m in DATELINE_RE.finditer(text):
        end = m.end("year") if m["year"] else m.end("date")
        figure = text[m.start("date"):end]
        add(m.start("date"), end, figure, "dateline", (m.start("place"), text.index(")", m.end("date")) + 1))
    for m in _LIST_RE.finditer(text):
        add(m.start("n"), m.end("n"), m["n"], "list numbering")
    for m in _URL_RE.finditer(text):
        numbers = re.findall(r"(?<![\w.,])\d+(?:[.,]\d+)*(?!\w)", m.group())
        if len(numbers) == 1:
            at = re.search(r"(?<![\w.,])\d+(?:[.,]\d+)*(?!\w)", m.group())
            assert at is not None
            add(m.start() + at.start(), m.start() + at.end(), at.group(), "number inside a URL", m.span())
        elif numbers:
            kind = "an email address" if "@" in m.group() and "/" not in m.group() else "a URL"
            add(m.start(), m.end(), m.group(), f"numbers inside {kind}", m.span())
    for m in _COUNTER_RE.finditer(text):
        add(m.start(), m.end(), m.group(), "page furniture (a counter)", m.span())
    for pattern in _DATE_RES:
        for m in pattern.finditer(text):
            if not re.search(r"\d", m.group()):
                continue
            month_only = re.fullmatch(rf"{MONTH_RE}\s+\d{{4}}", m.group())
            if month_only:
                continue
            if pattern is _DATE_RES[0] and m.group().split()[0].rstrip(".").lower() == "may" and \
                    not re.search(r"\d{4}|,", m.group()) and text[max(0, m.start() - 1):m.start()] not in ("", " ", "\n"):
                continue
            furniture = _furniture(text, m.start())
            has_time = re.search(r":\d\d", m.group()) is not None
            ranged = re.search(r"\d\s*[-–—]\s*\d", m.group()) is not None
            if has_time and furniture:
                line_start = text.rfind("\n", 0, m.start()) + 1
                line_end = text.find("\n", m.end())
                line = (line_start, line_end if line_end >= 0 else len(text))
                label = text[line[0]:m.start()].strip().lower()
                reason = f"page furniture (timestamp of the {label} post link)" if label in ("previous", "next") \
                    else "page furniture (a timestamp)"
                add(m.start(), m.end(), m.group(), reason, line)
            elif has_time:
                add(m.start(), m.end(), m.group(), "a timestamp")
            else:
                add(m.start(), m.end(), m.group(), "event dates" if ranged else "a date, not a quantity")
    for m in _VAGUE_RE.finditer(text):
        add(m.start(), m.end(), m.group(), f"vague amount ({m.group()!r}): no figure claimcheck can read")
    for m in _QUOTED_RE.finditer(text):
        inner = m["inner"]
        if len(inner.split()) > 6 or not re.search(r"[A-Za-z]{3}", inner):
            continue
        num = re.search(r"(?<![\w.,])\d+(?:[.,]\d+)*(?!\w)|\b(?:two|three|four|five|six|seven|eight|nine|ten|"
                        r"twelve|twenty|hundred)\b", inner, re.IGNORECASE)
        if num:
            s = m.start("inner") + num.start()
            add(s, s + len(num.group()), num.group(), f"part of a quoted name (“{inner}”)", m.span())
    for m in _TOP_N_RE.finditer(text):
        add(m.start("n"), m.end("n"), m["n"], f"defines a comparison set ({m.group()!r}), not a quantity of its own")
    for m in _NAME_WORD_RE.finditer(text):
        word = m["word"].rstrip(".").lower()
        if word in _NOT_NAME_WORDS or word in MONTHS or re.fullmatch(r"(?:19|20)\d\d", m["num"]) or \
                m["word"].lower().rstrip(".") in {h.split()[-1] for h in HEDGES}:
            continue
        if _sentence_initial(text, m.start()) and word not in ("level", "model", "phase", "stage", "no"):
            continue
        add(m.start(), m.end(), m.group(), "a name (model, level or version), not a quantity")
    for m in _HYPHEN_NAME_RE.finditer(text):
        word = m.group().split("-")[0].lower()
        if re.fullmatch(r"(?:19|20)\d\d", m["num"]) or word in ("mid", "early", "late", "pre", "post", "top", "fy"):
            continue
        add(m.start(), m.end(), m.group(), "a name (model or version), not a quantity")
    for m in _YEAR_NAME_RE.finditer(text):
        add(m.start("year"), m.end(), m.group(), "year in a name (event or programme), not a period of a claim")
    return sorted(found, key=lambda a: a.start)


def _sentence_initial(text: str, start: int) -> bool:
    before = text[:start].rstrip(" \t“\"(")
    return not before or before[-1] in ".!?\n:"


# --- figures --------------------------------------------------------------------------------------

_PREFIX = r"(?P<prefix>US\$|HK\$|\$|€|¥|£|USD\s?|RMB\s?|CNY\s?|EUR\s?)?"
_NUMBER = r"(?<![\w.,])(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?![\d])"
_SCALE = r"(?P<scale>[\s-]+(?:thousand|million|billion|trillion)\b|(?:bn|mn|tn|m|k)\b)?"
_UNIT = (r"(?P<unit>[\s-]*(?:percentage points?|per cent|percent|%|fold|yuan|RMB|U\.S\. dollars|US dollars|"
         r"dollars|USD|euros?|EUR)(?![\w]))?")
_FIGURE_RE = re.compile(rf"{_PREFIX}{_NUMBER}{_SCALE}{_UNIT}(?![\w$])", re.IGNORECASE)
_CARDINAL = (r"two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|"
             r"seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety")
_WORD_RE = re.compile(
    rf"\b(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)-(?:one|two|three|four|five|six|seven|"
    rf"eight|nine)|a dozen|dozens|dozen|hundred|{_CARDINAL})\b", re.IGNORECASE)
_MULTIPLIER_RE = re.compile(r"\b(?:double[ds]?|doubling|triple[ds]?|tripling|quadrupl(?:e[ds]?|ing)|twofold|"
                            r"threefold|fourfold)\b", re.IGNORECASE)
_FRACTION_RE = re.compile(r"(?<!first )(?<!second )(?<!latter )(?<!former )\b(?:a third|one third|a quarter|"
                          r"one quarter|a half|half)\b(?=\s+of\b)", re.IGNORECASE)
_MAJORITY_RE = re.compile(r"\b(?:the|a)\s+(?:vast\s+|clear\s+|slim\s+)?(?P<fig>majority)\b", re.IGNORECASE)
_SCALE_ONLY_RE = re.compile(r"\b(?P<fig>(?:thousand|million|billion|trillion)(?:-(?:yuan|dollars?|euros?))?)\b",
                            re.IGNORECASE)
_YEAR_RE = re.compile(r"^(?:19|20)\d\d$")
_NOUN_STOP = frozenset({
    "of", "in", "to", "from", "by", "for", "with", "on", "at", "as", "is", "are", "was", "were", "have", "has",
    "had", "that", "which", "who", "a", "an", "the", "this", "last", "year-on-year", "annually",
    "each", "per", "than", "more", "will", "would", "be", "been", "being", "or", "including", "such", "like",
    "up", "down", "into", "across", "globally", "nationwide", "worldwide", "its", "their", "now",
    "so", "but", "while", "since", "after", "before", "between", "among", "and",
})
_HEDGES_BY_LENGTH = sorted(HEDGES, key=len, reverse=True)
_HEDGE_RE = re.compile(r"(?:^|(?<=[^\w]))(?P<hedge>" + "|".join(re.escape(h).replace(r"\ ", r"\s+")
                       for h in _HEDGES_BY_LENGTH) + r")\s+(?:(?:the|a|an|at)\s+)?(?:[£₹₩]\s*)?$",
                       re.IGNORECASE)


def _hedge_before(text: str, start: int) -> tuple[str, int] | None:
    """Find a hedge written right before a figure ("more than 60", "exceeded the 31 million")."""
    window_start = max(0, start - 40)
    match = _HEDGE_RE.search(text, window_start, start)
    if not match:
        return None
    return match["hedge"], match.start("hedge")


def noun_after(text: str, end: int) -> tuple[str, int]:
    """Read the counted noun phrase after a figure (up to four words), skipping a parenthesis.

    >>> noun_after("639 autonomous vehicles, 21 businesses", 3)
    ('autonomous vehicles', 23)
    >>> noun_after("a four-year plan", 6)
    ('year plan', 16)
    """
    rest = text[end:end + 160]
    pos = 0
    skip = re.match(r"\s*\([^()]{0,80}\)", rest)
    if skip:
        pos = skip.end()
    if rest[pos:pos + 1] == "-":
        pos += 1
    words: list[str] = []
    while len(words) < 4:
        m = _WORD_AFTER_RE.match(rest, pos)
        if not m:
            break
        word = m.group(1)
        low = word.lower()
        if low in _NOUN_STOP and not (low == "and" and words):
            break
        if words and (words[-1] == "and" and not word.islower() or
                      words[-1].endswith("s") and low.endswith(("ing", "ed")) or
                      low == "and" and words[-1].endswith("s") and not words[-1].endswith("ss")):
            break
        words.append(low)
        pos = m.end()
    while words and words[-1] == "and":
        words.pop()
    return " ".join(words), end + pos


_WORD_AFTER_RE = re.compile(r"[ \t]*([A-Za-z][\w’'-]*)")


def _parses(text: str) -> bool:
    try:
        parse_figure(text)
    except FigureError:
        return False
    return True


def _digit_figure(text: str, m: re.Match[str]) -> tuple[int, int] | None:
    """Trim a digit match until parse_figure reads it (unit, then scale, then prefix dropped)."""
    start = m.start("prefix") if m["prefix"] else m.start("num")
    ends = [m.end()]
    if m["unit"]:
        ends.append(m.start("unit"))
    if m["scale"]:
        ends.append(m.start("scale"))
    ends.append(m.end("num"))
    for end in ends:
        for s in (start, m.start("num")):
            candidate = text[s:end]
            if _parses(candidate) and not candidate.endswith((" ", "-")):
                return s, end
    return None


def scan_figures(text: str, masked: list[tuple[int, int]] | None = None) -> list[Mention]:
    """Find every figure in a text, outside the masked spans (asides), in text order.

    Years (1900-2099 with no unit) are periods, not figures, and are left to the period reader.

    >>> [m.text for m in scan_figures("NEV sales rose 35.5 percent to 12.87 million units in 2024.")]
    ['35.5 percent', '12.87 million']
    >>> [(m.text, m.hedge) for m in scan_figures("a 20,000-yuan (about 2,782 U.S. dollars) subsidy")]
    [('20,000-yuan', None), ('2,782 U.S. dollars', 'about')]
    """
    masked = list(masked or [])
    out: list[Mention] = []

    def free(start: int, end: int) -> bool:
        return not any(s < end and start < e for s, e in masked) and \
            not any(o.start < end and start < o.end for o in out)

    for m in _FIGURE_RE.finditer(text):
        span = _digit_figure(text, m)
        if span is None or not free(*span):
            continue
        start, end = span
        figure = text[start:end]
        bare = not m["scale"] and not m["unit"] and not m["prefix"]
        noun, _ = noun_after(text, end)
        if bare and _YEAR_RE.match(m["num"]) and not (noun and UNIT_NOUNS.get(noun.split()[-1]) == "vehicles"):
            continue
        out.append(_mention(text, start, end, figure, "digits", noun, m))
    for pattern, form in ((_MULTIPLIER_RE, "multiplier"), (_FRACTION_RE, "fraction"), (_WORD_RE, "word")):
        for m in pattern.finditer(text):
            start, end = m.span()
            if not free(start, end) or not _parses(m.group()):
                continue
            noun, _ = noun_after(text, end)
            out.append(_mention(text, start, end, m.group(), form, noun, None))
    for m in _MAJORITY_RE.finditer(text):
        if free(*m.span("fig")):
            out.append(_mention(text, m.start("fig"), m.end("fig"), m["fig"], "majority", "", None))
    for m in _SCALE_ONLY_RE.finditer(text):
        start, end = m.span("fig")
        if re.search(r"\d[\s-]*$", text[max(0, start - 8):start]) or not free(start, end) or not _parses(m["fig"]):
            continue
        noun, _ = noun_after(text, end)
        out.append(_mention(text, start, end, m["fig"], "scale", noun, None))
    for start, end in scan_ranks(text):
        if free(start, end):
            out.append(_mention(text, start, end, text[start:end], "rank", "", None))
    out.sort(key=lambda x: x.start)
    return _borrow_ranges(text, out)


def mention_at(text: str, start: int, end: int) -> Mention:
    """Read the figure at a span as a mention (for extractors other than :func:`scan_figures`).

    :raises claimcheck.figures.FigureError: when the span is not a figure parse_figure reads.
    """
    figure = text[start:end]
    form = "digits" if re.search(r"\d", figure) else "word"
    if form == "word" and parse_figure(figure).unit_hint == "ratio":
        form = "multiplier"
    return _mention(text, start, end, figure, form, noun_after(text, end)[0], None)


def _mention(text: str, start: int, end: int, figure: str, form: str, noun: str, m: re.Match[str] | None) -> Mention:
    hedge = _hedge_before(text, start)
    fig = parse_figure(figure)
    before = text[max(0, (hedge[1] if hedge else start) - 2):hedge[1] if hedge else start]
    after = text[end:end + 3]
    in_parens = before.rstrip().endswith("(") and after.lstrip().startswith(")")
    foreign = None
    if m is not None and (m["prefix"] or "").strip() == "£":
        foreign = "£"
    elif noun and noun.split()[0] in FOREIGN_UNITS:
        foreign = noun.split()[0]
    return Mention(start, end, figure, form, fig.unit_hint, noun, hedge[0] if hedge else None,
                   hedge[1] if hedge else None, in_parens, None, foreign)


def _borrow_ranges(text: str, mentions: list[Mention]) -> list[Mention]:
    """Mark the first end of a range written with one scale or unit ("3 to 4 million", "10-15%")."""
    out = list(mentions)
    for i, (a, b) in enumerate(pairwise(mentions)):
        if a.form != "digits" or b.form != "digits":
            continue
        gap = text[a.end:b.start]
        if not re.fullmatch(r"\s*(?:-|–|—|to|and)\s*", gap):
            continue
        fa, fb = parse_figure(a.text), parse_figure(b.text)
        if fa.scale == 1 and fa.unit_hint is None and (fb.scale > 1 or fb.unit_hint):
            tail = b.text[len(re.match(r"[^\d]*[\d,.]+", b.text).group()):].strip(" -")  # type: ignore[union-attr]
            out[i] = Mention(a.start, a.end, a.text, a.form, fb.unit_hint, b.noun, a.hedge, a.hedge_start,
                             a.in_parens, tail or None, a.foreign_unit)
    return out
