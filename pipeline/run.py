"""One report from input to datasets on disk: read → model → extract → write."""

from __future__ import annotations

import multiprocessing
import resource
import sys
import textwrap
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from pipeline.datasets.schema import SCHEMA_VERSION
from pipeline.datasets.tables import to_tables
from pipeline.datasets.validate import validate
from pipeline.errors import IncompleteError, ReportError
from pipeline.extractors.context import Extraction
from pipeline.extractors.registry import extract, sentences_to_parse
from pipeline.language.nlp import parse, prefetch, start_parser, stop_parser
from pipeline.readers import load_document
from pipeline.readers.base import display_path
from pipeline.store.commit import repair, write_year
from pipeline.store.encoding import prepare as prepare_writing
from pipeline.store.layout import manifest_years, read_manifest
from pipeline.version import __version__

LINE_WIDTH = 118  # the longest line a run writes, its indent included


@dataclass(frozen=True)
class RunOptions:
    """How reports are extracted (see :func:`run`)."""

    year: int | None = None
    strict: bool = False
    cache: Path | None = None
    parallel: bool = False
    log: Callable[[str], None] | None = None


def run(
    path: Path,
    out: Path,
    *,
    year: int | None = None,
    log=None,
    strict: bool = False,
    cache: Path | None = None,
    parallel: bool = False,
    read=None,
) -> dict:
    """Extract one report into ``out``; return its manifest. With ``strict``, an incomplete
    report (see ``Extraction.incomplete``) is an error and nothing is written; ``cache`` is
    the folder where parses are kept between runs (see ``pipeline.language.nlp``); ``parallel`` parses
    in a second process (the command line asks for it; a library call never forks unasked).
    The year's datasets and manifest are committed all together (see ``pipeline.store.commit``), then
    ``datapackage.json`` describes every year of ``out``. ``read``, if given, is the report
    already read: (document, seconds the reading took)."""
    options = RunOptions(year, strict, cache, parallel, log or log_to_stderr)
    with _parsing_beside(options, [path]):
        return _run(Path(path), Path(out), options, read)


@contextmanager
def _parsing_beside(options: RunOptions, paths: list[Path]):
    """With ``parallel``: spaCy starts on the other core while this one reads."""
    if not options.parallel:
        yield
        return
    start_parser(options.cache, paths)
    try:
        yield
    finally:
        stop_parser()


def _run(path: Path, out: Path, options: RunOptions, read) -> dict:
    log = options.log
    check_data_folder(out)
    repair(out, log)  # what an interrupted commit left goes first, whatever happens next
    seconds: dict[str, float] = {}
    if read is not None:
        document, seconds["read"] = read
    else:
        with _timed(seconds, "read"):
            document = load_document(path, options.year)
    log(
        f"{document.year} read: {document.source.described}, {len(document.blocks)} blocks, "
        f"{len(document.footnotes)} footnotes ({seconds['read']:.2f} s)"
    )
    with _timed(seconds, "extract"):
        extraction = extract(document, cache=options.cache, parallel=options.parallel, meanwhile=[prepare_writing])
    compare_with_previous_year(extraction, out)
    log(
        f"{document.year} extract: {len(extraction.datasets)} datasets, "
        f"{len(extraction.warnings)} warnings ({seconds['extract']:.2f} s)"
    )
    if options.strict and extraction.incomplete:
        raise IncompleteError(
            document.source.path, "; ".join(w.removeprefix("incomplete: ") for w in extraction.incomplete)
        )
    with _timed(seconds, "validate"):
        tables = to_tables(extraction.datasets, document.source.path)
        validate(tables, document.source.path)
    manifest = write_year(out, document.year, tables, _manifest(document, extraction, tables, seconds), log)
    log(written(manifest, out))
    return manifest


def check_data_folder(out: Path) -> None:
    """The data folder is a folder, or is made: a file, a device or a FIFO in its place is said at
    once, before the reports are read, not by the write after them (``File exists``)."""
    if (out.exists() or out.is_symlink()) and not out.is_dir():
        raise ReportError(display_path(out), "not a folder: the datasets are written in a folder (--data)")


def written(manifest: dict, out: Path) -> str:
    """The write stage's message: the folder once, then each dataset's rows, wrapped under 120 characters
    (one message, so that a batch's workers never cut into it)."""
    rows = manifest["rows"]
    counts = textwrap.fill(
        ", ".join(f"{name} {count}" for name, count in rows.items()),
        width=LINE_WIDTH,
        initial_indent="  ",
        subsequent_indent="  ",
    )
    return (
        f"{manifest['report_year']} write: {sum(rows.values()):,} rows in {len(rows)} datasets, "
        f"{Path(out).as_posix().rstrip('/')}/ ({manifest['seconds']['write']:.2f} s)\n{counts}"
    )


def _manifest(document, extraction: Extraction, tables: dict, seconds: dict) -> dict:
    """The year's manifest, but for the files, which the commit adds."""
    return {
        "report_year": document.year,
        "source": vars(document.source),
        "title": " ".join(extraction.outline.title_block) or None,
        "package_version": __version__,
        "schema_version": SCHEMA_VERSION,
        "rows": {name: table.num_rows for name, table in sorted(tables.items())},
        "warnings": extraction.warnings,
        "checks": extraction.checks,
        "seconds": seconds,
        "peak_memory_mib": round(
            max(
                resource.getrusage(who).ru_maxrss  # this process or its parsing child
                for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
            )
            / 1024,
            1,
        ),
    }


def compare_with_previous_year(extraction: Extraction, out: Path) -> None:
    """The extraction against the last year before it extracted in ``out``, if any."""
    year = extraction.document.year
    earlier = [earlier_year for earlier_year in manifest_years(out) if earlier_year < year]
    if earlier:
        extraction.compare_with_previous_year(read_manifest(out, earlier[-1]).get("rows", {}), earlier[-1])


@dataclass(frozen=True)
class Outcome:
    """How one report of a batch ended: unpacks as (path, error message or None, exit status), and
    holds the year's manifest when it was written."""

    path: Path
    error: str | None
    status: int
    manifest: dict | None = None

    def __iter__(self):
        return iter((self.path, self.error, self.status))

    def __getitem__(self, index):
        return (self.path, self.error, self.status)[index]


def run_many(
    paths: list[Path],
    out: Path,
    *,
    year: int | None = None,
    log=None,
    strict: bool = False,
    cache: Path | None = None,
    processes: int = 1,
    parallel: bool = False,
) -> list[Outcome]:
    """Extract several reports in one go: every sentence they hold is parsed first, with the
    model loaded once, then the reports are extracted side by side in ``processes`` workers that
    inherit the parses; each worker commits its year under the output folder's lock, which it
    takes itself (see ``pipeline.store.lock``). ``parallel``: spaCy starts in a second process at once,
    which parses on both cores (the command line asks for it; a library call never forks unasked).
    Returns an :class:`Outcome` for each report: (path, error or None, exit status), and the manifest."""
    options = RunOptions(year, strict, cache, parallel, log or log_to_stderr)
    with _parsing_beside(options, paths):
        return _run_many([Path(p) for p in paths], Path(out), options, processes)


def _run_many(paths: list[Path], out: Path, options: RunOptions, processes: int) -> list[Outcome]:
    check_data_folder(out)
    _read.clear()
    sentences = []
    for index, path in enumerate(paths):
        started = time.perf_counter()
        try:
            document = load_document(path, options.year)
        except ReportError as error:
            _read[index] = error  # reported below, in the report's turn
            continue
        _read[index] = (document, round(time.perf_counter() - started, 3))
        found = sentences_to_parse(document)
        sentences += found
        if options.parallel:
            prefetch(found, options.cache, last=False)  # parsed while the next report is read
    parse(sentences, cache=options.cache, meanwhile=[prepare_writing])
    jobs = [(index, path, out, options) for index, path in enumerate(paths)]
    try:
        if processes > 1 and len(paths) > 1:
            _flush_output()  # what is still buffered would be written again by every worker
            with multiprocessing.get_context("fork").Pool(processes) as pool:
                return pool.starmap(_run_quietly, jobs)
        return [_run_quietly(*job) for job in jobs]
    finally:
        _read.clear()


_read: dict = {}  # run_many's reports, read once: (document, seconds) or the error; inherited by its workers


def _run_quietly(index: int, path: Path, out: Path, options: RunOptions) -> Outcome:
    try:
        if isinstance(_read[index], ReportError):
            raise _read[index]
        manifest = run(path, out, log=options.log, strict=options.strict, cache=options.cache, read=_read[index])
        return Outcome(path, None, 0, manifest)
    except ReportError as error:
        return Outcome(path, str(error), error.exit_status)


@contextmanager
def _timed(seconds: dict, stage: str):
    started = time.perf_counter()
    yield
    seconds[stage] = round(time.perf_counter() - started, 3)


def log_to_stderr(message: str) -> None:
    """``message`` and its end of line in one write: the lines of a batch's workers, which share
    standard error, never run into each other (``print`` writes the end of line apart)."""
    write_whole(sys.stderr, message)


def write_whole(stream, message: str) -> None:
    """Write ``message`` (one line or a block of lines) and its end of line to ``stream`` at once."""
    stream.write(message + "\n")
    stream.flush()


def _flush_output() -> None:
    for stream in (sys.stdout, sys.stderr):
        stream.flush()
