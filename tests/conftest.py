"""Shared fixtures: the real BPS table, a small real extract of it, file writers in tmp_path, and
`run_build`, which builds a brief in a fresh process (imported by the end-to-end tests)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from analysis import data, paths

# Regions of the small extract: Indonesia, Jawa Tengah and Klaten (every indicator and year).
EXTRACT_CODES = ("0000", "3300", "3310")


@pytest.fixture(scope="session")
def bps():
    """The validated real BPS table, read once per test session."""
    return data.load_bps()


@pytest.fixture(scope="session")
def bps_extract_lines() -> list[str]:
    """Header and real rows of the BPS table for Indonesia, Jawa Tengah and Klaten, as CSV lines."""
    lines = paths.BPS_FILE.read_text(encoding="utf-8").splitlines()
    return [lines[0], *(line for line in lines[1:] if line[:4] in EXTRACT_CODES)]


@pytest.fixture
def write_file(tmp_path):
    """Return ``write(name, content, encoding="utf-8") -> Path`` writing text or bytes verbatim."""

    def write(name: str, content: str | bytes, encoding: str = "utf-8") -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            with open(path, "w", encoding=encoding, newline="") as handle:
                handle.write(content)
        return path

    return write


@pytest.fixture
def reports_dir(tmp_path, monkeypatch):
    """An empty reports folder in tmp_path, set as TKPK_REPORTS_DIR for the test."""
    folder = tmp_path / "reports"
    folder.mkdir()
    monkeypatch.setenv("TKPK_REPORTS_DIR", str(folder))
    return folder


def run_build(
    regency: str,
    reports: Path,
    *arguments: str,
    params_dir: Path | None = None,
    environment: dict | None = None,
    cwd: Path = paths.ROOT,
) -> subprocess.CompletedProcess:
    """Run ``python -m analysis.pipeline build <regency> [arguments]`` in a fresh process.

    The brief goes to ``reports`` (TKPK_REPORTS_DIR), parameters come from ``params_dir``
    (TKPK_PARAMS_DIR) when given; ``environment`` adds variables. Returns the finished process
    (exit status, stdout, stderr), never raising on a failed build.
    """
    variables = {**os.environ, "TKPK_REPORTS_DIR": str(reports), **(environment or {})}
    if params_dir is not None:
        variables["TKPK_PARAMS_DIR"] = str(params_dir)
    return subprocess.run(
        [sys.executable, "-m", "analysis.pipeline", "build", regency, *arguments],
        cwd=cwd,
        env=variables,
        capture_output=True,
        text=True,
        check=False,
        timeout=900,
    )
