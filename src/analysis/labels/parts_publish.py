"""Catalogue texts for building and publishing a brief (staging, language variants).

Merged into `analysis.labels.CATALOGUE` (keys must not repeat another part's); same keys in both
languages, same ``str.format`` fields. The build prints these in the brief's language and then in
the other one: a failure to write may come before anyone reads the brief's language setting.
"""

TEXT: dict[str, dict[str, str]] = {
    "id": {
        "publish_read_only": (
            "tidak dapat menulis ke {path} ({reason}); tidak ada yang diterbitkan dan brief "
            "yang sudah ada di {folder} tidak berubah. Jadikan folder itu dapat ditulis "
            "(chmod -R u+w {folder}) atau bangun di folder lain: "
            "make report REGENCY={regency} REPORTS_DIR=/tmp/reports"
        ),
        "publish_disk_full": (
            "disk penuh saat menulis {path}; tidak ada yang diterbitkan dan brief yang sudah "
            "ada di {folder} tidak berubah. Kosongkan ruang disk (periksa dengan df -h {folder}) "
            "lalu jalankan ulang: make report REGENCY={regency}"
        ),
        "publish_regency_killed": (
            "proses yang membangun {regency} dihentikan oleh sinyal {signal}; tidak ada yang "
            "diterbitkan dan brief yang sudah ada di {folder} tidak berubah. Jalankan ulang: "
            "make report REGENCY={regency} (jika memori habis, tutup program lain atau kurangi "
            "WORKERS)"
        ),
        "publish_regency_died": (
            "proses yang membangun {regency} berhenti tanpa hasil (status {status}); tidak ada "
            "yang diterbitkan dan brief yang sudah ada di {folder} tidak berubah. Jalankan "
            "ulang: make report REGENCY={regency}"
        ),
        "publish_notebook_killed": (
            "proses yang menjalankan notebook {notebook} dihentikan oleh sinyal {signal}; "
            "tidak ada yang diterbitkan dan brief yang sudah ada di {folder} tidak berubah. "
            "Jalankan ulang: make report REGENCY={regency} (jika memori habis, tutup program "
            "lain atau kurangi WORKERS)"
        ),
        "publish_notebook_died": (
            "proses yang menjalankan notebook {notebook} berhenti tanpa hasil (status {status}); "
            "tidak ada yang diterbitkan dan brief yang sudah ada di {folder} tidak berubah. "
            "Jalankan ulang: make report REGENCY={regency}"
        ),
        "server_ready": (
            "server build siap (berhenti setelah {minutes} menit tanpa permintaan, atau dengan "
            "make serve-stop); make report kini mulai tanpa memuat pustaka lagi"
        ),
        "server_already": "server build sudah berjalan (pid {pid})",
        "server_status_on": "server build berjalan (pid {pid})",
        "server_status_off": "tidak ada server build yang berjalan",
        "server_stopped": "server build dihentikan",
        "server_not_started": "server build tidak dapat dimulai",
        "server_child_died": (
            "proses server build berhenti tiba-tiba; tidak ada yang diterbitkan dan brief yang "
            "sudah ada tidak berubah. Jalankan ulang: make report REGENCY=<nama>"
        ),
        "server_folder_open": (
            "folder {folder} harus milik Anda dan tertutup bagi pengguna lain (chmod 700 {folder})"
        ),
    },
    "en": {
        "publish_read_only": (
            "cannot write to {path} ({reason}); nothing was published and the brief already "
            "in {folder} is unchanged. Make that folder writable (chmod -R u+w {folder}) or "
            "build into another folder: make report REGENCY={regency} REPORTS_DIR=/tmp/reports"
        ),
        "publish_disk_full": (
            "the disk is full while writing {path}; nothing was published and the brief already "
            "in {folder} is unchanged. Free some disk space (check with df -h {folder}) and "
            "rerun: make report REGENCY={regency}"
        ),
        "publish_regency_killed": (
            "the process building {regency} was killed by signal {signal}; nothing was "
            "published and the brief already in {folder} is unchanged. Rerun: make report "
            "REGENCY={regency} (if memory ran out, close other programs or use fewer WORKERS)"
        ),
        "publish_regency_died": (
            "the process building {regency} ended without a result (status {status}); nothing "
            "was published and the brief already in {folder} is unchanged. Rerun: make report "
            "REGENCY={regency}"
        ),
        "publish_notebook_killed": (
            "the process running notebook {notebook} was killed by signal {signal}; nothing was "
            "published and the brief already in {folder} is unchanged. Rerun: make report "
            "REGENCY={regency} (if memory ran out, close other programs or use fewer WORKERS)"
        ),
        "publish_notebook_died": (
            "the process running notebook {notebook} ended without a result (status {status}); "
            "nothing was published and the brief already in {folder} is unchanged. Rerun: "
            "make report REGENCY={regency}"
        ),
        "server_ready": (
            "build server ready (it stops after {minutes} minutes without a request, or with "
            "make serve-stop); make report now starts without loading the libraries again"
        ),
        "server_already": "the build server is already running (pid {pid})",
        "server_status_on": "the build server is running (pid {pid})",
        "server_status_off": "no build server is running",
        "server_stopped": "the build server was stopped",
        "server_not_started": "the build server could not be started",
        "server_child_died": (
            "the build server's process ended unexpectedly; nothing was published and the brief "
            "already there is unchanged. Rerun: make report REGENCY=<name>"
        ),
        "server_folder_open": (
            "the folder {folder} must be your own and closed to other users (chmod 700 {folder})"
        ),
    },
}

ANNEX: dict[str, dict[str, str]] = {
    "id": {},
    "en": {},
}
