"""Poverty pockets: which villages to prioritise, by a transparent rule, and how stable the list is.

Modules
-------
rule
    The village-year frame, the ranking of one year (`rank_villages`), the rule card and the
    alternative rules (sensitivity).
selection
    The deprivation index, ranks and the two-lens rule, vectorised over bootstrap replicates.
bootstrap
    The parametric bootstrap behind the rank intervals and the selection frequency.
eb
    Empirical Bayes desil-1 shares (beta-binomial prior, posterior means and intervals).
ranks
    Ranks with ties along the last axis of the bootstrap's stacks.
spatial
    Neighbours from coordinates, local Moran's I and the spatial summary (optional).
summary
    Agreement with lokus lists, kecamatan concentration, deprivation profile, and the typed
    result (`collect`, `summarize_pockets`).
figures, annex
    The kecamatan chart and the deprivation profile; the XLSX annex.
stage
    The notebook's steps (`rule_inputs`, `analyse`, ..., `save`) and `run`.
"""

from analysis.labels import ANNEX_EN as ANNEX_LABELS
from analysis.labels import INDICATOR_NAMES_EN
from analysis.pockets.annex import write_annex_xlsx
from analysis.pockets.eb import (
    DEFAULT_LEVEL,
    eb_shares,
    fit_beta_prior,
    fit_beta_priors,
    refit_beta_priors,
    shrunk_shares,
)
from analysis.pockets.figures import plot_deprivation_profile, plot_kecamatan_concentration
from analysis.pockets.rule import (
    ALTERNATIVE_RULES,
    DEFAULT_BOOTSTRAP,
    DEFAULT_INDEX_THRESHOLD,
    DEFAULT_PRIORITY_SHARE,
    RULE_VERSION,
    SIMULATED_LABEL,
    Ranking,
    analyse_year,
    compare_rules,
    deprivation_index,
    n_stable_core,
    rank_villages,
    rule_card,
    sensitivity_table,
    village_year,
)
from analysis.pockets.selection import select_priority
from analysis.pockets.spatial import (
    local_clusters,
    local_moran,
    neighbors_from_coordinates,
    spatial_summary,
)
from analysis.pockets.stage import (
    FIGURES,
    RuleInputs,
    analyse,
    boundary_neighbors,
    clusters,
    draw_figures,
    kecamatan_chart,
    profile,
    profile_chart,
    published_lokus,
    rule_inputs,
    run,
    save,
    write_annex,
)
from analysis.pockets.summary import (
    DEFAULT_TOP,
    KECAMATAN_SHOWN,
    VILLAGE_FIELDS,
    agreement,
    collect,
    deprivation_profile,
    kecamatan_concentration,
    lokus_agreement,
    summarize_pockets,
    village_records,
)
from analysis.results.pockets import PocketsResults
from analysis.villages import INDICATORS

__all__ = [
    "ALTERNATIVE_RULES",
    "ANNEX_LABELS",
    "DEFAULT_BOOTSTRAP",
    "DEFAULT_INDEX_THRESHOLD",
    "DEFAULT_LEVEL",
    "DEFAULT_PRIORITY_SHARE",
    "DEFAULT_TOP",
    "INDICATORS",
    "INDICATOR_NAMES_EN",
    "KECAMATAN_SHOWN",
    "RULE_VERSION",
    "SIMULATED_LABEL",
    "VILLAGE_FIELDS",
    "PocketsResults",
    "Ranking",
    "RuleInputs",
    "agreement",
    "analyse",
    "analyse_year",
    "boundary_neighbors",
    "clusters",
    "collect",
    "compare_rules",
    "deprivation_index",
    "deprivation_profile",
    "eb_shares",
    "fit_beta_prior",
    "fit_beta_priors",
    "FIGURES",
    "draw_figures",
    "kecamatan_chart",
    "kecamatan_concentration",
    "local_clusters",
    "local_moran",
    "lokus_agreement",
    "n_stable_core",
    "neighbors_from_coordinates",
    "plot_deprivation_profile",
    "plot_kecamatan_concentration",
    "profile",
    "profile_chart",
    "published_lokus",
    "rank_villages",
    "rule_card",
    "rule_inputs",
    "run",
    "save",
    "select_priority",
    "sensitivity_table",
    "shrunk_shares",
    "refit_beta_priors",
    "spatial_summary",
    "summarize_pockets",
    "village_records",
    "village_year",
    "write_annex",
    "write_annex_xlsx",
]
