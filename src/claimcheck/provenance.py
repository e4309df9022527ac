"""Trace every claim and ignore entry to its seed: the quote, the figure inside it, the hedge.

The result keeps character offsets into the seed, so a report can highlight the figure inside
its sentence; every miss is a finding at the claim's own line, with the nearest sentence.
"""

from __future__ import annotations

import bisect
import functools
import math
import re
from dataclasses import dataclass
from operator import attrgetter

import numpy as np
import pandas as pd

from claimcheck.frame import text_column
from claimcheck.gcpause import gc_paused
from claimcheck.loader import Registry, problem
from claimcheck.location import Location
from claimcheck.results import Finding
from claimcheck.seedtext import SeedText


@dataclass(frozen=True)
class Trace:
    """Where a claim's quote and figure sit in its seed (character offsets, end exclusive)."""

    quote_start: int
    quote_end: int
    figure_start: int
    figure_end: int
    line: int
    col: int


@functools.lru_cache(maxsize=1 << 16)
def _figure_pattern(figure: str) -> re.Pattern[str] | None:
    words = [re.escape(w) for w in figure.split()]
    if not words:
        return None
    return re.compile(r"(?<![\w.,])" + r"\s+".join(words) + r"(?![\w])", re.IGNORECASE)


@functools.lru_cache(maxsize=1 << 10)
def _word_pattern(phrase: str) -> re.Pattern[str] | None:
    words = [re.escape(w) for w in phrase.split()]
    return re.compile(r"\b" + r"\s+".join(words) + r"\b", re.IGNORECASE) if words else None


@functools.lru_cache(maxsize=1 << 16)
def _ascii_words(figure: str) -> str | None:
    """The figure's words lower-cased and joined by single spaces, when it is ASCII (else None)."""
    if not figure.isascii():
        return None
    return " ".join(figure.lower().split()) or None


def find_figure(seed: SeedText, start: int, end: int, figure: str) -> tuple[int, int] | None:
    """Find a figure inside a span of the seed, whole-token and whitespace-insensitive.

    What the figure's pattern (its words joined by ``\\s+``, case-insensitive, not inside a
    token) finds first. An ASCII figure in a single-spaced span is looked up as plain text in
    the seed's folded text instead: the same match, without compiling a pattern per figure.

    >>> s = SeedText("s", "production grew 13 percent to over 3 million")
    >>> find_figure(s, 0, len(s.text), "3 million")
    (35, 44)
    """
    return _find_figure(seed, start, end, figure, 0 <= start <= end <= len(seed.text) and seed.single_spaced(start, end))


def _find_figure(seed: SeedText, start: int, end: int, figure: str, single_spaced: bool) -> tuple[int, int] | None:
    """:func:`find_figure`, told whether the span is single-spaced (:meth:`SeedText.single_spaced`)."""
    words = _ascii_words(figure)
    if words is not None and single_spaced:
        return _find_words(seed.folded, words, start, end)
    pattern = _figure_pattern(figure)
    if pattern is None:
        return None
    match = pattern.search(seed.text, start, end)
    return (match.start(), match.end()) if match else None


def _find_words(folded: str, words: str, start: int, end: int) -> tuple[int, int] | None:
    """The first occurrence of ``words`` in ``folded[start:end]`` that is not inside a token (the pattern's lookarounds)."""
    at = folded.find(words, start, end)
    while at >= 0:
        stop = at + len(words)
        before = folded[at - 1] if at else " "
        after = folded[stop] if stop < end else " "
        if not (before.isalnum() or before in "_.,") and not (after.isalnum() or after == "_"):
            return at, stop
        at = folded.find(words, at + 1, end)
    return None


def _has_word(text: str, phrase: str) -> bool:
    pattern = _word_pattern(phrase)
    return pattern is not None and pattern.search(text) is not None


class _Lines:
    """Line starts of one seed, so a position costs a binary search instead of a scan of the text."""

    def __init__(self, text: str) -> None:
        self.newlines = [m.start() for m in re.finditer("\n", text)]

    def position(self, offset: int) -> tuple[int, int]:
        """The 1-based (line, column) of an offset, as :meth:`SeedText.position` gives it."""
        before = bisect.bisect_left(self.newlines, offset)
        start = self.newlines[before - 1] + 1 if before else 0
        return before + 1, offset - start + 1


def _locate(seed: SeedText, quote: str, figure: str, where: Location | None, out: list[Finding],
            lines: _Lines) -> Trace | None:
    """Trace an ignore entry's quote and figure, or add the finding (CC030, CC031) that says which is missing."""
    span = seed.find(quote)
    if span is None:
        out.append(problem("CC030", where, _quote_problem(seed, quote)))
        return None
    fig = find_figure(seed, *span, figure)
    if fig is None:
        out.append(problem("CC031", where, _figure_problem(figure, quote)))
        return None
    return Trace(span[0], span[1], fig[0], fig[1], *lines.position(span[0]))


def _figure_problem(figure: str, quote: str) -> str:
    """The CC031 message of a figure that is not in its quote."""
    return f"figure {figure!r} does not occur in the quote {' '.join(quote.split())!r}: copy it exactly as printed"


def _quote_problem(seed: SeedText, quote: str) -> str:
    """The CC030 message of a quote that is not in its seed."""
    hint = seed.typographic_hint(quote)
    message = f"quote not found in {seed.path}"
    return message + (f": {hint}" if hint else f"; nearest sentence: {seed.nearest_sentence(quote)!r}")


@gc_paused
def trace(registry: Registry) -> tuple[pd.DataFrame, list[Finding]]:
    """Trace every claim and ignore entry; return a provenance table and the problems.

    The table has one row per claim (``kind`` = the claim's kind) or ignore entry (``kind`` =
    ``ignore``) whose quote and figure were found. A quote repeated by several claims of an
    article is looked up (and its line counted) once.
    """
    claims = registry.claims
    out: list[Finding] = []
    found: list[tuple[int, int, int, int, int, int, int]] = []  # claim index, quote and figure spans, line, col
    quotes: dict[tuple[str, str], tuple[int, int, int, int, bool] | str] = {}  # see _find_quote
    hedged: dict[tuple[str, int, int, str], bool] = {}
    lines: dict[str, _Lines] = {}
    for i, claim in enumerate(claims):
        seed = registry.seeds.get(claim.seed)
        if seed is None or not claim.quote or not claim.figure:
            continue
        where = quotes.get((claim.seed, claim.quote))
        if where is None:
            where = quotes[claim.seed, claim.quote] = _find_quote(seed, claim.quote, claim.seed, lines)
        if isinstance(where, str):
            out.append(problem("CC030", claim.where("quote"), where, (claim.id,) if claim.id else ()))
            continue
        start, end, line, col, single_spaced = where
        fig = _find_figure(seed, start, end, claim.figure, single_spaced)
        if fig is None:
            out.append(problem("CC031", claim.where("figure"), _figure_problem(claim.figure, claim.quote),
                               (claim.id,) if claim.id else ()))
            continue
        if claim.hedge:
            key = (claim.seed, start, end, claim.hedge)
            if key not in hedged:
                hedged[key] = _has_word(seed.text[start:end], claim.hedge)
            if not hedged[key]:
                out.append(problem("CC032", claim.where("hedge"), f"hedge {claim.hedge!r} does not occur in the quote: "
                                   "quote the words that carry it, or remove the hedge", (claim.id,)))
        found.append((i, start, end, fig[0], fig[1], line, col))
    ignored = _trace_ignores(registry, lines, out)
    return _table(claims, found, ignored), out


def _find_quote(seed: SeedText, quote: str, name: str,
                lines: dict[str, _Lines]) -> tuple[int, int, int, int, bool] | str:
    """A quote's span, the line and column it starts at and whether it is single-spaced; or the CC030 message."""
    span = seed.find(quote)
    if span is None:
        return _quote_problem(seed, quote)
    index = lines.get(name) or lines.setdefault(name, _Lines(seed.text))
    return (*span, *index.position(span[0]), seed.single_spaced(*span))


def _trace_ignores(registry: Registry, lines: dict[str, _Lines], out: list[Finding]) -> list[tuple[object, ...]]:
    """Trace the ignore entries: a provenance row for each one found."""
    rows: list[tuple[object, ...]] = []
    for i, entry in enumerate(registry.ignores):
        seed = registry.seeds.get(entry.seed)
        if seed is None:
            continue
        index = lines.get(entry.seed) or lines.setdefault(entry.seed, _Lines(seed.text))
        found = _locate(seed, entry.quote, entry.figure, entry.location, out, index)
        if found is not None:
            rows.append((f"ignore:{entry.file}:{i}", "ignore", entry.seed, found.quote_start, found.quote_end,
                         found.figure_start, found.figure_end, found.line, found.col, entry.reason))
    return rows


_NAMES = ["id", "kind", "seed", "quote_start", "quote_end", "figure_start", "figure_end", "line", "col"]


def _table(claims: list, found: list[tuple[int, ...]], ignored: list[tuple[object, ...]]) -> pd.DataFrame:
    """The provenance table: the claims found, then the ignore entries found (with their ``reason``)."""
    if not found and not ignored:
        return pd.DataFrame(columns=_NAMES)
    spans = np.array(found, dtype=np.int64).reshape(-1, 7)
    rows = spans[:, 0]
    cols: dict[str, object] = {}
    for at, name in enumerate(("id", "kind", "seed")):
        taken = np.array(list(map(attrgetter(name), claims)), dtype=object)[rows].tolist() if len(rows) else []
        cols[name] = text_column(taken + [r[at] for r in ignored])
    for at, name in enumerate(_NAMES[3:]):
        cols[name] = np.concatenate([spans[:, at + 1], np.array([r[at + 3] for r in ignored], dtype=np.int64)])
    table = pd.DataFrame(cols)
    if ignored:
        # claims have no 'reason' (NaN), ignore entries have theirs
        table.insert(3 if not found else len(table.columns), "reason", [math.nan] * len(found) + [r[9] for r in ignored])
    return table
