"""Assemble a draft claims file: claims with verified quotes, ignore proposals, ids, full coverage.

The draft is checked against the same rules ``claimcheck validate`` applies before it is
written: every quote is found in the seed where the figure is (the first occurrence of the quote,
and the first occurrence of the figure inside it, are the intended ones), every number the
coverage scan finds is a claim's figure, a year inside a claim's quote, or an ignore proposal.
A number the rules did not understand still gets a claim, marked for review, never silence.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from claimcheck.extract.book import Book, book_from_yaml
from claimcheck.extract.classify import Classifier, Guess
from claimcheck.extract.context import read_article
from claimcheck.extract.meta import SourceMeta, guess_meta
from claimcheck.extract.periods import ArticleDate
from claimcheck.extract.scanner import (
    Aside,
    Mention,
    scan_asides,
    scan_figures,
    sentences,
)
from claimcheck.figures import FigureError, parse_figure
from claimcheck.hedges import is_hedge, stated_interval
from claimcheck.model import ID_RE
from claimcheck.provenance import find_figure
from claimcheck.seedtext import SeedText

_SUFFIX = {"change": "growth", "point_change": "point-change", "fold": "fold", "bound": "bound",
           "forecast": "forecast", "target": "target", "first_time": "first", "rank": "rank"}


@dataclass
class DraftClaim:
    """A claim as the draft writes it, with where its figure is in the seed."""

    id: str
    quote: str
    figure: str
    unit: str
    kind: str
    quantity: str
    hedge: str | None = None
    derivation: str | None = None
    exact: bool = False
    among: str | None = None
    note: str | None = None
    reasons: list[str] = field(default_factory=list)
    figure_span: tuple[int, int] = (0, 0)
    quote_span: tuple[int, int] = (0, 0)

    @property
    def has_number(self) -> bool:
        """False for a rank word or "majority": a figure with no number the coverage scan counts."""
        return self.kind != "rank" and self.figure.lower() not in ("majority",)

    def as_dict(self) -> dict[str, object]:
        """The claim's fields in the order the registry writes them."""
        out: dict[str, object] = {"id": self.id, "quote": self.quote, "figure": self.figure, "unit": self.unit,
                                  "kind": self.kind}
        if self.hedge:
            out["hedge"] = self.hedge
        out["quantity"] = self.quantity
        if self.derivation:
            out["derivation"] = self.derivation
        if self.exact:
            out["exact"] = True
        if self.among:
            out["among"] = self.among
        if self.note:
            out["note"] = self.note
        if self.reasons:
            out["review"] = True
            out["review_reason"] = "; ".join(dict.fromkeys(self.reasons))
        return out


@dataclass
class DraftIgnore:
    """An ignore entry the draft proposes."""

    figure: str
    quote: str
    reason: str
    figure_span: tuple[int, int] = (0, 0)

    def as_dict(self) -> dict[str, object]:
        """The entry's fields in registry order."""
        return {"figure": self.figure, "quote": self.quote, "reason": self.reason}


@dataclass
class Draft:
    """A drafted claims file and the quantities it proposes."""

    source: SourceMeta
    claims: list[DraftClaim]
    ignores: list[DraftIgnore]
    book: Book
    warnings: list[str] = field(default_factory=list)

    def source_dict(self) -> dict[str, object]:
        """The ``source:`` mapping."""
        out: dict[str, object] = {"seed": self.source.seed, "publisher": self.source.publisher,
                                  "date": self.source.date}
        if self.source.title:
            out["title"] = self.source.title
        out["url"] = self.source.url
        out["note"] = self.source.note()
        return out


def _cut_prefix(spans: list[tuple[int, int]], asides: list[Aside], text: str) -> list[tuple[int, int]]:
    """Start sentences after a dateline ("BEIJING, Jan. 14 (Xinhua) --") or a date header."""
    out = []
    for start, end in spans:
        for aside in asides:
            if aside.reason in ("dateline",) or aside.reason.startswith("publication-date header"):
                q0, q1 = aside.quote or (aside.start, aside.end)
                if start <= q0 < end or q0 <= start < q1:
                    tail = re.match(r"\s*(?:--|—|–|-)?\s*", text[q1:end])
                    start = q1 + (tail.end() if tail else 0)
        if start < end:
            out.append((start, end))
    return out


def _locate(seed: SeedText, quote_span: tuple[int, int], figure: str, figure_span: tuple[int, int]) -> bool:
    """Tell whether validate would find this quote where it is and this figure where it is."""
    quote = seed.text[quote_span[0]:quote_span[1]]
    found = seed.find(quote)
    if found is None or found[0] != quote_span[0]:
        return False
    return find_figure(seed, found[0], found[1], figure) == figure_span


def fit_quote(seed: SeedText, sentence: tuple[int, int], figure: str, figure_span: tuple[int, int],
              left: int | None = None) -> tuple[int, int] | None:
    """Choose a quote around a figure that validate traces back to exactly that figure.

    Tries the sentence, then the sentence from the clause holding the figure, then from the
    figure's own phrase; widens to the sentence before when a short quote repeats elsewhere.

    :param left: where the figure's phrase starts (its hedge), so the hedge stays in the quote.
    """
    text = seed.text
    start, end = sentence
    left = figure_span[0] if left is None else left
    cuts = [start] + [m.end() for m in re.finditer(r",\s|;\s|:\s|\(\s*|\s--\s", text[start:left])]
    candidates = [(start, end)] + [(start + c, end) for c in cuts[1:][::-1]] + [(left, end)]
    for qs, qe in candidates:
        if qs <= left and _locate(seed, (qs, qe), figure, figure_span):
            return qs, qe
    wider = max(0, text.rfind("\n", 0, start - 1) + 1) if start > 0 else 0
    if wider < start and _locate(seed, (wider, end), figure, figure_span):
        return wider, end
    return None


def _clean(text: str) -> str:
    return text.strip()


class Drafter:
    """Turn an article into a :class:`Draft`.

    :param text: the article, decoded.
    :param seed_name: the file name it has (or will have) in ``seeds/``.
    :param quantities: the parsed ``claims/quantities.yaml`` (None when there is none).
    :param taken_ids: claim ids already used anywhere in the registry.
    :param scan: the figure scanner (text, masked spans) -> mentions; :func:`scan_figures` unless a
        benchmark swaps in another extractor.
    """

    def __init__(self, text: str, seed_name: str, *, quantities: dict[str, object] | None = None,
                 taken_ids: set[str] | None = None, date: str | None = None, publisher: str | None = None,
                 url: str | None = None,
                 scan: Callable[[str, list[tuple[int, int]]], list[Mention]] | None = None) -> None:
        self.text = text
        self.seed = SeedText(seed_name, text)
        self.meta = guess_meta(text, seed_name, date=date, publisher=publisher, url=url)
        self.book = book_from_yaml(quantities)
        self.taken = set(taken_ids or ())
        self.warnings: list[str] = []
        self.scan = scan or scan_figures

    def run(self) -> Draft:
        """Draft the claims file."""
        text = self.text
        date = ArticleDate.parse(self.meta.date)
        if date is None:
            date = ArticleDate(datetime.date.today().year)
            self.warnings.append("no date given or found in the text: pass --date YYYY-MM-DD (periods such as "
                                 f"'last year' and present-tense figures use this year, {date.year})")
        asides = scan_asides(text)
        mentions = self.scan(text, [(a.start, a.end) for a in asides])
        spans = _cut_prefix(sentences(text), asides, text)
        article = read_article(text, date, self.meta.date_guessed or self.meta.date is None,
                               {k: v[0] for k, v in self.book.entities.items()}, spans, mentions,
                               self.meta.title_span, self.book.countries())
        guesses = Classifier(article, self.book, self.meta.seed).run()
        claims, ignores = self._entries(guesses, article.sentences)
        ignores += self._cover(claims, ignores, asides, spans)
        self._distinct(claims)
        self._proposals(claims)
        self._ids(claims)
        order = {id(c): i for i, c in enumerate(claims)}
        claims.sort(key=lambda c: (c.figure_span[0], order[id(c)]))
        ignores.sort(key=lambda i: i.figure_span[0])
        return Draft(self.meta, claims, ignores, self.book, self.warnings)

    def _entries(self, guesses: list[Guess], sents: list) -> tuple[list[DraftClaim], list[DraftIgnore]]:
        claims: list[DraftClaim] = []
        ignores: list[DraftIgnore] = []
        tokens = self.seed.numbers()
        for g in guesses:
            m = g.mention
            sentence = (g.sentence.start, g.sentence.end)
            if g.consumed:
                if not any(m.start <= t.start and t.end <= m.end for t in tokens):
                    continue  # nothing the coverage check counts: no ignore entry needed (CC041 otherwise)
                quote = fit_quote(self.seed, sentence, m.text, (m.start, m.end))
                if quote:
                    ignores.append(DraftIgnore(m.text, _clean(self.text[quote[0]:quote[1]]), g.ignore_reason or "",
                                               (m.start, m.end)))
                continue
            quote = fit_quote(self.seed, sentence, m.text, (m.start, m.end), m.left)
            reasons = list(g.reasons)
            hedge = g.hedge
            if quote is not None and hedge and not re.search(
                    r"(?<!\w)" + r"\s+".join(map(re.escape, hedge.split())) + r"(?!\w)",
                    self.text[quote[0]:quote[1]], re.IGNORECASE):
                reasons.append(f"hedge {hedge!r} of the figure before it left out: it is not in this claim's quote")
                hedge = None  # a range's second end takes the first end's hedge; its own quote may not hold it
            if quote is None:
                line = self.seed.position(m.start)[0]
                self.warnings.append(f"{self.seed.path}:{line}: no quote singles out {m.text!r} here (the same text "
                                     "comes earlier): write its claim by hand")
                continue
            claims.append(DraftClaim("", _clean(self.text[quote[0]:quote[1]]), m.text, g.unit, g.kind, g.key,
                                     hedge, g.derivation, g.exact, g.among, g.note, reasons, (m.start, m.end),
                                     quote))
        return claims, ignores

    def _cover(self, claims: list[DraftClaim], ignores: list[DraftIgnore], asides: list[Aside],
               spans: list[tuple[int, int]]) -> list[DraftIgnore]:
        """Propose ignores (or review claims) until every number the coverage scan finds is covered."""
        figure_spans = [c.figure_span for c in claims] + [i.figure_span for i in ignores]
        quote_spans = [c.quote_span for c in claims]
        out: list[DraftIgnore] = []
        for token in self.seed.numbers():
            if any(s <= token.start and token.end <= e for s, e in figure_spans):
                continue
            aside = next((a for a in asides if a.start <= token.start and token.end <= a.end), None)
            if aside is not None:
                entry = self._ignore(aside.figure, (aside.start, aside.end), aside.quote, aside.reason, spans)
                if entry is not None:
                    out.append(entry)
                    figure_spans.append(entry.figure_span)
                    continue
            if token.is_year and any(s <= token.start and token.end <= e for s, e in quote_spans):
                continue
            if token.is_year:
                entry = self._ignore(token.text, (token.start, token.end), None,
                                     "year in a sentence with no figure claimcheck can check", spans)
                if entry is not None:
                    out.append(entry)
                    figure_spans.append(entry.figure_span)
                    continue
            claim = self._fallback(token.text, (token.start, token.end), spans)
            if claim is not None:
                claims.append(claim)
                figure_spans.append(claim.figure_span)
                quote_spans.append(claim.quote_span)
                continue
            entry = self._ignore(token.text, (token.start, token.end), None,
                                 "not understood by claimcheck extract: review, and make it a claim if it is one",
                                 spans)
            if entry is not None:
                out.append(entry)
                figure_spans.append(entry.figure_span)
            else:
                self.warnings.append(f"{self.seed.path}:{self.seed.position(token.start)[0]}: number "
                                     f"{token.text!r} could not be covered: add a claim or ignore entry by hand")
        return out

    def _sentence(self, at: int, spans: list[tuple[int, int]]) -> tuple[int, int]:
        found = next(((s, e) for s, e in spans if s <= at < e), None)
        if found:
            return found
        line_start = self.text.rfind("\n", 0, at) + 1
        line_end = self.text.find("\n", at)
        return line_start, line_end if line_end >= 0 else len(self.text)

    def _ignore(self, figure: str, span: tuple[int, int], quote: tuple[int, int] | None, reason: str,
                spans: list[tuple[int, int]]) -> DraftIgnore | None:
        sentence = quote or self._sentence(span[0], spans)
        fitted = fit_quote(self.seed, sentence, figure, span)
        if fitted is None and quote is not None:
            fitted = fit_quote(self.seed, self._sentence(span[0], spans), figure, span)
        if fitted is None:
            return None
        return DraftIgnore(figure, _clean(self.text[fitted[0]:fitted[1]]), reason, span)

    def _fallback(self, token: str, span: tuple[int, int], spans: list[tuple[int, int]]) -> DraftClaim | None:
        """A claim for a number the rules did not read: unit count, kind value, marked for review."""
        try:
            parse_figure(token)
        except FigureError:
            return None
        sentence = self._sentence(span[0], spans)
        quote = fit_quote(self.seed, sentence, token, span)
        if quote is None:
            return None
        entity = "unknown_entity"
        self.book.entity(entity, "unknown entity")
        metric = self.book.metric("unread_count", "count", "a number claimcheck extract did not understand "
                                  f"(proposed from {self.meta.seed}: rename)")
        year = (self.meta.date or "2000")[:4]
        why = "number not understood by the extraction rules: check kind, unit and quantity"
        return DraftClaim("", _clean(self.text[quote[0]:quote[1]]), token, "count", "value",
                          f"{entity}/{metric}/{year}", reasons=[why], figure_span=span, quote_span=quote)

    def _distinct(self, claims: list[DraftClaim]) -> None:
        """Give a figure that cannot be the same quantity as an earlier one a quantity of its own (for review).

        Two values or bounds for one key must allow a common value (their stated intervals meet):
        "exceeded 31 million" and "31.28 million" may be one quantity; "more than 600" and "21" not.
        """
        seen: dict[str, DraftClaim] = {}
        for claim in claims:
            if claim.kind not in ("value", "bound") or claim.derivation:
                continue
            first = seen.setdefault(claim.quantity, claim)
            if first is claim or _compatible(first, claim):
                continue
            entity, metric, period, *basis = claim.quantity.split("/")
            unit = self.book.unit_of(metric) or claim.unit
            n = 2
            while self.book.unit_of(f"{metric}_{n}") not in (None,) and f"{entity}/{metric}_{n}/{period}" in seen:
                n += 1
            name = self.book.metric(f"{metric}_{n}", unit, f"like {metric}, for a second thing the article "
                                    f"states {claim.figure!r} for (proposed from {self.meta.seed}: rename)")
            claim.quantity = "/".join([entity, name, period, *basis])
            seen[claim.quantity] = claim
            claim.reasons.append(f"a second value ({claim.figure!r}) for the quantity of {first.figure!r}: "
                                 f"given {name!r}; rename it for what it counts")

    def _proposals(self, claims: list[DraftClaim]) -> None:
        """Keep only the proposals the final claims use, and say so in each claim that uses one."""
        used_metrics: set[str] = set()
        used_entities: set[str] = set()
        for claim in claims:
            for entity, metric in re.findall(r"([a-z][a-z0-9_]*)/([a-z][a-z0-9_]*)/", 
                                             f"{claim.quantity}/ {claim.derivation or ''}"):
                used_entities.add(entity)
                used_metrics.add(metric)
                if self.book.is_new_metric(metric):
                    claim.reasons.append(f"new metric {metric!r} proposed for quantities.yaml")
                if self.book.is_new_entity(entity):
                    claim.reasons.append(f"new entity {entity!r} proposed for quantities.yaml")
            if claim.among:
                used_entities.add(claim.among)
        self.book.new_metrics = {k: v for k, v in self.book.new_metrics.items() if k in used_metrics}
        self.book.new_entities = {k: v for k, v in self.book.new_entities.items() if k in used_entities}
        for key, value in list(self.book.new_entities.items()):
            parent = value.get("parent")
            if parent and parent not in self.book.entities and parent not in self.book.new_entities:
                del value["parent"]

    def _ids(self, claims: list[DraftClaim]) -> None:
        stem = self.meta.seed.rsplit(".", 1)[0]
        number = re.match(r"(\d+)_", stem)
        prefix = number.group(1) if number else re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-") or "draft"
        home = None
        for claim in claims:
            entity, metric, period, *basis = claim.quantity.split("/")
            home = home or entity
            parts = [prefix] + ([entity] if entity not in ("china",) and entity != _home(claims) else [])
            parts += [metric] + ([_SUFFIX[claim.kind]] if claim.kind in _SUFFIX else [])
            if claim.kind == "conversion":
                parts.append(claim.unit.lower())
            parts += [period] + basis
            base = "-".join(p.replace("_", "-") for p in parts).lower()
            base = re.sub(r"[^a-z0-9._-]+", "-", base)
            if not ID_RE.match(base):
                base = "c-" + base
            candidate, n = base, 2
            while candidate in self.taken:
                candidate, n = f"{base}-{n}", n + 1
            self.taken.add(candidate)
            claim.id = candidate


def _compatible(a: DraftClaim, b: DraftClaim) -> bool:
    """Tell whether two stated figures can be the same quantity (their stated intervals meet)."""
    try:
        one = stated_interval(parse_figure(a.figure), a.hedge if is_hedge(a.hedge or "") else None, exact=a.exact)
        two = stated_interval(parse_figure(b.figure), b.hedge if is_hedge(b.hedge or "") else None, exact=b.exact)
    except (FigureError, ValueError):
        return False
    return one.lo <= two.hi and two.lo <= one.hi


def _home(claims: list[DraftClaim]) -> str:
    counts: dict[str, int] = {}
    for claim in claims:
        entity = claim.quantity.split("/")[0]
        counts[entity] = counts.get(entity, 0) + 1
    return max(counts, key=lambda k: counts[k]) if counts else ""


def draft(text: str, seed_name: str, **kwargs: object) -> Draft:
    """Draft the claims file of an article (see :class:`Drafter` for the keywords)."""
    return Drafter(text, seed_name, **kwargs).run()  # type: ignore[arg-type]


def mentions_of(text: str) -> list[Mention]:
    """Every figure the scanner finds in a text, outside the asides (for benchmarks and tests)."""
    return scan_figures(text, [(a.start, a.end) for a in scan_asides(text)])
