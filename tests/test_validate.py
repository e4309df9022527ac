"""`claimcheck validate`: every kind of bad input gives its own finding at its own file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimcheck import api
from claimcheck.cli import main

SEED = """\
China's NEV sales rose 35.5 percent to 12.87 million units in 2024.
Exports reached 5.86 million vehicles.
"""

GOOD = """\
source: {seed: t.txt, publisher: Test, date: 2025-01-14}
claims:
  - id: t-nev-sales-2024
    quote: NEV sales rose 35.5 percent to 12.87 million units in 2024
    figure: 12.87 million
    unit: vehicles
    kind: value
    quantity: china/nev_sales/2024
  - id: t-nev-growth-2024
    quote: NEV sales rose 35.5 percent to 12.87 million units
    figure: 35.5 percent
    unit: percent
    kind: change
    quantity: china/nev_sales/2024
    derivation: growth(china/nev_sales/2024, china/nev_sales/2023)
  - id: t-exports-2024
    quote: Exports reached 5.86 million vehicles.
    figure: 5.86 million
    unit: vehicles
    kind: value
    quantity: china/vehicle_exports/2024
"""


def codes(result: api.Validation) -> list[str]:
    return [f.code for f in result.findings]


def run(make_registry, claims: str, seed: str = SEED) -> api.Validation:
    claims_dir, seeds_dir = make_registry(seed, claims)
    return api.validate(claims_dir, seeds_dir)


def test_good_registry_is_clean(make_registry):
    result = run(make_registry, GOOD)
    assert result.findings == []
    assert not result.unusable


def test_shipped_registry_is_clean_and_covers_every_number():
    root = Path(__file__).resolve().parent.parent
    result = api.validate(root / "claims", root / "seeds")
    assert [str(f) for f in result.findings] == []
    assert len(result.coverage) == 5
    assert all(c.uncovered == 0 and c.numbers > 0 for c in result.coverage)


def test_removing_a_claim_uncovers_its_number(make_registry):
    without_exports = GOOD.split("  - id: t-exports-2024")[0]
    result = run(make_registry, without_exports)
    assert codes(result) == ["CC040"]
    assert "'5.86'" in result.findings[0].message
    assert str(result.findings[0].location) == "seeds/t.txt:2:17"


def test_malformed_yaml_is_unusable_with_line(make_registry):
    result = run(make_registry, GOOD.replace("kind: change", "kind: [change"))
    assert "CC001" in codes(result)
    bad = next(f for f in result.findings if f.code == "CC001")
    assert bad.location.path == "claims/t.yaml" and bad.location.line is not None
    assert result.unusable


@pytest.mark.parametrize(
    ("edit", "code", "line", "text"),
    [
        (("    figure: 12.87 million\n", ""), "CC010", 3, "'figure'"),
        (("kind: change", "kind: estimate"), "CC012", 13, "unknown kind 'estimate'"),
        (("unit: percent", "unit: parsecs"), "CC012", 12, "unknown unit 'parsecs'"),
        (("id: t-exports-2024", "id: t-nev-sales-2024"), "CC013", 16, "duplicate claim id"),
        (("china/nev_sales/2023", "china/nev_sale/2023"), "CC014", 15, "metric 'nev_sale'"),
        (("quantity: china/vehicle_exports/2024", "quantity: chian/vehicle_exports/2024"), "CC014", 21, "entity 'chian'"),
        (("quantity: china/vehicle_exports/2024", "quantity: china/vehicle_exports/2023-02-30"), "CC014", 21,
         "not a real date"),
        (("growth(china/nev_sales/2024, china", "growth(china/nev_sales/2024 china"), "CC015", 15, "derivation"),
        (("figure: 5.86 million", "figure: five-ish million"), "CC016", 18, "cannot read figure"),
        (("unit: percent", "unit: vehicles"), "CC017", 12, "is in percent but the claim's unit is vehicles"),
        (("quote: Exports reached", "quote: Exports hit"), "CC030", 17, "nearest sentence: 'Exports reached"),
        (("figure: 5.86 million", "figure: 5.87 million"), "CC031", 18, "does not occur in the quote"),
        (("    kind: value\n    quantity: china/vehicle_exports", "    kind: value\n    hedge: about\n"
          "    quantity: china/vehicle_exports"), "CC032", 21, "hedge 'about'"),
        (("    unit: vehicles\n    kind: value\n    quantity: china/vehicle_exports",
          "    unit: vehicles\n    kind: value\n    qunatity: china/vehicle_exports"), "CC011", 21, "'qunatity'"),
    ],
)
def test_each_bad_input_gives_its_finding(make_registry, edit, code, line, text):
    old, new = edit
    assert old in GOOD
    result = run(make_registry, GOOD.replace(old, new, 1))
    matching = [f for f in result.findings if f.code == code]
    assert matching, [str(f) for f in result.findings]
    assert matching[0].location.path == "claims/t.yaml"
    assert matching[0].location.line == line, str(matching[0])
    assert text in matching[0].message
    assert not result.unusable


def test_share_over_100_percent_is_out_of_range(make_registry):
    claims = GOOD + """\
  - id: t-share
    quote: Exports reached 5.86 million vehicles.
    figure: 5.86 million
    unit: percent
    kind: share
    quantity: china/nev_share/2024
    derivation: share(china/nev_sales/2024, china/vehicle_sales/2024)
"""
    result = run(make_registry, claims)
    assert "CC018" in codes(result)


def test_missing_seed_is_unusable(make_registry):
    result = run(make_registry, GOOD.replace("seed: t.txt", "seed: nope.txt"))
    assert codes(result) == ["CC003"]
    assert "nope.txt" in result.findings[0].message
    assert result.unusable


def test_seed_not_utf8_is_unusable_with_line(make_registry):
    claims_dir, seeds_dir = make_registry(SEED, GOOD)
    (seeds_dir / "t.txt").write_bytes("line one\nNEV sales \u2013 rose\n".encode("cp1252"))
    result = api.validate(claims_dir, seeds_dir)
    assert codes(result) == ["CC002"]
    assert result.findings[0].location.line == 2
    assert result.unusable


def test_curly_quote_mismatch_explains_itself(make_registry):
    seed = "China\u2019s NEV sales reached 9.5 million units in 2023.\n"
    claims = """\
source: {seed: t.txt, publisher: Test, date: 2024}
claims:
  - id: t-a
    quote: China's NEV sales reached 9.5 million units in 2023
    figure: 9.5 million
    unit: vehicles
    kind: value
    quantity: china/nev_sales/2023
"""
    result = run(make_registry, claims, seed)
    not_found = [f for f in result.findings if f.code == "CC030"]
    assert len(not_found) == 1 and "typographic" in not_found[0].message
    assert {f.code for f in result.findings} == {"CC030", "CC040"}  # its numbers are uncovered until it is fixed


def test_aliases_are_refused(make_registry):
    claims = GOOD.replace("unit: vehicles\n    kind: value\n    quantity: china/nev_sales/2024",
                          "unit: &u vehicles\n    kind: value\n    quantity: china/nev_sales/2024", 1)
    claims = claims.replace("unit: vehicles\n    kind: value\n    quantity: china/vehicle_exports",
                            "unit: *u\n    kind: value\n    quantity: china/vehicle_exports")
    result = run(make_registry, claims)
    assert "CC019" in codes(result)


def test_unused_ignore_entry_is_reported(make_registry):
    claims = GOOD + """\
ignore:
  - figure: units
    quote: 12.87 million units
    reason: not a number at all
"""
    result = run(make_registry, claims)
    assert codes(result) == ["CC041"]


def test_empty_claims_folder_is_unusable(tmp_path):
    (tmp_path / "claims").mkdir()
    (tmp_path / "seeds").mkdir()
    result = api.validate(tmp_path / "claims", tmp_path / "seeds")
    assert set(codes(result)) == {"CC004"}
    assert result.unusable


def test_cli_exit_codes_and_untouched_files(make_registry, capsys, monkeypatch):
    claims_dir, seeds_dir = make_registry(SEED, GOOD)
    monkeypatch.chdir(claims_dir.parent)
    before = {p: p.read_bytes() for p in [*claims_dir.iterdir(), *seeds_dir.iterdir()]}
    assert main(["validate"]) == 0
    (claims_dir / "t.yaml").write_text(GOOD.replace("5.86 million vehicles.\n    figure: 5.86",
                                                    "5.86 million vehicles.\n    figure: 5.87"))
    assert main(["validate"]) == 1
    assert "claims/t.yaml:18:13: CC031" in capsys.readouterr().out
    (claims_dir / "t.yaml").write_text("claims: [")
    assert main(["validate"]) == 2
    (claims_dir / "t.yaml").write_bytes(before[claims_dir / "t.yaml"])
    assert {p: p.read_bytes() for p in before} == before
    assert main(["validate", "--claims", "nowhere"]) == 2
