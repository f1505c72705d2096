"""The SIMULASI village panel generator: families, poverty, indicators and the program effect.

See `analysis.synth` for how a panel is made. The generator draws from six independent random
streams spawned from the seed (structure, sizes, yearly, draws, effects, indicators), each in a
fixed order, so the same seed and arguments give an identical panel and a placebo (no effect) has
the same villages as the panel with an effect.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.special import expit, logit

from analysis.errors import InputError
from analysis.labels import both
from analysis.params import INDICATORS
from analysis.schema import PANEL_COLUMNS, SIMULATION_COLUMNS
from analysis.synth import lokus
from analysis.synth.calibration import _solve_intercept, p0_targets
from analysis.synth.lokus import default_lokus_counts, published_lokus_counts
from analysis.synth.sources import persons_per_household
from analysis.yamlread import shown

GENERATOR_VERSION = "synth-1"
SIMULATED_SOURCE = "SIMULASI"
DEFAULT_YEARS = range(2019, 2026)
MEDIAN_FAMILIES = 850.0
FAMILY_LIMITS = (150, 9000)
DESIL14_LOGIT_GAP = float(logit(0.40) - logit(0.095))
COVID_SHOCK = {2020: 0.10, 2021: 0.16}  # village-level logit shock times a village sensitivity
REFERENCE_SHARE = 0.11  # desil-1 share at which indicator base prevalences apply

# Share of all families with each deprivation at a desil-1 share of 11 %, the loading on the
# village's poverty logit, the sd of village effects, the logit trend per year and the COVID bump.
INDICATOR_MODEL = {
    "rtlh": (0.050, 0.85, 0.35, -0.04, 0.00),
    "no_electricity": (0.008, 0.90, 0.50, -0.08, 0.00),
    "no_water": (0.040, 0.80, 0.45, -0.05, 0.00),
    "no_latrine": (0.030, 0.90, 0.45, -0.06, 0.00),
    "stunting_risk": (0.080, 0.55, 0.30, -0.03, 0.05),
    "child_out_of_school": (0.020, 0.70, 0.30, -0.02, 0.15),
    "disability": (0.020, 0.35, 0.25, 0.00, 0.00),
    "not_working": (0.060, 0.60, 0.30, -0.01, 0.25),
}

DEFAULT_EFFECT = {
    "desil1_pp_per_year": 0.8,
    "indicators_pp_per_year": {
        "rtlh": 0.6,
        "no_latrine": 0.3,
        "no_water": 0.3,
        "no_electricity": 0.1,
    },
    "heterogeneity_sd": 0.5,
    "max_years": None,
    "floor_fraction": 0.25,
}


def _check_effect(effect: dict | None) -> dict:
    merged = {
        **DEFAULT_EFFECT,
        "indicators_pp_per_year": dict(DEFAULT_EFFECT["indicators_pp_per_year"]),
    }
    if effect is None:
        return merged
    unknown = sorted(set(effect) - set(DEFAULT_EFFECT))
    if unknown:
        raise InputError(
            both(
                "errs_syn_effect_keys",
                unknown=", ".join(shown(k) for k in unknown[:5]),
                expected=", ".join(DEFAULT_EFFECT),
            )
        )
    merged.update(effect)
    bad = sorted(set(merged["indicators_pp_per_year"]) - set(INDICATORS))
    if bad:
        raise InputError(
            both(
                "errs_syn_effect_indicators",
                unknown=", ".join(shown(k) for k in bad[:5]),
                expected=", ".join(INDICATORS),
            )
        )
    if merged["heterogeneity_sd"] < 0 or not 0 <= merged["floor_fraction"] < 1:
        raise InputError(both("errs_syn_effect_range"))
    return merged


def _gamma_multiplier(rng: np.random.Generator, sd: float, size: int) -> np.ndarray:
    if sd == 0:
        return np.ones(size)
    shape = 1.0 / sd**2
    return rng.gamma(shape, 1.0 / shape, size)


@dataclass
class _Streams:
    """The generator's independent random streams, in the order they are spawned from the seed."""

    structure: np.random.Generator
    sizes: np.random.Generator
    yearly: np.random.Generator
    draws: np.random.Generator
    effects: np.random.Generator
    indicators: np.random.Generator


@dataclass
class _Villages:
    """What is fixed for each village before any year is simulated (villages x years arrays)."""

    families: np.ndarray
    chronic: np.ndarray  # poverty logit without the year intercept and without transitory noise
    latent: np.ndarray  # chronic plus measurement noise
    desil14_offset: np.ndarray
    indicator_village: dict[str, np.ndarray]
    multiplier: np.ndarray  # the village's multiplier of the program effect (gamma, mean 1)


@dataclass
class _Outcomes:
    """Counts drawn and true effects (percentage points), filled year by year."""

    desil1: np.ndarray
    desil14: np.ndarray
    counts: dict[str, np.ndarray]
    true_d1: np.ndarray
    true_ind: dict[str, np.ndarray]

    @classmethod
    def empty(cls, n: int, n_years: int) -> _Outcomes:
        return cls(
            np.zeros((n, n_years), dtype=np.int64),
            np.zeros((n, n_years), dtype=np.int64),
            {name: np.zeros((n, n_years), dtype=np.int64) for name in INDICATORS},
            np.zeros((n, n_years)),
            {name: np.zeros((n, n_years)) for name in INDICATORS},
        )


def _families(sizes: np.random.Generator, kecamatan, n_kecamatan, n_years, total_families):
    """Log-normal family counts with a kecamatan factor, growth and re-registration noise."""
    n = len(kecamatan)
    size_factor = sizes.normal(0.0, 0.15, n_kecamatan)
    log_size = math.log(MEDIAN_FAMILIES) + size_factor[kecamatan] + sizes.normal(0.0, 0.38, n)
    base = np.exp(log_size)
    if total_families is not None:
        base *= float(total_families) / base.sum()
    base = np.clip(base, *FAMILY_LIMITS)
    growth = sizes.normal(0.008, 0.005, n)
    steps = np.arange(n_years)
    families = np.rint(
        base[:, None]
        * np.exp(growth[:, None] * steps[None, :] + sizes.normal(0.0, 0.01, (n, n_years)))
    )
    return families.astype(np.int64), log_size


def _villages(
    streams: _Streams, kecamatan, n_kecamatan, named, years, effect, total_families
) -> _Villages:
    """Draw each village's size, poverty (logit scale) and effect multiplier."""
    n, n_years = len(kecamatan), len(years)
    structure, yearly = streams.structure, streams.yearly
    families, log_size = _families(streams.sizes, kecamatan, n_kecamatan, n_years, total_families)
    kecamatan_effect = structure.normal(0.0, 0.30, n_kecamatan)
    village_effect = 0.40 * structure.standard_t(5, n)
    size_z = (log_size - log_size.mean()) / log_size.std()
    village_effect -= 0.12 * size_z
    persistent = kecamatan_effect[kecamatan] + village_effect
    ever_named = np.zeros(n, dtype=bool)
    for mask in named.values():
        ever_named |= mask
    if ever_named.any():
        floor = np.quantile(persistent, structure.uniform(0.75, 0.97, int(ever_named.sum())))
        persistent[ever_named] = np.maximum(persistent[ever_named], floor)
    covid_sensitivity = np.clip(structure.normal(1.0, 0.5, n), 0.0, 2.5)
    covid = np.array([COVID_SHOCK.get(y, 0.0) for y in years])
    drift = np.cumsum(yearly.normal(0.0, 0.04, (n, n_years)), axis=1)
    noise = yearly.normal(0.0, 0.08, (n, n_years))
    chronic = persistent[:, None] + covid_sensitivity[:, None] * covid[None, :] + drift
    desil14_offset = structure.normal(0.0, 0.15, n)[:, None] + yearly.normal(
        0.0, 0.05, (n, n_years)
    )
    indicator_village = {
        name: streams.indicators.normal(0.0, model[2], n) for name, model in INDICATOR_MODEL.items()
    }
    multiplier = _gamma_multiplier(streams.effects, float(effect["heterogeneity_sd"]), n)
    return _Villages(
        families, chronic, chronic + noise, desil14_offset, indicator_village, multiplier
    )


def _simulate_year(
    t, years, villages: _Villages, since, effect, target, draws, out: _Outcomes
) -> float:
    """Calibrate year ``t`` to its target share, apply the program, draw counts; return alpha."""
    year = years[t]
    exposure = np.where(since > 0, year - since + 1, 0).astype(float)
    exposure[since > year] = 0.0
    if effect["max_years"] is not None:
        exposure = np.minimum(exposure, float(effect["max_years"]))
    floor_fraction = float(effect["floor_fraction"])
    reduction = float(effect["desil1_pp_per_year"]) / 100 * villages.multiplier * exposure
    families, latent = villages.families[:, t], villages.latent[:, t]
    # Calibrate the no-program shares, then add back what the program removed as one
    # percentage-point shift common to every village. Solving the intercept with the effect
    # in it would raise the logit of all villages, and more in pp for poorer (lokus)
    # villages: a spillover that no comparison of villages could separate from the effect.
    # A common pp shift is a year effect, so the injected effect stays the lokus-vs-other
    # difference and the regency total still equals BPS P0.
    zero = np.zeros_like(reduction)
    alpha = _solve_intercept(latent, families, target, zero, floor_fraction)
    untreated = expit(alpha + latent)
    reduced = np.maximum(untreated - reduction, floor_fraction * untreated)
    weights = families / families.sum()
    shift = float(np.dot(weights, untreated - reduced))
    share = np.clip(reduced + shift, 0.0, 1.0)
    out.true_d1[:, t] = 100 * (np.clip(untreated + shift, 0.0, 1.0) - share)
    out.desil1[:, t] = draws.binomial(families, share)
    share14 = expit(logit(untreated) + DESIL14_LOGIT_GAP + villages.desil14_offset[:, t])
    extra = np.clip((share14 - share) / (1 - share), 0.0, 1.0)
    out.desil14[:, t] = out.desil1[:, t] + draws.binomial(families - out.desil1[:, t], extra)
    level = alpha + latent - logit(REFERENCE_SHARE)
    for name, (prevalence, loading, _, trend, covid_bump) in INDICATOR_MODEL.items():
        bump = covid_bump if year in COVID_SHOCK else 0.0
        base_share = expit(
            logit(prevalence)
            + loading * level
            + villages.indicator_village[name]
            + trend * (year - years[0])
            + bump
        )
        rate = float(effect["indicators_pp_per_year"].get(name, 0.0)) / 100
        treated = np.maximum(
            base_share - rate * villages.multiplier * exposure, floor_fraction * base_share
        )
        out.true_ind[name][:, t] = 100 * (base_share - treated)
        out.counts[name][:, t] = draws.binomial(families, treated)
    return alpha


def generate_village_panel(
    official_villages: pd.DataFrame,
    p0_series: pd.Series,
    seed: int,
    years=DEFAULT_YEARS,
    lokus_published: pd.DataFrame | None = None,
    lokus_counts: dict[int, dict] | None = None,
    effect: dict | None = None,
    reference_p0: pd.Series | None = None,
    total_families: float | None = None,
) -> tuple[pd.DataFrame, dict]:
    """Simulate a village panel for one regency (SIMULASI), calibrated to its BPS P0.

    Parameters
    ----------
    official_villages : DataFrame
        The regency's official villages (`analysis.data.load_official_villages`).
    p0_series : Series
        BPS P0 (percent) by year; the family-weighted desil-1 share of the panel matches it.
    seed : int
        Seed; the same seed and arguments give an identical panel.
    years : iterable of int, default 2019-2025
    lokus_published : DataFrame, optional
        Published named lokus villages (`analysis.data.load_lokus`: tahun, kode_desa); each is on
        the simulated list of its year. Rows of other regencies are ignored.
    lokus_counts : dict, optional
        ``{year: {"n": int, "kecamatan": [...], "exclude_kecamatan": [...],
        "per_kecamatan": int, "cover_kecamatan": bool, "same_as": year, "source": str}}``;
        default: `published_lokus_counts` of the regency, else `default_lokus_counts`.
    effect : dict, optional
        Program effect, keys of `DEFAULT_EFFECT` (percentage points per year of exposure).
    reference_p0 : Series, optional
        The province's P0, used to extrapolate the regency into years BPS lacks.
    total_families : float, optional
        Regency total of families in the first year; default: about 850 per village (median).

    Returns
    -------
    panel : DataFrame
        `analysis.villages.PANEL_COLUMNS` + `analysis.villages.SIMULATION_COLUMNS`, one row per
        village and year, sorted by village code and year; ``source`` is "SIMULASI".
    metadata : dict
        JSON-serialisable: seed, calibration table (target, method, achieved, gap), lokus plan,
        counts and cohorts, effect parameters and the true average effects by cohort and year,
        assumptions. Also stored in ``panel.attrs["simulation"]``.
    """
    years = sorted({int(y) for y in years})
    if not years:
        raise ValueError("years: at least one year is needed.")  # internal: our callers' years
    official = official_villages.sort_values("kode_desa").reset_index(drop=True)
    if official.empty:
        raise ValueError("official_villages: no villages.")  # internal: the official list
    n = len(official)
    prefix = official["kode_desa"].str[:5].iloc[0]
    kode_bps = prefix.replace(".", "")
    targets = p0_targets(p0_series, years, reference_p0)
    effect = _check_effect(effect)
    plan = lokus.lokus_plan(lokus_counts, kode_bps, n, years)
    named = lokus.named_villages(lokus_published, official, prefix, years, plan)

    streams = _Streams(*(np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(6)))
    kecamatan, kecamatan_codes = pd.factorize(official["kode_kecamatan"], sort=True)
    villages = _villages(
        streams, kecamatan, len(kecamatan_codes), named, years, effect, total_families
    )
    on_list, published, since, lists = lokus.choose_lists(
        plan, named, years, villages.chronic, official, kecamatan
    )
    outcomes = _Outcomes.empty(n, len(years))
    target_by_year = dict(zip(targets["year"], targets["p0"], strict=True))
    intercepts, achieved = [], []
    for t, year in enumerate(years):
        target = target_by_year[year] / 100
        alpha = _simulate_year(t, years, villages, since, effect, target, streams.draws, outcomes)
        intercepts.append(alpha)
        achieved.append(100 * outcomes.desil1[:, t].sum() / villages.families[:, t].sum())

    panel = _assemble(official, years, villages.families, outcomes, on_list, published, since)
    calibration = targets.assign(achieved=np.round(achieved, 4), intercept=np.round(intercepts, 4))
    calibration["gap"] = (calibration["achieved"] - calibration["p0"]).round(4)
    metadata = _metadata(
        seed, years, official, calibration, plan, lists, named, since, effect, panel, total_families
    )
    panel.attrs["simulation"] = metadata
    return panel, metadata


def _assemble(
    official, years, families, outcomes: _Outcomes, on_list, published, since
) -> pd.DataFrame:
    n, n_years = families.shape

    def flat(array):
        return np.asarray(array).reshape(n * n_years)

    frame = pd.DataFrame(
        {
            "village_code": np.repeat(official["kode_desa"].to_numpy(), n_years),
            "village_name": np.repeat(official["nama_desa"].to_numpy(), n_years),
            "kecamatan_code": np.repeat(official["kode_kecamatan"].to_numpy(), n_years),
            "kecamatan_name": np.repeat(official["nama_kecamatan"].to_numpy(), n_years),
            "year": np.tile(np.asarray(years, dtype=np.int64), n),
            "families": flat(families),
            "families_desil1": flat(outcomes.desil1),
            "families_desil1_4": flat(outcomes.desil14),
            **{name: flat(outcomes.counts[name]) for name in INDICATORS},
            "source": SIMULATED_SOURCE,
            "lokus": pd.array(flat(on_list), dtype="boolean"),
            "is_simulated": True,
            "lokus_since": pd.array(
                np.repeat(np.where(since > 0, since, 0), n_years), dtype="Int64"
            ),
            "lokus_published": flat(published),
            "true_effect_pp_desil1": flat(outcomes.true_d1).round(6),
            **{
                f"true_effect_pp_{name}": flat(outcomes.true_ind[name]).round(6)
                for name in INDICATORS
            },
        }
    )
    frame.loc[frame["lokus_since"] == 0, "lokus_since"] = pd.NA
    return frame[list(PANEL_COLUMNS) + list(SIMULATION_COLUMNS)]


def _metadata(
    seed, years, official, calibration, plan, lists, named, since, effect, panel, total_families
) -> dict:
    """The JSON-ready description of a simulated panel (also in ``panel.attrs``)."""
    return {
        "is_simulated": True,
        "label": SIMULATED_SOURCE,
        "generator": GENERATOR_VERSION,
        "seed": int(seed),
        "years": [int(y) for y in years],
        "n_villages": len(official),
        "n_kecamatan": int(official["kode_kecamatan"].nunique()),
        "total_families_first_year": int(panel.loc[panel["year"] == years[0], "families"].sum()),
        "total_families_requested": None if total_families is None else float(total_families),
        "calibration": {
            "measure": "family-weighted share of families in desil 1 (percent) = BPS P0",
            "table": [
                {
                    key: (
                        value
                        if isinstance(value, str)
                        else float(value)
                        if key != "year"
                        else int(value)
                    )
                    for key, value in row.items()
                }
                for row in calibration.to_dict(orient="records")
            ],
            "max_abs_gap_pp": float(calibration["gap"].abs().max()),
            "methods": sorted(set(calibration["method"])),
        },
        "lokus": _lokus_metadata(official, plan, lists, named, since),
        "effect": _effect_metadata(effect, panel),
        "assumptions": [
            "desil-1 share calibrated to BPS P0 (desil 1 is the national bottom tenth, close in "
            "size to the population under the poverty line)",
            f"desil 1-4 share = expit(logit desil-1 share + {DESIL14_LOGIT_GAP:.2f}) with noise",
            "indicator base prevalences are illustrative, not estimates",
            f"families: median about {MEDIAN_FAMILIES:.0f} per village unless a regency total "
            "is given (generate_for_regency: BPS population divided by persons per household "
            "from data/raw/jiwa_per_rumah_tangga.csv; the household stands in for the family)",
            "named published lokus villages get persistent poverty effects from the top quarter",
        ],
    }


def _lokus_metadata(official, plan, lists, named, since) -> dict:
    """The lokus plan, the lists it gave and the cohorts of first lokus years."""
    cohorts = {str(year): int((since == year).sum()) for year in sorted(set(since) - {0})}
    return {
        "plan": {
            str(year): {key: value for key, value in spec.items()}
            for year, spec in sorted(plan.items())
        },
        "counts": {str(year): int(chosen.sum()) for year, chosen in sorted(lists.items())},
        "kecamatan": {
            str(year): int(official.loc[chosen, "kode_kecamatan"].nunique())
            for year, chosen in sorted(lists.items())
        },
        "named_forced": {str(year): int(mask.sum()) for year, mask in sorted(named.items())},
        "cohorts": cohorts,
        "never": int((since == 0).sum()),
        "rule": (
            "named published villages first; then, within the allowed kecamatan, at "
            "least one per kecamatan when kecamatan are named (or the per-kecamatan "
            "quota), then the highest chronic poverty score of the year before (persistent "
            "level, COVID exposure and drift, without the year's transitory noise), ties by "
            "village code; 'same_as' repeats an earlier list"
        ),
    }


def _effect_metadata(effect, panel) -> dict:
    """The effect's parameters and the true average effects on desil 1 (overall, by cell)."""
    treated = panel[panel["true_effect_pp_desil1"] > 0]
    true_att = (
        treated.groupby(["lokus_since", "year"])["true_effect_pp_desil1"]
        .agg(["size", "mean"])
        .reset_index()
    )
    return {
        **{key: value for key, value in effect.items() if key != "indicators_pp_per_year"},
        "indicators_pp_per_year": dict(effect["indicators_pp_per_year"]),
        "exposure": "years since first lokus year, the first year counting as 1; absorbing",
        "true_att_desil1_pp": (
            float(treated["true_effect_pp_desil1"].mean()) if len(treated) else 0.0
        ),
        "true_att_by_cohort_year": [
            {
                "cohort": int(row["lokus_since"]),
                "year": int(row["year"]),
                "n": int(row["size"]),
                "effect_pp_desil1": round(float(row["mean"]), 6),
            }
            for _, row in true_att.iterrows()
        ],
    }


def generate_for_regency(
    kode_bps: str,
    seed: int,
    years=DEFAULT_YEARS,
    effect: dict | None = None,
    lokus_count_latest: int | None = None,
) -> tuple[pd.DataFrame, dict]:
    """Simulate the panel of one regency from the project's data files (convenience wrapper).

    Loads the regency's P0 and the province's P0 (for extrapolation), the official villages, the
    published named lokus villages of the regency and its published lokus counts (else the
    default plan); the regency total of families is BPS population (number of poor / P0) divided
    by the regency's persons per household (`analysis.synth.sources.persons_per_household`),
    when BPS has both. The metadata's ``persons_per_household`` records the number and its
    source.

    Parameters
    ----------
    kode_bps : str
        4-digit BPS code.
    seed : int
    years : iterable of int, default 2019-2025
    effect : dict, optional
        See `generate_village_panel`.
    lokus_count_latest : int, optional
        Overrides the count of the last year's list (e.g. a params file's ``lokus_count``).
    """
    from analysis import data

    bps = data.load_bps()
    # Only the regency's and its province's rows: `data.indicator_series` indexes the table it
    # is given, and this copy of the national table would be indexed for three look-ups.
    province = data.province_code(kode_bps)
    bps = bps[bps["kode_bps"].isin([kode_bps, province])]
    p0 = data.indicator_series(bps, kode_bps)
    reference = data.indicator_series(bps, province)
    official = data.load_official_villages(kode_bps)
    lokus = data.load_lokus()
    counts = published_lokus_counts(kode_bps) or default_lokus_counts(len(official), years)
    if lokus_count_latest is not None:
        last = max(y for y in counts if y <= max(years))
        counts[last] = {"n": int(lokus_count_latest), "source": "parameter lokus_count"}
    poor = data.indicator_series(bps, kode_bps, "jumlah_miskin_ribu").dropna()
    common = [y for y in poor.index if y in p0.index]
    total = None
    persons, persons_source = persons_per_household(kode_bps)
    if common:
        year = max(common)
        total = poor[year] * 1000 / (p0[year] / 100) / persons
    panel, metadata = generate_village_panel(
        official, p0, seed, years, lokus, counts, effect, reference, total
    )
    metadata["persons_per_household"] = {"value": persons, "source": persons_source}
    panel.attrs["simulation"] = metadata
    return panel, metadata
