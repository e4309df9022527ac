"""Derivation expressions: lexing, parsing, evaluation, units, narrowing."""

from __future__ import annotations

import math
from collections.abc import Mapping
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from claimcheck.expr import (
    FUNCTIONS,
    MAX_DEPTH,
    MAX_LENGTH,
    BinOp,
    Call,
    ExpressionError,
    Neg,
    Node,
    Num,
    Ref,
    UnboundQuantity,
    UnitError,
    evaluate,
    evaluate_array,
    expand,
    narrow,
    number_interval,
    parse,
    refs,
    tokenize,
    unit_of,
    unparse,
    walk,
)
from claimcheck.intervals import Interval, IntervalArray, ZeroDivisionInterval
from tests.test_intervals import intervals

A, B, C = "x/a/2024", "x/b/2023-Q1", "x/c/2024-07/retail"
KEYS = [A, B, C, "china/nev_sales/2024", "fx/cny_per_usd/2024-07-15", "y/z9_/2025-H2"]


# -- lexer ---------------------------------------------------------------------


def test_tokens_and_offsets() -> None:
    toks = tokenize("share(china/nev_sales/2024-H1/retail,2.50)-1")
    assert [(t.kind, t.text, t.pos) for t in toks] == [
        ("NAME", "share", 0),
        ("(", "(", 5),
        ("QUANTITY", "china/nev_sales/2024-H1/retail", 6),
        (",", ",", 36),
        ("NUMBER", "2.50", 37),
        (")", ")", 41),
        ("-", "-", 42),
        ("NUMBER", "1", 43),
        ("END", "", 44),
    ]


@pytest.mark.parametrize("period", ["2024", "2024-07", "2024-Q4", "2024-H2", "2024-02-29"])
def test_periods(period: str) -> None:
    assert parse(f"c/m/{period}") == Ref(f"c/m/{period}")


def test_greedy_quantity_and_spaced_operators() -> None:
    assert parse("a/b/2024-c/d/2023") == BinOp("-", Ref("a/b/2024"), Ref("c/d/2023"))
    assert parse("a/b/2024/2") == BinOp("/", Ref("a/b/2024"), Num(2.0, "2"))
    assert parse("a/b/2024 / c/d/2023") == BinOp("/", Ref("a/b/2024"), Ref("c/d/2023"))
    assert parse("a/b/2024/c") == Ref("a/b/2024/c")  # a basis, not a division


@pytest.mark.parametrize(
    ("text", "pos", "words"),
    [
        ("1 + $2", 4, "unexpected character '$'"),
        ("China/x/2024", 0, "lower-case"),
        ("a/b/2024-13", 4, "invalid period '2024-13'"),
        ("a/b/2023-02-29", 4, "invalid period"),
        ("a/b/24", 4, "expected a period"),
        ("a/b", 3, "expected '/' and a period"),
        ("a/2024", 2, "expected a metric name"),
        ("1. + 2", 2, "expected digits after the decimal point"),
        ("1.5.2", 3, "unexpected character '.'"),
        ("1 + 2\u00a0", 5, "unexpected character '\\xa0'"),
    ],
)
def test_lexer_errors(text: str, pos: int, words: str) -> None:
    with pytest.raises(ExpressionError) as info:
        parse(text)
    assert info.value.pos == pos
    assert info.value.expression == text
    assert words in info.value.message
    assert str(info.value).endswith(f"at column {pos + 1}")


# -- parser --------------------------------------------------------------------


def test_precedence_and_associativity() -> None:
    one, two, three = Num(1.0, "1"), Num(2.0, "2"), Num(3.0, "3")
    assert parse("1 - 2 - 3") == BinOp("-", BinOp("-", one, two), three)
    assert parse("1 - (2 - 3)") == BinOp("-", one, BinOp("-", two, three))
    assert parse("1 + 2 * 3") == BinOp("+", one, BinOp("*", two, three))
    assert parse("-1 * 2") == BinOp("*", Neg(one), two)
    assert parse("1 * -2") == BinOp("*", one, Neg(two))
    assert parse("--1") == Neg(Neg(one))
    assert parse("sum(1, 2, 3)") == Call("sum", (one, two, three))


def test_positions_are_kept_but_not_compared() -> None:
    tree = parse("growth( x/a/2024 , 2 )")
    assert isinstance(tree, Call) and tree.pos == 0
    assert [getattr(a, "pos") for a in tree.args] == [8, 19]
    assert tree == Call("growth", (Ref(A), Num(2.0, "2")))


@pytest.mark.parametrize(
    ("text", "pos", "words"),
    [
        ("growth(china/nev_sales/2024 china/x/2023)", 28, "expected ',' or ')' after argument 1 of growth()"),
        ("grwth(x/a/2024, 1)", 0, "unknown function 'grwth' (did you mean 'growth'?"),
        ("eval(1)", 0, "unknown function 'eval'"),
        ("growth(x/a/2024)", 15, "too few arguments: growth() takes exactly 2 arguments"),
        ("fold(1, 2, 3)", 11, "too many arguments: fold() takes exactly 2 arguments"),
        ("sum(1)", 5, "sum() takes at least 2 arguments"),
        ("(1 + 2", 6, "expected ')' to close '(' at column 1, found end of expression"),
        ("1 + 2)", 5, "unexpected ')' without a matching '('"),
        ("growth", 6, "expected '(' after function name 'growth'"),
        ("china", 0, "'china' is neither a quantity key"),
        ("", 0, "expected a number, quantity, function call, '(' or '-', found end of expression"),
        ("1 +", 3, "found end of expression"),
        ("1 2", 2, "expected an operator or end of expression, found number 2"),
        ("growth()", 7, "found ')'"),
        ("share(1,)", 8, "found ')'"),
        ("9" * 400, 0, "number too large"),
    ],
)
def test_parse_errors_point_at_the_problem(text: str, pos: int, words: str) -> None:
    with pytest.raises(ExpressionError) as info:
        parse(text)
    assert info.value.pos == pos, info.value
    assert words in info.value.message, info.value.message


@pytest.mark.parametrize(
    "text",
    [
        "(" * (MAX_DEPTH + 1) + "1" + ")" * (MAX_DEPTH + 1),
        "-" * (MAX_DEPTH + 1) + "1",
        "1" + " + 1" * MAX_DEPTH,
        "sum(" * MAX_DEPTH + "1" + ", 1)" * MAX_DEPTH,
        "(" * 1000 + "1" + ")" * 999,
    ],
)
def test_depth_limit(text: str) -> None:
    with pytest.raises(ExpressionError, match=f"MAX_DEPTH = {MAX_DEPTH}"):
        parse(text)


def test_depth_limit_is_inclusive() -> None:
    parse("1" + " + 1" * (MAX_DEPTH - 1))
    parse("(" * MAX_DEPTH + "1" + ")" * MAX_DEPTH)


def test_length_limit() -> None:
    text = "1" + "+1" * MAX_LENGTH
    with pytest.raises(ExpressionError, match=f"MAX_LENGTH = {MAX_LENGTH}") as info:
        parse(text)
    assert info.value.pos == MAX_LENGTH


def test_refs_walk_expand_unparse() -> None:
    tree = parse(f"share({A}, {A} + {B}) - point_change({C}, 2)")
    assert refs(tree) == (A, B, C)
    assert sum(isinstance(n, Ref) for n in walk(tree)) == 4
    assert unparse(expand(tree)) == f"{A} / ({A} + {B}) * 100 - ({C} - 2)"
    assert unparse(expand(parse("convert(1, 2)"))) == "1 / 2"
    assert not any(isinstance(n, Call) for n in walk(expand(parse("growth(fold(1, 2), sum(3, 4, 5))"))))


# -- parser properties ---------------------------------------------------------

FRAGMENTS = [
    "growth", "share", "sum", "fold", "point_change", "convert", "(", ")", ",", "+", "-", "*",
    "/", " ", "1", "2.5", "0", "x/a/2024", "x/a/2024-Q1", "x/a/2024/b", "x/a/2024-02-30",
    "x", "$", "C", ".", "2024-13", "/2024", "\u00a0", "\n", "sum(", "((", "))",
]


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(), st.lists(st.sampled_from(FRAGMENTS), max_size=30).map("".join)))
def test_parse_raises_only_expression_error(text: str) -> None:
    try:
        tree = parse(text)
    except ExpressionError as err:
        assert err.pos is not None and 0 <= err.pos <= len(text)
        assert err.message == err.message.lower() or "'" in err.message or "MAX_" in err.message
    else:
        assert parse(unparse(tree)) == tree


numbers = st.from_regex(r"\A[0-9]{1,4}(\.[0-9]{1,3})?\Z").map(lambda t: Num(float(t), t))


def _trees(leaf: st.SearchStrategy[Node], max_leaves: int) -> st.SearchStrategy[Node]:
    def extend(kids: st.SearchStrategy[Node]) -> st.SearchStrategy[Node]:
        return st.one_of(
            kids.map(Neg),
            st.builds(BinOp, st.sampled_from("+-*/"), kids, kids),
            st.builds(
                lambda name, a, b: Call(name, (a, b)),
                st.sampled_from(sorted(set(FUNCTIONS) - {"sum"})),
                kids,
                kids,
            ),
            st.lists(kids, min_size=2, max_size=4).map(lambda args: Call("sum", tuple(args))),
        )

    return st.recursive(leaf, extend, max_leaves=max_leaves)


def height(node: Node) -> int:
    kids = [height(k) for k in (getattr(node, "args", None) or [
        getattr(node, a) for a in ("operand", "left", "right") if hasattr(node, a)])]
    return 1 + max(kids, default=0)


@settings(max_examples=200, deadline=None)
@given(_trees(numbers | st.sampled_from(KEYS).map(Ref), max_leaves=30))
def test_round_trip(tree: Node) -> None:
    assume(height(tree) <= MAX_DEPTH)
    text = unparse(tree)
    assert parse(text) == tree
    assert unparse(parse(text)) == text


# -- evaluation ----------------------------------------------------------------


def exact(node: Node, values: Mapping[str, Fraction]) -> Fraction:
    """Reference evaluation with exact rationals (on an expanded tree)."""
    if isinstance(node, Num):
        return Fraction(node.text)
    if isinstance(node, Ref):
        return values[node.key]
    if isinstance(node, Neg):
        return -exact(node.operand, values)
    assert isinstance(node, BinOp)
    left, right = exact(node.left, values), exact(node.right, values)
    if node.op == "/":
        if right == 0:
            raise ZeroDivisionError
        return left / right
    return {"+": left + right, "-": left - right, "*": left * right}[node.op]


def holds(iv: Interval, x: Fraction) -> bool:
    return (iv.lo == -math.inf or Fraction(iv.lo) <= x) and (iv.hi == math.inf or x <= Fraction(iv.hi))


everyday = st.one_of(
    st.floats(-1e6, 1e6, allow_nan=False),
    st.decimals(-100, 100, places=4, allow_nan=False).map(float),
    st.floats(1e-3, 1e9, allow_nan=False),
)


@st.composite
def box(
    draw: st.DrawFn, keys: list[str], divisors: tuple[str, ...] = ()
) -> tuple[dict[str, Interval], dict[str, Fraction]]:
    """Intervals for ``keys`` (of one sign for ``divisors``) and an exact point inside each."""
    domains, point = {}, {}
    for key in keys:
        lo, hi = sorted((draw(everyday), draw(everyday)))
        if key in divisors and lo <= 0 <= hi:
            sign = draw(st.sampled_from([-1, 1]))
            lo, hi = sorted((sign * draw(st.floats(1e-3, 1e9)), sign * draw(st.floats(1e-3, 1e9))))
        domains[key] = Interval(lo, hi)
        t = draw(st.fractions(0, 1, max_denominator=1000))
        point[key] = Fraction(lo) + t * (Fraction(hi) - Fraction(lo))
    return domains, point


@pytest.mark.parametrize("name", sorted(FUNCTIONS))
@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_functions_are_sound(name: str, data: st.DataObject) -> None:
    keys = [A, B, C] if name == "sum" else [A, B]
    domains, point = data.draw(box(keys, divisors=(B,)))
    tree = parse(f"{name}({', '.join(keys)})")
    assert holds(evaluate(tree, domains), exact(expand(tree), point))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(_trees(numbers | st.sampled_from([A, B, C]).map(Ref), max_leaves=8), box([A, B, C]))
def test_evaluate_is_sound_on_random_trees(tree: Node, dom: tuple[dict[str, Interval], dict[str, Fraction]]) -> None:
    domains, point = dom
    try:
        result = evaluate(tree, domains)
    except ZeroDivisionInterval:
        assume(False)
        raise
    assert holds(result, exact(expand(tree), point))


def test_evaluate_examples_and_errors() -> None:
    tree = parse(f"growth({A}, {B})")
    result = evaluate(tree, {A: Interval(12.865, 12.875), B: Interval(9.495, 9.505)})
    assert result.contains(Interval(35.36, 35.59))
    assert evaluate(parse("0.1 * 3"), {}).contains(Fraction(3, 10))  # type: ignore[arg-type]
    with pytest.raises(UnboundQuantity) as info:
        evaluate(tree, {A: Interval(1, 2)})
    assert info.value.key == B and isinstance(info.value, KeyError)
    with pytest.raises(ZeroDivisionInterval):
        evaluate(tree, {A: Interval(1, 2), B: Interval(-1, 1)})


# Row intervals for the bulk path: everyday ends, the extremes of tests/test_intervals.py, and
# divisors that contain or touch zero.
row_intervals = st.one_of(
    st.tuples(everyday, everyday).map(lambda ends: Interval(*sorted(ends))),
    intervals(unbounded=True),
    st.sampled_from([Interval(0, 0), Interval(-1, 0), Interval(0, 2), Interval(-1e-300, 1e-300)]),
)


@settings(max_examples=150, deadline=None)
@given(_trees(numbers | st.sampled_from([A, B, C]).map(Ref), max_leaves=8),
       st.lists(st.fixed_dictionaries({A: row_intervals, B: row_intervals, C: row_intervals}), min_size=1, max_size=6))
def test_evaluate_array_agrees_with_evaluate_row_by_row(tree: Node, rows: list[dict[str, Interval]]) -> None:
    """Bit for bit, and the zero-divisor mask is exactly where evaluate raises.

    Also ``values - 1`` is ``evaluate(tree - 1)``: how CC103/CC104 read a fold figure as an increase.
    """
    bindings = {key: IntervalArray.from_intervals(row[key] for row in rows) for key in (A, B, C)}
    values, zero = evaluate_array(tree, bindings)
    assert len(values) == len(zero) == len(rows)
    minus_one = values - number_interval("1")
    for i, row in enumerate(rows):
        try:
            expected = evaluate(tree, row)
        except ZeroDivisionInterval:
            assert zero[i]
            continue
        assert not zero[i]
        for got, want in ((values[i], expected), (minus_one[i], evaluate(BinOp("-", tree, Num(1.0, "1")), row))):
            assert (got.lo, got.hi) == (want.lo, want.hi)
            assert math.copysign(1, got.lo) == math.copysign(1, want.lo)
            assert math.copysign(1, got.hi) == math.copysign(1, want.hi)


def test_evaluate_array_examples_and_errors() -> None:
    xs = IntervalArray([12.865, 1], [12.875, 1])
    ys = IntervalArray([9.495, -1], [9.505, 1])
    values, zero = evaluate_array(parse(f"growth({A}, {B})"), {A: xs, B: ys})
    assert values[0] == evaluate(parse(f"growth({A}, {B})"), {A: xs[0], B: ys[0]})
    assert zero.tolist() == [False, True]
    values, zero = evaluate_array(parse("0.1 * 3"), {}, size=2)
    assert values[1] == evaluate(parse("0.1 * 3"), {}) and not zero.any()
    with pytest.raises(UnboundQuantity):
        evaluate_array(parse(f"growth({A}, {B})"), {A: xs})
    with pytest.raises(ValueError):
        evaluate_array(parse("1 + 2"), {})


def test_inclusion_monotonicity_of_evaluate() -> None:
    tree = parse(f"share({A}, {A} + {B})")
    wide = evaluate(tree, {A: Interval(10, 20), B: Interval(30, 50)})
    narrow_ = evaluate(tree, {A: Interval(12, 13), B: Interval(40, 41)})
    assert wide.contains(narrow_)


# -- units -----------------------------------------------------------------------

UNITS = {
    "c/sales/2024": "vehicles",
    "c/sales/2023": "vehicles",
    "c/share/2024": "percent",
    "c/share/2023": "percent",
    "c/subsidy/2024": "CNY",
    "fx/cny_per_usd/2024": "CNY_per_USD",
    "c/usd/2024": "USD",
}


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("growth(c/sales/2024, c/sales/2023)", "percent"),
        ("share(c/sales/2024, c/sales/2023)", "percent"),
        ("point_change(c/share/2024, c/share/2023)", "pp"),
        ("point_change(c/sales/2024, c/sales/2023)", "vehicles"),
        ("fold(c/sales/2024, c/sales/2023)", "ratio"),
        ("sum(c/sales/2024, c/sales/2023, 5)", "vehicles"),
        ("convert(c/subsidy/2024, fx/cny_per_usd/2024)", "USD"),
        ("c/subsidy/2024 / fx/cny_per_usd/2024", "USD"),
        ("c/usd/2024 * fx/cny_per_usd/2024", "CNY"),
        ("c/subsidy/2024 / c/usd/2024", "CNY_per_USD"),
        ("1 / fx/cny_per_usd/2024", "USD_per_CNY"),
        ("2 * c/sales/2024 / 3", "vehicles"),
        ("-c/sales/2024 + 1000", "vehicles"),
        ("c/sales/2024 / c/sales/2023 - 1", "ratio"),
        ("1 + 2", "ratio"),
        ("fold(c/sales/2024, c/sales/2023) * c/sales/2023", "vehicles"),
    ],
)
def test_unit_of(text: str, unit: str) -> None:
    assert unit_of(parse(text), UNITS) == unit


@pytest.mark.parametrize(
    ("text", "pos", "words"),
    [
        ("c/sales/2024 + c/share/2024", 13, "cannot add vehicles and percent"),
        ("c/sales/2024 - c/share/2024", 13, "cannot subtract percent from vehicles"),
        ("sum(c/sales/2024, c/sales/2023, c/share/2024)", 32, "sum() needs arguments in one unit, got vehicles and percent"),
        ("growth(c/sales/2024, c/share/2024)", 21, "growth() needs arguments in one unit"),
        ("c/sales/2024 * c/share/2024", 13, "cannot multiply vehicles by percent"),
        ("convert(c/subsidy/2024, c/usd/2024)", 24, "convert() needs a rate in CNY_per_Y"),
        ("convert(c/usd/2024, fx/cny_per_usd/2024)", 20, "got CNY_per_USD"),
        ("1 / c/sales/2024", 2, "cannot divide a plain number by vehicles"),
    ],
)
def test_unit_errors(text: str, pos: int, words: str) -> None:
    with pytest.raises(UnitError) as info:
        unit_of(parse(text), UNITS)
    assert info.value.pos == pos
    assert words in info.value.message
    assert not isinstance(info.value, ExpressionError) and isinstance(info.value, ValueError)


def test_unit_of_unknown_quantity() -> None:
    with pytest.raises(UnboundQuantity):
        unit_of(parse("c/nope/2024"), UNITS)


# -- narrowing -----------------------------------------------------------------


def test_inversion_of_a_growth_claim() -> None:
    """"rose 34.4% to 12.89 million": the 2023 value it implies, and back again."""
    new, old = "china/nev_sales/2024", "china/nev_sales/2023"
    tree = parse(f"growth({new}, {old})")
    target = Interval(34.35, 34.45)
    out = narrow(tree, target, {new: Interval(12.885, 12.895)})
    assert out is not None
    assert out[new] == Interval(12.885, 12.895)
    implied = out[old]
    assert implied.lo == pytest.approx(12.885 / 1.3445) and implied.hi == pytest.approx(12.895 / 1.3435)
    assert str(implied) == "[9.5835, 9.5981]"
    assert 9.5834 < implied.lo < 9.5835 and 9.5980 < implied.hi < 9.5981
    assert evaluate(tree, out).contains(target)


def test_narrow_detects_infeasibility() -> None:
    tree = parse(f"{A} / {B}")
    assert narrow(tree, Interval(2, 3), {A: Interval(1, 1), B: Interval(1, 1)}) is None
    assert narrow(parse(f"{A} * 0"), Interval(1, 2), {}) is None
    assert narrow(parse(f"{A} + 1"), Interval(5, 6), {A: Interval(0, 3)}) is None
    assert narrow(parse("2"), Interval(3, 4), {}) is None


def test_narrow_keeps_other_domains_and_does_not_mutate() -> None:
    domains = {A: Interval(0, 10), "other/x/2024": Interval(1, 2)}
    out = narrow(parse(f"{A} + {B}"), Interval(5, 5), domains)
    assert out is not None
    assert domains == {A: Interval(0, 10), "other/x/2024": Interval(1, 2)}
    assert out["other/x/2024"] == Interval(1, 2) and out[A] == Interval(0, 10)
    assert out[B] == Interval(-5, 5)


def test_narrow_with_zero_in_divisor_is_sound() -> None:
    # a * b = 0 with b possibly 0: a can be anything
    out = narrow(parse(f"{A} * {B}"), Interval(0, 0), {B: Interval(0, 1)})
    assert out is not None and out[A] == Interval.entire()
    # a / b = 5 with a, b in [-1, 1]: b is pinned to [-0.2, 0.2]
    out = narrow(parse(f"{A} / {B}"), Interval(5, 5), {A: Interval(-1, 1), B: Interval(-1, 1)})
    assert out is not None and out[B].contains(Interval(-0.2, 0.2)) and out[B].width < 0.41


def test_narrow_repeated_quantity() -> None:
    # share(a, a + b) = 50 %  with b = 10  =>  a = 10
    out = narrow(parse(f"share({A}, {A} + {B})"), Interval(50, 50), {A: Interval(0, 100), B: Interval(10, 10)})
    assert out is not None and out[A].contains(10) and out[A].width < 100


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(
    _trees(numbers | st.sampled_from([A, B, C]).map(Ref), max_leaves=8),
    st.fixed_dictionaries({k: everyday for k in (A, B, C)}),
    st.data(),
)
def test_narrow_never_loses_the_truth(tree: Node, truth: dict[str, float], data: st.DataObject) -> None:
    try:
        value = evaluate(tree, {k: Interval.point(v) for k, v in truth.items()})
    except ZeroDivisionInterval:
        assume(False)
        raise
    slack = st.one_of(st.just(0.0), st.floats(0, 1e3), st.just(math.inf))
    target = Interval(value.lo - data.draw(slack), value.hi + data.draw(slack))
    domains = {}
    for key in refs(tree):
        if data.draw(st.booleans()):  # otherwise unknown: [-inf, inf]
            domains[key] = Interval(truth[key] - data.draw(slack), truth[key] + data.draw(slack))
    out = narrow(tree, target, domains)
    assert out is not None
    for key in refs(tree):
        assert out[key].contains(truth[key]), (key, truth[key], out[key])
        assert key not in domains or domains[key].contains(out[key])
