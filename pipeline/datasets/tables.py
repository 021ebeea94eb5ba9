"""Rows → Arrow tables of the datasets' exact schemas: what ``pipeline.datasets.validate`` checks and
``pipeline.store.commit`` writes."""

from __future__ import annotations

from pipeline.datasets import arrow
from pipeline.datasets.schema import DATASETS, Dataset
from pipeline.errors import ValidationError


def to_arrow(dataset: Dataset, rows: list[dict], source: str):
    """Rows → a table of the dataset's exact schema (``pipeline.datasets.validate`` checks the values)."""
    try:
        return arrow.table(rows, dataset.arrow_schema)
    except (ValueError, TypeError) as error:  # a value the schema's type refuses (ArrowInvalid is a ValueError)
        raise ValidationError(source, f"dataset {dataset.name}: a value does not fit the schema: {error}") from None


def to_tables(datasets: dict[str, list[dict]], source: str) -> dict:
    """Each dataset's rows as a table of its schema; ``source`` names the report in an error."""
    return {name: to_arrow(DATASETS[name], rows, source) for name, rows in datasets.items()}
