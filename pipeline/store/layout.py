"""Where every file of an output folder goes: the one module that spells a path.

An output folder (``extracted/`` by default) holds, for each year::

    <dataset>/report_year=<year>/part-0.parquet   one file per dataset (Hive partitions)
    manifest/<year>.json                          what the year's extraction wrote and found
    overview/<year>.html                          the page a person reads
    overview/index.html                           every year's key counts side by side

and, for the whole folder, ``datapackage.json`` (the Frictionless description), ``.lock`` (one
writer at a time) and, only while a commit is being applied, ``.commit.json``. A golden
snapshot (``tests/golden/<year>/``) holds one ``<dataset>.jsonl`` per dataset.
"""

from __future__ import annotations

import json
from pathlib import Path

# Defaults of the command line and the library, relative to the working directory.
DEFAULT_OUT = Path("extracted")
DEFAULT_RAW = Path("raw")
DEFAULT_CACHE = Path("build/cache")
DEFAULT_GOLDEN = Path("tests/golden")

PARTITION = "report_year"
PART_FILE = "part-0.parquet"
MANIFESTS = "manifest"
OVERVIEWS = "overview"
DATAPACKAGE = "datapackage.json"
LOCK_FILE = ".lock"
COMMIT_RECORD = ".commit.json"
SNAPSHOT_SUFFIX = ".jsonl"
# Staged files; ``.tmp`` ones were staged by versions of da-extract older than the commit record.
LEFTOVER_PATTERNS = ("**/.*.staged", "**/.*.tmp")


def dataset_folder(out: Path, name: str) -> Path:
    """Every year of one dataset: what ``pd.read_parquet`` reads."""
    return Path(out) / name


def dataset_path(out: Path, name: str, year: int) -> Path:
    return dataset_folder(out, name) / f"{PARTITION}={year}" / PART_FILE


def dataset_of(relative_path: str) -> str:
    """The dataset a file belongs to, from its path relative to the output folder (as a manifest lists it)."""
    return relative_path.split("/")[0]


def dataset_files(out: Path, year: int) -> list[Path]:
    """The dataset files of one year, whatever their dataset."""
    return sorted(Path(out).glob(f"*/{PARTITION}={year}/{PART_FILE}"))


def manifest_path(out: Path, year: int) -> Path:
    return Path(out) / MANIFESTS / f"{year}.json"


def overview_path(out: Path, year: int) -> Path:
    return Path(out) / OVERVIEWS / f"{year}.html"


def overview_index_path(out: Path) -> Path:
    return Path(out) / OVERVIEWS / "index.html"


def datapackage_path(out: Path) -> Path:
    return Path(out) / DATAPACKAGE


def lock_path(out: Path) -> Path:
    return Path(out) / LOCK_FILE


def commit_record_path(out: Path) -> Path:
    return Path(out) / COMMIT_RECORD


def staged_files(out: Path) -> list[Path]:
    """The files a commit staged and has not renamed into place, anywhere in ``out``."""
    return sorted(path for pattern in LEFTOVER_PATTERNS for path in Path(out).glob(pattern))


def snapshot_path(folder: Path, name: str) -> Path:
    """One dataset of a golden snapshot folder (``tests/golden/<year>``)."""
    return Path(folder) / f"{name}{SNAPSHOT_SUFFIX}"


def is_snapshot(folder: Path) -> bool:
    """A snapshot folder is named after its year and holds JSON-lines files."""
    folder = Path(folder)
    return folder.name.isdigit() and any(folder.glob(f"*{SNAPSHOT_SUFFIX}"))


def has_manifests(out: Path) -> bool:
    return (Path(out) / MANIFESTS).is_dir()


def manifest_years(out: Path) -> list[int]:
    """The years of ``out`` that have a manifest: those extracted whole."""
    return sorted(int(path.stem) for path in (Path(out) / MANIFESTS).glob("*.json") if path.stem.isdigit())


def extracted_years(out: Path) -> list[int]:
    """The years with a manifest or a dataset file in ``out`` (a dataset file without its
    manifest is a year that ``verify`` will report)."""
    out = Path(out)
    partitions = {path.parent.name.removeprefix(f"{PARTITION}=") for path in out.glob(f"*/{PARTITION}=*/{PART_FILE}")}
    return sorted({*manifest_years(out), *(int(year) for year in partitions if year.isdigit())})


def read_manifest(out: Path, year: int) -> dict:
    """The manifest of one extracted year, as written. Raises ``FileNotFoundError`` when the year
    was never extracted here and ``ValueError`` when the file is not JSON."""
    return json.loads(manifest_path(out, year).read_text(encoding="utf-8"))


def export_folder(out: Path) -> Path:
    """Where ``da-extract export`` writes by default: ``<out>/export/`` (CSV files, the workbook)."""
    return Path(out) / "export"
