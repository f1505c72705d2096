"""The brief's data and method notes: sources, uncertainty, simulation, provenance."""

from __future__ import annotations

from IPython.display import Markdown

from analysis import fmt
from analysis.brief.document import Brief
from analysis.brief.sections import backtest_notes
from analysis.brief.typst import raw_typst


def notes_section(brief: Brief) -> Markdown:
    """Data and method notes: sources with trust levels, uncertainty, parameters, commit, hashes."""
    label = brief.label
    lang = brief.lang
    record = brief.provenance
    lines = [
        f"**{label('notes_sources')}.** "
        + " · ".join(
            f"{source.sumber} ({source.kepercayaan}; {source.first_year}–{source.last_year})"
            for source in record.data_sources
        )
        + ". "
        + label("notes_trust"),
        label("notes_uncertainty"),
        label("notes_areas"),
    ]
    if brief.forecast is not None:
        lines.append(backtest_notes(brief))
    pockets = brief.pockets
    if pockets:
        meta = pockets.village_meta
        if pockets.is_simulated:
            gap = (meta.calibration or {}).get("max_abs_gap_pp")
            lines.append(
                label(
                    "notes_villages_sim",
                    years=f"{meta.years[0]}–{meta.years[-1]}",
                    seed=meta.seed,
                    gap=fmt.number(gap, 2, lang),
                )
            )
        else:
            lines.append(label("notes_villages_user", name=meta.source_name))
    lines += _data_notes(record, label)
    tolerated = record.input_notes
    if tolerated:
        lines.append(label("notes_tolerated", notes="; ".join(tolerated)))
    shown = ", ".join(
        f"{name.split('/')[-1]} {digest[:12]}" for name, digest in sorted(record.inputs.items())
    )
    lines.append(
        label(
            "notes_params",
            source=record.params_source,
            commit=record.git.commit_short,
            dirty=label("dirty") if record.git.dirty else "",
            hashes=shown,
        )
    )
    body = "\n\n".join(lines)
    heading = f"# {label('section_notes')}"
    return Markdown("\n\n".join([heading, raw_typst("#smallprint["), body, raw_typst("]")]))


def _data_notes(record, label) -> list[str]:
    """One sentence each on conflicts between BPS tables and on the Papua split, when they apply."""
    lines = []
    if record.data_conflicts:
        details = "; ".join(
            f"{c.kode_bps} {c.indikator} {c.tahun}: {c.nilai:g} ({c.sumber}) / {c.nilai_lain:g} "
            f"({c.sumber_lain})"
            for c in record.data_conflicts[:3]
        )
        lines.append(label("notes_conflicts", n=len(record.data_conflicts), details=details))
    history = record.province_history
    if history is not None:
        own = (
            label("notes_province_split_own", province=history.province, year=history.first_own)
            if history.first_own
            else label("notes_province_split_none", province=history.province)
        )
        lines.append(
            label("notes_province_split", until=history.until, before=history.before, own=own)
        )
    return lines
