"""The bad-input matrix: every kind of bad user input is refused clearly and leaves no output.

Each case of `CASES` writes one bad file into tmp_path (a small real extract of the BPS table or a
copy of params/klaten.yml, changed in one place) and calls the library directly, or runs the
command line with a bad regency name and TKPK_REPORTS_DIR in tmp_path. Every case checks that

* an `InputError` is raised (the command line exits with status 2 and prints no traceback),
* the message names the file, the row or field, the offending value and what is expected,
* nothing was written: no new file in tmp_path and no brief.pdf in the reports folder.

`TOLERATED` lists inputs that are read as the clean table, with what was tolerated in
``frame.attrs["notes"]``. The property-based tests at the end feed random bytes, text, tables,
YAML and parameter values to the loaders: they return a result or raise `InputError`, nothing else.
Village-file cases are in test_villages.py.
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest
import yaml
from conftest import run_build
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis import data, params, paths, regencies
from analysis.errors import InputError

P0_2025 = ("3310", "2025", "p0_persen")  # Klaten's latest P0, the params' latest_data_year
GK_2024 = ("3310", "2024", "garis_kemiskinan_rp")
P1_2020 = ("3310", "2020", "p1")
NATION_P0_2024 = ("0000", "2024", "p0_persen")


# --- building bad files -----------------------------------------------------------------------


def _cells(line: str) -> list[str]:
    return next(csv.reader([line]))


def _line(cells: list[str]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="").writerow(cells)
    return buffer.getvalue()


def _key(line: str) -> tuple[str, str, str]:
    cells = _cells(line)
    return cells[0], cells[3], cells[5]


def row_of(lines: list[str], key: tuple[str, str, str]) -> int:
    """Spreadsheet row of a key's line in the extract (the header is row 1)."""
    return next(number + 1 for number, line in enumerate(lines) if _key(line) == key)


def _text(lines: list[str]) -> str:
    return "\n".join(lines) + "\n"


def set_cell(key, column: str, raw: str, encoding: str | None = None):
    """Edit: write ``raw`` verbatim (already CSV-quoted if needed) into one cell of one row."""

    def edit(lines):
        index = data.BPS_COLUMNS.index(column)
        out = []
        for line in lines:
            if _key(line) == key:
                cells = _cells(line)
                cells[index] = "\0"
                line = _line(cells).replace("\0", raw)
            out.append(line)
        assert out != lines, f"no row {key}"
        text = _text(out)
        return text.encode(encoding) if encoding else text

    return edit


def drop_row(key):
    """Edit: leave one row out."""
    return lambda lines: _text([line for line in lines if _key(line) != key])


def repeat_row(key, value: str):
    """Edit: append a second row for a key, with another value."""

    def edit(lines):
        cells = _cells(next(line for line in lines if _key(line) == key))
        cells[6] = value
        return _text([*lines, _line(cells)])

    return edit


def swap(old: str, new: str, encoding: str | None = None):
    """Edit of the params text: replace one exact piece (which must be there)."""

    def edit(text):
        assert old in text, old
        text = text.replace(old, new, 1)
        return text.encode(encoding) if encoding else text

    return edit


def const(content):
    """Edit: the whole file is ``content``."""
    return lambda _: content


# --- the matrix -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """One bad input: what is changed and what the message must contain.

    ``kind`` is "bps" (a BPS table read by validate_bps), "params" (a klaten.yml read by
    load_file), "latest-year" (a BPS table used to validate the real klaten.yml), "regencies" or
    "pipeline" (the command line with ``arg`` as the regency). ``{row}`` in a fragment is the
    spreadsheet row of ``key``; ``{last}`` the row after the extract.
    """

    kind: str
    fragments: tuple[str, ...]
    edit: Callable | None = None
    key: tuple[str, str, str] | None = None
    arg: str = ""


def _bps(edit, *fragments, key=None):
    return Case("bps", fragments, edit, key)


def _params(edit, *fragments):
    return Case("params", fragments, edit)


NOT_A_NAME = "is not a regency name: expected lower-case letters, digits and hyphens"

CASES = {
    # BPS table: numbers
    "bps-comma-and-point-decimals": _bps(
        set_cell(P0_2025, "nilai", '"11,00"'),
        "row {row}, column 'nilai'",
        "'11,00'",
        "uses a decimal comma while row",
        "expected one convention",
        key=P0_2025,
    ),
    "bps-thousands-separator-ambiguous": _bps(
        set_cell(GK_2024, "nilai", "505.826"),
        "row {row}, column 'nilai'",
        "'505.826'",
        "505826 with a thousands separator",
        "expected a plain number",
        key=GK_2024,
    ),
    "bps-thousands-separator-groups": _bps(
        set_cell(GK_2024, "nilai", '"505,826.0"'),
        "row {row}, column 'nilai'",
        "'505,826.0'",
        "written with a thousands separator",
        "expected a plain number",
        key=GK_2024,
    ),
    "bps-unquoted-decimal-comma": _bps(
        set_cell(P0_2025, "nilai", "11,00"),
        "row {row}:",
        "the row has 12 cells but the header has 11",
        "11,00",
        "Expected such values in quotes",
        key=P0_2025,
    ),
    "bps-value-not-a-number": _bps(
        set_cell(P0_2025, "nilai", "11 %"),
        "row {row}, column 'nilai'",
        "'11 %' is not a number",
        "expected a plain number",
        key=P0_2025,
    ),
    "bps-value-empty": _bps(
        set_cell(P0_2025, "nilai", ""),
        "row {row}, column 'nilai'",
        "the cell is empty",
        "expected a number",
        key=P0_2025,
    ),
    "bps-value-above-100": _bps(
        set_cell(P0_2025, "nilai", "110.0"),
        "row {row}, column 'nilai'",
        "value 110",
        "outside the expected range 0.1 to 80",
        key=P0_2025,
    ),
    "bps-value-negative": _bps(
        set_cell(P1_2020, "nilai", "-1.66"),
        "row {row}, column 'nilai'",
        "value -1.66 for p1",
        "expected range 0 to 100",
        key=P1_2020,
    ),
    # BPS table: keys and codes
    "bps-duplicate-key": _bps(
        repeat_row(P0_2025, "12.50"),
        "rows {row}, {last}",
        "kode_bps 3310, tahun 2025, periode maret, indikator p0_persen appears 2 times",
        "nilai 11, 12.5",
        "expected one row per key",
        key=P0_2025,
    ),
    "bps-code-without-leading-zero": _bps(
        set_cell(NATION_P0_2024, "kode_bps", "0"),
        "row {row}, column 'kode_bps'",
        "value '0'",
        "expected four digits such as 3310 (keep leading zeros",
        key=NATION_P0_2024,
    ),
    "bps-year-as-decimal": _bps(
        set_cell(P0_2025, "tahun", "2025.0"),
        "row {row}, column 'tahun'",
        "value '2025.0'",
        "expected four digits such as 2025",
        key=P0_2025,
    ),
    "bps-year-as-text": _bps(
        set_cell(P0_2025, "tahun", "dua ribu"),
        "row {row}, column 'tahun'",
        "'dua ribu'",
        "expected four digits",
        key=P0_2025,
    ),
    "bps-unknown-period": _bps(
        set_cell(P0_2025, "periode", "Maret"),
        "row {row}, column 'periode'",
        "value 'Maret'",
        "expected one of maret, september",
        key=P0_2025,
    ),
    "bps-unknown-indicator": _bps(
        set_cell(P0_2025, "indikator", "p0"),
        "row {row}, column 'indikator'",
        "value 'p0'",
        "expected one of garis_kemiskinan_rp",
        key=P0_2025,
    ),
    "bps-level-does-not-fit-code": _bps(
        set_cell(P0_2025, "tingkat", "kota"),
        "row {row}, column 'tingkat'",
        "value 'kota' does not fit kode_bps 3310",
        "expected 'kabupaten'",
        key=P0_2025,
    ),
    "bps-two-names-for-one-code": _bps(
        set_cell(P0_2025, "wilayah", "Klaten"),
        "row {row}, column 'wilayah'",
        "value 'Klaten'",
        "expected 'Kabupaten Klaten'",
        key=P0_2025,
    ),
    # BPS table: the file as a whole
    "bps-empty-file": _bps(const(""), "the file is empty", "expected a CSV table with a header"),
    "bps-blank-lines-only": _bps(const("\n \r\n\t\n"), "the file is empty", "expected a CSV"),
    "bps-header-only": _bps(
        lambda lines: _text(lines[:1]),
        "the header (row 1) is not followed by any data row",
        "expected one row per region",
    ),
    "bps-missing-column": _bps(
        lambda lines: _text([line.replace(",nilai,", ",value,") for line in lines[:3]]),
        "row 1: the header lacks the columns nilai;",
        "expected the columns kode_bps",
    ),
    "bps-no-header": _bps(
        const("Tabel kemiskinan\na,b\n1,2\n"),
        "row 1: no header row with the columns kode_bps",
        "in the first 20 rows",
        "expected a header row naming the columns",
    ),
    "bps-latin-1": _bps(
        set_cell(P0_2025, "wilayah", "Kabupaten Klatén", encoding="latin-1"),
        "row {row}, column 'wilayah'",
        "value 'Kabupaten Klatén' is not UTF-8 text (byte 0xe9)",
        "expected a UTF-8 file",
        "Latin-1",
        key=P0_2025,
    ),
    "bps-unclosed-quote": _bps(
        set_cell(P0_2025, "sumber", '"BPS, Jawa Tengah'),
        "row {row}:",
        "the CSV cannot be read",
        "expected every quote",
        key=P0_2025,
    ),
    "bps-not-csv": _bps(
        const(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
        "row 1",
        "is not UTF-8 text (byte 0x89)",
        "expected a UTF-8 file",
    ),
    # A params year the BPS table does not have
    "bps-missing-latest-data-year": Case(
        "latest-year",
        (
            "klaten.yml: field 'latest_data_year' (value 2025)",
            "bps.csv has no P0 for Kabupaten Klaten in that year",
            "expected one of the years with P0: 2016, 2017",
        ),
        drop_row(P0_2025),
    ),
    # Parameters file
    "params-malformed-yaml": _params(
        swap("target_year: 2026", "target_year: [2026"),
        "line 9",
        "not valid YAML",
        "expected 'key: value' lines",
    ),
    "params-tab-indentation": _params(
        swap("  seed: 20251127", "\tseed: 20251127"),
        "line ",
        "not valid YAML",
        "expected 'key: value' lines",
    ),
    "params-duplicate-key": _params(
        swap("language: id", "language: id\nlatest_data_year: 2024"),
        "line 13: key 'latest_data_year' appears twice (first on line 7)",
        "(values '2025' and '2024')",
        "expected each key once",
    ),
    "params-unknown-key": _params(
        swap("target_year: 2026", "target_year: 2026\ntarget_yaer: 2026"),
        "field 'target_yaer' (value 2026): unknown key",
        "did you mean 'target_year'?",
        "expected one of regency",
    ),
    "params-unknown-nested-key": _params(
        swap("  seed: 20251127", "  seed: 20251127\n  sed: 1"),
        "field 'village_data.sed'",
        "did you mean 'seed'?",
        "expected one of source, path, seed, lokus_count",
    ),
    "params-year-as-text": _params(
        swap("latest_data_year: 2025", "latest_data_year: dua ribu"),
        "field 'latest_data_year' (value 'dua ribu')",
        "expected a valid integer such as 2025",
    ),
    "params-year-quoted": _params(
        swap("latest_data_year: 2025", 'latest_data_year: "2025"'),
        "field 'latest_data_year' (value '2025') is read as text because it is in quotes",
        "expected the number without quotes: 2025",
    ),
    "params-decimal-comma-in-braces": _params(
        swap("target: null ", "target: {year: 2026, low: 9,5, high: 10, kind: x, source: y} "),
        "field 'target.low' (value 9,5): the decimal comma inside {{...}} splits the number",
        "expected a decimal point (9.5) or the value in quotes",
    ),
    "params-decimal-comma-in-block": _params(
        swap(
            "target: null ",
            "target:\n  year: 2026\n  low: 9,5\n  high: 10\n  kind: x\n  source: y\n",
        ),
        "field 'target.low' (value '9,5') is written with a decimal comma",
        "expected a decimal point, such as 9.5",
    ),
    "params-exponent-without-sign": _params(
        swap("  rtlh: 1", "  rtlh: 1.0e308"),
        "field 'deprivation_weights.rtlh' (value '1.0e308') is read as text",
        "an exponent written without a sign",
        "expected a plain number such as 8.5",
    ),
    "params-overflowing-weight": _params(
        swap("  rtlh: 1", "  rtlh: 1.0e+308"),
        "field 'deprivation_weights': weight rtlh = 1e+308 is above 1000",
        "expected weights from 0 to 1000",
    ),
    "params-meeting-date-zero": _params(
        swap("meeting_date: 2025-11-27", "meeting_date: 0"),
        "field 'meeting_date' (value 0) is a number, not a date",
        "expected a date written YYYY-MM-DD",
    ),
    "params-meeting-date-with-time": _params(
        swap("meeting_date: 2025-11-27", "meeting_date: 2025-11-27 10:00"),
        "field 'meeting_date' (value '2025-11-27 10:00') is a date and a time",
        "expected a date written YYYY-MM-DD such as 2025-11-27, without quotes and without a time",
    ),
    "params-meeting-date-implausible": _params(
        swap("meeting_date: 2025-11-27", "meeting_date: 1970-01-01"),
        "field 'meeting_date' (value 1970-01-01) is not between the latest data year (2025)",
        "expected the date of the meeting",
    ),
    "params-meeting-date-day-first": _params(
        swap("meeting_date: 2025-11-27", "meeting_date: 27/11/2025"),
        "field 'meeting_date' (value '27/11/2025') is not a date",
        "expected a date written YYYY-MM-DD",
    ),
    "params-lokus-count-above-villages": _params(
        swap("lokus_count: 81", "lokus_count: 100000"),
        "field 'village_data.lokus_count' (value 100000) is more than the 401 official villages",
        "expected at most 401",
    ),
    "params-wrong-province-code": _params(
        swap('province_code: "3300"', 'province_code: "3400"'),
        "field 'province_code' (value '3400'): Kabupaten Klaten is in province 3300 (Jawa Tengah)",
        "expected '3300'",
    ),
    "params-wrong-province-name": _params(
        swap("province_name: Jawa Tengah", "province_name: Jawa Timur"),
        "field 'province_name' (value 'Jawa Timur')",
        "expected 'Jawa Tengah'",
    ),
    "params-name-two-lines": _params(
        swap("name: Kabupaten Klaten", "name: |\n  Kabupaten\n  Klaten"),
        "field 'name' (value 'Kabupaten\\nKlaten\\n')",
        "expected one line of text",
    ),
    "params-code-unquoted": _params(
        swap('kode_bps: "3310"', "kode_bps: 3310"),
        "field 'kode_bps' (value 3310)",
        'expected "3310"',
    ),
    "params-target-above-100": _params(
        swap("target: null ", "target: {year: 2026, low: 101, high: 105, kind: x, source: y} "),
        "field 'target.low' (value 101)",
        "field 'target.high' (value 105)",
        "expected less than or equal to 100",
    ),
    "params-target-negative": _params(
        swap("target: null ", "target: {year: 2026, low: -2, high: 5, kind: x, source: y} "),
        "field 'target.low' (value -2)",
        "expected greater than or equal to 0",
    ),
    "params-target-low-above-high": _params(
        swap("target: null ", "target: {year: 2026, low: 9.5, high: 9, kind: x, source: y} "),
        "field 'target.low' (value 9.5) is above target.high (9",
        "expected low <= high",
    ),
    "params-target-year-before-data": _params(
        swap("target_year: 2026", "target_year: 2024"),
        "field 'target_year' (value 2024) is not after latest_data_year (2025)",
        "expected a year after the latest data",
    ),
    "params-target-year-mismatch": _params(
        swap("target: null ", "target: {year: 2027, low: 9, high: 9, kind: x, source: y} "),
        "field 'target.year' (value 2027) differs from target_year (2026)",
        "expected the same year",
    ),
    "params-impossible-date": _params(
        swap("meeting_date: 2025-11-27", "meeting_date: 2025-02-30"),
        "line 11: value '2025-02-30' is not a valid date",
        "expected YYYY-MM-DD",
    ),
    "params-nan-weight": _params(
        swap("  rtlh: 1", "  rtlh: .nan"),
        "field 'deprivation_weights.rtlh' (value nan)",
        "expected a finite number",
    ),
    "params-seed-yes": _params(
        swap("seed: 20251127", "seed: yes"),
        "field 'village_data.seed' (value True)",
        "expected a valid integer",
    ),
    "params-village-file-without-path": _params(
        swap("source: simulasi", "source: file"),
        "field 'village_data.path' is missing",
        "expected the path of the village file",
    ),
    "params-language": _params(
        swap("language: id", "language: jawa"),
        "field 'language' (value 'jawa')",
        "expected 'id' or 'en'",
    ),
    "params-not-a-mapping": _params(
        const("- regency: klaten\n"), "found a list", "expected a mapping of parameters"
    ),
    "params-empty-file": _params(const(""), "the file is empty", "expected 'key: value' lines"),
    "params-latin-1": _params(
        swap("name: Kabupaten Klaten", "name: Kabupaten Klatén", encoding="latin-1"),
        "line 4: not UTF-8 text (byte 0xe9 in 'name: Kabupaten Klatén')",
        "expected a UTF-8 file",
    ),
    # Command line: regency names
    "cli-unknown-regency": Case(
        "regencies", ("Unknown regency 'atlantis'", "Expected one of the 514 names"), arg="atlantis"
    ),
    "cli-misspelt-regency": Case(
        "regencies", ("Unknown regency 'klatn'", "Did you mean: klaten"), arg="klatn"
    ),
    "cli-parent-path": Case("regencies", (f"REGENCY='../x' {NOT_A_NAME}",), arg="../x"),
    "cli-absolute-path": Case("regencies", (f"REGENCY='/etc' {NOT_A_NAME}",), arg="/etc"),
    "cli-space": Case(
        "regencies",
        (f"REGENCY='kota semarang' {NOT_A_NAME}", "Did you mean REGENCY=kota-semarang?"),
        arg="kota semarang",
    ),
    "cli-single-quotes": Case("regencies", (f"REGENCY=\"'klaten'\" {NOT_A_NAME}",), arg="'klaten'"),
    "cli-double-quotes": Case("regencies", (f"REGENCY='\"klaten\"' {NOT_A_NAME}",), arg='"klaten"'),
    "cli-empty": Case("regencies", (f"REGENCY='' {NOT_A_NAME}",), arg=""),
    "build-unknown-regency": Case(
        "pipeline", ("Unknown regency 'atlantis'", "Expected one of the 514 names"), arg="atlantis"
    ),
    "build-parent-path": Case("pipeline", (f"REGENCY='../x' {NOT_A_NAME}",), arg="../x"),
    "build-absolute-path": Case("pipeline", (f"REGENCY='/etc' {NOT_A_NAME}",), arg="/etc"),
    "build-space": Case("pipeline", (f"REGENCY='kla ten' {NOT_A_NAME}",), arg="kla ten"),
    "build-quotes": Case("pipeline", (f"REGENCY=\"'klaten'\" {NOT_A_NAME}",), arg="'klaten'"),
}


def _files(folder: Path) -> set[Path]:
    return {path for path in folder.rglob("*") if path.is_file()}


def _write(path: Path, content: str | bytes) -> Path:
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8", newline="")
    return path


def _library_call(case: Case, folder: Path, lines: list[str]) -> tuple[Callable, list[Path]]:
    """Write the case's bad file into ``folder``; return the call to make and the files named."""
    klaten = paths.params_file("klaten").read_text(encoding="utf-8")
    if case.kind == "bps":
        path = _write(folder / "bps.csv", case.edit(lines))
        return lambda: data.validate_bps(path), [path]
    if case.kind == "params":
        path = _write(folder / "klaten.yml", case.edit(klaten))
        return lambda: params.load_file(path), [path]
    table = _write(folder / "bps.csv", case.edit(lines))
    path = _write(folder / "klaten.yml", klaten)
    return lambda: params.load_file(path, bps_file=table), [path]


@pytest.mark.parametrize("case", list(CASES.values()), ids=list(CASES))
def test_bad_input_is_refused(case, bps_extract_lines, tmp_path, monkeypatch):
    """The bad input raises InputError (exit 2) naming file, row/field, value, expectation."""
    reports = tmp_path / "reports"
    reports.mkdir()
    monkeypatch.setenv("TKPK_REPORTS_DIR", str(reports))
    if case.kind in ("regencies", "pipeline"):
        command = [sys.executable, "-m", f"analysis.{case.kind}"]
        command += ["build", case.arg] if case.kind == "pipeline" else [case.arg]
        result = subprocess.run(
            command,
            capture_output=True,
            text=True,
            cwd=tmp_path,
            env={**os.environ, "TKPK_REPORTS_DIR": str(reports)},
            check=False,
            timeout=120,
        )
        assert result.returncode == 2, result.stderr
        assert result.stdout == ""
        assert "Traceback" not in result.stderr
        message = result.stderr.removeprefix("error: ")
        assert result.stderr.startswith("error: ")
        named: list[Path] = []
    else:
        call, named = _library_call(case, tmp_path, bps_extract_lines)
        before = _files(tmp_path)
        with pytest.raises(InputError) as error:
            call()
        assert type(error.value) is InputError
        message = str(error.value)
        assert _files(tmp_path) == before, "the failed call wrote a file"
    for path in named:
        assert path.name in message
    assert "expected" in message.lower()
    row = last = None
    if case.key:
        row = row_of(bps_extract_lines, case.key)
        last = len(bps_extract_lines) + 1
    for fragment in case.fragments:
        assert fragment.format(row=row, last=last) in message, message
    assert not list(tmp_path.rglob("brief.pdf"))
    assert not any(reports.iterdir()), "a folder or file was created in the reports folder"


def test_matrix_is_large_enough():
    """The matrix covers at least 25 cases, library and command line."""
    kinds = [case.kind for case in CASES.values()]
    assert len(kinds) >= 25
    assert {"bps", "params", "latest-year", "regencies", "pipeline"} == set(kinds)


# --- tolerated inputs -------------------------------------------------------------------------


def _rewrite(
    lines,
    delimiter=",",
    comma_decimals=False,
    title=(),
    terminator="\n",
    bom=False,
    blank_every=0,
    trailing="",
    pad="",
):
    """The extract written the way some exports write it (separator, decimals, title rows...)."""

    def line(cells):
        buffer = io.StringIO()
        csv.writer(buffer, delimiter=delimiter, lineterminator="").writerow(cells)
        return buffer.getvalue()

    rows = [_cells(text) for text in lines]
    out = [line([text]) for text in title] + [line(rows[0])]
    for number, row in enumerate(rows[1:], start=1):
        if comma_decimals:
            row = [*row[:6], row[6].replace(".", ","), *row[7:]]
        out.append(line([f"{pad}{cell}{pad}" for cell in row]) + trailing)
        if blank_every and number % blank_every == 0:
            out.append("")
    return ("\ufeff" if bom else "") + terminator.join(out) + terminator


TOLERATED = {
    "title-row": (
        dict(title=["Persentase Penduduk Miskin (P0) Menurut Kabupaten/Kota"]),
        ["skipped 1 title line(s)"],
    ),
    "title-rows-and-comma-decimals": (
        dict(title=["Tabel 1", "Sumber: BPS"], comma_decimals=True),
        ["skipped 2 title line(s)", "column 'nilai' read with decimal commas"],
    ),
    "semicolons-and-comma-decimals": (
        dict(delimiter=";", comma_decimals=True),
        ["separated by semicolons", "column 'nilai' read with decimal commas"],
    ),
    "tabs": (dict(delimiter="\t"), ["separated by tabs"]),
    "windows-line-ends-and-bom": (dict(terminator="\r\n", bom=True), []),
    "blank-rows": (dict(blank_every=7), []),
    "trailing-empty-cells": (dict(trailing=",,"), []),
    "cells-padded-with-spaces": (dict(pad="  "), []),
}


@pytest.mark.parametrize(("options", "notes"), list(TOLERATED.values()), ids=list(TOLERATED))
def test_tolerated_input_is_read(options, notes, bps_extract_lines, tmp_path):
    """A safe variant of the table reads exactly as the clean one, with what was tolerated noted."""
    clean = data.validate_bps(_write(tmp_path / "clean.csv", _text(bps_extract_lines)))
    frame = data.validate_bps(
        _write(tmp_path / "export.csv", _rewrite(bps_extract_lines, **options))
    )
    pd.testing.assert_frame_equal(frame, clean)
    assert len(frame.attrs["notes"]) == len(notes)
    for note in notes:
        assert any(note in text and "export.csv" in text for text in frame.attrs["notes"])


# --- property-based: random malformed input ---------------------------------------------------

FUZZ = settings(
    max_examples=60,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)


def _in_empty_folder(name: str, content: str | bytes, call: Callable[[Path], object]):
    """Write one file in a fresh folder, call, and check that nothing else was written there."""
    with tempfile.TemporaryDirectory() as folder:
        path = _write(Path(folder) / name, content)
        try:
            return call(path)
        except InputError:
            return None
        finally:
            assert [item.name for item in Path(folder).iterdir()] == [name]


def _check_bps_result(frame):
    if frame is not None:
        assert not frame.duplicated(data.BPS_KEY).any()
        assert frame["kode_bps"].str.fullmatch(r"[0-9]{4}").all()
        assert frame["nilai"].notna().all()


@FUZZ
@given(st.binary(max_size=600))
def test_random_bytes_as_bps_table(content):
    """Random bytes never crash the BPS reader with anything but InputError."""
    _check_bps_result(_in_empty_folder("bps.csv", content, data.validate_bps))


HEADER = ",".join(data.BPS_COLUMNS)
CELLS = {
    "kode_bps": ["3310", "0000", "3300", "3371", "331", "33100", "", "٣٣١٠", "3310 "],
    "wilayah": ["Kabupaten Klaten", "Klaten", "", '"Kota, Baru"', "Klatén"],
    "tingkat": ["kabupaten", "kota", "provinsi", "nasional", "Kabupaten", ""],
    "tahun": ["2025", "2024", "1989", "2101", "2025.0", "25", "", "dua"],
    "periode": ["maret", "september", "Maret", ""],
    "indikator": [*data.INDICATOR_RANGES, "p0", ""],
    "nilai": [
        "11.00",
        '"11,00"',
        "11,00",
        "141.840",
        "1.234.567",
        "-1",
        "120",
        "",
        "nan",
        "302735",
        "0.27",
        '"0,27"',
        "1e3",
    ],
    "kepercayaan": ["A", "B", "C", "D", ""],
}


@st.composite
def bps_tables(draw):
    """A BPS table whose header is right and whose cells mix valid and invalid values."""
    rows = draw(
        st.lists(
            st.tuples(*(st.sampled_from(CELLS[column]) for column in CELLS)), min_size=0, max_size=8
        )
    )
    title = draw(st.sampled_from(["", "Judul tabel\n", "\n"]))
    lines = [HEADER, *(",".join(row) + ",s,c," for row in rows)]
    if draw(st.booleans()):
        lines = [line.replace(",", ";") for line in lines]
    return title + "\n".join(lines) + draw(st.sampled_from(["", "\n", "\n\n", ",,\n"]))


@FUZZ
@given(bps_tables())
def test_random_cells_in_bps_table(text):
    """Tables mixing valid and invalid cells are read consistently or refused with InputError."""
    _check_bps_result(_in_empty_folder("bps.csv", text, data.validate_bps))


@FUZZ
@given(
    st.lists(st.sampled_from([*'0123456789,;."\n\r \tabcé', HEADER + "\n"]), max_size=200).map(
        "".join
    )
)
def test_random_text_as_bps_table(text):
    """Random CSV-like text (quotes, separators, line ends) never crashes the BPS reader."""
    _check_bps_result(_in_empty_folder("bps.csv", text, data.validate_bps))


@FUZZ
@given(st.text(max_size=300))
def test_random_text_as_targets_and_lokus(text):
    """Random text as the targets or lokus file gives a frame or InputError, nothing else."""
    header = "kode_bps,wilayah,tahun,indikator,nilai_bawah,nilai_atas,jenis\n"
    _in_empty_folder("target.csv", header + text, data.load_targets)
    header = "tahun,kode_desa,nama_desa,kode_kecamatan,nama_kecamatan\n"
    _in_empty_folder("lokus.csv", header + text, data.load_lokus)


@FUZZ
@given(
    st.lists(
        st.one_of(
            st.text(max_size=12), st.from_regex(r"-?[0-9]{1,7}([.,][0-9]{1,4})?", fullmatch=True)
        ),
        max_size=6,
    )
)
def test_random_numbers(values):
    """parse_numbers returns floats for every non-empty cell or raises InputError."""
    try:
        parsed = data.parse_numbers(pd.Series(values, dtype=str), Path("f.csv"), "nilai", 0, [])
    except InputError:
        return
    assert parsed.dtype == "float64"
    assert parsed.notna().tolist() == [value.strip() != "" for value in values]


@FUZZ
@given(st.text(max_size=400))
def test_random_text_as_params_file(text):
    """Random text as a params file never crashes read_yaml or validate."""

    def read_and_validate(path):
        return params.validate(params.read_yaml(path), path.name)

    _in_empty_folder("klaten.yml", text, read_and_validate)


YAML_LEAVES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**9),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=10),
    st.dates(),
)
YAML_VALUES = st.recursive(
    YAML_LEAVES,
    lambda children: st.one_of(
        st.lists(children, max_size=3), st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=8,
)
FIELDS = [*params.Params.model_fields, "target.low", "village_data.seed", "x"]


@FUZZ
@given(changes=st.dictionaries(st.sampled_from(FIELDS), YAML_VALUES, max_size=4))
def test_random_values_in_params(changes, bps):
    """Random values for real and unknown keys give Params or InputError, via YAML too."""
    values = params.read_yaml(paths.params_file("klaten"))
    for field, value in changes.items():
        if field.startswith("target."):
            values["target"] = {
                "year": 2026,
                "low": 8,
                "high": 9,
                "kind": "k",
                "source": "s",
                field.split(".")[1]: value,
            }
        elif field.startswith("village_data."):
            nested = values["village_data"] if isinstance(values["village_data"], dict) else {}
            values["village_data"] = {**nested, field.split(".")[1]: value}
        else:
            values[field] = value
    with contextlib.suppress(InputError):
        params.validate(values, "klaten.yml", bps=bps)
    dumped = yaml.safe_dump(values, allow_unicode=True)

    def read_and_validate(path):
        return params.validate(params.read_yaml(path), path.name, bps=bps)

    _in_empty_folder("klaten.yml", dumped, read_and_validate)


@FUZZ
@given(values=st.dictionaries(st.text(max_size=6), YAML_VALUES, max_size=5))
def test_random_dicts_as_params(values, bps):
    """Random dicts are refused with InputError, never another exception."""
    with pytest.raises(InputError):
        params.validate(values, "random.yml", bps=bps)


@FUZZ
@given(st.text(max_size=30))
def test_random_regency_names(name):
    """Any text resolves to a regency with exactly that slug or raises InputError."""
    try:
        regency = regencies.resolve(name)
    except InputError:
        return
    assert regency.slug == name
    assert regencies.SLUG_PATTERN.fullmatch(name)


REGENCY_TOKENS = [
    *',;"\n\r é\t',
    "kode_bps,wilayah,tingkat,indikator\n",
    "3310,Kabupaten Klaten,kabupaten,p0_persen\n",
    "3371,Kota Magelang,kota,p0_persen\n",
    "3300,Jawa Tengah,provinsi,p0_persen\n",
    "Kabupaten ---",
]


@FUZZ
@given(st.lists(st.sampled_from(REGENCY_TOKENS), max_size=30).map("".join))
def test_random_text_as_regency_table(text):
    """The regency list of any table is a list of unique valid slugs, or an InputError."""
    listed = _in_empty_folder("bps.csv", text, regencies.all_regencies)
    if listed is not None:
        slugs = [regency.slug for regency in listed]
        assert len(set(slugs)) == len(slugs)
        assert all(regencies.SLUG_PATTERN.fullmatch(slug) for slug in slugs)


def test_a_bad_read_timeout_setting_stops_the_command_line_in_both_languages(tmp_path):
    """TKPK_READ_TIMEOUT=abc: exit status 2, no traceback, the variable named in both languages."""
    reports = tmp_path / "reports"
    result = run_build("klaten", reports, environment={"TKPK_READ_TIMEOUT": "abc"}, cwd=tmp_path)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "variabel lingkungan TKPK_READ_TIMEOUT: nilai 'abc' bukan jumlah detik" in result.stderr
    assert "(en) environment variable TKPK_READ_TIMEOUT: value 'abc' is not a number" in (
        result.stderr
    )
    assert not (reports / "klaten" / "brief.pdf").exists()
