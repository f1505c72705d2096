"""Aggregation of ATT(g, t) with fixed weights, and the tables of the aggregated effects.

Every aggregate is a `Linear` statistic: a weight vector ``a`` on the outcome (flattened units x
periods) with the cluster sums of its influence function ``S``. The aggregations are those of
Callaway and Sant'Anna (2021, section 3) and of ``aggte`` in their R package did (simple, group,
dynamic, calendar; see `build_aggregates`). Weights proportional to cohort sizes are estimated,
so their influence function enters the standard errors (`weighted`).
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


AGGREGATIONS = ("simple", "group", "dynamic", "calendar")


def _scaled(stat: Linear, w: float) -> tuple[np.ndarray, np.ndarray]:
    return w * stat.a, w * stat.s


def _sum(parts, sample) -> Linear:
    a = np.zeros(sample.n_periods * sample.n_units)
    s = np.zeros((sample.n_clusters, a.size))
    for part_a, part_s in parts:
        a += part_a
        s += part_s
    return Linear(a, s)


def weighted(sample, items, groups) -> Linear:
    """``sum_k w_k theta_k`` with ``w_k = P(G = g_k) / sum_j P(G = g_j)``, estimated weights.

    ``items`` are `Linear` statistics and ``groups`` their cohorts. The influence function adds
    the estimated-weights term of Callaway and Sant'Anna (2021, the ``wif`` of the did package):
    ``sum_k theta_k * IF(w_k)`` with ``IF(w_k)_i = (1{G_i = g_k} - p_k) / S
    - p_k * sum_j (1{G_i = g_j} - p_j) / S**2``, ``p_k = P(G = g_k)``, ``S = sum_j p_j``.
    """
    n = sample.n_units
    groups = np.asarray(groups)
    indicator = (sample.cohort[:, None] == groups[None, :]).astype(float)  # (units, K)
    p = indicator.mean(axis=0)
    total = p.sum()
    weights = p / total
    centred = indicator - p[None, :]
    wif = centred / total - np.outer(centred.sum(axis=1), p) / total**2  # (units, K)
    by_cluster = sample.onehot @ wif / n  # (G, K), the 1/n scale of the cells' blocks
    parts = [_scaled(stat, w) for stat, w in zip(items, weights, strict=True)]
    parts += [(0.0, np.outer(by_cluster[:, k], stat.a)) for k, stat in enumerate(items)]
    return _sum(parts, sample)


def average(sample, items) -> Linear:
    """The plain average of ``items`` (fixed weights)."""
    return _sum([_scaled(stat, 1.0 / len(items)) for stat in items], sample)


def build_aggregates(sample, cells, cohorts, base_offset: int = 1) -> dict:
    """Return every aggregate of the ATT(g, t) as `Linear` statistics.

    Definitions are those of Callaway and Sant'Anna (2021, section 3) and of ``aggte`` in their
    R package did, with ``P(G = g)`` weights estimated (their influence function included):

    * ``("cohort", g)``: the average of cohort g's post-treatment cells (``t >= g``), fixed
      weights; ``("overall",)`` = ``("group",)``: those averaged over cohorts weighted by size;
    * ``("simple",)``: every post-treatment cell weighted by its cohort's size;
    * ``("event", e)``: cells with ``t - g = e`` weighted by cohort size (pre-periods too);
      ``("dynamic",)``: the plain average of ``("event", e)`` over ``e >= 0``;
    * ``("calendar_t", t)``: post-treatment cells of period t weighted by cohort size;
      ``("calendar",)``: their plain average over periods.

    ``("cell", k)`` is the k-th cell of ``cells`` on its own.
    """
    one = [combine(sample, [(c, 1.0)]) for c in cells]
    stats_ = {}
    post = [k for k, c in enumerate(cells) if c.period >= c.cohort]
    by_cohort = {}
    for g in cohorts:
        own = [one[k] for k in post if cells[k].cohort == g]
        by_cohort[g] = stats_[("cohort", g)] = average(sample, own)
    stats_[("overall",)] = stats_[("group",)] = weighted(
        sample, [by_cohort[g] for g in cohorts], cohorts
    )
    stats_[("simple",)] = weighted(sample, [one[k] for k in post], [cells[k].cohort for k in post])
    events = sorted({c.period - c.cohort for c in cells})
    for e in events:
        own = [k for k, c in enumerate(cells) if c.period - c.cohort == e]
        stats_[("event", e)] = weighted(
            sample, [one[k] for k in own], [cells[k].cohort for k in own]
        )
    stats_[("dynamic",)] = average(sample, [stats_[("event", e)] for e in events if e >= 0])
    periods = sorted({cells[k].period for k in post})
    for t in periods:
        own = [k for k in post if cells[k].period == t]
        stats_[("calendar_t", t)] = weighted(
            sample, [one[k] for k in own], [cells[k].cohort for k in own]
        )
    stats_[("calendar",)] = average(sample, [stats_[("calendar_t", t)] for t in periods])
    for k in range(len(cells)):
        stats_[("cell", k)] = one[k]
    return stats_


def aggregation_tables(sample, cells, infer) -> dict:
    """``{kind: {"overall": inferred dict, "detail": list of rows}}`` for the four aggregations."""
    out = {}
    for kind, key, label in (
        ("simple", None, None),
        ("group", "cohort", "cohort"),
        ("dynamic", "event", "event_time"),
        ("calendar", "calendar_t", "period"),
    ):
        detail = []
        for stat_key, row in infer.items():
            if key is None or stat_key[0] != key:
                continue
            value = stat_key[1]
            shown = value if key == "event" else period_label(sample.periods[value])
            detail.append({label: shown, **row})
        out[kind] = {"overall": infer[(kind,)], "detail": detail}
    return out


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


def event_table(
    sample, cells, cohorts, infer, base_offset: int, base_period: str = "universal"
) -> pd.DataFrame:
    """One row per event time; with a universal base the base period is included as the
    reference row (estimate 0, no interval)."""
    rows = []
    reference = -base_offset if base_period == "universal" else None
    events = sorted({c.period - c.cohort for c in cells} | ({reference} - {None}))
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
