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

import pandas as pd

from claimcheck.gcpause import gc_paused
from claimcheck.loader import Registry, problem
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


def find_figure(seed: SeedText, start: int, end: int, figure: str) -> tuple[int, int] | None:
    """Find a figure inside a span of the seed, whole-token and whitespace-insensitive.

    >>> s = SeedText("s", "production grew 13 percent to over 3 million")
    >>> find_figure(s, 0, len(s.text), "3 million")
    (35, 44)
    """
    pattern = _figure_pattern(figure)
    if pattern is None:
        return None
    match = pattern.search(seed.text, start, end)
    return (match.start(), match.end()) if match else None


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


def _locate(seed: SeedText, quote: str, figure: str, where_quote, where_figure, claim_id: str | None,
            out: list[Finding], lines: _Lines | None = None) -> Trace | None:
    ids = (claim_id,) if claim_id else ()
    span = seed.find(quote)
    if span is None:
        hint = seed.typographic_hint(quote)
        nearest = seed.nearest_sentence(quote)
        message = f"quote not found in {seed.path}"
        message += f": {hint}" if hint else f"; nearest sentence: {nearest!r}"
        out.append(problem("CC030", where_quote, message, ids))
        return None
    fig = find_figure(seed, *span, figure)
    if fig is None:
        out.append(problem("CC031", where_figure, f"figure {figure!r} does not occur in the quote "
                           f"{' '.join(quote.split())!r}: copy it exactly as printed", ids))
        return None
    line, col = lines.position(span[0]) if lines is not None else seed.position(span[0])
    return Trace(span[0], span[1], fig[0], fig[1], line, col)


@gc_paused
def trace(registry: Registry) -> tuple[pd.DataFrame, list[Finding]]:
    """Trace every claim and ignore entry; return a provenance table and the problems.

    The table has one row per claim (``kind`` = the claim's kind) or ignore entry (``kind`` =
    ``ignore``) whose quote and figure were found.
    """
    out: list[Finding] = []
    names = ["id", "kind", "seed", "quote_start", "quote_end", "figure_start", "figure_end", "line", "col"]
    cols: dict[str, list[object]] = {name: [] for name in names}
    reasons: list[object] = []
    lines: dict[str, _Lines] = {}

    def add(ident: str, kind: str, seed_name: str, found: Trace, reason: object) -> None:
        for name, value in zip(names, (ident, kind, seed_name, found.quote_start, found.quote_end,
                                       found.figure_start, found.figure_end, found.line, found.col)):
            cols[name].append(value)
        reasons.append(reason)

    for claim in registry.claims:
        seed = registry.seeds.get(claim.seed)
        if seed is None or not claim.quote or not claim.figure:
            continue
        index = lines.get(claim.seed) or lines.setdefault(claim.seed, _Lines(seed.text))
        found = _locate(seed, claim.quote, claim.figure, claim.where("quote"), claim.where("figure"), claim.id, out,
                        index)
        if found is None:
            continue
        if claim.hedge and not _has_word(seed.text[found.quote_start:found.quote_end], claim.hedge):
            out.append(problem("CC032", claim.where("hedge"), f"hedge {claim.hedge!r} does not occur in the quote: "
                               "quote the words that carry it, or remove the hedge", (claim.id,)))
        add(claim.id, claim.kind, claim.seed, found, _NO_REASON)
    for i, entry in enumerate(registry.ignores):
        seed = registry.seeds.get(entry.seed)
        if seed is None:
            continue
        index = lines.get(entry.seed) or lines.setdefault(entry.seed, _Lines(seed.text))
        found = _locate(seed, entry.quote, entry.figure, entry.location, entry.location, None, out, index)
        if found is not None:
            add(f"ignore:{entry.file}:{i}", "ignore", entry.seed, found, entry.reason)
    if not cols["id"]:
        return pd.DataFrame(columns=names), out
    table = pd.DataFrame(cols)
    if any(r is not _NO_REASON for r in reasons):
        # as a frame of row dicts: claims have no 'reason' (NaN), ignore entries have theirs
        at = 3 if reasons[0] is not _NO_REASON else len(table.columns)
        table.insert(at, "reason", [math.nan if r is _NO_REASON else r for r in reasons])
    return table, out


_NO_REASON = object()
