"""Reading the cells of a village file: counts, years, codes and lokus marks, named by row.

Split from `analysis.villages` (which validates the panel as a whole): each function here reads
one column of text cells and refuses what is not what the schema says, listing the first
`MAX_LISTED` rows at fault with their spreadsheet row, column and value. Messages are bilingual
(catalogue keys ``errf_vc_*``, built as `analysis.userfiles.Local` lines); a value with letters is
not shown (it may be a person's name), only its row and column.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from analysis.data import UNDOTTED_VILLAGE_CODE, VILLAGE_CODE  # one definition of the codes
from analysis.errors import InputError
from analysis.tables import number_shape
from analysis.userfiles import LANGUAGES, Local, cell_shown, render

# A count is a whole number; "12.0" is how a float cell or export writes one. [0-9], not \d: \d
# also matches Arabic-Indic and full-width digits, which float() and pandas cannot read.
_WHOLE = re.compile(r"^-?[0-9]+(\.0)?$")
YEAR_RANGE = (2000, 2100)
_DATE_CELL = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}( 00:00:00)?")
MAX_LISTED = 8
# The largest count of families one village may have: the largest kelurahan have tens of thousands.
MAX_FAMILIES = 1_000_000


def row_label(rows: pd.Series | None, position) -> Local:
    """ "row N" as a spreadsheet shows it, or "row index N" for a frame without row numbers."""
    if rows is None:
        return Local("errf_vc_row_index", index=position)
    return Local("errf_vc_row", row=int(rows[position]))


def raise_listed(source, problems: list, expected, total: int | None = None) -> None:
    """Raise an InputError listing the first problems (and how many more) under ``expected``.

    ``source``, ``expected`` and each problem are text or `analysis.userfiles.Local`; the message
    has the whole list in Indonesian, then in English.
    """
    if not problems:
        return
    total = len(problems) if total is None else total
    shown = problems[:MAX_LISTED]
    blocks = []
    for lang in LANGUAGES:
        more = total - len(shown)
        tail = "\n  " + render(Local("errf_vc_more", n=more), lang) if more > 0 else ""
        lines = "\n  ".join(render(problem, lang) for problem in shown)
        blocks.append(f"{render(source, lang)}: {render(expected, lang)}\n  {lines}{tail}")
    raise InputError(f"{blocks[0]}\n(en) {blocks[1]}")


def listed(mask: pd.Series, describe) -> tuple[list[str], int]:
    """Describe the first few flagged rows (cheap on national-size frames)."""
    flagged = mask.index[mask.to_numpy(dtype=bool)]
    return [describe(i) for i in flagged[:MAX_LISTED]], len(flagged)


def as_text(values: pd.Series) -> pd.Series:
    """Cells as stripped text; numbers from Excel become their repr ("12", "12.0")."""
    text = values.astype("string").str.strip()
    return text.fillna("")


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

    def describe(i):
        value = text[i]
        row = row_label(rows, i)
        shape = "empty" if value in ("nan", "<NA>", "None") else number_shape(value)
        if shape == "empty":
            return Local("errf_vc_count_empty", row=row, column=column)
        if other_digits(value):
            shape = "other_digits"
        elif shape not in ("ambiguous", "thousands", "comma_decimal", "plain"):
            shape = "not_number"
        return Local(f"errf_vc_count_{shape}", row=row, column=column, value=cell_shown(value))

    problems, total = listed(~whole, describe)
    raise_listed(source, problems, Local("errf_vc_counts_whole"), total)
    numbers = pd.to_numeric(text, errors="raise").astype("float64")
    # Checked before the cast: 10**20 would wrap around to a negative int64.
    problems, total = listed(
        numbers.abs() > MAX_FAMILIES,
        lambda i: Local(
            "errf_vc_count_large",
            row=row_label(rows, i),
            column=column,
            value=cell_shown(text[i]),
            limit=MAX_FAMILIES,
        ),
    )
    raise_listed(source, problems, Local("errf_vc_counts_plausible"), total)
    return numbers.astype("int64")


def parse_years(frame: pd.DataFrame, rows, source: str) -> pd.Series:
    """The year column as int64: four digits 0-9 within `YEAR_RANGE`, else InputError by row."""
    if pd.api.types.is_integer_dtype(frame["year"].dtype):
        text = frame["year"].astype("int64").astype(str)  # cheap path for typed frames
    else:
        text = as_text(frame["year"])
    good = text.str.fullmatch(r"[0-9]{4}(\.0)?")

    def why(value: str) -> Local:
        if other_digits(value):
            return Local("errf_vc_other_digits")
        if _DATE_CELL.fullmatch(value):  # how a workbook cell formatted as a date reads
            return Local("errf_vc_year_date")
        return Local("errf_vc_not_year")

    problems, total = listed(
        ~good,
        lambda i: Local(
            "errf_vc_year_bad",
            row=row_label(rows, i),
            column="year",
            value=cell_shown(text[i]),
            why=why(text[i]),
        ),
    )
    raise_listed(source, problems, Local("errf_vc_years_needed"), total)
    years = pd.to_numeric(text).astype("int64")
    outside = ~years.between(*YEAR_RANGE)
    problems, total = listed(
        outside,
        lambda i: Local(
            "errf_vc_year_range",
            row=row_label(rows, i),
            column="year",
            year=years[i],
            first=YEAR_RANGE[0],
            last=YEAR_RANGE[1],
        ),
    )
    raise_listed(source, problems, Local("errf_vc_years_needed"), total)
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
        lambda i: Local("errf_vc_code_bad", row=row_label(rows, i), value=cell_shown(text[i])),
    )
    raise_listed(source, problems, Local("errf_vc_codes_needed"), total)
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
        lambda i: Local("errf_vc_lokus_bad", row=row_label(rows, i), value=cell_shown(values[i])),
    )
    raise_listed(source, problems, Local("errf_vc_lokus"), total)
    return values.map(_LOKUS_VALUES).astype("boolean")
