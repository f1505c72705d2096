"""A simulated village panel (SIMULASI), seeded and calibrated to a regency's real BPS figures.

Real village registers (P3KE, DTKS, DTSEN) are not public, so the pockets and impact stages are
developed and tested on a simulated panel with the schema of `analysis.villages` and a known truth.
Every row carries ``source = "SIMULASI"`` and ``is_simulated = True``; anything built from it must
be labelled SIMULASI.

How a panel is made
-------------------
* Villages: every official Kemendagri village of the regency, every year requested (default
  2019-2025).
* Families: log-normal village sizes (median about 850 families, most villages 500-3,000, as in
  Java) with a kecamatan factor, slow growth and re-registration noise; scaled to a regency total
  when one is given (`generate_for_regency` derives it from BPS population / 3.3 persons per
  family).
* Poverty: the logit of a village's desil-1 share is a year intercept + a kecamatan effect + a
  heavy-tailed (Student t, 5 df) village effect + a village-specific COVID shock in 2020-2021 + a
  slow random walk + measurement noise; larger villages are slightly less poor. The skew of
  village sizes and effects puts many poor families in a few villages.
* Calibration: the year intercept is solved (bisection) so that the regency's family-weighted
  desil-1 share equals BPS P0 of that year. Desil 1 of DTSEN/P3KE is the national bottom tenth of
  welfare, close in size to the population under the BPS poverty line (national P0 9-10 %), so P0
  is the natural target. Years without a BPS figure are interpolated on the logit scale, or
  extrapolated with the change of a reference series (the province) or held at the nearest BPS
  year; metadata says which. The regency's COVID rise therefore follows BPS.
* Desil 1-4: logit share = logit desil-1 share + 1.85 (+ village noise); 1.85 is the logit gap
  between 40 % (deciles 1-4 nationally) and a national P0 of 9.5 %. Counts keep
  desil 1 <= desil 1-4 <= families by construction.
* Indicators: the share of families with each of the eight deprivations rises with village
  poverty (a loading per indicator), with village effects, slow improvement of housing and
  services, and a COVID rise in not working and children out of school. Base prevalences are
  illustrative, not estimates.
* Priority villages (lokus): every published named village is on the list of its year; the rest
  are the poorest by observed desil-1 share in the year before (ties by code), within the
  kecamatan a published statement allows, with at least one village in each allowed kecamatan
  when the statement names kecamatan. Named villages are given persistent poverty effects from
  the top quarter so that the simulation is consistent with their selection. Selection on a noisy
  poverty measure makes lokus villages poorer at baseline and exposed to regression to the mean,
  as in reality.
* Program effect: from its first lokus year (cohort ``lokus_since``) a village's expected desil-1
  share, and the shares of some indicators, fall by a given number of percentage points per year
  of exposure (year of entry counts as one), times a village multiplier (gamma, mean 1). Status is
  absorbing: a village that leaves the list keeps its gains. The realised effect of every row is
  stored (``true_effect_pp_*``), so impact estimators can be checked against the truth. With
  ``effect={"desil1_pp_per_year": 0, "indicators_pp_per_year": {}}`` the panel is a placebo with
  the same villages (the random streams do not depend on the effect).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from scipy.special import expit, logit

from analysis.errors import InputError
from analysis.villages import INDICATORS, PANEL_COLUMNS, SIMULATION_COLUMNS

GENERATOR_VERSION = "synth-1"
SIMULATED_SOURCE = "SIMULASI"
DEFAULT_YEARS = range(2019, 2026)
PERSONS_PER_FAMILY = 3.3
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

_KLATEN_2022 = "https://www.solopos.com/5-desa-di-wedi-klaten-miskin-ekstrem-camat-ini-tak-tahu-kriterianya-1294040"
_KLATEN_2023 = "https://soloraya.solopos.com/80-desa-di-klaten-disasar-penanganan-kemiskinan-ekstrem-2023-ini-daftarnya-1563996"
# Published lokus totals (data/README.md). 2022: 25 villages in five named kecamatan; the Camat
# of Wedi and of Jatinom each named exactly five, so five per kecamatan is used. 2023: 80 villages
# in the 22 kecamatan other than four named ones. 2024: no list found, assumed unchanged from 2023.
# 2025: "81 of 401 villages" (regency statement, 27 November 2025), no names or kecamatan.
PUBLISHED_LOKUS_COUNTS: dict[str, dict[int, dict]] = {
    "3310": {
        2022: {
            "n": 25,
            "kecamatan": ["Jatinom", "Wonosari", "Wedi", "Trucuk", "Karangnongko"],
            "per_kecamatan": 5,
            "source": _KLATEN_2022,
        },
        2023: {
            "n": 80,
            "exclude_kecamatan": ["Klaten Utara", "Wedi", "Delanggu", "Kebonarum"],
            "source": _KLATEN_2023,
        },
        2024: {"same_as": 2023, "source": "no 2024 list found; assumed unchanged from 2023"},
        2025: {"n": 81, "source": "regency statement, 27 November 2025: 81 of 401 villages"},
    },
}
DEFAULT_LOKUS_SHARE = 0.20
DEFAULT_LOKUS_FIRST_YEAR = 2023
_SPEC_KEYS = {
    "n",
    "kecamatan",
    "exclude_kecamatan",
    "per_kecamatan",
    "same_as",
    "source",
    "cover_kecamatan",
}


def published_lokus_counts(kode_bps: str) -> dict[int, dict] | None:
    """Return the published lokus counts of a regency (a copy), or None when none are known."""
    spec = PUBLISHED_LOKUS_COUNTS.get(kode_bps)
    return None if spec is None else {year: dict(item) for year, item in spec.items()}


def default_lokus_counts(n_villages: int, years) -> dict[int, dict]:
    """Return the default lokus plan for a regency without published counts.

    20 % of villages (rounded, at least one) chosen in 2023 and kept through the last year: one
    cohort, the usual shape of a provincial extreme-poverty program. Documented in the metadata.
    """
    years = [int(y) for y in years]
    first = DEFAULT_LOKUS_FIRST_YEAR if DEFAULT_LOKUS_FIRST_YEAR in years else years[-1]
    n = max(1, round(DEFAULT_LOKUS_SHARE * n_villages))
    note = "default: 20 % of villages from 2023 (no published count for this regency)"
    spec = {first: {"n": n, "source": note}}
    for year in years:
        if year > first:
            spec[year] = {"same_as": first, "source": note}
    return spec


def p0_targets(p0_series: pd.Series, years, reference: pd.Series | None = None) -> pd.DataFrame:
    """Return the calibration target (P0, percent) of each year and how it was obtained.

    Parameters
    ----------
    p0_series : Series
        BPS P0 (percent) indexed by year; years may be missing.
    years : iterable of int
        The panel's years.
    reference : Series, optional
        A reference P0 series (the province) whose change on the logit scale carries the regency
        into years outside its own series.

    Returns
    -------
    DataFrame
        Columns year, p0 and method: "BPS", "interpolated (logit-linear)",
        "extrapolated with the reference series' change" or "held at nearest BPS year (YYYY)".
    """
    series = pd.Series(p0_series, dtype="float64").dropna()
    series.index = series.index.astype(int)
    if series.empty:
        raise InputError("p0_series: no P0 value; the generator needs at least one BPS year.")
    if ((series <= 0) | (series >= 100)).any():
        raise InputError("p0_series: P0 must be a percentage between 0 and 100.")
    known = series.sort_index()
    rows = []
    for year in (int(y) for y in years):
        if year in known.index:
            rows.append((year, float(known[year]), "BPS"))
            continue
        before, after = known[known.index < year], known[known.index > year]
        if len(before) and len(after):
            y0, y1 = before.index[-1], after.index[0]
            weight = (year - y0) / (y1 - y0)
            value = (
                expit(
                    (1 - weight) * logit(before.iloc[-1] / 100)
                    + weight * logit(after.iloc[0] / 100)
                )
                * 100
            )
            rows.append((year, float(value), "interpolated (logit-linear)"))
            continue
        nearest = int(before.index[-1] if len(before) else after.index[0])
        if reference is not None and year in reference.index and nearest in reference.index:
            shift = logit(reference[year] / 100) - logit(reference[nearest] / 100)
            value = expit(logit(known[nearest] / 100) + shift) * 100
            rows.append((year, float(value), "extrapolated with the reference series' change"))
        else:
            rows.append((year, float(known[nearest]), f"held at nearest BPS year ({nearest})"))
    return pd.DataFrame(rows, columns=["year", "p0", "method"])


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
            f"effect: unknown key(s) {', '.join(unknown)}; expected {', '.join(DEFAULT_EFFECT)}."
        )
    merged.update(effect)
    bad = sorted(set(merged["indicators_pp_per_year"]) - set(INDICATORS))
    if bad:
        raise InputError(
            f"effect.indicators_pp_per_year: unknown indicator(s) {', '.join(bad)}; "
            f"expected some of {', '.join(INDICATORS)}."
        )
    if merged["heterogeneity_sd"] < 0 or not 0 <= merged["floor_fraction"] < 1:
        raise InputError("effect: heterogeneity_sd must be >= 0 and floor_fraction in [0, 1).")
    return merged


def _kecamatan_mask(names: list[str], official: pd.DataFrame, year: int, key: str) -> np.ndarray:
    by_name = official["nama_kecamatan"].str.lower()
    mask = np.zeros(len(official), dtype=bool)
    for name in names:
        hit = (by_name == str(name).lower()) | (official["kode_kecamatan"] == str(name))
        if not hit.any():
            raise InputError(
                f"lokus_counts[{year}].{key}: {name!r} is not a kecamatan of this regency "
                f"(known: {', '.join(sorted(official['nama_kecamatan'].unique()))})."
            )
        mask |= hit.to_numpy()
    return mask


def _poorest_first(score: np.ndarray, candidates: np.ndarray) -> np.ndarray:
    """Indices of candidates from the highest score down; ties by position (= village code)."""
    index = np.flatnonzero(candidates)
    order = np.lexsort((index, -score[index]))
    return index[order]


def _select(
    spec: dict,
    year: int,
    score: np.ndarray,
    official: pd.DataFrame,
    kecamatan: np.ndarray,
    forced: np.ndarray,
) -> np.ndarray:
    """Apply one year's lokus statement to a poverty score; returns a boolean selection."""
    n_total = len(official)
    allowed = np.ones(n_total, dtype=bool)
    restricted = False
    if spec.get("kecamatan"):
        allowed = _kecamatan_mask(spec["kecamatan"], official, year, "kecamatan")
        restricted = True
    if spec.get("exclude_kecamatan"):
        allowed &= ~_kecamatan_mask(spec["exclude_kecamatan"], official, year, "exclude_kecamatan")
        restricted = True
    n = int(spec["n"])
    chosen = forced.copy()
    if chosen.sum() > n:
        raise InputError(
            f"lokus_counts[{year}]: {int(chosen.sum())} published named villages but "
            f"a count of {n}; the count must be at least the number named."
        )
    quota = spec.get("per_kecamatan")
    want = int(quota) if quota else (1 if spec.get("cover_kecamatan", restricted) else 0)
    if want:
        # Within each allowed kecamatan: named villages first, then the poorest, ties by code;
        # the first `want` of each kecamatan are taken (all named ones are kept anyway).
        index = np.flatnonzero(allowed)
        order = index[np.lexsort((index, -score[index], ~forced[index], kecamatan[index]))]
        groups = kecamatan[order]
        starts = np.r_[0, np.flatnonzero(np.diff(groups)) + 1]
        rank = np.arange(len(order)) - np.repeat(starts, np.diff(np.r_[starts, len(order)]))
        chosen[order[rank < want]] = True
    remaining = n - int(chosen.sum())
    if remaining < 0:
        raise InputError(
            f"lokus_counts[{year}]: n = {n} is too small for one village per "
            "allowed kecamatan plus the named villages."
        )
    if remaining:
        pool = _poorest_first(score, allowed & ~chosen)
        if len(pool) < remaining:
            raise InputError(
                f"lokus_counts[{year}]: n = {n} exceeds the villages available in "
                "the allowed kecamatan."
            )
        chosen[pool[:remaining]] = True
    return chosen


def _solve_intercept(
    latent: np.ndarray,
    families: np.ndarray,
    target: float,
    reduction: np.ndarray,
    floor_fraction: float,
) -> float:
    """Year intercept that makes the family-weighted treated share equal the target.

    Safeguarded Newton steps on a bracket: the weighted share is increasing in the intercept, so
    the bracket always holds the root and a few steps reach machine precision.
    """
    weights = np.ascontiguousarray(families, dtype=float)
    weights /= weights.sum()
    latent = np.ascontiguousarray(latent)
    low, high = -15.0, 8.0
    alpha = float(logit(target) - np.dot(weights, latent))
    for _ in range(100):
        untreated = expit(alpha + latent)
        treated = untreated - reduction
        floored = treated < floor_fraction * untreated
        share = np.where(floored, floor_fraction * untreated, treated)
        gap = float(np.dot(weights, share)) - target
        if abs(gap) < 1e-12:
            break
        if gap < 0:
            low = alpha
        else:
            high = alpha
        slope = float(
            np.dot(weights, untreated * (1 - untreated) * np.where(floored, floor_fraction, 1.0))
        )
        step = alpha - gap / slope if slope > 0 else 0.5 * (low + high)
        alpha = step if low < step < high else 0.5 * (low + high)
    return alpha


def _gamma_multiplier(rng: np.random.Generator, sd: float, size: int) -> np.ndarray:
    if sd == 0:
        return np.ones(size)
    shape = 1.0 / sd**2
    return rng.gamma(shape, 1.0 / shape, size)


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
        raise InputError("years: at least one year is needed.")
    official = official_villages.sort_values("kode_desa").reset_index(drop=True)
    if official.empty:
        raise InputError("official_villages: no villages.")
    n, n_years = len(official), len(years)
    prefix = official["kode_desa"].str[:5].iloc[0]
    kode_bps = prefix.replace(".", "")
    targets = p0_targets(p0_series, years, reference_p0)
    effect = _check_effect(effect)
    if lokus_counts is None:
        lokus_counts = published_lokus_counts(kode_bps) or default_lokus_counts(n, years)
    plan = {int(y): dict(spec) for y, spec in lokus_counts.items()}
    for year, spec in plan.items():
        unknown = sorted(set(spec) - _SPEC_KEYS)
        if unknown:
            raise InputError(
                f"lokus_counts[{year}]: unknown key(s) {', '.join(unknown)}; "
                f"expected some of {', '.join(sorted(_SPEC_KEYS))}."
            )
        if "same_as" not in spec and "n" not in spec:
            raise InputError(f"lokus_counts[{year}]: give 'n' (number of villages) or 'same_as'.")
        if "same_as" in spec and int(spec["same_as"]) not in plan:
            raise InputError(f"lokus_counts[{year}].same_as: {spec['same_as']} has no plan.")

    codes = official["kode_desa"].to_numpy()
    position = pd.Series(np.arange(n), index=codes)
    named: dict[int, np.ndarray] = {}
    if lokus_published is not None and len(lokus_published):
        own = lokus_published[lokus_published["kode_desa"].str.startswith(prefix + ".")]
        unknown = sorted(set(own["kode_desa"]) - set(codes))
        if unknown:
            raise InputError(
                f"lokus_published: code(s) {', '.join(unknown)} are not official "
                f"villages of {prefix}."
            )
        for year, group in own.groupby("tahun"):
            mask = np.zeros(n, dtype=bool)
            mask[position[group["kode_desa"]].to_numpy()] = True
            named[int(year)] = mask
            if int(year) in years and int(year) not in plan:
                plan[int(year)] = {"n": int(mask.sum()), "source": "published names only"}

    seeds = np.random.SeedSequence(seed).spawn(6)
    structure, sizes, yearly, draws, effects, indicators = (np.random.default_rng(s) for s in seeds)
    kecamatan, kecamatan_codes = pd.factorize(official["kode_kecamatan"], sort=True)
    n_kecamatan = len(kecamatan_codes)

    # Families: log-normal sizes with a kecamatan factor, growth and re-registration noise.
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
    families = families.astype(np.int64)

    # Poverty latent (logit scale, without the year intercept).
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
    latent = chronic + noise
    desil14_offset = structure.normal(0.0, 0.15, n)[:, None] + yearly.normal(
        0.0, 0.05, (n, n_years)
    )
    indicator_village = {
        name: indicators.normal(0.0, model[2], n) for name, model in INDICATOR_MODEL.items()
    }
    multiplier = _gamma_multiplier(effects, float(effect["heterogeneity_sd"]), n)

    desil1 = np.zeros((n, n_years), dtype=np.int64)
    desil14 = np.zeros((n, n_years), dtype=np.int64)
    counts = {name: np.zeros((n, n_years), dtype=np.int64) for name in INDICATORS}
    true_d1 = np.zeros((n, n_years))
    true_ind = {name: np.zeros((n, n_years)) for name in INDICATORS}
    on_list = np.zeros((n, n_years), dtype=bool)
    published = np.zeros((n, n_years), dtype=bool)
    since = np.zeros(n, dtype=np.int64)
    lists: dict[int, np.ndarray] = {}
    intercepts, achieved = [], []
    target_by_year = dict(zip(targets["year"], targets["p0"], strict=True))
    max_years = effect["max_years"]
    floor_fraction = float(effect["floor_fraction"])

    for t, year in enumerate(years):
        spec = plan.get(year)
        if spec is not None:
            if "same_as" in spec:
                source_year = int(spec["same_as"])
                if source_year not in lists:
                    raise InputError(
                        f"lokus_counts[{year}].same_as: {source_year} is not an "
                        "earlier year of the panel."
                    )
                chosen = lists[source_year].copy()
            else:
                # Chronic poverty in the year before: the village's persistent level, its COVID
                # exposure and its drift, without that year's transitory noise. Registries such
                # as P3KE accumulate households over years, so lists follow lasting poverty;
                # selecting on one noisy year would build in a regression to the mean that no
                # comparison of villages can remove (the brief's impact caveats name that risk).
                score = chronic[:, max(t - 1, 0)]
                forced = named.get(year, np.zeros(n, dtype=bool))
                chosen = _select(spec, year, score, official, kecamatan, forced)
            lists[year] = chosen
            on_list[:, t] = chosen
            published[:, t] = named.get(year, np.zeros(n, dtype=bool))
            since[(since == 0) & chosen] = year
        exposure = np.where(since > 0, year - since + 1, 0).astype(float)
        exposure[since > year] = 0.0
        if max_years is not None:
            exposure = np.minimum(exposure, float(max_years))
        reduction = float(effect["desil1_pp_per_year"]) / 100 * multiplier * exposure
        target = target_by_year[year] / 100
        # Calibrate the no-program shares, then add back what the program removed as one
        # percentage-point shift common to every village. Solving the intercept with the effect
        # in it would raise the logit of all villages, and more in pp for poorer (lokus)
        # villages: a spillover that no comparison of villages could separate from the effect.
        # A common pp shift is a year effect, so the injected effect stays the lokus-vs-other
        # difference and the regency total still equals BPS P0.
        zero = np.zeros_like(reduction)
        alpha = _solve_intercept(latent[:, t], families[:, t], target, zero, floor_fraction)
        intercepts.append(alpha)
        untreated = expit(alpha + latent[:, t])
        reduced = np.maximum(untreated - reduction, floor_fraction * untreated)
        weights = families[:, t] / families[:, t].sum()
        shift = float(np.dot(weights, untreated - reduced))
        share = np.clip(reduced + shift, 0.0, 1.0)
        true_d1[:, t] = 100 * (np.clip(untreated + shift, 0.0, 1.0) - share)
        desil1[:, t] = draws.binomial(families[:, t], share)
        share14 = expit(logit(untreated) + DESIL14_LOGIT_GAP + desil14_offset[:, t])
        extra = np.clip((share14 - share) / (1 - share), 0.0, 1.0)
        desil14[:, t] = desil1[:, t] + draws.binomial(families[:, t] - desil1[:, t], extra)
        level = alpha + latent[:, t] - logit(REFERENCE_SHARE)
        for name, (prevalence, loading, _, trend, covid_bump) in INDICATOR_MODEL.items():
            bump = covid_bump if year in COVID_SHOCK else 0.0
            base_share = expit(
                logit(prevalence)
                + loading * level
                + indicator_village[name]
                + trend * (year - years[0])
                + bump
            )
            rate = float(effect["indicators_pp_per_year"].get(name, 0.0)) / 100
            treated = np.maximum(
                base_share - rate * multiplier * exposure, floor_fraction * base_share
            )
            true_ind[name][:, t] = 100 * (base_share - treated)
            counts[name][:, t] = draws.binomial(families[:, t], treated)
        achieved.append(100 * desil1[:, t].sum() / families[:, t].sum())

    panel = _assemble(
        official,
        years,
        families,
        desil1,
        desil14,
        counts,
        on_list,
        published,
        since,
        true_d1,
        true_ind,
    )
    calibration = targets.assign(achieved=np.round(achieved, 4), intercept=np.round(intercepts, 4))
    calibration["gap"] = (calibration["achieved"] - calibration["p0"]).round(4)
    metadata = _metadata(
        seed, years, official, calibration, plan, lists, named, since, effect, panel, total_families
    )
    panel.attrs["simulation"] = metadata
    return panel, metadata


def _assemble(
    official, years, families, desil1, desil14, counts, on_list, published, since, true_d1, true_ind
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
            "families_desil1": flat(desil1),
            "families_desil1_4": flat(desil14),
            **{name: flat(counts[name]) for name in INDICATORS},
            "source": SIMULATED_SOURCE,
            "lokus": pd.array(flat(on_list), dtype="boolean"),
            "is_simulated": True,
            "lokus_since": pd.array(
                np.repeat(np.where(since > 0, since, 0), n_years), dtype="Int64"
            ),
            "lokus_published": flat(published),
            "true_effect_pp_desil1": flat(true_d1).round(6),
            **{f"true_effect_pp_{name}": flat(true_ind[name]).round(6) for name in INDICATORS},
        }
    )
    frame.loc[frame["lokus_since"] == 0, "lokus_since"] = pd.NA
    return frame[list(PANEL_COLUMNS) + list(SIMULATION_COLUMNS)]


def _metadata(
    seed, years, official, calibration, plan, lists, named, since, effect, panel, total_families
) -> dict:
    treated = panel[panel["true_effect_pp_desil1"] > 0]
    true_att = (
        treated.groupby(["lokus_since", "year"])["true_effect_pp_desil1"]
        .agg(["size", "mean"])
        .reset_index()
    )
    cohorts = {str(year): int((since == year).sum()) for year in sorted(set(since) - {0})}
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
        "lokus": {
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
                "quota), then the highest observed desil-1 share in the year before, ties "
                "by village code; 'same_as' repeats an earlier list"
            ),
        },
        "effect": {
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
        },
        "assumptions": [
            "desil-1 share calibrated to BPS P0 (desil 1 is the national bottom tenth, close in "
            "size to the population under the poverty line)",
            f"desil 1-4 share = expit(logit desil-1 share + {DESIL14_LOGIT_GAP:.2f}) with noise",
            "indicator base prevalences are illustrative, not estimates",
            f"families: median about {MEDIAN_FAMILIES:.0f} per village unless a regency total "
            f"is given ({PERSONS_PER_FAMILY} persons per family)",
            "named published lokus villages get persistent poverty effects from the top quarter",
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
    by 3.3 persons per family, when BPS has both.

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
    p0 = data.indicator_series(bps, kode_bps)
    reference = data.indicator_series(bps, data.province_code(kode_bps))
    official = data.load_official_villages(kode_bps)
    lokus = data.load_lokus()
    counts = published_lokus_counts(kode_bps) or default_lokus_counts(len(official), years)
    if lokus_count_latest is not None:
        last = max(y for y in counts if y <= max(years))
        counts[last] = {"n": int(lokus_count_latest), "source": "parameter lokus_count"}
    poor = data.indicator_series(bps, kode_bps, "jumlah_miskin_ribu").dropna()
    common = [y for y in poor.index if y in p0.index]
    total = None
    if common:
        year = max(common)
        total = poor[year] * 1000 / (p0[year] / 100) / PERSONS_PER_FAMILY
    return generate_village_panel(
        official, p0, seed, years, lokus, counts, effect, reference, total
    )
