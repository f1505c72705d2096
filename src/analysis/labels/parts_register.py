"""Catalogue texts for the household register import, small-cell protection, intervention progress.

Merged into `analysis.labels.CATALOGUE` (keys must not repeat another part's); same keys in both
languages, same ``str.format`` fields.
"""

TEXT: dict[str, dict[str, str]] = {
    "id": {
        "register_own_layout": "milik sendiri",
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
    "id": {},
    "en": {},
}
