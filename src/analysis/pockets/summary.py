"""The pockets results: agreement with lokus lists, kecamatan concentration, deprivation profile.

`collect` gathers the parts the notebook computes step by step into the typed result
(`analysis.results.pockets.PocketsResults`); `summarize_pockets` runs every step from a panel.
Village names are official names of villages; no personal data is read or written.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.pockets.rule import (
    DEFAULT_BOOTSTRAP,
    DEFAULT_INDEX_THRESHOLD,
    DEFAULT_LEVEL,
    SIMULATED_LABEL,
    Ranking,
    compare_rules,
    n_stable_core,
    rank_villages,
    rule_card,
    sensitivity_table,
)
from analysis.pockets.spatial import local_clusters, spatial_summary, with_clusters
from analysis.results.pockets import PocketsResults
from analysis.villages import INDICATORS

DEFAULT_TOP = 20  # priority villages (in selection order) in the brief's table
KECAMATAN_SHOWN = 12  # the brief's kecamatan chart shows the kecamatan with most priority villages


# --------------------------------------------------------------------------------------------
# Agreement with lokus lists
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


def lokus_agreement(ranking: Ranking, published: pd.DataFrame | None = None) -> dict:
    """Compare the selection with the data's lokus list and the published named lokus villages.

    Parameters
    ----------
    ranking : Ranking
        The result of `analysis.pockets.rank_villages`.
    published : DataFrame, optional
        Published named lokus villages (`analysis.data.load_lokus`: tahun, kode_desa): a
        partial list, so only the share of named villages selected is meaningful.

    Returns
    -------
    dict
        panel_lokus: agreement with the complete lokus list of the data's year (with the range of
        the share selected and of kappa over the bootstrap replicates), or None when the data
        have no lokus flag; published_named: one item per published year, or None.
    """
    villages = ranking.villages
    universe = villages["village_code"].tolist()
    selected = villages.loc[villages["priority"], "village_code"].tolist()
    result: dict = {"panel_lokus": None, "published_named": None}
    lokus = villages["lokus"]
    if lokus.notna().all() and lokus.astype(bool).any():
        reference = lokus.astype(bool).to_numpy()
        main = agreement(selected, villages.loc[reference, "village_code"], universe)
        main.update(_bootstrap_agreement(ranking.boot_selected, reference, ranking.level))
        main["reference"] = f"lokus villages in the data for {ranking.year}"
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


def _bootstrap_agreement(boot: np.ndarray, reference_mask: np.ndarray, level: float) -> dict:
    """How much of the agreement is stable: the same measures over the bootstrap selections."""
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
    return {
        "share_of_reference_selected_interval": [
            float(value) for value in np.percentile(both / n_reference, [tail, 100 - tail])
        ],
        "cohen_kappa_interval": [
            float(value) for value in np.nanpercentile(kappas, [tail, 100 - tail])
        ],
        "interval_note": "range over bootstrap replicates of the counts; the lists "
        "themselves are complete, not samples",
    }


# --------------------------------------------------------------------------------------------
# Concentration and profile
# --------------------------------------------------------------------------------------------


def kecamatan_concentration(villages: pd.DataFrame) -> pd.DataFrame:
    """Share of each kecamatan's villages and desil-1 families that are in priority villages."""
    # One sum over a small frame (named aggregations cost a pass of pandas' machinery each).
    counts = pd.DataFrame(
        {
            "kecamatan_code": villages["kecamatan_code"],
            "kecamatan_name": villages["kecamatan_name"],
            "n_priority": villages["priority"],
            "families": villages["families"],
            "families_desil1": villages["families_desil1"],
            "desil1_in_priority": villages["families_desil1"].where(villages["priority"], 0),
            "families_in_priority": villages["families"].where(villages["priority"], 0),
        }
    ).groupby(["kecamatan_code", "kecamatan_name"])
    grouped = counts.sum()
    grouped.insert(0, "n_villages", counts.size())
    grouped = grouped.reset_index()
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
        # How often each replicate drew each village: the replicates' sums as one product
        # (sums of whole numbers, so exactly those of summing the drawn rows).
        offsets = (len(part) * np.arange(n_boot))[:, None]
        times = np.bincount((draw + offsets).ravel(), minlength=n_boot * len(part))
        times = times.reshape(n_boot, len(part)).astype(float)
        # einsum, not a BLAS product, which may start threads for this.
        drawn = np.einsum("rv,vk->rk", times, counts)
        boot = 100 * drawn / np.einsum("rv,v->r", times, families)[:, None]
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
# The results
# --------------------------------------------------------------------------------------------

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
PERCENT_FIELDS = {
    "share_desil1",
    "eb_share",
    "eb_low",
    "eb_high",
    *(f"share_{name}" for name in INDICATORS),
}
VILLAGE_META_FIELDS = ("is_simulated", "seed", "years", "calibration", "source_name")


def village_records(frame: pd.DataFrame, extra: list[str] | None = None) -> list[dict]:
    """Villages as records of `VILLAGE_FIELDS` (plus ``extra`` columns present), shares in %."""
    fields = VILLAGE_FIELDS + [f for f in (extra or []) if f in frame]
    # Column by column (``tolist`` gives Python scalars, as ``to_dict`` does), not row by row:
    # pandas' records cost a lookup per value.
    columns = []
    for key in fields:
        values = frame[key].tolist()
        columns.append([100 * value for value in values] if key in PERCENT_FIELDS else values)
    return [dict(zip(fields, row, strict=True)) for row in zip(*columns, strict=True)]


def top_by_kecamatan(priority: pd.DataFrame, top_n: int = DEFAULT_TOP) -> list[dict]:
    """The first ``top_n`` priority villages grouped by kecamatan, most priority villages first.

    Parameters
    ----------
    priority : DataFrame
        The priority villages in selection order.
    """
    top = priority.head(top_n)
    in_kecamatan = priority["kecamatan_code"].value_counts()
    # The records of all shown villages at once, then grouped by kecamatan in order of first
    # appearance (as ``groupby(sort=False)`` would, without a frame per group).
    by_kecamatan: dict[tuple, list[dict]] = {}
    for record in village_records(top):
        key = (record["kecamatan_code"], record["kecamatan_name"])
        if not (pd.isna(key[0]) or pd.isna(key[1])):
            by_kecamatan.setdefault(key, []).append(record)
    groups = [
        {
            "kecamatan_code": code,
            "kecamatan_name": name,
            "n_priority_in_kecamatan": int(in_kecamatan[code]),
            "villages": records,
        }
        for (code, name), records in by_kecamatan.items()
    ]
    groups.sort(key=lambda g: (-g["n_priority_in_kecamatan"], g["kecamatan_code"]))
    return groups


def shown_kecamatan(rows: list[dict]) -> list[dict]:
    """The kecamatan the brief's chart shows: most priority villages first, then by code."""
    ordered = sorted(rows, key=lambda row: (-row["n_priority"], row["kecamatan_code"]))
    return ordered[:KECAMATAN_SHOWN]


def panel_notes(panel: pd.DataFrame) -> list[str]:
    """Notes on the village data: what validation tolerated, and how it was simulated."""
    notes = [str(note) for note in panel.attrs.get("notes", [])]
    simulation = panel.attrs.get("simulation")
    if isinstance(simulation, dict):
        notes.append(
            f"village data simulated (SIMULASI) by {simulation.get('generator')} with "
            f"seed {simulation.get('seed')}, calibrated to BPS P0"
        )
    return notes


def collect(
    panel: pd.DataFrame,
    meta: dict | None,
    ranking: Ranking,
    card: dict,
    sensitivity: pd.DataFrame,
    agreement: dict,
    concentration: pd.DataFrame,
    profile: pd.DataFrame,
    clusters: pd.DataFrame | None = None,
    top_n: int = DEFAULT_TOP,
) -> PocketsResults:
    """Gather the steps' outputs into the stage's typed result.

    Parameters
    ----------
    panel : DataFrame
        The village panel (its ``attrs`` give the notes).
    meta : dict, optional
        The panel's description (`analysis.villages.load_panel`), published as village_meta.
    ranking, card, sensitivity, agreement, concentration, profile, clusters
        The results of `rank_villages`, `rule_card`, `sensitivity_table`, `lokus_agreement`,
        `kecamatan_concentration`, `deprivation_profile` and `local_clusters`.
    top_n : int
        How many priority villages (in selection order) the brief's table shows.

    Returns
    -------
    PocketsResults
        Rounded as published (`analysis.results.pockets`).
    """
    villages = with_clusters(ranking.villages, clusters)
    priority = villages[villages["priority"]].sort_values("selection_order")
    n_families = int(villages["families"].sum())
    n_desil1 = int(villages["families_desil1"].sum())
    concentration_rows = concentration.to_dict(orient="records")
    return PocketsResults(
        is_simulated=ranking.is_simulated,
        label=SIMULATED_LABEL if ranking.is_simulated else None,
        year=ranking.year,
        n_villages=len(villages),
        n_kecamatan=villages["kecamatan_code"].nunique(),
        n_priority=card["n_priority"],
        n_kecamatan_with_priority=priority["kecamatan_code"].nunique(),
        n_families=n_families,
        n_desil1=n_desil1,
        desil1_share_pct=100 * n_desil1 / n_families if n_families else None,
        desil1_in_priority=int(priority["families_desil1"].sum()),
        pct_desil1_in_priority=(
            100 * priority["families_desil1"].sum() / n_desil1 if n_desil1 else None
        ),
        rule_card=card,
        priority_villages=village_records(priority, ["cluster"]),
        top_by_kecamatan=top_by_kecamatan(priority, top_n),
        kecamatan_concentration=concentration_rows,
        deprivation_profile=profile.to_dict(orient="records"),
        agreement=agreement,
        sensitivity={
            "alternatives": compare_rules(villages),
            "n_changing": len(sensitivity),
            "n_stable_core": n_stable_core(villages),
            "villages": sensitivity.to_dict(orient="records"),
        },
        spatial=spatial_summary(villages, clusters),
        notes=panel_notes(panel),
        village_meta={key: (meta or {}).get(key) for key in VILLAGE_META_FIELDS},
        kecamatan_shown=len(shown_kecamatan(concentration_rows)),
    )


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
    meta: dict | None = None,
) -> PocketsResults:
    """Every pockets result the brief and the annex need, from a panel, in one call.

    Runs the notebook's steps in order: `rank_villages`, `local_clusters`, `rule_card`,
    `sensitivity_table`, `lokus_agreement`, `kecamatan_concentration`, `deprivation_profile`,
    `collect`.

    Parameters
    ----------
    panel : DataFrame
        A validated village panel (simulated or a user's file).
    year : int, optional
        Data year (default: the latest in the panel).
    weights, n_priority, index_threshold, n_boot, seed, level
        See `analysis.pockets.rank_villages`.
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
    meta : dict, optional
        The panel's description (`analysis.villages.load_panel`), published as village_meta.

    Returns
    -------
    PocketsResults
        Keys: is_simulated, label, year, counts, rule_card, priority_villages (all, in
        selection order), top_by_kecamatan, kecamatan_concentration, deprivation_profile,
        agreement, sensitivity, spatial, notes, village_meta, kecamatan_shown.
    """
    if year is None:
        year = int(panel["year"].max())
    ranking = rank_villages(panel, year, weights, n_priority, index_threshold, n_boot, seed, level)
    clusters = local_clusters(
        ranking.villages, coordinates, neighbors, spatial_max_km, permutations, seed
    )
    return collect(
        panel,
        meta,
        ranking,
        rule_card(ranking),
        sensitivity_table(ranking.villages),
        lokus_agreement(ranking, published),
        kecamatan_concentration(ranking.villages),
        deprivation_profile(ranking.villages, n_boot, seed, level),
        clusters,
        top_n,
    )
