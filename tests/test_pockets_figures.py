"""Tests of the pockets figures: kecamatan concentration and deprivation profile."""

from __future__ import annotations

import matplotlib.pyplot as plt
from test_pockets_helpers import klaten_results, klaten_summary

from analysis import pockets


def test_plots_return_figures_with_labels_and_simulated_stamp():
    """Both figures use the given labels and carry the SIMULASI stamp for simulated data."""
    summary = klaten_summary()
    labels = {"x": "Jumlah desa", "priority": "Desa prioritas", "other": "Desa lain"}
    figure = pockets.plot_kecamatan_concentration(summary, labels)
    texts = [t.get_text() for t in figure.texts]
    assert "SIMULASI" in texts
    assert figure.axes[0].get_xlabel() == "Jumlah desa"
    legend = [t.get_text() for t in figure.legends[0].get_texts()]
    assert legend == ["Desa prioritas", "Desa lain"]
    plt.close(figure)
    figure = pockets.plot_deprivation_profile(klaten_results(), {**labels, "rtlh": "RTLH"})
    ticks = [t.get_text() for t in figure.axes[0].get_yticklabels()]
    assert "RTLH" in ticks and "SIMULASI" in [t.get_text() for t in figure.texts]
    plt.close(figure)
