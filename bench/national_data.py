"""Write the national benchmark data set: every one of the 514 official regencies with a P0 series.

BENCHMARK DATA, NOT BPS FIGURES. Real BPS rows are kept; every official regency (and province)
without regency P0 for 2020-2025 gets a simulated series (logit random walk with drift, a COVID
rise in 2020-2021), marked ``sumber = "BENCHMARK: simulasi, bukan data BPS"`` with trust grade C.
It exists only to time the pipeline at national scale: `bench/run.py` writes it to a temporary
folder, points the pipeline at it with ``TKPK_DATA_RAW`` and deletes everything afterwards, so no
brief built from it is ever shipped.

Usage: ``python bench/national_data.py OUTPUT_DIR [--seed 1]``.
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

import numpy as np
import pandas as pd

from analysis import data, paths

BENCHMARK_SOURCE = "BENCHMARK: simulasi, bukan data BPS"
YEARS = range(2020, 2026)


def _simulated_series(rng: np.random.Generator, level: float) -> list[float]:
    logit = np.log(level / (100 - level))
    values = []
    for year in YEARS:
        drift = 0.06 if year in (2020, 2021) else -0.04
        logit += drift + rng.normal(0, 0.03)
        values.append(float(np.round(100 / (1 + np.exp(-logit)), 2)))
    return values


def build(output: Path, seed: int = 1) -> Path:
    """Copy the raw data to ``output`` and add simulated series for every regency lacking one."""
    rng = np.random.default_rng(seed)
    shutil.copytree(paths.DATA_RAW, output, dirs_exist_ok=True)
    bps = data.load_bps()
    official = data.load_official_regencies()
    provinces = pd.read_csv(paths.AREA_DIR / "provinces.csv", dtype=str)
    have = set(bps.loc[bps["indikator"] == "p0_persen", "kode_bps"])
    rows = []

    def add(code, name, level, values, skip=frozenset()):
        for year, value in zip(YEARS, values, strict=True):
            if year in skip:
                continue
            rows.append(
                {
                    "kode_bps": code,
                    "wilayah": name,
                    "tingkat": level,
                    "tahun": year,
                    "periode": "maret",
                    "indikator": "p0_persen",
                    "nilai": value,
                    "kepercayaan": "C",
                    "sumber": BENCHMARK_SOURCE,
                    "salinan": "bench",
                    "catatan": "benchmark only",
                }
            )

    for _, province in provinces.iterrows():
        code = f"{province['code']}00"
        if code not in have:
            add(code, province["name"], "provinsi", _simulated_series(rng, rng.uniform(5, 25)))
    for _, regency in official.iterrows():
        code = regency["kode_bps"]
        covered = set(
            bps.loc[(bps["kode_bps"] == code) & (bps["indikator"] == "p0_persen"), "tahun"]
        )
        if set(YEARS) <= covered:
            continue
        if code in have:  # partial real series (Jawa Timur): keep real years, fill the rest
            real = bps[(bps["kode_bps"] == code) & (bps["indikator"] == "p0_persen")]
            level = float(real["nilai"].iloc[-1])
        else:
            level = float(np.clip(rng.lognormal(np.log(10), 0.4), 2, 40))
        kind = "kota" if regency["nama"].startswith("Kota") else "kabupaten"
        add(code, regency["nama"], kind, _simulated_series(rng, level), skip=frozenset(covered))
    combined = pd.concat([bps[data.BPS_COLUMNS], pd.DataFrame(rows)], ignore_index=True)
    combined.to_csv(output / "bps_kemiskinan.csv", index=False)
    return output


def main() -> None:
    """Command line: write the benchmark data set to a folder."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    arguments = parser.parse_args()
    build(arguments.output, arguments.seed)
    print(arguments.output)


if __name__ == "__main__":
    main()
