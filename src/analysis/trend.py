"""Trend stage: how poverty moved against the province and the nation; where the regency stands.

One pace everywhere (text, key message, key figures and the quadrant's pace axis): the average
annual change of P0 over the year-to-year changes of the regency's whole series that touch no
COVID year, the rule of the forecast's historical pace (`analysis.forecast.series.change_spans`:
a change from year a to year b is left out when a <= c <= b for a COVID year c). Its 95 %
interval and the interval of its difference from the province's pace over the same changes are
Student intervals of the drift of a random walk (`drift_interval`), paired change by change.
"Faster / slower than the province" only when the interval of the difference excludes zero;
below `MIN_PACE_CHANGES` changes there is no pace claim at all.

Level and rank carry the sampling error of a regency P0 (Susenas). The relative standard error
is an approximation stated as such (`RSE_P0`), not the BPS-published value per regency. Robust
slopes per period (Theil-Sen with a Mann-Kendall test) stay as a description. Years without a
BPS figure stay missing: tables show them as gaps and charts break the line, never interpolate.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from analysis import data
from analysis.forecast.series import COVID_YEARS as FORECAST_COVID_YEARS
from analysis.forecast.series import change_spans
from analysis.results.trend import TrendResults

COVID_YEARS = tuple(sorted(FORECAST_COVID_YEARS))
TABLE_START_YEAR = 2015  # tables and charts start here, or earlier if the regency has older data
# The rank and the quadrant use the latest year in which at least this share of the province's
# regencies have P0 (Jawa Timur publishes regency P0 in our data only for 2021 and 2023).
RANK_COVERAGE = 0.9
INDICATORS = ("p0_persen", "p1", "p2", "jumlah_miskin_ribu")
# No pace, no "faster/slower" and no "recent pace" below this many year-to-year changes outside
# the COVID years (that is at least 4 non-COVID years joined by changes).
MIN_PACE_CHANGES = 3
# Relative standard error of a regency P0 from March Susenas. APPROXIMATION: BPS publishes the RSE
# per regency, but our BPS table does not carry it; 5 % is the upper end of the 4-5 % typical of
# regencies at P0 around 10 %. Used for the rank interval, the gap interval and the quadrant flag.
RSE_P0 = 0.05
Z95 = 1.959964
# Draws of the rank simulation; fixed seed, so a brief is reproducible.
N_DRAWS = 4000
SEED = 20260


@dataclass(frozen=True)
class Regions:
    """The three series compared: the regency, its province and Indonesia."""

    regency: str
    province: str
    nation: str = "0000"


def regions_for(kode_bps: str) -> Regions:
    """Return the regions a regency is compared with."""
    return Regions(regency=kode_bps, province=data.province_code(kode_bps))


def comparison_table(bps: pd.DataFrame, regions: Regions) -> pd.DataFrame:
    """Return one row per year with every indicator of the regency, province and nation.

    Columns are ``<indicator>_<role>`` for role in regency/province/nation, plus the regency's
    annual P0 change (pp), the province's, their difference (regency minus province), and a COVID
    flag. Years run over every year any of the three has P0; missing values stay NaN.
    """
    columns = {}
    for role, code in (
        ("regency", regions.regency),
        ("province", regions.province),
        ("nation", regions.nation),
    ):
        for indicator in INDICATORS:
            if role == "province":  # the province the regency was in that year (Papua split)
                series = data.province_as_it_was(bps, regions.regency, indicator)
            else:
                series = data.indicator_series(bps, code, indicator)
            columns[f"{indicator}_{role}"] = series
    table = pd.DataFrame(columns)
    own_years = table.index[table["p0_persen_regency"].notna()]
    all_years = table.index[
        table[[c for c in table if c.startswith("p0_persen")]].notna().any(axis=1)
    ]
    start = min(int(own_years.min()), TABLE_START_YEAR)
    table = table.reindex(range(start, int(all_years.max()) + 1))
    table.index.name = "tahun"
    # Changes only between consecutive observed years; a gap leaves the change missing.
    for role in ("regency", "province", "nation"):
        table[f"change_{role}"] = table[f"p0_persen_{role}"].diff()
    if data.province_history(bps, regions.regency):  # no change across the 2022 Papua split
        table.loc[table.index == data.LAST_YEAR_BEFORE_SPLIT + 1, "change_province"] = np.nan
    table["change_vs_province"] = table["change_regency"] - table["change_province"]
    table["covid"] = table.index.isin(COVID_YEARS)
    return table


def average_pace(series: pd.Series, start: int, end: int) -> float | None:
    """Return the average annual change (pp/year) between two observed years, or None."""
    if start not in series.index or end not in series.index or end <= start:
        return None
    return float((series[end] - series[start]) / (end - start))


def drift_interval(dp: np.ndarray, k: np.ndarray) -> tuple[float, float, float]:
    """Average annual change of changes ``dp`` over ``k`` years, with its 95 % interval.

    The model is a random walk with drift: a change over k years has mean k * mu and variance
    k * sigma^2. Then mu_hat = sum(dp) / sum(k) (the forecast's historical pace), sigma^2 is
    estimated by sum((dp - mu_hat k)^2 / k) / (n - 1), and the interval is
    mu_hat +- t(0.975, n - 1) * sqrt(sigma^2 / sum(k)): a Student interval, honest with the
    3 to 10 changes a regency series has.
    """
    dp, k = np.asarray(dp, dtype=float), np.asarray(k, dtype=float)
    n = len(k)
    mu = float(dp.sum() / k.sum())
    sigma2 = float(((dp - mu * k) ** 2 / k).sum() / (n - 1))
    half = float(stats.t.ppf(0.975, n - 1) * np.sqrt(sigma2 / k.sum()))
    return mu, mu - half, mu + half


def pace_comparison(regency: pd.Series, province: pd.Series | None) -> dict:
    """The one pace of a regency, the province's over the same changes, and their difference.

    Pace = sum of the year-to-year P0 changes that touch no COVID year divided by the years they
    span (the forecast's historical pace; negative = falling), over the regency's whole series.
    The intervals (95 %, `drift_interval`) are paired: the difference is computed change by
    change (regency change minus province change over the same years), so the shock the regency
    shares with its province cancels. ``verdict`` is "faster" or "slower" only when the
    difference's interval excludes zero, else "same"; with fewer than `MIN_PACE_CHANGES` changes
    every value is None and ``reason`` says why.
    """
    clean = regency.dropna().sort_index()
    years = clean.index.to_numpy(int)
    a, b, k, dp = change_spans(years, clean.to_numpy(float), frozenset(COVID_YEARS))
    result = {
        "start": int(a.min()) if len(a) else None,
        "end": int(b.max()) if len(b) else None,
        "n_changes": int(len(k)),
        "regency": None,
        "regency_low": None,
        "regency_high": None,
        "province": None,
        "difference": None,
        "difference_low": None,
        "difference_high": None,
        "verdict": None,
        "reason": None,
    }
    if len(k) < MIN_PACE_CHANGES:
        result["reason"] = "too_few_changes"
        return result
    result["regency"], result["regency_low"], result["regency_high"] = drift_interval(dp, k)
    prov = {} if province is None else province.dropna().to_dict()
    has = np.array([(x in prov) and (y in prov) for x, y in zip(a, b, strict=True)], dtype=bool)
    if has.sum() < MIN_PACE_CHANGES:
        result["reason"] = "no_province_pace"
        return result
    kp, dr = k[has], dp[has]
    dq = np.array([prov[y] - prov[x] for x, y in zip(a[has], b[has], strict=True)], dtype=float)
    result["province"] = float(dq.sum() / kp.sum())
    difference, low, high = drift_interval(dr - dq, kp)
    result["difference"], result["difference_low"], result["difference_high"] = (
        difference,
        low,
        high,
    )
    if high < 0:
        result["verdict"] = "faster"  # more negative change = falling faster
    elif low > 0:
        result["verdict"] = "slower"
    else:
        result["verdict"] = "same"
    return result


def level_interval(level: float, reference: float) -> dict:
    """Level minus a reference with a 95 % interval from the approximate RSE of a regency P0.

    The reference (province) is treated as exact: its sampling error is several times smaller.
    ``verdict`` is "above" / "below" when the interval excludes zero, else "same".
    """
    gap = float(level - reference)
    half = Z95 * RSE_P0 * float(level)
    low, high = gap - half, gap + half
    verdict = "above" if low > 0 else ("below" if high < 0 else "same")
    return {"gap": gap, "low": low, "high": high, "verdict": verdict}


def rank_intervals(levels, seed: int = SEED, n_draws: int = N_DRAWS) -> list[tuple[int, int]]:
    """95 % rank interval (1 = highest P0) of every level, by simulation of the sampling error.

    Each draw takes P0 ~ Normal(P0, (RSE_P0 * P0)^2) for every regency independently and ranks
    them; the interval is the 2.5th and 97.5th percentile of each regency's rank.
    """
    values = np.asarray(levels, dtype=float)
    if len(values) == 0:
        return []
    rng = np.random.default_rng(seed)
    draws = values + rng.standard_normal((n_draws, len(values))) * RSE_P0 * values
    ranks = (-draws).argsort(axis=1).argsort(axis=1) + 1
    low = np.percentile(ranks, 2.5, axis=0, method="lower")
    high = np.percentile(ranks, 97.5, axis=0, method="higher")
    return [(int(lo), int(hi)) for lo, hi in zip(low, high, strict=True)]


def robust_slope(series: pd.Series) -> dict:
    """Theil-Sen slope (pp/year) with its 95 % interval and a Mann-Kendall trend test."""
    clean = series.dropna()
    result = {"years": [int(y) for y in clean.index], "n": int(len(clean))}
    if len(clean) < 3:
        result.update(
            slope=None,
            low=None,
            high=None,
            tau=None,
            p_value=None,
            reason="fewer than 3 observed years",
        )
        return result
    years = clean.index.to_numpy(dtype=float)
    slope, _, low, high = stats.theilslopes(clean.to_numpy(), years, alpha=0.95)
    tau = stats.kendalltau(years, clean.to_numpy())
    result.update(
        slope=float(slope),
        low=float(low),
        high=float(high),
        tau=float(tau.statistic),
        p_value=float(tau.pvalue),
        reason=None,
    )
    return result


def period_slopes(series: pd.Series, latest: int) -> dict:
    """Robust slopes before COVID (to 2019) and after the COVID peak (2021 to the latest year)."""
    return {
        "pre_covid": robust_slope(series[series.index <= 2019]),
        "post_covid": robust_slope(series[(series.index >= 2021) & (series.index <= latest)]),
        "covid_jump": (
            float(series[2021] - series[2019])
            if {2019, 2021} <= set(series.dropna().index)
            else None
        ),
    }


def ranking_year(bps: pd.DataFrame, province: str, latest: int) -> int:
    """Return the latest year up to ``latest`` in which most regencies of the province have P0."""
    codes = data.regencies_of_province(bps, province)
    rows = bps[
        bps["kode_bps"].isin(codes)
        & (bps["indikator"] == "p0_persen")
        & (bps["periode"] == "maret")
        & (bps["tahun"] <= latest)
    ]
    counts = rows.groupby("tahun")["kode_bps"].nunique()
    covered = counts[counts >= RANK_COVERAGE * len(codes)]
    return int(covered.index.max()) if len(covered) else latest


def province_positions(
    bps: pd.DataFrame, province: str, latest: int, pace_end: int | None = None
) -> pd.DataFrame:
    """Return level (P0 in the ranking year ``latest``) and pace of every regency of the province.

    Pace is each regency's one pace (`pace_comparison`) over its series up to ``pace_end``
    (default ``latest``), the same number the brief's text shows. ``rank`` is 1 for the highest
    P0, with its 95 % interval from `rank_intervals`. ``quadrant`` splits at the province level
    and, for the pace, at the sign of the regency's paired difference from the province's pace;
    ``uncertain`` marks a regency whose level interval or pace-difference interval (95 %)
    includes zero, or that has no pace. The province's pace drawn as the split line is its own
    pace over the changes the most regencies start from (attrs).
    """
    pace_end = latest if pace_end is None else pace_end
    province_p0 = data.province_series(bps, province)
    province_level = float(province_p0.get(latest, np.nan))
    level_source = "bps"
    if np.isnan(province_level):
        province_level, level_source = _province_level_from_regencies(bps, province, latest)
    province_upto = province_p0[province_p0.index <= pace_end]
    # Each code's first name, as data.region_name gives it, read in one pass (not once per code).
    names = bps.drop_duplicates("kode_bps").set_index("kode_bps")["wilayah"]
    rows = []
    for code in data.regencies_of_province(bps, province):
        p0 = data.indicator_series(bps, code)
        if latest not in p0.index:
            continue
        pace = pace_comparison(p0[p0.index <= pace_end], province_upto)
        level = level_interval(float(p0[latest]), province_level)
        rows.append(
            {
                "kode_bps": code,
                "wilayah": str(names[code]),
                "level": float(p0[latest]),
                "pace": pace["regency"],
                "pace_from": pace["start"],
                "pace_difference": pace["difference"],
                "pace_difference_low": pace["difference_low"],
                "pace_difference_high": pace["difference_high"],
                "pace_verdict": pace["verdict"],
                "level_verdict": level["verdict"],
            }
        )
    table = pd.DataFrame(rows)
    table["rank"] = table["level"].rank(ascending=False, method="min").astype(int)
    bounds = rank_intervals(table["level"].to_numpy())
    table["rank_low"] = [low for low, _ in bounds]
    table["rank_high"] = [high for _, high in bounds]
    starts = table["pace_from"].dropna()
    province_start = int(starts.mode().min()) if len(starts) else None
    province_pace = None
    if province_start is not None:
        window = province_upto[province_upto.index >= province_start]
        province_pace = pace_comparison(window, None)["regency"]
    above = table["level"] > province_level
    # Placed by the sign of the point difference; an interval that includes zero marks it uncertain.
    faster = table["pace_difference"].lt(0).fillna(False).astype(bool)
    table["uncertain"] = table["level_verdict"].eq("same") | ~table["pace_verdict"].isin(
        ["faster", "slower"]
    )
    table["quadrant"] = np.select(
        [table["pace"].isna(), above & faster, above & ~faster, ~above & faster],
        ["no_pace", "high_falling_fast", "high_falling_slow", "low_falling_fast"],
        "low_falling_slow",
    )
    table.attrs.update(
        year=latest,
        pace_end=pace_end,
        province_level=province_level,
        province_level_source=level_source,
        province_pace=province_pace,
        province_pace_from=province_start,
        n=len(table),
    )
    return table.sort_values("rank").reset_index(drop=True)


def _province_level_from_regencies(bps: pd.DataFrame, province: str, year: int):
    """The province's P0 aggregated from its regencies when BPS's figure is not in the table.

    P0 = sum of the poor / sum of the population, the population of each regency being its number
    of poor / its P0 (both published with P0). Only when every regency has both; else NaN.
    Returns (level, source) with source "regencies" or "none".
    """
    poor, people = 0.0, 0.0
    for code in data.regencies_of_province(bps, province):
        p0 = data.indicator_series(bps, code).get(year)
        count = data.indicator_series(bps, code, "jumlah_miskin_ribu").get(year)
        if p0 is None or count is None or not p0 > 0:
            return float("nan"), "none"
        poor += count
        people += count * 100 / p0
    return (100 * poor / people, "regencies") if people > 0 else (float("nan"), "none")


def regency_table(bps: pd.DataFrame, kode_bps: str) -> pd.DataFrame:
    """Return the year-by-year comparison table of a regency, its province and the nation."""
    return comparison_table(bps, regions_for(kode_bps))


# Province positions already computed in this process, keyed by a hash of the table's contents
# (`_table_fingerprint`), the province and the years. Every regency of a province shows the same
# quadrant; a batch worker builds many regencies of one province in turn, and each regency's
# notebook is forked from the worker (`analysis.pipeline`), so it inherits what the worker holds.
_POSITIONS: dict[tuple, pd.DataFrame] = {}
# Enough for every province at two latest years (a national batch hands them all on, below).
_POSITIONS_KEPT = 256


def _table_fingerprint(bps: pd.DataFrame) -> str:
    """A hash of every row of the columns positions read, in order (any edit changes it)."""
    columns = ["kode_bps", "wilayah", "tingkat", "tahun", "periode", "indikator", "nilai"]
    hashes = pd.util.hash_pandas_object(bps[columns], index=False).to_numpy()
    return hashlib.blake2b(hashes.tobytes(), digest_size=16).hexdigest()


def positions_for(bps: pd.DataFrame, kode_bps: str, latest: int) -> pd.DataFrame:
    """Return the province's regencies by level and pace in the ranking year (quadrant).

    The positions of a province are computed once per table contents in a process and handed
    out as copies (`preload_positions` computes them before a build forks its notebooks).
    """
    province = data.province_code(kode_bps)
    year = ranking_year(bps, province, latest)
    key = (_table_fingerprint(bps), province, year, latest)
    if key not in _POSITIONS:
        if len(_POSITIONS) >= _POSITIONS_KEPT:
            _POSITIONS.clear()
        _POSITIONS[key] = province_positions(bps, province, year, latest)
    kept = _POSITIONS[key]
    positions = kept.copy()
    positions.attrs = dict(kept.attrs)  # attrs hold numbers and None only
    return positions


def position_entries() -> dict[tuple, pd.DataFrame]:
    """The positions computed in this process (keys carry the table's fingerprint), to hand on."""
    return dict(_POSITIONS)


def add_position_entries(entries: dict[tuple, pd.DataFrame]) -> None:
    """Keep positions computed in another process (a batch's province workers)."""
    if len(_POSITIONS) + len(entries) > _POSITIONS_KEPT:
        _POSITIONS.clear()
    _POSITIONS.update(entries)


def preload_positions(params) -> None:
    """Compute the province positions of a regency about to be built, in this process.

    Parameters
    ----------
    params : analysis.params.Params
        The validated parameters of the regency (its code and latest data year).
    """
    try:
        positions_for(data.load_bps(), params.kode_bps, params.latest_data_year)
    except Exception:  # the trend notebook reports the error, with its cell
        return


def _depth(table: pd.DataFrame) -> dict:
    """P1 and P2 at the last year and about three years before (the brief's depth sentence)."""
    depth = {}
    for indicator in ("p1", "p2"):
        series = table[f"{indicator}_regency"].dropna()
        if len(series) >= 2:
            last = int(series.index.max())
            first = max((y for y in series.index if y <= last - 3), default=int(series.index.min()))
            depth[indicator] = {
                "first_year": int(first),
                "first": float(series[first]),
                "last_year": last,
                "last": float(series[last]),
            }
    return depth


def _optional(value) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def summarize(
    bps: pd.DataFrame,
    kode_bps: str,
    latest: int,
    table: pd.DataFrame | None = None,
    positions: pd.DataFrame | None = None,
) -> TrendResults:
    """Return every trend result the brief needs.

    Parameters
    ----------
    bps : DataFrame
        The validated BPS long table (`analysis.data.load_bps`).
    kode_bps : str
        The regency's BPS code.
    latest : int
        The latest data year (validated in the parameters to have P0).
    table, positions : DataFrame, optional
        The comparison table (`regency_table`) and the province positions (`positions_for`),
        when a notebook computed them already; computed here otherwise.

    Returns
    -------
    TrendResults
        The typed result written to ``results/trend.json``.
    """
    regions = regions_for(kode_bps)
    table = regency_table(bps, kode_bps) if table is None else table
    positions = positions_for(bps, kode_bps, latest) if positions is None else positions
    p0 = table["p0_persen_regency"].dropna()
    # Paces and changes within the province's current boundaries; levels as it was each year.
    province_now = data.province_series(bps, regions.province)
    province_p0 = table["p0_persen_province"].dropna()
    nation_p0 = table["p0_persen_nation"].dropna()
    own = positions[positions["kode_bps"] == kode_bps].iloc[0]
    previous = max((y for y in p0.index if y < latest), default=None)
    poor = table["jumlah_miskin_ribu_regency"].dropna()
    pace = pace_comparison(p0[p0.index <= latest], province_now[province_now.index <= latest])
    province_latest = province_p0.get(latest, np.nan)
    gap = (
        level_interval(float(p0[latest]), float(province_latest))
        if pd.notna(province_latest)
        else None
    )
    return TrendResults(
        kode_bps=kode_bps,
        province_code=regions.province,
        name=data.region_name(bps, kode_bps),
        province_name=data.region_name(bps, regions.province),
        latest_year=latest,
        p0_latest=float(p0[latest]),
        p0_previous_year=int(previous) if previous is not None else None,
        p0_previous=float(p0[previous]) if previous is not None else None,
        p0_change=float(p0[latest] - p0[previous]) if previous is not None else None,
        province_p0_latest=province_latest,
        nation_p0_latest=nation_p0.get(latest, np.nan),
        gap_province=p0[latest] - province_latest,
        gap_province_low=gap["low"] if gap else None,
        gap_province_high=gap["high"] if gap else None,
        level_verdict=gap["verdict"] if gap else None,
        gap_nation=p0[latest] - nation_p0.get(latest, np.nan),
        poor_thousands=float(poor.iloc[-1]) if len(poor) else None,
        poor_year=int(poor.index[-1]) if len(poor) else None,
        rank_year=int(positions.attrs["year"]),
        rank_level=float(own["level"]),
        rank=int(own["rank"]),
        rank_low=int(own["rank_low"]),
        rank_high=int(own["rank_high"]),
        rank_of=int(len(positions)),
        rse_p0=RSE_P0,
        quadrant=str(own["quadrant"]),
        quadrant_uncertain=bool(own["uncertain"]),
        min_pace_changes=MIN_PACE_CHANGES,
        covid_years=list(COVID_YEARS),
        pace_start=pace["start"],
        pace_end=pace["end"],
        pace_n_changes=pace["n_changes"],
        pace_regency=pace["regency"],
        pace_regency_low=pace["regency_low"],
        pace_regency_high=pace["regency_high"],
        pace_province=pace["province"],
        pace_difference=pace["difference"],
        pace_difference_low=pace["difference_low"],
        pace_difference_high=pace["difference_high"],
        pace_verdict=pace["verdict"],
        pace_reason=pace["reason"],
        slopes=period_slopes(p0, latest),
        depth=_depth(table),
        years_observed=[int(y) for y in p0.index],
        years_missing=[int(y) for y in table.index if y not in p0.index],
        first_year=int(p0.index.min()),
        positions=[
            {key: (None if pd.isna(value) else value) for key, value in row.items()}
            for row in positions.to_dict(orient="records")
        ],
        province_level=_optional(positions.attrs["province_level"]),
        # The quadrant's vertical line: the province's pace over the same changes as the regency.
        province_pace=pace["province"],
        province_pace_from=pace["start"],
        table=[
            {"tahun": int(year), **{key: (None if pd.isna(v) else v) for key, v in row.items()}}
            for year, row in table.iterrows()
        ],
        bps_notes=list(bps.attrs.get("notes", [])),
    )


def _every_year(summary: dict) -> pd.DataFrame:
    """The summary's table with a row (of NaN) for every missing year: lines break at gaps."""
    table = pd.DataFrame(summary["table"]).set_index("tahun")
    return table.reindex(range(int(table.index.min()), int(table.index.max()) + 1))


def plot_p0(summary: dict, labels: dict):
    """Line chart of P0 for regency, province and nation; gaps break lines; COVID shaded."""
    from analysis import figures

    table = _every_year(summary)
    fig, ax = figures.new_figure(figures.column_width_cm(0.55), 6.5)
    ax.axvspan(COVID_YEARS[0] - 0.5, COVID_YEARS[1] + 0.5, color="#eeeeee", zorder=0)
    ax.text(
        np.mean(COVID_YEARS),
        1.0,
        labels["covid"],
        transform=ax.get_xaxis_transform(),
        ha="center",
        va="top",
        fontsize=figures.MIN_FONT_PT,
        color="#555555",
    )
    styles = [
        ("regency", figures.REGENCY_COLOR, "o", "-"),
        ("province", figures.PROVINCE_COLOR, "s", "--"),
        ("nation", figures.NATION_COLOR, "^", ":"),
    ]
    for role, color, marker, line in styles:
        series = table[f"p0_persen_{role}"]
        ax.plot(
            series.index,
            series.to_numpy(),
            color=color,
            marker=marker,
            linestyle=line,
            markersize=3,
            linewidth=1.4,
            label=labels[role],
        )
    ax.set_ylabel(labels["y"])
    ax.set_xlabel("")
    ax.xaxis.set_major_locator(__import__("matplotlib").ticker.MaxNLocator(integer=True))
    # Headroom above the highest value, so the COVID label at the top never sits on a line.
    low, high = ax.get_ylim()
    ax.set_ylim(low, high + 0.15 * (high - low))
    figures.legend_below(fig, ax)
    return fig


def plot_depth(summary: dict, labels: dict):
    """Three small panels: P1, P2 and number of poor for the regency against the province."""
    from analysis import figures

    table = _every_year(summary)
    figures.apply_theme()
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(
        1,
        3,
        figsize=(figures.TEXT_WIDTH_CM * figures.CM, 5.4 * figures.CM),
        layout=figures.MarginLayout(),
    )
    for ax, indicator in zip(axes, ("p1", "p2", "jumlah_miskin_ribu"), strict=True):
        for role, color, marker in (
            ("regency", figures.REGENCY_COLOR, "o"),
            ("province", figures.PROVINCE_COLOR, "s"),
        ):
            if indicator == "jumlah_miskin_ribu" and role == "province":
                continue  # thousands of people: the province is not on the same scale
            series = table[f"{indicator}_{role}"]
            ax.plot(
                series.index,
                series.to_numpy(),
                color=color,
                marker=marker,
                markersize=2.5,
                linewidth=1.2,
                label=labels[role],
            )
        # Plain numbers (no offset or exponent above the axis), so the title's place is fixed
        # at the top of the axes: matplotlib then skips searching for it at every layout pass.
        ax.ticklabel_format(axis="y", style="plain", useOffset=False)
        ax.set_title(labels[indicator], y=1.0)
        ax.xaxis.set_major_locator(__import__("matplotlib").ticker.MaxNLocator(4, integer=True))
    figures.legend_below(fig, axes[0], max_columns=2)
    return fig


def plot_quadrant(summary: dict, labels: dict):
    """Scatter of every regency of the province: P0 level against pace, split at province values."""
    from analysis import figures

    positions = pd.DataFrame(summary["positions"]).dropna(subset=["pace"])
    fig, ax = figures.new_figure(figures.column_width_cm(0.45), 6.5)
    others = positions[positions["kode_bps"] != summary["kode_bps"]]
    own = positions[positions["kode_bps"] == summary["kode_bps"]]
    ax.scatter(others["pace"], others["level"], s=12, color=figures.MUTED_COLOR, zorder=2)
    ax.scatter(
        own["pace"],
        own["level"],
        s=40,
        color=figures.REGENCY_COLOR,
        zorder=3,
        edgecolor="black",
        linewidth=0.6,
    )
    if summary["province_pace"] is not None:
        ax.axvline(
            summary["province_pace"], color=figures.PROVINCE_COLOR, linestyle="--", linewidth=0.9
        )
    if summary["province_level"] is not None:
        ax.axhline(
            summary["province_level"], color=figures.PROVINCE_COLOR, linestyle="--", linewidth=0.9
        )
    ax.set_xlabel(labels["x"])
    ax.set_ylabel(labels["y"])
    # Labelled last, once the axes are final, on the side where it covers no other regency.
    for _, row in own.iterrows():
        figures.label_point(
            ax,
            labels["regency_short"],
            (row["pace"], row["level"]),
            others[["pace", "level"]].to_numpy(),
            fontsize=figures.MIN_FONT_PT,
            color=figures.REGENCY_COLOR,
        )
    return fig


# --------------------------------------------------------------------------------------------
# Notebook steps: each draws or saves one thing of the build (see notebooks/01-trend.ipynb)
# --------------------------------------------------------------------------------------------


def draw_p0(context, summary: TrendResults):
    """Draw and save the P0 chart (``figures/trend_p0.png``); return the figure."""
    from analysis import figures

    params, label = context.params, context.labels
    labels = {
        "regency": params.name,
        "province": params.province_name,
        "nation": label("legend_nation"),
        "covid": label("covid"),
        "y": label("axis_p0"),
    }
    return figures.save_figure(plot_p0(summary.model_dump(), labels), context.figure("trend_p0"))


def draw_quadrant(context, summary: TrendResults):
    """Draw and save the quadrant of level against pace (``figures/quadrant.png``)."""
    from analysis import figures

    params, label = context.params, context.labels
    labels = {
        "regency_short": params.name.removeprefix("Kabupaten ").removeprefix("Kota "),
        "x": label(
            "axis_pace",
            since=summary.province_pace_from or summary.first_year,
            year=summary.latest_year,
        ),
        "y": label("axis_level", year=summary.rank_year),
    }
    figure = plot_quadrant(summary.model_dump(), labels)
    return figures.save_figure(figure, context.figure("quadrant"))


def draw_depth(context, summary: TrendResults):
    """Draw and save P1, P2 and the number of poor (``figures/trend_depth.png``)."""
    from analysis import figures

    params, label = context.params, context.labels
    labels = {
        "regency": params.name,
        "province": params.province_name,
        **{key: label(key) for key in ("p1", "p2", "jumlah_miskin_ribu")},
    }
    figure = plot_depth(summary.model_dump(), labels)
    return figures.save_figure(figure, context.figure("trend_depth"))


def save(context, summary: TrendResults) -> TrendResults:
    """Write ``results/trend.json`` into the build folder."""
    from analysis import results

    return results.save(context, summary)


def run(context) -> TrendResults:
    """Every step of the trend notebook in order (for tests and scripts)."""
    bps = data.load_bps()
    params = context.params
    summary = summarize(bps, params.kode_bps, params.latest_data_year)
    draw_figures(context, summary)
    return save(context, summary)


# Every figure of the trend stage, in the order the notebook shows them; the brief places them.
FIGURES = (draw_p0, draw_depth, draw_quadrant)


def draw_figures(context, result):
    """Draw, save and show every trend figure (`FIGURES`)."""
    from analysis import figures

    return figures.draw_all(FIGURES, context, result)
