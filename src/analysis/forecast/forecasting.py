"""Forecast one P0 series, or one regency of the BPS table, through the stage's steps.

`forecast_series` works from plain pandas inputs (tests, simulations); `forecast_regency` reads a
regency, its province and every province's honest evaluation from the BPS table, through the
batch cache. Both run the same steps as the notebook (`run_steps`): fit the models, evaluate,
calibrate, the intervals, the decisions, and collect them into a `ForecastResult`.
"""

from __future__ import annotations

import time

import pandas as pd

from analysis.errors import InputError
from analysis.forecast.cache import cached, fingerprint
from analysis.forecast.calibration import calibrate, intervals
from analysis.forecast.decisions import decide
from analysis.forecast.evaluation import evaluate, evaluate_panel
from analysis.forecast.inputs import ForecastInputs, prepare
from analysis.forecast.models import COMBINED_MODELS, check_models, fit_models
from analysis.forecast.pooled import relative_table
from analysis.forecast.result import ForecastResult, collect
from analysis.forecast.series import COVID_YEARS, province_dict


def run_steps(inputs: ForecastInputs, models=COMBINED_MODELS) -> ForecastResult:
    """Run every step of the forecast on checked inputs, combining ``models``."""
    started = time.perf_counter()
    models = check_models(models)
    evaluation = evaluate(inputs, models)  # first: it checks every panel column
    fits = fit_models(inputs, models)
    calibration = calibrate(inputs)
    horizons = intervals(inputs, fits, calibration)
    decision = decide(inputs, horizons, calibration)
    result = collect(inputs, fits, evaluation, calibration, horizons, decision)
    result.timings["total_s"] = time.perf_counter() - started
    return result


def forecast_series(
    series: pd.Series,
    *,
    kode: str | None = None,
    panel: pd.DataFrame | None = None,
    province: pd.Series | None = None,
    target_year: int = 2026,
    target: float | tuple[float, float] | None = None,
    evaluation: pd.DataFrame | None = None,
    fallback_evaluation: pd.DataFrame | None = None,
    fallback_spans: pd.DataFrame | None = None,
    covid_years=COVID_YEARS,
    wilayah: str = "",
    seed: int = 0,
    use_llt: bool = True,
    summarize: bool = True,
    models=COMBINED_MODELS,
) -> ForecastResult:
    """Forecast one regency's P0 to the target year from plain pandas inputs.

    Long only for its documented parameters: the body wires them into `prepare` and `run_steps`.

    Parameters
    ----------
    series : pandas.Series
        The regency's P0 in percent indexed by year; gaps are allowed.
    kode : str, optional
        The regency's column in ``panel`` (default ``series.name``); its column is replaced by
        ``series``.
    panel : pandas.DataFrame, optional
        P0 of the province's regencies (index year, one column per regency) for the pooled model,
        the idiosyncratic variance and the evaluation.
    province : pandas.Series, optional
        The province's P0 by year: the pooled model's province movement and the series whose
        own forecast errors set the common (province-year) variance; needed for the intervals.
    target_year : int
        Last forecast year; forecasts are made for every year after the latest data up to it.
    target : float or (low, high), optional
        A stated target in percent, a point or a range.
    evaluation : pandas.DataFrame, optional
        An `evaluate_panel` result for this panel, made with the same ``models`` (computed when
        omitted and ``summarize`` is True).
    fallback_evaluation : pandas.DataFrame, optional
        Evaluation of other provinces, shown when the province has fewer than
        `MIN_PROVINCE_FORECASTS` combination forecasts or `MIN_PROVINCE_YEARS` target years.
    fallback_spans : pandas.DataFrame, optional
        Relative changes of other provinces' regencies for the pooled model's shrinkage and the
        idiosyncratic variance when the province has too few.
    covid_years : sequence of int
        Years treated as a break.
    wilayah : str
        Display name carried into the result.
    seed : int
        Recorded in the result; the method itself has no random step.
    use_llt : bool
        Allow the local linear trend.
    summarize : bool
        Compute the honest evaluation (a simulation that only needs the forecasts can switch it
        off; the forecast and its intervals do not depend on it).
    models : sequence of str
        The models averaged in the combination (names in `MODELS`).

    Returns
    -------
    ForecastResult

    Raises
    ------
    InputError
        For values outside (0, 100), duplicated years, an empty series, a target year not after
        the latest data, a malformed target, an unknown model, or when the province series is too
        short to calibrate the intervals.
    """
    given = evaluation

    def own(inputs: ForecastInputs, combined: tuple[str, ...]):
        if given is not None or inputs.panel is None:
            return given
        return evaluate_panel(
            inputs.panel, province, inputs.horizon, inputs.covid, fallback_spans, use_llt, combined
        )

    inputs = prepare(
        series,
        kode=kode,
        panel=panel,
        province=province,
        target_year=target_year,
        target=target,
        covid_years=covid_years,
        wilayah=wilayah,
        fallback_spans=fallback_spans,
        own_evaluation=own,
        other_evaluations=lambda inputs, combined: fallback_evaluation,
        seed=seed,
        use_llt=use_llt,
        summarize=summarize,
    )
    return run_steps(inputs, models)


def _province_inputs(bps: pd.DataFrame, province: str):
    """The province's regencies (panel of March P0) and the province's own P0 series."""
    from analysis import data

    codes = data.regencies_of_province(bps, province)
    panel = pd.DataFrame({c: data.indicator_series(bps, c) for c in codes})
    # Within the current boundaries: no change across the 2022 Papua split.
    prov_series = data.province_series(bps, province)
    return panel, (prov_series if not prov_series.empty else None)


class TableEvaluations:
    """Every province's inputs, relative changes and honest evaluations from one BPS table.

    Each is computed once per table (its fingerprint) and kept in the forecast cache.
    """

    def __init__(self, bps: pd.DataFrame, horizon: int, covid: tuple[int, ...]):
        from analysis import data

        self.bps, self.horizon, self.covid = bps, horizon, covid
        self.finger = fingerprint(bps)
        regencies = bps.loc[bps["tingkat"].isin(["kabupaten", "kota"]), "kode_bps"].unique()
        self.provinces = sorted({data.province_code(c) for c in regencies})

    def inputs(self, province: str):
        """(panel, province series) of one province."""
        key = ("inputs", self.finger, province)
        return cached(key, lambda: _province_inputs(self.bps, province))

    def provinces_logit(self) -> dict[str, dict[int, float]]:
        """Every province's P0 as {year: logit} (the shock variance's fallback)."""

        def compute():
            found = {}
            for p in self.provinces:
                series = self.inputs(p)[1]
                if series is not None:
                    found[p] = province_dict(series)
            return found

        return cached(("provinces", self.finger), compute)

    def spans(self) -> pd.DataFrame:
        """Relative changes of every province's regencies (the pooled model's fallback)."""

        def compute():
            frames = []
            for p in self.provinces:
                panel, series = self.inputs(p)
                frames.append(relative_table(panel, province_dict(series), frozenset(self.covid)))
            return pd.concat(frames, ignore_index=True)

        return cached(("spans", self.finger), compute)

    def of(self, province: str, models: tuple[str, ...]) -> pd.DataFrame:
        """One province's honest evaluation up to the horizon, combining ``models``."""
        key = ("evaluation", self.finger, province, self.horizon)
        if models != COMBINED_MODELS:
            key = (*key, models)

        def compute():
            panel, series = self.inputs(province)
            return evaluate_panel(
                panel,
                series,
                self.horizon,
                self.covid,
                self.spans(),
                True,
                models,
                self.provinces_logit(),
            )

        return cached(key, compute)

    def others(self, province: str, models: tuple[str, ...]) -> pd.DataFrame | None:
        """The evaluations of every other province, together (None when there is none)."""
        frames = [self.of(p, models) for p in self.provinces if p != province]
        return pd.concat(frames, ignore_index=True) if frames else None


def regency_inputs(
    bps: pd.DataFrame,
    kode_bps: str,
    target_year: int = 2026,
    target: float | tuple[float, float] | None = None,
    seed: int = 0,
) -> ForecastInputs:
    """Read a regency's March P0, its province and the evaluation sources from the BPS table.

    Raises
    ------
    InputError
        For a code that is not a regency's, a regency without P0, or a target year not after its
        latest data.
    """
    from analysis import data

    kode_bps = str(kode_bps)
    from analysis.labels import both
    from analysis.yamlread import shown

    if len(kode_bps) != 4 or not kode_bps.isdigit() or kode_bps.endswith("00"):
        raise InputError(both("errs_fc_kode_bps", value=shown(kode_bps)))
    series = data.indicator_series(bps, kode_bps)
    if series.empty:
        raise InputError(both("errs_fc_no_p0", code=kode_bps))
    horizon = int(target_year) - int(series.index.max())
    if horizon < 1:
        raise InputError(
            both(
                "errs_fc_target_year",
                target_year=target_year,
                latest=int(series.index.max()),
                name=kode_bps,
            )
        )
    covid = tuple(COVID_YEARS)
    table = TableEvaluations(bps, horizon, covid)
    province = data.province_code(kode_bps)
    panel, prov_series = table.inputs(province)
    return prepare(
        series,
        kode=kode_bps,
        panel=panel,
        province=prov_series,
        target_year=target_year,
        target=target,
        covid_years=covid,
        wilayah=data.region_name(bps, kode_bps),
        fallback_spans=table.spans(),
        fallback_provinces=table.provinces_logit(),
        own_evaluation=lambda inputs, models: table.of(province, models),
        other_evaluations=lambda inputs, models: table.others(province, models),
        seed=seed,
    )


def forecast_regency(
    bps: pd.DataFrame,
    kode_bps: str,
    target_year: int = 2026,
    target: float | tuple[float, float] | None = None,
    seed: int = 0,
    models=COMBINED_MODELS,
) -> ForecastResult:
    """Forecast a regency's March P0 to ``target_year`` from the BPS table.

    The pooled model, the intervals and the evaluation use every regency/city of the same
    province and the province's own series; when the province has too few evaluated forecasts
    (Jawa Timur, whose regencies mostly have only 2021 and 2023) the evaluation shown pools every
    province in the table, and the pooled model and the idiosyncratic variance borrow other
    provinces' relative changes.

    Parameters
    ----------
    bps : pandas.DataFrame
        The table from `analysis.data.load_bps`.
    kode_bps : str
        Four-digit BPS code of a regency or city, e.g. "3310".
    target_year : int
        Last forecast year (default 2026).
    target : float or (low, high), optional
        The stated target in percent (Jombang 2026: (8.04, 8.10)).
    seed : int
        Recorded in the result; the method has no random step.
    models : sequence of str
        The models averaged in the combination (names in `MODELS`).

    Returns
    -------
    ForecastResult
    """
    return run_steps(regency_inputs(bps, kode_bps, target_year, target, seed), models)


def target_from_table(
    targets: pd.DataFrame, kode_bps: str, year: int
) -> tuple[float, float] | None:
    """Return the stated P0 target (low, high) of a regency for a year from `load_targets`."""
    rows = targets[
        (targets["kode_bps"] == str(kode_bps))
        & (targets["tahun"] == int(year))
        & (targets["indikator"] == "p0_persen")
    ]
    if rows.empty:
        return None
    row = rows.iloc[-1]
    return float(row["nilai_bawah"]), float(row["nilai_atas"])
