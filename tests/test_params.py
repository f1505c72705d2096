"""Tests of analysis.params: every params file validates, defaults validate, bad values are refused.

Bad files are written in tmp_path and read with `read_yaml` / `load_file`; the real params/ folder
is only read. The broad matrix of bad inputs is in test_bad_inputs.py.
"""

from __future__ import annotations

import datetime as dt

import pydantic
import pytest

from analysis import params, paths, regencies
from analysis.errors import InputError

PARAM_FILES = sorted(paths.PARAMS_DIR.glob("*.yml"))


@pytest.fixture(scope="module")
def klaten_values():
    """The values of params/klaten.yml as read from the file."""
    return params.read_yaml(paths.params_file("klaten"))


def _refused(values, bps, source="test.yml") -> str:
    with pytest.raises(InputError) as error:
        params.validate(values, source, bps=bps)
    return str(error.value)


def test_there_are_params_files():
    """The glob finds the project's params files (a guard for the parametrized test below)."""
    assert {path.stem for path in PARAM_FILES} >= {"klaten", "jombang", "pekalongan"}


@pytest.mark.parametrize("path", PARAM_FILES, ids=lambda path: path.name)
def test_every_params_file_validates(path):
    """Each params/<slug>.yml loads, matches its file name and its regency's BPS code."""
    loaded = params.load(path.stem)
    assert loaded.regency == path.stem
    assert loaded.kode_bps == regencies.resolve(path.stem).kode_bps
    assert loaded.target_year > loaded.latest_data_year
    assert loaded.target is not None or loaded.target_note


def test_klaten_values(klaten_values):
    """Klaten's file gives the documented values: 3310, latest data 2025, no 2026 target."""
    loaded = params.load("klaten")
    assert (loaded.kode_bps, loaded.latest_data_year, loaded.target_year) == ("3310", 2025, 2026)
    assert loaded.target is None
    assert loaded.meeting_date == dt.date(2025, 11, 27)
    assert loaded.village_data.lokus_count == 81
    assert set(loaded.deprivation_weights) == set(params.INDICATORS)


def test_defaults_for_a_regency_without_a_file():
    """Boyolali has no params file: defaults from the data validate (latest P0 year 2025)."""
    assert not paths.params_file("boyolali").exists()
    loaded = params.load("boyolali")
    assert loaded.regency == "boyolali"
    assert loaded.kode_bps == "3309"
    assert loaded.province_code == "3300"
    assert loaded.latest_data_year == 2025
    assert loaded.target_year == 2026
    assert loaded.target is None
    assert "target_resmi.csv" in loaded.target_note
    assert loaded.village_data.source == "simulasi"


def test_defaults_take_a_stated_target(bps):
    """Defaults for Jombang carry its stated 2026 target (8.04-8.10) from target_resmi.csv."""
    values = params.default_params(regencies.resolve("jombang"), bps)
    loaded = params.validate(values, "defaults", bps=bps)
    assert (loaded.target.low, loaded.target.high, loaded.target.year) == (8.04, 8.10, 2026)


def test_language_override():
    """The language argument (BRIEF_LANG) overrides the file's language."""
    assert params.load("klaten").language == "id"
    assert params.load("klaten", "en").language == "en"


def test_params_are_frozen():
    """Validated parameters cannot be changed by a stage."""
    loaded = params.load("klaten")
    with pytest.raises(pydantic.ValidationError):
        loaded.latest_data_year = 2020


def test_load_file_reads_an_arbitrary_path(klaten_values, write_file, tmp_path):
    """load_file validates a copy of klaten.yml in tmp_path (the seam of the bad-input tests)."""
    text = paths.params_file("klaten").read_text(encoding="utf-8")
    loaded = params.load_file(write_file("klaten.yml", text))
    assert loaded == params.load("klaten")
    assert list(tmp_path.iterdir()) == [tmp_path / "klaten.yml"]


def test_load_file_refuses_a_file_for_another_regency(write_file):
    """A file whose regency differs from its name is refused, naming field and value."""
    text = paths.params_file("klaten").read_text(encoding="utf-8")
    with pytest.raises(InputError) as error:
        params.load_file(write_file("boyolali.yml", text))
    message = str(error.value)
    assert "boyolali.yml: field 'regency' (value 'klaten')" in message
    assert "expected 'boyolali'" in message


def test_load_file_refuses_another_regencys_code(write_file):
    """A kode_bps that is not the regency's code is refused with the right code."""
    text = paths.params_file("klaten").read_text(encoding="utf-8").replace('"3310"', '"3309"')
    with pytest.raises(InputError, match=r"field 'kode_bps' \(value '3309'\).*expected \"3310\""):
        params.load_file(write_file("klaten.yml", text))


# --- read_yaml --------------------------------------------------------------------------------


def test_read_yaml_refuses_duplicate_keys(write_file):
    """A key given twice is refused with both lines, not silently overwritten."""
    path = write_file("x.yml", "regency: klaten\nseed: 1\nregency: boyolali\n")
    with pytest.raises(
        InputError,
        match=r"x\.yml, line 3: key 'regency' appears twice \(first on "
        r"line 1\)",
    ):
        params.read_yaml(path)


def test_read_yaml_refuses_duplicate_nested_keys(write_file):
    """Duplicate keys are refused inside nested mappings too."""
    path = write_file("x.yml", "target:\n  low: 8\n  low: 9\n")
    with pytest.raises(InputError, match=r"line 3: key 'low' appears twice"):
        params.read_yaml(path)


def test_read_yaml_refuses_anchors_and_merge_keys(write_file):
    """Anchors and aliases (also in merge keys, <<: *anchor) are refused with a clear message.

    Changed deliberately: they used to be accepted; a params file needs none and they make a
    "YAML bomb" possible.
    """
    path = write_file("x.yml", "base: &b {low: 8, high: 9}\ntarget:\n  <<: *b\n  high: 10\n")
    with pytest.raises(InputError, match="anchors and aliases"):
        params.read_yaml(path)


def test_yaml_anchor_bomb_is_refused_at_once(write_file):
    """Ten lines of nested aliases (billions of values once expanded) are refused in a blink."""
    import time

    lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    for index in range(1, 10):
        previous, name = chr(ord("a") + index - 1), chr(ord("a") + index)
        lines.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]")
    path = write_file("bomb.yml", "\n".join(lines) + "\n")
    started = time.perf_counter()
    with pytest.raises(InputError, match="line 1: YAML anchors and aliases"):
        params.read_yaml(path)
    assert time.perf_counter() - started < 2


def test_a_huge_value_is_cut_before_it_is_formatted(write_file):
    """A key given twice with a 400 kB value: the message stays short and masks a NIK."""
    huge = "3310012345678901" + "x" * 400_000
    path = write_file("x.yml", f"name: {huge}\nname: b{huge}\n")
    with pytest.raises(InputError) as caught:
        params.read_yaml(path)
    assert all(len(line) < 600 for line in str(caught.value).split("\n(en) "))  # each language
    assert "3310012345678901" not in str(caught.value) and "3310********8901" in str(caught.value)


def test_a_pipe_or_device_as_params_file_is_never_read(tmp_path):
    """A FIFO (or /dev/zero) named as a params file is refused at once, never opened."""
    import os

    fifo = tmp_path / "klaten.yml"
    os.mkfifo(fifo)
    for path in (fifo, "/dev/zero"):
        with pytest.raises(InputError, match="not a regular file"):
            params.read_yaml(path)


@pytest.mark.parametrize(
    ("content", "fragments"),
    [
        ("", ["the file is empty", "expected"]),
        ("# only a comment\n", ["the file is empty"]),
        ("- regency: klaten\n", ["found a list", "expected a mapping"]),
        ("klaten\n", ["found a str ('klaten')", "expected a mapping"]),
        (
            "meeting_date: 2025-02-30\n",
            ["line 1", "'2025-02-30' is not a valid date", "YYYY-MM-DD"],
        ),
        ("a: [1, 2\n", ["not valid YAML", "line 2"]),
        ("a: b\n\tc: d\n", ["not valid YAML", "line 2"]),
        ("? [a, b]\n: 1\n", ["not valid YAML", "unhashable"]),
        ("a: !!python/object:os.system x\n", ["not valid YAML", "line 1"]),
        ("[" * 5000, ["nested too deeply"]),
    ],
    ids=[
        "empty",
        "comment",
        "list",
        "scalar",
        "bad-date",
        "unclosed",
        "tab",
        "unhashable",
        "python-tag",
        "deep",
    ],
)
def test_read_yaml_refuses_bad_documents(content, fragments, write_file):
    """Bad YAML raises InputError naming the file and the problem, never another exception."""
    path = write_file("bad.yml", content)
    with pytest.raises(InputError) as error:
        params.read_yaml(path)
    message = str(error.value)
    assert message.startswith(str(path))
    for fragment in fragments:
        assert fragment in message


def test_read_yaml_refuses_other_encodings_and_missing_files(write_file, tmp_path):
    """Latin-1 text, a missing file and a folder give InputError naming the path."""
    path = write_file("latin.yml", "name: Kabupaten Klatén\n", encoding="latin-1")
    with pytest.raises(
        InputError,
        match=r"latin\.yml, line 1: not UTF-8 text \(byte 0xe9 in .name: Kabupaten Klatén.\)",
    ):
        params.read_yaml(path)
    with pytest.raises(InputError, match="file not found"):
        params.read_yaml(tmp_path / "missing.yml")
    with pytest.raises(InputError, match="is a folder"):
        params.read_yaml(tmp_path)


# --- validate ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "fragments"),
    [
        ({"seed_village": 1}, ["field 'seed_village' (value 1): unknown key", "regency, "]),
        ({"traget_year": 2026}, ["field 'traget_year'", "did you mean 'target_year'?"]),
        (
            {"latest_data_year": "2025"},
            ["field 'latest_data_year' (value '2025')", "without quotes"],
        ),
        (
            {"latest_data_year": 2025.5},
            ["field 'latest_data_year' (value 2025.5)", "expected a valid integer"],
        ),
        ({"target_year": True}, ["field 'target_year' (value True)", "expected a valid integer"]),
        ({"kode_bps": 3310}, ["field 'kode_bps' (value 3310)", 'quotes, such as "3310"']),
        ({"kode_bps": "33100"}, ["field 'kode_bps' (value '33100')", "four digits in quotes"]),
        ({"province_code": "33"}, ["field 'province_code' (value '33')", '"3300"']),
        ({"language": "jv"}, ["field 'language' (value 'jv')", "expected 'id' or 'en'"]),
        ({"meeting_date": "besok"}, ["field 'meeting_date' (value 'besok')", "date"]),
        ({"name": None}, ["field 'name' (value None)", "expected a valid string"]),
        ({"target_note": None}, ["field 'target_note' is missing"]),
        (
            {"target_year": 2025},
            ["field 'target_year' (value 2025) is not after latest_data_year (2025)"],
        ),
        ({"village_data": {"source": "file"}}, ["field 'village_data.path' is missing"]),
        (
            {"village_data": {"source": "simulasi", "path": "x.csv"}},
            ["field 'village_data.path' is only used with source 'file'"],
        ),
        ({"village_data": {"seed": "yes"}}, ["field 'village_data.seed' (value 'yes')"]),
        (
            {"village_data": {"lokus_count": 0}},
            ["field 'village_data.lokus_count' (value 0)", "greater than or equal to 1"],
        ),
    ],
    ids=lambda value: str(value)[:30] if isinstance(value, dict) else None,
)
def test_validate_refuses_bad_values(change, fragments, klaten_values, bps):
    """A bad value names the source, the field, the value and what is expected."""
    message = _refused({**klaten_values, **change}, bps)
    assert message.startswith("test.yml: ")
    assert "expected" in message or "missing" in message
    for fragment in fragments:
        assert fragment in message


@pytest.mark.parametrize(
    ("weights", "fragment"),
    [
        ({"rtlh": float("nan")}, "field 'deprivation_weights.rtlh' (value nan)"),
        ({"rtlh": float("inf")}, "field 'deprivation_weights.rtlh' (value inf)"),
        ({"rtlh": -1}, "weight rtlh = -1 is negative"),
        ({"rtlh": "1"}, "field 'deprivation_weights.rtlh' (value '1')"),
        ({"rumah": 1}, "unknown: rumah"),
        (dict.fromkeys(params.INDICATORS, 0), "all weights are 0"),
    ],
)
def test_validate_refuses_bad_weights(weights, fragment, klaten_values, bps):
    """Weights must be finite, non-negative numbers for exactly the eight indicators."""
    message = _refused(
        {
            **klaten_values,
            "deprivation_weights": {**klaten_values["deprivation_weights"], **weights},
        },
        bps,
    )
    assert fragment in message


def test_missing_weight_is_named(klaten_values, bps):
    """A weight left out is named in the message."""
    weights = dict(klaten_values["deprivation_weights"])
    del weights["disability"]
    assert "missing: disability" in _refused({**klaten_values, "deprivation_weights": weights}, bps)


@pytest.mark.parametrize(
    ("target", "fragments"),
    [
        (
            {"low": 120.0, "high": 130.0},
            ["field 'target.low' (value 120.0)", "less than or equal to 100"],
        ),
        ({"low": -1.0}, ["field 'target.low' (value -1.0)", "greater than or equal to 0"]),
        ({"low": 9.0, "high": 8.0}, ["field 'target.low' (value 9.0) is above target.high"]),
        ({"year": 2027}, ["field 'target.year' (value 2027) differs from target_year (2026)"]),
        ({"kind": ""}, ["field 'target.kind' (value '')"]),
        ({"low": "8,5"}, ["field 'target.low' (value '8,5')", "without quotes"]),
    ],
)
def test_validate_refuses_bad_targets(target, fragments, klaten_values, bps):
    """Target bounds are percentages 0-100 with low <= high, for the target year."""
    good = {"year": 2026, "low": 8.0, "high": 8.5, "kind": "RPJMD", "source": "Perda 1/2021"}
    message = _refused({**klaten_values, "target": {**good, **target}}, bps)
    for fragment in fragments:
        assert fragment in message


def test_validate_accepts_a_good_target(klaten_values, bps):
    """A point target (low == high) for the target year validates."""
    target = {"year": 2026, "low": 9.5, "high": 9.5, "kind": "RPJMD", "source": "Perda 1/2021"}
    loaded = params.validate({**klaten_values, "target": target}, "x", bps=bps)
    assert loaded.target.low == loaded.target.high == 9.5


def test_validate_checks_the_years_against_the_data(klaten_values, bps):
    """A latest_data_year without P0 data names the field, the value and the years available."""
    message = _refused({**klaten_values, "latest_data_year": 2014, "target_year": 2015}, bps)
    assert "field 'latest_data_year' (value 2014)" in message
    assert "bps_kemiskinan.csv has no P0 for Kabupaten Klaten" in message
    assert "2016, 2017" in message


def test_validate_refuses_a_code_without_data(klaten_values, bps):
    """A well-formed kode_bps without P0 figures is refused, naming the code."""
    message = _refused({**klaten_values, "kode_bps": "3399"}, bps)
    assert "field 'kode_bps' (value '3399'): no P0 figures" in message


def test_validate_lists_every_problem(klaten_values, bps):
    """Several bad fields are all reported, one Indonesian and one English line each."""
    message = _refused({**klaten_values, "latest_data_year": "x", "language": "jv", "foo": 1}, bps)
    lines = message.splitlines()
    assert len(lines) == 6
    assert [line.startswith("(en) ") for line in lines] == [False, True] * 3


def test_validate_refuses_a_non_mapping(bps):
    """Values that are not a mapping raise InputError, not AttributeError."""
    assert "expected a mapping" in _refused(["regency", "klaten"], bps)


def test_province_code_must_be_the_province_of_the_code(klaten_values, bps):
    """A province code whose two digits are not those of kode_bps is refused by the model."""
    message = _refused({**klaten_values, "province_code": "3500"}, bps)
    assert "field 'province_code' (value '3500') is not the province of kode_bps 3310" in message
    assert 'expected "3300"' in message


@pytest.mark.parametrize(
    ("change", "fragment"),
    [
        ({"meeting_date": 0}, "field 'meeting_date' (value 0) is a number, not a date"),
        ({"meeting_date": "2025-11-27 10:00"}, "is a date and a time"),
        ({"meeting_date": "1970-01-01"}, "is not between the latest data year (2025)"),
        (
            {"deprivation_weights": {**dict.fromkeys(params.INDICATORS, 1.0), "rtlh": 1e308}},
            "weight rtlh = 1e+308 is above 1000",
        ),
        (
            {"target": {"year": 2026, "low": "9,5", "high": 10.0, "kind": "k", "source": "s"}},
            "field 'target.low' (value '9,5') is written with a decimal comma",
        ),
        (
            {"target": {"year": 2026, "low": 9, 5: None, "high": 10.0, "kind": "k", "source": "s"}},
            "field 'target.low' (value 9,5): the decimal comma inside {...} splits",
        ),
        (
            {"village_data": {"source": "simulasi", "lokus_count": 402}},
            "is more than the 401 official villages of Kabupaten Klaten",
        ),
    ],
    ids=["date-0", "date-time", "date-1970", "weight-1e308", "comma-text", "comma-split", "lokus"],
)
def test_implausible_values_are_refused_by_name(change, fragment, klaten_values, bps):
    """Implausible dates, overflowing weights, decimal commas and lokus counts name the field."""
    message = _refused({**klaten_values, **change}, bps)
    assert fragment in message
    assert "expected" in message


# --- messages in both languages -----------------------------------------------------------------

NIK = "3310012345678901"


def _two_lines(message: str) -> tuple[str, str]:
    """The Indonesian and the English line of a one-problem message."""
    indonesian, english = message.split("\n(en) ")
    return indonesian, english


@pytest.mark.parametrize(
    ("change", "indonesian", "english"),
    [
        ({"latest_data_year": "x"}, "isian 'latest_data_year' (nilai 'x')", "field"),
        ({"latest_data_year": 2025.5}, "diharapkan bilangan bulat", "expected a valid integer"),
        ({"traget_year": 2026}, "kunci tidak dikenal", "unknown key"),
        ({"kode_bps": "33100"}, "empat angka dalam tanda kutip", "four digits in quotes"),
        ({"language": "jv"}, "diharapkan 'id' atau 'en'", "expected 'id' or 'en'"),
        ({"name": "ab"}, "paling sedikit 3 karakter", "at least 3"),
        ({"meeting_date": "besok"}, "bukan tanggal", "is not a date"),
        ({"meeting_date": 0}, "berupa angka, bukan tanggal", "is a number, not a date"),
        ({"target_year": 2025}, "tidak sesudah latest_data_year", "is not after"),
        ({"province_code": "3500"}, "bukan provinsi dari kode_bps 3310", "not the province"),
        ({"village_data": {"lokus_count": 0}}, "lebih besar dari atau sama dengan 1", "greater"),
        ({"deprivation_weights": {"rtlh": -1.0}}, "diharapkan tepat kunci", "exactly the keys"),
        ({"kode_bps": "3399"}, "tidak ada angka P0 untuk kode ini", "no P0 figures"),
        ({"village_data": {"lokus_count": 402}}, "melebihi 401 desa resmi", "more than the 401"),
    ],
    ids=lambda value: str(value)[:24] if isinstance(value, dict) else None,
)
def test_messages_are_in_indonesian_then_english(change, indonesian, english, klaten_values, bps):
    """Each problem is one Indonesian line naming file and field, then the same in English."""
    first, second = _two_lines(_refused({**klaten_values, **change}, bps))
    field = next(iter(change))
    assert first.startswith("test.yml: ") and second.startswith("test.yml: ")
    assert indonesian in first and "diharapkan" in first and f"'{field}" in first
    assert english in second and "expected" in second and f"'{field}" in second
    assert "expected" not in first and "diharapkan" not in second


def test_number_written_as_text_is_explained_in_both_languages(klaten_values, bps):
    """A quoted number with a decimal comma is explained as such in Indonesian and English."""
    target = {"year": 2026, "low": "9,5", "high": 10.0, "kind": "k", "source": "s"}
    first, second = _two_lines(_refused({**klaten_values, "target": target}, bps))
    assert first == (
        "test.yml: isian 'target.low' (nilai '9,5') ditulis dengan koma desimal; diharapkan "
        "titik desimal, seperti 9.5, tanpa tanda kutip."
    )
    assert second.startswith("test.yml: field 'target.low' (value '9,5') is written with a")


def test_params_messages_never_echo_a_nik_or_a_file_name(klaten_values, bps):
    """A NIK typed as a value or a key is masked; a village path (may name someone) is hidden."""
    nik_value = _refused({**klaten_values, "kode_bps": NIK}, bps)
    nik_key = _refused({**klaten_values, f"nik_{NIK}": 1}, bps)
    weights = {**klaten_values["deprivation_weights"], f"x{NIK}": 1.0}
    nik_weight = _refused({**klaten_values, "deprivation_weights": weights}, bps)
    path = {"source": "simulasi", "path": "Siti Aminah.csv"}
    named = _refused({**klaten_values, "village_data": path}, bps)
    for message in (nik_value, nik_key, nik_weight):
        assert NIK not in message and "(en) " in message
    assert "3310********8901" in nik_value and "tidak dikenal: x" in nik_weight
    assert "Siti" not in named and "Aminah" not in named
    assert "hanya dipakai dengan source 'file'" in named


def test_load_file_messages_are_bilingual(write_file):
    """A file for another regency and another province are refused in Indonesian and English."""
    text = paths.params_file("klaten").read_text(encoding="utf-8")
    with pytest.raises(InputError) as error:
        params.load_file(write_file("boyolali.yml", text))
    first, second = _two_lines(str(error.value))
    assert "boyolali.yml: isian 'regency' (nilai 'klaten'): diharapkan 'boyolali'" in first
    assert "boyolali.yml: field 'regency' (value 'klaten'): expected 'boyolali'" in second
    swapped = text.replace('province_code: "3300"', 'province_code: "3400"')
    assert swapped != text
    with pytest.raises(InputError) as error:
        params.load_file(write_file("klaten.yml", swapped))
    first, second = _two_lines(str(error.value))
    assert "menurut tabel BPS, Kabupaten Klaten berada di provinsi 3300" in first
    assert "Kabupaten Klaten is in province 3300" in second
