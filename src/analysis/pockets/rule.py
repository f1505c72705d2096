"""The priority rule: both lenses, the deprivation index, rank intervals and alternative rules.

All functions are pure functions of a validated village panel (`analysis.villages`) for one year.
The index, ranks and the rule, vectorised over replicates, are in `analysis.pockets.selection`;
the bootstrap's replicates in `analysis.pockets.bootstrap`.

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
from analysis.pockets.bootstrap import parametric_bootstrap
from analysis.pockets.eb import DEFAULT_LEVEL, eb_shares, fit_beta_priors, shrunk_shares
from analysis.pockets.selection import (
    ALTERNATIVE_RULES,
    DEFAULT_INDEX_THRESHOLD,
    _alternatives,
    _ranks_descending,
    _two_lens,
    deprivation_index,
)
from analysis.villages import INDICATORS, PANEL_COLUMNS
from analysis.yamlread import shown

DEFAULT_BOOTSTRAP = 200
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
    boot = parametric_bootstrap(frame, priors, weight_vector, n, index_threshold, n_boot, seed)
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
