"""Series of the BPS table: one region's indicator by year, and a regency's province over time.

The lookups every stage makes in the validated table (`indicator_series`, `region_name`,
`regencies_of_province`) and the province comparison across the 2022 Papua split
(`province_series`, `province_as_it_was`, `province_history`).
"""

from __future__ import annotations

import weakref

import numpy as np
import pandas as pd

from analysis.data.codes import province_code
from analysis.errors import InputError
from analysis.labels import both


def indicator_series(
    bps: pd.DataFrame, kode_bps: str, indikator: str = "p0_persen", periode: str = "maret"
) -> pd.Series:
    """Return one region's indicator as a float Series indexed by year (missing years absent)."""
    years, values = _series_index(bps).get((kode_bps, indikator, periode), _EMPTY)
    return pd.Series(
        values.copy(),
        index=pd.Index(years.copy(), dtype="int64", name="tahun"),
        dtype="float64",
        name=f"{kode_bps}:{indikator}",
    )


# Every series of a table, indexed once: a brief reads hundreds of series (each regency of the
# province, every province for the forecast), and a boolean mask over the 10,000 text rows costs
# about 10 ms each time. The index is kept per table object and rebuilt when its rows change
# (row count or the sums of tahun and nilai differ), so a table edited in place is re-read.
_EMPTY = (np.zeros(0, dtype="int64"), np.zeros(0, dtype="float64"))
_INDEX: dict[int, tuple[weakref.ref, tuple, dict]] = {}


def _series_index(bps: pd.DataFrame) -> dict[tuple[str, str, str], tuple[np.ndarray, np.ndarray]]:
    return _index_entry(bps)[2]


def _index_entry(bps: pd.DataFrame) -> tuple[weakref.ref, tuple, dict]:
    years = bps["tahun"].to_numpy(dtype="int64")
    values = bps["nilai"].to_numpy(dtype="float64")
    stamp = (len(bps), int(years.sum()), float(np.nansum(values)))
    entry = _INDEX.get(id(bps))
    if entry is not None and entry[0]() is bps and entry[1] == stamp:
        return entry
    keys = list(
        zip(
            bps["kode_bps"].to_numpy(dtype=object),
            bps["indikator"].to_numpy(dtype=object),
            bps["periode"].to_numpy(dtype=object),
            strict=True,
        )
    )
    positions: dict[tuple, list[int]] = {}
    for position, key in enumerate(keys):
        positions.setdefault(key, []).append(position)
    index = {}
    for key, rows in positions.items():
        order = np.asarray(rows)[np.argsort(years[rows], kind="stable")]
        index[tuple(str(part) for part in key)] = (years[order], values[order])
    for stale in [k for k, (ref, _, _) in _INDEX.items() if ref() is None]:
        del _INDEX[stale]
    _INDEX[id(bps)] = (weakref.ref(bps), stamp, index)
    return _INDEX[id(bps)]


# The 2022 split of Papua (UU 14, 15, 16 and 29/2022): each new province and the province its
# regencies belonged to before. BPS published the March figures for the old boundaries up to 2023
# (the 2024 rows of the table are marked "sesudah pemekaran"), so until LAST_YEAR_BEFORE_SPLIT a
# regency of a new province is compared with the province it was in, and the figures of Papua and
# Papua Barat before and after the split are different areas: no change is computed across it.
PROVINCE_BEFORE_SPLIT = {"9200": "9100", "9500": "9400", "9600": "9400", "9700": "9400"}
LAST_YEAR_BEFORE_SPLIT = 2023
_SPLIT_PROVINCES = set(PROVINCE_BEFORE_SPLIT) | set(PROVINCE_BEFORE_SPLIT.values())


def province_series(
    bps: pd.DataFrame, province: str, indikator: str = "p0_persen", periode: str = "maret"
) -> pd.Series:
    """A province's figures within its current boundaries (for changes, paces and forecasts).

    For the provinces of the 2022 Papua split the years up to `LAST_YEAR_BEFORE_SPLIT` are left
    out: they describe another area, and a change across the split is not a change of poverty.
    """
    series = indicator_series(bps, province, indikator, periode)
    if province in _SPLIT_PROVINCES:
        series = series[series.index > LAST_YEAR_BEFORE_SPLIT]
    return series


def province_as_it_was(
    bps: pd.DataFrame, kode_bps: str, indikator: str = "p0_persen", periode: str = "maret"
) -> pd.Series:
    """The figure of the province a regency belonged to in each year (levels, not changes).

    A regency of a province created by the 2022 split gets the older province's figures up to
    `LAST_YEAR_BEFORE_SPLIT` and its own province's after; other regencies get their province's.
    """
    province = province_code(kode_bps)
    current = indicator_series(bps, province, indikator, periode)
    before = PROVINCE_BEFORE_SPLIT.get(province)
    if before is None:
        return current
    older = indicator_series(bps, before, indikator, periode)
    older = older[older.index <= LAST_YEAR_BEFORE_SPLIT]
    joined = pd.concat([older, current[current.index > LAST_YEAR_BEFORE_SPLIT]]).sort_index()
    joined.name = current.name
    return joined


def province_history(bps: pd.DataFrame, kode_bps: str) -> dict | None:
    """Where a regency's province comparison breaks (the 2022 Papua split), or None.

    Returns
    -------
    dict or None
        ``province`` and ``before`` (names), ``until`` (last year compared with the older
        province) and ``first_own`` (first year with the new province's own P0, None if none).
    """
    province = province_code(kode_bps)
    if province not in _SPLIT_PROVINCES:
        return None
    before = PROVINCE_BEFORE_SPLIT.get(province, province)
    own = province_series(bps, province)
    return {
        "province": region_name(bps, province) if (bps["kode_bps"] == province).any() else province,
        "before": region_name(bps, before) if (bps["kode_bps"] == before).any() else before,
        "until": LAST_YEAR_BEFORE_SPLIT,
        "first_own": int(own.index.min()) if len(own) else None,
    }


def regencies_of_province(
    bps: pd.DataFrame, province: str, indikator: str = "p0_persen"
) -> list[str]:
    """Return the codes of every regency/city of a province that has that indicator."""
    rows = bps[
        (bps["tingkat"].isin(["kabupaten", "kota"]))
        & (bps["indikator"] == indikator)
        & (bps["kode_bps"].str[:2] == province[:2])
    ]
    return sorted(rows["kode_bps"].unique())


def region_name(bps: pd.DataFrame, kode_bps: str) -> str:
    """Return the name BPS uses for a region code."""
    names = bps.loc[bps["kode_bps"] == kode_bps, "wilayah"]
    if names.empty:
        raise InputError(both("errd_d_not_in_table", code=kode_bps))
    return str(names.iloc[0])
