"""Empirical Bayes desil-1 shares: a beta prior fitted to all villages, posterior means.

The prior is fitted by maximising the beta-binomial marginal likelihood (Newton's method with
analytic derivatives, batched over count columns and bootstrap replicates; L-BFGS-B where Newton
does not settle); each village's share is its posterior mean, with an equal-tailed credible
interval. Small villages move more toward the regency mean (weight on the prior = phi / (phi +
families)).
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
    return fit_beta_priors(x[:, None], trials)[0]


def fit_beta_priors(counts, trials) -> list[dict]:
    """Fit one beta prior per count column by beta-binomial maximum likelihood, all at once.

    The likelihood is maximised by Newton's method (`_newton_priors`) from the method-of-moments
    start, inside the bounds of the mean and phi; a column where Newton's method does not settle
    is refitted by L-BFGS-B on the same likelihood and bounds.

    Parameters
    ----------
    counts : array-like, shape (villages, columns)
        E.g. desil-1 families and families with each deprivation.
    trials : array-like, shape (villages,)
        Families per village.

    Returns
    -------
    list of dict
        One prior per column, as `fit_beta_prior` returns it.
    """
    x = np.asarray(counts, dtype=float)
    n = np.asarray(trials, dtype=float)
    if x.ndim != 2 or len(x) < 3 or n.sum() <= 0:
        from analysis.labels import both  # here: the module is tuned for speed elsewhere

        raise InputError(both("errs_pk_eb_small"))
    mean, phi_start = _moments(x.T, n)
    u, v, settled = _newton_priors(
        x.T, n, np.log(mean * phi_start), np.log((1 - mean) * phi_start), iterations=100
    )
    priors = []
    for k in range(x.shape[1]):
        if settled[k]:
            mu, phi = float(expit(u[k] - v[k])), float(np.exp(np.logaddexp(u[k], v[k])))
            converged = True
        else:
            mu, phi, converged = _fit_lbfgsb(x[:, k], n, float(mean[k]), float(phi_start[k]))
        priors.append(
            {
                "alpha": mu * phi,
                "beta": (1 - mu) * phi,
                "mean": mu,
                "phi": phi,
                "method": "beta-binomial maximum likelihood (all villages of the year)",
                "converged": converged,
            }
        )
    return priors


def _moments(x: np.ndarray, n: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Method-of-moments mean and phi of each row of counts ``x`` (rows, villages).

    var(p) ~ mu (1 - mu) / (phi + 1) for large villages; kept inside the fits' bounds.
    """
    mean = np.clip(x.sum(axis=1) / n.sum(), 1e-4, 1 - 1e-4)
    deviation = x / n - mean[:, None]
    spread = np.maximum((deviation * deviation) @ n / n.sum(), 1e-8)
    return mean, np.clip(mean * (1 - mean) / spread - 1.0, 1.0, 1e5)


def _fit_lbfgsb(x, n, mean: float, phi_start: float) -> tuple[float, float, bool]:
    """The fallback fit: L-BFGS-B on (logit mean, log phi) within the bounds.

    Returns the prior's mean and phi and whether the optimiser converged.
    """

    def negative_log_likelihood(theta):
        mu, phi = expit(theta[0]), math.exp(theta[1])
        a, b = mu * phi, (1 - mu) * phi
        return -np.sum(betaln(x + a, n - x + b) - betaln(a, b))

    result = optimize.minimize(
        negative_log_likelihood,
        [logit(mean), math.log(phi_start)],
        method="L-BFGS-B",
        bounds=[_LOGIT_MEAN_BOUNDS, _LOG_PHI_BOUNDS],
    )
    return float(expit(result.x[0])), float(math.exp(result.x[1])), bool(result.success)


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


# Bounds of the prior: logit of the mean and log of phi.
_LOGIT_MEAN_BOUNDS = (-12.0, 12.0)
_LOG_PHI_BOUNDS = (-3.0, 14.0)
# Arguments below this are moved up by the recurrence before the asymptotic series is used.
_ASYMPTOTIC_FROM = 10.0


# Elements per block in `_digamma_trigamma`: temporaries of this size (256 kB) stay in the cache
# (whole-array temporaries of a bootstrap, ~6 MB each, cost a page fault per 4 kB).
_BLOCK = 32768


def _digamma_trigamma(values) -> tuple[np.ndarray, np.ndarray]:
    """Digamma and trigamma of positive values, both from one asymptotic series.

    scipy has no trigamma ufunc (``polygamma(1, x)`` evaluates a Hurwitz zeta, about fifteen
    times slower than digamma), and the Newton refit needs both functions at every village of
    every replicate. For x >= 10 the Stirling series to x**-11 is exact to about 1e-13 (Abramowitz
    and Stegun 6.3.18, 6.4.12; fewer terms for larger x, `_TERMS_FROM`); smaller arguments are
    moved up by ten with psi(x) = psi(x + 1) - 1/x and psi'(x) = psi'(x + 1) + 1/x**2.
    """
    x = np.asarray(values, dtype=float)
    flat = x.ravel()
    digamma = np.empty_like(flat)
    trigamma = np.empty_like(flat)
    for first in range(0, flat.size, _BLOCK):
        block = slice(first, first + _BLOCK)
        digamma[block], trigamma[block] = _series(flat[block])
    return digamma.reshape(x.shape), trigamma.reshape(x.shape)


# Stirling series coefficients of digamma (of x**-2k, subtracted) and trigamma (of x**-(2k+1)),
# k = 1..5, and how many terms are used from a lower bound of the argument on: the first term left
# out is below 1e-16 of the function's value from 60 on, 3e-13 at 10 (five terms).
_DIGAMMA_TERMS = (1 / 12, -1 / 120, 1 / 252, -1 / 240, 1 / 132)
_TRIGAMMA_TERMS = (1 / 6, -1 / 30, 1 / 42, -1 / 30, 5 / 66)
_TERMS_FROM = ((250.0, 2), (60.0, 3), (_ASYMPTOTIC_FROM, 5))


def _series(x: np.ndarray, lowest: float | None = None) -> tuple[np.ndarray, np.ndarray]:
    """`_digamma_trigamma` of one block (any shape); ``lowest``: a known lower bound of x."""
    if lowest is None or lowest < _ASYMPTOTIC_FROM:
        small = x < _ASYMPTOTIC_FROM
        shifted = bool(small.any())
    else:
        shifted = False
    z = np.where(small, x + _ASYMPTOTIC_FROM, x) if shifted else x
    bound = _ASYMPTOTIC_FROM if shifted else (z.min() if lowest is None else lowest)
    terms = next(count for start, count in _TERMS_FROM if bound >= start)
    r = 1.0 / z
    r2 = r * r
    digamma = np.log(z)
    digamma -= _horner(_DIGAMMA_TERMS[:terms], r2)
    digamma -= 0.5 * r
    trigamma = _horner(_TRIGAMMA_TERMS[:terms], r2)
    trigamma += 0.5 * r
    trigamma += 1.0
    trigamma *= r
    if shifted:
        steps = 1.0 / (x[small][:, None] + np.arange(_ASYMPTOTIC_FROM))
        digamma[small] -= steps.sum(axis=1)
        trigamma[small] += (steps * steps).sum(axis=1)
    return digamma, trigamma


def _horner(coefficients, r2: np.ndarray) -> np.ndarray:
    """sum over k of coefficients[k - 1] * r2**k (k = 1, 2, ...), in place where possible."""
    total = coefficients[-1] * r2
    for coefficient in coefficients[-2::-1]:
        total += coefficient
        total *= r2
    return total


# Integer counts below this are summed from a per-row table of digamma(offset + j), j < 10.
_TABLE = 10


def _count_layout(counts: np.ndarray):
    """Tally each row's small integer counts (0 to 9); keep the others in place.

    Counts do not change during a fit, only the offset added to them (alpha, beta or phi), so
    the rows' sums of digamma(count + offset) need the function only once per distinct small
    count and row (`_row_sums`); rare deprivations have mostly such counts.

    Returns
    -------
    tally : ndarray, shape (rows, 10)
        How many villages of the row have each count 0 to 9.
    rest : ndarray, shape (rows, villages)
        The other counts; tallied positions hold 10 (a harmless argument) ...
    weight : ndarray or None
        ... and weight 0 (None when no count is tallied).
    rest_min : float
        The smallest value of ``rest``.
    """
    rows = counts.shape[0]
    small = (counts < _TABLE) & (counts == np.floor(counts))
    if not small.any():
        return np.zeros((rows, _TABLE)), counts, None, float(counts.min())
    row_of = np.broadcast_to(np.arange(rows)[:, None], counts.shape)
    codes = row_of[small] * _TABLE + counts[small].astype(np.int64)
    tally = np.bincount(codes, minlength=rows * _TABLE).reshape(rows, _TABLE)
    rest = np.where(small, float(_TABLE), counts)
    return tally.astype(float), rest, (~small).astype(float), float(rest.min())


def _row_sums(layout, offset: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each row's sum over villages of digamma and trigamma of (count + the row's offset)."""
    tally, rest, weight, rest_min = layout
    psi_table, tri_table = _digamma_trigamma(offset[:, None] + np.arange(_TABLE))
    psi = (tally * psi_table).sum(axis=1)
    tri = (tally * tri_table).sum(axis=1)
    # Blocks of whole rows keep the temporaries in the CPU cache (see `_BLOCK`).
    step = max(1, _BLOCK // rest.shape[1])
    for first in range(0, len(offset), step):
        rows = slice(first, first + step)
        lowest = rest_min + offset[rows].min()  # the offsets are positive
        digamma, trigamma = _series(rest[rows] + offset[rows, None], lowest)
        if weight is None:
            psi[rows] += digamma.sum(axis=1)
            tri[rows] += trigamma.sum(axis=1)
        else:
            psi[rows] += np.einsum("ij,ij->i", digamma, weight[rows])
            tri[rows] += np.einsum("ij,ij->i", trigamma, weight[rows])
    return psi, tri


def _table_row_sums(counts: np.ndarray, offset: np.ndarray):
    """`_row_sums` from a table of digamma and trigamma at (offset + 0, 1, ..., max count) per
    distinct offset, when that table is much smaller than the counts (else None).

    ``counts`` are whole numbers (floats), shape (rows, villages).
    """
    distinct, inverse = np.unique(offset, return_inverse=True)
    top = int(counts.max())
    if len(distinct) * (top + 1) * 4 > counts.size:
        return None
    psi_table, tri_table = _digamma_trigamma(distinct[:, None] + np.arange(top + 1.0))
    flat = (inverse * (top + 1))[:, None] + counts.astype(np.int64)
    return psi_table.ravel()[flat].sum(axis=1), tri_table.ravel()[flat].sum(axis=1)


def _shared_row_sums(layout, offset: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """`_row_sums` for rows that all hold the counts of a one-row ``layout``.

    Computed once per distinct offset: all replicates of a prior start from the same one.
    """
    distinct, inverse = np.unique(offset, return_inverse=True)
    tally, rest, weight, rest_min = layout
    rows = len(distinct)
    wide = (
        np.broadcast_to(tally, (rows, tally.shape[1])),
        np.broadcast_to(rest, (rows, rest.shape[1])),
        None if weight is None else np.broadcast_to(weight, (rows, weight.shape[1])),
        rest_min,
    )
    psi, tri = _row_sums(wide, distinct)
    return psi[inverse], tri[inverse]


def _newton_priors(x, n, u, v, iterations: int, tolerance: float = 1e-7):
    """Maximise the beta-binomial likelihood of each row of ``x`` by Newton's method.

    Works in (u, v) = (log alpha, log beta) with analytic derivatives (digamma, trigamma); each
    step is capped at one e-fold, is a gradient step where the likelihood is not locally concave,
    and is kept inside the bounds of the mean and phi. A row stops once a step moves it by less
    than ``tolerance``; later steps compute only the rows still moving.

    Parameters
    ----------
    x : ndarray, shape (rows, villages)
        Counts, one set per row (a column of a year, or a bootstrap replicate).
    n : ndarray, shape (villages,)
        Families per village (the same for every row).
    u, v : ndarray, shape (rows,)
        Starting log alpha and log beta.
    iterations : int
        At most this many steps.

    Returns
    -------
    u, v : ndarray, shape (rows,)
        The fitted log alpha and log beta.
    settled : ndarray of bool, shape (rows,)
        Whether the row stopped moving within ``iterations``.
    """
    u, v = np.array(u, dtype=float), np.array(v, dtype=float)
    settled = np.zeros(len(u), dtype=bool)
    layouts = [_count_layout(x), _count_layout(n[None, :] - x)]
    families = _count_layout(n[None, :])  # the same in every row
    # Rows that start from the same prior (every replicate of one) share the first step's
    # digamma values: one table per start over the whole counts 0..max (`_table_row_sums`).
    whole = [x, n[None, :] - x] if (x == np.floor(x)).all() and x.min() >= 0 else None
    active = np.arange(len(u))  # the rows still moving, which the layouts hold
    for step in range(iterations):
        new_u, new_v = _newton_step(
            *layouts, families, u[active], v[active], x.shape[1], whole if step == 0 else None
        )
        moved = np.maximum(np.abs(new_u - u[active]), np.abs(new_v - v[active]))
        u[active], v[active] = new_u, new_v
        still = moved >= tolerance
        settled[active[~still]] = True
        if not still.any():
            break
        if not still.all():
            active = active[still]
            layouts = [
                (*(part if part is None else part[still] for part in layout[:3]), layout[3])
                for layout in layouts
            ]
    return u, v, settled


def _newton_step(successes, failures, families, u, v, villages: int, whole=None):
    """One step of `_newton_priors` for each row; the new (log alpha, log beta).

    ``whole``: the successes and failures as whole numbers, for `_table_row_sums`, or None.
    """
    a, b = np.exp(u), np.exp(v)
    s = a + b
    (psi_a, psi_b, psi_s), (tri_a, tri_b, tri_s) = _digamma_trigamma(np.stack([a, b, s]))
    sums = None if whole is None else _table_row_sums(whole[0], a)
    psi_xa, tri_xa = sums or _row_sums(successes, a)
    sums = None if whole is None else _table_row_sums(whole[1], b)
    psi_rb, tri_rb = sums or _row_sums(failures, b)
    psi_ns, tri_ns = _shared_row_sums(families, s)
    common = villages * psi_s - psi_ns
    g_a = psi_xa - villages * psi_a + common
    g_b = psi_rb - villages * psi_b + common
    h_ab = villages * tri_s - tri_ns
    h_aa = tri_xa - villages * tri_a + h_ab
    h_bb = tri_rb - villages * tri_b + h_ab
    # Chain rule to (u, v) = (log a, log b).
    grad_u, grad_v = a * g_a, b * g_b
    h_uu = a * a * h_aa + a * g_a
    h_vv = b * b * h_bb + b * g_b
    h_uv = a * b * h_ab
    det = h_uu * h_vv - h_uv**2
    concave = (h_uu < 0) & (det > 0)
    safe = np.where(concave, det, 1.0)
    step_u = np.where(concave, -(h_vv * grad_u - h_uv * grad_v) / safe, grad_u)
    step_v = np.where(concave, -(h_uu * grad_v - h_uv * grad_u) / safe, grad_v)
    scale = np.minimum(1.0, 1.0 / np.maximum(np.abs(step_u), np.abs(step_v)).clip(1e-12))
    return _clip_prior(u + scale * step_u, v + scale * step_v)


def refit_beta_priors(successes, trials, start, iterations: int = 30) -> dict:
    """Refit the beta prior to many sets of counts at once (e.g. bootstrap replicates).

    Newton's method on the beta-binomial log-likelihood in (log alpha, log beta), with analytic
    derivatives (digamma, trigamma), started from ``start`` (the prior fitted to the observed
    counts) and kept inside the bounds of `fit_beta_prior` (`_newton_priors`). Laird and Louis
    (1987): an empirical Bayes interval must redo the prior's estimation in every replicate, or
    it leaves out the prior's own uncertainty.

    Parameters
    ----------
    successes : ndarray, shape (replicates, villages)
    trials : ndarray, shape (villages,)
    start : dict or list of dict
        A fitted prior (`fit_beta_prior`) for every replicate, or one per replicate.
    iterations : int
        At most this many Newton steps (each capped at one e-fold); a replicate stops when its
        step moves it by less than 1e-7.

    Returns
    -------
    dict
        ``alpha, beta, mean, phi``: arrays of shape (replicates,).
    """
    x = np.atleast_2d(np.asarray(successes, dtype=float))
    n = np.asarray(trials, dtype=float)
    starts = start if isinstance(start, list) else [start] * x.shape[0]
    u0 = np.log([prior["alpha"] for prior in starts])
    v0 = np.log([prior["beta"] for prior in starts])
    u, v, _ = _newton_priors(x, n, u0, v0, iterations)
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
        One fitted prior per column; fitted here (`fit_beta_priors`) when omitted.

    Returns
    -------
    shares : ndarray, shape (villages, columns)
        Posterior means ``(alpha + x) / (alpha + beta + n)``.
    priors : list of dict
    """
    x = np.asarray(counts, dtype=float)
    n = np.asarray(trials, dtype=float)
    if priors is None:
        priors = fit_beta_priors(x, n)
    alpha = np.array([p["alpha"] for p in priors])
    phi = np.array([p["phi"] for p in priors])
    return (alpha[None, :] + x) / (phi[None, :] + n[:, None]), priors
