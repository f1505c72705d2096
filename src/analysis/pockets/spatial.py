"""Spatial clustering of the EB desil-1 share (optional): neighbours and local Moran's I.

Local Moran's I with conditional permutation inference and Benjamini-Hochberg FDR control
(statsmodels), on neighbours from coordinates (distance band with a k-nearest cap) or from a
neighbour list the user derives from boundaries; villages without neighbours are reported as
islands and left out of the tests. It is written here in numpy rather than taken from
PySAL's esda because esda needs libpysal, which pulls geopandas, shapely and scikit-learn into a
project that otherwise needs none of them, for about forty lines of arithmetic.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from analysis.errors import InputError
from analysis.labels import both

CLUSTER_LABELS = ("HH", "LL", "HL", "LH", "ns", "island")


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
        raise InputError(both("errs_pk_coord_columns", columns=", ".join(missing)))
    lon = coordinates["lon"].to_numpy(dtype=float)
    lat = coordinates["lat"].to_numpy(dtype=float)
    if not (np.isfinite(lon).all() and np.isfinite(lat).all()):
        raise InputError(both("errs_pk_coord_numbers"))
    if (np.abs(lat) > 90).any() or (np.abs(lon) > 180).any():
        raise InputError(both("errs_pk_coord_range"))
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
        raise InputError(both("errs_pk_moran_small"))
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
    p_values = _permutation_p_values(z, local, k, permutations, seed)
    result["p_value"] = np.where(tested, p_values, np.nan)
    _, q_values, _, _ = multipletests(p_values[tested], alpha=alpha, method="fdr_bh")
    result.loc[tested, "q_value"] = q_values
    significant = tested & (result["q_value"].to_numpy() <= alpha)
    quadrant = np.where(z >= 0, np.where(lag >= 0, "HH", "HL"), np.where(lag >= 0, "LH", "LL"))
    result["cluster"] = np.where(tested, np.where(significant, quadrant, "ns"), "island")
    return result


def _permutation_p_values(z, local, k, permutations: int, seed: int) -> np.ndarray:
    """Folded pseudo p-values of local Moran by conditional permutation (blocks of 256 villages).

    Each village's ``k`` neighbours are replaced by random sets of other villages, drawn once
    and shared across villages, as PySAL does.
    """
    n = len(z)
    k_max = int(k.max())
    if k_max > n - 1:
        # Internal: the neighbour lists come from `neighbours`, never from a user's file.
        raise ValueError("local Moran: a village has more neighbours than other villages.")
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
    return p_values


def local_clusters(
    villages: pd.DataFrame,
    coordinates: pd.DataFrame | None = None,
    neighbors: dict[str, list[str]] | None = None,
    max_km: float = 3.0,
    permutations: int = 999,
    seed: int = 0,
) -> pd.DataFrame | None:
    """Local Moran clusters of the villages' EB desil-1 share, or None without neighbours.

    Parameters
    ----------
    villages : DataFrame
        The village table of `analysis.pockets.rank_villages` (village_code, eb_share).
    coordinates : DataFrame, optional
        village_code, lon, lat: neighbours within ``max_km`` (`neighbors_from_coordinates`).
    neighbors : dict, optional
        village code -> neighbour codes (e.g. from boundaries); used when given.
    max_km, permutations, seed
        Distance band for neighbours from coordinates; permutations of local Moran; its seed.

    Returns
    -------
    DataFrame or None
        The `local_moran` table in the villages' order; ``attrs`` hold ``permutations`` and how
        the neighbours were found (``neighbours``). None when neither coordinates nor neighbours
        are given.
    """
    if coordinates is None and neighbors is None:
        return None
    if neighbors is None:
        neighbors = neighbors_from_coordinates(coordinates, max_km=max_km)
    values = pd.Series(villages["eb_share"].to_numpy(), index=villages["village_code"])
    moran = local_moran(values, neighbors, permutations=permutations, seed=seed)
    moran.attrs["permutations"] = int(permutations)
    moran.attrs["neighbours"] = (
        "given by the user"
        if coordinates is None
        else f"coordinates, up to 8 nearest within {max_km:g} km"
    )
    return moran


def with_clusters(villages: pd.DataFrame, clusters: pd.DataFrame | None) -> pd.DataFrame:
    """The village table with a ``cluster`` column when clusters were computed."""
    if clusters is None:
        return villages
    return villages.assign(cluster=clusters["cluster"].to_numpy())


def spatial_summary(villages: pd.DataFrame, clusters: pd.DataFrame | None) -> dict:
    """The spatial part of the results: cluster counts and hot spots, or why there are none.

    Parameters
    ----------
    villages : DataFrame
        The village table (with ``priority``), in the order of ``clusters``.
    clusters : DataFrame or None
        The result of `local_clusters`.
    """
    if clusters is None:
        return {"done": False, "reason": "no village coordinates or boundaries supplied"}
    labels = clusters["cluster"]
    hot = villages[labels.to_numpy() == "HH"]
    return {
        "done": True,
        "variable": "EB desil-1 share",
        "method": "local Moran's I, conditional permutations, Benjamini-Hochberg FDR 5 %",
        "permutations": clusters.attrs["permutations"],
        "neighbours": clusters.attrs["neighbours"],
        "n_islands": int((labels == "island").sum()),
        "counts": {label: int((labels == label).sum()) for label in CLUSTER_LABELS},
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
