"""Tests of analysis.regencies: slugs, resolving command-line names, refusing unsafe names."""

from __future__ import annotations

import subprocess
import sys

import pytest

from analysis import paths, regencies
from analysis.errors import InputError

SMALL_TABLE = """kode_bps,wilayah,tingkat,tahun,periode,indikator,nilai,kepercayaan
3200,Jawa Barat,provinsi,2024,maret,p0_persen,7.46,A
3300,Jawa Tengah,provinsi,2024,maret,p0_persen,10.47,A
3500,Jawa Timur,provinsi,2024,maret,p0_persen,9.79,A
3204,Kabupaten Bandung,kabupaten,2024,maret,p0_persen,6.4,A
3310,Kabupaten Bandung,kabupaten,2024,maret,p0_persen,12.04,A
3510,Kabupaten Bandung,kabupaten,2024,maret,p0_persen,7.0,A
3326,Kabupaten Pekalongan,kabupaten,2024,maret,p0_persen,9.0,A
3375,Kota Pekalongan,kota,2024,maret,p0_persen,6.0,A
3322,Kabupaten Semarang,kabupaten,2024,maret,p1,1.0,A
"""


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Kabupaten Klaten", "klaten"),
        ("Kabupaten Kulon Progo", "kulon-progo"),
        ("Kota Semarang", "kota-semarang"),
        ("  KABUPATEN  Tegal ", "tegal"),
        ("Kota Batu", "kota-batu"),
        ("Kabupaten Pangkajene dan Kepulauan", "pangkajene-dan-kepulauan"),
        ("Kabupaten Toba Samosir (Tobasa)", "toba-samosir-tobasa"),
    ],
)
def test_slugify(name, slug):
    """Slugs drop 'Kabupaten', keep 'kota-', are lower-case with single hyphens."""
    assert regencies.slugify(name) == slug
    assert regencies.SLUG_PATTERN.fullmatch(slug)


def test_all_regencies_are_the_official_514():
    """All 514 regencies/cities (416 + 98; 35 in Jawa Tengah), by code, unique valid slugs."""
    listed = regencies.all_regencies()
    assert len(listed) == 514
    assert [r.kode_bps for r in listed] == sorted(r.kode_bps for r in listed)
    assert len({r.slug for r in listed}) == 514
    assert all(regencies.SLUG_PATTERN.fullmatch(r.slug) for r in listed)
    assert sum(r.kode_bps[2] == "7" for r in listed) == 98  # cities
    assert sum(r.province_code == "3300" for r in listed) == 35
    assert len({r.province_code for r in listed}) == 38  # Papua's 2022 split included
    assert ("nduga", "9700", "Papua Pegunungan") in {
        (r.slug, r.province_code, r.province_name) for r in listed
    }


@pytest.mark.parametrize(
    ("name", "code", "full_name"),
    [
        ("klaten", "3310", "Kabupaten Klaten"),
        ("pekalongan", "3326", "Kabupaten Pekalongan"),
        ("kota-pekalongan", "3375", "Kota Pekalongan"),
        ("kota-semarang", "3374", "Kota Semarang"),
        ("jombang", "3517", "Kabupaten Jombang"),
    ],
)
def test_resolve(name, code, full_name):
    """A slug resolves to its BPS code, name and province; Kabupaten and Kota stay distinct."""
    regency = regencies.resolve(name)
    assert (regency.slug, regency.kode_bps, regency.name) == (name, code, full_name)
    assert regency.province_code == code[:2] + "00"


@pytest.mark.parametrize(
    ("name", "suggested"),
    [
        ("klatn", "klaten"),
        ("jombag", "jombang"),
        ("kota-semrang", "kota-semarang"),
        ("pekalonga", "pekalongan"),
    ],
)
def test_unknown_names_get_suggestions(name, suggested):
    """A misspelt name is refused with close names suggested and the count of valid names."""
    with pytest.raises(InputError) as error:
        regencies.resolve(name)
    message = str(error.value)
    assert f"Unknown regency {name!r}" in message
    assert "Did you mean:" in message and suggested in message
    assert "Expected one of the 514 names" in message


def test_unknown_name_without_close_match():
    """A name unlike any regency is refused without a 'Did you mean' and with examples."""
    with pytest.raises(InputError) as error:
        regencies.resolve("atlantis")
    assert "Did you mean" not in str(error.value)
    assert "such as aceh-barat" in str(error.value)


@pytest.mark.parametrize(
    "name",
    [
        "../x",
        "/etc",
        "x/../klaten",
        "..",
        ".",
        "kla ten",
        "klaten ",
        " klaten",
        "'klaten'",
        '"klaten"',
        "Klaten",
        "KLATEN",
        "klaten\n",
        "",
        "klaten.yml",
        "-klaten",
        "klaten-",
        "kla--ten",
        "klaten;ls",
        "$(ls)",
        "kla_ten",
        "klatén",
        "reports/klaten",
        "~",
    ],
)
def test_unsafe_names_are_refused(name):
    """Path-like names, spaces, quotes, capitals and other characters are not regency names."""
    with pytest.raises(InputError) as error:
        regencies.resolve(name)
    message = str(error.value)
    assert f"REGENCY={name!r} is not a regency name" in message
    assert "expected lower-case letters, digits and hyphens" in message


@pytest.mark.parametrize(
    ("name", "hint"), [("Klaten", "klaten"), ("kota semarang", "kota-semarang")]
)
def test_refusal_suggests_the_slug(name, hint):
    """A name that slugifies to a known regency is refused with that slug suggested."""
    with pytest.raises(InputError, match=f"Did you mean REGENCY={hint}\\?"):
        regencies.resolve(name)


def test_unsafe_names_are_refused_before_reading_data(tmp_path):
    """A path-like name is refused even when the BPS table cannot be read."""
    with pytest.raises(InputError, match="is not a regency name"):
        regencies.resolve("../klaten", tmp_path / "missing.csv")


def test_same_name_in_two_provinces_gets_codes(write_file):
    """Regencies sharing a name all get their code appended; others keep the plain slug."""
    path = write_file("bps.csv", SMALL_TABLE)
    slugs = {r.slug: r for r in regencies.all_regencies(path)}
    assert set(slugs) == {
        "bandung-3204",
        "bandung-3310",
        "bandung-3510",
        "pekalongan",
        "kota-pekalongan",
    }
    assert slugs["bandung-3510"].province_name == "Jawa Timur"
    with pytest.raises(InputError, match="Did you mean: bandung-"):
        regencies.resolve("bandung", path)


def test_title_rows_and_semicolons_are_read(write_file):
    """The regency list reads a table with a title row and semicolons like analysis.data."""
    text = "Tabel kemiskinan\n" + SMALL_TABLE.replace(",", ";")
    assert regencies.resolve("pekalongan", write_file("bps.csv", text)).kode_bps == "3326"


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        ("", "no header row"),
        ("a,b\n1,2\n", "no header row"),
        ("kode_bps,wilayah,tingkat,indikator\n3310,Klatén,kabupaten,p0_persen\n", "not UTF-8"),
    ],
)
def test_unreadable_tables_raise_input_error(content, fragment, write_file):
    """A BPS table without the needed header or not UTF-8 raises InputError naming the file."""
    encoding = "latin-1" if "not UTF-8" in fragment else "utf-8"
    path = write_file("bps.csv", content, encoding=encoding)
    with pytest.raises(InputError, match=fragment) as error:
        regencies.all_regencies(path)
    assert str(path) in str(error.value)


def test_main_checks_one_name(capsys):
    """main(['klaten']) prints slug, code, name and province and returns 0."""
    assert regencies.main(["klaten"]) == 0
    assert capsys.readouterr().out.split("\t")[:3] == ["klaten", "3310", "Kabupaten Klaten"]


def test_main_lists_names(capsys):
    """main(['--names']) prints all 514 slugs on one line; main([]) lists one per line."""
    assert regencies.main(["--names"]) == 0
    assert len(capsys.readouterr().out.split()) == 514
    assert regencies.main([]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 514


@pytest.mark.parametrize("argv", [["klatn"], ["../x"], ["klaten", "jombang"]])
def test_main_reports_errors_without_traceback(argv, capsys):
    """Bad arguments return 2 and print one 'error:' message to stderr, nothing to stdout."""
    assert regencies.main(argv) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("error: ") and "Traceback" not in captured.err


def test_command_line():
    """`python -m analysis.regencies klaten` exits 0 and prints Klaten's code."""
    result = subprocess.run(
        [sys.executable, "-m", "analysis.regencies", "klaten"],
        capture_output=True,
        text=True,
        cwd=paths.ROOT,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "\t3310\t" in result.stdout


def test_name_check_reads_headers_as_far_down_as_the_table_reader():
    """The fast name check and the table reader look for the header in the same number of rows."""
    from analysis import regencies, tables

    assert regencies.HEADER_SEARCH_ROWS == tables.HEADER_SEARCH_ROWS


# --- messages in Indonesian and English -------------------------------------------------------


def _lines(message: str) -> tuple[str, str]:
    """The Indonesian line and the English line (after '(en) ') of a message."""
    first, second = message.split("\n(en) ")
    return first, second


def test_name_messages_are_in_indonesian_then_english():
    """An unsafe name and an unknown name are refused in Indonesian, then in English."""
    with pytest.raises(InputError) as error:
        regencies.resolve("kota semarang")
    first, second = _lines(str(error.value))
    assert first.startswith("REGENCY='kota semarang' bukan nama kabupaten/kota: diharapkan")
    assert first.endswith(" Maksudnya REGENCY=kota-semarang?")
    assert second.startswith("REGENCY='kota semarang' is not a regency name: expected")
    assert second.endswith(" Did you mean REGENCY=kota-semarang?")
    with pytest.raises(InputError) as error:
        regencies.resolve("klatn")
    first, second = _lines(str(error.value))
    assert first.startswith("Kabupaten/kota 'klatn' tidak dikenal") and "Maksudnya: klaten" in first
    assert second.startswith("Unknown regency 'klatn'") and "Did you mean: klaten" in second


def test_name_messages_never_echo_a_nik(capsys):
    """A NIK given as a regency name (or as an extra argument) is masked in both lines."""
    nik = "3310012345678901"
    with pytest.raises(InputError) as error:
        regencies.resolve(f"nik-{nik}")
    assert nik not in str(error.value) and str(error.value).count("3310********8901") == 2
    assert regencies.main(["klaten", nik]) == 2
    printed = capsys.readouterr().err
    assert "diberikan 2 argumen" in printed and "got 2 arguments" in printed
    assert nik not in printed and "3310********8901" in printed


def test_unreadable_table_message_is_bilingual(write_file):
    """A table that is not UTF-8 is named in Indonesian ('bukan teks UTF-8') and English."""
    path = write_file("bps.csv", "kode_bps;wilayah\nKlatén\n", encoding="latin-1")
    with pytest.raises(InputError) as error:
        regencies.all_regencies(path)
    first, second = _lines(str(error.value))
    assert first == (
        f"{path}: bukan teks UTF-8; diharapkan berkas CSV UTF-8 (simpan ulang sebagai 'CSV UTF-8')."
    )
    assert second.startswith(f"{path}: not UTF-8 text; expected a UTF-8 CSV file")
