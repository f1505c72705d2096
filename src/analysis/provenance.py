"""What a brief was built from: code commit, parameters, input hashes and tool versions.

`record` computes the one `Provenance` object of a build: the pipeline writes it to
``results/provenance.json`` before the brief notebook runs, the brief's method notes print it and
the published ``run.json`` is the same object. No timestamps: two builds of the same commit and
inputs give the same file.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import platform
import subprocess
from importlib import metadata
from pathlib import Path

from analysis import paths
from analysis.results.provenance import Provenance

KEY_PACKAGES = (
    "pandas",
    "numpy",
    "statsmodels",
    "scipy",
    "seaborn",
    "matplotlib",
    "papermill",
    "pydantic",
    "babel",
    "pypandoc-binary",
    "typst",
    "openpyxl",
)


def sha256(path: Path) -> str:
    """Return the SHA-256 hex digest of a file."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def git_state() -> dict:
    """Return the commit of the checkout and whether tracked files differ from it."""

    def run(*args):
        return subprocess.run(
            ["git", *args], cwd=paths.ROOT, capture_output=True, text=True, check=False
        )

    head = run("rev-parse", "HEAD")
    if head.returncode != 0:
        return {"commit": "unknown", "commit_short": "unknown", "dirty": None}
    status = run("status", "--porcelain", "--untracked-files=no", "--", ".", ":!reports")
    commit = head.stdout.strip()
    return {"commit": commit, "commit_short": commit[:7], "dirty": bool(status.stdout.strip())}


def input_files(extra: list[Path] | None = None) -> list[Path]:
    """Return every raw data file a build reads, plus the given extra inputs."""
    files = sorted(p for p in paths.DATA_RAW.rglob("*") if p.is_file() and p.suffix == ".csv")
    return files + [Path(p) for p in (extra or []) if Path(p).exists()]


def input_hashes(extra: list[Path] | None = None) -> dict[str, str]:
    """Return ``{path relative to the project: sha256}`` for every input."""
    hashes = {}
    for path in input_files(extra):
        try:
            name = str(path.resolve().relative_to(paths.ROOT))
        except ValueError:
            name = str(path)
        hashes[name] = sha256(path)
    return hashes


def versions() -> dict[str, str]:
    """Return the versions of Python and the key packages."""
    return dict(_versions())


@functools.cache
def _versions() -> tuple[tuple[str, str], ...]:
    # Looked up once per process (a batch worker builds many regencies): each look-up searches
    # the whole environment, and the packages a process runs do not change while it runs.
    found = {"python": platform.python_version()}
    for name in KEY_PACKAGES:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = "not installed"
    return tuple(found.items())


def user_files(params) -> list[Path]:
    """The user's own inputs named in the parameters (village file, boundaries), as paths."""
    named = (params.village_data.path, params.village_data.boundaries)
    return [paths.ROOT / name for name in named if name]


def user_hashes(params) -> dict[str, str]:
    """``{"village file (user)": sha256 hex}``: a user file by label and hash, never its name."""
    return {label: sha256(path) for label, path in user_inputs(params).items() if path.is_file()}


def params_source(params) -> str:
    """Where the parameters came from: the regency's params file or generated defaults."""
    if paths.params_file(params.regency).exists():
        return f"params/{params.regency}.yml"
    return f"default ({params.regency})"


def data_sources(params) -> list[dict]:
    """Sources and trust grades of the BPS rows of the regency, its province and the nation."""
    from analysis import data

    bps = data.load_bps()
    codes = {params.kode_bps, params.province_code, "0000"}
    used = bps[bps["kode_bps"].isin(codes)]
    sources = (
        used.groupby(["sumber", "kepercayaan"])["tahun"]
        .agg(["min", "max"])
        .reset_index()
        .sort_values(["kepercayaan", "sumber"])
    )
    return [
        {
            "sumber": row.sumber,
            "kepercayaan": row.kepercayaan,
            "first_year": int(row["min"]),
            "last_year": int(row["max"]),
        }
        for _, row in sources.iterrows()
    ]


def data_conflicts(params) -> list[dict]:
    """The conflicts between BPS tables on the rows of the regency, its province and the nation."""
    from analysis import data

    conflicts = data.load_bps_conflicts()
    codes = {params.kode_bps, params.province_code, "0000"}
    used = conflicts[conflicts["kode_bps"].isin(codes)]
    return [
        {
            "kode_bps": row.kode_bps,
            "tahun": int(row.tahun),
            "indikator": row.indikator,
            "nilai": float(row.nilai),
            "sumber": row.sumber,
            "nilai_lain": float(row.nilai_lain),
            "sumber_lain": row.sumber_lain,
            "alasan": row.alasan,
        }
        for row in used.itertuples(index=False)
    ]


ENVIRONMENT_OVERRIDES = ("TKPK_DATA_RAW", "TKPK_PARAMS_DIR")


def manifest(params, language: str = "", renderer: str = "pandoc") -> dict:
    """Every input of a regency's build, with a content hash: the one up-to-date rule.

    `analysis.pipeline.build` (hence ``make report``), `analysis.batch` and the run record all
    use this list: code (every module, subpackages included) and ``pyproject.toml``, the
    notebooks, the template, every raw data file, the params file, the user's village file and
    boundaries, the environment overrides (``TKPK_DATA_RAW``, ``TKPK_PARAMS_DIR``), the language
    and the renderer. A change of any of them rebuilds the brief.

    Returns
    -------
    dict
        ``{"files": {label: sha256}, "settings": {name: value}}``; user files are keyed by a
        label ("village file (user)"), never by their name, which may name a person.
    """
    files: dict[str, Path] = {"pyproject.toml": paths.ROOT / "pyproject.toml"}
    code = sorted((paths.ROOT / "src" / "analysis").rglob("*.py"))
    code += sorted(paths.NOTEBOOKS_DIR.glob("*.ipynb"))
    code += sorted(p for p in paths.TEMPLATE_DIR.rglob("*") if p.is_file())
    for path in code:
        files[str(path.relative_to(paths.ROOT))] = path
    for path in input_files():
        files[_project_name(path)] = path
    params_file = paths.params_file(params.regency)
    if params_file.exists():
        files[f"params/{params.regency}.yml"] = params_file
    for label, path in user_inputs(params).items():
        files[label] = path
    settings = {name: os.environ.get(name, "") for name in ENVIRONMENT_OVERRIDES}
    settings |= {"language": language or "", "renderer": renderer}
    return {
        "files": {label: sha256(path) for label, path in files.items() if path.is_file()},
        "settings": settings,
    }


def manifest_digest(params, language: str = "", renderer: str = "pandoc") -> str:
    """One SHA-256 over `manifest`: equal digests mean an identical build."""
    text = json.dumps(manifest(params, language, renderer), sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


def _project_name(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(paths.ROOT))
    except ValueError:
        return str(path)


USER_FILE_LABELS = {
    "path": "village file (user)",
    "boundaries": "boundaries file (user)",
    "intervention_path": "intervention file (user)",
}


def user_inputs(params) -> dict[str, Path]:
    """The user's own inputs by label ("village file (user)"): their names are never recorded."""
    found = {}
    for field, label in USER_FILE_LABELS.items():
        name = getattr(params.village_data, field)
        if name:
            found[label] = paths.ROOT / name
    return found


def recorded_params(params) -> dict:
    """The validated parameters as recorded, with the user's file names replaced by their label."""
    values = json.loads(params.model_dump_json())
    for field, label in USER_FILE_LABELS.items():
        if values["village_data"].get(field):
            values["village_data"][field] = label
    return values


def record(params) -> Provenance:
    """Return the provenance of a build of these (validated) parameters."""
    from analysis import data

    return Provenance(
        regency=params.regency,
        git=git_state(),
        params=recorded_params(params),
        params_source=params_source(params),
        inputs=input_hashes() | user_hashes(params),
        versions=versions(),
        input_notes=list(data.load_bps().attrs.get("notes", [])),
        data_sources=data_sources(params),
        trust=regency_trust(params),
        data_conflicts=data_conflicts(params),
        province_history=data.province_history(data.load_bps(), params.kode_bps),
    )


def regency_trust(params) -> dict[str, str]:
    """Trust grade of each of the regency's March figures, keyed "indicator:year" (the brief
    shows a key figure's grade when it is below A)."""
    from analysis import data

    bps = data.load_bps()
    rows = bps[(bps["kode_bps"] == params.kode_bps) & (bps["periode"] == "maret")]
    return {f"{row.indikator}:{int(row.tahun)}": str(row.kepercayaan) for row in rows.itertuples()}


def ensure(context) -> Provenance:
    """Return the build's provenance: the pipeline's record, or (run by hand) a new one."""
    from analysis import results

    # A build's record was written by the pipeline; a scratch run records its own inputs anew.
    if not context.scratch and context.result_path(Provenance.STAGE).exists():
        return results.load(context, Provenance)
    return results.save(context, record(context.params))
