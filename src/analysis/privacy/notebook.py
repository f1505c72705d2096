"""Executed notebooks: every output text, and the header cells of every HTML table."""

from __future__ import annotations

import html
import json
import re
from html.parser import HTMLParser
from pathlib import Path

from analysis.privacy.text import scan_columns, scan_texts


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
