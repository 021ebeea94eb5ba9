"""How much of a PDF the reader takes: pages, glyphs, paths and link annotations, per page and in all.

A PDF is small on disk and may still ask for any amount of work: one content stream of 100,000
glyphs shared by 2,000 pages, 40,000 link annotations, thousands of rules on every page. The reader
counts what it reads as it reads it and refuses, naming the limit, as soon as a count goes past its
budget, before the work grows with it. Every budget is far above what a report holds: the 2023
report as a PDF is 93 pages, at most 2,625 glyphs and one path a page (192,000 glyphs in all), and
121 links; a report twice as long, in small type, with ruled tables, stays well inside.
"""

from __future__ import annotations

import re
import zlib
from collections import Counter

from pipeline.errors import ReportError

MAX_PAGES = 2_000
MAX_OBJECTS_PER_PAGE = 100_000  # what pdfium parsed of a page (text runs, paths, images), in its forms too
MAX_FORMS_PER_PAGE = 1_000  # forms drawn on a page, forms drawn by forms included; the 2023 report has none
MAX_GLYPHS_PER_PAGE = 20_000  # a page of 6-point type holds about 15,000
MAX_GLYPHS = 500_000  # two and a half times the 2023 report; read at about 300,000 a second
MAX_PATHS_PER_PAGE = 5_000  # a ruled table draws each cell's borders: a few hundred a page
MAX_PATHS = 200_000
MAX_LINKS_PER_PAGE = 2_000
MAX_LINKS = 20_000
MAX_STREAM_BYTES = 64 * 2**20  # one stream inflated: a page's text is some 100 KB, an embedded font a few MB
MAX_INFLATED_BYTES = 256 * 2**20  # every stream inflated; the 2023 report's PDF inflates to about 3 MB

LIMITS = {  # what is counted: (on one page, in all)
    "glyphs": (MAX_GLYPHS_PER_PAGE, MAX_GLYPHS),
    "paths": (MAX_PATHS_PER_PAGE, MAX_PATHS),
    "link annotations": (MAX_LINKS_PER_PAGE, MAX_LINKS),
}


STREAM = re.compile(rb"(?<!end)stream\r?\n")  # where a stream's data starts
STEP = 2**20  # bytes inflated at a time: what the check holds in memory


def check_streams(data: bytes, source: str) -> None:
    """Refuse a PDF whose compressed streams inflate past the budgets, before pdfium inflates them
    whole (a 1 MB file may hold a content stream of 1 GB). Each stream that starts as a zlib stream
    (FlateDecode, alone or first) is inflated a step at a time, counted, and dropped; a stream of
    another filter, or encrypted, is left to pdfium (and to the run's memory ceiling)."""
    total = 0
    for match in STREAM.finditer(data):
        size = _inflated_size(memoryview(data)[match.end() :], MAX_STREAM_BYTES)
        if size > MAX_STREAM_BYTES:
            Budget(source).refuse(
                f"a compressed stream inflates to more than {MAX_STREAM_BYTES // 2**20} MiB, the limit"
            )
        total += size
        if total > MAX_INFLATED_BYTES:
            Budget(source).refuse(
                f"its streams inflate to more than {MAX_INFLATED_BYTES // 2**20} MiB in all, the limit"
            )


def _inflated_size(data: memoryview, most: int) -> int:
    """How many bytes the zlib stream at the start of ``data`` inflates to, counted up to ``most + 1``."""
    if len(data) < 2 or data[0] & 0x0F != 8 or (data[0] * 256 + data[1]) % 31:
        return 0  # no zlib header: another filter, or not compressed
    inflater, size = zlib.decompressobj(), 0
    for start in range(0, len(data), STEP):
        pending = data[start : start + STEP]
        while pending and size <= most and not inflater.eof:
            try:
                size += len(inflater.decompress(pending, STEP))
            except zlib.error:
                return size  # damaged: pdfium inflates no further than the damage either
            pending = inflater.unconsumed_tail
        if size > most or inflater.eof:
            break
    return size


class Budget:
    """What the reader has taken of one PDF so far; ``take`` refuses past a limit."""

    def __init__(self, source: str):
        self.source = source
        self.totals: Counter[str] = Counter()

    def check_pages(self, count: int) -> None:
        if count > MAX_PAGES:
            self.refuse(f"{count:,} pages is more than the {MAX_PAGES:,} a report can have")

    def check_objects(self, objects: int, forms: int, page: int) -> None:
        """Before a page's text is read: the objects and forms pdfium parsed from its content."""
        if forms > MAX_FORMS_PER_PAGE:
            self.refuse(f"page {page + 1} draws more than the {MAX_FORMS_PER_PAGE:,} forms a page can have")
        if objects > MAX_OBJECTS_PER_PAGE:
            self.refuse(f"page {page + 1} draws more than the {MAX_OBJECTS_PER_PAGE:,} objects a page can have")

    def take(self, what: str, count: int, page: int) -> None:
        """``count`` ``what`` read on page ``page`` (counted from 0): within the page's budget and the total's."""
        per_page, total = LIMITS[what]
        if count > per_page:
            self.refuse(f"page {page + 1} has more than the {per_page:,} {what} a page can have")
        self.totals[what] += count
        if self.totals[what] > total:
            self.refuse(f"more than the {total:,} {what} a report can have (at page {page + 1})")

    def refuse(self, problem: str):
        raise ReportError(self.source, f"refused: {problem}")
