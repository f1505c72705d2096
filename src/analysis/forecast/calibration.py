"""The forecast's predictive distributions and intervals, calibrated as in the honest evaluation.

The final forecast is calibrated exactly as every forecast of the evaluation is at its origin
(`analysis.forecast.shock`), with the data vintage as the origin: a province-year shock whose
variance comes from the province's own year-to-year changes, plus the regencies' changes relative
to the province, combined into a Student t on the logit scale. Nothing from the evaluation's
scores feeds back into the intervals; the evaluation shows how this method did.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pandas as pd

from analysis.errors import InputError
from analysis.forecast.pooled import relative_table
from analysis.forecast.series import from_logit
from analysis.forecast.shock import (
    MIN_IDIO_SPANS,
    MIN_PROVINCE_CHANGES,
    ErrorDistribution,
    ProvinceShock,
    error_distributions,
    idiosyncratic_variance,
    pooled_shock,
    province_shock,
    usable,
)

if TYPE_CHECKING:
    from analysis.forecast.inputs import ForecastInputs
    from analysis.forecast.models import ModelFits

LEVELS = (0.80, 0.95)
QUANTILES = {"lo95": 0.025, "lo80": 0.1, "p25": 0.25, "hi80": 0.9, "hi95": 0.975}

METHOD = (
    "predictive distribution on the logit scale = combination forecast + scale x Student t; "
    "scale^2 = common + idiosyncratic variance. Common (the province-year shock): s2 (h + h^2 "
    "/ K), s2 = per-year variance of the province's own non-COVID logit changes around their "
    f"drift up to the data vintage (at least {MIN_PROVINCE_CHANGES} changes), K = years they "
    "span. Idiosyncratic: h x sum(u^2)/sum(k) of the regencies' changes relative to the "
    "province (u over k years, non-COVID, up to the vintage; other provinces' added when the "
    f"province has fewer than {MIN_IDIO_SPANS}). Degrees of freedom: Welch-Satterthwaite from "
    "n_changes - 1 and the number of relative changes."
)


@dataclass
class Calibration:
    """The forecast's error distributions per horizon and what they rest on.

    ``shock`` holds the province's changes that set the common variance; ``record`` is the
    published description (``calibration`` in ``forecast.json``).
    """

    distributions: dict[int, ErrorDistribution]
    shock: ProvinceShock
    notes: list[str]
    record: dict[str, Any]

    @property
    def scales(self) -> pd.DataFrame:
        """One row per horizon: variance components, counts, logit scale, df, 80/95 half-widths."""
        rows = []
        for h, dist in self.distributions.items():
            q = dist.quantile([0.5 + LEVELS[0] / 2, 0.5 + LEVELS[1] / 2])
            rows.append(
                {
                    "h": h,
                    "common_var": dist.common_var,
                    "n_common": dist.n_common,
                    "idio_var": dist.idio_var,
                    "n_idio": dist.n_idio,
                    "logit_scale": dist.scale,
                    "df": dist.df,
                    "half_width80": float(q[0]),
                    "half_width95": float(q[1]),
                }
            )
        return pd.DataFrame(rows)


def calibrate(inputs: ForecastInputs) -> Calibration:
    """Calibrate the forecast's error distributions at the data vintage (the same for every model).

    Raises
    ------
    InputError
        Without a province series with `MIN_PROVINCE_CHANGES` changes outside the COVID years up
        to the vintage, or without any regency change relative to a province.
    """
    until = inputs.vintage
    shock = province_shock(inputs.province, until, inputs.covid)
    notes = []
    shock_source = "province"
    if shock.n_changes < MIN_PROVINCE_CHANGES and inputs.fallback_provinces:
        # A province too young or too short for its own shock variance (Papua's 2022 provinces):
        # the common part pools every province's changes, and the brief says so.
        own_changes = shock.n_changes
        shock = pooled_shock(inputs.fallback_provinces, until, inputs.covid)
        shock_source = "all provinces"
        notes.append(
            f"The province has {own_changes} change(s) outside the COVID years up to {until} "
            f"(at least {MIN_PROVINCE_CHANGES} needed): the province-year shock variance pools "
            f"every province's changes ({shock.n_changes - 1} degrees of freedom)."
        )
    panel = inputs.panel if inputs.panel is not None else inputs.series.to_frame(inputs.name)
    relative = relative_table(panel, inputs.province, inputs.covid) if inputs.province else None
    idio = idiosyncratic_variance(relative, inputs.fallback_spans, until)
    dists = error_distributions(shock, idio, inputs.horizon)
    if not usable(dists):
        from analysis.labels import both

        raise InputError(
            both(
                "errs_fc_calibration",
                name=inputs.name,
                changes=shock.n_changes,
                minimum=MIN_PROVINCE_CHANGES,
                relative=idio[1],
            )
        )
    if idio[2] != "province":
        notes.append(
            f"Fewer than {MIN_IDIO_SPANS} changes of the province's regencies relative to the "
            f"province: the idiosyncratic variance uses {idio[2]} ({idio[1]} changes)."
        )
    record = {
        "method": METHOD,
        "until": int(until),
        "province_change_ends": list(shock.ends),
        "province_drift": shock.drift,
        "shock_var_per_year": shock.variance,
        "n_changes": shock.n_changes,
        "shock_source": shock_source,
        "idio_var_per_year": idio[0],
        "n_idio": idio[1],
        "idio_source": idio[2],
        "common_var_by_h": {h: d.common_var for h, d in dists.items()},
        "logit_scale_by_h": {h: d.scale for h, d in dists.items()},
        "df_by_h": {h: d.df for h, d in dists.items()},
    }
    return Calibration(dists, shock, notes, record)


def intervals(inputs: ForecastInputs, fits: ModelFits, calibration: Calibration) -> pd.DataFrame:
    """The forecast table: per year the median (the combination) and the predictive quantiles.

    Returns
    -------
    pandas.DataFrame
        year, h, median, lo80, hi80, lo95, hi95, p25 (P0 in percent), and the predictive
        distribution itself: median_logit, scale_logit, df (P0 = logistic(median_logit +
        scale_logit x Student t with df degrees of freedom)).
    """
    rows = []
    for h in inputs.horizons:
        f = float(fits.forecasts["combination"][h - 1])
        dist = calibration.distributions[int(h)]
        p = from_logit(f + dist.quantile(list(QUANTILES.values())))
        q = dict(zip(QUANTILES, p, strict=True))
        rows.append(
            {
                "year": inputs.latest_year + int(h),
                "h": int(h),
                "median": float(from_logit(f)),
                "lo80": q["lo80"],
                "hi80": q["hi80"],
                "lo95": q["lo95"],
                "hi95": q["hi95"],
                "p25": q["p25"],
                "median_logit": f,
                "scale_logit": dist.scale,
                "df": dist.df,
            }
        )
    return pd.DataFrame(rows)
