"""The point-forecast models and their registry; the combination is their equal-weight mean.

Every model maps what is known at a forecast origin (`Origin`: the history up to the origin on the
logit scale, the horizons, the province and the pooled model's quantities) to logit forecasts at
the horizons, or to the reason it cannot forecast (`Fit.skipped`). The registry `MODELS` names
them; the combination, the backtest and the final forecast iterate over it:

* ``naive``: last value; the benchmark, not in the default combination.
* ``rw_drift``: random walk with the regency's own drift, closed form (three lines, much faster
  than fitting an ARIMA hundreds of times in the backtest); needs two non-COVID changes.
* ``llt``: statsmodels local linear trend, COVID years and gaps as missing; only with at least
  eight non-COVID points, because its three variances cannot be estimated from fewer.
* ``pooled``: the province's movement plus the regency's drift relative to the province, shrunk
  by empirical Bayes (see `analysis.forecast.pooled`); works from a single observation and uses
  the province's published values for years after the regency's last one.
* ``linear_trend``: ordinary least squares line of logit P0 on the year over the non-COVID years,
  extended from the fitted line (not from the last value); needs three non-COVID points, because a
  line through two points is a one-change drift, which ``rw_drift`` already refuses.

``combination`` is the equal-weight mean on the logit scale of the chosen models that could
forecast (`COMBINED_MODELS` by default, or ``forecast.models`` in the params); equal weights need
no extra estimation and so leak nothing into the backtest.
"""

from __future__ import annotations

import time
import warnings
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from analysis.errors import InputError
from analysis.forecast.pooled import Hyper, Pooled, province_path, relative_drift
from analysis.forecast.series import change_spans, from_logit, relative_spans

if TYPE_CHECKING:
    from analysis.forecast.inputs import ForecastInputs

MIN_DRIFT_SPANS = 2  # own drift from a single change is one noisy difference, not a trend
MIN_LLT_POINTS = 8  # three variances plus two initial states need more than a handful of points
MIN_TREND_POINTS = 3  # a line through two points is one noisy change, not a trend


@dataclass(frozen=True)
class Origin:
    """What a model may use at one forecast origin.

    ``years`` and ``z`` are the regency's history up to the origin (logit scale); ``province``
    the province's logit P0 by year when the pooled model uses it, ``hyper`` the pooled model's
    quantities (None without a panel); ``known_until`` the last year whose province value may be
    used (the origin in a backtest, the data vintage in a real forecast).
    """

    years: np.ndarray
    z: np.ndarray
    horizons: np.ndarray
    covid: frozenset[int]
    province: dict[int, float] | None = None
    hyper: Hyper | None = None
    use_llt: bool = True
    known_until: int | None = None


@dataclass(frozen=True)
class Fit:
    """A model's logit forecasts at the origin's horizons, or why it made none."""

    values: np.ndarray | None
    details: dict[str, float] = field(default_factory=dict)
    reason: str | None = None

    @classmethod
    def skipped(cls, reason: str) -> Fit:
        """A model that cannot forecast from this history, with the reason."""
        return cls(None, {}, reason)


def naive(origin: Origin) -> Fit:
    """The last value at every horizon."""
    return Fit(np.full(len(origin.horizons), origin.z[-1]))


def rw_drift(origin: Origin) -> Fit:
    """Random walk with the regency's own drift over its non-COVID changes."""
    _, _, k, dz = change_spans(origin.years, origin.z, origin.covid)
    if len(k) < MIN_DRIFT_SPANS:
        return Fit.skipped(
            f"fewer than {MIN_DRIFT_SPANS} year-to-year changes outside the "
            f"COVID years ({len(k)} available)"
        )
    drift = float(dz.sum() / k.sum())
    return Fit(origin.z[-1] + origin.horizons * drift, {"rw_drift_per_year": drift})


def _llt_path(years: np.ndarray, z: np.ndarray, steps: int, covid) -> np.ndarray:
    """Local linear trend on a yearly grid with COVID years and gaps as missing values."""
    from statsmodels.tools.sm_exceptions import ConvergenceWarning
    from statsmodels.tsa.statespace.structural import UnobservedComponents

    grid = np.arange(years[0], years[-1] + 1)
    values = pd.Series(z, index=years).reindex(grid)
    values[[y in covid for y in grid]] = np.nan
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        warnings.simplefilter("ignore", RuntimeWarning)
        warnings.simplefilter("ignore", UserWarning)
        result = UnobservedComponents(values.to_numpy(), "local linear trend").fit(disp=False)
    forecast = np.asarray(result.forecast(steps), dtype=float)
    if not np.all(np.isfinite(forecast)):
        raise FloatingPointError("non-finite forecast")
    return forecast


def local_linear_trend(origin: Origin) -> Fit:
    """statsmodels' local linear trend, with enough non-COVID points only."""
    n_points = int(sum(y not in origin.covid for y in origin.years))
    if not origin.use_llt:
        return Fit.skipped("not requested")
    if n_points < MIN_LLT_POINTS:
        return Fit.skipped(f"fewer than {MIN_LLT_POINTS} non-COVID points ({n_points} available)")
    try:
        path = _llt_path(origin.years, origin.z, int(origin.horizons.max()), origin.covid)
    except (np.linalg.LinAlgError, ValueError, FloatingPointError) as error:
        return Fit.skipped(f"the state-space fit failed ({type(error).__name__})")
    return Fit(path[origin.horizons - 1])


def pooled(origin: Origin) -> Fit:
    """The province's path plus the regency's shrunk drift relative to the province."""
    hyper = origin.hyper
    if hyper is None:
        return Fit.skipped("no panel of regencies or province series given")
    _, k_rel, u_rel = relative_spans(origin.years, origin.z, origin.province, origin.covid)
    relative, weight = relative_drift(hyper, k_rel, u_rel)
    start = int(origin.years[-1])
    until = start if origin.known_until is None else max(int(origin.known_until), start)
    path, observed_until = province_path(origin.province, start, until, origin.horizons, hyper.mu)
    return Fit(
        origin.z[-1] + path + origin.horizons * relative,
        {
            "pooled_relative_per_year": relative,
            "pooled_own_weight": weight,
            "province_per_year": hyper.mu,
            "province_observed_until": observed_until,
        },
    )


def linear_trend(origin: Origin) -> Fit:
    """OLS line of logit P0 on the year over the non-COVID years, extended to the horizons."""
    keep = np.array([int(y) not in origin.covid for y in origin.years], dtype=bool)
    years, z = origin.years[keep].astype(float), origin.z[keep]
    if len(years) < MIN_TREND_POINTS:
        return Fit.skipped(
            f"fewer than {MIN_TREND_POINTS} non-COVID points ({len(years)} available)"
        )
    centre = years.mean()
    slope = float(np.sum((years - centre) * (z - z.mean())) / np.sum((years - centre) ** 2))
    level = float(z.mean())
    targets = origin.years[-1] + origin.horizons
    return Fit(level + slope * (targets - centre), {"linear_trend_per_year": slope})


# The model registry: name -> model. Every model is fitted (and backtested) for the record; the
# combination averages the chosen ones.
MODELS: dict[str, Callable[[Origin], Fit]] = {
    "naive": naive,
    "rw_drift": rw_drift,
    "llt": local_linear_trend,
    "pooled": pooled,
    "linear_trend": linear_trend,
}
COMBINED_MODELS = ("pooled",)  # chosen by the honest evaluation (see analysis.forecast)
COMBINATION = "combination"


def check_models(names: Iterable[str]) -> tuple[str, ...]:
    """Return the chosen model names as a tuple, refusing unknown or repeated names.

    Raises
    ------
    InputError
        For an empty choice, a name not in `MODELS`, or a name given twice.
    """
    if isinstance(names, str):
        names = [names]
    chosen = tuple(str(name) for name in names)
    unknown = [name for name in chosen if name not in MODELS]
    if unknown or not chosen or len(set(chosen)) != len(chosen):
        from analysis.labels import both
        from analysis.yamlread import shown

        raise InputError(
            both(
                "errs_fc_models_unknown" if unknown else "errs_fc_models",
                chosen=shown(list(chosen)),
                names=", ".join(MODELS),
                unknown=", ".join(shown(name).strip("'") for name in unknown[:5]),
            )
        )
    return chosen


def point_forecasts(origin: Origin, combined: tuple[str, ...] = COMBINED_MODELS):
    """Fit every registered model at one origin and average the chosen ones.

    Returns
    -------
    tuple
        ({model: logit forecasts at the horizons, with "combination"}, {model: reason skipped},
        details: drifts and weights of the models, and "members", the models averaged; naive
        alone when none of the chosen models could forecast).
    """
    forecasts: dict[str, np.ndarray] = {}
    skipped: dict[str, str] = {}
    details: dict = {}
    for name, model in MODELS.items():
        fit = model(origin)
        if fit.values is None:
            skipped[name] = fit.reason
        else:
            forecasts[name] = fit.values
            details.update(fit.details)
    members = [m for m in combined if m in forecasts] or ["naive"]
    forecasts[COMBINATION] = np.mean([forecasts[m] for m in members], axis=0)
    details["members"] = members
    return forecasts, skipped, details


@dataclass
class ModelFits:
    """Every model's forecast at the final origin, the skipped models and the combination weights.

    ``forecasts`` are logit values at the horizons 1 .. h; ``table`` has them in percent (year,
    model, forecast); ``chosen`` are the models asked for (``members`` those that could forecast);
    ``province_used`` says whether the pooled model followed the province (False
    when the province has too few changes and the regencies' own drifts are pooled instead).
    """

    forecasts: dict[str, np.ndarray]
    skipped: dict[str, str]
    details: dict
    members: list[str]
    weights: dict[str, float]
    hyper: Hyper | None
    province_used: bool
    table: pd.DataFrame
    seconds: float = 0.0
    chosen: tuple[str, ...] = COMBINED_MODELS

    @property
    def used(self) -> list[str]:
        """Models that forecast, in registry order, then the combination."""
        return [m for m in [*MODELS, COMBINATION] if m in self.forecasts]


def fit_models(inputs: ForecastInputs, models=COMBINED_MODELS) -> ModelFits:
    """Fit every model to the regency's whole series and combine the chosen ``models``.

    The pooled model's quantities are estimated at the data vintage from the province's panel.
    """
    started = time.perf_counter()
    combined = check_models(models)
    if inputs.panel is not None:
        pooled_inputs = Pooled(inputs.panel, inputs.province, inputs.covid, inputs.fallback_spans)
        province, hyper = pooled_inputs.at(inputs.vintage)
    else:
        province, hyper = None, None
    hs = inputs.horizons
    origin = Origin(
        inputs.years, inputs.z, hs, inputs.covid, province, hyper, inputs.use_llt, inputs.vintage
    )
    forecasts, skipped, details = point_forecasts(origin, combined)
    members = details["members"]
    table = pd.DataFrame(
        [
            {"year": inputs.latest_year + int(h), "model": m, "forecast": float(from_logit(v))}
            for m, values in forecasts.items()
            for h, v in zip(hs, values, strict=True)
        ]
    )
    return ModelFits(
        forecasts=forecasts,
        skipped=skipped,
        details=details,
        members=members,
        weights={m: 1.0 / len(members) for m in members},
        hyper=hyper,
        province_used=province is not None,
        table=table,
        seconds=time.perf_counter() - started,
        chosen=combined,
    )
