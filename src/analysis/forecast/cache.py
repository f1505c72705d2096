"""A cache of province inputs and honest evaluations, shared across a batch and kept on disk.

A batch of regencies of one province reuses the province's evaluation (the expensive part); the
keys carry a fingerprint of the BPS table, so a changed table never reuses a stale entry. A batch
computes each province's entries once in worker processes and merges them here before the builds
fork (see `analysis.batch.warm_forecast_cache`). Every entry is also kept on disk
(`analysis.diskcache`, keyed by the fingerprint and the package's code), so the next process, a
single `make report` included, reads it instead of computing every province again. The entries
derive from the public BPS table only.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from analysis import diskcache

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
        _CACHE[key] = diskcache.cached("forecast", key, compute)
    return _CACHE[key]


def fingerprint(bps: pd.DataFrame) -> int:
    """A hash of the table's P0 rows (what every forecast of the table depends on).

    March values make the series; the level and the rows of other periods decide which regencies
    a province's panel has (`analysis.data.regencies_of_province`), so they are hashed too.
    """
    rows = bps.loc[bps["indikator"] == "p0_persen", ["kode_bps", "tingkat", "tahun", "periode"]]
    rows = rows.assign(nilai=bps["nilai"])
    return int(pd.util.hash_pandas_object(rows, index=False).sum())
