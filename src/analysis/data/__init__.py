"""Load and validate the raw data under ``data/raw/`` into tidy pandas frames.

Every table is read by `analysis.tables.read_table` (header below title rows, commas, semicolons or
tabs, UTF-8, spreadsheet row numbers; see there for what is tolerated and what is refused) and its
numbers by `analysis.tables.parse_numbers` (Indonesian decimal commas when unambiguous). Every
loader here then checks what it read (columns, types, code formats, value ranges, one value per
key) and raises `InputError` naming the file, the row as a spreadsheet shows it, the column, the
value and what was expected. What was tolerated is listed in ``frame.attrs["notes"]`` so that the
build can put it into ``run.json`` and the brief's notes.

The modules, each imported by the one after it where it needs it:

* `analysis.data.common`: the code formats and the column checks every loader shares;
* `analysis.data.codes`: the official BPS code list and what a BPS code says;
* `analysis.data.series`: one region's series, and a regency's province across the Papua split;
* `analysis.data.bps`: validation of a BPS table and the combined table of the raw-data folder;
* `analysis.data.areas`: the official Kemendagri regency, kecamatan and village lists;
* `analysis.data.priorities`: the published priority villages (lokus) and the stated targets.

Every public name is available here (``analysis.data.load_bps``), as it was when this was one
module. A test that replaces a function for the package's own callers patches the module that
holds it (``analysis.data.bps.validate_bps``): the functions look their helpers up there.
"""

from __future__ import annotations

# Reachable as analysis.data.<name> since the single module imported them (tests use data.paths,
# data.parse_numbers and data.InputError).
from analysis import diskcache, paths, regencies
from analysis.data.areas import (
    index_official_villages,
    load_official_regencies,
    load_official_villages,
    official_place_names,
    official_village_count,
)
from analysis.data.bps import (
    BPS_COLUMNS,
    BPS_KEY,
    IMPORT_DIR,
    INDICATOR_RANGES,
    LEVELS,
    PERIODS,
    TRUST_LEVELS,
    bps_tables,
    combine_bps,
    load_bps,
    load_bps_conflicts,
    validate_bps,
)
from analysis.data.codes import (
    CODE_LIST,
    code_list_file,
    kemendagri_code,
    load_bps_codes,
    province_code,
)
from analysis.data.common import (
    DISTRICT_CODE,
    REGENCY_CODE,
    UNDOTTED_VILLAGE_CODE,
    VILLAGE_CODE,
    YEAR_RANGE,
)
from analysis.data.priorities import load_lokus, load_targets
from analysis.data.series import (
    LAST_YEAR_BEFORE_SPLIT,
    PROVINCE_BEFORE_SPLIT,
    indicator_series,
    province_as_it_was,
    province_history,
    province_series,
    regencies_of_province,
    region_name,
)
from analysis.errors import InputError
from analysis.labels import Local, both
from analysis.tables import Table, parse_numbers, read_table
from analysis.yamlread import shown

__all__ = [
    # the BPS table
    "BPS_COLUMNS",
    "BPS_KEY",
    "IMPORT_DIR",
    "INDICATOR_RANGES",
    "LEVELS",
    "PERIODS",
    "TRUST_LEVELS",
    "bps_tables",
    "combine_bps",
    "load_bps",
    "load_bps_conflicts",
    "validate_bps",
    # the BPS code list
    "CODE_LIST",
    "code_list_file",
    "kemendagri_code",
    "load_bps_codes",
    "province_code",
    # code formats
    "DISTRICT_CODE",
    "REGENCY_CODE",
    "UNDOTTED_VILLAGE_CODE",
    "VILLAGE_CODE",
    "YEAR_RANGE",
    # series and province history
    "LAST_YEAR_BEFORE_SPLIT",
    "PROVINCE_BEFORE_SPLIT",
    "indicator_series",
    "province_as_it_was",
    "province_history",
    "province_series",
    "regencies_of_province",
    "region_name",
    # official areas and villages
    "index_official_villages",
    "load_official_regencies",
    "load_official_villages",
    "official_place_names",
    "official_village_count",
    # lokus and targets
    "load_lokus",
    "load_targets",
    # imported by the former single module, still reachable here
    "InputError",
    "Local",
    "Table",
    "both",
    "diskcache",
    "parse_numbers",
    "paths",
    "read_table",
    "regencies",
    "shown",
]
