"""Provenance: the raw-data registry and the run record."""

import json

from analysis import paths, provenance


def test_registry_hashes_match_raw_files():
    """Every raw file listed in datapackage.json has the SHA-256 recorded there."""
    registry = json.loads(paths.REGISTRY_FILE.read_text())
    for resource in registry["resources"]:
        path = paths.DATA_RAW / resource["path"]
        assert provenance.sha256(path) == resource["sha256"], resource["path"]


def test_registry_covers_every_raw_file_with_provenance():
    """Each CSV under data/raw is registered with source, licence, retrieval date and columns."""
    registry = json.loads(paths.REGISTRY_FILE.read_text())
    registered = {resource["path"] for resource in registry["resources"]}
    on_disk = {str(p.relative_to(paths.DATA_RAW)) for p in paths.DATA_RAW.rglob("*.csv")}
    assert on_disk == registered
    for resource in registry["resources"]:
        assert resource["source"] and resource["licence"] and resource["retrieved"]
        assert all(field["name"] and field["type"] for field in resource["schema"]["fields"])


def test_input_hashes_name_every_raw_file():
    """The run record hashes every raw CSV, keyed by its path in the project."""
    hashes = provenance.input_hashes()
    assert "data/raw/bps_kemiskinan.csv" in hashes
    assert all(len(digest) == 64 for digest in hashes.values())


def test_versions_include_python_and_key_packages():
    """The run record names the Python version and every key package."""
    found = provenance.versions()
    assert found["python"].count(".") == 2
    assert set(provenance.KEY_PACKAGES) <= set(found)
