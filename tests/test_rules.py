"""Every consistency rule (CC1xx-CC3xx): a small registry where it must fire, and one where it must not.

Each case is a minimal, realistic registry: one or more articles (seed text and the claims
read from it), valid as `claimcheck validate` sees it (every quote in its seed, every number
covered). ``fires`` maps a rule code to the exact set of claim ids its finding must name (or
None when only the code matters); ``silent`` lists codes that must not fire. A code may carry a
severity (``CC301:warning``) when the rule reports at several.

The cases are the rule catalog's failing and passing examples, turned into registries; the last
tests check that every registered engine rule has at least one of each.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml

from claimcheck import api
from claimcheck.results import Finding, Severity
from claimcheck.rules import REGISTRY
from claimcheck.rules.catalog import I as INFO

ENGINE_CODES = sorted(code for code in REGISTRY if code[2] in "123")


@dataclass
class Article:
    """One seed and the claims read from it; written as ``seeds/<stem>.txt`` and ``claims/<stem>.yaml``."""

    stem: str
    seed: str
    claims: list[dict[str, object]]
    date: str = "2025-01-14"
    ignore: list[dict[str, str]] = field(default_factory=list)

    def yaml(self) -> str:
        doc: dict[str, object] = {"source": {"seed": f"{self.stem}.txt", "publisher": "Test", "date": self.date},
                                  "claims": self.claims}
        if self.ignore:
            doc["ignore"] = self.ignore
        return yaml.safe_dump(doc, sort_keys=False, allow_unicode=True)


@dataclass
class Case:
    name: str
    articles: list[Article]
    fires: dict[str, set[str] | None] = field(default_factory=dict)
    silent: set[str] = field(default_factory=set)
    quantities: str | None = None


def c(id: str, quote: str, figure: str, unit: str, kind: str, quantity: str, **extra: object) -> dict[str, object]:
    """A claim, fields in the documented order."""
    return {"id": id, "quote": quote, "figure": figure, "unit": unit, "kind": kind, "quantity": quantity, **extra}


def growth(new: str, old: str) -> str:
    return f"growth({new}, {old})"


NS23, NS24 = "china/nev_sales/2023", "china/nev_sales/2024"
NP20, NP23, NP24 = "china/nev_production/2020", "china/nev_production/2023", "china/nev_production/2024"
EX24, EX23 = "china/vehicle_exports/2024", "china/vehicle_exports/2023"


# --- CC101 ------------------------------------------------------------------------------------------


def _self_contradiction(old: str) -> Article:
    seed = f"China's NEV sales rose 35.5 percent to 12.87 million units in 2024 from {old} million in 2023.\n"
    return Article("a", seed, [
        c("a-nev-sales-2024", "NEV sales rose 35.5 percent to 12.87 million units in 2024", "12.87 million", "vehicles",
          "value", NS24),
        c("a-nev-sales-growth-2024", "NEV sales rose 35.5 percent to 12.87 million units", "35.5 percent", "percent",
          "change", NS24, derivation=growth(NS24, NS23)),
        c("a-nev-sales-2023", f"from {old} million in 2023", f"{old} million", "vehicles", "value", NS23),
    ])


CASES = [
    Case("cc101-one-article-contradicts-itself", [_self_contradiction("9.0")],
         fires={"CC101": {"a-nev-sales-2024", "a-nev-sales-growth-2024", "a-nev-sales-2023"}},
         silent={"CC201", "CC202"}),
    Case("cc101-one-article-consistent", [_self_contradiction("9.5")], silent={"CC101", "CC201", "CC202", "CC102"}),
]


def _growth_cycle(third: str) -> Article:
    """Three growth rates round 2024 -> 2023 -> 2022 -> 2024 with no level stated."""
    steps = ((NS24, NS23, "10.0"), (NS23, "china/nev_sales/2022", "10.0"), ("china/nev_sales/2022", NS24, third))
    quotes = [f"NEV sales in {new[-4:]} were {rate} percent above those of {old[-4:]}" for new, old, rate in steps]
    return Article("a", "".join(f"{q}. " for q in quotes).strip() + "\n", [
        c(f"a-growth-{new[-4:]}", quote, f"{rate} percent", "percent", "change", new, derivation=growth(new, old))
        for (new, old, rate), quote in zip(steps, quotes)])


def _over_zero(derivation: str, figure: str, unit: str, kind: str) -> Article:
    """An exact zero for 2023 exports and a figure that divides by it."""
    quote = f"Exports were exactly 0 in 2023; in 2024 they were {figure} that"
    return Article("a", f"{quote}.\n", [
        c("a-exports-2023", quote, "0", "vehicles", "value", EX23, exact=True),
        c("a-over-zero", quote, figure, unit, kind, EX24, derivation=derivation),
    ], ignore=[{"figure": "2024", "quote": "in 2024", "reason": "the year"}])


CASES += [
    # 1.1 x 1.1 x 1.1 round the cycle: only levels of zero fit, where no growth rate exists
    Case("cc101-growth-rates-round-a-cycle", [_growth_cycle("10.0")],
         fires={"CC101": {"a-growth-2024", "a-growth-2023", "a-growth-2022"}}),
    # 1.1 x 1.1 / 1.21 = 1: the three rates fit together
    Case("cc101-growth-rates-round-a-consistent-cycle", [_growth_cycle("-17.36")], silent={"CC101"}),
    # a fold over a stated exact zero: no ratio over zero exists
    Case("cc101-fold-over-an-exact-zero", [_over_zero(f"fold({EX24}, {EX23})", "3-fold", "ratio", "fold")],
         fires={"CC101": {"a-exports-2023", "a-over-zero"}}, silent={"CC105"}),
    # a share of zero is meaningless on its own, whatever the part
    Case("cc101-share-of-zero", [_over_zero(f"share({EX24}, 0)", "12 percent", "percent", "share")],
         fires={"CC101:error": {"a-over-zero"}}, silent={"CC105", "CC102"}),
]


# --- CC102 ------------------------------------------------------------------------------------------


def _subsidy(usd: str, period: str = "2025-01", hedge: str | None = "about", yuan: str = "20,000-yuan") -> Article:
    hedge_text = f"{hedge} " if hedge else ""
    quote = f"buyers are each entitled to a {yuan} ({hedge_text}{usd} U.S. dollars) subsidy"
    extra = {"hedge": hedge} if hedge else {}
    return Article("a", f"Under the trade-in program, {quote}.\n", [
        c("a-subsidy", quote, yuan, "CNY", "value", "china/subsidy/2025", exact=True),
        c("a-subsidy-usd", quote, f"{usd} U.S. dollars", "USD", "conversion", "china/subsidy/2025",
          derivation=f"convert(china/subsidy/2025, fx/cny_per_usd/{period})", **extra),
    ])


def _exports(growth_text: str, old: str = "4.93", hedge: str | None = "about") -> Article:
    hedge_text = f"{hedge} " if hedge else ""
    quote = f"exported 5.86 million vehicles in 2024, up {hedge_text}{growth_text} percent from {old} million in 2023"
    extra = {"hedge": hedge} if hedge else {}
    return Article("a", f"The country {quote}.\n", [
        c("a-exports-2024", quote, "5.86 million", "vehicles", "value", EX24),
        c("a-exports-2023", quote, f"{old} million", "vehicles", "value", EX23),
        c("a-exports-growth-2024", quote, f"{growth_text} percent", "percent", "change", EX24,
          derivation=growth(EX24, EX23), **extra),
    ])


CASES += [
    # 20,000 / 2,782 = 7.189 yuan/USD; the January 2025 H.10 rate 7.2957 fits only within 'about' (±2 %)
    Case("cc102-conversion-fits-only-by-hedge", [_subsidy("2,782")],
         fires={"CC102": {"a-subsidy-usd"}}, silent={"CC204"}),
    # 20,000 / 2,741 = 7.2966: the rate fits the printed figure
    Case("cc102-conversion-fits-as-printed", [_subsidy("2,741")], silent={"CC102", "CC204"}),
    # 5.86 / 4.93 - 1 = [18.64, 19.09] %: 'about 19.4 percent' ([19.35, 19.45] printed) fits only with ±2 %
    Case("cc102-growth-fits-only-by-hedge", [_exports("19.4")],
         fires={"CC102": {"a-exports-growth-2024", "a-exports-2024", "a-exports-2023"}}, silent={"CC101"}),
    Case("cc102-growth-fits-as-printed", [_exports("18.9")], silent={"CC102", "CC101"}),
]


# --- CC103, CC104 -----------------------------------------------------------------------------------


def _fold(old: str, new: str, fold: str) -> Article:
    quote = f"NEV production soared from {old} million in 2020 to {new} million in 2023, a {fold}-fold increase"
    return Article("a", f"In China, {quote}.\n", [
        c("a-nev-production-2020", quote, f"{old} million", "vehicles", "value", NP20),
        c("a-nev-production-2023", quote, f"{new} million", "vehicles", "value", NP23),
        c("a-nev-production-fold-2023", quote, f"{fold}-fold", "ratio", "fold", NP23,
          derivation=f"fold({NP23}, {NP20})"),
    ])


FOLD_CLAIMS = {"a-nev-production-fold-2023", "a-nev-production-2023", "a-nev-production-2020"}

CASES += [
    # 9.443 / 1.456 = 6.49: a ratio, not an increase of 6.5 (which would be 7.5 times)
    Case("cc103-fold-as-ratio", [_fold("1.456", "9.443", "6.5")],
         fires={"CC103": FOLD_CLAIMS}, silent={"CC104", "CC101"}),
    # 7.5 / 1.0 - 1 = 6.5: an increase; as a ratio it is off by one, which also contradicts the article
    Case("cc104-fold-as-increase", [_fold("1.0", "7.5", "6.5")],
         fires={"CC104": FOLD_CLAIMS, "CC101": FOLD_CLAIMS}, silent={"CC103"}),
    # 1 -> 7 million printed to the million: 6-fold fits both readings, so neither note
    Case("cc103-cc104-both-readings-fit", [_fold("1", "7", "6")], silent={"CC103", "CC104", "CC101"}),
]


# --- CC105 ------------------------------------------------------------------------------------------


def _from_base(old: str, hedge: str | None = None) -> Article:
    quote = (f"NEV sales in Shanghai rose from {hedge + ' ' if hedge else ''}{old} units in 2023 to 5,000 units in "
             "2024, a 100 percent increase")
    extra = {"hedge": hedge} if hedge else {}
    return Article("a", f"{quote}.\n", [
        c("a-sales-2023", quote, old, "vehicles", "value", "shanghai/nev_sales/2023", **extra),
        c("a-sales-2024", quote, "5,000", "vehicles", "value", "shanghai/nev_sales/2024", exact=True),
        c("a-growth-2024", quote, "100 percent", "percent", "change", "shanghai/nev_sales/2024",
          derivation=growth("shanghai/nev_sales/2024", "shanghai/nev_sales/2023")),
    ])


CASES += [
    # a base of at most 3,000 may be zero: the growth cannot be recomputed, though the figures can all hold
    Case("cc105-growth-from-a-base-that-may-be-zero", [_from_base("3,000", "under")],
         fires={"CC105": {"a-growth-2024", "a-sales-2023", "a-sales-2024"}}, silent={"CC101"}),
    # a base of zero cannot have grown 100 percent to 5,000: one problem, reported once, as the conflicting set
    Case("cc105-growth-from-zero-is-the-conflict", [_from_base("0")],
         fires={"CC101": {"a-growth-2024", "a-sales-2023", "a-sales-2024"}}, silent={"CC105"}),
    Case("cc105-growth-from-a-base", [_from_base("2,500")], silent={"CC105", "CC101"}),
]


# --- CC201, CC202 -----------------------------------------------------------------------------------


def _production_2020(stem: str, figure: str, hedge: str | None = None) -> Article:
    quote = f"NEV production was {hedge + ' ' if hedge else ''}{figure} units in 2020"
    extra = {"hedge": hedge} if hedge else {}
    return Article(stem, f"In China, {quote}.\n",
                   [c(f"{stem}-nev-production-2020", quote, figure, "vehicles", "value", NP20, **extra)])


def _grew_to(stem: str, growth_text: str, new: str, metric: str = "nev_production") -> Article:
    new_key, old_key = f"china/{metric}/2024", f"china/{metric}/2023"
    quote = f"{metric.replace('nev_', 'NEV ')} grew {growth_text} percent to {new} million units in 2024"
    return Article(stem, f"{quote}.\n", [
        c(f"{stem}-2024", quote, f"{new} million", "vehicles", "value", new_key),
        c(f"{stem}-growth-2024", quote, f"{growth_text} percent", "percent", "change", new_key,
          derivation=growth(new_key, old_key)),
    ], date="2025-01-14")


def _reached(stem: str, figure: str, metric: str = "nev_production") -> Article:
    quote = f"{metric.replace('nev_', 'NEV ')} reached {figure} million units in 2023"
    return Article(stem, f"{quote}.\n", [c(f"{stem}-2023", quote, f"{figure} million", "vehicles", "value",
                                           f"china/{metric}/2023")], date="2024-06-30")


CASES += [
    # roughly 1.4 million = [1.35, 1.45] M against 1.456 million
    Case("cc201-two-articles-one-quantity", [_production_2020("a", "1.4 million", "roughly"),
                                             _production_2020("b", "1.456 million")],
         fires={"CC201": {"a-nev-production-2020", "b-nev-production-2020"}}, silent={"CC101", "CC202"}),
    Case("cc201-two-articles-agree", [_production_2020("a", "1.46 million", "roughly"),
                                      _production_2020("b", "1.456 million")],
         silent={"CC201", "CC202", "CC101"}),
    # 12.89 / 1.344 = [9.5835, 9.5981] M for 2023 against 9.443 million
    Case("cc202-implied-value-conflict", [_grew_to("a", "34.4", "12.89"), _reached("b", "9.443")],
         fires={"CC202": {"a-2024", "a-growth-2024", "b-2023"}}, silent={"CC201", "CC101"}),
    # 12.87 / 1.355 = [9.4945, 9.5018] M against 9.5 million = [9.45, 9.55] M
    Case("cc202-implied-value-agrees", [_grew_to("a", "35.5", "12.87", "nev_sales"), _reached("b", "9.5", "nev_sales")],
         silent={"CC202", "CC201", "CC101"}),
]


# --- CC203 ------------------------------------------------------------------------------------------

RETAIL = "china/nev_share/2023-07/retail"
WHOLESALE = "china/nev_share/2023-07"
SHARE_2023_07 = "share(china/nev_sales/2023-07, china/vehicle_sales/2023-07)"


def _retail(figure: str = "51.1%", stem: str = "a") -> Article:
    quote = f"In July 2023, the retail penetration rate of NEVs reached {figure}"
    return Article(stem, f"{quote}.\n", [c(f"{stem}-retail-share", quote, figure, "percent", "value", RETAIL)])


def _wholesale(figure: str, stem: str = "b") -> Article:
    quote = f"NEVs made up {figure} of all new vehicle sales in July 2023"
    return Article(stem, f"{quote}.\n", [c(f"{stem}-share", quote, figure, "percent", "share", WHOLESALE,
                                           derivation=SHARE_2023_07)])


CASES += [
    Case("cc203-bases-differ", [_retail(), _wholesale("32.7 percent")],
         fires={"CC203": {"a-retail-share", "b-share"}}, silent={"CC201", "CC202", "CC101"}),
    Case("cc203-bases-overlap", [_retail(), _wholesale("51 percent")], silent={"CC203"}),
    Case("cc203-same-basis-is-an-arithmetic-conflict", [_retail("51.1%", "a"), _retail("32.7%", "b")],
         fires={"CC201": {"a-retail-share", "b-retail-share"}}, silent={"CC203"}),
]


# --- CC204 ------------------------------------------------------------------------------------------


def _target_conversion(usd: str, period: str) -> Article:
    quote = f"a goal of 1 trillion yuan (about {usd} billion U.S. dollars) in consumption by 2027"
    return Article("a", f"The plan sets {quote}.\n", [
        c("a-target", quote, "1 trillion yuan", "CNY", "target", "china/subsidy/2027", exact=True),
        c("a-target-usd", quote, f"{usd} billion U.S. dollars", "USD", "conversion", "china/subsidy/2027",
          hedge="about", derivation=f"convert(china/subsidy/2027, fx/cny_per_usd/{period})"),
    ], date="2025-06-30")


CASES += [
    # 20,000 / 2,500 = 8.0 yuan/USD against 7.2957 for January 2025
    Case("cc204-rate-far-from-reference", [_subsidy("2,500", hedge=None)], fires={"CC204": {"a-subsidy-usd"}},
         silent={"CC102"}),
    Case("cc204-rate-at-reference", [_subsidy("2,741")], silent={"CC204"}),
    # no reference for 2025-06: 1 trillion / 120.5 billion = 8.3 yuan/USD (±2 %) is outside every shipped rate
    # since 2023 (7.08-7.30)
    Case("cc204-rate-outside-the-band", [_target_conversion("120.5", "2025-06")], fires={"CC204": {"a-target-usd"}}),
    # "100 billion" is printed to the hundred billion: [50, 150] billion allows 6.7-20 yuan/USD
    Case("cc204-round-figure-allows-the-band", [_target_conversion("100", "2025-06")], silent={"CC204"}),
    # 1 trillion / 139 billion = 7.19 (±2 %): inside the band
    Case("cc204-rate-inside-the-band", [_target_conversion("139", "2025-06")], silent={"CC204"}),
]


# --- CC301 ------------------------------------------------------------------------------------------


def _forecast(figure: str) -> Article:
    quote = f"It is anticipated that {figure} million NEVs will be sold in 2024"
    return Article("f", f"{quote}.\n", [c("f-forecast", quote, f"{figure} million", "vehicles", "forecast", NS24)],
                   date="2024-07-25")


def _sold(figure: str = "12.87") -> Article:
    quote = f"NEV sales reached {figure} million units in 2024"
    return Article("s", f"{quote}.\n", [c("s-sales-2024", quote, f"{figure} million", "vehicles", "value", NS24)])


CASES += [
    Case("cc301-forecast-missed", [_forecast("11.5"), _sold()],
         fires={"CC301:warning": {"f-forecast", "s-sales-2024"}}),
    # the forecast met the outcome: reported for the record (info), not as a miss
    Case("cc301-forecast-met", [_forecast("12.9"), _sold()],
         fires={"CC301:info": {"f-forecast", "s-sales-2024"}}, silent={"CC301:warning"}),
    # a forecast is never a constraint: 11.5 against 12.87 is no conflict
    Case("cc301-no-outcome", [_forecast("11.5")], silent={"CC301", "CC101", "CC201", "CC202"}),
]


def _growth_forecast(figure: str) -> Article:
    quote = f"NEV sales are expected to grow {figure} percent in 2024"
    return Article("f", f"{quote}.\n", [c("f-growth-forecast", quote, f"{figure} percent", "percent", "forecast", NS24,
                                           derivation=growth(NS24, NS23))], date="2024-07-25")


def _sold_both(before: str = "9.5") -> Article:
    quote = f"NEV sales reached 12.87 million units in 2024, from {before} million in 2023"
    return Article("s", f"{quote}.\n", [c("s-sales-2024", quote, "12.87 million", "vehicles", "value", NS24),
                                          c("s-sales-2023", quote, f"{before} million", "vehicles", "value", NS23)],
                   ignore=[{"figure": "2024", "quote": "units in 2024", "reason": "the year"}])


CASES += [
    # a growth forecast is compared with the growth that happened: 12.87 / 9.5 - 1 = [34.9, 36.1] %, not 12.87 million
    Case("cc301-growth-forecast-missed", [_growth_forecast("20.0"), _sold_both()],
         fires={"CC301:warning": {"f-growth-forecast", "s-sales-2024", "s-sales-2023"}}),
    Case("cc301-growth-forecast-met", [_growth_forecast("35.5"), _sold_both()],
         fires={"CC301:info": {"f-growth-forecast", "s-sales-2024", "s-sales-2023"}}, silent={"CC301:warning"}),
]


# --- CC302, CC303 -----------------------------------------------------------------------------------


def _output_and_target(target: str, year: str = "2030", with_growth: bool = False) -> list[Article]:
    output = "The country's total auto output was 31.28 million units in 2024"
    base = Article("o", f"{output}.\n", [c("o-production-2024", output, "31.28 million", "vehicles", "value",
                                           "china/vehicle_production/2024")])
    exports = "the country exported 5.86 million vehicles in 2024, a surge of 19.3 percent year on year"
    goal = f"the goal is an export volume of {target} million vehicles by {year}"
    claims = [c("t-exports-target", goal, f"{target} million", "vehicles", "target", f"china/vehicle_exports/{year}",
                exact=True)]
    if with_growth:
        claims += [c("t-exports-2024", exports, "5.86 million", "vehicles", "value", EX24),
                   c("t-exports-growth-2024", exports, "19.3 percent", "percent", "change", EX24,
                     derivation=growth(EX24, EX23))]
    seed = (f"Last year, {exports}.\n" if with_growth else "") + f"Looking ahead, {goal}.\n"
    return [base, Article("t", seed, claims, date="2025-05-11")]


CASES += [
    Case("cc302-target-above-whole", _output_and_target("40"),
         fires={"CC302": {"t-exports-target", "o-production-2024"}}),
    Case("cc302-target-below-whole", _output_and_target("8"), silent={"CC302"}),
    # 5.86 M -> 30 M in six years is 31 % a year; the best stated export growth is 19.3 %
    Case("cc303-target-growth-implausible", _output_and_target("30", with_growth=True),
         fires={"CC303": {"t-exports-target", "t-exports-2024", "t-exports-growth-2024"}}, silent={"CC302"}),
    # 5.86 M -> 7 M in two years is 9.3 % a year
    Case("cc303-target-growth-plausible", _output_and_target("7", "2026", with_growth=True),
         silent={"CC303", "CC302"}),
]


# --- CC304, CC306 -------------------------------------------------------------------------------------


def _majority_first() -> Article:
    quote = "NEVs accounted for 51.6 percent of all new car sales in October 2025, the majority for the first time"
    share = "share(china/nev_sales/2025-10, china/vehicle_sales/2025-10)"
    return Article("m", f"{quote}.\n", [
        c("m-share-2025-10", quote, "51.6 percent", "percent", "share", "china/nev_share/2025-10", derivation=share),
        c("m-majority-first", quote, "majority", "percent", "first_time", "china/nev_share/2025-10"),
    ], date="2025-11-30")


def _earlier_share(figure: str, period: str = "2023-07", when: str = "July 2023") -> Article:
    quote = f"NEVs made up {figure} of all new vehicle sales in {when}"
    return Article("e", f"{quote}.\n", [c("e-share", quote, figure, "percent", "share", f"china/nev_share/{period}",
                                          derivation=f"share(china/nev_sales/{period}, china/vehicle_sales/{period})")],
                   date="2024-06-30")


CASES += [
    Case("cc304-first-time-contradicted", [_majority_first(), _earlier_share("51.1 percent")],
         fires={"CC304": {"m-majority-first", "e-share"}}, silent={"CC306"}),
    Case("cc304-first-time-holds", [_majority_first(), _earlier_share("40.9 percent", "2024", "2024")],
         silent={"CC304", "CC306"}),
    Case("cc306-first-time-across-bases", [_majority_first(), _retail()],
         fires={"CC306": {"m-majority-first", "a-retail-share"}}, silent={"CC304"}),
    Case("cc306-no-earlier-figure-above-threshold", [_majority_first(), _retail("45.3%")], silent={"CC306", "CC304"}),
    # a later period above the threshold does not contradict a first time
    Case("cc304-later-period-is-not-earlier", [_majority_first(), _earlier_share("53.2 percent", "2025-11",
                                                                               "November 2025")],
         silent={"CC304", "CC306"}),
]


# --- CC305 ------------------------------------------------------------------------------------------


def _highest(shanghai: str) -> list[Article]:
    quote = ("Chongqing's vehicle production reached 1.214 million units in the first half of 2024, "
             "the highest in China")
    key = "chongqing/vehicle_production/2024-H1"
    other = f"Shanghai produced {shanghai} million vehicles in the first half of 2024"
    return [
        Article("r", f"{quote}.\n", [
            c("r-chongqing", quote, "1.214 million", "vehicles", "value", key),
            c("r-chongqing-rank", quote, "highest", "rank", "rank", key, among="china"),
        ]),
        Article("s", f"{other}.\n", [c("s-shanghai", other, f"{shanghai} million", "vehicles", "value",
                                       "shanghai/vehicle_production/2024-H1")]),
    ]


CASES += [
    Case("cc305-sibling-stated-higher", _highest("1.5"), fires={"CC305": {"r-chongqing-rank"}}),
    Case("cc305-sibling-stated-lower", _highest("1.0"), silent={"CC305"}),
    # 1.2 million = [1.15, 1.25] M overlaps 1.214 million: not higher, so no contradiction
    Case("cc305-sibling-possibly-equal", _highest("1.2"), silent={"CC305"}),
]


# --- running a case -------------------------------------------------------------------------------------


def build(make_registry, case: Case) -> api.CheckResult:
    first, *rest = case.articles
    claims_dir, seeds_dir = make_registry("", "", case.quantities)
    (seeds_dir / "t.txt").unlink()
    (claims_dir / "t.yaml").unlink()
    for article in case.articles:
        (seeds_dir / f"{article.stem}.txt").write_text(article.seed, encoding="utf-8")
        (claims_dir / f"{article.stem}.yaml").write_text(article.yaml(), encoding="utf-8")
    return api.check(claims_dir, seeds_dir, acknowledgements=claims_dir.parent / "no-acknowledgements.yaml")


def matching(result: api.CheckResult, code: str) -> list[Finding]:
    code, _, severity = code.partition(":")
    return [f for f in result.findings if f.code == code and (not severity or f.severity.value == severity)]


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_rule(make_registry, case: Case) -> None:
    result = build(make_registry, case)
    # the registry is realistic: it validates cleanly, so nothing below is load noise
    assert [str(f) for f in result.validation.findings] == []
    shown = [(f.code, f.severity.value, sorted(f.claims)) for f in result.findings]
    for code, claims in case.fires.items():
        found = matching(result, code)
        assert found, (code, shown)
        if claims is not None:
            assert any(set(f.claims) == claims for f in found), (code, claims, shown)
    for code in case.silent:
        assert matching(result, code) == [], (code, shown)


# --- details the table cannot say ------------------------------------------------------------------------


def test_cc101_names_the_quantity_and_the_gap(make_registry) -> None:
    result = build(make_registry, CASES[0])
    (f,) = matching(result, "CC101")
    assert f.severity == Severity.ERROR
    # placed at the most precisely printed claim: 12.87 M stated, 9.0 M up 35.5 % implies 12.12-12.27 M
    assert f.quantities == (NS24,)
    assert f.stated == "[12.865, 12.875] million"
    assert f.recomputed == "[12.123, 12.267] million"
    assert f.gap == pytest.approx(12.865e6 - 9.05e6 * 1.3555)


def test_cc204_reports_the_implied_rate_and_the_reference(make_registry) -> None:
    result = build(make_registry, next(k for k in CASES if k.name == "cc204-rate-far-from-reference"))
    (f,) = matching(result, "CC204")
    assert f.quantities == ("fx/cny_per_usd/2025-01",)
    assert f.recomputed == "[7.296, 7.296] yuan/USD"
    # "2,500" is printed to the fifty: [2,450, 2,550] dollars implies [7.843, 8.163] yuan/USD
    assert f.stated == "[7.843, 8.163] yuan/USD"
    assert f.gap == pytest.approx(20_000 / 2_550 - 7.2957, rel=1e-6)


def test_cc301_gives_the_error_in_percent_only_of_a_positive_outcome(make_registry) -> None:
    """Against an outcome of 12.87 million the error is given in units and percent; against "0 million", in units only."""
    (f,) = matching(build(make_registry, next(k for k in CASES if k.name == "cc301-forecast-missed")), "CC301")
    # [11.45, 11.55] against [12.865, 12.875]: 11.45 - 12.875 to 11.55 - 12.865, and 11.45 / 12.875 - 1 to 11.55 / 12.865 - 1
    assert f.message.endswith("error [-1.425, -1.315] million ([-11.068, -10.222] %)")
    assert f.rel_gap == pytest.approx((11.55 / 12.865 - 1) * 100)
    (f,) = matching(build(make_registry, Case("cc301-nothing-sold", [_forecast("11.5"), _sold("0")])), "CC301")
    # "0 million" is [-0.5, 0.5] million as printed: no percent of an outcome that may be zero
    assert f.message.endswith("against outcome [-500000, 500000] (s-sales-2024): error [10.95, 12.05] million")
    assert "%" not in f.explanation and f.rel_gap is None


def test_cc301_compares_a_growth_forecast_with_the_growth_in_points(make_registry) -> None:
    """A forecast growth rate against the rate the outcomes give, never against a level shown in percent."""
    case = next(k for k in CASES if k.name == "cc301-growth-forecast-missed")
    (f,) = matching(build(make_registry, case), "CC301")
    # [19.95, 20.05] % against 12.87 / 9.5 - 1 = [12.865 / 9.55, 12.875 / 9.45] - 1 = [34.71, 36.24] %
    assert f.message == ("china/nev_sales/2024: forecast 20.0 percent (f-growth-forecast) against outcome "
                         "[34.71, 36.24] % (s-sales-2024, s-sales-2023): error [-16.29, -14.66] pp")
    assert f.rel_gap is None and f.stated == "[19.95, 20.05] %"


def test_cc305_rank_on_a_growth_rate(make_registry) -> None:
    """'the fastest growth' is checked on the growth rate, with the sibling's rate from its own figures."""
    key, other = "chongqing/nev_production/2024-H1", "shanghai/nev_production/2024-H1"
    fast = ("NEV production surged to 391,000 units in the first half of 2024, a 150% year-on-year increase, "
            "the fastest growth in China")
    old = "shanghai/nev_production/2023-H1"

    def shanghai(before: str) -> Article:
        slow = f"Shanghai made 312,400 NEVs in the first half of 2024, up from {before} a year earlier"
        return Article("s", f"{slow}.\n", [
            c("s-production", slow, "312,400", "vehicles", "value", other),
            c("s-production-before", slow, before, "vehicles", "value", old),
        ])

    rank = Article("r", f"{fast}.\n", [
        c("r-production", fast, "391,000", "vehicles", "value", key),
        c("r-growth", fast, "150%", "percent", "change", key,
          derivation=growth(key, "chongqing/nev_production/2023-H1")),
        c("r-rank", fast, "fastest", "rank", "rank", key, among="china",
          derivation=growth(key, "chongqing/nev_production/2023-H1")),
    ])
    result = build(make_registry, Case("rank-growth", [rank, shanghai("104,100")]))
    assert result.validation.findings == []
    (f,) = matching(result, "CC305")  # Shanghai tripled (+200 %): faster than Chongqing's 150 %
    assert f.claims == ("r-rank",)
    assert f.quantities == (key,)
    # the rates are shown as rates, in percent (not in the unit of the production levels)
    assert f.message.endswith("but shanghai is [199.904, 200.288] % against [144.37, 155.65] %")
    assert (f.stated, f.recomputed) == ("[144.37, 155.65] %", "[199.904, 200.288] %")
    # up 50 % from 208,300: slower, no contradiction
    assert matching(build(make_registry, Case("rank-growth-ok", [rank, shanghai("208,300")])), "CC305") == []


# --- the rule registry ----------------------------------------------------------------------------------


def test_every_rule_is_well_formed() -> None:
    assert REGISTRY
    for code, rule in REGISTRY.items():
        assert re.fullmatch(r"CC\d{3}", code) and rule.code == code
        assert rule.title.strip() and "\n" not in rule.title
        assert rule.failing.strip() and rule.passing.strip() and rule.failing != rule.passing
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", rule.slug)
    assert len({r.slug for r in REGISTRY.values()}) == len(REGISTRY)


def test_the_engine_rules_are_the_documented_ones() -> None:
    assert ENGINE_CODES == ["CC101", "CC102", "CC103", "CC104", "CC105", "CC201", "CC202", "CC203", "CC204",
                            "CC301", "CC302", "CC303", "CC304", "CC305", "CC306"]
    assert REGISTRY["CC102"].severity == INFO


@pytest.mark.parametrize("code", ENGINE_CODES)
def test_every_engine_rule_has_a_firing_and_a_silent_case(code: str) -> None:
    def base(k: str) -> str:
        return k.partition(":")[0]
    firing = [k.name for k in CASES if any(base(x) == code for x in k.fires)]
    silent = [k.name for k in CASES if any(base(x) == code for x in k.silent)]
    assert firing, f"{code} has no case where it must fire"
    assert silent, f"{code} has no case where it must not fire"


def test_every_code_in_the_cases_is_registered() -> None:
    used = {k.partition(":")[0] for case in CASES for k in (*case.fires, *case.silent)}
    assert used <= set(REGISTRY)
    keys = [k for case in CASES for k in (*case.fires, *case.silent)]
    assert all(re.fullmatch(r"CC\d{3}(:(error|warning|info))?", k) for k in keys)
    assert len({case.name for case in CASES}) == len(CASES)


def test_this_file_names_every_engine_rule() -> None:
    source = Path(__file__).read_text(encoding="utf-8")
    assert [code for code in ENGINE_CODES if f'"{code}' not in source] == []
