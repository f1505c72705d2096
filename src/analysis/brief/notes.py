"""The brief's data and method notes: sources, uncertainty, simulation, provenance."""

from __future__ import annotations

from IPython.display import Markdown

from analysis import fmt
from analysis.brief.document import Brief
from analysis.brief.interventions import register_notes
from analysis.brief.sections import backtest_notes
from analysis.brief.summary import simulated_pages_end, source_display
from analysis.brief.typst import raw_typst


def notes_section(brief: Brief) -> Markdown:
    """Data and method notes: sources with trust levels, uncertainty, backtest, village data."""
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
        years = f"{meta.years[0]}–{meta.years[-1]}" if meta.years else ""
        if pockets.is_simulated and meta.seed is None:
            # A synthetic household register: no generator seed or calibration to report.
            lines.append(label("notes_villages_sim_register", years=years))
        elif pockets.is_simulated:
            gap = (meta.calibration or {}).get("max_abs_gap_pp")
            lines.append(
                label(
                    "notes_villages_sim",
                    years=years,
                    seed=meta.seed,
                    gap=fmt.number(gap, 2, lang),
                )
            )
        else:
            lines.append(label("notes_villages_user", name=source_display(brief, meta.source_name)))
    lines += register_notes(brief)  # household register: how it was aggregated and protected
    lines += _data_notes(record, label)
    tolerated = record.input_notes
    if tolerated:
        lines.append(label("notes_tolerated", notes="; ".join(tolerated)))
    body = "\n\n".join(lines)
    heading = f"# {label('section_notes')}"
    return Markdown(
        "\n\n".join(
            [simulated_pages_end(), heading, raw_typst("#smallprint["), body, raw_typst("]")]
        )
    )


def appendix_section(brief: Brief) -> Markdown:
    """The technical appendix at the end, after a rule and kept whole on one page: where village
    data and targets are read from, the parameters, the commit and the input hashes (kept out of
    the brief's body)."""
    label = brief.label
    record = brief.provenance
    params = brief.context.params
    shown = ", ".join(
        f"{name.split('/')[-1]} {digest[:12]}" for name, digest in sorted(record.inputs.items())
    )
    lines = [f"_{label('appendix_intro')}_"]
    if brief.pockets is not None and brief.pockets.is_simulated:
        # How to replace the simulation: only while the village sections are simulated.
        lines.append(label("appendix_village_data", regency=params.regency))
    lines += [
        label("appendix_targets", year=params.target_year),
        label(
            "notes_params",
            # "default (<regency>)" in the record: said in the brief's language here.
            source=label("params_default")
            if record.params_source.startswith("default")
            else record.params_source,
            commit=record.git.commit_short,
            dirty=label("dirty") if record.git.dirty else "",
            hashes=shown,
        ),
    ]
    heading = f"# {label('appendix_title')}"
    body = "\n\n".join(lines)
    return Markdown(
        "\n\n".join(
            # One unbreakable block: the title never ends a page without its text.
            [raw_typst("#appendixbreak()"), raw_typst("#block(breakable: false)[")]
            + [heading, raw_typst("#smallprint["), body, raw_typst("]"), raw_typst("]")]
        )
    )


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
