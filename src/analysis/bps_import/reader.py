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
from analysis.errors import InputError

SEPARATORS = {",": "commas", ";": "semicolons", "\t": "tabs"}
HEADER_SEARCH_ROWS = 30
_BINARY_MAGIC = {
    b"\xd0\xcf\x11\xe0": "an old Excel 97-2003 workbook (.xls); save it as .xlsx or CSV",
    b"%PDF": "a PDF document; download the table as CSV or XLSX instead",
    b"\x1f\x8b": "a gzip archive; unpack it first",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
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
        raise InputError(f"{path}: the file is empty; expected a BPS table downloaded as CSV/XLSX.")
    if raw.startswith(b"PK\x03\x04"):
        grid = _read_xlsx(path, raw)
        if path.suffix.lower() != ".xlsx":
            grid.notes.append(f"{path.name}: an XLSX workbook despite its name; read as XLSX.")
        return grid
    for magic, what in _BINARY_MAGIC.items():
        if raw.startswith(magic):
            raise InputError(f"{path}: the file is {what}; expected a BPS table as CSV or XLSX.")
    if b"\x00" in raw[:65536] and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        row = raw[: raw.index(b"\x00")].count(b"\n") + 1
        raise InputError(
            f"{path}, row {row}: the file is binary (it holds NUL bytes), not a CSV table; "
            "expected a BPS table downloaded as CSV or XLSX."
        )
    text, notes = _decode(path, raw)
    head = text.lstrip()[:200].casefold()
    if head.startswith(("<!doctype html", "<html", "<table", "<?xml")):
        raise InputError(
            f"{path}: the file is an HTML/XML page, not a CSV (some 'Excel' downloads are web "
            "pages); open it in a spreadsheet and save it as XLSX or CSV UTF-8."
        )
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
                row = raw[: error.start].count(b"\n") + 1
                raise InputError(
                    f"{path}, row {row}: byte {raw[error.start]:#04x} is neither UTF-8 nor "
                    "Windows-1252 text; expected a CSV text file (save it as 'CSV UTF-8')."
                ) from None
            notes = [
                f"{path.name}: not UTF-8; read as Windows-1252 (cp1252). Check names with accents."
            ]
    controls = [i for i, c in enumerate(text) if c < " " and c not in "\t\r\n"]
    if controls:
        row = text.count("\n", 0, controls[0]) + 1
        raise InputError(
            f"{path}, row {row}: control character {text[controls[0]]!r} in the text; the file "
            "looks binary, not a CSV table. Expected a BPS table downloaded as CSV or XLSX."
        )
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
        raise InputError(
            f'{path}: the CSV cannot be read with commas, semicolons or tabs (a quote (") is '
            "not closed); expected every quoted cell to be closed."
        )
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
        raise InputError(
            f"{path}: not a readable XLSX workbook ({type(error).__name__}: {error}); "
            "expected a BPS table downloaded as XLSX or CSV."
        ) from None
    hidden = [sheet.title for sheet in book.worksheets if sheet.sheet_state != "visible"]
    if hidden:
        raise InputError(
            f"{path}: the workbook has hidden sheet(s) {', '.join(map(repr, hidden))}; hidden "
            "figures cannot be checked. Expected only the visible sheet BPS exports: delete the "
            "hidden sheets or download the table again."
        )
    used = [sheet for sheet in book.worksheets if sheet.max_row > 1 or sheet.max_column > 1]
    if len(used) > 1:
        names = ", ".join(repr(sheet.title) for sheet in used)
        raise InputError(
            f"{path}: the workbook has {len(used)} sheets with data ({names}); expected one "
            "table per file as BPS exports it. Save each sheet as its own file."
        )
    sheet = (used or book.worksheets)[0]
    rows = []
    for row in sheet.iter_rows():
        for cell in row:
            if cell.data_type == "f":
                raise InputError(
                    f"{path}, sheet {sheet.title!r}, cell {cell.coordinate}: formula "
                    f"{str(cell.value)[:60]!r}; expected the values BPS exported (paste the "
                    "sheet as values or download the table again)."
                )
        rows.append([_cell_text(cell.value) for cell in row])
    _refuse_hidden_cells(path, sheet, rows)
    return Grid(rows)


def _refuse_hidden_cells(path: Path, sheet, rows: list[list[str]]) -> None:
    """Refuse a hidden row or column that holds a value (it would be imported unseen)."""
    from openpyxl.utils import get_column_letter

    for number, dimension in sheet.row_dimensions.items():
        if dimension.hidden and number <= len(rows) and any(rows[number - 1]):
            raise InputError(
                f"{path}, sheet {sheet.title!r}, row {number}: the row is hidden but holds "
                "values; expected every imported figure visible (unhide or delete the row)."
            )
    for dimension in sheet.column_dimensions.values():
        if not dimension.hidden or not dimension.min:
            continue
        for column in range(dimension.min, (dimension.max or dimension.min) + 1):
            if any(len(row) >= column and row[column - 1] for row in rows):
                raise InputError(
                    f"{path}, sheet {sheet.title!r}, column {get_column_letter(column)}: the "
                    "column is hidden but holds values; expected every imported figure visible "
                    "(unhide or delete the column)."
                )
