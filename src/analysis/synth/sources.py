"""Generator inputs read from ``data/raw`` (SIMULASI): lokus counts, persons per household.

* ``lokus_jumlah_publikasi.csv``: published statements on a regency's lokus lists, one row per
  regency and year (count, named or excluded kecamatan, a quota per kecamatan, the source).
  A year between two published years without a statement keeps the list of the year before
  (stated in the plan's ``source``).
* ``jiwa_per_rumah_tangga.csv``: persons per household by regency from a published table
  (Profil Kesehatan Provinsi Jawa Tengah 2021, Tabel 1). The generator uses the household as its
  family unit; registers such as P3KE count families (KK), of which a household may hold more
  than one, so simulated family counts are on the low side. A regency without a row takes the
  median of its province's rows, else of all rows, and the metadata says so.

Both files are registered with their sources in ``data/raw/datapackage.json``.
"""

from __future__ import annotations

import copy
from functools import lru_cache
from pathlib import Path

import pandas as pd

from analysis import paths
from analysis.errors import InputError
from analysis.labels import both
from analysis.tables import read_table
from analysis.yamlread import shown

LOKUS_COUNTS_NAME = "lokus_jumlah_publikasi.csv"
HOUSEHOLD_SIZE_NAME = "jiwa_per_rumah_tangga.csv"
_LOKUS_COLUMNS = ["kode_bps", "tahun", "jumlah_desa"]
_LOKUS_OPTIONAL = ["kecamatan", "kecamatan_dikecualikan", "per_kecamatan", "sumber_url", "catatan"]
_SIZE_COLUMNS = ["kode_bps", "tahun", "jiwa_per_rumah_tangga"]
_SIZE_OPTIONAL = ["wilayah", "penduduk", "rumah_tangga", "sumber_url", "catatan"]


def _read(path: Path, required: list[str], optional: list[str]) -> pd.DataFrame:
    table = read_table(path, required, optional=optional, check_personal=False)
    frame = table.frame.copy()
    for column in optional:
        if column not in frame:
            frame[column] = ""
    return frame.fillna("")


def _integer(value: str, path: Path, row: int, column: str) -> int:
    try:
        return int(str(value).strip())
    except ValueError:
        raise InputError(
            both("errs_syn_whole", file=path.name, row=row + 2, column=column, value=shown(value))
        ) from None


def _names(cell: str) -> list[str]:
    return [name.strip() for name in str(cell).split(";") if name.strip()]


def load_lokus_counts(path: Path | None = None) -> dict[str, dict[int, dict]]:
    """Return the published lokus statements ``{kode_bps: {year: statement}}``.

    A statement has the keys of `analysis.synth.lokus.lokus_plan`: ``n``, ``kecamatan``,
    ``exclude_kecamatan``, ``per_kecamatan`` and ``source`` (the URL, else the note). Years
    between two published years without a row get ``same_as`` the year before. An absent file
    gives no statements (every regency then follows the default plan).

    Raises
    ------
    InputError
        A count or quota that is not a whole number, or a regency-year given twice.
    """
    source = Path(path or paths.DATA_RAW / LOKUS_COUNTS_NAME)
    if not source.exists():
        return {}
    # Read once per file version; the caller gets its own copy to change.
    return copy.deepcopy(_lokus_counts(source, *_version(source)))


def _version(path: Path) -> tuple[int, int]:
    """A file's modification time (ns) and size: a cached reading is redone when either changes."""
    status = path.stat()
    return status.st_mtime_ns, status.st_size


@lru_cache(maxsize=4)
def _lokus_counts(source: Path, *_version) -> dict[str, dict[int, dict]]:
    """`load_lokus_counts` of one version of the file (cached: do not change the result)."""
    frame = _read(source, _LOKUS_COLUMNS, _LOKUS_OPTIONAL)
    plans: dict[str, dict[int, dict]] = {}
    for row, record in enumerate(frame.to_dict(orient="records")):
        code = str(record["kode_bps"]).strip()
        year = _integer(record["tahun"], source, row, "tahun")
        if year in plans.get(code, {}):
            raise InputError(
                both("errs_syn_twice", file=source.name, row=row + 2, code=shown(code), year=year)
            )
        spec: dict = {"n": _integer(record["jumlah_desa"], source, row, "jumlah_desa")}
        if _names(record["kecamatan"]):
            spec["kecamatan"] = _names(record["kecamatan"])
        if _names(record["kecamatan_dikecualikan"]):
            spec["exclude_kecamatan"] = _names(record["kecamatan_dikecualikan"])
        if str(record["per_kecamatan"]).strip():
            spec["per_kecamatan"] = _integer(record["per_kecamatan"], source, row, "per_kecamatan")
        spec["source"] = str(record["sumber_url"]).strip() or str(record["catatan"]).strip()
        plans.setdefault(code, {})[year] = spec
    for plan in plans.values():
        for year in range(min(plan), max(plan)):
            if year not in plan:
                before = max(y for y in plan if y < year)
                plan[year] = {
                    "same_as": before,
                    "source": f"no list published for {year}: the {before} list is assumed "
                    "to continue",
                }
    return {code: dict(sorted(plan.items())) for code, plan in plans.items()}


def persons_per_household(kode_bps: str, path: Path | None = None) -> tuple[float, str]:
    """Return persons per household for a regency and where the number comes from.

    The regency's row when there is one; else the median of the rows of its province (the
    first two digits of the code), else of all rows.

    Raises
    ------
    InputError
        The file is missing or has no usable row.
    """
    source = Path(path or paths.DATA_RAW / HOUSEHOLD_SIZE_NAME)
    if not source.exists():
        raise InputError(both("errs_syn_missing_file", file=source.name, folder=source.parent))
    frame, values, codes = _household_sizes(source, *_version(source))
    own = values[codes == kode_bps]
    if len(own):
        year = frame.loc[codes == kode_bps, "tahun"].iloc[0]
        return float(own.iloc[0]), f"{source.name}: {kode_bps}, {year}"
    province = values[codes.str[:2] == kode_bps[:2]]
    if len(province):
        return (
            float(province.median()),
            f"{source.name}: median of the {len(province)} regencies of province "
            f"{kode_bps[:2]} (no row for {kode_bps})",
        )
    if not len(values):
        raise InputError(both("errs_syn_no_rows", file=source.name))
    return (
        float(values.median()),
        f"{source.name}: median of all {len(values)} rows (no row for {kode_bps} or its province)",
    )


@lru_cache(maxsize=4)
def _household_sizes(source: Path, *_version) -> tuple[pd.DataFrame, pd.Series, pd.Series]:
    """The checked table of persons per household, its numbers and its codes (one version of the
    file, cached: do not change the result)."""
    frame = _read(source, _SIZE_COLUMNS, _SIZE_OPTIONAL)
    values = pd.to_numeric(frame["jiwa_per_rumah_tangga"], errors="coerce")
    codes = frame["kode_bps"].astype(str).str.strip()
    bad = values.isna() | (values < 1) | (values > 10)
    if bad.any():
        row = int(bad.to_numpy().nonzero()[0][0])
        raise InputError(
            both(
                "errs_syn_persons",
                file=source.name,
                row=row + 2,
                value=shown(frame["jiwa_per_rumah_tangga"].iloc[row]),
            )
        )
    return frame, values, codes
