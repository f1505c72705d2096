"""Empirical Bayes desil-1 shares: a beta prior fitted to all villages, posterior means.

The prior is fitted by maximising the beta-binomial marginal likelihood (scipy); each village's
share is its posterior mean, with an equal-tailed credible interval. Small villages move more
toward the regency mean (weight on the prior = phi / (phi + families)).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from scipy import optimize, special, stats
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
        from analysis.labels import both  # here: the module is tuned for speed elsewhere

        raise InputError(both("errs_pk_eb_small"))
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


# Bounds of the prior, as in `fit_beta_prior`: logit of the mean and log of phi.
_LOGIT_MEAN_BOUNDS = (-12.0, 12.0)
_LOG_PHI_BOUNDS = (-3.0, 14.0)


def _trigamma(values):
    return special.zeta(2.0, values)


def refit_beta_priors(successes, trials, start: dict, iterations: int = 30) -> dict:
    """Refit the beta prior to many sets of counts at once (e.g. bootstrap replicates).

    Newton's method on the beta-binomial log-likelihood in (log alpha, log beta), with analytic
    derivatives (digamma, trigamma), started from ``start`` (the prior fitted to the observed
    counts) and kept inside the bounds of `fit_beta_prior`. Laird and Louis (1987): an empirical
    Bayes interval must redo the prior's estimation in every replicate, or it leaves out the
    prior's own uncertainty.

    Parameters
    ----------
    successes : ndarray, shape (replicates, villages)
    trials : ndarray, shape (villages,)
    start : dict
        A fitted prior (`fit_beta_prior`).
    iterations : int
        At most this many Newton steps (each capped at one e-fold); stops when every replicate's
        step is below 1e-7.

    Returns
    -------
    dict
        ``alpha, beta, mean, phi``: arrays of shape (replicates,).
    """
    x = np.atleast_2d(np.asarray(successes, dtype=float))
    n = np.asarray(trials, dtype=float)[None, :]
    reps = x.shape[0]
    u = np.full(reps, math.log(start["alpha"]))
    v = np.full(reps, math.log(start["beta"]))
    for _ in range(iterations):
        a, b = np.exp(u)[:, None], np.exp(v)[:, None]
        s = a + b
        common = special.digamma(s) - special.digamma(n + s)
        g_a = (special.digamma(x + a) - special.digamma(a) + common).sum(axis=1)
        g_b = (special.digamma(n - x + b) - special.digamma(b) + common).sum(axis=1)
        common2 = _trigamma(s) - _trigamma(n + s)
        h_ab = common2.sum(axis=1)
        h_aa = (_trigamma(x + a) - _trigamma(a)).sum(axis=1) + h_ab
        h_bb = (_trigamma(n - x + b) - _trigamma(b)).sum(axis=1) + h_ab
        a, b = a[:, 0], b[:, 0]
        # Chain rule to (u, v) = (log a, log b).
        grad = np.stack([a * g_a, b * g_b], axis=1)
        h_uu = a * a * h_aa + a * g_a
        h_vv = b * b * h_bb + b * g_b
        h_uv = a * b * h_ab
        det = h_uu * h_vv - h_uv**2
        concave = (h_uu < 0) & (det > 0)
        safe = np.where(concave, det, 1.0)
        step_u = np.where(concave, -(h_vv * grad[:, 0] - h_uv * grad[:, 1]) / safe, grad[:, 0])
        step_v = np.where(concave, -(h_uu * grad[:, 1] - h_uv * grad[:, 0]) / safe, grad[:, 1])
        scale = np.minimum(1.0, 1.0 / np.maximum(np.abs(step_u), np.abs(step_v)).clip(1e-12))
        u, v = _clip_prior(u + scale * step_u, v + scale * step_v)
        if np.max(np.abs(scale * step_u)) < 1e-7 and np.max(np.abs(scale * step_v)) < 1e-7:
            break
    alpha, beta = np.exp(u), np.exp(v)
    return {"alpha": alpha, "beta": beta, "mean": alpha / (alpha + beta), "phi": alpha + beta}


def _clip_prior(u, v):
    """Keep (log alpha, log beta) inside the mean and phi bounds of `fit_beta_prior`."""
    log_phi = np.logaddexp(u, v)
    logit_mean = u - v
    log_phi = np.clip(log_phi, *_LOG_PHI_BOUNDS)
    logit_mean = np.clip(logit_mean, *_LOGIT_MEAN_BOUNDS)
    log_mean = -np.logaddexp(0.0, -logit_mean)
    log_rest = -np.logaddexp(0.0, logit_mean)
    return log_phi + log_mean, log_phi + log_rest


def shrunk_shares(counts, trials, priors: list[dict] | None = None) -> tuple[np.ndarray, list]:
    """Empirical Bayes shares of several count columns (one beta prior per column).

    Parameters
    ----------
    counts : ndarray, shape (villages, columns)
        E.g. families with each deprivation.
    trials : ndarray, shape (villages,)
        Families per village.
    priors : list of dict, optional
        One fitted prior per column; fitted here (`fit_beta_prior`) when omitted.

    Returns
    -------
    shares : ndarray, shape (villages, columns)
        Posterior means ``(alpha + x) / (alpha + beta + n)``.
    priors : list of dict
    """
    x = np.asarray(counts, dtype=float)
    n = np.asarray(trials, dtype=float)
    if priors is None:
        priors = [fit_beta_prior(x[:, k], n) for k in range(x.shape[1])]
    alpha = np.array([p["alpha"] for p in priors])
    phi = np.array([p["phi"] for p in priors])
    return (alpha[None, :] + x) / (phi[None, :] + n[:, None]), priors
