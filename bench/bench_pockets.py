"""Benchmark: the pockets analysis of one regency (`analysis.pockets.analyse`, target <= 0.4 s).

Times the notebook cell ``ranking = analysis.pockets.analyse(panel, rule)`` of
``notebooks/03-pockets.ipynb`` (deprivation index with a beta prior per indicator, 200-replicate
parametric bootstrap with every prior refitted in each replicate, rank intervals, the rule) for
three regencies, after one warm-up call, as wall and CPU seconds (median and minimum of
``--runs``). The baseline, in the same process, is the bootstrap's random draws alone (a beta
rate and a binomial count for every village, replicate and count column, same seed): the part of
the method no implementation can skip, so the ratio says what the rest costs on this machine.

    .venv/bin/python bench/bench_pockets.py [--runs 7] [klaten boyolali sampang]
"""

from __future__ import annotations

import argparse
import functools
import os
import statistics
import sys
import tempfile
import time

import numpy as np


def _timed(function, runs: int) -> dict:
    wall, cpu = [], []
    for _ in range(runs):
        start_wall, start_cpu = time.perf_counter(), time.process_time()
        function()
        wall.append(time.perf_counter() - start_wall)
        cpu.append(time.process_time() - start_cpu)
    return {
        "wall_median": statistics.median(wall),
        "wall_min": min(wall),
        "cpu_median": statistics.median(cpu),
        "cpu_min": min(cpu),
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


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("regencies", nargs="*", default=["klaten", "boyolali", "sampang"])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args(argv)
    import analysis.build
    import analysis.pockets
    import analysis.villages

    print(f"load average at start: {os.getloadavg()[0]:.2f} ({os.cpu_count()} cores)")
    print(
        f"{'regency':12s} {'villages':>8s} {'wall med':>9s} {'wall min':>9s} {'cpu med':>8s} "
        f"{'draws cpu':>9s} {'ratio':>6s}"
    )
    with tempfile.TemporaryDirectory(prefix="bench-pockets-") as folder:
        for regency in args.regencies:
            context = analysis.build.start(regency, os.path.join(folder, regency), "")
            panel, _ = analysis.villages.load_panel(context)
            rule = analysis.pockets.rule_inputs(context, panel)
            ranking = analysis.pockets.analyse(panel, rule)  # warm-up
            analyse = _timed(functools.partial(analysis.pockets.analyse, panel, rule), args.runs)
            draws = _timed(_draws(panel, rule), args.runs)
            print(
                f"{regency:12s} {len(ranking.villages):8d} {analyse['wall_median']:8.3f}s "
                f"{analyse['wall_min']:8.3f}s {analyse['cpu_median']:7.3f}s "
                f"{draws['cpu_median']:8.3f}s {analyse['cpu_median'] / draws['cpu_median']:5.1f}x"
            )
    print(f"load average at end: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
