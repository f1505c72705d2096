"""Bilingual messages of the register import: Bahasa Indonesia first, English on the next line.

Texts come from the catalogue (`analysis.labels.parts_register`); fields name the file, row, column
and what was expected, never a cell's value.
"""

from __future__ import annotations

from analysis.labels import Local, both


def bilingual(key: str, **fields) -> str:
    """The catalogue text ``key`` in Indonesian, then "(en) " and the English text."""
    return both(key, **fields)


def rows_message(file: str, column: str, rows: str, more: int, expected: str, **fields) -> str:
    """Bilingual message for flagged rows of a column; ``expected`` is a catalogue key."""
    return both(
        "reg_err_rows",
        file=file,
        column=column,
        rows=rows,
        more=Local("reg_rows_more", n=more) if more > 0 else "",
        expected=Local(expected, **fields),
    )
