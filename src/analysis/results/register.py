"""Typed results of intervention progress on the register: ``results/interventions.json``.

Aggregates only (village x indicator x year), after small-cell protection
(`analysis.register.protect`); written by `analysis.register.interventions.save` when the
parameters give ``village_data.intervention_path``.
"""

from __future__ import annotations

from typing import ClassVar

from pydantic import BaseModel

from analysis.results import ResultModel, Rounded

Float2 = Rounded(2)


class Progress(BaseModel):
    """One village, indicator and year: families in need, reached, the gap, the share reached."""

    model_config = ResultModel.model_config

    village_code: str
    village_name: str
    kecamatan_name: str
    indicator: str
    opd: str
    year: int
    need: int
    reached: int
    gap: int
    share_reached_pct: Float2 | None


class InterventionResults(ResultModel):
    """Intervention progress per village and indicator over the register's years."""

    STAGE: ClassVar[str] = "interventions"

    is_simulated: bool
    years: list[int]
    small_cell_threshold: int
    rows: list[Progress]
    notes: list[str]
