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
from pipeline.readers.pdf.filters import chain, decoded, decoded_size, unescape
from pipeline.readers.pdf.objects import References

MAX_PAGES = 2_000
MAX_OBJECTS_PER_PAGE = 100_000  # what pdfium parsed of a page (text runs, paths, images), in its forms too
MAX_OBJECTS = 500_000  # wkhtmltopdf draws each glyph as an object: 220,000 for the 2023 report (78 pages)
MAX_HELD_OBJECTS = 300_000  # the objects of the pages kept loaded between their count and their read
MAX_FORMS_PER_PAGE = 1_000  # forms drawn on a page, forms drawn by forms included; the 2023 report has none
MAX_GLYPHS_PER_PAGE = 20_000  # a page of 6-point type holds about 15,000
MAX_GLYPHS = 500_000  # two and a half times the 2023 report; read at about 300,000 a second
MAX_PATHS_PER_PAGE = 5_000  # a ruled table draws each cell's borders: a few hundred a page
MAX_PATHS = 200_000
MAX_IMAGES_PER_PAGE = 1_000  # a report's page shows a logo, a chart or two
MAX_IMAGES = 10_000
MAX_LINKS_PER_PAGE = 2_000
MAX_LINKS = 20_000
MAX_STREAM_BYTES = 64 * 2**20  # one stream inflated: a page's text is some 100 KB, an embedded font a few MB
MAX_INFLATED_BYTES = 256 * 2**20  # every stream inflated; the 2023 report's PDF inflates to about 3 MB
MAX_FONTS = 1_000  # font dictionaries in the file: the reports' PDFs have 2 to 5; pdfium took 6.6 s to load 19,000
MAX_CONTENT_BYTES = 128 * 2**20  # the content pdfium parses to draw every page (a stream shared by pages, or a
# form drawn many times, parsed each time): parsed at about 130 MiB a second

LIMITS = {  # what is counted: (on one page, in all)
    "glyphs": (MAX_GLYPHS_PER_PAGE, MAX_GLYPHS),
    "paths": (MAX_PATHS_PER_PAGE, MAX_PATHS),
    "link annotations": (MAX_LINKS_PER_PAGE, MAX_LINKS),
    "images": (MAX_IMAGES_PER_PAGE, MAX_IMAGES),
}


STREAM = re.compile(rb"(?<!end)stream\r?\n")  # where a stream's data starts
ENDSTREAM = re.compile(rb"endstream")
LENGTH = re.compile(rb"/Length\s+(\d{1,10})\b(?!\s+\d+\s+R)")
LENGTH_REFERENCE = re.compile(rb"/Length\s+(\d{1,10})\s+\d{1,5}\s+R")
NUMBER = re.compile(rb"\s*(\d{1,10})\b")
OBJECT_NUMBER = re.compile(rb"(\d{1,10})\s+\d{1,5}\s+$")  # before an object's ``obj``
PACKED = re.compile(rb"/Type\s*/ObjStm\b")
FONT_SUBTYPE = re.compile(rb"/Subtype\s*/((?:[A-Za-z0-9]|#[0-9A-Fa-f]{2}){3,20})")  # its name escaped or not
FONT_SUBTYPES = frozenset([b"Type1", b"TrueType", b"Type0", b"Type3", b"MMType1"])  # a font pdfium loads
CONTENTS = re.compile(rb"/Contents\s*(\[[^\]]*\]|\d{1,10}\s+\d{1,5}\s+R)")
REFERENCE = re.compile(rb"(\d{1,10})\s+\d{1,5}\s+R")


def check_streams(data: bytes, source: str) -> None:
    """Refuse a PDF whose streams decode past the budgets, before pdfium decodes them whole (a 1 MB
    file may hold a content stream of 1 GB). Each stream is decoded through its filters a step at a
    time (``filters``), counted, and dropped; one that names no filter is counted as zlib if it
    starts as zlib. The streams of an encrypted PDF decode to nothing here (their bytes are
    ciphered): left to pdfium, which refuses the PDF unless it opens without a password. A
    ``/Filter`` or ``/Length`` given by reference is followed to the object it names. Then the
    content the pages draw is counted (``_check_content``)."""
    total, after, ends = 0, 0, None
    resolve = References(data, MAX_INFLATED_BYTES)
    sizes: dict[int, int] = {}  # stream object: its decoded size
    packed: list[bytes] = []  # the decoded object streams (where PDF 1.5 writers put page dictionaries)
    for match in STREAM.finditer(data):
        number, head = _head(data, after, match.start())
        after = match.end()
        filters = chain(head, resolve)
        if filters is None or filters[:1] in ([b"FlateDecode"], [b"Fl"]):
            stream = memoryview(data)[match.end() :]  # zlib ends itself, wherever its /Length says it does
            filters = filters or [b"FlateDecode"]
        else:  # the other decoders read to the stream's end: its /Length, or its endstream
            ends = ends if ends is not None else [m.start() for m in ENDSTREAM.finditer(data)]
            stream = memoryview(data)[match.end() : _end(data, match.end(), _length(head, resolve), ends)]
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
        if number is not None:
            sizes[number] = size
        if PACKED.search(head):
            packed.append(decoded(stream, head, MAX_STREAM_BYTES))
    _check_content(data, sizes, packed, source)


def _check_content(data: bytes, sizes: dict[int, int], packed: list[bytes], source: str) -> None:
    """Refuse a PDF whose pages draw more content than the budget, in all: pdfium parses a page's
    content streams each time it loads the page, so a stream shared by 2,000 pages is parsed 2,000
    times. Each reference of a ``/Contents`` counts its stream's size (forms, drawn within
    pages, are counted by ``forms``). And a PDF of more fonts than a report has: pdfium loads each
    font a page names as it loads the page."""
    parsed = fonts = 0
    for text in (data, *packed):
        for contents in CONTENTS.finditer(text):
            parsed += sum(sizes.get(int(number), 0) for number in REFERENCE.findall(contents.group(1)))
        fonts += sum(unescape(name) in FONT_SUBTYPES for name in FONT_SUBTYPE.findall(text))
    if fonts > MAX_FONTS:
        Budget(source).refuse(f"{fonts:,} fonts is more than the {MAX_FONTS:,} a report can have")
    if parsed > MAX_CONTENT_BYTES:
        Budget(source).refuse(f"its pages draw more than {MAX_CONTENT_BYTES // 2**20} MiB of content in all, the limit")


def _head(data: bytes, after: int, start: int) -> tuple[int | None, bytes]:
    """The object number and the dictionary of the stream whose data starts at ``start``: from its
    object's ``obj``, or from the end of the stream before it (each byte of the file is looked at
    once, in all)."""
    found = data.rfind(b"obj", after, start)
    number = OBJECT_NUMBER.search(data, max(found - 24, 0), found) if found >= 0 else None
    return (int(number.group(1)) if number else None), data[max(found, after) : start]


def _length(head: bytes, resolve) -> int | None:
    """The stream's /Length: written in its dictionary, or in the object it refers to."""
    length = LENGTH.search(head)
    if length is None and (reference := LENGTH_REFERENCE.search(head)):
        length = NUMBER.match(resolve(int(reference.group(1))))
    return int(length.group(1)) if length else None


def _end(data: bytes, start: int, length: int | None, ends: list[int]) -> int:
    """Where the stream whose data starts at ``start`` ends: after its ``length`` if ``endstream``
    follows it there (as pdfium checks), else at the first ``endstream``."""
    if length is not None and data[start + length : start + length + 12].lstrip().startswith(b"end"):
        return start + length
    following = bisect.bisect_left(ends, start)
    return ends[following] if following < len(ends) else len(data)


class Budget:
    """What the reader has taken of one PDF so far; ``take`` refuses past a limit."""

    def __init__(self, source: str):
        self.source = source
        self.totals: Counter[str] = Counter()
        self.held = 0  # the objects of the pages kept loaded (see ``glyphs._counted``)

    def check_pages(self, count: int) -> None:
        if count > MAX_PAGES:
            self.refuse(f"{count:,} pages is more than the {MAX_PAGES:,} a report can have")

    def check_objects(self, objects: int, forms: int, page: int) -> None:
        """Before a page's text is read: the objects and forms pdfium parsed from its content."""
        if forms > MAX_FORMS_PER_PAGE:
            self.refuse(f"page {page + 1} draws more than the {MAX_FORMS_PER_PAGE:,} forms a page can have")
        if objects > MAX_OBJECTS_PER_PAGE:
            self.refuse(f"page {page + 1} draws more than the {MAX_OBJECTS_PER_PAGE:,} objects a page can have")
        self.totals["objects"] += objects
        if self.totals["objects"] > MAX_OBJECTS:
            self.refuse(f"more than the {MAX_OBJECTS:,} objects a report can have (at page {page + 1})")

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
