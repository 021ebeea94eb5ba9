"""First-line indents: a line set in from the lines above and below it opens a paragraph.

Where a producer indents each paragraph's first line instead of leaving a gap (LaTeX's default, a
word processor's first-line indent), a paragraph that ends with a full line leaves neither a gap nor
room for the next word: the indent alone shows where the next one starts. The shape is a line set in
by a paragraph's indent (an em to a few) between two lines that start at one edge; a hanging indent
(a list item's lines after its first) is the other way round, and a line set in alone at a page's
foot or a cell's end is left to the other tests.
"""

from __future__ import annotations

from pipeline.readers.pdf.lines import Line
from pipeline.readers.pdf.tolerances import Tolerances

MIN_INDENT = 1.0  # ems: a paragraph's first-line indent (LaTeX's 1.5); nearer, a glyph's side bearing or a hung bullet
MAX_INDENT = 4.0  # ems: farther in, a line is set otherwise (centred, a column)


def opens_indented(above: Line, line: Line, after: Line | None, tolerances: Tolerances) -> bool:
    """Is ``line`` set in by a paragraph's indent from ``above`` and ``after``, which start at one edge?"""
    if after is None or not above.style == line.style == after.style:
        return False
    slack = tolerances.margin * line.size
    inset = line.x0 - above.x0
    return abs(after.x0 - above.x0) <= slack and MIN_INDENT * line.size <= inset <= MAX_INDENT * line.size


def indented_openings(lines: list[Line], tolerances: Tolerances) -> set[int]:
    """The ids of the lines of a run of consecutive lines that open a paragraph by their indent."""
    return {
        id(line)
        for above, line, after in zip(lines, lines[1:], lines[2:])
        if opens_indented(above, line, after, tolerances)
    }
