"""Step 4, notes: a page's footnotes, below the footnote separator, and their bodies.

The separator is a short thin rule at the left margin, alone, with text below it. Each note opens
with its number (a fragment of digits before a tab, or raised digits); a note continued on the
next page goes on where the last one stopped.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from pipeline.readers.pdf.glyphs import Glyph, Path
from pipeline.readers.pdf.lines import Fragment, Line, Metrics
from pipeline.readers.pdf.paragraphs import paragraph_gap
from pipeline.readers.pdf.tolerances import Tolerances

SEPARATOR_WIDTH = (0.05, 0.6)  # shares of the text's width a footnote separator spans: shorter is a dot, longer a rule
TOUCHING = 2  # points: paths this close to a rule touch it
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
            and abs(p.left - metrics.left) <= 2 * tolerances.margin
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
    if abs(first.x0 - left) > tolerances.margin:
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
