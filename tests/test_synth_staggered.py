"""The generic staggered panel for checking the impact estimator: cohorts, selection, truth."""

from __future__ import annotations

import numpy as np
import pytest

from analysis.synth import simulate_staggered_panel, true_overall_effect


def test_cohorts_have_their_sizes_and_the_poorest_units_are_treated_first():
    """Cohort sizes are as asked; earlier cohorts have higher permanent levels on average."""
    panel = simulate_staggered_panel(n_units=200, n_clusters=10, cohorts={2022: 20, 2023: 40})
    units = panel.drop_duplicates("unit")
    assert units["first_treated"].value_counts().to_dict() == {2023.0: 40, 2022.0: 20}
    assert units["cluster"].nunique() == 10
    first_year = panel[panel["year"] == 2019].set_index("unit")
    treated = first_year["first_treated"].notna()
    assert first_year.loc[treated, "y"].mean() > first_year.loc[~treated, "y"].mean()


def test_true_effect_starts_at_treatment_and_grows_with_the_slope():
    """Effects are zero before first treatment and effect + slope * e after."""
    panel = simulate_staggered_panel(effect=-1.0, effect_slope=-0.5, seed=2)
    event = panel["year"] - panel["first_treated"]
    assert (panel.loc[~(event >= 0), "true_effect"] == 0).all()
    after = panel[event >= 0]
    expected = -1.0 - 0.5 * (after["year"] - after["first_treated"])
    np.testing.assert_allclose(after["true_effect"], expected)


def test_true_overall_effect_weights_cohorts_by_size():
    """With a constant effect per cohort the truth is the size-weighted mean of the cohorts."""
    panel = simulate_staggered_panel(
        cohorts={2022: 25, 2023: 75}, effect=-1.0, cohort_scale={2022: 2.0}, seed=3
    )
    assert true_overall_effect(panel) == pytest.approx((25 * -2.0 + 75 * -1.0) / 100)


def test_bad_arguments_are_refused():
    """More treated units than units, an unknown selection rule, or no year before are errors."""
    with pytest.raises(ValueError, match="more units than n_units"):
        simulate_staggered_panel(n_units=50, cohorts={2022: 60})
    with pytest.raises(ValueError, match="selection must be"):
        simulate_staggered_panel(selection="random")
    with pytest.raises(ValueError, match="needs a year before"):
        simulate_staggered_panel(years=range(2022, 2026), cohorts={2022: 5}, selection="observed")
