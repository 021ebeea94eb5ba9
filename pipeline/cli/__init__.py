"""Command line: ``da-extract`` / ``python -m pipeline``: parses the arguments, calls the library
(``pipeline.api``) and prints what it returns."""

from __future__ import annotations

import argparse
import atexit
import os
import sys
import time
from pathlib import Path

from pipeline.cli.memory import cap_memory, memory_problem, out_of_address_space
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
        print(f"da-extract: error: {_inputs(args)}: {memory_problem()}", file=sys.stderr)
        return EXIT_INPUT
    except ImportError as error:
        if not out_of_address_space(error):
            return _internal_error(args, error)
        print(f"da-extract: error: {_inputs(args)}: {memory_problem()}", file=sys.stderr)
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
        return _internal_error(args, error)


def _internal_error(args, error: Exception) -> int:
    if args.debug:
        raise error
    print(
        f"da-extract: internal error: {type(error).__name__}: {error} (run with --debug for the traceback)",
        file=sys.stderr,
    )
    return EXIT_INTERNAL


def _inputs(args) -> str:
    """The files a command was given, to name them in a message."""
    inputs = getattr(args, "inputs", None) or [getattr(args, "input", None) or "da-extract"]
    return " ".join(map(str, inputs))


class _OldDataOption(argparse.Action):
    """``--out``, the data folder's old name: still accepted, with a note on standard error."""

    def __call__(self, parser, namespace, value, option_string=None):
        print(f"da-extract: note: {option_string} is now --data (the old name still works)", file=sys.stderr)
        setattr(namespace, self.dest, value)


def _common_options(options: argparse.ArgumentParser, defaults: bool) -> None:
    """-q, -v and --debug, accepted before the command and after it: the command's own copies
    leave the values unset unless given (``SUPPRESS``), so that they never undo the ones before it."""
    default = (lambda value: value) if defaults else (lambda value: argparse.SUPPRESS)
    talk = options.add_mutually_exclusive_group()
    talk.add_argument(
        "-q", "--quiet", action="store_true", default=default(False), help="print only errors and incomplete: lines"
    )
    talk.add_argument(
        "-v", "--verbose", action="store_true", default=default(False), help="print more: stage times, checks"
    )
    options.add_argument(
        "--debug", action="store_true", default=default(False), help="show the traceback of an internal error"
    )


def _data_option(command, help: str) -> None:
    """``--data``, the extraction folder, on every command that reads or writes one."""
    command.add_argument("--data", type=Path, default=DEFAULT_OUT, help=f"{help} (default: {DEFAULT_OUT})")
    command.add_argument("--out", dest="data", type=Path, action=_OldDataOption, help=argparse.SUPPRESS)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="da-extract",
        description="Turn WIPO's Development Agenda reports into Parquet datasets.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    _common_options(parser, defaults=True)
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
        _export_command,
    ):
        add_command(commands)
    for command in commands.choices.values():
        _common_options(command, defaults=False)
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
    _data_option(run, "the extraction folder written")
    run.add_argument("--year", type=int, help="report year, when the folder name does not give it")
    run.add_argument(
        "--strict",
        action="store_true",
        help="fail (exit 4) on an incomplete report (a missing part, a failed or unrun check) and write nothing, "
        "instead of writing what can be trusted; other warnings do not fail (make STRICT=1)",
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
    _data_option(overview, "the extraction folder")
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
    _data_option(verify, "the extraction folder")
    verify.set_defaults(run=_verify)


def _docs_command(commands) -> None:
    docs = commands.add_parser(
        "docs",
        help="print the data dictionary (Markdown)",
        description="Print the data dictionary, every dataset and column with its type and meaning, as "
        "Markdown: what docs/datasets.md holds, generated from pipeline/datasets/schema.py.",
    )
    docs.set_defaults(run=_docs)


def _export_command(commands) -> None:
    export = commands.add_parser(
        "export",
        help="write the datasets as CSV files or an Excel workbook",
        description="Write the datasets of the extraction folder for a spreadsheet: --format csv, one "
        "UTF-8 file per dataset (default folder: <data>/export/); --format xlsx, one workbook with a "
        "sheet per dataset and a sheet 'columns' describing every column (default: "
        "<data>/export/datasets.xlsx). List columns are written as JSON arrays; an empty cell is a null.",
    )
    export.add_argument("--format", choices=("csv", "xlsx"), required=True, help="csv or xlsx")
    _data_option(export, "the extraction folder read")
    export.add_argument("--output", type=Path, help="the folder (csv) or the workbook file (xlsx) to write")
    export.add_argument("--year", type=int, help="export that year only (default: every year)")
    export.set_defaults(run=_export)


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
    found = diff(args.old, args.new, log=_logger(args))
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

    write_overviews(args.years, folder=args.data, log=_logger(args))
    return EXIT_OK


def _export(args) -> int:
    from pipeline.api import export

    written = export(args.format, data=args.data, output=args.output, year=args.year, log=_logger(args))
    if not args.quiet:
        folders = sorted({path.parent.as_posix() for path in written})
        _say(f"export: {len(written)} {args.format} file{'s' if len(written) > 1 else ''} in {', '.join(folders)}/")
    return EXIT_OK


def _verify(args) -> int:
    from pipeline.api import verify

    found = verify(args.data, log=_logger(args))
    for problem in found.problems:
        print(problem)
    if not found.ok:
        return EXIT_UNVERIFIED
    if args.quiet:
        return EXIT_OK
    print(
        f"{found.folder}: {', '.join(map(str, found.years))} verified: {found.files} dataset files, each the one "
        "its manifest records (size and sha256), with the schema of pipeline/datasets/schema.py"
    )
    return EXIT_OK


def _extract(args) -> int:
    if args.year is not None and len(args.inputs) > 1:
        raise ReportError(" ".join(args.inputs), "--year applies to one input at a time")
    from pipeline.api import extract, extract_many

    options = dict(out=args.data, strict=args.strict, cache=args.cache, parallel=True, log=_logger(args))
    if len(args.inputs) == 1:
        _report(args, [extract(args.inputs[0], year=args.year, **options)])
        return EXIT_OK
    outcomes = extract_many(args.inputs, processes=args.processes, **options)
    _report(args, [outcome.manifest for outcome in outcomes if outcome.manifest], outcomes)
    return next((outcome.status for outcome in outcomes if outcome.error), EXIT_OK)


def _report(args, manifests: list[dict], outcomes=()) -> None:
    """After every year is done, from this process alone: each year's warnings, then the errors
    (stderr); then one summary line per year, failed inputs included (stdout)."""
    from pipeline.api import summary_line, warning_lines

    for manifest in manifests:
        for line in warning_lines(manifest, quiet=args.quiet, verbose=args.verbose):
            _log(line)
    failed = [outcome for outcome in outcomes if outcome.error]
    for outcome in failed:
        _log(f"da-extract: error: {outcome.error}")
    if not args.quiet:
        for manifest in manifests:
            _say(summary_line(manifest, data=args.data))
        for outcome in failed:
            _say(f"{outcome.path}: failed (exit {outcome.status}): {outcome.error}")


def _logger(args):
    """Where the progress lines go: standard error, or nowhere with -q."""
    return _silent if args.quiet else _log


def _silent(message: str) -> None:
    """-q's progress lines: none (a function, not a lambda: a batch's workers are given it)."""


def _log(message: str) -> None:
    """A line (or a block of lines) on standard error in one write: never cut into by another process."""
    _whole(sys.stderr, message)


def _say(message: str) -> None:
    _whole(sys.stdout, message)


def _whole(stream, message: str) -> None:
    stream.write(message + "\n")
    stream.flush()
