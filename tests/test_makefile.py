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


@pytest.mark.parametrize(
    "assignment",
    [
        "REGENCY=`touch {marker}`",
        "REGENCY=$(shell touch {marker})",
        "REGENCY=klaten;touch {marker}",
        "BRIEF_LANG=en;touch {marker};",
        "RENDERER=pandoc;touch {marker}",
        "PROVINCE=33;touch {marker}",
        "WORKERS=2;touch {marker}",
        "REPORTS_DIR=$$(touch {marker})",
    ],
)
def test_make_variables_never_reach_a_shell(tmp_path, assignment):
    """A command planted in any Make variable runs nowhere; make stops, nothing is created."""
    marker = tmp_path / "pwned"
    reports = tmp_path / "reports"
    goal = "province" if assignment.startswith("PROVINCE") else "report"
    result = _make(
        goal, "REGENCY=klaten", f"REPORTS_DIR={reports}", assignment.format(marker=marker)
    )
    assert result.returncode != 0
    assert not marker.exists()
    assert not reports.exists()
    assert "nothing was run" in result.stderr


def test_make_never_deletes_a_published_brief(tmp_path):
    """The brief's recipe fails after publishing (an interrupt, an error): make keeps the PDF.

    With .DELETE_ON_ERROR and the PDF as a plain target, make used to delete the new brief.
    """
    import os
    import stat

    fake_python = tmp_path / "python"
    fake_python.write_text(
        '#!/bin/sh\nmkdir -p "$TKPK_REPORTS_DIR/klaten"\n'
        'echo new > "$TKPK_REPORTS_DIR/klaten/brief.pdf"\nexit 1\n'
    )
    fake_python.chmod(fake_python.stat().st_mode | stat.S_IEXEC)
    stamp = tmp_path / "installed"
    stamp.write_text("")
    reports = tmp_path / "reports"
    os.utime(stamp, None)
    result = _make(
        f"{reports}/klaten/brief.pdf",
        f"REPORTS_DIR={reports}",
        f"PY={fake_python}",
        f"STAMP={stamp}",
    )
    assert result.returncode != 0
    assert (reports / "klaten" / "brief.pdf").read_text() == "new\n"
    assert "Deleting" not in result.stderr


@pytest.mark.parametrize(
    "file_value",
    [
        "$(shell touch {marker})",
        "`touch {marker}`.csv",
        "x.csv; touch {marker}",
        "$$(touch {marker})",
    ],
)
def test_data_import_file_name_never_reaches_a_shell(tmp_path, file_value):
    """A command planted in FILE= is passed on as a file name: it runs nowhere, nothing imports."""
    marker = tmp_path / "pwned"
    result = _make("data-import", f"FILE={file_value.format(marker=marker)}")
    assert result.returncode != 0
    assert not marker.exists()
    assert "file not found" in result.stderr


@pytest.mark.parametrize(("target", "language"), [("brief.pdf", "id"), ("brief.en.pdf", "en")])
def test_brief_file_name_decides_its_language(tmp_path, target, language):
    """`make reports/x/brief.en.pdf` builds the English brief, `brief.pdf` the Indonesian one."""
    import os
    import stat

    fake_python = tmp_path / "python"
    fake_python.write_text(f'#!/bin/sh\necho "$@" > "{tmp_path}/arguments"\n')
    fake_python.chmod(fake_python.stat().st_mode | stat.S_IEXEC)
    stamp = tmp_path / "installed"
    stamp.write_text("")
    os.utime(stamp, None)
    reports = tmp_path / "reports"
    result = _make(
        f"{reports}/klaten/{target}",
        f"REPORTS_DIR={reports}",
        f"PY={fake_python}",
        f"STAMP={stamp}",
        "BRIEF_LANG=en" if language == "id" else "BRIEF_LANG=id",  # the file name wins
    )
    assert result.returncode == 0, result.stderr
    arguments = (tmp_path / "arguments").read_text().split()
    assert arguments[:4] == ["-m", "analysis.buildserver", "build", "klaten"]
    assert arguments[arguments.index("--lang") + 1] == language
