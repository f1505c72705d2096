"""The XLSX annex of priority villages: village aggregates only, written atomically.

Five sheets: the priority villages (in selection order), their concentration by kecamatan, the
sensitivity of the list to the alternative rules, the rule card, and the sources. Every sheet's
title says SIMULASI when the village data are simulated. The texts (English defaults) live in the
message catalogue (`analysis.labels.ANNEX_EN`, `ANNEX_ID`).

The same results give the same bytes: openpyxl stamps the save time into the document
properties and into every zip member, and has no option to leave them out, so `_reproducible`
rewrites its zip without them (as reproducible-build tools do with archives).
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from analysis import build
from analysis.labels import annex_labels
from analysis.pockets.rule import SIMULATED_LABEL
from analysis.results import ResultModel
from analysis.villages import INDICATORS

_BOLD = Font(bold=True)
_TITLE_FONT = Font(bold=True, size=13)
_WARNING = Font(bold=True, color="A51C30")
_HEADER_FILL = PatternFill("solid", fgColor="E8E8E8")
_HEADER_ALIGNMENT = Alignment(wrap_text=True, vertical="top")
_WRAP = Alignment(wrap_text=True)
# The time a zip member carries when no time is meaningful: the earliest a zip can hold.
_ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
# The save time openpyxl writes into docProps/core.xml (both elements are optional in OPC).
_SAVE_TIMES = re.compile(rb"<dcterms:(created|modified)\b[^>]*>[^<]*</dcterms:\1>")
_CORE_PROPERTIES = "docProps/core.xml"

# (key of a record, Excel number format); "@" marks text, written with the General format.
_ANNEX_VILLAGE_COLUMNS = [
    ("selection_order", "0"),
    ("village_code", "@"),
    ("village_name", "@"),
    ("kecamatan_name", "@"),
    ("families", "#,##0"),
    ("families_desil1", "#,##0"),
    ("families_desil1_4", "#,##0"),
    ("share_desil1", "0.0"),
    ("eb_share", "0.0"),
    ("eb_low", "0.0"),
    ("eb_high", "0.0"),
    ("rank_mass", "0"),
    ("rank_eb", "0"),
    ("rank_eb_low", "0"),
    ("rank_eb_high", "0"),
    ("deprivation_index", "0.0"),
    ("rank_index", "0"),
    ("rank_index_low", "0"),
    ("rank_index_high", "0"),
    ("selection_frequency", "0%"),
    ("entered_by", "@"),
    *((f"share_{name}", "0.0") for name in INDICATORS),
]
_ANNEX_KECAMATAN_COLUMNS = [
    ("kecamatan_code", "@"),
    ("kecamatan_name", "@"),
    ("n_villages", "0"),
    ("n_priority", "0"),
    ("pct_villages_priority", "0.0"),
    ("families_desil1", "#,##0"),
    ("desil1_in_priority", "#,##0"),
    ("pct_desil1_in_priority", "0.0"),
]
_ANNEX_SENSITIVITY_COLUMNS = [
    ("village_code", "@"),
    ("village_name", "@"),
    ("kecamatan_name", "@"),
    ("priority", "@"),
    ("alt_mass", "@"),
    ("alt_intensity", "@"),
    ("alt_deprivation", "@"),
    ("n_rules", "0"),
]


def write_annex_xlsx(
    summary, path: Path, labels: dict | None = None, is_simulated: bool | None = None
) -> Path:
    """Write the pockets annex workbook (village aggregates only), atomically.

    Parameters
    ----------
    summary : PocketsResults or dict
        The stage's results (`analysis.pockets.summarize_pockets`), or their JSON form.
    path : Path
        Target ``.xlsx``; written to a temporary file in the same folder, then renamed.
    labels : dict, optional
        Sheet names, titles, column headers and values (keys of `analysis.labels.annex_labels`);
        English defaults.
    is_simulated : bool, optional
        Defaults to ``summary["is_simulated"]``; when true every sheet title says SIMULASI.

    Returns
    -------
    Path
    """
    if isinstance(summary, ResultModel):
        summary = summary.to_json()
    text = {**annex_labels("en"), **(labels or {})}
    simulated = summary.get("is_simulated") if is_simulated is None else is_simulated
    workbook = Workbook()
    workbook.remove(workbook.active)
    workbook.properties.creator = "TKPK Analitik"

    def sheet(name_key: str, title_key: str):
        return _sheet(workbook, text, name_key, title_key, summary["year"], simulated)

    villages = sheet("sheet_villages", "title_villages")
    _table(villages, text, _ANNEX_VILLAGE_COLUMNS, summary["priority_villages"])
    kecamatan = sheet("sheet_kecamatan", "title_kecamatan")
    _table(kecamatan, text, _ANNEX_KECAMATAN_COLUMNS, summary["kecamatan_concentration"])
    sensitivity = sheet("sheet_sensitivity", "title_sensitivity")
    _table(sensitivity, text, _ANNEX_SENSITIVITY_COLUMNS, summary["sensitivity"]["villages"])
    _rule_rows(sheet("sheet_rule", "title_rule"), text, summary["rule_card"])
    _source_rows(sheet("sheet_sources", "title_sources"), text, summary, simulated)
    saved = io.BytesIO()
    workbook.save(saved)
    return build.write_bytes(Path(path), _reproducible(saved.getvalue()))


def _reproducible(workbook: bytes) -> bytes:
    """The workbook's zip with its save times removed: the same members, in the same order."""
    rewritten = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(workbook)) as source,
        zipfile.ZipFile(rewritten, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for member in source.infolist():
            content = source.read(member)
            if member.filename == _CORE_PROPERTIES:
                content = _SAVE_TIMES.sub(b"", content)
            info = zipfile.ZipInfo(member.filename, date_time=_ZIP_EPOCH)
            info.external_attr = member.external_attr
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, content)
    return rewritten.getvalue()


def _sheet(workbook, text: dict, name_key: str, title_key: str, year, simulated):
    """A new sheet titled in A1 (with SIMULASI and a warning in A2 for simulated data)."""
    worksheet = workbook.create_sheet(_sheet_name(text[name_key]))
    title = text[title_key].format(year=year)
    worksheet["A1"] = f"{title} — {SIMULATED_LABEL}" if simulated else title
    worksheet["A1"].font = _TITLE_FONT
    if simulated:
        worksheet["A2"] = text["simulated_note"]
        worksheet["A2"].font = _WARNING
    return worksheet


def _table(worksheet, text: dict, columns: list[tuple[str, str]], records: list[dict]) -> None:
    """A header row (row 4) and one row per record, frozen, filterable and printable."""
    first_row = 4
    for j, (key, _) in enumerate(columns, start=1):
        cell = worksheet.cell(row=first_row, column=j, value=text.get(key, key))
        cell.font, cell.fill, cell.alignment = _BOLD, _HEADER_FILL, _HEADER_ALIGNMENT
        width = 30 if key.endswith("_name") else 15 if key.endswith("_code") else 12
        worksheet.column_dimensions[get_column_letter(j)].width = width
    # A text column ("@") keeps a new cell's General format: no style to look up per cell.
    formatted = [(j, fmt) for j, (_, fmt) in enumerate(columns, start=1) if fmt != "@"]
    for i, record in enumerate(records, start=first_row + 1):
        worksheet.append([_value(text, key, record.get(key)) for key, _ in columns])
        for j, number_format in formatted:
            worksheet.cell(row=i, column=j).number_format = number_format
    # Freeze the header and every identifying column (order, code, name, kecamatan), so the
    # village's code and name stay visible while the numbers scroll.
    keys = [key for key, _ in columns]
    identifying = max(j for j, key in enumerate(keys, start=1) if key in _IDENTIFYING)
    worksheet.freeze_panes = worksheet.cell(row=first_row + 1, column=identifying + 1)
    _print_setup(worksheet, first_row)
    if records:
        last = get_column_letter(len(columns))
        worksheet.auto_filter.ref = f"A{first_row}:{last}{first_row + len(records)}"


_IDENTIFYING = {
    "selection_order",
    "village_code",
    "village_name",
    "kecamatan_code",
    "kecamatan_name",
}


def _value(text: dict, key: str, value):
    """A cell value in the annex's language: yes/no, and how a village entered the list."""
    if isinstance(value, bool):
        return text["yes"] if value else text["no"]
    if key == "entered_by" and value:
        return text.get(f"entered_{value}", value)
    return value


def _print_setup(worksheet, header_row: int) -> None:
    """Landscape A4, fitted to the page width, the header rows repeated on every page."""
    worksheet.page_setup.orientation = "landscape"
    worksheet.page_setup.paperSize = worksheet.PAPERSIZE_A4
    worksheet.page_setup.fitToWidth = 1
    worksheet.page_setup.fitToHeight = 0
    worksheet.sheet_properties.pageSetUpPr.fitToPage = True
    worksheet.print_title_rows = f"1:{header_row}"


def _rule_rows(worksheet, text: dict, card: dict) -> None:
    """The rule card in the annex's language, one field per row."""
    worksheet.cell(row=4, column=1, value=text["field"]).font = _BOLD
    worksheet.cell(row=4, column=2, value=text["value"]).font = _BOLD
    for i, (key, value) in enumerate(_rule_lines(text, card), start=5):
        worksheet.cell(row=i, column=1, value=text[key])
        worksheet.cell(row=i, column=2, value=value).alignment = _WRAP
    worksheet.column_dimensions["A"].width = 40
    worksheet.column_dimensions["B"].width = 90
    _print_setup(worksheet, 4)


_BASIS = {"given": "basis_given", "number": "basis_lokus", "default": "basis_default"}


def _rule_lines(text: dict, card: dict) -> list[tuple[str, object]]:
    """(label key, value) rows of the rule card, every text from the catalogue."""
    basis = str(card.get("n_priority_basis", ""))
    basis_key = next((key for word, key in _BASIS.items() if basis.startswith(word)), None)
    prior = card.get("eb_prior") or {}
    level = card.get("interval_level")
    weights = "; ".join(
        f"{text.get(f'share_{name}', name).removesuffix(' (%)')} {weight:g}"
        for name, weight in (card.get("weights") or {}).items()
    )
    return [
        ("rule_year", card.get("year")),
        ("rule_n_villages", card.get("n_villages")),
        ("rule_n_priority", card.get("n_priority")),
        ("rule_basis", text[basis_key] if basis_key else "—"),
        ("rule_mass_lens", text["rule_mass_lens_value"]),
        ("rule_intensity_lens", text["rule_intensity_lens_value"]),
        ("rule_index", text["rule_index_value"]),
        ("rule_weights", weights),
        (
            "rule_threshold",
            text["rule_threshold_value"].format(threshold=f"{card.get('index_threshold', 50):g}"),
        ),
        ("rule_selection", text["rule_selection_value"]),
        ("rule_ties", text["rule_ties_value"]),
        ("rule_n_mass", card.get("n_entered_by_mass")),
        ("rule_n_intensity", card.get("n_entered_by_intensity")),
        ("rule_cut_mass", card.get("cutoff_mass_families")),
        ("rule_cut_share", card.get("cutoff_eb_share_pct")),
        ("rule_prior_alpha", prior.get("alpha")),
        ("rule_prior_beta", prior.get("beta")),
        ("rule_prior_mean", prior.get("mean_pct")),
        ("rule_prior_phi", prior.get("phi")),
        (
            "rule_intervals",
            text["rule_intervals_value"].format(
                level=f"{100 * level:g}" if level is not None else "—", n_boot=card.get("n_boot")
            ),
        ),
        ("rule_seed", card.get("seed")),
        ("rule_stable", card.get("n_priority_stable_90")),
        ("rule_simulated", text["yes"] if card.get("is_simulated") else text["no"]),
    ]


def _source_rows(worksheet, text: dict, summary: dict, simulated) -> None:
    """Data sources, year, whether simulated, notes and the method version."""
    card = summary["rule_card"]
    lines = [("src_data", source) for source in card.get("data_sources", [])]
    lines.append(("src_year", str(summary["year"])))
    lines.append(("src_simulated", text["yes"] if simulated else text["no"]))
    if simulated:
        seed = (summary.get("village_meta") or {}).get("seed")
        lines.append(("src_note", text["src_sim_note"].format(seed=seed)))
    # The stage's own simulation note is replaced by the catalogue's sentence above. Notes on
    # tolerated formats of a user's file are the validator's technical English: the annex, read by
    # officials in the brief's language, only counts them and says where the analyst finds them.
    tolerated = [note for note in summary.get("notes", []) if "(SIMULASI)" not in str(note)]
    if tolerated:
        lines.append(("src_note", text["src_validation_notes"].format(n=len(tolerated))))
    lines.append(("src_method", "analysis.pockets " + card.get("version", "")))
    for i, (key, value) in enumerate(lines, start=4):
        worksheet.cell(row=i, column=1, value=text[key]).font = _BOLD
        worksheet.cell(row=i, column=2, value=value).alignment = _WRAP
    worksheet.column_dimensions["A"].width = 14
    worksheet.column_dimensions["B"].width = 110
    _print_setup(worksheet, 3)


def _sheet_name(name: str) -> str:
    for character in "[]:*?/\\":
        name = name.replace(character, " ")
    return name[:31]
