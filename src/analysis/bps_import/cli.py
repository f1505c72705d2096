"""Command line of the importer: ``python -m analysis.bps_import FILE`` (``make data-import``)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from analysis.bps_import.names import load_codes
from analysis.bps_import.store import RevisionsRefusedError, write_vintage
from analysis.bps_import.table import CODES_FILE, read_export
from analysis.errors import InputError

EXIT_BAD_INPUT = 2
EXIT_REVISIONS = 3


def parser() -> argparse.ArgumentParser:
    """The argument parser (its --help is the command's documentation)."""
    from analysis import paths

    command = argparse.ArgumentParser(
        prog="python -m analysis.bps_import",
        description=(
            "Add a BPS web-table download (CSV or XLSX: P0, number of poor, P1, P2 or poverty "
            "line by province or regency) to the raw data as a new vintage under impor/."
        ),
        epilog=(
            f"Exit status: 0 imported or already imported; {EXIT_BAD_INPUT} bad input (the "
            f"message names file, row, column and value); {EXIT_REVISIONS} figures differ from "
            "the data in force and --confirm-revisions was not given (nothing written)."
        ),
    )
    command.add_argument("file", type=Path, help="the downloaded table (.csv or .xlsx)")
    command.add_argument(
        "--confirm-revisions",
        action="store_true",
        help="accept figures that differ from the existing data (written as a newer vintage)",
    )
    command.add_argument(
        "--raw-dir",
        type=Path,
        default=paths.DATA_RAW,
        help=f"raw-data folder holding {CODES_FILE} and impor/ (default: {paths.DATA_RAW})",
    )
    return command


def main(argv: list[str] | None = None) -> int:
    """Import one file; print the outcome and the notes, or a clear error without traceback."""
    arguments = parser().parse_args(argv)
    try:
        codes = load_codes(arguments.raw_dir / CODES_FILE)
        result = read_export(arguments.file, codes)
        outcome = write_vintage(result, arguments.raw_dir, confirm=arguments.confirm_revisions)
    except RevisionsRefusedError as error:
        print(f"refused: {error}", file=sys.stderr)
        return EXIT_REVISIONS
    except InputError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    print(outcome.message)
    if outcome.status == "written":
        for note in result.notes:
            print(f"  note: {note}")
        if len(outcome.revisions):
            from analysis.bps_import.store import format_revisions

            print(format_revisions(outcome.revisions))
    return 0
