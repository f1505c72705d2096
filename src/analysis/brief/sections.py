"""The brief's trend and forecast sections (text, figures, tables)."""

from __future__ import annotations

from IPython.display import Markdown

from analysis import fmt
from analysis.brief.document import Brief
from analysis.brief.summary import _gap_text, probability, target_text, years
from analysis.brief.typst import raw_typst, typst_table, typst_text
from analysis.results.forecast import ForecastResults


def _level_sentences(brief: Brief, decided) -> list[str]:
    """P0, its change, the gaps to province and nation, the rank, with their intervals."""
    trend = brief.trend
    params = brief.context.params
    lang = brief.lang
    label = brief.label
    if trend.p0_change is None:
        change_text = label("change_none")
    else:
        key = "change_down" if trend.p0_change < 0 else "change_up"
        change_text = label(
            key,
            value=fmt.points(abs(trend.p0_change), lang=lang, signed=False),
            previous=trend.p0_previous_year,
            previous_value=fmt.percent(trend.p0_previous, lang=lang),
        )
    level, rank, _pace = decided.level, decided.rank, decided.pace
    parts = [
        label(
            # No province figure for the year: the sentence says so instead of "<province> (—)".
            "trend_text" if trend.province_p0_latest is not None else "trend_text_noprovince",
            name=params.name,
            year=trend.latest_year,
            p0=fmt.percent(trend.p0_latest, lang=lang),
            change_text=change_text,
            gap_text=_gap_text(brief, trend.gap_province),
            province=trend.province_name,
            province_p0=fmt.percent(trend.province_p0_latest, lang=lang),
            nation_gap_text=_gap_text(brief, trend.gap_nation),
            nation_p0=fmt.percent(trend.nation_p0_latest, lang=lang),
            n=rank.of,
            rank=rank.rank,
            rank_year=rank.year,
        )
    ]
    if level.gap is not None:
        parts.append(
            label(
                "trend_uncertainty",
                rse=fmt.number(100 * level.rse, 0, lang),
                gap_interval=fmt.interval(level.low, level.high, 2, lang),
                low=rank.low,
                high=rank.high,
            )
        )
    return parts


def _pace_sentences(brief: Brief, decided) -> list[str]:
    """The one pace with its interval, and its difference from the province's."""
    lang = brief.lang
    label = brief.label
    pace = decided.pace
    parts = []
    covid = "–".join(str(y) for y in (pace.covid_years[0], pace.covid_years[-1]))
    if not pace.has_pace:
        parts.append(label("trend_pace_none", n=pace.n_changes, minimum=pace.min_changes))
    else:
        parts.append(
            label(
                "trend_pace",
                start=pace.start,
                end=pace.end,
                covid=covid,
                n=pace.n_changes,
                regency=fmt.points(pace.regency, lang=lang),
                interval=fmt.interval(pace.regency_low, pace.regency_high, 2, lang),
            )
        )
        if pace.verdict is None:
            parts.append(label("trend_pace_noprovince"))
        else:
            parts.append(
                label(
                    "trend_pace_province",
                    province_pace=fmt.points(pace.province, lang=lang),
                    difference=fmt.points(pace.difference, lang=lang),
                    interval=fmt.interval(pace.difference_low, pace.difference_high, 2, lang),
                    verdict=label(f"trend_verdict_{pace.verdict}"),
                )
            )
    return parts


def _position_sentences(brief: Brief) -> list[str]:
    """The COVID jump, the quadrant stated by the same verdicts, and the missing years."""
    trend = brief.trend
    lang = brief.lang
    label = brief.label
    parts = []
    if trend.slopes.covid_jump is not None:
        parts.append(label("trend_covid", jump=fmt.points(trend.slopes.covid_jump, lang=lang)))
    own = next(row for row in trend.positions if row.kode_bps == trend.kode_bps)
    if trend.quadrant == "no_pace" or own.pace_verdict is None:
        parts.append(label("quadrant_no_pace_text"))
    else:
        # The quadrant is stated by the same verdicts as the text: a side of a split line only
        # when the interval excludes zero.
        parts.append(
            label(
                "quadrant_verdicts",
                year=trend.rank_year,
                level=label(f"quadrant_level_{own.level_verdict}"),
                pace=label(f"quadrant_pace_{own.pace_verdict}"),
            )
        )
        if trend.quadrant_uncertain:
            parts.append(label("trend_uncertain"))
    if trend.years_missing:
        parts.append(label("trend_missing", years=", ".join(str(y) for y in trend.years_missing)))
    return parts


def _trend_figures(brief: Brief) -> tuple[str, str]:
    """The P0 and quadrant figures side by side, and the depth figure below."""
    trend = brief.trend
    params = brief.context.params
    label = brief.label
    table = trend.table
    caption_p0 = label(
        "fig_p0",
        name=params.name,
        province=trend.province_name,
        start=table[0].tahun,
        end=table[-1].tahun,
    )
    caption_quadrant = label(
        "fig_quadrant",
        n=trend.rank_of,
        province=trend.province_name,
        year=trend.rank_year,
        since=trend.province_pace_from or trend.first_year,
    )
    figures = raw_typst(
        "#grid(columns: (55%, 45%), gutter: 8pt,\n"
        f'  figure(image("figures/trend_p0.png", width: 100%), '
        f"caption: [{typst_text(caption_p0)}]),\n"
        f'  figure(image("figures/quadrant.png", width: 100%), '
        f"caption: [{typst_text(caption_quadrant)}]),\n)"
    )
    # A raw Typst figure like every other: one figure counter on both renderers (Quarto numbers
    # Markdown images with a counter of its own).
    caption_depth = label("fig_depth", name=params.name, province=trend.province_name)
    depth = raw_typst(
        f'#figure(image("figures/trend_depth.png", width: 100%), '
        f"caption: [{typst_text(caption_depth)}])"
    )
    return figures, depth


def trend_section(brief: Brief) -> Markdown:
    """Trend and relative position: text with numbers, then the two figures side by side.

    The pace, its comparison with the province, the level gap and the rank are the decisions the
    first page shows (`analysis.brief.decisions`), each with its interval and rule.
    """
    from analysis.brief import decisions as page

    decided = page.for_brief(brief)
    parts = _level_sentences(brief, decided) + _pace_sentences(brief, decided)
    parts += _position_sentences(brief)
    figures, depth = _trend_figures(brief)
    heading = f"# {brief.label('section_trend')}"
    return Markdown("\n\n".join([heading, " ".join(parts), figures, depth]))


def historical_period(brief: Brief, forecast: ForecastResults) -> str:
    """The years behind the historical pace, saying which COVID changes were left out."""
    pace = forecast.pace
    if pace.historical_start is None:
        return brief.label("period_none")
    return brief.label(
        "period_without_covid",
        start=pace.historical_start,
        end=pace.historical_end,
        covid=", ".join(str(year) for year in forecast.covid_years),
    )


def forecast_section(brief: Brief) -> Markdown:
    """Forecast and target: text, fan chart, the "Proyeksi P0" table, the realistic range."""
    forecast = brief.forecast
    params = brief.context.params
    label = brief.label
    lang = brief.lang
    horizons = forecast.horizons
    final = forecast.final()
    parts = [
        label(
            "forecast_text",
            year=final.year,
            median=fmt.percent(final.median, 2, lang),
            i80=fmt.interval(final.lo80, final.hi80, 2, lang),
            i95=fmt.interval(final.lo95, final.hi95, 2, lang),
        ),
        _coverage_text(brief),
    ]
    if params.target is not None and forecast.prob_meet_target:
        chance = forecast.prob_meet_target
        pace = forecast.pace
        needed = pace.needed_decline_pp_per_year
        needed_text = (
            fmt.number(needed.to_high, 2, lang)
            if needed.to_high == needed.to_low
            else fmt.interval(needed.to_high, needed.to_low, 2, lang)
        )
        parts.append(
            label(
                "forecast_target",
                year=params.target_year,
                target=target_text(brief, params.target.low, params.target.high),
                kind=params.target.kind,
                high=fmt.percent(params.target.high, 2, lang),
                p=probability(chance.p_at_or_below_high, lang),
                p_range=probability(chance.p_in_range, lang),
                needed=needed_text,
                historical=fmt.number(pace.historical_decline_pp_per_year, 2, lang),
                period=historical_period(brief, forecast),
            )
        )
    else:
        # The reason comes from the catalogue: the parameter file's note may be in another
        # language and name files; the technical appendix says where targets are read.
        parts.append(label("forecast_no_target", year=params.target_year))
    parts.append(_realistic_text(brief))
    rows = [
        [
            str(row.year),
            fmt.number(row.median, 2, lang),
            fmt.interval(row.lo80, row.hi80, 2, lang),
            fmt.interval(row.lo95, row.hi95, 2, lang),
        ]
        for row in horizons
    ]
    header = [label("col_year"), label("col_point"), label("col_i80"), label("col_i95")]
    caption = label("table_forecast_honest", name=params.name)
    table = typst_table(header, rows, ["left", "right", "right", "right"], caption)
    target_caption = (
        label("fig_fan_target", year=params.target_year) if params.target is not None else ""
    )
    block = raw_typst(
        "#grid(columns: (50%, 50%), gutter: 10pt,\n"
        f'  figure(image("figures/fan_chart.png", width: 100%), caption: ['
        f"{typst_text(label('fig_fan', target=target_caption))}]),\n"
        f"  [#{table}\n\n{typst_text(' '.join(p for p in parts if p))}],\n)"
    )
    heading = f"# {label('section_forecast', year=params.target_year)}"
    return Markdown("\n\n".join([heading, block]))


MIN_YEAR_FORECASTS = 5  # a target year with fewer evaluated forecasts shows only in "all" rows
SHORT_COVERAGE80 = 0.70  # honest 80 % coverage below this: the text says the bands were too narrow
SHORT_COVERAGE95 = 0.88  # the same for the 95 % band (its aim: 88-100 % in the honest evaluation)


def _realistic_text(brief: Brief) -> str:
    """The realistic target range with the chances, computed in the result, that each end is met."""
    realistic = brief.forecast.realistic_range
    lang = brief.lang
    return brief.label(
        "forecast_realistic",
        year=realistic.year,
        low=fmt.number(realistic.low, 2, lang),
        high=fmt.percent(realistic.high, 2, lang),
        chance=fmt.number(100 * realistic.p_low, 0, lang)
        + "–"
        + fmt.percent(100 * realistic.p_high, 0, lang),
    )


def _evaluation_pool(brief: Brief) -> str:
    """Where the honest evaluation shown comes from: the province, or every province."""
    if brief.forecast.evaluation.scope == "province":
        return brief.label("pool_province", province=brief.trend.province_name)
    return brief.label("pool_all")


def _coverage_text(brief: Brief) -> str:
    """The coverage the combination's bands really had in the honest evaluation (from the result).

    Empty when the result has no evaluation (a forecast made without one).
    """
    evaluation = brief.forecast.evaluation
    overall = evaluation.row("combination")
    if overall is None:
        return ""
    lang = brief.lang
    years = [
        row
        for row in evaluation.by_year
        if row.model == "combination"
        and row.target_year is not None
        and row.n_forecasts >= MIN_YEAR_FORECASTS
    ]
    worst = min(years, key=lambda row: row.coverage80, default=overall)
    text = brief.label(
        "forecast_coverage",
        pool=_evaluation_pool(brief),
        years=f"{evaluation.target_years[0]}–{evaluation.target_years[-1]}",
        cov80=probability(overall.coverage80, lang),
        worst80=probability(worst.coverage80, lang),
        worst_year=worst.target_year if worst.target_year is not None else brief.label("eval_all"),
        cov95=probability(overall.coverage95, lang),
    )
    if overall.coverage80 < SHORT_COVERAGE80 or overall.coverage95 < SHORT_COVERAGE95:
        text += " " + brief.label("forecast_coverage_short")
    return text


def backtest_notes(brief: Brief) -> str:
    """The honest evaluation table for the method notes: model x target year, MAE and coverage.

    The only coverage figures of the brief: the result's honest rolling-origin evaluation.
    """
    evaluation = brief.forecast.evaluation
    label = brief.label
    lang = brief.lang
    combination = evaluation.row("combination")
    if combination is None:
        return ""
    text = label(
        "backtest_text",
        n=combination.n_regencies,
        pool=_evaluation_pool(brief),
        n_forecasts=combination.n_forecasts,
        horizon=years(brief, evaluation.horizon),
        members=", ".join(label(f"model_{name}") for name in brief.forecast.weights),
        chosen=label(
            "combination_chosen_test"
            if brief.forecast.models_default
            else "combination_chosen_params"
        ),
        min_n=MIN_YEAR_FORECASTS,
        all=label("eval_all"),
    )
    rows, previous = [], None
    for row in evaluation.by_year:
        if row.target_year is not None and row.n_forecasts < MIN_YEAR_FORECASTS:
            continue
        rows.append(
            [
                label(f"model_{row.model}") if row.model != previous else "",
                label("eval_all") if row.target_year is None else str(row.target_year),
                str(row.n_forecasts),
                fmt.number(row.mae_pp, 2, lang),
                fmt.number(row.mae_naive_pp, 2, lang),
                probability(row.coverage80, lang),
                probability(row.coverage95, lang),
                fmt.number(row.width80_pp, 2, lang),
                fmt.number(row.interval_score95, 2, lang),
            ]
        )
        previous = row.model
    header = [
        label("col_model"),
        label("col_eval_year"),
        label("col_n"),
        label("col_mae"),
        label("col_mae_naive"),
        label("col_cov80"),
        label("col_cov95"),
        label("col_width80"),
        label("col_is95"),
    ]
    align = ["left", "left"] + ["right"] * 7
    table = raw_typst("#" + typst_table(header, rows, align, label("backtest_title")))
    return f"{text}\n\n{table}"
