"""Step 3, page furniture: running headers and footers, left out.

Lines at the top or foot of the pages whose text, digits aside, comes back at the same height on at
least half of the pages (and on three at least) are running lines; every line at that height or
beyond goes with them (``Annexe I, page 3`` under ``page 3``).
"""

from __future__ import annotations

import re
from collections import Counter

from pipeline.readers.pdf.lines import Line

EDGE_LINES = 2  # lines at the top and at the foot of a page that may be running lines
MIN_PAGES = 3  # fewer pages cannot show that a line comes back


def without_running_lines(pages: list[list[Line]]) -> list[list[Line]]:
    """Each page's lines without its running headers and footers."""
    header, footer = running_edges(pages)
    return [
        [
            line
            for line in page
            if (header is None or line.bottom < header - 1) and (footer is None or line.bottom > footer + 1)
        ]
        for page in pages
    ]


def running_edges(pages: list[list[Line]]) -> tuple[float | None, float | None]:
    """The heights of the innermost running header and of the innermost running footer, if any."""
    if len(pages) < MIN_PAGES:
        return None, None
    return (
        _running_edge([page[:EDGE_LINES] for page in pages], min),
        _running_edge([page[-EDGE_LINES:] for page in pages], max),
    )


def _running_edge(edges: list[list[Line]], innermost) -> float | None:
    counts = Counter(key for edge in edges for key in {_running_key(line) for line in edge})
    repeated = [height for (_, height), count in counts.items() if count >= max(MIN_PAGES, len(edges) / 2)]
    return innermost(repeated) if repeated else None


def _running_key(line: Line) -> tuple[str, int]:
    return re.sub(r"\d+", "#", line.text), round(line.bottom)
