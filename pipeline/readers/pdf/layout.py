"""A PDF's glyphs → the document model every reader produces (see ``pipeline.readers.pdf.reader``).

Only positions, sizes and weights are used, never a word of one year's report:

1. Glyphs written one after another on one baseline, without a wide gap, are a *fragment*;
   a glyph smaller than its neighbours and raised above their baseline is a superscript.
   Fragments on one baseline are a *line*.
2. Running headers and footers: lines at the top or foot of the pages whose text, digits
   aside, comes back at the same height on at least half of the pages; every line at that
   height or beyond goes with them (``Annexe I, page 3`` under ``page 3``).
3. Footnotes: below a short thin rule at the left margin, each note opening with its number
   (a fragment of digits before a tab, or raised digits); a note continued on the next page
   goes on where the last one stopped.
4. Tables: lines split by a gutter (a gap that the other lines of the zone never cross) and
   the lines around them that stay on one side of it; a row starts where two columns start a
   paragraph on the same baseline. A line across the gutter between or just above two such
   zones, not a heading and not ending a sentence, is a row of one merged cell. A table
   continued on the next page goes on, a row broken by the page joined again; a row that
   repeats the table's first row is the header row the producer repeats, dropped.
5. Paragraphs: lines go on while the gap to the next one is a line's, the style stays, no list
   marker starts the next line, and the line before did not end a sentence with room left for
   the next line's first word (which tells a paragraph's end at a page break, too).
   Headings: a style larger or bolder than the body's; their level ranks their size.
6. Joining lines: a space, except inside a URL (the next line goes on with the address) and
   after a hyphen, which stays unless it splits a word the document writes elsewhere unbroken
   (``déve-`` ``loppement``; ``Asie-Pacifique``, ``COVID-19``, ``e-PCT`` keep theirs).
   Raised digits are footnote references where a note has that number.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from pipeline.language.urls import OPENERS, looks_like_url
from pipeline.document.model import Block, Cell, Footnote, Paragraph, Row, Table
from pipeline.document.normalise import LINK_END, LinkStart, footnote
from pipeline.document.normalise import paragraph as build_paragraph

# Distances are in font sizes (em) of the text concerned.
WIDE_GAP = 0.8  # wider than a space stretched by justification: a tab stop, a table's gutter
WORD_GAP = 0.15  # narrower than a space, wider than letter spacing and kerning
SAME_LINE = 0.3  # baselines this close are one line
SMALLER, RAISED, HIGHEST = 0.8, 0.1, 0.8  # a superscript: smaller, and raised within this band
PARAGRAPH_GAP = 1.35  # in line pitches: a wider gap between two lines separates paragraphs
ROOM_TOLERANCE = 0.5  # points
ROOM_SLACK = 0.7  # beside the word itself: two spaces after a full stop, as typists write, and a little more
MARGIN_TOLERANCE = 3.0  # points
MIN_GUTTER = 0.5  # the narrowest space between two columns of a table
RULE_THICKNESS = 1.5  # points: thicker is a shape, not a rule
HEADING_MAX_CHARS = 300
SENTENCE_END = tuple(".:;!?…")
TERMINAL = SENTENCE_END + tuple(")]»”\"")  # what a paragraph's last line ends with
URL_SENTENCE_END = ".,;:!)]”’\"»"
URL_BREAKS = "/-?=&_#%~"  # after these, a line may break inside an address
FULL_LINE = 0.6  # a line ending this close to its column's edge was filled to the last glyph
ITEM_START = re.compile(r"^(?:[ivxlc]{1,6}\)|[a-z]\)|[·•▪◦‣\uf0b7])(?:\s|$)")
BULLET_START = re.compile(r"^[·•▪◦‣\uf0b7]\s")  # a bullet starts an item; "i)" may run on in a sentence
BULLETS = {"•": "·", "\uf0b7": "·", "\uf0a7": "▪"}  # Word's Symbol-font bullets read as Word's reader reads them
HYPHENS = "-\u2010\u00ad"
# French words that never end a sentence: a line ending with one goes on (the report is in French).
NEVER_LAST_WORDS = frozenset("à au aux de des du d’ d' en et ou la le les l’ l' un une pour par sur dans avec "
                             "sans entre vers chez sous dont".split())
WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


@dataclass(slots=True)
class Glyph:
    char: str
    left: float
    right: float
    bottom: float  # of the font's box: the baseline less the descent
    size: float
    bold: bool
    after_space: bool = False  # a space glyph was drawn before it: a place where a line may break
    link: str | None = None
    raised: bool = False


@dataclass(frozen=True)
class Path:
    left: float
    bottom: float
    right: float
    top: float


@dataclass
class Page:
    number: int
    glyphs: list[Glyph]
    paths: list[Path]


# -- glyphs → fragments → lines ------------------------------------------------------------------

class Fragment:
    """Glyphs drawn one after another on one line, with no gap wider than a stretched space."""

    __slots__ = ("glyphs", "base", "text", "plain")

    def __init__(self, glyphs: list[Glyph]):
        self.glyphs = glyphs
        self.base = max(glyphs, key=lambda g: g.size)  # the line's own size and baseline, not a superscript's
        self.text = ""
        self.plain = True  # no superscript, no link: its text says all

    x0 = property(lambda self: self.glyphs[0].left)
    x1 = property(lambda self: self.glyphs[-1].right)
    bottom = property(lambda self: self.base.bottom)
    size = property(lambda self: self.base.size)

    def takes(self, glyph: Glyph) -> bool:
        last, base = self.glyphs[-1], self.base
        if glyph.left < last.left or glyph.left - last.right > WIDE_GAP * max(base.size, glyph.size):
            return False
        small, large = (glyph, base) if glyph.size < base.size else (base, glyph)
        rise = small.bottom - large.bottom
        return -SAME_LINE * large.size <= rise <= SAME_LINE * large.size or (
            small.size < SMALLER * large.size and 0 < rise <= HIGHEST * large.size)

    def settle(self) -> "Fragment":
        """Once every glyph is in: which are superscripts, and the text."""
        base = self.base
        for glyph in self.glyphs:
            glyph.raised = glyph.size < SMALLER * base.size and glyph.bottom - base.bottom > RAISED * base.size
            self.plain = self.plain and not glyph.raised and glyph.link is None
        self.text = _fragment_text(self)
        return self

    def add(self, glyph: Glyph) -> None:
        self.glyphs.append(glyph)
        if glyph.size > self.base.size:
            self.base = glyph


def fragments(glyphs: list[Glyph]) -> list[Fragment]:
    found: list[Fragment] = []
    for glyph in glyphs:
        if found and found[-1].takes(glyph):
            found[-1].add(glyph)
        else:
            found.append(Fragment([glyph]))
    for fragment in found:
        fragment.settle()
    return found


class Line:
    """Fragments on one baseline, left to right; ``right`` is where lines of its column can reach."""

    def __init__(self, parts: list[Fragment], right: float = 0.0):
        self.fragments = sorted(parts, key=lambda f: f.x0)
        self.right = right
        self.size = max(f.size for f in parts)
        self.bottom = next(f.bottom for f in parts if f.size == self.size)
        plain = [g for f in parts for g in f.glyphs if not g.raised]
        self.bold = sum(g.bold for g in plain) * 2 > len(plain)
        self.text = " ".join(f.text for f in self.fragments)

    x0 = property(lambda self: self.fragments[0].x0)
    x1 = property(lambda self: self.fragments[-1].x1)
    style = property(lambda self: (round(self.size * 2) / 2, self.bold))

    def gaps(self) -> list[list[float]]:
        return [[a.x1, b.x0] for a, b in zip(self.fragments, self.fragments[1:])]


def _fragment_text(fragment: Fragment) -> str:
    return "".join(g.char if index == 0 or not _spaced(previous, g, fragment.size) else " " + g.char
                   for index, (previous, g) in enumerate(zip([None] + fragment.glyphs, fragment.glyphs)))


def _spaced(previous: Glyph | None, glyph: Glyph, size: float) -> bool:
    return previous is not None and glyph.left - previous.right > WORD_GAP * size


def lines(parts: list[Fragment]) -> list[Line]:
    """Fragments grouped by baseline, top of the page first."""
    rows: list[list[Fragment]] = []
    for fragment in sorted(parts, key=lambda f: -f.bottom):
        row = rows[-1] if rows else None
        if row and abs(row[0].bottom - fragment.bottom) <= SAME_LINE * max(row[0].size, fragment.size):
            row.append(fragment)
        else:
            rows.append([fragment])
    return [Line(row) for row in rows]


# -- the whole document --------------------------------------------------------------------------

def layout(pages: list[Page]) -> tuple[list[Block], list[Footnote]]:
    page_lines = without_running_lines([lines(fragments(page.glyphs)) for page in pages])
    metrics = Metrics([line for page in page_lines for line in page])
    split = [split_notes(page_lines[i], pages[i].paths, metrics) for i in range(len(pages))]
    notes = read_notes([area for _, area in split], metrics)
    numbers = {number for number, _ in notes}
    flow = Flow(metrics)
    for (body, _), page in zip(split, pages):
        flow.add_page(page_items(body, page.paths, metrics))
    blocks = [block for block in (flow.model(numbers)) if not isinstance(block, Paragraph) or block.text]
    return blocks, [footnote(number, [pieces(par, metrics, set()) for par in paragraphs])
                    for number, paragraphs in notes]


class Metrics:
    """What the document's lines say about its typography: the body's size and weight, the line pitch
    of each size, the text's margins, and the words it writes (to tell a hyphen that splits one)."""

    def __init__(self, every_line: list[Line]):
        sizes = Counter()
        for line in every_line:
            sizes[line.style] += len(line.text)
        self.body_size, self.body_bold = sizes.most_common(1)[0][0] if sizes else (10.0, False)
        self.pitches = _pitches(every_line)
        self.left = Counter(round(line.x0) for line in every_line).most_common(1)[0][0] if every_line else 0
        ends = sorted(line.x1 for line in every_line)
        self.right = ends[int(len(ends) * 0.98)] if ends else 0
        self.words = Counter(word for line in every_line for word in WORD.findall(line.text.lower()))
        headings = {line.style[0] for line in every_line if self.is_heading_style(line)}
        self.heading_sizes = sorted(headings, reverse=True)

    def pitch(self, size: float) -> float:
        return self.pitches.get(round(size * 2) / 2, 1.2 * size)

    def is_heading_style(self, line: Line) -> bool:
        return line.size > self.body_size + 0.5 or (line.bold and not self.body_bold)

    def heading_level(self, line: Line) -> int:
        return self.heading_sizes.index(line.style[0]) + 1 if line.style[0] in self.heading_sizes else 1


def _pitches(every_line: list[Line]) -> dict[float, float]:
    """The most common distance between the baselines of two lines of one size that follow each other."""
    distances: dict[float, Counter] = defaultdict(Counter)
    for above, below in zip(every_line, every_line[1:]):
        distance = above.bottom - below.bottom
        if above.style == below.style and 0.9 * above.size < distance < 2 * above.size:
            distances[above.style[0]][round(distance, 1)] += 1
    return {size: counts.most_common(1)[0][0] for size, counts in distances.items()}


# -- running headers and footers --------------------------------------------------------------

def without_running_lines(pages: list[list[Line]]) -> list[list[Line]]:
    """Pages without their running headers and footers (see the module's docstring)."""
    if len(pages) < 3:
        return pages
    header = _running_edge([page[:2] for page in pages], min)
    footer = _running_edge([page[-2:] for page in pages], max)
    return [[line for line in page if (header is None or line.bottom < header - 1)
             and (footer is None or line.bottom > footer + 1)] for page in pages]


def _running_edge(edges: list[list[Line]], innermost) -> float | None:
    counts = Counter(key for edge in edges for key in {_running_key(line) for line in edge})
    repeated = [height for (_, height), count in counts.items() if count >= max(3, len(edges) / 2)]
    return innermost(repeated) if repeated else None


def _running_key(line: Line) -> tuple[str, int]:
    return re.sub(r"\d+", "#", line.text), round(line.bottom)


# -- footnotes -----------------------------------------------------------------------------------

def split_notes(page: list[Line], paths: list[Path], metrics: Metrics) -> tuple[list[Line], list[Line]]:
    """(body, notes): the notes are below the footnote separator, if the page has one."""
    separator = _separator(page, paths, metrics)
    if separator is None:
        return page, []
    return [l for l in page if l.bottom > separator], [l for l in page if l.bottom < separator]


def _separator(page: list[Line], paths: list[Path], metrics: Metrics) -> float | None:
    """The lowest short thin rule starting at the left margin, alone, with text below it."""
    width = metrics.right - metrics.left
    candidates = [p for p in paths if p.top - p.bottom <= RULE_THICKNESS and 0.05 * width <= p.right - p.left <= 0.6 * width
                  and abs(p.left - metrics.left) <= 2 * MARGIN_TOLERANCE and _alone(p, paths)
                  and any(line.bottom < p.bottom for line in page)]
    return min((p.bottom for p in candidates), default=None)


def _alone(rule: Path, paths: list[Path]) -> bool:
    """No other path touches it: not a border of a table cell."""
    return not any(other is not rule and other.left <= rule.right + 2 and other.right >= rule.left - 2
                   and other.bottom <= rule.top + 2 and other.top >= rule.bottom - 2 for other in paths)


def read_notes(areas: list[list[Line]], metrics: Metrics) -> list[tuple[int, list[list[Line]]]]:
    """(number, paragraphs of lines) of every note, in order; text before the first number is left out."""
    notes: list[tuple[int, list[list[Line]]]] = []
    for area in areas:
        left = min((line.x0 for line in area), default=0)
        previous = None
        for line in area:
            line.right = metrics.right
            label = _note_label(line, left, notes[-1][0] if notes else 0)
            if label:
                notes.append((label[0], [[label[1]]]))
            elif notes and previous is not None and _paragraph_gap(previous, line, metrics):
                notes[-1][1].append([line])
            elif notes:
                notes[-1][1][-1].append(line)
            previous = line
    return notes


def _note_label(line: Line, left: float, last: int) -> tuple[int, Line] | None:
    """A note's number at the start of its first line, and the rest of that line."""
    first = line.fragments[0]
    if abs(first.x0 - left) > MARGIN_TOLERANCE:
        return None
    label = "".join(g.char for g in first.glyphs).rstrip(".)")
    if label.isdigit() and len(line.fragments) > 1:
        number, rest = int(label), Line(line.fragments[1:], line.right)
    else:
        raised = [g for g in _leading(first.glyphs, lambda g: g.raised and g.char.isdigit())]
        if not raised or len(raised) == len(first.glyphs):
            return None
        number = int("".join(g.char for g in raised))
        rest = Line([Fragment(first.glyphs[len(raised):]).settle()] + line.fragments[1:], line.right)
    return (number, rest) if number > last else None


def _leading(glyphs: list[Glyph], test):
    for glyph in glyphs:
        if not test(glyph):
            return
        yield glyph


# -- paragraphs ------------------------------------------------------------------------------------

def _paragraph_gap(above: Line, below: Line, metrics: Metrics) -> bool:
    return above.bottom - below.bottom > PARAGRAPH_GAP * metrics.pitch(above.size)


def breaks(above: Line, below: Line, metrics: Metrics, same_page: bool = True) -> bool:
    """Does a new paragraph start at ``below``? (See the module's docstring, point 5.)"""
    if same_page and (_paragraph_gap(above, below, metrics) or below.bottom > above.bottom):
        return True
    if _starts_anew(above, below, metrics):
        return True
    if not above.text.endswith(TERMINAL):
        return False
    if ITEM_START.match(below.text):
        return _room(above, below, words=2)  # the marker and its first word: not an enumeration run on
    return _room(above, below) and not below.text[:1].islower()


def _starts_anew(above: Line, below: Line, metrics: Metrics) -> bool:
    """A heading begins or ends, or a bullet starts an item."""
    heading = metrics.is_heading_style(above)
    return heading != metrics.is_heading_style(below) or (heading and above.style != below.style) or \
        bool(BULLET_START.match(below.text))


def _room(above: Line, below: Line, words: int = 1) -> bool:
    """Was there room at the end of ``above`` for the first words of ``below`` (up to a space where a
    line may break: a no-break space binds two words)? Then the line did not end for want of room."""
    first = below.fragments[0]
    breaks_at = [a for a, b in zip(first.glyphs, first.glyphs[1:]) if b.after_space and _spaced(a, b, first.size)]
    end = breaks_at[min(words, len(breaks_at)) - 1] if len(breaks_at) >= words else first.glyphs[-1]
    needed = end.right - first.x0 + ROOM_SLACK * above.size
    return above.x1 + needed <= max(above.right, above.x1) + ROOM_TOLERANCE


def group_paragraphs(column: list[Line], metrics: Metrics) -> list[list[Line]]:
    grouped: list[list[Line]] = []
    for line in column:
        if grouped and not breaks(grouped[-1][-1], line, metrics):
            grouped[-1].append(line)
        else:
            grouped.append([line])
    return grouped


def is_note_text(lines: list[Line]) -> bool:
    return lines[0].text.startswith("[") and lines[-1].text.endswith("]")


# -- tables --------------------------------------------------------------------------------------

class Zone:
    """Lines laid out in columns: a table on one page. ``gutters`` are the x ranges between columns;
    ``spans`` the paragraphs across every column (rows of one merged cell)."""

    def __init__(self, gutters: list[list[float]], first: list[Line], rules: list[Path]):
        self.gutters = sorted(gutters)
        self.lines: list[Line] = list(first)
        self.rules = rules  # the page's horizontal rules: where a table has them, they part its rows
        self.spans: list[list[Line]] = []
        self.side_by_side = sum(bool(line.gaps()) for line in first)

    def crossed_by(self, line: Line) -> bool:
        return any(_narrowed(gutter, line) is None for gutter in self.gutters)

    def takes(self, line: Line, metrics: Metrics) -> bool:
        """Take a line that crosses no gutter; each gutter narrows to the space the line leaves it."""
        narrowed = [_narrowed(gutter, line) for gutter in self.gutters]
        if metrics.is_heading_style(line) or is_note_text([line]) or None in narrowed:
            return False
        self.gutters = narrowed
        self.side_by_side += bool(line.gaps())
        self.lines.append(line)
        return True

    def column(self, fragment: Fragment) -> int:
        return sum(fragment.x0 >= end - MARGIN_TOLERANCE for _, end in self.gutters)

    def joins(self, other: "Zone") -> bool:
        """Are both zones one table's: as many columns, their gutters overlapping?"""
        return len(self.gutters) == len(other.gutters) and all(
            a[0] < b[1] and b[0] < a[1] for a, b in zip(self.gutters, other.gutters))

    def merge(self, other: "Zone") -> None:
        self.gutters = [[max(a[0], b[0]), min(a[1], b[1])] for a, b in zip(self.gutters, other.gutters)]
        self.lines += other.lines
        self.rules = self.rules + [rule for rule in other.rules if rule not in self.rules]
        self.spans += other.spans
        self.side_by_side += other.side_by_side

    def is_list(self) -> bool:
        """Markers in the first column only (``i)``, bullets): list items with a hanging indent."""
        first = [f for line in self.lines for f in line.fragments if self.column(f) == 0]
        return bool(first) and all(ITEM_START.match(_fragment_text(f) + " ") for f in first)

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

    def _below_rules(self) -> list[float]:
        """The first line under each rule across every column: a row starts there, even where a cell
        is empty."""
        across = [rule for rule in self.rules if all(rule.left <= start and rule.right >= end
                                                     for start, end in self.gutters)]
        return [max(below) for rule in across
                if (below := [l.bottom for l in self.lines if l.bottom + 0.7 * l.size < rule.bottom])
                and any(l.bottom > rule.bottom for l in self.lines)]

    def _ruled_between(self, above: Line, below: Line) -> bool:
        return any(below.bottom + 0.7 * below.size < rule.bottom < above.bottom and rule.left < below.x1
                   and rule.right > below.x0 for rule in self.rules)

    def _row_tops(self, columns: list[list[Line]], metrics: Metrics) -> list[float]:
        """Where rows start: the zone's top, each merged cell, and each baseline where two columns or
        more start a block of lines."""
        starts = []
        for column in columns:
            starts += [line.bottom for index, line in enumerate(column)
                       if index == 0 or _paragraph_gap(column[index - 1], line, metrics)
                       or self._ruled_between(column[index - 1], line)]
        tolerance = SAME_LINE * metrics.body_size
        shared = [y for y in starts if sum(abs(y - other) <= tolerance for other in starts) >= 2]
        tops: list[float] = []
        for y in sorted([self.lines[0].bottom, *shared, *self._below_rules(), *(s[0].bottom for s in self.spans)],
                        reverse=True):
            if not tops or tops[-1] - y > tolerance:
                tops.append(y)
        return tops


def _narrowed(gutter: list[float], line: Line) -> list[float] | None:
    """The gutter less the line's fragments that reach into it; None if one covers it, or if less than
    ``MIN_GUTTER`` is left."""
    start, end = gutter
    for fragment in line.fragments:
        if fragment.x1 <= start + MARGIN_TOLERANCE or fragment.x0 >= end - MARGIN_TOLERANCE:
            continue
        if fragment.x0 < start + MARGIN_TOLERANCE and fragment.x1 > end - MARGIN_TOLERANCE:
            return None
        if fragment.x0 - start > end - fragment.x1:
            end = min(end, fragment.x0)
        else:
            start = max(start, fragment.x1)
    return [start, end] if end - start >= MIN_GUTTER * line.size else None


def _joined_rules(rules: list[Path]) -> list[Path]:
    """Horizontal rules that meet end to end, as one (a table draws each cell's border apart)."""
    joined: list[Path] = []
    for rule in sorted(rules, key=lambda r: (round(r.bottom), r.left)):
        last = joined[-1] if joined else None
        if last and abs(last.bottom - rule.bottom) <= 1 and rule.left <= last.right + 1:
            joined[-1] = Path(last.left, min(last.bottom, rule.bottom), max(last.right, rule.right), max(last.top, rule.top))
        else:
            joined.append(rule)
    return joined


def page_items(body: list[Line], paths: list[Path], metrics: Metrics) -> list:
    """A page's body as paragraphs (lists of lines) and zones, top first."""
    for line in body:
        line.right = metrics.right
    rules = _joined_rules([p for p in paths if p.top - p.bottom <= RULE_THICKNESS])
    items: list = []
    zone: Zone | None = None
    for line in body:
        if zone is not None and zone.takes(line, metrics):
            continue
        if zone is not None:
            items += _settled(zone, at_edge=not items)
        zone = Zone(line.gaps(), [line], rules) if line.gaps() and not metrics.is_heading_style(line) else None
        if zone is None:
            items.append(line)
    if zone is not None:
        items += _settled(zone, at_edge=True)
    return _with_spanning_rows(_grouped(items, metrics), metrics)


def _settled(zone: Zone, at_edge: bool) -> list:
    """A zone of two side-by-side lines or more is a table, and so may be one at the top or the foot of
    the page (a table broken by the page: ``Flow`` tells); otherwise, or if it is a list with hanging
    indents, its lines are lines."""
    if (zone.side_by_side >= 2 or at_edge) and not zone.is_list():
        return [zone]
    return zone.lines


def _grouped(items: list, metrics: Metrics) -> list:
    """Consecutive lines grouped into paragraphs."""
    grouped: list = []
    for item in items:
        if isinstance(item, Line) and grouped and isinstance(grouped[-1], list) and \
                not breaks(grouped[-1][-1], item, metrics):
            grouped[-1].append(item)
        else:
            grouped.append([item] if isinstance(item, Line) else item)
    return grouped


def _with_spanning_rows(items: list, metrics: Metrics) -> list:
    result: list = []
    for item in items:
        if isinstance(item, Zone) and result and _spans_row(result[-1], item, metrics):
            span = result.pop()
            if result and isinstance(result[-1], Zone) and result[-1].joins(item):
                result[-1].spans.append(span)
                result[-1].merge(item)
                continue
            item.spans.insert(0, span)
        result.append(item)
    return result


def _spans_row(item, zone: Zone, metrics: Metrics) -> bool:
    """A short paragraph across the zone's columns that is no heading, no note, and ends no sentence:
    a merged cell's text."""
    return isinstance(item, list) and len(item) <= 2 and not metrics.is_heading_style(item[0]) and \
        not is_note_text(item) and not item[-1].text.endswith(SENTENCE_END) and \
        any(zone.crossed_by(line) for line in item)


# -- the flow across pages -------------------------------------------------------------------

@dataclass
class TableBlock:
    zone: Zone
    rows: list = field(default_factory=list)


class Flow:
    """Paragraphs and tables in reading order, each page's first item joined to the last one's
    where it goes on: a paragraph broken by the page, a table's next rows, a row broken by the page."""

    def __init__(self, metrics: Metrics):
        self.metrics = metrics
        self.blocks: list = []

    def add_page(self, items: list) -> None:
        items = self._table_goes_on(items)
        if self.blocks and _tentative(self.blocks[-1]) and not (items and self._joins_last(items[0])):
            self._add_lines(self.blocks.pop().zone)
        for index, item in enumerate(items):
            last = self.blocks[-1] if self.blocks and index == 0 else None
            if isinstance(item, Zone) and item.side_by_side < 2 and index == 0 and not self._joins_last(item):
                self._add_lines(item)
            elif isinstance(item, Zone):
                self._add_zone(item, last)
            elif isinstance(last, list) and not breaks(last[-1], item[0], self.metrics, same_page=False):
                last += item
            else:
                self.blocks.append(item)

    def _joins_last(self, item) -> bool:
        last = self.blocks[-1] if self.blocks else None
        return isinstance(item, Zone) and isinstance(last, TableBlock) and last.zone.joins(item)

    def _add_lines(self, zone: Zone) -> None:
        """A zone that proved no table: its lines, as paragraphs."""
        lines = sorted([*(line for span in zone.spans for line in span), *zone.lines], key=lambda l: -l.bottom)
        for paragraph in group_paragraphs(lines, self.metrics):
            self.blocks.append(paragraph)

    def _table_goes_on(self, items: list) -> list:
        """Lines at the top of a page that stay within the columns of the table the last page ended
        with are the rest of its cells."""
        table = self.blocks[-1] if self.blocks and isinstance(self.blocks[-1], TableBlock) else None
        if table is None:
            return items
        leading = []
        while items and isinstance(items[0], list) and all(self._fits(table.zone, line) for line in items[0]) \
                and not is_note_text(items[0]):
            leading += items.pop(0)
        if not leading:
            return items
        rules = items[0].rules if items and isinstance(items[0], Zone) else []
        zone = Zone([list(g) for g in table.zone.gutters], leading, rules)
        if items and isinstance(items[0], Zone) and zone.joins(items[0]):
            zone.merge(items.pop(0))
        return [zone] + items

    def _fits(self, zone: Zone, line: Line) -> bool:
        return not zone.crossed_by(line) and not self.metrics.is_heading_style(line)

    def _add_zone(self, zone: Zone, last) -> None:
        rows = zone.rows(self.metrics)
        if isinstance(last, TableBlock) and last.zone.joins(zone):
            while rows and _lines_text(rows[0]) == _lines_text(last.rows[0]):
                rows.pop(0)  # the header row the producer repeats on a new page
            if rows and self._row_goes_on(last.rows[-1], rows[0]):
                _merge_rows(last.rows[-1], rows.pop(0), self.metrics)
            last.rows += rows
            return
        self.blocks.append(TableBlock(zone, rows))

    def _row_goes_on(self, above: list, below: list) -> bool:
        """A row broken by the page: a cell's text goes on, or a cell is empty at the top of the page
        where the row above has text (a row's cells all start on its first line; one that ended on the
        page before has nothing left for this one)."""
        if len(above) != len(below) or len(above) < 2:
            return False
        pairs = [(a[-1][-1], b[0][0]) for a, b in zip(above, below) if a and b]
        return any(_text_goes_on(a, b) for a, b in pairs) or any(a and not b for a, b in zip(above, below))

    def model(self, numbers: set[int]) -> list[Block]:
        built: list[Block] = []
        for block in self.blocks:
            if isinstance(block, TableBlock):
                built.append(_table(block.rows, self.metrics, numbers))
            else:
                built.append(_paragraph(block, self.metrics, numbers))
        return built


def _lines_text(row: list) -> tuple:
    """What a row says, its footnote references aside (a repeated header row repeats no reference)."""
    return tuple("".join(g.char for paragraph in cell for line in paragraph for fragment in line.fragments
                         for g in fragment.glyphs if not g.raised) for cell in row)


def _tentative(block) -> bool:
    """A table of one row at the foot of a page, until the next page shows it goes on."""
    return isinstance(block, TableBlock) and block.zone.side_by_side < 2 and len(block.rows) <= 1 + len(
        block.zone.spans)


def _text_goes_on(above: Line, below: Line) -> bool:
    """Text that cannot have ended: the next line starts in lower case, or this one ends with a comma, a
    hyphen or a word that never ends a sentence. (A cell's last line often ends without punctuation, a
    title or a label, and leaves no room for a long first word: neither tells that a cell goes on.)"""
    words = above.text.split()
    return below.text[:1].islower() or above.text.endswith((",", "-")) or \
        bool(words) and words[-1].lower() in NEVER_LAST_WORDS


def _paragraph_goes_on(above: Line, below: Line, metrics: Metrics) -> bool:
    """A cell's paragraph broken by the page: its text goes on, or its sentence is unfinished and the
    next word did not fit."""
    if _starts_anew(above, below, metrics):
        return False
    return _text_goes_on(above, below) or (not above.text.endswith(TERMINAL) and not _room(above, below))


def _merge_rows(above: list, below: list, metrics: Metrics) -> None:
    """A row broken by the page, whole again: a cell's paragraph broken too is joined again."""
    for cell_above, cell_below in zip(above, below):
        if cell_above and cell_below and _paragraph_goes_on(cell_above[-1][-1], cell_below[0][0], metrics):
            cell_above[-1] += cell_below.pop(0)
        cell_above += cell_below


def _table(rows: list, metrics: Metrics, numbers: set[int]) -> Table:
    """The model's table; a row that repeats the first one is the header row repeated on a new page."""
    table = Table()
    for row in rows:
        built = Row([Cell([_paragraph(p, metrics, numbers, in_table=True) for p in cell]) for cell in row])
        if table.rows and _row_text(built) == _row_text(table.rows[0]):
            continue
        table.rows.append(built)
    return table


def _row_text(row: Row) -> tuple:
    return tuple(" ".join(p.text for p in cell.paragraphs) for cell in row.cells)


def _paragraph(lines: list[Line], metrics: Metrics, numbers: set[int], in_table: bool = False) -> Paragraph:
    built = build_paragraph(pieces(lines, metrics, numbers))
    if not in_table and metrics.is_heading_style(lines[0]) and len(built.text) <= HEADING_MAX_CHARS \
            and not built.is_note and built.list_marker is None:
        built.is_heading = True
        built.heading_level = metrics.heading_level(lines[0])
    return built


# -- text --------------------------------------------------------------------------------------

UNHYPHEN = object()  # the joint that removes the hyphen ending the line above


def pieces(lines: list[Line], metrics: Metrics, numbers: set[int]) -> list:
    """The lines' text as the pieces ``normalise.paragraph`` reads: strings, footnote numbers and
    hyperlink marks."""
    stream: list = []
    for index, line in enumerate(lines):
        if index:
            joint = _joint(lines[index - 1], line, metrics)
            if joint is not UNHYPHEN:
                stream.append(joint)
            elif isinstance(stream[-1], str):
                stream[-1] = stream[-1][:-1]
            else:
                stream.pop()
        for number, fragment in enumerate(line.fragments):
            if number:
                stream.append(" ")
            if fragment.plain:
                stream.append(fragment.text)
                continue
            for previous, glyph in zip([None] + fragment.glyphs, fragment.glyphs):
                if _spaced(previous, glyph, fragment.size):
                    stream.append(" ")
                stream.append(glyph)
    return _as_pieces(stream, numbers)


def _as_pieces(stream: list, numbers: set[int]) -> list:
    result: list = []
    text: list[str] = []
    digits: list[str] = []
    link = None

    def flush_digits() -> None:
        if digits:
            number = int("".join(digits))
            result.extend(["".join(text), number] if number in numbers else ["".join(text) + "".join(digits)])
            text.clear()
            digits.clear()

    for item in stream:
        target = item.link if isinstance(item, Glyph) else link
        if target != link:
            flush_digits()
            result.append("".join(text))
            text.clear()
            result += ([LINK_END] if link else []) + ([LinkStart(target)] if target else [])
            link = target
        if isinstance(item, Glyph) and item.raised and item.char.isdigit():
            digits.append(item.char)
            continue
        flush_digits()
        chars = item if isinstance(item, str) else item.char
        text.append(BULLETS.get(chars[:1], chars[:1]) + chars[1:] if not text and not result else chars)
    flush_digits()
    result.append("".join(text))
    return [p for p in result + ([LINK_END] if link else []) if p != ""]


def _joint(above: Line, below: Line, metrics: Metrics):
    """What joins two lines of a paragraph: a space, nothing (inside a URL or after a hyphen), or
    ``UNHYPHEN`` where the hyphen splits a word."""
    before, after = above.text, below.text
    if _url_goes_on(above, below):
        return ""
    if before[-1:] in HYPHENS and before[-2:-1].isalnum() and after[:1].isalnum():
        if before.endswith("\u00ad"):
            return UNHYPHEN
        head = re.search(r"([^\W\d_]+)-$", before)
        tail = re.match(r"[^\W\d_]+", after)
        if head and tail and after[0].islower() and _splits_word(head.group(1), tail.group(0), metrics):
            return UNHYPHEN
        return ""
    return " "


def _splits_word(head: str, tail: str, metrics: Metrics) -> bool:
    """The document writes the word whole elsewhere, and never with this hyphen."""
    return bool(metrics.words[(head + tail).lower()]) and not metrics.words[f"{head}-{tail}".lower()]


def _url_goes_on(above: Line, below: Line) -> bool:
    """A URL broken by the end of a line: the line above ends in an address that ends no sentence and
    left no room for the next line's first word, and it broke where a line may break inside an address
    (after ``/``, ``-``, ``?`` …) or, an address too long for any line, where the line was full."""
    words = above.text.split()
    token = words[-1].lstrip(OPENERS) if words else ""
    if below.fragments[0].glyphs[0].after_space:  # the line broke at a space the producer drew
        return False
    if not looks_like_url(token) or token.endswith(tuple(URL_SENTENCE_END)) or _room(above, below):
        return False
    full = above.x1 >= above.right - FULL_LINE * above.size
    return token[-1] in URL_BREAKS or (len(words) == 1 and full)
