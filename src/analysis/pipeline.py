"""Build one regency's brief: validate, execute the notebooks with papermill, render, publish.

Everything is built in a staging folder inside ``reports/<regency>/`` and moved into place only
when complete, the PDF last; a lock file serialises two builds of the same regency. A failed or
interrupted build therefore leaves the previous good brief or none, never a half-built one.

Command line: ``python -m analysis.pipeline build klaten [--lang en] [--renderer quarto]``.
"""

from __future__ import annotations

import argparse
import fcntl
import os
import shutil
import signal
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from analysis import paths
from analysis.build import RUN_RECORD_NAME, Context, write_json
from analysis.errors import InputError
from analysis.personal import mask_identifiers

STAGE_NOTEBOOKS = ("01-trend", "02-forecast", "03-pockets", "04-impact")
BRIEF_NOTEBOOK = "05-brief"
PUBLISHED_DIRS = ("results", "figures", "notebooks")


@contextmanager
def regency_lock(folder: Path):
    """Hold an exclusive lock on a regency's folder; a second build waits for the first."""
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / ".lock", "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(f"waiting: another build of {folder.name} is running", file=sys.stderr)
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def execute_notebook(name: str, staging: Path, parameters: dict) -> Path:
    """Execute ``notebooks/<name>.ipynb`` with papermill into the staging folder."""
    import papermill

    from analysis import engine

    engine_name = engine.register()
    source = paths.NOTEBOOKS_DIR / f"{name}.ipynb"
    target = staging / "notebooks" / f"{name}.ipynb"
    target.parent.mkdir(parents=True, exist_ok=True)
    papermill.execute_notebook(
        str(source),
        str(target),
        parameters=parameters,
        kernel_name="python3",
        progress_bar=False,
        log_output=False,
        engine_name=engine_name,
    )
    return target


def publish(staging: Path, folder: Path, files: list[str]) -> None:
    """Move a finished build into place: folders first, then files, the PDF last."""
    for name in PUBLISHED_DIRS:
        new = staging / name
        if not new.exists():
            continue
        old = folder / name
        retired = staging / f"{name}.old"
        if old.exists():
            os.replace(old, retired)
        os.replace(new, old)
    for name in sorted(files, key=lambda n: n.endswith(".pdf")):
        os.replace(staging / name, folder / name)


MANIFEST_NAME = ".manifest"


def remove_dead_staging(folder: Path) -> None:
    """Remove the ``.staging-PID`` folders of builds whose process is gone (killed, power loss)."""
    for staging in folder.glob(".staging-*"):
        pid = staging.name.removeprefix(".staging-")
        if pid.isdigit() and int(pid) != os.getpid() and not _alive(int(pid)):
            shutil.rmtree(staging, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


MAX_USER_FILE_BYTES = 500_000_000


def check_user_files(params) -> None:
    """Refuse a village or boundaries file that is not a regular file or is too large.

    Checked before anything reads or hashes it: a FIFO or a device (/dev/zero) would block a
    build or fill the memory. A missing file is left to the loaders, which say what is expected.
    """
    from analysis import provenance

    for label, path in provenance.user_inputs(params).items():
        if not path.exists():
            continue
        if not path.is_file():
            raise InputError(
                f"{label}: not a regular file (a folder, device or pipe is never read); "
                "expected a CSV, XLSX or GeoJSON file in village_data."
            )
        size = path.stat().st_size
        if size > MAX_USER_FILE_BYTES:
            raise InputError(
                f"{label}: {size:,} bytes, more than the limit of {MAX_USER_FILE_BYTES:,}; "
                "expected village aggregates (one row per village and year)."
            )


def is_up_to_date(folder: Path, digest: str) -> bool:
    """True when the published brief was built from exactly these inputs (`provenance.manifest`)."""
    stamp = folder / MANIFEST_NAME
    if not (folder / "brief.pdf").is_file() or not stamp.is_file():
        return False
    return stamp.read_text(encoding="utf-8").strip() == digest


def build(
    slug: str, language: str = "", renderer: str = "pandoc", force: bool = False
) -> Path | None:
    """Build a regency's brief and return the path of the PDF (None when it was up to date).

    The brief is rebuilt only when an input listed by `analysis.provenance.manifest` changed (or
    with ``force``); the digest of the inputs is published last, after the PDF.

    Raises
    ------
    InputError
        For an unknown regency or invalid parameters, before anything is written.
    """
    from analysis import engine, privacy, provenance, render, results
    from analysis import params as params_module

    validated = params_module.load(slug, language or None)
    folder = paths.regency_dir(validated.regency)
    check_user_files(validated)
    digest = provenance.manifest_digest(validated, language, renderer)
    if not force and is_up_to_date(folder, digest):
        return None
    engine.warm_up()
    with regency_lock(folder):
        remove_dead_staging(folder)
        staging = folder / f".staging-{os.getpid()}"
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir(parents=True)
        try:
            parameters = {
                "regency": validated.regency,
                "output_dir": str(staging),
                "language": language,
            }
            for name in STAGE_NOTEBOOKS:
                execute_notebook(name, staging, parameters)
                _stop_if_interrupted()
            # One provenance object: the brief's notes print it and run.json is the same record.
            record = results.save(Context(validated, staging), provenance.record(validated))
            brief_notebook = execute_notebook(BRIEF_NOTEBOOK, staging, parameters)
            _stop_if_interrupted()
            literals = render.user_strings(validated, staging)
            outputs = render.render_brief(brief_notebook, staging, renderer, literals)
            # The renderer, its version and the Typst that wrote the PDF (`render.Rendered`).
            write_json({**record.to_json(), "render": outputs.tools}, staging / RUN_RECORD_NAME)
            privacy.check_outputs(staging)
            _stop_if_interrupted()
            (folder / MANIFEST_NAME).unlink(missing_ok=True)  # stale until the new PDF is in place
            publish(staging, folder, [*outputs, "run.json"])
            (staging / MANIFEST_NAME).write_text(digest + "\n", encoding="utf-8")
            os.replace(staging / MANIFEST_NAME, folder / MANIFEST_NAME)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    return folder / "brief.pdf"


_interrupted: list[int] = []


def _terminate(signum, frame):
    _interrupted.append(signum)
    raise KeyboardInterrupt(f"interrupted by signal {signum}")


def _stop_if_interrupted() -> None:
    """Raise if a signal arrived, even one whose exception was swallowed (e.g. in a fork hook)."""
    if _interrupted:
        raise KeyboardInterrupt(f"interrupted by signal {_interrupted[0]}")


def main(argv: list[str] | None = None) -> int:
    """Command line entry point (``python -m analysis.pipeline``)."""
    parser = argparse.ArgumentParser(
        prog="python -m analysis.pipeline", description="Build TKPK briefs."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    build_parser = commands.add_parser("build", help="build one regency's brief")
    build_parser.add_argument("regency")
    build_parser.add_argument("--lang", default="", choices=["", "id", "en"])
    build_parser.add_argument("--renderer", default="pandoc", choices=["pandoc", "quarto"])
    build_parser.add_argument("--force", action="store_true", help="rebuild even if up to date")
    arguments = parser.parse_args(argv)
    # Builds run side by side (make -j, batch workers): one BLAS thread each, no oversubscription.
    for variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(variable, "1")
    # SIGTERM (make interrupted, a CI timeout) unwinds like Ctrl-C so the staging folder is removed.
    signal.signal(signal.SIGTERM, _terminate)
    signal.signal(signal.SIGINT, _terminate)  # installed even when started with SIGINT ignored
    started = time.perf_counter()
    try:
        pdf = build(arguments.regency, arguments.lang, arguments.renderer, arguments.force)
    except InputError as error:
        print(f"error: {mask_identifiers(str(error))}", file=sys.stderr)
        return 2
    except Exception as error:
        # A notebook cell raised: papermill wraps it; an input problem is shown as a plain message.
        if getattr(error, "ename", None) == "InputError":
            print(f"error: {mask_identifiers(str(error.evalue))}", file=sys.stderr)
            return 2
        if type(error).__name__ == "PrivacyError":
            print(f"error: {mask_identifiers(str(error))}", file=sys.stderr)
            return 3
        raise
    if pdf is None:
        print(f"up to date, nothing to do: {paths.regency_dir(arguments.regency)}")
        return 0
    print(f"{pdf} ({time.perf_counter() - started:.1f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
