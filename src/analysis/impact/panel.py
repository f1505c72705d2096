"""Input checks of the impact estimator: settings, the long panel and each outcome's matrix.

Every error names the column, the unit and the period of the first offending row (never a whole
row), so a user can find it in their spreadsheet.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.errors import InputError
from analysis.labels import Local, both, text
from analysis.yamlread import shown

CONTROL_GROUPS = ("not_yet_treated", "never_treated")
INFERENCE_METHODS = ("auto", "wild_bootstrap", "analytic")
BOOTSTRAP_WEIGHTS = ("auto", "rademacher", "webb")
BASE_PERIODS = ("varying", "universal")
MAX_EXAMPLES = 3


@dataclass(frozen=True)
class EstimatorOptions:
    """The estimator's options (see `analysis.impact.estimate_impact`), checked once."""

    control: str
    inference: str
    n_boot: int
    weights: str
    alpha: float
    seed: int
    base_offset: int = 1
    base_period: str = "varying"

    @classmethod
    def check(
        cls, control, inference, n_boot, weights, alpha, seed, base_offset=1, base_period="varying"
    ) -> EstimatorOptions:
        """Return the options, or raise InputError naming the first invalid one."""
        for name, value, choices in (
            ("control", control, CONTROL_GROUPS),
            ("inference", inference, INFERENCE_METHODS),
            ("weights", weights, BOOTSTRAP_WEIGHTS),
        ):
            if value not in choices:
                raise InputError(choice_message(name, value, choices))
        if not isinstance(n_boot, (int, np.integer)) or n_boot < 99:
            raise InputError(bilingual("errs_imp_n_boot", value=shown(n_boot)))
        if not 0 < alpha < 0.5:
            raise InputError(bilingual("errs_imp_alpha", value=shown(alpha)))
        if not isinstance(base_offset, (int, np.integer)) or base_offset < 1:
            raise InputError(bilingual("errs_imp_base_offset", value=shown(base_offset)))
        if base_period not in BASE_PERIODS:
            raise InputError(choice_message("base_period", base_period, BASE_PERIODS))
        return cls(
            control,
            inference,
            int(n_boot),
            weights,
            float(alpha),
            int(seed),
            int(base_offset),
            base_period,
        )


# The catalogue message in Indonesian, then "(en) " and English; a `localised` field (a column's
# role, a hint) is said in the language of its line.
bilingual = both
localised = Local


def choice_message(name: str, value, choices) -> str:
    """The message for an option ``name`` whose ``value`` is not one of ``choices``."""
    return bilingual("errs_imp_choice", name=name, choices=choices, value=shown(value))


def _role(role: str):
    return localised(f"errs_imp_role_{role}")


def require_columns(panel, columns, role):
    """Raise InputError naming the first of ``columns`` missing from ``panel`` (a DataFrame)."""
    if not isinstance(panel, pd.DataFrame):  # a programming error, not a user's input
        raise TypeError(f"panel must be a pandas DataFrame; got {type(panel).__name__}")
    missing = [c for c in columns if c not in panel.columns]
    if missing:
        raise InputError(
            bilingual(
                "errs_imp_missing_column",
                role=_role(role),
                column=missing[0],
                available=shown(list(map(str, panel.columns))),
            )
        )


def _where(panel, unit, time, mask) -> str:
    rows = panel.loc[mask].head(MAX_EXAMPLES)
    return "; ".join(
        f"{unit}={_show(u)}, {time}={_show(t)}" for u, t in zip(rows[unit], rows[time], strict=True)
    )


def _numeric(panel, column, unit, time, role) -> pd.Series:
    """Return ``panel[column]`` as float, or raise naming the first non-numeric value."""
    values = panel[column]
    if pd.api.types.is_bool_dtype(values):
        return values.astype(float)
    if not pd.api.types.is_numeric_dtype(values):
        converted = pd.to_numeric(values, errors="coerce")
        bad = values.notna() & converted.isna()
        if bad.any():
            row = panel.loc[bad].iloc[0]
            raise InputError(
                bilingual(
                    "errs_imp_not_numeric",
                    role=_role(role),
                    column=column,
                    value=_show(row[column]),
                    unit=unit,
                    unit_value=_show(row[unit]),
                    time=time,
                    time_value=_show(row[time]),
                    hint=localised("errs_imp_hint_never") if role == "first_treated" else "",
                )
            )
        values = converted
    values = values.astype(float)
    infinite = np.isinf(values.to_numpy())
    if infinite.any() and role != "first_treated":
        raise InputError(
            bilingual(
                "errs_imp_infinite",
                role=_role(role),
                column=column,
                where=_where(panel, unit, time, infinite),
            )
        )
    return values


@dataclass
class PanelStructure:
    """Validated unit-level facts shared by every outcome of a panel."""

    unit: str
    time: str
    first_treated: str
    cluster_name: str
    units: pd.Index
    periods: np.ndarray
    cohort_value: np.ndarray  # first treated period per unit, inf for never
    cluster_code: np.ndarray
    n_clusters: int
    covariates: list[str]
    x: np.ndarray  # (units, 1 + covariates), intercept first
    covariate_period: float  # the panel's first period, where covariates are measured
    # Each panel row's unit and period as positions in `units` and `periods`: every outcome's
    # units x periods matrix is scattered from them (rows are unique by unit and period).
    row_unit: np.ndarray
    row_period: np.ndarray

    @classmethod
    def build(cls, panel, unit, time, first_treated, cluster, covariates) -> PanelStructure:
        """Validate ``panel`` (see `analysis.impact.estimate_impact`) and return its structure."""
        covariates = list(covariates or [])
        times, periods = _check_panel(panel, unit, time, first_treated, cluster, covariates)
        units, cohort_value = _cohort_by_unit(panel, first_treated, unit, time, times, periods)
        cluster_name, cluster_code = _cluster_codes(panel, cluster, unit, time, units)
        n_clusters = int(cluster_code.max()) + 1
        if n_clusters < 2:
            raise InputError(bilingual("errs_imp_one_cluster", column=cluster_name))
        x = _covariate_matrix(panel, covariates, unit, time, times, units)
        return cls(
            unit,
            time,
            first_treated,
            cluster_name,
            units,
            periods,
            cohort_value,
            cluster_code,
            n_clusters,
            covariates,
            x,
            float(periods[0]),
            units.get_indexer(panel[unit]),
            np.searchsorted(periods, times.to_numpy()),
        )

    def outcome_matrix(self, panel, outcome):
        """Return (values units x periods, kept units mask, periods, notes) for one outcome of
        the panel the structure was built from (NaN where a unit has no row for a period)."""
        column = panel[outcome]
        values = _numeric(panel, outcome, self.unit, self.time, "outcome")
        text = not (pd.api.types.is_numeric_dtype(column) or pd.api.types.is_bool_dtype(column))
        wide = np.full((len(self.units), len(self.periods)), np.nan)
        wide[self.row_unit, self.row_period] = values.to_numpy(dtype=float)
        notes = [f"Outcome '{outcome}' was stored as text and read as numbers."] if text else []
        empty = np.isnan(wide).all(axis=0)
        if empty.any():
            notes.append(
                f"Periods without any value of '{outcome}' were left out: "
                f"{[period_label(p) for p in self.periods[empty]]}."
            )
        periods = self.periods[~empty]
        wide = wide[:, ~empty]
        if len(periods) < 2:
            raise InputError(bilingual("errs_imp_outcome_periods", column=outcome))
        incomplete = np.isnan(wide).any(axis=1)
        if incomplete.all():
            raise InputError(
                bilingual(
                    "errs_imp_unbalanced",
                    column=outcome,
                    periods=shown([period_label(p) for p in periods]),
                )
            )
        if incomplete.any():
            examples = [str(u) for u in self.units[incomplete][:MAX_EXAMPLES]]
            notes.append(
                f"{int(incomplete.sum())} unit(s) without '{outcome}' in every period were left "
                f"out (balanced panel needed), e.g. {examples}."
            )
        return wide, ~incomplete, periods, notes


def _check_panel(panel, unit, time, first_treated, cluster, covariates):
    """Check columns, units, periods and duplicates; return the periods as float and sorted."""
    require_columns(panel, [unit, time, first_treated], "required")
    if cluster is not None:
        require_columns(panel, [cluster], "cluster")
    require_columns(panel, covariates, "covariate")
    if panel.empty:
        raise InputError(bilingual("errs_imp_no_rows"))
    if panel[unit].isna().any():
        rows = panel.index[panel[unit].isna()][:MAX_EXAMPLES].tolist()
        raise InputError(bilingual("errs_imp_unit_missing", column=unit, rows=shown(rows)))
    times = _numeric(panel, time, unit, time, "time")
    if times.isna().any():
        raise InputError(
            bilingual(
                "errs_imp_time_missing", column=time, where=_where(panel, unit, time, times.isna())
            )
        )
    duplicated = panel.duplicated([unit, time], keep=False).to_numpy()
    if duplicated.any():
        raise InputError(
            bilingual(
                "errs_imp_duplicates",
                n=int(duplicated.sum()),
                where=_where(panel, unit, time, duplicated),
                unit=unit,
                time=time,
            )
        )
    periods = np.sort(times.unique())
    if len(periods) < 2:
        raise InputError(bilingual("errs_imp_one_period", column=time))
    return times, periods


def _cohort_by_unit(panel, first_treated, unit, time, times, periods):
    """Return the sorted units and each one's first treated period (inf for never)."""
    ft = _first_treated_column(panel, first_treated, unit, time, periods)
    frame = pd.DataFrame({"u": panel[unit].to_numpy(), "t": times.to_numpy(), "g": ft})
    by_unit = frame.groupby("u", sort=True)
    low, high = by_unit["g"].min(), by_unit["g"].max()
    varying = low.index[low.to_numpy() != high.to_numpy()]
    if len(varying):
        u = varying[0]
        rows = frame.loc[frame["u"] == u].sort_values("t")

        def seen(lang):
            never = text("errs_imp_never", lang)
            return ", ".join(
                f"{t:g}: {never if np.isinf(g) else f'{g:g}'}"
                for t, g in zip(rows["t"].head(8), rows["g"].head(8), strict=True)
            )

        raise InputError(
            bilingual(
                "errs_imp_cohort_varies",
                column=first_treated,
                unit=unit,
                unit_value=_show(u),
                seen={lang: seen(lang) for lang in ("id", "en")},
                n=len(varying),
            )
        )
    return low.index, low.to_numpy(dtype=float)


def _cluster_codes(panel, cluster, unit, time, units):
    """Return the cluster's name and a code per unit (each unit its own cluster without one)."""
    if cluster is None:
        return unit, np.arange(len(units))
    labels = panel[cluster]
    if labels.isna().any():
        raise InputError(
            bilingual(
                "errs_imp_cluster_missing",
                column=cluster,
                where=_where(panel, unit, time, labels.isna().to_numpy()),
            )
        )
    counts = pd.DataFrame({"u": panel[unit], "c": labels}).groupby("u")["c"].nunique()
    if (counts > 1).any():
        u = counts.index[counts > 1][0]
        found = sorted(map(str, labels[panel[unit] == u].unique()))
        raise InputError(
            bilingual(
                "errs_imp_cluster_varies",
                column=cluster,
                unit=unit,
                unit_value=_show(u),
                found=shown(found),
            )
        )
    per_unit = pd.Series(labels.to_numpy(), index=panel[unit].to_numpy())
    per_unit = per_unit[~per_unit.index.duplicated()].reindex(units)
    return cluster, pd.factorize(per_unit, sort=True)[0]


def _covariate_matrix(panel, covariates, unit, time, times, units) -> np.ndarray:
    """Return the intercept and each unit's covariate values in the panel's first period."""
    x = np.ones((len(units), 1 + len(covariates)))
    if covariates:
        first_rows = panel.loc[times.groupby(panel[unit].to_numpy()).idxmin().reindex(units)]
        late = times.loc[first_rows.index].to_numpy() > times.min()
        if late.any():
            raise InputError(
                bilingual(
                    "errs_imp_covariates_late",
                    period=_show(times.min()),
                    where=_where(first_rows, unit, time, late),
                )
            )
        for j, name in enumerate(covariates, start=1):
            values = _numeric(first_rows, name, unit, time, "covariate")
            if values.isna().any():
                raise InputError(
                    bilingual(
                        "errs_imp_covariate_missing",
                        column=name,
                        where=_where(first_rows, unit, time, values.isna().to_numpy()),
                    )
                )
            x[:, j] = values.to_numpy()
    return x


def _first_treated_column(panel, column, unit, time, periods) -> np.ndarray:
    """Return the first treated period as float with never treated coded as inf."""
    raw = panel[column]
    if raw.dtype == object:
        raw = raw.where(raw.notna(), np.nan)
    values = _numeric(panel.assign(**{column: raw}), column, unit, time, "first_treated")
    out = values.to_numpy(dtype=float).copy()
    zero = out == 0
    if zero.any() and periods.min() <= 0:
        raise InputError(
            bilingual("errs_imp_zero_never", column=column, period=period_label(periods.min()))
        )
    negative = out < 0
    if negative.any():
        raise InputError(
            bilingual("errs_imp_negative", column=column, where=_where(panel, unit, time, negative))
        )
    out[np.isnan(out) | zero] = np.inf
    inside = np.isfinite(out) & (out > periods.min()) & (out <= periods.max())
    off_grid = inside & ~np.isin(out, periods)
    if off_grid.any():
        row = panel.loc[off_grid].iloc[0]
        raise InputError(
            bilingual(
                "errs_imp_off_grid",
                column=column,
                value=_show(row[column]),
                unit=unit,
                unit_value=_show(row[unit]),
                periods=shown([period_label(p) for p in periods]),
            )
        )
    return out


def _show(value) -> str:
    """Return a data value for an error message: numpy scalars as Python, 2022.0 as 2022; cut
    and masked (`analysis.yamlread.shown`), so a long cell or an identity number is never shown
    whole."""
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return shown(value)


def period_label(value):
    """Return a period as int when it is whole (2022.0 -> 2022) for messages and tables."""
    value = float(value)
    return int(value) if value.is_integer() else value


def first_treated_from_indicator(
    panel: pd.DataFrame, unit: str, time: str, treatment: str
) -> pd.Series:
    """Return each row's first treated period from a 0/1 treatment indicator.

    Parameters
    ----------
    panel : pandas.DataFrame
        Long panel.
    unit, time : str
        Unit and period columns.
    treatment : str
        Column with 1 in treated unit-periods and 0 otherwise. Treatment must not switch off.

    Returns
    -------
    pandas.Series
        Aligned with ``panel`` (same index), NaN for units never treated; assign it as the
        ``first_treated`` column.

    Raises
    ------
    InputError
        If the indicator is not 0/1 or goes from 1 back to 0 within a unit.
    """
    require_columns(panel, [unit, time, treatment], "column")
    flag = pd.to_numeric(panel[treatment], errors="coerce")
    bad = ~flag.isin([0, 1])
    if bad.any():
        row = panel.loc[bad].iloc[0]
        raise InputError(
            bilingual(
                "errs_imp_not_binary",
                column=treatment,
                value=_show(row[treatment]),
                unit=unit,
                unit_value=_show(row[unit]),
                time=time,
                time_value=_show(row[time]),
            )
        )
    frame = pd.DataFrame({"u": panel[unit], "t": panel[time], "d": flag.astype(int)})
    frame = frame.sort_values(["u", "t"], kind="stable")
    # Treatment switches off where the indicator drops below the running maximum of the unit.
    running = frame.groupby("u", sort=False)["d"].cummax()
    off = frame["d"] < running
    if off.any():
        first = frame.loc[off].iloc[0]
        raise InputError(
            bilingual(
                "errs_imp_switches_off",
                column=treatment,
                unit=unit,
                unit_value=_show(first["u"]),
                time=time,
                time_value=_show(first["t"]),
            )
        )
    start = frame.loc[frame["d"] == 1].groupby("u", sort=False)["t"].min()
    return pd.Series(
        panel[unit].map(start).astype(float).to_numpy(), index=panel.index, name="first_treated"
    )
