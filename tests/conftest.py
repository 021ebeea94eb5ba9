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
from support import REPORT_2023, ROOT, da_extract, path_without_libreoffice, processes_under, system_tool  # noqa: F401
from support import system_tool as debian_tool  # noqa: F401  (until the tests take the tools as fixtures)


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
