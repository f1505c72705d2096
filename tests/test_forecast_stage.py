"""The forecast stage as the pipeline and the notebook run it: the params' model choice, the
notebook's steps giving the same results as `run`, and the province cache of a batch."""

from __future__ import annotations

import ast
import json

import nbformat
import pytest

from analysis import build, params, paths
from analysis import forecast as fc
from analysis.errors import InputError
from analysis.forecast import cache, forecasting
from analysis.results import load
from analysis.results.forecast import ForecastResults

NOTEBOOK = paths.NOTEBOOKS_DIR / "02-forecast.ipynb"


def _values(**changes):
    """Klaten's params file as a dict, with some keys changed."""
    return {**params.read_yaml(paths.params_file("klaten")), **changes}


def _context(folder, **changes):
    """A build context for Klaten in ``folder`` with some params changed."""
    return build.Context(params.validate(_values(**changes), "klaten.yml"), folder)


def test_params_refuse_an_unknown_model_name():
    """forecast.models with an unknown name stops with the field and the registered names."""
    with pytest.raises(InputError) as error:
        params.validate(_values(forecast={"models": ["rw_drift", "arima"]}), "klaten.yml")
    message = str(error.value)
    assert "klaten.yml: field 'forecast.models.1' (value 'arima')" in message
    assert "'naive', 'rw_drift', 'llt'" in message


@pytest.mark.parametrize(
    ("block", "message"),
    [
        ({"models": []}, "expected at least one of naive, rw_drift, llt, pooled"),
        ({"models": ["llt", "llt"]}, "model llt is listed twice"),
        ({"modles": ["llt"]}, "did you mean 'models'?"),
        ({"models": "llt"}, "field 'forecast.models'"),
    ],
)
def test_params_refuse_a_malformed_forecast_block(block, message):
    """An empty list, a repeated name, a misspelt key or a bare name are refused clearly."""
    with pytest.raises(InputError, match=message):
        params.validate(_values(forecast=block), "klaten.yml")


def test_params_accept_a_subset_and_default_to_the_combination(tmp_path):
    """A valid subset is the notebook's model list; without the block, or without ``models`` in
    it, the default chosen by the honest evaluation is used."""
    chosen = _context(tmp_path, forecast={"models": ["pooled", "naive"]})
    assert chosen.params.forecast.models == ["pooled", "naive"]
    assert fc.model_names(chosen) == ["pooled", "naive"]
    assert _context(tmp_path).params.forecast is None
    assert fc.model_names(_context(tmp_path)) == list(fc.COMBINED_MODELS)
    assert fc.model_names(_context(tmp_path, forecast={})) == list(fc.COMBINED_MODELS)


@pytest.fixture(scope="module")
def klaten_run(tmp_path_factory):
    """`run` for Klaten into a fresh folder: (context, typed result)."""
    context = _context(tmp_path_factory.mktemp("run"))
    return context, fc.run(context)


def test_run_writes_the_result_and_the_fan_chart(klaten_run, bps):
    """run() writes results/forecast.json (the typed result) and figures/fan_chart.png."""
    context, result = klaten_run
    assert isinstance(result, ForecastResults)
    written = json.loads(context.result_path("forecast").read_text(encoding="utf-8"))
    assert written == result.to_json()
    assert load(context, ForecastResults) == result
    assert context.figure("fan_chart").stat().st_size > 0
    assert written == fc.forecast_regency(bps, "3310", 2026).to_dict()


def test_notebook_steps_give_the_same_result_as_run(klaten_run, tmp_path):
    """Executing notebook 02's code cells writes the same forecast.json as run()."""
    context, _ = klaten_run
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    namespace = {"regency": "klaten", "output_dir": str(tmp_path), "language": ""}
    for cell in notebook.cells:
        if cell.cell_type == "code" and "parameters" not in cell.metadata.get("tags", []):
            exec(compile(cell.source, "02-forecast", "exec"), namespace)
    assert (tmp_path / "results" / "forecast.json").read_bytes() == context.result_path(
        "forecast"
    ).read_bytes()
    assert (tmp_path / "figures" / "fan_chart.png").read_bytes() == context.figure(
        "fan_chart"
    ).read_bytes()


def test_notebook_makes_one_analysis_call_per_cell():
    """Every code cell of notebook 02 calls at most one analysis.* function."""
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        calls = [
            node
            for node in ast.walk(ast.parse(cell.source))
            if isinstance(node, ast.Call) and ast.unparse(node.func).startswith("analysis.")
        ]
        assert len(calls) <= 1, cell.source


def test_params_model_choice_reaches_the_result(tmp_path, bps):
    """forecast.models in the params sets the combination's weights in results/forecast.json."""
    context = _context(tmp_path, forecast={"models": ["rw_drift", "pooled"]})
    result = fc.run(context)
    assert result.weights == {"rw_drift": 0.5, "pooled": 0.5}
    assert result.models_default is False
    assert "Combination: equal weights on the logit scale over rw_drift, pooled." in result.notes
    default = fc.forecast_regency(bps, "3310", 2026)  # the default's cache entries are apart
    share = 1 / len(fc.COMBINED_MODELS)
    assert default.weights == pytest.approx(dict.fromkeys(fc.COMBINED_MODELS, share))


def test_province_cache_is_reused_across_processes(bps, monkeypatch):
    """Cache entries handed to a fresh cache are enough: no evaluation is recomputed."""
    expected = fc.forecast_regency(bps, "3310", 2026).to_dict()
    entries = fc.cache_entries()
    assert ("evaluation", cache.fingerprint(bps), "3300", 1) in entries
    monkeypatch.setattr(cache, "_CACHE", {})
    fc.add_cache_entries(entries)

    def refuse(*args, **kwargs):
        raise AssertionError("the province evaluation was recomputed")

    monkeypatch.setattr(forecasting, "evaluate_panel", refuse)
    assert fc.forecast_regency(bps, "3310", 2026).to_dict() == expected
    assert fc.forecast_regency(bps, "3312", 2026).kode_bps == "3312"  # same province
