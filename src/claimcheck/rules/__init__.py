"""The rule registry: every check has a stable code, a slug, a title, a severity and examples.

Codes are ``CC`` plus three digits, grouped by hundreds: 0xx load, schema and provenance,
1xx recomputation of a stated derivation, 2xx consistency across claims and articles,
3xx forecasts, targets, firsts and ranks. A code is never reused or renumbered.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from claimcheck.results import Severity

CODE_RE = re.compile(r"^CC\d{3}$")


@dataclass(frozen=True)
class Rule:
    """What a rule is, apart from how it runs.

    :param code: ``CC`` and three digits.
    :param slug: kebab-case name used in docs links.
    :param title: one line.
    :param severity: the default severity of its findings.
    :param failing: a short example that makes it fire.
    :param passing: a short example where it must not fire.
    :param unusable: findings of this rule mean the input cannot be used (exit code 2).
    """

    code: str
    slug: str
    title: str
    severity: Severity
    failing: str
    passing: str
    unusable: bool = False


REGISTRY: dict[str, Rule] = {}


def register(rule: Rule) -> Rule:
    """Add a rule to the registry.

    :raises ValueError: for a malformed or duplicate code or slug.
    """
    if not CODE_RE.match(rule.code):
        raise ValueError(f"rule code {rule.code!r} does not match {CODE_RE.pattern}")
    if rule.code in REGISTRY:
        raise ValueError(f"rule code {rule.code} is registered twice")
    if any(r.slug == rule.slug for r in REGISTRY.values()):
        raise ValueError(f"rule slug {rule.slug!r} is registered twice")
    REGISTRY[rule.code] = rule
    return rule


def get(code: str) -> Rule:
    """Return the rule with a code."""
    return REGISTRY[code]


from claimcheck.rules import catalog as _catalog  # noqa: E402,F401  (registers the rules)
