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
    },
}

ANNEX: dict[str, dict[str, str]] = {
    "id": {},
    "en": {},
}
