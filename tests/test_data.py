"""Tests of analysis.data: the real raw data loads and validates; bad files are refused clearly.

The broad matrix of bad inputs is in test_bad_inputs.py; this file checks the loaders' contracts,
the facts of the real data and the reader's row numbering and tolerances.
"""

from __future__ import annotations

import csv
import io

import numpy as np
import pandas as pd
import pytest

from analysis import data
from analysis.errors import InputError


def _text(lines: list[str]) -> str:
    return "\n".join(lines) + "\n"


# --- the real data ---------------------------------------------------------------------------


def test_bps_columns_and_types(bps):
    """The BPS table has the documented columns, 4-digit text codes, int years, float values."""
    assert list(bps.columns) == data.BPS_COLUMNS
    assert bps["kode_bps"].str.fullmatch(r"[0-9]{4}").all()
    assert bps["tahun"].dtype == np.int64
    assert bps["nilai"].dtype == np.float64
    assert bps["tahun"].between(*data.YEAR_RANGE).all()
    assert set(bps["periode"]) <= data.PERIODS
    assert set(bps["indikator"]) == set(data.INDICATOR_RANGES)
    assert set(bps["kepercayaan"]) == data.TRUST_LEVELS


def test_bps_one_value_per_key_and_in_range(bps):
    """Every (kode_bps, tahun, periode, indikator) has one value, inside its indicator's range."""
    assert not bps.duplicated(data.BPS_KEY).any()
    for indicator, (low, high, _) in data.INDICATOR_RANGES.items():
        assert bps.loc[bps["indikator"] == indicator, "nilai"].between(low, high).all()


def test_bps_levels_fit_codes(bps):
    """0000 is the nation, xx00 the provinces, xx7x cities, other codes regencies; one name each."""
    levels = dict(zip(bps["kode_bps"], bps["tingkat"], strict=True))
    assert levels["0000"] == "nasional"
    assert levels["3300"] == "provinsi"
    assert levels["3310"] == "kabupaten"
    assert levels["3371"] == "kota"
    assert (bps.groupby("kode_bps")["wilayah"].nunique() == 1).all()


def test_real_bps_needs_no_tolerance(bps):
    """The project's own BPS file is clean: nothing was tolerated, and its source is recorded."""
    assert bps.attrs["notes"] == []
    assert bps.attrs["source"].endswith("bps_kemiskinan.csv")


def test_load_bps_returns_independent_copies():
    """Changing a loaded table (or its notes) does not change the next load (cache is safe)."""
    first = data.load_bps()
    first.loc[0, "nilai"] = -1.0
    first.attrs["notes"].append("changed")
    second = data.load_bps()
    assert second.loc[0, "nilai"] != -1.0
    assert second.attrs["notes"] == []


def test_klaten_p0_series(bps):
    """Klaten's P0 is indexed by int year with the published values (2024 12.04, 2025 11.00)."""
    series = data.indicator_series(bps, "3310")
    assert series.index.is_monotonic_increasing
    assert series.index.dtype == np.int64
    assert series[2024] == pytest.approx(12.04)
    assert series[2025] == pytest.approx(11.00)
    assert list(series.index) == list(range(2015, 2026))  # 2015 from the national table


def test_indicator_series_of_unknown_code_is_empty(bps):
    """A code without figures gives an empty float series, not an error."""
    series = data.indicator_series(bps, "9999")
    assert series.empty
    assert series.dtype == np.float64


def test_province_helpers(bps):
    """Province code, regencies of a province (35 Jawa Tengah, 38 Jawa Timur) and names."""
    assert data.province_code("3310") == "3300"
    assert data.province_code("3578") == "3500"
    assert len(data.regencies_of_province(bps, "3300")) == 35
    assert len(data.regencies_of_province(bps, "3500")) == 38
    assert "3310" in data.regencies_of_province(bps, "3300")
    assert data.region_name(bps, "3310") == "Kabupaten Klaten"
    assert data.kemendagri_code("3310") == "33.10"


def test_region_name_of_unknown_code_raises(bps):
    """An unknown code raises InputError naming the code."""
    with pytest.raises(InputError, match="9999"):
        data.region_name(bps, "9999")


def test_official_villages_of_klaten():
    """Klaten has 401 official villages in 26 kecamatan, all with codes under 33.10."""
    villages = data.load_official_villages("3310")
    assert list(villages.columns) == ["kode_desa", "nama_desa", "kode_kecamatan", "nama_kecamatan"]
    assert len(villages) == 401
    assert villages["kode_kecamatan"].nunique() == 26
    assert villages["kode_desa"].is_unique
    assert villages["kode_desa"].str.fullmatch(r"33\.10\.[0-9]{2}\.[0-9]{4}").all()
    assert (villages["kode_desa"].str[:8] == villages["kode_kecamatan"]).all()
    assert (villages["nama_desa"] != "").all() and (villages["nama_kecamatan"] != "").all()
    pasung = villages.set_index("kode_desa").loc["33.10.03.2009"]
    assert (pasung["nama_desa"], pasung["nama_kecamatan"]) == ("Pasung", "Wedi")


def test_official_villages_of_unknown_regency_raise():
    """A BPS code without official villages raises InputError naming the code."""
    with pytest.raises(InputError, match="9999"):
        data.load_official_villages("9999")


def test_official_regencies():
    """The official list has 514 regencies with 4-digit BPS codes; Klaten is 33.10."""
    regencies = data.load_official_regencies()
    assert len(regencies) == 514
    assert regencies["kode_bps"].str.fullmatch(r"[0-9]{4}").all()
    klaten = regencies.set_index("kode_bps").loc["3310"]
    assert klaten["kode_kabupaten"] == "33.10"
    assert klaten["nama"] == "Kabupaten Klaten"


def test_lokus_are_official_klaten_villages():
    """Published lokus: 11 named in 2022 and 18 in 2023, all official Klaten villages."""
    lokus = data.load_lokus()
    official = data.load_official_villages("3310").set_index("kode_desa")
    assert lokus["tahun"].dtype == np.int64
    assert lokus.groupby("tahun").size().to_dict() == {2022: 11, 2023: 18}
    assert lokus["kode_desa"].isin(official.index).all()
    matched = official.loc[lokus["kode_desa"]]
    assert (matched["kode_kecamatan"].to_numpy() == lokus["kode_kecamatan"].to_numpy()).all()
    assert (matched["nama_desa"].to_numpy() == lokus["nama_desa"].to_numpy()).all()


def test_targets():
    """Targets have int years, float bounds with low <= high; Jombang 2026 is 8.04-8.10."""
    targets = data.load_targets()
    assert targets["tahun"].dtype == np.int64
    assert targets["nilai_bawah"].dtype == np.float64
    assert (targets["nilai_bawah"] <= targets["nilai_atas"]).all()
    jombang = targets[
        (targets["kode_bps"] == "3517")
        & (targets["tahun"] == 2026)
        & (targets["indikator"] == "p0_persen")
    ]
    assert jombang[["nilai_bawah", "nilai_atas"]].iloc[0].tolist() == [8.04, 8.10]


# --- the reader: rows as a spreadsheet shows them, and what it tolerates --------------------


def test_bps_extract_validates(bps_extract_lines, write_file):
    """The small real extract used by the bad-file tests is itself valid."""
    frame = data.validate_bps(write_file("bps.csv", _text(bps_extract_lines)))
    assert set(frame["kode_bps"]) == {"0000", "3300", "3310"}
    assert frame.attrs["notes"] == []


def test_comma_decimals_with_title_row_are_read(bps, bps_extract_lines, write_file):
    """A BPS export with a title row and every decimal as a comma reads as the clean table."""
    rows = list(csv.reader(bps_extract_lines))
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["Persentase Penduduk Miskin Menurut Kabupaten/Kota (Persen)"])
    writer.writerow([])
    writer.writerow(rows[0])
    for row in rows[1:]:
        writer.writerow([*row[:6], row[6].replace(".", ","), *row[7:]])
    assert '"12,04"' in buffer.getvalue()
    frame = data.validate_bps(write_file("export.csv", "\ufeff" + buffer.getvalue()))
    clean = data.validate_bps(write_file("clean.csv", _text(bps_extract_lines)))
    pd.testing.assert_frame_equal(frame, clean, check_like=False)
    notes = " ".join(frame.attrs["notes"])
    assert "skipped 2 title line(s)" in notes
    assert "'nilai' read with decimal commas" in notes


def test_semicolon_export_is_read(bps_extract_lines, write_file):
    """An Indonesian-locale Excel export (semicolons, decimal commas) reads with notes."""
    rows = list(csv.reader(bps_extract_lines))
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\n")
    writer.writerow(rows[0])
    for row in rows[1:]:
        writer.writerow([*row[:6], row[6].replace(".", ","), *row[7:]])
    frame = data.validate_bps(write_file("export.csv", buffer.getvalue()))
    clean = data.validate_bps(write_file("clean.csv", _text(bps_extract_lines)))
    pd.testing.assert_frame_equal(frame, clean)
    assert any("semicolons" in note for note in frame.attrs["notes"])


def test_bps_table_as_xlsx_reads_as_the_csv(bps_extract_lines, write_file, tmp_path):
    """The same table saved as an XLSX workbook (numbers as numbers) validates to the same frame."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Persentase Penduduk Miskin"])
    for number, row in enumerate(csv.reader(bps_extract_lines)):
        if number:
            row = [*row[:3], int(row[3]), *row[4:6], float(row[6]), *row[7:]]
        sheet.append(row)
    workbook.save(tmp_path / "bps.xlsx")
    frame = data.validate_bps(tmp_path / "bps.xlsx")
    clean = data.validate_bps(write_file("clean.csv", _text(bps_extract_lines)))
    pd.testing.assert_frame_equal(frame.drop(columns="nilai"), clean.drop(columns="nilai"))
    np.testing.assert_allclose(frame["nilai"], clean["nilai"], rtol=0, atol=0)
    assert frame.attrs["notes"] == [
        "bps.xlsx: skipped 1 title row(s) above the header (header on row 2)."
    ]


def test_rows_are_numbered_as_a_spreadsheet_shows_them(bps_extract_lines, write_file):
    """Title, blank and multi-line rows count like in a spreadsheet when naming a bad row."""
    header, first, second, third = bps_extract_lines[:4]
    multiline = first[: first.rindex(",")] + ',"line one\nline two"'
    bad = third.replace(",maret,", ",Maret,")
    text = _text(["Judul tabel", header, multiline, "", second, bad])
    # Spreadsheet rows: 1 title, 2 header, 3 multi-line record, 4 blank, 5 second, 6 bad.
    with pytest.raises(InputError) as error:
        data.validate_bps(write_file("bps.csv", text))
    message = str(error.value)
    assert "bps.csv, row 6, column 'periode'" in message
    assert "'Maret'" in message and "maret, september" in message


def test_short_rows_and_trailing_empty_cells_are_read(bps_extract_lines, write_file):
    """Rows missing trailing optional cells or with extra empty cells read as the full row."""
    header, *rows = bps_extract_lines[:4]
    trimmed = ",".join(next(csv.reader([rows[0]]))[:8])
    padded = rows[1] + ",,,"
    frame = data.validate_bps(write_file("bps.csv", _text([header, trimmed, padded, rows[2]])))
    clean = data.validate_bps(write_file("clean.csv", _text([header, *rows[:3]])))
    pd.testing.assert_frame_equal(frame[data.BPS_COLUMNS[:8]], clean[data.BPS_COLUMNS[:8]])
    assert frame.attrs["notes"] == []


def test_header_naming_a_column_twice_is_refused(bps_extract_lines, write_file):
    """A header with a duplicated column name is refused, naming the column."""
    header = bps_extract_lines[0] + ",nilai"
    text = _text([header, *(line + ",1" for line in bps_extract_lines[1:3])])
    with pytest.raises(InputError, match=r"row 1: the header names column 'nilai' twice"):
        data.validate_bps(write_file("bps.csv", text))


def test_not_found_and_folder_are_refused(tmp_path):
    """A missing path or a folder gives InputError naming it, not an OSError."""
    with pytest.raises(InputError, match="file not found"):
        data.validate_bps(tmp_path / "missing.csv")
    with pytest.raises(InputError, match="is a folder"):
        data.validate_bps(tmp_path)
    with pytest.raises(InputError, match="file not found"):
        data.load_bps(tmp_path / "missing.csv")


# --- numbers ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (["11.00", "302735", "-0.5", ""], [11.0, 302735.0, -0.5, np.nan]),
        (["11,00", "302735", "0,27"], [11.0, 302735.0, 0.27]),
        (["0.415", "12.04"], [0.415, 12.04]),
    ],
)
def test_parse_numbers_reads_unambiguous_numbers(values, expected, tmp_path):
    """Plain numbers, all-comma decimals and three decimals after a zero are read exactly."""
    notes: list[str] = []
    parsed = data.parse_numbers(pd.Series(values), tmp_path / "f.csv", "nilai", 0, notes)
    np.testing.assert_array_equal(parsed.to_numpy(), np.array(expected))
    assert parsed.dtype == np.float64
    assert bool(notes) == any("," in value for value in values)


@pytest.mark.parametrize(
    ("values", "row", "fragment"),
    [
        (["11.00", "1.234.567"], 3, "'1.234.567' is written with a thousands separator"),
        (["11.00", "1.234,5"], 3, "'1.234,5' is written with a thousands separator"),
        (["141.840"], 2, "'141.840' is ambiguous"),
        (["1,234"], 2, "'1,234' is ambiguous"),
        (["11.00", "12,5"], 3, "'12,5' uses a decimal comma while row 2 ('11.00')"),
        (["1e5"], 2, "'1e5' is not a number"),
        (["nan"], 2, "'nan' is not a number"),
        (["12 %"], 2, "'12 %' is not a number"),
    ],
)
def test_parse_numbers_refuses_ambiguous_numbers(values, row, fragment, tmp_path):
    """Thousands separators, mixed conventions and non-numbers name the row, value, expectation."""
    with pytest.raises(InputError) as error:
        data.parse_numbers(pd.Series(values), tmp_path / "f.csv", "nilai", 0, [])
    message = str(error.value)
    assert f"f.csv, row {row}, column 'nilai'" in message
    assert fragment in message
    assert "expected" in message


# --- lokus and targets files ------------------------------------------------------------------

LOKUS_HEADER = "tahun,kode_desa,nama_desa,kode_kecamatan,nama_kecamatan,sumber_url,catatan"
TARGET_HEADER = "kode_bps,wilayah,tahun,indikator,nilai_bawah,nilai_atas,jenis,sumber_url,catatan"


@pytest.mark.parametrize(
    ("row", "fragments"),
    [
        (
            "2022,3310032009,Pasung,33.10.03,Wedi,u,",
            ["column 'kode_desa'", "'3310032009'", "33.10.03.2009"],
        ),
        ("2O22,33.10.03.2009,Pasung,33.10.03,Wedi,u,", ["column 'tahun'", "'2O22'", "four digits"]),
        (
            "2022,33.10.03.2009,Pasung,33.10.04,Wedi,u,",
            ["column 'kode_kecamatan'", "'33.10.04'", "expected '33.10.03'"],
        ),
    ],
)
def test_bad_lokus_rows_are_refused(row, fragments, write_file):
    """A bad lokus row names the file, row 3, the column, the value and what is expected."""
    good = "2022,33.10.03.2010,Tanjungan,33.10.03,Wedi,u,"
    path = write_file("lokus.csv", _text([LOKUS_HEADER, good, row]))
    with pytest.raises(InputError) as error:
        data.load_lokus(path)
    message = str(error.value)
    assert "lokus.csv, row 3" in message
    for fragment in fragments:
        assert fragment in message


def test_lokus_listed_twice_is_refused(write_file):
    """The same village twice in one year is refused, naming the second row."""
    row = "2022,33.10.03.2009,Pasung,33.10.03,Wedi,u,"
    path = write_file("lokus.csv", _text([LOKUS_HEADER, row, row]))
    with pytest.raises(InputError, match=r"row 3, column 'kode_desa'.*listed twice for 2022"):
        data.load_lokus(path)


@pytest.mark.parametrize(
    ("row", "fragments"),
    [
        (
            "3310,Kabupaten Klaten,2026,p0_persen,9,110,x,u,",
            ["column 'nilai_atas'", "110", "0 to 100"],
        ),
        (
            "3310,Kabupaten Klaten,2026,p0_persen,9,8,x,u,",
            ["column 'nilai_bawah'", "9", "nilai_bawah <= nilai_atas"],
        ),
        ("3310,Kabupaten Klaten,2026,p0_persen,,8,x,u,", ["column 'nilai_bawah'", "empty"]),
        (
            "331,Kabupaten Klaten,2026,p0_persen,8,8,x,u,",
            ["column 'kode_bps'", "'331'", "four digits"],
        ),
        (
            "3310,Kabupaten Klaten,2026,p0_persen,8 persen,9,x,u,",
            ["column 'nilai_bawah'", "'8 persen'", "plain number"],
        ),
    ],
)
def test_bad_target_rows_are_refused(row, fragments, write_file):
    """A bad target row names the file, row 2, the column, the value and what is expected."""
    path = write_file("target.csv", _text([TARGET_HEADER, row]))
    with pytest.raises(InputError) as error:
        data.load_targets(path)
    message = str(error.value)
    assert "target.csv, row 2" in message
    assert "expected" in message
    for fragment in fragments:
        assert fragment in message


# --- the national table: official codes, precedence, conflicts, the Papua split -------------------

HEADER = "kode_bps,wilayah,tingkat,tahun,periode,indikator,nilai,kepercayaan,sumber"


def test_combined_table_holds_all_514_regencies_and_klaten_2025(bps):
    """Every official regency has P0; Klaten 2025 stays 11.00 (only bps_kemiskinan.csv has it)."""
    regencies = bps[bps["tingkat"].isin(["kabupaten", "kota"]) & (bps["indikator"] == "p0_persen")]
    assert regencies["kode_bps"].nunique() == 514
    klaten = data.indicator_series(bps, "3310")
    assert klaten[2025] == pytest.approx(11.00)
    assert klaten[2015] == pytest.approx(14.89)  # from the national table


@pytest.mark.parametrize(
    ("row", "fragments"),
    [
        (
            "3399,Kabupaten Entah,kabupaten,2024,maret,p0_persen,10.5,B,x",
            ["row 2", "column 'kode_bps'", "BPS code 3399", "not in the official code list"],
        ),
        (
            "3510,Kabupaten Klaten,kabupaten,2024,maret,p0_persen,10.5,B,x",
            ["row 2", "column 'wilayah'", "3310 in Jawa Tengah", "digits 35 are Jawa Timur"],
        ),
        (
            "3310,Kabupaten Klaten,kabupaten,2024,maret,p0_persen,0,B,x",
            ["row 2", "column 'nilai'", "value 0 for p0_persen", "outside"],
        ),
        (
            "3310,Kabupaten Klaten,kabupaten,2024,maret,p0_persen,100,B,x",
            ["row 2", "column 'nilai'", "value 100 for p0_persen", "outside"],
        ),
    ],
)
def test_wrong_codes_names_and_placeholder_p0_are_refused(row, fragments, write_file):
    """Unknown code, a name filed under another province's code, P0 0 or 100: refused by row."""
    path = write_file("bps.csv", _text([HEADER, row]))
    with pytest.raises(InputError) as error:
        data.validate_bps(path, data.load_bps_codes())
    message = str(error.value)
    assert "bps.csv" in message
    for fragment in fragments:
        assert fragment in message


def test_official_name_variants_are_accepted(write_file):
    """'Provinsi Kep. Bangka Belitung' is the official 'Kepulauan Bangka Belitung' (1900)."""
    row = "1900,Provinsi Kep. Bangka Belitung,provinsi,2024,maret,p0_persen,4.52,B,x"
    frame = data.validate_bps(write_file("bps.csv", _text([HEADER, row])), data.load_bps_codes())
    assert frame["nilai"].tolist() == [4.52]


def _raw_dir(tmp_path, monkeypatch, tables: dict[str, list[str]]):
    """A raw-data folder with the real code list and the given BPS tables; the loader reads it."""
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / data.CODE_LIST).write_bytes(data.code_list_file().read_bytes())
    for name, rows in tables.items():
        (raw / name).write_text(_text([HEADER, *rows]), encoding="utf-8")
    monkeypatch.setattr(data.paths, "DATA_RAW", raw)
    return raw


def test_load_bps_prefers_trust_then_source_and_lists_the_conflict(tmp_path, monkeypatch):
    """Two tables: A beats B whatever the order; a tie on trust goes to the source name A-Z."""
    _raw_dir(
        tmp_path,
        monkeypatch,
        {
            "a.csv": [
                "3310,Kabupaten Klaten,kabupaten,2024,maret,p0_persen,12.04,B,zeta",
                "3310,Kabupaten Klaten,kabupaten,2023,maret,p0_persen,12.28,B,beta",
            ],
            "b.csv": [
                "3310,Kabupaten Klaten,kabupaten,2024,maret,p0_persen,12.50,A,omega",
                "3310,Kabupaten Klaten,kabupaten,2023,maret,p0_persen,12.30,B,alpha",
                "3310,Kabupaten Klaten,kabupaten,2022,maret,p0_persen,12.33,B,alpha",
            ],
        },
    )
    bps = data.load_bps()
    assert data.indicator_series(bps, "3310").to_dict() == {2022: 12.33, 2023: 12.30, 2024: 12.50}
    conflicts = data.load_bps_conflicts().set_index("tahun")
    assert sorted(conflicts.index) == [2023, 2024]
    assert conflicts.loc[2024, "nilai_lain"] == 12.04
    assert conflicts.loc[2024, "alasan"] == "kepercayaan A > B"
    assert conflicts.loc[2023, "sumber_lain"] == "beta"


def test_load_bps_names_every_row_officially(tmp_path, monkeypatch):
    """'Jawa Tengah' in one table and 'Provinsi Jawa Tengah' in another: one official name."""
    _raw_dir(
        tmp_path,
        monkeypatch,
        {
            "a.csv": ["3300,Jawa Tengah,provinsi,2024,maret,p0_persen,10.47,A,s"],
            "b.csv": ["3300,Provinsi Jawa Tengah,provinsi,2023,maret,p0_persen,10.77,A,s"],
        },
    )
    assert set(data.load_bps()["wilayah"]) == {"Jawa Tengah"}


def test_kemendagri_code_comes_from_the_code_list():
    """BPS 1101 (Simeulue) is Kemendagri 11.09 and BPS 9701 (Nduga) is 95.08; Klaten 33.10."""
    assert data.kemendagri_code("1101") == "11.09"
    assert data.kemendagri_code("9701") == "95.08"
    assert data.kemendagri_code("3310") == "33.10"


def test_papua_pegunungan_is_compared_with_papua_until_2023(bps):
    """Nduga's province: Papua (9400) 2021-2023, Papua Pegunungan (9700) from 2025, 2024 a gap."""
    as_it_was = data.province_as_it_was(bps, "9701")
    assert as_it_was.to_dict() == {2021: 26.86, 2022: 26.56, 2023: 26.03, 2025: 30.03}
    assert data.province_series(bps, "9400").index.tolist() == [2024, 2025]
    history = data.province_history(bps, "9701")
    assert (history["before"], history["until"], history["first_own"]) == ("Papua", 2023, 2025)
    assert data.province_history(bps, "3310") is None


# --- messages in Indonesian and English -------------------------------------------------------

KLATEN_P0 = "3310,Kabupaten Klaten,kabupaten,2024,maret,p0_persen,10.5,B,x"


def _lines(message: str) -> tuple[str, str]:
    """The Indonesian line and the English line (after '(en) ') of a message."""
    first, second = message.split("\n(en) ")
    return first, second


@pytest.mark.parametrize(
    ("row", "column", "indonesian", "english"),
    [
        (KLATEN_P0.replace("10.5", ""), "nilai", "sel kosong; diharapkan angka", "cell is empty"),
        (KLATEN_P0.replace("3310,", "33A0,", 1), "kode_bps", "bukan kode BPS 4 angka", "4-digit"),
        (KLATEN_P0.replace("2024", "1980"), "tahun", "di luar rentang yang diharapkan", "outside"),
        (KLATEN_P0.replace("maret", "juni"), "periode", "tidak diperbolehkan", "not allowed"),
        (KLATEN_P0.replace(",kabupaten,", ",kota,"), "tingkat", "tidak sesuai", "does not fit"),
        (KLATEN_P0.replace("10.5", "95"), "nilai", "persen penduduk", "percent of population"),
        (KLATEN_P0.replace("3310", "3510"), "wilayah", "3310 di Jawa Tengah", "3310 in Jawa"),
        (KLATEN_P0.replace("3310", "3399"), "kode_bps", "tidak ada dalam daftar kode", "not in"),
    ],
    ids=["empty", "code", "year", "period", "level", "range", "province", "unofficial"],
)
def test_bps_messages_are_in_indonesian_then_english(row, column, indonesian, english, write_file):
    """A bad BPS cell is named by file, row (baris) and column (kolom) in Indonesian, then in
    English."""
    path = write_file("bps.csv", _text([HEADER, row]))
    with pytest.raises(InputError) as error:
        data.validate_bps(path, data.load_bps_codes())
    first, second = _lines(str(error.value))
    assert first.startswith(f"{path}, baris 2, kolom '{column}': ") and indonesian in first
    assert second.startswith(f"{path}, row 2, column '{column}': ") and english in second
    assert "iharapkan" in first  # "diharapkan", or "Diharapkan" after a full stop
    assert "expected" not in first.lower() and "diharapkan" not in second


def test_key_given_twice_is_refused_in_both_languages(write_file):
    """Two rows with one key name both rows and the key in Indonesian ('muncul 2 kali') and in
    English."""
    path = write_file("bps.csv", _text([HEADER, KLATEN_P0, KLATEN_P0.replace("10.5", "11")]))
    with pytest.raises(InputError) as error:
        data.validate_bps(path, data.load_bps_codes())
    first, second = _lines(str(error.value))
    assert first.startswith(f"{path}, baris 2, 3, kolom kode_bps") and "muncul 2 kali" in first
    assert second.startswith(f"{path}, rows 2, 3, columns kode_bps") and "appears 2 times" in second


def test_lokus_and_target_messages_are_bilingual(write_file):
    """A village listed twice and an inverted target range are refused in Indonesian and English."""
    village = "2022,33.10.03.2009,Pasung,33.10.03,Wedi,u,"
    with pytest.raises(InputError) as error:
        data.load_lokus(write_file("lokus.csv", _text([LOKUS_HEADER, village, village])))
    first, second = _lines(str(error.value))
    assert "baris 3, kolom 'kode_desa': desa 33.10.03.2009 tercantum dua kali" in first
    assert "row 3, column 'kode_desa': village 33.10.03.2009 is listed twice" in second
    target = "3310,Kabupaten Klaten,2026,p0_persen,9,8,x,u,"
    with pytest.raises(InputError) as error:
        data.load_targets(write_file("target.csv", _text([TARGET_HEADER, target])))
    first, second = _lines(str(error.value))
    assert "nilai 9 lebih besar dari nilai_atas 8; diharapkan nilai_bawah <= nilai_atas" in first
    assert "value 9 is above nilai_atas 8; expected nilai_bawah <= nilai_atas" in second


def test_a_nik_in_a_table_cell_is_masked_in_both_lines(write_file):
    """A 16-digit number typed into a code cell appears masked in both languages, never whole."""
    nik = "3310012345678901"
    path = write_file("bps.csv", _text([HEADER, KLATEN_P0.replace("3310,", f"{nik},", 1)]))
    with pytest.raises(InputError) as error:
        data.validate_bps(path, data.load_bps_codes())
    message = str(error.value)
    assert nik not in message and message.count("3310********8901") == 2


def test_lokus_read_once_per_file_version_and_handed_out_as_copies(write_file):
    """A caller's edit never reaches the next caller; a rewritten file is read again."""
    first_row = "2022,33.10.03.2010,Tanjungan,33.10.03,Wedi,u,"
    path = write_file("lokus.csv", _text([LOKUS_HEADER, first_row]))
    first = data.load_lokus(path)
    first.loc[0, "nama_desa"] = "edited"
    first.attrs["notes"].append("edited")
    again = data.load_lokus(path)
    assert again.loc[0, "nama_desa"] == "Tanjungan"
    assert "edited" not in again.attrs["notes"]
    second_row = "2023,33.10.03.2009,Pasung,33.10.03,Wedi,u,"
    write_file("lokus.csv", _text([LOKUS_HEADER, first_row, second_row]))
    assert list(data.load_lokus(path)["nama_desa"]) == ["Tanjungan", "Pasung"]


def test_official_villages_handed_out_as_copies():
    """Editing Klaten's official village list does not change the next caller's list."""
    first = data.load_official_villages("3310")
    count = len(first)
    first.loc[first.index[0], "nama_desa"] = "edited"
    first["kode_desa"] = "00.00.00.0000"
    again = data.load_official_villages("3310")
    assert len(again) == count == 401
    assert "edited" not in set(again["nama_desa"])
    assert "00.00.00.0000" not in set(again["kode_desa"])


def test_a_code_listed_twice_in_the_official_code_list_is_refused_with_its_row(tmp_path):
    """The BPS code list with 3310 on rows 3 and 4 is refused at row 4, naming the code."""
    from analysis.data.codes import _read_codes

    path = tmp_path / "kode_wilayah_bps.csv"
    path.write_text(
        "kode_bps,wilayah,tingkat,kode_kemendagri\n3300,Jawa Tengah,provinsi,33\n"
        "3310,Klaten,kabupaten,33.10\n3310,Klaten,kabupaten,33.10\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as error:
        _read_codes(path)
    english = str(error.value).split("\n(en) ")[1]
    assert "row 4" in english and "3310" in english
