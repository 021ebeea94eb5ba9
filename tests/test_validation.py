"""The checks made before writing (``pipeline.datasets.validate``, with pyarrow.compute) against the same
constraints stated a second way, with pandera, on the 2023 datasets and on broken copies of them."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pandera
import pyarrow as pa
import pytest
from pandera.errors import SchemaErrors

from pipeline.datasets.schema import DATASETS, Column
from pipeline.datasets.tables import to_tables
from pipeline.datasets.validate import validate
from pipeline.errors import ValidationError


def pandera_schema(name: str, frames: dict[str, pd.DataFrame]) -> pandera.DataFrameSchema:
    dataset = DATASETS[name]
    columns = {
        c.name: pandera.Column(
            pd.ArrowDtype(pa.type_for_alias(c.type)) if "<" not in c.type else None,
            nullable=c.nullable,
            checks=pandera_checks(c, frames),
        )
        for c in dataset.columns
    }
    return pandera.DataFrameSchema(columns, unique=list(dataset.key), strict=True, name=name)


def pandera_checks(column: Column, frames: dict) -> list:
    checks = []
    if column.values:
        checks.append(pandera.Check.isin(list(column.values)))
    low, high = column.range or (None, None)
    if low is not None:
        checks.append(pandera.Check.ge(low))
    if high is not None:
        checks.append(pandera.Check.le(high))
    if column.references:
        target, key = column.references.split(".")
        known = set(frames[target][key].dropna()) if target in frames else set()
        checks.append(pandera.Check(lambda values, known=known: values.isin(known), name="references"))
    return checks


def pandera_failures(tables: dict[str, pa.Table]) -> set[tuple[str, str]]:
    """(dataset, column) of every constraint pandera finds broken (a key: its column)."""
    frames = {name: table.to_pandas(types_mapper=pd.ArrowDtype) for name, table in tables.items()}
    failed = set()
    for name, frame in frames.items():
        try:
            pandera_schema(name, frames).validate(frame, lazy=True)
        except SchemaErrors as errors:
            failed |= {(name, column) for column in errors.failure_cases["column"]}
    return failed


def our_failure(tables: dict[str, pa.Table]) -> str | None:
    try:
        validate(tables, "rapport.txt")
    except ValidationError as error:
        return str(error)
    return None


@pytest.fixture(scope="module")
def tables_2023(extraction_2023) -> dict[str, pa.Table]:
    return to_tables(extraction_2023.datasets, "rapport.txt")


def test_both_validators_pass_the_2023_datasets(tables_2023):
    assert our_failure(tables_2023) is None
    assert pandera_failures(tables_2023) == set()


def test_tables_are_the_ones_pyarrow_makes_from_the_rows(extraction_2023, tables_2023):
    """pipeline.datasets.arrow builds tables with Arrow's JSON reader, not ``from_pylist`` (which imports pandas)."""
    for name, rows in extraction_2023.datasets.items():
        expected = pa.Table.from_pylist(rows, schema=DATASETS[name].arrow_schema)
        assert tables_2023[name].equals(expected, check_metadata=True), name
    assert to_tables({"projects": []}, "rapport.txt")["projects"].schema == DATASETS["projects"].arrow_schema


@pytest.mark.parametrize(
    "value, message",
    [
        ({"recommendation": 70000}, "couldn't parse:70000"),
        ({"starred": "oui"}, "changed from boolean to string"),
        ({"text": float("nan")}, "Out of range float values"),
        ({"text": b"x"}, "bytes is not JSON serializable"),
    ],
)
def test_a_value_the_schema_cannot_hold_is_a_one_line_error(value, message):
    row = {"recommendation": 1, "starred": True, "text": "Recommandation", **value}
    with pytest.raises(
        ValidationError, match=f"^rapport.txt: dataset recommendations: a value does not fit the schema: .*{message}"
    ):
        to_tables({"recommendations": [row]}, "rapport.txt")


def with_row_changed(tables: dict, name: str, row: int, **values) -> dict:
    rows = tables[name].to_pylist()
    rows[row] = {**rows[row], **values}
    return {**tables, name: pa.Table.from_pylist(rows, schema=tables[name].schema)}


def with_row_repeated(tables: dict, name: str, row: int) -> dict:
    rows = tables[name].to_pylist()
    return {**tables, name: pa.Table.from_pylist(rows + [rows[row]], schema=tables[name].schema)}


BROKEN = {  # what is broken → (dataset, column) both validators must name
    "a list outside its values": (
        lambda t: with_row_changed(t, "projects", 0, list="abandoned"),
        ("projects", "list"),
        "column list: in [",
    ),
    "a value below its range": (
        lambda t: with_row_changed(t, "recommendations", 3, recommendation=0),
        ("recommendations", "recommendation"),
        "column recommendation: >= 1",
    ),
    "a footnote anchored nowhere": (
        lambda t: with_row_changed(t, "footnotes", 0, anchor_paragraph_id="nowhere:1"),
        ("footnotes", "anchor_paragraph_id"),
        "column anchor_paragraph_id: references paragraphs.paragraph_id failed for 1",
    ),
    "a null where none is allowed": (
        lambda t: with_row_changed(t, "links", 5, url=None),
        ("links", "url"),
        "column url: not null failed for 1",
    ),
    "a repeated key": (
        lambda t: with_row_repeated(t, "recommendations", 0),
        ("recommendations", "recommendation"),
        "key ['recommendation'] is not unique: 1 repeated",
    ),
}


@pytest.mark.parametrize("broken", BROKEN, ids=list(BROKEN))
def test_both_validators_refuse_the_same_broken_dataset(tables_2023, broken):
    make, (dataset, column), message = BROKEN[broken]
    tables = make(tables_2023)
    assert (dataset, column) in pandera_failures(tables)
    failure = our_failure(tables)
    assert failure.startswith(f"rapport.txt: dataset {dataset}: ") and message in failure


def test_a_null_where_none_is_allowed_is_reported_with_its_column(extraction_2023):
    """Regression: Arrow's JSON reader refused the null itself, with an error naming no column."""
    rows = [dict(row) for row in extraction_2023.datasets["links"]]
    rows[5]["url"] = None
    tables = to_tables({**extraction_2023.datasets, "links": rows}, "rapport.txt")
    with pytest.raises(ValidationError, match="dataset links: column url: not null failed for 1 value"):
        validate(tables, "rapport.txt")
