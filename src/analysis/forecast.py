"""Forecast a regency's poverty rate (P0) to a target year, with calibrated intervals.

Method (see ``design/METHODS.md``, section Forecast):

* Every model works on the logit scale of P0/100, so forecasts and interval bounds, once
  back-transformed, stay inside (0, 100).
* COVID years (2020 and 2021 by default) are an explicit break: any year-to-year change that starts,
  ends or passes through a COVID year (2019->2020, 2020->2021, 2021->2022, or a gap across them) is
  left out of every drift estimate, because it holds both the shock and its reversal; the COVID
  observations are shown in the history and are missing values for the state-space model.
* Models: ``naive`` (last value; the benchmark, not part of the combination), ``rw_drift`` (random
  walk with the regency's own drift, closed form; needs two non-COVID changes), ``llt`` (statsmodels
  local linear trend, COVID years and gaps as missing; only with at least eight non-COVID points,
  because its three variances cannot be estimated from fewer) and ``pooled`` (the province's
  movement plus the regency's drift relative to the province, shrunk by empirical Bayes towards
  the average relative drift of the province's regencies; works from a single observation, and
  uses the province's published values for years after the regency's last one). ``combination``
  is the equal-weight mean of the available models on the logit scale; equal weights need no extra
  estimation and so leak nothing into the backtest.
* Intervals come from a rolling-origin backtest pooled over the province's regencies (all provinces
  in the table when the province has too few backtest forecasts). The predictive distribution at
  horizon h is the combination forecast plus a symmetrised, variance-preserving kernel smooth of
  the combination's backtest logit errors, each standardised by its horizon's scale (the root mean
  squared error at that horizon, or where a horizon has too few errors a curve a h + b h^2 fitted
  to all of them; never smaller than a shorter horizon's). At each horizon only the later half of
  the origins is used: early origins have shorter histories and worse drifts than the final
  forecast, and in simulation they made the intervals about 3 points too wide.
  Coverage is reported two ways: leave-one-regency-out (a regency's intervals are calibrated
  without its own errors) and real-time (calibrated only on errors whose target year is not after
  the origin, i.e. what a forecaster could have known then). Regencies share the province's yearly
  shock, so both are measured on few independent years; the result says so.

Hand-written parts, and why: the pooled empirical-Bayes drift and the backtest calibration are
specific to this panel layout (a province, its regencies, a COVID break) and no maintained library
offers them; the random walk with drift is three lines of closed form, faster than fitting a
statsmodels ARIMA hundreds of times in the backtest. The local linear trend uses statsmodels.
"""

from __future__ import annotations

import math
import time
import warnings
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from scipy.special import ndtr

from analysis.errors import InputError

COVID_YEARS = (2020, 2021)
MODELS = ("naive", "rw_drift", "llt", "pooled")
COMBINED_MODELS = ("rw_drift", "llt", "pooled")
MIN_DRIFT_SPANS = 2  # own drift from a single change is one noisy difference, not a trend
MIN_LLT_POINTS = 8  # three variances plus two initial states need more than a handful of points
MIN_CALIBRATION_ERRORS = 20  # backtest errors needed to calibrate intervals at all
MIN_PROVINCE_ERRORS = 30  # fewer combination errors in the province: pool all provinces
MIN_POOLED_REGENCIES = 3  # fewer regencies with changes: borrow the shrinkage variances
MIN_PROVINCE_SPANS = 3  # province changes needed before its drift is used
MIN_WITHIN_DF = 5  # degrees of freedom for the within-regency variance of relative changes
LEVELS = (0.80, 0.95)


# --------------------------------------------------------------------------------------------
# Scale and spans
# --------------------------------------------------------------------------------------------


def to_logit(p0: Any) -> Any:
    """Return log(p / (1 - p)) for P0 given in percent."""
    p = np.asarray(p0, dtype=float) / 100.0
    return np.log(p / (1.0 - p))


def from_logit(z: Any) -> Any:
    """Return P0 in percent for a logit value (inverse of `to_logit`)."""
    return 100.0 / (1.0 + np.exp(-np.asarray(z, dtype=float)))


def _check_series(series: pd.Series, what: str) -> pd.Series:
    """Return the series as float indexed by int year, sorted, without missing values."""
    if not isinstance(series, pd.Series):
        raise InputError(f"{what}: expected a pandas Series of P0 (percent) indexed by year.")
    clean = series.dropna()
    try:
        years = np.asarray(clean.index, dtype=float)
    except (TypeError, ValueError):
        raise InputError(f"{what}: the index must hold years such as 2025.") from None
    if len(years) and (np.any(years != np.round(years)) or np.any(years < 1900)):
        raise InputError(
            f"{what}: the index must hold whole years such as 2025, got {list(clean.index)[:5]}."
        )
    clean = pd.Series(clean.to_numpy(dtype=float), index=years.astype(int), name=series.name)
    if clean.index.duplicated().any():
        year = int(clean.index[clean.index.duplicated()][0])
        raise InputError(f"{what}: year {year} appears twice; expected one P0 value per year.")
    bad = (clean <= 0) | (clean >= 100)
    if bad.any():
        year = int(clean.index[bad][0])
        raise InputError(
            f"{what}, year {year}: P0 = {clean[year]:g} is outside (0, 100); a "
            "percentage strictly between 0 and 100 is expected."
        )
    return clean.sort_index()


def _spans(years: np.ndarray, z: np.ndarray, covid: frozenset[int]):
    """Return (start, end, length, change) of consecutive observations not touching COVID years."""
    if len(years) < 2:
        empty = np.zeros(0)
        return empty.astype(int), empty.astype(int), empty, empty
    a, b = years[:-1], years[1:]
    keep = np.array(
        [not any(a_ <= c <= b_ for c in covid) for a_, b_ in zip(a, b, strict=True)], dtype=bool
    )
    return a[keep], b[keep], (b - a)[keep].astype(float), (z[1:] - z[:-1])[keep]


def _relative_spans(years, z, province: dict[int, float] | None, covid):
    """Spans of the regency's logit change minus the province's over the same years."""
    a, b, k, dz = _spans(years, z, covid)
    if province is None:
        return b, k, dz
    has = np.array(
        [(x in province) and (y in province) for x, y in zip(a, b, strict=True)], dtype=bool
    )
    a, b, k, dz = a[has], b[has], k[has], dz[has]
    dp = np.array([province[y] - province[x] for x, y in zip(a, b, strict=True)], dtype=float)
    return b, k, dz - dp


# --------------------------------------------------------------------------------------------
# Pooled model: province drift plus a shrunk relative drift
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Hyper:
    """Empirical-Bayes quantities for the pooled model at one origin."""

    mu: float  # province drift per year (logit)
    rbar: float  # average drift of the regencies relative to the province
    tau2: float  # between-regency variance of true relative drifts
    sigma2: float  # variance of one year's relative change around the regency's drift
    n_regencies: int
    source: str


def _relative_table(panel: pd.DataFrame, province: dict[int, float] | None, covid) -> pd.DataFrame:
    """All relative spans of a panel of regencies: kode, end, years, change."""
    kodes, ends, ks, us = [], [], [], []
    years_all = panel.index.to_numpy(dtype=int)
    for kode in panel.columns:
        values = panel[kode].to_numpy(dtype=float)
        present = ~np.isnan(values)
        if not present.any():
            continue
        b, k, u = _relative_spans(years_all[present], to_logit(values[present]), province, covid)
        kodes.extend([str(kode)] * len(b))
        ends.append(b)
        ks.append(k)
        us.append(u)
    return pd.DataFrame(
        {
            "kode": np.array(kodes, dtype=object),
            "end": np.concatenate(ends).astype(int) if ends else np.zeros(0, dtype=int),
            "k": np.concatenate(ks) if ks else np.zeros(0),
            "u": np.concatenate(us) if us else np.zeros(0),
        }
    )


def _variance_components(spans: pd.DataFrame) -> tuple[float, float, float, int]:
    """Return (rbar, tau2, sigma2, n regencies) by the method of moments; NaN if not estimable."""
    if spans.empty:
        return math.nan, math.nan, math.nan, 0
    group, _ = pd.factorize(spans["kode"])
    k = spans["k"].to_numpy(dtype=float)
    u = spans["u"].to_numpy(dtype=float)
    K = np.bincount(group, weights=k)
    U = np.bincount(group, weights=u)
    S = np.bincount(group)
    r = U / K
    n = len(r)
    rbar = float(U.sum() / K.sum())
    resid = (u - k * r[group]) ** 2 / k
    df = int((S - 1).sum())
    sigma2 = float(resid.sum() / df) if df >= MIN_WITHIN_DF else math.nan
    if n < 2 or math.isnan(sigma2):
        return rbar, math.nan, sigma2, n
    q = float(np.sum((r - rbar) ** 2) / (n - 1))
    tau2 = max(0.0, q - sigma2 * float(np.mean(1.0 / K)))
    return rbar, tau2, sigma2, n


def _province_drift(province: dict[int, float], origin: int, covid) -> tuple[float, int]:
    """Average logit change per year of the province over non-COVID spans up to the origin."""
    years = np.array(sorted(y for y in province if y <= origin), dtype=int)
    if len(years) < 2:
        return 0.0, 0
    z = np.array([province[y] for y in years])
    _, _, k, dz = _spans(years, z, covid)
    return (float(dz.sum() / k.sum()), len(k)) if len(k) else (0.0, 0)


def _hyper_at(origin: int, spans: pd.DataFrame, mu: float, fallback: pd.DataFrame | None) -> _Hyper:
    """Pooled-model quantities using only changes that ended by the origin."""
    own = spans[spans["end"] <= origin]
    rbar, tau2, sigma2, n = _variance_components(own)
    source = "province"
    if n < MIN_POOLED_REGENCIES or math.isnan(tau2):
        # Too few regencies with changes: the regency's relative drift is not shrunk by an
        # estimate from its own province; borrow the variances from every province (relative
        # to their own provinces) and shrink towards zero, i.e. towards the province's movement.
        rbar = 0.0 if n < MIN_POOLED_REGENCIES else rbar
        tau2, sigma2, source = math.nan, math.nan, "none"
        if fallback is not None:
            _, f_tau2, f_sigma2, f_n = _variance_components(fallback[fallback["end"] <= origin])
            if f_n >= MIN_POOLED_REGENCIES and not math.isnan(f_tau2):
                tau2, sigma2, source = f_tau2, f_sigma2, "all provinces"
    return _Hyper(mu, rbar, tau2, sigma2, n, source)


class _Pooled:
    """The pooled model's inputs for one province, evaluated at any origin (cached)."""

    def __init__(
        self,
        panel: pd.DataFrame,
        province: dict[int, float] | None,
        covid,
        fallback_spans: pd.DataFrame | None,
    ):
        self.province = province
        self.covid = covid
        self.relative = _relative_table(panel, province, covid) if province else None
        self.own = _relative_table(panel, None, covid)
        self.fallback = fallback_spans
        self._cache: dict[int, tuple[dict[int, float] | None, _Hyper]] = {}

    def at(self, origin: int) -> tuple[dict[int, float] | None, _Hyper]:
        """Return (province used or None, quantities) with data up to the origin.

        A province with fewer than `MIN_PROVINCE_SPANS` changes by the origin gives no usable
        drift; the model then pools the regencies' own drifts instead of their drifts relative to
        the province.
        """
        if origin not in self._cache:
            mu, n_spans = (
                _province_drift(self.province, origin, self.covid) if self.province else (0.0, 0)
            )
            if n_spans >= MIN_PROVINCE_SPANS:
                result = (
                    self.province,
                    _hyper_at(origin, self.relative, mu, self.fallback),
                )
            else:
                result = (None, _hyper_at(origin, self.own, 0.0, None))
            self._cache[origin] = result
        return self._cache[origin]


def _relative_drift(hyper: _Hyper, k: np.ndarray, u: np.ndarray) -> tuple[float, float]:
    """Return (shrunk relative drift per year, weight on the regency's own relative drift)."""
    K = float(k.sum())
    if K <= 0 or math.isnan(hyper.tau2) or math.isnan(hyper.sigma2):
        return hyper.rbar, 0.0
    total = hyper.tau2 + hyper.sigma2 / K
    weight = hyper.tau2 / total if total > 0 else 0.0
    own = float(u.sum()) / K
    return hyper.rbar + weight * (own - hyper.rbar), weight


def _province_path(
    province: dict[int, float] | None,
    origin: int,
    known_until: int,
    horizons: np.ndarray,
    mu: float,
) -> tuple[np.ndarray, int]:
    """Province logit change from the origin to each horizon: observed where known, else drift.

    Years after the origin that the province has already published (up to ``known_until``) enter
    with their observed values, interpolated on the logit scale across a missing year; later years
    continue with the province drift ``mu``. Returns (changes, last observed province year used).
    """
    if province is None or origin not in province:
        return horizons * mu, origin
    years = np.array(sorted(y for y in province if origin <= y <= known_until), dtype=int)
    last = int(years[-1])
    values = np.array([province[y] for y in years])
    targets = origin + horizons
    observed = np.interp(np.minimum(targets, last), years, values) - province[origin]
    return observed + np.maximum(targets - last, 0) * mu, last


# --------------------------------------------------------------------------------------------
# Point forecasts of every model from one history
# --------------------------------------------------------------------------------------------


def _llt_forecast(years: np.ndarray, z: np.ndarray, steps: int, covid) -> np.ndarray:
    """Local linear trend on a yearly grid with COVID years and gaps as missing values."""
    from statsmodels.tools.sm_exceptions import ConvergenceWarning
    from statsmodels.tsa.statespace.structural import UnobservedComponents

    grid = np.arange(years[0], years[-1] + 1)
    values = pd.Series(z, index=years).reindex(grid)
    values[[y in covid for y in grid]] = np.nan
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        warnings.simplefilter("ignore", RuntimeWarning)
        warnings.simplefilter("ignore", UserWarning)
        result = UnobservedComponents(values.to_numpy(), "local linear trend").fit(disp=False)
    forecast = np.asarray(result.forecast(steps), dtype=float)
    if not np.all(np.isfinite(forecast)):
        raise FloatingPointError("non-finite forecast")
    return forecast


def _point_forecasts(
    years,
    z,
    horizons: np.ndarray,
    province,
    hyper: _Hyper | None,
    covid,
    use_llt: bool = True,
    known_until: int | None = None,
):
    """Return ({model: logit forecasts at the horizons}, {model: reason skipped}, details).

    ``known_until`` is the last year whose province value may be used (the origin in a
    backtest; the data vintage in a real forecast).
    """
    forecasts: dict[str, np.ndarray] = {}
    skipped: dict[str, str] = {}
    details: dict[str, float] = {}
    last = z[-1]
    forecasts["naive"] = np.full(len(horizons), last)
    _, _, k, dz = _spans(years, z, covid)
    if len(k) >= MIN_DRIFT_SPANS:
        drift = float(dz.sum() / k.sum())
        forecasts["rw_drift"] = last + horizons * drift
        details["rw_drift_per_year"] = drift
    else:
        skipped["rw_drift"] = (
            f"fewer than {MIN_DRIFT_SPANS} year-to-year changes outside the "
            f"COVID years ({len(k)} available)"
        )
    n_points = int(sum(y not in covid for y in years))
    if not use_llt:
        skipped["llt"] = "not requested"
    elif n_points < MIN_LLT_POINTS:
        skipped["llt"] = f"fewer than {MIN_LLT_POINTS} non-COVID points ({n_points} available)"
    else:
        try:
            path = _llt_forecast(years, z, int(horizons.max()), covid)
            forecasts["llt"] = path[horizons - 1]
        except (np.linalg.LinAlgError, ValueError, FloatingPointError) as error:
            skipped["llt"] = f"the state-space fit failed ({type(error).__name__})"
    if hyper is None:
        skipped["pooled"] = "no panel of regencies or province series given"
    else:
        _, k_rel, u_rel = _relative_spans(years, z, province, covid)
        relative, weight = _relative_drift(hyper, k_rel, u_rel)
        origin = int(years[-1])
        until = origin if known_until is None else max(int(known_until), origin)
        path, observed_until = _province_path(province, origin, until, horizons, hyper.mu)
        forecasts["pooled"] = last + path + horizons * relative
        details.update(
            pooled_relative_per_year=relative,
            pooled_own_weight=weight,
            province_per_year=hyper.mu,
            province_observed_until=observed_until,
        )
    members = [m for m in COMBINED_MODELS if m in forecasts]
    if not members:
        members = ["naive"]
    forecasts["combination"] = np.mean([forecasts[m] for m in members], axis=0)
    details["members"] = members
    return forecasts, skipped, details


# --------------------------------------------------------------------------------------------
# Rolling-origin backtest
# --------------------------------------------------------------------------------------------


def _province_dict(province: pd.Series | None) -> dict[int, float] | None:
    if province is None:
        return None
    clean = _check_series(province, "province series")
    if clean.empty:
        return None
    return dict(zip(clean.index.astype(int), to_logit(clean.to_numpy()), strict=True))


def backtest_panel(
    panel: pd.DataFrame,
    province: pd.Series | None = None,
    horizon: int = 1,
    covid_years=COVID_YEARS,
    fallback_spans: pd.DataFrame | None = None,
    use_llt: bool = True,
) -> pd.DataFrame:
    """Rolling-origin backtest of every model over the regencies of one province.

    For each regency and each observed origin year that is not a COVID year, every model is fitted
    on the data up to the origin (the pooled model's province drift and shrinkage also use only
    data up to the origin) and forecasts each later observed year within ``horizon`` years whose
    path does not cross a COVID year.

    Parameters
    ----------
    panel : pandas.DataFrame
        P0 in percent, index = year, one column per regency (missing years as NaN).
    province : pandas.Series, optional
        The province's P0 by year; without it the pooled model shrinks towards the regencies' mean
        drift instead of the province's movement.
    horizon : int
        Largest forecast horizon in years.
    covid_years : sequence of int
        Years treated as a break (no drift estimate uses a change touching them).
    fallback_spans : pandas.DataFrame, optional
        Relative changes of regencies of other provinces, used for the shrinkage variances when
        this province has fewer than three regencies with changes.
    use_llt : bool
        Fit the local linear trend where the history is long enough.

    Returns
    -------
    pandas.DataFrame
        One row per forecast: kode, origin, target_year, h, model, forecast and actual (logit),
        error (actual - forecast, logit), abs_error_pp (percentage points), n_points.
    """
    covid = frozenset(int(y) for y in covid_years)
    pooled = _Pooled(panel, _province_dict(province), covid, fallback_spans)
    records = []
    for kode in panel.columns:
        series = _check_series(panel[kode], f"panel column {kode}")
        years = series.index.to_numpy(int)
        z = to_logit(series.to_numpy())
        for j in range(len(years) - 1):
            origin = int(years[j])
            if origin in covid:
                continue
            later = years[j + 1 :]
            ok = [
                (t - origin <= horizon) and not any(origin < c <= t for c in covid) for t in later
            ]
            targets = later[np.array(ok, dtype=bool)]
            if len(targets) == 0:
                continue
            prov, hyper = pooled.at(origin)
            hs = (targets - origin).astype(int)
            forecasts, _, _ = _point_forecasts(
                years[: j + 1], z[: j + 1], hs, prov, hyper, covid, use_llt, known_until=origin
            )
            actual = z[np.searchsorted(years, targets)]
            for model, values in forecasts.items():
                for t, h, f, a in zip(targets, hs, values, actual, strict=True):
                    records.append(
                        (str(kode), origin, int(t), int(h), model, float(f), float(a), j + 1)
                    )
    frame = pd.DataFrame(
        records,
        columns=["kode", "origin", "target_year", "h", "model", "forecast", "actual", "n_points"],
    )
    frame["error"] = frame["actual"] - frame["forecast"]
    frame["abs_error_pp"] = np.abs(from_logit(frame["actual"]) - from_logit(frame["forecast"]))
    return frame


# --------------------------------------------------------------------------------------------
# Calibrated predictive distribution
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ErrorDistribution:
    """Predictive distribution of the logit forecast error at one horizon.

    A symmetrised, variance-preserving Gaussian-kernel smooth of the backtest errors after
    standardising each by its horizon's scale, rescaled by ``scale`` to horizon ``h`` (see
    `error_distributions`). Symmetric about zero, so the forecast itself is the median.
    ``curve`` holds (a, b) of the fitted mean squared error a h + b h^2.
    """

    h: int
    points: np.ndarray
    bandwidth: float
    scale: float
    n_errors: int
    curve: tuple[float, float]

    def cdf(self, x: Any) -> np.ndarray:
        """P(error <= x) for logit-scale x."""
        x = np.atleast_1d(np.asarray(x, dtype=float))
        return ndtr((x[:, None] - self.points[None, :]) / self.bandwidth).mean(axis=1)

    def quantile(self, p: Any) -> np.ndarray:
        """Inverse of `cdf`, interpolated on a fine grid (the CDF is smooth and increasing)."""
        p = np.atleast_1d(np.asarray(p, dtype=float))
        grid = np.linspace(
            self.points.min() - 8 * self.bandwidth, self.points.max() + 8 * self.bandwidth, 401
        )
        return np.interp(p, self.cdf(grid), grid)


MIN_ERRORS_FOR_CURVE = 5  # a horizon enters the scale curve only with this many errors
MAX_KERNEL_POINTS = 200


def _scale_curve(errors_by_h: dict[int, np.ndarray]) -> tuple[float, float]:
    """Fit mean squared error = a h + b h^2 (a, b >= 0), weighting each horizon by its count."""
    from scipy.optimize import nnls

    hs = sorted(k for k, v in errors_by_h.items() if len(v) >= MIN_ERRORS_FOR_CURVE)
    if not hs:
        hs = sorted(k for k, v in errors_by_h.items() if len(v))
    msq = np.array([np.mean(np.square(errors_by_h[k])) for k in hs])
    n = np.array([len(errors_by_h[k]) for k in hs], dtype=float)
    h = np.array(hs, dtype=float)
    if len(hs) == 1:
        return float(msq[0] / h[0]), 0.0
    weight = np.sqrt(n)
    (a, b), _ = nnls(np.column_stack([h, h**2]) * weight[:, None], msq * weight)
    return float(a), float(b)


def error_distributions(
    errors_by_h: dict[int, np.ndarray], hs, min_errors: int = MIN_CALIBRATION_ERRORS
) -> dict[int, ErrorDistribution] | None:
    """Build the calibrated error distributions for the horizons ``hs`` from backtest errors.

    Scale per horizon: the root mean squared error at that horizon when it has at least
    ``min_errors`` errors, otherwise the weighted fit a h + b h^2 (a, b >= 0) of the mean squared
    errors against horizon; scales never decrease with the horizon. Shape: all errors
    standardised by their horizon's scale, symmetrised and kernel-smoothed with the variance kept.
    Returns None when there are fewer than ``min_errors`` errors in all.
    """
    errors_by_h = {int(k): np.asarray(v, dtype=float) for k, v in errors_by_h.items() if len(v)}
    n = sum(len(v) for v in errors_by_h.values())
    if n < min_errors:
        return None
    a, b = _scale_curve(errors_by_h)
    scales: dict[int, float] = {}
    floor = 0.0
    for k in range(1, max([*errors_by_h, *(int(h) for h in hs)]) + 1):
        errors = errors_by_h.get(k, np.zeros(0))
        fitted = math.sqrt(a * k + b * k * k)
        own = float(np.sqrt(np.mean(errors**2))) if len(errors) >= min_errors else fitted
        floor = max(floor, own)
        scales[k] = floor
    if any(scales[k] <= 0 for k in scales):
        return None
    z = np.concatenate([v / scales[k] for k, v in errors_by_h.items()])
    sym = np.concatenate([z, -z])
    s = float(np.sqrt(np.mean(sym**2)))
    iqr = float(np.subtract(*np.percentile(sym, [75, 25])))
    spread = min(s, iqr / 1.349) if iqr > 0 else s
    bandwidth = max(0.9 * spread * n ** (-0.2), 1e-6)
    if s > bandwidth:
        # Shrink the points so that points plus kernel keep the errors' variance.
        sym = sym * math.sqrt(1.0 - bandwidth**2 / s**2)
    if len(sym) > MAX_KERNEL_POINTS:
        # Evenly spaced quantiles represent a large sample at a fraction of the cost.
        sym = np.quantile(sym, (np.arange(MAX_KERNEL_POINTS) + 0.5) / MAX_KERNEL_POINTS)
    return {
        int(h): ErrorDistribution(
            h=int(h),
            points=sym * scales[int(h)],
            bandwidth=bandwidth * scales[int(h)],
            scale=scales[int(h)],
            n_errors=len(errors_by_h.get(int(h), [])),
            curve=(a, b),
        )
        for h in hs
    }


def error_distribution(
    errors_by_h: dict[int, np.ndarray], h: int, min_errors: int = MIN_CALIBRATION_ERRORS
) -> ErrorDistribution | None:
    """The calibrated error distribution of one horizon (see `error_distributions`)."""
    dists = error_distributions(errors_by_h, [int(h)], min_errors)
    return None if dists is None else dists[int(h)]


def recent_origins(frame: pd.DataFrame, min_errors: int = MIN_CALIBRATION_ERRORS) -> pd.DataFrame:
    """Keep the backtest forecasts from the later half of the origins (by forecast count).

    Early origins have the shortest histories, so their drift estimates, and hence their errors at
    longer horizons, are worse than those of the final forecast, which has the longest history;
    calibrating on them makes intervals too wide (about +3 points of coverage at 80 % in the
    simulation tests). All forecasts are kept when the later half has fewer than ``min_errors``.
    """
    if frame.empty:
        return frame
    cutoff = np.sort(frame["origin"].to_numpy())[(len(frame) - 1) // 2]
    later = frame[frame["origin"] >= cutoff]
    return later if len(later) >= min_errors else frame


def calibration_errors(frame: pd.DataFrame) -> dict[int, np.ndarray]:
    """Backtest errors by horizon used for calibration: the later half of origins per horizon."""
    return {int(h): recent_origins(g)["error"].to_numpy() for h, g in frame.groupby("h")}


def _half_widths(frame: pd.DataFrame, hs) -> dict[int, tuple[float, float]]:
    dists = error_distributions(calibration_errors(frame), [int(h) for h in hs])
    out = {}
    for h in hs:
        if dists is None:
            out[int(h)] = (math.nan, math.nan)
        else:
            q = dists[int(h)].quantile([0.5 + LEVELS[0] / 2, 0.5 + LEVELS[1] / 2])
            out[int(h)] = (float(q[0]), float(q[1]))
    return out


def backtest_coverage(backtest: pd.DataFrame) -> pd.DataFrame:
    """Add honest interval half-widths and coverage flags to every backtest forecast.

    ``loro`` intervals are calibrated on the other regencies' errors of the same model;
    ``rt`` (real-time) intervals only on errors whose target year is not after the forecast's
    origin (NaN when fewer than `MIN_CALIBRATION_ERRORS` such errors exist).
    """
    out = backtest.copy()
    widths = {c: np.full(len(out), np.nan) for c in ["loro80", "loro95", "rt80", "rt95"]}
    position = pd.Series(np.arange(len(out)), index=out.index)
    for _, group in out.groupby("model"):
        for kode, rows in group.groupby("kode"):
            hw = _half_widths(group[group["kode"] != kode], rows["h"].unique())
            idx = position[rows.index].to_numpy()
            widths["loro80"][idx] = [hw[int(h)][0] for h in rows["h"]]
            widths["loro95"][idx] = [hw[int(h)][1] for h in rows["h"]]
        for origin, rows in group.groupby("origin"):
            hw = _half_widths(group[group["target_year"] <= origin], rows["h"].unique())
            idx = position[rows.index].to_numpy()
            widths["rt80"][idx] = [hw[int(h)][0] for h in rows["h"]]
            widths["rt95"][idx] = [hw[int(h)][1] for h in rows["h"]]
    size = out["error"].abs().to_numpy()
    for column, values in widths.items():
        out[column] = values
        out[f"in_{column}"] = np.where(np.isnan(values), np.nan, (size <= values).astype(float))
    return out


def summarize_backtest(covered: pd.DataFrame, by_horizon: bool = False) -> pd.DataFrame:
    """Per model: MAE (pp), naive MAE on the same forecasts, bias, coverage and counts."""
    naive = covered[covered["model"] == "naive"].set_index(["kode", "origin", "target_year"])
    keys = ["model", "h"] if by_horizon else ["model"]
    rows = []
    order = {m: i for i, m in enumerate([*MODELS, "combination"])}
    for key, group in covered.groupby(keys):
        key = key if isinstance(key, tuple) else (key,)
        index = pd.MultiIndex.from_frame(group[["kode", "origin", "target_year"]])
        naive_mae = float(naive.loc[index, "abs_error_pp"].mean()) if len(naive) else math.nan
        mae = float(group["abs_error_pp"].mean())
        signed = from_logit(group["actual"]) - from_logit(group["forecast"])
        row = dict(zip(keys, key, strict=True))
        row.update(
            mae_pp=mae,
            mae_naive_pp=naive_mae,
            relative_mae=mae / naive_mae if naive_mae > 0 else math.nan,
            bias_pp=float(np.mean(signed)),
            coverage80=float(group["in_loro80"].mean()),
            coverage95=float(group["in_loro95"].mean()),
            coverage80_realtime=float(group["in_rt80"].mean()),
            coverage95_realtime=float(group["in_rt95"].mean()),
            n_realtime=int(group["in_rt80"].notna().sum()),
            n_forecasts=len(group),
            n_regencies=int(group["kode"].nunique()),
            target_years=sorted(int(y) for y in group["target_year"].unique()),
        )
        rows.append(row)
    table = pd.DataFrame(rows)
    if table.empty:
        return table
    table["_order"] = table["model"].map(order)
    return table.sort_values(["_order", *keys[1:]]).drop(columns="_order").reset_index(drop=True)


# --------------------------------------------------------------------------------------------
# Result
# --------------------------------------------------------------------------------------------


def _round(value: Any, digits: int) -> Any:
    if value is None:
        return None
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return None if not math.isfinite(float(value)) else round(float(value), digits)
    return value


def _clean(obj: Any, digits: int = 3) -> Any:
    """Make a nested structure JSON-serialisable: plain types, rounded floats, NaN as None."""
    if isinstance(obj, dict):
        return {str(k): _clean(v, digits) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_clean(v, digits) for v in obj]
    if isinstance(obj, np.ndarray):
        return [_clean(v, digits) for v in obj.tolist()]
    return _round(obj, digits)


def _records(frame: pd.DataFrame | None, digits: dict[str, int], default: int = 3) -> list:
    if frame is None or frame.empty:
        return []
    out = []
    for row in frame.to_dict(orient="records"):
        out.append({k: (_clean(v, digits.get(k, default))) for k, v in row.items()})
    return out


@dataclass
class ForecastResult:
    """Forecast of one regency's P0 with calibrated intervals and decision outputs.

    Percent values are P0 in percent; ``horizons`` has one row per year from the year after the
    latest data to the target year.
    """

    kode_bps: str
    wilayah: str
    target_year: int
    latest_year: int
    latest_value: float
    history: pd.DataFrame
    horizons: pd.DataFrame
    model_forecasts: pd.DataFrame
    models_used: list[str]
    models_skipped: dict[str, str]
    weights: dict[str, float]
    target: tuple[float, float] | None
    prob_meet_target: dict[str, Any] | None
    prob_reason: str | None
    pace: dict[str, Any]
    realistic_range: dict[str, Any]
    backtest: pd.DataFrame
    backtest_by_horizon: pd.DataFrame
    calibration: dict[str, Any]
    notes: list[str]
    seed: int = 0
    covid_years: tuple[int, ...] = COVID_YEARS
    timings: dict[str, float] = field(default_factory=dict)
    distributions: dict[int, ErrorDistribution] = field(default_factory=dict, repr=False)

    def quantile(self, year: int, p: Any) -> np.ndarray:
        """P0 (percent) quantiles of the predictive distribution in a forecast year."""
        row = self.horizons.set_index("year").loc[int(year)]
        dist = self.distributions[int(row["h"])]
        return from_logit(to_logit(row["median"]) + dist.quantile(p))

    def prob_at_or_below(self, value: float, year: int | None = None) -> float:
        """P(P0 in the year <= value), from the calibrated predictive distribution."""
        year = self.target_year if year is None else int(year)
        row = self.horizons.set_index("year").loc[year]
        dist = self.distributions[int(row["h"])]
        if not 0 < value < 100:
            return 0.0 if value <= 0 else 1.0
        return float(dist.cdf(to_logit(value) - to_logit(row["median"]))[0])

    def to_dict(self, include_timings: bool = False) -> dict[str, Any]:
        """Return a JSON-serialisable dict (P0 to 2 decimals, probabilities to 3, years as int)."""
        pp = {
            "median": 2,
            "lo80": 2,
            "hi80": 2,
            "lo95": 2,
            "hi95": 2,
            "p25": 2,
            "p0": 2,
            "forecast": 2,
        }
        bt = {"mae_pp": 3, "mae_naive_pp": 3, "relative_mae": 3, "bias_pp": 3}
        out = {
            "kode_bps": self.kode_bps,
            "wilayah": self.wilayah,
            "indikator": "p0_persen",
            "target_year": int(self.target_year),
            "latest_year": int(self.latest_year),
            "latest_value": _round(self.latest_value, 2),
            "covid_years": [int(y) for y in self.covid_years],
            "history": _records(self.history, pp),
            "years_used": [int(y) for y in self.history["year"]],
            "trend_years": [
                int(y) for y in self.history.loc[self.history["role"] == "trend", "year"]
            ],
            "models_used": list(self.models_used),
            "models_skipped": dict(self.models_skipped),
            "weights": _clean(self.weights, 3),
            "horizons": _records(self.horizons, pp),
            "model_forecasts": _records(self.model_forecasts, pp),
            "target": None
            if self.target is None
            else {"low": _round(self.target[0], 2), "high": _round(self.target[1], 2)},
            "prob_meet_target": _clean(self.prob_meet_target, 3),
            "prob_reason": self.prob_reason,
            "pace": _clean(self.pace, 3),
            "realistic_range": _clean(self.realistic_range, 2),
            "backtest": _records(self.backtest, bt),
            "backtest_by_horizon": _records(self.backtest_by_horizon, bt),
            "calibration": _clean(self.calibration, 6),
            "notes": list(self.notes),
            "seed": int(self.seed),
        }
        if include_timings:
            out["timings"] = _clean(self.timings, 3)
        return out


# --------------------------------------------------------------------------------------------
# Forecast of one series
# --------------------------------------------------------------------------------------------


def _parse_target(target) -> tuple[float, float] | None:
    if target is None:
        return None
    if isinstance(target, (int, float, np.floating, np.integer)):
        low = high = float(target)
    else:
        try:
            low, high = (float(v) for v in target)
        except (TypeError, ValueError):
            raise InputError(
                f"target: expected None, a number or (low, high) in percent, got {target!r}."
            ) from None
    if not (0 <= low <= high and 0 < high < 100):
        raise InputError(
            f"target: ({low:g}, {high:g}) must satisfy 0 <= low <= high < 100 and "
            "high > 0 (P0 in percent)."
        )
    return low, high


def _history_table(series: pd.Series, covid) -> pd.DataFrame:
    years = series.index.to_numpy(int)
    a, b, _, _ = _spans(years, to_logit(series.to_numpy()), covid)
    in_trend = set(a.tolist()) | set(b.tolist())
    roles = ["covid" if y in covid else ("trend" if y in in_trend else "level_only") for y in years]
    return pd.DataFrame({"year": years, "p0": series.to_numpy(), "role": roles})


def _pace(series: pd.Series, target, target_year: int, covid) -> dict[str, Any]:
    years = series.index.to_numpy(int)
    values = series.to_numpy()
    a, b, k, dp = _spans(years, values, covid)  # changes in percentage points
    latest_year, latest = int(years[-1]), float(values[-1])
    pace: dict[str, Any] = {
        "definition": (
            "decline in percentage points per year (positive = P0 falls); historical "
            "pace = average over the year-to-year changes outside the COVID years"
        ),
        "latest_year": latest_year,
        "latest_value": latest,
        "target_year": int(target_year),
    }
    if len(k):
        pace["historical_decline_pp_per_year"] = float(-dp.sum() / k.sum())
        pace["historical_period"] = (
            f"{int(a.min())}-{int(b.max())}, excluding changes that "
            f"touch {', '.join(str(c) for c in sorted(covid))}"
            if covid
            else f"{int(a.min())}-{int(b.max())}"
        )
        pace["historical_start"] = int(a.min())
        pace["historical_end"] = int(b.max())
        pace["historical_n_changes"] = len(k)
    else:
        pace["historical_decline_pp_per_year"] = None
        pace["historical_period"] = None
        pace["historical_n_changes"] = 0
        pace["historical_reason"] = "no year-to-year change outside the COVID years"
    if len(years) >= 2:
        pace["endpoint_decline_pp_per_year"] = float((values[0] - latest) / (years[-1] - years[0]))
        pace["endpoint_period"] = f"{int(years[0])}-{latest_year} (including COVID years)"
    if target is None:
        pace["needed_decline_pp_per_year"] = None
        pace["needed_reason"] = "no target given"
        return pace
    span = target_year - latest_year
    pace["needed_decline_pp_per_year"] = {
        "to_high": (latest - target[1]) / span,
        "to_low": (latest - target[0]) / span,
    }
    hist = pace["historical_decline_pp_per_year"]
    if hist is not None and hist > 0:
        pace["needed_over_historical"] = {
            "to_high": (latest - target[1]) / span / hist,
            "to_low": (latest - target[0]) / span / hist,
        }
    else:
        pace["needed_over_historical"] = None
    return pace


def forecast_series(
    series: pd.Series,
    *,
    kode: str | None = None,
    panel: pd.DataFrame | None = None,
    province: pd.Series | None = None,
    target_year: int = 2026,
    target: float | tuple[float, float] | None = None,
    backtest: pd.DataFrame | None = None,
    fallback_backtest: pd.DataFrame | None = None,
    fallback_spans: pd.DataFrame | None = None,
    covid_years=COVID_YEARS,
    wilayah: str = "",
    seed: int = 0,
    use_llt: bool = True,
    summarize: bool = True,
    summary_cache: dict | None = None,
) -> ForecastResult:
    """Forecast one regency's P0 to the target year from plain pandas inputs.

    Parameters
    ----------
    series : pandas.Series
        The regency's P0 in percent indexed by year; gaps are allowed.
    kode : str, optional
        The regency's column in ``panel`` (default ``series.name``); its column is replaced by
        ``series``.
    panel : pandas.DataFrame, optional
        P0 of the province's regencies (index year, one column per regency) for the pooled model
        and the backtest.
    province : pandas.Series, optional
        The province's P0 by year (the pooled model's province movement).
    target_year : int
        Last forecast year; forecasts are made for every year after the latest data up to it.
    target : float or (low, high), optional
        A stated target in percent, a point or a range.
    backtest : pandas.DataFrame, optional
        A `backtest_panel` result for this panel (computed when omitted).
    fallback_backtest : pandas.DataFrame, optional
        Backtest of other provinces, pooled in when the province has fewer than
        `MIN_PROVINCE_ERRORS` combination errors.
    fallback_spans : pandas.DataFrame, optional
        Relative changes of other provinces' regencies for the pooled model's shrinkage.
    covid_years : sequence of int
        Years treated as a break.
    wilayah : str
        Display name carried into the result.
    seed : int
        Recorded in the result; the method itself has no random step.
    use_llt : bool
        Allow the local linear trend.
    summarize : bool
        Compute the backtest summary tables (coverage needs one calibration per regency and
        origin; a simulation that only needs the forecasts can switch it off).
    summary_cache : dict, optional
        Where to keep the backtest summary tables between calls that share the same backtests
        (a batch of regencies of one province); the caller owns it.

    Returns
    -------
    ForecastResult

    Raises
    ------
    InputError
        For values outside (0, 100), duplicated years, an empty series, a target year not after
        the latest data, a malformed target, or when no backtest errors exist to calibrate the
        intervals.
    """
    started = time.perf_counter()
    covid = frozenset(int(y) for y in covid_years)
    name = kode if kode is not None else (str(series.name) if series.name is not None else "x")
    clean = _check_series(series, f"P0 series {name}")
    if clean.empty:
        raise InputError(f"P0 series {name}: no values; at least one year of P0 is needed.")
    latest_year = int(clean.index[-1])
    target_year = int(target_year)
    if target_year <= latest_year:
        raise InputError(
            f"target_year {target_year}: must be after the latest data year "
            f"{latest_year} of {name}."
        )
    bounds = _parse_target(target)
    horizon = target_year - latest_year
    notes: list[str] = []

    prov = _province_dict(province)
    if panel is not None:
        panel = panel.copy()
        panel.columns = [str(c) for c in panel.columns]
        panel[name] = clean.reindex(panel.index.union(clean.index))
        panel = panel.reindex(panel.index.union(clean.index))
        panel.index = panel.index.astype(int)
        panel = panel.sort_index()
    t0 = time.perf_counter()
    if backtest is None and panel is not None:
        backtest = backtest_panel(panel, province, horizon, covid, fallback_spans, use_llt)
    t_backtest = time.perf_counter() - t0

    # Pooled model at the final origin.
    # Everything in the inputs is known now: the pooled model uses the province's and the other
    # regencies' data up to the data vintage, even when this regency's series ends earlier.
    vintage = max(
        [
            latest_year,
            *(panel.index[panel.notna().any(axis=1)].tolist() if panel is not None else []),
            *(prov or {}),
        ]
    )
    vintage = min(vintage, target_year - 1)
    if panel is not None:
        prov, hyper = _Pooled(panel, prov, covid, fallback_spans).at(vintage)
    else:
        prov, hyper = None, None
    years = clean.index.to_numpy(int)
    z = to_logit(clean.to_numpy())
    hs = np.arange(1, horizon + 1)
    t0 = time.perf_counter()
    forecasts, skipped, details = _point_forecasts(
        years, z, hs, prov, hyper, covid, use_llt, known_until=vintage
    )
    t_models = time.perf_counter() - t0
    members = details["members"]
    weights = {m: 1.0 / len(members) for m in members}

    # Calibration pool: the province's backtest, else every province.
    scope = "province"
    pool = backtest if backtest is not None else pd.DataFrame(columns=["model", "h", "error"])
    comb = pool[(pool["model"] == "combination") & (pool["h"] <= horizon)]
    if len(comb) < MIN_PROVINCE_ERRORS and fallback_backtest is not None:
        pool = pd.concat([pool, fallback_backtest], ignore_index=True)
        scope = "all provinces"
        notes.append(
            f"The province has only {len(comb)} backtest forecasts up to {horizon} "
            f"year(s) ahead (fewer than {MIN_PROVINCE_ERRORS}); intervals are calibrated "
            "on the backtest of every province in the table."
        )
    comb_pool = pool[pool["model"] == "combination"]
    errors = calibration_errors(comb_pool)
    calib_pool = (
        pd.concat([recent_origins(g) for _, g in comb_pool.groupby("h")])
        if len(comb_pool)
        else comb_pool
    )
    dists = error_distributions(errors, [int(h) for h in hs])
    if dists is None:
        raise InputError(
            f"P0 series {name}: only {len(comb_pool)} backtest forecasts to calibrate the "
            f"intervals (at least {MIN_CALIBRATION_ERRORS} needed); pass a panel of the "
            "province's regencies with several years each."
        )
    thin = [int(h) for h in hs if len(errors.get(int(h), [])) < MIN_CALIBRATION_ERRORS]
    if thin:
        notes.append(
            f"Horizon(s) {', '.join(map(str, thin))}: fewer than {MIN_CALIBRATION_ERRORS} backtest "
            "errors; the interval scale comes from the curve a h + b h^2 fitted to all horizons "
            "(and is never below a shorter horizon's)."
        )

    rows = []
    for h in hs:
        f = float(forecasts["combination"][h - 1])
        q = dists[int(h)].quantile([0.025, 0.1, 0.25, 0.9, 0.975])
        p = from_logit(f + q)
        rows.append(
            {
                "year": latest_year + int(h),
                "h": int(h),
                "median": float(from_logit(f)),
                "lo80": p[1],
                "hi80": p[3],
                "lo95": p[0],
                "hi95": p[4],
                "p25": p[2],
            }
        )
    table = pd.DataFrame(rows)
    model_rows = [
        {"year": latest_year + int(h), "model": m, "forecast": float(from_logit(v))}
        for m, values in forecasts.items()
        for h, v in zip(hs, values, strict=True)
    ]
    model_table = pd.DataFrame(model_rows)

    final = table.iloc[-1]
    target_dist = dists[horizon]
    f_target = to_logit(final["median"])
    realistic = {
        "year": target_year,
        "low": float(final["p25"]),
        "high": float(final["median"]),
        "definition": (
            "25th to 50th percentile of the predictive distribution in the target "
            "year: a target in this range has a 50-75 % chance of being met"
        ),
    }
    if bounds is None:
        prob, reason = None, "no target given"
    else:
        low, high = bounds

        def cdf(v: float) -> float:
            if v <= 0:
                return 0.0
            return float(target_dist.cdf(to_logit(v) - f_target)[0])

        prob = {
            "year": target_year,
            "p_at_or_below_high": cdf(high),
            "p_in_range": cdf(high) - cdf(low) if high > low else 0.0,
            "p_below_low": cdf(low),
            "definition": (
                "meeting the target = P0 in the target year at or below its upper "
                "bound (reaching the range at least); p_in_range = P(low <= P0 <= "
                "high), p_below_low = P(P0 < low). P0 treated as continuous "
                "(BPS rounding to 0.01 ignored)."
            ),
        }
        reason = None

    # Backtest summaries over the calibration pool, at the horizons of this forecast.
    t0 = time.perf_counter()
    relevant = pool[pool["h"] <= horizon] if len(pool) else pool
    key = (scope, horizon)
    if summary_cache is not None and key in summary_cache:
        summary, by_h = summary_cache[key]
    else:
        covered = backtest_coverage(relevant) if summarize and not relevant.empty else None
        summary = summarize_backtest(covered) if covered is not None else pd.DataFrame()
        by_h = (
            summarize_backtest(covered, by_horizon=True) if covered is not None else pd.DataFrame()
        )
        if summary_cache is not None and covered is not None:
            summary_cache[key] = (summary, by_h)
    t_cov = time.perf_counter() - t0
    comb_used = calib_pool
    calibration = {
        "method": (
            "predictive distribution on the logit scale = combination forecast + "
            "error; error = symmetrised, variance-preserving Gaussian-kernel smooth of the "
            "combination's rolling-origin backtest errors (later half of the origins at each "
            "horizon), each standardised by its horizon's scale: the root mean squared error "
            "at that horizon if it has enough errors, else sqrt(a h + b h^2) fitted to the "
            "mean squared errors; scales never decrease with the horizon"
        ),
        "pooled_over": scope,
        "n_regencies": int(comb_used["kode"].nunique()) if len(comb_used) else 0,
        "n_errors_by_h": {int(k): len(v) for k, v in sorted(errors.items())},
        "scale_curve": {"a": dists[1].curve[0], "b": dists[1].curve[1]},
        "logit_scale_by_h": {int(h): d.scale for h, d in dists.items()},
        "origins": sorted(int(y) for y in comb_used["origin"].unique()) if len(comb_used) else [],
        "target_years": (
            sorted(int(y) for y in comb_used["target_year"].unique()) if len(comb_used) else []
        ),
        "backtest_origins": sorted(int(y) for y in relevant["origin"].unique())
        if len(relevant)
        else [],
        "backtest_target_years": sorted(int(y) for y in relevant["target_year"].unique())
        if len(relevant)
        else [],
        "coverage_reported": (
            "coverage80/95 = leave-one-regency-out: each regency's backtest "
            "intervals are calibrated without its own errors; "
            "coverage*_realtime = calibrated only on errors whose target year "
            "is not after the origin (what was knowable then); both over the "
            "calibration pool"
        ),
        "caveat": (
            "errors of regencies in the same target year share the province's shock, so "
            "the effective sample is closer to the number of target years than to the "
            "number of forecasts"
        ),
    }
    history = _history_table(clean, covid)
    notes.insert(
        0,
        f"Years used: {', '.join(str(y) for y in years)}; COVID years "
        f"{', '.join(str(c) for c in sorted(covid))} are shown but no drift uses a "
        "change touching them."
        if covid
        else f"Years used: {', '.join(str(y) for y in years)}.",
    )
    for model, why in skipped.items():
        notes.append(f"{model} skipped: {why}.")
    notes.append(f"Combination: equal weights on the logit scale over {', '.join(members)}.")
    if "pooled" in forecasts and hyper is not None:
        shrink = details.get("pooled_own_weight", 0.0)
        level = clean.iloc[-1] / 100
        per_pp = 100 * level * (1 - level)  # pp per logit unit at the latest level
        notes.append(
            f"Pooled model: province drift {details['province_per_year']:+.4f} logit/yr "
            f"(about {details['province_per_year'] * per_pp:+.2f} pp/yr at the latest level) "
            f"plus relative drift {details['pooled_relative_per_year']:+.4f} (weight "
            f"{shrink:.2f} on the regency's own relative drift; shrinkage variances from "
            f"{hyper.source}, {hyper.n_regencies} regencies with changes)."
        )
        observed_until = details["province_observed_until"]
        if observed_until > latest_year:
            notes.append(
                f"Pooled model: the province's published P0 for {latest_year + 1}-"
                f"{observed_until} is used (this regency's data end in {latest_year}); "
                "the intervals are calibrated as for ordinary forecasts of the same "
                "horizon, which is conservative for those years."
            )
        if prov is None:
            notes.append(
                f"No province series with at least {MIN_PROVINCE_SPANS} non-COVID "
                "changes: the pooled model shrinks the regency's own drift towards the "
                "regencies' average drift."
            )
    if years[-1] in covid:
        notes.append(f"The latest year {latest_year} is a COVID year: forecasts start from it.")
    llt_backtested = backtest is not None and bool((backtest["model"] == "llt").any())
    if "llt" in forecasts and not llt_backtested:
        notes.append(
            "llt has no backtest forecasts in the calibration pool (too few points at every "
            "origin); the intervals are calibrated on backtest combinations without it."
        )
    notes.append(
        "Intervals are equally wide on the logit scale for every regency in the pool; a "
        "regency whose survey estimate is noisier than average may deserve wider ones."
    )
    return ForecastResult(
        kode_bps=name,
        wilayah=wilayah,
        target_year=target_year,
        latest_year=latest_year,
        latest_value=float(clean.iloc[-1]),
        history=history,
        horizons=table,
        model_forecasts=model_table,
        models_used=[m for m in [*MODELS, "combination"] if m in forecasts],
        models_skipped=skipped,
        weights=weights,
        target=bounds,
        prob_meet_target=prob,
        prob_reason=reason,
        pace=_pace(clean, bounds, target_year, covid),
        realistic_range=realistic,
        backtest=summary,
        backtest_by_horizon=by_h,
        calibration=calibration,
        notes=notes,
        seed=int(seed),
        covid_years=tuple(sorted(covid)),
        timings={
            "backtest_s": t_backtest,
            "models_s": t_models,
            "coverage_s": t_cov,
            "total_s": time.perf_counter() - started,
        },
        distributions=dists,
    )


# --------------------------------------------------------------------------------------------
# Real data
# --------------------------------------------------------------------------------------------


def _province_inputs(bps: pd.DataFrame, province: str):
    from analysis import data

    codes = data.regencies_of_province(bps, province)
    panel = pd.DataFrame({c: data.indicator_series(bps, c) for c in codes})
    prov_series = data.indicator_series(bps, province)
    return panel, (prov_series if not prov_series.empty else None)


def _fingerprint(bps: pd.DataFrame) -> int:
    rows = bps[(bps["indikator"] == "p0_persen") & (bps["periode"] == "maret")]
    return int(pd.util.hash_pandas_object(rows[["kode_bps", "tahun", "nilai"]], index=False).sum())


_CACHE: dict[tuple, Any] = {}


def cache_entries() -> dict[tuple, Any]:
    """The in-process cache (province inputs, backtests, summaries), to hand to other processes."""
    return dict(_CACHE)


def add_cache_entries(entries: dict[tuple, Any]) -> None:
    """Merge cache entries computed in another process (keys carry the data fingerprint)."""
    _CACHE.update(entries)


def _cached(key: tuple, compute):
    """Small in-process cache so a batch of regencies reuses the province backtests."""
    if key not in _CACHE:
        if len(_CACHE) > 4096:  # a national batch holds a few entries per province
            _CACHE.clear()
        _CACHE[key] = compute()
    return _CACHE[key]


def forecast_regency(
    bps: pd.DataFrame,
    kode_bps: str,
    target_year: int = 2026,
    target: float | tuple[float, float] | None = None,
    seed: int = 0,
) -> ForecastResult:
    """Forecast a regency's March P0 to ``target_year`` from the BPS table.

    The pooled model and the backtest use every regency/city of the same province; when the
    province has fewer than `MIN_PROVINCE_ERRORS` backtest forecasts (Jawa Timur, whose regencies
    mostly have only 2021 and 2023), intervals are calibrated on the backtests of every province
    in the table and the pooled model borrows its shrinkage variances from them.

    Parameters
    ----------
    bps : pandas.DataFrame
        The table from `analysis.data.load_bps`.
    kode_bps : str
        Four-digit BPS code of a regency or city, e.g. "3310".
    target_year : int
        Last forecast year (default 2026).
    target : float or (low, high), optional
        The stated target in percent (Jombang 2026: (8.04, 8.10)).
    seed : int
        Recorded in the result; the method has no random step.

    Returns
    -------
    ForecastResult
    """
    from analysis import data

    started = time.perf_counter()
    kode_bps = str(kode_bps)
    if len(kode_bps) != 4 or not kode_bps.isdigit() or kode_bps.endswith("00"):
        raise InputError(
            f"kode_bps {kode_bps!r}: expected the 4-digit BPS code of a regency or "
            "city such as 3310 (province and nation codes end in 00)."
        )
    series = data.indicator_series(bps, kode_bps)
    if series.empty:
        raise InputError(f"kode_bps {kode_bps}: no March P0 (p0_persen) in the BPS table.")
    horizon = int(target_year) - int(series.index.max())
    if horizon < 1:
        raise InputError(
            f"target_year {target_year}: must be after the latest data year "
            f"{int(series.index.max())} of {kode_bps}."
        )
    covid = tuple(COVID_YEARS)
    finger = _fingerprint(bps)
    province = data.province_code(kode_bps)
    provinces = sorted(
        {
            data.province_code(c)
            for c in bps.loc[bps["tingkat"].isin(["kabupaten", "kota"]), "kode_bps"].unique()
        }
    )

    def inputs(p):
        return _cached(("inputs", finger, p), lambda: _province_inputs(bps, p))

    def spans_all():
        def compute():
            frames = []
            for p in provinces:
                panel_p, prov_p = inputs(p)
                frames.append(_relative_table(panel_p, _province_dict(prov_p), frozenset(covid)))
            return pd.concat(frames, ignore_index=True)

        return _cached(("spans", finger), compute)

    def backtest_of(p):
        def compute():
            panel_p, prov_p = inputs(p)
            return backtest_panel(panel_p, prov_p, horizon, covid, spans_all())

        return _cached(("backtest", finger, p, horizon), compute)

    panel, prov_series = inputs(province)
    own = backtest_of(province)
    comb = own[own["model"] == "combination"]
    fallback = None
    if len(comb) < MIN_PROVINCE_ERRORS:
        fallback = pd.concat(
            [backtest_of(p) for p in provinces if p != province], ignore_index=True
        )
    t_inputs = time.perf_counter() - started
    result = forecast_series(
        series,
        kode=kode_bps,
        panel=panel,
        province=prov_series,
        target_year=target_year,
        target=target,
        backtest=own,
        fallback_backtest=fallback,
        fallback_spans=spans_all(),
        covid_years=covid,
        wilayah=data.region_name(bps, kode_bps),
        seed=seed,
        summary_cache=_cached(("summaries", finger, province, horizon), dict),
    )
    result.timings["backtest_s"] = t_inputs
    result.timings["total_s"] = time.perf_counter() - started
    return result


def target_from_table(
    targets: pd.DataFrame, kode_bps: str, year: int
) -> tuple[float, float] | None:
    """Return the stated P0 target (low, high) of a regency for a year from `load_targets`."""
    rows = targets[
        (targets["kode_bps"] == str(kode_bps))
        & (targets["tahun"] == int(year))
        & (targets["indikator"] == "p0_persen")
    ]
    if rows.empty:
        return None
    row = rows.iloc[-1]
    return float(row["nilai_bawah"]), float(row["nilai_atas"])


# --------------------------------------------------------------------------------------------
# Figure
# --------------------------------------------------------------------------------------------

DEFAULT_LABELS = {
    "xlabel": "Year",
    "ylabel": "P0 (%)",
    "history": "Observed (BPS, March)",
    "covid": "COVID year",
    "median": "Forecast (median)",
    "band80": "80% interval",
    "band95": "95% interval",
    "target": "Target",
    "title": "",
}


def plot_fan_chart(
    result: ForecastResult,
    labels: dict[str, str] | None = None,
    target: float | tuple[float, float] | None = None,
):
    """Draw history, median forecast, 80% and 95% bands and the target as a line or band.

    Parameters
    ----------
    result : ForecastResult
    labels : dict of str, optional
        Visible text; keys ``xlabel``, ``ylabel``, ``history``, ``covid``, ``median``,
        ``band80``, ``band95``, ``target``, ``title``. Missing keys fall back to English.
    target : float or (low, high), optional
        Overrides ``result.target``.

    Returns
    -------
    matplotlib.figure.Figure
    """
    from analysis.figures import BAND_COLORS, REGENCY_COLOR, new_figure

    text = {**DEFAULT_LABELS, **(labels or {})}
    bounds = _parse_target(target) if target is not None else result.target
    fig, ax = new_figure(16.5, 7.0)
    hist = result.history
    covid_mask = hist["role"] == "covid"
    ax.plot(
        hist["year"],
        hist["p0"],
        color="#222222",
        lw=1.4,
        marker="o",
        ms=4,
        label=text["history"],
        zorder=4,
    )
    if covid_mask.any():
        ax.plot(
            hist.loc[covid_mask, "year"],
            hist.loc[covid_mask, "p0"],
            ls="none",
            marker="o",
            ms=6,
            mfc="white",
            mec="#222222",
            label=text["covid"],
            zorder=5,
        )
    hz = result.horizons
    xs = np.concatenate([[result.latest_year], hz["year"].to_numpy()])
    last = result.latest_value

    def edge(column):
        return np.concatenate([[last], hz[column].to_numpy()])

    ax.fill_between(
        xs,
        edge("lo95"),
        edge("hi95"),
        color=BAND_COLORS[0],
        alpha=0.55,
        lw=0,
        label=text["band95"],
        zorder=1,
    )
    ax.fill_between(
        xs,
        edge("lo80"),
        edge("hi80"),
        color=BAND_COLORS[1],
        alpha=0.65,
        lw=0,
        label=text["band80"],
        zorder=2,
    )
    ax.plot(
        xs,
        edge("median"),
        color=REGENCY_COLOR,
        lw=1.6,
        ls="--",
        marker="s",
        ms=3.5,
        label=text["median"],
        zorder=3,
    )
    if bounds is not None:
        low, high = bounds
        x0, x1 = result.target_year - 0.4, result.target_year + 0.4
        if high > low:
            ax.fill_between(
                [x0, x1],
                [low, low],
                [high, high],
                facecolor="none",
                edgecolor="#222222",
                hatch="////",
                lw=0.8,
                label=text["target"],
                zorder=6,
            )
        else:
            ax.hlines(
                high,
                x0,
                x1,
                colors="#222222",
                linestyles=":",
                lw=1.6,
                label=text["target"],
                zorder=6,
            )
    ax.set_xlabel(text["xlabel"])
    ax.set_ylabel(text["ylabel"])
    if text["title"]:
        ax.set_title(text["title"])
    years = list(hist["year"]) + list(hz["year"])
    step = 1 if len(set(years)) <= 12 else 2
    ax.set_xticks(range(min(years), max(years) + 1, step))
    ax.legend(loc="best", frameon=True, ncol=2)
    return fig


__all__ = [
    "COVID_YEARS",
    "ErrorDistribution",
    "ForecastResult",
    "backtest_coverage",
    "backtest_panel",
    "calibration_errors",
    "error_distribution",
    "error_distributions",
    "forecast_regency",
    "forecast_series",
    "from_logit",
    "plot_fan_chart",
    "recent_origins",
    "summarize_backtest",
    "target_from_table",
    "to_logit",
]
