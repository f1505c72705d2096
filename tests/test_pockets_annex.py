"""Tests of the XLSX annex of priority villages."""

from __future__ import annotations

import json

from openpyxl import load_workbook
from test_pockets_helpers import klaten_results, klaten_summary

from analysis import labels, pockets


def test_annex_passes_the_project_privacy_guard(tmp_path):
    """The annex workbook has no cell the build's privacy scan would take for personal data."""
    from analysis import privacy

    path = pockets.write_annex_xlsx(klaten_results(), tmp_path / "lampiran.xlsx")
    assert privacy.scan_xlsx(path) == []
    assert privacy.scan_text(json.dumps(klaten_summary()), "summary") == []


def test_annex_workbook_has_sheets_titles_and_rows(tmp_path):
    """The annex has the priority list, rule card and sources, titled SIMULASI, written
    atomically."""
    summary = klaten_summary()
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


def test_annex_rule_card_is_in_the_annex_language(tmp_path):
    """The rule-card sheet names its fields and methods in Indonesian, with the card's numbers."""
    summary = klaten_summary()
    card = summary["rule_card"]
    path = pockets.write_annex_xlsx(
        klaten_results(), tmp_path / "lampiran.xlsx", labels=labels.annex_labels("id")
    )
    sheet = load_workbook(path)["Metode lokus"]
    rows = {
        sheet.cell(row=r, column=1).value: sheet.cell(row=r, column=2).value
        for r in range(5, sheet.max_row + 1)
    }
    assert rows["Jumlah desa prioritas"] == card["n_priority"]
    assert rows["Batas terakhir daftar (a) (keluarga)"] == card["cutoff_mass_families"]
    assert rows["Dasar jumlah desa prioritas"].startswith("ditetapkan")
    assert "Rumah tidak layak huni 1" in rows["Bobot indikator"]
    # No field name or English method text of the stage's card reaches the sheet.
    shown = " ".join(f"{key} {value}" for key, value in rows.items())
    for english in ("rule_name", "n_priority", "alternate", "posterior mean", "two-lens"):
        assert english not in shown


def test_annex_values_and_sheet_names_follow_the_language(tmp_path):
    """'Masuk melalui' holds Indonesian words, never the stage's codes mass/intensity."""
    path = pockets.write_annex_xlsx(
        klaten_results(), tmp_path / "lampiran.xlsx", labels=labels.annex_labels("id")
    )
    workbook = load_workbook(path)
    assert workbook.sheetnames[-2:] == ["Metode lokus", "Sumber"]
    villages = workbook["Desa prioritas"]
    header = [cell.value for cell in villages[4]]
    column = header.index("Masuk melalui") + 1
    values = {villages.cell(row=r, column=column).value for r in range(5, villages.max_row + 1)}
    assert values == {"jumlah keluarga desil 1", "persentase desil 1 (EB)"}
    sources = workbook["Sumber"]
    keys = [sources.cell(row=r, column=1).value for r in range(4, sources.max_row + 1)]
    assert "Tahun" in keys and "year" not in keys and "note" not in keys


def test_annex_of_a_city_says_kelurahan(tmp_path):
    """With a city's code (BPS 3372, Kota Surakarta) the headers say kelurahan, not desa."""
    path = pockets.write_annex_xlsx(
        klaten_results(), tmp_path / "lampiran.xlsx", labels=labels.annex_labels("id", "3372")
    )
    workbook = load_workbook(path)
    assert workbook.sheetnames[0] == "Kelurahan prioritas"
    header = [cell.value for cell in workbook.worksheets[0][4]]
    assert "Kelurahan" in header and "Kode kelurahan" in header and "Desa" not in header


def test_annex_freezes_code_and_name_and_prints_landscape_to_width(tmp_path):
    """Code and name stay visible (panes frozen right of them); landscape, one page wide,
    header rows repeated on every printed page."""
    path = pockets.write_annex_xlsx(klaten_results(), tmp_path / "lampiran.xlsx")
    workbook = load_workbook(path)
    villages = workbook["Priority villages"]
    header = [cell.value for cell in villages[4]]
    frozen_column = villages.freeze_panes  # the first cell that scrolls, e.g. "E5"
    first_scrolling = "ABCDEFGH".index(frozen_column[0]) + 1
    assert frozen_column.endswith("5")
    assert header.index("Village code") + 1 < first_scrolling
    assert header.index("Village") + 1 < first_scrolling
    for sheet in workbook.worksheets:
        assert sheet.page_setup.orientation == "landscape"
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert sheet.page_setup.fitToWidth == 1 and sheet.page_setup.fitToHeight == 0
    assert villages.print_title_rows == "$1:$4"


def test_validation_notes_are_counted_not_copied_into_the_annex(tmp_path):
    """The validator's English notes on a user's file never reach the Indonesian annex: the
    Sumber sheet counts them (2 here) and says where the analyst finds them."""
    import openpyxl

    from analysis.labels import annex_labels
    from analysis.pockets.annex import _source_rows

    workbook = openpyxl.Workbook()
    summary = {
        "rule_card": {"data_sources": ["P3KE 2023"], "version": "1"},
        "year": 2025,
        "notes": ["village file (user): read sheet 2 of 2.", "columns separated by semicolons."],
    }
    _source_rows(workbook.active, annex_labels("id"), summary, simulated=False)
    cells = [str(c.value) for row in workbook.active.iter_rows() for c in row if c.value]
    assert not any("read sheet" in cell or "semicolons" in cell for cell in cells)
    assert any(cell.startswith("berkas desa pengguna: 2 catatan validasi") for cell in cells)


def test_the_same_results_give_the_same_annex_bytes_at_another_time(tmp_path, monkeypatch):
    """Two writes of the same results, 10 minutes apart on the clock, are byte-identical: no
    save time in the document properties or in the zip's members."""
    import time
    import zipfile

    first = pockets.write_annex_xlsx(klaten_results(), tmp_path / "a.xlsx").read_bytes()
    later = time.time() + 600
    monkeypatch.setattr(time, "time", lambda: later)
    monkeypatch.setattr(time, "time_ns", lambda: int(later * 1e9))
    second = pockets.write_annex_xlsx(klaten_results(), tmp_path / "b.xlsx").read_bytes()
    assert first == second
    with zipfile.ZipFile(tmp_path / "b.xlsx") as archive:
        assert {member.date_time for member in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = archive.read("docProps/core.xml").decode()
    assert "dcterms:created" not in core and "dcterms:modified" not in core
    assert "<dc:creator>TKPK Analitik</dc:creator>" in core
    assert (
        load_workbook(tmp_path / "b.xlsx").sheetnames
        == load_workbook(tmp_path / "a.xlsx").sheetnames
    )
