"""Coverage: every number in every seed is a claim's figure, a year inside a claim's quote, or ignored."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from claimcheck.loader import Registry, problem
from claimcheck.results import Finding


@dataclass(frozen=True)
class SeedCoverage:
    """How many numbers a seed has and how many are accounted for."""

    seed: str
    numbers: int
    by_claims: int
    by_ignores: int
    uncovered: int


def check_coverage(registry: Registry, provenance: pd.DataFrame) -> tuple[list[SeedCoverage], list[Finding]]:
    """Find the numbers no claim or ignore entry accounts for, and ignore entries that cover nothing."""
    out: list[Finding] = []
    summary = []
    for name, seed in sorted(registry.seeds.items()):
        rows = provenance[provenance["seed"] == name]
        claims = rows[rows["kind"] != "ignore"]
        ignores = rows[rows["kind"] == "ignore"]
        figure_spans = list(zip(claims["figure_start"], claims["figure_end"]))
        quote_spans = list(zip(claims["quote_start"], claims["quote_end"]))
        ignore_spans = list(zip(ignores["figure_start"], ignores["figure_end"], ignores["id"]))
        used: set[str] = set()
        counts = {"claims": 0, "ignores": 0, "uncovered": 0}
        tokens = seed.numbers()
        for token in tokens:
            if any(s <= token.start and token.end <= e for s, e in figure_spans):
                counts["claims"] += 1
                continue
            hits = [i for s, e, i in ignore_spans if s <= token.start and token.end <= e]
            if hits:
                used.update(hits)
                counts["ignores"] += 1
                continue
            if token.is_year and any(s <= token.start and token.end <= e for s, e in quote_spans):
                counts["claims"] += 1
                continue
            counts["uncovered"] += 1
            context = " ".join(seed.text[max(0, token.start - 40):token.end + 40].split())
            out.append(problem("CC040", seed.location(token.start),
                               f"number {token.text!r} is not covered: make it a claim's figure or add an ignore "
                               f"entry with a reason (context: '…{context}…')"))
        for _, entry in ignores.iterrows():
            if entry["id"] not in used:
                index = int(str(entry["id"]).rsplit(":", 1)[1])
                ignore = registry.ignores[index]
                out.append(problem("CC041", ignore.location, f"ignore entry {ignore.figure!r} covers no number: "
                                   "delete it, or widen its figure to the number it is meant to cover"))
        summary.append(SeedCoverage(name, len(tokens), counts["claims"], counts["ignores"], counts["uncovered"]))
    return summary, out
