"""Every figure of several briefs passes a layout check on matplotlib's artist extents.

The figures are drawn by each stage's own figure steps (``FIGURES``) from that stage's results,
as the pipeline draws them, and measured at the size the brief prints them: the width of the
Typst grid column (or full text width) the brief places each image in, read from the brief's
source and the template's page margins. Checked: every text lies inside the figure; no legend or
SIMULASI stamp covers plotted data or any text; no annotation sits on a data point; every text
is at least 7 pt on paper; a line never joins two years with a missing year between them.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import matplotlib
import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection, PathCollection, PolyCollection
from matplotlib.patches import Rectangle
from matplotlib.text import Text

from analysis import brief, build, data, figures, paths, trend
from analysis.forecast import figures as forecast_figures
from analysis.forecast import stage as forecast_stage
from analysis.impact import stage as impact_stage
from analysis.pockets import stage as pockets_stage

matplotlib.use("Agg")

REGENCIES = ("klaten", "pekalongan", "jombang", "sampang")
MIN_PRINTED_PT = 7.0
A4_WIDTH_CM = 21.0
PT_PER_CM = 72 / 2.54


def text_width_cm() -> float:
    """The template's text width: A4 less its horizontal margins (``margin: (x: 2cm, ...)``)."""
    template = (paths.TEMPLATE_DIR / "typst-template.typ").read_text(encoding="utf-8")
    margin = float(re.search(r"margin:\s*\(x:\s*([\d.]+)cm", template).group(1))
    return A4_WIDTH_CM - 2 * margin


def printed_widths_cm() -> dict[str, float]:
    """Each figure's printed width: its share of a ``#grid(columns: (a%, b%), ...)`` cell (Typst
    resolves percentages against the full text width), else the full text width (an image of
    width 100 % outside a grid, or a Markdown image of width 100 %)."""
    width = text_width_cm()
    placed = {}
    for path in sorted((Path(brief.__file__).parent).glob("*.py")):
        source = path.read_text(encoding="utf-8")
        for name in re.findall(r'image\("figures/(\w+)\.png", width: 100%\)', source):
            placed[name] = width
        for name in re.findall(r"\(figures/(\w+)\.png\)\{width=100%\}", source):
            placed[name] = width
        for grid in re.finditer(r"#grid\(columns: \(([^)]*)\).*?\n\s*\)", source, re.DOTALL):
            shares = [float(share) / 100 for share in re.findall(r"([\d.]+)%", grid.group(1))]
            cells = re.findall(r'figure\(image\("figures/(\w+)\.png"', grid.group(0))
            for index, name in enumerate(cells):
                placed[name] = shares[index] * width
    return placed


def stage_results(regency: str, folder):
    """Run the stages of one regency: its context and ``[(FIGURES, result), ...]`` per stage."""
    context = build.start(regency, str(folder))
    trend_result = trend.summarize(
        data.load_bps(), context.params.kode_bps, context.params.latest_data_year
    )
    forecast_result = forecast_stage.run_steps(
        forecast_stage.load_series(context), forecast_stage.model_names(context)
    )
    # The stages' own runs draw their figures too; drawn once below, so skipped here (time).
    drawers = (pockets_stage.draw_figures, impact_stage.draw_figures)
    pockets_stage.draw_figures = impact_stage.draw_figures = lambda context, result: None
    try:
        pockets_result = pockets_stage.run(context)
        impact_result = impact_stage.run(context)
    finally:
        pockets_stage.draw_figures, impact_stage.draw_figures = drawers
    return context, [
        (trend.FIGURES, trend_result),
        (forecast_figures.FIGURES, forecast_result),
        (pockets_stage.FIGURES, pockets_result),
        (impact_stage.FIGURES, impact_result),
    ]


def draw(context, stages) -> list[tuple[str, object]]:
    """Draw every figure with its stage's `FIGURES` steps: ``[(figure name, Figure), ...]``."""
    names = []
    file_of = context.figure

    def recording(name):
        names.append(name)
        return file_of(name)

    context.figure = recording
    drawn = []
    for steps, result in stages:
        for step in steps:
            figure = step(context, result)
            if figure is not None:
                drawn.append((names[-1], figure))
    context.figure = file_of
    return drawn


@pytest.fixture(scope="module")
def drawn(tmp_path_factory):
    """Every figure of every regency, as ``{regency: [(figure name, Figure), ...]}``."""
    return {
        regency: draw(*stage_results(regency, tmp_path_factory.mktemp(regency)))
        for regency in REGENCIES
    }


# ---------------------------------------------------------------------------------------------
# Extents
# ---------------------------------------------------------------------------------------------


def _in_view(axis, text: Text) -> bool:
    """A tick label is drawn only when its tick lies inside the axis's view interval."""
    low, high = sorted(axis.get_view_interval())
    position = text.get_position()[0 if axis.axis_name == "x" else 1]
    return low - 1e-9 <= position <= high + 1e-9


def texts_of(figure) -> list[Text]:
    """Every visible, non-empty text the figure draws (tick labels inside the view only)."""
    found = list(figure.texts)
    for legend in figure.legends:
        found += legend.get_texts()
    for ax in figure.axes:
        found += [ax.title, ax._left_title, ax._right_title, ax.xaxis.label, ax.yaxis.label]
        found += list(ax.texts)
        for axis in (ax.xaxis, ax.yaxis):
            found += [t for t in axis.get_ticklabels() if _in_view(axis, t)]
        if ax.get_legend() is not None:
            found += ax.get_legend().get_texts()
    if getattr(figure, "_suptitle", None) is not None:
        found.append(figure._suptitle)
    return [t for t in found if t.get_visible() and t.get_text().strip()]


def text_box(text: Text, renderer):
    """A text's extent, including its bbox patch (the stamp's frame) when it has one."""
    box = text.get_window_extent(renderer)
    patch = text.get_bbox_patch()
    if patch is not None:
        box = box.union([box, patch.get_window_extent(renderer)])
    return box


def _sampled(points: np.ndarray, joined: bool) -> np.ndarray:
    """Points of a polyline in display units; segments sampled every pixel when drawn joined."""
    if not joined or len(points) < 2:
        return points
    pieces = [points[:1]]
    for start, end in zip(points[:-1], points[1:], strict=True):
        if not (np.isfinite(start).all() and np.isfinite(end).all()):
            continue
        steps = max(2, int(np.hypot(*(end - start))) + 1)
        pieces.append(start + np.linspace(0, 1, steps)[:, None] * (end - start))
    return np.vstack(pieces)


def data_points(ax) -> np.ndarray:
    """Display positions covered by the axes' data, as rows ``(x, y, radius)``: line vertices
    and segments, markers (radius of their size), error bars, band outlines and bar edges.
    Reference lines spanning the axes (axhline, axvline, axvspan: not in data coordinates) are
    not data."""
    pixels_per_pt = ax.figure.dpi / 72
    found = [np.empty((0, 3))]

    def add(points, radius_pt=0.0):
        radius = np.full((len(points), 1), radius_pt * pixels_per_pt)
        found.append(np.hstack([points, radius]))

    for line in ax.lines:
        if line.get_transform() != ax.transData or not line.get_visible():
            continue
        vertices = ax.transData.transform(line.get_xydata())
        joined = line.get_linestyle() not in ("None", "", " ")
        add(_sampled(vertices, joined))
        if line.get_marker() not in ("None", "", " ", None):
            add(vertices, line.get_markersize() / 2)
    for collection in ax.collections:
        if isinstance(collection, PathCollection):
            offsets = collection.get_offset_transform().transform(collection.get_offsets())
            sizes = collection.get_sizes()
            add(offsets, float(np.sqrt(sizes.max())) / 2 if len(sizes) else 0.0)
        elif isinstance(collection, LineCollection):
            transform = collection.get_transform()
            for segment in collection.get_segments():
                add(_sampled(transform.transform(segment), True))
        elif isinstance(collection, PolyCollection):
            transform = collection.get_transform()
            for path in collection.get_paths():
                add(_sampled(transform.transform(path.vertices), True))
    for patch in ax.patches:
        if not isinstance(patch, Rectangle) or patch.get_data_transform() != ax.transData:
            continue
        if patch.get_width() == 0 or patch.get_height() == 0:
            continue
        box = patch.get_window_extent()
        corners = [[box.x0, box.y0], [box.x1, box.y0], [box.x1, box.y1], [box.x0, box.y1]]
        add(_sampled(np.array(corners + corners[:1]), True))
    points = np.vstack(found)
    return points[np.isfinite(points).all(axis=1)]


def _inside(box, points: np.ndarray, margin: float = 0.5) -> np.ndarray:
    """Which points (with their radius) reach inside ``box`` by more than ``margin`` pixels."""
    reach = points[:, 2] - margin
    return (
        (points[:, 0] > box.x0 - reach)
        & (points[:, 0] < box.x1 + reach)
        & (points[:, 1] > box.y0 - reach)
        & (points[:, 1] < box.y1 + reach)
    )


def _overlaps(one, other, margin: float = 0.5) -> bool:
    return (
        min(one.x1, other.x1) - max(one.x0, other.x0) > margin
        and min(one.y1, other.y1) - max(one.y0, other.y0) > margin
    )


def obstacles(figure, renderer) -> list[tuple[str, object, set]]:
    """Legends and the SIMULASI stamp: ``(what, extent, texts that belong to it)``."""
    found = []
    legends = list(figure.legends) + [ax.get_legend() for ax in figure.axes if ax.get_legend()]
    for legend in legends:
        found.append(("legend", legend.get_window_extent(renderer), set(legend.get_texts())))
    for text in figure.findobj(Text):
        if text.get_text() == figures.SIMULATED_LABEL and text.get_visible():
            found.append(("stamp", text_box(text, renderer), {text}))
    return found


def layout_problems(figure, printed_width_cm: float) -> list[str]:
    """Everything wrong with one figure's layout, as readable sentences (empty when fine)."""
    # The steps close their figures after saving; an Agg canvas lays them out again.
    renderer = FigureCanvasAgg(figure).get_renderer()
    figure.draw(renderer)
    scale = printed_width_cm / (figure.get_figwidth() * 2.54)
    problems = []
    texts = texts_of(figure)
    for text in texts:
        printed = text.get_fontsize() * scale
        if printed < MIN_PRINTED_PT - 1e-6:
            problems.append(f"text {text.get_text()!r} is {printed:.1f} pt on paper")
    page = figure.bbox
    for text in texts:
        box = text_box(text, renderer)
        if box.x0 < page.x0 - 0.5 or box.x1 > page.x1 + 0.5:
            problems.append(f"text {text.get_text()!r} leaves the figure sideways")
        if box.y0 < page.y0 - 0.5 or box.y1 > page.y1 + 0.5:
            problems.append(f"text {text.get_text()!r} leaves the figure at the top or bottom")
    points = [(ax, data_points(ax)) for ax in figure.axes]
    for what, box, own in obstacles(figure, renderer):
        for ax, covered in points:
            if _inside(box, covered).any():
                problems.append(f"{what} covers data in axes {ax.get_label() or ax}")
        for text in texts:
            if text not in own and _overlaps(box, text_box(text, renderer)):
                problems.append(f"{what} covers the text {text.get_text()!r}")
    for ax, covered in points:
        for text in ax.texts:
            if text.get_visible() and _inside(text_box(text, renderer), covered, 1.0).any():
                problems.append(f"the label {text.get_text()!r} sits on data")
    return problems


def joined_gaps(figure) -> list[str]:
    """Lines drawn across a missing year: consecutive finite points more than one year apart."""
    problems = []
    for ax in figure.axes:
        for line in ax.lines:
            if line.get_linestyle() in ("None", "", " ") or line.get_transform() != ax.transData:
                continue
            x = np.asarray(line.get_xdata(), dtype=float)
            y = np.asarray(line.get_ydata(), dtype=float)
            if len(x) < 2 or not np.allclose(x[np.isfinite(x)], np.round(x[np.isfinite(x)])):
                continue
            for i in range(len(x) - 1):
                x0, y0, x1, y1 = x[i], y[i], x[i + 1], y[i + 1]
                if all(map(math.isfinite, (x0, y0, x1, y1))) and abs(x1 - x0) > 1:
                    problems.append(f"line {line.get_label()!r} joins {x0:.0f} to {x1:.0f}")
    return problems


# ---------------------------------------------------------------------------------------------
# Tests
# ---------------------------------------------------------------------------------------------


def test_brief_places_every_drawn_figure():
    """Each figure a stage draws has a printed width in the brief (else its size is unknown)."""
    placed = printed_widths_cm()
    expected = {"trend_p0", "quadrant", "trend_depth", "fan_chart", "kecamatan"}
    expected |= {"deprivation_profile", "event_study"}
    assert expected <= set(placed)
    assert all(2.0 < width <= text_width_cm() for width in placed.values())


@pytest.mark.slow
@pytest.mark.parametrize("regency", REGENCIES)
def test_legends_stamps_and_labels_leave_data_and_text_clear(drawn, regency):
    """No legend or SIMULASI stamp covers data or text, no label sits on a point, and every text
    is at least 7 pt at the size the brief prints the figure."""
    placed = printed_widths_cm()
    problems = [
        f"{name}: {problem}"
        for name, figure in drawn[regency]
        for problem in layout_problems(figure, placed[name])
    ]
    assert not problems, "\n".join(problems)


@pytest.mark.slow
@pytest.mark.parametrize("regency", REGENCIES)
def test_missing_years_break_the_lines(drawn, regency):
    """No line joins two years across a missing one (gaps are not interpolated)."""
    problems = [
        f"{name}: {problem}" for name, figure in drawn[regency] for problem in joined_gaps(figure)
    ]
    assert not problems, "\n".join(problems)


@pytest.mark.slow
def test_sampang_gaps_are_drawn_as_breaks(drawn):
    """Sampang's P0 (2021 and 2023 with 2022 missing, BPS national table) shows as separate
    points: the fan chart's observed line holds 2022 as a break (NaN) between 2021 and 2023."""
    (fan,) = [figure for name, figure in drawn["sampang"] if name == "fan_chart"]
    lines = [line for line in fan.axes[0].lines if 2022 in np.asarray(line.get_xdata())]
    assert lines, "the observed line should hold 2022 as a break"
    x = np.asarray(lines[0].get_xdata(), dtype=float)
    y = np.asarray(lines[0].get_ydata(), dtype=float)
    assert math.isnan(y[list(x).index(2022)])
    assert math.isfinite(y[list(x).index(2021)]) and math.isfinite(y[list(x).index(2023)])
