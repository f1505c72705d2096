"""One language per brief: the PDF text and the XLSX annex hold no word of the other language.

The forbidden words are those the catalogue uses ONLY on the other language's side (English
words that never occur in any Indonesian text, and the reverse), so shared words — "P0",
"SIMULASI", "bootstrap", "TWFE", "Indonesia" — never trip the test. Names that come from the
data (regency, province, kecamatan and villages, titles of the BPS sources quoted verbatim) are
removed from the text first: they are not the brief's own words.
"""

from __future__ import annotations

import re
import string

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from analysis import labels

PUNCTUATION = string.punctuation + "«»“”‘’—–…×≥≤→·•−"


def words(text: str) -> set[str]:
    """Lower-case words of three letters or more (tokens with digits, '/', '-' or '_' are codes
    or compounds, not words of a language)."""
    found = set()
    for token in text.split():
        token = token.strip(PUNCTUATION)
        if len(token) >= 3 and token.isalpha():
            found.add(token.lower())
    return found


def message_keys() -> set[str]:
    """Keys of error messages: printed on the terminal, never in a brief; they quote column
    names such as 'year' in both languages, so their words say nothing about the brief's."""
    from analysis.labels import parts_err_data, parts_err_files, parts_err_stages

    parts = (parts_err_data, parts_err_files, parts_err_stages)
    keys = {key for part in parts for key in part.TEXT["id"]}
    return keys | {key for key in labels.CATALOGUE["id"] if key.startswith("reg_err")}


def catalogue_words(lang: str) -> set[str]:
    """Every word of the brief's and annex's catalogue texts in one language, fields removed."""
    skipped = message_keys()
    brief = [text for key, text in labels.CATALOGUE[lang].items() if key not in skipped]
    texts = [*brief, *labels.annex_labels(lang).values()]
    found = set()
    for text in texts:
        found |= words(re.sub(r"\{[^{}]*\}", " ", text))
    return found


def foreign_words(lang: str) -> set[str]:
    """Words that only the other language's side of the catalogue uses."""
    other = "en" if lang == "id" else "id"
    return catalogue_words(other) - catalogue_words(lang)


def foreign_in(text: str, lang: str, names: list[str] = ()) -> set[str]:
    """The other language's words in ``text``, after removing the data's names."""
    flat = " ".join(text.split())
    for name in sorted(names, key=len, reverse=True):
        # Case-insensitive: the title block prints the organisation line in capitals.
        flat = re.sub(re.escape(" ".join(name.split())), " ", flat, flags=re.IGNORECASE)
    return words(flat) & foreign_words(lang)


def test_forbidden_lists_are_substantial_and_exclude_shared_words():
    """Each side has many words of its own; words both sides use are never forbidden."""
    english, indonesian = foreign_words("id"), foreign_words("en")
    assert {"the", "and", "village", "evidence", "level", "year"} <= english
    assert {"dan", "desa", "yang", "tahun", "tidak"} <= indonesian
    for shared in ("simulasi", "bootstrap", "twfe", "indonesia", "kecamatan"):
        assert shared not in english and shared not in indonesian


def test_planted_english_words_are_found_in_indonesian_text():
    """The issue's sentence in an Indonesian brief fails the test; the fixed one passes."""
    bad = "Daya uji terbatas: No evidence at the 95% level … p = 0.453 (no 2026 P0 target)."
    assert {"evidence", "the", "level", "target"} & foreign_in(bad, "id")
    good = labels.text("caveat_limited", "id", n_pre=2, n_treated=11, n_clusters=5)
    assert foreign_in(good, "id") == set()
    assert foreign_in("81 of 401 villages; SIMULASI, P0 2025", "en") == set()
    assert "desa" in foreign_in("81 of 401 desa", "en")


def test_names_from_the_data_are_not_words_of_the_brief():
    """A village named like a word of the other language is removed as a name, not flagged."""
    text = "Desa prioritas: Sumber Rejo, Kecamatan Trucuk."
    assert foreign_in("Kabupaten Klaten, year 2025", "en", ["Kabupaten Klaten"]) == set()
    assert foreign_in(text, "id", ["Sumber Rejo"]) == set()


def test_plural_forms_in_english():
    """English says "1 year" and "2 years"; Indonesian has one form."""
    assert labels.text("years_one", "en", n=1) == "1 year"
    assert labels.text("years_many", "en", n=2) == "2 years"
    assert labels.text("years_one", "id", n=1) == "1 tahun"
    for lang in ("id", "en"):
        assert not any("(s)" in value for value in labels.CATALOGUE[lang].values())


# Three regencies (a city among them, one with old data) in Indonesian, Klaten in English.
BUILDS = [("klaten", "id"), ("kota-surakarta", "id"), ("sampang", "id"), ("klaten", "en")]
BRIEF_PARTS = (
    "front_matter",
    "key_figures",
    "key_messages",
    "trend_section",
    "forecast_section",
    "pockets_section",
    "impact_section",
    "notes_section",
    "appendix_section",
)


def _render(context):
    """Assemble and render the brief as the brief notebook and `analysis.render` do (the same
    functions, called in the notebook's order); return its text and the annex's text."""
    from analysis import brief, pockets, provenance, render

    subject = brief.load(context, provenance.ensure(context))
    markdown = "\n\n".join(getattr(brief, part)(subject).data for part in BRIEF_PARTS)
    source = context.output_dir / "brief.typ"
    source.write_text(render.markdown_to_typst(markdown), encoding="utf-8")
    pdf = render.compile_typst(source, context.output_dir / "brief.pdf")
    text = "\f".join(page.extract_text() for page in PdfReader(pdf).pages)
    pockets.write_annex(context, subject.pockets)  # in the context's language
    result = subject.pockets
    names = [context.params.name, context.params.province_name, context.annex_name]
    names += [row.kecamatan_name for row in result.kecamatan_concentration]
    names += [village.village_name for village in result.priority_villages]
    names += [source.sumber for source in subject.provenance.data_sources]
    return text, _xlsx_text(context.annex_path), names


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """Each brief of `BUILDS` built once for this module; the English brief reuses the
    Indonesian build's stage results (they hold no text), so only its rendering is extra."""
    from analysis import build, forecast, impact, pockets, trend

    briefs = {}
    for regency, lang in BUILDS:
        folder = tmp_path_factory.getbasetemp() / f"language-{regency}"
        context = build.start(regency, str(folder), lang)
        if not (folder / "results").exists():
            for stage in (trend, forecast, pockets, impact):
                stage.run(context)
        briefs[(regency, lang)] = _render(context)
    return briefs


def _xlsx_text(path) -> str:
    workbook = load_workbook(path)
    cells = [sheet.title for sheet in workbook.worksheets]
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows(values_only=True):
            cells += [value for value in row if isinstance(value, str)]
    return "\n".join(cells)


@pytest.mark.slow
@pytest.mark.parametrize(("regency", "lang"), BUILDS)
def test_brief_and_annex_speak_one_language(built, regency, lang):
    """No word of the other language's side of the catalogue in the PDF text or the XLSX."""
    text, annex, names = built[(regency, lang)]
    assert foreign_in(text, lang, names) == set()
    assert foreign_in(annex, lang, names) == set()


@pytest.mark.slow
def test_city_brief_says_kelurahan_and_kota(built):
    """Kota Surakarta's brief calls its villages kelurahan and itself a kota."""
    text, annex, names = built[("kota-surakarta", "id")]
    flat = " ".join(text.split()).replace(names[2], "")  # the annex's file name
    assert "kelurahan prioritas" in flat and "keluarga desil 1 kota" in flat
    assert not re.search(r"\bdesa\b", flat)
    assert "Kelurahan prioritas" in annex and not re.search(r"\b[Dd]esa\b", annex)
    assert "desil 1 kabupaten" not in flat


@pytest.mark.slow
def test_body_has_no_file_paths_or_hashes_before_the_appendix(built):
    """Paths, parameter keys and SHA-256 lines appear only on the technical appendix page."""
    for (_regency, lang), (text, _annex, _names) in built.items():
        body, _, appendix = text.partition(labels.text("appendix_title", lang))
        for technical in ("data/raw", "village_data", "SHA-256", "target_resmi.csv", "params/"):
            assert technical not in body
        assert "SHA-256" in appendix


@pytest.mark.slow
def test_recent_data_are_not_flagged_as_old(built):
    """Sampang (newest P0 2024, no params file) is dated December 2025 and, like Klaten (2025),
    is not called out of date; the flagged case is checked in tests/test_brief.py (no regency in
    the national data has its newest P0 before 2024)."""
    sampang = " ".join(built[("sampang", "id")][0].split())
    klaten = " ".join(built[("klaten", "id")][0].split())
    assert "1 Desember 2025" in sampang  # the default meeting date: the newest data year
    assert "evaluasi 2024" in sampang
    for text in (sampang, klaten):
        assert "BPS telah merilis angka lebih baru" not in text
        assert "bukan data terbaru" not in text


@pytest.mark.slow
def test_every_page_with_simulated_village_content_carries_the_banner(built):
    """Each page showing a SIMULASI village table, figure or text has the banner in words."""
    for (_regency, lang), (text, _annex, _names) in built.items():
        banner = labels.text("sim_banner_page", lang)
        pages = [" ".join(page.split()) for page in text.split("\f")]
        village_pages = [
            number for number, page in enumerate(pages, start=1) if "SIMULASI)" in page
        ]
        assert len(village_pages) >= 2
        for number in village_pages:
            assert banner in pages[number - 1], (lang, number)
