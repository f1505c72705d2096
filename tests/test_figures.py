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
