"""Load and validate the raw data under ``data/raw/`` into tidy pandas frames.

Every loader checks what it reads (columns, types, code formats, value ranges, one value per key)
and raises `InputError` naming the file, the row as a spreadsheet shows it, the column, the value
and what was expected.

What the CSV reader tolerates (each recorded in ``frame.attrs["notes"]`` so that the build can put
it into ``run.json`` and the brief's notes):

* title rows above the header (a BPS export with a table title): the header is found among the
  first 15 lines;
* a file separated by semicolons or tabs (Excel in Indonesian locale) instead of commas;
* a numeric column that writes every decimal with a comma ("11,00") and never with a point.

Also read without a note, because nothing is lost: blank rows, and rows shorter than the header
(spreadsheets drop trailing empty cells). Refused, because a guess could put a wrong number in a
brief: a file that is not UTF-8 (a Latin-1 or Windows-1252 export), a row with more cells than the
header (an unquoted separator), a column mixing decimal commas and points, thousands separators
("1.234.567", "1.234,5") and values with exactly three digits after one separator ("141.840",
"1,234"), which could be either a decimal or a thousands separator.

The CSV files are split with the standard library's `csv` module rather than `pandas.read_csv`
because messages must name the spreadsheet row of every record (title and blank rows counted) and
a row with too many cells must be refused, not shifted or silently truncated.
"""

from __future__ import annotations

import csv
import io
import re
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from analysis import paths
from analysis.errors import InputError

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
INDICATOR_RANGES = {
    "p0_persen": (0.0, 100.0, "percent of population"),
    "p1": (0.0, 100.0, "poverty gap index"),
    "p2": (0.0, 100.0, "poverty severity index"),
    "jumlah_miskin_ribu": (0.0, 100_000.0, "thousand people"),
    "garis_kemiskinan_rp": (10_000.0, 10_000_000.0, "rupiah per capita per month"),
}
YEAR_RANGE = (1990, 2100)
HEADER_SEARCH_LINES = 15
DELIMITERS = {",": "commas", ";": "semicolons", "\t": "tabs"}

_PLAIN_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?")
_COMMA_DECIMAL = re.compile(r"-?[0-9]+,[0-9]+")
_THOUSANDS = re.compile(r"-?[0-9]{1,3}([.,][0-9]{3})+([.,][0-9]+)?")
# One separator followed by exactly three digits: "141.840" is 141840 or 141.84. BPS publishes
# these figures with at most two decimals, so such a value is refused rather than guessed.
_AMBIGUOUS = re.compile(r"-?[1-9][0-9]{0,2}[.,][0-9]{3}")
_YEAR = re.compile(r"[0-9]{4}")
_BPS_CODE = re.compile(r"[0-9]{4}")
VILLAGE_CODE = re.compile(r"^[0-9]{2}\.[0-9]{2}\.[0-9]{2}\.[0-9]{4}$")
DISTRICT_CODE = re.compile(r"^[0-9]{2}\.[0-9]{2}\.[0-9]{2}$")
REGENCY_CODE = re.compile(r"^[0-9]{2}\.[0-9]{2}$")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def _spreadsheet_row(header_line: int, position: int) -> int:
    """Row number a user sees in a spreadsheet for the data row at 0-based ``position``."""
    return header_line + 2 + position


def _at(path: Path, header_line: int, position: int, column: str | None = None) -> str:
    """The start of a message: file, spreadsheet row and (optionally) column."""
    where = f"{path}, row {_spreadsheet_row(header_line, position)}"
    return f"{where}, column '{column}'" if column else where


def _header_cells(line: str, delimiter: str) -> list[str]:
    try:
        cells = next(csv.reader([line], delimiter=delimiter))
    except (csv.Error, StopIteration):
        return []
    return [cell.strip() for cell in cells]


def _find_header(lines: list[str], required: list[str]) -> tuple[int, str] | None:
    """Return the 0-based line and the separator of the first line naming every required column."""
    for number, line in enumerate(lines[:HEADER_SEARCH_LINES]):
        for delimiter in DELIMITERS:
            if delimiter in line and set(required) <= set(_header_cells(line, delimiter)):
                return number, delimiter
    return None


def _not_utf8(path: Path, raw: bytes, error: UnicodeDecodeError, required: list[str]) -> InputError:
    """Describe a decoding error by row, column and value, reading the file as Latin-1 to do so."""
    # Latin-1 maps every byte to one character, so byte offsets are character offsets.
    text = raw.decode("latin-1").removeprefix("\u00ef\u00bb\u00bf")
    offset = error.start - (len(raw) - len(text.encode("latin-1")))
    line_start = text.rfind("\n", 0, offset) + 1
    line_end = text.find("\n", offset)
    line = text[line_start : line_end if line_end >= 0 else len(text)].rstrip("\r")
    row = text.count("\n", 0, offset) + 1
    found = _find_header(_LINE_BREAK.split(text), required)
    delimiter = found[1] if found else ","
    # The cell holding the byte: count separators outside quotes before it.
    index, quoted = 0, False
    for char in line[: offset - line_start]:
        if char == '"':
            quoted = not quoted
        elif char == delimiter and not quoted:
            index += 1
    cells = _header_cells(line, delimiter)
    value = cells[index] if index < len(cells) else line
    column = ""
    if found:
        names = _header_cells(_LINE_BREAK.split(text)[found[0]], delimiter)
        if index < len(names):
            column = f", column '{names[index]}'"
    return InputError(
        f"{path}, row {row}{column}: value {value!r} is not UTF-8 text (byte "
        f"{raw[error.start]:#04x}); expected a UTF-8 file. It was probably saved as Latin-1 or "
        "Windows-1252: save it again as 'CSV UTF-8' (Excel: Save As > CSV UTF-8)."
    )


def _needs_strip(body: str, delimiter: str) -> bool:
    """Whether any cell may start or end with whitespace (stripping 83,000 rows takes long)."""
    edge = f'[{re.escape(delimiter)}\\n"]'
    space = r"[^\S\n]"
    return (
        re.search(f"{space}{edge}|{edge}{space}|^{space}|{space}$", body.rstrip("\n")) is not None
    )


def _raise_unreadable(path: Path, body: str, delimiter: str, header_line: int, lines: list[str]):
    """Raise an InputError for the record where the csv module fails (an unclosed quote)."""
    reader = csv.reader(io.StringIO(body, newline=""), delimiter=delimiter, strict=True)
    count, first_line = 0, 0  # records read; physical line where the next record starts
    try:
        for _ in reader:
            count += 1
            first_line = reader.line_num
    except csv.Error as error:
        # Records, not lines, are spreadsheet rows: a quoted cell may span several lines.
        shown = lines[header_line + first_line][:160]
        raise InputError(
            f"{path}, row {header_line + 1 + count}: the CSV cannot be read ({error}; the "
            f'row starts {shown!r}); expected every quote (") to be closed in the same cell.'
        ) from None


def read_table(path: Path, required: list[str]) -> tuple[pd.DataFrame, int, list[str]]:
    """Read a CSV file as text, finding the header row and the separator among the first lines.

    Parameters
    ----------
    path : Path
        The CSV file.
    required : list of str
        Columns the header must name; the header is the first of the first 15 lines that names
        them all, with commas, semicolons or tabs as separators.

    Returns
    -------
    frame : pandas.DataFrame
        All columns as stripped strings. The index holds each row's position counted from the row
        below the header (blank rows skipped but counted), so ``_spreadsheet_row(header_line,
        label)`` is the row a spreadsheet shows.
    header_line : int
        0-based line of the header.
    notes : list of str
        What was tolerated (title rows, separator).

    Raises
    ------
    InputError
        For a missing or empty file, a file that is not UTF-8, no header with the required
        columns, an unreadable CSV (an unclosed quote), a header naming a column twice or a row
        with more cells than the header.
    """
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path}: file not found; expected a CSV file.")
    if not path.is_file():
        raise InputError(f"{path}: is a folder, not a file; expected a CSV file.")
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise _not_utf8(path, raw, error, required) from None
    if not text.strip():
        raise InputError(
            f"{path}: the file is empty; expected a CSV table with a header row "
            f"naming the columns {', '.join(required)}."
        )
    lines = _LINE_BREAK.split(text)
    found = _find_header(lines, required)
    if found is None:
        first = lines[0][:80]
        raise InputError(
            f"{path}, row 1: no header row naming the columns {', '.join(required)} in the "
            f"first {HEADER_SEARCH_LINES} lines (row 1 reads {first!r}); expected a header row "
            "with those names, separated by commas or semicolons."
        )
    header_line, delimiter = found
    notes = []
    if header_line > 0:
        notes.append(f"{path.name}: skipped {header_line} title line(s) above the header.")
    if delimiter != ",":
        notes.append(f"{path.name}: columns separated by {DELIMITERS[delimiter]}.")
    body = "\n".join(lines[header_line:])
    try:
        records = list(csv.reader(io.StringIO(body, newline=""), delimiter=delimiter, strict=True))
    except csv.Error:
        _raise_unreadable(path, body, delimiter, header_line, lines)
    header = [cell.strip() for cell in records[0]]
    named = [name for name in header if name]
    for name in named:
        if named.count(name) > 1:
            raise InputError(
                f"{path}, row {header_line + 1}: the header names column {name!r} "
                "twice; expected each column once."
            )
    header = [name or f"unnamed_{number + 1}" for number, name in enumerate(header)]
    width = len(header)
    rows = records[1:]
    for position, record in enumerate(rows):
        if len(record) == width:
            continue
        cells = [cell.strip() for cell in record]
        while len(cells) > width and not cells[-1]:
            cells.pop()
        if len(cells) > width:
            shown = delimiter.join(record)
            raise InputError(
                f"{_at(path, header_line, position)}: the row has {len(cells)} cells but the "
                f"header has {width} columns (the row reads {shown[:160]!r}); a value "
                f"probably contains an unquoted '{delimiter}' (a decimal comma such as 11,5 or a "
                "text such as 'BPS, Jawa Tengah'). Expected such values in quotes (\"11,5\")."
            )
        # Spreadsheets leave out trailing empty cells; a blank line becomes an empty row.
        rows[position] = cells + [""] * (width - len(cells))
    frame = pd.DataFrame(rows, columns=header, dtype=str)
    if _needs_strip(body, delimiter):
        for column in frame.columns:
            frame[column] = frame[column].str.strip()
    # Blank rows are dropped but keep their place in the index, so row numbers stay right.
    frame = frame[(frame != "").any(axis=1)]
    return frame, header_line, notes


def parse_numbers(
    values: pd.Series, path: Path, column: str, header_line: int, notes: list[str]
) -> pd.Series:
    """Parse a text column of numbers, tolerating decimal commas only when unambiguous.

    Every value must be a plain number ("11.00"). A column that writes all its decimals with a
    comma ("11,00") and never with a point is read as such (a BPS export in Indonesian locale) and
    a note is added. Thousands separators ("1.234.567", "1.234,5") and values with exactly three
    digits after one separator ("141.840", "1,234") are refused because they cannot be told apart
    from decimals. Empty cells become NaN (callers that need a value check for them first).
    """
    text = values.astype(str).str.strip()
    present = text != ""
    comma = text.str.fullmatch(_COMMA_DECIMAL.pattern) & present
    plain = text.str.fullmatch(_PLAIN_NUMBER.pattern) & present
    ambiguous = text.str.fullmatch(_AMBIGUOUS.pattern) & present
    expected = (
        "expected a plain number with a decimal point and no thousands separator, such "
        "as 11.25 or 302735"
    )
    for position in values.index[present & ((~plain & ~comma) | ambiguous)]:
        value = text[position]
        if ambiguous[position]:
            digits = value.replace(",", "").replace(".", "")
            kind = (
                f"ambiguous: it reads as {digits} with a thousands separator or as "
                f"{value.replace(',', '.')} with a decimal separator"
            )
        elif _THOUSANDS.fullmatch(value):
            kind = "written with a thousands separator"
        else:
            kind = "not a number"
        raise InputError(
            f"{_at(path, header_line, position, column)}: value {value!r} is {kind}; {expected}."
        )
    dotted = plain & text.str.contains(".", regex=False)
    if comma.any():
        if dotted.any():
            first, other = values.index[comma][0], values.index[dotted][0]
            raise InputError(
                f"{_at(path, header_line, first, column)}: value {text[first]!r} uses a decimal "
                f"comma while row {_spreadsheet_row(header_line, other)} ({text[other]!r}) uses a "
                "decimal point; expected one convention for the whole column (a decimal point, "
                "such as 11.25)."
            )
        notes.append(f"{path.name}: column '{column}' read with decimal commas.")
        text = text.where(~comma, text.str.replace(",", ".", regex=False))
    numbers = np.full(len(text), np.nan)
    numbers[present.to_numpy()] = text[present].astype("float64").to_numpy()
    return pd.Series(numbers, index=values.index, name=values.name, dtype="float64")


def _require_filled(
    frame: pd.DataFrame, expected: dict[str, str], path: Path, header_line: int
) -> None:
    """Refuse an empty cell in any of the columns of ``expected`` (column -> what is expected)."""
    for column, description in expected.items():
        empty = frame[column] == ""
        if empty.any():
            position = frame.index[empty][0]
            raise InputError(
                f"{_at(path, header_line, position, column)}: the cell is empty; "
                f"expected {description}."
            )


def _check_pattern(
    frame: pd.DataFrame,
    column: str,
    pattern: re.Pattern,
    description: str,
    path: Path,
    header_line: int,
) -> None:
    bad = ~frame[column].str.fullmatch(pattern.pattern)
    if bad.any():
        position = frame.index[bad][0]
        raise InputError(
            f"{_at(path, header_line, position, column)}: value "
            f"{frame[column][position]!r} is not {description}."
        )


def _parse_years(frame: pd.DataFrame, column: str, path: Path, header_line: int) -> pd.Series:
    """Return a column of four-digit years as int, refusing anything else by row and value."""
    _check_pattern(
        frame, column, _YEAR, "a year; expected four digits such as 2025", path, header_line
    )
    years = frame[column].astype("int64")
    outside = ~years.between(*YEAR_RANGE)
    if outside.any():
        position = frame.index[outside][0]
        raise InputError(
            f"{_at(path, header_line, position, column)}: year {years[position]} is "
            f"outside the expected range {YEAR_RANGE[0]}-{YEAR_RANGE[1]}."
        )
    return years


def _check_allowed(frame, column, allowed, path, header_line):
    bad = ~frame[column].isin(allowed)
    if bad.any():
        position = frame.index[bad][0]
        raise InputError(
            f"{_at(path, header_line, position, column)}: value {frame[column][position]!r} is "
            f"not allowed; expected one of {', '.join(sorted(allowed))}."
        )


def _expected_level(code: str) -> str:
    """The level a BPS code implies: 0000 nation, xx00 province, xx7x city, else regency."""
    if code == "0000":
        return "nasional"
    if code.endswith("00"):
        return "provinsi"
    return "kota" if code[2] == "7" else "kabupaten"


def validate_bps(path: Path) -> pd.DataFrame:
    """Read and validate a BPS long table (the format of ``data/raw/bps_kemiskinan.csv``).

    Parameters
    ----------
    path : Path
        A CSV file with the columns in `BPS_COLUMNS` (``sumber``, ``salinan`` and ``catatan`` may
        be left out).

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
    frame, header_line, notes = read_table(path, BPS_COLUMNS[:8])
    if frame.empty:
        raise InputError(
            f"{path}: the header (row {header_line + 1}) is not followed by any data "
            "row; expected one row per region, year, period and indicator."
        )
    for column in BPS_COLUMNS[8:]:
        if column not in frame:
            frame[column] = ""
    frame = frame[BPS_COLUMNS].copy()
    _require_filled(
        frame,
        {
            "kode_bps": "a 4-digit BPS code such as 3310",
            "wilayah": "the region's name such as Kabupaten Klaten",
            "tingkat": f"one of {', '.join(sorted(LEVELS))}",
            "tahun": "a year such as 2025",
            "periode": f"one of {', '.join(sorted(PERIODS))}",
            "indikator": f"one of {', '.join(sorted(INDICATOR_RANGES))}",
            "nilai": "a number; leave out rows without a figure instead (missing years are "
            "shown as gaps)",
            "kepercayaan": f"one of {', '.join(sorted(TRUST_LEVELS))}",
        },
        path,
        header_line,
    )
    _check_pattern(
        frame,
        "kode_bps",
        _BPS_CODE,
        "a 4-digit BPS code; expected four digits such "
        "as 3310 (keep leading zeros: 0000 is Indonesia)",
        path,
        header_line,
    )
    frame["tahun"] = _parse_years(frame, "tahun", path, header_line)
    _check_allowed(frame, "tingkat", LEVELS, path, header_line)
    _check_allowed(frame, "periode", PERIODS, path, header_line)
    _check_allowed(frame, "indikator", set(INDICATOR_RANGES), path, header_line)
    _check_allowed(frame, "kepercayaan", TRUST_LEVELS, path, header_line)
    implied = frame["kode_bps"].map(_expected_level)
    misfit = frame["tingkat"] != implied
    if misfit.any():
        position = frame.index[misfit][0]
        raise InputError(
            f"{_at(path, header_line, position, 'tingkat')}: value "
            f"{frame['tingkat'][position]!r} does not fit kode_bps {frame['kode_bps'][position]};"
            f" expected {implied[position]!r} (0000 is nasional, codes ending in 00 are "
            "provinsi, codes with 7 as third digit are kota, other codes kabupaten)."
        )
    first_name = frame.groupby("kode_bps")["wilayah"].transform("first")
    renamed = frame["wilayah"] != first_name
    if renamed.any():
        position = frame.index[renamed][0]
        raise InputError(
            f"{_at(path, header_line, position, 'wilayah')}: value "
            f"{frame['wilayah'][position]!r} differs from the name of kode_bps "
            f"{frame['kode_bps'][position]} in earlier rows; expected {first_name[position]!r}."
        )
    frame["nilai"] = parse_numbers(frame["nilai"], path, "nilai", header_line, notes)
    for indicator, (low, high, unit) in INDICATOR_RANGES.items():
        rows = frame["indikator"] == indicator
        bad = rows & ~frame["nilai"].between(low, high)
        if bad.any():
            position = frame.index[bad][0]
            raise InputError(
                f"{_at(path, header_line, position, 'nilai')}: value {frame['nilai'][position]:g}"
                f" for {indicator} is outside the expected range {low:g} to {high:g} ({unit})."
            )
    duplicated = frame.duplicated(BPS_KEY, keep=False)
    if duplicated.any():
        first = frame.loc[frame.index[duplicated][0]]
        same = frame[duplicated & (frame[BPS_KEY] == first[BPS_KEY]).all(axis=1)]
        rows = ", ".join(str(_spreadsheet_row(header_line, r)) for r in same.index[:5])
        values = ", ".join(f"{value:g}" for value in same["nilai"][:5])
        raise InputError(
            f"{path}, rows {rows}, columns {', '.join(BPS_KEY)}: the key kode_bps "
            f"{first['kode_bps']}, tahun {first['tahun']}, periode {first['periode']}, indikator "
            f"{first['indikator']} appears {len(same)} times (nilai {values}); expected one row "
            "per key."
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
    copy.attrs = {
        key: list(value) if isinstance(value, list) else value for key, value in frame.attrs.items()
    }
    return copy


def indicator_series(
    bps: pd.DataFrame, kode_bps: str, indikator: str = "p0_persen", periode: str = "maret"
) -> pd.Series:
    """Return one region's indicator as a float Series indexed by year (missing years absent)."""
    rows = bps[
        (bps["kode_bps"] == kode_bps)
        & (bps["indikator"] == indikator)
        & (bps["periode"] == periode)
    ]
    series = rows.set_index("tahun")["nilai"].sort_index().astype("float64")
    series.name = f"{kode_bps}:{indikator}"
    return series


def province_code(kode_bps: str) -> str:
    """Return the BPS code of a regency's province ("3310" -> "3300")."""
    return kode_bps[:2] + "00"


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
        raise InputError(f"BPS code {kode_bps} does not appear in the BPS table.")
    return str(names.iloc[0])


def kemendagri_code(kode_bps: str) -> str:
    """Return the Kemendagri regency code for a BPS regency code ("3310" -> "33.10")."""
    return f"{kode_bps[:2]}.{kode_bps[2:]}"


def _read_area(name: str, pattern: re.Pattern, parent: str | None) -> pd.DataFrame:
    path = paths.AREA_DIR / f"{name}.csv"
    frame, header_line, _ = read_table(path, ["code", "name"] + ([parent] if parent else []))
    _check_pattern(
        frame,
        "code",
        pattern,
        "a Kemendagri code; expected digit groups with dots "
        "such as " + {"regencies": "33.10", "districts": "33.10.03"}.get(name, "33.10.03.2009"),
        path,
        header_line,
    )
    duplicated = frame["code"].duplicated()
    if duplicated.any():
        position = frame.index[duplicated][0]
        raise InputError(
            f"{_at(path, header_line, position, 'code')}: code "
            f"{frame['code'][position]} appears twice; expected each code once."
        )
    return frame


@lru_cache(maxsize=1)
def _official_area() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    regencies = _read_area("regencies", REGENCY_CODE, "province_code")
    districts = _read_area("districts", DISTRICT_CODE, "regency_code")
    villages = _read_area("villages", VILLAGE_CODE, "district_code")
    return regencies, districts, villages


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
    _, districts, villages = _official_area()
    prefix = kemendagri_code(kode_bps) + "."
    own = villages[villages["code"].str.startswith(prefix)]
    if own.empty:
        raise InputError(
            f"BPS code {kode_bps}: no villages under {prefix[:-1]} in "
            f"{paths.AREA_DIR / 'villages.csv'}."
        )
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


def load_lokus(path: Path | None = None) -> pd.DataFrame:
    """Return the published priority villages (lokus) with year, official codes and sources.

    Raises `InputError` for a malformed year or Kemendagri code, a village whose kecamatan code is
    not the start of its village code, or a village listed twice for one year.
    """
    source = Path(path or paths.LOKUS_FILE)
    columns = [
        "tahun",
        "kode_desa",
        "nama_desa",
        "kode_kecamatan",
        "nama_kecamatan",
        "sumber_url",
        "catatan",
    ]
    frame, header_line, notes = read_table(source, columns[:5])
    for column in columns[5:]:
        if column not in frame:
            frame[column] = ""
    frame["tahun"] = _parse_years(frame, "tahun", source, header_line)
    _check_pattern(
        frame,
        "kode_desa",
        VILLAGE_CODE,
        "a Kemendagri village code; expected digit groups with dots such as 33.10.03.2009",
        source,
        header_line,
    )
    _check_pattern(
        frame,
        "kode_kecamatan",
        DISTRICT_CODE,
        "a Kemendagri kecamatan code; expected digit groups with dots such as 33.10.03",
        source,
        header_line,
    )
    elsewhere = frame["kode_desa"].str[:8] != frame["kode_kecamatan"]
    if elsewhere.any():
        position = frame.index[elsewhere][0]
        raise InputError(
            f"{_at(source, header_line, position, 'kode_kecamatan')}: value "
            f"{frame['kode_kecamatan'][position]!r} does not contain village "
            f"{frame['kode_desa'][position]}; expected {frame['kode_desa'][position][:8]!r}."
        )
    duplicated = frame.duplicated(["tahun", "kode_desa"])
    if duplicated.any():
        position = frame.index[duplicated][0]
        raise InputError(
            f"{_at(source, header_line, position, 'kode_desa')}: village "
            f"{frame['kode_desa'][position]} is listed twice for "
            f"{frame['tahun'][position]}; expected each village once per year."
        )
    result = frame[columns].reset_index(drop=True)
    result.attrs["notes"] = notes
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
    frame, header_line, notes = read_table(source, columns[:7])
    for column in columns[7:]:
        if column not in frame:
            frame[column] = ""
    _require_filled(
        frame,
        {
            "kode_bps": "a 4-digit BPS code such as 3310",
            "tahun": "the year the target refers to, such as 2026",
            "indikator": "an indicator name such as p0_persen",
            "nilai_bawah": "the lower end of the target (the target itself for a single value)",
            "nilai_atas": "the upper end of the target (the target itself for a single value)",
            "jenis": "what kind of statement it is (RPJMD target, regent's statement, ...)",
        },
        source,
        header_line,
    )
    _check_pattern(
        frame,
        "kode_bps",
        _BPS_CODE,
        "a 4-digit BPS code; expected four digits such as 3310",
        source,
        header_line,
    )
    frame["tahun"] = _parse_years(frame, "tahun", source, header_line)
    for column in ["nilai_bawah", "nilai_atas"]:
        frame[column] = parse_numbers(frame[column], source, column, header_line, notes)
        percent = frame["indikator"].str.endswith("_persen")
        outside = percent & ~frame[column].between(0, 100)
        if outside.any():
            position = frame.index[outside][0]
            raise InputError(
                f"{_at(source, header_line, position, column)}: value "
                f"{frame[column][position]:g} is outside the expected range 0 to "
                f"100 (percent)."
            )
    inverted = frame["nilai_bawah"] > frame["nilai_atas"]
    if inverted.any():
        position = frame.index[inverted][0]
        raise InputError(
            f"{_at(source, header_line, position, 'nilai_bawah')}: value "
            f"{frame['nilai_bawah'][position]:g} is above nilai_atas "
            f"{frame['nilai_atas'][position]:g}; expected nilai_bawah <= nilai_atas."
        )
    result = frame[columns].reset_index(drop=True)
    result.attrs["notes"] = notes
    return result
