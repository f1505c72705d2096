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
* Free text never flows on (allow-list): a ``source`` cell keeps only a register name and a year
  (`validated_source`); notes name the file `USER_FILE_LABEL` and ignored columns by number.
* Digits other than 0-9, counts above `MAX_FAMILIES` and a latest year without families are
  refused; `check_panel_fits` refuses village years far behind the brief (`MAX_VILLAGE_LAG_YEARS`)
  or after the meeting, and a lokus count above the villages.
* A column whose name looks like a personal identifier (NIK, name, address, family-card number,
  phone, e-mail, birth date: `analysis.privacy.is_personal_column`, the same pattern the output
  guard uses) refuses the whole file; its values are never read into a message.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

# Re-exported (``x as x``): names this module defined before the boundaries, the personal-data
# pattern and the header normaliser moved to their own modules.
from analysis.boundaries import BOUNDARY_CODE_FIELDS as BOUNDARY_CODE_FIELDS
from analysis.boundaries import read_boundaries as read_boundaries
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
from analysis.schema import USER_FILE_LABEL as USER_FILE_LABEL
from analysis.tables import normalise_column, read_table
from analysis.userfiles import Local, message
from analysis.village_cells import (
    MAX_LISTED,
    as_text,
    listed,
    parse_codes,
    parse_counts,
    parse_lokus,
    parse_years,
    raise_listed,
    row_label,
)

# Notes (which reach the outputs) name a user's village file by `USER_FILE_LABEL`: its name, sheet
# names, column names and free text may name a person, so none of them is ever written into a note.
# The registers a ``source`` cell may name; a cell keeps only such a name and a year, the rest of
# its text is dropped (allow-list: free text from a user's file never reaches an output).
REGISTERS = ("P3KE", "DTKS", "DTSEN", "REGSOSEK", "SIMULASI")
_REGISTER = re.compile(r"(?<![A-Za-z])(" + "|".join(REGISTERS) + r")(?![A-Za-z])", re.IGNORECASE)
_SOURCE_YEAR = re.compile(r"(?<![0-9])(20[0-9]{2})(?![0-9])")
# Village data older than this many years before the brief's latest P0 year are refused: a brief
# for 2025 must not present 2011 villages as its priority list.
MAX_VILLAGE_LAG_YEARS = 3


def _canonical(name: str) -> str:
    """The schema name of a header cell: normalised, then Indonesian aliases resolved."""
    name = normalise_column(name)
    return COLUMN_ALIASES.get(name, name)


# How messages name the user's village file, in their language.
USER_LABEL = Local("user_village_file")


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
    table = read_table(
        path,
        REQUIRED_COLUMNS,
        optional=OPTIONAL_COLUMNS,
        rename=_canonical,
        label=USER_FILE_LABEL,
    )
    names = list(table.frame.columns)
    keep = [name for name in names if name in REQUIRED_COLUMNS or name in OPTIONAL_COLUMNS]
    dropped = [
        number
        for number, (written, name) in enumerate(zip(table.header, names, strict=True), start=1)
        if name not in keep and _canonical(written)
    ]
    notes = list(table.notes)
    if dropped:
        # By position, not by name: a column name is the user's free text.
        notes.append(
            f"{USER_FILE_LABEL}: ignored {len(dropped)} column(s) not in the schema (column "
            f"number {', '.join(map(str, dropped[:MAX_LISTED]))}"
            f"{' ...' if len(dropped) > MAX_LISTED else ''})."
        )
    frame = table.frame[keep]
    frame = frame[(frame != "").any(axis=1)]  # e.g. a row with a value only in a dropped column
    rows = pd.Series([table.row(position) for position in frame.index], dtype="int64")
    frame = frame.reset_index(drop=True).astype(object)
    frame.attrs["where"] = table.where
    return frame, rows, notes


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
        own_label = ", ".join(f"{p} ({names.get(p, '?')})" for p in own_prefixes)
        if foreign.all():
            main = prefix.value_counts().index[0]
            raise InputError(
                message(
                    "errf_vil_other_regency",
                    file=source,
                    code=main,
                    name=_name(names, main),
                    n=len(codes),
                    own=own_label,
                )
            )
        problems, total = listed(
            foreign,
            lambda i: Local(
                "errf_vil_code_foreign",
                row=row_label(rows, i),
                code=codes[i],
                regency=prefix[i],
                name=_name(names, prefix[i]),
            ),
        )
        raise_listed(source, problems, Local("errf_vil_codes_belong", own=own_label), total)
    unknown = ~codes.isin(set(official["kode_desa"]))
    problems, total = listed(
        unknown,
        lambda i: Local(
            "errf_vil_code_unknown", row=row_label(rows, i), code=codes[i], regency=codes[i][:5]
        ),
    )
    raise_listed(source, problems, Local("errf_vil_codes_official"), total)


def _name(names: dict[str, str], code: str) -> Local | str:
    """An official regency's name, or "not in the official list" in the message's language."""
    return names[code] if code in names else Local("errf_vil_not_official")


def _check_structure(frame: pd.DataFrame, rows, source: str) -> None:
    duplicated = frame.duplicated(["village_code", "year"], keep=False)
    if duplicated.any():
        groups = frame[duplicated].groupby(["village_code", "year"], sort=True)
        problems = []
        for (code, year), group in list(groups)[:MAX_LISTED]:
            numbers = [int(rows[i]) if rows is not None else i for i in group.index]
            labels = Local(
                "errf_vil_rows" if rows is not None else "errf_vil_rows_index",
                rows=", ".join(map(str, numbers)),
            )
            problems.append(Local("errf_vil_dup", rows=labels, code=code, n=len(group), year=year))
        raise_listed(source, problems, Local("errf_vil_one_row"), groups.ngroups)
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
            Local(
                "errf_vil_missing_years",
                code=code,
                years=", ".join(map(str, sorted(set(range(first, last + 1)) - have))),
            )
            for code, have in present.items()
        ]
        raise_listed(source, problems, Local("errf_vil_span", first=first, last=last), len(short))


def _check_counts(frame: pd.DataFrame, rows, source: str) -> None:
    problems, total = [], 0
    for column in COUNT_COLUMNS:
        found, count = listed(
            frame[column] < 0,
            lambda i, c=column: Local(
                "errf_vil_negative", row=row_label(rows, i), column=c, value=int(frame[c][i])
            ),
        )
        problems += found
        total += count
    raise_listed(source, problems, Local("errf_vil_negatives"), total)
    pairs = [("families_desil1", "families_desil1_4"), ("families_desil1_4", "families")]
    pairs += [(column, "families") for column in INDICATORS]
    for part, whole in pairs:
        found, count = listed(
            frame[part] > frame[whole],
            lambda i, p=part, w=whole: Local(
                "errf_vil_part_larger",
                row=row_label(rows, i),
                part=p,
                value=int(frame[p][i]),
                whole=w,
                total=int(frame[w][i]),
                code=frame["village_code"][i],
                year=int(frame["year"][i]),
            ),
        )
        problems += found
        total += count
    raise_listed(source, problems, Local("errf_vil_parts", column="families"), total)


def validate_panel(
    df: pd.DataFrame,
    official: pd.DataFrame,
    source_name: str,
    rows: pd.Series | None = None,
    label: str = USER_FILE_LABEL,
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
    label : str, optional
        How the notes, which reach the outputs, name the data (never by ``source_name``, which
        may be a file name naming a person).

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
        part larger than its total, a village missing a year within the file's range, and a
        latest year in which no village has a family.
    """
    notes = list(df.attrs.get("notes", []))
    refuse_personal_columns(df.columns, source_name)
    missing = [c for c in REQUIRED_COLUMNS if c not in df.columns]
    if missing:
        raise InputError(
            message(
                "errf_vil_missing_columns",
                file=source_name,
                missing=", ".join(missing),
                columns=", ".join(REQUIRED_COLUMNS),
            )
        )
    if df.empty:
        raise InputError(message("errf_vil_no_rows", file=source_name))
    extra = [
        c
        for c in df.columns
        if c not in REQUIRED_COLUMNS
        and c not in OPTIONAL_COLUMNS
        and c not in PANEL_COLUMNS
        and c not in SIMULATION_COLUMNS
    ]
    frame = df.drop(columns=extra).copy()
    frame["village_code"] = parse_codes(frame, rows, source_name, notes, label)
    frame["year"] = parse_years(frame, rows, source_name)
    for column in COUNT_COLUMNS:
        frame[column] = parse_counts(frame, column, rows, source_name)
    _check_codes(frame["village_code"], official, rows, source_name)
    _check_structure(frame, rows, source_name)
    _check_counts(frame, rows, source_name)
    _check_latest_year(frame, source_name)
    _describe_source(frame, rows, source_name, notes, label)
    frame = _join_names(frame, official)
    absent = sorted(set(official["kode_desa"]) - set(frame["village_code"]))
    if absent:
        shown = ", ".join(absent[:5]) + (" ..." if len(absent) > 5 else "")
        notes.append(
            f"{label}: {len(absent)} of {len(official)} official "
            f"villages have no rows ({shown}); they are left out of every ranking."
        )
    simulation = [c for c in SIMULATION_COLUMNS if c in frame]
    frame = frame[list(PANEL_COLUMNS) + simulation]
    frame = frame.sort_values(["village_code", "year"]).reset_index(drop=True)
    # The label, not source_name: attributes travel with the frame, which may reach an output.
    frame.attrs = {"notes": notes, "source": label, "absent_villages": absent}
    return frame


def _check_latest_year(frame: pd.DataFrame, source: str) -> None:
    """Refuse a file whose latest year has no village with a family (nothing to rank)."""
    latest = int(frame["year"].max())
    if not (frame.loc[frame["year"] == latest, "families"] > 0).any():
        raise InputError(
            message("errf_vil_no_families", file=source, year=latest, column="families")
        )


def validated_source(text: str, default: str) -> str:
    """The published form of a ``source`` cell: a register of `REGISTERS` and a year, or default.

    Only these two validated pieces are kept ("ekspor P3KE 2023 (Budi)" -> "P3KE 2023"); a cell
    naming no register becomes ``default``. Allow-list: the rest of a user's free text never
    reaches an output.

    Parameters
    ----------
    text : str
        The cell as written.
    default : str
        The label used for a cell that names no register (and for an empty cell).
    """
    register = _REGISTER.search(str(text))
    if register is None:
        return default
    year = _SOURCE_YEAR.search(str(text))
    name = register.group(1).upper()
    return f"{name} {year.group(1)}" if year else name


def _describe_source(frame: pd.DataFrame, rows, source_name: str, notes: list[str], label):
    """Fill the columns source (validated: see `validated_source`), lokus and is_simulated."""
    if "source" in frame:
        text = as_text(frame["source"])
        simulated = text.str.contains("SIMULASI", regex=False)
        distinct = {value: validated_source(value, label) for value in text.unique()}
        frame["source"] = text.map(distinct).astype(str)
        if any(value != kept for value, kept in distinct.items() if value):
            notes.append(
                f"{label}: column 'source' kept only a register name ({', '.join(REGISTERS)}) "
                "and a year from each cell; other text in it is not published."
            )
    else:
        simulated = pd.Series(False, index=frame.index)
        frame["source"] = label
        notes.append(f"{label}: no 'source' column; the rows are labelled {label!r}.")
    frame["lokus"] = (
        parse_lokus(frame, rows, source_name)
        if "lokus" in frame
        else pd.Series(pd.NA, index=frame.index, dtype="boolean")
    )
    if "is_simulated" in frame:
        frame["is_simulated"] = frame["is_simulated"].astype(bool)
    else:
        frame["is_simulated"] = simulated.to_numpy(dtype=bool)


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
    return validate_panel(
        frame, official_villages, frame.attrs.get("where", str(path)), rows, USER_FILE_LABEL
    )


def check_panel_fits(panel: pd.DataFrame, params, source: str) -> list[str]:
    """Refuse a user's panel that cannot serve this brief; return notes on what it lacks.

    The panel's latest year must be at most `MAX_VILLAGE_LAG_YEARS` before the brief's latest P0
    year (a 2005-2011 file in a 2025 brief is refused, not shown as "priority villages 2011") and
    not after the meeting date; ``village_data.lokus_count`` must not exceed the villages with
    families in that year.

    Parameters
    ----------
    panel : DataFrame
        A validated panel (`validate_panel`).
    params : analysis.params.Params
        The brief's parameters.
    source : str or analysis.userfiles.Local
        The file, named in messages (a user's file by its label).

    Returns
    -------
    list of str
        A note when the village data end before the brief's latest P0 year.
    """
    first, latest = int(panel["year"].min()), int(panel["year"].max())
    brief_year = int(params.latest_data_year)
    if latest < brief_year - MAX_VILLAGE_LAG_YEARS:
        raise InputError(
            message(
                "errf_vil_too_old",
                file=source,
                column="year",
                first=first,
                latest=latest,
                year=brief_year,
                oldest=brief_year - MAX_VILLAGE_LAG_YEARS,
            )
        )
    if latest > params.meeting_date.year:
        raise InputError(
            message(
                "errf_vil_after_meeting",
                file=source,
                column="year",
                latest=latest,
                date=params.meeting_date.isoformat(),
                year=params.meeting_date.year,
            )
        )
    with_families = int((panel.loc[panel["year"] == latest, "families"] > 0).sum())
    wanted = params.village_data.lokus_count
    if wanted is not None and wanted > with_families:
        raise InputError(
            message("errf_vil_lokus_count", file=source, value=wanted, n=with_families, year=latest)
        )
    if latest < brief_year:
        return [
            f"{USER_FILE_LABEL}: the village data end in {latest}, {brief_year - latest} year(s) "
            f"before the latest P0 year {brief_year}; the priority villages are those of {latest}."
        ]
    return []


def load_panel(context):
    """Return the village panel and its description: the user's file, or the SIMULASI generator.

    No notebook depends on files another notebook left behind: a user's file or register is read
    by each notebook; the simulated panel is generated once per build process (`preload`) and
    every notebook forked from it gets its own copy.

    Parameters
    ----------
    context : analysis.build.Context
        The build context (its params say which source to use).

    Returns
    -------
    tuple of (pandas.DataFrame, dict)
        The panel in the project's village schema and a description of its source.
    """
    from analysis import paths, provenance

    params = context.params
    source = params.village_data
    if source.source == "file":
        path = paths.ROOT / source.path  # relative to the project; an absolute path stays
        panel = load_village_file(path, params.kode_bps)
        panel.attrs["notes"] = [*panel.attrs["notes"], *check_panel_fits(panel, params, USER_LABEL)]
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
    return simulated_panel(params.kode_bps, source.seed, source.lokus_count)


# The simulated panel of a build, generated once per process: a build's parent process generates
# it before the stage notebooks fork (`preload`), so the pockets and impact notebooks inherit it
# instead of each generating it again. Only public, simulated data are kept here; a user's file
# or register is read afresh by each notebook and never kept.
_SIMULATED: dict[tuple, tuple] = {}


def simulated_panel(kode_bps: str, seed: int, lokus_count: int | None):
    """Return a copy of the SIMULASI panel and its description for a regency and seed.

    Parameters
    ----------
    kode_bps : str
        The regency's BPS code.
    seed : int
        The generator's seed (params ``village_data.seed``).
    lokus_count : int or None
        The published number of lokus villages the generator is calibrated to, if any.

    Returns
    -------
    tuple of (pandas.DataFrame, dict)
        As `analysis.synth.generate_for_regency`; every call returns its own copy.
    """
    import copy

    from analysis import synth

    key = (kode_bps, int(seed), lokus_count)
    if key not in _SIMULATED:
        _SIMULATED[key] = synth.generate_for_regency(kode_bps, seed, lokus_count_latest=lokus_count)
    panel, meta = _SIMULATED[key]
    duplicate = panel.copy(deep=True)
    duplicate.attrs = copy.deepcopy(panel.attrs)
    return duplicate, copy.deepcopy(meta)


def preload(params) -> None:
    """Generate a build's simulated village panel in this process (nothing for real data).

    Parameters
    ----------
    params : analysis.params.Params
        The validated parameters of the regency about to be built.
    """
    source = params.village_data
    if source.source not in ("file", "register"):
        simulated_panel(params.kode_bps, source.seed, source.lokus_count)
