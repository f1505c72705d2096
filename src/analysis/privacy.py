"""Personal data: the one pattern of personal-data columns, and the last check before publishing.

Village data arrive from by-name-by-address registers (P3KE, DTKS, DTSEN); this tool takes and
publishes village aggregates only. Two gates use the same column pattern, `is_personal_column`:

* the input check: `analysis.tables.read_table` (every table a user supplies) and
  `analysis.villages.validate_panel` refuse a column named like a personal identifier, without
  ever reading its values into a message (`refuse_personal_columns`);
* the output guard, `check_outputs`: every executed notebook, the PDF text and every XLSX sheet are
  scanned for 16-digit numbers (the NIK and the family card number, No. KK, have 16 digits) and for
  table columns named like personal identifiers. A hit stops the build before anything is
  published.
"""

from __future__ import annotations

import re
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path

from analysis.errors import InputError

NIK_PATTERN = re.compile(r"(?<![\w.])\d{16}(?![\w.])")

# Words (or two adjacent words joined by "_") that mark a personal identifier in a column name:
# identity and family-card numbers, addresses, phone numbers, e-mail and birth dates. The list is
# deliberately broad: a refused aggregate file costs a rename, a leaked identifier cannot be undone.
PERSONAL_TOKENS = frozenset(
    {
        "nik",
        "kk",
        "nokk",
        "no_kk",
        "nomor_kk",
        "ktp",
        "alamat",
        "address",
        "telepon",
        "telp",
        "phone",
        "handphone",
        "ponsel",
        "hp",
        "whatsapp",
        "email",
        "e_mail",
        "tgl_lahir",
        "tanggal_lahir",
        "tempat_lahir",
        "birth",
        "birthdate",
        "dob",
    }
)
# "nama"/"name" is a person's name unless a word for a place or a thing qualifies it: nama_desa,
# village_name, file_name and rule_name name places and things.
NAME_TOKENS = frozenset({"nama", "name"})
AREA_TOKENS = frozenset(
    {
        "desa",
        "kelurahan",
        "village",
        "kecamatan",
        "district",
        "kabupaten",
        "regency",
        "kota",
        "provinsi",
        "province",
        "wilayah",
        "area",
    }
)
THING_TOKENS = frozenset(
    {
        "sumber",
        "source",
        "file",
        "sheet",
        "kolom",
        "column",
        "field",
        "isian",
        "variabel",
        "variable",
        "indikator",
        "indicator",
        "aturan",
        "rule",
        "metode",
        "method",
        "model",
        "program",
    }
)
# A quantity word makes the column an aggregate: "jumlah_kk" counts families, it identifies nobody.
QUANTITY_TOKENS = frozenset({"jumlah", "jml", "total", "count", "persen", "persentase", "share"})
# An output cell longer than this many words is text, not a column name (it is still scanned for
# NIK-like numbers): a note mentioning "KK" or "nama" must not read as such a column.
COLUMN_NAME_WORDS = 6
_WORD_SPLIT = re.compile(r"[\W_]+")


def _words(name: object) -> list[str]:
    """Lower-case words of a column name, split at spaces, punctuation and underscores."""
    return [word for word in _WORD_SPLIT.split(str(name).strip().lower()) if word]


def is_personal_column(name: object) -> bool:
    """Whether a column name looks like a personal identifier (the one pattern of this project).

    Parameters
    ----------
    name : object
        A column name as written ("No. KK", "Nama Kepala Keluarga", "e-mail", "nama_desa").

    Returns
    -------
    bool
        True for a name with a word of `PERSONAL_TOKENS` (alone or two words joined, as in "no kk"
        or "tanggal lahir"), or with "nama"/"name" not qualified by a word of `AREA_TOKENS` or
        `THING_TOKENS`;
        False when a word of `QUANTITY_TOKENS` makes it a count ("jumlah KK").
    """
    words = _words(name)
    found = set(words) | {"_".join(pair) for pair in zip(words, words[1:], strict=False)}
    if found & QUANTITY_TOKENS:
        return False
    person_name = bool(found & NAME_TOKENS) and not found & (AREA_TOKENS | THING_TOKENS)
    return person_name or bool(found & PERSONAL_TOKENS)


def personal_columns(columns) -> list[str]:
    """Return the column names that look like personal identifiers, in input order.

    Parameters
    ----------
    columns : iterable
        Column names as written in a file or shown in an output (empty cells are skipped).

    Returns
    -------
    list of str
        The original names of the suspicious columns.
    """
    return [str(c) for c in columns if c not in (None, "") and is_personal_column(c)]


def refuse_personal_columns(columns, where: str) -> None:
    """Raise `InputError` if a column looks like personal data; its values are never shown.

    Parameters
    ----------
    columns : iterable
        The column names of an input table.
    where : str
        The file (and sheet) named in the message.
    """
    suspicious = personal_columns(columns)
    if suspicious:
        raise InputError(
            f"{where}: column(s) {', '.join(repr(c) for c in suspicious)} look like personal "
            "identifiers (NIK, names of people, addresses, family-card or phone numbers, e-mail, "
            "birth dates). This tool takes village aggregates only: delete those columns from the "
            "file (and do not share the personal data), then try again."
        )


class PrivacyError(RuntimeError):
    """An output contains what looks like personal data; the message says where."""


class _HeaderCells(HTMLParser):
    def __init__(self):
        super().__init__()
        self.headers: list[str] = []
        self._inside = False

    def handle_starttag(self, tag, attrs):
        self._inside = tag == "th"

    def handle_endtag(self, tag):
        self._inside = False

    def handle_data(self, data):
        if self._inside and data.strip():
            self.headers.append(data.strip())


def scan_text(text: str, where: str) -> list[str]:
    """Return findings of NIK-like numbers in a text."""
    return [
        f"{where}: 16-digit number {match.group()[:4]}… (looks like a NIK or No. KK)"
        for match in NIK_PATTERN.finditer(text)
    ]


@lru_cache(maxsize=1)
def _place_names() -> frozenset[str]:
    """Official names of every village, kecamatan and regency (read only when a cell trips)."""
    from analysis import data  # imported here: analysis.data reads its tables through this module

    try:
        return data.official_place_names()
    except InputError:
        return frozenset()  # without the lists no place name is exempt: stricter, not weaker


def scan_columns(columns: list[str], where: str) -> list[str]:
    """Return findings of output cells that may name a column and look like personal data.

    Every cell of an output table may head a column, so two kinds of cells are not column names:
    a text of more than `COLUMN_NAME_WORDS` words (a note), and an official place name (the
    villages "Nama Lena" and "Siraga HP" are places, not columns of names and phone numbers).
    """
    names = [name for name in columns if len(_words(name)) <= COLUMN_NAME_WORDS]
    return [
        f"{where}: column '{name}' looks like personal data"
        for name in personal_columns(names)
        if name.strip() not in _place_names()
    ]


def scan_notebook(path: Path) -> list[str]:
    """Scan every output of an executed notebook (HTML table headers as column names)."""
    import nbformat

    findings = []
    notebook = nbformat.read(path, as_version=4)
    for index, cell in enumerate(notebook.cells):
        for output in cell.get("outputs", []):
            where = f"{path.name}, cell {index + 1}"
            texts = [output.get("text", "")]
            for mime, value in output.get("data", {}).items():
                if mime.startswith("text/") or mime == "application/json":
                    texts.append(value if isinstance(value, str) else str(value))
                if mime == "text/html":
                    parser = _HeaderCells()
                    parser.feed(value if isinstance(value, str) else "".join(value))
                    findings += scan_columns(parser.headers, where)
            for text in texts:
                findings += scan_text(text if isinstance(text, str) else "".join(text), where)
    return findings


def scan_pdf(path: Path) -> list[str]:
    """Scan the text of every page of a PDF."""
    from pypdf import PdfReader

    findings = []
    for number, page in enumerate(PdfReader(path).pages, start=1):
        findings += scan_text(page.extract_text() or "", f"{path.name}, page {number}")
    return findings


def scan_xlsx(path: Path) -> list[str]:
    """Scan every cell of every sheet; header-like cells are checked as column names."""
    from openpyxl import load_workbook

    findings = []
    workbook = load_workbook(path, read_only=True)
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows(values_only=True):
            cells = [str(value) for value in row if value is not None]
            where = f"{path.name}, sheet '{sheet.title}'"
            findings += scan_columns(cells, where)  # any cell may head a column
            for cell in cells:
                findings += scan_text(cell, where)
    workbook.close()
    return findings


def check_outputs(folder: Path) -> None:
    """Scan a build folder's notebooks, PDF and XLSX files; raise `PrivacyError` on any finding."""
    folder = Path(folder)
    findings = []
    for path in sorted(folder.rglob("*.ipynb")):
        findings += scan_notebook(path)
    for path in sorted(folder.rglob("*.pdf")):
        findings += scan_pdf(path)
    for path in sorted(folder.rglob("*.xlsx")):
        findings += scan_xlsx(path)
    if findings:
        shown = "\n  ".join(findings[:10])
        raise PrivacyError(
            f"personal data found in the outputs; nothing was published:\n  "
            f"{shown}\nOutputs must hold village aggregates only: remove names, NIK, No. KK, "
            "addresses, phone numbers, e-mail addresses and birth dates from the input."
        )
