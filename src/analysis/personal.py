"""The one pattern of personal-data columns (and of identity numbers), for input and output.

`analysis.tables` refuses such columns in every table a user supplies and `analysis.privacy`
refuses them (and identity numbers) in every output before publishing: both gates use this
module, so the last gate is never weaker than the first. Kept apart from `analysis.privacy`
because the table reader needs the pattern while the output guard needs the data loaders.
"""

from __future__ import annotations

import re

from analysis.errors import InputError, mask_digits
from analysis.userfiles import message

# A NIK or No. KK has 16 digits; a typo gives 15 or 17. Any run of 15 or more digits counts,
# whatever surrounds it ("KK 3310012345678901.", "p3ke_3310012345678901_x"), except the
# decimals of a
# number ("0.12345678901234567", which floats print): a run right after "digit." is a fraction.
NIK_PATTERN = re.compile(r"(?<!\d)(?<!\d\.)\d{15,}")


def mask_identifiers(text: str) -> str:
    """Mask every run of 15 or more digits in a message: "3310012345678901" -> "3310********8901".

    Every error message that may quote a user's value goes through this, so a message never
    prints the identity number it refuses.
    """
    return mask_digits(text)  # defined with InputError, which masks every message it carries


# Words (or two adjacent words joined by "_") that mark a personal identifier in a column name:
# identity and family-card numbers, addresses, phone numbers, e-mail and birth dates. The list is
# deliberately broad: a refused aggregate file costs a rename, a leaked identifier cannot be undone.
PERSONAL_TOKENS = frozenset(
    {
        "nik",
        "kk",
        "nokk",
        "no_kk",
        "nomor_kk",
        "ktp",
        "alamat",
        "address",
        "telepon",
        "telp",
        "phone",
        "handphone",
        "ponsel",
        "hp",
        "whatsapp",
        "email",
        "e_mail",
        "tgl_lahir",
        "tanggal_lahir",
        "tempat_lahir",
        "birth",
        "birthdate",
        "dob",
    }
)
# "nama"/"name" is a person's name unless a word for a place or a thing qualifies it: nama_desa,
# village_name, file_name and rule_name name places and things.
NAME_TOKENS = frozenset({"nama", "name"})
AREA_TOKENS = frozenset(
    {
        "desa",
        "kelurahan",
        "village",
        "kecamatan",
        "district",
        "kabupaten",
        "regency",
        "kota",
        "provinsi",
        "province",
        "wilayah",
        "area",
    }
)
THING_TOKENS = frozenset(
    {
        "sumber",
        "source",
        "file",
        "sheet",
        "kolom",
        "column",
        "field",
        "isian",
        "variabel",
        "variable",
        "indikator",
        "indicator",
        "aturan",
        "rule",
        "metode",
        "method",
        "model",
        "program",
    }
)
# A quantity word makes the column an aggregate: "jumlah_kk" counts families, it identifies nobody.
QUANTITY_TOKENS = frozenset({"jumlah", "jml", "total", "count", "persen", "persentase", "share"})
# An output cell longer than this many words is text, not a column name (it is still scanned for
# NIK-like numbers): a note mentioning "KK" or "nama" must not read as such a column.
COLUMN_NAME_WORDS = 6
_WORD_SPLIT = re.compile(r"[\W_]+")


def column_words(name: object) -> list[str]:
    """Lower-case words of a column name, split at spaces, punctuation and underscores."""
    return [word for word in _WORD_SPLIT.split(str(name).strip().lower()) if word]


def is_personal_column(name: object) -> bool:
    """Whether a column name looks like a personal identifier (the one pattern of this project).

    Parameters
    ----------
    name : object
        A column name as written ("No. KK", "Nama Kepala Keluarga", "e-mail", "nama_desa").

    Returns
    -------
    bool
        True for a name with a word of `PERSONAL_TOKENS` (alone or two words joined, as in "no kk"
        or "tanggal lahir"), or with "nama"/"name" not qualified by a word of `AREA_TOKENS` or
        `THING_TOKENS`;
        False when a word of `QUANTITY_TOKENS` makes it a count ("jumlah KK").
    """
    words = column_words(name)
    found = set(words) | {"_".join(pair) for pair in zip(words, words[1:], strict=False)}
    if found & QUANTITY_TOKENS:
        return False
    person_name = bool(found & NAME_TOKENS) and not found & (AREA_TOKENS | THING_TOKENS)
    return person_name or bool(found & PERSONAL_TOKENS)


def personal_columns(columns) -> list[str]:
    """Return the column names that look like personal identifiers, in input order.

    Parameters
    ----------
    columns : iterable
        Column names as written in a file or shown in an output (empty cells are skipped).

    Returns
    -------
    list of str
        The original names of the suspicious columns.
    """
    return [str(c) for c in columns if c not in (None, "") and is_personal_column(c)]


def refuse_personal_columns(columns, where: str) -> None:
    """Raise `InputError` if a column looks like personal data; its values are never shown.

    Parameters
    ----------
    columns : iterable
        The column names of an input table.
    where : str or analysis.userfiles.Local
        The file (and sheet) named in the message (a user's file by its label).
    """
    suspicious = personal_columns(columns)
    if suspicious:
        # The column names are shown (cut and masked): they name a kind of data, and the user
        # must find them to delete them.
        columns = mask_identifiers(", ".join(repr(c[:60]) for c in suspicious))
        raise InputError(message("errf_personal_columns", file=where, columns=columns))
