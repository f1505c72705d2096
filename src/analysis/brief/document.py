"""The brief's inputs and document metadata: the typed results of every stage, loaded once."""

from __future__ import annotations

import json
from dataclasses import dataclass

from IPython.display import Markdown

from analysis import fmt, results
from analysis.build import Context
from analysis.results.forecast import ForecastResults
from analysis.results.impact import ImpactResults
from analysis.results.pockets import PocketsResults
from analysis.results.provenance import Provenance
from analysis.results.trend import TrendResults


@dataclass
class Brief:
    """The results of every stage and the build's provenance, loaded once for the brief notebook."""

    context: Context
    trend: TrendResults
    forecast: ForecastResults | None
    pockets: PocketsResults | None
    impact: ImpactResults | None
    provenance: Provenance

    @property
    def lang(self) -> str:
        """Language of the brief."""
        return self.context.lang

    @property
    def params(self):
        """The validated parameters of the build."""
        return self.context.params

    def label(self, key: str, **fields) -> str:
        """Catalogue text in the brief's language."""
        return self.context.labels(key, **fields)


def _optional(context: Context, model_class):
    """A stage's results, or None when that stage did not run (e.g. a partial scratch run)."""
    if not context.result_path(model_class.STAGE).exists():
        return None
    return results.load(context, model_class)


def load(context: Context, provenance: Provenance) -> Brief:
    """Read every stage's results from the build folder, with the build's provenance."""
    return Brief(
        context=context,
        trend=results.load(context, TrendResults),
        forecast=_optional(context, ForecastResults),
        pockets=_optional(context, PocketsResults),
        impact=_optional(context, ImpactResults),
        provenance=provenance,
    )


def metadata(brief: Brief) -> dict:
    """Return the document metadata both renderers pass to the Typst template."""
    params = brief.context.params
    trend = brief.trend
    label = brief.label
    date = params.meeting_date
    return {
        "org": label("org", name=params.name),
        "title": label("title"),
        "subtitle": label(
            "subtitle", name=params.name, year=trend.latest_year, target_year=params.target_year
        ),
        "date": fmt.date(date, brief.lang),
        # Data older than the year before the meeting say so in the title block and header.
        "vintage": label(
            "vintage_old" if trend.latest_year < date.year - 1 else "vintage",
            year=trend.latest_year,
        ),
        "header-left": label("header_left", name=params.name),
        "footer": label("footer", commit=brief.provenance.git.commit_short),
        "lang": brief.lang,
        "doc-date": f"year: {date.year}, month: {date.month}, day: {date.day}",
    }


def front_matter(brief: Brief) -> Markdown:
    """YAML front matter carrying the metadata (pandoc reads it; the Quarto path passes the same
    values as a metadata file)."""
    values = metadata(brief)
    lines = ["---"]
    for key, value in values.items():
        lines.append(f"{key}: {json.dumps(value, ensure_ascii=False)}")
    lines.append("---")
    return Markdown("\n".join(lines))
