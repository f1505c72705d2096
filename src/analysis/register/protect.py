"""Small-cell protection of village aggregates (statistical disclosure control).

Every aggregate leaves `analysis.register` through `suppress_small_cells`, once.

Method
------
* Primary suppression: a count ``c`` with ``0 < c < threshold`` (default 3 families, the
  ``village_data.small_cell_threshold`` parameter) is withheld. Zeros are not: a zero says that no
  family has the attribute, which discloses nothing about a particular family.
* Secondary (complementary) suppression: kecamatan and regency totals of the same registers are
  published elsewhere (the P3KE dashboard, Dinas Sosial reports), so a single withheld cell in a
  kecamatan could be recovered by subtracting the published cells from that total. For each
  column, year and kecamatan with exactly one withheld cell, the next-smallest cell of the same
  group (smallest NON-ZERO count, ties by village code; a zero only if no other cell is
  non-zero) is withheld too. Groups are disjoint and nested in the regency, so afterwards every
  group with a withheld cell has at least two, and the regency total minus the published cells
  is a sum of at least two unknown cells.
* A part of a withheld count (decile 1 of a withheld deciles 1-4) is withheld with it; the
  complementary step is repeated until nothing changes.
* A village whose family count is withheld (in any year) is left out of the panel entirely;
  other withheld cells are published as 0 ("fewer than the threshold, or withheld to protect
  another cell") and counted in the notes. Counts derived later (shares, kecamatan sums) are
  therefore computed from published cells only and cannot reveal a withheld one.
* Cost: a complementary cell may be large (the next-smallest count of a kecamatan), and the
  rankings then see a 0 there; with real registers (hundreds of families per village) primary
  cells are rare outside rare indicators, and the notes say how many cells were withheld.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

DEFAULT_THRESHOLD = 3


def primary_mask(values: pd.DataFrame, threshold: int) -> pd.DataFrame:
    """Cells with ``0 < count < threshold``."""
    return (values > 0) & (values < threshold)


def secondary_mask(
    values: pd.DataFrame, primary: pd.DataFrame, groups: pd.Series, order: pd.Series
) -> pd.DataFrame:
    """Complementary cells: in each group and column with one withheld cell, the next-smallest.

    Parameters
    ----------
    values : DataFrame
        Counts, one column per published count.
    primary : DataFrame
        Cells already withheld (same shape).
    groups : Series
        Group label of each row (cells that add up to a published total).
    order : Series
        Tie-breaker of each row (e.g. the village code).

    Returns
    -------
    DataFrame
        Booleans: the cells to withhold in addition.
    """
    extra = pd.DataFrame(False, index=values.index, columns=values.columns)
    for column in values.columns:
        withheld = primary[column]
        lonely = withheld.groupby(groups).transform("sum") == 1
        candidates = pd.DataFrame(
            {
                "group": groups,
                # A withheld cell is shown as 0, so a zero complement hides nothing when the group
                # has no other zero: a non-zero cell is taken whenever there is one.
                "zero": values[column] == 0,
                "value": values[column],
                "order": order,
            }
        )[lonely & ~withheld]
        ranked = candidates.sort_values(["group", "zero", "value", "order"], kind="stable")
        # A one-village group has no candidate: its total is the cell (left to the caller).
        extra.loc[ranked.drop_duplicates("group").index, column] = True
    return extra


def suppress_small_cells(
    table: pd.DataFrame,
    columns,
    group_columns,
    threshold: int = DEFAULT_THRESHOLD,
    nested=(),
    unit: str = "village_code",
) -> tuple[pd.DataFrame, list[str]]:
    """Withhold small counts and their complements; drop villages whose family count is withheld.

    Parameters
    ----------
    table : DataFrame
        One row per village and year with ``village_code``, the ``group_columns`` and the counts.
    columns : sequence of str
        The counts to protect; the first is the total of the row (``families``).
    group_columns : sequence of str
        Columns defining groups with published totals (e.g. ``["year", "kecamatan_code"]``).
    threshold : int
        Counts ``0 < c < threshold`` are withheld (1 disables protection).
    nested : sequence of (part, whole)
        Counts bounded by another (decile 1 <= deciles 1-4): a withheld whole withholds its part,
        so that a published part never exceeds the 0 shown for its whole. Secondary suppression
        and this rule are repeated until nothing changes.
    unit : str
        The column naming the unit a row belongs to across years (the village); it breaks ties
        and a unit whose total is withheld leaves the table in every year.

    Returns
    -------
    protected : DataFrame
        The table with withheld cells set to 0 and withheld villages removed.
    notes : list of str
        How many cells were withheld, by kind.
    """
    columns = list(columns)
    table = table.reset_index(drop=True)
    values = table[columns].astype("int64")
    primary = primary_mask(values, threshold)
    groups = table[list(group_columns)].astype(str).agg("|".join, axis=1)
    withheld = primary.copy()
    while True:  # adds cells only, so it ends (after two or three rounds in practice)
        before = int(withheld.to_numpy().sum())
        withheld |= secondary_mask(values, withheld, groups, table[unit])
        for part, whole in nested:
            withheld[part] |= withheld[whole]
        if int(withheld.to_numpy().sum()) == before:
            break
    secondary = withheld & ~primary
    # A village is left out in every year when one year's family count is withheld: the panel
    # has one row per village for every year.
    gone = set(table.loc[withheld[columns[0]].to_numpy(), unit])
    dropped = table[unit].isin(gone).to_numpy()
    protected = table.copy()
    protected[columns] = np.where(withheld, 0, values)
    protected = protected[~dropped].reset_index(drop=True)
    notes = []
    if withheld.to_numpy().any():
        notes.append(
            f"small-cell protection (threshold {threshold} families): "
            f"{int(primary.to_numpy().sum())} cell(s) below the threshold and "
            f"{int(secondary.to_numpy().sum())} complementary cell(s) withheld and shown as 0"
            + (f"; {len(gone)} village(s) left out" if dropped.any() else "")
            + "."
        )
    return protected, notes
