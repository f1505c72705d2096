"""Lokus plans of the simulated panel: published counts, the default plan, and bad statements."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.errors import InputError
from analysis.synth import lokus


def test_default_plan_is_one_cohort_of_a_fifth_kept_to_the_last_year():
    """Without a publication: 20 % of villages from 2023, the same list in later years."""
    plan = lokus.default_lokus_counts(401, range(2019, 2026))
    assert plan[2023]["n"] == 80
    assert {year: spec.get("same_as") for year, spec in plan.items() if year != 2023} == {
        2024: 2023,
        2025: 2023,
    }


def test_published_counts_come_from_data_raw_with_the_gap_year_carried_forward():
    """Klaten's statements are read from data/raw: 25 in five kecamatan at five each (2022), 80
    outside four kecamatan (2023), 81 (2025); 2024 has none and keeps the 2023 list."""
    plan = lokus.published_lokus_counts("3310")
    assert plan[2022]["n"] == 25 and plan[2022]["per_kecamatan"] == 5
    assert plan[2022]["kecamatan"] == ["Jatinom", "Wonosari", "Wedi", "Trucuk", "Karangnongko"]
    assert plan[2023]["n"] == 80
    assert plan[2023]["exclude_kecamatan"] == ["Klaten Utara", "Wedi", "Delanggu", "Kebonarum"]
    assert plan[2024]["same_as"] == 2023 and "no list published" in plan[2024]["source"]
    assert plan[2025]["n"] == 81
    assert plan[2022]["source"].startswith("https://")
    assert lokus.published_lokus_counts("9999") is None


def test_counts_file_is_read_as_written(tmp_path):
    """A small counts file gives the statements it states; a non-number count is refused."""
    from analysis.synth.sources import load_lokus_counts

    path = tmp_path / "counts.csv"
    path.write_text(
        "kode_bps,tahun,jumlah_desa,kecamatan,kecamatan_dikecualikan,per_kecamatan,sumber_url,"
        "catatan\n9901,2020,4,A;B,,2,http://x,\n9901,2023,6,,C,,,said by the regent\n"
    )
    plans = load_lokus_counts(path)
    assert plans == {
        "9901": {
            2020: {"n": 4, "kecamatan": ["A", "B"], "per_kecamatan": 2, "source": "http://x"},
            2021: {"same_as": 2020, "source": plans["9901"][2021]["source"]},
            2022: {"same_as": 2021, "source": plans["9901"][2022]["source"]},
            2023: {"n": 6, "exclude_kecamatan": ["C"], "source": "said by the regent"},
        }
    }
    path.write_text("kode_bps,tahun,jumlah_desa\n9901,2020,four\n")
    with pytest.raises(InputError, match="row 2, column jumlah_desa"):
        load_lokus_counts(path)


def test_persons_per_household_from_the_published_table(tmp_path):
    """Klaten: 3.73 persons per household (Profil Kesehatan Jawa Tengah 2021: 1,267,272 persons
    in 339,603 households); another regency of the province takes the province's median."""
    from analysis.synth.sources import persons_per_household

    value, source = persons_per_household("3310")
    assert value == 3.73 and abs(1267272 / 339603 - value) < 0.005
    assert "jiwa_per_rumah_tangga.csv" in source
    path = tmp_path / "size.csv"
    path.write_text(
        "kode_bps,tahun,jiwa_per_rumah_tangga\n3301,2021,4.0\n3302,2021,3.0\n3303,2021,3.2\n"
        "3501,2021,5.0\n"
    )
    assert persons_per_household("3399", path)[0] == 3.2  # median of 4.0, 3.0, 3.2
    assert persons_per_household("7101", path)[0] == (3.2 + 4.0) / 2  # median of all four
    with pytest.raises(InputError, match="missing"):
        persons_per_household("3310", tmp_path / "absent.csv")


def test_bad_plan_statements_are_refused():
    """Unknown keys, a statement without a count, and same_as a year without plan raise."""
    with pytest.raises(InputError, match="unknown key"):
        lokus.lokus_plan({2023: {"n": 3, "size": 1}}, "9901", 10, [2023])
    with pytest.raises(InputError, match="give 'n'"):
        lokus.lokus_plan({2023: {"source": "x"}}, "9901", 10, [2023])
    with pytest.raises(InputError, match="has no plan"):
        lokus.lokus_plan({2024: {"same_as": 2023}}, "9901", 10, [2024])


def test_lists_take_the_poorest_of_the_year_before_and_same_as_repeats():
    """The first list takes the highest chronic scores of the year before; same_as copies it."""
    official = pd.DataFrame(
        {
            "kode_desa": [f"99.01.01.{2000 + i}" for i in range(6)],
            "kode_kecamatan": ["99.01.01"] * 6,
            "nama_kecamatan": ["Kec"] * 6,
        }
    )
    chronic = np.array([[0.1, 0.0], [0.9, 0.0], [0.5, 0.0], [0.8, 0.0], [0.2, 0.0], [0.3, 0.0]])
    plan = {2022: {"n": 2}, 2023: {"same_as": 2022}}
    kecamatan = np.zeros(6, dtype=int)
    on_list, published, since, lists = lokus.choose_lists(
        plan, {}, [2021, 2022], chronic, official, kecamatan
    )
    assert np.flatnonzero(lists[2022]).tolist() == [1, 3]
    assert since.tolist() == [0, 2022, 0, 2022, 0, 0]
    assert not on_list[:, 0].any() and not published.any()


def _lines(error) -> tuple[str, str]:
    """The Indonesian and the English line of a bilingual message."""
    indonesian, english = str(error.value).split("\n(en) ")
    return indonesian, english


@pytest.mark.parametrize(
    ("counts", "indonesian", "english"),
    [
        ({2023: {"n": 3, "size": 1}}, "kunci tidak dikenal 'size'", "unknown keys 'size'"),
        ({2023: {"source": "x"}}, "berikan 'n' (jumlah desa)", "give 'n' (number of villages)"),
        ({2024: {"same_as": 2023}}, "2023 tidak memiliki rencana", "2023 has no plan"),
    ],
)
def test_plan_messages_come_in_indonesian_then_english(counts, indonesian, english):
    """A bad lokus statement names the year and key in Indonesian, then in English."""
    with pytest.raises(InputError) as error:
        lokus.lokus_plan(counts, "9901", 10, list(counts))
    first, second = _lines(error)
    assert indonesian in first and english in second


def test_source_file_messages_name_file_row_column_and_mask_an_identity_number(tmp_path):
    """A count cell holding a NIK is refused with file, row and column in both languages, and
    the NIK is masked; a persons-per-household cell out of range likewise."""
    from analysis.synth.sources import load_lokus_counts, persons_per_household

    nik = "3310012345678901"
    path = tmp_path / "lokus_jumlah_publikasi.csv"
    path.write_text(f"kode_bps,tahun,jumlah_desa\n9901,2020,5\n9901,2021,{nik}x\n")
    with pytest.raises(InputError) as error:
        load_lokus_counts(path)
    first, second = _lines(error)
    assert "lokus_jumlah_publikasi.csv, baris 3, kolom jumlah_desa" in first
    assert "bukan bilangan bulat" in first and "is not a whole number" in second
    assert nik not in str(error.value)
    size = tmp_path / "jiwa_per_rumah_tangga.csv"
    size.write_text("kode_bps,tahun,jiwa_per_rumah_tangga\n3301,2021,40\n")
    with pytest.raises(InputError) as error:
        persons_per_household("3301", size)
    first, second = _lines(error)
    assert "baris 2, kolom jiwa_per_rumah_tangga: '40' bukan jumlah jiwa (1-10)" in first
    assert "is not a number of persons (1-10)" in second
