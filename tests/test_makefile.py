"""The Makefile: help is the default goal, bad names stop early, no-op rebuilds do nothing."""

import shutil
import subprocess

import pytest

from analysis import paths

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")


def _make(*arguments):
    return subprocess.run(
        ["make", "--no-print-directory", *arguments],
        cwd=paths.ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


def test_help_is_the_default_goal_and_documents_every_target():
    """`make` alone prints help naming each documented target."""
    result = _make()
    assert result.returncode == 0
    for target in ("report", "reports", "province", "test", "lab", "clean", "regencies"):
        assert f"make {target}" in result.stdout


def test_unknown_regency_stops_before_any_work(tmp_path):
    """`make report REGENCY=atlantis` fails with the valid names and creates nothing."""
    result = _make("report", "REGENCY=atlantis", f"REPORTS_DIR={tmp_path}")
    assert result.returncode != 0
    assert "atlantis" in result.stderr and "make regencies" in result.stderr
    assert not list(tmp_path.iterdir())


@pytest.mark.slow
def test_second_report_does_no_work(tmp_path):
    """Right after a build, `make report` again leaves the brief untouched and runs nothing."""
    first = _make("report", "REGENCY=kota-salatiga", f"REPORTS_DIR={tmp_path}")
    assert first.returncode == 0, first.stderr[-2000:]
    pdf = tmp_path / "kota-salatiga" / "brief.pdf"
    stamp = pdf.stat().st_mtime_ns
    second = _make("report", "REGENCY=kota-salatiga", f"REPORTS_DIR={tmp_path}")
    assert second.returncode == 0
    assert "brief.pdf (" not in second.stdout  # the build prints the PDF path and its duration
    assert pdf.stat().st_mtime_ns == stamp
