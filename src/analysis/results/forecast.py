"""Typed result of the forecast stage: ``results/forecast.json``.

P0 values (history, forecasts, intervals, target, realistic range) are published with 2 decimals;
probabilities, paces, weights and evaluation statistics with 3; the predictive distribution's
logit location and scale and the calibration's variances with 6. Parts whose keys depend on the
data (the pace: a target or none, a historical pace or none) publish only the keys that were
given, so a missing key stays missing rather than ``null``.
"""

from __future__ import annotations

from typing import ClassVar

from pydantic import model_serializer

from analysis.results import ResultModel, Rounded

P0 = Rounded(2)  # P0 in percent
STAT = Rounded(3)  # probabilities, paces, weights, evaluation statistics
SCALE = Rounded(6)  # logit-scale distribution and calibration quantities


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
    """One forecast year: median, predictive quantiles, and the predictive distribution itself.

    P0 = logistic(median_logit + scale_logit x T), T Student t with ``df`` degrees of freedom:
    P(P0 <= x) = F_t((logit(x / 100) - median_logit) / scale_logit; df).
    """

    year: int
    h: int
    median: P0
    lo80: P0
    hi80: P0
    lo95: P0
    hi95: P0
    p25: P0
    median_logit: SCALE
    scale_logit: SCALE
    df: STAT


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
    """The realistic target range in the target year and the chance a target at each end is met.

    ``p_low`` = P(P0 <= low), ``p_high`` = P(P0 <= high), computed from the distribution.
    """

    year: int
    low: P0
    high: P0
    p_low: STAT
    p_high: STAT
    definition: str


class EvaluationRow(_GivenKeysOnly):
    """One model's honest evaluation in one target year (or horizon), or over all (None)."""

    model: str
    target_year: int | None = None
    h: int | None = None
    n_forecasts: int
    n_regencies: int
    mae_pp: STAT
    mae_naive_pp: STAT
    bias_pp: STAT
    coverage80: STAT
    coverage95: STAT
    below80: STAT
    above80: STAT
    width80_pp: STAT
    width95_pp: STAT
    interval_score80: STAT
    interval_score95: STAT


class Evaluation(ResultModel):
    """The honest rolling-origin evaluation shown with the forecast.

    ``by_year`` has one row per model and target year and one per model over all target years
    (``target_year`` null); ``by_horizon`` the same per horizon. ``scope`` is "province" or
    "all provinces" (when the province has too few forecasts).
    """

    scope: str
    horizon: int
    origins: list[int]
    target_years: list[int]
    by_year: list[EvaluationRow]
    by_horizon: list[EvaluationRow]
    definition: str

    def row(self, model: str, target_year: int | None = None) -> EvaluationRow | None:
        """The row of a model in a target year (None: over all target years)."""
        return next(
            (r for r in self.by_year if r.model == model and r.target_year == target_year), None
        )


class Calibration(ResultModel):
    """How the intervals were calibrated: the province-year shock and the regencies' own part."""

    method: str
    until: int
    province_change_ends: list[int]
    province_drift: SCALE
    shock_var_per_year: SCALE
    n_changes: int
    # "province", or "all provinces" when the province's own series is too short (pooled).
    shock_source: str = "province"
    idio_var_per_year: SCALE
    n_idio: int
    idio_source: str
    common_var_by_h: dict[int, SCALE]
    logit_scale_by_h: dict[int, SCALE]
    df_by_h: dict[int, STAT]


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
    models_default: bool  # the combination is the default chosen by the honest evaluation
    horizons: list[HorizonRow]
    model_forecasts: list[ModelForecast]
    target: TargetRange | None
    prob_meet_target: TargetProbability | None
    prob_reason: str | None
    pace: Pace
    realistic_range: RealisticRange
    evaluation: Evaluation
    calibration: Calibration
    notes: list[str]
    seed: int = 0

    def final(self) -> HorizonRow:
        """The forecast row of the target year."""
        return next(row for row in self.horizons if row.year == self.target_year)
