"""The official BPS code list and the matching of the names a BPS download writes to codes.

A download names regions in several ways ("Kabupaten Bogor", "Kab. Bogor", "KAB BOGOR", "Bogor",
"Kota Bogor", "KOTA BOGOR"). A name is reduced to its level prefix (kabupaten, kota, provinsi or
none) and a key of its letters and digits ("pematangsiantar" for "Pematang Siantar" and
"Pematangsiantar"). A prefixed name is looked up among the codes of that level only, so a
Kabupaten is never matched to the Kota of the same name; a bare name is accepted only when one
region has that key, otherwise it is refused with every candidate.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from analysis.bps_import.messages import refuse
from analysis.errors import InputError
from analysis.labels import Local, both, os_reason
from analysis.yamlread import shown

LEVELS = ("nasional", "provinsi", "kabupaten", "kota")
_PREFIXES = (
    ("kabupaten", re.compile(r"^(kabupaten\s+|kab\.\s*|kab\s+)((administrasi|adm)\.?\s+)?(?=\S)")),
    ("kota", re.compile(r"^kota\.?\s+((administrasi|adm)\.?\s+)?(?=\S)")),
    ("provinsi", re.compile(r"^(provinsi\s+|prov\.\s*|prov\s+)(?=\S)")),
)
# Spellings of the same words: expanded before the key is built.
_WORDS = (
    (re.compile(r"\bkep\.\s*"), "kepulauan "),
    (re.compile(r"\bdaerah istimewa\b"), "di"),
    (re.compile(r"\bdaerah khusus ibu ?kota\b"), "dki"),
)
_FOOTNOTE = re.compile(r"(\s*(\*+|\(\d\)|[\u00b9\u00b2\u00b3\u2070-\u2079]+))+$")


def level_of(code: str) -> str:
    """The level a BPS code implies: 0000 nation, xx00 province, third digit 7 city, else regency.

    Parameters
    ----------
    code : str
        A four-digit BPS code.

    Returns
    -------
    str
        ``nasional``, ``provinsi``, ``kota`` or ``kabupaten``.
    """
    if code == "0000":
        return "nasional"
    if code.endswith("00"):
        return "provinsi"
    return "kota" if code[2] == "7" else "kabupaten"


def normalise(name: str) -> tuple[str | None, str, str]:
    """Split a region name into its level prefix, its matching key and its readable rest.

    Parameters
    ----------
    name : str
        A name as written in a download ("Kab. Bogor", "KOTA BOGOR", "Jawa Tengah").

    Returns
    -------
    level : str or None
        ``kabupaten``, ``kota`` or ``provinsi`` when the name says so, else None.
    key : str
        Lower-case letters and digits of the rest ("jawatengah").
    rest : str
        The rest in lower case with single spaces ("jawa tengah"), for suggestions.
    """
    text = unicodedata.normalize("NFKC", name).replace("\u00a0", " ").casefold().strip()
    text = _FOOTNOTE.sub("", text)
    text = re.sub(r"\s+", " ", text)
    level = None
    for candidate, pattern in _PREFIXES:
        stripped = pattern.sub("", text, count=1)
        if stripped != text:
            level, text = candidate, stripped
            break
    for pattern, replacement in _WORDS:
        text = pattern.sub(replacement, text)
    key = re.sub(r"[^0-9a-z]", "", text)
    if key == "indonesia" and level is None:
        level = "nasional"
    return level, key, re.sub(r"\s+", " ", re.sub(r"[^0-9a-z ]", " ", text)).strip()


@dataclass(frozen=True)
class Match:
    """The outcome of matching one name: a code, or candidates and suggestions for the user."""

    name: str
    code: str | None
    candidates: tuple[str, ...] = ()
    suggestions: tuple[str, ...] = ()


@dataclass
class Codes:
    """The official BPS codes and names, indexed for matching (built by `load_codes`)."""

    names: dict[str, str]
    typed: dict[str, set[str]] = field(default_factory=dict)
    bare: dict[str, set[str]] = field(default_factory=dict)
    _full: dict[str, str] = field(default_factory=dict, repr=False)
    _bare: dict[str, str] = field(default_factory=dict, repr=False)

    def add(self, code: str, name: str) -> None:
        """Index one name (official or variant) of a code under its typed and its bare key."""
        _, key, _ = normalise(name)
        level = level_of(code)
        self.typed.setdefault(f"{level}|{key}", set()).add(code)
        self.bare.setdefault(key, set()).add(code)

    def match(self, name: str, provinces_only: bool = False) -> Match:
        """Match a name to one code, or return the candidates (ambiguous) or suggestions (unknown).

        Parameters
        ----------
        name : str
            The name as written in the download.
        provinces_only : bool
            The table lists provinces: a bare name is looked up among provinces and the nation
            first ("Jambi" is then the province, not Kota Jambi).

        Returns
        -------
        Match
            ``code`` set when exactly one region fits; otherwise ``candidates`` (several regions
            fit a bare name) or ``suggestions`` (no region fits; close names by `difflib`).
        """
        level, key, _ = normalise(name)
        if level is not None:
            found = self.typed.get(f"{level}|{key}", set())
        else:
            found = self.bare.get(key, set())
            if provinces_only:
                upper = {c for c in found if level_of(c) in ("provinsi", "nasional")}
                found = upper or found
        if len(found) == 1:
            return Match(name, next(iter(found)))
        if found:
            shown = tuple(f"{self.names[c]} ({c})" for c in sorted(found))
            return Match(name, None, candidates=shown)
        return Match(name, None, suggestions=self.suggest(name))

    def suggest(self, name: str, count: int = 3) -> tuple[str, ...]:
        """Official names close to ``name`` (`difflib.get_close_matches` on normalised names)."""
        level, _, rest = normalise(name)
        if not self._full:
            for code, official in self.names.items():
                _, _, official_rest = normalise(official)
                self._full.setdefault(f"{level_of(code)} {official_rest}", official)
                self._bare.setdefault(official_rest, official)
        choices = self._full if level else {**self._full, **self._bare}
        query = f"{level} {rest}" if level else rest
        close = difflib.get_close_matches(query, list(choices), n=count * 2, cutoff=0.6)
        return tuple(dict.fromkeys(choices[c] for c in close))[:count]


def load_codes(path: Path) -> Codes:
    """Read the official codes and names from a long BPS table (``bps_kabkota_nasional.csv``).

    Parameters
    ----------
    path : Path
        A CSV file with at least the columns ``kode_bps``, ``wilayah`` and ``tahun`` (the long
        table of all 514 regencies and cities, the provinces and the nation).

    Returns
    -------
    Codes
        One official name per code (the name of its most recent year, then the most frequent);
        every other name of a code in the file is kept as a variant for matching.

    Raises
    ------
    InputError
        When the file is missing, lacks the columns or holds a code that is not four digits.
    """
    path = Path(path)
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError, pd.errors.ParserError) as error:
        reason = os_reason(error) if isinstance(error, OSError) else str(error)[:200]
        raise InputError(both("errd_b_codes_unreadable", file=path, reason=reason)) from None
    missing = {"kode_bps", "wilayah", "tahun"} - set(frame.columns)
    if missing:
        names = ", ".join(sorted(missing))
        raise InputError(both("errd_b_codes_columns", file=path, names=names))
    bad = ~frame["kode_bps"].str.fullmatch(r"[0-9]{4}")
    if bad.any():
        row = int(frame.index[bad][0]) + 2
        at = Local("errd_b_cell_named", file=path, row=row, column="kode_bps")
        raise refuse(at, "errd_b_codes_code", value=shown(frame["kode_bps"][bad].iloc[0]))
    counts = frame.groupby(["kode_bps", "wilayah"]).agg(
        last=("tahun", "max"), rows=("tahun", "size")
    )
    ranked = counts.reset_index().sort_values(
        ["kode_bps", "last", "rows", "wilayah"], ascending=[True, False, False, True]
    )
    official = ranked.drop_duplicates("kode_bps")
    codes = Codes(names=dict(zip(official["kode_bps"], official["wilayah"], strict=True)))
    for code, name in zip(ranked["kode_bps"], ranked["wilayah"], strict=True):
        codes.add(code, name)
    return codes
