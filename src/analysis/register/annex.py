"""Sheets of the XLSX annex for intervention progress: one per OPD, aggregates only.

Added to the priority-village annex (`analysis.pockets.annex`) when the build has
``results/interventions.json`` (`analysis.register.interventions`): each OPD's villages and
indicators with families in need, reached, the remaining gap and the share reached, by year,
largest gap first. The rows are the protected aggregates of the results file; nothing else is read.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook
from openpyxl.styles import Font

from analysis import build, labels
from analysis.results.register import InterventionResults

COLUMNS = (
    ("year", "0"),
    ("village_code", "@"),
    ("village_name", "@"),
    ("kecamatan_name", "@"),
    ("indicator", "@"),
    ("need", "#,##0"),
    ("reached", "#,##0"),
    ("gap", "#,##0"),
    ("share_reached_pct", "0.0"),
)


def _sheet_name(name: str) -> str:
    for character in "[]:*?/\\":
        name = name.replace(character, " ")
    return name[:31]


def add_intervention_sheets(context, path: Path) -> bool:
    """Add one sheet per OPD to the annex at ``path`` when the build has intervention progress.

    Parameters
    ----------
    context : analysis.build.Context
        The build (its results folder and language).
    path : Path
        The annex just written by the pockets stage.

    Returns
    -------
    bool
        Whether sheets were added.
    """
    from analysis import results

    if not context.params.village_data.intervention_path:
        return False  # a results file left by an earlier build with other parameters is ignored
    if not context.result_path(InterventionResults.STAGE).exists():
        return False
    progress = results.load(context, InterventionResults)
    text = labels.annex_labels(context.lang)
    names = {name: context.labels(f"ind_{name}") for name in {r.indicator for r in progress.rows}}
    workbook = load_workbook(path)
    year = max(progress.years) if progress.years else ""
    for opd in sorted({row.opd for row in progress.rows}):
        sheet = workbook.create_sheet(_sheet_name(text["sheet_opd"].format(opd=opd)))
        title = text["title_opd"].format(opd=opd, year=year)
        sheet["A1"] = f"{title} — SIMULASI" if progress.is_simulated else title
        sheet["A1"].font = Font(bold=True, size=13)
        sheet.append([])
        sheet.append([text[f"col_int_{key}"] for key, _ in COLUMNS])
        for cell in sheet[3]:
            cell.font = Font(bold=True)
        rows = [row for row in progress.rows if row.opd == opd]
        for row in sorted(rows, key=lambda r: (-r.year, -r.gap, r.village_code, r.indicator)):
            values = row.model_dump()
            values["indicator"] = names[row.indicator]
            sheet.append([values[key] for key, _ in COLUMNS])
            for cell, (_, number_format) in zip(sheet[sheet.max_row], COLUMNS, strict=True):
                if number_format != "@":
                    cell.number_format = number_format
    build.write_with(path, workbook.save)
    return True
