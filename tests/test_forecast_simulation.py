"""Simulated provinces with a known truth (shared by the forecast tests), and the calibration check
on them: the intervals cover the simulated future as often as they claim."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis import forecast as fc


def simulate_province(
    rng,
    n_regencies=30,
    last_year=2012,
    horizon=3,
    mu=-0.04,
    tau=0.01,
    sigma_e=0.04,
    sigma_c=0.02,
    lengths=(6, 8, 10, 12),
    level=-2.0,
):
    """A province of regencies whose logit P0 is a random walk with drift.

    Yearly logit change of regency i: mu + d_i + c_t + e_it, with d_i ~ N(0, tau) (own drift),
    c_t ~ N(0, sigma_c) (the province's shock, shared) and e_it ~ N(0, sigma_e). The province's
    logit moves by mu + c_t. Histories have the given lengths; every fifth lacks a middle year.
    Returns (panel of histories, province history, {kode: true future values}).
    """
    years = np.arange(last_year - max(lengths) + 1, last_year + horizon + 1)
    shocks = rng.normal(0, sigma_c, len(years))
    province = pd.Series(fc.from_logit(rng.normal(-2.2, 0.3) + np.cumsum(mu + shocks)), index=years)
    panel, truth = {}, {}
    for i in range(n_regencies):
        path = rng.normal(level, 0.5) + np.cumsum(
            mu + rng.normal(0, tau) + shocks + rng.normal(0, sigma_e, len(years))
        )
        series = pd.Series(fc.from_logit(path), index=years)
        length = lengths[i % len(lengths)]
        history = series[(series.index > last_year - length) & (series.index <= last_year)]
        if i % 5 == 4:
            history = history.drop(history.index[len(history) // 2])
        panel[f"r{i:02d}"] = history
        truth[f"r{i:02d}"] = series[series.index > last_year]
    return pd.DataFrame(panel), province[province.index <= last_year], truth


def forecast_province(panel, province, target_year, use_llt=False):
    """Forecast every regency of a simulated province with one shared backtest."""
    horizon = target_year - int(panel.index.max())
    backtest = fc.backtest_panel(panel, province, horizon, covid_years=(), use_llt=use_llt)
    return {
        kode: fc.forecast_series(
            panel[kode].dropna(),
            kode=kode,
            panel=panel,
            province=province,
            target_year=target_year,
            backtest=backtest,
            covid_years=(),
            use_llt=use_llt,
            summarize=False,
        )
        for kode in panel.columns
    }


def simulated_coverage(seed, use_llt):
    """Coverage of the calibrated intervals over 20 simulated provinces of 30 regencies."""
    rng = np.random.default_rng(seed)
    hits80, hits95, n_series = [], [], 0
    for _ in range(20):
        panel, province, truth = simulate_province(rng)
        n_series += panel.shape[1]
        for kode, result in forecast_province(panel, province, 2015, use_llt).items():
            for row in result.horizons.itertuples():
                value = truth[kode][row.year]
                hits80.append(row.lo80 <= value <= row.hi80)
                hits95.append(row.lo95 <= value <= row.hi95)
    return n_series, float(np.mean(hits80)), float(np.mean(hits95))


def jateng_like_panel(seed=1, n=12, start=2020, end=2025, level=-2.0):
    """A small province shaped like the real data: 6 yearly points with the COVID years."""
    rng = np.random.default_rng(seed)
    years = np.arange(2011, end + 1)
    bump = np.where(np.isin(years, [2020, 2021]), 0.05, 0.0) - np.where(years == 2022, 0.1, 0.0)
    shocks = rng.normal(0, 0.02, len(years))
    province = pd.Series(fc.from_logit(level + np.cumsum(-0.04 + shocks + bump)), index=years)
    panel = {}
    for i in range(n):
        path = rng.normal(level, 0.4) + np.cumsum(
            -0.04 + shocks + bump + rng.normal(0, 0.03, len(years))
        )
        panel[f"{3301 + i}"] = pd.Series(fc.from_logit(path), index=years).loc[start:]
    return pd.DataFrame(panel), province


def fake_backtest(n=60, scale=0.05, seed=0):
    """Backtest errors drawn from N(0, scale) at horizon 1 (to test the forecast step alone)."""
    rng = np.random.default_rng(seed)
    return pd.DataFrame(
        {
            "kode": [f"k{i % 20}" for i in range(n)],
            "origin": 2010 + np.arange(n) % 5,
            "target_year": 2011 + np.arange(n) % 5,
            "h": 1,
            "model": "combination",
            "forecast": 0.0,
            "actual": 0.0,
            "n_points": 5,
            "error": rng.normal(0, scale, n),
            "abs_error_pp": 0.1,
        }
    )


def test_simulated_coverage_within_five_points():
    """Calibrated 80/95 % intervals cover the truth within 5 points of nominal (600 series)."""
    n_series, cover80, cover95 = simulated_coverage(20260101, use_llt=False)
    assert n_series >= 500
    assert abs(cover80 - 0.80) <= 0.05, cover80
    assert abs(cover95 - 0.95) <= 0.05, cover95


@pytest.mark.slow
def test_simulated_coverage_with_local_linear_trend():
    """With the local linear trend in the combination, coverage stays within 5 points (slow)."""
    n_series, cover80, cover95 = simulated_coverage(20260102, use_llt=True)
    assert n_series >= 500
    assert abs(cover80 - 0.80) <= 0.05, cover80
    assert abs(cover95 - 0.95) <= 0.05, cover95
