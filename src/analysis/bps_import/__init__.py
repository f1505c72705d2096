"""Import BPS web-table downloads (CSV, XLSX) into the long BPS table (``make data-import``).

``python -m analysis.bps_import FILE [--confirm-revisions] [--raw-dir DIR]`` reads a table as the
BPS website exports it ("Jumlah dan Persentase Penduduk Miskin Menurut Provinsi", "Persentase
Penduduk Miskin (P0) Menurut Kabupaten/Kota", P1, P2, Garis Kemiskinan, Jumlah Penduduk Miskin),
matches the region names to official BPS codes and adds the figures to ``data/raw/impor/`` as a
new vintage with a provenance record. Public API:

* `read_export` (file -> `ImportResult`: long-table rows, notes, title, unmatched names);
* `load_codes` (the official codes and names, from ``bps_kabkota_nasional.csv``);
* `revisions` (figures that differ from an existing table), `write_vintage` (adds a vintage,
  refusing revisions unless confirmed), `load_tables` and `combine` (one value per key by trust
  grade, vintage and source, with the conflicts).

What is written by hand, and why no library does it:

* the CSV is split with the standard `csv` module, not `pandas.read_csv`: a download has title
  and footer rows of other widths around the table, its separator and decimal mark depend on the
  user's locale, and messages must name the spreadsheet row of a bad cell;
* XLSX is read cell by cell with `openpyxl` (not `pandas.read_excel`) to refuse formulas, hidden
  sheets and hidden rows or columns, and to see merged header cells;
* the header block (flattened "Indikator - Periode (Satuan)" texts or two header rows) and the
  footer are found by rules about BPS tables: no library knows that layout;
* region names are matched by prefix and key (`names`), with `difflib` for suggestions: a fuzzy
  matcher alone would confuse "Kabupaten Bogor" and "Kota Bogor".
"""

from analysis.bps_import.names import Codes, Match, load_codes
from analysis.bps_import.store import (
    PRECEDENCE,
    Outcome,
    RevisionsRefusedError,
    combine,
    load_tables,
    read_long_table,
    revisions,
    write_vintage,
)
from analysis.bps_import.table import COLUMNS, KEY, ImportResult, read_export

__all__ = [
    "COLUMNS",
    "KEY",
    "PRECEDENCE",
    "Codes",
    "ImportResult",
    "Match",
    "Outcome",
    "RevisionsRefusedError",
    "combine",
    "load_codes",
    "load_tables",
    "read_export",
    "read_long_table",
    "revisions",
    "write_vintage",
]
