"""Trend computations, checked against values computed by hand from the real BPS series or from
definitions on tiny made-up series."""

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from analysis import data, trend
from analysis.forecast import COVID_YEARS as FORECAST_COVID_YEARS

# Klaten (3310) and Jawa Tengah (3300), March P0, as in the BPS table.
KLATEN = {2015: 14.89, 2016: 14.46, 2017: 14.15, 2018: 12.96, 2019: 12.28, 2020: 12.89, 2021: 13.49}
KLATEN |= {2022: 12.33, 2023: 12.28, 2024: 12.04, 2025: 11.00}
JATENG = {2015: 13.58, 2016: 13.27, 2017: 13.01, 2018: 11.32, 2019: 10.80, 2020: 11.41, 2021: 11.79}
JATENG |= {2022: 10.93, 2023: 10.77, 2024: 10.47, 2025: 9.48}


@pytest.fixture(scope="module")
def bps():
    return data.load_bps()


@pytest.fixture(scope="module")
def klaten(bps):
    return trend.summarize(bps, "3310", 2025)


def _rows(series_by_code: dict[str, dict[int, float]]) -> pd.DataFrame:
    rows = []
    for code, series in series_by_code.items():
        level = "provinsi" if code.endswith("00") else "kabupaten"
        for year, value in series.items():
            rows.append(
                {
                    "kode_bps": code,
                    "wilayah": f"W{code}",
                    "tingkat": level,
                    "tahun": year,
                    "periode": "maret",
                    "indikator": "p0_persen",
                    "nilai": value,
                }
            )
    return pd.DataFrame(rows)


def test_klaten_levels_and_gaps_match_hand_computation(klaten):
    """P0 2025 = 11.00, 2024 = 12.04; gaps to Jawa Tengah (9.48) and Indonesia (8.47)."""
    assert klaten.p0_latest == 11.00
    assert klaten.p0_previous == 12.04
    assert klaten.p0_change == pytest.approx(11.00 - 12.04)
    assert klaten.gap_province == pytest.approx(11.00 - 9.48)
    assert klaten.gap_nation == pytest.approx(11.00 - 8.47)


def test_trend_uses_the_forecast_covid_years():
    """The trend's COVID years are the forecast's (one rule for both stages)."""
    assert tuple(trend.COVID_YEARS) == tuple(FORECAST_COVID_YEARS) == (2020, 2021)


def test_klaten_pace_is_the_mean_of_non_covid_changes(klaten):
    """Klaten's changes 15-16, 16-17, 17-18, 18-19, 22-23, 23-24, 24-25 sum to -3.94 in 7 years."""
    by_hand = (-0.43 - 0.31 - 1.19 - 0.68 - 0.05 - 0.24 - 1.04) / 7
    assert klaten.pace_regency == pytest.approx(by_hand)
    assert (klaten.pace_start, klaten.pace_end, klaten.pace_n_changes) == (2015, 2025, 7)
    province = (-0.31 - 0.26 - 1.69 - 0.52 - 0.16 - 0.30 - 0.99) / 7
    assert klaten.pace_province == pytest.approx(province)
    assert klaten.pace_difference == pytest.approx(by_hand - province)


def test_klaten_pace_equals_the_forecast_historical_pace(klaten):
    """The trend's pace is minus the forecast's historical decline on the same series (rule)."""
    from analysis.forecast.decisions import pace as forecast_pace

    series = pd.Series(KLATEN, dtype=float)
    hist = forecast_pace(series, None, 2026, frozenset(FORECAST_COVID_YEARS))
    assert klaten.pace_regency == pytest.approx(-hist["historical_decline_pp_per_year"])


def test_klaten_pace_difference_interval_by_hand(klaten):
    """Differences -0.12, -0.05, 0.50, -0.16, 0.11, 0.06, -0.05: mean +-t(6) s/sqrt(7) spans 0."""
    diffs = np.array([-0.12, -0.05, 0.50, -0.16, 0.11, 0.06, -0.05])
    half = stats.t.ppf(0.975, 6) * diffs.std(ddof=1) / math.sqrt(7)
    assert klaten.pace_difference_low == pytest.approx(diffs.mean() - half)
    assert klaten.pace_difference_high == pytest.approx(diffs.mean() + half)
    assert klaten.pace_verdict == "same"


def test_drift_interval_of_five_point_series_by_hand():
    """Changes -1, -2, -1, -2 (one year each): mean -1.5, s = sqrt(1/3), t(3) interval."""
    mu, low, high = trend.drift_interval(np.array([-1.0, -2.0, -1.0, -2.0]), np.ones(4))
    half = 3.182446305284263 * math.sqrt(1 / 3) / 2
    assert mu == pytest.approx(-1.5)
    assert (low, high) == pytest.approx((-1.5 - half, -1.5 + half))


def test_drift_interval_weights_a_two_year_gap_as_two_years():
    """A change of -2 over two years counts as two years of -1: constant drift, no spread."""
    mu, low, high = trend.drift_interval(np.array([-1.0, -2.0, -1.0]), np.array([1.0, 2.0, 1.0]))
    assert (mu, low, high) == pytest.approx((-1.0, -1.0, -1.0))


def test_pace_excludes_changes_touching_covid_years():
    """A series falling 1 a year except a COVID jump has pace exactly -1 (the jump is left out)."""
    series = pd.Series({2016: 20, 2017: 19, 2018: 18, 2019: 17, 2020: 25, 2021: 26, 2022: 16})
    series[2023], series[2024] = 15.0, 14.0
    result = trend.pace_comparison(series.astype(float), None)
    assert result["regency"] == pytest.approx(-1.0)
    assert result["n_changes"] == 5  # 16-17, 17-18, 18-19, 22-23, 23-24


def test_faster_only_when_the_difference_interval_excludes_zero():
    """Falling 0.5 a year more than the province every year is 'faster'; a mixed gap is 'same'."""
    years = range(2022, 2026)
    province = pd.Series({y: 10.0 - 0.5 * (y - 2022) for y in years})
    regency = pd.Series({y: 12.0 - 1.0 * (y - 2022) for y in years})
    assert trend.pace_comparison(regency, province)["verdict"] == "faster"
    mixed = pd.Series({2022: 12.0, 2023: 11.0, 2024: 10.9, 2025: 9.8})
    # differences -0.5, +0.4, -0.6: mean -0.23, interval includes zero
    assert trend.pace_comparison(mixed, province)["verdict"] == "same"


def test_thin_series_gets_no_pace_and_a_reason():
    """A single P0 year, or only changes across COVID, gives no pace, no verdict and a reason."""
    province = pd.Series({y: 10.0 - 0.3 * (y - 2015) for y in range(2015, 2026)})
    for series in (pd.Series({2025: 9.0}), pd.Series({2019: 9.0, 2021: 9.5, 2023: 8.0})):
        result = trend.pace_comparison(series, province)
        assert result["regency"] is None and result["verdict"] is None
        assert result["reason"] == "too_few_changes"


def test_three_changes_are_the_stated_minimum():
    """MIN_PACE_CHANGES = 3: four years 2022-2025 give a pace, three years do not."""
    assert trend.MIN_PACE_CHANGES == 3
    four = pd.Series({2022: 10.0, 2023: 9.0, 2024: 8.5, 2025: 8.0})
    assert trend.pace_comparison(four, None)["regency"] == pytest.approx(-2.0 / 3)
    assert trend.pace_comparison(four.iloc[1:], None)["regency"] is None


def test_level_interval_from_the_stated_rse():
    """Gap 11.00 - 9.48 with half-width 1.96 * 0.05 * 11.00 = 1.078: above the province."""
    result = trend.level_interval(11.0, 9.48)
    assert result["low"] == pytest.approx(1.52 - 1.959964 * 0.05 * 11.0)
    assert result["high"] == pytest.approx(1.52 + 1.959964 * 0.05 * 11.0)
    assert result["verdict"] == "above"
    assert trend.level_interval(10.0, 9.5)["verdict"] == "same"  # half-width 0.98 > 0.5


def test_rank_interval_on_a_tiny_province_is_obvious():
    """Levels 30, 10, 1 never swap (ranks 1, 2, 3); two equal levels share ranks 1-2."""
    assert trend.rank_intervals([30.0, 10.0, 1.0]) == [(1, 1), (2, 2), (3, 3)]
    assert trend.rank_intervals([10.0, 10.0, 1.0]) == [(1, 2), (1, 2), (3, 3)]


def test_klaten_rank_among_35_regencies_of_jawa_tengah(klaten, bps):
    """Klaten ranks 10th of 35 by P0 2025 (9 regencies have a higher P0); interval holds 10."""
    p0_2025 = bps[
        (bps.indikator == "p0_persen")
        & (bps.tahun == 2025)
        & (bps.periode == "maret")
        & bps.kode_bps.str.startswith("33")
        & (bps.kode_bps != "3300")
    ]
    assert len(p0_2025) == 35
    assert (p0_2025.nilai > 11.00).sum() == 9
    assert (klaten.rank, klaten.rank_of, klaten.rank_year) == (10, 35, 2025)
    # The regencies within 0.5 point of Klaten span ranks 8-13: the interval is at least that.
    assert klaten.rank_low <= 8 and klaten.rank_high >= 13


def test_covid_jump_is_2021_minus_2019(klaten):
    """The COVID rise is P0 2021 minus P0 2019: 13.49 - 12.28."""
    assert klaten.slopes.covid_jump == pytest.approx(13.49 - 12.28)


def test_missing_years_stay_missing(bps):
    """Jombang's years without P0 are listed as missing and left NaN, never interpolated."""
    table = trend.comparison_table(bps, trend.regions_for("3517"))
    assert math.isnan(table.loc[2020, "p0_persen_regency"])
    assert table.loc[2021, "p0_persen_regency"] == 10.00
    assert math.isnan(table.loc[2021, "change_regency"])  # no 2020 value to change from
    summary = trend.summarize(bps, "3517", 2025)
    assert summary.years_missing == [2019, 2020]  # 2015-2018 from the national table


def test_rank_uses_latest_year_with_full_province_coverage(bps):
    """Most Jawa Timur regencies lack 2025 but all have 2024, so Jombang is ranked in 2024."""
    summary = trend.summarize(bps, "3517", 2025)
    assert summary.rank_year == 2024
    assert summary.rank_of == 38


def test_theil_sen_recovers_exact_linear_slope():
    """On an exact line the robust slope equals the line's slope and the interval collapses."""
    series = pd.Series([10.0, 9.5, 9.0, 8.5, 8.0], index=range(2021, 2026))
    result = trend.robust_slope(series)
    assert result["slope"] == pytest.approx(-0.5)
    assert result["low"] == pytest.approx(-0.5) and result["high"] == pytest.approx(-0.5)


def test_theil_sen_of_five_points_is_the_median_pairwise_slope():
    """Values 10, 9, 9.5, 8, 8.5: the ten pairwise slopes have median -0.4375 (by hand)."""
    series = pd.Series([10.0, 9.0, 9.5, 8.0, 8.5], index=range(2021, 2026))
    # sorted slopes: -1.5, -1, -2/3, -0.5, -0.5, -0.375, -0.25, -1/6, 0.5, 0.5
    # median = mean of the 5th and 6th = (-0.5 - 0.375) / 2
    assert trend.robust_slope(series)["slope"] == pytest.approx(-0.4375)


def test_robust_slope_refuses_fewer_than_three_points():
    """With two observed years the slope is not estimated and the reason is stated."""
    result = trend.robust_slope(pd.Series([10.0, 9.0], index=[2021, 2023]))
    assert result["slope"] is None and "fewer than 3" in result["reason"]


def test_quadrant_uses_the_paired_pace_difference_and_flags_uncertainty():
    """A regency far above the province falling 1/yr against 0.5/yr is high_falling_fast and
    certain; one at the province level is flagged uncertain; one with one year has no pace."""
    years = range(2022, 2026)
    bps = _rows(
        {
            "3300": {y: 10.0 - 0.5 * (y - 2022) for y in years},
            "3301": {y: 20.0 - 1.0 * (y - 2022) for y in years},
            "3302": {y: 10.0 - 0.4 * (y - 2022) for y in years},
            "3303": {2025: 5.0},
        }
    )
    positions = trend.province_positions(bps, "3300", 2025).set_index("kode_bps")
    assert positions.loc["3301", "quadrant"] == "high_falling_fast"
    assert not positions.loc["3301", "uncertain"]
    assert positions.loc["3302", "uncertain"]  # 8.8 vs 8.5: level interval includes zero
    assert positions.loc["3303", "quadrant"] == "no_pace"
    assert positions.loc["3301", "rank"] == 1


def test_single_year_regency_gets_no_pace_claim_in_the_results(bps):
    """A regency whose series is one P0 year gets no pace, no verdict and the stated reason."""
    one = _rows({"3300": JATENG, "3301": {2025: 12.0}, "3302": KLATEN})
    summary = trend.summarize(one, "3301", 2025)
    assert summary.pace_regency is None and summary.pace_verdict is None
    assert summary.pace_reason == "too_few_changes"


def test_province_level_from_regencies_when_bps_has_none():
    """Poor 10 at P0 10 % and 30 at 20 %: 40 poor in 100 + 150 people, so 16 %."""
    rows = []
    for code, name, p0, poor in (("9701", "Nduga", 10.0, 10.0), ("9702", "X", 20.0, 30.0)):
        for indicator, value in (("p0_persen", p0), ("jumlah_miskin_ribu", poor)):
            rows.append([code, name, "kabupaten", 2024, "maret", indicator, value, "B"])
    bps = pd.DataFrame(rows, columns=data.BPS_COLUMNS[:8])
    level, source = trend._province_level_from_regencies(bps, "9700", 2024)
    assert level == pytest.approx(16.0)
    assert source == "regencies"
    assert math.isnan(trend._province_level_from_regencies(bps, "9700", 2023)[0])


def _three_regencies(last_of_first: float) -> pd.DataFrame:
    """Province 9900 and three regencies over 2015-2019; the first one's 2019 value is given."""
    series = {"9900": {2015: 10.0, 2016: 9.5, 2017: 9.0, 2018: 8.5, 2019: 8.0}}
    series["9901"] = {2015: 6.0, 2016: 5.8, 2017: 5.6, 2018: 5.4, 2019: last_of_first}
    series["9902"] = {2015: 12.0, 2016: 11.0, 2017: 10.0, 2018: 9.0, 2019: 8.0}
    series["9903"] = {2015: 9.0, 2016: 8.9, 2017: 8.8, 2018: 8.7, 2019: 8.6}
    return _rows(series)


def test_positions_copies_do_not_change_what_the_next_call_gets():
    """Editing returned positions (a cell, the attrs) leaves the next call's values as computed."""
    bps = _three_regencies(5.2)
    first = trend.positions_for(bps, "9901", 2019)
    first.loc[0, "level"] = -1.0
    first.attrs["province_level"] = -1.0
    again = trend.positions_for(bps, "9902", 2019).set_index("kode_bps")
    assert again.loc["9901", "level"] == 5.2
    assert again.attrs["province_level"] == 8.0


def test_positions_handed_on_from_another_process_are_used_not_recomputed(monkeypatch):
    """Positions computed in a batch's province worker (position_entries) and handed on
    (add_position_entries) serve the next call without computing the province again."""
    import multiprocessing

    monkeypatch.setattr(trend, "_POSITIONS", {})  # nothing from earlier tests
    bps = _three_regencies(5.2)
    with multiprocessing.get_context("fork").Pool(1) as pool:
        entries = pool.apply(_positions_in_a_worker, (bps,))
    trend.add_position_entries(entries)

    def refuse(*arguments):
        raise AssertionError("recomputed")

    monkeypatch.setattr(trend, "province_positions", refuse)
    handed_on = trend.positions_for(bps, "9901", 2019).set_index("kode_bps")
    assert handed_on.loc["9901", "level"] == 5.2 and handed_on.loc["9901", "rank"] == 3


def _positions_in_a_worker(bps):
    trend.positions_for(bps, "9902", 2019)
    return trend.position_entries()


def test_positions_follow_an_edited_table_not_an_earlier_one():
    """After one 2019 value changes from 5.2 to 15.2 the regency ranks 1st (highest P0), not 3rd."""
    before = trend.positions_for(_three_regencies(5.2), "9901", 2019).set_index("kode_bps")
    after = trend.positions_for(_three_regencies(15.2), "9901", 2019).set_index("kode_bps")
    assert before.loc["9901", "rank"] == 3
    assert after.loc["9901", "rank"] == 1
    assert after.loc["9901", "level"] == 15.2
