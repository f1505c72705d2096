"""The official BPS code list (``data/raw/kode_wilayah_bps.csv``) and its Kemendagri codes.

BPS and Kemendagri number regencies differently (BPS 1101 is Simeulue, Kemendagri 11.01 is Aceh
Selatan; BPS 9701 Nduga is Kemendagri 95.xx), so the official villages of a regency (Kemendagri
codes) are found through this list. It is written once from the national table (current BPS codes
for all 514 regencies and cities, the 38 provinces and the nation) and the Kemendagri regency list,
matching names within the level (a Kabupaten never matches a Kota): ``python -m
analysis.bps_import.codelist`` rewrites it; every name must match exactly one Kemendagri regency.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pandas as pd

from analysis.bps_import.messages import bilingual
from analysis.bps_import.names import level_of, normalise
from analysis.errors import InputError
from analysis.labels import Local

CODE_LIST = "kode_wilayah_bps.csv"
COLUMNS = ["kode_bps", "wilayah", "tingkat", "kode_kemendagri", "kode_bps_lama"]
_OLD_CODE = re.compile(r"kode BPS lama ([0-9]{4})")
# Kemendagri names carry words BPS leaves out ("Kota Administrasi Jakarta Pusat").
_OPTIONAL_WORDS = re.compile(r"^(administrasi|kepulauan)")


def _keys(name: str) -> list[str]:
    """The exact key of a name, then the key without the optional leading words."""
    level, key, _ = normalise(name)
    return [f"{level}|{key}", f"{level}|{_OPTIONAL_WORDS.sub('', key)}"]


def build_code_list(national: pd.DataFrame, area_dir: Path) -> pd.DataFrame:
    """The official BPS code list with the Kemendagri code of every regency and province.

    Parameters
    ----------
    national : pandas.DataFrame
        The national long table (``bps_kabkota_nasional.csv``), columns at least ``kode_bps``,
        ``wilayah``, ``tingkat``, ``tahun`` and ``catatan``.
    area_dir : Path
        The Kemendagri lists (``idn-area-data``: ``provinces.csv``, ``regencies.csv``).

    Returns
    -------
    pandas.DataFrame
        Columns `COLUMNS`, one row per BPS code, sorted; province names without "Provinsi".

    Raises
    ------
    InputError
        When a regency or province name matches no or several Kemendagri names.
    """
    latest = national.sort_values("tahun").drop_duplicates("kode_bps", keep="last")
    regencies = pd.read_csv(area_dir / "regencies.csv", dtype=str)
    provinces = pd.read_csv(area_dir / "provinces.csv", dtype=str)
    lookup: dict[str, list[str]] = {}
    loose_lookup: dict[str, list[str]] = {}
    for code, name in zip(regencies["code"], regencies["name"], strict=True):
        exact, loose = _keys(name)
        lookup.setdefault(exact, []).append(code)
        loose_lookup.setdefault(loose, []).append(code)
    for code, name in zip(provinces["code"], provinces["name"], strict=True):
        lookup.setdefault(_keys(f"Provinsi {name}")[0], []).append(code)
    rows = []
    for record in latest.sort_values("kode_bps").itertuples(index=False):
        level = level_of(record.kode_bps)
        name = str(record.wilayah)
        exact, loose = _keys(name)
        found = lookup.get(exact) or loose_lookup.get(loose, [])
        found = [""] if level == "nasional" else found
        if len(found) != 1:
            listed = ", ".join(found) or Local("errd_b_none")
            raise InputError(
                bilingual(
                    "errd_b_kemendagri",
                    code=record.kode_bps,
                    name=repr(name),
                    n=len(found),
                    found=listed,
                )
            )
        old = {
            m.group(1)
            for note in national.loc[national["kode_bps"] == record.kode_bps, "catatan"]
            for m in _OLD_CODE.finditer(str(note))
        }
        if level == "provinsi":
            name = re.sub(r"^Provinsi\s+", "", name)
        rows.append([record.kode_bps, name, level, found[0], " ".join(sorted(old))])
    return pd.DataFrame(rows, columns=COLUMNS)


def main() -> int:
    """Rewrite ``data/raw/kode_wilayah_bps.csv`` from the national table and Kemendagri lists."""
    from analysis import paths

    national = pd.read_csv(
        paths.DATA_RAW / "bps_kabkota_nasional.csv", dtype=str, keep_default_na=False
    )
    try:
        table = build_code_list(national, paths.AREA_DIR)
    except InputError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    table.to_csv(paths.DATA_RAW / CODE_LIST, index=False, lineterminator="\n")
    counts = table["tingkat"].value_counts().to_dict()
    print(f"wrote {paths.DATA_RAW / CODE_LIST}: {counts}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
