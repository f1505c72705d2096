"""Empirical Bayes desil-1 shares: a beta prior fitted to all villages, posterior means.

The prior is fitted by maximising the beta-binomial marginal likelihood (scipy); each village's
share is its posterior mean, with an equal-tailed credible interval. Small villages move more
toward the regency mean (weight on the prior = phi / (phi + families)).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from scipy import optimize, stats
from scipy.special import betaln, expit, logit

from analysis.errors import InputError

DEFAULT_LEVEL = 0.90


def fit_beta_prior(successes, trials) -> dict:
    """Fit a beta prior to village counts by beta-binomial maximum likelihood.

    Parameters
    ----------
    successes, trials : array-like of int
        Desil-1 families and families per village.

    Returns
    -------
    dict
        alpha, beta, mean (fraction), phi (= alpha + beta, the prior's weight in families) and
        method. With no overdispersion beyond binomial, phi reaches its upper bound and every
        village is shrunk to the mean, which is the correct empirical Bayes answer.
    """
    x = np.asarray(successes, dtype=float)
    n = np.asarray(trials, dtype=float)
    if len(x) < 3 or n.sum() <= 0:
        raise InputError("empirical Bayes: needs at least three villages with families.")
    mean = min(max(x.sum() / n.sum(), 1e-4), 1 - 1e-4)
    share = x / n
    spread = max(np.average((share - mean) ** 2, weights=n), 1e-8)
    # Method of moments start: var(p) ~ mu (1 - mu) / (phi + 1) for large villages.
    phi_start = min(max(mean * (1 - mean) / spread - 1.0, 1.0), 1e5)

    def negative_log_likelihood(theta):
        mu, phi = expit(theta[0]), math.exp(theta[1])
        a, b = mu * phi, (1 - mu) * phi
        return -np.sum(betaln(x + a, n - x + b) - betaln(a, b))

    result = optimize.minimize(
        negative_log_likelihood,
        [logit(mean), math.log(phi_start)],
        method="L-BFGS-B",
        bounds=[(-12, 12), (-3, 14)],
    )
    mu, phi = float(expit(result.x[0])), float(math.exp(result.x[1]))
    return {
        "alpha": mu * phi,
        "beta": (1 - mu) * phi,
        "mean": mu,
        "phi": phi,
        "method": "beta-binomial maximum likelihood (all villages of the year)",
        "converged": bool(result.success),
    }


def eb_shares(
    successes, trials, level: float = DEFAULT_LEVEL, prior: dict | None = None
) -> pd.DataFrame:
    """Empirical Bayes (beta-binomial) shares with credible intervals.

    Parameters
    ----------
    successes, trials : array-like of int
    level : float
        Credible level of the equal-tailed interval.
    prior : dict, optional
        A fitted prior (`fit_beta_prior`); fitted here when omitted.

    Returns
    -------
    DataFrame
        raw, eb_share, eb_low, eb_high (fractions) and shrinkage (weight on the prior mean,
        phi / (phi + trials)); ``attrs["prior"]`` holds the prior.
    """
    x = np.asarray(successes, dtype=float)
    n = np.asarray(trials, dtype=float)
    prior = prior or fit_beta_prior(x, n)
    a, b = prior["alpha"] + x, prior["beta"] + n - x
    tail = (1 - level) / 2
    frame = pd.DataFrame(
        {
            "raw": np.divide(x, n, out=np.zeros_like(x), where=n > 0),
            "eb_share": a / (a + b),
            "eb_low": stats.beta.ppf(tail, a, b),
            "eb_high": stats.beta.ppf(1 - tail, a, b),
            "shrinkage": prior["phi"] / (prior["phi"] + n),
        }
    )
    frame.attrs["prior"] = prior
    return frame
