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
# The brief's text width (A4 less 2 cm margins each side). Typst resolves a grid column's
# percentage against the full text width, so a figure in a "55%" column prints 0.55 x 17 cm
# wide: drawn at that width, its font sizes are the printed sizes (at least 7 pt).
TEXT_WIDTH_CM = 17.0
FULL_WIDTH_CM = 16.5
HALF_WIDTH_CM = 8.0
MIN_FONT_PT = 7
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


def column_width_cm(share: float) -> float:
    """Width of a figure placed in a brief grid column of ``share`` of the text width (0.55)."""
    return share * TEXT_WIDTH_CM


def mark_simulated(figure, label: str = SIMULATED_LABEL) -> None:
    """Stamp a figure built from simulated data so the label survives cropping and grey print.

    The stamp is the figure's suptitle (top right), for which constrained layout reserves a strip
    above the axes: it never covers data, labels or a legend.
    """
    figure.suptitle(
        label,
        x=0.99,
        ha="right",
        fontsize=8,
        fontweight="bold",
        color="#a51c30",
        bbox={"boxstyle": "round,pad=0.25", "facecolor": "white", "edgecolor": "#a51c30"},
    )


def legend_below(figure, axes, max_columns: int = 3, **options):
    """A figure legend under the axes (outside the data), in as many columns as fit its width.

    Constrained layout reserves the legend's strip, so it covers neither data nor labels; the
    column count falls from ``max_columns`` until the legend is no wider than the figure.
    """
    handles, labels = axes.get_legend_handles_labels()
    renderer = figure.canvas.get_renderer()
    legend = None
    for columns in range(min(max_columns, len(labels)), 0, -1):
        if legend is not None:
            legend.remove()
        legend = figure.legend(
            handles,
            labels,
            loc="outside lower center",
            ncol=columns,
            frameon=False,
            columnspacing=1.0,
            handlelength=1.8,
            **options,
        )
        if legend.get_window_extent(renderer).width <= figure.bbox.width * 0.98:
            break
    return legend


def label_point(axes, text: str, xy, avoid, **options):
    """Annotate the point ``xy`` on the side where the text covers none of the ``avoid`` points.

    Candidate offsets (right, left, above, below and the diagonals) are tried in order and the
    first whose text box (after layout) contains no other point wins; otherwise the one covering
    fewest. ``avoid`` is an (n, 2) array of data coordinates; ``options`` go to ``annotate``.
    """
    import numpy as np

    figure = axes.figure
    avoid = np.asarray(avoid, dtype=float).reshape(-1, 2)
    candidates = [
        ((5, 4), "left", "bottom"),
        ((-5, 4), "right", "bottom"),
        ((5, -4), "left", "top"),
        ((-5, -4), "right", "top"),
        ((7, 0), "left", "center"),
        ((-7, 0), "right", "center"),
        ((0, 7), "center", "bottom"),
        ((0, -7), "center", "top"),
    ]
    best, best_count = None, None
    for offset, ha, va in candidates:
        note = axes.annotate(
            text, xy, xytext=offset, textcoords="offset points", ha=ha, va=va, **options
        )
        figure.draw_without_rendering()
        box = note.get_window_extent(figure.canvas.get_renderer())
        pad = 3 * figure.dpi / 72  # a marker's radius and a little air, in pixels
        points = axes.transData.transform(avoid) if len(avoid) else np.empty((0, 2))
        inside = (
            (points[:, 0] > box.x0 - pad)
            & (points[:, 0] < box.x1 + pad)
            & (points[:, 1] > box.y0 - pad)
            & (points[:, 1] < box.y1 + pad)
        )
        within = axes.bbox.contains(box.x0, box.y0) and axes.bbox.contains(box.x1, box.y1)
        count = int(inside.sum()) + (0 if within else len(points) + 1)
        if best_count is None or count < best_count:
            if best is not None:
                best.remove()
            best, best_count = note, count
        else:
            note.remove()
        if count == 0:
            break
    return best


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
