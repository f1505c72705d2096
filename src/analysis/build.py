"""A build folder: the context a notebook runs in, its named paths, and the one atomic writer.

Every file a build writes goes through `write_bytes` (a temporary file in the same folder, then a
rename), so a reader never sees half a file. `start` is the first call of every notebook: it
validates the parameters once and returns the `Context`. Inside a build (``make report``) the
pipeline passes a staging folder; run by hand (JupyterLab), a notebook writes to a scratch folder,
``reports/<regency>/scratch/``, so an edited run never changes a published brief. Only the
pipeline publishes.

This module sits at the bottom of the package's layers: it imports parameters, paths and the
message catalogue, never a stage, the brief or the pipeline.
"""

from __future__ import annotations

import json
import os
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from analysis import paths
from analysis.labels import Labels
from analysis.params import Params

SCRATCH_DIR_NAME = "scratch"
RESULTS_DIR_NAME = "results"
FIGURES_DIR_NAME = "figures"
NOTEBOOKS_DIR_NAME = "notebooks"
RUN_RECORD_NAME = "run.json"
PROVENANCE_STAGE = "provenance"


def public_mode() -> int:
    """File mode for published outputs: readable by others, as the umask allows (not 0600)."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def write_bytes(path: Path, content: bytes) -> Path:
    """Write ``content`` to ``path`` atomically (temporary file, then rename), mode 0644."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with naming_errors(path), os.fdopen(handle, "wb") as stream:
            stream.write(content)
        os.chmod(temporary, public_mode())
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
    return path


@contextmanager
def naming_errors(path: Path):
    """Give an OSError without a path (a full disk during ``write``) the path being written."""
    try:
        yield
    except OSError as error:
        if error.filename is not None or error.errno is None:
            raise
        raise OSError(error.errno, os.strerror(error.errno), str(path)) from error


def write_with(path: Path, writer) -> Path:
    """Atomically write a file that a library writes itself: ``writer(temporary_path)``.

    For matplotlib's ``savefig`` and openpyxl's ``save``, which want a path, not bytes.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(
        dir=path.parent, prefix=f".{path.stem}.", suffix=f"{path.suffix}.tmp"
    )
    os.close(handle)
    try:
        with naming_errors(path):
            writer(Path(temporary))
        os.chmod(temporary, public_mode())
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
    return path


def json_bytes(payload) -> bytes:
    """The project's JSON form: sorted keys, one-space indent, UTF-8, no NaN, final newline."""
    text = json.dumps(payload, ensure_ascii=False, indent=1, sort_keys=True, allow_nan=False)
    return (text + "\n").encode("utf-8")


def write_json(payload, path: Path) -> Path:
    """Write JSON deterministically (`json_bytes`) and atomically."""
    return write_bytes(path, json_bytes(payload))


@dataclass
class Context:
    """What a notebook needs: validated parameters and the build folder it writes to."""

    params: Params
    output_dir: Path
    scratch: bool = False
    labels: Labels = field(init=False)

    def __post_init__(self):
        self.output_dir = Path(self.output_dir)
        self.labels = Labels(self.params.language, kode_bps=self.params.kode_bps)

    @property
    def lang(self) -> str:
        """Language of the brief ("id" or "en")."""
        return self.params.language

    @property
    def results_dir(self) -> Path:
        """Folder of the stage results (JSON)."""
        return self.output_dir / RESULTS_DIR_NAME

    @property
    def figures_dir(self) -> Path:
        """Folder of the figures (PNG)."""
        return self.output_dir / FIGURES_DIR_NAME

    def result_path(self, stage: str) -> Path:
        """Path of a stage's results, ``results/<stage>.json``."""
        return self.results_dir / f"{stage}.json"

    def figure(self, name: str) -> Path:
        """Path of a figure file in this build."""
        return self.figures_dir / f"{name}.png"

    @property
    def annex_name(self) -> str:
        """File name of the XLSX annex of priority villages."""
        return annex_name(self.params.regency, self.params.language)

    @property
    def annex_path(self) -> Path:
        """Path of the XLSX annex in this build."""
        return self.output_dir / self.annex_name

    @property
    def run_record_path(self) -> Path:
        """Path of ``run.json`` in this build."""
        return self.output_dir / RUN_RECORD_NAME


def annex_name(regency: str, language: str = "id") -> str:
    """File name of a regency's XLSX annex: ``lampiran_desa_prioritas_<regency>.xlsx``.

    The English annex is ``lampiran_desa_prioritas_<regency>.en.xlsx``, published beside the
    Indonesian one (the brief cites the name of its own language's annex).
    """
    mark = "" if language == "id" else f".{language}"
    return f"lampiran_desa_prioritas_{regency}{mark}.xlsx"


def scratch_dir(regency: str) -> Path:
    """Folder of interactive (non-build) runs: ``reports/<regency>/scratch/``."""
    return paths.regency_dir(regency) / SCRATCH_DIR_NAME


# Parameters the pipeline validated for a build, keyed by the notebook parameters of that build
# (regency, staging folder, language). See `hand_on`.
_HANDED_ON: dict[tuple[str, str, str], Params] = {}


def hand_on(params: Params, output_dir: Path, language: str) -> None:
    """Give the notebooks of one build the parameters the pipeline has just validated.

    The pipeline validates a regency's parameters before it builds, then forks a process for
    each notebook; every notebook's `start` would validate the same file against the same data
    again (about 35 ms each). Handed on here, keyed by the build's own staging folder, a
    notebook of that build (and only of that build: an interactive run has no ``output_dir``)
    starts from the same validated object. The pipeline calls `take_back` when the build ends.

    Parameters
    ----------
    params : Params
        The validated parameters of the build.
    output_dir : Path
        The build's staging folder, passed to each notebook as ``output_dir``.
    language : str
        The ``language`` notebook parameter of the build ("" for the params file's language).
    """
    _HANDED_ON[(params.regency, str(output_dir), language)] = params


def take_back(output_dir: Path) -> None:
    """Forget the parameters handed on to the build in ``output_dir`` (`hand_on`)."""
    for key in [key for key in _HANDED_ON if key[1] == str(output_dir)]:
        del _HANDED_ON[key]


def start(regency: str, output_dir: str = "", language: str = "") -> Context:
    """Validate a notebook's parameters once and return its context.

    Parameters
    ----------
    regency : str
        Regency slug ("klaten").
    output_dir : str
        Build folder given by the pipeline; empty (a notebook run by hand) means the scratch
        folder ``reports/<regency>/scratch/``, printed so the researcher knows where to look.
    language : str
        "id", "en" or empty for the params file's language.

    Returns
    -------
    Context
        Parameters, labels and paths of the build.
    """
    from analysis import params as params_module

    handed = _HANDED_ON.get((regency, str(output_dir), language)) if output_dir else None
    validated = handed or params_module.load(regency, language or None)
    scratch = not output_dir
    folder = Path(output_dir) if output_dir else scratch_dir(validated.regency)
    folder.mkdir(parents=True, exist_ok=True)
    if scratch:
        print(f"Interactive run: outputs go to {folder} (the published brief is not touched).")
    return Context(validated, folder, scratch=scratch)
