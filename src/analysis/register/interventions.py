"""Intervention progress on the eight indicators: families in need, reached, the gap, by village.

The optional intervention table (``village_data.intervention_path``, CSV or XLSX, read with
`analysis.tables.read_table`) has one row per intervention:

``indicator`` (indikator)
    One of `analysis.params.INDICATORS` or an Indonesian alias of `INDICATOR_ALIASES`.
``year`` (tahun)
    The year the intervention was tagged.
``opd`` (dinas, program_opd)
    The responsible OPD, one of `OPD` (an allow-list: the name is published, free text is not).
``family_id`` (id_keluarga) -- or -- ``village_code`` (kode_desa) with ``families``
    A family of the register, or a count of families reached in a village.

Definitions, per village, indicator and register year ``y``: **need** = families of the register
with the indicator in year ``y``; **reached** = those of them tagged with an intervention on that
indicator in year ``y`` or before (any OPD; a family counts once), plus village-level counts
tagged in year ``y`` (capped at the need, noted); **gap** = need - reached; **share reached** =
reached / need. The **OPD** of a row is the OPD that reached most of its families, else the
indicator's default OPD (`DEFAULT_OPD`). Tags of families that are not in need, or not in the
register, are counted in the notes. Everything is computed in memory and protected
(`analysis.register.protect`: need, reached and gap of a village and indicator; reached and gap
withheld together, since either gives the other) before it leaves this module.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from analysis.errors import InputError
from analysis.params import INDICATORS
from analysis.register.messages import rows_message
from analysis.register.protect import suppress_small_cells
from analysis.tables import normalise_column, read_table, spreadsheet_row

OPD = (
    "BAPPERIDA",
    "DINSOS",
    "DINKES",
    "DISDIK",
    "DISDIKBUD",
    "DPUPR",
    "DISPERKIM",
    "DISNAKER",
    "DP3AKB",
    "DPMD",
    "DINPERTAN",
    "DISKOPUKM",
    "BAZNAS",
    "PLN",
)
DEFAULT_OPD = {
    "rtlh": "DISPERKIM",
    "no_electricity": "DPUPR",
    "no_water": "DPUPR",
    "no_latrine": "DINKES",
    "stunting_risk": "DP3AKB",
    "child_out_of_school": "DISDIK",
    "disability": "DINSOS",
    "not_working": "DISNAKER",
}
INDICATOR_ALIASES = {
    "listrik": "no_electricity",
    "air_minum": "no_water",
    "jamban": "no_latrine",
    "stunting": "stunting_risk",
    "anak_tidak_sekolah": "child_out_of_school",
    "disabilitas": "disability",
    "tidak_bekerja": "not_working",
}
COLUMN_ALIASES = {
    "indikator": "indicator",
    "tahun": "year",
    "dinas": "opd",
    "program_opd": "opd",
    "id_keluarga": "family_id",
    "id_keluarga_p3ke": "family_id",
    "kode_desa": "village_code",
    "jumlah_keluarga": "families",
}
MAX_LISTED = 8


def _canonical(name: str) -> str:
    name = normalise_column(name)
    return COLUMN_ALIASES.get(name, name)


def _refuse(table, mask: pd.Series, column: str, expected: str, **fields) -> None:
    if not mask.any():
        return
    flagged = mask.index[mask.to_numpy(dtype=bool)]
    rows = ", ".join(str(spreadsheet_row(table.header_line, i)) for i in flagged[:MAX_LISTED])
    more = len(flagged) - MAX_LISTED
    raise InputError(rows_message(table.where, column, rows, more, expected, **fields))


def read_interventions(path: Path) -> pd.DataFrame:
    """Read and check the intervention table (cells never quoted in messages).

    Returns
    -------
    DataFrame
        indicator, year (int), opd, family_id ("" if none), village_code ("" if none), families
        (int, 0 for family rows).
    """
    table = read_table(
        Path(path),
        ("indicator", "year", "opd"),
        optional=("family_id", "village_code", "families"),
        rename=_canonical,
    )
    frame = table.frame.copy()
    for column in ("family_id", "village_code", "families"):
        if column not in frame:
            frame[column] = ""
    indicator = frame["indicator"].map(normalise_column)
    indicator = indicator.map(lambda v: INDICATOR_ALIASES.get(v, v))
    _refuse(
        table,
        ~indicator.isin(INDICATORS),
        "indicator",
        "reg_exp_one_of",
        choices=", ".join(INDICATORS),
    )
    _refuse(table, ~frame["year"].str.fullmatch(r"\d{4}"), "year", "reg_exp_year")
    opd = frame["opd"].str.upper().str.replace(r"[\s.]", "", regex=True)
    _refuse(table, ~opd.isin(OPD), "opd", "reg_exp_one_of", choices=", ".join(OPD))
    neither = (frame["family_id"] == "") & (frame["village_code"] == "")
    _refuse(table, neither, "family_id", "reg_exp_family_or_village")
    village = frame["family_id"] == ""
    count = pd.to_numeric(frame["families"].where(village, "0"), errors="coerce")
    _refuse(table, village & ~(count >= 0), "families", "reg_exp_whole_families")
    return pd.DataFrame(
        {
            "indicator": indicator,
            "year": frame["year"].astype(int),
            "opd": opd,
            "family_id": frame["family_id"],
            "village_code": frame["village_code"].str.replace(
                r"^(\d{2})(\d{2})(\d{2})(\d{4})$", r"\1.\2.\3.\4", regex=True
            ),
            "families": count.fillna(0).astype("int64"),
        }
    )


def _need_long(families: pd.DataFrame) -> pd.DataFrame:
    """One row per family in need: family_id, year, village_code, indicator."""
    long = families.melt(
        id_vars=["family_id", "year", "village_code"],
        value_vars=list(INDICATORS),
        var_name="indicator",
        value_name="flag",
    )
    return long[long["flag"]].drop(columns="flag")


def progress(families: pd.DataFrame, tags: pd.DataFrame, notes: list[str]) -> pd.DataFrame:
    """Need, reached, gap and OPD per village, indicator and year (not yet protected)."""
    need = _need_long(families)
    by_family = tags[tags["family_id"] != ""]
    first = by_family.groupby(["family_id", "indicator", "opd"], as_index=False)["year"].min()
    first = first.rename(columns={"year": "tagged"})
    matched = need.merge(first, on=["family_id", "indicator"], how="inner")
    matched = matched[matched["tagged"] <= matched["year"]]
    known = set(families["family_id"])
    unknown = int((~by_family["family_id"].isin(known)).sum())
    if unknown:
        notes.append(f"{unknown} intervention tag(s) name families not in the register.")
    keys = ["village_code", "indicator", "year"]
    table = need.groupby(keys).size().rename("need").to_frame()
    reached = matched.drop_duplicates(["family_id", "indicator", "year"]).groupby(keys).size()
    table["reached"] = reached.reindex(table.index, fill_value=0)
    village_tags = tags[tags["family_id"] == ""].groupby(keys)["families"].sum()
    table["reached"] += village_tags.reindex(table.index, fill_value=0)
    capped = table["reached"] > table["need"]
    if capped.any():
        notes.append(f"{int(capped.sum())} village count(s) of reached families above the need.")
    table["reached"] = table["reached"].clip(upper=table["need"])
    table["gap"] = table["need"] - table["reached"]
    by_opd = pd.concat(
        [
            matched.groupby([*keys, "opd"]).size(),
            tags[tags["family_id"] == ""].groupby([*keys, "opd"])["families"].sum(),
        ]
    )
    by_opd = by_opd.groupby(level=[0, 1, 2, 3]).sum().rename("n").reset_index()
    main = by_opd.sort_values([*keys, "n", "opd"], ascending=[True] * 3 + [False, True])
    main = main.drop_duplicates(keys).set_index(keys)["opd"]
    table = table.reset_index()
    default = table["indicator"].map(DEFAULT_OPD)
    table["opd"] = main.reindex(pd.MultiIndex.from_frame(table[keys])).to_numpy()
    table["opd"] = table["opd"].where(table["opd"].notna(), default)
    return table


def protected_progress(
    families: pd.DataFrame, path: Path, official: pd.DataFrame, threshold: int
) -> tuple[pd.DataFrame, list[str]]:
    """Read the intervention table and return protected progress rows with official names."""
    notes: list[str] = []
    table = progress(families, read_interventions(path), notes)
    names = official.set_index("kode_desa")
    table["kecamatan_code"] = table["village_code"].map(names["kode_kecamatan"])
    table["unit"] = table["village_code"] + "|" + table["indicator"]
    protected, protection = suppress_small_cells(
        table,
        ["need", "reached", "gap"],
        ["year", "kecamatan_code", "indicator"],
        threshold,
        # reached + gap = need: either withheld gives the other away, so both go together
        nested=[("reached", "gap"), ("gap", "reached")],
        unit="unit",
    )
    # reached and gap both 0 with a need: withheld, so no share is shown (not "0 % reached")
    shown = (protected["need"] > 0) & ((protected["reached"] > 0) | (protected["gap"] > 0))
    share = 100 * protected["reached"] / protected["need"].clip(lower=1)
    protected["share_reached_pct"] = share.where(shown, np.nan)
    protected["village_name"] = protected["village_code"].map(names["nama_desa"])
    protected["kecamatan_name"] = protected["village_code"].map(names["nama_kecamatan"])
    return protected.drop(columns=["unit", "kecamatan_code"]), notes + protection
