"""Rank words that claim first place: "first globally", "the highest in China", "tops the charts".

A rank word is a figure only where it ranks something against its peers; "the first half",
"for the first time", "the first of its kind", "top ten regions" and "the biggest challenge"
are not ranks. Each pattern below names the context that makes the word a rank.
"""

from __future__ import annotations

import re

_SCOPE = (r"(?:globally|worldwide|internationally|nationwide|in\s+the\s+(?:world|country|nation|market|industry)|"
          r"in\s+[A-Z][\w’'-]*|among\b|across\s+the\s+(?:country|world|nation))")
_RANK_PATTERNS = (
    # "remained first globally", "ranked first in the world", "came first among ..."
    re.compile(rf"\b(?:rank(?:ed|s)?|remain(?:ed|s)?|came|comes|placed|was|is|were|are|stood|stands)\s+"
               rf"(?:the\s+)?(?P<fig>first)\b(?=\s+{_SCOPE}|\s+place\b|\s+position\b)", re.IGNORECASE),
    # "the highest in China", "the fastest growth rate among the top ten regions"
    re.compile(rf"\b(?P<fig>highest|largest|biggest|fastest|greatest)\b(?=(?:\s+[\w-]+){{0,3}}\s+{_SCOPE})",
               re.IGNORECASE),
    # "the top position nationwide", "the top spot in the world"
    re.compile(rf"\b(?P<fig>top)\s+(?=(?:position|spot|place|rank|seller|maker|producer|exporter)\b"
               rf"(?:\s+[\w-]+){{0,3}}\s*{_SCOPE})", re.IGNORECASE),
    # "tops the sales charts", "topped the list"
    re.compile(r"\b(?P<fig>tops)\s+(?=the\s+(?:[\w-]+\s+){0,2}(?:charts?|list|rankings?|league)\b)", re.IGNORECASE),
    # "the global leader in", "world leader"; "leads the world", "leading the world"
    re.compile(r"\b(?:global|world|world's|market|industry)\s+(?P<fig>leader)\b", re.IGNORECASE),
    re.compile(r"\b(?P<fig>leads|leading)\s+(?=the\s+(?:world|globe|country|nation|market|industry)\b)", re.IGNORECASE),
)


def scan_ranks(text: str) -> list[tuple[int, int]]:
    """Find the spans of rank words used as ranks.

    >>> t = "output remained first globally in the first half, the highest in China"
    >>> [t[s:e] for s, e in scan_ranks(t)]
    ['first', 'highest']
    >>> scan_ranks("the first of its kind, for the first time, among the top ten regions")
    []
    """
    spans = {m.span("fig") for pattern in _RANK_PATTERNS for m in pattern.finditer(text)}
    return sorted(spans)


def rank_scope(text: str) -> str | None:
    """Say whose children a rank compares: ``world``, ``country`` or a place named after it, or None.

    :param text: the words after the rank word, up to the end of its clause.

    >>> rank_scope(" globally in 2024"), rank_scope(" in China."), rank_scope(" position nationwide")
    ('world', 'China', 'country')
    """
    low = text.lower()
    if re.search(r"\b(?:globally|worldwide|internationally|in the world|the world|global)\b", low):
        return "world"
    named = re.search(r"\b(?:in|among|across)\s+(?:the\s+)?(?:[\w-]+\s+){0,3}?(?:in\s+)?(?P<place>[A-Z][\w’'-]*)",
                      text)
    if named and named["place"] not in ("The",):
        return named["place"]
    if re.search(r"\b(?:nationwide|in the country|across the country|in the nation|domestic)\b", low):
        return "country"
    return None
