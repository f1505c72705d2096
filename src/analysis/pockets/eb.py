"""Empirical Bayes desil-1 shares: a beta prior fitted to all villages, posterior means.

The prior is fitted by maximising the beta-binomial marginal likelihood (Newton's method with
analytic derivatives, batched over count columns and bootstrap replicates; L-BFGS-B where Newton
does not settle); each village's share is its posterior mean, with an equal-tailed credible
interval. Small villages move more toward the regency mean (weight on the prior = phi / (phi +
families)).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

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
    if shifted:
        bound = _ASYMPTOTIC_FROM
    elif lowest is None:
        bound = z.min()
    else:  # below 10, ``lowest`` was a loose bound: no value is below 10
        bound = max(lowest, _ASYMPTOTIC_FROM)
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


# Rows of the successes' tail-count tables handled together (`_Successes`), and the largest
# count (per village of a row) for which such a table is used.
_CHUNK_ROWS = 64
_TABLE_LIMIT = 4
# Products of this many arguments (2**4) stand for their logs in `_log_row_sums`.
_LOG_PRODUCT_LEVELS = 4


class _Successes:
    """Each row's sums over villages of digamma(x + a) - digamma(a) and the trigamma difference.

    For whole counts x these are finite sums: psi(x + a) - psi(a) = sum over j < x of 1 / (a + j),
    so a row needs only c_j, the number of its villages with a count above j (j below the row's
    largest count), and the sums are sum_j c_j / (a + j) and -sum_j c_j / (a + j)**2 at every
    step, without a special function. Rows with similar largest counts share a table (chunks of
    `_CHUNK_ROWS`). Counts that are not whole, or so large that the table would outgrow the
    counts, go through `_row_sums`.
    """

    def __init__(self, x: np.ndarray):
        self.x = x
        self.whole = whole = bool((x == np.floor(x)).all() and x.min() >= 0)
        largest = x.max(axis=1) if whole else np.zeros(len(x))
        order = np.argsort(largest, kind="stable")
        self.chunks = []
        for first in range(0, len(order), _CHUNK_ROWS):
            rows = order[first : first + _CHUNK_ROWS]
            top = int(largest[rows].max())
            if not whole or top > _TABLE_LIMIT * x.shape[1]:
                self.chunks.append((rows, None))
                continue
            codes = (np.arange(len(rows)) * (top + 1))[:, None] + x[rows].astype(np.int64)
            tally = np.bincount(codes.ravel(), minlength=len(rows) * (top + 1))
            above = x.shape[1] - np.cumsum(tally.reshape(len(rows), top + 1), axis=1)
            self.chunks.append((rows, above[:, :top].astype(float)))

    def sums(self, active: np.ndarray, a: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The two sums for the rows ``active`` at their ``a`` (aligned with ``active``)."""
        position = np.full(len(self.x), -1)
        position[active] = np.arange(len(active))
        psi, tri = np.zeros(len(active)), np.zeros(len(active))
        for rows, above in self.chunks:
            where = position[rows]
            keep = where >= 0
            if not keep.any():
                continue
            where = where[keep]
            if above is None:
                psi_xa, tri_xa = _row_sums(self.x[rows[keep]], a[where])
                psi_a, tri_a = _digamma_trigamma(a[where])
                psi[where] = psi_xa - self.x.shape[1] * psi_a
                tri[where] = tri_xa - self.x.shape[1] * tri_a
            elif above.shape[1]:
                above = above[keep]
                inverse = 1.0 / (a[where, None] + np.arange(above.shape[1]))
                weighted = above * inverse
                psi[where] = weighted.sum(axis=1)
                tri[where] = -np.einsum("ij,ij->i", weighted, inverse)
        return psi, tri


def _row_sums(base: np.ndarray, offset: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each row's sums over villages of digamma and trigamma of (base + the row's offset).

    ``base`` has one row per offset, or one row shared by all. Blocks of rows keep the
    temporaries in the CPU cache (see `_BLOCK`); where every argument is at least 10 the sums
    come from sums of powers of 1/z (`_power_row_sums`), else from `_series`.
    """
    rows = len(offset)
    base = np.broadcast_to(base, (rows, base.shape[-1]))
    base_min, base_max = float(base.min()), float(base.max())
    psi, tri = np.empty(rows), np.empty(rows)
    step = max(1, _BLOCK // base.shape[1])
    for first in range(0, rows, step):
        block = slice(first, first + step)
        z = base[block] + offset[block, None]
        lowest = base_min + float(offset[block].min())  # the offsets are positive
        if lowest >= _ASYMPTOTIC_FROM and base_max + float(offset[block].max()) < 1e15:
            psi[block], tri[block] = _power_row_sums(z, lowest)
        else:
            digamma, trigamma = _series(z, lowest)
            psi[block], tri[block] = digamma.sum(axis=1), trigamma.sum(axis=1)
    return psi, tri


def _power_row_sums(z: np.ndarray, lowest: float) -> tuple[np.ndarray, np.ndarray]:
    """Row sums of digamma and trigamma of z >= 10: the Stirling series of `_series` summed
    term by term, sum(log z) - sum(1/z) / 2 - sum_k D_k sum(z**-2k) and
    sum(1/z) + sum(z**-2) / 2 + sum_k T_k sum(z**-(2k+1)), which needs one division per value
    and no special function but the logs of a few products (`_log_row_sums`)."""
    terms = next(count for start, count in _TERMS_FROM if lowest >= start)
    r = 1.0 / z
    power = r.copy()
    sums = [r.sum(axis=1)]  # sums[j]: the row sums of z**-(j + 1)
    for _ in range(2 * terms):
        power *= r
        sums.append(power.sum(axis=1))
    digamma = _log_row_sums(z) - 0.5 * sums[0]
    trigamma = sums[0] + 0.5 * sums[1]
    for k in range(1, terms + 1):
        digamma -= _DIGAMMA_TERMS[k - 1] * sums[2 * k - 1]
        trigamma += _TRIGAMMA_TERMS[k - 1] * sums[2 * k]
    return digamma, trigamma


def _log_row_sums(z: np.ndarray) -> np.ndarray:
    """Each row's sum of log z (10 <= z < 1e15), as the logs of products of up to 16 values.

    A product of 16 such values stays between 1e16 and 1e240, and its log is as exact as the sum
    of the 16 logs; a log costs about ten multiplications.
    """
    product = z
    for _ in range(_LOG_PRODUCT_LEVELS):
        width = product.shape[1]
        if width < 2:
            break
        half = width // 2
        paired = np.empty((len(product), width - half))
        np.multiply(product[:, :half], product[:, width - half :], out=paired[:, :half])
        paired[:, half:] = product[:, half : width - half]  # the middle value of an odd width
        product = paired
    return np.log(product).sum(axis=1)


def _shared_row_sums(base: np.ndarray, offset: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """`_row_sums` for rows that all hold the same ``base`` (one row): once per distinct offset."""
    distinct, inverse = np.unique(offset, return_inverse=True)
    psi, tri = _row_sums(base, distinct)
    return psi[inverse], tri[inverse]


def _table_row_sums(counts: np.ndarray, offset: np.ndarray):
    """`_row_sums` from a table of digamma and trigamma at (offset + 0, 1, ..., max count) per
    distinct offset, when that table is much smaller than the counts (else None).

    ``counts`` are whole numbers (floats), shape (rows, villages). Used at the first step, when
    the rows (every replicate of a prior) start from a few distinct priors.
    """
    distinct, inverse = np.unique(offset, return_inverse=True)
    top = int(counts.max())
    if len(distinct) * (top + 1) * 4 > counts.size:
        return None
    psi_table, tri_table = _digamma_trigamma(distinct[:, None] + np.arange(top + 1.0))
    flat = (inverse * (top + 1))[:, None] + counts.astype(np.int64)
    return psi_table.ravel()[flat].sum(axis=1), tri_table.ravel()[flat].sum(axis=1)


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
    parts = _LikelihoodParts(x, n)
    active = np.arange(len(u))  # the rows still moving
    for step in range(iterations):
        new_u, new_v = _newton_step(parts, active, u[active], v[active], first=step == 0)
        moved = np.maximum(np.abs(new_u - u[active]), np.abs(new_v - v[active]))
        u[active], v[active] = new_u, new_v
        still = moved >= tolerance
        settled[active[~still]] = True
        if not still.any():
            break
        active = active[still]
    return u, v, settled


@dataclass
class _LikelihoodParts:
    """The counts of `_newton_priors` in the forms its sums need."""

    x: np.ndarray
    n: np.ndarray

    def __post_init__(self):
        self.successes = _Successes(self.x)
        self.failures = self.n[None, :] - self.x
        self.whole_failures = self.successes.whole and self.failures.min() >= 0


def _newton_step(parts: _LikelihoodParts, active, u, v, first: bool):
    """One step of `_newton_priors` for the rows ``active``; the new (log alpha, log beta).

    ``first``: the rows may share their starting prior (every replicate of one), so the
    failures' sums may come from one table per distinct start (`_table_row_sums`).
    """
    villages = parts.x.shape[1]
    a, b = np.exp(u), np.exp(v)
    s = a + b
    (psi_b, psi_s), (tri_b, tri_s) = _digamma_trigamma(np.stack([b, s]))
    excess_psi_a, excess_tri_a = parts.successes.sums(active, a)  # minus villages * psi(a)
    failures = parts.failures[active] if len(active) < len(parts.x) else parts.failures
    sums = _table_row_sums(failures, b) if first and parts.whole_failures else None
    psi_rb, tri_rb = sums or _row_sums(failures, b)
    psi_ns, tri_ns = _shared_row_sums(parts.n[None, :], s)
    common = villages * psi_s - psi_ns
    g_a = excess_psi_a + common
    g_b = psi_rb - villages * psi_b + common
    h_ab = villages * tri_s - tri_ns
    h_aa = excess_tri_a + h_ab
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
