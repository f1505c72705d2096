"""Read the columns a layout needs from a household export (CSV or XLSX), in memory only.

Only the columns the layout names are read (``usecols``): names, NIKs and addresses in other
columns of the export are never loaded. Nothing is written anywhere: no cache, no temporary file.
Cells are kept as text; the frame's index is the 0-based data row, so that
`analysis.tables.spreadsheet_row` gives the row a spreadsheet program shows. Messages name the
file, row and column and never quote a cell.
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.errors import InputError
from analysis.labels import label_in_both, workbook_problem
from analysis.register.layout import Layout, key
from analysis.register.messages import bilingual
from analysis.tables import spreadsheet_row

HEADER_SEARCH_ROWS = 20
DELIMITERS = (",", ";", "\t")


def where(path: Path) -> dict[str, str]:
    """The file as named in messages: a label in each language, never its file name.

    A user's file name may name a person or hold a NIK; the user knows which file they gave.
    """
    return label_in_both("reg_user_file")


def _header_problem(path: Path, layout: Layout, best: set[str]) -> InputError:
    missing = [c for c in layout.required_columns() if key(c) not in best]
    return InputError(
        bilingual(
            "reg_err_header",
            file=where(path),
            rows=HEADER_SEARCH_ROWS,
            layout=layout.name,
            missing=", ".join(repr(c) for c in missing),
        )
    )


def _find_csv_header(path: Path, layout: Layout) -> tuple[int, str, list[str]]:
    needed = {key(c) for c in layout.required_columns()}
    best: set[str] = set()
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            for number in range(HEADER_SEARCH_ROWS):
                line = handle.readline()
                if not line:
                    break
                for delimiter in DELIMITERS:
                    cells = next(csv.reader([line], delimiter=delimiter), [])
                    found = {key(cell) for cell in cells}
                    if needed <= found:
                        return number, delimiter, cells
                    if len(found & needed) > len(best & needed):
                        best = found
    except UnicodeDecodeError:
        raise InputError(bilingual("reg_err_not_utf8", file=where(path))) from None
    raise _header_problem(path, layout, best)


def _wanted(layout: Layout) -> set[str]:
    return {key(c) for c in layout.required_columns() + layout.optional_columns()}


def _read_csv(path: Path, layout: Layout) -> pd.DataFrame:
    header_line, delimiter, cells = _find_csv_header(path, layout)
    wanted = _wanted(layout)
    family = key(layout.columns.family_id)
    # Repeated codes (villages, categories) are read as categories: a 500,000-row export then
    # costs a few distinct strings per column, not one Python string per cell.
    dtype = {cell: (str if key(cell) == family else "category") for cell in cells}
    try:
        frame = pd.read_csv(
            path,
            sep=delimiter,
            skiprows=header_line,
            header=0,
            dtype=dtype,
            keep_default_na=False,
            skip_blank_lines=False,
            usecols=lambda name: key(name) in wanted,
            encoding="utf-8-sig",
        )
    except (ValueError, pd.errors.ParserError, UnicodeDecodeError) as error:
        # The parser's own message may quote a line of the file: never shown.
        raise InputError(
            bilingual("reg_err_csv_body", file=where(path), error=type(error).__name__)
        ) from None
    frame.attrs["header_line"] = header_line
    return frame


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _read_xlsx(path: Path, layout: Layout) -> pd.DataFrame:
    import openpyxl

    needed = {key(c) for c in layout.required_columns()}
    wanted = _wanted(layout)
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many types for a damaged workbook
        raise InputError(
            bilingual("reg_err_xlsx", file=where(path), error=workbook_problem(error))
        ) from None
    try:
        best: set[str] = set()
        for sheet in book.worksheets:
            rows = sheet.iter_rows(values_only=True)
            for number, row in enumerate(rows):
                if number >= HEADER_SEARCH_ROWS:
                    break
                found = [key(_cell(v)) for v in row]
                if needed <= set(found):
                    picked = [(i, name) for i, name in enumerate(found) if name in wanted]
                    records = [[_cell(r[i]) if i < len(r) else "" for i, _ in picked] for r in rows]
                    frame = pd.DataFrame(records, columns=[n for _, n in picked], dtype=object)
                    frame.attrs["header_line"] = number
                    return frame
                if len(set(found) & needed) > len(best & needed):
                    best = set(found)
    finally:
        book.close()
    raise _header_problem(path, layout, best)


def read_export(path: Path, layout: Layout) -> pd.DataFrame:
    """Read the layout's columns of a household export into text cells, in memory.

    Parameters
    ----------
    path : Path
        A ``.csv`` (UTF-8; comma, semicolon or tab separated; title rows above the header
        allowed) or ``.xlsx`` file (the first sheet whose header names the layout's columns).
    layout : Layout
        The layout (`analysis.register.layout.load_layout`).

    Returns
    -------
    DataFrame
        One column per layout column present, named by its normalised header; text cells
        (categorical, except the family id), stripped; the index is the 0-based data row
        (completely blank rows are dropped).
        ``attrs["header_line"]`` is the 0-based header row.

    Raises
    ------
    InputError
        For a missing or unreadable file, or no header with the layout's columns.
    """
    path = Path(path)
    if not path.is_file():
        raise InputError(bilingual("reg_err_missing_file", file=where(path)))
    suffix = path.suffix.lower()
    frame = _read_xlsx(path, layout) if suffix in (".xlsx", ".xlsm") else _read_csv(path, layout)
    frame.columns = [key(c) for c in frame.columns]
    if frame.columns.duplicated().any():
        twice = sorted(set(frame.columns[frame.columns.duplicated()]))
        raise InputError(
            bilingual("reg_err_duplicate_columns", file=where(path), columns=", ".join(twice))
        )
    header_line = frame.attrs["header_line"]
    family = key(layout.columns.family_id)
    for column in frame.columns:
        frame[column] = (
            frame[column].astype(str).str.strip() if column == family else _stripped(frame[column])
        )
    frame = frame[(frame != "").any(axis=1)]
    frame.attrs["header_line"] = header_line
    return frame


def _stripped(column: pd.Series) -> pd.Series:
    """A categorical column with its categories stripped of spaces (cheap: per category)."""
    column = column.astype("category")
    categories = column.cat.categories.astype(str)
    clean = categories.str.strip()
    if (clean == categories).all():
        return column
    values = np.append(np.asarray(clean, dtype=object), "")[column.cat.codes.to_numpy()]
    return pd.Series(values, index=column.index, dtype="category")


def row_of(frame: pd.DataFrame, position: int) -> int:
    """The spreadsheet row number of the frame row with index ``position``."""
    return spreadsheet_row(frame.attrs["header_line"], position)
