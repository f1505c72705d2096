"""Impact stage: did priority villages improve faster than comparable villages not yet priority?

Estimator
---------
Priority (lokus) status is staggered and was given to poorer villages, so naive before/after
comparisons and static two-way fixed effects (TWFE) can mislead: TWFE compares late adopters with
early adopters that are already treated, and with effects that grow over time it can be biased,
even in sign. We therefore estimate group-time average treatment effects ATT(g, t) in the manner of
Callaway and Sant'Anna (2021): for the cohort ``g`` first treated in period ``g`` and any period
``t``, a 2x2 difference in differences of the long difference ``Y_t - Y_(g-1)`` between the cohort
and a control group, which is either the units not yet treated by ``max(t, g-1)`` (default, never
treated included) or the never-treated units only. The base period is ``g-1`` for every ``t`` (a
universal base), so pre-period estimates are on the same footing as the event-study coefficients
of a regression with ``e = -1`` omitted; ``base_offset=2`` moves it to ``g-2`` when units were
selected on a bad year just before treatment. Optional covariates enter by outcome regression
within each 2x2 comparison (Sant'Anna and Zhao's regression-adjusted DiD) using each unit's value
in the first period. ATT(g, t) are aggregated with fixed weights to one effect per cohort (average
over its post periods), an overall effect (cohorts weighted by their number of units) and one
effect per event time ``e = t - g`` (cohorts weighted by size). TWFE is computed beside it as a
benchmark.

Inference
---------
Every estimate here is a linear function ``a'y`` of the outcome matrix, and its influence function
summed within clusters is a linear function ``S y`` too. Standard errors are the cluster-robust
(CR1, factor G/(G-1)) standard deviation of those cluster sums. With fewer than ``FEW_CLUSTERS``
clusters the intervals and p-values come from a wild cluster restricted bootstrap-t (WCR, Cameron,
Gelbach and Miller 2008; MacKinnon and Webb): the outcome is regenerated from the model fitted under
the null (unit effects plus cohort-by-period effects, with covariates interacted) plus cluster-level
Rademacher (Webb with very few clusters) sign flips of the restricted residuals; intervals are found
by inverting the test. Because everything is linear, each bootstrap draw reduces to G x G matrix
products (as in fwildclusterboot), so 999 draws cost milliseconds. With many clusters the intervals
are analytic, ``estimate +- t(G-1) * se``. The pre-trend test is a joint Wald test of all
pre-period event-time estimates before the base period (``e <= -2``), bootstrapped under the null
of no pre-trends when the bootstrap is used, otherwise with Hotelling's F(L, G-L) reference
distribution.

Inference treats the cohort sizes as fixed (the villages chosen are the population of interest), so
the aggregation weights carry no sampling variance; Callaway and Sant'Anna add a term for estimated
weights, which matters only when effects differ much between cohorts.

Why hand-written
----------------
We evaluated the maintained Python packages on PyPI. ``csdid`` 0.4.3 (a Callaway-Sant'Anna port)
requires plotnine, twine and drdid at install. ``differences`` 0.3.0 requires polars, formulaic,
joblib and tqdm. ``pyfixest`` 0.60.0 (did2s, event_study, lpdid) installs cleanly, but pulls
maketables with great-tables, python-docx and ipython; its did2s event-time estimates agree with
ours within sampling error on simulated panels, but it gives analytic GMM standard errors only, and
a few-cluster wild bootstrap would mean 999 refits per outcome (about 0.1 s each, some 15 minutes
for nine outcomes, against well under a second here). None offers a wild cluster bootstrap for the
aggregated effects of a staggered design. The estimator itself is group means and small least
squares fits, so it is written here with numpy and checked against known truth in the tests.

Units
-----
Effects are differences in the outcome's own units: pass shares in percentage points (0-100) to read
effects in percentage points. Village data in this project are SIMULATED unless the user supplies
their own export; results built on them must carry the SIMULASI label (the brief does that).

Modules
-------
* `panel`: input checks (settings, the long panel, each outcome's matrix).
* `design`: the estimation sample, the 2x2 comparisons ATT(g, t) with covariate adjustment and
  the TWFE benchmark.
* `aggregation`: fixed-weight aggregates (cohort, overall, event time) and their tables.
* `inference`: standard errors, the wild cluster bootstrap, test inversion, the pre-trend test.
* `estimator`: `estimate_impact`, `estimate_outcomes` and `ImpactResult`.
* `figures`: the event-study figure.
* `stage`: the steps of notebook 04 on the regency's village panel.

A staggered panel with a known effect for checking the estimator is in
`analysis.synth.staggered` (`simulate_staggered_panel`, `true_overall_effect`).
"""

from analysis.impact.estimator import ImpactResult, estimate_impact, estimate_outcomes
from analysis.impact.figures import plot_event_study, plot_event_time
from analysis.impact.inference import (
    DEFAULT_BOOT,
    DEFAULT_SEED,
    FEW_CLUSTERS,
    MIN_CLUSTERS,
    MIN_PRE_PERIODS,
    MIN_TREATED_UNITS,
    WEBB_BELOW,
)
from analysis.impact.panel import (
    BOOTSTRAP_WEIGHTS,
    CONTROL_GROUPS,
    INFERENCE_METHODS,
    first_treated_from_indicator,
)
from analysis.impact.stage import (
    IMPACT_BASE_OFFSET,
    IMPACT_CONTROL,
    IMPACT_COVARIATES,
    IMPACT_OUTCOMES,
    MAIN_OUTCOME,
    Settings,
    draw_event_study,
    effects_table,
    estimate,
    event_time_table,
    outcome_panel,
    recap,
    run,
    save,
)

__all__ = [
    "BOOTSTRAP_WEIGHTS",
    "CONTROL_GROUPS",
    "DEFAULT_BOOT",
    "DEFAULT_SEED",
    "FEW_CLUSTERS",
    "IMPACT_BASE_OFFSET",
    "IMPACT_CONTROL",
    "IMPACT_COVARIATES",
    "IMPACT_OUTCOMES",
    "INFERENCE_METHODS",
    "MAIN_OUTCOME",
    "MIN_CLUSTERS",
    "MIN_PRE_PERIODS",
    "MIN_TREATED_UNITS",
    "WEBB_BELOW",
    "ImpactResult",
    "Settings",
    "draw_event_study",
    "effects_table",
    "estimate",
    "estimate_impact",
    "estimate_outcomes",
    "event_time_table",
    "first_treated_from_indicator",
    "outcome_panel",
    "plot_event_study",
    "plot_event_time",
    "recap",
    "run",
    "save",
]
