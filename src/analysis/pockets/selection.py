"""The priority rule's vectorised core: the deprivation index, ranks and the two-lens rule.

Every function works along the last axis, so one call serves the observed year (villages) and the
bootstrap's stacks (replicates x villages); `analysis.pockets.rule` describes the method.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.pockets.ranks import tie_ranks

DEFAULT_INDEX_THRESHOLD = 50.0  # the regency median of the deprivation index


def deprivation_index(shares: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Weighted mean of the villages' percentile ranks of each indicator share.

    Parameters
    ----------
    shares : ndarray, shape (..., villages, indicators)
    weights : ndarray, shape (indicators,)

    Returns
    -------
    ndarray, shape (..., villages)
        0-100; 100 means the most deprived village on every weighted indicator.
    """
    return _index_by_indicator(np.swapaxes(np.asarray(shares, dtype=float), -1, -2), weights)


def _index_by_indicator(shares: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """`deprivation_index` of shares laid out (..., indicators, villages)."""
    used = weights > 0
    n = shares.shape[-1]
    # Percentile rank of each share among the villages (average rank for ties).
    ranks = tie_ranks(np.ascontiguousarray(shares[..., used, :]), "average")
    ranks = 100.0 * (ranks - 1) / max(n - 1, 1)
    return np.einsum("...kv,k->...v", ranks, weights[used] / weights[used].sum())


def _order(*keys_descending: np.ndarray) -> np.ndarray:
    """The villages sorted by the keys, first key first, descending (indices along the last axis).

    Remaining ties fall to the village order (sorted codes).
    """
    # lexsort is stable: villages tied on every key keep their (code) order.
    return np.lexsort([_descending_key(key) for key in reversed(keys_descending)], axis=-1)


def _descending_key(key: np.ndarray) -> np.ndarray:
    """``-key``, as 16-bit integers when the values are small whole numbers (counts of families):
    numpy sorts those by radix sort, several times faster than floats, in the same order."""
    key = np.asarray(key)
    if key.size and np.abs(key).max() < 2**15 and (key == np.floor(key)).all():
        return (-key).astype(np.int16)
    return -key


def _positions(*keys_descending: np.ndarray) -> np.ndarray:
    """Position (0 = first) of each village when sorted by the keys, first key first, descending.

    Remaining ties fall to the village order (sorted codes). Works along the last axis.
    """
    order = _order(*keys_descending)
    shape = order.shape
    positions = np.empty(shape, dtype=np.int64)
    np.put_along_axis(positions, order, np.broadcast_to(np.arange(shape[-1]), shape), axis=-1)
    return positions


def _ranks_descending(values: np.ndarray) -> np.ndarray:
    """Competition ranks (1 = largest; ties share the best rank) along the last axis."""
    return tie_ranks(-np.asarray(values, dtype=float), "min").astype(np.int64)


def _two_lens(
    mass: np.ndarray, share: np.ndarray, index: np.ndarray, n: int, threshold: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The main rule along the last axis: selected mask, turn of entry and lens of entry.

    Turns alternate, mass list first. At each turn the lens takes the first village of its list
    not yet chosen (a village already chosen is skipped, so every turn adds a new village). When
    no eligible village is left on the intensity list, its turns go to the mass list. The turn
    of entry (0-based) is ``np.iinfo(np.int64).max // 4`` for villages not chosen.
    """
    shape = mass.shape
    n_villages = shape[-1]
    n = min(int(n), n_villages)
    rows = int(np.prod(shape[:-1], dtype=np.int64))
    eligible = index >= threshold
    # Ineligible villages sort last: the intensity list is the first n_eligible of share_order.
    share_key = np.where(eligible, share, -np.inf)
    n_eligible = eligible.reshape(rows, -1).sum(axis=-1)
    # Both lists as flat positions in the (rows x villages) arrays, so that each turn indexes
    # plain 1-D arrays.
    start = n_villages * np.arange(rows)
    mass_list = (_order(mass, share).reshape(rows, -1) + start[:, None]).ravel()
    share_list = (_order(share_key, mass).reshape(rows, -1) + start[:, None]).ravel()
    selected = np.zeros(rows * n_villages, dtype=bool)
    never = np.iinfo(np.int64).max // 4
    entry = np.full(rows * n_villages, never, dtype=np.int64)
    by_mass = np.zeros(rows * n_villages, dtype=bool)
    # Each list's pointer: its first village not yet chosen (chosen villages are skipped).
    at_mass = np.zeros(rows, dtype=np.int64)
    at_share = np.zeros(rows, dtype=np.int64)
    for turn in range(n):
        at_mass = _skip_chosen(mass_list, start, at_mass, None, selected)
        candidate = mass_list[start + at_mass]
        use_mass = True
        if turn % 2 == 1:
            at_share = _skip_chosen(share_list, start, at_share, n_eligible, selected)
            has_share = at_share < n_eligible
            share_pick = share_list[start + np.minimum(at_share, n_villages - 1)]
            candidate = np.where(has_share, share_pick, candidate)
            use_mass = ~has_share
        selected[candidate] = True
        entry[candidate] = turn
        by_mass[candidate] = use_mass
    return selected.reshape(shape), entry.reshape(shape), by_mass.reshape(shape)


def _skip_chosen(order, start, at, length, selected) -> np.ndarray:
    """Move each row's pointer into its list past villages already chosen.

    ``order`` holds each row's list as flat positions from ``start``; pointers stop at
    ``length`` (None: the list is longer than any run of chosen villages).
    """
    last = len(order) // len(start) - 1
    while True:
        if length is None:
            chosen = selected[order[start + at]]
        else:
            chosen = selected[order[start + np.minimum(at, last)]] & (at < length)
        if not chosen.any():
            return at
        at = at + chosen


def select_priority(
    mass, share, index, n: int, threshold: float = DEFAULT_INDEX_THRESHOLD
) -> pd.DataFrame:
    """Apply the priority rule of the rule card to one year's villages (in village-code order).

    Parameters
    ----------
    mass : array-like
        Desil-1 families per village.
    share : array-like
        EB desil-1 share per village.
    index : array-like
        Deprivation index (0-100) per village.
    n : int
        Number of villages to choose.
    threshold : float
        Minimum index for the intensity list.

    Returns
    -------
    DataFrame
        The chosen villages in the order of choice: ``village`` (position in the input),
        ``turn`` (1 = first) and ``lens`` ("mass" or "intensity").
    """
    mass, share, index = (np.asarray(v, dtype=float) for v in (mass, share, index))
    selected, entry, by_mass = _two_lens(mass, share, index, n, threshold)
    chosen = np.flatnonzero(selected)
    chosen = chosen[np.argsort(entry[chosen])]
    return pd.DataFrame(
        {
            "village": chosen,
            "turn": entry[chosen] + 1,
            "lens": np.where(by_mass[chosen], "mass", "intensity"),
        }
    )


def _top(n: int, *keys: np.ndarray) -> np.ndarray:
    positions = _positions(*keys)
    return positions < n


ALTERNATIVE_RULES = {
    "mass": "top N by number of desil-1 families (ties: EB share, code)",
    "intensity": "top N by EB desil-1 share, no index condition (ties: mass, code)",
    "deprivation": "top N by deprivation index (ties: EB share, code)",
}


def _alternatives(mass, share, index, n) -> dict[str, np.ndarray]:
    return {
        "mass": _top(n, mass, share),
        "intensity": _top(n, share, mass),
        "deprivation": _top(n, index, share),
    }
