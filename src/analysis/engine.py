"""A papermill engine that executes each notebook in a fresh process forked from a warm parent.

Starting a Jupyter kernel and importing pandas, statsmodels and matplotlib costs seconds per
notebook, while the analysis itself takes well under a second. This engine pays the imports once,
in the building process (`warm_up`), and runs every notebook in a child process forked from it:
the child starts with the imports done but with a brand-new IPython shell and an empty namespace,
executes the cells, sends the outputs back and exits. Nothing a notebook does can leak into the
next one (not even module state), and papermill still injects the parameters, records metadata,
writes the executed notebook and raises on the first failing cell, as with a kernel. A batch
builds each regency in a process forked for it and runs that regency's notebooks there, each in
a new shell (`run_here`): regencies stay apart, and a regency's notebooks share only module state.

No maintained package provides a fork-based papermill engine, hence this module. It registers
itself with papermill as ``tkpk-fork``; ``TKPK_ENGINE=nbclient`` selects papermill's usual
kernel-based engine instead (used by the tests that compare the two).
"""

from __future__ import annotations

import contextlib
import datetime
import gc
import io
import json
import os
import sys
import traceback

from papermill.engines import Engine, papermill_engines

ENGINE_NAME = "tkpk-fork"
WARM_MODULES = (
    "numpy",
    "pandas",
    "scipy.stats",
    "matplotlib.pyplot",
    "seaborn",
    "statsmodels.tsa.statespace.structural",
    "statsmodels.stats.multitest",
    "IPython.core.interactiveshell",
    # Imported by the first shell of a process: imported here once, not in every notebook's.
    "IPython.core.completer",
    "IPython.core.completerlib",
    "IPython.core.magics",
    "IPython.core.oinspect",
    "IPython.core.pylabtools",
    "IPython.core.application",
    "IPython.display",
    "babel.numbers",
    "babel.dates",
    "analysis.build",
    "analysis.results",
    "analysis.brief",
    "analysis.data",
    "analysis.trend",
    "analysis.figures",
    "analysis.forecast",
    "analysis.synth",
    "analysis.villages",
    "analysis.pockets",
    "analysis.impact",
    "analysis.keymessages",
    "analysis.brief.decisions",
    "analysis.brief.interventions",
    # Imported on first use inside a notebook: showing a DataFrame (its text and HTML reprs),
    # IPython's first cell, a regression's covariance, the annex's workbook properties.
    "pandas.io.formats.html",
    "pandas.io.formats.string",
    "IPython.core.logger",
    "bdb",
    "statsmodels.base.covtype",
    "openpyxl.packaging.extended",
    # The building process's own steps after the notebooks: the brief's rendering (pandoc,
    # Typst: imported only, a compilation here would start threads a fork cannot copy) and the
    # privacy scan of the outputs (PDFium, the HTML parser). A build forked from a warm server
    # would import them again each time.
    "analysis.provenance",
    "analysis.render",
    "analysis.privacy",
    "pypandoc",
    "typst",
    "pypdfium2",
    "html.parser",
    "pandas.core.methods.to_dict",
    # Codecs looked up by name: zip member names (the XLSX scan) and PDFium's page text.
    "encodings.cp437",
    "encodings.utf_16_le",
)


_warmed: list[bool] = []


def warm_up() -> None:
    """Import the heavy modules once so that forked notebook processes start with them loaded."""
    import importlib

    for name in WARM_MODULES:
        importlib.import_module(name)
    # Read-only caches and one-off initialisations that every notebook would otherwise repeat:
    # the validated raw data, and matplotlib's font lookup and first-draw set-up.
    import io as _io

    from analysis import data, figures

    data.load_bps()
    data.load_official_regencies()
    data.index_official_villages()
    # nbformat compiles its JSON schema (about 0.08 s) the first time a notebook is read or
    # written; reading the project's notebooks here compiles it once for every build.
    import nbformat

    from analysis import paths

    for notebook in sorted(paths.NOTEBOOKS_DIR.glob("*.ipynb")):
        nbformat.read(notebook, as_version=4)
    if _warmed:
        return  # matplotlib's fonts and first draw are set up once per process
    _warmed.append(True)
    # Every font size and weight the brief's figures use (titles, axis labels, ticks, legend,
    # the bold SIMULASI stamp), so that matplotlib's font lookup (which file serves which size
    # and weight) is done here once; it reopens the files themselves after a fork.
    figure, axes = figures.new_figure(4, 3)
    axes.plot([0, 1], [0, 1], marker="o", label="warm-up")
    axes.set_title("warm-up")
    axes.set_xlabel("warm-up")
    axes.legend()
    axes.text(0.5, 0.5, "warm-up", fontsize=figures.MIN_FONT_PT)
    axes.text(0.2, 0.2, "warm-up", fontsize=8, fontweight="bold")
    figure.savefig(_io.BytesIO(), format="png")
    figures.plt.close(figure)
    # The number and date formats of both languages (babel reads its locale files lazily).
    from analysis import fmt

    for language in fmt.LOCALES:
        fmt.number(1234.5, 1, language)
        fmt.date(datetime.date(2026, 1, 1), language)


def _new_shell():
    """Return an IPython shell whose outputs are collected instead of printed."""
    from IPython.core.displayhook import DisplayHook
    from IPython.core.displaypub import DisplayPublisher
    from IPython.core.interactiveshell import InteractiveShell

    collected: list[dict] = []

    class CollectingPublisher(DisplayPublisher):
        def publish(
            self, data, metadata=None, source=None, *, transient=None, update=False, **kwargs
        ):
            collected.append(
                {"output_type": "display_data", "data": data, "metadata": metadata or {}}
            )

    class CollectingHook(DisplayHook):
        def write_output_prompt(self):
            pass

        def write_format_data(self, format_dict, md_dict=None):
            collected.append(
                {
                    "output_type": "execute_result",
                    "data": format_dict,
                    "metadata": md_dict or {},
                    "execution_count": self.shell.execution_count,
                }
            )

        def finish_displayhook(self):
            pass

    from traitlets.config import Config

    # No history database: every notebook process would otherwise open (and lock) the same
    # ~/.ipython sqlite file and start a thread to save into it.
    config = Config()
    config.HistoryManager.enabled = False
    shell = InteractiveShell.instance(config=config, display_pub_class=CollectingPublisher)
    shell.displayhook = CollectingHook(shell=shell)
    shell.display_trap.hook = shell.displayhook
    errors: list[dict] = []

    def show_traceback(etype, evalue, stb):
        errors.append(
            {
                "output_type": "error",
                "ename": etype.__name__,
                "evalue": str(evalue),
                "traceback": stb,
            }
        )

    shell._showtraceback = show_traceback
    # Figures returned by a cell are shown inline, as under a Jupyter kernel's inline backend.
    from IPython.core.pylabtools import select_figure_formats

    select_figure_formats(shell, {"png"})
    shell.execution_count = 1
    if "pandas" in sys.modules:
        # pandas sizes reprs to the terminal unless it sees a Jupyter front end; use the values
        # it uses under a kernel so outputs match those of the kernel-based engine.
        pandas = sys.modules["pandas"]
        pandas.set_option("display.max_columns", 20)
        pandas.set_option("display.width", 80)
    return shell, collected, errors


def _run_cells(sources: list[str]) -> list[dict]:
    """Execute cell sources in a fresh shell; return per-cell outputs, stopping at an error."""
    shell, collected, errors = _new_shell()
    results = []
    for source in sources:
        stdout, stderr = io.StringIO(), io.StringIO()
        saved = sys.stdout, sys.stderr
        sys.stdout, sys.stderr = stdout, stderr
        count = shell.execution_count
        started = datetime.datetime.now(datetime.UTC)
        try:
            shell.run_cell(source, store_history=True)
        finally:
            sys.stdout, sys.stderr = saved
        ended = datetime.datetime.now(datetime.UTC)
        outputs = []
        for name, stream in (("stdout", stdout), ("stderr", stderr)):
            if stream.getvalue():
                outputs.append({"output_type": "stream", "name": name, "text": stream.getvalue()})
        outputs += collected + errors
        failed = bool(errors)
        collected.clear()
        errors.clear()
        results.append(
            {
                "outputs": outputs,
                "execution_count": count,
                "failed": failed,
                "start": started.isoformat(),
                "end": ended.isoformat(),
                "duration": (ended - started).total_seconds(),
            }
        )
        if failed:
            break
    return results


class NotebookProcessError(RuntimeError):
    """The notebook's process ended without a result: killed (out of memory, kill -9) or crashed.

    ``signal`` names the signal that ended it ("SIGKILL"), or is empty when it exited with
    ``exit_status``. The pipeline turns this into a message naming the notebook.
    """

    def __init__(self, status: int):
        import signal as signals

        self.signal = ""
        self.exit_status = 0
        if os.WIFSIGNALED(status):
            number = os.WTERMSIG(status)
            try:
                self.signal = signals.Signals(number).name
            except ValueError:
                self.signal = str(number)
        else:
            self.exit_status = os.waitstatus_to_exitcode(status)
        how = f"signal {self.signal}" if self.signal else f"exit status {self.exit_status}"
        super().__init__(f"notebook process ended without a result ({how})")


# Children started ahead of papermill (`prestart`), keyed by the exact cell sources they run.
_prestarted: dict[tuple[str, ...], tuple[int, int]] = {}


def _fork_cells(sources: list[str]) -> tuple[int, int]:
    """Fork a child that runs ``sources`` and writes its results to a pipe; (pid, read end)."""
    read_end, write_end = os.pipe()
    # Objects that exist now are never collected in the child: keeping the collector off them
    # avoids copying the parent's memory page by page (copy-on-write) in every notebook process.
    gc.freeze()
    pid = os.fork()
    if pid == 0:  # child: execute, report, and leave without running the parent's exit handlers
        os.close(read_end)
        for _, other_read_end in _prestarted.values():
            os.close(other_read_end)  # a sibling's pipe is not this child's to hold open
        status = 0
        try:
            payload = json.dumps(_run_cells(sources), default=str).encode()
        except BaseException:
            payload = json.dumps({"crash": traceback.format_exc()}).encode()
            status = 1
        with os.fdopen(write_end, "wb") as pipe:
            pipe.write(payload)
        os._exit(status)
    os.close(write_end)
    return pid, read_end


def _collect(pid: int, read_end: int) -> list[dict]:
    """Read a child's results and reap it; raise if it ended without a result."""
    with os.fdopen(read_end, "rb") as pipe:
        payload = pipe.read()
    _, status = os.waitpid(pid, 0)
    if not payload:
        raise NotebookProcessError(status)
    result = json.loads(payload)
    if isinstance(result, dict):
        raise RuntimeError(f"notebook process failed:\n{result['crash']}")
    return result


# Whether notebooks run in the calling process instead of a forked child (`run_here`): set only
# in a batch's regency process, itself forked for one regency and gone after it.
RUN_HERE = {"enabled": False}


def run_in_child(sources: list[str]) -> list[dict]:
    """Run cells in a process forked from this one and return its per-cell results.

    A child already started for exactly these sources (`prestart`) is collected instead; with
    ``RUN_HERE["enabled"]`` the cells run in this process (`run_here`).
    """
    started = _prestarted.pop(tuple(sources), None)
    if started is None and RUN_HERE["enabled"]:
        return run_here(sources)
    return _collect(*(started or _fork_cells(sources)))


def run_here(sources: list[str]) -> list[dict]:
    """Run cells in this process, in a new IPython shell with an empty namespace.

    For a process that builds one regency and exits (`analysis.batch`): forking each of its five
    notebooks again would copy, page by page, memory the regency process already copied, and
    cost a fork and an exit each (about 7 % of a batch regency's CPU, measured in alternated
    runs). The notebooks of that regency then share module state (the caches of its own inputs),
    never a namespace; regencies still cannot see each other.
    """
    from IPython.core.interactiveshell import InteractiveShell

    InteractiveShell.clear_instance()
    # What the earlier notebooks left is never collected (the process ends with the regency):
    # the collector then scans only this notebook's objects, as in a fresh child.
    gc.freeze()
    # Through JSON, as from a child: the same types (str for anything else) in either mode.
    return json.loads(json.dumps(_run_cells(sources), default=str))


def parameterized_sources(notebook: str, parameters: dict) -> list[str]:
    """The code cells of ``notebook`` as papermill will run them, parameters injected."""
    register()
    from papermill.iorw import load_notebook_node
    from papermill.parameterize import parameterize_notebook

    node = parameterize_notebook(
        load_notebook_node(notebook), parameters, kernel_name="python3", engine_name=ENGINE_NAME
    )
    return [cell.source for cell in node.cells if cell.cell_type == "code"]


def prestart(notebooks: list[tuple[str, dict]]) -> None:
    """Start the children of independent notebooks now, so that they run side by side.

    Papermill then executes each notebook as usual; the engine finds the child already running
    for the same cells and collects it (`run_in_child`). Each child is still a fresh process
    forked from this one, so the notebooks cannot see each other. Call `cancel_prestarted` when
    the build stops early, so no child outlives it.
    """
    if os.environ.get("TKPK_ENGINE") == "nbclient":
        return  # the kernel-based engine starts its own kernels, one notebook at a time
    for notebook, parameters in notebooks:
        sources = parameterized_sources(notebook, parameters)
        _prestarted[tuple(sources)] = _fork_cells(sources)


def cancel_prestarted() -> None:
    """Stop and reap every child started by `prestart` and not collected."""
    import signal as signals

    while _prestarted:
        _, (pid, read_end) = _prestarted.popitem()
        with contextlib.suppress(ProcessLookupError):  # it may have finished and exited
            os.kill(pid, signals.SIGKILL)
        os.close(read_end)
        os.waitpid(pid, 0)


class ForkEngine(Engine):
    """Papermill engine: execute the notebook in a forked, pre-imported process."""

    @classmethod
    def execute_notebook(cls, nb, kernel_name, output_path=None, **kwargs):
        """Run papermill's execution manager without its own saves of the notebook.

        The manager would write the whole notebook when execution starts and again when it
        completes; `papermill.execute_notebook` itself writes it before and after execution, so
        those two extra writes (outputs and figures included) only cost time.
        """
        return super().execute_notebook(nb, kernel_name, output_path=None, **kwargs)

    @classmethod
    def execute_managed_notebook(cls, nb_man, kernel_name, **kwargs):
        """Execute every code cell in one fresh child process and record the outputs."""
        from nbformat import from_dict
        from nbformat.v4 import output_from_msg  # noqa: F401 - ensures nbformat is loaded

        cells = [
            (index, cell) for index, cell in enumerate(nb_man.nb.cells) if cell.cell_type == "code"
        ]
        results = run_in_child([cell.source for _, cell in cells])
        # Record papermill's per-cell metadata without its save after every cell: the cells ran
        # in the child already, and papermill writes the whole notebook once when it completes.
        for (index, cell), result in zip(cells, results, strict=False):
            cell.outputs = [from_dict(output) for output in result["outputs"]]
            cell.execution_count = result["execution_count"]
            record = cell.metadata.papermill
            record["start_time"] = result["start"]
            record["end_time"] = result["end"]
            record["duration"] = result["duration"]
            record["exception"] = result["failed"]
            record["status"] = nb_man.FAILED if result["failed"] else nb_man.COMPLETED
            if result["failed"]:
                nb_man.cell_exception(cell, index)
                break


def register() -> str:
    """Register the engine with papermill and return the engine name to use."""
    papermill_engines.register(ENGINE_NAME, ForkEngine)
    return "nbclient" if os.environ.get("TKPK_ENGINE") == "nbclient" else ENGINE_NAME
