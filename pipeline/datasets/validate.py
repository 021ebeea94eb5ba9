"""Checks made on every extraction before anything is written.

Every constraint ``pipeline.datasets.schema`` states is checked on the Arrow tables themselves, with
``pyarrow.compute``: nulls where a column allows none, the allowed values and ranges, the key
(unique), and the foreign keys (``references``) to other datasets of the same year. (The column
types are Arrow's: a table is made in the dataset's exact schema, see ``pipeline.datasets.tables``.) The
tests check the same constraints a second way, with pandera. A failure stops the run with one
line naming the dataset, the column and examples.
"""

from __future__ import annotations

from pipeline.datasets import arrow
from pipeline.datasets.schema import DATASETS, Column, Dataset
from pipeline.errors import ValidationError

MAX_EXAMPLES = 3


def validate(tables: dict, source: str) -> None:
    """Raise ``ValidationError`` for the first dataset whose table breaks a constraint of its schema, naming
    every failing check with examples; ``source`` names the report."""
    for name, table in tables.items():
        problems = [*_column_problems(DATASETS[name], table, tables), *_key_problems(DATASETS[name], table)]
        if problems:
            raise ValidationError(source, f"dataset {name}: {'; '.join(problems)}")


def _column_problems(dataset: Dataset, table, tables: dict):
    for column in dataset.columns:
        values = table.column(column.name)
        for check, failing in _failures(column, values, tables):
            if failing:
                examples = ", ".join(repr(v) for v in failing[:MAX_EXAMPLES])
                yield f"column {column.name}: {check} failed for {len(failing)} value(s), e.g. {examples}"


def _failures(column: Column, values, tables: dict):
    """(check, the values that fail it) for each constraint of the column."""
    import pyarrow.compute as pc

    present = values.drop_null()
    if not column.nullable:
        yield "not null", [None] * values.null_count
    if column.values:
        yield (
            f"in {list(column.values)}",
            present.filter(pc.invert(pc.is_in(present, value_set=_array(column.values, present.type)))).to_pylist(),
        )
    low, high = column.range or (None, None)
    if low is not None:
        yield f">= {low}", present.filter(pc.less(present, _array([low], present.type)[0])).to_pylist()
    if high is not None:
        yield f"<= {high}", present.filter(pc.greater(present, _array([high], present.type)[0])).to_pylist()
    if column.references:
        target, target_column = column.references.split(".")
        known = tables[target].column(target_column).drop_null() if target in tables else _array([], present.type)
        yield (
            f"references {column.references}",
            present.filter(pc.invert(pc.is_in(present, value_set=known))).to_pylist(),
        )


def _key_problems(dataset: Dataset, table) -> list[str]:
    keys = table.select(list(dataset.key)).to_pylist()
    seen, repeated = set(), []
    for key in (tuple(row.values()) for row in keys):
        if key in seen:
            repeated.append(key)
        seen.add(key)
    if not repeated:
        return []
    examples = ", ".join(repr(k) for k in repeated[:MAX_EXAMPLES])
    return [f"the dataset: key {list(dataset.key)} is not unique: {len(repeated)} repeated, e.g. {examples}"]


def _array(values, kind):
    return arrow.array(list(values), kind)  # not pa.array, which imports pandas (see pipeline.datasets.arrow)
