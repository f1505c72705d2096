"""Tests of the pockets stage steps and `run`: what the notebook does, and what it writes."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import nbformat
import pytest
from test_pockets_helpers import klaten

from analysis import build, data, params, paths, pockets, results
from analysis.results.pockets import PocketsResults


@pytest.fixture(scope="module")
def klaten_run(tmp_path_factory):
    """The stage run for Klaten into a fresh build folder: (context, result)."""
    context = build.start("klaten", str(tmp_path_factory.mktemp("build")))
    return context, pockets.run(context)


def test_run_writes_results_figures_and_annex(klaten_run):
    """`run` writes results/pockets.json (the returned result), both figures and the annex."""
    context, result = klaten_run
    assert results.load(context, PocketsResults) == result
    for name in ("kecamatan", "deprivation_profile"):
        assert context.figure(name).stat().st_size > 0
    assert context.annex_path.exists()
    saved = json.loads(context.result_path("pockets").read_text(encoding="utf-8"))
    assert saved["village_meta"]["is_simulated"] is True
    assert saved["kecamatan_shown"] == min(
        pockets.KECAMATAN_SHOWN, len(saved["kecamatan_concentration"])
    )


def test_written_files_are_named_inside_the_build_folder(klaten_run):
    """The annex and save steps return paths relative to the build folder (same in any build)."""
    context, result = klaten_run
    assert pockets.write_annex(context, result) == Path(context.annex_name)
    assert pockets.save(context, result) == Path("results/pockets.json")


def test_run_uses_the_params_rule_and_published_lokus(klaten_run):
    """The rule runs on the params' N and seed, and compares with Klaten's published lokus."""
    context, result = klaten_run
    settings = context.params
    assert result.rule_card.n_priority == settings.village_data.lokus_count == 81
    assert result.rule_card.seed == settings.village_data.seed % 2**32
    assert result.rule_card.weights == settings.deprivation_weights
    years = {item.published_year for item in result.agreement.published_named}
    assert years == {2022, 2023}


def test_published_lokus_and_neighbours_of_the_regency(tmp_path):
    """Only this regency's published villages are returned; no boundaries means no neighbours."""
    context = build.Context(params.load("klaten"), tmp_path)
    published = pockets.published_lokus(context)
    assert published["kode_desa"].str.startswith(data.kemendagri_code("3310") + ".").all()
    assert pockets.boundary_neighbors(context) is None


def test_rule_inputs_come_from_params_and_can_be_changed(tmp_path):
    """The rule's inputs are the params'; a researcher's change reaches the ranking."""
    context = build.start("klaten", str(tmp_path))
    panel, _ = klaten()
    rule = pockets.rule_inputs(context, panel)
    assert (rule.year, rule.n_priority) == (2025, 81)
    assert rule.weights == context.params.deprivation_weights
    changed = pockets.rule_inputs(context, panel, n_priority=60, n_boot=20)
    ranking = pockets.analyse(panel, changed)
    assert int(ranking.villages["priority"].sum()) == 60
    assert pockets.rule_card(ranking)["n_boot"] == 20
    with pytest.raises(TypeError):
        pockets.rule_inputs(context, panel, not_an_input=1)


def test_notebook_calls_one_step_per_cell():
    """Every code cell after the parameters makes one analysis.* call, to a step that exists."""
    notebook = nbformat.read(paths.NOTEBOOKS_DIR / "03-pockets.ipynb", as_version=4)
    cells = [c for c in notebook.cells if c.cell_type == "code"][1:]
    called = []
    for cell in cells:
        calls = [
            ast.unparse(node.func)
            for node in ast.walk(ast.parse(cell.source))
            if isinstance(node, ast.Call) and ast.unparse(node.func).startswith("analysis.")
        ]
        assert len(calls) == 1, cell.source
        called.append(calls[0])
    for name in called:
        module, _, function = name.rpartition(".")
        if module == "analysis.pockets":
            assert hasattr(pockets, function), name
    assert called[-1] == "analysis.pockets.save"
