"""The typed trend result: its JSON round trip and the fields the brief reads."""

import json

import pytest

from analysis import build, data, results, trend
from analysis.results.trend import TrendResults


@pytest.fixture(scope="module")
def klaten():
    return trend.summarize(data.load_bps(), "3310", 2025)


def test_round_trip_through_results_json(klaten, tmp_path):
    """Saving and loading results/trend.json gives back an equal model."""
    context = build.start("klaten", str(tmp_path))
    results.save(context, klaten)
    loaded = results.load(context, TrendResults)
    assert loaded == klaten
    stored = json.loads(context.result_path("trend").read_text(encoding="utf-8"))
    assert stored["pace_verdict"] == klaten.pace_verdict


def test_pace_interval_contains_the_pace(klaten):
    """The 95 % interval of the pace and of the difference contain their point values."""
    assert klaten.pace_regency_low < klaten.pace_regency < klaten.pace_regency_high
    assert klaten.pace_difference_low < klaten.pace_difference < klaten.pace_difference_high


def test_rank_interval_contains_the_rank_and_own_position_matches(klaten):
    """rank_low <= rank <= rank_high, and the own row of positions carries the same rank, pace."""
    assert klaten.rank_low <= klaten.rank <= klaten.rank_high
    own = next(row for row in klaten.positions if row.kode_bps == "3310")
    assert (own.rank, own.rank_low, own.rank_high) == (
        klaten.rank,
        klaten.rank_low,
        klaten.rank_high,
    )
    assert own.pace == pytest.approx(klaten.pace_regency, abs=1e-4)  # the quadrant's pace axis


def test_unknown_fields_are_refused(klaten):
    """The model refuses a field it does not declare (a typo cannot slip into the JSON)."""
    with pytest.raises(ValueError):
        TrendResults.model_validate({**klaten.to_json(), "pace_since_2021": -0.6})
