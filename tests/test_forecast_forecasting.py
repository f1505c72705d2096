"""Forecasting a series or a regency end to end: bounds inside (0, 100), short and gappy series,
what the result says it used, bad inputs, and the real Jombang range target."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from test_forecast_simulation import jateng_like_panel

from analysis import forecast as fc
from analysis.errors import InputError


@pytest.mark.parametrize("level", [fc.to_logit(1.0), fc.to_logit(40.0)])
def test_forecasts_and_bounds_inside_0_100(level):
    """Forecasts and interval bounds stay inside (0, 100) and ordered near P0 = 1 % and 40 %."""
    panel, province = jateng_like_panel(seed=3, level=float(level))
    for kode in ["3301", "3302"]:
        result = fc.forecast_series(
            panel[kode],
            kode=kode,
            panel=panel,
            province=province,
            target_year=2030,
            summarize=False,
        )
        table = result.horizons
        values = table[["lo95", "lo80", "p25", "median", "hi80", "hi95"]].to_numpy()
        assert np.all((values > 0) & (values < 100))
        assert np.all(np.diff(values, axis=1) > 0)
        width = fc.to_logit(table["hi95"]) - fc.to_logit(table["lo95"])
        assert np.all(np.diff(width) > 0)  # wider further ahead


def test_six_point_series_says_what_was_used():
    """A 2020-2025 series forecasts and reports years, models used and skipped with reasons."""
    panel, province = jateng_like_panel(seed=6)
    result = fc.forecast_series(
        panel["3310"],
        kode="3310",
        panel=panel,
        province=province,
        target_year=2026,
        summarize=False,
    )
    out = result.to_dict()
    assert out["years_used"] == [2020, 2021, 2022, 2023, 2024, 2025]
    assert out["trend_years"] == [2022, 2023, 2024, 2025]
    assert "rw_drift" in out["models_used"] and "pooled" in out["models_used"]
    assert "fewer than 8 non-COVID points (4 available)" in out["models_skipped"]["llt"]
    assert any("llt skipped" in note for note in out["notes"])
    assert out["pace"]["historical_period"].startswith("2022-2025")


def test_series_with_missing_year_works():
    """A series lacking 2023 is forecast; the gap counts as a two-year change in the drift."""
    panel, province = jateng_like_panel(seed=7)
    gappy = panel["3304"].drop(2023)
    panel = panel.assign(**{"3304": gappy})
    result = fc.forecast_series(
        gappy, kode="3304", panel=panel, province=province, target_year=2026, summarize=False
    )
    assert 2023 not in result.to_dict()["years_used"]
    expected = (gappy[2022] - gappy[2025]) / 3
    assert result.pace["historical_decline_pp_per_year"] == pytest.approx(expected)
    assert "rw_drift" in result.models_used  # 2022->2024 and 2024->2025


def test_two_point_series_uses_pooled_model_only():
    """A series with only 2021 and 2023 (Jawa Timur) gets the pooled model and says why."""
    panel, province = jateng_like_panel(seed=8)
    short = panel["3306"].loc[[2021, 2023]]
    result = fc.forecast_series(
        short, kode="3306", panel=panel, province=province, target_year=2026, summarize=False
    )
    assert result.models_used == ["naive", "pooled", "combination"]
    assert "0 available" in result.models_skipped["rw_drift"]
    assert list(result.horizons["year"]) == [2024, 2025, 2026]
    assert result.pace["historical_decline_pp_per_year"] is None


def test_to_dict_is_json_with_expected_keys():
    """to_dict() is JSON-serialisable, with int years, rounded floats and the documented keys."""
    panel, province = jateng_like_panel(seed=10)
    result = fc.forecast_series(
        panel["3302"], kode="3302", panel=panel, province=province, target_year=2027, target=9.0
    )
    out = json.loads(json.dumps(result.to_dict()))
    for key in [
        "horizons",
        "history",
        "years_used",
        "models_used",
        "models_skipped",
        "prob_meet_target",
        "pace",
        "realistic_range",
        "evaluation",
        "calibration",
        "notes",
    ]:
        assert key in out
    assert [row["year"] for row in out["horizons"]] == [2026, 2027]
    assert set(out["horizons"][0]) >= {"year", "median", "lo80", "hi80", "lo95", "hi95", "df"}
    assert out["horizons"][0]["median"] == round(out["horizons"][0]["median"], 2)
    first = out["evaluation"]["by_year"][0]
    assert {"model", "target_year", "mae_pp", "coverage80", "interval_score95"} <= set(first)
    assert "timings" not in out and "backtest" not in out


@pytest.mark.parametrize(
    ("series", "kwargs", "message"),
    [
        (pd.Series([10.0, 0.0], index=[2024, 2025]), {}, "year 2025: P0 = 0"),
        (pd.Series([10.0, 9.0], index=[2024, 2025]), {"target_year": 2025}, "target_year 2025"),
        (pd.Series([10.0, 9.0], index=[2024, 2025]), {"target": (9, 8)}, "low <= high"),
        (pd.Series([10.0, 9.0], index=[2024, 2025]), {"target": 100}, "high < 100"),
        (pd.Series([10.0, 9.0], index=[2024, 2024]), {}, "year 2024 appears twice"),
        (pd.Series([10.0, 9.0], index=[2024, 2025]), {"models": ["arima"]}, "unknown: arima"),
    ],
)
def test_bad_input_raises_input_error(series, kwargs, message):
    """Bad values, years, targets and model names raise InputError naming the problem."""
    with pytest.raises(InputError, match=message):
        fc.forecast_series(series, kode="x", **kwargs)


def test_too_short_a_province_series_raises_input_error():
    """Without a province series of three changes, the intervals cannot be calibrated."""
    series = pd.Series([10.0, 9.0], index=[2024, 2025])
    with pytest.raises(InputError, match="at least 3 needed"):
        fc.forecast_series(series, kode="x")
    province = pd.Series([12.0, 11.5, 11.0], index=[2023, 2024, 2025])
    with pytest.raises(InputError, match="province changes outside the COVID years: 2"):
        fc.forecast_series(series, kode="x", province=province)


@pytest.mark.parametrize(
    ("kode", "target_year", "message"),
    [
        ("3300", 2026, "province and nation codes"),
        ("9999", 2026, "no March P0"),
        ("3310", 2025, "target_year 2025"),
    ],
)
def test_bad_regency_raises_input_error(bps, kode, target_year, message):
    """A province code, a code without data or a past target year stop forecast_regency."""
    with pytest.raises(InputError, match=message):
        fc.forecast_regency(bps, kode, target_year)


def test_real_jombang_range_target_and_province_fallback(bps):
    """Jombang (Jawa Timur, 2015-2018 and 2021-2025) with its 8.04-8.10 % target uses its own
    province; Nduga (Papua Pegunungan, a province since 2022 with one year of its own) pools
    every province for the shock variance and the idiosyncratic variance."""
    result = fc.forecast_regency(bps, "3517", target_year=2026, target=(8.04, 8.10))
    out = result.to_dict()
    assert out["years_used"] == [2015, 2016, 2017, 2018, 2021, 2022, 2023, 2024, 2025]
    assert out["evaluation"]["scope"] == "province"
    assert out["calibration"]["shock_source"] == "province"
    assert (
        0
        < out["prob_meet_target"]["p_in_range"]
        < out["prob_meet_target"]["p_at_or_below_high"]
        < 1
    )
    assert out["pace"]["historical_period"].startswith("2015-2025")
    nduga = fc.forecast_regency(bps, "9701", target_year=2026).to_dict()
    assert nduga["calibration"]["shock_source"] == "all provinces"
    assert nduga["calibration"]["idio_source"] == "other provinces"
    assert fc.target_from_table(
        pd.DataFrame(
            {
                "kode_bps": ["3517"],
                "tahun": [2026],
                "indikator": ["p0_persen"],
                "nilai_bawah": [8.04],
                "nilai_atas": [8.10],
            }
        ),
        "3517",
        2026,
    ) == (8.04, 8.10)


def _lines(error) -> tuple[str, str]:
    """The Indonesian and the English line of a bilingual message."""
    indonesian, english = str(error.value).split("\n(en) ")
    return indonesian, english


@pytest.mark.parametrize(
    ("series", "kwargs", "indonesian", "english"),
    [
        (
            pd.Series([10.0, 0.0], index=[2024, 2025]),
            {},
            "deret P0 x, tahun 2025: P0 = 0 di luar (0, 100)",
            "P0 series x, year 2025: P0 = 0 is outside",
        ),
        (
            pd.Series([10.0, 9.0], index=[2024, 2024]),
            {},
            "deret P0 x: tahun 2024 muncul dua kali",
            "year 2024 appears twice",
        ),
        (
            pd.Series([10.0, 9.0], index=[2024.5, 2025]),
            {},
            "indeks harus berisi tahun bulat",
            "must hold whole years",
        ),
        (
            pd.Series([10.0, 9.0], index=[2024, 2025]),
            {"target": "low"},
            "target: diharapkan kosong (None), sebuah angka",
            "expected None, a number or (low, high)",
        ),
        (
            pd.Series([10.0, 9.0], index=[2024, 2025]),
            {"target": (9, 8)},
            "target: (9, 8) harus memenuhi",
            "(9, 8) must satisfy 0 <= low <= high",
        ),
        (
            pd.Series([10.0, 9.0], index=[2024, 2025]),
            {"target_year": 2025},
            "harus sesudah tahun data terakhir 2025 dari x",
            "must be after the latest data year 2025 of x",
        ),
        (
            pd.Series([10.0, 9.0], index=[2024, 2025]),
            {"models": ["arima"]},
            "tidak dikenal: arima",
            "unknown: arima",
        ),
        (
            pd.Series([10.0, 9.0], index=[2024, 2025]),
            {},
            "interval tidak dapat dikalibrasi",
            "the intervals cannot be calibrated",
        ),
    ],
)
def test_forecast_messages_come_in_indonesian_then_english(series, kwargs, indonesian, english):
    """Bad P0 values, years, targets, model names and a series too short to calibrate give an
    Indonesian line naming the series, year or value, then the English one."""
    with pytest.raises(InputError) as error:
        fc.forecast_series(series, kode="x", **kwargs)
    first, second = _lines(error)
    assert indonesian in first and english in second


def test_province_series_is_named_in_each_language():
    """A province P0 of 100 names the province series in Indonesian and in English."""
    series = pd.Series([10.0, 9.0, 8.5], index=[2023, 2024, 2025])
    province = pd.Series([12.0, 100.0, 11.0], index=[2023, 2024, 2025])
    with pytest.raises(InputError) as error:
        fc.forecast_series(series, kode="x", province=province)
    first, second = _lines(error)
    assert first.startswith("deret P0 provinsi, tahun 2024: P0 = 100 di luar")
    assert second.startswith("province series, year 2024")


@pytest.mark.parametrize(
    ("kode", "indonesian", "english"),
    [
        ("3300", "kode provinsi dan nasional berakhiran 00", "province and nation codes end"),
        ("9999", "tidak ada P0 Maret (p0_persen) dalam tabel BPS", "no March P0"),
    ],
)
def test_bad_regency_code_messages_are_bilingual(bps, kode, indonesian, english):
    """A province code or a code without data is refused in Indonesian, then English."""
    with pytest.raises(InputError) as error:
        fc.forecast_regency(bps, kode, 2026)
    first, second = _lines(error)
    assert indonesian in first and english in second


def test_a_panel_column_is_named_in_each_language():
    """A P0 of 0 in a column of the province panel is named "kolom panel" / "panel column"."""
    from analysis.forecast.series import check_series

    with pytest.raises(InputError) as error:
        check_series(pd.Series([10.0, 0.0], index=[2024, 2025]), "panel column 3301")
    first, second = _lines(error)
    assert first.startswith("kolom panel 3301, tahun 2025: P0 = 0 di luar (0, 100)")
    assert second.startswith("panel column 3301, year 2025: P0 = 0 is outside")
