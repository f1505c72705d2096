"""The typed impact result: saved and read back unchanged, full precision, NaN as null."""

from __future__ import annotations

import json
import math

import numpy as np
import pydantic
import pytest

from analysis import build, results
from analysis.impact import estimate_impact
from analysis.results.impact import Estimate, ImpactResults
from analysis.synth import simulate_staggered_panel


@pytest.fixture(scope="module")
def outcome():
    """One outcome's summary as the stage stores it (the estimator's dict without group_time)."""
    panel = simulate_staggered_panel(effect=-1.0, seed=9)
    result = estimate_impact(
        panel,
        unit="unit",
        time="year",
        outcome="y",
        first_treated="first_treated",
        cluster="cluster",
        n_boot=199,
    )
    summary = result.to_dict()
    summary.pop("group_time")
    return summary


def _model(outcome) -> ImpactResults:
    return ImpactResults(
        is_simulated=True,
        estimated=True,
        base_offset=1,
        village_meta={"source_name": None, "seed": 5},
        outcome_order=["y"],
        outcomes={"y": outcome},
        true_effect_desil1_pp=np.float64(-1.0),
    )


def test_saved_result_reads_back_equal_at_full_precision(tmp_path, outcome):
    """save then load gives the same model; estimates keep every digit (no rounding declared)."""
    context = build.start("klaten", str(tmp_path))
    model = results.save(context, _model(outcome))
    loaded = results.load(context, ImpactResults)
    assert loaded == model
    assert loaded.outcomes["y"].overall.estimate == outcome["overall"]["estimate"]
    stored = json.loads(context.result_path("impact").read_text(encoding="utf-8"))
    assert stored["outcomes"]["y"]["overall"] == outcome["overall"]
    assert stored["outcomes"]["y"]["by_event_time"] == outcome["by_event_time"]
    assert stored["outcome_order"] == ["y"]


def test_non_finite_values_become_null(outcome):
    """NaN and infinite estimates (no interval, untestable) are written as null."""
    estimate = Estimate(estimate=0.5, se=math.nan, ci_low=-math.inf, ci_high=np.float64("nan"))
    assert estimate.model_dump(mode="json") == {
        "estimate": 0.5,
        "se": None,
        "ci_low": None,
        "ci_high": None,
        "p_value": None,
    }
    reference = _model(outcome).to_json()["outcomes"]["y"]["by_event_time"]
    assert any(row["reference"] and row["se"] is None for row in reference)


def test_unknown_keys_are_refused(outcome):
    """A key the model does not declare is an error, not silently dropped."""
    with pytest.raises(pydantic.ValidationError):
        ImpactResults(**_model(outcome).model_dump(), extra_key=1)
    with pytest.raises(pydantic.ValidationError):
        _model({**outcome, "group_time": []})
