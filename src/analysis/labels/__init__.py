"""The message catalogue: every visible word of the brief, figures and annex, in both languages.

Keys are shared by both languages (a test checks that they match, placeholders included); text is
filled with ``str.format`` fields so that numbers are formatted by `analysis.fmt`, never here.
The module is longer than the project's usual ~600 lines because it is data, not logic: every
visible text of the brief twice (Indonesian and English), kept in one place on purpose.

The core texts are below; texts of one topic may live in a part module of this package (``PARTS``:
each defines ``TEXT = {"id": {...}, "en": {...}}`` and ``ANNEX = {"id": {...}, "en": {...}}``),
merged here once, so there is still one catalogue and one lookup. A key defined twice is an error.
"""

from __future__ import annotations

import errno
import os
import re
import string

from analysis.indicators import INDICATORS
from analysis.labels import (
    parts_err_data,
    parts_err_files,
    parts_err_stages,
    parts_figures,
    parts_inputs,
    parts_national,
    parts_publish,
    parts_reader,
    parts_register,
    parts_villages,
)

CATALOGUE: dict[str, dict[str, str]] = {
    "id": {
        "org": "Bapperida {name} · Sekretariat TKPK",
        "title": "Brief Rapat Koordinasi TKPK",
        "subtitle": "{name} — evaluasi {year} dan arah {target_year}",
        "vintage": "Data: BPS, Susenas Maret {year}",
        "header_left": "Brief Rapat Koordinasi TKPK · {name}",
        "footer": "commit {commit} · disusun otomatis oleh TKPK Analitik",
        "kf_p0": "P0 {year}",
        "kf_p0_note_change": "{change} dari {previous}; {trust}, tanpa interval",
        "kf_p0_note_nochange": "tahun sebelumnya tidak tersedia",
        "kf_poor": "Penduduk miskin",
        "kf_poor_note": "Maret {year}; {note}",
        "kf_poor_latest": "angka terakhir yang tersedia",
        "kf_rank": "Peringkat {province}",
        "kf_rank_note": "tahun {year}; IK 95 %: peringkat {low}–{high}; 1 = P0 tertinggi",
        "kf_gap": "Selisih dengan provinsi",
        "kf_gap_note": "IK 95 %: {interval}; {province} {value}",
        "kf_forecast": "Proyeksi P0 {year}",
        "kf_forecast_note": "interval 80 %: {interval}",
        "kf_prob": "Peluang capai target",
        "kf_prob_note": "target {target}",
        "kf_no_target": "Target {year} belum ditetapkan",
        "kf_villages": "Desa prioritas {year}",
        "kf_villages_note": "di {kecamatan} kecamatan · {sim}",
        "kf_impact": "Dampak program (desil 1)",
        "kf_impact_note": "IK 95 %: {interval} · {sim}",
        "kf_pace": "Laju P0 {start}–{end}",
        "kf_pace_note": "per tahun, tanpa masa COVID; IK 95 %: {interval}; {verdict}",
        "kf_pace_faster": "turun lebih cepat dari provinsi",
        "kf_pace_slower": "lebih lambat dari provinsi",
        "kf_pace_same": "tidak berbeda nyata dari provinsi",
        "kf_pace_noprovince": "laju provinsi tidak tersedia",
        "kf_pace_empty": "Laju P0",
        "kf_pace_none": "tidak dihitung: {n} perubahan tahunan di luar COVID (minimal {minimum})",
        "kf_impact_withheld": "ditahan: desa prioritas sudah bergerak berbeda sebelum program "
        "(IK 95 %: {interval})",
        "kf_impact_open": "belum dapat dipastikan (IK 95 %: {interval} mencakup 0)",
        "kf_villages_sim": "Analisis desa",
        "kf_villages_sim_note": "perlu register desa kabupaten sendiri; bagian desa: contoh "
        "SIMULASI",
        "section_messages": "Pesan utama",
        "section_trend": "Tren dan posisi relatif",
        "section_forecast": "Proyeksi dan target {year}",
        "section_pockets": "Kantong kemiskinan",
        "section_impact": "Dampak program",
        "section_notes": "Catatan data dan metode",
        "fig_p0": "P0 {name}, {province} dan Indonesia, Maret {start}–{end}. Tahun tanpa data "
        "tidak digambar (garis terputus). Arsiran: tahun COVID-19.",
        "fig_quadrant": "Posisi relatif {n} kabupaten/kota {province}: tingkat P0 {year} vs "
        "rata-rata perubahan sejak {since}. Garis putus: nilai provinsi.",
        "fig_depth": "Kedalaman (P1), keparahan (P2) dan jumlah penduduk miskin (ribu jiwa), "
        "{name} dan {province}.",
        "trend_text": "P0 {name} Maret {year} sebesar {p0} ({change_text}), {gap_text} "
        "{province} ({province_p0}) dan {nation_gap_text} Indonesia ({nation_p0}). Di antara "
        "{n} kabupaten/kota {province}, {name} berada di peringkat {rank} (1 = P0 tertinggi, "
        "tahun {rank_year}).",
        "change_down": "turun {value} dari {previous_value} pada {previous}",
        "change_up": "naik {value} dari {previous_value} pada {previous}",
        "change_none": "tahun sebelumnya tidak tersedia",
        "above": "{value} di atas",
        "below": "{value} di bawah",
        "equal": "sama dengan",
        "trend_pace": "Laju P0 {start}–{end} (rata-rata {n} perubahan tahunan; perubahan yang "
        "menyentuh {covid} tidak dihitung, sama dengan proyeksi): {regency} per tahun (IK 95 %: "
        "{interval}).",
        "trend_pace_none": "Laju dan tren tidak dinyatakan: hanya {n} perubahan tahunan di luar "
        "masa COVID, kurang dari minimal {minimum}.",
        "trend_pace_noprovince": "Laju provinsi untuk tahun yang sama tidak tersedia, sehingga "
        "laju tidak dibandingkan.",
        "trend_pace_province": "Provinsi pada perubahan yang sama: {province_pace} per tahun; "
        "selisih {difference} per tahun (IK 95 %: {interval}), sehingga {verdict}. Laju disebut "
        "berbeda dari provinsi hanya bila IK selisih tidak mencakup 0.",
        "trend_verdict_faster": "P0 turun lebih cepat dari provinsi",
        "trend_verdict_slower": "P0 turun lebih lambat dari provinsi",
        "trend_verdict_same": "lajunya tidak berbeda nyata dari provinsi",
        "trend_uncertainty": "Galat sampling P0 kabupaten didekati dengan RSE {rse} % (perkiraan, "
        "bukan RSE terbitan BPS per kabupaten): selisih dengan provinsi IK 95 % {gap_interval} "
        "poin; peringkat IK 95 % {low}–{high} (simulasi).",
        "trend_covid": "Masa COVID-19 menaikkan P0 sebesar {jump} antara 2019 dan 2021.",
        "trend_missing": "Tahun tanpa angka P0 kabupaten dalam data: {years}; tahun tersebut "
        "dibiarkan kosong, tidak diinterpolasi.",
        "trend_uncertain": "Posisi kuadran belum pasti: IK 95 % selisih tingkat atau selisih "
        "laju dengan provinsi mencakup 0.",
        "quadrant_high_falling_fast": "P0 di atas provinsi, turun lebih cepat",
        "quadrant_high_falling_slow": "P0 di atas provinsi, turun lebih lambat",
        "quadrant_low_falling_fast": "P0 di bawah provinsi, turun lebih cepat",
        "quadrant_low_falling_slow": "P0 di bawah provinsi, turun lebih lambat",
        "quadrant_text": "Kuadran: {quadrant}.",
        "quadrant_no_pace": "tanpa laju",
        "quadrant_level_above": "P0 di atas provinsi",
        "quadrant_level_below": "P0 di bawah provinsi",
        "quadrant_level_same": "P0 tidak berbeda nyata dari provinsi",
        "quadrant_pace_faster": "turun lebih cepat",
        "quadrant_pace_slower": "turun lebih lambat",
        "quadrant_pace_same": "laju tidak berbeda nyata",
        "quadrant_verdicts": "Kuadran ({year}): {level}, {pace}.",
        "quadrant_no_pace_text": "Posisi kuadran tidak ditentukan karena laju kabupaten/kota atau "
        "laju provinsi tidak dihitung.",
        "axis_p0": "P0 (%)",
        "axis_pace": "Laju rata-rata {since}–{year} (poin/tahun)",
        "axis_level": "P0 {year} (%)",
        "legend_nation": "Indonesia",
        "covid": "COVID-19",
        "p1": "P1 (kedalaman)",
        "p2": "P2 (keparahan)",
        "jumlah_miskin_ribu": "Penduduk miskin (ribu)",
        "simulasi": "SIMULASI",
        "notes_sources": "Sumber dan tingkat kepercayaan",
        "notes_trust": "A = ekspor tabel BPS yang cocok dengan salinan independen; B = salinan "
        "olahan atau rilis resmi; C = satu halaman web yang mengutip BPS.",
        "notes_uncertainty": "Angka P0, P1, P2 adalah estimasi survei (Susenas Maret). Data "
        "proyek tidak memuat galat baku relatif (RSE) terbitan BPS per kabupaten; interval "
        "selisih dengan provinsi dan peringkat memakai pendekatan RSE 5 % dari P0, dan angka P0 "
        "sendiri ditampilkan tanpa interval.",
        "notes_params": "Parameter: {source}. Kode: commit {commit}{dirty}. Hash masukan (SHA-256, "
        "12 karakter pertama): {hashes}.",
        "notes_areas": "Kode wilayah Kemendagri: paket idn-area-data 4.0.1 (data ODbL).",
        "notes_tolerated": "Catatan pembacaan data: {notes}",
        "dirty": " (ada perubahan belum di-commit)",
        "msg_pace_faster": "Kemiskinan {window} turun lebih cepat dari provinsi",
        "msg_pace_slower": "Kemiskinan {window} turun lebih lambat dari provinsi",
        "msg_pace_same": "Laju kemiskinan {window} tidak berbeda nyata dari provinsi",
        "msg_pace_detail": "({own}; provinsi {province}; selisih {difference}, IK 95 %: "
        "{interval}); {level}.",
        "msg_pace_rising": "Kemiskinan {window} tidak turun, berbeda dengan provinsi",
        "msg_pace_window": "{start}–{end}",
        "msg_pace_own": "{regency} poin/tahun tanpa masa COVID {covid}, IK 95 %: {interval}",
        "msg_pace_none": "Data terlalu sedikit untuk menilai laju kemiskinan",
        "msg_pace_none_detail": "(hanya {n} perubahan tahunan di luar masa COVID, minimal "
        "{minimum}); {level}.",
        "msg_pace_noprovince": "Laju kemiskinan {window} tidak dapat dibandingkan dengan provinsi",
        "msg_pace_noprovince_detail": "({own}); {level}.",
        "msg_level_above": "tingkatnya masih {gap} di atas {province} (IK 95 %: {interval})",
        "msg_level_below": "tingkatnya {gap} di bawah {province} (IK 95 %: {interval})",
        "msg_level_close": "tingkatnya tidak berbeda nyata dari {province} (selisih {gap}, "
        "IK 95 %: {interval})",
        "msg_level_none": "tingkat {province} tahun yang sama tidak tersedia",
        "msg_depth_headline": "{indicator} naik walau P0 turun",
        "msg_depth_detail": "(P0 {first}–{last}: {p0_first} → {p0_last} %, sedangkan {indicator}: "
        "{value_first} → {value_last}): kemiskinan yang tersisa makin dalam.",
        "ind_desil1": "Desil 1 (miskin ekstrem)",
        "ind_rtlh": "Rumah tidak layak huni",
        "ind_no_electricity": "Tanpa listrik",
        "ind_no_water": "Tanpa air minum layak",
        "ind_no_latrine": "Tanpa jamban layak",
        "ind_stunting_risk": "Risiko stunting",
        "ind_child_out_of_school": "Anak tidak sekolah",
        "ind_disability": "Disabilitas",
        "ind_not_working": "Kepala keluarga tidak bekerja",
        "pockets_text": "{n_priority} dari {n_villages} desa ditetapkan sebagai desa prioritas "
        "{year} oleh aturan pada kotak di atas, tersebar di {n_kecamatan} kecamatan; "
        "desa prioritas memuat "
        "{pct_desil1} keluarga desil 1 kabupaten. Konsentrasi tertinggi: {top_kecamatan}.",
        "pockets_kecamatan_item": "{name} ({n} desa, {pct} desanya)",
        "sim_banner": "CONTOH DENGAN DATA SIMULASI — bukan temuan. Angka desa di bagian ini "
        "dibangkitkan untuk memperagakan metode; gunakan register desa kabupaten sendiri.",
        "pockets_agreement": "Kecocokan dengan daftar lokus dalam data {year}: {both} dari "
        "{reference} desa sama (kappa Cohen {kappa}).",
        "pockets_published": "Dari {reference} desa lokus {year} yang diumumkan dan tercatat di "
        "data proyek, {both} juga terpilih oleh aturan ini.",
        "pockets_stability": "Stabilitas: {stable} dari {n} desa terpilih di ≥ 90 % ulangan "
        "bootstrap; aturan alternatif (hanya jumlah, hanya persentase, hanya indeks) mengubah "
        "{min_change}–{max_change} desa.",
        "pockets_spatial": "Klaster spasial (Moran lokal atas persentase desil 1, FDR 5 %): "
        "{hot} desa membentuk titik panas, {priority} di antaranya desa prioritas; {islands} desa "
        "tanpa tetangga tidak diuji.",
        "rule_title": "Metode penentuan lokus",
        "rule_text": "desa dipilih bergantian dari dua daftar sampai {n} desa, daftar (a) "
        "lebih dulu; tiap giliran mengambil desa teratas daftarnya yang belum terpilih (desa yang "
        "sudah terpilih dilewati, jadi tiap giliran menambah satu desa baru): (a) jumlah "
        "keluarga desil 1 terbanyak (batas terakhir: {cut_mass} keluarga); (b) persentase desil 1 "
        "tertinggi setelah penyusutan empiris-Bayes (batas: {cut_share}), hanya desa dengan indeks "
        "deprivasi delapan indikator ≥ {threshold} (median kabupaten = 50; bobot: {weights}). "
        "Seri: jumlah sama → persentase lebih tinggi, lalu kode desa. Data: {source}, tahun "
        "{year}.",
        "weights_equal": "sama",
        "table_villages": "{shown} desa prioritas pertama menurut urutan pemilihan (kolom #; "
        "{sim}). Persentase desil 1 dengan interval 90 % (empiris-Bayes); peringkat "
        "jumlah tanpa interval (jumlah keluarga adalah cacah administratif). Daftar lengkap "
        "{n} desa: {annex}.",
        "col_kecamatan": "Kecamatan",
        "col_village": "Desa",
        "col_code": "Kode",
        "col_desil1": "Kel. desil 1",
        "col_share": "% desil 1 (IK 90 %)",
        "col_rank": "Peringkat jumlah",
        "fig_kecamatan": "Desa prioritas dan desa lain per kecamatan ({n} kecamatan dengan desa "
        "prioritas terbanyak; {sim}).",
        "fig_profile": "Profil deprivasi: persentase keluarga menurut indikator, desa prioritas vs "
        "desa lain, dengan interval 90 % ({sim}).",
        "axis_villages": "Jumlah desa",
        "axis_share_families": "Persentase keluarga (%)",
        "legend_priority": "Desa prioritas",
        "legend_other": "Desa lain",
        "source_simulated": "SIMULASI (generator dikalibrasi ke P0 BPS)",
        "source_user": "data desa pengguna: {name}",
        "notes_villages_sim": "Data desa: SIMULASI. Data P3KE/DTKS/DTSEN bersifat rahasia; "
        "proyek membangkitkan panel desa {years} (seed {seed}) yang dikalibrasi agar persentase "
        "keluarga desil 1 kabupaten sama dengan P0 BPS tiap tahun (selisih maksimum {gap} poin). "
        "Semua tabel dan gambar tingkat desa berlabel SIMULASI; ganti dengan ekspor desa "
        "kabupaten sendiri (cara memasangnya: lampiran teknis).",
        "notes_villages_user": "Data desa: {name} (berkas pengguna, divalidasi sesuai skema; "
        "sidik berkas: lampiran teknis).",
        "msg_concentration_headline": "Kantong kemiskinan terkumpul di {kecamatan}",
        "msg_concentration_detail": "({k} kecamatan memuat {pct} keluarga desil 1 yang ada di "
        "desa prioritas{sim}).",
        "msg_profile_headline": "{first} dan {second}",
        "msg_profile_detail": "adalah kekurangan yang paling membedakan desa prioritas dari desa "
        "lain ({ratio1}× dan {ratio2}× lebih sering{sim}).",
        "sim_suffix": "; SIMULASI",
        "axis_event_time": "Tahun sejak menjadi desa prioritas",
        "axis_effect_pp": "Efek pada % keluarga desil 1 (poin)",
        "legend_estimate": "Estimasi dan IK 95 %",
        "legend_reference": "Tahun acuan",
        "impact_text": "Desa prioritas dibandingkan dengan desa yang belum atau tidak menjadi "
        "prioritas (difference-in-differences bertahap ala Callaway–Sant'Anna, pembanding: desa "
        "yang belum menjadi prioritas). Rata-rata efek pada persentase keluarga desil 1: "
        "{effect} (IK 95 %: {interval}); estimasi TWFE sebagai pembanding saja: {twfe}. "
        "{pretrend}",
        "impact_none": "Dampak program tidak diestimasi: data desa tidak memuat status lokus "
        "(kolom lokus) sehingga tidak ada desa prioritas untuk dibandingkan.",
        "pretrend_ok": "Uji tren sebelum program: tidak ada bukti perbedaan tren (p {p}, "
        "{n} titik sebelum program).",
        "pretrend_bad": "Uji tren sebelum program: desa prioritas sudah bergerak berbeda sebelum "
        "program (p {p}, {n} titik); efek di atas perlu dibaca sangat hati-hati.",
        "pretrend_none": "Uji tren sebelum program tidak dapat dilakukan (titik sebelum program "
        "terlalu sedikit).",
        "caveat_selection": "Desa dipilih karena miskin. Perubahan dihitung sejak {offset} "
        "sebelum penetapan dan dibandingkan antar desa dengan persentase desil 1 awal yang "
        "setara; bila desa dipilih karena satu tahun yang buruk, pemulihan alaminya akan terbaca "
        "sebagai efek (uji tren sebelum program adalah pemeriksaannya).",
        "caveat_limited": "Daya uji terbatas: uji tren sebelum program hanya bertumpu pada {n_pre} "
        "titik sebelum program, {n_treated} desa prioritas dan {n_clusters} kecamatan; tidak "
        "terdeteksinya perbedaan tren belum membuktikan tren yang sejajar.",
        "caveat_simulated": "Data desa SIMULASI dengan efek yang disuntikkan sebesar {truth} "
        "(efek sebenarnya pada data ini); angka ini menguji metode, bukan menilai program.",
        "caveat_clusters": "Interval memperhitungkan klaster per kecamatan ({n} kecamatan): "
        "karena klaster sedikit, uji t memakai derajat bebas efektif (Bell-McCaffrey) dan uji "
        "tren sebelum program memakai wild cluster bootstrap.",
        "table_impact": "Efek rata-rata pada desa prioritas per indikator (poin persentase "
        "keluarga; negatif = berkurang), IK 95 % per klaster kecamatan; TWFE hanya pembanding "
        "({sim}).",
        "col_outcome": "Indikator",
        "col_effect": "Efek (poin)",
        "col_ci95": "IK 95 %",
        "col_twfe": "TWFE",
        "fig_event_study": "Studi peristiwa: efek pada persentase keluarga desil 1 menurut "
        "tahun sejak penetapan, dengan IK 95 % ({sim}).",
        "kf_impact_none": "tidak diestimasi (tanpa status lokus)",
        "msg_impact_effect": "Persentase keluarga desil 1 di desa prioritas turun {effect} "
        "lebih cepat",
        "msg_impact_noeffect": "Dampak program pada desil 1 belum dapat dipastikan",
        "msg_impact_detail": "dibanding desa pembanding (IK 95 %: {interval}{sim}).",
        "msg_impact_pretrend": "karena desa prioritas sudah bergerak berbeda sebelum program "
        "(IK 95 % efek: {interval}{sim}).",
        "msg_impact_villages_simulated": "Analisis desa memerlukan register desa kabupaten sendiri",
        "msg_impact_villages_simulated_detail": "(ekspor P3KE/DTSEN kabupaten; cara "
        "memasangnya ada di lampiran teknis); bagian {pockets} dan {impact} hanya contoh kerja "
        "pada data SIMULASI dan tidak memuat temuan.",
        "legend_history": "P0 (BPS)",
        "legend_median": "Proyeksi (median)",
        "legend_band80": "Interval 80 %",
        "legend_band95": "Interval 95 %",
        "legend_target": "Target",
        "forecast_text": "P0 {year} diperkirakan {median} (interval 80 %: {i80}; 95 %: {i95}).",
        "forecast_target": "Target {year}: {target} ({kind}). Peluang mencapai target (P0 ≤ "
        "{high}): {p}; peluang tepat dalam rentang target: {p_range}. Penurunan yang dibutuhkan: "
        "{needed} poin/tahun, dibanding laju historis {historical} poin/tahun ({period}).",
        "forecast_no_target": "Target {year} belum ditetapkan: daftar target resmi proyek "
        "(RPJMD/RKPD) tidak memuat target P0 {year} untuk daerah ini.",
        "forecast_realistic": "Target yang ambisius tetapi realistis untuk {year}: {low}–{high} "
        "(peluang tercapai {chance}: makin rendah target, makin kecil peluangnya).",
        "table_forecast": "Proyeksi P0 {name}: titik (median) dan interval yang dikalibrasi dengan "
        "uji mundur.",
        "col_year": "Tahun",
        "col_point": "Titik",
        "col_i80": "80 %",
        "col_i95": "95 %",
        "fig_fan": "Proyeksi P0 dengan pita 80 % dan 95 %{target}.",
        "fig_fan_target": " dan target {year}",
        "backtest_title": "Uji mundur proyeksi (data hingga tahun asal saja)",
        "backtest_text": "Uji mundur (rolling origin) atas {n} kabupaten/kota {pool}, "
        "{n_forecasts} proyeksi hingga {horizon} ke depan: setiap proyeksi dari tahun asal "
        "T dihitung dan intervalnya dikalibrasi hanya dengan data yang sudah ada pada T, tanpa "
        "galat kabupaten lain pada tahun yang dinilai dan tanpa tahun sesudahnya. Interval "
        "memadukan guncangan tahunan provinsi (ragamnya dari seri P0 provinsi) dan simpangan "
        "kabupaten terhadap provinsi. «Kombinasi» = {members} ({chosen}). MAE, "
        "lebar pita dan skor interval dalam poin persentase (MAE naif: proyeksi nilai terakhir "
        "pada proyeksi yang sama); cakupan = bagian nilai aktual di dalam pita; skor interval "
        "(Gneiting & Raftery 2007) menghukum pita yang lebar dan nilai di luar pita, makin kecil "
        "makin baik. Kabupaten/kota satu provinsi berbagi guncangan tahunan yang sama, jadi tiap "
        "tahun target nyaris hanya satu pengamatan bebas; tahun target dengan kurang dari "
        "{min_n} proyeksi hanya masuk baris «{all}».",
        "period_without_covid": "{start}–{end}, tanpa perubahan yang melibatkan {covid}",
        "period_none": "tidak ada perubahan tahunan di luar tahun COVID",
        "pool_province": "{province}",
        "pool_all": "semua provinsi dalam data",
        "col_model": "Model",
        "col_mae": "MAE",
        "col_mae_naive": "MAE naif",
        "col_cov80": "Cakupan 80 %",
        "col_cov95": "Cakupan 95 %",
        "col_n": "n",
        "model_naive": "Naif (nilai terakhir)",
        "model_rw_drift": "Random walk dengan drift",
        "model_llt": "Tren linear lokal",
        "model_pooled": "Gabungan provinsi",
        "model_combination": "Kombinasi (dipakai)",
        "model_linear_trend": "Tren linear (OLS)",
        "col_eval_year": "Tahun target",
        "col_width80": "Lebar 80 %",
        "col_is95": "Skor interval 95 %",
        "eval_all": "semua",
        "forecast_coverage": "Dalam uji mundur atas {pool} ({years}; setiap proyeksi hanya "
        "memakai data yang sudah ada pada tahun asalnya), pita 80 % memuat {cov80} nilai aktual "
        "(terendah {worst80}, pada {worst_year}) dan pita 95 % memuat {cov95}.",
        "table_forecast_honest": "Proyeksi P0 {name}: titik (median) dan interval; cakupan "
        "interval dalam uji mundur ada di catatan metode.",
        "combination_chosen_test": "dipilih dengan uji mundur Jawa Tengah",
        "combination_chosen_params": "dipilih di berkas parameter",
        "forecast_coverage_short": "Pita ini ternyata terlalu sempit dalam uji itu: "
        "ketidakpastian sebenarnya lebih besar daripada yang tampak.",
        "msg_realistic_headline": "Target {year} belum ditetapkan; rentang realistis {low}–{high}, "
        "peluang tercapai {chance}",
        "msg_target_headline": "Peluang mencapai target {year} ({target}): {p}",
        "msg_target_detail": "dengan penurunan {needed} poin/tahun yang dibutuhkan, {ratio}× laju "
        "historis.",
        "msg_no_target_headline": "Target {year} belum ditetapkan; rentang realistis {low}–{high}",
        "msg_no_target_detail": "(proyeksi {median}, interval 80 %: {i80}).",
        "yes": "ya",
        "no": "tidak",
    },
    "en": {
        "org": "Bapperida {name} · TKPK Secretariat",
        "title": "TKPK Coordination Meeting Brief",
        "subtitle": "{name} — review of {year} and direction for {target_year}",
        "vintage": "Data: BPS, Susenas March {year}",
        "header_left": "TKPK Coordination Meeting Brief · {name}",
        "footer": "commit {commit} · generated by TKPK Analitik",
        "kf_p0": "P0 {year}",
        "kf_p0_note_change": "{change} from {previous}; {trust}, no interval",
        "kf_p0_note_nochange": "previous year not available",
        "kf_poor": "Poor population",
        "kf_poor_note": "March {year}; {note}",
        "kf_poor_latest": "latest figure available",
        "kf_rank": "Rank in {province}",
        "kf_rank_note": "year {year}; 95% CI: rank {low}–{high}; 1 = highest P0",
        "kf_gap": "Gap to province",
        "kf_gap_note": "95% CI: {interval}; {province} {value}",
        "kf_forecast": "P0 forecast {year}",
        "kf_forecast_note": "80% interval: {interval}",
        "kf_prob": "Chance of meeting target",
        "kf_prob_note": "target {target}",
        "kf_no_target": "No {year} target set yet",
        "kf_villages": "Priority villages {year}",
        "kf_villages_note": "in {kecamatan} districts · {sim}",
        "kf_impact": "Program effect (decile 1)",
        "kf_impact_note": "95% CI: {interval} · {sim}",
        "kf_pace": "P0 pace {start}–{end}",
        "kf_pace_note": "per year, COVID excluded; 95% CI: {interval}; {verdict}",
        "kf_pace_faster": "falling faster than the province",
        "kf_pace_slower": "slower than the province",
        "kf_pace_same": "not clearly different from the province",
        "kf_pace_noprovince": "province pace not available",
        "kf_pace_empty": "P0 pace",
        "kf_pace_none": "not computed: {n} yearly changes outside COVID (minimum {minimum})",
        "kf_impact_withheld": "withheld: priority villages already moved differently before the "
        "program (95% CI: {interval})",
        "kf_impact_open": "cannot be established yet (95% CI: {interval} includes 0)",
        "kf_villages_sim": "Village analysis",
        "kf_villages_sim_note": "needs the regency's own village register; village sections: "
        "SIMULASI example",
        "section_messages": "Key messages",
        "section_trend": "Trend and relative position",
        "section_forecast": "Forecast and target {year}",
        "section_pockets": "Poverty pockets",
        "section_impact": "Program impact",
        "section_notes": "Data and method notes",
        "fig_p0": "P0 of {name}, {province} and Indonesia, March {start}–{end}. Years without "
        "data are not drawn (broken line). Shaded: COVID-19 years.",
        "fig_quadrant": "Relative position of the {n} regencies/cities of {province}: P0 level "
        "{year} vs average change since {since}. Dashed lines: province values.",
        "fig_depth": "Poverty gap (P1), severity (P2) and number of poor (thousands), {name} and "
        "{province}.",
        "trend_text": "P0 of {name} in March {year} was {p0} ({change_text}), {gap_text} "
        "{province} ({province_p0}) and {nation_gap_text} Indonesia ({nation_p0}). Among the "
        "{n} regencies/cities of {province}, {name} ranks {rank} (1 = highest P0, year "
        "{rank_year}).",
        "change_down": "down {value} from {previous_value} in {previous}",
        "change_up": "up {value} from {previous_value} in {previous}",
        "change_none": "previous year not available",
        "above": "{value} above",
        "below": "{value} below",
        "equal": "equal to",
        "trend_pace": "P0 pace {start}–{end} (average of {n} yearly changes; changes touching "
        "{covid} are left out, as in the forecast): {regency} per year (95% CI: {interval}).",
        "trend_pace_none": "No pace or trend is stated: only {n} yearly changes outside the "
        "COVID years, fewer than the minimum of {minimum}.",
        "trend_pace_noprovince": "The province's pace over the same years is not available, so "
        "the pace is not compared.",
        "trend_pace_province": "The province over the same changes: {province_pace} per year; "
        "difference {difference} per year (95% CI: {interval}), so {verdict}. The pace is called "
        "different from the province's only when the CI of the difference excludes 0.",
        "trend_verdict_faster": "P0 fell faster than in the province",
        "trend_verdict_slower": "P0 fell more slowly than in the province",
        "trend_verdict_same": "the pace is not clearly different from the province's",
        "trend_uncertainty": "The sampling error of a regency P0 is approximated by an RSE of "
        "{rse}% (an approximation, not the BPS-published RSE per regency): gap to the province "
        "95% CI {gap_interval} points; rank 95% CI {low}–{high} (simulation).",
        "trend_covid": "COVID-19 raised P0 by {jump} between 2019 and 2021.",
        "trend_missing": "Years without a regency P0 in the data: {years}; they are left empty, "
        "not interpolated.",
        "trend_uncertain": "The quadrant position is uncertain: the 95% CI of the level gap or "
        "of the pace difference to the province includes 0.",
        "quadrant_high_falling_fast": "P0 above the province, falling faster",
        "quadrant_high_falling_slow": "P0 above the province, falling more slowly",
        "quadrant_low_falling_fast": "P0 below the province, falling faster",
        "quadrant_low_falling_slow": "P0 below the province, falling more slowly",
        "quadrant_text": "Quadrant: {quadrant}.",
        "quadrant_no_pace": "no pace",
        "quadrant_level_above": "P0 above the province",
        "quadrant_level_below": "P0 below the province",
        "quadrant_level_same": "P0 not clearly different from the province",
        "quadrant_pace_faster": "falling faster",
        "quadrant_pace_slower": "falling more slowly",
        "quadrant_pace_same": "pace not clearly different",
        "quadrant_verdicts": "Quadrant ({year}): {level}, {pace}.",
        "quadrant_no_pace_text": "No quadrant position, because the pace of the regency/city or "
        "of the province is not computed.",
        "axis_p0": "P0 (%)",
        "axis_pace": "Average pace {since}–{year} (points/year)",
        "axis_level": "P0 {year} (%)",
        "legend_nation": "Indonesia",
        "covid": "COVID-19",
        "p1": "P1 (gap)",
        "p2": "P2 (severity)",
        "jumlah_miskin_ribu": "Poor people (thousands)",
        "simulasi": "SIMULASI",
        "notes_sources": "Sources and trust levels",
        "notes_trust": "A = BPS table export agreeing with an independent copy; B = processed copy "
        "or official release; C = a single web page quoting BPS.",
        "notes_uncertainty": "P0, P1 and P2 are survey estimates (Susenas March). The project's "
        "data do not include the relative standard errors (RSE) BPS publishes by regency; the "
        "intervals of the gap to the province and of the rank use an approximate RSE of 5 % of "
        "P0, and P0 itself is shown without an interval.",
        "notes_params": "Parameters: {source}. Code: commit {commit}{dirty}. Input hashes "
        "(SHA-256, first 12 characters): {hashes}.",
        "notes_areas": "Kemendagri area codes: package idn-area-data 4.0.1 (ODbL data).",
        "notes_tolerated": "Data reading notes: {notes}",
        "dirty": " (uncommitted changes present)",
        "msg_pace_faster": "Poverty fell faster than in the province in {window}",
        "msg_pace_slower": "Poverty fell more slowly than in the province in {window}",
        "msg_pace_same": "Poverty's pace in {window} is not clearly different from the province's",
        "msg_pace_detail": "({own}; province {province}; difference {difference}, 95% CI: "
        "{interval}); {level}.",
        "msg_pace_rising": "Poverty did not fall in {window}, unlike in the province",
        "msg_pace_window": "{start}–{end}",
        "msg_pace_own": "{regency} points/year without the COVID years {covid}, 95% CI: {interval}",
        "msg_pace_none": "Too few data to judge the pace of poverty",
        "msg_pace_none_detail": "(only {n} yearly changes outside the COVID years, minimum "
        "{minimum}); {level}.",
        "msg_pace_noprovince": "The pace {window} cannot be compared with the province",
        "msg_pace_noprovince_detail": "({own}); {level}.",
        "msg_level_above": "the level is still {gap} above {province} (95% CI: {interval})",
        "msg_level_below": "the level is {gap} below {province} (95% CI: {interval})",
        "msg_level_close": "the level is not clearly different from {province} (gap {gap}, "
        "95% CI: {interval})",
        "msg_level_none": "the {province} level of the same year is not available",
        "msg_depth_headline": "{indicator} rose although P0 fell",
        "msg_depth_detail": "(P0 {first}–{last}: {p0_first} → {p0_last}%, while {indicator}: "
        "{value_first} → {value_last}): the remaining poverty got deeper.",
        "ind_desil1": "Decile 1 (extreme poor)",
        "ind_rtlh": "Uninhabitable house",
        "ind_no_electricity": "No electricity",
        "ind_no_water": "No proper drinking water",
        "ind_no_latrine": "No proper latrine",
        "ind_stunting_risk": "Stunting risk",
        "ind_child_out_of_school": "Child out of school",
        "ind_disability": "Disability",
        "ind_not_working": "Household head not working",
        "pockets_text": "{n_priority} of {n_villages} villages are priority villages in {year} "
        "under the rule in the box above, spread over {n_kecamatan} districts; they hold "
        "{pct_desil1} of the "
        "regency's decile-1 families. Highest concentration: {top_kecamatan}.",
        "pockets_kecamatan_item": "{name} ({n} villages, {pct} of its villages)",
        "sim_banner": "EXAMPLE ON SIMULATED DATA — not a finding. The village figures in this "
        "section were generated to demonstrate the method; use the regency's own register.",
        "pockets_agreement": "Agreement with the lokus list in the data for {year}: {both} of "
        "{reference} villages match (Cohen's kappa {kappa}).",
        "pockets_published": "Of the {reference} published {year} lokus villages recorded in "
        "the project's data, {both} are also selected by this rule.",
        "pockets_stability": "Stability: {stable} of {n} villages are selected in ≥ 90% of "
        "bootstrap replicates; alternative rules (count only, share only, index only) change "
        "{min_change}–{max_change} villages.",
        "pockets_spatial": "Spatial clusters (local Moran on the decile-1 share, FDR 5%): {hot} "
        "villages form hot spots, {priority} of them priority villages; {islands} villages without "
        "neighbours were not tested.",
        "rule_title": "How priority villages are chosen",
        "rule_text": "villages are taken alternately from two lists until {n} are chosen, list "
        "(a) first; each turn takes the top village of its list not yet chosen (villages already "
        "chosen are skipped, so every turn adds a new village): (a) most "
        "decile-1 families (last cut-off: {cut_mass} families); (b) highest decile-1 share after "
        "empirical-Bayes shrinkage (cut-off: {cut_share}), only among villages whose deprivation "
        "index over the eight indicators is ≥ {threshold} (regency median = 50; weights: "
        "{weights}). Ties: equal counts → higher share, then village code. Data: {source}, year "
        "{year}.",
        "weights_equal": "equal",
        "table_villages": "The first {shown} priority villages in order of selection (column #; "
        "{sim}). Decile-1 share with 90% interval (empirical Bayes); rank by count "
        "without interval (the family count is an administrative count). Full list of {n} "
        "villages: {annex}.",
        "col_kecamatan": "District",
        "col_village": "Village",
        "col_code": "Code",
        "col_desil1": "Decile-1 fam.",
        "col_share": "% decile 1 (90% CI)",
        "col_rank": "Rank by count",
        "fig_kecamatan": "Priority and other villages by district (the {n} districts with most "
        "priority villages; {sim}).",
        "fig_profile": "Deprivation profile: share of families by indicator, priority vs other "
        "villages, with 90% intervals ({sim}).",
        "axis_villages": "Number of villages",
        "axis_share_families": "Share of families (%)",
        "legend_priority": "Priority villages",
        "legend_other": "Other villages",
        "source_simulated": "SIMULASI (generator calibrated to BPS P0)",
        "source_user": "user's village data: {name}",
        "notes_villages_sim": "Village data: SIMULASI. P3KE/DTKS/DTSEN microdata are "
        "confidential; the project generates a village panel {years} (seed {seed}) calibrated so "
        "that the regency's share of decile-1 families equals BPS P0 each year (largest gap {gap} "
        "points). Every village-level table and figure is labelled SIMULASI; replace it with the "
        "regency's own village export (how: technical appendix).",
        "notes_villages_user": "Village data: {name} (user file, validated against the schema; "
        "file fingerprint: technical appendix).",
        "msg_concentration_headline": "Poverty pockets are concentrated in {kecamatan}",
        "msg_concentration_detail": "({k} districts hold {pct} of the decile-1 families living "
        "in priority villages{sim}).",
        "msg_profile_headline": "{first} and {second}",
        "msg_profile_detail": "are the deprivations that most set priority villages apart "
        "({ratio1}× and {ratio2}× as frequent{sim}).",
        "sim_suffix": "; SIMULASI",
        "axis_event_time": "Years since becoming a priority village",
        "axis_effect_pp": "Effect on % of decile-1 families (points)",
        "legend_estimate": "Estimate and 95% CI",
        "legend_reference": "Reference year",
        "impact_text": "Priority villages are compared with villages not (yet) prioritised "
        "(staggered difference-in-differences in the style of Callaway–Sant'Anna, with "
        "not-yet-treated villages as controls). Average effect on the share of decile-1 "
        "families: {effect} (95% CI: {interval}); TWFE estimate as a benchmark only: {twfe}. "
        "{pretrend}",
        "impact_none": "Program impact not estimated: the village data carry no lokus status "
        "(column lokus), so there are no priority villages to compare.",
        "pretrend_ok": "Pre-program trend test: no evidence of different trends (p {p}, {n} "
        "pre-program points).",
        "pretrend_bad": "Pre-program trend test: priority villages already moved differently "
        "before the program (p {p}, {n} points); read the effect above with great care.",
        "pretrend_none": "The pre-program trend test cannot be run (too few pre-program points).",
        "caveat_selection": "Villages were chosen because they were poor. Changes are measured "
        "from {offset} before selection and compared among villages with a similar "
        "initial decile-1 share; if villages were chosen for one bad year, their natural "
        "recovery would read as an effect (the pre-program trend test is the check).",
        "caveat_limited": "Limited test power: the pre-program trend test rests on only {n_pre} "
        "pre-program points, {n_treated} priority villages and {n_clusters} districts; not "
        "detecting a difference in trends does not show that the trends were parallel.",
        "caveat_simulated": "SIMULASI village data with an injected effect of {truth} (the true "
        "effect in these data); the figure tests the method, it does not assess the program.",
        "caveat_clusters": "Intervals are clustered by district ({n} districts): with few "
        "clusters the t test uses effective degrees of freedom (Bell-McCaffrey) and the "
        "pre-programme trend test a wild cluster bootstrap.",
        "table_impact": "Average effect on priority villages by indicator (percentage points of "
        "families; negative = fewer), 95% CI clustered by district; TWFE as a benchmark only "
        "({sim}).",
        "col_outcome": "Indicator",
        "col_effect": "Effect (points)",
        "col_ci95": "95% CI",
        "col_twfe": "TWFE",
        "fig_event_study": "Event study: effect on the share of decile-1 families by years since "
        "selection, with 95% CI ({sim}).",
        "kf_impact_none": "not estimated (no lokus status)",
        "msg_impact_effect": "The share of decile-1 families in priority villages fell {effect} "
        "faster",
        "msg_impact_noeffect": "The program's effect on decile 1 cannot be established yet",
        "msg_impact_detail": "than in comparison villages (95% CI: {interval}{sim}).",
        "msg_impact_pretrend": "because priority villages already moved differently before the "
        "program (95% CI of the effect: {interval}{sim}).",
        "msg_impact_villages_simulated": "Village analysis needs the regency's own village "
        "register",
        "msg_impact_villages_simulated_detail": "(a P3KE/DTSEN export of the regency; "
        "how to plug it in: technical appendix); the sections {pockets} and {impact} are only a "
        "worked example on SIMULASI data and hold no finding.",
        "legend_history": "P0 (BPS)",
        "legend_median": "Forecast (median)",
        "legend_band80": "80% interval",
        "legend_band95": "95% interval",
        "legend_target": "Target",
        "forecast_text": "P0 in {year} is forecast at {median} (80% interval: {i80}; 95%: {i95}).",
        "forecast_target": "Target {year}: {target} ({kind}). Chance of meeting the target (P0 ≤ "
        "{high}): {p}; chance of landing inside the target range: {p_range}. Decline needed: "
        "{needed} points/year, against a historical pace of {historical} points/year ({period}).",
        "forecast_no_target": "No {year} target set yet: the project's list of official targets "
        "(RPJMD/RKPD) holds no {year} P0 target for this area.",
        "forecast_realistic": "Ambitious but realistic target for {year}: {low}–{high} "
        "({chance} chance of being met: the lower the target, the smaller the chance).",
        "table_forecast": "P0 forecast for {name}: point (median) and intervals calibrated by "
        "backtesting.",
        "col_year": "Year",
        "col_point": "Point",
        "col_i80": "80%",
        "col_i95": "95%",
        "fig_fan": "P0 forecast with 80% and 95% bands{target}.",
        "fig_fan_target": " and the {year} target",
        "backtest_title": "Forecast backtest (data up to the origin year only)",
        "backtest_text": "Rolling-origin backtest over {n} regencies/cities of {pool}, "
        "{n_forecasts} forecasts up to {horizon} ahead: every forecast from origin T is "
        "fitted and its interval calibrated with the data available at T only, without other "
        "regencies' errors in the year being judged and without later years. The intervals "
        "combine the province's yearly shock (its variance from the province's P0 series) and "
        "the regency's deviation from the province. «Combination» = {members} ({chosen}). "
        "MAE, band width and interval score in percentage points (naive MAE: last-value "
        "forecast on the same forecasts); coverage = share of actual values inside the band; the "
        "interval score (Gneiting & Raftery 2007) penalises wide bands and values outside them, "
        "lower is better. Regencies of one province share each year's shock, so a target year is "
        "close to one independent observation; target years with fewer than {min_n} forecasts "
        "enter only the «{all}» rows.",
        "period_without_covid": "{start}–{end}, excluding changes that involve {covid}",
        "period_none": "no annual change outside the COVID years",
        "pool_province": "{province}",
        "pool_all": "all provinces in the data",
        "col_model": "Model",
        "col_mae": "MAE",
        "col_mae_naive": "Naive MAE",
        "col_cov80": "80% coverage",
        "col_cov95": "95% coverage",
        "col_n": "n",
        "model_naive": "Naive (last value)",
        "model_rw_drift": "Random walk with drift",
        "model_llt": "Local linear trend",
        "model_pooled": "Province-pooled",
        "model_combination": "Combination (used)",
        "model_linear_trend": "Linear trend (OLS)",
        "col_eval_year": "Target year",
        "col_width80": "80% width",
        "col_is95": "95% interval score",
        "eval_all": "all",
        "forecast_coverage": "In a backtest over {pool} ({years}; each forecast using only the "
        "data available in its origin year), the 80% band held {cov80} of actual values (lowest "
        "{worst80}, in {worst_year}) and the 95% band {cov95}.",
        "table_forecast_honest": "P0 forecast for {name}: point (median) and intervals; their "
        "backtest coverage is in the method notes.",
        "combination_chosen_test": "chosen by the Jawa Tengah backtest",
        "combination_chosen_params": "chosen in the parameter file",
        "forecast_coverage_short": "The bands proved too narrow in that test: the real "
        "uncertainty is larger than it looks.",
        "msg_realistic_headline": "No {year} target yet; a realistic range is {low}–{high}, with "
        "a {chance} chance of being met",
        "msg_target_headline": "Chance of meeting the {year} target ({target}): {p}",
        "msg_target_detail": "the decline needed is {needed} points/year, {ratio}× the historical "
        "pace.",
        "msg_no_target_headline": "No {year} target yet; a realistic range is {low}–{high}",
        "msg_no_target_detail": "(forecast {median}, 80% interval: {i80}).",
        "yes": "yes",
        "no": "no",
    },
}


def _merge_parts() -> None:
    """Merge the part modules' texts into `CATALOGUE`, `ANNEX_ID` and `ANNEX_EN` (keys unique)."""
    for part in PARTS:
        for lang, texts in part.TEXT.items():
            clash = set(texts) & set(CATALOGUE[lang])
            if clash:
                raise RuntimeError(f"catalogue keys defined twice: {sorted(clash)}")
            CATALOGUE[lang].update(texts)
        for annex, lang in ((ANNEX_ID, "id"), (ANNEX_EN, "en")):
            extra = part.ANNEX.get(lang, {})
            clash = set(extra) & set(annex)
            if clash:
                raise RuntimeError(f"annex keys defined twice: {sorted(clash)}")
            annex.update(extra)


class Local:
    """A catalogue text rendered in the language of the message it is put in.

    Used as a field of `text` and `both` (a user file's label, "sheet 2 of the file", the place or
    the problem of a message); ``str()`` gives the English text, for code that formats it into an
    English-only note.
    """

    def __init__(self, key: str, /, **fields):
        self.key = key
        self.fields = fields

    def render(self, lang: str) -> str:
        """The text in ``lang`` (nested `Local` fields rendered in the same language)."""
        return text(self.key, lang, **self.fields)

    def __str__(self) -> str:
        return self.render("en")

    def __repr__(self) -> str:
        return f"Local({self.key!r})"

    def __eq__(self, other) -> bool:
        return isinstance(other, Local) and (self.key, self.fields) == (other.key, other.fields)

    def __hash__(self) -> int:
        return hash(self.key)


def _field(value, lang: str):
    """A field's value in ``lang``: `Local` rendered, ``{"id": .., "en": ..}`` picked, a list
    holding `Local` pieces joined by commas; anything else unchanged."""
    if isinstance(value, Local):
        return value.render(lang)
    if isinstance(value, dict) and set(value) == {"id", "en"}:
        return value[lang]
    if isinstance(value, list) and any(isinstance(item, Local) for item in value):
        return ", ".join(str(_field(item, lang)) for item in value)
    return value


_OS_REASONS = {
    errno.EACCES: "errf_os_eacces",
    errno.EPERM: "errf_os_eperm",
    errno.EROFS: "errf_os_erofs",
    errno.ENOSPC: "errf_os_enospc",
    errno.EDQUOT: "errf_os_edquot",
    errno.ENOENT: "errf_os_enoent",
    errno.EISDIR: "errf_os_eisdir",
    errno.ENOTDIR: "errf_os_enotdir",
    errno.EIO: "errf_os_eio",
    errno.EMFILE: "errf_os_emfile",
    errno.ENAMETOOLONG: "errf_os_enametoolong",
    errno.ELOOP: "errf_os_eloop",
}


def os_reason(error: OSError | int | None) -> Local | str:
    """Why the system refused a file, as a message field in the message's own language.

    The usual refusals (permission, read-only, disk full, missing, ...) come from the catalogue;
    any other error number keeps the system's English text (``os.strerror``).
    """
    number = error.errno if isinstance(error, OSError) else error
    if number in _OS_REASONS:
        return Local(_OS_REASONS[number])
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return os.strerror(number) if number is not None else ""


def workbook_problem(error: BaseException, detail: bool = False) -> Local | str:
    """Why openpyxl could not open a workbook, as a message field in the message's language.

    Not a zip archive (an old .xls or a CSV named .xlsx) and a zip without a workbook come from
    the catalogue; anything else is the exception's type name (with its text when ``detail``).
    """
    import zipfile

    if isinstance(error, zipfile.BadZipFile):
        return Local("errf_xlsxp_not_zip")
    if isinstance(error, KeyError) and "There is no item named" in str(error):
        return Local("errf_xlsxp_no_workbook")  # the zip lacks [Content_Types].xml or the book
    name = type(error).__name__
    return f"{name}: {str(error)[:120]}" if detail else name


def text(key: str, lang: str = "id", /, **fields) -> str:
    """Return the catalogue text for ``key`` in ``lang``, filled with ``fields``.

    A field may itself be catalogue text (`Local`, or ``{"id": ..., "en": ...}``): it is filled
    in ``lang`` too, so one message can be built from pieces and shown in both languages.
    """
    return CATALOGUE[lang][key].format(**{name: _field(v, lang) for name, v in fields.items()})


def label_in_both(key: str, /, **fields) -> dict[str, str]:
    """The catalogue text ``key`` in both languages, as a field value for `text` and `both`."""
    return {lang: text(key, lang, **fields) for lang in ("id", "en")}


def both(key: str, /, **fields) -> str:
    """The catalogue text ``key`` in Indonesian, then "(en) " and the English text.

    Used for error messages, which are printed before the brief's language may be known (a params
    file that cannot be read has no language yet).
    """
    return f"{text(key, 'id', **fields)}\n(en) {text(key, 'en', **fields)}"


def placeholders(template: str) -> set[str]:
    """Return the ``str.format`` field names a catalogue text uses."""
    return {field for _, field, _, _ in string.Formatter().parse(template) if field}


def is_city(kode_bps: str | None) -> bool:
    """True for a city (kota): in the official BPS/Kemendagri code the regency part is 71-99."""
    code = str(kode_bps or "")
    return len(code) == 4 and code[2:].isdigit() and int(code[2:]) >= 71


# A city's villages are kelurahan and the city is a kota, not a kabupaten. Applied to the
# catalogue's templates (never to the values filled in, which may be names). "kabupaten/kota"
# and "kabupaten lain" (other regencies of the province) keep their word.
_CITY_WORDS_ID = (
    (re.compile(r"\bdesanya\b"), "kelurahannya"),
    (re.compile(r"\bdesa\b"), "kelurahan"),
    (re.compile(r"\bDesa\b"), "Kelurahan"),
    (re.compile(r"\bkabupaten\b(?!/| lain)"), "kota"),
)


def city_words(template: str, lang: str) -> str:
    """A catalogue template in a city's words (kelurahan, kota); unchanged outside Indonesian."""
    if lang != "id":
        return template
    for pattern, word in _CITY_WORDS_ID:
        template = pattern.sub(word, template)
    return template


# English plural nouns after a count of exactly one ("1 villages" -> "1 village"), optionally
# with one adjective between ("1 pre-program points", "1 yearly changes"). Indonesian nouns do
# not inflect; the catalogue's English texts are written for counts above one.
_ENGLISH_SINGULAR = {
    "villages": "village",
    "districts": "district",
    "years": "year",
    "points": "point",
    "families": "family",
    "forecasts": "forecast",
    "changes": "change",
    "clusters": "cluster",
    "replicates": "replicate",
    "regencies": "regency",
    "units": "unit",
}
_ONE_PLURAL = re.compile(
    r"(?<![\d.,\u2212-])\b1 ((?:[a-z-]+ )?)(" + "|".join(_ENGLISH_SINGULAR) + r")\b"
)


def singular_counts(text: str, lang: str) -> str:
    """English text with the singular noun after a count of one."""
    if lang != "en":
        return text
    return _ONE_PLURAL.sub(lambda m: f"1 {m.group(1)}{_ENGLISH_SINGULAR[m.group(2)]}", text)


class Labels:
    """Catalogue texts bound to one language (``labels("kf_p0", year=2025)``).

    With the ``kode_bps`` of a city the Indonesian texts say kelurahan and kota (`city_words`).
    """

    def __init__(self, lang: str = "id", kode_bps: str | None = None):
        if lang not in CATALOGUE:
            raise ValueError(f"language {lang!r} is not one of {', '.join(CATALOGUE)}")
        self.lang = lang
        self.city = is_city(kode_bps)

    def __call__(self, key: str, **fields) -> str:
        template = CATALOGUE[self.lang][key]
        if self.city:
            template = city_words(template, self.lang)
        return singular_counts(template.format(**fields), self.lang)


INDICATOR_NAMES_EN = {
    "desil1": "Desil 1 (extreme poor)",
    "rtlh": "Uninhabitable house (RTLH)",
    "no_electricity": "No electricity",
    "no_water": "No proper drinking water",
    "no_latrine": "No proper latrine",
    "stunting_risk": "Stunting risk",
    "child_out_of_school": "Child out of school",
    "disability": "Disability",
    "not_working": "Head not working",
}


# Sheet names, titles and column headers of the XLSX annex (keys of `ANNEX_EN`,
# whose English texts are the defaults there); a test checks both cover the same keys.
ANNEX_ID = {
    "sheet_villages": "Desa prioritas",
    "sheet_kecamatan": "Kecamatan",
    "sheet_sensitivity": "Sensitivitas",
    "sheet_rule": "Metode lokus",
    "sheet_sources": "Sumber",
    "title_villages": "Desa prioritas {year}",
    "title_kecamatan": "Desa prioritas per kecamatan, {year}",
    "title_sensitivity": "Desa yang masuk atau keluar menurut aturan alternatif, {year}",
    "title_rule": "Metode penentuan lokus: cara desa prioritas dipilih",
    "title_sources": "Sumber dan catatan",
    "simulated_note": "SIMULASI: data desa disimulasikan, bukan data registrasi sebenarnya; "
    "jangan dipakai untuk keputusan tentang desa yang nyata.",
    "field": "Isian",
    "value": "Nilai",
    "yes": "ya",
    "no": "tidak",
    "village_code": "Kode desa",
    "village_name": "Desa",
    "kecamatan_code": "Kode kecamatan",
    "kecamatan_name": "Kecamatan",
    "families": "Keluarga",
    "families_desil1": "Keluarga desil 1",
    "families_desil1_4": "Keluarga desil 1-4",
    "share_desil1": "Persentase desil 1 (%)",
    "eb_share": "Persentase EB (%)",
    "eb_low": "Batas bawah EB (%)",
    "eb_high": "Batas atas EB (%)",
    "rank_mass": "Peringkat jumlah",
    "rank_eb": "Peringkat persentase EB",
    "rank_eb_low": "Peringkat EB bawah",
    "rank_eb_high": "Peringkat EB atas",
    "deprivation_index": "Indeks deprivasi",
    "rank_index": "Peringkat indeks",
    "rank_index_low": "Peringkat indeks bawah",
    "rank_index_high": "Peringkat indeks atas",
    "selection_frequency": "Frekuensi terpilih",
    "entered_by": "Masuk melalui",
    "selection_order": "Urutan",
    "n_villages": "Jumlah desa",
    "n_priority": "Desa prioritas",
    "pct_villages_priority": "Persentase desa prioritas (%)",
    "families_desil1_k": "Keluarga desil 1",
    "desil1_in_priority": "Keluarga desil 1 di desa prioritas",
    "pct_desil1_in_priority": "Persentase desil 1 di desa prioritas (%)",
    "priority": "Aturan utama",
    "alt_mass": "Hanya jumlah",
    "alt_intensity": "Hanya persentase EB",
    "alt_deprivation": "Hanya indeks",
    "n_rules": "Jumlah aturan memilih",
    "share_rtlh": "Rumah tidak layak huni (%)",
    "share_no_electricity": "Tanpa listrik (%)",
    "share_no_water": "Tanpa air minum layak (%)",
    "share_no_latrine": "Tanpa jamban layak (%)",
    "share_stunting_risk": "Risiko stunting (%)",
    "share_child_out_of_school": "Anak tidak sekolah (%)",
    "share_disability": "Disabilitas (%)",
    "share_not_working": "Kepala keluarga tidak bekerja (%)",
}


def annex_labels(lang: str, kode_bps: str | None = None) -> dict[str, str]:
    """Return the annex texts (sheet names, titles, column headers, values) in a language.

    With the ``kode_bps`` of a city the Indonesian texts say kelurahan and kota.
    """
    texts = dict(ANNEX_ID) if lang == "id" else dict(ANNEX_EN)
    if is_city(kode_bps):
        texts = {key: city_words(value, lang) for key, value in texts.items()}
    return texts


ANNEX_EN = {
    "sheet_villages": "Priority villages",
    "sheet_kecamatan": "Kecamatan",
    "sheet_sensitivity": "Sensitivity",
    "sheet_rule": "Rule card",
    "sheet_sources": "Sources",
    "title_villages": "Priority villages {year}",
    "title_kecamatan": "Priority villages by kecamatan, {year}",
    "title_sensitivity": "Villages that enter or leave under alternative rules, {year}",
    "title_rule": "Rule card: how priority villages were selected",
    "title_sources": "Sources and notes",
    "simulated_note": "SIMULASI: village data are simulated, not real registers; do not use "
    "for decisions about real villages.",
    "field": "Field",
    "value": "Value",
    "yes": "yes",
    "no": "no",
    "village_code": "Village code",
    "village_name": "Village",
    "kecamatan_code": "Kecamatan code",
    "kecamatan_name": "Kecamatan",
    "families": "Families",
    "families_desil1": "Desil 1 families",
    "families_desil1_4": "Desil 1-4 families",
    "share_desil1": "Desil 1 share (%)",
    "eb_share": "EB share (%)",
    "eb_low": "EB share low (%)",
    "eb_high": "EB share high (%)",
    "rank_mass": "Rank by mass",
    "rank_eb": "Rank by EB share",
    "rank_eb_low": "EB rank low",
    "rank_eb_high": "EB rank high",
    "deprivation_index": "Deprivation index",
    "rank_index": "Index rank",
    "rank_index_low": "Index rank low",
    "rank_index_high": "Index rank high",
    "selection_frequency": "Selection frequency",
    "entered_by": "Entered by",
    "selection_order": "Order",
    "n_villages": "Villages",
    "n_priority": "Priority villages",
    "pct_villages_priority": "Priority share of villages (%)",
    "families_desil1_k": "Desil 1 families",
    "desil1_in_priority": "Desil 1 families in priority villages",
    "pct_desil1_in_priority": "Share of desil 1 in priority villages (%)",
    "priority": "Main rule",
    "alt_mass": "Mass only",
    "alt_intensity": "EB share only",
    "alt_deprivation": "Index only",
    "n_rules": "Rules selecting",
    **{f"share_{name}": f"{INDICATOR_NAMES_EN[name]} (%)" for name in INDICATORS},
}


PARTS = (
    parts_inputs,
    parts_publish,
    parts_national,
    parts_register,
    parts_villages,
    parts_reader,
    parts_figures,
    parts_err_files,
    parts_err_data,
    parts_err_stages,
)
_merge_parts()
