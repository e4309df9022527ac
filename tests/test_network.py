"""Properties of the consistency network, on claim networks generated from a hidden true state.

A *world* is a few true quantities (integers, as vehicle counts are). Claims are derived from
it the way an article prints them: values rounded to a few significant digits ("12.87 million",
"242,000"), growth rates and shares to a tenth of a percent ("35.5 percent"), folds to a tenth
("6.5-fold"), sums as printed totals, and now and then a hedge ("about") or a bound ("more than").

- Claims printed from one true state can all be true at once, so the engine must find them
  consistent: no CC101/CC201/CC202, and every propagated interval still contains the truth.
- One claim printed from a value moved by 5-50 % (more than the rounding of any set of claims
  that pins it) must be found, and every conflict found must name it.
- Inverting a relation (narrowing an operand from the result) and applying it again contains
  what it started from.

Property tests build :class:`~claimcheck.loader.Registry` objects directly and call
:func:`~claimcheck.engine.run_rules`; one test goes through YAML, seeds and ``api.check``.
"""

from __future__ import annotations

import math
import tempfile
import textwrap
from dataclasses import dataclass, field, replace
from decimal import ROUND_FLOOR, ROUND_HALF_EVEN, Decimal, localcontext
from fractions import Fraction
from pathlib import Path

import pytest
import yaml
from hypothesis import assume, example, given, note, settings
from hypothesis import strategies as st

from claimcheck import api
from claimcheck.engine import run_rules
from claimcheck.expr import evaluate, narrow, parse, refs
from claimcheck.intervals import Interval
from claimcheck.loader import Registry
from claimcheck.model import Claim, Entity, Metric, Source
from claimcheck.network import build_network, propagate

CONFLICT_CODES = {"CC101", "CC201", "CC202"}

ENTITIES = {
    "world": Entity("world", "the world"),
    "china": Entity("china", "China", "world"),
}
METRICS = {
    "vehicle_sales": Metric("vehicle_sales", "vehicles", "all new vehicles sold"),
    "nev_sales": Metric("nev_sales", "vehicles", "NEVs sold", part_of="vehicle_sales"),
    "nev_share": Metric("nev_share", "percent", "NEV share of new vehicle sales",
                        definition="share(nev_sales, vehicle_sales)"),
    "vehicle_exports": Metric("vehicle_exports", "vehicles", "vehicles exported"),
    "passenger_car_exports": Metric("passenger_car_exports", "vehicles", "passenger cars exported",
                                    part_of="vehicle_exports"),
    "commercial_vehicle_exports": Metric("commercial_vehicle_exports", "vehicles", "commercial vehicles exported",
                                         part_of="vehicle_exports"),
}

A23, A24 = "china/nev_sales/2023", "china/nev_sales/2024"
T23, T24 = "china/vehicle_sales/2023", "china/vehicle_sales/2024"
S23, S24 = "china/nev_share/2023", "china/nev_share/2024"
P1, P2, E = "china/passenger_car_exports/2024", "china/commercial_vehicle_exports/2024", "china/vehicle_exports/2024"


# --- printing as an article does ----------------------------------------------------------------------


def to_decimal(x: Fraction) -> Decimal:
    with localcontext() as ctx:
        ctx.prec = 60
        return Decimal(x.numerator) / Decimal(x.denominator)


def round_sig(x: Fraction, sig: int, rounding: str = ROUND_HALF_EVEN) -> Decimal:
    """Round to ``sig`` significant digits (never coarser than the unit)."""
    d = to_decimal(x)
    exponent = d.adjusted() - sig + 1
    with localcontext() as ctx:
        ctx.prec = 60
        return d.quantize(Decimal(1).scaleb(exponent), rounding=rounding)


def print_count(x: Fraction, sig: int, rounding: str = ROUND_HALF_EVEN) -> str:
    """``12.87 million`` for millions, ``242,000`` below (trailing zeros then read as rounding)."""
    if x >= 1_000_000:
        millions = round_sig(x / 1_000_000, sig, rounding)
        if millions.adjusted() + 1 > sig:  # 123 million with 2 digits: print the unit digit
            millions = to_decimal(x / 1_000_000).quantize(Decimal(1), rounding=rounding)
        return f"{millions:f} million"
    rounded = round_sig(x, sig, rounding)
    return f"{int(rounded):,}"


def print_decimal(x: Fraction, decimals: int) -> str:
    return f"{to_decimal(x).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_EVEN):f}"


# --- worlds and the claims printed from them ------------------------------------------------------------


@dataclass
class World:
    """True values of every quantity (exact), and the claims printed from them."""

    truth: dict[str, Fraction]
    claims: list[Claim] = field(default_factory=list)


@st.composite
def true_states(draw: st.DrawFn, *, min_count: int = 10_000) -> dict[str, Fraction]:
    """NEV and total sales for 2023/2024 and 2024 exports by type, all integers."""
    a23 = draw(st.integers(min_count, 12_000_000))
    a24 = round(a23 * draw(st.floats(1.02, 4.0)))
    t24 = round(a24 / draw(st.floats(0.1, 0.6)))
    t23 = round(a23 / draw(st.floats(0.05, 0.6)))
    p1 = draw(st.integers(min_count, 5_000_000))
    p2 = draw(st.integers(min_count, 5_000_000))
    truth = {A23: a23, A24: a24, T23: t23, T24: t24, P1: p1, P2: p2, E: p1 + p2}
    truth = {k: Fraction(v) for k, v in truth.items()}
    truth[S23] = truth[A23] / truth[T23] * 100
    truth[S24] = truth[A24] / truth[T24] * 100
    return truth


#: how each derived claim computes its figure from the truth; the figure's unit and how it prints
DERIVED = {
    "growth": (f"growth({A24}, {A23})", A24, "change", "percent",
               lambda t, f: (t[A24] / t[A23] * f - 1) * 100),
    "fold": (f"fold({A24}, {A23})", A24, "fold", "ratio", lambda t, f: t[A24] / t[A23] * f),
    "share24": (f"share({A24}, {T24})", S24, "share", "percent", lambda t, f: t[S24] * f),
    "share23": (f"share({A23}, {T23})", S23, "share", "percent", lambda t, f: t[S23] * f),
    "point": (f"point_change({S24}, {S23})", S24, "point_change", "pp", lambda t, f: (t[S24] - t[S23]) * f),
    "total_growth": (f"growth({T24}, {T23})", T24, "change", "percent",
                     lambda t, f: (t[T24] / t[T23] * f - 1) * 100),
    "sum": (f"sum({P1}, {P2})", E, "sum", "vehicles", lambda t, f: t[E] * f),
}
UNIT_WORDS = {"percent": " percent", "pp": " percentage points", "ratio": "-fold"}


def make_claim(name: str, figure: str, unit: str, kind: str, quantity: str, file: str, *, hedge: str | None = None,
               derivation: str | None = None) -> Claim:
    what = (derivation or quantity).replace("/", " ")
    quote = f"The {what} figure was {hedge + ' ' if hedge else ''}{figure}"
    return Claim(id=name, file=file, seed=file.replace(".yaml", ".txt"), quote=quote, figure=figure, unit=unit,
                 kind=kind, quantity=quantity, hedge=hedge, derivation=derivation)


def value_claim(key: str, truth: dict[str, Fraction], sig: int, file: str, factor: Fraction = Fraction(1),
                hedge: str | None = None) -> Claim:
    figure = print_count(truth[key] * factor, sig)
    return make_claim(f"value-{key.replace('/', '-')}", figure, "vehicles", "value", key, file, hedge=hedge)


def derived_claim(name: str, truth: dict[str, Fraction], decimals: int, file: str, factor: Fraction = Fraction(1),
                  hedge: str | None = None, count_sig: int = 4) -> Claim | None:
    derivation, quantity, kind, unit, value = DERIVED[name]
    x = value(truth, factor)
    if x <= 0:
        return None  # an article would write "fell"; the figure reader takes no signs
    figure = print_count(x, count_sig) if unit == "vehicles" else print_decimal(x, decimals) + UNIT_WORDS[unit]
    if unit != "vehicles" and Decimal(print_decimal(x, decimals)) == 0:
        return None
    return make_claim(f"{name}", figure, unit, kind, quantity, file, derivation=derivation, hedge=hedge)


def bound_claim(key: str, truth: dict[str, Fraction], file: str) -> Claim:
    """'more than 12 million': the truth rounded down to two digits."""
    figure = print_count(truth[key], 2, ROUND_FLOOR)
    return make_claim(f"bound-{key.replace('/', '-')}", figure, "vehicles", "bound", key, file, hedge="more than")


def registry_of(claims: list[Claim]) -> Registry:
    files = sorted({c.file for c in claims})
    sources = {f: Source(f.split("/")[-1].replace(".yaml", ".txt"), "Test", "2025-01-14") for f in files}
    return Registry(Path("claims"), Path("seeds"), dict(ENTITIES), dict(METRICS), sources, list(claims))


FILES = st.sampled_from(["claims/a.yaml", "claims/b.yaml", "claims/c.yaml"])


@st.composite
def consistent_worlds(draw: st.DrawFn) -> World:
    """Any subset of the printable claims, at any realistic precision, with an occasional hedge or bound."""
    truth = draw(true_states())
    claims: list[Claim] = []
    for key in (A23, A24, T23, T24, P1, P2, E):
        if draw(st.booleans()):
            hedge = draw(st.sampled_from([None, None, None, "about", "roughly"]))
            claims.append(value_claim(key, truth, draw(st.integers(2, 4)), draw(FILES), hedge=hedge))
    for name in DERIVED:
        if name == "fold" and truth[A24] / truth[A23] < Fraction(3, 2):
            continue  # nobody writes "a 1.1-fold increase"
        if draw(st.booleans()):
            hedge = draw(st.sampled_from([None, None, None, "about"]))
            made = derived_claim(name, truth, draw(st.integers(0, 2)), draw(FILES), hedge=hedge,
                                 count_sig=draw(st.integers(2, 4)))
            if made is not None:
                claims.append(made)
    if draw(st.booleans()):
        claims.append(bound_claim(draw(st.sampled_from([A24, T24, E])), truth, draw(FILES)))
    assume(claims)
    return World(truth, claims)


#: triangles of claims that pin each other: each claim is implied by the other two
TRIANGLES = {
    "nev": ("value-a23", "value-a24", "growth"),
    "share": ("value-a24", "value-t24", "share24"),
    "exports": ("value-p1", "value-p2", "sum"),
}
VALUE_KEYS = {"value-a23": A23, "value-a24": A24, "value-t24": T24, "value-p1": P1, "value-p2": P2}


@st.composite
def perturbed_worlds(draw: st.DrawFn) -> tuple[World, str]:
    """Whole triangles of claims (plus a fold when it is at least 2), one claim printed from a moved value.

    Counts are at least a million and printed to four digits (at most ±0.05 %), rates and shares
    to a tenth of a percent (shares of at least 10 %: at most ±0.5 %), folds to a tenth (folds of
    at least 2: at most ±2.5 %). Moving one value by 5 % or more therefore always leaves it out of
    what the rest of its triangle implies.
    """
    truth = draw(true_states(min_count=1_000_000))
    shapes = draw(st.lists(st.sampled_from(sorted(TRIANGLES)), min_size=1, max_size=3, unique=True))
    names = sorted({n for s in shapes for n in TRIANGLES[s]})
    if "nev" in shapes and truth[A24] / truth[A23] >= 2 and draw(st.booleans()):
        names.append("fold")
    target = draw(st.sampled_from(names))
    factor = Fraction(draw(st.floats(1.05, 1.5))).limit_denominator(10_000)
    assume(factor >= Fraction(105, 100))
    note(f"perturbed {target} by {float(factor):.4f}")
    claims = []
    for name in names:
        f = factor if name == target else Fraction(1)
        file = draw(FILES)
        if name in VALUE_KEYS:
            claims.append(replace(value_claim(VALUE_KEYS[name], truth, 4, file, f), id=name))
        else:
            made = derived_claim(name, truth, 1, file, f)
            assert made is not None
            claims.append(made)
    return World(truth, claims), target


# --- helpers ---------------------------------------------------------------------------------------------


def holds(iv: Interval, truth: Fraction) -> bool:
    """Exactly: lo <= truth <= hi."""
    return (math.isinf(iv.lo) or Fraction(iv.lo) <= truth) and (math.isinf(iv.hi) or truth <= Fraction(iv.hi))


def describe(claims: list[Claim]) -> str:
    return "\n".join(f"{c.id} [{c.file}]: {c.derivation or c.quantity} = {c.hedge or ''} {c.figure}" for c in claims)


# --- 1. printed from one truth: consistent ------------------------------------------------------------------


@given(consistent_worlds())
@example(World({A23: Fraction(9_498_000), A24: Fraction(12_870_000)}, [
    make_claim("a-2024", "12.87 million", "vehicles", "value", A24, "claims/a.yaml"),
    make_claim("a-growth", "35.5 percent", "percent", "change", A24, "claims/a.yaml",
               derivation=f"growth({A24}, {A23})"),
    make_claim("b-2023", "9.5 million", "vehicles", "value", A23, "claims/b.yaml"),
]))
def test_claims_printed_from_one_truth_are_consistent(world: World) -> None:
    note(describe(world.claims))
    ctx, findings = run_rules(registry_of(world.claims))
    assert ctx.conflicts == []
    assert [f for f in findings if f.code in CONFLICT_CODES] == []
    # propagation is sound: the truth is still inside every quantity's interval
    for key, iv in ctx.domains.items():
        if key in world.truth:
            assert holds(iv, world.truth[key]), (key, iv, float(world.truth[key]))


# --- 2. one claim printed from a moved value: found, and named -------------------------------------------------


def assert_found_and_named(world: World, target: str) -> None:
    ctx, findings = run_rules(registry_of(world.claims))
    conflicts = [f for f in findings if f.code in CONFLICT_CODES]
    assert conflicts, f"the perturbed claim {target} was not found in\n{describe(world.claims)}"
    for f in conflicts:
        assert target in f.claims, (f.code, f.claims, describe(world.claims))
    assert ctx.conflicts and all(target in conflict for conflict in ctx.conflicts)
    # and without the perturbed claim the rest is consistent again
    rest = [c for c in world.claims if c.id != target]
    ctx_rest, findings_rest = run_rules(registry_of(rest))
    assert ctx_rest.conflicts == [] and not [f for f in findings_rest if f.code in CONFLICT_CODES]


@given(perturbed_worlds())
def test_a_perturbed_claim_is_always_found_and_named(case: tuple[World, str]) -> None:
    note(describe(case[0].claims))
    assert_found_and_named(*case)


def test_the_seeds_own_perturbation_is_found() -> None:
    """12.89 M up 34.4 % implies [9.5835, 9.5981] M for 2023: 9.443 M is only 1.5 % off, but printed tightly."""
    world = World({}, [
        make_claim("value-a24", "12.89 million", "vehicles", "value", A24, "claims/a.yaml"),
        make_claim("growth", "34.4 percent", "percent", "change", A24, "claims/a.yaml",
                   derivation=f"growth({A24}, {A23})"),
        make_claim("value-a23", "9.443 million", "vehicles", "value", A23, "claims/b.yaml"),
    ])
    assert_found_and_named(world, "value-a23")


@given(perturbed_worlds())
def test_each_conflict_is_minimal_and_cannot_hold(case: tuple[World, str]) -> None:
    world, _ = case
    net = build_network(registry_of(world.claims))
    ctx, _ = run_rules(registry_of(world.claims))
    for conflict in ctx.conflicts:
        assert not net.propagate(conflict).feasible
        for claim_id in conflict:
            assert net.propagate(conflict - {claim_id}).feasible, (sorted(conflict), claim_id)


# --- 3. inverting a relation and applying it again ------------------------------------------------------------

X, Y = "china/vehicle_sales/2024", "china/nev_sales/2024"
RELATIONS = {
    "growth": f"growth({X}, {Y})",
    "share": f"share({Y}, {X})",
    "fold": f"fold({X}, {Y})",
    "sum": f"sum({X}, {Y})",
    "point_change": f"point_change({X}, {Y})",
    "convert": f"convert({X}, {Y})",
    "scaled difference": f"({X} - {Y}) * 2 / 3",
}


@given(
    st.sampled_from(sorted(RELATIONS)),
    st.integers(1_000, 50_000_000),
    st.floats(0.2, 5.0),
    st.floats(1e-6, 0.05),
    st.floats(0.0, 0.05),
    st.sampled_from([X, Y]),
)
def test_inverting_a_relation_and_applying_it_again_contains_the_original(
        name: str, x: int, ratio: float, rel: float, known_rel: float, known: str) -> None:
    """Values within a factor of 5 of each other: a printed growth rate never reaches -100 %."""
    tree = parse(RELATIONS[name])
    truth = {X: x, Y: max(1, round(x * ratio))}
    value = evaluate(tree, {k: Interval.point(v) for k, v in truth.items()})  # encloses the exact result
    half = abs(value.mid) * rel  # relative: a quotient's printed interval never reaches 0
    target = Interval(value.lo - half, value.hi + half)  # what an article prints, with its rounding
    unknown = Y if known == X else X
    spread = truth[known] * known_rel
    domains = {known: Interval(truth[known] - spread, truth[known] + spread)}
    out = narrow(tree, target, domains)
    assert out is not None
    # the inversion keeps the truth ...
    assert out[unknown].contains(truth[unknown]) and out[known].contains(truth[known])
    assert domains[known].contains(out[known])
    # ... and applying the relation to what it implies gives back at least the stated interval
    again = evaluate(tree, {k: out[k] for k in refs(tree)})
    assert again.contains(target), (again, target)
    # narrowing again from the narrowed domains is stable: nothing true is lost, nothing widens
    twice = narrow(tree, target, out)
    assert twice is not None
    for key in refs(tree):
        assert out[key].contains(twice[key]) and twice[key].contains(truth[key])


@given(consistent_worlds())
def test_propagation_reaches_a_fixed_point(world: World) -> None:
    """After propagation, one more revision of any constraint narrows nothing meaningfully."""
    net = build_network(registry_of(world.claims))
    result = propagate(net.constraints, net.start)
    assert result.feasible
    for constraint in net.constraints:
        revised = narrow(constraint.tree, constraint.target, {k: result.domains[k] for k in constraint.keys})
        assert revised is not None
        for key in constraint.keys:
            assert result.domains[key].contains(revised[key])


# --- end to end: the same worlds as YAML, seeds and `api.check` ------------------------------------------------


def write_registry(root: Path, claims: list[Claim]) -> tuple[Path, Path]:
    """Write claims files and seeds whose sentences are the claims' quotes (so every number is covered)."""
    claims_dir, seeds_dir = root / "claims", root / "seeds"
    claims_dir.mkdir()
    seeds_dir.mkdir()
    (claims_dir / "quantities.yaml").write_text(textwrap.dedent("""\
        entities:
          world: {name: the world}
          china: {name: China, parent: world}
        metrics:
          vehicle_sales: {unit: vehicles, description: all new vehicles sold}
          nev_sales: {unit: vehicles, description: NEVs sold, part_of: vehicle_sales}
          nev_share: {unit: percent, description: NEV share, definition: "share(nev_sales, vehicle_sales)"}
          vehicle_exports: {unit: vehicles, description: vehicles exported}
          passenger_car_exports: {unit: vehicles, description: passenger cars exported, part_of: vehicle_exports}
          commercial_vehicle_exports: {unit: vehicles, description: commercial vehicles, part_of: vehicle_exports}
        """), encoding="utf-8")
    by_file: dict[str, list[Claim]] = {}
    for c in claims:
        by_file.setdefault(Path(c.file).stem, []).append(c)
    for stem, items in by_file.items():
        sentences, entries = [], []
        for i, c in enumerate(items):
            sentences.append(c.quote + ".")
            entry = {"id": f"{stem}-{i}-{c.id}".replace("/", "-"), "quote": c.quote, "figure": c.figure,
                     "unit": c.unit, "kind": c.kind, "quantity": c.quantity}
            for name in ("hedge", "derivation"):
                if getattr(c, name):
                    entry[name] = getattr(c, name)
            entries.append(entry)
        (seeds_dir / f"{stem}.txt").write_text("\n".join(sentences) + "\n", encoding="utf-8")
        doc = {"source": {"seed": f"{stem}.txt", "publisher": "Test", "date": "2025-01-14"}, "claims": entries}
        (claims_dir / f"{stem}.yaml").write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    return claims_dir, seeds_dir


@settings(max_examples=max(5, settings.default.max_examples // 5))
@given(st.one_of(consistent_worlds().map(lambda world: (world, None)), perturbed_worlds()))
def test_end_to_end_through_yaml(case: tuple[World, str | None]) -> None:
    """Written out as claims files and seeds, the worlds validate cleanly and check the same way."""
    world, target = case
    note(describe(world.claims))
    with tempfile.TemporaryDirectory() as tmp:
        claims_dir, seeds_dir = write_registry(Path(tmp), world.claims)
        result = api.check(claims_dir, seeds_dir, acknowledgements=Path(tmp) / "none.yaml")
    assert [str(f) for f in result.validation.findings] == []
    conflicts = [f for f in result.findings if f.code in CONFLICT_CODES]
    if target is None:
        assert conflicts == []
    else:
        assert conflicts and all(any(cid.endswith(f"-{target}") for cid in f.claims) for f in conflicts)


@pytest.mark.parametrize(("x", "sig", "printed"), [
    (Fraction(12_870_123), 4, "12.87 million"),
    (Fraction(9_498_000), 2, "9.5 million"),
    (Fraction(123_456_789), 2, "123 million"),
    (Fraction(242_123), 3, "242,000"),
    (Fraction(1_000_400), 4, "1.000 million"),
])
def test_printing_helper(x: Fraction, sig: int, printed: str) -> None:
    assert print_count(x, sig) == printed


DEFINITIONS = st.sampled_from([
    "share(nev_sales, vehicle_sales)",  # the shipped form
    "nev_sales - vehicle_sales * 0.5",
    "sum(nev_sales, vehicle_sales, nev_sales)",  # a name used twice
    "growth(nev_sales, e00001/vehicle_sales/2020)",  # a key written out: instantiated from the text
    "share(nev_sales, unknown_name)",  # not a metric: left as it is written
])


@given(DEFINITIONS, st.lists(st.tuples(st.sampled_from(["e00001", "byd", "x2"]),
                                       st.sampled_from(["2020", "2024-03", "2025-Q1", "2023-H2"])),
                             min_size=1, max_size=4))
def test_a_definition_parsed_once_per_metric_gives_each_key_the_identity_its_text_gives(definition, keys) -> None:
    """Trusted identities come from one parse per metric, renamed per key: the same constraints as instantiating the text."""
    from claimcheck import identities as identities_module

    metrics = {"nev_share": Metric("nev_share", "percent", "", {}, definition),
               "nev_sales": Metric("nev_sales", "vehicles", "", part_of="vehicle_sales"), "vehicle_sales": Metric("vehicle_sales", "vehicles", "")}
    registry = Registry(Path("claims"), Path("seeds"), metrics=metrics)

    def identities(definitions_parsed_once: bool) -> list[tuple[str, tuple[str, ...], float, float, str, object]]:
        original = identities_module._Definition.of
        if not definitions_parsed_once:
            identities_module._Definition.of = classmethod(lambda cls, *args: None)  # type: ignore[method-assign,assignment]
        try:
            found = identities_module.trusted_identities(registry, dict.fromkeys(f"{e}/nev_share/{p}" for e, p in keys))
        finally:
            identities_module._Definition.of = original  # type: ignore[method-assign]
        made = list(found)
        # what screening reads without making them: each identity's keys (its tree's, in refs order) and target
        assert [c.keys for c in made] == [refs(c.expression) for c in made] == found.keys
        assert [(c.target.lo, c.target.hi) for c in made] == list(zip(found.lo, found.hi))
        return [(repr(c.expression), c.keys, c.target.lo, c.target.hi, c.label, t) for c, t in zip(made, found.templates)]

    assert identities(True) == identities(False)
