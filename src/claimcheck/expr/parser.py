"""Recursive-descent parser for derivations, and the syntax tree it builds.

Grammar (``docs/claim-format.md``)::

    expr   := term (('+' | '-') term)*
    term   := factor (('*' | '/') factor)*
    factor := NUMBER | QUANTITY | NAME '(' expr (',' expr)* ')' | '(' expr ')' | '-' factor

Binary operators are left-associative; unary minus binds tighter than
``*`` and ``/`` (``-a * b`` is ``(-a) * b``). Only the functions in
:data:`FUNCTIONS` may be called.

>>> tree = parse("growth(china/nev_sales/2024, china/nev_sales/2023)")
>>> unparse(expand(tree))
'(china/nev_sales/2024 / china/nev_sales/2023 - 1) * 100'
>>> refs(tree)
('china/nev_sales/2024', 'china/nev_sales/2023')
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from claimcheck.expr.errors import ExpressionError
from claimcheck.expr.lexer import Token, tokenize

__all__ = [
    "BinOp",
    "Call",
    "FUNCTIONS",
    "MAX_DEPTH",
    "MAX_LENGTH",
    "Neg",
    "Node",
    "Num",
    "Ref",
    "children",
    "expand",
    "parse",
    "refs",
    "unparse",
    "walk",
]

MAX_DEPTH = 50
"""Most levels of nesting: tree height, and parentheses/calls/minus signs opened."""

MAX_LENGTH = 2000
"""Most characters in one expression."""

FUNCTIONS: dict[str, tuple[int, int | None]] = {
    "growth": (2, 2),
    "share": (2, 2),
    "point_change": (2, 2),
    "fold": (2, 2),
    "sum": (2, None),
    "convert": (2, 2),
}
"""Callable functions: name -> (fewest, most arguments; ``None`` = no limit)."""


# -- syntax tree -------------------------------------------------------------
# ``pos`` (offset in the source text; None for built nodes) is left out of
# equality, so trees compare by structure only.


@dataclass(frozen=True)
class Num:
    """A number as written; ``value`` is ``float(text)``."""

    value: float
    text: str
    pos: int | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class Ref:
    """A quantity key, ``entity/metric/period[/basis]``."""

    key: str
    pos: int | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class Neg:
    """Unary minus."""

    operand: Node
    pos: int | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class BinOp:
    """``left op right`` with ``op`` one of ``+ - * /``; ``pos`` is the operator's."""

    op: str
    left: Node
    right: Node
    pos: int | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class Call:
    """A call of one of :data:`FUNCTIONS`."""

    name: str
    args: tuple[Node, ...]
    pos: int | None = field(default=None, compare=False, repr=False)


Node = Num | Ref | Neg | BinOp | Call


def children(node: Node) -> tuple[Node, ...]:
    """The direct sub-expressions of ``node``.

    >>> children(parse("1 + 2"))
    (Num(value=1.0, text='1'), Num(value=2.0, text='2'))
    """
    if isinstance(node, Neg):
        return (node.operand,)
    if isinstance(node, BinOp):
        return (node.left, node.right)
    if isinstance(node, Call):
        return node.args
    return ()


def walk(node: Node) -> Iterator[Node]:
    """Every node, parents before children, left to right.

    >>> [type(n).__name__ for n in walk(parse("-a/b/2024 * 2"))]
    ['BinOp', 'Neg', 'Ref', 'Num']
    """
    stack = [node]
    while stack:
        n = stack.pop()
        yield n
        stack.extend(reversed(children(n)))


def refs(node: Node) -> tuple[str, ...]:
    """Quantity keys in order of first appearance, without repeats.

    >>> refs(parse("share(a/x/2024, a/x/2024 + b/x/2024)"))
    ('a/x/2024', 'b/x/2024')
    """
    return tuple(dict.fromkeys(n.key for n in walk(node) if isinstance(n, Ref)))


def rename_refs(node: Node, rename: Callable[[str], str]) -> Node:
    """``node`` with each quantity key replaced by ``rename(key)``, keys visited left to right.

    >>> unparse(rename_refs(parse("share(a/x/2024, b/x/2024)"), str.upper))
    'share(A/X/2024, B/X/2024)'
    """
    if isinstance(node, Ref):
        return Ref(rename(node.key), node.pos)
    if isinstance(node, Neg):
        return Neg(rename_refs(node.operand, rename), node.pos)
    if isinstance(node, BinOp):
        return BinOp(node.op, rename_refs(node.left, rename), rename_refs(node.right, rename), node.pos)
    if isinstance(node, Call):
        return Call(node.name, tuple(rename_refs(a, rename) for a in node.args), node.pos)
    return node


# -- parsing -----------------------------------------------------------------


def parse(text: str) -> Node:
    """Parse a derivation; raises :class:`ExpressionError` pointing at the problem.

    >>> parse("fold(a/x/2024, a/x/2020)")
    Call(name='fold', args=(Ref(key='a/x/2024'), Ref(key='a/x/2020')))
    >>> parse("growth(a/x/2024 a/x/2023)")
    Traceback (most recent call last):
    ...
    claimcheck.expr.errors.ExpressionError: expected ',' or ')' after argument 1 of growth(), found quantity 'a/x/2023' at column 17
    """
    if len(text) > MAX_LENGTH:
        raise ExpressionError(
            f"expression too long: {len(text)} characters, the limit is MAX_LENGTH = {MAX_LENGTH}",
            MAX_LENGTH,
            text,
        )
    return _Parser(text).parse()


def _describe(tok: Token) -> str:
    if tok.kind == "END":
        return "end of expression"
    if tok.kind == "NUMBER":
        return f"number {tok.text}"
    if tok.kind == "QUANTITY":
        return f"quantity '{tok.text}'"
    if tok.kind == "NAME":
        return f"name '{tok.text}'"
    return f"'{tok.text}'"


_TOO_DEEP = f"expression nested too deeply, the limit is MAX_DEPTH = {MAX_DEPTH} levels"
_OPERAND = "a number, quantity, function call, '(' or '-'"


class _Parser:
    """One pass over the tokens; methods return ``(node, height)``."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = tokenize(text)
        self.i = 0
        self.level = 0

    def error(self, message: str, pos: int) -> ExpressionError:
        return ExpressionError(message, pos, self.text)

    def peek(self) -> Token:
        return self.tokens[self.i]

    def advance(self) -> Token:
        tok = self.tokens[self.i]
        self.i += 1
        return tok

    def enter(self, tok: Token) -> None:
        self.level += 1
        if self.level > MAX_DEPTH:
            raise self.error(_TOO_DEEP, tok.pos)

    def leave(self) -> None:
        self.level -= 1

    def binop(self, op: Token, left: tuple[Node, int], right: tuple[Node, int]) -> tuple[Node, int]:
        height = 1 + max(left[1], right[1])
        if height > MAX_DEPTH:
            raise self.error(_TOO_DEEP, op.pos)
        return BinOp(op.text, left[0], right[0], op.pos), height

    def parse(self) -> Node:
        node, _ = self.expr()
        tok = self.peek()
        if tok.kind != "END":
            if tok.kind == ")":
                raise self.error("unexpected ')' without a matching '('", tok.pos)
            raise self.error(f"expected an operator or end of expression, found {_describe(tok)}", tok.pos)
        return node

    def expr(self) -> tuple[Node, int]:
        node = self.term()
        while self.peek().kind in ("+", "-"):
            op = self.advance()
            node = self.binop(op, node, self.term())
        return node

    def term(self) -> tuple[Node, int]:
        node = self.factor()
        while self.peek().kind in ("*", "/"):
            op = self.advance()
            node = self.binop(op, node, self.factor())
        return node

    def factor(self) -> tuple[Node, int]:
        tok = self.advance()
        if tok.kind == "NUMBER":
            value = float(tok.text)
            if math.isinf(value):
                raise self.error(f"number too large: {tok.text[:20]}...", tok.pos)
            return Num(value, tok.text, tok.pos), 1
        if tok.kind == "QUANTITY":
            return Ref(tok.text, tok.pos), 1
        if tok.kind == "NAME":
            return self.call(tok)
        if tok.kind == "-":
            self.enter(tok)
            operand, height = self.factor()
            self.leave()
            if height + 1 > MAX_DEPTH:
                raise self.error(_TOO_DEEP, tok.pos)
            return Neg(operand, tok.pos), height + 1
        if tok.kind == "(":
            self.enter(tok)
            node = self.expr()
            close = self.advance()
            if close.kind != ")":
                raise self.error(
                    f"expected ')' to close '(' at column {tok.pos + 1}, found {_describe(close)}",
                    close.pos,
                )
            self.leave()
            return node
        raise self.error(f"expected {_OPERAND}, found {_describe(tok)}", tok.pos)

    def call(self, name: Token) -> tuple[Node, int]:
        arity = FUNCTIONS.get(name.text)
        if self.peek().kind != "(":
            if arity is not None:
                raise self.error(f"expected '(' after function name '{name.text}'", self.peek().pos)
            raise self.error(
                f"'{name.text}' is neither a quantity key (entity/metric/period) "
                "nor a function call",
                name.pos,
            )
        if arity is None:
            known = ", ".join(sorted(FUNCTIONS))
            close = difflib.get_close_matches(name.text, FUNCTIONS, n=1)
            hint = f"did you mean '{close[0]}'? " if close else ""
            raise self.error(
                f"unknown function '{name.text}' ({hint}expected one of: {known})", name.pos
            )
        lowest, highest = arity
        self.enter(self.advance())
        args: list[Node] = []
        height = 1
        while True:
            start = self.peek()
            if highest is not None and len(args) == highest:
                raise self.error(_arity_message(name.text, lowest, highest, "too many"), start.pos)
            arg, h = self.expr()
            args.append(arg)
            height = max(height, h + 1)
            tok = self.advance()
            if tok.kind == ")":
                break
            if tok.kind != ",":
                raise self.error(
                    f"expected ',' or ')' after argument {len(args)} of {name.text}(), "
                    f"found {_describe(tok)}",
                    tok.pos,
                )
        self.leave()
        if len(args) < lowest:
            raise self.error(_arity_message(name.text, lowest, highest, "too few"), tok.pos)
        if height > MAX_DEPTH:
            raise self.error(_TOO_DEEP, name.pos)
        return Call(name.text, tuple(args), name.pos), height


def _arity_message(name: str, lowest: int, highest: int | None, what: str) -> str:
    if highest is None:
        wanted = f"at least {lowest} arguments"
    else:
        wanted = f"exactly {lowest} arguments" if lowest == highest else f"{lowest} to {highest} arguments"
    return f"{what} arguments: {name}() takes {wanted}"


# -- printing and rewriting --------------------------------------------------

_PRECEDENCE = {"+": 1, "-": 1, "*": 2, "/": 2}


def _precedence(node: Node) -> int:
    return _PRECEDENCE[node.op] if isinstance(node, BinOp) else 3


def unparse(node: Node) -> str:
    """Canonical text for ``node``, with parentheses only where needed.

    ``parse(unparse(tree)) == tree`` for every tree (that is within the limits).

    >>> unparse(parse("(a/x/2024-b/x/2024)/ (1*2*(3*4))"))
    '(a/x/2024 - b/x/2024) / (1 * 2 * (3 * 4))'
    >>> unparse(parse("-(1 + 2) - -3"))
    '-(1 + 2) - -3'
    """
    if isinstance(node, Num):
        return node.text
    if isinstance(node, Ref):
        return node.key
    if isinstance(node, Neg):
        inner = unparse(node.operand)
        return f"-({inner})" if isinstance(node.operand, BinOp) else f"-{inner}"
    if isinstance(node, Call):
        return f"{node.name}({', '.join(unparse(a) for a in node.args)})"
    prec = _PRECEDENCE[node.op]
    left, right = unparse(node.left), unparse(node.right)
    if _precedence(node.left) < prec:
        left = f"({left})"
    if _precedence(node.right) <= prec:
        right = f"({right})"
    return f"{left} {node.op} {right}"


_ONE = Num(1.0, "1")
_HUNDRED = Num(100.0, "100")


def expand(node: Node) -> Node:
    """Rewrite every function call into ``+ - * /`` and numbers.

    ``growth(a, b) = (a / b - 1) * 100``, ``share(a, b) = a / b * 100``,
    ``point_change(a, b) = a - b``, ``fold(a, b) = a / b``,
    ``sum(a, b, ...) = a + b + ...``, ``convert(x, r) = x / r``. Built nodes
    carry the position of the call they replace; a tree without calls is returned as it is.

    >>> unparse(expand(parse("sum(share(1, 2), 3, fold(4, 5))")))
    '1 / 2 * 100 + 3 + 4 / 5'
    """
    if isinstance(node, (Num, Ref)):
        return node
    if isinstance(node, Neg):
        operand = expand(node.operand)
        return node if operand is node.operand else Neg(operand, node.pos)
    if isinstance(node, BinOp):
        left, right = expand(node.left), expand(node.right)
        return node if left is node.left and right is node.right else BinOp(node.op, left, right, node.pos)
    args = [expand(a) for a in node.args]
    pos = node.pos
    name = node.name
    if name == "growth":
        ratio = BinOp("/", args[0], args[1], pos)
        return BinOp("*", BinOp("-", ratio, _ONE, pos), _HUNDRED, pos)
    if name == "share":
        return BinOp("*", BinOp("/", args[0], args[1], pos), _HUNDRED, pos)
    if name == "point_change":
        return BinOp("-", args[0], args[1], pos)
    if name in ("fold", "convert"):
        return BinOp("/", args[0], args[1], pos)
    if name == "sum":
        total = args[0]
        for arg in args[1:]:
            total = BinOp("+", total, arg, pos)
        return total
    raise ValueError(f"unknown function {name!r}")
