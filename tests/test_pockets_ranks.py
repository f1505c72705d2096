"""Tests of the tie ranks of the pockets bootstrap (analysis.pockets.ranks)."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from analysis.pockets.ranks import tie_ranks


def test_tied_values_share_the_mean_or_lowest_position():
    """[3, 1, 3, 2]: the two 3s hold positions 3 and 4, so 3.5 each (average) or 3 each (min)."""
    values = np.array([3.0, 1.0, 3.0, 2.0])
    np.testing.assert_array_equal(tie_ranks(values, "average"), [3.5, 1.0, 3.5, 2.0])
    np.testing.assert_array_equal(tie_ranks(values, "min"), [3.0, 1.0, 3.0, 2.0])


def test_each_row_of_a_stack_is_ranked_on_its_own_as_scipy_ranks_it():
    """Rows of a (replicate, indicator, village) stack, with many ties or none, get scipy's
    rankdata."""
    rng = np.random.default_rng(3)
    tied = np.round(rng.beta(2.0, 30.0, (5, 3, 60)), 2)  # rounding makes ties common
    untied = rng.beta(2.0, 30.0, (5, 3, 60))
    for values in (tied, untied):
        for method in ("average", "min"):
            expected = stats.rankdata(values, axis=-1, method=method)
            np.testing.assert_array_equal(tie_ranks(values, method), expected)


def test_unknown_method_is_refused():
    """Only the average and minimum rank are offered."""
    with pytest.raises(ValueError, match="average"):
        tie_ranks(np.arange(3.0), "dense")
