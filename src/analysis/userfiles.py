"""Opening a user's file safely: the regular-file check, and a workbook's cells as text.

Kept apart from `analysis.tables` (which reads the tables) so that every reader of a user's file
(tables, village boundaries) uses the same check: only the file's status is read before the file
is opened, so a pipe, a device or a huge file is refused without a read that could block or fill
the memory.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from analysis.errors import InputError


def check_regular_file(path: Path, expected: str, limit: int) -> None:
    """Refuse a path that is missing, not a regular file, or larger than ``limit`` bytes.

    Only the file's status is read (``os.stat`` never opens it), so a pipe that would block a read
    forever and a device such as /dev/zero that would fill the memory are refused before any read:
    a regular file is read to its end without waiting, which is why no read needs a timeout.

    Parameters
    ----------
    path : Path
        The input file.
    expected : str
        What the file should be, ending the message ("expected a CSV or XLSX file").
    limit : int
        Largest accepted size in bytes.
    """
    try:
        status = os.stat(path)
    except FileNotFoundError:
        raise InputError(f"{path}: file not found; {expected}.") from None
    except OSError as error:
        raise InputError(f"{path}: cannot be read ({error.strerror}); {expected}.") from None
    if stat.S_ISDIR(status.st_mode):
        raise InputError(f"{path}: is a folder, not a file; {expected}.")
    if not stat.S_ISREG(status.st_mode):
        kind = "a pipe (FIFO)" if stat.S_ISFIFO(status.st_mode) else "a device or socket"
        raise InputError(
            f"{path}: is {kind}, not a regular file, and is never read (it could block the build "
            f"or fill the memory); {expected}."
        )
    if status.st_size > limit:
        raise InputError(
            f"{path}: {status.st_size:,} bytes, more than the limit of {limit:,}; {expected}."
        )


def _cell_text(value: object) -> str:
    return "" if value is None else str(value).strip()


def _load_workbook(path: Path, values: bool):
    from openpyxl import load_workbook

    try:
        return load_workbook(path, read_only=True, data_only=values)
    except Exception as error:  # openpyxl raises several unrelated types for a broken file
        raise InputError(f"{path}: cannot be read as an Excel workbook ({error}).") from None


def workbook_sheets(path: Path) -> list[tuple[str, list[list[str]], bool]]:
    """Every sheet of a workbook as text cells (`str` of each value, "" for an empty cell).

    Parameters
    ----------
    path : Path
        An ``.xlsx`` or ``.xlsm`` workbook (values as last saved: ``data_only``).

    Returns
    -------
    list of (str, list of list of str, bool)
        Each sheet's title, its rows from row 1, and whether it is visible.
    """
    workbook = _load_workbook(path, values=True)
    try:
        return [
            (
                sheet.title,
                [[_cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)],
                getattr(sheet, "sheet_state", "visible") == "visible",
            )
            for sheet in workbook.worksheets
        ]
    finally:
        workbook.close()


def refuse_unsaved_formulas(path: Path, title: str, rows, header_line: int, header) -> None:
    """Refuse a formula cell whose value was never saved (openpyxl would read it as empty).

    Excel and LibreOffice save each formula's value with it; a workbook written by a script
    (openpyxl, pandas) holds the formula only. Read again, with formulas, only when a cell under
    the header is empty, so a workbook without empty cells is read once.

    Parameters
    ----------
    path : Path
        The workbook.
    title : str
        The sheet read.
    rows : list of list of str
        Its cells as `workbook_sheets` gave them.
    header_line : int
        0-based row of the header.
    header : list of str
        The header cells, named in the message.
    """
    width = len(header)
    if not any(not cell for row in rows[header_line + 1 :] for cell in row[:width]):
        return
    workbook = _load_workbook(path, values=False)
    try:
        formulas = workbook[title].iter_rows(min_row=header_line + 2, values_only=True)
        below = zip(rows[header_line + 1 :], formulas, strict=False)
        for offset, (row, written) in enumerate(below):
            for column, (cell, formula) in enumerate(zip(row[:width], written, strict=False)):
                if not cell and isinstance(formula, str) and formula.startswith("="):
                    raise InputError(
                        f"{path} (sheet {title!r}), row {header_line + 2 + offset}, column "
                        f"'{header[column]}': the cell holds the formula {formula[:40]!r} "
                        "without a saved value (the file was written by a program that does not "
                        "compute formulas); expected values: open the file in Excel or "
                        "LibreOffice and save it again, or replace the formulas by their values "
                        "(Copy, then Paste Special > Values)."
                    )
    finally:
        workbook.close()
