"""The brief's village sections: poverty pockets and program impact."""

from __future__ import annotations

from IPython.display import Markdown

from analysis import fmt
from analysis.brief.document import Brief
from analysis.brief.summary import (
    _sim_word,
    simulated_badge,
    simulated_banner,
    source_display,
    years,
)
from analysis.brief.typst import raw_typst, typst_table, typst_text
from analysis.results.impact import ImpactResults, PreTrend

VILLAGES_SHOWN = 12  # rows of the priority-village table in the brief (the annex has all)


def _pockets_text(brief: Brief) -> str:
    """The pockets paragraph: counts, concentration, agreement, clusters, stability."""
    pockets = brief.pockets
    lang = brief.lang
    label = brief.label
    card = pockets.rule_card
    concentration = sorted(
        pockets.kecamatan_concentration,
        key=lambda row: (-row.n_priority, row.kecamatan_code),
    )
    top_kecamatan = ", ".join(
        label(
            "pockets_kecamatan_item",
            name=row.kecamatan_name,
            n=row.n_priority,
            pct=fmt.percent(row.pct_villages_priority, 0, lang),
        )
        for row in concentration[:3]
    )
    parts = [
        label(
            "pockets_text",
            n_priority=pockets.n_priority,
            n_villages=pockets.n_villages,
            year=pockets.year,
            n_kecamatan=pockets.n_kecamatan_with_priority,
            pct_desil1=fmt.percent(pockets.pct_desil1_in_priority, 0, lang),
            top_kecamatan=top_kecamatan,
        )
    ]
    # On SIMULASI data the agreement with lokus lists is high by construction (the generator gives
    # listed villages persistent poverty), so it is not stated as if it were evidence.
    simulated = pockets.is_simulated
    panel_agreement = None if simulated else pockets.agreement.panel_lokus
    if panel_agreement and panel_agreement.cohen_kappa is not None:
        parts.append(
            label(
                "pockets_agreement",
                year=pockets.year,
                both=panel_agreement.n_both,
                reference=panel_agreement.n_reference,
                kappa=fmt.number(panel_agreement.cohen_kappa, 2, lang),
            )
        )
    for published in [] if simulated else pockets.agreement.published_named or []:
        parts.append(
            label(
                "pockets_published",
                reference=published.n_reference,
                year=published.published_year,
                both=published.n_both,
            )
        )
    spatial = pockets.spatial
    if spatial.done:
        parts.append(
            label(
                "pockets_spatial",
                hot=spatial.counts["HH"],
                priority=spatial.n_priority_in_hotspots,
                islands=spatial.n_islands,
            )
        )
    alternatives = pockets.sensitivity.alternatives
    changes = [alt.n_enter for alt in alternatives] or [0]
    parts.append(
        label(
            "pockets_stability",
            stable=card.n_priority_stable_90,
            n=card.n_priority,
            min_change=min(changes),
            max_change=max(changes),
        )
    )
    return " ".join(parts)


def _rule_card(brief: Brief) -> str:
    """The rule card (*Metode penentuan lokus*) as a raw Typst block."""
    pockets = brief.pockets
    lang = brief.lang
    label = brief.label
    card = pockets.rule_card
    simulated = pockets.is_simulated
    weights = card.weights
    weight_text = (
        label("weights_equal")
        if len(set(weights.values())) == 1
        else ", ".join(f"{label('ind_' + k)} {fmt.number(v, 1, lang)}" for k, v in weights.items())
    )
    rule = label(
        "rule_text",
        n=card.n_priority,
        cut_mass=fmt.integer(card.cutoff_mass_families, lang),
        cut_share=fmt.percent(card.cutoff_eb_share_pct, 1, lang),
        threshold=fmt.number(card.index_threshold, 0, lang),
        weights=weight_text,
        source=(
            label("source_simulated")
            if simulated
            else label("source_user", name=source_display(brief, pockets.village_meta.source_name))
        ),
        year=card.year,
    )
    rule_card = raw_typst(f"#rulecard([{typst_text(label('rule_title'))}], [{typst_text(rule)}])")
    return rule_card


def _villages_table(brief: Brief) -> str:
    """The first `VILLAGES_SHOWN` priority villages in selection order (the annex lists all)."""
    pockets = brief.pockets
    lang = brief.lang
    label = brief.label
    sim = _sim_word(brief, pockets)
    first = sorted(pockets.priority_villages, key=lambda village: village.selection_order)
    rows = [
        [
            str(village.selection_order),
            village.kecamatan_name,
            village.village_name,
            village.village_code,
            fmt.integer(village.families_desil1, lang),
            f"{fmt.number(village.eb_share, 1, lang)} "
            f"({fmt.interval(village.eb_low, village.eb_high, 1, lang)})",
            str(village.rank_mass),
        ]
        for village in first[:VILLAGES_SHOWN]
    ]
    header = [
        label(key)
        for key in (
            "col_order",
            "col_kecamatan",
            "col_village",
            "col_code",
            "col_desil1",
            "col_share",
            "col_rank",
        )
    ]
    table = "#" + typst_table(
        header,
        rows,
        ["right"] + ["left"] * 3 + ["right"] * 3,
        label(
            "table_villages",
            shown=len(rows),
            sim=sim,
            n=pockets.n_priority,
            annex=brief.context.annex_name,
        ),
    )
    return raw_typst(table)


def _pockets_figures(brief: Brief) -> str:
    """The kecamatan and deprivation-profile figures side by side."""
    pockets = brief.pockets
    label = brief.label
    sim = _sim_word(brief, pockets)
    figures = raw_typst(
        "#grid(columns: (50%, 50%), gutter: 8pt,\n"
        f'  figure(image("figures/kecamatan.png", width: 100%), caption: ['
        f"{typst_text(label('fig_kecamatan', n=pockets.kecamatan_shown, sim=sim))}]),\n"
        f'  figure(image("figures/deprivation_profile.png", width: 100%), caption: ['
        f"{typst_text(label('fig_profile', sim=sim))}]),\n)"
    )
    return figures


def pockets_section(brief: Brief) -> Markdown:
    """Poverty pockets: the rule card, top villages by kecamatan, kecamatan and profile charts."""
    heading = f"# {brief.label('section_pockets')}{simulated_badge(brief, brief.pockets)}"
    parts = [*simulated_banner(brief, brief.pockets), _rule_card(brief), _pockets_text(brief)]
    parts.append(_villages_table(brief))
    return Markdown("\n\n".join([heading, *parts, _pockets_figures(brief)]))


def impact_caveats(brief: Brief, impact: ImpactResults) -> list[str]:
    """Caveats written by rule: selection on poverty, limited tests, few clusters, SIMULASI."""
    label = brief.label
    lang = brief.lang
    main = impact.outcomes["desil1"]
    caveats = [label("caveat_selection", offset=years(brief, impact.base_offset))]
    if main.pretrend.limited:
        caveats.append(
            label(
                "caveat_limited",
                n_pre=main.pretrend.n_pre_periods,
                n_treated=main.n_treated_units,
                n_clusters=main.n_clusters,
            )
        )
    if main.inference.method.startswith("wild") or main.n_clusters < 40:
        caveats.append(label("caveat_clusters", n=main.n_clusters))
    if impact.is_simulated and impact.true_effect_desil1_pp is not None:
        caveats.append(
            label("caveat_simulated", truth=fmt.points(impact.true_effect_desil1_pp, 1, lang))
        )
    return caveats


def pretrend_text(brief: Brief, pretrend: PreTrend) -> str:
    """The pre-trend verdict in plain words."""
    lang = brief.lang
    if pretrend.verdict == "not_testable" or pretrend.p_value is None:
        return brief.label("pretrend_none")
    key = "pretrend_ok" if pretrend.verdict == "no_evidence_of_pre_trends" else "pretrend_bad"
    return brief.label(key, p=fmt.p_value(pretrend.p_value, lang), n=pretrend.n_pre_periods)


def impact_section(brief: Brief) -> Markdown:
    """Program impact: the effect with its interval, the pre-trend verdict, table, caveats."""
    impact = brief.impact
    label = brief.label
    lang = brief.lang
    heading = f"# {label('section_impact')}{simulated_badge(brief, impact)}"
    if not impact.estimated:
        return Markdown("\n\n".join([heading, label("impact_none")]))
    heading = "\n\n".join([heading, *simulated_banner(brief, impact)])
    sim = _sim_word(brief, impact)
    main = impact.outcomes["desil1"]
    overall = main.overall
    text = label(
        "impact_text",
        effect=fmt.points(overall.estimate, 1, lang),
        interval=fmt.interval(overall.ci_low, overall.ci_high, 1, lang),
        twfe=fmt.points(main.twfe.estimate, 1, lang),
        pretrend=pretrend_text(brief, main.pretrend),
    )
    rows = []
    for name in impact.outcome_order:
        summary = impact.outcomes[name]
        rows.append(
            [
                label(f"ind_{name}"),
                fmt.number(summary.overall.estimate, 2, lang, signed=True),
                fmt.interval(summary.overall.ci_low, summary.overall.ci_high, 2, lang),
                fmt.number(summary.twfe.estimate, 2, lang, signed=True),
            ]
        )
    header = [label("col_outcome"), label("col_effect"), label("col_ci95"), label("col_twfe")]
    table = typst_table(
        header, rows, ["left", "right", "right", "right"], label("table_impact", sim=sim)
    )
    figure = raw_typst(
        "#grid(columns: (55%, 45%), gutter: 10pt, align: horizon,\n"
        f'  figure(image("figures/event_study.png", width: 100%), caption: ['
        f"{typst_text(label('fig_event_study', sim=sim))}]),\n  [#{table}],\n)"
    )
    caveats = "\n".join(f"- {caveat}" for caveat in impact_caveats(brief, impact))
    # The caveats (text that can break) before the unbreakable figure-and-table block, so the
    # page is not left a third blank when the block moves to the next one.
    return Markdown("\n\n".join([heading, text, caveats, figure]))
