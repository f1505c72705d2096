"""Tests of the poverty-pockets stage: EB shares, index, rank intervals, rule, outputs."""

from __future__ import annotations

import json
import zipfile
from functools import lru_cache

import numpy as np
import pandas as pd
import pytest
from openpyxl import load_workbook

from analysis import pockets, synth
from analysis.errors import InputError
from analysis.villages import INDICATORS, PANEL_COLUMNS


@lru_cache(maxsize=1)
def _klaten():
    return synth.generate_for_regency("3310", 20251127)


@lru_cache(maxsize=1)
def _klaten_summary():
    from analysis import data

    panel, _ = _klaten()
    return pockets.summarize_pockets(
        panel, 2025, n_priority=81, published=data.load_lokus(), n_boot=100
    )


def _panel(families, desil1, shares=None, year=2025, seed=0, source="P3KE 2025"):
    """A one-year panel from family counts, desil-1 counts and indicator shares."""
    families = np.asarray(families, dtype=np.int64)
    n = len(families)
    rng = np.random.default_rng(seed)
    if shares is None:
        shares = rng.uniform(0.01, 0.1, (n, len(INDICATORS)))
    frame = pd.DataFrame(
        {
            "village_code": [f"99.01.{1 + i // 10:02d}.{2001 + i % 10}" for i in range(n)],
            "village_name": [f"Desa {i}" for i in range(n)],
            "kecamatan_code": [f"99.01.{1 + i // 10:02d}" for i in range(n)],
            "kecamatan_name": [f"Kec {1 + i // 10}" for i in range(n)],
            "year": year,
            "families": families,
            "families_desil1": np.asarray(desil1, dtype=np.int64),
            "families_desil1_4": np.minimum(families, 4 * np.asarray(desil1)),
            **{
                name: np.rint(families * shares[:, k]).astype(np.int64)
                for k, name in enumerate(INDICATORS)
            },
            "source": source,
            "lokus": pd.array([pd.NA] * n, dtype="boolean"),
            "is_simulated": "SIMULASI" in source,
        }
    )
    return frame[list(PANEL_COLUMNS)]


def test_eb_moves_small_villages_more_toward_the_mean():
    """Villages with the same raw share are shrunk more the fewer families they have."""
    rng = np.random.default_rng(1)
    trials = np.concatenate([rng.integers(300, 1500, 200), [20, 200, 2000]])
    successes = np.concatenate([rng.binomial(trials[:200], rng.beta(4, 36, 200)), [6, 60, 600]])
    result = pockets.eb_shares(successes, trials)
    prior_mean = result.attrs["prior"]["mean"]
    last = result.iloc[-3:]
    moved = (last["raw"] - last["eb_share"]).to_numpy()
    assert (last["raw"] == 0.3).all()
    assert moved[0] > moved[1] > moved[2] > 0
    assert (last["eb_share"] > prior_mean).all()
    assert last["shrinkage"].is_monotonic_decreasing


def test_eb_prior_recovers_truth_and_intervals_cover():
    """On beta-binomial data with known shares the prior is recovered and 90 % intervals cover
    about 90 % of the true shares."""
    rng = np.random.default_rng(2)
    truth = rng.beta(2.0, 18.0, 3000)
    trials = rng.integers(50, 1500, 3000)
    successes = rng.binomial(trials, truth)
    result = pockets.eb_shares(successes, trials, level=0.9)
    prior = result.attrs["prior"]
    assert abs(prior["mean"] - 0.10) < 0.005
    assert 15 < prior["phi"] < 27
    covered = (result["eb_low"] <= truth) & (truth <= result["eb_high"])
    assert 0.87 <= covered.mean() <= 0.93
    # Shrinkage reduces error against the truth compared with raw shares.
    assert np.mean((result["eb_share"] - truth) ** 2) < np.mean((result["raw"] - truth) ** 2)


def test_deprivation_index_respects_weights_and_is_monotone():
    """A zero-weight indicator does not move the index; more deprivation raises it."""
    rng = np.random.default_rng(3)
    shares = rng.uniform(0, 0.1, (30, len(INDICATORS)))
    weights = np.ones(len(INDICATORS))
    weights[0] = 0.0
    changed = shares.copy()
    changed[:, 0] = rng.uniform(0, 0.1, 30)
    base = pockets.deprivation_index(shares, weights)
    np.testing.assert_allclose(base, pockets.deprivation_index(changed, weights))
    worse = shares.copy()
    worse[5, 3] = 0.5
    assert pockets.deprivation_index(worse, weights)[5] > base[5]
    assert base.min() >= 0 and base.max() <= 100


def _reference_rule(mass, share, index, n, threshold):
    """Plain-loop version of the alternating rule, for comparison."""
    codes = range(len(mass))
    by_mass = sorted(codes, key=lambda i: (-mass[i], -share[i], i))
    by_share = sorted(
        (i for i in codes if index[i] >= threshold), key=lambda i: (-share[i], -mass[i], i)
    )
    chosen = []
    for round_ in range(len(mass)):
        for order in (by_mass, by_share):
            if round_ < len(order) and order[round_] not in chosen and len(chosen) < n:
                chosen.append(order[round_])
    return chosen


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_vectorised_rule_equals_alternating_lists(seed):
    """The rule picks the same villages in the same order as alternating the two lists."""
    rng = np.random.default_rng(seed)
    n_villages = 60
    mass = rng.integers(0, 30, n_villages).astype(float)  # ties on purpose
    share = rng.choice([0.1, 0.2, 0.3], n_villages) + rng.uniform(0, 0.01, n_villages)
    index = rng.uniform(0, 100, n_villages)
    selected, entry, _ = pockets._two_lens(mass, share, index, 15, 50.0)
    expected = _reference_rule(mass, share, index, 15, 50.0)
    assert list(np.flatnonzero(selected)[np.argsort(entry[selected])]) == expected


def test_rank_interval_width_grows_with_noise():
    """The same shares measured on ten times fewer families give wider rank intervals."""
    panel, _ = _klaten()
    year = panel[panel["year"] == 2025].copy()
    small = year.copy()
    small["families"] = (year["families"] // 10).clip(lower=20)
    for column in ["families_desil1", "families_desil1_4", *INDICATORS]:
        small[column] = np.minimum(
            np.rint(year[column] / year["families"] * small["families"]).astype(np.int64),
            small["families"],
        )
    wide, _ = pockets.analyse_year(small, 2025, n_priority=81, n_boot=100)
    narrow, _ = pockets.analyse_year(year, 2025, n_priority=81, n_boot=100)
    for prefix in ("rank_index", "rank_eb"):
        width_small = (wide[f"{prefix}_high"] - wide[f"{prefix}_low"]).mean()
        width_large = (narrow[f"{prefix}_high"] - narrow[f"{prefix}_low"]).mean()
        assert width_small > 1.5 * width_large
    assert (
        wide["selection_frequency"][wide["priority"]].mean()
        < narrow["selection_frequency"][narrow["priority"]].mean()
    )


def test_klaten_rule_selects_81_with_a_complete_rule_card():
    """N = 81 for Klaten 2025; entries add up, intensity entries meet the index threshold."""
    summary = _klaten_summary()
    card = summary["rule_card"]
    assert card["n_priority"] == 81 == len(summary["priority_villages"])
    assert card["n_entered_by_mass"] + card["n_entered_by_intensity"] == 81
    for key in (
        "inputs",
        "index_threshold",
        "tie_breaks",
        "selection",
        "eb_prior",
        "weights",
        "data_sources",
        "intervals",
        "n_priority_basis",
    ):
        assert key in card
    intensity = [v for v in summary["priority_villages"] if v["entered_by"] == "intensity"]
    assert all(v["deprivation_index"] >= card["index_threshold"] for v in intensity)
    orders = [v["selection_order"] for v in summary["priority_villages"]]
    assert orders == list(range(1, 82))
    for village in summary["priority_villages"]:
        assert village["eb_low"] <= village["eb_share"] <= village["eb_high"]
        assert village["rank_index_low"] <= village["rank_index_high"]


def test_n_defaults_to_the_lokus_count_in_the_data():
    """Without n_priority the simulated panel's 2025 lokus count (81) is used and said so."""
    panel, _ = _klaten()
    villages, card = pockets.analyse_year(panel, 2025, n_boot=20)
    assert card["n_priority"] == 81
    assert "lokus" in card["n_priority_basis"]
    user = _panel(np.full(50, 800), np.arange(50) + 10)
    _, card = pockets.analyse_year(user, 2025, n_boot=20)
    assert card["n_priority"] == 10 and card["n_priority_basis"].startswith("default")


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
    agreement = _klaten_summary()["agreement"]
    panel_lokus = agreement["panel_lokus"]
    assert panel_lokus["n_reference"] == 81
    low, high = panel_lokus["share_of_reference_selected_interval"]
    assert 0 <= low <= high <= 1
    years = {item["published_year"] for item in agreement["published_named"]}
    assert years == {2022, 2023}


def test_sensitivity_table_is_consistent():
    """With equal N every alternative has as many entries as exits; listed villages are those
    selected by some but not all rules."""
    summary = _klaten_summary()
    sensitivity = summary["sensitivity"]
    for item in sensitivity["alternatives"]:
        assert item["n_enter"] == item["n_leave"]
        assert 0 <= item["jaccard"] <= 1
    assert all(0 < row["n_rules"] < 4 for row in sensitivity["villages"])
    assert sensitivity["n_stable_core"] <= 81


def test_kecamatan_concentration_adds_up():
    """Priority villages by kecamatan add up to N and percentages follow from the counts."""
    table = pd.DataFrame(_klaten_summary()["kecamatan_concentration"])
    assert table["n_priority"].sum() == 81
    assert table["n_villages"].sum() == 401
    row = table.iloc[0]
    assert row["pct_villages_priority"] == pytest.approx(
        100 * row["n_priority"] / row["n_villages"], abs=1e-3
    )


def test_profile_shows_priority_villages_more_deprived():
    """Priority villages have a higher desil-1 share than others, with intervals around points."""
    profile = pd.DataFrame(_klaten_summary()["deprivation_profile"]).set_index("indicator")
    assert list(profile.index) == ["desil1", *INDICATORS]
    assert profile.loc["desil1", "priority_low"] > profile.loc["desil1", "other_high"]
    assert (profile["priority_low"] <= profile["priority"]).all()
    assert (profile["priority"] <= profile["priority_high"]).all()


def test_summary_is_json_serialisable_and_labelled():
    """The summary has the documented keys, dumps to JSON, and carries SIMULASI."""
    summary = _klaten_summary()
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
    }
    assert expected <= set(summary)
    assert summary["is_simulated"] and summary["label"] == "SIMULASI"
    assert summary["rule_card"]["is_simulated"]
    shown = sum(len(group["villages"]) for group in summary["top_by_kecamatan"])
    assert shown == pockets.DEFAULT_TOP
    user = pockets.summarize_pockets(_panel(np.full(40, 900), np.arange(40) + 5), n_boot=20)
    assert user["is_simulated"] is False and user["label"] is None


def test_no_personal_identifier_reaches_summary_or_annex(tmp_path):
    """Columns outside the schema (e.g. NIK, names) never appear in the summary or the XLSX."""
    panel = _panel(np.full(40, 900), np.arange(40) + 5)
    panel["nik"] = "3310012345678901"
    panel["nama_kepala_keluarga"] = "SITI-SENTINEL"
    summary = pockets.summarize_pockets(panel, n_boot=20)
    text = json.dumps(summary)
    for forbidden in ("3310012345678901", "SITI-SENTINEL", "nik", "nama_kepala"):
        assert forbidden not in text
    path = pockets.write_annex_xlsx(summary, tmp_path / "annex.xlsx")
    with zipfile.ZipFile(path) as archive:
        content = " ".join(
            archive.read(name).decode("utf-8", "ignore") for name in archive.namelist()
        )
    for forbidden in ("3310012345678901", "SITI-SENTINEL", "nama_kepala"):
        assert forbidden not in content


def test_annex_passes_the_project_privacy_guard(tmp_path):
    """The annex workbook has no cell the build's privacy scan would take for personal data."""
    from analysis import privacy

    path = pockets.write_annex_xlsx(_klaten_summary(), tmp_path / "lampiran.xlsx")
    assert privacy.scan_xlsx(path) == []
    assert privacy.scan_text(json.dumps(_klaten_summary()), "summary") == []


def test_annex_workbook_has_sheets_titles_and_rows(tmp_path):
    """The annex has the priority list, rule card and sources, titled SIMULASI, written
    atomically."""
    summary = _klaten_summary()
    path = pockets.write_annex_xlsx(
        summary, tmp_path / "lampiran.xlsx", labels={"sheet_villages": "Desa prioritas"}
    )
    assert [p.name for p in tmp_path.iterdir()] == ["lampiran.xlsx"]
    workbook = load_workbook(path)
    assert workbook.sheetnames[0] == "Desa prioritas"
    assert {"Rule card", "Sources"} <= set(workbook.sheetnames)
    for sheet in workbook.worksheets:
        assert "SIMULASI" in sheet["A1"].value
    villages = workbook["Desa prioritas"]
    assert villages.cell(row=4, column=2).value == "Village code"
    codes = [villages.cell(row=r, column=2).value for r in range(5, 5 + 81)]
    assert codes == [v["village_code"] for v in summary["priority_villages"]]
    assert villages.cell(row=5 + 81, column=2).value is None


def test_plots_return_figures_with_labels_and_simulated_stamp():
    """Both figures use the given labels and carry the SIMULASI stamp for simulated data."""
    import matplotlib.pyplot as plt

    summary = _klaten_summary()
    labels = {"x": "Jumlah desa", "priority": "Desa prioritas", "other": "Desa lain"}
    figure = pockets.plot_kecamatan_concentration(summary, labels)
    texts = [t.get_text() for t in figure.texts]
    assert "SIMULASI" in texts
    assert figure.axes[0].get_xlabel() == "Jumlah desa"
    legend = [t.get_text() for t in figure.legends[0].get_texts()]
    assert legend == ["Desa prioritas", "Desa lain"]
    plt.close(figure)
    figure = pockets.plot_deprivation_profile(summary, {**labels, "rtlh": "RTLH"})
    ticks = [t.get_text() for t in figure.axes[0].get_yticklabels()]
    assert "RTLH" in ticks and "SIMULASI" in [t.get_text() for t in figure.texts]
    plt.close(figure)


def _grid(size=10, spacing=0.01):
    codes = [f"99.01.01.{2001 + i}" for i in range(size * size)]
    rows, cols = np.divmod(np.arange(size * size), size)
    coordinates = pd.DataFrame(
        {"village_code": codes, "lon": 110.0 + cols * spacing, "lat": -7.0 + rows * spacing}
    )
    return coordinates, rows, cols


def test_local_moran_finds_a_planted_hot_spot_and_handles_islands():
    """A 4x4 block of high values is flagged HH after FDR; an isolated village is an island."""
    coordinates, rows, cols = _grid(12)
    rng = np.random.default_rng(5)
    values = rng.normal(0, 1, len(coordinates))
    block = (rows < 4) & (cols < 4)
    values[block] += 4.0
    island = pd.DataFrame({"village_code": ["99.01.02.2001"], "lon": [111.0], "lat": [-7.5]})
    coordinates = pd.concat([coordinates, island], ignore_index=True)
    values = np.append(values, 10.0)
    # Queen contiguity: the diagonal neighbour is 1.56 km away.
    neighbours = pockets.neighbors_from_coordinates(coordinates, max_km=1.6, k=8)
    assert neighbours["99.01.02.2001"] == []
    assert len(neighbours[coordinates["village_code"][13]]) == 8
    assert all(a in neighbours[b] for a in neighbours for b in neighbours[a])
    result = pockets.local_moran(
        pd.Series(values, index=coordinates["village_code"]), neighbours, permutations=999, seed=1
    )
    clusters = result["cluster"].to_numpy()
    assert clusters[-1] == "island" and np.isnan(result["p_value"].iloc[-1])
    core = (rows >= 1) & (rows <= 2) & (cols >= 1) & (cols <= 2)
    assert (clusters[:-1][core] == "HH").all()
    assert (clusters[:-1][block] == "HH").sum() >= 8
    assert (clusters[:-1][~block] == "HH").sum() <= 4


def test_local_moran_on_noise_makes_few_discoveries():
    """With no spatial pattern, BH-controlled local Moran flags (almost) nothing."""
    coordinates, _, _ = _grid()
    neighbours = pockets.neighbors_from_coordinates(coordinates, max_km=1.2, k=4)
    discoveries = []
    for seed in range(5):
        values = np.random.default_rng(100 + seed).normal(0, 1, len(coordinates))
        result = pockets.local_moran(
            pd.Series(values, index=coordinates["village_code"]),
            neighbours,
            permutations=199,
            seed=seed,
        )
        discoveries.append(int((result["cluster"] != "ns").sum()))
    assert np.mean(discoveries) <= 2


def test_summary_with_coordinates_adds_clusters():
    """Given coordinates the summary reports clusters and marks priority villages with them."""
    panel = _panel(np.full(100, 900), np.r_[np.full(10, 300), np.full(90, 60)])
    coordinates, _, _ = _grid()
    coordinates["village_code"] = panel["village_code"].to_numpy()
    summary = pockets.summarize_pockets(
        panel, n_boot=20, coordinates=coordinates, spatial_max_km=1.2, permutations=199
    )
    assert summary["spatial"]["done"]
    assert sum(summary["spatial"]["counts"].values()) == 100
    assert all("cluster" in village for village in summary["priority_villages"])


def test_bad_inputs_are_refused():
    """An absent year, bad weights and an impossible N raise InputError with the reason."""
    panel = _panel(np.full(30, 900), np.arange(30) + 5)
    with pytest.raises(InputError, match="no rows for 2019; the panel has 2025"):
        pockets.village_year(panel, 2019)
    with pytest.raises(InputError, match="unknown indicator"):
        pockets.analyse_year(panel, 2025, weights={"income": 1.0})
    with pytest.raises(InputError, match="between 1 and the 30 villages"):
        pockets.analyse_year(panel, 2025, n_priority=31)
