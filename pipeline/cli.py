"""Command line: ``da-extract`` / ``python -m pipeline``."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from pipeline import __version__
from pipeline.docs import data_dictionary
from pipeline.errors import EXIT_OK, ReportError
from pipeline.extract import load_document
from pipeline.run import run


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return args.run(args)
    except ReportError as error:
        print(f"da-extract: error: {error}", file=sys.stderr)
        return error.exit_status


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="da-extract",
        description="Turn WIPO's Development Agenda reports into Parquet datasets.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    run = commands.add_parser("extract", help="extract reports into datasets (the whole pipeline)",
                              description="Extract reports into extracted/<dataset>/report_year=<year>/.")
    run.add_argument("inputs", nargs="+", metavar="INPUT",
                     help="a report file, a raw/<year>/ folder, or a document.json written by 'read'")
    run.add_argument("--out", type=Path, default=Path("extracted"), help="output folder (default: extracted)")
    run.add_argument("--year", type=int, help="report year, when the folder name does not give it")
    run.set_defaults(run=_extract)

    read = commands.add_parser("read", help="read one report into its document model (stage 1)",
                               description="Read a report and save its document model as JSON.")
    read.add_argument("input", metavar="INPUT", help="a report file or a raw/<year>/ folder")
    read.add_argument("--out", type=Path, required=True, help="where to write the document model (.json)")
    read.add_argument("--year", type=int, help="report year, when the folder name does not give it")
    read.set_defaults(run=_read)

    docs = commands.add_parser("docs", help="print the data dictionary (Markdown)")
    docs.set_defaults(run=lambda args: print(data_dictionary(), end="") or EXIT_OK)
    return parser


def _read(args) -> int:
    started = time.perf_counter()
    document = load_document(Path(args.input), args.year)
    document.save(args.out)
    print(f"{document.year} read: {document.source.format}, {len(document.blocks)} blocks, "
          f"{len(document.footnotes)} footnotes ({time.perf_counter() - started:.2f} s)", file=sys.stderr)
    return EXIT_OK


def _extract(args) -> int:
    if args.year is not None and len(args.inputs) > 1:
        raise ReportError(" ".join(args.inputs), "--year applies to one input at a time")
    for path in args.inputs:
        run(Path(path), args.out, args.year)
    return EXIT_OK
