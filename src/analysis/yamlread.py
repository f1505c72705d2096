"""Reading a parameters file: strict YAML (no duplicate keys, no anchors), bounded in size.

Split from `analysis.params` (which validates the values): a key given twice, an anchor or alias
(a "YAML bomb"), an impossible date, text that is not UTF-8 or a file that is not a regular file
of at most `MAX_PARAMS_BYTES` is refused here with the file and line; `shown` cuts and masks a
value before it is formatted into any message. Messages are bilingual (catalogue keys
``errf_yaml_*``), and reading is bounded in time (`analysis.userfiles.bounded_read`).
"""

from __future__ import annotations

import re
import reprlib
from pathlib import Path

import yaml

from analysis.errors import InputError
from analysis.personal import mask_identifiers
from analysis.userfiles import Local, bounded_read, check_regular_file, message

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


class _RefusedError(Exception):
    """A value the loader refuses: a catalogue key and its fields, turned into an `InputError`
    naming the file by `read_yaml` (the loader does not know the file)."""

    def __init__(self, name: str, /, **fields):
        super().__init__(name)
        self.name = name
        self.fields = fields


class _StrictLoader(yaml.SafeLoader):
    """A safe YAML loader that refuses a key given twice in the same mapping, and every anchor
    (``&name``) and alias (``*name``): ten lines of nested aliases expand to billions of values
    (a "YAML bomb"), and a parameters file needs none."""

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise _RefusedError("errf_yaml_alias", line=event.start_mark.line + 1)
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
            values: Local | str = ""
            if isinstance(first_value, str) and isinstance(value_node.value, str):
                values = Local(
                    "errf_yaml_values", first=shown(first_value), second=shown(value_node.value)
                )
            raise _RefusedError(
                "errf_yaml_twice",
                line=key_node.start_mark.line + 1,
                key=shown(key).strip("'"),
                first=first_line,
                values=values,
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
        raise _RefusedError(
            "errf_yaml_date", line=node.start_mark.line + 1, value=shown(node.value)
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
    check_regular_file(path, "errf_expect_yaml", MAX_PARAMS_BYTES)
    with bounded_read(str(path)):
        content = _load(path)
    if content is None:
        raise InputError(message("errf_yaml_empty", file=path))
    if not isinstance(content, dict):
        kind = _KINDS.get(type(content).__name__)
        kind = Local(kind) if kind else type(content).__name__
        raise InputError(
            message("errf_yaml_not_mapping", file=path, kind=kind, value=shown(content))
        )
    return content


# The types a YAML document may be instead of a mapping, as messages name them.
# PyYAML's problems a hand-edited params file meets, by the words PyYAML uses (its scanner and
# parser, `yaml.scanner`, `yaml.parser`), with the catalogue text that explains each.
_PROBLEMS = [
    (re.compile(r"mapping values are not allowed here"), "errf_yamlp_mapping"),
    (re.compile(r"found character '\\t' that cannot start any token"), "errf_yamlp_tab"),
    (
        re.compile(r"found character (?P<found>'.{1,12}') that cannot start any token"),
        "errf_yamlp_character",
    ),
    (re.compile(r"found unexpected end of stream"), "errf_yamlp_unclosed"),
    (re.compile(r"expected the node content, but found (?P<found>'.{1,40}')"), "errf_yamlp_node"),
    (
        re.compile(r"expected ',' or '(?P<close>[\]}])', but got (?P<found>'.{1,40}')"),
        "errf_yamlp_flow",
    ),
    (re.compile(r"expected <block end>, but found (?P<found>'.{1,40}')"), "errf_yamlp_block"),
    (re.compile(r"found unknown escape character '(?P<found>.{1,12})'"), "errf_yamlp_escape"),
]


# PyYAML's names of what it found instead, said in Indonesian (English keeps PyYAML's names).
_TOKENS_ID = {
    "'<stream end>'": "akhir berkas",
    "'<scalar>'": "nilai lain",
    "'<block mapping start>'": "awal pemetaan baru",
    "'<block end>'": "akhir blok",
    "'?'": "kunci baru",
    "'-'": "butir daftar '-'",
}


def yaml_problem(problem: str) -> Local | str:
    """PyYAML's problem in the message's language: a catalogue text for the usual ones, else
    PyYAML's own (English) words, cut short."""
    for pattern, key in _PROBLEMS:
        matched = pattern.fullmatch(problem)
        if matched:
            fields = matched.groupdict()
            token = fields.get("found")
            if token in _TOKENS_ID:
                fields["found"] = {"id": _TOKENS_ID[token], "en": token}
            return Local(key, **fields)
    return problem[:120]


_KINDS = {name: f"errf_yaml_{name}" for name in ("list", "str", "int", "float", "bool")}


def _load(path: Path):
    """The YAML document of a parameters file (`read_yaml` without the checks of the result)."""
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        start = raw.rfind(b"\n", 0, error.start) + 1
        line_text = raw[start : start + 80].split(b"\n")[0].decode("latin-1")
        raise InputError(
            message(
                "errf_yaml_not_utf8",
                file=path,
                line=line,
                byte=f"{raw[error.start]:#04x}",
                text=shown(line_text),
            )
        ) from None
    try:
        return yaml.load(text, Loader=_StrictLoader)  # a SafeLoader subclass: no object tags
    except InputError:  # the time limit (`bounded_read`): an InputError is a ValueError too
        raise
    except _RefusedError as refused:
        raise InputError(message(refused.name, file=path, **refused.fields)) from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = Local("errf_yaml_where", line=mark.line + 1, column=mark.column + 1) if mark else ""
        problem = getattr(error, "problem", None) or str(error)
        raise InputError(
            message("errf_yaml_invalid", file=path, where=where, problem=yaml_problem(problem))
        ) from None
    except (ValueError, TypeError, OverflowError) as error:
        # A safety net: PyYAML's constructors raise plain errors for values they cannot build.
        raise InputError(message("errf_yaml_value", file=path, reason=str(error)[:120])) from None
    except RecursionError:
        raise InputError(message("errf_yaml_deep", file=path)) from None
