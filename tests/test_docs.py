"""The data dictionary is generated from pipeline/datasets/schema.py and must be current."""

from conftest import ROOT

from pipeline.datasets.dictionary import data_dictionary
from pipeline.datasets.schema import DATASETS


def test_data_dictionary_is_current():
    committed = (ROOT / "docs" / "datasets.md").read_text(encoding="utf-8")
    assert committed == data_dictionary(), "docs/datasets.md is stale: run `make docs`"


def test_every_column_is_described():
    for dataset in DATASETS.values():
        assert dataset.description
        for column in dataset.columns:
            assert len(column.description) > 10, f"{dataset.name}.{column.name}"
        assert set(dataset.key) <= set(dataset.column_names)
