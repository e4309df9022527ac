"""The context a figure is read in: its sentence, clause, neighbours, and the article around it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from claimcheck.extract.entities import EntityFinder, EntityMention
from claimcheck.extract.metrics import Lexicon, Term
from claimcheck.extract.periods import ArticleDate, PeriodMention, find_periods
from claimcheck.extract.scanner import Mention

#: what ends a clause: a comma, semicolon, colon, dash or parenthesis
_BOUNDARY_RE = re.compile(r",\s|;\s|:\s|\s--\s|\s—\s|\s–\s")


@dataclass
class Sentence:
    """One sentence of the article and everything found in it.

    :param start: offset of its first character (after a dateline or date header).
    :param end: offset after its last character.
    :param paragraph: index of the line it is on.
    """

    start: int
    end: int
    paragraph: int
    mentions: list[Mention] = field(default_factory=list)
    periods: list[PeriodMention] = field(default_factory=list)
    entities: list[EntityMention] = field(default_factory=list)
    measures: list[Term] = field(default_factory=list)
    subjects: list[Term] = field(default_factory=list)
    title: bool = False


@dataclass
class Article:
    """An article read for extraction: text, date, sentences and the vocabularies used on it."""

    text: str
    date: ArticleDate
    date_guessed: bool
    sentences: list[Sentence]
    finder: EntityFinder
    lexicon: Lexicon
    home: str | None
    home_country: str | None = None

    def sentence_of(self, mention: Mention) -> Sentence:
        """The sentence a mention is in."""
        return next(s for s in self.sentences if s.start <= mention.start < s.end)

    def lower(self, start: int, end: int) -> str:
        """The text between two offsets, lower case, whitespace collapsed."""
        return " ".join(self.text[start:end].lower().split())

    def clause_start(self, sentence: Sentence, at: int) -> int:
        """Where the clause holding an offset starts (after the last comma, colon or dash before it)."""
        start = sentence.start
        for m in _BOUNDARY_RE.finditer(self.text, sentence.start, at):
            start = m.end()
        return start

    def clause_end(self, sentence: Sentence, at: int) -> int:
        """Where the clause holding an offset ends."""
        m = _BOUNDARY_RE.search(self.text, at, sentence.end)
        return m.start() if m else sentence.end

    def left(self, mention: Mention, *, clause: bool = True) -> str:
        """The words before a figure: since its clause starts and after the figure before it."""
        sentence = self.sentence_of(mention)
        start = self.clause_start(sentence, mention.left) if clause else sentence.start
        before = [m for m in sentence.mentions if m.end <= mention.left]
        if before and clause:
            start = max(start, before[-1].end)
        return self.lower(start, mention.left)

    def right(self, mention: Mention, *, words: int = 6) -> str:
        """Up to a few words after a figure, within its clause and before the next figure."""
        sentence = self.sentence_of(mention)
        end = self.clause_end(sentence, mention.end)
        after = [m for m in sentence.mentions if m.start >= mention.end]
        if after:
            end = min(end, after[0].left)
        return " ".join(self.lower(mention.end, end).split()[:words])


def read_article(text: str, date: ArticleDate, date_guessed: bool, entities: dict[str, str],
                 spans: list[tuple[int, int]], mentions: list[Mention], title: tuple[int, int] | None,
                 countries: frozenset[str] = frozenset()) -> Article:
    """Gather sentences with their mentions, periods, entities, measures and subjects.

    :param spans: the sentence spans (datelines and headers already cut off).
    :param mentions: the figures found in the text.
    :param title: the span of the headline, if there is one.
    :param countries: entity keys that are countries ("the country" and "domestic" refer to one).
    """
    finder = EntityFinder(entities)
    lexicon = Lexicon(text)
    sentences = []
    for start, end in spans:
        paragraph = text.count("\n", 0, start)
        sentence = Sentence(start, end, paragraph)
        sentence.mentions = [m for m in mentions if start <= m.start < end]
        sentence.periods = find_periods(text, start, end, date)
        sentence.entities = finder.mentions(text, start, end)
        sentence.measures = lexicon.measures(text, start, end)
        sentence.subjects = lexicon.subjects(text, start, end)
        sentence.title = title is not None and title[0] <= start < title[1]
        sentences.append(sentence)
    body = "\n".join(text[s.start:s.end] for s in sentences if not s.title)
    counts: dict[str, int] = {}
    for s in sentences:
        for e in s.entities:
            if e.key in countries:
                counts[e.key] = counts.get(e.key, 0) + 1
    home_country = max(counts, key=lambda k: counts[k]) if counts else None
    return Article(text, date, date_guessed, sentences, finder, lexicon, finder.main_entity(body), home_country)
