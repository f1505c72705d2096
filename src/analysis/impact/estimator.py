"""The staggered difference-in-differences estimator: entry points and the per-sample design.

`estimate_outcomes` validates the panel once (`analysis.impact.panel`), builds one `Design` per
estimation sample (the comparisons of `analysis.impact.design`, the fixed-weight aggregates of
`analysis.impact.aggregation` and the inference of `analysis.impact.inference`) and applies it to
each outcome. The method is described in `analysis.impact`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from analysis.errors import InputError
from analysis.impact import aggregation
from analysis.impact.design import build_cells, build_sample, build_twfe, is_pre
from analysis.impact.inference import (
    DEFAULT_BOOT,
    DEFAULT_SEED,
    FEW_CLUSTERS,
    MIN_CLUSTERS,
    Inference,
)
from analysis.impact.panel import (
    MAX_EXAMPLES,
    EstimatorOptions,
    PanelStructure,
    bilingual,
    choice_message,
    period_label,
    require_columns,
)
from analysis.results import plain


@dataclass
class ImpactResult:
    """Staggered difference-in-differences results for one outcome.

    Attributes
    ----------
    outcome : str
        Outcome column; effects are in its units.
    overall : dict
        ``estimate, se, ci_low, ci_high, p_value`` of the overall ATT: the ``group`` aggregation
        (each cohort's average post-treatment effect, cohorts weighted by size).
    by_cohort : pandas.DataFrame
        One row per cohort: ``cohort, n_units, n_periods, estimate, se, ci_low, ci_high, p_value``.
    by_event_time : pandas.DataFrame
        One row per event time ``e`` (periods since first treatment): ``event_time, estimate, se,
        ci_low, ci_high, p_value, n_cohorts, n_units, reference`` (the ``dynamic`` aggregation,
        estimated cohort-size weights). With ``base_period="universal"``, ``e = -base_offset``
        is the base period (``reference`` True, estimate 0 by construction, no interval); with
        the default ``varying`` base every row is estimated.
    group_time : pandas.DataFrame
        ATT(g, t) cells with analytic cluster-robust intervals: ``cohort, period, event_time,
        estimate, se, ci_low, ci_high, n_treated, n_control``.
    twfe : dict
        Static TWFE benchmark ``estimate, se, ci_low, ci_high, p_value``.
    pretrend : dict
        The Wald pre-test of all pre-period ATT(g, t): ``statistic, df, p_value, p_value_chi2,
        method, verdict, limited, statement, n_pre_periods, n_pre_cells``, where
        ``verdict`` is ``no_evidence_of_pre_trends``, ``pre_trends_detected`` or
        ``not_testable`` and ``limited`` is True when too few pre-periods, treated units or
        clusters make the test say little (``statement`` then says so in plain English).
    aggregations : dict
        ``{kind: {"overall": {...}, "detail": [rows]}}`` for ``simple, group, dynamic,
        calendar`` (see `aggregate`).
    info : dict
        Sample sizes, control group, inference settings, periods and cohorts.
    notes : list of str
        Caveats and data handling (dropped units and so on), in English.
    """

    outcome: str
    overall: dict
    by_cohort: pd.DataFrame
    by_event_time: pd.DataFrame
    group_time: pd.DataFrame
    twfe: dict
    pretrend: dict
    info: dict
    notes: list[str] = field(default_factory=list)
    aggregations: dict = field(default_factory=dict)

    def aggregate(self, kind: str = "group") -> dict:
        """One aggregation of the ATT(g, t), as ``aggte`` of the did package defines it.

        Parameters
        ----------
        kind : {"simple", "group", "dynamic", "calendar"}
            ``simple``: every post-treatment cell weighted by its cohort's size; ``group``: each
            cohort's average post-treatment effect (``detail``), averaged over cohorts weighted
            by size (the ``overall`` field); ``dynamic``: by event time ``e`` (cohorts weighted by
            size, ``detail``), averaged over ``e >= 0``; ``calendar``: by calendar period t
            (post-treatment cells, cohorts weighted by size), averaged over periods.

        Returns
        -------
        dict
            ``overall`` (``estimate, se, ci_low, ci_high, p_value``) and ``detail`` (a list of
            rows with ``cohort``, ``event_time`` or ``period`` and the same fields; empty for
            ``simple``). Standard errors include the influence function of the estimated
            weights.
        """
        if kind not in aggregation.AGGREGATIONS:
            raise InputError(choice_message("kind", kind, aggregation.AGGREGATIONS))
        return self.aggregations[kind]

    def to_dict(self) -> dict:
        """Return a JSON-serialisable dict (NaN and infinite values become None).

        Keys: ``outcome, units, estimator, control_group, inference, n_units, n_treated_units,
        n_never_treated, n_clusters, n_treated_clusters, periods, cohorts, base_period,
        covariates, overall, by_cohort, by_event_time, group_time, twfe, pretrend, notes``.
        """
        out = {"outcome": self.outcome, **self.info}
        out["overall"] = self.overall
        out["by_cohort"] = _records(self.by_cohort)
        out["by_event_time"] = _records(self.by_event_time)
        out["group_time"] = _records(self.group_time)
        out["twfe"] = self.twfe
        out["pretrend"] = self.pretrend
        out["aggregations"] = self.aggregations
        out["notes"] = list(self.notes)
        return plain(out)


def _records(frame: pd.DataFrame) -> list[dict]:
    """``frame.to_dict(orient="records")`` (Python scalars), without its row-by-row cost."""
    columns = list(frame.columns)
    values = [frame[column].tolist() for column in columns]
    return [dict(zip(columns, row, strict=True)) for row in zip(*values, strict=True)]


def estimate_impact(
    panel: pd.DataFrame,
    unit: str,
    time: str,
    outcome: str,
    first_treated: str,
    cluster: str | None = None,
    covariates: list[str] | None = None,
    control: str = "not_yet_treated",
    inference: str = "auto",
    n_boot: int = DEFAULT_BOOT,
    weights: str = "auto",
    alpha: float = 0.05,
    seed: int = DEFAULT_SEED,
    base_offset: int = 1,
    base_period: str = "varying",
) -> ImpactResult:
    """Estimate the effect of a staggered treatment on one outcome of a long panel.

    Parameters
    ----------
    panel : pandas.DataFrame
        Long panel, one row per unit and period.
    unit, time : str
        Columns identifying the unit (e.g. ``kode_desa``) and the period (numeric, e.g. ``tahun``).
    outcome : str
        Numeric outcome column. Effects are reported in its units (pass shares in percentage
        points to read effects in percentage points).
    first_treated : str
        Column with the first treated period of each unit, constant within a unit. NaN, None,
        0 and ``np.inf`` mean never treated (so 0 cannot be a period). A value after the last
        period means not treated within the panel (counted as never treated, with a note); a
        value at or before the first period means always treated (dropped, with a note); any
        other value must be one of the panel's periods. Use :func:`first_treated_from_indicator`
        to build it from a 0/1 treatment column.
    cluster : str, optional
        Cluster column (e.g. ``kode_kecamatan``), constant within a unit. Default: each unit is its
        own cluster (robust to serial correlation only).
    covariates : list of str, optional
        Numeric unit characteristics for regression adjustment, measured in the panel's first
        period; that period is then used for the covariates only and left out of every
        comparison (so a covariate can never be part of the long differences it adjusts). The
        TWFE benchmark ignores them.
    control : {"not_yet_treated", "never_treated"}
        Control group for each ATT(g, t).
    inference : {"auto", "wild_bootstrap", "analytic"}
        ``auto`` and ``analytic``: cluster-robust intervals on a t reference with each estimate's
        Bell-McCaffrey effective degrees of freedom (at most G - 1); with ``auto`` and fewer
        than ``FEW_CLUSTERS`` clusters the pre-trend test uses the wild cluster restricted
        bootstrap. ``wild_bootstrap``: intervals and p-values from the wild cluster restricted
        bootstrap-t as well.
    n_boot : int
        Bootstrap draws (seeded).
    weights : {"auto", "rademacher", "webb"}
        Bootstrap weights; ``auto`` is Rademacher, or Webb below ``WEBB_BELOW`` clusters.
    alpha : float
        One minus the interval level; also the pre-trend test level.
    seed : int
        Seed of the bootstrap draws.
    base_offset : int
        The base period of cohort ``g`` is ``g - base_offset`` (in panel periods). Use 2 when units
        were selected on their outcome in the year before treatment: a transitory bad year
        (regression to the mean) then stays out of the comparison, and event time -1 shows it.
    base_period : {"varying", "universal"}
        Base of the pre-period cells (t at or before ``g - base_offset``): ``varying`` (default,
        as in the did package) compares t with t - 1; ``universal`` compares every t with
        ``g - base_offset`` (that event time is then the reference row, estimate 0). Post-period
        cells always use ``g - base_offset``.

    Returns
    -------
    ImpactResult

    Raises
    ------
    InputError
        Missing columns, duplicate unit-period rows, a non-numeric outcome or period, a first
        treated period or cluster that varies within a unit, or a cohort without control units.
    """
    return estimate_outcomes(
        panel,
        [outcome],
        unit=unit,
        time=time,
        first_treated=first_treated,
        cluster=cluster,
        covariates=covariates,
        control=control,
        inference=inference,
        n_boot=n_boot,
        weights=weights,
        alpha=alpha,
        seed=seed,
        base_offset=base_offset,
        base_period=base_period,
    )[outcome]


def estimate_outcomes(
    panel: pd.DataFrame,
    outcomes: list[str],
    unit: str,
    time: str,
    first_treated: str,
    cluster: str | None = None,
    covariates: list[str] | None = None,
    control: str = "not_yet_treated",
    inference: str = "auto",
    n_boot: int = DEFAULT_BOOT,
    weights: str = "auto",
    alpha: float = 0.05,
    seed: int = DEFAULT_SEED,
    base_offset: int = 1,
    base_period: str = "varying",
) -> dict[str, ImpactResult]:
    """Run :func:`estimate_impact` for several outcomes of the same panel.

    The panel is validated once and the design (comparisons, weights, bootstrap draws) is shared
    by outcomes observed for the same units, so nine outcomes cost little more than one. Every
    outcome uses the same bootstrap draws, so results do not depend on the order of ``outcomes``.

    Parameters
    ----------
    panel : pandas.DataFrame
        Long panel (see :func:`estimate_impact`).
    outcomes : list of str
        Outcome columns.
    unit, time, first_treated, cluster, covariates, control, inference, n_boot, weights, alpha, seed
        As in :func:`estimate_impact`.
    base_offset, base_period
        As in :func:`estimate_impact`.

    Returns
    -------
    dict of str to ImpactResult
        In the order of ``outcomes``.
    """
    if isinstance(outcomes, str):
        outcomes = [outcomes]
    outcomes = list(outcomes)
    if not outcomes:
        raise InputError(bilingual("errs_imp_outcomes_empty"))
    repeated = sorted({o for o in outcomes if outcomes.count(o) > 1})
    if repeated:
        raise InputError(bilingual("errs_imp_outcomes_twice", repeated=repeated))
    settings = EstimatorOptions.check(
        control, inference, n_boot, weights, alpha, seed, base_offset, base_period
    )
    # Without its attrs: pandas deep-copies them on every column access (the village panel
    # carries its simulation metadata there), which cost more than the estimation itself.
    if isinstance(panel, pd.DataFrame):
        panel = pd.DataFrame(panel, copy=False)
    structure = PanelStructure.build(panel, unit, time, first_treated, cluster, covariates)
    require_columns(panel, outcomes, "outcome")
    designs: dict[tuple, Design] = {}
    results = {}
    for outcome in outcomes:
        values, kept, periods, notes = structure.outcome_matrix(panel, outcome)
        values, periods = _outside_covariate_period(structure, values, periods, notes)
        key = (kept.tobytes(), tuple(periods))
        if key not in designs:
            designs[key] = Design(structure, kept, periods, settings)
        results[outcome] = designs[key].estimate(values, outcome, notes)
    return results


class Design:
    """Everything about one estimation sample that does not depend on the outcome values."""

    def __init__(self, structure: PanelStructure, kept, periods, settings: EstimatorOptions):
        self.structure = structure
        self.settings = settings
        self.sample = build_sample(structure, kept, periods, settings)
        self.cells = build_cells(self.sample, settings, structure.first_treated)
        self.cohorts = sorted({c.cohort for c in self.cells})
        self.stats = aggregation.build_aggregates(self.sample, self.cells, self.cohorts)
        offset = settings.base_offset
        self.pre_keys = [("cell", k) for k, c in enumerate(self.cells) if is_pre(c, offset)]
        self.n_pre_periods = len({c.period - c.cohort for c in self.cells if is_pre(c, offset)})
        self.twfe = build_twfe(self.sample)
        self.inference = Inference(self.sample, settings)

    def estimate(self, values, outcome, notes) -> ImpactResult:
        """Apply the design to one outcome matrix (units x periods of the structure)."""
        sample, inference = self.sample, self.inference
        y_matrix = values[sample.rows]
        y = y_matrix.ravel()
        fitted = inference.saturated_fit(y_matrix).ravel()
        infer = {
            key: inference.infer(stat, y, fitted)
            for key, stat in self.stats.items()
            if key[0] != "cell"
        }
        twfe = inference.infer(self.twfe.stat, y, self.twfe.fit(y_matrix).ravel())
        result_notes = list(notes) + sample.notes + _caveats(self)
        without = [
            key
            for key, row in [*infer.items(), (("twfe",), twfe)]
            if not (math.isfinite(row["ci_low"]) and math.isfinite(row["ci_high"]))
        ]
        if without:
            names = ", ".join(self._describe(key) for key in without[:MAX_EXAMPLES])
            result_notes.append(
                f"{len(without)} estimate(s) have no finite interval (e.g. {names}): the outcome "
                f"does not vary enough, or the bootstrap cannot bound the effect with so few "
                f"clusters; the data are too thin to say."
            )
        alpha, offset = self.settings.alpha, self.settings.base_offset
        return ImpactResult(
            outcome=outcome,
            overall=infer[("overall",)],
            by_cohort=aggregation.cohort_table(sample, self.cells, self.cohorts, infer),
            by_event_time=aggregation.event_table(
                sample, self.cells, self.cohorts, infer, offset, self.settings.base_period
            ),
            group_time=aggregation.cell_table(sample, self.cells, y_matrix, alpha),
            twfe=twfe,
            pretrend=inference.pretrend(self.stats, self.pre_keys, y, fitted, self.n_pre_periods),
            info=_info(self),
            notes=result_notes,
            aggregations=aggregation.aggregation_tables(sample, self.cells, infer),
        )

    def _describe(self, key) -> str:
        if key[0] == "cohort":
            return f"cohort {period_label(self.sample.periods[key[1]])}"
        if key[0] == "event":
            return f"event time {key[1]}"
        if key[0] == "calendar_t":
            return f"period {period_label(self.sample.periods[key[1]])}"
        return {"overall": "overall effect", "twfe": "TWFE"}.get(key[0], f"{key[0]} aggregate")


def _outside_covariate_period(structure: PanelStructure, values, periods, notes):
    """Keep the covariates' period out of every comparison.

    Covariates are measured in the panel's first period; a covariate that is a pre-period outcome
    (or moves with it) would otherwise enter the long differences it adjusts and make the
    pre-trend test fire on panels without any effect. That period is therefore used for the
    covariates only, and every ATT(g, t) compares later periods.
    """
    if not structure.covariates:
        return values, periods
    inside = periods > structure.covariate_period
    if inside.sum() < 2:
        raise InputError(
            bilingual(
                "errs_imp_covariates_periods", period=period_label(structure.covariate_period)
            )
        )
    notes.append(
        f"Covariates {list(structure.covariates)} are measured in "
        f"{period_label(structure.covariate_period)}, which is used for them only: every "
        f"comparison uses periods {period_label(periods[inside][0])}-"
        f"{period_label(periods[-1])}, so no covariate is itself part of a comparison it adjusts."
    )
    return values[:, inside], periods[inside]


def _treated_clusters(design: Design) -> int:
    sample = design.sample
    return int(np.unique(sample.cluster[np.isfinite(sample.cohort)]).size)


def _inference_info(design: Design) -> dict:
    s = design.settings
    inference = design.inference
    bootstrap = inference.method == "wild_bootstrap"
    draws = inference.draws is not None
    overall = design.stats[("overall",)]
    return {
        "method": (
            "wild_cluster_restricted_bootstrap" if bootstrap else "cluster_robust_t_effective_df"
        ),
        "se": "cluster-robust (CR1, G/(G-1)) standard deviation of the influence function",
        "ci_level": 1 - s.alpha,
        "cluster": design.structure.cluster_name,
        "n_boot": s.n_boot if draws else None,
        "weights": inference.weights_name if draws else None,
        "seed": s.seed if draws else None,
        "ci": (
            "test inversion of the wild cluster restricted bootstrap-t"
            if bootstrap
            else "estimate +- t(df) * se, df = Bell-McCaffrey effective degrees of freedom of "
            f"each estimate (at most G-1; overall effect: {inference.t_reference(overall)[0]:.1f})"
        ),
        "group_time_ci": "estimate +- t(G-1) * se",
        "pretest": (
            "Wald statistic against its wild cluster restricted bootstrap distribution"
            if inference.pretest_bootstrap
            else "Wald statistic against chi-square"
        ),
    }


def _info(design: Design) -> dict:
    """Sample sizes, control group, inference settings, periods and cohorts of a result."""
    sample, settings = design.sample, design.settings
    cohorts = {}
    for g in design.cohorts:
        cohorts[str(period_label(sample.periods[g]))] = int((sample.cohort == g).sum())
    return {
        "units": "outcome units (pass shares in percentage points for effects in pp)",
        "estimator": (
            "Callaway-Sant'Anna group-time ATT, long differences on base period "
            f"g-{settings.base_offset} ({settings.base_period} base before it)"
            + (
                f", regression-adjusted on covariates measured in "
                f"{period_label(design.structure.covariate_period)} (outside every comparison)"
                if design.structure.covariates
                else ""
            )
        ),
        "control_group": settings.control,
        "inference": _inference_info(design),
        "n_units": sample.n_units,
        "n_treated_units": int(np.isfinite(sample.cohort).sum()),
        "n_never_treated": int(np.isinf(sample.cohort).sum()),
        "n_clusters": sample.n_clusters,
        "n_treated_clusters": _treated_clusters(design),
        "periods": [period_label(p) for p in sample.periods],
        "cohorts": cohorts,
        "base_period": f"g-{settings.base_offset}",
        "pre_period_base": settings.base_period,
        "covariate_period": (
            period_label(design.structure.covariate_period) if design.structure.covariates else None
        ),
        "covariates": list(design.structure.covariates),
    }


def _caveats(design: Design) -> list[str]:
    """Caveats of every result of the design, in plain English."""
    offset = design.settings.base_offset
    notes = []
    if offset > 1:
        notes.append(
            f"The base period is {offset} periods before treatment; the estimates for "
            f"event time(s) {', '.join(str(e) for e in range(1 - offset, 0))} show how "
            f"treated units differed just before "
            f"treatment (for example an unusually bad year that led to their selection) and "
            f"are not part of the pre-trend test."
        )
    notes += [
        "Effects assume that, without the program, treated and comparison units would have "
        "moved in parallel and that units did not react before their first treated period. "
        "If units were chosen after an unusually bad year, their rebound would show up as an "
        "effect (regression to the mean); the pre-period estimates are the check.",
        "The two-way fixed effects (TWFE) estimate is a benchmark only: with staggered "
        "timing and effects that change over time it can be biased.",
    ]
    n_clusters = design.sample.n_clusters
    if design.inference.method == "wild_bootstrap":
        notes.append(
            f"{n_clusters} clusters ('{design.structure.cluster_name}'): intervals and "
            f"p-values use a wild cluster restricted bootstrap ({design.settings.n_boot} "
            f"{design.inference.weights_name} draws)."
        )
    elif n_clusters < FEW_CLUSTERS:
        notes.append(
            f"{n_clusters} clusters ('{design.structure.cluster_name}'): intervals and p-values "
            f"use a t reference on each estimate's effective degrees of freedom (Bell-McCaffrey; "
            f"overall effect: "
            f"{design.inference.t_reference(design.stats[('overall',)])[0]:.1f}), which widens "
            f"them when a few clusters carry the estimate; the pre-trend test uses a wild "
            f"cluster restricted bootstrap ({design.settings.n_boot} "
            f"{design.inference.weights_name} draws)."
        )
    treated_clusters = _treated_clusters(design)
    if treated_clusters < MIN_CLUSTERS:
        notes.append(
            f"Treated units lie in only {treated_clusters} cluster(s); intervals may be "
            f"unreliable or very wide."
        )
    max_e = max(c.period - c.cohort for c in design.cells)
    early = [c for c in design.cells if c.period - c.cohort == max_e]
    if len(design.cohorts) > 1 and len(early) < len(design.cohorts):
        notes.append(
            f"The longest event times rest on fewer cohorts (event time {max_e}: "
            f"{len(early)} of {len(design.cohorts)}), so changes along the event study mix "
            f"dynamics with cohort differences."
        )
    return notes
