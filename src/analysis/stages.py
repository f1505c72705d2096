"""Glue between notebooks and the stage modules: load inputs, run a stage, write its outputs.

Each ``run_<stage>`` call is what one notebook cell does: it computes the stage's results with the
pure functions of the stage module, writes ``results/<stage>.json`` and the stage's figures into
the build folder, and returns the results for display.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from analysis import data, figures, trend
from analysis.pipeline import Context


def write_json(payload: dict, path: Path) -> Path:
    """Write JSON deterministically (sorted keys, fixed indentation) and atomically."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".json.tmp")
    with os.fdopen(handle, "w", encoding="utf-8") as stream:
        json.dump(payload, stream, ensure_ascii=False, indent=1, sort_keys=True, allow_nan=False)
        stream.write("\n")
    os.replace(temporary, path)
    return path


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
    p0_labels = {"regency": params.name, "province": params.province_name,
                 "nation": label("legend_nation"), "covid": label("covid"), "y": label("axis_p0")}
    figures.save_figure(trend.plot_p0(summary, p0_labels), context.figure("trend_p0"))
    since = summary["province_pace_from"]
    quadrant_labels = {"regency_short": short,
                       "x": label("axis_pace", since=since, year=summary["rank_year"]),
                       "y": label("axis_level", year=summary["rank_year"])}
    figures.save_figure(trend.plot_quadrant(summary, quadrant_labels), context.figure("quadrant"))
    depth_labels = {"regency": params.name, "province": params.province_name,
                    **{key: label(key) for key in ("p1", "p2", "jumlah_miskin_ribu")}}
    figures.save_figure(trend.plot_depth(summary, depth_labels), context.figure("trend_depth"))
    summary["bps_notes"] = bps.attrs.get("notes", [])
    write_json(summary, context.results_dir / "trend.json")
    return summary


def show_figure(context: Context, name: str):
    """Return a figure of this build for display in the notebook."""
    from IPython.display import Image

    return Image(filename=str(context.figure(name)))


def trend_table(summary: dict):
    """Return the yearly comparison table for display (missing years stay empty)."""
    import pandas as pd

    table = pd.DataFrame(summary["table"]).set_index("tahun")
    columns = ["p0_persen_regency", "p0_persen_province", "p0_persen_nation", "change_regency",
               "change_vs_province", "p1_regency", "p2_regency", "jumlah_miskin_ribu_regency",
               "covid"]
    return table[columns]
