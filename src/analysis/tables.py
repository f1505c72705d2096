"""The one reader of tables: CSV (comma, semicolon or tab separated, UTF-8) and XLSX workbooks.

Every table the project or a user supplies goes through `read_table`: the BPS table, the official
area lists, the published priority villages and stated targets (`analysis.data`) and a user's
village file (`analysis.villages`). It returns every cell as stripped text and leaves the meaning of
the columns to its caller; `parse_numbers` reads a column of numbers under the Indonesian rules
below. Every message (in Indonesian, then English: catalogue keys ``errf_*``) starts with the file
(and sheet), the row as a spreadsheet shows it (title and blank rows counted), the column and the
value; a user's file (given a ``label``) is named by its label, its sheets and free-text columns by
number, and a value with letters is not shown. Reading is bounded in time (`bounded_read`).

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
from analysis.userfiles import (
    Local,
    bounded_read,
    cell_shown,
    choose_sheet,
    column_name,
    column_shown,
    file_label,
    message,
    refuse_unsaved_formulas,
    sheet_place,
    workbook_sheets,
)
from analysis.userfiles import check_regular_file as check_regular_file

HEADER_SEARCH_ROWS = 20
DELIMITERS = {",": "commas", ";": "semicolons", "\t": "tabs"}
TEXT_SUFFIXES = (".csv", ".tsv", ".txt")
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
# The largest table read (the same limit as `analysis.userfiles.MAX_USER_FILE_BYTES`): a national
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
    where : str or Local
        The file, and for a workbook the sheet: the start of every message (a `Local` for a
        workbook or a user's file, whose label is rendered in each language of a message).
    notes : list of str
        What was tolerated (title rows, separator, sheet).
    """

    frame: pd.DataFrame
    header: list[str]
    header_line: int
    where: str | Local
    notes: list[str]

    def row(self, position) -> int:
        """The spreadsheet row of the data row at ``position`` (an index label of ``frame``)."""
        return spreadsheet_row(self.header_line, position)

    def at(self, position, column: str | None = None) -> str:
        """The start of a message about a cell: file, spreadsheet row and (optionally) column."""
        return at(self.where, self.header_line, position, column)

    def place(self, position, column: str | None = None) -> Local:
        """`at` as a field of a bilingual message (`analysis.userfiles.message`)."""
        return place(self.where, self.header_line, position, column)


def spreadsheet_row(header_line: int, position: int) -> int:
    """Row number a user sees in a spreadsheet for the data row at 0-based ``position``."""
    return header_line + 2 + int(position)


def at(where, header_line: int, position: int, column: str | None = None) -> str:
    """The start of a message: file, spreadsheet row and (optionally) column."""
    place = f"{where}, row {spreadsheet_row(header_line, position)}"
    return f"{place}, column '{column}'" if column else place


def place(where, header_line: int, position: int, column=None) -> Local:
    """`at` for a bilingual message: file, spreadsheet row and (optionally) column."""
    row = spreadsheet_row(header_line, position)
    if column is None:
        return Local("errf_at_row", file=where, row=row)
    return Local("errf_at_column", file=where, row=row, column=column_shown(column))


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


def _no_header(lines, required, optional, rename, text: bool, where, refuse: bool, private: bool):
    """The error for a table without a header row; a row naming some columns says which lack."""
    best, best_hits = None, 1
    for number, _, cells in _candidates(lines, text):
        hits = len(set(required) & {rename(cell) for cell in cells})
        if hits > best_hits:
            best, best_hits = (number, cells), hits
    columns = ", ".join(required)
    extra = Local("errf_optional", columns=", ".join(optional)) if optional else ""
    if best is not None:
        number, cells = best
        if refuse:
            refuse_personal_columns(cells, where)
        names = {rename(cell) for cell in cells}
        missing = [column for column in required if column not in names]
        return InputError(
            message(
                "errf_header_lacks",
                file=where,
                row=number + 1,
                missing=", ".join(missing),
                columns=columns,
                optional=extra,
            )
        )
    first = lines[0] if text else ", ".join(cell for cell in lines[0] if cell)
    return InputError(
        message(
            "errf_no_header",
            file=where,
            columns=columns,
            optional=extra,
            rows=HEADER_SEARCH_ROWS,
            first=cell_shown(first, private, limit=80),
            separated=Local("errf_separated") if text else "",
        )
    )


# --- CSV files -------------------------------------------------------------------------------


def _not_utf8(path, raw: bytes, error: UnicodeDecodeError, required, rename, known, private):
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
    column: Local | str = ""
    if found:
        names = _cells(lines[found[0]], delimiter)
        if index < len(names):
            name = column_name(names[index], index, rename, known, private)
            column = Local("errf_column_part", column=column_shown(name))
    return InputError(
        message(
            "errf_not_utf8",
            file=path,
            row=row,
            column=column,
            value=cell_shown(value, private),
            byte=f"{raw[error.start]:#04x}",
        )
    )


def _raise_unreadable(path, body: str, delimiter: str, header_line: int, lines, private: bool):
    """Raise an InputError for the record where the csv module fails (an unclosed quote)."""
    reader = csv.reader(io.StringIO(body, newline=""), delimiter=delimiter, strict=True)
    count, first_line = 0, 0  # records read; physical line where the next record starts
    try:
        for _ in reader:
            count += 1
            first_line = reader.line_num
    except csv.Error as error:
        # Records, not lines, are spreadsheet rows: a quoted cell may span several lines.
        shown = cell_shown(lines[header_line + first_line], private, limit=160)
        row = header_line + 1 + count
        if "field limit" in str(error):
            raise InputError(
                message("errf_cell_too_long", file=path, row=row, limit=MAX_CELL_CHARS, start=shown)
            ) from None
        reason = csv_problem(str(error))
        raise InputError(
            message("errf_csv_unreadable", file=path, row=row, reason=reason, start=shown)
        ) from None


# Python's csv problems (its C reader's words), with the catalogue text that explains each.
_CSV_PROBLEMS = [
    (re.compile(r"unexpected end of data"), "errf_csvp_end"),
    (re.compile(r"(?P<separator>'.{1,4}') expected after '\"'"), "errf_csvp_after_quote"),
    (re.compile(r"line contains NUL"), "errf_csvp_nul"),
]


def csv_problem(problem: str) -> Local | str:
    """The csv module's problem in the message's language: a catalogue text for the usual ones,
    else its own (English) words, cut short."""
    for pattern, key in _CSV_PROBLEMS:
        matched = pattern.fullmatch(problem)
        if matched:
            return Local(key, **matched.groupdict())
    return problem[:80]


def _text_lines(path: Path, name, required, rename, known, private: bool) -> list[str]:
    """The lines of a UTF-8 text file (byte-order mark removed); ``name`` names it in messages."""
    raw = path.read_bytes()
    if raw[:4] == b"PK\x03\x04":  # a zip archive: an .xlsx workbook saved under a CSV name
        suffix = path.suffix[:10] or Local("errf_no_suffix")
        raise InputError(message("errf_workbook_as_csv", file=name, suffix=suffix))
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise InputError(message("errf_utf16", file=name, name="Unicode Text"))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise _not_utf8(name, raw, error, required, rename, known, private) from None
    return _LINE_BREAK.split(text) if text.strip() else []


def _csv_records(path, lines: list[str], header_line: int, delimiter: str, private) -> list[list]:
    """The records from the header on, split by the csv module (quoted cells may span lines)."""
    body = "\n".join(lines[header_line:])
    try:
        return list(csv.reader(io.StringIO(body, newline=""), delimiter=delimiter, strict=True))
    except csv.Error:
        _raise_unreadable(path, body, delimiter, header_line, lines, private)
        raise  # not reached: _raise_unreadable finds the failing record and raises


# --- the reader ------------------------------------------------------------------------------


def _check_header(header, names, where, header_line: int, known, private: bool) -> None:
    """Refuse a header naming a column twice (after renaming), saying which cells do."""
    for number, name in enumerate(names):
        if name and name in names[:number]:
            first = header[names.index(name)]
            column: Local | str = name
            written: Local | str = ""
            if private and name not in known:
                column = Local("errf_column_n", number=number + 1)
            elif first != header[number]:
                written = Local(
                    "errf_written_as",
                    first=cell_shown(first, private),
                    second=cell_shown(header[number], private),
                )
            raise InputError(
                message(
                    "errf_header_twice",
                    file=where,
                    row=header_line + 1,
                    column=column_shown(column),
                    written=written,
                )
            )


def _too_long(cells: list[str], width: int, delimiter: str | None, private: bool) -> Local | None:
    """Why a row with more cells than the header is refused (None if the extra cells are empty)."""
    cells = list(cells)
    while len(cells) > width and not cells[-1].strip():
        cells.pop()
    if len(cells) <= width:
        return None
    if delimiter is None:
        value = cell_shown(cells[-1], private, limit=80)
        return Local("errf_value_outside", value=value, number=len(cells), width=width)
    shown = cell_shown(delimiter.join(cells), private, limit=160)
    return Local(
        "errf_too_many_cells", cells=len(cells), width=width, start=shown, separator=delimiter
    )


def _needs_strip(body: str, delimiter: str) -> bool:
    """Whether any cell may start or end with whitespace (stripping 83,000 rows takes long)."""
    edge = f'[{re.escape(delimiter)}\\n"]'
    space = r"[^\S\n]"
    return (
        re.search(f"{space}{edge}|{edge}{space}|^{space}|{space}$", body.rstrip("\n")) is not None
    )


def _frame(records, width, header_line, where, delimiter, strip, private) -> pd.DataFrame:
    """The data rows as a frame of text, every row padded or checked to the header's width."""
    rows = records[1:]
    for position, record in enumerate(rows):
        if len(record) == width:
            continue
        problem = _too_long(record, width, delimiter, private)
        if problem:
            raise InputError(
                message(
                    "errf_row_problem", place=place(where, header_line, position), problem=problem
                )
            )
        # Spreadsheets leave out trailing empty cells; a blank line becomes an empty row.
        cells = record[:width]
        rows[position] = cells + [""] * (width - len(cells))
    frame = pd.DataFrame(rows, columns=range(width), dtype=str)
    if strip:
        for column in frame.columns:
            frame[column] = frame[column].str.strip()
    # Blank rows are dropped but keep their place in the index, so row numbers stay right.
    return frame[(frame != "").any(axis=1)]


def _open(path: Path, name) -> str:
    """Check that ``path`` is a readable table file; return "text" or "workbook"."""
    check_regular_file(path, "errf_expect_table", MAX_TABLE_BYTES, name)
    suffix = path.suffix.lower()
    if suffix in WORKBOOK_SUFFIXES:
        return "workbook"
    if suffix in TEXT_SUFFIXES or not suffix:
        return "text"
    advice = Local("errf_xls_advice") if suffix == ".xls" else ""
    raise InputError(message("errf_unknown_type", file=name, suffix=suffix[:10], advice=advice))


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
        person, and none of them is written into a note then. With a label, messages name the
        file by it too (in both languages), sheets and columns outside the schema by number, and
        a cell's value only when it has no letters.

    Returns
    -------
    Table
        The cells as text, the header, its row, the place for messages and the notes.

    Raises
    ------
    InputError
        For a missing, empty or unreadable file, a CSV file that is not UTF-8, no header with the
        required columns (naming the missing ones when a row has some), a personal-data column, an
        unclosed quote, a header naming a column twice or a row with more cells than the header;
        also when reading takes longer than `analysis.userfiles.read_timeout` seconds.
    """
    path = Path(path)
    name = file_label(label, path)
    with bounded_read(name):
        return _read(path, name, required, optional, rename or _as_is, check_personal, label)


def _read(path: Path, name, required, optional, rename, check_personal, label) -> Table:
    """`read_table` within its time limit."""
    private = label is not None
    kind = _open(path, name)
    text = kind == "text"
    label = label or path.name
    known = set(required) | set(optional)
    lines, where, notes, title = _rows(path, name, text, required, rename, label, known, private)
    found = _find_header(lines, required, rename, text)
    if found is None:
        raise _no_header(lines, required, optional, rename, text, where, check_personal, private)
    header_line, delimiter = found
    if text:
        records = _csv_records(where, lines, header_line, delimiter, private)
    else:
        records = lines[header_line:]
    header = [cell.strip() for cell in records[0]]
    if not text:
        while header and not header[-1]:
            header.pop()  # a workbook row runs to the sheet's last used column
    if check_personal:
        refuse_personal_columns(header, where)
    names = [rename(cell) for cell in header]
    _check_header(header, names, where, header_line, known, private)
    if not text:
        shown = [column_name(c, n, rename, known, private) for n, c in enumerate(header)]
        refuse_unsaved_formulas(path, title, lines, header_line, shown, where)
    strip = text and _needs_strip("\n".join(lines[header_line:]), delimiter)
    frame = _frame(records, len(header), header_line, where, delimiter, strip, private)
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


def _rows(path: Path, name, text: bool, required, rename, label: str, known, private: bool):
    """The lines of a CSV file or the rows of a workbook's sheet, the place, the notes and the
    sheet's title (None for a CSV file)."""
    where, notes, title = name, [], None
    if text:
        lines = _text_lines(path, name, required, rename, known, private)
    else:
        sheets = workbook_sheets(path, name)

        def has_header(rows) -> bool:
            return _find_header(rows, required, rename, text=False) is not None

        title, lines, notes = choose_sheet(
            name, sheets, has_header, required, label, private, HEADER_SEARCH_ROWS
        )
        number = next(n for n, sheet in enumerate(sheets, start=1) if sheet[0] == title)
        where = sheet_place(name, title, number, private)
    if not any(row.strip() if text else any(row) for row in lines):
        kind = Local("errf_kind_csv" if text else "errf_kind_xlsx")
        raise InputError(message("errf_empty", file=name, kind=kind, columns=", ".join(required)))
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


def _number_problem(value: str) -> Local:
    """Why a value that is not a plain number (nor a decimal comma) is refused."""
    shape = number_shape(value)
    if any(char.isdigit() and not "0" <= char <= "9" for char in value):
        return Local("errf_other_digits")
    if shape == "ambiguous":
        digits = value.replace(",", "").replace(".", "")
        return Local("errf_ambiguous", digits=digits, decimal=value.replace(",", "."))
    return Local("errf_thousands" if shape == "thousands" else "errf_not_number")


def parse_numbers(
    values: pd.Series,
    where,
    column: str,
    header_line: int,
    notes: list[str],
    private: bool = False,
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
    private : bool, optional
        Whether the table is a user's file: a value with letters is then not shown.
    """
    text = values.astype(str).str.strip()
    present = text != ""
    comma = text.str.fullmatch(COMMA_DECIMAL.pattern) & present
    plain = text.str.fullmatch(PLAIN_NUMBER.pattern) & present
    ambiguous = text.str.fullmatch(AMBIGUOUS.pattern) & present
    for position in values.index[present & ((~plain & ~comma) | ambiguous)]:
        value = text[position]
        raise InputError(
            message(
                "errf_bad_number",
                place=place(where, header_line, position, column),
                value=cell_shown(value, private),
                problem=_number_problem(value),
            )
        )
    dotted = plain & text.str.contains(".", regex=False)
    if comma.any():
        if dotted.any():
            first, other = values.index[comma][0], values.index[dotted][0]
            raise InputError(
                message(
                    "errf_mixed_decimals",
                    place=place(where, header_line, first, column),
                    value=repr(text[first]),
                    row=spreadsheet_row(header_line, other),
                    other=repr(text[other]),
                )
            )
        notes.append(f"{Path(str(where)).name}: column '{column}' read with decimal commas.")
        text = text.where(~comma, text.str.replace(",", ".", regex=False))
    numbers = np.full(len(text), np.nan)
    numbers[present.to_numpy()] = text[present].astype("float64").to_numpy()
    return pd.Series(numbers, index=values.index, name=values.name, dtype="float64")
