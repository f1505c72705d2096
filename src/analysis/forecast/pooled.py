"""The pooled model's empirical-Bayes quantities: province drift plus a shrunk relative drift.

A regency's drift is split into the province's movement and the regency's drift relative to the
province; the relative drift is shrunk by empirical Bayes towards the average relative drift of
the province's regencies (method of moments). With too few regencies with changes, the shrinkage
variances are borrowed from every province; with too short a province series, the regencies' own
drifts are pooled instead. Hand-written because no maintained library offers this panel layout
(a province, its regencies, a COVID break).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.forecast.series import change_spans, relative_spans, to_logit

MIN_POOLED_REGENCIES = 3  # fewer regencies with changes: borrow the shrinkage variances
MIN_PROVINCE_SPANS = 3  # province changes needed before its drift is used
MIN_WITHIN_DF = 5  # degrees of freedom for the within-regency variance of relative changes


@dataclass(frozen=True)
class Hyper:
    """Empirical-Bayes quantities for the pooled model at one origin."""

    mu: float  # province drift per year (logit)
    rbar: float  # average drift of the regencies relative to the province
    tau2: float  # between-regency variance of true relative drifts
    sigma2: float  # variance of one year's relative change around the regency's drift
    n_regencies: int
    source: str


def relative_table(panel: pd.DataFrame, province: dict[int, float] | None, covid) -> pd.DataFrame:
    """All relative spans of a panel of regencies: kode, end, years, change."""
    kodes, ends, ks, us = [], [], [], []
    years_all = panel.index.to_numpy(dtype=int)
    for kode in panel.columns:
        values = panel[kode].to_numpy(dtype=float)
        present = ~np.isnan(values)
        if not present.any():
            continue
        b, k, u = relative_spans(years_all[present], to_logit(values[present]), province, covid)
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


def variance_components(spans: pd.DataFrame) -> tuple[float, float, float, int]:
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


def province_drift(province: dict[int, float], origin: int, covid) -> tuple[float, int]:
    """Average logit change per year of the province over non-COVID spans up to the origin."""
    years = np.array(sorted(y for y in province if y <= origin), dtype=int)
    if len(years) < 2:
        return 0.0, 0
    z = np.array([province[y] for y in years])
    _, _, k, dz = change_spans(years, z, covid)
    return (float(dz.sum() / k.sum()), len(k)) if len(k) else (0.0, 0)


def hyper_at(origin: int, spans: pd.DataFrame, mu: float, fallback: pd.DataFrame | None) -> Hyper:
    """Pooled-model quantities using only changes that ended by the origin."""
    own = spans[spans["end"] <= origin]
    rbar, tau2, sigma2, n = variance_components(own)
    source = "province"
    if n < MIN_POOLED_REGENCIES or math.isnan(tau2):
        # Too few regencies with changes: the regency's relative drift is not shrunk by an
        # estimate from its own province; borrow the variances from every province (relative
        # to their own provinces) and shrink towards zero, i.e. towards the province's movement.
        rbar = 0.0 if n < MIN_POOLED_REGENCIES else rbar
        tau2, sigma2, source = math.nan, math.nan, "none"
        if fallback is not None:
            _, f_tau2, f_sigma2, f_n = variance_components(fallback[fallback["end"] <= origin])
            if f_n >= MIN_POOLED_REGENCIES and not math.isnan(f_tau2):
                tau2, sigma2, source = f_tau2, f_sigma2, "all provinces"
    return Hyper(mu, rbar, tau2, sigma2, n, source)


class Pooled:
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
        self.relative = relative_table(panel, province, covid) if province else None
        self.own = relative_table(panel, None, covid)
        self.fallback = fallback_spans
        self._cache: dict[int, tuple[dict[int, float] | None, Hyper]] = {}

    def at(self, origin: int) -> tuple[dict[int, float] | None, Hyper]:
        """Return (province used or None, quantities) with data up to the origin.

        A province with fewer than `MIN_PROVINCE_SPANS` changes by the origin gives no usable
        drift; the model then pools the regencies' own drifts instead of their drifts relative to
        the province.
        """
        if origin not in self._cache:
            mu, n_spans = (
                province_drift(self.province, origin, self.covid) if self.province else (0.0, 0)
            )
            if n_spans >= MIN_PROVINCE_SPANS:
                result = (
                    self.province,
                    hyper_at(origin, self.relative, mu, self.fallback),
                )
            else:
                result = (None, hyper_at(origin, self.own, 0.0, None))
            self._cache[origin] = result
        return self._cache[origin]


def relative_drift(hyper: Hyper, k: np.ndarray, u: np.ndarray) -> tuple[float, float]:
    """Return (shrunk relative drift per year, weight on the regency's own relative drift)."""
    K = float(k.sum())
    if K <= 0 or math.isnan(hyper.tau2) or math.isnan(hyper.sigma2):
        return hyper.rbar, 0.0
    total = hyper.tau2 + hyper.sigma2 / K
    weight = hyper.tau2 / total if total > 0 else 0.0
    own = float(u.sum()) / K
    return hyper.rbar + weight * (own - hyper.rbar), weight


def province_path(
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
