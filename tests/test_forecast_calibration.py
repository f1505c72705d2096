"""The calibrated error distributions: normal errors give normal quantiles, scales never shrink
with the horizon, and the scale table shows what the intervals rest on."""

from __future__ import annotations

import numpy as np
import pytest
from test_forecast_simulation import jateng_like_panel

from analysis import forecast as fc
from analysis.forecast.inputs import prepare


def test_error_distribution_matches_normal_quantiles():
    """With many normal errors the calibrated 80/95 % half-widths match the normal ones."""
    rng = np.random.default_rng(11)
    errors = {1: rng.normal(0, 0.05, 4000), 2: rng.normal(0, 0.05 * np.sqrt(2), 4000)}
    dist = fc.error_distribution(errors, 1)
    q = dist.quantile([0.1, 0.5, 0.9, 0.975])
    assert q[1] == pytest.approx(0.0, abs=1e-3)
    assert q[2] == pytest.approx(1.2816 * 0.05, rel=0.05)
    assert q[3] == pytest.approx(1.96 * 0.05, rel=0.05)
    assert fc.error_distribution(errors, 3).scale > fc.error_distribution(errors, 2).scale
    assert fc.error_distribution({1: np.zeros(5)}, 1) is None  # too few errors


def test_interval_scale_never_shrinks_with_horizon():
    """Scales use each horizon's own errors but never fall below a shorter horizon's."""
    rng = np.random.default_rng(12)
    errors = {1: rng.normal(0, 0.06, 100), 2: rng.normal(0, 0.03, 100), 3: rng.normal(0, 0.1, 3)}
    dists = fc.error_distributions(errors, [1, 2, 3, 4])
    scales = [dists[h].scale for h in [1, 2, 3, 4]]
    assert scales[0] == pytest.approx(np.sqrt(np.mean(errors[1] ** 2)))
    assert scales[1] == scales[0]  # h = 2 errors are smaller: floored at h = 1
    assert np.all(np.diff(scales) >= 0)


def test_calibration_steps_give_scales_and_intervals():
    """calibrate() reports one scale per horizon; intervals() nests 80 % inside 95 % around it."""
    panel, province = jateng_like_panel(seed=13)
    inputs = prepare(
        panel["3302"],
        kode="3302",
        panel=panel,
        province=province,
        target_year=2028,
        own_backtest=lambda inputs, models: fc.backtest_panel(
            inputs.panel, province, inputs.horizon, inputs.covid, models=models
        ),
    )
    tested = fc.backtest(inputs)
    calibration = fc.calibrate(inputs, tested)
    scales = calibration.scales
    assert list(scales["h"]) == [1, 2, 3]
    assert np.all(np.diff(scales["logit_scale"]) >= 0)
    assert np.all(scales["half_width80"] < scales["half_width95"])
    assert calibration.record["logit_scale_by_h"] == dict(
        zip(scales["h"], scales["logit_scale"], strict=True)
    )
    table = fc.intervals(inputs, fc.fit_models(inputs), calibration)
    assert list(table["year"]) == [2026, 2027, 2028]
    ordered = table[["lo95", "lo80", "p25", "median", "hi80", "hi95"]].to_numpy()
    assert np.all(np.diff(ordered, axis=1) > 0)
