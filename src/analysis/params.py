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
import difflib
import re
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

from analysis import paths, regencies
from analysis.errors import InputError
from analysis.yamlread import MAX_PARAMS_BYTES as MAX_PARAMS_BYTES
from analysis.yamlread import read_yaml as read_yaml
from analysis.yamlread import shown as _shown

INDICATORS = (
    "rtlh",
    "no_electricity",
    "no_water",
    "no_latrine",
    "stunting_risk",
    "child_out_of_school",
    "disability",
    "not_working",
)


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
            raise ValueError(
                f"field 'target.low' (value {self.low}) is above target.high "
                f"({self.high}); expected low <= high"
            )
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
            raise ValueError(
                f"field 'village_data.{given[0]}' is only used with source 'register'; expected "
                "source: register, or no such field"
            )
        if self.source == "register" and not self.path:
            raise ValueError(
                "field 'village_data.path' is missing; expected the path of the household "
                "register export when source is 'register'"
            )
        return self

    def __repr_args__(self):
        # Shown in every notebook (``context.params``): a user's file is named by its kind only,
        # because its name may name a person (outputs name it by its hash, `analysis.provenance`).
        for name, value in super().__repr_args__():
            yield name, ("<user file>" if name in ("path", "boundaries") and value else value)

    @model_validator(mode="after")
    def _path_when_file(self):
        if self.source == "file" and not self.path:
            raise ValueError(
                "field 'village_data.path' is missing; expected the path of the "
                "village file when source is 'file'"
            )
        if self.source == "simulasi" and self.path:
            raise ValueError(
                f"field 'village_data.path' (value {self.path!r}) is only used with "
                "source 'file'; expected no path with source 'simulasi'"
            )
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
            raise ValueError(f"expected at least one of {', '.join(FORECAST_MODELS)}")
        repeated = sorted({name for name in models if models.count(name) > 1})
        if repeated:
            raise ValueError(f"model {repeated[0]} is listed twice; expected each model once")
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
            raise ValueError(
                f"expected exactly the keys {', '.join(INDICATORS)}"
                + (f"; unknown: {', '.join(unknown)}" if unknown else "")
                + (f"; missing: {', '.join(missing)}" if missing else "")
            )
        negative = sorted(key for key, value in weights.items() if value < 0)
        if negative:
            raise ValueError(
                f"weight {negative[0]} = {weights[negative[0]]:g} is negative; "
                "expected weights >= 0"
            )
        large = sorted(key for key, value in weights.items() if value > MAX_WEIGHT)
        if large:
            raise ValueError(
                f"weight {large[0]} = {weights[large[0]]:g} is above {MAX_WEIGHT:g}; expected "
                f"weights from 0 to {MAX_WEIGHT:g} (only their ratios matter: 2 and 1 weigh one "
                "indicator twice as much as another)"
            )
        if sum(weights.values()) <= 0:
            raise ValueError("all weights are 0; expected at least one positive weight")
        return weights

    @field_validator("meeting_date", mode="before")
    @classmethod
    def _date_written_as_date(cls, value):
        # A number is no date (pydantic would read 0 as 1970-01-01), a date with a time is not
        # "a date with zero time" to a user, and text must be YYYY-MM-DD.
        shown = f"field 'meeting_date' (value {_shown(value)})"
        expected = "expected a date written YYYY-MM-DD such as 2025-11-27, without quotes"
        if isinstance(value, dt.datetime):
            raise ValueError(f"{shown} is a date and a time; {expected} and without a time")
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str):
            text = value.strip()
            try:
                day = dt.datetime.fromisoformat(text)
            except ValueError:
                raise ValueError(f"{shown} is not a date; {expected}") from None
            if len(text) > 10:
                raise ValueError(f"{shown} is a date and a time; {expected} and without a time")
            return day.date()
        kind = "a number" if isinstance(value, (int, float)) else f"a {type(value).__name__}"
        raise ValueError(f"{shown} is {kind}, not a date; {expected}")

    @model_validator(mode="after")
    def _years(self):
        if self.province_code[:2] != self.kode_bps[:2]:
            raise ValueError(
                f"field 'province_code' (value {self.province_code!r}) is not the province of "
                f'kode_bps {self.kode_bps}; expected "{self.kode_bps[:2]}00" (a BPS code '
                "starts with its province's two digits)"
            )
        if self.target_year <= self.latest_data_year:
            raise ValueError(
                f"field 'target_year' (value {self.target_year}) is not after "
                f"latest_data_year ({self.latest_data_year}); expected a year after "
                "the latest data"
            )
        if self.target is not None and self.target.year != self.target_year:
            raise ValueError(
                f"field 'target.year' (value {self.target.year}) differs from "
                f"target_year ({self.target_year}); expected the same year"
            )
        first, last = self.latest_data_year, dt.date.today().year + MEETING_YEARS_AHEAD
        if not first <= self.meeting_date.year <= last:
            raise ValueError(
                f"field 'meeting_date' (value {self.meeting_date.isoformat()}) is not between "
                f"the latest data year ({first}) and next year ({last}); expected the date of "
                "the meeting the brief is for, YYYY-MM-DD"
            )
        if self.target is None and not self.target_note:
            raise ValueError(
                "field 'target_note' is missing; expected a sentence saying why "
                "there is no target when target is null"
            )
        return self


_HINTS = {
    "string_type": '; write it in quotes, such as "3310"',
    "int_type": " such as 2025, written without quotes",
    "float_type": " such as 8.5, written without quotes",
}


# What a field must look like when pydantic reports a pattern mismatch (it would show the regex).
_PATTERNS = {
    "regency": "a slug of lower-case letters, digits and hyphens such as klaten",
    "kode_bps": 'four digits in quotes such as "3310"',
    "province_code": 'two digits and 00 in quotes such as "3300"',
    "name": "one line of text (no line breaks or control characters)",
    "province_name": "one line of text (no line breaks or control characters)",
}


def _unknown_key(loc: tuple) -> str:
    """Describe an unknown key with the keys allowed at that place and the closest one."""
    nested = {"target": Target, "village_data": VillageData, "forecast": ForecastSettings}
    if len(loc) == 1:
        allowed = list(Params.model_fields)
    elif len(loc) == 2 and loc[0] in nested:
        allowed = list(nested[loc[0]].model_fields)
    else:
        allowed = []
    close = difflib.get_close_matches(str(loc[-1]), allowed, n=1)
    hint = f" (did you mean '{close[0]}'?)" if close else ""
    listed = f"; expected one of {', '.join(allowed)}" if allowed else ""
    return f"unknown key, not a parameter{hint}{listed}"


def _number_as_text(value: str, kind: str) -> str | None:
    """Why a text given for a number is text, when it looks like a number; None otherwise."""
    text = value.strip()
    example = "2025" if kind == "int_type" else "8.5"
    if re.fullmatch(r"-?[0-9]+,[0-9]+", text):
        return (
            "written with a decimal comma; expected a decimal point, such as "
            f"{text.replace(',', '.')}, without quotes"
        )
    try:
        float(text)
    except ValueError:
        return None
    if re.search(r"[eE][0-9]", text):  # YAML 1.1 reads 1.0e308 as text, 1.0e+308 as a number
        return (
            "read as text: it is in quotes, or an exponent written without a sign (YAML reads "
            f"1.0e308 as text and 1.0e+308 as a number); expected a plain number such as {example}"
        )
    return f"read as text because it is in quotes; expected the number without quotes: {text}"


def _split_numbers(values, prefix: str = "") -> str | None:
    """Describe a decimal comma inside ``{...}``: ``{low: 9,5}`` reads as low 9 and a key 5.

    A flow mapping splits at the comma, so the model would report a key named 5; the message
    names the real field and the number as written instead.
    """
    if not isinstance(values, dict):
        return None
    previous = None
    for key, value in values.items():
        if isinstance(key, int) and not isinstance(key, bool) and previous is not None:
            field, number = previous
            if isinstance(number, int) and not isinstance(number, bool) and value is None:
                return (
                    f"field '{prefix}{field}' (value {number},{key}): the decimal comma inside "
                    f"{{...}} splits the number into {number} and a key {key}; expected a decimal "
                    f"point ({number}.{key}) or the value in quotes"
                )
        found = _split_numbers(value, f"{prefix}{key}.")
        if found:
            return found
        previous = (key, value)
    return None


def _describe(error: ValidationError, source: str) -> str:
    lines = []
    for item in error.errors():
        message = item["msg"].removeprefix("Value error, ")
        if message.startswith("field '"):  # a cross-field check that names its field itself
            lines.append(f"{source}: {message}.")
            continue
        field = ".".join(str(part) for part in item["loc"]) or "(top level)"
        if item["type"] == "extra_forbidden":
            message = _unknown_key(item["loc"])
        elif item["type"] == "missing":
            message = "missing; every regency's parameters need it"
        elif item["type"] == "string_pattern_mismatch" and item["loc"][-1] in _PATTERNS:
            message = f"expected {_PATTERNS[item['loc'][-1]]}"
        elif item["type"] in ("float_type", "int_type") and isinstance(item.get("input"), str):
            reason = _number_as_text(item["input"], item["type"])
            if reason:
                value = _shown(item["input"])
                lines.append(f"{source}: field '{field}' (value {value}) is {reason}.")
                continue
        message = (
            message.replace("Input should be ", "expected ", 1)
            .replace("String should have ", "expected a text with ", 1)
            .replace("Keys should be strings", "expected the key to be a name", 1)
        )
        value = item.get("input")
        hint = _HINTS.get(item["type"], "")
        if item["type"] in ("int_type", "float_type") and not isinstance(value, str):
            hint = hint.removesuffix(", written without quotes")  # it was not in quotes
        message += hint
        shown = (
            ""
            if isinstance(value, dict) or item["type"] == "missing"
            else (f" (value {_shown(value)})")
        )
        lines.append(f"{source}: field '{field}'{shown}: {message}.")
    return "\n".join(lines)


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


def validate(values: dict, source: str, bps=None) -> Params:
    """Validate parameter values (from a file or defaults) against the model and the data.

    Parameters
    ----------
    values : dict
        Parameter values, as read by `read_yaml` or made by `default_params`.
    source : str
        Where the values come from, named in every message (a file name).
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
            f"{source}: expected a mapping of parameters, found a {type(values).__name__}."
        )
    split = _split_numbers(values)
    if split:
        raise InputError(f"{source}: {split}.")
    try:
        params = Params.model_validate(values)
    except ValidationError as error:
        raise InputError(_describe(error, source)) from None
    bps = data.load_bps() if bps is None else bps
    table = Path(bps.attrs.get("source", paths.BPS_FILE)).name
    p0 = data.indicator_series(bps, params.kode_bps)
    if p0.empty:
        raise InputError(
            f"{source}: field 'kode_bps' (value {params.kode_bps!r}): no P0 figures "
            f"for this code in {table}; expected the code of a regency with data."
        )
    if params.latest_data_year not in p0.index:
        have = ", ".join(str(year) for year in p0.index)
        raise InputError(
            f"{source}: field 'latest_data_year' (value {params.latest_data_year}): "
            f"{table} has no P0 for {params.name} in that year; expected one of the years with "
            f"P0: {have}."
        )
    _check_lokus_count(params, source)
    return params


def _check_lokus_count(params: Params, source: str) -> None:
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
            f"{source}: field 'village_data.lokus_count' (value {wanted}) is more than the "
            f"{available} official villages of {params.name}; expected at most {available}."
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
            f"{source}: field 'regency' (value {_shown(values.get('regency'))}): "
            f"expected {slug!r}, the name of the file."
        )
    if values.get("kode_bps") not in (None, regency.kode_bps):
        raise InputError(
            f"{source}: field 'kode_bps' (value {_shown(values.get('kode_bps'))}): "
            f"{regency.name} has BPS code {regency.kode_bps}; expected "
            f'"{regency.kode_bps}".'
        )
    for field in ("province_code", "province_name"):
        official = getattr(regency, field)
        if values.get(field) not in (None, official):
            raise InputError(
                f"{source}: field '{field}' (value {_shown(values.get(field))}): {regency.name} "
                f"is in province {regency.province_code} ({regency.province_name}) in the BPS "
                f"table; expected {official!r}, so that no figure is labelled with another "
                "province."
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
    return validate(values, f"defaults for {slug} (no {_shown_path(path)})")
