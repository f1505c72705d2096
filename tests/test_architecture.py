"""The package's layers: imports flow one way, from inputs to stages to the brief to the build."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "analysis"

# Lower layers never import higher ones. Modules of one layer may import each other (no cycles).
LAYERS = {
    "inputs": 0,  # parameters, data, tables, catalogue, formats, build folder, result schemas
    "stages": 1,
    "brief": 2,
    "render": 3,
    "build": 4,  # pipeline, batch and the notebook engine
}
LAYER_OF = {
    "errors": "inputs",
    "indicators": "inputs",
    "paths": "inputs",
    "diskcache": "inputs",
    "regencies": "inputs",
    "params": "inputs",
    "paramerrors": "inputs",
    "data": "inputs",
    "tables": "inputs",
    "yamlread": "inputs",
    "userfiles": "inputs",
    "schema": "inputs",
    "labels": "inputs",
    "fmt": "inputs",
    "figures": "inputs",
    "build": "inputs",
    "results": "inputs",
    "privacy": "inputs",
    "personal": "inputs",
    "provenance": "inputs",
    "bps_import": "inputs",
    "trend": "stages",
    "forecast": "stages",
    "villages": "stages",
    "boundaries": "stages",
    "village_cells": "stages",
    "synth": "stages",
    "pockets": "stages",
    "impact": "stages",
    "register": "stages",
    "brief": "brief",
    "keymessages": "brief",
    "render": "render",
    "pipeline": "build",
    "batch": "build",
    "engine": "build",
    "buildserver": "build",
    "publish": "build",
}
RAW_DATA_LOADERS = {"analysis.data", "analysis.tables", "analysis.bps_import"}


def module_name(path: Path) -> str:
    """Dotted module name of a file in the package."""
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _runtime_nodes(tree: ast.AST):
    """Every node of a module except those under ``if TYPE_CHECKING:`` (annotations only)."""
    for node in ast.iter_child_nodes(tree):
        test = getattr(node, "test", None)
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(test):
            continue
        yield node
        yield from _runtime_nodes(node)


def package_imports() -> dict[str, set[str]]:
    """Every module of the package with the package modules it imports (anywhere in the file)."""
    modules = {module_name(path): path for path in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        found = set()
        for node in _runtime_nodes(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found |= {alias.name for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.add(node.module)
                found |= {f"{node.module}.{alias.name}" for alias in node.names}
        graph[name] = {target for target in found if target in modules and target != name}
    return graph


def top(module: str) -> str:
    """The first-level name of a package module ("forecast" for analysis.forecast.models)."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def test_every_module_has_a_layer():
    """A new module must be placed in a layer before it can be imported by others."""
    missing = sorted({top(m) for m in package_imports() if top(m) and top(m) not in LAYER_OF})
    assert missing == []


def test_no_import_reaches_a_higher_layer():
    """Stages never import the brief, render or the pipeline; the brief never imports render."""
    broken = []
    for module, targets in package_imports().items():
        if not top(module):
            continue
        for target in targets:
            known = top(target) in LAYER_OF and top(module) in LAYER_OF
            higher = known and LAYERS[LAYER_OF[top(target)]] > LAYERS[LAYER_OF[top(module)]]
            if higher and top(target) != top(module):
                broken.append(f"{module} -> {target}")
    assert broken == []


def test_brief_reads_results_only():
    """The brief imports no stage module and no raw-data loader: it reads typed results."""
    broken = []
    for module, targets in package_imports().items():
        if LAYER_OF.get(top(module)) != "brief":
            continue
        for target in targets:
            loader = ".".join(target.split(".")[:2]) in RAW_DATA_LOADERS  # or a module of one
            if LAYER_OF.get(top(target)) == "stages" or loader:
                broken.append(f"{module} -> {target}")
    assert broken == []


def test_catalogue_imports_no_stage():
    """The message catalogue depends on nothing but the indicator names (a leaf module)."""
    imports = package_imports()
    catalogue = [m for m in imports if m == "analysis.labels" or m.startswith("analysis.labels.")]
    targets = {t for m in catalogue for t in imports[m]}
    assert {top(t) for t in targets} <= {"indicators", "labels"}


def test_no_import_cycle():
    """No chain of imports leads a module back to itself."""
    graph = package_imports()
    # A package imports its own submodules through __init__; that is not a cycle of design.
    edges = {
        module: {t for t in targets if not t.startswith(module + ".")}
        for module, targets in graph.items()
    }
    cycles = []
    state: dict[str, int] = {}

    def visit(node: str, stack: list[str]) -> None:
        state[node] = 1
        for target in sorted(edges[node]):
            if state.get(target) == 1:
                cycles.append(" -> ".join([*stack[stack.index(target) :], target]))
            elif target not in state:
                visit(target, [*stack, target])
        state[node] = 2

    for module in sorted(edges):
        if module not in state:
            visit(module, [module])
    assert cycles == []


@pytest.mark.parametrize("planted", ["analysis.brief", "analysis.pipeline"])
def test_layer_check_catches_a_planted_violation(tmp_path, planted):
    """The checker itself fails when a stage imports a higher layer (so it can fail at all)."""
    graph = {"analysis.trend": {planted}}
    broken = [
        f"{m} -> {t}"
        for m, targets in graph.items()
        for t in targets
        if LAYERS[LAYER_OF[top(t)]] > LAYERS[LAYER_OF[top(m)]]
    ]
    assert broken == [f"analysis.trend -> {planted}"]
