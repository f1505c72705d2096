"""Forecast a regency's poverty rate (P0) to a target year, with honestly evaluated intervals.

Method (see ``design/METHODS.md``, section Forecast): models on the logit scale with COVID years as
an explicit break (`series`); point-forecast models in a registry, combined with equal weights
(`models`, `pooled`); intervals from a province-year shock plus each regency's own deviation, both
estimated only from data up to the forecast origin (`shock`, `calibration`); an honest
rolling-origin evaluation in which every forecast is fitted and calibrated with data up to its
origin (`evaluation`; ``python -m analysis.forecast.evaluate`` prints it per province); the
target's probability, the pace it needs and a realistic range (`decisions`); the fan chart
(`figures`). `forecasting` runs the steps for a series or a regency of the BPS table, `cache`
keeps a batch's province evaluations, `stage` holds the notebook's steps.

What was chosen, and why (figures from ``make evaluate``, Jawa Tengah, one year ahead, target
years 2023-2025, 35 regencies; every forecast fitted and calibrated with data up to its origin):

* Intervals. Calibrating on other regencies' errors of the same year is not out of sample: in
  Jawa Tengah about 70 % of the combination's squared error is the year's province-wide shock.
  Calibrated only on errors of earlier years (the previous method, honestly evaluated) the
  combination's 80 % and 95 % bands covered 64 % and 71 %. The intervals now model the shared
  shock: its variance comes from the same models' errors on the province's own series (2011,
  2012, 2015-2019 and 2022-2025: more independent years than the regencies have), the
  regency's own part from changes relative to the province, and a Student t with
  Welch-Satterthwaite degrees of freedom widens the bands when the variance rests on few
  years. Honest coverage of the default combination: see ``SEE_EVALUATE`` below.
* Models. See ``SEE_EVALUATE``.
"""

from analysis.forecast.cache import add_cache_entries, cache_entries
from analysis.forecast.calibration import Calibration, calibrate, intervals
from analysis.forecast.decisions import decide
from analysis.forecast.evaluation import (
    Evaluation,
    evaluate,
    evaluate_panel,
    forecast_origin,
    interval_score,
    summarize,
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
from analysis.forecast.shock import ErrorDistribution, province_errors
from analysis.forecast.stage import evaluation_table, load_series, model_names, run, save

__all__ = [
    "COMBINED_MODELS",
    "COVID_YEARS",
    "MODELS",
    "Calibration",
    "ErrorDistribution",
    "Evaluation",
    "ForecastInputs",
    "ForecastResult",
    "ModelFits",
    "add_cache_entries",
    "cache_entries",
    "calibrate",
    "collect",
    "decide",
    "evaluate",
    "evaluate_panel",
    "evaluation_table",
    "fan_chart",
    "fit_models",
    "forecast_origin",
    "forecast_regency",
    "forecast_series",
    "from_logit",
    "interval_score",
    "intervals",
    "load_series",
    "model_names",
    "plot_fan_chart",
    "province_errors",
    "regency_inputs",
    "run",
    "run_steps",
    "save",
    "summarize",
    "target_from_table",
    "to_logit",
]
