"""The interval calibration: the province-year shock and the regencies' own variance computed by
hand, Student t quantiles against a t table, and the calibration steps of a forecast."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from test_forecast_simulation import jateng_like_panel

from analysis import forecast as fc
from analysis.forecast import shock
from analysis.forecast.inputs import prepare

COVID = frozenset({2020, 2021})
# Logit P0 of a province: non-COVID changes 2012->2015 (three years) -0.30, then -0.10, -0.05,
# -0.15, -0.05 up to 2019; 2019->2022 touches the COVID years; 2022->2023 -0.10.
PROVINCE = {
    2012: -1.70,
    2015: -2.00,
    2016: -2.10,
    2017: -2.15,
    2018: -2.30,
    2019: -2.35,
    2020: -2.00,
    2021: -1.90,
    2022: -2.40,
    2023: -2.50,
}


def test_student_t_quantiles_match_a_t_table():
    """Quantiles and CDF of scale x t(5): t(5) 97.5 % = 2.5706, 95 % = 2.0150; large df = normal."""
    dist = shock.ErrorDistribution(h=1, scale=0.05, df=5)
    assert dist.quantile(0.975)[0] == pytest.approx(0.05 * 2.5706, abs=1e-5)
    assert dist.quantile(0.5)[0] == pytest.approx(0.0, abs=1e-12)
    assert dist.cdf(0.05 * 2.0150)[0] == pytest.approx(0.95, abs=1e-4)
    normal = shock.ErrorDistribution(h=1, scale=1.0, df=1e9)
    assert normal.quantile(0.9)[0] == pytest.approx(1.28155, abs=1e-4)


def test_province_shock_by_hand():
    """Drift and per-year variance of the province's changes, a three-year change weighted as three.

    Up to 2019: u = -0.30 (k = 3), -0.10, -0.05, -0.15, -0.05; drift = -0.65 / 7 = -0.092857;
    sum((u - k d)^2 / k) = 0.000153 + 0.000051 + 0.001837 + 0.003265 + 0.001837 = 0.007143,
    over n - 1 = 4: 0.0017857.
    """
    result = shock.province_shock(PROVINCE, 2019, COVID)
    assert result.drift == pytest.approx(-0.65 / 7)
    assert result.variance == pytest.approx(0.0071429 / 4, rel=1e-4)
    assert result.n_changes == 5 and result.years == 7
    assert result.ends == (2015, 2016, 2017, 2018, 2019)
    assert result.common_variance(2) == pytest.approx(result.variance * (2 + 4 / 7))
    later = shock.province_shock(PROVINCE, 2023, COVID)
    assert later.n_changes == 6 and later.ends[-1] == 2023  # 2019->2022 touches COVID: left out
    assert math.isnan(shock.province_shock(PROVINCE, 2016, COVID).variance)  # two changes only


def test_province_shock_never_reads_after_until():
    """Values after ``until`` (even absurd ones) do not change the shock variance."""
    poisoned = {y: (v if y <= 2019 else 5.0) for y, v in PROVINCE.items()}
    clean = shock.province_shock(PROVINCE, 2019, COVID)
    assert shock.province_shock(poisoned, 2019, COVID) == clean


def test_idiosyncratic_variance_by_hand():
    """sum(u^2) / sum(k) over relative changes up to ``until``; other provinces' when too few.

    Own, up to 2018: u = 0.02 (k 1), -0.04 (k 2): (0.0004 + 0.0016) / 3. The fallback adds
    0.01 (k 1) of another province's regency, not the own regency it also holds.
    """
    own = pd.DataFrame(
        {
            "kode": ["a", "a", "b"],
            "end": [2016, 2018, 2019],
            "k": [1.0, 2.0, 1.0],
            "u": [0.02, -0.04, 0.03],
        }
    )
    fallback = pd.DataFrame(
        {"kode": ["a", "c"], "end": [2016, 2017], "k": [1.0, 1.0], "u": [0.02, 0.01]}
    )
    value, n, source = shock.idiosyncratic_variance(own, None, 2018)
    assert (value, n, source) == (pytest.approx(0.002 / 3), 2, "province")
    value, n, source = shock.idiosyncratic_variance(own, fallback, 2018)
    assert (value, n, source) == (pytest.approx(0.0021 / 4), 3, "province and other provinces")
    assert shock.idiosyncratic_variance(None, None, 2018)[1] == 0


def test_error_distributions_by_hand():
    """Scale and Welch-Satterthwaite df from the two parts.

    s2 = 0.002 over K = 8 years from 6 changes, idiosyncratic 0.0005 per year from 100 changes:
    h = 1: common 0.002 x 1.125 = 0.00225, total 0.00275, df = 0.00275^2 / (0.00225^2 / 5 +
    0.0005^2 / 100) = 7.4506; h = 2: common 0.002 x 2.5 = 0.005, total 0.006.
    """
    province = shock.ProvinceShock(-0.05, 0.002, 6, 8.0, ())
    dists = shock.error_distributions(province, (0.0005, 100, "province"), 2)
    assert dists[1].scale == pytest.approx(math.sqrt(0.00275))
    assert dists[1].df == pytest.approx(7.4506, abs=1e-3)
    assert dists[2].scale == pytest.approx(math.sqrt(0.006))
    assert shock.welch_df(0.004, 5, 0.001, 100) == pytest.approx(0.005**2 / (0.004**2 / 5 + 1e-8))


def test_calibration_steps_give_scales_and_intervals():
    """calibrate() reports one scale per horizon; intervals() nests 80 % inside 95 % around it."""
    panel, province = jateng_like_panel(seed=13)
    inputs = prepare(panel["3302"], kode="3302", panel=panel, province=province, target_year=2028)
    calibration = fc.calibrate(inputs)
    scales = calibration.scales
    assert list(scales["h"]) == [1, 2, 3]
    assert np.all(np.diff(scales["logit_scale"]) > 0)
    assert np.all(scales["half_width80"] < scales["half_width95"])
    assert calibration.record["logit_scale_by_h"] == dict(
        zip(scales["h"], scales["logit_scale"], strict=True)
    )
    table = fc.intervals(inputs, fc.fit_models(inputs), calibration)
    assert list(table["year"]) == [2026, 2027, 2028]
    ordered = table[["lo95", "lo80", "p25", "median", "hi80", "hi95"]].to_numpy()
    assert np.all(np.diff(ordered, axis=1) > 0)


def test_pooled_shock_sums_squares_and_degrees_of_freedom_by_hand():
    """Changes 0.1,-0.1,0.3 and 0,0,0.6: squares 0.08 + 0.24 over 2 + 2 df = 0.08; n = 5."""
    from analysis.forecast.shock import pooled_shock

    provinces = {
        "x": {2010: 0.0, 2011: 0.1, 2012: 0.0, 2013: 0.3},
        "y": {2010: 0.0, 2011: 0.0, 2012: 0.0, 2013: 0.6},
        "short": {2024: 0.0, 2025: 5.0},  # one change: not pooled
    }
    shock = pooled_shock(provinces, 2025, frozenset({2020, 2021}))
    assert shock.variance == pytest.approx(0.08)
    assert shock.n_changes == 5
    assert shock.years == pytest.approx(3.0)
