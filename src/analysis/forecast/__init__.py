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

What was chosen, and why (``make evaluate``; Jawa Tengah, one year ahead, target years 2023-2025
with 35 regencies each plus 3 forecasts of 2017-2019 from the few longer series, 108 in all; every
forecast fitted and calibrated with data up to its origin):

* Intervals. Calibrating each regency on the other regencies' errors of the same years is not out
  of sample: about 70 % of the combination's squared error is the year's province-wide shock, so
  by that method even the naive forecast "covered" 84 % / 97 %. Calibrated honestly (only errors
  of earlier target years) the previous kernel-smoothed intervals covered 64 % (80 % band) and
  71 % (95 % band), and most 2025 values fell below the 10th percentile (71 % by the audit). The
  intervals now model the shared shock (`shock`): its variance from the province's own
  year-to-year changes (more independent years than the regencies have), the regency's own part
  from its changes relative to the province, and a Student t with Welch-Satterthwaite degrees of
  freedom. Honest coverage of the default: 80 % band 92.6 % (2023: 97 %, 2024: 100 %, 2025:
  83 %), 95 % band 99.1 %; interval scores 1.63 (80 %) and 2.40 (95 %) percentage points, against
  2.59 and 3.31 for the naive forecast with the same bands. Slightly wider than nominal in the two
  calm years, about right in the 2025 drop; in simulation with a province-year shock and a COVID
  break the same method covers 79.5-81 % and 94.9-95.2 % (four variants, 100 provinces each).
  Alternatives tried in the same evaluation: the variance from the province's own forecast errors
  (96 % / 100 % on Jawa Tengah, 77-79 % in simulation; as few as three errors at the 2022
  origin), or from those errors with the last value where a model cannot forecast the province
  (92.5 %, but 82-88 % in simulation: the drift leaks into the variance).
* Models. The default combination is the pooled model alone, chosen on the honest evaluation:
  MAE 0.379 pp against 0.415 for the previous default (rw_drift, llt, pooled), 0.421 with the
  linear trend, 0.431 for all four, 0.472 for naive; interval scores 1.63 / 2.40 against 1.77 /
  2.46 for the previous default. The evidence is thin: the member sets differ only where their
  models can forecast, in practice 2025 (0.506 pooled, 0.617 previous default, 0.729 rw_drift,
  0.755 linear_trend, 0.941 naive); in 2023 naive was best (0.185 against 0.362). The pooled model
  is itself a precision-weighted blend of the province's movement and the regency's own drift
  (empirical Bayes), which is what averaging with the unshrunk own drift (rw_drift) undoes.
  llt forecasts only the two or three long series and has no evidence either way. The linear trend
  (OLS on the non-COVID years) needs three such points, so it has 41 forecasts, MAE 0.702 against
  naive's 0.858 on the same forecasts; the audit's 0.365 came from a line through every year,
  COVID years included, which the method notes rule out.
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
from analysis.forecast.figures import FIGURES, draw_figures, fan_chart, plot_fan_chart
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
from analysis.forecast.shock import ErrorDistribution, ProvinceShock, province_shock
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
    "ProvinceShock",
    "add_cache_entries",
    "cache_entries",
    "calibrate",
    "collect",
    "decide",
    "evaluate",
    "evaluate_panel",
    "evaluation_table",
    "FIGURES",
    "draw_figures",
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
    "province_shock",
    "regency_inputs",
    "run",
    "run_steps",
    "save",
    "summarize",
    "target_from_table",
    "to_logit",
]
