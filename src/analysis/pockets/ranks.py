"""Ranks with ties along the last axis of a stack of replicates (average or minimum rank).

The same ranks as ``scipy.stats.rankdata(..., axis=-1)`` for values without NaN, computed with
one sort per row; only the tied values (few in the bootstrap's stacks of replicates x indicators
x villages) get a second look, so the sort is most of the cost.
"""

from __future__ import annotations

import numpy as np


def tie_ranks(values: np.ndarray, method: str = "average") -> np.ndarray:
    """Ranks (1 = smallest) along the last axis; tied values share a rank.

    Parameters
    ----------
    values : ndarray, shape (..., items)
        Without NaN.
    method : {"average", "min"}
        Tied values get the mean or the lowest of the positions they occupy.

    Returns
    -------
    ndarray of float, shape of ``values``
    """
    values = np.asarray(values, dtype=float)
    if method not in ("average", "min"):
        raise ValueError(f"method {method!r}: expected 'average' or 'min'.")
    shape = values.shape
    n = shape[-1]
    rows = values.size // n if n else 0
    order = np.argsort(values, axis=-1).reshape(rows, n)
    # Flat positions of the sorted values: plain 1-D indexing is faster than *_along_axis.
    flat = (order + (n * np.arange(rows))[:, None]).ravel()
    ordered = values.ravel()[flat].reshape(rows, n)
    # Each value's position in its sorted row, plus one: the ranks when there are no ties.
    ranks = np.empty(rows * n)
    ranks[flat] = np.tile(np.arange(1.0, n + 1.0), rows)
    same = np.zeros((rows, n), dtype=bool)  # equal to the value before it in the sorted row
    np.equal(ordered[:, 1:], ordered[:, :-1], out=same[:, 1:])
    if same.any():
        _tied_ranks(ranks, flat, same.ravel(), n, method)
    return ranks.reshape(shape)


def _tied_ranks(ranks: np.ndarray, flat: np.ndarray, same: np.ndarray, n: int, method: str):
    """Give each group of tied values (runs of ``same`` in the sorted rows) its shared rank.

    Works on the tied values only (few in the bootstrap's stacks); ``same`` is False at each
    row's first position, so no group crosses rows.
    """
    tied = same.copy()
    tied[:-1] |= same[1:]  # the first value of a group and the values equal to the one before
    members = np.flatnonzero(tied)  # sorted positions, ascending; groups are consecutive
    starts = ~same[members]
    group = np.cumsum(starts) - 1
    first = members[starts] % n
    if method == "min":
        ranks[flat[members]] = (first + 1.0)[group]
        return
    last = members[np.append(starts[1:], True)] % n
    ranks[flat[members]] = ((first + last) / 2 + 1.0)[group]
