"""What the brief says about the forecast: every probability and coverage in the forecast section,
the method notes and the key message is the one the typed result computed."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest

from analysis import fmt, keymessages
from analysis import forecast as fc
from analysis.brief.document import Brief
from analysis.brief.sections import backtest_notes, forecast_section
from analysis.labels import Labels


@pytest.fixture(scope="module")
def klaten(bps):
    """Klaten's published forecast (no target), from the real BPS table."""
    return fc.forecast_regency(bps, "3310", target_year=2026).to_results()


def _brief(forecast, lang="id", target=None):
    params = SimpleNamespace(
        name="Kabupaten Klaten",
        target=target,
        target_year=2026,
        target_note="tidak ada dokumen",
    )
    context = SimpleNamespace(params=params, lang=lang, labels=Labels(lang))
    trend = SimpleNamespace(province_name="Jawa Tengah")
    return Brief(context, trend, forecast, None, None, None)


def _percent(value, lang="id"):
    return fmt.percent(100 * value, 0, lang)


def test_realistic_range_prints_the_computed_chances(klaten):
    """The realistic range reads 'peluang tercapai 25–50 %' from the result, never 50–75 %."""
    realistic = klaten.realistic_range
    assert (realistic.p_low, realistic.p_high) == (pytest.approx(0.25), pytest.approx(0.5))
    text = forecast_section(_brief(klaten)).data
    assert "peluang tercapai 25–50 %" in text
    assert "50–75" not in text and "50-75" not in text
    english = forecast_section(_brief(klaten, "en")).data
    assert "(25–50% chance of being met" in english


def test_forecast_section_states_the_honest_coverage(klaten):
    """The section says what coverage the bands had in the honest evaluation, from the result."""
    overall = klaten.evaluation.row("combination")
    years = [
        row
        for row in klaten.evaluation.by_year
        if row.model == "combination" and row.target_year and row.n_forecasts >= 5
    ]
    worst = min(years, key=lambda row: row.coverage80)
    text = forecast_section(_brief(klaten)).data
    expected = (
        f"pita 80 % memuat {_percent(overall.coverage80)} nilai aktual (terendah "
        f"{_percent(worst.coverage80)}, pada {worst.target_year}) dan pita 95 % memuat "
        f"{_percent(overall.coverage95)}"
    )
    assert expected in text


def test_too_narrow_bands_are_said_so(klaten):
    """Below 70 % honest coverage of the 80 % band, or below 88 % of the 95 % band, the section
    says the bands were too narrow; 80 % and 97 % is not called narrow."""

    def with_coverage(coverage80, coverage95):
        rows = [
            row.model_copy(update={"coverage80": coverage80, "coverage95": coverage95})
            if row.model == "combination"
            else row
            for row in klaten.evaluation.by_year
        ]
        evaluation = klaten.evaluation.model_copy(update={"by_year": rows})
        return forecast_section(_brief(klaten.model_copy(update={"evaluation": evaluation}))).data

    assert "terlalu sempit" in with_coverage(0.6, 0.97)
    assert "terlalu sempit" in with_coverage(0.8, 0.84)
    assert "terlalu sempit" not in with_coverage(0.8, 0.97)


def test_method_notes_show_only_the_honest_table(klaten):
    """Every percentage in the method notes is a coverage of the result's honest evaluation."""
    notes = backtest_notes(_brief(klaten))
    published = {
        _percent(getattr(row, column))
        for row in klaten.evaluation.by_year
        for column in ("coverage80", "coverage95")
    }
    cells = re.findall(r"\[(\d+ %)\]", notes)
    assert cells and set(cells) <= published
    assert "Uji mundur (rolling origin)" in notes and "Tren linear" in notes
    assert "tanpa galat kabupaten itu sendiri" not in notes  # the old leave-one-out wording
    assert "«Kombinasi» = Gabungan provinsi (dipilih dengan uji mundur Jawa Tengah)" in notes
    chosen = backtest_notes(_brief(klaten.model_copy(update={"models_default": False})))
    assert "(dipilih di berkas parameter)" in chosen


def test_key_message_gives_the_realistic_chances(klaten):
    """Without a target, the key message's realistic range carries the computed 25–50 % chance."""
    message = keymessages.forecast_target(klaten, SimpleNamespace(target=None), Labels("id"))
    assert "peluang tercapai 25–50 %" in message.headline and "(" not in message.headline
    assert fmt.number(klaten.realistic_range.low, 2, "id") in message.headline
