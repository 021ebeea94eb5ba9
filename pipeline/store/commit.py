"""Committing a year's datasets all together, and repairing what an interrupted commit left.

A year is one Parquet file per dataset plus its manifest. Whatever happens to the writer (an
exception, a full disk, the process killed between any two system calls), a reader must
find the old year or the new one, whole. The layout, one file per dataset and year where
every Parquet reader looks for it, rules out swapping one directory or one pointer, so a
year is committed the way databases commit a transaction (SQLite's journal, the commit
record of Delta Lake and Iceberg, git's ref update):

1. stage: each file is written next to its target under a name that begins with ``.``
   (Parquet readers skip it) and ends with ``.staged``, and flushed to disk;
2. commit: one record, ``<out>/.commit.json``, names every staged file with its target, size
   and sha256. It is staged too, then renamed into place: that rename is the commit point;
3. apply: the staged files are renamed over their targets, the manifest last, and the
   record is removed.

So a record on disk means "this commit happened" and whoever opens the folder next finishes
it (rolls forward); staged files without a record mean "it never happened" and are deleted
(rolled back). Every command that opens an output folder does this first (:func:`repair`),
so staged files never outlive the next command; a commit that fails in its own process is
repaired at once. Files and directories are fsync'd at each step, so a power cut leaves the
same two possibilities, as far as the disk keeps what fsync promises.

A commit holds the folder's exclusive lock (``pipeline.store.lock``) from its first staged byte to
the record's removal, and da-extract's own readers hold it shared (:func:`reading`): a staged
file found under the lock was left by a process that died, and those readers never see a
commit half applied.

The manifest lists every dataset file of its year with its size and sha256, so
``pipeline.store.verify`` can check a year against it and against ``pipeline/datasets/schema.py``.
Where each file goes is ``pipeline.store.layout``'s; its bytes, ``pipeline.store.encoding``'s.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from contextlib import contextmanager
from pathlib import Path

from pipeline.files import staged_path
from pipeline.store.datapackage import write_datapackage
from pipeline.store.encoding import json_bytes, parquet_bytes
from pipeline.store.layout import commit_record_path, dataset_path, has_manifests, manifest_path, staged_files
from pipeline.store.lock import locked

# -- the commit ---------------------------------------------------------------------


def write_year(out: Path, year: int, tables: dict, manifest: dict, log=None) -> dict:
    """Commit one year's datasets and its manifest, all or none, then describe every year of the
    folder in ``datapackage.json`` under the same lock. Returns the manifest as written:
    ``manifest`` with the seconds spent writing the datasets, and ``files``, the path (relative to
    ``out``), size and sha256 of each dataset file."""
    out, log = Path(out), log or _quiet
    with locked(out, exclusive=True, log=log):
        with _committing(out, year, log) as commit:
            started = time.perf_counter()
            files = [
                commit.stage(dataset_path(out, name, year), parquet_bytes(table))
                for name, table in sorted(tables.items())
            ]
            seconds = {**manifest["seconds"], "write": round(time.perf_counter() - started, 3)}
            manifest = {**manifest, "seconds": seconds, "files": files}
            commit.stage(manifest_path(out, year), json_bytes(manifest))
        write_datapackage(out)  # derived from the manifests: a fault here leaves the year whole
    return manifest


class _Commit:
    def __init__(self, out: Path, year: int):
        self.out, self.year, self.entries = out, year, []

    def stage(self, target: Path, data: bytes) -> dict:
        """Write ``data`` next to ``target``, to replace it at the commit; return the file's entry."""
        target.parent.mkdir(parents=True, exist_ok=True)
        staged = staged_path(target)
        entry = {"path": self._relative(target), "size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
        self.entries.append({**entry, "staged": self._relative(staged)})
        write_durably(staged, data)
        return entry

    def finish(self) -> None:
        """Record the commit, then rename its files into place."""
        _sync_directories(self.out, self.entries)
        record = staged_path(commit_record_path(self.out))
        write_durably(record, json_bytes({"report_year": self.year, "files": self.entries}))
        os.replace(record, commit_record_path(self.out))  # the commit point
        _sync_directory(self.out)
        _rename_into_place(self.out, self.entries)

    def _relative(self, path: Path) -> str:
        return path.relative_to(self.out).as_posix()


@contextmanager
def _committing(out: Path, year: int, log):
    """Under the folder's exclusive lock, which the caller holds."""
    _roll(out, log)
    commit = _Commit(out, year)
    try:
        yield commit
        commit.finish()
    except BaseException:
        log(f"{year} write: failed; {_repair_after_failure(out, year)}")
        raise


def _repair_after_failure(out: Path, year: int) -> str:
    try:
        rolled = _roll(out, _quiet)
    except OSError:
        return f"the next da-extract command on {out} repairs it"
    if rolled == "forward":
        return f"the commit was recorded, so the new {year} extraction is in place"
    return f"the previous {year} extraction, if any, stays in place"


def _rename_into_place(out: Path, entries: list[dict]) -> None:
    """Rename the staged files over their targets, then remove the commit record."""
    for entry in entries:
        staged = out / entry["staged"]
        if staged.exists():  # rolling forward: the renames done before the fault are not redone
            os.replace(staged, out / entry["path"])
    _sync_directories(out, entries)
    commit_record_path(out).unlink()
    _sync_directory(out)


def write_durably(path: Path, data: bytes) -> None:
    """Write a file and flush it to the disk: the one place a commit writes bytes."""
    with open(path, "wb") as file:
        file.write(data)
        file.flush()
        os.fsync(file.fileno())


def _sync_directories(out: Path, entries: list[dict]) -> None:
    """Flush the folders holding the files, and the folders holding those (which may be new)."""
    folders = {(out / entry["path"]).parent for entry in entries}
    for folder in sorted(folders | {folder.parent for folder in folders}):
        _sync_directory(folder)


def _sync_directory(folder: Path) -> None:
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


# -- repairing what an interrupted commit left --------------------------------------


def repair(out: Path, log=None) -> None:
    """Finish the commit an interrupted writer recorded, or delete what it staged without
    recording; wait for a commit in progress. Costs two globs when there is nothing to do."""
    out, log = Path(out), log or _quiet
    if _leftovers(out):
        with locked(out, exclusive=True, log=log):
            _roll(out, log)


@contextmanager
def reading(out: Path, log=None):
    """Read ``out`` while no commit changes it: wait for a writer, repair what a dead one left.
    A folder without ``manifest/`` (a snapshot, or nothing extracted yet) is read as it is."""
    out, log = Path(out), log or _quiet
    while True:
        repair(out, log)
        if not has_manifests(out):
            yield
            return
        with locked(out, exclusive=False, log=log):
            if not _leftovers(out):  # otherwise a writer died between the repair and the lock: again
                yield
                return


def _roll(out: Path, log) -> str | None:
    """Under the exclusive lock: roll a recorded commit forward, then delete any staged file
    (none is left by a live writer). Returns "forward", "back" or None when nothing was left."""
    record = _read_record(out)
    if record is not None:
        _rename_into_place(out, record["files"])
        log(f"{out}: finished the interrupted commit of {record['report_year']} (rolled forward)")
    staged = staged_files(out)
    for path in staged:
        path.unlink()
    if staged and record is None:
        log(f"{out}: removed {len(staged)} staged file(s) of an interrupted commit (rolled back)")
    return "forward" if record is not None else "back" if staged else None


def _read_record(out: Path) -> dict | None:
    path = commit_record_path(out)
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except ValueError:
        record = None
    if isinstance(record, dict) and isinstance(record.get("files"), list):
        return record
    # Written whole before its rename, so only something else can have broken it: rolled
    # back like an unrecorded commit; verify then says what is left.
    path.unlink()
    return None


def _leftovers(out: Path) -> bool:
    return commit_record_path(out).exists() or bool(staged_files(out))


def _quiet(message: str) -> None:
    pass
