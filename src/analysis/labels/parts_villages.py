"""Catalogue texts for the village methods: pockets rule card, impact, simulation banners.

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
