"""The disk cache of results derived from public raw data: same result, rebuilt when stale."""

from __future__ import annotations

import os

import pandas as pd
import pytest

from analysis import data, diskcache
from analysis.forecast import cache as forecast_cache
from analysis.forecast import forecasting

HEADER = "kode_bps,wilayah,tingkat,tahun,periode,indikator,nilai,kepercayaan,sumber"
ROWS = [
    "3310,Kabupaten Klaten,kabupaten,2023,maret,p0_persen,12.28,B,x",
    "3310,Kabupaten Klaten,kabupaten,2024,maret,p0_persen,12.04,B,x",
]


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    """An empty disk cache in tmp_path, switched on whatever the environment says."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("TKPK_CACHE_DIR", str(folder))
    monkeypatch.delenv("TKPK_CACHE", raising=False)
    return folder


def _raw(tmp_path, monkeypatch, rows):
    """A raw-data folder with one BPS table (no code list: names are not checked)."""
    raw = tmp_path / "raw"
    raw.mkdir(exist_ok=True)
    (raw / "bps.csv").write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    monkeypatch.setattr(data.paths, "DATA_RAW", raw)
    return raw


def _refuse(*args, **kwargs):
    raise AssertionError("recomputed although an intact entry was on disk")


def test_table_read_back_from_disk_equals_the_computed_one(tmp_path, monkeypatch, cache_dir):
    """A second process (caches in memory cleared) reads the same table, attrs and conflicts."""
    _raw(tmp_path, monkeypatch, ROWS)
    computed, conflicts = data.load_bps(), data.load_bps_conflicts()
    assert data.indicator_series(computed, "3310").to_dict() == {2023: 12.28, 2024: 12.04}
    assert list((cache_dir / "bps").glob("*.pkl"))
    data.bps._combined.cache_clear()
    monkeypatch.setattr(data.bps, "validate_bps", _refuse)
    read = data.load_bps()
    pd.testing.assert_frame_equal(read, computed)
    assert read.attrs == computed.attrs
    pd.testing.assert_frame_equal(data.load_bps_conflicts(), conflicts)


def test_changed_bytes_make_a_new_entry(tmp_path, monkeypatch, cache_dir):
    """Rewriting a table with another value is read anew, even with the same modification time."""
    raw = _raw(tmp_path, monkeypatch, ROWS)
    stamp = (raw / "bps.csv").stat().st_mtime_ns
    assert data.indicator_series(data.load_bps(), "3310")[2024] == 12.04
    _raw(tmp_path, monkeypatch, [ROWS[0], ROWS[1].replace("12.04", "11.97")])
    os.utime(raw / "bps.csv", ns=(stamp, stamp))
    data.bps._combined.cache_clear()  # a new process: only the disk is left
    assert data.indicator_series(data.load_bps(), "3310")[2024] == 11.97
    assert len(list((cache_dir / "bps").glob("*.pkl"))) == 2


def test_corrupt_or_foreign_entry_is_rebuilt(cache_dir):
    """A truncated entry, or one written for other parts, is ignored and rewritten."""
    parts = ("table", "abc")
    assert diskcache.cached("t", parts, lambda: [1, 2]) == [1, 2]
    path = diskcache.entry_path("t", parts)
    path.write_bytes(path.read_bytes()[:5])
    assert diskcache.cached("t", parts, lambda: [3]) == [3]
    assert diskcache.cached("t", parts, _refuse) == [3]  # rewritten intact
    other = diskcache.entry_path("t", ("table", "xyz"))
    other.write_bytes(path.read_bytes())  # an entry copied under another key
    assert diskcache.cached("t", ("table", "xyz"), lambda: [4]) == [4]


def test_a_code_change_or_switching_off_recomputes(cache_dir, monkeypatch):
    """Another code version never reads an entry; TKPK_CACHE=off neither reads nor writes."""
    diskcache.cached("t", ("p",), lambda: "old")
    monkeypatch.setattr(diskcache, "code_version", lambda: "another version")
    assert diskcache.cached("t", ("p",), lambda: "new") == "new"
    monkeypatch.setenv("TKPK_CACHE", "off")
    assert diskcache.cached("t", ("q",), lambda: "computed") == "computed"
    assert not diskcache.entry_path("t", ("q",)).exists()


def test_an_error_is_not_kept(cache_dir):
    """What the computation raises passes through and leaves no entry."""

    def fail():
        raise ValueError("bad input")

    with pytest.raises(ValueError, match="bad input"):
        diskcache.cached("t", ("e",), fail)
    assert not diskcache.entry_path("t", ("e",)).exists()


def _small_table() -> pd.DataFrame:
    """A province (3300) and three regencies with P0 2017-2024 (COVID years included)."""
    rows = []
    years = range(2017, 2025)
    for code, level, start in [("3300", "provinsi", 11.0), ("3301", "kabupaten", 15.0)] + [
        ("3302", "kabupaten", 12.0),
        ("3371", "kota", 8.0),
    ]:
        for step, year in enumerate(years):
            value = start - 0.3 * step + (0.6 if year in (2020, 2021) else 0.0) + 0.05 * (step % 3)
            rows.append((code, f"Wilayah {code}", level, year, "maret", "p0_persen", value))
    columns = ["kode_bps", "wilayah", "tingkat", "tahun", "periode", "indikator", "nilai"]
    return pd.DataFrame(rows, columns=columns)


def test_forecast_from_disk_equals_the_computed_one(cache_dir, monkeypatch):
    """A fresh process reads the province's inputs and backtest from disk: the same forecast."""
    bps = _small_table()
    monkeypatch.setattr(forecast_cache, "_CACHE", {})
    computed = forecasting.forecast_regency(bps, "3301", 2026).to_dict()
    monkeypatch.setattr(forecast_cache, "_CACHE", {})
    monkeypatch.setattr(forecasting, "evaluate_panel", _refuse)
    monkeypatch.setattr(forecasting, "relative_table", _refuse)
    assert forecasting.forecast_regency(bps, "3301", 2026).to_dict() == computed
    monkeypatch.undo()
    monkeypatch.setenv("TKPK_CACHE", "off")
    monkeypatch.setattr(forecast_cache, "_CACHE", {})
    assert forecasting.forecast_regency(bps, "3301", 2026).to_dict() == computed


def test_forecast_fingerprint_sees_a_changed_value_or_level():
    """A changed P0 value, or a regency that becomes a city, changes the fingerprint."""
    bps = _small_table()
    base = forecast_cache.fingerprint(bps)
    changed = bps.copy()
    changed.loc[5, "nilai"] += 0.01
    relabelled = bps.copy()
    relabelled.loc[relabelled["kode_bps"] == "3302", "tingkat"] = "kota"
    assert forecast_cache.fingerprint(changed) != base
    assert forecast_cache.fingerprint(relabelled) != base
    assert forecast_cache.fingerprint(bps.copy()) == base


def test_official_village_count_is_the_number_of_official_villages():
    """The count kept for the lokus check equals the rows of the village list (Klaten: 401)."""
    assert data.official_village_count("3310") == len(data.load_official_villages("3310")) == 401
    with pytest.raises(data.InputError, match="no villages under 99.99"):
        data.official_village_count("9999")


def test_entries_of_other_code_and_the_oldest_are_removed(cache_dir):
    """Writing an entry removes another code version's entries and keeps the newest ``keep``."""
    diskcache.cached("t", ("a",), lambda: 1, keep=2)
    stale = diskcache.entry_path("t", ("a",)).with_name("0123456789abcdef-old.pkl")
    stale.write_bytes(b"x")
    diskcache.cached("t", ("b",), lambda: 1, keep=2)
    for age, name in ((200, "a"), (100, "b")):  # a written before b, whatever the clock's grain
        stamp = diskcache.entry_path("t", (name,)).stat().st_mtime - age
        os.utime(diskcache.entry_path("t", (name,)), (stamp, stamp))
    diskcache.cached("t", ("c",), lambda: 1, keep=2)
    left = sorted(p.name for p in (cache_dir / "t").glob("*.pkl"))
    kept = sorted(diskcache.entry_path("t", (n,)).name for n in ("b", "c"))
    assert left == kept


def test_entries_beyond_the_byte_limit_are_removed_but_the_newest_stays(cache_dir, monkeypatch):
    """Over `MAX_BYTES` the oldest entries go; an entry larger than the limit alone is kept."""
    monkeypatch.setattr(diskcache, "MAX_BYTES", 3000)
    diskcache.cached("t", ("old",), lambda: b"x" * 2000)
    path = diskcache.entry_path("t", ("old",))
    stamp = path.stat().st_mtime - 100
    os.utime(path, (stamp, stamp))
    diskcache.cached("t", ("new",), lambda: b"y" * 2000)
    assert not path.exists()
    diskcache.cached("t", ("big",), lambda: b"z" * 5000)
    assert diskcache.cached("t", ("big",), _refuse) == b"z" * 5000
