"""Columns of Python values reduced to codes, so work is done once per distinct value."""

from __future__ import annotations

from collections.abc import Hashable, Iterable

import numpy as np
import numpy.typing as npt

#: the array types the columnar code passes around
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
FloatArray = npt.NDArray[np.float64]


def distinct(values: Iterable[Hashable]) -> tuple[np.ndarray, list[Hashable]]:
    """Codes and distinct values, in order of first appearance: work done once per value is taken by code.

    >>> codes, values = distinct(["b", "a", "b"])
    >>> codes.tolist(), values
    ([0, 1, 0], ['b', 'a'])
    """
    index: dict[Hashable, int] = {}
    codes = np.fromiter((index.setdefault(v, len(index)) for v in values), dtype=np.int64)
    return codes, list(index)
