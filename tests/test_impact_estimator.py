"""The estimator end to end: known truth under bias-inducing designs, outputs, several outcomes."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd

from analysis.impact import estimate_impact, estimate_outcomes
from analysis.synth import simulate_staggered_panel, true_overall_effect

COLUMNS = {"unit": "unit", "time": "year", "first_treated": "first_treated", "cluster": "cluster"}


def _fit(panel, outcome="y", **kwargs):
    return estimate_impact(panel, outcome=outcome, **{**COLUMNS, **kwargs})


def test_twfe_is_biased_under_dynamic_staggered_effects_while_robust_estimator_is_not():
    """With growing effects and early cohorts as implicit controls, TWFE misses; CS does not."""
    panel = simulate_staggered_panel(
        cohorts={2020: 150, 2022: 150, 2024: 60},
        effect=-0.5,
        effect_slope=-1.0,
        cohort_scale={2020: 1.5},
        seed=11,
    )
    truth = true_overall_effect(panel)
    result = _fit(panel)
    assert abs(result.overall["estimate"] - truth) < 0.1 * abs(truth)
    assert result.overall["ci_low"] <= truth <= result.overall["ci_high"]
    # TWFE even gets the sign wrong here (about +0.3 against a truth of -2.9).
    assert abs(result.twfe["estimate"] - truth) > 0.5 * abs(truth)
    assert not result.twfe["ci_low"] <= truth <= result.twfe["ci_high"]


def test_regression_adjustment_removes_bias_from_covariate_trends():
    """When trends depend on a covariate that drives selection, adjusting for it removes bias."""
    rng = np.random.default_rng(8)
    panel = simulate_staggered_panel(effect=-1.0, seed=8)
    units = panel["unit"].unique()
    treated = panel.groupby("unit")["first_treated"].first().notna().to_numpy()
    x = pd.Series(rng.normal(size=len(units)) + 1.5 * treated, index=units)
    panel["x"] = panel["unit"].map(x)
    panel["y"] = panel["y"] + 0.5 * panel["x"] * (panel["year"] - 2019)
    truth = true_overall_effect(panel)
    naive = _fit(panel).overall["estimate"]
    adjusted = _fit(panel, covariates=["x"])
    assert abs(naive - truth) > 1.0
    assert abs(adjusted.overall["estimate"] - truth) < 0.2
    assert adjusted.overall["ci_low"] <= truth <= adjusted.overall["ci_high"]


def test_earlier_base_period_avoids_regression_to_the_mean_of_selection_year():
    """Selection on a noisy bad year biases the g-1 base; base_offset=2 recovers the effect."""
    # Villages are chosen on their (noisy, not persistent) outcome of 2021, the base period of
    # the 2022 cohort, so their rebound looks like a program effect with the default base.
    panel = simulate_staggered_panel(
        cohorts={2022: 105},
        selection="observed",
        rho=0.0,
        noise_sd=2.0,
        selection_sd=0.5,
        effect=-1.0,
        seed=0,
    )
    truth = true_overall_effect(panel)
    naive = _fit(panel)
    shifted = _fit(panel, base_offset=2)
    assert abs(naive.overall["estimate"] - truth) > 1.0
    assert naive.pretrend["verdict"] == "pre_trends_detected"
    assert shifted.overall["ci_low"] <= truth <= shifted.overall["ci_high"]
    events = shifted.by_event_time.set_index("event_time")
    assert events.loc[-2, "reference"] and not events.loc[-1, "reference"]
    assert events.loc[-1, "ci_low"] > 0  # the bad selection year stands out as a poverty spike
    assert shifted.to_dict()["base_period"] == "g-2"


def test_to_dict_is_json_and_has_the_documented_keys():
    """to_dict is JSON-serialisable and holds the overall, cohort, event-time and TWFE results."""
    panel = simulate_staggered_panel(effect=-1.0, seed=9)
    out = _fit(panel, n_boot=199).to_dict()
    text = json.dumps(out, allow_nan=False)
    assert json.loads(text) == out
    for key in (
        "overall",
        "by_cohort",
        "by_event_time",
        "group_time",
        "twfe",
        "pretrend",
        "n_units",
        "n_clusters",
        "inference",
        "control_group",
        "notes",
        "cohorts",
    ):
        assert key in out
    assert set(out["overall"]) == {"estimate", "se", "ci_low", "ci_high", "p_value"}
    assert out["n_units"] == 400 and out["n_clusters"] == 26
    assert out["cohorts"] == {"2022": 25, "2023": 80}
    reference = [row for row in out["by_event_time"] if row["reference"]]
    assert reference == [
        {
            "event_time": -1,
            "estimate": 0.0,
            "se": None,
            "ci_low": None,
            "ci_high": None,
            "p_value": None,
            "n_cohorts": 2,
            "n_units": 105,
            "reference": True,
        }
    ]


def test_several_outcomes_match_single_runs_and_do_not_depend_on_order():
    """estimate_outcomes gives each outcome the same result as estimate_impact alone."""
    panel = simulate_staggered_panel(effect=-1.0, seed=10)
    panel["z"] = panel["y"] * 0.5 + np.random.default_rng(1).normal(size=len(panel))
    many = estimate_outcomes(panel, ["z", "y"], **COLUMNS, n_boot=199)
    single = _fit(panel, outcome="y", n_boot=199)
    assert list(many) == ["z", "y"]
    assert many["y"].overall == single.overall
    assert many["y"].pretrend == single.pretrend
