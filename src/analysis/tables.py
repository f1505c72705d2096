"""The one reader of tables: CSV (comma, semicolon or tab separated, UTF-8) and XLSX workbooks.

Every table the project or a user supplies goes through `read_table`: the BPS table, the official
area lists, the published priority villages and stated targets (`analysis.data`) and a user's
village file (`analysis.villages`). It returns every cell as stripped text and leaves the meaning of
the columns to its caller; `parse_numbers` reads a column of numbers under the Indonesian rules
below. Every message starts with the file (and sheet), the row as a spreadsheet shows it (title and
blank rows counted), the column and the value.

What the reader tolerates (each recorded in ``Table.notes``, which the build puts into
``run.json`` and the brief's notes):

* title rows above the header (a BPS export with a table title, an Excel sheet with a report
  title): the header is the first of the first `HEADER_SEARCH_ROWS` rows naming every required
  column; in a workbook, the first sheet that has such a row;
* a CSV file separated by semicolons or tabs (Excel in Indonesian locale) instead of commas;
* (in `parse_numbers`) a numeric column that writes every decimal with a comma ("11,00") and never
  with a point.

Also read without a note, because nothing is lost: a UTF-8 byte-order mark, blank rows, rows
shorter than the header (spreadsheets drop trailing empty cells) and any line ends (Windows CR LF,
Unix LF, and the lone CR of Excel for Mac's "CSV (Macintosh)"). In a workbook, hidden sheets are
skipped (with a note when one was): the header is searched on the visible sheets. Refused, because
a guess could put a wrong number in a brief: a CSV file that is not UTF-8 (a Latin-1 or
Windows-1252 export), a row with more cells than the header (an unquoted separator in a CSV file, a
value outside the named columns in a workbook), a header naming a column twice, a column named like
personal data (`analysis.privacy`; its values are never read into a message), a column mixing
decimal commas and points, thousands separators ("1.234.567", "1.234,5") and values with exactly
three digits after one separator ("141.840", "1,234"), which could be either a decimal or a
thousands separator; also
a path that is not a regular file (a folder, a pipe, a device such as /dev/zero: never opened, so a
read cannot block or fill the memory) or is larger than `MAX_TABLE_BYTES`, a cell longer than
`MAX_CELL_CHARS`, a header found only on a hidden sheet, and a formula cell whose value was not
saved (a file written by a script: openpyxl would read it as empty). Digits other than 0-9
(Arabic-Indic "١٢", full-width "１２") are not numbers for `parse_numbers`: refused by name.

CSV files are split with the standard library's `csv` module rather than `pandas.read_csv` because
messages must name the spreadsheet row of every record (title and blank rows counted) and a row
with too many cells must be refused, not shifted or silently truncated. Workbook cells are turned
into text with `str` (12 -> "12", 12.5 -> "12.5", a date -> "2025-03-01 00:00:00").
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.errors import InputError
from analysis.personal import refuse_personal_columns
from analysis.userfiles import check_regular_file as check_regular_file
from analysis.userfiles import refuse_unsaved_formulas, workbook_sheets

HEADER_SEARCH_ROWS = 20
DELIMITERS = {",": "commas", ";": "semicolons", "\t": "tabs"}
TEXT_SUFFIXES = (".csv", ".tsv", ".txt")
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
# The largest table read (the same limit as `analysis.pipeline.MAX_USER_FILE_BYTES`): a national
# village export is tens of megabytes; more is a wrong file, and /dev/zero would fill the memory.
MAX_TABLE_BYTES = 500_000_000
# The csv module's limit on one cell (131,072 characters); no column of any table needs more.
MAX_CELL_CHARS = csv.field_size_limit()

# Shapes of numbers written as text (see `number_shape`).
PLAIN_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?")
COMMA_DECIMAL = re.compile(r"-?[0-9]+,[0-9]+")
THOUSANDS = re.compile(r"-?[0-9]{1,3}([.,][0-9]{3})+([.,][0-9]+)?")
# One separator followed by exactly three digits: "141.840" is 141840 or 141.84. BPS publishes
# these figures with at most two decimals, so such a value is refused rather than guessed.
AMBIGUOUS = re.compile(r"-?[1-9][0-9]{0,2}[.,][0-9]{3}")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


@dataclass
class Table:
    """A table read by `read_table`.

    Attributes
    ----------
    frame : pandas.DataFrame
        Every cell as stripped text ("" when empty), columns named as the caller's ``rename`` made
        them ("unnamed_3" for a header cell left empty). Blank rows are dropped but keep their
        place in the index: the index is each row's position counted from the row below the
        header, so ``spreadsheet_row(header_line, label)`` is the row a spreadsheet shows.
    header : list of str
        The header cells as written, one per column of ``frame``.
    header_line : int
        0-based row of the header (the number of title rows above it).
    where : str
        The file, and for a workbook the sheet: the start of every message.
    notes : list of str
        What was tolerated (title rows, separator, sheet).
    """

    frame: pd.DataFrame
    header: list[str]
    header_line: int
    where: str
    notes: list[str]

    def row(self, position) -> int:
        """The spreadsheet row of the data row at ``position`` (an index label of ``frame``)."""
        return spreadsheet_row(self.header_line, position)

    def at(self, position, column: str | None = None) -> str:
        """The start of a message about a cell: file, spreadsheet row and (optionally) column."""
        return at(self.where, self.header_line, position, column)


def spreadsheet_row(header_line: int, position: int) -> int:
    """Row number a user sees in a spreadsheet for the data row at 0-based ``position``."""
    return header_line + 2 + int(position)


def at(where, header_line: int, position: int, column: str | None = None) -> str:
    """The start of a message: file, spreadsheet row and (optionally) column."""
    place = f"{where}, row {spreadsheet_row(header_line, position)}"
    return f"{place}, column '{column}'" if column else place


def normalise_column(name: object) -> str:
    """Lower-case a header cell and turn spaces, dashes, dots and slashes into underscores."""
    text = "" if name is None else str(name)
    text = re.sub(r"[\s\-./]+", "_", text.strip().lower())
    return re.sub(r"_+", "_", text).strip("_")


def _as_is(name: str) -> str:
    return name


# --- finding the header ----------------------------------------------------------------------


def _cells(line: str, delimiter: str) -> list[str]:
    """The stripped cells of one line of text (empty if the line is not valid CSV)."""
    try:
        cells = next(csv.reader([line], delimiter=delimiter))
    except (csv.Error, StopIteration):
        return []
    return [cell.strip() for cell in cells]


def _candidates(lines: list[list[str]] | list[str], text: bool):
    """Yield (row, separator, cells) for every way to read each of the first rows as a header."""
    for number, line in enumerate(lines[:HEADER_SEARCH_ROWS]):
        if not text:
            yield number, None, line
            continue
        for delimiter in DELIMITERS:
            if delimiter in line:
                yield number, delimiter, _cells(line, delimiter)


def _find_header(lines, required, rename, text: bool) -> tuple[int, str | None] | None:
    """The 0-based row and the separator of the first row naming every required column."""
    for number, delimiter, cells in _candidates(lines, text):
        if set(required) <= {rename(cell) for cell in cells}:
            return number, delimiter
    return None


def _no_header(lines, required, optional, rename, text: bool, where: str, refuse: bool):
    """The error for a table without a header row; a row naming some columns says which lack."""
    best, best_hits = None, 1
    for number, _, cells in _candidates(lines, text):
        hits = len(set(required) & {rename(cell) for cell in cells})
        if hits > best_hits:
            best, best_hits = (number, cells), hits
    expected = f"the columns {', '.join(required)}"
    if optional:
        expected += f" (optional: {', '.join(optional)})"
    if best is not None:
        number, cells = best
        if refuse:
            refuse_personal_columns(cells, where)
        names = {rename(cell) for cell in cells}
        missing = [column for column in required if column not in names]
        return InputError(
            f"{where}, row {number + 1}: the header lacks the column(s) {', '.join(missing)}; "
            f"expected {expected}."
        )
    first = lines[0] if text else ", ".join(cell for cell in lines[0] if cell)
    separated = ", separated by commas, semicolons or tabs" if text else ""
    return InputError(
        f"{where}, row 1: no header row with the columns {', '.join(required)} in the first "
        f"{HEADER_SEARCH_ROWS} rows (row 1 reads {first[:80]!r}); expected a header row naming "
        f"{expected}{separated} (title rows above it are allowed)."
    )


# --- CSV files -------------------------------------------------------------------------------


def _not_utf8(path: Path, raw: bytes, error: UnicodeDecodeError, required, rename) -> InputError:
    """Describe a decoding error by row, column and value, reading the file as Latin-1 to do so."""
    # Latin-1 maps every byte to one character, so byte offsets are character offsets.
    text = raw.decode("latin-1").removeprefix("\u00ef\u00bb\u00bf")
    offset = error.start - (len(raw) - len(text.encode("latin-1")))
    line_start = text.rfind("\n", 0, offset) + 1
    line_end = text.find("\n", offset)
    line = text[line_start : line_end if line_end >= 0 else len(text)].rstrip("\r")
    row = text.count("\n", 0, offset) + 1
    lines = _LINE_BREAK.split(text)
    found = _find_header(lines, required, rename, text=True)
    delimiter = found[1] if found else ","
    # The cell holding the byte: count separators outside quotes before it.
    index, quoted = 0, False
    for char in line[: offset - line_start]:
        if char == '"':
            quoted = not quoted
        elif char == delimiter and not quoted:
            index += 1
    cells = _cells(line, delimiter)
    value = cells[index] if index < len(cells) else line
    column = ""
    if found:
        names = _cells(lines[found[0]], delimiter)
        if index < len(names):
            column = f", column '{names[index]}'"
    return InputError(
        f"{path}, row {row}{column}: value {value!r} is not UTF-8 text (byte "
        f"{raw[error.start]:#04x}); expected a UTF-8 file. It was probably saved as Latin-1 or "
        "Windows-1252: save it again as 'CSV UTF-8' (Excel: Save As > CSV UTF-8)."
    )


def _raise_unreadable(path: Path, body: str, delimiter: str, header_line: int, lines: list[str]):
    """Raise an InputError for the record where the csv module fails (an unclosed quote)."""
    reader = csv.reader(io.StringIO(body, newline=""), delimiter=delimiter, strict=True)
    count, first_line = 0, 0  # records read; physical line where the next record starts
    try:
        for _ in reader:
            count += 1
            first_line = reader.line_num
    except csv.Error as error:
        # Records, not lines, are spreadsheet rows: a quoted cell may span several lines.
        shown = lines[header_line + first_line][:160]
        if "field limit" in str(error):
            raise InputError(
                f"{path}, row {header_line + 1 + count}: a cell is longer than "
                f"{MAX_CELL_CHARS:,} characters (the row starts {shown!r}); expected short "
                'cells (codes, years, counts). A long text pasted into a cell, or a quote (") '
                "opened and never closed, makes such a cell."
            ) from None
        raise InputError(
            f"{path}, row {header_line + 1 + count}: the CSV cannot be read ({error}; the "
            f'row starts {shown!r}); expected every quote (") to be closed in the same cell.'
        ) from None


def _text_lines(path: Path, required, rename) -> list[str]:
    """The lines of a UTF-8 text file (byte-order mark removed)."""
    raw = path.read_bytes()
    if raw[:4] == b"PK\x03\x04":  # a zip archive: an .xlsx workbook saved under a CSV name
        raise InputError(
            f"{path}: the file is an Excel workbook (XLSX) with a {path.suffix or 'missing'} "
            "suffix; expected a CSV text file: give the file the suffix .xlsx, or save it again "
            "as 'CSV UTF-8'."
        )
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise InputError(
            f"{path}, row 1: the file is UTF-16 text (Excel's 'Unicode Text'); expected a UTF-8 "
            "file: save it again as 'CSV UTF-8' (Excel: Save As > CSV UTF-8)."
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise _not_utf8(path, raw, error, required, rename) from None
    return _LINE_BREAK.split(text) if text.strip() else []


def _csv_records(path: Path, lines: list[str], header_line: int, delimiter: str) -> list[list]:
    """The records from the header on, split by the csv module (quoted cells may span lines)."""
    body = "\n".join(lines[header_line:])
    try:
        return list(csv.reader(io.StringIO(body, newline=""), delimiter=delimiter, strict=True))
    except csv.Error:
        _raise_unreadable(path, body, delimiter, header_line, lines)
        raise  # not reached: _raise_unreadable finds the failing record and raises


# --- workbooks -------------------------------------------------------------------------------


def _choose_sheet(path: Path, sheets, required, rename, label: str):
    """The first visible sheet with a header row (or the only sheet), and notes on the choice.

    Returns (title, rows, notes). A hidden sheet is never read: when one was skipped the note says
    so, and when only a hidden sheet has the header the message names it.
    """
    visible = [(number, sheet) for number, sheet in enumerate(sheets, start=1) if sheet[2]]
    hidden = [sheet for sheet in sheets if not sheet[2]]
    for number, (title, rows, _) in visible:
        if _find_header(rows, required, rename, text=False) is not None:
            notes = []
            if len(sheets) > 1:
                notes.append(f"{label}: read sheet {number} of {len(sheets)}.")
            if hidden:
                notes.append(
                    f"{label}: {len(hidden)} hidden sheet(s) skipped; only visible sheets are read."
                )
            return title, rows, notes
    for title, rows, _ in hidden:
        if _find_header(rows, required, rename, text=False) is not None:
            raise InputError(
                f"{path}: the header row is on the hidden sheet {title!r}, and hidden sheets are "
                "never read (a hidden sheet is often an old copy); expected the data on a visible "
                "sheet: unhide it (right-click a sheet tab > Unhide) or copy its values to a "
                "visible sheet."
            )
    if len(sheets) == 1 or not any(any(row) for _, rows, _ in sheets for row in rows):
        return sheets[0][0], sheets[0][1], []
    names = ", ".join(repr(title) for title, _, _ in sheets)
    raise InputError(
        f"{path}: no sheet (of {names}) has a header row with the columns "
        f"{', '.join(required)} in its first {HEADER_SEARCH_ROWS} rows; expected one sheet "
        "with such a header row."
    )


# --- the reader ------------------------------------------------------------------------------


def _check_header(header: list[str], names: list[str], where: str, header_line: int) -> None:
    """Refuse a header naming a column twice (after renaming), saying which cells do."""
    for number, name in enumerate(names):
        if name and name in names[:number]:
            first = header[names.index(name)]
            written = f" (as {first!r} and {header[number]!r})" if first != header[number] else ""
            raise InputError(
                f"{where}, row {header_line + 1}: the header names column {name!r} twice"
                f"{written}; expected each column once."
            )


def _too_long(cells: list[str], width: int, delimiter: str | None) -> str | None:
    """Why a row with more cells than the header is refused (None if the extra cells are empty)."""
    cells = list(cells)
    while len(cells) > width and not cells[-1].strip():
        cells.pop()
    if len(cells) <= width:
        return None
    if delimiter is None:
        return (
            f"the row has a value ({cells[-1].strip()[:80]!r}) in column {len(cells)}, right of "
            f"the header's {width} columns; expected every value under a named column"
        )
    shown = delimiter.join(cells)
    return (
        f"the row has {len(cells)} cells but the header has {width} columns (the row reads "
        f"{shown[:160]!r}); a value probably contains an unquoted '{delimiter}' (a decimal comma "
        "such as 11,5 or a text such as 'BPS, Jawa Tengah'). Expected such values in quotes "
        '("11,5").'
    )


def _needs_strip(body: str, delimiter: str) -> bool:
    """Whether any cell may start or end with whitespace (stripping 83,000 rows takes long)."""
    edge = f'[{re.escape(delimiter)}\\n"]'
    space = r"[^\S\n]"
    return (
        re.search(f"{space}{edge}|{edge}{space}|^{space}|{space}$", body.rstrip("\n")) is not None
    )


def _frame(records: list[list[str]], width, header_line, where, delimiter, strip) -> pd.DataFrame:
    """The data rows as a frame of text, every row padded or checked to the header's width."""
    rows = records[1:]
    for position, record in enumerate(rows):
        if len(record) == width:
            continue
        problem = _too_long(record, width, delimiter)
        if problem:
            raise InputError(f"{at(where, header_line, position)}: {problem}")
        # Spreadsheets leave out trailing empty cells; a blank line becomes an empty row.
        cells = record[:width]
        rows[position] = cells + [""] * (width - len(cells))
    frame = pd.DataFrame(rows, columns=range(width), dtype=str)
    if strip:
        for column in frame.columns:
            frame[column] = frame[column].str.strip()
    # Blank rows are dropped but keep their place in the index, so row numbers stay right.
    return frame[(frame != "").any(axis=1)]


def _open(path: Path) -> str:
    """Check that ``path`` is a readable table file; return "text" or "workbook"."""
    expected = "expected a CSV or XLSX file"
    check_regular_file(path, expected, MAX_TABLE_BYTES)
    suffix = path.suffix.lower()
    if suffix in WORKBOOK_SUFFIXES:
        return "workbook"
    if suffix in TEXT_SUFFIXES or not suffix:
        return "text"
    advice = " (save an .xls workbook again as .xlsx)" if suffix == ".xls" else ""
    raise InputError(f"{path}: unknown file type {suffix!r}{advice}; {expected}.")


def read_table(
    path: Path,
    required: Sequence[str],
    *,
    optional: Sequence[str] = (),
    rename: Callable[[str], str] | None = None,
    check_personal: bool = True,
    label: str | None = None,
) -> Table:
    """Read a CSV or XLSX table as text, finding the header row (and the separator) first.

    Parameters
    ----------
    path : Path
        A ``.csv`` file (``.tsv``, ``.txt`` or no suffix are read as CSV too) or a ``.xlsx`` /
        ``.xlsm`` workbook.
    required : sequence of str
        Columns the header must name (after ``rename``); the header is the first of the first
        `HEADER_SEARCH_ROWS` rows that names them all.
    optional : sequence of str, optional
        Further columns the caller reads; only named in messages.
    rename : callable, optional
        Maps a stripped header cell to the column name the caller uses (for example
        `normalise_column` followed by aliases); the cell as written by default.
    check_personal : bool, optional
        Refuse a header with a column named like personal data
        (`analysis.privacy.is_personal_column`); True by default. False only for the project's
        own lists of official areas, which name places in a "name" column.
    label : str, optional
        How the notes name the file (its file name by default). Notes reach the outputs, so a
        user's file is given a label: its name, its sheet names and its column names may name a
        person, and none of them is written into a note then.

    Returns
    -------
    Table
        The cells as text, the header, its row, the place for messages and the notes.

    Raises
    ------
    InputError
        For a missing, empty or unreadable file, a CSV file that is not UTF-8, no header with the
        required columns (naming the missing ones when a row has some), a personal-data column, an
        unclosed quote, a header naming a column twice or a row with more cells than the header.
    """
    path = Path(path)
    kind = _open(path)
    rename = rename or _as_is
    text = kind == "text"
    label = label or path.name
    lines, where, notes, title = _rows(path, text, required, rename, label)
    found = _find_header(lines, required, rename, text)
    if found is None:
        raise _no_header(lines, required, optional, rename, text, where, check_personal)
    header_line, delimiter = found
    records = _csv_records(path, lines, header_line, delimiter) if text else lines[header_line:]
    header = [cell.strip() for cell in records[0]]
    if not text:
        while header and not header[-1]:
            header.pop()  # a workbook row runs to the sheet's last used column
    if check_personal:
        refuse_personal_columns(header, where)
    names = [rename(cell) for cell in header]
    _check_header(header, names, where, header_line)
    if not text:
        refuse_unsaved_formulas(path, title, lines, header_line, header)
    strip = text and _needs_strip("\n".join(lines[header_line:]), delimiter)
    frame = _frame(records, len(header), header_line, where, delimiter, strip)
    frame.columns = [name or f"unnamed_{number + 1}" for number, name in enumerate(names)]
    unit = "line" if text else "row"
    if header_line > 0:
        notes.append(
            f"{label}: skipped {header_line} title {unit}(s) above the header (header on "
            f"row {header_line + 1})."
        )
    if delimiter and delimiter != ",":
        notes.append(f"{label}: columns separated by {DELIMITERS[delimiter]}.")
    return Table(frame, header, header_line, where, notes)


def _rows(path: Path, text: bool, required, rename, label: str):
    """The lines of a CSV file or the rows of a workbook's sheet, the place, the notes and the
    sheet's title (None for a CSV file)."""
    where, notes, title = str(path), [], None
    if text:
        lines = _text_lines(path, required, rename)
    else:
        sheets = workbook_sheets(path)
        title, lines, notes = _choose_sheet(path, sheets, required, rename, label)
        where = f"{path} (sheet {title!r})"
    if not any(row.strip() if text else any(row) for row in lines):
        raise InputError(
            f"{path}: the file is empty; expected {'a CSV' if text else 'an XLSX'} table with a "
            f"header row naming the columns {', '.join(required)}."
        )
    return lines, where, notes, title


# --- numbers ---------------------------------------------------------------------------------


def number_shape(text: str) -> str:
    """Classify a number written as text under the Indonesian rules.

    Returns one of "empty", "plain" ("11.25", "302735"), "comma_decimal" ("11,25"),
    "ambiguous" ("141.840", "1,234": a decimal or a thousands separator), "thousands"
    ("1.234.567", "1.234,5") or "not_a_number".
    """
    text = text.strip()
    if not text:
        return "empty"
    if AMBIGUOUS.fullmatch(text):
        return "ambiguous"
    if PLAIN_NUMBER.fullmatch(text):
        return "plain"
    if COMMA_DECIMAL.fullmatch(text):
        return "comma_decimal"
    return "thousands" if THOUSANDS.fullmatch(text) else "not_a_number"


def _number_problem(value: str) -> str:
    """Why a value that is not a plain number (nor a decimal comma) is refused."""
    shape = number_shape(value)
    if any(char.isdigit() and not "0" <= char <= "9" for char in value):
        return "written with digits other than 0-9 (Arabic-Indic or full-width digits)"
    if shape == "ambiguous":
        digits = value.replace(",", "").replace(".", "")
        return (
            f"ambiguous: it reads as {digits} with a thousands separator or as "
            f"{value.replace(',', '.')} with a decimal separator"
        )
    return "written with a thousands separator" if shape == "thousands" else "not a number"


def parse_numbers(
    values: pd.Series, where, column: str, header_line: int, notes: list[str]
) -> pd.Series:
    """Parse a text column of numbers, tolerating decimal commas only when unambiguous.

    Every value must be a plain number ("11.00"). A column that writes all its decimals with a
    comma ("11,00") and never with a point is read as such (a BPS export in Indonesian locale) and
    a note is added. Thousands separators ("1.234.567", "1.234,5") and values with exactly three
    digits after one separator ("141.840", "1,234") are refused because they cannot be told apart
    from decimals. Empty cells become NaN (callers that need a value check for them first).

    Parameters
    ----------
    values : pandas.Series
        The cells as text, indexed as `Table.frame` (position below the header).
    where : str or Path
        The file (and sheet) named in messages; its name starts the note.
    column : str
        The column named in messages.
    header_line : int
        0-based row of the header, to give spreadsheet rows.
    notes : list of str
        Receives a note when the column is read with decimal commas.
    """
    text = values.astype(str).str.strip()
    present = text != ""
    comma = text.str.fullmatch(COMMA_DECIMAL.pattern) & present
    plain = text.str.fullmatch(PLAIN_NUMBER.pattern) & present
    ambiguous = text.str.fullmatch(AMBIGUOUS.pattern) & present
    expected = (
        "expected a plain number with a decimal point and no thousands separator, such "
        "as 11.25 or 302735"
    )
    for position in values.index[present & ((~plain & ~comma) | ambiguous)]:
        value = text[position]
        raise InputError(
            f"{at(where, header_line, position, column)}: value {value!r} is "
            f"{_number_problem(value)}; {expected}."
        )
    dotted = plain & text.str.contains(".", regex=False)
    if comma.any():
        if dotted.any():
            first, other = values.index[comma][0], values.index[dotted][0]
            raise InputError(
                f"{at(where, header_line, first, column)}: value {text[first]!r} uses a decimal "
                f"comma while row {spreadsheet_row(header_line, other)} ({text[other]!r}) uses a "
                "decimal point; expected one convention for the whole column (a decimal point, "
                "such as 11.25)."
            )
        notes.append(f"{Path(str(where)).name}: column '{column}' read with decimal commas.")
        text = text.where(~comma, text.str.replace(",", ".", regex=False))
    numbers = np.full(len(text), np.nan)
    numbers[present.to_numpy()] = text[present].astype("float64").to_numpy()
    return pd.Series(numbers, index=values.index, name=values.name, dtype="float64")
