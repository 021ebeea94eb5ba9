"""Replacing one file whole: a reader finds the old file or the new one, never half of one.

Bottom layer: imports nothing from ``pipeline``. The commit of a year's datasets
(``pipeline.store.commit``) stages its files the same way, then renames them together.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomically(path: Path, data: bytes) -> None:
    """Replace one file that is not part of a year (a page, a cache, a snapshot) whole."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = staged_path(path)
    try:
        temporary.write_bytes(data)
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def staged_path(target: Path) -> Path:
    """A new empty file beside ``target``, hidden (its name begins with ``.``, which Parquet
    readers skip) and ending in ``.staged``, to be renamed over ``target``."""
    handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".staged", dir=target.parent)
    os.close(handle)
    os.chmod(name, 0o666 & ~_UMASK)  # mkstemp makes private files; outputs follow the umask like any file
    return target.parent / Path(name).name  # mkstemp's name is absolute; the target's may be relative


def _current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


_UMASK = _current_umask()
