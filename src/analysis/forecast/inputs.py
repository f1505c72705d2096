"""What every forecast step reads: one regency's series, its province, its evaluation sources.

`prepare` checks the inputs once (values inside (0, 100), one value per year, a target year after
the latest data, a well-formed target) and returns `ForecastInputs`; the steps (models,
evaluation, calibration, intervals, decisions) then take it as their first argument. Where the
honest evaluations come from is a parameter: computed from a given panel, handed in by a caller,
or read from the province cache of a batch (see `analysis.forecast.forecasting`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from analysis.errors import InputError
from analysis.forecast.series import (
    COVID_YEARS,
    check_series,
    history_table,
    province_dict,
    to_logit,
)

# An evaluation source: (inputs, combined model names) -> scored evaluation forecasts, or None.
EvaluationSource = Callable[["ForecastInputs", tuple[str, ...]], pd.DataFrame | None]


def no_evaluation(inputs: ForecastInputs, models: tuple[str, ...]) -> None:
    """An evaluation source that has nothing (no panel given, no other provinces)."""
    return None


@dataclass
class ForecastInputs:
    """One regency's checked P0 series with its province and where its evaluations come from.

    ``panel`` holds the province's regencies (index year, one column per regency) with this
    regency's column replaced by ``series``; ``province`` is the province's P0 as {year: logit}.
    ``fallback_spans`` are the relative changes of every province's regencies (the pooled model's
    and the idiosyncratic variance's fallback), ``fallback_provinces`` every province's series
    (the shock variance's fallback). ``own_evaluation`` gives the province's honest
    evaluation, ``other_evaluations`` every other province's (shown when the province has too
    few forecasts); ``summarize`` False skips the evaluation (simulations that need forecasts only).
    """

    name: str
    wilayah: str
    series: pd.Series
    target_year: int
    target: tuple[float, float] | None
    covid: frozenset[int]
    panel: pd.DataFrame | None = None
    province_series: pd.Series | None = None
    province: dict[int, float] | None = None
    fallback_spans: pd.DataFrame | None = None
    # Every province's P0 as {year: logit} (the shock variance's fallback for a short province).
    fallback_provinces: dict[str, dict[int, float]] | None = None
    own_evaluation: EvaluationSource = no_evaluation
    other_evaluations: EvaluationSource = no_evaluation
    seed: int = 0
    use_llt: bool = True
    summarize: bool = True

    @property
    def latest_year(self) -> int:
        """Year of the latest P0 value."""
        return int(self.series.index[-1])

    @property
    def latest_value(self) -> float:
        """The latest P0 value (percent)."""
        return float(self.series.iloc[-1])

    @property
    def horizon(self) -> int:
        """Years from the latest data to the target year."""
        return self.target_year - self.latest_year

    @property
    def horizons(self) -> np.ndarray:
        """Forecast horizons 1 .. `horizon`."""
        return np.arange(1, self.horizon + 1)

    @property
    def years(self) -> np.ndarray:
        """Years of the series (int)."""
        return self.series.index.to_numpy(int)

    @property
    def z(self) -> np.ndarray:
        """The series on the logit scale."""
        return to_logit(self.series.to_numpy())

    @property
    def vintage(self) -> int:
        """Latest year of any input (capped before the target year): what is known now.

        The pooled model uses the province's and the other regencies' data up to the data vintage,
        even when this regency's series ends earlier.
        """
        panel = self.panel
        vintage = max(
            [
                self.latest_year,
                *(panel.index[panel.notna().any(axis=1)].tolist() if panel is not None else []),
                *(self.province or {}),
            ]
        )
        return min(vintage, self.target_year - 1)

    @property
    def history(self) -> pd.DataFrame:
        """The series as a table: year, P0 and role ("trend", "covid", "level_only")."""
        return history_table(self.series, self.covid)


def parse_target(target) -> tuple[float, float] | None:
    """Return a target as (low, high) in percent; a number is a point target (low == high).

    Raises
    ------
    InputError
        For anything but None, a number or a pair with 0 <= low <= high < 100 and high > 0.
    """
    if target is None:
        return None
    if isinstance(target, (int, float, np.floating, np.integer)):
        low = high = float(target)
    else:
        try:
            low, high = (float(v) for v in target)
        except (TypeError, ValueError):
            from analysis.labels import both
            from analysis.yamlread import shown

            raise InputError(both("errs_fc_target_form", value=shown(target))) from None
    if not (0 <= low <= high and 0 < high < 100):
        from analysis.labels import both

        raise InputError(both("errs_fc_target_range", low=f"{low:g}", high=f"{high:g}"))
    return low, high


def _merged_panel(panel: pd.DataFrame, name: str, clean: pd.Series) -> pd.DataFrame:
    """The panel with string columns, this regency's column replaced, years as sorted ints."""
    panel = panel.copy()
    panel.columns = [str(c) for c in panel.columns]
    panel[name] = clean.reindex(panel.index.union(clean.index))
    panel = panel.reindex(panel.index.union(clean.index))
    panel.index = panel.index.astype(int)
    return panel.sort_index()


def prepare(
    series: pd.Series,
    *,
    kode: str | None = None,
    panel: pd.DataFrame | None = None,
    province: pd.Series | None = None,
    target_year: int = 2026,
    target: Any = None,
    covid_years=COVID_YEARS,
    wilayah: str = "",
    **options,
) -> ForecastInputs:
    """Check one regency's inputs and return them as `ForecastInputs`.

    Parameters
    ----------
    series : pandas.Series
        The regency's P0 in percent indexed by year; gaps are allowed.
    kode : str, optional
        The regency's column in ``panel`` (default ``series.name``).
    panel, province : optional
        The province's regencies and the province's P0 (see `ForecastInputs`).
    target_year : int
        Last forecast year; must be after the latest data.
    target : float or (low, high), optional
        A stated target in percent.
    covid_years : sequence of int
        Years treated as a break.
    wilayah : str
        Display name carried into the result.
    **options
        Further `ForecastInputs` fields (fallback_spans, own_evaluation, other_evaluations, seed,
        use_llt, summarize).

    Raises
    ------
    InputError
        For values outside (0, 100), duplicated years, an empty series, a target year not after
        the latest data, or a malformed target.
    """
    covid = frozenset(int(y) for y in covid_years)
    name = kode if kode is not None else (str(series.name) if series.name is not None else "x")
    clean = check_series(series, f"P0 series {name}")
    if clean.empty:
        from analysis.labels import both

        raise InputError(both("errs_fc_no_values", name=name))
    latest_year = int(clean.index[-1])
    target_year = int(target_year)
    if target_year <= latest_year:
        from analysis.labels import both

        raise InputError(
            both("errs_fc_target_year", target_year=target_year, latest=latest_year, name=name)
        )
    bounds = parse_target(target)
    return ForecastInputs(
        name=name,
        wilayah=wilayah,
        series=clean,
        target_year=target_year,
        target=bounds,
        covid=covid,
        panel=_merged_panel(panel, name, clean) if panel is not None else None,
        province_series=province,
        province=province_dict(province),
        **options,
    )
