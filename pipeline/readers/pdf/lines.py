"""Step 2, lines: a page's glyphs → fragments → lines, and what all the document's lines say about
its typography (``Metrics``).

Glyphs written one after another on one baseline, without a wide gap, are a *fragment*; a glyph
smaller than its neighbours and raised above their baseline is a superscript. Fragments on one
baseline are a *line*. Only positions, sizes and weights are used, never a word of one year's
report.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from pipeline.readers.pdf.glyphs import Glyph, Page
from pipeline.readers.pdf.tolerances import Tolerances

WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


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

    def takes(self, glyph: Glyph, tolerances: Tolerances) -> bool:
        """Does ``glyph`` go on this fragment: next to its last glyph, on its baseline or raised as a
        superscript?"""
        last, base = self.glyphs[-1], self.base
        if glyph.left < last.left or glyph.left - last.right > tolerances.wide_gap * max(base.size, glyph.size):
            return False
        small, large = (glyph, base) if glyph.size < base.size else (base, glyph)
        rise = small.bottom - large.bottom
        return (
            -tolerances.same_line * large.size <= rise <= tolerances.same_line * large.size
            or (small.size < tolerances.smaller * large.size and 0 < rise <= tolerances.highest * large.size)
            or superscript(small, large, tolerances)
        )

    def settle(self, tolerances: Tolerances) -> Fragment:
        """Once every glyph is in: which are superscripts, and the text."""
        base = self.base
        for glyph in self.glyphs:
            glyph.raised = superscript(glyph, base, tolerances)
            self.plain = self.plain and not glyph.raised and glyph.link is None
        self.text = _fragment_text(self, tolerances.word_gap)
        return self

    def add(self, glyph: Glyph) -> None:
        self.glyphs.append(glyph)
        if glyph.size > self.base.size:
            self.base = glyph

    def __repr__(self) -> str:
        return f"Fragment({self.text!r}, bottom={self.bottom:.1f}, x0={self.x0:.1f}, x1={self.x1:.1f})"


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

    @property
    def superscript_rise(self) -> float:
        """How far its superscripts rise above its baseline (0 without any)."""
        return max(
            (g.bottom - self.bottom for f in self.fragments if not f.plain for g in f.glyphs if g.raised), default=0
        )

    def gaps(self) -> list[list[float]]:
        """The x ranges between its fragments: where a table's gutters may be."""
        return [[a.x1, b.x0] for a, b in zip(self.fragments, self.fragments[1:])]

    def __repr__(self) -> str:
        return f"Line({self.text!r}, bottom={self.bottom:.1f}, x0={self.x0:.1f}, x1={self.x1:.1f})"


def page_lines(page: Page, tolerances: Tolerances = Tolerances()) -> list[Line]:
    """The page's lines, top first: ``lines(fragments(page.glyphs))``."""
    return lines(fragments(page.glyphs, tolerances), tolerances)


def fragments(glyphs: list[Glyph], tolerances: Tolerances = Tolerances()) -> list[Fragment]:
    """Glyphs in content order → fragments, their superscripts marked (``Glyph.raised``)."""
    found: list[Fragment] = []
    for glyph in glyphs:
        if found and found[-1].takes(glyph, tolerances):
            found[-1].add(glyph)
        else:
            found.append(Fragment([glyph]))
    for fragment in found:
        fragment.settle(tolerances)
    return found


def lines(parts: list[Fragment], tolerances: Tolerances = Tolerances()) -> list[Line]:
    """Fragments grouped by baseline, top of the page first."""
    rows: list[list[Fragment]] = []
    for fragment in sorted(parts, key=lambda f: -f.bottom):
        row = rows[-1] if rows else None
        if row and abs(row[0].bottom - fragment.bottom) <= tolerances.same_line * max(row[0].size, fragment.size):
            row.append(fragment)
        else:
            rows.append([fragment])
    return [Line(row) for row in rows]


def superscript(glyph: Glyph, text: Glyph, tolerances: Tolerances) -> bool:
    """Is ``glyph`` a superscript of the text ``text`` belongs to: smaller and raised above its baseline,
    no higher than a superscript rises? A glyph barely smaller (a browser's ``smaller`` may be the
    size keyword just below the text's size: 10.67 points in 11-point text) must rise further, past
    what one baseline allows, to be told from the text's own."""
    rise = glyph.bottom - text.bottom
    if not (glyph.size < text.size and rise <= tolerances.highest * text.size):
        return False
    least = tolerances.raised if glyph.size < tolerances.smaller * text.size else tolerances.same_line
    return rise > least * text.size


def spaced(previous: Glyph | None, glyph: Glyph, size: float, word_gap: float) -> bool:
    """Is there a space between two glyphs of a fragment of text of ``size``?"""
    return previous is not None and glyph.left - previous.right > word_gap * size


def _fragment_text(fragment: Fragment, word_gap: float) -> str:
    """The glyphs' characters, a space where two are ``spaced`` (written out: 200,000 glyphs a report)."""
    glyphs, widest = fragment.glyphs, word_gap * fragment.size
    chars, right = [glyphs[0].char], glyphs[0].right
    for glyph in glyphs[1:]:
        chars.append(" " + glyph.char if glyph.left - right > widest else glyph.char)
        right = glyph.right
    return "".join(chars)


class Metrics:
    """What the document's lines say about its typography: the body's size and weight, the line pitch
    of each size and the spacing of the body's paragraphs, the text's margins, and the words it writes
    (to tell a hyphen that splits one); and the tolerances the later steps judge distances by."""

    def __init__(self, every_line: list[Line], tolerances: Tolerances = Tolerances()):
        self.tolerances = tolerances
        sizes = Counter()
        for line in every_line:
            sizes[line.style] += len(line.text)
        self.body_size, self.body_bold = sizes.most_common(1)[0][0] if sizes else (10.0, False)
        self.pitches = _pitches(every_line)
        self.paragraph_spacing = _paragraph_spacing(
            every_line, (self.body_size, self.body_bold), self.pitch(self.body_size)
        )
        self.left = Counter(round(line.x0) for line in every_line).most_common(1)[0][0] if every_line else 0
        ends = sorted(line.x1 for line in every_line)
        self.right = ends[int(len(ends) * 0.98)] if ends else 0
        self.words = Counter(word for line in every_line for word in WORD.findall(line.text.lower()))
        self.spaces_drawn = _draws_spaces(every_line)
        headings = {line.style[0] for line in every_line if self.is_heading_style(line)}
        self.heading_sizes = sorted(headings, reverse=True)

    def pitch(self, size: float) -> float:
        """The distance between the baselines of two lines of ``size`` in a paragraph."""
        return self.pitches.get(round(size * 2) / 2, 1.2 * size)

    def is_heading_style(self, line: Line) -> bool:
        """A style larger or bolder than the body's."""
        return line.size > self.body_size + 0.5 or (line.bold and not self.body_bold)

    def heading_level(self, line: Line) -> int:
        """1 for the largest heading style, 2 for the next…"""
        return self.heading_sizes.index(line.style[0]) + 1 if line.style[0] in self.heading_sizes else 1


def _draws_spaces(every_line: list[Line]) -> bool:
    """Does the producer draw spaces between words? TeX (and a few others) only place words apart: then
    no glyph inside a line follows a drawn space, and every gap between words is where a line may break."""
    return any(glyph.after_space for line in every_line for fragment in line.fragments for glyph in fragment.glyphs[1:])


def _pitches(every_line: list[Line]) -> dict[float, float]:
    """The most common distance between the baselines of two lines of one size that follow each other."""
    distances: dict[float, Counter] = defaultdict(Counter)
    for above, below in zip(every_line, every_line[1:]):
        distance = above.bottom - below.bottom
        if above.style == below.style and 0.9 * above.size < distance < 2 * above.size:
            distances[above.style[0]][round(distance, 1)] += 1
    return {size: counts.most_common(1)[0][0] for size, counts in distances.items()}


def _paragraph_spacing(every_line: list[Line], body: tuple, pitch: float) -> float:
    """The most common distance between the baselines of two lines of the body that follow each other
    wider apart than the line pitch (a paragraph's last line and the next one's first), within three."""
    distances = Counter(
        round(above.bottom - below.bottom, 1)
        for above, below in zip(every_line, every_line[1:])
        if above.style == below.style == body and 1.1 * pitch < above.bottom - below.bottom < 3 * pitch
    )
    return distances.most_common(1)[0][0] if distances else 2 * pitch
