"""CC020: claims a draft marked ``review: true`` that nobody has reviewed yet.

The loader accepts ``review`` and ``review_reason`` but keeps them out of the model (they say
nothing about the quantity). This check reads them back from the claims files, with the line of
each ``review:`` key, so ``claimcheck validate`` lists every draft claim still to be checked.
"""

from __future__ import annotations

from pathlib import Path

from claimcheck.loader import (
    QUANTITIES_FILE,
    Node,
    Registry,
    problem,
    read_yaml,
    shown_path,
)
from claimcheck.results import Finding


def _claim_nodes(root: Node) -> list[Node]:
    if root.mapping is None:
        return []
    claims = root.mapping.get("claims")
    if claims is None or claims.sequence is None:
        return []
    return [node for node in claims.sequence if node.mapping is not None]


def review_findings(path: Path) -> list[Finding]:
    """Report every claim of one claims file still marked ``review: true`` (CC020)."""
    try:
        if "review" not in path.read_text(encoding="utf-8-sig", errors="replace"):
            return []
    except OSError:
        return []
    root, _ = read_yaml(path, shown_path(path))
    if root is None:
        return []
    out: list[Finding] = []
    for node in _claim_nodes(root):
        assert node.mapping is not None
        flag = node.mapping.get("review")
        if flag is None or flag.boolean() is not True:
            continue
        claim_id = (node.mapping["id"].scalar() if "id" in node.mapping else None) or "?"
        reason_node = node.mapping.get("review_reason")
        reason = " ".join((reason_node.scalar() or "").split()) if reason_node else ""
        why = f" ({reason})" if reason else ""
        out.append(problem("CC020", node.key_locations.get("review", node.location),
                           f"claim {claim_id!r} is a draft still marked for review{why}: check it against the "
                           "article, then delete review and review_reason", (claim_id,)))
    return out


def check_review(registry: Registry) -> list[Finding]:
    """Report the claims in a registry's claims files still marked ``review: true`` (CC020)."""
    folder = registry.claims_dir
    if not folder.is_dir():
        return []
    files = sorted(p for p in folder.glob("*.y*ml") if p.name != QUANTITIES_FILE and p.suffix in (".yaml", ".yml"))
    return [finding for path in files for finding in review_findings(path)]
