"""The fan chart: bands, median and target drawn with the given labels; the brief's version saved
at half width with few year ticks."""

from __future__ import annotations

import dataclasses

import matplotlib
import pytest
from test_forecast_simulation import jateng_like_panel

from analysis import build, params
from analysis import forecast as fc

matplotlib.use("Agg")


@pytest.fixture(scope="module")
def result():
    """A forecast of a simulated regency to 2027 with a range target."""
    panel, province = jateng_like_panel(seed=12)
    return fc.forecast_series(
        panel["3301"],
        kode="3301",
        panel=panel,
        province=province,
        target_year=2027,
        target=(8.0, 8.5),
        summarize=False,
    )


def test_plot_fan_chart_draws_bands_and_target(result):
    """The fan chart returns a Figure with the given labels and a target band."""
    labels = {
        "xlabel": "Tahun",
        "ylabel": "P0 (%)",
        "history": "Data BPS",
        "median": "Median",
        "band80": "Selang 80%",
        "band95": "Selang 95%",
        "target": "Target",
    }
    figure = fc.plot_fan_chart(result, labels)
    legend = [t.get_text() for t in figure.legends[0].get_texts()]
    assert {"Data BPS", "Median", "Selang 80%", "Selang 95%", "Target", "COVID year"} <= set(legend)
    assert figure.axes[0].get_xlabel() == "Tahun"
    matplotlib.pyplot.close(figure)


def test_point_target_is_a_line_and_no_target_draws_none(result):
    """A point target is drawn as a line in the target year; without a target nothing is."""
    figure = fc.plot_fan_chart(result, target=8.2)
    lines = [c for c in figure.axes[0].collections if c.get_label() == "Target"]
    assert len(lines) == 1 and type(lines[0]).__name__ == "LineCollection"
    matplotlib.pyplot.close(figure)
    result_without = dataclasses.replace(result, target=None)
    figure = fc.plot_fan_chart(result_without)
    legend = [t.get_text() for t in figure.legends[0].get_texts()]
    assert "Target" not in legend
    matplotlib.pyplot.close(figure)


def test_brief_fan_chart_is_saved_at_half_width(result, tmp_path):
    """fan_chart() saves figures/fan_chart.png at the width of its 50 % column of the 17 cm text
    (so fonts print at their nominal size) with integer year ticks."""
    context = build.Context(params.load("klaten"), tmp_path)
    figure = fc.fan_chart(context, result)
    assert context.figure("fan_chart").stat().st_size > 0
    width, height = figure.get_size_inches()
    assert width == pytest.approx(0.5 * 17.0 / 2.54) and 6.0 / 2.54 < height < 9.0 / 2.54
    ticks = figure.axes[0].get_xticks()
    assert len(ticks) <= 8 and all(float(t).is_integer() for t in ticks)
    assert figure.axes[0].get_xlabel() == ""
