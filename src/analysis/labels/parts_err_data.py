"""Catalogue texts of error messages about parameters, BPS tables and code lists.

Each message names the file, row, column or field and what was expected, never a personal value;
`analysis.labels.both` gives it in Indonesian and then English. Merged into
`analysis.labels.CATALOGUE` (keys must not repeat another part's); same keys and ``str.format``
fields in both languages. Prefixes: ``errd_p`` parameters (`analysis.params`), ``errd_d`` data
tables (`analysis.data`), ``errd_r`` regency names, ``errd_b`` BPS import (`analysis.bps_import`).
"""

_ID_PARAMS = {
    # The frame of one problem of a parameters file; {shown} is errd_p_shown or empty.
    "errd_p_line": "{source}: isian '{field}'{shown}: {message}.",
    "errd_p_whole": "{source}: {message}.",
    "errd_p_shown": " (nilai {value})",
    "errd_p_top": "(tingkat teratas)",
    "errd_p_text_line": "{source}: isian '{field}' (nilai {value}) {reason}.",
    # pydantic's error types, by type name
    "errd_p_missing": "tidak ada; parameter setiap kabupaten/kota memerlukannya",
    "errd_p_unknown": "kunci tidak dikenal, bukan parameter{hint}{listed}",
    "errd_p_unknown_hint": " (maksudnya '{name}'?)",
    "errd_p_unknown_listed": "; diharapkan salah satu dari {names}",
    "errd_p_pattern": "diharapkan {what}",
    "errd_p_pat_regency": "nama pendek dari huruf kecil, angka dan tanda hubung seperti klaten",
    "errd_p_pat_kode_bps": 'empat angka dalam tanda kutip seperti "3310"',
    "errd_p_pat_province_code": 'dua angka diikuti 00 dalam tanda kutip seperti "3300"',
    "errd_p_pat_line": "satu baris teks (tanpa ganti baris atau karakter kendali)",
    "errd_p_int_type": "diharapkan bilangan bulat seperti 2025{unquoted}",
    "errd_p_float_type": "diharapkan angka seperti 8.5{unquoted}",
    "errd_p_unquoted": ", ditulis tanpa tanda kutip",
    "errd_p_string_type": 'diharapkan teks; tulis dalam tanda kutip, seperti "3310"',
    "errd_p_int_from_float": "diharapkan bilangan bulat, tertulis angka dengan pecahan",
    "errd_p_greater_than_equal": "diharapkan lebih besar dari atau sama dengan {ge}",
    "errd_p_less_than_equal": "diharapkan lebih kecil dari atau sama dengan {le}",
    "errd_p_literal_error": "diharapkan {expected}",
    "errd_p_choices": "{head} atau {last}",
    "errd_p_string_too_short": "diharapkan teks paling sedikit {min_length} karakter",
    "errd_p_string_too_long": "diharapkan teks paling banyak {max_length} karakter",
    "errd_p_finite_number": "diharapkan angka terhingga (bukan nan atau inf)",
    "errd_p_dict_type": "diharapkan pemetaan baris 'kunci: nilai'",
    "errd_p_list_type": "diharapkan daftar",
    "errd_p_bool_type": "diharapkan true atau false",
    "errd_p_pydantic": "{message} (pesan pemeriksa dalam bahasa Inggris)",
    # Numbers written as text
    "errd_p_comma": (
        "ditulis dengan koma desimal; diharapkan titik desimal, seperti {fixed}, tanpa tanda kutip"
    ),
    "errd_p_exponent": (
        "dibaca sebagai teks: ditulis dalam tanda kutip, atau eksponen ditulis tanpa tanda (YAML "
        "membaca 1.0e308 sebagai teks dan 1.0e+308 sebagai angka); diharapkan angka biasa seperti "
        "{example}"
    ),
    "errd_p_quoted": (
        "dibaca sebagai teks karena ditulis dalam tanda kutip; diharapkan angka tanpa tanda "
        "kutip: {text}"
    ),
    "errd_p_split": (
        "isian '{field}' (nilai {number},{after}): koma desimal di dalam {{...}} memecah angka "
        "menjadi {number} dan kunci {after}; diharapkan titik desimal ({number}.{after}) atau "
        "nilai dalam tanda kutip"
    ),
    # The model's own checks: messages that name their field
    "errd_pf_target_order": (
        "isian 'target.low' (nilai {low}) lebih besar dari target.high ({high}); diharapkan "
        "low <= high"
    ),
    "errd_pf_register_only": (
        "isian 'village_data.{name}' hanya dipakai dengan source 'register'; diharapkan "
        "source: register, atau tanpa isian ini"
    ),
    "errd_pf_register_path": (
        "isian 'village_data.path' tidak ada; diharapkan path berkas ekspor register rumah "
        "tangga bila source adalah 'register'"
    ),
    "errd_pf_file_path": (
        "isian 'village_data.path' tidak ada; diharapkan path berkas data desa bila source "
        "adalah 'file'"
    ),
    "errd_pf_simulasi_path": (
        "isian 'village_data.path' hanya dipakai dengan source 'file'; diharapkan tanpa path "
        "bila source adalah 'simulasi'"
    ),
    "errd_pf_date_time": (
        "isian 'meeting_date' (nilai {value}) berisi tanggal dan jam; diharapkan tanggal ditulis "
        "YYYY-MM-DD seperti 2025-11-27, tanpa tanda kutip dan tanpa jam"
    ),
    "errd_pf_date_text": (
        "isian 'meeting_date' (nilai {value}) bukan tanggal; diharapkan tanggal ditulis "
        "YYYY-MM-DD seperti 2025-11-27, tanpa tanda kutip"
    ),
    "errd_pf_date_number": (
        "isian 'meeting_date' (nilai {value}) berupa angka, bukan tanggal; diharapkan tanggal "
        "ditulis YYYY-MM-DD seperti 2025-11-27, tanpa tanda kutip"
    ),
    "errd_pf_date_type": (
        "isian 'meeting_date' (nilai {value}) bertipe {type}, bukan tanggal; diharapkan tanggal "
        "ditulis YYYY-MM-DD seperti 2025-11-27, tanpa tanda kutip"
    ),
    "errd_pf_province": (
        "isian 'province_code' (nilai {value}) bukan provinsi dari kode_bps {code}; diharapkan "
        '"{expected}" (kode BPS diawali dua angka provinsinya)'
    ),
    "errd_pf_target_year": (
        "isian 'target_year' (nilai {target}) tidak sesudah latest_data_year ({latest}); "
        "diharapkan tahun sesudah data terbaru"
    ),
    "errd_pf_target_year_differs": (
        "isian 'target.year' (nilai {year}) berbeda dari target_year ({target}); diharapkan "
        "tahun yang sama"
    ),
    "errd_pf_meeting_range": (
        "isian 'meeting_date' (nilai {value}) tidak di antara tahun data terbaru ({first}) dan "
        "tahun depan ({last}); diharapkan tanggal rapat yang menjadi tujuan ringkasan, YYYY-MM-DD"
    ),
    "errd_pf_target_note": (
        "isian 'target_note' tidak ada; diharapkan satu kalimat yang menjelaskan mengapa tidak "
        "ada target bila target bernilai null"
    ),
    # Field checks whose message goes into the frame
    "errd_pv_models_empty": "diharapkan paling sedikit satu dari {models}",
    "errd_pv_models_twice": "model {model} tercantum dua kali; diharapkan setiap model satu kali",
    "errd_pv_weights_keys": "diharapkan tepat kunci {keys}{unknown}{missing}",
    "errd_pv_weights_unknown": "; tidak dikenal: {names}",
    "errd_pv_weights_missing": "; tidak ada: {names}",
    "errd_pv_weight_negative": "bobot {name} = {value} negatif; diharapkan bobot >= 0",
    "errd_pv_weight_large": (
        "bobot {name} = {value} di atas {max}; diharapkan bobot dari 0 sampai {max} (hanya "
        "perbandingannya yang berarti: bobot 2 dan 1 membuat satu indikator dua kali lebih berat "
        "dari yang lain)"
    ),
    "errd_pv_weights_zero": "semua bobot bernilai 0; diharapkan paling sedikit satu bobot positif",
    # Checks against the data and the file name
    "errd_p_not_mapping": "{source}: diharapkan pemetaan parameter, ditemukan {type}.",
    "errd_p_no_p0": (
        "{source}: isian 'kode_bps' (nilai {value}): tidak ada angka P0 untuk kode ini di "
        "{table}; diharapkan kode kabupaten/kota yang memiliki data."
    ),
    "errd_p_no_p0_year": (
        "{source}: isian 'latest_data_year' (nilai {year}): {table} tidak memuat P0 untuk {name} "
        "pada tahun itu; diharapkan salah satu tahun yang memiliki P0: {years}."
    ),
    "errd_p_lokus": (
        "{source}: isian 'village_data.lokus_count' (nilai {wanted}) melebihi {available} desa "
        "resmi {name}; diharapkan paling banyak {available}."
    ),
    "errd_p_regency": (
        "{source}: isian 'regency' (nilai {value}): diharapkan {slug}, sesuai nama berkasnya."
    ),
    "errd_p_code": (
        "{source}: isian 'kode_bps' (nilai {value}): {name} berkode BPS {code}; diharapkan "
        '"{code}".'
    ),
    "errd_p_province_of": (
        "{source}: isian '{field}' (nilai {value}): menurut tabel BPS, {name} berada di provinsi "
        "{code} ({province}); diharapkan {official}, agar tidak ada angka yang diberi label "
        "provinsi lain."
    ),
    "errd_p_defaults": "nilai bawaan untuk {slug} (tidak ada {path})",
}

_EN_PARAMS = {
    "errd_p_line": "{source}: field '{field}'{shown}: {message}.",
    "errd_p_whole": "{source}: {message}.",
    "errd_p_shown": " (value {value})",
    "errd_p_top": "(top level)",
    "errd_p_text_line": "{source}: field '{field}' (value {value}) is {reason}.",
    "errd_p_missing": "missing; every regency's parameters need it",
    "errd_p_unknown": "unknown key, not a parameter{hint}{listed}",
    "errd_p_unknown_hint": " (did you mean '{name}'?)",
    "errd_p_unknown_listed": "; expected one of {names}",
    "errd_p_pattern": "expected {what}",
    "errd_p_pat_regency": "a slug of lower-case letters, digits and hyphens such as klaten",
    "errd_p_pat_kode_bps": 'four digits in quotes such as "3310"',
    "errd_p_pat_province_code": 'two digits and 00 in quotes such as "3300"',
    "errd_p_pat_line": "one line of text (no line breaks or control characters)",
    "errd_p_int_type": "expected a valid integer such as 2025{unquoted}",
    "errd_p_float_type": "expected a valid number such as 8.5{unquoted}",
    "errd_p_unquoted": ", written without quotes",
    "errd_p_string_type": 'expected a valid string; write it in quotes, such as "3310"',
    "errd_p_int_from_float": "expected a valid integer, got a number with a fractional part",
    "errd_p_greater_than_equal": "expected greater than or equal to {ge}",
    "errd_p_less_than_equal": "expected less than or equal to {le}",
    "errd_p_literal_error": "expected {expected}",
    "errd_p_choices": "{head} or {last}",
    "errd_p_string_too_short": "expected a text of length at least {min_length}",
    "errd_p_string_too_long": "expected a text of length at most {max_length}",
    "errd_p_finite_number": "expected a finite number",
    "errd_p_dict_type": "expected a valid dictionary",
    "errd_p_list_type": "expected a valid list",
    "errd_p_bool_type": "expected true or false",
    "errd_p_pydantic": "{message}",
    "errd_p_comma": (
        "written with a decimal comma; expected a decimal point, such as {fixed}, without quotes"
    ),
    "errd_p_exponent": (
        "read as text: it is in quotes, or an exponent written without a sign (YAML reads "
        "1.0e308 as text and 1.0e+308 as a number); expected a plain number such as {example}"
    ),
    "errd_p_quoted": "read as text because it is in quotes; expected the number without quotes: "
    "{text}",
    "errd_p_split": (
        "field '{field}' (value {number},{after}): the decimal comma inside {{...}} splits the "
        "number into {number} and a key {after}; expected a decimal point ({number}.{after}) or "
        "the value in quotes"
    ),
    "errd_pf_target_order": (
        "field 'target.low' (value {low}) is above target.high ({high}); expected low <= high"
    ),
    "errd_pf_register_only": (
        "field 'village_data.{name}' is only used with source 'register'; expected source: "
        "register, or no such field"
    ),
    "errd_pf_register_path": (
        "field 'village_data.path' is missing; expected the path of the household register "
        "export when source is 'register'"
    ),
    "errd_pf_file_path": (
        "field 'village_data.path' is missing; expected the path of the village file when "
        "source is 'file'"
    ),
    "errd_pf_simulasi_path": (
        "field 'village_data.path' is only used with source 'file'; expected no path with "
        "source 'simulasi'"
    ),
    "errd_pf_date_time": (
        "field 'meeting_date' (value {value}) is a date and a time; expected a date written "
        "YYYY-MM-DD such as 2025-11-27, without quotes and without a time"
    ),
    "errd_pf_date_text": (
        "field 'meeting_date' (value {value}) is not a date; expected a date written YYYY-MM-DD "
        "such as 2025-11-27, without quotes"
    ),
    "errd_pf_date_number": (
        "field 'meeting_date' (value {value}) is a number, not a date; expected a date written "
        "YYYY-MM-DD such as 2025-11-27, without quotes"
    ),
    "errd_pf_date_type": (
        "field 'meeting_date' (value {value}) is a {type}, not a date; expected a date written "
        "YYYY-MM-DD such as 2025-11-27, without quotes"
    ),
    "errd_pf_province": (
        "field 'province_code' (value {value}) is not the province of kode_bps {code}; expected "
        '"{expected}" (a BPS code starts with its province\'s two digits)'
    ),
    "errd_pf_target_year": (
        "field 'target_year' (value {target}) is not after latest_data_year ({latest}); expected "
        "a year after the latest data"
    ),
    "errd_pf_target_year_differs": (
        "field 'target.year' (value {year}) differs from target_year ({target}); expected the "
        "same year"
    ),
    "errd_pf_meeting_range": (
        "field 'meeting_date' (value {value}) is not between the latest data year ({first}) and "
        "next year ({last}); expected the date of the meeting the brief is for, YYYY-MM-DD"
    ),
    "errd_pf_target_note": (
        "field 'target_note' is missing; expected a sentence saying why there is no target when "
        "target is null"
    ),
    "errd_pv_models_empty": "expected at least one of {models}",
    "errd_pv_models_twice": "model {model} is listed twice; expected each model once",
    "errd_pv_weights_keys": "expected exactly the keys {keys}{unknown}{missing}",
    "errd_pv_weights_unknown": "; unknown: {names}",
    "errd_pv_weights_missing": "; missing: {names}",
    "errd_pv_weight_negative": "weight {name} = {value} is negative; expected weights >= 0",
    "errd_pv_weight_large": (
        "weight {name} = {value} is above {max}; expected weights from 0 to {max} (only their "
        "ratios matter: 2 and 1 weigh one indicator twice as much as another)"
    ),
    "errd_pv_weights_zero": "all weights are 0; expected at least one positive weight",
    "errd_p_not_mapping": "{source}: expected a mapping of parameters, found a {type}.",
    "errd_p_no_p0": (
        "{source}: field 'kode_bps' (value {value}): no P0 figures for this code in {table}; "
        "expected the code of a regency with data."
    ),
    "errd_p_no_p0_year": (
        "{source}: field 'latest_data_year' (value {year}): {table} has no P0 for {name} in that "
        "year; expected one of the years with P0: {years}."
    ),
    "errd_p_lokus": (
        "{source}: field 'village_data.lokus_count' (value {wanted}) is more than the "
        "{available} official villages of {name}; expected at most {available}."
    ),
    "errd_p_regency": "{source}: field 'regency' (value {value}): expected {slug}, the name of "
    "the file.",
    "errd_p_code": (
        "{source}: field 'kode_bps' (value {value}): {name} has BPS code {code}; expected "
        '"{code}".'
    ),
    "errd_p_province_of": (
        "{source}: field '{field}' (value {value}): {name} is in province {code} ({province}) in "
        "the BPS table; expected {official}, so that no figure is labelled with another province."
    ),
    "errd_p_defaults": "defaults for {slug} (no {path})",
}


_ID_DATA = {
    "errd_d_cell": "{file}, baris {row}, kolom '{column}': {message}.",
    "errd_d_empty": "sel kosong; diharapkan {expected}",
    "errd_d_x_code": "kode BPS 4 angka seperti 3310",
    "errd_d_x_region": "nama wilayah seperti Kabupaten Klaten",
    "errd_d_x_one_of": "salah satu dari {choices}",
    "errd_d_x_year": "tahun seperti 2025",
    "errd_d_x_value": (
        "angka; hapus saja baris yang tidak memiliki angka (tahun yang tidak ada ditampilkan "
        "sebagai celah)"
    ),
    "errd_d_x_target_year": "tahun yang dituju target, seperti 2026",
    "errd_d_x_indicator": "nama indikator seperti p0_persen",
    "errd_d_x_low": "batas bawah target (target itu sendiri bila hanya satu nilai)",
    "errd_d_x_high": "batas atas target (target itu sendiri bila hanya satu nilai)",
    "errd_d_x_kind": "jenis pernyataannya (target RPJMD, pernyataan bupati, ...)",
    "errd_d_pattern": "nilai {value} bukan {what}",
    "errd_d_p_year": "tahun; diharapkan empat angka seperti 2025",
    "errd_d_p_code_zeros": (
        "kode BPS 4 angka; diharapkan empat angka seperti 3310 (pertahankan nol di depan: 0000 "
        "adalah Indonesia)"
    ),
    "errd_d_p_code": "kode BPS 4 angka; diharapkan empat angka seperti 3310",
    "errd_d_p_kemendagri": "kode Kemendagri; diharapkan kelompok angka bertitik seperti {example}",
    "errd_d_p_village": (
        "kode desa Kemendagri; diharapkan kelompok angka bertitik seperti 33.10.03.2009"
    ),
    "errd_d_p_district": (
        "kode kecamatan Kemendagri; diharapkan kelompok angka bertitik seperti 33.10.03"
    ),
    "errd_d_year_range": "tahun {year} di luar rentang yang diharapkan {low}-{high}",
    "errd_d_not_allowed": "nilai {value} tidak diperbolehkan; diharapkan salah satu dari {choices}",
    "errd_d_level": (
        "nilai {value} tidak sesuai dengan kode_bps {code}; diharapkan {expected} (0000 adalah "
        "nasional, kode berakhiran 00 adalah provinsi, kode dengan angka ketiga 7 adalah kota, "
        "kode lainnya kabupaten)"
    ),
    "errd_d_renamed": (
        "nilai {value} berbeda dari nama kode_bps {code} di baris sebelumnya; diharapkan {expected}"
    ),
    "errd_d_range": (
        "nilai {value} untuk {indicator} di luar rentang yang diharapkan {low} sampai {high} "
        "({unit})"
    ),
    "errd_d_unit_p0_persen": "persen penduduk; 0 dan 100 adalah isian pengganti, bukan perkiraan",
    "errd_d_unit_p1": "indeks kedalaman kemiskinan",
    "errd_d_unit_p2": "indeks keparahan kemiskinan",
    "errd_d_unit_jumlah_miskin_ribu": "ribu jiwa",
    "errd_d_unit_garis_kemiskinan_rp": "rupiah per kapita per bulan",
    "errd_d_key_twice": (
        "{file}, baris {rows}, kolom {columns}: kunci kode_bps {code}, tahun {year}, periode "
        "{period}, indikator {indicator} muncul {n} kali (nilai {values}); diharapkan satu baris "
        "per kunci."
    ),
    "errd_d_no_rows": (
        "{file}: baris judul kolom (baris {row}) tidak diikuti baris data apa pun; diharapkan "
        "satu baris per wilayah, tahun, periode dan indikator."
    ),
    "errd_d_not_found": "{file}: berkas tidak ditemukan.",
    "errd_d_no_table": (
        "{folder}: tidak ada tabel BPS (CSV dengan kolom {columns}); diharapkan "
        "bps_kemiskinan.csv atau bps_kabkota_nasional.csv."
    ),
    "errd_d_code_twice": "kode {code} muncul dua kali; diharapkan setiap kode satu kali",
    "errd_d_no_codes": (
        "{file}: berkas tidak ditemukan; diharapkan daftar kode resmi BPS (ditulis oleh "
        "python -m analysis.bps_import.codelist)."
    ),
    "errd_d_unofficial": (
        "kode BPS {code} ({name}) tidak ada dalam daftar kode resmi {codes}; wilayah tanpa kode "
        "resmi tidak dapat masuk peringkat atau perbandingan. Diharapkan kode BPS yang berlaku "
        "(0000, provinsi xx00 atau salah satu dari 514 kabupaten dan kota; kode BPS dan "
        "Kemendagri berbeda)"
    ),
    "errd_d_not_official_name": (
        "nilai {value} bukan nama resmi kode_bps {code} ({official}){where}; diharapkan kode dan "
        "nama dari wilayah yang sama"
    ),
    "errd_d_name_elsewhere": (
        "; {value} adalah {homes}, tetapi dua angka pertama kode, {digits}, adalah {province}"
    ),
    "errd_d_home": "{code} di {province}",
    "errd_d_not_in_table": "Kode BPS {code} tidak ada di tabel BPS.",
    "errd_d_no_villages": "Kode BPS {code}: tidak ada desa di bawah {prefix} di {file}.",
    "errd_d_lokus_district": "nilai {value} tidak memuat desa {village}; diharapkan {expected}",
    "errd_d_lokus_twice": (
        "desa {village} tercantum dua kali untuk tahun {year}; diharapkan setiap desa satu kali "
        "per tahun"
    ),
    "errd_d_percent_range": "nilai {value} di luar rentang yang diharapkan 0 sampai 100 (persen)",
    "errd_d_inverted": (
        "nilai {low} lebih besar dari nilai_atas {high}; diharapkan nilai_bawah <= nilai_atas"
    ),
}

_EN_DATA = {
    "errd_d_cell": "{file}, row {row}, column '{column}': {message}.",
    "errd_d_empty": "the cell is empty; expected {expected}",
    "errd_d_x_code": "a 4-digit BPS code such as 3310",
    "errd_d_x_region": "the region's name such as Kabupaten Klaten",
    "errd_d_x_one_of": "one of {choices}",
    "errd_d_x_year": "a year such as 2025",
    "errd_d_x_value": (
        "a number; leave out rows without a figure instead (missing years are shown as gaps)"
    ),
    "errd_d_x_target_year": "the year the target refers to, such as 2026",
    "errd_d_x_indicator": "an indicator name such as p0_persen",
    "errd_d_x_low": "the lower end of the target (the target itself for a single value)",
    "errd_d_x_high": "the upper end of the target (the target itself for a single value)",
    "errd_d_x_kind": "what kind of statement it is (RPJMD target, regent's statement, ...)",
    "errd_d_pattern": "value {value} is not {what}",
    "errd_d_p_year": "a year; expected four digits such as 2025",
    "errd_d_p_code_zeros": (
        "a 4-digit BPS code; expected four digits such as 3310 (keep leading zeros: 0000 is "
        "Indonesia)"
    ),
    "errd_d_p_code": "a 4-digit BPS code; expected four digits such as 3310",
    "errd_d_p_kemendagri": "a Kemendagri code; expected digit groups with dots such as {example}",
    "errd_d_p_village": (
        "a Kemendagri village code; expected digit groups with dots such as 33.10.03.2009"
    ),
    "errd_d_p_district": (
        "a Kemendagri kecamatan code; expected digit groups with dots such as 33.10.03"
    ),
    "errd_d_year_range": "year {year} is outside the expected range {low}-{high}",
    "errd_d_not_allowed": "value {value} is not allowed; expected one of {choices}",
    "errd_d_level": (
        "value {value} does not fit kode_bps {code}; expected {expected} (0000 is nasional, "
        "codes ending in 00 are provinsi, codes with 7 as third digit are kota, other codes "
        "kabupaten)"
    ),
    "errd_d_renamed": (
        "value {value} differs from the name of kode_bps {code} in earlier rows; expected "
        "{expected}"
    ),
    "errd_d_range": (
        "value {value} for {indicator} is outside the expected range {low} to {high} ({unit})"
    ),
    "errd_d_unit_p0_persen": "percent of population; 0 and 100 are placeholders, not estimates",
    "errd_d_unit_p1": "poverty gap index",
    "errd_d_unit_p2": "poverty severity index",
    "errd_d_unit_jumlah_miskin_ribu": "thousand people",
    "errd_d_unit_garis_kemiskinan_rp": "rupiah per capita per month",
    "errd_d_key_twice": (
        "{file}, rows {rows}, columns {columns}: the key kode_bps {code}, tahun {year}, periode "
        "{period}, indikator {indicator} appears {n} times (nilai {values}); expected one row per "
        "key."
    ),
    "errd_d_no_rows": (
        "{file}: the header (row {row}) is not followed by any data row; expected one row per "
        "region, year, period and indicator."
    ),
    "errd_d_not_found": "{file}: file not found.",
    "errd_d_no_table": (
        "{folder}: no BPS table (a CSV with the columns {columns}); expected bps_kemiskinan.csv "
        "or bps_kabkota_nasional.csv."
    ),
    "errd_d_code_twice": "code {code} appears twice; expected each code once",
    "errd_d_no_codes": (
        "{file}: file not found; expected the official BPS code list (written by python -m "
        "analysis.bps_import.codelist)."
    ),
    "errd_d_unofficial": (
        "BPS code {code} ({name}) is not in the official code list {codes}; a region without an "
        "official code cannot enter the ranking or the comparisons. Expected a current BPS code "
        "(0000, a province xx00 or one of the 514 regencies and cities; BPS and Kemendagri codes "
        "differ)"
    ),
    "errd_d_not_official_name": (
        "value {value} is not the official name of kode_bps {code} ({official}){where}; expected "
        "the code and the name of the same region"
    ),
    "errd_d_name_elsewhere": (
        "; {value} is {homes}, but the code's first two digits {digits} are {province}"
    ),
    "errd_d_home": "{code} in {province}",
    "errd_d_not_in_table": "BPS code {code} does not appear in the BPS table.",
    "errd_d_no_villages": "BPS code {code}: no villages under {prefix} in {file}.",
    "errd_d_lokus_district": (
        "value {value} does not contain village {village}; expected {expected}"
    ),
    "errd_d_lokus_twice": (
        "village {village} is listed twice for {year}; expected each village once per year"
    ),
    "errd_d_percent_range": "value {value} is outside the expected range 0 to 100 (percent)",
    "errd_d_inverted": "value {low} is above nilai_atas {high}; expected nilai_bawah <= nilai_atas",
}

_ID_NAMES = {
    "errd_r_unreadable": "{file}: tidak dapat dibaca ({reason}); diharapkan tabel BPS.",
    "errd_r_not_utf8": (
        "{file}: bukan teks UTF-8; diharapkan berkas CSV UTF-8 (simpan ulang sebagai 'CSV UTF-8')."
    ),
    "errd_r_csv": "{file}: CSV tidak dapat dibaca ({reason}); diharapkan tabel BPS.",
    "errd_r_no_header": (
        "{file}: tidak ada baris judul kolom yang memuat {columns} di {n} baris pertama; "
        "diharapkan tabel BPS."
    ),
    "errd_r_not_a_name": (
        "REGENCY={value} bukan nama kabupaten/kota: diharapkan hanya huruf kecil, angka dan tanda "
        "hubung (tanpa spasi, tanda kutip, garis miring atau titik), misalnya REGENCY=klaten atau "
        "REGENCY=kota-semarang (lihat 'make regencies').{hint}"
    ),
    "errd_r_slug_hint": " Maksudnya REGENCY={name}?",
    "errd_r_unknown": (
        "Kabupaten/kota {value} tidak dikenal: tidak ada kabupaten atau kota dengan nama itu di "
        "{file}.{hint} Diharapkan salah satu dari {n} nama yang memiliki data, seperti {some}, ... "
        "('make regencies' mencantumkan semuanya)."
    ),
    "errd_r_close_hint": " Maksudnya: {names}?",
    "errd_r_args": (
        "diharapkan satu nama kabupaten/kota seperti klaten, diberikan {n} argumen: {args}."
    ),
    "errd_run_province": (
        "PROVINCE={province}: tidak ada kabupaten/kota dengan data yang kode BPS-nya diawali "
        "{prefix} (Aceh 11, Jawa Tengah 33, Papua Pegunungan 97; 'make regencies' "
        "mencantumkannya)."
    ),
    "errd_run_quarto": (
        "RENDERER=quarto: program 'quarto' tidak ada di PATH; pasang Quarto (misalnya dari "
        "conda-forge, lihat environment.yml) atau gunakan perender bawaan."
    ),
}

_EN_NAMES = {
    "errd_r_unreadable": "{file}: cannot be read ({reason}); expected the BPS table.",
    "errd_r_not_utf8": (
        "{file}: not UTF-8 text; expected a UTF-8 CSV file (save it again as 'CSV UTF-8')."
    ),
    "errd_r_csv": "{file}: the CSV cannot be read ({reason}); expected the BPS table.",
    "errd_r_no_header": (
        "{file}: no header row naming {columns} in the first {n} rows; expected the BPS table."
    ),
    "errd_r_not_a_name": (
        "REGENCY={value} is not a regency name: expected lower-case letters, digits and hyphens "
        "only (no spaces, quotes, slashes or dots), for example REGENCY=klaten or "
        "REGENCY=kota-semarang (see 'make regencies').{hint}"
    ),
    "errd_r_slug_hint": " Did you mean REGENCY={name}?",
    "errd_r_unknown": (
        "Unknown regency {value}: no regency or city of that name in {file}.{hint} Expected one "
        "of the {n} names with data, such as {some}, ... ('make regencies' lists them all)."
    ),
    "errd_r_close_hint": " Did you mean: {names}?",
    "errd_r_args": "expected one regency name such as klaten, got {n} arguments: {args}.",
    "errd_run_province": (
        "PROVINCE={province}: no regency with data has a BPS code starting with {prefix} (Aceh is "
        "11, Jawa Tengah 33, Papua Pegunungan 97; 'make regencies' lists them)."
    ),
    "errd_run_quarto": (
        "RENDERER=quarto: no 'quarto' program on PATH; install Quarto (for example from "
        "conda-forge, see environment.yml) or use the default renderer."
    ),
}

# BPS import (analysis.bps_import): places in a downloaded table, then the problems.
_ID_IMPORT = {
    "errd_b_msg": "{at}: {message}",
    "errd_b_row": "{file}, baris {row}",
    "errd_b_rows": "{file}, baris {rows}",
    "errd_b_cell": "{file}, baris {row}, kolom {column}",
    "errd_b_cell_named": "{file}, baris {row}, kolom '{column}'",
    "errd_b_sheet_cell": "{file}, lembar {sheet}, sel {cell}",
    "errd_b_sheet_row": "{file}, lembar {sheet}, baris {row}",
    "errd_b_sheet_col": "{file}, lembar {sheet}, kolom {column}",
    "errd_b_empty": "berkas kosong; diharapkan tabel BPS yang diunduh sebagai CSV/XLSX.",
    "errd_b_magic": "berkas ini {what}; diharapkan tabel BPS sebagai CSV atau XLSX.",
    "errd_b_what_xls": "buku kerja Excel 97-2003 lama (.xls); simpan sebagai .xlsx atau CSV",
    "errd_b_what_pdf": "dokumen PDF; unduh tabelnya sebagai CSV atau XLSX",
    "errd_b_what_gzip": "arsip gzip; ekstrak dahulu",
    "errd_b_what_png": "gambar PNG",
    "errd_b_what_jpeg": "gambar JPEG",
    "errd_b_nul": (
        "berkas ini biner (memuat bita NUL), bukan tabel CSV; diharapkan tabel BPS yang diunduh "
        "sebagai CSV atau XLSX."
    ),
    "errd_b_html": (
        "berkas ini halaman HTML/XML, bukan CSV (sebagian unduhan 'Excel' adalah halaman web); "
        "buka di aplikasi lembar kerja lalu simpan sebagai XLSX atau CSV UTF-8."
    ),
    "errd_b_byte": (
        "bita {byte} bukan teks UTF-8 maupun Windows-1252; diharapkan berkas teks CSV (simpan "
        "sebagai 'CSV UTF-8')."
    ),
    "errd_b_control": (
        "karakter kendali {char} di dalam teks; berkas tampak biner, bukan tabel CSV. Diharapkan "
        "tabel BPS yang diunduh sebagai CSV atau XLSX."
    ),
    "errd_b_quote": (
        'CSV tidak dapat dibaca dengan koma, titik koma atau tab (tanda kutip (") tidak '
        "ditutup); diharapkan setiap sel bertanda kutip ditutup."
    ),
    "errd_b_xlsx": (
        "bukan buku kerja XLSX yang dapat dibaca ({reason}); diharapkan tabel BPS yang diunduh "
        "sebagai XLSX atau CSV."
    ),
    "errd_b_hidden_sheets": (
        "buku kerja memiliki lembar tersembunyi: {names}; angka yang tersembunyi tidak dapat "
        "diperiksa. Diharapkan hanya lembar terlihat yang diekspor BPS: hapus lembar tersembunyi "
        "atau unduh ulang tabelnya."
    ),
    "errd_b_sheets": (
        "buku kerja memiliki {n} lembar berisi data ({names}); diharapkan satu tabel per berkas "
        "seperti ekspor BPS. Simpan setiap lembar sebagai berkas tersendiri."
    ),
    "errd_b_formula": (
        "rumus {formula}; diharapkan nilai yang diekspor BPS (tempel lembar sebagai nilai atau "
        "unduh ulang tabelnya)."
    ),
    "errd_b_hidden_row": (
        "baris tersembunyi tetapi berisi nilai; diharapkan setiap angka yang diimpor terlihat "
        "(tampilkan atau hapus barisnya)."
    ),
    "errd_b_hidden_col": (
        "kolom tersembunyi tetapi berisi nilai; diharapkan setiap angka yang diimpor terlihat "
        "(tampilkan atau hapus kolomnya)."
    ),
    "errd_b_missing_file": (
        "berkas {what}; diharapkan tabel BPS yang diunduh sebagai CSV atau XLSX."
    ),
    "errd_b_folder": "berupa folder",
    "errd_b_not_found": "tidak ditemukan",
    "errd_b_unreadable": "tidak dapat dibaca ({reason}).",
    "errd_b_no_header": (
        "tidak ada baris judul kolom yang menyebut indikator kemiskinan (teks pertama: {first}); "
        "diharapkan tabel BPS dengan kolom seperti {names}."
    ),
    "errd_b_no_indicator": (
        "judul kolom tidak menyebut indikator kemiskinan yang berisi angka; diharapkan kolom "
        "seperti {names}."
    ),
    "errd_b_no_label": (
        "kolom berisi angka tetapi tanpa judul; diharapkan judul yang menyebut indikator, periode "
        "dan tahun."
    ),
    "errd_b_no_year": (
        "judul kolom {label} tidak menyebut tahun, begitu pula judul tabel dan nama berkas "
        "({title}); diharapkan tahun di judul kolom ('... - 2023') atau di judul tabel."
    ),
    "errd_b_unknown_label": (
        "judul kolom {label} bukan indikator kemiskinan yang dikenal pengimpor ini; diharapkan "
        "salah satu dari {names} (dengan periode dan tahun)."
    ),
    "errd_b_label_problem": "judul kolom {label} {problem}; diharapkan satu per kolom.",
    "errd_b_pr_indicators": "menyebut beberapa indikator ({names})",
    "errd_b_pr_periods": "menyebut Maret dan September sekaligus",
    "errd_b_pr_years_header": "menyebut beberapa tahun ({years})",
    "errd_b_pr_years_title": (
        "tidak menyebut tahun, sedangkan judul tabel menyebut beberapa tahun ({years})"
    ),
    "errd_b_pr_thousands": (
        "memberi jumlah penduduk miskin tanpa satuan 'ribu'; diharapkan judul seperti 'Jumlah "
        "Penduduk Miskin (Ribu Jiwa)'"
    ),
    "errd_b_pr_line_thousands": (
        "memberi garis kemiskinan dalam ribu rupiah; diharapkan rupiah (Rp/kapita/bulan)"
    ),
    "errd_b_same_figure": (
        "judul kolom {label} memberi angka yang sama ({indicator}, {period} {year}) dengan kolom "
        "{other} ({other_label}); diharapkan setiap angka di satu kolom saja."
    ),
    "errd_b_no_name": (
        "baris berisi angka tetapi tanpa nama wilayah; diharapkan nama provinsi, kabupaten atau "
        "kota."
    ),
    "errd_b_ambiguous": (
        "nilai {value} bermakna ganda (pemisah ribuan atau desimal?); diharapkan angka biasa "
        "seperti 3791.5 atau 477580."
    ),
    "errd_b_not_number": (
        "nilai {value} {kind}; diharapkan angka biasa seperti 10.77 atau 477580, atau '...' bila "
        "tidak tersedia."
    ),
    "errd_b_k_thousands": "memakai pemisah ribuan",
    "errd_b_k_nan": "bukan angka",
    "errd_b_mixed": (
        "nilai {value} memakai koma desimal sedangkan baris {row} ({other}) memakai titik "
        "desimal; diharapkan satu cara penulisan per kolom."
    ),
    "errd_b_range": (
        "nilai {value} di luar rentang wajar {low}-{high} untuk {indicator}; diharapkan angka "
        "dalam satuan judul kolom (tulis '...' bila tidak tersedia)."
    ),
    "errd_b_twice": (
        "{name} memberi {indicator} {period} {year} = {value} tetapi baris {row} ({other}) "
        "memberi {first} untuk wilayah yang sama {code}; diharapkan setiap wilayah satu kali."
    ),
    "errd_b_unmatched": (
        "{file}: nama yang tidak cocok dengan tepat satu wilayah resmi BPS: {n}; diharapkan nama "
        "seperti yang ditulis BPS ('Kabupaten X', 'Kota X', sebuah provinsi):"
    ),
    "errd_b_unmatched_row": "  baris {row}: {name}: {hint}",
    "errd_b_h_ambiguous": "bermakna ganda, tulis salah satu dari: {names}",
    "errd_b_h_suggest": "tidak dikenal; maksudnya: {names}?",
    "errd_b_h_none": "tidak dikenal; tidak ada nama resmi yang mirip",
    "errd_b_no_columns": "kolom tidak ada: {names}; diharapkan tabel BPS panjang.",
    "errd_b_not_a_number": "nilai {value} bukan angka; diharapkan angka.",
    "errd_b_nothing": "{file}: tidak ada angka untuk diimpor (setiap sel '...' atau kosong).",
    "errd_b_revisions": (
        "{file}: angka yang berbeda dari data di {folder}: {n}; tidak ada yang ditulis. Periksa "
        "angka-angka itu terhadap tabel BPS lalu jalankan lagi dengan --confirm-revisions untuk "
        "menambahkannya sebagai versi baru (nilai lama tetap ada, impor yang lebih baru "
        "didahulukan):"
    ),
    "errd_b_codes_unreadable": "{file}: daftar kode BPS tidak dapat dibaca ({reason}).",
    "errd_b_codes_columns": (
        "{file}, baris 1: daftar kode tidak memiliki kolom {names}; diharapkan tabel BPS panjang "
        "dengan kode_bps, wilayah dan tahun."
    ),
    "errd_b_codes_code": "nilai {value} bukan kode BPS empat angka.",
    "errd_b_kemendagri": (
        "{code} {name}: {n} nama Kemendagri cocok ({found}); diharapkan tepat satu."
    ),
    "errd_b_none": "tidak ada",
    "errd_b_rev_legend": (
        "kode wilayah, indikator periode tahun: nilai lama -> nilai baru (tingkat kepercayaan "
        "dan sumber nilai lama)"
    ),
    "errd_b_rev_more": "dan {n} lainnya",
    "errd_b_out_same_file": (
        "{file}: sudah diimpor pada {date} sebagai {vintage} (SHA-256 sama {sha}); tidak ada yang "
        "ditulis."
    ),
    "errd_b_out_same_figures": (
        "{file}: setiap angka sudah ada di {vintage} (diimpor {date} dari {source}) dengan nilai "
        "yang sama; tidak ada yang ditulis."
    ),
    "errd_b_out_written": (
        "{file}: {rows} angka diimpor ({indicators}; {years}; {regions} wilayah) ke {path}"
        "{confirmed}."
    ),
    "errd_b_out_confirmed": "; {n} revisi dikonfirmasi, nilai yang lebih baru didahulukan",
    "errd_b_record": (
        "{file}: bukan catatan impor yang dapat dibaca ({reason}); diharapkan JSON yang ditulis "
        "bersama versinya oleh make data-import."
    ),
}

_EN_IMPORT = {
    "errd_b_msg": "{at}: {message}",
    "errd_b_row": "{file}, row {row}",
    "errd_b_rows": "{file}, rows {rows}",
    "errd_b_cell": "{file}, row {row}, column {column}",
    "errd_b_cell_named": "{file}, row {row}, column '{column}'",
    "errd_b_sheet_cell": "{file}, sheet {sheet}, cell {cell}",
    "errd_b_sheet_row": "{file}, sheet {sheet}, row {row}",
    "errd_b_sheet_col": "{file}, sheet {sheet}, column {column}",
    "errd_b_empty": "the file is empty; expected a BPS table downloaded as CSV/XLSX.",
    "errd_b_magic": "the file is {what}; expected a BPS table as CSV or XLSX.",
    "errd_b_what_xls": "an old Excel 97-2003 workbook (.xls); save it as .xlsx or CSV",
    "errd_b_what_pdf": "a PDF document; download the table as CSV or XLSX instead",
    "errd_b_what_gzip": "a gzip archive; unpack it first",
    "errd_b_what_png": "a PNG image",
    "errd_b_what_jpeg": "a JPEG image",
    "errd_b_nul": (
        "the file is binary (it holds NUL bytes), not a CSV table; expected a BPS table "
        "downloaded as CSV or XLSX."
    ),
    "errd_b_html": (
        "the file is an HTML/XML page, not a CSV (some 'Excel' downloads are web pages); open it "
        "in a spreadsheet and save it as XLSX or CSV UTF-8."
    ),
    "errd_b_byte": (
        "byte {byte} is neither UTF-8 nor Windows-1252 text; expected a CSV text file (save it "
        "as 'CSV UTF-8')."
    ),
    "errd_b_control": (
        "control character {char} in the text; the file looks binary, not a CSV table. Expected "
        "a BPS table downloaded as CSV or XLSX."
    ),
    "errd_b_quote": (
        'the CSV cannot be read with commas, semicolons or tabs (a quote (") is not closed); '
        "expected every quoted cell to be closed."
    ),
    "errd_b_xlsx": (
        "not a readable XLSX workbook ({reason}); expected a BPS table downloaded as XLSX or CSV."
    ),
    "errd_b_hidden_sheets": (
        "the workbook has hidden sheets: {names}; hidden figures cannot be checked. Expected only "
        "the visible sheet BPS exports: delete the hidden sheets or download the table again."
    ),
    "errd_b_sheets": (
        "the workbook has {n} sheets with data ({names}); expected one table per file as BPS "
        "exports it. Save each sheet as its own file."
    ),
    "errd_b_formula": (
        "formula {formula}; expected the values BPS exported (paste the sheet as values or "
        "download the table again)."
    ),
    "errd_b_hidden_row": (
        "the row is hidden but holds values; expected every imported figure visible (unhide or "
        "delete the row)."
    ),
    "errd_b_hidden_col": (
        "the column is hidden but holds values; expected every imported figure visible (unhide "
        "or delete the column)."
    ),
    "errd_b_missing_file": "file {what}; expected a BPS table downloaded as CSV or XLSX.",
    "errd_b_folder": "is a folder",
    "errd_b_not_found": "not found",
    "errd_b_unreadable": "cannot be read ({reason}).",
    "errd_b_no_header": (
        "no header row naming a poverty indicator (first text: {first}); expected a BPS table "
        "with columns such as {names}."
    ),
    "errd_b_no_indicator": (
        "the header names no poverty indicator with figures; expected columns such as {names}."
    ),
    "errd_b_no_label": (
        "the column has figures but no header; expected a header naming the indicator, period "
        "and year."
    ),
    "errd_b_no_year": (
        "header {label} names no year, nor do the title and file name ({title}); expected a year "
        "in the header ('... - 2023') or in the title."
    ),
    "errd_b_unknown_label": (
        "header {label} is not a poverty indicator this importer knows; expected one of {names} "
        "(with the period and year)."
    ),
    "errd_b_label_problem": "header {label} {problem}; expected one per column.",
    "errd_b_pr_indicators": "names several indicators ({names})",
    "errd_b_pr_periods": "names both March and September",
    "errd_b_pr_years_header": "the header names several years ({years})",
    "errd_b_pr_years_title": "the title names several years ({years})",
    "errd_b_pr_thousands": (
        "gives the number of poor without the unit 'ribu' (thousand); expected a header such as "
        "'Jumlah Penduduk Miskin (Ribu Jiwa)'"
    ),
    "errd_b_pr_line_thousands": (
        "gives the poverty line in thousand rupiah; expected rupiah (Rp/kapita/bulan)"
    ),
    "errd_b_same_figure": (
        "header {label} gives the same figure ({indicator}, {period} {year}) as column {other} "
        "({other_label}); expected each figure in one column."
    ),
    "errd_b_no_name": (
        "the row has figures but no region name; expected the name of a province, regency or city."
    ),
    "errd_b_ambiguous": (
        "value {value} is ambiguous (a thousands separator or a decimal?); expected a plain "
        "number such as 3791.5 or 477580."
    ),
    "errd_b_not_number": (
        "value {value} {kind}; expected a plain number such as 10.77 or 477580, or '...' when not "
        "available."
    ),
    "errd_b_k_thousands": "has a thousands separator",
    "errd_b_k_nan": "is not a number",
    "errd_b_mixed": (
        "value {value} uses a decimal comma while row {row} ({other}) uses a decimal point; "
        "expected one convention per column."
    ),
    "errd_b_range": (
        "value {value} is outside the plausible range {low}-{high} of {indicator}; expected the "
        "figure in the unit of the header (write '...' if it is not available)."
    ),
    "errd_b_twice": (
        "{name} gives {indicator} {period} {year} = {value} but row {row} ({other}) gives {first} "
        "for the same region {code}; expected each region once."
    ),
    "errd_b_unmatched": (
        "{file}: names that match no single official BPS region: {n}; expected names as BPS "
        "writes them ('Kabupaten X', 'Kota X', a province):"
    ),
    "errd_b_unmatched_row": "  row {row}: {name}: {hint}",
    "errd_b_h_ambiguous": "ambiguous, write one of: {names}",
    "errd_b_h_suggest": "unknown; did you mean: {names}?",
    "errd_b_h_none": "unknown; no close official name",
    "errd_b_no_columns": "missing columns: {names}; expected a long BPS table.",
    "errd_b_not_a_number": "value {value} is not a number; expected a number.",
    "errd_b_nothing": "{file}: no figures to import (every cell '...' or empty).",
    "errd_b_revisions": (
        "{file}: figures that differ from the data in {folder}: {n}; nothing written. Check them "
        "against the BPS table and run again with --confirm-revisions to add them as a new "
        "vintage (the older values stay, the newer import takes precedence):"
    ),
    "errd_b_codes_unreadable": "{file}: cannot read the BPS code list ({reason}).",
    "errd_b_codes_columns": (
        "{file}, row 1: the code list lacks the columns {names}; expected the long BPS table with "
        "kode_bps, wilayah and tahun."
    ),
    "errd_b_codes_code": "value {value} is not a four-digit BPS code.",
    "errd_b_kemendagri": (
        "{code} {name}: {n} Kemendagri names match ({found}); expected exactly one."
    ),
    "errd_b_none": "none",
    "errd_b_rev_legend": (
        "code region, indicator period year: old value -> new value (trust grade and source of "
        "the old value)"
    ),
    "errd_b_rev_more": "and {n} more",
    "errd_b_out_same_file": (
        "{file}: already imported on {date} as {vintage} (same SHA-256 {sha}); nothing written."
    ),
    "errd_b_out_same_figures": (
        "{file}: every figure is already in {vintage} (imported {date} from {source}) with the "
        "same value; nothing written."
    ),
    "errd_b_out_written": (
        "{file}: imported {rows} figures ({indicators}; {years}; {regions} regions) into {path}"
        "{confirmed}."
    ),
    "errd_b_out_confirmed": "; revisions confirmed: {n}, the newer values take precedence",
    "errd_b_record": (
        "{file}: not a readable import record ({reason}); expected the JSON written with its "
        "vintage by make data-import."
    ),
}

TEXT: dict[str, dict[str, str]] = {
    "id": {**_ID_PARAMS, **_ID_DATA, **_ID_NAMES, **_ID_IMPORT},
    "en": {**_EN_PARAMS, **_EN_DATA, **_EN_NAMES, **_EN_IMPORT},
}

ANNEX: dict[str, dict[str, str]] = {
    "id": {},
    "en": {},
}
