"""The official BPS code list (``kode_wilayah_bps.csv``) and what a BPS code says.

Reading and checking the list (`load_bps_codes`), checking a BPS table's codes and names against
it (`_check_official_codes`), the level and province a code implies, and the Kemendagri code of a
BPS regency code.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd

from analysis import diskcache, paths, regencies
from analysis.data.common import (
    _BPS_CODE,
    _add_optional,
    _cell_error,
    _check_pattern,
    _check_unique,
)
from analysis.errors import InputError
from analysis.labels import Local, both
from analysis.tables import Table, read_table
from analysis.yamlread import shown

CODE_LIST = regencies.CODE_LIST


def _expected_level(code: str) -> str:
    """The level a BPS code implies: 0000 nation, xx00 province, xx7x city, else regency."""
    if code == "0000":
        return "nasional"
    if code.endswith("00"):
        return "provinsi"
    return "kota" if code[2] == "7" else "kabupaten"


def province_code(kode_bps: str) -> str:
    """Return the BPS code of a regency's province ("3310" -> "3300")."""
    return kode_bps[:2] + "00"


def code_list_file() -> Path:
    """The official BPS code list of the raw-data folder (``kode_wilayah_bps.csv``)."""
    return paths.DATA_RAW / CODE_LIST


@lru_cache(maxsize=2)
def _codes_cached(path: Path, mtime: float) -> pd.DataFrame:
    parts = (str(path), diskcache.file_digest(path))
    return diskcache.cached("codes", parts, lambda: _read_codes(path))


def _read_codes(path: Path) -> pd.DataFrame:
    """Read and check the official BPS code list."""
    table = read_table(
        path, ["kode_bps", "wilayah", "tingkat", "kode_kemendagri"], optional=["kode_bps_lama"]
    )
    _add_optional(table, ["kode_bps_lama"])
    _check_pattern(table, "kode_bps", _BPS_CODE, Local("errd_d_x_code"))
    _check_unique(table, "kode_bps")
    return table.frame[["kode_bps", "wilayah", "tingkat", "kode_kemendagri", "kode_bps_lama"]]


def load_bps_codes() -> pd.DataFrame:
    """The official BPS codes: kode_bps, wilayah, tingkat, kode_kemendagri, kode_bps_lama.

    Raises `InputError` when the list is missing, a code is malformed or appears twice.
    """
    path = code_list_file()
    if not path.exists():
        raise InputError(both("errd_d_no_codes", file=path))
    return _codes_cached(path, path.stat().st_mtime).copy()


def _check_official_codes(table: Table, codes: pd.DataFrame) -> None:
    """Refuse a code outside the official list and a name that is not its code's official name."""
    from analysis.bps_import.names import normalise

    frame = table.frame
    official = dict(zip(codes["kode_bps"], codes["wilayah"], strict=True))
    unknown = ~frame["kode_bps"].isin(official)
    if unknown.any():
        position = frame.index[unknown][0]
        code = frame["kode_bps"][position]
        name = shown(frame["wilayah"][position])
        raise _cell_error(
            table, position, "kode_bps", "errd_d_unofficial", code=code, name=name, codes=CODE_LIST
        )
    keys = {code: normalise(name)[1] for code, name in official.items()}
    by_key: dict[str, list[str]] = {}
    for code, key in keys.items():
        by_key.setdefault(key, []).append(code)
    pairs = frame.drop_duplicates(["kode_bps", "wilayah"])  # each name once per code
    for position, code, name in zip(pairs.index, pairs["kode_bps"], pairs["wilayah"], strict=True):
        level, key, _ = normalise(name)
        if key == keys[code] and level in (None, _expected_level(code)):
            continue
        others = [c for c in by_key.get(key, []) if c != code and c[:2] != code[:2]]
        where: str | tuple = ""
        if others and code != "0000":
            where = _elsewhere(shown(name), code, others, official)
        raise _cell_error(
            table,
            position,
            "wilayah",
            "errd_d_not_official_name",
            value=shown(name),
            code=code,
            official=repr(official[code]),
            where=where,
        )


def _elsewhere(name: str, code: str, others: list[str], official: dict) -> tuple:
    """Where a name belongs (its codes in other provinces), as a catalogue piece of a message."""
    homes = [
        Local("errd_d_home", code=other, province=official[province_code(other)])
        for other in others
    ]
    return Local(
        "errd_d_name_elsewhere",
        value=name,
        homes=homes,
        digits=code[:2],
        province=official[province_code(code)],
    )


def kemendagri_code(kode_bps: str) -> str:
    """Return the Kemendagri regency code for a BPS regency code ("3310" -> "33.10").

    The two numberings differ for 178 regencies (BPS 1101 Simeulue is Kemendagri 11.09; the
    Papua provinces of 2022 are 95-97 at BPS and 93-95 at Kemendagri), so the official code list
    is asked first; a code it lacks is written with a dot.
    """
    path = code_list_file()
    if path.exists():
        codes = _codes_cached(path, path.stat().st_mtime)
        found = codes.loc[codes["kode_bps"] == kode_bps, "kode_kemendagri"]
        if not found.empty and found.iloc[0]:
            return str(found.iloc[0])
    return f"{kode_bps[:2]}.{kode_bps[2:]}"
