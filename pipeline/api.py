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
) -> list[tuple[Path, str | None, int]]:
    """Extract several reports, parsing all their sentences in one go, then extracting them in
    ``processes`` workers. A report that fails does not stop the others: returns, for each
    source, (path, error message or None, exit status). ``parallel`` as for :func:`extract`."""
    paths = [Path(p) for p in sources]
    _start_parsing_beside(parallel, cache, paths)
    from pipeline.run import run_many

    return run_many(
        paths, Path(out), log=log, strict=strict, cache=_path(cache), processes=processes, parallel=parallel
    )


def check(
    *, raw: str | Path = DEFAULT_RAW, golden: str | Path = DEFAULT_GOLDEN, update: bool = False, log=print
) -> bool:
    """Extract every report under ``raw`` afresh and compare it with its golden snapshot in ``golden``;
    True when all agree, each year's result given to ``log``. With ``update``, rewrite the snapshots."""
    from pipeline.review.check import check_reports

    return check_reports(Path(raw), Path(golden), update=update, log=log)


def data_dictionary() -> str:
    """The data dictionary (Markdown), generated from the schema: what ``docs/datasets.md`` holds."""
    from pipeline.datasets.dictionary import data_dictionary as dictionary

    return dictionary()


def load(folder: str | Path = DEFAULT_OUT, *, years: list[int] | None = None):
    """The datasets of an extraction folder as pandas frames typed as the schema says, every year
    (or ``years``) together, each year first checked against its manifest (see
    ``pipeline.store.loading``)."""
    from pipeline.store.loading import load as load_folder

    return load_folder(folder, years=years)


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
    """What :func:`diff` found: the differences per dataset (``DatasetDiff``), and the headline figures
    of two years; ``str()`` is the report ``da-extract diff`` prints."""

    def __init__(self, datasets: list, headlines: list | None = None):
        self.datasets, self.headlines = datasets, headlines

    @property
    def same(self) -> bool:
        from pipeline.review.diff import NO_DIFFERENCES

        return str(self) == NO_DIFFERENCES

    def __str__(self) -> str:
        from pipeline.review.diff import report

        return report(self.datasets, self.headlines)


def diff(old: str | Path, new: str | Path, *, log=None) -> Diff:
    """Compare two extractions dataset by dataset. Each side is a year in ``extracted/`` (``"2023"``),
    ``"FOLDER:YEAR"``, a folder holding one extracted year, or a golden snapshot folder. Two
    extractions of one year are compared row by row; two years, on the datasets whose keys hold
    across years, with the headline figures side by side."""
    from pipeline.review.diff import compare, headline_figures

    (old_folder, old_year), (new_folder, new_year) = _located(old), _located(new)
    before, after = _loaded(old_folder, old_year, log), _loaded(new_folder, new_year, log)
    same_year = old_year == new_year
    return Diff(compare(before, after, same_year), None if same_year else headline_figures(before, after))


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


def _located(spec: str | Path) -> tuple[Path, int]:
    from pipeline.review.snapshot import locate

    return locate(str(spec))


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
