"""Build a realistic synthetic claims registry from a hidden true state, optionally with injected errors.

The true state is a set of exact numbers per entity (``e00001`` ... under ``world``) and year:
NEV sales and total vehicle sales (so an NEV share, by the metric's ``definition``), NEV
production, exports split into passenger cars and commercial vehicles, first-quarter NEV sales,
a trade-in subsidy in yuan and one CNY-per-USD rate (``fx/cny_per_usd/2024-10``) shared by every
conversion. Entities come in groups of four; each group is written up by three articles (one
seed text and one claims file each, 50-200 claims), and every article states a random subset of
its entities' facts the way articles print them: counts to 2-4 significant digits ("12.87
million", "242,000"), rates and shares to a tenth ("35.5 percent", "9.3 percentage points"),
folds to a tenth ("6.5-fold"), with "about"/"roughly" and "over" where articles use them, plus
forecasts made before the outcome. Claims printed from one truth can all hold at once.

With ``--inject K``, K claims (at most one per group) are reprinted from a value moved by a factor
of 1.1-1.5 (up or down) and re-rounded as printed. A claim is only perturbed when the claims that
pin it (other articles' direct figures for its operands) imply an interval disjoint from the
perturbed one, so every injection is detectable in principle; their ids go to
``DIR/injected.json``.

Every quote occurs verbatim in its seed, every figure in its quote, and every number in a seed is
a claim's figure, a year inside a claim's quote, or the dateline (an ignore entry), so the
registry validates cleanly.

Usage::

    python benchmarks/synth.py --claims 100000 --inject 50 --out /tmp/reg [--format yaml|parquet]
    python benchmarks/synth.py --mode topic --claims 10000 --inject 100 --out /tmp/dense [--topics T]

The topic mode (``--mode topic``, :mod:`synth_topic`) builds dense markets instead: one connected
component of about 10,000 claims per topic, with the slips articles make injected.

writes ``DIR/claims/`` (``quantities.yaml`` and one YAML file per article, or ``claims.parquet``,
``sources.parquet`` and ``ignore.parquet``) and ``DIR/seeds/``.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from dataclasses import dataclass, field
from decimal import ROUND_FLOOR, ROUND_HALF_EVEN, Decimal, localcontext
from fractions import Fraction
from pathlib import Path

YEARS = (2020, 2021, 2022, 2023, 2024)
FX_KEY = "fx/cny_per_usd/2024-10"
FX_TRUE = Fraction("7.0881")  # the shipped reference rate for October 2024
GROUP = 4
ARTICLES_PER_GROUP = 3
PUBLISHERS = ("Synth Daily", "Model Wire", "Interval Times")

QUANTITIES_YAML = """\
# Synthetic registry built by benchmarks/synth.py from a hidden true state.
entities:
  world: {name: the world}
  fx: {name: foreign-exchange markets}
%(entities)s
metrics:
  vehicle_sales: {unit: vehicles, description: new vehicles sold}
  nev_sales: {unit: vehicles, description: new-energy vehicles sold, part_of: vehicle_sales}
  nev_share:
    unit: percent
    description: NEV share of new vehicle sales
    definition: share(nev_sales, vehicle_sales)
  nev_production: {unit: vehicles, description: new-energy vehicles produced}
  vehicle_exports: {unit: vehicles, description: vehicles exported}
  passenger_car_exports: {unit: vehicles, description: passenger cars exported, part_of: vehicle_exports}
  commercial_vehicle_exports: {unit: vehicles, description: commercial vehicles exported, part_of: vehicle_exports}
  nev_subsidy: {unit: CNY, description: per-vehicle NEV trade-in subsidy}
  cny_per_usd: {unit: CNY_per_USD, description: yuan per U.S. dollar}
"""


# --- printing as articles print --------------------------------------------------------------------


def _dec(x: Fraction) -> Decimal:
    with localcontext() as ctx:
        ctx.prec = 40
        return Decimal(x.numerator) / Decimal(x.denominator)


def round_sig(x: Fraction, sig: int, rounding: str = ROUND_HALF_EVEN) -> Decimal:
    """Round to ``sig`` significant digits."""
    d = _dec(x)
    with localcontext() as ctx:
        ctx.prec = 40
        return d.quantize(Decimal(1).scaleb(d.adjusted() - sig + 1), rounding=rounding)


def print_count(x: Fraction, sig: int, rounding: str = ROUND_HALF_EVEN) -> str:
    """``12.87 million`` for millions, ``242,000`` below (trailing zeros then read as rounding)."""
    if x >= 1_000_000:
        millions = round_sig(x / 1_000_000, sig, rounding)
        if millions.adjusted() + 1 > sig:
            millions = _dec(x / 1_000_000).quantize(Decimal(1), rounding=rounding)
        return f"{millions:f} million"
    return f"{int(round_sig(x, sig, rounding)):,}"


def print_decimal(x: Fraction, decimals: int) -> str:
    return f"{_dec(x).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_EVEN):f}"


# --- the true state ---------------------------------------------------------------------------------


@dataclass
class Fact:
    """One sentence an article may print: its text and the claims it carries (dicts, YAML-ready)."""

    sentence: str
    claims: list[dict[str, object]]


@dataclass
class Article:
    """One article: its seed name, publisher, group (sparse) or topic (dense), facts, date and dateline."""

    name: str
    publisher: str
    group: int
    facts: list[Fact] = field(default_factory=list)
    date: str = "2025-01-14"
    dateline: str = "BEIJING, Jan. 14 (Synth)"
    #: the dateline's date as printed, covered by an ignore entry
    dateline_figure: str = "Jan. 14"


def truth_for(entity: str, rng: random.Random) -> dict[str, Fraction]:
    """Exact values for one entity: growing NEV sales, shares, production and exports."""
    t: dict[str, Fraction] = {}
    a = Fraction(rng.randint(200_000, 3_000_000))
    v = a / Fraction(rng.uniform(0.05, 0.2))
    p = a * Fraction(rng.uniform(0.9, 1.1))
    q = a * Fraction(rng.uniform(0.15, 0.3))
    for y in YEARS:
        t[f"{entity}/nev_sales/{y}"] = Fraction(round(a))
        t[f"{entity}/vehicle_sales/{y}"] = Fraction(round(v))
        t[f"{entity}/nev_production/{y}"] = Fraction(round(p))
        t[f"{entity}/nev_sales/{y}-Q1"] = Fraction(round(q))
        px = Fraction(round(p * Fraction(rng.uniform(0.1, 0.25))))
        cx = Fraction(round(px * Fraction(rng.uniform(0.1, 0.4))))
        t[f"{entity}/passenger_car_exports/{y}"] = px
        t[f"{entity}/commercial_vehicle_exports/{y}"] = cx
        t[f"{entity}/vehicle_exports/{y}"] = px + cx
        t[f"{entity}/nev_share/{y}"] = t[f"{entity}/nev_sales/{y}"] / t[f"{entity}/vehicle_sales/{y}"] * 100
        a = a * Fraction(rng.uniform(1.08, 1.6))
        v = v * Fraction(rng.uniform(1.0, 1.06))
        p = p * Fraction(rng.uniform(1.1, 1.7))
        q = q * Fraction(rng.uniform(1.08, 1.6))
    t[f"{entity}/nev_subsidy/2024"] = Fraction(rng.randrange(5_000, 30_001, 1_000))
    return t


def _claim(cid: str, figure: str, unit: str, kind: str, quantity: str, *, hedge: str | None = None,
           derivation: str | None = None, exact: bool = False, made: str | None = None) -> dict[str, object]:
    c: dict[str, object] = {"id": cid, "figure": figure, "unit": unit, "kind": kind, "quantity": quantity}
    if hedge:
        c["hedge"] = hedge
    if derivation:
        c["derivation"] = derivation
    if exact:
        c["exact"] = True
    if made:
        c["made"] = made
    return c


def facts_for(entity: str, t: dict[str, Fraction], prefix: str, rng: random.Random) -> list[Fact]:
    """Every sentence an article could print about one entity (a random precision each)."""
    e = entity
    out: list[Fact] = []
    sig = lambda: rng.choice((2, 3, 3, 4, 4))  # noqa: E731

    def n(key: str, s: int | None = None, factor: Fraction = Fraction(1)) -> str:
        return print_count(t[key] * factor, s or sig())

    for y in YEARS:
        A, V, S = f"{e}/nev_sales/{y}", f"{e}/vehicle_sales/{y}", f"{e}/nev_share/{y}"
        P, X = f"{e}/nev_production/{y}", f"{e}/vehicle_exports/{y}"
        PX, CX = f"{e}/passenger_car_exports/{y}", f"{e}/commercial_vehicle_exports/{y}"
        tag = f"{prefix}-{e}-{y}"
        if y > YEARS[0]:
            A0, V0, S0 = f"{e}/nev_sales/{y - 1}", f"{e}/vehicle_sales/{y - 1}", f"{e}/nev_share/{y - 1}"
            g = print_decimal((t[A] / t[A0] - 1) * 100, 1)
            a = n(A)
            out.append(Fact(f"{e} NEV sales rose {g} percent to {a} units in {y}", [
                _claim(f"{tag}-nev-sales", a, "vehicles", "value", A),
                _claim(f"{tag}-nev-sales-growth", f"{g} percent", "percent", "change", A,
                       derivation=f"growth({A}, {A0})")]))
            s = print_decimal(t[S], 1)
            pp = print_decimal(t[S] - t[S0], 1)
            if Decimal(pp) > 0 and s != pp:
                out.append(Fact(f"In {y}, NEVs accounted for {s} percent of all new vehicle sales in {e}, an "
                                f"increase of {pp} percentage points from {y - 1}", [
                                    _claim(f"{tag}-nev-share", f"{s} percent", "percent", "share", S,
                                           derivation=f"share({A}, {V})"),
                                    _claim(f"{tag}-nev-share-change", f"{pp} percentage points", "pp",
                                           "point_change", S, derivation=f"point_change({S}, {S0})")]))
            gv = print_decimal((t[V] / t[V0] - 1) * 100, 1)
            if Decimal(gv) > 0:
                v = n(V)
                out.append(Fact(f"Total vehicle sales in {e} grew {gv} percent to {v} units in {y}", [
                    _claim(f"{tag}-vehicle-sales", v, "vehicles", "value", V),
                    _claim(f"{tag}-vehicle-sales-growth", f"{gv} percent", "percent", "change", V,
                           derivation=f"growth({V}, {V0})")]))
            Q, Q0 = f"{e}/nev_sales/{y}-Q1", f"{e}/nev_sales/{y - 1}-Q1"
            gq = print_decimal((t[Q] / t[Q0] - 1) * 100, 1)
            q = n(Q)
            out.append(Fact(f"{e} NEV sales in the first quarter of {y} were {q} units, up {gq} percent year on year", [
                _claim(f"{tag}-nev-sales-q1", q, "vehicles", "value", Q),
                _claim(f"{tag}-nev-sales-q1-growth", f"{gq} percent", "percent", "change", Q,
                       derivation=f"growth({Q}, {Q0})")]))
        else:
            q = n(f"{e}/nev_sales/{y}-Q1")
            out.append(Fact(f"{e} sold {q} NEVs in the first quarter of {y}", [
                _claim(f"{tag}-nev-sales-q1", q, "vehicles", "value", f"{e}/nev_sales/{y}-Q1")]))
        hedge = rng.choice((None, None, "about", "roughly"))
        a = n(A)
        out.append(Fact(f"{e} sold {hedge + ' ' if hedge else ''}{a} new-energy vehicles in {y}", [
            _claim(f"{tag}-nev-sales-alt", a, "vehicles", "value", A, hedge=hedge)]))
        v = n(V)
        out.append(Fact(f"Sales of all new vehicles in {e} reached {v} units in {y}", [
            _claim(f"{tag}-vehicle-sales-alt", v, "vehicles", "value", V)]))
        bound = print_count(t[V], 2, ROUND_FLOOR)
        out.append(Fact(f"More vehicles than ever were sold in {e} in {y}: over {bound} units", [
            _claim(f"{tag}-vehicle-sales-bound", bound, "vehicles", "bound", V, hedge="over")]))
        x, px, cx = n(X), n(PX), n(CX)
        if len({x, px, cx}) == 3:
            out.append(Fact(f"{e} exported {x} vehicles in {y}, including {px} passenger cars and {cx} commercial "
                            "vehicles", [
                                _claim(f"{tag}-exports", x, "vehicles", "sum", X, derivation=f"sum({PX}, {CX})"),
                                _claim(f"{tag}-passenger-exports", px, "vehicles", "value", PX),
                                _claim(f"{tag}-commercial-exports", cx, "vehicles", "value", CX)]))
        p = n(P)
        out.append(Fact(f"{e} produced {p} NEVs in {y}", [_claim(f"{tag}-nev-production", p, "vehicles", "value", P)]))
        if y >= 2023:
            P0 = f"{e}/nev_production/{y - 3}"
            ratio = t[P] / t[P0]
            if ratio >= Fraction(3, 2):
                f = print_decimal(ratio, 1)
                p1, p0 = n(P), n(P0)
                if p1 != p0:
                    out.append(Fact(f"{e} NEV production soared from {p0} in {y - 3} to {p1} in {y}, a {f}-fold "
                                    "increase", [
                                        _claim(f"{tag}-nev-production-start", p0, "vehicles", "value", P0),
                                        _claim(f"{tag}-nev-production-end", p1, "vehicles", "value", P),
                                        _claim(f"{tag}-nev-production-fold", f"{f}-fold", "ratio", "fold", P,
                                               derivation=f"fold({P}, {P0})")]))
            forecast = print_count(t[A] * Fraction(rng.uniform(0.85, 1.15)), 3)
            out.append(Fact(f"Analysts expected {e} to sell {forecast} NEVs in {y}", [
                _claim(f"{tag}-nev-sales-forecast", forecast, "vehicles", "forecast", A, made=f"{y}-03-01")]))
    sub_key = f"{e}/nev_subsidy/2024"
    sub = t[sub_key]
    usd = sub / FX_TRUE
    sig = 4 if rng.random() < 0.5 and usd >= 1000 else 3  # whole dollars: never more digits than the integer part
    usd_text = f"{int(round_sig(usd, sig)):,}"
    hedge = rng.choice((None, "about"))
    out.append(Fact(f"Buyers in {e} get a {int(sub):,}-yuan ({hedge + ' ' if hedge else ''}{usd_text} U.S. dollars) "
                    "subsidy in 2024", [
                        _claim(f"{prefix}-{e}-2024-subsidy", f"{int(sub):,}-yuan", "CNY", "value", sub_key, exact=True),
                        _claim(f"{prefix}-{e}-2024-subsidy-usd", f"{usd_text} U.S. dollars", "USD", "conversion",
                               sub_key, hedge=hedge, derivation=f"convert({sub_key}, {FX_KEY})")]))
    return out


# --- perturbation -------------------------------------------------------------------------------------


def _perturb_figure(figure: str, factor: Fraction) -> str | None:
    """Reprint a figure from its value times ``factor``, at the same precision and in the same words."""
    from claimcheck.figures import parse_figure

    fig = parse_figure(figure)
    value = Fraction(fig.value) * factor
    if figure.endswith(" million"):
        digits = figure[: -len(" million")]
        decimals = len(digits.split(".")[1]) if "." in digits else 0
        return f"{print_decimal(value / 1_000_000, decimals)} million"
    for suffix in (" percentage points", " percent", "-fold"):
        if figure.endswith(suffix):
            digits = figure[: -len(suffix)]
            decimals = len(digits.split(".")[1]) if "." in digits else 0
            return f"{print_decimal(value, decimals)}{suffix}"
    if figure.replace(",", "").isdigit():
        sig = len(figure.replace(",", "").rstrip("0")) or 1
        return f"{int(round_sig(value, max(sig, 2))):,}"
    return None


def _stated(claim: dict[str, object]):
    from claimcheck.figures import parse_figure
    from claimcheck.hedges import stated_interval
    from claimcheck.network import to_interval

    s = stated_interval(parse_figure(str(claim["figure"])), claim.get("hedge"), exact=bool(claim.get("exact")),
                        unit=str(claim["unit"]))
    return to_interval(s.lo, s.hi)


def _direct_keys(claim: dict[str, object]) -> list[str]:
    """Quantities a claim states directly (a value, or a derivation whose unit is its quantity's)."""
    if claim["kind"] in ("forecast",):
        return []
    if not claim.get("derivation"):
        return [str(claim["quantity"])]
    if claim["kind"] in ("share", "sum"):
        return [str(claim["quantity"])]
    return []


def inject(articles: list[Article], k: int, rng: random.Random) -> list[dict[str, object]]:
    """Perturb ``k`` detectable claims (one per group at most); return what was done."""
    from claimcheck.expr import evaluate, parse, refs
    from claimcheck.intervals import ZeroDivisionInterval

    by_group: dict[int, list[Article]] = {}
    for a in articles:
        by_group.setdefault(a.group, []).append(a)
    groups = sorted(by_group)
    rng.shuffle(groups)
    done: list[dict[str, object]] = []
    for group in groups:
        if len(done) >= k:
            break
        arts = by_group[group]
        direct: dict[str, list[tuple[str, object]]] = {}
        for art in arts:
            for fact in art.facts:
                for c in fact.claims:
                    for key in _direct_keys(c):
                        direct.setdefault(key, []).append((str(c["id"]), _stated(c)))
        candidates = [(art, fact, c) for art in arts for fact in art.facts for c in fact.claims
                      if c["kind"] in ("value", "change", "share", "point_change", "fold", "sum") and not c.get("hedge")]
        rng.shuffle(candidates)
        for art, fact, c in candidates[:40]:
            tree = parse(str(c.get("derivation") or c["quantity"]))
            bindings = {}
            for key in refs(tree):
                pins = [iv for cid, iv in direct.get(key, []) if cid != c["id"]]
                if not pins:
                    break
                iv = pins[0]
                for other in pins[1:]:
                    iv = iv.intersect(other) if iv else None
                if iv is None:
                    break
                bindings[key] = iv
            else:
                try:
                    implied = evaluate(tree, bindings)
                except ZeroDivisionInterval:
                    continue
                factor = Fraction(rng.uniform(1.1, 1.5)).limit_denominator(1000)
                if rng.random() < 0.5:
                    factor = 1 / factor
                figure = _perturb_figure(str(c["figure"]), factor)
                if figure is None or figure == c["figure"] or figure in fact.sentence:
                    continue
                moved = dict(c, figure=figure)
                if _stated(moved).intersect(implied) is not None:
                    continue
                old = str(c["figure"])
                fact.sentence = re.sub(r"(?<![\w.,])" + re.escape(old) + r"(?!\w)", lambda _: figure, fact.sentence,
                                       count=1)
                c["figure"] = figure
                done.append({"claim": c["id"], "article": art.name, "group": group, "was": old, "now": figure,
                             "factor": float(factor)})
                break
    return done


# --- writing --------------------------------------------------------------------------------------------


def build(claims: int, seed: int = 1) -> list[Article]:
    """Articles whose claims add up to about ``claims``."""
    rng = random.Random(seed)
    articles: list[Article] = []
    total = 0
    group = 0
    while total < claims:
        entities = [f"e{group * GROUP + i + 1:05d}" for i in range(GROUP)]
        truths = {e: truth_for(e, rng) for e in entities}
        for j in range(ARTICLES_PER_GROUP):
            name = f"g{group:05d}-{j}"
            art = Article(name, PUBLISHERS[j], group)
            keep = rng.uniform(0.45, 0.75)
            for e in entities:
                art.facts += [f for f in facts_for(e, truths[e], f"a{group:05d}{j}", rng) if rng.random() < keep]
            if art.facts:
                articles.append(art)
                total += sum(len(f.claims) for f in art.facts)
        group += 1
    return articles


def _y(s: object) -> str:
    return json.dumps(s, ensure_ascii=False)


def sparse_quantities(articles: list[Article]) -> str:
    """The sparse mode's ``quantities.yaml``: four entities per group."""
    n_groups = max(a.group for a in articles) + 1
    entities = "\n".join(f"  e{i:05d}: {{name: Entity {i}, parent: world}}" for i in range(1, n_groups * GROUP + 1))
    return QUANTITIES_YAML % {"entities": entities}


def write(articles: list[Article], out: Path, fmt: str = "yaml", quantities: str | None = None) -> int:
    """Write seeds and claims; return the number of claims written.

    :param quantities: the text of ``quantities.yaml`` (default: the sparse mode's entities and metrics).
    """
    claims_dir, seeds_dir = out / "claims", out / "seeds"
    claims_dir.mkdir(parents=True, exist_ok=True)
    seeds_dir.mkdir(parents=True, exist_ok=True)
    text = quantities if quantities is not None else sparse_quantities(articles)
    (claims_dir / "quantities.yaml").write_text(text, encoding="utf-8")
    rows: list[dict[str, object]] = []
    sources: list[dict[str, object]] = []
    ignores: list[dict[str, object]] = []
    count = 0
    for art in articles:
        seed = f"{art.name}.txt"
        dateline = art.dateline
        text = dateline + " -- " + ".\n".join(f.sentence for f in art.facts) + ".\n"
        (seeds_dir / seed).write_text(text, encoding="utf-8")
        file = f"{art.name}.yaml"
        if fmt == "yaml":
            lines = ["source:", f"  seed: {seed}", f"  publisher: {art.publisher}", f"  date: {art.date}", "claims:"]
            for fact in art.facts:
                for c in fact.claims:
                    lines.append(f"  - id: {c['id']}")
                    lines.append(f"    quote: {_y(fact.sentence)}")
                    for k in ("figure", "unit", "kind", "hedge", "quantity", "derivation", "made"):
                        if k in c:
                            lines.append(f"    {k}: {_y(c[k])}")
                    if c.get("exact"):
                        lines.append("    exact: true")
                    count += 1
            lines += ["ignore:", f"  - figure: {art.dateline_figure}", f"    quote: {_y(dateline)}", "    reason: dateline",
                      ""]
            (claims_dir / file).write_text("\n".join(lines), encoding="utf-8")
        else:
            sources.append({"file": file, "seed": seed, "publisher": art.publisher, "date": art.date})
            ignores.append({"file": file, "figure": art.dateline_figure, "quote": dateline, "reason": "dateline"})
            for fact in art.facts:
                for c in fact.claims:
                    rows.append({"file": file, "quote": fact.sentence, **{k: v for k, v in c.items()}})
                    count += 1
    if fmt == "parquet":
        from claimcheck.archive import (
            ARCHIVE_FILE,
            ARCHIVE_IGNORE,
            ARCHIVE_SOURCES,
            COLUMNS,
            write_archive,
        )

        def columns(name: str, records: list[dict[str, object]]) -> dict[str, list[object]]:
            return {column: [r.get(column) for r in records] for column in COLUMNS[name]}

        tables = {ARCHIVE_FILE: columns(ARCHIVE_FILE, rows), ARCHIVE_SOURCES: columns(ARCHIVE_SOURCES, sources),
                  ARCHIVE_IGNORE: columns(ARCHIVE_IGNORE, ignores)}
        tables[ARCHIVE_FILE]["exact"] = [bool(value) for value in tables[ARCHIVE_FILE]["exact"]]
        write_archive(claims_dir, tables, (claims_dir / "quantities.yaml").read_bytes())
    return count


def group_of(claim_id: str) -> int:
    """The article group (sparse mode, ids ``a<group:05d><article>-...``) or topic (``t<topic>-...``) of a claim."""
    if claim_id.startswith("t"):
        return int(claim_id[1:claim_id.index("-")])
    return int(claim_id[1:6])


def generate(mode: str, claims: int, inject_count: int, seed: int = 1,
             topics: int | None = None) -> tuple[list[Article], list[dict[str, object]], str | None]:
    """Build a registry in ``mode`` (``sparse`` or ``topic``): its articles, injections and ``quantities.yaml`` text.

    The injections draw from their own generator (``seed + 1``), so the articles are the same with or without them.
    """
    if mode == "sparse":
        articles = build(claims, seed)
        injected = inject(articles, inject_count, random.Random(seed + 1)) if inject_count else []
        return articles, injected, None
    import synth_topic

    built = synth_topic.build_topics(claims, topics, seed)
    injected = synth_topic.inject(built, inject_count, random.Random(seed + 1)) if inject_count else []
    return synth_topic.articles_of(built), injected, synth_topic.quantities_yaml(built)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mode", choices=("sparse", "topic"), default="sparse",
                        help="sparse: groups of four entities; topic: dense markets (benchmarks/synth_topic.py)")
    parser.add_argument("--claims", type=int, default=10_000, help="about how many claims to write")
    parser.add_argument("--inject", type=int, default=0, help="how many detectable inconsistencies to inject")
    parser.add_argument("--topics", type=int, help="topic mode: how many markets (default: one per 10,000 claims)")
    parser.add_argument("--out", type=Path, required=True, help="folder to write claims/ and seeds/ into")
    parser.add_argument("--format", choices=("yaml", "parquet"), default="yaml")
    parser.add_argument("--seed", type=int, default=1, help="random seed")
    args = parser.parse_args(argv)
    articles, injected, quantities = generate(args.mode, args.claims, args.inject, args.seed, args.topics)
    count = write(articles, args.out, args.format, quantities)
    (args.out / "injected.json").write_text(json.dumps(injected, indent=1), encoding="utf-8")
    print(f"{count} claims in {len(articles)} articles, {len(injected)} injected -> {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
    raise SystemExit(main())
