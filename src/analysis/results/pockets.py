"""Typed results of the pockets stage: ``results/pockets.json``.

Every float of the stage's own results is published with four decimals (`Rounded(4)`); shares and
percentages are already percent (0-100) when the model is built, except ``selection_frequency``
(a fraction). ``village_meta`` describes the village data (`analysis.villages.load_panel`) and is
published unrounded, as the generator wrote it. Nested models cover what the brief and the annex
read; field order follows the stage's tables, so the annex's rule card lists its rows in order.
"""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import BaseModel, model_serializer

from analysis.results import Plain, ResultModel, Rounded

Float4 = Rounded(4)


class _Part(BaseModel):
    """A nested part of the results: unknown fields refused, immutable once built."""

    model_config = ResultModel.model_config


class Village(_Part):
    """One village of the priority list (shares and EB interval in percent)."""

    village_code: str
    village_name: str
    kecamatan_code: str
    kecamatan_name: str
    families: int
    families_desil1: int
    families_desil1_4: int
    share_desil1: Float4
    eb_share: Float4
    eb_low: Float4
    eb_high: Float4
    rank_mass: int
    rank_eb: int
    rank_eb_low: int
    rank_eb_high: int
    deprivation_index: Float4
    rank_index: int
    rank_index_low: int
    rank_index_high: int
    rank_index_loio_min: int
    rank_index_loio_max: int
    selection_frequency: Float4
    entered_by: str
    selection_order: int
    share_rtlh: Float4
    share_no_electricity: Float4
    share_no_water: Float4
    share_no_latrine: Float4
    share_stunting_risk: Float4
    share_child_out_of_school: Float4
    share_disability: Float4
    share_not_working: Float4
    cluster: str | None = None  # local Moran cluster; only with spatial clustering

    @model_serializer(mode="wrap")
    def _without_absent_cluster(self, handler):
        # Without spatial clustering the village has no cluster key at all (not a null).
        data = handler(self)
        if data.get("cluster") is None:
            data.pop("cluster", None)
        return data


class KecamatanGroup(_Part):
    """Top priority villages of one kecamatan, as the brief's table groups them."""

    kecamatan_code: str
    kecamatan_name: str
    n_priority_in_kecamatan: int
    villages: list[Village]


class Kecamatan(_Part):
    """Priority villages and desil-1 families of one kecamatan."""

    kecamatan_code: str
    kecamatan_name: str
    n_villages: int
    n_priority: int
    families: int
    families_desil1: int
    desil1_in_priority: int
    families_in_priority: int
    pct_villages_priority: Float4
    pct_desil1_in_priority: Float4
    pct_of_regency_priority: Float4


class ProfileRow(_Part):
    """Share of families (%) with one deprivation in priority and other villages."""

    indicator: str
    priority: Float4
    priority_low: Float4
    priority_high: Float4
    other: Float4
    other_low: Float4
    other_high: Float4
    ratio: Float4


class EbPrior(_Part):
    """The fitted beta prior of the EB shares (mean in percent)."""

    alpha: Float4
    beta: Float4
    mean_pct: Float4
    phi: Float4
    method: str


class RuleCard(_Part):
    """Inputs, thresholds, tie-breaks and realised cut-offs of the priority rule."""

    rule_name: str
    version: str
    year: int
    data_sources: list[str]
    n_villages: int
    n_priority: int
    n_priority_basis: str
    inputs: list[str]
    mass_lens: str
    intensity_lens: str
    deprivation_index: str
    weights: dict[str, Float4]
    index_threshold: Float4
    eligibility: str
    selection: str
    tie_breaks: list[str]
    n_entered_by_mass: int
    n_entered_by_intensity: int
    cutoff_mass_families: int | None
    cutoff_eb_share_pct: Float4
    eb_prior: EbPrior
    interval_level: Float4
    intervals: str
    n_boot: int
    seed: int
    median_selection_frequency_priority: Float4
    n_priority_stable_90: int
    dropped_no_families: list[str]
    is_simulated: bool


class LokusAgreement(_Part):
    """Agreement of the selection with the complete lokus list of the data's year."""

    n_selected: int
    n_reference: int
    n_both: int
    share_of_reference_selected: Float4
    complete_reference: bool
    jaccard: Float4
    cohen_kappa: Float4
    share_of_reference_selected_interval: list[Float4]
    cohen_kappa_interval: list[Float4]
    interval_note: str
    reference: str


class PublishedAgreement(_Part):
    """Share of one year's published (named, partial) lokus villages that the rule selects."""

    n_selected: int
    n_reference: int
    n_both: int
    share_of_reference_selected: Float4
    complete_reference: bool
    jaccard: Float4
    cohen_kappa: Float4
    published_year: int
    not_selected: list[str]


class Agreement(_Part):
    """Agreement with the data's lokus list and with the published named lokus villages."""

    panel_lokus: LokusAgreement | None
    published_named: list[PublishedAgreement] | None


class Alternative(_Part):
    """One alternative rule compared with the main rule."""

    rule: str
    description: str
    n_enter: int
    n_leave: int
    jaccard: Float4


class SensitivityRow(_Part):
    """A village selected by some rules but not all."""

    village_code: str
    village_name: str
    kecamatan_name: str
    priority: bool
    alt_mass: bool
    alt_intensity: bool
    alt_deprivation: bool
    n_rules: int


class Sensitivity(_Part):
    """How the priority list changes under the alternative rules."""

    alternatives: list[Alternative]
    n_changing: int
    n_stable_core: int
    villages: list[SensitivityRow]


class SpatialSkipped(_Part):
    """No spatial clustering: no coordinates or boundaries were supplied."""

    done: Literal[False]
    reason: str


class Hotspot(_Part):
    """A village in a hot spot (HH cluster) of the EB desil-1 share."""

    village_code: str
    village_name: str
    kecamatan_name: str
    priority: bool


class SpatialClusters(_Part):
    """Local Moran clusters of the EB desil-1 share."""

    done: Literal[True]
    variable: str
    method: str
    permutations: int
    neighbours: str
    n_islands: int
    counts: dict[str, int]
    hotspots: list[Hotspot]
    n_priority_in_hotspots: int


class VillageMeta(_Part):
    """Where the village data come from (`analysis.villages.load_panel`), unrounded."""

    is_simulated: bool | None
    seed: int | None
    years: list[int] | None
    calibration: Plain
    source_name: str | None


class PocketsResults(ResultModel):
    """Everything the brief and the annex need from the pockets stage."""

    STAGE: ClassVar[str] = "pockets"

    is_simulated: bool
    label: str | None
    year: int
    n_villages: int
    n_kecamatan: int
    n_priority: int
    n_kecamatan_with_priority: int
    n_families: int
    n_desil1: int
    desil1_share_pct: Float4
    desil1_in_priority: int
    pct_desil1_in_priority: Float4
    rule_card: RuleCard
    priority_villages: list[Village]
    top_by_kecamatan: list[KecamatanGroup]
    kecamatan_concentration: list[Kecamatan]
    deprivation_profile: list[ProfileRow]
    agreement: Agreement
    sensitivity: Sensitivity
    spatial: SpatialSkipped | SpatialClusters
    notes: list[str]
    village_meta: VillageMeta
    kecamatan_shown: int
