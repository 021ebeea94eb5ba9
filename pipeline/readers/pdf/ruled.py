"""A table's horizontal rules: those a table draws cell by cell, joined (``joined_rules``); and a head
cell set like a heading (a browser's ``th``: bold, centred over the table), told from a heading above
the table by the table's rules around it (``head_cell``). Used by ``tables``."""

from __future__ import annotations

from collections.abc import Callable

from pipeline.readers.pdf.glyphs import Path
from pipeline.readers.pdf.lines import Line, Metrics


def head_cell(paragraph: list[Line], first: Line, ruled: Callable[[float, float], bool], metrics: Metrics) -> bool:
    """Lines at the body's size inside the table's rules, above its ``first`` line: a rule across
    its columns just above the first line (within a line pitch of its baseline: a cell's border,
    where a heading stands a paragraph's spacing below the text or rule above it) and one between
    the last line and the table's first; ``ruled(above, below)``: is there a rule across the table
    between these two heights? A heading above a table is set larger, or outside its rules."""
    top, bottom = paragraph[0], paragraph[-1]
    return (
        all(line.size <= metrics.body_size + 0.5 for line in paragraph)
        and ruled(top.bottom + metrics.pitch(top.size), top.bottom)
        and ruled(bottom.bottom, first.bottom + first.size)
    )


def joined_rules(rules: list[Path]) -> list[Path]:
    """Horizontal rules that meet end to end, as one (a table draws each cell's border apart)."""
    joined: list[Path] = []
    for rule in sorted(rules, key=lambda r: (round(r.bottom), r.left)):
        last = joined[-1] if joined else None
        if last and abs(last.bottom - rule.bottom) <= 1 and rule.left <= last.right + 1:
            joined[-1] = Path(
                last.left, min(last.bottom, rule.bottom), max(last.right, rule.right), max(last.top, rule.top)
            )
        else:
            joined.append(rule)
    return joined
