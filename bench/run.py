"""Benchmark of whole builds, every figure from one run on this machine (not a test).

Prints:
  (a) seconds per regency: the batch command vs running each notebook with the papermill
      command line (kernel start and imports per notebook), and their ratio;
  (b) wall time to build the 35 regencies of Jawa Tengah;
  (c) wall time for every one of the 514 regencies and cities on the real national table,
      unless --skip-national;
  (d) wall time of a no-op rebuild (`make report` right after a build).
  (e) first builds with `make serve` running (the warm build server), median of six regencies.

Usage: ``.venv/bin/python bench/run.py [--skip-national] [--sample 2]``. Everything is built in
temporary folders that are deleted afterwards.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
NOTEBOOKS = ["01-trend", "02-forecast", "03-pockets", "04-impact", "05-brief"]
SAMPLE = ["klaten", "boyolali", "sragen", "kota-semarang", "pekalongan", "jombang"]


def _run(command, environment=None, check=True):
    started = time.perf_counter()
    result = subprocess.run(
        command,
        cwd=ROOT,
        env={**os.environ, **(environment or {})},
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - started
    if check and result.returncode != 0:
        raise RuntimeError(f"{' '.join(map(str, command))} failed:\n{result.stderr[-3000:]}")
    return elapsed, result


def papermill_cli_per_regency(regency: str, work: Path) -> float:
    """Seconds to run every notebook of one regency with the papermill command line."""
    papermill = Path(PYTHON).with_name("papermill")
    output = work / "cli" / regency
    output.mkdir(parents=True, exist_ok=True)
    total = 0.0
    for name in NOTEBOOKS:
        source = ROOT / "notebooks" / f"{name}.ipynb"
        elapsed, _ = _run(
            [
                str(papermill),
                str(source),
                str(output / f"{name}.ipynb"),
                "-p",
                "regency",
                regency,
                "-p",
                "output_dir",
                str(output),
                "--no-progress-bar",
            ]
        )
        total += elapsed
    return total


def batch(arguments: list[str], reports: Path, environment=None) -> float:
    """Wall seconds of one batch command into a fresh reports folder."""
    shutil.rmtree(reports, ignore_errors=True)
    reports.mkdir(parents=True)
    elapsed, result = _run(
        [PYTHON, "-m", "analysis.batch", "--no-progress", "--force", *arguments],
        {"TKPK_REPORTS_DIR": str(reports), **(environment or {})},
        check=False,
    )
    last = [line for line in result.stdout.splitlines() if "regencies:" in line]
    print(f"    {last[-1] if last else result.stderr[-500:]}")
    return elapsed


def main() -> None:
    """Run the benchmark and print the four figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-national", action="store_true")
    parser.add_argument(
        "--sample", type=int, default=2, help="regencies timed with the papermill command line"
    )
    arguments = parser.parse_args()
    cores = os.cpu_count()
    print(f"machine: {cores} cores, Python {sys.version.split()[0]}")
    with tempfile.TemporaryDirectory(prefix="tkpk-bench-") as temporary:
        work = Path(temporary)
        sample = SAMPLE[: arguments.sample]
        cli = [papermill_cli_per_regency(regency, work) for regency in sample]
        cli_per_regency = sum(cli) / len(cli)
        print(
            f"(a) papermill command line, every notebook: {cli_per_regency:.1f} s per regency "
            f"(mean of {len(cli)}: {', '.join(sample)})"
        )
        wall = batch(["--province", "33"], work / "jateng")
        batch_per_regency = wall / 35
        print(
            f"(a) batch command ({cores} workers): {batch_per_regency:.2f} s per regency "
            "(Jawa Tengah run below, start-up included)"
        )
        print(f"(a) ratio papermill CLI / batch: {cli_per_regency / batch_per_regency:.1f}x")
        print(f"(b) Jawa Tengah, 35 regencies: {wall:.1f} s wall")
        if not arguments.skip_national:
            wall = batch(["--all"], work / "national")
            print(
                f"(c) all 514 regencies and cities (real data): {wall:.1f} s wall "
                f"({wall / 514:.2f} s per regency)"
            )
        reports = work / "noop"
        make = [
            "make",
            "--no-print-directory",
            "report",
            "REGENCY=klaten",
            f"REPORTS_DIR={reports}",
        ]
        no_server = {"TKPK_SERVER_SOCKET": str(work / "no-server.sock")}
        first, _ = _run(make, no_server)
        second, _ = _run(make, no_server)
        print(
            f"(d) make report REGENCY=klaten: first build {first:.1f} s, no-op rebuild "
            f"{second:.2f} s (no build server)"
        )
        warm_builds(work)


def warm_builds(work: Path) -> None:
    """(e) First builds through a running build server (`make serve`), each into a new folder."""
    server = {"TKPK_SERVER_SOCKET": str(work / "server" / "build.sock")}
    _run(["make", "--no-print-directory", "serve"], server)
    try:
        times = []
        for regency in SAMPLE:
            reports = work / "warm" / regency
            command = ["make", "--no-print-directory", "report", f"REGENCY={regency}"]
            elapsed, _ = _run([*command, f"REPORTS_DIR={reports}"], server)
            times.append(elapsed)
        times.sort()
        print(
            f"(e) make report with `make serve` running, first build: median "
            f"{statistics.median(times):.1f} s over {len(times)} regencies "
            f"(min {times[0]:.1f}, max {times[-1]:.1f}: {', '.join(SAMPLE)})"
        )
    finally:
        _run(["make", "--no-print-directory", "serve-stop"], server)


if __name__ == "__main__":
    main()
