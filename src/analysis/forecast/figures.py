"""The fan chart: history, median forecast, 80 % and 95 % bands, and the target."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from analysis import figures
from analysis.forecast.inputs import parse_target

if TYPE_CHECKING:
    from analysis.build import Context
    from analysis.forecast.result import ForecastResult

DEFAULT_LABELS = {
    "xlabel": "Year",
    "ylabel": "P0 (%)",
    "history": "Observed (BPS, March)",
    "covid": "COVID year",
    "median": "Forecast (median)",
    "band80": "80% interval",
    "band95": "95% interval",
    "target": "Target",
    "title": "",
}
# The brief shows the fan chart in a 50 % grid column beside the projection table (inches): drawn
# at that width its fonts print at their nominal size; the legend below needs the extra height.
BRIEF_SIZE = (figures.column_width_cm(0.5) * figures.CM, 8.2 * figures.CM)
BRIEF_MAX_TICKS = 6  # at half width, every year as a tick label would crowd the axis


def _draw_history(ax, result: ForecastResult, text: dict[str, str]) -> None:
    """Observed P0 as a line with dots, broken at missing years; COVID years as open circles."""
    hist = result.history
    covid_mask = hist["role"] == "covid"
    # Every year from first to last, NaN where BPS has none: the line breaks, never interpolates.
    every_year = (
        hist.groupby("year")["p0"]
        .first()
        .reindex(range(int(hist["year"].min()), int(hist["year"].max()) + 1))
    )
    ax.plot(
        every_year.index,
        every_year.to_numpy(dtype=float),
        color="#222222",
        lw=1.4,
        marker="o",
        ms=4,
        label=text["history"],
        zorder=4,
    )
    if covid_mask.any():
        ax.plot(
            hist.loc[covid_mask, "year"],
            hist.loc[covid_mask, "p0"],
            ls="none",
            marker="o",
            ms=6,
            mfc="white",
            mec="#222222",
            label=text["covid"],
            zorder=5,
        )


def _draw_forecast(ax, result: ForecastResult, text: dict[str, str]) -> None:
    """The 95 % and 80 % bands and the median, each starting from the latest observation."""
    hz = result.horizons
    xs = np.concatenate([[result.latest_year], hz["year"].to_numpy()])
    last = result.latest_value

    def edge(column):
        return np.concatenate([[last], hz[column].to_numpy()])

    for level, color, alpha, zorder in ((95, 0, 0.55, 1), (80, 1, 0.65, 2)):
        ax.fill_between(
            xs,
            edge(f"lo{level}"),
            edge(f"hi{level}"),
            color=figures.BAND_COLORS[color],
            alpha=alpha,
            lw=0,
            label=text[f"band{level}"],
            zorder=zorder,
        )
    ax.plot(
        xs,
        edge("median"),
        color=figures.REGENCY_COLOR,
        lw=1.6,
        ls="--",
        marker="s",
        ms=3.5,
        label=text["median"],
        zorder=3,
    )


def _draw_target(ax, year: int, bounds: tuple[float, float], label: str) -> None:
    """A range target as a hatched box, a point target as a dotted line, in the target year."""
    low, high = bounds
    x0, x1 = year - 0.4, year + 0.4
    if high > low:
        ax.fill_between(
            [x0, x1],
            [low, low],
            [high, high],
            facecolor="none",
            edgecolor="#222222",
            hatch="////",
            lw=0.8,
            label=label,
            zorder=6,
        )
    else:
        ax.hlines(high, x0, x1, colors="#222222", linestyles=":", lw=1.6, label=label, zorder=6)


def plot_fan_chart(
    result: ForecastResult,
    labels: dict[str, str] | None = None,
    target: float | tuple[float, float] | None = None,
    size_cm: tuple[float, float] = (16.5, 7.0),
):
    """Draw history, median forecast, 80% and 95% bands and the target as a line or band.

    Parameters
    ----------
    result : ForecastResult
    labels : dict of str, optional
        Visible text; keys ``xlabel``, ``ylabel``, ``history``, ``covid``, ``median``,
        ``band80``, ``band95``, ``target``, ``title``. Missing keys fall back to English.
    target : float or (low, high), optional
        Overrides ``result.target``.
    size_cm : (width, height)
        Physical size; the legend sits below the axes in as many columns as fit this width.

    Returns
    -------
    matplotlib.figure.Figure
    """
    text = {**DEFAULT_LABELS, **(labels or {})}
    bounds = parse_target(target) if target is not None else result.target
    fig, ax = figures.new_figure(*size_cm)
    _draw_history(ax, result, text)
    _draw_forecast(ax, result, text)
    if bounds is not None:
        _draw_target(ax, result.target_year, bounds, text["target"])
    ax.set_xlabel(text["xlabel"])
    ax.set_ylabel(text["ylabel"])
    if text["title"]:
        ax.set_title(text["title"])
    years = list(result.history["year"]) + list(result.horizons["year"])
    step = 1 if len(set(years)) <= 12 else 2
    ax.set_xticks(range(min(years), max(years) + 1, step))
    figures.legend_below(fig, ax, max_columns=3)
    return fig


def fan_chart(context: Context, result: ForecastResult):
    """Draw the brief's fan chart in the brief's language and size, save it, and return it.

    Written to ``figures/fan_chart.png`` of the build; the returned figure shows in a notebook.
    """
    from matplotlib.ticker import MaxNLocator

    label = context.labels
    fan_labels = {
        "xlabel": "",
        "ylabel": label("axis_p0"),
        "history": label("legend_history"),
        "covid": label("covid"),
        "median": label("legend_median"),
        "band80": label("legend_band80"),
        "band95": label("legend_band95"),
        "target": label("legend_target"),
        "title": "",
    }
    size_cm = (BRIEF_SIZE[0] / figures.CM, BRIEF_SIZE[1] / figures.CM)
    fan = plot_fan_chart(result, fan_labels, size_cm=size_cm)
    for axes in fan.axes:
        axes.xaxis.set_major_locator(MaxNLocator(BRIEF_MAX_TICKS, integer=True))
    return figures.save_figure(fan, context.figure("fan_chart"))


# Every figure of the forecast stage; the brief places it.
FIGURES = (fan_chart,)


def draw_figures(context, result):
    """Draw, save and show every forecast figure (`FIGURES`)."""
    from analysis import figures

    return figures.draw_all(FIGURES, context, result)
