"""Shared builders of the pockets tests: the simulated Klaten panel, its summary, small panels.

No tests here; the pockets test modules import these builders.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from analysis import pockets, synth
from analysis.villages import INDICATORS, PANEL_COLUMNS


@lru_cache(maxsize=1)
def klaten():
    """The simulated Klaten panel and its description (generator seed 20251127)."""
    return synth.generate_for_regency("3310", 20251127)


@lru_cache(maxsize=1)
def klaten_results():
    """The pockets results of simulated Klaten 2025 (N = 81, published lokus, 100 replicates)."""
    from analysis import data

    panel, meta = klaten()
    return pockets.summarize_pockets(
        panel, 2025, n_priority=81, published=data.load_lokus(), n_boot=100, meta=meta
    )


def klaten_summary() -> dict:
    """`klaten_results` in its JSON form (what results/pockets.json holds)."""
    return klaten_results().to_json()


def small_panel(families, desil1, shares=None, year=2025, seed=0, source="P3KE 2025"):
    """A one-year panel from family counts, desil-1 counts and indicator shares."""
    families = np.asarray(families, dtype=np.int64)
    n = len(families)
    rng = np.random.default_rng(seed)
    if shares is None:
        shares = rng.uniform(0.01, 0.1, (n, len(INDICATORS)))
    frame = pd.DataFrame(
        {
            "village_code": [f"99.01.{1 + i // 10:02d}.{2001 + i % 10}" for i in range(n)],
            "village_name": [f"Desa {i}" for i in range(n)],
            "kecamatan_code": [f"99.01.{1 + i // 10:02d}" for i in range(n)],
            "kecamatan_name": [f"Kec {1 + i // 10}" for i in range(n)],
            "year": year,
            "families": families,
            "families_desil1": np.asarray(desil1, dtype=np.int64),
            "families_desil1_4": np.minimum(families, 4 * np.asarray(desil1)),
            **{
                name: np.rint(families * shares[:, k]).astype(np.int64)
                for k, name in enumerate(INDICATORS)
            },
            "source": source,
            "lokus": pd.array([pd.NA] * n, dtype="boolean"),
            "is_simulated": "SIMULASI" in source,
        }
    )
    return frame[list(PANEL_COLUMNS)]


def grid(size=10, spacing=0.01):
    """Village coordinates on a square grid (about 1.1 km apart), with row and column numbers."""
    codes = [f"99.01.01.{2001 + i}" for i in range(size * size)]
    rows, cols = np.divmod(np.arange(size * size), size)
    coordinates = pd.DataFrame(
        {"village_code": codes, "lon": 110.0 + cols * spacing, "lat": -7.0 + rows * spacing}
    )
    return coordinates, rows, cols
