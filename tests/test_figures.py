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
