"""Loading the datasets in a notebook: every year, typed as the schema says, checked first.

    >>> from pipeline import load
    >>> data = load("extracted")
    >>> data.figures.dtypes["footnote"], data.sections.dtypes["section_kind"]
    (Int16Dtype(), CategoricalDtype(categories=['preamble', 'part', 'sector', 'subsection', 'annex'], ...))

Plain ``pd.read_parquet`` turns nullable integers into floats and ``report_year`` into a
category; here nullable integers stay integers (``Int16``, ``Int32``), columns with a fixed
vocabulary are categoricals of that vocabulary, booleans are nullable booleans, and
``report_year`` is an integer. Each year is first checked against its manifest
(``pipeline.store.verify.verify_year``): a year whose files are not the ones its extraction wrote is
refused, with an error naming the year and the file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pipeline.datasets.schema import BOOL, DATASETS, FLOAT, INT_LIST, SMALL_INT, STRING_LIST, Column
from pipeline.datasets.types import is_integer
from pipeline.store.commit import reading
from pipeline.store.layout import DEFAULT_OUT, dataset_path, extracted_years, read_manifest
from pipeline.store.verify import verify_year


class LoadError(Exception):
    """An extraction folder that cannot be trusted: the message names the year and the file."""


@dataclass
class Extracted:
    """The datasets of an extraction folder, one attribute (or key) per dataset, and the manifests."""

    folder: Path
    years: list[int]
    manifests: dict[int, dict] = field(default_factory=dict)
    datasets: dict = field(default_factory=dict)

    def __getattr__(self, name: str):
        datasets = self.__dict__.get("datasets", {})
        if name in datasets:
            return datasets[name]
        raise AttributeError(f"no dataset {name!r}: the datasets are {', '.join(datasets)}")

    def __getitem__(self, name: str):
        return self.datasets[name]

    def __dir__(self):
        return [*super().__dir__(), *self.datasets]


def load(folder: str | Path = DEFAULT_OUT, years: list[int] | None = None) -> Extracted:
    """The datasets of ``years`` in ``folder`` (by default every year extracted there), typed as the schema
    says. Each year is verified first; one that is missing or cannot be trusted raises ``LoadError``."""
    folder = Path(folder)
    available = extracted_years(folder)
    chosen = sorted(years) if years is not None else available
    if not chosen:
        raise LoadError(f"{folder}: no extracted year here (run `make` or `da-extract extract` first)")
    with reading(folder):
        for year in chosen:
            if year not in available:
                raise LoadError(f"{folder}: no extraction of {year} (there are {available})")
            problems = verify_year(folder, year)
            if problems:
                raise LoadError(
                    f"{folder}: {year} cannot be trusted: {problems[0]}"
                    + (f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else "")
                )
        manifests = {year: read_manifest(folder, year) for year in chosen}
        datasets = {name: _frame(folder, name, chosen) for name in DATASETS}
    return Extracted(folder, chosen, manifests, datasets)


def pandas_dtype(column: Column):
    """The pandas dtype a column loads as."""
    import pandas as pd

    if column.values:
        return pd.CategoricalDtype(list(column.values))
    kind = column.type
    if is_integer(kind):
        return pd.Int16Dtype() if kind == SMALL_INT else pd.Int32Dtype()
    if kind == BOOL:
        return pd.BooleanDtype()
    if kind == FLOAT:
        return pd.Float64Dtype() if column.nullable else "float64"
    if kind in (INT_LIST, STRING_LIST):
        return "object"
    return pd.StringDtype()


def _frame(folder: Path, name: str, years: list[int]):
    import pandas as pd
    import pyarrow.parquet as pq

    dataset = DATASETS[name]
    parts = []
    for year in years:
        frame = pq.read_table(dataset_path(folder, name, year)).to_pandas()
        frame = frame.astype({c.name: pandas_dtype(c) for c in dataset.columns if pandas_dtype(c) != "object"})
        frame["report_year"] = pd.Series([year] * len(frame), dtype="int16", index=frame.index)
        parts.append(frame)
    combined = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]
    return combined.astype({c.name: pandas_dtype(c) for c in dataset.columns if c.values})
