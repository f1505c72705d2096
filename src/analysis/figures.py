"""One figure style for every chart in the brief, sized in physical units for A4.

Figures use seaborn's ``whitegrid`` theme with a palette that stays distinguishable in grey print
(dark red, mid blue, grey, with markers and line styles), widths in centimetres that match the
brief's column widths, and a SIMULASI stamp for anything built from simulated village data.
"""

from __future__ import annotations

import io
import weakref
from pathlib import Path

import matplotlib.image
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
# Raster resolution at the printed size: every figure is drawn at the width it prints, so 200 dpi
# is 200 dpi on paper (sharp for text down to 7 pt).
PRINT_DPI = 200
# zlib level of the saved PNGs: level 1 encodes about a third faster than matplotlib's default
# (6) for files about 7 % larger; the pixels are the same (Typst re-encodes them for the PDF).
PNG_COMPRESS_LEVEL = 1
# The PNG bytes each saved figure was written as, so that a notebook shows the saved image
# instead of drawing the figure a second time (weak: a closed figure is not kept alive by it).
_SAVED_PNG: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


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
            "savefig.dpi": PRINT_DPI,
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
    fewest (a box leaving the axes counts as covering them all). ``avoid`` is an (n, 2) array of
    data coordinates; ``options`` go to ``annotate``.

    Each candidate is measured on the layout with it and the best one so far in the figure. The
    figure is laid out once, without labels: while every label tried lies inside the axes, that
    layout is the one with them too (a label inside the axes moves nothing), so it is measured
    there; from the first label outside the axes on, each is measured after a layout of its own.
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
    _lay_out(figure)
    unlabelled_layout = True  # the current layout is that of the figure without labels
    best, best_count = None, None
    for offset, ha, va in candidates:
        note = axes.annotate(
            text, xy, xytext=offset, textcoords="offset points", ha=ha, va=va, **options
        )
        if not unlabelled_layout:
            _lay_out(figure)
        count, within = _label_score(note, avoid)
        if unlabelled_layout and not within:
            unlabelled_layout = False
            _lay_out(figure)
            count, within = _label_score(note, avoid)
        if best_count is None or count < best_count:
            if best is not None:
                best.remove()
            best, best_count = note, count
        else:
            note.remove()
        if count == 0:
            break
    return best


def _lay_out(figure) -> None:
    """Place the axes as the figure's layout engine would when drawn (without drawing)."""
    engine = figure.get_layout_engine()
    if engine is None:
        figure.draw_without_rendering()
    else:
        engine.execute(figure)


def _label_score(note, avoid) -> tuple[int, bool]:
    """``(points covered, inside the axes)`` of an annotation on the current layout; a label
    leaving the axes counts as covering every point and one more."""
    import numpy as np

    axes = note.axes
    figure = axes.figure
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
    return int(inside.sum()) + (0 if within else len(points) + 1), within


def render_png(figure, dpi: int = PRINT_DPI) -> bytes:
    """The figure as PNG bytes at ``dpi``, laid out and drawn once.

    ``savefig`` runs the layout engine in a draw of its own before the drawing it saves; a
    canvas draw lays the figure out and renders it in the same pass, with the same pixels.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = figure.canvas
    if not isinstance(canvas, FigureCanvasAgg):
        canvas = FigureCanvasAgg(figure)
    screen_dpi = figure.dpi
    figure.dpi = dpi
    try:
        canvas.draw()
        stream = io.BytesIO()
        # No "Software" entry: the bytes stay identical across builds and library versions.
        matplotlib.image.imsave(
            stream,
            canvas.buffer_rgba(),
            format="png",
            origin="upper",
            dpi=dpi,
            metadata={"Software": None},
            pil_kwargs={"compress_level": PNG_COMPRESS_LEVEL},
        )
    finally:
        figure.dpi = screen_dpi
    return stream.getvalue()


def save_figure(figure, path: Path):
    """Write a figure atomically (temporary file, then rename), close it and return it.

    The format follows the suffix: PNG at `PRINT_DPI` (the brief's figures; PDF text extraction
    for the privacy check stays fast) or SVG. The closed figure is returned so that a notebook
    cell shows it (as the PNG written, see `FigureSet`).
    """
    path = Path(path)
    kind = path.suffix.lstrip(".").lower()
    try:
        if kind == "png":
            png = render_png(figure)
            build.write_bytes(path, png)
            _SAVED_PNG[figure] = png
        else:
            # Fixed metadata keeps the bytes identical across builds.
            metadata = {"Date": None, "Creator": None} if kind == "svg" else {}
            build.write_with(
                path, lambda temporary: figure.savefig(temporary, format=kind, metadata=metadata)
            )
    finally:
        plt.close(figure)
    return figure


def shown(item):
    """What a notebook displays for ``item``: a saved figure as the PNG it was written as (at
    its on-screen size), anything else as itself."""
    png = _SAVED_PNG.get(item) if hasattr(item, "get_size_inches") else None
    if png is None:
        return item
    from IPython.display import Image

    return Image(data=png, format="png", width=round(item.get_size_inches()[0] * item.dpi))


class FigureSet(tuple):
    """The figures one notebook step drew; a cell that returns it shows each figure inline."""

    def _ipython_display_(self):
        from IPython.display import display

        for figure in self:
            display(shown(figure))


def draw_all(steps, context, result) -> FigureSet:
    """Draw (and save) every figure of a stage: ``step(context, result)`` for each step.

    Each stage lists its figure steps in a tuple ``FIGURES`` beside them, so a new figure is its
    drawing function added to that tuple and its place in the brief; the notebooks and the
    pipeline draw the whole tuple.
    """
    return FigureSet(step(context, result) for step in steps)
