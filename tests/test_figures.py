"""The figure helpers: every figure step of a stage is drawn, and a cell shows each figure."""

import pytest

from analysis import figures


def test_draw_all_calls_every_step_in_order():
    """`draw_all` draws each listed step once, in the listed order, with the context and result."""
    calls = []

    def first(context, result):
        calls.append(("first", context, result))
        return "figure 1"

    def second(context, result):
        calls.append(("second", context, result))
        return "figure 2"

    drawn = figures.draw_all((first, second), "ctx", "res")
    assert list(drawn) == ["figure 1", "figure 2"]
    assert calls == [("first", "ctx", "res"), ("second", "ctx", "res")]


def test_figure_set_displays_each_figure(monkeypatch):
    """A notebook cell returning a FigureSet displays every figure in it, not a list's text."""
    shown = []
    monkeypatch.setattr("IPython.display.display", lambda item: shown.append(item))
    figures.FigureSet(["a", "b"])._ipython_display_()
    assert shown == ["a", "b"]


def _extent(artist, figure):
    figure.draw_without_rendering()
    return artist.get_window_extent(figure.canvas.get_renderer())


def test_stamp_sits_above_the_axes():
    """The SIMULASI stamp is laid out in a strip above the axes, never on the plotting area."""
    import matplotlib.pyplot as plt

    figure, axes = figures.new_figure(8.5, 6.0)
    axes.plot([0, 1], [0, 1])
    figures.mark_simulated(figure)
    stamp = [t for t in figure.findobj() if getattr(t, "get_text", lambda: "")() == "SIMULASI"]
    assert len(stamp) == 1
    assert _extent(stamp[0], figure).y0 >= axes.get_window_extent().y1 - 0.5
    plt.close(figure)


def test_legend_below_drops_columns_until_it_fits():
    """Three long entries do not fit side by side in 8 cm: the legend falls to fewer columns and
    ends inside the figure, below the axes."""
    import matplotlib.pyplot as plt

    figure, axes = figures.new_figure(8.0, 6.0)
    for name in ("Kabupaten Pekalongan Selatan", "Provinsi Jawa Tengah Raya", "Indonesia"):
        axes.plot([0, 1], [0, 1], label=name)
    legend = figures.legend_below(figure, axes, max_columns=3)
    box = _extent(legend, figure)
    assert legend._ncols < 3
    assert box.x0 >= 0 and box.x1 <= figure.bbox.width
    assert box.y1 <= axes.get_window_extent().y0
    plt.close(figure)


def test_point_label_moves_away_from_a_neighbour():
    """A neighbour right above-right of the labelled point pushes the label to another side."""
    import matplotlib.pyplot as plt

    figure, axes = figures.new_figure(8.0, 6.0)
    axes.set_xlim(0, 10)
    axes.set_ylim(0, 10)
    neighbour = (5.6, 5.45)  # inside where the default (up-right) label would be
    axes.scatter(*neighbour)
    note = figures.label_point(axes, "Klaten", (5, 5), [neighbour], fontsize=7)
    box = _extent(note, figure)
    x, y = axes.transData.transform(neighbour)
    assert not (box.x0 <= x <= box.x1 and box.y0 <= y <= box.y1)
    plt.close(figure)


def test_saved_png_is_printed_size_at_print_dpi(tmp_path):
    """A figure 8 cm x 5 cm is saved as 8 / 2.54 x 200 = 630 by 394 pixels, marked 200 dpi."""
    import matplotlib.pyplot as plt
    from PIL import Image

    figure, axes = figures.new_figure(8.0, 5.0)
    axes.plot([0, 1], [0, 1])
    figures.save_figure(figure, tmp_path / "chart.png")
    with Image.open(tmp_path / "chart.png") as image:
        assert abs(image.size[0] - 630) <= 1 and abs(image.size[1] - 394) <= 1
        assert round(image.info["dpi"][0]) == 200
    plt.close(figure)


def test_saved_figure_is_shown_as_the_written_png(tmp_path, monkeypatch):
    """A notebook shows a saved figure as the very PNG written to disk, at 100 dpi on screen
    (8 cm = 315 px wide), instead of drawing the figure again; other items are shown as they are."""
    shown = []
    monkeypatch.setattr("IPython.display.display", lambda item: shown.append(item))
    figure, axes = figures.new_figure(8.0, 5.0)
    axes.plot([0, 1], [0, 1])
    figures.save_figure(figure, tmp_path / "chart.png")
    figures.FigureSet([figure, "text"])._ipython_display_()
    assert shown[0].data == (tmp_path / "chart.png").read_bytes()
    assert shown[0].width == 315
    assert shown[1] == "text"


def test_point_label_in_a_corner_stays_inside_the_axes():
    """A point in the top-right corner is labelled below-left: the default (up-right) side would
    put the text outside the axes."""
    import matplotlib.pyplot as plt

    figure, axes = figures.new_figure(8.0, 6.0)
    axes.set_xlim(0, 10)
    axes.set_ylim(0, 10)
    note = figures.label_point(axes, "Klaten", (9.8, 9.8), [(1.0, 1.0)], fontsize=7)
    box = _extent(note, figure)
    inner = axes.get_window_extent()
    assert inner.x0 <= box.x0 and box.x1 <= inner.x1 and inner.y0 <= box.y0 and box.y1 <= inner.y1
    assert note.get_horizontalalignment() == "right"
    assert len(axes.texts) == 1
    plt.close(figure)


def test_point_label_without_room_is_still_placed_once():
    """In axes too narrow for the text on any side, the label is still drawn, exactly once."""
    import matplotlib.pyplot as plt

    figure, axes = figures.new_figure(6.0, 4.0)
    axes.set_xlim(0, 1)
    axes.set_ylim(0, 1)
    name = "Kabupaten Klaten Raya Tengah Selatan Timur"
    note = figures.label_point(axes, name, (0.5, 0.5), [], fontsize=7)
    assert note is not None
    assert len(axes.texts) == 1
    plt.close(figure)


# The longest official names (data/raw: regency, province; idn-area-data: kecamatan).
LONG_REGENCY = "Kabupaten Penukal Abab Lematang Ilir"
LONG_PROVINCE = "Daerah Istimewa Yogyakarta"
LONG_KECAMATAN = "Buay Pematang Ribu Ranau Tengah"


def _drawn_texts(figure) -> list:
    """Every visible, non-empty text the figure draws (tick labels inside the view only)."""
    from matplotlib.text import Text

    found = []
    for text in figure.findobj(Text):
        if not (text.get_visible() and text.get_text().strip()):
            continue
        axis = next(
            (a for ax in figure.axes for a in (ax.xaxis, ax.yaxis) if text in a.get_ticklabels()),
            None,
        )
        if axis is not None:
            low, high = sorted(axis.get_view_interval())
            where = text.get_position()[0 if axis.axis_name == "x" else 1]
            if not low - 1e-9 <= where <= high + 1e-9:
                continue
        found.append(text)
    return found


def _long_name_figures(lang: str) -> list:
    """The brief's figure kinds drawn with the longest names and the catalogue's labels."""
    import pandas as pd

    from analysis import trend
    from analysis.impact.figures import plot_event_time
    from analysis.labels import text
    from analysis.pockets.figures import plot_deprivation_profile, plot_kecamatan_concentration

    years = range(2015, 2026)
    table = [
        {
            "tahun": year,
            **{f"p0_persen_{r}": 20.0 - i * 0.7 for r in ("regency", "province", "nation")},
            **{f"{k}_{r}": 2.5 - i * 0.1 for k in ("p1", "p2") for r in ("regency", "province")},
            **{f"jumlah_miskin_ribu_{r}": 1234.5 - i for r in ("regency", "province")},
        }
        for i, year in enumerate(years)
    ]
    names = {"regency": LONG_REGENCY, "province": LONG_PROVINCE}
    drawn = [
        trend.plot_p0(
            {"table": table},
            {
                **names,
                "nation": text("legend_nation", lang),
                "covid": text("covid", lang),
                "y": text("axis_p0", lang),
            },
        ),
        trend.plot_depth(
            {"table": table},
            {**names, **{k: text(k, lang) for k in ("p1", "p2", "jumlah_miskin_ribu")}},
        ),
    ]
    # The regency in the top-left corner: its label has room on the right only.
    positions = [{"kode_bps": "1612", "pace": -1.0, "level": 30.0}]
    positions += [{"kode_bps": str(k), "pace": -0.2 * k, "level": 3.0 * k} for k in range(1, 6)]
    drawn.append(
        trend.plot_quadrant(
            {
                "positions": positions,
                "kode_bps": "1612",
                "province_pace": -0.5,
                "province_level": 10.0,
            },
            {
                "regency_short": LONG_REGENCY.removeprefix("Kabupaten "),
                "x": text("axis_pace", lang, since=2015, year=2025),
                "y": text("axis_level", lang, year=2025),
            },
        )
    )
    kecamatan = [
        {
            "kecamatan_name": LONG_KECAMATAN if k == 0 else f"Kecamatan {k}",
            "n_priority": 12 - k,
            "n_villages": 40,
            "pct_villages_priority": 100 * (12 - k) / 40,
        }
        for k in range(10)
    ]
    bars = {"priority": text("legend_priority", lang), "other": text("legend_other", lang)}
    drawn.append(
        plot_kecamatan_concentration(
            {"kecamatan_concentration": kecamatan, "is_simulated": True},
            {"x": text("axis_villages", lang), "lang": lang, **bars},
        )
    )
    indicators = ("desil1", "rtlh", "not_working")
    profile = [
        {
            "indicator": name,
            **{g: 40.0 for g in ("priority", "other")},
            **{f"{g}_low": 35.0 for g in ("priority", "other")},
            **{f"{g}_high": 99.0 for g in ("priority", "other")},
        }
        for name in indicators
    ]
    drawn.append(
        plot_deprivation_profile(
            {"deprivation_profile": profile, "is_simulated": True},
            {"x": text("axis_share_families", lang), **bars}
            | {name: text(f"ind_{name}", lang) for name in indicators},
        )
    )
    events = pd.DataFrame(
        {
            "event_time": range(-4, 4),
            "estimate": [-12.5, 3.0, 1.0, 0.0, 2.0, 10.0, 11.0, 12.0],
            "ci_low": [-20.0, 1.0, -1.0, 0.0, 0.0, 5.0, 6.0, 7.0],
            "ci_high": [-5.0, 5.0, 3.0, 0.0, 4.0, 15.0, 16.0, 17.0],
            "reference": [False, False, False, True, False, False, False, False],
        }
    )
    event = {
        "x": text("axis_event_time", lang),
        "y": text("axis_effect_pp", lang),
        "estimate": text("legend_estimate", lang),
        "reference": text("legend_reference", lang),
    }
    figure = plot_event_time(events, 0.95, event)
    figures.mark_simulated(figure)
    return [*drawn, figure]


@pytest.mark.parametrize("lang", ["id", "en"])
def test_longest_names_stay_on_the_canvas_without_overlaps(lang):
    """With the longest regency, province and kecamatan names and the catalogue's labels in each
    language, every text of every figure kind lies inside the figure (at print dpi) and no two
    texts overlap."""
    import matplotlib.pyplot as plt
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    for figure in _long_name_figures(lang):
        figure.dpi = figures.PRINT_DPI
        renderer = FigureCanvasAgg(figure).get_renderer()
        figure.draw(renderer)
        page = figure.bbox
        boxes = [(t.get_text(), t.get_window_extent(renderer)) for t in _drawn_texts(figure)]
        for name, box in boxes:
            assert page.x0 - 0.5 <= box.x0 and box.x1 <= page.x1 + 0.5, name
            assert page.y0 - 0.5 <= box.y0 and box.y1 <= page.y1 + 0.5, name
        for i, (name, box) in enumerate(boxes):
            for other, other_box in boxes[i + 1 :]:
                overlap_x = min(box.x1, other_box.x1) - max(box.x0, other_box.x0)
                overlap_y = min(box.y1, other_box.y1) - max(box.y0, other_box.y0)
                assert min(overlap_x, overlap_y) <= 0.5, (name, other)
        plt.close(figure)


@pytest.mark.parametrize("alpha", [255, 128])
def test_encoded_png_decodes_to_the_same_pixels(alpha):
    """The PNG writer's bytes decode (Pillow) to the very pixels given, as RGB when every pixel
    is opaque and RGBA otherwise, marked at the dpi given."""
    import io

    import numpy as np
    from PIL import Image

    rng = np.random.default_rng(1)
    rgba = rng.integers(0, 256, size=(7, 5, 4), dtype=np.uint8)
    rgba[:, :, 3] = 255
    rgba[0, 0, 3] = alpha
    with Image.open(io.BytesIO(figures.encode_png(rgba, 200))) as image:
        expected = rgba if alpha < 255 else rgba[:, :, :3]
        assert image.mode == ("RGBA" if alpha < 255 else "RGB")
        assert np.array_equal(np.asarray(image), expected)
        assert round(image.info["dpi"][0]) == 200
