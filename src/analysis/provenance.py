"""What a brief was built from: code commit, parameters, input hashes and tool versions.

Written to ``reports/<regency>/run.json`` and printed in the brief's method notes. No timestamps:
two builds of the same commit and inputs give the same file.
"""

from __future__ import annotations

import hashlib
import platform
import subprocess
from importlib import metadata
from pathlib import Path

from analysis import paths

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
    found = {"python": platform.python_version()}
    for name in KEY_PACKAGES:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = "not installed"
    return found
