"""Validate a regency's parameters once, strictly, before any work.

Parameters come from ``params/<regency>.yml``; a regency without a file gets defaults generated
from the data (its latest P0 year, its stated target if ``target_resmi.csv`` has one), so any
regency with BPS figures builds. The model rejects unknown keys and the YAML loader rejects
duplicate keys, because a silently ignored or overwritten key puts a wrong number in a brief.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from analysis import paths, regencies
from analysis.errors import InputError

INDICATORS = (
    "rtlh", "no_electricity", "no_water", "no_latrine", "stunting_risk",
    "child_out_of_school", "disability", "not_working",
)


class _StrictLoader(yaml.SafeLoader):
    """A safe YAML loader that refuses a key given twice in the same mapping."""


def _mapping_without_duplicates(loader, node, deep=False):
    seen = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise InputError(
                f"line {key_node.start_mark.line + 1}: key '{key}' appears twice (first on line "
                f"{seen[key]}); each key may appear only once."
            )
        seen[key] = key_node.start_mark.line + 1
    return loader.construct_mapping(node, deep=deep)


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
                              _mapping_without_duplicates)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Target(_Strict):
    """A stated P0 target for one year: a point (low == high) or a range, with its source."""

    year: int = Field(ge=2000, le=2100, description="Year the target refers to")
    low: float = Field(ge=0, le=100, description="Lower end of the target, percent")
    high: float = Field(ge=0, le=100, description="Upper end of the target, percent")
    kind: str = Field(min_length=1, description="What the statement is (RPJMD, regent, ...)")
    source: str = Field(min_length=1, description="Where it was stated (URL or document)")

    @model_validator(mode="after")
    def _ordered(self):
        if self.low > self.high:
            raise ValueError(f"low ({self.low}) must not be above high ({self.high})")
        return self


class VillageData(_Strict):
    """Where the village panel comes from: the SIMULASI generator or the user's own export."""

    source: Literal["simulasi", "file"] = "simulasi"
    path: str | None = Field(default=None, description="CSV or XLSX following the schema")
    seed: int = Field(default=20251127, ge=0, description="Seed of the generator")
    lokus_count: int | None = Field(default=None, ge=1, description="Priority villages to select")

    @model_validator(mode="after")
    def _path_when_file(self):
        if self.source == "file" and not self.path:
            raise ValueError("source 'file' needs a path to the village file")
        if self.source == "simulasi" and self.path:
            raise ValueError("a path is only used with source 'file'")
        return self


class Params(_Strict):
    """Everything a regency's brief depends on besides data and code."""

    regency: str = Field(pattern=regencies.SLUG_PATTERN.pattern)
    kode_bps: str = Field(pattern=r"^\d{4}$")
    name: str = Field(min_length=3)
    province_code: str = Field(pattern=r"^\d{2}00$")
    province_name: str = Field(min_length=3)
    latest_data_year: int = Field(ge=2000, le=2100)
    target_year: int = Field(default=2026, ge=2000, le=2100)
    target: Target | None = None
    target_note: str | None = None
    meeting_date: dt.date
    language: Literal["id", "en"] = "id"
    village_data: VillageData = VillageData()
    deprivation_weights: dict[str, float] = Field(
        default_factory=lambda: dict.fromkeys(INDICATORS, 1.0))

    @field_validator("deprivation_weights")
    @classmethod
    def _weights(cls, weights):
        unknown = sorted(set(weights) - set(INDICATORS))
        missing = sorted(set(INDICATORS) - set(weights))
        if unknown or missing:
            raise ValueError(f"weights must name exactly {', '.join(INDICATORS)}"
                             + (f"; unknown: {', '.join(unknown)}" if unknown else "")
                             + (f"; missing: {', '.join(missing)}" if missing else ""))
        if any(value < 0 for value in weights.values()) or sum(weights.values()) <= 0:
            raise ValueError("weights must be non-negative with a positive sum")
        return weights

    @model_validator(mode="after")
    def _years(self):
        if self.target_year <= self.latest_data_year:
            raise ValueError(f"target_year ({self.target_year}) must be after latest_data_year "
                             f"({self.latest_data_year})")
        if self.target is not None and self.target.year != self.target_year:
            raise ValueError(f"target.year ({self.target.year}) must equal target_year "
                             f"({self.target_year})")
        if self.target is None and not self.target_note:
            raise ValueError("with target: null, give target_note saying why there is none")
        return self


def _describe(error: ValidationError, source: str) -> str:
    lines = []
    for item in error.errors():
        field = ".".join(str(part) for part in item["loc"]) or "(top level)"
        message = item["msg"].removeprefix("Value error, ")
        if item["type"] == "extra_forbidden":
            message = "unknown key (not a parameter; check the spelling)"
        value = item.get("input")
        shown = f" (value {value!r})" if not isinstance(value, dict) else ""
        lines.append(f"{source}: field '{field}'{shown}: {message}")
    return "\n".join(lines)


def read_yaml(path: Path) -> dict:
    """Read a YAML mapping strictly (no duplicate keys), naming the file in every error."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise InputError(f"{path}: not UTF-8 text; save it as UTF-8.") from None
    try:
        content = yaml.load(text, Loader=_StrictLoader)  # noqa: S506 - a SafeLoader subclass
    except InputError as error:
        raise InputError(f"{path}, {error}") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f", line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(error, "problem", None) or str(error)
        raise InputError(f"{path}{where}: not valid YAML ({problem}).") from None
    if not isinstance(content, dict):
        raise InputError(f"{path}: expected a mapping of parameters (key: value lines), found "
                         f"{type(content).__name__}.")
    return content


def default_params(regency: regencies.Regency, bps=None, targets=None) -> dict:
    """Return parameters for a regency without a params file, derived from the data."""
    from analysis import data

    bps = data.load_bps() if bps is None else bps
    targets = data.load_targets() if targets is None else targets
    p0 = data.indicator_series(bps, regency.kode_bps)
    latest = int(p0.index.max())
    target_year = max(2026, latest + 1)
    stated = targets[(targets["kode_bps"] == regency.kode_bps) & (targets["tahun"] == target_year)
                     & (targets["indikator"] == "p0_persen")]
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
        values["target"] = {"year": target_year, "low": float(row["nilai_bawah"]),
                            "high": float(row["nilai_atas"]), "kind": row["jenis"],
                            "source": row["sumber_url"]}
    return values


def validate(values: dict, source: str, bps=None) -> Params:
    """Validate parameter values (from a file or defaults) against the model and the data.

    Raises
    ------
    InputError
        Naming the source, the field, the value and what is expected.
    """
    from analysis import data

    try:
        params = Params.model_validate(values)
    except ValidationError as error:
        raise InputError(_describe(error, source)) from None
    bps = data.load_bps() if bps is None else bps
    p0 = data.indicator_series(bps, params.kode_bps)
    if p0.empty:
        raise InputError(f"{source}: field 'kode_bps' (value {params.kode_bps!r}): no P0 figures "
                         f"for this code in {paths.BPS_FILE.name}.")
    if params.latest_data_year not in p0.index:
        have = ", ".join(str(year) for year in p0.index)
        raise InputError(
            f"{source}: field 'latest_data_year' (value {params.latest_data_year}): "
            f"{paths.BPS_FILE.name} has no P0 for {params.name} in that year; years with P0: "
            f"{have}."
        )
    return params


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
    path = paths.params_file(slug)
    if path.exists():
        values = read_yaml(path)
        source = f"{path.relative_to(paths.ROOT) if path.is_relative_to(paths.ROOT) else path}"
        if values.get("regency", slug) != slug:
            raise InputError(f"{source}: field 'regency' (value {values.get('regency')!r}) must "
                             f"match the file name ({slug!r}).")
        if values.get("kode_bps") not in (None, regency.kode_bps):
            raise InputError(f"{source}: field 'kode_bps' (value {values.get('kode_bps')!r}): "
                             f"{regency.name} has BPS code {regency.kode_bps}.")
    else:
        values = default_params(regency)
        source = f"defaults for {slug} (no {path.name})"
    if language:
        values = {**values, "language": language}
    return validate(values, source)
