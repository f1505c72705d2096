"""Tests of the optional spatial clustering: neighbours, local Moran's I, the spatial summary."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from test_pockets_helpers import grid, small_panel

from analysis import pockets
from analysis.errors import InputError


def test_local_moran_finds_a_planted_hot_spot_and_handles_islands():
    """A 4x4 block of high values is flagged HH after FDR; an isolated village is an island."""
    coordinates, rows, cols = grid(12)
    rng = np.random.default_rng(5)
    values = rng.normal(0, 1, len(coordinates))
    block = (rows < 4) & (cols < 4)
    values[block] += 4.0
    island = pd.DataFrame({"village_code": ["99.01.02.2001"], "lon": [111.0], "lat": [-7.5]})
    coordinates = pd.concat([coordinates, island], ignore_index=True)
    values = np.append(values, 10.0)
    # Queen contiguity: the diagonal neighbour is 1.56 km away.
    neighbours = pockets.neighbors_from_coordinates(coordinates, max_km=1.6, k=8)
    assert neighbours["99.01.02.2001"] == []
    assert len(neighbours[coordinates["village_code"][13]]) == 8
    assert all(a in neighbours[b] for a in neighbours for b in neighbours[a])
    result = pockets.local_moran(
        pd.Series(values, index=coordinates["village_code"]), neighbours, permutations=999, seed=1
    )
    clusters = result["cluster"].to_numpy()
    assert clusters[-1] == "island" and np.isnan(result["p_value"].iloc[-1])
    core = (rows >= 1) & (rows <= 2) & (cols >= 1) & (cols <= 2)
    assert (clusters[:-1][core] == "HH").all()
    assert (clusters[:-1][block] == "HH").sum() >= 8
    assert (clusters[:-1][~block] == "HH").sum() <= 4


def test_local_moran_on_noise_makes_few_discoveries():
    """With no spatial pattern, BH-controlled local Moran flags (almost) nothing."""
    coordinates, _, _ = grid()
    neighbours = pockets.neighbors_from_coordinates(coordinates, max_km=1.2, k=4)
    discoveries = []
    for seed in range(5):
        values = np.random.default_rng(100 + seed).normal(0, 1, len(coordinates))
        result = pockets.local_moran(
            pd.Series(values, index=coordinates["village_code"]),
            neighbours,
            permutations=199,
            seed=seed,
        )
        discoveries.append(int((result["cluster"] != "ns").sum()))
    assert np.mean(discoveries) <= 2


def test_no_neighbours_means_no_clustering():
    """Without coordinates or neighbours there are no clusters and the summary says why."""
    panel = small_panel(np.full(30, 900), np.arange(30) + 5)
    villages = pockets.rank_villages(panel, 2025, n_boot=20).villages
    assert pockets.local_clusters(villages) is None
    summary = pockets.spatial_summary(villages, None)
    assert summary == {"done": False, "reason": "no village coordinates or boundaries supplied"}


def test_summary_with_coordinates_adds_clusters():
    """Given coordinates the summary reports clusters and marks priority villages with them."""
    panel = small_panel(np.full(100, 900), np.r_[np.full(10, 300), np.full(90, 60)])
    coordinates, _, _ = grid()
    coordinates["village_code"] = panel["village_code"].to_numpy()
    summary = pockets.summarize_pockets(
        panel, n_boot=20, coordinates=coordinates, spatial_max_km=1.2, permutations=199
    ).to_json()
    assert summary["spatial"]["done"]
    assert sum(summary["spatial"]["counts"].values()) == 100
    assert summary["spatial"]["neighbours"] == "coordinates, up to 8 nearest within 1.2 km"
    assert all("cluster" in village for village in summary["priority_villages"])
    assert all("cluster" not in v for g in summary["top_by_kecamatan"] for v in g["villages"])


@pytest.mark.parametrize(
    ("change", "indonesian", "english"),
    [
        ("drop", "koordinat: kolom lat tidak ada", "coordinates: missing columns lat"),
        ("nan", "harus berupa angka untuk setiap desa", "must be numbers for every village"),
        ("swap", "lat harus di antara -90 dan +90", "lat must be within +-90"),
    ],
)
def test_coordinate_messages_come_in_indonesian_then_english(change, indonesian, english):
    """A boundaries-derived table without lat, with a missing number or with lon and lat swapped
    (lat 110) is refused in Indonesian, then in English."""
    coordinates, _, _ = grid(3)
    if change == "drop":
        coordinates = coordinates.drop(columns="lat")
    elif change == "nan":
        coordinates.loc[2, "lon"] = np.nan
    else:
        coordinates = coordinates.rename(columns={"lon": "lat", "lat": "lon"})
    with pytest.raises(InputError) as error:
        pockets.neighbors_from_coordinates(coordinates)
    first, second = str(error.value).split("\n(en) ")
    assert indonesian in first and english in second


def test_local_moran_on_four_villages_is_refused_in_both_languages():
    """Local Moran needs five villages: four give the reason in Indonesian and English."""
    values = pd.Series([1.0, 2.0, 3.0, 4.0], index=["a", "b", "c", "d"])
    with pytest.raises(InputError) as error:
        pockets.local_moran(values, {"a": ["b"], "b": ["a"], "c": [], "d": []})
    first, second = str(error.value).split("\n(en) ")
    assert "paling sedikit lima desa" in first and "at least five villages" in second
