"""The impact stage's results (``results/impact.json``): effects on priority villages per outcome.

Values are published at full precision (the brief rounds when it formats them); non-finite values
(an interval the bootstrap cannot bound, a test that could not run) are ``null``. Each outcome
holds what `analysis.impact.ImpactResult.to_dict` gives, without the group-time cells.
"""

from __future__ import annotations

from typing import ClassVar

from pydantic import BaseModel, ConfigDict, Field

from analysis.results import ResultModel, Rounded

Exact = Rounded(None)  # estimates, standard errors, intervals and p-values, unrounded


class _Part(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Estimate(_Part):
    """An effect in the outcome's units (percentage points) with its interval and p-value."""

    estimate: Exact = None
    se: Exact = None
    ci_low: Exact = None
    ci_high: Exact = None
    p_value: Exact = None


class CohortEffect(Estimate):
    """The average effect of one cohort (villages first priority in the same year)."""

    cohort: int | float
    n_units: int
    n_periods: int


class EventTimeEffect(Estimate):
    """The effect ``event_time`` periods after first treatment; the base period is the reference
    (estimate 0, no interval)."""

    event_time: int
    n_cohorts: int
    n_units: int
    reference: bool


class PreTrend(_Part):
    """The Wald pre-test of all pre-period ATT(g, t) (as in the did package), its verdict and a
    plain-English statement."""

    statistic: Exact = None
    df: int
    p_value: Exact = None  # chi-square, or wild cluster bootstrap when that is the inference
    p_value_chi2: Exact = None  # the reference's chi-square p-value
    method: str | None = None
    verdict: str  # no_evidence_of_pre_trends, pre_trends_detected or not_testable
    limited: bool  # True when too few pre-periods, treated units or clusters
    n_pre_periods: int
    n_pre_cells: int = 0
    statement: str


class AggregateRow(Estimate):
    """One row of an aggregation's detail: a cohort, an event time or a period."""

    cohort: int | float | None = None
    event_time: int | None = None
    period: int | float | None = None


class Aggregation(_Part):
    """One aggregation of the did package's ``aggte`` (simple, group, dynamic, calendar)."""

    overall: Estimate
    detail: list[AggregateRow]


class InferenceInfo(_Part):
    """How intervals and p-values were computed."""

    method: str  # cluster_robust_t_effective_df or wild_cluster_restricted_bootstrap
    se: str
    ci_level: Exact
    cluster: str
    n_boot: int | None = None
    weights: str | None = None
    seed: int | None = None
    ci: str
    group_time_ci: str
    pretest: str | None = None


class OutcomeEffects(_Part):
    """Staggered difference-in-differences results for one outcome share."""

    outcome: str  # the panel column, e.g. share_desil1
    units: str
    estimator: str
    control_group: str
    inference: InferenceInfo
    n_units: int
    n_treated_units: int
    n_never_treated: int
    n_clusters: int
    n_treated_clusters: int
    periods: list[int | float]
    cohorts: dict[str, int]
    base_period: str
    pre_period_base: str = "universal"  # varying (t against t-1) or universal (against g-1)
    covariate_period: int | float | None = None  # where covariates are measured (no comparison)
    covariates: list[str]
    overall: Estimate
    by_cohort: list[CohortEffect]
    by_event_time: list[EventTimeEffect]
    twfe: Estimate
    pretrend: PreTrend
    notes: list[str]
    aggregations: dict[str, Aggregation] = Field(default_factory=dict)


class VillageMeta(_Part):
    """Where the village panel came from: a user's file, or the generator's seed."""

    source_name: str | None = None
    seed: int | None = None


class ImpactResults(ResultModel):
    """Effects of priority (lokus) status on the share of desil-1 families and each indicator."""

    STAGE: ClassVar[str] = "impact"

    is_simulated: bool
    estimated: bool  # False when the panel has no priority village ("reason" says why)
    base_offset: int
    village_meta: VillageMeta
    # The outcomes studied in the order the brief lists them (JSON objects are sorted by key).
    outcome_order: list[str]
    reason: str | None = None
    outcomes: dict[str, OutcomeEffects] = Field(default_factory=dict)
    # On SIMULASI data: the injected average effect on the desil-1 share (percentage points).
    true_effect_desil1_pp: Exact = None
