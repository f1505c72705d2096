"""Reading the cells of a village file: counts, years, codes and lokus marks, named by row.

Split from `analysis.villages` (which validates the panel as a whole): each function here reads
one column of text cells and refuses what is not what the schema says, listing the first
`MAX_LISTED` rows at fault with their spreadsheet row, column and value.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from analysis.data import UNDOTTED_VILLAGE_CODE, VILLAGE_CODE  # one definition of the codes
from analysis.errors import InputError
from analysis.tables import number_shape

# A count is a whole number; "12.0" is how a float cell or export writes one. [0-9], not \d: \d
# also matches Arabic-Indic and full-width digits, which float() and pandas cannot read.
_WHOLE = re.compile(r"^-?[0-9]+(\.0)?$")
YEAR_RANGE = (2000, 2100)
_DATE_CELL = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}( 00:00:00)?")
MAX_LISTED = 8
# The largest count of families one village may have: the largest kelurahan have tens of thousands.
MAX_FAMILIES = 1_000_000


def row_label(rows: pd.Series | None, position) -> str:
    """ "row N" as a spreadsheet shows it, or "row index N" for a frame without row numbers."""
    if rows is None:
        return f"row index {position}"
    return f"row {int(rows[position])}"


def raise_listed(source: str, problems: list[str], expected: str, total: int | None = None):
    """Raise an InputError listing the first problems (and how many more) under ``expected``."""
    if not problems:
        return
    total = len(problems) if total is None else total
    shown = problems[:MAX_LISTED]
    more = f"\n  ... and {total - len(shown)} more" if total > len(shown) else ""
    raise InputError(f"{source}: {expected}\n  " + "\n  ".join(shown) + more)


def listed(mask: pd.Series, describe) -> tuple[list[str], int]:
    """Describe the first few flagged rows (cheap on national-size frames)."""
    flagged = mask.index[mask.to_numpy(dtype=bool)]
    return [describe(i) for i in flagged[:MAX_LISTED]], len(flagged)


def as_text(values: pd.Series) -> pd.Series:
    """Cells as stripped text; numbers from Excel become their repr ("12", "12.0")."""
    text = values.astype("string").str.strip()
    return text.fillna("")


OTHER_DIGITS = "is written with digits other than 0-9 (Arabic-Indic or full-width digits)"


def other_digits(value: str) -> bool:
    """Whether a text has digits other than 0-9 (which \\d matches but float() cannot read)."""
    return any(char.isdigit() and not "0" <= char <= "9" for char in value)


def parse_counts(frame: pd.DataFrame, column: str, rows, source: str) -> pd.Series:
    """A count column as int64: whole numbers 0-9 up to `MAX_FAMILIES`, else InputError by row."""
    values = frame[column]
    if pd.api.types.is_bool_dtype(values.dtype):
        text = values.astype(str)
    elif pd.api.types.is_numeric_dtype(values.dtype):
        numeric = values.astype("float64")
        good = np.isfinite(numeric) & (numeric == np.round(numeric))
        if good.all():
            return numeric.astype("int64")
        text = as_text(values.astype(object))
    else:
        text = as_text(values)
    whole = text.str.fullmatch(_WHOLE.pattern)
    expected = "counts of families must be whole numbers (0 if none):"

    def describe(i):
        value = text[i]
        where = f"{row_label(rows, i)}, column '{column}'"
        shape = "empty" if value in ("nan", "<NA>", "None") else number_shape(value)
        if shape == "empty":
            return f"{where}: the cell is empty; expected a whole number (0 if none)"
        if other_digits(value):
            return f"{where}: value {value!r} {OTHER_DIGITS}; expected a whole number such as 12"
        if shape == "ambiguous":
            return (
                f"{where}: value {value!r} has a thousands separator or a decimal mark that "
                "cannot be told apart; expected digits only, such as 1234 (refused, not "
                "guessed)"
            )
        if shape == "thousands":
            return (
                f"{where}: value {value!r} has a thousands separator; expected digits only, "
                "such as 1234 (refused, not guessed)"
            )
        if shape == "comma_decimal":
            return (
                f"{where}: value {value!r} has a decimal comma; a count of families is a "
                "whole number such as 12 (refused, not rounded)"
            )
        if shape == "plain":
            return f"{where}: value {value!r} is not a whole number; expected e.g. 12"
        return f"{where}: value {value!r} is not a number; expected a whole number such as 12"

    problems, total = listed(~whole, describe)
    raise_listed(source, problems, expected, total)
    numbers = pd.to_numeric(text, errors="raise").astype("float64")
    # Checked before the cast: 10**20 would wrap around to a negative int64.
    problems, total = listed(
        numbers.abs() > MAX_FAMILIES,
        lambda i: (
            f"{row_label(rows, i)}, column '{column}': value {text[i]!r} is more than "
            f"{MAX_FAMILIES:,} families in one village; expected the village's count"
        ),
    )
    raise_listed(source, problems, "counts of families must be plausible:", total)
    return numbers.astype("int64")


def parse_years(frame: pd.DataFrame, rows, source: str) -> pd.Series:
    """The year column as int64: four digits 0-9 within `YEAR_RANGE`, else InputError by row."""
    if pd.api.types.is_integer_dtype(frame["year"].dtype):
        text = frame["year"].astype("int64").astype(str)  # cheap path for typed frames
    else:
        text = as_text(frame["year"])
    good = text.str.fullmatch(r"[0-9]{4}(\.0)?")

    def why(value: str) -> str:
        if other_digits(value):
            return OTHER_DIGITS
        if _DATE_CELL.fullmatch(value):  # how a workbook cell formatted as a date reads
            return "is a date, not a year (the cell is formatted as a date: format it as a number)"
        return "is not a year"

    problems, total = listed(
        ~good,
        lambda i: (
            f"{row_label(rows, i)}, column 'year': value {text[i]!r} {why(text[i])}; expected "
            "four digits such as 2025"
        ),
    )
    raise_listed(source, problems, "every row needs a data year:", total)
    years = pd.to_numeric(text).astype("int64")
    outside = ~years.between(*YEAR_RANGE)
    problems, total = listed(
        outside,
        lambda i: (
            f"{row_label(rows, i)}, column 'year': year {years[i]} is outside "
            f"{YEAR_RANGE[0]}-{YEAR_RANGE[1]}"
        ),
    )
    raise_listed(source, problems, "every row needs a data year:", total)
    return years


def parse_codes(frame: pd.DataFrame, rows, source: str, notes: list[str], label: str) -> pd.Series:
    """Kemendagri village codes, dotted when written without dots (noted), else InputError."""
    text = as_text(frame["village_code"]).astype(object).astype(str)
    undotted = text.str.fullmatch(UNDOTTED_VILLAGE_CODE.pattern)
    if undotted.any():
        text = text.where(
            ~undotted,
            text.str.replace(r"^(\d{2})(\d{2})(\d{2})(\d{4})$", r"\1.\2.\3.\4", regex=True),
        )
        notes.append(
            f"{label}: {int(undotted.sum())} village code(s) written "
            "without dots were read as Kemendagri codes (3310032009 -> 33.10.03.2009)."
        )
    bad = ~text.str.fullmatch(VILLAGE_CODE.pattern)
    problems, total = listed(
        bad,
        lambda i: (
            f"{row_label(rows, i)}, column 'village_code': value {text[i]!r} is not a Kemendagri "
            "village code such as 33.10.03.2009 (write it as text so that Excel keeps the dots)"
        ),
    )
    raise_listed(source, problems, "every row needs a village code:", total)
    return text


_LOKUS_VALUES = {
    "1": True,
    "0": False,
    "": pd.NA,
    "true": True,
    "false": False,
    "ya": True,
    "tidak": False,
    "yes": True,
    "no": False,
    "1.0": True,
    "0.0": False,
}


def parse_lokus(frame: pd.DataFrame, rows, source: str) -> pd.Series:
    """The lokus column as nullable booleans (1/0, yes/no, ya/tidak, empty), else InputError."""
    values = as_text(frame["lokus"]).str.lower()
    problems, total = listed(
        ~values.isin(set(_LOKUS_VALUES)),
        lambda i: f"{row_label(rows, i)}, column 'lokus': value {values[i]!r} is not 1, 0 or empty",
    )
    raise_listed(source, problems, "lokus marks priority villages:", total)
    return values.map(_LOKUS_VALUES).astype("boolean")
