"""Import BPS web-table downloads (CSV, XLSX) into the long BPS table (``make data-import``)."""

from analysis.bps_import.names import Codes, Match, load_codes
from analysis.bps_import.table import COLUMNS, KEY, ImportResult, read_export

__all__ = ["COLUMNS", "KEY", "Codes", "ImportResult", "Match", "load_codes", "read_export"]
