"""The comparisons of the group-time design: the estimation sample, the 2x2 cells, TWFE.

Everything here depends on who is treated when, never on the outcome values, so it is built once
per estimation sample and shared by every outcome observed for the same units. Each ATT(g, t) is
a linear map of the long difference ``y_t - y_base`` (`Cell.s`), and so is its influence function
summed within clusters (`Cell.block`); the aggregates of `analysis.impact.aggregation` are fixed
combinations of these maps.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from analysis.errors import InputError
from analysis.impact.aggregation import Linear
from analysis.impact.panel import (
    EstimatorOptions,
    PanelStructure,
    bilingual,
    localised,
    period_label,
)
from analysis.yamlread import shown


@dataclass
class Sample:
    """One estimation sample: its units sorted by cluster, their cohorts and cluster layout."""

    periods: np.ndarray
    n_periods: int
    rows: np.ndarray  # positions of the sample's units among the panel's units
    cohort: np.ndarray  # period position of first treatment, inf for never
    x: np.ndarray  # (units, 1 + covariates)
    cluster: np.ndarray  # cluster index of each unit, 0..G-1, non-decreasing
    n_clusters: int
    n_units: int
    starts: np.ndarray  # first observation of each cluster in the flattened units x periods
    onehot: np.ndarray  # (G, units) cluster membership
    ssc: float  # small-sample factor G / (G - 1)
    notes: list[str]


def build_sample(structure: PanelStructure, kept, periods, settings: EstimatorOptions) -> Sample:
    """Return the sample of the units ``kept`` for an outcome observed in ``periods``."""
    periods = np.asarray(periods, dtype=float)
    notes: list[str] = []
    keep, cohort = _cohorts(structure, kept, periods, settings.base_offset, notes)
    # Units sorted by cluster so that each cluster's observations are contiguous.
    codes = structure.cluster_code[keep]
    order = np.argsort(codes, kind="stable")
    rows = keep[order]
    used, cluster = np.unique(codes[order], return_inverse=True)
    n_clusters, n_units = len(used), len(rows)
    if n_clusters < 2:
        raise InputError(bilingual("errs_imp_sample_one_cluster"))
    unit_starts = np.flatnonzero(np.r_[True, np.diff(cluster) != 0])
    onehot = np.zeros((n_clusters, n_units))
    onehot[cluster, np.arange(n_units)] = 1.0
    return Sample(
        periods=periods,
        n_periods=len(periods),
        rows=rows,
        cohort=cohort[order],
        x=structure.x[rows],
        cluster=cluster,
        n_clusters=n_clusters,
        n_units=n_units,
        starts=unit_starts * len(periods),
        onehot=onehot,
        ssc=n_clusters / (n_clusters - 1),
        notes=notes,
    )


def _cohorts(structure: PanelStructure, kept, periods, offset: int, notes: list[str]):
    """Return the units kept (positions) and their cohorts as period positions (inf for never).

    Units first treated after the last period count as never treated; units without a base
    period are left out; both are noted.
    """
    n_periods = len(periods)
    value = structure.cohort_value[kept]
    after = np.isfinite(value) & (value > periods[-1])
    if after.any():
        notes.append(
            f"{int(after.sum())} unit(s) first treated after the last period "
            f"{period_label(periods[-1])} count as never treated within the panel."
        )
        value = np.where(after, np.inf, value)
    if offset >= n_periods:
        raise InputError(bilingual("errs_imp_base_offset_periods", offset=offset, n=n_periods))
    always = value <= periods[offset - 1]
    if always.any():
        notes.append(
            f"{int(always.sum())} unit(s) first treated in {period_label(periods[offset - 1])} "
            f"or earlier have no base period ({offset} period(s) before treatment) and were "
            f"left out."
        )
    keep = np.flatnonzero(kept)[~always]
    cohort = np.full(len(keep), np.inf)
    finite = np.isfinite(value[~always])
    missing = finite & ~np.isin(value[~always], periods)
    if missing.any():
        raise InputError(
            bilingual(
                "errs_imp_cohort_no_data",
                column=structure.first_treated,
                period=period_label(value[~always][missing][0]),
                periods=shown([period_label(p) for p in periods]),
            )
        )
    cohort[finite] = np.searchsorted(periods, value[~always][finite])
    if not finite.any():
        raise InputError(bilingual("errs_imp_none_treated", column=structure.first_treated))
    return keep, cohort


@dataclass
class Cell:
    """One ATT(g, t): cohort ``g`` against its controls, period ``t`` against the base."""

    cohort: int  # period position of first treatment
    period: int
    base: int
    n_treated: int
    n_control: int
    s: np.ndarray  # (N,) weights of the long difference: ATT = s @ (y_t - y_base)
    block: np.ndarray  # (G, N) cluster sums of the influence function per long difference


def build_cells(sample: Sample, settings: EstimatorOptions, first_treated: str) -> list[Cell]:
    """Return every ATT(g, t) with its control group, or raise naming a cell without controls."""
    never = np.isinf(sample.cohort)
    p = sample.x.shape[1]
    cells, empty = [], []
    for g in sorted({int(c) for c in sample.cohort[~never]}):
        treated = sample.cohort == g
        for t in range(sample.n_periods):
            base = _base(g, t, settings)
            if base is None:
                continue
            if settings.control == "never_treated":
                ctrl = never
            else:
                # With base g - k, units react (or are selected) up to k - 1 periods before
                # g, so a not-yet-treated control must not be within that window at t or at
                # the base (the `anticipation` of Callaway and Sant'Anna).
                anticipation = settings.base_offset - 1
                ctrl = (sample.cohort > max(t, base) + anticipation) & ~treated
            n_c = int(ctrl.sum())
            if n_c == 0:
                empty.append((g, t))
                continue
            if p > 1 and n_c <= p:
                raise InputError(
                    bilingual(
                        "errs_imp_few_controls",
                        cohort=period_label(sample.periods[g]),
                        n=n_c,
                        period=period_label(sample.periods[t]),
                        k=p - 1,
                    )
                )
            cells.append(_cell(sample, g, t, base, treated, ctrl))
    if empty:
        # Name first a cohort that cannot be compared even in its first treated period.
        empty.sort(key=lambda cell: (cell[1] != cell[0], cell))
        g, t = empty[0]
        raise InputError(_no_control_message(sample, settings, first_treated, g, t, len(empty)))
    return cells


def _base(g: int, t: int, settings: EstimatorOptions) -> int | None:
    """The base period of ATT(g, t), or None when the cell is not estimated.

    After ``g - base_offset`` (the anticipation window and the post periods) the base is
    ``g - base_offset``. Before it, a ``universal`` base keeps ``g - base_offset`` (that cell is
    the reference, not estimated), a ``varying`` base compares ``t`` with ``t - 1`` (the
    default of Callaway and Sant'Anna's did package; the first period then has no cell).
    """
    universal = g - settings.base_offset
    if t > universal:
        return universal
    if settings.base_period == "universal":
        return None if t == universal else universal
    return t - 1 if t >= 1 else None


def is_pre(cell: Cell, base_offset: int) -> bool:
    """True for a pre-period cell: ``t`` at or before ``g - base_offset`` (not anticipation)."""
    return cell.period <= cell.cohort - base_offset


def _no_control_message(
    sample: Sample, settings: EstimatorOptions, first_treated, g, t, n_empty
) -> str:
    cohort_text, period_text = period_label(sample.periods[g]), period_label(sample.periods[t])
    if settings.control == "never_treated":
        why, fix = localised("errs_imp_why_never"), localised("errs_imp_fix_never")
    else:
        why = localised("errs_imp_why_all", period=period_text)
        fix = localised("errs_imp_fix_all", period=period_text)
    return bilingual(
        "errs_imp_no_control",
        cohort=cohort_text,
        column=first_treated,
        period=period_text,
        control=settings.control,
        why=why,
        fix=fix,
        n=n_empty,
    )


def _cell(sample: Sample, g, t, base, treated, ctrl) -> Cell:
    """The regression-adjusted 2x2 comparison (Sant'Anna and Zhao) as maps of the long difference.

    Controls are weighted by ``h`` so that their covariate-predicted change matches the treated
    units' mean covariates; without covariates ``h`` is the plain control mean.
    """
    x = sample.x
    n_t = int(treated.sum())
    xc = x[ctrl]
    inverse = np.linalg.pinv(xc.T @ xc)
    x_treated = x[treated].mean(axis=0)
    h = xc @ inverse @ x_treated  # control weights of the regression-adjusted comparison
    s = np.zeros(sample.n_units)
    s[treated] = 1.0 / n_t
    s[ctrl] = -h
    # Influence function of the cell, summed by cluster, as a map of the long difference:
    # treated i: (dy_i - x_i'beta - att) / n_t; control j: -h_j (dy_j - x_j'beta).
    onehot = sample.onehot
    block = onehot * s[None, :]
    x_t_by_cluster = onehot[:, treated] @ x[treated] / n_t
    x_c_by_cluster = onehot[:, ctrl] @ (h[:, None] * xc)
    block[:, ctrl] -= (x_t_by_cluster - x_c_by_cluster) @ inverse @ xc.T
    n_t_by_cluster = onehot[:, treated].sum(axis=1)
    block -= np.outer(n_t_by_cluster / n_t, s)
    return Cell(g, t, base, n_t, int(ctrl.sum()), s, block)


@dataclass
class Twfe:
    """The static two-way fixed effects benchmark: its estimate as a linear statistic, its fit."""

    stat: Linear
    d: np.ndarray  # the treatment dummy, demeaned by unit and period
    dd: float

    def fit(self, y):
        """Fitted values of the TWFE regression (unit and period effects plus the dummy)."""
        residual = _two_way_demean(y) - self.d * (self.d * y).sum() / self.dd
        return y - residual


def build_twfe(sample: Sample) -> Twfe:
    """Return the TWFE coefficient on the treated dummy with its cluster influence maps."""
    t = np.arange(sample.n_periods)
    treated = (t[None, :] >= sample.cohort[:, None]).astype(float)
    d = _two_way_demean(treated)
    dd = float((d * d).sum())
    z = d[None, :, :] * sample.onehot[:, :, None]
    zd = z - z.mean(axis=2, keepdims=True) - z.mean(axis=1, keepdims=True)
    zd = zd + z.mean(axis=(1, 2), keepdims=True)
    own = (z * d[None]).sum(axis=(1, 2))
    s = (zd - own[:, None, None] * d[None] / dd) / dd
    return Twfe(Linear((d / dd).ravel(), s.reshape(sample.n_clusters, -1)), d, dd)


def _two_way_demean(z):
    return z - z.mean(axis=1, keepdims=True) - z.mean(axis=0, keepdims=True) + z.mean()
