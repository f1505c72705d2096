"""Typed stage results: one pydantic model per stage, one serialiser, one rounding rule.

A stage computes plain Python/numpy values and returns its model; `save` writes it to
``results/<stage>.json`` through the build folder's atomic writer; the brief reads the models back
with `load` and never indexes a dict by string. Each stage's model lives in ``results/<stage>.py``.

The one rounding rule: a float field declares its published precision with `Rounded(digits)`
(``None`` keeps full precision); non-finite floats become ``null``; numpy and pandas scalars
become plain Python values. Untyped nested parts (`Plain`) go through the same `plain` function.
This module imports nothing from the stages, the brief or the pipeline.
"""

from __future__ import annotations

import contextlib
import json
import math
from typing import Annotated, Any, ClassVar, TypeVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, PlainSerializer

from analysis import build


def rounded(value: Any, digits: int | None = None) -> Any:
    """The one rounding rule: finite floats rounded to ``digits`` (None: unrounded), else None."""
    if value is None:
        return None
    if hasattr(value, "item") and not isinstance(value, (list, dict, str)):
        with contextlib.suppress(TypeError, ValueError):
            value = value.item()  # numpy scalar -> Python scalar
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            return None
        return value if digits is None else round(value, digits)
    return value


def plain(value: Any, digits: int | None = None) -> Any:
    """Make a nested structure JSON-ready by the rounding rule (dict keys become strings)."""
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, dict):
        return {str(key): plain(item, digits) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(item, digits) for item in value]
    if hasattr(value, "tolist") and not isinstance(value, str):
        return plain(value.tolist(), digits)
    if value is None:
        return None
    try:  # pandas NA / NaT
        import pandas as pd

        if value is pd.NA or value is pd.NaT:
            return None
    except ImportError:  # pragma: no cover - pandas is a dependency
        pass
    if isinstance(value, str):
        return value
    return rounded(value, digits)


def _to_float(value: Any, digits: int | None) -> Any:
    value = rounded(value, digits)  # numpy -> Python, NaN -> None, rounded once
    return None if value is None else float(value)


def Rounded(digits: int | None):  # noqa: N802 - reads as a type in model fields
    """A float field published with ``digits`` decimals (None: full precision); NaN -> null.

    The value is rounded when the model is built, so the model in memory (what a notebook shows)
    is exactly what ``results/<stage>.json`` holds and what the brief reads back.
    """
    return Annotated[
        float | None,
        BeforeValidator(lambda value: _to_float(value, digits)),
        PlainSerializer(lambda value: rounded(value, digits), return_type=Any),
    ]


def PlainWith(digits: int | None):  # noqa: N802 - reads as a type in model fields
    """An untyped nested value (dicts and lists of numbers and text) rounded by `plain`."""
    return Annotated[
        Any,
        BeforeValidator(lambda value: plain(value, digits)),
        PlainSerializer(lambda value: plain(value, digits), return_type=Any),
    ]


Plain = PlainWith(None)


class ResultModel(BaseModel):
    """Base of every stage result: unknown fields refused, immutable once built."""

    model_config = ConfigDict(extra="forbid", frozen=True, arbitrary_types_allowed=False)

    STAGE: ClassVar[str] = ""  # each stage's model names its results file

    def to_json(self) -> dict:
        """The model as the project's JSON value (rounded by the rule)."""
        return self.model_dump(mode="json")


Model = TypeVar("Model", bound=ResultModel)


def save(context: build.Context, model: ResultModel) -> ResultModel:
    """Write ``results/<stage>.json`` atomically and return the model."""
    build.write_json(model.to_json(), context.result_path(type(model).STAGE))
    return model


def load(context: build.Context, model_class: type[Model]) -> Model:
    """Read a stage's results written earlier in the same build (or scratch folder)."""
    path = context.result_path(model_class.STAGE)
    return model_class.model_validate(json.loads(path.read_text(encoding="utf-8")))
