"""Writing datasets: checked, deterministic, and atomic per year.

Every file is written under a temporary name beginning with ``.`` (which
Parquet readers skip) and renamed into place only once all of a year's
datasets have been written, so a failed run never leaves a half-written
dataset and never touches other years.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.errors import ValidationError
from pipeline.schema import DATASETS, Dataset

PARQUET_OPTIONS = dict(compression="zstd", use_dictionary=True, write_statistics=True, version="2.6")


def dataset_path(out: Path, name: str, year: int) -> Path:
    return Path(out) / name / f"report_year={year}" / "part-0.parquet"


def to_arrow(dataset: Dataset, rows: list[dict], source: str) -> pa.Table:
    """Rows → a table of the dataset's exact schema (``pipeline.validate`` checks the values)."""
    try:
        return pa.Table.from_pylist(rows, schema=dataset.arrow_schema)
    except (pa.ArrowInvalid, pa.ArrowTypeError) as error:
        raise ValidationError(source, f"dataset {dataset.name}: {error}") from None


def to_tables(datasets: dict[str, list[dict]], source: str) -> dict[str, pa.Table]:
    return {name: to_arrow(DATASETS[name], rows, source) for name, rows in datasets.items()}


def write_year(out: Path, year: int, tables: dict[str, pa.Table]) -> dict[str, int]:
    """Write one year's datasets, all or none; return the row count of each."""
    staged: list[tuple[Path, Path]] = []
    try:
        for name, table in sorted(tables.items()):
            target = dataset_path(out, name, year)
            target.parent.mkdir(parents=True, exist_ok=True)
            temporary = _temporary_path(target)
            staged.append((temporary, target))
            pq.write_table(table, temporary, **PARQUET_OPTIONS)
        for temporary, target in staged:
            os.replace(temporary, target)
    finally:
        for temporary, _ in staged:
            temporary.unlink(missing_ok=True)
    return {name: table.num_rows for name, table in sorted(tables.items())}


def write_atomically(path: Path, data: bytes) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = _temporary_path(path)
    try:
        temporary.write_bytes(data)
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def _temporary_path(target: Path) -> Path:
    handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(handle)
    os.chmod(name, 0o666 & ~_UMASK)  # mkstemp makes private files; outputs follow the umask like any file
    return Path(name)


def _current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


_UMASK = _current_umask()
