"""Findings: what every stage of a run yields, and what every reporter reads."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from enum import Enum

from claimcheck.location import Location


class Severity(str, Enum):
    """How bad a finding is; CI gates on errors only."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """Sort order: errors first."""
        return {"error": 0, "warning": 1, "info": 2}[self.value]


@dataclass(frozen=True)
class Finding:
    """One thing a reviewer should look at.

    :param code: the rule code, e.g. ``CC201``.
    :param severity: error, warning or info.
    :param message: one line, lower-case, with the numbers.
    :param location: the file and line it points at (a claim's YAML, or a seed).
    :param claims: ids of the claims involved.
    :param quantities: quantity keys involved.
    :param explanation: a plain-language paragraph with the arithmetic.
    :param stated: the stated interval as text (``[12.865, 12.875]``), if any.
    :param recomputed: the recomputed or implied interval as text, if any.
    :param gap: the absolute distance between them (0 when they overlap), if any.
    :param rel_gap: the gap relative to the stated midpoint, if any.
    :param steps: the arithmetic, one line a step, for the report's table.
    :param subject: what the finding is about, to make its key stable (defaults to the claims).
    """

    code: str
    severity: Severity
    message: str
    location: Location | None = None
    claims: tuple[str, ...] = ()
    quantities: tuple[str, ...] = ()
    explanation: str = ""
    stated: str | None = None
    recomputed: str | None = None
    gap: float | None = None
    rel_gap: float | None = None
    steps: tuple[str, ...] = ()
    subject: str | None = None
    extra: dict[str, object] = field(default_factory=dict, compare=False, hash=False)

    @property
    def key(self) -> str:
        """A key that stays the same while the claims it names stay the same.

        Built from the rule code and the sorted claim ids (or the subject), never from line
        numbers or wording, so editing an unrelated claim does not change it.
        """
        subject = self.subject or ",".join(sorted(self.claims)) or self._where()
        digest = hashlib.sha1(f"{self.code}|{subject}".encode()).hexdigest()[:10]
        return f"{self.code}-{digest}"

    def _where(self) -> str:
        """File name (not path: the folder a run starts from must not matter), line and column."""
        if self.location is None:
            return ""
        name = self.location.path.replace("\\", "/").rsplit("/", 1)[-1]
        return f"{name}:{self.location.line}:{self.location.col}"

    def __str__(self) -> str:
        where = f"{self.location}: " if self.location else ""
        return f"{where}{self.code} {self.message}"
