"""What a flattened BPS column header says: indicator, period, year and unit.

BPS web tables put the indicator, the period and the unit into one header text
("Jumlah Penduduk Miskin - Maret (ribu) (Ribu)", "Indeks Kedalaman Kemiskinan (P1) - 2023"), or
into two header rows that the reader joins with " - ". The year may be in the header or only in
the table title ("..., 2023").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from analysis.data import INDICATOR_RANGES
from analysis.labels import Local

# Checked in this order; a header matching two indicators is refused as ambiguous.
INDICATORS = (
    ("p1", re.compile(r"indeks kedalaman kemiskinan|\bp1\b")),
    ("p2", re.compile(r"indeks keparahan kemiskinan|\bp2\b")),
    ("garis_kemiskinan_rp", re.compile(r"garis kemiskinan")),
    ("jumlah_miskin_ribu", re.compile(r"jumlah penduduk miskin")),
    ("p0_persen", re.compile(r"persentase penduduk miskin|\bp0\b")),
)
INDICATOR_NAMES = (
    "Persentase Penduduk Miskin (P0)",
    "Jumlah Penduduk Miskin (Ribu)",
    "Garis Kemiskinan (Rp)",
    "Indeks Kedalaman Kemiskinan (P1)",
    "Indeks Keparahan Kemiskinan (P2)",
)
# Plausible ranges, those of the long-table validation (analysis.data, defined once): a value
# outside is a misread unit or separator and is refused, never imported.
RANGES = {name: (low, high) for name, (low, high, _unit) in INDICATOR_RANGES.items()}
# Poverty tables that are not a total: read as a skipped column with a note, never as the total.
_PART = re.compile(r"\b(perkotaan|perdesaan)\b")
_TOTAL = re.compile(r"perkotaan\s*(\+|dan|&)\s*perdesaan|\bjumlah\b.*\bdaerah\b|\btotal\b")
_EXTREME = re.compile(r"ekstrem")
_MARCH = re.compile(r"\bmaret\b|\bmar\b|semester\s*(1|i)\b")
_SEPTEMBER = re.compile(r"\bseptember\b|\bsept?\b|semester\s*(2|ii)\b")
_YEAR = re.compile(r"(?<![0-9])(19[89][0-9]|20[0-9]{2})(?![0-9])")
REGION_HEADERS = re.compile(
    r"^(provinsi|kabupaten ?/ ?kota|kab ?/ ?kota|kabupaten ?/ ?kota ?/ ?provinsi"
    r"|provinsi ?/ ?kabupaten ?/ ?kota|wilayah|nama wilayah|daerah|kabupaten|kota)$"
)
IGNORED_HEADERS = re.compile(r"^(no\.?|nomor|kode|kode bps|kode wilayah|kode_bps)$")


@dataclass(frozen=True)
class Label:
    """What one column header means (``skip`` says why a recognised column is not imported)."""

    indikator: str | None
    periode: str | None
    tahun: int | None
    skip: str | None = None
    problem: str | None = None
    # The problem as a catalogue key and its fields, for the bilingual message.
    problem_key: Local | None = None


def clean(text: str) -> str:
    """Lower-case a header with single spaces."""
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip().casefold()


def indicators_in(text: str) -> list[str]:
    """The indicators a header text names (usually one; more means the header is ambiguous)."""
    low = clean(text)
    return [name for name, pattern in INDICATORS if pattern.search(low)]


def years_in(text: str) -> list[int]:
    """The distinct four-digit years (1980-2099) in a text, in order of appearance."""
    return list(dict.fromkeys(int(y) for y in _YEAR.findall(text)))


def parse_label(text: str, title: str) -> Label:
    """Read the indicator, period and year of one column header.

    Parameters
    ----------
    text : str
        The flattened header ("Persentase Penduduk Miskin - Maret").
    title : str
        The table title and file name, where the year and unit are looked up when the header
        lacks them.

    Returns
    -------
    Label
        ``indikator`` None with ``problem`` set when the header is not an indicator this importer
        knows or is ambiguous; ``skip`` set for a known column that is not imported (urban or
        rural only); ``periode`` None when the header names no period; ``tahun`` None when neither
        the header nor the title gives exactly one year (``problem`` says why when several).
    """
    low = clean(text)
    found = indicators_in(low)
    if _EXTREME.search(low) or not found:
        return Label(None, None, None, problem="unknown")
    if len(found) > 1:
        names = ", ".join(found)
        return Label(
            None,
            None,
            None,
            problem=f"names several indicators ({names})",
            problem_key=Local("errd_b_pr_indicators", names=names),
        )
    indikator = found[0]
    if _PART.search(low) and not _TOTAL.search(low):
        return Label(indikator, None, None, skip="urban or rural figures only")
    unit = _unit_problem(indikator, low, clean(title))
    if unit:
        return Label(indikator, None, None, problem=unit[0], problem_key=Local(unit[1]))
    march, september = bool(_MARCH.search(low)), bool(_SEPTEMBER.search(low))
    if march and september:
        return Label(
            indikator,
            None,
            None,
            problem="names both March and September",
            problem_key=Local("errd_b_pr_periods"),
        )
    periode = "maret" if march else "september" if september else None
    years = years_in(low) or years_in(title)
    if len(years) > 1:
        where = "header" if years_in(low) else "title"
        shown = ", ".join(map(str, years))
        return Label(
            indikator,
            periode,
            None,
            problem=f"the {where} names several years ({shown})",
            problem_key=Local(f"errd_b_pr_years_{where}", years=shown),
        )
    return Label(indikator, periode, years[0] if years else None)


def _unit_problem(indikator: str, header: str, title: str) -> tuple[str, str] | None:
    """Why the unit of a header cannot be imported as the long table's unit (in English and as a
    catalogue key), or None."""
    if indikator == "jumlah_miskin_ribu" and "ribu" not in header:
        if "ribu" in title and "jiwa" not in header:
            return None
        return (
            "gives the number of poor without the unit 'ribu' (thousand); expected a header "
            "such as 'Jumlah Penduduk Miskin (Ribu Jiwa)'",
            "errd_b_pr_thousands",
        )
    if indikator == "garis_kemiskinan_rp" and "ribu" in header:
        return (
            "gives the poverty line in thousand rupiah; expected rupiah (Rp/kapita/bulan)",
            "errd_b_pr_line_thousands",
        )
    return None
