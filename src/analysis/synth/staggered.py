"""A generic staggered-treatment panel with a known effect (SIMULASI), for the impact estimator.

Where `analysis.synth.village` simulates a regency's villages in the project's schema, this panel
is deliberately plain (``unit, cluster, year, first_treated, y, true_effect``) so that the
estimator of `analysis.impact` can be checked against known truth in tests and examples: effects
that grow with exposure, differ between cohorts and villages, and selection on the permanent
level or on a transitory bad year (regression to the mean).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd


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
        raise ValueError("the cohorts hold more units than n_units")
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
            raise ValueError("selection='observed' needs a year before the first cohort")
        score = untreated[:, before] + selection_noise
    else:
        raise ValueError(f"selection must be 'permanent' or 'observed'; got {selection!r}")
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
