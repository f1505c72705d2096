"""Opening a user's file safely: the regular-file check, a bounded read, workbook cells as text,
and the bilingual messages about a file.

Kept apart from `analysis.tables` (which reads the tables) so that every reader of a user's file
(tables, village boundaries, parameters) uses the same checks: only the file's status is read
before the file is opened, so a pipe, a device or a huge file is refused without a read that could
block or fill the memory; and a read that hangs anyway (a file on a network mount that stopped
answering) is cut after `read_timeout` seconds by `bounded_read`.

Messages come from the catalogue (`analysis.labels.parts_err_files`, keys ``errf_*``) in Bahasa
Indonesia and then English (`message`). A user's file is named by its label (`Local`, "berkas desa
pengguna" / "user's village file"), never by its name, which may name a person; the project's own
files (data/raw/...) and the parameters files (named by their regency) are named by path.
"""

from __future__ import annotations

import contextlib
import os
import signal
import stat
import threading
from pathlib import Path

from analysis import paths
from analysis.errors import InputError
from analysis.labels import Local, both, os_reason, text, workbook_problem

# The largest user file read (village file, boundaries): a national village export is tens of
# megabytes; more is a wrong file, and /dev/zero would fill the memory.
MAX_USER_FILE_BYTES = 500_000_000
# How long reading and parsing one input file may take (seconds): a national village export is
# read in a few seconds; a file on a hung network mount would block the build forever.
DEFAULT_READ_TIMEOUT = 120.0
READ_TIMEOUT_VARIABLE = "TKPK_READ_TIMEOUT"
# The labels by which provenance names the user's files, and their catalogue keys.
LABEL_KEYS = {
    "village file (user)": "user_village_file",
    "boundaries file (user)": "errf_boundaries_file",
    "intervention file (user)": "errf_intervention_file",
}
# The user's files of the params (village_data.<field>) and how messages name them; the same
# files as `analysis.provenance.user_inputs` (not imported: provenance imports the data loaders).
USER_FILE_FIELDS = {
    "path": "user_village_file",
    "boundaries": "errf_boundaries_file",
    "intervention_path": "errf_intervention_file",
}
LANGUAGES = ("id", "en")


def render(value: object, lang: str) -> str:
    """A field in ``lang``: a `Local` rendered, anything else as `str`."""
    return value.render(lang) if isinstance(value, Local) else str(value)


def texts(key: str, /, **fields) -> tuple[str, str]:
    """The catalogue text ``key`` in Indonesian and in English, `Local` fields rendered in each."""
    return tuple(text(key, lang, **fields) for lang in LANGUAGES)


# A bilingual message "<Indonesian>\n(en) <English>" with `Local` fields rendered in each
# language: the catalogue's own `both`, under the name the readers of user files use.
message = both


def file_label(label: str | None, path: Path | str) -> Local | str:
    """How messages name a file: a user file's label (translated), else the project file's path."""
    if label is None:
        return str(path)
    return Local(LABEL_KEYS[label]) if label in LABEL_KEYS else Local("errf_label", label=label)


def cell_shown(value: object, private: bool = True, limit: int = 40) -> Local | str:
    """A cell's value for a message: cut to ``limit`` characters and quoted; in a user's file a
    value with letters is not shown (it may be a person's name), only that it is a text."""
    value = str(value).strip()
    if private and any(char.isalpha() for char in value):
        return Local("errf_text_hidden")
    return repr(value[:limit] + ("..." if len(value) > limit else ""))


def column_shown(name: Local | str) -> Local | str:
    """A column for "column {column}": a name in quotes, or a `Local` ("ke-3" / "3") for a
    column of a user's file that is not in the schema (its name is the user's free text)."""
    return name if isinstance(name, Local) else f"'{name}'"


# --- the read timeout ---------------------------------------------------------------------------


def read_timeout() -> float:
    """The read limit in seconds: `READ_TIMEOUT_VARIABLE` if set (0 turns it off), else 120."""
    written = os.environ.get(READ_TIMEOUT_VARIABLE, "").strip()
    if not written:
        return DEFAULT_READ_TIMEOUT
    try:
        seconds = float(written)
    except ValueError:
        seconds = -1.0
    if not seconds >= 0 or seconds == float("inf"):
        raise InputError(
            message("errf_timeout_setting", variable=READ_TIMEOUT_VARIABLE, value=written[:20])
        )
    return seconds


@contextlib.contextmanager
def bounded_read(name: Local | str, seconds: float | None = None):
    """Cut a read of a file that takes longer than ``seconds`` with an `InputError`.

    A timer (SIGALRM) interrupts the read or the parsing in the main thread; a blocking system
    call is interrupted too (except on a "hard" network mount, which no process can interrupt).
    Off the main thread, or where a timer is already running (a read inside a bounded read), no
    new timer is set: the outer one bounds the whole.

    Parameters
    ----------
    name : Local or str
        The file as messages name it (`file_label`).
    seconds : float, optional
        The limit; `read_timeout` by default (0: no limit).
    """
    seconds = read_timeout() if seconds is None else seconds
    usable = (
        seconds > 0
        and hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
        and signal.getitimer(signal.ITIMER_REAL)[0] == 0
    )
    if not usable:
        yield
        return

    def expired(signum, frame):
        raise InputError(
            message(
                "errf_timeout", file=name, seconds=f"{seconds:g}", variable=READ_TIMEOUT_VARIABLE
            )
        )

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


# --- the file's status --------------------------------------------------------------------------


def check_regular_file(path: Path, expected: str, limit: int, name: Local | str | None = None):
    """Refuse a path that is missing, not a regular file, or larger than ``limit`` bytes.

    Only the file's status is read (``os.stat`` never opens it), so a pipe that would block a read
    forever and a device such as /dev/zero that would fill the memory are refused before any read;
    a read that hangs anyway (a network mount) is bounded by `bounded_read`.

    Parameters
    ----------
    path : Path
        The input file.
    expected : str
        Catalogue key of what the file should be, ending the message ("errf_expect_table").
    limit : int
        Largest accepted size in bytes.
    name : Local or str, optional
        How the message names the file (`file_label`); the path by default.
    """
    name = str(path) if name is None else name
    what = Local(expected)
    try:
        status = os.stat(path)
    except FileNotFoundError:
        raise InputError(message("errf_not_found", file=name, expected=what)) from None
    except OSError as error:
        raise InputError(
            message("errf_os_error", file=name, reason=os_reason(error), expected=what)
        ) from None
    if stat.S_ISDIR(status.st_mode):
        raise InputError(message("errf_folder", file=name, expected=what))
    if not stat.S_ISREG(status.st_mode):
        kind = "errf_kind_fifo" if stat.S_ISFIFO(status.st_mode) else "errf_kind_device"
        raise InputError(message("errf_not_regular", file=name, kind=Local(kind), expected=what))
    if status.st_size > limit:
        raise InputError(
            message("errf_too_large", file=name, size=status.st_size, limit=limit, expected=what)
        )


def check_user_files(params) -> None:
    """Refuse a village or boundaries file that is not a regular file or is too large.

    Checked before anything reads or hashes it: a FIFO or a device (/dev/zero) would block a
    build or fill the memory. A missing file is left to the loaders, which say what is expected.
    The files are named by their label, never by their name.
    """
    for field, key in USER_FILE_FIELDS.items():
        written = getattr(params.village_data, field)
        path = paths.ROOT / written if written else None
        if path is None or not path.exists():
            continue
        name = Local(key)
        if not path.is_file():
            raise InputError(message("errf_user_not_regular", file=name))
        size = path.stat().st_size
        if size > MAX_USER_FILE_BYTES:
            raise InputError(
                message("errf_user_too_large", file=name, size=size, limit=MAX_USER_FILE_BYTES)
            )


# --- workbooks ----------------------------------------------------------------------------------


def _cell_text(value: object) -> str:
    return "" if value is None else str(value).strip()


def _load_workbook(path: Path, values: bool, name: Local | str):
    from openpyxl import load_workbook

    try:
        return load_workbook(path, read_only=True, data_only=values)
    except InputError:  # the time limit (`bounded_read`)
        raise
    except Exception as error:  # openpyxl raises several unrelated types for a broken file
        reason = workbook_problem(error, detail=not isinstance(name, Local))
        raise InputError(message("errf_not_workbook", file=name, reason=reason)) from None


def workbook_sheets(path: Path, name: Local | str | None = None):
    """Every sheet of a workbook as text cells (`str` of each value, "" for an empty cell).

    Parameters
    ----------
    path : Path
        An ``.xlsx`` or ``.xlsm`` workbook (values as last saved: ``data_only``).
    name : Local or str, optional
        How messages name the file; its path by default.

    Returns
    -------
    list of (str, list of list of str, bool)
        Each sheet's title, its rows from row 1, and whether it is visible.
    """
    workbook = _load_workbook(path, True, str(path) if name is None else name)
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


def column_name(cell: str, number: int, rename, known, private: bool) -> Local | str:
    """A header cell for a message: in a user's file, a schema column (after ``rename``) by its
    name and any other by its number (its name is the user's free text)."""
    if not private:
        return cell
    name = rename(cell)
    return name if name in known else Local("errf_column_n", number=number + 1)


def sheet_place(name, title: str, number: int, private: bool) -> Local:
    """A workbook's sheet for messages: by title, or by number in a user's file (a sheet's title
    is the user's free text)."""
    if private:
        return Local("errf_place_sheet_n", file=name, number=number)
    return Local("errf_place_sheet", file=name, sheet=title)


def choose_sheet(name, sheets, has_header, required, label: str, private: bool, search_rows: int):
    """The first visible sheet with a header row (or the only sheet), and notes on the choice.

    A hidden sheet is never read: when one was skipped the note says so, and when only a hidden
    sheet has the header the message names it (by number in a user's file).

    Parameters
    ----------
    name : Local or str
        The file as messages name it.
    sheets : list of (str, list of list of str, bool)
        As `workbook_sheets` gives them.
    has_header : callable
        Whether a sheet's rows hold a header row naming the ``required`` columns.
    required : sequence of str
        The required columns, named in the message.
    label : str
        How the notes name the file.
    private : bool
        Whether the file is a user's.
    search_rows : int
        How many rows of a sheet are searched for the header (named in the message).

    Returns
    -------
    tuple of (str, list of list of str, list of str)
        The sheet's title, its rows and the notes.
    """
    hidden = [sheet for sheet in sheets if not sheet[2]]
    for number, (title, rows, shown) in enumerate(sheets, start=1):
        if shown and has_header(rows):
            notes = [f"{label}: read sheet {number} of {len(sheets)}."] if len(sheets) > 1 else []
            if hidden:
                notes.append(
                    f"{label}: {len(hidden)} hidden sheet(s) skipped; only visible sheets are read."
                )
            return title, rows, notes
    for number, (title, rows, shown) in enumerate(sheets, start=1):
        if not shown and has_header(rows):
            sheet = sheet_place(name, title, number, private)
            raise InputError(message("errf_hidden_header", file=name, sheet=sheet))
    if len(sheets) == 1 or not any(any(row) for _, rows, _ in sheets for row in rows):
        return sheets[0][0], sheets[0][1], []
    names = f"{len(sheets)}" if private else ", ".join(repr(title) for title, _, _ in sheets)
    columns = ", ".join(required)
    raise InputError(
        message("errf_no_sheet_header", file=name, sheets=names, columns=columns, rows=search_rows)
    )


def refuse_unsaved_formulas(path: Path, title: str, rows, header_line: int, header, where=None):
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
    header : list of str or Local
        The columns as messages name them (`column_shown`).
    where : Local or str, optional
        How the message names the file and sheet; the path and sheet title by default. A user's
        file (a `Local` label) gets no formula text in the message, which may hold a name.
    """
    width = len(header)
    if not any(not cell for row in rows[header_line + 1 :] for cell in row[:width]):
        return
    where = Local("errf_place_sheet", file=str(path), sheet=title) if where is None else where
    workbook = _load_workbook(path, False, where)
    try:
        formulas = workbook[title].iter_rows(min_row=header_line + 2, values_only=True)
        below = zip(rows[header_line + 1 :], formulas, strict=False)
        for offset, (row, written) in enumerate(below):
            for column, (cell, formula) in enumerate(zip(row[:width], written, strict=False)):
                if not cell and isinstance(formula, str) and formula.startswith("="):
                    private = isinstance(where, Local) and where.key != "errf_place_sheet"
                    raise InputError(
                        message(
                            "errf_unsaved_formula",
                            file=where,
                            row=header_line + 2 + offset,
                            column=column_shown(header[column]),
                            formula=cell_shown(formula, private),
                        )
                    )
    finally:
        workbook.close()
