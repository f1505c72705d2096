"""An in-process cache of province inputs and honest evaluations, shared across a batch.

A batch of regencies of one province reuses the province's evaluation (the expensive part); the
keys carry a fingerprint of the BPS table, so a changed table never reuses a stale entry. A batch
computes each province's entries once in worker processes and merges them here before the builds
fork (see `analysis.batch.warm_forecast_cache`).
"""

from __future__ import annotations

from typing import Any

import pandas as pd

MAX_ENTRIES = 4096  # a national batch holds a few entries per province

_CACHE: dict[tuple, Any] = {}


def cache_entries() -> dict[tuple, Any]:
    """The in-process cache (province inputs, relative changes, evaluations), to hand on."""
    return dict(_CACHE)


def add_cache_entries(entries: dict[tuple, Any]) -> None:
    """Merge cache entries computed in another process (keys carry the data fingerprint)."""
    _CACHE.update(entries)


def cached(key: tuple, compute):
    """Return the cached value of ``key``, computing and keeping it on first use."""
    if key not in _CACHE:
        if len(_CACHE) > MAX_ENTRIES:
            _CACHE.clear()
        _CACHE[key] = compute()
    return _CACHE[key]


def fingerprint(bps: pd.DataFrame) -> int:
    """A hash of the table's March P0 values (what every forecast of the table depends on)."""
    rows = bps[(bps["indikator"] == "p0_persen") & (bps["periode"] == "maret")]
    return int(pd.util.hash_pandas_object(rows[["kode_bps", "tahun", "nilai"]], index=False).sum())
