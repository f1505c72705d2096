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
        "menjadi {number} dan kunci {after}; diharapkan titik desimal ({number}.{after}) atau nilai "
        "dalam tanda kutip"
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
        "number into {number} and a key {after}; expected a decimal point ({number}.{after}) or the "
        "value in quotes"
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

TEXT: dict[str, dict[str, str]] = {
    "id": {**_ID_PARAMS},
    "en": {**_EN_PARAMS},
}

ANNEX: dict[str, dict[str, str]] = {
    "id": {},
    "en": {},
}
