"""Catalogue texts for the household register import, small-cell protection, intervention progress.

Merged into `analysis.labels.CATALOGUE` (keys must not repeat another part's); same keys in both
languages, same ``str.format`` fields.
"""

TEXT: dict[str, dict[str, str]] = {
    "id": {
        "reg_err_rows": "{file}: kolom '{column}', baris {rows}{more}: {expected} (nilai sel "
        "tidak ditampilkan karena register memuat data pribadi).",
        "reg_rows_more": " dan {n} lainnya",
        "reg_exp_village_code": "bukan kode desa Kemendagri; diharapkan kode seperti "
        "33.10.03.2009 atau 3310032009",
        "reg_exp_official_village": "kode kabupaten {prefix} yang tidak ditemukan dalam daftar "
        "resmi desa Kemendagri",
        "reg_exp_year": "diharapkan tahun empat angka seperti 2025",
        "reg_exp_year_range": "diharapkan tahun antara {low} dan {high}",
        "reg_exp_desil": "diharapkan desil 1-10 (atau kosong)",
        "reg_exp_number": "diharapkan angka",
        "reg_exp_family_id": "setiap baris memerlukan ID keluarga",
        "reg_exp_one_of": "diharapkan salah satu dari {choices}",
        "reg_exp_family_or_village": "diharapkan ID keluarga, atau kode desa beserta jumlah",
        "reg_exp_whole_families": "diharapkan jumlah keluarga berupa bilangan bulat",
        "reg_err_layout_unknown": "village_data.layout: '{name}' bukan preset ({presets}) dan "
        "bukan berkas tata letak .yml yang ada; diharapkan salah satunya.",
        "reg_err_layout_yaml": "{shown}: bukan YAML yang dapat dibaca ({error}).",
        "reg_layout_yaml_reason": "periksa sintaks, alias, kunci ganda dan ukuran berkas",
        "reg_err_layout_invalid": "{shown}: tata letak tidak sesuai format: {problems}.",
        "reg_err_no_year": "{file}: tata letak '{layout}' tidak memiliki kolom tahun pada berkas "
        "ini; diharapkan village_data.year pada parameter (tahun data ekspor).",
        "reg_user_file": "berkas register (pengguna)",
        "reg_err_header": "{file}: tidak ada baris judul (pada {rows} baris pertama) yang memuat "
        "semua kolom tata letak '{layout}'; kolom tidak ditemukan: {missing}. Diharapkan baris "
        "judul hasil ekspor, atau berkas tata letak yang menyebut kolomnya.",
        "reg_err_not_utf8": "{file}: berkas bukan teks UTF-8; diharapkan CSV yang disimpan sebagai "
        "UTF-8 (di Excel: Save As > CSV UTF-8), atau buku kerja XLSX.",
        "reg_err_csv_body": "{file}: CSV tidak dapat dibaca di bawah baris judul ({error}); "
        "diharapkan satu baris per rekaman dengan jumlah sel sama dengan baris judul.",
        "reg_err_xlsx": "{file}: bukan buku kerja XLSX yang dapat dibaca ({error}).",
        "reg_err_missing_file": "{file}: berkas register tidak ditemukan.",
        "reg_err_duplicate_columns": "{file}: baris judul menyebut kolom {columns} lebih dari "
        "sekali; diharapkan tiap kolom sekali.",
        "notes_villages_sim_register": "Data desa: SIMULASI. Register rumah tangga sintetis "
        "{years} yang dibangkitkan proyek untuk contoh (bukan data keluarga sungguhan), "
        "dibaca dan dilindungi dengan jalur yang sama seperti register kabupaten. Semua tabel "
        "dan gambar tingkat desa berlabel SIMULASI; ganti dengan ekspor register kabupaten "
        "sendiri (cara memasangnya: lampiran teknis).",
        "register_own_layout": "milik sendiri",
        "section_interventions": "Capaian intervensi",
        "interventions_text": "Tahun {year}: {need} keluarga masih memiliki salah satu dari "
        "delapan indikator (dihitung per indikator), {reached} di antaranya sudah terjangkau "
        "intervensi ({share}); sisa {gap}. Tabel: desa dan indikator dengan sisa terbesar, dengan "
        "OPD yang paling banyak menjangkau (atau OPD baku indikator). Sel di bawah {threshold} "
        "keluarga disembunyikan (tampil 0 atau —).",
        "table_interventions": "{n} sisa kebutuhan terbesar {year} per desa dan indikator "
        "(lampiran XLSX: satu lembar per OPD).",
        "col_indicator_int": "Indikator",
        "col_opd": "OPD",
        "col_need": "Butuh",
        "col_reached": "Terjangkau",
        "col_gap": "Sisa",
        "col_share_reached": "% terjangkau",
        "km_intervention_head": "Sisa terbesar: {indicator} di {village}.",
        "km_intervention_detail": "Tahun {year}, {gap} dari {need} keluarga di desa ini "
        "(Kec. {kecamatan}) belum terjangkau intervensi; OPD: {opd}.",
        "notes_register": "Data desa dihitung dari register rumah tangga {source} (tata letak "
        "'{layout}'): delapan indikator dan desil tiap keluarga menurut aturan tata letak, "
        "keluarga ganda digabung, lalu dijumlahkan per desa dan tahun di memori. Baris rumah "
        "tangga tidak pernah disimpan, dicatat, atau ditampilkan; hanya jumlah per desa yang "
        "dipakai.",
        "notes_small_cells": "Perlindungan sel kecil: jumlah di bawah {threshold} keluarga "
        "disembunyikan (tampil 0), ditambah sel pelengkap terkecil pada kolom, tahun, dan "
        "kecamatan yang sama, agar sel tersembunyi tidak dapat dihitung balik dari total "
        "kecamatan atau kabupaten yang terbit di tempat lain (supresi primer dan sekunder, "
        "praktik baku pengendalian pengungkapan statistik). Desa yang jumlah keluarganya "
        "tersembunyi dikeluarkan dari semua peringkat.",
    },
    "en": {
        "reg_err_rows": "{file}: column '{column}', rows {rows}{more}: {expected} (cell "
        "values are not shown because a register holds personal data).",
        "reg_rows_more": " and {n} more",
        "reg_exp_village_code": "not a Kemendagri village code; expected a code such as "
        "33.10.03.2009 or 3310032009",
        "reg_exp_official_village": "a code of regency {prefix} that is not in the official "
        "Kemendagri village list",
        "reg_exp_year": "expected a four-digit year such as 2025",
        "reg_exp_year_range": "expected a year between {low} and {high}",
        "reg_exp_desil": "expected a decile 1-10 (or blank)",
        "reg_exp_number": "expected a number",
        "reg_exp_family_id": "every row needs a family id",
        "reg_exp_one_of": "expected one of {choices}",
        "reg_exp_family_or_village": "expected a family id, or a village code and a count",
        "reg_exp_whole_families": "expected a whole number of families",
        "reg_err_layout_unknown": "village_data.layout: '{name}' is neither a preset ({presets}) "
        "nor an existing .yml layout file; expected one of them.",
        "reg_err_layout_yaml": "{shown}: not readable YAML ({error}).",
        "reg_layout_yaml_reason": "check its syntax, aliases, duplicate keys and file size",
        "reg_err_layout_invalid": "{shown}: the layout does not follow the format: {problems}.",
        "reg_err_no_year": "{file}: layout '{layout}' has no year column in this file; expected "
        "village_data.year in the parameters (the data year of the export).",
        "reg_user_file": "register file (user)",
        "reg_err_header": "{file}: no header row (in the first {rows} rows) names every column "
        "of layout '{layout}'; missing: {missing}. Expected the export's header, or a layout "
        "file that names its columns.",
        "reg_err_not_utf8": "{file}: the file is not UTF-8 text; expected a CSV saved as UTF-8 "
        "(in Excel: Save As > CSV UTF-8), or the XLSX workbook.",
        "reg_err_csv_body": "{file}: the CSV cannot be read below the header ({error}); expected "
        "one row per line with as many cells as the header.",
        "reg_err_xlsx": "{file}: not a readable XLSX workbook ({error}).",
        "reg_err_missing_file": "{file}: the register file does not exist.",
        "reg_err_duplicate_columns": "{file}: the header names columns {columns} more than "
        "once; expected each column once.",
        "notes_villages_sim_register": "Village data: SIMULASI. A synthetic household register "
        "{years} generated by the project as an example (not real families), read and protected "
        "by the same path as a regency's register. Every village-level table and figure is "
        "labelled SIMULASI; replace it with the regency's own register export (how: technical "
        "appendix).",
        "register_own_layout": "own",
        "section_interventions": "Intervention progress",
        "interventions_text": "In {year}, {need} families still had one of the eight indicators "
        "(counted per indicator), {reached} of them already reached by an intervention ({share}); "
        "{gap} remain. Table: villages and indicators with the largest remaining gaps, with the "
        "OPD that reached most families (or the indicator's default OPD). Cells below {threshold} "
        "families are withheld (shown as 0 or —).",
        "table_interventions": "The {n} largest remaining gaps of {year} by village and indicator "
        "(XLSX annex: one sheet per OPD).",
        "col_indicator_int": "Indicator",
        "col_opd": "OPD",
        "col_need": "In need",
        "col_reached": "Reached",
        "col_gap": "Gap",
        "col_share_reached": "% reached",
        "km_intervention_head": "Largest gap: {indicator} in {village}.",
        "km_intervention_detail": "In {year}, {gap} of {need} families of this village "
        "({kecamatan} district) were not yet reached by an intervention; OPD: {opd}.",
        "notes_register": "Village data are computed from the {source} household register "
        "(layout '{layout}'): each family's eight indicators and decile by the layout's rules, "
        "duplicated families merged, then counted per village and year in memory. Household "
        "rows are never stored, logged or shown; only village counts are used.",
        "notes_small_cells": "Small-cell protection: counts below {threshold} families are "
        "withheld (shown as 0), together with the smallest complementary cell of the same "
        "column, year and kecamatan, so that a withheld cell cannot be recovered from a "
        "kecamatan or regency total published elsewhere (primary and secondary suppression, "
        "standard statistical disclosure control). Villages whose family count is withheld are "
        "left out of every ranking.",
    },
}

ANNEX: dict[str, dict[str, str]] = {
    "id": {
        "sheet_opd": "Intervensi {opd}",
        "title_opd": "Capaian intervensi {opd}: keluarga butuh, terjangkau, sisa (s.d. {year})",
        "col_int_year": "Tahun",
        "col_int_village_code": "Kode desa",
        "col_int_village_name": "Desa",
        "col_int_kecamatan_name": "Kecamatan",
        "col_int_indicator": "Indikator",
        "col_int_need": "Keluarga butuh",
        "col_int_reached": "Terjangkau",
        "col_int_gap": "Sisa",
        "col_int_share_reached_pct": "% terjangkau",
    },
    "en": {
        "sheet_opd": "Interventions {opd}",
        "title_opd": "Intervention progress {opd}: families in need, reached, gap (to {year})",
        "col_int_year": "Year",
        "col_int_village_code": "Village code",
        "col_int_village_name": "Village",
        "col_int_kecamatan_name": "District",
        "col_int_indicator": "Indicator",
        "col_int_need": "Families in need",
        "col_int_reached": "Reached",
        "col_int_gap": "Gap",
        "col_int_share_reached_pct": "% reached",
    },
}
