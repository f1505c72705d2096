"""Layout files: how the columns of a household export map to families, villages and indicators.

A layout is a small YAML file (presets in ``layouts/``: ``p3ke``, ``dtsen``). It names the key
columns of the export and gives, for each of the eight indicators (`analysis.params.INDICATORS`),
a rule over the export's own columns:

``any``
    A list; the row meets the rule when ANY item holds. An item is a condition or
    ``{all: [condition, ...]}`` (every condition holds on the same row).
condition
    ``{column: <header>, in: [values]}``: the cell is one of the values;
    ``{column: <header>, not_in: [values]}``: the cell is filled and none of the values;
    ``{column: <header>, min: n}``: the cell is a number >= n;
    ``{column: <header>, between: [lo, hi]}``: the cell is a number with lo <= x <= hi.

Text is compared after stripping and case folding ("Tanah " = "tanah"). A blank cell meets no
condition: an unknown attribute never counts as a deprivation (the notes report how many cells
were blank). Headers are matched after `analysis.tables.normalise_column`, so case, spaces and
punctuation do not matter. A family has an indicator when any of its rows meets the rule (for a
person-level export: any member; for a family-level export with a duplicated family: any copy).
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from analysis.errors import InputError
from analysis.labels import Local, label_in_both
from analysis.params import INDICATORS
from analysis.register.messages import bilingual
from analysis.tables import normalise_column
from analysis.yamlread import read_yaml

LAYOUT_DIR = Path(__file__).parent / "layouts"
PRESETS = tuple(sorted(path.stem for path in LAYOUT_DIR.glob("*.yml")))


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Condition(_Strict):
    """One test on one cell of a row."""

    column: str = Field(min_length=1)
    in_: tuple[str, ...] | None = Field(default=None, alias="in")
    not_in: tuple[str, ...] | None = None
    min: float | None = None
    between: tuple[float, float] | None = None

    @model_validator(mode="after")
    def _one_test(self):
        given = [k for k in ("in_", "not_in", "min", "between") if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError(
                f"condition on column {self.column!r}: expected exactly one of in, not_in, min, "
                "between"
            )
        return self

    @property
    def numeric(self) -> bool:
        return self.min is not None or self.between is not None


class AllOf(_Strict):
    """Conditions that must all hold on the same row."""

    all: tuple[Condition, ...] = Field(min_length=1)


class Rule(_Strict):
    """An indicator rule: the row meets it when any item holds."""

    any: tuple[Condition | AllOf, ...] = Field(min_length=1)

    def groups(self) -> list[tuple[Condition, ...]]:
        """The rule as a list of AND-groups (OR over the list)."""
        return [item.all if isinstance(item, AllOf) else (item,) for item in self.any]


class Columns(_Strict):
    """The key columns of the export."""

    family_id: str = Field(min_length=1)
    village_code: str = Field(min_length=1)
    desil: str = Field(min_length=1)
    year: str | None = None
    source: str | None = None


class Layout(_Strict):
    """A validated layout file."""

    name: str = Field(min_length=1)
    label: str = Field(min_length=1, max_length=40, description="Shown as the data source")
    unit: Literal["family", "person"]
    columns: Columns
    indicators: dict[str, Rule]

    @model_validator(mode="after")
    def _all_indicators(self):
        missing = sorted(set(INDICATORS) - set(self.indicators))
        unknown = sorted(set(self.indicators) - set(INDICATORS))
        if missing or unknown:
            raise ValueError(
                f"indicators: missing {missing or 'none'}, unknown {unknown or 'none'}; expected "
                f"exactly {', '.join(INDICATORS)}"
            )
        return self

    def rule_columns(self) -> list[str]:
        """Every column the rules read, in first-use order, once."""
        seen: dict[str, None] = {}
        for name in INDICATORS:
            for group in self.indicators[name].groups():
                for condition in group:
                    seen.setdefault(condition.column, None)
        return list(seen)

    def required_columns(self) -> list[str]:
        """Columns the export must have (key columns and rule columns)."""
        keys = [self.columns.family_id, self.columns.village_code, self.columns.desil]
        if self.columns.year:
            keys.append(self.columns.year)
        return list(dict.fromkeys(keys + self.rule_columns()))

    def optional_columns(self) -> list[str]:
        """Columns read when present."""
        return [self.columns.source] if self.columns.source else []


def key(name: str) -> str:
    """The normalised form under which a header is matched."""
    return normalise_column(name)


def load_layout(name: str, base: Path | None = None) -> Layout:
    """Load a layout preset by name (``p3ke``, ``dtsen``) or a layout YAML file by path.

    Parameters
    ----------
    name : str
        A preset name of `PRESETS`, or the path of a ``.yml``/``.yaml`` file (relative paths are
        taken from ``base``).
    base : Path, optional
        Folder for relative paths (the project root when called from the params).

    Returns
    -------
    Layout
        The validated layout.

    Raises
    ------
    InputError
        For an unknown preset, a missing file or a layout that does not follow the format.
    """
    if name in PRESETS:
        path = LAYOUT_DIR / f"{name}.yml"
        shown = ("errs_reg_layout_preset", name)
    else:
        path = Path(name) if base is None or Path(name).is_absolute() else Path(base) / name
        shown = ("errs_reg_layout_file", "")  # a user's file: named by its label, not its name
        if path.suffix.lower() not in (".yml", ".yaml") or not path.is_file():
            raise InputError(
                bilingual("reg_err_layout_unknown", name=name, presets=", ".join(PRESETS))
            )
    try:
        # The project's strict reader: no aliases (a YAML bomb), no duplicate keys, size-bounded.
        # Its message names the path; a user's layout is named by its label instead.
        try:
            values = read_yaml(path)
        except InputError:
            reason = label_in_both("reg_layout_yaml_reason")
            raise InputError(_layout_message("reg_err_layout_yaml", shown, error=reason)) from None
        return Layout.model_validate(values)
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        raise InputError(
            _layout_message("reg_err_layout_yaml", shown, error=type(error).__name__)
        ) from None
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(map(str, e['loc'])) or 'layout'}: {e['msg']}" for e in error.errors()[:5]
        )
        raise InputError(
            _layout_message("reg_err_layout_invalid", shown, problems=problems)
        ) from None


def _layout_message(key: str, shown: tuple[str, str], **fields) -> str:
    """A bilingual layout message; the layout is named in the language of each line."""
    label, name = shown
    return bilingual(key, shown=Local(label, name=name), **fields)
