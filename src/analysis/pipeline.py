"""Build one regency's brief: validate, execute the notebooks with papermill, render, publish.

Everything is built in a staging folder inside ``reports/<regency>/`` and published in one step
(`analysis.publish`: a new version folder, then one symlink swapped), each language under its own
names (``brief.pdf``, ``brief.en.pdf``); a lock file serialises two builds of the same regency. A
failed, interrupted or killed build therefore leaves the previous good brief or none, never a
half-built or mixed one. A read-only folder, a full disk or a killed notebook process ends with a
message saying which path or notebook, that the published brief is unchanged, and what to do.

Command line: ``python -m analysis.pipeline build klaten [--lang en] [--renderer quarto]``.
"""

from __future__ import annotations

import argparse
import errno
import fcntl
import os
import shutil
import signal
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from analysis import paths
from analysis import publish as publishing
from analysis.build import RUN_RECORD_NAME, Context, hand_on, naming_errors, take_back, write_json
from analysis.errors import InputError
from analysis.labels import os_reason, text
from analysis.personal import mask_identifiers
from analysis.userfiles import check_user_files

STAGE_NOTEBOOKS = ("01-trend", "02-forecast", "03-pockets", "04-impact")
BRIEF_NOTEBOOK = "05-brief"
PUBLISHED_DIRS = ("results", "figures", "notebooks")
MANIFEST_NAME = publishing.MANIFEST_NAME


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
    try:
        with naming_errors(target):  # papermill's own write of the notebook names no path
            papermill.execute_notebook(
                str(source),
                str(target),
                parameters=parameters,
                kernel_name="python3",
                progress_bar=False,
                log_output=False,
                engine_name=engine_name,
            )
    except engine.NotebookProcessError as error:
        raise notebook_killed(name, staging, parameters, error.signal, error.exit_status) from None
    except Exception as error:
        if type(error).__name__ == "DeadKernelError":  # the kernel-based engine (nbclient)
            raise notebook_killed(name, staging, parameters, "", "kernel died") from None
        raise
    return target


class BuildError(RuntimeError):
    """The build could not finish for a reason outside the inputs (disk, permissions, a kill).

    The message comes from the catalogue, in the brief's language first and then the other; it
    names the path or notebook, says that the published brief is unchanged and what to do.
    """

    def __init__(self, key: str, language: str, **fields):
        self.messages = {lang: text(key, lang, **fields) for lang in ("id", "en")}
        self.language = language if language in self.messages else "id"
        super().__init__(self.messages[self.language])

    def both(self) -> str:
        """The message in the brief's language, then in the other one."""
        other = "en" if self.language == "id" else "id"
        return f"{self.messages[self.language]}\n({other}) {self.messages[other]}"


def notebook_killed(
    name: str, staging: Path, parameters: dict, signal_name: str, exit_status
) -> BuildError:
    """The error for a notebook whose process was killed (or died) before it finished."""
    language = parameters.get("language") or "id"
    fields = {
        "notebook": f"notebooks/{name}.ipynb",
        "folder": staging.parent,
        "regency": parameters["regency"],
    }
    if signal_name:
        return BuildError("publish_notebook_killed", language, signal=signal_name, **fields)
    return BuildError("publish_notebook_died", language, status=exit_status, **fields)


WRITE_REFUSED = {errno.EACCES, errno.EPERM, errno.EROFS}
DISK_FULL = {errno.ENOSPC, errno.EDQUOT}


def os_error_message(
    error: OSError, folder: Path, regency: str, language: str
) -> BuildError | None:
    """A `BuildError` for a write refused or a full disk in the reports folder, else None.

    Only paths inside the reports folder are named (a user's file name never reaches a message);
    an error without a path names the regency's folder.
    """
    number = error.errno
    if number not in WRITE_REFUSED | DISK_FULL:
        return None
    path = Path(error.filename) if error.filename else folder
    reports = paths.reports_dir()
    if not (path == reports or reports in path.parents):
        return None  # not the build's own writing (an unreadable input): left to its own message
    key = "publish_disk_full" if number in DISK_FULL else "publish_read_only"
    reason = os_reason(number)
    return BuildError(key, language, path=path, reason=reason, folder=folder, regency=regency)


def notebook_os_error(error, folder: Path, regency: str, language: str) -> BuildError | None:
    """The `BuildError` for an OSError raised in a notebook cell (papermill's wrapped form)."""
    import re

    found = re.match(r"\[Errno (\d+)\][^:]*(?::\s*'(.*)')?", str(getattr(error, "evalue", "")))
    if not found:
        return None
    inner = OSError(int(found.group(1)), os.strerror(int(found.group(1))), found.group(2))
    return os_error_message(inner, folder, regency, language)


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


def is_up_to_date(folder: Path, digest: str, language: str = "id") -> bool:
    """True when the published brief of ``language`` was built from exactly these inputs.

    Each language has its own brief and manifest (``brief.pdf`` and ``.manifest``; ``brief.en.pdf``
    and ``.manifest.en``), published together in one step (`analysis.publish`), so building one
    language never makes the other out of date.
    """
    stamp = folder / publishing.variant_name(MANIFEST_NAME, language)
    if not (folder / publishing.variant_name("brief.pdf", language)).is_file():
        return False
    if not stamp.is_file():
        return False
    return stamp.read_text(encoding="utf-8").strip() == digest


def published_brief(folder: Path, language: str = "id") -> Path:
    """Path of a language's published brief: ``brief.pdf`` (Indonesian), ``brief.en.pdf``."""
    return folder / publishing.variant_name("brief.pdf", language)


def same_language_as_file(slug: str, language: str) -> str:
    """``""`` when ``language`` is the params file's own language, else ``language`` unchanged.

    ``--lang id`` (``make reports/x/brief.pdf``) and no ``--lang`` (``make report``) then build
    and check the same brief: one digest, no rebuild when switching between the two.
    """
    from analysis import params as params_module

    if language and params_module.load(slug).language == language:
        return ""
    return language


def build(
    slug: str, language: str = "", renderer: str = "pandoc", force: bool = False
) -> Path | None:
    """Build a regency's brief and return the path of the PDF (None when it was up to date).

    The brief is rebuilt only when an input listed by `analysis.provenance.manifest` changed (or
    with ``force``). The Indonesian brief is published as ``brief.pdf``, the English one as
    ``brief.en.pdf`` (annex and ``run.json`` likewise); the other language's files stay.

    Raises
    ------
    InputError
        For an unknown regency or invalid parameters, before anything is written.
    BuildError
        When the reports folder cannot be written, the disk is full or a notebook's process was
        killed; the published brief is then unchanged.
    """
    from analysis import params as params_module
    from analysis import provenance

    language = same_language_as_file(slug, language)
    validated = params_module.load(slug, language or None)
    folder = paths.regency_dir(validated.regency)
    check_user_files(validated)
    digest = provenance.manifest_digest(validated, language, renderer)
    if not force and is_up_to_date(folder, digest, validated.language):
        return None
    try:
        return _build_locked(validated, folder, language, renderer, digest)
    except OSError as error:
        message = os_error_message(error, folder, validated.regency, validated.language)
        if message is None:
            raise
        raise message from None
    except Exception as error:
        if getattr(error, "ename", None) in ("OSError", "PermissionError"):
            message = notebook_os_error(error, folder, validated.regency, validated.language)
            if message is not None:
                raise message from None
        raise


def _build_locked(validated, folder: Path, language: str, renderer: str, digest: str) -> Path:
    """Build in a staging folder under the regency's lock, then publish (`analysis.publish`)."""
    from analysis import engine, privacy, provenance, render, results, trend, villages

    with regency_lock(folder):
        remove_dead_staging(folder)
        publishing.remove_stale(folder)
        staging = folder / f".staging-{os.getpid()}"
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir(parents=True)
        try:
            engine.warm_up()  # after the first write: a read-only folder is reported at once
            villages.preload(validated)  # the stage notebooks fork from here and inherit it
            trend.preload_positions(validated)  # likewise; the next regency of the province too
            parameters = {
                "regency": validated.regency,
                "output_dir": str(staging),
                "language": language,
            }
            hand_on(validated, staging, language)  # inherited by each notebook
            run_stages(staging, parameters)
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
            names = [*outputs, RUN_RECORD_NAME]
            names += [name for name in PUBLISHED_DIRS if (staging / name).exists()]
            publishing.publish(staging, folder, names, validated.language, digest)
        finally:
            engine.cancel_prestarted()  # a stage failed or the build was stopped early
            take_back(staging)
            shutil.rmtree(staging, ignore_errors=True)
    return published_brief(folder, validated.language)


# Whether the four stage notebooks run side by side (one build on an otherwise idle machine) or
# one after the other (a batch worker: the workers already keep every core busy).
STAGES_SIDE_BY_SIDE = {"enabled": True}


def run_stages(staging: Path, parameters: dict) -> None:
    """Execute the stage notebooks (independent of each other) into the staging folder.

    Side by side, each notebook's process is started at once (`analysis.engine.prestart`) and
    papermill then collects them in order, so a failure is still reported for the first notebook
    that failed, exactly as when they run one after the other.
    """
    from analysis import engine

    if STAGES_SIDE_BY_SIDE["enabled"]:
        engine.prestart(
            [(str(paths.NOTEBOOKS_DIR / f"{name}.ipynb"), parameters) for name in STAGE_NOTEBOOKS]
        )
    for name in STAGE_NOTEBOOKS:
        execute_notebook(name, staging, parameters)
        _stop_if_interrupted()


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
        if isinstance(error, BuildError):
            print(f"error: {mask_identifiers(error.both())}", file=sys.stderr)
            return 4
        raise
    if pdf is None:
        print(f"up to date, nothing to do: {paths.regency_dir(arguments.regency)}")
        return 0
    print(f"{pdf} ({time.perf_counter() - started:.1f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
