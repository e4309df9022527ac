"""Evaluate derivations over intervals, infer their unit, and narrow their inputs.

* :func:`evaluate` computes the interval of an expression from intervals of
  its quantities (outward rounding throughout); :func:`evaluate_array` does
  the same for many rows at once, bit for bit.
* :func:`unit_of` infers the unit of an expression from its quantities' units.
* :func:`narrow` runs one HC4-revise pass: given that the expression's value
  lies in a target interval, it shrinks the quantities' domains without ever
  removing a value that could satisfy the constraint.

Numbers are taken exactly as written: ``0.1`` is the tightest float interval
around one tenth, not the float nearest to it.

>>> from claimcheck.expr.parser import parse
>>> tree = parse("growth(a/sales/2024, a/sales/2023)")
>>> out = narrow(tree, Interval(34.35, 34.45), {"a/sales/2024": Interval(12.885, 12.895)})
>>> print(out["a/sales/2023"])
[9.5835, 9.5981]
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from claimcheck.expr.errors import UnitError
from claimcheck.expr.parser import BinOp, Call, Neg, Node, Num, Ref, children, expand
from claimcheck.intervals import Interval, IntervalArray, div_extended

__all__ = [
    "UnboundQuantity",
    "UnitError",
    "evaluate",
    "evaluate_array",
    "narrow",
    "number_interval",
    "unit_of",
]


class UnboundQuantity(KeyError):
    """A quantity the expression uses has no value (or unit) to go on.

    >>> str(UnboundQuantity("china/nev_sales/2023"))
    "no value for quantity 'china/nev_sales/2023'"
    """

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key

    def __str__(self) -> str:
        return f"no value for quantity '{self.key}'"


@functools.lru_cache(maxsize=4096)
def number_interval(text: str) -> Interval:
    """The tightest interval around the decimal number ``text`` read exactly.

    >>> number_interval("100")
    Interval(lo=100.0, hi=100.0)
    >>> number_interval("0.1").width > 0
    True
    """
    return Interval.enclose(text)


# -- evaluation --------------------------------------------------------------


def evaluate(node: Node, bindings: Mapping[str, Interval]) -> Interval:
    """The interval of ``node`` given an interval for each quantity it uses.

    Function calls are evaluated through their :func:`~claimcheck.expr.parser.expand`
    formulas. Raises :class:`UnboundQuantity` for a quantity missing from
    ``bindings`` and :class:`~claimcheck.intervals.ZeroDivisionInterval`
    when a divisor's interval contains zero.

    >>> from claimcheck.expr.parser import parse
    >>> evaluate(parse("fold(x/y/2024, 2)"), {"x/y/2024": Interval(13, 14)})
    Interval(lo=6.5, hi=7.0)
    >>> evaluate(parse("1 / (x/y/2024 - 1)"), {"x/y/2024": Interval(0, 2)})
    Traceback (most recent call last):
    ...
    claimcheck.intervals.ZeroDivisionInterval: division by [-1, 1], which contains zero
    """
    return _eval(expand(node), bindings)


def _eval(node: Node, bindings: Mapping[str, Interval]) -> Interval:
    if isinstance(node, Num):
        return number_interval(node.text)
    if isinstance(node, Ref):
        try:
            return bindings[node.key]
        except KeyError:
            raise UnboundQuantity(node.key) from None
    if isinstance(node, Neg):
        return -_eval(node.operand, bindings)
    if isinstance(node, BinOp):
        left, right = _eval(node.left, bindings), _eval(node.right, bindings)
        if node.op == "+":
            return left + right
        if node.op == "-":
            return left - right
        if node.op == "*":
            return left * right
        return left / right
    raise TypeError(f"not an expanded expression node: {node!r}")


def evaluate_array(
    node: Node, bindings: Mapping[str, IntervalArray], size: int | None = None
) -> tuple[IntervalArray, npt.NDArray[np.bool_]]:
    """:func:`evaluate` for many rows at once: row ``i`` binds each quantity to its ``i``-th interval.

    Returns the values and a mask of the rows where some divisor's interval
    contains zero: those are the rows for which :func:`evaluate` raises
    :class:`~claimcheck.intervals.ZeroDivisionInterval`, and their values
    mean nothing (each such divisor is replaced by 1 so the others go on).
    Every other row equals :func:`evaluate` on its own bindings exactly.

    :param size: the number of rows; needed only when ``bindings`` is empty.
    :raises UnboundQuantity: for a quantity missing from ``bindings``.
    :raises ValueError: with neither bindings nor a size.

    >>> from claimcheck.expr.parser import parse
    >>> xs = IntervalArray([13, 0], [14, 1])
    >>> values, zero = evaluate_array(parse("1 / (x/y/2024 - 1)"), {"x/y/2024": xs})
    >>> print(values[0], zero)
    [0.076923, 0.083333] [False  True]
    """
    if size is None:
        if not bindings:
            raise ValueError("evaluate_array needs bindings or a size")
        size = len(next(iter(bindings.values())))
    zero = np.zeros(size, dtype=bool)
    value = _eval_array(expand(node), bindings, size, zero)
    return value, zero


def _eval_array(
    node: Node, bindings: Mapping[str, IntervalArray], size: int, zero: npt.NDArray[np.bool_]
) -> IntervalArray:
    """Evaluate an expanded tree, or-ing into ``zero`` the rows whose divisor contains zero."""
    if isinstance(node, Num):
        iv = number_interval(node.text)
        return IntervalArray(np.full(size, iv.lo), np.full(size, iv.hi))
    if isinstance(node, Ref):
        try:
            return bindings[node.key]
        except KeyError:
            raise UnboundQuantity(node.key) from None
    if isinstance(node, Neg):
        return -_eval_array(node.operand, bindings, size, zero)
    if isinstance(node, BinOp):
        left = _eval_array(node.left, bindings, size, zero)
        right = _eval_array(node.right, bindings, size, zero)
        if node.op == "+":
            return left + right
        if node.op == "-":
            return left - right
        if node.op == "*":
            return left * right
        bad = right.contains_zero()
        if bad.any():
            zero |= bad
            right = IntervalArray(np.where(bad, 1.0, right.lo), np.where(bad, 1.0, right.hi))
        return left / right
    raise TypeError(f"not an expanded expression node: {node!r}")


# -- units -------------------------------------------------------------------


def unit_of(node: Node, units: Mapping[str, str]) -> str:
    """The unit of ``node`` (not expanded) from the units of its quantities.

    Rules, with a bare number unit-less:

    * ``growth``, ``share`` -> ``percent``; ``fold`` -> ``ratio``;
      ``point_change`` -> ``pp`` for percent arguments, else their unit;
      ``sum`` -> its arguments' unit. All of them need arguments of one unit.
    * ``+``/``-`` need equal units; a bare number takes the other side's.
    * ``*``: a number or ``ratio`` keeps the other unit; ``X_per_Y * Y -> X``.
    * ``/``: ``X / number -> X``, ``X / X -> ratio``, ``X / X_per_Y -> Y``,
      ``number / X_per_Y -> Y_per_X``, other ``X / Y -> X_per_Y``.
    * ``convert(x, r)`` needs ``r`` in ``X_per_Y`` with ``x`` in ``X``: gives ``Y``.
    * a wholly unit-less expression is a ``ratio``.

    Anything else raises :class:`UnitError` at the operator or argument;
    a quantity missing from ``units`` raises :class:`UnboundQuantity`.

    >>> from claimcheck.expr.parser import parse
    >>> unit_of(parse("convert(c/subsidy/2024, fx/cny_per_usd/2024)"),
    ...         {"c/subsidy/2024": "CNY", "fx/cny_per_usd/2024": "CNY_per_USD"})
    'USD'
    >>> unit_of(parse("point_change(c/share/2024, c/share/2023)"),
    ...         {"c/share/2024": "percent", "c/share/2023": "percent"})
    'pp'
    >>> unit_of(parse("c/sales/2024 + c/share/2024"),
    ...         {"c/sales/2024": "vehicles", "c/share/2024": "percent"})
    Traceback (most recent call last):
    ...
    claimcheck.expr.errors.UnitError: cannot add vehicles and percent at column 14
    """
    unit = _unit(node, units)
    return "ratio" if unit is None else unit


_VERBS = {"+": "cannot add {} and {}", "-": "cannot subtract {1} from {0}"}


def _rate(unit: str | None) -> tuple[str, str] | None:
    if unit is None or "_per_" not in unit:
        return None
    top, bottom = unit.split("_per_", 1)
    return top, bottom


def _same(a: str | None, b: str | None, message: str, pos: int | None) -> str | None:
    """The common unit of ``a`` and ``b`` (a bare number takes the other's)."""
    if a is None or a == b:
        return b
    if b is None:
        return a
    raise UnitError(message.format(a, b), pos)


def _times(a: str | None, b: str | None, pos: int | None) -> str | None:
    if a in (None, "ratio"):
        return b if b is not None else a
    if b in (None, "ratio"):
        return a
    for rate, other in ((_rate(a), b), (_rate(b), a)):
        if rate is not None and rate[1] == other:
            return rate[0]
    raise UnitError(f"cannot multiply {a} by {b}", pos)


def _over(a: str | None, b: str | None, pos: int | None) -> str | None:
    if b is None or (b == "ratio" and a is not None):
        return a
    if a == b:
        return "ratio"
    rate = _rate(b)
    if a in (None, "ratio"):
        if rate is None:
            raise UnitError(f"cannot divide a plain number by {b}", pos)
        return f"{rate[1]}_per_{rate[0]}"
    if rate is not None and rate[0] == a:
        return rate[1]
    return f"{a}_per_{b}"


def _unit(node: Node, units: Mapping[str, str]) -> str | None:
    if isinstance(node, Num):
        return None
    if isinstance(node, Ref):
        try:
            return units[node.key]
        except KeyError:
            raise UnboundQuantity(node.key) from None
    if isinstance(node, Neg):
        return _unit(node.operand, units)
    if isinstance(node, BinOp):
        left, right = _unit(node.left, units), _unit(node.right, units)
        if node.op in _VERBS:
            return _same(left, right, _VERBS[node.op], node.pos)
        if node.op == "*":
            return _times(left, right, node.pos)
        return _over(left, right, node.pos)
    return _call_unit(node, [_unit(a, units) for a in node.args])


def _call_unit(node: Call, args: Sequence[str | None]) -> str | None:
    name = node.name
    if name == "convert":
        amount, rate = args
        split = _rate(rate)
        if split is None or split[0] != amount:
            raise UnitError(
                f"convert() needs a rate in {amount or 'X'}_per_Y for an amount in "
                f"{amount or 'a plain number'}, got {rate or 'a plain number'}",
                node.args[1].pos,
            )
        return split[1]
    message = f"{name}() needs arguments in one unit, got {{}} and {{}}"
    common = args[0]
    for arg, unit in zip(node.args[1:], args[1:]):
        common = _same(common, unit, message, arg.pos)
    if name in ("growth", "share"):
        return "percent"
    if name == "fold":
        return "ratio"
    if name == "point_change" and common == "percent":
        return "pp"
    return common


# -- constraint propagation ----------------------------------------------------


@dataclass
class _Cell:
    """One occurrence of a node in the expanded tree, children before parents."""

    node: Node
    kids: tuple[int, ...]
    value: Interval


def _flatten(node: Node, cells: list[_Cell], domains: Mapping[str, Interval]) -> int:
    """Append ``node``'s cells in post-order with forward values; return its index."""
    kids = tuple(_flatten(k, cells, domains) for k in children(node))
    vals = [cells[k].value for k in kids]
    if isinstance(node, Num):
        value = number_interval(node.text)
    elif isinstance(node, Ref):
        value = domains.get(node.key, Interval.entire())
    elif isinstance(node, Neg):
        value = -vals[0]
    elif isinstance(node, BinOp):
        a, b = vals
        if node.op == "+":
            value = a + b
        elif node.op == "-":
            value = a - b
        elif node.op == "*":
            value = a * b
        else:
            value = div_extended(a, b)
    else:
        raise TypeError(f"not an expanded expression node: {node!r}")
    cells.append(_Cell(node, kids, value))
    return len(cells) - 1


def _nil(iv: Interval) -> bool:
    """Tell whether an interval is zero alone: no divisor can be that (a ratio over zero means nothing)."""
    return iv.lo == 0 and iv.hi == 0


def _project(
    op: str, c: Interval, a: Interval, b: Interval
) -> tuple[Interval | None, Interval | None]:
    """Narrow operands ``a``, ``b`` of ``a op b = c`` (``b`` uses the narrowed ``a``)."""
    if op == "+":
        na = a.intersect(c - b)
        return na, None if na is None else b.intersect(c - na)
    if op == "-":
        na = a.intersect(c + b)
        return na, None if na is None else b.intersect(na - c)
    if op == "*":
        na = a.intersect(div_extended(c, b))
        return na, None if na is None else b.intersect(div_extended(c, na))
    if _nil(b):  # a / b = c  =>  a = c * b  and  b != 0
        return None, None
    na = a.intersect(c * b)
    nb = None if na is None else b.intersect(div_extended(na, c))
    return na, None if nb is None or _nil(nb) else nb


def narrow(
    node: Node, target: Interval, domains: Mapping[str, Interval]
) -> dict[str, Interval] | None:
    """One HC4-revise pass of the constraint ``node in target``.

    ``domains`` maps quantity keys to their current intervals; a quantity it
    lacks is unknown, ``[-inf, inf]``. The tree is expanded, evaluated
    bottom-up (dividing with :func:`~claimcheck.intervals.div_extended`, so
    nothing raises), its root intersected with ``target``, and each node's
    interval projected top-down onto its operands.

    Returns a new dict: every key of ``domains`` plus every quantity of
    ``node``, each with its narrowed interval (unchanged ones included, so
    the result can replace ``domains``); ``domains`` itself is not modified.
    Returns ``None`` when the constraint cannot hold: an intersection came
    out empty, or a divisor can only be zero (a growth rate, share or fold
    over zero means nothing, so a constraint that divides says its divisor
    is not zero). Sound: no value that can satisfy the constraint together
    with values of the other domains is removed. A quantity used several
    times is narrowed by each occurrence in turn; one pass is not always a
    fixed point, so callers may repeat until nothing changes.

    >>> from claimcheck.expr.parser import parse
    >>> tree = parse("x/a/2024 / x/b/2024")
    >>> narrow(tree, Interval(2, 3), {"x/a/2024": Interval(1, 1), "x/b/2024": Interval(1, 1)}) is None
    True
    >>> narrow(tree, Interval(2, 3), {"x/a/2024": Interval(6, 6)})["x/b/2024"]
    Interval(lo=2.0, hi=3.0)
    >>> narrow(tree, Interval(2, 3), {"x/b/2024": Interval(0, 0)}) is None
    True
    """
    cells: list[_Cell] = []
    root = _flatten(expand(node), cells, domains)
    result: dict[str, Interval] = dict(domains)
    value = cells[root].value.intersect(target)
    if value is None:
        return None
    cells[root].value = value
    for cell in reversed(cells):  # parents before their children
        n, c = cell.node, cell.value
        if isinstance(n, Ref):
            current = result.get(n.key, Interval.entire()).intersect(c)
            if current is None:
                return None
            result[n.key] = current
            continue
        if isinstance(n, Num):
            continue
        if isinstance(n, Neg):
            narrowed: tuple[Interval | None, ...] = (cells[cell.kids[0]].value.intersect(-c),)
        elif isinstance(n, BinOp):
            left, right = (cells[k].value for k in cell.kids)
            narrowed = _project(n.op, c, left, right)
        else:
            raise TypeError(f"not an expanded expression node: {n!r}")
        for k, v in zip(cell.kids, narrowed):
            if v is None:
                return None
            cells[k].value = v
    return result
