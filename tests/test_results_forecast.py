"""The typed forecast result: a saved file reads back equal, floats are rounded as declared, and
parts with data-dependent keys publish only the keys they were given."""

from __future__ import annotations

import json
import math

import pydantic
import pytest
from test_forecast_simulation import jateng_like_panel

from analysis import build, params, results
from analysis import forecast as fc
from analysis.results.forecast import ForecastResults, Pace


@pytest.fixture(scope="module")
def result():
    """A forecast of a simulated regency to 2027 with a range target (unrounded)."""
    panel, province = jateng_like_panel(seed=10)
    return fc.forecast_series(
        panel["3302"],
        kode="3302",
        panel=panel,
        province=province,
        target_year=2027,
        target=(8.04, 8.1),
    )


def test_saved_result_reads_back_equal(result, tmp_path):
    """save() then load() gives the same model; the file holds exactly its JSON form."""
    context = build.Context(params.load("klaten"), tmp_path)
    model = fc.save(context, result)
    assert results.load(context, ForecastResults) == model
    written = json.loads(context.result_path("forecast").read_text(encoding="utf-8"))
    assert written == model.to_json()
    assert ForecastResults.model_validate(written).to_json() == written


def test_floats_are_rounded_as_declared(result):
    """P0 to 2 decimals, probabilities/pace/weights/evaluation to 3, logit scales to 6."""
    out = result.to_results().to_json()
    row, raw = out["horizons"][-1], result.horizons.iloc[-1]
    assert row["median"] == round(raw["median"], 2) and row["lo95"] == round(raw["lo95"], 2)
    assert out["history"][0]["p0"] == round(result.history["p0"].iloc[0], 2)
    assert out["weights"] == {name: round(w, 3) for name, w in result.weights.items()}
    chance = result.prob_meet_target["p_at_or_below_high"]
    assert out["prob_meet_target"]["p_at_or_below_high"] == round(chance, 3)
    needed = result.pace["needed_decline_pp_per_year"]["to_high"]
    assert out["pace"]["needed_decline_pp_per_year"]["to_high"] == round(needed, 3)
    assert out["realistic_range"]["low"] == round(result.realistic_range["low"], 2)
    assert out["realistic_range"]["p_low"] == round(result.realistic_range["p_low"], 3)
    assert out["evaluation"]["by_year"][0]["mae_pp"] == round(
        result.evaluation.table["mae_pp"].iloc[0], 3
    )
    assert row["scale_logit"] == round(raw["scale_logit"], 6) and row["df"] == round(raw["df"], 3)
    scales = result.calibration["logit_scale_by_h"]
    assert out["calibration"]["logit_scale_by_h"] == {
        str(h): round(v, 6) for h, v in scales.items()
    }
    assert out["target"] == {"low": 8.04, "high": 8.1}
    assert isinstance(out["latest_year"], int) and isinstance(out["horizons"][0]["h"], int)


def test_pace_publishes_only_the_keys_it_was_given():
    """A pace without target or history omits those keys instead of writing null."""
    pace = Pace.model_validate(
        {
            "definition": "d",
            "latest_year": 2025,
            "latest_value": 8.123456,
            "target_year": 2026,
            "historical_decline_pp_per_year": None,
            "historical_period": None,
            "historical_n_changes": 0,
            "historical_reason": "no year-to-year change outside the COVID years",
            "needed_decline_pp_per_year": None,
            "needed_reason": "no target given",
        }
    )
    dumped = pace.model_dump(mode="json")
    assert dumped["latest_value"] == 8.123
    assert dumped["historical_decline_pp_per_year"] is None
    assert "needed_over_historical" not in dumped and "historical_start" not in dumped
    assert Pace.model_validate(dumped).model_dump(mode="json") == dumped


def test_nan_becomes_null_and_unknown_fields_are_refused(result):
    """A NaN statistic is published as null; a key the model does not know is refused."""
    out = result.to_results().to_json()
    evaluation = out["evaluation"]
    row = {**evaluation["by_year"][0], "mae_naive_pp": math.nan}
    changed = {**out, "evaluation": {**evaluation, "by_year": [row]}}
    assert ForecastResults.model_validate(changed).evaluation.by_year[0].mae_naive_pp is None
    with pytest.raises(pydantic.ValidationError):
        ForecastResults.model_validate({**out, "unknown": 1})
