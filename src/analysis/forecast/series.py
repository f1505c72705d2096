"""A P0 series on the logit scale: input checks, year-to-year changes outside the COVID break.

Every model works on the logit scale of P0/100, so forecasts and interval bounds, once
back-transformed, stay inside (0, 100). COVID years (2020 and 2021 by default) are an explicit
break: any year-to-year change that starts, ends or passes through a COVID year (2019->2020,
2020->2021, 2021->2022, or a gap across them) is left out of every drift estimate, because it holds
both the shock and its reversal.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from analysis.errors import InputError

COVID_YEARS = (2020, 2021)


def to_logit(p0: Any) -> Any:
    """Return log(p / (1 - p)) for P0 given in percent."""
    p = np.asarray(p0, dtype=float) / 100.0
    return np.log(p / (1.0 - p))


def from_logit(z: Any) -> Any:
    """Return P0 in percent for a logit value (inverse of `to_logit`)."""
    return 100.0 / (1.0 + np.exp(-np.asarray(z, dtype=float)))


def check_series(series: pd.Series, what: str) -> pd.Series:
    """Return the series as float indexed by int year, sorted, without missing values.

    Raises
    ------
    InputError
        For a non-Series, years that are not whole years, a year given twice, or a value outside
        (0, 100); the message starts with ``what``.
    """
    if not isinstance(series, pd.Series):  # a programming error, not a user's input
        raise TypeError(f"{what}: expected a pandas Series of P0 (percent) indexed by year.")
    clean = series.dropna()
    try:
        years = np.asarray(clean.index, dtype=float)
    except (TypeError, ValueError):
        raise _series_error("errs_fc_index_years", what) from None
    if len(years) and (np.any(years != np.round(years)) or np.any(years < 1900)):
        from analysis.yamlread import shown

        raise _series_error("errs_fc_whole_years", what, found=shown(list(clean.index)[:5]))
    clean = pd.Series(clean.to_numpy(dtype=float), index=years.astype(int), name=series.name)
    if clean.index.duplicated().any():
        year = int(clean.index[clean.index.duplicated()][0])
        raise _series_error("errs_fc_year_twice", what, year=year)
    bad = (clean <= 0) | (clean >= 100)
    if bad.any():
        year = int(clean.index[bad][0])
        raise _series_error("errs_fc_p0_range", what, year=year, value=f"{clean[year]:g}")
    return clean.sort_index()


def _series_error(key: str, what: str, **fields) -> InputError:
    """A bilingual InputError about a series; ``what`` ("P0 series 3310", "panel column 3310",
    "province series", as the callers name it) is said in the language of each line."""
    from analysis.labels import Local, both

    said = Local("errs_fc_what_province") if what == "province series" else what
    for prefix, name_key in (
        ("P0 series ", "errs_fc_what_series"),
        ("panel column ", "errs_fc_what_column"),
    ):
        if what.startswith(prefix):
            said = Local(name_key, name=what[len(prefix) :])
    return InputError(both(key, what=said, **fields))


def change_spans(years: np.ndarray, z: np.ndarray, covid: frozenset[int]):
    """Return (start, end, length, change) of consecutive observations not touching COVID years."""
    if len(years) < 2:
        empty = np.zeros(0)
        return empty.astype(int), empty.astype(int), empty, empty
    a, b = years[:-1], years[1:]
    keep = np.array(
        [not any(a_ <= c <= b_ for c in covid) for a_, b_ in zip(a, b, strict=True)], dtype=bool
    )
    return a[keep], b[keep], (b - a)[keep].astype(float), (z[1:] - z[:-1])[keep]


def crosses_break(origin: int, target: int, covid) -> bool:
    """Whether the path from the origin to the target year reaches into a COVID year."""
    return any(origin < c <= target for c in covid)


def target_years(years: np.ndarray, j: int, horizon: int, covid) -> np.ndarray:
    """Later observed years within ``horizon`` of origin ``years[j]`` not across a COVID year."""
    origin = int(years[j])
    later = years[j + 1 :]
    ok = [(t - origin <= horizon) and not crosses_break(origin, int(t), covid) for t in later]
    return later[np.array(ok, dtype=bool)]


def relative_spans(years, z, province: dict[int, float] | None, covid):
    """Spans (end, length, change) of the regency's logit change minus the province's."""
    a, b, k, dz = change_spans(years, z, covid)
    if province is None:
        return b, k, dz
    has = np.array(
        [(x in province) and (y in province) for x, y in zip(a, b, strict=True)], dtype=bool
    )
    a, b, k, dz = a[has], b[has], k[has], dz[has]
    dp = np.array([province[y] - province[x] for x, y in zip(a, b, strict=True)], dtype=float)
    return b, k, dz - dp


def province_dict(province: pd.Series | None) -> dict[int, float] | None:
    """The province's P0 as {year: logit}, or None without a (non-empty) province series."""
    if province is None:
        return None
    clean = check_series(province, "province series")
    if clean.empty:
        return None
    return dict(zip(clean.index.astype(int), to_logit(clean.to_numpy()), strict=True))


def history_table(series: pd.Series, covid) -> pd.DataFrame:
    """Year, P0 and role of each observation: "trend", "covid" or "level_only" (in no change)."""
    years = series.index.to_numpy(int)
    a, b, _, _ = change_spans(years, to_logit(series.to_numpy()), covid)
    in_trend = set(a.tolist()) | set(b.tolist())
    roles = ["covid" if y in covid else ("trend" if y in in_trend else "level_only") for y in years]
    return pd.DataFrame({"year": years, "p0": series.to_numpy(), "role": roles})
