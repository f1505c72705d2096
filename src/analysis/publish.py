"""Publish a finished build in one step, each language its own files.

Layout of ``reports/<regency>/``::

    .v-<build id>/           one complete published version: every file of every language
    .current -> .v-<id>      the version readers see (a relative symlink)
    brief.pdf -> .current/brief.pdf          Indonesian brief (and its annex, run.json, ...)
    brief.en.pdf -> .current/brief.en.pdf    English brief (BRIEF_LANG=en)
    results/ figures/ notebooks/ (.en)       links into .current as well
    .staging-<pid>/ .lock build.log scratch/  a build in progress, its lock, its log, hand runs

Every published name is a fixed link into ``.current``. Publishing fills a new version folder
(this build's files moved from staging, the other language's files hard-linked from the current
version), then replaces ``.current`` with ``os.replace`` of a new symlink: the one step that makes
the whole new build visible, both languages included. Interrupted before that step, readers still
see the old version, whole; after it, the new one. Versions and links left by an interrupted
publish are removed by the next build (`remove_stale`). Nothing here deletes a file a reader sees.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path

DEFAULT_LANGUAGE = "id"  # its files carry no language mark: brief.pdf, run.json
CURRENT = ".current"
VERSION_PREFIX = ".v-"
MANIFEST_NAME = ".manifest"
PUBLISHED_BASES = ("brief.pdf", "run.json", MANIFEST_NAME, "results", "figures", "notebooks")

Step = Callable[[str], None]


def variant_name(name: str, language: str) -> str:
    """Published name of ``name`` for ``language``: ``brief.pdf`` -> ``brief.en.pdf`` for "en".

    The default language (Indonesian) keeps the plain name; a name already marked with the
    language is returned unchanged.
    """
    if language == DEFAULT_LANGUAGE or language_of(name) == language:
        return name
    path = Path(name)
    if path.suffix:
        return f"{path.stem}.{language}{path.suffix}"
    return f"{name}.{language}"


def language_of(name: str) -> str:
    """Language a published name belongs to (its ``.en`` mark, else the default language)."""
    suffixes = Path(name).suffixes
    marks = [s[1:] for s in suffixes if s[1:] in ("en",)]
    return marks[0] if marks else DEFAULT_LANGUAGE


def is_published_name(name: str) -> bool:
    """True for a name the build publishes (brief, annex, run record, manifest, result folders)."""
    base = name
    for suffix in (".en",):
        base = base.replace(suffix, "")
    return base in PUBLISHED_BASES or (base.startswith("lampiran_") and base.endswith(".xlsx"))


def current_version(folder: Path) -> Path | None:
    """The version folder readers see, or None before the first publish."""
    link = folder / CURRENT
    if not link.is_symlink():
        return None
    target = folder / os.readlink(link)
    return target if target.is_dir() else None


def new_build_id() -> str:
    """A build id, unique per build and sortable by time: ``20261128T104500-1234``."""
    return f"{time.strftime('%Y%m%dT%H%M%S', time.gmtime())}-{os.getpid()}-{time.time_ns() % 10**6}"


def publish(
    staging: Path,
    folder: Path,
    names: list[str],
    language: str = DEFAULT_LANGUAGE,
    digest: str = "",
    step: Step | None = None,
) -> Path:
    """Make the build in ``staging`` the published one, in one atomic step.

    Parameters
    ----------
    staging : Path
        Finished build: ``names`` (files or folders) under their build names (``brief.pdf``).
    folder : Path
        The regency's folder, ``reports/<regency>/``; the caller holds its lock.
    names : list of str
        Entries of ``staging`` to publish; each is published as ``variant_name(name, language)``.
    language : str
        Language of this build; the other language's files of the current version are kept.
    digest : str
        Digest of the build's inputs (`analysis.provenance.manifest_digest`), published as the
        language's manifest so that ``is_up_to_date`` holds exactly when this build is visible.
    step : callable, optional
        Called with a step name between every two file-system operations (tests interrupt there).

    Returns
    -------
    Path
        The new version folder.
    """
    step = step or (lambda name: None)
    migrate_legacy(folder, step)
    old = current_version(folder)
    version = folder / f"{VERSION_PREFIX}{new_build_id()}"
    version.mkdir()
    step("version folder created")
    for name in names:
        os.replace(staging / name, version / variant_name(name, language))
        step(f"moved {name}")
    if digest:
        manifest = version / variant_name(MANIFEST_NAME, language)
        manifest.write_text(digest + "\n", encoding="utf-8")
        step("manifest written")
    if old is not None:
        for entry in sorted(old.iterdir()):
            if language_of(entry.name) != language and not (version / entry.name).exists():
                _link_tree(entry, version / entry.name)
                step(f"kept {entry.name}")
    for entry in sorted(version.iterdir()):
        _ensure_link(folder, entry.name)
        step(f"linked {entry.name}")
    _replace_symlink(folder / CURRENT, version.name)
    step("switched")
    remove_stale(folder, step)
    return version


def remove_stale(folder: Path, step: Step | None = None) -> None:
    """Remove what an interrupted publish left: other versions, temporary and dangling links.

    Only the current version is kept; a link whose target is not in it is removed (its file
    belongs to no visible build). The caller holds the regency's lock.
    """
    step = step or (lambda name: None)
    current = current_version(folder)
    for entry in sorted(folder.iterdir()):
        if entry.name.startswith(VERSION_PREFIX) and entry != current and entry.is_dir():
            shutil.rmtree(entry, ignore_errors=True)
            step(f"removed {entry.name}")
        elif entry.name.startswith((f"{CURRENT}.tmp-", ".link-tmp-")):
            if entry.is_dir() and not entry.is_symlink():  # a migrated folder, exchanged away
                shutil.rmtree(entry, ignore_errors=True)
            else:
                entry.unlink(missing_ok=True)
        elif (
            entry.is_symlink()
            and os.readlink(entry).startswith(f"{CURRENT}/")
            and not entry.exists()
        ):
            entry.unlink(missing_ok=True)
            step(f"unlinked {entry.name}")


def migrate_legacy(folder: Path, step: Step | None = None) -> None:
    """Turn files published by a version without ``.current`` into links to a version folder.

    Each real file is replaced by a link to an identical (hard-linked) copy, so a reader sees the
    same content at every moment; a real folder is exchanged with its link atomically where the
    kernel can (``renameat2``), else renamed away just before its link is made.
    """
    step = step or (lambda name: None)
    legacy = [
        entry
        for entry in sorted(folder.iterdir())
        if is_published_name(entry.name) and not entry.is_symlink()
    ]
    if not legacy or current_version(folder) is not None:
        return
    version = folder / f"{VERSION_PREFIX}{new_build_id()}"
    version.mkdir()
    for entry in legacy:
        _link_tree(entry, version / entry.name)
    _replace_symlink(folder / CURRENT, version.name)
    step("legacy version created")
    for entry in legacy:
        link = folder / f".link-tmp-{os.getpid()}-{entry.name}"
        link.unlink(missing_ok=True)
        link.symlink_to(f"{CURRENT}/{entry.name}")
        if entry.is_dir():
            if _exchange(link, entry):
                step(f"exchanged {entry.name}")
                shutil.rmtree(link)
            else:
                retired = folder / f"{VERSION_PREFIX}retired-{os.getpid()}-{entry.name}"
                os.rename(entry, retired)
                os.replace(link, entry)
        else:
            os.replace(link, entry)
        step(f"migrated {entry.name}")


def _link_tree(source: Path, target: Path) -> None:
    """Hard-link a file or a folder's files (copy where the file system refuses links)."""
    if source.is_dir():
        shutil.copytree(source, target, copy_function=_link_or_copy)
    else:
        _link_or_copy(source, target)


def _link_or_copy(source, target) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def _ensure_link(folder: Path, name: str) -> None:
    """Make ``folder/name`` a link to ``.current/name`` (atomically replacing anything else)."""
    link = folder / name
    wanted = f"{CURRENT}/{name}"
    if link.is_symlink() and os.readlink(link) == wanted:
        return
    if link.exists() and not link.is_symlink() and link.is_dir():
        return  # a real folder of an older layout is migrated by `migrate_legacy`, not here
    _replace_symlink(link, wanted)


def _replace_symlink(link: Path, target: str) -> None:
    temporary = link.with_name(f"{CURRENT}.tmp-{os.getpid()}-{link.name}")
    temporary.unlink(missing_ok=True)
    temporary.symlink_to(target)
    os.replace(temporary, link)


def _exchange(first: Path, second: Path) -> bool:
    """Swap two paths atomically (Linux ``renameat2(RENAME_EXCHANGE)``); False if unsupported."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError, TypeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    result = renameat2(at_fdcwd, os.fsencode(first), at_fdcwd, os.fsencode(second), rename_exchange)
    return result == 0
