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
    rank: int
    uncertain: bool
    quadrant: str


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
    rank_year: int
    rank_level: Exact
    rank: int
    rank_of: int
    quadrant: str
    quadrant_uncertain: bool
    # The split-line distances within which a quadrant position is called uncertain.
    uncertain_level_pp: Exact
    uncertain_pace_pp: Exact
    pace_start: int | None = None
    pace_regency: Exact = None
    pace_province: Exact = None
    slopes: Slopes
    depth: dict[str, DepthChange]
    positions: list[Position]
    own_pace: Table = None
    own_pace_from: int | None = None
    province_level: Table = None
    province_pace: Table = None
    province_pace_from: int | None = None
    table: list[YearRow]
    # Notes the BPS table's reader made (tolerated formats); shown in the method notes.
    bps_notes: list[str] = []
