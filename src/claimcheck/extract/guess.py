"""What the extractor believes a figure claims (:class:`Guess`), and the word tests the rules share."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from claimcheck.extract.context import Article, Sentence
from claimcheck.extract.scanner import Mention
from claimcheck.extract.vocab import (
    CHANGE_WORDS,
    MEASURES,
    SHARE_WORDS,
    UNIT_NOUNS,
    YEAR_ON_YEAR,
)

#: target words strong enough to make every level figure of their sentence a target
STRONG_TARGET = ("target", "targets", "targeting", "goal", "roadmap", "calls for", "call for", "aims to",
                  "aim to", "pledged", "seeks to", "objective")
PRESENT_RE = re.compile(r"\b(?:is|are|has|have|now|currently|continues|continue|consistently|remains|remain|"
                         r"feature|features|offer|offers)\b")
NEXT_YEARS_RE = re.compile(r"\b(?:annually\s+)?(?:for|in|over|during)\s+(?:each\s+of\s+)?the\s+(?:next|following)\s+"
                            r"(?P<n>two|three|four|five|2|3|4|5)\s+years\b", re.IGNORECASE)
SMALL_NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "2": 2, "3": 3, "4": 4, "5": 5}
LEAD_RE = re.compile(r"\b(?:leader|leaders|led|leads|lead|leading)\b")


@dataclass
class Guess:
    """What the extractor believes a figure claims.

    ``key`` is the quantity the claim is about; ``derivation`` is filled in by linking.
    """

    mention: Mention
    sentence: Sentence
    kind: str
    unit: str
    entity: str = ""
    metric: str = ""
    period: str = ""
    basis: str | None = None
    hedge: str | None = None
    exact: bool = False
    derivation: str | None = None
    among: str | None = None
    reasons: list[str] = field(default_factory=list)
    subject: str | None = None
    measure: str | None = None
    level_unit: str = ""
    base: str | None = None
    down: bool = False
    share_of: tuple[str, str] | None = None
    share_part: Guess | None = None  # the figure a share is of ("417,000 units, about 9.8 percent of the total")
    share_whole_guessed: bool = False  # the whole was named after the part ("total_sales"): rename with it
    consumed: bool = False
    ignore_reason: str | None = None
    note: str | None = None

    @property
    def key(self) -> str:
        """The quantity key ``entity/metric/period[/basis]``."""
        tail = f"/{self.basis}" if self.basis else ""
        return f"{self.entity}/{self.metric}/{self.period}{tail}"

    def at(self, period: str) -> str:
        """The same quantity at another period."""
        tail = f"/{self.basis}" if self.basis else ""
        return f"{self.entity}/{self.metric}/{period}{tail}"


def has_words(text: str, words: tuple[str, ...] | frozenset[str]) -> str | None:
    """Return the first of some words or phrases that occurs in a text as whole words."""
    for word in words:
        if re.search(r"(?<![\w-])" + re.escape(word).replace(r"\ ", r"\s+") + r"(?![\w-])", text):
            return word
    return None


def unit_of(m: Mention) -> tuple[str, list[str]]:
    """The claimcheck unit of a figure, from its own words or the noun after it, with reasons to review.

    >>> from claimcheck.extract.scanner import scan_figures
    >>> [unit_of(m)[0] for m in scan_figures("9.5 million units, 15 years, 1,000 km, 862 million tonnes, 4%")]
    ['vehicles', 'years', 'km', 'count', 'percent']
    """
    reasons: list[str] = []
    if m.form == "rank":
        return "rank", reasons
    if m.borrowed:
        reasons.append(f"range written with one scale or unit ({m.borrowed!r} after the second figure): "
                       f"this figure reads as {m.text!r} alone; keep the range as two bounds or note it")
    if m.unit_hint:
        return m.unit_hint, reasons
    if m.foreign_unit:
        reasons.append(f"unit {m.foreign_unit!r} has no claimcheck name: counted")
        return "count", reasons
    words = m.noun.split()
    for word in (words[:1] + words[-1:]) if words else []:
        if word in UNIT_NOUNS:
            return UNIT_NOUNS[word], reasons
    return "count", reasons


def change_word(left: str, right: str) -> str | None:
    """A change word right before a figure (its last six words) or right after it.

    "rose to 40.5 percent" and "from 39.8 percent" state levels, not changes.
    """
    if re.search(r"\b(?:to|from)$", left):
        return None
    near = " ".join(left.split()[-6:])
    head = " ".join(right.split()[:3])
    compared = COMPARED_RE.match(right)
    return has_words(near, CHANGE_WORDS) or has_words(head, CHANGE_WORDS) or has_words(head, YEAR_ON_YEAR) or \
        (compared.group(1) if compared else None)


#: "34 percent fewer than a year ago", "15 percent higher than in 2023": a change against an earlier time
#: (not "60 percent more than the national average", a comparison with something else)
COMPARED_RE = re.compile(r"(more|less|higher|lower|fewer|greater|bigger|smaller|above|below)\s+than\s+"
                         r"(?:in\s+)?(?:a\s+year\b|last\s+year|the\s+(?:previous|prior|same)\b|a\s+decade|"
                         r"(?:19|20)\d\d\b)")


def share_word(left: str, right: str) -> str | None:
    """A share word next to a figure ("accounted for", "market share", "of all"), or None.

    >>> share_word("nev sales accounted for", "of all new car sales"), share_word("rose", "to 5 million")
    ('of', None)
    """
    head = " ".join(right.split()[:3])
    if re.match(r"(?:of\s+(?:all|the|total|that|this|them|which|its|their)\b|market share|share\b)", head):
        return head.split()[0]
    return has_words(left, SHARE_WORDS)


#: measures of things counted in units (a subject carried from an earlier sentence applies to them)
COUNTED = frozenset({"sales", "production", "exports", "imports", "deliveries", "shipments", "registrations",
                      "orders", "capacity"})
#: "units will be sold": a measure verb after the figure's noun
PASSIVE_RE = re.compile(r"\s+(?:(?:will|would|were|was|are|is|had|have|has|been|be|being|to)\s+){1,3}(?P<verb>[a-z]+)")


def noun_end(text: str, m: Mention) -> int:
    """Where the noun phrase after a figure ends (the figure's end when it has none)."""
    if not m.noun:
        return m.end
    at = text.lower().find(m.noun.split()[-1], m.end)
    return at + len(m.noun.split()[-1]) if at >= 0 else m.end


def sentence_start(text: str, s: Sentence, word: str) -> bool:
    """Tell whether a capitalised word is only capitalised because it starts the sentence."""
    return text[s.start:s.start + len(word)] == word


def measure_of(word: str) -> str | None:
    """The canonical measure a word names ("exported" -> ``exports``), or None."""
    for canon, words in MEASURES.items():
        if word in words:
            return canon
    return None


def is_subject_phrase(noun: str, subjects: dict[str, list[str]]) -> bool:
    """Tell whether a counted noun is just a subject ("passenger cars"), not a thing of its own."""
    names = {n for ns in subjects.values() for n in ns}
    words = noun.split()
    for size in range(len(words), 0, -1):
        if " ".join(words[:size]) in names:
            return size == len(words) or words[size] in ("and", "or")
    return False


#: words between a change (or multiple) and the level it reached that say when or against what:
#: "jumped 45 percent year on year to $3.3 billion", "tripled to $12 billion in 2024 from $4.1 billion"
_WHEN = (r"(?:year[- ](?:on|over)[- ]year|(?:from|than) a year (?:earlier|ago)|on the year|(?:in|during) (?:the )?"
         r"(?:(?:first|second|third|fourth|1st|2nd|3rd|4th) (?:quarter|half)(?: of)? ?)?(?:(?:19|20)\d\d|the year)?|"
         r"last year|this year|a year earlier|a year ago|,|(?:compared (?:with|to)|from|versus|than(?: in)?) (?:the "
         r"same (?:period|quarter|month|half) (?:of |in )?)?(?:last year|a year (?:earlier|ago)|the previous year|"
         r"(?:19|20)\d\d)|(?:more|less|higher|lower|fewer|greater|bigger|smaller))")
_TO_RE = re.compile(rf"(?:{_WHEN}\s*)*(?:to|at)(?:\s+(?:reach|hit|total|stand at|a record(?: high of)?))?")
_FROM_RE = re.compile(rf"(?:{_WHEN}\s*)*,?\s*from(?:\s+(?:a|the)\s+(?:revised|record|low|high)(?:\s+of)?)?")


def _next_level(a: Article, m: Mention, s: Sentence, joint: re.Pattern[str]) -> Mention | None:
    after = [x for x in s.mentions if x.start >= m.end]
    if not after:
        return None
    x = after[0]
    if x.unit_hint in ("percent", "pp", "ratio") or x.form == "rank" or x.in_parens:
        return None
    return x if joint.fullmatch(a.lower(m.end, x.left)) else None


def reached_level(a: Article, m: Mention, s: Sentence) -> Mention | None:
    """The level a change or multiple reached: the next figure, introduced by "to".

    "rose 35.5 percent to 12.87 million units", "more than doubled to 417,000 units",
    "jumped 45 percent year on year to $3.3 billion".
    """
    return _next_level(a, m, s, _TO_RE)


def base_level(a: Article, m: Mention, s: Sentence) -> Mention | None:
    """The level a change or multiple started from: the next figure, introduced by "from".

    "up 4 percent from 735 a year earlier", "tripled to $12 billion in 2024 from $4.1 billion in 2021"
    (called on the level reached, "$12 billion").
    """
    return _next_level(a, m, s, _FROM_RE)
