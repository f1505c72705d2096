"""Figures of the pockets stage: priority villages per kecamatan, and the deprivation profile.

Both draw from the published results (`PocketsResults` or its JSON form), so the chart shows
exactly the numbers of ``results/pockets.json``, and carry the SIMULASI stamp for simulated data.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis import figures, fmt
from analysis.labels import INDICATOR_NAMES_EN
from analysis.results import ResultModel


def _as_json(summary) -> dict:
    """The results as their JSON form (a `PocketsResults` or a dict already in that form)."""
    return summary.to_json() if isinstance(summary, ResultModel) else summary


def plot_kecamatan_concentration(summary, labels: dict):
    """Horizontal bars: priority and other villages per kecamatan, with the priority share.

    ``summary`` is a `PocketsResults` or its JSON form; ``labels`` keys: "x" (axis),
    "priority", "other" (legend); English defaults.
    """
    summary = _as_json(summary)
    table = pd.DataFrame(summary["kecamatan_concentration"])
    table = table.sort_values(["n_priority", "pct_villages_priority"], ascending=True)
    height = 2.8 + 0.36 * len(table)
    fig, ax = figures.new_figure(figures.column_width_cm(0.5), height)
    positions = np.arange(len(table))
    ax.barh(
        positions,
        table["n_priority"],
        color=figures.REGENCY_COLOR,
        label=labels.get("priority", "Priority villages"),
    )
    ax.barh(
        positions,
        table["n_villages"] - table["n_priority"],
        left=table["n_priority"],
        color="#d9d9d9",
        label=labels.get("other", "Other villages"),
    )
    for y, (_, row) in zip(positions, table.iterrows(), strict=True):
        if row["n_priority"] > 0:
            ax.text(
                row["n_villages"] + 0.3,
                y,
                fmt.percent(row["pct_villages_priority"], 0, labels.get("lang", "en")),
                va="center",
                fontsize=figures.MIN_FONT_PT,
                color="#333333",
            )
    ax.set_yticks(positions, table["kecamatan_name"])
    ax.set_xlabel(labels.get("x", "Number of villages"))
    ax.set_xlim(0, table["n_villages"].max() * 1.15 + 1)
    ax.grid(axis="y", visible=False)
    fig.legend(loc="outside lower center", ncol=2, frameon=False)
    if summary.get("is_simulated"):
        figures.mark_simulated(fig)
    return fig


def plot_deprivation_profile(summary, labels: dict):
    """Paired bars per indicator: share of families deprived in priority vs other villages.

    Error bars are the bootstrap intervals over villages. ``labels`` keys: "x", "priority",
    "other" and one per indicator ("desil1", "rtlh", ...); English defaults.
    """
    summary = _as_json(summary)
    profile = pd.DataFrame(summary["deprivation_profile"]).iloc[::-1].reset_index(drop=True)
    fig, ax = figures.new_figure(figures.column_width_cm(0.5), 8.5)
    positions = np.arange(len(profile))
    height = 0.38
    for offset, group, color in (
        (height / 2, "priority", figures.REGENCY_COLOR),
        (-height / 2, "other", figures.MUTED_COLOR),
    ):
        values = profile[group].astype(float)
        errors = np.vstack(
            [
                values - profile[f"{group}_low"].astype(float),
                profile[f"{group}_high"].astype(float) - values,
            ]
        )
        ax.barh(
            positions + offset,
            values,
            height=height,
            color=color,
            xerr=np.clip(np.nan_to_num(errors), 0, None),
            error_kw={"elinewidth": 0.7, "capsize": 1.5, "ecolor": "#333333"},
            label=labels.get(
                group, "Priority villages" if group == "priority" else "Other villages"
            ),
        )
    names = [labels.get(name, INDICATOR_NAMES_EN.get(name, name)) for name in profile["indicator"]]
    ax.set_yticks(positions, names)
    ax.set_xlabel(labels.get("x", "Share of families (%)"))
    ax.grid(axis="y", visible=False)
    fig.legend(loc="outside lower center", ncol=2, frameon=False)
    if summary.get("is_simulated"):
        figures.mark_simulated(fig)
    return fig
