"""Trend stage: how poverty moved against the province and the nation; where the regency stands.

Robust slopes use scipy's Theil-Sen estimator with a Mann-Kendall test (Kendall's tau of value
against year), per period, with 2020-2021 (COVID) as an explicit break. Years without a BPS figure
stay missing: tables show them as gaps and charts break the line, never interpolate.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from analysis import data
from analysis.results.trend import TrendResults

COVID_YEARS = (2020, 2021)
PACE_BASE_YEAR = 2020
TABLE_START_YEAR = 2015  # tables and charts start here, or earlier if the regency has older data
# The rank and the quadrant use the latest year in which at least this share of the province's
# regencies have P0 (Jawa Timur publishes regency P0 in our data only for 2021 and 2023).
RANK_COVERAGE = 0.9
INDICATORS = ("p0_persen", "p1", "p2", "jumlah_miskin_ribu")
# A regency's position in the quadrant is marked uncertain when it sits this close to a split line:
# about one standard error of a regency P0 from Susenas (relative standard error 4-5 % at P0 ~10 %).
UNCERTAIN_LEVEL_PP = 0.5
UNCERTAIN_PACE_PP = 0.1


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
            columns[f"{indicator}_{role}"] = data.indicator_series(bps, code, indicator)
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
    table["change_vs_province"] = table["change_regency"] - table["change_province"]
    table["covid"] = table.index.isin(COVID_YEARS)
    return table


def average_pace(series: pd.Series, start: int, end: int) -> float | None:
    """Return the average annual change (pp/year) between two observed years, or None."""
    if start not in series.index or end not in series.index or end <= start:
        return None
    return float((series[end] - series[start]) / (end - start))


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


def province_positions(bps: pd.DataFrame, province: str, latest: int) -> pd.DataFrame:
    """Return level (P0 in the latest year) and pace of every regency of the province.

    Pace is the average annual change from the first observed year since 2020 to the latest
    year. ``rank`` is 1 for the highest P0. ``quadrant`` splits at the province's own level and
    pace, the province's pace taken over the period most regencies have (2021-2023 in Jawa Timur,
    2020-2025 in Jawa Tengah), so the split compares like with like; ``uncertain`` marks a
    regency within about one standard error of a split line.
    """
    province_p0 = data.indicator_series(bps, province)
    province_level = float(province_p0.get(latest, np.nan))
    rows = []
    for code in data.regencies_of_province(bps, province):
        p0 = data.indicator_series(bps, code)
        if latest not in p0.index:
            continue
        since = [y for y in p0.index if PACE_BASE_YEAR <= y < latest]
        pace = average_pace(p0, since[0], latest) if since else None
        rows.append(
            {
                "kode_bps": code,
                "wilayah": data.region_name(bps, code),
                "level": float(p0[latest]),
                "pace": pace,
                "pace_from": int(since[0]) if since else None,
            }
        )
    table = pd.DataFrame(rows)
    starts = table["pace_from"].dropna()
    province_start = int(starts.mode().min()) if len(starts) else None
    if province_start is not None and province_start not in province_p0.index:
        province_start = min((y for y in province_p0.index if y >= PACE_BASE_YEAR), default=None)
    province_pace = average_pace(province_p0, province_start, latest) if province_start else None
    table["rank"] = table["level"].rank(ascending=False, method="min").astype(int)
    above = table["level"] > province_level
    if province_pace is None:
        faster = pd.Series(False, index=table.index)
        table["uncertain"] = True
    else:
        faster = table["pace"] < province_pace  # more negative = falling faster
        table["uncertain"] = ((table["level"] - province_level).abs() < UNCERTAIN_LEVEL_PP) | (
            (table["pace"] - province_pace).abs() < UNCERTAIN_PACE_PP
        )
    table["quadrant"] = np.select(
        [above & faster, above & ~faster, ~above & faster],
        ["high_falling_fast", "high_falling_slow", "low_falling_fast"],
        "low_falling_slow",
    )
    table.attrs.update(
        year=latest,
        province_level=province_level,
        province_pace=province_pace,
        province_pace_from=province_start,
        n=len(table),
    )
    return table.sort_values("rank").reset_index(drop=True)


def regency_table(bps: pd.DataFrame, kode_bps: str) -> pd.DataFrame:
    """Return the year-by-year comparison table of a regency, its province and the nation."""
    return comparison_table(bps, regions_for(kode_bps))


def positions_for(bps: pd.DataFrame, kode_bps: str, latest: int) -> pd.DataFrame:
    """Return the province's regencies by level and pace in the ranking year (quadrant)."""
    province = data.province_code(kode_bps)
    return province_positions(bps, province, ranking_year(bps, province, latest))


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
    province_p0 = table["p0_persen_province"].dropna()
    nation_p0 = table["p0_persen_nation"].dropna()
    own = positions[positions["kode_bps"] == kode_bps].iloc[0]
    previous = max((y for y in p0.index if y < latest), default=None)
    poor = table["jumlah_miskin_ribu_regency"].dropna()
    pace_start = 2021 if 2021 in p0.index and 2021 in province_p0.index else None
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
        province_p0_latest=province_p0.get(latest, np.nan),
        nation_p0_latest=nation_p0.get(latest, np.nan),
        gap_province=p0[latest] - province_p0.get(latest, np.nan),
        gap_nation=p0[latest] - nation_p0.get(latest, np.nan),
        poor_thousands=float(poor.iloc[-1]) if len(poor) else None,
        poor_year=int(poor.index[-1]) if len(poor) else None,
        rank_year=int(positions.attrs["year"]),
        rank_level=float(own["level"]),
        rank=int(own["rank"]),
        rank_of=int(len(positions)),
        quadrant=str(own["quadrant"]),
        quadrant_uncertain=bool(own["uncertain"]),
        uncertain_level_pp=UNCERTAIN_LEVEL_PP,
        uncertain_pace_pp=UNCERTAIN_PACE_PP,
        pace_start=pace_start,
        pace_regency=average_pace(p0, pace_start, latest) if pace_start else None,
        pace_province=average_pace(province_p0, pace_start, latest) if pace_start else None,
        slopes=period_slopes(p0, latest),
        depth=_depth(table),
        years_observed=[int(y) for y in p0.index],
        years_missing=[int(y) for y in table.index if y not in p0.index],
        first_year=int(p0.index.min()),
        positions=[
            {key: (None if pd.isna(value) else value) for key, value in row.items()}
            for row in positions.to_dict(orient="records")
        ],
        own_pace=_optional(own["pace"]),
        own_pace_from=None if pd.isna(own["pace_from"]) else int(own["pace_from"]),
        province_level=_optional(positions.attrs["province_level"]),
        province_pace=_optional(positions.attrs["province_pace"]),
        province_pace_from=positions.attrs["province_pace_from"],
        table=[
            {"tahun": int(year), **{key: (None if pd.isna(v) else v) for key, v in row.items()}}
            for year, row in table.iterrows()
        ],
        bps_notes=list(bps.attrs.get("notes", [])),
    )


def plot_p0(summary: dict, labels: dict):
    """Line chart of P0 for regency, province and nation; gaps break lines; COVID shaded."""
    from analysis import figures

    table = pd.DataFrame(summary["table"]).set_index("tahun")
    fig, ax = figures.new_figure(figures.FULL_WIDTH_CM * 0.55, 6.5)
    ax.axvspan(COVID_YEARS[0] - 0.5, COVID_YEARS[1] + 0.5, color="#eeeeee", zorder=0)
    ax.text(
        np.mean(COVID_YEARS),
        1.0,
        labels["covid"],
        transform=ax.get_xaxis_transform(),
        ha="center",
        va="top",
        fontsize=6,
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
    ax.legend(loc="upper right", frameon=True)
    return fig


def plot_depth(summary: dict, labels: dict):
    """Three small panels: P1, P2 and number of poor for the regency against the province."""
    from analysis import figures

    table = pd.DataFrame(summary["table"]).set_index("tahun")
    figures.apply_theme()
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(
        1, 3, figsize=(figures.FULL_WIDTH_CM * figures.CM, 4.8 * figures.CM), layout="constrained"
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
        ax.set_title(labels[indicator])
        ax.xaxis.set_major_locator(__import__("matplotlib").ticker.MaxNLocator(4, integer=True))
    axes[0].legend(loc="best", fontsize=6)
    return fig


def plot_quadrant(summary: dict, labels: dict):
    """Scatter of every regency of the province: P0 level against pace, split at province values."""
    from analysis import figures

    positions = pd.DataFrame(summary["positions"]).dropna(subset=["pace"])
    fig, ax = figures.new_figure(figures.FULL_WIDTH_CM * 0.45, 6.5)
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
    for _, row in own.iterrows():
        ax.annotate(
            labels["regency_short"],
            (row["pace"], row["level"]),
            xytext=(4, 4),
            textcoords="offset points",
            fontsize=7,
            color=figures.REGENCY_COLOR,
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
        "x": label("axis_pace", since=summary.province_pace_from, year=summary.rank_year),
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
    draw_p0(context, summary)
    draw_quadrant(context, summary)
    draw_depth(context, summary)
    return save(context, summary)
