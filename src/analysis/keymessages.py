"""Key messages ("Pesan utama") written by explicit rules from the stage results.

Each rule reads numbers from the results, compares them with a stated threshold and returns a
message or nothing; the brief shows the first five that fire, in the order of `RULES`. No message
says anything its numbers do not support: every threshold is a named constant tested in
``tests/test_keymessages.py``.
"""

from __future__ import annotations

from dataclasses import dataclass

from analysis import fmt
from analysis.labels import Labels

# A pace difference smaller than this (points per year) is reported as "about the same pace".
PACE_DIFFERENCE_PP = 0.05
# A level gap smaller than this (points) is "about the province level": about one standard error.
LEVEL_GAP_PP = 0.5
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


def pace_versus_province(results: dict, params, labels: Labels) -> Message | None:
    """Rule: compare the regency's pace since 2021 with the province's, and the level gap."""
    trend = results.get("trend")
    if not trend or trend.get("pace_regency") is None or trend.get("pace_province") is None:
        return None
    lang = labels.lang
    regency, province = trend["pace_regency"], trend["pace_province"]
    difference = regency - province
    if abs(difference) < PACE_DIFFERENCE_PP:
        key = "msg_pace_same"
    elif difference < 0:
        key = "msg_pace_faster"
    else:
        key = "msg_pace_slower"
    headline = labels(key, start=trend["pace_start"])
    gap = trend["gap_province"]
    if gap is None or abs(gap) < LEVEL_GAP_PP:
        level = labels("msg_level_close", province=trend["province_name"])
    elif gap > 0:
        level = labels(
            "msg_level_above",
            gap=fmt.points(gap, lang=lang, signed=False),
            province=trend["province_name"],
        )
    else:
        level = labels(
            "msg_level_below",
            gap=fmt.points(-gap, lang=lang, signed=False),
            province=trend["province_name"],
        )
    detail = labels(
        "msg_pace_detail",
        regency=fmt.number(regency, 2, lang),
        province=fmt.number(province, 2, lang),
        level=level,
    )
    return Message("pace_versus_province", headline, detail)


def depth_against_headcount(results: dict, params, labels: Labels) -> Message | None:
    """Rule: P0 fell but P1 or P2 rose over the same years (poverty got deeper)."""
    trend = results.get("trend")
    if not trend:
        return None
    table = {row["tahun"]: row for row in trend["table"]}
    for indicator in ("p1", "p2"):
        depth = trend["depth"].get(indicator)
        if not depth:
            continue
        first, last = depth["first_year"], depth["last_year"]
        p0_first = table.get(first, {}).get("p0_persen_regency")
        p0_last = table.get(last, {}).get("p0_persen_regency")
        if p0_first is None or p0_last is None:
            continue
        if p0_last < p0_first and depth["last"] - depth["first"] > DEPTH_RISE:
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
                    value_first=fmt.number(depth["first"], 2, lang),
                    value_last=fmt.number(depth["last"], 2, lang),
                ),
            )
    return None


def forecast_target(results: dict, params, labels: Labels) -> Message | None:
    """Rule: the chance of meeting a stated target, or the realistic range when none is set."""
    forecast = results.get("forecast")
    if not forecast:
        return None
    lang = labels.lang
    final = next(row for row in forecast["horizons"] if row["year"] == forecast["target_year"])
    chance = forecast.get("prob_meet_target")
    target = getattr(params, "target", None)
    if target is not None and chance:
        needed = forecast["pace"]["needed_decline_pp_per_year"]
        ratio = forecast["pace"].get("needed_over_historical") or {}
        low_high = (
            fmt.percent(target.high, 2, lang)
            if target.low == target.high
            else fmt.interval(target.low, target.high, 2, lang) + (" %" if lang == "id" else "%")
        )
        return Message(
            "forecast_target",
            labels(
                "msg_target_headline",
                year=forecast["target_year"],
                target=low_high,
                p=fmt.percent(100 * chance["p_at_or_below_high"], 0, lang),
            ),
            labels(
                "msg_target_detail",
                needed=fmt.number(needed["to_high"], 2, lang),
                ratio=fmt.number(ratio.get("to_high", float("nan")), 1, lang)
                if ratio.get("to_high") is not None
                else "—",
            ),
        )
    realistic = forecast["realistic_range"]
    range_fields = {
        "year": forecast["target_year"],
        "low": fmt.number(realistic["low"], 2, lang),
        "high": fmt.percent(realistic["high"], 2, lang),
    }
    if realistic.get("p_low") is not None and realistic.get("p_high") is not None:
        # The chances that a target at each end is met, as the forecast computed them.
        chance = (
            fmt.number(100 * realistic["p_low"], 0, lang)
            + "–"
            + fmt.percent(100 * realistic["p_high"], 0, lang)
        )
        headline = labels("msg_realistic_headline", chance=chance, **range_fields)
    else:
        headline = labels("msg_no_target_headline", **range_fields)
    return Message(
        "forecast_target",
        headline,
        labels(
            "msg_no_target_detail",
            median=fmt.percent(final["median"], 2, lang),
            i80=fmt.interval(final["lo80"], final["hi80"], 2, lang),
        ),
    )


def _simulated_suffix(results: dict, labels: Labels) -> str:
    return labels("sim_suffix") if results.get("is_simulated") else ""


def pockets_concentration(results: dict, params, labels: Labels) -> Message | None:
    """Rule: three kecamatan hold at least `CONCENTRATION_SHARE` % of desil-1 families in lokus."""
    pockets = results.get("pockets")
    if not pockets or not pockets.get("kecamatan_concentration"):
        return None
    rows = sorted(
        pockets["kecamatan_concentration"],
        key=lambda row: (-row["desil1_in_priority"], row["kecamatan_code"]),
    )
    total = sum(row["desil1_in_priority"] for row in rows)
    if total <= 0:
        return None
    top = rows[:3]
    share = 100 * sum(row["desil1_in_priority"] for row in top) / total
    if share < CONCENTRATION_SHARE:
        return None
    names = [row["kecamatan_name"] for row in top]
    joined = (
        ", ".join(names[:-1]) + (" dan " if labels.lang == "id" else " and ") + names[-1]
        if len(names) > 1
        else names[0]
    )
    return Message(
        "pockets_concentration",
        labels("msg_concentration_headline", kecamatan=joined),
        labels(
            "msg_concentration_detail",
            k=len(top),
            pct=fmt.percent(share, 0, labels.lang),
            sim=_simulated_suffix(pockets, labels),
        ),
    )


def pockets_profile(results: dict, params, labels: Labels) -> Message | None:
    """Rule: the two indicators most over-represented in priority villages (ratio and intervals)."""
    pockets = results.get("pockets")
    if not pockets:
        return None
    distinct = [
        row
        for row in pockets.get("deprivation_profile", [])
        if row["indicator"] != "desil1"
        and row.get("ratio") is not None
        and row["ratio"] >= PROFILE_RATIO
        and row["priority_low"] > row["other_high"]
    ]
    if len(distinct) < 2:
        return None
    first, second = sorted(distinct, key=lambda row: -row["ratio"])[:2]
    lang = labels.lang
    return Message(
        "pockets_profile",
        labels(
            "msg_profile_headline",
            first=labels(f"ind_{first['indicator']}"),
            second=labels(f"ind_{second['indicator']}").lower(),
        ),
        labels(
            "msg_profile_detail",
            ratio1=fmt.number(first["ratio"], 1, lang),
            ratio2=fmt.number(second["ratio"], 1, lang),
            sim=_simulated_suffix(pockets, labels),
        ),
    )


def impact_effect(results: dict, params, labels: Labels) -> Message | None:
    """Rule: the effect on desil 1, claimed only when its 95 % interval excludes zero and the
    pre-trend test found no earlier difference between priority and comparison villages."""
    impact = results.get("impact")
    if not impact or not impact.get("estimated"):
        return None
    overall = impact["outcomes"]["desil1"]["overall"]
    lang = labels.lang
    interval = fmt.interval(overall["ci_low"], overall["ci_high"], 1, lang)
    detail = labels("msg_impact_detail", interval=interval, sim=_simulated_suffix(impact, labels))
    pretrend = impact["outcomes"]["desil1"].get("pretrend", {})
    if pretrend.get("verdict") == "pre_trends_detected":
        headline = labels("msg_impact_noeffect")
        detail = labels(
            "msg_impact_pretrend", interval=interval, sim=_simulated_suffix(impact, labels)
        )
    elif overall["ci_high"] is not None and overall["ci_high"] < 0:
        headline = labels(
            "msg_impact_effect", effect=fmt.points(-overall["estimate"], 1, lang, signed=False)
        )
    else:
        headline = labels("msg_impact_noeffect")
    return Message("impact_effect", headline, detail)


RULES = [
    pace_versus_province,
    forecast_target,
    depth_against_headcount,
    pockets_concentration,
    pockets_profile,
    impact_effect,
]


def messages(results: dict, params, lang: str = "id") -> list[Message]:
    """Return the key messages whose rules fire, at most `MAX_MESSAGES`."""
    labels = Labels(lang)
    fired = [rule(results, params, labels) for rule in RULES]
    return [message for message in fired if message is not None][:MAX_MESSAGES]
