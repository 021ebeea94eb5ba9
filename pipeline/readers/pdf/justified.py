"""Justified text that looks like a table: a line whose spaces justification stretched wider than a
gap between fragments (LibreOffice's justified text with French hyphenation) is a paragraph's line, not
a table's row. Used by ``tables``.
"""

from __future__ import annotations

from pipeline.readers.pdf.lines import Line, Metrics
from pipeline.readers.pdf.paragraphs import breaks
from pipeline.readers.pdf.tolerances import Tolerances


def spaced_by_justification(line: Line, tolerances: Tolerances) -> bool:
    """Are the line's fragments kept apart by one or two of its own spaces (all stretched alike by
    justification; two typed after a full stop), narrower than a gutter? A line with no space inside
    its fragments (a heading of few words) needs two gaps alike. (A table's gutter is seldom a whole
    number of its row's spaces to a twentieth of an em.)"""
    gaps = [b - a for a, b in line.gaps()]
    inside = sorted(
        b.left - a.right
        for fragment in line.fragments
        for a, b in zip(fragment.glyphs, fragment.glyphs[1:])
        if b.left - a.right > tolerances.word_gap * line.size
    )
    if not gaps or not inside and len(gaps) < 2 or max(gaps) > tolerances.justified_gap * line.size:
        return False
    space = inside[len(inside) // 2] if inside else min(gaps)
    slack = tolerances.same_gap * line.size
    return all(any(abs(gap - count * space) <= slack * count for count in (1, 2)) for gap in gaps)


def goes_on_justified(above, line: Line, metrics: Metrics) -> bool:
    """A line of the paragraph ``above`` ends (it crosses every gap of ``line``, and no paragraph
    starts at ``line``), spaced by justification: no table's row."""
    return (
        isinstance(above, Line)
        and all(above.x0 < start and above.x1 > end for start, end in line.gaps())
        and not breaks(above, line, metrics)
        and spaced_by_justification(line, metrics.tolerances)
    )
