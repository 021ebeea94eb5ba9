"""Rows of a table set close: no space and no rule parts its rows, only the text does.

LaTeX's ``longtable`` (as pandoc writes it) rules the table above and below its header only, tops
its cells and sets the first lines of a row one line pitch under the last line of the row above:
the lines of all its columns lie on one grid of line pitches, and nothing but the text says where
a row starts. There, a row starts

- where every column starts a paragraph on one baseline, a paragraph's end read as at a page break
  (``paragraphs.paragraph_goes_on``: its sentence or its title ended, and the next word would have
  fitted);
- where the first column (the row's label, ``9.``) starts one and no other column's text goes on
  there (a title beside it may fill its line);

but not where every column goes on with the list above it in its cell (a bullet after a bullet
beside ``2.2`` after ``2.1``). A table with no rule across it, or where a space parts all its
columns at once (a cell's padding: a word processor's, a browser's), or whose columns' baselines
interleave (a browser places each cell's lines on their own) is left to the spaces.
"""

from __future__ import annotations

from collections.abc import Callable

from pipeline.readers.pdf.lines import Line, Metrics
from pipeline.readers.pdf.markers import same_kind_of_label
from pipeline.readers.pdf.paragraphs import paragraph_goes_on, text_goes_on


def close_set_starts(
    columns: list[list[Line]], ruled_across: bool, spaced_apart: Callable[[Line, Line], bool], metrics: Metrics
) -> list[float]:
    """The baselines where a column starts a paragraph right under the line above it, in a table ruled
    across (under its header) whose lines, all columns together, are set one line pitch apart;
    ``spaced_apart`` tells a gap between two lines that no rule explains."""
    if not ruled_across or not _one_pitch_apart(columns, spaced_apart, metrics):
        return []
    ended = [_paragraph_starts(column, metrics) for column in columns]
    starts = [y for column in ended for y in column] + _led_by_the_first_column(columns, ended[0], metrics)
    going_on = _lists_going_on(columns, metrics)
    tolerance = metrics.tolerances.same_line * metrics.body_size
    return [y for y in starts if not any(abs(y - other) <= tolerance for other in going_on)]


def _paragraph_starts(column: list[Line], metrics: Metrics) -> list[float]:
    return [line.bottom for above, line in zip(column, column[1:]) if not paragraph_goes_on(above, line, metrics)]


def _lists_going_on(columns: list[list[Line]], metrics: Metrics) -> list[float]:
    """The baselines where every column that starts a paragraph goes on with the list of the paragraph
    above (a bullet after a bullet, ``2.2`` after ``2.1``): items of one cell each, not a new row."""
    tolerance = metrics.tolerances.same_line * metrics.body_size
    starts: dict[float, list[bool]] = {}
    for column in columns:
        first = column[0] if column else None
        for above, line in zip(column, column[1:]):
            if paragraph_goes_on(above, line, metrics):
                continue
            y = next((y for y in starts if abs(y - line.bottom) <= tolerance), line.bottom)
            starts.setdefault(y, []).append(same_kind_of_label(first, line))
            first = line
    return [y for y, continuing in starts.items() if len(continuing) >= 2 and all(continuing)]


def _led_by_the_first_column(columns: list[list[Line]], first_starts: list[float], metrics: Metrics) -> list[float]:
    """Where the first column (the row's label) starts a paragraph, the others start one too unless their
    text goes on there: a line of theirs that left no room for the next word may still end its cell."""
    tolerance = metrics.tolerances.same_line * metrics.body_size
    led = []
    for y in first_starts:
        beside = [_line_at(column, y, tolerance) for column in columns[1:]]
        if all(found is None or not text_goes_on(*found) for found in beside):
            led += [found[1].bottom for found in beside if found is not None]
    return led


def _line_at(column: list[Line], bottom: float, tolerance: float) -> tuple[Line, Line] | None:
    """(the line above, the line) of a column's line on this baseline, if it has one under another."""
    for above, line in zip(column, column[1:]):
        if abs(line.bottom - bottom) <= tolerance:
            return above, line
    return None


def _one_pitch_apart(columns: list[list[Line]], spaced_apart: Callable[[Line, Line], bool], metrics: Metrics) -> bool:
    """Are the baselines of all the columns, merged, one line pitch apart, or farther across a rule? (A
    browser places each cell's lines on their own, between another column's; its padding parts rows.)"""
    every_line = sorted((line for column in columns for line in column), key=lambda line: -line.bottom)
    for above, below in zip(every_line, every_line[1:]):
        distance, tolerance = above.bottom - below.bottom, metrics.tolerances.same_line * above.size
        if spaced_apart(above, below) or tolerance < distance < metrics.pitch(above.size) - tolerance:
            return False
    return True
