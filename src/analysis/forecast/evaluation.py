"""Rolling-origin backtest of every model, honest interval coverage, and its summaries.

For each regency of a province and each observed origin year that is not a COVID year, every
registered model is fitted on the data up to the origin and forecasts the later observed years
within the horizon. Coverage is reported two ways: leave-one-regency-out (a regency's intervals are
calibrated without its own errors) and real-time (calibrated only on errors whose target year is
not after the origin, i.e. what a forecaster could have known then). Regencies share the province's
yearly shock, so both are measured on few independent years; the result says so.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from analysis.forecast.calibration import half_widths
from analysis.forecast.models import (
    COMBINATION,
    COMBINED_MODELS,
    MODELS,
    Origin,
    check_models,
    point_forecasts,
)
from analysis.forecast.pooled import Pooled
from analysis.forecast.series import COVID_YEARS, check_series, from_logit, province_dict, to_logit

if TYPE_CHECKING:
    from analysis.forecast.inputs import ForecastInputs

MIN_PROVINCE_ERRORS = 30  # fewer combination errors in the province: pool all provinces
BACKTEST_COLUMNS = ["kode", "origin", "target_year", "h", "model", "forecast", "actual", "n_points"]


def _targets(years: np.ndarray, j: int, horizon: int, covid) -> np.ndarray:
    """Later observed years within ``horizon`` of origin ``years[j]`` not across a COVID year."""
    origin = int(years[j])
    later = years[j + 1 :]
    ok = [(t - origin <= horizon) and not any(origin < c <= t for c in covid) for t in later]
    return later[np.array(ok, dtype=bool)]


def backtest_panel(
    panel: pd.DataFrame,
    province: pd.Series | None = None,
    horizon: int = 1,
    covid_years=COVID_YEARS,
    fallback_spans: pd.DataFrame | None = None,
    use_llt: bool = True,
    models=COMBINED_MODELS,
) -> pd.DataFrame:
    """Rolling-origin backtest of every model over the regencies of one province.

    For each regency and each observed origin year that is not a COVID year, every model is fitted
    on the data up to the origin (the pooled model's province drift and shrinkage also use only
    data up to the origin) and forecasts each later observed year within ``horizon`` years whose
    path does not cross a COVID year.

    Parameters
    ----------
    panel : pandas.DataFrame
        P0 in percent, index = year, one column per regency (missing years as NaN).
    province : pandas.Series, optional
        The province's P0 by year; without it the pooled model shrinks towards the regencies' mean
        drift instead of the province's movement.
    horizon : int
        Largest forecast horizon in years.
    covid_years : sequence of int
        Years treated as a break (no drift estimate uses a change touching them).
    fallback_spans : pandas.DataFrame, optional
        Relative changes of regencies of other provinces, used for the shrinkage variances when
        this province has fewer than three regencies with changes.
    use_llt : bool
        Fit the local linear trend where the history is long enough.
    models : sequence of str
        The models averaged in the combination (names in `MODELS`).

    Returns
    -------
    pandas.DataFrame
        One row per forecast: kode, origin, target_year, h, model, forecast and actual (logit),
        error (actual - forecast, logit), abs_error_pp (percentage points), n_points.
    """
    combined = check_models(models)
    covid = frozenset(int(y) for y in covid_years)
    pooled = Pooled(panel, province_dict(province), covid, fallback_spans)
    records = []
    for kode in panel.columns:
        series = check_series(panel[kode], f"panel column {kode}")
        years = series.index.to_numpy(int)
        z = to_logit(series.to_numpy())
        for j in range(len(years) - 1):
            origin = int(years[j])
            targets = _targets(years, j, horizon, covid) if origin not in covid else []
            if len(targets) == 0:
                continue
            prov, hyper = pooled.at(origin)
            hs = (targets - origin).astype(int)
            at_origin = Origin(years[: j + 1], z[: j + 1], hs, covid, prov, hyper, use_llt, origin)
            forecasts, _, _ = point_forecasts(at_origin, combined)
            actual = z[np.searchsorted(years, targets)]
            for model, values in forecasts.items():
                for t, h, f, a in zip(targets, hs, values, actual, strict=True):
                    records.append(
                        (str(kode), origin, int(t), int(h), model, float(f), float(a), j + 1)
                    )
    frame = pd.DataFrame(records, columns=BACKTEST_COLUMNS)
    frame["error"] = frame["actual"] - frame["forecast"]
    frame["abs_error_pp"] = np.abs(from_logit(frame["actual"]) - from_logit(frame["forecast"]))
    return frame


def backtest_coverage(backtest: pd.DataFrame) -> pd.DataFrame:
    """Add honest interval half-widths and coverage flags to every backtest forecast.

    ``loro`` intervals are calibrated on the other regencies' errors of the same model;
    ``rt`` (real-time) intervals only on errors whose target year is not after the forecast's
    origin (NaN when fewer than `MIN_CALIBRATION_ERRORS` such errors exist).
    """
    out = backtest.copy()
    widths = {c: np.full(len(out), np.nan) for c in ["loro80", "loro95", "rt80", "rt95"]}
    position = pd.Series(np.arange(len(out)), index=out.index)
    for _, group in out.groupby("model"):
        for kode, rows in group.groupby("kode"):
            hw = half_widths(group[group["kode"] != kode], rows["h"].unique())
            idx = position[rows.index].to_numpy()
            widths["loro80"][idx] = [hw[int(h)][0] for h in rows["h"]]
            widths["loro95"][idx] = [hw[int(h)][1] for h in rows["h"]]
        for origin, rows in group.groupby("origin"):
            hw = half_widths(group[group["target_year"] <= origin], rows["h"].unique())
            idx = position[rows.index].to_numpy()
            widths["rt80"][idx] = [hw[int(h)][0] for h in rows["h"]]
            widths["rt95"][idx] = [hw[int(h)][1] for h in rows["h"]]
    size = out["error"].abs().to_numpy()
    for column, values in widths.items():
        out[column] = values
        out[f"in_{column}"] = np.where(np.isnan(values), np.nan, (size <= values).astype(float))
    return out


def summarize_backtest(covered: pd.DataFrame, by_horizon: bool = False) -> pd.DataFrame:
    """Per model: MAE (pp), naive MAE on the same forecasts, bias, coverage and counts."""
    naive = covered[covered["model"] == "naive"].set_index(["kode", "origin", "target_year"])
    keys = ["model", "h"] if by_horizon else ["model"]
    rows = []
    order = {m: i for i, m in enumerate([*MODELS, COMBINATION])}
    for key, group in covered.groupby(keys):
        key = key if isinstance(key, tuple) else (key,)
        index = pd.MultiIndex.from_frame(group[["kode", "origin", "target_year"]])
        naive_mae = float(naive.loc[index, "abs_error_pp"].mean()) if len(naive) else math.nan
        mae = float(group["abs_error_pp"].mean())
        signed = from_logit(group["actual"]) - from_logit(group["forecast"])
        row = dict(zip(keys, key, strict=True))
        row.update(
            mae_pp=mae,
            mae_naive_pp=naive_mae,
            relative_mae=mae / naive_mae if naive_mae > 0 else math.nan,
            bias_pp=float(np.mean(signed)),
            coverage80=float(group["in_loro80"].mean()),
            coverage95=float(group["in_loro95"].mean()),
            coverage80_realtime=float(group["in_rt80"].mean()),
            coverage95_realtime=float(group["in_rt95"].mean()),
            n_realtime=int(group["in_rt80"].notna().sum()),
            n_forecasts=len(group),
            n_regencies=int(group["kode"].nunique()),
            target_years=sorted(int(y) for y in group["target_year"].unique()),
        )
        rows.append(row)
    table = pd.DataFrame(rows)
    if table.empty:
        return table
    table["_order"] = table["model"].map(order)
    return table.sort_values(["_order", *keys[1:]]).drop(columns="_order").reset_index(drop=True)


@dataclass
class Backtest:
    """The backtest behind a forecast: the calibration pool and its summaries.

    ``own`` is the province's backtest (None without a panel); ``pool`` adds every other
    province's when the province has fewer than `MIN_PROVINCE_ERRORS` combination forecasts
    (``scope`` says which); ``relevant`` is the pool up to the forecast's horizon; ``summary``
    and ``by_horizon`` give per model (and horizon) the MAE, bias and interval coverage.
    """

    own: pd.DataFrame | None
    pool: pd.DataFrame
    scope: str
    relevant: pd.DataFrame
    summary: pd.DataFrame
    by_horizon: pd.DataFrame
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0


def _summaries(relevant: pd.DataFrame, inputs: ForecastInputs, key: tuple):
    """(summary, by horizon) of the pool, reused from the caller's cache when it has them."""
    cache = inputs.summary_cache
    if cache is not None and key in cache:
        return cache[key]
    covered = backtest_coverage(relevant) if inputs.summarize and not relevant.empty else None
    if covered is None:
        return pd.DataFrame(), pd.DataFrame()
    tables = (summarize_backtest(covered), summarize_backtest(covered, by_horizon=True))
    if cache is not None:
        cache[key] = tables
    return tables


def backtest(inputs: ForecastInputs, models=COMBINED_MODELS) -> Backtest:
    """The province's backtest (every province's when it has too few forecasts), summarised.

    The coverage summaries need one calibration per regency and origin; they are computed once per
    calibration pool and horizon and kept in ``inputs.summary_cache`` when there is one.
    """
    started = time.perf_counter()
    combined = check_models(models)
    horizon = inputs.horizon
    own = inputs.own_backtest(inputs, combined)
    pool = own if own is not None else pd.DataFrame(columns=["model", "h", "error"])
    scope, notes = "province", []
    comb = pool[(pool["model"] == COMBINATION) & (pool["h"] <= horizon)]
    if len(comb) < MIN_PROVINCE_ERRORS:
        others = inputs.other_backtests(inputs, combined)
        if others is not None:
            pool = pd.concat([pool, others], ignore_index=True)
            scope = "all provinces"
            notes.append(
                f"The province has only {len(comb)} backtest forecasts up to {horizon} "
                f"year(s) ahead (fewer than {MIN_PROVINCE_ERRORS}); intervals are calibrated "
                "on the backtest of every province in the table."
            )
    relevant = pool[pool["h"] <= horizon] if len(pool) else pool
    key = (scope, horizon) if combined == COMBINED_MODELS else (scope, horizon, combined)
    summary, by_horizon = _summaries(relevant, inputs, key)
    return Backtest(
        own, pool, scope, relevant, summary, by_horizon, notes, time.perf_counter() - started
    )
