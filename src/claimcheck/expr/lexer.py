"""Split a derivation into tokens, each with its 0-based character offset.

Token kinds:

``NUMBER``
    digits with an optional decimal part: ``100``, ``1.344`` (no sign, no
    exponent, no thousands separators).
``QUANTITY``
    ``entity/metric/period[/basis]``; entity, metric and basis are
    ``[a-z][a-z0-9_]*`` and the period is ``YYYY``, ``YYYY-MM``, ``YYYY-Qn``,
    ``YYYY-Hn`` or ``YYYY-MM-DD`` (a real date).
``NAME``
    a bare identifier (a function name, before its ``(``).
``+ - * / ( ) ,``
    operators and punctuation; ``END`` closes the stream.

The lexer is greedy: ``a/b/2024/c`` is the quantity with basis ``c`` and
``a/b/2024-05`` has period ``2024-05``. Put spaces around a ``/`` or ``-``
that follows a quantity: ``china/nev_sales/2024 / china/vehicle_sales/2024``.

>>> [(t.kind, t.text, t.pos) for t in tokenize("growth(a/b/2024, 2)")]
... # doctest: +NORMALIZE_WHITESPACE
[('NAME', 'growth', 0), ('(', '(', 6), ('QUANTITY', 'a/b/2024', 7), (',', ',', 15),
 ('NUMBER', '2', 17), (')', ')', 18), ('END', '', 19)]
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import Literal

from claimcheck.expr.errors import ExpressionError

__all__ = ["Token", "TokenKind", "tokenize"]

TokenKind = Literal["NUMBER", "QUANTITY", "NAME", "+", "-", "*", "/", "(", ")", ",", "END"]

_IDENT = re.compile(r"[a-z][a-z0-9_]*")
_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]+)?")
_PERIOD = re.compile(
    r"(?P<year>[0-9]{4})"
    r"(?:-(?:(?P<month>[0-9]{2})(?:-(?P<day>[0-9]{2}))?|Q[1-4]|H[12]))?"
    r"(?![0-9A-Za-z_])"
)
_PUNCT: dict[str, TokenKind] = {
    "+": "+",
    "-": "-",
    "*": "*",
    "/": "/",
    "(": "(",
    ")": ")",
    ",": ",",
}
_SPACE = frozenset(" \t\r\n")
_PERIOD_FORMS = "YYYY, YYYY-MM, YYYY-Qn, YYYY-Hn or YYYY-MM-DD"


@dataclass(frozen=True)
class Token:
    """One token: its kind, its text as written and its 0-based offset."""

    kind: TokenKind
    text: str
    pos: int


def tokenize(text: str) -> list[Token]:
    """Tokens of ``text``, ending with an ``END`` token at ``len(text)``.

    Raises :class:`ExpressionError` at the first character that cannot start
    or continue a token.

    >>> tokenize("2 $")
    Traceback (most recent call last):
    ...
    claimcheck.expr.errors.ExpressionError: unexpected character '$' at column 3
    """
    tokens: list[Token] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch in _SPACE:
            i += 1
        elif ch in _PUNCT:
            tokens.append(Token(_PUNCT[ch], ch, i))
            i += 1
        elif "0" <= ch <= "9":
            m = _NUMBER.match(text, i)
            assert m is not None
            end = m.end()
            if end < n and text[end] == "." and "." not in m.group():
                raise ExpressionError("expected digits after the decimal point", end + 1, text)
            tokens.append(Token("NUMBER", m.group(), i))
            i = end
        elif "a" <= ch <= "z":
            tok = _word(text, i)
            tokens.append(tok)
            i += len(tok.text)
        elif "A" <= ch <= "Z":
            raise ExpressionError(
                f"unexpected character {ch!r} (quantity keys and function names are lower-case)",
                i,
                text,
            )
        else:
            raise ExpressionError(f"unexpected character {ch!r}", i, text)
    tokens.append(Token("END", "", n))
    return tokens


def _word(text: str, start: int) -> Token:
    """A NAME, or a QUANTITY when the identifier is followed by ``/``."""
    m = _IDENT.match(text, start)
    assert m is not None
    i = m.end()
    if i >= len(text) or text[i] != "/":
        return Token("NAME", m.group(), start)
    metric = _IDENT.match(text, i + 1)
    if metric is None:
        raise ExpressionError(
            f"expected a metric name after '{text[start:i + 1]}' "
            "(put spaces around '/' when dividing)",
            i + 1,
            text,
        )
    i = metric.end()
    if i >= len(text) or text[i] != "/":
        raise ExpressionError(
            f"expected '/' and a period ({_PERIOD_FORMS}) after '{text[start:i]}'", i, text
        )
    period = _PERIOD.match(text, i + 1)
    if period is None:
        raise ExpressionError(
            f"expected a period ({_PERIOD_FORMS}) after '{text[start:i + 1]}'", i + 1, text
        )
    _check_date(period, text)
    i = period.end()
    if i + 1 < len(text) and text[i] == "/" and "a" <= text[i + 1] <= "z":
        basis = _IDENT.match(text, i + 1)
        assert basis is not None
        i = basis.end()
    return Token("QUANTITY", text[start:i], start)


def _check_date(period: re.Match[str], text: str) -> None:
    month, day = period.group("month"), period.group("day")
    if month is None:
        return
    try:
        datetime.date(int(period.group("year")), int(month), int(day or 1))
    except ValueError:
        raise ExpressionError(
            f"invalid period '{period.group()}' (not a real month or date)",
            period.start(),
            text,
        ) from None
