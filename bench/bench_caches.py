"""Time the steps the disk cache and the cheaper checks serve, each in a fresh interpreter.

Every step runs ``--runs`` times in a new Python process (as `make report` and each notebook
start without the previous process's memory) and the median wall time is printed. The package
is imported from ``--src`` (default: this checkout's ``src``), so a baseline tree (for example
``git archive <commit> src data params | tar -x -C /tmp/base``) can be timed the same way:

    .venv/bin/python bench/bench_caches.py --outputs reports/klaten
    .venv/bin/python bench/bench_caches.py --src /tmp/base/src --outputs reports/klaten

The first run of a tree after a code change fills the cache; the medians are of warm runs
(one untimed run comes first). ``--outputs`` is a built regency folder for the privacy scan.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Each step: what is timed (after the setup lines, which are not timed).
STEPS = {
    "imports (analysis.params, analysis.data)": ("", "from analysis import data, params"),
    "params.load('klaten')": ("from analysis import data, params", "params.load('klaten')"),
    "data.load_bps() + load_official_regencies()": (
        "from analysis import data",
        "data.load_bps(); data.load_official_regencies()",
    ),
    "forecast load_series + evaluate (regency_inputs, evaluate)": (
        "from analysis import data, forecast; from analysis.forecast.forecasting import "
        "regency_inputs; b = data.load_bps()",
        "i = regency_inputs(b, '3310', 2026, None); forecast.evaluate(i, forecast.COMBINED_MODELS)",
    ),
    "trend.positions_for(bps, '3310', 2025)": (
        "from analysis import data, trend; b = data.load_bps()",
        "trend.positions_for(b, '3310', 2025)",
    ),
    "privacy.check_outputs(<outputs>)": (
        "from analysis import privacy; import pypdf, openpyxl, nbformat",
        "privacy.check_outputs(OUTPUTS)",
    ),
}

TEMPLATE = """
import time
from pathlib import Path
OUTPUTS = Path({outputs!r})
{setup}
started = time.perf_counter()
{timed}
print(time.perf_counter() - started)
"""


def time_step(src: Path, setup: str, timed: str, outputs: str) -> float:
    """Wall seconds of ``timed`` in a fresh interpreter importing the package from ``src``."""
    code = TEMPLATE.format(outputs=outputs, setup=setup, timed=timed)
    env = {**os.environ, "PYTHONPATH": str(src)}
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    return float(done.stdout.strip().splitlines()[-1])


def main() -> int:
    """Print the median of each step."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--src", default=str(ROOT / "src"), help="the package's src folder")
    parser.add_argument("--runs", type=int, default=5, help="timed runs per step (default 5)")
    parser.add_argument("--outputs", default="", help="a built regency folder (privacy scan)")
    arguments = parser.parse_args()
    src = Path(arguments.src).resolve()
    print(f"src {src}, median of {arguments.runs} fresh processes, seconds")
    for name, (setup, timed) in STEPS.items():
        if "OUTPUTS" in timed and not arguments.outputs:
            continue
        time_step(src, setup, timed, arguments.outputs)  # fills the cache of this tree
        times = [time_step(src, setup, timed, arguments.outputs) for _ in range(arguments.runs)]
        print(f"{statistics.median(times):7.3f}  {name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
