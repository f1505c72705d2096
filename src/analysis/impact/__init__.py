"""Impact stage: did priority villages improve faster than comparable villages not yet priority?

Estimator
---------
Priority (lokus) status is staggered and was given to poorer villages, so naive before/after
comparisons and static two-way fixed effects (TWFE) can mislead: TWFE compares late adopters with
early adopters that are already treated, and with effects that grow over time it can be biased,
even in sign. We therefore estimate group-time average treatment effects ATT(g, t) as Callaway and
Sant'Anna (2021) do: for the cohort ``g`` first treated in period ``g`` and any period ``t``, a 2x2
difference in differences of ``Y_t - Y_base`` between the cohort and a control group, which is
either the units not yet treated by ``max(t, base)`` (default, never treated included) or the
never-treated units only. Post-treatment cells use the base ``g - base_offset`` (default g-1;
``base_offset=2`` keeps a bad selection year out). Pre-treatment cells use, as in the reference
R package did, a ``varying`` base (default: ``t`` against ``t - 1``) or a ``universal`` one
(every ``t`` against ``g - base_offset``, which is then the reference row of the event study).

Covariates (outcome regression, Sant'Anna and Zhao 2020's regression-adjusted DiD within each 2x2
comparison) are measured in the panel's first period, and that period is then used for the
covariates only: every comparison starts in the second period, so the covariates come from before
the earliest base period of every cohort and no covariate is part of a long difference it adjusts.
(A covariate that is itself a pre-period outcome, e.g. the outcome in the first year while that
year is a pre-period, makes the pre-trend test fire on panels without any effect.) With fewer than
three periods covariates are refused; pass none and the note says so.

ATT(g, t) are aggregated as ``aggte`` of the did package does (`ImpactResult.aggregate`):
``simple`` (post cells weighted by cohort size), ``group`` (each cohort's average post effect,
averaged with cohort sizes; this is ``overall``, the headline, Callaway and Sant'Anna's
recommended summary), ``dynamic`` (by event time, averaged over ``e >= 0``) and ``calendar`` (by
period, averaged over periods). Weights proportional to cohort sizes are estimated, and their
influence function enters the standard errors. TWFE is computed beside it as a benchmark.

Inference
---------
Every estimate here is a linear function ``a'y`` of the outcome matrix, and its influence function
summed within clusters is a linear function ``S y`` too (the estimated-weights term is linear in
``y`` as well). Standard errors are the cluster-robust (CR1, factor G/(G-1)) standard deviation of
those cluster sums. Intervals and p-values use a t reference on each estimate's effective degrees
of freedom (Bell and McCaffrey 2002; Imbens and Kolesar 2016): ``tr(K)^2 / ||K||^2`` with ``K =
S S'``, at most G - 1, which is smaller when a few clusters carry the estimate (in Klaten the 2022
cohort lies in five of 26 kecamatan). The pre-trend test is the did package's Wald pre-test of
all pre-period ATT(g, t) (``W = theta' V^-1 theta``, chi-square with as many degrees of freedom,
``p_value_chi2``); with fewer than ``FEW_CLUSTERS`` (40) clusters its verdict uses the wild
cluster restricted bootstrap distribution of the same statistic under the null of no pre-trends
(Cameron, Gelbach and Miller 2008; Rademacher, Webb with very few clusters): the outcome is
regenerated from the model fitted under the null (unit effects plus cohort-by-period effects,
with covariates interacted) plus cluster-level sign flips of the restricted residuals, each draw
reducing to G x G matrix products (as in fwildclusterboot). ``inference="wild_bootstrap"`` uses
the same bootstrap-t, inverted, for the intervals too.

Why not the bootstrap for the intervals: on the village generator (Klaten, placebo panels, 400
seeds; `analysis.impact.montecarlo`) the wild cluster restricted bootstrap-t rejected a true null
at 5 % in 8.5 % of panels (Webb weights: 8.5 %), as often as a normal reference (8.3 %), while the
t reference rejected in 6.75-7.0 %: the bootstrap world keeps the standard error nearly fixed,
whereas across samples it is noisy because few clusters carry the early cohort.

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
* `montecarlo`: the check of the stage's default comparison on the village generator
  (``python -m analysis.impact.montecarlo 200 2``).

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
    FIGURES,
    IMPACT_BASE_OFFSET,
    IMPACT_BASE_PERIOD,
    IMPACT_CONTROL,
    IMPACT_COVARIATES,
    IMPACT_OUTCOMES,
    MAIN_OUTCOME,
    Settings,
    draw_event_study,
    draw_figures,
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
    "IMPACT_BASE_PERIOD",
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
    "FIGURES",
    "draw_event_study",
    "draw_figures",
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
