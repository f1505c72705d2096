"""Catalogue texts for national data: BPS tables, imports, data vintages, conflicts.

Merged into `analysis.labels.CATALOGUE` (keys must not repeat another part's); same keys in both
languages, same ``str.format`` fields.
"""

TEXT: dict[str, dict[str, str]] = {
    "id": {
        "notes_conflicts": (
            "Tabel BPS yang dipakai berbeda pada {n} angka wilayah ini ({details}); dipakai satu "
            "nilai per angka menurut urutan: tingkat kepercayaan, lalu impor terbaru, lalu nama "
            "sumber."
        ),
        "notes_province_split": (
            "Pembanding provinsi: sampai {until} kabupaten ini termasuk {before} (sebelum "
            "pemekaran Papua 2022), dan angka itulah yang dibandingkan; {own}. Perubahan tidak "
            "dihitung melintasi pemekaran."
        ),
        "notes_province_split_own": "angka {province} sendiri mulai {year}",
        "notes_province_split_none": "angka {province} sendiri belum ada dalam data",
    },
    "en": {
        "notes_conflicts": (
            "The BPS tables used differ on {n} figures of this area ({details}); one value per "
            "figure is used by the order: trust grade, then the newest import, then the source "
            "name."
        ),
        "notes_province_split": (
            "Province comparison: until {until} this regency was part of {before} (before the "
            "2022 split of Papua), and that is the figure compared; {own}. No change is computed "
            "across the split."
        ),
        "notes_province_split_own": "{province}'s own figures begin in {year}",
        "notes_province_split_none": "{province} has no figure of its own in the data yet",
    },
}

ANNEX: dict[str, dict[str, str]] = {
    "id": {},
    "en": {},
}
