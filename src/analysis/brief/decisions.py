"""Decisions the first page states, computed once from the typed stage results.

The key-figures box (`analysis.brief.summary.key_figures`) and the key messages
(`analysis.keymessages.messages`) both render from these objects, so they cannot disagree: one
pace verdict, one level verdict, one rank with its interval, one forecast/target reading, one
program-impact verdict, and one answer to "may the brief state a village finding?" (never on
SIMULASI data). This module reads only `analysis.results.*` models.
"""

from __future__ import annotations

from dataclasses import dataclass

from analysis.results.forecast import ForecastResults
from analysis.results.impact import ImpactResults
from analysis.results.pockets import PocketsResults
from analysis.results.trend import TrendResults


@dataclass(frozen=True)
class PaceDecision:
    """The one pace (points/year, negative = falling) and how it compares with the province.

    ``verdict`` is "faster", "slower" (the 95 % interval of the difference excludes zero), "same"
    (it includes zero), or None with ``reason`` ("too_few_changes", "no_province_pace").
    """

    verdict: str | None
    reason: str | None
    start: int | None
    end: int | None
    n_changes: int
    min_changes: int
    covid_years: tuple[int, ...]
    regency: float | None
    regency_low: float | None
    regency_high: float | None
    province: float | None
    difference: float | None
    difference_low: float | None
    difference_high: float | None

    @property
    def has_pace(self) -> bool:
        """True when the regency's pace is stated at all."""
        return self.regency is not None


@dataclass(frozen=True)
class LevelDecision:
    """The gap to the province (points) with its 95 % interval; verdict above/below/same."""

    verdict: str | None
    gap: float | None
    low: float | None
    high: float | None
    province_name: str
    province_p0: float | None
    rse: float


@dataclass(frozen=True)
class RankDecision:
    """Rank among the province's regencies (1 = highest P0) with its 95 % interval."""

    rank: int
    low: int
    high: int
    of: int
    year: int
    province_name: str


@dataclass(frozen=True)
class ForecastDecision:
    """The forecast in the target year and, with a stated target, the chance of meeting it."""

    year: int
    median: float
    lo80: float
    hi80: float
    target_low: float | None
    target_high: float | None
    p_meet: float | None


@dataclass(frozen=True)
class ImpactDecision:
    """The program effect on desil 1.

    ``verdict``: "effect" (95 % interval below zero and no pre-trend), "no_effect" (interval
    includes zero or lies above it), "withheld_pretrend" (priority villages already moved
    differently before the program), "not_estimated" (no lokus status) or "simulated" (village
    data are SIMULASI: no figure and no claim at all).
    """

    verdict: str
    estimate: float | None = None
    ci_low: float | None = None
    ci_high: float | None = None

    @property
    def shows_figure(self) -> bool:
        """True when the box may print the effect as a number."""
        return self.verdict == "effect"


@dataclass(frozen=True)
class VillageDecision:
    """Whether village results may appear as findings on page 1 (not on SIMULASI data)."""

    claims_allowed: bool
    simulated: bool
    present: bool


@dataclass(frozen=True)
class Decisions:
    """Every decision of page 1."""

    pace: PaceDecision
    level: LevelDecision
    rank: RankDecision
    forecast: ForecastDecision | None
    impact: ImpactDecision | None
    villages: VillageDecision


def pace_decision(trend: TrendResults) -> PaceDecision:
    """The pace verdict as the trend stage computed it (see `analysis.trend.pace_comparison`)."""
    verdict = trend.pace_verdict if trend.pace_regency is not None else None
    return PaceDecision(
        verdict=verdict,
        reason=trend.pace_reason,
        start=trend.pace_start,
        end=trend.pace_end,
        n_changes=trend.pace_n_changes,
        min_changes=trend.min_pace_changes,
        covid_years=tuple(trend.covid_years),
        regency=trend.pace_regency,
        regency_low=trend.pace_regency_low,
        regency_high=trend.pace_regency_high,
        province=trend.pace_province if verdict else None,
        difference=trend.pace_difference if verdict else None,
        difference_low=trend.pace_difference_low if verdict else None,
        difference_high=trend.pace_difference_high if verdict else None,
    )


def level_decision(trend: TrendResults) -> LevelDecision:
    """The level verdict: above/below the province when the gap's interval excludes zero."""
    return LevelDecision(
        verdict=trend.level_verdict,
        gap=trend.gap_province,
        low=trend.gap_province_low,
        high=trend.gap_province_high,
        province_name=trend.province_name,
        province_p0=trend.province_p0_latest,
        rse=trend.rse_p0,
    )


def forecast_decision(forecast: ForecastResults | None, params) -> ForecastDecision | None:
    """The forecast of the target year; the chance only with a stated target."""
    if forecast is None:
        return None
    final = forecast.final()
    target = getattr(params, "target", None)
    chance = forecast.prob_meet_target if target is not None else None
    return ForecastDecision(
        year=final.year,
        median=final.median,
        lo80=final.lo80,
        hi80=final.hi80,
        target_low=target.low if chance else None,
        target_high=target.high if chance else None,
        p_meet=chance.p_at_or_below_high if chance else None,
    )


def impact_decision(impact: ImpactResults | None) -> ImpactDecision | None:
    """The impact verdict: an effect only with an interval below zero and no pre-trend."""
    if impact is None:
        return None
    if impact.is_simulated:
        return ImpactDecision("simulated")
    if not impact.estimated:
        return ImpactDecision("not_estimated")
    outcome = impact.outcomes["desil1"]
    overall = outcome.overall
    values = {"estimate": overall.estimate, "ci_low": overall.ci_low, "ci_high": overall.ci_high}
    pretrend = outcome.pretrend
    if pretrend is not None and pretrend.verdict == "pre_trends_detected":
        return ImpactDecision("withheld_pretrend", **values)
    if overall.ci_high is not None and overall.ci_high < 0:
        return ImpactDecision("effect", **values)
    return ImpactDecision("no_effect", **values)


def village_decision(
    pockets: PocketsResults | None, impact: ImpactResults | None
) -> VillageDecision:
    """Village findings are allowed only when every village result present is the user's data."""
    present = [result for result in (pockets, impact) if result is not None]
    simulated = any(result.is_simulated for result in present)
    return VillageDecision(
        claims_allowed=bool(present) and not simulated, simulated=simulated, present=bool(present)
    )


def decide(
    trend: TrendResults,
    forecast: ForecastResults | None = None,
    pockets: PocketsResults | None = None,
    impact: ImpactResults | None = None,
    params=None,
) -> Decisions:
    """Every decision of page 1 from the typed results."""
    return Decisions(
        pace=pace_decision(trend),
        level=level_decision(trend),
        rank=RankDecision(
            rank=trend.rank,
            low=trend.rank_low,
            high=trend.rank_high,
            of=trend.rank_of,
            year=trend.rank_year,
            province_name=trend.province_name,
        ),
        forecast=forecast_decision(forecast, params),
        impact=impact_decision(impact),
        villages=village_decision(pockets, impact),
    )


def for_brief(brief) -> Decisions:
    """The decisions of a loaded `analysis.brief.document.Brief` (box and messages share them)."""
    return decide(brief.trend, brief.forecast, brief.pockets, brief.impact, brief.params)
