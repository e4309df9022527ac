"""The rules reference and the README stay in step with the code."""

from __future__ import annotations

from pathlib import Path

from claimcheck.cli import rules_markdown
from claimcheck.hedges import APPROX_REL, APPROXIMATE, LOWER_BOUND, NEARLY, NEARLY_REL, UPPER_BOUND
from claimcheck.rules import REGISTRY

ROOT = Path(__file__).resolve().parent.parent


def test_rules_reference_is_generated_from_the_registry():
    assert (ROOT / "docs" / "rules.md").read_text(encoding="utf-8") == rules_markdown(), (
        "docs/rules.md is stale: run `claimcheck rules --markdown > docs/rules.md`")


def test_every_rule_has_examples_and_a_docs_entry():
    text = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    for rule in REGISTRY.values():
        assert rule.failing and rule.passing and rule.title
        assert f"## {rule.code} {rule.slug}" in text


def test_readme_documents_every_hedge_and_its_width():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for word in APPROXIMATE | NEARLY | LOWER_BOUND | UPPER_BOUND:
        assert f"`{word}`" in readme, word
    assert f"{float(APPROX_REL) * 100:g} %" in readme and f"{float(NEARLY_REL) * 100:g} %" in readme
