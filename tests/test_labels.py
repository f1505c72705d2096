"""The message catalogue covers both languages alike."""

from analysis import labels


def test_both_languages_have_the_same_keys():
    """Indonesian and English define exactly the same message keys."""
    assert set(labels.CATALOGUE["id"]) == set(labels.CATALOGUE["en"])


def test_both_languages_use_the_same_placeholders():
    """Each message fills the same fields in both languages, so one call serves both."""
    for key, text in labels.CATALOGUE["id"].items():
        assert labels.placeholders(text) == labels.placeholders(labels.CATALOGUE["en"][key]), key


def test_labels_fill_fields():
    """A bound catalogue formats its fields."""
    assert labels.Labels("en")("kf_p0", year=2025) == "P0 2025"


def test_annex_labels_cover_the_same_keys():
    """The XLSX annex has an Indonesian text for every English one, with the same fields."""
    indonesian, english = labels.annex_labels("id"), labels.annex_labels("en")
    assert set(indonesian) == set(english)
    for key in english:
        assert labels.placeholders(indonesian[key]) == labels.placeholders(english[key]), key


def test_city_codes_follow_the_official_numbering():
    """BPS/Kemendagri codes 71-99 after the province are cities (3372 Surakarta), not 3310."""
    assert labels.is_city("3372") and labels.is_city("3578")
    assert not labels.is_city("3310") and not labels.is_city("3300") and not labels.is_city(None)


def test_a_city_says_kelurahan_and_kota_but_keeps_names_and_shared_phrases():
    """Surakarta: 'desa' -> 'kelurahan', 'kabupaten' -> 'kota'; 'kabupaten/kota' and the
    names filled into the text stay as they are; English is unchanged."""
    city = labels.Labels("id", kode_bps="3372")
    text = city("pockets_kecamatan_item", name="Desa Baru", n=5, pct="33 %")
    assert text == "Desa Baru (5 kelurahan, 33 % kelurahannya)"
    assert "keluarga desil 1 kota" in city(
        "pockets_text",
        n_priority=11,
        n_villages=54,
        year=2025,
        n_kecamatan=3,
        pct_desil1="41 %",
        top_kecamatan="",
    )
    assert "kabupaten/kota" in city(
        "fig_quadrant", n=35, province="Jawa Tengah", year=2025, since=2022
    )
    regency = labels.Labels("id", kode_bps="3310")
    assert regency("pockets_kecamatan_item", name="X", n=5, pct="1 %") == "X (5 desa, 1 % desanya)"
    assert labels.Labels("en", kode_bps="3372")("col_village") == "Village"


def test_english_counts_of_one_take_the_singular():
    """'1 villages' reads '1 village', '1 pre-program points' '1 pre-program point'; 11 and 0.1
    keep the plural; Indonesian is untouched."""
    english = labels.Labels("en")
    assert english("pockets_kecamatan_item", name="X", n=1, pct="5%") == (
        "X (1 village, 5% of its villages)"
    )
    assert english("pockets_kecamatan_item", name="X", n=11, pct="5%").startswith("X (11 villages")
    assert "(p = 0.2, 1 pre-program point)" in english("pretrend_ok", p="= 0.2", n=1)
    assert labels.singular_counts("0.1 points and −1 points", "en") == "0.1 points and −1 points"
    assert labels.singular_counts("1 villages", "id") == "1 villages"


def test_every_input_error_written_in_the_code_is_bilingual():
    """No InputError is raised with a one-language literal: users read them in both languages.

    Programming errors (a wrong type from our own code) raise TypeError or ValueError instead.
    """
    import ast
    from pathlib import Path

    import analysis

    english_only = []
    for path in Path(analysis.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            called = getattr(node, "func", None)
            name = getattr(called, "id", getattr(called, "attr", None))
            if not (isinstance(node, ast.Call) and name == "InputError" and node.args):
                continue
            first = node.args[0]
            literal = isinstance(first, ast.Constant | ast.JoinedStr)
            if literal and "(en)" not in ast.unparse(first):
                english_only.append(f"{path.name}:{node.lineno}")
    assert english_only == []


def test_a_system_refusal_is_named_in_each_language_of_the_message():
    """A refused write reads 'akses ditolak' in Indonesian and 'permission denied' in English;
    an error number without a catalogue text keeps the system's own words."""
    import errno
    import os

    from analysis.labels import both, os_reason

    message = both("errd_r_unreadable", file="bps.csv", reason=os_reason(errno.EACCES))
    indonesian, english = message.split("\n(en) ")
    assert "(akses ditolak)" in indonesian and "(permission denied)" in english
    full = both("errd_r_unreadable", file="x", reason=os_reason(OSError(errno.ENOSPC, "x")))
    assert "(ruang disk habis)" in full and "(no space left on device)" in full
    assert os_reason(errno.ETIMEDOUT) == os.strerror(errno.ETIMEDOUT)


def test_a_workbook_that_is_not_a_zip_is_explained_in_each_language():
    """openpyxl's BadZipFile reads as 'bukan arsip zip' / 'not a zip archive' with the likely
    cause (an old .xls or a CSV renamed); another failure keeps its type name."""
    import zipfile

    from analysis.labels import both, workbook_problem

    message = both(
        "errf_not_workbook",
        file="desa.xlsx",
        reason=workbook_problem(zipfile.BadZipFile("File is not a zip file")),
    )
    indonesian, english = message.split("\n(en) ")
    assert "(bukan arsip zip seperti setiap berkas .xlsx; mungkin berkas .xls lama" in indonesian
    assert "(not a zip archive as every .xlsx file is; perhaps an old .xls" in english
    assert workbook_problem(ValueError("x")) == "ValueError"
    assert workbook_problem(ValueError("x"), detail=True) == "ValueError: x"
