"""Rows of a table whose cells a producer places apart (a browser centres or pads them): where no two
columns start a paragraph on one baseline, each column's blocks of lines span heights, and blocks that
overlap are one row (``overlapping_blocks``); a header row of one line in every column ends where none
goes on (``below_one_line_rows``). Used by ``tables.Zone``.
"""

from __future__ import annotations

from collections.abc import Callable

from pipeline.readers.pdf.centred import cell_goes_on, centred, placed
from pipeline.readers.pdf.lines import Line, Metrics
from pipeline.readers.pdf.paragraphs import text_goes_on

ONE_LINE_SLACK = 0.1  # of a line pitch: cell padding this small still goes on at the pitch


def overlapping_blocks(
    columns: list[list[Line]], starts: list[list[float]], metrics: Metrics, ruled: Callable[[float, float], bool]
) -> tuple[list[float], bool]:
    """Row tops of a table whose cells are placed apart (centred, or padded unevenly): each column's
    blocks (lines from one start to the next) span heights; blocks of two columns whose heights overlap
    are in one row, and a block beside none goes with the row above (a cell's next paragraph), or as
    ``centred.placed`` says where the table centres its cells (blocks then parted at their own
    column's starts only: a centred cell's lines meet another's baselines by chance); and whether the
    table centres its cells."""
    tolerance = metrics.tolerances.same_line * metrics.body_size
    rows = _overlapping_rows(columns, starts)
    joined = placed(rows, metrics, ruled)
    # a centred cell may start level with a paragraph of a taller one by chance: the row may show
    # centred only once the taller cell's paragraphs above and below it are joined to it
    centred_cells = any(centred(row, tolerance) for row in rows + joined)
    if centred_cells:
        rows = joined
    else:
        rows = _overlapping_rows(columns, starts, [y for own in starts for y in own])
        rows = [row for index, row in enumerate(rows) if not _beside_none(rows, index, metrics, ruled)] or rows
    return [max(top for _, top, _ in row) - metrics.body_size for row in rows], centred_cells  # first baselines


def _overlapping_rows(
    columns: list[list[Line]], starts: list[list[float]], every: list[float] | None = None
) -> list[list[tuple]]:
    """The blocks of all columns, (lowest baseline, top, column), grouped where their heights overlap;
    parted at each column's own starts, and at ``every`` column's where the column's text does not go on."""
    blocks = sorted(
        (span for column, own in zip(columns, starts) for span in _block_spans(column, own, every or [])),
        key=lambda span: -span[1],
    )
    rows: list[list[tuple]] = []
    for block in blocks:
        if rows and block[1] >= min(bottom for bottom, _, _ in rows[-1]):  # overlaps the row so far
            rows[-1].append(block)
        else:
            rows.append([block])
    return rows


def _beside_none(rows: list[list[tuple]], index: int, metrics: Metrics, ruled: Callable[[float, float], bool]) -> bool:
    """A row of one column's blocks alone: it goes with the row above (the first one starts at the zone's
    top all the same). The last is a row broken by the page, unless its cell goes on the row above's at
    the document's paragraph spacing (a cell's next paragraph, at the page's foot)."""
    columns = {column for _, _, column in rows[index]}
    if len(columns) > 1:
        return False
    return index < len(rows) - 1 or index > 0 and cell_goes_on(rows[index - 1], rows[index], *columns, metrics, ruled)


def _block_spans(column: list[Line], own: list[float], every: list[float]):
    """(lowest baseline, top of the first line, column) of each block of a column's lines: a block ends
    where the column starts anew, or where another column starts level with one of its lines unless its
    text goes on there (a cell centred beside a longer one starts level with any of its lines)."""
    block: list[Line] = []
    for line in column + [None]:
        if block and (
            line is None or line.bottom in own or (line.bottom in every and not text_goes_on(block[-1], line))
        ):
            yield block[-1].bottom, block[0].bottom + block[0].size, id(column)
            block = []
        if line is not None:
            block.append(line)


def cell_gap(above: Line, below: Line, metrics: Metrics) -> bool:
    """A gap wider than the line pitch, by more than a superscript's rise and a little slack: a new
    paragraph or a new cell (a cell's padding may be narrower than a paragraph's gap)."""
    return above.bottom - below.bottom - below.superscript_rise > metrics.pitch(above.size) * (1 + ONE_LINE_SLACK)


def shared_starts(starts: list[float], tolerance: float) -> list[float]:
    """The highest of each group of paragraph starts, in two columns or more, within ``tolerance``."""
    shared = [y for y in starts if sum(abs(y - other) <= tolerance for other in starts) >= 2]
    return [y for y in shared if not any(0 < other - y <= tolerance for other in shared)]


def below_one_line_rows(lines: list[Line], columns: list[list[Line]], together: list[float], metrics: Metrics):
    """The first line under a row of one line in every column (a header row) of a zone's ``lines``: a
    row starts there, though its cells may start apart (a browser centres them). A row is of one line
    where every column starts a block on its line (``together``) and none goes on at the line's pitch
    below it (a line its superscripts push down, a header cell's note reference, goes on all the same)."""
    pitch = metrics.pitch(metrics.body_size) * (1 + ONE_LINE_SLACK)
    tolerance = metrics.tolerances.same_line * metrics.body_size
    tops = []
    for line in lines:
        if not any(abs(line.bottom - y) <= tolerance for y in together) or any(
            any(0 < line.bottom - other.bottom - other.superscript_rise <= pitch for other in column)
            for column in columns
        ):
            continue
        below = [other.bottom for other in lines if other.bottom < line.bottom - line.size / 2]
        if below:
            tops.append(max(below))
    return tops
