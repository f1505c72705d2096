"""Trend computations, checked against values computed by hand from the real BPS series."""

import math

import pandas as pd
import pytest

from analysis import data, trend


@pytest.fixture(scope="module")
def bps():
    return data.load_bps()


@pytest.fixture(scope="module")
def klaten(bps):
    return trend.summarize(bps, "3310", 2025)


def test_klaten_levels_and_gaps_match_hand_computation(klaten):
    """P0 2025 = 11.00, 2024 = 12.04; gaps to Jawa Tengah (9.48) and Indonesia (8.47)."""
    assert klaten["p0_latest"] == 11.00
    assert klaten["p0_previous"] == 12.04
    assert klaten["p0_change"] == pytest.approx(11.00 - 12.04)
    assert klaten["gap_province"] == pytest.approx(11.00 - 9.48)
    assert klaten["gap_nation"] == pytest.approx(11.00 - 8.47)


def test_klaten_pace_since_2021_matches_hand_computation(klaten):
    """Average annual change 2021-2025: (11.00-13.49)/4 for Klaten, (9.48-11.79)/4 for Jateng."""
    assert klaten["pace_start"] == 2021
    assert klaten["pace_regency"] == pytest.approx((11.00 - 13.49) / 4)
    assert klaten["pace_province"] == pytest.approx((9.48 - 11.79) / 4)


def test_klaten_rank_among_35_regencies_of_jawa_tengah(klaten, bps):
    """Klaten ranks 10th of 35 by P0 2025 (9 regencies have a higher P0)."""
    p0_2025 = bps[
        (bps.indikator == "p0_persen")
        & (bps.tahun == 2025)
        & (bps.periode == "maret")
        & bps.kode_bps.str.startswith("33")
        & (bps.kode_bps != "3300")
    ]
    assert len(p0_2025) == 35
    assert (p0_2025.nilai > 11.00).sum() == 9
    assert (klaten["rank"], klaten["rank_of"], klaten["rank_year"]) == (10, 35, 2025)


def test_covid_jump_is_2021_minus_2019(klaten):
    """The COVID rise is P0 2021 minus P0 2019: 13.49 - 12.28."""
    assert klaten["slopes"]["covid_jump"] == pytest.approx(13.49 - 12.28)


def test_missing_years_stay_missing(bps):
    """Jombang's years without P0 are listed as missing and left NaN, never interpolated."""
    table = trend.comparison_table(bps, trend.regions_for("3517"))
    assert math.isnan(table.loc[2020, "p0_persen_regency"])
    assert table.loc[2021, "p0_persen_regency"] == 10.00
    assert math.isnan(table.loc[2021, "change_regency"])  # no 2020 value to change from
    summary = trend.summarize(bps, "3517", 2025)
    assert summary["years_missing"] == [2015, 2016, 2017, 2018, 2019, 2020]


def test_rank_uses_latest_year_with_full_province_coverage(bps):
    """Jawa Timur regencies mostly have P0 only for 2021 and 2023, so Jombang is ranked in 2023."""
    summary = trend.summarize(bps, "3517", 2025)
    assert summary["rank_year"] == 2023
    assert summary["rank_of"] == 38


def test_theil_sen_recovers_exact_linear_slope():
    """On an exact line the robust slope equals the line's slope and the interval collapses."""
    series = pd.Series([10.0, 9.5, 9.0, 8.5, 8.0], index=range(2021, 2026))
    result = trend.robust_slope(series)
    assert result["slope"] == pytest.approx(-0.5)
    assert result["low"] == pytest.approx(-0.5) and result["high"] == pytest.approx(-0.5)


def test_robust_slope_refuses_fewer_than_three_points():
    """With two observed years the slope is not estimated and the reason is stated."""
    result = trend.robust_slope(pd.Series([10.0, 9.0], index=[2021, 2023]))
    assert result["slope"] is None and "fewer than 3" in result["reason"]


def test_quadrant_splits_at_province_values():
    """A regency above the province level and falling faster lands in 'high_falling_fast'."""
    rows = []
    for code, name, p2020, p2025 in [
        ("3300", "Prov", 10.0, 8.0),
        ("3301", "A", 14.0, 10.0),
        ("3302", "B", 6.0, 5.5),
    ]:
        level = "provinsi" if code == "3300" else "kabupaten"
        for year, value in ((2020, p2020), (2025, p2025)):
            rows.append(
                {
                    "kode_bps": code,
                    "wilayah": name,
                    "tingkat": level,
                    "tahun": year,
                    "periode": "maret",
                    "indikator": "p0_persen",
                    "nilai": value,
                }
            )
    positions = trend.province_positions(pd.DataFrame(rows), "3300", 2025).set_index("kode_bps")
    assert positions.loc["3301", "quadrant"] == "high_falling_fast"
    assert positions.loc["3302", "quadrant"] == "low_falling_slow"
    assert positions.loc["3301", "rank"] == 1
