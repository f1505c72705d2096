"""Tests for the impact stage: staggered difference in differences with few-cluster inference."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from analysis import impact
from analysis.errors import InputError
from analysis.impact import (
    estimate_impact,
    estimate_outcomes,
    first_treated_from_indicator,
    simulate_staggered_panel,
    true_overall_effect,
)

COLUMNS = {"unit": "unit", "time": "year", "first_treated": "first_treated", "cluster": "cluster"}


def _fit(panel, outcome="y", **kwargs):
    return estimate_impact(panel, outcome=outcome, **{**COLUMNS, **kwargs})


def _tiny_panel():
    """Six units in three clusters, periods 1-4, cohorts 2 and 3 and two never-treated units."""
    y = {
        "a": [1.0, 3.0, 4.0, 6.0],
        "b": [2.0, 2.5, 5.0, 7.5],
        "c": [0.0, 1.0, 1.0, 4.0],
        "d": [1.0, 1.5, 3.5, 3.0],
        "e": [3.0, 3.5, 4.0, 5.5],
        "f": [2.0, 2.0, 3.0, 3.5],
    }
    first = {"a": 2, "b": 2, "c": 3, "d": 3, "e": np.nan, "f": np.nan}
    cluster = {"a": "k1", "b": "k2", "c": "k1", "d": "k3", "e": "k2", "f": "k3"}
    rows = [
        {"unit": u, "year": t + 1, "y": v, "first_treated": first[u], "cluster": cluster[u]}
        for u, values in y.items()
        for t, v in enumerate(values)
    ]
    return pd.DataFrame(rows), y


# --------------------------------------------------------------------------------------------
# Exact algebra on small panels


def test_group_time_effects_equal_two_by_two_mean_comparisons():
    """ATT(g,t) is the cohort's mean long difference minus the not-yet-treated controls' mean."""
    panel, y = _tiny_panel()
    result = _fit(panel, inference="analytic")
    cells = result.group_time.set_index(["cohort", "period"])["estimate"]

    def diff(units, t, base):
        return np.mean([y[u][t - 1] - y[u][base - 1] for u in units])

    # Cohort 2 (base 1) at period 2: controls are cohort 3 and never treated.
    assert cells[(2, 2)] == pytest.approx(diff("ab", 2, 1) - diff("cdef", 2, 1))
    # At period 3 cohort 3 is treated, so only the never-treated units remain.
    assert cells[(2, 3)] == pytest.approx(diff("ab", 3, 1) - diff("ef", 3, 1))
    # Cohort 3 (base 2), pre-period 1: long difference 1 -> 2 against never treated.
    assert cells[(3, 1)] == pytest.approx(diff("cd", 1, 2) - diff("ef", 1, 2))
    assert cells[(3, 4)] == pytest.approx(diff("cd", 4, 2) - diff("ef", 4, 2))
    by_cohort = result.by_cohort.set_index("cohort")["estimate"]
    assert by_cohort[2] == pytest.approx(np.mean([cells[(2, t)] for t in (2, 3, 4)]))
    assert result.overall["estimate"] == pytest.approx(0.5 * by_cohort[2] + 0.5 * by_cohort[3])


def test_standard_error_is_clustered_influence_function():
    """A cell's se is the CR1 spread of its influence function summed within clusters."""
    panel, y = _tiny_panel()
    result = _fit(panel, inference="analytic")
    cell = result.group_time.set_index(["cohort", "period"]).loc[(2, 2)]
    dy = {u: y[u][1] - y[u][0] for u in y}
    treated, control = ["a", "b"], ["c", "d", "e", "f"]
    m_t, m_c = np.mean([dy[u] for u in treated]), np.mean([dy[u] for u in control])
    psi = {u: (dy[u] - m_t) / 2 for u in treated} | {u: -(dy[u] - m_c) / 4 for u in control}
    clusters = {"k1": ["a", "c"], "k2": ["b", "e"], "k3": ["d", "f"]}
    sums = np.array([sum(psi[u] for u in members) for members in clusters.values()])
    assert cell["se"] == pytest.approx(np.sqrt(3 / 2 * np.sum(sums**2)))


def test_twfe_benchmark_matches_dummy_regression():
    """The TWFE benchmark equals OLS with unit and year dummies, clustered se up to dof factor."""
    sm = pytest.importorskip("statsmodels.formula.api")
    panel = simulate_staggered_panel(
        n_units=60,
        n_clusters=8,
        cohorts={2022: 10, 2023: 15},
        effect=-1.0,
        effect_slope=-0.5,
        seed=3,
    )
    panel["d"] = (panel["year"] >= panel["first_treated"]).astype(float)
    result = _fit(panel, inference="analytic")
    ols = sm.ols("y ~ d + C(unit) + C(year)", data=panel).fit(
        cov_type="cluster", cov_kwds={"groups": pd.factorize(panel["cluster"])[0]}
    )
    assert result.twfe["estimate"] == pytest.approx(ols.params["d"], rel=1e-9)
    n, k = len(panel), ols.df_model + 1
    assert result.twfe["se"] == pytest.approx(ols.bse["d"] / np.sqrt((n - 1) / (n - k)), rel=1e-6)


def test_every_estimate_direction_lies_in_the_bootstrap_model_space():
    """The restricted bootstrap fit is valid: each estimate's weight vector is in the model."""
    panel = simulate_staggered_panel(
        n_units=80, n_clusters=10, cohorts={2022: 10, 2023: 20}, seed=4
    )
    panel["x"] = np.repeat(np.random.default_rng(0).normal(size=80), 7)
    for covariates in (None, ["x"]):
        structure = impact._Structure.build(
            panel, "unit", "year", "first_treated", "cluster", covariates
        )
        values, kept, periods, _ = structure.outcome_matrix(panel, "y")
        settings = impact._Settings.check("not_yet_treated", "auto", 199, "auto", 0.05, 1)
        design = impact._Design(structure, kept, periods, settings)
        shape = (design.n_units, design.n_periods)
        for stat in design.stats.values():
            a = stat.a.reshape(shape)
            np.testing.assert_allclose(design.saturated_fit(a), a, atol=1e-10)
            y = values[design.rows].ravel()
            assert stat.a @ design.saturated_fit(values[design.rows]).ravel() == pytest.approx(
                stat.a @ y
            )
        a = design.twfe.a.reshape(shape)
        np.testing.assert_allclose(design.twfe_fit(a), a, atol=1e-10)


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
    assert analytic.to_dict()["inference"]["method"] == "cluster_robust_analytic"


# --------------------------------------------------------------------------------------------
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
    """With no effect, the 5 % wild bootstrap test rejects in at most 7 % of 500 replications."""
    # Monte Carlo error: a correctly sized test rejects with sd sqrt(0.05 * 0.95 / 500) = 1.0
    # point, so 7 % is two sd above 5 %; a test with true size 10 % (sd 1.3 points) would
    # exceed 7 % with probability about 0.99. We obtained 5.0 % (bias 0.009, sd 0.136).
    _, _, rejection = _monte_carlo(500, 20_000)
    assert rejection <= 0.07


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


# --------------------------------------------------------------------------------------------
# Bad panels


def test_duplicate_unit_period_rows_are_rejected():
    """Two rows for one unit and year give an error naming the unit and the year."""
    panel = simulate_staggered_panel(n_units=40, n_clusters=5, cohorts={2022: 5}, seed=1)
    panel = pd.concat([panel, panel.iloc[[3]]])
    with pytest.raises(InputError, match=r"duplicate rows.*unit='d0000', year=2022"):
        _fit(panel)


def test_first_treated_varying_within_a_unit_is_rejected():
    """Treatment that switches off (first_treated changing within a unit) is an input error."""
    panel = simulate_staggered_panel(n_units=40, n_clusters=5, cohorts={2022: 5}, seed=1)
    unit = panel.loc[panel["first_treated"].notna(), "unit"].iloc[0]
    late = (panel["unit"] == unit) & (panel["year"] >= 2024)
    panel.loc[late, "first_treated"] = np.nan
    with pytest.raises(
        InputError,
        match=rf"'first_treated' varies within unit='{unit}'.*2024: "
        r"never.*switch off",
    ):
        _fit(panel)


def test_indicator_that_switches_off_is_rejected():
    """A 0/1 treatment that goes back to 0 is refused; a valid one gives the first period."""
    panel = pd.DataFrame(
        {"unit": ["a"] * 4 + ["b"] * 4, "year": [1, 2, 3, 4] * 2, "d": [0, 1, 1, 1, 0, 0, 1, 0]}
    )
    with pytest.raises(InputError, match=r"'d' switches off for unit='b'.*year=4"):
        first_treated_from_indicator(panel, "unit", "year", "d")
    panel.loc[7, "d"] = 1
    first = first_treated_from_indicator(panel, "unit", "year", "d")
    assert first.tolist() == [2.0] * 4 + [3.0] * 4


def test_cohort_without_control_units_is_rejected():
    """With no never-treated units, the last cohort has no not-yet-treated controls."""
    panel = simulate_staggered_panel(n_units=40, n_clusters=5, cohorts={2022: 20, 2024: 20}, seed=2)
    with pytest.raises(
        InputError,
        match=r"cohort first treated in 2024 .* no control units at "
        r"period 2024 with control='not_yet_treated'",
    ):
        _fit(panel)
    with pytest.raises(InputError, match=r"no unit is never treated"):
        _fit(panel, control="never_treated")


def test_missing_columns_and_text_outcomes_are_rejected():
    """A missing column or a non-numeric outcome value is named in the error."""
    panel = simulate_staggered_panel(n_units=40, n_clusters=5, cohorts={2022: 5}, seed=1)
    with pytest.raises(InputError, match=r"outcome column 'poverty' is not in the panel"):
        _fit(panel, outcome="poverty")
    with pytest.raises(InputError, match=r"cluster column 'kecamatan' is not in the panel"):
        _fit(panel, cluster="kecamatan")
    text = panel.assign(y=panel["y"].round(2).astype(str))
    text.loc[5, "y"] = "n/a"
    with pytest.raises(
        InputError,
        match=r"outcome column 'y' must be numeric; found 'n/a' at "
        r"unit='d0000', year=2024",
    ):
        _fit(text)


def test_first_treated_off_the_period_grid_and_zero_with_period_zero_are_rejected():
    """A first treated period between panel periods, or 0 when 0 is a period, is refused."""
    panel = simulate_staggered_panel(n_units=40, n_clusters=5, cohorts={2022: 5}, seed=1)
    odd = panel.assign(first_treated=panel["first_treated"] + 0.5)
    with pytest.raises(InputError, match=r"first treated period 2022.5 .* not one of"):
        _fit(odd)
    zero_based = panel.assign(
        year=panel["year"] - 2019, first_treated=(panel["first_treated"] - 2019).fillna(0)
    )
    with pytest.raises(InputError, match=r"uses 0 for never treated"):
        _fit(zero_based)


# --------------------------------------------------------------------------------------------
# Pre-trends, outputs and conveniences


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


def test_never_codes_are_equivalent_and_late_or_early_treatment_is_noted():
    """NaN, 0, inf and None mean never treated; treatment outside the window is noted."""
    panel = simulate_staggered_panel(n_units=60, n_clusters=8, cohorts={2022: 10}, seed=12)
    base = _fit(panel, inference="analytic").overall
    for code in (0, np.inf, None):
        coded = panel.assign(first_treated=panel["first_treated"].astype(object))
        coded.loc[coded["first_treated"].isna(), "first_treated"] = code
        assert _fit(coded, inference="analytic").overall == base
    never = panel["first_treated"].isna()
    units = panel.loc[never, "unit"].unique()
    shifted = panel.copy()
    shifted.loc[shifted["unit"] == units[0], "first_treated"] = 2030
    shifted.loc[shifted["unit"] == units[1], "first_treated"] = 2019
    result = _fit(shifted, inference="analytic")
    assert result.to_dict()["n_units"] == 59
    assert any("after the last period" in note for note in result.notes)
    assert any("no base period" in note and "left out" in note for note in result.notes)


def test_unbalanced_units_are_dropped_with_a_note():
    """A unit missing a year of the outcome is left out and the note says how many."""
    panel = simulate_staggered_panel(n_units=60, n_clusters=8, cohorts={2022: 10}, seed=13)
    panel = panel.drop(index=panel.index[(panel["unit"] == "d0007") & (panel["year"] == 2020)])
    result = _fit(panel, inference="analytic")
    assert result.to_dict()["n_units"] == 59
    assert any("1 unit(s) without 'y' in every period" in note for note in result.notes)


def test_bootstrap_is_reproducible_with_its_seed():
    """The same seed gives the same interval; the interval covers the estimate."""
    panel = simulate_staggered_panel(effect=-1.0, seed=14)
    first, second = _fit(panel, seed=5, n_boot=199), _fit(panel, seed=5, n_boot=199)
    assert first.overall == second.overall
    assert first.overall["ci_low"] < first.overall["estimate"] < first.overall["ci_high"]


def test_never_treated_control_group_is_used_when_asked():
    """With never-treated controls every cell compares with the never-treated units only."""
    panel = simulate_staggered_panel(effect=-1.0, seed=15)
    result = _fit(panel, control="never_treated")
    assert set(result.group_time["n_control"]) == {295}
    assert result.to_dict()["control_group"] == "never_treated"


def test_event_study_figure_has_points_zero_line_and_labels():
    """The event-study figure draws every event time with the given axis labels."""
    panel = simulate_staggered_panel(effect=-1.0, seed=16)
    result = _fit(panel, n_boot=199)
    figure = impact.plot_event_study(result, {"x": "Tahun sejak lokus", "y": "Efek (poin)"})
    ax = figure.axes[0]
    assert ax.get_xlabel() == "Tahun sejak lokus"
    assert ax.get_ylabel() == "Efek (poin)"
    assert [int(t) for t in ax.get_xticks()] == result.by_event_time["event_time"].tolist()
    import matplotlib.pyplot as plt

    plt.close(figure)
