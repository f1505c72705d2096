"""Publishing: one step, each language its own files, whole after any interrupt; clear failures.

The publish tests use synthetic staging folders (no notebook runs): every file of a synthetic
build holds that build's id, so a published folder is "whole" when every visible file of a
language holds one build's id and nothing of that build is missing.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import signal

import pytest

from analysis import build, engine, paths, pipeline, publish

ANNEX_ID = "lampiran_desa_prioritas_klaten.xlsx"
ANNEX_EN = "lampiran_desa_prioritas_klaten.en.xlsx"
# What a reader opens for each language (the README's list of outputs).
VISIBLE = {
    "id": ["brief.pdf", "run.json", ANNEX_ID, ".manifest", "results/trend.json",
           "figures/p0.png"],
    "en": ["brief.en.pdf", "run.en.json", ANNEX_EN, ".manifest.en", "results.en/trend.json",
           "figures.en/p0.png"],
}  # fmt: skip


def _staging(folder, build_id, language):
    """A finished synthetic build in ``folder/.staging-x``; every file holds ``build_id``."""
    staging = folder / f".staging-{build_id}"
    annex = ANNEX_ID if language == "id" else ANNEX_EN
    for name in ("brief.pdf", annex, "results/trend.json", "figures/p0.png"):
        (staging / name).parent.mkdir(parents=True, exist_ok=True)
        (staging / name).write_text(build_id)
    (staging / "run.json").write_text(json.dumps({"build": build_id}))
    (staging / "brief.typ").write_text("intermediate, never published")
    names = ["brief.pdf", annex, "run.json", "results", "figures"]
    return staging, names


def _publish(folder, build_id, language, step=None):
    staging, names = _staging(folder, build_id, language)
    version = publish.publish(staging, folder, names, language, digest=build_id, step=step)
    shutil.rmtree(staging)  # as the pipeline does after publishing
    return version


def _view(folder, language):
    """The build id each visible file of a language holds (None where the file is missing)."""
    seen = {}
    for name in VISIBLE[language]:
        path = folder / name
        if not path.is_file():
            seen[name] = None
        elif name.startswith("run"):
            seen[name] = json.loads(path.read_text())["build"]
        else:
            seen[name] = path.read_text().strip()
    return seen


def _whole(build_id, language):
    return dict.fromkeys(VISIBLE[language], build_id)


def _legacy(folder, build_id):
    """The layout before versions: real files and folders straight in reports/<regency>/."""
    staging, names = _staging(folder, build_id, "id")
    for name in names:
        os.replace(staging / name, folder / name)
    (folder / ".manifest").write_text(build_id + "\n")


# Each scenario: prepare the folder (what readers see before), then publish `new` in `language`.
# Expected before/after views per language; None means "no files of that language".
SCENARIOS = {
    "first build": (lambda f: None, "id", {"id": None, "en": None}),
    "English beside Indonesian": (lambda f: _publish(f, "old-id", "id"), "en",
                                  {"id": "old-id", "en": None}),
    "Indonesian rebuilt, English kept": (
        lambda f: (_publish(f, "old-id", "id"), _publish(f, "old-en", "en")),
        "id", {"id": "old-id", "en": "old-en"}),
    "older layout migrated": (lambda f: _legacy(f, "old-id"), "en", {"id": "old-id", "en": None}),
}  # fmt: skip


def _check(folder, language, before, new):
    """Each language shows one build, whole: the language published old or new, the other old."""
    for lang in ("id", "en"):
        view = _view(folder, lang)
        old = _whole(before[lang], lang) if before[lang] else dict.fromkeys(VISIBLE[lang])
        allowed = [old] + ([_whole(new, lang)] if lang == language else [])
        assert view in allowed, (lang, view)


def _count_steps(tmp_path, scenario):
    prepare, language, _ = SCENARIOS[scenario]
    folder = tmp_path / "count"
    folder.mkdir()
    prepare(folder)
    steps = []
    _publish(folder, "new", language, step=steps.append)
    return steps


class Stop(KeyboardInterrupt):
    """The interrupt the test raises at one step."""


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_ctrl_c_at_every_step_leaves_one_whole_build(tmp_path, scenario):
    """Ctrl-C between any two steps of publishing leaves the old build or the new one, whole."""
    prepare, language, before = SCENARIOS[scenario]
    steps = _count_steps(tmp_path, scenario)
    assert "switched" in steps and len(steps) >= 10
    for index in range(len(steps)):
        folder = tmp_path / f"run{index}"
        folder.mkdir()
        prepare(folder)

        def interrupt(name, index=index, seen=[]):  # noqa: B006 - one counter per run
            seen.append(name)
            if len(seen) == index + 1:
                raise Stop(name)

        with pytest.raises(Stop):
            _publish(folder, "new", language, step=interrupt)
        _check(folder, language, before, "new")
        # The next build publishes whole and removes what the interrupted one left.
        _publish(folder, "next", language)
        _check(folder, language, {**before, language: "next"}, "next")
        assert len(list(folder.glob(".v-*"))) == 1
        assert not [p for p in folder.iterdir() if p.name.startswith((".current.tmp", ".link-tmp"))]


@pytest.mark.slow
@pytest.mark.parametrize("scenario", SCENARIOS)
def test_kill_at_every_step_leaves_one_whole_build(tmp_path, scenario):
    """SIGKILL of the publishing process between any two steps leaves one whole build."""
    prepare, language, before = SCENARIOS[scenario]
    steps = _count_steps(tmp_path, scenario)
    for index in range(len(steps) + 1):  # the last run is killed after the final step
        folder = tmp_path / f"run{index}"
        folder.mkdir()
        prepare(folder)
        pid = os.fork()
        if pid == 0:  # child: publish and be killed at step `index`
            try:
                seen = []

                def kill(name, index=index, seen=seen):
                    seen.append(name)
                    if len(seen) == index + 1:
                        os.kill(os.getpid(), signal.SIGKILL)

                _publish(folder, "new", language, step=kill)
            finally:
                os._exit(0)
        _, status = os.waitpid(pid, 0)
        if index < len(steps):
            assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
        _check(folder, language, before, "new")
        if index >= steps.index("switched"):  # the swap is the step that publishes
            assert _view(folder, language) == _whole("new", language)
        else:
            assert _view(folder, language) != _whole("new", language)


def test_english_build_keeps_the_indonesian_files(tmp_path):
    """BRIEF_LANG=en publishes brief.en.pdf, its annex and run.en.json; brief.pdf stays as is."""
    folder = tmp_path / "klaten"
    folder.mkdir()
    _publish(folder, "b1", "id")
    _publish(folder, "b2", "en")
    assert _view(folder, "id") == _whole("b1", "id")
    assert _view(folder, "en") == _whole("b2", "en")
    assert not (folder / "brief.typ").exists()  # intermediates are not published
    # Each language is up to date on its own digest.
    assert pipeline.is_up_to_date(folder, "b1", "id") and pipeline.is_up_to_date(folder, "b2", "en")
    assert not pipeline.is_up_to_date(folder, "b2", "id")


def test_variant_names_mark_english_only():
    """Indonesian keeps the plain names; English inserts .en before the extension."""
    assert publish.variant_name("brief.pdf", "id") == "brief.pdf"
    assert publish.variant_name("brief.pdf", "en") == "brief.en.pdf"
    assert publish.variant_name("run.json", "en") == "run.en.json"
    assert publish.variant_name("results", "en") == "results.en"
    assert publish.variant_name(".manifest", "en") == ".manifest.en"
    assert publish.variant_name(ANNEX_EN, "en") == ANNEX_EN
    assert build.annex_name("klaten", "en") == ANNEX_EN
    assert build.annex_name("klaten") == ANNEX_ID


# --- clear messages instead of tracebacks --------------------------------------------------------


@pytest.fixture
def quiet_main(monkeypatch, tmp_path):
    """Run `pipeline.main` in this process: reports in tmp_path, no warm-up, no signal handlers."""
    monkeypatch.setenv("TKPK_REPORTS_DIR", str(tmp_path / "reports"))
    for variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        monkeypatch.setenv(variable, "1")
    monkeypatch.setattr(engine, "warm_up", lambda: None)
    monkeypatch.setattr(signal, "signal", lambda *arguments: None)
    folder = tmp_path / "reports" / "klaten"
    folder.mkdir(parents=True)
    _publish(folder, "published", "id")
    return folder


def _assert_clear(result, capsys, *expected):
    error = capsys.readouterr().err
    assert result == 4, error
    assert "Traceback" not in error
    for text in expected:
        assert text in error, (text, error)
    return error


def test_read_only_reports_folder_gives_a_message(quiet_main, monkeypatch, capsys):
    """A reports folder that refuses writes: the path, 'unchanged' and what to do, no traceback."""
    from pathlib import Path

    original = Path.mkdir

    def refuse(self, *arguments, **keywords):
        if self.name.startswith(".staging-"):
            raise PermissionError(errno.EROFS, os.strerror(errno.EROFS), str(self))
        return original(self, *arguments, **keywords)

    monkeypatch.setattr(Path, "mkdir", refuse)
    result = pipeline.main(["build", "klaten", "--force"])
    error = _assert_clear(
        result, capsys, str(quiet_main), "read-only file system", "chmod -R u+w", "REPORTS_DIR="
    )
    assert "tidak berubah" in error and "unchanged" in error  # both languages
    # The system's reason in each language's own words.
    assert "(sistem berkas hanya-baca)" in error.split("(en)")[0]
    assert _view(quiet_main, "id") == _whole("published", "id")


def test_full_disk_gives_a_message_naming_the_file(quiet_main, monkeypatch, capsys):
    """ENOSPC from a writer (no path in the error): the file, 'unchanged', free space, rerun."""

    def full(target):
        raise OSError(errno.ENOSPC, "No space left on device")

    def notebook(name, staging, parameters):
        build.write_with(staging / "figures" / "p0.png", full)

    monkeypatch.setattr(pipeline, "execute_notebook", notebook)
    result = pipeline.main(["build", "klaten", "--force"])
    _assert_clear(
        result, capsys, "figures/p0.png", "disk is full", "df -h", "make report REGENCY=klaten"
    )
    assert _view(quiet_main, "id") == _whole("published", "id")
    assert not list(quiet_main.glob(".staging-*"))


def test_full_disk_inside_a_notebook_cell_gives_a_message(tmp_path, monkeypatch):
    """An ENOSPC raised in a notebook cell (papermill's wrapped form) becomes the same message."""
    monkeypatch.setenv("TKPK_REPORTS_DIR", str(tmp_path))
    folder = paths.regency_dir("klaten")

    class WrappedError(Exception):
        ename = "OSError"
        evalue = f"[Errno 28] No space left on device: '{folder}/.staging-1/results/trend.json'"

    message = pipeline.notebook_os_error(WrappedError(), folder, "klaten", "en")
    assert "disk is full" in str(message) and "results/trend.json" in str(message)
    outside = WrappedError()
    outside.evalue = "[Errno 13] Permission denied: '/home/user/p3ke_budi.csv'"
    assert pipeline.notebook_os_error(outside, folder, "klaten", "en") is None  # never named


def test_killed_notebook_process_gives_a_message(quiet_main, monkeypatch, capsys):
    """A notebook process killed (SIGKILL): which notebook, brief unchanged, how to rerun."""
    import papermill

    def killed(source, target, **keywords):
        engine.run_in_child(["import os, signal\nos.kill(os.getpid(), signal.SIGKILL)"])

    monkeypatch.setattr(papermill, "execute_notebook", killed)
    result = pipeline.main(["build", "klaten", "--force"])
    _assert_clear(
        result,
        capsys,
        "notebooks/01-trend.ipynb",
        "killed by signal SIGKILL",
        "unchanged",
        "make report REGENCY=klaten",
    )
    assert _view(quiet_main, "id") == _whole("published", "id")
