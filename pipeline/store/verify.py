"""Checking a year's files against its manifest and the schema: what ``da-extract verify`` reports
for every year of a folder, and what a loader checks before trusting a year.

The manifest lists every dataset file of its year with its size and sha256 (``pipeline.store.commit``
writes it last, with the files), so a file changed, lost or added since the extraction is found.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from pipeline.datasets.schema import DATASETS
from pipeline.store.layout import dataset_files, dataset_of, manifest_path, read_manifest


def verify_year(out: Path, year: int) -> list[str]:
    """What is wrong with one year's files, one line each (``<file>: <problem>``); none when
    every dataset file is the one its manifest records (size and sha256), has the schema of
    ``pipeline/datasets/schema.py``, and no dataset file of the year is missing from the manifest.
    A loader calls this before trusting a year, and refuses the year on any problem."""
    out = Path(out)
    manifest = manifest_path(out, year)
    try:
        files = read_manifest(out, year)["files"]
    except FileNotFoundError:
        return [f"{manifest}: missing"]
    except KeyError:
        return [f"{manifest}: lists no files (written by an older da-extract): extract {year} again"]
    except ValueError as error:
        return [f"{manifest}: not valid JSON ({error})"]
    listed = {entry["path"] for entry in files}
    unlisted = [path for path in dataset_files(out, year) if path.relative_to(out).as_posix() not in listed]
    return [problem for entry in files if (problem := _file_problem(out, entry))] + [
        f"{path}: not listed in {manifest}" for path in unlisted
    ]


def _file_problem(out: Path, entry: dict) -> str | None:
    path = out / entry["path"]
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return f"{path}: missing"
    digest = hashlib.sha256(data).hexdigest()
    if (len(data), digest) != (entry["size"], entry["sha256"]):
        return (
            f"{path}: not the file its manifest records ({len(data)} bytes, sha256 {digest[:12]}…; "
            f"recorded: {entry['size']} bytes, sha256 {entry['sha256'][:12]}…)"
        )
    return _schema_problem(path, dataset_of(entry["path"]), data)


def _schema_problem(path: Path, name: str, data: bytes) -> str | None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    if name not in DATASETS:
        return f"{path}: pipeline/datasets/schema.py has no dataset {name}"
    found, expected = pq.read_schema(pa.BufferReader(data)), DATASETS[name].arrow_schema
    if found.equals(expected):
        return None
    found_fields, expected_fields = {f.name: f for f in found}, {f.name: f for f in expected}
    differing = sorted(
        n
        for n in found_fields.keys() | expected_fields.keys()
        if n not in found_fields or n not in expected_fields or not found_fields[n].equals(expected_fields[n])
    )
    return (
        f"{path}: schema differs from pipeline/datasets/schema.py in "
        f"{', '.join(differing) or 'the order of the columns'}"
    )
