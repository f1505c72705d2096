"""Catalogue texts of error messages about the user's files (tables, sheets, YAML, maps).

Each message names the file, row, column or field and what was expected, never a personal value;
`analysis.labels.both` (or `analysis.userfiles.message`, which renders a file's label in each
language) gives it in Indonesian and then English. Merged into `analysis.labels.CATALOGUE` (keys
must not repeat another part's); same keys and ``str.format`` fields in both languages.
"""

TEXT: dict[str, dict[str, str]] = {
    "id": {
        # --- naming a file, a sheet, a row, a column, a value
        "errf_boundaries_file": "berkas batas desa pengguna",
        "errf_intervention_file": "berkas intervensi pengguna",
        "errf_label": "{label}",
        "errf_place_sheet": "{file} (lembar '{sheet}')",
        "errf_place_sheet_n": "{file} (lembar ke-{number})",
        "errf_at_row": "{file}, baris {row}",
        "errf_at_column": "{file}, baris {row}, kolom {column}",
        "errf_column_n": "ke-{number}",
        "errf_column_part": ", kolom {column}",
        "errf_text_hidden": "(sebuah teks, tidak ditampilkan)",
        "errf_no_suffix": "tanpa akhiran",
        # --- why a workbook could not be opened, in the message's language
        "errf_xlsxp_not_zip": "bukan arsip zip seperti setiap berkas .xlsx; mungkin berkas .xls "
        "lama atau CSV yang diberi akhiran .xlsx",
        "errf_xlsxp_no_workbook": "arsip zip tanpa bagian buku kerja Excel",
        # --- Python's csv problems, in the message's language (English keeps csv's words)
        "errf_csvp_end": "berkas berakhir di dalam sel bertanda kutip yang belum ditutup",
        "errf_csvp_after_quote": "setelah tanda kutip penutup diharapkan {separator}",
        "errf_csvp_nul": "baris memuat karakter NUL",
        # --- PyYAML's problems, in the message's language (the English keeps PyYAML's words)
        "errf_yamlp_mapping": "tanda ':' di tempat yang tidak diharapkan: periksa indentasi "
        "baris ini, atau beri tanda kutip pada nilai yang memuat ': '",
        "errf_yamlp_tab": "karakter tab tidak boleh dipakai untuk indentasi; gunakan spasi",
        "errf_yamlp_character": "karakter {found} tidak dapat mengawali sebuah nilai; beri "
        "tanda kutip pada nilainya",
        "errf_yamlp_unclosed": "berkas berakhir sebelum tanda kutip ditutup",
        "errf_yamlp_node": "sebuah nilai diharapkan, tetapi ditemukan {found}",
        "errf_yamlp_flow": "diharapkan ',' atau '{close}', tetapi ditemukan {found}",
        "errf_yamlp_block": "indentasi atau isi baris tidak sesuai: akhir blok diharapkan, "
        "tetapi ditemukan {found}",
        "errf_yamlp_escape": "karakter escape '\\{found}' tidak dikenal dalam tanda kutip ganda; "
        "gunakan tanda kutip tunggal",
        # --- why the system refused a file (errno), in the message's language
        "errf_os_eacces": "akses ditolak",
        "errf_os_eperm": "operasi tidak diizinkan",
        "errf_os_erofs": "sistem berkas hanya-baca",
        "errf_os_enospc": "ruang disk habis",
        "errf_os_edquot": "kuota disk terlampaui",
        "errf_os_enoent": "berkas atau folder tidak ada",
        "errf_os_eisdir": "ini folder, bukan berkas",
        "errf_os_enotdir": "sebagian jalurnya bukan folder",
        "errf_os_eio": "galat baca/tulis perangkat",
        "errf_os_emfile": "terlalu banyak berkas terbuka",
        "errf_os_enametoolong": "nama berkas terlalu panjang",
        "errf_os_eloop": "terlalu banyak tautan simbolik berantai",
        "errf_written_as": " (ditulis sebagai {first} dan {second})",
        "errf_optional": " (opsional: {columns})",
        "errf_separated": ", dipisahkan koma, titik koma atau tab",
        "errf_kind_csv": "tabel CSV",
        "errf_kind_xlsx": "tabel XLSX",
        # --- what a file should be
        "errf_expect_table": "diharapkan berkas CSV atau XLSX",
        "errf_expect_geojson": "diharapkan berkas GeoJSON",
        "errf_expect_yaml": "diharapkan berkas parameter YAML",
        # --- the file's status (userfiles)
        "errf_not_found": "{file}: berkas tidak ditemukan; {expected}.",
        "errf_os_error": "{file}: tidak dapat dibaca ({reason}); {expected}.",
        "errf_folder": "{file}: ini sebuah folder, bukan berkas; {expected}.",
        "errf_kind_fifo": "sebuah pipa (FIFO)",
        "errf_kind_device": "sebuah perangkat atau soket",
        "errf_not_regular": "{file}: ini {kind}, bukan berkas biasa, dan tidak pernah dibaca "
        "(dapat menghentikan pembuatan brief atau memenuhi memori); {expected}.",
        "errf_too_large": "{file}: {size} bita, melebihi batas {limit}; {expected}.",
        "errf_user_not_regular": "{file}: bukan berkas biasa (folder, perangkat atau pipa tidak "
        "pernah dibaca); diharapkan berkas CSV, XLSX atau GeoJSON di village_data.",
        "errf_user_too_large": "{file}: {size} bita, melebihi batas {limit}; diharapkan data "
        "agregat desa (satu baris per desa dan tahun).",
        "errf_timeout": "{file}: pembacaan berkas melebihi batas waktu {seconds} detik (berkas di "
        "drive jaringan yang tidak menjawab?); diharapkan berkas lokal yang dapat dibaca. Batas "
        "waktu dapat diubah dengan variabel lingkungan {variable} (detik; 0 = tanpa batas).",
        "errf_timeout_setting": "variabel lingkungan {variable}: nilai '{value}' bukan jumlah "
        "detik; diharapkan angka 0 atau lebih, misalnya 120 (0 = tanpa batas waktu).",
        # --- workbooks
        "errf_not_workbook": "{file}: tidak dapat dibaca sebagai buku kerja Excel ({reason}); "
        "diharapkan berkas .xlsx yang disimpan oleh Excel atau LibreOffice.",
        "errf_unsaved_formula": "{file}, baris {row}, kolom {column}: sel berisi rumus {formula} "
        "tanpa nilai tersimpan (berkas ditulis oleh program yang tidak menghitung rumus); "
        "diharapkan nilai: buka berkas di Excel atau LibreOffice lalu simpan lagi, atau ganti "
        "rumus dengan nilainya (Salin, lalu Tempel Spesial > Nilai).",
        "errf_hidden_header": "{sheet}: baris judul kolom ada di lembar tersembunyi, dan lembar "
        "tersembunyi tidak pernah dibaca (sering berupa salinan lama); diharapkan data di lembar "
        "yang tampak: tampilkan lembar itu (klik kanan tab lembar > Unhide) atau salin nilainya "
        "ke lembar yang tampak.",
        "errf_no_sheet_header": "{file}: tidak ada lembar (dari {sheets}) yang memiliki baris "
        "judul kolom dengan kolom {columns} dalam {rows} baris pertamanya; diharapkan satu lembar "
        "dengan baris judul kolom seperti itu.",
        # --- tables
        "errf_unknown_type": "{file}: jenis berkas '{suffix}' tidak dikenal{advice}; diharapkan "
        "berkas CSV atau XLSX.",
        "errf_xls_advice": " (simpan lagi buku kerja .xls sebagai .xlsx)",
        "errf_empty": "{file}: berkas kosong; diharapkan {kind} dengan baris judul kolom yang "
        "memuat kolom {columns}.",
        "errf_workbook_as_csv": "{file}: berkas ini buku kerja Excel (XLSX) dengan akhiran "
        "{suffix}; diharapkan berkas teks CSV: beri berkas akhiran .xlsx, atau simpan lagi "
        "sebagai 'CSV UTF-8'.",
        "errf_utf16": "{file}, baris 1: berkas berupa teks UTF-16 ('{name}' Excel); "
        "diharapkan berkas UTF-8: simpan lagi sebagai 'CSV UTF-8' (Excel: Save As > CSV UTF-8).",
        "errf_not_utf8": "{file}, baris {row}{column}: nilai {value} bukan teks UTF-8 (bita "
        "{byte}); diharapkan berkas UTF-8. Berkas kemungkinan disimpan sebagai Latin-1 atau "
        "Windows-1252: simpan lagi sebagai 'CSV UTF-8' (Excel: Save As > CSV UTF-8).",
        "errf_cell_too_long": "{file}, baris {row}: sebuah sel lebih panjang dari {limit} "
        "karakter (baris diawali {start}); diharapkan sel pendek (kode, tahun, jumlah). Teks "
        'panjang yang ditempel ke sel, atau tanda kutip (") yang dibuka dan tidak ditutup, '
        "membuat sel seperti itu.",
        "errf_csv_unreadable": "{file}, baris {row}: CSV tidak dapat dibaca ({reason}; baris "
        'diawali {start}); diharapkan setiap tanda kutip (") ditutup di sel yang sama.',
        "errf_header_lacks": "{file}, baris {row}: baris judul kolom tidak memuat kolom "
        "{missing}; diharapkan kolom {columns}{optional}.",
        "errf_no_header": "{file}, baris 1: tidak ada baris judul kolom dengan kolom {columns} "
        "dalam {rows} baris pertama (baris 1 berbunyi {first}); diharapkan baris judul kolom "
        "yang memuat kolom {columns}{optional}{separated} (baris judul di atasnya boleh).",
        "errf_header_twice": "{file}, baris {row}: baris judul kolom memuat kolom {column} dua "
        "kali{written}; diharapkan setiap kolom sekali.",
        "errf_row_problem": "{place}: {problem}",
        "errf_value_outside": "baris ini memiliki nilai {value} di kolom {number}, di kanan "
        "{width} kolom baris judul; diharapkan setiap nilai di bawah kolom yang bernama",
        "errf_too_many_cells": "baris ini memiliki {cells} sel, sedangkan baris judul memiliki "
        "{width} kolom (baris diawali {start}); kemungkinan sebuah nilai memuat '{separator}' "
        "tanpa tanda kutip (koma desimal seperti 11,5 atau teks seperti 'BPS, Jawa Tengah'). "
        'Diharapkan nilai seperti itu dalam tanda kutip ("11,5").',
        "errf_bad_number": "{place}: nilai {value} {problem}; diharapkan angka biasa dengan titik "
        "desimal dan tanpa pemisah ribuan, seperti 11.25 atau 302735.",
        "errf_other_digits": "ditulis dengan angka selain 0-9 (angka Arab-Indik atau lebar penuh)",
        "errf_ambiguous": "bermakna ganda: dapat dibaca {digits} dengan pemisah ribuan atau "
        "{decimal} dengan pemisah desimal",
        "errf_thousands": "ditulis dengan pemisah ribuan",
        "errf_not_number": "bukan angka",
        "errf_mixed_decimals": "{place}: nilai {value} memakai koma desimal, sedangkan baris "
        "{row} ({other}) memakai titik desimal; diharapkan satu cara untuk seluruh kolom (titik "
        "desimal, seperti 11.25).",
        "errf_yaml_alias": "{file}, baris {line}: anchor dan alias YAML (&nama, *nama) tidak "
        "diizinkan dalam berkas parameter; diharapkan setiap nilai ditulis lengkap.",
        "errf_yaml_twice": "{file}, baris {line}: kunci '{key}' muncul dua kali (pertama di baris "
        "{first}){values}; diharapkan setiap kunci sekali, agar tidak ada nilai yang tertimpa "
        "diam-diam.",
        "errf_yaml_values": " (nilai {first} dan {second})",
        "errf_yaml_date": "{file}, baris {line}: nilai {value} bukan tanggal yang sah; "
        "diharapkan TTTT-BB-HH seperti 2025-11-27.",
        "errf_yaml_empty": "{file}: berkas kosong; diharapkan baris 'kunci: nilai' seperti di "
        "params/klaten.yml.",
        "errf_yaml_not_mapping": "{file}: diharapkan pemetaan parameter (baris 'kunci: nilai'), "
        "ditemukan {kind} ({value}).",
        "errf_yaml_list": "sebuah daftar",
        "errf_yaml_str": "sebuah teks",
        "errf_yaml_int": "sebuah bilangan bulat",
        "errf_yaml_float": "sebuah angka desimal",
        "errf_yaml_bool": "sebuah nilai ya/tidak",
        "errf_yaml_not_utf8": "{file}, baris {line}: bukan teks UTF-8 (bita {byte} dalam "
        "{text}); diharapkan berkas UTF-8 (simpan lagi sebagai UTF-8).",
        "errf_yaml_where": ", baris {line}, kolom {column}",
        "errf_yaml_invalid": "{file}{where}: bukan YAML yang sah ({problem}); diharapkan baris "
        "'kunci: nilai' seperti di params/klaten.yml.",
        "errf_yaml_value": "{file}: sebuah nilai tidak dapat dibaca ({reason}); diharapkan "
        "tanggal (TTTT-BB-HH) dan angka yang sah.",
        "errf_yaml_deep": "{file}: bersarang terlalu dalam untuk dibaca; diharapkan baris "
        "'kunci: nilai' seperti di params/klaten.yml.",
        "errf_geo_no_polygon": "geometri bukan Polygon atau MultiPolygon",
        "errf_geo_type": "jenis geometri {kind} bukan Polygon atau MultiPolygon",
        "errf_geo_rings": "koordinat bukan daftar cincin (ring) seperti milik sebuah {kind}",
        "errf_geo_vertex": "titik sudut {vertex} bukan pasangan angka [x, y]",
        "errf_geo_infinite": "titik sudut {vertex} bukan pasangan angka yang terhingga",
        "errf_geo_deep": "bersarang terlalu dalam",
        "errf_geo_unreadable": "{file}: bukan berkas GeoJSON yang dapat dibaca ({reason}); "
        "diharapkan FeatureCollection GeoJSON dalam UTF-8.",
        "errf_geo_no_features": "{file}: diharapkan FeatureCollection GeoJSON dengan 'features'.",
        "errf_geo_not_feature": "{file}, fitur {number}: {kind}, bukan Feature GeoJSON; "
        "diharapkan objek dengan 'properties' dan 'geometry'.",
        "errf_geo_properties": "{file}, fitur {number}: 'properties' berupa {kind}; diharapkan "
        "objek dengan salah satu dari {fields}.",
        "errf_geo_geometry": "{file}, fitur {number} ({code}), 'geometry': {problem}; "
        "diharapkan Polygon atau MultiPolygon dengan titik sudut [bujur, lintang].",
        "errf_geo_no_code": "{file}, fitur {number}: tidak ada kode desa di properties; "
        "diharapkan salah satu dari {fields}.",
        "errf_geo_unknown_code": "{file}, fitur {number}, properti '{field}': nilai {value} bukan "
        "kode desa resmi kabupaten ini.",
        "errf_geo_twice": "{file}, fitur {number}, properti '{field}': desa {code} muncul dua "
        "kali; diharapkan satu fitur per desa.",
        "errf_geo_list": "sebuah daftar",
        "errf_geo_str": "sebuah teks",
        "errf_geo_null": "null",
        "errf_geo_value": "sebuah {kind}",
        "errf_personal_columns": "{file}: kolom {columns} tampak seperti identitas pribadi (NIK, "
        "nama orang, alamat, nomor KK atau telepon, e-mail, tanggal lahir). Alat ini hanya "
        "menerima data agregat desa: hapus kolom tersebut dari berkas (dan jangan bagikan data "
        "pribadi itu), lalu coba lagi.",
        # --- village file: cells (village_cells) and the panel (villages)
        "errf_vc_row": "baris {row}",
        "errf_vc_row_index": "baris indeks {index}",
        "errf_vc_more": "... dan {n} lainnya",
        "errf_vc_count_empty": "{row}, kolom '{column}': sel kosong; diharapkan bilangan bulat "
        "(0 bila tidak ada)",
        "errf_vc_count_other_digits": "{row}, kolom '{column}': nilai {value} ditulis dengan "
        "angka selain 0-9 (angka Arab-Indik atau lebar penuh); diharapkan bilangan bulat "
        "seperti 12",
        "errf_vc_count_ambiguous": "{row}, kolom '{column}': nilai {value} memuat pemisah ribuan "
        "atau tanda desimal yang tidak dapat dibedakan; diharapkan angka saja, seperti 1234 "
        "(ditolak, tidak ditebak)",
        "errf_vc_count_thousands": "{row}, kolom '{column}': nilai {value} memuat pemisah "
        "ribuan; diharapkan angka saja, seperti 1234 (ditolak, tidak ditebak)",
        "errf_vc_count_comma_decimal": "{row}, kolom '{column}': nilai {value} memuat koma "
        "desimal; jumlah keluarga adalah bilangan bulat seperti 12 (ditolak, tidak dibulatkan)",
        "errf_vc_count_plain": "{row}, kolom '{column}': nilai {value} bukan bilangan bulat; "
        "diharapkan misalnya 12",
        "errf_vc_count_not_number": "{row}, kolom '{column}': nilai {value} bukan angka; "
        "diharapkan bilangan bulat seperti 12",
        "errf_vc_counts_whole": "jumlah keluarga harus bilangan bulat (0 bila tidak ada):",
        "errf_vc_count_large": "{row}, kolom '{column}': nilai {value} lebih dari {limit} "
        "keluarga dalam satu desa; diharapkan jumlah keluarga desa itu",
        "errf_vc_counts_plausible": "jumlah keluarga harus masuk akal:",
        "errf_vc_other_digits": "ditulis dengan angka selain 0-9 (angka Arab-Indik atau lebar "
        "penuh)",
        "errf_vc_year_date": "berupa tanggal, bukan tahun (sel diformat sebagai tanggal: "
        "formatlah sebagai angka)",
        "errf_vc_not_year": "bukan tahun",
        "errf_vc_year_bad": "{row}, kolom '{column}': nilai {value} {why}; diharapkan empat angka "
        "seperti 2025",
        "errf_vc_year_range": "{row}, kolom '{column}': tahun {year} di luar {first}-{last}",
        "errf_vc_years_needed": "setiap baris memerlukan tahun data:",
        "errf_vc_code_bad": "{row}, kolom 'village_code': nilai {value} bukan kode desa "
        "Kemendagri seperti 33.10.03.2009 (tulis sebagai teks agar Excel mempertahankan titiknya)",
        "errf_vc_codes_needed": "setiap baris memerlukan kode desa:",
        "errf_vc_lokus_bad": "{row}, kolom 'lokus': nilai {value} bukan 1, 0 atau kosong",
        "errf_vc_lokus": "lokus menandai desa prioritas:",
        "errf_vil_not_official": "tidak ada dalam daftar resmi",
        "errf_vil_other_regency": "{file}: ini berkas desa untuk kabupaten {code} ({name}): "
        "seluruh {n} baris memiliki kode di luar {own}. Pilih berkas untuk {own}, atau buat "
        "brief kabupaten {code}.",
        "errf_vil_code_foreign": "{row}, kolom 'village_code': {code} termasuk kabupaten "
        "{regency} ({name})",
        "errf_vil_codes_belong": "kode desa harus termasuk {own}:",
        "errf_vil_code_unknown": "{row}, kolom 'village_code': {code} bukan desa resmi {regency}",
        "errf_vil_codes_official": "kode desa harus ada dalam daftar resmi Kemendagri "
        "(idn-area-data):",
        "errf_vil_rows": "baris {rows}",
        "errf_vil_rows_index": "baris indeks {rows}",
        "errf_vil_dup": "{rows}: desa {code} muncul {n} kali untuk tahun {year}",
        "errf_vil_one_row": "diharapkan satu baris per desa dan tahun:",
        "errf_vil_missing_years": "desa {code} tidak memiliki baris untuk {years}",
        "errf_vil_span": "berkas mencakup {first}-{last}; diharapkan satu baris per desa untuk "
        "setiap tahun dalam rentang itu (tahun tanpa data untuk desa mana pun boleh dihapus dari "
        "seluruh berkas):",
        "errf_vil_negative": "{row}, kolom '{column}': nilai {value} negatif; diharapkan 0 atau "
        "lebih",
        "errf_vil_negatives": "jumlah keluarga tidak boleh negatif:",
        "errf_vil_part_larger": "{row}, kolom '{part}': nilai {value} lebih besar dari "
        "'{whole}' ({total}) desa {code}, {year}; diharapkan {part} <= {whole}",
        "errf_vil_parts": "bagian tidak boleh melebihi totalnya (desil 1 <= desil 1-4 <= "
        "{column}; setiap indikator <= {column}):",
        "errf_vil_missing_columns": "{file}: kolom {missing} tidak ada; diharapkan {columns}.",
        "errf_vil_no_rows": "{file}: tabel memiliki baris judul kolom tetapi tidak ada baris "
        "data; diharapkan satu baris per desa dan tahun.",
        "errf_vil_no_families": "{file}: tidak ada desa dengan {column} > 0 pada {year}, tahun "
        "terakhir berkas (kolom '{column}' bernilai 0 di setiap baris tahun itu); diharapkan "
        "jumlah keluarga tahun itu, atau tahun itu dihapus dari berkas.",
        "errf_vil_too_old": "{file}, kolom '{column}': data desa mencakup {first}-{latest}, "
        "sedangkan tahun P0 terakhir brief (latest_data_year) adalah {year}; diharapkan data desa "
        "tahun {oldest} atau sesudahnya, agar desa prioritas mutakhir (daftar tahun {latest} "
        "akan tampil sebagai daftar tahun ini).",
        "errf_vil_after_meeting": "{file}, kolom '{column}': data desa mencapai {latest}, sesudah "
        "tanggal rapat ({date}); diharapkan tahun paling lambat {year}.",
        "errf_vil_lokus_count": "{file}: isian 'village_data.lokus_count' (nilai {value}) lebih "
        "dari {n} desa yang memiliki keluarga pada {year} di berkas desa; diharapkan paling "
        "banyak {n} (berkas mungkin tidak memuat semua desa kabupaten ini).",
    },
    "en": {
        "errf_boundaries_file": "user's boundaries file",
        "errf_intervention_file": "user's intervention file",
        "errf_label": "{label}",
        "errf_place_sheet": "{file} (sheet '{sheet}')",
        "errf_place_sheet_n": "{file} (sheet {number})",
        "errf_at_row": "{file}, row {row}",
        "errf_at_column": "{file}, row {row}, column {column}",
        "errf_column_n": "{number}",
        "errf_column_part": ", column {column}",
        "errf_text_hidden": "(a text, not shown)",
        "errf_no_suffix": "missing",
        # --- why a workbook could not be opened, in the message's language
        "errf_xlsxp_not_zip": "not a zip archive as every .xlsx file is; perhaps an old .xls "
        "file or a CSV named .xlsx",
        "errf_xlsxp_no_workbook": "a zip archive without the parts of an Excel workbook",
        # --- Python's csv problems, in the message's language (English keeps csv's words)
        "errf_csvp_end": "unexpected end of data",
        "errf_csvp_after_quote": "{separator} expected after '\"'",
        "errf_csvp_nul": "line contains NUL",
        # --- PyYAML's problems, in the message's language (the English keeps PyYAML's words)
        "errf_yamlp_mapping": "mapping values are not allowed here",
        "errf_yamlp_tab": "found character '\\t' that cannot start any token",
        "errf_yamlp_character": "found character {found} that cannot start any token",
        "errf_yamlp_unclosed": "found unexpected end of stream",
        "errf_yamlp_node": "expected the node content, but found {found}",
        "errf_yamlp_flow": "expected ',' or '{close}', but got {found}",
        "errf_yamlp_block": "expected <block end>, but found {found}",
        "errf_yamlp_escape": "found unknown escape character '{found}'",
        # --- why the system refused a file (errno), in the message's language
        "errf_os_eacces": "permission denied",
        "errf_os_eperm": "operation not permitted",
        "errf_os_erofs": "read-only file system",
        "errf_os_enospc": "no space left on device",
        "errf_os_edquot": "disk quota exceeded",
        "errf_os_enoent": "no such file or directory",
        "errf_os_eisdir": "is a folder, not a file",
        "errf_os_enotdir": "part of the path is not a folder",
        "errf_os_eio": "device input/output error",
        "errf_os_emfile": "too many open files",
        "errf_os_enametoolong": "file name too long",
        "errf_os_eloop": "too many levels of symbolic links",
        "errf_written_as": " (as {first} and {second})",
        "errf_optional": " (optional: {columns})",
        "errf_separated": ", separated by commas, semicolons or tabs",
        "errf_kind_csv": "a CSV table",
        "errf_kind_xlsx": "an XLSX table",
        "errf_expect_table": "expected a CSV or XLSX file",
        "errf_expect_geojson": "expected a GeoJSON file",
        "errf_expect_yaml": "expected a YAML parameters file",
        "errf_not_found": "{file}: file not found; {expected}.",
        "errf_os_error": "{file}: cannot be read ({reason}); {expected}.",
        "errf_folder": "{file}: is a folder, not a file; {expected}.",
        "errf_kind_fifo": "a pipe (FIFO)",
        "errf_kind_device": "a device or socket",
        "errf_not_regular": "{file}: is {kind}, not a regular file, and is never read (it could "
        "block the build or fill the memory); {expected}.",
        "errf_too_large": "{file}: {size} bytes, more than the limit of {limit}; {expected}.",
        "errf_user_not_regular": "{file}: not a regular file (a folder, device or pipe is never "
        "read); expected a CSV, XLSX or GeoJSON file in village_data.",
        "errf_user_too_large": "{file}: {size} bytes, more than the limit of {limit}; expected "
        "village aggregates (one row per village and year).",
        "errf_timeout": "{file}: reading the file took longer than the limit of {seconds} seconds "
        "(a file on a network drive that does not answer?); expected a readable local file. The "
        "limit is set by the environment variable {variable} (seconds; 0 = no limit).",
        "errf_timeout_setting": "environment variable {variable}: value '{value}' is not a number "
        "of seconds; expected a number of 0 or more, such as 120 (0 = no time limit).",
        "errf_not_workbook": "{file}: cannot be read as an Excel workbook ({reason}); expected an "
        ".xlsx file saved by Excel or LibreOffice.",
        "errf_unsaved_formula": "{file}, row {row}, column {column}: the cell holds the formula "
        "{formula} without a saved value (the file was written by a program that does not "
        "compute formulas); expected values: open the file in Excel or LibreOffice and save it "
        "again, or replace the formulas by their values (Copy, then Paste Special > Values).",
        "errf_hidden_header": "{sheet}: the header row is on a hidden sheet, and hidden sheets "
        "are never read (a hidden sheet is often an old copy); expected the data on a visible "
        "sheet: unhide it (right-click a sheet tab > Unhide) or copy its values to a visible "
        "sheet.",
        "errf_no_sheet_header": "{file}: no sheet (of {sheets}) has a header row with the columns "
        "{columns} in its first {rows} rows; expected one sheet with such a header row.",
        "errf_unknown_type": "{file}: unknown file type '{suffix}'{advice}; expected a CSV or "
        "XLSX file.",
        "errf_xls_advice": " (save an .xls workbook again as .xlsx)",
        "errf_empty": "{file}: the file is empty; expected {kind} with a header row naming the "
        "columns {columns}.",
        "errf_workbook_as_csv": "{file}: the file is an Excel workbook (XLSX) with a {suffix} "
        "suffix; expected a CSV text file: give the file the suffix .xlsx, or save it again as "
        "'CSV UTF-8'.",
        "errf_utf16": "{file}, row 1: the file is UTF-16 text (Excel's '{name}'); expected "
        "a UTF-8 file: save it again as 'CSV UTF-8' (Excel: Save As > CSV UTF-8).",
        "errf_not_utf8": "{file}, row {row}{column}: value {value} is not UTF-8 text (byte "
        "{byte}); expected a UTF-8 file. It was probably saved as Latin-1 or Windows-1252: save "
        "it again as 'CSV UTF-8' (Excel: Save As > CSV UTF-8).",
        "errf_cell_too_long": "{file}, row {row}: a cell is longer than {limit} characters (the "
        "row starts {start}); expected short cells (codes, years, counts). A long text pasted "
        'into a cell, or a quote (") opened and never closed, makes such a cell.',
        "errf_csv_unreadable": "{file}, row {row}: the CSV cannot be read ({reason}; the row "
        'starts {start}); expected every quote (") to be closed in the same cell.',
        "errf_header_lacks": "{file}, row {row}: the header lacks the columns {missing}; expected "
        "the columns {columns}{optional}.",
        "errf_no_header": "{file}, row 1: no header row with the columns {columns} in the first "
        "{rows} rows (row 1 reads {first}); expected a header row naming the columns "
        "{columns}{optional}{separated} (title rows above it are allowed).",
        "errf_header_twice": "{file}, row {row}: the header names column {column} twice"
        "{written}; expected each column once.",
        "errf_row_problem": "{place}: {problem}",
        "errf_value_outside": "the row has a value {value} in column {number}, right of the "
        "header's {width} columns; expected every value under a named column",
        "errf_too_many_cells": "the row has {cells} cells but the header has {width} columns "
        "(the row starts {start}); a value probably contains an unquoted '{separator}' (a "
        "decimal comma such as 11,5 or a text such as 'BPS, Jawa Tengah'). Expected such values "
        'in quotes ("11,5").',
        "errf_bad_number": "{place}: value {value} is {problem}; expected a plain number with a "
        "decimal point and no thousands separator, such as 11.25 or 302735.",
        "errf_other_digits": "written with digits other than 0-9 (Arabic-Indic or full-width "
        "digits)",
        "errf_ambiguous": "ambiguous: it reads as {digits} with a thousands separator or as "
        "{decimal} with a decimal separator",
        "errf_thousands": "written with a thousands separator",
        "errf_not_number": "not a number",
        "errf_mixed_decimals": "{place}: value {value} uses a decimal comma while row {row} "
        "({other}) uses a decimal point; expected one convention for the whole column (a decimal "
        "point, such as 11.25).",
        "errf_yaml_alias": "{file}, line {line}: YAML anchors and aliases (&name, *name) are not "
        "allowed in a parameters file; expected each value written out.",
        "errf_yaml_twice": "{file}, line {line}: key '{key}' appears twice (first on line "
        "{first}){values}; expected each key once, so that no value is silently overwritten.",
        "errf_yaml_values": " (values {first} and {second})",
        "errf_yaml_date": "{file}, line {line}: value {value} is not a valid date; expected "
        "YYYY-MM-DD such as 2025-11-27.",
        "errf_yaml_empty": "{file}: the file is empty; expected 'key: value' lines as in "
        "params/klaten.yml.",
        "errf_yaml_not_mapping": "{file}: expected a mapping of parameters ('key: value' lines), "
        "found {kind} ({value}).",
        "errf_yaml_list": "a list",
        "errf_yaml_str": "a str",
        "errf_yaml_int": "an int",
        "errf_yaml_float": "a float",
        "errf_yaml_bool": "a bool",
        "errf_yaml_not_utf8": "{file}, line {line}: not UTF-8 text (byte {byte} in {text}); "
        "expected a UTF-8 file (save it again as UTF-8).",
        "errf_yaml_where": ", line {line}, column {column}",
        "errf_yaml_invalid": "{file}{where}: not valid YAML ({problem}); expected 'key: value' "
        "lines as in params/klaten.yml.",
        "errf_yaml_value": "{file}: a value cannot be read ({reason}); expected valid dates "
        "(YYYY-MM-DD) and numbers.",
        "errf_yaml_deep": "{file}: nested too deeply to read; expected 'key: value' lines as in "
        "params/klaten.yml.",
        "errf_geo_no_polygon": "geometry is not a Polygon or MultiPolygon",
        "errf_geo_type": "geometry type {kind} is not a Polygon or MultiPolygon",
        "errf_geo_rings": "the coordinates are not a list of rings as a {kind} has",
        "errf_geo_vertex": "a vertex {vertex} is not a pair of numbers [x, y]",
        "errf_geo_infinite": "a vertex {vertex} is not a pair of finite numbers",
        "errf_geo_deep": "nested too deeply",
        "errf_geo_unreadable": "{file}: not a readable GeoJSON file ({reason}); expected a "
        "GeoJSON FeatureCollection in UTF-8.",
        "errf_geo_no_features": "{file}: expected a GeoJSON FeatureCollection with 'features'.",
        "errf_geo_not_feature": "{file}, feature {number}: {kind}, not a GeoJSON Feature; "
        "expected an object with 'properties' and 'geometry'.",
        "errf_geo_properties": "{file}, feature {number}: 'properties' is {kind}; expected an "
        "object with one of {fields}.",
        "errf_geo_geometry": "{file}, feature {number} ({code}), 'geometry': {problem}; expected a "
        "Polygon or MultiPolygon with [longitude, latitude] vertices.",
        "errf_geo_no_code": "{file}, feature {number}: no village code in properties; expected "
        "one of {fields}.",
        "errf_geo_unknown_code": "{file}, feature {number}, property '{field}': value {value} is "
        "not an official village code of this regency.",
        "errf_geo_twice": "{file}, feature {number}, property '{field}': village {code} appears "
        "twice; expected one feature per village.",
        "errf_geo_list": "a list",
        "errf_geo_str": "a str",
        "errf_geo_null": "null",
        "errf_geo_value": "a {kind}",
        "errf_personal_columns": "{file}: columns {columns} look like personal identifiers (NIK, "
        "names of people, addresses, family-card or phone numbers, e-mail, birth dates). This "
        "tool takes village aggregates only: delete those columns from the file (and do not "
        "share the personal data), then try again.",
        "errf_vc_row": "row {row}",
        "errf_vc_row_index": "row index {index}",
        "errf_vc_more": "... and {n} more",
        "errf_vc_count_empty": "{row}, column '{column}': the cell is empty; expected a whole "
        "number (0 if none)",
        "errf_vc_count_other_digits": "{row}, column '{column}': value {value} is written with "
        "digits other than 0-9 (Arabic-Indic or full-width digits); expected a whole number such "
        "as 12",
        "errf_vc_count_ambiguous": "{row}, column '{column}': value {value} has a thousands "
        "separator or a decimal mark that cannot be told apart; expected digits only, such as "
        "1234 (refused, not guessed)",
        "errf_vc_count_thousands": "{row}, column '{column}': value {value} has a thousands "
        "separator; expected digits only, such as 1234 (refused, not guessed)",
        "errf_vc_count_comma_decimal": "{row}, column '{column}': value {value} has a decimal "
        "comma; a count of families is a whole number such as 12 (refused, not rounded)",
        "errf_vc_count_plain": "{row}, column '{column}': value {value} is not a whole number; "
        "expected e.g. 12",
        "errf_vc_count_not_number": "{row}, column '{column}': value {value} is not a number; "
        "expected a whole number such as 12",
        "errf_vc_counts_whole": "counts of families must be whole numbers (0 if none):",
        "errf_vc_count_large": "{row}, column '{column}': value {value} is more than {limit} "
        "families in one village; expected the village's count",
        "errf_vc_counts_plausible": "counts of families must be plausible:",
        "errf_vc_other_digits": "is written with digits other than 0-9 (Arabic-Indic or "
        "full-width digits)",
        "errf_vc_year_date": "is a date, not a year (the cell is formatted as a date: format it "
        "as a number)",
        "errf_vc_not_year": "is not a year",
        "errf_vc_year_bad": "{row}, column '{column}': value {value} {why}; expected four digits "
        "such as 2025",
        "errf_vc_year_range": "{row}, column '{column}': year {year} is outside {first}-{last}",
        "errf_vc_years_needed": "every row needs a data year:",
        "errf_vc_code_bad": "{row}, column 'village_code': value {value} is not a Kemendagri "
        "village code such as 33.10.03.2009 (write it as text so that Excel keeps the dots)",
        "errf_vc_codes_needed": "every row needs a village code:",
        "errf_vc_lokus_bad": "{row}, column 'lokus': value {value} is not 1, 0 or empty",
        "errf_vc_lokus": "lokus marks priority villages:",
        "errf_vil_not_official": "not in the official list",
        "errf_vil_other_regency": "{file}: this is a village file for regency {code} ({name}): "
        "all {n} rows have codes outside {own}. Choose the file of {own}, or build the brief of "
        "regency {code}.",
        "errf_vil_code_foreign": "{row}, column 'village_code': {code} belongs to regency "
        "{regency} ({name})",
        "errf_vil_codes_belong": "village codes must belong to {own}:",
        "errf_vil_code_unknown": "{row}, column 'village_code': {code} is not an official village "
        "of {regency}",
        "errf_vil_codes_official": "village codes must be in the official Kemendagri list "
        "(idn-area-data):",
        "errf_vil_rows": "rows {rows}",
        "errf_vil_rows_index": "row indexes {rows}",
        "errf_vil_dup": "{rows}: village {code} appears {n} times for {year}",
        "errf_vil_one_row": "expected one row per village and year:",
        "errf_vil_missing_years": "village {code} has no row for {years}",
        "errf_vil_span": "the file covers {first}-{last}; expected one row per village for every "
        "year in that range (a year with no data for any village may be left out of the whole "
        "file instead):",
        "errf_vil_negative": "{row}, column '{column}': value {value} is negative; expected 0 or "
        "more",
        "errf_vil_negatives": "counts of families cannot be negative:",
        "errf_vil_part_larger": "{row}, column '{part}': value {value} is larger than '{whole}' "
        "({total}) of village {code}, {year}; expected {part} <= {whole}",
        "errf_vil_parts": "a part cannot exceed its total (decile 1 <= deciles 1-4 <= {column}; "
        "each "
        "indicator <= {column}):",
        "errf_vil_missing_columns": "{file}: missing columns {missing}; expected {columns}.",
        "errf_vil_no_rows": "{file}: the table has a header but no data rows; expected one row "
        "per village and year.",
        "errf_vil_no_families": "{file}: no village has {column} > 0 in {year}, the latest year "
        "of the file (column '{column}' is 0 in every row of that year); expected the counts of "
        "that year, or that year left out of the file.",
        "errf_vil_too_old": "{file}, column '{column}': the village data cover {first}-{latest}, "
        "but "
        "the brief's latest P0 year (latest_data_year) is {year}; expected village data of "
        "{oldest} or later, so that the priority villages are current (a list for {latest} would "
        "be shown as this year's).",
        "errf_vil_after_meeting": "{file}, column '{column}': the village data reach {latest}, "
        "after "
        "the meeting date ({date}); expected years up to {year}.",
        "errf_vil_lokus_count": "{file}: field 'village_data.lokus_count' (value {value}) is more "
        "than the {n} villages with families in {year} in the village file; expected at most {n} "
        "(the file may lack villages of this regency).",
    },
}

ANNEX: dict[str, dict[str, str]] = {
    "id": {},
    "en": {},
}
