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


def _with_village_file(tmp_path, **village_data):
    from analysis import params

    values = params.default_params(params.regencies.resolve("klaten"))
    values["village_data"] = {"source": "file", **village_data}
    return params.validate(values, "test")


def test_manifest_lists_every_input_and_a_changed_village_file_rebuilds(tmp_path, monkeypatch):
    """The one input list: code (subpackages too), notebooks, template, raw data, the user's
    files by label, environment overrides; a changed village export changes the digest, so the
    next `make report` (and batch) rebuild instead of keeping the old brief."""
    from analysis import batch, pipeline

    village = tmp_path / "p3ke_budi_santoso.csv"
    village.write_text("village_code,year\n1,2024\n")
    params = _with_village_file(tmp_path, path=str(village))
    found = provenance.manifest(params)
    names = set(found["files"])
    assert "src/analysis/pipeline.py" in names
    assert any(name.startswith("src/analysis/forecast/") for name in names)
    assert any(name.startswith("notebooks/") for name in names)
    assert "_extensions/tkpk/typst-template.typ" in names
    assert "data/raw/bps_kemiskinan.csv" in names
    assert "village file (user)" in names
    assert not any("budi" in name for name in names)
    assert set(found["settings"]) >= {"TKPK_DATA_RAW", "TKPK_PARAMS_DIR", "language", "renderer"}

    monkeypatch.setenv("TKPK_REPORTS_DIR", str(tmp_path / "reports"))
    folder = paths.regency_dir("klaten")
    folder.mkdir(parents=True)
    (folder / "brief.pdf").write_text("old")
    digest = provenance.manifest_digest(params)
    (folder / pipeline.MANIFEST_NAME).write_text(digest + "\n")
    assert pipeline.is_up_to_date(folder, provenance.manifest_digest(params))
    village.write_text("village_code,year\n1,2025\n")
    assert not pipeline.is_up_to_date(folder, provenance.manifest_digest(params))
    assert provenance.manifest_digest(params, language="en") != digest
    monkeypatch.setenv("TKPK_DATA_RAW", str(paths.DATA_RAW))
    assert provenance.manifest_digest(params) != digest
    assert not batch.is_up_to_date("klaten")


def test_run_record_names_user_files_by_label_and_hash(tmp_path):
    """run.json and the notes show "village file (user)" and its hash, never the file's name."""
    village = tmp_path / "p3ke_budi_santoso.csv"
    village.write_text("village_code,year\n1,2024\n")
    params = _with_village_file(tmp_path, path=str(village), boundaries=str(village))
    record = provenance.record(params).to_json()
    text = json.dumps(record)
    assert "budi" not in text
    assert record["inputs"]["village file (user)"] == provenance.sha256(village)
    assert record["params"]["village_data"]["path"] == "village file (user)"


def test_user_files_must_be_regular_and_bounded(tmp_path, monkeypatch):
    """A FIFO or /dev/zero as the village file is refused before anything reads it."""
    import os

    import pytest

    from analysis import pipeline, userfiles
    from analysis.errors import InputError

    fifo = tmp_path / "desa.csv"
    os.mkfifo(fifo)
    for path in (fifo, "/dev/zero"):
        with pytest.raises(InputError, match="not a regular file"):
            pipeline.check_user_files(_with_village_file(tmp_path, path=str(path)))
    big = tmp_path / "big.csv"
    big.write_text("x")
    monkeypatch.setattr(userfiles, "MAX_USER_FILE_BYTES", 0)
    with pytest.raises(InputError, match="more than the limit"):
        pipeline.check_user_files(_with_village_file(tmp_path, boundaries=str(big), path=str(big)))


def test_dead_staging_folders_are_removed(tmp_path):
    """A `.staging-PID` left by a killed build is removed by the next build; a live one stays."""
    import os
    import subprocess

    from analysis import pipeline

    dead_pid = subprocess.Popen(["true"])
    dead_pid.wait()
    dead = tmp_path / f".staging-{dead_pid.pid}"
    alive = tmp_path / f".staging-{os.getppid()}"
    for folder in (dead, alive):
        (folder / "results").mkdir(parents=True)
    pipeline.remove_dead_staging(tmp_path)
    assert not dead.exists() and alive.exists()


def test_an_up_to_date_brief_is_not_rebuilt(tmp_path, monkeypatch):
    """With the published digest equal to the current inputs' digest, build does no work."""
    from analysis import params, pipeline

    monkeypatch.setenv("TKPK_REPORTS_DIR", str(tmp_path))
    folder = paths.regency_dir("klaten")
    folder.mkdir(parents=True)
    (folder / "brief.pdf").write_text("published")
    digest = provenance.manifest_digest(params.load("klaten"))
    (folder / pipeline.MANIFEST_NAME).write_text(digest + "\n")
    assert pipeline.build("klaten") is None
    assert (folder / "brief.pdf").read_text() == "published"


def test_data_conflicts_name_the_regency_province_and_nation_rows_only(tmp_path, monkeypatch):
    """A conflict on Klaten is recorded for Klaten's brief, one on Jombang is not."""
    from types import SimpleNamespace

    from analysis import data

    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / data.CODE_LIST).write_bytes(data.code_list_file().read_bytes())
    header = "kode_bps,wilayah,tingkat,tahun,periode,indikator,nilai,kepercayaan,sumber"
    (raw / "a.csv").write_text(
        f"{header}\n3310,Kabupaten Klaten,kabupaten,2024,maret,p0_persen,12.04,A,resmi\n"
        "3517,Kabupaten Jombang,kabupaten,2024,maret,p0_persen,8.60,A,resmi\n"
    )
    (raw / "b.csv").write_text(
        f"{header}\n3310,Kabupaten Klaten,kabupaten,2024,maret,p0_persen,12.40,B,salinan\n"
        "3517,Kabupaten Jombang,kabupaten,2024,maret,p0_persen,8.70,B,salinan\n"
    )
    monkeypatch.setattr(data.paths, "DATA_RAW", raw)
    klaten = SimpleNamespace(kode_bps="3310", province_code="3300")
    found = provenance.data_conflicts(klaten)
    assert [(c["kode_bps"], c["nilai"], c["nilai_lain"]) for c in found] == [("3310", 12.04, 12.4)]
    assert found[0]["alasan"] == "kepercayaan A > B"
