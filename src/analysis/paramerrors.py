"""Messages of the parameters check (`analysis.params`) in Indonesian and then English.

Texts are in `analysis.labels.parts_err_data` (keys ``errd_p*``). The model's own checks raise a
pydantic error carrying a catalogue key (`fail`); `describe` turns a validation error into one
Indonesian and one English line per problem, naming the file, the field, the value (shortened and
masked by `analysis.yamlread.shown`) and what is expected. pydantic's common error types have
catalogue texts; a rare one keeps pydantic's English text.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable

from pydantic import ValidationError
from pydantic_core import PydanticCustomError

from analysis.labels import CATALOGUE, Local, singular_counts, text
from analysis.personal import mask_identifiers
from analysis.yamlread import shown as _shown


def fail(key: str, /, **fields) -> PydanticCustomError:
    """A model error carrying a catalogue key and its fields, rendered in both languages by
    `describe` (pydantic's own text of it is the English one)."""
    return PydanticCustomError(key, CATALOGUE["en"][key], fields)


def part(key: str, /, **fields) -> Local:
    """A piece of a message (a catalogue key and its fields) filled in each language."""
    return Local(key, **fields)


def render(key: str, lang: str, fields: dict) -> str:
    """The catalogue text ``key`` in ``lang``, `part` pieces filled in ``lang`` too."""
    return singular_counts(text(key, lang, **fields), lang)


def bilingual(key: str, /, **fields) -> str:
    """Indonesian, then "(en) " and English, with `part` pieces filled in each language."""
    return f"{render(key, 'id', fields)}\n(en) {render(key, 'en', fields)}"


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


def names(keys) -> str:
    """User-written keys for a message: each shortened and masked (a key may be anything)."""
    return ", ".join(mask_identifiers(str(key)[:40]) for key in keys)


def unknown_key(loc: tuple, allowed: list[str]) -> Local:
    """Describe an unknown key with the keys ``allowed`` at that place and the closest one."""
    close = difflib.get_close_matches(str(loc[-1]), allowed, n=1)
    return part(
        "errd_p_unknown",
        hint=part("errd_p_unknown_hint", name=close[0]) if close else "",
        listed=part("errd_p_unknown_listed", names=", ".join(allowed)) if allowed else "",
    )


def number_as_text(value: str, kind: str) -> Local | None:
    """Why a text given for a number is text, when it looks like a number; None otherwise."""
    written = value.strip()
    example = "2025" if kind == "int_type" else "8.5"
    if re.fullmatch(r"-?[0-9]+,[0-9]+", written):
        return part("errd_p_comma", fixed=written.replace(",", "."))
    try:
        float(written)
    except ValueError:
        return None
    if re.search(r"[eE][0-9]", written):  # YAML 1.1 reads 1.0e308 as text, 1.0e+308 as a number
        return part("errd_p_exponent", example=example)
    return part("errd_p_quoted", text=mask_identifiers(written[:40]))


def split_numbers(values, prefix: str = "") -> Local | None:
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
                return part("errd_p_split", field=f"{prefix}{field}", number=number, after=key)
        found = split_numbers(value, f"{prefix}{key}.")
        if found:
            return found
        previous = (key, value)
    return None


def problem(item: dict, allowed: Callable[[tuple], list[str]]) -> Local:
    """The message of one pydantic error (without file and field), as a `part`."""
    kind, ctx = item["type"], item.get("ctx") or {}
    if kind.startswith("errd_pv_"):  # a field check of the model: its own catalogue text
        return part(kind, **ctx)
    if kind == "extra_forbidden":
        return unknown_key(item["loc"], allowed(item["loc"]))
    if kind == "missing":
        return part("errd_p_missing")
    if kind == "string_pattern_mismatch" and item["loc"][-1] in _PATTERNS:
        return part("errd_p_pattern", what=part(_PATTERNS[item["loc"][-1]]))
    if kind in ("int_type", "float_type"):
        # The hint "without quotes" only when the value was in quotes.
        quoted = isinstance(item.get("input"), str)
        return part(f"errd_p_{kind}", unquoted=part("errd_p_unquoted") if quoted else "")
    if kind == "string_type":
        return part("errd_p_string_type")
    if kind == "literal_error":
        expected = str(ctx.get("expected", ""))
        if " or " in expected:  # "'a', 'b' or 'c'": the last "or" in the message's language
            head, last = expected.rsplit(" or ", 1)
            expected = part("errd_p_choices", head=head, last=last)
        return part("errd_p_literal_error", expected=expected)
    if kind in _TYPES and (kind not in ("string_too_short", "string_too_long") or ctx):
        key = "errd_p_dict_type" if kind == "model_type" else f"errd_p_{kind}"
        return part(key, **{name: str(value) for name, value in ctx.items()})
    message = (
        item["msg"]
        .removeprefix("Value error, ")
        .replace("Input should be ", "expected ", 1)
        .replace("Keys should be strings", "expected the key to be a name", 1)
    )
    return part("errd_p_pydantic", message=mask_identifiers(message[:200]))


def describe(
    error: ValidationError, source: str | Local, allowed: Callable[[tuple], list[str]]
) -> str:
    """Each problem of a validation error in Indonesian and then English, one line each.

    Parameters
    ----------
    error : pydantic.ValidationError
        The model's error.
    source : str or Local
        The file named in every line, or a catalogue piece (`part`) said in each language.
    allowed : callable
        The keys allowed at a place (a field's location), named for an unknown key.

    Returns
    -------
    str
        Per problem an Indonesian line, then the English one starting with "(en) ".
    """
    lines = []
    for item in error.errors():
        if item["type"].startswith("errd_pf_"):  # a check that names its field itself
            lines.append(
                bilingual("errd_p_whole", source=source, message=part(item["type"], **item["ctx"]))
            )
            continue
        field = ".".join(str(part) for part in item["loc"])
        field = mask_identifiers(field[:80]) if field else part("errd_p_top")
        value = item.get("input")
        if item["type"] in ("float_type", "int_type") and isinstance(value, str):
            reason = number_as_text(value, item["type"])
            if reason:
                lines.append(
                    bilingual(
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
            else part("errd_p_shown", value=_shown(value))
        )
        lines.append(
            bilingual(
                "errd_p_line",
                source=source,
                field=field,
                shown=shown,
                message=problem(item, allowed),
            )
        )
    return "\n".join(lines)
