"""The privacy guard trips on personal identifiers in any output and passes aggregates."""

import json
import re

import nbformat
import pytest
from conftest import run_build
from nbformat.v4 import new_code_cell, new_notebook, new_output
from openpyxl import Workbook

from analysis import privacy
from analysis.errors import InputError


def _notebook(path, text=None, html=None):
    cell = new_code_cell("x")
    data = {}
    if text:
        data["text/plain"] = text
    if html:
        data["text/html"] = html
    cell.outputs = [new_output("execute_result", data=data, execution_count=1)]
    nbformat.write(new_notebook(cells=[cell]), path)
    return path


def test_nik_in_a_notebook_output_trips_the_guard(tmp_path):
    """A 16-digit number (NIK pattern) in an executed notebook stops the build."""
    _notebook(tmp_path / "a.ipynb", text="kepala keluarga 3310012345670001")
    with pytest.raises(privacy.PrivacyError, match=r"a\.ipynb, cell 1: 16-digit"):
        privacy.check_outputs(tmp_path)


def test_nik_split_over_the_stored_lines_of_an_output_is_found(tmp_path):
    """An output text stored as a list of pieces (as notebook files store lines) is scanned as
    the one text it is: a NIK cut over two pieces is found."""
    output = {
        "output_type": "execute_result",
        "execution_count": 1,
        "metadata": {},
        "data": {"text/plain": ["kepala keluarga 3310012", "345678901"]},
    }
    cell = {"cell_type": "code", "execution_count": 1, "metadata": {}, "source": ["x"]}
    notebook = {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [cell]}
    cell["outputs"] = [output]
    (tmp_path / "split.ipynb").write_text(json.dumps(notebook))
    with pytest.raises(privacy.PrivacyError, match=r"split\.ipynb, cell 1: 16-digit"):
        privacy.check_outputs(tmp_path)


def test_nik_in_an_old_format_notebook_is_found(tmp_path):
    """A notebook in the older format 3 is upgraded and its outputs scanned like any other."""
    from nbformat import v3

    output = v3.new_output("pyout", output_text="No. KK 3310012345678901")
    cell = v3.new_code_cell(input="x", outputs=[output])
    notebook = v3.new_notebook(worksheets=[v3.new_worksheet(cells=[cell])])
    (tmp_path / "old.ipynb").write_text(v3.writes_json(notebook))
    with pytest.raises(privacy.PrivacyError, match=r"old\.ipynb, cell 1: 16-digit"):
        privacy.check_outputs(tmp_path)


def test_name_column_in_a_notebook_table_trips_the_guard(tmp_path):
    """An HTML table with a 'nama' or 'NIK' column is refused."""
    _notebook(tmp_path / "b.ipynb", html="<table><tr><th>NIK</th><th>nama</th></tr></table>")
    with pytest.raises(privacy.PrivacyError, match="column 'NIK'"):
        privacy.check_outputs(tmp_path)


def test_identifier_column_in_xlsx_trips_the_guard(tmp_path):
    """An XLSX sheet with an 'alamat' header is refused."""
    workbook = Workbook()
    workbook.active.append(["kode_desa", "alamat"])
    workbook.active.append(["33.10.03.2009", "Jl. Contoh 1"])
    workbook.save(tmp_path / "lampiran.xlsx")
    with pytest.raises(privacy.PrivacyError, match="alamat"):
        privacy.check_outputs(tmp_path)


def test_village_aggregates_pass(tmp_path):
    """Village codes, place-name columns and counts are not mistaken for personal data."""
    _notebook(
        tmp_path / "c.ipynb",
        text="33.10.03.2009 Pasung 212 keluarga; sha 1234567890ab",
        html="<table><tr><th>kode_desa</th><th>nama_desa</th><th>nama_kecamatan</th></tr></table>",
    )
    workbook = Workbook()
    workbook.active.append(["kode_desa", "nama_desa", "keluarga_desil1"])
    workbook.save(tmp_path / "ok.xlsx")
    privacy.check_outputs(tmp_path)


@pytest.mark.parametrize(
    "column",
    [
        "No. HP",
        "Telepon",
        "phone_number",
        "E-mail",
        "email",
        "Tanggal Lahir",
        "tgl_lahir",
        "date of birth",
        "NIK",
        "No. KK",
        "Nama Kepala Keluarga",
        "alamat_rumah",
    ],
)
def test_personal_columns_in_xlsx_trip_the_guard(tmp_path, column):
    """Phone, e-mail and birth-date columns (and NIK, KK, names, addresses) stop the build."""
    workbook = Workbook()
    workbook.active.append(["Lampiran"])
    workbook.active.append(["kode_desa", "nama_desa", column])
    workbook.active.append(["33.10.03.2009", "Pasung", "x"])
    workbook.save(tmp_path / "lampiran.xlsx")
    with pytest.raises(
        privacy.PrivacyError, match=rf"lampiran\.xlsx, sheet 'Sheet': column '{column}'"
    ):
        privacy.check_outputs(tmp_path)


@pytest.mark.parametrize("column", ["No. HP", "E-mail", "Tanggal Lahir"])
def test_personal_columns_in_a_notebook_table_trip_the_guard(tmp_path, column):
    """A notebook table with a phone, e-mail or birth-date column stops the build."""
    html = f"<table><thead><tr><th>kode_desa</th><th>{column}</th></tr></thead></table>"
    _notebook(tmp_path / "d.ipynb", html=html)
    with pytest.raises(privacy.PrivacyError, match=rf"d\.ipynb, cell 1: column '{column}'"):
        privacy.check_outputs(tmp_path)


def test_place_names_notes_and_counts_pass(tmp_path):
    """Official place names that contain 'Nama' or 'HP', long notes and counts of KK pass."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(
        ["Catatan: jumlah KK dihitung per desa; nama kepala keluarga tidak dimuat di sini."]
    )
    sheet.append(["Kode desa", "Desa", "Kecamatan", "Jumlah KK", "Nama indikator"])
    sheet.append(["81.05.15.2006", "Nama Lena", "Leksula", 120, "rtlh"])
    sheet.append(["12.20.02.2056", "Siraga HP", "Sosopan", 80, "rtlh"])
    sheet.append(["rule_name", "two-lens priority rule (mass and intensity)"])
    workbook.save(tmp_path / "ok.xlsx")
    _notebook(
        tmp_path / "e.ipynb", html="<table><tr><th>Nama Lena</th><th>village_name</th></tr></table>"
    )
    privacy.check_outputs(tmp_path)


@pytest.mark.parametrize(
    ("name", "personal"),
    [
        ("nik", True),
        ("NIK/KTP", True),
        ("No. KK", True),
        ("nomor_kk", True),
        ("nama", True),
        ("Nama Lengkap", True),
        ("nama_responden", True),
        ("alamat", True),
        ("No HP", True),
        ("no_telp", True),
        ("Nomor WhatsApp", True),
        ("E-mail", True),
        ("tempat_lahir", True),
        ("Tgl. Lahir", True),
        ("birth_date", True),
        ("nama_desa", False),
        ("Nama Kecamatan", False),
        ("village_name", False),
        ("file_name", False),
        ("rule_name", False),
        ("jumlah_kk", False),
        ("Jumlah KK", False),
        ("keluarga_desil1", False),
        ("kode_desa", False),
        ("tahun", False),
    ],
)
def test_one_pattern_for_personal_columns(name, personal):
    """One pattern: identifiers, contacts, birth dates, names of people; not places or counts."""
    assert privacy.is_personal_column(name) is personal
    assert privacy.personal_columns([name]) == ([name] if personal else [])


def test_input_check_and_output_guard_use_the_same_pattern(tmp_path):
    """villages.personal_columns is the privacy pattern, and scan_columns flags the same names."""
    from analysis import villages

    names = ["nik", "E-mail", "no_hp", "nama_desa", "jumlah_kk", "Tanggal Lahir", "families"]
    flagged = privacy.personal_columns(names)
    assert flagged == ["nik", "E-mail", "no_hp", "Tanggal Lahir"]
    assert villages.personal_columns(names) == flagged
    assert [finding.split("'")[1] for finding in privacy.scan_columns(names, "x")] == flagged


@pytest.mark.parametrize(
    "text",
    [
        "KK 3310012345678901.",
        "p3ke_3310012345678901_x",
        "nik:3310012345678901,",
        "a17-digit typo 33100123456789012",
        "a15-digit typo 331001234567890",
        "file_3310012345678901.csv",
    ],
)
def test_identity_numbers_are_found_whatever_surrounds_them(text):
    """15-17 digit runs next to '_', '.', letters or punctuation are found, and shown masked."""
    findings = privacy.scan_text(text, "w")
    assert findings
    assert not any(re.search(r"\d{15}", finding) for finding in findings)


@pytest.mark.parametrize(
    "text", ["0.12345678901234567", "1.2345678901234567e-05", "sha " + "a1" * 32, "2025 12 1"]
)
def test_decimals_and_hashes_are_not_identity_numbers(text):
    """A float's decimals and a SHA-256 (hex with letters) are not taken for a NIK."""
    assert privacy.scan_text(text, "w") == []


@pytest.mark.parametrize("name", ["results/trend.json", "run.json", "figures/x.svg", "notes.txt"])
def test_every_published_file_is_scanned(tmp_path, name):
    """A NIK planted in results/*.json, run.json or any text file stops the build, masked."""
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix == ".json":
        path.write_text(json.dumps({"values": [1.5, {"note": "KK 3310012345678901."}]}))
    else:
        path.write_text("<text>p3ke_3310012345678901_x</text>")
    with pytest.raises(privacy.PrivacyError) as caught:
        privacy.check_outputs(tmp_path)
    assert path.name in str(caught.value)
    assert "3310012345678901" not in str(caught.value)
    assert "3310********8901" in str(caught.value)


def test_an_identity_number_stored_as_a_json_number_is_found(tmp_path):
    """A NIK written as a JSON integer is found; ordinary floats are not."""
    (tmp_path / "run.json").write_text('{"a": 3310012345678901, "b": 0.12345678901234567}')
    with pytest.raises(privacy.PrivacyError):
        privacy.check_outputs(tmp_path)


def test_messages_mask_identity_numbers():
    """A refused column named by a NIK is quoted masked (3310********8901), never whole."""
    assert privacy.mask_identifiers("NIK 3310012345678901.") == "NIK 3310********8901."
    with pytest.raises(InputError) as caught:
        privacy.refuse_personal_columns(["nik_3310012345678901"], "data_3310012345678901.csv")
    assert "3310012345678901" not in str(caught.value)


@pytest.mark.parametrize(
    "text",
    ["No.3310012345678901", "KK.33100123456789012.", "id_331001234567890_", "x.3310012345678901"],
)
def test_numbers_after_a_dot_or_underscore_are_found(text):
    """A NIK (or its 15- or 17-digit typo) after a dot or an underscore is still found."""
    assert privacy.scan_text(text, "w")


def test_input_errors_mask_identity_numbers_when_made():
    """An InputError never carries a 15+ digit run: it is masked when the error is made."""
    error = InputError("desa.csv, row 4: value 'KK 3310012345678901' is not a number")
    assert str(error) == "desa.csv, row 4: value 'KK 3310********8901' is not a number"


def _typst_pdf(path, body: str):
    """A PDF written by the brief's own Typst path (`analysis.render.compile_typst`)."""
    from analysis import render

    source = path.with_suffix(".typ")
    source.write_text('#set page(width: 12cm, height: 8cm)\n#set text(lang: "id")\n' + body)
    return render.compile_typst(source, path)


def test_nik_in_the_pdf_text_trips_the_guard(tmp_path):
    """A NIK planted on page 2 of a PDF (in a table cell, partly bold) stops the build, masked,
    and the message names the page; the clean page 1 (codes, counts, a year) finds nothing."""
    staging = tmp_path / "staging"
    staging.mkdir()
    body = (
        "Kode 3310, penduduk miskin 141.840 jiwa, 2025.\n#pagebreak()\n"
        "#table(columns: 2, [Kepala keluarga], [#strong[3310]012345678901])"
    )
    _typst_pdf(staging / "brief.pdf", body)
    (staging / "brief.typ").unlink()  # only the PDF's own text may trip the guard
    with pytest.raises(privacy.PrivacyError) as caught:
        privacy.check_outputs(staging)
    assert "brief.pdf, page 2: 16-digit number 3310********8901" in str(caught.value)
    assert "page 1" not in str(caught.value)
    assert "3310012345678901" not in str(caught.value)


def test_every_page_of_a_pdf_is_read_in_order(tmp_path):
    """The PDF text reader returns one text per page, in order, with every word of each page."""
    body = "Desa Lena, 12 keluarga\n#pagebreak()\nKecamatan Wedi\n#pagebreak()\nNo. KK 3310"
    texts = privacy.pdf_page_texts(_typst_pdf(tmp_path / "three.pdf", body))
    assert [" ".join(text.split()) for text in texts] == [
        "Desa Lena, 12 keluarga",
        "Kecamatan Wedi",
        "No. KK 3310",
    ]


# --- acceptance: a canary in every free-text place of a valid village file --------------------

CANARY_NIK = "3310012345678901"
CANARY_NAME = "Sumarni Wiryokusumo"


def _canary_workbook(path, panel):
    """The panel as XLSX with the canary in the sheet name, a title row, an extra column's name
    and cells, and every source cell; a hidden sheet holds it too."""
    columns = ["village_code", "year", "families", "families_desil1", "families_desil1_4"]
    columns += list(privacy_indicators()) + ["lokus"]
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = f"Sumarni {CANARY_NIK}"
    sheet.append([f"Data {CANARY_NAME} NIK {CANARY_NIK}"])
    sheet.append([*columns, "sumber", f"{CANARY_NAME} {CANARY_NIK}"])
    for row in panel[columns].itertuples(index=False):
        values = [bool(v) if isinstance(v, bool) or str(v) in ("True", "False") else v for v in row]
        values = [int(v) if hasattr(v, "item") else v for v in values]
        values[-1] = 1 if values[-1] is True else 0
        sheet.append([*values, f"P3KE 2025 oleh {CANARY_NAME}, NIK {CANARY_NIK}", CANARY_NAME])
    hidden = workbook.create_sheet(f"{CANARY_NAME}")
    hidden.append([CANARY_NIK])
    hidden.sheet_state = "hidden"
    workbook.save(path)
    return path


def privacy_indicators():
    from analysis.params import INDICATORS

    return INDICATORS


def _published_text(path) -> str:
    """The text of a published file: PDF page text, XLSX XML parts, or the bytes as UTF-8."""
    import zipfile

    if path.suffix == ".pdf":
        from pypdf import PdfReader

        return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)
    if path.suffix == ".xlsx":
        with zipfile.ZipFile(path) as archive:
            return "\n".join(archive.read(name).decode("utf-8") for name in archive.namelist())
    return path.read_bytes().decode("utf-8", errors="replace")


@pytest.mark.slow
def test_canary_in_a_village_file_reaches_no_output_and_no_log(tmp_path):
    """A NIK and a person's name in the file name, sheet name, title row, column name and cells
    (source and an extra column) of a valid village file appear in no published file, no log."""
    import shutil

    import yaml

    from analysis import paths, synth

    panel, _ = synth.generate_for_regency("3310", 7, lokus_count_latest=81)
    user_file = _canary_workbook(tmp_path / f"sumarni_wiryokusumo_{CANARY_NIK}.xlsx", panel)
    params_dir = tmp_path / "params"
    params_dir.mkdir()
    for path in paths.PARAMS_DIR.glob("*.yml"):
        shutil.copy(path, params_dir)
    values = yaml.safe_load((params_dir / "klaten.yml").read_text())
    values["village_data"] = {"source": "file", "path": str(user_file), "lokus_count": 81}
    (params_dir / "klaten.yml").write_text(yaml.safe_dump(values, allow_unicode=True))
    reports = tmp_path / "reports"
    result = run_build("klaten", reports, params_dir=params_dir)
    assert result.returncode == 0, result.stderr[-3000:]
    published = [path for path in reports.rglob("*") if path.is_file()]
    assert any(path.name == "brief.pdf" for path in published)
    assert any(path.suffix == ".xlsx" for path in published)
    texts = {"stdout": result.stdout, "stderr": result.stderr}
    texts |= {str(path.relative_to(reports)): _published_text(path) for path in published}
    for where, text in texts.items():
        lowered = text.lower()
        for canary in (CANARY_NIK, CANARY_NIK[:4] + "*" * 8, "sumarni", "wiryokusumo"):
            assert canary not in lowered, f"{canary!r} found in {where}"


# --- XLSX read from its zip parts; notebook table headers ----------------------------------------

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE = "http://schemas.openxmlformats.org/package/2006/relationships"
_CONTENT = "application/vnd.openxmlformats-officedocument.spreadsheetml"


def _minimal_xlsx(path, sheets, strings=None):
    """A hand-written XLSX: `sheets` is [(title, part number, sheetData XML)], listed in the
    workbook in that order; `strings` the <si> items of a shared-string table."""
    import zipfile

    types = f'<Override PartName="/xl/workbook.xml" ContentType="{_CONTENT}.sheet.main+xml"/>'
    entries, rels, parts = "", "", {}
    for index, (title, number, data) in enumerate(sheets, start=1):
        entries += f'<sheet name="{title}" sheetId="{index}" r:id="rId{index}"/>'
        rels += f'<Relationship Id="rId{index}" Type="{_RELS}/worksheet" '
        rels += f'Target="worksheets/sheet{number}.xml"/>'
        parts[f"xl/worksheets/sheet{number}.xml"] = (
            f'<worksheet xmlns="{_MAIN}"><sheetData>{data}</sheetData></worksheet>'
        )
    if strings is not None:
        types += '<Override PartName="/xl/sharedStrings.xml" '
        types += f'ContentType="{_CONTENT}.sharedStrings+xml"/>'
        parts["xl/sharedStrings.xml"] = f'<sst xmlns="{_MAIN}">{strings}</sst>'
    parts["[Content_Types].xml"] = (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        f"{types}</Types>"
    )
    parts["_rels/.rels"] = (
        f'<Relationships xmlns="{_PACKAGE}"><Relationship Id="rId1" '
        f'Type="{_RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    )
    parts["xl/workbook.xml"] = (
        f'<workbook xmlns="{_MAIN}" xmlns:r="{_RELS}"><sheets>{entries}</sheets></workbook>'
    )
    parts["xl/_rels/workbook.xml.rels"] = (
        f'<Relationships xmlns="{_PACKAGE}">{rels}</Relationships>'
    )
    with zipfile.ZipFile(path, "w") as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return path


_FOUND = "16-digit number 3310********8901 (looks like a NIK or No. KK)"


@pytest.mark.parametrize(
    ("data", "strings"),
    [
        ('<row r="1"><c r="A1" t="s"><v>0</v></c></row>', f"<si><t>{CANARY_NIK}</t></si>"),
        (
            '<row r="1"><c r="A1" t="s"><v>0</v></c></row>',
            "<si><r><t>3310</t></r><r><rPr><b/></rPr><t>012345678901</t></r></si>",
        ),
        (f'<row r="1"><c r="A1" t="inlineStr"><is><t>{CANARY_NIK}</t></is></c></row>', None),
        (
            '<row r="1"><c r="A1" t="inlineStr"><is><r><t>33100</t></r>'
            "<r><t>12345678901</t></r></is></c></row>",
            None,
        ),
        (f'<row r="1"><c r="A1" t="str"><f>A2</f><v>{CANARY_NIK}</v></c></row>', None),
        ('<row r="1"><c r="A1"><v>3310012345678901</v></c></row>', None),
        (
            '<row r="1"><c r="A1" t="inlineStr"><is><t>_x0033__x0033_10012345678901</t>'
            "</is></c></row>",
            None,
        ),
        ('<row r="1"><c r="A1" t="s"><v>0</v></c></row>', f"<si><t>{CANARY_NIK}_x005F_</t></si>"),
    ],
    ids=[
        "shared",
        "shared-rich",
        "inline",
        "inline-rich",
        "formula-result",
        "number",
        "escaped-digits",
        "escape-once",
    ],
)
def test_nik_in_each_kind_of_xlsx_cell_is_found(tmp_path, data, strings):
    """A NIK as a shared or inline string (plain, cut into rich-text runs, or written with
    Excel's _x0033_ escapes for '3'), a formula's stored text or a number is found once, masked,
    under the sheet's title."""
    path = _minimal_xlsx(tmp_path / "lampiran.xlsx", [("Data", 1, data)], strings)
    assert privacy.scan_xlsx(path) == [f"lampiran.xlsx, sheet 'Data': {_FOUND}"]


def test_a_nik_stored_in_e_notation_reads_as_its_16_digits(tmp_path):
    """3.3010101010101E+15 (a NIK typed as a number) is 3301010101010100: a 16-digit finding."""
    data = '<row r="1"><c r="A1" t="n"><v>3.3010101010101E+15</v></c></row>'
    path = _minimal_xlsx(tmp_path / "x.xlsx", [("Data", 1, data)])
    assert privacy.scan_xlsx(path) == [
        "x.xlsx, sheet 'Data': 16-digit number 3301********0100 (looks like a NIK or No. KK)"
    ]


def test_sheet_titles_come_from_the_workbook_not_the_part_names(tmp_path):
    """A NIK in worksheets/sheet2.xml is reported under the title the workbook gives that part,
    listed first."""
    nik = f'<row r="1"><c r="A1"><v>{CANARY_NIK}</v></c></row>'
    sheets = [("Kedua", 2, nik), ("Data", 1, '<row r="1"><c r="A1"><v>12</v></c></row>')]
    path = _minimal_xlsx(tmp_path / "x.xlsx", sheets)
    assert privacy.scan_xlsx(path) == [f"x.xlsx, sheet 'Kedua': {_FOUND}"]


def _openpyxl_workbook(path, change):
    workbook = Workbook()
    workbook.active.title = "Data"
    workbook.active.append(["kode_desa", "jumlah_kk"])
    change(workbook)
    workbook.save(path)
    return path


def _set_properties(workbook):
    workbook.properties.title = f"Lampiran {CANARY_NIK}"
    workbook.properties.creator = CANARY_NIK


def _add_defined_name(workbook):
    from openpyxl.workbook.defined_name import DefinedName

    workbook.defined_names["catatan"] = DefinedName("catatan", attr_text=f'"{CANARY_NIK}"')


def _add_comment(workbook):
    from openpyxl.comments import Comment

    workbook.active["A1"].comment = Comment(f"NIK {CANARY_NIK}", "penulis")


@pytest.mark.parametrize(
    ("change", "where"),
    [
        (lambda workbook: workbook.active.append([int(CANARY_NIK)]), "sheet 'Data'"),
        (lambda workbook: setattr(workbook.active, "title", f"KK {CANARY_NIK}"), "sheet 'KK "),
        (_set_properties, "docProps/core.xml"),
        (_add_defined_name, "xl/workbook.xml"),
        (_add_comment, "sheet 'Data'"),
        (lambda workbook: setattr(workbook.active.oddFooter.left, "text", CANARY_NIK), "sheet"),
    ],
    ids=["integer-cell", "sheet-name", "properties", "defined-name", "comment", "footer"],
)
def test_nik_anywhere_in_a_workbook_stops_the_build(tmp_path, change, where):
    """A NIK in an integer cell, the sheet name, the title and author, a defined name, a comment
    or a footer of a workbook stops the build, and the message says where, masked."""
    _openpyxl_workbook(tmp_path / "lampiran.xlsx", change)
    with pytest.raises(privacy.PrivacyError) as caught:
        privacy.check_outputs(tmp_path)
    assert f"lampiran.xlsx, {where}" in str(caught.value)
    assert CANARY_NIK not in str(caught.value)


def test_a_clean_workbook_and_personal_headers(tmp_path):
    """Codes, place names, counts, decimals, dates and booleans pass; the headers 'NIK' and
    'nama kepala keluarga' are each found as a column."""
    import datetime

    def rows(workbook):
        workbook.active.append(["33.10.03.2009", "Nama Lena", 120, 0.12345678901234567, True])
        workbook.active.append([datetime.date(2025, 3, 1), 1.5e-9, -2, "#N/A"])

    assert privacy.scan_xlsx(_openpyxl_workbook(tmp_path / "ok.xlsx", rows)) == []
    headers = _openpyxl_workbook(
        tmp_path / "h.xlsx",
        lambda workbook: workbook.active.append(["NIK", "nama kepala keluarga"]),
    )
    assert privacy.scan_xlsx(headers) == [
        "h.xlsx, sheet 'Data': column 'NIK' looks like personal data",
        "h.xlsx, sheet 'Data': column 'nama kepala keluarga' looks like personal data",
    ]


def test_a_file_that_is_not_a_workbook_is_an_error_not_a_pass(tmp_path):
    """A broken zip, or a zip without a workbook, raises an error naming the file."""
    import zipfile

    (tmp_path / "rusak.xlsx").write_bytes(b"PK\x03\x04 cut short")
    with pytest.raises(zipfile.BadZipFile, match=r"rusak\.xlsx"):
        privacy.scan_xlsx(tmp_path / "rusak.xlsx")
    with zipfile.ZipFile(tmp_path / "kosong.xlsx", "w") as archive:
        archive.writestr("a.txt", "x")
    with pytest.raises(zipfile.BadZipFile, match=r"kosong\.xlsx"):
        privacy.check_outputs(tmp_path)


@pytest.mark.parametrize(
    ("html", "headers"),
    [
        (
            '<table border="1" class="dataframe"><thead><tr><th></th>'
            '<th colspan="2" halign="left">Nama &amp; Alamat</th></tr>'
            "<tr><th>kecamatan</th><th>desa</th><th>No.&nbsp;HP</th></tr>\n"
            '<tr><th>kec</th><th/><th class="x"/></tr></thead>'
            "<tbody><tr><th>Wedi</th><td>1</td></tr></tbody></table>",
            ["Nama & Alamat", "kecamatan", "desa", "No.\xa0HP", "kec", "Wedi"],
        ),
        (
            "<style scoped>.dataframe th {top: 0}</style><TABLE><TR><TH>a &lt; b</TH></TR></TABLE>",
            ["a < b"],
        ),
        (
            "<table><tr><th>kode<!-- x -->NIK</th><th>1 < 2</th></tr></table>",
            ["kode", "NIK", "1", "<", "2"],
        ),
        ("<table><tr><th><b>tebal</b></th><th> </th></tr></table>", []),
    ],
    ids=["pandas-multiindex", "style-and-entities", "comment-and-bare-less-than", "nested"],
)
def test_table_headers_are_the_texts_right_after_each_th(html, headers):
    """Header cells are the stripped texts right after a <th> (entities resolved, a comment or a
    bare '<' splitting a text, as html.parser splits it; a text inside a nested tag is not one)."""
    assert privacy.table_headers(html) == headers


def test_list_of_lines_outputs_are_joined_before_the_scan(tmp_path):
    """An HTML output and a stream stored as lists of lines are read as the texts they make:
    a header cut over two lines and a NIK cut over two stream lines are found."""
    cell = {"cell_type": "code", "execution_count": 1, "metadata": {}, "source": ["x"]}
    cell["outputs"] = [
        {
            "output_type": "display_data",
            "metadata": {},
            "data": {"text/html": ["<table><tr><th>No.", " HP</th></tr></table>"]},
        },
        {"output_type": "stream", "name": "stdout", "text": ["KK 3310012", "345678901\n"]},
    ]
    notebook = {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [cell]}
    (tmp_path / "n.ipynb").write_text(json.dumps(notebook))
    assert privacy.scan_notebook(tmp_path / "n.ipynb") == [
        "n.ipynb, cell 1: column 'No. HP' looks like personal data",
        f"n.ipynb, cell 1: {_FOUND}",
    ]


def test_a_nik_in_full_width_digits_is_found():
    """Digits of any script count: a NIK typed in full-width digits is found."""
    assert privacy.scan_text("KK " + "".join(chr(0xFF10 + int(d)) for d in CANARY_NIK), "w")
