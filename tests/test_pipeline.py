"""End-to-end: build real briefs into a temporary folder and read the PDF text."""

import os
import subprocess
import sys

import pytest
from conftest import run_build
from pypdf import PdfReader

from analysis import paths


def _pdf_text(path):
    reader = PdfReader(path)
    return len(reader.pages), "\n".join(page.extract_text() for page in reader.pages)


@pytest.fixture(scope="module")
def klaten_build(tmp_path_factory):
    reports = tmp_path_factory.mktemp("reports")
    result = run_build("klaten", reports)
    assert result.returncode == 0, result.stderr[-3000:]
    return reports / "klaten"


@pytest.mark.slow
def test_klaten_brief_has_the_real_figures(klaten_build):
    """The Klaten brief names the regency, P0 2025/2024, Jawa Tengah 2025 and the rank of 35."""
    pages, text = _pdf_text(klaten_build / "brief.pdf")
    assert 2 <= pages <= 8
    for expected in ("Kabupaten Klaten", "11,00", "12,04", "9,48", "10 / 35"):
        assert expected in text, expected
    assert "Catatan data dan metode" in text


@pytest.mark.slow
def test_build_leaves_provenance_and_no_staging(klaten_build):
    """run.json records commit, parameters and input hashes; no staging folder remains."""
    import json

    record = json.loads((klaten_build / "run.json").read_text())
    assert record["params"]["kode_bps"] == "3310"
    assert "data/raw/bps_kemiskinan.csv" in record["inputs"]
    assert "commit" in record["git"]
    assert not list(klaten_build.glob(".staging-*"))
    assert (klaten_build / "notebooks" / "01-trend.ipynb").exists()


@pytest.mark.slow
def test_unknown_regency_fails_before_writing(tmp_path):
    """An unknown regency exits non-zero, suggests valid names and writes nothing."""
    result = run_build("atlantis", tmp_path)
    assert result.returncode != 0
    assert "atlantis" in result.stderr and "make regencies" in result.stderr
    assert not (tmp_path / "atlantis").exists()


def _start(regency, reports_dir):
    environment = {**os.environ, "TKPK_REPORTS_DIR": str(reports_dir)}
    # --force: the brief is up to date (nothing would run); the test interrupts a real rebuild.
    return subprocess.Popen(
        [sys.executable, "-m", "analysis.pipeline", "build", regency, "--force"],
        cwd=paths.ROOT,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.slow
@pytest.mark.parametrize("signal_number", [2, 15])
def test_interrupted_build_keeps_the_previous_brief(tmp_path, signal_number):
    """SIGINT/SIGTERM mid-build leaves the previous brief byte-identical and no staging folder."""
    import time

    first = run_build("pekalongan", tmp_path)
    assert first.returncode == 0, first.stderr[-2000:]
    folder = tmp_path / "pekalongan"
    previous = (folder / "brief.pdf").read_bytes()
    process = _start("pekalongan", tmp_path)
    deadline = time.monotonic() + 60
    while not list(folder.glob(".staging-*/notebooks/*.ipynb")) and time.monotonic() < deadline:
        time.sleep(0.02)
    process.send_signal(signal_number)
    process.communicate(timeout=60)
    assert process.returncode != 0
    assert (folder / "brief.pdf").read_bytes() == previous
    assert not list(folder.glob(".staging-*"))


@pytest.mark.slow
def test_parallel_builds_do_not_collide(tmp_path):
    """Two regencies build at once, and two builds of one regency serialise on its lock."""
    processes = [_start(name, tmp_path) for name in ("klaten", "jombang", "klaten")]
    for process in processes:
        _, stderr = process.communicate(timeout=300)
        assert process.returncode == 0, stderr[-2000:]
    for name, kode in (("klaten", "3310"), ("jombang", "3517")):
        _, text = _pdf_text(tmp_path / name / "brief.pdf")
        assert f"Kabupaten {name.capitalize()}" in text
        import json

        assert json.loads((tmp_path / name / "run.json").read_text())["params"]["kode_bps"] == kode
        assert not list((tmp_path / name).glob(".staging-*"))


@pytest.mark.slow
def test_two_clean_builds_are_identical(klaten_build, tmp_path):
    """A second clean build gives identical results/*.json, run.json and PDF bytes."""
    result = run_build("klaten", tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]
    again = tmp_path / "klaten"
    for path in sorted((klaten_build / "results").glob("*.json")):
        assert path.read_bytes() == (again / "results" / path.name).read_bytes(), path.name
    assert (klaten_build / "run.json").read_bytes() == (again / "run.json").read_bytes()
    assert _pdf_text(klaten_build / "brief.pdf") == _pdf_text(again / "brief.pdf")
    assert (klaten_build / "brief.pdf").read_bytes() == (again / "brief.pdf").read_bytes()


@pytest.mark.slow
def test_english_brief_has_the_same_numbers(klaten_build, tmp_path):
    """BRIEF_LANG=en gives brief.en.pdf with the same figures in English formats; the
    Indonesian brief, annex and run.json published before stay as they were."""
    import shutil

    shutil.copytree(klaten_build, tmp_path / "klaten", symlinks=True)
    indonesian = {
        name: (klaten_build / name).read_bytes()
        for name in ("brief.pdf", "run.json", "lampiran_desa_prioritas_klaten.xlsx")
    }
    result = run_build("klaten", tmp_path, "--lang", "en")
    assert result.returncode == 0, result.stderr[-2000:]
    for name, content in indonesian.items():
        assert (tmp_path / "klaten" / name).read_bytes() == content, name
    for name in ("run.en.json", "lampiran_desa_prioritas_klaten.en.xlsx", "results.en"):
        assert (tmp_path / "klaten" / name).exists(), name
    assert len(list((tmp_path / "klaten").glob(".v-*"))) == 1  # the old version is removed
    _, text = _pdf_text(tmp_path / "klaten" / "brief.en.pdf")
    for expected in (
        "Key messages",
        "Data and method notes",
        "11.00%",
        "12.04%",
        "9.48%",
        "10 / 35",
    ):
        assert expected in text, expected
    assert "Pesan utama" not in text


def _build_klaten_with(tmp_path, village_data):
    """Build Klaten from a copy of the params with village_data keys replaced."""
    import shutil

    import yaml

    params_dir = tmp_path / "params"
    params_dir.mkdir()
    for path in paths.PARAMS_DIR.glob("*.yml"):
        shutil.copy(path, params_dir)
    values = yaml.safe_load((params_dir / "klaten.yml").read_text())
    values["village_data"] = {**values["village_data"], **village_data}
    if village_data.get("source") == "file":
        values["village_data"].pop("seed", None)
    (params_dir / "klaten.yml").write_text(yaml.safe_dump(values, allow_unicode=True))
    result = run_build("klaten", tmp_path / "reports", params_dir=params_dir)
    assert result.returncode == 0, result.stderr[-3000:]


@pytest.mark.slow
def test_user_village_file_replaces_the_simulation(tmp_path):
    """With village_data pointing at a user's CSV in the schema, the brief drops SIMULASI."""

    from analysis import synth

    panel, _ = synth.generate_for_regency("3310", 7, lokus_count_latest=81)
    columns = [
        "village_code",
        "year",
        "families",
        "families_desil1",
        "families_desil1_4",
        "rtlh",
        "no_electricity",
        "no_water",
        "no_latrine",
        "stunting_risk",
        "child_out_of_school",
        "disability",
        "not_working",
        "lokus",
    ]
    user_file = tmp_path / "p3ke_klaten.csv"
    panel[columns].assign(source="ekspor P3KE (uji)").to_csv(user_file, index=False)
    village_data = {"source": "file", "path": str(user_file), "lokus_count": 81}
    _build_klaten_with(tmp_path, village_data)
    _, text = _pdf_text(tmp_path / "reports" / "klaten" / "brief.pdf")
    assert "SIMULASI" not in text
    assert "Metode penentuan lokus" in text
    # The user's file is named by its hash in the brief too, never by its file name.
    assert "p3ke_klaten" not in text and "sha256:" in text
    import json

    run_json = (tmp_path / "reports" / "klaten" / "run.json").read_text()
    record = json.loads(run_json)
    # The user's file is recorded by a label and its hash, never by its name (it may name a person).
    assert len(record["inputs"]["village file (user)"]) == 64
    assert "p3ke_klaten" not in run_json


@pytest.mark.slow
def test_brief_notebook_outputs_are_markdown_only(klaten_build):
    """Every output of the executed brief notebook is Markdown, so both renderers see one text."""
    import nbformat

    notebook = nbformat.read(klaten_build / "notebooks" / "05-brief.ipynb", as_version=4)
    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs]
    assert outputs
    assert all("text/markdown" in output.get("data", {}) for output in outputs)


@pytest.mark.slow
def test_village_boundaries_add_spatial_clusters(tmp_path):
    """With village_data.boundaries (GeoJSON), the brief reports local Moran clusters."""
    import json

    from analysis import data

    codes = list(data.load_official_villages("3310")["kode_desa"])
    features = []
    for index, code in enumerate(codes):  # a 20-column grid of squares, one per village
        x, y = index % 20, index // 20
        ring = [[x, y], [x + 1, y], [x + 1, y + 1], [x, y + 1], [x, y]]
        features.append(
            {
                "type": "Feature",
                "properties": {"kode_desa": code},
                "geometry": {"type": "Polygon", "coordinates": [ring]},
            }
        )
    boundaries = tmp_path / "desa_klaten.geojson"
    boundaries.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    _build_klaten_with(tmp_path, {"boundaries": str(boundaries)})
    _, text = _pdf_text(tmp_path / "reports" / "klaten" / "brief.pdf")
    assert "Klaster spasial" in text
