"""The one way through claimcheck: load -> tables -> provenance -> coverage (-> consistency)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from claimcheck.coverage import SeedCoverage, check_coverage
from claimcheck.frame import Tables, build_tables
from claimcheck.loader import Registry, load
from claimcheck.provenance import trace
from claimcheck.results import Finding, Severity
from claimcheck.rules import get as get_rule
from claimcheck.unitcheck import check_units


@dataclass
class Validation:
    """What ``claimcheck validate`` finds: the registry, its tables, provenance, coverage and findings."""

    registry: Registry
    tables: Tables
    provenance: pd.DataFrame
    coverage: list[SeedCoverage]
    findings: list[Finding] = field(default_factory=list)

    @property
    def unusable(self) -> bool:
        """True when the input could not be read well enough to check (exit code 2)."""
        return any(get_rule(f.code).unusable for f in self.findings)


def sort_findings(findings: list[Finding]) -> list[Finding]:
    """Order findings by file, line and code (the order a reader fixes them in)."""
    def key(f: Finding) -> tuple[str, int, int, str]:
        loc = f.location
        return (loc.path if loc else "", (loc.line or 0) if loc else 0, (loc.col or 0) if loc else 0, f.code)
    return sorted(findings, key=key)


def validate(claims_dir: Path, seeds_dir: Path) -> Validation:
    """Load a registry and run schema, unit, provenance and coverage checks.

    Never raises for bad input: every problem is a finding.
    """
    registry = load(claims_dir, seeds_dir)
    tables, schema_findings = build_tables(registry)
    provenance, provenance_findings = trace(registry)
    coverage, coverage_findings = check_coverage(registry, provenance)
    findings = registry.findings + schema_findings + check_units(registry) + provenance_findings + coverage_findings
    return Validation(registry, tables, provenance, coverage, sort_findings(findings))


def counts(findings: list[Finding]) -> dict[str, int]:
    """Count findings per severity, errors first."""
    return {s.value: sum(1 for f in findings if f.severity == s) for s in Severity}
