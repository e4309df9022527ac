"""Coverage: every number in every seed is a claim's figure, a year inside a claim's quote, or ignored."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from claimcheck.gcpause import gc_paused
from claimcheck.loader import Registry, problem
from claimcheck.results import Finding
from claimcheck.seedtext import SeedText


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


@dataclass(frozen=True)
class _Numbers:
    """The numbers of every seed laid end to end: a seed's offsets are shifted by the lengths of the seeds before it."""

    base: np.ndarray  # where each seed starts
    seed: np.ndarray  # each number's seed
    start: np.ndarray
    end: np.ndarray
    year: np.ndarray

    @classmethod
    def of(cls, seeds: list[SeedText]) -> _Numbers:
        """Scan every seed for its numbers (:meth:`SeedText.number_spans`)."""
        spans = [seed.number_spans() for seed in seeds]
        base = np.cumsum([0] + [len(seed.text) for seed in seeds])
        owner = np.repeat(np.arange(len(seeds)), [len(starts) for starts, _, _ in spans])
        starts, ends, years = (np.concatenate([np.zeros(0, dtype)] + [span[at] for span in spans])
                               for at, dtype in ((0, np.int64), (1, np.int64), (2, bool)))
        return cls(base, owner, starts + base[owner], ends + base[owner], years)

    def text(self, seeds: list[SeedText], i: int) -> tuple[SeedText, int, int]:
        """The seed of number ``i`` and its span there."""
        k = int(self.seed[i])
        return seeds[k], int(self.start[i] - self.base[k]), int(self.end[i] - self.base[k])

    def per_seed(self, mask: np.ndarray) -> list[int]:
        """How many numbers of each seed the mask holds."""
        return np.bincount(self.seed, weights=mask, minlength=len(self.base) - 1).astype(int).tolist()


@gc_paused
def check_coverage(registry: Registry, provenance: pd.DataFrame) -> tuple[list[SeedCoverage], list[Finding]]:
    """Find the numbers no claim or ignore entry accounts for, and ignore entries that cover nothing.

    The span tests run once over all seeds laid end to end (:class:`_Numbers`): sorted span
    starts, a running maximum of their ends, and a binary search per number.
    """
    names = sorted(registry.seeds)
    seeds = [registry.seeds[name] for name in names]
    numbers = _Numbers.of(seeds)
    at = _seed_of_rows(provenance, names)
    kept = at >= 0
    at = at[kept]
    ids, kinds = (provenance[name].to_numpy()[kept] for name in ("id", "kind"))
    fig_s, fig_e, quo_s, quo_e = (provenance[name].to_numpy(dtype=np.int64)[kept] + numbers.base[at]
                                  for name in ("figure_start", "figure_end", "quote_start", "quote_end"))
    claim, ignore = kinds != "ignore", kinds == "ignore"
    by_claim = _covered(fig_s[claim], fig_e[claim], numbers.start, numbers.end)
    by_ignore = _covered(fig_s[ignore], fig_e[ignore], numbers.start, numbers.end) & ~by_claim
    by_year = ~by_claim & ~by_ignore & numbers.year & _covered(quo_s[claim], quo_e[claim], numbers.start, numbers.end)
    uncovered = ~by_claim & ~by_ignore & ~by_year
    found = [(int(numbers.seed[i]), 0, _uncovered(*numbers.text(seeds, i))) for i in np.flatnonzero(uncovered).tolist()]
    unused = ~_hit(fig_s[ignore], fig_e[ignore], numbers.start[by_ignore], numbers.end[by_ignore])
    for seed_at, ident in zip(at[ignore][unused].tolist(), ids[ignore][unused].tolist()):
        entry = registry.ignores[int(str(ident).rsplit(":", 1)[1])]
        found.append((seed_at, 1, problem("CC041", entry.location, f"ignore entry {entry.figure!r} covers no number: "
                                          "delete it, or widen its figure to the number it is meant to cover")))
    found.sort(key=lambda item: item[:2])  # per seed: its numbers, then its ignore entries, each in order
    counts = [numbers.per_seed(mask) for mask in (np.ones_like(uncovered), by_claim | by_year, by_ignore, uncovered)]
    return [SeedCoverage(name, *(c[k] for c in counts)) for k, name in enumerate(names)], [f for _, _, f in found]


def _seed_of_rows(provenance: pd.DataFrame, names: list[str]) -> np.ndarray:
    """Each provenance row's seed, as its place in ``names`` (-1 for a seed not named)."""
    if not len(provenance):
        return np.zeros(0, dtype=np.int64)
    codes, seeds = pd.factorize(provenance["seed"])
    place = {name: k for k, name in enumerate(names)}
    return np.array([place.get(seed, -1) for seed in seeds], dtype=np.int64)[codes]


def _hit(starts: np.ndarray, ends: np.ndarray, tok_start: np.ndarray, tok_end: np.ndarray) -> np.ndarray:
    """Mask of the spans that hold at least one of the tokens (tokens sorted by start)."""
    first = np.searchsorted(tok_start, starts, side="left")
    last = np.searchsorted(tok_start, ends, side="right")
    return np.array([i < j and bool((tok_end[i:j] <= e).any())
                     for i, j, e in zip(first.tolist(), last.tolist(), ends.tolist())], dtype=bool)


def _uncovered(seed: SeedText, start: int, end: int) -> Finding:
    """The CC040 finding of a number no claim or ignore entry accounts for."""
    context = " ".join(seed.text[max(0, start - 40):end + 40].split())
    return problem("CC040", seed.location(start), f"number {seed.text[start:end]!r} is not covered: make it a claim's "
                   f"figure or add an ignore entry with a reason (context: '…{context}…')")
