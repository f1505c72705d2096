"""The event-study figure."""

from __future__ import annotations

from analysis import impact
from analysis.impact import estimate_impact
from analysis.synth import simulate_staggered_panel

COLUMNS = {"unit": "unit", "time": "year", "first_treated": "first_treated", "cluster": "cluster"}


def _fit(panel, outcome="y", **kwargs):
    return estimate_impact(panel, outcome=outcome, **{**COLUMNS, **kwargs})


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
