"""Catalogue texts for the reader's polish: figure and table texts, notes, XLSX print and language.

Merged into `analysis.labels.CATALOGUE` (keys must not repeat another part's); same keys in both
languages, same ``str.format`` fields.
"""

TEXT: dict[str, dict[str, str]] = {
    "id": {
        "user_village_file": "berkas desa pengguna",
        # `trend_text` when the province has no P0 for the year (a province formed in 2022 before
        # its first figure): the comparison is said to be missing, never printed as "(—)".
        "trend_text_noprovince": "P0 {name} Maret {year} sebesar {p0} ({change_text}), "
        "{nation_gap_text} Indonesia ({nation_p0}); angka {province} tahun itu belum tersedia. "
        "Di antara {n} kabupaten/kota {province}, {name} berada di peringkat {rank} (1 = P0 "
        "tertinggi, tahun {rank_year}).",
        # Plural forms: Indonesian has one form, English two (`analysis.brief.summary.years`).
        "years_one": "{n} tahun",
        "years_many": "{n} tahun",
        # Trust grade of a key figure (column kepercayaan of the BPS table).
        "trust_A": "angka BPS",
        "trust_B": "salinan olahan angka BPS (tingkat B)",
        "trust_C": "angka BPS yang dikutip satu halaman web (tingkat C), belum dicocokkan",
        "trust_unknown": "sumber angka tidak tercatat",
        # Data vintage: the newest P0 is older than the year before the meeting.
        "vintage_old": "Data: BPS, Susenas Maret {year} (bukan data terbaru)",
        "stale_warning": "Data terbaru: Maret {year}; BPS telah merilis angka lebih baru — "
        "perbarui data.",
        "msg_concentration_all_detail": "(seluruh {n} desa prioritas berada di {k} dari "
        "{total} kecamatan).",
        "col_order": "#",
        "sim_banner_page": "CONTOH DENGAN DATA SIMULASI — bukan temuan",
        "appendix_title": "Lampiran teknis",
        "params_default": "bawaan dari data (tanpa berkas parameter)",
        "appendix_intro": "Untuk pengelola data dan analis; tidak diperlukan untuk membaca brief.",
        "appendix_village_data": "Data desa sendiri: isi kunci village_data di berkas parameter "
        "(params/{regency}.yml) dengan ekspor P3KE/DTSEN sesuai skema yang dijelaskan di README; "
        "tanpa itu bagian desa memakai data SIMULASI.",
        "appendix_targets": "Target resmi dibaca dari data/raw/target_resmi.csv; bila target P0 "
        "{year} belum ada, isi kunci target di berkas parameter.",
    },
    "en": {
        "user_village_file": "user's village file",
        "trend_text_noprovince": "P0 of {name} in March {year} was {p0} ({change_text}), "
        "{nation_gap_text} Indonesia ({nation_p0}); there is no {province} figure for that year. "
        "Among the {n} regencies/cities of {province}, {name} ranks {rank} (1 = highest P0, "
        "year {rank_year}).",
        "years_one": "{n} year",
        "years_many": "{n} years",
        "trust_A": "BPS figure",
        "trust_B": "processed copy of the BPS figure (grade B)",
        "trust_C": "BPS figure quoted on a single web page (grade C), not yet checked",
        "trust_unknown": "source of the figure not recorded",
        "vintage_old": "Data: BPS, Susenas March {year} (not the latest data)",
        "stale_warning": "Latest data: March {year}; BPS has released newer figures — update "
        "the data.",
        "msg_concentration_all_detail": "(all {n} priority villages lie in {k} of the {total} "
        "districts).",
        "col_order": "#",
        "sim_banner_page": "EXAMPLE ON SIMULATED DATA — not a finding",
        "appendix_title": "Technical appendix",
        "params_default": "defaults from the data (no parameter file)",
        "appendix_intro": "For data managers and analysts; not needed to read the brief.",
        "appendix_village_data": "The regency's own village data: set the key village_data in "
        "the parameter file (params/{regency}.yml) to a P3KE/DTSEN export following the schema "
        "described in the README; without it the village sections use "
        "SIMULASI data.",
        "appendix_targets": "Official targets are read from data/raw/target_resmi.csv; when the "
        "{year} P0 target is missing there, set the key target in the parameter file.",
    },
}

ANNEX: dict[str, dict[str, str]] = {
    "id": {
        "entered_mass": "jumlah keluarga desil 1",
        "entered_intensity": "persentase desil 1 (EB)",
        "rule_year": "Tahun data",
        "rule_n_villages": "Jumlah desa",
        "rule_n_priority": "Jumlah desa prioritas",
        "rule_basis": "Dasar jumlah desa prioritas",
        "basis_given": "ditetapkan (jumlah yang diumumkan atau parameter)",
        "basis_lokus": "jumlah desa lokus dalam data tahun itu",
        "basis_default": "bawaan: 20 % desa",
        "rule_mass_lens": "Daftar (a)",
        "rule_mass_lens_value": "jumlah keluarga desil 1 (miskin ekstrem), terbanyak dahulu",
        "rule_intensity_lens": "Daftar (b)",
        "rule_intensity_lens_value": "persentase desil 1 setelah penyusutan empiris-Bayes "
        "(rata-rata posterior beta-binomial), tertinggi dahulu",
        "rule_index": "Indeks deprivasi",
        "rule_index_value": "rata-rata berbobot peringkat persentil (0–100) delapan indikator di "
        "antara desa kabupaten",
        "rule_weights": "Bobot indikator",
        "rule_threshold": "Ambang indeks untuk daftar (b)",
        "rule_threshold_value": "{threshold} (50 = median kabupaten)",
        "rule_selection": "Cara memilih",
        "rule_selection_value": "bergantian dari dua daftar: desa berikut menurut jumlah, lalu "
        "desa layak berikut menurut persentase EB, melewati desa yang sudah terpilih, sampai "
        "jumlah desa prioritas tercapai",
        "rule_ties": "Nilai seri",
        "rule_ties_value": "jumlah sama: persentase EB lebih tinggi, lalu kode desa lebih kecil; "
        "persentase sama: keluarga desil 1 lebih banyak, lalu kode desa lebih kecil",
        "rule_n_mass": "Masuk melalui daftar (a)",
        "rule_n_intensity": "Masuk melalui daftar (b)",
        "rule_cut_mass": "Batas terakhir daftar (a) (keluarga)",
        "rule_cut_share": "Batas terakhir daftar (b) (%)",
        "rule_prior_alpha": "Prior empiris-Bayes: alfa",
        "rule_prior_beta": "Prior empiris-Bayes: beta",
        "rule_prior_mean": "Prior empiris-Bayes: rata-rata (%)",
        "rule_prior_phi": "Prior empiris-Bayes: phi (alfa + beta)",
        "rule_intervals": "Interval",
        "rule_intervals_value": "persentase EB: interval posterior {level} %; peringkat: "
        "interval {level} % dari {n_boot} ulangan bootstrap",
        "rule_seed": "Seed bootstrap",
        "rule_stable": "Desa prioritas terpilih di ≥ 90 % ulangan",
        "rule_simulated": "Data desa SIMULASI",
        "src_data": "Data desa",
        "src_year": "Tahun",
        "src_simulated": "Data disimulasikan",
        "src_note": "Catatan",
        "src_validation_notes": "berkas desa pengguna: {n} catatan validasi teknis (format, "
        "lembar, kolom yang diabaikan; untuk analis) ada di results/pockets.json, kunci notes",
        "src_sim_note": "data desa SIMULASI (seed {seed}), dikalibrasi ke P0 BPS; bukan data "
        "registrasi sebenarnya",
        "src_method": "Metode",
    },
    "en": {
        "entered_mass": "desil-1 family count",
        "entered_intensity": "desil-1 share (EB)",
        "rule_year": "Data year",
        "rule_n_villages": "Villages",
        "rule_n_priority": "Priority villages",
        "rule_basis": "Basis of the number of priority villages",
        "basis_given": "given (published count or parameter)",
        "basis_lokus": "number of lokus villages in the data for the year",
        "basis_default": "default: 20 % of villages",
        "rule_mass_lens": "List (a)",
        "rule_mass_lens_value": "number of desil-1 (extreme-poor) families, most first",
        "rule_intensity_lens": "List (b)",
        "rule_intensity_lens_value": "desil-1 share after empirical-Bayes shrinkage "
        "(beta-binomial posterior mean), highest first",
        "rule_index": "Deprivation index",
        "rule_index_value": "weighted mean of the percentile ranks (0–100) of the eight indicator "
        "shares among the regency's villages",
        "rule_weights": "Indicator weights",
        "rule_threshold": "Index threshold for list (b)",
        "rule_threshold_value": "{threshold} (50 = regency median)",
        "rule_selection": "Selection",
        "rule_selection_value": "alternate the two lists: the next village by count, then the "
        "next eligible village by EB share, skipping villages already chosen, until the number of "
        "priority villages is reached",
        "rule_ties": "Ties",
        "rule_ties_value": "equal counts: higher EB share, then lower village code; equal shares: "
        "more desil-1 families, then lower village code",
        "rule_n_mass": "Entered through list (a)",
        "rule_n_intensity": "Entered through list (b)",
        "rule_cut_mass": "Last cut-off of list (a) (families)",
        "rule_cut_share": "Last cut-off of list (b) (%)",
        "rule_prior_alpha": "Empirical-Bayes prior: alpha",
        "rule_prior_beta": "Empirical-Bayes prior: beta",
        "rule_prior_mean": "Empirical-Bayes prior: mean (%)",
        "rule_prior_phi": "Empirical-Bayes prior: phi (alpha + beta)",
        "rule_intervals": "Intervals",
        "rule_intervals_value": "EB share: {level} % posterior interval; ranks: {level} % "
        "interval over {n_boot} bootstrap replicates",
        "rule_seed": "Bootstrap seed",
        "rule_stable": "Priority villages selected in ≥ 90 % of replicates",
        "rule_simulated": "SIMULASI village data",
        "src_data": "Village data",
        "src_year": "Year",
        "src_simulated": "Simulated data",
        "src_note": "Note",
        "src_validation_notes": "user's village file: {n} technical validation note(s) (format, "
        "sheet, ignored columns; for the analyst) in results/pockets.json, key notes",
        "src_sim_note": "SIMULASI village data (seed {seed}), calibrated to BPS P0; not a real "
        "register",
        "src_method": "Method",
    },
}
