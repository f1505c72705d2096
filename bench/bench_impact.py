"""Benchmark: the impact stage's estimate against a baseline source tree, same run, same machine.

Times the three cells of ``notebooks/04-impact.ipynb`` that compute, ``frame =
analysis.impact.outcome_panel(panel)``, ``result = analysis.impact.estimate(context, frame,
meta, settings)`` and ``analysis.impact.save(context, result)``, for each regency, in a fresh
interpreter per tree and round (one untimed warm-up call, then ``--repeats`` timed calls whose
median counts). Rounds alternate baseline and current tree; the figure per tree is the median
of its rounds. Each tree writes ``results/impact.json`` into its own folder and the two files
must be byte-identical (the script says so, and exits 1 when they are not).

The baseline is ``src`` of a commit (``git archive <commit> src``, default ``f244810``, the code
before the impact speed-up) unpacked into a temporary folder beside links to this checkout's
``data``, ``params``, ``notebooks`` and ``_extensions``, run on the same environment:

    .venv/bin/python bench/bench_impact.py [--baseline f244810] [--rounds 3] [--repeats 5]
        [klaten jombang aceh-selatan jayawijaya]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from baseline import baseline_tree

ROOT = Path(__file__).resolve().parents[1]
REGENCIES = ["klaten", "jombang", "aceh-selatan", "jayawijaya"]

WORKER = """
import json, sys, time
import analysis.build, analysis.impact, analysis.villages

regencies, repeats, folder = sys.argv[1].split(","), int(sys.argv[2]), sys.argv[3]
out = {}
for regency in regencies:
    context = analysis.build.start(regency, f"{folder}/{regency}", "")
    panel, meta = analysis.villages.load_panel(context)
    settings = analysis.impact.Settings()
    frame = analysis.impact.outcome_panel(panel)
    analysis.impact.save(context, analysis.impact.estimate(context, frame, meta, settings))
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        frame = analysis.impact.outcome_panel(panel)
        result = analysis.impact.estimate(context, frame, meta, settings)
        analysis.impact.save(context, result)
        times.append(time.perf_counter() - started)
    out[regency] = sorted(times)[len(times) // 2]
print(json.dumps(out))
"""


def run_tree(src: Path, regencies: list[str], repeats: int, folder: Path) -> dict:
    """Median seconds per regency of one fresh interpreter importing ``analysis`` from ``src``."""
    env = {**os.environ, "PYTHONPATH": str(src)}
    done = subprocess.run(
        [sys.executable, "-c", WORKER, ",".join(regencies), str(repeats), str(folder)],
        check=True,
        capture_output=True,
        text=True,
        env=env,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("regencies", nargs="*", default=REGENCIES)
    parser.add_argument("--baseline", default="f244810")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args(argv)
    print(f"load average at start: {os.getloadavg()[0]:.2f} ({os.cpu_count()} cores)")
    with tempfile.TemporaryDirectory(prefix="bench-impact-") as scratch:
        scratch = Path(scratch)
        (scratch / "base").mkdir()
        trees = {"baseline": baseline_tree(args.baseline, scratch / "base"), "now": ROOT / "src"}
        rounds: dict[str, list[dict]] = {name: [] for name in trees}
        for _ in range(args.rounds):
            for name, src in trees.items():
                out = scratch / f"out-{name}"
                rounds[name].append(run_tree(src, args.regencies, args.repeats, out))
        print(f"{'regency':14s} {'baseline s':>10s} {'now s':>8s} {'ratio':>6s}  impact.json")
        identical = True
        for regency in args.regencies:
            base = statistics.median(r[regency] for r in rounds["baseline"])
            now = statistics.median(r[regency] for r in rounds["now"])
            files = [scratch / f"out-{n}" / regency / "results" / "impact.json" for n in trees]
            same = files[0].read_bytes() == files[1].read_bytes()
            identical &= same
            shown = "identical" if same else "DIFFERENT"
            print(f"{regency:14s} {base:10.3f} {now:8.3f} {base / now:5.1f}x  {shown}")
    print(f"load average at end: {os.getloadavg()[0]:.2f}")
    return 0 if identical else 1


if __name__ == "__main__":
    sys.exit(main())
