"""Turn the grid of a BPS download into rows of the long table (`read_export`).

The layout of a download: optional title rows, a header block (one row of flattened headers, or
an indicator row above a row of years or periods), one row per region named in the first column,
then an optional footer ("Keterangan", "Sumber") separated by a blank row.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd

from analysis import paths
from analysis.bps_import.labels import (
    IGNORED_HEADERS,
    INDICATOR_NAMES,
    RANGES,
    REGION_HEADERS,
    Label,
    clean,
    indicators_in,
    parse_label,
    years_in,
)
from analysis.bps_import.messages import at_cell, at_row, bilingual, refuse
from analysis.bps_import.names import Codes, Match, level_of, load_codes, normalise
from analysis.bps_import.reader import HEADER_SEARCH_ROWS, read_grid
from analysis.data import BPS_COLUMNS, BPS_KEY
from analysis.errors import InputError
from analysis.labels import Local, os_reason
from analysis.yamlread import shown

COLUMNS = list(BPS_COLUMNS)  # the long table's columns, defined once in analysis.data
KEY = list(BPS_KEY)
CODES_FILE = "bps_kabkota_nasional.csv"
TRUST = "A"  # a raw BPS download
MISSING = {"", "...", "\u2026", "-", "\u2013", "\u2014", "na", "n/a", "nan", "x"}
_FOOTER = re.compile(r"^(keterangan|sumber|catatan|notes?|sources?|ket\.)\b|^\*")
_PLAIN = re.compile(r"-?[0-9]+(\.[0-9]+)?")
_COMMA = re.compile(r"-?[0-9]+,[0-9]+")
_AMBIGUOUS = re.compile(r"-?[1-9][0-9]{0,2}[.,][0-9]{3}")
_THOUSANDS = re.compile(r"-?[0-9]{1,3}([., ][0-9]{3})+([.,][0-9]+)?")
_COPY_SUFFIX = re.compile(r"\s*\(\d+\)$")
_PERIOD_WORDS = re.compile(r"\b(maret|september|semester|[12]|i|ii|tahun)\b|[-()/:,.\s]")


@dataclass(frozen=True)
class Column:
    """One imported column of the download: where it is and what its figures are."""

    index: int
    label: str
    indikator: str
    periode: str
    tahun: int

    @property
    def letter(self) -> str:
        """The spreadsheet letter of the column (A, B, ..., AA)."""
        return letter(self.index)


def letter(index: int) -> str:
    """The spreadsheet letter of a 0-based column index (0 -> A, 26 -> AA)."""
    number, letters = index + 1, ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@dataclass
class ImportResult:
    """What `read_export` read from one download.

    Attributes
    ----------
    rows : pandas.DataFrame
        Rows of the long table (columns `COLUMNS`), one per figure.
    notes : list of str
        What was tolerated or skipped (encoding, separator, rows and columns without figures,
        the footer text), for the user and the brief's method notes.
    title : str
        The table title (title row, else the file name); used as ``sumber``.
    unmatched : list of Match
        Names that match no official code (with ``suggestions``) or several (``candidates``);
        their figures are not in ``rows`` and `write_vintage` refuses while any remain.
    path : Path
        The file read.
    sha256 : str
        SHA-256 of its bytes.
    """

    rows: pd.DataFrame
    notes: list[str]
    title: str
    unmatched: list[Match]
    path: Path
    sha256: str
    unmatched_rows: dict[str, int] = field(default_factory=dict)

    @property
    def salinan(self) -> str:
        """The copy the figures were read from: ``import: <file name> sha256:<first 12>``."""
        return f"import: {self.path.name} sha256:{self.sha256[:12]}"

    def unmatched_message(self) -> str:
        """A message naming every unmatched name with its row and candidates or suggestions."""
        pieces = [Local("errd_b_unmatched", file=self.path, n=len(self.unmatched))]
        for match in self.unmatched:
            row = self.unmatched_rows.get(match.name, "?")
            if match.candidates:
                hint = Local("errd_b_h_ambiguous", names="; ".join(match.candidates))
            elif match.suggestions:
                hint = Local("errd_b_h_suggest", names="; ".join(match.suggestions))
            else:
                hint = Local("errd_b_h_none")
            fields = {"row": row, "name": shown(match.name), "hint": hint}
            pieces.append(Local("errd_b_unmatched_row", **fields))
        # All Indonesian lines, then the English ones (the first marked "(en)").
        blocks = ["\n".join(piece.render(lang) for piece in pieces) for lang in ("id", "en")]
        return f"{blocks[0]}\n(en) {blocks[1]}"


def read_export(path: Path, codes: Codes | None = None) -> ImportResult:
    """Read a BPS web-table download (CSV or XLSX) into rows of the long table.

    Parameters
    ----------
    path : Path
        The downloaded file.
    codes : Codes, optional
        The official code list (`load_codes`); by default read from
        ``data/raw/bps_kabkota_nasional.csv``.

    Returns
    -------
    ImportResult
        The rows (trust ``A``, ``sumber`` the table title, ``salinan`` the file name and hash),
        notes, title and the names that matched no single code.

    Raises
    ------
    InputError
        For a file that cannot be read as a BPS table: empty, binary, no recognisable header,
        an unknown indicator header, a column without a year, a value that is not a number or is
        outside the plausible range of its indicator, or one figure given twice with two values.
        The message names the file, the row and column, and the value.
    """
    path = Path(path)
    if not path.is_file():
        what = Local("errd_b_folder" if path.exists() else "errd_b_not_found")
        problem = Local("errd_b_missing_file", what=what)
        raise InputError(bilingual("errd_b_msg", at=path, message=problem))
    try:
        raw = path.read_bytes()
    except OSError as error:
        problem = Local("errd_b_unreadable", reason=os_reason(error))
        raise InputError(bilingual("errd_b_msg", at=path, message=problem)) from None
    codes = codes if codes is not None else load_codes(paths.DATA_RAW / CODES_FILE)
    grid = read_grid(path, raw)
    sha = hashlib.sha256(raw).hexdigest()
    layout = _layout(path, grid.rows)
    result = ImportResult(
        rows=pd.DataFrame(columns=COLUMNS),
        notes=[*grid.notes, *layout.notes],
        title=layout.title,
        unmatched=[],
        path=path,
        sha256=sha,
    )
    _read_rows(result, grid.rows, layout, codes)
    return result


@dataclass
class _Layout:
    """Where the parts of a download are (0-based grid rows and columns)."""

    title: str
    header: list[int]
    name_col: int
    columns: list[Column]
    provinces: bool
    notes: list[str]


def _title(path: Path, rows: list[list[str]], header_row: int) -> tuple[str, list[str]]:
    """The table title (first title row, else the file name) and the other title rows."""
    texts = [", ".join(c for c in row if c) for row in rows[:header_row]]
    texts = [text for text in texts if text]
    stem = _COPY_SUFFIX.sub("", path.stem).strip()
    return (texts[0] if texts else stem), [*texts[1:], stem]


def _find_header(path: Path, rows: list[list[str]]) -> int:
    """The first row naming a poverty indicator (or a region column) among the first rows."""
    for number, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        rest = [cell for cell in row[1:] if cell]
        if any(indicators_in(cell) for cell in rest):
            return number
        if row and REGION_HEADERS.match(clean(row[0])) and rest:
            return number
    first = next((" | ".join(c for c in row if c) for row in rows if any(row)), "")
    at = Local("errd_b_rows", file=path, rows=f"1-{min(len(rows), HEADER_SEARCH_ROWS)}")
    raise refuse(at, "errd_b_no_header", first=shown(first[:80]), names=", ".join(INDICATOR_NAMES))


def _is_subheader(row: list[str]) -> bool:
    """A second header row: no region name in the first cell, only labels, years or periods."""
    if not any(row) or (row[0] and not REGION_HEADERS.match(clean(row[0]))):
        return False
    return not any(cell and _PLAIN.fullmatch(cell) and not years_in(cell) for cell in row[1:])


def _labels(rows: list[list[str]], header: list[int], width: int) -> list[str]:
    """Flatten the header block: upper rows filled rightwards (merged cells), joined by ' - '."""
    block = [rows[r] + [""] * (width - len(rows[r])) for r in header]
    for row in block[:-1]:
        for j in range(2, width):
            if not row[j] and block[-1][j]:
                row[j] = row[j - 1]
    labels = []
    for j in range(width):
        parts = [row[j] for row in block if row[j]]
        labels.append(" - ".join(dict.fromkeys(parts)))
    return labels


def _is_bare(label: str) -> bool:
    """A header giving only a year or period ("2023", "Maret"); the title names the indicator."""
    return bool(label) and not _PERIOD_WORDS.sub("", re.sub(r"[0-9]{4}", "", clean(label)))


def _layout(path: Path, rows: list[list[str]]) -> _Layout:
    """Find title, header block, name column and the imported columns of a download."""
    header_row = _find_header(path, rows)
    header = [header_row]
    while header[-1] + 1 < len(rows) and _is_subheader(rows[header[-1] + 1]):
        header.append(header[-1] + 1)
    title, context = _title(path, rows, header_row)
    width = max(len(row) for row in rows)
    labels = _labels(rows, header, width)
    notes = [f"{path.name}: title row(s) skipped above the header."] if header_row else []
    name_col = next((j for j, text in enumerate(labels) if REGION_HEADERS.match(clean(text))), 0)
    provinces = clean(labels[name_col]) == "provinsi" or (
        "menurut provinsi" in clean(title) and "kabupaten" not in clean(title)
    )
    data = rows[header[-1] + 1 :]
    columns = []
    for j in (j for j in range(width) if j != name_col):
        filled = any(len(row) > j and row[j] for row in data)
        column = _column(path, j, labels[j], filled, title, " ".join(context), header, notes)
        if column:
            columns.append(column)
    if not columns:
        names = ", ".join(INDICATOR_NAMES)
        raise refuse(at_row(path, header_row + 1), "errd_b_no_indicator", names=names)
    undated = [column.letter for column in columns if not column.periode]
    if undated:
        columns = [replace(column, periode=column.periode or "maret") for column in columns]
        notes.append(
            f"{path.name}: column(s) {', '.join(undated)} name no period; read as March "
            "(Susenas Maret, the only period BPS publishes for regencies)."
        )
    _refuse_duplicate_columns(path, header_row, columns)
    return _Layout(title, header, name_col, columns, provinces, notes)


def _column(path, j, label, filled, title, context, header, notes) -> Column | None:
    """The imported column at ``j``, None for a column that is skipped (with a note)."""
    where = at_cell(path, header[0] + 1, letter(j))
    if not label or IGNORED_HEADERS.match(clean(label)):
        if filled and not label:
            raise refuse(where, "errd_b_no_label")
        if label:
            notes.append(f"{path.name}: column {letter(j)} ({label!r}) not imported.")
        return None
    parsed = parse_label(label, f"{title} {context}")
    if parsed.problem == "unknown" and _is_bare(label) and len(indicators_in(title)) == 1:
        parsed = parse_label(f"{title} - {label}", context)
    if parsed.problem == "unknown" and not filled:
        notes.append(f"{path.name}: empty column {letter(j)} ({label!r}) not imported.")
        return None
    if parsed.problem or parsed.skip:
        return _refuse_or_skip(path, where, letter(j), label, parsed, notes)
    if parsed.tahun is None:
        raise refuse(where, "errd_b_no_year", label=shown(label), title=shown(title))
    return Column(j, label, parsed.indikator, parsed.periode or "", parsed.tahun)


def _refuse_or_skip(path, where, column, label, parsed: Label, notes) -> None:
    """Note a column that is known but not imported; refuse one that cannot be read."""
    if parsed.skip:
        notes.append(f"{path.name}: column {column} ({label!r}) not imported: {parsed.skip}.")
        return None
    if parsed.problem == "unknown":
        names = ", ".join(INDICATOR_NAMES)
        raise refuse(where, "errd_b_unknown_label", label=shown(label), names=names)
    raise refuse(where, "errd_b_label_problem", label=shown(label), problem=parsed.problem_key)


def _refuse_duplicate_columns(path: Path, header_row: int, columns: list[Column]) -> None:
    """Refuse two columns that carry the same indicator, period and year."""
    seen: dict[tuple, Column] = {}
    for column in columns:
        key = (column.indikator, column.periode, column.tahun)
        if key in seen:
            other = seen[key]
            raise refuse(
                at_cell(path, header_row + 1, column.letter),
                "errd_b_same_figure",
                label=shown(column.label),
                indicator=column.indikator,
                period=column.periode,
                year=column.tahun,
                other=other.letter,
                other_label=shown(other.label),
            )
        seen[key] = column


def _cell(row: list[str], index: int) -> str:
    """The cell at ``index`` ('' beyond the end of a short row)."""
    return row[index] if index < len(row) else ""


def _footer(rows: list[list[str]], start: int, columns: list[Column]) -> tuple[int, list[str]]:
    """Where the data end (a 'Keterangan'/'Sumber' row or trailing rows without figures)."""
    end = len(rows)
    for number in range(start, len(rows)):
        if rows[number] and _FOOTER.match(clean(rows[number][0])):
            end = number
            break
    last = start - 1
    for number in range(start, end):
        if any(_cell(rows[number], column.index) for column in columns):
            last = number
    texts = [", ".join(c for c in row if c) for row in rows[last + 1 :]]
    return last + 1, [text for text in texts if text and text not in MISSING]


def _read_rows(result: ImportResult, rows: list[list[str]], layout: _Layout, codes: Codes):
    """Match each region row to a code and collect its figures into ``result.rows``."""
    start = layout.header[-1] + 1
    end, footer = _footer(rows, start, layout.columns)
    records, without, figures = [], [], 0
    missing: dict[int, list[str]] = {column.index: [] for column in layout.columns}
    for number in range(start, end):
        row = rows[number]
        name = _cell(row, layout.name_col)
        cells = [(column, _cell(row, column.index)) for column in layout.columns]
        present = [(column, text) for column, text in cells if text.casefold() not in MISSING]
        if not present:
            if name:
                without.append(name)
            continue
        if not name:
            where = at_cell(result.path, number + 1, letter(layout.name_col))
            raise refuse(where, "errd_b_no_name")
        figures += 1
        for column, text in cells:
            if text.casefold() in MISSING:
                missing[column.index].append(name)
        match = codes.match(name, provinces_only=layout.provinces)
        if match.code is None:
            if name not in result.unmatched_rows:
                result.unmatched.append(match)
                result.unmatched_rows[name] = number + 1
            continue
        records.extend((number + 1, match.code, name, column, text) for column, text in present)
    notes = _missing_notes(result.path, layout.columns, missing, without, figures)
    if footer:
        notes.append(f"{result.path.name}: footer: {' | '.join(footer)}")
    result.notes.extend(notes)
    result.rows = _frame(result, records, codes)


def _missing_notes(path, columns, missing, without, figures: int) -> list[str]:
    """Notes on rows without figures and on columns with cells '...' (``figures``: rows with)."""
    notes = []
    if without:
        notes.append(
            f"{path.name}: {len(without)} row(s) without figures (every cell '...' or empty) "
            f"skipped: {', '.join(without)}."
        )
    for column in columns:
        names = missing[column.index]
        if not names:
            continue
        if len(names) >= figures:
            shown = "any region (every cell '...' or empty)"
        else:
            shown = ", ".join(names) if len(names) <= 10 else f"{len(names)} regions"
        label = f"column {column.letter} ({column.label!r})"
        notes.append(f"{path.name}: {label}: no figure for {shown}.")
    return notes


def _numbers(path: Path, column: Column, cells: list[tuple[int, str]], notes) -> list[float]:
    """Parse one column's figures; decimal commas only when the whole column uses them."""
    label = f"{column.letter} ({shown(column.label)})"

    def where(row):
        return at_cell(path, row, label)

    comma = [(row, text) for row, text in cells if _COMMA.fullmatch(text)]
    dotted = [(row, text) for row, text in cells if _PLAIN.fullmatch(text) and "." in text]
    for row, text in cells:
        if _AMBIGUOUS.fullmatch(text):
            raise refuse(where(row), "errd_b_ambiguous", value=shown(text))
        if not (_PLAIN.fullmatch(text) or _COMMA.fullmatch(text)):
            kind = "errd_b_k_thousands" if _THOUSANDS.fullmatch(text) else "errd_b_k_nan"
            raise refuse(where(row), "errd_b_not_number", value=shown(text), kind=Local(kind))
    if comma and dotted:
        raise refuse(
            where(comma[0][0]),
            "errd_b_mixed",
            value=shown(comma[0][1]),
            row=dotted[0][0],
            other=shown(dotted[0][1]),
        )
    if comma:
        notes.append(f"{path.name}: column {column.letter} read with decimal commas.")
    low, high = RANGES[column.indikator]
    values = []
    for row, text in cells:
        value = float(text.replace(",", "."))
        if not low <= value <= high:
            raise refuse(
                where(row),
                "errd_b_range",
                value=shown(text),
                low=f"{low:.0f}",
                high=f"{high:.0f}",
                indicator=column.indikator,
            )
        values.append(value)
    return values


def _frame(result: ImportResult, records: list[tuple], codes: Codes) -> pd.DataFrame:
    """The long-table rows of the matched figures, refusing one figure given twice."""
    by_column: dict[Column, list[tuple]] = {}
    for record in records:
        by_column.setdefault(record[3], []).append(record)
    out, seen = [], {}
    for column, items in by_column.items():
        cells = [(row, text) for row, _, _, _, text in items]
        values = _numbers(result.path, column, cells, result.notes)
        for (row, code, name, _, _), value in zip(items, values, strict=True):
            key = (code, column.tahun, column.periode, column.indikator)
            if key in seen:
                _refuse_twice(result.path, column, key, (row, name, value), seen[key])
                continue
            seen[key] = (row, name, value)
            official = codes.names[code]
            same = normalise(name)[1] == normalise(official)[1]
            named = "" if same else f"; nama di berkas '{name}'"
            out.append(
                [code, official, level_of(code), column.tahun, column.periode]
                + [column.indikator, value, TRUST, result.title, result.salinan]
                + [f"ekspor tabel BPS; kolom '{column.label}'{named}"]
            )
    frame = pd.DataFrame(out, columns=COLUMNS)
    frame["tahun"] = frame["tahun"].astype("int64")
    frame["nilai"] = frame["nilai"].astype("float64")
    return frame.sort_values(KEY, ignore_index=True)


def _refuse_twice(path: Path, column: Column, key: tuple, this: tuple, first: tuple) -> None:
    """Refuse a region given twice with different figures (an equal repeat is only noted)."""
    if this[2] == first[2]:
        return
    raise refuse(
        at_cell(path, this[0], column.letter),
        "errd_b_twice",
        name=shown(this[1]),
        indicator=key[3],
        period=key[2],
        year=key[1],
        value=f"{this[2]:g}",
        row=first[0],
        other=shown(first[1]),
        first=f"{first[2]:g}",
        code=key[0],
    )
