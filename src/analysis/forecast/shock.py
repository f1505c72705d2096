"""The forecast error's variance: a province-year shock shared by all regencies plus each regency's
own deviation, both estimated only from data up to the forecast origin.

Regencies of one province share a yearly shock: in Jawa Tengah the year's mean error is about
70 % of the combination's squared error in 2023-2025, so the errors of other regencies in the same
year are one draw of that shock, not many. This module therefore splits a regency's logit forecast
error of model m at horizon h into

* a common part: the error model m makes on the province's own P0 series at horizon h. The
  province series is longer than the regencies' (Jawa Tengah: 2011, 2012, 2015-2025), so its
  rolling-origin errors give the most independent years there are. Variance ``V_c(h)`` = the mean
  squared province error at h over origins and targets up to the forecast origin; with fewer than
  `MIN_COMMON_ERRORS` at h, h times the per-year mean square of all horizons' errors;
* an idiosyncratic part: the regency's change relative to the province (regency logit change minus
  the province's, which removes the shared shock). Variance ``V_i(h)`` = h x sum(u^2) / sum(k)
  over the relative changes u (over k years) of the province's regencies up to the origin, not
  centred on each regency's own relative drift: exact for the naive forecast, a little wide for
  the drift models. With fewer than `MIN_IDIO_SPANS` such changes in the province, the other
  provinces' relative changes (up to the origin) are added.

The predictive distribution on the logit scale is the point forecast plus scale x Student t with
scale^2 = V_c + V_i and Welch-Satterthwaite degrees of freedom from the two counts, so that a
common variance resting on five province years gets the wide t quantiles it deserves (at 5 degrees
of freedom the 95 % quantile is 2.57, not 1.96). Scales never decrease with the horizon.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from analysis.forecast.models import COMBINATION, Origin, point_forecasts
from analysis.forecast.pooled import MIN_PROVINCE_SPANS, Hyper, province_drift
from analysis.forecast.series import target_years

MIN_COMMON_ERRORS = (
    3  # province errors at one horizon before that horizon's own mean square is used
)
MIN_IDIO_SPANS = 20  # relative changes in the province before other provinces' are added
ERROR_COLUMNS = ["origin", "target_year", "h", "model", "forecast", "actual", "error"]


@dataclass(frozen=True)
class ErrorDistribution:
    """Predictive distribution of the logit forecast error at one horizon: scale x Student t.

    Symmetric about zero, so the point forecast is the median. ``common_var`` and ``idio_var`` are
    the two variance components (logit^2), ``n_common`` and ``n_idio`` the counts they rest on.
    """

    h: int
    scale: float
    df: float
    common_var: float = math.nan
    idio_var: float = math.nan
    n_common: int = 0
    n_idio: int = 0

    def cdf(self, x: Any) -> np.ndarray:
        """P(error <= x) for logit-scale x."""
        x = np.atleast_1d(np.asarray(x, dtype=float))
        return stats.t.cdf(x / self.scale, self.df)

    def quantile(self, p: Any) -> np.ndarray:
        """The error's p-quantile (logit scale)."""
        p = np.atleast_1d(np.asarray(p, dtype=float))
        return self.scale * stats.t.ppf(p, self.df)


def province_errors(
    province: dict[int, float] | None, until: int, horizon: int, covid, use_llt: bool = True
) -> pd.DataFrame:
    """Rolling-origin errors of every model on the province's own series, with data up to ``until``.

    Every origin and every target year is at most ``until``: the province series is cut there
    before anything is fitted. The pooled model applied to the province is the province's own
    drift (its relative drift is zero). Combinations are averaged later (`model_errors`).

    Returns
    -------
    pandas.DataFrame
        origin, target_year, h, model, forecast, actual, error (logit); no combination rows.
    """
    if not province:
        return pd.DataFrame(columns=ERROR_COLUMNS)
    years = np.array(sorted(y for y in province if y <= until), dtype=int)
    z = np.array([province[int(y)] for y in years])
    records = []
    for j in range(len(years) - 1):
        origin = int(years[j])
        targets = target_years(years, j, horizon, covid) if origin not in covid else []
        if len(targets) == 0:
            continue
        known = dict(zip(years[: j + 1].tolist(), z[: j + 1].tolist(), strict=True))
        mu, n_spans = province_drift(known, origin, covid)
        hyper = (
            Hyper(mu, 0.0, math.nan, math.nan, 0, "province series")
            if n_spans >= MIN_PROVINCE_SPANS
            else None
        )
        hs = (targets - origin).astype(int)
        at = Origin(
            years[: j + 1], z[: j + 1], hs, covid, known if hyper else None, hyper, use_llt, origin
        )
        forecasts, _, _ = point_forecasts(at, ("naive",))
        forecasts.pop(COMBINATION)
        actual = z[np.searchsorted(years, targets)]
        for model, values in forecasts.items():
            for t, h, f, a in zip(targets, hs, values, actual, strict=True):
                records.append((origin, int(t), int(h), model, float(f), float(a), float(a - f)))
    return pd.DataFrame(records, columns=ERROR_COLUMNS)


def model_errors(errors: pd.DataFrame, model: str | tuple[str, ...]) -> pd.DataFrame:
    """The province errors of one model, or of the equal-weight combination of ``model``.

    A combination averages the members that could forecast from each origin and falls back to
    the naive forecast where none could, as a regency's combination does.
    """
    if isinstance(model, str):
        return errors[errors["model"] == model]
    keys = ["origin", "target_year", "h"]
    members = errors[errors["model"].isin(model)]
    mean = members.groupby(keys, as_index=False).agg(forecast=("forecast", "mean"))
    naive = errors[errors["model"] == "naive"][[*keys, "forecast", "actual"]]
    merged = naive.merge(mean, on=keys, how="left", suffixes=("_naive", ""))
    merged["forecast"] = merged["forecast"].fillna(merged["forecast_naive"])
    merged["error"] = merged["actual"] - merged["forecast"]
    merged["model"] = COMBINATION
    return merged[ERROR_COLUMNS]


def idiosyncratic_variance(
    relative: pd.DataFrame | None, fallback: pd.DataFrame | None, until: int
) -> tuple[float, int, str]:
    """Per-year variance of regencies' changes relative to their province, up to ``until``.

    Returns
    -------
    tuple
        (sum(u^2) / sum(k), number of relative changes, source); NaN without any change.
    """
    frames, source = [], "province"
    own = relative[relative["end"] <= until] if relative is not None else None
    if own is not None and len(own):
        frames.append(own)
    if (own is None or len(own) < MIN_IDIO_SPANS) and fallback is not None:
        other = fallback[fallback["end"] <= until]
        if relative is not None:  # the fallback holds every province, this one included
            other = other[~other["kode"].isin(set(relative["kode"]))]
        if len(other):
            frames.append(other)
            source = "province and other provinces" if frames[0] is own else "other provinces"
    if not frames:
        return math.nan, 0, "none"
    spans = pd.concat(frames, ignore_index=True)
    k = float(spans["k"].sum())
    if k <= 0:
        return math.nan, 0, "none"
    return float(np.sum(spans["u"].to_numpy() ** 2) / k), len(spans), source


def _common_by_horizon(errors: pd.DataFrame, hs) -> dict[int, tuple[float, int]]:
    """(mean squared error, count) per horizon; the per-year scaling where a horizon has few."""
    e = errors["error"].to_numpy(dtype=float)
    h_all = errors["h"].to_numpy(dtype=int)
    per_year = float(np.mean(e**2 / h_all)) if len(e) else math.nan
    out = {}
    for h in hs:
        own = e[h_all == h]
        if len(own) >= MIN_COMMON_ERRORS:
            out[int(h)] = (float(np.mean(own**2)), len(own))
        else:
            out[int(h)] = (int(h) * per_year, len(e))
    return out


def welch_df(common_var: float, n_common: int, idio_var: float, n_idio: int) -> float:
    """Welch-Satterthwaite degrees of freedom of a sum of two variances estimated from n each."""
    total = common_var + idio_var
    denominator = common_var**2 / max(n_common, 1) + idio_var**2 / max(n_idio, 1)
    return float(total**2 / denominator) if denominator > 0 else math.inf


@dataclass
class ShockVariance:
    """The error distributions at the horizons from one origin, and what they rest on."""

    distributions: dict[int, ErrorDistribution]
    common_years: list[int]
    idio_source: str
    errors: pd.DataFrame = field(repr=False)

    @property
    def usable(self) -> bool:
        """Whether every horizon has a finite, positive scale."""
        return all(math.isfinite(d.scale) and d.scale > 0 for d in self.distributions.values())


def shock_variance(
    errors: pd.DataFrame,
    model: str | tuple[str, ...],
    idio: tuple[float, int, str],
    horizon: int,
) -> ShockVariance:
    """Error distributions at horizons 1 .. ``horizon`` for a model from its province errors.

    ``errors`` is a `province_errors` frame (up to the origin); ``model`` a model name or the
    members of a combination; ``idio`` an `idiosyncratic_variance` result. A horizon without any
    province error gets a NaN scale (`ShockVariance.usable` is then False).
    """
    own = model_errors(errors, model)
    common = _common_by_horizon(own, range(1, horizon + 1))
    idio_per_year, n_idio, source = idio
    distributions: dict[int, ErrorDistribution] = {}
    floor = ErrorDistribution(0, 0.0, math.inf)
    for h in range(1, horizon + 1):
        common_var, n_common = common[h]
        idio_var = h * idio_per_year
        scale = math.sqrt(common_var + idio_var)
        df = welch_df(common_var, n_common, idio_var, n_idio)
        dist = ErrorDistribution(h, scale, df, common_var, idio_var, n_common, n_idio)
        if scale < floor.scale:  # never narrower than a shorter horizon (NaN stays NaN)
            dist = replace(dist, scale=floor.scale, df=floor.df)
        floor = dist if not math.isnan(dist.scale) else floor
        distributions[h] = dist
    return ShockVariance(
        distributions,
        sorted(int(y) for y in own["target_year"].unique()),
        source,
        own,
    )
