"""Every path the project uses, in one place.

The root is found from this file's location so that the package works from a checkout
(``pip install -e .``) without any environment variable. ``TKPK_REPORTS_DIR`` moves the reports
folder, ``TKPK_PARAMS_DIR`` the parameters folder (tests build from temporary copies) and
``TKPK_CACHE_DIR`` the disk cache of results derived from the public raw data.
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA_DIR = ROOT / "data"
# TKPK_DATA_RAW points the whole pipeline at another raw-data folder of the same layout (the
# national benchmark data set in bench/ uses it; briefs built from it never leave a temp folder).
DATA_RAW = (
    Path(os.environ["TKPK_DATA_RAW"]).resolve()
    if os.environ.get("TKPK_DATA_RAW")
    else (DATA_DIR / "raw")
)
DATA_PROCESSED = DATA_DIR / "processed"
# The disk cache (analysis.diskcache) lives with the processed data: ignored by git, removed by
# `make clean`, rebuilt by the next run.
CACHE_DIR = DATA_PROCESSED / "cache"
AREA_DIR = DATA_RAW / "idn-area-data"
PARAMS_DIR = ROOT / "params"
NOTEBOOKS_DIR = ROOT / "notebooks"
TEMPLATE_DIR = ROOT / "_extensions" / "tkpk"

BPS_FILE = DATA_RAW / "bps_kemiskinan.csv"
TARGETS_FILE = DATA_RAW / "target_resmi.csv"
LOKUS_FILE = DATA_RAW / "lokus_klaten_publikasi.csv"
REGISTRY_FILE = DATA_RAW / "datapackage.json"


def reports_dir() -> Path:
    """Return the folder that holds one sub-folder per regency (``reports/`` unless overridden)."""
    override = os.environ.get("TKPK_REPORTS_DIR")
    return Path(override).resolve() if override else ROOT / "reports"


def regency_dir(slug: str) -> Path:
    """Return ``reports/<slug>/``, the only folder a build of that regency writes to."""
    return reports_dir() / slug


def params_dir() -> Path:
    """Return the folder of the regencies' parameter files (``params/`` unless overridden)."""
    override = os.environ.get("TKPK_PARAMS_DIR")
    return Path(override).resolve() if override else PARAMS_DIR


def params_file(slug: str) -> Path:
    """Return the path of a regency's parameters file (it may not exist: defaults are generated)."""
    return params_dir() / f"{slug}.yml"


def cache_dir() -> Path:
    """Return the folder of the disk cache (``data/processed/cache/`` unless overridden)."""
    override = os.environ.get("TKPK_CACHE_DIR")
    return Path(override).resolve() if override else CACHE_DIR
