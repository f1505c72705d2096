"""The brief's first page: the key-figures box and the key messages, and shared wording."""

from __future__ import annotations

from IPython.display import Markdown

from analysis import fmt
from analysis.brief.document import Brief
from analysis.brief.typst import raw_typst, typst_text
from analysis.schema import USER_FILE_LABEL


def _key_figure(label: str, value: str, note: str) -> str:
    return f"([{typst_text(label)}], [{typst_text(value)}], [{typst_text(note)}])"


def _level_figures(brief: Brief) -> list[str]:
    """P0, its change and the number of poor: BPS figures."""
    trend = brief.trend
    lang = brief.lang
    label = brief.label
    items = []
    p0_trust = trust_grade(brief, "p0_persen", trend.latest_year)
    if trend.p0_change is not None:
        note = label(
            "kf_p0_note_change",
            change=fmt.points(trend.p0_change, lang=lang),
            previous=trend.p0_previous_year,
            trust=trust_text(brief, p0_trust),
        )
    else:
        note = label("kf_p0_note_nochange") + _below_a(brief, p0_trust)
    items.append(
        _key_figure(
            label("kf_p0", year=trend.latest_year),
            fmt.percent(trend.p0_latest, lang=lang),
            note,
        )
    )
    if trend.poor_thousands is not None:
        items.append(
            _key_figure(
                label("kf_poor"),
                fmt.people(trend.poor_thousands, lang),
                label(
                    "kf_poor_note",
                    year=trend.poor_year,
                    note=label("kf_poor_latest")
                    + _below_a(brief, trust_grade(brief, "jumlah_miskin_ribu", trend.poor_year)),
                ),
            )
        )
    return items


def _pace_figures(brief: Brief, decided) -> list[str]:
    """The one pace with its interval and verdict (or why there is none)."""
    lang = brief.lang
    label = brief.label
    items = []
    pace = decided.pace
    if pace.has_pace:
        items.append(
            _key_figure(
                label("kf_pace", start=pace.start, end=pace.end),
                fmt.points(pace.regency, lang=lang),
                label(
                    "kf_pace_note",
                    interval=fmt.interval(pace.regency_low, pace.regency_high, 2, lang),
                    verdict=label(f"kf_pace_{pace.verdict}")
                    if pace.verdict
                    else label("kf_pace_noprovince"),
                ),
            )
        )
    else:
        items.append(
            _key_figure(
                label("kf_pace_empty"),
                "—",
                label("kf_pace_none", n=pace.n_changes, minimum=pace.min_changes),
            )
        )
    return items


def _position_figures(brief: Brief, decided) -> list[str]:
    """Rank and gap to the province, each with its interval."""
    lang = brief.lang
    label = brief.label
    items = []
    rank = decided.rank
    items.append(
        _key_figure(
            label("kf_rank", province=rank.province_name),
            f"{rank.rank} / {rank.of}",
            label("kf_rank_note", year=rank.year, low=rank.low, high=rank.high),
        )
    )
    level = decided.level
    if level.gap is not None:
        items.append(
            _key_figure(
                label("kf_gap"),
                fmt.points(level.gap, lang=lang),
                label(
                    "kf_gap_note",
                    province=level.province_name,
                    value=fmt.percent(level.province_p0, lang=lang),
                    interval=fmt.interval(level.low, level.high, 2, lang),
                ),
            )
        )
    return items


def _forecast_figures(brief: Brief, decided) -> list[str]:
    """The projection and the chance of meeting the target."""
    lang = brief.lang
    label = brief.label
    items = []
    forecast = decided.forecast
    if forecast:
        items.append(
            _key_figure(
                label("kf_forecast", year=forecast.year),
                fmt.percent(forecast.median, 2, lang),
                label(
                    "kf_forecast_note",
                    interval=fmt.interval(forecast.lo80, forecast.hi80, 2, lang),
                ),
            )
        )
        params = brief.context.params
        if forecast.p_meet is not None:
            items.append(
                _key_figure(
                    label("kf_prob"),
                    probability(forecast.p_meet, lang),
                    label(
                        "kf_prob_note",
                        target=target_text(brief, forecast.target_low, forecast.target_high),
                    ),
                )
            )
        else:
            items.append(
                _key_figure(label("kf_prob"), "—", label("kf_no_target", year=params.target_year))
            )
    return items


def _village_figures(brief: Brief, decided) -> list[str]:
    """Village results: only on the regency's own data, never on SIMULASI."""
    lang = brief.lang
    label = brief.label
    items = []
    pockets = brief.pockets
    if pockets and decided.villages.claims_allowed:
        items.append(
            _key_figure(
                label("kf_villages", year=pockets.year),
                f"{pockets.n_priority} / {pockets.n_villages}",
                label(
                    "kf_villages_note",
                    kecamatan=pockets.n_kecamatan_with_priority,
                    sim=_sim_word(brief, pockets),
                ),
            )
        )
    impact = decided.impact
    if impact is not None and decided.villages.claims_allowed:
        if impact.shows_figure:
            items.append(
                _key_figure(
                    label("kf_impact"),
                    fmt.points(impact.estimate, 1, lang),
                    label(
                        "kf_impact_note",
                        interval=fmt.interval(impact.ci_low, impact.ci_high, 1, lang),
                        sim=_sim_word(brief, brief.impact),
                    ),
                )
            )
        elif impact.verdict == "not_estimated":
            items.append(_key_figure(label("kf_impact"), "—", label("kf_impact_none")))
        else:
            key = (
                "kf_impact_withheld" if impact.verdict == "withheld_pretrend" else "kf_impact_open"
            )
            items.append(
                _key_figure(
                    label("kf_impact"),
                    "—",
                    label(key, interval=fmt.interval(impact.ci_low, impact.ci_high, 1, lang)),
                )
            )
    elif decided.villages.simulated:
        items.append(_key_figure(label("kf_villages_sim"), "—", label("kf_villages_sim_note")))
    return items


def trust_grade(brief: Brief, indicator: str, year: int | None) -> str | None:
    """The trust grade (A, B, C) of one of the regency's figures, None when not recorded."""
    trust = getattr(brief.provenance, "trust", None) or {}
    return trust.get(f"{indicator}:{year}")


def trust_text(brief: Brief, grade: str | None) -> str:
    """What a figure of this grade is: a BPS figure (A), a processed copy (B), a web quote (C)."""
    return brief.label(f"trust_{grade}" if grade in ("A", "B", "C") else "trust_unknown")


def _below_a(brief: Brief, grade: str | None) -> str:
    """ "; <grade text>" for a figure below grade A, else nothing."""
    return "" if grade == "A" else "; " + trust_text(brief, grade)


def years(brief: Brief, n: int) -> str:
    """A number of years with its unit in the brief's language ("1 year", "2 years")."""
    return brief.label("years_one" if n == 1 else "years_many", n=n)


def data_is_old(brief: Brief) -> bool:
    """True when the newest P0 is older than the year before the meeting: BPS has newer data."""
    return brief.trend.latest_year < brief.context.params.meeting_date.year - 1


def stale_warning(brief: Brief) -> list[str]:
    """A full-width warning when the data are older than the year before the meeting."""
    if not data_is_old(brief):
        return []
    text = brief.label("stale_warning", year=brief.trend.latest_year)
    return [raw_typst(f"#datawarning[{typst_text(text)}]")]


def key_figures(brief: Brief) -> Markdown:
    """The box of key figures, each with its interval or the reason it has none.

    Rendered from the same decisions as the key messages (`analysis.brief.decisions`); village
    results appear only on the regency's own village data, never on SIMULASI data.
    """
    from analysis.brief import decisions as page

    decided = page.for_brief(brief)
    items = _level_figures(brief)
    for part in (_pace_figures, _position_figures, _forecast_figures, _village_figures):
        items += part(brief, decided)
    box = raw_typst("#keyfigures(\n  " + ",\n  ".join(items) + ",\n)")
    return Markdown("\n\n".join([*stale_warning(brief), box]))


def key_messages(brief: Brief) -> Markdown:
    """The key messages, each produced by a rule in `analysis.keymessages` from the decisions
    the key-figures box renders."""
    from analysis import keymessages
    from analysis.brief import decisions as page
    from analysis.brief.interventions import intervention_message

    messages = keymessages.messages(
        brief.trend,
        brief.forecast,
        brief.pockets,
        brief.impact,
        brief.context.params,
        brief.lang,
        decisions=page.for_brief(brief),
    )
    gap = intervention_message(brief)  # the register's largest gap; never for SIMULASI data
    if gap is not None:
        messages = [*messages[: keymessages.MAX_MESSAGES - 1], gap]
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


def simulated_badge(brief: Brief, results) -> str:
    """Raw Typst for the SIMULASI badge when the results come from simulated village data."""
    return " `#simulasi()`{=typst}" if results.is_simulated else ""


def simulated_banner(brief: Brief, results) -> list[str]:
    """A full-width banner under a village section's heading when its data are simulated.

    It also sets the template's page banner, so every following page with village content
    repeats it in its header until `simulated_pages_end` (the method notes).
    """
    if not results.is_simulated:
        return []
    text = typst_text(brief.label("sim_banner"))
    page = typst_text(brief.label("sim_banner_page"))
    return [raw_typst(f"#simulasibanner[{text}]\n#simulasipages.update([{page}])")]


def simulated_pages_end() -> str:
    """Raw Typst ending the page banner of simulated village content."""
    return raw_typst("#simulasipages.update(none)")


def _sim_word(brief: Brief, results) -> str:
    """ "SIMULASI", or the user's village data source, for captions of village results."""
    if results.is_simulated:
        return brief.label("simulasi")
    return brief.label("source_user", name=source_display(brief, results.village_meta.source_name))


def source_display(brief: Brief, name: str | None) -> str:
    """How the brief names the user's village data: a validated register name ("P3KE 2023") as it
    is, the project's label for a user file in the brief's language."""
    if not name or name == USER_FILE_LABEL:
        return brief.label("user_village_file")
    return name


def _gap_text(brief: Brief, gap: float | None) -> str:
    if gap is None:
        return ""
    if round(gap, 2) == 0:
        return brief.label("equal")
    key = "above" if gap > 0 else "below"
    return brief.label(key, value=fmt.points(abs(gap), lang=brief.lang, signed=False))


def section(title: str) -> Markdown:
    """A level-1 section heading."""
    return Markdown(f"# {title}")
