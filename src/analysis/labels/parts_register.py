"""Catalogue texts for the household register import, small-cell protection, intervention progress.

Merged into `analysis.labels.CATALOGUE` (keys must not repeat another part's); same keys in both
languages, same ``str.format`` fields.
"""

TEXT: dict[str, dict[str, str]] = {
    "id": {
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
