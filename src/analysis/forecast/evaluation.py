"""Honest rolling-origin evaluation: each forecast fitted and calibrated with data up to its origin.

For each origin year T (not a COVID year) `forecast_origin` cuts the regencies' panel, the
province series and the other provinces' relative changes at T, and only then fits every model
and calibrates the intervals (`analysis.forecast.shock`): no later year and no error of a target
year after T can enter, by construction (a test poisons every value after T and checks that the
forecasts from T do not move). The forecasts are then scored against the later observed values
within the horizon whose path does not cross a COVID year: MAE (percentage points), bias, the
coverage of the 80 % and 95 % intervals, how often the value fell below or above the 80 % band,
the bands' mean width and the interval score (Gneiting & Raftery 2007, in percentage points),
per model and target year and over all target years, for every model, the naive forecast and the
combination. Regencies of a province share each year's shock, so a target year is closer to one
independent observation than to one per regency; the table is per target year for that reason.
Every model is scored with the same predictive spread at an origin (the shock model does not
depend on the model), so the single-model rows compare point forecasts inside one band
construction: a model whose own drift estimate adds error (rw_drift, linear_trend) under-covers.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from scipy import stats

from analysis.forecast.models import (
    COMBINATION,
    COMBINED_MODELS,
    MODELS,
    Origin,
    check_models,
    point_forecasts,
)
from analysis.forecast.pooled import Pooled
from analysis.forecast.series import (
    COVID_YEARS,
    check_series,
    crosses_break,
    from_logit,
    province_dict,
    to_logit,
)
from analysis.forecast.shock import (
    MIN_PROVINCE_CHANGES,
    error_distributions,
    idiosyncratic_variance,
    pooled_shock,
    province_shock,
    usable,
)

if TYPE_CHECKING:
    from analysis.forecast.inputs import ForecastInputs

LEVELS = (0.80, 0.95)
MIN_PROVINCE_FORECASTS = 30  # fewer combination forecasts in the province: pool all provinces
MIN_PROVINCE_YEARS = 2  # ... or fewer target years
FORECAST_COLUMNS = ["kode", "origin", "target_year", "h", "model", "members", "forecast"]
FORECAST_COLUMNS += ["scale", "df", "n_points"]
DEFINITION = (
    "rolling origin: every forecast from origin T is fitted and calibrated with data up to T "
    "only (regency panel, province series and other provinces cut at T); coverage = share "
    "of actual values inside the 80 %/95 % interval; below80/above80 = share below/above "
    "the 80 % interval; width = mean interval width (pp); interval score = width + 2/alpha "
    "x distance outside the interval (Gneiting & Raftery 2007; pp, lower is better); "
    "mae_naive = MAE of the naive forecast on the same forecasts"
)


def forecast_origin(
    panel: pd.DataFrame,
    province: dict[int, float] | None,
    origin: int,
    horizon: int,
    covid,
    fallback_spans: pd.DataFrame | None = None,
    use_llt: bool = True,
    models=COMBINED_MODELS,
    fallback_provinces: dict[str, dict[int, float]] | None = None,
) -> pd.DataFrame:
    """Forecasts from one origin of every regency observed in it, from data up to the origin only.

    Parameters
    ----------
    panel : pandas.DataFrame
        Checked P0 (percent) by year, one column per regency; rows after ``origin`` are dropped
        before anything is computed.
    province : dict, optional
        The province's logit P0 by year; years after ``origin`` are dropped.
    origin, horizon : int
        The forecast origin and the largest horizon.
    covid : collection of int
        COVID years.
    fallback_spans : pandas.DataFrame, optional
        Relative changes of other provinces' regencies; changes ending after ``origin`` dropped.
    use_llt : bool
        Allow the local linear trend.
    models : sequence of str
        The models the combination averages.
    fallback_provinces : dict, optional
        Every province's logit P0 by year: when the province has too few changes up to the
        origin, the shock variance pools theirs up to the origin (as the final forecast does).

    Returns
    -------
    pandas.DataFrame
        One row per regency, model and horizon 1 .. ``horizon``: kode, origin, target_year, h,
        model, members (of the combination), forecast (logit), scale and df of the predictive
        Student t (logit; the same for every model), n_points. Empty when the intervals cannot be
        calibrated at the origin (too short a province series up to it).
    """
    combined = check_models(models)
    panel = panel.loc[panel.index <= origin]
    known = {y: v for y, v in (province or {}).items() if y <= origin} or None
    spans = None if fallback_spans is None else fallback_spans[fallback_spans["end"] <= origin]
    pooled = Pooled(panel, known, covid, spans)
    used_province, hyper = pooled.at(origin)
    idio = idiosyncratic_variance(pooled.relative, spans, origin)
    shock = province_shock(known, origin, covid)
    if shock.n_changes < MIN_PROVINCE_CHANGES and fallback_provinces:
        shock = pooled_shock(fallback_provinces, origin, covid)  # years after the origin unread
    dists = error_distributions(shock, idio, horizon)
    if not usable(dists):
        return pd.DataFrame(columns=FORECAST_COLUMNS)
    hs = np.arange(1, horizon + 1)
    records = []
    observed = panel.loc[origin].dropna().index if origin in panel.index else []
    for kode in observed:
        series = panel[kode].dropna()
        years = series.index.to_numpy(int)
        z = to_logit(series.to_numpy())
        at = Origin(years, z, hs, covid, used_province, hyper, use_llt, origin)
        forecasts, _, details = point_forecasts(at, combined)
        for model, values in forecasts.items():
            label = "+".join(details["members"]) if model == COMBINATION else model
            for h, value in zip(hs, values, strict=True):
                dist = dists[int(h)]
                records.append(
                    (str(kode), origin, origin + int(h), int(h), model, label, float(value))
                    + (dist.scale, dist.df, len(years))
                )
    return pd.DataFrame(records, columns=FORECAST_COLUMNS)


def score(forecasts: pd.DataFrame) -> pd.DataFrame:
    """Add the intervals (pp), coverage flags, widths and interval scores to scored forecasts.

    ``forecasts`` needs forecast (logit), scale, df and actual (logit) columns.
    """
    out = forecasts.copy()
    actual_pp = from_logit(out["actual"].to_numpy())
    out["error"] = out["actual"] - out["forecast"]
    out["error_pp"] = actual_pp - from_logit(out["forecast"].to_numpy())
    out["abs_error_pp"] = np.abs(out["error_pp"])
    for level in LEVELS:
        alpha = 1.0 - level
        q = stats.t.ppf(1.0 - alpha / 2, out["df"].to_numpy()) * out["scale"].to_numpy()
        low = from_logit(out["forecast"].to_numpy() - q)
        high = from_logit(out["forecast"].to_numpy() + q)
        tag = f"{round(100 * level)}"
        out[f"lo{tag}"], out[f"hi{tag}"] = low, high
        out[f"in{tag}"] = ((low <= actual_pp) & (actual_pp <= high)).astype(float)
        out[f"below{tag}"] = (actual_pp < low).astype(float)
        out[f"above{tag}"] = (actual_pp > high).astype(float)
        out[f"width{tag}"] = high - low
        out[f"is{tag}"] = interval_score(low, high, actual_pp, alpha)
    return out


def interval_score(low, high, actual, alpha: float) -> np.ndarray:
    """Interval score of central (1 - alpha) intervals (Gneiting & Raftery 2007, eq. 43).

    (high - low) + 2/alpha (low - actual) where actual < low + 2/alpha (actual - high) where
    actual > high; in the units of the inputs, lower is better.
    """
    low, high, actual = (np.asarray(v, dtype=float) for v in (low, high, actual))
    below = np.clip(low - actual, 0.0, None)
    above = np.clip(actual - high, 0.0, None)
    return (high - low) + (2.0 / alpha) * (below + above)


def _origins(panel: pd.DataFrame, horizon: int, covid) -> list[int]:
    """Origins with something to score: a regency observed there and within the horizon later.

    Only decides which origins are worth computing; no forecast reads the later values.
    """
    observed = panel.notna()
    origins = []
    for origin in panel.index:
        if origin in covid or not observed.loc[origin].any():
            continue
        later = [t for t in panel.index if 0 < t - origin <= horizon]
        later = [t for t in later if not crosses_break(int(origin), int(t), covid)]
        if any((observed.loc[origin] & observed.loc[t]).any() for t in later):
            origins.append(int(origin))
    return origins


def evaluate_panel(
    panel: pd.DataFrame,
    province: pd.Series | None = None,
    horizon: int = 1,
    covid_years=COVID_YEARS,
    fallback_spans: pd.DataFrame | None = None,
    use_llt: bool = True,
    models=COMBINED_MODELS,
    fallback_provinces: dict[str, dict[int, float]] | None = None,
) -> pd.DataFrame:
    """Honest rolling-origin evaluation of every model over the regencies of one province.

    Each origin's forecasts come from `forecast_origin` (data up to the origin only); they are
    scored against the later observed values within ``horizon`` whose path does not cross a COVID
    year. Parameters as in `forecast_origin`, with the province as a Series of P0 (percent).

    Returns
    -------
    pandas.DataFrame
        One row per scored forecast: the `forecast_origin` columns, actual (logit), error,
        error_pp, abs_error_pp and, for 80 and 95, lo/hi (pp), in, below, above, width, is.
    """
    covid = frozenset(int(y) for y in covid_years)
    columns = {str(c): check_series(panel[c], f"panel column {c}") for c in panel.columns}
    clean = pd.DataFrame(columns, index=panel.index.astype(int)).sort_index()
    if clean.empty:
        clean = pd.DataFrame(columns).sort_index()
    known = province_dict(province)
    frames = [
        forecast_origin(
            clean,
            known,
            origin,
            horizon,
            covid,
            fallback_spans,
            use_llt,
            models,
            fallback_provinces=fallback_provinces,
        )
        for origin in _origins(clean, horizon, covid)
    ]
    frames = [f for f in frames if len(f)]
    if not frames:
        return score(pd.DataFrame(columns=[*FORECAST_COLUMNS, "actual"]).astype(float))
    rows = pd.concat(frames, ignore_index=True)
    scored = [
        (int(t) in clean.index and not math.isnan(clean.at[int(t), k]))
        and not crosses_break(int(o), int(t), covid)
        for k, o, t in zip(rows["kode"], rows["origin"], rows["target_year"], strict=True)
    ]
    rows = rows[np.array(scored, dtype=bool)].reset_index(drop=True)
    actual = [clean.at[int(t), k] for k, t in zip(rows["kode"], rows["target_year"], strict=True)]
    rows["actual"] = to_logit(np.array(actual, dtype=float))
    return score(rows)


SUMMARY_STATS = {
    "mae_pp": ("abs_error_pp", "mean"),
    "bias_pp": ("error_pp", "mean"),
    "coverage80": ("in80", "mean"),
    "coverage95": ("in95", "mean"),
    "below80": ("below80", "mean"),
    "above80": ("above80", "mean"),
    "width80_pp": ("width80", "mean"),
    "width95_pp": ("width95", "mean"),
    "interval_score80": ("is80", "mean"),
    "interval_score95": ("is95", "mean"),
    "n_forecasts": ("abs_error_pp", "size"),
    "n_regencies": ("kode", "nunique"),
}


def _aggregate(frame: pd.DataFrame, group_by: list[str]) -> pd.DataFrame:
    """`SUMMARY_STATS` and mae_naive_pp per group, as ``groupby().agg(**SUMMARY_STATS, ...)``.

    The means are taken in one grouped pass over all columns (the same per-column means as the
    named aggregation, which groups once per statistic and took 0.1 s per brief).
    """
    grouped = frame.groupby(group_by)
    means = {name: column for name, (column, how) in SUMMARY_STATS.items() if how == "mean"}
    mean = grouped[list(dict.fromkeys([*means.values(), "abs_error_pp_naive"]))].mean()
    table = pd.DataFrame({name: mean[column] for name, column in means.items()})
    table["n_forecasts"] = grouped.size()
    table["n_regencies"] = grouped["kode"].nunique()
    table["mae_naive_pp"] = mean["abs_error_pp_naive"]
    return table[[*SUMMARY_STATS, "mae_naive_pp"]].reset_index()


def summarize(rows: pd.DataFrame, by: str = "target_year") -> pd.DataFrame:
    """Per model and ``by`` (target_year or h), then per model over all (``by`` = None).

    Columns: model, ``by``, mae_pp, mae_naive_pp (the naive forecast's MAE on the same forecasts),
    bias_pp (actual - forecast), coverage80/95, below80/above80, width80/95_pp,
    interval_score80/95, n_forecasts, n_regencies. Models in registry order, the combination last.
    """
    if rows.empty:
        return pd.DataFrame(columns=["model", by, *SUMMARY_STATS, "mae_naive_pp"])
    keys = ["kode", "origin", "target_year"]
    naive = rows.loc[rows["model"] == "naive", [*keys, "abs_error_pp"]]
    with_naive = rows.merge(naive, on=keys, how="left", suffixes=("", "_naive"))
    parts = [_aggregate(with_naive, group_by) for group_by in (["model", by], ["model"])]
    overall = parts[1].assign(**{by: None})
    table = pd.concat([parts[0].astype({by: object}), overall], ignore_index=True)
    order = {m: i for i, m in enumerate([*MODELS, COMBINATION])}
    table["_model"] = table["model"].map(order)
    table["_by"] = table[by].map(lambda v: math.inf if v is None else v)
    table = table.sort_values(["_model", "_by"]).drop(columns=["_model", "_by"])
    columns = ["model", by, "n_forecasts", "n_regencies", "mae_pp", "mae_naive_pp"]
    columns += [c for c in SUMMARY_STATS if c not in columns]
    return table[columns].reset_index(drop=True)


@dataclass
class Evaluation:
    """The honest evaluation shown with a forecast, and what it covers.

    ``rows`` are the scored forecasts up to the forecast's horizon of the province, or of every
    province when the province has fewer than `MIN_PROVINCE_FORECASTS` combination forecasts or
    `MIN_PROVINCE_YEARS` target years (``scope`` says which); ``table`` summarises them per model
    and target year (and over all, target_year None), ``by_horizon`` per model and horizon.
    """

    rows: pd.DataFrame
    scope: str
    table: pd.DataFrame
    by_horizon: pd.DataFrame
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0


def _enough(rows: pd.DataFrame, horizon: int) -> tuple[int, int]:
    """(combination forecasts, target years) up to the horizon."""
    comb = rows[(rows["model"] == COMBINATION) & (rows["h"] <= horizon)] if len(rows) else rows
    return len(comb), int(comb["target_year"].nunique()) if len(comb) else 0


def evaluate(inputs: ForecastInputs, models=COMBINED_MODELS) -> Evaluation:
    """The honest evaluation of the forecast's province up to its horizon (every province's when
    the province has too few forecasts), summarised per model and target year."""
    started = time.perf_counter()
    combined = check_models(models)
    horizon = inputs.horizon
    own = inputs.own_evaluation(inputs, combined) if inputs.summarize else None
    pool = own if own is not None else score(pd.DataFrame(columns=[*FORECAST_COLUMNS, "actual"]))
    scope, notes = "province", []
    n_forecasts, n_years = _enough(pool, horizon)
    if inputs.summarize and (n_forecasts < MIN_PROVINCE_FORECASTS or n_years < MIN_PROVINCE_YEARS):
        others = inputs.other_evaluations(inputs, combined)
        if others is not None and len(others):
            pool = pd.concat([pool, others], ignore_index=True) if len(pool) else others
            scope = "all provinces"
            notes.append(
                f"The province has only {n_forecasts} evaluated forecasts in {n_years} target "
                f"year(s) up to {horizon} year(s) ahead; the evaluation shown pools every "
                "province in the table (each forecast still uses its own province's data)."
            )
    relevant = pool[pool["h"] <= horizon] if len(pool) else pool
    return Evaluation(
        relevant,
        scope,
        summarize(relevant, "target_year"),
        summarize(relevant, "h"),
        notes,
        time.perf_counter() - started,
    )
