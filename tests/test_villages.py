"""Tests of the village panel schema, its validation and the loading of CSV/XLSX files."""

from __future__ import annotations

import csv

import pandas as pd
import pytest
from openpyxl import Workbook

from analysis import data, villages
from analysis.errors import InputError

OFFICIAL = pd.DataFrame(
    {
        "kode_desa": ["33.10.03.2009", "33.10.03.2016", "33.10.20.2001"],
        "nama_desa": ["Pasung", "Sukorejo", "Beteng"],
        "kode_kecamatan": ["33.10.03", "33.10.03", "33.10.20"],
        "nama_kecamatan": ["Wedi", "Wedi", "Jatinom"],
    }
)
HEADER = list(villages.REQUIRED_COLUMNS) + ["source"]


def _rows(years=(2021, 2022, 2023)) -> list[list]:
    rows = []
    for code in OFFICIAL["kode_desa"]:
        for year in years:
            rows.append([code, year, 1000, 120, 450, 50, 5, 40, 30, 80, 20, 20, 60, "P3KE 2023"])
    return rows


def _write_csv(path, rows, header=None, delimiter=","):
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        writer.writerow(header or HEADER)
        writer.writerows(rows)
    return path


def _load(path):
    return villages.load_village_file(path, "3310", OFFICIAL)


def test_valid_csv_loads_with_schema_columns_and_official_names(tmp_path):
    """A well-formed CSV becomes the documented panel with names joined from the official list."""
    panel = _load(_write_csv(tmp_path / "desa.csv", _rows()))
    assert list(panel.columns) == list(villages.PANEL_COLUMNS)
    assert len(panel) == 9
    assert panel.loc[panel["village_code"] == "33.10.20.2001", "kecamatan_name"].iloc[0] == (
        "Jatinom"
    )
    assert panel["families"].dtype == "int64"
    assert not panel["is_simulated"].any()
    assert panel["lokus"].isna().all()


def test_schema_documents_every_panel_column_and_matches_params_indicators():
    """Every panel column is documented and the indicator list agrees with the params module."""
    from analysis import params

    assert set(villages.PANEL_COLUMNS) <= set(villages.SCHEMA)
    assert tuple(params.INDICATORS) == villages.INDICATORS


def test_xlsx_with_title_rows_finds_header_and_reports_spreadsheet_rows(tmp_path):
    """Title rows above the header are skipped and errors cite the row Excel shows."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Data P3KE Kabupaten Klaten"])
    sheet.append(["Tahun 2021-2023"])
    sheet.append([])
    sheet.append(HEADER)
    rows = _rows()
    for row in rows:
        sheet.append(row)
    path = tmp_path / "desa.xlsx"
    workbook.save(path)
    panel = _load(path)
    assert len(panel) == 9
    assert any("skipped 3 title row" in note for note in panel.attrs["notes"])
    rows[1][4] = -3  # second data row -> spreadsheet row 6
    workbook = Workbook()
    sheet = workbook.active
    for line in (["Data P3KE"], ["Tahun"], [], HEADER, *rows):
        sheet.append(line)
    workbook.save(path)
    with pytest.raises(
        InputError,
        match=r"row 6, column 'families_desil1_4': value -3 is "
        r"negative",
    ):
        _load(path)


def test_xlsx_without_header_fails_clearly(tmp_path):
    """A sheet with no recognisable header names the expected columns."""
    workbook = Workbook()
    workbook.active.append(["a", "b", "c"])
    workbook.active.append([1, 2, 3])
    path = tmp_path / "bad.xlsx"
    workbook.save(path)
    with pytest.raises(InputError, match="no header row with the columns village_code"):
        _load(path)


def test_header_missing_a_column_names_it(tmp_path):
    """A header that lacks a required column says which one."""
    header = [c for c in HEADER if c != "no_latrine"]
    rows = [[cell for i, cell in enumerate(row) if HEADER[i] != "no_latrine"] for row in _rows()]
    with pytest.raises(InputError, match="lacks the column.*no_latrine"):
        _load(_write_csv(tmp_path / "desa.csv", rows, header))


def test_unknown_village_code_names_row_column_and_value(tmp_path):
    """A code that is not an official village of the regency is refused with its row."""
    rows = _rows()
    rows[4][0] = "33.10.03.2099"
    for row in rows[3:6]:
        row[0] = "33.10.03.2099"
    with pytest.raises(InputError) as error:
        _load(_write_csv(tmp_path / "desa.csv", rows))
    message = str(error.value)
    assert "desa.csv" not in message  # a user's file is named by its label, never its name
    assert message.startswith("berkas desa pengguna: kode desa harus ada")
    assert "(en) user's village file:" in message and "row 5, column 'village_code'" in message
    assert "33.10.03.2099 is not an official village" in message


def test_file_of_another_regency_says_which_regency(tmp_path):
    """A Boyolali file loaded for Klaten says it belongs to 33.09 Kabupaten Boyolali."""
    rows = _rows()
    for row in rows:
        row[0] = "33.09" + row[0][5:]
    with pytest.raises(
        InputError,
        match=r"village file for regency 33\.09 \(Kabupaten "
        r"Boyolali\)",
    ):
        _load(_write_csv(tmp_path / "desa.csv", rows))


def test_one_foreign_code_is_named_with_its_regency(tmp_path):
    """A single code of another regency is reported with its row and regency."""
    rows = _rows()
    rows[0][0] = "33.09.01.2001"
    with pytest.raises(
        InputError,
        match=r"row 2, column 'village_code': 33\.09\.01\.2001 "
        r"belongs to regency 33\.09",
    ):
        _load(_write_csv(tmp_path / "desa.csv", rows))


def test_bad_code_format_is_refused(tmp_path):
    """A code Excel turned into a number-like string is refused with advice to keep text."""
    rows = _rows()
    rows[2][0] = "33.1.3.2009"
    with pytest.raises(InputError, match="row 4, column 'village_code'.*not a Kemendagri"):
        _load(_write_csv(tmp_path / "desa.csv", rows))


def test_undotted_codes_are_read_and_noted(tmp_path):
    """Ten-digit codes without dots are unambiguous: read as dotted codes, with a note."""
    rows = _rows()
    for row in rows:
        row[0] = row[0].replace(".", "")
    panel = _load(_write_csv(tmp_path / "desa.csv", rows))
    assert set(panel["village_code"]) == set(OFFICIAL["kode_desa"])
    assert any("without dots" in note for note in panel.attrs["notes"])


def test_duplicate_village_year_names_both_rows(tmp_path):
    """Two rows for the same village and year are refused, citing both rows."""
    rows = _rows()
    rows.append(list(rows[0]))
    with pytest.raises(
        InputError,
        match=r"rows 2, 11: village 33\.10\.03\.2009 appears 2 "
        r"times for 2021",
    ):
        _load(_write_csv(tmp_path / "desa.csv", rows))


def test_negative_count_is_refused(tmp_path):
    """A negative count names row, column and value."""
    rows = _rows()
    rows[3][HEADER.index("no_latrine")] = -1
    with pytest.raises(
        InputError,
        match=r"row 5, column 'no_latrine': value -1 is negative; "
        r"expected 0 or more",
    ):
        _load(_write_csv(tmp_path / "desa.csv", rows))


@pytest.mark.parametrize(
    ("column", "value", "total"),
    [
        ("families_desil1", 500, "families_desil1_4"),
        ("families_desil1_4", 1200, "families"),
        ("stunting_risk", 1001, "families"),
    ],
)
def test_part_larger_than_total_is_refused(tmp_path, column, value, total):
    """desil1 <= desil1_4 <= families and each indicator <= families are enforced."""
    rows = _rows()
    rows[2][HEADER.index(column)] = value
    with pytest.raises(
        InputError,
        match=rf"row 4, column '{column}': value {value} is larger "
        rf"than '{total}'",
    ):
        _load(_write_csv(tmp_path / "desa.csv", rows))


def test_missing_year_within_range_is_refused(tmp_path):
    """A village without a row for a year inside the file's range is named with the year."""
    rows = [row for row in _rows() if not (row[0] == "33.10.20.2001" and row[1] == 2022)]
    with pytest.raises(
        InputError,
        match=r"(?s)covers 2021-2023.*village 33\.10\.20\.2001 has no "
        r"row for 2022",
    ):
        _load(_write_csv(tmp_path / "desa.csv", rows))


def test_comma_decimal_and_thousands_separators_are_refused_not_guessed(tmp_path):
    """'12,5' is refused as a decimal comma and '1.234' as an ambiguous separator."""
    rows = _rows()
    rows[0][5] = "12,5"
    with pytest.raises(
        InputError,
        match=r"row 2, column 'rtlh': value '12,5' has a decimal "
        r"comma",
    ):
        _load(_write_csv(tmp_path / "desa.csv", rows))
    rows = _rows()
    rows[1][2] = "1.234"
    with pytest.raises(
        InputError,
        match=r"row 3, column 'families': value '1.234' has a "
        r"thousands separator",
    ):
        _load(_write_csv(tmp_path / "desa.csv", rows, delimiter=";"))


def test_fractional_and_empty_counts_are_refused_but_float_whole_numbers_read(tmp_path):
    """'12.0' is read as 12, '12.5' and an empty cell are refused."""
    rows = _rows()
    rows[0][5] = "12.0"
    panel = _load(_write_csv(tmp_path / "desa.csv", rows))
    assert panel.loc[0, "rtlh"] == 12
    rows[0][5] = "12.5"
    with pytest.raises(InputError, match="'12.5' is not a whole number"):
        _load(_write_csv(tmp_path / "desa.csv", rows))
    rows[0][5] = ""
    with pytest.raises(InputError, match="row 2, column 'rtlh': the cell is empty"):
        _load(_write_csv(tmp_path / "desa.csv", rows))


def test_semicolon_csv_with_indonesian_column_names_is_read(tmp_path):
    """An Indonesian-locale export (semicolons, kode_desa, tahun, jumlah_kk) is accepted."""
    header = ["kode_desa", "tahun", "jumlah_kk"] + HEADER[3:-1] + ["sumber"]
    panel = _load(_write_csv(tmp_path / "desa.csv", _rows(), header, delimiter=";"))
    assert panel["families"].eq(1000).all()
    assert panel["source"].eq("P3KE 2023").all()


@pytest.mark.parametrize(
    "column",
    [
        "nik",
        "Nama",
        "Nama Kepala Keluarga",
        "alamat",
        "no_kk",
        "KK",
        "address",
        "name",
        "No HP",
        "E-mail",
        "Tanggal Lahir",
    ],
)
def test_personal_identifier_columns_refuse_the_file_without_echoing_values(tmp_path, column):
    """A column that looks like personal data refuses the file and its values never appear."""
    rows = [[*row, "SECRET-VALUE-3310"] for row in _rows()]
    with pytest.raises(InputError) as error:
        _load(_write_csv(tmp_path / "desa.csv", rows, [*HEADER, column]))
    assert "personal" in str(error.value)
    assert "SECRET-VALUE" not in str(error.value)


def test_area_name_columns_are_not_mistaken_for_personal_data():
    """nama_desa, village_name and jumlah_kk are aggregates or place names, not identifiers."""
    assert (
        villages.personal_columns(
            ["nama_desa", "village_name", "Nama Kecamatan", "jumlah_kk", "source"]
        )
        == []
    )
    assert villages.personal_columns(["nik", "nama_lengkap", "No. KK"]) == [
        "nik",
        "nama_lengkap",
        "No. KK",
    ]


def test_schema_and_alias_names_are_not_personal_data():
    """No schema column or Indonesian alias trips the personal-data pattern (jumlah_kk counts)."""
    assert villages.personal_columns([*villages.SCHEMA, *villages.COLUMN_ALIASES]) == []


def test_tab_separated_csv_is_read_with_a_note(tmp_path):
    """A tab-separated export reads like the comma file, and the separator is noted."""
    panel = _load(_write_csv(tmp_path / "desa.csv", _rows(), delimiter="\t"))
    expected = _load(_write_csv(tmp_path / "comma.csv", _rows()))
    pd.testing.assert_frame_equal(
        panel[list(villages.PANEL_COLUMNS)], expected[list(villages.PANEL_COLUMNS)]
    )
    assert any("separated by tabs" in note for note in panel.attrs["notes"])


def test_unknown_extra_columns_are_dropped_with_a_note(tmp_path):
    """A harmless extra column is ignored and noted by its position, never by its name (the
    user's free text), so nothing outside the schema flows on."""
    rows = [[*row, "x"] for row in _rows()]
    panel = _load(_write_csv(tmp_path / "desa.csv", rows, [*HEADER, "keterangan"]))
    assert "keterangan" not in panel.columns
    assert (
        "village file (user): ignored 1 column(s) not in the schema (column number 15)."
        in panel.attrs["notes"]
    )
    assert not any("keterangan" in note for note in panel.attrs["notes"])


def test_lokus_column_is_parsed_and_absent_villages_noted(tmp_path):
    """An optional lokus column becomes booleans; official villages absent from the file are
    listed in the notes."""
    rows = [
        [*row, 1 if row[0] == "33.10.03.2009" else 0]
        for row in _rows()
        if row[0] != "33.10.20.2001"
    ]
    panel = _load(_write_csv(tmp_path / "desa.csv", rows, [*HEADER, "lokus"]))
    assert panel.loc[panel["village_code"] == "33.10.03.2009", "lokus"].all()
    assert panel.attrs["absent_villages"] == ["33.10.20.2001"]


def test_validate_panel_on_a_frame_cites_the_index():
    """A frame validated in memory (no spreadsheet) cites its index in messages."""
    frame = pd.DataFrame(_rows(), columns=HEADER)
    frame.loc[4, "families"] = 10
    with pytest.raises(InputError, match="row index 4, column 'families_desil1_4': value 450 "):
        villages.validate_panel(frame, OFFICIAL, "frame")


def test_csv_title_and_blank_lines_keep_row_numbers_right(tmp_path):
    """Title and blank lines in a CSV are counted: the cited row is the line an editor shows."""
    rows = _rows()
    rows[2][HEADER.index("disability")] = -2
    path = _write_csv(tmp_path / "desa.csv", rows)
    lines = path.read_text(encoding="utf-8").splitlines()
    text = "\n".join(["Data P3KE Klaten", "", *lines[:3], "", *lines[3:]]) + "\n"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=r"row 7, column 'disability': value -2"):
        _load(path)


def _grid_geojson(path, codes, isolated=None):
    """Write a 3x3 grid of unit squares (row-major codes) and an optional far-away square."""
    import json

    features = []
    for index, code in enumerate(codes):
        x, y = index % 3, index // 3
        ring = [[x, y], [x + 1, y], [x + 1, y + 1], [x, y + 1], [x, y]]
        features.append(
            {
                "type": "Feature",
                "properties": {"kode_desa": code},
                "geometry": {"type": "Polygon", "coordinates": [ring]},
            }
        )
    if isolated:
        ring = [[10, 10], [11, 10], [11, 11], [10, 11], [10, 10]]
        features.append(
            {
                "type": "Feature",
                "properties": {"kode_desa": isolated},
                "geometry": {"type": "Polygon", "coordinates": [ring]},
            }
        )
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    return path


def test_boundaries_give_queen_neighbours_and_islands(tmp_path):
    """On a 3x3 grid the centre has 8 neighbours, a corner 3; a separate polygon is an island."""
    official = data.load_official_villages("3310")
    codes = list(official["kode_desa"][:10])
    neighbours = villages.read_boundaries(
        _grid_geojson(tmp_path / "b.geojson", codes[:9], isolated=codes[9]), official
    )
    assert len(neighbours[codes[4]]) == 8
    assert len(neighbours[codes[0]]) == 3
    assert neighbours[codes[9]] == []


def test_boundaries_refuse_unknown_village_codes(tmp_path):
    """A feature with a code outside the regency is refused, naming the feature and value."""
    official = data.load_official_villages("3310")
    path = _grid_geojson(tmp_path / "b.geojson", ["33.09.01.2001"])
    with pytest.raises(InputError, match=r"feature 1, property 'kode_desa': value '33.09.01.2001'"):
        villages.read_boundaries(path, official)


def _one_feature(path, feature):
    import json

    path.write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}))
    return path


_CODE = "33.10.03.2009"


@pytest.mark.parametrize(
    ("feature", "fragment"),
    [
        ([1, 2], "feature 1: a list, not a GeoJSON Feature"),
        ("x", "feature 1: a str, not a GeoJSON Feature"),
        ({"properties": [1], "geometry": None}, "feature 1: 'properties' is a list"),
        (
            {"properties": {"kode_desa": _CODE}, "geometry": [1]},
            "'geometry': geometry is not a Polygon or MultiPolygon",
        ),
        (
            {"properties": {"kode_desa": _CODE}, "geometry": {"type": "Polygon"}},
            "the coordinates are not a list of rings as a Polygon has",
        ),
        (
            {
                "properties": {"kode_desa": _CODE},
                "geometry": {"type": "Polygon", "coordinates": [[1, 2]]},
            },
            "a vertex 1 is not a pair of numbers",
        ),
        (
            {
                "properties": {"kode_desa": _CODE},
                "geometry": {"type": "Polygon", "coordinates": [[["a", "b"]]]},
            },
            "a vertex (a text, not shown) is not a pair of numbers",
        ),
        (
            {
                "properties": {"kode_desa": _CODE},
                "geometry": {"type": "Polygon", "coordinates": [[[1]]]},
            },
            "a vertex [1] is not a pair of numbers",
        ),
        (
            {
                "properties": {"kode_desa": _CODE},
                "geometry": {"type": "MultiPolygon", "coordinates": [[[[1e400, 1]]]]},
            },
            "a vertex [inf, 1] is not a pair of finite numbers",
        ),
    ],
)
def test_malformed_geojson_features_are_refused_by_feature(tmp_path, feature, fragment):
    """Features, properties, geometries and vertices of the wrong shape give an InputError that
    names the feature (AttributeError, TypeError or IndexError before)."""
    path = _one_feature(tmp_path / "b.geojson", feature)
    with pytest.raises(InputError) as error:
        villages.read_boundaries(path, OFFICIAL)
    message = str(error.value)
    assert message.startswith("berkas batas desa pengguna, fitur 1") and fragment in message
    assert "(en) user's boundaries file, feature 1" in message and str(path) not in message
    assert "expected" in message


def test_boundaries_pipe_and_folder_are_never_opened(tmp_path):
    """A FIFO or a folder as the boundaries file is refused by its kind (a FIFO read would hang)."""
    import os

    os.mkfifo(tmp_path / "pipe.geojson")
    (tmp_path / "folder.geojson").mkdir()
    for name, fragment in (("pipe.geojson", "is a pipe (FIFO)"), ("folder.geojson", "is a folder")):
        with pytest.raises(InputError, match=r"expected a GeoJSON file") as error:
            villages.read_boundaries(tmp_path / name, OFFICIAL)
        assert fragment in str(error.value)


# --- digits, free text, years that do not fit the brief ---------------------------------------


@pytest.mark.parametrize(
    ("column", "value"), [("families", "١٠٠٠"), ("families", "１０００"), ("year", "２０２２")]
)
def test_digits_other_than_ascii_are_refused_by_cell(tmp_path, column, value):
    """Arabic-Indic and full-width digits (which \\d accepts) are refused by row and column."""
    rows = _rows()
    rows[2][HEADER.index(column)] = value
    with pytest.raises(InputError) as error:
        _load(_write_csv(tmp_path / "desa.csv", rows))
    message = str(error.value)
    assert f"row 4, column '{column}': value {value!r} is written with digits other than 0-9" in (
        message
    )
    assert "expected" in message


def test_lone_carriage_returns_read_as_the_same_panel(tmp_path):
    """A "CSV (Macintosh)" file (lone CR line ends) gives the same panel as the LF file."""
    clean = _load(_write_csv(tmp_path / "desa.csv", _rows()))
    text = (tmp_path / "desa.csv").read_text(encoding="utf-8").replace("\r\n", "\r")
    (tmp_path / "mac.csv").write_text(text, encoding="utf-8", newline="")
    pd.testing.assert_frame_equal(_load(tmp_path / "mac.csv"), clean)


@pytest.mark.parametrize(
    ("written", "published"),
    [
        ("P3KE 2023", "P3KE 2023"),
        ("ekspor p3ke 2023 oleh Budi Santoso, Jl. Melati 5", "P3KE 2023"),
        ("DTSEN", "DTSEN"),
        ("catatan Siti Aminah 3310012345678901", "village file (user)"),
        ("", "village file (user)"),
    ],
)
def test_source_cells_keep_only_a_register_and_a_year(tmp_path, written, published):
    """A source cell is published as a register name and a year only; other text never is."""
    rows = _rows()
    for row in rows:
        row[-1] = written
    panel = _load(_write_csv(tmp_path / "budi_santoso.csv", rows))
    assert set(panel["source"]) == {published}
    assert not any("budi" in note.lower() for note in panel.attrs["notes"])
    assert not panel["is_simulated"].any()


def test_notes_never_name_the_user_file(tmp_path):
    """The notes name the file by its label, not by its name (which may name a person)."""
    rows = [row[:-1] for row in _rows() if row[0] != "33.10.20.2001"]
    panel = _load(_write_csv(tmp_path / "siti_aminah.csv", rows, HEADER[:-1]))
    notes = panel.attrs["notes"]
    assert "village file (user): no 'source' column; the rows are labelled " in notes[0]
    assert any(note.startswith("village file (user): 1 of 3 official villages") for note in notes)
    assert not any("siti" in note.lower() for note in notes)


def test_a_latest_year_without_families_is_refused(tmp_path):
    """A file whose latest year has 0 families everywhere is refused (nothing could be ranked)."""
    rows = _rows()
    for row in rows:
        if row[1] == 2023:
            row[2:13] = [0] * 11
    with pytest.raises(InputError, match=r"no village has families > 0 in 2023, the latest year"):
        _load(_write_csv(tmp_path / "desa.csv", rows))


def _params(latest=2025, lokus=None, meeting="2025-11-27"):
    """A stand-in for Params with the three fields check_panel_fits reads."""
    import datetime as dt
    from types import SimpleNamespace

    return SimpleNamespace(
        latest_data_year=latest,
        meeting_date=dt.date.fromisoformat(meeting),
        village_data=SimpleNamespace(lokus_count=lokus),
    )


def test_village_years_far_before_the_brief_are_refused(tmp_path):
    """2009-2011 village data in a 2025 brief are refused, naming the years; never shown as
    priority villages of 2011."""
    panel = _load(_write_csv(tmp_path / "desa.csv", _rows((2009, 2010, 2011))))
    with pytest.raises(InputError) as error:
        villages.check_panel_fits(panel, _params(), "desa.csv")
    message = str(error.value)
    assert "the village data cover 2009-2011, but the brief's latest P0 year" in message
    assert "expected village data of 2022 or later" in message


def test_village_years_a_little_behind_are_read_with_a_note(tmp_path):
    """Village data ending two years before the P0 year are used, and a note says so."""
    panel = _load(_write_csv(tmp_path / "desa.csv", _rows()))
    assert villages.check_panel_fits(panel, _params(), "desa.csv") == [
        "village file (user): the village data end in 2023, 2 year(s) before the latest P0 year "
        "2025; the priority villages are those of 2023."
    ]
    assert villages.check_panel_fits(panel, _params(latest=2023), "desa.csv") == []


def test_village_years_after_the_meeting_are_refused(tmp_path):
    """Village data for a year after the meeting date cannot be real: refused."""
    panel = _load(_write_csv(tmp_path / "desa.csv", _rows()))
    with pytest.raises(InputError, match=r"reach 2023, after the meeting date \(2022-06-01\)"):
        villages.check_panel_fits(panel, _params(latest=2022, meeting="2022-06-01"), "desa.csv")


def test_lokus_count_above_the_villages_names_the_field(tmp_path):
    """lokus_count larger than the file's villages names the params field and both numbers."""
    panel = _load(_write_csv(tmp_path / "desa.csv", _rows((2023, 2024, 2025))))
    with pytest.raises(InputError) as error:
        villages.check_panel_fits(panel, _params(lokus=81), "desa.csv")
    assert "field 'village_data.lokus_count' (value 81) is more than the 3 villages" in str(
        error.value
    )


def test_a_count_too_large_for_a_village_is_refused_not_wrapped(tmp_path):
    """10**20 families is refused by value (cast to int64 it wrapped to a negative number)."""
    rows = _rows()
    rows[0][HEADER.index("families")] = "100000000000000000000"
    with pytest.raises(InputError) as error:
        _load(_write_csv(tmp_path / "desa.csv", rows))
    message = str(error.value)
    assert "row 2, column 'families': value '1000" in message
    assert "is more than 1000000 families in one village" in message
    assert "negative" not in message


def test_utf16_text_is_refused_as_such(tmp_path):
    """Excel's 'Unicode Text' (UTF-16) is named, with how to save the file as UTF-8."""
    path = _write_csv(tmp_path / "desa.csv", _rows())
    path.write_bytes(path.read_text(encoding="utf-8").encode("utf-16"))
    with pytest.raises(InputError, match=r"user's village file, row 1: the file is UTF-16 text"):
        _load(path)


def test_a_year_cell_formatted_as_a_date_says_so(tmp_path):
    """A workbook year cell formatted as a date is named as a date, with what to do."""
    import datetime as dt

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    for row in _rows():
        sheet.append(row)
    sheet.cell(row=3, column=2, value=dt.datetime(2022, 1, 1))
    path = tmp_path / "desa.xlsx"
    workbook.save(path)
    with pytest.raises(InputError) as error:
        _load(path)
    message = str(error.value)
    assert "row 3, column 'year': value '2022-01-01 00:00:00' is a date, not a year" in message
    assert "expected four digits such as 2025" in message


# --- bilingual messages, with a planted NIK and a person's name ------------------------------

NIK = "3310012345678901"
PERSON = "Siti Rahayu"
COLUMN = {name: HEADER.index(name) for name in HEADER}


def _set(row: int, column: str, value):
    def edit(rows):
        rows[row][COLUMN[column]] = value
        return rows

    return edit


def _append_copy(rows):
    return [*rows, list(rows[0])]


def _bigger_part(rows):
    rows[1][COLUMN["families_desil1"]] = 2000
    return rows


@pytest.mark.parametrize(
    ("edit", "indonesian", "english"),
    [
        (
            _set(0, "families", PERSON),
            "jumlah keluarga harus bilangan bulat (0 bila tidak ada):\n  baris 2, kolom "
            "'families': nilai (sebuah teks, tidak ditampilkan) bukan angka",
            "row 2, column 'families': value (a text, not shown) is not a number",
        ),
        (
            _set(0, "families", NIK),
            "jumlah keluarga harus masuk akal:\n  baris 2, kolom 'families': nilai '3310********"
            "8901' lebih dari 1000000 keluarga dalam satu desa",
            "counts of families must be plausible:",
        ),
        (
            _set(2, "year", f"{PERSON}"),
            "setiap baris memerlukan tahun data:\n  baris 4, kolom 'year': nilai (sebuah teks, "
            "tidak ditampilkan) bukan tahun; diharapkan empat angka seperti 2025",
            "row 4, column 'year': value (a text, not shown) is not a year",
        ),
        (
            _set(1, "village_code", f"{PERSON} {NIK}"),
            "setiap baris memerlukan kode desa:\n  baris 3, kolom 'village_code': nilai (sebuah "
            "teks, tidak ditampilkan) bukan kode desa Kemendagri",
            "row 3, column 'village_code': value (a text, not shown) is not a Kemendagri",
        ),
        (
            _append_copy,
            "diharapkan satu baris per desa dan tahun:\n  baris 2, 11: desa 33.10.03.2009 muncul "
            "2 kali untuk tahun 2021",
            "rows 2, 11: village 33.10.03.2009 appears 2 times for 2021",
        ),
        (
            _set(3, "no_latrine", -1),
            "jumlah keluarga tidak boleh negatif:\n  baris 5, kolom 'no_latrine': nilai -1 negatif",
            "row 5, column 'no_latrine': value -1 is negative; expected 0 or more",
        ),
        (
            _bigger_part,
            "bagian tidak boleh melebihi totalnya",
            "row 3, column 'families_desil1': value 2000 is larger than 'families_desil1_4' (450)",
        ),
    ],
)
def test_village_messages_are_bilingual_and_hide_personal_values(
    tmp_path, edit, indonesian, english
):
    """Counts, years, codes, duplicates, negatives and parts: Indonesian then English, the file
    named by its label (never its name), a name or a NIK in a cell never shown."""
    path = _write_csv(tmp_path / f"{PERSON} {NIK}.csv", edit(_rows()))
    with pytest.raises(InputError) as error:
        _load(path)
    first, second = str(error.value).split("\n(en) ")
    assert first.startswith("berkas desa pengguna: ") and indonesian in first
    assert second.startswith("user's village file: ") and english in second
    assert NIK not in str(error.value) and PERSON not in str(error.value)


def test_panel_fit_messages_are_bilingual(tmp_path):
    """Village years far behind the brief: both languages, by label, naming column 'year'."""
    panel = _load(_write_csv(tmp_path / "desa.csv", _rows((2009, 2010, 2011))))
    with pytest.raises(InputError) as error:
        villages.check_panel_fits(panel, _params(), villages.USER_LABEL)
    first, second = str(error.value).split("\n(en) ")
    assert first.startswith("berkas desa pengguna, kolom 'year': data desa mencakup 2009-2011")
    assert "diharapkan data desa tahun 2022 atau sesudahnya" in first
    assert second.startswith("user's village file, column 'year': the village data cover")


@pytest.mark.parametrize(
    ("document", "indonesian", "english"),
    [
        ("{", "bukan berkas GeoJSON yang dapat dibaca", "not a readable GeoJSON file"),
        ('{"type": "Feature"}', "diharapkan FeatureCollection GeoJSON", "expected a GeoJSON"),
        (
            {"properties": {"kode_desa": f"{PERSON} {NIK}"}, "geometry": None},
            "fitur 1, properti 'kode_desa': nilai (sebuah teks, tidak ditampilkan) bukan kode "
            "desa resmi kabupaten ini",
            "feature 1, property 'kode_desa': value (a text, not shown) is not an official",
        ),
        (
            {"properties": {"nama": PERSON}, "geometry": None},
            "fitur 1: tidak ada kode desa di properties",
            "feature 1: no village code in properties",
        ),
    ],
)
def test_boundaries_messages_are_bilingual_and_hide_names(tmp_path, document, indonesian, english):
    """GeoJSON errors: both languages, the file by its label, a planted name or NIK never shown."""
    path = tmp_path / f"{PERSON}.geojson"
    if isinstance(document, str):
        path.write_text(document, encoding="utf-8")
    else:
        _one_feature(path, document)
    with pytest.raises(InputError) as error:
        villages.read_boundaries(path, OFFICIAL)
    first, second = str(error.value).split("\n(en) ")
    assert first.startswith("berkas batas desa pengguna") and indonesian in first
    assert second.startswith("user's boundaries file") and english in second
    assert NIK not in str(error.value) and PERSON not in str(error.value)


def test_simulated_panel_kept_per_process_hands_out_independent_copies(monkeypatch):
    """The simulated panel is generated once per process and every caller gets its own copy."""
    from analysis import synth

    calls = []

    def fake_generate(kode_bps, seed, lokus_count_latest=None):
        calls.append((kode_bps, seed, lokus_count_latest))
        frame = pd.DataFrame({"kode_desa": ["33.10.03.2009"], "families": [10]})
        frame.attrs["simulation"] = {"seed": seed}
        return frame, {"is_simulated": True, "years": [2021, 2023]}

    monkeypatch.setattr(synth, "generate_for_regency", fake_generate)
    monkeypatch.setattr(villages, "_SIMULATED", {})
    first, first_meta = villages.simulated_panel("3310", 7, None)
    first.loc[0, "families"] = 99
    first.attrs["simulation"]["seed"] = -1
    first_meta["years"].append(2030)
    second, second_meta = villages.simulated_panel("3310", 7, None)
    assert calls == [("3310", 7, None)]
    assert second.loc[0, "families"] == 10
    assert second.attrs["simulation"] == {"seed": 7}
    assert second_meta["years"] == [2021, 2023]
    villages.simulated_panel("3310", 8, None)
    assert calls[-1] == ("3310", 8, None)
