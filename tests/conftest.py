"""Shared fixtures: the real 2023 report, read and extracted once per session."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from pipeline.extractors.registry import extract
from pipeline.readers import read_report
from pipeline.run import run

ROOT = Path(__file__).resolve().parent.parent
REPORT_2023 = ROOT / "raw" / "2023" / "rapport_da_2023_fr.txt"


def da_extract(*args: str, cwd: Path = ROOT, env: dict | None = None) -> subprocess.CompletedProcess:
    """The command line, in a fresh process, as a user runs it (``env``: variables to set)."""
    return subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=cwd, capture_output=True, text=True,
                          env={**os.environ, **env} if env else None)


@pytest.fixture(scope="session")
def report_2023_text() -> str:
    return REPORT_2023.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def document_2023():
    return read_report(REPORT_2023.parent)


@pytest.fixture(scope="session")
def extraction_2023(document_2023):
    return extract(document_2023)


@pytest.fixture(scope="session")
def extracted_2023(tmp_path_factory) -> Path:
    """The 2023 report extracted to a folder, as `make` would."""
    out = tmp_path_factory.mktemp("extracted")
    run(REPORT_2023.parent, out, log=lambda message: None)
    return out


@pytest.fixture(scope="session")
def load(extracted_2023):
    def load_dataset(name: str) -> pd.DataFrame:
        return pd.read_parquet(extracted_2023 / name)

    return load_dataset


@pytest.fixture(scope="session")
def parse_cache(tmp_path_factory) -> Path:
    """One parse cache for the session: the renderings of one report share their sentences."""
    return tmp_path_factory.mktemp("parse-cache")


@pytest.fixture
def variant(tmp_path, parse_cache):
    """Extract an edited copy of the 2023 report (the figures' sentences parsed once for all variants)."""
    from pipeline.extractors.registry import extract

    def extract_variant(text: str, year: str = "2023"):
        path = tmp_path / year / "rapport.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return extract(read_report(path), cache=parse_cache)

    return extract_variant


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


def debian_tool(command: str, package: str) -> str:
    """The path of a command from Debian's ``package``, installed here when it is missing and the
    machine allows it; the test is skipped with the reason otherwise."""
    found = shutil.which(command)
    if found:
        return found
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        pytest.skip(f"{command} is not installed and this user cannot install Debian's {package} package")
    environment = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for step in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", package]):
        result = subprocess.run(step, capture_output=True, text=True, env=environment, timeout=900)
        if result.returncode != 0:
            pytest.skip(f"{package} could not be installed ({' '.join(step)}: {result.stderr.strip()[-200:]})")
    return shutil.which(command) or pytest.skip(f"{package} is installed but gives no {command}")
