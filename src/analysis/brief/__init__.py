"""Assemble the brief's content from the stage results, in the brief's language.

Every function returns Markdown (with raw Typst blocks for layout elements such as the key-figures
box) that the brief notebook displays; rendering turns those outputs into the PDF. The brief reads
the typed stage results (`analysis.results`) and the build's provenance only: it imports no stage
module and no raw-data loader. No number is written here without coming from a result, and every
number is formatted by `analysis.fmt`.
"""

from analysis.brief.document import Brief, front_matter, load, metadata
from analysis.brief.interventions import interventions_section
from analysis.brief.notes import appendix_section, notes_section
from analysis.brief.sections import backtest_notes, forecast_section, trend_section
from analysis.brief.summary import key_figures, key_messages, probability, section, target_text
from analysis.brief.typst import raw_typst, typst_table, typst_text
from analysis.brief.villages import impact_section, pockets_section

__all__ = [
    "interventions_section",
    "Brief",
    "appendix_section",
    "backtest_notes",
    "forecast_section",
    "front_matter",
    "impact_section",
    "key_figures",
    "key_messages",
    "load",
    "metadata",
    "notes_section",
    "pockets_section",
    "probability",
    "raw_typst",
    "section",
    "target_text",
    "trend_section",
    "typst_table",
    "typst_text",
]
