"""The village panel's schema: column names, their meaning, and the header aliases accepted.

Defined apart from the loader (`analysis.villages`) and the generator (`analysis.synth`) so that
both can use it without importing each other.
"""

from __future__ import annotations

from analysis.params import INDICATORS  # the eight provincial indicators, defined once

# How a user's village file is named in every output (never by its file name, which may name a
# person); the brief shows it in its own language (catalogue key "user_village_file").
USER_FILE_LABEL = "village file (user)"

COUNT_COLUMNS = ("families", "families_desil1", "families_desil1_4", *INDICATORS)
REQUIRED_COLUMNS = ("village_code", "year", *COUNT_COLUMNS)
OPTIONAL_COLUMNS = ("source", "lokus")
# Columns of a validated panel, in order (names joined from the official list are added).
PANEL_COLUMNS = (
    "village_code",
    "village_name",
    "kecamatan_code",
    "kecamatan_name",
    "year",
    *COUNT_COLUMNS,
    "source",
    "lokus",
    "is_simulated",
)
# Columns only a simulated panel has (the truth an impact method is tested against).
SIMULATION_COLUMNS = (
    "lokus_since",
    "lokus_published",
    "true_effect_pp_desil1",
    *(f"true_effect_pp_{name}" for name in INDICATORS),
)

SCHEMA: dict[str, str] = {
    "village_code": "Kemendagri village code, text such as 33.10.03.2009 (required)",
    "village_name": "official village name (joined from the Kemendagri list)",
    "kecamatan_code": "Kemendagri kecamatan code such as 33.10.03 (joined)",
    "kecamatan_name": "official kecamatan name (joined)",
    "year": "data year, four digits (required)",
    "families": "number of families in the village (required, whole number >= 0)",
    "families_desil1": "families in welfare decile 1, extreme poor (required, <= desil 1-4)",
    "families_desil1_4": "families in welfare deciles 1-4 (required, <= families)",
    "rtlh": "families in an uninhabitable house, rumah tidak layak huni (required, <= families)",
    "no_electricity": "families without electricity (required, <= families)",
    "no_water": "families without proper drinking water (required, <= families)",
    "no_latrine": "families without a proper latrine (required, <= families)",
    "stunting_risk": "families at risk of stunting, keluarga berisiko stunting (required)",
    "child_out_of_school": "families with a school-age child out of school (required)",
    "disability": "families with a member with a disability (required)",
    "not_working": "families whose head does not work (required)",
    "source": "the register the row comes from, e.g. 'P3KE 2023' (optional; only a register "
    "name and a year are kept, see analysis.villages.validated_source; default: "
    "'village file (user)')",
    "lokus": "1 if the village is a published priority village (lokus) that year (optional)",
    "is_simulated": "True for rows made by analysis.synth (label SIMULASI)",
    "lokus_since": "SIMULASI only: first year the village was on a priority list (cohort); "
    "<NA> = never",
    "lokus_published": "SIMULASI only: True if the village is named in a published list that year",
    "true_effect_pp_desil1": "SIMULASI only: injected program effect, percentage points by which "
    "the expected desil-1 share is lower than without the program",
    "true_effect_pp_<indicator>": "SIMULASI only: the same for each indicator share",
}

# Indonesian or older names accepted in a header, mapped to the schema names.
COLUMN_ALIASES = {
    "kode_desa": "village_code",
    "kode_kelurahan": "village_code",
    "kode_wilayah": "village_code",
    "tahun": "year",
    "jumlah_keluarga": "families",
    "jumlah_kk": "families",
    "keluarga": "families",
    "keluarga_desil1": "families_desil1",
    "desil1": "families_desil1",
    "keluarga_desil1_4": "families_desil1_4",
    "desil1_4": "families_desil1_4",
    "sumber": "source",
    "sumber_data": "source",
}
