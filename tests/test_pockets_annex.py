"""Tests of the XLSX annex of priority villages."""

from __future__ import annotations

import json

from openpyxl import load_workbook
from test_pockets_helpers import klaten_results, klaten_summary

from analysis import pockets


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


def test_annex_rule_card_lists_every_field_in_order(tmp_path):
    """The rule-card sheet lists the card's fields in the card's order, nested ones dotted."""
    summary = klaten_summary()
    path = pockets.write_annex_xlsx(klaten_results(), tmp_path / "lampiran.xlsx")
    sheet = load_workbook(path)["Rule card"]
    keys = [sheet.cell(row=r, column=1).value for r in range(5, sheet.max_row + 1)]
    assert keys[:3] == ["rule_name", "version", "year"]
    assert "eb_prior.alpha" in keys and keys[-1] == "is_simulated"
    assert keys.index("weights.rtlh") < keys.index("index_threshold")
    assert len(keys) == len(summary["rule_card"]) - 2 + len(summary["rule_card"]["weights"]) + 5
