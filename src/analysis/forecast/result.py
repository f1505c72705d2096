"""The forecast of one regency as one object, its notes, and its published (typed) form."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from analysis import results
from analysis.forecast.calibration import Calibration
from analysis.forecast.evaluation import DEFINITION as EVALUATION_DEFINITION
from analysis.forecast.evaluation import Evaluation
from analysis.forecast.inputs import ForecastInputs
from analysis.forecast.models import COMBINED_MODELS, ModelFits
from analysis.forecast.pooled import MIN_PROVINCE_SPANS
from analysis.forecast.series import COVID_YEARS, from_logit, to_logit
from analysis.forecast.shock import ErrorDistribution
from analysis.results.forecast import ForecastResults


@dataclass
class ForecastResult:
    """Forecast of one regency's P0 with calibrated intervals and decision outputs.

    Percent values are P0 in percent; ``horizons`` has one row per year from the year after the
    latest data to the target year; ``evaluation`` is the honest evaluation shown with it.
    Unrounded; `to_results` gives the published, rounded form.
    """

    kode_bps: str
    wilayah: str
    target_year: int
    latest_year: int
    latest_value: float
    history: pd.DataFrame
    horizons: pd.DataFrame
    model_forecasts: pd.DataFrame
    models_used: list[str]
    models_skipped: dict[str, str]
    weights: dict[str, float]
    models_default: bool
    target: tuple[float, float] | None
    prob_meet_target: dict[str, Any] | None
    prob_reason: str | None
    pace: dict[str, Any]
    realistic_range: dict[str, Any]
    evaluation: Evaluation
    calibration: dict[str, Any]
    notes: list[str]
    seed: int = 0
    covid_years: tuple[int, ...] = COVID_YEARS
    timings: dict[str, float] = field(default_factory=dict)
    distributions: dict[int, ErrorDistribution] = field(default_factory=dict, repr=False)

    def quantile(self, year: int, p: Any) -> np.ndarray:
        """P0 (percent) quantiles of the predictive distribution in a forecast year."""
        row = self.horizons.set_index("year").loc[int(year)]
        dist = self.distributions[int(row["h"])]
        return from_logit(to_logit(row["median"]) + dist.quantile(p))

    def prob_at_or_below(self, value: float, year: int | None = None) -> float:
        """P(P0 in the year <= value), from the calibrated predictive distribution."""
        year = self.target_year if year is None else int(year)
        row = self.horizons.set_index("year").loc[year]
        dist = self.distributions[int(row["h"])]
        if not 0 < value < 100:
            return 0.0 if value <= 0 else 1.0
        return float(dist.cdf(to_logit(value) - to_logit(row["median"]))[0])

    def to_results(self) -> ForecastResults:
        """The published form (``results/forecast.json``), rounded as the model declares."""
        return to_results(self)

    def to_dict(self) -> dict[str, Any]:
        """Return the published form as a JSON-ready dict (see `to_results`)."""
        return self.to_results().to_json()


def _records(frame: pd.DataFrame | None) -> list[dict]:
    return [] if frame is None or frame.empty else frame.to_dict(orient="records")


def _rows(table: pd.DataFrame, by: str) -> list[dict]:
    """Summary rows with the ``by`` key only where it has a value (None: over all)."""
    rows = []
    for row in _records(table):
        value = row.pop(by)
        rows.append(row if value is None else {**row, by: value})
    return rows


def evaluation_record(evaluation: Evaluation, horizon: int) -> dict[str, Any]:
    """The published form of the honest evaluation (see `analysis.results.forecast.Evaluation`)."""
    rows = evaluation.rows
    return {
        "scope": evaluation.scope,
        "horizon": int(horizon),
        "origins": sorted(int(y) for y in rows["origin"].unique()) if len(rows) else [],
        "target_years": sorted(int(y) for y in rows["target_year"].unique()) if len(rows) else [],
        "by_year": _rows(evaluation.table, "target_year"),
        "by_horizon": _rows(evaluation.by_horizon, "h"),
        "definition": EVALUATION_DEFINITION,
    }


def to_results(result: ForecastResult) -> ForecastResults:
    """Build the typed, rounded result of the stage from a `ForecastResult`."""
    history = result.history
    payload = {
        "kode_bps": result.kode_bps,
        "wilayah": result.wilayah,
        "indikator": "p0_persen",
        "target_year": result.target_year,
        "latest_year": result.latest_year,
        "latest_value": result.latest_value,
        "covid_years": list(result.covid_years),
        "history": _records(history),
        "years_used": list(history["year"]),
        "trend_years": list(history.loc[history["role"] == "trend", "year"]),
        "models_used": list(result.models_used),
        "models_skipped": dict(result.models_skipped),
        "weights": result.weights,
        "models_default": result.models_default,
        "horizons": _records(result.horizons),
        "model_forecasts": _records(result.model_forecasts),
        "target": None
        if result.target is None
        else {"low": result.target[0], "high": result.target[1]},
        "prob_meet_target": result.prob_meet_target,
        "prob_reason": result.prob_reason,
        "pace": result.pace,
        "realistic_range": result.realistic_range,
        "evaluation": evaluation_record(result.evaluation, result.target_year - result.latest_year),
        "calibration": result.calibration,
        "notes": list(result.notes),
        "seed": result.seed,
    }
    # plain(): numpy scalars -> Python values, NaN -> None, before the model rounds.
    return ForecastResults.model_validate(results.plain(payload))


def _pooled_notes(inputs: ForecastInputs, fits: ModelFits) -> list[str]:
    """What the pooled model used: drifts, shrinkage, the province's later years."""
    details, hyper = fits.details, fits.hyper
    level = inputs.latest_value / 100
    per_pp = 100 * level * (1 - level)  # pp per logit unit at the latest level
    notes = [
        f"Pooled model: province drift {details['province_per_year']:+.4f} logit/yr "
        f"(about {details['province_per_year'] * per_pp:+.2f} pp/yr at the latest level) "
        f"plus relative drift {details['pooled_relative_per_year']:+.4f} (weight "
        f"{details.get('pooled_own_weight', 0.0):.2f} on the regency's own relative drift; "
        f"shrinkage variances from {hyper.source}, {hyper.n_regencies} regencies with changes)."
    ]
    observed_until = details["province_observed_until"]
    if observed_until > inputs.latest_year:
        notes.append(
            f"Pooled model: the province's published P0 for {inputs.latest_year + 1}-"
            f"{observed_until} is used (this regency's data end in {inputs.latest_year}); "
            "the intervals are calibrated as for ordinary forecasts of the same "
            "horizon, which is conservative for those years."
        )
    if not fits.province_used:
        notes.append(
            f"No province series with at least {MIN_PROVINCE_SPANS} non-COVID "
            "changes: the pooled model shrinks the regency's own drift towards the "
            "regencies' average drift."
        )
    return notes


def forecast_notes(
    inputs: ForecastInputs, fits: ModelFits, evaluation: Evaluation, calibration: Calibration
) -> list[str]:
    """The notes published with the forecast: years and models used, and their caveats."""
    years = ", ".join(str(y) for y in inputs.years)
    covid = inputs.covid
    notes = [
        f"Years used: {years}; COVID years {', '.join(str(c) for c in sorted(covid))} are "
        "shown but no drift uses a change touching them."
        if covid
        else f"Years used: {years}.",
        *evaluation.notes,
        *calibration.notes,
    ]
    notes += [f"{model} skipped: {why}." for model, why in fits.skipped.items()]
    notes.append(f"Combination: equal weights on the logit scale over {', '.join(fits.members)}.")
    if "pooled" in fits.forecasts and fits.hyper is not None:
        notes += _pooled_notes(inputs, fits)
    if inputs.years[-1] in covid:
        notes.append(
            f"The latest year {inputs.latest_year} is a COVID year: forecasts start from it."
        )
    rows = evaluation.rows
    if "llt" in fits.forecasts and not (len(rows) and bool((rows["model"] == "llt").any())):
        notes.append(
            "llt has no forecasts in the honest evaluation (too few points at every origin): "
            "how it does on this province's data is unknown."
        )
    notes.append(
        "Intervals are equally wide on the logit scale for every regency of the province; a "
        "regency whose survey estimate is noisier than average may deserve wider ones."
    )
    return notes


def collect(
    inputs: ForecastInputs,
    fits: ModelFits,
    evaluation: Evaluation,
    calibration: Calibration,
    horizons: pd.DataFrame,
    decision: dict[str, Any],
) -> ForecastResult:
    """Put the steps' outputs together into one `ForecastResult`."""
    return ForecastResult(
        kode_bps=inputs.name,
        wilayah=inputs.wilayah,
        target_year=inputs.target_year,
        latest_year=inputs.latest_year,
        latest_value=inputs.latest_value,
        history=inputs.history,
        horizons=horizons,
        model_forecasts=fits.table,
        models_used=fits.used,
        models_skipped=fits.skipped,
        weights=fits.weights,
        models_default=fits.chosen == COMBINED_MODELS,
        target=inputs.target,
        prob_meet_target=decision["prob_meet_target"],
        prob_reason=decision["prob_reason"],
        pace=decision["pace"],
        realistic_range=decision["realistic_range"],
        evaluation=evaluation,
        calibration=calibration.record,
        notes=forecast_notes(inputs, fits, evaluation, calibration),
        seed=int(inputs.seed),
        covid_years=tuple(sorted(inputs.covid)),
        timings={"evaluation_s": evaluation.seconds, "models_s": fits.seconds},
        distributions=calibration.distributions,
    )
