"""Where something is in a file: 1-based line and column, one place to convert from 0-based."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Location:
    """A 1-based position in a file.

    >>> str(Location("claims/a.yaml", 14, 9))
    'claims/a.yaml:14:9'
    >>> str(Location("claims/a.yaml"))
    'claims/a.yaml'
    """

    path: str
    line: int | None = None
    col: int | None = None

    @classmethod
    def from_mark(cls, path: str, line0: int, col0: int) -> Location:
        """Build a location from a 0-based (line, column) pair, as YAML marks give them."""
        return cls(path, line0 + 1, col0 + 1)

    def __str__(self) -> str:
        if self.line is None:
            return self.path
        if self.col is None:
            return f"{self.path}:{self.line}"
        return f"{self.path}:{self.line}:{self.col}"
