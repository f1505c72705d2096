"""Assemble the brief's content from the stage results, in the brief's language.

Every function returns Markdown (with raw Typst blocks for layout elements such as the key-figures
box) that the brief notebook displays; rendering turns those outputs into the PDF. No number is
written here without coming from a stage result, and every number is formatted by `analysis.fmt`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from IPython.display import Markdown

from analysis import fmt, provenance
from analysis.build import Context

_TYPST_SPECIAL = str.maketrans({c: "\\" + c for c in "\\#$*_[]<>@`~=-+/\"'"})


def typst_text(value: str) -> str:
    """Escape text for use inside Typst content brackets."""
    return str(value).translate(_TYPST_SPECIAL)


def typst_table(header: list[str], rows: list[list[str]], align: list[str], caption: str) -> str:
    """Typst code of a captioned table with escaped cells; auto columns wrap, never overflow.

    Returns the expression without a leading ``#``, so it can stand inside a grid cell or be
    wrapped with ``raw_typst("#" + ...)`` as a block of its own.
    """
    cells = ", ".join(f"[{typst_text(h)}]" for h in header)
    body = ",\n    ".join(", ".join(f"[{typst_text(c)}]" for c in row) for row in rows)
    return (
        f"figure(kind: table, caption: [{typst_text(caption)}],\n"
        f"  table(columns: {len(header)}, align: ({', '.join(align)},),\n"
        f"    table.header({cells}),\n    {body},\n  ))"
    )


def raw_typst(code: str) -> str:
    """Wrap Typst code as a raw block that pandoc and Quarto pass through unchanged."""
    return f"```{{=typst}}\n{code}\n```"


@dataclass
class Brief:
    """The results of every stage, loaded once for the brief notebook."""

    context: Context
    results: dict
    git: dict

    @property
    def lang(self) -> str:
        """Language of the brief."""
        return self.context.lang

    def label(self, key: str, **fields) -> str:
        """Catalogue text in the brief's language."""
        return self.context.labels(key, **fields)


def load(context: Context) -> Brief:
    """Read every stage's results from the build folder."""
    results = {}
    for path in sorted(context.results_dir.glob("*.json")):
        results[path.stem] = json.loads(path.read_text(encoding="utf-8"))
    return Brief(context, results, provenance.git_state())


def metadata(brief: Brief) -> dict:
    """Return the document metadata both renderers pass to the Typst template."""
    params = brief.context.params
    trend = brief.results["trend"]
    label = brief.label
    date = params.meeting_date
    return {
        "org": label("org", name=params.name),
        "title": label("title"),
        "subtitle": label(
            "subtitle", name=params.name, year=trend["latest_year"], target_year=params.target_year
        ),
        "date": fmt.date(date, brief.lang),
        "vintage": label("vintage", year=trend["latest_year"]),
        "header-left": label("header_left", name=params.name),
        "footer": label("footer", commit=brief.git["commit_short"]),
        "lang": brief.lang,
        "doc-date": f"year: {date.year}, month: {date.month}, day: {date.day}",
    }


def front_matter(brief: Brief) -> Markdown:
    """YAML front matter carrying the metadata (read by pandoc as document metadata).

    The same values go to ``results/brief_metadata.json`` for the Quarto renderer's ``-M``.
    """
    from analysis.build import write_json

    values = metadata(brief)
    write_json(values, brief.context.results_dir / "brief_metadata.json")
    lines = ["---"]
    for key, value in values.items():
        lines.append(f"{key}: {json.dumps(value, ensure_ascii=False)}")
    lines.append("---")
    return Markdown("\n".join(lines))


def _key_figure(label: str, value: str, note: str) -> str:
    return f"([{typst_text(label)}], [{typst_text(value)}], [{typst_text(note)}])"


def key_figures(brief: Brief) -> Markdown:
    """The box of key figures, each with its interval or the reason it has none."""
    trend = brief.results["trend"]
    lang = brief.lang
    label = brief.label
    items = []
    if trend["p0_change"] is not None:
        note = label(
            "kf_p0_note_change",
            change=fmt.points(trend["p0_change"], lang=lang),
            previous=trend["p0_previous_year"],
        )
    else:
        note = label("kf_p0_note_nochange")
    items.append(
        _key_figure(
            label("kf_p0", year=trend["latest_year"]),
            fmt.percent(trend["p0_latest"], lang=lang),
            note,
        )
    )
    if trend["poor_thousands"] is not None:
        items.append(
            _key_figure(
                label("kf_poor"),
                fmt.people(trend["poor_thousands"], lang),
                label("kf_poor_note", year=trend["poor_year"], note=label("kf_poor_latest")),
            )
        )
    items.append(
        _key_figure(
            label("kf_rank", province=trend["province_name"]),
            f"{trend['rank']} / {trend['rank_of']}",
            label("kf_rank_note", year=trend["rank_year"]),
        )
    )
    if trend["gap_province"] is not None:
        items.append(
            _key_figure(
                label("kf_gap"),
                fmt.points(trend["gap_province"], lang=lang),
                label(
                    "kf_gap_note",
                    province=trend["province_name"],
                    value=fmt.percent(trend["province_p0_latest"], lang=lang),
                ),
            )
        )
    forecast = brief.results.get("forecast")
    if forecast:
        final = next(row for row in forecast["horizons"] if row["year"] == forecast["target_year"])
        items.append(
            _key_figure(
                label("kf_forecast", year=final["year"]),
                fmt.percent(final["median"], 2, lang),
                label(
                    "kf_forecast_note", interval=fmt.interval(final["lo80"], final["hi80"], 2, lang)
                ),
            )
        )
        params = brief.context.params
        if params.target is not None and forecast["prob_meet_target"]:
            items.append(
                _key_figure(
                    label("kf_prob"),
                    probability(forecast["prob_meet_target"]["p_at_or_below_high"], lang),
                    label(
                        "kf_prob_note",
                        target=target_text(brief, params.target.low, params.target.high),
                    ),
                )
            )
        else:
            items.append(
                _key_figure(label("kf_prob"), "—", label("kf_no_target", year=params.target_year))
            )
    pockets = brief.results.get("pockets")
    if pockets:
        items.append(
            _key_figure(
                label("kf_villages", year=pockets["year"]),
                f"{pockets['n_priority']} / {pockets['n_villages']}",
                label(
                    "kf_villages_note",
                    kecamatan=pockets["n_kecamatan_with_priority"],
                    sim=_sim_word(brief, pockets),
                ),
            )
        )
    impact = brief.results.get("impact")
    if impact:
        if impact["estimated"]:
            overall = impact["outcomes"]["desil1"]["overall"]
            items.append(
                _key_figure(
                    label("kf_impact"),
                    fmt.points(overall["estimate"], 1, lang),
                    label(
                        "kf_impact_note",
                        interval=fmt.interval(overall["ci_low"], overall["ci_high"], 1, lang),
                        sim=_sim_word(brief, impact),
                    ),
                )
            )
        else:
            items.append(_key_figure(label("kf_impact"), "—", label("kf_impact_none")))
    return Markdown(raw_typst("#keyfigures(\n  " + ",\n  ".join(items) + ",\n)"))


def section(title: str) -> Markdown:
    """A level-1 section heading."""
    return Markdown(f"# {title}")


def _gap_text(brief: Brief, gap: float | None) -> str:
    if gap is None:
        return ""
    if round(gap, 2) == 0:
        return brief.label("equal")
    key = "above" if gap > 0 else "below"
    return brief.label(key, value=fmt.points(abs(gap), lang=brief.lang, signed=False))


def trend_section(brief: Brief) -> Markdown:
    """Trend and relative position: text with numbers, then the two figures side by side."""
    trend = brief.results["trend"]
    params = brief.context.params
    lang = brief.lang
    label = brief.label
    if trend["p0_change"] is None:
        change_text = label("change_none")
    else:
        key = "change_down" if trend["p0_change"] < 0 else "change_up"
        change_text = label(
            key,
            value=fmt.points(abs(trend["p0_change"]), lang=lang, signed=False),
            previous=trend["p0_previous_year"],
            previous_value=fmt.percent(trend["p0_previous"], lang=lang),
        )
    parts = [
        label(
            "trend_text",
            name=params.name,
            year=trend["latest_year"],
            p0=fmt.percent(trend["p0_latest"], lang=lang),
            change_text=change_text,
            gap_text=_gap_text(brief, trend["gap_province"]),
            province=trend["province_name"],
            province_p0=fmt.percent(trend["province_p0_latest"], lang=lang),
            nation_gap_text=_gap_text(brief, trend["gap_nation"]),
            nation_p0=fmt.percent(trend["nation_p0_latest"], lang=lang),
            n=trend["rank_of"],
            rank=trend["rank"],
            rank_year=trend["rank_year"],
        )
    ]
    if trend["pace_start"] is not None:
        parts.append(
            label(
                "trend_pace",
                start=trend["pace_start"],
                regency=fmt.points(trend["pace_regency"], lang=lang),
                province_pace=fmt.points(trend["pace_province"], lang=lang),
            )
        )
    if trend["slopes"]["covid_jump"] is not None:
        parts.append(
            label("trend_covid", jump=fmt.points(trend["slopes"]["covid_jump"], lang=lang))
        )
    parts.append(label("quadrant_text", quadrant=label(f"quadrant_{trend['quadrant']}")))
    if trend["quadrant_uncertain"]:
        from analysis.trend import UNCERTAIN_LEVEL_PP, UNCERTAIN_PACE_PP

        parts.append(
            label(
                "trend_uncertain",
                level=fmt.number(UNCERTAIN_LEVEL_PP, 1, lang),
                pace=fmt.number(UNCERTAIN_PACE_PP, 1, lang),
            )
        )
    if trend["years_missing"]:
        parts.append(
            label("trend_missing", years=", ".join(str(y) for y in trend["years_missing"]))
        )
    table = trend["table"]
    caption_p0 = label(
        "fig_p0",
        name=params.name,
        province=trend["province_name"],
        start=table[0]["tahun"],
        end=table[-1]["tahun"],
    )
    caption_quadrant = label(
        "fig_quadrant",
        n=trend["rank_of"],
        province=trend["province_name"],
        year=trend["rank_year"],
        since=trend["province_pace_from"],
    )
    figures = raw_typst(
        "#grid(columns: (55%, 45%), gutter: 8pt,\n"
        f'  figure(image("figures/trend_p0.png", width: 100%), '
        f"caption: [{typst_text(caption_p0)}]),\n"
        f'  figure(image("figures/quadrant.png", width: 100%), '
        f"caption: [{typst_text(caption_quadrant)}]),\n)"
    )
    depth = (
        f"![{label('fig_depth', name=params.name, province=trend['province_name'])}]"
        "(figures/trend_depth.png){width=100%}"
    )
    heading = f"# {label('section_trend')}"
    return Markdown("\n\n".join([heading, " ".join(parts), figures, depth]))


def notes_section(brief: Brief) -> Markdown:
    """Data and method notes: sources with trust levels, uncertainty, parameters, commit, hashes."""
    from analysis import data, paths

    label = brief.label
    lang = brief.lang
    bps = data.load_bps()
    params = brief.context.params
    codes = {params.kode_bps, params.province_code, "0000"}
    used = bps[bps["kode_bps"].isin(codes)]
    sources = (
        used.groupby(["sumber", "kepercayaan"])["tahun"]
        .agg(["min", "max"])
        .reset_index()
        .sort_values(["kepercayaan", "sumber"])
    )
    lines = [
        f"**{label('notes_sources')}.** "
        + " · ".join(
            f"{row.sumber} ({row.kepercayaan}; {row['min']}–{row['max']})"
            for _, row in sources.iterrows()
        )
        + ". "
        + label("notes_trust"),
        label("notes_uncertainty"),
        label("notes_areas"),
    ]
    if "forecast" in brief.results:
        lines.append(backtest_notes(brief))
    pockets = brief.results.get("pockets")
    if pockets:
        meta = pockets["village_meta"]
        if pockets["is_simulated"]:
            gap = meta.get("calibration", {}).get("max_abs_gap_pp")
            lines.append(
                label(
                    "notes_villages_sim",
                    years=f"{meta['years'][0]}–{meta['years'][-1]}",
                    seed=meta["seed"],
                    gap=fmt.number(gap, 2, lang),
                )
            )
        else:
            lines.append(label("notes_villages_user", name=meta["source_name"]))
    tolerated = brief.results["trend"].get("bps_notes") or []
    if tolerated:
        lines.append(label("notes_tolerated", notes="; ".join(tolerated)))
    hashes = provenance.input_hashes()
    shown = ", ".join(
        f"{name.split('/')[-1]} {digest[:12]}" for name, digest in sorted(hashes.items())
    )
    source = (
        f"params/{params.regency}.yml"
        if paths.params_file(params.regency).exists()
        else f"default ({params.regency})"
    )
    lines.append(
        label(
            "notes_params",
            source=source,
            commit=brief.git["commit_short"],
            dirty=label("dirty") if brief.git["dirty"] else "",
            hashes=shown,
        )
    )
    body = "\n\n".join(lines)
    heading = f"# {label('section_notes')}"
    return Markdown("\n\n".join([heading, raw_typst("#smallprint["), body, raw_typst("]")]))


def key_messages(brief: Brief) -> Markdown:
    """The key messages, each produced by a rule in `analysis.keymessages`."""
    from analysis import keymessages

    messages = keymessages.messages(brief.results, brief.context.params, brief.lang)
    lines = [f"# {brief.label('section_messages')}", ""]
    lines += [
        f"{number}. **{message.headline}** {message.detail}"
        for number, message in enumerate(messages, start=1)
    ]
    return Markdown("\n".join(lines))


def target_text(brief: Brief, low: float, high: float) -> str:
    """A target as "8,04–8,10 %" (range) or "10,00 %" (point)."""
    lang = brief.lang
    if round(low, 2) == round(high, 2):
        return fmt.percent(high, 2, lang)
    return fmt.percent(high, 2, lang).replace(
        fmt.number(high, 2, lang), fmt.interval(low, high, 2, lang)
    )


def probability(value: float | None, lang: str) -> str:
    """A probability as a whole percentage ("50 %")."""
    return "—" if value is None else fmt.percent(100 * value, 0, lang)


def historical_period(brief: Brief, forecast: dict) -> str:
    """The years behind the historical pace, saying which COVID changes were left out."""
    pace = forecast["pace"]
    if pace.get("historical_start") is None:
        return brief.label("period_none")
    return brief.label(
        "period_without_covid",
        start=pace["historical_start"],
        end=pace["historical_end"],
        covid=", ".join(str(year) for year in forecast["covid_years"]),
    )


def forecast_section(brief: Brief) -> Markdown:
    """Forecast and target: text, fan chart, the "Proyeksi P0" table, the realistic range."""
    forecast = brief.results["forecast"]
    params = brief.context.params
    label = brief.label
    lang = brief.lang
    horizons = forecast["horizons"]
    final = next(row for row in horizons if row["year"] == forecast["target_year"])
    parts = [
        label(
            "forecast_text",
            year=final["year"],
            median=fmt.percent(final["median"], 2, lang),
            i80=fmt.interval(final["lo80"], final["hi80"], 2, lang),
            i95=fmt.interval(final["lo95"], final["hi95"], 2, lang),
        )
    ]
    if params.target is not None and forecast["prob_meet_target"]:
        chance = forecast["prob_meet_target"]
        pace = forecast["pace"]
        needed = pace["needed_decline_pp_per_year"]
        needed_text = (
            fmt.number(needed["to_high"], 2, lang)
            if needed["to_high"] == needed["to_low"]
            else fmt.interval(needed["to_high"], needed["to_low"], 2, lang)
        )
        parts.append(
            label(
                "forecast_target",
                year=params.target_year,
                target=target_text(brief, params.target.low, params.target.high),
                kind=params.target.kind,
                high=fmt.percent(params.target.high, 2, lang),
                p=probability(chance["p_at_or_below_high"], lang),
                p_range=probability(chance["p_in_range"], lang),
                needed=needed_text,
                historical=fmt.number(pace["historical_decline_pp_per_year"], 2, lang),
                period=historical_period(brief, forecast),
            )
        )
    else:
        parts.append(
            label(
                "forecast_no_target",
                year=params.target_year,
                note=params.target_note or forecast.get("prob_reason") or "",
            )
        )
    realistic = forecast["realistic_range"]
    parts.append(
        label(
            "forecast_realistic",
            year=realistic["year"],
            low=fmt.number(realistic["low"], 2, lang),
            high=fmt.percent(realistic["high"], 2, lang),
        )
    )
    rows = [
        [
            str(row["year"]),
            fmt.number(row["median"], 2, lang),
            fmt.interval(row["lo80"], row["hi80"], 2, lang),
            fmt.interval(row["lo95"], row["hi95"], 2, lang),
        ]
        for row in horizons
    ]
    header = [label("col_year"), label("col_point"), label("col_i80"), label("col_i95")]
    table = typst_table(
        header, rows, ["left", "right", "right", "right"], label("table_forecast", name=params.name)
    )
    target_caption = (
        label("fig_fan_target", year=params.target_year) if params.target is not None else ""
    )
    block = raw_typst(
        "#grid(columns: (50%, 50%), gutter: 10pt,\n"
        f'  figure(image("figures/fan_chart.png", width: 100%), caption: ['
        f"{typst_text(label('fig_fan', target=target_caption))}]),\n"
        f"  [#{table}\n\n{typst_text(' '.join(parts))}],\n)"
    )
    heading = f"# {label('section_forecast', year=params.target_year)}"
    return Markdown("\n\n".join([heading, block]))


def backtest_notes(brief: Brief) -> str:
    """The backtest table for the method notes (models x MAE x coverage)."""
    forecast = brief.results["forecast"]
    label = brief.label
    lang = brief.lang
    calibration = forecast["calibration"]
    combination = next(row for row in forecast["backtest"] if row["model"] == "combination")
    pool = (
        label("pool_province", province=brief.results["trend"]["province_name"])
        if calibration["pooled_over"] == "province"
        else label("pool_all")
    )
    text = label(
        "backtest_text",
        n=combination["n_regencies"],
        pool=pool,
        n_forecasts=combination["n_forecasts"],
        horizon=1,
        rt80=probability(combination.get("coverage80_realtime"), lang),
        rt95=probability(combination.get("coverage95_realtime"), lang),
    )
    rows = [
        [
            label(f"model_{row['model']}"),
            fmt.number(row["mae_pp"], 2, lang),
            fmt.number(row["mae_naive_pp"], 2, lang),
            probability(row["coverage80"], lang),
            probability(row["coverage95"], lang),
            str(row["n_forecasts"]),
        ]
        for row in forecast["backtest"]
    ]
    header = [
        label("col_model"),
        label("col_mae"),
        label("col_mae_naive"),
        label("col_cov80"),
        label("col_cov95"),
        label("col_n"),
    ]
    table = raw_typst(
        "#" + typst_table(header, rows, ["left"] + ["right"] * 5, label("backtest_title"))
    )
    return f"{text}\n\n{table}"


VILLAGES_SHOWN = 12  # rows of the priority-village table in the brief (the annex has all)


def simulated_badge(brief: Brief, results: dict) -> str:
    """Raw Typst for the SIMULASI badge when the results come from simulated village data."""
    return " `#simulasi()`{=typst}" if results.get("is_simulated") else ""


def _sim_word(brief: Brief, results: dict) -> str:
    return (
        brief.label("simulasi")
        if results.get("is_simulated")
        else brief.label(
            "source_user", name=results.get("village_meta", {}).get("source_name") or ""
        )
    )


def pockets_section(brief: Brief) -> Markdown:
    """Poverty pockets: the rule card, top villages by kecamatan, kecamatan and profile charts."""
    from analysis.stages import annex_name

    pockets = brief.results["pockets"]
    lang = brief.lang
    label = brief.label
    card = pockets["rule_card"]
    simulated = pockets["is_simulated"]
    sim = _sim_word(brief, pockets)
    concentration = sorted(
        pockets["kecamatan_concentration"],
        key=lambda row: (-row["n_priority"], row["kecamatan_code"]),
    )
    top_kecamatan = ", ".join(
        label(
            "pockets_kecamatan_item",
            name=row["kecamatan_name"],
            n=row["n_priority"],
            pct=fmt.percent(row["pct_villages_priority"], 0, lang),
        )
        for row in concentration[:3]
    )
    parts = [
        label(
            "pockets_text",
            n_priority=pockets["n_priority"],
            n_villages=pockets["n_villages"],
            year=pockets["year"],
            n_kecamatan=pockets["n_kecamatan_with_priority"],
            pct_desil1=fmt.percent(pockets["pct_desil1_in_priority"], 0, lang),
            top_kecamatan=top_kecamatan,
        )
    ]
    panel_agreement = pockets["agreement"].get("panel_lokus")
    if panel_agreement and panel_agreement.get("cohen_kappa") is not None:
        parts.append(
            label(
                "pockets_agreement",
                year=pockets["year"],
                both=panel_agreement["n_both"],
                reference=panel_agreement["n_reference"],
                kappa=fmt.number(panel_agreement["cohen_kappa"], 2, lang),
            )
        )
    for published in pockets["agreement"].get("published_named") or []:
        parts.append(
            label(
                "pockets_published",
                reference=published["n_reference"],
                year=published["published_year"],
                both=published["n_both"],
            )
        )
    spatial = pockets.get("spatial") or {}
    if spatial.get("done"):
        parts.append(
            label(
                "pockets_spatial",
                hot=spatial["counts"]["HH"],
                priority=spatial["n_priority_in_hotspots"],
                islands=spatial["n_islands"],
            )
        )
    alternatives = pockets["sensitivity"]["alternatives"]
    changes = [alt["n_enter"] for alt in alternatives] or [0]
    parts.append(
        label(
            "pockets_stability",
            stable=card["n_priority_stable_90"],
            n=card["n_priority"],
            min_change=min(changes),
            max_change=max(changes),
        )
    )
    weights = card["weights"]
    weight_text = (
        label("weights_equal")
        if len(set(weights.values())) == 1
        else ", ".join(f"{label('ind_' + k)} {fmt.number(v, 1, lang)}" for k, v in weights.items())
    )
    rule = label(
        "rule_text",
        n=card["n_priority"],
        cut_mass=fmt.integer(card["cutoff_mass_families"], lang),
        cut_share=fmt.percent(card["cutoff_eb_share_pct"], 1, lang),
        threshold=fmt.number(card["index_threshold"], 0, lang),
        weights=weight_text,
        source=(
            label("source_simulated")
            if simulated
            else label("source_user", name=pockets["village_meta"]["source_name"])
        ),
        year=card["year"],
    )
    rule_card = raw_typst(f"#rulecard([{typst_text(label('rule_title'))}], [{typst_text(rule)}])")
    rows = []
    shown = 0
    for group in pockets["top_by_kecamatan"]:
        for village in group["villages"]:
            if shown >= VILLAGES_SHOWN:
                break
            rows.append(
                [
                    village["kecamatan_name"],
                    village["village_name"],
                    village["village_code"],
                    fmt.integer(village["families_desil1"], lang),
                    f"{fmt.number(village['eb_share'], 1, lang)} "
                    f"({fmt.interval(village['eb_low'], village['eb_high'], 1, lang)})",
                    f"{village['rank_mass']} ({village['rank_mass_low']}–"
                    f"{village['rank_mass_high']})",
                ]
            )
            shown += 1
    header = [
        label(key)
        for key in (
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
        ["left"] * 3 + ["right"] * 3,
        label(
            "table_villages",
            sim=sim,
            n=pockets["n_priority"],
            annex=annex_name(brief.context),
        ),
    )
    table = raw_typst(table)
    figures = raw_typst(
        "#grid(columns: (50%, 50%), gutter: 8pt,\n"
        f'  figure(image("figures/kecamatan.png", width: 100%), caption: ['
        f"{typst_text(label('fig_kecamatan', n=pockets['kecamatan_shown'], sim=sim))}]),\n"
        f'  figure(image("figures/deprivation_profile.png", width: 100%), caption: ['
        f"{typst_text(label('fig_profile', sim=sim))}]),\n)"
    )
    heading = f"# {label('section_pockets')}{simulated_badge(brief, pockets)}"
    return Markdown("\n\n".join([heading, rule_card, " ".join(parts), table, figures]))


def impact_caveats(brief: Brief, impact: dict) -> list[str]:
    """Caveats written by rule: selection on poverty, limited tests, few clusters, SIMULASI."""
    label = brief.label
    lang = brief.lang
    main = impact["outcomes"]["desil1"]
    caveats = [label("caveat_selection", offset=impact["base_offset"])]
    if main["pretrend"].get("limited"):
        caveats.append(label("caveat_limited", statement=main["pretrend"]["statement"]))
    if main["inference"]["method"].startswith("wild"):
        caveats.append(label("caveat_clusters", n=main["n_clusters"]))
    if impact["is_simulated"] and impact.get("true_effect_desil1_pp") is not None:
        caveats.append(
            label("caveat_simulated", truth=fmt.points(impact["true_effect_desil1_pp"], 1, lang))
        )
    return caveats


def pretrend_text(brief: Brief, pretrend: dict) -> str:
    """The pre-trend verdict in plain words."""
    lang = brief.lang
    if pretrend["verdict"] == "not_testable" or pretrend.get("p_value") is None:
        return brief.label("pretrend_none")
    key = "pretrend_ok" if pretrend["verdict"] == "no_evidence_of_pre_trends" else "pretrend_bad"
    return brief.label(key, p=fmt.p_value(pretrend["p_value"], lang), n=pretrend["n_pre_periods"])


def impact_section(brief: Brief) -> Markdown:
    """Program impact: the effect with its interval, the pre-trend verdict, table, caveats."""
    impact = brief.results["impact"]
    label = brief.label
    lang = brief.lang
    heading = f"# {label('section_impact')}{simulated_badge(brief, impact)}"
    if not impact["estimated"]:
        return Markdown("\n\n".join([heading, label("impact_none")]))
    sim = _sim_word(brief, impact)
    main = impact["outcomes"]["desil1"]
    overall = main["overall"]
    text = label(
        "impact_text",
        effect=fmt.points(overall["estimate"], 1, lang),
        interval=fmt.interval(overall["ci_low"], overall["ci_high"], 1, lang),
        twfe=fmt.points(main["twfe"]["estimate"], 1, lang),
        pretrend=pretrend_text(brief, main["pretrend"]),
    )
    rows = []
    from analysis.stages import IMPACT_OUTCOMES

    for name in IMPACT_OUTCOMES:
        summary = impact["outcomes"][name]
        rows.append(
            [
                label(f"ind_{name}"),
                fmt.number(summary["overall"]["estimate"], 2, lang, signed=True),
                fmt.interval(summary["overall"]["ci_low"], summary["overall"]["ci_high"], 2, lang),
                fmt.number(summary["twfe"]["estimate"], 2, lang, signed=True),
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
    return Markdown("\n\n".join([heading, text, figure, caveats]))
