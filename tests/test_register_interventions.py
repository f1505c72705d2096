"""Tests of intervention progress on the register (need, reached, gap, OPD), by hand."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import data
from analysis.errors import InputError
from analysis.params import INDICATORS
from analysis.register import interventions


@pytest.fixture(scope="module")
def official():
    return data.load_official_villages("3310")


def _families(code):
    """Four families with rtlh in 2025 (A-D), A and B also in 2024; nothing else."""
    rows = []
    for year, ids in ((2024, "AB"), (2025, "ABCD")):
        for family in ids:
            rows.append({"family_id": family, "year": year, "village_code": code, "desil": 1,
                         **dict.fromkeys(INDICATORS, False), "rtlh": True})  # fmt: skip
    return pd.DataFrame(rows)


def _tags(path, rows):
    header = "id_keluarga,kode_desa,jumlah_keluarga,indikator,tahun,opd\n"
    path.write_text(header + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_progress_counts_need_reached_gap_and_the_leading_opd(tmp_path, official):
    """2025: need 4; A (2024) and B (2025) reached, C tagged in 2026 is not; tie -> DINSOS."""
    code = official["kode_desa"].iloc[0]
    path = _tags(
        tmp_path / "t.csv",
        [
            "A,,,rtlh,2024,Disperkim",
            "B,,,RTLH,2025,dinsos",
            "C,,,rtlh,2026,DISPERKIM",
            "Z,,,rtlh,2025,DISPERKIM",  # not in the register
        ],
    )
    notes = []
    table = interventions.progress(_families(code), interventions.read_interventions(path), notes)
    row = table.set_index("year").loc[2025]
    assert (row["need"], row["reached"], row["gap"], row["opd"]) == (4, 2, 2, "DINSOS")
    row = table.set_index("year").loc[2024]
    assert (row["need"], row["reached"], row["gap"], row["opd"]) == (2, 1, 1, "DISPERKIM")
    assert any("not in the register" in note for note in notes)


def test_village_level_counts_add_to_the_year_and_are_capped(tmp_path, official):
    """A village row of 10 families in 2025 adds to the year's reached, capped at the need (4)."""
    code = official["kode_desa"].iloc[0]
    path = _tags(tmp_path / "t.csv", [f",{code.replace('.', '')},10,jamban,2025,DINKES",
                                      f",{code},10,rtlh,2025,DPUPR"])  # fmt: skip
    notes = []
    table = interventions.progress(_families(code), interventions.read_interventions(path), notes)
    row = table.set_index("year").loc[2025]
    assert (row["need"], row["reached"], row["gap"], row["opd"]) == (4, 4, 0, "DPUPR")
    assert any("above the need" in note for note in notes)


def test_protection_withholds_reached_and_gap_together(tmp_path, official):
    """need 4, reached 2, gap 2 with threshold 3: reached and gap withheld, no share shown."""
    code = official["kode_desa"].iloc[0]
    path = _tags(tmp_path / "t.csv", ["A,,,rtlh,2024,DISPERKIM", "B,,,rtlh,2025,DINSOS"])
    only_2025 = _families(code).query("year == 2025")
    rows, _ = interventions.protected_progress(only_2025, path, official, 3)
    row = rows.set_index("year").loc[2025]
    assert (row["need"], row["reached"], row["gap"]) == (4, 0, 0)
    assert pd.isna(row["share_reached_pct"])
    rows, _ = interventions.protected_progress(only_2025, path, official, 2)  # 2 is not < 2
    assert rows.set_index("year").loc[2025, "share_reached_pct"] == pytest.approx(50.0)
    # with 2024 (need 2 < 3) the village-indicator leaves the table in every year
    rows, _ = interventions.protected_progress(_families(code), path, official, 3)
    assert rows.empty


def test_an_unknown_opd_is_refused_without_echoing_it(tmp_path):
    """OPD names are published, so only the allow-list is accepted; the cell is not quoted."""
    path = _tags(tmp_path / "t.csv", ["A,,,rtlh,2025,Pak Budi Santoso"])
    with pytest.raises(InputError) as error:
        interventions.read_interventions(path)
    assert "opd" in str(error.value) and "rows 2" in str(error.value)
    assert "Budi" not in str(error.value)
    indonesian, _, english = str(error.value).partition("\n")
    assert "kolom 'opd', baris 2" in indonesian and "diharapkan salah satu dari" in indonesian
    assert english.startswith("(en) ") and "column 'opd', rows 2" in english
