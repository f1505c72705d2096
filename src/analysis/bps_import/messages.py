"""Messages of the BPS importer in Indonesian and then English, from the catalogue.

Texts are in `analysis.labels.parts_err_data` (keys ``errd_b_*``). A message is a place (file,
row, column or sheet) and a problem; values from the downloaded file are shown short and masked
(`analysis.yamlread.shown`).
"""

from __future__ import annotations

from analysis.errors import InputError
from analysis.labels import Local, both

# "<Indonesian>\n(en) <English>"; `Local` pieces (a place, a problem) filled in each language.
bilingual = both


def refuse(at: Local, key: str, /, **fields) -> InputError:
    """An `InputError` "<place>: <problem>" in both languages (``at``: a place piece)."""
    return InputError(bilingual("errd_b_msg", at=at, message=Local(key, **fields)))


def at_row(file, number) -> Local:
    """The place "file, row N"."""
    return Local("errd_b_row", file=file, row=number)


def at_cell(file, number, column) -> Local:
    """The place "file, row N, column X"."""
    return Local("errd_b_cell", file=file, row=number, column=column)
