"""One report from input to datasets on disk: read → model → extract → write."""

from __future__ import annotations

import json
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from pipeline import __version__
from pipeline.errors import IncompleteError
from pipeline.extract import extract, load_document
from pipeline.schema import SCHEMA_VERSION
from pipeline.validate import validate
from pipeline.write import to_tables, write_atomically, write_year


def run(path: Path, out: Path, year: int | None = None, log=None, strict: bool = False) -> dict:
    """Extract one report into ``out``; return its manifest. With ``strict``, an incomplete
    report (see ``Extraction.incomplete``) is an error and nothing is written."""
    log = log or _stderr
    seconds: dict[str, float] = {}
    with _timed(seconds, "read"):
        document = load_document(Path(path), year)
    log(f"{document.year} read: {document.source.format}, {len(document.blocks)} blocks, "
        f"{len(document.footnotes)} footnotes ({seconds['read']:.2f} s)")
    with _timed(seconds, "extract"):
        extraction = extract(document)
    log(f"{document.year} extract: {len(extraction.datasets)} datasets, "
        f"{len(extraction.warnings)} warnings ({seconds['extract']:.2f} s)")
    if strict and extraction.incomplete:
        raise IncompleteError(document.source.path, "; ".join(w.removeprefix("incomplete: ")
                                                              for w in extraction.incomplete))
    with _timed(seconds, "validate"):
        tables = to_tables(extraction.datasets, document.source.path)
        validate(tables, document.source.path)
    with _timed(seconds, "write"):
        counts = write_year(out, document.year, tables)
    log(f"{document.year} write: {', '.join(f'{n} {k}' for n, k in counts.items())} ({seconds['write']:.2f} s)")
    manifest = {
        "report_year": document.year,
        "source": vars(document.source),
        "package_version": __version__,
        "schema_version": SCHEMA_VERSION,
        "rows": counts,
        "warnings": extraction.warnings,
        "checks": extraction.checks,
        "seconds": seconds,
    }
    write_atomically(manifest_path(out, document.year),
                     (json.dumps(manifest, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
    return manifest


def manifest_path(out: Path, year: int) -> Path:
    return Path(out) / "manifest" / f"{year}.json"


@contextmanager
def _timed(seconds: dict, stage: str):
    started = time.perf_counter()
    yield
    seconds[stage] = round(time.perf_counter() - started, 3)


def _stderr(message: str) -> None:
    print(message, file=sys.stderr)
