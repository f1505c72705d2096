"""Validate a regency's parameters once, strictly, before any work.

Parameters come from ``params/<regency>.yml``; a regency without a file gets defaults generated
from the data (its latest P0 year, its stated target if ``target_resmi.csv`` has one), so any
regency with BPS figures builds. The model rejects unknown keys and the YAML loader rejects
duplicate keys, because a silently ignored or overwritten key puts a wrong number in a brief. For
the same reason numbers are strict: ``yes`` is not a seed, ``"2025"`` (text) is not a year and
``.nan`` is not a weight. Every error becomes an `InputError` naming the file, the field, the value
and what is expected.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictFloat,
    StrictInt,
    ValidationError,
    field_validator,
    model_validator,
)

from analysis import paramerrors, paths, regencies
from analysis.errors import InputError
from analysis.indicators import INDICATORS as INDICATORS  # re-exported: params.INDICATORS
from analysis.yamlread import MAX_PARAMS_BYTES as MAX_PARAMS_BYTES
from analysis.yamlread import read_yaml as read_yaml
from analysis.yamlread import shown as _shown

# Only the ratios of the weights matter; a bound keeps sums finite (1e308 + 1e308 overflows to inf,
# which silently changed the priority list).
MAX_WEIGHT = 1000.0
# The meeting is not before the latest data year (a year's P0 is published in that year) and not
# more than a year after today: 1970-01-01 (from ``meeting_date: 0``) or 2999 is a typo, not a
# date. The upper bound grows with the clock, so a params file once valid stays valid.
MEETING_YEARS_AHEAD = 1


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class Target(_Strict):
    """A stated P0 target for one year: a point (low == high) or a range, with its source."""

    year: StrictInt = Field(ge=2000, le=2100, description="Year the target refers to")
    low: StrictFloat = Field(ge=0, le=100, description="Lower end of the target, percent")
    high: StrictFloat = Field(ge=0, le=100, description="Upper end of the target, percent")
    kind: str = Field(min_length=1, description="What the statement is (RPJMD, regent, ...)")
    source: str = Field(min_length=1, description="Where it was stated (URL or document)")

    @model_validator(mode="after")
    def _ordered(self):
        if self.low > self.high:
            raise paramerrors.fail("errd_pf_target_order", low=str(self.low), high=str(self.high))
        return self


class VillageData(_Strict):
    """Where the village panel comes from: the SIMULASI generator, the user's own village export
    (``file``) or the regency's household register (``register``, `analysis.register`)."""

    source: Literal["simulasi", "file", "register"] = "simulasi"
    path: str | None = Field(default=None, description="CSV or XLSX following the schema")
    seed: StrictInt = Field(default=20251127, ge=0, description="Seed of the generator")
    lokus_count: StrictInt | None = Field(
        default=None, ge=1, description="Priority villages to select"
    )
    boundaries: str | None = Field(
        default=None, description="GeoJSON of village boundaries, for spatial clustering"
    )
    # source: register (analysis.register): the household export's layout and its options.
    layout: str | None = Field(default=None, description="Register layout preset or .yml file")
    year: StrictInt | None = Field(default=None, ge=2000, le=2100, description="Register year")
    intervention_path: str | None = Field(default=None, description="Intervention table")
    small_cell_threshold: StrictInt = Field(default=3, ge=1, le=100, description="Min count")

    @model_validator(mode="after")
    def _register_fields(self):
        given = [f for f in ("layout", "year", "intervention_path") if getattr(self, f)]
        if self.source != "register" and given:
            raise paramerrors.fail("errd_pf_register_only", name=given[0])
        if self.source == "register" and not self.path:
            raise paramerrors.fail("errd_pf_register_path")
        return self

    def __repr_args__(self):
        # Shown in every notebook (``context.params``): a user's file is named by its kind only,
        # because its name may name a person (outputs name it by its hash, `analysis.provenance`).
        for name, value in super().__repr_args__():
            yield name, ("<user file>" if name in ("path", "boundaries") and value else value)

    @model_validator(mode="after")
    def _path_when_file(self):
        if self.source == "file" and not self.path:
            raise paramerrors.fail("errd_pf_file_path")
        if self.source == "simulasi" and self.path:
            # The path is not shown: a user's file name may name a person.
            raise paramerrors.fail("errd_pf_simulasi_path")
        return self


FORECAST_MODELS = (
    "naive",
    "rw_drift",
    "llt",
    "pooled",
    "linear_trend",
)  # = forecast.MODELS (tested)


class ForecastSettings(_Strict):
    """Which forecast models the combination averages (names of `analysis.forecast.MODELS`)."""

    models: list[Literal["naive", "rw_drift", "llt", "pooled", "linear_trend"]] = Field(
        # The default is the combination the honest evaluation chose (analysis.forecast).
        default_factory=lambda: ["pooled"],
        description="Models averaged with equal weights on the logit scale",
    )

    @field_validator("models")
    @classmethod
    def _distinct(cls, models):
        if not models:
            raise paramerrors.fail("errd_pv_models_empty", models=", ".join(FORECAST_MODELS))
        repeated = sorted({name for name in models if models.count(name) > 1})
        if repeated:
            raise paramerrors.fail("errd_pv_models_twice", model=repeated[0])
        return models


class Params(_Strict):
    """Everything a regency's brief depends on besides data and code."""

    regency: str = Field(pattern=regencies.SLUG_PATTERN.pattern)
    kode_bps: str = Field(pattern=r"^[0-9]{4}$")
    name: str = Field(min_length=3, max_length=100, pattern=r"^[^\x00-\x1f\x7f]*$")
    province_code: str = Field(pattern=r"^[0-9]{2}00$")
    province_name: str = Field(min_length=3, max_length=100, pattern=r"^[^\x00-\x1f\x7f]*$")
    latest_data_year: StrictInt = Field(ge=2000, le=2100)
    target_year: StrictInt = Field(default=2026, ge=2000, le=2100)
    target: Target | None = None
    target_note: str | None = None
    meeting_date: dt.date
    language: Literal["id", "en"] = "id"
    village_data: VillageData = VillageData()
    forecast: ForecastSettings | None = None
    deprivation_weights: dict[str, StrictFloat] = Field(
        default_factory=lambda: dict.fromkeys(INDICATORS, 1.0)
    )

    @field_validator("deprivation_weights")
    @classmethod
    def _weights(cls, weights):
        unknown = sorted(set(weights) - set(INDICATORS))
        missing = sorted(set(INDICATORS) - set(weights))
        if unknown or missing:
            raise paramerrors.fail(
                "errd_pv_weights_keys",
                keys=", ".join(INDICATORS),
                # Unknown keys are the user's text: shortened and masked like any value.
                unknown=paramerrors.part(
                    "errd_pv_weights_unknown", names=paramerrors.names(unknown)
                )
                if unknown
                else "",
                missing=paramerrors.part("errd_pv_weights_missing", names=", ".join(missing))
                if missing
                else "",
            )
        negative = sorted(key for key, value in weights.items() if value < 0)
        if negative:
            name = negative[0]
            raise paramerrors.fail("errd_pv_weight_negative", name=name, value=f"{weights[name]:g}")
        large = sorted(key for key, value in weights.items() if value > MAX_WEIGHT)
        if large:
            name = large[0]
            raise paramerrors.fail(
                "errd_pv_weight_large", name=name, value=f"{weights[name]:g}", max=f"{MAX_WEIGHT:g}"
            )
        if sum(weights.values()) <= 0:
            raise paramerrors.fail("errd_pv_weights_zero")
        return weights

    @field_validator("meeting_date", mode="before")
    @classmethod
    def _date_written_as_date(cls, value):
        # A number is no date (pydantic would read 0 as 1970-01-01), a date with a time is not
        # "a date with zero time" to a user, and text must be YYYY-MM-DD.
        shown = _shown(value)
        if isinstance(value, dt.datetime):
            raise paramerrors.fail("errd_pf_date_time", value=shown)
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str):
            written = value.strip()
            try:
                day = dt.datetime.fromisoformat(written)
            except ValueError:
                raise paramerrors.fail("errd_pf_date_text", value=shown) from None
            if len(written) > 10:
                raise paramerrors.fail("errd_pf_date_time", value=shown)
            return day.date()
        if isinstance(value, (int, float)):
            raise paramerrors.fail("errd_pf_date_number", value=shown)
        raise paramerrors.fail("errd_pf_date_type", value=shown, type=type(value).__name__)

    @model_validator(mode="after")
    def _years(self):
        if self.province_code[:2] != self.kode_bps[:2]:
            raise paramerrors.fail(
                "errd_pf_province",
                value=repr(self.province_code),
                code=self.kode_bps,
                expected=f"{self.kode_bps[:2]}00",
            )
        if self.target_year <= self.latest_data_year:
            raise paramerrors.fail(
                "errd_pf_target_year", target=self.target_year, latest=self.latest_data_year
            )
        if self.target is not None and self.target.year != self.target_year:
            raise paramerrors.fail(
                "errd_pf_target_year_differs", year=self.target.year, target=self.target_year
            )
        first, last = self.latest_data_year, dt.date.today().year + MEETING_YEARS_AHEAD
        if not first <= self.meeting_date.year <= last:
            raise paramerrors.fail(
                "errd_pf_meeting_range", value=self.meeting_date.isoformat(), first=first, last=last
            )
        if self.target is None and not self.target_note:
            raise paramerrors.fail("errd_pf_target_note")
        return self


def newest_p0_year(bps) -> int:
    """The newest year with a P0 figure for any region in the BPS table."""
    return int(bps.loc[bps["indikator"] == "p0_persen", "tahun"].max())


def default_params(regency: regencies.Regency, bps=None, targets=None) -> dict:
    """Return parameters for a regency without a params file, derived from the data."""
    from analysis import data

    bps = data.load_bps() if bps is None else bps
    targets = data.load_targets() if targets is None else targets
    p0 = data.indicator_series(bps, regency.kode_bps)
    latest = int(p0.index.max())
    target_year = max(2026, latest + 1)
    stated = targets[
        (targets["kode_bps"] == regency.kode_bps)
        & (targets["tahun"] == target_year)
        & (targets["indikator"] == "p0_persen")
    ]
    values = {
        "regency": regency.slug,
        "kode_bps": regency.kode_bps,
        "name": regency.name,
        "province_code": regency.province_code,
        "province_name": regency.province_name,
        "latest_data_year": latest,
        "target_year": target_year,
        # Dated in the year of the newest P0 of ANY region in the data, not of this regency's
        # own: old figures are then not dressed up as current (the brief says "Data terbaru:
        # Maret 2023; ... perbarui data"), and the date stays reproducible (no clock).
        "meeting_date": dt.date(max(latest, newest_p0_year(bps)), 12, 1).isoformat(),
    }
    if stated.empty:
        values["target"] = None
        values["target_note"] = f"no {target_year} P0 target in {paths.TARGETS_FILE.name}"
    else:
        row = stated.iloc[0]
        values["target"] = {
            "year": target_year,
            "low": float(row["nilai_bawah"]),
            "high": float(row["nilai_atas"]),
            "kind": row["jenis"],
            "source": row["sumber_url"],
        }
    return values


def validate(values: dict, source: str | paramerrors.Local, bps=None) -> Params:
    """Validate parameter values (from a file or defaults) against the model and the data.

    Parameters
    ----------
    values : dict
        Parameter values, as read by `read_yaml` or made by `default_params`.
    source : str or analysis.labels.Local
        Where the values come from, named in every message: a file name, or a catalogue piece
        (`analysis.paramerrors.part`) said in each language.
    bps : pandas.DataFrame, optional
        The BPS table (`analysis.data.load_bps` when omitted).

    Raises
    ------
    InputError
        Naming the source, the field, the value and what is expected.
    """
    from analysis import data

    if not isinstance(values, dict):
        raise InputError(
            paramerrors.bilingual("errd_p_not_mapping", source=source, type=type(values).__name__)
        )
    split = paramerrors.split_numbers(values)
    if split:
        raise InputError(paramerrors.bilingual("errd_p_whole", source=source, message=split))
    try:
        params = Params.model_validate(values)
    except ValidationError as error:
        raise InputError(paramerrors.describe(error, source, _allowed_keys)) from None
    bps = data.load_bps() if bps is None else bps
    table = Path(bps.attrs.get("source", paths.BPS_FILE)).name
    p0 = data.indicator_series(bps, params.kode_bps)
    if p0.empty:
        raise InputError(
            paramerrors.bilingual(
                "errd_p_no_p0", source=source, value=repr(params.kode_bps), table=table
            )
        )
    if params.latest_data_year not in p0.index:
        have = ", ".join(str(year) for year in p0.index)
        raise InputError(
            paramerrors.bilingual(
                "errd_p_no_p0_year",
                source=source,
                year=params.latest_data_year,
                table=table,
                name=params.name,
                years=have,
            )
        )
    _check_lokus_count(params, source)
    return params


def _allowed_keys(loc: tuple) -> list[str]:
    """The keys allowed at a place of the parameters (for a message about an unknown key)."""
    nested = {"target": Target, "village_data": VillageData, "forecast": ForecastSettings}
    if len(loc) == 1:
        return list(Params.model_fields)
    if len(loc) == 2 and loc[0] in nested:
        return list(nested[loc[0]].model_fields)
    return []


def _check_lokus_count(params: Params, source: str | tuple) -> None:
    """Refuse a lokus_count above the regency's official villages (named here, not deep in the
    village generator or the ranking)."""
    from analysis import data

    wanted = params.village_data.lokus_count
    if wanted is None:
        return
    try:
        available = data.official_village_count(params.kode_bps)
    except InputError:  # no official list for this code: the village stages say so themselves
        return
    if wanted > available:
        raise InputError(
            paramerrors.bilingual(
                "errd_p_lokus",
                source=source,
                wanted=wanted,
                available=available,
                name=params.name,
            )
        )


def _shown_path(path: Path) -> str:
    path = Path(path)
    return str(path.relative_to(paths.ROOT) if path.is_relative_to(paths.ROOT) else path)


def load_file(
    path: Path, slug: str | None = None, language: str | None = None, bps_file: Path | None = None
) -> Params:
    """Return the validated parameters read from one YAML file.

    Parameters
    ----------
    path : Path
        The parameters file.
    slug : str, optional
        The regency the file is for; the file name without ``.yml`` when omitted.
    language : str, optional
        "id" or "en": overrides the file's language.
    bps_file : Path, optional
        The BPS table to resolve the regency and check the years against (the project's table
        when omitted); tests pass a temporary file.

    Raises
    ------
    InputError
        For an unknown regency, an unreadable file, or invalid values.
    """
    from analysis import data

    path = Path(path)
    slug = path.stem if slug is None else slug
    regency = regencies.resolve(slug, Path(bps_file) if bps_file else None)
    values = read_yaml(path)
    source = _shown_path(path)
    if values.get("regency", slug) != slug:
        raise InputError(
            paramerrors.bilingual(
                "errd_p_regency",
                source=source,
                value=_shown(values.get("regency")),
                slug=repr(slug),
            )
        )
    if values.get("kode_bps") not in (None, regency.kode_bps):
        raise InputError(
            paramerrors.bilingual(
                "errd_p_code",
                source=source,
                value=_shown(values.get("kode_bps")),
                name=regency.name,
                code=regency.kode_bps,
            )
        )
    for field in ("province_code", "province_name"):
        official = getattr(regency, field)
        if values.get(field) not in (None, official):
            raise InputError(
                paramerrors.bilingual(
                    "errd_p_province_of",
                    source=source,
                    field=field,
                    value=_shown(values.get(field)),
                    name=regency.name,
                    code=regency.province_code,
                    province=regency.province_name,
                    official=repr(official),
                )
            )
    if language:
        values = {**values, "language": language}
    return validate(values, source, data.load_bps(bps_file))


def load(slug: str, language: str | None = None) -> Params:
    """Return the validated parameters of a regency (from its file, or generated defaults).

    Parameters
    ----------
    slug : str
        Regency name as on the command line ("klaten").
    language : str, optional
        "id" or "en": overrides the file's language (``BRIEF_LANG`` on the make command line).
    """
    regency = regencies.resolve(slug)
    path = paths.params_file(regency.slug)
    if path.exists():
        return load_file(path, regency.slug, language)
    values = default_params(regency)
    if language:
        values = {**values, "language": language}
    return validate(values, paramerrors.part("errd_p_defaults", slug=slug, path=_shown_path(path)))
