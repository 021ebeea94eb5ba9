"""The steps in order, and the flow across pages: a PDF's pages → the document model every reader
produces.

Each page's lines (``lines``) lose their running headers and footers (``furniture``); what the
document's lines say about its typography is measured once (``lines.Metrics``); notes are split
from each page's body and read (``notes``); each body becomes paragraphs and zones (``tables``);
then ``Flow`` joins each page's first item to the last one's where it goes on: a paragraph broken
by the page, a table's next rows (a row that repeats the table's first row is the header row the
producer repeats, dropped), a row broken by the page. Last, lines become the model's paragraphs
(``paragraphs``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.document.model import Block, Cell, Footnote, Paragraph, Row, Table
from pipeline.document.normalise import footnote
from pipeline.readers.pdf.edges import restore_cut_links
from pipeline.readers.pdf.furniture import without_running_lines
from pipeline.readers.pdf.glyphs import Page
from pipeline.readers.pdf.indents import opens_indented
from pipeline.readers.pdf.lines import Line, Metrics, page_lines
from pipeline.readers.pdf.markers import opens_first_item, opens_next_item
from pipeline.readers.pdf.notes import read_notes, split_end_notes, split_notes
from pipeline.readers.pdf.paragraphs import (
    breaks,
    group_paragraphs,
    is_note_text,
    next_item,
    paragraph_goes_on,
    pieces,
    text_goes_on,
    to_paragraph,
)
from pipeline.readers.pdf.tables import Zone, page_items, spans_row
from pipeline.readers.pdf.tolerances import Tolerances


def layout(pages: list[Page], tolerances: Tolerances = Tolerances()) -> tuple[list[Block], list[Footnote], list[str]]:
    """The document's blocks and footnotes, from its pages of glyphs (``glyphs.read_pages``), and
    warnings about text the producer cut (``edges``)."""
    lines = without_running_lines([page_lines(page, tolerances) for page in pages])
    warnings = restore_cut_links(lines)
    metrics = Metrics([line for page in lines for line in page], tolerances)
    bodies, notes = _notes(lines, pages, metrics)
    numbers = {number for number, _ in notes}
    flow = Flow(metrics)
    for body, page in zip(bodies, pages):
        flow.add_page(page_items(body, page.paths, metrics))
    blocks = [block for block in flow.model(numbers) if not isinstance(block, Paragraph) or block.text]
    footnotes = [
        footnote(number, [pieces(paragraph, metrics, set()) for paragraph in paragraphs])
        for number, paragraphs in notes
    ]
    return blocks, footnotes, warnings


def _notes(lines: list[list[Line]], pages: list[Page], metrics: Metrics) -> tuple[list[list[Line]], list]:
    """(each page's body, the notes): notes at the pages' foot, or end notes; a numbered list that ends
    the document is no end notes where notes at the pages' foot already have its numbers."""
    without_end_notes, end_notes = split_end_notes(lines, metrics)
    bodies, notes = _foot_notes(without_end_notes, pages, metrics)
    if not end_notes or not {number for number, _ in notes} & {number for number, _ in end_notes}:
        return bodies, notes + end_notes
    return _foot_notes(lines, pages, metrics)


def _foot_notes(lines: list[list[Line]], pages: list[Page], metrics: Metrics) -> tuple[list[list[Line]], list]:
    split = [split_notes(body, page.paths, metrics) for body, page in zip(lines, pages)]
    return [body for body, _ in split], read_notes([area for _, area in split], metrics)


@dataclass
class TableBlock:
    """A table as the flow builds it: the zone it was last seen in, and its rows so far."""

    zone: Zone
    rows: list = field(default_factory=list)


class Flow:
    """Paragraphs and tables in reading order, each page's first item joined to the last one's
    where it goes on: a paragraph broken by the page, a table's next rows, a row broken by the page."""

    def __init__(self, metrics: Metrics):
        self.metrics = metrics
        self.blocks: list = []

    def add_page(self, items: list) -> None:
        items = self._table_goes_on(self._without_repeated_heading(items))
        if self.blocks and _tentative(self.blocks[-1]) and not (items and self._joins_last(items[0])):
            self._add_lines(self.blocks.pop().zone, same_page=True)
        as_lines = False  # the item before proved no table: its lines went on, and the next may too
        for index, item in enumerate(items):
            last = self.blocks[-1] if self.blocks and (index == 0 or as_lines) else None
            if isinstance(item, Zone) and item.side_by_side < 2 and index == 0 and not self._joins_last(item):
                self._add_lines(item, same_page=False)
                as_lines = True
                continue
            as_lines = False
            if isinstance(item, Zone):
                self._add_zone(item, last)
            elif isinstance(last, list) and self._paragraph_goes_on(last, item, same_page=index > 0):
                last += item
            else:
                self.blocks.append(item)

    def _paragraph_goes_on(self, paragraph: list[Line], lines: list[Line], same_page: bool) -> bool:
        """The page broke ``paragraph`` (or a zone that proved no table, ``same_page``), and the next
        ``lines`` go on with it."""
        line, after = lines[0], lines[1] if len(lines) > 1 else None
        return (
            not breaks(paragraph[-1], line, self.metrics, same_page=same_page)
            and not opens_next_item(paragraph, line)
            and not opens_first_item(paragraph, lines)
            and not opens_indented(paragraph[-1], line, after, self.metrics.tolerances)
        )

    def _without_repeated_heading(self, items: list) -> list:
        """The paragraph above a table that the producer repeats at the top of the next page, over the
        rest of the table (a browser repeats a table's head), left out; a merged row's title that ended
        the page before, after the table, is that table's row (the table goes on under it)."""
        spanning = self._span_at_foot()
        at = -2 if spanning is not None else -1
        table = self.blocks[at] if len(self.blocks) >= -at and isinstance(self.blocks[at], TableBlock) else None
        before = self.blocks[at - 1] if table is not None and len(self.blocks) >= 1 - at else None
        above = [line.text for line in before] if isinstance(before, list) else None
        repeated, rest = _page_head(items)
        if repeated is None or repeated not in [above, *self._heads()]:
            return items
        if spanning is not None and isinstance(rest[0], Zone) and spanning.zone.joins(rest[0]):
            spanning.rows.append([[self.blocks.pop()]])
        if table is not None and repeated == above and any(table.zone.overlapped_by(line) for line in before):
            table.rows.insert(0, [[before]])  # across the table, repeated with it: its head row
            self.blocks.remove(before)
        return rest

    def _heads(self) -> list[list[str]]:
        """The text of each table's head row of one cell (a title over it), which a producer may
        repeat at each page's top; the table may be read in parts (a row of it read as a paragraph
        between them), the head in the first."""
        return [
            [line.text for line in block.rows[0][0][0]]
            for block in self.blocks
            if isinstance(block, TableBlock) and block.rows and len(block.rows[0]) == 1 and block.rows[0][0]
        ]

    def _span_at_foot(self) -> TableBlock | None:
        """The table before a short paragraph that ends the blocks so far, where it would be a merged
        row of that table (``tables.spans_row``)."""
        if len(self.blocks) < 2 or not isinstance(self.blocks[-2], TableBlock):
            return None
        table = self.blocks[-2]
        return table if spans_row(self.blocks[-1], table.zone, self.metrics) else None

    def model(self, numbers: set[int]) -> list[Block]:
        """The model's blocks; ``numbers`` are the footnotes' (see ``paragraphs.to_paragraph``)."""
        built: list[Block] = []
        for block in self.blocks:
            if isinstance(block, TableBlock):
                built.append(_table(block.rows, self.metrics, numbers))
            else:
                built.append(to_paragraph(block, self.metrics, numbers))
        return built

    def _joins_last(self, item) -> bool:
        last = self.blocks[-1] if self.blocks else None
        return isinstance(item, Zone) and isinstance(last, TableBlock) and last.zone.joins(item)

    def _add_lines(self, zone: Zone, same_page: bool) -> None:
        """A zone that proved no table: its lines, as paragraphs, the first going on with the paragraph
        before it where that one goes on (a justified line whose spaces are stretched wider than a
        gutter, at the foot or the top of a page; ``same_page``: the paragraph before is on its page)."""
        lines = sorted([*(line for span in zone.spans for line in span), *zone.lines], key=lambda line: -line.bottom)
        for paragraph in group_paragraphs(lines, self.metrics):
            last = self.blocks[-1] if self.blocks else None
            if isinstance(last, list) and self._paragraph_goes_on(last, paragraph, same_page):
                last += paragraph
            else:
                self.blocks.append(paragraph)
            same_page = True

    def _table_goes_on(self, items: list) -> list:
        """Lines at the top of a page that stay within the columns of the table the last page ended
        with are the rest of its cells (``_leads``)."""
        table = self.blocks[-1] if self.blocks and isinstance(self.blocks[-1], TableBlock) else None
        if table is None:
            return items
        leading = []
        while items and self._leads(table.zone, items[0]):
            item = items.pop(0)
            leading += item.lines if isinstance(item, Zone) else item
        if not leading:
            return items
        rules = items[0].rules if items and isinstance(items[0], Zone) else []
        zone = Zone([list(g) for g in table.zone.gutters], leading, rules, self.metrics.tolerances)
        if items and isinstance(items[0], Zone) and zone.joins(items[0]):
            zone.merge(items.pop(0))
        return [zone] + items

    def _leads(self, zone: Zone, item) -> bool:
        """Lines within the table's columns: a paragraph's, or a zone's that no second line across its
        gutters confirmed (a justified cell's line whose stretched spaces it took for gutters), whose
        first line starts a cell at each of the table's columns' edges, where its gutters end."""
        if isinstance(item, Zone):
            return (
                item.side_by_side < 2
                and all(self._fits(zone, line) for line in item.lines)
                and _starts_every_column(zone, item.lines[0], self.metrics.tolerances)
            )
        return isinstance(item, list) and all(self._fits(zone, line) for line in item) and not is_note_text(item)

    def _fits(self, zone: Zone, line: Line) -> bool:
        return not zone.crossed_by(line) and not self.metrics.is_heading_style(line)

    def _add_zone(self, zone: Zone, last) -> None:
        rows = zone.rows(self.metrics)
        if isinstance(last, TableBlock) and last.zone.joins(zone):
            while rows and _lines_text(rows[0]) == _lines_text(last.rows[0]):
                rows.pop(0)  # the header row the producer repeats on a new page
            if rows and _row_goes_on(last.rows[-1], rows[0]):
                _merge_rows(last.rows[-1], rows.pop(0), self.metrics)
            last.rows += rows
            return
        self.blocks.append(TableBlock(zone, rows))


def _page_head(items: list) -> tuple[list[str] | None, list]:
    """The text of the paragraph that opens the page above what follows (a table's head a producer
    may repeat), and the items after it; a head read as the page's first zone's merged row stays in
    that zone (the flow drops the table's rows the producer repeats)."""
    first = items[0] if items else None
    if len(items) >= 2 and isinstance(first, list):
        return [line.text for line in first], items[1:]
    if isinstance(first, Zone) and first.spans and first.spans[0][0].bottom > first.lines[0].bottom:
        return [line.text for line in first.spans[0]], items
    return None, items


def _row_goes_on(above: list, below: list) -> bool:
    """A row broken by the page: a cell's text goes on, or a cell is empty at the top of the page
    where the row above has text (a row's cells all start on its first line; one that ended on the
    page before has nothing left for this one), or at the foot of the page beside a list that goes
    on with its next item (a cell a browser centres, pushed whole onto the next page)."""
    if len(above) != len(below) or len(above) < 2:
        return False
    pairs = [(a[-1][-1], b[0][0]) for a, b in zip(above, below) if a and b]
    if any(text_goes_on(a, b) for a, b in pairs) or any(a and not b for a, b in zip(above, below)):
        return True
    return any(b and not a for a, b in zip(above, below)) and any(
        next_item(a[-1], b[0][0]) for a, b in zip(above, below) if a and b
    )


def _lines_text(row: list) -> tuple:
    """What a row says, its footnote references aside (a repeated header row repeats no reference)."""
    return tuple(
        "".join(
            g.char
            for paragraph in cell
            for line in paragraph
            for fragment in line.fragments
            for g in fragment.glyphs
            if not g.raised
        )
        for cell in row
    )


def _starts_every_column(zone: Zone, line: Line, tolerances: Tolerances) -> bool:
    return all(
        any(abs(fragment.x0 - end) <= tolerances.same_gap * fragment.size for fragment in line.fragments)
        for _, end in zone.gutters
    )


def _tentative(block) -> bool:
    """A table of one row at the foot of a page, until the next page shows it goes on."""
    return (
        isinstance(block, TableBlock) and block.zone.side_by_side < 2 and len(block.rows) <= 1 + len(block.zone.spans)
    )


def _merge_rows(above: list, below: list, metrics: Metrics) -> None:
    """A row broken by the page, whole again: a cell's paragraph broken too is joined again."""
    for cell_above, cell_below in zip(above, below):
        if (
            cell_above
            and cell_below
            and paragraph_goes_on(cell_above[-1][-1], cell_below[0][0], metrics)
            and not next_item(cell_above[-1], cell_below[0][0])
        ):
            cell_above[-1] += cell_below.pop(0)
        cell_above += cell_below


def _table(rows: list, metrics: Metrics, numbers: set[int]) -> Table:
    """The model's table; a row that repeats the first one is the header row repeated on a new page."""
    table = Table()
    for row in rows:
        built = Row([Cell([to_paragraph(p, metrics, numbers, in_table=True) for p in cell]) for cell in row])
        if table.rows and built.cell_texts(empty_cells=True) == table.rows[0].cell_texts(empty_cells=True):
            continue
        table.rows.append(built)
    return table
