"""Command line: ``da-extract`` / ``python -m pipeline``: parses the arguments, calls the library
(``pipeline.api``) and prints what it returns."""

from __future__ import annotations

import argparse
import atexit
import os
import sys
import time
from pathlib import Path

from pipeline.errors import (
    EXIT_DIFFERENT,
    EXIT_INPUT,
    EXIT_INTERNAL,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_UNVERIFIED,
    ReportError,
)
from pipeline.store.layout import DEFAULT_CACHE, DEFAULT_GOLDEN, DEFAULT_OUT, DEFAULT_RAW
from pipeline.version import __version__

# The address space the command may use, in MiB (``DA_EXTRACT_MEMORY_MIB``; 0: no ceiling). A file
# that slips past every reader's budget then ends with a one-line error, not with the machine's
# memory exhausted or a kernel kill. Address space, not resident memory: numpy, pyarrow and spaCy
# reserve far more than they touch: a cold extraction of the 2023 report (text, .docx or PDF)
# peaks at 1.5 GiB of address space in the main process (pyarrow alone reserves 1 GiB) for 0.12 GiB
# resident, the forked parsing process at 0.3 GiB, which inherits the same ceiling.
MEMORY_MIB = 4096

# Each command imports what it uses when it runs: ``extract`` starts its parsing process before
# the extractors are imported (a smaller process, started sooner), ``--help`` imports nothing.


def console() -> None:
    """The ``da-extract`` command: :func:`main`, then an exit that skips freeing the process's
    objects one by one at interpreter shutdown, a third of a second after an extraction
    (mypy ends the same way, ``mypy.util.hard_exit``). Exit handlers still run and the output
    is flushed; every file written is closed by then. ``main`` is what to call in a process that
    goes on. The memory ceiling is set here, not in ``main``, which may run in a process that goes on."""
    cap_memory()
    status = main()
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # closed, or a pipe whose reader is gone: Python's own exit says 120
            status = status or 120
    os._exit(status)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return args.run(args)
    except ReportError as error:
        print(f"da-extract: error: {error}", file=sys.stderr)
        return error.exit_status
    except MemoryError:
        print(f"da-extract: error: {_inputs(args)}: {_memory_problem()}", file=sys.stderr)
        return EXIT_INPUT
    except OSError as error:
        print(
            f"da-extract: error: {getattr(error, 'filename', None) or ''} {error}".replace("  ", " "), file=sys.stderr
        )
        return EXIT_INPUT
    except KeyboardInterrupt:
        print("da-extract: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception as error:  # noqa: BLE001  (a bug: one line, the traceback on demand)
        if args.debug:
            raise
        print(
            f"da-extract: internal error: {type(error).__name__}: {error} (run with --debug for the traceback)",
            file=sys.stderr,
        )
        return EXIT_INTERNAL


def memory_mib() -> int:
    """The ceiling ``DA_EXTRACT_MEMORY_MIB`` asks for (a whole number of MiB; 0 for none)."""
    value = os.environ.get("DA_EXTRACT_MEMORY_MIB", "").strip()
    return int(value) if value.isdecimal() else MEMORY_MIB


def cap_memory() -> None:
    """Lower this process's address-space limit (``RLIMIT_AS``) to ``memory_mib()``; the hard limit
    stays, so that a child (LibreOffice) may be given a ceiling of its own."""
    try:
        import resource
    except ImportError:  # not on Windows: there the ceiling is the system's
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = memory_mib() * 2**20
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    if limit and (soft == resource.RLIM_INFINITY or limit < soft):
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _memory_problem() -> str:
    unbounded = "the file needs more memory than the system gives"
    try:
        import resource
    except ImportError:
        return unbounded
    limit = resource.getrlimit(resource.RLIMIT_AS)[0]
    if limit == resource.RLIM_INFINITY:
        return unbounded
    return f"the file needs more than {limit // 2**20:,} MiB of memory (the ceiling DA_EXTRACT_MEMORY_MIB sets)"


def _inputs(args) -> str:
    """The files a command was given, to name them in a message."""
    inputs = getattr(args, "inputs", None) or [getattr(args, "input", None) or "da-extract"]
    return " ".join(map(str, inputs))


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="da-extract",
        description="Turn WIPO's Development Agenda reports into Parquet datasets.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--debug", action="store_true", help="show the traceback of an internal error")
    commands = parser.add_subparsers(required=True, metavar="COMMAND")
    for add_command in (
        _extract_command,
        _read_command,
        _check_command,
        _diff_command,
        _keys_command,
        _overview_command,
        _verify_command,
        _docs_command,
    ):
        add_command(commands)
    return parser


def _extract_command(commands) -> None:
    run = commands.add_parser(
        "extract",
        help="extract reports into datasets (the whole pipeline)",
        description="Extract reports into extracted/<dataset>/report_year=<year>/.",
    )
    run.add_argument(
        "inputs",
        nargs="+",
        metavar="INPUT",
        help="a report file, a raw/<year>/ folder, or a document.json written by 'read'",
    )
    run.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"output folder (default: {DEFAULT_OUT})")
    run.add_argument("--year", type=int, help="report year, when the folder name does not give it")
    run.add_argument(
        "--strict",
        action="store_true",
        help="fail (exit 4) on an incomplete report instead of writing what can be trusted",
    )
    run.add_argument(
        "--cache",
        type=Path,
        default=DEFAULT_CACHE,
        help=f"folder where sentence parses are kept between runs (default: {DEFAULT_CACHE})",
    )
    run.add_argument(
        "--no-cache", dest="cache", action="store_const", const=None, help="parse every sentence again and keep nothing"
    )
    run.add_argument("--processes", type=int, default=2, help="reports extracted side by side (default: 2)")
    run.set_defaults(run=_extract)


def _read_command(commands) -> None:
    read = commands.add_parser(
        "read",
        help="read one report into its document model (stage 1)",
        description="Read a report and save its document model as JSON.",
    )
    read.add_argument("input", metavar="INPUT", help="a report file or a raw/<year>/ folder")
    read.add_argument("--out", type=Path, required=True, help="where to write the document model (.json)")
    read.add_argument("--year", type=int, help="report year, when the folder name does not give it")
    read.set_defaults(run=_read)


def _check_command(commands) -> None:
    check = commands.add_parser(
        "check",
        help="extract every report and compare it with its golden snapshot",
        description=f"Extract every {DEFAULT_RAW}/<year>/ report that has a snapshot in {DEFAULT_GOLDEN}/<year>/ "
        "into a temporary folder and compare the two on every column of every dataset (as 'diff' compares "
        "one year); exit 1 on any difference. Years without a snapshot are listed, not failed.",
    )
    check.add_argument("--raw", type=Path, default=DEFAULT_RAW, help=f"folder of reports (default: {DEFAULT_RAW})")
    check.add_argument("--golden", type=Path, default=DEFAULT_GOLDEN, help=f"snapshots (default: {DEFAULT_GOLDEN})")
    check.add_argument(
        "--year", type=int, action="append", dest="years", metavar="YEAR", help="only this year (repeatable)"
    )
    check.add_argument(
        "--update", action="store_true", help="write the snapshots (of --year, else of every year) instead"
    )
    check.set_defaults(run=_check)


def _diff_command(commands) -> None:
    diff = commands.add_parser(
        "diff",
        help="what changed between two extractions or two years",
        description="Compare two extractions, every dataset row by row: a summary per dataset (rows added, "
        "removed, changed, unchanged), then each row added or removed and each changed column, old → new. "
        "OLD and NEW are each a year in extracted/ (2023), a folder (extracted, tests/golden/2023), or "
        "FOLDER:YEAR. Rows are matched on what identifies them across years (a project by its key, a URL, a "
        "document symbol, a country or a figure's counted noun by its section, a paragraph by its section and "
        "text; each dataset's in docs/datasets.md). Two years: the columns that only say where a row is "
        "(paragraph ids, footnote numbers, offsets) are not compared; one year: every column is. "
        "Exit 1 when they differ.",
    )
    diff.add_argument("old", metavar="OLD")
    diff.add_argument("new", metavar="NEW")
    diff.add_argument(
        "--format",
        choices=("text", "csv", "json", "parquet"),
        default="text",
        help="text: the report; csv, parquet: the rows (dataset, key, change, column, old, new), the summary "
        "on stderr; json: both sides, the summary and the rows (default: text)",
    )
    diff.add_argument("--output", type=Path, metavar="FILE", help="write to FILE (parquet needs one), not stdout")
    diff.set_defaults(run=_diff, usage_error=diff.error)


def _keys_command(commands) -> None:
    keys = commands.add_parser(
        "keys",
        help="record new project keys in the registry",
        description="Add the project keys of an extraction that the registry "
        "(pipeline/data/project_keys.tsv) does not hold yet.",
    )
    keys.add_argument("extraction", metavar="EXTRACTION", help="a year in extracted/, a folder or FOLDER:YEAR")
    keys.add_argument(
        "--registry",
        type=Path,
        default=None,
        help="the registry to add to (default: pipeline/data/project_keys.tsv, the package's)",
    )
    keys.set_defaults(run=_keys)


def _overview_command(commands) -> None:
    overview = commands.add_parser(
        "overview",
        help="write the overview page of extracted years",
        description="Write extracted/overview/<year>.html for each YEAR.",
    )
    overview.add_argument("years", nargs="+", type=int, metavar="YEAR")
    overview.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"extraction folder (default: {DEFAULT_OUT})")
    overview.set_defaults(run=_overview)


def _verify_command(commands) -> None:
    verify = commands.add_parser(
        "verify",
        help="check every extracted file against its manifest",
        description="Finish or undo an interrupted write, then check that every dataset "
        "file is the one its year's manifest records (size, sha256) and has "
        "the schema of pipeline/datasets/schema.py. Exit 1 with one line per "
        "problem.",
    )
    verify.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"extraction folder (default: {DEFAULT_OUT})")
    verify.set_defaults(run=_verify)


def _docs_command(commands) -> None:
    docs = commands.add_parser("docs", help="print the data dictionary (Markdown)")
    docs.set_defaults(run=_docs)


# Each command below parses nothing and decides nothing: it calls the library (pipeline.api) and prints.


def _docs(args) -> int:
    from pipeline.api import data_dictionary

    print(data_dictionary(), end="")
    return EXIT_OK


def _read(args) -> int:
    from pipeline.api import read

    started = time.perf_counter()
    document = read(args.input, year=args.year)
    document.save(args.out)
    print(
        f"{document.year} read: {document.source.described}, {len(document.blocks)} blocks, "
        f"{len(document.footnotes)} footnotes ({time.perf_counter() - started:.2f} s)",
        file=sys.stderr,
    )
    return EXIT_OK


def _check(args) -> int:
    from pipeline.api import check

    agree = check(raw=args.raw, golden=args.golden, update=args.update, years=args.years)
    return EXIT_OK if agree else EXIT_DIFFERENT


def _diff(args) -> int:
    from pipeline.api import diff

    if args.format == "parquet" and args.output is None:
        args.usage_error("--format parquet writes binary: name the file with --output FILE")
    found = diff(args.old, args.new, log=_log)
    if args.output is not None:
        found.write(args.output, format=args.format)
    else:
        print(found.formatted(args.format), end="" if args.format in ("csv", "json") else "\n")
    if args.output is not None or args.format == "csv":
        print(found.summary_text(), file=sys.stderr)
    return EXIT_OK if found.same else EXIT_DIFFERENT


def _keys(args) -> int:
    from pipeline.api import register_project_keys

    added = register_project_keys(args.extraction, registry=args.registry)
    print(f"{len(added)} key(s) added to the registry" + "".join(f"\n  {key}" for key in added))
    return EXIT_OK


def _overview(args) -> int:
    from pipeline.api import write_overviews

    write_overviews(args.years, folder=args.out, log=_log)
    return EXIT_OK


def _verify(args) -> int:
    from pipeline.api import verify

    found = verify(args.out, log=_log)
    for problem in found.problems:
        print(problem)
    if not found.ok:
        return EXIT_UNVERIFIED
    print(
        f"{found.folder}: {', '.join(map(str, found.years))} verified: {found.files} dataset files, each the one "
        "its manifest records (size and sha256), with the schema of pipeline/datasets/schema.py"
    )
    return EXIT_OK


def _extract(args) -> int:
    if args.year is not None and len(args.inputs) > 1:
        raise ReportError(" ".join(args.inputs), "--year applies to one input at a time")
    from pipeline.api import extract, extract_many

    options = dict(out=args.out, strict=args.strict, cache=args.cache, parallel=True)
    if len(args.inputs) == 1:
        extract(args.inputs[0], year=args.year, **options)
        return EXIT_OK
    results = extract_many(args.inputs, processes=args.processes, **options)
    for _, error, _ in results:
        if error:
            print(f"da-extract: error: {error}", file=sys.stderr)
    return next((status for _, error, status in results if error), EXIT_OK)


def _log(message: str) -> None:
    print(message, file=sys.stderr)
