"""XLSX workbooks: every cell as openpyxl gives it, and every other text the zip holds.

The zip's XML parts are read directly (``zipfile`` and ``xml.etree``, see `scan_xlsx`): openpyxl
builds a cell object and converts the type of every cell, where the scan needs texts only.
"""

from __future__ import annotations

import html
import posixpath
import re
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

from analysis.privacy.text import DIGIT_RUN, scan_columns, scan_text, scan_texts

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
        if DIGIT_RUN.search(printed) and not DIGIT_RUN.search(element.text):
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
