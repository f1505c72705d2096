"""Benchmark: aggregate a 500,000-family household register (target < 30 s, < 2 GB, 2 cores).

Writes a synthetic P3KE register (SIMULASI, `analysis.register.synthetic`, Klaten, 2022-2025,
scaled to about 500,000 families) to a temporary folder, then in a fresh interpreter times
`analysis.register.load_register` (read the layout's columns, rules, families, village counts,
small-cell protection) and reports its peak resident memory (``ru_maxrss`` of that child). The
baseline, measured in the same child on the same file, is a plain ``pandas.read_csv`` of every
column as text: the ratio says what the register path costs over just reading the file. The
folder is deleted at the end.

    .venv/bin/python bench/bench_register.py [--families 500000]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CHILD = r"""
import json, resource, sys, time
import pandas as pd
from analysis import data
from analysis.register import load_register
path = sys.argv[1]
official = data.load_official_villages("3310")
start = time.perf_counter()
frame, meta = load_register(path, "p3ke", "3310", official)
seconds = time.perf_counter() - start
rss_register = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
start = time.perf_counter()
raw = pd.read_csv(path, dtype=str, keep_default_na=False)
baseline = time.perf_counter() - start
print(json.dumps({"seconds": seconds, "baseline_read_csv_seconds": baseline,
                  "peak_rss_mb_register": rss_register, "families": meta["families"],
                  "rows_in_file": len(raw), "village_years": len(frame)}))
"""


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--families", type=int, default=500_000)
    args = parser.parse_args(argv)
    from analysis.register.synthetic import generate_register

    years = range(2022, 2026)
    # about 390,000 families a year in Klaten (the village generator's calibration)
    scale = args.families / (len(years) * 365_000)
    with tempfile.TemporaryDirectory(prefix="bench-register-") as folder:
        path = Path(folder) / "p3ke_bench.csv"
        start = time.perf_counter()
        frame = generate_register("3310", seed=1, scale=scale, years=years)
        frame.attrs = {}
        frame.to_csv(path, index=False)
        made = time.perf_counter() - start
        size_mb = path.stat().st_size / 1e6
        del frame
        child = subprocess.run(
            [sys.executable, "-c", CHILD, str(path)], capture_output=True, text=True, check=True
        )
    result = json.loads(child.stdout.strip().splitlines()[-1])
    result["file_mb"] = round(size_mb, 1)
    result["generate_seconds"] = round(made, 1)
    result["ratio_to_read_csv"] = result["seconds"] / result["baseline_read_csv_seconds"]
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
