"""Load and validate the raw data under ``data/raw/`` into tidy pandas frames.

Every table is read by `analysis.tables.read_table` (header below title rows, commas, semicolons or
tabs, UTF-8, spreadsheet row numbers; see there for what is tolerated and what is refused) and its
numbers by `analysis.tables.parse_numbers` (Indonesian decimal commas when unambiguous). Every
loader here then checks what it read (columns, types, code formats, value ranges, one value per
key) and raises `InputError` naming the file, the row as a spreadsheet shows it, the column, the
value and what was expected. What was tolerated is listed in ``frame.attrs["notes"]`` so that the
build can put it into ``run.json`` and the brief's notes.
"""

from __future__ import annotations

import re
import weakref
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from analysis import diskcache, paths, regencies
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
YEAR_RANGE = (1990, 2100)
CODE_LIST = regencies.CODE_LIST
IMPORT_DIR = "impor"

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


def _expected_level(code: str) -> str:
    """The level a BPS code implies: 0000 nation, xx00 province, xx7x city, else regency."""
    if code == "0000":
        return "nasional"
    if code.endswith("00"):
        return "provinsi"
    return "kota" if code[2] == "7" else "kabupaten"


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
    # building its own. A copy changed in place later is re-indexed (see `_series_index`).
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


def code_list_file() -> Path:
    """The official BPS code list of the raw-data folder (``kode_wilayah_bps.csv``)."""
    return paths.DATA_RAW / CODE_LIST


@lru_cache(maxsize=2)
def _codes_cached(path: Path, mtime: float) -> pd.DataFrame:
    parts = (str(path), diskcache.file_digest(path))
    return diskcache.cached("codes", parts, lambda: _read_codes(path))


def _read_codes(path: Path) -> pd.DataFrame:
    """Read and check the official BPS code list."""
    table = read_table(
        path, ["kode_bps", "wilayah", "tingkat", "kode_kemendagri"], optional=["kode_bps_lama"]
    )
    _add_optional(table, ["kode_bps_lama"])
    _check_pattern(table, "kode_bps", _BPS_CODE, Local("errd_d_x_code"))
    frame = table.frame
    twice = frame["kode_bps"].duplicated()
    if twice.any():
        position = frame.index[twice][0]
        code = frame["kode_bps"][position]
        raise _cell_error(table, position, "kode_bps", "errd_d_code_twice", code=code)
    return frame[["kode_bps", "wilayah", "tingkat", "kode_kemendagri", "kode_bps_lama"]]


def load_bps_codes() -> pd.DataFrame:
    """The official BPS codes: kode_bps, wilayah, tingkat, kode_kemendagri, kode_bps_lama.

    Raises `InputError` when the list is missing, a code is malformed or appears twice.
    """
    path = code_list_file()
    if not path.exists():
        raise InputError(both("errd_d_no_codes", file=path))
    return _codes_cached(path, path.stat().st_mtime).copy()


def _check_official_codes(table: Table, codes: pd.DataFrame) -> None:
    """Refuse a code outside the official list and a name that is not its code's official name."""
    from analysis.bps_import.names import normalise

    frame = table.frame
    official = dict(zip(codes["kode_bps"], codes["wilayah"], strict=True))
    unknown = ~frame["kode_bps"].isin(official)
    if unknown.any():
        position = frame.index[unknown][0]
        code = frame["kode_bps"][position]
        name = shown(frame["wilayah"][position])
        raise _cell_error(
            table, position, "kode_bps", "errd_d_unofficial", code=code, name=name, codes=CODE_LIST
        )
    keys = {code: normalise(name)[1] for code, name in official.items()}
    by_key: dict[str, list[str]] = {}
    for code, key in keys.items():
        by_key.setdefault(key, []).append(code)
    pairs = frame.drop_duplicates(["kode_bps", "wilayah"])  # each name once per code
    for position, code, name in zip(pairs.index, pairs["kode_bps"], pairs["wilayah"], strict=True):
        level, key, _ = normalise(name)
        if key == keys[code] and level in (None, _expected_level(code)):
            continue
        others = [c for c in by_key.get(key, []) if c != code and c[:2] != code[:2]]
        where: str | tuple = ""
        if others and code != "0000":
            where = _elsewhere(shown(name), code, others, official)
        raise _cell_error(
            table,
            position,
            "wilayah",
            "errd_d_not_official_name",
            value=shown(name),
            code=code,
            official=repr(official[code]),
            where=where,
        )


def _elsewhere(name: str, code: str, others: list[str], official: dict) -> tuple:
    """Where a name belongs (its codes in other provinces), as a catalogue piece of a message."""
    homes = [
        Local("errd_d_home", code=other, province=official[province_code(other)])
        for other in others
    ]
    return Local(
        "errd_d_name_elsewhere",
        value=name,
        homes=homes,
        digits=code[:2],
        province=official[province_code(code)],
    )


def indicator_series(
    bps: pd.DataFrame, kode_bps: str, indikator: str = "p0_persen", periode: str = "maret"
) -> pd.Series:
    """Return one region's indicator as a float Series indexed by year (missing years absent)."""
    years, values = _series_index(bps).get((kode_bps, indikator, periode), _EMPTY)
    return pd.Series(
        values.copy(),
        index=pd.Index(years.copy(), dtype="int64", name="tahun"),
        dtype="float64",
        name=f"{kode_bps}:{indikator}",
    )


# Every series of a table, indexed once: a brief reads hundreds of series (each regency of the
# province, every province for the forecast), and a boolean mask over the 10,000 text rows costs
# about 10 ms each time. The index is kept per table object and rebuilt when its rows change
# (row count or the sums of tahun and nilai differ), so a table edited in place is re-read.
_EMPTY = (np.zeros(0, dtype="int64"), np.zeros(0, dtype="float64"))
_INDEX: dict[int, tuple[weakref.ref, tuple, dict]] = {}


def _series_index(bps: pd.DataFrame) -> dict[tuple[str, str, str], tuple[np.ndarray, np.ndarray]]:
    return _index_entry(bps)[2]


def _index_entry(bps: pd.DataFrame) -> tuple[weakref.ref, tuple, dict]:
    years = bps["tahun"].to_numpy(dtype="int64")
    values = bps["nilai"].to_numpy(dtype="float64")
    stamp = (len(bps), int(years.sum()), float(np.nansum(values)))
    entry = _INDEX.get(id(bps))
    if entry is not None and entry[0]() is bps and entry[1] == stamp:
        return entry
    keys = list(
        zip(
            bps["kode_bps"].to_numpy(dtype=object),
            bps["indikator"].to_numpy(dtype=object),
            bps["periode"].to_numpy(dtype=object),
            strict=True,
        )
    )
    positions: dict[tuple, list[int]] = {}
    for position, key in enumerate(keys):
        positions.setdefault(key, []).append(position)
    index = {}
    for key, rows in positions.items():
        order = np.asarray(rows)[np.argsort(years[rows], kind="stable")]
        index[tuple(str(part) for part in key)] = (years[order], values[order])
    for stale in [k for k, (ref, _, _) in _INDEX.items() if ref() is None]:
        del _INDEX[stale]
    _INDEX[id(bps)] = (weakref.ref(bps), stamp, index)
    return _INDEX[id(bps)]


def province_code(kode_bps: str) -> str:
    """Return the BPS code of a regency's province ("3310" -> "3300")."""
    return kode_bps[:2] + "00"


# The 2022 split of Papua (UU 14, 15, 16 and 29/2022): each new province and the province its
# regencies belonged to before. BPS published the March figures for the old boundaries up to 2023
# (the 2024 rows of the table are marked "sesudah pemekaran"), so until LAST_YEAR_BEFORE_SPLIT a
# regency of a new province is compared with the province it was in, and the figures of Papua and
# Papua Barat before and after the split are different areas: no change is computed across it.
PROVINCE_BEFORE_SPLIT = {"9200": "9100", "9500": "9400", "9600": "9400", "9700": "9400"}
LAST_YEAR_BEFORE_SPLIT = 2023
_SPLIT_PROVINCES = set(PROVINCE_BEFORE_SPLIT) | set(PROVINCE_BEFORE_SPLIT.values())


def province_series(
    bps: pd.DataFrame, province: str, indikator: str = "p0_persen", periode: str = "maret"
) -> pd.Series:
    """A province's figures within its current boundaries (for changes, paces and forecasts).

    For the provinces of the 2022 Papua split the years up to `LAST_YEAR_BEFORE_SPLIT` are left
    out: they describe another area, and a change across the split is not a change of poverty.
    """
    series = indicator_series(bps, province, indikator, periode)
    if province in _SPLIT_PROVINCES:
        series = series[series.index > LAST_YEAR_BEFORE_SPLIT]
    return series


def province_as_it_was(
    bps: pd.DataFrame, kode_bps: str, indikator: str = "p0_persen", periode: str = "maret"
) -> pd.Series:
    """The figure of the province a regency belonged to in each year (levels, not changes).

    A regency of a province created by the 2022 split gets the older province's figures up to
    `LAST_YEAR_BEFORE_SPLIT` and its own province's after; other regencies get their province's.
    """
    province = province_code(kode_bps)
    current = indicator_series(bps, province, indikator, periode)
    before = PROVINCE_BEFORE_SPLIT.get(province)
    if before is None:
        return current
    older = indicator_series(bps, before, indikator, periode)
    older = older[older.index <= LAST_YEAR_BEFORE_SPLIT]
    joined = pd.concat([older, current[current.index > LAST_YEAR_BEFORE_SPLIT]]).sort_index()
    joined.name = current.name
    return joined


def province_history(bps: pd.DataFrame, kode_bps: str) -> dict | None:
    """Where a regency's province comparison breaks (the 2022 Papua split), or None.

    Returns
    -------
    dict or None
        ``province`` and ``before`` (names), ``until`` (last year compared with the older
        province) and ``first_own`` (first year with the new province's own P0, None if none).
    """
    province = province_code(kode_bps)
    if province not in _SPLIT_PROVINCES:
        return None
    before = PROVINCE_BEFORE_SPLIT.get(province, province)
    own = province_series(bps, province)
    return {
        "province": region_name(bps, province) if (bps["kode_bps"] == province).any() else province,
        "before": region_name(bps, before) if (bps["kode_bps"] == before).any() else before,
        "until": LAST_YEAR_BEFORE_SPLIT,
        "first_own": int(own.index.min()) if len(own) else None,
    }


def regencies_of_province(
    bps: pd.DataFrame, province: str, indikator: str = "p0_persen"
) -> list[str]:
    """Return the codes of every regency/city of a province that has that indicator."""
    rows = bps[
        (bps["tingkat"].isin(["kabupaten", "kota"]))
        & (bps["indikator"] == indikator)
        & (bps["kode_bps"].str[:2] == province[:2])
    ]
    return sorted(rows["kode_bps"].unique())


def region_name(bps: pd.DataFrame, kode_bps: str) -> str:
    """Return the name BPS uses for a region code."""
    names = bps.loc[bps["kode_bps"] == kode_bps, "wilayah"]
    if names.empty:
        raise InputError(both("errd_d_not_in_table", code=kode_bps))
    return str(names.iloc[0])


def kemendagri_code(kode_bps: str) -> str:
    """Return the Kemendagri regency code for a BPS regency code ("3310" -> "33.10").

    The two numberings differ for 178 regencies (BPS 1101 Simeulue is Kemendagri 11.09; the
    Papua provinces of 2022 are 95-97 at BPS and 93-95 at Kemendagri), so the official code list
    is asked first; a code it lacks is written with a dot.
    """
    path = code_list_file()
    if path.exists():
        codes = _codes_cached(path, path.stat().st_mtime)
        found = codes.loc[codes["kode_bps"] == kode_bps, "kode_kemendagri"]
        if not found.empty and found.iloc[0]:
            return str(found.iloc[0])
    return f"{kode_bps[:2]}.{kode_bps[2:]}"


def _read_area(name: str, pattern: re.Pattern, parent: str | None) -> pd.DataFrame:
    """Read one official area list (code, parent code, name), refusing malformed or twice codes."""
    path = paths.AREA_DIR / f"{name}.csv"
    # The lists name places in a column "name", which the personal-data check would refuse.
    table = read_table(path, ["code", "name"] + ([parent] if parent else []), check_personal=False)
    example = {"regencies": "33.10", "districts": "33.10.03"}.get(name, "33.10.03.2009")
    _check_pattern(table, "code", pattern, Local("errd_d_p_kemendagri", example=example))
    frame = table.frame
    duplicated = frame["code"].duplicated()
    if duplicated.any():
        position = frame.index[duplicated][0]
        code = frame["code"][position]
        raise _cell_error(table, position, "code", "errd_d_code_twice", code=code)
    return frame


@lru_cache(maxsize=1)
def _official_area() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The official regency, district and village lists, kept on disk per exact bytes."""

    def compute() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
        regencies = _read_area("regencies", REGENCY_CODE, "province_code")
        districts = _read_area("districts", DISTRICT_CODE, "regency_code")
        villages = _read_area("villages", VILLAGE_CODE, "district_code")
        return regencies, districts, villages

    return diskcache.cached("area", _area_parts(), compute)


def _area_parts() -> tuple:
    """What the official area lists depend on: each file's path and bytes."""
    files = [paths.AREA_DIR / f"{name}.csv" for name in ("regencies", "districts", "villages")]
    return tuple((str(path), diskcache.file_digest(path)) for path in files)


def load_official_regencies() -> pd.DataFrame:
    """Return the 514 official regencies: kode_kabupaten ("33.10"), kode_bps, nama, province."""
    regencies, _, _ = _official_area()
    return pd.DataFrame(
        {
            "kode_kabupaten": regencies["code"],
            "kode_bps": regencies["code"].str.replace(".", "", regex=False),
            "nama": regencies["name"],
            "kode_provinsi": regencies["province_code"],
        }
    )


def load_official_villages(kode_bps: str) -> pd.DataFrame:
    """Return every official Kemendagri village of a regency, with its kecamatan.

    Columns: kode_desa ("33.10.03.2009"), nama_desa, kode_kecamatan ("33.10.03"),
    nama_kecamatan. Raises `InputError` if the regency has no villages in the official list.
    """
    return _official_villages(kode_bps).copy()


@lru_cache(maxsize=4)
def _official_villages(kode_bps: str) -> pd.DataFrame:
    """`load_official_villages` kept per regency (the pockets, impact and lokus steps ask for the
    same regency; a prefix match over 84,000 codes costs about 20 ms each time)."""
    _, districts, villages = _official_area()
    prefix = kemendagri_code(kode_bps) + "."
    if len(prefix) == 6:  # "33.10.": the regency part of every village code
        own = villages.iloc[_village_rows_by_regency().get(prefix, [])]
    else:
        own = villages[villages["code"].str.startswith(prefix)]
    if own.empty:
        file = paths.AREA_DIR / "villages.csv"
        raise InputError(both("errd_d_no_villages", code=kode_bps, prefix=prefix[:-1], file=file))
    merged = own.merge(
        districts, left_on="district_code", right_on="code", suffixes=("_desa", "_kecamatan")
    )
    result = pd.DataFrame(
        {
            "kode_desa": merged["code_desa"],
            "nama_desa": merged["name_desa"],
            "kode_kecamatan": merged["district_code"],
            "nama_kecamatan": merged["name_kecamatan"],
        }
    )
    return result.sort_values("kode_desa").reset_index(drop=True)


def index_official_villages() -> None:
    """Build the per-regency index of the official village list now (a build's parent does, so
    that every notebook process forked from it inherits the index)."""
    _village_rows_by_regency()


@lru_cache(maxsize=1)
def _village_rows_by_regency() -> dict[str, np.ndarray]:
    """Row positions of the official village list per regency prefix ("33.10."), built once per
    process (in a batch, in the parent) instead of a prefix match over 84,000 codes per regency."""
    _, _, villages = _official_area()
    prefixes = villages["code"].str[:6].to_numpy(dtype=object)
    order = np.argsort(prefixes, kind="stable")
    keys, starts = np.unique(prefixes[order], return_index=True)
    return dict(zip(keys, np.split(order, starts[1:]), strict=True))


@lru_cache(maxsize=1)
def _village_counts() -> dict[str, tuple[int, int]]:
    """Per regency prefix ("33.10."): (villages listed, villages whose kecamatan is listed)."""

    def compute() -> dict[str, tuple[int, int]]:
        _, districts, villages = _official_area()
        prefixes = villages["code"].str[:6]
        listed = prefixes.value_counts()
        kept = prefixes[villages["district_code"].isin(districts["code"])].value_counts()
        return {key: (int(count), int(kept.get(key, 0))) for key, count in listed.items()}

    return diskcache.cached("village_counts", _area_parts(), compute)


def official_village_count(kode_bps: str) -> int:
    """The number of rows `load_official_villages` returns for a regency, without building them.

    Raises `InputError`, as `load_official_villages` does, when the regency has no villages in the
    official list.
    """
    prefix = kemendagri_code(kode_bps) + "."
    listed, kept = _village_counts().get(prefix, (0, 0))
    if not listed or len(prefix) != 6:  # none (its error), or not the "33.10." form counted
        return len(load_official_villages(kode_bps))
    return kept


def load_lokus(path: Path | None = None) -> pd.DataFrame:
    """Return the published priority villages (lokus) with year, official codes and sources.

    Read once per file version in a process (a copy each call).

    Raises `InputError` for a malformed year or Kemendagri code, a village whose kecamatan code is
    not the start of its village code, or a village listed twice for one year.
    """
    source = Path(path or paths.LOKUS_FILE)
    if not source.exists():
        return _read_lokus(source)  # the file's own "not found" message
    info = source.stat()
    return _copy_frame(_lokus_cached(source, info.st_mtime_ns, info.st_size))


def _copy_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of a cached frame whose attrs (lists included) can be changed without the cache."""
    copy = frame.copy()
    copy.attrs = {key: list(v) if isinstance(v, list) else v for key, v in frame.attrs.items()}
    return copy


@lru_cache(maxsize=4)
def _lokus_cached(source: Path, mtime_ns: int, size: int) -> pd.DataFrame:
    return _read_lokus(source)


def _read_lokus(source: Path) -> pd.DataFrame:
    columns = [
        "tahun",
        "kode_desa",
        "nama_desa",
        "kode_kecamatan",
        "nama_kecamatan",
        "sumber_url",
        "catatan",
    ]
    table = read_table(source, columns[:5], optional=columns[5:])
    _add_optional(table, columns[5:])
    frame = table.frame
    frame["tahun"] = _parse_years(table, "tahun")
    _check_pattern(table, "kode_desa", VILLAGE_CODE, Local("errd_d_p_village"))
    _check_pattern(table, "kode_kecamatan", DISTRICT_CODE, Local("errd_d_p_district"))
    elsewhere = frame["kode_desa"].str[:8] != frame["kode_kecamatan"]
    if elsewhere.any():
        position = frame.index[elsewhere][0]
        raise _cell_error(
            table,
            position,
            "kode_kecamatan",
            "errd_d_lokus_district",
            value=shown(frame["kode_kecamatan"][position]),
            village=frame["kode_desa"][position],
            expected=repr(frame["kode_desa"][position][:8]),
        )
    duplicated = frame.duplicated(["tahun", "kode_desa"])
    if duplicated.any():
        position = frame.index[duplicated][0]
        raise _cell_error(
            table,
            position,
            "kode_desa",
            "errd_d_lokus_twice",
            village=frame["kode_desa"][position],
            year=frame["tahun"][position],
        )
    result = frame[columns].reset_index(drop=True)
    result.attrs["notes"] = table.notes
    return result


def load_targets(path: Path | None = None) -> pd.DataFrame:
    """Return the stated poverty targets: kode_bps, wilayah, tahun, indikator, bounds, source.

    Raises `InputError` for a malformed code, year or number, an empty bound, a percentage outside
    0-100 or a lower bound above the upper bound.
    """
    source = Path(path or paths.TARGETS_FILE)
    columns = [
        "kode_bps",
        "wilayah",
        "tahun",
        "indikator",
        "nilai_bawah",
        "nilai_atas",
        "jenis",
        "sumber_url",
        "catatan",
    ]
    table = read_table(source, columns[:7], optional=columns[7:])
    _add_optional(table, columns[7:])
    frame = table.frame
    _require_filled(
        table,
        {
            "kode_bps": Local("errd_d_x_code"),
            "tahun": Local("errd_d_x_target_year"),
            "indikator": Local("errd_d_x_indicator"),
            "nilai_bawah": Local("errd_d_x_low"),
            "nilai_atas": Local("errd_d_x_high"),
            "jenis": Local("errd_d_x_kind"),
        },
    )
    _check_pattern(table, "kode_bps", _BPS_CODE, Local("errd_d_p_code"))
    frame["tahun"] = _parse_years(table, "tahun")
    for column in ["nilai_bawah", "nilai_atas"]:
        frame[column] = parse_numbers(
            frame[column], table.where, column, table.header_line, table.notes
        )
        percent = frame["indikator"].str.endswith("_persen")
        outside = percent & ~frame[column].between(0, 100)
        if outside.any():
            position = frame.index[outside][0]
            value = f"{frame[column][position]:g}"
            raise _cell_error(table, position, column, "errd_d_percent_range", value=value)
    inverted = frame["nilai_bawah"] > frame["nilai_atas"]
    if inverted.any():
        position = frame.index[inverted][0]
        raise _cell_error(
            table,
            position,
            "nilai_bawah",
            "errd_d_inverted",
            low=f"{frame['nilai_bawah'][position]:g}",
            high=f"{frame['nilai_atas'][position]:g}",
        )
    result = frame[columns].reset_index(drop=True)
    result.attrs["notes"] = table.notes
    return result


def official_place_names() -> frozenset[str]:
    """Return the official names of every village, kecamatan and regency (for the privacy guard)."""
    regencies, districts, villages = _official_area()
    return frozenset(pd.concat([regencies["name"], districts["name"], villages["name"]]))
