"""Brief content: escaping for Typst, sections written from typed stage results, and the first
page's key figures and key messages rendered from one set of decisions."""

import datetime as dt
from types import SimpleNamespace

import pytest

from analysis import brief, data, trend
from analysis.labels import Labels


def _brief(trend_result, forecast=None, pockets=None, impact=None, target=None, lang="id"):
    params = SimpleNamespace(
        name=trend_result.name,
        target=target,
        target_year=2026,
        target_note="tidak ada dokumen",
        regency="contoh",
        meeting_date=dt.date(2025, 11, 27),
    )
    context = SimpleNamespace(params=params, lang=lang, labels=Labels(lang))
    return brief.Brief(context, trend_result, forecast, pockets, impact, provenance=None)


@pytest.fixture(scope="module")
def klaten():
    return trend.summarize(data.load_bps(), "3310", 2025)


def test_typst_text_escapes_markup_characters():
    """Characters with a meaning in Typst are escaped so data cannot change the layout."""
    assert brief.typst_text("#a *b* [c] $d") == "\\#a \\*b\\* \\[c\\] \\$d"


def test_target_text_for_point_and_range(klaten):
    """A point target reads '10,00 %', a range '8,04–8,10 %'."""
    subject = _brief(klaten)
    assert brief.target_text(subject, 10.0, 10.0) == "10,00 %"
    assert brief.target_text(subject, 8.04, 8.10) == "8,04–8,10 %"


def test_trend_section_states_one_pace_with_its_interval(klaten):
    """Klaten: pace -3.94/7 = -0.563 -> '−0,56', window 2015–2025, COVID changes left out."""
    text = brief.trend_section(_brief(klaten)).data
    assert "Laju P0 2015–2025" in text and "−0,56 poin per tahun" in text
    assert "2020–2021 tidak dihitung" in text
    assert "tidak berbeda nyata" in text
    assert "lebih cepat" not in text and "lebih lambat" not in text
    assert "Sejak 2021" not in text


def test_trend_section_states_rank_interval_and_rse_rule(klaten):
    """The rank comes with its interval and the approximate RSE is named as an approximation."""
    text = brief.trend_section(_brief(klaten)).data
    assert f"peringkat IK 95 % {klaten.rank_low}–{klaten.rank_high}" in text
    assert "RSE 5 % (perkiraan" in text


def test_thin_series_states_no_pace_and_a_reason(klaten):
    """A regency with no pace gets no 'turun lebih lambat' or 'laju', and the reason."""
    thin = klaten.model_copy(
        update={
            "pace_regency": None,
            "pace_verdict": None,
            "pace_reason": "too_few_changes",
            "pace_n_changes": 0,
            "quadrant": "no_pace",
        }
    )
    subject = _brief(thin)
    text = brief.trend_section(subject).data
    assert "Laju dan tren tidak dinyatakan: hanya 0 perubahan" in text
    assert "lebih lambat" not in text and "lebih cepat" not in text
    box = brief.key_figures(subject).data
    assert "tidak dihitung" in box


def test_box_and_messages_show_the_same_pace(klaten):
    """The box's pace and message 1's pace are the one trend pace (−0,56) with one verdict."""
    subject = _brief(klaten)
    box = brief.key_figures(subject).data
    messages = brief.key_messages(subject).data
    assert "−0,56 poin" in box and "−0,56 poin/tahun" in messages
    assert "tidak berbeda nyata" in box and "tidak berbeda nyata" in messages
    assert brief.typst_text(f"{klaten.rank} / {klaten.rank_of}") in box


def _impact(low, high, simulated=False, pretrend="no_evidence_of_pre_trends"):
    overall = SimpleNamespace(estimate=(low + high) / 2, ci_low=low, ci_high=high)
    desil1 = SimpleNamespace(overall=overall, pretrend=SimpleNamespace(verdict=pretrend))
    return SimpleNamespace(
        is_simulated=simulated,
        estimated=True,
        outcomes={"desil1": desil1},
        village_meta=SimpleNamespace(source_name="ekspor P3KE"),
    )


def test_box_withholds_the_effect_the_messages_withhold(klaten):
    """Interval −2,4 s.d. −0,6 with a pre-trend: no figure in the box, no effect in messages."""
    subject = _brief(klaten, impact=_impact(-2.4, -0.6, pretrend="pre_trends_detected"))
    box = brief.key_figures(subject).data
    messages = brief.key_messages(subject).data
    assert "−1,5" not in box and "ditahan" in box
    assert "belum dapat dipastikan" in messages


def test_box_shows_the_effect_the_messages_state(klaten):
    """Interval −2,6 s.d. −0,6 without pre-trend: the box shows −1,6 and the message says so."""
    subject = _brief(klaten, impact=_impact(-2.6, -0.6))
    box = brief.key_figures(subject).data
    messages = brief.key_messages(subject).data
    assert "−1,6 poin" in box and "turun 1,6 poin" in messages


def test_simulated_village_data_put_no_village_figure_on_page_one(klaten):
    """SIMULASI impact: no impact figure in the box or the messages; one own-register message."""
    subject = _brief(klaten, impact=_impact(-2.6, -0.6, simulated=True))
    box = brief.key_figures(subject).data
    messages = brief.key_messages(subject).data
    assert "−1,6" not in box and "Dampak program" not in box
    assert "−1,6" not in messages and "turun 1,6" not in messages
    assert messages.count("register desa kabupaten sendiri") == 1


# --------------------------------------------------------------------------------------------
# Agreement of box and messages on real stage results (slow: runs the stages)
# --------------------------------------------------------------------------------------------

PARAMS_REGENCIES = ["klaten", "pekalongan", "jombang"]
OTHER_REGENCIES = [
    "cilacap",
    "boyolali",
    "wonogiri",
    "grobogan",
    "kudus",
    "kota-surakarta",
    "kota-semarang",
    "brebes",
    "kota-surabaya",
    "sidoarjo",
]
VERDICT_WORDS = {
    "same": "tidak berbeda nyata",
    "faster": "lebih cepat",
    "slower": "lebih lambat",
}


def _stage_results(regency, tmp_path_factory):
    from analysis import build, forecast, impact, pockets

    context = build.start(regency, str(tmp_path_factory.mktemp(regency)))
    bps = data.load_bps()
    trend_result = trend.summarize(bps, context.params.kode_bps, context.params.latest_data_year)
    forecast_result = forecast.run(context)
    pockets_result = pockets.run(context) if regency in PARAMS_REGENCIES else None
    impact_result = impact.run(context)
    return context, trend_result, forecast_result, pockets_result, impact_result


def _check_agreement(subject):
    from analysis.brief import decisions

    decided = decisions.for_brief(subject)
    box = brief.key_figures(subject).data
    messages = brief.key_messages(subject).data
    section = brief.trend_section(subject).data
    pace = decided.pace
    first = messages.split("\n")[2]  # "1. **headline** detail"
    headline = first.split("**")[1]
    label = Labels("id")
    if pace.verdict is not None:
        word = VERDICT_WORDS[pace.verdict]
        others = [w for v, w in VERDICT_WORDS.items() if v != pace.verdict]
        assert word in headline and not any(w in headline for w in others), headline
        assert label(f"trend_verdict_{pace.verdict}") in section
        for verdict in set(VERDICT_WORDS) - {pace.verdict}:
            assert label(f"trend_verdict_{verdict}") not in section
        assert label(f"kf_pace_{pace.verdict}") in box
        value = f"{pace.regency:.2f}".replace(".", ",").replace("-", "−")
        assert value in box and value in first and value in section
    else:
        assert "lebih cepat" not in headline and "lebih lambat" not in headline
    impact = decided.impact
    if decided.villages.simulated:
        assert "Dampak program" not in box and "Desa prioritas" not in box
        city = subject.context.params.name.startswith("Kota ")
        own = "register kelurahan kota sendiri" if city else "register desa kabupaten sendiri"
        assert messages.count(own) == 1
        for claim in ("desa prioritas turun", "kelurahan prioritas turun"):
            assert claim not in messages
    elif impact is not None and impact.verdict in ("effect", "no_effect", "withheld_pretrend"):
        claims = "desa prioritas turun" in messages or "kelurahan prioritas turun" in messages
        assert claims == impact.shows_figure
        if not impact.shows_figure:
            assert "belum dapat dipastikan" in messages


@pytest.mark.slow
@pytest.mark.parametrize("regency", PARAMS_REGENCIES + OTHER_REGENCIES)
def test_box_and_messages_agree_on_real_results(regency, tmp_path_factory):
    """On real stage results the box and the messages state one pace, one verdict and no village
    finding from SIMULASI data; with the same results taken as the user's own data, the box
    shows an impact figure exactly when a message states an effect."""
    context, trend_result, forecast_result, pockets_result, impact_result = _stage_results(
        regency, tmp_path_factory
    )
    subject = _brief(trend_result, forecast_result, pockets_result, impact_result)
    subject.context.params = context.params
    _check_agreement(subject)
    own = impact_result.model_copy(update={"is_simulated": False})
    own_pockets = (
        pockets_result.model_copy(update={"is_simulated": False}) if pockets_result else None
    )
    subject = _brief(trend_result, forecast_result, own_pockets, own)
    subject.context.params = context.params
    _check_agreement(subject)


def test_klaten_table_2_shows_the_first_villages_in_selection_order(klaten):
    """Table 2 lists selections #1..#12 in that order (none skipped), as its caption says."""
    import re

    from test_pockets_helpers import klaten_results

    from analysis.brief import villages

    pockets = klaten_results()
    subject = _brief(klaten, pockets=pockets)
    subject.context.annex_name = "lampiran.xlsx"
    table = villages._villages_table(subject)
    by_order = {village.selection_order: village for village in pockets.priority_villages}
    expected = [by_order[order].village_code for order in range(1, villages.VILLAGES_SHOWN + 1)]
    # Village codes in the table, in row order (escaped dots: "33\.10..." is not used by Typst).
    shown = re.findall(r"\[(\d\d\.\d\d\.\d\d\.\d{4})\]", table)
    assert shown == expected
    orders = re.findall(r"\n    \[(\d+)\]", table)
    assert orders == [str(order) for order in range(1, villages.VILLAGES_SHOWN + 1)]
    assert f"{villages.VILLAGES_SHOWN} desa prioritas pertama menurut urutan pemilihan" in table


def test_key_figure_names_a_trust_grade_below_a(klaten):
    """A P0 of trust grade C is not called a BPS figure; grade A is."""
    subject = _brief(klaten)
    subject.provenance = SimpleNamespace(trust={"p0_persen:2025": "C"})
    box = brief.key_figures(subject).data
    assert "tingkat C" in box and "angka BPS, tanpa interval" not in box
    subject.provenance = SimpleNamespace(trust={"p0_persen:2025": "A"})
    box = brief.key_figures(subject).data
    assert "angka BPS, tanpa interval" in box and "tingkat C" not in box


def test_old_data_are_said_plainly_on_the_first_page(klaten):
    """Newest P0 2025 with a meeting in 2027: the box warns and the title block says so."""
    subject = _brief(klaten)
    assert "perbarui data" not in brief.key_figures(subject).data
    subject.context.params.meeting_date = dt.date(2027, 3, 1)
    assert "Data terbaru: Maret 2025; BPS telah merilis angka lebih baru" in (
        brief.key_figures(subject).data
    )


def test_missing_province_figure_is_said_in_words_not_as_a_dash():
    """Nduga 2024 (Papua Pegunungan has no P0 that year): the sentence says the figure is
    missing and prints no '(—)' after the province name."""
    nduga = trend.summarize(data.load_bps(), "9701", 2024)
    assert nduga.province_p0_latest is None  # the premise: no Papua Pegunungan P0 for 2024
    text = brief.trend_section(_brief(nduga)).data
    assert "angka Papua Pegunungan tahun itu belum tersedia" in text
    assert "(—)" not in text


def test_user_file_label_is_shown_in_the_brief_language(klaten):
    """The project's label for a user's village file reads in Indonesian in an Indonesian brief;
    a validated register name ('P3KE 2023') is shown as it is."""
    from analysis.brief.summary import source_display
    from analysis.schema import USER_FILE_LABEL

    assert source_display(_brief(klaten), USER_FILE_LABEL) == "berkas desa pengguna"
    assert source_display(_brief(klaten, lang="en"), USER_FILE_LABEL) == "user's village file"
    assert source_display(_brief(klaten), "P3KE 2023") == "P3KE 2023"
