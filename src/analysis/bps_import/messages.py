"""Messages of the BPS importer in Indonesian and then English, from the catalogue.

Texts are in `analysis.labels.parts_err_data` (keys ``errd_b_*``). A message is a place (file,
row, column or sheet) and a problem; values from the downloaded file are shown short and masked
(`analysis.yamlread.shown`).
"""

from __future__ import annotations

from analysis.errors import InputError
from analysis.labels import text


def bilingual(key: str, /, **fields) -> str:
    """The catalogue text ``key`` in Indonesian, then "(en) " and English.

    A field given as ``(key, fields)`` is itself a catalogue text, filled in the same language.
    """
    return f"{fill('id', key, fields)}\n(en) {fill('en', key, fields)}"


def fill(lang: str, key: str, fields: dict) -> str:
    """One language of ``key``, with the ``(key, fields)`` pieces filled in that language."""
    return text(
        key,
        lang,
        **{
            name: fill(lang, *value) if isinstance(value, tuple) else value
            for name, value in fields.items()
        },
    )


def refuse(at: tuple, key: str, /, **fields) -> InputError:
    """An `InputError` "<place>: <problem>" in both languages (``at``: a place piece)."""
    return InputError(bilingual("errd_b_msg", at=at, message=(key, fields)))


def at_row(file, number) -> tuple:
    """The place "file, row N"."""
    return ("errd_b_row", {"file": file, "row": number})


def at_cell(file, number, column) -> tuple:
    """The place "file, row N, column X"."""
    return ("errd_b_cell", {"file": file, "row": number, "column": column})
