"""What is generated from pipeline/datasets/schema.py must be current: the data dictionary
(docs/datasets.md), the README's table of datasets, and the tests' expected row counts."""

from support import ROOT, ROWS_2023

from pipeline.datasets.dictionary import data_dictionary, dataset_table
from pipeline.datasets.schema import DATASETS, STRING, Column, Dataset

README = ROOT / "README.md"
TABLE_HEADER = "| dataset | one row per |"


def test_data_dictionary_is_current():
    committed = (ROOT / "docs" / "datasets.md").read_text(encoding="utf-8")
    assert committed == data_dictionary(), "docs/datasets.md is stale: run `make docs`"


def test_every_column_is_described():
    for dataset in DATASETS.values():
        assert dataset.description
        assert dataset.one_row_per, dataset.name
        for column in dataset.columns:
            assert len(column.description) > 10, f"{dataset.name}.{column.name}"
        assert set(dataset.key) <= set(dataset.column_names)


def test_every_dataset_has_its_2023_row_count():
    missing, unknown = sorted(DATASETS.keys() - ROWS_2023.keys()), sorted(ROWS_2023.keys() - DATASETS.keys())
    assert (missing, unknown) == ([], []), (
        "ROWS_2023 in tests/support.py gives the 2023 row count of every dataset of pipeline/datasets/schema.py, "
        f"and of no other: add {missing}, remove {unknown}"
    )


def readme_dataset_table() -> str:
    """The README's table of datasets: its header line and the table rows that follow it."""
    lines = README.read_text(encoding="utf-8").splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.startswith(TABLE_HEADER))
    end = next((i for i in range(start, len(lines)) if not lines[i].startswith("|")), len(lines))
    return "".join(lines[start:end])


def test_readme_table_of_datasets_is_current():
    expected = dataset_table({name: ROWS_2023.get(name, "?") for name in DATASETS}, 2023)
    assert readme_dataset_table() == expected, (
        "README.md's table of datasets differs from pipeline/datasets/schema.py (each dataset's one_row_per, in "
        f"the order of DATASETS) and ROWS_2023 in tests/support.py: replace it with\n\n{expected}"
    )


def test_a_dataset_added_to_the_schema_is_a_row_of_the_readme_table(monkeypatch):
    added = Dataset(
        "extra",
        "A dataset added.",
        key=("id",),
        columns=(Column("id", STRING, "The row's id."),),
        one_row_per="thing added",
    )
    monkeypatch.setitem(DATASETS, "extra", added)
    table = dataset_table({**ROWS_2023, "extra": 7}, 2023)
    assert table.splitlines()[-2:] == [
        f"| `countries` | {DATASETS['countries'].one_row_per} | 333 |",
        "| `extra` | thing added | 7 |",
    ]
    assert table != readme_dataset_table()
