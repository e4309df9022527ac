"""Bulk screening (claimcheck.bulk) against the exact engine.

- The vectorised kernels give the scalar interval operations' results bit for bit.
- On random networks, bulk screening never calls a feasible network infeasible; where the exact
  propagation finds a network infeasible, bulk screening finds it infeasible too or hands the
  component to the exact engine (undecided). Both hold on networks printed from a hidden truth
  (test_network's worlds) and on random networks of arbitrary arithmetic.
- Random networks with an injected perturbation are caught, and blamed on the perturbed claim.
- The engine with bulk screening finds the same conflicts as the exact engine alone, and never
  searches a consistent component.
"""

from __future__ import annotations

import dataclasses
import math
import random
import sys
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, note
from hypothesis import strategies as st

from claimcheck import bulk
from claimcheck.apart import set_apart
from claimcheck.diagnosis import Domains
from claimcheck.engine import build_context, build_context_exact, run_rules
from claimcheck.expr import BinOp, Num, Ref, evaluate, expand, parse, refs
from claimcheck.intervals import (
    Interval,
    add_ends,
    div_ends,
    div_extended,
    div_extended_ends,
    mul_ends,
    sub_ends,
)
from claimcheck.network import ConflictSearch, Constraint, Network, build_network, propagate
from tests.test_network import (
    A24,
    CONFLICT_CODES,
    T23,
    consistent_worlds,
    describe,
    holds,
    make_claim,
    perturbed_worlds,
    registry_of,
)

ROOT = Path(__file__).resolve().parent.parent

# --- kernels --------------------------------------------------------------------------------------------

# ordinary ends, and ends where the error-free kernels give way to exact fallbacks (tiny or huge)
ENDS = st.one_of(st.floats(-1e6, 1e6, allow_nan=False), st.sampled_from([0.0, -0.0, 1.0, -1.0, 1e-300, 3.0]),
                 st.sampled_from([5e-324, -1e-310, 1e300, -1e308, 2.0**400, 2.0**-400]))


@st.composite
def intervals(draw: st.DrawFn) -> Interval:
    a, b = sorted((draw(ENDS), draw(ENDS)))
    lo = -math.inf if draw(st.integers(0, 5)) == 0 else a
    hi = math.inf if draw(st.integers(0, 5)) == 0 else b
    return Interval(lo, hi)


def _pair(iv: Interval) -> tuple[np.ndarray, np.ndarray]:
    return np.array([iv.lo]), np.array([iv.hi])


@given(st.lists(st.tuples(intervals(), intervals()), min_size=1, max_size=20))
def test_vectorised_kernels_match_the_scalar_ones(pairs: list[tuple[Interval, Interval]]) -> None:
    alo = np.array([a.lo for a, _ in pairs])
    ahi = np.array([a.hi for a, _ in pairs])
    blo = np.array([b.lo for _, b in pairs])
    bhi = np.array([b.hi for _, b in pairs])
    adds = add_ends(alo, ahi, blo, bhi)
    subs = sub_ends(alo, ahi, blo, bhi)
    muls = mul_ends(alo, ahi, blo, bhi)
    divs = div_extended_ends(alo, ahi, blo, bhi)
    for i, (a, b) in enumerate(pairs):
        assert (adds[0][i], adds[1][i]) == ((a + b).lo, (a + b).hi)
        assert (subs[0][i], subs[1][i]) == ((a - b).lo, (a - b).hi)
        assert (muls[0][i], muls[1][i]) == ((a * b).lo, (a * b).hi)
        expected = div_extended(a, b)
        assert (divs[0][i], divs[1][i]) == (expected.lo, expected.hi), (a, b)
    nonzero = ~((blo <= 0) & (bhi >= 0))
    quotients = div_ends(alo[nonzero], ahi[nonzero], blo[nonzero], bhi[nonzero])
    for i, (a, b) in enumerate(p for p, keep in zip(pairs, nonzero) if keep):
        assert (quotients[0][i], quotients[1][i]) == ((a / b).lo, (a / b).hi), (a, b)


# --- networks printed from a truth (test_network's worlds) ------------------------------------------


def _verdicts(net: Network) -> tuple[bool, bool, bool]:
    """(bulk says infeasible, bulk hands it to the exact engine, exact propagation says infeasible)."""
    compiled, result = bulk.screen(net)
    bulk_infeasible = bool(result.dead.any() or result.failed.any())
    # a cycle of ratios bulk screening flags is for the exact engine to confirm
    undecided = bool(result.unsettled.any() or len(compiled.unsupported) or result.cycles.any())
    exact_infeasible = not propagate(net.constraints, net.start).feasible
    return bulk_infeasible, undecided, exact_infeasible


@given(consistent_worlds())
def test_bulk_finds_worlds_printed_from_one_truth_feasible(world) -> None:  # type: ignore[no-untyped-def]
    note(describe(world.claims))
    net = build_network(registry_of(world.claims))
    compiled, result = bulk.screen(net)
    assert not result.dead.any() and not result.failed.any()
    for key, i in compiled.index.items():
        if key in world.truth:
            assert holds(Interval(float(result.lo[i]), float(result.hi[i])), world.truth[key]), key


@given(perturbed_worlds())
def test_bulk_catches_a_perturbed_claim_and_agrees_with_the_exact_engine(case) -> None:  # type: ignore[no-untyped-def]
    world, target = case
    note(describe(world.claims))
    net = build_network(registry_of(world.claims))
    bulk_infeasible, undecided, exact_infeasible = _verdicts(net)
    assert exact_infeasible
    assert bulk_infeasible or undecided
    ctx = build_context(registry_of(world.claims))
    assert ctx.conflicts and all(target in c for c in ctx.conflicts)
    exact = build_context_exact(registry_of(world.claims))
    assert ctx.conflicts == exact.conflicts


@given(st.one_of(consistent_worlds().map(lambda w: (w, None)), perturbed_worlds()))
def test_bulk_and_exact_engine_give_the_same_context(case) -> None:  # type: ignore[no-untyped-def]
    world, _ = case
    ctx = build_context(registry_of(world.claims))
    exact = build_context_exact(registry_of(world.claims))
    assert ctx.conflicts == exact.conflicts
    assert set(ctx.domains) == set(exact.domains)
    for key, iv in exact.domains.items():
        mine = ctx.domains[key]
        # the same fixed point up to the engine's NARROWING threshold (revision order differs)
        for a, b in ((mine.lo, iv.lo), (mine.hi, iv.hi)):
            assert a == b or abs(a - b) <= 1e-8 * max(abs(a), abs(b), 1e-300), (key, mine, iv)


@given(st.one_of(consistent_worlds().map(lambda w: (w, None)), perturbed_worlds()), st.integers(1, 4))
def test_the_claim_table_gives_bulk_the_columns_its_constraints_have(case, ids) -> None:  # type: ignore[no-untyped-def]
    """Screening reads a built network's columns from its claim table: the same as reading every constraint.

    Ids are folded onto a few (``ids``), so repeated ids, which own the constraints of all their rows,
    are covered too, and one derivation names its own quantity, in that quantity's unit (its identity
    ``key - derivation`` names the key once).
    """
    world, _ = case
    own = make_claim("own", "6.5 million", "vehicles", "value", A24, "claims/a.yaml", derivation=f"sum({A24}, {T23})")
    claims = [dataclasses.replace(c, id=f"c{i % ids}") if ids < 4 else c for i, c in enumerate([*world.claims, own])]
    net = build_network(registry_of(claims))
    by_hand = Network(constraints=list(net.constraints), start=net.start)
    from_table, from_objects = bulk.constraint_columns(net), bulk.constraint_columns(by_hand)
    for mine, theirs in zip(from_table, from_objects):
        assert list(np.asarray(mine, dtype=object)) == list(np.asarray(theirs, dtype=object))
    by_hand._templates = [t[c] if c >= 0 else None for t in [net.templates()[1]] for c in net.templates()[0].tolist()]
    assert bulk.BulkNetwork.build(net).tables.__repr__() == bulk.BulkNetwork.build(by_hand).tables.__repr__()


@given(st.one_of(consistent_worlds().map(lambda w: (w, None)), perturbed_worlds()), st.integers(1, 3))
def test_groups_set_apart_narrow_as_each_group_alone(case, parts) -> None:  # type: ignore[no-untyped-def]
    """apart.set_apart + one bulk screening gives each group what propagating it alone gives (the report's bars)."""
    world, _ = case
    net = build_network(registry_of(world.claims))
    owners = sorted({c.owner for c in net.constraints if c.owner})
    groups = [set(owners[i::parts]) for i in range(parts)]
    apart, origin = set_apart(net, groups)
    # made when read, each constraint is the group's own (Network.of) with its quantities renamed apart
    made, own = list(apart.constraints), [(g, c) for g, group in enumerate(groups) for c in net.of(group)]
    assert [(c.owner, c.target, c.label, [origin[k] for k in refs(c.expression)], [origin[k] for k in c.keys])
            for c in made] == [(c.owner, c.target, c.label, [(g, k) for k in refs(c.expression)], [(g, k) for k in c.keys])
                               for g, c in own]
    # and the columns screening reads without making them are theirs
    for mine, theirs in zip(apart.constraints.columns, bulk.constraint_columns(Network(constraints=made))):
        assert list(np.asarray(mine, dtype=object)) == list(np.asarray(theirs, dtype=object))
    compiled, result = bulk.screen(apart)
    for g, group in enumerate(groups):
        exact = net.propagate(group).domains
        mine = [i for i, key in enumerate(compiled.keys) if origin[key][0] == g]
        ptr, qs = compiled.csr("c")
        unsupported = {int(q) for c in compiled.unsupported for q in qs[ptr[c]:ptr[c + 1]]}
        if any(result.unsettled[i] or i in unsupported for i in mine):
            continue  # undecided: the report propagates this group exactly
        dead = any(result.dead[i] for i in mine) or bool(result.spots()[mine].any()) if mine else False
        assert dead == (exact is None)
        if exact is None:
            continue
        assert {origin[compiled.keys[i]][1] for i in mine} == set(exact)
        for i in mine:
            iv = exact[origin[compiled.keys[i]][1]]
            for a, b in ((float(result.lo[i]), iv.lo), (float(result.hi[i]), iv.hi)):
                assert a == b or abs(a - b) <= 1e-8 * max(abs(a), abs(b), 1e-300), (g, compiled.keys[i], a, b)


# --- random networks of arbitrary arithmetic ------------------------------------------------------------

KEYS = [f"x/q{i}/2024" for i in range(6)]
SHAPES = ["a + b", "a - b", "a * b", "a / b", "(a / b - 1) * 100", "a / b * 100", "a + b + c", "a - (b + c)",
          "a * 2 - b", "-a + b"]


@st.composite
def random_networks(draw: st.DrawFn, perturb: bool = False) -> tuple[Network, dict[str, Fraction], int | None]:
    """Constraints over a hidden positive truth, each stated with a relative rounding of 0.01-5 %."""
    truth = {k: Fraction(draw(st.integers(1, 10_000))) for k in KEYS}
    net = Network()
    for i in range(draw(st.integers(1, 10))):
        shape = draw(st.sampled_from(SHAPES))
        keys = draw(st.lists(st.sampled_from(KEYS), min_size=3, max_size=3, unique=True))
        text = shape.replace("a", keys[0]).replace("b", keys[1]).replace("c", keys[2])
        tree = expand(parse(text))
        value = evaluate(tree, {k: Interval.point(float(v)) for k, v in truth.items()})
        rel = draw(st.floats(1e-4, 0.05))
        half = max(abs(value.lo), abs(value.hi)) * rel
        net.constraints.append(Constraint(tree, Interval(value.lo - half, value.hi + half), f"c{i}", refs(tree), text))
    for k in KEYS:  # some quantities stated directly
        if draw(st.booleans()):
            v = float(truth[k])
            net.constraints.append(Constraint(Ref(k), Interval(v * 0.999, v * 1.001), f"v-{k}", (k,), k))
    moved = None
    if perturb:
        moved = draw(st.integers(0, len(net.constraints) - 1))
        c = net.constraints[moved]
        shift = (c.target.hi - c.target.lo) + max(abs(c.target.lo), abs(c.target.hi)) * draw(st.floats(0.5, 3.0))
        net.constraints[moved] = Constraint(c.tree, Interval(c.target.lo + shift, c.target.hi + shift), c.owner,
                                            c.keys, c.label)
    for k in {k for c in net.constraints for k in c.keys}:
        net.start[k] = Interval(0, math.inf)
        net.units[k] = "count"
    return net, truth, moved


@given(random_networks())
def test_random_feasible_networks_are_never_called_infeasible(case) -> None:  # type: ignore[no-untyped-def]
    net, truth, _ = case
    compiled, result = bulk.screen(net)
    assert not result.dead.any() and not result.failed.any()
    for key, i in compiled.index.items():
        assert holds(Interval(float(result.lo[i]), float(result.hi[i])), truth[key])
    assert propagate(net.constraints, net.start).feasible


@given(random_networks(perturb=True))
def test_random_perturbed_networks_bulk_and_exact_agree(case) -> None:  # type: ignore[no-untyped-def]
    net, _, _ = case
    bulk_infeasible, undecided, exact_infeasible = _verdicts(net)
    if bulk_infeasible:
        assert exact_infeasible  # sound: bulk never calls a feasible network infeasible
    if exact_infeasible:
        assert bulk_infeasible or undecided  # whatever the exact engine catches is caught or handed to it


@given(random_networks(perturb=True), st.lists(st.lists(st.integers(0, 20), max_size=12), min_size=1, max_size=6))
def test_a_shared_revision_memo_never_changes_a_propagation(case, subsets) -> None:  # type: ignore[no-untyped-def]
    """ConflictSearch shares one memo of revisions across every set it checks: reusing them is exact."""
    net, _, _ = case
    revisions: dict = {}
    for picks in [list(range(len(net.constraints))), *subsets]:
        chosen = [net.constraints[i % len(net.constraints)] for i in dict.fromkeys(picks)]
        alone, shared = propagate(chosen, net.start), propagate(chosen, net.start, revisions)
        assert alone.domains == shared.domains and alone.because == shared.because
    assert revisions  # the memo was filled (and, from the second set on, read)


def test_a_tree_that_uses_a_quantity_twice_goes_to_the_exact_engine() -> None:
    tree = expand(parse("x/q0/2024 / (x/q0/2024 + x/q1/2024)"))
    net = Network(constraints=[Constraint(tree, Interval(2, 3), "c", refs(tree), "c")],
                  start={k: Interval(0, math.inf) for k in refs(tree)})
    compiled, _ = bulk.screen(net)
    assert list(compiled.unsupported) == [0]
    assert bulk.compile_tree(BinOp("+", Num(1.0, "1"), Num(2.0, "2"))) is None  # no quantity at all


# --- a synthetic registry: large components, neighbourhood search --------------------------------------


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict[str, object]]]:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import synth

    articles = synth.build(3_000, seed=7)
    injected = synth.inject(articles, 6, random.Random(8))
    folder = tmp_path_factory.mktemp("synth")
    synth.write(articles, folder)
    return folder, injected


def test_synthetic_registry_injections_are_found_and_only_they(synthetic, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from claimcheck.loader import load

    folder, injected = synthetic
    ids = {str(i["claim"]) for i in injected}
    assert len(ids) == 6
    registry = load(folder / "claims", folder / "seeds")
    searched: list[frozenset[str]] = []
    original = ConflictSearch.all_conflicts

    def spy(self):  # type: ignore[no-untyped-def]
        searched.append(self.claims)
        return original(self)

    monkeypatch.setattr(ConflictSearch, "all_conflicts", spy)
    ctx, findings = run_rules(registry)
    conflicts = [f for f in findings if f.code in CONFLICT_CODES]
    assert {i for i in ids if any(i in f.claims for f in conflicts)} == ids  # recall 100 %
    assert all(set(f.claims) & ids for f in conflicts)  # no false positive, never misblamed
    assert all(c & ids for c in ctx.conflicts)
    # consistent components never reach the exact conflict search
    assert searched and all(s & ids for s in searched)


def test_parquet_archive_checks_like_the_yaml_files(tmp_path: Path) -> None:
    """The same registry as YAML files and as a Parquet archive: the same claims, the same findings."""
    pytest.importorskip("pyarrow")
    from claimcheck import api

    sys.path.insert(0, str(ROOT / "benchmarks"))
    import synth

    articles = synth.build(600, seed=3)
    synth.inject(articles, 2, random.Random(4))
    results = {}
    for fmt in ("yaml", "parquet"):
        synth.write(articles, tmp_path / fmt, fmt)
        result = api.check(tmp_path / fmt / "claims", tmp_path / fmt / "seeds", tmp_path / "none.yaml")
        assert [str(f) for f in result.validation.findings] == []
        results[fmt] = sorted((f.code, f.claims) for f in result.findings)
    assert results["yaml"] == results["parquet"]
    assert any(code in CONFLICT_CODES for code, _ in results["parquet"])


def test_domains_read_from_the_screening_are_the_mapping_of_their_kept_quantities() -> None:
    """Only kept quantities are domains; each is read as its interval, in key order (as the dict it replaced)."""
    keys = ["a/x/2024", "b/x/2024", "c/x/2024"]
    domains = Domains(keys, {k: i for i, k in enumerate(keys)}, np.array([True, False, True]),
                           np.array([1.0, 2.0, -math.inf]), np.array([1.5, 2.5, 3.0]))
    assert dict(domains) == {"a/x/2024": Interval(1.0, 1.5), "c/x/2024": Interval(-math.inf, 3.0)}
    assert list(domains) == ["a/x/2024", "c/x/2024"] and len(domains) == 2
    assert "b/x/2024" not in domains and "z/x/2024" not in domains and domains.get("b/x/2024") is None
    with pytest.raises(KeyError):
        domains["b/x/2024"]
