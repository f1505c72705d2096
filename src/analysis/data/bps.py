"""The BPS poverty table: validation of one long table, and the combined table of the raw folder.

`validate_bps` reads and checks one table (cells, the level each code implies, one name per code
or the official names, value ranges, one value per key); `load_bps` returns the combined table of
every BPS table of the raw-data folder (`bps_tables`, `combine_bps`; the disagreements between
them in `load_bps_conflicts`), kept in memory per file and on disk per exact bytes.
"""

from __future__ import annotations

import weakref
from functools import lru_cache
from pathlib import Path

import pandas as pd

from analysis import diskcache, paths
from analysis.data.codes import (
    _check_official_codes,
    _expected_level,
    code_list_file,
    load_bps_codes,
)
from analysis.data.common import (
    _BPS_CODE,
    _add_optional,
    _cell_error,
    _check_allowed,
    _check_pattern,
    _copy_frame,
    _parse_years,
    _require_filled,
)
from analysis.data.series import _INDEX, _index_entry
from analysis.errors import InputError
from analysis.labels import Local, both
from analysis.tables import Table, parse_numbers, read_table
from analysis.yamlread import shown

BPS_COLUMNS = [
    "kode_bps",
    "wilayah",
    "tingkat",
    "tahun",
    "periode",
    "indikator",
    "nilai",
    "kepercayaan",
    "sumber",
    "salinan",
    "catatan",
]
BPS_KEY = ["kode_bps", "tahun", "periode", "indikator"]
LEVELS = {"nasional", "provinsi", "kabupaten", "kota"}
PERIODS = {"maret", "september"}
TRUST_LEVELS = {"A", "B", "C"}
# Plausible value ranges by indicator: (minimum, maximum, unit shown in messages). The poverty line
# has been above Rp 10,000 everywhere since 1990 (rural line 1990: Rp 13,295), so a smaller value
# is a thousands separator read as a decimal point.
# P0 of exactly 0 or 100 is a filled-in placeholder, never a survey estimate; no Indonesian region
# has been below 0.1 % or above 80 % in any BPS release since 1990 (highest regency 2015-2024:
# about 46 %), so values outside are typing or unit errors.
INDICATOR_RANGES = {
    "p0_persen": (0.1, 80.0, "percent of population; 0 and 100 are placeholders, not estimates"),
    "p1": (0.0, 100.0, "poverty gap index"),
    "p2": (0.0, 100.0, "poverty severity index"),
    "jumlah_miskin_ribu": (0.0, 100_000.0, "thousand people"),
    "garis_kemiskinan_rp": (10_000.0, 10_000_000.0, "rupiah per capita per month"),
}

IMPORT_DIR = "impor"


def _check_bps_cells(table: Table) -> None:
    """Check each cell of the BPS table on its own: filled, and a code, year or known word."""
    _require_filled(
        table,
        {
            "kode_bps": Local("errd_d_x_code"),
            "wilayah": Local("errd_d_x_region"),
            "tingkat": Local("errd_d_x_one_of", choices=", ".join(sorted(LEVELS))),
            "tahun": Local("errd_d_x_year"),
            "periode": Local("errd_d_x_one_of", choices=", ".join(sorted(PERIODS))),
            "indikator": Local("errd_d_x_one_of", choices=", ".join(sorted(INDICATOR_RANGES))),
            "nilai": Local("errd_d_x_value"),
            "kepercayaan": Local("errd_d_x_one_of", choices=", ".join(sorted(TRUST_LEVELS))),
        },
    )
    _check_pattern(table, "kode_bps", _BPS_CODE, Local("errd_d_p_code_zeros"))
    table.frame["tahun"] = _parse_years(table, "tahun")
    _check_allowed(table, "tingkat", LEVELS)
    _check_allowed(table, "periode", PERIODS)
    _check_allowed(table, "indikator", set(INDICATOR_RANGES))
    _check_allowed(table, "kepercayaan", TRUST_LEVELS)


def _check_bps_regions(table: Table, one_name: bool = True) -> None:
    """Check that each code's level fits the code and (``one_name``) that each code has one name.

    With the official code list the names are checked against it instead, and spelling variants
    of the official name ("Kep. Bangka Belitung") are accepted.
    """
    frame = table.frame
    implied = frame["kode_bps"].map(_expected_level)
    misfit = frame["tingkat"] != implied
    if misfit.any():
        position = frame.index[misfit][0]
        raise _cell_error(
            table,
            position,
            "tingkat",
            "errd_d_level",
            value=shown(frame["tingkat"][position]),
            code=frame["kode_bps"][position],
            expected=repr(implied[position]),
        )
    if not one_name:
        return
    first_name = frame.groupby("kode_bps")["wilayah"].transform("first")
    renamed = frame["wilayah"] != first_name
    if renamed.any():
        position = frame.index[renamed][0]
        raise _cell_error(
            table,
            position,
            "wilayah",
            "errd_d_renamed",
            value=shown(frame["wilayah"][position]),
            code=frame["kode_bps"][position],
            expected=shown(first_name[position]),
        )


def _check_bps_values(table: Table) -> None:
    """Parse ``nilai``; check each indicator's range and that every key appears once."""
    frame = table.frame
    frame["nilai"] = parse_numbers(
        frame["nilai"], table.where, "nilai", table.header_line, table.notes
    )
    for indicator, (low, high, _unit) in INDICATOR_RANGES.items():
        rows = frame["indikator"] == indicator
        bad = rows & ~frame["nilai"].between(low, high)
        if bad.any():
            position = frame.index[bad][0]
            raise _cell_error(
                table,
                position,
                "nilai",
                "errd_d_range",
                value=f"{frame['nilai'][position]:g}",
                indicator=indicator,
                low=f"{low:g}",
                high=f"{high:g}",
                unit=Local(f"errd_d_unit_{indicator}"),
            )
    duplicated = frame.duplicated(BPS_KEY, keep=False)
    if duplicated.any():
        first = frame.loc[frame.index[duplicated][0]]
        same = frame[duplicated & (frame[BPS_KEY] == first[BPS_KEY]).all(axis=1)]
        rows = ", ".join(str(table.row(r)) for r in same.index[:5])
        values = ", ".join(f"{value:g}" for value in same["nilai"][:5])
        raise InputError(
            both(
                "errd_d_key_twice",
                file=table.where,
                rows=rows,
                columns=", ".join(BPS_KEY),
                code=first["kode_bps"],
                year=first["tahun"],
                period=first["periode"],
                indicator=first["indikator"],
                n=len(same),
                values=values,
            )
        )


def validate_bps(path: Path, codes: pd.DataFrame | None = None) -> pd.DataFrame:
    """Read and validate a BPS long table (the format of ``data/raw/bps_kemiskinan.csv``).

    Parameters
    ----------
    path : Path
        A CSV (or XLSX) file with the columns in `BPS_COLUMNS` (``sumber``, ``salinan`` and
        ``catatan`` may be left out).
    codes : pandas.DataFrame, optional
        The official BPS code list (`load_bps_codes`): every code must be in it and every name
        must be the official name of its code (so a regency filed under another province's code
        is refused).

    Returns
    -------
    pandas.DataFrame
        One row per (kode_bps, tahun, periode, indikator) with ``tahun`` as int and ``nilai`` as
        float; ``attrs["notes"]`` lists what was tolerated and ``attrs["source"]`` the file.

    Raises
    ------
    InputError
        For a missing column, no data rows, an empty cell, a malformed code or year, an unknown
        level, period, indicator or trust grade, a level that does not fit the code, two names for
        one code, a malformed number, a value outside its range, or a key that appears twice.
    """
    path = Path(path)
    table = read_table(path, BPS_COLUMNS[:8], optional=BPS_COLUMNS[8:])
    if table.frame.empty:
        raise InputError(both("errd_d_no_rows", file=table.where, row=table.header_line + 1))
    _add_optional(table, BPS_COLUMNS[8:])
    table.frame = table.frame[BPS_COLUMNS].copy()
    _check_bps_cells(table)
    _check_bps_regions(table, one_name=codes is None)
    if codes is not None:
        _check_official_codes(table, codes)
    _check_bps_values(table)
    frame = table.frame.sort_values(BPS_KEY).reset_index(drop=True)
    frame.attrs["notes"] = table.notes
    frame.attrs["source"] = str(path)
    return frame


@lru_cache(maxsize=8)
def _load_bps_cached(path: Path, mtime: float, codes_key: tuple) -> pd.DataFrame:
    return validate_bps(path, load_bps_codes() if codes_key else None)


def _copy(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of a cached frame whose attrs can be changed without touching the cache."""
    copy = _copy_frame(frame)
    # The copy holds the same rows as the cached frame: it shares the cached frame's series index
    # (built once per process, or inherited from the parent of a forked notebook) instead of
    # building its own. A copy changed in place later is re-indexed (see `series._series_index`).
    _, stamp, index = _index_entry(frame)
    _INDEX[id(copy)] = (weakref.ref(copy), stamp, index)
    return copy


def _file_key(path: Path) -> tuple:
    """(path, modification time) of a file, or () when it does not exist."""
    return (path, path.stat().st_mtime) if path.exists() else ()


def load_bps(path: Path | None = None) -> pd.DataFrame:
    """Return the validated BPS long table (a copy; cached per file and modification time).

    Parameters
    ----------
    path : Path, optional
        One BPS table to read on its own. By default every BPS table of the raw-data folder is
        read and combined (`bps_tables`, `combine_bps`): one value per key by the stated
        precedence, the conflicts in `load_bps_conflicts`.

    Returns
    -------
    pandas.DataFrame
        One row per (kode_bps, tahun, periode, indikator); ``attrs["notes"]`` lists what was
        tolerated, ``attrs["source"]`` names the file(s).

    Raises
    ------
    InputError
        For any invalid row (see `validate_bps`), a code outside the official code list or a name
        that is not its code's official name.
    """
    if path is None:
        return _copy(_combined(_sources_key(paths.DATA_RAW))[0])
    source = Path(path)
    if not source.exists():
        raise InputError(both("errd_d_not_found", file=source))
    codes_key = _file_key(code_list_file())
    return _copy(_load_bps_cached(source, source.stat().st_mtime, codes_key))


def load_bps_conflicts() -> pd.DataFrame:
    """Every disagreement between the BPS tables of the raw-data folder (empty when none).

    One row per pair of rows with the same key and different values: the key, ``wilayah``, the
    kept value with its ``kepercayaan``, ``sumber``, ``salinan`` and ``vintage``, the other one's
    (suffix ``_lain``) and ``alasan``, the precedence rule that decided
    (`analysis.bps_import.precedence.PRECEDENCE`).
    """
    return _combined(_sources_key(paths.DATA_RAW))[1].copy()


def bps_tables(raw_dir: Path) -> list[tuple[Path, str]]:
    """The BPS long tables of a raw-data folder with their vintage, oldest first.

    The top-level CSV files whose header names the BPS columns (vintage '', the oldest), then the
    imports under ``impor/`` in the order they were imported (vintage: the import time in UTC).
    """
    raw_dir = Path(raw_dir)
    found = []
    for path in sorted(raw_dir.glob("*.csv")):
        with open(path, encoding="utf-8-sig") as handle:
            header = handle.readline()
        if set(BPS_COLUMNS[:8]) <= {cell.strip() for cell in header.split(",")}:
            found.append((path, ""))
    # Without a sidecar there are no imports: the importer's package (0.1 s) is not loaded.
    if not any((raw_dir / IMPORT_DIR).glob("bps_*.json")):
        return found
    from analysis.bps_import.precedence import import_records

    for record in import_records(raw_dir / IMPORT_DIR):
        found.append((raw_dir / IMPORT_DIR / record["vintage"], record["utc"]))
    return found


def _sources_key(raw_dir: Path) -> tuple:
    """What the combined table depends on: each table with its vintage and modification time."""
    tables = tuple((path, vintage, path.stat().st_mtime) for path, vintage in bps_tables(raw_dir))
    if not tables:
        columns = ", ".join(BPS_COLUMNS[:8])
        raise InputError(both("errd_d_no_table", folder=raw_dir, columns=columns))
    return tables, _file_key(code_list_file())


@lru_cache(maxsize=2)
def _combined(key: tuple) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The combined table and its conflicts, kept on disk per exact bytes of every table."""
    tables, codes_key = key

    def compute() -> tuple[pd.DataFrame, pd.DataFrame]:
        codes = load_bps_codes() if codes_key else None
        frames, notes = [], []
        for path, vintage, _ in tables:
            frame = validate_bps(path, codes).assign(vintage=vintage)
            notes += [note for note in frame.attrs.get("notes", []) if note not in notes]
            frames.append(frame)
        return combine_bps(frames, codes, notes, [path.name for path, _, _ in tables])

    # Public BPS tables and the official code list only (never a user's file).
    parts = (
        tuple((str(path), vintage, diskcache.file_digest(path)) for path, vintage, _ in tables),
        tuple((str(codes_key[0]), diskcache.file_digest(codes_key[0])) if codes_key else ()),
    )
    return diskcache.cached("bps", parts, compute)


def combine_bps(
    frames: list[pd.DataFrame],
    codes: pd.DataFrame | None = None,
    notes: list[str] | None = None,
    names: list[str] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One value per key from validated BPS tables, and the conflicts between them.

    Parameters
    ----------
    frames : list of pandas.DataFrame
        Validated tables (`validate_bps`), each with a ``vintage`` column ('' for tables that were
        not imported).
    codes : pandas.DataFrame, optional
        The official code list: when given, every row gets its code's official name, so that a
        region is named alike whichever table a year came from.
    notes, names : list of str, optional
        What the readers tolerated, and the file names, kept in ``attrs``.

    Returns
    -------
    table, conflicts : pandas.DataFrame
        See `analysis.bps_import.precedence.combine` (the rule: `PRECEDENCE` there).
    """
    from analysis.bps_import.precedence import combine

    table, conflicts = combine(frames, BPS_KEY, BPS_COLUMNS)
    if codes is not None:
        official = dict(zip(codes["kode_bps"], codes["wilayah"], strict=True))
        table["wilayah"] = table["kode_bps"].map(official).fillna(table["wilayah"])
        conflicts["wilayah"] = conflicts["kode_bps"].map(official).fillna(conflicts["wilayah"])
    table = table.sort_values(BPS_KEY).reset_index(drop=True)
    table.attrs["notes"] = list(notes or [])
    table.attrs["source"] = " + ".join(names or [])
    return table, conflicts
