"""Quantities held in proportion, and cycles of proportions that cannot hold.

A growth rate, a share, a fold or a conversion states the ratio of one quantity to another:
its constraint reads ``top / bottom in ratio`` (:func:`ratio_of`). Propagation narrows bounds,
so it cannot refute ratios that go round a cycle when nothing pins a level: ``a = 1.1 b``,
``b = 1.1 c``, ``c = 1.1 a`` hold together only at ``a = b = c = 0``, where no growth rate
exists. A divisor is never zero (a constraint that divides says so, see
:func:`~claimcheck.expr.narrow`), and a ratio that excludes zero makes the top non-zero too,
so ``log|top| - log|bottom|`` lies in ``log|ratio|``: a difference constraint. Around any
cycle these differences sum to zero, so the ratios, walked round, must multiply to 1.

:func:`find_cycle` looks for a cycle whose product cannot be 1 as Bellman-Ford looks for a
negative cycle (in floats, on the logarithms), and confirms the cycle it finds with
outward-rounded interval products: only a cycle whose product interval excludes 1 is returned.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass

from claimcheck.expr import BinOp, Neg, Node, Num, Ref, evaluate, narrow
from claimcheck.intervals import Interval, ZeroDivisionInterval

#: the placeholder that stands for the ratio in :attr:`Ratio.wrapper` (no quantity key starts with "$")
RATIO = "$ratio"
#: a distance in Bellman-Ford must shrink by more than this (a relative change of the ratio) to count
TOLERANCE = 1e-12


@dataclass(frozen=True)
class Ratio:
    """A constraint read as ``top / bottom in ratio``, with the ratio excluding zero.

    :param wrapper: the constraint's tree with ``top / bottom`` replaced by :data:`RATIO`.
    """

    top: str
    bottom: str
    ratio: Interval
    wrapper: Node

    def value(self, ratio: Interval) -> Interval | None:
        """The constraint's expression for a ratio (a growth rate for ``new / old``), None when it has none.

        >>> from claimcheck.expr import expand, parse
        >>> r = ratio_of(expand(parse("growth(a/x/2024, a/x/2023)")), Interval(9.5, 10.5))
        >>> print(r.ratio, r.value(Interval(1.5, 2)))
        [1.095, 1.105] [50, 100]
        """
        try:
            return evaluate(self.wrapper, {RATIO: ratio})
        except ZeroDivisionInterval:
            return None


def _division(tree: Node) -> BinOp | None:
    """The ``key / key`` under a chain of operations with numbers, or None when the tree is not one."""
    node = tree
    while True:
        if isinstance(node, Neg):
            node = node.operand
        elif not isinstance(node, BinOp):
            return None
        elif node.op == "/" and isinstance(node.left, Ref) and isinstance(node.right, Ref):
            return node if node.left.key != node.right.key else None
        elif isinstance(node.right, Num):
            node = node.left
        elif isinstance(node.left, Num):
            node = node.right
        else:
            return None


def _replace(node: Node, old: Node, new: Node) -> Node:
    """``node`` with the subtree ``old`` (that very object) replaced by ``new``."""
    if node is old:
        return new
    if isinstance(node, BinOp):
        return BinOp(node.op, _replace(node.left, old, new), _replace(node.right, old, new), node.pos)
    if isinstance(node, Neg):
        return Neg(_replace(node.operand, old, new), node.pos)
    return node


@functools.lru_cache(maxsize=1 << 16)
def ratio_of(tree: Node, target: Interval) -> Ratio | None:
    """Read the constraint ``tree in target`` as a ratio of two quantities, or None when it is not one.

    The tree (expanded) must be one division of two quantities under operations with numbers;
    the ratio is what propagation gives the division from the target alone, and must exclude zero.

    >>> from claimcheck.expr import expand, parse
    >>> r = ratio_of(expand(parse("share(a/x/2024, a/y/2024)")), Interval(40.85, 40.95))
    >>> print(r.top, r.bottom, r.ratio)
    a/x/2024 a/y/2024 [0.4085, 0.4095]
    >>> ratio_of(expand(parse("a/x/2024 - a/y/2024")), Interval(0, 1)) is None
    True
    """
    division = _division(tree)
    if division is None:
        return None
    assert isinstance(division.left, Ref) and isinstance(division.right, Ref)
    wrapper = _replace(tree, division, Ref(RATIO))
    narrowed = narrow(wrapper, target, {})
    if narrowed is None:
        return None
    ratio = narrowed[RATIO]
    if ratio.lo <= 0 <= ratio.hi:
        return None
    return Ratio(division.left.key, division.right.key, ratio, wrapper)


@dataclass(frozen=True)
class Step:
    """One ratio on a cycle: its position among those searched, and the way it is walked.

    ``forward``: from bottom to top (``top = ratio * bottom``), else from top to bottom.
    """

    at: int
    forward: bool


@dataclass(frozen=True)
class Cycle:
    """Ratios that go round a cycle, in walking order, and their product (which excludes 1)."""

    steps: tuple[Step, ...]
    product: Interval


def product(ratios: Sequence[Ratio], steps: Sequence[Step]) -> Interval:
    """Multiply the ratios of some steps, each as it is walked (times it forward, over it backward), rounding outward.

    >>> r = [Ratio("a", "b", Interval(2, 2), Ref(RATIO)), Ratio("c", "b", Interval(4, 4), Ref(RATIO))]
    >>> product(r, [Step(0, True), Step(1, False)])
    Interval(lo=0.5, hi=0.5)
    """
    total = Interval(1, 1)
    for step in steps:
        ratio = ratios[step.at].ratio
        total = total * ratio if step.forward else total / ratio
    return total


def _magnitude(iv: Interval) -> Interval:
    """``|x|`` over an interval that excludes zero."""
    return iv if iv.lo > 0 else Interval(-iv.hi, -iv.lo)


def _has_cycle(ratios: Sequence[Ratio]) -> bool:
    """Tell whether the ratios, as edges between quantities, close a cycle (union-find)."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for r in ratios:
        a, b = find(r.top), find(r.bottom)
        if a == b:
            return True
        parent[a] = b
    return False


def find_cycle(ratios: Sequence[Ratio]) -> Cycle | None:
    """Find a cycle of ratios whose product cannot be 1, confirmed by outward-rounded arithmetic; None if none is found.

    Each ratio ``top / bottom in [lo, hi]`` gives two arcs on the logarithms of the quantities'
    magnitudes, ``bottom -> top`` weighing ``log hi`` and ``top -> bottom`` weighing ``-log lo``;
    a cycle of negative weight is a cycle of ratios whose product cannot be 1. Bellman-Ford
    passes stop when nothing shrinks (no such cycle) or as soon as the predecessor arcs close a
    cycle, which then has negative weight.

    >>> ten = Ratio("a", "b", Interval(1.095, 1.105), Ref(RATIO))
    >>> cycle = find_cycle([ten, Ratio("b", "c", ten.ratio, ten.wrapper), Ratio("c", "a", ten.ratio, ten.wrapper)])
    >>> [(s.at, s.forward) for s in cycle.steps], str(cycle.product)
    ([(1, False), (2, False), (0, False)], '[0.74116, 0.76165]')
    >>> find_cycle([ten, Ratio("b", "c", ten.ratio, ten.wrapper), Ratio("a", "c", Interval(1.2, 1.21), ten.wrapper)])
    """
    if len(ratios) < 2 or not _has_cycle(ratios):
        return None
    index: dict[str, int] = {}
    arcs: list[tuple[int, int, float, Step]] = []  # tail, head, weight, the step it walks
    for at, r in enumerate(ratios):
        top, bottom = index.setdefault(r.top, len(index)), index.setdefault(r.bottom, len(index))
        size = _magnitude(r.ratio)
        if not math.isinf(size.hi):
            arcs.append((bottom, top, math.log(size.hi), Step(at, True)))
        arcs.append((top, bottom, -math.log(size.lo), Step(at, False)))
    count = len(index)
    distance = [0.0] * count
    pred = [-1] * count  # per quantity, the arc that last shortened its distance
    for _ in range(count + 1):
        changed = []
        for k, (tail, head, weight, _step) in enumerate(arcs):
            d = distance[tail] + weight
            if d < distance[head] - TOLERANCE:
                distance[head] = d
                pred[head] = k
                changed.append(head)
        if not changed:
            return None
        closed = _closed(changed, pred, arcs)
        if closed is not None:
            steps = tuple(arcs[k][3] for k in closed)
            total = product(ratios, steps)
            return None if total.contains(1.0) else Cycle(steps, total)
    return None


def _closed(starts: list[int], pred: list[int], arcs: list[tuple[int, int, float, Step]]) -> list[int] | None:
    """The arcs of a cycle of predecessor arcs reached from ``starts``, in walking order, or None."""
    walk_of = [0] * len(pred)
    for walk, start in enumerate(starts, 1):
        v = start
        while v >= 0 and walk_of[v] == 0:
            walk_of[v] = walk
            k = pred[v]
            v = arcs[k][0] if k >= 0 else -1
        if v >= 0 and walk_of[v] == walk:  # this walk came back to itself: a cycle through v
            cycle, x = [], v
            while True:
                k = pred[x]
                cycle.append(k)
                x = arcs[k][0]
                if x == v:
                    break
            cycle.reverse()
            return cycle
    return None
