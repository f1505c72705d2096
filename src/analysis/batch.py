"""Build many regencies at once: a whole province or every regency with data.

The parent process imports the heavy modules once, then a pool of forked workers (one per core
by default) builds regencies side by side, each into its own ``reports/<regency>/`` folder and in
a process forked for it (`build_in_own_process`; its notebooks run there, each in a new shell).
A regency whose brief is newer than every input is skipped; a failure is recorded with its first
error line and never stops the others. The exit status is 1 when any regency failed.

Command line: ``python -m analysis.batch --all`` or ``python -m analysis.batch --province 33``.
"""

from __future__ import annotations

import argparse
import contextlib
import multiprocessing
import os
import sys
import time
from dataclasses import dataclass

from analysis import paths, regencies


@dataclass
class Outcome:
    """What happened to one regency in a batch."""

    regency: str
    status: str  # "built", "failed" or "skipped"
    seconds: float
    detail: str = ""


def is_up_to_date(slug: str, language: str = "") -> bool:
    """True when the regency's published brief was built from exactly the current inputs.

    Each language has its own brief (``brief.pdf``, ``brief.en.pdf``) and is checked on its own.
    The same rule as ``make report`` (`analysis.pipeline.is_up_to_date` on the digest of
    `analysis.provenance.manifest`): code, notebooks, template, raw data, params, the user's
    village and boundaries files, environment overrides and the language. Parameters that do not
    load are never up to date (the build then reports the error).
    """
    from analysis import params as params_module
    from analysis import pipeline, provenance
    from analysis.errors import InputError

    never_built = paths.regency_dir(slug)
    if not any(pipeline.published_brief(never_built, lang).exists() for lang in ("id", "en")):
        return False  # no brief in either language: nothing to compare (a first national batch)
    try:
        language = pipeline.same_language_as_file(slug, language)
        validated = params_module.load(slug, language or None)
    except InputError:
        return False
    digest = provenance.manifest_digest(validated, language, "pandoc")
    folder = paths.regency_dir(validated.regency)
    return pipeline.is_up_to_date(folder, digest, validated.language)


def _first_error_line(error: BaseException) -> str:
    if getattr(error, "ename", None):  # papermill: the exception raised in a notebook cell
        text = f"{error.ename}: {error.evalue}"
    else:
        text = f"{type(error).__name__}: {error}"
    from analysis.personal import mask_identifiers

    text = mask_identifiers(text[:2000])
    return text.strip().splitlines()[0][:200] if text.strip() else type(error).__name__


def build_one(task: tuple) -> Outcome:
    """Build one regency (in a worker), logging its output to ``reports/<regency>/build.log``.

    ``task`` is ``(slug, language)``, or ``(slug, language, side_by_side, force)``: whether the
    build runs its stage notebooks side by side (`pipeline.STAGES_SIDE_BY_SIDE`) and whether it
    rebuilds a brief that is up to date. One after the other, the regency is built in a process
    of its own (`build_in_own_process`).
    """
    if len(task) == 4 and not task[2]:
        return build_in_own_process(task)
    return _build_here(task)


def build_in_own_process(task: tuple) -> Outcome:
    """Build one regency in a process forked for it, its notebooks run in that process.

    The worker stays as it was after the warm-up (nothing a regency loads or leaves reaches the
    next one), and the regency's five notebooks run in its process one after the other, each
    in a new shell with an empty namespace (`analysis.engine.run_here`), instead of five more
    forks, which copied much the same pages of the worker five times (`bench/README.md`: a
    Jawa Tengah batch took 0.87 times the CPU, with the positions handed on by
    `warm_forecast_cache`). A process that ends without an outcome (killed, out of memory) fails
    its regency with the signal or status.
    """
    import gc
    import json
    from dataclasses import asdict

    from analysis import engine, pipeline

    slug, language = task[0], task[1]
    started = time.perf_counter()
    read_end, write_end = os.pipe()
    gc.freeze()  # the worker's objects are never collected in the child: no copy-on-write scans
    pid = os.fork()
    if pid == 0:  # the regency's process: build, report, leave without the worker's exit handlers
        os.close(read_end)
        status = 0
        try:
            engine.RUN_HERE["enabled"] = True
            payload = json.dumps(asdict(_build_here(task)))
        except BaseException:  # Ctrl-C, or a failure _build_here did not catch: no outcome
            payload, status = "", 1
        with os.fdopen(write_end, "w", encoding="utf-8") as pipe:
            pipe.write(payload)
        os._exit(status)
    os.close(write_end)
    with os.fdopen(read_end, encoding="utf-8") as pipe:
        payload = pipe.read()
    _, status = os.waitpid(pid, 0)
    seconds = time.perf_counter() - started
    if payload:
        return Outcome(**{**json.loads(payload), "seconds": seconds})
    ended = engine.NotebookProcessError(status)
    fields = {"regency": slug, "folder": paths.regency_dir(slug)}
    if ended.signal:
        error = pipeline.BuildError(
            "publish_regency_killed", language, signal=ended.signal, **fields
        )
    else:
        error = pipeline.BuildError(
            "publish_regency_died", language, status=ended.exit_status, **fields
        )
    return Outcome(slug, "failed", seconds, _first_error_line(error))


def _build_here(task: tuple) -> Outcome:
    """Build one regency in this process (`build_one`)."""
    from analysis import pipeline

    slug, language, *options = task
    force = False
    if options:
        pipeline.STAGES_SIDE_BY_SIDE["enabled"], force = options
    started = time.perf_counter()
    folder = paths.regency_dir(slug)
    log = folder / "build.log"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        stream = open(log, "w", encoding="utf-8")  # noqa: SIM115 - closed by the with below
    except OSError as error:  # a read-only reports folder, a full disk: say so, build the others
        message = pipeline.os_error_message(error, folder, slug, language or "id")
        detail = str(message) if message else _first_error_line(error)
        return Outcome(slug, "failed", time.perf_counter() - started, detail)
    with (
        stream,
        contextlib.redirect_stdout(stream),
        contextlib.redirect_stderr(stream),
    ):
        try:
            pdf = pipeline.build(slug, language, force=force)
        except Exception as error:
            import traceback

            if isinstance(error, pipeline.BuildError):
                print(f"error: {error.both()}", file=stream)
            else:
                traceback.print_exc(file=stream)
            return Outcome(slug, "failed", time.perf_counter() - started, _first_error_line(error))
    if pdf is None:
        return Outcome(slug, "skipped", time.perf_counter() - started, "up to date")
    return Outcome(slug, "built", time.perf_counter() - started)


def select(province: str | None = None, names: list[str] | None = None) -> list[str]:
    """Return the regencies to build: given names, a province's, or all with data."""
    if names:
        return [regencies.resolve(name).slug for name in names]
    chosen = regencies.all_regencies()
    if province:
        prefix = province[:2]
        chosen = [r for r in chosen if r.kode_bps.startswith(prefix)]
        if not chosen:
            from analysis.errors import InputError
            from analysis.labels import both

            # The argument is the user's: cut short (InputError masks long digit runs).
            raise InputError(both("errd_run_province", province=province[:40], prefix=prefix))
    return [r.slug for r in chosen]


def _province_caches_for(task: tuple[str, int, int]) -> tuple[dict, dict]:
    """In a worker: forecast one regency and place its province; return the caches filled."""
    from analysis import data, forecast, trend

    kode_bps, latest_year, target_year = task
    bps = data.load_bps()
    # An error is left to the regency's own build, which reports it (in its notebook's cell).
    with contextlib.suppress(Exception):
        forecast.forecast_regency(bps, kode_bps, target_year)
    with contextlib.suppress(Exception):
        trend.positions_for(bps, kode_bps, latest_year)
    return forecast.cache_entries(), trend.position_entries()


def warm_forecast_cache(slugs: list[str], workers: int) -> None:
    """Compute each province's forecast backtest and positions once, in parallel, before forking.

    Every build runs in forked processes whose caches die with them, so without this each
    regency would recompute its province's backtest (and, for provinces with short series, the
    backtests of every province) and its province's ranks and quadrant. One forecast and one
    ranking per (province, latest year, target year) are computed in a worker; the caches they
    fill are merged here and inherited by every build.
    """
    from analysis import forecast, trend
    from analysis import params as params_module

    tasks, seen = [], set()
    for slug in slugs:
        try:
            validated = params_module.load(slug)
        except Exception:  # a bad params file fails in its own build, not here
            continue
        key = (validated.province_code, validated.latest_data_year, validated.target_year)
        if key not in seen:
            seen.add(key)
            tasks.append((validated.kode_bps, validated.latest_data_year, validated.target_year))
    if not tasks:
        return
    if len(tasks) == 1:  # one province: compute it here, every build forks from this process
        _province_caches_for(tasks[0])
        return
    context = multiprocessing.get_context("fork")
    with context.Pool(max(1, min(workers, len(tasks)))) as pool:
        for forecasts, positions in pool.imap_unordered(_province_caches_for, tasks):
            forecast.add_cache_entries(forecasts)
            trend.add_position_entries(positions)


def worker_tasks(
    slugs: list[str], language: str, workers: int, force: bool = False
) -> list[tuple[str, str, bool, bool]]:
    """The `build_one` tasks of a batch: ``(slug, language, side_by_side, force)`` in order.

    With a regency per worker the workers keep the cores busy, and stages side by side would only
    add processes (running the last regencies' stages side by side, to use the cores idle at the
    end of a batch, cost 4 % more CPU and no wall time on 8 regencies); with fewer regencies than
    workers, each build uses the spare cores.
    """
    side_by_side = len(slugs) < workers
    return [(slug, language, side_by_side, force) for slug in slugs]


def run(
    slugs: list[str], workers: int, language: str = "", force: bool = False, progress: bool = True
) -> list[Outcome]:
    """Build the given regencies with a pool of workers; return one outcome per regency."""
    from analysis import engine

    outcomes = []
    todo = []
    for slug in slugs:
        if not force and is_up_to_date(slug, language):
            outcomes.append(Outcome(slug, "skipped", 0.0, "up to date"))
        else:
            todo.append(slug)
    if todo:
        for variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
            os.environ.setdefault(variable, "1")
        engine.warm_up()
        warm_forecast_cache(todo, workers)
        tasks = worker_tasks(todo, language, workers, force)
        from tqdm import tqdm

        bar = tqdm(total=len(todo), unit="regency", disable=not progress, file=sys.stderr)
        context = multiprocessing.get_context("fork")
        with context.Pool(max(1, min(workers, len(todo))), maxtasksperchild=50) as pool:
            for outcome in pool.imap_unordered(build_one, tasks):
                outcomes.append(outcome)
                bar.set_postfix_str(f"{outcome.regency}: {outcome.status}")
                bar.update(1)
        bar.close()
    order = {slug: index for index, slug in enumerate(slugs)}
    return sorted(outcomes, key=lambda outcome: order[outcome.regency])


def summary_table(outcomes: list[Outcome]) -> str:
    """A plain-text table of every regency's outcome, then the totals."""
    lines = [f"{'regency':24s} {'status':8s} {'seconds':>7s}  detail"]
    for outcome in outcomes:
        lines.append(
            f"{outcome.regency:24s} {outcome.status:8s} {outcome.seconds:7.1f}  {outcome.detail}"
        )
    counts = {
        status: sum(o.status == status for o in outcomes)
        for status in ("built", "failed", "skipped")
    }
    lines.append(
        f"{len(outcomes)} regencies: {counts['built']} built, {counts['failed']} failed, "
        f"{counts['skipped']} skipped (up to date)"
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Command line entry point (``python -m analysis.batch``)."""
    from analysis.errors import InputError

    parser = argparse.ArgumentParser(
        prog="python -m analysis.batch", description="Build many TKPK briefs in parallel."
    )
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--all", action="store_true", help="every regency with BPS data")
    group.add_argument("--province", help="BPS province code (33 Jawa Tengah, 35 Jawa Timur)")
    group.add_argument("--only", nargs="+", help="these regencies")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--lang", default="", choices=["", "id", "en"])
    parser.add_argument("--force", action="store_true", help="rebuild even if up to date")
    parser.add_argument("--no-progress", action="store_true")
    arguments = parser.parse_args(argv)
    try:
        slugs = select(arguments.province, arguments.only)
    except InputError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    started = time.perf_counter()
    outcomes = run(
        slugs,
        arguments.workers,
        arguments.lang,
        arguments.force,
        progress=not arguments.no_progress,
    )
    print(summary_table(outcomes))
    print(f"wall time {time.perf_counter() - started:.1f} s with {arguments.workers} workers")
    return 1 if any(outcome.status == "failed" for outcome in outcomes) else 0


if __name__ == "__main__":
    raise SystemExit(main())
