"""End-to-end: build real briefs into a temporary folder and read the PDF text."""

import os
import subprocess
import sys

import pytest
from pypdf import PdfReader

from analysis import paths


def _build(regency, reports_dir, *extra):
    environment = {**os.environ, "TKPK_REPORTS_DIR": str(reports_dir)}
    return subprocess.run([sys.executable, "-m", "analysis.pipeline", "build", regency, *extra],
                          cwd=paths.ROOT, env=environment, capture_output=True, text=True,
                          check=False)


def _pdf_text(path):
    reader = PdfReader(path)
    return len(reader.pages), "\n".join(page.extract_text() for page in reader.pages)


@pytest.fixture(scope="module")
def klaten_build(tmp_path_factory):
    reports = tmp_path_factory.mktemp("reports")
    result = _build("klaten", reports)
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
    result = _build("atlantis", tmp_path)
    assert result.returncode != 0
    assert "atlantis" in result.stderr and "make regencies" in result.stderr
    assert not (tmp_path / "atlantis").exists()
