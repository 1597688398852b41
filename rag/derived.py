"""Where the indexes derived from the store's passages (BM25, sentence vectors) live on disk, and how they are
saved and loaded.

`rag index` builds them (index/derive.py) and saves each into its own folder named after the store revision it
was built from; question time only loads them. Building them at question time took longer than 30 minutes on a
15,000-passage folder, so a question never builds: when the folder for the store's current revision is missing
or was written by another version, `load_current` returns None and retrieval falls back to what it has (see
rag/retrieve.py), with a notice that says to run `rag index`.

A save is atomic: everything is written to a hidden temporary folder, `meta.json` last, and the folder is then
renamed into place. A run killed part way leaves only the temporary folder (removed by the next save), so the
last good index stays loadable.
"""

from __future__ import annotations

import json
import os
import shutil
import threading
from pathlib import Path
from typing import Any, Callable, TypeVar

FORMAT = "5"  # bump when what is saved changes shape or meaning, so older folders count as missing
META = "meta.json"

T = TypeVar("T")
_lock = threading.Lock()
_memory: dict[tuple[str, str], tuple[str, Any]] = {}  # (cache dir, name) -> (revision, loaded index)


def folder_for(cache_dir: Path, name: str, revision: str) -> Path:
    """The folder holding index `name` (e.g. "bm25-passages") built from store revision `revision`."""
    return cache_dir / f"{name}-{revision}"


def is_complete(folder: Path, formats: tuple[str, ...] = (FORMAT,)) -> bool:
    """True when `folder` holds a finished save (its meta.json is written last) of one of `formats`: by
    default the current one."""
    try:
        return json.loads((folder / META).read_text()).get("format") in formats
    except (OSError, ValueError, AttributeError):
        return False


def save_atomic(folder: Path, write: Callable[[Path], None], info: dict[str, Any] | None = None) -> None:
    """Write an index with `write(tmp_folder)`, then put it at `folder` in one rename; on any failure the
    temporary folder is removed and whatever was at `folder` before is left as it was."""
    tmp = folder.with_name(f".{folder.name}.tmp-{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    try:
        write(tmp)
        (tmp / META).write_text(json.dumps({**(info or {}), "format": FORMAT}))
        if folder.exists():  # the same revision rebuilt (e.g. after a format change)
            old = folder.with_name(f".{folder.name}.old-{os.getpid()}")
            folder.rename(old)
            tmp.rename(folder)
            shutil.rmtree(old, ignore_errors=True)
        else:
            tmp.rename(folder)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def prune(cache_dir: Path, name: str, keep: Path) -> None:
    """Remove the other revisions of index `name` and temporary folders left by killed runs."""
    for old in [*cache_dir.glob(f"{name}-*"), *cache_dir.glob(f".{name}-*")]:
        if old != keep:
            shutil.rmtree(old, ignore_errors=True)


def latest_complete(cache_dir: Path, name: str, formats: tuple[str, ...] = (FORMAT,)) -> Path | None:
    """The most recently written finished folder of index `name`, whatever its revision, in one of `formats`
    (for reuse: an older format may still hold parts that mean the same)."""
    done = [f for f in cache_dir.glob(f"{name}-*") if is_complete(f, formats)]
    return max(done, key=lambda f: (f / META).stat().st_mtime, default=None)


def load_current(cache_dir: Path, name: str, revision: str, load: Callable[[Path], T]) -> T | None:
    """Index `name` for store revision `revision`: from memory, else loaded from disk; None when it was not
    built (or not finished) for that revision. Never builds anything."""
    key = (str(cache_dir), name)
    with _lock:
        cached = _memory.get(key)
        if cached is not None and cached[0] == revision:
            return cached[1]
        folder = folder_for(cache_dir, name, revision)
        if not is_complete(folder):
            return None
        try:
            index = load(folder)
        except (OSError, ValueError, KeyError, TypeError):
            return None
        _memory[key] = (revision, index)
        return index


def forget() -> None:
    """Drop every index held in memory (tests use it to act like a fresh process)."""
    with _lock:
        _memory.clear()
