"""The figure helpers: every figure step of a stage is drawn, and a cell shows each figure."""

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
