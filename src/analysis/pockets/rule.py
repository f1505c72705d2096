"""The priority rule: both lenses, the deprivation index, rank intervals and alternative rules.

All functions are pure functions of a validated village panel (`analysis.villages`) for one year.

Lenses and index
----------------
* Mass: the number of desil-1 (extreme-poor) families. An administrative count: it has no sampling
  error, so neither the count nor its rank gets an interval; how much the list depends on the
  noisier lenses is shown by the selection frequency.
* Intensity: the desil-1 share, stabilised by empirical Bayes (`analysis.pockets.eb`): each
  village's posterior mean under a beta prior fitted to all villages of the year.
* Deprivation index (0-100): the weighted mean, over the eight provincial indicators, of each
  village's percentile rank (0 = least, 100 = most deprived in the regency) of the share of its
  families with that deprivation, each share stabilised by empirical Bayes like the desil-1 share
  (one beta prior per indicator), so a small village's chance extreme does not top the index.
  Percentile ranks put indicators of very different prevalence (electricity below 1 %, stunting
  risk near 8 %) on one scale and are robust to outliers. Weights are passed in (equal by
  default, or a province's published weights).

Rank intervals and stability
----------------------------
A parametric bootstrap of the fitted beta-binomial model: each replicate draws every village's
rate from its posterior under the fitted prior and its count as binomial at that rate, refits
every prior to the replicate (Laird and Louis 1987: the prior's own estimation error belongs in
the interval), recomputes the EB shares, the index and the rule, and records ranks and
selections. Reported: the central `level` interval of the EB-share and index ranks, how often
each village is selected (selection frequency), and the lowest and highest rank of the index when
each indicator in turn is left out (leave-one-indicator-out).

The priority rule (rule card)
-----------------------------
Two ordered lists take turns, the mass list first: at each turn the list's first village not yet
chosen enters (a village already chosen is skipped, so every turn adds a new village). The mass
list orders all villages by desil-1 families; the intensity list orders, by EB share, the villages
whose deprivation index is at least the threshold (default 50, the regency median). When the
intensity list has no village left, its turns go to the mass list. Turns continue until N villages
are chosen. Mass ties are broken by
EB share, share ties by mass, and remaining ties by village code. N defaults to the published
count (or the data's lokus count for that year), else 20 % of villages. Three alternative rules
(mass only, EB share only, deprivation index only) give the sensitivity table.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.errors import InputError
from analysis.labels import both
from analysis.pockets.eb import (
    DEFAULT_LEVEL,
    eb_shares,
    fit_beta_priors,
    refit_beta_priors,
    shrunk_shares,
)
from analysis.pockets.ranks import tie_ranks
from analysis.villages import INDICATORS, PANEL_COLUMNS
from analysis.yamlread import shown

DEFAULT_BOOTSTRAP = 200
DEFAULT_INDEX_THRESHOLD = 50.0
DEFAULT_PRIORITY_SHARE = 0.20
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
        raise InputError(both("errs_pk_no_year"))
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
        raise InputError(both("errs_pk_missing_columns", columns=", ".join(missing)))
    keep = [column for column in PANEL_COLUMNS if column in panel]
    frame = panel.loc[panel["year"] == int(year), keep]
    if "lokus" not in frame:
        frame = frame.assign(lokus=pd.array([pd.NA] * len(frame), dtype="boolean"))
    if "source" not in frame:
        frame = frame.assign(source="unknown")
    if frame.empty:
        years = ", ".join(str(y) for y in sorted(panel["year"].unique()))
        raise InputError(both("errs_pk_no_rows", year=year, years=years))
    empty = frame["families"] <= 0
    if empty.all():
        raise InputError(both("errs_pk_no_families", year=year))
    dropped = frame.loc[empty, "village_code"].tolist()
    frame = frame[~empty].sort_values("village_code").reset_index(drop=True)
    frame.attrs = {}  # the panel's metadata would be deep-copied by every later operation
    families = frame["families"].to_numpy(dtype=float)
    shares = {"share_desil1": frame["families_desil1"].to_numpy(dtype=float) / families}
    for name in INDICATORS:
        shares[f"share_{name}"] = frame[name].to_numpy(dtype=float) / families
    frame = pd.concat([frame, pd.DataFrame(shares, index=frame.index)], axis=1)
    frame.attrs["dropped"] = dropped
    return frame


def _weights(weights: dict | None) -> np.ndarray:
    if weights is None:
        return np.ones(len(INDICATORS))
    unknown = sorted(set(weights) - set(INDICATORS))
    if unknown:
        raise InputError(
            both(
                "errs_pk_weights_unknown",
                unknown=", ".join(shown(name) for name in unknown[:5]),
                expected=", ".join(INDICATORS),
            )
        )
    values = np.array([float(weights.get(name, 0.0)) for name in INDICATORS])
    # A weight of 1e308 overflows the index (inf) and reorders the priority list: refused.
    if (values < 0).any() or not np.isfinite(values).all() or not 0 < values.sum() < np.inf:
        raise InputError(both("errs_pk_weights_range"))
    return values


# --------------------------------------------------------------------------------------------
# Deprivation index, ranks and the rule (vectorised over a leading replicate axis)
# --------------------------------------------------------------------------------------------


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
    return _index_by_indicator(np.swapaxes(np.asarray(shares, dtype=float), -1, -2), weights)


def _index_by_indicator(shares: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """`deprivation_index` of shares laid out (..., indicators, villages)."""
    used = weights > 0
    n = shares.shape[-1]
    # Percentile rank of each share among the villages (average rank for ties).
    ranks = tie_ranks(np.ascontiguousarray(shares[..., used, :]), "average")
    ranks = 100.0 * (ranks - 1) / max(n - 1, 1)
    return np.einsum("...kv,k->...v", ranks, weights[used] / weights[used].sum())


def _order(*keys_descending: np.ndarray) -> np.ndarray:
    """The villages sorted by the keys, first key first, descending (indices along the last axis).

    Remaining ties fall to the village order (sorted codes).
    """
    # lexsort is stable: villages tied on every key keep their (code) order.
    return np.lexsort([_descending_key(key) for key in reversed(keys_descending)], axis=-1)


def _descending_key(key: np.ndarray) -> np.ndarray:
    """``-key``, as 16-bit integers when the values are small whole numbers (counts of families):
    numpy sorts those by radix sort, several times faster than floats, in the same order."""
    key = np.asarray(key)
    if key.size and np.abs(key).max() < 2**15 and (key == np.floor(key)).all():
        return (-key).astype(np.int16)
    return -key


def _positions(*keys_descending: np.ndarray) -> np.ndarray:
    """Position (0 = first) of each village when sorted by the keys, first key first, descending.

    Remaining ties fall to the village order (sorted codes). Works along the last axis.
    """
    order = _order(*keys_descending)
    shape = order.shape
    positions = np.empty(shape, dtype=np.int64)
    np.put_along_axis(positions, order, np.broadcast_to(np.arange(shape[-1]), shape), axis=-1)
    return positions


def _ranks_descending(values: np.ndarray) -> np.ndarray:
    """Competition ranks (1 = largest; ties share the best rank) along the last axis."""
    return tie_ranks(-np.asarray(values, dtype=float), "min").astype(np.int64)


def _two_lens(
    mass: np.ndarray, share: np.ndarray, index: np.ndarray, n: int, threshold: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The main rule along the last axis: selected mask, turn of entry and lens of entry.

    Turns alternate, mass list first. At each turn the lens takes the first village of its list
    not yet chosen (a village already chosen is skipped, so every turn adds a new village). When
    no eligible village is left on the intensity list, its turns go to the mass list. The turn
    of entry (0-based) is ``np.iinfo(np.int64).max // 4`` for villages not chosen.
    """
    shape = mass.shape
    n_villages = shape[-1]
    n = min(int(n), n_villages)
    rows = int(np.prod(shape[:-1], dtype=np.int64))
    eligible = index >= threshold
    # Ineligible villages sort last: the intensity list is the first n_eligible of share_order.
    share_key = np.where(eligible, share, -np.inf)
    n_eligible = eligible.reshape(rows, -1).sum(axis=-1)
    # Both lists as flat positions in the (rows x villages) arrays, so that each turn indexes
    # plain 1-D arrays.
    start = n_villages * np.arange(rows)
    mass_list = (_order(mass, share).reshape(rows, -1) + start[:, None]).ravel()
    share_list = (_order(share_key, mass).reshape(rows, -1) + start[:, None]).ravel()
    selected = np.zeros(rows * n_villages, dtype=bool)
    never = np.iinfo(np.int64).max // 4
    entry = np.full(rows * n_villages, never, dtype=np.int64)
    by_mass = np.zeros(rows * n_villages, dtype=bool)
    # Each list's pointer: its first village not yet chosen (chosen villages are skipped).
    at_mass = np.zeros(rows, dtype=np.int64)
    at_share = np.zeros(rows, dtype=np.int64)
    for turn in range(n):
        at_mass = _skip_chosen(mass_list, start, at_mass, None, selected)
        candidate = mass_list[start + at_mass]
        use_mass = True
        if turn % 2 == 1:
            at_share = _skip_chosen(share_list, start, at_share, n_eligible, selected)
            has_share = at_share < n_eligible
            share_pick = share_list[start + np.minimum(at_share, n_villages - 1)]
            candidate = np.where(has_share, share_pick, candidate)
            use_mass = ~has_share
        selected[candidate] = True
        entry[candidate] = turn
        by_mass[candidate] = use_mass
    return selected.reshape(shape), entry.reshape(shape), by_mass.reshape(shape)


def _skip_chosen(order, start, at, length, selected) -> np.ndarray:
    """Move each row's pointer into its list past villages already chosen.

    ``order`` holds each row's list as flat positions from ``start``; pointers stop at
    ``length`` (None: the list is longer than any run of chosen villages).
    """
    last = len(order) // len(start) - 1
    while True:
        if length is None:
            chosen = selected[order[start + at]]
        else:
            chosen = selected[order[start + np.minimum(at, last)]] & (at < length)
        if not chosen.any():
            return at
        at = at + chosen


def select_priority(
    mass, share, index, n: int, threshold: float = DEFAULT_INDEX_THRESHOLD
) -> pd.DataFrame:
    """Apply the priority rule of the rule card to one year's villages (in village-code order).

    Parameters
    ----------
    mass : array-like
        Desil-1 families per village.
    share : array-like
        EB desil-1 share per village.
    index : array-like
        Deprivation index (0-100) per village.
    n : int
        Number of villages to choose.
    threshold : float
        Minimum index for the intensity list.

    Returns
    -------
    DataFrame
        The chosen villages in the order of choice: ``village`` (position in the input),
        ``turn`` (1 = first) and ``lens`` ("mass" or "intensity").
    """
    mass, share, index = (np.asarray(v, dtype=float) for v in (mass, share, index))
    selected, entry, by_mass = _two_lens(mass, share, index, n, threshold)
    chosen = np.flatnonzero(selected)
    chosen = chosen[np.argsort(entry[chosen])]
    return pd.DataFrame(
        {
            "village": chosen,
            "turn": entry[chosen] + 1,
            "lens": np.where(by_mass[chosen], "mass", "intensity"),
        }
    )


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


def _is_simulated(panel: pd.DataFrame) -> bool:
    if "is_simulated" in panel and panel["is_simulated"].astype(bool).any():
        return True
    return bool(
        "source" in panel
        and panel["source"].astype(str).str.contains(SIMULATED_LABEL, regex=False).any()
    )


# --------------------------------------------------------------------------------------------
# Analysis of one year
# --------------------------------------------------------------------------------------------


@dataclass
class Ranking:
    """The villages of one year ranked by both lenses, with the rule applied (`rank_villages`).

    Attributes
    ----------
    villages : DataFrame
        One row per village, sorted by code: counts, shares (fractions), EB share and interval,
        ranks with intervals, deprivation index, leave-one-indicator-out ranks, selection
        frequency, ``priority``, ``entered_by``, ``selection_order`` and ``alt_<rule>``.
    boot_selected : ndarray of bool, shape (n_boot, villages)
        The rule's selection in each bootstrap replicate.
    prior : dict
        The fitted beta prior (`fit_beta_prior`).
    weights : ndarray
        Indicator weights of the deprivation index, in `INDICATORS` order.
    n_priority, n_priority_basis
        N and how it was chosen.
    year, index_threshold, n_boot, seed, level
        The settings the rule ran with.
    dropped : list of str
        Villages without families, left out.
    is_simulated : bool
        Whether the panel is simulated (SIMULASI).
    """

    villages: pd.DataFrame
    boot_selected: np.ndarray
    prior: dict
    weights: np.ndarray
    n_priority: int
    n_priority_basis: str
    year: int
    index_threshold: float
    n_boot: int
    seed: int
    level: float
    dropped: list[str]
    is_simulated: bool


def rank_villages(
    panel: pd.DataFrame,
    year: int,
    weights: dict | None = None,
    n_priority: int | None = None,
    index_threshold: float = DEFAULT_INDEX_THRESHOLD,
    n_boot: int = DEFAULT_BOOTSTRAP,
    seed: int = 0,
    level: float = DEFAULT_LEVEL,
) -> Ranking:
    """Rank the villages of one year by both lenses and the index, and apply the priority rule.

    Memory grows as n_boot x villages x 9 floats: a regency (up to about 900 villages) needs a
    few MB; the rule is a regency decision, so a national run loops over regencies.

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
    Ranking
        The village table, the bootstrap selections and the settings (see `Ranking`).
    """
    _check_settings(n_boot, level, index_threshold)
    # A view without the panel's metadata (attrs), which pandas would deep-copy into every
    # column and intermediate result taken from it; nothing here reads it.
    panel = pd.DataFrame(panel, copy=False)
    frame = village_year(panel, year)
    weight_vector = _weights(weights)
    n, basis = _choose_n(frame, n_priority, len(frame))
    mass = frame["families_desil1"].to_numpy(dtype=float)
    trials = frame["families"].to_numpy(dtype=float)
    # The desil-1 prior and one prior per indicator, fitted together.
    priors = fit_beta_priors(frame[["families_desil1", *INDICATORS]].to_numpy(float), trials)
    eb = eb_shares(mass, trials, level, prior=priors[0])
    share = eb["eb_share"].to_numpy()
    shares, _ = shrunk_shares(frame[list(INDICATORS)].to_numpy(float), trials, priors[1:])
    index = deprivation_index(shares, weight_vector)
    boot = _bootstrap(frame, priors, weight_vector, n, index_threshold, n_boot, seed)
    # The table's columns are collected first and made into a frame once (not one by one).
    columns = _lens_columns(frame, eb, index)
    _add_ranks(columns, mass, share, index, boot, level)
    _add_loio_ranks(columns, shares, weight_vector, index)
    _add_selection(columns, mass, share, index, n, index_threshold, boot["selected"])
    villages = pd.DataFrame(columns, index=frame.index)
    return Ranking(
        villages=villages,
        boot_selected=boot["selected"],
        prior=eb.attrs["prior"],
        weights=weight_vector,
        n_priority=int(n),
        n_priority_basis=basis,
        year=int(year),
        index_threshold=float(index_threshold),
        n_boot=int(n_boot),
        seed=int(seed),
        level=float(level),
        dropped=list(frame.attrs.get("dropped", [])),
        is_simulated=_is_simulated(panel),
    )


def _check_settings(n_boot: int, level: float, index_threshold: float) -> None:
    if int(n_boot) < 20:
        raise InputError(both("errs_pk_n_boot", value=shown(n_boot)))
    if not 0 < level < 1:
        raise InputError(both("errs_pk_level", value=shown(level)))
    if not 0 <= index_threshold <= 100:
        raise InputError(both("errs_pk_threshold", value=shown(index_threshold)))


def _bootstrap(frame, priors, weight_vector, n, index_threshold, n_boot, seed) -> dict:
    """Parametric bootstrap of the beta-binomial model, every prior refitted in each replicate.

    ``priors`` holds the fitted prior of the desil-1 count and of each indicator, in that order.
    Each replicate draws every village's rate from its posterior (beta) and its count from the
    binomial at that rate, refits each prior to the replicate's counts (`refit_beta_priors`) and
    recomputes the EB shares, the index on EB indicator shares and the rule. Returns the
    replicates' mass, EB share and index (n_boot x villages), the rule's selections in each
    replicate and the refitted desil-1 priors (``phi``, ``mean``).
    """
    rng = np.random.default_rng(seed)
    trials = frame["families"].to_numpy(dtype=float)
    counts = frame[["families_desil1", *INDICATORS]].to_numpy(dtype=float)
    alpha = np.array([p["alpha"] for p in priors])
    beta = np.array([p["beta"] for p in priors])
    rates = rng.beta(
        alpha[None, None, :] + counts[None, :, :],
        beta[None, None, :] + trials[None, :, None] - counts[None, :, :],
        size=(n_boot, *counts.shape),
    )
    boot = rng.binomial(trials.astype(np.int64)[None, :, None], rates).astype(float)
    # Every prior of every replicate in one batched Newton fit: rows are (prior, replicate).
    by_prior = np.ascontiguousarray(np.moveaxis(boot, 2, 0)).reshape(-1, len(trials))
    fit = refit_beta_priors(by_prior, trials, [p for p in priors for _ in range(n_boot)])
    fit_alpha = fit["alpha"].reshape(len(priors), n_boot, 1)  # (prior, replicate, 1)
    fit_phi = fit["phi"].reshape(len(priors), n_boot, 1)
    shrunk = (fit_alpha + by_prior.reshape(len(priors), n_boot, -1)) / (fit_phi + trials)
    mass = boot[..., 0]
    share = shrunk[0]
    index = _index_by_indicator(np.swapaxes(shrunk[1:], 0, 1), weight_vector)
    selected, _, _ = _two_lens(mass, share, index, n, index_threshold)
    return {
        "mass": mass,
        "share": share,
        "index": index,
        "selected": selected,
        "prior_phi": fit_phi[0, :, 0],
        "prior_mean": fit_alpha[0, :, 0] / fit_phi[0, :, 0],
    }


_VILLAGE_COLUMNS = [
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


def _lens_columns(frame: pd.DataFrame, eb: pd.DataFrame, index: np.ndarray) -> dict:
    """The village table's first columns: counts, shares, the EB share with its interval, and
    the index."""
    columns = {name: frame[name] for name in _VILLAGE_COLUMNS}
    columns["share_desil1"] = frame["share_desil1"]
    for name in ("eb_share", "eb_low", "eb_high", "shrinkage"):
        columns[name] = eb[name].to_numpy()
    for name in INDICATORS:
        columns[f"share_{name}"] = frame[f"share_{name}"]
    columns["deprivation_index"] = index
    return columns


def _add_ranks(villages: dict, mass, share, index, boot: dict, level: float) -> None:
    """Add each lens's rank; the EB-share and index ranks with their central `level` interval
    over the bootstrap replicates."""
    tail = 100 * (1 - level) / 2
    # The count is administrative (no sampling error): its rank is reported without interval.
    villages["rank_mass"] = _ranks_descending(mass)
    for name, observed, replicates in (
        ("eb", share, boot["share"]),
        ("index", index, boot["index"]),
    ):
        low, high = np.percentile(
            _ranks_descending(replicates), [tail, 100 - tail], axis=0, method="nearest"
        )
        villages[f"rank_{name}"] = _ranks_descending(observed)
        villages[f"rank_{name}_low"] = low.astype(int)
        villages[f"rank_{name}_high"] = high.astype(int)


def _add_loio_ranks(villages: dict, shares, weight_vector, index) -> None:
    """Add the lowest and highest index rank with each weighted indicator left out in turn."""
    loio = []
    for k in np.flatnonzero(weight_vector > 0):
        if (weight_vector > 0).sum() == 1:
            break
        reduced = weight_vector.copy()
        reduced[k] = 0.0
        loio.append(_ranks_descending(deprivation_index(shares, reduced)))
    loio_ranks = np.array(loio) if loio else _ranks_descending(index)[None, :]
    villages["rank_index_loio_min"] = loio_ranks.min(axis=0)
    villages["rank_index_loio_max"] = loio_ranks.max(axis=0)


def _add_selection(villages: dict, mass, share, index, n, index_threshold, boot_selected) -> None:
    """Add the rule's selection (with order and lens of entry) and the alternative rules'."""
    selected, entry, by_mass = _two_lens(mass, share, index, n, index_threshold)
    order_position = np.argsort(np.argsort(entry, kind="stable"), kind="stable") + 1
    villages["selection_frequency"] = boot_selected.mean(axis=0)
    villages["priority"] = selected
    villages["entered_by"] = np.where(selected, np.where(by_mass, "mass", "intensity"), "")
    villages["selection_order"] = np.where(selected, order_position, 0)
    for name, chosen in _alternatives(mass, share, index, n).items():
        villages[f"alt_{name}"] = chosen


def rule_card(ranking: Ranking) -> dict:
    """Inputs, thresholds, tie-breaks and realised cut-offs of the rule (JSON-serialisable).

    Parameters
    ----------
    ranking : Ranking
        The result of `rank_villages`.

    Returns
    -------
    dict
        The rule card, ending with ``is_simulated``.
    """
    villages, prior = ranking.villages, ranking.prior
    level, threshold = ranking.level, ranking.index_threshold
    chosen = villages[villages["priority"]]
    via_mass = chosen[chosen["entered_by"] == "mass"]
    via_share = chosen[chosen["entered_by"] == "intensity"]
    return {
        "rule_name": "two-lens priority rule (mass and intensity)",
        "version": RULE_VERSION,
        "year": ranking.year,
        "data_sources": sorted(set(villages["source"].astype(str))),
        "n_villages": int(len(villages)),
        "n_priority": ranking.n_priority,
        "n_priority_basis": ranking.n_priority_basis,
        "inputs": ["families", "families_desil1", *INDICATORS],
        "mass_lens": "number of desil-1 (extreme-poor) families",
        "intensity_lens": "desil-1 share, empirical Bayes posterior mean (beta-binomial)",
        "deprivation_index": "weighted mean of the percentile ranks (0-100) of the eight "
        "indicator shares among the regency's villages, each share stabilised by empirical "
        "Bayes (one beta prior per indicator)",
        "weights": {name: float(w) for name, w in zip(INDICATORS, ranking.weights, strict=True)},
        "index_threshold": threshold,
        "eligibility": f"intensity lens only for villages with deprivation index >= "
        f"{threshold:g} (50 = regency median)",
        "selection": "the two lists take turns, mass first; each turn takes the first village "
        "of its list not yet chosen (villages already chosen are skipped, so every turn adds a "
        "new village); when no eligible village is left by EB share, its turns go to the mass "
        "list; until N are chosen",
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
        "interval_level": level,
        "intervals": f"EB share: {level:.0%} posterior interval; EB-share and index ranks: "
        f"{level:.0%} interval over {ranking.n_boot} parametric bootstrap replicates (rates from "
        "each village's posterior, counts binomial, every prior refitted in each replicate); "
        "index ranks also leave-one-indicator-out; the desil-1 count is administrative and its "
        "rank has no interval",
        "n_boot": ranking.n_boot,
        "seed": ranking.seed,
        "median_selection_frequency_priority": (
            round(float(chosen["selection_frequency"].median()), 3) if len(chosen) else None
        ),
        "n_priority_stable_90": int((chosen["selection_frequency"] >= 0.9).sum()),
        "dropped_no_families": ranking.dropped,
        "is_simulated": ranking.is_simulated,
    }


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
    """Rank the villages of one year and apply the priority rule (`rank_villages`, `rule_card`).

    Parameters are those of `rank_villages`.

    Returns
    -------
    villages : DataFrame
        One row per village: counts, shares, EB share and interval, ranks with intervals,
        deprivation index, leave-one-indicator-out ranks, selection frequency, ``priority``,
        ``entered_by``, ``selection_order`` and the alternative rules' selections.
    rule_card : dict
        Inputs, thresholds, tie-breaks and realised cut-offs of the rule (JSON-serialisable).
    """
    ranking = rank_villages(panel, year, weights, n_priority, index_threshold, n_boot, seed, level)
    return ranking.villages, rule_card(ranking)


def _choose_n(frame: pd.DataFrame, n_priority, n_villages: int) -> tuple[int, str]:
    if n_priority is not None:
        n = int(n_priority)
        if not 1 <= n <= n_villages:
            raise InputError(both("errs_pk_n_priority", value=n, n_villages=n_villages))
        return n, "given (published count or parameter)"
    lokus = frame.get("lokus")
    if lokus is not None and lokus.notna().all() and lokus.astype(bool).sum() > 0:
        return int(lokus.astype(bool).sum()), "number of lokus villages in the data for the year"
    return max(1, round(DEFAULT_PRIORITY_SHARE * n_villages)), "default: 20 % of villages"


# --------------------------------------------------------------------------------------------
# Sensitivity to the rule
# --------------------------------------------------------------------------------------------

_RULE_COLUMNS = ["priority", *(f"alt_{name}" for name in ALTERNATIVE_RULES)]


def sensitivity_table(villages: pd.DataFrame) -> pd.DataFrame:
    """Villages that enter or leave the priority list under the alternative rules.

    Returns
    -------
    DataFrame
        One row per village selected by some rule but not by all: code, names, the main rule's
        and each alternative's decision, and the number of rules selecting it (most first).
    """
    n_rules = villages[_RULE_COLUMNS].sum(axis=1)
    table = villages.loc[
        (n_rules > 0) & (n_rules < len(_RULE_COLUMNS)),
        ["village_code", "village_name", "kecamatan_name", *_RULE_COLUMNS],
    ].copy()
    table["n_rules"] = n_rules[table.index]
    table = table.sort_values(["n_rules", "village_code"], ascending=[False, True])
    return table.reset_index(drop=True)


def compare_rules(villages: pd.DataFrame) -> list[dict]:
    """Each alternative rule against the main rule.

    Returns
    -------
    list of dict
        Per alternative: rule, description, n_enter (selected by it, not by the main rule),
        n_leave, and the Jaccard index with the main rule.
    """
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
    return summary


def n_stable_core(villages: pd.DataFrame) -> int:
    """Number of villages that every rule (main and alternatives) selects."""
    return int(villages[_RULE_COLUMNS].all(axis=1).sum())
