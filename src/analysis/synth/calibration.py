"""Calibration of the simulated panel to BPS P0: yearly targets and the year intercept solver."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.special import expit, logit

from analysis.errors import InputError
from analysis.labels import both


def p0_targets(p0_series: pd.Series, years, reference: pd.Series | None = None) -> pd.DataFrame:
    """Return the calibration target (P0, percent) of each year and how it was obtained.

    Parameters
    ----------
    p0_series : Series
        BPS P0 (percent) indexed by year; years may be missing.
    years : iterable of int
        The panel's years.
    reference : Series, optional
        A reference P0 series (the province) whose change on the logit scale carries the regency
        into years outside its own series.

    Returns
    -------
    DataFrame
        Columns year, p0 and method: "BPS", "interpolated (logit-linear)",
        "extrapolated with the reference series' change" or "held at nearest BPS year (YYYY)".
    """
    series = pd.Series(p0_series, dtype="float64").dropna()
    series.index = series.index.astype(int)
    if series.empty:
        raise InputError(both("errs_syn_p0_none"))
    if ((series <= 0) | (series >= 100)).any():
        raise InputError(both("errs_syn_p0_range"))
    known = series.sort_index()
    rows = []
    for year in (int(y) for y in years):
        if year in known.index:
            rows.append((year, float(known[year]), "BPS"))
            continue
        before, after = known[known.index < year], known[known.index > year]
        if len(before) and len(after):
            y0, y1 = before.index[-1], after.index[0]
            weight = (year - y0) / (y1 - y0)
            value = (
                expit(
                    (1 - weight) * logit(before.iloc[-1] / 100)
                    + weight * logit(after.iloc[0] / 100)
                )
                * 100
            )
            rows.append((year, float(value), "interpolated (logit-linear)"))
            continue
        nearest = int(before.index[-1] if len(before) else after.index[0])
        if reference is not None and year in reference.index and nearest in reference.index:
            shift = logit(reference[year] / 100) - logit(reference[nearest] / 100)
            value = expit(logit(known[nearest] / 100) + shift) * 100
            rows.append((year, float(value), "extrapolated with the reference series' change"))
        else:
            rows.append((year, float(known[nearest]), f"held at nearest BPS year ({nearest})"))
    return pd.DataFrame(rows, columns=["year", "p0", "method"])


def _solve_intercept(
    latent: np.ndarray,
    families: np.ndarray,
    target: float,
    reduction: np.ndarray,
    floor_fraction: float,
) -> float:
    """Year intercept that makes the family-weighted treated share equal the target.

    Safeguarded Newton steps on a bracket: the weighted share is increasing in the intercept, so
    the bracket always holds the root and a few steps reach machine precision.
    """
    weights = np.ascontiguousarray(families, dtype=float)
    weights /= weights.sum()
    latent = np.ascontiguousarray(latent)
    low, high = -15.0, 8.0
    alpha = float(logit(target) - np.dot(weights, latent))
    for _ in range(100):
        untreated = expit(alpha + latent)
        treated = untreated - reduction
        floored = treated < floor_fraction * untreated
        share = np.where(floored, floor_fraction * untreated, treated)
        gap = float(np.dot(weights, share)) - target
        if abs(gap) < 1e-12:
            break
        if gap < 0:
            low = alpha
        else:
            high = alpha
        slope = float(
            np.dot(weights, untreated * (1 - untreated) * np.where(floored, floor_fraction, 1.0))
        )
        step = alpha - gap / slope if slope > 0 else 0.5 * (low + high)
        alpha = step if low < step < high else 0.5 * (low + high)
    return alpha
