"""Tests of the forecast stage: calibration on simulated panels with known truth, bounds, decision
outputs, short and gappy series, and the real Jawa Tengah backtest."""

from __future__ import annotations

import json

import matplotlib
import numpy as np
import pandas as pd
import pytest

from analysis import forecast as fc
from analysis.errors import InputError

matplotlib.use("Agg")


def simulate_province(
    rng,
    n_regencies=30,
    last_year=2012,
    horizon=3,
    mu=-0.04,
    tau=0.01,
    sigma_e=0.04,
    sigma_c=0.02,
    lengths=(6, 8, 10, 12),
    level=-2.0,
):
    """A province of regencies whose logit P0 is a random walk with drift.

    Yearly logit change of regency i: mu + d_i + c_t + e_it, with d_i ~ N(0, tau) (own drift),
    c_t ~ N(0, sigma_c) (the province's shock, shared) and e_it ~ N(0, sigma_e). The province's
    logit moves by mu + c_t. Histories have the given lengths; every fifth lacks a middle year.
    Returns (panel of histories, province history, {kode: true future values}).
    """
    years = np.arange(last_year - max(lengths) + 1, last_year + horizon + 1)
    shocks = rng.normal(0, sigma_c, len(years))
    province = pd.Series(fc.from_logit(rng.normal(-2.2, 0.3) + np.cumsum(mu + shocks)), index=years)
    panel, truth = {}, {}
    for i in range(n_regencies):
        path = rng.normal(level, 0.5) + np.cumsum(
            mu + rng.normal(0, tau) + shocks + rng.normal(0, sigma_e, len(years))
        )
        series = pd.Series(fc.from_logit(path), index=years)
        length = lengths[i % len(lengths)]
        history = series[(series.index > last_year - length) & (series.index <= last_year)]
        if i % 5 == 4:
            history = history.drop(history.index[len(history) // 2])
        panel[f"r{i:02d}"] = history
        truth[f"r{i:02d}"] = series[series.index > last_year]
    return pd.DataFrame(panel), province[province.index <= last_year], truth


def forecast_province(panel, province, target_year, use_llt=False):
    """Forecast every regency of a simulated province with one shared backtest."""
    horizon = target_year - int(panel.index.max())
    backtest = fc.backtest_panel(panel, province, horizon, covid_years=(), use_llt=use_llt)
    return {
        kode: fc.forecast_series(
            panel[kode].dropna(),
            kode=kode,
            panel=panel,
            province=province,
            target_year=target_year,
            backtest=backtest,
            covid_years=(),
            use_llt=use_llt,
            summarize=False,
        )
        for kode in panel.columns
    }


def simulated_coverage(seed, use_llt):
    """Coverage of the calibrated intervals over 20 simulated provinces of 30 regencies."""
    rng = np.random.default_rng(seed)
    hits80, hits95, n_series = [], [], 0
    for _ in range(20):
        panel, province, truth = simulate_province(rng)
        n_series += panel.shape[1]
        for kode, result in forecast_province(panel, province, 2015, use_llt).items():
            for row in result.horizons.itertuples():
                value = truth[kode][row.year]
                hits80.append(row.lo80 <= value <= row.hi80)
                hits95.append(row.lo95 <= value <= row.hi95)
    return n_series, float(np.mean(hits80)), float(np.mean(hits95))


def jateng_like_panel(seed=1, n=12, start=2020, end=2025, level=-2.0):
    """A small province shaped like the real data: 6 yearly points with the COVID years."""
    rng = np.random.default_rng(seed)
    years = np.arange(2011, end + 1)
    bump = np.where(np.isin(years, [2020, 2021]), 0.05, 0.0) - np.where(years == 2022, 0.1, 0.0)
    shocks = rng.normal(0, 0.02, len(years))
    province = pd.Series(fc.from_logit(level + np.cumsum(-0.04 + shocks + bump)), index=years)
    panel = {}
    for i in range(n):
        path = rng.normal(level, 0.4) + np.cumsum(
            -0.04 + shocks + bump + rng.normal(0, 0.03, len(years))
        )
        panel[f"{3301 + i}"] = pd.Series(fc.from_logit(path), index=years).loc[start:]
    return pd.DataFrame(panel), province


def test_simulated_coverage_within_five_points():
    """Calibrated 80/95 % intervals cover the truth within 5 points of nominal (600 series)."""
    n_series, cover80, cover95 = simulated_coverage(20260101, use_llt=False)
    assert n_series >= 500
    assert abs(cover80 - 0.80) <= 0.05, cover80
    assert abs(cover95 - 0.95) <= 0.05, cover95


@pytest.mark.slow
def test_simulated_coverage_with_local_linear_trend():
    """With the local linear trend in the combination, coverage stays within 5 points (slow)."""
    n_series, cover80, cover95 = simulated_coverage(20260102, use_llt=True)
    assert n_series >= 500
    assert abs(cover80 - 0.80) <= 0.05, cover80
    assert abs(cover95 - 0.95) <= 0.05, cover95


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


def test_prob_meet_target_monotone_and_half_at_median():
    """P(P0 <= target) rises with the target and is 0.5 at the median forecast."""
    panel, province = jateng_like_panel(seed=4)
    result = fc.forecast_series(
        panel["3305"],
        kode="3305",
        panel=panel,
        province=province,
        target_year=2027,
        summarize=False,
    )
    median = float(result.horizons.iloc[-1]["median"])
    grid = np.linspace(median * 0.8, median * 1.2, 41)
    probs = [result.prob_at_or_below(v) for v in grid]
    assert np.all(np.diff(probs) > 0)
    assert result.prob_at_or_below(median) == pytest.approx(0.5, abs=0.01)
    point = fc.forecast_series(
        panel["3305"],
        kode="3305",
        panel=panel,
        province=province,
        target_year=2027,
        target=median,
        summarize=False,
    )
    assert point.prob_meet_target["p_at_or_below_high"] == pytest.approx(0.5, abs=0.01)


def test_range_target_probabilities_and_realistic_range():
    """A target range gives P(<= high) = P(in range) + P(< low); realistic = 25th-50th pct."""
    panel, province = jateng_like_panel(seed=5)
    result = fc.forecast_series(
        panel["3303"],
        kode="3303",
        panel=panel,
        province=province,
        target_year=2026,
        target=(8.04, 8.10),
        summarize=False,
    )
    prob = result.prob_meet_target
    assert prob["p_at_or_below_high"] == pytest.approx(prob["p_in_range"] + prob["p_below_low"])
    assert 0 <= prob["p_below_low"] <= prob["p_at_or_below_high"] <= 1
    q25, q50 = result.quantile(2026, [0.25, 0.5])
    assert result.realistic_range["low"] == pytest.approx(q25, rel=1e-3)
    assert result.realistic_range["high"] == pytest.approx(q50, rel=1e-3)
    latest = result.latest_value
    assert result.pace["needed_decline_pp_per_year"]["to_high"] == pytest.approx(latest - 8.10)


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
            backtest=_fake_backtest(),
            summarize=False,
        )
        forecasts[name] = result.model_forecasts.set_index("model").loc["rw_drift", "forecast"]
    assert forecasts["jump"] == pytest.approx(forecasts["calm"])


def _fake_backtest(n=60, scale=0.05, seed=0):
    """Backtest errors drawn from N(0, scale) at horizon 1 (to test the forecast step alone)."""
    rng = np.random.default_rng(seed)
    return pd.DataFrame(
        {
            "kode": [f"k{i % 20}" for i in range(n)],
            "origin": 2010 + np.arange(n) % 5,
            "target_year": 2011 + np.arange(n) % 5,
            "h": 1,
            "model": "combination",
            "forecast": 0.0,
            "actual": 0.0,
            "n_points": 5,
            "error": rng.normal(0, scale, n),
            "abs_error_pp": 0.1,
        }
    )


def test_error_distribution_matches_normal_quantiles():
    """With many normal errors the calibrated 80/95 % half-widths match the normal ones."""
    rng = np.random.default_rng(11)
    errors = {1: rng.normal(0, 0.05, 4000), 2: rng.normal(0, 0.05 * np.sqrt(2), 4000)}
    dist = fc.error_distribution(errors, 1)
    q = dist.quantile([0.1, 0.5, 0.9, 0.975])
    assert q[1] == pytest.approx(0.0, abs=1e-3)
    assert q[2] == pytest.approx(1.2816 * 0.05, rel=0.05)
    assert q[3] == pytest.approx(1.96 * 0.05, rel=0.05)
    assert fc.error_distribution(errors, 3).scale > fc.error_distribution(errors, 2).scale
    assert fc.error_distribution({1: np.zeros(5)}, 1) is None  # too few errors


def test_interval_scale_never_shrinks_with_horizon():
    """Scales use each horizon's own errors but never fall below a shorter horizon's."""
    rng = np.random.default_rng(12)
    errors = {1: rng.normal(0, 0.06, 100), 2: rng.normal(0, 0.03, 100), 3: rng.normal(0, 0.1, 3)}
    dists = fc.error_distributions(errors, [1, 2, 3, 4])
    scales = [dists[h].scale for h in [1, 2, 3, 4]]
    assert scales[0] == pytest.approx(np.sqrt(np.mean(errors[1] ** 2)))
    assert scales[1] == scales[0]  # h = 2 errors are smaller: floored at h = 1
    assert np.all(np.diff(scales) >= 0)


def test_local_linear_trend_used_only_with_enough_points():
    """The local linear trend enters for eight non-COVID points and is skipped for fewer."""
    panel, province = jateng_like_panel(seed=9, start=2012)
    result = fc.forecast_series(
        panel["3301"],
        kode="3301",
        panel=panel,
        province=province,
        target_year=2026,
        backtest=_fake_backtest(),
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
        backtest=_fake_backtest(),
        summarize=False,
    )
    assert "llt" not in result.models_used


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
        "backtest",
        "calibration",
        "notes",
    ]:
        assert key in out
    assert [row["year"] for row in out["horizons"]] == [2026, 2027]
    assert set(out["horizons"][0]) >= {"year", "median", "lo80", "hi80", "lo95", "hi95"}
    assert out["horizons"][0]["median"] == round(out["horizons"][0]["median"], 2)
    assert {"model", "mae_pp", "coverage80", "coverage95", "n_forecasts"} <= set(out["backtest"][0])
    assert "timings" not in out


@pytest.mark.parametrize(
    ("series", "kwargs", "message"),
    [
        (pd.Series([10.0, 0.0], index=[2024, 2025]), {}, "year 2025: P0 = 0"),
        (pd.Series([10.0, 9.0], index=[2024, 2025]), {"target_year": 2025}, "target_year 2025"),
        (pd.Series([10.0, 9.0], index=[2024, 2025]), {"target": (9, 8)}, "low <= high"),
        (pd.Series([10.0, 9.0], index=[2024, 2025]), {"target": 100}, "high < 100"),
        (pd.Series([10.0, 9.0], index=[2024, 2024]), {}, "year 2024 appears twice"),
    ],
)
def test_bad_input_raises_input_error(series, kwargs, message):
    """Bad values, years and targets raise InputError naming the problem."""
    with pytest.raises(InputError, match=message):
        fc.forecast_series(series, kode="x", backtest=_fake_backtest(), **kwargs)


def test_plot_fan_chart_draws_bands_and_target():
    """The fan chart returns a Figure with the given labels and a target band."""
    panel, province = jateng_like_panel(seed=12)
    result = fc.forecast_series(
        panel["3301"],
        kode="3301",
        panel=panel,
        province=province,
        target_year=2027,
        target=(8.0, 8.5),
        summarize=False,
    )
    labels = {
        "xlabel": "Tahun",
        "ylabel": "P0 (%)",
        "history": "Data BPS",
        "median": "Median",
        "band80": "Selang 80%",
        "band95": "Selang 95%",
        "target": "Target",
    }
    figure = fc.plot_fan_chart(result, labels)
    legend = [t.get_text() for t in figure.axes[0].get_legend().get_texts()]
    assert {"Data BPS", "Median", "Selang 80%", "Selang 95%", "Target"} <= set(legend)
    assert figure.axes[0].get_xlabel() == "Tahun"
    matplotlib.pyplot.close(figure)


@pytest.fixture(scope="module")
def bps():
    """The real BPS table from data/raw/."""
    from analysis.data import load_bps

    return load_bps()


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


def test_real_jombang_range_target_and_province_fallback(bps):
    """Jombang (Jawa Timur, 2021-2025) with its 8.04-8.10 % target pools every province."""
    result = fc.forecast_regency(bps, "3517", target_year=2026, target=(8.04, 8.10))
    out = result.to_dict()
    assert out["years_used"] == [2021, 2022, 2023, 2024, 2025]
    assert out["calibration"]["pooled_over"] == "all provinces"
    assert (
        0
        < out["prob_meet_target"]["p_in_range"]
        < out["prob_meet_target"]["p_at_or_below_high"]
        < 1
    )
    assert out["pace"]["historical_period"].startswith("2022-2025")
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
