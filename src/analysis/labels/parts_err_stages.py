"""Catalogue texts of error messages about analysis stages refusing what they were given.

Each message names the file, row, column or field and what was expected, never a personal value;
`analysis.labels.both` gives it in Indonesian and then English. Merged into
`analysis.labels.CATALOGUE` (keys must not repeat another part's); same keys and ``str.format``
fields in both languages. Keys: ``errs_imp_*`` the impact estimator (`analysis.impact`),
``errs_pk_*`` the pockets stage, ``errs_fc_*`` the forecast, ``errs_syn_*`` the village generator.
The English text is the one the stages printed before the catalogue (tests match it).
"""

TEXT: dict[str, dict[str, str]] = {
    "id": {
        # impact: options
        "errs_imp_choice": "{name} harus salah satu dari {choices}; diberikan {value}",
        "errs_imp_n_boot": "n_boot harus bilangan bulat paling sedikit 99; diberikan {value}",
        "errs_imp_alpha": "alpha harus di antara 0 dan 0,5; diberikan {value}",
        "errs_imp_base_offset": "base_offset harus bilangan bulat paling sedikit 1; diberikan "
        "{value}",
        "errs_imp_outcomes_empty": "outcomes kosong: sebutkan paling sedikit satu kolom hasil",
        "errs_imp_outcomes_twice": "outcomes menyebut {repeated} lebih dari sekali; sebutkan "
        "setiap kolom sekali saja",
        # impact: the panel's roles of columns
        "errs_imp_role_required": "wajib",
        "errs_imp_role_cluster": "klaster",
        "errs_imp_role_covariate": "kovariat",
        "errs_imp_role_outcome": "hasil",
        "errs_imp_role_time": "waktu",
        "errs_imp_role_first_treated": "first_treated",
        "errs_imp_role_column": "data",
        "errs_imp_never": "tidak pernah",
        # impact: the panel
        "errs_imp_missing_column": "kolom {role} '{column}' tidak ada dalam panel; kolom yang "
        "tersedia: {available}",
        "errs_imp_not_numeric": "kolom {role} '{column}' harus berisi angka; ditemukan {value} "
        "pada {unit}={unit_value}, {time}={time_value}{hint}",
        "errs_imp_hint_never": "; tandai unit yang tidak pernah diintervensi dengan NaN, 0 atau "
        "inf",
        "errs_imp_infinite": "kolom {role} '{column}' memuat nilai tak hingga pada {where}; "
        "diharapkan angka terhingga",
        "errs_imp_one_cluster": "kolom klaster '{column}' hanya memuat satu klaster; diperlukan "
        "paling sedikit dua",
        "errs_imp_outcome_periods": "kolom hasil '{column}' hanya memiliki nilai pada kurang dari "
        "dua periode",
        "errs_imp_unbalanced": "tidak ada unit yang memiliki nilai '{column}' pada setiap periode "
        "{periods}; penduga memerlukan panel seimbang",
        "errs_imp_no_rows": "panel tidak memiliki baris",
        "errs_imp_unit_missing": "kolom unit '{column}' kosong pada baris {rows}",
        "errs_imp_time_missing": "kolom waktu '{column}' kosong pada {where}",
        "errs_imp_duplicates": "baris ganda untuk unit dan periode yang sama ({n} baris), "
        "misalnya {where}; diharapkan satu baris per '{unit}' dan '{time}'",
        "errs_imp_one_period": "kolom waktu '{column}' hanya memiliki satu periode; diperlukan "
        "paling sedikit dua",
        "errs_imp_cohort_varies": "kolom '{column}' berubah di dalam {unit}={unit_value} "
        "({seen}); setiap baris unit harus memuat satu periode awal intervensi yang sama: "
        "intervensi tidak dapat berhenti atau dimulai lagi ({n} unit terdampak)",
        "errs_imp_cluster_missing": "kolom klaster '{column}' kosong pada {where}",
        "errs_imp_cluster_varies": "kolom klaster '{column}' berubah di dalam {unit}={unit_value} "
        "(nilai {found}); setiap unit harus termasuk dalam satu klaster",
        "errs_imp_covariates_late": "kovariat diukur pada periode pertama {period}, tetapi "
        "sebagian unit tidak memiliki baris pada periode itu: {where}",
        "errs_imp_covariate_missing": "kolom kovariat '{column}' kosong pada periode pertama di "
        "{where}",
        "errs_imp_zero_never": "kolom '{column}' memakai 0 untuk unit yang tidak pernah "
        "diintervensi, tetapi periode panel mencakup {period}; tandai unit tersebut dengan NaN",
        "errs_imp_negative": "kolom '{column}' memuat periode awal intervensi negatif pada "
        "{where}; diharapkan sebuah periode, atau NaN/0/inf untuk yang tidak pernah diintervensi",
        "errs_imp_off_grid": "kolom '{column}' memuat periode awal intervensi {value} pada "
        "{unit}={unit_value}, yang bukan salah satu periode panel {periods}",
        "errs_imp_not_binary": "kolom '{column}' harus bernilai 0 atau 1; ditemukan {value} pada "
        "{unit}={unit_value}, {time}={time_value}",
        "errs_imp_switches_off": "kolom '{column}' kembali ke 0 untuk {unit}={unit_value}: "
        "bernilai 0 pada {time}={time_value} setelah sebelumnya 1; intervensi harus tetap "
        "berlaku setelah dimulai",
        # impact: the design
        "errs_imp_sample_one_cluster": "sampel estimasi hanya memuat unit dari satu klaster; "
        "diperlukan dua",
        "errs_imp_base_offset_periods": "base_offset={offset} memerlukan lebih dari {offset} "
        "periode; panel memiliki {n}",
        "errs_imp_cohort_no_data": "kolom '{column}' memuat periode awal intervensi {period}, "
        "periode tanpa data hasil; periode yang memiliki data: {periods}",
        "errs_imp_none_treated": "tidak ada unit yang diintervensi dalam periode panel: kolom "
        "'{column}' bernilai never/NaN/0 untuk setiap unit",
        "errs_imp_few_controls": "kohort yang pertama diintervensi pada {cohort} memiliki {n} "
        "unit kontrol pada periode {period}, terlalu sedikit untuk {k} kovariat; hapus kovariat "
        "atau tambah unit kontrol",
        "errs_imp_no_control": "kohort yang pertama diintervensi pada {cohort} ({column}="
        "{cohort}) tidak memiliki unit kontrol pada periode {period} dengan control='{control}': "
        "{why}; {fix} ({n} perbandingan kohort-periode terdampak)",
        "errs_imp_why_never": "tidak ada unit yang tidak pernah diintervensi",
        "errs_imp_fix_never": "pakai control='not_yet_treated' atau tambahkan unit yang tidak "
        "pernah diintervensi",
        "errs_imp_why_all": "setiap unit sudah diintervensi pada {period} dan tidak ada yang "
        "tidak pernah diintervensi",
        "errs_imp_fix_all": "tambahkan unit yang tidak pernah diintervensi, atau buang periode "
        "mulai {period} (kohort terakhir lalu tidak memiliki pembanding dan harus dibuang juga)",
        "errs_imp_covariates_periods": "kovariat diukur pada {period}, yang tidak dipakai dalam "
        "perbandingan, dan tersisa kurang dari dua periode sesudahnya; hapus kovariat",
        # pockets
        "errs_pk_no_year": "panel desa: tidak ada kolom 'year'; validasi dahulu dengan "
        "analysis.villages.validate_panel.",
        "errs_pk_missing_columns": "panel desa: kolom {columns} tidak ada; validasi dahulu "
        "dengan analysis.villages.validate_panel.",
        "errs_pk_no_rows": "panel desa: tidak ada baris untuk tahun {year}; panel memuat tahun "
        "{years}.",
        "errs_pk_no_families": "panel desa: tidak ada desa dengan jumlah keluarga lebih dari 0 "
        "pada tahun {year}; diharapkan kolom jumlah keluarga terisi.",
        "errs_pk_weights_unknown": "bobot deprivasi: indikator tidak dikenal {unknown}; "
        "diharapkan {expected}.",
        "errs_pk_weights_range": "bobot deprivasi: harus berupa angka terhingga, tidak negatif, "
        "dengan jumlah positif.",
        "errs_pk_n_boot": "n_boot = {value}: diperlukan paling sedikit 20 ulangan bootstrap.",
        "errs_pk_level": "level = {value}: diharapkan peluang seperti 0,9.",
        "errs_pk_threshold": "index_threshold = {value}: diharapkan 0-100.",
        "errs_pk_n_priority": "n_priority = {value} harus di antara 1 dan jumlah desa, "
        "{n_villages}.",
        "errs_pk_coord_columns": "koordinat: kolom {columns} tidak ada; diharapkan village_code, "
        "lon, lat.",
        "errs_pk_coord_numbers": "koordinat: lon dan lat harus berupa angka untuk setiap desa.",
        "errs_pk_coord_range": "koordinat: lat harus di antara -90 dan +90 dan lon di antara "
        "-180 dan +180 derajat.",
        "errs_pk_moran_small": "Moran lokal: diperlukan paling sedikit lima desa dengan nilai "
        "terhingga.",
        "errs_pk_eb_small": "Bayes empiris: diperlukan paling sedikit tiga desa yang memiliki "
        "keluarga.",
        # forecast
        "errs_fc_what_series": "deret P0 {name}",
        "errs_fc_what_province": "deret P0 provinsi",
        "errs_fc_what_column": "kolom panel {name}",
        "errs_fc_index_years": "{what}: indeks harus berisi tahun seperti 2025.",
        "errs_fc_whole_years": "{what}: indeks harus berisi tahun bulat seperti 2025; "
        "ditemukan {found}.",
        "errs_fc_year_twice": "{what}: tahun {year} muncul dua kali; diharapkan satu nilai P0 "
        "per tahun.",
        "errs_fc_p0_range": "{what}, tahun {year}: P0 = {value} di luar (0, 100); diharapkan "
        "persentase di antara 0 dan 100 (tidak termasuk 0 dan 100).",
        "errs_fc_target_form": "target: diharapkan kosong (None), sebuah angka, atau (low, high) "
        "dalam persen; diberikan {value}.",
        "errs_fc_target_range": "target: ({low}, {high}) harus memenuhi 0 <= low <= high < 100 "
        "dan high > 0 (P0 dalam persen).",
        "errs_fc_no_values": "deret P0 {name}: tidak ada nilai; diperlukan paling sedikit satu "
        "tahun P0.",
        "errs_fc_target_year": "target_year {target_year}: harus sesudah tahun data terakhir "
        "{latest} dari {name}.",
        "errs_fc_kode_bps": "kode_bps {value}: diharapkan kode BPS 4 angka sebuah kabupaten atau "
        "kota seperti 3310 (kode provinsi dan nasional berakhiran 00).",
        "errs_fc_no_p0": "kode_bps {code}: tidak ada P0 Maret (p0_persen) dalam tabel BPS.",
        "errs_fc_models": "model proyeksi {chosen}: diharapkan daftar nama berbeda yang tidak "
        "kosong dari {names}.",
        "errs_fc_models_unknown": "model proyeksi {chosen}: diharapkan daftar nama berbeda yang "
        "tidak kosong dari {names}; tidak dikenal: {unknown}.",
        "errs_fc_calibration": "deret P0 {name}: interval tidak dapat dikalibrasi (perubahan "
        "provinsi di luar tahun COVID: {changes}, diperlukan paling sedikit {minimum}; perubahan "
        "kabupaten relatif terhadap provinsi: {relative}); berikan deret P0 provinsi dan panel "
        "kabupaten/kotanya.",
        # village generator (synth)
        "errs_syn_kecamatan": "lokus_counts[{year}].{field}: {name} bukan kecamatan di kabupaten "
        "ini (yang dikenal: {known}).",
        "errs_syn_named_exceed": "lokus_counts[{year}]: {named} desa bernama telah diterbitkan, "
        "tetapi jumlahnya {n}; jumlah harus paling sedikit sebanyak desa yang disebut namanya.",
        "errs_syn_too_small": "lokus_counts[{year}]: n = {n} terlalu kecil untuk satu desa per "
        "kecamatan yang diizinkan ditambah desa yang disebut namanya.",
        "errs_syn_too_large": "lokus_counts[{year}]: n = {n} melebihi jumlah desa yang tersedia "
        "di kecamatan yang diizinkan.",
        "errs_syn_spec_keys": "lokus_counts[{year}]: kunci tidak dikenal {unknown}; diharapkan "
        "beberapa dari {expected}.",
        "errs_syn_spec_n": "lokus_counts[{year}]: berikan 'n' (jumlah desa) atau 'same_as'.",
        "errs_syn_no_plan": "lokus_counts[{year}].same_as: {source} tidak memiliki rencana.",
        "errs_syn_not_earlier": "lokus_counts[{year}].same_as: {source} bukan tahun panel yang "
        "lebih awal.",
        "errs_syn_unknown_codes": "lokus_published: kode {codes} bukan desa resmi {prefix}.",
        "errs_syn_effect_keys": "effect: kunci tidak dikenal {unknown}; diharapkan {expected}.",
        "errs_syn_effect_indicators": "effect.indicators_pp_per_year: indikator tidak dikenal "
        "{unknown}; diharapkan beberapa dari {expected}.",
        "errs_syn_effect_range": "effect: heterogeneity_sd harus >= 0 dan floor_fraction dalam "
        "[0, 1).",
        "errs_syn_whole": "{file}, baris {row}, kolom {column}: {value} bukan bilangan bulat.",
        "errs_syn_twice": "{file}, baris {row}: {code} {year} disebut dua kali.",
        "errs_syn_missing_file": "{file} tidak ada di {folder}: pembangkit desa memerlukan "
        "jumlah jiwa per rumah tangga (lihat data/raw/datapackage.json).",
        "errs_syn_persons": "{file}, baris {row}, kolom jiwa_per_rumah_tangga: {value} bukan "
        "jumlah jiwa (1-10).",
        "errs_syn_no_rows": "{file} tidak memiliki baris.",
        "errs_syn_p0_none": "p0_series: tidak ada nilai P0; pembangkit memerlukan paling sedikit "
        "satu tahun BPS.",
        "errs_syn_p0_range": "p0_series: P0 harus berupa persentase di antara 0 dan 100.",
        # register layouts (the rest of the register's messages: parts_register)
        "errs_reg_layout_preset": "preset tata letak '{name}'",
        "errs_reg_layout_file": "berkas tata letak (pengguna)",
    },
    "en": {
        # impact: options
        "errs_imp_choice": "{name} must be one of {choices}; got {value}",
        "errs_imp_n_boot": "n_boot must be an integer of at least 99; got {value}",
        "errs_imp_alpha": "alpha must be between 0 and 0.5; got {value}",
        "errs_imp_base_offset": "base_offset must be an integer of at least 1; got {value}",
        "errs_imp_outcomes_empty": "outcomes is empty: name at least one outcome column",
        "errs_imp_outcomes_twice": "outcomes lists {repeated} more than once; name each column "
        "once",
        # impact: the panel's roles of columns
        "errs_imp_role_required": "required",
        "errs_imp_role_cluster": "cluster",
        "errs_imp_role_covariate": "covariate",
        "errs_imp_role_outcome": "outcome",
        "errs_imp_role_time": "time",
        "errs_imp_role_first_treated": "first_treated",
        "errs_imp_role_column": "data",
        "errs_imp_never": "never",
        # impact: the panel
        "errs_imp_missing_column": "{role} column '{column}' is not in the panel; available "
        "columns: {available}",
        "errs_imp_not_numeric": "{role} column '{column}' must be numeric; found {value} at "
        "{unit}={unit_value}, {time}={time_value}{hint}",
        "errs_imp_hint_never": "; mark never-treated units with NaN, 0 or inf",
        "errs_imp_infinite": "{role} column '{column}' has an infinite value at {where}; expected "
        "finite numbers",
        "errs_imp_one_cluster": "cluster column '{column}' has one cluster; need at least two",
        "errs_imp_outcome_periods": "outcome column '{column}' has values in fewer than two "
        "periods",
        "errs_imp_unbalanced": "no unit has '{column}' in every period {periods}; the estimator "
        "needs a balanced panel",
        "errs_imp_no_rows": "the panel has no rows",
        "errs_imp_unit_missing": "unit column '{column}' is missing in rows {rows}",
        "errs_imp_time_missing": "time column '{column}' is missing at {where}",
        "errs_imp_duplicates": "duplicate rows for the same unit and period ({n} rows), e.g. "
        "{where}; expected one row per '{unit}' and '{time}'",
        "errs_imp_one_period": "time column '{column}' has one period only; need at least two",
        "errs_imp_cohort_varies": "column '{column}' varies within {unit}={unit_value} ({seen}); "
        "it must hold the unit's single first treated period in every row: treatment cannot "
        "switch off or restart (units affected: {n})",
        "errs_imp_cluster_missing": "cluster column '{column}' is missing at {where}",
        "errs_imp_cluster_varies": "cluster column '{column}' varies within {unit}={unit_value} "
        "(values {found}); each unit must belong to one cluster",
        "errs_imp_covariates_late": "covariates are measured in the first period {period}, but "
        "some units have no row then: {where}",
        "errs_imp_covariate_missing": "covariate column '{column}' is missing in the first "
        "period at {where}",
        "errs_imp_zero_never": "column '{column}' uses 0 for never treated, but the periods "
        "include {period}; mark never-treated units with NaN instead",
        "errs_imp_negative": "column '{column}' has a negative first treated period at {where}; "
        "expected a period, or NaN/0/inf for never",
        "errs_imp_off_grid": "column '{column}' has first treated period {value} at "
        "{unit}={unit_value}, which is not one of the panel's periods {periods}",
        "errs_imp_not_binary": "column '{column}' must be 0 or 1; found {value} at "
        "{unit}={unit_value}, {time}={time_value}",
        "errs_imp_switches_off": "column '{column}' switches off for {unit}={unit_value}: it is "
        "0 at {time}={time_value} after being 1 earlier; treatment must stay on once started",
        # impact: the design
        "errs_imp_sample_one_cluster": "the estimation sample has units of one cluster only; "
        "need two",
        "errs_imp_base_offset_periods": "base_offset={offset} needs more than {offset} periods; "
        "the panel has {n}",
        "errs_imp_cohort_no_data": "column '{column}' has first treated period {period}, a "
        "period without outcome data; periods with data: {periods}",
        "errs_imp_none_treated": "no unit is treated within the panel's periods: column "
        "'{column}' is never/NaN/0 for every unit",
        "errs_imp_few_controls": "cohort first treated in {cohort} has {n} control units at "
        "period {period}, too few for {k} covariates; drop covariates or use more control units",
        "errs_imp_no_control": "cohort first treated in {cohort} ({column}={cohort}) has no "
        "control units at period {period} with control='{control}': {why}; {fix} "
        "(cohort-period comparisons affected: {n})",
        "errs_imp_why_never": "no unit is never treated",
        "errs_imp_fix_never": "use control='not_yet_treated' or add never-treated units",
        "errs_imp_why_all": "every unit is treated by {period} and none is never treated",
        "errs_imp_fix_all": "add never-treated units, or drop periods from {period} on (the last "
        "cohort then has no comparison and must be dropped too)",
        "errs_imp_covariates_periods": "covariates are measured in {period}, which is kept out "
        "of the comparisons, and fewer than two later periods remain; drop the covariates",
        # pockets
        "errs_pk_no_year": "village panel: no 'year' column; validate it with "
        "analysis.villages.validate_panel first.",
        "errs_pk_missing_columns": "village panel: missing columns {columns}; validate it with "
        "analysis.villages.validate_panel first.",
        "errs_pk_no_rows": "village panel: no rows for {year}; the panel has {years}.",
        "errs_pk_no_families": "village panel: no village has more than 0 families in {year}; "
        "expected the families column filled.",
        "errs_pk_weights_unknown": "deprivation weights: unknown indicators {unknown}; expected "
        "{expected}.",
        "errs_pk_weights_range": "deprivation weights: must be finite and non-negative with a "
        "positive sum.",
        "errs_pk_n_boot": "n_boot = {value}: at least 20 bootstrap replicates are needed.",
        "errs_pk_level": "level = {value}: expected a probability such as 0.9.",
        "errs_pk_threshold": "index_threshold = {value}: expected 0-100.",
        "errs_pk_n_priority": "n_priority = {value} must be between 1 and the {n_villages} "
        "villages.",
        "errs_pk_coord_columns": "coordinates: missing columns {columns}; expected village_code, "
        "lon, lat.",
        "errs_pk_coord_numbers": "coordinates: lon and lat must be numbers for every village.",
        "errs_pk_coord_range": "coordinates: lat must be within +-90 and lon within +-180 degrees.",
        "errs_pk_moran_small": "local Moran: needs at least five villages with finite values.",
        "errs_pk_eb_small": "empirical Bayes: needs at least three villages with families.",
        # forecast
        "errs_fc_what_series": "P0 series {name}",
        "errs_fc_what_province": "province series",
        "errs_fc_what_column": "panel column {name}",
        "errs_fc_index_years": "{what}: the index must hold years such as 2025.",
        "errs_fc_whole_years": "{what}: the index must hold whole years such as 2025, got {found}.",
        "errs_fc_year_twice": "{what}: year {year} appears twice; expected one P0 value per year.",
        "errs_fc_p0_range": "{what}, year {year}: P0 = {value} is outside (0, 100); a percentage "
        "strictly between 0 and 100 is expected.",
        "errs_fc_target_form": "target: expected None, a number or (low, high) in percent, got "
        "{value}.",
        "errs_fc_target_range": "target: ({low}, {high}) must satisfy 0 <= low <= high < 100 and "
        "high > 0 (P0 in percent).",
        "errs_fc_no_values": "P0 series {name}: no values; at least one year of P0 is needed.",
        "errs_fc_target_year": "target_year {target_year}: must be after the latest data year "
        "{latest} of {name}.",
        "errs_fc_kode_bps": "kode_bps {value}: expected the 4-digit BPS code of a regency or "
        "city such as 3310 (province and nation codes end in 00).",
        "errs_fc_no_p0": "kode_bps {code}: no March P0 (p0_persen) in the BPS table.",
        "errs_fc_models": "forecast models {chosen}: expected a non-empty list of distinct names "
        "from {names}.",
        "errs_fc_models_unknown": "forecast models {chosen}: expected a non-empty list of "
        "distinct names from {names}; unknown: {unknown}.",
        "errs_fc_calibration": "P0 series {name}: the intervals cannot be calibrated (province "
        "changes outside the COVID years: {changes}, at least {minimum} needed; regency changes "
        "relative to the province: {relative}); pass the province's P0 series and a panel of "
        "its regencies.",
        # village generator (synth)
        "errs_syn_kecamatan": "lokus_counts[{year}].{field}: {name} is not a kecamatan of this "
        "regency (known: {known}).",
        "errs_syn_named_exceed": "lokus_counts[{year}]: {named} published named villages but a "
        "count of {n}; the count must be at least the number named.",
        "errs_syn_too_small": "lokus_counts[{year}]: n = {n} is too small for one village per "
        "allowed kecamatan plus the named villages.",
        "errs_syn_too_large": "lokus_counts[{year}]: n = {n} exceeds the villages available in "
        "the allowed kecamatan.",
        "errs_syn_spec_keys": "lokus_counts[{year}]: unknown keys {unknown}; expected some of "
        "{expected}.",
        "errs_syn_spec_n": "lokus_counts[{year}]: give 'n' (number of villages) or 'same_as'.",
        "errs_syn_no_plan": "lokus_counts[{year}].same_as: {source} has no plan.",
        "errs_syn_not_earlier": "lokus_counts[{year}].same_as: {source} is not an earlier year "
        "of the panel.",
        "errs_syn_unknown_codes": "lokus_published: codes {codes} are not official villages of "
        "{prefix}.",
        "errs_syn_effect_keys": "effect: unknown keys {unknown}; expected {expected}.",
        "errs_syn_effect_indicators": "effect.indicators_pp_per_year: unknown indicators "
        "{unknown}; expected some of {expected}.",
        "errs_syn_effect_range": "effect: heterogeneity_sd must be >= 0 and floor_fraction in "
        "[0, 1).",
        "errs_syn_whole": "{file}, row {row}, column {column}: {value} is not a whole number.",
        "errs_syn_twice": "{file}, row {row}: {code} {year} is given twice.",
        "errs_syn_missing_file": "{file} is missing from {folder}: the village generator needs "
        "persons per household (see data/raw/datapackage.json).",
        "errs_syn_persons": "{file}, row {row}, column jiwa_per_rumah_tangga: {value} is not a "
        "number of persons (1-10).",
        "errs_syn_no_rows": "{file} has no rows.",
        "errs_syn_p0_none": "p0_series: no P0 value; the generator needs at least one BPS year.",
        "errs_syn_p0_range": "p0_series: P0 must be a percentage between 0 and 100.",
        # register layouts (the rest of the register's messages: parts_register)
        "errs_reg_layout_preset": "layout preset '{name}'",
        "errs_reg_layout_file": "layout file (user)",
    },
}

ANNEX: dict[str, dict[str, str]] = {
    "id": {},
    "en": {},
}
