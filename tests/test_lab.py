"""`make lab`: JupyterLab starts as root and as a normal user, with the project kernel selected."""

import os
import shutil
import subprocess

import nbformat
import pytest

from analysis import paths

needs_make = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")


def _lab_commands(tmp_path, uid: int) -> list[str]:
    """The command lines `make lab` would run when `id -u` says ``uid`` (dry run, no server)."""
    fake = tmp_path / "bin"
    fake.mkdir()
    (fake / "id").write_text(f"#!/bin/sh\necho {uid}\n")
    (fake / "id").chmod(0o755)
    result = subprocess.run(
        ["make", "--no-print-directory", "-n", "lab"],
        cwd=paths.ROOT,
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PATH": f"{fake}{os.pathsep}{os.environ['PATH']}"},
    )
    return [line for line in result.stdout.splitlines() if " lab " in f"{line} "]


@needs_make
def test_lab_as_root_passes_allow_root(tmp_path):
    """As root (uid 0) `make lab` starts JupyterLab with --allow-root on the notebooks folder."""
    (command,) = [line for line in _lab_commands(tmp_path, 0) if "jupyter lab" in line]
    assert "--allow-root" in command.split()
    assert command.split()[-1] == "notebooks/"


@needs_make
def test_lab_as_a_normal_user_does_not_allow_root(tmp_path):
    """As a normal user (uid 1000) `make lab` starts JupyterLab without --allow-root."""
    (command,) = [line for line in _lab_commands(tmp_path, 1000) if "jupyter lab" in line]
    assert "--allow-root" not in command.split()
    assert "JUPYTER_PREFER_ENV_PATH=1" in command.split()


def test_every_notebook_selects_the_project_kernel():
    """Each notebook's kernelspec names the kernel the venv installs (`make venv`: "python3")."""
    makefile = (paths.ROOT / "Makefile").read_text()
    assert '--sys-prefix --name python3 --display-name "Python 3 (TKPK Analitik)"' in makefile
    notebooks = sorted((paths.ROOT / "notebooks").glob("*.ipynb"))
    assert notebooks
    for path in notebooks:
        spec = nbformat.read(path, as_version=4).metadata.get("kernelspec", {})
        assert spec.get("name") == "python3", path.name
        assert spec.get("display_name") == "Python 3 (TKPK Analitik)", path.name
