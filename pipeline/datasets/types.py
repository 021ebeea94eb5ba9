"""The building blocks of the schema: the column types (named as Arrow prints them), ``Column`` and
``Dataset``, and what a dataset's Parquet schema is made of. The datasets themselves are declared
in ``pipeline.datasets.schema``."""

from __future__ import annotations

import json
from dataclasses import dataclass

# Arrow types, named as Arrow prints them: pyarrow is imported only where tables are made, so that
# commands and readers that need none of it start without it.
STRING = "string"
INT = "int32"
SMALL_INT = "int16"
INT_LIST = "list<item: int32>"
BOOL = "bool"
STRING_LIST = "list<item: string>"
FLOAT = "double"
# The values each integer type holds (a list's, for its items): a value beyond them is refused when
# its row is added, not by pyarrow when the dataset is written.
INTEGER_RANGES = {SMALL_INT: (-(2**15), 2**15 - 1), INT: (-(2**31), 2**31 - 1), INT_LIST: (-(2**31), 2**31 - 1)}


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # one of the Arrow types above
    description: str
    nullable: bool = False
    values: tuple | None = None  # the only values allowed
    range: tuple | None = None  # (minimum, maximum), either may be None
    references: str | None = None  # "dataset.column" every non-null value must exist in


@dataclass(frozen=True)
class AcrossYears:
    """What identifies a row of a dataset in another year's report (or another extraction of the
    same year), for the diff: ``key``, the columns that name the same thing every year; rows that
    share them are told apart by their order (the n-th of them, in the order of the dataset's key).
    ``positional``: the columns that only say where the row is (ids made of places, offsets,
    positions in a list), which a diff of two years does not compare. ``paired_by``: rows left
    unmatched on both sides that share these columns are paired, the most alike first, when the rest
    of their key (a text) is alike, at least 60% of their words in common: one row changed (a
    paragraph reworded in its section) instead of one removed and one added."""

    key: tuple[str, ...]
    positional: tuple[str, ...] = ()
    paired_by: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Dataset:
    name: str
    description: str
    key: tuple[str, ...]
    columns: tuple[Column, ...]
    one_row_per: str  # what a row is, in a few words: the README's table of datasets
    summary_column: str | None = None  # the column that tells a person which row it is, in diffs
    across_years: AcrossYears | None = None  # what the diff matches rows on (required: tests check each has one)

    @property
    def arrow_schema(self):
        """The Parquet schema, with the pandas metadata that makes ``pd.read_parquet`` (and the tools
        built on it) read integers as nullable integers (``Int16``), not as floats."""
        import pyarrow as pa

        fields = [pa.field(c.name, arrow_type(c.type), nullable=c.nullable) for c in self.columns]
        return pa.schema(fields, metadata={"pandas": json.dumps(pandas_metadata(self.columns))})

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


def arrow_type(name: str):
    """The pyarrow type of one of the type names above."""
    import pyarrow as pa

    return {
        STRING: pa.string(),
        INT: pa.int32(),
        SMALL_INT: pa.int16(),
        INT_LIST: pa.list_(pa.int32()),
        BOOL: pa.bool_(),
        STRING_LIST: pa.list_(pa.string()),
        FLOAT: pa.float64(),
    }[name]


def is_integer(kind: str) -> bool:
    return kind in (INT, SMALL_INT)


def pandas_metadata(columns) -> dict:
    """What pyarrow writes for a DataFrame of nullable dtypes, without importing pandas to make it."""

    def dtypes(kind: str) -> tuple[str, str]:
        if is_integer(kind):
            return kind, f"I{kind[1:]}"  # "int16" → "Int16"
        if kind == BOOL:
            return "bool", "boolean"
        if kind == FLOAT:
            return "float64", "float64"
        if kind in (INT_LIST, STRING_LIST):
            return ("list[int32]" if kind == INT_LIST else "list[unicode]"), "object"
        return "unicode", "object"

    return {
        "index_columns": [],
        "column_indexes": [],
        "attributes": {},
        "columns": [
            {
                "name": c.name,
                "field_name": c.name,
                "pandas_type": dtypes(c.type)[0],
                "numpy_type": dtypes(c.type)[1],
                "metadata": None,
            }
            for c in columns
        ],
        "creator": {"library": "da-extract"},
        "pandas_version": "2.0.0",
    }
