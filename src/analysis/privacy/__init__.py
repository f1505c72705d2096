"""Personal data: the one pattern of personal-data columns, and the last check before publishing.

Village data arrive from by-name-by-address registers (P3KE, DTKS, DTSEN); this tool takes and
publishes village aggregates only. Two gates use the same column pattern, `is_personal_column`:

* the input check: `analysis.tables.read_table` (every table a user supplies) and
  `analysis.villages.validate_panel` refuse a column named like a personal identifier, without
  ever reading its values into a message (`refuse_personal_columns`);
* the output guard, `check_outputs`: every executed notebook, the PDF text, every XLSX sheet
  (and every other text an XLSX holds) and every other file are scanned for 16-digit numbers (the
  NIK and the family card number, No. KK, have 16 digits) and for table columns named like
  personal identifiers. A hit stops the build before anything is published.

Each file kind has its module (`analysis.privacy.notebook`, `analysis.privacy.xlsx`; the PDF and
JSON here), and all reduce their content to texts and cells for the two tests of
`analysis.privacy.text`.
"""

from __future__ import annotations

import json
from pathlib import Path

from analysis.personal import NIK_PATTERN as NIK_PATTERN
from analysis.personal import is_personal_column as is_personal_column
from analysis.personal import mask_identifiers as mask_identifiers
from analysis.personal import personal_columns as personal_columns
from analysis.personal import refuse_personal_columns as refuse_personal_columns
from analysis.privacy.notebook import scan_notebook as scan_notebook
from analysis.privacy.notebook import table_headers as table_headers
from analysis.privacy.text import scan_columns as scan_columns
from analysis.privacy.text import scan_text as scan_text
from analysis.privacy.text import scan_texts as scan_texts
from analysis.privacy.xlsx import scan_xlsx as scan_xlsx


class PrivacyError(RuntimeError):
    """An output contains what looks like personal data; the message says where."""


SKIPPED_SUFFIXES = (".png", ".jpg", ".jpeg", ".lock")


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
