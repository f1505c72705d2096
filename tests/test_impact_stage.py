"""The impact stage as the notebook runs it, checked on the generator with a known truth."""

import ast

import nbformat
import numpy as np
import pandas as pd
import pytest

from analysis import build, impact, paths, results, synth
from analysis.results.impact import ImpactResults

PLACEBO = {"desil1_pp_per_year": 0.0, "indicators_pp_per_year": {}, "heterogeneity_sd": 0.0}


def _estimate(seed, effect=None):
    panel, meta = synth.generate_for_regency("3310", seed, effect=effect, lokus_count_latest=81)
    frame = impact.outcome_panel(panel)
    result = impact.estimate_impact(
        frame,
        unit="village_code",
        time="year",
        outcome="share_desil1",
        first_treated="lokus_since",
        cluster="kecamatan_code",
        covariates=["share_desil1"],
        base_offset=impact.IMPACT_BASE_OFFSET,
        n_boot=399,
        seed=seed,
    )
    truth = 0.0 if effect is not None else _estimand(meta["effect"]["true_att_by_cohort_year"])
    return result.overall, truth


def _estimand(cells):
    """The true overall effect aggregated as the estimator does: cohort means, weighted by size."""
    cohorts = {}
    for cell in cells:
        cohorts.setdefault(cell["cohort"], []).append(cell)
    total = sum(group[0]["n"] for group in cohorts.values())
    return (
        -sum(
            group[0]["n"] * np.mean([c["effect_pp_desil1"] for c in group])
            for group in cohorts.values()
        )
        / total
    )


@pytest.mark.slow
def test_pipeline_impact_recovers_the_injected_effect_on_the_generator():
    """Over 60 generator seeds: mean bias < 10 % of the effect, 95 % CI coverage >= 90 %."""
    estimates, truths, covered = [], [], []
    for seed in range(60):
        overall, truth = _estimate(1000 + seed)
        estimates.append(overall["estimate"])
        truths.append(truth)
        covered.append(overall["ci_low"] <= truth <= overall["ci_high"])
    bias = np.mean(np.array(estimates) - np.array(truths))
    assert abs(bias) < 0.10 * abs(np.mean(truths))
    assert np.mean(covered) >= 0.90


@pytest.mark.slow
def test_pipeline_impact_placebo_rejects_at_most_seven_percent():
    """With no injected effect, the 5 % test rejects in at most 7 % of 150 generator seeds.

    Seeded, so the check is deterministic; with 150 draws the Monte Carlo standard error of a
    5 % rate is about 1.8 points, so a rate above 7 % would point to real over-rejection.
    """
    rejections = []
    for seed in range(150):
        overall, _ = _estimate(5000 + seed, effect=PLACEBO)
        rejections.append(not (overall["ci_low"] <= 0.0 <= overall["ci_high"]))
    assert np.mean(rejections) <= 0.07


def test_impact_panel_derives_first_lokus_year_from_a_user_flag():
    """A user panel with a yes/no lokus column gets the first lokus year per village."""
    panel = pd.DataFrame(
        {
            "village_code": ["a", "a", "a", "b", "b", "b"],
            "year": [2021, 2022, 2023] * 2,
            "lokus": ["no", "yes", "yes", "no", "no", "no"],
            "families": [100] * 6,
            "families_desil1": [10] * 6,
            **{name: [1] * 6 for name in impact.IMPACT_OUTCOMES[1:]},
        }
    )
    frame = impact.outcome_panel(panel)
    assert frame.loc[frame.village_code == "a", "lokus_since"].eq(2022).all()
    assert frame.loc[frame.village_code == "b", "lokus_since"].isna().all()
    assert frame["share_desil1"].eq(10.0).all()


@pytest.fixture(scope="module")
def klaten_run(tmp_path_factory):
    """The stage run once on Klaten's SIMULASI panel, into a temporary build folder."""
    context = build.start("klaten", str(tmp_path_factory.mktemp("impact")))
    return context, impact.run(context)


def test_run_saves_the_typed_result_and_the_event_study(klaten_run):
    """run() writes results/impact.json (read back equal, outcomes in brief order) and the PNG."""
    context, result = klaten_run
    assert context.figure("event_study").stat().st_size > 0
    assert results.load(context, ImpactResults) == result
    assert result.estimated and result.is_simulated
    assert result.outcome_order == list(impact.IMPACT_OUTCOMES)
    assert set(result.outcomes) == set(impact.IMPACT_OUTCOMES)
    assert result.outcomes["desil1"].outcome == "share_desil1"
    assert result.base_offset == impact.IMPACT_BASE_OFFSET
    assert result.true_effect_desil1_pp < 0


def test_effects_table_and_recap_follow_the_outcome_order(klaten_run):
    """The display table has one row per outcome in brief order; the recap names the pre-trend."""
    _, result = klaten_run
    table = impact.effects_table(result)
    assert table["outcome"].tolist() == list(impact.IMPACT_OUTCOMES)
    assert list(table.columns) == [
        "outcome",
        "effect_pp",
        "ci_low",
        "ci_high",
        "twfe_pp",
        "pretrend",
    ]
    desil1 = result.outcomes["desil1"]
    assert table.loc[0, "effect_pp"] == desil1.overall.estimate
    assert impact.recap(result)["pretrend"] == desil1.pretrend.statement


def test_event_time_table_restores_the_reference_row(klaten_run):
    """The event-time table read from the typed result has NaN (not None) where JSON has null."""
    _, result = klaten_run
    table = impact.event_time_table(result)
    reference = table[table["reference"]]
    assert len(reference) == 1 and reference["event_time"].iloc[0] == -impact.IMPACT_BASE_OFFSET
    assert reference["estimate"].iloc[0] == 0.0 and np.isnan(reference["ci_low"].iloc[0])


def test_settings_change_the_comparison(klaten_run):
    """A researcher's base offset and control group reach the estimator and the saved result."""
    context, _ = klaten_run
    panel, meta = synth.generate_for_regency("3310", context.params.village_data.seed)
    frame = impact.outcome_panel(panel)
    settings = impact.Settings(control="never_treated", base_offset=2, covariates=())
    result = impact.estimate(context, frame, meta, settings)
    assert result.base_offset == 2
    desil1 = result.outcomes["desil1"]
    assert desil1.base_period == "g-2" and desil1.control_group == "never_treated"
    assert desil1.covariates == []


def test_a_panel_without_lokus_villages_is_reported_not_estimated(klaten_run):
    """Without any priority village nothing is estimated, no figure is drawn, the reason is kept."""
    context, _ = klaten_run
    panel, meta = synth.generate_for_regency("3310", 7)
    user = panel.drop(columns="lokus_since").assign(lokus="no")
    result = impact.estimate(context, impact.outcome_panel(user), {"is_simulated": False}, None)
    assert not result.estimated and result.reason == "no_lokus"
    assert result.outcomes == {} and result.true_effect_desil1_pp is None
    assert impact.draw_event_study(context, result) is None
    assert impact.effects_table(result).empty
    assert impact.recap(result) == {"reason": "no_lokus"}


def test_the_notebook_shows_the_default_settings():
    """Notebook 04 spells out control, base offset and covariates equal to Settings()."""
    notebook = nbformat.read(paths.NOTEBOOKS_DIR / "04-impact.ipynb", as_version=4)
    calls = [
        node
        for cell in notebook.cells
        if cell.cell_type == "code"
        for node in ast.walk(ast.parse(cell.source))
        if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "Settings"
    ]
    assert len(calls) == 1
    shown = {keyword.arg: ast.literal_eval(keyword.value) for keyword in calls[0].keywords}
    defaults = impact.Settings()
    assert shown == {
        "control": defaults.control,
        "base_offset": defaults.base_offset,
        "covariates": defaults.covariates,
    }
