"""The regression check: every report under ``raw/`` that has a golden snapshot, extracted afresh
and compared with it, so that a change to the extractor never changes the data unseen.

A year without a snapshot (a report just added) is named, not failed: its snapshot is written on
purpose, one year at a time (``make golden YEAR=2024``), and rewriting one year's snapshot leaves
every other year's files as they were.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from pipeline.errors import ReportError
from pipeline.review.diff import compare, report
from pipeline.review.snapshot import load_extraction, write_snapshot
from pipeline.run import run

SHOWN_ROWS = 20  # per dataset: `da-extract diff` against the snapshot lists them all


def check_reports(
    raw: Path,
    golden: Path,
    update: bool = False,
    years: list[int] | None = None,
    log=print,
    cache: Path | None = None,
) -> bool:
    """Extract each report under ``raw`` that has a snapshot in ``golden`` (or each of ``years``)
    and compare the two; True when all agree. The years without a snapshot are logged, and do not
    count as a difference. With ``update``, the snapshots of those years (every year when ``years``
    is None) are written instead. ``cache``: sentence parses kept between runs (none by default)."""
    reports = report_years(Path(raw))
    for year in years or []:
        if year not in reports:
            raise ReportError(str(Path(raw) / str(year)), "no report folder for this year")
    chosen = years or reports
    if update:
        for year in chosen:
            write_snapshot(_extracted(Path(raw) / str(year), year, cache), Path(golden) / str(year))
            log(f"{year}: snapshot written to {Path(golden) / str(year)}")
        return True
    all_equal = True
    for year in chosen:
        snapshot = Path(golden) / str(year)
        if not snapshot.is_dir():
            log(f"{year}: no snapshot in {snapshot}, not checked (make golden YEAR={year} writes one)")
            continue
        found = compare(load_extraction(snapshot, year), _extracted(Path(raw) / str(year), year, cache))
        log(f"{year}: {report(found, limit=SHOWN_ROWS)}")
        all_equal = all_equal and all(d.empty for d in found)
    for year in sorted(set(snapshot_years(Path(golden))) - set(reports)):
        log(f"{year}: a snapshot in {Path(golden) / str(year)} but no report in {Path(raw) / str(year)}, not checked")
    return all_equal


def report_years(raw: Path) -> list[int]:
    return sorted(int(p.name) for p in raw.iterdir() if p.is_dir() and p.name.isdigit()) if raw.is_dir() else []


def snapshot_years(golden: Path) -> list[int]:
    return report_years(golden)


def _extracted(folder: Path, year: int, cache: Path | None) -> dict[str, list[dict]]:
    with tempfile.TemporaryDirectory() as out:
        run(folder, Path(out), year=year, log=lambda message: None, cache=cache)
        return load_extraction(Path(out), year)
