"""The trend stage's results (``results/trend.json``): levels, gaps, paces, rank and quadrant."""

from __future__ import annotations

from typing import ClassVar

from pydantic import BaseModel, ConfigDict

from analysis.results import ResultModel, Rounded

Exact = Rounded(None)  # values taken from the BPS table or computed from two of them
Table = Rounded(4)  # the yearly table and the province positions


class _Part(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Slope(_Part):
    """Theil-Sen slope (pp/year) with its 95 % interval and a Mann-Kendall test, for one period."""

    years: list[int]
    n: int
    slope: Exact = None
    low: Exact = None
    high: Exact = None
    tau: Exact = None
    p_value: Exact = None
    reason: str | None = None


class Slopes(_Part):
    """Robust slopes before COVID and after its peak, and the COVID jump (2019 to 2021)."""

    pre_covid: Slope
    post_covid: Slope
    covid_jump: Exact = None


class DepthChange(_Part):
    """P1 or P2 at the start and end of the period shown."""

    first_year: int
    first: Exact
    last_year: int
    last: Exact


class Position(_Part):
    """One regency of the province in the quadrant: level, pace and rank."""

    kode_bps: str
    wilayah: str
    level: Table
    pace: Table = None
    pace_from: int | None = None
    pace_difference: Table = None
    pace_difference_low: Table = None
    pace_difference_high: Table = None
    pace_verdict: str | None = None  # faster, slower, same; None without a pace
    level_verdict: str  # above, below, same (95 % interval of level minus province level)
    rank: int
    rank_low: int
    rank_high: int
    uncertain: bool
    quadrant: str  # high/low_falling_fast/slow, or no_pace


class YearRow(_Part):
    """One year of the comparison table; missing values stay missing."""

    tahun: int
    covid: bool
    p0_persen_regency: Table = None
    p0_persen_province: Table = None
    p0_persen_nation: Table = None
    p1_regency: Table = None
    p1_province: Table = None
    p1_nation: Table = None
    p2_regency: Table = None
    p2_province: Table = None
    p2_nation: Table = None
    jumlah_miskin_ribu_regency: Table = None
    jumlah_miskin_ribu_province: Table = None
    jumlah_miskin_ribu_nation: Table = None
    change_regency: Table = None
    change_province: Table = None
    change_nation: Table = None
    change_vs_province: Table = None


class TrendResults(ResultModel):
    """Everything the brief says about the trend and the regency's relative position."""

    STAGE: ClassVar[str] = "trend"

    kode_bps: str
    province_code: str
    name: str
    province_name: str
    latest_year: int
    first_year: int
    years_observed: list[int]
    years_missing: list[int]
    p0_latest: Exact
    p0_previous_year: int | None = None
    p0_previous: Exact = None
    p0_change: Exact = None
    province_p0_latest: Table = None
    nation_p0_latest: Table = None
    gap_province: Table = None
    gap_nation: Table = None
    poor_thousands: Exact = None
    poor_year: int | None = None
    # 95 % interval of the gap to the province from the approximate RSE of a regency P0, and its
    # verdict: above, below or same (interval includes zero).
    gap_province_low: Table = None
    gap_province_high: Table = None
    level_verdict: str | None = None
    rank_year: int
    rank_level: Exact
    rank: int
    # 95 % rank interval by simulation of each regency's P0 ~ Normal(P0, (rse_p0 * P0)^2)
    rank_low: int
    rank_high: int
    rank_of: int
    rse_p0: Exact  # the approximate relative standard error used (not BPS-published)
    quadrant: str
    # True when the level or the pace-difference interval includes zero (or there is no pace).
    quadrant_uncertain: bool
    # The one pace: average annual change over the changes touching no COVID year (forecast rule)
    # between pace_start and pace_end, its 95 % interval (paired bootstrap), the province's over
    # the same changes and the difference with its interval; pace_verdict faster/slower/same, or
    # None with pace_reason (too_few_changes: fewer than min_pace_changes changes).
    min_pace_changes: int
    covid_years: list[int]
    pace_start: int | None = None
    pace_end: int | None = None
    pace_n_changes: int = 0
    pace_regency: Exact = None
    pace_regency_low: Exact = None
    pace_regency_high: Exact = None
    pace_province: Exact = None
    pace_difference: Exact = None
    pace_difference_low: Exact = None
    pace_difference_high: Exact = None
    pace_verdict: str | None = None
    pace_reason: str | None = None
    slopes: Slopes
    depth: dict[str, DepthChange]
    positions: list[Position]
    province_level: Table = None
    province_pace: Table = None
    province_pace_from: int | None = None
    table: list[YearRow]
    # Notes the BPS table's reader made (tolerated formats); shown in the method notes.
    bps_notes: list[str] = []
