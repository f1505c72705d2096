"""Which regencies can be built, and how a command-line name maps to a BPS code.

This module uses the standard library only: `make report` calls it before any other work, so an
unknown regency fails in a fraction of a second and a no-op rebuild stays fast.

A regency's *slug* is its name without the "Kabupaten" prefix, lower-case, spaces as hyphens
("klaten", "kulon-progo"); cities keep a "kota-" prefix ("kota-semarang"), so Kabupaten and Kota
Pekalongan stay distinct. Two regencies of the same name in different provinces get their BPS
code appended ("bandung-3204"), so that no slug is ambiguous.

By default the regencies are those of the official BPS code list (``data/raw/kode_wilayah_bps.csv``:
all 514 regencies and cities, each with P0 figures in ``bps_kabkota_nasional.csv``); a BPS table
given instead (tests) lists the regencies with P0 rows in it. Either is read with the `csv` module
and only the columns needed here. This is the one
reader besides `analysis.tables` (the project's table reader), kept on purpose: importing pandas
would make every name check and no-op rebuild about 0.7 s slower. It follows the same rules (header
found below title rows within `HEADER_SEARCH_ROWS`, commas, semicolons or tabs, UTF-8 with or
without BOM), and the full validation of the table happens in `analysis.data` through
`analysis.tables`.
"""

from __future__ import annotations

import csv
import difflib
import io
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from analysis import paths
from analysis.errors import InputError
from analysis.labels import Local, both, os_reason
from analysis.yamlread import shown

SLUG_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Regency:
    """A regency or city that has BPS poverty figures in the data."""

    slug: str
    kode_bps: str
    name: str
    province_code: str
    province_name: str


def slugify(name: str) -> str:
    """Return the slug of a BPS region name ("Kabupaten Kulon Progo" -> "kulon-progo")."""
    lowered = name.strip().lower()
    if lowered.startswith("kabupaten "):
        lowered = lowered[len("kabupaten ") :]
    lowered = re.sub(r"[^a-z0-9]+", "-", lowered)
    return lowered.strip("-")


_COLUMNS = ("kode_bps", "wilayah", "tingkat")
# The official BPS code list; analysis.data checks every BPS table against it.
CODE_LIST = "kode_wilayah_bps.csv"


def code_list_file() -> Path:
    """The official BPS code list of the raw-data folder (what `make regencies` lists)."""
    return paths.DATA_RAW / CODE_LIST


HEADER_SEARCH_ROWS = 20  # = analysis.tables.HEADER_SEARCH_ROWS (tested)


def _rows(bps_file: Path) -> list[dict[str, str]]:
    """Return the rows of the BPS table as dicts, below the header line (title rows skipped)."""
    try:
        text = Path(bps_file).read_bytes().decode("utf-8-sig")
    except OSError as error:
        raise InputError(
            both("errd_r_unreadable", file=bps_file, reason=os_reason(error))
        ) from None
    except UnicodeDecodeError:
        raise InputError(both("errd_r_not_utf8", file=bps_file)) from None
    lines = re.split(r"\r\n|\r|\n", text)
    try:
        for number, line in enumerate(lines[:HEADER_SEARCH_ROWS]):
            for delimiter in (",", ";", "\t"):
                cells = {cell.strip() for cell in next(csv.reader([line], delimiter=delimiter), [])}
                if set(_COLUMNS) <= cells:
                    reader = csv.DictReader(
                        io.StringIO("\n".join(lines[number:]), newline=""), delimiter=delimiter
                    )
                    return [
                        {
                            key.strip(): value.strip()
                            for key, value in row.items()
                            if isinstance(key, str) and isinstance(value, str)
                        }
                        for row in reader
                    ]
    except csv.Error as error:  # e.g. a cell longer than the csv module's limit
        raise InputError(both("errd_r_csv", file=bps_file, reason=error)) from None
    raise InputError(
        both("errd_r_no_header", file=bps_file, columns=", ".join(_COLUMNS), n=HEADER_SEARCH_ROWS)
    )


def _index(bps_file: Path) -> dict[str, Regency]:
    """Return the regencies by slug (cached per file and modification time)."""
    try:
        mtime = Path(bps_file).stat().st_mtime
    except OSError:
        mtime = None  # _rows reports the missing file
    return _index_cached(Path(bps_file), mtime)


@lru_cache(maxsize=4)
def _index_cached(bps_file: Path, mtime: float | None) -> dict[str, Regency]:
    provinces: dict[str, str] = {}
    names: dict[str, str] = {}
    for row in _rows(bps_file):
        code = row.get("kode_bps", "")
        if row.get("tingkat") == "provinsi":
            provinces[code] = row.get("wilayah", code)
        elif row.get("tingkat") in ("kabupaten", "kota") and (
            row.get("indikator", "p0_persen") == "p0_persen"  # the code list has no indikator
        ):
            names[code] = row.get("wilayah", code)
    regencies = [
        Regency(
            slugify(name),
            code,
            name,
            code[:2] + "00",
            provinces.get(code[:2] + "00", code[:2] + "00"),
        )
        for code, name in sorted(names.items())
    ]
    slugs = [regency.slug for regency in regencies]
    index: dict[str, Regency] = {}
    for regency in regencies:
        slug = regency.slug
        if slugs.count(slug) > 1:  # the same name in two provinces: make every one unambiguous
            slug = f"{slug}-{regency.kode_bps}"
        if SLUG_PATTERN.fullmatch(slug):  # a name without letters or digits cannot be typed
            index[slug] = replace(regency, slug=slug)
    return index


def all_regencies(bps_file: Path | None = None) -> list[Regency]:
    """Return every official regency (or every one with P0 rows in ``bps_file``), by BPS code."""
    return sorted(_index(bps_file or code_list_file()).values(), key=lambda r: r.kode_bps)


def resolve(name: str, bps_file: Path | None = None) -> Regency:
    """Return the regency a command-line name refers to.

    Raises
    ------
    InputError
        If the name is not a slug (paths, spaces and quotes are refused before any lookup) or no
        regency with BPS figures has that slug; the message suggests close names.
    """
    source = Path(bps_file or code_list_file())
    if not isinstance(name, str) or not SLUG_PATTERN.fullmatch(name):
        # Refused before any lookup: the name becomes a folder (reports/<name>/) and a file name.
        candidate = slugify(name) if isinstance(name, str) else ""
        try:
            known = bool(candidate) and candidate in _index(source)
        except InputError:  # the hint is a courtesy; the refusal does not depend on the data
            known = False
        raise InputError(
            _bilingual(
                "errd_r_not_a_name",
                "errd_r_slug_hint",
                candidate if known else "",
                value=shown(name),
            )
        )
    index = _index(source)
    if name in index:
        return index[name]
    close = difflib.get_close_matches(name, list(index), n=5, cutoff=0.6)
    raise InputError(
        _bilingual(
            "errd_r_unknown",
            "errd_r_close_hint",
            ", ".join(close),
            value=shown(name),
            file=source.name,
            n=len(index),
            some=", ".join(sorted(index)[:8]),
        )
    )


def _bilingual(key: str, hint_key: str, hint: str, **fields) -> str:
    """``key`` in Indonesian, then "(en) " and English, with the hint ``hint_key`` (filled with
    ``hint`` as its name) in the same language when ``hint`` is not empty."""
    return both(key, hint=Local(hint_key, name=hint, names=hint) if hint else "", **fields)


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python -m analysis.regencies [NAME]`` checks a name or lists all."""
    import sys

    args = sys.argv[1:] if argv is None else argv
    try:
        if len(args) > 1:
            given = " ".join(shown(arg) for arg in args[:5])
            raise InputError(both("errd_r_args", n=len(args), args=given))
        if args == ["--names"]:
            print(" ".join(regency.slug for regency in all_regencies()))
        elif args:
            regency = resolve(args[0])
            print(f"{regency.slug}\t{regency.kode_bps}\t{regency.name}\t{regency.province_name}")
        else:
            for regency in all_regencies():
                print(
                    f"{regency.slug:24s} {regency.kode_bps}  {regency.name} "
                    f"({regency.province_name})"
                )
    except InputError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
