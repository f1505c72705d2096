"""The checks and helpers every loader of `analysis.data` shares.

The code formats (Kemendagri regency, kecamatan and village codes, BPS codes, years), the checks
of one column at a time (filled, matching a pattern, a year in range, one of the allowed words),
each refusing the first bad cell with an `InputError` that names the file, the row as a
spreadsheet shows it, the column and the value, and the copy of a cached frame that a caller may
change.
"""

from __future__ import annotations

import re

import pandas as pd

from analysis.errors import InputError
from analysis.labels import Local, both
from analysis.tables import Table
from analysis.yamlread import shown

YEAR_RANGE = (1990, 2100)

_YEAR = re.compile(r"[0-9]{4}")
_BPS_CODE = re.compile(r"[0-9]{4}")
VILLAGE_CODE = re.compile(r"^[0-9]{2}\.[0-9]{2}\.[0-9]{2}\.[0-9]{4}$")
# The same code without dots (3310032009), as Excel or a GIS may write it; unambiguous.
UNDOTTED_VILLAGE_CODE = re.compile(r"^[0-9]{10}$")
DISTRICT_CODE = re.compile(r"^[0-9]{2}\.[0-9]{2}\.[0-9]{2}$")
REGENCY_CODE = re.compile(r"^[0-9]{2}\.[0-9]{2}$")


def _cell_error(table: Table, position, column: str, key: str, /, **fields) -> InputError:
    """An `InputError` about one cell: file, spreadsheet row, column and the catalogue text."""
    return InputError(
        both(
            "errd_d_cell",
            file=table.where,
            row=table.row(position),
            column=column,
            message=Local(key, **fields),
        )
    )


def _add_optional(table: Table, columns: list[str]) -> None:
    """Add the optional columns a file leaves out, as empty text."""
    for column in columns:
        if column not in table.frame:
            table.frame[column] = ""


def _require_filled(table: Table, expected: dict[str, tuple]) -> None:
    """Refuse an empty cell in any of the columns of ``expected`` (column -> what is expected, as
    a catalogue key and its fields)."""
    for column, description in expected.items():
        empty = table.frame[column] == ""
        if empty.any():
            position = table.frame.index[empty][0]
            raise _cell_error(table, position, column, "errd_d_empty", expected=description)


def _check_pattern(table: Table, column: str, pattern: re.Pattern, description: tuple) -> None:
    """Refuse the first value of ``column`` that does not match ``pattern`` (``description``: what
    it should be, a catalogue key and its fields)."""
    bad = ~table.frame[column].str.fullmatch(pattern.pattern)
    if bad.any():
        position = table.frame.index[bad][0]
        value = shown(table.frame[column][position])
        raise _cell_error(table, position, column, "errd_d_pattern", value=value, what=description)


def _check_unique(table: Table, column: str) -> None:
    """Refuse the second row that holds a code of ``column`` already given above it."""
    twice = table.frame[column].duplicated()
    if twice.any():
        position = table.frame.index[twice][0]
        code = table.frame[column][position]
        raise _cell_error(table, position, column, "errd_d_code_twice", code=code)


def _parse_years(table: Table, column: str) -> pd.Series:
    """Return a column of four-digit years as int, refusing anything else by row and value."""
    _check_pattern(table, column, _YEAR, Local("errd_d_p_year"))
    years = table.frame[column].astype("int64")
    outside = ~years.between(*YEAR_RANGE)
    if outside.any():
        position = table.frame.index[outside][0]
        low, high = YEAR_RANGE
        raise _cell_error(
            table, position, column, "errd_d_year_range", year=years[position], low=low, high=high
        )
    return years


def _check_allowed(table: Table, column: str, allowed: set[str]) -> None:
    """Refuse the first value of ``column`` that is not one of ``allowed``."""
    bad = ~table.frame[column].isin(allowed)
    if bad.any():
        position = table.frame.index[bad][0]
        value = shown(table.frame[column][position])
        choices = ", ".join(sorted(allowed))
        raise _cell_error(
            table, position, column, "errd_d_not_allowed", value=value, choices=choices
        )


def _copy_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of a cached frame whose attrs (lists included) can be changed without the cache."""
    copy = frame.copy()
    copy.attrs = {key: list(v) if isinstance(v, list) else v for key, v in frame.attrs.items()}
    return copy
