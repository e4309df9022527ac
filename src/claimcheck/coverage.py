"""Coverage: every number in every seed is a claim's figure, a year inside a claim's quote, or ignored."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from claimcheck.gcpause import gc_paused
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


def _covered(starts: np.ndarray, ends: np.ndarray, tok_start: np.ndarray, tok_end: np.ndarray) -> np.ndarray:
    """Mask of the tokens that lie inside at least one span (``start <= token.start and token.end <= end``)."""
    if len(starts) == 0 or len(tok_start) == 0:
        return np.zeros(len(tok_start), dtype=bool)
    order = np.argsort(starts, kind="stable")
    s_sorted = starts[order]
    reach = np.maximum.accumulate(ends[order])
    last = np.searchsorted(s_sorted, tok_start, side="right") - 1
    return (last >= 0) & (reach[np.maximum(last, 0)] >= tok_end)


@gc_paused
def check_coverage(registry: Registry, provenance: pd.DataFrame) -> tuple[list[SeedCoverage], list[Finding]]:
    """Find the numbers no claim or ignore entry accounts for, and ignore entries that cover nothing.

    Span tests are vectorised per seed (sorted span starts, running maximum of their ends, and a
    binary search per number), so a seed with thousands of claims costs no more than a sort.
    """
    out: list[Finding] = []
    summary = []
    by_seed = {name: rows for name, rows in provenance.groupby("seed", sort=False)} if len(provenance) else {}
    empty = provenance.iloc[0:0]
    for name, seed in sorted(registry.seeds.items()):
        rows = by_seed.get(name, empty)
        is_ignore = (rows["kind"] == "ignore").to_numpy()
        fig_s = rows["figure_start"].to_numpy(dtype=np.int64)
        fig_e = rows["figure_end"].to_numpy(dtype=np.int64)
        quo_s = rows["quote_start"].to_numpy(dtype=np.int64)
        quo_e = rows["quote_end"].to_numpy(dtype=np.int64)
        tokens = seed.numbers()
        t_start = np.array([t.start for t in tokens], dtype=np.int64)
        t_end = np.array([t.end for t in tokens], dtype=np.int64)
        by_claim = _covered(fig_s[~is_ignore], fig_e[~is_ignore], t_start, t_end)
        ignore_ids = rows["id"].to_numpy()[is_ignore]
        ig_s, ig_e = fig_s[is_ignore], fig_e[is_ignore]
        by_ignore = _covered(ig_s, ig_e, t_start, t_end) & ~by_claim
        used: set[str] = set()
        if by_ignore.any():
            hit_s, hit_e = t_start[by_ignore], t_end[by_ignore]
            for s, e, ident in zip(ig_s, ig_e, ignore_ids):
                if ((s <= hit_s) & (hit_e <= e)).any():
                    used.add(ident)
        years = np.array([t.is_year for t in tokens], dtype=bool)
        rest = ~by_claim & ~by_ignore
        by_year = rest & years & _covered(quo_s[~is_ignore], quo_e[~is_ignore], t_start, t_end)
        uncovered = rest & ~by_year
        for i in np.flatnonzero(uncovered):
            token = tokens[i]
            context = " ".join(seed.text[max(0, token.start - 40):token.end + 40].split())
            out.append(problem("CC040", seed.location(token.start),
                               f"number {token.text!r} is not covered: make it a claim's figure or add an ignore "
                               f"entry with a reason (context: '…{context}…')"))
        for ident in ignore_ids:
            if ident not in used:
                index = int(str(ident).rsplit(":", 1)[1])
                ignore = registry.ignores[index]
                out.append(problem("CC041", ignore.location, f"ignore entry {ignore.figure!r} covers no number: "
                                   "delete it, or widen its figure to the number it is meant to cover"))
        summary.append(SeedCoverage(name, len(tokens), int(by_claim.sum() + by_year.sum()), int(by_ignore.sum()),
                                    int(uncovered.sum())))
    return summary, out
