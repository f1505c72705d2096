"""Key messages fire by their stated thresholds and carry their numbers."""

from analysis import keymessages
from analysis.labels import Labels


def _trend(pace_regency, pace_province, gap):
    return {
        "trend": {
            "pace_regency": pace_regency,
            "pace_province": pace_province,
            "pace_start": 2021,
            "gap_province": gap,
            "province_name": "Jawa Tengah",
            "table": [],
            "depth": {},
        }
    }


def test_pace_rule_says_faster_only_beyond_threshold():
    """A pace 0.10 pp/year faster than the province is 'faster'; 0.04 is 'the same pace'."""
    labels = Labels("id")
    faster = keymessages.pace_versus_province(_trend(-0.70, -0.60, 1.5), None, labels)
    same = keymessages.pace_versus_province(_trend(-0.62, -0.58, 1.5), None, labels)
    assert "lebih cepat" in faster.headline
    assert "setara" in same.headline
    assert "−0,62" in same.detail and "−0,58" in same.detail


def test_pace_rule_reports_level_gap_with_threshold():
    """A gap of 1.52 points is stated; a gap under 0.5 points is called close to the province."""
    labels = Labels("id")
    above = keymessages.pace_versus_province(_trend(-0.6, -0.6, 1.52), None, labels)
    close = keymessages.pace_versus_province(_trend(-0.6, -0.6, 0.3), None, labels)
    assert "1,52 poin di atas" in above.detail
    assert "setara Jawa Tengah" in close.detail


def test_depth_rule_fires_when_p1_rises_while_p0_falls():
    """P0 falling with P1 rising by more than 0.05 gives a depth message."""
    results = {
        "trend": {
            "table": [
                {"tahun": 2021, "p0_persen_regency": 12.0},
                {"tahun": 2024, "p0_persen_regency": 11.0},
            ],
            "depth": {"p1": {"first_year": 2021, "first": 1.5, "last_year": 2024, "last": 1.7}},
        }
    }
    message = keymessages.depth_against_headcount(results, None, Labels("en"))
    assert message is not None and "P1" in message.headline


def test_depth_rule_silent_when_p1_falls_too():
    """No depth message when P1 falls with P0."""
    results = {
        "trend": {
            "table": [
                {"tahun": 2021, "p0_persen_regency": 12.0},
                {"tahun": 2024, "p0_persen_regency": 11.0},
            ],
            "depth": {"p1": {"first_year": 2021, "first": 1.8, "last_year": 2024, "last": 1.4}},
        }
    }
    assert keymessages.depth_against_headcount(results, None, Labels("id")) is None


def test_at_most_five_messages():
    """The brief never shows more than five key messages."""
    assert len(keymessages.messages(_trend(-0.7, -0.6, 1.0), None)) <= keymessages.MAX_MESSAGES


def _pockets(desil1_by_kecamatan):
    return {
        "pockets": {
            "is_simulated": True,
            "kecamatan_concentration": [
                {
                    "kecamatan_code": f"33.10.{i:02d}",
                    "kecamatan_name": f"K{i}",
                    "desil1_in_priority": n,
                }
                for i, n in enumerate(desil1_by_kecamatan)
            ],
            "deprivation_profile": [],
        }
    }


def test_concentration_rule_fires_at_thirty_percent():
    """Three kecamatan holding 40 % of desil-1 families in lokus fire; 3 of 20 equal ones do not."""
    labels = Labels("id")
    fired = keymessages.pockets_concentration(_pockets([20, 10, 10, 20, 20, 20]), None, labels)
    assert fired is not None and "SIMULASI" in fired.detail
    assert keymessages.pockets_concentration(_pockets([5] * 20), None, labels) is None


def test_profile_rule_needs_ratio_and_separated_intervals():
    """An indicator counts only when 1.5 times as frequent and its intervals do not overlap."""
    profile = [
        {"indicator": "rtlh", "ratio": 2.0, "priority_low": 6.0, "other_high": 3.5},
        {"indicator": "no_latrine", "ratio": 1.8, "priority_low": 3.0, "other_high": 2.0},
        {"indicator": "disability", "ratio": 1.9, "priority_low": 2.0, "other_high": 2.5},
    ]
    message = keymessages.pockets_profile(
        {"pockets": {"deprivation_profile": profile}}, None, Labels("en")
    )
    assert message.headline == "Uninhabitable house and no proper latrine"
    assert (
        keymessages.pockets_profile(
            {"pockets": {"deprivation_profile": profile[:1]}}, None, Labels("en")
        )
        is None
    )


def test_impact_rule_claims_an_effect_only_when_the_interval_excludes_zero():
    """An interval below zero is an effect; one that spans zero is 'cannot be established'."""

    def result(low, high):
        return {
            "impact": {
                "estimated": True,
                "is_simulated": False,
                "outcomes": {
                    "desil1": {
                        "overall": {"estimate": (low + high) / 2, "ci_low": low, "ci_high": high}
                    }
                },
            }
        }

    labels = Labels("id")
    assert "turun" in keymessages.impact_effect(result(-2.6, -0.7), None, labels).headline
    assert "belum dapat" in keymessages.impact_effect(result(-1.0, 0.4), None, labels).headline


def _forecast(prob=None):
    return {
        "forecast": {
            "target_year": 2026,
            "horizons": [{"year": 2026, "median": 8.10, "lo80": 7.57, "hi80": 8.67}],
            "prob_meet_target": None if prob is None else {"p_at_or_below_high": prob},
            "pace": {
                "needed_decline_pp_per_year": {"to_high": 0.26, "to_low": 0.32},
                "needed_over_historical": {"to_high": 1.147, "to_low": 1.41},
            },
            "realistic_range": {"year": 2026, "low": 7.79, "high": 8.10},
        }
    }


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


def test_impact_rule_claims_nothing_without_an_interval():
    """When no interval could be computed (too few villages), no effect is claimed."""
    result = {
        "impact": {
            "estimated": True,
            "is_simulated": True,
            "outcomes": {
                "desil1": {"overall": {"estimate": -1.0, "ci_low": None, "ci_high": None}}
            },
        }
    }
    message = keymessages.impact_effect(result, None, Labels("en"))
    assert "cannot be established" in message.headline and "—" in message.detail


def test_impact_rule_claims_nothing_when_pre_trends_differ():
    """An interval below zero is not called an effect when the pre-trend test flags a difference."""
    result = {
        "impact": {
            "estimated": True,
            "is_simulated": False,
            "outcomes": {
                "desil1": {
                    "overall": {"estimate": -1.5, "ci_low": -2.4, "ci_high": -0.5},
                    "pretrend": {"verdict": "pre_trends_detected"},
                }
            },
        }
    }
    message = keymessages.impact_effect(result, None, Labels("id"))
    assert "belum dapat" in message.headline and "sebelum program" in message.detail
