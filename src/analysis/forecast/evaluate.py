"""Print the honest rolling-origin evaluation of the forecast per province: ``make evaluate``.

Every forecast is fitted and calibrated with data up to its origin only (see
`analysis.forecast.evaluation`). For each province with enough evaluated years the script prints,
one year ahead, per model and target year and over all target years: MAE, the naive forecast's MAE
on the same forecasts, bias, the coverage of the 80 % and 95 % bands, the share of values below
the 80 % band, the bands' mean width and the interval scores; then the same per horizon up to
``--horizon``; then candidate combinations (how the default was chosen). Provinces with too few
evaluated forecasts are named with their counts, and every province is pooled at the end. A
last table gives one row per province (the combination one year ahead: forecasts, target years,
MAE against the naive forecast's, coverage of the 80 % and 95 % bands); ``--summary`` prints only
that table.

Usage: ``python -m analysis.forecast.evaluate [--province 33] [--horizon 3] [--summary]``.
"""

from __future__ import annotations

import argparse
import sys

import pandas as pd

from analysis.forecast.evaluation import MIN_PROVINCE_FORECASTS, MIN_PROVINCE_YEARS, summarize
from analysis.forecast.forecasting import TableEvaluations
from analysis.forecast.models import COMBINATION, COMBINED_MODELS, MODELS
from analysis.forecast.series import COVID_YEARS

# Combinations compared when choosing the default (`COMBINED_MODELS`): the previous default, the
# pooled model alone, and the pooled model with each other model.
CANDIDATES = (
    ("rw_drift", "llt", "pooled"),
    ("pooled",),
    ("rw_drift", "pooled"),
    ("pooled", "linear_trend"),
    ("naive", "pooled"),
    ("rw_drift", "llt", "pooled", "linear_trend"),
)
SHOWN = {
    "n_forecasts": "n",
    "n_regencies": "regencies",
    "mae_pp": "MAE",
    "mae_naive_pp": "MAE naive",
    "bias_pp": "bias",
    "coverage80": "cov80",
    "coverage95": "cov95",
    "below80": "below80",
    "width80_pp": "width80",
    "width95_pp": "width95",
    "interval_score80": "IS80",
    "interval_score95": "IS95",
}


def _readable(table: pd.DataFrame, by: str) -> pd.DataFrame:
    """The summary with short column names and "all" for the rows over every year/horizon."""
    out = table.copy()
    out[by] = out[by].map(lambda v: "all" if v is None else int(v))
    return out.set_index(["model", by])[list(SHOWN)].rename(columns=SHOWN).round(3)


def _candidates(table: TableEvaluations, province: str) -> pd.DataFrame:
    """The combination of each candidate member set, per target year and over all."""
    frames = []
    for members in CANDIDATES:
        rows = table.of(province, members)
        comb = summarize(rows[rows["model"].isin([COMBINATION, "naive"])], "target_year")
        comb = comb[comb["model"] == COMBINATION].assign(model="+".join(members))
        frames.append(comb)
    return _readable(pd.concat(frames, ignore_index=True), "target_year")


def _enough(rows: pd.DataFrame) -> tuple[int, int]:
    """(combination forecasts, target years) of a province's evaluation."""
    comb = rows[rows["model"] == COMBINATION]
    return len(comb), int(comb["target_year"].nunique())


def province_summary(bps: pd.DataFrame, rows_by_province: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """One row per province: the combination's honest evaluation one year ahead, over all years.

    Columns: province name, forecasts, target years, whether that is enough for a table of its
    own, MAE, the naive forecast's MAE on the same forecasts, bias, coverage of the 80 % and 95 %
    bands.
    """
    from analysis import data

    records = []
    for province, rows in rows_by_province.items():
        n_forecasts, n_years = _enough(rows)
        record = {
            "province": f"{data.region_name(bps, province)} ({province[:2]})",
            "n": n_forecasts,
            "years": n_years,
            "enough": n_forecasts >= MIN_PROVINCE_FORECASTS and n_years >= MIN_PROVINCE_YEARS,
        }
        if n_forecasts:
            table = summarize(rows, "target_year")
            overall = table[(table["model"] == COMBINATION) & table["target_year"].isna()]
            if len(overall):
                first = overall.iloc[0]
                for column in ("mae_pp", "mae_naive_pp", "bias_pp", "coverage80", "coverage95"):
                    record[SHOWN[column]] = round(float(first[column]), 3)
        records.append(record)
    return pd.DataFrame(records).set_index("province")


def report(
    bps: pd.DataFrame, provinces: list[str], horizon: int, out=sys.stdout, detail: bool = True
) -> None:
    """Print the evaluation of each province (and of all of them pooled) to ``out``."""
    from analysis import data

    covid = tuple(COVID_YEARS)
    one = TableEvaluations(bps, 1, covid)
    longer = TableEvaluations(bps, horizon, covid) if horizon > 1 else one
    pooled = []
    pd.set_option("display.width", 250)
    pd.set_option("display.max_rows", 500)
    print(
        f"Default combination: {', '.join(COMBINED_MODELS)}; models: {', '.join(MODELS)}.", file=out
    )
    print("Every forecast fitted and calibrated with data up to its origin only.\n", file=out)
    by_province = {}
    for province in provinces:
        name = data.region_name(bps, province)
        rows = one.of(province, COMBINED_MODELS)
        pooled.append(rows)
        by_province[province] = rows
        if not detail:
            continue
        n_forecasts, n_years = _enough(rows)
        if n_forecasts < MIN_PROVINCE_FORECASTS or n_years < MIN_PROVINCE_YEARS:
            print(
                f"== {name} ({province}): {n_forecasts} combination forecasts one year ahead in "
                f"{n_years} target year(s): too few for a table of its own (needs "
                f"{MIN_PROVINCE_FORECASTS} in {MIN_PROVINCE_YEARS} years).\n",
                file=out,
            )
            continue
        panel, series = one.inputs(province)
        print(
            f"== {name} ({province}): {panel.shape[1]} regencies; province series "
            f"{', '.join(str(y) for y in series.index)}",
            file=out,
        )
        print("\nOne year ahead, per model and target year:", file=out)
        print(_readable(summarize(rows, "target_year"), "target_year").to_string(), file=out)
        if horizon > 1:
            print(f"\nPer horizon (1 to {horizon} years ahead):", file=out)
            print(
                _readable(summarize(longer.of(province, COMBINED_MODELS), "h"), "h").to_string(),
                file=out,
            )
        print("\nCandidate combinations, one year ahead (the combination row of each):", file=out)
        print(_candidates(one, province).to_string(), file=out)
        print(file=out)
    if len(provinces) > 1 and detail:
        every = pd.concat(pooled, ignore_index=True)
        print(
            "== All provinces pooled, one year ahead (each forecast from its own province):",
            file=out,
        )
        print(_readable(summarize(every, "target_year"), "target_year").to_string(), file=out)
    print(
        "\n== Per province: the combination one year ahead over every target year (enough = "
        f"at least {MIN_PROVINCE_FORECASTS} forecasts in {MIN_PROVINCE_YEARS} years):",
        file=out,
    )
    print(province_summary(bps, by_province).to_string(), file=out)


def main(argv: list[str] | None = None) -> int:
    """Parse the options and print the evaluation."""
    from analysis import data

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--province", help="two-digit province code such as 33 (default: all)")
    parser.add_argument("--horizon", type=int, default=3, help="largest horizon (default 3)")
    parser.add_argument(
        "--summary", action="store_true", help="only the table of one row per province"
    )
    arguments = parser.parse_args(argv)
    bps = data.load_bps()
    table = TableEvaluations(bps, 1, tuple(COVID_YEARS))
    provinces = table.provinces
    if arguments.province:
        code = arguments.province[:2] + "00"
        if code not in provinces:
            known = ", ".join(p[:2] for p in provinces)
            parser.error(f"province {arguments.province}: expected one of {known}")
        provinces = [code]
    report(bps, provinces, max(1, arguments.horizon), detail=not arguments.summary)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
