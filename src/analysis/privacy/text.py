"""The two tests every output text goes through: NIK-like digit runs and personal column names.

`scan_text` finds runs of 15 or more digits (the NIK and the family card number, No. KK, have 16)
that are not part of a hash; `scan_columns` finds cells that may head a column and are named
like a personal identifier (`analysis.personal`). Every file kind of `analysis.privacy` reduces
its content to texts and cells for these two.
"""

from __future__ import annotations

import re
from functools import lru_cache

from analysis.errors import InputError
from analysis.personal import (
    COLUMN_NAME_WORDS,
    NIK_PATTERN,
    column_words,
    mask_identifiers,
    personal_columns,
)

# A SHA-256 or git commit (hex with at least one letter) is a hash, not an identity number.
_HEX_HASH = re.compile(
    r"(?<![0-9A-Za-z])(?=[0-9a-f]*[a-f])[0-9a-f]{40}(?:[0-9a-f]{24})?(?![0-9A-Za-z])"
)


# NIK_PATTERN's digits without its look-behinds, which it tests at every position of a text: a
# text without a run of 15 digits has no finding, and blanking its hashes (each becomes one
# space) cannot make one. This search costs a fifth of the pattern's and the blanking's.
DIGIT_RUN = re.compile(r"\d{15}")


def scan_text(text: str, where: str) -> list[str]:
    """Return findings of NIK-like numbers (runs of 15 or more digits) in a text."""
    text = str(text)
    if DIGIT_RUN.search(text) is None:
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
