"""Catalogue texts of error messages about the user's files (tables, sheets, YAML, maps).

Each message names the file, row, column or field and what was expected, never a personal value;
`analysis.labels.both` gives it in Indonesian and then English. Merged into
`analysis.labels.CATALOGUE` (keys must not repeat another part's); same keys and ``str.format``
fields in both languages.
"""

TEXT: dict[str, dict[str, str]] = {
    "id": {},
    "en": {},
}

ANNEX: dict[str, dict[str, str]] = {
    "id": {},
    "en": {},
}
