"""Tests of the pockets results: agreement, concentration, profile, the summary as published."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from test_pockets_helpers import klaten_results, klaten_summary, small_panel

from analysis import pockets
from analysis.results.pockets import PocketsResults
from analysis.villages import INDICATORS


def test_agreement_measures():
    """Identical lists agree perfectly; a partial reference list gives no kappa."""
    universe = [f"v{i}" for i in range(20)]
    same = pockets.agreement(universe[:5], universe[:5], universe)
    assert same["cohen_kappa"] == pytest.approx(1.0) and same["jaccard"] == 1.0
    disjoint = pockets.agreement(universe[:5], universe[5:10], universe)
    assert disjoint["cohen_kappa"] < 0 and disjoint["jaccard"] == 0.0
    partial = pockets.agreement(universe[:5], universe[3:7], universe, complete=False)
    assert partial["share_of_reference_selected"] == 0.5
    assert partial["cohen_kappa"] is None


def test_agreement_with_lokus_and_published_names_in_summary():
    """The summary compares with the data's lokus list (with a bootstrap range) and reports the
    share of published named villages selected."""
    agreement = klaten_summary()["agreement"]
    panel_lokus = agreement["panel_lokus"]
    assert panel_lokus["n_reference"] == 81
    low, high = panel_lokus["share_of_reference_selected_interval"]
    assert 0 <= low <= high <= 1
    years = {item["published_year"] for item in agreement["published_named"]}
    assert years == {2022, 2023}


def test_no_lokus_flag_means_no_panel_agreement():
    """A panel without lokus flags and no published list gives no agreement at all."""
    panel = small_panel(np.full(30, 900), np.arange(30) + 5)
    ranking = pockets.rank_villages(panel, 2025, n_boot=20)
    assert pockets.lokus_agreement(ranking, None) == {
        "panel_lokus": None,
        "published_named": None,
    }


def test_sensitivity_in_summary_is_consistent():
    """With equal N every alternative has as many entries as exits; listed villages are those
    selected by some but not all rules."""
    sensitivity = klaten_summary()["sensitivity"]
    for item in sensitivity["alternatives"]:
        assert item["n_enter"] == item["n_leave"]
        assert 0 <= item["jaccard"] <= 1
    assert all(0 < row["n_rules"] < 4 for row in sensitivity["villages"])
    assert sensitivity["n_changing"] == len(sensitivity["villages"])
    assert sensitivity["n_stable_core"] <= 81


def test_kecamatan_concentration_adds_up():
    """Priority villages by kecamatan add up to N and percentages follow from the counts."""
    table = pd.DataFrame(klaten_summary()["kecamatan_concentration"])
    assert table["n_priority"].sum() == 81
    assert table["n_villages"].sum() == 401
    row = table.iloc[0]
    assert row["pct_villages_priority"] == pytest.approx(
        100 * row["n_priority"] / row["n_villages"], abs=1e-3
    )


def test_profile_shows_priority_villages_more_deprived():
    """Priority villages have a higher desil-1 share than others, with intervals around points."""
    profile = pd.DataFrame(klaten_summary()["deprivation_profile"]).set_index("indicator")
    assert list(profile.index) == ["desil1", *INDICATORS]
    assert profile.loc["desil1", "priority_low"] > profile.loc["desil1", "other_high"]
    assert (profile["priority_low"] <= profile["priority"]).all()
    assert (profile["priority"] <= profile["priority_high"]).all()


def test_summary_is_json_serialisable_and_labelled():
    """The summary has the documented keys, dumps to JSON, and carries SIMULASI."""
    assert isinstance(klaten_results(), PocketsResults)
    summary = klaten_summary()
    json.dumps(summary)
    expected = {
        "is_simulated",
        "label",
        "year",
        "n_villages",
        "rule_card",
        "priority_villages",
        "top_by_kecamatan",
        "kecamatan_concentration",
        "deprivation_profile",
        "agreement",
        "sensitivity",
        "spatial",
        "notes",
        "village_meta",
        "kecamatan_shown",
    }
    assert expected <= set(summary)
    assert summary["is_simulated"] and summary["label"] == "SIMULASI"
    assert summary["rule_card"]["is_simulated"]
    assert summary["village_meta"]["seed"] == 20251127
    assert summary["kecamatan_shown"] == pockets.KECAMATAN_SHOWN
    shown = sum(len(group["villages"]) for group in summary["top_by_kecamatan"])
    assert shown == pockets.DEFAULT_TOP
    user = pockets.summarize_pockets(small_panel(np.full(40, 900), np.arange(40) + 5), n_boot=20)
    assert user.is_simulated is False and user.label is None


def test_village_records_are_percent_of_families():
    """Published shares and EB intervals are percentages (0-100) of the village's families."""
    summary = klaten_summary()
    village = summary["priority_villages"][0]
    assert village["share_desil1"] == pytest.approx(
        100 * village["families_desil1"] / village["families"], abs=1e-4
    )
    assert 0 < village["eb_low"] <= village["eb_share"] <= village["eb_high"] < 100
    assert 0 <= village["selection_frequency"] <= 1


def test_no_personal_identifier_reaches_summary_or_annex(tmp_path):
    """Columns outside the schema (e.g. NIK, names) never appear in the summary or the XLSX."""
    import zipfile

    panel = small_panel(np.full(40, 900), np.arange(40) + 5)
    panel["nik"] = "3310012345678901"
    panel["nama_kepala_keluarga"] = "SITI-SENTINEL"
    summary = pockets.summarize_pockets(panel, n_boot=20)
    text = json.dumps(summary.to_json())
    for forbidden in ("3310012345678901", "SITI-SENTINEL", "nik", "nama_kepala"):
        assert forbidden not in text
    path = pockets.write_annex_xlsx(summary, tmp_path / "annex.xlsx")
    with zipfile.ZipFile(path) as archive:
        content = " ".join(
            archive.read(name).decode("utf-8", "ignore") for name in archive.namelist()
        )
    for forbidden in ("3310012345678901", "SITI-SENTINEL", "nama_kepala"):
        assert forbidden not in content
