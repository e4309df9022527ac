"""The one exception a run stops on; everything else is a finding."""

from __future__ import annotations

from claimcheck.location import Location


class ClaimcheckError(Exception):
    """A condition that stops the run (no claims folder, an unwritable report folder).

    :param message: lower-case, says what is wrong and what to do.
    :param location: where, if anywhere.
    """

    def __init__(self, message: str, *, location: Location | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.location = location

    def __str__(self) -> str:
        return f"{self.location}: {self.message}" if self.location else self.message
