"""The last check before a build is published: no personal identifiers in any output.

Village data arrive from by-name-by-address registers (P3KE, DTKS, DTSEN). Outputs must carry
village aggregates only, so every executed notebook, the PDF text and every XLSX sheet are scanned
for 16-digit numbers (the NIK and the family card number, No. KK, have 16 digits) and for table
columns named like personal identifiers. A hit stops the build before anything is published.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import nbformat

NIK_PATTERN = re.compile(r"(?<![\w.])\d{16}(?![\w.])")
# Column names of personal data; "nama_desa" and "nama_kecamatan" name places and are allowed.
IDENTIFIER_COLUMN = re.compile(
    r"^(nik|no[ _.]?kk|nomor[ _]?kk|kk|alamat|address|nama|name|nama[ _](kepala|krt|art|"
    r"anggota|lengkap|penerima|kk|keluarga|ibu|ayah)\w*|full[ _]?name|person[ _]?name)$",
    re.IGNORECASE,
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


def scan_columns(columns: list[str], where: str) -> list[str]:
    """Return findings of identifier-like column names."""
    return [
        f"{where}: column '{name}' looks like personal data"
        for name in columns
        if IDENTIFIER_COLUMN.match(str(name).strip())
    ]


def scan_notebook(path: Path) -> list[str]:
    """Scan every output of an executed notebook."""
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
            findings += scan_columns(cells, where)
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
            f"{shown}\nOutputs must hold village aggregates only: remove names, "
            "NIK, No. KK and addresses from the input."
        )
