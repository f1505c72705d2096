"""Key messages fire by their stated rules and carry their numbers.

References come from definitions: the verdicts the rules must state are written by hand next to
made-up results, never read back from the code under test.
"""

from types import SimpleNamespace

import pytest

from analysis import data, keymessages, trend
from analysis.brief import decisions
from analysis.labels import Labels


@pytest.fixture(scope="module")
def klaten():
    return trend.summarize(data.load_bps(), "3310", 2025)


def _pace(klaten, **update):
    base = {
        "pace_regency": -0.70,
        "pace_regency_low": -0.90,
        "pace_regency_high": -0.50,
        "pace_province": -0.50,
        "pace_difference": -0.20,
        "pace_difference_low": -0.30,
        "pace_difference_high": -0.10,
        "pace_verdict": "faster",
        "pace_reason": None,
        "pace_start": 2016,
        "pace_end": 2025,
        "pace_n_changes": 6,
    }
    return klaten.model_copy(update={**base, **update})


def _messages(trend_result, impact=None, pockets=None, lang="id"):
    return keymessages.messages(trend_result, None, pockets, impact, None, lang)


def test_pace_faster_only_when_the_difference_interval_excludes_zero(klaten):
    """Difference interval -0.30..-0.10 reads 'faster'; -0.30..+0.10 reads 'not different'."""
    faster = _messages(_pace(klaten))[0]
    same = _messages(_pace(klaten, pace_difference_high=0.10, pace_verdict="same"))[0]
    assert "lebih cepat" in faster.headline and "2016–2025" in faster.headline
    assert "tidak berbeda nyata" in same.headline
    assert "lebih cepat" not in same.headline + same.detail
    assert "lebih lambat" not in same.headline + same.detail
    assert "−0,70" in same.detail and "−0,30 s.d. 0,10" in same.detail


def test_the_message_pace_is_the_trend_pace(klaten):
    """The message shows the one pace of the trend result (Klaten: -3.94 / 7 = -0.563)."""
    # Klaten P0 2015-2025 (BPS): 14.89 14.46 14.15 12.96 12.28 | 12.89 13.49 | 12.33 12.28 12.04
    # 11.00; the changes touching 2020-2021 are left out, leaving seven that sum to -3.94.
    message = _messages(klaten)[0]
    assert "−0,56 poin/tahun" in message.detail
    assert "tidak berbeda nyata" in message.headline  # difference interval spans zero


def test_level_gap_stated_with_its_interval(klaten):
    """Gap 1.52 with interval 0.44-2.60 is 'above'; an interval spanning zero is not."""
    above = _messages(klaten)[0]
    assert "1,52 poin di atas Jawa Tengah" in above.detail and "0,44–2,60" in above.detail
    close = klaten.model_copy(
        update={"gap_province": 0.3, "gap_province_low": -0.2, "gap_province_high": 0.8}
        | {"level_verdict": "same"}
    )
    text = _messages(close)[0].detail
    assert "tidak berbeda nyata dari Jawa Tengah" in text and "di atas" not in text


def test_thin_series_gets_no_pace_message_but_a_reason(klaten):
    """No pace (one P0 year): the message says the data are too thin, with no faster/slower."""
    thin = _pace(
        klaten,
        pace_regency=None,
        pace_regency_low=None,
        pace_regency_high=None,
        pace_verdict=None,
        pace_reason="too_few_changes",
        pace_n_changes=0,
        pace_start=None,
        pace_end=None,
    )
    message = _messages(thin)[0]
    assert "terlalu sedikit" in message.headline and "minimal 3" in message.detail
    assert "lebih" not in message.headline + message.detail


def test_depth_rule_fires_when_p1_rises_while_p0_falls(klaten):
    """Klaten's P0 fell from 2022 to 2025; P1 rising by more than 0.05 gives a depth message."""
    depth = {"p1": {"first_year": 2022, "first": 1.5, "last_year": 2025, "last": 1.7}}
    rising = klaten.model_copy(update={"depth": {**klaten.depth, **_depth(klaten, depth)}})
    inputs = keymessages.Inputs(decisions.decide(rising), rising)
    message = keymessages.depth_against_headcount(inputs, None, Labels("en"))
    assert message is not None and "P1" in message.headline


def _depth(klaten, values):
    from analysis.results.trend import DepthChange

    return {key: DepthChange(**value) for key, value in values.items()}


def test_depth_rule_silent_when_p1_falls_too(klaten):
    """No depth message when P1 falls with P0."""
    depth = {"p1": {"first_year": 2022, "first": 1.7, "last_year": 2025, "last": 1.5}}
    falling = klaten.model_copy(update={"depth": _depth(klaten, depth)})
    inputs = keymessages.Inputs(decisions.decide(falling), falling)
    assert keymessages.depth_against_headcount(inputs, None, Labels("id")) is None


def test_at_most_five_messages(klaten):
    """The brief shows at most MAX_MESSAGES messages."""
    assert len(_messages(klaten)) <= keymessages.MAX_MESSAGES == 5


def _impact(low, high, simulated=False, pretrend="no_evidence_of_pre_trends", estimated=True):
    overall = SimpleNamespace(estimate=(low + high) / 2, ci_low=low, ci_high=high)
    desil1 = SimpleNamespace(overall=overall, pretrend=SimpleNamespace(verdict=pretrend))
    return SimpleNamespace(is_simulated=simulated, estimated=estimated, outcomes={"desil1": desil1})


def test_impact_effect_only_below_zero_and_without_pre_trend(klaten):
    """Interval -2.6..-0.7 is an effect; -1.0..0.4 is not; -2.4..-0.5 with pre-trend is withheld."""
    rules = {m.rule: m for m in _messages(klaten, _impact(-2.6, -0.7))}
    assert "turun" in rules["impact_effect"].headline
    rules = {m.rule: m for m in _messages(klaten, _impact(-1.0, 0.4))}
    assert "belum dapat" in rules["impact_effect"].headline
    withheld = _impact(-2.4, -0.5, pretrend="pre_trends_detected")
    rules = {m.rule: m for m in _messages(klaten, withheld)}
    assert "belum dapat" in rules["impact_effect"].headline
    assert "sebelum program" in rules["impact_effect"].detail


def test_simulated_village_data_give_one_message_and_no_finding(klaten):
    """SIMULASI impact and pockets: no impact/pockets message, one 'needs own register' message."""
    pockets = SimpleNamespace(is_simulated=True)
    fired = _messages(klaten, _impact(-2.6, -0.7, simulated=True), pockets)
    rules = [m.rule for m in fired]
    assert rules.count("villages_simulated") == 1
    assert not {"impact_effect", "pockets_concentration", "pockets_profile"} & set(rules)
    text = " ".join(m.headline + " " + m.detail for m in fired)
    assert "P3KE/DTSEN" in text and "lampiran teknis" in text
    assert "village_data" not in text  # parameter keys belong in the technical appendix
    assert "−2,6" not in text and "turun 1,6" not in text


def test_impact_not_estimated_makes_no_message(klaten):
    """Without lokus status there is no impact estimate and no impact message."""
    fired = _messages(klaten, _impact(0, 0, estimated=False))
    assert "impact_effect" not in [m.rule for m in fired]


def _forecast(prob=None):
    """A forecast result with just the parts the rule reads (attribute access like the model)."""
    from types import SimpleNamespace as Part

    final = Part(year=2026, median=8.10, lo80=7.57, hi80=8.67)
    return Part(
        target_year=2026,
        final=lambda: final,
        prob_meet_target=None if prob is None else Part(p_at_or_below_high=prob),
        pace=Part(
            needed_decline_pp_per_year=Part(to_high=0.26, to_low=0.32),
            needed_over_historical=Part(to_high=1.147, to_low=1.41),
        ),
        realistic_range=Part(year=2026, low=7.79, high=8.10, p_low=None, p_high=None),
    )


def test_forecast_rule_states_the_chance_of_a_stated_target():
    """With a target, the message gives the probability and the pace it needs."""
    from types import SimpleNamespace

    params = SimpleNamespace(target=SimpleNamespace(low=8.04, high=8.10))
    message = keymessages.forecast_target(_forecast(0.5), params, Labels("id"))
    assert "8,04–8,10 %" in message.headline and "50 %" in message.headline
    assert "0,26" in message.detail and "1,1×" in message.detail


def test_forecast_rule_without_target_gives_the_realistic_range():
    """Without a target, the message says none is set and gives the 25th-50th percentile range."""
    from types import SimpleNamespace

    message = keymessages.forecast_target(_forecast(), SimpleNamespace(target=None), Labels("id"))
    assert "belum ditetapkan" in message.headline and "7,79–8,10 %" in message.headline


def _concentration(rows, n_priority, n_kecamatan):
    from analysis.labels import Labels

    kecamatan = [
        SimpleNamespace(kecamatan_code=f"{i:02d}", kecamatan_name=name, desil1_in_priority=d)
        for i, (name, d) in enumerate(rows)
    ]
    pockets = SimpleNamespace(
        kecamatan_concentration=kecamatan, n_priority=n_priority, n_kecamatan=n_kecamatan
    )
    decisions = SimpleNamespace(villages=SimpleNamespace(claims_allowed=True))
    inputs = SimpleNamespace(pockets=pockets, decisions=decisions)
    return keymessages.pockets_concentration(inputs, None, Labels("id"))


def test_concentration_never_says_three_kecamatan_hold_everything():
    """All 11 priority villages in 3 of 5 kecamatan: said as such, not '3 kecamatan memuat
    100 %'; with priority families elsewhere too the share is stated (300/350 = 86 %)."""
    every = _concentration([("A", 200), ("B", 100), ("C", 50), ("D", 0), ("E", 0)], 11, 5)
    assert "100 %" not in every.detail
    assert every.detail == "(seluruh 11 desa prioritas berada di 3 dari 5 kecamatan)."
    part = _concentration([("A", 150), ("B", 100), ("C", 50), ("D", 30), ("E", 20)], 20, 5)
    assert part is not None and "86 %" in part.detail
