"""Which villages are priority (lokus) villages in a simulated panel, year by year (SIMULASI).

A year's list follows a published statement when one is known (`published_lokus_counts`, read
from ``data/raw/lokus_jumlah_publikasi.csv``: a count, named or excluded kecamatan, a quota per
kecamatan, or "same as" an earlier year), else the default plan (20 % of villages from 2023).
Within what the statement allows, named published villages come first, then the villages with the
highest chronic poverty score of the year before (the village's persistent poverty level, its
COVID exposure and its slow drift, without that year's transitory noise), ties by village code.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.errors import InputError
from analysis.labels import both
from analysis.synth.sources import load_lokus_counts
from analysis.yamlread import shown

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
    """Return the published lokus statements of a regency, or None when none are known.

    Read from ``data/raw/lokus_jumlah_publikasi.csv`` (`analysis.synth.sources.load_lokus_counts`);
    a year between two published ones without a statement keeps the list of the year before.
    """
    spec = load_lokus_counts().get(kode_bps)
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


def _kecamatan_mask(names: list[str], official: pd.DataFrame, year: int, key: str) -> np.ndarray:
    # Plain object arrays: a pandas comparison per name costs more than the whole list here.
    by_name = official["nama_kecamatan"].fillna("").str.lower().to_numpy(dtype=object)
    by_code = official["kode_kecamatan"].fillna("").to_numpy(dtype=object)
    mask = np.zeros(len(official), dtype=bool)
    for name in names:
        hit = (by_name == str(name).lower()) | (by_code == str(name))
        if not hit.any():
            raise InputError(
                both(
                    "errs_syn_kecamatan",
                    year=year,
                    field=key,
                    name=shown(name),
                    known=", ".join(sorted(official["nama_kecamatan"].unique())),
                )
            )
        mask |= hit
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
        raise InputError(both("errs_syn_named_exceed", year=year, named=int(chosen.sum()), n=n))
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
        raise InputError(both("errs_syn_too_small", year=year, n=n))
    if remaining:
        pool = _poorest_first(score, allowed & ~chosen)
        if len(pool) < remaining:
            raise InputError(both("errs_syn_too_large", year=year, n=n))
        chosen[pool[:remaining]] = True
    return chosen


def lokus_plan(
    lokus_counts: dict[int, dict] | None, kode_bps: str, n_villages: int, years
) -> dict[int, dict]:
    """Return the checked lokus plan ``{year: statement}`` (a copy; default when None).

    Raises
    ------
    InputError
        For an unknown key, a statement with neither ``n`` nor ``same_as``, or a ``same_as`` year
        without a plan.
    """
    if lokus_counts is None:
        lokus_counts = published_lokus_counts(kode_bps) or default_lokus_counts(n_villages, years)
    plan = {int(y): dict(spec) for y, spec in lokus_counts.items()}
    for year, spec in plan.items():
        unknown = sorted(set(spec) - _SPEC_KEYS)
        if unknown:
            raise InputError(
                both(
                    "errs_syn_spec_keys",
                    year=year,
                    unknown=", ".join(shown(k) for k in unknown[:5]),
                    expected=", ".join(sorted(_SPEC_KEYS)),
                )
            )
        if "same_as" not in spec and "n" not in spec:
            raise InputError(both("errs_syn_spec_n", year=year))
        if "same_as" in spec and int(spec["same_as"]) not in plan:
            raise InputError(both("errs_syn_no_plan", year=year, source=shown(spec["same_as"])))
    return plan


def named_villages(
    lokus_published: pd.DataFrame | None,
    official: pd.DataFrame,
    prefix: str,
    years: list[int],
    plan: dict[int, dict],
) -> dict[int, np.ndarray]:
    """Return the published named lokus villages of each year as masks over ``official``.

    A year with names but no statement in ``plan`` gets one (``plan`` is completed in place): the
    list of that year is the named villages.
    """
    n = len(official)
    codes = official["kode_desa"].to_numpy()
    position = pd.Series(np.arange(n), index=codes)
    named: dict[int, np.ndarray] = {}
    if lokus_published is None or not len(lokus_published):
        return named
    own = lokus_published[lokus_published["kode_desa"].str.startswith(prefix + ".")]
    unknown = sorted(set(own["kode_desa"]) - set(codes))
    if unknown:
        raise InputError(
            both("errs_syn_unknown_codes", codes=shown(", ".join(unknown)), prefix=prefix)
        )
    for year, group in own.groupby("tahun"):
        mask = np.zeros(n, dtype=bool)
        mask[position[group["kode_desa"]].to_numpy()] = True
        named[int(year)] = mask
        if int(year) in years and int(year) not in plan:
            plan[int(year)] = {"n": int(mask.sum()), "source": "published names only"}
    return named


def choose_lists(
    plan: dict[int, dict],
    named: dict[int, np.ndarray],
    years: list[int],
    chronic: np.ndarray,
    official: pd.DataFrame,
    kecamatan: np.ndarray,
):
    """Apply the plan year by year to the chronic poverty of the year before.

    Returns
    -------
    on_list, published : ndarray of bool, villages x years
        On the list of the year; named in a publication of the year.
    since : ndarray of int
        First lokus year of each village (0 for never).
    lists : dict of int to ndarray of bool
        The list of each planned year.
    """
    n, n_years = chronic.shape
    on_list = np.zeros((n, n_years), dtype=bool)
    published = np.zeros((n, n_years), dtype=bool)
    since = np.zeros(n, dtype=np.int64)
    lists: dict[int, np.ndarray] = {}
    for t, year in enumerate(years):
        spec = plan.get(year)
        if spec is None:
            continue
        if "same_as" in spec:
            source_year = int(spec["same_as"])
            if source_year not in lists:
                raise InputError(both("errs_syn_not_earlier", year=year, source=source_year))
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
    return on_list, published, since, lists
