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

import re
from dataclasses import dataclass
from pathlib import Path

from claimcheck.loader import problem, read_yaml, shown_path
from claimcheck.location import Location
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
    """Read an acknowledgements file; a missing file means none. Problems are findings."""
    if not path.exists():
        return {}, []
    shown = shown_path(path)
    root, found = read_yaml(path, shown)
    if root is None:
        return {}, found
    items = root.mapping.get("acknowledgements") if root.mapping is not None else None
    if items is None or items.sequence is None:
        return {}, [problem("CC019", root.location, "acknowledgements file needs a list under 'acknowledgements:'")]
    acks: dict[str, Acknowledgement] = {}
    for node in items.sequence:
        values = {k: (v.scalar() or "") for k, v in (node.mapping or {}).items()}
        missing = [f for f in _FIELDS if not values.get(f)]
        if node.mapping is None or missing:
            found.append(problem("CC010", node.location, f"acknowledgement needs {', '.join(missing or _FIELDS)}: "
                                 "key, reason, by and date"))
            continue
        if not _KEY_RE.match(values["key"]):
            found.append(problem("CC012", node.location, f"acknowledgement key {values['key']!r} is not a finding key "
                                 "(CC000-0123456789): copy it from the report or `claimcheck check`"))
            continue
        acks[values["key"]] = Acknowledgement(values["key"], values["reason"], values["by"], values["date"],
                                              node.location)
    return acks, found


def unused(acks: dict[str, Acknowledgement], findings: list[Finding]) -> list[Finding]:
    """CC901: acknowledgements whose finding is gone (fixed, or its claims changed)."""
    keys = {f.key for f in findings}
    return [problem("CC901", ack.location, f"acknowledgement {ack.key} matches no finding: the finding is fixed or "
                    "its claims changed; delete the entry") for ack in acks.values() if ack.key not in keys]
