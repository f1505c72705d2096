"""Benchmark: the pockets stage of one regency without its figures, and the simulated panel.

Times, as CPU seconds (median of ``--runs``, after one warm-up), three parts of
``notebooks/03-pockets.ipynb``:

* ``analyse``: ``analysis.pockets.analyse(panel, rule)`` (deprivation index with a beta prior per
  indicator, 200-replicate parametric bootstrap with every prior refitted in each replicate, rank
  intervals, the rule);
* ``panel``: ``analysis.villages.load_panel(context)`` (the SIMULASI generator for regencies
  without a village file; it runs in the pockets and in the impact notebook);
* ``rest``: the other cells that do not draw (``published_lokus``, ``rule_card``,
  ``sensitivity_table``, ``lokus_agreement``, ``kecamatan_concentration``, ``profile``,
  ``collect`` and the result's ``model_dump``).

Without ``--baseline`` it also times the bootstrap's random draws alone (a beta rate and a
binomial count for every village, replicate and count column, same seed): the part of the method
no implementation can skip. With ``--baseline SRC`` (an older ``src`` tree, e.g.
``git -C /work/main archive f244810 src | tar -x -C /tmp/pokbase``) every run measures the
baseline and this tree in turn, each in a fresh process, so both see the same machine load; the
baseline's project folder gets links to this tree's data, params, notebooks and _extensions.

    .venv/bin/python bench/bench_pockets.py [--runs 7] [klaten boyolali sampang]
    .venv/bin/python bench/bench_pockets.py --baseline /tmp/pokbase/src --runs 5 klaten
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
PARTS = ("analyse", "panel", "rest")


def _cpu(function, runs: int) -> float:
    """Median CPU seconds of ``runs`` calls."""
    times = []
    for _ in range(runs):
        start = time.process_time()
        function()
        times.append(time.process_time() - start)
    return statistics.median(times)


def _stage_parts(regency: str, folder: str) -> dict:
    """The three parts of the stage as functions of no argument (see the module docstring)."""
    import analysis.build
    import analysis.pockets as pockets
    import analysis.villages

    context = analysis.build.start(regency, os.path.join(folder, regency), "")
    panel, meta = analysis.villages.load_panel(context)
    rule = pockets.rule_inputs(context, panel)
    ranking = pockets.analyse(panel, rule)

    def rest():
        published = pockets.published_lokus(context)
        result = pockets.collect(
            panel,
            meta,
            ranking,
            pockets.rule_card(ranking),
            pockets.sensitivity_table(ranking.villages),
            pockets.lokus_agreement(ranking, published),
            pockets.kecamatan_concentration(ranking.villages),
            pockets.profile(ranking),
            None,
        )
        result.model_dump(include={"year", "n_villages", "n_priority", "notes"})

    return {
        "analyse": functools.partial(pockets.analyse, panel, rule),
        "panel": functools.partial(analysis.villages.load_panel, context),
        "rest": rest,
        "villages": len(ranking.villages),
        "draws": _draws(panel, rule),
    }


def _draws(panel, rule):
    """A function making the bootstrap's beta and binomial draws for the rule's year."""
    from analysis.pockets import fit_beta_priors, village_year
    from analysis.villages import INDICATORS

    frame = village_year(panel, rule.year)
    trials = frame["families"].to_numpy(dtype=float)
    counts = frame[["families_desil1", *INDICATORS]].to_numpy(dtype=float)
    priors = fit_beta_priors(counts, trials)
    alpha = np.array([p["alpha"] for p in priors])
    beta = np.array([p["beta"] for p in priors])

    def draw():
        rng = np.random.default_rng(rule.seed)
        rates = rng.beta(
            alpha + counts, beta + trials[:, None] - counts, size=(rule.n_boot, *counts.shape)
        )
        rng.binomial(trials.astype(np.int64)[None, :, None], rates)

    return draw


def _child(regency: str, runs: int) -> None:
    """Measure one regency in this process and print the medians as JSON (``--child``)."""
    with tempfile.TemporaryDirectory(prefix="bench-pockets-") as folder:
        parts = _stage_parts(regency, folder)
        for name in PARTS:
            parts[name]()  # warm-up
        print(json.dumps({name: _cpu(parts[name], runs) for name in PARTS}))


def _link_project(src: Path) -> None:
    """Give a baseline ``src`` tree the project folders it reads (as links to this tree's)."""
    for name in ("data", "params", "notebooks", "_extensions"):
        target = src.parent / name
        if not target.exists():
            target.symlink_to(ROOT / name)


def _measure(src: Path, regency: str, runs: int) -> dict:
    environment = {**os.environ, "PYTHONPATH": str(src)}
    command = [sys.executable, __file__, "--child", "--runs", str(runs), regency]
    output = subprocess.run(command, env=environment, capture_output=True, text=True, check=True)
    return json.loads(output.stdout.strip().splitlines()[-1])


def compare(baseline: Path, regencies: list[str], runs: int, rounds: int) -> None:
    """Baseline and this tree in turn, ``rounds`` times per regency; medians of the rounds."""
    _link_project(baseline)
    print(f"load average at start: {os.getloadavg()[0]:.2f} ({os.cpu_count()} cores)")
    print(f"{'regency':12s} {'part':8s} {'before':>8s} {'after':>8s} {'ratio':>6s}")
    for regency in regencies:
        seen: dict[str, dict[str, list[float]]] = {"before": {}, "after": {}}
        for _ in range(rounds):
            for side, src in (("before", baseline), ("after", ROOT / "src")):
                for name, value in _measure(src, regency, runs).items():
                    seen[side].setdefault(name, []).append(value)
        for name in PARTS:
            before = statistics.median(seen["before"][name])
            after = statistics.median(seen["after"][name])
            print(f"{regency:12s} {name:8s} {before:7.3f}s {after:7.3f}s {before / after:5.1f}x")
    print(f"load average at end: {os.getloadavg()[0]:.2f}")


def current(regencies: list[str], runs: int) -> None:
    """This tree only, with the random draws alone as the floor."""
    print(f"load average at start: {os.getloadavg()[0]:.2f} ({os.cpu_count()} cores)")
    print(
        f"{'regency':12s} {'villages':>8s} {'analyse':>8s} {'draws':>8s} {'panel':>8s} {'rest':>8s}"
    )
    with tempfile.TemporaryDirectory(prefix="bench-pockets-") as folder:
        for regency in regencies:
            parts = _stage_parts(regency, folder)
            cpu = {name: _cpu(parts[name], runs) for name in (*PARTS, "draws")}
            print(
                f"{regency:12s} {parts['villages']:8d} {cpu['analyse']:7.3f}s "
                f"{cpu['draws']:7.3f}s {cpu['panel']:7.3f}s {cpu['rest']:7.3f}s"
            )
    print(f"load average at end: {os.getloadavg()[0]:.2f}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("regencies", nargs="*", default=["klaten", "boyolali", "sampang"])
    parser.add_argument("--runs", type=int, default=7, help="calls per measurement")
    parser.add_argument("--rounds", type=int, default=3, help="alternations with --baseline")
    parser.add_argument("--baseline", type=Path, help="an older src tree to compare with")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        _child(args.regencies[0], args.runs)
    elif args.baseline:
        compare(args.baseline.resolve(), args.regencies, args.runs, args.rounds)
    else:
        current(args.regencies, args.runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
