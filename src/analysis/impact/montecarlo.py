"""Monte Carlo check of the impact stage's default comparison on the village generator (SIMULASI).

Each replication simulates Klaten's villages with `analysis.synth.generate_for_regency` (a placebo
without any program effect, and the same seed with the default injected effect), estimates the
desil-1 share exactly as the stage does (`analysis.impact.stage.Settings`) and records:

* placebo pre-trend alarms: the Wald pre-test rejects at 5 % on a panel without any effect;
* placebo rejections: the 95 % interval of the overall effect excludes 0 on the placebo panel;
* bias: mean estimate minus the true overall effect, as a share of the true effect;
* coverage: the 95 % interval of the overall effect contains the true overall effect.

The inference is the stage's own: with Klaten's 26 kecamatan the intervals are cluster-robust
with a t reference on the Bell-McCaffrey effective degrees of freedom, and the pre-test verdict
comes from the wild cluster restricted bootstrap (``N_BOOT`` Rademacher draws, seeded with the
replication's seed); the did package's chi-square p-value of the same Wald pre-test is recorded
beside it (``placebo_pretrend_alarms_chi2``).
The seeds (``SEED_BASE + i``, ``i`` from ``first``) are used nowhere else; the slow test
(tests/test_impact_montecarlo.py) runs a smaller block of them from ``TEST_FIRST``.

Run ``python -m analysis.impact.montecarlo [replications] [processes] [first]``.
"""

from __future__ import annotations

import json
import sys
from concurrent.futures import ProcessPoolExecutor

import numpy as np

SEED_BASE = 48_623_000
TEST_FIRST = 10_000  # the slow test's block, apart from the command's 0..replications-1
REGENCY = "3310"  # Klaten: 25 villages priority from 2022, 80 from 2023
N_BOOT = 399
PLACEBO = {"desil1_pp_per_year": 0.0, "indicators_pp_per_year": {}, "heterogeneity_sd": 0.0}


def true_overall(panel) -> float:
    """The true overall effect on the desil-1 share with the estimator's weights (negative:
    the share falls): each cohort's mean over its post periods, cohorts weighted by size."""
    since = panel["lokus_since"].astype("float64")
    treated = panel[since.notna() & (panel["year"] >= since)]
    cells = treated.groupby(["lokus_since", "year"])["true_effect_pp_desil1"].mean()
    by_cohort = cells.groupby(level=0).mean()
    sizes = panel.drop_duplicates("village_code").groupby("lokus_since").size()
    sizes = sizes.reindex(by_cohort.index)
    return -float((by_cohort * sizes).sum() / sizes.sum())


def _estimate(panel, settings, seed):
    from analysis.impact.estimator import estimate_impact
    from analysis.impact.stage import design_arguments, outcome_panel

    frame = outcome_panel(panel)
    return estimate_impact(
        frame,
        outcome="share_desil1",
        **design_arguments(settings),
        n_boot=N_BOOT,
        seed=seed,
    )


def replicate(index: int, settings=None) -> dict:
    """One replication: the placebo and the injected-effect panel of seed ``SEED_BASE + index``."""
    from analysis import synth
    from analysis.impact.stage import Settings

    settings = settings or Settings()
    seed = SEED_BASE + index
    placebo, _ = synth.generate_for_regency(REGENCY, seed, effect=PLACEBO, lokus_count_latest=81)
    treated, _ = synth.generate_for_regency(REGENCY, seed, lokus_count_latest=81)
    null = _estimate(placebo, settings, seed)
    real = _estimate(treated, settings, seed)
    truth = true_overall(treated)
    return {
        "seed": seed,
        "placebo_estimate": null.overall["estimate"],
        "placebo_rejected": not (null.overall["ci_low"] <= 0.0 <= null.overall["ci_high"]),
        "placebo_pretrend_alarm": null.pretrend["verdict"] == "pre_trends_detected",
        "placebo_pretrend_alarm_chi2": bool(null.pretrend["p_value_chi2"] < 0.05),
        "inference": null.info["inference"]["method"],
        "estimate": real.overall["estimate"],
        "truth": truth,
        "covered": bool(real.overall["ci_low"] <= truth <= real.overall["ci_high"]),
    }


def summarise(rows: list[dict]) -> dict:
    """The four figures of the check, with binomial Monte Carlo standard errors."""
    n = len(rows)

    def rate(key):
        p = float(np.mean([r[key] for r in rows]))
        return {"rate": p, "mc_se": float(np.sqrt(p * (1 - p) / n))}

    errors = np.array([r["estimate"] - r["truth"] for r in rows])
    truth = float(np.mean([r["truth"] for r in rows]))
    return {
        "replications": n,
        "inference": sorted({r["inference"] for r in rows}),
        "placebo_pretrend_alarms": rate("placebo_pretrend_alarm"),
        "placebo_pretrend_alarms_chi2": rate("placebo_pretrend_alarm_chi2"),
        "placebo_rejections": rate("placebo_rejected"),
        "placebo_mean_estimate": float(np.mean([r["placebo_estimate"] for r in rows])),
        "true_effect_mean": truth,
        "bias": float(errors.mean()),
        "bias_share_of_effect": float(errors.mean() / truth),
        "bias_mc_se": float(errors.std(ddof=1) / np.sqrt(n)),
        "coverage": rate("covered"),
    }


def run(replications: int = 200, processes: int = 2, first: int = 0) -> dict:
    """Run replications ``first .. first + replications - 1`` on ``processes`` processes and
    summarise them."""
    with ProcessPoolExecutor(processes) as pool:
        rows = list(pool.map(replicate, range(first, first + replications)))
    return summarise(rows)


if __name__ == "__main__":  # pragma: no cover
    args = [int(a) for a in sys.argv[1:]]
    print(json.dumps(run(*args), indent=2))
