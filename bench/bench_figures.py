"""Benchmark of figure drawing: each stage's ``draw_figures`` on one regency (not a test).

Times what a notebook's figure cell costs in a build: drawing and saving every figure of the
stage, and showing them inline as the build engine does (IPython's PNG formatter), each figure
step (``FIGURES`` of its stage) timed on its own. CPU time of this process and wall time,
minimum and median over the repeats. With ``--baseline-src`` (another checkout's ``src``) or
``--baseline-commit`` (a commit of this repository, unpacked into a temporary folder beside this
checkout's data) the same measurement runs on the baseline in alternating processes, and the
ratios are printed.

Usage::

    .venv/bin/python bench/bench_figures.py [--regency klaten] [--repeats 5]
    .venv/bin/python bench/bench_figures.py --baseline-commit f244810 --rounds 2
    .venv/bin/python bench/bench_figures.py --baseline-src /path/to/main/src --rounds 2

Builds into a temporary folder that is deleted afterwards.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from baseline import baseline_tree

ROOT = Path(__file__).resolve().parents[1]
STAGES = ("trend", "pockets", "impact", "forecast")


def _stage_results(regency: str, folder: str):
    """The context and ``{stage: (FIGURES, result)}``, computed as the stages compute them."""
    from analysis import build, data, trend
    from analysis.forecast import figures as forecast_figures
    from analysis.forecast import stage as forecast_stage
    from analysis.impact import stage as impact_stage
    from analysis.pockets import stage as pockets_stage

    context = build.start(regency, folder)
    params = context.params
    trend_result = trend.summarize(data.load_bps(), params.kode_bps, params.latest_data_year)
    forecast_result = forecast_stage.run_steps(
        forecast_stage.load_series(context), forecast_stage.model_names(context)
    )
    drawers = (pockets_stage.draw_figures, impact_stage.draw_figures)
    pockets_stage.draw_figures = impact_stage.draw_figures = lambda context, result: None
    try:
        pockets_result = pockets_stage.run(context)
        impact_result = impact_stage.run(context)
    finally:
        pockets_stage.draw_figures, impact_stage.draw_figures = drawers
    return context, {
        "trend": (trend.FIGURES, trend_result),
        "pockets": (pockets_stage.FIGURES, pockets_result),
        "impact": (impact_stage.FIGURES, impact_result),
        "forecast": (forecast_figures.FIGURES, forecast_result),
    }


def _inline_shell():
    """An IPython shell that formats figures as PNG (as the build engine's) and discards them."""
    from IPython.core.interactiveshell import InteractiveShell
    from IPython.core.pylabtools import select_figure_formats

    shell = InteractiveShell.instance()
    select_figure_formats(shell, {"png"})
    shell.display_pub.publish = lambda data, metadata=None, **options: None
    return shell


def worker(regency: str, repeats: int) -> dict:
    """Time each figure step with its inline display, and each stage's whole cell:
    ``{"stage/step" or "stage": {"cpu": [seconds, ...], "wall": [...]}}``."""
    os.environ.setdefault("MPLBACKEND", "Agg")
    from IPython.display import display

    from analysis import engine, figures

    engine.warm_up()  # imports, data and the first drawing, as the build's parent process
    _inline_shell()
    timings = {}

    def timed(key, started):
        cpu, wall = time.process_time() - started[0], time.perf_counter() - started[1]
        entry = timings.setdefault(key, {"cpu": [], "wall": []})
        entry["cpu"].append(cpu)
        entry["wall"].append(wall)

    with tempfile.TemporaryDirectory(prefix="bench-figures-") as folder:
        context, stages = _stage_results(regency, folder)
        for _ in range(repeats):
            for name in STAGES:
                steps, result = stages[name]
                stage_start = (time.process_time(), time.perf_counter())
                for step in steps:
                    start = (time.process_time(), time.perf_counter())
                    figure = step(context, result)
                    if figure is not None:
                        display(figures.shown(figure))  # as the stage's FigureSet shows it
                    timed(f"{name}/{step.__name__}", start)
                timed(name, stage_start)
    return timings


def _measure(src: Path, regency: str, repeats: int) -> dict:
    """Run the worker in a new process with ``src`` first on the import path."""
    environment = {**os.environ, "PYTHONPATH": str(src)}
    command = [sys.executable, __file__, "--worker", "--regency", regency]
    command += ["--repeats", str(repeats)]
    output = subprocess.run(
        command, cwd=ROOT, env=environment, capture_output=True, text=True, check=True
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def _merge(runs: list[dict]) -> dict:
    return {
        key: {kind: [value for run in runs for value in run[key][kind]] for kind in ("cpu", "wall")}
        for key in runs[0]
    }


def _row(label: str, values: dict) -> str:
    cpu, wall = values["cpu"], values["wall"]
    return (
        f"{label:28s} cpu min {min(cpu):6.3f} s  median {statistics.median(cpu):6.3f} s   "
        f"wall min {min(wall):6.3f} s  median {statistics.median(wall):6.3f} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--regency", default="klaten")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=2, help="alternating processes per side")
    parser.add_argument("--baseline-src", type=Path, help="another checkout's src folder")
    parser.add_argument("--baseline-commit", help="a commit of this repository as baseline")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.worker:
        print(json.dumps(worker(arguments.regency, arguments.repeats)))
        return
    with tempfile.TemporaryDirectory(prefix="bench-figures-base-") as folder:
        sides = {"this": ROOT / "src"}
        if arguments.baseline_commit:
            sides["baseline"] = baseline_tree(arguments.baseline_commit, Path(folder))
        elif arguments.baseline_src:
            sides["baseline"] = arguments.baseline_src.resolve()
        runs = {side: [] for side in sides}
        for round_index in range(arguments.rounds):
            order = list(sides) if round_index % 2 else list(sides)[::-1]
            for side in order:
                runs[side].append(_measure(sides[side], arguments.regency, arguments.repeats))
    _report(arguments, sides, runs)


def _report(arguments, sides: dict, runs: dict) -> None:
    """Print each side's figures and stages, the totals and the ratios."""
    print(
        f"figure cells of {arguments.regency}: draw, save and show inline "
        f"({arguments.rounds} processes x {arguments.repeats} repeats per side); "
        f"load average {os.getloadavg()[0]:.2f}"
    )
    totals = {}
    for side in sides:
        merged = _merge(runs[side])
        print(
            f"-- {side}: {arguments.baseline_commit or sides[side]}"
            if side != "this"
            else f"-- {side}: {sides[side]}"
        )
        for key in merged:
            print(_row(key if "/" in key else f"{key} (stage)", merged[key]))
        totals[side] = {
            kind: sum(min(merged[name][kind]) for name in STAGES) for kind in ("cpu", "wall")
        }
        print(
            f"{'total':28s} cpu {totals[side]['cpu']:.3f} s, wall {totals[side]['wall']:.3f} s "
            "(sum of the stages' minima)"
        )
    if "baseline" in totals:
        for kind in ("cpu", "wall"):
            ratio = totals["baseline"][kind] / totals["this"][kind]
            print(f"baseline / this ({kind}): {ratio:.2f}x")


if __name__ == "__main__":
    main()
