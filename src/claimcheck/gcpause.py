"""Pause Python's cyclic garbage collector while a stage builds millions of small objects.

A registry of a million claims becomes millions of claims, statements, constraints and tree
nodes, none of which form reference cycles. The cyclic collector still walks all of them each
time enough new objects pile up, which at 10^6 claims cost half of building the network
(``benchmarks/README.md``). Reference counting frees everything as before; only the search for
cycles waits until the stage ends, and when the stage left many objects behind (a large
registry) they are moved to the collector's permanent generation (:func:`gc.freeze`): otherwise
the first allocation after the stage would walk all of them at once (4 s at 10^6 claims). Frozen
objects are still freed by reference counting; only reference cycles among them (rare: claimcheck's
records are trees) would outlive their use.
"""

from __future__ import annotations

import functools
import gc
from collections.abc import Callable
from typing import ParamSpec, TypeVar

#: objects allocated during a pause above which they are frozen rather than left to a collection
FREEZE_FROM = 200_000

P = ParamSpec("P")
R = TypeVar("R")


def gc_paused(function: Callable[P, R]) -> Callable[P, R]:
    """Run a function with the cyclic collector paused (nested calls leave it to the outermost).

    >>> @gc_paused
    ... def inside() -> bool:
    ...     return gc.isenabled()
    >>> inside(), gc.isenabled()
    (False, True)
    """
    @functools.wraps(function)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        if not gc.isenabled():
            return function(*args, **kwargs)
        gc.disable()
        try:
            return function(*args, **kwargs)
        finally:
            if gc.get_count()[0] > FREEZE_FROM:
                gc.freeze()
            gc.enable()
    return wrapper
