"""Acknowledgements: a reviewer's reasoned, signed and dated "seen, and accepted" for a finding.

Kept in a version-controlled YAML file (``acknowledgements.yaml`` by default)::

    acknowledgements:
      - key: CC201-3f2a9c1b7e
        reason: the 2020 baseline differs between CAAM releases; both articles quote one
        by: A. Reviewer
        date: 2026-11-24

A finding's key is built from its rule and the claims (and quantity) it names, so it survives
edits to unrelated claims. Acknowledged findings are still shown, marked; an acknowledgement
that matches no finding is itself reported (CC901), so stale ones do not pile up.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from claimcheck.loader import problem, read_yaml, scalar_fields, shown_path
from claimcheck.location import Location
from claimcheck.model import KeyError_, Period
from claimcheck.results import Finding

DEFAULT_FILE = Path("acknowledgements.yaml")
_KEY_RE = re.compile(r"^CC\d{3}-[0-9a-f]{10}$")
_FIELDS = ("key", "reason", "by", "date")


@dataclass(frozen=True)
class Acknowledgement:
    """One acknowledged finding."""

    key: str
    reason: str
    by: str
    date: str
    location: Location | None = None


def load_acknowledgements(path: Path) -> tuple[dict[str, Acknowledgement], list[Finding]]:
    """Read an acknowledgements file; a missing file means none. Problems are findings.

    Each entry is checked as a claim is: all four fields (CC010), no field claimcheck does not
    know (CC011), no key twice (CC007, found by the loader), a finding key of the right form and a
    real YYYY-MM-DD date (CC012). An entry with a missing field, a malformed key or an impossible
    date acknowledges nothing.
    """
    if not os.path.lexists(path):
        return {}, []
    shown = shown_path(path)
    root, found = read_yaml(path, shown, what="acknowledgements file")
    if root is None:
        return {}, found
    for name in root.mapping or {}:
        if name != "acknowledgements":
            found.append(problem("CC011", root.key_locations.get(name), f"unknown top-level key {name!r}: an "
                                 "acknowledgements file has only 'acknowledgements'"))
    items = root.mapping.get("acknowledgements") if root.mapping is not None else None
    if items is None or items.sequence is None:
        return {}, found + [problem("CC019", root.location, "acknowledgements file needs a list under "
                                    "'acknowledgements:'")]
    acks: dict[str, Acknowledgement] = {}
    for node in items.sequence:
        mapping = node.mapping or {}
        scalar_fields(mapping, node, frozenset(_FIELDS), "an acknowledgement", found)
        values = {k: (v.scalar() or "") for k, v in mapping.items()
                  if k in _FIELDS and v.mapping is None and v.sequence is None}
        missing = [f for f in _FIELDS if not values.get(f)]
        if node.mapping is None or missing:
            found.append(problem("CC010", node.location, f"acknowledgement needs {', '.join(missing or _FIELDS)}: "
                                 "key, reason, by and date"))
            continue
        if not _KEY_RE.match(values["key"]):
            found.append(problem("CC012", node.location, f"acknowledgement key {values['key']!r} is not a finding key "
                                 "(CC000-0123456789): copy it from the report or `claimcheck check`"))
            continue
        if not _real_day(values["date"]):
            found.append(problem("CC012", mapping["date"].location, f"acknowledgement date {values['date']!r} is not a "
                                 "real YYYY-MM-DD date: write the day it was reviewed"))
            continue
        acks[values["key"]] = Acknowledgement(values["key"], values["reason"], values["by"], values["date"],
                                              node.location)
    return acks, found


def _real_day(text: str) -> bool:
    """Tell whether a text is a real day written YYYY-MM-DD.

    >>> _real_day("2026-11-24"), _real_day("2026-13-45"), _real_day("2026-02-29"), _real_day("2026-11")
    (True, False, False, False)
    """
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return False
    try:
        Period.parse(text)
    except KeyError_:
        return False
    return True


def unused(acks: dict[str, Acknowledgement], findings: list[Finding]) -> list[Finding]:
    """CC901: acknowledgements whose finding is gone (fixed, or its claims changed)."""
    keys = {f.key for f in findings}
    return [problem("CC901", ack.location, f"acknowledgement {ack.key} matches no finding: the finding is fixed or "
                    "its claims changed; delete the entry") for ack in acks.values() if ack.key not in keys]
