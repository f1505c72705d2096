"""Inference: the bootstrap's null model, intervals, Monte Carlo size and coverage, pre-trends."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.impact import estimate_impact
from analysis.impact.estimator import Design
from analysis.impact.panel import EstimatorOptions, PanelStructure
from analysis.synth import simulate_staggered_panel, true_overall_effect

COLUMNS = {"unit": "unit", "time": "year", "first_treated": "first_treated", "cluster": "cluster"}


def _fit(panel, outcome="y", **kwargs):
    return estimate_impact(panel, outcome=outcome, **{**COLUMNS, **kwargs})


def test_every_estimate_direction_lies_in_the_bootstrap_model_space():
    """The restricted bootstrap fit is valid: each estimate's weight vector is in the model."""
    panel = simulate_staggered_panel(
        n_units=80, n_clusters=10, cohorts={2022: 10, 2023: 20}, seed=4
    )
    panel["x"] = np.repeat(np.random.default_rng(0).normal(size=80), 7)
    for covariates in (None, ["x"]):
        structure = PanelStructure.build(
            panel, "unit", "year", "first_treated", "cluster", covariates
        )
        values, kept, periods, _ = structure.outcome_matrix(panel, "y")
        settings = EstimatorOptions.check("not_yet_treated", "auto", 199, "auto", 0.05, 1)
        design = Design(structure, kept, periods, settings)
        sample, fit = design.sample, design.inference.saturated_fit
        shape = (sample.n_units, sample.n_periods)
        for stat in design.stats.values():
            a = stat.a.reshape(shape)
            np.testing.assert_allclose(fit(a), a, atol=1e-10)
            y = values[sample.rows].ravel()
            assert stat.a @ fit(values[sample.rows]).ravel() == pytest.approx(stat.a @ y)
        a = design.twfe.stat.a.reshape(shape)
        np.testing.assert_allclose(design.twfe.fit(a), a, atol=1e-10)


def test_wild_bootstrap_agrees_with_analytic_intervals_when_clusters_are_many():
    """With 200 unit clusters the bootstrap-t interval is close to the analytic one."""
    panel = simulate_staggered_panel(
        n_units=200, n_clusters=20, cohorts={2022: 20, 2023: 40}, effect=-1.0, seed=5
    )
    boot = _fit(panel, cluster=None, inference="wild_bootstrap", n_boot=999)
    analytic = _fit(panel, cluster=None, inference="analytic")
    width_boot = boot.overall["ci_high"] - boot.overall["ci_low"]
    width_analytic = analytic.overall["ci_high"] - analytic.overall["ci_low"]
    assert boot.overall["estimate"] == analytic.overall["estimate"]
    assert width_boot == pytest.approx(width_analytic, rel=0.1)
    assert boot.to_dict()["inference"]["method"] == "wild_cluster_restricted_bootstrap"
    assert analytic.to_dict()["inference"]["method"] == "cluster_robust_t_effective_df"


def test_bootstrap_is_reproducible_with_its_seed():
    """The same seed gives the same interval; the interval covers the estimate."""
    panel = simulate_staggered_panel(effect=-1.0, seed=14)
    first, second = _fit(panel, seed=5, n_boot=199), _fit(panel, seed=5, n_boot=199)
    assert first.overall == second.overall
    assert first.overall["ci_low"] < first.overall["estimate"] < first.overall["ci_high"]


def test_pretrend_statement_when_no_pre_period_beyond_base():
    """With only the base period before treatment, the test is not run and the result says so."""
    panel = simulate_staggered_panel(
        years=range(2021, 2026), cohorts={2022: 25}, effect=-1.0, seed=6
    )
    pretrend = _fit(panel).pretrend
    assert pretrend["verdict"] == "not_testable"
    assert pretrend["n_pre_periods"] == 0
    assert "cannot be tested" in pretrend["statement"]


def test_pretrend_statement_when_one_pre_period_beyond_base():
    """With one testable pre-period the test runs but is flagged as saying little."""
    panel = simulate_staggered_panel(years=range(2020, 2026), cohorts={2022: 25}, seed=6)
    pretrend = _fit(panel).pretrend
    assert pretrend["n_pre_periods"] == 1
    assert pretrend["limited"] is True
    assert "only 1 pre-period beyond the base period" in pretrend["statement"]


def test_pretrend_detects_diverging_pre_trends():
    """Treated units that were already improving faster before treatment are flagged."""
    panel = simulate_staggered_panel(effect=0.0, seed=7)
    ever = panel["first_treated"].notna()
    panel.loc[ever, "y"] = panel.loc[ever, "y"] - 0.6 * (panel.loc[ever, "year"] - 2019)
    pretrend = _fit(panel).pretrend
    assert pretrend["verdict"] == "pre_trends_detected"
    assert pretrend["limited"] is False


# Monte Carlo against known truth (shaped like Klaten: 400 villages, 26 kecamatan, 2019-2025,
# 25 villages from 2022 and 80 from 2023, chosen for being poorer plus noise)


def _monte_carlo(reps, seed0, **effects):
    bias, covered, rejected = [], [], []
    for rep in range(reps):
        panel = simulate_staggered_panel(seed=seed0 + rep, **effects)
        truth = true_overall_effect(panel)
        overall = _fit(panel, n_boot=399, seed=rep).overall
        bias.append(overall["estimate"] - truth)
        covered.append(overall["ci_low"] <= truth <= overall["ci_high"])
        rejected.append(overall["p_value"] < 0.05)
    return np.mean(bias), np.mean(covered), np.mean(rejected)


@pytest.mark.slow
def test_recovers_injected_heterogeneous_effect_with_nominal_coverage():
    """Over 200 simulated regencies, bias is below 10 % of the effect and coverage >= 90 %."""
    # Effects grow with time since treatment, are 1.5 times larger in the 2022 cohort and vary
    # between villages (sd 0.5), so the truth (about -1.45) is not a pure cohort-time shift.
    # Monte Carlo error: the estimate's sd is about 0.14, so the mean bias has sd 0.01 against a
    # tolerance of 0.145; coverage of a correct 95 % interval has sd 1.5 points over 200
    # replications, so 90 % sits more than three sd below nominal.
    effects = {"effect": -1.0, "effect_slope": -0.3, "cohort_scale": {2022: 1.5}, "effect_sd": 0.5}
    truth = true_overall_effect(simulate_staggered_panel(seed=0, **effects))
    bias, coverage, _ = _monte_carlo(200, 10_000, **effects)
    assert abs(bias) < 0.1 * abs(truth)
    assert coverage >= 0.90


@pytest.mark.slow
def test_placebo_rejects_no_more_often_than_its_level():
    """With no effect, the default 5 % test rejects in at most 7 % of 500 replications."""
    # Monte Carlo error: a correctly sized test rejects with sd sqrt(0.05 * 0.95 / 500) = 1.0
    # point, so 7 % is two sd above 5 %; a test with true size 10 % (sd 1.3 points) would
    # exceed 7 % with probability about 0.99. We obtained 5.0 % with the wild bootstrap and
    # 5.2 % with the t reference on effective degrees of freedom (the default since 2026-11-28).
    _, _, rejection = _monte_carlo(500, 20_000)
    assert rejection <= 0.07


@pytest.mark.parametrize(
    ("weights", "expected"),
    [
        ([1.0, 1.0, 1.0, 1.0], 3.0),  # tr(K)^2 / ||K||^2 = 16 / 4 = 4, capped at G - 1 = 3
        ([2.0, 1.0, 1.0, 1.0], 49.0 / 19.0),  # K = diag(4, 1, 1, 1): 7^2 / (16 + 3)
        ([1.0, 0.0, 0.0, 0.0], 1.0),  # one cluster carries the estimate
    ],
)
def test_effective_degrees_of_freedom_by_hand(weights, expected):
    """Bell-McCaffrey degrees of freedom tr(K)^2 / ||K||^2 with K = S S', worked by hand."""
    from types import SimpleNamespace

    from analysis.impact.aggregation import Linear
    from analysis.impact.inference import Inference

    s = np.diag(weights)  # cluster k's influence on its own observation only
    owner = SimpleNamespace(sample=SimpleNamespace(n_clusters=4))
    df = Inference.effective_df(owner, Linear(np.zeros(4), s))
    assert df == pytest.approx(expected)


def test_fast_wald_decisions_are_those_of_the_pseudo_inverse():
    """Each draw's 'Wald >= threshold' equals theta' pinv(C) theta >= threshold, ties included."""
    from analysis.impact.inference import _wald_at_least

    rng = np.random.default_rng(11)
    for collinear in ("no", "near", "exact"):
        phi = rng.normal(size=(300, 12, 4))
        if collinear == "near":
            phi[..., 3] = phi[..., 0] * (1 + 1e-5 * rng.normal(size=(300, 12)))
        elif collinear == "exact":
            phi[..., 3] = phi[..., 0]
        cov = np.einsum("bgl,bgm->blm", phi, phi)
        theta = rng.normal(size=(300, 4))
        # The statistic as the baseline computed it: batched pseudo-inverses, then the form.
        solved = np.linalg.pinv(cov) @ theta[:, :, None]
        wald = np.einsum("bl,bl->b", theta, solved[:, :, 0])
        # Thresholds at a draw's own statistic are the hardest case: a tie must stay a tie.
        for threshold in [np.median(wald), wald[20] * (1 - 1e-12), *wald[:12]]:
            decided = _wald_at_least(cov, theta, threshold)
            np.testing.assert_array_equal(decided, wald >= threshold, err_msg=collinear)


def test_outcome_matrix_places_rows_by_unit_and_period_in_any_order():
    """Shuffled rows and a missing unit-period give the units x periods matrix by hand."""
    panel = pd.DataFrame(
        {
            "unit": ["b", "a", "a", "b", "c", "c"],
            "year": [2021, 2022, 2021, 2022, 2021, 2022],
            "first_treated": [2022, np.nan, np.nan, 2022, np.nan, np.nan],
            "cluster": [1, 1, 1, 1, 2, 2],
            "y": [3.0, 2.0, 1.0, 4.0, 5.0, np.nan],
        }
    )
    structure = PanelStructure.build(panel, "unit", "year", "first_treated", "cluster", None)
    values, kept, periods, notes = structure.outcome_matrix(panel, "y")
    np.testing.assert_array_equal(values, [[1.0, 2.0], [3.0, 4.0], [5.0, np.nan]])
    assert kept.tolist() == [True, True, False]
    assert periods.tolist() == [2021.0, 2022.0]
    assert "1 unit(s) without 'y'" in notes[0]
