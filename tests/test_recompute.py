"""Recomputing every derivation at once (``rules/recompute.py``) agrees, row by row and bit for bit,
with binding one claim's operands (:func:`operands`) and evaluating it (:func:`evaluate`)."""

from __future__ import annotations

import math
from pathlib import Path

from hypothesis import given, note, settings
from hypothesis import strategies as st

from claimcheck.engine import Context
from claimcheck.expr import Ref, evaluate, parse, refs
from claimcheck.intervals import Interval, ZeroDivisionInterval
from claimcheck.loader import Registry
from claimcheck.model import Claim
from claimcheck.network import Network, Statement
from claimcheck.rules.recompute import Rows, operands, recompute

KEYS = ["x/a/2024", "x/b/2024", "x/c/2024", "x/d/2024"]
A, B, C, D = KEYS
FILES = ["claims/one.yaml", "claims/two.yaml", "claims/three.yaml"]
EXPRESSIONS = [
    f"growth({A}, {B})", f"share({B}, {C})", f"fold({C}, {A})", f"point_change({A}, {D})", f"sum({A}, {B}, {C})",
    f"convert({D}, {B})", f"growth({A}, {A})", f"share({A}, {A} + {B})", f"{A} / ({B} - {C})", f"-{D} * 2 + {A}",
    "1 + 2",
]
# Few values, so that the statements of a quantity sometimes meet and sometimes do not, and a divisor
# sometimes contains zero.
VALUES = st.sampled_from([Interval(1, 2), Interval(1.5, 3), Interval(2.5, 4), Interval(-1, 1), Interval(0, 0),
                          Interval.enclose("0.1"), Interval(12.865, 12.875), Interval(-3, -2)])


def statement(claim_id: str, file: str, quantity: str, value: Interval, derivation: str | None = None) -> Statement:
    claim = Claim(claim_id, file, "seed.txt", "quote", "1", "vehicles", "value" if derivation is None else "change",
                  quantity, derivation=derivation)
    expression = parse(derivation) if derivation else Ref(quantity)
    return Statement(claim, value, value, "as printed", expression, derivation or quantity)


@st.composite
def contexts(draw: st.DrawFn) -> tuple[Context, list[Statement]]:
    """Direct statements of some quantities in some files, and derivations over them.

    Some derivations also state their own quantity directly, so binding must leave them out.
    """
    direct: dict[str, list[Statement]] = {}
    for i in range(draw(st.integers(0, 12))):
        key = draw(st.sampled_from(KEYS))
        direct.setdefault(key, []).append(statement(f"s{i}", draw(st.sampled_from(FILES)), key, draw(VALUES)))
    derivations = []
    for i in range(draw(st.integers(1, 12))):
        s = statement(f"d{i}", draw(st.sampled_from(FILES)), draw(st.sampled_from(KEYS)), draw(VALUES),
                      draw(st.sampled_from(EXPRESSIONS)))
        if draw(st.booleans()):
            stated = direct.setdefault(s.claim.quantity, [])
            stated.insert(draw(st.integers(0, len(stated))), s)
        derivations.append(s)
    return Context(Registry(Path("claims"), Path("seeds")), Network(), [], {}, direct), derivations


def same(a: float, b: float) -> bool:
    return a == b and math.copysign(1, a) == math.copysign(1, b)


@settings(max_examples=200, deadline=None)
@given(contexts())
def test_recompute_agrees_with_operands_and_evaluate(world: tuple[Context, list[Statement]]) -> None:
    ctx, derivations = world
    note({key: [(o.claim.id, o.claim.file, str(o.interval)) for o in stated] for key, stated in ctx.direct.items()})
    r = recompute(ctx, Rows.of(derivations))
    for row, s in enumerate(derivations):
        note(f"{s.claim.id} [{s.claim.file}]: {s.text}")
        bound = operands(ctx, s)
        assert r.quantities[row] == refs(s.expression)
        assert bool(r.known[row]) == (bound is not None)
        if bound is None:
            continue
        bindings, used = bound
        assert r.operands[row] == used
        try:
            value = evaluate(s.expression, bindings)
        except ZeroDivisionInterval:
            assert r.zero[row]
            continue
        assert not r.zero[row]
        assert same(r.lo[row], value.lo) and same(r.hi[row], value.hi)


def test_a_claim_that_states_its_own_operand_is_not_bound_to_itself() -> None:
    own = statement("own", FILES[0], A, Interval(5, 6), f"growth({A}, {B})")
    other = statement("other", FILES[0], A, Interval(1, 2))
    base = statement("base", FILES[1], B, Interval(1, 1))
    ctx = Context(Registry(Path("claims"), Path("seeds")), Network(), [], {}, {A: [own, other], B: [base]})
    r = recompute(ctx, Rows.of([own]))
    assert r.known[0] and r.operands[0] == ("other", "base")
    assert (r.lo[0], r.hi[0]) == (0.0, 100.0)
