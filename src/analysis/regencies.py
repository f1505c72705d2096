"""Which regencies can be built, and how a command-line name maps to a BPS code.

This module uses the standard library only: `make report` calls it before any other work, so an
unknown regency fails in a fraction of a second and a no-op rebuild stays fast.

A regency's *slug* is its name without the "Kabupaten" prefix, lower-case, spaces as hyphens
("klaten", "kulon-progo"); cities keep a "kota-" prefix ("kota-semarang"), so Kabupaten and Kota
Pekalongan stay distinct.
"""

from __future__ import annotations

import csv
import difflib
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from analysis import paths
from analysis.errors import InputError

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


@lru_cache(maxsize=4)
def _index(bps_file: Path) -> dict[str, Regency]:
    provinces: dict[str, str] = {}
    names: dict[str, str] = {}
    with open(bps_file, newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            code = row["kode_bps"]
            if row["tingkat"] == "provinsi":
                provinces[code] = row["wilayah"]
            elif row["tingkat"] in ("kabupaten", "kota") and row["indikator"] == "p0_persen":
                names[code] = row["wilayah"]
    index: dict[str, Regency] = {}
    for code, name in sorted(names.items()):
        province_code = code[:2] + "00"
        regency = Regency(
            slug=slugify(name),
            kode_bps=code,
            name=name,
            province_code=province_code,
            province_name=provinces.get(province_code, province_code),
        )
        if regency.slug in index:  # same name in two provinces: make both unambiguous
            other = index.pop(regency.slug)
            index[f"{other.slug}-{other.kode_bps}"] = other
            regency = Regency(f"{regency.slug}-{code}", code, name, province_code,
                              regency.province_name)
        index[regency.slug] = regency
    return index


def all_regencies(bps_file: Path | None = None) -> list[Regency]:
    """Return every regency with a P0 figure in the BPS table, sorted by BPS code."""
    return sorted(_index(bps_file or paths.BPS_FILE).values(), key=lambda r: r.kode_bps)


def resolve(name: str, bps_file: Path | None = None) -> Regency:
    """Return the regency a command-line name refers to.

    Raises
    ------
    InputError
        If the name is not a slug (paths, spaces and quotes are refused before any lookup) or no
        regency with BPS figures has that slug; the message suggests close names.
    """
    source = bps_file or paths.BPS_FILE
    if not name or not SLUG_PATTERN.match(name):
        raise InputError(
            f"REGENCY={name!r} is not a regency name: use lower-case letters, digits and hyphens "
            "only, for example REGENCY=klaten or REGENCY=kota-semarang (see 'make regencies')."
        )
    index = _index(source)
    if name in index:
        return index[name]
    close = difflib.get_close_matches(name, list(index), n=5, cutoff=0.6)
    hint = f" Did you mean: {', '.join(close)}?" if close else ""
    some = ", ".join(sorted(index)[:8])
    raise InputError(
        f"Unknown regency {name!r}: no regency with that name has P0 figures in {source.name}."
        f"{hint} Valid names include {some}, ... ({len(index)} in all; 'make regencies' lists "
        "them)."
    )


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python -m analysis.regencies [NAME]`` checks a name or lists all."""
    import sys

    args = sys.argv[1:] if argv is None else argv
    try:
        if args == ["--names"]:
            print(" ".join(regency.slug for regency in all_regencies()))
        elif args:
            regency = resolve(args[0])
            print(f"{regency.slug}\t{regency.kode_bps}\t{regency.name}\t{regency.province_name}")
        else:
            for regency in all_regencies():
                print(f"{regency.slug:24s} {regency.kode_bps}  {regency.name} "
                      f"({regency.province_name})")
    except InputError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
