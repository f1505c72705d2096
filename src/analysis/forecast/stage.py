"""The forecast stage as notebook 02 runs it: read the inputs, choose the models, save.

The notebook calls one step per cell: `load_series`, `model_names`, then the steps of the
analysis (`analysis.forecast.fit_models`, `evaluate`, `calibrate`, `intervals`, `decide`,
`collect`), `evaluation_table`, `fan_chart` and `save`. `run` does all of it in one call (tests,
scripts).
"""

from __future__ import annotations

import pandas as pd

from analysis import build, results
from analysis.forecast.evaluation import Evaluation
from analysis.forecast.figures import draw_figures
from analysis.forecast.forecasting import regency_inputs, run_steps
from analysis.forecast.inputs import ForecastInputs
from analysis.forecast.models import COMBINED_MODELS, check_models
from analysis.forecast.result import ForecastResult
from analysis.results.forecast import ForecastResults


def load_series(context: build.Context) -> ForecastInputs:
    """The regency's March P0 series with its province and backtest sources (BPS table).

    ``.history`` shows the series: each year's P0 and whether it enters the trend.
    """
    from analysis import data

    params = context.params
    target = (params.target.low, params.target.high) if params.target else None
    return regency_inputs(data.load_bps(), params.kode_bps, params.target_year, target)


def model_names(context: build.Context) -> list[str]:
    """The models the combination averages: ``forecast.models`` in the params, else the default.

    Names come from the registry `analysis.forecast.MODELS` (naive, rw_drift, llt, pooled,
    linear_trend). The default is `COMBINED_MODELS`, chosen by the honest evaluation; a
    ``forecast`` block that does not list ``models`` keeps it.
    """
    settings = getattr(context.params, "forecast", None)
    given = settings is not None and "models" in settings.model_fields_set
    return list(check_models(settings.models if given else COMBINED_MODELS))


def evaluation_table(evaluation: Evaluation) -> pd.DataFrame:
    """The honest evaluation as a readable table: model x target year ("all" = every year)."""
    table = evaluation.table.copy()
    table["target_year"] = table["target_year"].map(lambda y: "all" if y is None else int(y))
    return table.set_index(["model", "target_year"]).round(3)


def save(context: build.Context, result: ForecastResult) -> ForecastResults:
    """Write ``results/forecast.json`` (the typed, rounded result) and return it."""
    return results.save(context, result.to_results())


def run(context: build.Context) -> ForecastResults:
    """Run the whole stage as the notebook does: forecast, fan chart, ``results/forecast.json``."""
    result = run_steps(load_series(context), model_names(context))
    draw_figures(context, result)
    return save(context, result)
