"""The library API, on which the command line is built: ``from pipeline import read, extract, load,
verify, diff``.

    >>> import pipeline
    >>> document = pipeline.read("raw/2023")                  # the document model of one report
    >>> manifest = pipeline.extract("raw/2023", out="extracted")  # its datasets, committed whole
    >>> pipeline.verify("extracted").ok                        # every file the one its manifest records
    True
    >>> data = pipeline.load("extracted")                      # typed pandas frames, every year
    >>> print(pipeline.diff("extracted:2023", "tests/golden/2023"))
    no differences

Every option is a keyword. Each function imports what it uses when it is called, so that
``import pipeline`` stays instant.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.store.layout import DEFAULT_GOLDEN, DEFAULT_OUT, DEFAULT_RAW


def read(path: str | Path, *, year: int | None = None):
    """Read one report into its document model (``pipeline.document.model.Document``).

    ``path`` is a report file of any supported format, a ``raw/<year>/`` folder holding one, or a
    ``document.json`` saved by ``da-extract read``. ``year`` is needed only when neither the folder
    name nor the report's own text gives it. Raises ``ReportError`` (one line: the file and the
    problem) when the file cannot be read as a report."""
    from pipeline.readers import load_document

    return load_document(Path(path), year)


def extract(
    source,
    *,
    out: str | Path = DEFAULT_OUT,
    year: int | None = None,
    strict: bool = False,
    cache: str | Path | None = None,
    parallel: bool = False,
    log=None,
) -> dict:
    """Extract one report into the output folder ``out`` and return the year's manifest.

    ``source`` is what :func:`read` takes, or a document it returned (its reading then counts 0 s
    in the manifest, and ``year``, if given, must be the document's). The year's datasets and
    manifest are committed all together: a reader of ``out`` sees the old year or the new one,
    whole. With ``strict``, an incomplete report (an annex or the sectors missing, a failed
    cross-check) raises ``IncompleteError`` and nothing is written. ``cache``: a folder where
    sentence parses are kept between runs. ``parallel``: spaCy parses in a second process, on the
    other core (a library call never forks unless asked). ``log``: a function given each progress
    line (default: standard error)."""
    from pipeline.errors import ReportError

    if isinstance(source, (str, Path)):
        _start_parsing_beside(parallel, cache, [Path(source)])
        from pipeline.run import run

        return run(Path(source), Path(out), year=year, log=log, strict=strict, cache=_path(cache), parallel=parallel)
    if year is not None and year != source.year:
        raise ReportError(source.source.path, f"the document is for {source.year} but year={year} was given")
    _start_parsing_beside(parallel, cache, [Path(source.source.path)])
    from pipeline.run import run

    return run(
        Path(source.source.path),
        Path(out),
        log=log,
        strict=strict,
        cache=_path(cache),
        parallel=parallel,
        read=(source, 0.0),
    )


def extract_many(
    sources,
    *,
    out: str | Path = DEFAULT_OUT,
    strict: bool = False,
    cache: str | Path | None = None,
    processes: int = 1,
    parallel: bool = False,
    log=None,
) -> list:
    """Extract several reports, parsing all their sentences in one go, then extracting them in
    ``processes`` workers. A report that fails does not stop the others: returns, for each
    source, an ``Outcome`` that unpacks as (path, error message or None, exit status) and holds the
    year's manifest (``.manifest``, None on error). ``parallel`` as for :func:`extract`."""
    paths = [Path(p) for p in sources]
    _start_parsing_beside(parallel, cache, paths)
    from pipeline.run import run_many

    return run_many(
        paths, Path(out), log=log, strict=strict, cache=_path(cache), processes=processes, parallel=parallel
    )


def check(
    *,
    raw: str | Path = DEFAULT_RAW,
    golden: str | Path = DEFAULT_GOLDEN,
    update: bool = False,
    years: list[int] | None = None,
    log=print,
) -> bool:
    """Extract afresh every report under ``raw`` that has a golden snapshot in ``golden`` (or only
    ``years``) and compare the two, as :func:`diff` compares one year; True when all agree, each
    year's result given to ``log``. A year without a snapshot is named and not counted as a
    difference. With ``update``, write the snapshots of ``years`` instead (of every year when None),
    leaving the other years' files as they are."""
    from pipeline.review.check import check_reports

    return check_reports(Path(raw), Path(golden), update=update, years=years, log=log)


def data_dictionary() -> str:
    """The data dictionary (Markdown), generated from the schema: what ``docs/datasets.md`` holds."""
    from pipeline.datasets.dictionary import data_dictionary as dictionary

    return dictionary()


def load(folder: str | Path = DEFAULT_OUT, *, years: list[int] | None = None, strict: bool = False):
    """The datasets of an extraction folder as pandas DataFrames, every year together: an ``Extracted``
    whose attributes are the datasets (``data.figures``), with ``years``, ``manifests`` and ``left_out``.

    ``folder``: the extraction folder (default ``extracted``). ``years``: the years to load (default:
    every year extracted there); one that is not there raises ``LoadError``. Each year is first checked
    against its manifest; a year whose files are not the ones its extraction wrote is left out with an
    ``UntrustedYearWarning`` (``warnings.warn``) naming the year and the file; ``strict``: raise
    ``LoadError`` instead. Columns have the dtypes ``pd.read_parquet`` gives them, list columns hold
    Python lists, ``report_year`` is int16 (see ``pipeline.store.loading``)."""
    from pipeline.store.loading import load as load_folder

    return load_folder(folder, years=years, strict=strict)


class Verification:
    """What :func:`verify` found: the years checked, their dataset files, and one line per problem.
    (A plain class: ``dataclasses`` would cost ``import pipeline`` a tenth of its start.)"""

    def __init__(self, folder: Path, years: list[int], files: int, problems: list[str]):
        self.folder, self.years, self.files, self.problems = folder, years, files, problems

    def __repr__(self) -> str:
        return f"Verification({str(self.folder)!r}, years={self.years}, files={self.files}, problems={self.problems})"

    @property
    def ok(self) -> bool:
        return not self.problems


def verify(folder: str | Path = DEFAULT_OUT, *, log=None) -> Verification:
    """Finish or undo an interrupted commit, then check that every dataset file of every year is the
    one its manifest records (size and sha256) and has the schema of ``pipeline/datasets/schema.py``."""
    from pipeline.errors import ReportError
    from pipeline.store.commit import reading
    from pipeline.store.layout import dataset_files, extracted_years
    from pipeline.store.verify import verify_year

    folder = Path(folder)
    if not folder.is_dir():
        raise ReportError(str(folder), "no such extraction folder")
    with reading(folder, log=log):
        years = extracted_years(folder)
        problems = (
            [problem for year in years for problem in verify_year(folder, year)]
            if years
            else [f"{folder}: no extracted year here (no manifest/<year>.json)"]
        )
        files = sum(len(dataset_files(folder, year)) for year in years)
    return Verification(folder, years, files, problems)


class Diff:
    """What :func:`diff` found, dataset by dataset (``datasets``: one ``DatasetDiff`` each).

    ``summary``: a DataFrame, one row per dataset (dataset, added, removed, changed, unchanged).
    ``rows``: a DataFrame, one row per changed column of a changed row (dataset, key, change, column,
    old, new), and one per row added or removed (its summary column, old or new: which row it is).
    ``same``: no difference at all. ``str()``: the report ``da-extract diff`` prints; ``formatted``
    and ``write``: the diff as text, csv, json or parquet."""

    def __init__(self, datasets: list, old: str = "old", new: str = "new", same_year: bool = True):
        self.datasets, self.old, self.new, self.same_year = datasets, old, new, same_year

    def __repr__(self) -> str:
        return f"Diff({self.old!r}, {self.new!r}, same={self.same})"

    @property
    def same(self) -> bool:
        return all(d.empty for d in self.datasets)

    @property
    def summary(self):
        import pandas as pd

        from pipeline.review.diff import SUMMARY_COLUMNS, summary_rows

        return pd.DataFrame(summary_rows(self.datasets), columns=list(SUMMARY_COLUMNS))

    @property
    def rows(self):
        import pandas as pd

        from pipeline.review.diff import ROW_COLUMNS, change_rows

        return pd.DataFrame(change_rows(self.datasets), columns=list(ROW_COLUMNS), dtype=object)

    def __str__(self) -> str:
        from pipeline.review.diff import report

        return report(self.datasets)

    def summary_text(self) -> str:
        """A line naming both sides, then the summary per dataset (or ``no differences``)."""
        from pipeline.review.diff_formats import summary_text

        return summary_text(self.datasets, self.old, self.new, self.same_year)

    def formatted(self, format: str = "text") -> str | bytes:
        """The diff as ``text`` (the report, after a line naming both sides), ``csv`` or ``parquet``
        (the rows, values as text; parquet as bytes) or ``json`` (both sides, summary and rows)."""
        from pipeline.review.diff_formats import formatted

        return formatted(self.datasets, format, self.old, self.new, self.same_year)

    def write(self, path: str | Path, *, format: str = "text") -> Path:
        """Write :meth:`formatted` to ``path``, replaced whole."""
        from pipeline.files import write_atomically

        content = self.formatted(format)
        write_atomically(Path(path), content if isinstance(content, bytes) else content.encode("utf-8"))
        return Path(path)


def diff(old: str | Path, new: str | Path, *, data: str | Path = DEFAULT_OUT, log=None) -> Diff:
    """Compare two extractions dataset by dataset, row by row. Each side is a year extracted in
    ``data`` (``"2023"``), ``"FOLDER:YEAR"``, a folder holding one extracted year, or a golden
    snapshot folder (``tests/golden/2023``). Rows are matched on what identifies them across years,
    declared per dataset in the schema (``across_years``, printed in docs/datasets.md). Two
    extractions of one year are compared on every column; two years, on every column but those that
    only say where a row is (paragraph ids, footnote numbers, offsets)."""
    from pipeline.review.diff import compare

    (old_folder, old_year), (new_folder, new_year) = _located(old, data), _located(new, data)
    before, after = _loaded(old_folder, old_year, log), _loaded(new_folder, new_year, log)
    same_year = old_year == new_year
    return Diff(compare(before, after, same_year), str(old), str(new), same_year)


def warning_lines(manifest: dict, *, quiet: bool = False, verbose: bool = False) -> list[str]:
    """The lines ``da-extract`` prints about a year's warnings and failed checks (``manifest`` is what
    :func:`extract` returns): grouped by kind, one line each, under 120 characters. ``quiet``: only
    the ``incomplete:`` ones; ``verbose``: every warning whole, the stage times and the checks."""
    from pipeline.review.messages import warning_lines as lines

    return lines(manifest, quiet=quiet, verbose=verbose)


def summary_line(manifest: dict, *, data: str | Path = DEFAULT_OUT) -> str:
    """One line about a year extracted into ``data``: rows, datasets, warnings, and its manifest's path."""
    from pipeline.review.messages import summary_line as line

    return line(manifest, data)


def export(
    format: str = "csv",
    *,
    data: str | Path = DEFAULT_OUT,
    output: str | Path | None = None,
    year: int | None = None,
    log=None,
) -> list[Path]:
    """Write the datasets of the extraction folder ``data`` for a spreadsheet: ``format="csv"``, one
    UTF-8 file per dataset in the folder ``output`` (default ``<data>/export``); ``"xlsx"``, one
    workbook ``output`` (default ``<data>/export/datasets.xlsx``) with a sheet per dataset and a sheet
    ``columns`` describing every column from the schema. ``year``: that year only (default: every
    year, a ``report_year`` column first). List columns are written as JSON arrays. Each year is
    verified against its manifest first. Returns the files written."""
    from pipeline.store.export import export as write_export

    return write_export(format, Path(data), output=_path(output), year=year, log=log)


def register_project_keys(extraction: str | Path, *, registry: str | Path | None = None) -> list[str]:
    """Record in the project-key registry the keys of an extraction's projects that it does not
    hold yet (``registry`` defaults to the package's own); returns the keys added."""
    from pipeline.extractors.projects.keys import REGISTRY_FILE, register_keys

    folder, year = _located(extraction)
    projects = _loaded(folder, year, None).get("projects", [])
    return register_keys(projects, Path(registry) if registry else REGISTRY_FILE)


def write_overviews(years: list[int], *, folder: str | Path = DEFAULT_OUT, log=None) -> list[Path]:
    """Write the overview page of each extracted year of ``folder``, then the index of every year
    (``overview/index.html``); returns the pages' paths, the index last."""
    from pipeline.errors import ReportError
    from pipeline.review.overview import write_overview  # matplotlib is only needed here
    from pipeline.review.overview_index import write_index
    from pipeline.store.commit import reading
    from pipeline.store.layout import manifest_path

    folder, pages = Path(folder), []
    with reading(folder, log=log):
        for year in years:
            if not manifest_path(folder, year).is_file():
                raise ReportError(str(folder), f"no extraction of {year} here (run da-extract extract first)")
            pages.append(write_overview(folder, year))
            if log:
                log(f"{year} overview: {pages[-1]}")
        if pages:
            pages.append(write_index(folder))
            if log:
                log(f"overview index: {pages[-1]}")
    return pages


def _located(spec: str | Path, data: str | Path = DEFAULT_OUT) -> tuple[Path, int]:
    from pipeline.review.snapshot import locate

    return locate(str(spec), Path(data))


def _loaded(folder: Path, year: int, log) -> dict[str, list[dict]]:
    from pipeline.review.snapshot import load_extraction
    from pipeline.store.commit import reading

    with reading(folder, log=log):
        return load_extraction(folder, year)


def _path(value: str | Path | None) -> Path | None:
    return Path(value) if value is not None else None


def _start_parsing_beside(parallel: bool, cache, paths: list[Path]) -> None:
    """spaCy's process is started before the readers and extractors are imported: a smaller
    process, started sooner (``pipeline.language.nlp.start_parser``)."""
    if parallel:
        from pipeline.language.nlp import start_parser

        start_parser(_path(cache), paths)
