"""The dense "topic" mode of ``benchmarks/synth.py``: one market written up by many articles.

A topic is one market (``t003_china`` with its carmakers ``t003_avanta``... and regions
``t003_guangdong``...) and its hidden truth: monthly figures for 2019-2025 of vehicle sales, NEV
sales (split into battery-electric and plug-in hybrid), production, exports (split into passenger
cars and commercial vehicles), the yuan value of exports, carmakers' NEV sales and regions'
production, plus a second agency's retail-basis series of NEV sales, vehicle sales and NEV share
(``/retail``: NEV sales 3-8 % below the wholesale count) and the shipped CNY-per-USD reference
rates. Quarter, half-year and year figures are exact sums of months (fractions); shares follow
from their definitions.

Articles (10-60 claims each) print random subsets of that truth the way articles print it:
counts to 2-4 significant digits ("12.87 million", "242,000"), rates and shares to a tenth,
hedged with "about", "roughly", "nearly", "over" within the registry's semantics, with the
stated relations as derivations (growth on the year or the month before, shares, point changes,
folds, sums of stated breakdowns and of months or quarters, conversions at the month's rate),
and forecasts made before the outcome. Some articles are reprinted word for word by other
outlets; later articles restate earlier ones. Every figure printed from one truth can hold at
once, so a registry without injections has no conflict. A topic is one connected component:
articles tie sales, exports, production, carmakers, regions and the retail basis together
(shares, exports' share of sales, the average export value by definition, the wholesale count
against the retail one), and a final "Industry Digest" ties in any piece still apart.

:func:`inject` then reprints K claims with the slips articles make (a wrong period, a scale
word, transposed or wrong digits, a growth rate printed as a level or the reverse, a point
change computed from rounded shares, the second agency's figure without its basis), each only
where the claims that pin it imply an interval disjoint from the slip.
"""

from __future__ import annotations

import math
import random
import re
from dataclasses import dataclass, field, replace
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_EVEN, Decimal
from fractions import Fraction
from typing import Callable, Iterator

from synth import Article, Fact, _claim, _stated, print_count, print_decimal, round_sig

FIRST_YEAR, LAST_YEAR = 2019, 2025
#: articles report periods from this year on (2019 is there to compare with)
FIRST_REPORTED = 2020
MONTHS = 12 * (LAST_YEAR - FIRST_YEAR + 1)
CLAIMS_PER_TOPIC = 10_000
MIN_CLAIMS, MAX_CLAIMS = 10, 60

MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
               "November", "December")
AP_MONTHS = ("Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec.")
ORDINALS = ("first", "second", "third", "fourth")
SEASON = (0.85, 0.65, 1.0, 0.95, 0.98, 1.05, 0.92, 0.97, 1.05, 1.05, 1.1, 1.25)

#: the CNY-per-USD rates shipped in src/claimcheck/data/fx_reference.csv (Federal Reserve H.10 / G.5A):
#: a conversion is printed at the reference rate of its period, so CC204 stays quiet
FX_REFERENCE = {"2020": "6.9042", "2021": "6.4508", "2022": "6.7290", "2023": "7.0809", "2023-06": "7.1614",
                "2024-04": "7.2374", "2024-05": "7.2327", "2024-06": "7.2547", "2024-10": "7.0881",
                "2024-11": "7.2063", "2024-12": "7.2807", "2025-01": "7.2957", "2025-02": "7.2734"}

MAKERS = (("avanta", "Avanta Motors"), ("brightway", "Brightway Auto"), ("corvel", "Corvel"),
          ("dunmore", "Dunmore EV"), ("estrel", "Estrel Automobile"))
REGIONS = (("guangdong", "Guangdong"), ("shanghai", "Shanghai"), ("jilin", "Jilin"), ("anhui", "Anhui"))
WIRES = ("Synth Wire", "Model Daily", "Interval Times", "Rounding Post", "Ledger News", "Market Herald")
WHOLESALE = "the Automobile Manufacturers Association"
RETAIL = "the Passenger Car Retail Association"

#: what an article writes for a metric (the entity's name is filled in)
SUBJECT = {"vehicle_sales": "Vehicle sales in {where}", "nev_sales": "NEV sales in {where}",
           "bev_sales": "Battery-electric vehicle sales in {where}", "phev_sales": "Plug-in hybrid sales in {where}",
           "vehicle_production": "Vehicle production in {where}", "vehicle_exports": "Vehicle exports from {where}",
           "passenger_car_exports": "Passenger car exports from {where}",
           "commercial_vehicle_exports": "Commercial vehicle exports from {where}"}
MAKER_SUBJECT = "{where}'s NEV sales"
REGION_SUBJECT = "Vehicle output in {where}"

QUANTITIES_HEAD = """\
# Dense synthetic registry built by benchmarks/synth.py --mode topic: one market per topic.
entities:
  world: {name: the world}
%(entities)s
metrics:
  vehicle_sales:
    unit: vehicles
    description: new vehicles sold (wholesale)
    bases: {retail: retail sales counted by the second agency}
  nev_sales:
    unit: vehicles
    description: new-energy vehicles sold (wholesale)
    part_of: vehicle_sales
    bases: {retail: retail sales counted by the second agency}
  bev_sales: {unit: vehicles, description: battery-electric vehicles sold, part_of: nev_sales}
  phev_sales: {unit: vehicles, description: plug-in hybrid vehicles sold, part_of: nev_sales}
  nev_share:
    unit: percent
    description: NEV share of new vehicle sales
    definition: share(nev_sales, vehicle_sales)
    bases: {retail: retail penetration counted by the second agency}
  vehicle_production: {unit: vehicles, description: vehicles produced}
  vehicle_exports: {unit: vehicles, description: vehicles exported, part_of: vehicle_production}
  passenger_car_exports: {unit: vehicles, description: passenger cars exported, part_of: vehicle_exports}
  commercial_vehicle_exports: {unit: vehicles, description: commercial vehicles exported, part_of: vehicle_exports}
  export_value: {unit: CNY, description: value of vehicle exports in yuan}
  export_unit_value:
    unit: CNY
    description: average value of an exported vehicle in yuan
    definition: export_value / vehicle_exports
  export_share:
    unit: percent
    description: exports as a share of vehicle sales (sales include exports)
    definition: share(vehicle_exports, vehicle_sales)
  cny_per_usd: {unit: CNY_per_USD, description: yuan per U.S. dollar}
  nev_market_share: {unit: percent, description: a carmaker's share of the market's NEV sales}
  production_share: {unit: percent, description: a region's share of the market's vehicle production}
"""


# --- periods -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """A reporting period: a month, quarter, half or year (``n`` is its number within the year)."""

    year: int
    kind: str  # "month" | "quarter" | "half" | "year"
    n: int = 0

    @property
    def key(self) -> str:
        """The period as a quantity key writes it: ``2024``, ``2024-07``, ``2024-Q1``, ``2024-H1``."""
        if self.kind == "month":
            return f"{self.year}-{self.n:02d}"
        if self.kind == "quarter":
            return f"{self.year}-Q{self.n}"
        if self.kind == "half":
            return f"{self.year}-H{self.n}"
        return str(self.year)

    @property
    def phrase(self) -> str:
        """The period as an article writes it."""
        if self.kind == "month":
            return f"{MONTH_NAMES[self.n - 1]} {self.year}"
        if self.kind == "quarter":
            return f"the {ORDINALS[self.n - 1]} quarter of {self.year}"
        if self.kind == "half":
            return f"the {ORDINALS[self.n - 1]} half of {self.year}"
        return str(self.year)

    @property
    def short(self) -> str:
        """The period named without its year, as a breakdown within the same year names it."""
        if self.kind == "month":
            return MONTH_NAMES[self.n - 1]
        if self.kind in ("quarter", "half"):
            return f"the {ORDINALS[self.n - 1]} {self.kind}"
        return str(self.year)

    def months(self) -> range:
        """Indices (0 = January of FIRST_YEAR) of the months the period covers."""
        first = {"month": self.n, "quarter": 3 * self.n - 2, "half": 6 * self.n - 5, "year": 1}[self.kind]
        length = {"month": 1, "quarter": 3, "half": 6, "year": 12}[self.kind]
        start = (self.year - FIRST_YEAR) * 12 + first - 1
        return range(start, start + length)

    def parts(self) -> list[Period]:
        """The periods a total is the sum of: a quarter's months, a half's quarters, a year's halves."""
        if self.kind == "quarter":
            return [Period(self.year, "month", 3 * self.n - 2 + i) for i in range(3)]
        if self.kind == "half":
            return [Period(self.year, "quarter", 2 * self.n - 1 + i) for i in range(2)]
        if self.kind == "year":
            return [Period(self.year, "half", 1), Period(self.year, "half", 2)]
        return []

    def year_before(self) -> Period:
        return replace(self, year=self.year - 1)

    def before(self) -> Period:
        """The period of the same kind just before."""
        per_year = {"month": 12, "quarter": 4, "half": 2, "year": 1}[self.kind]
        if self.kind == "year":
            return self.year_before()
        return Period(self.year, self.kind, self.n - 1) if self.n > 1 else Period(self.year - 1, self.kind, per_year)

    def after(self) -> Period:
        """The period of the same kind just after."""
        per_year = {"month": 12, "quarter": 4, "half": 2, "year": 1}[self.kind]
        if self.kind == "year":
            return replace(self, year=self.year + 1)
        return Period(self.year, self.kind, self.n + 1) if self.n < per_year else Period(self.year + 1, self.kind, 1)

    def in_range(self) -> bool:
        return FIRST_YEAR <= self.year <= LAST_YEAR


def period_of(key: str) -> Period:
    """Read a quantity key's period segment back."""
    text = key.split("/")[2]
    year = int(text[:4])
    if len(text) == 4:
        return Period(year, "year")
    tail = text[5:]
    if tail[0] == "Q":
        return Period(year, "quarter", int(tail[1:]))
    if tail[0] == "H":
        return Period(year, "half", int(tail[1:]))
    return Period(year, "month", int(tail))


def with_period(key: str, period: Period) -> str:
    """The same quantity key for another period."""
    parts = key.split("/")
    parts[2] = period.key
    return "/".join(parts)


# --- the hidden truth ---------------------------------------------------------------------------------


@dataclass
class Market:
    """One topic's hidden truth: monthly series per (entity, metric, basis), rates, names."""

    topic: int
    prefix: str
    country: str
    makers: list[tuple[str, str]]
    regions: list[tuple[str, str]]
    fx_entity: str
    monthly: dict[tuple[str, str, str | None], list[int]] = field(default_factory=dict)
    _memo: dict[str, Fraction] = field(default_factory=dict)

    def name(self, entity: str) -> str:
        """The entity's name as articles print it."""
        if entity == self.country:
            return "China"
        return dict(self.makers + self.regions)[entity]

    def value(self, key: str) -> Fraction:
        """The exact true value of a quantity key (sums of months; shares by definition)."""
        if key not in self._memo:
            self._memo[key] = self._compute(key)
        return self._memo[key]

    def _compute(self, key: str) -> Fraction:
        parts = key.split("/")
        entity, metric, basis = parts[0], parts[1], parts[3] if len(parts) > 3 else None
        period = period_of(key)
        tail = f"/{basis}" if basis else ""
        if metric == "cny_per_usd":
            return Fraction(FX_REFERENCE[period.key])
        if metric == "nev_share":
            return (self.value(f"{entity}/nev_sales/{period.key}{tail}")
                    / self.value(f"{entity}/vehicle_sales/{period.key}{tail}") * 100)
        if metric == "export_share":
            return (self.value(f"{entity}/vehicle_exports/{period.key}")
                    / self.value(f"{entity}/vehicle_sales/{period.key}") * 100)
        if metric == "export_unit_value":
            return self.value(f"{entity}/export_value/{period.key}") / self.value(f"{entity}/vehicle_exports/{period.key}")
        if metric == "nev_market_share":
            return (self.value(f"{entity}/nev_sales/{period.key}")
                    / self.value(f"{self.country}/nev_sales/{period.key}") * 100)
        if metric == "production_share":
            return (self.value(f"{entity}/vehicle_production/{period.key}")
                    / self.value(f"{self.country}/vehicle_production/{period.key}") * 100)
        series = self.monthly[(entity, metric, basis)]
        return Fraction(sum(series[i] for i in period.months()))


def _logistic(t: float, start: float, end: float, middle: float, width: float) -> float:
    return start + (end - start) / (1 + math.exp(-(t - middle) / width))


def market_truth(topic: int, rng: random.Random) -> Market:
    """Draw one market's monthly truth for 2019-2025."""
    prefix = f"t{topic:03d}"
    country = f"{prefix}_china"
    makers = [(f"{prefix}_{slug}", name) for slug, name in MAKERS]
    regions = [(f"{prefix}_{slug}", name) for slug, name in REGIONS]
    mk = Market(topic, prefix, country, makers, regions, f"{prefix}_fx")
    annual = rng.uniform(18e6, 32e6)
    share_start, share_end = rng.uniform(0.03, 0.06), rng.uniform(0.45, 0.6)
    middle, width = rng.uniform(36, 60), rng.uniform(6, 12)
    bev_start, bev_end = rng.uniform(0.75, 0.85), rng.uniform(0.5, 0.65)
    price = rng.uniform(110_000, 140_000)
    series: dict[str, list[int]] = {m: [] for m in ("V", "N", "B", "P", "X", "PX", "Nr", "Vr", "XV")}
    for i in range(MONTHS):
        if i % 12 == 0 and i:
            annual *= 1 + rng.uniform(-0.04, 0.09)
        v = annual / 12 * SEASON[i % 12] * rng.uniform(0.94, 1.06)
        n = v * min(0.95, _logistic(i, share_start, share_end, middle, width) * rng.uniform(0.95, 1.05))
        p = v * rng.uniform(1.0, 1.05)
        x = p * (0.04 + 0.16 * i / (MONTHS - 1)) * rng.uniform(0.9, 1.1)
        series["V"].append(round(v))
        series["N"].append(round(n))
        series["B"].append(round(n * (bev_start + (bev_end - bev_start) * i / (MONTHS - 1)) * rng.uniform(0.97, 1.03)))
        series["P"].append(round(p))
        series["X"].append(round(x))
        series["PX"].append(round(x * rng.uniform(0.8, 0.9)))
        series["Nr"].append(round(n * (1 - rng.uniform(0.03, 0.08))))
        series["Vr"].append(round(v * (1 - rng.uniform(0.10, 0.16))))
        series["XV"].append(round(x * price * (1 + 0.006 * i) * rng.uniform(0.97, 1.03)))
    c = country
    mk.monthly = {(c, "vehicle_sales", None): series["V"], (c, "nev_sales", None): series["N"],
                  (c, "bev_sales", None): series["B"],
                  (c, "phev_sales", None): [n - b for n, b in zip(series["N"], series["B"])],
                  (c, "vehicle_production", None): series["P"], (c, "vehicle_exports", None): series["X"],
                  (c, "passenger_car_exports", None): series["PX"],
                  (c, "commercial_vehicle_exports", None): [x - px for x, px in zip(series["X"], series["PX"])],
                  (c, "nev_sales", "retail"): series["Nr"], (c, "vehicle_sales", "retail"): series["Vr"],
                  (c, "export_value", None): series["XV"]}
    mk.monthly.update(_split(series["N"], makers, "nev_sales", rng.uniform(0.55, 0.75), rng))
    mk.monthly.update(_split(series["P"], regions, "vehicle_production", rng.uniform(0.4, 0.6), rng))
    return mk


def _split(total: list[int], entities: list[tuple[str, str]], metric: str, covered: float,
           rng: random.Random) -> dict[tuple[str, str, str | None], list[int]]:
    """Monthly series of entities that take drifting shares (together ``covered``) of a total."""
    weights = [rng.uniform(0.5, 3) for _ in entities]
    out: dict[tuple[str, str, str | None], list[int]] = {(e, metric, None): [] for e, _ in entities}
    for value in total:
        weights = [w * rng.uniform(0.97, 1.03) for w in weights]
        scale = covered / sum(weights)
        for (e, _), w in zip(entities, weights):
            out[(e, metric, None)].append(round(value * w * scale))
    return out


# --- printing ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Style:
    """How a figure is printed: ``count`` and ``yuan`` (significant digits), ``cny``/``usd`` (billions,
    significant digits), ``percent``/``pp``/``fold``/``rate`` (decimals), and the rounding direction."""

    kind: str
    digits: int
    rounding: str = ROUND_HALF_EVEN

    def render(self, value: Fraction) -> str:
        """Print ``value`` in this style."""
        if self.kind == "count":
            return print_count(value, self.digits, self.rounding)
        if self.kind == "yuan":
            return f"{int(round_sig(value, self.digits, self.rounding)):,} yuan"
        if self.kind in ("cny", "usd"):
            scale, word = (10**9, "billion") if value >= 10**9 else (10**6, "million")
            number = round_sig(value / scale, self.digits, self.rounding)
            if number.adjusted() + 1 > self.digits:
                number = round_sig(value / scale, number.adjusted() + 1, self.rounding)
            return f"{number:f} {word} yuan" if self.kind == "cny" else f"US${number:f} {word}"
        text = _decimal(value, self.digits, self.rounding)
        return {"percent": f"{text} percent", "pp": f"{text} percentage points", "fold": f"{text}-fold",
                "rate": text}[self.kind]


def _decimal(value: Fraction, decimals: int, rounding: str) -> str:
    if rounding == ROUND_HALF_EVEN:
        return print_decimal(value, decimals)
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return f"{exact.quantize(Decimal(1).scaleb(-decimals), rounding=rounding):f}"


PERCENT, PP, FOLD = Style("percent", 1), Style("pp", 1), Style("fold", 1)


def count_style(rng: random.Random) -> Style:
    return Style("count", rng.choice((2, 3, 3, 4, 4, 4)))


# --- claims and facts ----------------------------------------------------------------------------------


def make_claim(slug: str, style: Style, value: Fraction, unit: str, kind: str, quantity: str, *,
               hedge: str | None = None, derivation: str | None = None, made: str | None = None) -> dict[str, object]:
    """A claim printed from its true value; ``_``-keys (style, value, slug) stay out of the registry."""
    c = _claim("", style.render(value), unit, kind, quantity, hedge=hedge, derivation=derivation, made=made)
    c.update(_style=style, _value=value, _slug=slug)
    return c


def fact(sentence: str, claims: list[dict[str, object]]) -> Fact | None:
    """A sentence and its claims, or None when two of its figures print alike (provenance would find one twice)."""
    figures = [str(c["figure"]) for c in claims]
    if len(set(figures)) < len(figures):
        return None
    return Fact(sentence, claims)


def _lower(text: str) -> str:
    """Lower-case a sentence's first word unless it is an acronym ("NEV sales" stays)."""
    return text[0].lower() + text[1:] if text[1:2].islower() else text


def _rate_phrase(growth: str, comparison: str) -> str:
    return f"up {growth} percent {comparison}" if not growth.startswith("-") else \
        f"a change of {growth} percent {comparison}"


class Writer:
    """Builds the facts an article can print about one market (``mk``), drawing styles from ``rng``."""

    def __init__(self, mk: Market, rng: random.Random) -> None:
        self.mk = mk
        self.rng = rng

    def key(self, entity: str, metric: str, period: Period, basis: str | None = None) -> str:
        return f"{entity}/{metric}/{period.key}" + (f"/{basis}" if basis else "")

    def subject(self, entity: str, metric: str) -> str:
        if entity == self.mk.country:
            return SUBJECT[metric].format(where="China")
        if metric == "nev_sales":
            return MAKER_SUBJECT.format(where=self.mk.name(entity))
        return REGION_SUBJECT.format(where=self.mk.name(entity))

    def count(self, key: str, slug: str, *, hedge: str | None = None, style: Style | None = None) -> dict[str, object]:
        """A value claim for a count, with a hedge printed as that hedge allows."""
        value = self.mk.value(key)
        kind = "value"
        if hedge in ("over", "more than"):
            style, kind = Style("count", 2, ROUND_FLOOR), "bound"
        elif hedge in ("nearly", "almost"):
            style = Style("count", 2, ROUND_CEILING)
        elif hedge:
            style = Style("count", self.rng.choice((2, 3)))
        return make_claim(slug, style or count_style(self.rng), value, "vehicles", kind, key, hedge=hedge)

    def growth(self, new: str, old: str, slug: str) -> dict[str, object]:
        value = (self.mk.value(new) / self.mk.value(old) - 1) * 100
        return make_claim(slug, PERCENT, value, "percent", "change", new, derivation=f"growth({new}, {old})")

    # -- sentences --

    def value_growth(self, entity: str, metric: str, p: Period, monthly: bool = False,
                     basis: str | None = None, who: str = "", since: Period | None = None) -> Fact | None:
        """"NEV sales in China rose to 1.21 million units in July 2024, up 12.4 percent year on year".

        The growth is on the year before, or on the month before (``monthly``), or since ``since``.
        """
        key = self.key(entity, metric, p, basis)
        old_p = since or (p.before() if monthly else p.year_before())
        if not old_p.in_range():
            return None
        old = self.key(entity, metric, old_p, basis)
        value = self.count(key, f"{metric}-{p.key}")
        rate = self.growth(key, old, f"{metric}-growth-{p.key}")
        comparison = f"from {old_p.phrase}" if since else f"from {old_p.short}" if monthly else "year on year"
        subject = self.subject(entity, metric) if not basis else "Retail NEV sales"
        return fact(f"{who}{_lower(subject) if who else subject} reached {value['figure']} units in {p.phrase}, "
                    f"{_rate_phrase(str(rate['figure']).split()[0], comparison)}", [value, rate])

    def hedged_value(self, entity: str, metric: str, p: Period) -> Fact | None:
        """"China sold roughly 12.9 million NEVs in 2024" (or over, nearly, about, or unhedged)."""
        hedge = self.rng.choice((None, "about", "roughly", "nearly", "over", "more than", "almost"))
        key = self.key(entity, metric, p)
        c = self.count(key, f"{metric}-{p.key}-restated")
        if hedge:
            c = self.count(key, f"{metric}-{p.key}-{hedge.replace(' ', '-')}", hedge=hedge)
        word = f"{hedge} " if hedge else ""
        return fact(f"{self.subject(entity, metric)} came to {word}{c['figure']} units in {p.phrase}", [c])

    def share(self, p: Period, with_change: bool, basis: str | None = None) -> Fact | None:
        """"NEVs accounted for 40.9 percent of new vehicle sales in 2024, up 9.3 percentage points"."""
        c = self.mk.country
        s, n, v = (self.key(c, m, p, basis) for m in ("nev_share", "nev_sales", "vehicle_sales"))
        share = make_claim(f"nev-share-{p.key}", PERCENT, self.mk.value(s), "percent", "share", s,
                           derivation=f"share({n}, {v})")
        what = "retail sales counted by " + RETAIL if basis else "all new vehicle sales"
        claims = [share]
        sentence = f"NEVs accounted for {share['figure']} of {what} in {p.phrase}"
        if with_change:
            s0 = self.key(c, "nev_share", p.year_before(), basis)
            change = self.mk.value(s) - self.mk.value(s0)
            if change > 0:
                pp = make_claim(f"nev-share-change-{p.key}", PP, change, "pp", "point_change", s,
                                derivation=f"point_change({s}, {s0})")
                claims.append(pp)
                sentence += f", up {pp['figure']} from a year earlier"
        return fact(sentence, claims)

    def breakdown(self, total_metric: str, parts: tuple[str, str], words: tuple[str, str], p: Period) -> Fact | None:
        """"Of the 1.42 million vehicles exported in 2024, 1.18 million were passenger cars and 242,000 ..."."""
        c = self.mk.country
        total = self.key(c, total_metric, p)
        part_keys = [self.key(c, m, p) for m in parts]
        t = make_claim(f"{total_metric}-{p.key}-total", count_style(self.rng), self.mk.value(total), "vehicles", "sum",
                       total, derivation=f"sum({', '.join(part_keys)})")
        a, b = (self.count(k, f"{m}-{p.key}") for k, m in zip(part_keys, parts))
        return fact(f"{self.subject(c, total_metric)} totaled {t['figure']} units in {p.phrase}, of which "
                    f"{a['figure']} were {words[0]} and {b['figure']} {words[1]}", [t, a, b])

    def period_sum(self, entity: str, metric: str, p: Period) -> Fact | None:
        """"NEV sales in China totaled 2.1 million units in the first quarter of 2024: 0.6 million in January, ..."."""
        total = self.key(entity, metric, p)
        part_keys = [self.key(entity, metric, q) for q in p.parts()]
        t = make_claim(f"{metric}-{p.key}-total", count_style(self.rng), self.mk.value(total), "vehicles", "sum",
                       total, derivation=f"sum({', '.join(part_keys)})")
        parts = [self.count(k, f"{metric}-{q.key}") for k, q in zip(part_keys, p.parts())]
        listed = [f"{c['figure']} in {q.short}" for c, q in zip(parts, p.parts())]
        listing = ", ".join(listed[:-1]) + f" and {listed[-1]}"
        return fact(f"{self.subject(entity, metric)} totaled {t['figure']} units in {p.phrase}: {listing}", [t, *parts])

    def fold(self, metric: str, year: int, base: int) -> Fact | None:
        """"Vehicle exports from China rose from 1.0 million in 2020 to 5.9 million in 2024, a 5.9-fold increase"."""
        c = self.mk.country
        new, old = self.key(c, metric, Period(year, "year")), self.key(c, metric, Period(base, "year"))
        ratio = self.mk.value(new) / self.mk.value(old)
        if ratio < Fraction(3, 2):
            return None
        a, b = self.count(old, f"{metric}-{base}"), self.count(new, f"{metric}-{year}")
        f = make_claim(f"{metric}-fold-{year}", FOLD, ratio, "ratio", "fold", new, derivation=f"fold({new}, {old})")
        return fact(f"{self.subject(c, metric)} rose from {a['figure']} in {base} to {b['figure']} in {year}, a "
                    f"{f['figure']} increase", [a, b, f])

    def conversion(self, p: Period) -> Fact | None:
        """"Vehicle exports were worth 310 billion yuan (about US$43.8 billion) in 2023"."""
        if p.key not in FX_REFERENCE:
            return None
        amount = self.key(self.mk.country, "export_value", p)
        rate = self.key(self.mk.fx_entity, "cny_per_usd", p)
        yuan = make_claim(f"export-value-{p.key}", Style("cny", self.rng.choice((3, 4))), self.mk.value(amount), "CNY",
                          "value", amount)
        hedge = self.rng.choice((None, "about"))
        usd = make_claim(f"export-value-usd-{p.key}", Style("usd", 3), self.mk.value(amount) / self.mk.value(rate),
                         "USD", "conversion", amount, hedge=hedge, derivation=f"convert({amount}, {rate})")
        word = f"{hedge} " if hedge else ""
        sentence = f"Vehicle exports from China were worth {yuan['figure']} ({word}{usd['figure']}) in {p.phrase}"
        claims = [yuan, usd]
        if self.rng.random() < 0.7:
            unit = self.key(self.mk.country, "export_unit_value", p)
            average = make_claim(f"export-unit-value-{p.key}", Style("yuan", 3), self.mk.value(unit), "CNY", "value",
                                 unit)
            sentence += f", an average of {average['figure']} per vehicle"
            claims.append(average)
        return fact(sentence, claims)

    def unit_value(self, p: Period) -> Fact | None:
        """"An exported vehicle was worth 142,000 yuan on average in 2023" (export value over exports, by definition)."""
        unit = self.key(self.mk.country, "export_unit_value", p)
        average = make_claim(f"export-unit-value-{p.key}", Style("yuan", 3), self.mk.value(unit), "CNY", "value", unit)
        return fact(f"An exported vehicle was worth {average['figure']} on average in {p.phrase}", [average])

    def export_share(self, p: Period) -> Fact | None:
        """"Exports made up 15.2 percent of vehicle sales in 2024" (sales count exports)."""
        c = self.mk.country
        s, x, v = (self.key(c, m, p) for m in ("export_share", "vehicle_exports", "vehicle_sales"))
        share = make_claim(f"export-share-{p.key}", PERCENT, self.mk.value(s), "percent", "share", s,
                           derivation=f"share({x}, {v})")
        return fact(f"Exports made up {share['figure']} of vehicle sales in China in {p.phrase}", [share])

    def fx_rate(self, p: Period) -> Fact | None:
        """"The yuan averaged 7.09 per U.S. dollar in 2023"."""
        if p.key not in FX_REFERENCE:
            return None
        key = self.key(self.mk.fx_entity, "cny_per_usd", p)
        c = make_claim(f"cny-per-usd-{p.key}", Style("rate", self.rng.choice((2, 3, 4))), self.mk.value(key),
                       "CNY_per_USD", "value", key)
        return fact(f"The yuan averaged {c['figure']} per U.S. dollar in {p.phrase}", [c])

    def maker(self, entity: str, p: Period) -> Fact | None:
        """"Avanta Motors's NEV sales reached 312,000 units in 2024, up 21.4 percent ..., 2.4 percent of the market"."""
        base = self.value_growth(entity, "nev_sales", p)
        if base is None:
            return None
        key, whole = self.key(entity, "nev_sales", p), self.key(self.mk.country, "nev_sales", p)
        s = self.key(entity, "nev_market_share", p)
        share = make_claim(f"nev-market-share-{p.key}", PERCENT, self.mk.value(s), "percent", "share", s,
                           derivation=f"share({key}, {whole})")
        return fact(f"{base.sentence}, a market share of {share['figure']}", [*base.claims, share])

    def region(self, entity: str, p: Period) -> Fact | None:
        """"Vehicle output in Jilin reached 2.4 million units in 2024, 8.1 percent of the national total"."""
        key, whole = self.key(entity, "vehicle_production", p), self.key(self.mk.country, "vehicle_production", p)
        s = self.key(entity, "production_share", p)
        value = self.count(key, f"vehicle-production-{p.key}")
        share = make_claim(f"production-share-{p.key}", PERCENT, self.mk.value(s), "percent", "share", s,
                           derivation=f"share({key}, {whole})")
        return fact(f"{self.subject(entity, 'vehicle_production')} reached {value['figure']} units in {p.phrase}, "
                    f"{share['figure']} of the national total", [value, share])

    def basis_gap(self, p: Period) -> Fact | None:
        """Both agencies' counts: "the wholesale figure of 1.21 million was 5.2 percent above retail sales of ..."."""
        c = self.mk.country
        wholesale, retail = self.key(c, "nev_sales", p), self.key(c, "nev_sales", p, "retail")
        w = self.count(wholesale, f"nev-sales-{p.key}")
        r = self.count(retail, f"nev-sales-retail-{p.key}")
        gap = self.growth(wholesale, retail, f"nev-sales-basis-gap-{p.key}")
        return fact(f"In {p.phrase}, the wholesale NEV count of {WHOLESALE}, {w['figure']} units, was "
                    f"{gap['figure']} above the {r['figure']} retail sales counted by {RETAIL}", [w, r, gap])

    def forecast(self, metric: str, year: int, made: str, who: str) -> Fact | None:
        """"The association expects NEV sales of 13.5 million in 2025" (made before the outcome)."""
        key = self.key(self.mk.country, metric, Period(year, "year"))
        value = self.mk.value(key) * Fraction(self.rng.uniform(0.85, 1.15)).limit_denominator(10_000)
        c = make_claim(f"{metric}-forecast-{year}", Style("count", self.rng.choice((2, 3))), value, "vehicles",
                       "forecast", key, made=made)
        return fact(f"{who} expects {_lower(self.subject(self.mk.country, metric))} to reach {c['figure']} units in "
                    f"{year}", [c])


# --- articles -------------------------------------------------------------------------------------------


def _months_between(first: int, last: int) -> list[Period]:
    return [Period(y, "month", m) for y in range(first, last + 1) for m in range(1, 13)]


REPORTED_MONTHS = _months_between(FIRST_REPORTED, LAST_YEAR)


def published(p: Period, rng: random.Random) -> tuple[str, str]:
    """An article's date (ISO) and dateline date (AP style) a week or two after period ``p`` ends."""
    last = p.months()[-1]
    year, month = divmod(last + 1, 12)
    year += FIRST_YEAR
    day = rng.randint(8, 20)
    return f"{year}-{month + 1:02d}-{day:02d}", f"{AP_MONTHS[month]} {day}"


def _monthly_report(w: Writer, p: Period) -> list[Fact | None]:
    """The wholesale agency's monthly release, with quarter, half and year totals when they close."""
    c = w.mk.country
    who = f"According to {WHOLESALE}, "
    out = [w.value_growth(c, "nev_sales", p, who=who), w.value_growth(c, "vehicle_sales", p),
           w.value_growth(c, "nev_sales", p, monthly=True), w.share(p, with_change=True),
           w.breakdown("nev_sales", ("bev_sales", "phev_sales"), ("battery-electric", "plug-in hybrids"), p),
           w.breakdown("vehicle_exports", ("passenger_car_exports", "commercial_vehicle_exports"),
                       ("passenger cars", "commercial vehicles"), p),
           w.value_growth(c, "vehicle_production", p), w.value_growth(c, "vehicle_exports", p),
           w.hedged_value(c, "nev_sales", p), w.export_share(p)]
    for closing in _closing_periods(p):
        out += [w.value_growth(c, "nev_sales", closing), w.value_growth(c, "vehicle_sales", closing),
                w.period_sum(c, "nev_sales", closing), w.share(closing, with_change=True),
                w.value_growth(c, "vehicle_exports", closing), w.hedged_value(c, "vehicle_sales", closing)]
    if p.n < 12:
        out.append(w.forecast("nev_sales", p.year, "", f"{WHOLESALE[0].upper()}{WHOLESALE[1:]}"))
    return out


def _closing_periods(p: Period) -> list[Period]:
    """The quarter, half and year that month ``p`` closes."""
    out = []
    if p.n % 3 == 0:
        out.append(Period(p.year, "quarter", p.n // 3))
    if p.n % 6 == 0:
        out.append(Period(p.year, "half", p.n // 6))
    if p.n == 12:
        out.append(Period(p.year, "year"))
    return out


def _retail_report(w: Writer, p: Period) -> list[Fact | None]:
    """The second agency's release: retail NEV sales and penetration, and the gap to the wholesale count."""
    c = w.mk.country
    out = [w.value_growth(c, "nev_sales", p, basis="retail", who=f"According to {RETAIL}, "),
           w.share(p, with_change=True, basis="retail"), w.basis_gap(p), w.share(p, with_change=False)]
    for closing in _closing_periods(p):
        out += [w.value_growth(c, "nev_sales", closing, basis="retail"), w.share(closing, False, basis="retail"),
                w.basis_gap(closing)]
    return out


def _maker_report(w: Writer, p: Period) -> list[Fact | None]:
    out = [w.maker(e, p) for e, _ in w.mk.makers]
    for closing in _closing_periods(p):
        out += [w.maker(e, closing) for e, _ in w.mk.makers]
    out.append(w.value_growth(w.mk.country, "nev_sales", p))
    return out


def _region_report(w: Writer, p: Period) -> list[Fact | None]:
    periods = [Period(p.year, "half", 1)] if p.n == 6 else [Period(p.year, "year")] if p.n == 12 else \
        [Period(p.year, "quarter", (p.n + 2) // 3)] if p.n % 3 == 0 else [p]
    out = [w.region(e, q) for q in periods for e, _ in w.mk.regions]
    out += [w.value_growth(w.mk.country, "vehicle_production", q) for q in periods]
    return out


def _trade_report(w: Writer, p: Period) -> list[Fact | None]:
    c = w.mk.country
    out = [w.value_growth(c, "vehicle_exports", p), w.value_growth(c, "vehicle_exports", p, monthly=True),
           w.breakdown("vehicle_exports", ("passenger_car_exports", "commercial_vehicle_exports"),
                       ("passenger cars", "commercial vehicles"), p),
           w.conversion(p), w.fx_rate(p), w.value_growth(c, "vehicle_production", p), w.export_share(p)]
    for closing in _closing_periods(p):
        out += [w.value_growth(c, "vehicle_exports", closing), w.conversion(closing), w.fx_rate(closing),
                w.period_sum(c, "vehicle_exports", closing)]
        if closing.kind == "year" and closing.year >= FIRST_REPORTED + 2:
            out.append(w.fold("vehicle_exports", closing.year, FIRST_REPORTED))
    for fx in (Period(2023, "year"), Period(2022, "year")):
        if fx.year < p.year and w.rng.random() < 0.3:
            out += [w.conversion(fx), w.fx_rate(fx)]
    return out


def _annual_review(w: Writer, p: Period) -> list[Fact | None]:
    """A year-end review published in January: every metric's annual total, breakdowns, folds, next year's forecast."""
    c, y = w.mk.country, Period(p.year, "year")
    out = [w.value_growth(c, m, y) for m in ("nev_sales", "vehicle_sales", "vehicle_production", "vehicle_exports",
                                             "bev_sales", "phev_sales")]
    out += [w.share(y, with_change=True), w.period_sum(c, "nev_sales", y), w.period_sum(c, "vehicle_sales", y),
            w.breakdown("nev_sales", ("bev_sales", "phev_sales"), ("battery-electric", "plug-in hybrids"), y),
            w.breakdown("vehicle_exports", ("passenger_car_exports", "commercial_vehicle_exports"),
                        ("passenger cars", "commercial vehicles"), y),
            w.hedged_value(c, "nev_sales", y), w.hedged_value(c, "vehicle_exports", y), w.conversion(y),
            w.share(y, with_change=False, basis="retail"), w.basis_gap(y), w.export_share(y)]
    out += [w.fold(m, y.year, base) for m in ("nev_sales", "vehicle_exports", "bev_sales")
            for base in (FIRST_REPORTED, FIRST_REPORTED + 1) if y.year >= base + 3]
    out += [w.maker(e, y) for e, _ in w.mk.makers] + [w.region(e, y) for e, _ in w.mk.regions]
    if y.year < LAST_YEAR:
        out.append(w.forecast("nev_sales", y.year + 1, "", f"{WHOLESALE[0].upper()}{WHOLESALE[1:]}"))
        out.append(w.forecast("vehicle_sales", y.year + 1, "", "An industry analyst"))
    return out


#: article kinds, how often each is drawn, and what it prints for its latest month
KINDS: dict[str, tuple[float, Callable[[Writer, Period], list[Fact | None]]]] = {
    "monthly": (0.34, _monthly_report), "retail": (0.16, _retail_report), "maker": (0.14, _maker_report),
    "region": (0.08, _region_report), "trade": (0.14, _trade_report), "annual": (0.14, _annual_review)}
REPRINT_CHANCE = 0.12
RESTATE_CHANCE = 0.35


@dataclass
class Topic:
    """One topic's market and articles; ``reprinted`` names every article in a reprint family."""

    market: Market
    articles: list[Article] = field(default_factory=list)
    reprinted: set[str] = field(default_factory=set)

    @property
    def claims(self) -> int:
        return sum(len(f.claims) for a in self.articles for f in a.facts)


def _pick_facts(candidates: list[Fact | None], rng: random.Random, chosen: list[Fact] | None = None,
                target: int | None = None) -> list[Fact]:
    """Add candidates (a random subset, kept in order) to ``chosen`` until 10-60 claims, or every one when fewer.

    A sentence that repeats, or lies inside, one already chosen is left out: its quote would be found
    at the other place, and its own numbers would go uncovered.
    """
    out = list(chosen or [])
    target = target or rng.randint(MIN_CLAIMS, MAX_CLAIMS)
    facts = [f for f in candidates if f is not None]
    order = list(range(len(facts)))
    rng.shuffle(order)
    picked: set[int] = set()
    count = sum(len(f.claims) for f in out)
    for i in order:
        if count >= target:
            break
        f = facts[i]
        if count + len(f.claims) > MAX_CLAIMS or any(f.sentence in g.sentence or g.sentence in f.sentence
                                                    for g in out + [facts[j] for j in picked]):
            continue
        picked.add(i)
        count += len(f.claims)
    return out[:len(chosen or [])] + [f for i, f in enumerate(facts) if i in picked]


def _finish(article: Article) -> Article:
    """Give every claim of an article its id (``<article>-<n>-<slug>``) and forecasts their date."""
    n = 0
    for f in article.facts:
        for c in f.claims:
            n += 1
            c["id"] = f"{article.name}-{n:02d}-{str(c['_slug']).lower().replace('_', '-')}"
            if c["kind"] == "forecast":
                c["made"] = article.date
    return article


def _copy_fact(f: Fact, sentence: str | None = None) -> Fact:
    return Fact(sentence or f.sentence, [dict(c) for c in f.claims])


def _restatements(topic: Topic, date: str, rng: random.Random) -> list[Fact]:
    """Facts of earlier articles restated word for word, credited to their publisher."""
    earlier = [a for a in topic.articles if a.date < date]
    if not earlier or rng.random() > RESTATE_CHANCE:
        return []
    out = []
    for source in rng.sample(earlier, min(len(earlier), rng.randint(1, 3))):
        facts = [f for f in source.facts if all(c["kind"] != "forecast" for c in f.claims)]
        if facts:
            f = rng.choice(facts)
            out.append(_copy_fact(f, f"{f.sentence}, {source.publisher} reported earlier"))
    return out


def _add_article(t: Topic, facts: list[Fact], date: str, day: str, publishers: list[str]) -> None:
    """Publish one article on ``date`` under its first publisher, reprinted word for word by the others."""
    for outlet in publishers:
        name = f"{t.market.prefix}-a{len(t.articles):04d}"
        art = Article(name, outlet, t.market.topic, [_copy_fact(f) for f in facts], date=date,
                      dateline=f"BEIJING, {day} ({publishers[0]})", dateline_figure=day)
        t.articles.append(_finish(art))
        if len(publishers) > 1:
            t.reprinted.add(name)


def build_topic(topic: int, claims: int, rng: random.Random) -> Topic:
    """Articles about one market until they hold ``claims`` claims (about), then digests joining any stray piece."""
    t = Topic(market_truth(topic, rng))
    w = Writer(t.market, rng)
    kinds = list(KINDS)
    weights = [KINDS[k][0] for k in kinds]
    while t.claims < claims:
        kind = rng.choices(kinds, weights)[0]
        p = rng.choice(REPORTED_MONTHS) if kind != "annual" else Period(rng.randint(FIRST_REPORTED, LAST_YEAR), "month", 12)
        date, day = published(p, rng)
        restated = _restatements(t, date, rng)
        facts = _pick_facts(KINDS[kind][1](w, p), rng, restated[:2])
        if sum(len(f.claims) for f in facts) < MIN_CLAIMS:  # a short release: the month's figures fill it
            facts = _pick_facts(_monthly_report(w, p), rng, facts, MIN_CLAIMS)
        publisher = rng.choice(WIRES)
        family = [publisher] + (rng.sample([x for x in WIRES if x != publisher], rng.randint(1, 3))
                                if rng.random() < REPRINT_CHANCE else [])
        _add_article(t, facts, date, day, family)
    _connect(t, w, rng)
    return t


def build_topics(claims: int, topics: int | None = None, seed: int = 1) -> list[Topic]:
    """``topics`` markets (default: one per 10,000 claims) sharing about ``claims`` claims."""
    count = topics or max(1, math.ceil(claims / CLAIMS_PER_TOPIC))
    rng = random.Random(seed)
    per, extra = divmod(claims, count)
    return [build_topic(i, per + (1 if i < extra else 0), rng) for i in range(count)]


def quantities_yaml(topics: list[Topic]) -> str:
    """``quantities.yaml`` declaring every topic's entities and the shared metrics."""
    lines = []
    for t in topics:
        mk = t.market
        lines.append(f"  {mk.country}: {{name: China (topic {mk.topic}), parent: world}}")
        lines.append(f"  {mk.fx_entity}: {{name: foreign-exchange markets (topic {mk.topic})}}")
        lines += [f"  {e}: {{name: {name} (topic {mk.topic})}}" for e, name in mk.makers]
        lines += [f"  {e}: {{name: {name} (topic {mk.topic}), parent: {mk.country}}}" for e, name in mk.regions]
    return QUANTITIES_HEAD % {"entities": "\n".join(lines)}


def articles_of(topics: list[Topic]) -> list[Article]:
    """Every topic's articles, in order."""
    return [a for t in topics for a in t.articles]


# --- injection ---------------------------------------------------------------------------------------------


@dataclass
class Slip:
    """A perturbed figure and what to record about it."""

    figure: str
    record: dict[str, object] = field(default_factory=dict)


@dataclass
class Candidate:
    """A claim that may be perturbed, with the sentence and article it is printed in."""

    article: Article
    fact: Fact
    claim: dict[str, object]


_NUMBER = re.compile(r"(?P<pre>US\$)?(?P<num>\d[\d,]*(?:\.\d+)?)(?P<post>.*)$")


def _digits_edit(figure: str, edit: Callable[[list[str], random.Random], list[str] | None],
                 rng: random.Random) -> str | None:
    """Apply ``edit`` to the significant digits of a figure, keeping separators, scale and unit words."""
    m = _NUMBER.match(figure)
    if not m:
        return None
    num = m["num"]
    digits = [ch for ch in num if ch.isdigit()]
    significant = len(digits) - (len(num.replace(",", "")) - len(num.replace(",", "").rstrip("0"))
                                 if "." not in num else 0)
    edited = edit(digits[:max(significant, 1)], rng)
    if edited is None or edited[0] == "0":
        return None
    new_digits = iter(edited + digits[len(edited):])
    return (m["pre"] or "") + "".join(next(new_digits) if ch.isdigit() else ch for ch in num) + m["post"]


def _transpose(digits: list[str], rng: random.Random) -> list[str] | None:
    places = [i for i in range(len(digits) - 1) if digits[i] != digits[i + 1]]
    if not places:
        return None
    i = rng.choice(places)
    out = list(digits)
    out[i], out[i + 1] = out[i + 1], out[i]
    return out


def _change_digit(digits: list[str], rng: random.Random) -> list[str] | None:
    i = rng.randrange(len(digits))
    out = list(digits)
    out[i] = rng.choice([d for d in "0123456789" if d != digits[i] and (i or d != "0")])
    return out


def slip_transposed(mk: Market, c: dict[str, object], rng: random.Random) -> Slip | None:
    figure = _digits_edit(str(c["figure"]), _transpose, rng)
    return Slip(figure) if figure else None


def slip_wrong_digit(mk: Market, c: dict[str, object], rng: random.Random) -> Slip | None:
    figure = _digits_edit(str(c["figure"]), _change_digit, rng)
    return Slip(figure) if figure else None


def slip_scale(mk: Market, c: dict[str, object], rng: random.Random) -> Slip | None:
    """"12.87 million" printed as "12.87 billion" or "12.87 thousand"; "242,000" as "242 million"."""
    figure = str(c["figure"])
    for word, others in ((" million", (" billion", " thousand")), (" billion", (" million", " trillion"))):
        if word in figure:
            return Slip(figure.replace(word, rng.choice(others)))
    if figure.endswith(",000") and figure.count(",") == 1:
        return Slip(figure[:-4] + " million")
    return None


def slip_wrong_period(mk: Market, c: dict[str, object], rng: random.Random) -> Slip | None:
    """The figure of a neighbouring period (the month or year before or after) printed for this one."""
    key = str(c["quantity"])
    p = period_of(key)
    options = [q for q in (p.before(), p.after(), p.year_before()) if q.in_range()
               and (key.split("/")[1] != "cny_per_usd" or q.key in FX_REFERENCE)]
    if not options:
        return None
    other = rng.choice(options)
    style = c["_style"]
    assert isinstance(style, Style)
    return Slip(style.render(mk.value(with_period(key, other))),
                {"stated_period": p.key, "true_period": other.key})


#: for a metric whose growth articles print, the level in percent a slip confuses it with
LEVEL_OF = {"nev_sales": "nev_share", "vehicle_production": "production_share"}
RATE_OF = {"nev_share": "nev_sales", "nev_market_share": "nev_sales", "production_share": "vehicle_production"}


def _level_key(mk: Market, key: str) -> str | None:
    entity, metric = key.split("/")[:2]
    if metric == "nev_sales":
        return with_period(f"{entity}/{'nev_share' if entity == mk.country else 'nev_market_share'}/2000", period_of(key))
    if metric == "vehicle_production" and entity != mk.country:
        return with_period(f"{entity}/production_share/2000", period_of(key))
    return None


def slip_level_as_rate(mk: Market, c: dict[str, object], rng: random.Random) -> Slip | None:
    """A growth rate (or point change) printed with the level of the share instead: "rose 40.9 percent"."""
    key = str(c["quantity"])
    level = key if c["kind"] == "point_change" else _level_key(mk, key)
    if level is None or len(key.split("/")) > 3:
        return None
    text = PERCENT.render(mk.value(level)).split()[0]
    figure = f"{text} percentage points" if c["kind"] == "point_change" else f"{text} percent"
    return Slip(figure, {"level": level})


def slip_rate_as_level(mk: Market, c: dict[str, object], rng: random.Random) -> Slip | None:
    """A share printed with the growth rate of its numerator instead: "accounted for 35.5 percent"."""
    key = str(c["quantity"])
    entity, metric = key.split("/")[:2]
    if metric not in RATE_OF or len(key.split("/")) > 3:
        return None
    p = period_of(key)
    numerator = f"{entity}/{RATE_OF[metric]}/{p.key}"
    rate = (mk.value(numerator) / mk.value(with_period(numerator, p.year_before())) - 1) * 100
    if not 0 < rate < 100:  # a share prints between 0 and 100 percent, or validation rejects it (CC018)
        return None
    return Slip(PERCENT.render(rate), {"rate_of": numerator})


def slip_rounded_point_change(mk: Market, c: dict[str, object], rng: random.Random) -> Slip | None:
    """A point change computed from shares rounded to a whole percent: 41 - 31 = "10 percentage points"."""
    derivation = str(c["derivation"])
    new, old = (k.strip() for k in derivation[len("point_change("):-1].split(","))
    rounded = [round(mk.value(k)) for k in (new, old)]
    return Slip(f"{rounded[0] - rounded[1]} percentage points", {"rounded_shares": rounded})


def slip_second_agency(mk: Market, c: dict[str, object], rng: random.Random) -> Slip | None:
    """The retail agency's figure quoted for the wholesale quantity, without its basis."""
    key = str(c["quantity"])
    style = c["_style"]
    assert isinstance(style, Style)
    return Slip(style.render(mk.value(f"{key}/retail")), {"basis": "retail"})


def _is_count(c: dict[str, object]) -> bool:
    return isinstance(c.get("_style"), Style) and c["_style"].kind == "count"  # type: ignore[union-attr]


def _no_basis(c: dict[str, object]) -> bool:
    return str(c["quantity"]).count("/") == 2


#: slip kind -> (which claims it applies to, how it reprints one)
SLIPS: dict[str, tuple[Callable[[dict[str, object]], bool], Callable[[Market, dict[str, object], random.Random],
                                                                     Slip | None]]] = {
    "wrong_period": (lambda c: c["kind"] in ("value", "share", "sum"), slip_wrong_period),
    "scale_slip": (lambda c: c["kind"] in ("value", "sum") and _is_count(c), slip_scale),
    "transposed_digits": (lambda c: c["kind"] in ("value", "sum", "share", "change"), slip_transposed),
    "wrong_digit": (lambda c: c["kind"] in ("value", "sum", "share", "change", "point_change"), slip_wrong_digit),
    "rate_as_level": (lambda c: c["kind"] == "share" and _no_basis(c), slip_rate_as_level),
    "level_as_rate": (lambda c: (c["kind"] == "change" and str(c["derivation"]).count("/") == 4
                                 and str(c["quantity"]).split("/")[1] == "nev_sales")
                      or c["kind"] == "point_change" and _no_basis(c), slip_level_as_rate),
    "rounded_point_change": (lambda c: c["kind"] == "point_change" and _no_basis(c), slip_rounded_point_change),
    "second_agency_unlabelled": (lambda c: c["kind"] in ("value", "share") and _no_basis(c)
                                 and c["quantity"].split("/")[1] in ("nev_sales", "nev_share")
                                 and c["quantity"].split("/")[0].endswith("_china"), slip_second_agency),
}


def _direct_keys(c: dict[str, object]) -> list[str]:
    """Quantities a claim's figure states directly (a value or bound, or a share's or sum's total)."""
    if c["kind"] in ("forecast",):
        return []
    if not c.get("derivation") or c["kind"] in ("share", "sum", "value"):
        return [str(c["quantity"])]
    return []


class Pins:
    """Per quantity, the claims of one topic that state it directly, and the interval they leave."""

    def __init__(self, topic: Topic) -> None:
        self.by_key: dict[str, list[dict[str, object]]] = {}
        for a in topic.articles:
            for f in a.facts:
                for c in f.claims:
                    for key in _direct_keys(c):
                        self.by_key.setdefault(key, []).append(c)
        self.excluded: set[str] = set()
        self._intervals: dict[str, object] = {}

    def interval(self, c: dict[str, object]):  # type: ignore[no-untyped-def]
        cid = str(c["id"])
        if cid not in self._intervals:
            self._intervals[cid] = _stated(c)
        return self._intervals[cid]

    def pin(self, key: str, claim_id: str) -> tuple[object, list[str]] | None:
        """The intersection of the other claims' intervals for ``key``, and those claims' ids."""
        claims = [c for c in self.by_key.get(key, []) if c["id"] != claim_id and c["id"] not in self.excluded]
        if not claims:
            return None
        iv = self.interval(claims[0])
        for other in claims[1:]:
            iv = iv.intersect(self.interval(other)) if iv is not None else None
        return (iv, [str(c["id"]) for c in claims]) if iv is not None else None


def _implied(c: dict[str, object], pins: Pins) -> Iterator[tuple[object, list[str]]]:
    """Intervals the other claims imply for what the figure states (its derivation, and its quantity when direct)."""
    from claimcheck.expr import evaluate, parse, refs
    from claimcheck.intervals import ZeroDivisionInterval

    texts = [str(c["derivation"])] if c.get("derivation") else []
    if str(c["quantity"]) in _direct_keys(c):
        texts.append(str(c["quantity"]))
    for text in texts:
        tree = parse(text)
        bindings, used = {}, []
        for key in refs(tree):
            pinned = pins.pin(key, str(c["id"]))
            if pinned is None:
                break
            bindings[key], ids = pinned
            used += ids
        else:
            try:
                yield evaluate(tree, bindings), used
            except ZeroDivisionInterval:
                continue


def _accounts(topic: Topic, key: str, injected_id: str) -> dict[str, list[str]]:
    """Each agency's account of one quantity: the claims stating it on the wholesale and on the retail basis."""
    out: dict[str, list[str]] = {"wholesale": [], "retail": [injected_id]}
    for a in topic.articles:
        for f in a.facts:
            for c in f.claims:
                if c["id"] == injected_id or key not in _direct_keys(c) and f"{key}/retail" not in _direct_keys(c):
                    continue
                out["retail" if str(c["quantity"]).endswith("/retail") else "wholesale"].append(str(c["id"]))
    return out


def _replace_once(sentence: str, old: str, new: str) -> str | None:
    """The sentence with its only whole-token occurrence of ``old`` replaced, or None when not exactly one."""
    pattern = re.compile(r"(?<![\w.,$])" + re.escape(old) + r"(?![\w])")
    if len(pattern.findall(sentence)) != 1 or re.search(r"(?<![\w.,$])" + re.escape(new) + r"(?![\w])", sentence):
        return None
    return pattern.sub(lambda _: new, sentence, count=1)


def inject_topic(topic: Topic, k: int, rng: random.Random) -> list[dict[str, object]]:
    """Reprint ``k`` detectable claims of one topic with article slips, cycling through the slip kinds."""
    pins = Pins(topic)
    candidates = [Candidate(a, f, c) for a in topic.articles if a.name not in topic.reprinted
                  for f in a.facts for c in f.claims if not c.get("hedge")]
    rng.shuffle(candidates)
    frozen: set[str] = set()
    used_facts: set[int] = set()
    done: list[dict[str, object]] = []
    kinds = list(SLIPS)
    rng.shuffle(kinds)
    exhausted: set[str] = set()
    turn = 0
    while len(done) < k and len(exhausted) < len(kinds):
        kind = kinds[turn % len(kinds)]
        turn += 1
        if kind in exhausted:
            continue
        record = _inject_one(topic, kind, candidates, pins, frozen, used_facts, rng)
        if record is None:
            exhausted.add(kind)
        else:
            done.append(record)
    return done


def _inject_one(topic: Topic, kind: str, candidates: list[Candidate], pins: Pins, frozen: set[str],
                used_facts: set[int], rng: random.Random, tries: int = 200) -> dict[str, object] | None:
    """Perturb one claim with slip ``kind`` where the other claims pin it; None when no candidate takes it."""
    applies, perturb = SLIPS[kind]
    pool = [x for x in candidates if str(x.claim["id"]) not in frozen and id(x.fact) not in used_facts
            and applies(x.claim)]
    for x in rng.sample(pool, min(tries, len(pool))):
        c = x.claim
        slip = perturb(topic.market, c, rng)
        if slip is None or slip.figure == c["figure"]:
            continue
        sentence = _replace_once(x.fact.sentence, str(c["figure"]), slip.figure)
        if sentence is None:
            continue
        moved = _stated(dict(c, figure=slip.figure))
        detected = [used for implied, used in _implied(c, pins) if moved.intersect(implied) is None]
        if not detected:
            continue
        record: dict[str, object] = {"claim": c["id"], "article": x.article.name, "group": topic.market.topic,
                                     "topic": topic.market.topic, "slip": kind, "quantity": c["quantity"],
                                     "true_figure": c["figure"], "printed_figure": slip.figure, **slip.record}
        if kind == "second_agency_unlabelled":
            record["accounts"] = _accounts(topic, str(c["quantity"]), str(c["id"]))
        x.fact.sentence = sentence
        c["figure"] = slip.figure
        pins.excluded.add(str(c["id"]))
        pins._intervals.pop(str(c["id"]), None)
        frozen.update(detected[0])
        frozen.add(str(c["id"]))
        used_facts.add(id(x.fact))
        return record
    return None


def inject(topics: list[Topic], k: int, rng: random.Random) -> list[dict[str, object]]:
    """Perturb ``k`` claims, spread evenly over the topics; return what was done (``injected.json``)."""
    per, extra = divmod(k, len(topics))
    done: list[dict[str, object]] = []
    for i, topic in enumerate(topics):
        done += inject_topic(topic, per + (1 if i < extra else 0), rng)
    return done


#: trusted identities the engine adds between metrics of one entity and period (definitions, part-of)
LINKED = {"nev_share": ("nev_sales", "vehicle_sales"), "nev_sales": ("vehicle_sales",),
          "export_share": ("vehicle_exports", "vehicle_sales"), "export_unit_value": ("export_value", "vehicle_exports"),
          "bev_sales": ("nev_sales",), "phev_sales": ("nev_sales",), "vehicle_exports": ("vehicle_production",),
          "passenger_car_exports": ("vehicle_exports",), "commercial_vehicle_exports": ("vehicle_exports",)}
_KEY_RE = re.compile(r"[a-z][a-z0-9_]*/[a-z][a-z0-9_]*/[0-9A-Z-]+(?:/[a-z]+)?")


def component_keys(topic: Topic) -> list[list[str]]:
    """The quantities of a topic grouped into connected components (claims and trusted identities), largest first."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(keys: list[str]) -> None:
        roots = [find(k) for k in keys]
        for r in roots[1:]:
            parent[r] = roots[0]

    for a in topic.articles:
        for f in a.facts:
            for c in f.claims:
                if c["kind"] != "forecast":
                    union([str(c["quantity"]), *_KEY_RE.findall(str(c.get("derivation") or ""))])
    for key in list(parent):
        if key.count("/") == 3:
            continue
        entity, metric, period = key.split("/")
        wholes = [f"{entity}/{m}/{period}" for m in LINKED.get(metric, ())]
        union([key, *(w for w in wholes if w in parent or metric in ("nev_share", "export_share", "export_unit_value"))])
    groups: dict[str, list[str]] = {}
    for key in parent:
        groups.setdefault(find(key), []).append(key)
    return sorted(groups.values(), key=len, reverse=True)


def components(topic: Topic) -> int:
    """How many connected components a topic's claims form."""
    return len(component_keys(topic))


def _digest(w: Writer, key: str, main: list[str]) -> list[Fact | None]:
    """Facts that tie a stray quantity to the main component: its period's shares and exports, NEV sales
    compared with a period of the main component, and what links the quantity's own entity or metric."""
    entity, metric = key.split("/")[:2]
    p, c = period_of(key), w.mk.country
    anchors = [period_of(k) for k in main if k.startswith(f"{c}/nev_sales/") and k.count("/") == 2]
    same_kind = [q for q in anchors if q.kind == p.kind and q != p] or [q for q in anchors if q != p]
    out = [w.share(p, with_change=False), w.export_share(p)]
    if same_kind:
        out.append(w.value_growth(c, "nev_sales", p, since=min(same_kind, key=lambda q: abs(q.months()[0] - p.months()[0]))))
    if entity in dict(w.mk.makers):
        out.append(w.maker(entity, p))
    elif entity in dict(w.mk.regions):
        out.append(w.region(entity, p))
    elif key.endswith("/retail"):
        out.append(w.basis_gap(p))
    elif metric in ("export_value", "cny_per_usd", "export_unit_value"):
        out += [w.unit_value(p), w.conversion(p) if metric == "cny_per_usd" else None]
    return out


def _connect(t: Topic, w: Writer, rng: random.Random, rounds: int = 20) -> None:
    """Publish digests until the topic's claims form one component (at most ``rounds`` rounds)."""
    for _ in range(rounds):
        groups = component_keys(t)
        if len(groups) <= 1:
            return
        facts: list[Fact] = []
        for group in groups[1:]:
            facts = _pick_facts(_digest(w, min(group), groups[0]), rng, facts, MAX_CLAIMS)
            if sum(len(f.claims) for f in facts) >= MAX_CLAIMS - 10:
                break
        if not facts:
            return
        last = Period(LAST_YEAR, "month", 12)
        if sum(len(f.claims) for f in facts) < MIN_CLAIMS:
            facts = _pick_facts(_monthly_report(w, last), rng, facts, MIN_CLAIMS)
        _add_article(t, facts, *published(last, rng), ["Industry Digest"])
