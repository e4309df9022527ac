"""The claims table's schema problems (claimcheck.frame): one finding per problem, counted once."""

from __future__ import annotations

from collections import Counter

from claimcheck import api

SEED = "NEV sales reached 12.87 million, 140 percent of all sales of 31.44 million, and -5 units were exported.\n"

CLAIMS = """\
source: {seed: t.txt, publisher: Test, date: 2025-01-14}
claims:
  - id: nev
    quote: NEV sales reached 12.87 million
    figure: 12.87 million
    unit: vehicles
    kind: value
    quantity: china/nev_sales/2024
  - id: share
    quote: 140 percent of all sales
    figure: 140 percent
    unit: percent
    kind: share
    quantity: china/nev_share/2024
    derivation: share(china/nev_sales/2024, china/vehicle_sales/2024)
  - id: all
    quote: all sales of 31.44 million
    figure: 31.44 million
    unit: vehicles
    kind: value
    quantity: china/vehicle_sales/2024
  - id: exported
    quote: -5 units were exported
    figure: "-5"
    unit: vehicles
    kind: value
    quantity: china/vehicle_exports/2024
"""


def test_a_row_that_fails_a_check_on_whole_rows_is_one_finding(make_registry) -> None:  # type: ignore[no-untyped-def]
    """pandera lists a row that fails a check on whole rows once per column (19 here): it is one problem."""
    claims, seeds = make_registry(SEED, CLAIMS)
    result = api.check(claims, seeds, claims.parent / "none.yaml")
    out_of_range = [f for f in result.findings if f.code == "CC018"]
    assert sorted((f.claims, str(f.location), f.message) for f in out_of_range) == [
        (("exported",), "claims/t.yaml:22:5", "figure '-5' is negative but vehicles cannot be"),
        (("share",), "claims/t.yaml:9:5", "percent figure '140 percent' is outside 0-100 for a share"),
    ]
    keys = Counter(f.key for f in result.findings)
    assert [key for key, n in keys.items() if n > 1] == []
    assert api.counts(result.findings)["error"] == sum(1 for f in result.findings if f.severity.value == "error")
    assert api.counts(out_of_range) == {"error": 2, "warning": 0, "info": 0}
