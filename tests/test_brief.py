"""Brief content: escaping for Typst and sections written from stage results."""

import datetime as dt
from types import SimpleNamespace

from analysis import brief
from analysis.labels import Labels


def _brief(results, target=None, lang="id"):
    params = SimpleNamespace(
        name="Kabupaten Contoh",
        target=target,
        target_year=2026,
        target_note="tidak ada dokumen",
        regency="contoh",
        meeting_date=dt.date(2025, 11, 27),
    )
    context = SimpleNamespace(params=params, lang=lang, labels=Labels(lang))
    return brief.Brief(context, results, {"commit_short": "abc1234", "dirty": False})


FORECAST = {
    "target_year": 2026,
    "horizons": [
        {"year": 2026, "median": 10.36, "lo80": 9.68, "hi80": 11.07, "lo95": 9.40, "hi95": 11.40}
    ],
    "prob_meet_target": None,
    "prob_reason": "no target given",
    "realistic_range": {"year": 2026, "low": 9.97, "high": 10.36},
}


def test_typst_text_escapes_markup_characters():
    """Characters with a meaning in Typst are escaped so data cannot change the layout."""
    assert brief.typst_text("#a *b* [c] $d") == "\\#a \\*b\\* \\[c\\] \\$d"


def test_forecast_section_without_target_says_so_and_gives_the_range():
    """Without a target the section says 'Target 2026 belum ditetapkan' and the realistic range."""
    text = brief.forecast_section(_brief({"forecast": FORECAST})).data
    assert "Target 2026 belum ditetapkan" in text
    assert "9,97–10,36 %" in text and "10,36 %" in text and "9,68–11,07" in text


def test_forecast_section_in_english_uses_english_formats():
    """The English brief writes the same numbers the English way."""
    text = brief.forecast_section(_brief({"forecast": FORECAST}, lang="en")).data
    assert "No 2026 target set yet" in text and "10.36%" in text


def test_target_text_for_point_and_range():
    """A point target reads '10,00 %', a range '8,04–8,10 %'."""
    subject = _brief({})
    assert brief.target_text(subject, 10.0, 10.0) == "10,00 %"
    assert brief.target_text(subject, 8.04, 8.10) == "8,04–8,10 %"
