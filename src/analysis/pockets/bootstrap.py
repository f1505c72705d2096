"""The parametric bootstrap of the priority rule (rank intervals and selection frequency).

See `analysis.pockets.rule` for the method; `parametric_bootstrap` is its replicate loop, done for
all replicates at once.
"""

from __future__ import annotations

import numpy as np

from analysis.pockets.eb import refit_beta_priors
from analysis.pockets.selection import _index_by_indicator, _two_lens
from analysis.villages import INDICATORS


def parametric_bootstrap(frame, priors, weight_vector, n, index_threshold, n_boot, seed) -> dict:
    """Parametric bootstrap of the beta-binomial model, every prior refitted in each replicate.

    ``priors`` holds the fitted prior of the desil-1 count and of each indicator, in that order.
    Each replicate draws every village's rate from its posterior (beta) and its count from the
    binomial at that rate, refits each prior to the replicate's counts (`refit_beta_priors`) and
    recomputes the EB shares, the index on EB indicator shares and the rule. Returns the
    replicates' mass, EB share and index (n_boot x villages), the rule's selections in each
    replicate and the refitted desil-1 priors (``phi``, ``mean``).
    """
    rng = np.random.default_rng(seed)
    trials = frame["families"].to_numpy(dtype=float)
    counts = frame[["families_desil1", *INDICATORS]].to_numpy(dtype=float)
    alpha = np.array([p["alpha"] for p in priors])
    beta = np.array([p["beta"] for p in priors])
    rates = rng.beta(
        alpha[None, None, :] + counts[None, :, :],
        beta[None, None, :] + trials[None, :, None] - counts[None, :, :],
        size=(n_boot, *counts.shape),
    )
    boot = rng.binomial(trials.astype(np.int64)[None, :, None], rates).astype(float)
    # Every prior of every replicate in one batched Newton fit: rows are (prior, replicate).
    by_prior = np.ascontiguousarray(np.moveaxis(boot, 2, 0)).reshape(-1, len(trials))
    fit = refit_beta_priors(by_prior, trials, [p for p in priors for _ in range(n_boot)])
    fit_alpha = fit["alpha"].reshape(len(priors), n_boot, 1)  # (prior, replicate, 1)
    fit_phi = fit["phi"].reshape(len(priors), n_boot, 1)
    shrunk = (fit_alpha + by_prior.reshape(len(priors), n_boot, -1)) / (fit_phi + trials)
    mass = boot[..., 0]
    share = shrunk[0]
    index = _index_by_indicator(np.swapaxes(shrunk[1:], 0, 1), weight_vector)
    selected, _, _ = _two_lens(mass, share, index, n, index_threshold)
    return {
        "mass": mass,
        "share": share,
        "index": index,
        "selected": selected,
        "prior_phi": fit_phi[0, :, 0],
        "prior_mean": fit_alpha[0, :, 0] / fit_phi[0, :, 0],
    }
