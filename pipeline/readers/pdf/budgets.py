"""How much of a PDF the reader takes: pages, glyphs, paths and link annotations, per page and in all.

A PDF is small on disk and may still ask for any amount of work: one content stream of 100,000
glyphs shared by 2,000 pages, 40,000 link annotations, thousands of rules on every page. The reader
counts what it reads as it reads it and refuses, naming the limit, as soon as a count goes past its
budget, before the work grows with it. Every budget is far above what a report holds: the 2023
report as a PDF is 93 pages, at most 2,625 glyphs and one path a page (192,000 glyphs in all), and
121 links; a report twice as long, in small type, with ruled tables, stays well inside.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter

from pipeline.errors import ReportError
from pipeline.readers.pdf.filters import chain, decoded_size

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
ENDSTREAM = re.compile(rb"endstream")
LENGTH = re.compile(rb"/Length\s+(\d{1,10})\b(?!\s+\d+\s+R)")


def check_streams(data: bytes, source: str) -> None:
    """Refuse a PDF whose streams decode past the budgets, before pdfium decodes them whole (a 1 MB
    file may hold a content stream of 1 GB). Each stream is decoded through its filters a step at a
    time (``filters``), counted, and dropped; one that names no filter is counted as zlib if it
    starts as zlib. The streams of an encrypted PDF decode to nothing here (their bytes are
    ciphered): left to pdfium, which refuses the PDF unless it opens without a password."""
    total, after, ends = 0, 0, None
    for match in STREAM.finditer(data):
        head = _head(data, after, match.start())
        after = match.end()
        filters = chain(head)
        if filters is None or filters[:1] in ([b"FlateDecode"], [b"Fl"]):
            stream = memoryview(data)[match.end() :]  # zlib ends itself, wherever its /Length says it does
            filters = filters or [b"FlateDecode"]
        else:  # the other decoders read to the stream's end: its /Length, or its endstream
            ends = ends if ends is not None else [m.start() for m in ENDSTREAM.finditer(data)]
            stream = memoryview(data)[match.end() : _end(data, match.end(), head, ends)]
        size = decoded_size(stream, filters, head, MAX_STREAM_BYTES)
        if size > MAX_STREAM_BYTES:
            Budget(source).refuse(
                f"a compressed stream inflates to more than {MAX_STREAM_BYTES // 2**20} MiB, the limit"
            )
        total += size
        if total > MAX_INFLATED_BYTES:
            Budget(source).refuse(
                f"its streams inflate to more than {MAX_INFLATED_BYTES // 2**20} MiB in all, the limit"
            )


def _head(data: bytes, after: int, start: int) -> bytes:
    """The dictionary of the stream whose data starts at ``start``: from its object's ``obj``, or
    from the end of the stream before it (each byte of the file is looked at once, in all)."""
    found = data.rfind(b"obj", after, start)
    return data[max(found, after) : start]


def _end(data: bytes, start: int, head: bytes, ends: list[int]) -> int:
    """Where the stream whose data starts at ``start`` ends: after its /Length if ``endstream``
    follows it there (as pdfium checks), else at the first ``endstream``."""
    length = LENGTH.search(head)
    if length and data[start + int(length.group(1)) : start + int(length.group(1)) + 12].lstrip().startswith(b"end"):
        return start + int(length.group(1))
    following = bisect.bisect_left(ends, start)
    return ends[following] if following < len(ends) else len(data)


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
