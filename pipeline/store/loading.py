"""Loading the datasets in a notebook: every year, checked first, typed as every other route types them.

    >>> from pipeline import load
    >>> data = load("extracted")
    >>> data.figures.dtypes["footnote"], data.paragraphs.set_index("paragraph_id").footnote_numbers["I.1:1"]
    (Int16Dtype(), [7, 8, 9, 10])

One set of types on every route: each column has the dtype ``pd.read_parquet`` gives it (the files
carry the pandas metadata that keeps nullable integers integers, ``Int16``/``Int32``, and booleans
nullable booleans; text is ``object``), and list columns hold Python lists, where ``pd.read_parquet``
gives numpy arrays (``==`` and ``in`` then work as on the lists the schema describes). ``report_year``
is ``int16`` here; ``pd.read_parquet`` makes it a category (it reads the folder name
``report_year=2023``), DuckDB a ``BIGINT``. A column's vocabulary, where it has one, is in
``pipeline.datasets.schema`` (``DATASETS[name].column(column).values``).

Each year is first checked against its manifest (``pipeline.store.verify.verify_year``): a year whose
files are not the ones its extraction wrote is left out with a warning (``UntrustedYearWarning``)
naming the year and the file, or refused with ``LoadError`` when ``strict``.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.datasets.schema import DATASETS, INT_LIST, STRING_LIST
from pipeline.store.commit import reading
from pipeline.store.layout import DEFAULT_OUT, dataset_path, extracted_years, read_manifest
from pipeline.store.verify import verify_year

YEAR_DTYPE = "int16"


class LoadError(Exception):
    """An extraction folder that cannot be loaded: no year asked for is there, or (``strict``) a year
    cannot be trusted. The message names the folder, the year and the file."""


class UntrustedYearWarning(UserWarning):
    """A year left out by ``load``: its files are not the ones its extraction wrote (the message names
    the year and the file). ``load(..., strict=True)`` raises ``LoadError`` instead."""


@dataclass
class Extracted:
    """The datasets of an extraction folder, as ``load`` returns them.

    Each dataset is an attribute and a key (``data.figures``, ``data["figures"]``): a pandas
    DataFrame of every loaded year, with the schema's columns in order, then ``report_year``
    (``int16``). ``dir(data)`` lists them.

    Attributes:
        folder: the extraction folder read.
        years: the years loaded, in order (a year left out for failing verification is not there).
        manifests: each loaded year's manifest (``extracted/manifest/<year>.json``): source file, row
            counts, warnings, checks.
        datasets: dataset name → DataFrame, in the order of ``pipeline.datasets.schema.DATASETS``.
        left_out: year → the problems that left it out (empty when every year was whole).
    """

    folder: Path
    years: list[int]
    manifests: dict[int, dict] = field(default_factory=dict)
    datasets: dict = field(default_factory=dict)
    left_out: dict[int, list[str]] = field(default_factory=dict)

    def __getattr__(self, name: str):
        datasets = self.__dict__.get("datasets", {})
        if name in datasets:
            return datasets[name]
        raise AttributeError(f"no dataset {name!r}: the datasets are {', '.join(datasets)}")

    def __getitem__(self, name: str):
        return self.datasets[name]

    def __dir__(self):
        return [*super().__dir__(), *self.datasets]


def load(folder: str | Path = DEFAULT_OUT, years: list[int] | None = None, *, strict: bool = False) -> Extracted:
    """The datasets of ``folder`` as pandas DataFrames, every year together (see ``Extracted``).

    ``years``: the years to load (by default every year extracted in ``folder``); one that is not
    there raises ``LoadError``. Each year is verified against its manifest first: a year whose files are
    not the ones its extraction wrote is left out with an ``UntrustedYearWarning`` naming the year and
    the file, or, with ``strict=True``, raises ``LoadError``. No year left to load raises ``LoadError``.
    Dtypes are those of ``pd.read_parquet``; list columns hold Python lists; ``report_year`` is int16.
    """
    folder = Path(folder)
    available = extracted_years(folder)
    chosen = sorted(years) if years is not None else available
    if not chosen:
        raise LoadError(f"{folder}: no extracted year here (run `make` or `da-extract extract` first)")
    with reading(folder):
        missing = [year for year in chosen if year not in available]
        if missing:
            raise LoadError(f"{folder}: no extraction of {', '.join(map(str, missing))} (there are {available})")
        left_out = _untrusted(folder, chosen, strict)
        trusted = [year for year in chosen if year not in left_out]
        if not trusted:
            raise LoadError(f"{folder}: no year left to load: {', '.join(map(str, left_out))} cannot be trusted")
        manifests = {year: read_manifest(folder, year) for year in trusted}
        datasets = {name: _frame(folder, name, trusted) for name in DATASETS}
    return Extracted(folder, trusted, manifests, datasets, left_out)


def _untrusted(folder: Path, years: list[int], strict: bool) -> dict[int, list[str]]:
    """The years whose files fail verification, with their problems; warned about, or raised (strict)."""
    left_out = {}
    for year in years:
        problems = verify_year(folder, year)
        if not problems:
            continue
        more = f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""
        if strict:
            raise LoadError(f"{folder}: {year} cannot be trusted: {problems[0]}{more}")
        warnings.warn(
            f"{folder}: {year} left out, it cannot be trusted: {problems[0]}{more}", UntrustedYearWarning, stacklevel=4
        )
        left_out[year] = problems
    return left_out


def _frame(folder: Path, name: str, years: list[int]):
    import pandas as pd
    import pyarrow.parquet as pq

    lists = [c.name for c in DATASETS[name].columns if c.type in (INT_LIST, STRING_LIST)]
    parts = []
    for year in years:
        table = pq.read_table(dataset_path(folder, name, year))
        frame = table.to_pandas()  # the pandas metadata in the file: pd.read_parquet's dtypes
        for column in lists:  # numpy arrays → the Python lists the schema describes
            frame[column] = pd.Series(table.column(column).to_pylist(), index=frame.index, dtype="object")
        frame["report_year"] = pd.Series([year] * len(frame), dtype=YEAR_DTYPE, index=frame.index)
        parts.append(frame)
    return pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]
