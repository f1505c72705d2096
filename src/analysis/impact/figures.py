"""The event-study figure of the impact estimator."""

from __future__ import annotations

import numpy as np
import pandas as pd

_DEFAULT_LABELS = {
    "x": "Years since first treatment",
    "y": "Effect",
    "estimate": "Estimate and 95% interval",
    "reference": "Base period",
    "title": "",
}


def plot_event_study(result, labels: dict[str, str] | None = None):
    """Draw the event study: estimates and intervals by event time, zero line, treatment start.

    Parameters
    ----------
    result : ImpactResult
        Output of :func:`analysis.impact.estimate_impact`.
    labels : dict of str to str, optional
        Visible text: ``x``, ``y``, ``estimate``, ``reference``, ``title`` (English defaults).
        The SIMULASI stamp is the caller's (``analysis.figures.mark_simulated``).

    Returns
    -------
    matplotlib.figure.Figure
    """
    level = result.info.get("inference", {}).get("ci_level", 0.95)
    return plot_event_time(result.by_event_time, level, labels)


def plot_event_time(table: pd.DataFrame, level: float, labels: dict[str, str] | None = None):
    """Draw an event-time table (``by_event_time`` of a result) with intervals at ``level``.

    Parameters
    ----------
    table : pandas.DataFrame
        Columns ``event_time, estimate, ci_low, ci_high, reference``; missing or infinite
        interval ends are left undrawn.
    level : float
        Interval level, shown in the default legend text.
    labels : dict of str to str, optional
        As in :func:`plot_event_study`.

    Returns
    -------
    matplotlib.figure.Figure
    """
    from analysis import figures

    defaults = {**_DEFAULT_LABELS, "estimate": f"Estimate and {level:.0%} interval"}
    labels = {**defaults, **(labels or {})}
    # Unbounded intervals (too few clusters) are left undrawn rather than drawn to infinity.
    table = table.replace([np.inf, -np.inf], np.nan)
    # Drawn at the width of the brief's 55 % grid column, so its text prints at nominal size.
    fig, ax = figures.new_figure(figures.column_width_cm(0.55), 7.0)
    ax.axhline(0, color=figures.NATION_COLOR, linewidth=0.8)
    ax.axvline(-0.5, color=figures.MUTED_COLOR, linewidth=0.8, linestyle="--")
    est = table[~table["reference"]]
    low = (est["estimate"] - est["ci_low"]).clip(lower=0)
    high = (est["ci_high"] - est["estimate"]).clip(lower=0)
    ax.errorbar(
        est["event_time"],
        est["estimate"],
        yerr=[low, high],
        fmt="o",
        color=figures.REGENCY_COLOR,
        ecolor=figures.REGENCY_COLOR,
        markersize=4,
        capsize=2,
        linewidth=1.0,
        label=labels["estimate"],
    )
    ref = table[table["reference"]]
    ax.plot(
        ref["event_time"],
        ref["estimate"],
        "o",
        markerfacecolor="white",
        markeredgecolor=figures.REGENCY_COLOR,
        markersize=4,
        label=labels["reference"],
    )
    ax.set_xticks(table["event_time"].tolist())
    ax.set_xlabel(labels["x"])
    ax.set_ylabel(labels["y"])
    if labels["title"]:
        ax.set_title(labels["title"])
    figures.legend_below(fig, ax, max_columns=2)
    return fig
