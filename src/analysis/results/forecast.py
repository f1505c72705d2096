"""Typed result of the forecast stage: ``results/forecast.json``.

P0 values (history, forecasts, intervals, target, realistic range) are published with 2 decimals;
probabilities, paces, weights and backtest statistics with 3; the calibration's logit scales with
6. Parts whose keys depend on the data (the pace: a target or none, a historical pace or none)
publish only the keys that were given, so a missing key stays missing rather than ``null``.
"""

from __future__ import annotations

from typing import ClassVar

from pydantic import model_serializer

from analysis.results import ResultModel, Rounded

P0 = Rounded(2)  # P0 in percent
STAT = Rounded(3)  # probabilities, paces, weights, backtest statistics
SCALE = Rounded(6)  # logit-scale calibration quantities


class _GivenKeysOnly(ResultModel):
    """A part that publishes only the keys it was built with (absent keys stay absent)."""

    @model_serializer(mode="wrap")
    def _given_keys(self, handler):
        data = handler(self)
        return {key: value for key, value in data.items() if key in self.model_fields_set}


class HistoryRow(ResultModel):
    """One observed year: P0 and its role ("trend", "covid" or "level_only")."""

    year: int
    p0: P0
    role: str


class HorizonRow(ResultModel):
    """One forecast year: median and predictive quantiles (80 %, 95 % intervals, 25th pct)."""

    year: int
    h: int
    median: P0
    lo80: P0
    hi80: P0
    lo95: P0
    hi95: P0
    p25: P0


class ModelForecast(ResultModel):
    """One model's point forecast for one year."""

    year: int
    model: str
    forecast: P0


class TargetRange(ResultModel):
    """The stated target (low == high for a point target)."""

    low: P0
    high: P0


class TargetProbability(ResultModel):
    """Chances of the target in the target year from the predictive distribution."""

    year: int
    p_at_or_below_high: STAT
    p_in_range: STAT
    p_below_low: STAT
    definition: str


class PerTarget(ResultModel):
    """A value towards the target's upper and lower bound."""

    to_high: STAT
    to_low: STAT


class Pace(_GivenKeysOnly):
    """Historical, endpoint and needed declines in percentage points per year."""

    definition: str
    latest_year: int
    latest_value: STAT
    target_year: int
    historical_decline_pp_per_year: STAT = None
    historical_period: str | None = None
    historical_start: int | None = None
    historical_end: int | None = None
    historical_n_changes: int = 0
    historical_reason: str | None = None
    endpoint_decline_pp_per_year: STAT = None
    endpoint_period: str | None = None
    needed_decline_pp_per_year: PerTarget | None = None
    needed_reason: str | None = None
    needed_over_historical: PerTarget | None = None


class RealisticRange(ResultModel):
    """25th to 50th percentile of the predictive distribution in the target year."""

    year: int
    low: P0
    high: P0
    definition: str


class BacktestRow(ResultModel):
    """One model's backtest over the calibration pool: MAE, bias, coverage and counts."""

    model: str
    mae_pp: STAT
    mae_naive_pp: STAT
    relative_mae: STAT
    bias_pp: STAT
    coverage80: STAT
    coverage95: STAT
    coverage80_realtime: STAT
    coverage95_realtime: STAT
    n_realtime: int
    n_forecasts: int
    n_regencies: int
    target_years: list[int]


class BacktestHorizonRow(BacktestRow):
    """One model's backtest at one horizon."""

    h: int


class ScaleCurve(ResultModel):
    """The fitted mean squared logit error a h + b h^2."""

    a: SCALE
    b: SCALE


class Calibration(ResultModel):
    """How the intervals were calibrated: pool, errors per horizon, scales, years."""

    method: str
    pooled_over: str
    n_regencies: int
    n_errors_by_h: dict[int, int]
    scale_curve: ScaleCurve
    logit_scale_by_h: dict[int, SCALE]
    origins: list[int]
    target_years: list[int]
    backtest_origins: list[int]
    backtest_target_years: list[int]
    coverage_reported: str
    caveat: str


class ForecastResults(ResultModel):
    """The forecast of one regency's P0 to the target year, with intervals and decisions."""

    STAGE: ClassVar[str] = "forecast"

    kode_bps: str
    wilayah: str
    indikator: str = "p0_persen"
    target_year: int
    latest_year: int
    latest_value: P0
    covid_years: list[int]
    history: list[HistoryRow]
    years_used: list[int]
    trend_years: list[int]
    models_used: list[str]
    models_skipped: dict[str, str]
    weights: dict[str, STAT]
    horizons: list[HorizonRow]
    model_forecasts: list[ModelForecast]
    target: TargetRange | None
    prob_meet_target: TargetProbability | None
    prob_reason: str | None
    pace: Pace
    realistic_range: RealisticRange
    backtest: list[BacktestRow]
    backtest_by_horizon: list[BacktestHorizonRow]
    calibration: Calibration
    notes: list[str]
    seed: int = 0

    def final(self) -> HorizonRow:
        """The forecast row of the target year."""
        return next(row for row in self.horizons if row.year == self.target_year)
