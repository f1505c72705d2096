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
