"""Tests of the empirical Bayes desil-1 shares (analysis.pockets.eb)."""

from __future__ import annotations

import numpy as np

from analysis import pockets


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
