"""Tests of `analysis.userfiles`: the regular-file check, the bounded read of a user's file, and
bilingual messages that name a user's file by its label, never by its name."""

from __future__ import annotations

import json
import os
import signal
import threading
import time
from types import SimpleNamespace

import pytest

from analysis import boundaries, paths, tables, userfiles, villages, yamlread
from analysis.errors import InputError

NIK = "3310012345678901"
PERSON = "Siti Rahayu"


def _hang(*args, **kwargs):
    time.sleep(5)  # far beyond the test's limit: only the timer can end it early


def _timed_out(call) -> str:
    """The message of ``call`` cut by a 0.2 s limit, checking that it did not wait for _hang."""
    start = time.monotonic()
    with pytest.raises(InputError) as error:
        call()
    assert time.monotonic() - start < 3
    assert signal.getitimer(signal.ITIMER_REAL)[0] == 0  # the timer is cleared after the read
    return str(error.value)


def test_a_village_file_read_that_hangs_is_cut_with_a_bilingual_message(tmp_path, monkeypatch):
    """A village file whose read never ends stops at TKPK_READ_TIMEOUT, naming label and limit."""
    path = tmp_path / f"{PERSON} {NIK}.csv"
    path.write_text("village_code,year\n33.10.03.2009,2025\n", encoding="utf-8")
    monkeypatch.setenv("TKPK_READ_TIMEOUT", "0.2")
    monkeypatch.setattr(tables, "_text_lines", _hang)
    message = _timed_out(lambda: villages.read_village_table(path))
    indonesian, english = message.split("\n(en) ")
    assert indonesian.startswith("berkas desa pengguna: pembacaan berkas melebihi batas waktu 0.2")
    assert "detik" in indonesian and "TKPK_READ_TIMEOUT" in indonesian
    assert english.startswith("user's village file: reading the file took longer than the limit")
    assert "0.2 seconds" in english
    assert NIK not in message and PERSON not in message and NIK[:4] + "*" not in message


def test_a_boundaries_or_params_read_that_hangs_is_cut(tmp_path, monkeypatch):
    """The GeoJSON and YAML readers are bounded too; each message names its own file."""
    geojson = tmp_path / "batas.geojson"
    geojson.write_text(json.dumps({"type": "FeatureCollection", "features": []}))
    params = tmp_path / "klaten.yml"
    params.write_text("regency: klaten\n", encoding="utf-8")
    monkeypatch.setenv("TKPK_READ_TIMEOUT", "0.2")
    monkeypatch.setattr(boundaries.json, "loads", _hang)
    monkeypatch.setattr(yamlread.yaml, "load", _hang)
    message = _timed_out(lambda: boundaries.read_boundaries(geojson, None))
    assert message.startswith("berkas batas desa pengguna: pembacaan berkas melebihi batas waktu")
    assert "(en) user's boundaries file: reading the file took longer" in message
    assert "batas.geojson" not in message
    message = _timed_out(lambda: yamlread.read_yaml(params))
    assert f"{params}: pembacaan berkas" in message and f"(en) {params}: reading" in message


def test_no_timer_off_the_main_thread(tmp_path, monkeypatch):
    """A read in another thread (where SIGALRM cannot be delivered) runs without a limit."""
    path = tmp_path / "klaten.yml"
    path.write_text("regency: klaten\n", encoding="utf-8")
    monkeypatch.setenv("TKPK_READ_TIMEOUT", "0.05")
    load = yamlread.yaml.load
    monkeypatch.setattr(yamlread.yaml, "load", lambda *a, **k: time.sleep(0.3) or load(*a, **k))
    found = []
    worker = threading.Thread(target=lambda: found.append(yamlread.read_yaml(path)))
    worker.start()
    worker.join()
    assert found == [{"regency": "klaten"}]


@pytest.mark.parametrize("written", ["abc", "-1", "nan", "inf"])
def test_a_bad_timeout_setting_is_refused_in_both_languages(monkeypatch, written):
    """TKPK_READ_TIMEOUT must be a number of seconds, 0 or more; the message names the variable."""
    monkeypatch.setenv("TKPK_READ_TIMEOUT", written)
    with pytest.raises(InputError) as error:
        userfiles.read_timeout()
    message = str(error.value)
    assert f"variabel lingkungan TKPK_READ_TIMEOUT: nilai '{written}' bukan jumlah" in message
    assert f"(en) environment variable TKPK_READ_TIMEOUT: value '{written}' is not" in message


def test_timeout_setting_default_and_off(monkeypatch):
    """Unset, the limit is 120 s; 0 turns the timer off (a read then takes what it takes)."""
    monkeypatch.delenv("TKPK_READ_TIMEOUT", raising=False)
    assert userfiles.read_timeout() == 120.0
    monkeypatch.setenv("TKPK_READ_TIMEOUT", "0")
    with userfiles.bounded_read("x"):
        assert signal.getitimer(signal.ITIMER_REAL)[0] == 0


def test_regular_file_check_is_bilingual_and_uses_the_label(tmp_path):
    """Missing file, folder, FIFO and an oversized file: Indonesian and English, by label."""
    os.mkfifo(tmp_path / "pipe.csv")
    (tmp_path / "folder.csv").mkdir()
    big = tmp_path / "big.csv"
    big.write_text("0123456789")
    label = userfiles.Local("user_village_file")
    cases = [
        ("missing.csv", 100, "berkas tidak ditemukan", "file not found"),
        ("folder.csv", 100, "ini sebuah folder, bukan berkas", "is a folder, not a file"),
        ("pipe.csv", 100, "ini sebuah pipa (FIFO), bukan berkas biasa", "is a pipe (FIFO)"),
        ("big.csv", 5, "10 bita, melebihi batas 5", "10 bytes, more than the limit of 5"),
    ]
    for name, limit, indonesian, english in cases:
        with pytest.raises(InputError) as error:
            userfiles.check_regular_file(tmp_path / name, "errf_expect_table", limit, label)
        message = str(error.value)
        assert message.startswith(f"berkas desa pengguna: {indonesian}")
        assert "diharapkan berkas CSV atau XLSX" in message
        assert f"(en) user's village file: {english}" in message and name not in message


def test_check_user_files_names_the_file_by_label(tmp_path):
    """A folder given as the village file is refused by label, in both languages."""
    folder = tmp_path / f"{PERSON}.csv"
    folder.mkdir()
    params = SimpleNamespace(
        village_data=SimpleNamespace(path=str(folder), boundaries=None, intervention_path=None)
    )
    assert paths.ROOT / str(folder) == folder  # an absolute path stays as it is
    with pytest.raises(InputError) as error:
        userfiles.check_user_files(params)
    message = str(error.value)
    assert message.startswith("berkas desa pengguna: bukan berkas biasa")
    assert "(en) user's village file: not a regular file" in message and PERSON not in message


def test_a_workbook_read_that_hangs_is_cut_not_called_broken(tmp_path, monkeypatch):
    """The time limit inside openpyxl is reported as such, not as "cannot be read as Excel"."""
    from openpyxl import Workbook

    path = tmp_path / "desa.xlsx"
    Workbook().save(path)
    monkeypatch.setenv("TKPK_READ_TIMEOUT", "0.2")
    monkeypatch.setattr("openpyxl.load_workbook", _hang)
    message = _timed_out(lambda: villages.read_village_table(path))
    assert "reading the file took longer than the limit of 0.2 seconds" in message
    assert "Excel workbook" not in message
