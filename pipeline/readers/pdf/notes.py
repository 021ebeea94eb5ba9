"""Step 4, notes: a page's footnotes, below the footnote separator, and their bodies.

The separator is a short thin rule at the left margin, alone, with text below it. Each note opens
with its number (a fragment of digits before a tab, or raised digits); a note continued on the
next page goes on where the last one stopped.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from pipeline.readers.pdf.glyphs import Glyph, Path
from pipeline.readers.pdf.lines import Fragment, Line, Metrics, spaced
from pipeline.readers.pdf.paragraphs import paragraph_gap
from pipeline.readers.pdf.tolerances import Tolerances

SEPARATOR_WIDTH = (0.05, 0.6)  # shares of the text's width a footnote separator spans: shorter is a dot, longer a rule
TOUCHING = 2  # points: paths this close to a rule touch it
NOTE_INDENT = 1.5  # ems: a note's first line may be indented (TeX's paragraph indent)
SHORT = 50  # points: paths at most this tall are indexed by height (a rule, a cell's border); taller ones are few


def split_notes(page: list[Line], paths: list[Path], metrics: Metrics) -> tuple[list[Line], list[Line]]:
    """(body, notes): the notes are below the footnote separator, if the page has one."""
    separator = footnote_separator(page, paths, metrics)
    if separator is None:
        return page, []
    return [line for line in page if line.bottom > separator], [line for line in page if line.bottom < separator]


def footnote_separator(page: list[Line], paths: list[Path], metrics: Metrics) -> float | None:
    """The height of the lowest short thin rule starting at the left margin, alone, with text below it.
    The candidates are tried lowest first, so the first one alone is the answer."""
    tolerances = metrics.tolerances
    width = metrics.right - metrics.left
    shortest, longest = SEPARATOR_WIDTH
    lowest_text = min((line.bottom for line in page), default=None)
    candidates = sorted(
        (
            p
            for p in paths
            if p.top - p.bottom <= tolerances.rule_thickness
            and shortest * width <= p.right - p.left <= longest * width
            and abs(p.left - metrics.left) <= 2 * tolerances.margin * metrics.body_size
            and lowest_text is not None
            and lowest_text < p.bottom
        ),
        key=lambda p: p.bottom,
    )
    if not candidates:
        return None
    neighbours = Neighbours(paths)
    return next((p.bottom for p in candidates if neighbours.alone(p)), None)


class Neighbours:
    """The page's paths indexed by height, to tell whether a rule is alone (no other path touches it:
    not a border of a table cell) from the paths near it, not from every path of the page."""

    def __init__(self, paths: list[Path]):
        self.low = sorted((p for p in paths if p.top - p.bottom <= SHORT), key=lambda p: p.bottom)
        self.bottoms = [p.bottom for p in self.low]
        self.tall = [p for p in paths if not p.top - p.bottom <= SHORT]  # few: frames, a table's columns

    def alone(self, rule: Path) -> bool:
        # a short path that touches the rule starts at most SHORT + TOUCHING below its bottom
        start = bisect_left(self.bottoms, rule.bottom - TOUCHING - SHORT)
        end = bisect_right(self.bottoms, rule.top + TOUCHING)
        return not any(_touches(other, rule) for other in self.low[start:end]) and not any(
            _touches(other, rule) for other in self.tall
        )


def _touches(other: Path, rule: Path) -> bool:
    return (
        other is not rule
        and other.left <= rule.right + TOUCHING
        and other.right >= rule.left - TOUCHING
        and other.bottom <= rule.top + TOUCHING
        and other.top >= rule.bottom - TOUCHING
    )


def read_notes(areas: list[list[Line]], metrics: Metrics) -> list[tuple[int, list[list[Line]]]]:
    """(number, paragraphs of lines) of every note of the pages' note areas, in order; text before
    the first number is left out."""
    notes: list[tuple[int, list[list[Line]]]] = []
    for area in areas:
        left = min((line.x0 for line in area), default=0)
        previous = None
        for line in area:
            line.right = metrics.right
            label = _note_label(line, left, notes[-1][0] if notes else 0, metrics.tolerances)
            if label:
                notes.append((label[0], [[label[1]]]))
            elif notes and previous is not None and paragraph_gap(previous, line, metrics):
                notes[-1][1].append([line])
            elif notes:
                notes[-1][1][-1].append(line)
            previous = line
    return notes


def _note_label(line: Line, left: float, last: int, tolerances: Tolerances) -> tuple[int, Line] | None:
    """A note's number at the start of its first line, and the rest of that line."""
    first = line.fragments[0]
    if not -tolerances.margin * line.size <= first.x0 - left <= (tolerances.margin + NOTE_INDENT) * line.size:
        return None
    label = "".join(g.char for g in first.glyphs).rstrip(".)")
    if label.isdigit() and len(line.fragments) > 1:
        number, rest = int(label), Line(line.fragments[1:], line.right)
    else:
        raised = [g for g in _leading(first.glyphs, lambda g: g.raised and g.char.isdigit())]
        if not raised or len(raised) == len(first.glyphs):
            return None
        number = int("".join(g.char for g in raised))
        rest = Line([Fragment(first.glyphs[len(raised) :]).settle(tolerances)] + line.fragments[1:], line.right)
    return (number, rest) if number > last else None


def _leading(glyphs: list[Glyph], test):
    for glyph in glyphs:
        if not test(glyph):
            return
        yield glyph


# -- end notes: a numbered list that ends the document -------------------------------------------


def split_end_notes(pages: list[list[Line]], metrics: Metrics) -> tuple[list[list[Line]], list]:
    """(pages without their end notes, the end notes as ``read_notes`` gives them). End notes are what
    a browser's print of a web page makes of footnotes: a run of lines to the end of the document,
    each note opening with the next number (``12.``, ``12`` or raised ``12`` at the start of a line),
    at least ``MIN_END_NOTES`` of them, no note longer than ``MAX_NOTE_LINES`` lines, numbers that the
    body cites as raised digits."""
    flat = [(page, index) for page, lines in enumerate(pages) for index in range(len(lines))]
    starts = _end_note_starts([pages[page][index] for page, index in flat], metrics.tolerances)
    if len(starts) < MIN_END_NOTES:
        return pages, []
    first_page, first_index = flat[starts[0][0]]
    body = [
        lines if page < first_page else lines[:first_index] if page == first_page else []
        for page, lines in enumerate(pages)
    ]
    cited = _cited(body)
    if sum(number in cited for _, number in starts) < CITED_SHARE * len(starts):
        return pages, []  # a numbered list ends the document, not notes: the body does not cite its numbers
    notes_lines = [pages[page][index] for page, index in flat[starts[0][0] :]]
    return body, _end_notes(notes_lines, [position - starts[0][0] for position, _ in starts], starts, metrics)


MIN_END_NOTES = 3
CITED_SHARE = 0.8  # of the end notes' numbers that the body raises as references
MAX_NOTE_LINES = 15
BACK_LINKS = "↩↑⤴\ufe0e\ufe0f"  # the link back to the reference that ends a web page's note


def _end_note_starts(lines: list[Line], tolerances: Tolerances) -> list[tuple[int, int]]:
    """(position, number) of each note's first line, found from the end of the document backwards."""
    starts: list[tuple[int, int]] = []
    for position in range(len(lines) - 1, -1, -1):
        if starts and starts[-1][0] - position > MAX_NOTE_LINES:
            break
        number = _end_note_number(lines[position], tolerances)
        expected = starts[-1][1] - 1 if starts else None
        if number is not None and (expected is None or number == expected):
            if not starts or _aligned(lines[position], lines[starts[-1][0]], tolerances):
                starts.append((position, number))
        if not starts and len(lines) - position > MAX_NOTE_LINES:
            break
    return starts[::-1]


def _aligned(line: Line, other: Line, tolerances: Tolerances) -> bool:
    """Two notes' numbers aligned on their left (``9`` over ``10``) or on their right (a list's markers)."""
    label, other_label = _label_end(line), _label_end(other)
    margin = tolerances.margin * line.size
    return abs(line.x0 - other.x0) <= margin or abs(label - other_label) <= margin


def _label_end(line: Line) -> float:
    glyphs = line.fragments[0].glyphs
    digits, _ = _label(glyphs)
    return (digits[-1] if digits else glyphs[0]).right


def _label(glyphs: list[Glyph]) -> tuple[list[Glyph], list[Glyph]]:
    """(the digits a line's first fragment opens with, the glyphs after them and a ``.`` or ``)``)."""
    digits = list(_leading(glyphs, lambda g: g.char.isdigit()))
    rest = glyphs[len(digits) :]
    return digits, rest[1:] if rest and rest[0].char in ".)" else rest


def _cited(pages: list[list[Line]]) -> set[int]:
    """The numbers the pages' lines raise: footnote references."""
    numbers = set()
    for line in (line for page in pages for line in page):
        digits = ""
        for glyph in [g for fragment in line.fragments for g in fragment.glyphs] + [None]:
            if glyph is not None and glyph.raised and glyph.char.isdigit():
                digits += glyph.char
            elif digits:
                numbers.add(int(digits))
                digits = ""
    return numbers


def _end_note_number(line: Line, tolerances: Tolerances) -> int | None:
    digits, rest = _label(line.fragments[0].glyphs)
    if not digits or len(digits) > 4:
        return None
    gap = bool(rest) and (rest[0].after_space or spaced(digits[-1], rest[0], line.size, tolerances.word_gap))
    starts_text = not rest or gap or digits[0].raised or len(line.fragments) > 1
    return int("".join(g.char for g in digits)) if starts_text and (rest or len(line.fragments) > 1) else None


def _end_notes(lines: list[Line], starts: list[int], numbered: list[tuple[int, int]], metrics: Metrics) -> list:
    notes = []
    bounds = starts + [len(lines)]
    for (start, end), (_, number) in zip(zip(bounds, bounds[1:]), numbered):
        body = [line for line in [_without_label(lines[start], metrics.tolerances), *lines[start + 1 : end]] if line]
        body = [line for line in (_without_back_links(line, metrics.tolerances) for line in body) if line]
        paragraphs: list[list[Line]] = []
        for line in body:
            line.right = metrics.right
            if paragraphs and not paragraph_gap(paragraphs[-1][-1], line, metrics):
                paragraphs[-1].append(line)
            else:
                paragraphs.append([line])
        notes.append((number, paragraphs))
    return notes


def _without_label(line: Line, tolerances: Tolerances) -> Line | None:
    _, rest = _label(line.fragments[0].glyphs)
    first = [Fragment(rest).settle(tolerances)] if rest else []
    return Line(first + line.fragments[1:], line.right) if first or len(line.fragments) > 1 else None


def _without_back_links(line: Line, tolerances: Tolerances) -> Line | None:
    fragments = list(line.fragments)
    while fragments:
        kept = list(fragments[-1].glyphs)
        while kept and kept[-1].char in BACK_LINKS:
            kept.pop()
        if len(kept) == len(fragments[-1].glyphs):
            break
        fragments[-1:] = [Fragment(kept).settle(tolerances)] if kept else []
    return Line(fragments, line.right) if fragments else None
