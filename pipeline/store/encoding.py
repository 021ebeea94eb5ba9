"""The bytes of the files a commit writes: the same rows always give the same bytes, so that two
extractions of one report are byte-identical (``da-extract check`` compares them)."""

from __future__ import annotations

import json

PARQUET_OPTIONS = dict(compression="zstd", use_dictionary=True, write_statistics=True, version="2.6")


def prepare() -> None:
    """Import now what making, checking and writing tables will: e.g. while another process parses."""
    import pyarrow.compute  # noqa: F401  (pipeline.datasets.validate)
    import pyarrow.json  # noqa: F401  (pipeline.datasets.arrow)
    import pyarrow.parquet  # noqa: F401  (parquet_bytes)


def parquet_bytes(table) -> bytes:
    """One dataset file: ``table`` as Parquet, with the options every dataset file is written with."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    sink = pa.BufferOutputStream()
    pq.write_table(table, sink, **PARQUET_OPTIONS)
    return sink.getvalue().to_pybytes()


def json_bytes(value) -> bytes:
    """A manifest or a commit record: indented UTF-8 JSON, ending with a newline."""
    return (json.dumps(value, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
