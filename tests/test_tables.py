"""Tests of analysis.tables: the one reader of CSV and XLSX tables and the Indonesian number rules.

Every file is a small inline table written to tmp_path; the expected cells, rows and numbers are
written out by hand.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from openpyxl import Workbook

from analysis import tables
from analysis.errors import InputError

REQUIRED = ["kode", "tahun", "nilai"]


def _csv(tmp_path, text: str, name: str = "t.csv", encoding: str = "utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def _xlsx(tmp_path, *sheets, name: str = "t.xlsx"):
    """Write a workbook; each sheet is (title, rows)."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets:
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    path = tmp_path / name
    workbook.save(path)
    return path


def _message(call) -> str:
    with pytest.raises(InputError) as error:
        call()
    return str(error.value)


# --- CSV: header, separators, encodings -------------------------------------------------------


def test_plain_csv_is_read_as_text_cells(tmp_path):
    """A comma CSV gives its cells as stripped text, the header row 0 and no notes."""
    table = tables.read_table(_csv(tmp_path, "kode,tahun,nilai\n3310,2025, 11.00 \n"), REQUIRED)
    assert table.frame.to_dict("records") == [{"kode": "3310", "tahun": "2025", "nilai": "11.00"}]
    assert (table.header, table.header_line, table.notes) == (REQUIRED, 0, [])
    assert str(table.where).endswith("t.csv")
    assert table.row(0) == 2


@pytest.mark.parametrize(("separator", "word"), [(";", "semicolons"), ("\t", "tabs")])
def test_semicolons_and_tabs_are_read_with_a_note(tmp_path, separator, word):
    """Semicolon and tab separated files read like the comma file and say which separator."""
    text = separator.join(REQUIRED) + "\n" + separator.join(["3310", "2025", "11,5"]) + "\n"
    table = tables.read_table(_csv(tmp_path, text), REQUIRED)
    assert table.frame.iloc[0].tolist() == ["3310", "2025", "11,5"]
    assert table.notes == [f"t.csv: columns separated by {word}."]


def test_title_rows_are_skipped_and_rows_keep_spreadsheet_numbers(tmp_path):
    """Two title lines and a blank row: the header is row 3 and the last record row 6."""
    text = "Judul tabel\n\nkode,tahun,nilai\n3310,2024,12.04\n\n3310,2025,11.00\n"
    table = tables.read_table(_csv(tmp_path, text), REQUIRED)
    assert table.header_line == 2
    assert list(table.frame.index) == [0, 2]  # the blank row keeps its place
    assert [table.row(position) for position in table.frame.index] == [4, 6]
    assert table.at(2, "nilai").endswith("t.csv, row 6, column 'nilai'")
    assert table.notes == ["t.csv: skipped 2 title line(s) above the header (header on row 3)."]


def test_bom_and_windows_line_ends_are_read_without_a_note(tmp_path):
    """A UTF-8 byte-order mark and CRLF line ends change nothing."""
    table = tables.read_table(_csv(tmp_path, "\ufeffkode,tahun,nilai\r\n3310,2025,1\r\n"), REQUIRED)
    assert table.header == REQUIRED
    assert table.frame.iloc[0].tolist() == ["3310", "2025", "1"]
    assert table.notes == []


def test_header_is_searched_in_the_first_20_rows(tmp_path):
    """A header on row 20 is found; on row 21 it is not, and the message says so."""
    titles = "".join(f"judul {n}\n" for n in range(19))
    table = tables.read_table(_csv(tmp_path, titles + "kode,tahun,nilai\n1,2,3\n"), REQUIRED)
    assert table.header_line == 19
    path = _csv(tmp_path, titles + "judul 19\nkode,tahun,nilai\n1,2,3\n")
    message = _message(lambda: tables.read_table(path, REQUIRED))
    assert "t.csv, row 1: no header row with the columns kode, tahun, nilai" in message
    assert "in the first 20 rows (row 1 reads 'judul 0')" in message
    assert "separated by commas, semicolons or tabs" in message


def test_header_with_some_columns_names_the_missing_ones(tmp_path):
    """A header naming two of three required columns is reported with the one it lacks."""
    path = _csv(tmp_path, "Judul\nkode,tahun,value\n1,2,3\n")
    message = _message(lambda: tables.read_table(path, REQUIRED, optional=["catatan"]))
    assert "t.csv, row 2: the header lacks the columns nilai;" in message
    assert "expected the columns kode, tahun, nilai (optional: catatan)" in message


def test_latin1_file_is_refused_naming_row_column_and_value(tmp_path):
    """A Latin-1 byte names the row, column and value, and how to save the file as UTF-8."""
    path = _csv(tmp_path, "kode,tahun,nilai\n3310,2025,1\n3310,Klatén,2\n", encoding="latin-1")
    message = _message(lambda: tables.read_table(path, REQUIRED))
    assert "t.csv, row 3, column 'tahun': value 'Klatén' is not UTF-8 text (byte 0xe9)" in message
    assert "expected a UTF-8 file" in message and "CSV UTF-8" in message


@pytest.mark.parametrize("text", ["", "\n \r\n\t\n"])
def test_empty_csv_is_refused(tmp_path, text):
    """An empty file (or blank lines only) is refused naming the columns expected."""
    message = _message(lambda: tables.read_table(_csv(tmp_path, text), REQUIRED))
    assert "the file is empty; expected a CSV table with a header row naming the columns kode" in (
        message
    )


def test_rows_shorter_than_the_header_are_padded(tmp_path):
    """A row without its trailing cells (or with extra empty ones) reads as the full row."""
    table = tables.read_table(
        _csv(tmp_path, "kode,tahun,nilai\n3310,2025\n3311,2024,2,,\n"), REQUIRED
    )
    assert table.frame.to_numpy().tolist() == [["3310", "2025", ""], ["3311", "2024", "2"]]


def test_row_with_too_many_cells_is_refused(tmp_path):
    """An unquoted decimal comma gives a row with too many cells: refused, not shifted."""
    path = _csv(tmp_path, "kode,tahun,nilai\n3310,2024,12\n3310,2025,11,5\n")
    message = _message(lambda: tables.read_table(path, REQUIRED))
    assert "t.csv, row 3: the row has 4 cells but the header has 3 columns" in message
    assert "'3310,2025,11,5'" in message and 'Expected such values in quotes ("11,5")' in message


def test_unclosed_quote_is_refused_with_its_row(tmp_path):
    """A quote left open names the record where it starts."""
    path = _csv(tmp_path, 'kode,tahun,nilai\n3310,2024,1\n3310,2025,"1\n')
    message = _message(lambda: tables.read_table(path, REQUIRED))
    assert "t.csv, row 3: the CSV cannot be read" in message
    assert "expected every quote" in message


def test_column_named_twice_after_renaming_is_refused(tmp_path):
    """Two header cells that rename to one column are refused, naming both as written."""
    path = _csv(tmp_path, "kode,Tahun,tahun,nilai\n1,2,3,4\n")
    message = _message(lambda: tables.read_table(path, REQUIRED, rename=tables.normalise_column))
    assert "t.csv, row 1: the header names column 'tahun' twice (as 'Tahun' and 'tahun')" in (
        message
    )


def test_rename_maps_header_cells_and_empty_cells_are_unnamed(tmp_path):
    """``rename`` gives the column names; an empty header cell becomes unnamed_<n>."""
    table = tables.read_table(
        _csv(tmp_path, "Kode,Tahun Data,,Nilai\n1,2,x,3\n"),
        ["kode", "tahun", "nilai"],
        rename=lambda cell: {"tahun_data": "tahun"}.get(
            tables.normalise_column(cell), cell.lower()
        ),
    )
    assert list(table.frame.columns) == ["kode", "tahun", "unnamed_3", "nilai"]
    assert table.header == ["Kode", "Tahun Data", "", "Nilai"]


def test_personal_data_column_is_refused_without_its_values(tmp_path):
    """A phone column refuses the file and no value of it appears in the message."""
    path = _csv(tmp_path, "kode,tahun,nilai,No HP\n1,2,3,081234567890\n")
    message = _message(lambda: tables.read_table(path, REQUIRED))
    assert "columns 'No HP' look like personal identifiers" in message
    assert "0812" not in message


def test_place_lists_may_have_a_name_column(tmp_path):
    """check_personal=False reads the official area lists, whose 'name' column names places."""
    path = _csv(tmp_path, "code,name\n33.10,Kabupaten Klaten\n")
    with pytest.raises(InputError, match="personal"):
        tables.read_table(path, ["code", "name"])
    table = tables.read_table(path, ["code", "name"], check_personal=False)
    assert table.frame["name"].tolist() == ["Kabupaten Klaten"]


@pytest.mark.parametrize(
    ("name", "fragment"),
    [
        ("missing.csv", "file not found; expected a CSV or XLSX file"),
        ("old.xls", "unknown file type '.xls' (save an .xls workbook again as .xlsx)"),
    ],
)
def test_missing_file_and_unknown_type_are_refused(tmp_path, name, fragment):
    """A missing file and an old .xls workbook are refused with what to do."""
    if name.endswith(".xls"):
        (tmp_path / name).write_bytes(b"\xd0\xcf\x11\xe0")
    assert fragment in _message(lambda: tables.read_table(tmp_path / name, REQUIRED))


# --- XLSX -------------------------------------------------------------------------------------


def test_xlsx_with_title_rows_gives_text_cells_and_sheet_rows(tmp_path):
    """Title rows are skipped; numbers become text ('12', '12.5'); rows are the sheet's rows."""
    path = _xlsx(
        tmp_path,
        (
            "Data",
            [["Judul"], [], ["kode", "tahun", "nilai"], ["3310", 2025, 12.5], [3311, 2024, 12]],
        ),
    )
    table = tables.read_table(path, REQUIRED)
    assert table.frame.to_numpy().tolist() == [["3310", "2025", "12.5"], ["3311", "2024", "12"]]
    assert str(table.where).endswith("t.xlsx (sheet 'Data')")
    assert [table.row(position) for position in table.frame.index] == [4, 5]
    assert table.notes == ["t.xlsx: skipped 2 title row(s) above the header (header on row 3)."]


def test_xlsx_first_sheet_with_the_header_is_read(tmp_path):
    """A cover sheet is passed over for the first sheet with the header, with a note."""
    path = _xlsx(
        tmp_path,
        ("Sampul", [["Laporan"], ["isi di lembar berikut"]]),
        ("Data", [["kode", "tahun", "nilai"], ["3310", 2025, 1]]),
    )
    table = tables.read_table(path, REQUIRED)
    assert table.frame.iloc[0].tolist() == ["3310", "2025", "1"]
    assert table.notes == ["t.xlsx: read sheet 2 of 2."]


def test_xlsx_without_a_header_sheet_lists_the_sheets(tmp_path):
    """Several sheets and none with the header: the message lists them."""
    path = _xlsx(tmp_path, ("A", [["x", "y"]]), ("B", [["kode"]]))
    message = _message(lambda: tables.read_table(path, REQUIRED))
    assert "no sheet (of 'A', 'B') has a header row with the columns kode, tahun, nilai" in message


def test_xlsx_value_right_of_the_header_is_refused(tmp_path):
    """A value in a column without a header name is refused with its sheet row."""
    path = _xlsx(tmp_path, ("Data", [["kode", "tahun", "nilai"], [1, 2, 3], [1, 2, 3, "catatan"]]))
    message = _message(lambda: tables.read_table(path, REQUIRED))
    assert "t.xlsx (sheet 'Data'), row 3: the row has a value 'catatan' in column 4" in message
    assert "expected every value under a named column" in message


def test_empty_xlsx_is_refused(tmp_path):
    """A workbook without any value is refused as empty."""
    path = _xlsx(tmp_path, ("Data", []))
    assert "the file is empty; expected an XLSX table" in _message(
        lambda: tables.read_table(path, REQUIRED)
    )


# --- numbers ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "shape"),
    [
        ("", "empty"),
        ("11.25", "plain"),
        ("-302735", "plain"),
        ("0.415", "plain"),
        ("11,25", "comma_decimal"),
        ("0,123", "comma_decimal"),
        ("141.840", "ambiguous"),
        ("1,234", "ambiguous"),
        ("1.234.567", "thousands"),
        ("1.234,5", "thousands"),
        ("12 %", "not_a_number"),
        ("1e5", "not_a_number"),
    ],
)
def test_number_shapes(text, shape):
    """Each way of writing a number is classified as the Indonesian rules say."""
    assert tables.number_shape(text) == shape


def test_decimal_commas_are_read_when_the_whole_column_uses_them(tmp_path):
    """'11,5' and '0,27' read as 11.5 and 0.27 with a note; an empty cell is NaN."""
    notes: list[str] = []
    values = pd.Series(["11,5", "", "0,27", "12"])
    parsed = tables.parse_numbers(values, tmp_path / "t.csv", "nilai", 0, notes)
    np.testing.assert_array_equal(parsed.to_numpy(), [11.5, np.nan, 0.27, 12.0])
    assert notes == ["t.csv: column 'nilai' read with decimal commas."]


@pytest.mark.parametrize(
    ("values", "fragment"),
    [
        (
            ["1", "141.840"],
            "row 4, column 'nilai': value '141.840' is ambiguous: it reads as 141840",
        ),
        (
            ["1", "1.234.567"],
            "row 4, column 'nilai': value '1.234.567' is written with a thousands",
        ),
        (["11.5", "12,5"], "row 4, column 'nilai': value '12,5' uses a decimal comma while row 3"),
        (["1", "12 %"], "row 4, column 'nilai': value '12 %' is not a number"),
    ],
)
def test_unclear_numbers_are_refused_with_spreadsheet_rows(values, fragment):
    """With the header on row 2, the second value is on row 4 of the sheet."""
    message = _message(
        lambda: tables.parse_numbers(pd.Series(values), "x.xlsx (sheet 'Data')", "nilai", 1, [])
    )
    assert message.startswith("x.xlsx (sheet 'Data'), ")
    assert fragment in message


def test_normalise_column():
    """Header cells become lower-case snake_case names."""
    assert tables.normalise_column(" Kode Desa ") == "kode_desa"
    assert tables.normalise_column("No. KK") == "no_kk"
    assert tables.normalise_column("desil-1/4") == "desil_1_4"
    assert tables.normalise_column(None) == ""


# --- files that are not tables, and cells no table needs --------------------------------------


def test_lone_carriage_returns_are_line_ends(tmp_path):
    """Excel for Mac's "CSV (Macintosh)" ends lines with a lone CR: read as the same rows."""
    path = _csv(tmp_path, "kode,tahun,nilai\r3310,2025,1\r3311,2024,2\r")
    table = tables.read_table(path, REQUIRED)
    assert table.frame.values.tolist() == [["3310", "2025", "1"], ["3311", "2024", "2"]]
    assert table.row(1) == 3
    assert table.notes == []


def test_a_cell_over_the_csv_limit_is_refused_by_row(tmp_path):
    """A 200,000-character cell is refused with its row and the limit, not a csv traceback."""
    path = _csv(tmp_path, "kode,tahun,nilai\n3310,2025,1\n3311,2024," + "x" * 200_000 + "\n")
    message = _message(lambda: tables.read_table(path, REQUIRED))
    assert "t.csv, row 3: a cell is longer than 131072 characters" in message
    assert "expected short cells" in message


def test_folder_pipe_and_device_are_refused_without_reading(tmp_path):
    """A folder, a FIFO and /dev/zero are refused by their kind; none is opened (no hang)."""
    import os

    (tmp_path / "folder.csv").mkdir()
    os.mkfifo(tmp_path / "pipe.csv")
    for path, fragment in (
        (tmp_path / "folder.csv", "is a folder, not a file"),
        (tmp_path / "pipe.csv", "is a pipe (FIFO), not a regular file, and is never read"),
        (tables.Path("/dev/zero"), "is a device or socket, not a regular file"),
    ):
        message = _message(lambda p=path: tables.read_table(p, REQUIRED))
        assert message.startswith(str(path)) and fragment in message
        assert "expected a CSV or XLSX file" in message


def test_a_file_over_the_size_limit_is_refused(tmp_path, monkeypatch):
    """A file larger than the limit is refused by its size before it is read."""
    monkeypatch.setattr(tables, "MAX_TABLE_BYTES", 10)
    path = _csv(tmp_path, "kode,tahun,nilai\n3310,2025,1\n")
    message = _message(lambda: tables.read_table(path, REQUIRED))
    assert "t.csv: 29 bytes, more than the limit of 10" in message


def test_hidden_first_sheet_is_skipped_for_the_visible_one(tmp_path):
    """A hidden first sheet with the header is not read: the visible sheet is, with a note."""
    path = _xlsx(
        tmp_path,
        ("Lama", [["kode", "tahun", "nilai"], ["3310", 2011, 9]]),
        ("Data", [["kode", "tahun", "nilai"], ["3310", 2025, 1]]),
    )
    from openpyxl import load_workbook

    workbook = load_workbook(path)
    workbook["Lama"].sheet_state = "hidden"
    workbook.save(path)
    table = tables.read_table(path, REQUIRED)
    assert table.frame.iloc[0].tolist() == ["3310", "2025", "1"]
    assert table.notes == [
        "t.xlsx: read sheet 2 of 2.",
        "t.xlsx: 1 hidden sheet(s) skipped; only visible sheets are read.",
    ]


def test_header_only_on_a_hidden_sheet_names_that_sheet(tmp_path):
    """When only a hidden sheet has the header, the message names it and says to unhide it."""
    path = _xlsx(
        tmp_path, ("Sampul", [["Laporan"]]), ("Data", [["kode", "tahun", "nilai"], ["3310", 1, 1]])
    )
    from openpyxl import load_workbook

    workbook = load_workbook(path)
    workbook["Data"].sheet_state = "hidden"
    workbook.save(path)
    message = _message(lambda: tables.read_table(path, REQUIRED))
    assert "(sheet 'Data'): the header row is on a hidden sheet" in message
    assert "expected the data on a visible sheet: unhide it" in message


def test_formula_without_a_saved_value_is_refused_by_cell(tmp_path):
    """A formula saved without its value (a script's workbook) is named by row and column."""
    path = _xlsx(tmp_path, ("Data", [["kode", "tahun", "nilai"], ["3310", 2025, "=2+3"]]))
    message = _message(lambda: tables.read_table(path, REQUIRED))
    assert "t.xlsx (sheet 'Data'), row 2, column 'nilai': the cell holds the formula '=2+3'" in (
        message
    )
    assert "expected values" in message and "Paste Special > Values" in message


def test_notes_name_a_user_file_by_its_label(tmp_path):
    """With a label, no note names the file, its sheets or its title rows' text."""
    path = _xlsx(
        tmp_path,
        ("Budi Santoso", [["x"]]),
        ("Data", [["Tabel Budi"], ["kode", "tahun", "nilai"], ["3310", 2025, 1]]),
        name="budi_santoso.xlsx",
    )
    table = tables.read_table(path, REQUIRED, label="village file")
    assert table.notes == [
        "village file: read sheet 2 of 2.",
        "village file: skipped 1 title row(s) above the header (header on row 2).",
    ]


@pytest.mark.parametrize("value", ["١٢", "１２", "1２.5"])
def test_digits_other_than_ascii_are_refused_by_name(value):
    """Arabic-Indic and full-width digits are refused as such, never passed to float()."""
    message = _message(
        lambda: tables.parse_numbers(pd.Series(["3", value]), "t.csv", "nilai", 0, [])
    )
    assert f"t.csv, row 3, column 'nilai': value {value!r} is written with digits other" in message
    assert "expected a plain number" in message


def test_a_workbook_named_csv_is_named_as_a_workbook(tmp_path):
    """An XLSX saved under a .csv name is named as a workbook, not as text that is not UTF-8."""
    workbook = _xlsx(tmp_path, ("Data", [["kode", "tahun", "nilai"], ["3310", 2025, 1]]))
    path = tmp_path / "t.csv"
    path.write_bytes(workbook.read_bytes())
    message = _message(lambda: tables.read_table(path, REQUIRED))
    assert "t.csv: the file is an Excel workbook (XLSX) with a .csv suffix" in message
    assert "expected a CSV text file" in message


# --- bilingual messages; a user's file named by its label, its free text never shown -----------

NIK = "3310012345678901"
PERSON = "Siti Rahayu"
USER = "village file (user)"  # the label `analysis.villages` gives a user's village file


def _user(path):
    return tables.read_table(path, REQUIRED, optional=["catatan"], label=USER)


def _bilingual(message: str, indonesian: str, english: str) -> None:
    """Indonesian first, then "(en) " and English; neither line leaks the planted NIK or name."""
    first, second = message.split("\n(en) ")
    assert indonesian in first and english in second
    assert NIK not in message and NIK[:4] + "********" not in message and PERSON not in message


@pytest.mark.parametrize(
    ("text", "indonesian", "english"),
    [
        (
            f"kode,tahun\n{NIK},{PERSON}\n",
            "berkas desa pengguna, baris 1: baris judul kolom tidak memuat kolom nilai; "
            "diharapkan kolom kode, tahun, nilai (opsional: catatan)",
            "user's village file, row 1: the header lacks the columns nilai;",
        ),
        (
            f"{PERSON},{NIK}\n1,2\n",
            "berkas desa pengguna, baris 1: tidak ada baris judul kolom dengan kolom kode, tahun, "
            "nilai dalam 20 baris pertama (baris 1 berbunyi (sebuah teks, tidak ditampilkan))",
            "(row 1 reads (a text, not shown))",
        ),
        (
            f"kode,tahun,nilai\n3310,2025,11.0,{PERSON} {NIK}\n",
            "berkas desa pengguna, baris 2: baris ini memiliki 4 sel, sedangkan baris judul "
            "memiliki 3 kolom (baris diawali (sebuah teks, tidak ditampilkan))",
            "user's village file, row 2: the row has 4 cells but the header has 3 columns",
        ),
        (
            f'kode,tahun,nilai\n3310,2025,"{PERSON} {NIK}\n',
            "berkas desa pengguna, baris 2: CSV tidak dapat dibaca",
            "user's village file, row 2: the CSV cannot be read",
        ),
    ],
)
def test_user_table_messages_are_bilingual_and_show_no_free_text(
    tmp_path, text, indonesian, english
):
    """Header, row-width and quote errors in a user's CSV: both languages, by label, no values."""
    path = _csv(tmp_path, text, name=f"{PERSON} {NIK}.csv")
    _bilingual(_message(lambda: _user(path)), indonesian, english)


def test_user_csv_not_utf8_names_row_and_schema_column_hides_the_name(tmp_path):
    """A Latin-1 byte in a name cell: row and schema column named, the value not shown."""
    path = _csv(tmp_path, "kode,tahun,nilai\n3310,Klatén Siti,1\n", encoding="latin-1")
    message = _message(lambda: _user(path))
    _bilingual(
        message,
        "berkas desa pengguna, baris 2, kolom 'tahun': nilai (sebuah teks, tidak ditampilkan) "
        "bukan teks UTF-8 (bita 0xe9)",
        "user's village file, row 2, column 'tahun': value (a text, not shown) is not UTF-8",
    )
    assert "Klat" not in message


def test_user_workbook_sheets_and_free_text_columns_are_named_by_number(tmp_path):
    """A header only on a hidden sheet named after a person: the sheet is named by number."""
    workbook = Workbook()
    workbook.active.title = "Kosong"
    hidden = workbook.create_sheet(f"{PERSON} {NIK[:10]}")
    hidden.append(REQUIRED)
    hidden.sheet_state = "hidden"
    path = tmp_path / "desa.xlsx"
    workbook.save(path)
    _bilingual(
        _message(lambda: _user(path)),
        "berkas desa pengguna (lembar ke-2): baris judul kolom ada di lembar tersembunyi",
        "user's village file (sheet 2): the header row is on a hidden sheet",
    )
    duplicated = _xlsx(tmp_path, ("Data", [["kode", "tahun", "nilai", PERSON, PERSON], [1, 2, 3]]))
    _bilingual(
        _message(lambda: _user(duplicated)),
        "berkas desa pengguna (lembar ke-1), baris 1: baris judul kolom memuat kolom ke-5 dua "
        "kali; diharapkan setiap kolom sekali.",
        "user's village file (sheet 1), row 1: the header names column 5 twice;",
    )


def test_user_workbook_unsaved_formula_hides_the_formula(tmp_path):
    """A formula without a saved value: row and schema column named, the formula's text not."""
    path = _xlsx(tmp_path, ("Data", [REQUIRED, [3310, 2025, f'=LEN("{PERSON}")']]))
    _bilingual(
        _message(lambda: _user(path)),
        "berkas desa pengguna (lembar ke-1), baris 2, kolom 'nilai': sel berisi rumus (sebuah "
        "teks, tidak ditampilkan) tanpa nilai tersimpan",
        "user's village file (sheet 1), row 2, column 'nilai': the cell holds the formula (a "
        "text, not shown) without a saved value",
    )


def test_personal_column_message_is_bilingual(tmp_path):
    """A NIK column is refused in both languages, its masked name shown so it can be deleted."""
    path = _csv(tmp_path, f"kode,tahun,nilai,NIK\n1,2,3,{NIK}\n", name=f"{PERSON}.csv")
    _bilingual(
        _message(lambda: _user(path)),
        "berkas desa pengguna: kolom 'NIK' tampak seperti identitas pribadi",
        "user's village file: columns 'NIK' look like personal identifiers",
    )


def test_project_table_messages_name_path_and_sheet_in_both_languages(tmp_path):
    """An official table (no label) is named by its path and sheet title: "lembar" / "sheet"."""
    path = _xlsx(tmp_path, ("Data", [["kode", "tahun", "nilai"], [1, 2, 3, "lebih"]]))
    message = _message(lambda: tables.read_table(path, REQUIRED))
    first, second = message.split("\n(en) ")
    assert first.startswith(f"{path} (lembar 'Data'), baris 2: baris ini memiliki nilai 'lebih' ")
    assert second.startswith(f"{path} (sheet 'Data'), row 2: the row has a value 'lebih' ")
    frame = pd.Series(["1.234.567"], index=[0])
    message = _message(lambda: tables.parse_numbers(frame, "bps.csv", "nilai", 0, []))
    assert message == (
        "bps.csv, baris 2, kolom 'nilai': nilai '1.234.567' ditulis dengan pemisah ribuan; "
        "diharapkan angka biasa dengan titik desimal dan tanpa pemisah ribuan, seperti 11.25 atau "
        "302735.\n(en) bps.csv, row 2, column 'nilai': value '1.234.567' is written with a "
        "thousands separator; expected a plain number with a decimal point and no thousands "
        "separator, such as 11.25 or 302735."
    )


@pytest.mark.parametrize(
    ("text", "indonesian", "english"),
    [
        (
            'kode,tahun,nilai\n3310,2025,"1\n',
            "(berkas berakhir di dalam sel bertanda kutip yang belum ditutup;",
            "(unexpected end of data;",
        ),
        (
            'kode,tahun,nilai\n3310,"2025"x,1\n',
            "(setelah tanda kutip penutup diharapkan ',';",
            """(',' expected after '"';""",
        ),
    ],
)
def test_csv_problems_are_explained_in_each_language(tmp_path, text, indonesian, english):
    """The csv reader's problem (a quote never closed, text after a closing quote) reads in
    Indonesian in the Indonesian part; the English part keeps the csv module's words."""
    path = _csv(tmp_path, text)
    with pytest.raises(InputError) as error:
        tables.read_table(path, REQUIRED)
    first, second = str(error.value).split("\n(en) ")
    assert indonesian in first and english in second


def test_a_csv_named_xlsx_is_refused_with_the_likely_cause(tmp_path):
    """A CSV saved under an .xlsx name is refused as not a zip archive, in both languages."""
    path = tmp_path / "t.xlsx"
    path.write_text("kode,tahun,nilai\n3310,2025,1\n", encoding="utf-8")
    first, second = _message(lambda: tables.read_table(path, REQUIRED)).split("\n(en) ")
    assert "bukan arsip zip" in first and "CSV yang diberi akhiran .xlsx" in first
    assert "not a zip archive" in second and "a CSV named .xlsx" in second
