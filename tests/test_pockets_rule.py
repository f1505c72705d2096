"""Tests of the priority rule: deprivation index, two-lens rule, rank intervals, rule card, N."""

from __future__ import annotations

import numpy as np
import pytest
from test_pockets_helpers import klaten, klaten_summary, small_panel

from analysis import pockets
from analysis.errors import InputError
from analysis.pockets import bootstrap, rule, selection
from analysis.villages import INDICATORS


def test_deprivation_index_respects_weights_and_is_monotone():
    """A zero-weight indicator does not move the index; more deprivation raises it."""
    rng = np.random.default_rng(3)
    shares = rng.uniform(0, 0.1, (30, len(INDICATORS)))
    weights = np.ones(len(INDICATORS))
    weights[0] = 0.0
    changed = shares.copy()
    changed[:, 0] = rng.uniform(0, 0.1, 30)
    base = pockets.deprivation_index(shares, weights)
    np.testing.assert_allclose(base, pockets.deprivation_index(changed, weights))
    worse = shares.copy()
    worse[5, 3] = 0.5
    assert pockets.deprivation_index(worse, weights)[5] > base[5]
    assert base.min() >= 0 and base.max() <= 100


# A hand-worked example of the rule card: "villages are taken alternately from two lists until N
# are chosen, list (a) first; each turn takes the top village of its list not yet chosen
# (villages already chosen are skipped, so every turn adds a new village): (a) most decile-1
# families; (b) highest EB share, only among villages whose deprivation index is >= 50. Ties:
# equal counts -> higher share, then village code."
#
#   village   A     B     C     D     E     F     G
#   mass      50    40    40    20    10    5     3
#   EB share  .45   .05   .25   .28   .40   .35   .30
#   index     80    60    70    40    55    90    20
#
# List (a), by mass (B and C tie at 40: C has the higher share): A, C, B, D, E, F, G.
# List (b), index >= 50 only (D and G are out), by share: A, E, F, C, B.
# Turn 1 (a): A.  Turn 2 (b): A is chosen, skip -> E.  Turn 3 (a): C.  Turn 4 (b): F.
# Turn 5 (a): B.  Turn 6 (b): A, E, F, C, B all chosen: list (b) is used up -> (a): D.
# Turn 7 (a): A, C, B, D are chosen, E (turn 2) and F (turn 4) too -> G.
HAND_MASS = [50, 40, 40, 20, 10, 5, 3]
HAND_SHARE = [0.45, 0.05, 0.25, 0.28, 0.40, 0.35, 0.30]
HAND_INDEX = [80, 60, 70, 40, 55, 90, 20]
A, B, C, D, E, F, G = range(7)


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (2, [(A, "mass"), (E, "intensity")]),
        (4, [(A, "mass"), (E, "intensity"), (C, "mass"), (F, "intensity")]),
        (
            7,
            [
                (A, "mass"),
                (E, "intensity"),
                (C, "mass"),
                (F, "intensity"),
                (B, "mass"),
                (D, "mass"),
                (G, "mass"),
            ],
        ),
    ],
)
def test_rule_follows_the_rule_card_on_a_hand_worked_example(n, expected):
    """Alternating lists with already-chosen villages skipped picks the villages worked by hand."""
    chosen = pockets.select_priority(HAND_MASS, HAND_SHARE, HAND_INDEX, n, 50.0)
    assert list(zip(chosen["village"], chosen["lens"], strict=True)) == expected
    assert list(chosen["turn"]) == list(range(1, n + 1))


def test_rule_is_the_same_for_every_bootstrap_replicate_row():
    """The rule applied to a stack of replicates gives each row's own selection."""
    mass = np.array([HAND_MASS, HAND_MASS[::-1]], dtype=float)
    share = np.array([HAND_SHARE, HAND_SHARE[::-1]])
    index = np.array([HAND_INDEX, HAND_INDEX[::-1]], dtype=float)
    selected, _, _ = selection._two_lens(mass, share, index, 4, 50.0)
    assert set(np.flatnonzero(selected[0])) == {A, E, C, F}
    # Reversed villages: position 6 - v holds village v.
    assert set(np.flatnonzero(selected[1])) == {6 - A, 6 - E, 6 - C, 6 - F}


@pytest.mark.slow
def test_rank_interval_width_grows_with_noise():
    """The same shares measured on ten times fewer families give wider rank intervals."""
    panel, _ = klaten()
    year = panel[panel["year"] == 2025].copy()
    small = year.copy()
    small["families"] = (year["families"] // 10).clip(lower=20)
    for column in ["families_desil1", "families_desil1_4", *INDICATORS]:
        small[column] = np.minimum(
            np.rint(year[column] / year["families"] * small["families"]).astype(np.int64),
            small["families"],
        )
    wide, _ = pockets.analyse_year(small, 2025, n_priority=81, n_boot=60)
    narrow, _ = pockets.analyse_year(year, 2025, n_priority=81, n_boot=60)
    for prefix in ("rank_index", "rank_eb"):
        width_small = (wide[f"{prefix}_high"] - wide[f"{prefix}_low"]).mean()
        width_large = (narrow[f"{prefix}_high"] - narrow[f"{prefix}_low"]).mean()
        assert width_small > 1.5 * width_large
    assert (
        wide["selection_frequency"][wide["priority"]].mean()
        < narrow["selection_frequency"][narrow["priority"]].mean()
    )


def test_klaten_rule_selects_81_with_a_complete_rule_card():
    """N = 81 for Klaten 2025; entries add up, intensity entries meet the index threshold."""
    summary = klaten_summary()
    card = summary["rule_card"]
    assert card["n_priority"] == 81 == len(summary["priority_villages"])
    assert card["n_entered_by_mass"] + card["n_entered_by_intensity"] == 81
    for key in (
        "inputs",
        "index_threshold",
        "tie_breaks",
        "selection",
        "eb_prior",
        "weights",
        "data_sources",
        "intervals",
        "n_priority_basis",
    ):
        assert key in card
    intensity = [v for v in summary["priority_villages"] if v["entered_by"] == "intensity"]
    assert all(v["deprivation_index"] >= card["index_threshold"] for v in intensity)
    orders = [v["selection_order"] for v in summary["priority_villages"]]
    assert orders == list(range(1, 82))
    for village in summary["priority_villages"]:
        assert village["eb_low"] <= village["eb_share"] <= village["eb_high"]
        assert village["rank_index_low"] <= village["rank_index_high"]


def test_rank_villages_keeps_settings_and_bootstrap_selections():
    """The ranking carries the rule's settings, one selection per replicate, and N per replicate."""
    panel, _ = klaten()
    ranking = pockets.rank_villages(panel, 2025, n_priority=81, n_boot=30, seed=7)
    assert ranking.boot_selected.shape == (30, len(ranking.villages))
    assert (ranking.boot_selected.sum(axis=1) == 81).all()
    assert (ranking.year, ranking.n_priority, ranking.n_boot, ranking.seed) == (2025, 81, 30, 7)
    assert ranking.is_simulated
    np.testing.assert_allclose(
        ranking.villages["selection_frequency"], ranking.boot_selected.mean(axis=0)
    )
    assert pockets.rule_card(ranking)["is_simulated"] is True


def test_n_defaults_to_the_lokus_count_in_the_data():
    """Without n_priority the simulated panel's 2025 lokus count (81) is used and said so."""
    panel, _ = klaten()
    villages, card = pockets.analyse_year(panel, 2025, n_boot=20)
    assert card["n_priority"] == 81
    assert "lokus" in card["n_priority_basis"]
    user = small_panel(np.full(50, 800), np.arange(50) + 10)
    _, card = pockets.analyse_year(user, 2025, n_boot=20)
    assert card["n_priority"] == 10 and card["n_priority_basis"].startswith("default")


def test_sensitivity_table_lists_villages_some_rules_select():
    """The table holds exactly the villages selected by some rules but not all, most rules
    first; with equal N every alternative has as many entries as exits."""
    panel, _ = klaten()
    villages = pockets.rank_villages(panel, 2025, n_priority=81, n_boot=20).villages
    table = pockets.sensitivity_table(villages)
    rules = ["priority", *(f"alt_{name}" for name in pockets.ALTERNATIVE_RULES)]
    n_rules = villages[rules].sum(axis=1)
    assert set(table["village_code"]) == set(
        villages.loc[(n_rules > 0) & (n_rules < 4), "village_code"]
    )
    assert table["n_rules"].is_monotonic_decreasing
    for item in pockets.compare_rules(villages):
        assert item["n_enter"] == item["n_leave"]
    assert pockets.n_stable_core(villages) == int((n_rules == 4).sum())


def test_bad_inputs_are_refused():
    """An absent year, bad weights, an impossible N and too few replicates raise InputError
    with the reason."""
    panel = small_panel(np.full(30, 900), np.arange(30) + 5)
    with pytest.raises(InputError, match="no rows for 2019; the panel has 2025"):
        pockets.village_year(panel, 2019)
    with pytest.raises(InputError, match="unknown indicator"):
        pockets.analyse_year(panel, 2025, weights={"income": 1.0})
    with pytest.raises(InputError, match="between 1 and the 30 villages"):
        pockets.analyse_year(panel, 2025, n_priority=31)
    with pytest.raises(InputError, match="at least 20 bootstrap replicates"):
        pockets.rank_villages(panel, 2025, n_boot=10)


def test_deprivation_index_uses_shrunk_shares():
    """A 10-family village with 5 deprived tops the raw shares but falls below a 2000-family
    village with 30 % deprived once shares are shrunk (its 50 % is mostly chance)."""
    rng = np.random.default_rng(11)
    families = np.r_[10, 2000, rng.integers(500, 1500, 38)]
    rate = np.r_[0.5, 0.3, rng.uniform(0.05, 0.15, 38)]
    panel = small_panel(families, np.rint(0.1 * families).astype(int))
    for name in INDICATORS:
        panel[name] = np.rint(rate * families).astype(int)
    ranking = pockets.rank_villages(panel, 2025, n_priority=5, n_boot=20)
    index = ranking.villages["deprivation_index"].to_numpy()
    raw = pockets.deprivation_index(
        ranking.villages[[f"share_{n}" for n in INDICATORS]].to_numpy(), ranking.weights
    )
    assert raw[0] > raw[1]  # on raw shares the tiny village is the most deprived
    assert index[1] > index[0]  # shrunk: the large village is
    assert index[1] == 100.0


def test_bootstrap_refits_the_prior_in_every_replicate():
    """Each replicate's EB share equals (alpha_b + x_b) / (phi_b + n) with the prior refitted to
    that replicate (phi_b varies between replicates)."""
    panel, _ = klaten()
    frame = rule.village_year(panel, 2025)
    trials = frame["families"].to_numpy(dtype=float)
    counts = frame[["families_desil1", *INDICATORS]].to_numpy(dtype=float)
    priors = [pockets.fit_beta_prior(counts[:, k], trials) for k in range(counts.shape[1])]
    boot = bootstrap.parametric_bootstrap(frame, priors, np.ones(len(INDICATORS)), 81, 50.0, 5, 3)
    assert np.ptp(boot["prior_phi"]) > 0
    for b in range(5):
        refit = pockets.fit_beta_prior(boot["mass"][b], trials)
        expected = (refit["alpha"] + boot["mass"][b]) / (refit["phi"] + trials)
        np.testing.assert_allclose(boot["share"][b], expected, rtol=2e-3)


def _lines(error) -> tuple[str, str]:
    """The Indonesian and the English line of a bilingual message."""
    indonesian, english = str(error.value).split("\n(en) ")
    return indonesian, english


@pytest.mark.parametrize(
    ("call", "indonesian", "english"),
    [
        (lambda p: pockets.village_year(p, 2019), "tidak ada baris untuk tahun 2019", "no rows"),
        (
            lambda p: pockets.analyse_year(p, 2025, weights={"income": 1.0}),
            "indikator tidak dikenal 'income'",
            "unknown indicators 'income'",
        ),
        (
            lambda p: pockets.analyse_year(p, 2025, weights={"rtlh": float("inf")}),
            "harus berupa angka terhingga",
            "must be finite",
        ),
        (
            lambda p: pockets.analyse_year(p, 2025, n_priority=31),
            "harus di antara 1 dan jumlah desa, 30",
            "between 1 and the 30 villages",
        ),
        (
            lambda p: pockets.rank_villages(p, 2025, n_boot=10),
            "paling sedikit 20 ulangan bootstrap",
            "at least 20 bootstrap replicates",
        ),
        (
            lambda p: pockets.rank_villages(p, 2025, level=90),
            "diharapkan peluang seperti 0,9",
            "expected a probability such as 0.9",
        ),
        (
            lambda p: pockets.village_year(p.assign(families=0), 2025),
            "tidak ada desa dengan jumlah keluarga lebih dari 0 pada tahun 2025",
            "no village has more than 0 families in 2025",
        ),
    ],
)
def test_rule_messages_come_in_indonesian_then_english(call, indonesian, english):
    """Bad years, weights, counts and settings are refused with an Indonesian line (naming the
    field and value) and then the English one; a year of empty villages is not '0 villages'."""
    panel = small_panel(np.full(30, 900), np.arange(30) + 5)
    with pytest.raises(InputError) as error:
        call(panel)
    first, second = _lines(error)
    assert indonesian in first and english in second
