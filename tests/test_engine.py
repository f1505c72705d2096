"""The fork engine: fresh namespaces, faithful outputs, and a stop at the first error."""

import pytest

from analysis import engine


def test_each_run_starts_with_an_empty_namespace():
    """A name defined in one notebook process does not exist in the next one."""
    first = engine.run_in_child(["secret = 41", "secret + 1"])
    assert first[1]["outputs"][0]["data"]["text/plain"] == "42"
    second = engine.run_in_child(["secret"])
    assert second[0]["failed"] and second[0]["outputs"][-1]["ename"] == "NameError"


def test_outputs_are_collected_like_a_kernel():
    """print, display() and the last expression become stream, display_data, execute_result."""
    results = engine.run_in_child(
        [
            "print('halo')\nfrom IPython.display import Markdown, display\n"
            "display(Markdown('**x**'))",
            "1 + 1",
        ]
    )
    kinds = [output["output_type"] for output in results[0]["outputs"]]
    assert kinds == ["stream", "display_data"]
    assert results[0]["outputs"][0]["text"] == "halo\n"
    assert results[0]["outputs"][1]["data"]["text/markdown"] == "**x**"
    assert results[1]["outputs"][0]["output_type"] == "execute_result"
    assert results[1]["execution_count"] == 2


def test_execution_stops_at_the_first_error():
    """Cells after a failing cell are not run, and the error names its type and message."""
    results = engine.run_in_child(["raise ValueError('buruk')", "print('never')"])
    assert len(results) == 1
    error = results[0]["outputs"][-1]
    assert (error["ename"], error["evalue"]) == ("ValueError", "buruk")


def test_child_state_does_not_leak_into_the_parent():
    """Module state changed in the child process is unchanged in the parent."""
    import analysis.fmt as fmt

    engine.run_in_child(["import analysis.fmt\nanalysis.fmt.MINUS = '-'"])
    assert fmt.MINUS == "\u2212"


def test_a_warmed_notebook_process_imports_and_loads_nothing_to_show_results():
    """After warm_up, showing a table and formatting numbers and dates in both languages in a
    notebook process imports no module and reads no locale file."""
    engine.warm_up()
    results = engine.run_in_child(
        [
            "import sys\nimport babel.localedata\nbefore = set(sys.modules)\n"
            "read = []\nload = babel.localedata.load\n"
            "babel.localedata.load = lambda name, *a: read.append(name) or load(name, *a)",
            "import pandas\npandas.DataFrame({'desa': ['A'], 'p0': [1.5]})",
            "import datetime\nfrom analysis import fmt\n"
            "shown = [fmt.number(1.5, 1, lang) + fmt.date(datetime.date(2026, 7, 1), lang)"
            " for lang in ('id', 'en')]",
            "print(sorted(set(sys.modules) - before), sorted(set(read) - {'id_ID', 'en_US'}))",
        ]
    )
    assert results[1]["outputs"][0]["data"]["text/html"].startswith("<div>")
    assert results[3]["outputs"][0]["text"] == "[] []\n"


def test_a_killed_notebook_process_is_named_as_killed():
    """A notebook process killed by SIGKILL (out of memory, kill -9) raises with the signal."""
    import pytest

    with pytest.raises(engine.NotebookProcessError) as raised:
        engine.run_in_child(["import os, signal\nos.kill(os.getpid(), signal.SIGKILL)"])
    assert raised.value.signal == "SIGKILL"
    exited = engine.NotebookProcessError(3 << 8)  # wait status of a process that exit(3)-ed
    assert (exited.signal, exited.exit_status) == ("", 3)


def _notebook(tmp_path, name: str, cells: list[str]) -> str:
    """Write a notebook with a parameters cell and ``cells``; return its path."""
    import nbformat

    node = nbformat.v4.new_notebook()
    node.metadata["kernelspec"] = {"name": "python3", "language": "python", "display_name": "Py"}
    node.metadata["language_info"] = {"name": "python"}
    parameters = nbformat.v4.new_code_cell("marker = 'default'")
    parameters.metadata["tags"] = ["parameters"]
    node.cells = [parameters, *(nbformat.v4.new_code_cell(source) for source in cells)]
    path = tmp_path / f"{name}.ipynb"
    nbformat.write(node, path)
    return str(path)


def test_a_prestarted_notebook_is_collected_not_run_again(tmp_path):
    """Papermill collects the child started ahead for the same cells: its pid, its outputs."""
    import papermill

    path = _notebook(tmp_path, "a", ["import os\nprint(os.getpid(), marker)"])
    engine.prestart([(path, {"marker": "dari-awal"})])
    ((started_pid, _),) = engine._prestarted.values()
    executed = papermill.execute_notebook(
        path,
        str(tmp_path / "out.ipynb"),
        parameters={"marker": "dari-awal"},
        engine_name=engine.register(),
        kernel_name="python3",
        progress_bar=False,
    )
    printed = executed.cells[-1].outputs[0]["text"].split()
    assert printed == [str(started_pid), "dari-awal"]
    assert engine._prestarted == {}


def test_prestarted_children_left_over_are_stopped(tmp_path):
    """A build that stops early leaves no child behind: cancel kills and reaps every one."""
    import os

    import pytest

    path = _notebook(tmp_path, "b", ["import time\ntime.sleep(600)"])
    engine.prestart([(path, {"marker": "x"}), (path, {"marker": "y"})])
    pids = [pid for pid, _ in engine._prestarted.values()]
    assert len(pids) == 2
    engine.cancel_prestarted()
    assert engine._prestarted == {}
    for pid in pids:
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)  # already reaped: no such child any more


@pytest.mark.slow
def test_a_build_forked_after_warm_up_imports_nothing(tmp_path):
    """A whole build forked from a warmed process (as `make serve` forks it) imports no module:
    rendering, the PDF scan and the notebook schema were loaded by warm_up."""
    import os
    import subprocess
    import sys

    # A new interpreter: Typst cannot compile in a child forked after a compilation in its
    # parent (its threads are not copied), and this test process may have compiled a brief.
    script = """
import json, os, sys
from analysis import engine, pipeline
engine.warm_up()
pid = os.fork()
if pid == 0:
    before = set(sys.modules)
    pipeline.build("klaten", "", force=True)
    print(json.dumps(sorted(set(sys.modules) - before)), file=sys.__stderr__, flush=True)
    os._exit(0)
os._exit(os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]))
"""
    environment = {**os.environ, "TKPK_REPORTS_DIR": str(tmp_path)}
    run = subprocess.run(
        [sys.executable, "-c", script], env=environment, capture_output=True, text=True, timeout=300
    )
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stderr.strip().splitlines()[-1] == "[]"


def test_notebooks_run_here_start_with_an_empty_namespace_and_collect_outputs():
    """In a regency's process (`run_here`) the cells run in that process, each notebook in a new
    shell: a name from the previous one is undefined, and outputs are collected as from a child."""
    import json
    import os

    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # a process of its own: the shell it creates stays out of the test process
        os.close(read_end)
        engine.RUN_HERE["enabled"] = True
        first = engine.run_in_child(["secret = 41", "secret + 1"])
        second = engine.run_in_child(["print('halo')", "secret", "never = 1"])
        third = engine.run_in_child(["import os\nos.getpid()"])
        with os.fdopen(write_end, "w") as pipe:
            json.dump([first, second, third], pipe)
        os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end) as pipe:
        first, second, third = json.load(pipe)
    os.waitpid(pid, 0)
    assert first[1]["outputs"][0]["data"]["text/plain"] == "42"
    assert second[0]["outputs"] == [{"output_type": "stream", "name": "stdout", "text": "halo\n"}]
    assert len(second) == 2 and second[1]["outputs"][-1]["ename"] == "NameError"
    assert third[0]["outputs"][0]["data"]["text/plain"] == str(pid)  # ran in that process
