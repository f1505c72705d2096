"""The committed notebooks are thin, parameterised the same way, and carry no outputs."""

import ast

import nbformat
import pytest

from analysis import paths, pipeline

NOTEBOOKS = sorted(paths.NOTEBOOKS_DIR.glob("*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_committed_without_outputs(path):
    """No code cell of a committed notebook has outputs or an execution count."""
    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert not cell.outputs and cell.execution_count is None


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_has_one_documented_parameters_cell(path):
    """One 'parameters' cell: literal, annotated defaults, each with a # help comment."""
    notebook = nbformat.read(path, as_version=4)
    tagged = [c for c in notebook.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1
    lines = [line for line in tagged[0].source.splitlines() if line.strip()]
    assert {line.split(":")[0] for line in lines} == {"regency", "output_dir", "language"}
    for line in lines:
        assert "# help:" in line
        statement = ast.parse(line.split("#")[0]).body[0]
        assert isinstance(statement, ast.AnnAssign) and isinstance(statement.value, ast.Constant)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_defines_nothing(path):
    """Notebooks call the package; they define no functions or classes."""
    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            tree = ast.parse(cell.source)
            assert not [
                node
                for node in ast.walk(tree)
                if isinstance(node, ast.FunctionDef | ast.ClassDef | ast.Lambda)
            ]


def test_pipeline_runs_every_notebook():
    """Every committed notebook is one the pipeline executes (none is left out silently)."""
    names = {path.stem for path in NOTEBOOKS}
    assert names == {*pipeline.STAGE_NOTEBOOKS, pipeline.BRIEF_NOTEBOOK}


def _package_calls(source: str) -> int:
    """Number of calls in a cell whose function is reached through the ``analysis`` package."""
    calls = 0
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            target = node.func
            while isinstance(target, ast.Attribute):
                target = target.value
            calls += isinstance(target, ast.Name) and target.id == "analysis"
    return calls


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_each_cell_makes_at_most_one_package_call(path):
    """A cell is one analytic step: at most one `analysis.*` call, so its output is that step's."""
    notebook = nbformat.read(path, as_version=4)
    crowded = [
        cell.source
        for cell in notebook.cells
        if cell.cell_type == "code" and _package_calls(cell.source) > 1
    ]
    assert crowded == []


def test_package_call_counter_counts_nested_calls():
    """The counter itself sees two calls in one cell (so the test above can fail)."""
    assert _package_calls("x = analysis.a.b(analysis.c(1))") == 2
    assert _package_calls("import analysis.build\nx = analysis.build.start('k')") == 1


@pytest.mark.slow
def test_notebooks_run_by_hand_write_to_scratch_only(tmp_path, monkeypatch):
    """Run top to bottom in a Jupyter kernel with default parameters, the notebooks show their
    figures inline and write to reports/<regency>/scratch/, never over a published brief."""
    import papermill

    reports = tmp_path / "reports"
    published = reports / "klaten"
    (published / "results").mkdir(parents=True)
    (published / "brief.pdf").write_bytes(b"%PDF published brief")
    (published / "results" / "trend.json").write_text("{}\n")
    before = {p: p.read_bytes() for p in published.rglob("*") if p.is_file()}
    monkeypatch.setenv("TKPK_REPORTS_DIR", str(reports))  # inherited by the kernel
    images = 0
    for path in NOTEBOOKS:
        executed = papermill.execute_notebook(
            str(path),
            str(tmp_path / path.name),
            parameters={"regency": "klaten"},
            kernel_name="python3",
            progress_bar=False,
            cwd=str(paths.ROOT),
        )
        for cell in executed.cells:
            for output in cell.get("outputs", []):
                images += "image/png" in output.get("data", {})
    after = {
        p: p.read_bytes() for p in published.rglob("*") if p.is_file() and "scratch" not in p.parts
    }
    assert after == before
    scratch = published / "scratch"
    assert {p.stem for p in (scratch / "results").glob("*.json")} >= {
        "trend",
        "forecast",
        "pockets",
        "impact",
        "provenance",
    }
    assert images >= 6  # trend (3), fan chart, two pockets charts, event study
