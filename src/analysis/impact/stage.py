"""The impact stage as a notebook runs it, step by step, on the regency's village panel.

Steps (one notebook cell each): load the village panel (`analysis.villages.load_panel`), add the
outcome shares and each village's first lokus year (`outcome_panel`), choose the comparison
(`Settings`), estimate every outcome (`estimate`, shown with `effects_table`), draw the event
study (`draw_event_study`) and save ``results/impact.json`` (`save`). `run` does all of them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis import figures, results, villages
from analysis.build import Context
from analysis.impact.estimator import estimate_outcomes
from analysis.impact.figures import plot_event_time
from analysis.params import INDICATORS
from analysis.results.impact import ImpactResults

IMPACT_OUTCOMES = ("desil1", *INDICATORS)
MAIN_OUTCOME = "desil1"  # the outcome of the event-study figure and the brief's headline
# Base period g-1 (pre-periods against the year before, the did package's "varying" base),
# adjusted for each village's desil-1 share in the first panel year: poorer villages move more in
# percentage points for the same regency-wide change, so comparisons are made among villages of
# similar initial poverty. That year (2019) is used for the covariate only and kept out of every
# comparison: as a pre-period it made the pre-trend test fire on half of the placebo panels.
# Checked on the generator by analysis.impact.montecarlo (tests/test_impact_montecarlo.py).
IMPACT_BASE_OFFSET = 1
IMPACT_BASE_PERIOD = "varying"
IMPACT_COVARIATES = ("share_desil1",)
IMPACT_CONTROL = "not_yet_treated"


@dataclass(frozen=True)
class Settings:
    """The comparison a researcher may change.

    Attributes
    ----------
    control : {"not_yet_treated", "never_treated"}
        Villages compared with each cohort: those not (yet) priority by then, or only those never
        priority.
    base_offset : int
        The base period of a cohort first priority in year g is g - base_offset; 2 keeps a bad
        year just before selection out of the comparison.
    base_period : {"varying", "universal"}
        Pre-treatment years against the year before (varying, the did package's default) or
        against g - base_offset (universal).
    covariates : tuple of str
        Columns whose first-year values adjust the comparison (empty: none); the first year is
        then used for them only and left out of every comparison.
    """

    control: str = IMPACT_CONTROL
    base_offset: int = IMPACT_BASE_OFFSET
    base_period: str = IMPACT_BASE_PERIOD
    covariates: tuple[str, ...] = IMPACT_COVARIATES


def outcome_panel(panel: pd.DataFrame) -> pd.DataFrame:
    """Add outcome shares (percent of families) and the first lokus year to a village panel.

    Parameters
    ----------
    panel : pandas.DataFrame
        A village panel (`analysis.villages.load_panel`). ``lokus_since`` is kept when present
        (the generator's); otherwise it is the first year the ``lokus`` flag is set.

    Returns
    -------
    pandas.DataFrame
        The panel with ``share_desil1``, ``share_<indicator>`` and ``lokus_since`` (float, NaN
        for villages never priority).
    """
    # Read from a view without the attrs: pandas deep-copies them on every column access.
    source = pd.DataFrame(panel, copy=False)
    families = source["families"].where(source["families"] > 0)
    added = {"share_desil1": source["families_desil1"] / families * 100}
    for name in IMPACT_OUTCOMES[1:]:
        added[f"share_{name}"] = source[name] / families * 100
    if "lokus_since" in source:
        since = source["lokus_since"]
    else:
        is_lokus = source["lokus"].astype("string").str.lower().isin(["yes", "ya", "1", "true"])
        first = source[is_lokus].groupby("village_code")["year"].min()
        since = source["village_code"].map(first).astype("float64")
    added["lokus_since"] = since.astype("float64").fillna(np.nan)
    frame = panel.copy()
    frame[list(added)] = pd.DataFrame(added, index=frame.index)
    return frame


def design_arguments(settings: Settings) -> dict:
    """The panel's columns and the design settings, as every estimate of this stage passes them
    (the stage and its Monte Carlo check estimate the same design)."""
    return {
        "unit": "village_code",
        "time": "year",
        "first_treated": "lokus_since",
        "cluster": "kecamatan_code",
        "covariates": list(settings.covariates),
        "control": settings.control,
        "base_offset": settings.base_offset,
        "base_period": settings.base_period,
    }


def estimate(
    context: Context, frame: pd.DataFrame, meta: dict, settings: Settings | None = None
) -> ImpactResults:
    """Estimate the effect of lokus status on every outcome share.

    Parameters
    ----------
    context : analysis.build.Context
        The build context (its village seed seeds the bootstrap).
    frame : pandas.DataFrame
        Output of `outcome_panel`.
    meta : dict
        The panel's description (`analysis.villages.load_panel`).
    settings : Settings, optional
        Control group, base offset and covariates; default `Settings()`.

    Returns
    -------
    ImpactResults
        ``estimated`` is False (``reason`` "no_lokus") when no village is ever priority.
    """
    settings = settings or Settings()
    simulated = bool(meta.get("is_simulated"))
    common = {
        "is_simulated": simulated,
        "base_offset": settings.base_offset,
        "village_meta": {"source_name": meta.get("source_name"), "seed": meta.get("seed")},
        "outcome_order": list(IMPACT_OUTCOMES),
    }
    if frame["lokus_since"].notna().sum() == 0:
        return ImpactResults(**common, estimated=False, reason="no_lokus")
    columns = [f"share_{name}" for name in IMPACT_OUTCOMES]
    estimates = estimate_outcomes(
        frame,
        columns,
        **design_arguments(settings),
        seed=context.params.village_data.seed % (2**32),
    )
    outcomes = {}
    for name, column in zip(IMPACT_OUTCOMES, columns, strict=True):
        summary = estimates[column].to_dict()
        summary.pop("group_time", None)
        outcomes[name] = summary
    truth = None
    if simulated:
        truth = -meta.get("effect", {}).get("true_att_desil1_pp", 0.0)
    return ImpactResults(**common, estimated=True, outcomes=outcomes, true_effect_desil1_pp=truth)


def effects_table(result: ImpactResults) -> pd.DataFrame:
    """Overall effect per outcome (percentage points) with its interval, TWFE and pre-trends."""
    rows = []
    for name in result.outcome_order if result.estimated else []:
        summary = result.outcomes[name]
        overall = summary.overall
        rows.append(
            {
                "outcome": name,
                "effect_pp": overall.estimate,
                "ci_low": overall.ci_low,
                "ci_high": overall.ci_high,
                "twfe_pp": summary.twfe.estimate,
                "pretrend": summary.pretrend.verdict,
            }
        )
    return pd.DataFrame(rows)


def event_time_table(result: ImpactResults, outcome: str = MAIN_OUTCOME) -> pd.DataFrame:
    """The event-time estimates of one outcome as a table (missing values as NaN)."""
    rows = [row.model_dump() for row in result.outcomes[outcome].by_event_time]
    table = pd.DataFrame(rows)
    numeric = ["estimate", "se", "ci_low", "ci_high", "p_value"]
    table[numeric] = table[numeric].astype(float)
    return table


def draw_event_study(context: Context, result: ImpactResults):
    """Draw and save ``figures/event_study.png`` for desil 1 (SIMULASI stamp on simulated data).

    Returns
    -------
    matplotlib.figure.Figure or None
        The figure (shown by a notebook cell), or None when nothing was estimated.
    """
    if not result.estimated:
        return None
    label = context.labels
    figure = plot_event_time(
        event_time_table(result),
        result.outcomes[MAIN_OUTCOME].inference.ci_level,
        {
            "x": label("axis_event_time"),
            "y": label("axis_effect_pp"),
            "estimate": label("legend_estimate"),
            "reference": label("legend_reference"),
            "title": "",
        },
    )
    if result.is_simulated:
        figures.mark_simulated(figure)
    return figures.save_figure(figure, context.figure("event_study"))


def recap(result: ImpactResults) -> dict:
    """The pre-trend statement and the estimator's notes for desil 1 (or why nothing ran)."""
    if not result.estimated:
        return {"reason": result.reason}
    main = result.outcomes[MAIN_OUTCOME]
    return {"pretrend": main.pretrend.statement, "notes": list(main.notes)}


def save(context: Context, result: ImpactResults) -> ImpactResults:
    """Write ``results/impact.json`` atomically and return the result."""
    return results.save(context, result)


def run(context: Context, settings: Settings | None = None) -> ImpactResults:
    """Run every step of the stage (as the notebook does) and return the saved result."""
    panel, meta = villages.load_panel(context)
    result = estimate(context, outcome_panel(panel), meta, settings)
    draw_figures(context, result)
    return save(context, result)


# Every figure of the impact stage; the brief places it.
FIGURES = (draw_event_study,)


def draw_figures(context, result):
    """Draw, save and show every impact figure (`FIGURES`)."""
    from analysis import figures

    return figures.draw_all(FIGURES, context, result)
