"""Key messages fire by their stated thresholds and carry their numbers."""

from analysis import keymessages
from analysis.labels import Labels


def _trend(pace_regency, pace_province, gap):
    return {"trend": {"pace_regency": pace_regency, "pace_province": pace_province,
                      "pace_start": 2021, "gap_province": gap, "province_name": "Jawa Tengah",
                      "table": [], "depth": {}}}


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
    results = {"trend": {"table": [{"tahun": 2021, "p0_persen_regency": 12.0},
                                   {"tahun": 2024, "p0_persen_regency": 11.0}],
                         "depth": {"p1": {"first_year": 2021, "first": 1.5, "last_year": 2024,
                                          "last": 1.7}}}}
    message = keymessages.depth_against_headcount(results, None, Labels("en"))
    assert message is not None and "P1" in message.headline


def test_depth_rule_silent_when_p1_falls_too():
    """No depth message when P1 falls with P0."""
    results = {"trend": {"table": [{"tahun": 2021, "p0_persen_regency": 12.0},
                                   {"tahun": 2024, "p0_persen_regency": 11.0}],
                         "depth": {"p1": {"first_year": 2021, "first": 1.8, "last_year": 2024,
                                          "last": 1.4}}}}
    assert keymessages.depth_against_headcount(results, None, Labels("id")) is None


def test_at_most_five_messages():
    """The brief never shows more than five key messages."""
    assert len(keymessages.messages(_trend(-0.7, -0.6, 1.0), None)) <= keymessages.MAX_MESSAGES
