"""Batch builds: failures are isolated, up-to-date regencies are skipped, outputs match."""

import os
import shutil
import subprocess
import sys

import nbformat
import pytest
from conftest import run_build

from analysis import batch, paths


def _batch(reports, params_dir, *arguments):
    environment = {
        **os.environ,
        "TKPK_REPORTS_DIR": str(reports),
        "TKPK_PARAMS_DIR": str(params_dir),
    }
    return subprocess.run(
        [sys.executable, "-m", "analysis.batch", "--no-progress", *arguments],
        cwd=paths.ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture(scope="module")
def broken_batch(tmp_path_factory):
    """Build three regencies with a broken params file for one of them."""
    params_dir = tmp_path_factory.mktemp("params")
    for path in paths.PARAMS_DIR.glob("*.yml"):
        shutil.copy(path, params_dir)
    (params_dir / "boyolali.yml").write_text("regency: boyolali\nkode_bps: 3309\nname: [\n")
    reports = tmp_path_factory.mktemp("reports")
    result = _batch(
        reports, params_dir, "--only", "klaten", "boyolali", "kota-salatiga", "--workers", "2"
    )
    return reports, params_dir, result


@pytest.mark.slow
def test_one_broken_regency_fails_alone(broken_batch):
    """A broken params file fails that regency only; the others build and the exit status is 1."""
    reports, _, result = broken_batch
    assert result.returncode == 1
    lines = {line.split()[0]: line for line in result.stdout.splitlines() if line.strip()}
    assert "failed" in lines["boyolali"] and "boyolali.yml" in lines["boyolali"]
    assert "built" in lines["klaten"] and "built" in lines["kota-salatiga"]
    assert (reports / "klaten" / "brief.pdf").exists()
    assert not (reports / "boyolali" / "brief.pdf").exists()
    assert "3 regencies: 2 built, 1 failed, 0 skipped" in result.stdout


@pytest.mark.slow
def test_second_batch_skips_up_to_date_regencies(broken_batch):
    """Rerunning the batch skips the regencies already built and retries the failed one."""
    reports, params_dir, _ = broken_batch
    result = _batch(reports, params_dir, "--only", "klaten", "boyolali", "kota-salatiga")
    assert "2 skipped" in result.stdout and "1 failed" in result.stdout


@pytest.mark.slow
def test_forced_batch_rebuilds_an_up_to_date_regency(broken_batch):
    """--force rebuilds a regency whose brief is up to date (a new brief, not a skip)."""
    reports, params_dir, _ = broken_batch
    before = (reports / "klaten" / "brief.pdf").resolve()
    result = _batch(reports, params_dir, "--only", "kota-salatiga", "--force")
    assert "1 built, 0 failed, 0 skipped" in result.stdout, result.stdout + result.stderr
    assert (reports / "klaten" / "brief.pdf").resolve() == before  # only what was asked


@pytest.mark.slow
def test_batch_notebooks_match_a_single_build(broken_batch, tmp_path):
    """Executed notebooks from the batch have the same outputs as a single build's."""
    reports, params_dir, _ = broken_batch
    single = run_build("klaten", tmp_path, params_dir=params_dir)
    assert single.returncode == 0, single.stderr[-2000:]
    for notebook in sorted((reports / "klaten" / "notebooks").glob("*.ipynb")):
        ours = nbformat.read(notebook, 4)
        theirs = nbformat.read(tmp_path / "klaten" / "notebooks" / notebook.name, 4)
        assert [c.get("outputs") for c in ours.cells] == [c.get("outputs") for c in theirs.cells]


def test_province_selection_and_unknown_province():
    """Province 33 selects the 35 Jawa Tengah regencies; an unknown province is refused."""
    assert len(batch.select("33")) == 35
    with pytest.raises(ValueError, match="PROVINCE=99"):
        batch.select("99")


def test_summary_table_counts_outcomes():
    """The summary lists every regency and counts built, failed and skipped."""
    table = batch.summary_table(
        [
            batch.Outcome("a", "built", 1.0),
            batch.Outcome("b", "failed", 0.5, "InputError: x"),
            batch.Outcome("c", "skipped", 0.0, "up to date"),
        ]
    )
    assert "InputError: x" in table and "3 regencies: 1 built, 1 failed, 1 skipped" in table


def test_read_only_reports_folder_fails_the_regency_with_a_message(tmp_path, monkeypatch):
    """A reports folder that refuses writes fails that regency with a message, no traceback."""
    import errno
    from pathlib import Path

    monkeypatch.setenv("TKPK_REPORTS_DIR", str(tmp_path))

    def refuse(self, *arguments, **keywords):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(self))

    monkeypatch.setattr(Path, "mkdir", refuse)
    outcome = batch.build_one(("klaten", "en"))
    assert outcome.status == "failed"
    assert str(tmp_path / "klaten") in outcome.detail and "permission denied" in outcome.detail
    assert "REPORTS_DIR=" in outcome.detail


def test_unknown_province_is_refused_in_both_languages():
    """An unknown PROVINCE is refused in Indonesian ('tidak ada kabupaten/kota'), then English."""
    from analysis.errors import InputError

    with pytest.raises(InputError) as error:
        batch.select("99")
    first, second = str(error.value).split("\n(en) ")
    assert first.startswith("PROVINCE=99: tidak ada kabupaten/kota dengan data")
    assert second.startswith("PROVINCE=99: no regency with data has a BPS code starting with 99")


def test_stages_run_side_by_side_only_with_fewer_regencies_than_workers():
    """Three regencies on two workers run their stages one after the other; one regency on two
    workers runs them side by side (a core would idle otherwise); force reaches every task."""
    assert batch.worker_tasks(["a", "b", "c"], "en", 2) == [
        ("a", "en", False, False),
        ("b", "en", False, False),
        ("c", "en", False, False),
    ]
    assert batch.worker_tasks(["a"], "", 2, force=True) == [("a", "", True, True)]


def test_a_killed_regency_process_fails_that_regency_with_the_signal(tmp_path, monkeypatch):
    """A regency whose own process is killed (out of memory, kill -9) fails, named with the
    signal; the worker goes on."""
    import signal

    from analysis import pipeline

    monkeypatch.setenv("TKPK_REPORTS_DIR", str(tmp_path))
    monkeypatch.setattr(pipeline, "build", lambda *a, **k: os.kill(os.getpid(), signal.SIGKILL))
    outcome = batch.build_one(("klaten", "en", False, True))
    assert outcome.status == "failed"
    assert "the process building klaten was killed by signal SIGKILL" in outcome.detail


def test_a_regency_process_leaves_the_worker_as_it_was(tmp_path, monkeypatch):
    """Module state a regency's build changes stays in its own process; its outcome comes back."""
    from analysis import engine, fmt, pipeline

    def build(*arguments, **keywords):
        fmt.MINUS = "-"
        assert engine.RUN_HERE["enabled"]  # its notebooks run in the regency's process
        return None  # "up to date"

    monkeypatch.setenv("TKPK_REPORTS_DIR", str(tmp_path))
    monkeypatch.setattr(pipeline, "build", build)
    outcome = batch.build_one(("klaten", "id", False, False))
    assert (outcome.regency, outcome.status, outcome.detail) == ("klaten", "skipped", "up to date")
    assert fmt.MINUS == "\u2212" and not engine.RUN_HERE["enabled"]


def test_a_regency_never_built_is_not_up_to_date_without_reading_its_parameters(
    tmp_path, monkeypatch
):
    """With no brief in the reports folder the check answers at once (a first national batch
    would otherwise read 514 params and digests, one after the other, before building)."""
    from analysis import params

    def refuse(*arguments, **keywords):
        raise AssertionError("params read")

    monkeypatch.setenv("TKPK_REPORTS_DIR", str(tmp_path))
    monkeypatch.setattr(params, "load", refuse)
    assert batch.is_up_to_date("klaten", "") is False
