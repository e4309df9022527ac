"""The inconsistencies in the shipped seeds, each as a test that names the claims involved.

Every expected finding is pinned by rule code, the exact set of claim ids it names and the
quantity it is about. The consistent facts the articles share are pinned too: they must not be
flagged. Then the CI gate: exit codes with and without acknowledgements, stale acknowledgements
(CC901), and finding keys that survive unrelated edits but not edits to their own claims.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from claimcheck import api
from claimcheck.cli import main
from claimcheck.engine import Context, Recomputation
from claimcheck.network import ConflictSearch
from claimcheck.results import Finding, Severity

ROOT = Path(__file__).resolve().parent.parent

NEV_PROD_2020_CONFLICT = {"002-nev-production-2020", "003-nev-production-2020"}
NEV_PROD_2024_CONFLICT = {"000-nev-production-2024", "002-nev-production-bound-2024"}
NEV_PROD_2023_CONFLICT = {"000-nev-production-2024", "000-nev-production-growth-2024", "003-nev-production-2023"}


@pytest.fixture(scope="module")
def result(tmp_path_factory: pytest.TempPathFactory) -> api.CheckResult:
    """The shipped registry, checked with no acknowledgements."""
    none = tmp_path_factory.mktemp("acks") / "none.yaml"
    return api.check(ROOT / "claims", ROOT / "seeds", acknowledgements=none)


def only(result: api.CheckResult, code: str, claims: set[str] | None = None) -> Finding:
    """The one finding of a rule (naming exactly these claims, when given)."""
    found = [f for f in result.findings if f.code == code and (claims is None or set(f.claims) == claims)]
    assert len(found) == 1, (code, claims, [(f.code, f.claims) for f in result.findings])
    return found[0]


def errors(result: api.CheckResult) -> list[Finding]:
    return [f for f in result.findings if f.severity == Severity.ERROR]


def in_error(result: api.CheckResult, claim_id: str) -> list[Finding]:
    return [f for f in errors(result) if claim_id in f.claims]


def recomputation(ctx: Context, claim_id: str) -> Recomputation:
    rows = [r for r in ctx.recomputations if r.claim == claim_id]
    assert len(rows) == 1, rows
    return rows[0]


# --- the inconsistencies ------------------------------------------------------------------------


def test_nev_production_2020_roughly_1_4_million_against_1_456_million(result: api.CheckResult) -> None:
    """002 'roughly 1.4 million' ([1.35, 1.45] M) against 003 '1.456 million' for 2020."""
    f = only(result, "CC201", NEV_PROD_2020_CONFLICT)
    assert f.severity == Severity.ERROR
    assert f.quantities == ("china/nev_production/2020",)
    assert f.gap == pytest.approx(5_500, rel=1e-6)  # 1.4555 M - 1.45 M


def test_nev_production_2024_12_89_million_against_over_13_million(result: api.CheckResult) -> None:
    """000 '12.89 million' against 002 'over 13 million' for 2024."""
    f = only(result, "CC201", NEV_PROD_2024_CONFLICT)
    assert f.severity == Severity.ERROR
    assert f.quantities == ("china/nev_production/2024",)
    assert f.gap == pytest.approx(105_000, rel=1e-6)  # 13 M - 12.895 M


def test_nev_production_2023_implied_by_000_against_003(result: api.CheckResult) -> None:
    """000 'grew 34.4 percent to 12.89 million' implies 9.58-9.60 M for 2023; 003 says 9.443 million."""
    f = only(result, "CC202", NEV_PROD_2023_CONFLICT)
    assert f.severity == Severity.ERROR
    assert f.quantities == ("china/nev_production/2023",)
    assert f.stated == "[9.4425, 9.4435] million"
    assert f.recomputed == "[9.5835, 9.5981] million"
    # the other set that meets at the same quantity is named, not reported twice
    assert f.extra["alternatives"] == [["000-nev-production-growth-2024", "002-nev-production-bound-2024",
                                        "003-nev-production-2023"]]


def test_exactly_three_errors_and_they_are_the_nev_production_conflicts(result: api.CheckResult) -> None:
    assert sorted((f.code, tuple(sorted(f.claims))) for f in errors(result)) == sorted([
        ("CC201", tuple(sorted(NEV_PROD_2020_CONFLICT))),
        ("CC201", tuple(sorted(NEV_PROD_2024_CONFLICT))),
        ("CC202", tuple(sorted(NEV_PROD_2023_CONFLICT))),
    ])


def test_every_minimal_conflict_is_a_real_one_and_minimal(result: api.CheckResult) -> None:
    """Each conflicting set the engine lists cannot hold, and drops to consistency without any member."""
    ctx = result.context
    assert ctx.conflicts
    for conflict in ctx.conflicts:
        assert not ctx.net.propagate(conflict).feasible, sorted(conflict)
        for claim_id in conflict:
            assert ctx.net.propagate(conflict - {claim_id}).feasible, (sorted(conflict), claim_id)
    # and once the contested claims are set aside, the rest of the registry is consistent
    everyone = {c.owner for c in ctx.net.constraints if c.owner}
    assert ctx.net.propagate(everyone - ctx.contested).feasible
    search = ConflictSearch(ctx.net, frozenset(everyone))
    assert not search.feasible(frozenset(everyone))


def test_forecast_001_missed_the_2024_outcome_by_about_minus_10_6_percent(result: api.CheckResult) -> None:
    """001 (July 2024) forecast 11.5 million NEVs for 2024; 000 reports 12.87 million."""
    f = only(result, "CC301")
    assert set(f.claims) == {"001-nev-sales-forecast-2024", "000-nev-sales-2024"}
    assert f.quantities == ("china/nev_sales/2024",)
    assert f.severity == Severity.WARNING  # missed: the intervals do not meet
    assert f.rel_gap is not None and -11.1 < f.rel_gap < 0  # signed: an under-forecast
    lo, hi = (float(x) for x in re.search(r"\(\[(-[\d.]+), (-[\d.]+)\] %\)", f.message).groups())
    assert lo < -10.6 < hi and (lo + hi) / 2 == pytest.approx(-10.6, abs=0.1)
    assert f.recomputed == "[12.865, 12.875] million"


def test_2030_export_target_needs_implausible_growth(result: api.CheckResult) -> None:
    """004's 30 million exports by 2030 need ~31 % a year from 5.86 million; the best stated rate is 19.3 %."""
    f = only(result, "CC303")
    assert set(f.claims) == {"004-vehicle-exports-target-2030", "000-vehicle-exports-2024",
                             "000-vehicle-exports-growth-2024"}
    assert f.quantities == ("china/vehicle_exports/2030", "china/vehicle_exports/2024")
    assert f.severity == Severity.WARNING
    assert "31.2" in f.stated and f.recomputed == "[19.25, 19.35] %"
    # 30 million is below 2024's production (31.28 M), so no part-above-whole finding
    assert not [g for g in result.findings if g.code == "CC302"]


def test_majority_first_time_but_retail_penetration_passed_50_earlier(result: api.CheckResult) -> None:
    """002: majority for the first time in October 2025 (wholesale); 003: 51.1 % retail in July 2023."""
    f = only(result, "CC306")
    assert set(f.claims) == {"002-nev-share-majority-first-2025-10", "003-nev-retail-share-2023-07"}
    assert f.quantities == ("china/nev_share/2025-10", "china/nev_share/2023-07/retail")
    assert f.severity == Severity.WARNING
    assert not [g for g in result.findings if g.code == "CC304"]  # not on the same basis


def test_6_5_fold_increase_fits_only_as_a_ratio(result: api.CheckResult) -> None:
    """003: 1.456 -> 9.443 million is 6.49 times as many, 'a 6.5-fold increase' only as a ratio."""
    f = only(result, "CC103")
    assert set(f.claims) == {"003-nev-production-fold-2023", "003-nev-production-2023", "003-nev-production-2020"}
    assert set(f.quantities) == {"china/nev_production/2023", "china/nev_production/2020"}
    assert f.extra == {"ratio": "6.483×", "increase": "5.483×"}
    assert not [g for g in result.findings if g.code == "CC104"]


def test_about_2782_dollars_fits_the_january_2025_rate_only_by_its_hedge(result: api.CheckResult) -> None:
    """000: 20,000 yuan '(about 2,782 U.S. dollars)' implies 7.19 yuan/USD; H.10 for Jan 2025 is 7.2957."""
    f = only(result, "CC102")
    assert f.claims == ("000-nev-tradein-subsidy-usd-2024",)
    assert f.quantities == ("fx/cny_per_usd/2025-01",)
    assert f.severity == Severity.INFO
    assert f.recomputed == "7.2957"
    assert f.stated == "[7.18778, 7.19036] yuan/USD"
    assert not [g for g in result.findings if g.code == "CC204"]


def test_no_other_findings_from_the_engine(result: api.CheckResult) -> None:
    """The seeds' findings are exactly the ones above; nothing else is reported about them."""
    engine = [f for f in result.findings if f.code[2] in "123"]
    assert sorted(f.code for f in engine) == sorted(
        ["CC201", "CC201", "CC202", "CC301", "CC303", "CC306", "CC103", "CC102"])
    assert [str(f) for f in result.validation.findings] == []


# --- consistent facts that must not be flagged ---------------------------------------------------


def test_nev_share_40_9_percent_is_12_87_of_31_44(result: api.CheckResult) -> None:
    assert in_error(result, "000-nev-share-2024") == []
    assert not [f for f in result.findings if "000-nev-share-2024" in f.claims]
    row = recomputation(result.context, "000-nev-share-2024")
    assert row.status == "consistent"
    assert {"000-nev-sales-2024", "000-vehicle-sales-2024"} <= set(row.operands)


def test_9_5_million_2023_nev_sales_agree_with_000s_implied_9_498_million(result: api.CheckResult) -> None:
    """001: 9.5 million in 2023; 000: 12.87 million up 35.5 % implies [9.4945, 9.5018] M."""
    ctx = result.context
    linked = frozenset({"001-nev-sales-2023", "000-nev-sales-2024", "000-nev-sales-growth-2024"})
    assert ctx.net.propagate(linked).feasible
    implied = ctx.net.propagate(linked - {"001-nev-sales-2023"}).domains["china/nev_sales/2023"]
    assert implied.lo == pytest.approx(12.865e6 / 1.3555) and implied.hi == pytest.approx(12.875e6 / 1.3545)
    assert implied.contains(9.498e6)
    assert ctx.domains["china/nev_sales/2023"].contains(9.5e6)
    for claim_id in linked:
        assert in_error(result, claim_id) == [] and claim_id not in ctx.contested
    row = recomputation(ctx, "000-nev-sales-growth-2024")
    assert row.status == "consistent" and "001-nev-sales-2023" in row.operands


def test_q1_2025_exports_1_178_million_plus_242000_is_1_42_million(result: api.CheckResult) -> None:
    row = recomputation(result.context, "004-vehicle-exports-2025-q1")
    assert row.status == "consistent"
    assert row.recomputed == "[1.419, 1.421] million"
    assert set(row.operands) == {"004-passenger-car-exports-2025-q1", "004-commercial-vehicle-exports-2025-q1"}
    for claim_id in ("004-vehicle-exports-2025-q1", "004-passenger-car-exports-2025-q1",
                     "004-commercial-vehicle-exports-2025-q1"):
        assert not [f for f in result.findings if claim_id in f.claims]


def test_the_two_nine_years_claims_agree(result: api.CheckResult) -> None:
    ctx = result.context
    a, b = "001-nev-global-lead-years-2024", "003-nev-global-lead-years-2024"
    assert ctx.claim(a).quantity == ctx.claim(b).quantity == "china/nev_global_lead_years/2024"
    assert ctx.net.propagate({a, b}).feasible
    assert not [f for f in result.findings if a in f.claims or b in f.claims]


# --- the gate: exit codes and acknowledgements ----------------------------------------------------


def run_check(claims: Path, seeds: Path, acks: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["check", "--claims", str(claims), "--seeds", str(seeds), "--acknowledgements", str(acks), "-q"])
    return code, capsys.readouterr().out


def write_acks(path: Path, keys: list[str]) -> Path:
    lines = ["acknowledgements:"]
    for key in keys:
        lines += [f"  - key: {key}", "    reason: the articles quote different CAAM releases",
                  "    by: A. Reviewer", "    date: 2026-01-15"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_unacknowledged_errors_exit_1(result: api.CheckResult, tmp_path: Path,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    code, _ = run_check(ROOT / "claims", ROOT / "seeds", tmp_path / "none.yaml", capsys)
    assert code == 1
    assert len(result.open_errors) == 3


def test_acknowledging_the_three_errors_exits_0_and_keeps_them_listed(
        result: api.CheckResult, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    keys = [f.key for f in errors(result)]
    acks = write_acks(tmp_path / "acks.yaml", keys)
    code, out = run_check(ROOT / "claims", ROOT / "seeds", acks, capsys)
    assert code == 0
    for key in keys:
        assert key in out
    checked = api.check(ROOT / "claims", ROOT / "seeds", acknowledgements=acks)
    assert checked.open_errors == []
    listed = {f.key: f for f in checked.findings}
    for key in keys:
        assert key in listed and listed[key].severity == Severity.ERROR
        ack = checked.acknowledged(listed[key])
        assert ack is not None and ack.by == "A. Reviewer" and ack.date == "2026-01-15" and ack.reason
    assert not [f for f in checked.findings if f.code == "CC901"]
    frame = api.results_frame(checked)
    assert set(frame.loc[frame["acknowledged"], "key"]) == set(keys)


def test_acknowledging_only_some_errors_still_fails(result: api.CheckResult, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    keys = [f.key for f in errors(result)]
    code, _ = run_check(ROOT / "claims", ROOT / "seeds", write_acks(tmp_path / "acks.yaml", keys[:2]), capsys)
    assert code == 1


def test_acknowledgement_of_a_missing_finding_is_cc901(result: api.CheckResult, tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    keys = [f.key for f in errors(result)]
    acks = write_acks(tmp_path / "acks.yaml", [*keys, "CC201-0000000000"])
    checked = api.check(ROOT / "claims", ROOT / "seeds", acknowledgements=acks)
    stale = [f for f in checked.findings if f.code == "CC901"]
    assert len(stale) == 1 and "CC201-0000000000" in stale[0].message
    assert stale[0].severity == Severity.WARNING
    code, _ = run_check(ROOT / "claims", ROOT / "seeds", acks, capsys)
    assert code == 0  # a stale acknowledgement is a warning, not a failing error


# --- finding keys ------------------------------------------------------------------------------------


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


def _remove_claim(path: Path, claim_id: str) -> str:
    """Cut one claim's block out of a claims file; return the block."""
    text = path.read_text(encoding="utf-8")
    start = text.index(f"  - id: {claim_id}\n")
    end = text.find("\n  - id: ", start + 1)
    ends = [i for i in (end, text.find("\n\n", start), text.find("\nignore:", start)) if i != -1]
    end = min(ends)
    path.write_text(text[:start] + text[end + 1:], encoding="utf-8")
    return text[start:end]


def test_keys_survive_an_edit_to_an_unrelated_claim(result: api.CheckResult, shipped: tuple[Path, Path],
                                                   tmp_path: Path) -> None:
    claims, seeds = shipped
    # 004's NEV exports figure takes part in no finding: change it in the article and in its claims
    _replace(seeds / "004_cecbb239f233e2c9.txt", "441,000 units", "452,000 units")
    _replace(claims / "004_cecbb239f233e2c9.yaml", "441,000", "452,000")
    edited = api.check(claims, seeds, acknowledgements=tmp_path / "none.yaml")
    assert edited.validation.findings == []
    assert edited.context.claim("004-nev-exports-2025-q1").figure == "452,000"
    assert sorted(f.key for f in edited.findings) == sorted(f.key for f in result.findings)


def test_keys_survive_moving_lines(result: api.CheckResult, shipped: tuple[Path, Path], tmp_path: Path) -> None:
    claims, seeds = shipped
    path = claims / "002_17d935ea4638a39c.yaml"
    path.write_text("# a comment that moves every line down\n\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    edited = api.check(claims, seeds, acknowledgements=tmp_path / "none.yaml")
    before = {f.key: f.location.line for f in result.findings if f.location and "002_" in f.location.path}
    after = {f.key: f.location.line for f in edited.findings if f.location and "002_" in f.location.path}
    assert before.keys() == after.keys() and before
    assert all(after[k] == before[k] + 2 for k in before)


def test_key_changes_when_one_of_its_claims_is_removed(result: api.CheckResult, shipped: tuple[Path, Path],
                                                      tmp_path: Path) -> None:
    claims, seeds = shipped
    old = only(result, "CC202", NEV_PROD_2023_CONFLICT)
    path = claims / "000_1319ca2c775887ca.yaml"
    block = _remove_claim(path, "000-nev-production-2024")
    assert "figure: \"12.89 million\"" in block
    # keep the number covered, so the only change is the claim's removal
    path.write_text(path.read_text(encoding="utf-8") + (
        "  - figure: 12.89 million\n"
        "    quote: NEV production grew 34.4 percent to 12.89 million units\n"
        "    reason: test copy with the claim removed\n"), encoding="utf-8")
    acks = write_acks(tmp_path / "acks.yaml", [old.key])
    edited = api.check(claims, seeds, acknowledgements=acks)
    assert edited.validation.findings == []
    keys = {f.key for f in edited.findings}
    assert old.key not in keys
    # the 2023 quantity is still contested, now by the other set, under another key
    new = only(edited, "CC202", {"000-nev-production-growth-2024", "002-nev-production-bound-2024",
                                 "003-nev-production-2023"})
    assert new.quantities == old.quantities and new.key != old.key
    assert not [f for f in edited.findings if f.code == "CC201" and "000-nev-production-2024" in f.claims]
    # the 2020 conflict does not involve the removed claim: its key is unchanged
    assert only(result, "CC201", NEV_PROD_2020_CONFLICT).key in keys
    # the acknowledgement of the old finding is now stale
    stale = [f for f in edited.findings if f.code == "CC901"]
    assert len(stale) == 1 and old.key in stale[0].message
