"""pyproject.toml and environment.yml name the same packages."""

import re
import tomllib

import yaml

from analysis import paths

CONDA_ONLY = {"python", "pip", "quarto"}  # not Python packages of the project itself


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~ ;\[]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def test_environment_yml_mirrors_pyproject():
    """Every runtime and dev dependency of pyproject.toml is in environment.yml and vice versa."""
    project = tomllib.loads((paths.ROOT / "pyproject.toml").read_text())["project"]
    declared = {_name(r) for r in project["dependencies"] + project["optional-dependencies"]["dev"]}
    environment = yaml.safe_load((paths.ROOT / "environment.yml").read_text())
    listed = set()
    for entry in environment["dependencies"]:
        if isinstance(entry, dict):
            listed |= {_name(r) for r in entry.get("pip", [])}
        else:
            listed.add(_name(entry))
    assert listed - CONDA_ONLY == declared


def test_lock_pins_every_dependency():
    """requirements.lock pins every declared runtime and dev package to one version."""
    project = tomllib.loads((paths.ROOT / "pyproject.toml").read_text())["project"]
    declared = {_name(r) for r in project["dependencies"] + project["optional-dependencies"]["dev"]}
    pins = {}
    for line in (paths.ROOT / "requirements.lock").read_text().splitlines():
        if line and not line.startswith("#"):
            name, _, version = line.partition("==")
            pins[_name(name)] = version
    assert declared <= set(pins)
    assert all(pins[name] for name in declared)
