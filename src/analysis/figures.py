"""One figure style for every chart in the brief, sized in physical units for A4.

Figures use seaborn's ``whitegrid`` theme with a palette that stays distinguishable in grey print
(dark red, mid blue, grey, with markers and line styles), widths in centimetres that match the
brief's column widths, and a SIMULASI stamp for anything built from simulated village data.
"""

from __future__ import annotations

import struct
import weakref
import zlib
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import seaborn as sns
from matplotlib.layout_engine import LayoutEngine
from matplotlib.text import Text

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
# zlib level of the saved PNGs: level 1 encodes about twice as fast as level 6; with unfiltered
# RGB rows (`encode_png`) the files are still about 12 % smaller than matplotlib's own PNGs.
PNG_COMPRESS_LEVEL = 1
# Air (points) between the outermost text and the figure's edge, and between stacked strips
# (tick labels, axis label, legend): about what matplotlib's constrained layout leaves.
PAD_PT = 3.0
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
    figure, axes = plt.subplots(figsize=(width_cm * CM, height_cm * CM), layout=MarginLayout())
    return figure, axes


class MarginLayout(LayoutEngine):
    """Places one row of axes by measuring, once per draw, the texts around them.

    The brief's figures are a single row of axes with tick labels, axis labels, an optional
    title per axes, a legend strip below and the SIMULASI stamp above. Their margins follow
    from a few text extents, so this engine measures those (tick labels from the locator and
    formatter, without laying out every tick) instead of solving the general constrained layout,
    which measures every artist of every axes twice per draw. Texts inside the axes (labels,
    annotations) that would leave the figure widen its margins in a second pass.
    """

    _adjust_compatible = False
    _colorbar_gridspec = False

    def set(self, **kwargs):
        """No parameters: the margins follow from the figure's texts."""

    def execute(self, fig):
        """Position every visible axes of ``fig`` (in figure coordinates) for its current dpi."""
        row = [ax for ax in fig.axes if ax.get_visible()]
        if not row:
            return
        renderer = fig._get_renderer()  # as matplotlib's own engines do, for any canvas
        *margins, label_gaps = _margins(fig, row, renderer)
        _place(fig, row, margins)
        extra = _overflow(fig, row, renderer)
        if any(extra):
            top, bottom, lefts, rights = margins
            lefts[0] += extra[2]
            rights[-1] += extra[3]
            _place(fig, row, (top + extra[0], bottom + extra[1], lefts, rights))
        # The axis labels where matplotlib would put them (beyond the tick labels), fixed here:
        # the draw then skips measuring every tick label again to place them.
        for ax, (below, beside) in zip(row, label_gaps, strict=True):
            ax.xaxis.set_label_coords(0.5, -below / max(1.0, ax.bbox.height))
            ax.yaxis.set_label_coords(-beside / max(1.0, ax.bbox.width), 0.5)


def _text_box(text: Text, renderer):
    """A text's extent in pixels, with its bbox patch (the stamp's frame) when it has one."""
    box = text.get_window_extent(renderer)
    if text.get_bbox_patch() is not None:
        text.update_bbox_position_size(renderer)
        box = box.union([box, text.get_bbox_patch().get_window_extent(renderer)])
    return box


def _shown(text) -> bool:
    return text is not None and text.get_visible() and bool(text.get_text().strip())


def _tick_labels(axis) -> list[str]:
    """The tick labels the axis will draw for its current view and length (as at draw time)."""
    low, high = sorted(axis.get_view_interval())
    slack = 1e-9 * max(1.0, abs(high - low))
    locs = axis.get_majorticklocs()
    # Formatted all together, as the draw formats them (the formatter's precision and offset
    # follow from every location), then kept inside the view, as the draw keeps them.
    labels = axis.major.formatter.format_ticks(locs)
    return [
        label
        for loc, label in zip(locs, labels, strict=True)
        if label and low - slack <= loc <= high + slack
    ]


def _label_sizes(axis, renderer) -> tuple[list, float]:
    """``([(width, height) of each tick label], offset from the axes)`` in pixels; no labels when
    the axis hides them."""
    tick = axis.majorTicks[0]
    px = axis.figure.dpi / 72
    offset = (tick.get_pad() + tick.get_tick_padding()) * px
    if not tick.label1.get_visible():
        return [], offset
    probe = Text(fontproperties=tick.label1.get_fontproperties())
    probe.set_figure(axis.figure)
    sizes = []
    for label in _tick_labels(axis):
        probe.set_text(label)
        box = probe.get_window_extent(renderer)
        sizes.append((box.width, box.height))
    return sizes, offset


def _line_height(axis, renderer) -> float:
    """Height in pixels of one line of the axis's tick labels (0 when it hides them)."""
    label = axis.majorTicks[0].label1
    if not label.get_visible():
        return 0.0
    probe = Text(text="0", fontproperties=label.get_fontproperties())
    probe.set_figure(axis.figure)
    return probe.get_window_extent(renderer).height


def _margins(fig, row, renderer):
    """``(top, bottom, [left of each axes], [right of each axes], [label gaps of each axes])``
    in pixels; a label gap ``(below, beside)`` is the distance from the axes to the x and y
    axis labels."""
    px = fig.dpi / 72
    pad = PAD_PT * px
    height = fig.bbox.height
    stamp = getattr(fig, "_suptitle", None)
    stamp_strip = height - _text_box(stamp, renderer).y0 + pad if _shown(stamp) else pad
    bottom = pad
    for legend in fig.legends:
        bottom = max(bottom, legend.get_window_extent(renderer).y1 + pad)
    tops, bottoms, gaps, x_sizes = [], [], [], {}
    title_pad = plt.rcParams["axes.titlepad"] * px
    for ax in row:
        x_sizes[ax], x_offset = _label_sizes(ax.xaxis, renderer)
        below = x_offset + max((h for _, h in x_sizes[ax]), default=0.0)
        gaps.append([below + ax.xaxis.labelpad * px, 0.0])
        if _shown(ax.xaxis.label):
            below = gaps[-1][0] + _text_box(ax.xaxis.label, renderer).height
        bottoms.append(below)
        above = 0.0
        if _shown(ax.title):
            above = ax.title.get_window_extent(renderer).height + title_pad
        # The y tick labels at the ends are centred on the axes' top and bottom edges; the one
        # at the top sits left of the stamp (at the right), so only a title goes under it.
        half_y = _line_height(ax.yaxis, renderer) / 2
        tops.append(stamp_strip + above if above else max(stamp_strip, pad + half_y))
        bottoms[-1] = max(below, half_y)
    top = max(tops)
    bottom += max(bottoms)
    # Provisional place (full width) so that the y axes have their final length: the number of
    # y ticks follows from it, and the left margin from their labels.
    _place(fig, row, (top, bottom, [0.0] * len(row), [0.0] * len(row)))
    lefts, rights = [], []
    for ax, gap in zip(row, gaps, strict=True):
        y_sizes, y_offset = _label_sizes(ax.yaxis, renderer)
        gap[1] = y_offset + max((w for w, _ in y_sizes), default=0.0) + ax.yaxis.labelpad * px
        left = pad + gap[1] - ax.yaxis.labelpad * px
        if _shown(ax.yaxis.label):
            left = pad + gap[1] + _text_box(ax.yaxis.label, renderer).width
        half_x = max((w for w, _ in x_sizes[ax]), default=0.0) / 2
        lefts.append(max(left, pad + half_x))
        rights.append(pad + half_x)
    return top, bottom, lefts, rights, gaps


def _place(fig, row, margins) -> None:
    """Set the axes' positions from pixel margins: equal widths, each with its own margins."""
    top, bottom, lefts, rights = margins
    width, height = fig.bbox.width, fig.bbox.height
    each = max(1.0, (width - sum(lefts) - sum(rights)) / len(row))
    y0 = bottom / height
    axes_height = max(1.0, height - top - bottom) / height
    x = 0.0
    for ax, left, right in zip(row, lefts, rights, strict=True):
        x += left
        ax.set_position([x / width, y0, each / width, axes_height], which="both")
        x += each + right


def _overflow(fig, row, renderer) -> tuple[float, float, float, float]:
    """How far (pixels: top, bottom, left, right) texts drawn in the axes reach past the
    figure's edges less the pad; zeros when everything fits."""
    pad = PAD_PT * fig.dpi / 72
    box = fig.bbox
    top = bottom = left = right = 0.0
    for ax in row:
        # The y axis label is centred on the axes: a long one may reach past them.
        for text in [*ax.texts, ax.yaxis.label]:
            if not _shown(text):
                continue
            extent = _text_box(text, renderer)
            if text is ax.yaxis.label:
                middle = (ax.bbox.y0 + ax.bbox.y1) / 2
                extent = extent.from_bounds(
                    box.x0 + pad, middle - extent.height / 2, 0, extent.height
                )
            top = max(top, extent.y1 - (box.y1 - pad))
            bottom = max(bottom, (box.y0 + pad) - extent.y0)
            left = max(left, (box.x0 + pad) - extent.x0)
            right = max(right, extent.x1 - (box.x1 - pad))
    return top, bottom, left, right


def column_width_cm(share: float) -> float:
    """Width of a figure placed in a brief grid column of ``share`` of the text width (0.55)."""
    return share * TEXT_WIDTH_CM


def mark_simulated(figure, label: str = SIMULATED_LABEL) -> None:
    """Stamp a figure built from simulated data so the label survives cropping and grey print.

    The stamp is the figure's suptitle (top right), for which the layout (`MarginLayout`) reserves
    a strip above the axes: it never covers data, labels or a legend.
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

    The layout (`MarginLayout`) reserves the legend's strip, so it covers neither data nor labels;
    the column count falls from ``max_columns`` until the legend is no wider than the figure.
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
    canvas draw lays the figure out and renders it in the same pass.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = figure.canvas
    if not isinstance(canvas, FigureCanvasAgg):
        canvas = FigureCanvasAgg(figure)
    screen_dpi = figure.dpi
    figure.dpi = dpi
    try:
        canvas.draw()
        return encode_png(np.asarray(canvas.buffer_rgba()), dpi)
    finally:
        figure.dpi = screen_dpi


def encode_png(rgba, dpi: int) -> bytes:
    """PNG bytes of an ``(height, width, 4)`` uint8 image, marked ``dpi``, no other metadata.

    The brief's charts are large flat areas, which zlib compresses well without PNG's per-row
    filters: rows unfiltered at `PNG_COMPRESS_LEVEL` encode 2-4x faster than Pillow's adaptive
    filters at the same level, and the files come out no larger. An opaque image is written as
    RGB (a quarter less data). No "Software" entry: the bytes stay identical across builds.
    """
    opaque = bool((rgba[:, :, 3] == 255).all())
    pixels = rgba[:, :, :3] if opaque else rgba
    height, width, channels = pixels.shape
    rows = np.zeros((height, 1 + width * channels), dtype=np.uint8)  # filter byte 0: none
    rows[:, 1:] = pixels.reshape(height, -1)
    per_metre = round(dpi / 0.0254)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2 if opaque else 6, 0, 0, 0)
    return b"".join(
        [
            b"\x89PNG\r\n\x1a\n",
            chunk(b"IHDR", header),
            chunk(b"pHYs", struct.pack(">IIB", per_metre, per_metre, 1)),
            chunk(b"IDAT", zlib.compress(rows.tobytes(), PNG_COMPRESS_LEVEL)),
            chunk(b"IEND", b""),
        ]
    )


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
