"""Bilingual messages of the register import: Bahasa Indonesia first, English on the next line.

Texts come from the catalogue (`analysis.labels.parts_register`); fields name the file, row, column
and what was expected, never a cell's value.
"""

from __future__ import annotations

from analysis.labels import text


def bilingual(key: str, **fields) -> str:
    """The catalogue text ``key`` in Indonesian, then "(en) " and the English text."""
    return f"{text(key, 'id', **fields)}\n(en) {text(key, 'en', **fields)}"
