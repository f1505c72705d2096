"""The comparisons of the design: exact 2x2 algebra, clustered influence functions, TWFE."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.errors import InputError
from analysis.impact import estimate_impact
from analysis.synth import simulate_staggered_panel

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


def test_group_time_effects_equal_two_by_two_mean_comparisons():
    """ATT(g,t) is the cohort's mean long difference minus the not-yet-treated controls' mean."""
    panel, y = _tiny_panel()
    result = _fit(panel, inference="analytic", base_period="universal")
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


def test_never_treated_control_group_is_used_when_asked():
    """With never-treated controls every cell compares with the never-treated units only."""
    panel = simulate_staggered_panel(effect=-1.0, seed=15)
    result = _fit(panel, control="never_treated")
    assert set(result.group_time["n_control"]) == {295}
    assert result.to_dict()["control_group"] == "never_treated"


def test_no_control_message_is_bilingual():
    """A cohort without controls is explained in Indonesian, then in English, with the cohort,
    the period and the reason in each language."""
    panel = simulate_staggered_panel(n_units=40, n_clusters=5, cohorts={2022: 20, 2024: 20}, seed=2)
    with pytest.raises(InputError) as error:
        _fit(panel, control="never_treated")
    first, second = str(error.value).split("\n(en) ")
    assert "kohort yang pertama diintervensi pada 2022" in first
    assert "tidak ada unit yang tidak pernah diintervensi" in first
    assert "no unit is never treated" in second and "cohort first treated in 2022" in second
