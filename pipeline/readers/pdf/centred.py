"""Tables whose cells a browser centres in their rows (HTML's ``vertical-align: middle``): which of a
tall cell's paragraphs, beside no other cell, are whose row.

A table's rows are found from its columns' blocks of lines (``tables``), each a tuple (lowest
baseline, top, column): blocks of two columns whose heights overlap are one row's. Where cells are
centred, a cell taller than the others reaches above and below them with paragraphs beside none
(*lone* rows); a row may show itself centred only once they are joined to it (``placed``). A lone paragraph
goes with the row above, or else the row below, where that row's cell in its column goes on at the
document's paragraph spacing (``Metrics.paragraph_spacing``) with no rule across the table between (a
header row's); otherwise it is a row alone, a row broken by the page whose rest is on the other page
(the layout's flow joins them again). A centred cell gives no such evidence: it lands wherever the
row's middle puts it. Two rows neither of which is centred, every cell going on at the paragraph
spacing, are one.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from pipeline.readers.pdf.lines import Metrics

SPACING_SLACK = 0.05  # em: a browser places a paragraph at its spacing to a fraction of a point,
CSS_PIXEL = 0.75  # points, or a pixel off (Chromium rounds a margin of 14.67 pixels to 14 or 15),
MEASURE_ROUNDED = 0.1  # points: and the spacing's measure is to a tenth of a point (``Metrics.paragraph_spacing``)

Block = tuple[float, float, int]  # (lowest baseline, top, column)


def centred(row: list[Block], tolerance: float) -> bool:
    """Are the row's cells centred in it: they start at different heights, around one middle? (A row
    broken by the page is not centred.)"""
    spans: dict = defaultdict(list)
    for bottom, top, column in row:
        spans[column] += [bottom, top]
    if len(spans) < 2:
        return False
    tops = [max(span) for span in spans.values()]
    middles = [(max(span) + min(span)) / 2 for span in spans.values()]
    return max(tops) - min(tops) > tolerance and max(middles) - min(middles) <= tolerance


def _lone(row: list[Block]) -> bool:
    return len({column for _, _, column in row}) == 1


def placed(rows: list[list[Block]], metrics: Metrics, ruled: Callable[[float, float], bool]) -> list[list[Block]]:
    """The rows, each lone row joined to the row whose cell it goes on (see the module's docstring);
    ``ruled(above, below)``: is there a rule across the table between these two heights?"""
    rows = [list(row) for row in rows]
    index = 0
    while index < len(rows):
        row = rows[index]
        if _lone(row):
            column = row[0][2]
            if index and cell_goes_on(rows[index - 1], row, column, metrics, ruled):
                rows[index - 1] += rows.pop(index)
                continue
            if index + 1 < len(rows) and cell_goes_on(row, rows[index + 1], column, metrics, ruled):
                rows[index] += rows.pop(index + 1)
                continue  # the joined row may be lone still: judged again
        index += 1
    return _rejoined(rows, metrics, ruled)


def _rejoined(rows: list[list[Block]], metrics: Metrics, ruled) -> list[list[Block]]:
    """Two rows, neither centred, where every cell goes on at a paragraph's spacing: one row, whose
    cells' paragraphs happened to end on one height (a row's cells are parted by their padding too)."""
    tolerance = metrics.tolerances.same_line * metrics.body_size
    index = 1
    while index < len(rows):
        upper, lower = rows[index - 1], rows[index]
        columns = {column for _, _, column in lower}
        if (
            columns == {column for _, _, column in upper}
            and not centred(upper, tolerance)
            and not centred(lower, tolerance)
            and all(cell_goes_on(upper, lower, column, metrics, ruled) for column in columns)
        ):
            rows[index - 1] += rows.pop(index)
        else:
            index += 1
    return rows


def cell_goes_on(upper: list[Block], lower: list[Block], column: int, metrics: Metrics, ruled) -> bool:
    """Does ``column``'s cell in ``upper`` go on into ``lower`` at a paragraph's spacing?"""
    ends = [bottom for bottom, _, each in upper if each == column]
    starts = [top - metrics.body_size for _, top, each in lower if each == column]  # first baselines
    if not ends or not starts:
        return False
    end, start = min(ends), max(starts)
    gap = end - start
    slack = max(SPACING_SLACK * metrics.body_size, CSS_PIXEL + MEASURE_ROUNDED)
    return abs(gap - metrics.paragraph_spacing) <= slack and not ruled(end, start)
