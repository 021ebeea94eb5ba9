"""Shared fixtures: the real 2023 report, read and extracted once per session."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from pipeline.extract import extract
from pipeline.readers import read_report
from pipeline.run import run

ROOT = Path(__file__).resolve().parent.parent
REPORT_2023 = ROOT / "raw" / "2023" / "rapport_da_2023_fr.txt"


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
