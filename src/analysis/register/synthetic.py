"""A synthetic household register (SIMULASI) in the P3KE layout, for tests and the demo.

The register is made FROM the village generator (`analysis.synth.generate_for_regency`, same
seed): each village and year of the simulated panel becomes ``round(count * scale)`` family rows
whose decile and indicator attributes reproduce the panel's counts, so the register is calibrated
exactly as the village panel is (desil-1 share = BPS P0). Deprivations go preferentially to
decile-1 families. Attributes are written as the P3KE export writes them (text categories in the
columns of ``layouts/p3ke.yml``), together with personal columns (NIK, name, address) that the
reader never loads, and with deliberate dirt:

* blank cells in attribute columns (about 1 %) and in the decile (0.5 %);
* duplicated family rows (0.5 %) and rows without a village code (0.2 %);
* rows of another regency (0.5 %, codes of the next regency) and village codes without dots
  (30 %); upper-case categories (5 %).

Every row says ``Sumber Data = SIMULASI``: a brief built from it is labelled SIMULASI.

Build the Klaten brief from it (the path a real user takes)::

    python -m analysis.register.synthetic klaten /tmp/p3ke_klaten.csv \
        --interventions /tmp/intervensi_klaten.csv
    # params/klaten.yml -> village_data: {source: register, path: /tmp/p3ke_klaten.csv,
    #                                     layout: p3ke}   (see params/klaten-register.yml)
    make report REGENCY=klaten
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.params import INDICATORS

DEFAULT_SCALE = 0.1
DEFAULT_SEED = 20251127
DEFAULT_YEARS = range(2022, 2026)

GOOD = {
    "Jenis Lantai": ["Keramik", "Ubin/tegel/teraso", "Semen/bata merah"],
    "Jenis Dinding": ["Tembok", "Kayu/papan kualitas tinggi"],
    "Jenis Atap": ["Genteng", "Seng", "Asbes", "Beton"],
    "Sumber Penerangan": ["Listrik PLN dengan meteran", "Listrik PLN tanpa meteran"],
    "Sumber Air Minum": ["Leding", "Air kemasan bermerek", "Sumur bor/pompa", "Sumur terlindung"],
    "Fasilitas BAB": ["Sendiri", "Bersama rumah tangga tertentu", "MCK komunal"],
    "Risiko Stunting": ["Tidak"],
    "Jumlah Anak Tidak Sekolah": ["0"],
    "Jumlah Anggota Disabilitas": ["0"],
    "Status Pekerjaan Kepala Keluarga": ["Bekerja", "Berusaha sendiri", "Buruh/karyawan"],
}
POOR = {
    "Jenis Lantai": ["Tanah", "Bambu"],
    "Jenis Dinding": ["Bambu", "Anyaman bambu"],
    "Jenis Atap": ["Ijuk/rumbia", "Jerami"],
    "Sumber Penerangan": ["Bukan listrik"],
    "Sumber Air Minum": ["Sumur tak terlindung", "Mata air tak terlindung", "Air hujan"],
    "Fasilitas BAB": ["Tidak ada", "Ada tetapi tidak digunakan"],
    "Risiko Stunting": ["Ya"],
    "Jumlah Anak Tidak Sekolah": ["1", "2", "3"],
    "Jumlah Anggota Disabilitas": ["1", "2"],
    "Status Pekerjaan Kepala Keluarga": ["Tidak bekerja"],
}
# The one attribute column behind each indicator (rtlh has three: one poor material suffices).
SOURCE_COLUMN = {
    "no_electricity": "Sumber Penerangan",
    "no_water": "Sumber Air Minum",
    "no_latrine": "Fasilitas BAB",
    "stunting_risk": "Risiko Stunting",
    "child_out_of_school": "Jumlah Anak Tidak Sekolah",
    "disability": "Jumlah Anggota Disabilitas",
    "not_working": "Status Pekerjaan Kepala Keluarga",
}
HOUSING = ("Jenis Lantai", "Jenis Dinding", "Jenis Atap")
FIRST_NAMES = ["Sri", "Budi", "Siti", "Agus", "Wahyu", "Dwi", "Tri", "Eko", "Endang", "Sutrisno"]
LAST_NAMES = ["Wahyuni", "Santoso", "Rahayu", "Susanto", "Lestari", "Purnomo", "Handayani"]


def _pick(rng, options, size) -> np.ndarray:
    return np.asarray(options, dtype=object)[rng.integers(0, len(options), size)]


def _flags(rng, row, counts, poor_bonus) -> np.ndarray:
    """Exactly ``counts[row]`` flagged families per row, preferring the poorest (random ranks)."""
    score = rng.random(len(row)) - poor_bonus
    order = np.lexsort((score, row))  # by row, then by score
    sorted_rows = row[order]
    starts = np.searchsorted(sorted_rows, sorted_rows, side="left")
    rank = np.empty(len(row), dtype=np.int64)
    rank[order] = np.arange(len(row)) - starts  # the rank of each family within its row
    return rank < counts[row]


def families_from_panel(panel: pd.DataFrame, scale: float, seed: int) -> pd.DataFrame:
    """Family rows (clean, in P3KE columns) reproducing a village panel's scaled counts."""
    rng = np.random.default_rng(seed)
    counts = {
        c: np.rint(panel[c].to_numpy() * scale).astype(np.int64)
        for c in panel.columns
        if c in ("families", "families_desil1", "families_desil1_4", *INDICATORS)
    }
    n = np.maximum(counts["families"], 1)
    d14 = np.minimum(counts["families_desil1_4"], n)
    d1 = np.minimum(counts["families_desil1"], d14)
    row = np.repeat(np.arange(len(panel)), n)
    position = np.arange(len(row)) - np.repeat(np.cumsum(n) - n, n)
    desil = np.where(
        position < d1[row],
        1,
        np.where(position < d14[row], rng.integers(2, 5, len(row)), rng.integers(5, 11, len(row))),
    )
    out = {
        "ID Keluarga P3KE": [f"P3KE{i:010d}" for i in range(len(row))],
        "Tahun Data": panel["year"].to_numpy()[row].astype(str),
        "Kode Desa Kemendagri": panel["village_code"].to_numpy()[row],
        "Desil Kesejahteraan": desil.astype(str),
    }
    poor_bonus = 0.5 * (desil == 1)
    for name in INDICATORS:
        flagged = _flags(rng, row, np.minimum(counts[name], n), poor_bonus)
        columns = HOUSING if name == "rtlh" else (SOURCE_COLUMN[name],)
        chosen = rng.integers(0, len(columns), len(row))  # which housing part is poor
        for index, column in enumerate(columns):
            poor = flagged & (chosen == index)
            out[column] = np.where(
                poor, _pick(rng, POOR[column], len(row)), _pick(rng, GOOD[column], len(row))
            )
    return pd.DataFrame(out)


def _personal(rng, size: int, kode_bps: str) -> dict:
    """Fake personal columns: the reader must never load them."""
    nik = [f"{kode_bps}{d:012d}" for d in rng.integers(0, 10**12, size)]
    first, last = _pick(rng, FIRST_NAMES, size), _pick(rng, LAST_NAMES, size)
    names = [f"{a} {b}" for a, b in zip(first, last, strict=True)]
    rt = rng.integers(1, 15, size)
    address = [f"Dusun Krajan RT {a:03d}/RW {a // 3 + 1:03d}" for a in rt]
    return {"NIK Kepala Keluarga": nik, "Nama Kepala Keluarga": names, "Alamat": address}


def add_dirt(frame: pd.DataFrame, rng: np.random.Generator, kode_bps: str) -> pd.DataFrame:
    """Blank cells, duplicated families, other regencies' codes, undotted and upper-case codes."""
    frame = frame.copy()
    size = len(frame)
    attributes = [c for c in frame.columns if c in GOOD]
    for column in attributes:
        frame.loc[rng.random(size) < 0.01, column] = ""
        upper = rng.random(size) < 0.05
        frame.loc[upper, column] = frame.loc[upper, column].str.upper()
    frame.loc[rng.random(size) < 0.005, "Desil Kesejahteraan"] = ""
    code = frame["Kode Desa Kemendagri"]
    undotted = rng.random(size) < 0.3
    frame.loc[undotted, "Kode Desa Kemendagri"] = code[undotted].str.replace(".", "", regex=False)
    frame.loc[rng.random(size) < 0.002, "Kode Desa Kemendagri"] = ""
    other = frame[rng.random(size) < 0.005].copy()
    neighbour = f"{kode_bps[:2]}.{int(kode_bps[2:]) % 99 + 1:02d}"
    other["Kode Desa Kemendagri"] = neighbour + other["Kode Desa Kemendagri"].str[-8:].where(
        other["Kode Desa Kemendagri"].str.contains(".", regex=False), ".01.2001"
    )
    other["ID Keluarga P3KE"] = "X" + other["ID Keluarga P3KE"]
    duplicated = frame[rng.random(size) < 0.005]
    frame = pd.concat([frame, other, duplicated], ignore_index=True)
    return frame.iloc[rng.permutation(len(frame))].reset_index(drop=True)


def generate_register(
    kode_bps: str, seed: int = DEFAULT_SEED, scale: float = DEFAULT_SCALE, years=DEFAULT_YEARS
) -> pd.DataFrame:
    """A synthetic P3KE family-level register of one regency (SIMULASI), with dirt.

    Parameters
    ----------
    kode_bps : str
        4-digit BPS code of the regency ("3310").
    seed : int
        Seed of the village generator and of the households; same seed, same file.
    scale : float
        Families per simulated family (0.1: a tenth of the regency's families, for a light demo).
    years : iterable of int
        Data years (default 2022-2025, the P3KE years).

    Returns
    -------
    DataFrame
        Text cells in the columns of the P3KE layout plus NIK, name and address columns and
        ``Sumber Data = SIMULASI``; ``attrs["panel"]`` holds the village panel it was made from.
    """
    from analysis import synth

    years = sorted({int(y) for y in years})
    # The village generator plans priority lists from its first year: simulate its full span,
    # then keep the register's years (same villages and draws as the SIMULASI panel).
    span = range(min(min(years), min(synth.DEFAULT_YEARS)), max(years) + 1)
    panel, _ = synth.generate_for_regency(kode_bps, seed, years=span)
    panel = panel[panel["year"].isin(years)].reset_index(drop=True)
    rng = np.random.default_rng(np.random.SeedSequence(seed).spawn(2)[1])
    families = families_from_panel(panel, scale, int(rng.integers(2**31)))
    personal = _personal(rng, len(families), kode_bps)
    frame = pd.concat([pd.DataFrame(personal), families], axis=1)
    frame["Sumber Data"] = "SIMULASI"
    frame = add_dirt(frame, rng, kode_bps)
    frame.attrs["panel"] = panel
    return frame


def generate_interventions(path: Path, seed: int = DEFAULT_SEED, share: float = 0.35):
    """Intervention tags (SIMULASI) for a synthetic register written at ``path``.

    A share of each year's families in need of an indicator (by the P3KE layout's rules) are
    tagged, in that year or an earlier one of the register, by the indicator's default OPD (80 %)
    or another OPD of the allow-list; a few tags name families absent from the register.

    Returns
    -------
    DataFrame
        id_keluarga, indikator, tahun, opd (the columns `analysis.register.interventions` reads).
    """
    from analysis.register.interventions import DEFAULT_OPD, OPD
    from analysis.register.layout import key, load_layout
    from analysis.register.reader import read_export
    from analysis.register.rules import indicator_rows

    layout = load_layout("p3ke")
    cells = read_export(path, layout)
    flags = indicator_rows(path, cells, layout)
    rng = np.random.default_rng(seed + 1)
    years = cells[key(layout.columns.year)].astype(int).to_numpy()
    family = cells[key(layout.columns.family_id)].to_numpy()
    parts = []
    for name in INDICATORS:
        chosen = flags[name].to_numpy() & (rng.random(len(cells)) < share)
        n = int(chosen.sum())
        tagged = years[chosen] - rng.integers(0, 2, n)  # this year or the one before
        other = rng.random(n) < 0.2
        opd = np.where(other, _pick(rng, OPD, n), DEFAULT_OPD[name])
        parts.append(
            pd.DataFrame(
                {"id_keluarga": family[chosen], "indikator": name, "tahun": tagged, "opd": opd}
            )
        )
    tags = pd.concat(parts, ignore_index=True)
    strangers = tags.sample(frac=0.01, random_state=int(rng.integers(2**31))).copy()
    strangers["id_keluarga"] = "Z" + strangers["id_keluarga"]
    return pd.concat([tags, strangers], ignore_index=True)


def main(argv=None) -> int:
    """``python -m analysis.register.synthetic <regency> <out.csv|out.xlsx> [--scale --seed]``."""
    from analysis import regencies

    parser = argparse.ArgumentParser(description="Write a synthetic P3KE register (SIMULASI).")
    parser.add_argument("regency", help="regency slug such as klaten, or a 4-digit BPS code")
    parser.add_argument("out", type=Path, help="the CSV or XLSX file to write")
    parser.add_argument("--scale", type=float, default=DEFAULT_SCALE)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument(
        "--interventions", type=Path, help="also write intervention tags (CSV) for the register"
    )
    args = parser.parse_args(argv)
    kode = args.regency if args.regency.isdigit() else regencies.resolve(args.regency).kode_bps
    frame = generate_register(kode, args.seed, args.scale)
    frame.attrs = {}
    if args.out.suffix.lower() == ".xlsx":
        frame.to_excel(args.out, index=False)
    else:
        frame.to_csv(args.out, index=False)
    print(f"{args.out}: {len(frame)} rows (SIMULASI, scale {args.scale}, seed {args.seed})")
    if args.interventions:
        tags = generate_interventions(args.out, args.seed)
        tags.to_csv(args.interventions, index=False)
        print(f"{args.interventions}: {len(tags)} intervention tags (SIMULASI)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
