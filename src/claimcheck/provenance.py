"""Trace every claim and ignore entry to its seed: the quote, the figure inside it, the hedge.

The result keeps character offsets into the seed, so a report can highlight the figure inside
its sentence; every miss is a finding at the claim's own line, with the nearest sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

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


def find_figure(seed: SeedText, start: int, end: int, figure: str) -> tuple[int, int] | None:
    """Find a figure inside a span of the seed, whole-token and whitespace-insensitive.

    >>> s = SeedText("s", "production grew 13 percent to over 3 million")
    >>> find_figure(s, 0, len(s.text), "3 million")
    (35, 44)
    """
    words = [re.escape(w) for w in figure.split()]
    if not words:
        return None
    pattern = re.compile(r"(?<![\w.,])" + r"\s+".join(words) + r"(?![\w])", re.IGNORECASE)
    match = pattern.search(seed.text, start, end)
    return (match.start(), match.end()) if match else None


def _has_word(text: str, phrase: str) -> bool:
    words = [re.escape(w) for w in phrase.split()]
    return bool(words) and re.search(r"\b" + r"\s+".join(words) + r"\b", text, re.IGNORECASE) is not None


def _locate(seed: SeedText, quote: str, figure: str, where_quote, where_figure, claim_id: str | None,
            out: list[Finding]) -> Trace | None:
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
    line, col = seed.position(span[0])
    return Trace(span[0], span[1], fig[0], fig[1], line, col)


def trace(registry: Registry) -> tuple[pd.DataFrame, list[Finding]]:
    """Trace every claim and ignore entry; return a provenance table and the problems.

    The table has one row per claim (``kind`` = the claim's kind) or ignore entry (``kind`` =
    ``ignore``) whose quote and figure were found.
    """
    out: list[Finding] = []
    rows = []
    for claim in registry.claims:
        seed = registry.seeds.get(claim.seed)
        if seed is None or not claim.quote or not claim.figure:
            continue
        found = _locate(seed, claim.quote, claim.figure, claim.where("quote"), claim.where("figure"), claim.id, out)
        if found is None:
            continue
        if claim.hedge and not _has_word(seed.text[found.quote_start:found.quote_end], claim.hedge):
            out.append(problem("CC032", claim.where("hedge"), f"hedge {claim.hedge!r} does not occur in the quote: "
                               "quote the words that carry it, or remove the hedge", (claim.id,)))
        rows.append({"id": claim.id, "kind": claim.kind, "seed": claim.seed, **found.__dict__})
    for index, entry in enumerate(registry.ignores):
        seed = registry.seeds.get(entry.seed)
        if seed is None:
            continue
        found = _locate(seed, entry.quote, entry.figure, entry.location, entry.location, None, out)
        if found is not None:
            rows.append({"id": f"ignore:{entry.file}:{index}", "kind": "ignore", "seed": entry.seed,
                         "reason": entry.reason, **found.__dict__})
    columns = ["id", "kind", "seed", "quote_start", "quote_end", "figure_start", "figure_end", "line", "col"]
    table = pd.DataFrame(rows) if rows else pd.DataFrame(columns=columns)
    return table, out
