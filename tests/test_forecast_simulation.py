"""Simulated provinces with a known truth (shared by the forecast tests), and the honest check on
them: a province-year shock shared by every regency and a COVID-like break, evaluated with the
same rolling-origin evaluation as the real data; the bands cover as often as they claim."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis import forecast as fc
from analysis.forecast import shock

PROVINCE_YEARS = [2011, 2012, *range(2015, 2026)]  # the Jawa Tengah series' years
LONG_YEARS = [2012, 2015, 2016, 2017, 2018, 2019]  # the few regencies with older data


def simulate_province(
    rng,
    n_regencies=20,
    mu=-0.04,
    sigma_c=0.045,
    sigma_e=0.025,
    tau=0.005,
    sigma_m=0.0,
    bump=(0.06, 0.08),
    long_every=8,
    level=-2.0,
    first_year=2020,
):
    """A province whose regencies share its yearly shock, with a COVID-like break.

    Logit P0 of the province: level + cumulated (mu + c_t), c_t ~ N(0, sigma_c), plus a temporary
    bump in 2020 and 2021 that is gone in 2022. Regency i: the province's path + its own offset +
    cumulated (d_i + e_it), d_i ~ N(0, tau), e_it ~ N(0, sigma_e), its own loading of the bump
    (N(1, 0.3)), and survey noise N(0, sigma_m). The province is observed in the years of the real
    Jawa Tengah series; regencies from ``first_year`` to 2025, every ``long_every``-th also in
    2012 and 2015-2019. Returns (panel of P0, province P0), both in percent by year.
    """
    years = np.arange(2009, 2026)
    covid = np.where(years == 2020, bump[0], 0.0) + np.where(years == 2021, bump[1], 0.0)
    common = np.cumsum(mu + rng.normal(0, sigma_c, len(years)))
    province = pd.Series(fc.from_logit(level + common + covid), index=years).loc[PROVINCE_YEARS]
    panel = {}
    for i in range(n_regencies):
        path = (
            level
            + rng.normal(0, 0.4)
            + common
            + rng.normal(1.0, 0.3) * covid
            + np.cumsum(rng.normal(0, tau) + rng.normal(0, sigma_e, len(years)))
            + rng.normal(0, sigma_m, len(years))
        )
        series = pd.Series(fc.from_logit(path), index=years)
        keep = series.index >= first_year
        if i % long_every == 0:
            keep |= series.index.isin(LONG_YEARS)
        panel[f"{3301 + i}"] = series[keep]
    return pd.DataFrame(panel), province


def jateng_like_panel(seed=1, n=12, start=2020, end=2025, level=-2.0):
    """A small province shaped like the real data: P0 from ``start`` with the COVID years.

    The province series runs from 2011; regencies share its shocks and the COVID bump.
    """
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


def honest_coverage(seed, n_provinces, **settings):
    """Coverage of the combination's bands over simulated provinces, each evaluated honestly."""
    rng = np.random.default_rng(seed)
    frames = []
    for _ in range(n_provinces):
        panel, province = simulate_province(rng, **settings)
        rows = fc.evaluate_panel(panel, province, 1, use_llt=False)
        frames.append(rows[rows["model"] == "combination"])
    rows = pd.concat(frames, ignore_index=True)
    return len(rows), float(rows["in80"].mean()), float(rows["in95"].mean())


def test_province_shock_variance_recovers_the_simulated_shock():
    """Averaged over provinces, the estimated shock variance is the simulated sigma_c^2."""
    rng = np.random.default_rng(20260201)
    estimates = []
    for _ in range(300):
        _, province = simulate_province(rng, n_regencies=1, sigma_c=0.04)
        known = dict(zip(province.index, fc.to_logit(province.to_numpy()), strict=True))
        estimates.append(shock.province_shock(known, 2025, frozenset({2020, 2021})).variance)
    # Nine non-COVID changes per province (one over three years): unbiased for 0.0016.
    assert np.mean(estimates) == pytest.approx(0.04**2, rel=0.08)


@pytest.mark.slow
@pytest.mark.parametrize(
    "settings",
    [{}, {"sigma_m": 0.02, "sigma_e": 0.012}],
    ids=["random-walk deviations", "survey noise"],
)
def test_honest_coverage_with_province_shock_and_covid_break(settings):
    """The honest evaluation on 120 simulated provinces: bands within 3 points of nominal.

    Each province shares a yearly shock among its 20 regencies and has a COVID-like bump in
    2020-2021; the rolling-origin evaluation fits and calibrates every forecast with data up to
    its origin, as for the real data. About 20 s each.
    """
    n, cover80, cover95 = honest_coverage(20260202, 120, **settings)
    assert n >= 8000
    assert abs(cover80 - 0.80) <= 0.03, cover80
    assert abs(cover95 - 0.95) <= 0.03, cover95
