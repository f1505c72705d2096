"""Read a BPS download (CSV or XLSX) into a grid of text cells, one list per spreadsheet row.

Nothing is interpreted here except the file format: the encoding (UTF-8, UTF-8 with BOM, UTF-16
with BOM; Windows-1252 with a note), the separator (comma, semicolon or tab: the one under which
the most header cells name a poverty indicator) and, for XLSX, the single visible sheet without
formulas. Row ``i`` of the grid is spreadsheet row ``i + 1``, so messages name the row a user
sees.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from analysis.bps_import.labels import indicators_in
from analysis.bps_import.messages import at_row, bilingual, refuse
from analysis.errors import InputError
from analysis.labels import Local, workbook_problem
from analysis.yamlread import shown

SEPARATORS = {",": "commas", ";": "semicolons", "\t": "tabs"}
HEADER_SEARCH_ROWS = 30
# What a file starting with these bytes is (catalogue keys).
_BINARY_MAGIC = {
    b"\xd0\xcf\x11\xe0": "errd_b_what_xls",
    b"%PDF": "errd_b_what_pdf",
    b"\x1f\x8b": "errd_b_what_gzip",
    b"\x89PNG": "errd_b_what_png",
    b"\xff\xd8\xff": "errd_b_what_jpeg",
}


@dataclass
class Grid:
    """The cells of a download as stripped text, with what was tolerated while reading."""

    rows: list[list[str]]
    notes: list[str] = field(default_factory=list)


def read_grid(path: Path, raw: bytes) -> Grid:
    """Split a download into rows of text cells.

    Parameters
    ----------
    path : Path
        The file (named in messages; XLSX is read from it).
    raw : bytes
        Its content.

    Returns
    -------
    Grid
        Rows of stripped cells; numbers from XLSX as plain decimal text ("10.77").

    Raises
    ------
    InputError
        For an empty file, a binary file (an old .xls, PDF, image, archive, HTML page or other
        non-text bytes), an undecodable text, an unreadable CSV, or an XLSX with formulas, hidden
        sheets, rows or columns, or several sheets with data.
    """
    if not raw.strip():
        raise InputError(bilingual("errd_b_msg", at=path, message=Local("errd_b_empty")))
    if raw.startswith(b"PK\x03\x04"):
        grid = _read_xlsx(path, raw)
        if path.suffix.lower() != ".xlsx":
            grid.notes.append(f"{path.name}: an XLSX workbook despite its name; read as XLSX.")
        return grid
    for magic, what in _BINARY_MAGIC.items():
        if raw.startswith(magic):
            raise InputError(
                bilingual("errd_b_msg", at=path, message=Local("errd_b_magic", what=Local(what)))
            )
    if b"\x00" in raw[:65536] and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        number = raw[: raw.index(b"\x00")].count(b"\n") + 1
        raise refuse(at_row(path, number), "errd_b_nul")
    text, notes = _decode(path, raw)
    head = text.lstrip()[:200].casefold()
    if head.startswith(("<!doctype html", "<html", "<table", "<?xml")):
        raise InputError(bilingual("errd_b_msg", at=path, message=Local("errd_b_html")))
    rows, separator = _split_csv(path, text)
    if separator != ",":
        notes.append(f"{path.name}: columns separated by {SEPARATORS[separator]}.")
    return Grid(rows, notes)


def _decode(path: Path, raw: bytes) -> tuple[str, list[str]]:
    """Decode the bytes of a text file, refusing binary content by row."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        text, notes = raw.decode("utf-16"), [f"{path.name}: UTF-16 text (Excel 'Unicode Text')."]
    else:
        try:
            text, notes = raw.decode("utf-8-sig"), []
        except UnicodeDecodeError:
            try:
                text = raw.decode("cp1252")
            except UnicodeDecodeError as error:
                number = raw[: error.start].count(b"\n") + 1
                byte = f"{raw[error.start]:#04x}"
                raise refuse(at_row(path, number), "errd_b_byte", byte=byte) from None
            notes = [
                f"{path.name}: not UTF-8; read as Windows-1252 (cp1252). Check names with accents."
            ]
    controls = [i for i, c in enumerate(text) if c < " " and c not in "\t\r\n"]
    if controls:
        number = text.count("\n", 0, controls[0]) + 1
        char = repr(text[controls[0]])
        raise refuse(at_row(path, number), "errd_b_control", char=char)
    return text, notes


def _parse(text: str, separator: str) -> list[list[str]] | None:
    """Records of the text under one separator (None when the CSV cannot be read that way)."""
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator, strict=True)
        return [[cell.replace("\u00a0", " ").strip() for cell in record] for record in reader]
    except csv.Error:
        return None


def _score(rows: list[list[str]]) -> tuple[int, int]:
    """How well rows split by a separator look like a BPS table: indicator headers, then width."""
    best = (0, 0)
    for row in rows[:HEADER_SEARCH_ROWS]:
        named = sum(1 for cell in row[1:] if indicators_in(cell))
        best = max(best, (named, sum(1 for cell in row if cell)))
    return best


def _split_csv(path: Path, text: str) -> tuple[list[list[str]], str]:
    """Split CSV text with the separator under which the header reads best."""
    parsed = {sep: _parse(text, sep) for sep in SEPARATORS}
    readable = {sep: rows for sep, rows in parsed.items() if rows is not None}
    if not readable:
        raise InputError(bilingual("errd_b_msg", at=path, message=Local("errd_b_quote")))
    separator = max(readable, key=lambda sep: _score(readable[sep]))
    return readable[separator], separator


def _cell_text(value: object) -> str:
    """An XLSX cell value as text: numbers in plain decimal notation, empty cells as ''."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value).replace("\u00a0", " ").strip()


def _read_xlsx(path: Path, raw: bytes) -> Grid:
    """Read the one visible sheet of a workbook, refusing formulas and hidden content."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(raw), data_only=False)
    except Exception as error:  # whatever the parser fails on in a user's file is bad input
        reason = workbook_problem(error, detail=True)
        raise InputError(
            bilingual("errd_b_msg", at=path, message=Local("errd_b_xlsx", reason=reason))
        ) from None
    hidden = [sheet.title for sheet in book.worksheets if sheet.sheet_state != "visible"]
    if hidden:
        names = ", ".join(map(shown, hidden[:5]))
        raise InputError(
            bilingual("errd_b_msg", at=path, message=Local("errd_b_hidden_sheets", names=names))
        )
    used = [sheet for sheet in book.worksheets if sheet.max_row > 1 or sheet.max_column > 1]
    if len(used) > 1:
        names = ", ".join(shown(sheet.title) for sheet in used[:5])
        problem = Local("errd_b_sheets", n=len(used), names=names)
        raise InputError(bilingual("errd_b_msg", at=path, message=problem))
    sheet = (used or book.worksheets)[0]
    rows = []
    for row in sheet.iter_rows():
        for cell in row:
            if cell.data_type == "f":
                at = Local(
                    "errd_b_sheet_cell", file=path, sheet=shown(sheet.title), cell=cell.coordinate
                )
                raise refuse(at, "errd_b_formula", formula=shown(str(cell.value)[:60]))
        rows.append([_cell_text(cell.value) for cell in row])
    _refuse_hidden_cells(path, sheet, rows)
    return Grid(rows)


def _refuse_hidden_cells(path: Path, sheet, rows: list[list[str]]) -> None:
    """Refuse a hidden row or column that holds a value (it would be imported unseen)."""
    from openpyxl.utils import get_column_letter

    for number, dimension in sheet.row_dimensions.items():
        if dimension.hidden and number <= len(rows) and any(rows[number - 1]):
            at = Local("errd_b_sheet_row", file=path, sheet=shown(sheet.title), row=number)
            raise refuse(at, "errd_b_hidden_row")
    for dimension in sheet.column_dimensions.values():
        if not dimension.hidden or not dimension.min:
            continue
        for column in range(dimension.min, (dimension.max or dimension.min) + 1):
            if any(len(row) >= column and row[column - 1] for row in rows):
                at = Local(
                    "errd_b_sheet_col",
                    file=path,
                    sheet=shown(sheet.title),
                    column=get_column_letter(column),
                )
                raise refuse(at, "errd_b_hidden_col")
