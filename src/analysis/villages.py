"""The village panel: its schema, its validation and the loading of a user's CSV or XLSX export.

A village panel has one row per village and year with counts of families (from P3KE, DTKS or,
since 2025, DTSEN): all families, families in welfare decile 1 (extreme poor) and in deciles 1-4,
and families with each of the eight provincial extreme-poverty indicators. Column names are
English snake_case and stable; `SCHEMA` documents each one. The simulated panel of `analysis.synth`
and a user's own export go through the same `validate_panel`.

Validation is hand-written with pandas rather than with pandera: the checks are few, the messages
must name the spreadsheet row a user sees (header row + 1-based data row, title rows counted) and
must never echo a value from a column that may hold personal data, and no new dependency is needed.

What the reader tolerates, and what it refuses
---------------------------------------------
* The file is read by `analysis.tables.read_table`, the one reader of tables: title rows above the
  header, CSV separated by commas, semicolons or tabs, XLSX workbooks (the first sheet with the
  header), UTF-8 only; see there.
* Indonesian column names from `COLUMN_ALIASES` (``kode_desa``, ``tahun``, ``jumlah_keluarga``...).
* Village codes written without dots (``3310032009``) are unambiguous and are dotted.
* Counts must be whole numbers. ``12`` and ``12.0`` (a float cell or export) are read; a decimal
  comma (``12,5``) is refused because a count of families has no fraction, and ``1.234`` or
  ``1,234`` is refused because a thousands separator cannot be told apart from a decimal mark
  (`analysis.tables.number_shape`). Nothing is guessed.
* A column whose name looks like a personal identifier (NIK, name, address, family-card number,
  phone, e-mail, birth date: `analysis.privacy.is_personal_column`, the same pattern the output
  guard uses) refuses the whole file; its values are never read into a message.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

# Re-exported (``x as x``): names this module defined before the boundaries, the personal-data
# pattern and the header normaliser moved to their own modules.
from analysis.boundaries import BOUNDARY_CODE_FIELDS as BOUNDARY_CODE_FIELDS
from analysis.boundaries import read_boundaries as read_boundaries
from analysis.data import UNDOTTED_VILLAGE_CODE, VILLAGE_CODE  # one definition of the codes
from analysis.errors import InputError
from analysis.params import INDICATORS  # the eight provincial indicators, defined once
from analysis.personal import personal_columns as personal_columns
from analysis.personal import refuse_personal_columns
from analysis.schema import (
    COLUMN_ALIASES as COLUMN_ALIASES,
)
from analysis.schema import COUNT_COLUMNS as COUNT_COLUMNS
from analysis.schema import OPTIONAL_COLUMNS as OPTIONAL_COLUMNS
from analysis.schema import PANEL_COLUMNS as PANEL_COLUMNS
from analysis.schema import REQUIRED_COLUMNS as REQUIRED_COLUMNS
from analysis.schema import SCHEMA as SCHEMA
from analysis.schema import SIMULATION_COLUMNS as SIMULATION_COLUMNS
from analysis.tables import normalise_column, number_shape, read_table

# A count is a whole number; "12.0" is how a float cell or export writes one.
_WHOLE = re.compile(r"^-?\d+(\.0)?$")
YEAR_RANGE = (2000, 2100)
MAX_LISTED = 8


def _canonical(name: str) -> str:
    """The schema name of a header cell: normalised, then Indonesian aliases resolved."""
    name = normalise_column(name)
    return COLUMN_ALIASES.get(name, name)


def read_village_table(path: Path) -> tuple[pd.DataFrame, pd.Series, list[str]]:
    """Read a village CSV or XLSX file into text cells (with `analysis.tables.read_table`).

    Parameters
    ----------
    path : Path
        A ``.csv`` (comma, semicolon or tab separated, UTF-8) or ``.xlsx`` file.

    Returns
    -------
    frame : DataFrame
        Cells as text, columns renamed to the schema names; columns that are neither required
        nor optional are dropped (listed in the notes), and so are rows without a value in them.
    rows : Series
        For each frame row, the row number a spreadsheet program shows.
    notes : list of str
        What was tolerated (title rows, separator, sheet, dropped columns).

    Raises
    ------
    InputError
        For a missing or unreadable file, a missing header, a personal-identifier column.
    """
    path = Path(path)
    table = read_table(path, REQUIRED_COLUMNS, optional=OPTIONAL_COLUMNS, rename=_canonical)
    names = list(table.frame.columns)
    keep = [name for name in names if name in REQUIRED_COLUMNS or name in OPTIONAL_COLUMNS]
    dropped = [
        written
        for written, name in zip(table.header, names, strict=True)
        if name not in keep and _canonical(written)
    ]
    notes = list(table.notes)
    if dropped:
        notes.append(f"{path.name}: ignored column(s) not in the schema: {', '.join(dropped)}.")
    frame = table.frame[keep]
    frame = frame[(frame != "").any(axis=1)]  # e.g. a row with a value only in a dropped column
    rows = pd.Series([table.row(position) for position in frame.index], dtype="int64")
    frame = frame.reset_index(drop=True).astype(object)
    frame.attrs["where"] = table.where
    return frame, rows, notes


def _row_label(rows: pd.Series | None, position) -> str:
    if rows is None:
        return f"row index {position}"
    return f"row {int(rows[position])}"


def _raise_listed(source: str, problems: list[str], expected: str, total: int | None = None):
    if not problems:
        return
    total = len(problems) if total is None else total
    shown = problems[:MAX_LISTED]
    more = f"\n  ... and {total - len(shown)} more" if total > len(shown) else ""
    raise InputError(f"{source}: {expected}\n  " + "\n  ".join(shown) + more)


def _listed(mask: pd.Series, describe) -> tuple[list[str], int]:
    """Describe the first few flagged rows (cheap on national-size frames)."""
    flagged = mask.index[mask.to_numpy(dtype=bool)]
    return [describe(i) for i in flagged[:MAX_LISTED]], len(flagged)


def _as_text(values: pd.Series) -> pd.Series:
    """Cells as stripped text; numbers from Excel become their repr ("12", "12.0")."""
    text = values.astype("string").str.strip()
    return text.fillna("")


def _parse_counts(frame: pd.DataFrame, column: str, rows, source: str) -> pd.Series:
    values = frame[column]
    if pd.api.types.is_bool_dtype(values.dtype):
        text = values.astype(str)
    elif pd.api.types.is_numeric_dtype(values.dtype):
        numeric = values.astype("float64")
        good = np.isfinite(numeric) & (numeric == np.round(numeric))
        if good.all():
            return numeric.astype("int64")
        text = _as_text(values.astype(object))
    else:
        text = _as_text(values)
    whole = text.str.fullmatch(_WHOLE.pattern)
    expected = "counts of families must be whole numbers (0 if none):"

    def describe(i):
        value = text[i]
        where = f"{_row_label(rows, i)}, column '{column}'"
        shape = "empty" if value in ("nan", "<NA>", "None") else number_shape(value)
        if shape == "empty":
            return f"{where}: the cell is empty; expected a whole number (0 if none)"
        if shape == "ambiguous":
            return (
                f"{where}: value {value!r} has a thousands separator or a decimal mark that "
                "cannot be told apart; expected digits only, such as 1234 (refused, not "
                "guessed)"
            )
        if shape == "thousands":
            return (
                f"{where}: value {value!r} has a thousands separator; expected digits only, "
                "such as 1234 (refused, not guessed)"
            )
        if shape == "comma_decimal":
            return (
                f"{where}: value {value!r} has a decimal comma; a count of families is a "
                "whole number such as 12 (refused, not rounded)"
            )
        if shape == "plain":
            return f"{where}: value {value!r} is not a whole number; expected e.g. 12"
        return f"{where}: value {value!r} is not a number; expected a whole number such as 12"

    problems, total = _listed(~whole, describe)
    _raise_listed(source, problems, expected, total)
    return pd.to_numeric(text, errors="raise").astype("float64").astype("int64")


def _parse_years(frame: pd.DataFrame, rows, source: str) -> pd.Series:
    if pd.api.types.is_integer_dtype(frame["year"].dtype):
        text = frame["year"].astype("int64").astype(str)  # cheap path for typed frames
    else:
        text = _as_text(frame["year"])
    good = text.str.fullmatch(r"\d{4}(\.0)?")
    problems, total = _listed(
        ~good,
        lambda i: (
            f"{_row_label(rows, i)}, column 'year': value {text[i]!r} is not a year; expected four "
            "digits such as 2025"
        ),
    )
    _raise_listed(source, problems, "every row needs a data year:", total)
    years = pd.to_numeric(text).astype("int64")
    outside = ~years.between(*YEAR_RANGE)
    problems, total = _listed(
        outside,
        lambda i: (
            f"{_row_label(rows, i)}, column 'year': year {years[i]} is outside "
            f"{YEAR_RANGE[0]}-{YEAR_RANGE[1]}"
        ),
    )
    _raise_listed(source, problems, "every row needs a data year:", total)
    return years


def _parse_codes(frame: pd.DataFrame, rows, source: str, notes: list[str]) -> pd.Series:
    text = _as_text(frame["village_code"]).astype(object).astype(str)
    undotted = text.str.fullmatch(UNDOTTED_VILLAGE_CODE.pattern)
    if undotted.any():
        text = text.where(
            ~undotted,
            text.str.replace(r"^(\d{2})(\d{2})(\d{2})(\d{4})$", r"\1.\2.\3.\4", regex=True),
        )
        notes.append(
            f"{Path(source).name}: {int(undotted.sum())} village code(s) written "
            "without dots were read as Kemendagri codes (3310032009 -> 33.10.03.2009)."
        )
    bad = ~text.str.fullmatch(VILLAGE_CODE.pattern)
    problems, total = _listed(
        bad,
        lambda i: (
            f"{_row_label(rows, i)}, column 'village_code': value {text[i]!r} is not a Kemendagri "
            "village code such as 33.10.03.2009 (write it as text so that Excel keeps the dots)"
        ),
    )
    _raise_listed(source, problems, "every row needs a village code:", total)
    return text


def _regency_names() -> dict[str, str]:
    try:
        from analysis import data

        regencies = data.load_official_regencies()
        return dict(zip(regencies["kode_kabupaten"], regencies["nama"], strict=True))
    except Exception:  # the names only decorate the message; the check itself does not need them
        return {}


def _check_codes(codes: pd.Series, official: pd.DataFrame, rows, source: str) -> None:
    own_prefixes = sorted(official["kode_desa"].str[:5].unique())
    prefix = codes.str[:5]
    foreign = ~prefix.isin(own_prefixes)
    own_label = ", ".join(own_prefixes)
    if foreign.any():
        names = _regency_names()
        own_label = ", ".join(f"{p} ({names.get(p, 'unknown')})" for p in own_prefixes)
        if foreign.all():
            main = prefix.value_counts().index[0]
            raise InputError(
                f"{source}: this is a village file for regency {main} "
                f"({names.get(main, 'not in the official list')}): all {len(codes)} rows have "
                f"codes outside {own_label}. Choose the file of {own_label}, or build the brief "
                f"of regency {main}."
            )
        problems, total = _listed(
            foreign,
            lambda i: (
                f"{_row_label(rows, i)}, column 'village_code': {codes[i]} belongs to regency "
                f"{prefix[i]} ({names.get(prefix[i], 'not in the official list')})"
            ),
        )
        _raise_listed(source, problems, f"village codes must belong to {own_label}:", total)
    unknown = ~codes.isin(set(official["kode_desa"]))
    problems, total = _listed(
        unknown,
        lambda i: (
            f"{_row_label(rows, i)}, column 'village_code': {codes[i]} is not an official village "
            f"of {codes[i][:5]}"
        ),
    )
    _raise_listed(
        source,
        problems,
        "village codes must be in the official Kemendagri list (idn-area-data):",
        total,
    )


def _check_structure(frame: pd.DataFrame, rows, source: str) -> None:
    duplicated = frame.duplicated(["village_code", "year"], keep=False)
    if duplicated.any():
        groups = frame[duplicated].groupby(["village_code", "year"], sort=True)
        problems = []
        for (code, year), group in list(groups)[:MAX_LISTED]:
            labels = ", ".join(_row_label(rows, i) for i in group.index)
            problems.append(f"{labels}: village {code} appears {len(group)} times for {year}")
        _raise_listed(source, problems, "expected one row per village and year:", groups.ngroups)
    first, last = int(frame["year"].min()), int(frame["year"].max())
    span = last - first + 1
    counts = frame.groupby("village_code")["year"].size()
    short = counts.index[counts < span]
    if len(short):
        present = (
            frame[frame["village_code"].isin(short[:MAX_LISTED])]
            .groupby("village_code")["year"]
            .agg(set)
        )
        problems = [
            f"village {code} has no row for "
            f"{', '.join(map(str, sorted(set(range(first, last + 1)) - have)))}"
            for code, have in present.items()
        ]
        _raise_listed(
            source,
            problems,
            f"the file covers {first}-{last}; expected one row per village for every "
            "year in that range (a year with no data for any village may be left out "
            "of the whole file instead):",
            len(short),
        )


def _check_counts(frame: pd.DataFrame, rows, source: str) -> None:
    problems, total = [], 0
    for column in COUNT_COLUMNS:
        listed, count = _listed(
            frame[column] < 0,
            lambda i, c=column: (
                f"{_row_label(rows, i)}, column '{c}': value {int(frame[c][i])} is negative; "
                "expected 0 or more"
            ),
        )
        problems += listed
        total += count
    _raise_listed(source, problems, "counts of families cannot be negative:", total)
    pairs = [("families_desil1", "families_desil1_4"), ("families_desil1_4", "families")]
    pairs += [(column, "families") for column in INDICATORS]
    for part, whole in pairs:
        listed, count = _listed(
            frame[part] > frame[whole],
            lambda i, p=part, w=whole: (
                f"{_row_label(rows, i)}, column '{p}': value {int(frame[p][i])} is larger than "
                f"'{w}' ({int(frame[w][i])}) of village {frame['village_code'][i]}, "
                f"{int(frame['year'][i])}; expected {p} <= {w}"
            ),
        )
        problems += listed
        total += count
    _raise_listed(
        source,
        problems,
        "a part cannot exceed its total (desil 1 <= desil 1-4 <= families; each "
        "indicator <= families):",
        total,
    )


_LOKUS_VALUES = {
    "1": True,
    "0": False,
    "": pd.NA,
    "true": True,
    "false": False,
    "ya": True,
    "tidak": False,
    "yes": True,
    "no": False,
    "1.0": True,
    "0.0": False,
}


def _parse_lokus(frame: pd.DataFrame, rows, source: str) -> pd.Series:
    values = _as_text(frame["lokus"]).str.lower()
    problems, total = _listed(
        ~values.isin(set(_LOKUS_VALUES)),
        lambda i: (
            f"{_row_label(rows, i)}, column 'lokus': value {values[i]!r} is not 1, 0 or empty"
        ),
    )
    _raise_listed(source, problems, "lokus marks priority villages:", total)
    return values.map(_LOKUS_VALUES).astype("boolean")


def validate_panel(
    df: pd.DataFrame, official: pd.DataFrame, source_name: str, rows: pd.Series | None = None
) -> pd.DataFrame:
    """Check a village panel against the schema and the official village list.

    Parameters
    ----------
    df : DataFrame
        Columns named as in `SCHEMA` (aliases already resolved); cells may be text (from a file)
        or numbers. Extra columns are dropped; personal-identifier columns are refused.
    official : DataFrame
        The regency's official villages (`analysis.data.load_official_villages`): kode_desa,
        nama_desa, kode_kecamatan, nama_kecamatan.
    source_name : str
        The file (or description) named in messages and used as default ``source``.
    rows : Series, optional
        Spreadsheet row number of each frame row; without it messages give the frame index.

    Returns
    -------
    DataFrame
        Columns `PANEL_COLUMNS` (plus, for simulated panels, the simulation columns of
        `analysis.synth`), sorted by village code and year; counts as int64, ``lokus`` as
        nullable boolean. ``attrs["notes"]`` lists what was tolerated and which official
        villages are absent.

    Raises
    ------
    InputError
        Naming the file, row, column, value and expectation for: personal-identifier columns,
        missing columns, unparseable or fractional counts, bad years or codes, villages of
        another regency or not in the official list, duplicate village-years, negative counts, a
        part larger than its total, and a village missing a year within the file's range.
    """
    notes = list(df.attrs.get("notes", []))
    refuse_personal_columns(df.columns, source_name)
    missing = [c for c in REQUIRED_COLUMNS if c not in df.columns]
    if missing:
        raise InputError(
            f"{source_name}: missing column(s) {', '.join(missing)}; expected "
            f"{', '.join(REQUIRED_COLUMNS)}."
        )
    if df.empty:
        raise InputError(f"{source_name}: the table has a header but no data rows.")
    extra = [
        c
        for c in df.columns
        if c not in REQUIRED_COLUMNS
        and c not in OPTIONAL_COLUMNS
        and c not in PANEL_COLUMNS
        and c not in SIMULATION_COLUMNS
    ]
    frame = df.drop(columns=extra).copy()
    frame["village_code"] = _parse_codes(frame, rows, source_name, notes)
    frame["year"] = _parse_years(frame, rows, source_name)
    for column in COUNT_COLUMNS:
        frame[column] = _parse_counts(frame, column, rows, source_name)
    _check_codes(frame["village_code"], official, rows, source_name)
    _check_structure(frame, rows, source_name)
    _check_counts(frame, rows, source_name)
    _describe_source(frame, rows, source_name, notes)
    frame = _join_names(frame, official)
    absent = sorted(set(official["kode_desa"]) - set(frame["village_code"]))
    if absent:
        shown = ", ".join(absent[:5]) + (" ..." if len(absent) > 5 else "")
        notes.append(
            f"{Path(source_name).name}: {len(absent)} of {len(official)} official "
            f"villages have no rows ({shown}); they are left out of every ranking."
        )
    simulation = [c for c in SIMULATION_COLUMNS if c in frame]
    frame = frame[list(PANEL_COLUMNS) + simulation]
    frame = frame.sort_values(["village_code", "year"]).reset_index(drop=True)
    frame.attrs = {"notes": notes, "source": str(source_name), "absent_villages": absent}
    return frame


def _describe_source(frame: pd.DataFrame, rows, source_name: str, notes: list[str]) -> None:
    """Fill the columns source (default: the file name), lokus and is_simulated in place."""
    if "source" in frame:
        text = _as_text(frame["source"])
        frame["source"] = text.where(text != "", Path(source_name).name).astype(str)
    else:
        frame["source"] = Path(source_name).name
        notes.append(f"{Path(source_name).name}: no 'source' column; the file name is used.")
    frame["lokus"] = (
        _parse_lokus(frame, rows, source_name)
        if "lokus" in frame
        else pd.Series(pd.NA, index=frame.index, dtype="boolean")
    )
    if "is_simulated" in frame:
        frame["is_simulated"] = frame["is_simulated"].astype(bool)
    else:
        frame["is_simulated"] = frame["source"].str.contains("SIMULASI", regex=False)


def _join_names(frame: pd.DataFrame, official: pd.DataFrame) -> pd.DataFrame:
    """Replace any village and kecamatan names of the file by the official ones."""
    names = official.rename(
        columns={
            "kode_desa": "village_code",
            "nama_desa": "village_name",
            "kode_kecamatan": "kecamatan_code",
            "nama_kecamatan": "kecamatan_name",
        }
    )
    frame = frame.drop(
        columns=[c for c in ("village_name", "kecamatan_code", "kecamatan_name") if c in frame]
    )
    return frame.merge(
        names[["village_code", "village_name", "kecamatan_code", "kecamatan_name"]],
        on="village_code",
        how="left",
    )


def load_village_file(
    path: Path, kode_bps: str, official_villages: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Read and validate a user's village panel (CSV or XLSX) for one regency.

    Parameters
    ----------
    path : Path
        The file; see the module docstring for what is tolerated and what is refused.
    kode_bps : str
        The regency's 4-digit BPS code ("3310"); codes of other regencies are refused by name.
    official_villages : DataFrame, optional
        The regency's official villages; loaded with `analysis.data.load_official_villages`
        when omitted.

    Returns
    -------
    DataFrame
        The validated panel (see `validate_panel`).
    """
    if official_villages is None:
        from analysis import data

        official_villages = data.load_official_villages(kode_bps)
    path = Path(path)
    frame, rows, notes = read_village_table(path)
    frame.attrs["notes"] = notes
    return validate_panel(frame, official_villages, frame.attrs.get("where", str(path)), rows)


def load_panel(context):
    """Return the village panel and its description: the user's file, or the SIMULASI generator.

    The panel is rebuilt in each notebook (the generator is deterministic and takes well under a
    second), so no notebook depends on files another notebook left behind.

    Parameters
    ----------
    context : analysis.build.Context
        The build context (its params say which source to use).

    Returns
    -------
    tuple of (pandas.DataFrame, dict)
        The panel in the project's village schema and a description of its source.
    """
    from analysis import paths, provenance, synth

    params = context.params
    source = params.village_data
    if source.source == "file":
        path = paths.ROOT / source.path  # relative to the project; an absolute path stays
        panel = load_village_file(path, params.kode_bps)
        meta = {
            "is_simulated": False,
            "label": "",
            # The user's file is named by its hash, never by its file name (which may carry a
            # person's name): outputs show only what the project validated.
            "source_name": f"sha256:{provenance.sha256(path)[:12]}",
            "years": [int(panel["year"].min()), int(panel["year"].max())],
        }
        return panel, meta
    if source.source == "register":  # the household register, aggregated in memory
        from analysis import data, register

        official = data.load_official_villages(params.kode_bps)
        path = paths.ROOT / source.path
        frame, meta = register.load_register_params(source, params.kode_bps, official, paths.ROOT)
        meta["source_name"] = f"sha256:{provenance.sha256(path)[:12]}"
        register.save_interventions(context, meta)  # results/interventions.json, if any
        return validate_panel(frame, official, meta["source_name"]), meta
    return synth.generate_for_regency(
        params.kode_bps, source.seed, lokus_count_latest=source.lokus_count
    )
