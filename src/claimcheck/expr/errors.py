"""Errors raised while reading or checking a derivation expression."""

from __future__ import annotations

__all__ = ["ExpressionError", "UnitError"]


class _LocatedError(ValueError):
    """A problem at a 0-based offset ``pos`` (or ``None``) of ``expression``.

    ``message`` is lower-case and says what was expected; ``str()`` appends
    the 1-based column (the offset plus one) for people reading it.
    """

    def __init__(
        self, message: str, pos: int | None = None, expression: str | None = None
    ) -> None:
        super().__init__(message, pos, expression)
        self.message = message
        self.pos = pos
        self.expression = expression

    def __str__(self) -> str:
        if self.pos is None:
            return self.message
        return f"{self.message} at column {self.pos + 1}"

    def caret(self) -> str:
        """The expression with a ``^`` under the offending column (or just the message).

        >>> print(ExpressionError("x", None).caret())
        x
        """
        if self.expression is None or self.pos is None:
            return str(self)
        return f"{self.expression}\n{' ' * self.pos}^"


class ExpressionError(_LocatedError):
    """A derivation that cannot be read (lexing, syntax, unknown function, limits).

    >>> err = ExpressionError("unexpected character '$'", 6, "growth$")
    >>> str(err), err.pos
    ("unexpected character '$' at column 7", 6)
    >>> print(err.caret())
    growth$
          ^
    """


class UnitError(_LocatedError):
    """Units that do not combine, e.g. adding vehicles to percent.

    Deliberately *not* an :class:`ExpressionError`: the expression reads
    fine, it just mixes units, and callers usually report the two apart.

    >>> str(UnitError("cannot add vehicles and percent", 14))
    'cannot add vehicles and percent at column 15'
    """
