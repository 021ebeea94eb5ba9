"""da-extract export: CSV files and an Excel workbook with the rows of every dataset, and a sheet that
describes every column of the schema."""

from __future__ import annotations

import csv
import io

import openpyxl
from support import ROWS_2023, da_extract

from pipeline.datasets.schema import DATASETS
from pipeline.datasets.types import INT_LIST


def csv_rows(path) -> list[dict]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


def test_csv_export_writes_one_file_per_dataset_with_its_rows(extracted_2023, tmp_path):
    result = da_extract("export", "--format", "csv", "--data", str(extracted_2023), "--output", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"export: 13 csv files in {tmp_path.as_posix()}/\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(f"{name}.csv" for name in ROWS_2023)
    for name, count in ROWS_2023.items():
        rows = csv_rows(tmp_path / f"{name}.csv")
        assert len(rows) == count, name
        assert list(rows[0]) == ["report_year", *(c.name for c in DATASETS[name].columns)], name
        assert {row["report_year"] for row in rows} == {"2023"}


def test_csv_export_writes_list_columns_as_json_and_nulls_as_empty_cells(extracted_2023, tmp_path):
    da_extract("export", "--format", "csv", "--data", str(extracted_2023), "--output", str(tmp_path))
    numbers = next(c.name for c in DATASETS["project_mentions"].columns if c.type == INT_LIST)
    kenya = next(row for row in csv_rows(tmp_path / "project_mentions.csv") if row["paragraph_id"] == "I.6:2")
    assert (kenya["proposers"], kenya[numbers], kenya["phase"]) == ('["le Kenya"]', "[4, 10, 11, 45]", "")
    assert (tmp_path / "sections.csv").read_bytes().startswith(b"\xef\xbb\xbfreport_year,section_id,")


def test_xlsx_export_has_a_sheet_per_dataset_and_one_describing_every_column(extracted_2023, tmp_path):
    workbook_path = tmp_path / "data.xlsx"
    result = da_extract("export", "--format", "xlsx", "--data", str(extracted_2023), "--output", str(workbook_path))
    assert result.returncode == 0, result.stderr
    workbook = openpyxl.load_workbook(workbook_path, read_only=True)
    assert workbook.sheetnames == [*DATASETS, "columns"]
    for name, count in ROWS_2023.items():
        assert workbook[name].max_row - 1 == count, name  # the header, then one row per row
    described = [row[:2] for row in workbook["columns"].iter_rows(min_row=2, values_only=True)]
    assert described == [
        (name, column)
        for name, dataset in DATASETS.items()
        for column in ("report_year", *(c.name for c in dataset.columns))
    ]
    header = next(workbook["columns"].iter_rows(max_row=1, values_only=True))
    assert header == ("dataset", "column", "type", "nullable", "allowed values", "references", "description")


def test_the_same_extraction_exports_to_the_same_bytes(extracted_2023, tmp_path):
    for name in ("a.xlsx", "b.xlsx"):
        da_extract("export", "--format", "xlsx", "--data", str(extracted_2023), "--output", str(tmp_path / name))
    assert (tmp_path / "a.xlsx").read_bytes() == (tmp_path / "b.xlsx").read_bytes()


def test_export_of_a_year_not_extracted_is_a_one_line_error(extracted_2023, tmp_path):
    result = da_extract("export", "--format", "csv", "--data", str(extracted_2023), "--year", "2019")
    assert result.returncode == 1
    assert result.stderr == f"da-extract: error: {extracted_2023}: no extraction of 2019 here (there are 2023)\n"
