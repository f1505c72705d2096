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
import reprlib
from pathlib import Path
from typing import Literal

import yaml
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
from analysis.personal import mask_identifiers

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


MAX_PARAMS_BYTES = 1_000_000  # a params file is a few dozen lines; more is a mistake or an attack


class _StrictLoader(yaml.SafeLoader):
    """A safe YAML loader that refuses a key given twice in the same mapping, and every anchor
    (``&name``) and alias (``*name``): ten lines of nested aliases expand to billions of values
    (a "YAML bomb"), and a parameters file needs none."""

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise InputError(
                f"line {event.start_mark.line + 1}: YAML anchors and aliases (&name, *name) are "
                "not allowed in a parameters file; expected each value written out."
            )
        return super().compose_node(parent, index)


def _mapping_without_duplicates(loader, node, deep=False):
    seen = {}
    for key_node, value_node in node.value:
        if key_node.tag == "tag:yaml.org,2002:merge":  # "<<: *anchor": merged by construct_mapping
            continue
        key = loader.construct_object(key_node, deep=deep)
        try:
            repeated = key in seen
        except TypeError:  # an unhashable key (a list): construct_mapping reports it with its line
            break
        if repeated:
            first_line, first_value = seen[key]
            values = ""
            if isinstance(first_value, str) and isinstance(value_node.value, str):
                values = f" (values {_shown(first_value)} and {_shown(value_node.value)})"
            raise InputError(
                f"line {key_node.start_mark.line + 1}: key '{key}' appears twice (first on line "
                f"{first_line}){values}; expected each key once, so that no value is silently "
                "overwritten."
            )
        seen[key] = (key_node.start_mark.line + 1, value_node.value)
    return loader.construct_mapping(node, deep=deep)


_StrictLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_without_duplicates
)


def _timestamp(loader, node):
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except (ValueError, OverflowError):  # 2025-02-30 matches the date pattern but is no date
        raise InputError(
            f"line {node.start_mark.line + 1}: value {_shown(node.value)} is not a valid "
            "date; expected YYYY-MM-DD such as 2025-11-27."
        ) from None


_StrictLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)


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
    kode_bps: str = Field(pattern=r"^\d{4}$")
    name: str = Field(min_length=3)
    province_code: str = Field(pattern=r"^\d{2}00$")
    province_name: str = Field(min_length=3)
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
        if sum(weights.values()) <= 0:
            raise ValueError("all weights are 0; expected at least one positive weight")
        return weights

    @model_validator(mode="after")
    def _years(self):
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


_REPR = reprlib.Repr()
_REPR.maxstring = _REPR.maxother = 80
_REPR.maxlist = _REPR.maxdict = _REPR.maxtuple = _REPR.maxset = 4
_REPR.maxlevel = 2


def _shown(value) -> str:
    """A short, masked form of a value for a message; the value is cut before it is formatted
    (a huge value is never formatted whole) and identity numbers are masked."""
    if isinstance(value, str) and len(value) > 200:
        value = value[:200]
    text = mask_identifiers(_REPR.repr(value))
    return text if len(text) <= 80 else text[:77] + "..."


# What a field must look like when pydantic reports a pattern mismatch (it would show the regex).
_PATTERNS = {
    "regency": "a slug of lower-case letters, digits and hyphens such as klaten",
    "kode_bps": 'four digits in quotes such as "3310"',
    "province_code": 'two digits and 00 in quotes such as "3300"',
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
        message = (
            message.replace("Input should be ", "expected ", 1)
            .replace("String should have ", "expected a text with ", 1)
            .replace("Keys should be strings", "expected the key to be a name", 1)
        )
        message += _HINTS.get(item["type"], "")
        value = item.get("input")
        shown = (
            ""
            if isinstance(value, dict) or item["type"] == "missing"
            else (f" (value {_shown(value)})")
        )
        lines.append(f"{source}: field '{field}'{shown}: {message}.")
    return "\n".join(lines)


def read_yaml(path: Path) -> dict:
    """Read a YAML mapping strictly (no duplicate keys), naming the file in every error.

    Raises
    ------
    InputError
        For a missing file, text that is not UTF-8, invalid YAML (with its line and column), a key
        given twice, an impossible date, or a document that is not a mapping of parameters.
    """
    path = Path(path)
    if not path.is_file():
        what = (
            "is a folder"
            if path.is_dir()
            else "is not a regular file (a device or pipe is never read)"
            if path.exists()
            else "file not found"
        )
        raise InputError(f"{path}: {what}; expected a YAML parameters file.")
    if path.stat().st_size > MAX_PARAMS_BYTES:
        raise InputError(
            f"{path}: {path.stat().st_size:,} bytes, more than {MAX_PARAMS_BYTES:,}; expected a "
            "parameters file of 'key: value' lines as in params/klaten.yml."
        )
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        start = raw.rfind(b"\n", 0, error.start) + 1
        shown = raw[start : start + 80].split(b"\n")[0].decode("latin-1")
        raise InputError(
            f"{path}, line {line}: not UTF-8 text (byte {raw[error.start]:#04x} in "
            f"{shown!r}); expected a UTF-8 file (save it again as UTF-8)."
        ) from None
    try:
        content = yaml.load(text, Loader=_StrictLoader)  # a SafeLoader subclass: no object tags
    except InputError as error:
        raise InputError(f"{path}, {error}") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f", line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(error, "problem", None) or str(error)
        raise InputError(
            f"{path}{where}: not valid YAML ({problem}); expected 'key: value' "
            "lines as in params/klaten.yml."
        ) from None
    except (ValueError, TypeError, OverflowError) as error:
        # A safety net: PyYAML's constructors raise plain errors for values they cannot build.
        raise InputError(
            f"{path}: a value cannot be read ({error}); expected valid dates "
            "(YYYY-MM-DD) and numbers."
        ) from None
    except RecursionError:
        raise InputError(
            f"{path}: nested too deeply to read; expected 'key: value' lines as "
            "in params/klaten.yml."
        ) from None
    if content is None:
        raise InputError(
            f"{path}: the file is empty; expected 'key: value' lines as in params/klaten.yml."
        )
    if not isinstance(content, dict):
        raise InputError(
            f"{path}: expected a mapping of parameters ('key: value' lines), found "
            f"a {type(content).__name__} ({_shown(content)})."
        )
    return content


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
        "meeting_date": dt.date(latest, 12, 1).isoformat(),
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
    return params


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
