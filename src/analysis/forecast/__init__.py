"""Forecast a regency's poverty rate (P0) to a target year, with calibrated intervals.

Method (see ``design/METHODS.md``, section Forecast): models on the logit scale with COVID years as
an explicit break (`series`); point-forecast models in a registry, combined with equal weights
(`models`, `pooled`); a rolling-origin backtest pooled over the province's regencies, with honest
coverage (`evaluation`); intervals from the calibrated backtest errors (`calibration`); the
target's probability, the pace it needs and a realistic range (`decisions`); the fan chart
(`figures`). `forecasting` runs the steps for a series or a regency of the BPS table, `cache`
keeps a batch's province backtests, `stage` holds the notebook's steps.
"""

from analysis.forecast.cache import add_cache_entries, cache_entries
from analysis.forecast.calibration import (
    Calibration,
    ErrorDistribution,
    calibrate,
    calibration_errors,
    error_distribution,
    error_distributions,
    intervals,
    recent_origins,
)
from analysis.forecast.decisions import decide
from analysis.forecast.evaluation import (
    Backtest,
    backtest,
    backtest_coverage,
    backtest_panel,
    summarize_backtest,
)
from analysis.forecast.figures import fan_chart, plot_fan_chart
from analysis.forecast.forecasting import (
    forecast_regency,
    forecast_series,
    regency_inputs,
    run_steps,
    target_from_table,
)
from analysis.forecast.inputs import ForecastInputs
from analysis.forecast.models import COMBINED_MODELS, MODELS, ModelFits, fit_models
from analysis.forecast.result import ForecastResult, collect
from analysis.forecast.series import COVID_YEARS, from_logit, to_logit
from analysis.forecast.stage import load_series, model_names, run, save

__all__ = [
    "COMBINED_MODELS",
    "COVID_YEARS",
    "MODELS",
    "Backtest",
    "Calibration",
    "ErrorDistribution",
    "ForecastInputs",
    "ForecastResult",
    "ModelFits",
    "add_cache_entries",
    "backtest",
    "backtest_coverage",
    "backtest_panel",
    "cache_entries",
    "calibrate",
    "calibration_errors",
    "collect",
    "decide",
    "error_distribution",
    "error_distributions",
    "fan_chart",
    "fit_models",
    "forecast_regency",
    "forecast_series",
    "from_logit",
    "intervals",
    "load_series",
    "model_names",
    "plot_fan_chart",
    "recent_origins",
    "regency_inputs",
    "run",
    "run_steps",
    "save",
    "summarize_backtest",
    "target_from_table",
    "to_logit",
]
