"""Glue between notebooks and the stage modules: load inputs, run a stage, write its outputs.

Each ``run_<stage>`` call is what one notebook cell does: it computes the stage's results with the
pure functions of the stage module, writes ``results/<stage>.json`` and the stage's figures into
the build folder, and returns the results for display.
"""

from __future__ import annotations

import json

from analysis import build, data, figures, paths, trend
from analysis.build import Context
from analysis.params import INDICATORS

KECAMATAN_SHOWN = 12  # the brief's kecamatan chart shows the kecamatan with most priority villages


write_json = build.write_json  # the one atomic writer lives in analysis.build


def read_results(context: Context, stage: str) -> dict:
    """Read a stage's results written earlier in the same build."""
    return json.loads((context.results_dir / f"{stage}.json").read_text(encoding="utf-8"))


def run_trend(context: Context) -> dict:
    """Compute the trend stage, write ``results/trend.json`` and its three figures."""
    bps = data.load_bps()
    params = context.params
    summary = trend.summarize(bps, params.kode_bps, params.latest_data_year)
    label = context.labels
    short = params.name.removeprefix("Kabupaten ").removeprefix("Kota ")
    p0_labels = {
        "regency": params.name,
        "province": params.province_name,
        "nation": label("legend_nation"),
        "covid": label("covid"),
        "y": label("axis_p0"),
    }
    figures.save_figure(trend.plot_p0(summary, p0_labels), context.figure("trend_p0"))
    since = summary["province_pace_from"]
    quadrant_labels = {
        "regency_short": short,
        "x": label("axis_pace", since=since, year=summary["rank_year"]),
        "y": label("axis_level", year=summary["rank_year"]),
    }
    figures.save_figure(trend.plot_quadrant(summary, quadrant_labels), context.figure("quadrant"))
    depth_labels = {
        "regency": params.name,
        "province": params.province_name,
        **{key: label(key) for key in ("p1", "p2", "jumlah_miskin_ribu")},
    }
    figures.save_figure(trend.plot_depth(summary, depth_labels), context.figure("trend_depth"))
    summary["bps_notes"] = bps.attrs.get("notes", [])
    write_json(summary, context.results_dir / "trend.json")
    return summary


def run_forecast(context: Context) -> dict:
    """Compute the forecast stage: results/forecast.json and the fan chart."""
    from analysis import forecast

    params = context.params
    target = (params.target.low, params.target.high) if params.target else None
    result = forecast.forecast_regency(data.load_bps(), params.kode_bps, params.target_year, target)
    summary = result.to_dict()
    label = context.labels
    fan_labels = {
        "xlabel": "",
        "ylabel": label("axis_p0"),
        "history": label("legend_history"),
        "covid": label("covid"),
        "median": label("legend_median"),
        "band80": label("legend_band80"),
        "band95": label("legend_band95"),
        "target": label("legend_target"),
        "title": "",
    }
    fan = forecast.plot_fan_chart(result, fan_labels, target=target)
    # The brief shows the fan chart in half the page width, beside the projection table.
    fan.set_size_inches(figures.HALF_WIDTH_CM * figures.CM * 1.05, 6.8 * figures.CM)
    from matplotlib.ticker import MaxNLocator

    for axes in fan.axes:  # at half width, every year as a tick label would crowd the axis
        axes.xaxis.set_major_locator(MaxNLocator(6, integer=True))
    figures.save_figure(fan, context.figure("fan_chart"))
    write_json(summary, context.results_dir / "forecast.json")
    return summary


def forecast_table(summary: dict):
    """Return the projection table (median and 80 %/95 % intervals per year) for display."""
    import pandas as pd

    return pd.DataFrame(summary["horizons"]).set_index("year")


def backtest_table(summary: dict):
    """Return the pooled backtest table (MAE and coverage per model) for display."""
    import pandas as pd

    return pd.DataFrame(summary["backtest"]).set_index("model")


def village_panel(context: Context):
    """Return the village panel and its description (see `analysis.villages.load_panel`)."""
    from analysis import villages

    return villages.load_panel(context)


def annex_name(context: Context) -> str:
    """File name of the XLSX annex of priority villages."""
    return f"lampiran_desa_prioritas_{context.params.regency}.xlsx"


def run_pockets(context: Context) -> dict:
    """Compute the pockets stage: results/pockets.json, two figures and the XLSX annex."""
    from analysis import labels as labels_module
    from analysis import pockets

    params = context.params
    panel, meta = village_panel(context)
    lokus = data.load_lokus()
    own = lokus["kode_desa"].str.startswith(data.kemendagri_code(params.kode_bps) + ".")
    published = lokus[own] if own.any() else None
    neighbors = None
    if params.village_data.boundaries:
        from analysis import villages

        boundaries = paths.ROOT / params.village_data.boundaries
        neighbors = villages.read_boundaries(
            boundaries, data.load_official_villages(params.kode_bps)
        )
    summary = pockets.summarize_pockets(
        panel,
        weights=params.deprivation_weights,
        n_priority=params.village_data.lokus_count,
        published=published,
        neighbors=neighbors,
        seed=params.village_data.seed % (2**32),
    )
    label = context.labels
    simulated = bool(summary["is_simulated"])
    indicator_labels = {name: label(f"ind_{name}") for name in ("desil1", *pockets.INDICATORS)}
    top = sorted(
        summary["kecamatan_concentration"],
        key=lambda row: (-row["n_priority"], row["kecamatan_code"]),
    )[:KECAMATAN_SHOWN]
    figures.save_figure(
        pockets.plot_kecamatan_concentration(
            {**summary, "kecamatan_concentration": top},
            {
                "x": label("axis_villages"),
                "priority": label("legend_priority"),
                "other": label("legend_other"),
            },
        ),
        context.figure("kecamatan"),
    )
    figures.save_figure(
        pockets.plot_deprivation_profile(
            summary,
            {
                "x": label("axis_share_families"),
                "priority": label("legend_priority"),
                "other": label("legend_other"),
                **indicator_labels,
            },
        ),
        context.figure("deprivation_profile"),
    )
    pockets.write_annex_xlsx(
        summary,
        context.output_dir / annex_name(context),
        labels_module.annex_labels(context.lang),
        simulated,
    )
    summary["village_meta"] = {
        key: meta.get(key)
        for key in ("is_simulated", "seed", "years", "calibration", "source_name")
    }
    summary["kecamatan_shown"] = len(top)
    write_json(summary, context.results_dir / "pockets.json")
    return summary


IMPACT_OUTCOMES = ("desil1", *INDICATORS)
# Base period g-1, adjusted for each village's desil-1 share in the first panel year: poorer
# villages move more in percentage points for the same regency-wide change, so comparisons are
# made among villages of similar initial poverty. Checked on the generator in test_stages.py.
IMPACT_BASE_OFFSET = 1


def impact_panel(panel):
    """Add outcome shares (percent of families) and the first lokus year to a village panel."""
    import numpy as np

    frame = panel.copy()
    families = frame["families"].where(frame["families"] > 0)
    frame["share_desil1"] = frame["families_desil1"] / families * 100
    for name in IMPACT_OUTCOMES[1:]:
        frame[f"share_{name}"] = frame[name] / families * 100
    if "lokus_since" not in frame:
        is_lokus = frame["lokus"].astype("string").str.lower().isin(["yes", "ya", "1", "true"])
        first = frame[is_lokus].groupby("village_code")["year"].min()
        frame["lokus_since"] = frame["village_code"].map(first).astype("float64")
    frame["lokus_since"] = frame["lokus_since"].astype("float64").fillna(np.nan)
    return frame


def run_impact(context: Context) -> dict:
    """Compute the impact stage: results/impact.json and the event-study figure."""
    from analysis import impact

    panel, meta = village_panel(context)
    frame = impact_panel(panel)
    outcomes = [f"share_{name}" for name in IMPACT_OUTCOMES]
    result = {
        "is_simulated": bool(meta.get("is_simulated")),
        "estimated": False,
        "base_offset": IMPACT_BASE_OFFSET,
        "village_meta": {"source_name": meta.get("source_name"), "seed": meta.get("seed")},
    }
    if frame["lokus_since"].notna().sum() == 0:
        result["reason"] = "no_lokus"
        write_json(result, context.results_dir / "impact.json")
        return result
    estimates = impact.estimate_outcomes(
        frame,
        outcomes,
        unit="village_code",
        time="year",
        first_treated="lokus_since",
        cluster="kecamatan_code",
        covariates=["share_desil1"],
        base_offset=IMPACT_BASE_OFFSET,
        seed=context.params.village_data.seed % (2**32),
    )
    result["estimated"] = True
    result["outcomes"] = {}
    for name, outcome in zip(IMPACT_OUTCOMES, outcomes, strict=True):
        summary = estimates[outcome].to_dict()
        summary.pop("group_time", None)
        result["outcomes"][name] = summary
    if meta.get("is_simulated"):
        effect = meta.get("effect", {})
        result["true_effect_desil1_pp"] = -effect.get("true_att_desil1_pp", 0.0)
    label = context.labels
    figure = impact.plot_event_study(
        estimates["share_desil1"],
        {
            "x": label("axis_event_time"),
            "y": label("axis_effect_pp"),
            "estimate": label("legend_estimate"),
            "reference": label("legend_reference"),
            "title": "",
        },
    )
    if result["is_simulated"]:
        figures.mark_simulated(figure)
    figures.save_figure(figure, context.figure("event_study"))
    write_json(result, context.results_dir / "impact.json")
    return result


def impact_table(result: dict):
    """Return the overall effect per outcome beside the TWFE benchmark, for display."""
    import pandas as pd

    rows = []
    for name, summary in result.get("outcomes", {}).items():
        overall, twfe = summary["overall"], summary["twfe"]
        rows.append(
            {
                "outcome": name,
                "effect_pp": overall["estimate"],
                "ci_low": overall["ci_low"],
                "ci_high": overall["ci_high"],
                "twfe_pp": twfe["estimate"],
                "pretrend": summary["pretrend"]["verdict"],
            }
        )
    return pd.DataFrame(rows)


def show_figure(context: Context, name: str):
    """Return a figure of this build for display in the notebook."""
    from IPython.display import Image

    return Image(filename=str(context.figure(name)))


def trend_table(summary: dict):
    """Return the yearly comparison table for display (missing years stay empty)."""
    import pandas as pd

    table = pd.DataFrame(summary["table"]).set_index("tahun")
    columns = [
        "p0_persen_regency",
        "p0_persen_province",
        "p0_persen_nation",
        "change_regency",
        "change_vs_province",
        "p1_regency",
        "p2_regency",
        "jumlah_miskin_ribu_regency",
        "covid",
    ]
    return table[columns]
