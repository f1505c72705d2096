"""The aggregations against values computed by hand from Callaway and Sant'Anna (2021, section 3).

Reference values are written out from the published formulas (and the did package's ``aggte``),
never produced by the code under test.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.errors import InputError
from analysis.impact import estimate_impact

# ATT(g, t) of the noiseless panel: cohort 2 (2 units) and cohort 3 (3 units), periods 1-4.
ATT = {(2, 2): 1.0, (2, 3): 2.0, (2, 4): 3.0, (3, 3): 4.0, (3, 4): 6.0}
SIZES = {2: 2, 3: 3}


def _noiseless_panel():
    """Unit effect + period effect + ATT(g, t); 3 never-treated units; 4 clusters."""
    first = {"a": 2, "b": 2, "c": 3, "d": 3, "e": 3, "f": np.nan, "g": np.nan, "h": np.nan}
    cluster = dict(zip(first, ["k1", "k2", "k1", "k3", "k4", "k2", "k3", "k4"], strict=True))
    unit_effect = dict(zip(first, [5.0, 1.0, 3.0, -2.0, 0.5, 2.0, 4.0, -1.0], strict=True))
    period_effect = {1: 0.0, 2: 1.5, 3: -0.5, 4: 2.0}
    rows = []
    for u, g in first.items():
        for t, pe in period_effect.items():
            effect = ATT.get((g, t), 0.0) if np.isfinite(g) else 0.0
            rows.append(
                {
                    "unit": u,
                    "year": t,
                    "y": unit_effect[u] + pe + effect,
                    "first_treated": g,
                    "cluster": cluster[u],
                }
            )
    return pd.DataFrame(rows)


def _fit(panel, **kwargs):
    return estimate_impact(
        panel,
        unit="unit",
        time="year",
        outcome="y",
        first_treated="first_treated",
        inference="analytic",
        **kwargs,
    )


@pytest.mark.parametrize("base_period", ["varying", "universal"])
def test_aggregations_equal_the_hand_computed_values(base_period):
    """simple, group, dynamic and calendar aggregations as defined by Callaway and Sant'Anna."""
    result = _fit(_noiseless_panel(), cluster="cluster", base_period=base_period)
    # simple: every post cell weighted by its cohort's size.
    simple = (2 * (1 + 2 + 3) + 3 * (4 + 6)) / (2 * 3 + 3 * 2)
    assert simple == pytest.approx(3.5)
    assert result.aggregate("simple")["overall"]["estimate"] == pytest.approx(simple)
    # group: theta(2) = 2, theta(3) = 5, averaged with cohort sizes.
    group = result.aggregate("group")
    by_cohort = {row["cohort"]: row["estimate"] for row in group["detail"]}
    assert by_cohort == pytest.approx({2: 2.0, 3: 5.0})
    assert group["overall"]["estimate"] == pytest.approx((2 * 2 + 3 * 5) / 5)
    assert result.overall["estimate"] == pytest.approx(3.8)
    # dynamic: by event time e, cohorts weighted by size; overall = mean over e >= 0.
    dynamic = result.aggregate("dynamic")
    by_e = {row["event_time"]: row["estimate"] for row in dynamic["detail"]}
    assert by_e[0] == pytest.approx((2 * 1 + 3 * 4) / 5)
    assert by_e[1] == pytest.approx((2 * 2 + 3 * 6) / 5)
    assert by_e[2] == pytest.approx(3.0)
    # Pre-period event times are 0 (no pre-trend); with a universal base -1 is the reference.
    assert all(by_e[e] == pytest.approx(0.0) for e in by_e if e < 0)
    assert (-1 in by_e) == (base_period == "varying")
    assert dynamic["overall"]["estimate"] == pytest.approx((2.8 + 4.4 + 3.0) / 3)
    # calendar: post cells of each period weighted by size; overall = mean over periods.
    calendar = result.aggregate("calendar")
    by_t = {row["period"]: row["estimate"] for row in calendar["detail"]}
    assert by_t == pytest.approx({2: 1.0, 3: (2 * 2 + 3 * 4) / 5, 4: (2 * 3 + 3 * 6) / 5})
    assert calendar["overall"]["estimate"] == pytest.approx((1.0 + 3.2 + 4.8) / 3)


def test_varying_and_universal_base_periods_differ_only_before_treatment():
    """Varying: pre cells compare t with t-1; universal: with g-1 (reference row 0)."""
    panel = _noiseless_panel()
    # A pre-trend of cohort 3 only: +1 per period before treatment (periods 1 and 2).
    bump = panel["first_treated"].eq(3) & panel["year"].lt(3)
    panel.loc[bump, "y"] += panel.loc[bump, "year"]
    varying = _fit(panel, cluster="cluster").group_time.set_index(["cohort", "period"])
    universal = _fit(panel, cluster="cluster", base_period="universal").group_time
    universal = universal.set_index(["cohort", "period"])
    # Varying: ATT(3, 2) = (y2 - y1) difference = 1 (the pre-trend step); no cell at period 1.
    assert varying.loc[(3, 2), "estimate"] == pytest.approx(1.0)
    assert (3, 1) not in varying.index
    # Universal: ATT(3, 1) = (y1 - y2) difference = -1; period 2 is the base (no cell).
    assert universal.loc[(3, 1), "estimate"] == pytest.approx(-1.0)
    assert (3, 2) not in universal.index
    # Post cells use the base g-1 either way (the pre-trend step moves them by -2 + ...).
    for key in [(2, 2), (2, 3), (2, 4), (3, 3), (3, 4)]:
        assert varying.loc[key, "estimate"] == pytest.approx(universal.loc[key, "estimate"])


def _hand_influence(y, first, periods):
    """ATT(g, t) and their influence functions (never-treated controls, no covariates).

    psi_i = n / n_g (dY_i - mean_g dY) for cohort g, -n / n_c (dY_i - mean_c dY) for controls,
    dY = Y_t - Y_(g-1) (Callaway and Sant'Anna 2021, unconditional case).
    """
    n = len(first)
    never = ~np.isfinite(first)
    cells = {}
    for g in sorted(set(first[np.isfinite(first)])):
        treated = first == g
        base = periods.index(g - 1)
        for t in periods:
            if t < g:
                continue
            dy = y[:, periods.index(t)] - y[:, base]
            att = dy[treated].mean() - dy[never].mean()
            psi = np.zeros(n)
            psi[treated] = n / treated.sum() * (dy[treated] - dy[treated].mean())
            psi[never] = -n / never.sum() * (dy[never] - dy[never].mean())
            cells[(g, t)] = (att, psi)
    return cells


def _weighted_by_size(items, first):
    """sum_k w_k theta_k, w_k = p_k / sum p, with the weights' influence function (did's wif)."""
    n = len(first)
    groups = np.array([g for g, _, _ in items])
    p = np.array([np.mean(first == g) for g in groups])
    total = p.sum()
    theta = np.array([att for _, att, _ in items])
    psi = sum(w * s for w, (_, _, s) in zip(p / total, items, strict=True))
    indicator = (first[:, None] == groups[None, :]).astype(float)
    wif = (indicator - p) / total - np.outer((indicator - p).sum(axis=1), p) / total**2
    return float(p / total @ theta), psi + wif @ theta, n


def test_standard_errors_include_the_estimated_weights_term():
    """Simple and group aggregation SEs equal the hand-computed influence-function SEs."""
    rng = np.random.default_rng(11)
    periods = [1, 2, 3, 4]
    first = np.array([2.0] * 6 + [3.0] * 9 + [np.inf] * 10)
    n = len(first)
    y = rng.normal(size=(n, 1)) + rng.normal(size=(n, 4))
    y[first == 2, 1:] += [1.0, 2.0, 3.0]
    y[first == 3, 2:] += [4.0, 6.0]
    panel = pd.DataFrame(
        {
            "unit": np.repeat(np.arange(n), 4),
            "year": np.tile(periods, n),
            "y": y.ravel(),
            "first_treated": np.repeat(np.where(np.isfinite(first), first, np.nan), 4),
        }
    )
    result = _fit(panel, control="never_treated")
    cells = _hand_influence(y, first, periods)

    def se(psi):  # each unit its own cluster: CR1 factor n / (n - 1)
        return float(np.sqrt(n / (n - 1) * np.sum((psi / n) ** 2)))

    simple, psi_simple, _ = _weighted_by_size([(g, *v) for (g, _), v in cells.items()], first)
    got = result.aggregate("simple")["overall"]
    assert got["estimate"] == pytest.approx(simple)
    assert got["se"] == pytest.approx(se(psi_simple), rel=1e-9)
    by_cohort = []
    for g in (2.0, 3.0):
        own = [v for (h, _), v in cells.items() if h == g]
        by_cohort.append((g, np.mean([a for a, _ in own]), sum(s for _, s in own) / len(own)))
    group, psi_group, _ = _weighted_by_size(by_cohort, first)
    got = result.aggregate("group")["overall"]
    assert got["estimate"] == pytest.approx(group)
    assert got["se"] == pytest.approx(se(psi_group), rel=1e-9)
    # Leaving out the weights' term would give a different (smaller here) standard error.
    fixed = sum(np.mean(first == g) / np.mean(np.isfinite(first)) * s for g, _, s in by_cohort)
    assert se(fixed) != pytest.approx(got["se"], rel=1e-3)


def test_wald_pretest_uses_every_pre_period_cell_with_a_chi_square_reference():
    """W = theta' V^-1 theta over all pre-period ATT(g, t), chi-square with their count."""
    from scipy import stats

    rng = np.random.default_rng(5)
    first = np.array([3.0] * 8 + [4.0] * 8 + [np.inf] * 12)
    n = len(first)
    y = rng.normal(size=(n, 5))
    panel = pd.DataFrame(
        {
            "unit": np.repeat(np.arange(n), 5),
            "year": np.tile([1, 2, 3, 4, 5], n),
            "y": y.ravel(),
            "first_treated": np.repeat(np.where(np.isfinite(first), first, np.nan), 5),
        }
    )
    result = _fit(panel, control="never_treated")
    pre = result.group_time[result.group_time["period"] < result.group_time["cohort"]]
    # Varying base: cohort 3 has period 2, cohort 4 periods 2 and 3 (period 1 has no t-1).
    assert len(pre) == 3
    pretest = result.pretrend
    assert pretest["n_pre_cells"] == 3 and pretest["df"] == 3
    assert pretest["method"] == "wald_pretest_chi2"
    assert pretest["p_value"] == pytest.approx(stats.chi2.sf(pretest["statistic"], 3))
    # With a single pre cell the statistic is (estimate / se)^2 of that cell.
    only = _fit(panel[panel["first_treated"].ne(4)], control="never_treated")
    cell = only.group_time[only.group_time["period"] == 2].iloc[0]
    assert only.pretrend["statistic"] == pytest.approx((cell["estimate"] / cell["se"]) ** 2)


def test_unknown_aggregation_is_refused():
    result = _fit(_noiseless_panel(), cluster="cluster")
    with pytest.raises(InputError, match="kind must be one of"):
        result.aggregate("weekly")
