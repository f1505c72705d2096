"""Lokus plans of the simulated panel: published counts, the default plan, and bad statements."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.errors import InputError
from analysis.synth import lokus


def test_default_plan_is_one_cohort_of_a_fifth_kept_to_the_last_year():
    """Without a publication: 20 % of villages from 2023, the same list in later years."""
    plan = lokus.default_lokus_counts(401, range(2019, 2026))
    assert plan[2023]["n"] == 80
    assert {year: spec.get("same_as") for year, spec in plan.items() if year != 2023} == {
        2024: 2023,
        2025: 2023,
    }


def test_published_counts_are_a_copy():
    """Changing the returned plan does not change the published table."""
    plan = lokus.published_lokus_counts("3310")
    plan[2022]["n"] = 1
    assert lokus.PUBLISHED_LOKUS_COUNTS["3310"][2022]["n"] == 25
    assert lokus.published_lokus_counts("9999") is None


def test_bad_plan_statements_are_refused():
    """Unknown keys, a statement without a count, and same_as a year without plan raise."""
    with pytest.raises(InputError, match="unknown key"):
        lokus.lokus_plan({2023: {"n": 3, "size": 1}}, "9901", 10, [2023])
    with pytest.raises(InputError, match="give 'n'"):
        lokus.lokus_plan({2023: {"source": "x"}}, "9901", 10, [2023])
    with pytest.raises(InputError, match="has no plan"):
        lokus.lokus_plan({2024: {"same_as": 2023}}, "9901", 10, [2024])


def test_lists_take_the_poorest_of_the_year_before_and_same_as_repeats():
    """The first list takes the highest chronic scores of the year before; same_as copies it."""
    official = pd.DataFrame(
        {
            "kode_desa": [f"99.01.01.{2000 + i}" for i in range(6)],
            "kode_kecamatan": ["99.01.01"] * 6,
            "nama_kecamatan": ["Kec"] * 6,
        }
    )
    chronic = np.array([[0.1, 0.0], [0.9, 0.0], [0.5, 0.0], [0.8, 0.0], [0.2, 0.0], [0.3, 0.0]])
    plan = {2022: {"n": 2}, 2023: {"same_as": 2022}}
    kecamatan = np.zeros(6, dtype=int)
    on_list, published, since, lists = lokus.choose_lists(
        plan, {}, [2021, 2022], chronic, official, kecamatan
    )
    assert np.flatnonzero(lists[2022]).tolist() == [1, 3]
    assert since.tolist() == [0, 2022, 0, 2022, 0, 0]
    assert not on_list[:, 0].any() and not published.any()
