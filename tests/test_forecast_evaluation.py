"""The rolling-origin backtest: the combination's rows average the chosen models, no forecast
crosses the COVID break, and the real Jawa Tengah backtest covers near nominal."""

from __future__ import annotations

import numpy as np
import pytest
from test_forecast_simulation import jateng_like_panel, simulate_province

from analysis import forecast as fc


def test_backtest_combination_averages_the_chosen_models():
    """Each backtest combination is the logit mean of the chosen models at that origin."""
    rng = np.random.default_rng(3)
    panel, province, _ = simulate_province(rng, n_regencies=8, lengths=(6,))
    frame = fc.backtest_panel(
        panel, province, 2, covid_years=(), use_llt=False, models=("naive", "pooled")
    )
    wide = frame.pivot_table(
        index=["kode", "origin", "target_year"], columns="model", values="forecast"
    )
    assert np.allclose(wide["combination"], (wide["naive"] + wide["pooled"]) / 2)
    assert set(frame["model"]) == {"naive", "rw_drift", "pooled", "combination"}
    assert (frame["h"] <= 2).all() and (frame["target_year"] > frame["origin"]).all()


def test_backtest_never_crosses_the_covid_break():
    """No backtest forecast starts in a COVID year or reaches across one."""
    panel, province = jateng_like_panel(seed=2, start=2015)
    frame = fc.backtest_panel(panel, province, 3)
    assert not frame["origin"].isin([2020, 2021]).any()
    crosses = (frame["origin"] < 2020) & (frame["target_year"] >= 2020)
    assert not crosses.any()


def test_real_jawa_tengah_backtest_coverage(bps, capsys):
    """Real Jawa Tengah backtest: combination coverage within 10 points of nominal (Klaten)."""
    result = fc.forecast_regency(bps, "3310", target_year=2026)
    table = result.backtest.set_index("model")
    with capsys.disabled():
        print(
            "\nJawa Tengah backtest (h = 1, target years "
            f"{result.calibration['backtest_target_years']}):"
        )
        print(result.backtest.drop(columns="target_years").round(3).to_string())
    combination = table.loc["combination"]
    assert abs(combination["coverage80"] - 0.80) <= 0.10
    assert abs(combination["coverage95"] - 0.95) <= 0.10
    assert combination["n_regencies"] == 35
    assert combination["mae_pp"] < table.loc["naive", "mae_pp"]
    assert result.calibration["pooled_over"] == "province"
    row = result.horizons.iloc[-1]
    assert row["lo95"] < row["lo80"] < row["median"] < row["hi80"] < row["hi95"]


def test_summary_orders_models_as_the_registry(bps):
    """The backtest summary lists the models in registry order, the combination last."""
    result = fc.forecast_regency(bps, "3310", target_year=2026)
    models = list(result.backtest["model"])
    order = [*fc.MODELS, "combination"]
    assert models == sorted(models, key=order.index)
    assert models[-1] == "combination"
    assert result.backtest_by_horizon["h"].tolist() == [1] * len(models)
    assert (
        pytest.approx(result.backtest["mae_pp"].tolist())
        == result.backtest_by_horizon["mae_pp"].tolist()
    )
