"""Ranks with ties along the last axis of a stack of replicates (average or minimum rank).

The same ranks as ``scipy.stats.rankdata(..., axis=-1)`` for values without NaN, computed with
one sort per row and running maxima and minima over the sorted values, about twice as fast
on the bootstrap's stacks (replicates x indicators x villages).
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
    order = np.argsort(values, axis=-1)
    # Flat positions of the sorted values: plain 1-D indexing is faster than *_along_axis.
    flat = (order.reshape(-1, n) + (n * np.arange(order.size // n))[:, None]).reshape(shape)
    ordered = values.ravel()[flat]
    position = np.broadcast_to(np.arange(1.0, n + 1.0), shape)
    starts = np.ones(shape, dtype=bool)
    np.not_equal(ordered[..., 1:], ordered[..., :-1], out=starts[..., 1:])
    if starts.all():  # no ties
        ranked = position
    else:
        # Each value's group starts at the last group start at or before it.
        ranked = np.maximum.accumulate(np.where(starts, position, 0.0), axis=-1)
        if method == "average":
            ends = np.ones(shape, dtype=bool)
            ends[..., :-1] = starts[..., 1:]
            last = np.minimum.accumulate(np.where(ends, position, float(n))[..., ::-1], axis=-1)
            ranked = (ranked + last[..., ::-1]) / 2
    ranks = np.empty(values.size)
    ranks[flat.ravel()] = ranked.ravel()
    return ranks.reshape(shape)
