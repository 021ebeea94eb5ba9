"""Step 5, tables: a page's body → paragraphs (lists of lines) and zones (lines laid out in columns).

A zone is lines split by a gutter (a gap that the other lines of the zone never cross) and the
lines around them that stay on one side of it; a row starts where two columns start a paragraph on
the same baseline, or under a rule across every column. A line across the gutter between or just
above two such zones, not a heading and not ending a sentence, is a row of one merged cell. A table
whose rows nothing but the text parts (LaTeX's) starts them where its columns start paragraphs
(``close_rows``). (A table continued on the next page is joined again by ``pipeline.readers.pdf.layout``.)
"""

from __future__ import annotations

from collections import defaultdict

from pipeline.readers.pdf.close_rows import close_set_starts
from pipeline.readers.pdf.glyphs import Path
from pipeline.readers.pdf.indents import indented_openings
from pipeline.readers.pdf.justified import goes_on_justified, spaced_by_justification
from pipeline.readers.pdf.lines import Fragment, Line, Metrics
from pipeline.readers.pdf.paragraphs import (
    END_PUNCTUATION,
    ITEM_START,
    breaks,
    group_paragraphs,
    is_note_text,
)
from pipeline.readers.pdf.rows import below_one_line_rows, cell_gap, overlapping_blocks, shared_starts
from pipeline.readers.pdf.ruled import head_cell, joined_rules
from pipeline.readers.pdf.tolerances import Tolerances

SPAN_LINES = 2  # a merged cell's text is this short


class Zone:
    """Lines laid out in columns: a table on one page. ``gutters`` are the x ranges between columns;
    ``spans`` the paragraphs across every column (rows of one merged cell)."""

    def __init__(self, gutters: list[list[float]], first: list[Line], rules: list[Path], tolerances: Tolerances):
        self.gutters = sorted(gutters)
        self.lines: list[Line] = list(first)
        self.rules = rules  # the page's horizontal rules: where a table has them, they part its rows
        self.tolerances = tolerances
        self.spans: list[list[Line]] = []
        self.side_by_side = sum(bool(line.gaps()) for line in first)  # lines across a gutter, or switching sides
        self.header_style: tuple | None = None  # the style of a header row being read (see ``_beside``)

    def __repr__(self) -> str:
        return f"Zone({len(self.lines)} lines, gutters={[[round(x, 1) for x in g] for g in self.gutters]})"

    def crossed_by(self, line: Line) -> bool:
        return any(_narrowed(gutter, line, self.tolerances) is None for gutter in self.gutters)

    def overlapped_by(self, line: Line) -> bool:
        """Does the line reach into a gutter (a title centred over the table, no cell's line)?"""
        return any(start < line.x1 and line.x0 < end for start, end in self.gutters)

    def takes(self, line: Line, metrics: Metrics) -> bool:
        """Take a line that crosses no gutter (but a stretched space, ``_crosses_only_spaces``); each
        gutter narrows to the space the line leaves it."""
        narrowed = [_narrowed(gutter, line, self.tolerances) for gutter in self.gutters]
        crossed = [gutter for gutter, left in zip(self.gutters, narrowed) if left is None]
        heading = metrics.is_heading_style(line)
        if heading and line.style != self.header_style or is_note_text([line]):
            return False
        if crossed and not self._crosses_only_spaces(line, crossed):
            return False
        if not heading:
            self.header_style = None  # the header row is over
        self.gutters = [gutter for gutter in narrowed if gutter is not None]
        sides = self._side(line), self._side(self.lines[-1])
        self.side_by_side += bool(line.gaps()) or (sides[0] != sides[1] and len(sides[0]) == len(sides[1]) == 1)
        self.lines.append(line)
        return True

    def _crosses_only_spaces(self, line: Line, crossed: list[list[float]]) -> bool:
        """Are the gutters the line crosses spaces a justified cell stretched on the zone's first line
        (``_stretched``, and no second line confirms them), while it starts a cell at the end of a
        gutter that is no such space?"""
        return all(self._stretched(gutter) and not self._confirmed(gutter) for gutter in crossed) and any(
            _starts_at(line, gutter, self.tolerances) and not self._stretched(gutter)
            for gutter in self.gutters
            if gutter not in crossed
        )

    def _confirmed(self, gutter: list[float]) -> bool:
        """Do two lines of the zone or more start a fragment at the gutter's end (its column's edge)? A
        gap one line alone has there is a space justification stretched, in a cell."""
        return sum(_starts_at(line, gutter, self.tolerances) for line in self.lines) >= 2

    def without_stretched_spaces(self) -> Zone:
        """The zone less its gutters that are spaces a justified cell's line stretched (``_stretched``)
        and that no second line confirms (``_confirmed``), where a confirmed one is left."""
        kept = [gutter for gutter in self.gutters if self._confirmed(gutter)]
        if kept and any(self._stretched(gutter) for gutter in self.gutters if gutter not in kept):
            self.gutters = kept
        return self

    def _stretched(self, gutter: list[float]) -> bool:
        """Does the gutter lie in a gap of the zone's first line as wide as a gap beside it (spaces a
        justified cell's line stretched alike)?"""
        first = self.lines[0]
        widths = [end - start for start, end in first.gaps()]
        slack = self.tolerances.same_gap * first.size
        return any(
            start <= gutter[0]
            and gutter[1] <= end
            and any(
                abs(widths[index] - widths[other]) <= slack
                for other in (index - 1, index + 1)
                if 0 <= other < len(widths)
            )
            for index, (start, end) in enumerate(first.gaps())
        )

    def takes_above(self, line: Line, metrics: Metrics) -> bool:
        """Take a line just above the zone that starts past a gutter, wholly in a later column than
        the first (where no body line starts): a cell's first line, above the other cells' where a
        browser centres a tall cell's lines on its row."""
        narrowed = [_narrowed(gutter, line, self.tolerances) for gutter in self.gutters]
        if (
            metrics.is_heading_style(line)
            or is_note_text([line])
            or None in narrowed
            or line.gaps()
            or self.column(line.fragments[0]) == 0
        ):
            return False
        self.gutters = narrowed
        self.lines.insert(0, line)
        return True

    def _side(self, line: Line) -> tuple[int, ...]:
        return tuple(sorted({self.column(fragment) for fragment in line.fragments}))

    def column(self, fragment: Fragment) -> int:
        return sum(fragment.x0 >= end - self.tolerances.margin * fragment.size for _, end in self.gutters)

    def joins(self, other: Zone) -> bool:
        """Are both zones one table's: as many columns, their gutters overlapping?"""
        return len(self.gutters) == len(other.gutters) and all(
            a[0] < b[1] and b[0] < a[1] for a, b in zip(self.gutters, other.gutters)
        )

    def merge(self, other: Zone) -> None:
        self.gutters = [[max(a[0], b[0]), min(a[1], b[1])] for a, b in zip(self.gutters, other.gutters)]
        self.lines += other.lines
        self.rules = self.rules + [rule for rule in other.rules if rule not in self.rules]
        self.spans += other.spans
        self.side_by_side += other.side_by_side

    def is_list(self) -> bool:
        """Markers in the first column only (``i)``, bullets): list items with a hanging indent."""
        first = [f for line in self.lines for f in line.fragments if self.column(f) == 0]
        return bool(first) and all(ITEM_START.match(f.text + " ") for f in first)

    def rows(self, metrics: Metrics) -> list[list[list[list[Line]]]]:
        """Rows of cells of paragraphs of lines, top first."""
        columns = self._columns()
        tops = self._row_tops(columns, metrics)
        rows = []
        for top, bottom in zip(tops, tops[1:] + [float("-inf")]):
            span = next((s for s in self.spans if abs(s[0].bottom - top) < 0.5), None)
            if span is not None:
                rows.append([[span]])
                continue
            cells = [[line for line in column if bottom + 0.5 < line.bottom <= top + 0.5] for column in columns]
            rows.append([group_paragraphs(cell, metrics) for cell in cells])
        return rows

    def _columns(self) -> list[list[Line]]:
        columns: list[list[Line]] = [[] for _ in range(len(self.gutters) + 1)]
        for line in self.lines:
            parts: dict[int, list[Fragment]] = defaultdict(list)
            for fragment in line.fragments:
                parts[self.column(fragment)].append(fragment)
            for index, found in parts.items():
                columns[index].append(Line(found))
        for column in columns:
            right = max((line.x1 for line in column), default=0)
            for line in column:
                line.right = right
        return columns

    def _across(self) -> list[Path]:
        """The rules across every column."""
        return [
            rule for rule in self.rules if all(rule.left <= start and rule.right >= end for start, end in self.gutters)
        ]

    def _ruled_across(self, above: float, below: float) -> bool:
        return any(below < rule.bottom < above for rule in self._across())

    def _below_rules(self) -> list[float]:
        """The first line under each rule across every column: a row starts there, even where a cell
        is empty."""
        return [
            max(below)
            for rule in self._across()
            if (below := [line.bottom for line in self.lines if line.bottom + 0.7 * line.size < rule.bottom])
            and any(line.bottom > rule.bottom for line in self.lines)
        ]

    def _ruled_between(self, above: Line, below: Line) -> bool:
        return any(
            below.bottom + 0.7 * below.size < rule.bottom < above.bottom
            and rule.left < below.x1
            and rule.right > below.x0
            for rule in self.rules
        )

    def _spaced_apart(self, metrics: Metrics):
        """Two lines of a column parted by a gap that no rule explains."""
        return lambda above, below: cell_gap(above, below, metrics) and not self._ruled_between(above, below)

    def _row_tops(self, columns: list[list[Line]], metrics: Metrics) -> list[float]:
        """Where rows start: the zone's top, each merged cell, and each baseline where two columns or
        more start a block of lines."""
        column_starts = [
            [
                line.bottom
                for index, line in enumerate(column)
                if index == 0
                or cell_gap(column[index - 1], line, metrics)
                or self._ruled_between(column[index - 1], line)
            ]
            for column in columns
        ]
        tolerance = self.tolerances.same_line * metrics.body_size
        close_set = close_set_starts(columns, bool(self._across()), self._spaced_apart(metrics), metrics)
        together = shared_starts([y for starts in column_starts for y in starts] + close_set, tolerance)
        apart, centred_cells = overlapping_blocks(columns, column_starts, metrics, self._ruled_across)
        # cells that start together in most rows (a word processor's) part the rows there; else (a
        # browser centres a cell's text, or pads it apart) blocks that overlap are rows, and where rows
        # show their cells centred, cells that start on one baseline do so by chance
        shared = together if len(together) * 2 > len(apart) and not centred_cells else apart
        tops: list[float] = []
        for y in sorted(
            [
                self.lines[0].bottom,
                *shared,
                *self._below_rules(),
                *(s[0].bottom for s in self.spans),
                *below_one_line_rows(self.lines, columns, together, metrics),
            ],
            reverse=True,
        ):
            if not tops or tops[-1] - y > tolerance:
                tops.append(y)
        return tops


def page_items(body: list[Line], paths: list[Path], metrics: Metrics) -> list:
    """A page's body as paragraphs (lists of lines) and zones, top first."""
    tolerances = metrics.tolerances
    for line in body:
        line.right = metrics.right
    rules = joined_rules([p for p in paths if p.top - p.bottom <= tolerances.rule_thickness])
    items: list = []
    zone: Zone | None = None
    for line in body:
        if zone is not None and zone.takes(line, metrics):
            continue
        if zone is not None:
            items += _settled(zone, at_edge=_under_its_head_only(items, zone, metrics))
        zone = None
        if line.gaps() and not goes_on_justified(items[-1] if items else None, line, metrics):  # bold: a header row
            zone = Zone(line.gaps(), [line], rules, tolerances)
            zone.header_style = line.style if _header_cells(line, line, metrics) else None  # both cells wrap
        if zone is None and items and isinstance(items[-1], Line):
            zone = _beside(items[-1], line, rules, metrics)
            if zone is not None and _ends_paragraph_across(items, zone, metrics):
                zone = None
            if zone is not None:
                items.pop()
        if zone is None:
            items.append(line)
        lines_before = len(zone.lines) if zone is not None else 0
        while zone is not None and items and isinstance(items[-1], Line) and zone.takes_above(items[-1], metrics):
            items.pop()
        if zone is not None and lines_before == 1 and len(zone.lines) > 1:
            zone.side_by_side += 1  # a row's first line, across the gutter, under a cell's first lines: beside them
    if zone is not None:
        items += _settled(zone, at_edge=True)
    return _with_spanning_rows(_grouped(items, metrics), metrics)


def _beside(above: Line, line: Line, rules: list[Path], metrics: Metrics) -> Zone | None:
    """Two lines each wholly on one side of a gap: the first two cells of a table whose columns do not
    share baselines."""
    gutter = [above.x1, line.x0] if line.x0 > above.x1 else [line.x1, above.x0]
    header = _header_cells(above, line, metrics)
    if gutter[1] - gutter[0] < metrics.tolerances.min_gutter * line.size or any(
        metrics.is_heading_style(each) and not header or is_note_text([each]) for each in (above, line)
    ):
        return None
    zone = Zone([gutter], [above, line], rules, metrics.tolerances)
    zone.side_by_side = 1
    zone.header_style = line.style if header else None
    return zone


def _header_cells(above: Line, line: Line, metrics: Metrics) -> bool:
    """Two lines in bold at the body's size, side by side: cells of a table's header row (a browser sets
    ``th`` so, and wraps each cell's text on its own lines), not a heading, which is set larger or
    across the column."""
    return above.style == line.style and line.bold and not metrics.body_bold and line.size <= metrics.body_size + 0.5


def _ends_paragraph_across(items: list, zone: Zone, metrics: Metrics) -> bool:
    """Is the zone's first line the last of a paragraph whose line above crosses its gutter (a merged
    cell's title on two lines, its second short)? Then it starts no table."""
    before = items[-2] if len(items) >= 2 and isinstance(items[-2], Line) else None
    return before is not None and zone.crossed_by(before) and not breaks(before, items[-1], metrics)


def _starts_at(line: Line, gutter: list[float], tolerances: Tolerances) -> bool:
    """Does a fragment of the line start at the gutter's end (the edge of the column after it)?"""
    return any(abs(f.x0 - gutter[1]) <= tolerances.same_gap * f.size for f in line.fragments)


def _narrowed(gutter: list[float], line: Line, tolerances: Tolerances) -> list[float] | None:
    """The gutter less the line's fragments that reach into it, from the side nearer them (from its start
    where the line starts a cell at its end: a justified cell's space stretched as wide as the gutter);
    None if one crosses it, or if less than the narrowest gutter is left. A fragment reaching less than the
    margin into it leaves it whole (a browser pads a cell by a fraction of a point: a gutter may be so narrow)."""
    start, end = gutter
    margin = tolerances.margin * line.size
    for fragment in line.fragments:
        if fragment.x1 <= start + margin or fragment.x0 >= end - margin:
            continue
        if fragment.x0 < start and fragment.x1 > end:
            return None
        if fragment.x0 - start > end - fragment.x1 and not _starts_at(line, gutter, tolerances):
            end = max(start, min(end, fragment.x0))
        else:
            start = min(end, max(start, fragment.x1))
    return [start, end] if end - start >= tolerances.min_gutter * line.size else None


def _under_its_head_only(items: list, zone: Zone, metrics: Metrics) -> bool:
    """Is nothing above the zone on its page but lines across it in a heading's style (the head of a
    table broken by the page, which a browser repeats on each page)? Then it is at the page's top."""
    return all(isinstance(item, Line) and metrics.is_heading_style(item) and zone.crossed_by(item) for item in items)


def _settled(zone: Zone, at_edge: bool) -> list:
    """A zone of two side-by-side lines or more is a table, and so may be one at the top or the foot of
    the page (a table broken by the page: the layout's flow tells); otherwise, or if it is a list with
    hanging indents, its lines are lines."""
    if (zone.side_by_side >= 2 or at_edge and not _justified(zone)) and not zone.is_list():
        return [zone.without_stretched_spaces()]
    return zone.lines


def _justified(zone: Zone) -> bool:
    """A zone of one line whose gaps are the line's own spaces (``spaced_by_justification``): a
    justified line, at the page's top or foot, whose spaces grew past a fragment's gap."""
    return len(zone.lines) == 1 and spaced_by_justification(zone.lines[0], zone.tolerances)


def _grouped(items: list, metrics: Metrics) -> list:
    """Consecutive lines grouped into paragraphs; a line set in by a first-line indent opens one."""
    grouped: list = []
    indented = indented_openings([item for item in items if isinstance(item, Line)], metrics.tolerances)
    for item in items:
        if (
            isinstance(item, Line)
            and grouped
            and isinstance(grouped[-1], list)
            and not breaks(grouped[-1][-1], item, metrics)
            and id(item) not in indented
            and not _starts_left_of(grouped[-1], item, metrics)
        ):
            grouped[-1].append(item)
        else:
            grouped.append([item] if isinstance(item, Line) else item)
    return grouped


def _starts_left_of(paragraph: list[Line], line: Line, metrics: Metrics) -> bool:
    """Does ``line`` start left of the paragraph's lines after its first, which all start at one place
    (a cell's lines, then a merged cell's across the table)? Then it starts another paragraph."""
    later = {round(each.x0) for each in paragraph[1:]}
    return len(later) == 1 and line.x0 < min(later) - metrics.tolerances.margin * line.size


def _with_spanning_rows(items: list, metrics: Metrics) -> list:
    """A short paragraph just above a zone and across its columns becomes the zone's merged row."""
    result: list = []
    for item in items:
        if isinstance(item, Zone) and result and spans_row(result[-1], item, metrics):
            span = result.pop()
            if result and isinstance(result[-1], Zone) and result[-1].joins(item):
                result[-1].spans.append(span)
                result[-1].merge(item)
                continue
            item.spans.insert(0, span)
        result.append(item)
    return result


def spans_row(item, zone: Zone, metrics: Metrics) -> bool:
    """A short paragraph across the zone's columns that is no heading, no note, and ends no sentence:
    a merged cell's text; or, reaching into a gutter, set in the table's rules as its head cell."""
    return (
        isinstance(item, list)
        and len(item) <= SPAN_LINES
        and not is_note_text(item)
        and not item[-1].text.endswith(END_PUNCTUATION)
        and (
            not metrics.is_heading_style(item[0])
            and any(zone.crossed_by(line) for line in item)
            or any(zone.overlapped_by(line) for line in item)
            and head_cell(item, zone.lines[0], zone._ruled_across, metrics)
        )
    )
