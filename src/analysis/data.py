"""Load and validate the raw data under ``data/raw/`` into tidy pandas frames.

Every loader checks what it reads (columns, types, code formats, value ranges, one value per key)
and raises `InputError` naming the file, the row as a spreadsheet shows it, the column and the
value. BPS exports are read tolerantly where that is unambiguous: a title row above the header is
skipped and a file that writes every decimal with a comma is read as such; what was tolerated is
recorded in ``frame.attrs["notes"]`` so the build can put it into ``run.json``.
"""

from __future__ import annotations

import io
import re
from functools import lru_cache
from pathlib import Path

import pandas as pd

from analysis import paths
from analysis.errors import InputError

BPS_COLUMNS = [
    "kode_bps", "wilayah", "tingkat", "tahun", "periode", "indikator", "nilai",
    "kepercayaan", "sumber", "salinan", "catatan",
]
BPS_KEY = ["kode_bps", "tahun", "periode", "indikator"]
LEVELS = {"nasional", "provinsi", "kabupaten", "kota"}
PERIODS = {"maret", "september"}
TRUST_LEVELS = {"A", "B", "C"}
# Plausible value ranges by indicator: (minimum, maximum, unit shown in messages).
INDICATOR_RANGES = {
    "p0_persen": (0.0, 100.0, "percent of population"),
    "p1": (0.0, 100.0, "poverty gap index"),
    "p2": (0.0, 100.0, "poverty severity index"),
    "jumlah_miskin_ribu": (0.0, 100_000.0, "thousand people"),
    "garis_kemiskinan_rp": (1.0, 10_000_000.0, "rupiah per capita per month"),
}
YEAR_RANGE = (1990, 2100)

_PLAIN_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
_COMMA_DECIMAL = re.compile(r"^-?\d+,\d+$")
_THOUSANDS = re.compile(r"^-?\d{1,3}([.,]\d{3})+([.,]\d+)?$")
VILLAGE_CODE = re.compile(r"^\d{2}\.\d{2}\.\d{2}\.\d{4}$")
DISTRICT_CODE = re.compile(r"^\d{2}\.\d{2}\.\d{2}$")
REGENCY_CODE = re.compile(r"^\d{2}\.\d{2}$")


def _spreadsheet_row(header_line: int, position: int) -> int:
    """Row number a user sees in a spreadsheet for the data row at 0-based ``position``."""
    return header_line + 2 + position


def read_table(path: Path, required: list[str]) -> tuple[pd.DataFrame, int, list[str]]:
    """Read a CSV file as text, finding the header row among the first lines.

    Returns the frame (all columns as strings), the 0-based line of the header and notes on what
    was tolerated. Raises `InputError` for an empty file, a file that is not UTF-8, or a file
    whose header lacks required columns.
    """
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path}: file not found.")
    raw = path.read_bytes()
    if not raw.strip():
        raise InputError(f"{path}: the file is empty; expected a CSV table with a header row "
                         f"({', '.join(required)}).")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise InputError(
            f"{path}, line {line}: the file is not UTF-8 text (byte {raw[error.start]:#x}); "
            "expected UTF-8. Save it again as 'CSV UTF-8' (in Excel: Save As > CSV UTF-8)."
        ) from None
    lines = text.splitlines()
    header_line = None
    for number, line in enumerate(lines[:15]):
        cells = [cell.strip().strip('"') for cell in line.split(",")]
        if all(column in cells for column in required):
            header_line = number
            break
    if header_line is None:
        first = lines[0][:80] if lines else ""
        raise InputError(
            f"{path}: no header row with the columns {', '.join(required)} in the first 15 lines "
            f"(line 1 reads {first!r})."
        )
    notes = []
    if header_line > 0:
        notes.append(f"{path.name}: skipped {header_line} title line(s) above the header.")
    frame = pd.read_csv(
        io.StringIO("\n".join(lines[header_line:])), dtype=str, keep_default_na=False,
        skipinitialspace=True,
    )
    return frame, header_line, notes


def parse_numbers(values: pd.Series, path: Path, column: str, header_line: int,
                  notes: list[str]) -> pd.Series:
    """Parse a text column of numbers, tolerating decimal commas only when unambiguous.

    Every value must be a plain number ("11.00"). A file that writes all its decimals with a comma
    ("11,00") and never with a point is read as such (a BPS export in Indonesian locale). Values with
    thousands separators ("141.840", "1.234,5") are refused because they cannot be told apart from
    decimals.
    """
    text = values.str.strip()
    present = text != ""
    comma = text.str.match(_COMMA_DECIMAL) & present
    plain = text.str.match(_PLAIN_NUMBER) & present
    dotted_decimal = plain & text.str.contains(".", regex=False)
    for position in values.index[present & ~plain & ~comma]:
        value = text[position]
        kind = ("a thousands separator" if _THOUSANDS.match(value) else "not a number")
        raise InputError(
            f"{path}, row {_spreadsheet_row(header_line, position)}, column '{column}': value "
            f"{value!r} is {kind}; expected a plain number with a decimal point, such as 11.00, "
            "without thousands separators."
        )
    if comma.any():
        if dotted_decimal.any():
            first = values.index[comma][0]
            raise InputError(
                f"{path}, row {_spreadsheet_row(header_line, first)}, column '{column}': value "
                f"{text[first]!r} uses a decimal comma while other rows use a decimal point; "
                "expected one convention for the whole file (a decimal point, such as 11.00)."
            )
        notes.append(f"{path.name}: column '{column}' read with decimal commas.")
        text = text.where(~comma, text.str.replace(",", ".", regex=False))
    return pd.to_numeric(text.where(present, None), errors="raise").astype("float64")


def _check_allowed(frame, column, allowed, path, header_line):
    bad = ~frame[column].isin(allowed)
    if bad.any():
        position = frame.index[bad][0]
        raise InputError(
            f"{path}, row {_spreadsheet_row(header_line, position)}, column '{column}': value "
            f"{frame[column][position]!r} is not one of {', '.join(sorted(allowed))}."
        )


def validate_bps(path: Path) -> pd.DataFrame:
    """Read and validate a BPS long table (the format of ``data/raw/bps_kemiskinan.csv``).

    Parameters
    ----------
    path : Path
        A CSV file with the columns in `BPS_COLUMNS`.

    Returns
    -------
    pandas.DataFrame
        One row per (kode_bps, tahun, periode, indikator) with ``tahun`` as int and ``nilai`` as
        float; ``attrs["notes"]`` lists what was tolerated.

    Raises
    ------
    InputError
        For a missing column, a malformed code or year, an unknown level, period, indicator or
        trust grade, a value outside its range, or a key that appears twice.
    """
    path = Path(path)
    frame, header_line, notes = read_table(path, BPS_COLUMNS[:8])
    for column in BPS_COLUMNS[8:]:
        if column not in frame:
            frame[column] = ""
    frame = frame[BPS_COLUMNS].copy()
    for column in ["kode_bps", "wilayah", "tingkat", "periode", "indikator", "kepercayaan"]:
        frame[column] = frame[column].str.strip()
    bad_code = ~frame["kode_bps"].str.match(r"^\d{4}$")
    if bad_code.any():
        position = frame.index[bad_code][0]
        raise InputError(
            f"{path}, row {_spreadsheet_row(header_line, position)}, column 'kode_bps': value "
            f"{frame['kode_bps'][position]!r} is not a 4-digit BPS code such as 3310 (keep "
            "leading zeros: 0000 is Indonesia)."
        )
    bad_year = ~frame["tahun"].str.strip().str.match(r"^\d{4}$")
    if bad_year.any():
        position = frame.index[bad_year][0]
        raise InputError(
            f"{path}, row {_spreadsheet_row(header_line, position)}, column 'tahun': value "
            f"{frame['tahun'][position]!r} is not a year; expected four digits such as 2025."
        )
    frame["tahun"] = frame["tahun"].astype(int)
    out_of_years = ~frame["tahun"].between(*YEAR_RANGE)
    if out_of_years.any():
        position = frame.index[out_of_years][0]
        raise InputError(
            f"{path}, row {_spreadsheet_row(header_line, position)}, column 'tahun': year "
            f"{frame['tahun'][position]} is outside {YEAR_RANGE[0]}-{YEAR_RANGE[1]}."
        )
    _check_allowed(frame, "tingkat", LEVELS, path, header_line)
    _check_allowed(frame, "periode", PERIODS, path, header_line)
    _check_allowed(frame, "indikator", set(INDICATOR_RANGES), path, header_line)
    _check_allowed(frame, "kepercayaan", TRUST_LEVELS, path, header_line)
    missing_value = frame["nilai"].str.strip() == ""
    if missing_value.any():
        position = frame.index[missing_value][0]
        raise InputError(
            f"{path}, row {_spreadsheet_row(header_line, position)}, column 'nilai': the value is "
            "empty; leave out rows without a figure instead (missing years are shown as gaps)."
        )
    frame["nilai"] = parse_numbers(frame["nilai"], path, "nilai", header_line, notes)
    for indicator, (low, high, unit) in INDICATOR_RANGES.items():
        rows = frame["indikator"] == indicator
        bad = rows & ~frame["nilai"].between(low, high)
        if bad.any():
            position = frame.index[bad][0]
            raise InputError(
                f"{path}, row {_spreadsheet_row(header_line, position)}, column 'nilai': "
                f"{indicator} = {frame['nilai'][position]:g} is outside {low:g}-{high:g} ({unit})."
            )
    duplicated = frame.duplicated(BPS_KEY, keep=False)
    if duplicated.any():
        rows = frame.index[duplicated][:2]
        first = frame.loc[rows[0]]
        raise InputError(
            f"{path}, rows {', '.join(str(_spreadsheet_row(header_line, r)) for r in rows)}: "
            f"two values for kode_bps {first['kode_bps']}, tahun {first['tahun']}, periode "
            f"{first['periode']}, indikator {first['indikator']}; expected one value per key."
        )
    frame = frame.sort_values(BPS_KEY).reset_index(drop=True)
    frame.attrs["notes"] = notes
    frame.attrs["source"] = str(path)
    return frame


@lru_cache(maxsize=8)
def _load_bps_cached(path: Path, mtime: float) -> pd.DataFrame:
    return validate_bps(path)


def load_bps(path: Path | None = None) -> pd.DataFrame:
    """Return the validated BPS long table (a copy; cached per file and modification time)."""
    source = Path(path or paths.BPS_FILE)
    if not source.exists():
        raise InputError(f"{source}: file not found.")
    frame = _load_bps_cached(source, source.stat().st_mtime)
    copy = frame.copy()
    copy.attrs = {key: list(value) if isinstance(value, list) else value
                  for key, value in frame.attrs.items()}
    return copy


def indicator_series(bps: pd.DataFrame, kode_bps: str, indikator: str = "p0_persen",
                     periode: str = "maret") -> pd.Series:
    """Return one region's indicator as a float Series indexed by year (missing years absent)."""
    rows = bps[(bps["kode_bps"] == kode_bps) & (bps["indikator"] == indikator)
               & (bps["periode"] == periode)]
    series = rows.set_index("tahun")["nilai"].sort_index().astype("float64")
    series.name = f"{kode_bps}:{indikator}"
    return series


def province_code(kode_bps: str) -> str:
    """Return the BPS code of a regency's province ("3310" -> "3300")."""
    return kode_bps[:2] + "00"


def regencies_of_province(bps: pd.DataFrame, province: str,
                          indikator: str = "p0_persen") -> list[str]:
    """Return the codes of every regency/city of a province that has that indicator."""
    rows = bps[(bps["tingkat"].isin(["kabupaten", "kota"])) & (bps["indikator"] == indikator)
               & (bps["kode_bps"].str[:2] == province[:2])]
    return sorted(rows["kode_bps"].unique())


def region_name(bps: pd.DataFrame, kode_bps: str) -> str:
    """Return the name BPS uses for a region code."""
    names = bps.loc[bps["kode_bps"] == kode_bps, "wilayah"]
    if names.empty:
        raise InputError(f"BPS code {kode_bps} does not appear in the BPS table.")
    return str(names.iloc[0])


def kemendagri_code(kode_bps: str) -> str:
    """Return the Kemendagri regency code for a BPS regency code ("3310" -> "33.10")."""
    return f"{kode_bps[:2]}.{kode_bps[2:]}"


def _read_area(name: str, pattern: re.Pattern, parent: str | None) -> pd.DataFrame:
    path = paths.AREA_DIR / f"{name}.csv"
    frame, header_line, _ = read_table(path, ["code", "name"] + ([parent] if parent else []))
    bad = ~frame["code"].str.match(pattern)
    if bad.any():
        position = frame.index[bad][0]
        raise InputError(f"{path}, row {_spreadsheet_row(header_line, position)}, column 'code':"
                         f" value {frame['code'][position]!r} is not a Kemendagri code.")
    duplicated = frame["code"].duplicated()
    if duplicated.any():
        position = frame.index[duplicated][0]
        raise InputError(f"{path}, row {_spreadsheet_row(header_line, position)}, column 'code':"
                         f" code {frame['code'][position]} appears twice.")
    return frame


@lru_cache(maxsize=1)
def _official_area() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    regencies = _read_area("regencies", REGENCY_CODE, "province_code")
    districts = _read_area("districts", DISTRICT_CODE, "regency_code")
    villages = _read_area("villages", VILLAGE_CODE, "district_code")
    return regencies, districts, villages


def load_official_regencies() -> pd.DataFrame:
    """Return all 514 official regencies: kode_kabupaten ("33.10"), kode_bps, nama, kode_provinsi."""
    regencies, _, _ = _official_area()
    return pd.DataFrame({
        "kode_kabupaten": regencies["code"],
        "kode_bps": regencies["code"].str.replace(".", "", regex=False),
        "nama": regencies["name"],
        "kode_provinsi": regencies["province_code"],
    })


def load_official_villages(kode_bps: str) -> pd.DataFrame:
    """Return every official Kemendagri village of a regency, with its kecamatan.

    Columns: kode_desa ("33.10.03.2009"), nama_desa, kode_kecamatan ("33.10.03"),
    nama_kecamatan. Raises `InputError` if the regency has no villages in the official list.
    """
    _, districts, villages = _official_area()
    prefix = kemendagri_code(kode_bps) + "."
    own = villages[villages["code"].str.startswith(prefix)]
    if own.empty:
        raise InputError(f"BPS code {kode_bps}: no villages under {prefix[:-1]} in "
                         f"{paths.AREA_DIR / 'villages.csv'}.")
    merged = own.merge(districts, left_on="district_code", right_on="code",
                       suffixes=("_desa", "_kecamatan"))
    result = pd.DataFrame({
        "kode_desa": merged["code_desa"],
        "nama_desa": merged["name_desa"],
        "kode_kecamatan": merged["district_code"],
        "nama_kecamatan": merged["name_kecamatan"],
    })
    return result.sort_values("kode_desa").reset_index(drop=True)


def load_lokus(path: Path | None = None) -> pd.DataFrame:
    """Return the published priority villages (lokus) with year, official codes and sources."""
    source = Path(path or paths.LOKUS_FILE)
    columns = ["tahun", "kode_desa", "nama_desa", "kode_kecamatan", "nama_kecamatan",
               "sumber_url", "catatan"]
    frame, header_line, _ = read_table(source, columns[:5])
    for column in columns[5:]:
        if column not in frame:
            frame[column] = ""
    bad = ~frame["kode_desa"].str.match(VILLAGE_CODE)
    if bad.any():
        position = frame.index[bad][0]
        raise InputError(f"{source}, row {_spreadsheet_row(header_line, position)}, column "
                         f"'kode_desa': value {frame['kode_desa'][position]!r} is not a "
                         "Kemendagri village code such as 33.10.03.2009.")
    frame["tahun"] = frame["tahun"].astype(int)
    duplicated = frame.duplicated(["tahun", "kode_desa"])
    if duplicated.any():
        position = frame.index[duplicated][0]
        raise InputError(f"{source}, row {_spreadsheet_row(header_line, position)}: village "
                         f"{frame['kode_desa'][position]} listed twice for "
                         f"{frame['tahun'][position]}.")
    return frame[columns].reset_index(drop=True)


def load_targets(path: Path | None = None) -> pd.DataFrame:
    """Return the stated poverty targets: kode_bps, wilayah, tahun, indikator, bounds, source."""
    source = Path(path or paths.TARGETS_FILE)
    columns = ["kode_bps", "wilayah", "tahun", "indikator", "nilai_bawah", "nilai_atas", "jenis",
               "sumber_url", "catatan"]
    frame, header_line, notes = read_table(source, columns[:7])
    for column in columns[7:]:
        if column not in frame:
            frame[column] = ""
    frame["tahun"] = frame["tahun"].astype(int)
    for column in ["nilai_bawah", "nilai_atas"]:
        frame[column] = parse_numbers(frame[column], source, column, header_line, notes)
    inverted = frame["nilai_bawah"] > frame["nilai_atas"]
    if inverted.any():
        position = frame.index[inverted][0]
        raise InputError(f"{source}, row {_spreadsheet_row(header_line, position)}: nilai_bawah "
                         f"{frame['nilai_bawah'][position]:g} is above nilai_atas "
                         f"{frame['nilai_atas'][position]:g}.")
    return frame[columns].reset_index(drop=True)
