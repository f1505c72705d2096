"""The privacy guard trips on personal identifiers in any output and passes aggregates."""

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook, new_output
from openpyxl import Workbook

from analysis import privacy


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
