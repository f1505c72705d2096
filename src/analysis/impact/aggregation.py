"""Aggregation of ATT(g, t) with fixed weights, and the tables of the aggregated effects.

Every aggregate is a `Linear` statistic: a weight vector ``a`` on the outcome (flattened units x
periods) with the cluster sums of its influence function ``S``. Cohort effects average a
cohort's post periods; the overall effect weights cohorts by their number of units; event-time
effects weight the cohorts observed at that event time by size. The weights are fixed (cohort
sizes are treated as known), so they carry no sampling variance.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from analysis.impact.panel import period_label


@dataclass
class Linear:
    """A statistic ``a'y`` with cluster sums of its influence function ``S y`` (y flattened)."""

    a: np.ndarray  # (n_obs,)
    s: np.ndarray  # (G, n_obs)
    _a_maps: tuple | None = None

    def maps(self, z, starts):
        """Per-cluster contributions of data ``z``: to the estimate (G,) and to S z (G, G)."""
        return (
            np.add.reduceat(self.a * z, starts),
            np.add.reduceat(self.s * z[None, :], starts, axis=1),
        )

    def a_maps(self, starts):
        """`maps` of the weight vector itself (cached: it is the same for every outcome)."""
        if self._a_maps is None:
            self._a_maps = self.maps(self.a, starts)
        return self._a_maps


def combine(sample, weights) -> Linear:
    """Return the statistic ``sum_w w * ATT(g, t)`` over ``(cell, w)`` pairs."""
    a = np.zeros((sample.n_periods, sample.n_units))
    s = np.zeros((sample.n_periods, sample.n_clusters, sample.n_units))
    for cell, w in weights:
        a[cell.period] += w * cell.s
        a[cell.base] -= w * cell.s
        s[cell.period] += w * cell.block
        s[cell.base] -= w * cell.block
    # Observations are ordered unit by unit (row-major units x periods).
    return Linear(
        np.ascontiguousarray(a.T).ravel(),
        np.ascontiguousarray(s.transpose(1, 2, 0)).reshape(sample.n_clusters, -1),
    )


def build_aggregates(sample, cells, cohorts) -> dict:
    """Return the cohort, overall and event-time statistics, keyed ``("cohort", g)``,
    ``("overall",)`` and ``("event", e)`` in that order."""
    stats_ = {}
    post = [c for c in cells if c.period >= c.cohort]
    sizes = {g: next(c.n_treated for c in cells if c.cohort == g) for g in cohorts}
    total = sum(sizes.values())
    overall = []
    for g in cohorts:
        own = [c for c in post if c.cohort == g]
        stats_[("cohort", g)] = combine(sample, [(c, 1.0 / len(own)) for c in own])
        overall += [(c, sizes[g] / total / len(own)) for c in own]
    stats_[("overall",)] = combine(sample, overall)
    for e in sorted({c.period - c.cohort for c in cells}):
        own = [c for c in cells if c.period - c.cohort == e]
        n = sum(c.n_treated for c in own)
        stats_[("event", e)] = combine(sample, [(c, c.n_treated / n) for c in own])
    return stats_


def cohort_table(sample, cells, cohorts, infer) -> pd.DataFrame:
    """One row per cohort: size, post periods and the inferred effect."""
    rows = []
    for g in cohorts:
        own = [c for c in cells if c.cohort == g]
        rows.append(
            {
                "cohort": period_label(sample.periods[g]),
                "n_units": own[0].n_treated,
                "n_periods": sum(c.period >= g for c in own),
                **infer[("cohort", g)],
            }
        )
    return pd.DataFrame(rows)


def event_table(sample, cells, cohorts, infer, base_offset: int) -> pd.DataFrame:
    """One row per event time, the base period included (estimate 0, no interval)."""
    rows = []
    reference = -base_offset
    events = sorted({c.period - c.cohort for c in cells} | {reference})
    for e in events:
        own = [c for c in cells if c.period - c.cohort == e]
        if e == reference:
            row = {
                "estimate": 0.0,
                "se": math.nan,
                "ci_low": math.nan,
                "ci_high": math.nan,
                "p_value": math.nan,
            }
            n_cohorts = len(cohorts)
            n_units = int(np.isfinite(sample.cohort).sum())
        else:
            row = infer[("event", e)]
            n_cohorts, n_units = len(own), sum(c.n_treated for c in own)
        rows.append(
            {
                "event_time": e,
                **row,
                "n_cohorts": n_cohorts,
                "n_units": n_units,
                "reference": e == reference,
            }
        )
    return pd.DataFrame(rows)


def cell_table(sample, cells, y_matrix, alpha: float) -> pd.DataFrame:
    """ATT(g, t) cells with analytic cluster-robust intervals."""
    q = stats.t.ppf(1 - alpha / 2, sample.n_clusters - 1)
    rows = []
    for c in cells:
        dy = y_matrix[:, c.period] - y_matrix[:, c.base]
        phi = c.block @ dy
        estimate, se = float(c.s @ dy), math.sqrt(sample.ssc * float(phi @ phi))
        rows.append(
            {
                "cohort": period_label(sample.periods[c.cohort]),
                "period": period_label(sample.periods[c.period]),
                "event_time": c.period - c.cohort,
                "estimate": estimate,
                "se": se,
                "ci_low": estimate - q * se,
                "ci_high": estimate + q * se,
                "n_treated": c.n_treated,
                "n_control": c.n_control,
            }
        )
    return pd.DataFrame(rows)
