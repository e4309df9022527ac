"""claimcheck: check the numbers in published claims against each other."""

from __future__ import annotations

__version__ = "0.1.0"
