"""What the forecast means for a stated target: its probability, the pace it needs, and a
realistic range.

Meeting a target means P0 in the target year at or below its upper bound; the probability comes
from the calibrated predictive distribution. The pace compares the decline (percentage points per
year) the target needs with the historical decline outside the COVID years. The realistic range
runs from the 25th to the 50th percentile of the predictive distribution; a target at its low end
is met when P0 ends at or below it, so its chance is P(P0 <= low) (about 25 %), and at its high
end P(P0 <= high) (about 50 %). Both chances are computed from the distribution at the published
bounds, never written into a text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd

from analysis.forecast.series import change_spans, from_logit, to_logit

if TYPE_CHECKING:
    from analysis.forecast.calibration import Calibration
    from analysis.forecast.inputs import ForecastInputs

PACE_DEFINITION = (
    "decline in percentage points per year (positive = P0 falls); historical "
    "pace = average over the year-to-year changes outside the COVID years"
)
PROBABILITY_DEFINITION = (
    "meeting the target = P0 in the target year at or below its upper "
    "bound (reaching the range at least); p_in_range = P(low <= P0 <= "
    "high), p_below_low = P(P0 < low). P0 treated as continuous "
    "(BPS rounding to 0.01 ignored)."
)
REALISTIC_PERCENTILES = (0.25, 0.50)  # ambitious (low) to even-odds (high) end of the range
_LOW, _HIGH = (100 * p for p in REALISTIC_PERCENTILES)
REALISTIC_DEFINITION = (
    f"percentiles {_LOW:g} to {_HIGH:g} of the predictive distribution in the target year; "
    "p_low = P(P0 <= low), p_high = P(P0 <= high): the chance that a target set at that end "
    "is met, computed from the distribution"
)


def _historical_pace(series: pd.Series, covid) -> dict[str, Any]:
    """Historical and endpoint decline (pp per year) and the years they cover."""
    years = series.index.to_numpy(int)
    values = series.to_numpy()
    a, b, k, dp = change_spans(years, values, covid)  # changes in percentage points
    pace: dict[str, Any] = {}
    if len(k):
        pace["historical_decline_pp_per_year"] = float(-dp.sum() / k.sum())
        pace["historical_period"] = (
            f"{int(a.min())}-{int(b.max())}, excluding changes that "
            f"touch {', '.join(str(c) for c in sorted(covid))}"
            if covid
            else f"{int(a.min())}-{int(b.max())}"
        )
        pace["historical_start"] = int(a.min())
        pace["historical_end"] = int(b.max())
        pace["historical_n_changes"] = len(k)
    else:
        pace["historical_decline_pp_per_year"] = None
        pace["historical_period"] = None
        pace["historical_n_changes"] = 0
        pace["historical_reason"] = "no year-to-year change outside the COVID years"
    if len(years) >= 2:
        pace["endpoint_decline_pp_per_year"] = float(
            (values[0] - values[-1]) / (years[-1] - years[0])
        )
        pace["endpoint_period"] = f"{int(years[0])}-{int(years[-1])} (including COVID years)"
    return pace


def pace(series: pd.Series, target, target_year: int, covid) -> dict[str, Any]:
    """The pace a target needs against the historical pace (percentage points per year).

    Parameters
    ----------
    series : pandas.Series
        The checked P0 series (percent, by year).
    target : (low, high) or None
        The stated target.
    target_year : int
        The target's year.
    covid : collection of int
        COVID years (changes touching them are left out of the historical pace).
    """
    latest_year, latest = int(series.index[-1]), float(series.iloc[-1])
    result: dict[str, Any] = {
        "definition": PACE_DEFINITION,
        "latest_year": latest_year,
        "latest_value": latest,
        "target_year": int(target_year),
        **_historical_pace(series, covid),
    }
    if target is None:
        result["needed_decline_pp_per_year"] = None
        result["needed_reason"] = "no target given"
        return result
    span = target_year - latest_year
    result["needed_decline_pp_per_year"] = {
        "to_high": (latest - target[1]) / span,
        "to_low": (latest - target[0]) / span,
    }
    hist = result["historical_decline_pp_per_year"]
    if hist is not None and hist > 0:
        result["needed_over_historical"] = {
            "to_high": (latest - target[1]) / span / hist,
            "to_low": (latest - target[0]) / span / hist,
        }
    else:
        result["needed_over_historical"] = None
    return result


def chance_at_or_below(value: float, median: float, dist) -> float:
    """P(P0 <= value) when P0 = logistic(logit(median) + error), error ~ ``dist``."""
    if value <= 0:
        return 0.0
    if value >= 100:
        return 1.0
    return float(dist.cdf(to_logit(value) - to_logit(median))[0])


def target_probability(inputs: ForecastInputs, median: float, calibration: Calibration):
    """P(P0 <= high), P(low <= P0 <= high) and P(P0 < low) in the target year.

    Returns
    -------
    tuple
        (probabilities as a dict, None) with a target; (None, "no target given") without.
    """
    if inputs.target is None:
        return None, "no target given"
    low, high = inputs.target
    dist = calibration.distributions[inputs.horizon]
    p_high = chance_at_or_below(high, median, dist)
    p_low = chance_at_or_below(low, median, dist)
    probability = {
        "year": inputs.target_year,
        "p_at_or_below_high": p_high,
        "p_in_range": p_high - p_low if high > low else 0.0,
        "p_below_low": p_low,
        "definition": PROBABILITY_DEFINITION,
    }
    return probability, None


def realistic_range(inputs: ForecastInputs, median: float, calibration: Calibration) -> dict:
    """The realistic target range and the chance that a target at each end is met."""
    dist = calibration.distributions[inputs.horizon]
    low, high = from_logit(to_logit(median) + dist.quantile(list(REALISTIC_PERCENTILES)))
    return {
        "year": inputs.target_year,
        "low": float(low),
        "high": float(high),
        "p_low": chance_at_or_below(float(low), median, dist),
        "p_high": chance_at_or_below(float(high), median, dist),
        "definition": REALISTIC_DEFINITION,
    }


def decide(
    inputs: ForecastInputs, horizons: pd.DataFrame, calibration: Calibration
) -> dict[str, Any]:
    """The decision outputs: target probability, pace and realistic range.

    Returns
    -------
    dict
        ``prob_meet_target`` (None without a target), ``prob_reason``, ``pace`` and
        ``realistic_range`` (`REALISTIC_PERCENTILES` in the target year, with the chance that a
        target at each end is met).
    """
    median = float(horizons.iloc[-1]["median"])
    probability, reason = target_probability(inputs, median, calibration)
    realistic = realistic_range(inputs, median, calibration)
    return {
        "prob_meet_target": probability,
        "prob_reason": reason,
        "pace": pace(inputs.series, inputs.target, inputs.target_year, inputs.covid),
        "realistic_range": realistic,
    }
