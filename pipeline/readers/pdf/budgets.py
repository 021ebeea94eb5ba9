"""How much of a PDF the reader takes: pages, glyphs, paths and link annotations, per page and in all.

A PDF is small on disk and may still ask for any amount of work: one content stream of 100,000
glyphs shared by 2,000 pages, 40,000 link annotations, thousands of rules on every page. The reader
counts what it reads as it reads it and refuses, naming the limit, as soon as a count goes past its
budget, before the work grows with it. Every budget is far above what a report holds: the 2023
report as a PDF is 93 pages, at most 2,625 glyphs and one path a page (192,000 glyphs in all), and
121 links; a report twice as long, in small type, with ruled tables, stays well inside.
"""

from __future__ import annotations

from collections import Counter

from pipeline.errors import ReportError

MAX_PAGES = 2_000
MAX_OBJECTS_PER_PAGE = 100_000  # what pdfium parsed of a page: text runs, paths, images, forms
MAX_GLYPHS_PER_PAGE = 20_000  # a page of 6-point type holds about 15,000
MAX_GLYPHS = 500_000  # two and a half times the 2023 report; read at about 300,000 a second
MAX_PATHS_PER_PAGE = 5_000  # a ruled table draws each cell's borders: a few hundred a page
MAX_PATHS = 200_000
MAX_LINKS_PER_PAGE = 2_000
MAX_LINKS = 20_000

LIMITS = {  # what is counted: (on one page, in all)
    "glyphs": (MAX_GLYPHS_PER_PAGE, MAX_GLYPHS),
    "paths": (MAX_PATHS_PER_PAGE, MAX_PATHS),
    "link annotations": (MAX_LINKS_PER_PAGE, MAX_LINKS),
}


class Budget:
    """What the reader has taken of one PDF so far; ``take`` refuses past a limit."""

    def __init__(self, source: str):
        self.source = source
        self.totals: Counter[str] = Counter()

    def check_pages(self, count: int) -> None:
        if count > MAX_PAGES:
            self.refuse(f"{count:,} pages is more than the {MAX_PAGES:,} a report can have")

    def check_objects(self, count: int, page: int) -> None:
        """Before a page's text is read: the objects pdfium parsed from its content."""
        if count > MAX_OBJECTS_PER_PAGE:
            most = MAX_OBJECTS_PER_PAGE
            self.refuse(f"page {page + 1} draws {count:,} objects, more than the {most:,} a page can have")

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
