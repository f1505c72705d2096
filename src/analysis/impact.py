"""Impact stage: did priority villages improve faster than comparable villages not yet priority?

Estimator
---------
Priority (lokus) status is staggered and was given to poorer villages, so naive before/after
comparisons and static two-way fixed effects (TWFE) can mislead: TWFE compares late adopters with
early adopters that are already treated, and with effects that grow over time it can be biased,
even in sign. We therefore estimate group-time average treatment effects ATT(g, t) in the manner of
Callaway and Sant'Anna (2021): for the cohort ``g`` first treated in period ``g`` and any period
``t``, a 2x2 difference in differences of the long difference ``Y_t - Y_(g-1)`` between the cohort
and a control group, which is either the units not yet treated by ``max(t, g-1)`` (default, never
treated included) or the never-treated units only. The base period is ``g-1`` for every ``t`` (a
universal base), so pre-period estimates are on the same footing as the event-study coefficients
of a regression with ``e = -1`` omitted; ``base_offset=2`` moves it to ``g-2`` when units were
selected on a bad year just before treatment. Optional covariates enter by outcome regression
within each 2x2 comparison (Sant'Anna and Zhao's regression-adjusted DiD) using each unit's value
in the first period. ATT(g, t) are aggregated with fixed weights to one effect per cohort (average
over its post periods), an overall effect (cohorts weighted by their number of units) and one
effect per event time ``e = t - g`` (cohorts weighted by size). TWFE is computed beside it as a
benchmark.

Inference
---------
Every estimate here is a linear function ``a'y`` of the outcome matrix, and its influence function
summed within clusters is a linear function ``S y`` too. Standard errors are the cluster-robust
(CR1, factor G/(G-1)) standard deviation of those cluster sums. With fewer than ``FEW_CLUSTERS``
clusters the intervals and p-values come from a wild cluster restricted bootstrap-t (WCR, Cameron,
Gelbach and Miller 2008; MacKinnon and Webb): the outcome is regenerated from the model fitted under
the null (unit effects plus cohort-by-period effects, with covariates interacted) plus cluster-level
Rademacher (Webb with very few clusters) sign flips of the restricted residuals; intervals are found
by inverting the test. Because everything is linear, each bootstrap draw reduces to G x G matrix
products (as in fwildclusterboot), so 999 draws cost milliseconds. With many clusters the intervals
are analytic, ``estimate +- t(G-1) * se``. The pre-trend test is a joint Wald test of all
pre-period event-time estimates before the base period (``e <= -2``), bootstrapped under the null
of no pre-trends when the bootstrap is used, otherwise with Hotelling's F(L, G-L) reference
distribution.

Inference treats the cohort sizes as fixed (the villages chosen are the population of interest), so
the aggregation weights carry no sampling variance; Callaway and Sant'Anna add a term for estimated
weights, which matters only when effects differ much between cohorts.

Why hand-written
----------------
We evaluated the maintained Python packages on PyPI. ``csdid`` 0.4.3 (a Callaway-Sant'Anna port)
requires plotnine, twine and drdid at install. ``differences`` 0.3.0 requires polars, formulaic,
joblib and tqdm. ``pyfixest`` 0.60.0 (did2s, event_study, lpdid) installs cleanly, but pulls
maketables with great-tables, python-docx and ipython; its did2s event-time estimates agree with
ours within sampling error on simulated panels, but it gives analytic GMM standard errors only, and
a few-cluster wild bootstrap would mean 999 refits per outcome (about 0.1 s each, some 15 minutes
for nine outcomes, against well under a second here). None offers a wild cluster bootstrap for the
aggregated effects of a staggered design. The estimator itself is group means and small least
squares fits, so it is written here with numpy and checked against known truth in the tests.

Units
-----
Effects are differences in the outcome's own units: pass shares in percentage points (0-100) to read
effects in percentage points. Village data in this project are SIMULATED unless the user supplies
their own export; results built on them must carry the SIMULASI label (the brief does that).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import stats

from analysis.errors import InputError

CONTROL_GROUPS = ("not_yet_treated", "never_treated")
INFERENCE_METHODS = ("auto", "wild_bootstrap", "analytic")
BOOTSTRAP_WEIGHTS = ("auto", "rademacher", "webb")
# Below this many clusters analytic cluster-robust intervals over-reject, so we bootstrap.
FEW_CLUSTERS = 40
# Rademacher weights give only 2**G distinct draws; below this many clusters use Webb's six points.
WEBB_BELOW = 13
DEFAULT_BOOT = 999
DEFAULT_SEED = 20240601
# A pre-trend test on fewer pre-periods than this, fewer treated units or fewer clusters is
# reported with a statement that it says little.
MIN_PRE_PERIODS = 2
MIN_TREATED_UNITS = 20
MIN_CLUSTERS = 10
_MAX_EXAMPLES = 3


# --------------------------------------------------------------------------------------------
# Results


@dataclass
class ImpactResult:
    """Staggered difference-in-differences results for one outcome.

    Attributes
    ----------
    outcome : str
        Outcome column; effects are in its units.
    overall : dict
        ``estimate, se, ci_low, ci_high, p_value`` of the overall ATT (cohorts weighted by size).
    by_cohort : pandas.DataFrame
        One row per cohort: ``cohort, n_units, n_periods, estimate, se, ci_low, ci_high, p_value``.
    by_event_time : pandas.DataFrame
        One row per event time ``e`` (periods since first treatment): ``event_time, estimate, se,
        ci_low, ci_high, p_value, n_cohorts, n_units, reference``; ``e = -base_offset`` (default
        -1) is the base period (``reference`` True, estimate 0 by construction, no interval).
    group_time : pandas.DataFrame
        ATT(g, t) cells with analytic cluster-robust intervals: ``cohort, period, event_time,
        estimate, se, ci_low, ci_high, n_treated, n_control``.
    twfe : dict
        Static TWFE benchmark ``estimate, se, ci_low, ci_high, p_value``.
    pretrend : dict
        ``statistic, df, p_value, method, verdict, limited, statement, n_pre_periods``, where
        ``verdict`` is ``no_evidence_of_pre_trends``, ``pre_trends_detected`` or
        ``not_testable`` and ``limited`` is True when too few pre-periods, treated units or
        clusters make the test say little (``statement`` then says so in plain English).
    info : dict
        Sample sizes, control group, inference settings, periods and cohorts.
    notes : list of str
        Caveats and data handling (dropped units and so on), in English.
    """

    outcome: str
    overall: dict
    by_cohort: pd.DataFrame
    by_event_time: pd.DataFrame
    group_time: pd.DataFrame
    twfe: dict
    pretrend: dict
    info: dict
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        """Return a JSON-serialisable dict (NaN and infinite values become None).

        Keys: ``outcome, units, estimator, control_group, inference, n_units, n_treated_units,
        n_never_treated, n_clusters, n_treated_clusters, periods, cohorts, base_period,
        covariates, overall, by_cohort, by_event_time, group_time, twfe, pretrend, notes``.
        """
        out = {"outcome": self.outcome, **self.info}
        out["overall"] = self.overall
        out["by_cohort"] = self.by_cohort.to_dict(orient="records")
        out["by_event_time"] = self.by_event_time.to_dict(orient="records")
        out["group_time"] = self.group_time.to_dict(orient="records")
        out["twfe"] = self.twfe
        out["pretrend"] = self.pretrend
        out["notes"] = list(self.notes)
        return _jsonable(out)


def _jsonable(value):
    """Convert numpy scalars to Python and non-finite floats to None, recursively."""
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return float(value) if math.isfinite(value) else None
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    return value


# --------------------------------------------------------------------------------------------
# Public entry points


def estimate_impact(
    panel: pd.DataFrame,
    unit: str,
    time: str,
    outcome: str,
    first_treated: str,
    cluster: str | None = None,
    covariates: list[str] | None = None,
    control: str = "not_yet_treated",
    inference: str = "auto",
    n_boot: int = DEFAULT_BOOT,
    weights: str = "auto",
    alpha: float = 0.05,
    seed: int = DEFAULT_SEED,
    base_offset: int = 1,
) -> ImpactResult:
    """Estimate the effect of a staggered treatment on one outcome of a long panel.

    Parameters
    ----------
    panel : pandas.DataFrame
        Long panel, one row per unit and period.
    unit, time : str
        Columns identifying the unit (e.g. ``kode_desa``) and the period (numeric, e.g. ``tahun``).
    outcome : str
        Numeric outcome column. Effects are reported in its units (pass shares in percentage
        points to read effects in percentage points).
    first_treated : str
        Column with the first treated period of each unit, constant within a unit. NaN, None,
        0 and ``np.inf`` mean never treated (so 0 cannot be a period). A value after the last
        period means not treated within the panel (counted as never treated, with a note); a
        value at or before the first period means always treated (dropped, with a note); any
        other value must be one of the panel's periods. Use :func:`first_treated_from_indicator`
        to build it from a 0/1 treatment column.
    cluster : str, optional
        Cluster column (e.g. ``kode_kecamatan``), constant within a unit. Default: each unit is its
        own cluster (robust to serial correlation only).
    covariates : list of str, optional
        Numeric unit characteristics for regression adjustment; each unit's value in the first
        period is used. The TWFE benchmark ignores them.
    control : {"not_yet_treated", "never_treated"}
        Control group for each ATT(g, t).
    inference : {"auto", "wild_bootstrap", "analytic"}
        ``auto`` uses the wild cluster restricted bootstrap with fewer than ``FEW_CLUSTERS``
        clusters and analytic cluster-robust intervals otherwise.
    n_boot : int
        Bootstrap draws (seeded).
    weights : {"auto", "rademacher", "webb"}
        Bootstrap weights; ``auto`` is Rademacher, or Webb below ``WEBB_BELOW`` clusters.
    alpha : float
        One minus the interval level; also the pre-trend test level.
    seed : int
        Seed of the bootstrap draws.
    base_offset : int
        The base period of cohort ``g`` is ``g - base_offset`` (in panel periods). Use 2 when units
        were selected on their outcome in the year before treatment: a transitory bad year
        (regression to the mean) then stays out of the comparison, and event time -1 shows it.

    Returns
    -------
    ImpactResult

    Raises
    ------
    InputError
        Missing columns, duplicate unit-period rows, a non-numeric outcome or period, a first
        treated period or cluster that varies within a unit, or a cohort without control units.
    """
    return estimate_outcomes(
        panel,
        [outcome],
        unit=unit,
        time=time,
        first_treated=first_treated,
        cluster=cluster,
        covariates=covariates,
        control=control,
        inference=inference,
        n_boot=n_boot,
        weights=weights,
        alpha=alpha,
        seed=seed,
        base_offset=base_offset,
    )[outcome]


def estimate_outcomes(
    panel: pd.DataFrame,
    outcomes: list[str],
    unit: str,
    time: str,
    first_treated: str,
    cluster: str | None = None,
    covariates: list[str] | None = None,
    control: str = "not_yet_treated",
    inference: str = "auto",
    n_boot: int = DEFAULT_BOOT,
    weights: str = "auto",
    alpha: float = 0.05,
    seed: int = DEFAULT_SEED,
    base_offset: int = 1,
) -> dict[str, ImpactResult]:
    """Run :func:`estimate_impact` for several outcomes of the same panel.

    The panel is validated once and the design (comparisons, weights, bootstrap draws) is shared
    by outcomes observed for the same units, so nine outcomes cost little more than one. Every
    outcome uses the same bootstrap draws, so results do not depend on the order of ``outcomes``.

    Parameters
    ----------
    panel : pandas.DataFrame
        Long panel (see :func:`estimate_impact`).
    outcomes : list of str
        Outcome columns.
    unit, time, first_treated, cluster, covariates, control, inference, n_boot, weights, alpha, seed
        As in :func:`estimate_impact`.
    base_offset : int
        As in :func:`estimate_impact`.

    Returns
    -------
    dict of str to ImpactResult
        In the order of ``outcomes``.
    """
    if isinstance(outcomes, str):
        outcomes = [outcomes]
    outcomes = list(outcomes)
    if not outcomes:
        raise InputError("outcomes is empty: name at least one outcome column")
    repeated = sorted({o for o in outcomes if outcomes.count(o) > 1})
    if repeated:
        raise InputError(f"outcomes lists {repeated} more than once; name each column once")
    settings = _Settings.check(control, inference, n_boot, weights, alpha, seed, base_offset)
    structure = _Structure.build(panel, unit, time, first_treated, cluster, covariates)
    _require_columns(panel, outcomes, "outcome")
    designs: dict[tuple, _Design] = {}
    results = {}
    for outcome in outcomes:
        values, kept, periods, notes = structure.outcome_matrix(panel, outcome)
        key = (kept.tobytes(), tuple(periods))
        if key not in designs:
            designs[key] = _Design(structure, kept, periods, settings)
        results[outcome] = designs[key].estimate(values, outcome, notes)
    return results


def first_treated_from_indicator(
    panel: pd.DataFrame, unit: str, time: str, treatment: str
) -> pd.Series:
    """Return each row's first treated period from a 0/1 treatment indicator.

    Parameters
    ----------
    panel : pandas.DataFrame
        Long panel.
    unit, time : str
        Unit and period columns.
    treatment : str
        Column with 1 in treated unit-periods and 0 otherwise. Treatment must not switch off.

    Returns
    -------
    pandas.Series
        Aligned with ``panel`` (same index), NaN for units never treated; assign it as the
        ``first_treated`` column.

    Raises
    ------
    InputError
        If the indicator is not 0/1 or goes from 1 back to 0 within a unit.
    """
    _require_columns(panel, [unit, time, treatment], "column")
    flag = pd.to_numeric(panel[treatment], errors="coerce")
    bad = ~flag.isin([0, 1])
    if bad.any():
        row = panel.loc[bad].iloc[0]
        raise InputError(
            f"column '{treatment}' must be 0 or 1; found {_show(row[treatment])} at "
            f"{unit}={_show(row[unit])}, {time}={_show(row[time])}"
        )
    frame = pd.DataFrame({"u": panel[unit], "t": panel[time], "d": flag.astype(int)})
    frame = frame.sort_values(["u", "t"], kind="stable")
    # Treatment switches off where the indicator drops below the running maximum of the unit.
    running = frame.groupby("u", sort=False)["d"].cummax()
    off = frame["d"] < running
    if off.any():
        first = frame.loc[off].iloc[0]
        raise InputError(
            f"column '{treatment}' switches off for {unit}={_show(first['u'])}: it is 0 at "
            f"{time}={_show(first['t'])} after being 1 earlier; treatment must stay on once started"
        )
    start = frame.loc[frame["d"] == 1].groupby("u", sort=False)["t"].min()
    return pd.Series(
        panel[unit].map(start).astype(float).to_numpy(), index=panel.index, name="first_treated"
    )


# --------------------------------------------------------------------------------------------
# Validation


@dataclass(frozen=True)
class _Settings:
    control: str
    inference: str
    n_boot: int
    weights: str
    alpha: float
    seed: int
    base_offset: int = 1

    @classmethod
    def check(cls, control, inference, n_boot, weights, alpha, seed, base_offset=1) -> _Settings:
        if control not in CONTROL_GROUPS:
            raise InputError(f"control must be one of {CONTROL_GROUPS}; got {control!r}")
        if inference not in INFERENCE_METHODS:
            raise InputError(f"inference must be one of {INFERENCE_METHODS}; got {inference!r}")
        if weights not in BOOTSTRAP_WEIGHTS:
            raise InputError(f"weights must be one of {BOOTSTRAP_WEIGHTS}; got {weights!r}")
        if not isinstance(n_boot, (int, np.integer)) or n_boot < 99:
            raise InputError(f"n_boot must be an integer of at least 99; got {n_boot!r}")
        if not 0 < alpha < 0.5:
            raise InputError(f"alpha must be between 0 and 0.5; got {alpha!r}")
        if not isinstance(base_offset, (int, np.integer)) or base_offset < 1:
            raise InputError(f"base_offset must be an integer of at least 1; got {base_offset!r}")
        return cls(
            control, inference, int(n_boot), weights, float(alpha), int(seed), int(base_offset)
        )


def _require_columns(panel, columns, role):
    if not isinstance(panel, pd.DataFrame):
        raise InputError(f"panel must be a pandas DataFrame; got {type(panel).__name__}")
    missing = [c for c in columns if c not in panel.columns]
    if missing:
        raise InputError(
            f"{role} column '{missing[0]}' is not in the panel; available columns: "
            f"{list(map(str, panel.columns))}"
        )


def _where(panel, unit, time, mask) -> str:
    rows = panel.loc[mask].head(_MAX_EXAMPLES)
    return "; ".join(
        f"{unit}={_show(u)}, {time}={_show(t)}" for u, t in zip(rows[unit], rows[time], strict=True)
    )


def _numeric(panel, column, unit, time, role) -> pd.Series:
    """Return ``panel[column]`` as float, or raise naming the first non-numeric value."""
    values = panel[column]
    if pd.api.types.is_bool_dtype(values):
        return values.astype(float)
    if not pd.api.types.is_numeric_dtype(values):
        converted = pd.to_numeric(values, errors="coerce")
        bad = values.notna() & converted.isna()
        if bad.any():
            row = panel.loc[bad].iloc[0]
            raise InputError(
                f"{role} column '{column}' must be numeric; found {_show(row[column])} at "
                f"{unit}={_show(row[unit])}, {time}={_show(row[time])}"
                + (
                    "; mark never-treated units with NaN, 0 or inf"
                    if role == "first_treated"
                    else ""
                )
            )
        values = converted
    values = values.astype(float)
    infinite = np.isinf(values.to_numpy())
    if infinite.any() and role != "first_treated":
        raise InputError(
            f"{role} column '{column}' has an infinite value at "
            f"{_where(panel, unit, time, infinite)}; expected finite numbers"
        )
    return values


@dataclass
class _Structure:
    """Validated unit-level facts shared by every outcome of a panel."""

    unit: str
    time: str
    first_treated: str
    cluster_name: str
    units: pd.Index
    periods: np.ndarray
    cohort_value: np.ndarray  # first treated period per unit, inf for never
    cluster_code: np.ndarray
    n_clusters: int
    covariates: list[str]
    x: np.ndarray  # (units, 1 + covariates), intercept first

    @classmethod
    def build(cls, panel, unit, time, first_treated, cluster, covariates) -> _Structure:
        covariates = list(covariates or [])
        _require_columns(panel, [unit, time, first_treated], "required")
        if cluster is not None:
            _require_columns(panel, [cluster], "cluster")
        _require_columns(panel, covariates, "covariate")
        if panel.empty:
            raise InputError("the panel has no rows")
        if panel[unit].isna().any():
            rows = panel.index[panel[unit].isna()][:_MAX_EXAMPLES].tolist()
            raise InputError(f"unit column '{unit}' is missing in rows {rows}")
        times = _numeric(panel, time, unit, time, "time")
        if times.isna().any():
            raise InputError(
                f"time column '{time}' is missing at {_where(panel, unit, time, times.isna())}"
            )
        duplicated = panel.duplicated([unit, time], keep=False).to_numpy()
        if duplicated.any():
            raise InputError(
                f"duplicate rows for the same unit and period ({int(duplicated.sum())} rows), "
                f"e.g. {_where(panel, unit, time, duplicated)}; expected one row per "
                f"'{unit}' and '{time}'"
            )
        periods = np.sort(times.unique())
        if len(periods) < 2:
            raise InputError(f"time column '{time}' has one period only; need at least two")

        ft = _first_treated_column(panel, first_treated, unit, time, periods)
        frame = pd.DataFrame({"u": panel[unit].to_numpy(), "t": times.to_numpy(), "g": ft})
        by_unit = frame.groupby("u", sort=True)
        low, high = by_unit["g"].min(), by_unit["g"].max()
        varying = low.index[low.to_numpy() != high.to_numpy()]
        if len(varying):
            u = varying[0]
            rows = frame.loc[frame["u"] == u].sort_values("t")
            seen = ", ".join(
                f"{t:g}: {'never' if np.isinf(g) else f'{g:g}'}"
                for t, g in zip(rows["t"], rows["g"], strict=True)
            )
            raise InputError(
                f"column '{first_treated}' varies within {unit}={_show(u)} ({seen}); it must "
                f"hold the unit's single first treated period in every row: treatment cannot "
                f"switch off "
                f"or restart ({len(varying)} unit(s) affected)"
            )
        units = low.index
        cohort_value = low.to_numpy(dtype=float)

        if cluster is None:
            cluster_name = unit
            cluster_code = np.arange(len(units))
        else:
            cluster_name = cluster
            labels = panel[cluster]
            if labels.isna().any():
                raise InputError(
                    f"cluster column '{cluster}' is missing at "
                    f"{_where(panel, unit, time, labels.isna().to_numpy())}"
                )
            counts = pd.DataFrame({"u": panel[unit], "c": labels}).groupby("u")["c"].nunique()
            if (counts > 1).any():
                u = counts.index[counts > 1][0]
                found = sorted(map(str, labels[panel[unit] == u].unique()))
                raise InputError(
                    f"cluster column '{cluster}' varies within {unit}={_show(u)} (values {found}); "
                    f"each unit must belong to one cluster"
                )
            per_unit = pd.Series(labels.to_numpy(), index=panel[unit].to_numpy())
            per_unit = per_unit[~per_unit.index.duplicated()].reindex(units)
            cluster_code = pd.factorize(per_unit, sort=True)[0]
        n_clusters = int(cluster_code.max()) + 1
        if n_clusters < 2:
            raise InputError(f"cluster column '{cluster_name}' has one cluster; need at least two")

        x = np.ones((len(units), 1 + len(covariates)))
        if covariates:
            first_rows = panel.loc[times.groupby(panel[unit].to_numpy()).idxmin().reindex(units)]
            for j, name in enumerate(covariates, start=1):
                values = _numeric(first_rows, name, unit, time, "covariate")
                if values.isna().any():
                    raise InputError(
                        f"covariate column '{name}' is missing in the first period at "
                        f"{_where(first_rows, unit, time, values.isna().to_numpy())}"
                    )
                x[:, j] = values.to_numpy()
        return cls(
            unit,
            time,
            first_treated,
            cluster_name,
            units,
            periods,
            cohort_value,
            cluster_code,
            n_clusters,
            covariates,
            x,
        )

    def outcome_matrix(self, panel, outcome):
        """Return (values units x periods, kept units mask, periods, notes) for one outcome."""
        values = _numeric(panel, outcome, self.unit, self.time, "outcome")
        times = _numeric(panel, self.time, self.unit, self.time, "time")
        text = not (
            pd.api.types.is_numeric_dtype(panel[outcome])
            or pd.api.types.is_bool_dtype(panel[outcome])
        )
        frame = pd.DataFrame(
            {"u": panel[self.unit].to_numpy(), "t": times.to_numpy(), "y": values.to_numpy()}
        )
        wide = frame.pivot(index="u", columns="t", values="y")
        wide = wide.reindex(index=self.units, columns=self.periods).to_numpy(dtype=float)
        notes = [f"Outcome '{outcome}' was stored as text and read as numbers."] if text else []
        empty = np.isnan(wide).all(axis=0)
        if empty.any():
            notes.append(
                f"Periods without any value of '{outcome}' were left out: "
                f"{[_label(p) for p in self.periods[empty]]}."
            )
        periods = self.periods[~empty]
        wide = wide[:, ~empty]
        if len(periods) < 2:
            raise InputError(f"outcome column '{outcome}' has values in fewer than two periods")
        incomplete = np.isnan(wide).any(axis=1)
        if incomplete.all():
            raise InputError(
                f"no unit has '{outcome}' in every period {[_label(p) for p in periods]}; "
                f"the estimator needs a balanced panel"
            )
        if incomplete.any():
            examples = [str(u) for u in self.units[incomplete][:_MAX_EXAMPLES]]
            notes.append(
                f"{int(incomplete.sum())} unit(s) without '{outcome}' in every period were left "
                f"out (balanced panel needed), e.g. {examples}."
            )
        return wide, ~incomplete, periods, notes


def _first_treated_column(panel, column, unit, time, periods) -> np.ndarray:
    """Return the first treated period as float with never treated coded as inf."""
    raw = panel[column]
    if raw.dtype == object:
        raw = raw.where(raw.notna(), np.nan)
    values = _numeric(panel.assign(**{column: raw}), column, unit, time, "first_treated")
    out = values.to_numpy(dtype=float).copy()
    zero = out == 0
    if zero.any() and periods.min() <= 0:
        raise InputError(
            f"column '{column}' uses 0 for never treated, but the periods include "
            f"{_label(periods.min())}; mark never-treated units with NaN instead"
        )
    negative = out < 0
    if negative.any():
        raise InputError(
            f"column '{column}' has a negative first treated period at "
            f"{_where(panel, unit, time, negative)}; expected a period, or NaN/0/inf for never"
        )
    out[np.isnan(out) | zero] = np.inf
    inside = np.isfinite(out) & (out > periods.min()) & (out <= periods.max())
    off_grid = inside & ~np.isin(out, periods)
    if off_grid.any():
        row = panel.loc[off_grid].iloc[0]
        raise InputError(
            f"column '{column}' has first treated period {_show(row[column])} at "
            f"{unit}={_show(row[unit])}, which is not one of the panel's periods "
            f"{[_label(p) for p in periods]}"
        )
    return out


def _show(value) -> str:
    """Return a data value for an error message: numpy scalars as Python, 2022.0 as 2022."""
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return repr(value)


def _label(value):
    """Return a period as int when it is whole (2022.0 -> 2022) for messages and tables."""
    value = float(value)
    return int(value) if value.is_integer() else value


# --------------------------------------------------------------------------------------------
# Design: comparisons, aggregation weights, linear statistics


@dataclass
class _Linear:
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
        if self._a_maps is None:
            self._a_maps = self.maps(self.a, starts)
        return self._a_maps


@dataclass
class _Cell:
    cohort: int  # period position of first treatment
    period: int
    base: int
    n_treated: int
    n_control: int
    s: np.ndarray  # (N,) weights of the long difference: ATT = s @ (y_t - y_base)
    block: np.ndarray  # (G, N) cluster sums of the influence function per long difference


class _Design:
    """Everything about one estimation sample that does not depend on the outcome values."""

    def __init__(self, structure: _Structure, kept, periods, settings: _Settings):
        self.structure = structure
        self.settings = settings
        self.periods = np.asarray(periods, dtype=float)
        self.n_periods = len(periods)
        self.notes: list[str] = []
        value = structure.cohort_value[kept]
        after = np.isfinite(value) & (value > self.periods[-1])
        if after.any():
            self.notes.append(
                f"{int(after.sum())} unit(s) first treated after the last period "
                f"{_label(self.periods[-1])} count as never treated within the panel."
            )
            value = np.where(after, np.inf, value)
        offset = settings.base_offset
        if offset >= self.n_periods:
            raise InputError(
                f"base_offset={offset} needs more than {offset} periods; the panel has "
                f"{self.n_periods}"
            )
        always = value <= self.periods[offset - 1]
        if always.any():
            self.notes.append(
                f"{int(always.sum())} unit(s) first treated in {_label(self.periods[offset - 1])} "
                f"or earlier have no base period ({offset} period(s) before treatment) and were "
                f"left out."
            )
        keep = np.flatnonzero(kept)[~always]
        cohort = np.full(len(keep), np.inf)
        finite = np.isfinite(value[~always])
        missing = finite & ~np.isin(value[~always], self.periods)
        if missing.any():
            raise InputError(
                f"column '{structure.first_treated}' has first treated period "
                f"{_label(value[~always][missing][0])}, a period without outcome data; "
                f"periods with data: {[_label(p) for p in self.periods]}"
            )
        cohort[finite] = np.searchsorted(self.periods, value[~always][finite])
        if not finite.any():
            raise InputError(
                f"no unit is treated within the panel's periods: column "
                f"'{structure.first_treated}' is never/NaN/0 for every unit"
            )
        # Units sorted by cluster so that each cluster's observations are contiguous.
        codes = structure.cluster_code[keep]
        order = np.argsort(codes, kind="stable")
        self.rows = keep[order]
        self.cohort = cohort[order]
        self.x = structure.x[self.rows]
        used, self.cluster = np.unique(codes[order], return_inverse=True)
        self.n_clusters = len(used)
        self.n_units = len(self.rows)
        if self.n_clusters < 2:
            raise InputError("the estimation sample has units of one cluster only; need two")
        unit_starts = np.flatnonzero(np.r_[True, np.diff(self.cluster) != 0])
        self.starts = unit_starts * self.n_periods
        self.onehot = np.zeros((self.n_clusters, self.n_units))
        self.onehot[self.cluster, np.arange(self.n_units)] = 1.0
        self.ssc = self.n_clusters / (self.n_clusters - 1)

        self.cells = self._build_cells()
        self.cohorts = sorted({c.cohort for c in self.cells})
        self.stats = self._build_aggregates()
        self.twfe = self._build_twfe()
        self._groups = self._saturated_groups()
        self.method = self._method()
        self.draws = self._draws() if self.method == "wild_bootstrap" else None

    # -- comparisons -------------------------------------------------------------------------
    def _build_cells(self) -> list[_Cell]:
        control = self.settings.control
        never = np.isinf(self.cohort)
        p = self.x.shape[1]
        cells, empty = [], []
        for g in sorted({int(c) for c in self.cohort[~never]}):
            treated = self.cohort == g
            base = g - self.settings.base_offset
            for t in range(self.n_periods):
                if t == base:
                    continue
                if control == "never_treated":
                    ctrl = never
                else:
                    # With base g - k, units react (or are selected) up to k - 1 periods before
                    # g, so a not-yet-treated control must not be within that window at t or at
                    # the base (the `anticipation` of Callaway and Sant'Anna).
                    anticipation = self.settings.base_offset - 1
                    ctrl = (self.cohort > max(t, base) + anticipation) & ~treated
                n_c = int(ctrl.sum())
                if n_c == 0:
                    empty.append((g, t))
                    continue
                if p > 1 and n_c <= p:
                    raise InputError(
                        f"cohort first treated in {_label(self.periods[g])} has {n_c} control "
                        f"unit(s) at period {_label(self.periods[t])}, too few for "
                        f"{p - 1} covariate(s); drop covariates or use more control units"
                    )
                cells.append(self._cell(g, t, base, treated, ctrl))
        if empty:
            # Name first a cohort that cannot be compared even in its first treated period.
            empty.sort(key=lambda cell: (cell[1] != cell[0], cell))
            raise InputError(self._no_control_message(*empty[0], len(empty)))
        return cells

    def _no_control_message(self, g, t, n_empty) -> str:
        cohort_label, period_label = _label(self.periods[g]), _label(self.periods[t])
        if self.settings.control == "never_treated":
            why = "no unit is never treated"
            fix = "use control='not_yet_treated' or add never-treated units"
        else:
            why = f"every unit is treated by {period_label} and none is never treated"
            fix = (
                f"add never-treated units, or drop periods from {period_label} on "
                f"(the last cohort then has no comparison and must be dropped too)"
            )
        return (
            f"cohort first treated in {cohort_label} ({self.structure.first_treated}="
            f"{cohort_label}) has no control units at period {period_label} with "
            f"control='{self.settings.control}': {why}; {fix} ({n_empty} cohort-period "
            f"comparison(s) affected)"
        )

    def _cell(self, g, t, base, treated, ctrl) -> _Cell:
        x = self.x
        n_t = int(treated.sum())
        xc = x[ctrl]
        inverse = np.linalg.pinv(xc.T @ xc)
        x_treated = x[treated].mean(axis=0)
        h = xc @ inverse @ x_treated  # control weights of the regression-adjusted comparison
        s = np.zeros(self.n_units)
        s[treated] = 1.0 / n_t
        s[ctrl] = -h
        # Influence function of the cell, summed by cluster, as a map of the long difference:
        # treated i: (dy_i - x_i'beta - att) / n_t; control j: -h_j (dy_j - x_j'beta).
        block = self.onehot * s[None, :]
        x_t_by_cluster = self.onehot[:, treated] @ x[treated] / n_t
        x_c_by_cluster = self.onehot[:, ctrl] @ (h[:, None] * xc)
        block[:, ctrl] -= (x_t_by_cluster - x_c_by_cluster) @ inverse @ xc.T
        n_t_by_cluster = self.onehot[:, treated].sum(axis=1)
        block -= np.outer(n_t_by_cluster / n_t, s)
        return _Cell(g, t, base, n_t, int(ctrl.sum()), s, block)

    def _linear(self, weights) -> _Linear:
        a = np.zeros((self.n_periods, self.n_units))
        s = np.zeros((self.n_periods, self.n_clusters, self.n_units))
        for cell, w in weights:
            a[cell.period] += w * cell.s
            a[cell.base] -= w * cell.s
            s[cell.period] += w * cell.block
            s[cell.base] -= w * cell.block
        # Observations are ordered unit by unit (row-major units x periods).
        return _Linear(
            np.ascontiguousarray(a.T).ravel(),
            np.ascontiguousarray(s.transpose(1, 2, 0)).reshape(self.n_clusters, -1),
        )

    def _build_aggregates(self) -> dict:
        stats_ = {}
        post = [c for c in self.cells if c.period >= c.cohort]
        sizes = {g: next(c.n_treated for c in self.cells if c.cohort == g) for g in self.cohorts}
        total = sum(sizes.values())
        overall = []
        for g in self.cohorts:
            own = [c for c in post if c.cohort == g]
            stats_[("cohort", g)] = self._linear([(c, 1.0 / len(own)) for c in own])
            overall += [(c, sizes[g] / total / len(own)) for c in own]
        stats_[("overall",)] = self._linear(overall)
        for e in sorted({c.period - c.cohort for c in self.cells}):
            own = [c for c in self.cells if c.period - c.cohort == e]
            n = sum(c.n_treated for c in own)
            stats_[("event", e)] = self._linear([(c, c.n_treated / n) for c in own])
        return stats_

    def _build_twfe(self) -> _Linear:
        t = np.arange(self.n_periods)
        treated = (t[None, :] >= self.cohort[:, None]).astype(float)
        d = _two_way_demean(treated)
        dd = float((d * d).sum())
        self._twfe_d, self._twfe_dd = d, dd
        z = d[None, :, :] * self.onehot[:, :, None]
        zd = z - z.mean(axis=2, keepdims=True) - z.mean(axis=1, keepdims=True)
        zd = zd + z.mean(axis=(1, 2), keepdims=True)
        own = (z * d[None]).sum(axis=(1, 2))
        s = (zd - own[:, None, None] * d[None] / dd) / dd
        return _Linear((d / dd).ravel(), s.reshape(self.n_clusters, -1))

    def _saturated_groups(self):
        groups = []
        for value in np.unique(self.cohort):
            idx = np.flatnonzero(self.cohort == value)
            xg = self.x[idx]
            groups.append((idx, xg, np.linalg.pinv(xg)))
        return groups

    def saturated_fit(self, y):
        """Unit effects plus cohort-by-period effects (interacted with covariates)."""
        mean = y.mean(axis=1, keepdims=True)
        dev = y - mean
        fit = np.empty_like(y)
        for idx, xg, pinv in self._groups:
            fit[idx] = xg @ (pinv @ dev[idx])
        return mean + fit

    def twfe_fit(self, y):
        d, dd = self._twfe_d, self._twfe_dd
        residual = _two_way_demean(y) - d * (d * y).sum() / dd
        return y - residual

    # -- inference settings ------------------------------------------------------------------
    def _method(self) -> str:
        if self.settings.inference != "auto":
            return self.settings.inference
        return "wild_bootstrap" if self.n_clusters < FEW_CLUSTERS else "analytic"

    def _weights_name(self) -> str:
        if self.settings.weights != "auto":
            return self.settings.weights
        return "webb" if self.n_clusters < WEBB_BELOW else "rademacher"

    def _draws(self):
        rng = np.random.default_rng(self.settings.seed)
        shape = (self.n_clusters, self.settings.n_boot)
        if self._weights_name() == "webb":
            points = np.sqrt(np.array([0.5, 1.0, 1.5]))
            return rng.choice(np.r_[-points, points], size=shape)
        return rng.choice(np.array([-1.0, 1.0]), size=shape)

    # -- estimation --------------------------------------------------------------------------
    def estimate(self, values, outcome, notes) -> ImpactResult:
        y_matrix = values[self.rows]
        y = y_matrix.ravel()
        fitted = self.saturated_fit(y_matrix).ravel()
        infer = {key: self._infer(stat, y, fitted) for key, stat in self.stats.items()}
        twfe = self._infer(self.twfe, y, self.twfe_fit(y_matrix).ravel())
        result_notes = list(notes) + self.notes + self._caveats()
        without = [
            key
            for key, row in [*infer.items(), (("twfe",), twfe)]
            if not (math.isfinite(row["ci_low"]) and math.isfinite(row["ci_high"]))
        ]
        if without:
            names = ", ".join(self._describe(key) for key in without[:_MAX_EXAMPLES])
            result_notes.append(
                f"{len(without)} estimate(s) have no finite interval (e.g. {names}): the outcome "
                f"does not vary enough, or the bootstrap cannot bound the effect with so few "
                f"clusters; the data are too thin to say."
            )
        return ImpactResult(
            outcome=outcome,
            overall=infer[("overall",)],
            by_cohort=self._cohort_table(infer),
            by_event_time=self._event_table(infer),
            group_time=self._cell_table(y_matrix),
            twfe=twfe,
            pretrend=self._pretrend(y, fitted, infer),
            info=self._info(),
            notes=result_notes,
        )

    def _describe(self, key) -> str:
        if key[0] == "cohort":
            return f"cohort {_label(self.periods[key[1]])}"
        if key[0] == "event":
            return f"event time {key[1]}"
        return {"overall": "overall effect", "twfe": "TWFE"}[key[0]]

    def _se(self, stat, y) -> tuple[float, float]:
        phi = stat.s @ y
        return float(stat.a @ y), float(math.sqrt(self.ssc * float(phi @ phi)))

    def _infer(self, stat: _Linear, y, fitted) -> dict:
        theta, se = self._se(stat, y)
        out = {
            "estimate": theta,
            "se": se,
            "ci_low": math.nan,
            "ci_high": math.nan,
            "p_value": math.nan,
        }
        if not se > 1e-12 * max(1.0, abs(theta)):
            return out
        alpha = self.settings.alpha
        if self.method == "analytic":
            df = self.n_clusters - 1
            q = stats.t.ppf(1 - alpha / 2, df)
            out.update(
                ci_low=theta - q * se,
                ci_high=theta + q * se,
                p_value=float(2 * stats.t.sf(abs(theta / se), df)),
            )
            return out
        pvalue = self._wild_pvalue(stat, y, fitted, theta, se)
        low, high = _invert(pvalue, theta, se, alpha)
        out.update(ci_low=low, ci_high=high, p_value=pvalue(0.0))
        return out

    def _wild_pvalue(self, stat: _Linear, y, fitted, theta, se):
        """Return p(theta0) of the wild cluster restricted bootstrap-t test of theta = theta0.

        The restricted fit moves the unrestricted fit along ``a`` (which lies in the model's
        column space) until ``a'y = theta0``; all bootstrap quantities are then affine in
        ``delta = (theta - theta0) / a'a``.
        """
        v = self.draws
        residual = y - fitted
        d_u, m_u = stat.maps(residual, self.starts)
        d_a, m_a = stat.a_maps(self.starts)
        aa = float(d_a.sum())
        phi_fit = stat.s @ fitted
        phi_a = m_a.sum(axis=1)
        num0, num1 = d_u @ v, d_a @ v
        den0 = phi_fit[:, None] + _matmul(m_u, v)
        den1 = _matmul(m_a, v) - phi_a[:, None]
        ssc = self.ssc

        def pvalue(theta0: float) -> float:
            delta = (theta - theta0) / aa
            phi = den0 + delta * den1
            t_star = (num0 + delta * num1) / np.sqrt(ssc * np.einsum("gb,gb->b", phi, phi))
            t_obs = (theta - theta0) / se
            return float(np.mean(np.abs(t_star) >= abs(t_obs) * (1 - 1e-12)))

        return pvalue

    # -- tables ------------------------------------------------------------------------------
    def _cohort_table(self, infer) -> pd.DataFrame:
        rows = []
        for g in self.cohorts:
            own = [c for c in self.cells if c.cohort == g]
            rows.append(
                {
                    "cohort": _label(self.periods[g]),
                    "n_units": own[0].n_treated,
                    "n_periods": sum(c.period >= g for c in own),
                    **infer[("cohort", g)],
                }
            )
        return pd.DataFrame(rows)

    def _event_table(self, infer) -> pd.DataFrame:
        rows = []
        reference = -self.settings.base_offset
        events = sorted({c.period - c.cohort for c in self.cells} | {reference})
        for e in events:
            own = [c for c in self.cells if c.period - c.cohort == e]
            if e == reference:
                row = {
                    "estimate": 0.0,
                    "se": math.nan,
                    "ci_low": math.nan,
                    "ci_high": math.nan,
                    "p_value": math.nan,
                }
                n_cohorts = len(self.cohorts)
                n_units = int(np.isfinite(self.cohort).sum())
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

    def _cell_table(self, y_matrix) -> pd.DataFrame:
        q = stats.t.ppf(1 - self.settings.alpha / 2, self.n_clusters - 1)
        rows = []
        for c in self.cells:
            dy = y_matrix[:, c.period] - y_matrix[:, c.base]
            phi = c.block @ dy
            estimate, se = float(c.s @ dy), math.sqrt(self.ssc * float(phi @ phi))
            rows.append(
                {
                    "cohort": _label(self.periods[c.cohort]),
                    "period": _label(self.periods[c.period]),
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

    # -- pre-trends --------------------------------------------------------------------------
    def _pretrend(self, y, fitted, infer) -> dict:
        keys = [k for k in self.stats if k[0] == "event" and k[1] < -self.settings.base_offset]
        n_pre = len(keys)
        n_treated = int(np.isfinite(self.cohort).sum())
        out = {
            "statistic": math.nan,
            "df": n_pre,
            "p_value": math.nan,
            "method": None,
            "verdict": "not_testable",
            "limited": True,
            "n_pre_periods": n_pre,
        }
        reasons = []
        if n_pre == 0:
            out["statement"] = (
                "Pre-trends cannot be tested: the treated cohorts have no period before the "
                "base period."
            )
            return out
        if n_pre < MIN_PRE_PERIODS:
            reasons.append(f"only {n_pre} pre-period beyond the base period")
        if n_treated < MIN_TREATED_UNITS:
            reasons.append(f"only {n_treated} treated units")
        if self.n_clusters < MIN_CLUSTERS:
            reasons.append(f"only {self.n_clusters} clusters")
        stats_ = [self.stats[k] for k in keys]
        theta = np.array([infer[k]["estimate"] for k in keys])
        phi = np.stack([s.s @ y for s in stats_], axis=1)  # (G, L)
        cov = self.ssc * phi.T @ phi
        wald = float(theta @ np.linalg.pinv(cov) @ theta)
        if self.method == "wild_bootstrap":
            p_value = self._wald_bootstrap(stats_, y, fitted, theta, wald)
            method = "wald_wild_cluster_bootstrap"
        else:
            dof = self.n_clusters - n_pre
            if dof < 1:
                p_value, method = math.nan, "wald_hotelling_f"
                reasons.append("more pre-periods than clusters")
            else:
                f_stat = wald * dof / (n_pre * (self.n_clusters - 1))
                p_value, method = float(stats.f.sf(f_stat, n_pre, dof)), "wald_hotelling_f"
        out.update(statistic=wald, p_value=p_value, method=method)
        if math.isnan(p_value):
            verdict = "not_testable"
        elif p_value < self.settings.alpha:
            verdict = "pre_trends_detected"
        else:
            verdict = "no_evidence_of_pre_trends"
        out["verdict"] = verdict
        out["limited"] = bool(reasons)
        level = f"{1 - self.settings.alpha:.0%}"
        if verdict == "pre_trends_detected":
            text = (
                f"Before treatment, treated and comparison units already moved differently "
                f"(joint test of {n_pre} pre-period estimates, p = {p_value:.3f}): the "
                f"parallel-trends assumption is doubtful and the effects should not be read "
                f"as program impact."
            )
        elif verdict == "no_evidence_of_pre_trends":
            text = (
                f"No evidence at the {level} level that treated and comparison units moved "
                f"differently before treatment (joint test of {n_pre} pre-period estimates, "
                f"p = {p_value:.3f}); this does not prove parallel trends, as the test has "
                f"limited power."
            )
        else:
            text = "The pre-trend test could not be computed."
        if reasons:
            text += (
                " The test says little here (" + ", ".join(reasons) + "); treat the "
                "absence of a detected pre-trend as uninformative."
            )
        out["statement"] = text
        return out

    def _wald_bootstrap(self, stats_, y, fitted, theta, wald) -> float:
        """Wild cluster bootstrap of the joint Wald statistic under 'all pre-effects are 0'."""
        v = self.draws
        a = np.stack([s.a for s in stats_], axis=1)  # (n_obs, L)
        lam = np.linalg.lstsq(a.T @ a, theta, rcond=None)[0]
        restricted = fitted - a @ lam
        residual = y - restricted
        theta_star, phi_star = [], []
        for s in stats_:
            d_u, m_u = s.maps(residual, self.starts)
            theta_star.append(d_u @ v)
            phi_star.append((s.s @ restricted)[:, None] + _matmul(m_u, v))
        theta_star = np.stack(theta_star, axis=1)  # (B, L)
        phi_star = np.stack(phi_star, axis=0)  # (L, G, B)
        cov = self.ssc * np.einsum("lgb,mgb->blm", phi_star, phi_star)
        solved = np.linalg.pinv(cov) @ theta_star[:, :, None]
        wald_star = np.einsum("bl,bl->b", theta_star, solved[:, :, 0])
        return float(np.mean(wald_star >= wald * (1 - 1e-12)))

    # -- descriptions ------------------------------------------------------------------------
    def _treated_clusters(self) -> int:
        return int(np.unique(self.cluster[np.isfinite(self.cohort)]).size)

    def _info(self) -> dict:
        s = self.settings
        method = self.method
        inference = {
            "method": (
                "wild_cluster_restricted_bootstrap"
                if method == "wild_bootstrap"
                else "cluster_robust_analytic"
            ),
            "se": "cluster-robust (CR1, G/(G-1)) standard deviation of the influence function",
            "ci_level": 1 - s.alpha,
            "cluster": self.structure.cluster_name,
            "n_boot": s.n_boot if method == "wild_bootstrap" else None,
            "weights": self._weights_name() if method == "wild_bootstrap" else None,
            "seed": s.seed if method == "wild_bootstrap" else None,
            "ci": (
                "test inversion of the wild cluster restricted bootstrap-t"
                if method == "wild_bootstrap"
                else "estimate +- t(G-1) * se"
            ),
            "group_time_ci": "estimate +- t(G-1) * se",
        }
        cohorts = {}
        for g in self.cohorts:
            cohorts[str(_label(self.periods[g]))] = int((self.cohort == g).sum())
        return {
            "units": "outcome units (pass shares in percentage points for effects in pp)",
            "estimator": (
                "Callaway-Sant'Anna group-time ATT, long differences on base period "
                f"g-{self.settings.base_offset}"
                + (", regression-adjusted" if self.structure.covariates else "")
            ),
            "control_group": s.control,
            "inference": inference,
            "n_units": self.n_units,
            "n_treated_units": int(np.isfinite(self.cohort).sum()),
            "n_never_treated": int(np.isinf(self.cohort).sum()),
            "n_clusters": self.n_clusters,
            "n_treated_clusters": self._treated_clusters(),
            "periods": [_label(p) for p in self.periods],
            "cohorts": cohorts,
            "base_period": f"g-{self.settings.base_offset}",
            "covariates": list(self.structure.covariates),
        }

    def _caveats(self) -> list[str]:
        offset = self.settings.base_offset
        notes = []
        if offset > 1:
            notes.append(
                f"The base period is {offset} periods before treatment; the estimates for "
                f"event time(s) {', '.join(str(e) for e in range(1 - offset, 0))} show how "
                f"treated units differed just before "
                f"treatment (for example an unusually bad year that led to their selection) and "
                f"are not part of the pre-trend test."
            )
        notes += [
            "Effects assume that, without the program, treated and comparison units would have "
            "moved in parallel and that units did not react before their first treated period. "
            "If units were chosen after an unusually bad year, their rebound would show up as an "
            "effect (regression to the mean); the pre-period estimates are the check.",
            "The two-way fixed effects (TWFE) estimate is a benchmark only: with staggered "
            "timing and effects that change over time it can be biased.",
        ]
        if self.method == "wild_bootstrap":
            notes.append(
                f"{self.n_clusters} clusters ('{self.structure.cluster_name}'): intervals and "
                f"p-values use a wild cluster restricted bootstrap ({self.settings.n_boot} "
                f"{self._weights_name()} draws) because analytic intervals are too narrow with "
                f"few clusters."
            )
        treated_clusters = self._treated_clusters()
        if treated_clusters < MIN_CLUSTERS:
            notes.append(
                f"Treated units lie in only {treated_clusters} cluster(s); intervals may be "
                f"unreliable or very wide."
            )
        max_e = max(c.period - c.cohort for c in self.cells)
        early = [c for c in self.cells if c.period - c.cohort == max_e]
        if len(self.cohorts) > 1 and len(early) < len(self.cohorts):
            notes.append(
                f"The longest event times rest on fewer cohorts (event time {max_e}: "
                f"{len(early)} of {len(self.cohorts)}), so changes along the event study mix "
                f"dynamics with cohort differences."
            )
        return notes


def _matmul(left, right):
    # Multithreaded BLAS can stall for milliseconds on these small products (thread wake-up
    # on a busy machine); einsum's plain loops take about 0.1 ms.
    return np.einsum("ij,jk->ik", left, right)


def _two_way_demean(z):
    return z - z.mean(axis=1, keepdims=True) - z.mean(axis=0, keepdims=True) + z.mean()


def _invert(pvalue, theta, se, alpha) -> tuple[float, float]:
    """Return the interval {theta0 : p(theta0) > alpha} by bracketing and bisection."""
    bounds = []
    for direction in (-1.0, 1.0):
        inside, outside, step = theta, None, se
        for _ in range(14):
            candidate = theta + direction * step
            if pvalue(candidate) <= alpha:
                outside = candidate
                break
            inside, step = candidate, step * 2
        if outside is None:
            bounds.append(direction * math.inf)
            continue
        for _ in range(60):
            if abs(outside - inside) <= 1e-3 * se:
                break
            middle = 0.5 * (inside + outside)
            if pvalue(middle) > alpha:
                inside = middle
            else:
                outside = middle
        bounds.append(0.5 * (inside + outside))
    return bounds[0], bounds[1]


# --------------------------------------------------------------------------------------------
# Simulation (tests and examples; SIMULASI)


def simulate_staggered_panel(
    n_units: int = 400,
    n_clusters: int = 26,
    years=range(2019, 2026),
    cohorts: dict | None = None,
    effect: float = 0.0,
    effect_slope: float = 0.0,
    cohort_scale: dict | None = None,
    effect_sd: float = 0.0,
    level: float = 15.0,
    unit_sd: float = 3.0,
    cluster_sd: float = 2.0,
    trend: float = -0.4,
    year_sd: float = 0.5,
    cluster_year_sd: float = 0.4,
    noise_sd: float = 1.0,
    rho: float = 0.5,
    selection_sd: float = 2.0,
    selection: str = "permanent",
    seed: int = 0,
) -> pd.DataFrame:
    """Simulate a village panel with staggered treatment of the poorest villages (SIMULASI).

    ``y = level + cluster effect + unit effect + trend * year + year shock + cluster-year shock
    + AR(1) noise + effect``. Units are chosen for treatment on their permanent level plus noise
    (poorer first: the highest scores go to the earliest cohort), so parallel trends hold, or with
    ``selection="observed"`` on the outcome of the year before the first cohort. The
    effect of unit ``i`` in event time ``e >= 0`` is
    ``(effect + effect_slope * e) * cohort_scale[g] + u_i`` with ``u_i ~ N(0, effect_sd)``.

    Parameters
    ----------
    n_units, n_clusters : int
        Units and clusters (every cluster gets at least one unit).
    years : iterable of int
        Periods.
    cohorts : dict, optional
        First treated year to number of units; default ``{2022: 25, 2023: 80}``.
    effect, effect_slope : float
        Effect at first treatment and its change per year since.
    cohort_scale : dict, optional
        Multiplier of the effect per cohort (default 1).
    effect_sd : float
        Spread of unit-specific effects around the cohort's effect.
    level, unit_sd, cluster_sd, trend, year_sd, cluster_year_sd, noise_sd, rho : float
        Outcome level, spreads of the unit and cluster effects, common linear trend, common and
        cluster-year shocks, noise sd and its AR(1) coefficient.
    selection_sd : float
        Noise added to the selection score when ranking units for treatment.
    selection : {"permanent", "observed"}
        Rank units on their permanent level (parallel trends hold) or on the outcome observed
        in the year before the first cohort, transitory shocks included (regression to the mean).
    seed : int
        Random seed.

    Returns
    -------
    pandas.DataFrame
        ``unit, cluster, year, first_treated (NaN never), y, true_effect``.
    """
    rng = np.random.default_rng(seed)
    years = np.asarray(list(years), dtype=int)
    cohorts = {2022: 25, 2023: 80} if cohorts is None else dict(cohorts)
    cohort_scale = cohort_scale or {}
    if sum(cohorts.values()) > n_units:
        raise InputError("the cohorts hold more units than n_units")
    n_years = len(years)
    cluster = np.r_[np.arange(n_clusters), rng.integers(0, n_clusters, n_units - n_clusters)]
    permanent = rng.normal(0, cluster_sd, n_clusters)[cluster] + rng.normal(0, unit_sd, n_units)
    selection_noise = rng.normal(0, selection_sd, n_units)
    time_effect = trend * (years - years[0]) + rng.normal(0, year_sd, n_years)
    cluster_year = rng.normal(0, cluster_year_sd, (n_clusters, n_years))[cluster]
    noise = np.empty((n_units, n_years))
    noise[:, 0] = rng.normal(0, noise_sd, n_units)
    innovation_sd = noise_sd * math.sqrt(1 - rho**2)
    for t in range(1, n_years):
        noise[:, t] = rho * noise[:, t - 1] + rng.normal(0, innovation_sd, n_units)
    untreated = level + permanent[:, None] + time_effect[None, :] + cluster_year + noise
    if selection == "permanent":
        score = permanent + selection_noise
    elif selection == "observed":
        # The outcome observed in the year before the first cohort, transitory shocks included.
        before = int(np.searchsorted(years, min(cohorts))) - 1
        if before < 0:
            raise InputError("selection='observed' needs a year before the first cohort")
        score = untreated[:, before] + selection_noise
    else:
        raise InputError(f"selection must be 'permanent' or 'observed'; got {selection!r}")
    ranking = np.argsort(-score, kind="stable")
    first = np.full(n_units, np.nan)
    start = 0
    for year, size in sorted(cohorts.items()):
        first[ranking[start : start + size]] = year
        start += size
    event = years[None, :] - first[:, None]
    scale = np.array([cohort_scale.get(int(f), 1.0) if np.isfinite(f) else 0.0 for f in first])
    own = rng.normal(0, effect_sd, n_units)[:, None] if effect_sd > 0 else 0.0
    true_effect = np.where(event >= 0, (effect + effect_slope * event) * scale[:, None] + own, 0.0)
    y = untreated + true_effect
    return pd.DataFrame(
        {
            "unit": np.repeat([f"d{i:04d}" for i in range(n_units)], n_years),
            "cluster": np.repeat([f"k{c:02d}" for c in cluster], n_years),
            "year": np.tile(years, n_units),
            "first_treated": np.repeat(first, n_years),
            "y": y.ravel(),
            "true_effect": true_effect.ravel(),
        }
    )


def true_overall_effect(sim: pd.DataFrame) -> float:
    """Overall ATT of a simulated panel with the estimator's weights (cohorts by size)."""
    treated = sim[sim["first_treated"].notna() & (sim["year"] >= sim["first_treated"])]
    by_cohort = treated.groupby("first_treated")["true_effect"].mean()
    sizes = sim.drop_duplicates("unit").groupby("first_treated").size()
    return float((by_cohort * sizes).sum() / sizes.sum())


# --------------------------------------------------------------------------------------------
# Figure

_DEFAULT_LABELS = {
    "x": "Years since first treatment",
    "y": "Effect",
    "estimate": "Estimate and 95% interval",
    "reference": "Base period",
    "title": "",
}


def plot_event_study(result: ImpactResult, labels: dict[str, str] | None = None):
    """Draw the event study: estimates and intervals by event time, zero line, treatment start.

    Parameters
    ----------
    result : ImpactResult
        Output of :func:`estimate_impact`.
    labels : dict of str to str, optional
        Visible text: ``x``, ``y``, ``estimate``, ``reference``, ``title`` (English defaults).
        The SIMULASI stamp is the caller's (``analysis.figures.mark_simulated``).

    Returns
    -------
    matplotlib.figure.Figure
    """
    from analysis import figures

    level = result.info.get("inference", {}).get("ci_level", 0.95)
    defaults = {**_DEFAULT_LABELS, "estimate": f"Estimate and {level:.0%} interval"}
    labels = {**defaults, **(labels or {})}
    # Unbounded intervals (too few clusters) are left undrawn rather than drawn to infinity.
    table = result.by_event_time.replace([np.inf, -np.inf], np.nan)
    fig, ax = figures.new_figure(figures.FULL_WIDTH_CM, 7.0)
    ax.axhline(0, color=figures.NATION_COLOR, linewidth=0.8)
    ax.axvline(-0.5, color=figures.MUTED_COLOR, linewidth=0.8, linestyle="--")
    est = table[~table["reference"]]
    low = (est["estimate"] - est["ci_low"]).clip(lower=0)
    high = (est["ci_high"] - est["estimate"]).clip(lower=0)
    ax.errorbar(
        est["event_time"],
        est["estimate"],
        yerr=[low, high],
        fmt="o",
        color=figures.REGENCY_COLOR,
        ecolor=figures.REGENCY_COLOR,
        markersize=4,
        capsize=2,
        linewidth=1.0,
        label=labels["estimate"],
    )
    ref = table[table["reference"]]
    ax.plot(
        ref["event_time"],
        ref["estimate"],
        "o",
        markerfacecolor="white",
        markeredgecolor=figures.REGENCY_COLOR,
        markersize=4,
        label=labels["reference"],
    )
    ax.set_xticks(table["event_time"].tolist())
    ax.set_xlabel(labels["x"])
    ax.set_ylabel(labels["y"])
    if labels["title"]:
        ax.set_title(labels["title"])
    ax.legend(loc="best", frameon=False)
    return fig
