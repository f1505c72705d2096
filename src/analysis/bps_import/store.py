"""Keep imports as vintages under ``data/raw/impor/`` and combine them with the other tables.

A vintage is never changed after it is written: a later download is a new vintage, and `combine`
chooses one value per key by a stated precedence, keeping every disagreement for the method notes.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.bps_import.messages import at_row, bilingual, refuse
from analysis.bps_import.precedence import PRECEDENCE, TOLERANCE, TRUST_ORDER, import_records
from analysis.bps_import.precedence import combine as _combine
from analysis.bps_import.table import COLUMNS, KEY, ImportResult
from analysis.errors import InputError
from analysis.labels import Local, both
from analysis.yamlread import shown

IMPORT_DIR = "impor"
REGISTRY = "datapackage.json"
_TOLERANCE = TOLERANCE
__all__ = ["PRECEDENCE", "TRUST_ORDER", "combine", "load_tables", "revisions", "write_vintage"]
_REVISION_COLUMNS = [
    *KEY,
    "wilayah",
    "nilai_lama",
    "nilai_baru",
    "kepercayaan_lama",
    "sumber_lama",
    "salinan_lama",
]


class RevisionsRefusedError(InputError):
    """An import would change published figures and was not confirmed (``--confirm-revisions``)."""

    def __init__(self, message: str, revisions: pd.DataFrame):
        super().__init__(message)
        self.revisions = revisions


@dataclass
class Outcome:
    """What `write_vintage` did: ``written`` a new vintage or found the import ``unchanged``."""

    status: str
    message: str
    path: Path | None = None
    revisions: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=_REVISION_COLUMNS))
    record: dict = field(default_factory=dict)


def read_long_table(path: Path) -> pd.DataFrame:
    """Read a long BPS table (the columns of ``bps_kemiskinan.csv``) with typed year and value.

    Parameters
    ----------
    path : Path
        A CSV file with at least ``kode_bps``, ``tahun``, ``periode``, ``indikator`` and
        ``nilai``; missing descriptive columns are filled with ''.

    Returns
    -------
    pandas.DataFrame
        The columns `COLUMNS`, ``tahun`` as int and ``nilai`` as float.

    Raises
    ------
    InputError
        When a key column is missing or a year or value is not a number.
    """
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    missing = [name for name in [*KEY, "nilai"] if name not in frame.columns]
    if missing:
        raise refuse(at_row(path, 1), "errd_b_no_columns", names=", ".join(missing))
    for name in COLUMNS:
        if name not in frame.columns:
            frame[name] = ""
    frame = frame[COLUMNS].copy()
    for name, kind in (("tahun", "int64"), ("nilai", "float64")):
        numbers = pd.to_numeric(frame[name], errors="coerce")
        if numbers.isna().any():
            row = int(numbers.index[numbers.isna()][0])
            at = Local("errd_b_cell_named", file=path, row=row + 2, column=name)
            raise refuse(at, "errd_b_not_a_number", value=shown(frame[name][row]))
        frame[name] = numbers.astype(kind)
    return frame


def combine(tables: list[pd.DataFrame]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One value per key of the long BPS table; see `analysis.bps_import.precedence.combine`."""
    return _combine(tables, KEY, COLUMNS)


def load_tables(raw_dir: Path) -> list[pd.DataFrame]:
    """Every long table of a raw-data folder, each with a ``vintage`` column for `combine`.

    Parameters
    ----------
    raw_dir : Path
        The raw-data folder: its top-level CSV files with the long-table columns (such as
        ``bps_kemiskinan.csv``, ``bps_kabkota_nasional.csv``) and the import vintages under
        ``impor/``.

    Returns
    -------
    list of pandas.DataFrame
        Top-level tables with ``vintage`` '' (oldest), then each import vintage with the time it
        was imported (ISO 8601 in UTC, so that vintages sort in time) from its sidecar.
    """
    raw_dir = Path(raw_dir)
    tables = []
    for path in sorted(raw_dir.glob("*.csv")):
        header = path.read_text(encoding="utf-8-sig").partition("\n")[0]
        if set([*KEY, "nilai"]) <= set(header.strip().split(",")):
            tables.append(read_long_table(path).assign(vintage=""))
    for record in import_records(raw_dir / IMPORT_DIR):
        path = raw_dir / IMPORT_DIR / record["vintage"]
        tables.append(read_long_table(path).assign(vintage=record["utc"]))
    return tables


def revisions(new_rows: pd.DataFrame, existing_table: pd.DataFrame) -> pd.DataFrame:
    """The figures of an import that differ from the existing table for the same key.

    Parameters
    ----------
    new_rows : pandas.DataFrame
        Rows of the long table (``ImportResult.rows``).
    existing_table : pandas.DataFrame
        The table in force (usually ``combine(load_tables(raw_dir))[0]``); several rows per key
        give one revision per differing row.

    Returns
    -------
    pandas.DataFrame
        One row per changed figure: the key, ``wilayah``, ``nilai_lama``, ``nilai_baru`` and the
        old row's ``kepercayaan``, ``sumber`` and ``salinan``. Empty when nothing changes.
    """
    if existing_table.empty or new_rows.empty:
        return pd.DataFrame(columns=_REVISION_COLUMNS)
    new = new_rows[[*KEY, "wilayah", "nilai"]].astype({"tahun": "int64", "nilai": "float64"})
    old = existing_table[[*KEY, "nilai", "kepercayaan", "sumber", "salinan"]].astype(
        {"tahun": "int64", "nilai": "float64"}
    )
    merged = new.merge(old, on=KEY, suffixes=("_baru", "_lama"))
    merged = merged.rename(
        columns={"kepercayaan": "kepercayaan_lama", "sumber": "sumber_lama"}
    ).rename(columns={"salinan": "salinan_lama"})
    changed = ~np.isclose(merged["nilai_baru"], merged["nilai_lama"], rtol=0, atol=_TOLERANCE)
    return merged.loc[changed, _REVISION_COLUMNS].reset_index(drop=True)


def format_revisions(table: pd.DataFrame, limit: int = 40) -> str:
    """Revisions as aligned text lines (at most ``limit``, then a count of the rest).

    The lines hold codes, names and numbers only; a legend above them says what they show, in
    Indonesian and English.
    """
    lines = [f"  {both('errd_b_rev_legend').replace(chr(10), chr(10) + '  ')}"]
    for row in table.head(limit).itertuples(index=False):
        lines.append(
            f"  {row.kode_bps} {row.wilayah}, {row.indikator} {row.periode} {row.tahun}: "
            f"{row.nilai_lama:g} -> {row.nilai_baru:g} ({row.kepercayaan_lama}, "
            f"{row.sumber_lama})"
        )
    if len(table) > limit:
        more = both("errd_b_rev_more", n=len(table) - limit).replace("\n", " ")
        lines.append(f"  ... {more}")
    return "\n".join(lines)


def _atomic_write(path: Path, text: str) -> None:
    """Write a text file through a temporary file in the same folder (never half-written)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _unchanged(result: ImportResult, raw_dir: Path, records: list[dict]) -> Outcome | None:
    """The outcome of an import already done: the same file, or the same figures as a vintage."""
    for record in records:
        if record.get("sha256") == result.sha256:
            message = both(
                "errd_b_out_same_file",
                file=result.path.name,
                date=record["date"],
                vintage=f"{IMPORT_DIR}/{record['vintage']}",
                sha=result.sha256[:12],
            )
            return Outcome("unchanged", message)
    new = result.rows.set_index(KEY)["nilai"]
    for record in reversed(records):
        old = read_long_table(raw_dir / IMPORT_DIR / record["vintage"]).set_index(KEY)["nilai"]
        common = new.index.intersection(old.index)
        if len(common) == len(new) and np.allclose(new[common], old[common], rtol=0, atol=0):
            message = both(
                "errd_b_out_same_figures",
                file=result.path.name,
                vintage=f"{IMPORT_DIR}/{record['vintage']}",
                date=record["date"],
                source=shown(record["file"]),
            )
            return Outcome("unchanged", message)
    return None


def write_vintage(
    result: ImportResult, raw_dir: Path, confirm: bool = False, now: datetime | None = None
) -> Outcome:
    """Add the figures of an import to a raw-data folder as a new vintage file.

    Writes ``<raw_dir>/impor/bps_<yyyy-mm-dd>_<sha12>.csv`` (the long-table columns) and its
    provenance record ``bps_<yyyy-mm-dd>_<sha12>.json`` (file name, SHA-256, time imported, table
    title, row count, notes, revisions confirmed), and registers the CSV in
    ``<raw_dir>/datapackage.json`` when that registry exists. Nothing already written is changed.

    Parameters
    ----------
    result : ImportResult
        From `read_export`.
    raw_dir : Path
        The raw-data folder (``data/raw``).
    confirm : bool
        Accept figures that differ from the table in force (``--confirm-revisions``).
    now : datetime, optional
        The time of the import (default: now); names the file.

    Returns
    -------
    Outcome
        ``written`` with the path and the revisions accepted, or ``unchanged`` when the same file
        or the same figures were imported before (nothing is written then).

    Raises
    ------
    InputError
        When names are unmatched or there are no figures.
    RevisionsRefusedError
        When figures differ from the table in force and ``confirm`` is False; its message lists
        them and ``revisions`` holds them.
    """
    raw_dir = Path(raw_dir)
    if result.unmatched:
        raise InputError(result.unmatched_message())
    if result.rows.empty:
        raise InputError(both("errd_b_nothing", file=result.path))
    records = import_records(raw_dir / IMPORT_DIR)
    done = _unchanged(result, raw_dir, records)
    if done:
        return done
    tables = load_tables(raw_dir)
    current = combine(tables)[0] if tables else pd.DataFrame(columns=COLUMNS)
    changed = revisions(result.rows, current)
    if len(changed) and not confirm:
        heading = both("errd_b_revisions", file=result.path, folder=raw_dir, n=len(changed))
        raise RevisionsRefusedError(f"{heading}\n{format_revisions(changed)}", changed)
    return _write(result, raw_dir, changed, now or datetime.now().astimezone())


def _number_text(value: float) -> str:
    """A value as the table writes it: exact, and never readable as a thousands separator.

    ``21.723`` is written ``21.7230``: the loader refuses one separator followed by exactly three
    digits as ambiguous (it could be 21723).
    """
    text = repr(float(value))
    head, _, decimals = text.partition(".")
    return text + "0" if len(decimals) == 3 and len(head.lstrip("-")) <= 3 else text


def _write(result: ImportResult, raw_dir: Path, changed: pd.DataFrame, now: datetime) -> Outcome:
    """Write the vintage CSV, its provenance sidecar and its registry entry."""
    stem = f"bps_{now.date().isoformat()}_{result.sha256[:12]}"
    folder = raw_dir / IMPORT_DIR
    csv_path = folder / f"{stem}.csv"
    rows = result.rows.copy()
    rows["nilai"] = rows["nilai"].map(_number_text)
    _atomic_write(csv_path, rows.to_csv(index=False, lineterminator="\n"))
    record = {
        "file": result.path.name,
        "sha256": result.sha256,
        "imported": now.isoformat(timespec="seconds"),
        "date": now.date().isoformat(),
        "title": result.title,
        "rows": len(result.rows),
        "vintage": csv_path.name,
        "kepercayaan": sorted(set(result.rows["kepercayaan"])),
        "indikator": sorted(set(result.rows["indikator"])),
        "tahun": sorted(int(year) for year in set(result.rows["tahun"])),
        "wilayah": int(result.rows["kode_bps"].nunique()),
        "revisions_confirmed": len(changed),
        "notes": result.notes,
    }
    _atomic_write(folder / f"{stem}.json", json.dumps(record, indent=2, ensure_ascii=False) + "\n")
    _register(raw_dir, csv_path, record)
    years = ", ".join(map(str, record["tahun"]))
    message = bilingual(
        "errd_b_out_written",
        file=result.path.name,
        rows=record["rows"],
        indicators=", ".join(record["indikator"]),
        years=years,
        regions=record["wilayah"],
        path=csv_path,
        confirmed=Local("errd_b_out_confirmed", n=len(changed)) if len(changed) else "",
    )
    return Outcome("written", message, csv_path, changed, record)


def _register(raw_dir: Path, csv_path: Path, record: dict) -> None:
    """Add the vintage to the raw-data registry (datapackage.json), if the folder has one."""
    registry_path = raw_dir / REGISTRY
    if not registry_path.is_file():
        return
    registry = json.loads(registry_path.read_text(encoding="utf-8"))
    resources = registry.setdefault("resources", [])
    schema = next(
        (r["schema"] for r in resources if r.get("path") == "bps_kemiskinan.csv" and "schema" in r),
        {"fields": [{"name": name, "type": "string"} for name in COLUMNS]},
    )
    data = csv_path.read_bytes()
    resources.append(
        {
            "name": f"impor-{csv_path.stem.replace('_', '-')}",
            "path": csv_path.relative_to(raw_dir).as_posix(),
            "title": f"Import of a BPS download: {record['title']}",
            "source": (
                f"BPS web-table download {record['file']!r} (SHA-256 {record['sha256']}), "
                "imported with make data-import; provenance in "
                f"{csv_path.with_suffix('.json').name}"
            ),
            "licence": "BPS statistics are public information (UU 14/2008); cite BPS",
            "retrieved": record["date"],
            "vintage": f"import {record['imported']}",
            "schema": schema,
            "sha256": hashlib.sha256(data).hexdigest(),
            "bytes": len(data),
        }
    )
    _atomic_write(registry_path, json.dumps(registry, indent=2, ensure_ascii=False) + "\n")
