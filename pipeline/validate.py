"""Checks made on every extraction before anything is written, with pandera.

Each dataset's pandera schema is built from its description in ``pipeline.schema``:
the Arrow type of every column, nulls, the allowed values and ranges, the key
(unique), and the foreign keys (``references``) to other datasets of the same year.
A failure stops the run with one line naming the dataset, the column and examples.
"""

from __future__ import annotations

import pyarrow as pa

from pipeline.errors import ValidationError
from pipeline.schema import DATASETS, Column, Dataset

MAX_EXAMPLES = 3


def prepare() -> None:
    """Import pandas and pandera ahead of time (nearly a second), e.g. while spaCy starts elsewhere."""
    import pandera.pandas  # noqa: F401


def validate(tables: dict[str, pa.Table], source: str) -> None:
    import pandas as pd  # imported here: only extraction needs them, and prepare() can start early
    import pandera.pandas as pandera
    from pandera.errors import SchemaErrors

    frames = {name: table.to_pandas(types_mapper=pd.ArrowDtype) for name, table in tables.items()}
    for name, frame in frames.items():
        try:
            _schema(pandera, DATASETS[name], frames).validate(frame, lazy=True)
        except SchemaErrors as errors:
            raise ValidationError(source, f"dataset {name}: {_describe(errors.failure_cases)}") from None


def _schema(pandera, dataset: Dataset, frames: dict):
    import pandas as pd

    columns = {c.name: pandera.Column(pd.ArrowDtype(c.type), nullable=c.nullable, checks=_checks(pandera, c, frames))
               for c in dataset.columns}
    return pandera.DataFrameSchema(columns, unique=list(dataset.key), strict=True, name=dataset.name)


def _checks(pandera, column: Column, frames: dict) -> list:
    checks = []
    if column.values:
        checks.append(pandera.Check.isin(list(column.values)))
    if column.range:
        low, high = column.range
        if low is not None:
            checks.append(pandera.Check.ge(low))
        if high is not None:
            checks.append(pandera.Check.le(high))
    if column.references:
        dataset, key = column.references.split(".")
        known = set(frames[dataset][key].dropna()) if dataset in frames else set()
        checks.append(pandera.Check(lambda values, known=known: values.isin(known),
                                    name=f"references {column.references}"))
    return checks


def _describe(failures) -> str:
    described = []
    for (column, check), group in failures.groupby(["column", "check"], sort=False, dropna=False):
        examples = ", ".join(repr(v) for v in group.failure_case.head(MAX_EXAMPLES))
        where = f"column {column}" if isinstance(column, str) else "the dataset"
        described.append(f"{where}: {check} failed for {len(group)} value(s), e.g. {examples}")
    return "; ".join(described)
