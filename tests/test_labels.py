"""The message catalogue covers both languages alike."""

from analysis import labels


def test_both_languages_have_the_same_keys():
    """Indonesian and English define exactly the same message keys."""
    assert set(labels.CATALOGUE["id"]) == set(labels.CATALOGUE["en"])


def test_both_languages_use_the_same_placeholders():
    """Each message fills the same fields in both languages, so one call serves both."""
    for key, text in labels.CATALOGUE["id"].items():
        assert labels.placeholders(text) == labels.placeholders(labels.CATALOGUE["en"][key]), key


def test_labels_fill_fields():
    """A bound catalogue formats its fields."""
    assert labels.Labels("en")("kf_p0", year=2025) == "P0 2025"


def test_annex_labels_cover_the_same_keys():
    """The XLSX annex has an Indonesian text for every English one, with the same fields."""
    indonesian, english = labels.annex_labels("id"), labels.annex_labels("en")
    assert set(indonesian) == set(english)
    for key in english:
        assert labels.placeholders(indonesian[key]) == labels.placeholders(english[key]), key
