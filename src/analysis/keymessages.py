"""Key messages ("Pesan utama") written by explicit rules from the page-1 decisions.

Each rule reads a decision of `analysis.brief.decisions` (computed once from the typed stage
results, the same objects the key-figures box renders) and returns a message or nothing; the
brief shows the first five that fire, in the order of `RULES`. Verdicts come from intervals, not
from fixed margins: "faster/slower than the province" only when the 95 % interval of the pace
difference excludes zero, "above/below the province" only when the gap's interval does. Village
results (pockets, impact) make no message on SIMULASI data: one message says instead that the
village analysis needs the regency's own register. Thresholds are named constants tested in
``tests/test_keymessages.py``.
"""

from __future__ import annotations

from dataclasses import dataclass

from analysis import fmt
from analysis.brief.decisions import Decisions, decide
from analysis.labels import Labels
from analysis.results.forecast import ForecastResults
from analysis.results.impact import ImpactResults
from analysis.results.pockets import PocketsResults
from analysis.results.trend import TrendResults

# P1/P2 count as rising when they rise by more than this while P0 falls.
DEPTH_RISE = 0.05
MAX_MESSAGES = 5
# Pockets are called "concentrated" when the three kecamatan with most desil-1 families in
# priority villages hold at least this share of them.
CONCENTRATION_SHARE = 30.0
# An indicator "sets priority villages apart" when it is at least this many times as frequent
# there as in other villages and the two 90 % intervals do not overlap.
PROFILE_RATIO = 1.5


@dataclass(frozen=True)
class Message:
    """A key message: a bold headline and a detail sentence, both with their numbers."""

    rule: str
    headline: str
    detail: str


@dataclass(frozen=True)
class Inputs:
    """What the rules read: the decisions and the typed results they came from."""

    decisions: Decisions
    trend: TrendResults
    forecast: ForecastResults | None = None
    pockets: PocketsResults | None = None
    impact: ImpactResults | None = None


def level_clause(inputs: Inputs, labels: Labels) -> str:
    """The level part of the pace message, from the level decision (gap with its interval)."""
    level = inputs.decisions.level
    lang = labels.lang
    if level.verdict is None or level.gap is None:
        return labels("msg_level_none", province=level.province_name)
    interval = fmt.interval(level.low, level.high, 2, lang)
    if level.verdict == "same":
        return labels(
            "msg_level_close",
            province=level.province_name,
            gap=fmt.points(level.gap, lang=lang),
            interval=interval,
        )
    return labels(
        f"msg_level_{level.verdict}",
        gap=fmt.points(abs(level.gap), lang=lang, signed=False),
        province=level.province_name,
        interval=interval,
    )


def pace_versus_province(inputs: Inputs, params, labels: Labels) -> Message:
    """Rule: the one pace against the province's over the same years, and the level gap.

    "Faster/slower" only when the 95 % interval of the difference excludes zero; below the
    minimum number of changes the message says the series is too thin for a pace.
    """
    pace = inputs.decisions.pace
    lang = labels.lang
    level = level_clause(inputs, labels)
    if not pace.has_pace:
        return Message(
            "pace_versus_province",
            labels("msg_pace_none"),
            labels("msg_pace_none_detail", n=pace.n_changes, minimum=pace.min_changes, level=level),
        )
    window = labels("msg_pace_window", start=pace.start, end=pace.end)
    own = labels(
        "msg_pace_own",
        covid="–".join(str(y) for y in (pace.covid_years[0], pace.covid_years[-1])),
        regency=fmt.number(pace.regency, 2, lang),
        interval=fmt.interval(pace.regency_low, pace.regency_high, 2, lang),
    )
    if pace.verdict is None:
        return Message(
            "pace_versus_province",
            labels("msg_pace_noprovince", window=window),
            labels("msg_pace_noprovince_detail", own=own, level=level),
        )
    if pace.verdict == "same":
        key = "msg_pace_same"
    elif pace.verdict == "faster":
        key = "msg_pace_faster"
    else:
        key = "msg_pace_slower" if pace.regency < 0 else "msg_pace_rising"
    detail = labels(
        "msg_pace_detail",
        own=own,
        province=fmt.number(pace.province, 2, lang),
        difference=fmt.number(pace.difference, 2, lang),
        interval=fmt.interval(pace.difference_low, pace.difference_high, 2, lang),
        level=level,
    )
    return Message("pace_versus_province", labels(key, window=window), detail)


def depth_against_headcount(inputs: Inputs, params, labels: Labels) -> Message | None:
    """Rule: P0 fell but P1 or P2 rose over the same years (poverty got deeper)."""
    trend = inputs.trend
    table = {row.tahun: row for row in trend.table}
    for indicator in ("p1", "p2"):
        depth = trend.depth.get(indicator)
        if not depth:
            continue
        first, last = depth.first_year, depth.last_year
        p0_first = getattr(table.get(first), "p0_persen_regency", None)
        p0_last = getattr(table.get(last), "p0_persen_regency", None)
        if p0_first is None or p0_last is None:
            continue
        if p0_last < p0_first and depth.last - depth.first > DEPTH_RISE:
            lang = labels.lang
            return Message(
                "depth_against_headcount",
                labels("msg_depth_headline", indicator=indicator.upper()),
                labels(
                    "msg_depth_detail",
                    indicator=indicator.upper(),
                    first=first,
                    last=last,
                    p0_first=fmt.number(p0_first, 2, lang),
                    p0_last=fmt.number(p0_last, 2, lang),
                    value_first=fmt.number(depth.first, 2, lang),
                    value_last=fmt.number(depth.last, 2, lang),
                ),
            )
    return None


def forecast_target(forecast, params, labels: Labels) -> Message | None:
    """Rule: the chance of meeting a stated target, or the realistic range when none is set.

    ``forecast`` is the typed forecast result (`analysis.results.forecast.ForecastResults`).
    """
    if forecast is None:
        return None
    lang = labels.lang
    final = forecast.final()
    chance = forecast.prob_meet_target
    target = getattr(params, "target", None)
    if target is not None and chance is not None:
        needed = forecast.pace.needed_decline_pp_per_year
        ratio = forecast.pace.needed_over_historical
        low_high = (
            fmt.percent(target.high, 2, lang)
            if target.low == target.high
            else fmt.interval(target.low, target.high, 2, lang) + (" %" if lang == "id" else "%")
        )
        return Message(
            "forecast_target",
            labels(
                "msg_target_headline",
                year=forecast.target_year,
                target=low_high,
                p=fmt.percent(100 * chance.p_at_or_below_high, 0, lang),
            ),
            labels(
                "msg_target_detail",
                needed=fmt.number(needed.to_high, 2, lang),
                ratio=fmt.number(ratio.to_high, 1, lang)
                if ratio is not None and ratio.to_high is not None
                else "—",
            ),
        )
    realistic = forecast.realistic_range
    range_fields = {
        "year": forecast.target_year,
        "low": fmt.number(realistic.low, 2, lang),
        "high": fmt.percent(realistic.high, 2, lang),
    }
    if realistic.p_low is not None and realistic.p_high is not None:
        # The chances that a target at each end is met, as the forecast computed them.
        chance_text = (
            fmt.number(100 * realistic.p_low, 0, lang)
            + "–"
            + fmt.percent(100 * realistic.p_high, 0, lang)
        )
        headline = labels("msg_realistic_headline", chance=chance_text, **range_fields)
    else:
        headline = labels("msg_no_target_headline", **range_fields)
    return Message(
        "forecast_target",
        headline,
        labels(
            "msg_no_target_detail",
            median=fmt.percent(final.median, 2, lang),
            i80=fmt.interval(final.lo80, final.hi80, 2, lang),
        ),
    )


def forecast_message(inputs: Inputs, params, labels: Labels) -> Message | None:
    """Rule: the forecast and target message (`forecast_target`), when the forecast ran."""
    if inputs.forecast is None:
        return None
    return forecast_target(inputs.forecast, params, labels)


def villages_simulated(inputs: Inputs, params, labels: Labels) -> Message | None:
    """Rule: on SIMULASI village data, say once that village findings need the own register."""
    villages = inputs.decisions.villages
    if not villages.simulated:
        return None
    return Message(
        "villages_simulated",
        labels("msg_impact_villages_simulated"),
        labels(
            "msg_impact_villages_simulated_detail",
            pockets=labels("section_pockets"),
            impact=labels("section_impact"),
        ),
    )


def pockets_concentration(inputs: Inputs, params, labels: Labels) -> Message | None:
    """Rule: three kecamatan hold at least `CONCENTRATION_SHARE` % of desil-1 families in lokus
    (only on the regency's own village data)."""
    pockets = inputs.pockets
    if pockets is None or not inputs.decisions.villages.claims_allowed:
        return None
    rows = sorted(
        pockets.kecamatan_concentration,
        key=lambda row: (-row.desil1_in_priority, row.kecamatan_code),
    )
    total = sum(row.desil1_in_priority for row in rows)
    if total <= 0:
        return None
    top = rows[:3]
    share = 100 * sum(row.desil1_in_priority for row in top) / total
    if share < CONCENTRATION_SHARE:
        return None
    names = [row.kecamatan_name for row in top]
    joined = (
        ", ".join(names[:-1]) + (" dan " if labels.lang == "id" else " and ") + names[-1]
        if len(names) > 1
        else names[0]
    )
    if all(row.desil1_in_priority == 0 for row in rows[len(top) :]):
        # Every priority village lies in these kecamatan: "3 kecamatan hold 100 %" would say
        # nothing, so the message says how few of the regency's kecamatan they are.
        detail = labels(
            "msg_concentration_all_detail",
            n=pockets.n_priority,
            k=len(top),
            total=pockets.n_kecamatan,
        )
    else:
        detail = labels(
            "msg_concentration_detail",
            k=len(top),
            pct=fmt.percent(share, 0, labels.lang),
            sim="",
        )
    return Message(
        "pockets_concentration", labels("msg_concentration_headline", kecamatan=joined), detail
    )


def pockets_profile(inputs: Inputs, params, labels: Labels) -> Message | None:
    """Rule: the two indicators most over-represented in priority villages (ratio and intervals;
    only on the regency's own village data)."""
    pockets = inputs.pockets
    if pockets is None or not inputs.decisions.villages.claims_allowed:
        return None
    distinct = [
        row
        for row in pockets.deprivation_profile
        if row.indicator != "desil1"
        and row.ratio is not None
        and row.ratio >= PROFILE_RATIO
        and row.priority_low > row.other_high
    ]
    if len(distinct) < 2:
        return None
    first, second = sorted(distinct, key=lambda row: -row.ratio)[:2]
    lang = labels.lang
    return Message(
        "pockets_profile",
        labels(
            "msg_profile_headline",
            first=labels(f"ind_{first.indicator}"),
            second=labels(f"ind_{second.indicator}").lower(),
        ),
        labels(
            "msg_profile_detail",
            ratio1=fmt.number(first.ratio, 1, lang),
            ratio2=fmt.number(second.ratio, 1, lang),
            sim="",
        ),
    )


def impact_effect(inputs: Inputs, params, labels: Labels) -> Message | None:
    """Rule: the impact verdict of the decisions: an effect only when its 95 % interval lies
    below zero and the pre-trend test found no earlier difference; nothing on SIMULASI data."""
    decision = inputs.decisions.impact
    if decision is None or decision.verdict in ("simulated", "not_estimated"):
        return None
    lang = labels.lang
    interval = fmt.interval(decision.ci_low, decision.ci_high, 1, lang)
    if decision.verdict == "withheld_pretrend":
        return Message(
            "impact_effect",
            labels("msg_impact_noeffect"),
            labels("msg_impact_pretrend", interval=interval, sim=""),
        )
    detail = labels("msg_impact_detail", interval=interval, sim="")
    if decision.verdict == "effect":
        headline = labels(
            "msg_impact_effect", effect=fmt.points(-decision.estimate, 1, lang, signed=False)
        )
    else:
        headline = labels("msg_impact_noeffect")
    return Message("impact_effect", headline, detail)


RULES = [
    pace_versus_province,
    forecast_message,
    depth_against_headcount,
    villages_simulated,
    pockets_concentration,
    pockets_profile,
    impact_effect,
]


def messages(
    trend: TrendResults,
    forecast: ForecastResults | None = None,
    pockets: PocketsResults | None = None,
    impact: ImpactResults | None = None,
    params=None,
    lang: str = "id",
    decisions: Decisions | None = None,
) -> list[Message]:
    """Return the key messages whose rules fire, at most `MAX_MESSAGES`.

    ``decisions`` defaults to `analysis.brief.decisions.decide` on the same results; the brief
    passes the object its key-figures box rendered from.
    """
    labels = Labels(lang, kode_bps=getattr(params, "kode_bps", None))
    decisions = decisions or decide(trend, forecast, pockets, impact, params)
    inputs = Inputs(decisions, trend, forecast, pockets, impact)
    fired = [rule(inputs, params, labels) for rule in RULES]
    return [message for message in fired if message is not None][:MAX_MESSAGES]
