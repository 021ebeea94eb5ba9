"""One writer at a time in an output folder: an ``flock`` on ``<out>/.lock``.

A writer holds the lock exclusively, readers hold it shared. The lock belongs to an open
file, so the operating system releases it when its process ends, however it ends: a
killed extraction never leaves the folder locked. Each holder opens the lock file itself
(a batch's forked workers too), so a lock is never shared through ``fork``.

A second writer *waits* rather than failing: a commit holds the lock for a fraction of a
second (the extraction itself runs unlocked), and ``make -j`` starts one extraction per
year into the same folder, which must all succeed. The waiting writer says for whom it
waits; Ctrl-C stops it. A writer leaves its pid in the lock file while it holds the lock, with the
pid of the command it belongs to: a batch's workers wait for each other without saying so, since
the command that runs them is not waiting for anyone else.
"""

from __future__ import annotations

import fcntl
import os
import time
from contextlib import contextmanager
from pathlib import Path

from pipeline.store.layout import lock_path

PID_READS, PID_WAIT = 10, 0.01
# The process that imported this module: a batch's workers, forked after it, inherit it, so that one
# command's writers know each other.
COMMAND_PID = os.getpid()


@contextmanager
def locked(out: Path, exclusive: bool, log):
    """Hold the folder's lock (exclusive to write, shared to read), waiting for it if need be."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(lock_path(out), os.O_RDWR | os.O_CREAT, 0o666)
    mode = fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH
    try:
        try:
            fcntl.flock(descriptor, mode | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _holder(descriptor, out)
            if holder:
                log(f"waiting: {holder}")
            fcntl.flock(descriptor, mode)
        if not exclusive:
            yield
            return
        _write_pid(descriptor, f"{os.getpid()} {COMMAND_PID}\n")
        try:
            yield
        finally:
            _write_pid(descriptor, "")
    finally:
        os.close(descriptor)  # releases the lock


def _write_pid(descriptor: int, text: str) -> None:
    os.ftruncate(descriptor, 0)
    os.pwrite(descriptor, text.encode("ascii"), 0)


def _holder(descriptor: int, out: Path) -> str | None:
    """Who holds the lock, to say so; None when it is a writer of this same command (a batch's sibling)."""
    for _ in range(PID_READS):  # a writer writes its pid just after taking the lock: give it a moment
        pid, _, command = os.pread(descriptor, 64, 0).decode("ascii", "replace").strip().partition(" ")
        if pid.isdigit() and _alive(int(pid)):
            if command == str(COMMAND_PID):
                return None
            return f"another extraction (pid {pid}) is writing {out}/"
        time.sleep(PID_WAIT)
    return f"another da-extract command is reading {out}/"  # a dead writer's pid is stale: readers hold it


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process
    return True
