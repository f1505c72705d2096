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
from pydantic_core import PydanticCustomError

from analysis import paths, regencies
from analysis.errors import InputError
from analysis.indicators import INDICATORS as INDICATORS  # re-exported: params.INDICATORS
from analysis.labels import CATALOGUE, singular_counts, text
from analysis.personal import mask_identifiers
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


def _fail(key: str, /, **fields) -> PydanticCustomError:
    """A model error carrying a catalogue key and its fields, rendered in both languages by
    `_describe` (pydantic's own text of it is the English one)."""
    return PydanticCustomError(key, CATALOGUE["en"][key], fields)


def _part(key: str, /, **fields) -> tuple:
    """A piece of a message (a catalogue key and its fields) filled in each language."""
    return ("part", key, fields)


def _render(key: str, lang: str, fields: dict) -> str:
    """The catalogue text ``key`` in ``lang``; pieces made by `_part` are filled in ``lang`` too."""
    filled = {
        name: _render(value[1], lang, value[2])
        if isinstance(value, tuple) and len(value) == 3 and value[0] == "part"
        else value
        for name, value in fields.items()
    }
    return singular_counts(text(key, lang, **filled), lang)


def _bilingual(key: str, /, **fields) -> str:
    """Indonesian, then "(en) " and English, with `_part` pieces filled in each language."""
    return f"{_render(key, 'id', fields)}\n(en) {_render(key, 'en', fields)}"


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
            raise _fail("errd_pf_target_order", low=str(self.low), high=str(self.high))
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
            raise _fail("errd_pf_register_only", name=given[0])
        if self.source == "register" and not self.path:
            raise _fail("errd_pf_register_path")
        return self

    def __repr_args__(self):
        # Shown in every notebook (``context.params``): a user's file is named by its kind only,
        # because its name may name a person (outputs name it by its hash, `analysis.provenance`).
        for name, value in super().__repr_args__():
            yield name, ("<user file>" if name in ("path", "boundaries") and value else value)

    @model_validator(mode="after")
    def _path_when_file(self):
        if self.source == "file" and not self.path:
            raise _fail("errd_pf_file_path")
        if self.source == "simulasi" and self.path:
            # The path is not shown: a user's file name may name a person.
            raise _fail("errd_pf_simulasi_path")
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
            raise _fail("errd_pv_models_empty", models=", ".join(FORECAST_MODELS))
        repeated = sorted({name for name in models if models.count(name) > 1})
        if repeated:
            raise _fail("errd_pv_models_twice", model=repeated[0])
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
            raise _fail(
                "errd_pv_weights_keys",
                keys=", ".join(INDICATORS),
                # Unknown keys are the user's text: shortened and masked like any value.
                unknown=_part("errd_pv_weights_unknown", names=_names(unknown)) if unknown else "",
                missing=_part("errd_pv_weights_missing", names=", ".join(missing))
                if missing
                else "",
            )
        negative = sorted(key for key, value in weights.items() if value < 0)
        if negative:
            name = negative[0]
            raise _fail("errd_pv_weight_negative", name=name, value=f"{weights[name]:g}")
        large = sorted(key for key, value in weights.items() if value > MAX_WEIGHT)
        if large:
            name = large[0]
            raise _fail(
                "errd_pv_weight_large", name=name, value=f"{weights[name]:g}", max=f"{MAX_WEIGHT:g}"
            )
        if sum(weights.values()) <= 0:
            raise _fail("errd_pv_weights_zero")
        return weights

    @field_validator("meeting_date", mode="before")
    @classmethod
    def _date_written_as_date(cls, value):
        # A number is no date (pydantic would read 0 as 1970-01-01), a date with a time is not
        # "a date with zero time" to a user, and text must be YYYY-MM-DD.
        shown = _shown(value)
        if isinstance(value, dt.datetime):
            raise _fail("errd_pf_date_time", value=shown)
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str):
            written = value.strip()
            try:
                day = dt.datetime.fromisoformat(written)
            except ValueError:
                raise _fail("errd_pf_date_text", value=shown) from None
            if len(written) > 10:
                raise _fail("errd_pf_date_time", value=shown)
            return day.date()
        if isinstance(value, (int, float)):
            raise _fail("errd_pf_date_number", value=shown)
        raise _fail("errd_pf_date_type", value=shown, type=type(value).__name__)

    @model_validator(mode="after")
    def _years(self):
        if self.province_code[:2] != self.kode_bps[:2]:
            raise _fail(
                "errd_pf_province",
                value=repr(self.province_code),
                code=self.kode_bps,
                expected=f"{self.kode_bps[:2]}00",
            )
        if self.target_year <= self.latest_data_year:
            raise _fail(
                "errd_pf_target_year", target=self.target_year, latest=self.latest_data_year
            )
        if self.target is not None and self.target.year != self.target_year:
            raise _fail(
                "errd_pf_target_year_differs", year=self.target.year, target=self.target_year
            )
        first, last = self.latest_data_year, dt.date.today().year + MEETING_YEARS_AHEAD
        if not first <= self.meeting_date.year <= last:
            raise _fail(
                "errd_pf_meeting_range", value=self.meeting_date.isoformat(), first=first, last=last
            )
        if self.target is None and not self.target_note:
            raise _fail("errd_pf_target_note")
        return self


# What a field must look like when pydantic reports a pattern mismatch (it would show the regex):
# a catalogue key per field.
_PATTERNS = {
    "regency": "errd_p_pat_regency",
    "kode_bps": "errd_p_pat_kode_bps",
    "province_code": "errd_p_pat_province_code",
    "name": "errd_p_pat_line",
    "province_name": "errd_p_pat_line",
}
# pydantic error types with a catalogue text of their own (key errd_p_<type>); their fields come
# from the error's context. Rarer types keep pydantic's English text in both lines.
_TYPES = {
    "int_from_float",
    "greater_than_equal",
    "less_than_equal",
    "string_too_short",
    "string_too_long",
    "finite_number",
    "dict_type",
    "model_type",
    "list_type",
    "bool_type",
}


def _names(names) -> str:
    """User-written keys for a message: each shortened and masked (a key may be anything)."""
    return ", ".join(mask_identifiers(str(name)[:40]) for name in names)


def _unknown_key(loc: tuple) -> tuple:
    """Describe an unknown key with the keys allowed at that place and the closest one."""
    nested = {"target": Target, "village_data": VillageData, "forecast": ForecastSettings}
    if len(loc) == 1:
        allowed = list(Params.model_fields)
    elif len(loc) == 2 and loc[0] in nested:
        allowed = list(nested[loc[0]].model_fields)
    else:
        allowed = []
    close = difflib.get_close_matches(str(loc[-1]), allowed, n=1)
    return _part(
        "errd_p_unknown",
        hint=_part("errd_p_unknown_hint", name=close[0]) if close else "",
        listed=_part("errd_p_unknown_listed", names=", ".join(allowed)) if allowed else "",
    )


def _number_as_text(value: str, kind: str) -> tuple | None:
    """Why a text given for a number is text, when it looks like a number; None otherwise."""
    written = value.strip()
    example = "2025" if kind == "int_type" else "8.5"
    if re.fullmatch(r"-?[0-9]+,[0-9]+", written):
        return _part("errd_p_comma", fixed=written.replace(",", "."))
    try:
        float(written)
    except ValueError:
        return None
    if re.search(r"[eE][0-9]", written):  # YAML 1.1 reads 1.0e308 as text, 1.0e+308 as a number
        return _part("errd_p_exponent", example=example)
    return _part("errd_p_quoted", text=mask_identifiers(written[:40]))


def _split_numbers(values, prefix: str = "") -> tuple | None:
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
                return _part("errd_p_split", field=f"{prefix}{field}", number=number, after=key)
        found = _split_numbers(value, f"{prefix}{key}.")
        if found:
            return found
        previous = (key, value)
    return None


def _problem(item: dict) -> tuple:
    """The message of one pydantic error (without file and field), as a `_part`."""
    kind, ctx = item["type"], item.get("ctx") or {}
    if kind.startswith("errd_pv_"):  # a field check of the model: its own catalogue text
        return _part(kind, **ctx)
    if kind == "extra_forbidden":
        return _unknown_key(item["loc"])
    if kind == "missing":
        return _part("errd_p_missing")
    if kind == "string_pattern_mismatch" and item["loc"][-1] in _PATTERNS:
        return _part("errd_p_pattern", what=_part(_PATTERNS[item["loc"][-1]]))
    if kind in ("int_type", "float_type"):
        # The hint "without quotes" only when the value was in quotes.
        quoted = isinstance(item.get("input"), str)
        return _part(f"errd_p_{kind}", unquoted=_part("errd_p_unquoted") if quoted else "")
    if kind == "string_type":
        return _part("errd_p_string_type")
    if kind == "literal_error":
        expected = str(ctx.get("expected", ""))
        if " or " in expected:  # "'a', 'b' or 'c'": the last "or" in the message's language
            head, last = expected.rsplit(" or ", 1)
            expected = _part("errd_p_choices", head=head, last=last)
        return _part("errd_p_literal_error", expected=expected)
    if kind in _TYPES and (kind not in ("string_too_short", "string_too_long") or ctx):
        key = "errd_p_dict_type" if kind == "model_type" else f"errd_p_{kind}"
        return _part(key, **{name: str(value) for name, value in ctx.items()})
    message = (
        item["msg"]
        .removeprefix("Value error, ")
        .replace("Input should be ", "expected ", 1)
        .replace("Keys should be strings", "expected the key to be a name", 1)
    )
    return _part("errd_p_pydantic", message=mask_identifiers(message[:200]))


def _describe(error: ValidationError, source: str | tuple) -> str:
    """Each problem of a validation error in Indonesian and then English, one line each."""
    lines = []
    for item in error.errors():
        if item["type"].startswith("errd_pf_"):  # a check that names its field itself
            lines.append(
                _bilingual(
                    "errd_p_whole", source=source, message=_part(item["type"], **item["ctx"])
                )
            )
            continue
        field = ".".join(str(part) for part in item["loc"])
        field = mask_identifiers(field[:80]) if field else _part("errd_p_top")
        value = item.get("input")
        if item["type"] in ("float_type", "int_type") and isinstance(value, str):
            reason = _number_as_text(value, item["type"])
            if reason:
                lines.append(
                    _bilingual(
                        "errd_p_text_line",
                        source=source,
                        field=field,
                        value=_shown(value),
                        reason=reason,
                    )
                )
                continue
        shown = (
            ""
            if isinstance(value, dict) or item["type"] == "missing"
            else _part("errd_p_shown", value=_shown(value))
        )
        lines.append(
            _bilingual(
                "errd_p_line", source=source, field=field, shown=shown, message=_problem(item)
            )
        )
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


def validate(values: dict, source: str | tuple, bps=None) -> Params:
    """Validate parameter values (from a file or defaults) against the model and the data.

    Parameters
    ----------
    values : dict
        Parameter values, as read by `read_yaml` or made by `default_params`.
    source : str or tuple
        Where the values come from, named in every message: a file name, or a catalogue piece
        (`_part`) said in each language.
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
            _bilingual("errd_p_not_mapping", source=source, type=type(values).__name__)
        )
    split = _split_numbers(values)
    if split:
        raise InputError(_bilingual("errd_p_whole", source=source, message=split))
    try:
        params = Params.model_validate(values)
    except ValidationError as error:
        raise InputError(_describe(error, source)) from None
    bps = data.load_bps() if bps is None else bps
    table = Path(bps.attrs.get("source", paths.BPS_FILE)).name
    p0 = data.indicator_series(bps, params.kode_bps)
    if p0.empty:
        raise InputError(
            _bilingual("errd_p_no_p0", source=source, value=repr(params.kode_bps), table=table)
        )
    if params.latest_data_year not in p0.index:
        have = ", ".join(str(year) for year in p0.index)
        raise InputError(
            _bilingual(
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


def _check_lokus_count(params: Params, source: str | tuple) -> None:
    """Refuse a lokus_count above the regency's official villages (named here, not deep in the
    village generator or the ranking)."""
    from analysis import data

    wanted = params.village_data.lokus_count
    if wanted is None:
        return
    try:
        available = len(data.load_official_villages(params.kode_bps))
    except InputError:  # no official list for this code: the village stages say so themselves
        return
    if wanted > available:
        raise InputError(
            _bilingual(
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
            _bilingual(
                "errd_p_regency",
                source=source,
                value=_shown(values.get("regency")),
                slug=repr(slug),
            )
        )
    if values.get("kode_bps") not in (None, regency.kode_bps):
        raise InputError(
            _bilingual(
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
                _bilingual(
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
    return validate(values, _part("errd_p_defaults", slug=slug, path=_shown_path(path)))
