"""The regression check: every report under ``raw/`` extracted afresh and compared with its
golden snapshot, so that a change to the extractor never changes the data unseen."""

from __future__ import annotations

import tempfile
from pathlib import Path

from pipeline.review.diff import NO_DIFFERENCES, compare, report
from pipeline.review.snapshot import load_extraction, write_snapshot
from pipeline.run import run


def check_reports(raw: Path, golden: Path, update: bool = False, log=print) -> bool:
    """Extract every report under ``raw`` and compare it with its snapshot; True when all agree.
    With ``update``, the snapshots are rewritten instead."""
    all_equal = True
    for folder in sorted(p for p in Path(raw).iterdir() if p.is_dir() and p.name.isdigit()):
        year = int(folder.name)
        with tempfile.TemporaryDirectory() as out:
            run(folder, Path(out), year=year, log=lambda message: None)
            extracted = load_extraction(Path(out), year)
        snapshot = Path(golden) / str(year)
        if update:
            write_snapshot(extracted, snapshot)
            log(f"{year}: snapshot written to {snapshot}")
            continue
        if not snapshot.is_dir():
            log(f"{year}: no snapshot in {snapshot} (make golden writes one)")
            all_equal = False
            continue
        text = report(compare(load_extraction(snapshot, year), extracted))
        log(f"{year}: {text}")
        all_equal = all_equal and text == NO_DIFFERENCES
    return all_equal
