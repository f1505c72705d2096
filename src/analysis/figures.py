"""One figure style for every chart in the brief, sized in physical units for A4.

Figures use seaborn's ``whitegrid`` theme with a palette that stays distinguishable in grey print
(dark red, mid blue, grey, with markers and line styles), widths in centimetres that match the
brief's column widths, and a SIMULASI stamp for anything built from simulated village data.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import seaborn as sns

from analysis import build

CM = 1 / 2.54
FULL_WIDTH_CM = 16.5
HALF_WIDTH_CM = 8.0
REGENCY_COLOR = "#a51c30"
PROVINCE_COLOR = "#2c6fb7"
NATION_COLOR = "#6b6b6b"
MUTED_COLOR = "#9a9a9a"
BAND_COLORS = ("#e8a3ad", "#c9485b")
SIMULATED_LABEL = "SIMULASI"


def apply_theme() -> None:
    """Set the project's seaborn theme (call once before drawing; idempotent)."""
    sns.set_theme(
        context="paper",
        style="whitegrid",
        font="DejaVu Sans",
        rc={
            "axes.edgecolor": "#444444",
            "axes.titlesize": 9,
            "axes.labelsize": 8,
            "xtick.labelsize": 7,
            "ytick.labelsize": 7,
            "legend.fontsize": 7,
            "grid.color": "#dddddd",
            "figure.dpi": 100,
            "savefig.dpi": 200,
            "svg.hashsalt": "tkpk",  # stable output across builds
            "path.simplify": True,
        },
    )


def new_figure(width_cm: float = FULL_WIDTH_CM, height_cm: float = 7.0):
    """Return ``(figure, axes)`` of the given physical size with the project theme applied."""
    apply_theme()
    figure, axes = plt.subplots(figsize=(width_cm * CM, height_cm * CM), layout="constrained")
    return figure, axes


def mark_simulated(figure, label: str = SIMULATED_LABEL) -> None:
    """Stamp a figure built from simulated data so the label survives cropping and grey print."""
    figure.text(
        0.99,
        0.99,
        label,
        ha="right",
        va="top",
        fontsize=8,
        fontweight="bold",
        color="#a51c30",
        bbox={"boxstyle": "round,pad=0.25", "facecolor": "white", "edgecolor": "#a51c30"},
    )


def save_figure(figure, path: Path):
    """Write a figure atomically (temporary file, then rename), close it and return it.

    The format follows the suffix: PNG (the brief's figures; PDF text extraction for the privacy
    check stays fast) or SVG. The closed figure is returned so that a notebook cell shows it.
    """
    path = Path(path)
    kind = path.suffix.lstrip(".").lower()
    # Fixed metadata keeps the bytes identical across builds.
    metadata = {"Date": None, "Creator": None} if kind == "svg" else {"Software": None}
    try:
        build.write_with(
            path, lambda temporary: figure.savefig(temporary, format=kind, metadata=metadata)
        )
    finally:
        plt.close(figure)
    return figure


class FigureSet(tuple):
    """The figures one notebook step drew; a cell that returns it shows each figure inline."""

    def _ipython_display_(self):
        from IPython.display import display

        for figure in self:
            display(figure)


def draw_all(steps, context, result) -> FigureSet:
    """Draw (and save) every figure of a stage: ``step(context, result)`` for each step.

    Each stage lists its figure steps in a tuple ``FIGURES`` beside them, so a new figure is its
    drawing function added to that tuple and its place in the brief; the notebooks and the
    pipeline draw the whole tuple.
    """
    return FigureSet(step(context, result) for step in steps)
