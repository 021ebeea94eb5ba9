"""Arrow tables and arrays made from Python values, without importing pandas.

``pa.array`` and ``pa.Table.from_pylist`` import pandas on their first call, only to ask
whether the list they are given is a pandas object: half a second of a run that has no other
use for pandas. Arrow's JSON reader builds the same columns in C++, to the schema it is given,
and imports nothing (tests/test_validation.py checks that both make the same tables).
"""

from __future__ import annotations

import json


def table(rows: list[dict], schema):
    """The rows (dicts holding exactly the schema's columns) as a table of ``schema``, metadata
    and nullability included. A value the schema refuses raises ``ValueError`` (or pyarrow's
    ``ArrowInvalid``, a subclass), a value JSON cannot hold ``TypeError``."""
    import pyarrow as pa
    import pyarrow.json

    if not rows:
        return schema.empty_table()
    lines = "\n".join(json.dumps(row, ensure_ascii=False, allow_nan=False) for row in rows).encode("utf-8")
    # Read as nullable, as from_pylist reads: a null where the schema allows none is for
    # pipeline.datasets.validate to report, with the column's name (the reader's error names none).
    types = pa.schema([field.with_nullable(True) for field in schema])
    parsed = pyarrow.json.read_json(
        pa.BufferReader(lines),
        read_options=pyarrow.json.ReadOptions(use_threads=False, block_size=len(lines) + 1),
        parse_options=pyarrow.json.ParseOptions(explicit_schema=types, unexpected_field_behavior="error"),
    )
    return pa.Table.from_arrays(parsed.combine_chunks().columns, schema=schema)


def array(values, kind):
    """The values as one array of Arrow type ``kind``."""
    import pyarrow as pa

    return table([{"value": v} for v in values], pa.schema([("value", kind)])).column(0).combine_chunks()
