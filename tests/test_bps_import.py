"""Tests of analysis.bps_import: BPS web-table downloads become rows of the long table.

Reference values are written by hand from the fixture files (tests/fixtures/bps_exports/, see its
README): the real BPS province download of 2023 and regency tables written in the same shape.
"""

from __future__ import annotations

import contextlib
import io
import json
import shutil
import subprocess
import sys
import zipfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from analysis import paths
from analysis.bps_import import (
    COLUMNS,
    RevisionsRefusedError,
    combine,
    load_codes,
    load_tables,
    read_export,
    read_long_table,
    revisions,
    write_vintage,
)
from analysis.errors import InputError

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "bps_exports"
PROVINCES_2023 = FIXTURES / "Jumlah dan Persentase Penduduk Miskin Menurut Provinsi, 2023.csv"
REGENCY_CSV = (
    FIXTURES / "Persentase Penduduk Miskin (P0) Menurut Kabupaten_Kota (Persen), 2021-2023.csv"
)
REGENCY_XLSX = REGENCY_CSV.with_suffix(".xlsx")
BAD_NAMES = FIXTURES / (
    "Persentase Penduduk Miskin (P0) Menurut Kabupaten_Kota (Persen), 2023 - nama bermasalah.csv"
)
P1_P2 = FIXTURES / "Indeks Kedalaman dan Keparahan Kemiskinan Menurut Kabupaten_Kota, 2022-2023.csv"
GK_POOR = FIXTURES / "Garis Kemiskinan dan Jumlah Penduduk Miskin Menurut Kabupaten_Kota, 2023.csv"
REAL_SHA12 = "55cef2b43ea1"  # sha256sum of the real download
NOW = datetime(2026, 11, 28, 9, 30, tzinfo=timezone(timedelta(hours=7)))
P0_HEADER = "Persentase Penduduk Miskin (P0) Menurut Kabupaten/Kota (Persen)"


@pytest.fixture(scope="module")
def codes():
    """The official code list, read once from data/raw/bps_kabkota_nasional.csv."""
    return load_codes(paths.ROOT / "data" / "raw" / "bps_kabkota_nasional.csv")


@pytest.fixture
def raw_dir(tmp_path):
    """A copy of the long tables and the registry of data/raw in tmp_path."""
    folder = tmp_path / "raw"
    folder.mkdir()
    for name in ("bps_kemiskinan.csv", "bps_kabkota_nasional.csv", "datapackage.json"):
        shutil.copy(paths.ROOT / "data" / "raw" / name, folder / name)
    return folder


def value(rows: pd.DataFrame, code: str, year: int, indicator: str, period: str = "maret"):
    """The one value of a key in imported rows (fails when there is none or several)."""
    found = rows[
        (rows["kode_bps"] == code)
        & (rows["tahun"] == year)
        & (rows["periode"] == period)
        & (rows["indikator"] == indicator)
    ]["nilai"]
    assert len(found) == 1, (code, year, indicator, period, len(found))
    return float(found.iloc[0])


def files_in(folder: Path) -> set[Path]:
    """Every file under a folder."""
    return {path for path in folder.rglob("*") if path.is_file()}


def changed_copy(tmp_path: Path) -> Path:
    """The real download with Jawa Tengah's March P0 changed from 10.77 to 10.79."""
    text = PROVINCES_2023.read_text(encoding="utf-8")
    line = "Jawa Tengah,477580,...,3791.5,...,10.77,..."
    assert line in text
    path = tmp_path / "revisi" / PROVINCES_2023.name
    path.parent.mkdir()
    path.write_text(text.replace(line, line.replace("10.77", "10.79")), encoding="utf-8")
    return path


# The real BPS province download (2023)


def test_real_province_export_gives_jawa_tengah_march_2023(codes):
    """The real 2023 download gives Jawa Tengah's P0 10.77, 3791.5 thousand poor, GK 477580."""
    rows = read_export(PROVINCES_2023, codes).rows
    assert value(rows, "3300", 2023, "p0_persen") == 10.77
    assert value(rows, "3300", 2023, "jumlah_miskin_ribu") == 3791.5
    assert value(rows, "3300", 2023, "garis_kemiskinan_rp") == 477580


def test_real_province_export_skips_papua_new_provinces_with_a_note(codes):
    """Papua's four new provinces, all '...' in 2023, are skipped and named in a note."""
    result = read_export(PROVINCES_2023, codes)
    assert not set(result.rows["kode_bps"]) & {"9200", "9500", "9600", "9700"}
    note = next(note for note in result.notes if "without figures" in note)
    for name in ("Papua Barat Daya", "Papua Selatan", "Papua Tengah", "Papua Pegunungan"):
        assert name in note
    assert value(result.rows, "9400", 2023, "p0_persen") == 26.03  # Papua itself has figures


def test_real_province_export_keeps_march_only_and_notes_the_footer(codes):
    """September columns are all '...': no September row, and the footer's reason is a note."""
    result = read_export(PROVINCES_2023, codes)
    assert set(result.rows["periode"]) == {"maret"}
    assert any("September 2023 tidak dilakukan penghitungan kemiskinan" in n for n in result.notes)
    assert any("'Persentase Penduduk Miskin - September'" in n for n in result.notes)


def test_real_province_export_rows_and_provenance(codes):
    """35 regions x 3 indicators, trust A, the title as source and the file hash as copy."""
    result = read_export(PROVINCES_2023, codes)
    assert len(result.rows) == 105  # 39 rows - 4 Papua rows without figures = 35 regions
    assert list(result.rows.columns) == COLUMNS
    assert set(result.rows["kepercayaan"]) == {"A"}
    assert set(result.rows["sumber"]) == {
        "Jumlah dan Persentase Penduduk Miskin Menurut Provinsi, 2023"
    }
    assert set(result.rows["salinan"]) == {f"import: {PROVINCES_2023.name} sha256:{REAL_SHA12}"}
    assert result.unmatched == []


def test_real_province_export_levels_from_codes(codes):
    """Indonesia becomes 0000 'nasional'; a province xx00 'provinsi' with its official name."""
    rows = read_export(PROVINCES_2023, codes).rows
    assert value(rows, "0000", 2023, "p0_persen") == 9.36
    nation = rows[rows["kode_bps"] == "0000"].iloc[0]
    assert (nation["wilayah"], nation["tingkat"]) == ("Indonesia", "nasional")
    bangka = rows[rows["kode_bps"] == "1900"].iloc[0]  # "Kepulauan Bangka Belitung" in the file
    assert (bangka["wilayah"], bangka["tingkat"]) == (
        "Provinsi Kepulauan Bangka Belitung",
        "provinsi",
    )
    assert value(rows, "1500", 2023, "p0_persen") == 7.58  # "Jambi": the province, not Kota Jambi


# Regency tables written in the BPS shape


@pytest.mark.parametrize("path", [REGENCY_CSV, REGENCY_XLSX], ids=["csv", "xlsx"])
def test_regency_table_reads_every_year_group(codes, path):
    """Each year column group becomes its own year: Cilacap 11.67, 11.02, 10.99 (2021-2023)."""
    rows = read_export(path, codes).rows
    assert value(rows, "3301", 2021, "p0_persen") == 11.67
    assert value(rows, "3301", 2022, "p0_persen") == 11.02
    assert value(rows, "3301", 2023, "p0_persen") == 10.99
    assert len(rows) == 34  # 12 regions x 3 years - Bogor's two '...' for 2022


@pytest.mark.parametrize("path", [REGENCY_CSV, REGENCY_XLSX], ids=["csv", "xlsx"])
def test_regency_table_reads_kab_and_upper_case_names(codes, path):
    """'KABUPATEN CILACAP', 'Kab. Banyumas', 'KOTA PEKALONGAN', 'JAWA TENGAH' get their codes."""
    rows = read_export(path, codes).rows
    names = dict(zip(rows["kode_bps"], rows["wilayah"], strict=False))
    assert names["3301"] == "Kabupaten Cilacap"
    assert names["3302"] == "Kabupaten Banyumas"
    assert names["3375"] == "Kota Pekalongan"
    assert value(rows, "3302", 2022, "p0_persen") == 12.84
    assert value(rows, "3300", 2021, "p0_persen") == 11.79
    assert value(rows, "3200", 2023, "p0_persen") == 7.62


@pytest.mark.parametrize("path", [REGENCY_CSV, REGENCY_XLSX], ids=["csv", "xlsx"])
def test_kabupaten_and_kota_of_the_same_name_are_never_confused(codes, path):
    """Kab./Kota Bogor, Magelang, Semarang and Pekalongan each keep their own code and value."""
    rows = read_export(path, codes).rows
    assert value(rows, "3201", 2021, "p0_persen") == 8.13  # Kab. Bogor
    assert value(rows, "3271", 2021, "p0_persen") == 7.24  # Kota Bogor
    assert value(rows, "3308", 2023, "p0_persen") == 10.96  # Kabupaten Magelang
    assert value(rows, "3371", 2023, "p0_persen") == 6.11  # KOTA MAGELANG
    assert value(rows, "3322", 2022, "p0_persen") == 7.27  # Kabupaten Semarang
    assert value(rows, "3374", 2022, "p0_persen") == 4.25  # Kota Semarang
    assert value(rows, "3326", 2021, "p0_persen") == 10.57  # Kab. Pekalongan
    assert value(rows, "3375", 2021, "p0_persen") == 7.59  # KOTA PEKALONGAN
    levels = dict(zip(rows["kode_bps"], rows["tingkat"], strict=False))
    assert (levels["3201"], levels["3271"]) == ("kabupaten", "kota")


def test_regency_table_skips_missing_cells_and_reads_title_and_footer(codes):
    """'...' cells give no row (noted); the title row is the source; the footer is no region."""
    result = read_export(REGENCY_CSV, codes)
    bogor = result.rows[result.rows["kode_bps"].isin(["3201", "3271"])]
    assert sorted(set(bogor["tahun"])) == [2021, 2023]
    assert any("no figure for Kab. Bogor, Kota Bogor" in note for note in result.notes)
    assert set(result.rows["sumber"]) == {
        "Persentase Penduduk Miskin (P0) Menurut Kabupaten/Kota (Persen), 2021-2023"
    }
    assert any("Sumber: Survei Sosial Ekonomi Nasional" in note for note in result.notes)
    assert result.unmatched == []


def test_xlsx_version_gives_the_same_figures_as_the_csv(codes):
    """The Excel export (merged title, two header rows, numeric cells) equals the CSV export."""
    key = ["kode_bps", "wilayah", "tingkat", "tahun", "periode", "indikator", "nilai"]
    from_csv = read_export(REGENCY_CSV, codes).rows[key]
    from_xlsx = read_export(REGENCY_XLSX, codes).rows[key]
    pd.testing.assert_frame_equal(from_csv, from_xlsx)


def test_semicolons_decimal_commas_and_a_second_header_row(codes):
    """P1/P2 saved by Excel in Indonesian locale: ';', '1,54', years in a second header row."""
    result = read_export(P1_P2, codes)
    assert value(result.rows, "3301", 2023, "p1") == 1.54
    assert value(result.rows, "3301", 2022, "p2") == 0.33
    assert value(result.rows, "3371", 2022, "p2") == 0.06  # Kota Magelang
    assert value(result.rows, "3308", 2022, "p2") == 0.41  # Kabupaten Magelang
    assert len(result.rows) == 20  # 5 regions x 2 indicators x 2 years
    assert any("semicolons" in note for note in result.notes)
    assert any("decimal commas" in note for note in result.notes)


def test_poverty_line_and_number_of_poor_headers_with_units(codes):
    """'Garis Kemiskinan (Rupiah/Kapita/Bulan)' and 'Jumlah Penduduk Miskin (Ribu Jiwa)' read."""
    rows = read_export(GK_POOR, codes).rows
    assert value(rows, "3301", 2023, "garis_kemiskinan_rp") == 419429
    assert value(rows, "3301", 2023, "jumlah_miskin_ribu") == 191
    assert value(rows, "3374", 2023, "jumlah_miskin_ribu") == 80.53
    assert value(rows, "3300", 2023, "jumlah_miskin_ribu") == 3791.5


def test_number_and_code_columns_before_the_names_are_not_imported(codes, tmp_path):
    """'No' and 'Kode' columns are skipped with a note; the 'Kabupaten/Kota' column names rows."""
    path = tmp_path / "p0.csv"
    path.write_text(
        f"No,Kode,Kabupaten/Kota,{P0_HEADER} - 2023\n1,3310,Kabupaten Klaten,12.3\n",
        encoding="utf-8",
    )
    result = read_export(path, codes)
    assert value(result.rows, "3310", 2023, "p0_persen") == 12.3
    assert len(result.rows) == 1
    assert any("column A ('No') not imported" in note for note in result.notes)


def test_urban_and_rural_columns_are_skipped_and_the_total_kept(codes, tmp_path):
    """'Perkotaan' and 'Perdesaan' columns are noted, never read as the total."""
    header = "Persentase Penduduk Miskin (P0) Menurut Provinsi dan Daerah"
    path = tmp_path / "daerah.csv"
    path.write_text(
        f"Provinsi,{header} - Perkotaan - 2023,{header} - Perdesaan - 2023,"
        f"{header} - Perkotaan+Perdesaan - 2023\nJawa Tengah,9.12,12.34,10.77\n",
        encoding="utf-8",
    )
    result = read_export(path, codes)
    assert value(result.rows, "3300", 2023, "p0_persen") == 10.77
    assert len(result.rows) == 1
    assert sum("urban or rural figures only" in note for note in result.notes) == 2


# Names


def test_unmatched_name_is_listed_with_a_close_suggestion(codes):
    """'Kabupaten Banyumass' matches nothing and is listed with 'Kabupaten Banyumas' first."""
    result = read_export(BAD_NAMES, codes)
    misspelt = next(m for m in result.unmatched if m.name == "Kabupaten Banyumass")
    assert misspelt.code is None
    assert misspelt.suggestions[0] == "Kabupaten Banyumas"
    assert "row 4: 'Kabupaten Banyumass'" in result.unmatched_message()


def test_bare_ambiguous_name_is_refused_with_both_candidates(codes):
    """A bare 'Bogor' is matched to neither; both Kabupaten and Kota Bogor are offered."""
    result = read_export(BAD_NAMES, codes)
    bogor = next(m for m in result.unmatched if m.name == "Bogor")
    assert bogor.code is None
    assert set(bogor.candidates) == {"Kabupaten Bogor (3201)", "Kota Bogor (3271)"}
    assert not set(result.rows["kode_bps"]) & {"3201", "3271"}


def test_year_only_in_the_title_is_used(codes):
    """A header without a year takes the one year of the title (', 2023')."""
    rows = read_export(BAD_NAMES, codes).rows
    assert set(rows["tahun"]) == {2023}
    assert value(rows, "3301", 2023, "p0_persen") == 10.99


def test_file_with_unmatched_names_is_not_written(codes, raw_dir):
    """write_vintage refuses while names are unmatched, naming them, and writes nothing."""
    before = files_in(raw_dir)
    with pytest.raises(InputError) as error:
        write_vintage(read_export(BAD_NAMES, codes), raw_dir, now=NOW)
    assert "Kabupaten Banyumass" in str(error.value) and "Bogor" in str(error.value)
    assert files_in(raw_dir) == before


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Kabupaten Bogor", "3201"),
        ("Kab. Bogor", "3201"),
        ("KAB BOGOR", "3201"),
        ("Kota Bogor", "3271"),
        ("KOTA BOGOR", "3271"),
        ("Kota Pematangsiantar", "1273"),  # official: Kota Pematang Siantar
        ("D.I. Yogyakarta", "3400"),
        ("Daerah Istimewa Yogyakarta", "3400"),
        ("Kep. Bangka Belitung", "1900"),
        ("Kab. Adm. Kep. Seribu", "3101"),
        ("Kotabaru", "6302"),  # a kabupaten whose name starts with 'Kota'
        ("INDONESIA", "0000"),
        ("Klaten", "3310"),
    ],
)
def test_name_variants_match_their_code(codes, name, code):
    """Prefix spellings, capitals, spaces and 'Kep.'/'D.I.' variants match the right code."""
    assert codes.match(name).code == code


def test_province_names_shared_with_a_city(codes):
    """'Jambi' is the province in a province table and ambiguous in a regency table."""
    assert codes.match("Jambi", provinces_only=True).code == "1500"
    ambiguous = codes.match("Jambi")
    assert ambiguous.code is None
    assert set(ambiguous.candidates) == {"Provinsi Jambi (1500)", "Kota Jambi (1571)"}


def test_code_list_has_every_region_once(codes):
    """514 regencies and cities, 38 provinces and the nation, with official names."""
    assert len(codes.names) == 553
    assert sum(1 for code in codes.names if code.endswith("00") and code != "0000") == 38
    assert codes.names["3310"] == "Kabupaten Klaten"
    assert codes.names["3100"] == "Provinsi DKI Jakarta"  # the name of the latest year


# Encodings and separators


@pytest.mark.parametrize(
    ("encoding", "separator", "note"),
    [
        ("utf-8-sig", ",", None),
        ("cp1252", ",", "Windows-1252"),
        ("utf-16", "\t", "UTF-16"),
        ("utf-8", "\t", "tabs"),
    ],
)
def test_encodings_and_separators_give_the_same_figures(codes, tmp_path, encoding, separator, note):
    """BOM, Windows-1252 (with a note), UTF-16 and tabs read as the plain UTF-8 file."""
    text = REGENCY_CSV.read_text(encoding="utf-8").replace("2021-2023", "2021\u20132023")
    if separator != ",":
        text = text.replace(",,,", "").replace('"', "").replace(",", separator)
        text = text.replace(f"Kabupaten/Kota (Persen){separator} 2021", "")
    path = tmp_path / REGENCY_CSV.name
    path.write_bytes(text.encode(encoding))
    result = read_export(path, codes)
    assert value(result.rows, "3301", 2022, "p0_persen") == 11.02
    assert value(result.rows, "3371", 2021, "p0_persen") == 7.75
    assert len(result.rows) == 34
    if note:
        assert any(note in n for n in result.notes)


# Vintages, revisions and precedence


def test_import_writes_a_vintage_with_provenance(codes, raw_dir):
    """A new vintage impor/bps_<date>_<sha12>.csv, its JSON record and a registry entry."""
    outcome = write_vintage(read_export(PROVINCES_2023, codes), raw_dir, now=NOW)
    assert outcome.status == "written"
    vintage = raw_dir / "impor" / f"bps_2026-11-28_{REAL_SHA12}.csv"
    assert outcome.path == vintage
    record = json.loads(vintage.with_suffix(".json").read_text(encoding="utf-8"))
    assert record["file"] == PROVINCES_2023.name
    assert record["sha256"].startswith(REAL_SHA12) and len(record["sha256"]) == 64
    assert record["date"] == "2026-11-28"
    assert record["imported"] == "2026-11-28T09:30:00+07:00"
    assert record["title"] == "Jumlah dan Persentase Penduduk Miskin Menurut Provinsi, 2023"
    assert record["rows"] == 105
    registry = json.loads((raw_dir / "datapackage.json").read_text(encoding="utf-8"))
    entry = next(r for r in registry["resources"] if r["path"] == f"impor/{vintage.name}")
    assert entry["bytes"] == vintage.stat().st_size


def test_vintage_reads_back_as_the_long_table(codes, raw_dir):
    """The vintage file has the long table's columns and the imported figures."""
    write_vintage(read_export(PROVINCES_2023, codes), raw_dir, now=NOW)
    table = read_long_table(raw_dir / "impor" / f"bps_2026-11-28_{REAL_SHA12}.csv")
    assert list(table.columns) == COLUMNS
    assert value(table, "3300", 2023, "jumlah_miskin_ribu") == 3791.5
    assert len(table) == 105


def test_identical_reimport_is_a_no_op(codes, raw_dir, tmp_path):
    """The same file again, or its copy under another name, writes nothing and says so."""
    write_vintage(read_export(PROVINCES_2023, codes), raw_dir, now=NOW)
    before = files_in(raw_dir)
    again = write_vintage(read_export(PROVINCES_2023, codes), raw_dir, now=NOW + timedelta(1))
    assert again.status == "unchanged" and "already imported" in again.message
    renamed = tmp_path / PROVINCES_2023.name.replace(".csv", " (1).csv")  # a browser's copy
    renamed.write_bytes(PROVINCES_2023.read_bytes())
    copy = write_vintage(read_export(renamed, codes), raw_dir, now=NOW + timedelta(2))
    assert copy.status == "unchanged"
    assert files_in(raw_dir) == before


def test_changed_copy_is_refused_without_confirmation(codes, raw_dir, tmp_path):
    """A second import changing 10.77 to 10.79 lists that revision and writes nothing."""
    write_vintage(read_export(PROVINCES_2023, codes), raw_dir, now=NOW)
    before = files_in(raw_dir)
    changed = read_export(changed_copy(tmp_path), codes)
    with pytest.raises(RevisionsRefusedError) as error:
        write_vintage(changed, raw_dir, now=NOW + timedelta(1))
    found = error.value.revisions
    assert len(found) == 1
    row = found.iloc[0]
    assert (row["kode_bps"], row["indikator"], row["tahun"]) == ("3300", "p0_persen", 2023)
    assert (row["nilai_lama"], row["nilai_baru"]) == (10.77, 10.79)
    assert "10.77 -> 10.79" in str(error.value) and "--confirm-revisions" in str(error.value)
    assert files_in(raw_dir) == before


def test_changed_copy_is_accepted_with_confirmation_and_takes_precedence(codes, raw_dir, tmp_path):
    """Confirmed, the newer vintage wins in combine and the old value stays as a conflict."""
    write_vintage(read_export(PROVINCES_2023, codes), raw_dir, now=NOW)
    changed = read_export(changed_copy(tmp_path), codes)
    outcome = write_vintage(changed, raw_dir, confirm=True, now=NOW + timedelta(1))
    assert outcome.status == "written" and len(outcome.revisions) == 1
    table, conflicts = combine(load_tables(raw_dir))
    assert value(table, "3300", 2023, "p0_persen") == 10.79
    pair = conflicts[(conflicts["kode_bps"] == "3300") & (conflicts["indikator"] == "p0_persen")]
    pair = pair[pair["tahun"] == 2023]
    # Three older copies of 10.77, all grade A: bps_kemiskinan.csv, bps_kabkota_nasional.csv and
    # the first vintage; the confirmed import is newer than each.
    assert sorted(pair["nilai_lain"]) == [10.77, 10.77, 10.77]
    assert all(pair["nilai"] == 10.79)
    assert all(reason.startswith("impor lebih baru") for reason in pair["alasan"])


def _long(rows: list[tuple], **extra) -> pd.DataFrame:
    """A small long table from (code, year, indicator, value, trust, source) tuples."""
    frame = pd.DataFrame(
        [
            {
                "kode_bps": code,
                "wilayah": f"wilayah {code}",
                "tingkat": "kabupaten",
                "tahun": year,
                "periode": "maret",
                "indikator": indicator,
                "nilai": number,
                "kepercayaan": trust,
                "sumber": source,
                "salinan": f"salinan {source}",
                "catatan": "",
            }
            for code, year, indicator, number, trust, source in rows
        ]
    )
    return frame.assign(**extra)


def test_revisions_lists_only_changed_figures():
    """Same key with another value is a revision; equal values and new keys are not."""
    old = _long(
        [("3310", 2023, "p0_persen", 11.5, "B", "lama"), ("3310", 2022, "p1", 1.9, "B", "x")]
    )
    new = _long(
        [
            ("3310", 2023, "p0_persen", 11.43, "A", "baru"),
            ("3310", 2022, "p1", 1.9, "A", "baru"),
            ("3310", 2021, "p2", 0.4, "A", "baru"),
        ]
    )
    found = revisions(new, old)
    assert len(found) == 1
    assert found.iloc[0][["tahun", "nilai_lama", "nilai_baru"]].tolist() == [2023, 11.5, 11.43]
    assert found.iloc[0]["sumber_lama"] == "lama"


def test_combine_prefers_trust_then_newer_vintage_then_source_name():
    """A beats B whatever the order; among A the newer vintage; then the source name."""
    base = _long([("3310", 2023, "p0_persen", 11.0, "B", "buku")], vintage="")
    old = _long(
        [("3310", 2023, "p0_persen", 12.0, "A", "z"), ("3310", 2022, "p0_persen", 5.0, "A", "b")],
        vintage="2026-01-01T00:00:00+07:00",
    )
    new = _long([("3310", 2023, "p0_persen", 13.0, "A", "a")], vintage="2026-06-01T00:00:00+07:00")
    ties = _long([("3310", 2022, "p0_persen", 6.0, "A", "a")], vintage="2026-01-01T00:00:00+07:00")
    table, conflicts = combine([new, base, ties, old])
    assert value(table, "3310", 2023, "p0_persen") == 13.0  # A, newest vintage
    assert value(table, "3310", 2022, "p0_persen") == 6.0  # same grade and vintage: source 'a'
    reasons = dict(zip(conflicts["nilai_lain"], conflicts["alasan"], strict=True))
    assert reasons[11.0] == "kepercayaan A > B"
    assert reasons[12.0].startswith("impor lebih baru")
    assert reasons[5.0] == "nama sumber (urutan abjad)"
    assert len(conflicts) == 3
    assert list(table.columns) == COLUMNS


def test_combine_keeps_agreeing_copies_out_of_the_conflicts():
    """Two sources with the same value give one row and no conflict."""
    first = _long([("3310", 2023, "p0_persen", 11.0, "A", "a")])
    second = _long([("3310", 2023, "p0_persen", 11.0, "B", "b")])
    table, conflicts = combine([second, first])
    assert len(table) == 1 and table.iloc[0]["kepercayaan"] == "A"
    assert conflicts.empty


# Bad input: a clear error naming file, row or column and value


BAD_CSV = {
    "empty": ("", ["empty"]),
    "blank": ("\n \n", ["empty"]),
    "no header": ("Nama,Nilai\nKlaten,1\n", ["no header row naming a poverty indicator"]),
    "unknown indicator": (
        "Kabupaten/Kota,Indeks Pembangunan Manusia - 2023\nKabupaten Klaten,76.1\n",
        ["column B", "'Indeks Pembangunan Manusia - 2023'", "not a poverty indicator"],
    ),
    "extreme poverty": (
        "Kabupaten/Kota,Persentase Penduduk Miskin Ekstrem - 2023\nKabupaten Klaten,1.2\n",
        ["column B", "not a poverty indicator"],
    ),
    "not a number": (
        f"Kabupaten/Kota,{P0_HEADER} - 2023\nKabupaten Klaten,12.3\nKota Semarang,4.2x\n",
        ["row 3, column B", "'4.2x'", "not a number"],
    ),
    "out of range": (  # the real 2022 province download has Indonesia's GK as 505
        "Provinsi,Garis Kemiskinan - Maret (Rp) - 2022\nJawa Tengah,438833\nIndonesia,505\n",
        ["row 3, column B", "'505'", "plausible range"],
    ),
    "thousands separator": (
        "Provinsi,Garis Kemiskinan - Maret (Rp) - 2023\nJawa Tengah,477.580\n",
        ["row 2, column B", "'477.580'", "ambiguous"],
    ),
    "mixed decimals": (
        f'Kabupaten/Kota,{P0_HEADER} - 2023\nKabupaten Klaten,"12,3"\nKota Semarang,4.2\n',
        ["row 2, column B", "'12,3'", "decimal comma"],
    ),
    "no year": (
        f"Kabupaten/Kota,{P0_HEADER}\nKabupaten Klaten,12.3\n",
        ["column B", "names no year"],
    ),
    "persons not thousands": (
        "Kabupaten/Kota,Jumlah Penduduk Miskin (Jiwa) - 2023\nKabupaten Klaten,120000\n",
        ["column B", "without the unit 'ribu'"],
    ),
    "two values for one region": (
        f"Kabupaten/Kota,{P0_HEADER} - 2023\nKabupaten Klaten,12.3\nKAB. KLATEN,12.4\n",
        ["row 3, column B", "'KAB. KLATEN'", "each region once"],
    ),
    "figures without a name": (
        f"Kabupaten/Kota,{P0_HEADER} - 2023\nKabupaten Klaten,12.3\n,4.2\n",
        ["row 3, column A", "no region name"],
    ),
    "unclosed quote": (f'Kabupaten/Kota,{P0_HEADER} - 2023\n"Klaten,12.3\n', ["quote"]),
}
ZIP_BUFFER = io.BytesIO()
with zipfile.ZipFile(ZIP_BUFFER, "w") as archive:
    archive.writestr("tabel.csv", "Provinsi,Persentase Penduduk Miskin - Maret\nAceh,14.45\n")
ZIP_OF_TEXT = ZIP_BUFFER.getvalue()
BAD_BYTES = {
    "binary": (bytes(range(256)) * 8, ["row 1", "binary"]),
    "control characters": (b"Provinsi,\x01\x02\x03\n", ["row 1", "control character"]),
    "old xls": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500), ["Excel 97-2003"]),
    "pdf": (b"%PDF-1.7\n" + bytes(100), ["PDF"]),
    "html": (b"<html><table><tr><td>Aceh</td></tr></table></html>", ["HTML"]),
    "broken xlsx": (b"PK\x03\x04" + b"not really a zip" * 10, ["not a readable XLSX"]),
    "zip, not xlsx": (ZIP_OF_TEXT, ["not a readable XLSX"]),
}


@pytest.mark.parametrize("case", list(BAD_CSV), ids=list(BAD_CSV))
def test_bad_csv_is_refused_clearly(codes, tmp_path, case):
    """Each bad CSV raises InputError naming the file, the place and the value."""
    content, expected = BAD_CSV[case]
    path = tmp_path / "unduhan.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as error:
        read_export(path, codes)
    message = str(error.value)
    assert str(path) in message
    for part in expected:
        assert part in message, (part, message)


@pytest.mark.parametrize("case", list(BAD_BYTES), ids=list(BAD_BYTES))
def test_binary_files_are_refused_clearly(codes, tmp_path, case):
    """Binary content, old .xls, PDF, HTML and broken XLSX are refused by name."""
    content, expected = BAD_BYTES[case]
    path = tmp_path / "unduhan.csv"
    path.write_bytes(content)
    with pytest.raises(InputError) as error:
        read_export(path, codes)
    for part in [str(path), *expected]:
        assert part in str(error.value), (part, str(error.value))


def _workbook(path: Path, formula=False, hidden=False, second=False, hidden_row=False) -> Path:
    """A small P0 workbook, with a formula, a hidden sheet or row, or a second data sheet."""
    book = Workbook()
    sheet = book.active
    sheet.append(["Kabupaten/Kota", f"{P0_HEADER} - 2023"])
    sheet.append(["Kabupaten Klaten", "=10+2.3" if formula else 12.3])
    sheet.append(["Kota Semarang", 4.23])
    sheet.row_dimensions[3].hidden = hidden_row
    if hidden:
        book.create_sheet("rahasia").append(["x", 1])
        book["rahasia"].sheet_state = "hidden"
    if second:
        book.create_sheet("Sheet2").append(["Kota Semarang", 4.23])
    book.save(path)
    return path


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ({"formula": True}, ["cell B2", "formula", "'=10+2.3'"]),
        ({"hidden": True}, ["hidden sheet", "'rahasia'"]),
        ({"second": True}, ["2 sheets with data"]),
        ({"hidden_row": True}, ["row 3", "hidden"]),
    ],
    ids=["formula", "hidden sheet", "two sheets", "hidden row"],
)
def test_bad_workbooks_are_refused_clearly(codes, tmp_path, options, expected):
    """Formulas, hidden sheets and several data sheets in an XLSX are refused by name."""
    path = _workbook(tmp_path / "unduhan.xlsx", **options)
    with pytest.raises(InputError) as error:
        read_export(path, codes)
    for part in [str(path), *expected]:
        assert part in str(error.value), (part, str(error.value))


def test_plain_workbook_is_read(codes, tmp_path):
    """The same workbook without formula or hidden sheet gives Klaten's 12.3."""
    rows = read_export(_workbook(tmp_path / "unduhan.xlsx"), codes).rows
    assert value(rows, "3310", 2023, "p0_persen") == 12.3


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.lists(
            st.sampled_from(
                [
                    "",
                    "...",
                    "Kabupaten Klaten",
                    "Kota Bogor",
                    "Bogor",
                    "Provinsi",
                    "Kabupaten/Kota",
                    f"{P0_HEADER} - 2023",
                    "Garis Kemiskinan - Maret (Rp)",
                    "Keterangan",
                    "12.3",
                    "4,5",
                    "477580",
                    "2023",
                    '"',
                    "x",
                ]
            ),
            max_size=5,
        ),
        max_size=8,
    ),
    st.sampled_from([",", ";", "\t"]),
)
def test_any_table_text_gives_a_result_or_an_input_error(codes, tmp_path_factory, cells, sep):
    """Random tables of BPS-like cells are read or refused with InputError, nothing else."""
    path = tmp_path_factory.mktemp("fuzz") / "unduhan.csv"
    path.write_text("\n".join(sep.join(row) for row in cells), encoding="utf-8")
    with contextlib.suppress(InputError):
        read_export(path, codes)


# Command line (make data-import)


def run(*args: str) -> subprocess.CompletedProcess:
    """Run python -m analysis.bps_import with arguments."""
    return subprocess.run(
        [sys.executable, "-m", "analysis.bps_import", *args],
        capture_output=True,
        text=True,
        check=False,
    )


def test_command_line_acceptance_real_export_then_changed_copy(raw_dir, tmp_path):
    """The real download imports (exit 0); a changed copy exits 3 listing the revision."""
    first = run(str(PROVINCES_2023), "--raw-dir", str(raw_dir))
    assert first.returncode == 0, first.stderr
    assert "imported 105 figures" in first.stdout
    assert "Papua Barat Daya" in first.stdout
    again = run(str(PROVINCES_2023), "--raw-dir", str(raw_dir))
    assert again.returncode == 0 and "already imported" in again.stdout
    changed = str(changed_copy(tmp_path))
    refused = run(changed, "--raw-dir", str(raw_dir))
    assert refused.returncode == 3
    assert "10.77 -> 10.79" in refused.stderr and "Traceback" not in refused.stderr
    accepted = run(changed, "--raw-dir", str(raw_dir), "--confirm-revisions")
    assert accepted.returncode == 0, accepted.stderr
    assert len(list((raw_dir / "impor").glob("bps_*.csv"))) == 2


@pytest.mark.parametrize("case", ["empty", "unknown indicator", "missing file", "binary"])
def test_command_line_bad_input_exits_2_with_one_line(raw_dir, tmp_path, case):
    """Bad input exits with status 2 and one 'error:' message naming the file, no traceback: an
    Indonesian line, then its English line marked '(en)'."""
    path = tmp_path / "unduhan.csv"
    if case == "binary":
        path.write_bytes(BAD_BYTES["binary"][0])
    elif case != "missing file":
        path.write_text(BAD_CSV[case][0], encoding="utf-8")
    result = run(str(path), "--raw-dir", str(raw_dir))
    assert result.returncode == 2
    assert result.stderr.startswith("error: ") and str(path) in result.stderr
    first, second = result.stderr.splitlines()
    assert str(path) in first and second.startswith(f"(en) {path}")
    assert result.stderr.count("\n") == 2 and "Traceback" not in result.stderr
    assert not (raw_dir / "impor").exists()


# Messages in Indonesian and English

BILINGUAL = {
    "not a number": (
        f"Kabupaten/Kota,{P0_HEADER} - 2023\nKabupaten Klaten,12.3\nKota Semarang,4.2x\n",
        "baris 3, kolom B (",
        "'4.2x' bukan angka; diharapkan angka biasa",
    ),
    "unit": (
        "Kabupaten/Kota,Jumlah Penduduk Miskin (Jiwa) - 2023\nKabupaten Klaten,120000\n",
        "baris 1, kolom B: judul kolom",
        "tanpa satuan 'ribu'; diharapkan judul seperti",
    ),
    "no header": (
        "a,b\n1,2\n",
        "baris 1-2: tidak ada baris judul kolom",
        "(teks pertama: 'a | b')",
    ),
    "empty": ("\n\n", ": berkas kosong", "diharapkan tabel BPS"),
}


@pytest.mark.parametrize("case", list(BILINGUAL), ids=list(BILINGUAL))
def test_import_messages_are_in_indonesian_then_english(codes, tmp_path, case):
    """A bad download is refused in Indonesian (baris, kolom), then in English after '(en)'."""
    content, place, problem = BILINGUAL[case]
    path = tmp_path / "unduhan.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as error:
        read_export(path, codes)
    first, second = str(error.value).split("\n(en) ")
    assert first.startswith(str(path)) and place in first and problem in first
    assert second.startswith(str(path)) and "expected" in second and "diharapkan" not in second


def test_hidden_sheet_message_is_bilingual_and_masks_a_nik(codes, tmp_path):
    """A hidden sheet named with a NIK is refused in both languages, the NIK masked in each."""
    path = _workbook(tmp_path / "unduhan.xlsx", hidden=True)
    book = load_workbook(path)
    book["rahasia"].title = "nik 3310012345678901"
    book.save(path)
    with pytest.raises(InputError) as error:
        read_export(path, codes)
    message = str(error.value)
    first, second = message.split("\n(en) ")
    assert "buku kerja memiliki lembar tersembunyi" in first
    assert "the workbook has hidden sheets" in second
    assert "3310012345678901" not in message and message.count("3310********8901") == 2


def test_unmatched_names_are_listed_in_both_languages(codes):
    """The unmatched names are listed under an Indonesian heading ('baris 4'), then in English."""
    message = read_export(BAD_NAMES, codes).unmatched_message()
    indonesian, english = message.split("\n(en) ")
    assert "tidak cocok dengan tepat satu wilayah resmi BPS" in indonesian
    assert "  baris 4: 'Kabupaten Banyumass': tidak dikenal; maksudnya: Kabupaten Banyumas" in (
        indonesian
    )
    assert "  row 4: 'Kabupaten Banyumass': unknown; did you mean: Kabupaten Banyumas" in english
    assert "bermakna ganda, tulis salah satu dari:" in indonesian


def test_revisions_report_has_a_legend_in_both_languages():
    """The revisions list explains its columns in Indonesian and English and counts the rest."""
    from analysis.bps_import.store import format_revisions

    row = {
        "kode_bps": "3300",
        "wilayah": "Jawa Tengah",
        "indikator": "p0_persen",
        "periode": "maret",
        "tahun": 2023,
        "nilai_lama": 10.77,
        "nilai_baru": 10.79,
        "kepercayaan_lama": "A",
        "sumber_lama": "BPS",
    }
    lines = format_revisions(pd.DataFrame([row] * 3), limit=2).splitlines()
    assert lines[0] == (
        "  kode wilayah, indikator periode tahun: nilai lama -> nilai baru (tingkat kepercayaan "
        "dan sumber nilai lama)"
    )
    assert lines[1].startswith("  (en) code region, indicator period year: old value -> new")
    assert lines[2:4] == ["  3300 Jawa Tengah, p0_persen maret 2023: 10.77 -> 10.79 (A, BPS)"] * 2
    assert lines[4] == "  ... dan 1 lainnya (en) and 1 more"
