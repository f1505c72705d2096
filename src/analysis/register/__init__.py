"""The regency's own household register (P3KE, DTSEN...) in, village aggregates out.

A TKPK secretariat holds a by-name-by-address register. This package turns such an export into
the project's village panel (`analysis.schema`) without any household row leaving memory:

1. `layout`: a YAML layout (presets ``p3ke``, ``dtsen`` in ``layouts/``) maps the export's
   columns to family id, village code, year, welfare decile and the rules of the eight indicators.
2. `reader`: only the columns the layout names are read, from CSV or XLSX; names, NIKs and
   addresses in the other columns are never loaded. Nothing is written: no cache, no temp file.
3. `rules`: each row's indicators by the layout's rules; rows reduced to families (any row of a
   family meets a rule -> the family has the indicator; lowest decile; first row's village).
4. `aggregate_families`: counts per village and year: families, families in decile 1 and 1-4,
   families with each indicator.
5. `protect`: small-cell protection (primary and secondary suppression), the one exit of every
   aggregate (`load_register` applies it).

Messages name the file, row and column and what was expected, never a cell's value. A register
whose ``source`` column says SIMULASI (the synthetic register of `analysis.register.synthetic`)
gives a panel labelled SIMULASI; any other register gives a real panel (``is_simulated`` False).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.params import INDICATORS
from analysis.register.layout import PRESETS, Layout, key, load_layout
from analysis.register.protect import DEFAULT_THRESHOLD, suppress_small_cells
from analysis.register.reader import read_export
from analysis.register.rules import derive_families

SIMULATED_LABEL = "SIMULASI"
COUNTS = ("families", "families_desil1", "families_desil1_4", *INDICATORS)

__all__ = [
    "COUNTS",
    "DEFAULT_THRESHOLD",
    "PRESETS",
    "Layout",
    "aggregate_families",
    "load_layout",
    "load_register",
    "load_register_params",
    "save_interventions",
    "suppress_small_cells",
]


def aggregate_families(families: pd.DataFrame) -> pd.DataFrame:
    """Count families per village and year (the village schema's count columns).

    Parameters
    ----------
    families : DataFrame
        One row per family: village_code, year, desil (nullable 1-10), the eight indicators.

    Returns
    -------
    DataFrame
        village_code, year and `COUNTS` (int64), sorted by village and year.
    """
    desil = families["desil"]
    parts = families[["village_code", "year", *INDICATORS]].assign(
        families=1,
        families_desil1=(desil == 1).fillna(False).astype("int64"),
        families_desil1_4=(desil <= 4).fillna(False).astype("int64"),
    )
    counts = parts.groupby(["village_code", "year"], sort=True)[list(COUNTS)].sum()
    return counts.astype("int64").reset_index()


def _complete_years(counts: pd.DataFrame, notes: list[str]) -> pd.DataFrame:
    """Keep villages present in every year of the export (the panel's structure)."""
    years = counts["year"].nunique()
    seen = counts.groupby("village_code")["year"].transform("nunique")
    partial = counts.loc[seen < years, "village_code"].nunique()
    if partial:
        notes.append(f"{partial} village(s) without families in some year were left out.")
    return counts[seen == years].reset_index(drop=True)


def _is_simulated(frame: pd.DataFrame, layout: Layout) -> bool:
    column = key(layout.columns.source) if layout.columns.source else None
    if column is None or column not in frame:
        return False
    return bool(frame[column].str.contains(SIMULATED_LABEL, regex=False).any())


def load_register(
    path: Path,
    layout: str | Layout,
    kode_bps: str,
    official: pd.DataFrame,
    *,
    year: int | None = None,
    threshold: int = DEFAULT_THRESHOLD,
    interventions: Path | None = None,
) -> tuple[pd.DataFrame, dict]:
    """Read a household export and return protected village aggregates and their description.

    Parameters
    ----------
    path : Path
        The export (CSV or XLSX).
    layout : str or Layout
        A preset name, a layout file path, or a loaded layout.
    kode_bps : str
        The regency's BPS code ("3310").
    official : DataFrame
        The regency's official villages (`analysis.data.load_official_villages`), with
        ``kode_desa`` and ``kode_kecamatan``.
    year : int, optional
        The data year when the export has no year column.
    threshold : int, optional
        Small-cell threshold (`analysis.register.protect`).
    interventions : Path, optional
        The intervention table (`analysis.register.interventions`); its protected progress rows
        are returned in ``meta["interventions"]``.

    Returns
    -------
    frame : DataFrame
        village_code, year, the counts and ``source`` (the layout's label, or SIMULASI); small
        cells protected; ``attrs["notes"]`` says what was left out, merged or withheld (counts
        only). Ready for `analysis.villages.validate_panel`.
    meta : dict
        is_simulated, label, layout, families (after de-duplication), years, notes.
    """
    layout = layout if isinstance(layout, Layout) else load_layout(layout)
    cells = read_export(Path(path), layout)
    simulated = _is_simulated(cells, layout)
    codes = set(official["kode_desa"])
    families, notes = derive_families(path, cells, layout, kode_bps, codes, year)
    del cells  # the rows are not needed any more; only the families' flags are left
    counts = _complete_years(aggregate_families(families), notes)
    total = len(families)
    progress = None
    if interventions is not None:
        from analysis.register.interventions import protected_progress

        rows, progress_notes = protected_progress(families, interventions, official, threshold)
        progress = {"rows": rows, "notes": progress_notes}
    del families
    kecamatan = official.set_index("kode_desa")["kode_kecamatan"]
    counts["kecamatan_code"] = counts["village_code"].map(kecamatan)
    protected, protection_notes = suppress_small_cells(
        counts,
        COUNTS,
        ["year", "kecamatan_code"],
        threshold,
        nested=[("families_desil1", "families_desil1_4")],
    )
    notes += protection_notes
    label = f"{SIMULATED_LABEL} ({layout.label} sintetis)" if simulated else layout.label
    frame = protected.drop(columns="kecamatan_code").assign(source=label)
    frame.attrs["notes"] = [f"register ({layout.label}): {note}" for note in notes]
    meta = {
        "is_simulated": simulated,
        "label": SIMULATED_LABEL if simulated else "",
        "layout": layout.name,
        "families": int(total),
        "years": [int(frame["year"].min()), int(frame["year"].max())] if len(frame) else [],
        "small_cell_threshold": int(threshold),
        "notes": list(frame.attrs["notes"]),
    }
    if progress is not None:
        meta["interventions"] = progress
    return frame, meta


def load_register_params(settings, kode_bps: str, official: pd.DataFrame, root: Path):
    """`load_register` with the ``village_data`` parameters (`analysis.params.VillageData`).

    Relative paths (the export, a layout file) are taken from ``root`` (the project folder).
    """
    layout = load_layout(settings.layout or "p3ke", base=root)
    return load_register(
        Path(root) / settings.path,
        layout,
        kode_bps,
        official,
        year=settings.year,
        threshold=settings.small_cell_threshold,
        interventions=(
            Path(root) / settings.intervention_path if settings.intervention_path else None
        ),
    )


def save_interventions(context, meta: dict) -> None:
    """Write ``results/interventions.json`` when the register came with an intervention table.

    Called by `analysis.villages.load_panel`, so that every build path (notebooks, batch) that
    loads the panel leaves the (protected, aggregate) progress for the brief and the annex.
    """
    progress = meta.pop("interventions", None)
    if progress is None:
        return
    from analysis import results
    from analysis.results.register import InterventionResults, Progress

    rows = progress["rows"].replace({float("nan"): None})
    model = InterventionResults(
        is_simulated=bool(meta["is_simulated"]),
        years=sorted(int(y) for y in rows["year"].unique()),
        small_cell_threshold=int(meta["small_cell_threshold"]),
        rows=[Progress(**record) for record in rows.to_dict(orient="records")],
        notes=list(progress["notes"]),
    )
    results.save(context, model)
