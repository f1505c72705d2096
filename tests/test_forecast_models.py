"""The point-forecast models and their registry: drifts without COVID changes, the linear trend by
hand, the pooled model on short series, the local linear trend's minimum length, and the choice of
the combination."""

from __future__ import annotations

import typing

import numpy as np
import pandas as pd
import pytest
from test_forecast_simulation import jateng_like_panel, simulate_province

from analysis import forecast as fc
from analysis import params
from analysis.errors import InputError
from analysis.forecast import models


def test_pooled_model_beats_naive_and_own_drift_on_short_series():
    """On short simulated series with drifts close to the province's, the pooled model's
    evaluated MAE is below naive's and the own drift's on the same forecasts."""
    rng = np.random.default_rng(7)
    frames = []
    for number in range(4):
        panel, province = simulate_province(rng, n_regencies=20, tau=0.002, long_every=2)
        evaluated = fc.evaluate_panel(panel, province, 2, use_llt=False)
        frames.append(evaluated.assign(kode=evaluated["kode"] + f"-{number}"))
    evaluated = pd.concat(frames, ignore_index=True)
    both = evaluated[evaluated["model"].isin(["pooled", "rw_drift", "naive"])]
    common = both.groupby(["kode", "origin", "target_year"])["model"].transform("size") == 3
    mae = both[common].groupby("model")["abs_error_pp"].mean()
    assert mae["pooled"] < mae["naive"]
    assert mae["pooled"] < mae["rw_drift"]


def test_linear_trend_by_hand():
    """OLS line through the non-COVID points, extended from the line, not from the last value.

    Points (2015, 1), (2016, 3), (2017, 2): slope 0.5, line through (2016, 2); at 2018 and 2019
    the line gives 3.0 and 3.5. A COVID year's value (9, far off) is ignored: from an origin in
    2020 the line gives 2 + 0.5 x 5 = 4.5 at 2021.
    """
    years = np.array([2015, 2016, 2017, 2020])
    z = np.array([1.0, 3.0, 2.0, 9.0])
    origin = models.Origin(years[:3], z[:3], np.array([1, 2]), frozenset({2020}))
    fit = models.linear_trend(origin)
    assert fit.values.tolist() == pytest.approx([3.0, 3.5])
    assert fit.details["linear_trend_per_year"] == pytest.approx(0.5)
    with_covid = models.Origin(years, z, np.array([1]), frozenset({2020}))
    assert models.linear_trend(with_covid).values.tolist() == pytest.approx([4.5])
    two = models.Origin(years[:2], z[:2], np.array([1]), frozenset())
    assert "fewer than 3 non-COVID points (2 available)" in models.linear_trend(two).reason


def test_covid_changes_do_not_enter_the_drift():
    """A COVID jump and its reversal do not change the random-walk drift."""
    years = np.arange(2015, 2026)
    calm = pd.Series(fc.from_logit(-2.0 - 0.05 * (years - 2015)), index=years)
    province = pd.Series(fc.from_logit(-1.9 - 0.05 * (years - 2015) + 0.01 * (years % 2)), years)
    jump = calm.copy()
    jump[2020] += 1.5
    jump[2021] += 2.0
    forecasts = {}
    for name, series in {"calm": calm, "jump": jump}.items():
        result = fc.forecast_series(
            series,
            kode="x",
            panel=series.to_frame("x"),
            province=province,
            target_year=2026,
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
        summarize=False,
        models=("rw_drift", "llt", "pooled"),
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
        summarize=False,
    )
    assert "llt" not in result.models_used


def test_registry_holds_every_params_choice():
    """Every model name the params accept is registered; the default combination is registered.

    (params.py lists the names it accepts; a registered model it does not list yet, such as
    linear_trend, can be chosen in code but not in a params file.)
    """
    (allowed,) = typing.get_args(params.ForecastSettings.model_fields["models"].annotation)
    assert set(typing.get_args(allowed)) <= set(fc.MODELS)
    assert set(params.FORECAST_MODELS) == set(fc.MODELS)
    assert set(fc.COMBINED_MODELS) <= set(fc.MODELS)


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
        summarize=False,
        models=["rw_drift", "pooled"],
    )
    assert result.weights == pytest.approx({"rw_drift": 0.5, "pooled": 0.5})
    assert result.models_used == [
        "naive",
        "rw_drift",
        "llt",
        "pooled",
        "linear_trend",
        "combination",
    ]
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
    assert "naive, rw_drift, llt, pooled, linear_trend" in str(error.value)


def test_combination_falls_back_to_naive_when_no_chosen_model_can_forecast():
    """When none of the chosen models can forecast, the combination is the naive forecast."""
    origin = models.Origin(
        np.array([2023, 2024]), np.array([-2.0, -2.1]), np.array([1]), frozenset()
    )
    forecasts, skipped, details = models.point_forecasts(origin, ("llt",))
    assert details["members"] == ["naive"]
    assert forecasts["combination"] == pytest.approx(forecasts["naive"])
    assert "llt" in skipped and "rw_drift" in skipped
