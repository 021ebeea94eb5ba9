"""Shared fixtures: the real 2023 report, read and extracted once per session."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
from producers import PRODUCERS
from renderings import datasets
from support import REPORT_2023, system_tool

from pipeline.extractors.registry import extract
from pipeline.readers import read_report
from pipeline.run import run
from pipeline.store.layout import read_manifest


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


# -- renderings: a file written by the test, extracted; the text export's datasets to compare with ----


@pytest.fixture(scope="session")
def extract_rendering(tmp_path_factory, parse_cache):
    """Extract a rendering written by ``write(path)``; return (datasets folder, manifest)."""

    def extract_rendering(name: str, write) -> tuple[Path, dict]:
        folder = tmp_path_factory.mktemp(name.replace(".", "-"))
        report = folder / "2023" / f"rapport_da_2023_fr.{name.rsplit('.', 1)[-1]}"
        report.parent.mkdir()
        write(report)
        manifest = run(report, folder / "extracted", log=lambda message: None, cache=parse_cache)
        return folder / "extracted", manifest

    return extract_rendering


@pytest.fixture(scope="session")
def reference(extracted_2023) -> tuple[dict[str, pd.DataFrame], dict]:
    manifest = read_manifest(extracted_2023, 2023)
    return datasets(extracted_2023), manifest


# -- system tools: Debian packages that .ci/run installs; a test that needs one skips without it --------


@pytest.fixture(scope="session")
def soffice() -> str:
    """LibreOffice (renderings, .doc and .rtf)."""
    return system_tool("soffice", "libreoffice-writer-nogui")


@pytest.fixture(scope="session")
def pandoc() -> str:
    return system_tool("pandoc", "pandoc")


@pytest.fixture(scope="session")
def qpdf() -> str:
    return system_tool("qpdf", "qpdf")


@pytest.fixture(scope="session")
def chromium() -> str:
    return shutil.which("chromium-browser") or system_tool("chromium", "chromium")


# -- two years in one folder: 2023 and a 2024 made from it with three figures edited -----------------


@pytest.fixture(scope="session")
def two_years(tmp_path_factory, parse_cache, report_2023_text) -> Path:
    """A folder holding raw/2023, raw/2024 (``support.report_2024``) and both extracted in extracted/."""
    from support import report_2024

    folder = tmp_path_factory.mktemp("two-years")
    for year, text in ((2023, report_2023_text), (2024, report_2024(report_2023_text))):
        path = folder / "raw" / str(year) / "rapport.txt"
        path.parent.mkdir(parents=True)
        path.write_text(text, encoding="utf-8")
        run(path.parent, folder / "extracted", log=lambda message: None, cache=parse_cache)
    return folder


@pytest.fixture(scope="session")
def producer_pdf():
    """``write(name)``: a function that writes producer ``name``'s PDF of the report (tests/producers.py);
    the test is skipped, naming the package, where that producer's program is missing."""

    def writer(name: str):
        producer = PRODUCERS[name]
        for package in producer.package.split()[:1]:
            system_tool(producer.command, package)
        return producer.write

    return writer
