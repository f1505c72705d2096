"""The official Kemendagri lists of regencies, kecamatan and villages (`analysis.paths.AREA_DIR`).

Read and checked once per process (and kept on disk per exact bytes), with a per-regency index of
the village list so that a regency's villages are not found by a prefix match over 84,000 codes.
"""

from __future__ import annotations

import re
from functools import lru_cache

import numpy as np
import pandas as pd

from analysis import diskcache, paths
from analysis.data.codes import kemendagri_code
from analysis.data.common import (
    DISTRICT_CODE,
    REGENCY_CODE,
    VILLAGE_CODE,
    _check_pattern,
    _check_unique,
)
from analysis.errors import InputError
from analysis.labels import Local, both
from analysis.tables import read_table


def _read_area(name: str, pattern: re.Pattern, parent: str | None) -> pd.DataFrame:
    """Read one official area list (code, parent code, name), refusing malformed or twice codes."""
    path = paths.AREA_DIR / f"{name}.csv"
    # The lists name places in a column "name", which the personal-data check would refuse.
    table = read_table(path, ["code", "name"] + ([parent] if parent else []), check_personal=False)
    example = {"regencies": "33.10", "districts": "33.10.03"}.get(name, "33.10.03.2009")
    _check_pattern(table, "code", pattern, Local("errd_d_p_kemendagri", example=example))
    _check_unique(table, "code")
    return table.frame


@lru_cache(maxsize=1)
def _official_area() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The official regency, district and village lists, kept on disk per exact bytes."""

    def compute() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
        regencies = _read_area("regencies", REGENCY_CODE, "province_code")
        districts = _read_area("districts", DISTRICT_CODE, "regency_code")
        villages = _read_area("villages", VILLAGE_CODE, "district_code")
        return regencies, districts, villages

    return diskcache.cached("area", _area_parts(), compute)


def _area_parts() -> tuple:
    """What the official area lists depend on: each file's path and bytes."""
    files = [paths.AREA_DIR / f"{name}.csv" for name in ("regencies", "districts", "villages")]
    return tuple((str(path), diskcache.file_digest(path)) for path in files)


def load_official_regencies() -> pd.DataFrame:
    """Return the 514 official regencies: kode_kabupaten ("33.10"), kode_bps, nama, province."""
    regencies, _, _ = _official_area()
    return pd.DataFrame(
        {
            "kode_kabupaten": regencies["code"],
            "kode_bps": regencies["code"].str.replace(".", "", regex=False),
            "nama": regencies["name"],
            "kode_provinsi": regencies["province_code"],
        }
    )


def load_official_villages(kode_bps: str) -> pd.DataFrame:
    """Return every official Kemendagri village of a regency, with its kecamatan.

    Columns: kode_desa ("33.10.03.2009"), nama_desa, kode_kecamatan ("33.10.03"),
    nama_kecamatan. Raises `InputError` if the regency has no villages in the official list.
    """
    return _official_villages(kode_bps).copy()


@lru_cache(maxsize=4)
def _official_villages(kode_bps: str) -> pd.DataFrame:
    """`load_official_villages` kept per regency (the pockets, impact and lokus steps ask for the
    same regency; a prefix match over 84,000 codes costs about 20 ms each time)."""
    _, districts, villages = _official_area()
    prefix = kemendagri_code(kode_bps) + "."
    if len(prefix) == 6:  # "33.10.": the regency part of every village code
        own = villages.iloc[_village_rows_by_regency().get(prefix, [])]
    else:
        own = villages[villages["code"].str.startswith(prefix)]
    if own.empty:
        file = paths.AREA_DIR / "villages.csv"
        raise InputError(both("errd_d_no_villages", code=kode_bps, prefix=prefix[:-1], file=file))
    merged = own.merge(
        districts, left_on="district_code", right_on="code", suffixes=("_desa", "_kecamatan")
    )
    result = pd.DataFrame(
        {
            "kode_desa": merged["code_desa"],
            "nama_desa": merged["name_desa"],
            "kode_kecamatan": merged["district_code"],
            "nama_kecamatan": merged["name_kecamatan"],
        }
    )
    return result.sort_values("kode_desa").reset_index(drop=True)


def index_official_villages() -> None:
    """Build the per-regency index of the official village list now (a build's parent does, so
    that every notebook process forked from it inherits the index)."""
    _village_rows_by_regency()


@lru_cache(maxsize=1)
def _village_rows_by_regency() -> dict[str, np.ndarray]:
    """Row positions of the official village list per regency prefix ("33.10."), built once per
    process (in a batch, in the parent) instead of a prefix match over 84,000 codes per regency."""
    _, _, villages = _official_area()
    prefixes = villages["code"].str[:6].to_numpy(dtype=object)
    order = np.argsort(prefixes, kind="stable")
    keys, starts = np.unique(prefixes[order], return_index=True)
    return dict(zip(keys, np.split(order, starts[1:]), strict=True))


@lru_cache(maxsize=1)
def _village_counts() -> dict[str, tuple[int, int]]:
    """Per regency prefix ("33.10."): (villages listed, villages whose kecamatan is listed)."""

    def compute() -> dict[str, tuple[int, int]]:
        _, districts, villages = _official_area()
        prefixes = villages["code"].str[:6]
        listed = prefixes.value_counts()
        kept = prefixes[villages["district_code"].isin(districts["code"])].value_counts()
        return {key: (int(count), int(kept.get(key, 0))) for key, count in listed.items()}

    return diskcache.cached("village_counts", _area_parts(), compute)


def official_village_count(kode_bps: str) -> int:
    """The number of rows `load_official_villages` returns for a regency, without building them.

    Raises `InputError`, as `load_official_villages` does, when the regency has no villages in the
    official list.
    """
    prefix = kemendagri_code(kode_bps) + "."
    listed, kept = _village_counts().get(prefix, (0, 0))
    if not listed or len(prefix) != 6:  # none (its error), or not the "33.10." form counted
        return len(load_official_villages(kode_bps))
    return kept


def official_place_names() -> frozenset[str]:
    """Return the official names of every village, kecamatan and regency (for the privacy guard)."""
    regencies, districts, villages = _official_area()
    return frozenset(pd.concat([regencies["name"], districts["name"], villages["name"]]))
