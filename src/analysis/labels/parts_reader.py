"""Catalogue texts for the reader's polish: figure and table texts, notes, XLSX print and language.

Merged into `analysis.labels.CATALOGUE` (keys must not repeat another part's); same keys in both
languages, same ``str.format`` fields.
"""

TEXT: dict[str, dict[str, str]] = {
    "id": {},
    "en": {},
}

ANNEX: dict[str, dict[str, str]] = {
    "id": {},
    "en": {},
}
