"""Poverty pockets: which villages to prioritise, by a transparent rule, and how stable the list is.

All functions are pure functions of a validated village panel (`analysis.villages`) for one year.

Lenses and index
----------------
* Mass: the number of desil-1 (extreme-poor) families. An administrative count: it has no sampling
  interval; its stability is shown by the rank interval and the selection frequency.
* Intensity: the desil-1 share, stabilised by empirical Bayes. A beta prior is fitted to all
  villages of the year by maximising the beta-binomial marginal likelihood (scipy); each village's
  share is its posterior mean, with an equal-tailed credible interval. Small villages move more
  toward the regency mean (weight on the prior = phi / (phi + families)).
* Deprivation index (0-100): the weighted mean, over the eight provincial indicators, of each
  village's percentile rank (0 = least, 100 = most deprived in the regency) of the share of its
  families with that deprivation. Percentile ranks put indicators of very different prevalence
  (electricity below 1 %, stunting risk near 8 %) on one scale and are robust to outliers. Weights
  are passed in (equal by default, or a province's published weights).

Rank intervals and stability
----------------------------
A parametric bootstrap over families: each replicate redraws every count as binomial at the
village's observed rate (the prior stays fixed), recomputes the EB shares, the index and the rule,
and records ranks and selections. Reported: the central `level` interval of each rank, how often
each village is selected (selection frequency), and the lowest and highest rank of the index when
each indicator in turn is left out (leave-one-indicator-out).

The priority rule (rule card)
-----------------------------
Two ordered lists are alternated: the next village by mass, then the next village by EB share
among villages whose deprivation index is at least the threshold (default 50, the regency
median), skipping villages already chosen, until N villages are chosen. Mass ties are broken by
EB share, share ties by mass, and remaining ties by village code. N defaults to the published
count (or the data's lokus count for that year), else 20 % of villages. Three alternative rules
(mass only, EB share only, deprivation index only) give the sensitivity table.

Spatial clustering (optional)
-----------------------------
Local Moran's I with conditional permutation inference and Benjamini-Hochberg FDR control
(statsmodels), on neighbours from coordinates (distance band with a k-nearest cap) or from a
neighbour list the user derives from boundaries; villages without neighbours are reported as
islands and left out of the tests. It is written here in numpy rather than taken from
PySAL's esda because esda needs libpysal, which pulls geopandas, shapely and scikit-learn into a
project that otherwise needs none of them, for about forty lines of arithmetic.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import optimize, stats
from scipy.special import betaln, expit, logit

from analysis.errors import InputError
from analysis.villages import INDICATORS, PANEL_COLUMNS

DEFAULT_LEVEL = 0.90
DEFAULT_BOOTSTRAP = 200
DEFAULT_INDEX_THRESHOLD = 50.0
DEFAULT_PRIORITY_SHARE = 0.20
DEFAULT_TOP = 20
SIMULATED_LABEL = "SIMULASI"
RULE_VERSION = "two-lens-1"


# --------------------------------------------------------------------------------------------
# Data of one year
# --------------------------------------------------------------------------------------------


def village_year(panel: pd.DataFrame, year: int) -> pd.DataFrame:
    """Return one year of the panel with shares, keeping only schema columns.

    Only the columns of `analysis.villages.PANEL_COLUMNS` are kept, so nothing outside the
    schema (a stray personal column, say) can reach a result. Villages with no families are
    dropped (``attrs["dropped"]`` lists them).

    Returns
    -------
    DataFrame
        Sorted by village code, with ``share_desil1`` and ``share_<indicator>`` as fractions.
    """
    if "year" not in panel:
        raise InputError(
            "village panel: no 'year' column; validate it with "
            "analysis.villages.validate_panel first."
        )
    needed = [
        "village_code",
        "village_name",
        "kecamatan_code",
        "kecamatan_name",
        "families",
        "families_desil1",
        "families_desil1_4",
        *INDICATORS,
    ]
    missing = [column for column in needed if column not in panel]
    if missing:
        raise InputError(
            f"village panel: missing column(s) {', '.join(missing)}; validate it "
            "with analysis.villages.validate_panel first."
        )
    keep = [column for column in PANEL_COLUMNS if column in panel]
    frame = panel.loc[panel["year"] == int(year), keep]
    if "lokus" not in frame:
        frame = frame.assign(lokus=pd.array([pd.NA] * len(frame), dtype="boolean"))
    if "source" not in frame:
        frame = frame.assign(source="unknown")
    if frame.empty:
        years = ", ".join(str(y) for y in sorted(panel["year"].unique()))
        raise InputError(f"village panel: no rows for {year}; the panel has {years}.")
    empty = frame["families"] <= 0
    dropped = frame.loc[empty, "village_code"].tolist()
    frame = frame[~empty].sort_values("village_code").reset_index(drop=True)
    frame.attrs = {}  # the panel's metadata would be deep-copied by every later operation
    frame["share_desil1"] = frame["families_desil1"] / frame["families"]
    for name in INDICATORS:
        frame[f"share_{name}"] = frame[name] / frame["families"]
    frame.attrs["dropped"] = dropped
    return frame


def _weights(weights: dict | None) -> np.ndarray:
    if weights is None:
        return np.ones(len(INDICATORS))
    unknown = sorted(set(weights) - set(INDICATORS))
    if unknown:
        raise InputError(
            f"deprivation weights: unknown indicator(s) {', '.join(unknown)}; "
            f"expected {', '.join(INDICATORS)}."
        )
    values = np.array([float(weights.get(name, 0.0)) for name in INDICATORS])
    if (values < 0).any() or values.sum() <= 0:
        raise InputError("deprivation weights: must be non-negative with a positive sum.")
    return values


# --------------------------------------------------------------------------------------------
# Empirical Bayes
# --------------------------------------------------------------------------------------------


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
        raise InputError("empirical Bayes: needs at least three villages with families.")
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


# --------------------------------------------------------------------------------------------
# Deprivation index, ranks and the rule (vectorised over a leading replicate axis)
# --------------------------------------------------------------------------------------------


def _percentile_ranks(values: np.ndarray, axis: int) -> np.ndarray:
    n = values.shape[axis]
    ranks = stats.rankdata(values, axis=axis, method="average")
    return 100.0 * (ranks - 1) / max(n - 1, 1)


def deprivation_index(shares: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Weighted mean of the villages' percentile ranks of each indicator share.

    Parameters
    ----------
    shares : ndarray, shape (..., villages, indicators)
    weights : ndarray, shape (indicators,)

    Returns
    -------
    ndarray, shape (..., villages)
        0-100; 100 means the most deprived village on every weighted indicator.
    """
    used = weights > 0
    ranks = _percentile_ranks(shares[..., used], axis=-2)
    return ranks @ (weights[used] / weights[used].sum())


def _positions(*keys_descending: np.ndarray) -> np.ndarray:
    """Position (0 = first) of each village when sorted by the keys, first key first, descending.

    Remaining ties fall to the village order (sorted codes). Works along the last axis.
    """
    shape = keys_descending[0].shape
    code_order = np.broadcast_to(np.arange(shape[-1]), shape)
    order = np.lexsort((code_order, *[-key for key in reversed(keys_descending)]), axis=-1)
    positions = np.empty(shape, dtype=np.int64)
    np.put_along_axis(positions, order, np.broadcast_to(np.arange(shape[-1]), shape), axis=-1)
    return positions


def _ranks_descending(values: np.ndarray) -> np.ndarray:
    """Competition ranks (1 = largest; ties share the best rank) along the last axis."""
    return stats.rankdata(-values, axis=-1, method="min").astype(np.int64)


def _two_lens(
    mass: np.ndarray, share: np.ndarray, index: np.ndarray, n: int, threshold: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The main rule along the last axis: selected mask, entry key and lens of entry."""
    mass_position = _positions(mass, share)
    eligible = index >= threshold
    share_key = np.where(eligible, share, -1.0)
    share_position = np.where(eligible, _positions(share_key, mass), np.iinfo(np.int64).max // 4)
    # Alternating the lists m0, s0, m1, s1, ...: a village enters at its first appearance.
    entry = np.minimum(2 * mass_position, 2 * share_position + 1)
    order = np.argsort(entry, axis=-1, kind="stable")
    selected = np.zeros(entry.shape, dtype=bool)
    np.put_along_axis(selected, order[..., :n], True, axis=-1)
    by_mass = 2 * mass_position <= 2 * share_position + 1
    return selected, entry, by_mass


def _top(n: int, *keys: np.ndarray) -> np.ndarray:
    positions = _positions(*keys)
    return positions < n


ALTERNATIVE_RULES = {
    "mass": "top N by number of desil-1 families (ties: EB share, code)",
    "intensity": "top N by EB desil-1 share, no index condition (ties: mass, code)",
    "deprivation": "top N by deprivation index (ties: EB share, code)",
}


def _alternatives(mass, share, index, n) -> dict[str, np.ndarray]:
    return {
        "mass": _top(n, mass, share),
        "intensity": _top(n, share, mass),
        "deprivation": _top(n, index, share),
    }


# --------------------------------------------------------------------------------------------
# Analysis of one year
# --------------------------------------------------------------------------------------------


def analyse_year(
    panel: pd.DataFrame,
    year: int,
    weights: dict | None = None,
    n_priority: int | None = None,
    index_threshold: float = DEFAULT_INDEX_THRESHOLD,
    n_boot: int = DEFAULT_BOOTSTRAP,
    seed: int = 0,
    level: float = DEFAULT_LEVEL,
) -> tuple[pd.DataFrame, dict]:
    """Rank the villages of one year and apply the priority rule.

    Parameters
    ----------
    panel : DataFrame
        A validated village panel.
    year : int
    weights : dict, optional
        Indicator weights for the deprivation index (equal by default).
    n_priority : int, optional
        N, the number of priority villages (default: the panel's lokus count for the year if
        known, else 20 % of villages).
    index_threshold : float
        Minimum deprivation index (0-100) for entry through the intensity lens.
    n_boot : int
        Bootstrap replicates for rank intervals and selection frequencies.
    seed : int
    level : float
        Level of every interval.

    Returns
    -------
    villages : DataFrame
        One row per village: counts, shares, EB share and interval, ranks with intervals,
        deprivation index, leave-one-indicator-out ranks, selection frequency, ``priority``,
        ``entered_by``, ``selection_order`` and the alternative rules' selections.
    rule_card : dict
        Inputs, thresholds, tie-breaks and realised cut-offs of the rule (JSON-serialisable).
    """
    villages, rule_card, _ = _analyse_year(
        panel, year, weights, n_priority, index_threshold, n_boot, seed, level
    )
    return villages, rule_card


def _analyse_year(panel, year, weights, n_priority, index_threshold, n_boot, seed, level):
    """`analyse_year` plus the bootstrap selections (replicates x villages, boolean).

    Memory grows as n_boot x villages x 9 floats: a regency (up to about 900 villages) needs a
    few MB; the rule is a regency decision, so a national run loops over regencies.
    """
    if int(n_boot) < 20:
        raise InputError(f"n_boot = {n_boot}: at least 20 bootstrap replicates are needed.")
    if not 0 < level < 1:
        raise InputError(f"level = {level}: expected a probability such as 0.9.")
    if not 0 <= index_threshold <= 100:
        raise InputError(f"index_threshold = {index_threshold}: expected 0-100.")
    frame = village_year(panel, year)
    n_villages = len(frame)
    weight_vector = _weights(weights)
    n, basis = _choose_n(frame, n_priority, n_villages)
    x = frame["families_desil1"].to_numpy(dtype=float)
    trials = frame["families"].to_numpy(dtype=float)
    eb = eb_shares(x, trials, level)
    prior = eb.attrs["prior"]
    shares = frame[[f"share_{name}" for name in INDICATORS]].to_numpy(dtype=float)
    index = deprivation_index(shares, weight_vector)
    mass = x
    share = eb["eb_share"].to_numpy()
    selected, entry, by_mass = _two_lens(mass, share, index, n, index_threshold)
    alternatives = _alternatives(mass, share, index, n)

    # Parametric bootstrap over families (prior fixed): counts redrawn at observed rates.
    rng = np.random.default_rng(seed)
    counts = frame[["families_desil1", *INDICATORS]].to_numpy(dtype=np.int64)
    rates = counts / trials[:, None]
    boot = rng.binomial(
        trials.astype(np.int64)[None, :, None],
        rates[None, :, :],
        size=(n_boot, n_villages, len(INDICATORS) + 1),
    ).astype(float)
    boot_mass = boot[..., 0]
    boot_share = (prior["alpha"] + boot_mass) / (prior["phi"] + trials[None, :])
    boot_index = deprivation_index(boot[..., 1:] / trials[None, :, None], weight_vector)
    boot_selected, _, _ = _two_lens(boot_mass, boot_share, boot_index, n, index_threshold)
    tail = 100 * (1 - level) / 2

    def interval(ranks):
        low, high = np.percentile(ranks, [tail, 100 - tail], axis=0, method="nearest")
        return low.astype(int), high.astype(int)

    rank_mass_low, rank_mass_high = interval(_ranks_descending(boot_mass))
    rank_eb_low, rank_eb_high = interval(_ranks_descending(boot_share))
    rank_index_low, rank_index_high = interval(_ranks_descending(boot_index))
    loio = []
    for k in np.flatnonzero(weight_vector > 0):
        if (weight_vector > 0).sum() == 1:
            break
        reduced = weight_vector.copy()
        reduced[k] = 0.0
        loio.append(_ranks_descending(deprivation_index(shares, reduced)))
    loio_ranks = np.array(loio) if loio else _ranks_descending(index)[None, :]

    order_position = np.argsort(np.argsort(entry, kind="stable"), kind="stable") + 1
    villages = frame[
        [
            "village_code",
            "village_name",
            "kecamatan_code",
            "kecamatan_name",
            "families",
            "families_desil1",
            "families_desil1_4",
            *INDICATORS,
            "lokus",
            "source",
        ]
    ].copy()
    villages["share_desil1"] = frame["share_desil1"]
    villages["eb_share"] = share
    villages["eb_low"] = eb["eb_low"].to_numpy()
    villages["eb_high"] = eb["eb_high"].to_numpy()
    villages["shrinkage"] = eb["shrinkage"].to_numpy()
    for name in INDICATORS:
        villages[f"share_{name}"] = frame[f"share_{name}"]
    villages["deprivation_index"] = index
    villages["rank_mass"] = _ranks_descending(mass)
    villages["rank_mass_low"], villages["rank_mass_high"] = rank_mass_low, rank_mass_high
    villages["rank_eb"] = _ranks_descending(share)
    villages["rank_eb_low"], villages["rank_eb_high"] = rank_eb_low, rank_eb_high
    villages["rank_index"] = _ranks_descending(index)
    villages["rank_index_low"], villages["rank_index_high"] = rank_index_low, rank_index_high
    villages["rank_index_loio_min"] = loio_ranks.min(axis=0)
    villages["rank_index_loio_max"] = loio_ranks.max(axis=0)
    villages["selection_frequency"] = boot_selected.mean(axis=0)
    villages["priority"] = selected
    villages["entered_by"] = np.where(selected, np.where(by_mass, "mass", "intensity"), "")
    villages["selection_order"] = np.where(selected, order_position, 0)
    for name, chosen in alternatives.items():
        villages[f"alt_{name}"] = chosen

    chosen = villages[villages["priority"]]
    via_mass = chosen[chosen["entered_by"] == "mass"]
    via_share = chosen[chosen["entered_by"] == "intensity"]
    rule_card = {
        "rule_name": "two-lens priority rule (mass and intensity)",
        "version": RULE_VERSION,
        "year": int(year),
        "data_sources": sorted(set(frame["source"].astype(str))),
        "n_villages": int(n_villages),
        "n_priority": int(n),
        "n_priority_basis": basis,
        "inputs": ["families", "families_desil1", *INDICATORS],
        "mass_lens": "number of desil-1 (extreme-poor) families",
        "intensity_lens": "desil-1 share, empirical Bayes posterior mean (beta-binomial)",
        "deprivation_index": "weighted mean of the percentile ranks (0-100) of the eight "
        "indicator shares among the regency's villages",
        "weights": {name: float(w) for name, w in zip(INDICATORS, weight_vector, strict=True)},
        "index_threshold": float(index_threshold),
        "eligibility": f"intensity lens only for villages with deprivation index >= "
        f"{index_threshold:g} (50 = regency median)",
        "selection": "alternate the two lists: the next village by mass, then the next eligible "
        "village by EB share, skipping villages already chosen, until N are chosen",
        "tie_breaks": [
            "mass ties: higher EB share, then lower village code",
            "share ties: more desil-1 families, then lower village code",
        ],
        "n_entered_by_mass": int(len(via_mass)),
        "n_entered_by_intensity": int(len(via_share)),
        "cutoff_mass_families": int(via_mass["families_desil1"].min()) if len(via_mass) else None,
        "cutoff_eb_share_pct": (
            round(100 * float(via_share["eb_share"].min()), 2) if len(via_share) else None
        ),
        "eb_prior": {
            "alpha": round(prior["alpha"], 4),
            "beta": round(prior["beta"], 4),
            "mean_pct": round(100 * prior["mean"], 3),
            "phi": round(prior["phi"], 2),
            "method": prior["method"],
        },
        "interval_level": float(level),
        "intervals": f"EB share: {level:.0%} posterior interval; ranks: {level:.0%} interval over "
        f"{n_boot} binomial bootstrap replicates of every count (prior fixed); index ranks also "
        "leave-one-indicator-out",
        "n_boot": int(n_boot),
        "seed": int(seed),
        "median_selection_frequency_priority": (
            round(float(chosen["selection_frequency"].median()), 3) if len(chosen) else None
        ),
        "n_priority_stable_90": int((chosen["selection_frequency"] >= 0.9).sum()),
        "dropped_no_families": list(frame.attrs.get("dropped", [])),
    }
    return villages, rule_card, boot_selected


def _choose_n(frame: pd.DataFrame, n_priority, n_villages: int) -> tuple[int, str]:
    if n_priority is not None:
        n = int(n_priority)
        if not 1 <= n <= n_villages:
            raise InputError(f"n_priority = {n} must be between 1 and the {n_villages} villages.")
        return n, "given (published count or parameter)"
    lokus = frame.get("lokus")
    if lokus is not None and lokus.notna().all() and lokus.astype(bool).sum() > 0:
        return int(lokus.astype(bool).sum()), "number of lokus villages in the data for the year"
    return max(1, round(DEFAULT_PRIORITY_SHARE * n_villages)), "default: 20 % of villages"


# --------------------------------------------------------------------------------------------
# Agreement, sensitivity, concentration, profile
# --------------------------------------------------------------------------------------------


def agreement(selected, reference, universe, complete: bool = True) -> dict:
    """Compare a selection with a reference list (e.g. the published lokus).

    Parameters
    ----------
    selected, reference, universe : iterable of str
        Village codes; ``universe`` is every village ranked.
    complete : bool
        Whether ``reference`` is the full list. Kappa and Jaccard need the full list; with a
        partial (named-only) list only the share of named villages selected is meaningful.

    Returns
    -------
    dict
        n_selected, n_reference, n_both, share_of_reference_selected, and when complete,
        jaccard and cohen_kappa.
    """
    selected, reference, universe = set(selected), set(reference), set(universe)
    reference &= universe
    both = len(selected & reference)
    result = {
        "n_selected": len(selected),
        "n_reference": len(reference),
        "n_both": both,
        "share_of_reference_selected": both / len(reference) if reference else None,
        "complete_reference": bool(complete),
        "jaccard": None,
        "cohen_kappa": None,
    }
    if complete and universe:
        union = len(selected | reference)
        result["jaccard"] = both / union if union else None
        result["cohen_kappa"] = _kappa(selected, reference, universe)
    return result


def _kappa(selected: set, reference: set, universe: set) -> float | None:
    total = len(universe)
    agree = total - len(selected ^ reference)
    p_selected, p_reference = len(selected) / total, len(reference) / total
    expected = p_selected * p_reference + (1 - p_selected) * (1 - p_reference)
    if expected >= 1:
        return None
    return (agree / total - expected) / (1 - expected)


def sensitivity_table(villages: pd.DataFrame) -> tuple[pd.DataFrame, list[dict]]:
    """Villages that enter or leave the priority list under the alternative rules.

    Returns
    -------
    table : DataFrame
        One row per village selected by some rule but not by all: code, names, the main rule's
        and each alternative's decision, and the number of rules selecting it.
    summary : list of dict
        Per alternative: description, n_enter (selected by it, not by the main rule), n_leave,
        Jaccard with the main rule.
    """
    rules = ["priority", *[f"alt_{name}" for name in ALTERNATIVE_RULES]]
    n_rules = villages[rules].sum(axis=1)
    table = villages.loc[
        (n_rules > 0) & (n_rules < len(rules)),
        ["village_code", "village_name", "kecamatan_name", *rules],
    ].copy()
    table["n_rules"] = n_rules[table.index]
    table = table.sort_values(["n_rules", "village_code"], ascending=[False, True])
    main = villages["priority"]
    summary = []
    for name, description in ALTERNATIVE_RULES.items():
        other = villages[f"alt_{name}"]
        union = int((main | other).sum())
        summary.append(
            {
                "rule": name,
                "description": description,
                "n_enter": int((other & ~main).sum()),
                "n_leave": int((main & ~other).sum()),
                "jaccard": int((main & other).sum()) / union if union else None,
            }
        )
    return table.reset_index(drop=True), summary


def kecamatan_concentration(villages: pd.DataFrame) -> pd.DataFrame:
    """Share of each kecamatan's villages and desil-1 families that are in priority villages."""
    grouped = (
        villages.assign(
            desil1_priority=villages["families_desil1"].where(villages["priority"], 0),
            families_priority=villages["families"].where(villages["priority"], 0),
        )
        .groupby(["kecamatan_code", "kecamatan_name"], as_index=False)
        .agg(
            n_villages=("village_code", "size"),
            n_priority=("priority", "sum"),
            families=("families", "sum"),
            families_desil1=("families_desil1", "sum"),
            desil1_in_priority=("desil1_priority", "sum"),
            families_in_priority=("families_priority", "sum"),
        )
    )
    grouped["pct_villages_priority"] = 100 * grouped["n_priority"] / grouped["n_villages"]
    grouped["pct_desil1_in_priority"] = (
        100
        * grouped["desil1_in_priority"]
        / grouped["families_desil1"].where(grouped["families_desil1"] > 0)
    )
    total = grouped["n_priority"].sum()
    grouped["pct_of_regency_priority"] = 100 * grouped["n_priority"] / total if total else 0.0
    return grouped.sort_values(
        ["n_priority", "pct_villages_priority", "kecamatan_code"], ascending=[False, False, True]
    ).reset_index(drop=True)


def deprivation_profile(
    villages: pd.DataFrame,
    n_boot: int = DEFAULT_BOOTSTRAP,
    seed: int = 0,
    level: float = DEFAULT_LEVEL,
) -> pd.DataFrame:
    """Family-weighted share (%) of each deprivation in priority and in other villages.

    Intervals resample villages within each group (bootstrap); the ratio compares the groups.
    """
    rng = np.random.default_rng(seed)
    tail = 100 * (1 - level) / 2
    columns = ["families_desil1", *INDICATORS]
    rows = {}
    for group, mask in (("priority", villages["priority"]), ("other", ~villages["priority"])):
        part = villages[mask]
        counts = part[columns].to_numpy(dtype=float)
        families = part["families"].to_numpy(dtype=float)
        if len(part) == 0:
            rows[group] = (np.full(len(columns), np.nan),) * 3
            continue
        point = 100 * counts.sum(axis=0) / families.sum()
        draw = rng.integers(0, len(part), size=(n_boot, len(part)))
        boot = 100 * counts[draw].sum(axis=1) / families[draw].sum(axis=1)[:, None]
        low, high = np.percentile(boot, [tail, 100 - tail], axis=0)
        rows[group] = (point, low, high)
    names = ["desil1", *INDICATORS]
    profile = pd.DataFrame(
        {
            "indicator": names,
            "priority": rows["priority"][0],
            "priority_low": rows["priority"][1],
            "priority_high": rows["priority"][2],
            "other": rows["other"][0],
            "other_low": rows["other"][1],
            "other_high": rows["other"][2],
        }
    )
    profile["ratio"] = profile["priority"] / profile["other"].where(profile["other"] > 0)
    return profile


# --------------------------------------------------------------------------------------------
# Spatial clustering (optional)
# --------------------------------------------------------------------------------------------


def neighbors_from_coordinates(
    coordinates: pd.DataFrame, max_km: float = 3.0, k: int = 8
) -> dict[str, list[str]]:
    """Neighbours of each village from point coordinates (e.g. village office or centroid).

    Parameters
    ----------
    coordinates : DataFrame
        Columns village_code, lon, lat (degrees, WGS84).
    max_km : float
        Distance band: villages farther apart are never neighbours (so islands can occur).
    k : int
        At most the k nearest villages within the band; the relation is then made symmetric.

    Returns
    -------
    dict
        village code -> sorted list of neighbour codes (empty for an island).
    """
    from scipy.spatial import cKDTree

    missing = [c for c in ("village_code", "lon", "lat") if c not in coordinates]
    if missing:
        raise InputError(
            f"coordinates: missing column(s) {', '.join(missing)}; expected village_code, lon, lat."
        )
    lon = coordinates["lon"].to_numpy(dtype=float)
    lat = coordinates["lat"].to_numpy(dtype=float)
    if not (np.isfinite(lon).all() and np.isfinite(lat).all()):
        raise InputError("coordinates: lon and lat must be numbers for every village.")
    if (np.abs(lat) > 90).any() or (np.abs(lon) > 180).any():
        raise InputError("coordinates: lat must be within +-90 and lon within +-180 degrees.")
    # Equirectangular projection: within a regency the distortion is far below the band width.
    mean_lat = math.radians(float(lat.mean()))
    xy = np.column_stack([lon * 111.32 * math.cos(mean_lat), lat * 110.57])
    codes = coordinates["village_code"].astype(str).to_numpy()
    tree = cKDTree(xy)
    count = min(k + 1, len(codes))
    distance, index = tree.query(xy, k=count, distance_upper_bound=max_km)
    distance, index = np.atleast_2d(distance), np.atleast_2d(index)
    neighbours: dict[str, set[str]] = {code: set() for code in codes}
    for i, code in enumerate(codes):
        for d, j in zip(distance[i], index[i], strict=True):
            if j != i and np.isfinite(d) and j < len(codes):
                neighbours[code].add(codes[j])
                neighbours[codes[j]].add(code)
    return {code: sorted(items) for code, items in neighbours.items()}


def local_moran(
    values: pd.Series,
    neighbors: dict[str, list[str]],
    permutations: int = 999,
    seed: int = 0,
    alpha: float = 0.05,
) -> pd.DataFrame:
    """Local Moran's I with conditional permutation inference and BH false-discovery control.

    Parameters
    ----------
    values : Series
        The variable (e.g. EB desil-1 share) indexed by village code.
    neighbors : dict
        village code -> neighbour codes (row-standardised weights); codes without neighbours,
        or absent from the dict, are islands: no statistic, no test, cluster "island".
    permutations : int
        Random neighbour sets per village (drawn without replacement from the other villages and
        shared across villages, as PySAL does).
    seed : int
    alpha : float
        False-discovery rate for the Benjamini-Hochberg procedure across the non-island villages.

    Returns
    -------
    DataFrame
        village_code, value, z, lag (mean z of neighbours), local_i, p_value (folded pseudo
        p-value), q_value (BH), n_neighbors and cluster: HH (hot spot), LL, HL, LH, "ns" or
        "island".
    """
    from statsmodels.stats.multitest import multipletests

    codes = values.index.astype(str).to_numpy()
    x = values.to_numpy(dtype=float)
    n = len(codes)
    if n < 5 or not np.isfinite(x).all():
        raise InputError("local Moran: needs at least five villages with finite values.")
    position = {code: i for i, code in enumerate(codes)}
    lists = [
        [position[c] for c in neighbors.get(code, []) if c in position and c != code]
        for code in codes
    ]
    k = np.array([len(item) for item in lists])
    z = (x - x.mean()) / (x.std() if x.std() > 0 else 1.0)
    lag = np.array([z[item].mean() if item else 0.0 for item in lists])
    local = z * lag
    result = pd.DataFrame(
        {
            "village_code": codes,
            "value": x,
            "z": z,
            "lag": lag,
            "local_i": local,
            "p_value": np.nan,
            "q_value": np.nan,
            "n_neighbors": k,
            "cluster": "island",
        }
    )
    tested = k > 0
    if not tested.any():
        return result
    k_max = int(k.max())
    if k_max > n - 1:
        raise InputError("local Moran: a village has more neighbours than other villages.")
    rng = np.random.default_rng(seed)
    draws = np.argpartition(rng.random((permutations, n - 1)), k_max - 1, axis=1)[:, :k_max]
    p_values = np.full(n, np.nan)
    weight = (np.arange(k_max)[None, :] < k[:, None]) / np.maximum(k, 1)[:, None]
    for start in range(0, n, 256):
        block = np.arange(start, min(start + 256, n))
        # Skip the village itself: indices at or above i shift by one.
        candidates = draws[None, :, :] + (draws[None, :, :] >= block[:, None, None])
        simulated_lag = (z[candidates] * weight[block][:, None, :]).sum(axis=-1)
        simulated = z[block][:, None] * simulated_lag
        larger = (simulated >= local[block][:, None]).sum(axis=1)
        folded = np.minimum(larger, permutations - larger)
        p_values[block] = (folded + 1) / (permutations + 1)
    result["p_value"] = np.where(tested, p_values, np.nan)
    _, q_values, _, _ = multipletests(p_values[tested], alpha=alpha, method="fdr_bh")
    result.loc[tested, "q_value"] = q_values
    significant = tested & (result["q_value"].to_numpy() <= alpha)
    quadrant = np.where(z >= 0, np.where(lag >= 0, "HH", "HL"), np.where(lag >= 0, "LH", "LL"))
    result["cluster"] = np.where(tested, np.where(significant, quadrant, "ns"), "island")
    return result


# --------------------------------------------------------------------------------------------
# Summary for the brief
# --------------------------------------------------------------------------------------------


def _clean(value):
    """Make a value JSON-serialisable: numpy scalars to Python, NaN and NA to None."""
    if isinstance(value, dict):
        return {str(key): _clean(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_clean(item) for item in value]
    if isinstance(value, np.ndarray):
        return [_clean(item) for item in value.tolist()]
    if value is None or value is pd.NA:
        return None
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return None if not math.isfinite(value) else round(float(value), 4)
    if isinstance(value, str):
        return value
    return str(value)


VILLAGE_FIELDS = [
    "village_code",
    "village_name",
    "kecamatan_code",
    "kecamatan_name",
    "families",
    "families_desil1",
    "families_desil1_4",
    "share_desil1",
    "eb_share",
    "eb_low",
    "eb_high",
    "rank_mass",
    "rank_mass_low",
    "rank_mass_high",
    "rank_eb",
    "rank_eb_low",
    "rank_eb_high",
    "deprivation_index",
    "rank_index",
    "rank_index_low",
    "rank_index_high",
    "rank_index_loio_min",
    "rank_index_loio_max",
    "selection_frequency",
    "entered_by",
    "selection_order",
    *(f"share_{name}" for name in INDICATORS),
]
_PERCENT_FIELDS = {
    "share_desil1",
    "eb_share",
    "eb_low",
    "eb_high",
    *(f"share_{name}" for name in INDICATORS),
}


def _village_records(frame: pd.DataFrame, extra: list[str] | None = None) -> list[dict]:
    fields = VILLAGE_FIELDS + [f for f in (extra or []) if f in frame]
    records = []
    for row in frame[fields].to_dict(orient="records"):
        records.append(
            {key: (100 * value if key in _PERCENT_FIELDS else value) for key, value in row.items()}
        )
    return _clean(records)


def summarize_pockets(
    panel: pd.DataFrame,
    year: int | None = None,
    weights: dict | None = None,
    n_priority: int | None = None,
    index_threshold: float = DEFAULT_INDEX_THRESHOLD,
    published: pd.DataFrame | None = None,
    coordinates: pd.DataFrame | None = None,
    neighbors: dict[str, list[str]] | None = None,
    n_boot: int = DEFAULT_BOOTSTRAP,
    seed: int = 0,
    level: float = DEFAULT_LEVEL,
    top_n: int = DEFAULT_TOP,
    spatial_max_km: float = 3.0,
    permutations: int = 999,
) -> dict:
    """Every pockets result the brief and the annex need, JSON-serialisable.

    Parameters
    ----------
    panel : DataFrame
        A validated village panel (simulated or a user's file).
    year : int, optional
        Data year (default: the latest in the panel).
    weights, n_priority, index_threshold, n_boot, seed, level
        See `analyse_year`.
    published : DataFrame, optional
        Published named lokus villages (`analysis.data.load_lokus`: tahun, kode_desa), compared
        with the selection as a partial list (share of named villages selected).
    coordinates : DataFrame, optional
        village_code, lon, lat for the spatial clustering; or give ``neighbors``.
    neighbors : dict, optional
        village code -> neighbour codes (e.g. derived from boundaries).
    top_n : int
        How many priority villages (in selection order) the brief's table shows.
    spatial_max_km, permutations
        Distance band for neighbours from coordinates; permutations of local Moran.

    Returns
    -------
    dict
        Keys: is_simulated, label, year, n_villages, n_families, n_desil1, desil1_share_pct,
        rule_card, priority_villages (all, in selection order), top_by_kecamatan,
        kecamatan_concentration, deprivation_profile, agreement, sensitivity, spatial, notes.
        Village names are official names of villages; no personal data is read or written.
    """
    if year is None:
        year = int(panel["year"].max())
    villages, rule_card, boot_selected = _analyse_year(
        panel, year, weights, n_priority, index_threshold, n_boot, seed, level
    )
    simulated = _is_simulated(panel)
    rule_card["is_simulated"] = simulated
    notes = [str(note) for note in panel.attrs.get("notes", [])]
    simulation = panel.attrs.get("simulation")
    if isinstance(simulation, dict):
        notes.append(
            f"village data simulated (SIMULASI) by {simulation.get('generator')} with "
            f"seed {simulation.get('seed')}, calibrated to BPS P0"
        )
    spatial = None
    if coordinates is not None or neighbors is not None:
        spatial = _spatial_summary(
            villages, coordinates, neighbors, spatial_max_km, permutations, seed
        )
    priority = villages[villages["priority"]].sort_values("selection_order")
    top = priority.head(top_n)
    groups = []
    for (code, name), part in top.groupby(["kecamatan_code", "kecamatan_name"], sort=False):
        groups.append(
            {
                "kecamatan_code": code,
                "kecamatan_name": name,
                "n_priority_in_kecamatan": int(priority["kecamatan_code"].eq(code).sum()),
                "villages": _village_records(part),
            }
        )
    groups.sort(key=lambda g: (-g["n_priority_in_kecamatan"], g["kecamatan_code"]))
    table, sensitivity = sensitivity_table(villages)
    concentration = kecamatan_concentration(villages)
    profile = deprivation_profile(villages, n_boot, seed, level)
    n_families = int(villages["families"].sum())
    n_desil1 = int(villages["families_desil1"].sum())
    summary = {
        "is_simulated": simulated,
        "label": SIMULATED_LABEL if simulated else None,
        "year": int(year),
        "n_villages": int(len(villages)),
        "n_kecamatan": int(villages["kecamatan_code"].nunique()),
        "n_priority": int(rule_card["n_priority"]),
        "n_kecamatan_with_priority": int(priority["kecamatan_code"].nunique()),
        "n_families": n_families,
        "n_desil1": n_desil1,
        "desil1_share_pct": 100 * n_desil1 / n_families if n_families else None,
        "desil1_in_priority": int(priority["families_desil1"].sum()),
        "pct_desil1_in_priority": (
            100 * priority["families_desil1"].sum() / n_desil1 if n_desil1 else None
        ),
        "rule_card": rule_card,
        "priority_villages": _village_records(priority, ["cluster"]),
        "top_by_kecamatan": groups,
        "kecamatan_concentration": concentration.to_dict(orient="records"),
        "deprivation_profile": profile.to_dict(orient="records"),
        "agreement": _agreement_summary(villages, boot_selected, published, year, level),
        "sensitivity": {
            "alternatives": sensitivity,
            "n_changing": int(len(table)),
            "n_stable_core": int(
                (villages[["priority", *[f"alt_{n}" for n in ALTERNATIVE_RULES]]].all(axis=1)).sum()
            ),
            "villages": table.to_dict(orient="records"),
        },
        "spatial": spatial
        if spatial is not None
        else {"done": False, "reason": "no village coordinates or boundaries supplied"},
        "notes": notes,
    }
    return _clean(summary)


def _is_simulated(panel: pd.DataFrame) -> bool:
    if "is_simulated" in panel and panel["is_simulated"].astype(bool).any():
        return True
    return bool(
        "source" in panel
        and panel["source"].astype(str).str.contains(SIMULATED_LABEL, regex=False).any()
    )


def _agreement_summary(
    villages: pd.DataFrame,
    boot: np.ndarray,
    published: pd.DataFrame | None,
    year: int,
    level: float,
) -> dict:
    universe = villages["village_code"].tolist()
    selected = villages.loc[villages["priority"], "village_code"].tolist()
    result: dict = {"panel_lokus": None, "published_named": None}
    lokus = villages["lokus"]
    if lokus.notna().all() and lokus.astype(bool).any():
        reference = villages.loc[lokus.astype(bool), "village_code"].tolist()
        main = agreement(selected, reference, universe, complete=True)
        # How much of the agreement is stable: the same measures over the bootstrap selections.
        if len(boot):
            reference_mask = lokus.astype(bool).to_numpy()
            total, n_reference = len(reference_mask), int(reference_mask.sum())
            both = (boot & reference_mask).sum(axis=1)
            n_selected = boot.sum(axis=1)
            observed = (total - n_selected - n_reference + 2 * both) / total
            p_s, p_r = n_selected / total, n_reference / total
            expected = p_s * p_r + (1 - p_s) * (1 - p_r)
            kappas = np.where(
                expected < 1,
                (observed - expected) / np.where(expected < 1, 1 - expected, 1.0),
                np.nan,
            )
            tail = 100 * (1 - level) / 2
            main["share_of_reference_selected_interval"] = list(
                np.percentile(both / n_reference, [tail, 100 - tail])
            )
            main["cohen_kappa_interval"] = list(np.nanpercentile(kappas, [tail, 100 - tail]))
            main["interval_note"] = (
                "range over bootstrap replicates of the counts; the lists "
                "themselves are complete, not samples"
            )
        main["reference"] = f"lokus villages in the data for {year}"
        result["panel_lokus"] = main
    if published is not None and len(published):
        own = published[published["kode_desa"].isin(set(universe))]
        by_year = []
        for published_year, group in own.groupby("tahun"):
            item = agreement(selected, group["kode_desa"], universe, complete=False)
            item["published_year"] = int(published_year)
            item["not_selected"] = sorted(set(group["kode_desa"]) - set(selected))
            by_year.append(item)
        result["published_named"] = by_year or None
    return result


def _spatial_summary(villages, coordinates, neighbors, max_km, permutations, seed) -> dict:
    if neighbors is None:
        neighbors = neighbors_from_coordinates(coordinates, max_km=max_km)
    values = pd.Series(villages["eb_share"].to_numpy(), index=villages["village_code"])
    moran = local_moran(values, neighbors, permutations=permutations, seed=seed)
    villages["cluster"] = moran["cluster"].to_numpy()
    hot = villages[villages["cluster"] == "HH"]
    return {
        "done": True,
        "variable": "EB desil-1 share",
        "method": "local Moran's I, conditional permutations, Benjamini-Hochberg FDR 5 %",
        "permutations": int(permutations),
        "neighbours": (
            "given by the user"
            if coordinates is None
            else f"coordinates, up to 8 nearest within {max_km:g} km"
        ),
        "n_islands": int((moran["cluster"] == "island").sum()),
        "counts": {
            label: int((moran["cluster"] == label).sum())
            for label in ("HH", "LL", "HL", "LH", "ns", "island")
        },
        "hotspots": [
            {
                "village_code": row.village_code,
                "village_name": row.village_name,
                "kecamatan_name": row.kecamatan_name,
                "priority": bool(row.priority),
            }
            for row in hot.itertuples()
        ],
        "n_priority_in_hotspots": int(hot["priority"].sum()),
    }


# --------------------------------------------------------------------------------------------
# Figures
# --------------------------------------------------------------------------------------------


def plot_kecamatan_concentration(summary: dict, labels: dict):
    """Horizontal bars: priority and other villages per kecamatan, with the priority share.

    ``labels`` keys: "x" (axis), "priority", "other" (legend); English defaults.
    """
    from analysis import figures

    table = pd.DataFrame(summary["kecamatan_concentration"])
    table = table.sort_values(["n_priority", "pct_villages_priority"], ascending=True)
    height = 2.8 + 0.36 * len(table)
    fig, ax = figures.new_figure(figures.FULL_WIDTH_CM * 0.55, height)
    positions = np.arange(len(table))
    ax.barh(
        positions,
        table["n_priority"],
        color=figures.REGENCY_COLOR,
        label=labels.get("priority", "Priority villages"),
    )
    ax.barh(
        positions,
        table["n_villages"] - table["n_priority"],
        left=table["n_priority"],
        color="#d9d9d9",
        label=labels.get("other", "Other villages"),
    )
    for y, (_, row) in zip(positions, table.iterrows(), strict=True):
        if row["n_priority"] > 0:
            ax.text(
                row["n_villages"] + 0.3,
                y,
                f"{row['pct_villages_priority']:.0f}%",
                va="center",
                fontsize=6,
                color="#333333",
            )
    ax.set_yticks(positions, table["kecamatan_name"])
    ax.set_xlabel(labels.get("x", "Number of villages"))
    ax.set_xlim(0, table["n_villages"].max() * 1.15 + 1)
    ax.grid(axis="y", visible=False)
    fig.legend(loc="outside lower center", ncol=2, frameon=False)
    if summary.get("is_simulated"):
        figures.mark_simulated(fig)
    return fig


def plot_deprivation_profile(summary: dict, labels: dict):
    """Paired bars per indicator: share of families deprived in priority vs other villages.

    Error bars are the bootstrap intervals over villages. ``labels`` keys: "x", "priority",
    "other" and one per indicator ("desil1", "rtlh", ...); English defaults.
    """
    from analysis import figures

    profile = pd.DataFrame(summary["deprivation_profile"]).iloc[::-1].reset_index(drop=True)
    fig, ax = figures.new_figure(figures.FULL_WIDTH_CM * 0.45, 8.5)
    positions = np.arange(len(profile))
    height = 0.38
    for offset, group, color in (
        (height / 2, "priority", figures.REGENCY_COLOR),
        (-height / 2, "other", figures.MUTED_COLOR),
    ):
        values = profile[group].astype(float)
        errors = np.vstack(
            [
                values - profile[f"{group}_low"].astype(float),
                profile[f"{group}_high"].astype(float) - values,
            ]
        )
        ax.barh(
            positions + offset,
            values,
            height=height,
            color=color,
            xerr=np.clip(np.nan_to_num(errors), 0, None),
            error_kw={"elinewidth": 0.7, "capsize": 1.5, "ecolor": "#333333"},
            label=labels.get(
                group, "Priority villages" if group == "priority" else "Other villages"
            ),
        )
    names = [labels.get(name, INDICATOR_NAMES_EN.get(name, name)) for name in profile["indicator"]]
    ax.set_yticks(positions, names)
    ax.set_xlabel(labels.get("x", "Share of families (%)"))
    ax.grid(axis="y", visible=False)
    fig.legend(loc="outside lower center", ncol=2, frameon=False)
    if summary.get("is_simulated"):
        figures.mark_simulated(fig)
    return fig


# --------------------------------------------------------------------------------------------
# XLSX annex
# --------------------------------------------------------------------------------------------

# The annex texts (English defaults) live in the message catalogue with the Indonesian ones.
from analysis.labels import ANNEX_EN as ANNEX_LABELS  # noqa: E402
from analysis.labels import INDICATOR_NAMES_EN  # noqa: E402

_ANNEX_VILLAGE_COLUMNS = [
    ("selection_order", "0"),
    ("village_code", "@"),
    ("village_name", "@"),
    ("kecamatan_name", "@"),
    ("families", "#,##0"),
    ("families_desil1", "#,##0"),
    ("families_desil1_4", "#,##0"),
    ("share_desil1", "0.0"),
    ("eb_share", "0.0"),
    ("eb_low", "0.0"),
    ("eb_high", "0.0"),
    ("rank_mass", "0"),
    ("rank_eb", "0"),
    ("rank_eb_low", "0"),
    ("rank_eb_high", "0"),
    ("deprivation_index", "0.0"),
    ("rank_index", "0"),
    ("rank_index_low", "0"),
    ("rank_index_high", "0"),
    ("selection_frequency", "0%"),
    ("entered_by", "@"),
    *((f"share_{name}", "0.0") for name in INDICATORS),
]


def write_annex_xlsx(
    summary: dict, path: Path, labels: dict | None = None, is_simulated: bool | None = None
) -> Path:
    """Write the pockets annex workbook (village aggregates only), atomically.

    Parameters
    ----------
    summary : dict
        The result of `summarize_pockets`.
    path : Path
        Target ``.xlsx``; written to a temporary file in the same folder, then renamed.
    labels : dict, optional
        Sheet names, titles and column headers (keys of `ANNEX_LABELS`); English defaults.
    is_simulated : bool, optional
        Defaults to ``summary["is_simulated"]``; when true every sheet title says SIMULASI.

    Returns
    -------
    Path
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    text = {**ANNEX_LABELS, **(labels or {})}
    simulated = summary.get("is_simulated") if is_simulated is None else is_simulated
    year = summary["year"]
    bold = Font(bold=True)
    title_font = Font(bold=True, size=13)
    warning = Font(bold=True, color="A51C30")
    header_fill = PatternFill("solid", fgColor="E8E8E8")
    workbook = Workbook()
    workbook.remove(workbook.active)

    def sheet(name_key: str, title_key: str):
        worksheet = workbook.create_sheet(_sheet_name(text[name_key]))
        title = text[title_key].format(year=year)
        worksheet["A1"] = f"{title} — {SIMULATED_LABEL}" if simulated else title
        worksheet["A1"].font = title_font
        if simulated:
            worksheet["A2"] = text["simulated_note"]
            worksheet["A2"].font = warning
        return worksheet

    def table(worksheet, columns: list[tuple[str, str]], records: list[dict], first_row=4):
        for j, (key, _) in enumerate(columns, start=1):
            cell = worksheet.cell(row=first_row, column=j, value=text.get(key, key))
            cell.font, cell.fill = bold, header_fill
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            width = 30 if key.endswith("_name") else 12
            worksheet.column_dimensions[get_column_letter(j)].width = width
        for i, record in enumerate(records, start=first_row + 1):
            for j, (key, number_format) in enumerate(columns, start=1):
                value = record.get(key)
                if isinstance(value, bool):
                    value = text["yes"] if value else text["no"]
                cell = worksheet.cell(row=i, column=j, value=value)
                cell.number_format = "General" if number_format == "@" else number_format
        worksheet.freeze_panes = worksheet.cell(row=first_row + 1, column=3)
        if records:
            last = get_column_letter(len(columns))
            worksheet.auto_filter.ref = f"A{first_row}:{last}{first_row + len(records)}"

    villages = sheet("sheet_villages", "title_villages")
    table(villages, _ANNEX_VILLAGE_COLUMNS, summary["priority_villages"])

    kecamatan = sheet("sheet_kecamatan", "title_kecamatan")
    table(
        kecamatan,
        [
            ("kecamatan_code", "@"),
            ("kecamatan_name", "@"),
            ("n_villages", "0"),
            ("n_priority", "0"),
            ("pct_villages_priority", "0.0"),
            ("families_desil1", "#,##0"),
            ("desil1_in_priority", "#,##0"),
            ("pct_desil1_in_priority", "0.0"),
        ],
        summary["kecamatan_concentration"],
    )

    sensitivity = sheet("sheet_sensitivity", "title_sensitivity")
    table(
        sensitivity,
        [
            ("village_code", "@"),
            ("village_name", "@"),
            ("kecamatan_name", "@"),
            ("priority", "@"),
            ("alt_mass", "@"),
            ("alt_intensity", "@"),
            ("alt_deprivation", "@"),
            ("n_rules", "0"),
        ],
        summary["sensitivity"]["villages"],
    )

    rule = sheet("sheet_rule", "title_rule")
    rows = _flatten(summary["rule_card"])
    rule.cell(row=4, column=1, value=text["field"]).font = bold
    rule.cell(row=4, column=2, value=text["value"]).font = bold
    for i, (key, value) in enumerate(rows, start=5):
        rule.cell(row=i, column=1, value=key)
        rule.cell(row=i, column=2, value=value).alignment = Alignment(wrap_text=True)
    rule.column_dimensions["A"].width = 34
    rule.column_dimensions["B"].width = 90

    sources = sheet("sheet_sources", "title_sources")
    lines = [("data", source) for source in summary["rule_card"].get("data_sources", [])]
    lines.append(("year", str(year)))
    lines.append(("simulated", text["yes"] if simulated else text["no"]))
    lines += [("note", note) for note in summary.get("notes", [])]
    lines.append(("method", "analysis.pockets " + summary["rule_card"].get("version", "")))
    for i, (key, value) in enumerate(lines, start=4):
        sources.cell(row=i, column=1, value=key).font = bold
        sources.cell(row=i, column=2, value=value).alignment = Alignment(wrap_text=True)
    sources.column_dimensions["A"].width = 14
    sources.column_dimensions["B"].width = 110

    from analysis import build

    return build.write_with(Path(path), workbook.save)


def _sheet_name(name: str) -> str:
    for character in "[]:*?/\\":
        name = name.replace(character, " ")
    return name[:31]


def _flatten(card: dict, prefix: str = "") -> list[tuple[str, str]]:
    rows = []
    for key, value in card.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            rows += _flatten(value, name + ".")
        elif isinstance(value, list):
            rows.append((name, "; ".join(str(item) for item in value)))
        else:
            rows.append((name, "" if value is None else str(value)))
    return rows
