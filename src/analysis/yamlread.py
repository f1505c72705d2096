"""Reading a parameters file: strict YAML (no duplicate keys, no anchors), bounded in size.

Split from `analysis.params` (which validates the values): a key given twice, an anchor or alias
(a "YAML bomb"), an impossible date, text that is not UTF-8 or a file that is not a regular file
of at most `MAX_PARAMS_BYTES` is refused here with the file and line; `shown` cuts and masks a
value before it is formatted into any message.
"""

from __future__ import annotations

import reprlib
from pathlib import Path

import yaml

from analysis.errors import InputError
from analysis.personal import mask_identifiers

MAX_PARAMS_BYTES = 1_000_000  # a params file is a few dozen lines; more is a mistake or an attack


_REPR = reprlib.Repr()
_REPR.maxstring = _REPR.maxother = 80
_REPR.maxlist = _REPR.maxdict = _REPR.maxtuple = _REPR.maxset = 4
_REPR.maxlevel = 2


def shown(value) -> str:
    """A short, masked form of a value for a message; the value is cut before it is formatted
    (a huge value is never formatted whole) and identity numbers are masked."""
    if isinstance(value, str) and len(value) > 200:
        value = value[:200]
    text = mask_identifiers(_REPR.repr(value))
    return text if len(text) <= 80 else text[:77] + "..."


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
                values = f" (values {shown(first_value)} and {shown(value_node.value)})"
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
            f"line {node.start_mark.line + 1}: value {shown(node.value)} is not a valid "
            "date; expected YYYY-MM-DD such as 2025-11-27."
        ) from None


_StrictLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)


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
        line_text = raw[start : start + 80].split(b"\n")[0].decode("latin-1")
        raise InputError(
            f"{path}, line {line}: not UTF-8 text (byte {raw[error.start]:#04x} in "
            f"{line_text!r}); expected a UTF-8 file (save it again as UTF-8)."
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
            f"a {type(content).__name__} ({shown(content)})."
        )
    return content
