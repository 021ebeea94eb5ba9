"""The datasets for a spreadsheet: one CSV file per dataset, or one Excel workbook with a sheet per
dataset and a sheet ``columns`` that describes every column, both from ``pipeline/datasets/schema.py``.

Every table starts with ``report_year`` (the Parquet files keep it in their folder's name), then the
schema's columns in its order. A list column (``recommendation_numbers``, ``countries``…) is written
as a JSON array (``[1, 30]``, ``["BRA", "CHL"]``): one cell, which any language reads back. An empty
cell is a null. CSV files are UTF-8 with a byte-order mark, which Excel needs to read accents, and
comma-separated; booleans are ``true``/``false``. A year is verified against its manifest before it
is exported, and the same folder exported twice gives the same bytes.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import datetime
from pathlib import Path

from pipeline.datasets.schema import DATASETS
from pipeline.datasets.types import INT_LIST, STRING_LIST
from pipeline.errors import ReportError
from pipeline.files import write_atomically
from pipeline.store.commit import reading
from pipeline.store.layout import PARTITION, dataset_path, export_folder, extracted_years, manifest_years
from pipeline.store.verify import verify_year

FORMATS = ("csv", "xlsx")
WORKBOOK = "datasets"
COLUMNS_SHEET = "columns"
COLUMNS_HEADER = ("dataset", "column", "type", "nullable", "allowed values", "references", "description")
# A workbook's dates and its zip's timestamps are fixed, so that one extraction always gives the same bytes.
FIXED_TIME = datetime(2000, 1, 1)


def export(format: str, data: Path, *, output: Path | None = None, year: int | None = None, log=None) -> list[Path]:
    """Write the datasets of ``data`` (every year, or ``year``) as ``format`` (``csv`` or ``xlsx``) to
    ``output``; returns the files written (see the module's docstring for the layout)."""
    if format not in FORMATS:
        raise ReportError(str(data), f"cannot export as {format!r}: the formats are {', '.join(FORMATS)}")
    data = Path(data)
    with reading(data, log=log):
        years = _verified_years(data, year)
        tables = {name: _table(data, name, years) for name in DATASETS}
        suffix = f"-{year}" if year is not None else ""
        if format == "csv":
            folder = output or export_folder(data)
            written = [folder / f"{name}{suffix}.csv" for name in tables]
            for path, (header, rows) in zip(written, tables.values()):
                write_atomically(path, _csv_bytes(header, rows))
            return written
        path = output or export_folder(data) / f"{WORKBOOK}{suffix}.xlsx"
        write_atomically(path, _workbook_bytes(tables))
        return [path]


def column_descriptions() -> list[tuple]:
    """One row per column of every dataset, from the schema: what the ``columns`` sheet holds."""
    rows = []
    for dataset in DATASETS.values():
        rows.append((dataset.name, PARTITION, "int16", False, None, None, "Year of the report (the partition)."))
        for column in dataset.columns:
            values = ", ".join(map(str, column.values)) if column.values else None
            rows.append(
                (dataset.name, column.name, column.type, column.nullable, values, column.references, column.description)
            )
    return rows


def _verified_years(data: Path, year: int | None) -> list[int]:
    available = manifest_years(data) if data.is_dir() else []
    if not available:
        raise ReportError(str(data), "no extracted year here (run `make` or `da-extract extract` first)")
    if year is not None and year not in available:
        raise ReportError(str(data), f"no extraction of {year} here (there are {', '.join(map(str, available))})")
    years = [year] if year is not None else extracted_years(data)
    for each in years:
        problems = verify_year(data, each)
        if problems:
            raise ReportError(str(data), f"{each} cannot be trusted: {problems[0]}")
    return years


def _table(data: Path, name: str, years: list[int]) -> tuple[list[str], list[list]]:
    import pyarrow.parquet as pq

    columns = DATASETS[name].columns
    lists = {c.name for c in columns if c.type in (INT_LIST, STRING_LIST)}
    header = [PARTITION, *(c.name for c in columns)]
    rows = []
    for year in years:
        for record in pq.read_table(dataset_path(data, name, year)).to_pylist():
            cells = [_cell(record.get(c.name), c.name in lists) for c in columns]
            rows.append([year, *cells])
    return header, rows


def _cell(value, is_list: bool):
    if is_list and value is not None:
        return json.dumps(value, ensure_ascii=False)
    return value


def _csv_bytes(header: list[str], rows: list[list]) -> bytes:
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([[_csv_text(value) for value in row] for row in rows])
    return text.getvalue().encode("utf-8-sig")


def _csv_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _workbook_bytes(tables: dict[str, tuple[list[str], list[list]]]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.writer.excel import ExcelWriter

    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, (header, rows) in tables.items():
        _sheet(workbook, name, header, rows)
    _sheet(workbook, COLUMNS_SHEET, list(COLUMNS_HEADER), [list(row) for row in column_descriptions()])
    workbook.properties.creator = "da-extract"
    workbook.properties.created = workbook.properties.modified = FIXED_TIME
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(workbook, archive).save()
    return _with_fixed_times(buffer.getvalue())


def _sheet(workbook, title: str, header: list[str], rows: list[list]) -> None:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font

    sheet = workbook.create_sheet(title)
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for row in rows:
        sheet.append([ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in row])
    for cells in sheet.iter_rows(min_row=2):
        for cell in cells:
            if cell.data_type == "f":  # text that starts with "=" is text here, never a formula
                cell.data_type = "s"


def _with_fixed_times(workbook: bytes) -> bytes:
    """The same zip with every member dated :data:`FIXED_TIME` instead of the time it was written."""
    copy = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(workbook)) as source, zipfile.ZipFile(copy, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            fixed = zipfile.ZipInfo(member.filename, date_time=FIXED_TIME.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, source.read(member))
    return copy.getvalue()
