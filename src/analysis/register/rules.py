"""Each family's eight indicators and welfare decile, from the layout's rules, in memory.

Steps (`derive_families`): check the key columns (village code, year, decile, family id; a bad
cell stops with a message naming file, row and column, never the cell), evaluate each indicator
rule on every row (`analysis.register.layout` documents the rule language), and reduce rows to
families: one family per (year, family id); an indicator holds if it holds on ANY of the family's
rows, the decile is the LOWEST valid decile on its rows and the village is that of its FIRST row.
Rows without a village code, and rows of other regencies (a province-wide export), are left out
and counted in the notes.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.data import UNDOTTED_VILLAGE_CODE, VILLAGE_CODE
from analysis.errors import InputError
from analysis.params import INDICATORS
from analysis.register.layout import Condition, Layout, key
from analysis.register.messages import bilingual, rows_message
from analysis.register.reader import row_of, where

MAX_LISTED = 8
YEAR_RANGE = (2000, 2100)
_DESIL = r"(?i)^(?:desil\s*)?(\d{1,2})(?:\.0)?$"


def _raise_rows(path, frame, mask: pd.Series, column: str, expected: str, **fields) -> None:
    """Stop with the first rows flagged by ``mask`` (the cells themselves are never quoted)."""
    if not mask.any():
        return
    flagged = mask.index[mask.to_numpy(dtype=bool)]
    rows = ", ".join(str(row_of(frame, i)) for i in flagged[:MAX_LISTED])
    more = len(flagged) - MAX_LISTED
    raise InputError(rows_message(where(path), column, rows, more, expected, **fields))


def by_category(column: pd.Series, function) -> np.ndarray:
    """``function`` applied to each distinct value of a categorical column, spread to its rows.

    A register repeats a few hundred village codes and a few dozen categories over hundreds of
    thousands of rows: working per category keeps the cost independent of the number of rows.
    """
    column = column.astype("category")
    categories = pd.Series(column.cat.categories.astype(str))
    done = np.asarray(function(categories))
    blank = np.asarray(function(pd.Series([""])))
    return np.append(done, blank)[column.cat.codes.to_numpy()]


def _dotted(codes: pd.Series) -> pd.Series:
    undotted = codes.str.fullmatch(UNDOTTED_VILLAGE_CODE.pattern)
    return codes.where(
        ~undotted, codes.str.replace(r"^(\d{2})(\d{2})(\d{2})(\d{4})$", r"\1.\2.\3.\4", regex=True)
    )


def _village_codes(path, frame, layout: Layout, kode_bps: str, official: set[str], notes):
    column = key(layout.columns.village_code)
    codes = pd.Series(by_category(frame[column], _dotted), index=frame.index)
    blank = codes == ""
    valid = by_category(frame[column], lambda c: _dotted(c).str.fullmatch(VILLAGE_CODE.pattern))
    bad = ~blank & ~pd.Series(valid.astype(bool), index=frame.index)
    _raise_rows(
        path,
        frame,
        bad,
        layout.columns.village_code,
        "reg_exp_village_code",
    )
    prefix = f"{kode_bps[:2]}.{kode_bps[2:]}"
    foreign = ~blank & (codes.str[:5] != prefix)
    unknown = ~blank & ~foreign & ~codes.isin(official)
    _raise_rows(
        path,
        frame,
        unknown,
        layout.columns.village_code,
        "reg_exp_official_village",
        prefix=prefix,
    )
    if blank.any():
        notes.append(f"{int(blank.sum())} row(s) without a village code were left out.")
    if foreign.any():
        notes.append(
            f"{int(foreign.sum())} row(s) with village codes of other regencies were left out."
        )
    return codes.astype("category"), ~blank & ~foreign


def _years(path, frame, layout: Layout, year: int | None) -> pd.Series:
    if not layout.columns.year or key(layout.columns.year) not in frame:
        if year is None:
            raise InputError(bilingual("reg_err_no_year", file=where(path), layout=layout.name))
        return pd.Series(year, index=frame.index, dtype="int64")
    text = frame[key(layout.columns.year)]
    good = by_category(text, lambda c: c.str.fullmatch(r"\d{4}(\.0)?")).astype(bool)
    good = pd.Series(good, index=frame.index)
    _raise_rows(path, frame, ~good, layout.columns.year, "reg_exp_year")
    years = pd.Series(
        by_category(text, lambda c: pd.to_numeric(c, errors="coerce").fillna(0)), index=frame.index
    ).astype("int64")
    outside = ~years.between(*YEAR_RANGE)
    _raise_rows(
        path,
        frame,
        outside,
        layout.columns.year,
        "reg_exp_year_range",
        low=YEAR_RANGE[0],
        high=YEAR_RANGE[1],
    )
    return years


def _desil(path, frame, layout: Layout) -> pd.Series:
    text = frame[key(layout.columns.desil)]

    def parse(cells: pd.Series) -> pd.Series:
        return pd.to_numeric(cells.str.extract(_DESIL, expand=False), errors="coerce")

    number = pd.Series(by_category(text, parse), index=frame.index, dtype="float64")
    bad = (text != "") & ~number.between(1, 10)
    _raise_rows(path, frame, bad, layout.columns.desil, "reg_exp_desil")
    return number.astype("Int8")


def _folded(column: pd.Series) -> tuple[np.ndarray, pd.Index]:
    """Category codes and case-folded categories of a text column (fast on repeated values)."""
    categorical = column.astype("category")
    categories = pd.Index(categorical.cat.categories.astype(str).str.strip().str.casefold())
    return categorical.cat.codes.to_numpy(), categories


def condition_mask(path, frame: pd.DataFrame, condition: Condition) -> np.ndarray:
    """Rows meeting one condition (a blank cell meets none)."""
    column = key(condition.column)
    if condition.numeric:
        text = frame[column]

        def parse(cells: pd.Series) -> pd.Series:
            return pd.to_numeric(cells.str.replace(",", ".", regex=False), errors="coerce")

        number = pd.Series(by_category(text, parse), index=frame.index, dtype="float64")
        _raise_rows(path, frame, (text != "") & number.isna(), condition.column, "reg_exp_number")
        low, high = (condition.min, np.inf) if condition.between is None else condition.between
        return number.between(low, high).fillna(False).to_numpy(dtype=bool)
    codes, categories = _folded(frame[column])
    values = {v.strip().casefold() for v in (condition.in_ or condition.not_in)}
    if condition.in_ is not None:
        hit = categories.isin(values)
    else:
        hit = ~categories.isin(values) & (categories != "")
    return np.append(hit, False)[codes]  # code -1 (missing) -> False


def indicator_rows(path, frame: pd.DataFrame, layout: Layout) -> pd.DataFrame:
    """For every row, whether it meets each indicator's rule (booleans, one column each)."""
    cache: dict[Condition, np.ndarray] = {}
    result = {}
    for name in INDICATORS:
        met = np.zeros(len(frame), dtype=bool)
        for group in layout.indicators[name].groups():
            both = np.ones(len(frame), dtype=bool)
            for condition in group:
                if condition not in cache:
                    cache[condition] = condition_mask(path, frame, condition)
                both &= cache[condition]
            met |= both
        result[name] = met
    return pd.DataFrame(result, index=frame.index)


def derive_families(
    path, frame: pd.DataFrame, layout: Layout, kode_bps: str, official: set[str], year=None
) -> tuple[pd.DataFrame, list[str]]:
    """Reduce an export's rows to families with their village, year, decile and indicators.

    Parameters
    ----------
    path : Path
        The export (named in messages).
    frame : DataFrame
        Its cells (`analysis.register.reader.read_export`).
    layout : Layout
        The layout whose rules apply.
    kode_bps : str
        The regency's BPS code ("3310"): codes of other regencies are left out.
    official : set of str
        The regency's official village codes.
    year : int, optional
        The data year when the export has no year column.

    Returns
    -------
    families : DataFrame
        One row per (year, family): village_code, year, desil (nullable), the eight indicators
        and family_id (kept in memory to match interventions; never written).
    notes : list of str
        What was left out or tolerated (counts only).
    """
    notes: list[str] = []
    family = frame[key(layout.columns.family_id)]
    _raise_rows(path, frame, family == "", layout.columns.family_id, "reg_exp_family_id")
    codes, keep = _village_codes(path, frame, layout, kode_bps, official, notes)
    rows = indicator_rows(path, frame, layout)
    rows["village_code"] = codes
    rows["year"] = _years(path, frame, layout, year)
    rows["desil"] = _desil(path, frame, layout)
    codes, uniques = pd.factorize(family)
    rows["family"] = codes  # integer keys group faster than text
    rows = rows[keep.to_numpy(dtype=bool)]
    blank = frame.loc[rows.index, [key(c) for c in layout.rule_columns()]].eq("").to_numpy().sum()
    if blank:
        notes.append(f"{int(blank)} blank cell(s) in rule columns counted as not deprived.")
    grouped = rows.groupby(["year", "family"], sort=False)
    families = grouped[list(INDICATORS)].any()
    families["desil"] = grouped["desil"].min()
    families["village_code"] = grouped["village_code"].first().astype(str)
    # the id itself, only to match an intervention table in memory (never in an output)
    families["family_id"] = uniques[families.index.get_level_values("family")]
    if layout.unit == "family" and len(families) < len(rows):
        notes.append(f"{len(rows) - len(families)} duplicated family row(s) were merged.")
    return families.reset_index(level="year").reset_index(drop=True), notes
