"""The code of an earlier commit beside this checkout's data, for benchmarks that compare trees.

Shared by the bench scripts (each imports it from its own folder, which Python puts on the path).
"""

from __future__ import annotations

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def baseline_tree(commit: str, folder: Path) -> Path:
    """Unpack ``src`` of ``commit`` into ``folder`` beside links to this checkout's data,
    parameters, template and notebooks (the package finds them next to its ``src``); return the
    ``src`` folder to put first on ``PYTHONPATH``."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", commit, "src"], capture_output=True, check=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    for name in ("data", "params", "_extensions", "notebooks"):
        (folder / name).symlink_to(ROOT / name)
    return folder / "src"
