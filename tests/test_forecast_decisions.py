"""Decision outputs against independent recomputations: every published probability equals
P(P0 <= x) recomputed from the published distribution with a hand-written Student t CDF, the
realistic range's ends are met with 25 % and 50 % chances, and the pace is as defined."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from test_forecast_simulation import jateng_like_panel

from analysis import forecast as fc
from analysis.forecast import decisions


def t_cdf(x: float, df: float, steps: int = 4000) -> float:
    """Student t CDF by Simpson's rule on its density (independent of the code under test)."""
    log_norm = math.lgamma((df + 1) / 2) - math.lgamma(df / 2) - 0.5 * math.log(df * math.pi)

    def density(t):
        return math.exp(log_norm - (df + 1) / 2 * math.log1p(t * t / df))

    width = abs(x) / steps
    total = density(0) + density(abs(x))
    total += sum((4 if i % 2 else 2) * density(i * width) for i in range(1, steps))
    half = total * width / 3  # integral from 0 to |x|
    return 0.5 + math.copysign(half, x)


def published_chance(row: dict, value: float) -> float:
    """P(P0 <= value) from a published forecast row, by the definition in its docstring."""
    z = math.log(value / (100 - value))
    return t_cdf((z - row["median_logit"]) / row["scale_logit"], row["df"])


@pytest.fixture(scope="module")
def published():
    """The published (rounded) form of a simulated regency's forecast with a range target."""
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
    return result.to_results().to_json()


def test_hand_written_t_cdf_matches_a_t_table():
    """The test's own t CDF: t(5) 97.5 % quantile 2.5706, t(10) 90 % quantile 1.3722."""
    assert t_cdf(2.5706, 5) == pytest.approx(0.975, abs=1e-5)
    assert t_cdf(-1.3722, 10) == pytest.approx(0.10, abs=1e-5)


def test_target_probabilities_equal_an_independent_recomputation(published):
    """P(P0 <= high) and P(P0 < low) are the t CDF at the target's bounds."""
    row = published["horizons"][-1]
    chance = published["prob_meet_target"]
    assert chance["p_at_or_below_high"] == pytest.approx(published_chance(row, 8.10), abs=2e-3)
    assert chance["p_below_low"] == pytest.approx(published_chance(row, 8.04), abs=2e-3)
    assert chance["p_in_range"] == pytest.approx(
        published_chance(row, 8.10) - published_chance(row, 8.04), abs=2e-3
    )


def test_published_quantiles_have_their_probabilities(published):
    """The published bounds are the 2.5, 10, 25, 50, 90 and 97.5 % points of the distribution."""
    row = published["horizons"][-1]
    for column, p in [("lo95", 0.025), ("lo80", 0.10), ("p25", 0.25), ("median", 0.5)]:
        assert published_chance(row, row[column]) == pytest.approx(p, abs=0.01), column
    for column, p in [("hi80", 0.90), ("hi95", 0.975)]:
        assert published_chance(row, row[column]) == pytest.approx(p, abs=0.01), column


def test_realistic_range_is_met_with_25_to_50_percent(published):
    """A target at the realistic range's low end is met with 25 %, at its high end with 50 %:
    P(P0 <= low) and P(P0 <= high), recomputed from the published distribution."""
    realistic = published["realistic_range"]
    row = published["horizons"][-1]
    low_chance = published_chance(row, realistic["low"])
    high_chance = published_chance(row, realistic["high"])
    assert low_chance == pytest.approx(0.25, abs=0.01)
    assert high_chance == pytest.approx(0.50, abs=0.01)
    assert realistic["p_low"] == pytest.approx(low_chance, abs=0.01)
    assert realistic["p_high"] == pytest.approx(high_chance, abs=0.01)
    assert "50-75" not in realistic["definition"]


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
