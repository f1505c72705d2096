"""The simulated village panel (SIMULASI): determinism, calibration, lokus, effects."""

from __future__ import annotations

import json
from functools import lru_cache

import numpy as np
import pandas as pd
import pytest

from analysis import data, synth, villages
from analysis.errors import InputError

SEED = 20251127


@lru_cache(maxsize=4)
def _klaten(seed: int = SEED, placebo: bool = False):
    effect = {"desil1_pp_per_year": 0.0, "indicators_pp_per_year": {}} if placebo else None
    return synth.generate_for_regency("3310", seed, effect=effect)


def _small_official(n_kecamatan=4, per=10, prefix="99.01"):
    rows = []
    for k in range(1, n_kecamatan + 1):
        for v in range(1, per + 1):
            rows.append(
                {
                    "kode_desa": f"{prefix}.{k:02d}.{2000 + v}",
                    "nama_desa": f"Desa {k}-{v}",
                    "kode_kecamatan": f"{prefix}.{k:02d}",
                    "nama_kecamatan": f"Kec {k}",
                }
            )
    return pd.DataFrame(rows)


def test_same_seed_gives_identical_panel_and_other_seed_differs():
    """Generation is a pure function of its arguments and the seed."""
    official = _small_official()
    p0 = pd.Series({2019: 12.0, 2020: 12.8, 2021: 13.4, 2022: 12.3, 2023: 12.1})
    first, meta_first = synth.generate_village_panel(official, p0, 7, range(2019, 2024))
    again, meta_again = synth.generate_village_panel(official, p0, 7, range(2019, 2024))
    other, _ = synth.generate_village_panel(official, p0, 8, range(2019, 2024))
    pd.testing.assert_frame_equal(first, again)
    assert meta_first == meta_again
    assert not first["families_desil1"].equals(other["families_desil1"])


def test_klaten_desil1_share_matches_bps_p0_within_half_a_point():
    """The family-weighted desil-1 share equals BPS P0 within 0.5 points in every BPS year."""
    panel, meta = _klaten()
    p0 = data.indicator_series(data.load_bps(), "3310")
    totals = panel.groupby("year")[["families_desil1", "families"]].sum()
    share = 100 * totals["families_desil1"] / totals["families"]
    for year in share.index:
        assert year in p0.index
        assert abs(share[year] - p0[year]) < 0.5, year
    assert meta["calibration"]["max_abs_gap_pp"] < 0.5
    assert meta["calibration"]["methods"] == ["BPS"]


def test_every_official_village_every_year_and_schema_valid():
    """All 401 Klaten villages appear in 2019-2025 and the panel passes the schema checks."""
    panel, _ = _klaten()
    official = data.load_official_villages("3310")
    assert len(official) == 401
    assert panel.groupby("year")["village_code"].nunique().eq(401).all()
    assert sorted(panel["year"].unique()) == list(range(2019, 2026))
    validated = villages.validate_panel(panel, official, "SIMULASI")
    assert list(validated.columns) == list(villages.PANEL_COLUMNS) + list(
        villages.SIMULATION_COLUMNS
    )
    assert validated["is_simulated"].all()
    assert (validated["source"] == "SIMULASI").all()


def test_klaten_lokus_counts_and_kecamatan_match_publications():
    """25 villages in 2022 (5 in each named kecamatan), 80 in 2023-2024 in 22 kecamatan, 81 in
    2025."""
    panel, meta = _klaten()
    lists = panel[panel["lokus"].astype(bool)]
    counts = lists.groupby("year").size().to_dict()
    assert counts == {2022: 25, 2023: 80, 2024: 80, 2025: 81}
    named_2022 = {"Jatinom", "Wonosari", "Wedi", "Trucuk", "Karangnongko"}
    in_2022 = lists[lists["year"] == 2022]
    assert set(in_2022["kecamatan_name"]) == named_2022
    assert in_2022.groupby("kecamatan_name").size().eq(5).all()
    in_2023 = lists[lists["year"] == 2023]
    excluded = {"Klaten Utara", "Wedi", "Delanggu", "Kebonarum"}
    assert not set(in_2023["kecamatan_name"]) & excluded
    assert in_2023["kecamatan_name"].nunique() == 22
    assert set(in_2023["village_code"]) == set(lists.loc[lists["year"] == 2024, "village_code"])
    assert meta["lokus"]["counts"] == {"2022": 25, "2023": 80, "2024": 80, "2025": 81}


def test_every_published_named_lokus_village_is_on_the_list_of_its_year():
    """Each village named in the published 2022 and 2023 lists is lokus in that year."""
    panel, _ = _klaten()
    published = data.load_lokus()
    merged = published.merge(
        panel, left_on=["tahun", "kode_desa"], right_on=["year", "village_code"], how="left"
    )
    assert len(merged) == len(published)
    assert merged["lokus"].astype(bool).all()
    assert merged["lokus_published"].all()


def test_cohorts_are_first_lokus_year_and_lokus_villages_are_poorer_at_baseline():
    """lokus_since is the first listed year; villages chosen later were poorer before entry."""
    panel, meta = _klaten()
    listed = panel[panel["lokus"].astype(bool)]
    first = listed.groupby("village_code")["year"].min()
    since = panel.drop_duplicates("village_code").set_index("village_code")["lokus_since"]
    assert since.dropna().astype(int).sort_index().equals(first.sort_index().astype(int))
    assert {int(c) for c in since.dropna().unique()} >= {2022, 2023}
    assert sum(meta["lokus"]["cohorts"].values()) + meta["lokus"]["never"] == 401
    baseline = panel[panel["year"] == 2021].assign(
        share=lambda f: f["families_desil1"] / f["families"]
    )
    ever = baseline["lokus_since"].notna()
    assert baseline.loc[ever, "share"].mean() > 1.5 * baseline.loc[~ever, "share"].mean()


def test_true_effect_is_zero_before_treatment_and_grows_with_exposure():
    """The stored effect is zero for untreated rows and increases with years since entry."""
    panel, meta = _klaten()
    since = panel["lokus_since"].astype("float")
    untreated = since.isna() | (panel["year"] < since)
    assert (panel.loc[untreated, "true_effect_pp_desil1"] == 0).all()
    assert (panel.loc[~untreated, "true_effect_pp_desil1"] > 0).all()
    cohort = panel[panel["lokus_since"] == 2022].groupby("year")["true_effect_pp_desil1"].mean()
    assert cohort.loc[2022:2025].is_monotonic_increasing
    assert meta["effect"]["true_att_desil1_pp"] > 0
    assert (panel.loc[untreated, "true_effect_pp_rtlh"] == 0).all()
    assert (panel["true_effect_pp_disability"] == 0).all()


def test_placebo_has_no_effect_and_shares_the_villages():
    """With zero effect every true effect is zero and family counts are unchanged."""
    treated, _ = _klaten()
    placebo, meta = _klaten(placebo=True)
    assert (placebo[[c for c in placebo if c.startswith("true_effect")]] == 0).all().all()
    assert placebo["families"].equals(treated["families"])
    assert meta["effect"]["true_att_desil1_pp"] == 0.0


def test_family_counts_are_realistic_and_poverty_is_skewed():
    """Village sizes look like Java (median 500-1500 families) and a tenth of villages holds
    clearly more than a tenth of desil-1 families."""
    panel, _ = _klaten()
    latest = panel[panel["year"] == 2025]
    assert 500 <= latest["families"].median() <= 1500
    assert latest["families"].quantile(0.05) >= 150
    assert latest["families"].max() <= 9000
    poor = latest["families_desil1"].sort_values(ascending=False)
    assert poor.iloc[: len(poor) // 10].sum() / poor.sum() > 0.18
    assert (latest["families_desil1"] <= latest["families_desil1_4"]).all()


def test_covid_years_rise_in_the_regency_aggregate():
    """2020-2021 are higher than 2019 in the simulated aggregate, as in BPS P0."""
    panel, _ = _klaten()
    totals = panel.groupby("year")[["families_desil1", "families"]].sum()
    share = totals["families_desil1"] / totals["families"]
    assert share[2021] > share[2020] > share[2019]


def test_metadata_is_json_serialisable_and_labelled():
    """Metadata can be written to JSON and states SIMULASI."""
    _, meta = _klaten()
    text = json.dumps(meta)
    assert meta["is_simulated"] and meta["label"] == "SIMULASI"
    assert "calibration" in text


def test_regency_without_published_counts_gets_default_plan_and_interpolation():
    """Jombang (P0 2015-2018 and 2021-2025, none in 2019-2020) is interpolated across the gap and
    gets 20 % lokus from 2023."""
    panel, meta = synth.generate_for_regency("3517", 3)
    table = pd.DataFrame(meta["calibration"]["table"]).set_index("year")
    assert table.loc[2019, "method"] == "interpolated (logit-linear)"
    assert table.loc[2023, "method"] == "BPS"
    assert (table["gap"].abs() < 0.5).all()
    n = panel["village_code"].nunique()
    counts = panel[panel["lokus"].astype(bool)].groupby("year").size()
    assert counts.to_dict() == dict.fromkeys([2023, 2024, 2025], round(0.2 * n))


def test_bad_arguments_are_refused():
    """Unknown effect keys, unknown kecamatan and too-small counts raise InputError."""
    official = _small_official()
    p0 = pd.Series({2021: 10.0, 2022: 9.5})
    with pytest.raises(InputError, match="unknown key"):
        synth.generate_village_panel(official, p0, 1, range(2021, 2023), effect={"size": 1})
    with pytest.raises(InputError, match="'Nowhere' is not a kecamatan"):
        synth.generate_village_panel(
            official,
            p0,
            1,
            range(2021, 2023),
            lokus_counts={2022: {"n": 3, "kecamatan": ["Nowhere"]}},
        )
    with pytest.raises(InputError, match="too small"):
        synth.generate_village_panel(
            official,
            p0,
            1,
            range(2021, 2023),
            lokus_counts={2022: {"n": 2, "exclude_kecamatan": ["Kec 1"]}},
        )


def test_generation_is_vectorised_enough_for_national_scale():
    """A 3,000-village regency simulates without per-village Python loops (sanity, no timing)."""
    official = _small_official(n_kecamatan=30, per=100)
    panel, meta = synth.generate_village_panel(
        official, pd.Series({2023: 9.0}), 1, range(2021, 2026)
    )
    assert len(panel) == 3000 * 5
    assert np.isfinite(panel["true_effect_pp_desil1"]).all()
    assert meta["lokus"]["counts"]["2023"] == 600


def test_kecamatan_and_count_messages_are_bilingual():
    """An unknown kecamatan and a count too large for the allowed kecamatan are refused in
    Indonesian (naming the year, field and name), then in English."""
    official = _small_official()
    p0 = pd.Series({2021: 10.0, 2022: 9.5})
    with pytest.raises(InputError) as error:
        synth.generate_village_panel(
            official, p0, 1, range(2021, 2023), lokus_counts={2022: {"n": 3, "kecamatan": ["X"]}}
        )
    first, second = str(error.value).split("\n(en) ")
    assert "lokus_counts[2022].kecamatan: 'X' bukan kecamatan di kabupaten ini" in first
    assert "'X' is not a kecamatan of this regency" in second
    with pytest.raises(InputError) as error:
        synth.generate_village_panel(
            official,
            p0,
            1,
            range(2021, 2023),
            lokus_counts={2022: {"n": 15, "kecamatan": ["Kec 1"]}},
        )
    first, second = str(error.value).split("\n(en) ")
    assert "n = 15 melebihi jumlah desa yang tersedia" in first
    assert "n = 15 exceeds the villages available" in second
