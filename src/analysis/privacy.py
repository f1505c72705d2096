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
"""

from __future__ import annotations

import html
import json
import posixpath
import re
import xml.etree.ElementTree as ET
import zipfile
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


# NIK_PATTERN's digits without its look-behinds, which it tests at every position of a text: a
# text without a run of 15 digits has no finding, and blanking its hashes (each becomes one
# space) cannot make one. This search costs a fifth of the pattern's and the blanking's.
_DIGIT_RUN = re.compile(r"\d{15}")


def scan_text(text: str, where: str) -> list[str]:
    """Return findings of NIK-like numbers (runs of 15 or more digits) in a text."""
    text = str(text)
    if _DIGIT_RUN.search(text) is None:
        return []
    text = _HEX_HASH.sub(" ", text)
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


# A table's header cells are the texts right after a <th> start tag (`_HeaderCells`). For HTML
# made only of well-formed tags and text (what pandas writes), a regular expression finds the
# same texts at a fraction of html.parser's time: every "<" opens a tag, attribute values hold
# no "<" or ">", an element whose content html.parser reads raw (<style>, <script>) holds text
# only, and no "&" after the last tag (html.parser holds back a text that may end in a cut
# character reference). Any other HTML goes through html.parser itself.
_SPACE = "[ \t\n\r\f]"
_VALUE = rf"""(?:"[^"<>]*+"|'[^'<>]*+'|[-a-zA-Z0-9_:.%#;,]++(?={_SPACE}|>))"""
_ATTRIBUTE = rf"{_SPACE}++[a-zA-Z_:][-a-zA-Z0-9_:.]*+(?:{_SPACE}*+={_SPACE}*+{_VALUE})?+"
_PLAIN_HTML = re.compile(
    rf"(?:[^<]++|<[a-zA-Z][a-zA-Z0-9]*+(?:{_ATTRIBUTE})*+{_SPACE}*+/?>"
    rf"|</[a-zA-Z][a-zA-Z0-9]*+{_SPACE}*+>)*+"
)
_RAW_TEXT_START = re.compile(
    rf"<(?:script|style|textarea|title|xmp|iframe|noembed|noframes|noscript|plaintext)"
    rf"(?={_SPACE}|/|>)",
    re.IGNORECASE,
)
_RAW_TEXT_ELEMENT = re.compile(
    rf"<([a-zA-Z]++)(?:{_SPACE}[^<>]*+)?+(?<!/)>[^<]*+</\1{_SPACE}*+>", re.IGNORECASE
)
_HEADER_TEXT = re.compile(rf"<th(?:{_SPACE}[^<>]*+)?+(?<!/)>([^<]++)", re.IGNORECASE)


def _plain_html(text: str) -> bool:
    """Whether `_HEADER_TEXT` reads the HTML's header cells exactly as html.parser does."""
    if "&" in text[max(text.rfind("<"), 0) :] or _PLAIN_HTML.fullmatch(text) is None:
        return False
    return all(
        _RAW_TEXT_ELEMENT.match(text, start.start()) for start in _RAW_TEXT_START.finditer(text)
    )


def table_headers(text: str) -> list[str]:
    """The texts of an HTML table's header cells (``<th>``), stripped, character references
    resolved, as html.parser gives them (`_HeaderCells`)."""
    if _plain_html(text):
        return [
            header
            for match in _HEADER_TEXT.finditer(text)
            if (header := html.unescape(match[1]).strip())
        ]
    parser = _HeaderCells()
    parser.feed(text)
    return parser.headers


def _rejoined(cell: dict) -> dict:
    """A cell's outputs with their multi-line texts joined, as nbformat's ``rejoin_lines``
    joins them (a code cell's output texts and its non-JSON data given as lists of strings)."""
    if cell.get("cell_type") == "code":
        for output in cell.get("outputs", []):
            kind = output.get("output_type", "")
            if kind in ("execute_result", "display_data"):
                data = output.get("data", {})
                for mime, value in list(data.items()):
                    lines = isinstance(value, list) and all(isinstance(x, str) for x in value)
                    json_mime = mime.startswith("application/") and mime.endswith("+json")
                    if lines and not (json_mime or mime == "application/json"):
                        data[mime] = "".join(value)
            elif kind and isinstance(output.get("text", ""), list):
                output["text"] = "".join(output["text"])
    return cell


def _notebook_cells(path: Path) -> list[dict]:
    """The cells of a notebook file as dictionaries, in order.

    A version-4 notebook (what papermill writes) is read with ``json`` and its multi-line
    texts joined as nbformat's ``rejoin_lines`` joins them (`_rejoined`), without nbformat's
    conversion of the whole document into its node objects or its schema validation. Any other
    version is upgraded by nbformat.
    """
    text = path.read_text(encoding="utf-8")
    try:
        content = json.loads(text)
    except ValueError:
        content = None
    if isinstance(content, dict) and content.get("nbformat") == 4:
        return [_rejoined(cell) for cell in content["cells"]]
    import nbformat

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
                    html_text = value if isinstance(value, str) else "".join(value)
                    findings += scan_columns(table_headers(html_text), where)
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


# --- XLSX: the zip's XML parts read directly ----------------------------------------------------

_SPREADSHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml"
_WORKBOOK_TYPES = (  # openpyxl's order of the workbook part's content types: XLTM, XLTX, XLSM, XLSX
    "application/vnd.ms-excel.template.macroEnabled.main+xml",
    f"{_SPREADSHEET}.template.main+xml",
    "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
    f"{_SPREADSHEET}.sheet.main+xml",
)
_STRINGS_TYPE = f"{_SPREADSHEET}.sharedStrings+xml"
_RELATIONSHIP_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_TEXT_PART_SUFFIXES = (".xml", ".rels", ".vml")  # the other parts are images and binary settings
# Elements whose text is one string cut into runs (cell strings, comments, DrawingML paragraphs):
# their runs are joined, so a NIK split over two formats of one string is still one number.
_RUN_CONTAINERS = frozenset({"si", "is", "text", "p"})
_HEADER_FOOTERS = frozenset(
    f"{page}{part}" for page in ("odd", "even", "first") for part in ("Header", "Footer")
)
_HEADER_CODES = re.compile(r'&(?:"[^"]*"|\d+|[^"\d])')  # &"font", &12 (size), &B, &P, &&, ...
_ESCAPED_CHARACTER = re.compile(r"_x([0-9A-Fa-f]{4})_")  # Excel's escape of one character


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _xml(archive: zipfile.ZipFile, part: str, file_name: str) -> ET.Element:
    """A part the workbook cannot be read without, parsed; a clear error when absent or broken."""
    try:
        return ET.fromstring(archive.read(part))
    except (KeyError, ET.ParseError) as error:
        raise zipfile.BadZipFile(
            f"{file_name}: not a readable XLSX workbook ({part}: {error}); nothing was scanned"
        ) from error


def _relationships(archive: zipfile.ZipFile, part: str, file_name: str) -> dict[str, tuple]:
    """``{id: (type, part)}`` of a part's internal relationships, targets resolved as openpyxl's
    ``get_dependents`` resolves them (absolute, or relative to the part's folder)."""
    folder, name = posixpath.split(part)
    rels = posixpath.join(folder, "_rels", f"{name}.rels")
    if rels not in archive.NameToInfo:
        return {}
    found = {}
    for node in _xml(archive, rels, file_name):
        target = node.get("Target", "")
        if node.get("TargetMode") == "External" or not target:
            continue
        target = target[1:] if target.startswith("/") else posixpath.join(folder, target)
        found[node.get("Id")] = (node.get("Type", ""), posixpath.normpath(target))
    return found


def _string_texts(element: ET.Element, shared: bool) -> list[str]:
    """The text openpyxl gives a cell string (``<si>`` or ``<is>``: the plain ``<t>`` and the
    rich-text runs' ``<t>``, the last of each when repeated), then any other reading of it: with
    the phonetic runs, and with Excel's ``_xHHHH_`` character escapes decoded."""
    plain, runs = None, []
    for child in element:
        name = _local(child.tag)
        if name == "t":
            plain = child.text
        elif name == "r":
            run = None
            for item in child:
                run = item.text if _local(item.tag) == "t" else run
            runs += [run] if run is not None else []
    content = "".join([plain] + runs if plain is not None else runs)
    content = content.replace("x005F_", "") if shared else content  # as read_string_table
    joined = "".join(element.itertext())
    if joined == content and "_x" not in content:
        return [content]  # the usual string: one plain text
    variants = []
    for text in (content, joined):
        variants += [text, _ESCAPED_CHARACTER.sub(lambda match: chr(int(match[1], 16)), text)]
    return _with_extras([content], variants)


def _with_extras(texts: list[str], extras: list[str]) -> list[str]:
    """A cell's texts as openpyxl gives them, and the first of the texts openpyxl leaves out
    that has a finding they lack: a cell openpyxl's reading already refuses is reported as
    before (not once more per other reading of it), and one it passes is reported too."""
    if any(scan_text(text, "") or scan_columns([text], "") for text in texts):
        return texts
    extra = next((text for text in extras if scan_text(text, "") or scan_columns([text], "")), None)
    return texts if extra is None else [*texts, extra]


def _element_texts(element: ET.Element, texts: list[str], skip_names: bool = False) -> list[str]:
    """Append every attribute value and text of an element and its descendants to `texts` (runs
    of one string joined); `skip_names` leaves out sheet names (scanned with their sheet)."""
    name = _local(element.tag)
    if not (skip_names and name == "sheet"):
        texts += element.attrib.values()
    if name in _RUN_CONTAINERS:
        texts.append("".join(element.itertext()))
        for node in list(element.iter())[1:]:
            texts += node.attrib.values()
        return texts
    if element.text and not element.text.isspace():
        texts.append(element.text)
        printed = _HEADER_CODES.sub("", element.text) if name in _HEADER_FOOTERS else ""
        if _DIGIT_RUN.search(printed) and not _DIGIT_RUN.search(element.text):
            texts.append(printed)  # "&B3310&B0123..." prints one number in two styles
    for child in element:
        _element_texts(child, texts, skip_names)
        if child.tail and not child.tail.isspace():
            texts.append(child.tail)
    return texts


def _formula_text(formula: ET.Element, coordinate: str | None, shared: dict) -> list[str]:
    """The formula as openpyxl gives it ("=" and its text; a cell sharing a formula gets the
    first cell's formula translated to its own position by openpyxl's `Translator`)."""
    text = "=" + (formula.text or "")
    if formula.get("t") != "shared" or coordinate is None:
        return [text]
    index = formula.get("si")
    if index in shared:
        return _with_extras([shared[index].translate_formula(coordinate)], [text])
    if text != "=":
        from openpyxl.formula.translate import Translator

        shared[index] = Translator(text, coordinate)
    return [text]


class _SharedStrings:
    """The workbook's shared strings, each as its texts (`_string_texts`), and those cells use."""

    def __init__(self, archive: zipfile.ZipFile, part: str | None, file_name: str):
        self.texts: list[list[str]] = []
        self.used: set[int] = set()
        if part is not None and part in archive.NameToInfo:
            root = _xml(archive, part, file_name)
            self.texts = [_string_texts(item, True) for item in root if _local(item.tag) == "si"]

    def __getitem__(self, index: int) -> list[str]:
        texts = self.texts[index]
        self.used.add(index)
        return texts

    def unused(self) -> list[str]:
        """The texts of the strings no cell refers to (openpyxl never shows them)."""
        return [text for i, texts in enumerate(self.texts) if i not in self.used for text in texts]


def _value_text(kind: str, value: str, strings: _SharedStrings, where: str) -> list[str]:
    """The text(s) of a cell's stored value of type `kind`, as openpyxl's ``str(value)``."""
    try:
        if kind == "n":  # openpyxl's _cast_number: a float if written with '.', 'E' or 'e'
            number = float(value) if "." in value or "E" in value or "e" in value else int(value)
            return [str(number)]
        if kind == "b":
            return [str(bool(int(value)))]
        if kind == "s":
            return strings[int(value)]
    except (ValueError, IndexError):
        if kind == "s":
            raise zipfile.BadZipFile(
                f"{where}: a cell refers to shared string {value!r}, which the workbook lacks"
            ) from None
    return [value]  # "str", "e", "d" (an ISO date) and a number openpyxl could not read


def _cell_texts(cell: ET.Element, ns: str, strings, shared: dict, where: str) -> list[str]:
    """The texts of one ``<c>``: openpyxl's value first (the formula for a formula cell), then
    what openpyxl leaves out (a formula's stored result, the ``<v>`` of an inline string)."""
    kind = cell.get("t", "n")
    if len(cell) == 1 and cell[0].tag == ns + "v" and kind != "inlineStr":
        value = cell[0].text  # the usual cell: one stored value, no formula
        return _value_text(kind, value, strings, where) if value else []
    value = cell.findtext(ns + "v") or None
    formula = cell.find(ns + "f")
    inline = cell.find(ns + "is") if kind == "inlineStr" else None
    if inline is not None:
        stored = _string_texts(inline, shared=False) + ([value] if value is not None else [])
    elif value is not None and kind != "inlineStr":
        stored = _value_text(kind, value, strings, where)
    else:
        stored = [value] if value is not None else []
    if formula is None:
        return _with_extras(stored[:1], stored[1:])
    return _with_extras(_formula_text(formula, cell.get("r"), shared), stored)


def _scan_worksheet(root: ET.Element, strings: _SharedStrings, where: str) -> list[str]:
    """Scan a worksheet's cells row by row, as openpyxl's ``iter_rows`` gives them (every cell
    a possible column name), then every other text of the sheet (headers and footers,
    validation prompts, hyperlinks)."""
    ns = root.tag[: root.tag.find("}") + 1]
    findings, other, shared = [], list(root.attrib.values()), {}
    for child in root:
        if child.tag != ns + "sheetData":
            _element_texts(child, other)
            continue
        for row in child:
            cells = []
            for cell in row:
                if cell.tag == ns + "c":
                    cells += _cell_texts(cell, ns, strings, shared, where)
                else:
                    _element_texts(cell, other)
            if cells:
                findings += scan_columns(cells, where)  # any cell may head a column
                findings += scan_texts(cells, where)
    return findings + scan_texts(other, where)


def _scan_part(archive: zipfile.ZipFile, part: str, where: str, strings, workbook: str):
    """Scan a part no sheet name points to: a worksheet cell by cell, any other part's every
    text; a part that is not well-formed XML (as legacy VML drawings often are) is read as text,
    raw and with its tags and entities removed."""
    data = archive.read(part)
    try:
        root = ET.fromstring(data)
    except ET.ParseError:
        text = data.decode("utf-8", errors="replace")
        return scan_texts([text, html.unescape(re.sub(r"<[^>]*>", "", text))], where)
    if _local(root.tag) == "worksheet":
        return _scan_worksheet(root, strings, where)
    return scan_texts(_element_texts(root, [], skip_names=part == workbook), where)


def _workbook_parts(archive: zipfile.ZipFile, file_name: str) -> tuple[str, str | None]:
    """The workbook part and the shared-strings part, found by their content types as openpyxl
    finds them."""
    overrides, defaults = {}, set()
    for node in _xml(archive, "[Content_Types].xml", file_name):
        if _local(node.tag) == "Override":
            overrides.setdefault(node.get("ContentType"), node.get("PartName", "")[1:])
        elif _local(node.tag) == "Default":
            defaults.add(node.get("ContentType"))
    workbook = next((overrides[kind] for kind in _WORKBOOK_TYPES if kind in overrides), None)
    if workbook is None and defaults.intersection(_WORKBOOK_TYPES):
        workbook = "xl/workbook.xml"
    if workbook is None:
        raise zipfile.BadZipFile(f"{file_name}: not an XLSX workbook (no workbook part)")
    return workbook, overrides.get(_STRINGS_TYPE)


def scan_xlsx(path: Path) -> list[str]:
    """Scan every cell of every sheet (header-like cells as column names), and every other text
    of the workbook: sheet names, shared strings no cell uses, comments, headers and footers,
    document properties.

    The zip's XML parts are read directly (``zipfile`` and ``xml.etree``): openpyxl builds a
    cell object and converts the type of every cell, where the scan needs texts only. Each cell
    gives the text openpyxl's ``iter_rows(values_only=True)`` gives after ``str()``: shared and
    inline strings (rich-text runs joined), formulas ("=..."), booleans, errors, and numbers
    converted as openpyxl converts them (``float`` if written with '.', 'E' or 'e', else
    ``int``): a NIK typed as a number and stored as ``3.3010101010101E+15`` reads as the 16-digit
    run of ``str(3301010101010100.0)``. A date-formatted number stays a number (openpyxl gives a
    date): an Excel date serial of 15 or more digits is no date at all (openpyxl turns it into
    "#VALUE!"), so this scan is the stricter. Texts openpyxl leaves out are scanned too: a
    formula's stored result, phonetic runs, ``_xHHHH_`` escapes decoded. Cells are scanned in
    file order, every one of them (openpyxl orders a row by column and drops cells outside the
    sheet's declared dimension); sheets in the workbook's order, each under
    ``"<file>, sheet '<title>'"``.

    Raises
    ------
    zipfile.BadZipFile
        The file is not a zip archive (as openpyxl raises), or a zip without a readable
        workbook, sheet or shared-string part: never a silent pass.
    """
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile as error:
        raise zipfile.BadZipFile(f"{path.name}: not a zip archive ({error})") from error
    with archive:
        workbook, strings_part = _workbook_parts(archive, path.name)
        strings = _SharedStrings(archive, strings_part, path.name)
        sheets = _relationships(archive, workbook, path.name)
        findings, done, owner = [], {strings_part}, {}  # the workbook part: with the others
        for sheet in _xml(archive, workbook, path.name).iter():
            if _local(sheet.tag) != "sheet" or "name" not in sheet.attrib:
                continue
            where = f"{path.name}, sheet '{sheet.get('name')}'"
            part = sheets.get(sheet.get(_RELATIONSHIP_ID), ("", None))[1]
            if part in archive.NameToInfo and part not in done:
                done.add(part)
                root = _xml(archive, part, path.name)
                if _local(root.tag) == "worksheet":
                    findings += _scan_worksheet(root, strings, where)
                else:  # a chart sheet: no cells
                    findings += scan_texts(_element_texts(root, []), where)
                for _, related in _relationships(archive, part, path.name).values():
                    owner.setdefault(related, where)  # comments, drawings, tables of the sheet
            findings += scan_texts([sheet.get("name")], where)
        return findings + _scan_other_parts(archive, path.name, strings, done, owner, workbook)


def _scan_other_parts(archive, file_name, strings, done, owner, workbook) -> list[str]:
    """Scan every text part the sheets did not (document properties, comments, styles, a
    worksheet no sheet name points to), then the shared strings no cell uses."""
    findings = []
    for part in archive.namelist():
        if part not in done and part.endswith(_TEXT_PART_SUFFIXES):
            where = owner.get(part, f"{file_name}, {part}")
            findings += _scan_part(archive, part, where, strings, workbook)
    return findings + scan_texts(strings.unused(), f"{file_name}, shared strings")


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
