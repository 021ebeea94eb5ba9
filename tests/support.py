"""What the tests share besides fixtures (those are in conftest.py): the repository's paths, the
command line run as a user runs it, and the system tools some tests need."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
REPORT_2023 = ROOT / "raw" / "2023" / "rapport_da_2023_fr.txt"


def da_extract(*args: str, cwd: Path = ROOT, env: dict | None = None) -> subprocess.CompletedProcess:
    """The command line, in a fresh process, as a user runs it (``env``: variables to set)."""
    return subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=cwd, capture_output=True, text=True,
                          env={**os.environ, **env} if env else None)


def path_without_libreoffice() -> str:
    """``PATH`` without the folders that hold LibreOffice: a machine where it is not installed."""
    return os.pathsep.join(folder for folder in os.environ["PATH"].split(os.pathsep)
                           if not any((Path(folder) / name).exists() for name in ("soffice", "libreoffice")))


def processes_under(marker: str) -> list[str]:
    """Command lines of the running processes whose environment holds ``marker``: a conversion's
    processes all inherit ``TMPDIR``, a folder of its own (pipeline.readers.libreoffice)."""
    found = []
    for proc in Path("/proc").iterdir():
        try:
            if marker.encode() in (proc / "environ").read_bytes() and (proc / "cmdline").read_bytes():
                found.append((proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace"))
        except (OSError, ValueError):
            continue  # ended meanwhile, or not a process
    return found


def system_tool(command: str, package: str) -> str:
    """The path of a command from Debian's ``package``; the test is skipped, naming the command that
    installs it, where it is missing (`.ci/run` installs them all)."""
    found = shutil.which(command)
    if not found:
        pytest.skip(f"{command} is not installed: apt-get install {package}")
    return found
