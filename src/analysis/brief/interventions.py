"""The brief's texts about the household register: how village data were made, small cells.

Kept apart from `analysis.brief.notes` (one call there) so that the register topic has its own
file; reads only the validated parameters and the catalogue (the brief never imports a stage).
"""

from __future__ import annotations


def register_notes(brief) -> list[str]:
    """Method notes for a panel built from a household register (empty for other sources).

    Parameters
    ----------
    brief : analysis.brief.document.Brief
        The loaded brief (its parameters say where the village data came from).

    Returns
    -------
    list of str
        The register note and the small-cell protection note, in the brief's language.
    """
    settings = getattr(brief.params, "village_data", None)
    if getattr(settings, "source", None) != "register" or not brief.pockets:
        return []
    layout = settings.layout or "p3ke"
    # A preset is named; a layout file's path could carry a person's name, so it is not shown.
    shown = layout if layout.isidentifier() else brief.label("register_own_layout")
    source = shown.upper() if shown == layout else ""
    return [
        brief.label("notes_register", source=source, layout=shown),
        brief.label("notes_small_cells", threshold=settings.small_cell_threshold),
    ]


ROWS_SHOWN = 12


def load_progress(brief):
    """The intervention progress of the build (`analysis.results.register`), or None."""
    from analysis import results
    from analysis.results.register import InterventionResults

    settings = getattr(brief.params, "village_data", None)
    if getattr(settings, "intervention_path", None) is None:
        return None  # no intervention table in the parameters (the usual case)
    if not brief.context.result_path(InterventionResults.STAGE).exists():
        return None
    return results.load(brief.context, InterventionResults)


def _latest_rows(progress):
    year = max(progress.years)
    rows = [row for row in progress.rows if row.year == year]
    return year, sorted(rows, key=lambda row: (-row.gap, row.village_code, row.indicator))


def interventions_section(brief):
    """ "Capaian intervensi": the largest remaining gaps of the latest year, by indicator and OPD.

    Returns an empty Markdown when the build has no intervention table.
    """
    from IPython.display import Markdown

    from analysis import fmt
    from analysis.brief.typst import raw_typst, typst_table, typst_text

    progress = load_progress(brief)
    if progress is None or not progress.rows:
        return Markdown("")
    label, lang = brief.label, brief.lang
    year, rows = _latest_rows(progress)
    need = sum(row.need for row in rows)
    reached = sum(row.reached for row in rows)
    text = label(
        "interventions_text",
        year=year,
        need=fmt.integer(need, lang),
        reached=fmt.integer(reached, lang),
        gap=fmt.integer(need - reached, lang),
        share=fmt.percent(100 * reached / need if need else 0.0, 0, lang),
        threshold=progress.small_cell_threshold,
    )
    body = [
        [
            row.kecamatan_name,
            row.village_name,
            label(f"ind_{row.indicator}"),
            row.opd,
            fmt.integer(row.need, lang),
            fmt.integer(row.reached, lang),
            fmt.integer(row.gap, lang),
            "—" if row.share_reached_pct is None else fmt.percent(row.share_reached_pct, 0, lang),
        ]
        for row in rows[:ROWS_SHOWN]
    ]
    header = [
        label(key)
        for key in (
            "col_kecamatan",
            "col_village",
            "col_indicator_int",
            "col_opd",
            "col_need",
            "col_reached",
            "col_gap",
            "col_share_reached",
        )
    ]
    caption = label("table_interventions", year=year, n=min(ROWS_SHOWN, len(rows)))
    table = raw_typst("#" + typst_table(header, body, ["left"] * 4 + ["right"] * 4, caption))
    # The SIMULASI badge and banner of the other village sections (`analysis.brief.summary`,
    # not imported: summary imports this module for the key message).
    heading = f"# {label('section_interventions')}"
    banner = []
    if progress.is_simulated:
        heading += " `#simulasi()`{=typst}"
        banner = [raw_typst(f"#simulasibanner[{typst_text(label('sim_banner'))}]")]
    return Markdown("\n\n".join([heading, *banner, text, table]))


def intervention_message(brief):
    """The key message on the largest remaining gap, or None (always None for SIMULASI data)."""
    from analysis import fmt
    from analysis.keymessages import Message

    progress = load_progress(brief)
    if progress is None or progress.is_simulated or not progress.rows:
        return None
    year, rows = _latest_rows(progress)
    top = rows[0]
    if top.gap <= 0:
        return None
    return Message(
        rule="intervention_gap",
        headline=brief.label(
            "km_intervention_head",
            indicator=brief.label(f"ind_{top.indicator}").lower(),
            village=top.village_name,
        ),
        detail=brief.label(
            "km_intervention_detail",
            year=year,
            gap=fmt.integer(top.gap, brief.lang),
            need=fmt.integer(top.need, brief.lang),
            kecamatan=top.kecamatan_name,
            opd=top.opd,
        ),
    )
