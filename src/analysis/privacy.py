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

import json
import re
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path

from analysis.errors import InputError
from analysis.personal import COLUMN_NAME_WORDS, column_words
from analysis.personal import NIK_PATTERN as NIK_PATTERN
from analysis.personal import is_personal_column as is_personal_column
from analysis.personal import mask_identifiers as mask_identifiers
from analysis.personal import personal_columns as personal_columns
from analysis.personal import refuse_personal_columns as refuse_personal_columns


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


# A SHA-256 or git commit (hex with at least one letter) is a hash, not an identity number.
_HEX_HASH = re.compile(
    r"(?<![0-9A-Za-z])(?=[0-9a-f]*[a-f])[0-9a-f]{40}(?:[0-9a-f]{24})?(?![0-9A-Za-z])"
)
SKIPPED_SUFFIXES = (".png", ".jpg", ".jpeg", ".lock")


def scan_text(text: str, where: str) -> list[str]:
    """Return findings of NIK-like numbers (runs of 15 or more digits) in a text."""
    text = _HEX_HASH.sub(" ", str(text))
    return [
        f"{where}: {len(match.group())}-digit number {mask_identifiers(match.group())} "
        "(looks like a NIK or No. KK)"
        for match in NIK_PATTERN.finditer(text)
    ]


# Texts of one place are scanned together, joined by a line break: no digit run and no hash
# crosses it, and the patterns' look-arounds see it as they see a text's start or end, so the
# findings (and their order) are those of scanning each text alone, at one regex call per place.
_SEPARATOR = "\n"


def scan_texts(texts: list[str], where: str) -> list[str]:
    """Return the findings of `scan_text` for each text in turn (one scan of the joined texts)."""
    return scan_text(_SEPARATOR.join(texts), where) if texts else []


def scan_json(path: Path) -> list[str]:
    """Scan every key and string of a JSON file, and every integral number of 15+ digits, for
    identity numbers (a results field called "name" is not a column of people's names)."""
    try:
        content = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError):
        return scan_text(path.read_text(encoding="utf-8", errors="replace"), path.name)
    texts: list[str] = []
    stack = [content]
    while stack:
        value = stack.pop()
        if isinstance(value, dict):  # keys are field names of results ("name"), not table columns
            for key, item in value.items():
                texts.append(str(key))
                stack.append(item)
        elif isinstance(value, list):
            stack.extend(value)
        elif isinstance(value, str):
            texts.append(value)
        elif isinstance(value, bool) or value is None:
            continue
        elif isinstance(value, int) or (isinstance(value, float) and value.is_integer()):
            texts.append(str(int(value)) if abs(value) < 1e30 else "")
    return scan_texts(texts, path.name)


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
    return [
        f"{where}: column '{name}' looks like personal data"
        for name in map(str, columns)
        if _names_a_personal_column(name) and name.strip() not in _place_names()
    ]


@lru_cache(maxsize=1 << 16)
def _names_a_personal_column(name: str) -> bool:
    """`personal_columns` of one short cell text (remembered: a sheet repeats its words)."""
    return len(column_words(name)) <= COLUMN_NAME_WORDS and bool(personal_columns([name]))


def _notebook_cells(path: Path) -> list[dict]:
    """The cells of a notebook file as dictionaries, in order.

    A version-4 notebook (what papermill writes) is read as nbformat reads it (its multi-line
    texts joined by nbformat's own `rejoin_lines`), without nbformat's validation of the whole
    document against its schema, which costs several times the scan's own reading. Any other
    version is upgraded by nbformat.
    """
    import nbformat
    from nbformat.v4.rwbase import rejoin_lines

    text = path.read_text(encoding="utf-8")
    try:
        content = json.loads(text)
    except ValueError:
        content = None
    if isinstance(content, dict) and content.get("nbformat") == 4:
        return list(rejoin_lines(nbformat.from_dict(content)).cells)
    return list(nbformat.reads(text, as_version=4).cells)


def scan_notebook(path: Path) -> list[str]:
    """Scan every output of an executed notebook (HTML table headers as column names)."""
    findings = []
    for index, cell in enumerate(_notebook_cells(path)):
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
            findings += scan_texts(
                [text if isinstance(text, str) else "".join(text) for text in texts], where
            )
    return findings


def pdf_page_texts(path: Path) -> list[str]:
    """Return the text of every page of a PDF, in page order (PDFium's text layer).

    PDFium (PyPI ``pypdfium2``) reads every character a page draws, as pypdf did, at about a
    tenth of pypdf's time: on Klaten's brief both give the same words, digit runs included
    (``bench/bench_publish.py``).
    """
    import pypdfium2

    document = pypdfium2.PdfDocument(path)
    try:
        texts = []
        for index in range(len(document)):
            page = document[index]
            text_page = page.get_textpage()
            texts.append(text_page.get_text_range())
            text_page.close()
            page.close()
        return texts
    finally:
        document.close()


def scan_pdf(path: Path) -> list[str]:
    """Scan the text of every page of a PDF."""
    findings = []
    for number, text in enumerate(pdf_page_texts(path), start=1):
        findings += scan_text(text, f"{path.name}, page {number}")
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
            findings += scan_texts(cells, where)
    workbook.close()
    return findings


def scan_file(path: Path) -> list[str]:
    """Scan one output file by its kind; a file of an unknown kind is scanned as text."""
    suffix = path.suffix.lower()
    if suffix == ".ipynb":
        return scan_notebook(path)
    if suffix == ".pdf":
        return scan_pdf(path)
    if suffix == ".xlsx":
        return scan_xlsx(path)
    if suffix == ".json":
        return scan_json(path)
    if suffix in SKIPPED_SUFFIXES:
        return []
    return scan_text(path.read_bytes().decode("utf-8", errors="replace"), path.name)


def check_outputs(folder: Path) -> None:
    """Scan every file of a build folder (notebooks, PDF text, XLSX, every JSON including
    ``results/*.json`` and ``run.json``, text files); raise `PrivacyError` on any finding."""
    folder = Path(folder)
    findings = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        findings += scan_file(path)
    if findings:
        shown = mask_identifiers("\n  ".join(findings[:10]))
        raise PrivacyError(
            f"personal data found in the outputs; nothing was published:\n  "
            f"{shown}\nOutputs must hold village aggregates only: remove names, NIK, No. KK, "
            "addresses, phone numbers, e-mail addresses and birth dates from the input."
        )
