"""Golden snapshots and extraction folders, read the same way.

A snapshot is one JSON-lines file per dataset (``tests/golden/<year>/<dataset>.jsonl``), rows
sorted by key: small diffs in git, readable by a person. ``load_extraction`` reads a year from an
extraction folder (Parquet) or a snapshot folder alike, so either can stand on each side of a diff.
"""

from __future__ import annotations

import json
from pathlib import Path

from pipeline.datasets.schema import DATASETS
from pipeline.errors import ReportError
from pipeline.files import write_atomically
from pipeline.review.diff import row_order
from pipeline.store.layout import (
    DEFAULT_OUT,
    dataset_path,
    is_snapshot,
    manifest_path,
    manifest_years,
    snapshot_path,
)


def load_extraction(folder: Path, year: int) -> dict[str, list[dict]]:
    """Every dataset of one year: from Parquet (an extraction) or JSON lines (a snapshot)."""
    import pyarrow.parquet as pq

    folder = Path(folder)
    datasets = {}
    for name in DATASETS:
        parquet, snapshot = dataset_path(folder, name, year), snapshot_path(folder, name)
        if parquet.is_file():
            datasets[name] = pq.read_table(parquet).to_pylist()
        elif snapshot.is_file():
            datasets[name] = [json.loads(line) for line in snapshot.read_text(encoding="utf-8").splitlines()]
    return datasets


def write_snapshot(datasets: dict[str, list[dict]], folder: Path) -> None:
    """One JSON-lines file per dataset, rows in key order."""
    for name, rows in datasets.items():
        lines = [json.dumps(row, ensure_ascii=False) for row in sorted(rows, key=row_order(name))]
        write_atomically(snapshot_path(folder, name), ("\n".join(lines) + "\n" if lines else "").encode("utf-8"))


def locate(spec: str, data: Path = DEFAULT_OUT) -> tuple[Path, int]:
    """An extraction named on the command line → (folder, year): ``2023`` is that year in ``data``
    (``extracted/`` by default); ``FOLDER:2023``; a folder holding one extracted year; a snapshot
    folder (``tests/golden/2023``)."""
    if spec.isdigit():
        if not manifest_path(data, int(spec)).is_file():
            raise ReportError(str(data), f"no extraction of {spec} here (da-extract extract writes one)")
        return Path(data), int(spec)
    folder, _, year = spec.rpartition(":")
    if year.isdigit() and folder:
        return Path(folder), int(year)
    folder = Path(spec)
    if not folder.is_dir():
        raise ReportError(spec, "no such extraction folder")
    if is_snapshot(folder):
        return folder, int(folder.name)
    years = manifest_years(folder)
    if len(years) != 1:
        raise ReportError(
            spec, f"holds {len(years)} years ({', '.join(map(str, years)) or 'none'}): name one as {spec}:YEAR"
        )
    return folder, years[0]
