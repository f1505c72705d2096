"""Tests of analysis.register: layouts, rules, in-memory aggregation and small-cell protection."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import data, params
from analysis.errors import InputError
from analysis.register import aggregate_families, load_layout, load_register, protect
from analysis.register.synthetic import generate_register

INDICATORS = params.INDICATORS
HEADER_P3KE = [
    "NIK Kepala Keluarga",
    "Nama Kepala Keluarga",
    "ID Keluarga P3KE",
    "Tahun Data",
    "Kode Desa Kemendagri",
    "Desil Kesejahteraan",
    "Jenis Lantai",
    "Jenis Dinding",
    "Jenis Atap",
    "Sumber Penerangan",
    "Sumber Air Minum",
    "Fasilitas BAB",
    "Risiko Stunting",
    "Jumlah Anak Tidak Sekolah",
    "Jumlah Anggota Disabilitas",
    "Status Pekerjaan Kepala Keluarga",
]
GOOD_ROW = [
    "Keramik",
    "Tembok",
    "Genteng",
    "Listrik PLN dengan meteran",
    "Leding",
    "Sendiri",
    "Tidak",
    "0",
    "0",
    "Bekerja",
]


@pytest.fixture(scope="module")
def official():
    return data.load_official_villages("3310")


def _write(path, rows, header=HEADER_P3KE):
    pd.DataFrame(rows, columns=header).to_csv(path, index=False)
    return path


def _family(nik, fid, code, desil, attributes=GOOD_ROW, year="2025"):
    return [nik, "Sri Lestari", fid, year, code, desil, *attributes]


# --- the synthetic register against an independent groupby --------------------------------

# The P3KE preset's rules, written out again here (not read from the layout file).
P3KE_RULES = {
    "rtlh": [
        ("Jenis Lantai", {"tanah", "bambu", "kayu/papan kualitas rendah"}),
        ("Jenis Dinding", {"bambu", "anyaman bambu", "kayu/papan kualitas rendah", "lainnya"}),
        ("Jenis Atap", {"ijuk/rumbia", "bambu", "jerami", "lainnya"}),
    ],
    "no_electricity": [("Sumber Penerangan", {"bukan listrik", "pelita/sentir/obor", "lainnya"})],
    "no_water": [
        (
            "Sumber Air Minum",
            {
                "sumur tak terlindung",
                "mata air tak terlindung",
                "air permukaan (sungai/danau/waduk)",
                "air hujan",
                "lainnya",
            },
        )
    ],
    "no_latrine": [
        (
            "Fasilitas BAB",
            {"tidak ada", "ada tetapi tidak digunakan", "umum/mck komunal tanpa kloset"},
        )
    ],
    "stunting_risk": [("Risiko Stunting", {"ya", "berisiko"})],
    "not_working": [("Status Pekerjaan Kepala Keluarga", {"tidak bekerja", "tidak/belum bekerja"})],
}


def _expected_counts(csv_path) -> pd.DataFrame:
    """Village x year counts computed directly from the file with the P3KE rules."""
    raw = pd.read_csv(csv_path, dtype=str, keep_default_na=False)
    code = raw["Kode Desa Kemendagri"].str.strip()
    dotted = code.str[:2] + "." + code.str[2:4] + "." + code.str[4:6] + "." + code.str[6:]
    code = code.where(code.str.contains(".", regex=False), dotted)
    raw["village_code"] = code
    raw = raw[raw["village_code"].str.startswith("33.10.")].copy()
    for name, tests in P3KE_RULES.items():
        flag = pd.Series(False, index=raw.index)
        for column, values in tests:
            flag |= raw[column].str.strip().str.lower().isin(values)
        raw[name] = flag
    raw["child_out_of_school"] = pd.to_numeric(raw["Jumlah Anak Tidak Sekolah"]) >= 1
    raw["disability"] = pd.to_numeric(raw["Jumlah Anggota Disabilitas"]) >= 1
    raw["desil"] = pd.to_numeric(raw["Desil Kesejahteraan"])
    raw["year"] = raw["Tahun Data"].astype(int)
    fam = raw.groupby(["year", "ID Keluarga P3KE"]).agg(
        village_code=("village_code", "first"),
        desil=("desil", "min"),
        **{name: (name, "max") for name in INDICATORS},
    )
    fam["families"] = 1
    fam["families_desil1"] = (fam["desil"] == 1).astype(int)
    fam["families_desil1_4"] = (fam["desil"] <= 4).astype(int)
    columns = ["families", "families_desil1", "families_desil1_4", *INDICATORS]
    out = fam.groupby(["village_code", "year"])[columns].sum().astype("int64")
    return out


@pytest.fixture(scope="module")
def synthetic_csv(tmp_path_factory):
    path = tmp_path_factory.mktemp("register") / "p3ke.csv"
    frame = generate_register("3310", seed=11, scale=0.02, years=range(2024, 2026))
    frame.attrs = {}
    frame.to_csv(path, index=False)
    return path


def test_synthetic_register_aggregates_equal_an_independent_groupby(synthetic_csv, official):
    """Without suppression, the village counts equal a groupby of the file by the P3KE rules."""
    got, meta = load_register(synthetic_csv, "p3ke", "3310", official, threshold=1)
    expected = _expected_counts(synthetic_csv)
    got = got.set_index(["village_code", "year"])[expected.columns]
    # villages lacking families in a year are left out of the panel (noted); the rest match
    assert len(got) > 0.9 * len(expected)
    pd.testing.assert_frame_equal(got, expected.loc[got.index], check_names=False)
    assert meta["is_simulated"] is True


def test_synthetic_register_is_calibrated_to_the_village_generator(official):
    """The register's decile-1 share per year is that of the village panel it was made from."""
    frame = generate_register("3310", seed=5, scale=0.05, years=range(2025, 2026))
    panel = frame.attrs["panel"]
    share_panel = panel["families_desil1"].sum() / panel["families"].sum()
    clean = frame[frame["Kode Desa Kemendagri"].str.replace(".", "").str.startswith("3310")]
    share = (clean["Desil Kesejahteraan"] == "1").mean()
    assert share == pytest.approx(share_panel, abs=0.01)


def test_synthetic_register_has_the_promised_dirt():
    """Blank cells, duplicated families and codes of another regency are in the file."""
    frame = generate_register("3310", seed=3, scale=0.02, years=range(2025, 2026))
    assert (frame["Jenis Lantai"] == "").any()
    assert frame.duplicated().any()
    codes = frame["Kode Desa Kemendagri"].str.replace(".", "")
    assert (codes == "").any()
    assert ((codes != "") & ~codes.str.startswith("3310")).any()
    assert set(frame["Sumber Data"]) == {"SIMULASI"}


# --- rules on hand-made rows --------------------------------------------------------------


def test_p3ke_rules_on_hand_made_families(tmp_path, official):
    """Each attribute sets only its indicator; duplicates merge; blanks and other regencies drop."""
    code = official["kode_desa"].iloc[0]
    poor_floor = ["TANAH ", *GOOD_ROW[1:]]  # case and spaces do not matter
    no_power = [*GOOD_ROW[:3], "Bukan listrik", *GOOD_ROW[4:]]
    child = [*GOOD_ROW[:7], "2", *GOOD_ROW[8:]]
    blank = ["", *GOOD_ROW[1:]]
    rows = [
        _family("3310010101010001", "A", code, "1", poor_floor),
        _family("3310010101010001", "A", code, "1", poor_floor),  # duplicated family
        _family("3310010101010002", "B", code.replace(".", ""), "Desil 3", no_power),
        _family("3310010101010003", "C", code, "7", child),
        _family("3310010101010004", "D", code, "", blank),
        _family("3310010101010005", "E", "33.09.01.2001", "1", poor_floor),  # other regency
        _family("3310010101010006", "F", "", "1", poor_floor),  # no village code
    ]
    path = _write(tmp_path / "r.csv", rows)
    frame, meta = load_register(path, "p3ke", "3310", official, threshold=1)
    row = frame.iloc[0]
    assert len(frame) == 1 and row["village_code"] == code and row["year"] == 2025
    assert (row["families"], row["families_desil1"], row["families_desil1_4"]) == (4, 1, 2)
    assert (row["rtlh"], row["no_electricity"], row["child_out_of_school"]) == (1, 1, 1)
    assert row[["no_water", "no_latrine", "stunting_risk", "disability", "not_working"]].sum() == 0
    assert meta["is_simulated"] is False and row["source"] == "P3KE"
    assert any("other regencies" in note for note in meta["notes"])


def test_dtsen_person_rows_make_one_family(tmp_path, official):
    """Person-level DTSEN: any member meets a rule; the head's work status decides not_working."""
    layout = load_layout("dtsen")
    header = [
        "ID Keluarga", "Kode Wilayah Desa", "Tahun Data", "Desil Nasional", "Nama",
        "Jenis Lantai Terluas", "Jenis Dinding Terluas", "Jenis Atap Terluas",
        "Sumber Penerangan Utama", "Sumber Air Minum Utama", "Fasilitas Buang Air Besar",
        "Keluarga Berisiko Stunting", "Umur", "Partisipasi Sekolah", "Status Disabilitas",
        "Hubungan dengan Kepala Keluarga", "Status Bekerja",
    ]  # fmt: skip
    code = official["kode_desa"].iloc[1]
    house = ["Keramik", "Tembok", "Genteng", "Listrik PLN", "Leding", "Sendiri", "Tidak"]
    rows = [
        ["K1", code, "2025", "1", "Budi", *house, "45", "Tamat", "Tidak", "Kepala keluarga",
         "Bekerja"],
        ["K1", code, "2025", "1", "Siti", *house, "12", "Tidak bersekolah lagi", "Tidak", "Anak",
         "Tidak bekerja"],
        ["K2", code, "2025", "4", "Agus", *house, "30", "Tamat", "Ya", "Kepala keluarga",
         "Tidak bekerja"],
        ["K2", code, "2025", "4", "Eko", *house, "20", "Tidak bersekolah lagi", "Tidak", "Anak",
         "Bekerja"],
    ]  # fmt: skip
    path = _write(tmp_path / "d.csv", rows, header)
    frame, _ = load_register(path, layout, "3310", official, threshold=1)
    row = frame.iloc[0]
    assert row["families"] == 2 and row["families_desil1"] == 1 and row["families_desil1_4"] == 2
    # K1: a 12-year-old out of school; K2: the 20-year-old is outside 7-18
    assert row["child_out_of_school"] == 1
    # K1's head works (the daughter does not: not counted); K2's head does not work
    assert row["not_working"] == 1 and row["disability"] == 1


def test_aggregate_families_counts_deciles_and_flags():
    """Hand-made families: decile 1, deciles 1-4 (blank decile counts only in families)."""
    families = pd.DataFrame(
        {
            "village_code": ["v1", "v1", "v1", "v2"],
            "year": [2025] * 4,
            "desil": pd.array([1, 4, pd.NA, 5], dtype="Int8"),
            **{name: [True, False, False, True] for name in INDICATORS},
        }
    )
    out = aggregate_families(families).set_index("village_code")
    assert out.loc["v1", ["families", "families_desil1", "families_desil1_4", "rtlh"]].tolist() == [
        3, 1, 2, 1,
    ]  # fmt: skip
    assert out.loc["v2", ["families", "families_desil1", "families_desil1_4"]].tolist() == [1, 0, 0]


# --- messages never quote a cell ----------------------------------------------------------


def test_a_bad_decile_names_row_and_column_but_not_the_value(tmp_path, official):
    """A decile cell holding a NIK stops with file, row and column, without the NIK."""
    code = official["kode_desa"].iloc[0]
    rows = [
        _family("3310010101010001", "A", code, "1"),
        _family("3310010101010002", "B", code, "3310012345678901"),
    ]
    path = _write(tmp_path / "r.csv", rows)
    with pytest.raises(InputError) as error:
        load_register(path, "p3ke", "3310", official)
    message = str(error.value)
    assert "register file (user)" in message and "berkas register (pengguna)" in message
    assert "r.csv" not in message and "rows 3" in message and "Desil Kesejahteraan" in message
    assert "3310012345678901" not in message and "Sri" not in message
    assert "baris 3" in message and "diharapkan desil 1-10" in message
    _bilingual_without(message, "3310012345678901", "Sri")


def test_a_missing_column_is_named(tmp_path, official):
    """An export without a rule column is refused naming the column the layout expects."""
    header = [c for c in HEADER_P3KE if c != "Fasilitas BAB"]
    row = _family("1", "A", official["kode_desa"].iloc[0], "1")
    del row[HEADER_P3KE.index("Fasilitas BAB")]
    path = _write(tmp_path / "r.csv", [row], header)
    with pytest.raises(InputError, match="Fasilitas BAB"):
        load_register(path, "p3ke", "3310", official)


def test_an_unofficial_village_of_the_regency_is_refused(tmp_path, official):
    """A code of the regency that is not an official village stops (it is not guessed)."""
    path = _write(tmp_path / "r.csv", [_family("1", "A", "33.10.99.2999", "1")])
    with pytest.raises(InputError, match="official Kemendagri village list"):
        load_register(path, "p3ke", "3310", official)


def test_a_layout_missing_an_indicator_is_refused(tmp_path):
    """A layout file must give a rule for each of the eight indicators."""
    path = tmp_path / "mine.yml"
    path.write_text(
        "name: mine\nlabel: Mine\nunit: family\ncolumns: {family_id: a, village_code: b, "
        "desil: c}\nindicators:\n  rtlh: {any: [{column: x, in: [y]}]}\n"
    )
    with pytest.raises(InputError, match="missing"):
        load_layout(str(path))


# --- small-cell protection, by hand -------------------------------------------------------


def _table(rows):
    return pd.DataFrame(rows, columns=["village_code", "year", "kecamatan_code", "families", "x"])


def test_primary_and_secondary_suppression_by_hand():
    """x=[0,2,5,9] in one kecamatan: 2 withheld, and 5 (next-smallest non-zero) with it."""
    table = _table(
        [
            ("v1", 2025, "k1", 50, 0),
            ("v2", 2025, "k1", 60, 2),
            ("v3", 2025, "k1", 70, 5),
            ("v4", 2025, "k1", 80, 9),
            ("w1", 2025, "k2", 40, 1),
            ("w2", 2025, "k2", 40, 1),
            ("w3", 2025, "k2", 40, 7),
        ]
    )
    out, notes = protect.suppress_small_cells(table, ["families", "x"], ["year", "kecamatan_code"])
    assert out["x"].tolist() == [0, 0, 0, 9, 0, 0, 7]
    assert out["families"].tolist() == [50, 60, 70, 80, 40, 40, 40]
    assert "3 cell(s) below the threshold and 1 complementary" in notes[0]


def test_threshold_is_a_parameter_and_ties_go_by_village_code():
    """Threshold 5: 4 is withheld, 5 is not; the complement among equal 6s is the first code."""
    table = _table([("a", 2025, "k", 9, 4), ("c", 2025, "k", 9, 6), ("b", 2025, "k", 9, 6)])
    out, _ = protect.suppress_small_cells(table, ["families", "x"], ["year", "kecamatan_code"], 5)
    assert dict(zip(out["village_code"], out["x"], strict=True)) == {"a": 0, "b": 0, "c": 6}


def test_a_village_with_a_small_family_count_leaves_the_panel_in_every_year():
    """families=2 in one year withholds the village in all years (and its complement too)."""
    table = _table(
        [
            ("v1", 2024, "k", 30, 0),
            ("v1", 2025, "k", 2, 0),
            ("v2", 2024, "k", 40, 0),
            ("v2", 2025, "k", 41, 0),
            ("v3", 2024, "k", 50, 0),
            ("v3", 2025, "k", 50, 0),
        ]
    )
    out, notes = protect.suppress_small_cells(table, ["families", "x"], ["year", "kecamatan_code"])
    # 2025: v1 (2) is primary, v2 (41) its complement: both villages leave the panel
    assert out["village_code"].tolist() == ["v3", "v3"]
    assert "2 village(s) left out" in notes[0]


def test_no_single_withheld_cell_in_any_group_of_a_random_table():
    """After protection no (year, kecamatan, column) group has exactly one withheld cell."""
    import numpy as np

    rng = np.random.default_rng(1)
    n = 200
    table = pd.DataFrame(
        {
            "village_code": [f"v{i:03d}" for i in range(n)],
            "year": 2025,
            "kecamatan_code": rng.integers(0, 12, n).astype(str),
            "families": rng.integers(20, 90, n),
            "x": rng.poisson(2.0, n),
        }
    )
    values = table[["families", "x"]]
    primary = protect.primary_mask(values, 3)
    groups = table["kecamatan_code"]
    withheld = primary | protect.secondary_mask(values, primary, groups, table["village_code"])
    per_group = withheld["x"].groupby(groups).sum()
    sizes = groups.value_counts()
    assert not ((per_group == 1) & (sizes[per_group.index] > 1)).any()


# --- parameters ---------------------------------------------------------------------------


def _village_data(**values):
    return params.VillageData.model_validate(values)


def test_register_params_are_strict():
    """source register needs a path; register-only fields are refused with another source."""
    settings = _village_data(source="register", path="x.csv", layout="p3ke")
    assert settings.small_cell_threshold == 3
    with pytest.raises(ValueError, match="path"):
        _village_data(source="register")
    with pytest.raises(ValueError, match="only used with source 'register'"):
        _village_data(source="simulasi", layout="p3ke")
    with pytest.raises(ValueError):
        _village_data(source="register", path="x.csv", small_cell_treshold=3)  # typo: forbidden


def test_the_register_params_example_validates():
    """params/register/klaten.yml (the documented demo) loads as Klaten's parameters."""
    from analysis import paths

    loaded = params.load_file(paths.PARAMS_DIR / "register" / "klaten.yml")
    assert loaded.village_data.source == "register" and loaded.village_data.layout == "p3ke"


def _bilingual_without(message: str, *personal: str) -> None:
    """Indonesian first, English on the next line; no personal value of the file in it."""
    first, _, second = message.partition("\n")
    assert first and second.startswith("(en) ")
    for value in personal:
        assert value not in message


def test_reader_messages_are_bilingual_and_keep_personal_values_out(tmp_path, official):
    """Each reader message kind: Indonesian line, then "(en) " line; cells never echoed."""
    nik, name = "3310012345678901", "Sri Lestari"
    header = [c for c in HEADER_P3KE if c != "Fasilitas BAB"]
    row = _family(nik, "1", official["kode_desa"].iloc[0], "1")
    del row[HEADER_P3KE.index("Fasilitas BAB")]
    path = _write(tmp_path / "r.csv", [row], header)
    with pytest.raises(InputError) as error:
        load_register(path, "p3ke", "3310", official)
    message = str(error.value)
    assert "tidak ditemukan: 'Fasilitas BAB'" in message and "missing: 'Fasilitas BAB'" in message
    _bilingual_without(message, nik, name)

    with pytest.raises(InputError) as error:
        load_register(tmp_path / "absent.csv", "p3ke", "3310", official)
    assert "berkas register tidak ditemukan" in str(error.value)
    _bilingual_without(str(error.value))

    latin = tmp_path / "latin.csv"
    latin.write_bytes(
        (";".join(HEADER_P3KE) + "\n").encode() + f"{nik};Sæ{name}\n".encode("latin-1")
    )
    with pytest.raises(InputError) as error:
        load_register(latin, "p3ke", "3310", official)
    assert "bukan teks UTF-8" in str(error.value)
    _bilingual_without(str(error.value), nik, name)

    twice = tmp_path / "twice.csv"
    row = _family(nik, "1", official["kode_desa"].iloc[0], "1")
    _write(twice, [row + ["1"]], HEADER_P3KE + ["desil  kesejahteraan"])
    with pytest.raises(InputError) as error:
        load_register(twice, "p3ke", "3310", official)
    assert "lebih dari sekali" in str(error.value) and "more than once" in str(error.value)
    _bilingual_without(str(error.value), nik, name)


def test_layout_messages_are_bilingual(tmp_path):
    """Unknown layout, unreadable YAML and a layout off the format: both languages."""
    with pytest.raises(InputError) as error:
        load_layout("nothing")
    assert "bukan preset" in str(error.value) and "neither a preset" in str(error.value)
    _bilingual_without(str(error.value))

    broken = tmp_path / "broken.yml"
    broken.write_text("name: [unclosed\n")
    with pytest.raises(InputError) as error:
        load_layout(str(broken))
    assert "bukan YAML" in str(error.value) and "not readable YAML" in str(error.value)
    _bilingual_without(str(error.value))

    off = tmp_path / "off.yml"
    off.write_text("name: off\nlabel: Off\nunit: family\n")
    with pytest.raises(InputError) as error:
        load_layout(str(off))
    assert "tidak sesuai format" in str(error.value) and "does not follow" in str(error.value)
    _bilingual_without(str(error.value))


def test_no_year_message_is_bilingual(tmp_path, official):
    """A layout without a year column and no year parameter: both languages, no cell values."""
    layout = load_layout("p3ke")
    layout = layout.model_copy(update={"columns": layout.columns.model_copy(update={"year": None})})
    nik = "3310012345678901"
    path = _write(tmp_path / "r.csv", [_family(nik, "1", official["kode_desa"].iloc[0], "1")])
    with pytest.raises(InputError) as error:
        load_register(path, layout, "3310", official)
    assert "tidak memiliki kolom tahun" in str(error.value) and "no year column" in str(error.value)
    _bilingual_without(str(error.value), nik, "Sri Lestari")


def test_a_broken_layout_file_is_named_by_its_label_in_both_languages(tmp_path):
    """A layout file that is not YAML, or not a layout, is named "berkas tata letak (pengguna)" /
    "layout file (user)", never by its file name (which may hold a person's name or a NIK)."""
    path = tmp_path / "budi_santoso_3310012345678901.yml"
    path.write_text("name: [unclosed\n")
    with pytest.raises(InputError) as error:
        load_layout(str(path))
    first, second = str(error.value).split("\n(en) ")
    assert first.startswith("berkas tata letak (pengguna): bukan YAML yang dapat dibaca")
    assert second.startswith("layout file (user): not readable YAML")
    path.write_text("name: mine\n")
    with pytest.raises(InputError) as error:
        load_layout(str(path))
    first, second = str(error.value).split("\n(en) ")
    assert first.startswith("berkas tata letak (pengguna): tata letak tidak sesuai format")
    assert second.startswith("layout file (user): the layout does not follow the format")
    assert "budi" not in str(error.value) and "8901" not in str(error.value)
