"""The point-forecast models and their registry: drifts without COVID changes, the pooled model on
short series, the local linear trend's minimum length, and the choice of the combination."""

from __future__ import annotations

import typing

import numpy as np
import pandas as pd
import pytest
from test_forecast_simulation import fake_backtest, jateng_like_panel, simulate_province

from analysis import forecast as fc
from analysis import params
from analysis.errors import InputError
from analysis.forecast import models


def test_pooled_model_beats_naive_and_own_drift_on_short_series():
    """On short simulated series the pooled model's backtest MAE is below naive and own drift."""
    rng = np.random.default_rng(7)
    panel, province, _ = simulate_province(rng, n_regencies=30, lengths=(6,), tau=0.005)
    backtest = fc.backtest_panel(panel, province, 2, covid_years=(), use_llt=False)
    both = backtest[backtest["model"].isin(["pooled", "rw_drift", "naive"])]
    common = both.groupby(["kode", "origin", "target_year"])["model"].transform("size") == 3
    mae = both[common].groupby("model")["abs_error_pp"].mean()
    assert mae["pooled"] < mae["naive"]
    assert mae["pooled"] < mae["rw_drift"]


def test_covid_changes_do_not_enter_the_drift():
    """A COVID jump and its reversal do not change the random-walk drift."""
    years = np.arange(2015, 2026)
    calm = pd.Series(fc.from_logit(-2.0 - 0.05 * (years - 2015)), index=years)
    jump = calm.copy()
    jump[2020] += 1.5
    jump[2021] += 2.0
    forecasts = {}
    for name, series in {"calm": calm, "jump": jump}.items():
        result = fc.forecast_series(
            series,
            kode="x",
            panel=series.to_frame("x"),
            target_year=2026,
            backtest=fake_backtest(),
            summarize=False,
        )
        forecasts[name] = result.model_forecasts.set_index("model").loc["rw_drift", "forecast"]
    assert forecasts["jump"] == pytest.approx(forecasts["calm"])


def test_local_linear_trend_used_only_with_enough_points():
    """The local linear trend enters for eight non-COVID points and is skipped for fewer."""
    panel, province = jateng_like_panel(seed=9, start=2012)
    result = fc.forecast_series(
        panel["3301"],
        kode="3301",
        panel=panel,
        province=province,
        target_year=2026,
        backtest=fake_backtest(),
        summarize=False,
    )
    assert "llt" in result.models_used
    assert result.weights == pytest.approx({"rw_drift": 1 / 3, "llt": 1 / 3, "pooled": 1 / 3})
    short = panel["3301"].loc[2019:]
    result = fc.forecast_series(
        short,
        kode="3301",
        panel=panel,
        province=province,
        target_year=2026,
        backtest=fake_backtest(),
        summarize=False,
    )
    assert "llt" not in result.models_used


def test_registry_matches_the_params_choices():
    """The params accept exactly the registered model names; their default is the combination."""
    (allowed,) = typing.get_args(params.ForecastSettings.model_fields["models"].annotation)
    assert typing.get_args(allowed) == tuple(fc.MODELS) == params.FORECAST_MODELS
    assert tuple(params.ForecastSettings().models) == fc.COMBINED_MODELS


def test_every_registered_model_takes_an_origin_and_returns_a_fit():
    """Each model maps the same Origin to a Fit: forecasts at every horizon, or a reason."""
    years = np.arange(2010, 2020)
    z = np.linspace(-2.0, -2.4, len(years))
    origin = models.Origin(years, z, np.array([1, 2]), frozenset())
    for name, model in fc.MODELS.items():
        fit = model(origin)
        assert isinstance(fit, models.Fit), name
        assert (fit.values is None) == (fit.reason is not None), name
        if fit.values is not None:
            assert fit.values.shape == (2,), name
    assert fc.MODELS["pooled"](origin).reason == "no panel of regencies or province series given"


def test_chosen_models_set_the_combination():
    """A chosen subset is averaged with equal weights on the logit scale; the others still fit."""
    panel, province = jateng_like_panel(seed=9, start=2012)
    result = fc.forecast_series(
        panel["3301"],
        kode="3301",
        panel=panel,
        province=province,
        target_year=2027,
        backtest=fake_backtest(),
        summarize=False,
        models=["rw_drift", "pooled"],
    )
    assert result.weights == pytest.approx({"rw_drift": 0.5, "pooled": 0.5})
    assert result.models_used == ["naive", "rw_drift", "llt", "pooled", "combination"]
    table = result.model_forecasts.pivot(index="year", columns="model", values="forecast")
    expected = fc.from_logit((fc.to_logit(table["rw_drift"]) + fc.to_logit(table["pooled"])) / 2)
    assert np.allclose(table["combination"], expected)
    assert any("over rw_drift, pooled." in note for note in result.notes)


@pytest.mark.parametrize(
    ("names", "message"),
    [
        (["arima"], "unknown: arima"),
        ([], "non-empty list"),
        (["pooled", "pooled"], "distinct names"),
    ],
)
def test_bad_model_choice_raises_input_error(names, message):
    """Unknown, missing or repeated model names are refused with the registered names."""
    with pytest.raises(InputError, match=message) as error:
        models.check_models(names)
    assert "naive, rw_drift, llt, pooled" in str(error.value)


def test_combination_falls_back_to_naive_when_no_chosen_model_can_forecast():
    """When none of the chosen models can forecast, the combination is the naive forecast."""
    origin = models.Origin(
        np.array([2023, 2024]), np.array([-2.0, -2.1]), np.array([1]), frozenset()
    )
    forecasts, skipped, details = models.point_forecasts(origin, ("llt",))
    assert details["members"] == ["naive"]
    assert forecasts["combination"] == pytest.approx(forecasts["naive"])
    assert "llt" in skipped and "rw_drift" in skipped
