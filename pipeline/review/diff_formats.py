"""The diff in the formats ``da-extract diff --format`` writes: text (the report a person reads),
csv and parquet (the table of rows: dataset, key, change, column, old, new; values as text), json
(the two sides, the summary per dataset, then the rows, values as JSON has them)."""

from __future__ import annotations

import io
import json
import math

from pipeline.review.diff import (
    NO_DIFFERENCES,
    ROW_COLUMNS,
    DatasetDiff,
    change_rows,
    report,
    summary_rows,
    summary_table,
)

FORMATS = ("text", "csv", "json", "parquet")


def heading(old: str, new: str, same_year: bool) -> str:
    how = (
        "one year: rows matched on each dataset's key across years, every column compared"
        if same_year
        else "two years: rows matched on each dataset's key across years, positions not compared"
    )
    return f"{old} → {new} ({how})"


def summary_text(diffs: list[DatasetDiff], old: str, new: str, same_year: bool) -> str:
    lines = summary_table(summary_rows(diffs)) if not all(d.empty for d in diffs) else [NO_DIFFERENCES]
    return "\n".join([heading(old, new, same_year), *lines])


def formatted(diffs: list[DatasetDiff], fmt: str, old: str, new: str, same_year: bool) -> str | bytes:
    """The diff in ``fmt`` (one of ``FORMATS``): text for all but parquet, which is bytes."""
    if fmt == "text":
        return heading(old, new, same_year) + "\n" + report(diffs)
    if fmt == "json":
        document = {
            "old": old,
            "new": new,
            "same_year": same_year,
            "same": all(d.empty for d in diffs),
            "summary": summary_rows(diffs),
            "rows": [{c: _json_value(row[c]) for c in ROW_COLUMNS} for row in change_rows(diffs)],
        }
        return json.dumps(document, ensure_ascii=False, indent=1) + "\n"
    table = [{c: as_text(row[c]) if c in ("old", "new") else row[c] for c in ROW_COLUMNS} for row in change_rows(diffs)]
    if fmt == "csv":
        return _csv(table)
    if fmt == "parquet":
        return _parquet(table)
    raise ValueError(f"unknown diff format {fmt!r}: one of {', '.join(FORMATS)}")


def as_text(value) -> str | None:
    """A value of any column as one text column holds it: text as is, whole floats as integers,
    lists and booleans as JSON; null stays null."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return json.dumps(value, ensure_ascii=False)


def _json_value(value):
    if isinstance(value, float):
        return None if math.isnan(value) else int(value) if value.is_integer() else value
    return value


def _csv(table: list[dict]) -> str:
    import csv

    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=ROW_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(table)
    return buffer.getvalue()


def _parquet(table: list[dict]) -> bytes:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema([pa.field(c, pa.string(), nullable=c in ("column", "old", "new")) for c in ROW_COLUMNS])
    buffer = pa.BufferOutputStream()
    pq.write_table(pa.Table.from_pylist(table, schema=schema), buffer)
    return buffer.getvalue().to_pybytes()
