"""End-to-end tests of the household register path: labels and no personal data in any output."""

from __future__ import annotations

import subprocess
import tempfile
import time
import types
import zipfile
from pathlib import Path

import pytest
from conftest import run_build

from analysis import params, paths, villages
from analysis.register.synthetic import generate_interventions, generate_register

CANARIES = {
    "NIK Kepala Keluarga": "3310999988887777",
    "Nama Kepala Keluarga": "Kenari Wiryosentono",
    "Alamat": "Jalan Kenari Canary 17",
}


def _register(path: Path, simulated: bool, scale: float = 0.01) -> Path:
    frame = generate_register("3310", seed=21, scale=scale, years=range(2022, 2026))
    frame.attrs = {}
    if not simulated:
        frame["Sumber Data"] = "Dinsos Klaten"
    valid = frame.index[frame["Kode Desa Kemendagri"].str.startswith("33.10.")][:5]
    for column, value in CANARIES.items():
        frame.loc[valid, column] = value
    frame.to_csv(path, index=False)
    return path


def _context(path: Path):
    loaded = params.load_file(paths.PARAMS_DIR / "register" / "klaten.yml")
    settings = loaded.village_data.model_copy(update={"path": str(path), "intervention_path": None})
    return types.SimpleNamespace(params=loaded.model_copy(update={"village_data": settings}))


@pytest.mark.parametrize("simulated", [True, False])
def test_load_panel_labels_the_synthetic_register_only(tmp_path, simulated):
    """The synthetic register gives a SIMULASI panel; a user's register gives a real one."""
    path = _register(tmp_path / "p3ke.csv", simulated)
    panel, meta = villages.load_panel(_context(path))
    assert bool(panel["is_simulated"].all()) is simulated
    assert bool(panel["is_simulated"].any()) is simulated
    assert meta["is_simulated"] is simulated
    assert (meta["label"] == "SIMULASI") is simulated
    assert meta["source_name"].startswith("sha256:")
    text = panel.to_csv() + repr(meta)
    assert all(value not in text for value in CANARIES.values())


def _texts(path: Path):
    """The text of a file as a reader would see it (PDF text, every member of a zip)."""
    if path.suffix == ".pdf":
        result = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=False)
        yield result.stdout.decode("utf-8", "replace")
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            for name in archive.namelist():
                yield archive.read(name).decode("utf-8", "replace")
    yield path.read_bytes().decode("utf-8", "replace")


def _files(folder: Path, since: float, skip: Path):
    for path in folder.rglob("*"):
        try:
            recent = path.is_file() and not path.is_symlink() and path.stat().st_mtime >= since
            if recent and skip not in path.parents and path.stat().st_size < 200_000_000:
                yield path
        except OSError:  # another process removed it meanwhile
            continue


@pytest.mark.slow
def test_no_personal_value_of_the_register_reaches_any_output(tmp_path):
    """After a build from a user's register, no canary is in reports, processed data, temp or logs;
    the brief has no SIMULASI label and reports intervention progress."""
    import shutil

    import yaml

    private = tmp_path / "private"
    private.mkdir()
    register = _register(private / "p3ke_klaten.csv", simulated=False, scale=0.05)
    params_dir = tmp_path / "params"
    params_dir.mkdir()
    for path in paths.PARAMS_DIR.glob("*.yml"):
        shutil.copy(path, params_dir)
    tags = generate_interventions(register, seed=21)
    tags.to_csv(private / "intervensi.csv", index=False)
    values = yaml.safe_load((paths.PARAMS_DIR / "register" / "klaten.yml").read_text())
    values["village_data"]["path"] = str(register)
    values["village_data"]["intervention_path"] = str(private / "intervensi.csv")
    (params_dir / "klaten.yml").write_text(yaml.safe_dump(values, allow_unicode=True))
    reports = tmp_path / "reports"
    start = time.time() - 1
    result = run_build("klaten", reports, params_dir=params_dir)
    assert result.returncode == 0, result.stderr[-3000:]
    brief = next(_texts(reports / "klaten" / "brief.pdf"))
    assert "SIMULASI" not in brief and "sha256:" in brief
    # real data: the intervention section and its key message on the largest gap
    assert "Capaian intervensi" in brief and "Sisa terbesar" in brief
    scanned = 0
    folders = [reports, paths.ROOT / "data" / "processed", Path(tempfile.gettempdir())]
    for folder in folders:
        for path in _files(folder, start, private):
            for text in _texts(path):
                assert all(value not in text for value in CANARIES.values()), path
            scanned += 1
    logs = result.stdout + result.stderr
    assert all(value not in logs for value in CANARIES.values())
    assert scanned > 10  # the brief, its notebooks, results and annex were looked at
