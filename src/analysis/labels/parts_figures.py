"""Catalogue texts for figures and rendering: the figure and table supplements of captions.

Merged into `analysis.labels.CATALOGUE` (keys must not repeat another part's); same keys in both
languages, same ``str.format`` fields. The supplements are set explicitly in the Typst template
("Gambar 1", "Tabel 1") because Typst 0.13, the version Quarto 1.7 and 1.8 bundle, has no
Indonesian words for them and would print "Figure" and "Table" in an Indonesian brief.
"""

TEXT: dict[str, dict[str, str]] = {
    "id": {
        "supplement_figure": "Gambar",
        "supplement_table": "Tabel",
    },
    "en": {
        "supplement_figure": "Figure",
        "supplement_table": "Table",
    },
}

ANNEX: dict[str, dict[str, str]] = {
    "id": {},
    "en": {},
}
