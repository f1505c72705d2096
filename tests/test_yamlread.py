"""Tests of `analysis.yamlread`: every refusal of a parameters file is given in Indonesian, then
in English, naming the file and the line (parameters files are named by path: their name is the
regency's)."""

from __future__ import annotations

import pytest

from analysis import yamlread
from analysis.errors import InputError


@pytest.mark.parametrize(
    ("content", "indonesian", "english"),
    [
        (
            "a: &x 1\nb: *x\n",
            "baris 1: anchor dan alias YAML (&nama, *nama) tidak diizinkan",
            "line 1: YAML anchors and aliases (&name, *name) are not allowed",
        ),
        (
            "regency: klaten\nregency: boyolali\n",
            "baris 2: kunci 'regency' muncul dua kali (pertama di baris 1) (nilai 'klaten' dan "
            "'boyolali')",
            "line 2: key 'regency' appears twice (first on line 1) (values 'klaten' and",
        ),
        (
            "meeting_date: 2025-02-30\n",
            "baris 1: nilai '2025-02-30' bukan tanggal yang sah; diharapkan TTTT-BB-HH",
            "line 1: value '2025-02-30' is not a valid date; expected YYYY-MM-DD",
        ),
        ("# nothing\n", ": berkas kosong; diharapkan baris 'kunci: nilai'", ": the file is empty"),
        (
            "- a\n- b\n",
            ": diharapkan pemetaan parameter (baris 'kunci: nilai'), ditemukan sebuah daftar",
            ": expected a mapping of parameters ('key: value' lines), found a list",
        ),
        (
            "a: [1, 2\n",
            ", baris 2, kolom 1: bukan YAML yang sah",
            ", line 2, column 1: not valid YAML",
        ),
        (
            b"name: Klat\xe9n\n",
            "baris 1: bukan teks UTF-8 (bita 0xe9 dalam 'name: Klat\xe9n')",
            "line 1: not UTF-8 text (byte 0xe9 in 'name: Klat\xe9n')",
        ),
    ],
)
def test_params_file_messages_are_bilingual(tmp_path, content, indonesian, english):
    """Aliases, duplicate keys, bad dates, empty or non-mapping files, bad YAML and bad encoding:
    Indonesian first, then "(en) " and English, each naming the file."""
    path = tmp_path / "klaten.yml"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as error:
        yamlread.read_yaml(path)
    first, second = str(error.value).split("\n(en) ")
    assert first.startswith(str(path)) and indonesian in first
    assert second.startswith(str(path)) and english in second


def test_a_folder_or_missing_params_file_is_refused_in_both_languages(tmp_path):
    """A folder or a missing path says what it is and what is expected, in both languages."""
    (tmp_path / "folder.yml").mkdir()
    for name, indonesian, english in (
        ("folder.yml", "ini sebuah folder, bukan berkas", "is a folder, not a file"),
        ("missing.yml", "berkas tidak ditemukan", "file not found"),
    ):
        with pytest.raises(InputError) as error:
            yamlread.read_yaml(tmp_path / name)
        first, second = str(error.value).split("\n(en) ")
        assert indonesian in first and "diharapkan berkas parameter YAML" in first
        assert english in second and "expected a YAML parameters file" in second


@pytest.mark.parametrize(
    ("content", "indonesian"),
    [
        ("a: b: c\n", "(tanda ':' di tempat yang tidak diharapkan: periksa indentasi"),
        ("a:\n\tb: 1\n", "(karakter tab tidak boleh dipakai untuk indentasi; gunakan spasi)"),
        ("a: @x\n", "(karakter '@' tidak dapat mengawali sebuah nilai; beri tanda kutip"),
        ("a: 'x\n", "(berkas berakhir sebelum tanda kutip ditutup)"),
        ("a: [\n", "(sebuah nilai diharapkan, tetapi ditemukan akhir berkas)"),
        ("a: {b: 1\n", "(diharapkan ',' atau '}', tetapi ditemukan akhir berkas)"),
        ("a: 'x' y\n", "akhir blok diharapkan, tetapi ditemukan nilai lain)"),
        ('a: "\\q"\n', "(karakter escape '\\q' tidak dikenal dalam tanda kutip ganda;"),
    ],
)
def test_invalid_yaml_is_explained_in_indonesian_and_in_pyyaml_words(tmp_path, content, indonesian):
    """The usual YAML mistakes of a hand-edited params file are explained in Indonesian; the
    English part keeps PyYAML's own words (its problem text, read from PyYAML here)."""
    import yaml

    with pytest.raises(yaml.YAMLError) as raised:
        yaml.safe_load(content)
    path = tmp_path / "klaten.yml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as error:
        yamlread.read_yaml(path)
    first, second = str(error.value).split("\n(en) ")
    assert indonesian in first
    assert f"not valid YAML ({raised.value.problem});" in second
