"""How close is close: the distances by which the PDF reader's steps judge glyphs, lines and rules.

Distances are in font sizes (em) of the text concerned, unless said to be in points or line
pitches. The defaults read the exports of Word and LibreOffice; a producer that sets type
otherwise may need others, given to the reader: ``PdfReader(Tolerances(paragraph_gap=1.5))``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Tolerances:
    wide_gap: float = 0.8  # wider than a space stretched by justification: a tab stop, a table's gutter
    word_gap: float = 0.15  # narrower than a space, wider than letter spacing and kerning
    justified_gap: float = 2.0  # the widest a justified line stretches its spaces (a heading of few words)
    same_gap: float = 0.05  # spaces this alike are one line's, stretched alike by justification
    same_line: float = 0.3  # baselines this close are one line (a glyph barely smaller must rise past it to be raised)
    smaller: float = 0.9  # a superscript is smaller than its line's text by this factor (a browser's sup: 0.83),
    raised: float = 0.1  # raised above the line's baseline by more than this,
    highest: float = 0.8  # and by no more than this (higher up, it is another line's)
    paragraph_gap: float = 1.35  # in line pitches: a wider gap between two lines separates paragraphs
    room_tolerance: float = 0.5  # points: how far past a line's column its next word may still reach
    room_slack: float = 0.7  # beside the word itself: two spaces after a full stop, as typists write, and a little more
    marker_slack: float = 0.35  # beside a list marker: the space before it (no full stop ends the line before)
    margin: float = 0.27  # a line that starts this close to a margin or a column's edge starts there
    min_gutter: float = 0.02  # the narrowest space between two columns of a table (a browser's: a fraction of a point)
    rule_thickness: float = 1.5  # points: thicker is a shape, not a rule
    full_line: float = 0.6  # a line ending this close to its column's edge was filled to the last glyph
