"""Monte Carlo of the stage's default comparison on the village generator (a small block, slow).

The full check is the command ``python -m analysis.impact.montecarlo 400 2`` (see the README for
its figures). This test runs 100 other seeds of the same generator (``TEST_FIRST``), under a
minute on 2 cores, so its tolerances follow from 100 binomial draws: each rate is checked against
the 99 % binomial bound around its aim, the bias within 2.58 Monte Carlo standard errors of 5 %
of the effect. A method at its aim passes with probability about 0.99 per figure; one far off
it fails with high probability (placebo rejections of 20 %: 0.96; coverage of 85 %: 0.84).
Measured (2026-11-28): about 20 s.
"""

from __future__ import annotations

import pytest
from scipy import stats

from analysis.impact import montecarlo

REPLICATIONS = 100


@pytest.fixture(scope="module")
def figures():
    return montecarlo.run(REPLICATIONS, processes=2, first=montecarlo.TEST_FIRST)


def _upper(rate: float) -> float:
    return stats.binom.ppf(0.99, REPLICATIONS, rate) / REPLICATIONS


@pytest.mark.slow
def test_placebo_is_rejected_at_about_its_level(figures):
    """Placebo (no effect): the 95 % interval excludes 0 at most about as often as 7 %."""
    assert figures["placebo_rejections"]["rate"] <= _upper(0.07)


@pytest.mark.slow
def test_bias_is_below_five_percent_of_the_injected_effect(figures):
    """The mean error of the overall effect is within 5 % of the injected effect (MC error)."""
    tolerance = 0.05 * abs(figures["true_effect_mean"]) + 2.58 * figures["bias_mc_se"]
    assert abs(figures["bias"]) < tolerance


@pytest.mark.slow
def test_interval_covers_the_true_effect_at_about_95_percent(figures):
    """The 95 % interval covers the true overall effect within the binomial range of 95 %."""
    low = stats.binom.ppf(0.005, REPLICATIONS, 0.95) / REPLICATIONS
    high = stats.binom.ppf(0.995, REPLICATIONS, 0.95) / REPLICATIONS
    assert low <= figures["coverage"]["rate"] <= high


@pytest.mark.slow
def test_placebo_pretrend_alarms_at_most_ten_percent(figures):
    """The Wald pre-test (wild cluster bootstrap verdict, as the stage runs it) fires on placebo
    panels at most about as often as 10 %."""
    assert figures["placebo_pretrend_alarms"]["rate"] <= _upper(0.10)
    assert figures["inference"] == ["cluster_robust_t_effective_df"]
