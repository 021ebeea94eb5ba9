"""Between steps 2 and 3, edges: a link whose text the producer cut at the page's right edge.

A browser prints a line too long for the page (an address with nowhere to break: its hyphens are
non-breaking) up to the edge of the page's printable area and leaves the rest out of the PDF: no
glyph, hidden or clipped, holds it. The link annotation over what is left still opens the whole
address. A link is read as cut when its drawn text ends the line that reaches furthest right of all
the document's lines, in the middle of a word (a letter or digit on both sides of the cut), and is
the start of the address it opens (its scheme aside): the rest of the address is given back from the
annotation, and a warning names the page and the line, since what followed the link on that line
(a full stop) is lost. A link shown shorter than its address (``www.wipo.int`` for a page of the site)
ends at a ``/`` or a ``.``, never in a word, and is left as drawn.
"""

from __future__ import annotations

import re

from pipeline.readers.pdf.glyphs import Glyph
from pipeline.readers.pdf.lines import Line

SCHEME = re.compile(r"[a-z][a-z0-9+.-]*://", re.IGNORECASE)
DRAWN_AS = str.maketrans({"\u2011": "-", "\u00ad": None})  # how an address's characters are drawn
SHOWN = 40  # characters of the cut line the warning quotes


def restore_cut_links(pages: list[list[Line]]) -> list[str]:
    """Give each cut link (see the module's docstring) the rest of its address, as one glyph at the end
    of its line; a warning for each."""
    every = [(number, line) for number, page in enumerate(pages, start=1) for line in page]
    if not every:
        return []
    edge = max(line.x1 for _, line in every)
    warnings = []
    for index, (number, line) in enumerate(every):
        last = line.fragments[-1].glyphs[-1]
        if last.link is None or line.x1 < edge - last.size / 2 or _goes_on(every[index + 1 :], last.link):
            continue
        rest = _rest(last.link, _drawn_run([line for _, line in every[: index + 1]], last.link))
        if rest:
            warnings.append(
                f"text cut at the page's right edge on page {number}: “…{line.text[-SHOWN:]}” "
                "(the address is read whole from its link; what followed it on the line is lost)"
            )
            _append(line, Glyph(rest, last.right, last.right, last.bottom, last.size, last.bold, link=last.link))
    return warnings


def _goes_on(following: list, link: str) -> bool:
    """Does the next line start under ``link``: an address broken where the line was full, not cut?"""
    return bool(following) and following[0][1].fragments[0].glyphs[0].link == link


def _drawn_run(lines: list[Line], link: str) -> str:
    """The text drawn under ``link`` that ends the last of ``lines``, over the lines before it."""
    drawn = []
    for line in reversed(lines):
        glyphs = [g for fragment in line.fragments for g in fragment.glyphs]
        for glyph in reversed(glyphs):
            if glyph.link != link:
                return "".join(reversed(drawn)).translate(DRAWN_AS)
            drawn.append(glyph.char)
    return "".join(reversed(drawn)).translate(DRAWN_AS)


def _rest(address: str, drawn: str) -> str | None:
    """What of ``address`` comes after ``drawn``, where ``drawn`` is its start cut inside a word."""
    scheme = SCHEME.match(address)
    for start in (address, address[scheme.end() :] if scheme else address):
        rest = start[len(drawn) :]
        if drawn and rest and start.startswith(drawn) and drawn[-1].isalnum() and rest[0].isalnum():
            return rest
    return None


def _append(line: Line, glyph: Glyph) -> None:
    fragment = line.fragments[-1]
    fragment.glyphs.append(glyph)
    fragment.text += glyph.char
    line.text = " ".join(f.text for f in line.fragments)
