"""``extracted/datapackage.json``: the datasets described as a Frictionless Data Package.

Generated from ``pipeline/datasets/schema.py`` after every extraction, never written by hand: one
resource per dataset (its folder of Parquet files, every year), each field with its type,
description and constraints, the primary key and the foreign keys between datasets, and the source
report of each year with its sha256. Tools that read data packages (``frictionless validate``,
Frictionless' Python and R libraries) then check and load the datasets without our docs.
"""

from __future__ import annotations

import json
from pathlib import Path

from pipeline.datasets.schema import (
    BOOL,
    DATASETS,
    FLOAT,
    INT_LIST,
    SCHEMA_VERSION,
    STRING_LIST,
    Column,
    Dataset,
)
from pipeline.datasets.types import is_integer
from pipeline.files import write_atomically
from pipeline.store.layout import datapackage_path, dataset_folder, manifest_years, read_manifest
from pipeline.version import __version__

YEAR = {
    "name": "report_year",
    "type": "integer",
    "description": "The year the report covers (the folder `report_year=<year>` of each Parquet file).",
    "constraints": {"required": True},
}


def datapackage(manifests: dict[int, dict]) -> dict:
    """The package describing the datasets of the years whose manifests are given."""
    return {
        "name": "da-extract-development-agenda-reports",
        "title": "WIPO Development Agenda reports, as datasets",
        "version": SCHEMA_VERSION,
        "licenses": [{"name": "MIT", "title": "MIT License (the code that made the data)"}],
        "created_by": f"da-extract {__version__}",
        "sources": [
            {
                "title": f"{year} report",
                "path": Path(manifest["source"]["path"]).name,
                "sha256": manifest["source"]["sha256"],
            }
            for year, manifest in sorted(manifests.items())
        ],
        "resources": [_resource(dataset) for dataset in DATASETS.values()],
    }


def write_datapackage(out: Path) -> Path:
    """Describe every year of ``out`` that has a manifest in its ``datapackage.json``; return its path."""
    manifests = {year: read_manifest(out, year) for year in manifest_years(out)}
    path = datapackage_path(out)
    write_atomically(path, (json.dumps(datapackage(manifests), ensure_ascii=False, indent=1) + "\n").encode("utf-8"))
    return path


def _resource(dataset: Dataset) -> dict:
    schema = {
        "fields": [_field(c) for c in dataset.columns] + [YEAR],
        "missingValues": [],  # Parquet has real nulls; "" is a value (the path of a bare host)
        "primaryKey": [*dataset.key, "report_year"],
    }
    foreign = [_foreign_key(dataset, c) for c in dataset.columns if c.references]
    if foreign:
        schema["foreignKeys"] = foreign
    return {
        "name": dataset.name,
        "path": dataset_folder(Path(), dataset.name).as_posix(),
        "format": "parquet",
        "profile": "tabular-data-resource",
        "description": dataset.description,
        "schema": schema,
    }


def _field(column: Column) -> dict:
    constraints: dict = {"required": not column.nullable}
    if column.values:
        constraints["enum"] = list(column.values)
    if column.range and column.range[0] is not None:
        constraints["minimum"] = column.range[0]
    if column.range and column.range[1] is not None:
        constraints["maximum"] = column.range[1]
    return {
        "name": column.name,
        "type": _type(column.type),
        "description": column.description,
        "constraints": constraints,
    }


def _type(kind: str) -> str:
    if kind in (INT_LIST, STRING_LIST):
        return "any"  # a list; Frictionless' "array" wants JSON text, and Parquet gives lists
    if kind == BOOL:
        return "boolean"
    if is_integer(kind):
        return "integer"
    if kind == FLOAT:
        return "number"
    return "string"


def _foreign_key(dataset: Dataset, column: Column) -> dict:
    """On the column alone: Frictionless reads a composite key with one null part (a footnote row's
    ``paragraph_id``) as a value to look up, so ``report_year`` cannot be part of it. Every id then
    exists in the target dataset; ``pipeline.datasets.validate`` checks the same link within each year."""
    target, target_column = column.references.split(".")
    return {
        "fields": column.name,
        "reference": {"resource": "" if target == dataset.name else target, "fields": target_column},
    }
