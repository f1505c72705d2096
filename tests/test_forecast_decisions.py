"""Decision outputs: the target's probability is monotone and 0.5 at the median, range targets
split consistently, the realistic range is the 25th-50th percentile, and the pace is as defined."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from test_forecast_simulation import jateng_like_panel

from analysis import forecast as fc
from analysis.forecast import decisions


def test_prob_meet_target_monotone_and_half_at_median():
    """P(P0 <= target) rises with the target and is 0.5 at the median forecast."""
    panel, province = jateng_like_panel(seed=4)
    result = fc.forecast_series(
        panel["3305"],
        kode="3305",
        panel=panel,
        province=province,
        target_year=2027,
        summarize=False,
    )
    median = float(result.horizons.iloc[-1]["median"])
    grid = np.linspace(median * 0.8, median * 1.2, 41)
    probs = [result.prob_at_or_below(v) for v in grid]
    assert np.all(np.diff(probs) > 0)
    assert result.prob_at_or_below(median) == pytest.approx(0.5, abs=0.01)
    point = fc.forecast_series(
        panel["3305"],
        kode="3305",
        panel=panel,
        province=province,
        target_year=2027,
        target=median,
        summarize=False,
    )
    assert point.prob_meet_target["p_at_or_below_high"] == pytest.approx(0.5, abs=0.01)


def test_range_target_probabilities_and_realistic_range():
    """A target range gives P(<= high) = P(in range) + P(< low); realistic = 25th-50th pct."""
    panel, province = jateng_like_panel(seed=5)
    result = fc.forecast_series(
        panel["3303"],
        kode="3303",
        panel=panel,
        province=province,
        target_year=2026,
        target=(8.04, 8.10),
        summarize=False,
    )
    prob = result.prob_meet_target
    assert prob["p_at_or_below_high"] == pytest.approx(prob["p_in_range"] + prob["p_below_low"])
    assert 0 <= prob["p_below_low"] <= prob["p_at_or_below_high"] <= 1
    q25, q50 = result.quantile(2026, [0.25, 0.5])
    assert result.realistic_range["low"] == pytest.approx(q25, rel=1e-3)
    assert result.realistic_range["high"] == pytest.approx(q50, rel=1e-3)
    latest = result.latest_value
    assert result.pace["needed_decline_pp_per_year"]["to_high"] == pytest.approx(latest - 8.10)


def test_pace_against_history_and_without_target():
    """Needed pace = (latest - target) / years, divided by the non-COVID historical pace."""
    series = pd.Series(
        [12.0, 11.0, 11.5, 11.8, 10.0, 9.0], index=[2017, 2018, 2020, 2021, 2022, 2023]
    )
    covid = frozenset({2020, 2021})
    pace = decisions.pace(series, (7.0, 8.0), 2026, covid)
    assert pace["historical_decline_pp_per_year"] == pytest.approx((1.0 + 1.0) / 2)
    assert pace["historical_period"] == "2017-2023, excluding changes that touch 2020, 2021"
    assert pace["needed_decline_pp_per_year"] == pytest.approx({"to_high": 1 / 3, "to_low": 2 / 3})
    assert pace["needed_over_historical"] == pytest.approx({"to_high": 1 / 3, "to_low": 2 / 3})
    assert pace["endpoint_decline_pp_per_year"] == pytest.approx(3.0 / 6)
    none = decisions.pace(series, None, 2026, covid)
    assert none["needed_decline_pp_per_year"] is None
    assert none["needed_reason"] == "no target given"
    assert "needed_over_historical" not in none
