"""Tests of the empirical Bayes desil-1 shares (analysis.pockets.eb)."""

from __future__ import annotations

import numpy as np
import pytest

from analysis import pockets
from analysis.errors import InputError


def test_eb_moves_small_villages_more_toward_the_mean():
    """Villages with the same raw share are shrunk more the fewer families they have."""
    rng = np.random.default_rng(1)
    trials = np.concatenate([rng.integers(300, 1500, 200), [20, 200, 2000]])
    successes = np.concatenate([rng.binomial(trials[:200], rng.beta(4, 36, 200)), [6, 60, 600]])
    result = pockets.eb_shares(successes, trials)
    prior_mean = result.attrs["prior"]["mean"]
    last = result.iloc[-3:]
    moved = (last["raw"] - last["eb_share"]).to_numpy()
    assert (last["raw"] == 0.3).all()
    assert moved[0] > moved[1] > moved[2] > 0
    assert (last["eb_share"] > prior_mean).all()
    assert last["shrinkage"].is_monotonic_decreasing


def test_eb_prior_recovers_truth_and_intervals_cover():
    """On beta-binomial data with known shares the prior is recovered and 90 % intervals cover
    about 90 % of the true shares."""
    rng = np.random.default_rng(2)
    truth = rng.beta(2.0, 18.0, 3000)
    trials = rng.integers(50, 1500, 3000)
    successes = rng.binomial(trials, truth)
    result = pockets.eb_shares(successes, trials, level=0.9)
    prior = result.attrs["prior"]
    assert abs(prior["mean"] - 0.10) < 0.005
    assert 15 < prior["phi"] < 27
    covered = (result["eb_low"] <= truth) & (truth <= result["eb_high"])
    assert 0.87 <= covered.mean() <= 0.93
    # Shrinkage reduces error against the truth compared with raw shares.
    assert np.mean((result["eb_share"] - truth) ** 2) < np.mean((result["raw"] - truth) ** 2)


def test_shrunk_shares_are_posterior_means_of_the_given_priors():
    """With a Beta(2, 8) prior, 3 of 10 families give (2 + 3) / (10 + 10) = 0.25; one prior per
    column."""
    counts = np.array([[3, 0], [50, 10]])
    trials = np.array([10, 100])
    priors = [
        {"alpha": 2.0, "beta": 8.0, "phi": 10.0, "mean": 0.2},
        {"alpha": 1.0, "beta": 99.0, "phi": 100.0, "mean": 0.01},
    ]
    shares, _ = pockets.shrunk_shares(counts, trials, priors)
    np.testing.assert_allclose(shares, [[5 / 20, 1 / 110], [52 / 110, 11 / 200]], rtol=1e-12)


def test_no_overdispersion_shrinks_every_village_to_the_pooled_share():
    """Identical villages (10 of 100 families each): the prior's weight goes to its upper bound and
    every EB share is the pooled share 0.10."""
    result = pockets.eb_shares(np.full(30, 10), np.full(30, 100))
    assert result.attrs["prior"]["phi"] > 1e5
    np.testing.assert_allclose(result["eb_share"], 0.10, atol=2e-4)


def test_refit_reaches_the_likelihood_maximum_of_each_replicate():
    """The batched Newton refit gives, replicate by replicate, a prior at which the beta-binomial
    score (digamma formula of the likelihood's derivative) is zero, and the priors differ."""
    from scipy.special import digamma

    from analysis.pockets.eb import refit_beta_priors

    rng = np.random.default_rng(5)
    trials = rng.integers(100, 1500, 150)
    counts = rng.binomial(trials[None, :], rng.beta(3.0, 27.0, (6, 150)))
    start = pockets.fit_beta_prior(counts[0], trials)
    fit = refit_beta_priors(counts, trials, start)
    for r in range(6):
        a, b, x, n = fit["alpha"][r], fit["beta"][r], counts[r], trials
        common = digamma(a + b) - digamma(n + a + b)
        score_a = np.sum(digamma(x + a) - digamma(a) + common)
        score_b = np.sum(digamma(n - x + b) - digamma(b) + common)
        assert abs(score_a) * a < 1e-4 and abs(score_b) * b < 1e-4
    assert np.ptp(fit["phi"]) > 1.0


def test_two_villages_are_refused_in_both_languages():
    """Empirical Bayes needs three villages with families: two give the reason in both
    languages."""
    with pytest.raises(InputError) as error:
        pockets.fit_beta_prior(np.array([1, 2]), np.array([10, 20]))
    first, second = str(error.value).split("\n(en) ")
    assert "paling sedikit tiga desa" in first and "at least three villages" in second


def test_digamma_and_trigamma_series_match_scipy():
    """The series used by the Newton fits agrees with scipy's digamma and polygamma(1, x) from
    0.001 to 1e7 (arguments below 10 go through the recurrence)."""
    from scipy.special import digamma, polygamma

    from analysis.pockets.eb import _digamma_trigamma

    x = np.concatenate([np.geomspace(1e-3, 1e7, 5000), np.arange(1.0, 80.0)])
    psi, psi1 = _digamma_trigamma(x)
    np.testing.assert_allclose(psi, digamma(x), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(psi1, polygamma(1, x), rtol=1e-11)


def test_priors_fitted_together_are_each_at_their_likelihood_maximum():
    """Fitting three count columns at once gives, column by column, a prior where the
    beta-binomial score (digamma formula) is zero, and columns with different truths differ."""
    from scipy.special import digamma

    rng = np.random.default_rng(8)
    trials = rng.integers(80, 1200, 120)
    counts = np.stack(
        [rng.binomial(trials, rng.beta(a, b, 120)) for a, b in ((2, 18), (1, 199), (6, 24))],
        axis=1,
    )
    priors = pockets.fit_beta_priors(counts, trials)
    for k, prior in enumerate(priors):
        a, b, x, n = prior["alpha"], prior["beta"], counts[:, k], trials
        common = digamma(a + b) - digamma(n + a + b)
        assert abs(np.sum(digamma(x + a) - digamma(a) + common)) * a < 1e-4
        assert abs(np.sum(digamma(n - x + b) - digamma(b) + common)) * b < 1e-4
        assert prior["converged"]
    assert priors[1]["mean"] < 0.02 < priors[0]["mean"] < priors[2]["mean"]


def test_a_column_without_any_case_gets_a_prior_at_the_lower_bound_of_the_mean():
    """No village has a family with the deprivation: the likelihood grows as the mean falls, so
    the fitted mean is tiny (the bound is logit -12), and the other column is unaffected."""
    trials = np.array([120, 300, 80, 450, 200, 150])
    counts = np.stack([np.zeros(6), [12, 30, 8, 45, 20, 15]], axis=1)
    empty, tenth = pockets.fit_beta_priors(counts, trials)
    assert empty["mean"] < 1e-3
    assert np.isfinite([empty["alpha"], empty["beta"]]).all()
    assert abs(tenth["mean"] - 0.10) < 1e-3  # every village has exactly 10 %


def test_successes_sums_of_whole_counts_are_the_digamma_differences():
    """The finite sums over tail counts equal sum(psi(x + a) - psi(a)) and the trigamma
    difference from scipy, for zero, small and large counts, a subset of rows, and counts that
    are not whole (the series path)."""
    from scipy.special import digamma, polygamma

    from analysis.pockets.eb import _Successes

    rng = np.random.default_rng(3)
    x = rng.binomial(rng.integers(50, 3000, 40), 0.05, (150, 40)).astype(float)
    x[0] = 0.0
    active = np.array([0, 5, 77, 149])
    a = np.array([0.02, 1.5, 40.0, 900.0])
    for counts in (x, x + 0.5):
        psi, tri = _Successes(counts).sums(active, a)
        z = counts[active] + a[:, None]
        expected_psi = (digamma(z) - digamma(a)[:, None]).sum(axis=1)
        expected_tri = (polygamma(1, z) - polygamma(1, a)[:, None]).sum(axis=1)
        np.testing.assert_allclose(psi, expected_psi, rtol=1e-12, atol=1e-12)
        np.testing.assert_allclose(tri, expected_tri, rtol=1e-10, atol=1e-13)


def test_row_sums_of_digamma_and_trigamma_match_scipy():
    """Row sums of psi and psi' at base + offset agree with scipy for arguments from below 10
    (the series) to 1e9 (the power sums and logs of products), with one base row shared."""
    from scipy.special import digamma, polygamma

    from analysis.pockets.eb import _row_sums

    rng = np.random.default_rng(4)
    for low, high in ((0.5, 30.0), (10.0, 300.0), (250.0, 1e4), (1e3, 1e9)):
        base = rng.uniform(low, high, (37, 401))
        offset = rng.uniform(0.0, low, 37)
        for rows in (base, base[:1]):
            psi, tri = _row_sums(rows, offset)
            z = np.broadcast_to(rows, base.shape) + offset[:, None]
            np.testing.assert_allclose(psi, digamma(z).sum(axis=1), rtol=1e-13)
            np.testing.assert_allclose(tri, polygamma(1, z).sum(axis=1), rtol=1e-11)
