"""Tests of the typed pockets results: saved and loaded unchanged, rounded as declared."""

from __future__ import annotations

import json

import pytest
from pydantic import ValidationError
from test_pockets_helpers import klaten_results

from analysis import build, results
from analysis.results.pockets import PocketsResults


def test_saved_results_load_back_unchanged(tmp_path):
    """A saved results file loads into an equal model that writes the same JSON again."""
    context = build.start("klaten", str(tmp_path))
    model = results.save(context, klaten_results())
    loaded = results.load(context, PocketsResults)
    assert loaded == model
    assert loaded.to_json() == json.loads(context.result_path("pockets").read_text())


def test_floats_are_rounded_to_four_decimals_except_village_meta():
    """Stage floats are published with 4 decimals; village_meta keeps the generator's values."""
    payload = klaten_results().to_json()
    payload["desil1_share_pct"] = 11.108212345
    payload["priority_villages"][0]["eb_share"] = 24.391312345
    payload["rule_card"]["weights"]["rtlh"] = 1.234567
    payload["village_meta"]["calibration"] = {"max_abs_gap_pp": 0.108212345}
    model = PocketsResults.model_validate(payload)
    assert model.desil1_share_pct == 11.1082
    dumped = model.to_json()
    assert dumped["priority_villages"][0]["eb_share"] == 24.3913
    assert dumped["rule_card"]["weights"]["rtlh"] == 1.2346
    assert dumped["village_meta"]["calibration"]["max_abs_gap_pp"] == 0.108212345


def test_cluster_key_only_with_spatial_clustering():
    """A village without a cluster has no cluster key; a village with one keeps it."""
    payload = klaten_results().to_json()
    assert "cluster" not in payload["priority_villages"][0]
    payload["priority_villages"][0]["cluster"] = "HH"
    dumped = PocketsResults.model_validate(payload).to_json()
    assert dumped["priority_villages"][0]["cluster"] == "HH"


def test_unknown_fields_and_spatial_shapes_are_checked():
    """An unknown field is refused; the spatial part is either 'not done' or full clusters."""
    payload = klaten_results().to_json()
    with pytest.raises(ValidationError):
        PocketsResults.model_validate({**payload, "extra": 1})
    with pytest.raises(ValidationError):
        PocketsResults.model_validate({**payload, "spatial": {"done": True, "reason": "x"}})
