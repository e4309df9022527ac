"""Derivation expressions: ``growth(china/nev_sales/2024, china/nev_sales/2023)``.

Read with our own lexer and recursive-descent parser (never Python's
``eval``), evaluated with rounding-aware interval arithmetic, and
inverted by constraint propagation (:func:`narrow`).

>>> from claimcheck.intervals import Interval
>>> tree = parse("growth(china/nev_sales/2024, china/nev_sales/2023)")
>>> print(evaluate(tree, {"china/nev_sales/2024": Interval(12.865, 12.875),
...                       "china/nev_sales/2023": Interval(9.495, 9.505)}))
[35.35, 35.598]
>>> unit_of(tree, {"china/nev_sales/2024": "vehicles", "china/nev_sales/2023": "vehicles"})
'percent'
"""

from __future__ import annotations

from claimcheck.expr.errors import ExpressionError, UnitError
from claimcheck.expr.evaluate import (
    UnboundQuantity,
    evaluate,
    evaluate_array,
    narrow,
    number_interval,
    unit_of,
)
from claimcheck.expr.lexer import Token, tokenize
from claimcheck.expr.parser import (
    FUNCTIONS,
    MAX_DEPTH,
    MAX_LENGTH,
    BinOp,
    Call,
    Neg,
    Node,
    Num,
    Ref,
    children,
    expand,
    parse,
    refs,
    rename_refs,
    unparse,
    walk,
)

__all__ = [
    "FUNCTIONS",
    "MAX_DEPTH",
    "MAX_LENGTH",
    "BinOp",
    "Call",
    "ExpressionError",
    "Neg",
    "Node",
    "Num",
    "Ref",
    "Token",
    "UnboundQuantity",
    "UnitError",
    "children",
    "evaluate",
    "evaluate_array",
    "expand",
    "narrow",
    "number_interval",
    "parse",
    "refs",
    "rename_refs",
    "tokenize",
    "unit_of",
    "unparse",
    "walk",
]
