"""What a build was made from (``results/provenance.json``, also published as ``run.json``).

Computed once by the pipeline before the brief notebook runs (or by the brief notebook itself when
run by hand), so the brief's method notes and ``run.json`` print the same object.
"""

from __future__ import annotations

from typing import ClassVar

from pydantic import BaseModel, ConfigDict

from analysis.results import Plain, ResultModel


class GitState(BaseModel):
    """The commit of the checkout and whether tracked files differed from it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    commit: str
    commit_short: str
    dirty: bool | None


class DataSource(BaseModel):
    """One source of the BPS rows the brief uses (regency, province, nation), with its years."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    sumber: str
    kepercayaan: str
    first_year: int
    last_year: int


class DataConflict(BaseModel):
    """Two BPS tables disagree on a figure of the regency, its province or the nation."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kode_bps: str
    tahun: int
    indikator: str
    nilai: float
    sumber: str
    nilai_lain: float
    sumber_lain: str
    alasan: str


class ProvinceHistory(BaseModel):
    """Where the comparison with the province breaks (the 2022 split of Papua)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    province: str
    before: str
    until: int
    first_own: int | None


class Provenance(ResultModel):
    """Commit, validated parameters, every input with its SHA-256, tool versions, data sources."""

    STAGE: ClassVar[str] = "provenance"

    regency: str
    git: GitState
    params: Plain
    # "params/<regency>.yml" or "default (<regency>)": where the parameters came from.
    params_source: str
    # {path relative to the project (or as given): sha256}, the user's village file included.
    inputs: dict[str, str]
    versions: dict[str, str]
    # Notes the BPS table's reader made (tolerated formats).
    input_notes: list[str]
    data_sources: list[DataSource]
    # Trust grade (A/B/C) of the regency's March figures by "indicator:year".
    trust: dict[str, str] = {}
    # Conflicts between BPS tables on the rows the brief uses (kept value first; none today).
    data_conflicts: list[DataConflict] = []
    province_history: ProvinceHistory | None = None
