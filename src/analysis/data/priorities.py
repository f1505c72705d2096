"""The published priority villages (lokus) and the stated poverty targets.

Both are lists a government publishes: which villages a programme names for a year
(`analysis.paths.LOKUS_FILE`) and which poverty rate a region aims at by when
(`analysis.paths.TARGETS_FILE`).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd

from analysis import paths
from analysis.data.common import (
    _BPS_CODE,
    DISTRICT_CODE,
    VILLAGE_CODE,
    _add_optional,
    _cell_error,
    _check_pattern,
    _copy_frame,
    _parse_years,
    _require_filled,
)
from analysis.labels import Local
from analysis.tables import parse_numbers, read_table
from analysis.yamlread import shown


def load_lokus(path: Path | None = None) -> pd.DataFrame:
    """Return the published priority villages (lokus) with year, official codes and sources.

    Read once per file version in a process (a copy each call).

    Raises `InputError` for a malformed year or Kemendagri code, a village whose kecamatan code is
    not the start of its village code, or a village listed twice for one year.
    """
    return _per_version(Path(path or paths.LOKUS_FILE), _read_lokus)


def _per_version(source: Path, read) -> pd.DataFrame:
    """``read(source)`` once per version of the file (its time and size) in a process; a copy
    each call, so a caller's edits never reach the next one."""
    if not source.exists():
        return read(source)  # the file's own "not found" message
    info = source.stat()
    return _copy_frame(_read_cached(read, source, info.st_mtime_ns, info.st_size))


@lru_cache(maxsize=8)
def _read_cached(read, source: Path, mtime_ns: int, size: int) -> pd.DataFrame:
    return read(source)


def _read_lokus(source: Path) -> pd.DataFrame:
    columns = [
        "tahun",
        "kode_desa",
        "nama_desa",
        "kode_kecamatan",
        "nama_kecamatan",
        "sumber_url",
        "catatan",
    ]
    table = read_table(source, columns[:5], optional=columns[5:])
    _add_optional(table, columns[5:])
    frame = table.frame
    frame["tahun"] = _parse_years(table, "tahun")
    _check_pattern(table, "kode_desa", VILLAGE_CODE, Local("errd_d_p_village"))
    _check_pattern(table, "kode_kecamatan", DISTRICT_CODE, Local("errd_d_p_district"))
    elsewhere = frame["kode_desa"].str[:8] != frame["kode_kecamatan"]
    if elsewhere.any():
        position = frame.index[elsewhere][0]
        raise _cell_error(
            table,
            position,
            "kode_kecamatan",
            "errd_d_lokus_district",
            value=shown(frame["kode_kecamatan"][position]),
            village=frame["kode_desa"][position],
            expected=repr(frame["kode_desa"][position][:8]),
        )
    duplicated = frame.duplicated(["tahun", "kode_desa"])
    if duplicated.any():
        position = frame.index[duplicated][0]
        raise _cell_error(
            table,
            position,
            "kode_desa",
            "errd_d_lokus_twice",
            village=frame["kode_desa"][position],
            year=frame["tahun"][position],
        )
    result = frame[columns].reset_index(drop=True)
    result.attrs["notes"] = table.notes
    return result


def load_targets(path: Path | None = None) -> pd.DataFrame:
    """Return the stated poverty targets: kode_bps, wilayah, tahun, indikator, bounds, source.

    Read once per file version in a process (a copy each call): the parameters of every regency
    without a params file look their target up here, 514 times in a national batch.

    Raises `InputError` for a malformed code, year or number, an empty bound, a percentage outside
    0-100 or a lower bound above the upper bound.
    """
    return _per_version(Path(path or paths.TARGETS_FILE), _read_targets)


def _read_targets(source: Path) -> pd.DataFrame:
    columns = [
        "kode_bps",
        "wilayah",
        "tahun",
        "indikator",
        "nilai_bawah",
        "nilai_atas",
        "jenis",
        "sumber_url",
        "catatan",
    ]
    table = read_table(source, columns[:7], optional=columns[7:])
    _add_optional(table, columns[7:])
    frame = table.frame
    _require_filled(
        table,
        {
            "kode_bps": Local("errd_d_x_code"),
            "tahun": Local("errd_d_x_target_year"),
            "indikator": Local("errd_d_x_indicator"),
            "nilai_bawah": Local("errd_d_x_low"),
            "nilai_atas": Local("errd_d_x_high"),
            "jenis": Local("errd_d_x_kind"),
        },
    )
    _check_pattern(table, "kode_bps", _BPS_CODE, Local("errd_d_p_code"))
    frame["tahun"] = _parse_years(table, "tahun")
    for column in ["nilai_bawah", "nilai_atas"]:
        frame[column] = parse_numbers(
            frame[column], table.where, column, table.header_line, table.notes
        )
        percent = frame["indikator"].str.endswith("_persen")
        outside = percent & ~frame[column].between(0, 100)
        if outside.any():
            position = frame.index[outside][0]
            value = f"{frame[column][position]:g}"
            raise _cell_error(table, position, column, "errd_d_percent_range", value=value)
    inverted = frame["nilai_bawah"] > frame["nilai_atas"]
    if inverted.any():
        position = frame.index[inverted][0]
        raise _cell_error(
            table,
            position,
            "nilai_bawah",
            "errd_d_inverted",
            low=f"{frame['nilai_bawah'][position]:g}",
            high=f"{frame['nilai_atas'][position]:g}",
        )
    result = frame[columns].reset_index(drop=True)
    result.attrs["notes"] = table.notes
    return result
