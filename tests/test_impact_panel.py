"""Input checks: bad panels are refused with messages naming the column, unit and period."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.errors import InputError
from analysis.impact import estimate_impact, first_treated_from_indicator
from analysis.synth import simulate_staggered_panel

COLUMNS = {"unit": "unit", "time": "year", "first_treated": "first_treated", "cluster": "cluster"}


def _fit(panel, outcome="y", **kwargs):
    return estimate_impact(panel, outcome=outcome, **{**COLUMNS, **kwargs})


def test_duplicate_unit_period_rows_are_rejected():
    """Two rows for one unit and year give an error naming the unit and the year."""
    panel = simulate_staggered_panel(n_units=40, n_clusters=5, cohorts={2022: 5}, seed=1)
    panel = pd.concat([panel, panel.iloc[[3]]])
    with pytest.raises(InputError, match=r"duplicate rows.*unit='d0000', year=2022"):
        _fit(panel)


def test_first_treated_varying_within_a_unit_is_rejected():
    """Treatment that switches off (first_treated changing within a unit) is an input error."""
    panel = simulate_staggered_panel(n_units=40, n_clusters=5, cohorts={2022: 5}, seed=1)
    unit = panel.loc[panel["first_treated"].notna(), "unit"].iloc[0]
    late = (panel["unit"] == unit) & (panel["year"] >= 2024)
    panel.loc[late, "first_treated"] = np.nan
    with pytest.raises(
        InputError,
        match=rf"'first_treated' varies within unit='{unit}'.*2024: "
        r"never.*switch off",
    ):
        _fit(panel)


def test_indicator_that_switches_off_is_rejected():
    """A 0/1 treatment that goes back to 0 is refused; a valid one gives the first period."""
    panel = pd.DataFrame(
        {"unit": ["a"] * 4 + ["b"] * 4, "year": [1, 2, 3, 4] * 2, "d": [0, 1, 1, 1, 0, 0, 1, 0]}
    )
    with pytest.raises(InputError, match=r"'d' switches off for unit='b'.*year=4"):
        first_treated_from_indicator(panel, "unit", "year", "d")
    panel.loc[7, "d"] = 1
    first = first_treated_from_indicator(panel, "unit", "year", "d")
    assert first.tolist() == [2.0] * 4 + [3.0] * 4


def test_missing_columns_and_text_outcomes_are_rejected():
    """A missing column or a non-numeric outcome value is named in the error."""
    panel = simulate_staggered_panel(n_units=40, n_clusters=5, cohorts={2022: 5}, seed=1)
    with pytest.raises(InputError, match=r"outcome column 'poverty' is not in the panel"):
        _fit(panel, outcome="poverty")
    with pytest.raises(InputError, match=r"cluster column 'kecamatan' is not in the panel"):
        _fit(panel, cluster="kecamatan")
    text = panel.assign(y=panel["y"].round(2).astype(str))
    text.loc[5, "y"] = "n/a"
    with pytest.raises(
        InputError,
        match=r"outcome column 'y' must be numeric; found 'n/a' at "
        r"unit='d0000', year=2024",
    ):
        _fit(text)


def test_first_treated_off_the_period_grid_and_zero_with_period_zero_are_rejected():
    """A first treated period between panel periods, or 0 when 0 is a period, is refused."""
    panel = simulate_staggered_panel(n_units=40, n_clusters=5, cohorts={2022: 5}, seed=1)
    odd = panel.assign(first_treated=panel["first_treated"] + 0.5)
    with pytest.raises(InputError, match=r"first treated period 2022.5 .* not one of"):
        _fit(odd)
    zero_based = panel.assign(
        year=panel["year"] - 2019, first_treated=(panel["first_treated"] - 2019).fillna(0)
    )
    with pytest.raises(InputError, match=r"uses 0 for never treated"):
        _fit(zero_based)


def test_never_codes_are_equivalent_and_late_or_early_treatment_is_noted():
    """NaN, 0, inf and None mean never treated; treatment outside the window is noted."""
    panel = simulate_staggered_panel(n_units=60, n_clusters=8, cohorts={2022: 10}, seed=12)
    base = _fit(panel, inference="analytic").overall
    for code in (0, np.inf, None):
        coded = panel.assign(first_treated=panel["first_treated"].astype(object))
        coded.loc[coded["first_treated"].isna(), "first_treated"] = code
        assert _fit(coded, inference="analytic").overall == base
    never = panel["first_treated"].isna()
    units = panel.loc[never, "unit"].unique()
    shifted = panel.copy()
    shifted.loc[shifted["unit"] == units[0], "first_treated"] = 2030
    shifted.loc[shifted["unit"] == units[1], "first_treated"] = 2019
    result = _fit(shifted, inference="analytic")
    assert result.to_dict()["n_units"] == 59
    assert any("after the last period" in note for note in result.notes)
    assert any("no base period" in note and "left out" in note for note in result.notes)


def test_unbalanced_units_are_dropped_with_a_note():
    """A unit missing a year of the outcome is left out and the note says how many."""
    panel = simulate_staggered_panel(n_units=60, n_clusters=8, cohorts={2022: 10}, seed=13)
    panel = panel.drop(index=panel.index[(panel["unit"] == "d0007") & (panel["year"] == 2020)])
    result = _fit(panel, inference="analytic")
    assert result.to_dict()["n_units"] == 59
    assert any("1 unit(s) without 'y' in every period" in note for note in result.notes)


# --- messages in both languages (issue 14) ---------------------------------------------------

NIK = "3310012345678901"


def _lines(error) -> tuple[str, str]:
    """The Indonesian and the English line of a bilingual message."""
    indonesian, english = str(error.value).split("\n(en) ")
    return indonesian, english


@pytest.mark.parametrize(
    ("change", "kwargs", "indonesian", "english"),
    [
        (None, {"control": "treated"}, "harus salah satu dari", "control must be one of"),
        (None, {"n_boot": 10}, "bilangan bulat paling sedikit 99", "an integer of at least 99"),
        (None, {"outcome": "poverty"}, "kolom hasil 'poverty' tidak ada", "outcome column"),
        ("text", {}, "kolom hasil 'y' harus berisi angka; ditemukan 'n/a'", "must be numeric"),
        ("vary", {}, "berubah di dalam unit=", "varies within unit="),
        ("cluster", {}, "kolom klaster 'cluster' berubah", "each unit must belong to one"),
        ("negative", {}, "periode awal intervensi negatif", "negative first treated period"),
    ],
)
def test_panel_messages_come_in_indonesian_then_english(change, kwargs, indonesian, english):
    """Each family of panel errors gives an Indonesian line (catalogue words, column, value)
    and then the English one."""
    panel = simulate_staggered_panel(n_units=40, n_clusters=5, cohorts={2022: 5}, seed=1)
    if change == "text":
        panel = panel.assign(y=panel["y"].round(2).astype(str))
        panel.loc[5, "y"] = "n/a"
    elif change == "vary":
        unit = panel.loc[panel["first_treated"].notna(), "unit"].iloc[0]
        panel.loc[(panel["unit"] == unit) & (panel["year"] >= 2024), "first_treated"] = np.nan
    elif change == "cluster":
        panel.loc[panel.index[0], "cluster"] = "other"
    elif change == "negative":
        panel.loc[panel.index[0], "first_treated"] = -3
    with pytest.raises(InputError) as error:
        _fit(panel, **kwargs)
    first, second = _lines(error)
    assert indonesian in first and english in second
    assert english not in first


def test_vary_message_says_never_in_each_language():
    """The periods listed when first_treated varies say "tidak pernah" / "never"."""
    panel = simulate_staggered_panel(n_units=40, n_clusters=5, cohorts={2022: 5}, seed=1)
    unit = panel.loc[panel["first_treated"].notna(), "unit"].iloc[0]
    panel.loc[(panel["unit"] == unit) & (panel["year"] >= 2024), "first_treated"] = np.nan
    with pytest.raises(InputError) as error:
        _fit(panel)
    first, second = _lines(error)
    assert "2024: tidak pernah" in first and "2024: never" in second
    assert "never" not in first.replace("never/", "")


def test_duplicate_rows_message_masks_an_identity_number_used_as_unit():
    """A NIK in the unit column is masked in both lines of the duplicate-rows message."""
    panel = simulate_staggered_panel(n_units=40, n_clusters=5, cohorts={2022: 5}, seed=1)
    panel["unit"] = panel["unit"].astype(object)
    panel.loc[panel["unit"] == "d0000", "unit"] = NIK
    panel = pd.concat([panel, panel.loc[panel["unit"] == NIK].iloc[[0]]])
    with pytest.raises(InputError) as error:
        _fit(panel)
    first, second = _lines(error)
    assert "baris ganda" in first and "duplicate rows" in second
    assert NIK not in str(error.value) and "3310********8901" in first


def test_indicator_and_outcome_list_messages_are_bilingual():
    """A treatment switching off and an empty outcome list are refused in both languages."""
    from analysis.impact import estimate_outcomes

    panel = pd.DataFrame(
        {"unit": ["a"] * 3 + ["b"] * 3, "year": [1, 2, 3] * 2, "d": [0, 1, 1, 1, 0, 0]}
    )
    with pytest.raises(InputError) as error:
        first_treated_from_indicator(panel, "unit", "year", "d")
    first, second = _lines(error)
    assert "kolom 'd' kembali ke 0 untuk unit='b'" in first and "year=2" in first
    assert "switches off for unit='b'" in second
    with pytest.raises(InputError) as error:
        estimate_outcomes(panel, outcomes=[], **COLUMNS)
    first, second = _lines(error)
    assert "outcomes kosong" in first and "outcomes is empty" in second
