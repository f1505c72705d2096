"""One value per key from several long BPS tables, by a stated precedence, with the conflicts.

Used by `analysis.data.load_bps` (every brief reads the combined table) and by the import
(`analysis.bps_import.store`). It imports nothing from `analysis.data`, so that the loader can use
it without an import cycle: the key and columns are passed in.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.errors import InputError

TRUST_ORDER = {"A": 0, "B": 1, "C": 2}
PRECEDENCE = (
    "one value per kode_bps/tahun/periode/indikator: the highest trust grade (A > B > C), then "
    "the newest import vintage (tables not imported count as oldest), then the source name "
    "(sumber) in alphabetical order"
)
TOLERANCE = 1e-9
_KEPT = ["nilai", "kepercayaan", "sumber", "salinan", "vintage"]


def import_records(folder: Path) -> list[dict]:
    """The provenance records of earlier imports (their JSON sidecars), oldest first.

    Parameters
    ----------
    folder : Path
        The import folder (``data/raw/impor``); a missing folder has no records.

    Returns
    -------
    list of dict
        Each sidecar's record with ``utc``, the import time in UTC (ISO 8601, sortable).

    Raises
    ------
    InputError
        When a sidecar cannot be read or its vintage file is missing.
    """
    records = []
    for path in sorted(Path(folder).glob("bps_*.json")):
        try:
            record = json.loads(path.read_text(encoding="utf-8"))
            record["utc"] = datetime.fromisoformat(record["imported"]).astimezone(UTC).isoformat()
            (Path(folder) / record["vintage"]).stat()
        except (OSError, ValueError, KeyError, TypeError) as error:
            from analysis.labels import both

            reason = f"{type(error).__name__}: {str(error)[:200]}"
            raise InputError(both("errd_b_record", file=path, reason=reason)) from None
        records.append(record)
    return sorted(records, key=lambda record: record["utc"])


def combine(
    tables: list[pd.DataFrame], key: list[str], columns: list[str]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One value per key from several long tables, and every disagreement between them.

    Precedence (`PRECEDENCE`): trust grade A > B > C, then the newer import vintage (the
    ``vintage`` column, ISO 8601; rows without it count as oldest), then the source name
    (``sumber``) in alphabetical order, then ``salinan``.

    Parameters
    ----------
    tables : list of pandas.DataFrame
        Long tables (such as from `analysis.bps_import.load_tables`).
    key : list of str
        The key columns (``kode_bps``, ``tahun``, ``periode``, ``indikator``).
    columns : list of str
        The columns of the long table, in order.

    Returns
    -------
    table : pandas.DataFrame
        The chosen rows, columns ``columns``, sorted by key.
    conflicts : pandas.DataFrame
        One row per pair (chosen row, other row) of the same key whose values differ: the key,
        ``wilayah``, the chosen ``nilai``, ``kepercayaan``, ``sumber``, ``salinan``, ``vintage``,
        the other's (suffix ``_lain``) and ``alasan``, the rule that decided.
    """
    frames = []
    for table in tables:
        frame = table.copy()
        for name in [*columns, "vintage"]:
            if name not in frame.columns:
                frame[name] = ""
        frames.append(frame[[*columns, "vintage"]].astype({"tahun": "int64", "nilai": "float64"}))
    if not frames:
        return pd.DataFrame(columns=columns), conflict_frame(pd.DataFrame(), key)
    rows = pd.concat(frames, ignore_index=True)
    rows["_rank"] = rows["kepercayaan"].map(TRUST_ORDER).fillna(len(TRUST_ORDER))
    rows = rows.sort_values(
        [*key, "_rank", "vintage", "sumber", "salinan"],
        ascending=[True] * len(key) + [True, False, True, True],
        kind="stable",
    )
    first = ~rows.duplicated(key)
    chosen = rows[first]
    pairs = rows[~first].merge(chosen, on=key, suffixes=("_lain", ""))
    pairs = pairs[~np.isclose(pairs["nilai"], pairs["nilai_lain"], rtol=0, atol=TOLERANCE)]
    table = chosen[columns].reset_index(drop=True)
    return table, conflict_frame(pairs, key)


def conflict_frame(pairs: pd.DataFrame, key: list[str]) -> pd.DataFrame:
    """The conflicts table with the rule that chose the kept value of each pair."""
    columns = [*key, "wilayah", *_KEPT, *(f"{name}_lain" for name in _KEPT), "alasan"]
    if pairs.empty:
        return pd.DataFrame(columns=columns)
    reasons = []
    for row in pairs.itertuples(index=False):
        if row.kepercayaan != row.kepercayaan_lain:
            reasons.append(f"kepercayaan {row.kepercayaan} > {row.kepercayaan_lain}")
        elif row.vintage != row.vintage_lain:
            reasons.append(f"impor lebih baru ({row.vintage or '-'} > {row.vintage_lain or '-'})")
        elif row.sumber != row.sumber_lain:
            reasons.append("nama sumber (urutan abjad)")
        else:
            reasons.append("sumber sama, salinan menurut abjad")
    out = pairs.assign(alasan=reasons)
    return out[columns].reset_index(drop=True)
