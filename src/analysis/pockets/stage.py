"""The pockets stage as notebook steps: inputs, the rule, the results, figures, annex, save.

Each function is one cell of ``notebooks/03-pockets.ipynb``; `run` runs them all in order (for
tests and scripts). The rule's inputs come from the params file (`rule_inputs`); a researcher may
change them in the notebook, and such a run by hand writes to the scratch folder only.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pandas as pd

from analysis import data, figures, labels, paths, results, villages
from analysis.build import Context
from analysis.pockets.annex import write_annex_xlsx
from analysis.pockets.eb import DEFAULT_LEVEL
from analysis.pockets.figures import plot_deprivation_profile, plot_kecamatan_concentration
from analysis.pockets.rule import (
    DEFAULT_BOOTSTRAP,
    DEFAULT_INDEX_THRESHOLD,
    Ranking,
    rank_villages,
    rule_card,
    sensitivity_table,
)
from analysis.pockets.spatial import local_clusters
from analysis.pockets.summary import (
    collect,
    deprivation_profile,
    kecamatan_concentration,
    lokus_agreement,
    shown_kecamatan,
)
from analysis.register.annex import add_intervention_sheets
from analysis.results.pockets import PocketsResults
from analysis.villages import INDICATORS


@dataclasses.dataclass(frozen=True)
class RuleInputs:
    """The inputs of the priority rule (see `analysis.pockets.rank_villages`).

    Attributes
    ----------
    year : int
        Data year of the village panel.
    weights : dict or None
        Indicator weights of the deprivation index (None: equal).
    n_priority : int or None
        N, the number of priority villages (None: the data's lokus count, else 20 %).
    index_threshold : float
        Minimum deprivation index (0-100) for entry through the intensity lens.
    n_boot, seed, level
        Bootstrap replicates, their seed, and the level of every interval.
    """

    year: int
    weights: dict | None = None
    n_priority: int | None = None
    index_threshold: float = DEFAULT_INDEX_THRESHOLD
    n_boot: int = DEFAULT_BOOTSTRAP
    seed: int = 0
    level: float = DEFAULT_LEVEL


def published_lokus(context: Context) -> pd.DataFrame | None:
    """The published named lokus villages of this regency (`analysis.data.load_lokus`), or None."""
    lokus = data.load_lokus()
    own = lokus["kode_desa"].str.startswith(data.kemendagri_code(context.params.kode_bps) + ".")
    return lokus[own] if own.any() else None


def boundary_neighbors(context: Context) -> dict[str, list[str]] | None:
    """Each village's neighbours from the boundaries the params name, or None without them."""
    params = context.params
    if not params.village_data.boundaries:
        return None
    boundaries = paths.ROOT / params.village_data.boundaries
    return villages.read_boundaries(boundaries, data.load_official_villages(params.kode_bps))


def rule_inputs(context: Context, panel: pd.DataFrame, **changes) -> RuleInputs:
    """The rule's inputs from the params file, with any ``changes`` a researcher makes.

    Parameters
    ----------
    context : Context
    panel : DataFrame
        The village panel; the rule ranks its latest year.
    **changes
        Fields of `RuleInputs` to change, e.g. ``n_priority=60`` or ``weights={...}``.

    Returns
    -------
    RuleInputs
        Year: the panel's latest; weights: the params' deprivation weights; N: the params'
        lokus count; seed: the params' village seed (modulo 2**32, as numpy needs).
    """
    params = context.params
    rule = RuleInputs(
        year=int(panel["year"].max()),
        weights=params.deprivation_weights,
        n_priority=params.village_data.lokus_count,
        seed=params.village_data.seed % (2**32),
    )
    return dataclasses.replace(rule, **changes)


def analyse(panel: pd.DataFrame, rule: RuleInputs) -> Ranking:
    """Both lenses, the deprivation index, the rule and rank intervals for the rule's year."""
    return rank_villages(
        panel,
        rule.year,
        rule.weights,
        rule.n_priority,
        rule.index_threshold,
        rule.n_boot,
        rule.seed,
        rule.level,
    )


def profile(ranking: Ranking) -> pd.DataFrame:
    """The deprivation profile of priority versus other villages, with the rule's settings."""
    return deprivation_profile(ranking.villages, ranking.n_boot, ranking.seed, ranking.level)


def clusters(ranking: Ranking, neighbors: dict[str, list[str]] | None) -> pd.DataFrame | None:
    """Local Moran clusters of the EB share when boundaries give neighbours, else None."""
    return local_clusters(ranking.villages, neighbors=neighbors, seed=ranking.seed)


def kecamatan_chart(context: Context, result: PocketsResults):
    """Draw the kecamatan chart: the kecamatan with most priority villages (`shown_kecamatan`).

    Saved to ``figures/kecamatan.png`` and returned for display.
    """
    label = context.labels
    summary = result.to_json()
    figure = plot_kecamatan_concentration(
        {**summary, "kecamatan_concentration": shown_kecamatan(summary["kecamatan_concentration"])},
        {
            "x": label("axis_villages"),
            "priority": label("legend_priority"),
            "other": label("legend_other"),
            "lang": context.lang,
        },
    )
    return figures.save_figure(figure, context.figure("kecamatan"))


def profile_chart(context: Context, result: PocketsResults):
    """Draw the deprivation profile; saved to ``figures/deprivation_profile.png`` and returned."""
    label = context.labels
    figure = plot_deprivation_profile(
        result,
        {
            "x": label("axis_share_families"),
            "priority": label("legend_priority"),
            "other": label("legend_other"),
            **{name: label(f"ind_{name}") for name in ("desil1", *INDICATORS)},
        },
    )
    return figures.save_figure(figure, context.figure("deprivation_profile"))


def write_annex(context: Context, result: PocketsResults) -> Path:
    """Write the XLSX annex of priority villages in the brief's language.

    Returns
    -------
    Path
        The annex's path inside the build folder (relative, so that a notebook's output is the
        same whichever folder it was built in).
    """
    path = write_annex_xlsx(
        result,
        context.annex_path,
        labels.annex_labels(context.lang, context.params.kode_bps),
        result.is_simulated,
    )
    add_intervention_sheets(context, path)  # one sheet per OPD when the register has them
    return path.relative_to(context.output_dir)


def save(context: Context, result: PocketsResults) -> Path:
    """Write ``results/pockets.json`` (`analysis.results.save`).

    Returns
    -------
    Path
        Its path inside the build folder (relative, as for `write_annex`).
    """
    results.save(context, result)
    return context.result_path(PocketsResults.STAGE).relative_to(context.output_dir)


def run(context: Context) -> PocketsResults:
    """Run every step of the stage, as the notebook does, and return the saved result."""
    panel, meta = villages.load_panel(context)
    published = published_lokus(context)
    neighbors = boundary_neighbors(context)
    rule = rule_inputs(context, panel)
    ranking = analyse(panel, rule)
    result = collect(
        panel,
        meta,
        ranking,
        rule_card(ranking),
        sensitivity_table(ranking.villages),
        lokus_agreement(ranking, published),
        kecamatan_concentration(ranking.villages),
        profile(ranking),
        clusters(ranking, neighbors),
    )
    draw_figures(context, result)
    write_annex(context, result)
    save(context, result)
    return result


# Every figure of the pockets stage; the brief places them.
FIGURES = (kecamatan_chart, profile_chart)


def draw_figures(context, result):
    """Draw, save and show every pockets figure (`FIGURES`)."""
    from analysis import figures

    return figures.draw_all(FIGURES, context, result)
