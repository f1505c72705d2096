"""A disk cache of what the pipeline derives from the public raw data, kept between processes.

Validating the national BPS tables, reading the official village list and computing every
province's forecast backtests take seconds and give the same result for the same files and the
same code, so each `make report` used to pay them again. `cached` keeps such a result under
`analysis.paths.cache_dir` (``data/processed/cache/``, ignored by git, removed by ``make clean``):

* the key is a SHA-256 of the caller's parts (the exact bytes of every input file, through
  `file_digest`, and whatever else the result depends on) and of `code_version`, a hash of every
  source file of the package and the Python, pandas and numpy versions, so a changed input file
  or a changed line of code never reuses an entry;
* an entry is written atomically (a temporary file in the same folder, then a rename) and holds
  its own key, so a truncated, corrupt or misplaced file is ignored and rebuilt;
* only public inputs are cached (the BPS tables, the official code and area lists, results derived
  from them). A user's village files, registers or anything else that may hold personal data is
  never passed here: household or personal rows never touch disk.

``TKPK_CACHE=off`` switches the disk cache off (every result is computed); a folder that cannot be
written is the same as no cache.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

from analysis import paths

T = TypeVar("T")
# Entries kept per namespace for the current code: enough for a national batch's backtests (a few
# per province and horizon) and a few data versions; beyond it the oldest are removed when a new
# one is written, and entries of any other code version always are.
MAX_ENTRIES = 400
# Bytes kept per namespace: about ten versions of the combined table or of the area lists (3 MB
# each), so that the small tables of the tests never push the real one out.
MAX_BYTES = 32_000_000
_FORMAT = 1  # bump when the entry layout changes


def enabled() -> bool:
    """Whether results are read from and written to disk (``TKPK_CACHE=off`` switches it off)."""
    return os.environ.get("TKPK_CACHE", "").strip().lower() not in {"off", "0", "no", "false"}


@lru_cache(maxsize=1)
def code_version() -> str:
    """A hash of every source file of the package and of the library versions that pickle."""
    import numpy
    import pandas

    digest = hashlib.sha256()
    digest.update(f"{_FORMAT} {sys.version} {pandas.__version__} {numpy.__version__}".encode())
    package = Path(__file__).resolve().parent
    for path in sorted(package.rglob("*.py")):
        digest.update(str(path.relative_to(package)).encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def file_digest(path: Path) -> str:
    """SHA-256 of a file's bytes ('' for a missing file).

    Read every time (about 2 ms per MB): a key from the modification time alone would miss a
    file rewritten within the clock's resolution.
    """
    try:
        with open(path, "rb") as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest()
    except FileNotFoundError:
        return ""


def entry_path(namespace: str, parts: tuple) -> Path:
    """Where the entry of ``parts`` (hashed with `code_version`) is kept."""
    key = hashlib.sha256(repr((code_version(), parts)).encode()).hexdigest()
    return paths.cache_dir() / namespace / f"{_prefix()}-{key}.pkl"


def _prefix() -> str:
    """The start of every entry's name written by this code version."""
    return code_version()[:16]


def _read(path: Path, parts: tuple) -> tuple[bool, Any]:
    """(True, value) for an intact entry of ``parts``; (False, None) for none or a bad one."""
    try:
        with open(path, "rb") as handle:
            stored_parts, version, value = pickle.load(handle)
    except FileNotFoundError:
        return False, None
    except Exception:  # a truncated or foreign file (any unpickling error): rebuilt
        return False, None
    if stored_parts != repr(parts) or version != code_version():
        return False, None
    return True, value


def _write(path: Path, parts: tuple, value: Any, keep: int) -> None:
    """Keep an entry atomically; a folder that cannot be written only costs the next run time."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
    except OSError:
        return
    try:
        with os.fdopen(handle, "wb") as stream:
            pickle.dump((repr(parts), code_version(), value), stream, pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
    except (OSError, pickle.PicklingError, TypeError, AttributeError):
        pass
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
    _prune(path.parent, keep)


def _prune(folder: Path, keep: int) -> None:
    """Remove entries of other code versions, and the oldest of this one beyond ``keep`` entries
    or `MAX_BYTES` (the newest entry always stays)."""
    try:
        current = []
        for entry in folder.glob("*.pkl"):
            if entry.name.startswith(_prefix() + "-"):
                state = entry.stat()
                current.append((state.st_mtime, state.st_size, entry))
            else:
                entry.unlink(missing_ok=True)
        total = 0
        for count, (_, size, entry) in enumerate(sorted(current, reverse=True)):
            total += size
            if count >= keep or (count and total > MAX_BYTES):
                entry.unlink(missing_ok=True)
    except OSError:
        pass  # another process removed it first


def cached(namespace: str, parts: tuple, compute: Callable[[], T], keep: int = MAX_ENTRIES) -> T:
    """Return the kept result for ``parts``, or compute it, keep it and return it.

    Parameters
    ----------
    namespace : str
        A sub-folder of the cache (one per kind of result, e.g. "bps", "forecast").
    parts : tuple
        Everything the result depends on besides the code: the `file_digest` of each input file,
        the paths that appear in messages or notes, options. Its ``repr`` is the key, so parts
        must have a stable ``repr`` (str, int, float, tuples of them).
    compute : callable
        Computes the result when no intact entry exists; what it raises passes through and
        nothing is kept.
    keep : int
        Entries of this code version kept in the namespace (the newest), within `MAX_BYTES`.
    """
    if not enabled():
        return compute()
    path = entry_path(namespace, parts)
    found, value = _read(path, parts)
    if found:
        return value
    value = compute()
    _write(path, parts, value, keep)
    return value
