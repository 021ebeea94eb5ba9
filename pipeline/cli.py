"""Command line: ``da-extract`` / ``python -m pipeline``."""

from __future__ import annotations

import argparse
import atexit
import os
import sys
import time
from pathlib import Path

from pipeline import __version__
from pipeline.errors import (EXIT_DIFFERENT, EXIT_INPUT, EXIT_INTERNAL, EXIT_INTERRUPTED, EXIT_OK, EXIT_UNVERIFIED,
                             ReportError)

# Each command imports what it uses when it runs: ``extract`` starts its parsing process before
# the extractors are imported (a smaller process, started sooner), ``--help`` imports nothing.


def console() -> None:
    """The ``da-extract`` command: :func:`main`, then an exit that skips freeing the process's
    objects one by one at interpreter shutdown, a third of a second after an extraction
    (mypy ends the same way, ``mypy.util.hard_exit``). Exit handlers still run and the output
    is flushed; every file written is closed by then. ``main`` is what to call in a process that
    goes on."""
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
    except (OSError, MemoryError) as error:
        print(f"da-extract: error: {getattr(error, 'filename', None) or ''} {error}".replace("  ", " "),
              file=sys.stderr)
        return EXIT_INPUT
    except KeyboardInterrupt:
        print("da-extract: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception as error:  # a bug: one line, the traceback on demand
        if args.debug:
            raise
        print(f"da-extract: internal error: {type(error).__name__}: {error} (run with --debug for the traceback)",
              file=sys.stderr)
        return EXIT_INTERNAL


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="da-extract",
        description="Turn WIPO's Development Agenda reports into Parquet datasets.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--debug", action="store_true", help="show the traceback of an internal error")
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    run = commands.add_parser("extract", help="extract reports into datasets (the whole pipeline)",
                              description="Extract reports into extracted/<dataset>/report_year=<year>/.")
    run.add_argument("inputs", nargs="+", metavar="INPUT",
                     help="a report file, a raw/<year>/ folder, or a document.json written by 'read'")
    run.add_argument("--out", type=Path, default=Path("extracted"), help="output folder (default: extracted)")
    run.add_argument("--year", type=int, help="report year, when the folder name does not give it")
    run.add_argument("--strict", action="store_true",
                     help="fail (exit 4) on an incomplete report instead of writing what can be trusted")
    run.add_argument("--cache", type=Path, default=Path("build/cache"),
                     help="folder where sentence parses are kept between runs (default: build/cache)")
    run.add_argument("--no-cache", dest="cache", action="store_const", const=None,
                     help="parse every sentence again and keep nothing")
    run.add_argument("--processes", type=int, default=2, help="reports extracted side by side (default: 2)")
    run.set_defaults(run=_extract)

    read = commands.add_parser("read", help="read one report into its document model (stage 1)",
                               description="Read a report and save its document model as JSON.")
    read.add_argument("input", metavar="INPUT", help="a report file or a raw/<year>/ folder")
    read.add_argument("--out", type=Path, required=True, help="where to write the document model (.json)")
    read.add_argument("--year", type=int, help="report year, when the folder name does not give it")
    read.set_defaults(run=_read)

    check = commands.add_parser("check", help="extract every report and compare it with its golden snapshot",
                                description="Extract every raw/<year>/ report into a temporary folder and compare "
                                            "it with tests/golden/<year>/; exit 1 on any difference.")
    check.add_argument("--raw", type=Path, default=Path("raw"), help="folder of reports (default: raw)")
    check.add_argument("--golden", type=Path, default=Path("tests/golden"), help="snapshots (default: tests/golden)")
    check.add_argument("--update", action="store_true", help="rewrite the snapshots instead of comparing")
    check.set_defaults(run=_check)

    diff = commands.add_parser("diff", help="what changed between two extractions or two years",
                               description="Compare two extractions dataset by dataset. OLD and NEW are each a "
                                           "year in extracted/ (2023), a folder (extracted, tests/golden/2023), or "
                                           "FOLDER:YEAR. Exit 1 when they differ.")
    diff.add_argument("old", metavar="OLD")
    diff.add_argument("new", metavar="NEW")
    diff.set_defaults(run=_diff)

    keys = commands.add_parser("keys", help="record new project keys in the registry",
                               description="Add the project keys of an extraction that the registry "
                                           "(pipeline/data/project_keys.tsv) does not hold yet.")
    keys.add_argument("extraction", metavar="EXTRACTION", help="a year in extracted/, a folder or FOLDER:YEAR")
    keys.add_argument("--registry", type=Path, default=None,
                      help="the registry to add to (default: pipeline/data/project_keys.tsv, the repository's)")
    keys.set_defaults(run=_keys)

    overview = commands.add_parser("overview", help="write the overview page of extracted years",
                                   description="Write extracted/overview/<year>.html for each YEAR.")
    overview.add_argument("years", nargs="+", type=int, metavar="YEAR")
    overview.add_argument("--out", type=Path, default=Path("extracted"), help="extraction folder (default: extracted)")
    overview.set_defaults(run=_overview)

    verify = commands.add_parser("verify", help="check every extracted file against its manifest",
                                 description="Finish or undo an interrupted write, then check that every dataset "
                                             "file is the one its year's manifest records (size, sha256) and has "
                                             "the schema of pipeline/datasets/schema.py. Exit 1 with one line per problem.")
    verify.add_argument("--out", type=Path, default=Path("extracted"), help="extraction folder (default: extracted)")
    verify.set_defaults(run=_verify)

    docs = commands.add_parser("docs", help="print the data dictionary (Markdown)")
    docs.set_defaults(run=_docs)
    return parser


def _docs(args) -> int:
    from pipeline.datasets.dictionary import data_dictionary

    print(data_dictionary(), end="")
    return EXIT_OK


def _read(args) -> int:
    from pipeline.readers import load_document

    started = time.perf_counter()
    document = load_document(Path(args.input), args.year)
    document.save(args.out)
    print(f"{document.year} read: {document.source.described}, {len(document.blocks)} blocks, "
          f"{len(document.footnotes)} footnotes ({time.perf_counter() - started:.2f} s)", file=sys.stderr)
    return EXIT_OK


def _check(args) -> int:
    from pipeline.review.compare import check_reports

    return EXIT_OK if check_reports(args.raw, args.golden, update=args.update) else EXIT_DIFFERENT


def _diff(args) -> int:
    from pipeline.review.compare import compare, headline_figures, report

    (old_folder, old_year), (new_folder, new_year) = _extraction(args.old), _extraction(args.new)
    old, new = _load(old_folder, old_year), _load(new_folder, new_year)
    same_year = old_year == new_year
    text = report(compare(old, new, same_year), None if same_year else headline_figures(old, new))
    print(f"{args.old} → {args.new}\n{text}")
    return EXIT_OK if text == "no differences" else EXIT_DIFFERENT


def _keys(args) -> int:
    from pipeline.extractors.projects import REGISTRY_IN_REPOSITORY, register_keys

    folder, year = _extraction(args.extraction)
    added = register_keys(_load(folder, year).get("projects", []), args.registry or REGISTRY_IN_REPOSITORY)
    print(f"{len(added)} key(s) added to the registry" + "".join(f"\n  {key}" for key in added))
    return EXIT_OK


def _overview(args) -> int:
    from pipeline.review.overview import write_overview  # matplotlib is only needed here
    from pipeline.run import log_to_stderr
    from pipeline.store.commit import reading

    with reading(args.out, log=log_to_stderr):
        for year in args.years:
            if not (args.out / "manifest" / f"{year}.json").is_file():
                raise ReportError(str(args.out), f"no extraction of {year} here (run da-extract extract first)")
            print(f"{year} overview: {write_overview(args.out, year)}", file=sys.stderr)
    return EXIT_OK


def _verify(args) -> int:
    from pipeline.run import log_to_stderr
    from pipeline.store.commit import dataset_files, extracted_years, reading, verify_year

    if not args.out.is_dir():
        raise ReportError(str(args.out), "no such extraction folder")
    with reading(args.out, log=log_to_stderr):
        years = extracted_years(args.out)
        problems = ([problem for year in years for problem in verify_year(args.out, year)] if years
                    else [f"{args.out}: no extracted year here (no manifest/<year>.json)"])
        files = sum(len(dataset_files(args.out, year)) for year in years)
    for problem in problems:
        print(problem)
    if problems:
        return EXIT_UNVERIFIED
    print(f"{args.out}: {', '.join(map(str, years))} verified: {files} dataset files, each the one its manifest "
          "records (size and sha256), with the schema of pipeline/datasets/schema.py")
    return EXIT_OK


def _load(folder: Path, year: int) -> dict[str, list[dict]]:
    from pipeline.review.compare import load_extraction
    from pipeline.run import log_to_stderr
    from pipeline.store.commit import reading

    with reading(folder, log=log_to_stderr):
        return load_extraction(folder, year)


def _extraction(spec: str) -> tuple[Path, int]:
    """``2023`` → extracted/2023; ``folder:2023``; a folder holding one year, or a snapshot folder."""
    if spec.isdigit():
        return Path("extracted"), int(spec)
    folder, _, year = spec.rpartition(":")
    if year.isdigit() and folder:
        return Path(folder), int(year)
    folder = Path(spec)
    if not folder.is_dir():
        raise ReportError(spec, "no such extraction folder")
    if any(folder.glob("*.jsonl")) and folder.name.isdigit():
        return folder, int(folder.name)
    from pipeline.review.compare import years_in

    years = years_in(folder)
    if len(years) != 1:
        raise ReportError(spec, f"holds {len(years)} years ({', '.join(map(str, years)) or 'none'}): name one as "
                                f"{spec}:YEAR")
    return folder, years[0]


def _extract(args) -> int:
    if args.year is not None and len(args.inputs) > 1:
        raise ReportError(" ".join(args.inputs), "--year applies to one input at a time")
    from pipeline.language.nlp import start_parser

    start_parser(args.cache, [Path(p) for p in args.inputs])
    if len(args.inputs) == 1:
        from pipeline.run import run

        run(Path(args.inputs[0]), args.out, args.year, strict=args.strict, cache=args.cache, parallel=True)
        return EXIT_OK
    from pipeline.run import run_many

    results = run_many([Path(p) for p in args.inputs], args.out, strict=args.strict, cache=args.cache,
                       processes=args.processes, parallel=True)
    for _, error, _ in results:
        if error:
            print(f"da-extract: error: {error}", file=sys.stderr)
    return next((status for _, error, status in results if error), EXIT_OK)
