"""Guess what each figure claims: its kind, unit, quantity key, period, and the figures it is linked to.

Rules run in a fixed order of precedence, each on the words around the figure (its clause, then
its sentence, then the sentences before it):

1. a rank word is a ``rank``; a currency figure in parentheses after another currency is a
   ``conversion``; a threshold passed "for the first time" is ``first_time``;
2. "priced over X" defines a segment: a ``value`` without the hedge; a number of years is a
   duration ``value``;
3. target words ("targeting", "goal", "the roadmap calls for") make a ``target``, forecast words
   ("expected", "anticipated") a ``forecast`` (a ``target`` when the sentence is about a plan);
4. percentage points are a ``point_change``; a "-fold" or "tripling" a ``fold``;
5. a percent is a ``change`` next to a change word ("rose", "up", "increase"), a ``share`` next
   to a share word ("accounted for", "market share");
6. a bound hedge ("over", "more than", "exceeded") or a word that carries one ("majority",
   "dozens") makes a ``bound``; anything else is a ``value``.

Then figures of one statement are linked: a change to the level it changed to, a share's point
change to the share, a fold to its two ends, a conversion to the amount it converts, a rank to
the figure it ranks, and a total to the parts listed after it ("This included ...") as a ``sum``.
Every guess that is not read directly from the words records why in ``reasons``; the draft turns
those into ``review: true`` and ``review_reason``.
"""

from __future__ import annotations

import re

from claimcheck.extract.book import Book
from claimcheck.extract.context import Article, Sentence
from claimcheck.extract.guess import (
    STRONG_TARGET,
    Guess,
    change_word,
    has_words,
    reached_level,
    share_word,
    unit_of,
)
from claimcheck.extract.linking import Linking
from claimcheck.extract.metrics import CURRENCIES
from claimcheck.extract.scanner import Mention
from claimcheck.extract.vocab import (
    FIRST_TIME,
    FORECAST_WORDS,
    TARGET_WORDS,
    VAGUE_BASE,
)
from claimcheck.figures import parse_figure
from claimcheck.hedges import LOWER_BOUND, UPPER_BOUND

__all__ = ["Classifier", "Guess"]


class Classifier(Linking):
    """Read every figure of an article into guesses.

    :param article: the article read by :func:`claimcheck.extract.context.read_article`.
    :param book: declared entities and metrics; proposals are added to it.
    :param seed: the seed's file name (named in proposed metrics' descriptions).
    """

    def __init__(self, article: Article, book: Book, seed: str) -> None:
        self.a = article
        self.book = book
        self.seed = seed
        self.last: dict[str, str | None] = {}
        self.paragraph = -1
        self.horizon: str | None = None
        self.last_period: str | None = None
        self.current: list[Guess] = []
        self.history: list[Guess] = []

    def run(self) -> list[Guess]:
        """Guess every figure, sentence by sentence, then link the figures of each statement."""
        guesses: list[Guess] = []
        self.history = guesses  # the figures of the sentences before (a share's whole may be stated there)
        period_paragraph = -1
        for sentence in self.a.sentences:
            if sentence.paragraph != self.paragraph:
                self.paragraph = sentence.paragraph
                self.last = {k: v for k, v in self.last.items() if k in ("entity", "subject")}
                if period_paragraph not in (sentence.paragraph, self._previous_paragraph(sentence)):
                    self.last_period = None
            if sentence.title:
                guesses += self._title(sentence)
                continue
            found: list[Guess] = []
            self.current = found
            for m in sentence.mentions:
                found.append(self._guess(m, sentence))
            found = self._link(found, sentence)
            self._sum(guesses, found, sentence)
            guesses += found
            if self.last_period is not None and (sentence.periods or found):
                period_paragraph = sentence.paragraph
            self._remember(sentence)
        return guesses

    def _previous_paragraph(self, sentence: Sentence) -> int:
        """The paragraph (line) before a sentence's, skipping blank lines."""
        earlier = [s.paragraph for s in self.a.sentences if s.paragraph < sentence.paragraph]
        return max(earlier) if earlier else -2

    def _remember(self, sentence: Sentence) -> None:
        """Carry a sentence's subject entity and topic (first subject word) to the sentences after it."""
        named = [e for e in sentence.entities if not e.home and not self._scope(e.start, sentence)]
        subjects = [e for e in named if e.subject]
        if subjects or named:
            self.last["entity"] = (subjects or named)[0].key
        if sentence.subjects:
            self.last["subject"] = sentence.subjects[0].canon
        stated = [p for p in sentence.periods if p.role != "base"]
        if stated and not sentence.mentions:
            self.last_period = stated[-1].period

    def _title(self, sentence: Sentence) -> list[Guess]:
        """A headline's figures restate the body's: ignore them when the body has the same figure."""
        body = self.a.text[sentence.end:].lower()
        restated: list[Guess] = []
        claimed: list[Guess] = []
        self.current = claimed
        for m in sentence.mentions:
            if re.search(r"(?<![\w.,])" + re.escape(m.text.lower()) + r"(?!\w)", body):
                g = Guess(m, sentence, "value", "count", consumed=True,
                          ignore_reason="headline; restates a figure stated in the body")
                restated.append(g)
            else:
                claimed.append(self._guess(m, sentence))
        return restated + self._link(claimed, sentence)

    def _guess(self, m: Mention, s: Sentence) -> Guess:
        unit, reasons = unit_of(m)
        if unit == "count" and not m.noun and m.form == "digits":
            unit = self._unit_of_pair(m, s) or unit
        kind, hedge, why = self._kind(m, s, unit)
        g = Guess(m, s, kind, unit, hedge=hedge, reasons=reasons + why)
        g.entity = self._entity(m, s, g.reasons)
        g.period = self._period(m, s, g)
        self._metric(g)
        g.exact = self._exact(g)
        if g.unit == "percent" and g.kind in ("value", "bound", "share", "first_time", "forecast", "target") \
                and parse_figure(m.text).value > 100:
            g.reasons.append(f"{m.text!r} is above 100 percent, which a level cannot be: a change, or a misprint? "
                             "(validate reports CC018 until this is resolved)")
        if g.kind == "rank":
            self._among(g)
        return g

    def _unit_of_pair(self, m: Mention, s: Sentence) -> str | None:
        """The unit of the other end of "from 1.456 million to 9.443 million units" for the end with no noun."""
        for other in s.mentions:
            if other is m or other.form != "digits" or not other.noun:
                continue
            lo, hi = (other.end, m.left) if other.end <= m.left else (m.end, other.left)
            gap = self.a.lower(lo, hi)
            if len(gap) < 40 and re.search(r"\bto\b", gap) and not any(
                    x.start >= lo and x.end <= hi for x in s.mentions):
                unit, _ = unit_of(other)
                if unit != "count":
                    return unit
        return None

    def _kind(self, m: Mention, s: Sentence, unit: str) -> tuple[str, str | None, list[str]]:
        """Decide the kind; return it with the hedge to keep and the reasons for review."""
        a = self.a
        left = a.left(m)
        right = a.right(m, words=8)
        sentence = a.lower(s.start, s.end)
        hedge = m.hedge
        word = (hedge or parse_figure(m.text).implied_hedge or "").lower()
        word = " ".join(word.split())
        bound = word in LOWER_BOUND or word in UPPER_BOUND
        why: list[str] = []
        if m.form == "rank":
            return "rank", None, why
        prev = [x for x in s.mentions if x.end <= m.start]
        if m.in_parens and unit in CURRENCIES and prev and prev[-1].unit_hint in CURRENCIES \
                and prev[-1].unit_hint != unit and re.fullmatch(r"\s*\(\s*", a.text[prev[-1].end:m.left]):
            return "conversion", hedge, why
        if has_words(right, FIRST_TIME) and (word in LOWER_BOUND or m.form == "majority"):
            return "first_time", hedge, why
        if re.search(r"\bpriced(?:\s+at)?(?:\s+the)?$", left) or re.search(r"\bthreshold(?:\s+of)?$", left):
            if bound:
                why.append(f"'{hedge} {m.text}' after 'priced' read as the threshold that defines a segment: "
                           "a value, without the hedge")
            return "value", None, why
        if unit == "years":
            return "value", hedge, why
        clause = a.lower(a.clause_start(s, m.left), m.left)
        local_target = has_words(clause, TARGET_WORDS) or has_words(right, ("target", "goal"))
        local_forecast = has_words(clause, FORECAST_WORDS) or has_words(right, FORECAST_WORDS)
        if local_target:
            return "target", hedge, why
        if local_forecast:
            if has_words(sentence, TARGET_WORDS):
                why.append(f"'{local_forecast}' in a sentence about a plan: read as a target, not a forecast")
                return "target", hedge, why
            return "forecast", hedge, why
        share = share_word(left, right)
        change = None if share and share != "left" and re.match(r"(?:market\s+)?share\b", right) else \
            change_word(left, right)
        strong = has_words(sentence, STRONG_TARGET)
        if strong and not change and unit not in ("pp",):
            return "target", hedge, why
        if unit == "pp":
            return "point_change", hedge, why
        vague = has_words(sentence, VAGUE_BASE)
        if unit == "ratio":
            if vague or not self._fold_base(m, s):
                if bound:
                    return "bound", hedge, why
                if vague:
                    why.append(f"multiple with no stated base ('{vague}'): a value of a gain metric, not fold()")
                else:
                    why.append("a multiple of something that is not an earlier period of the same quantity "
                               f"('{' '.join(right.split()[:4])}'): registered as the value of a ratio metric")
                return "value", hedge, why
            # "more than doubled to 417,000 units": a fold, its hedge a bound on the multiple
            return "fold", hedge, why
        if unit == "percent" and change:
            if vague:
                why.append(f"change with no stated base ('{vague}'): registered as the value of a "
                           "decline/gain metric, not growth() between invented periods")
                return "value", hedge, why
            return "change", hedge, why
        if unit == "percent" and share:
            return ("bound" if bound else "share"), hedge, why
        if bound:
            return "bound", hedge, why
        if unit == "percent":
            why.append("percent with no change or share word next to it: read as a rate of its own")
        return "value", hedge, why

    def _fold_base(self, m: Mention, s: Sentence) -> bool:
        """Tell whether a multiple has a base in time: "since 2019", "from 2014", "from X to Y"."""
        if any(p.role in ("since", "from", "base") for p in s.periods):
            return True
        if reached_level(self.a, m, s) is not None:
            return True
        before = [x for x in s.mentions if x.end <= m.left and x.unit_hint not in ("percent", "pp", "ratio")]
        return len(before) >= 2 and re.search(r"\bto\b", self.a.lower(before[-2].end, before[-1].left)) is not None
