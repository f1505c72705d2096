"""Calibration targets of the simulated panel: BPS P0 by year, filled where BPS has no figure."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.errors import InputError
from analysis.synth import calibration, p0_targets


def test_p0_targets_interpolate_on_the_logit_scale_and_hold_when_no_reference():
    """Gaps are interpolated between BPS years; outside years are held and said so."""
    targets = p0_targets(pd.Series({2019: 10.0, 2021: 12.0}), range(2018, 2023))
    by_year = targets.set_index("year")
    assert 10.0 < by_year.loc[2020, "p0"] < 12.0
    assert by_year.loc[2020, "method"].startswith("interpolated")
    assert by_year.loc[2018, "p0"] == 10.0
    assert by_year.loc[2022, "method"] == "held at nearest BPS year (2021)"


def test_p0_targets_refuse_an_empty_or_out_of_range_series():
    """Without any P0, or with a P0 outside 0-100, there is nothing to calibrate to."""
    with pytest.raises(InputError, match="at least one BPS year"):
        p0_targets(pd.Series(dtype=float), range(2019, 2021))
    with pytest.raises(InputError, match="between 0 and 100"):
        p0_targets(pd.Series({2019: 120.0}), range(2019, 2021))


def test_solved_intercept_reaches_the_target_share():
    """The family-weighted share at the solved intercept equals the target (floor respected)."""
    rng = np.random.default_rng(0)
    latent = rng.normal(0, 0.5, 200)
    families = rng.integers(100, 2000, 200)
    reduction = np.full(200, 0.01)
    alpha = calibration._solve_intercept(latent, families, 0.12, reduction, 0.25)
    untreated = 1 / (1 + np.exp(-(alpha + latent)))
    share = np.maximum(untreated - reduction, 0.25 * untreated)
    assert np.dot(families / families.sum(), share) == pytest.approx(0.12, abs=1e-10)


def test_p0_target_messages_are_bilingual():
    """An out-of-range P0 is refused with an Indonesian line, then the English one."""
    with pytest.raises(InputError) as error:
        p0_targets(pd.Series({2019: 0.0}), range(2019, 2021))
    first, second = str(error.value).split("\n(en) ")
    assert "P0 harus berupa persentase di antara 0 dan 100" in first
    assert "P0 must be a percentage between 0 and 100" in second
