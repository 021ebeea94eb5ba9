"""Text normalisation: the one place that defines what "clean text" means.

Clean text is the text as written with:

* footnote reference markers removed (their positions are kept as offsets);
* format noise removed by the readers (``[bookmark: …]`` in the text export);
* Unicode in NFC form;
* every space-like character (U+00A0 no-break space, U+202F narrow no-break
  space, U+2007 figure space, U+2009 thin space, tabs, line breaks) read as a
  plain space, and runs of spaces collapsed to one, with no space at either end;
* U+2011 non-breaking hyphen and U+2010 hyphen written as ``-``;
* U+00AD soft hyphen and U+200B zero-width space removed.

Typographic apostrophes (’) and quotes (“ ” « ») are kept as written.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Iterable, Union

from pipeline.model import Footnote, FootnoteRef, Paragraph

SPACES = "\u00a0\u202f\u2007\u2009\t\n\r\f\v "
HYPHENS = {"\u2011": "-", "\u2010": "-"}
REMOVED = {"\u00ad", "\u200b"}

# A list item's marker as written at the start of a paragraph: roman or
# latin letters followed by ")" (``iv)``, ``a)``), or a bullet character.
LIST_MARKER = re.compile(r"^(?:(?P<label>[ivxlc]{1,6}|[a-z])\)|(?P<bullet>[·•▪◦‣–-]))\s+")

Piece = Union[str, int]  # text, or the number of a footnote referenced there


def clean(text: str) -> str:
    """Clean a string that holds no footnote reference."""
    return assemble([text])[0]


def assemble(pieces: Iterable[Piece]) -> tuple[str, list[FootnoteRef]]:
    """Join text pieces and footnote references into clean text.

    Returns the clean text and, for each reference, the offset in that text
    where its marker stood.
    """
    out: list[str] = []
    refs: list[FootnoteRef] = []
    pending_space = False
    length = 0
    for piece in pieces:
        if isinstance(piece, int):
            refs.append(FootnoteRef(piece, length + (1 if pending_space and length else 0)))
            continue
        for ch in unicodedata.normalize("NFC", piece):
            if ch in REMOVED:
                continue
            if ch in SPACES:
                pending_space = True
                continue
            if pending_space and length:
                out.append(" ")
                length += 1
            pending_space = False
            out.append(HYPHENS.get(ch, ch))
            length += 1
    return "".join(out), [FootnoteRef(r.number, min(r.offset, length)) for r in refs]


def paragraph(pieces: Iterable[Piece]) -> Paragraph:
    """Text pieces and footnote numbers, as a reader found them, → a paragraph: clean text,
    text as written, references, and the list marker written at its start."""
    pieces = list(pieces)
    text, refs = assemble(pieces)
    source_text = "".join(p for p in pieces if isinstance(p, str)).strip()
    marker, text, source_text, refs = list_item(text, source_text, refs)
    return Paragraph(text=text, source_text=source_text, footnote_refs=refs, list_marker=marker)


def footnote(number: int, source_text: str) -> Footnote:
    """A footnote body as written (its paragraphs on separate lines) → a footnote."""
    source_text = source_text.strip()
    return Footnote(number, assemble([source_text])[0], source_text)


def list_item(text: str, source_text: str, refs: list[FootnoteRef]):
    """Take a list marker written at the start of a paragraph out of its text.

    Returns ``(marker, text, source_text, refs)``; the offsets of the references
    are moved to stay on the same words.
    """
    marker, rest = split_list_marker(text)
    if marker is None:
        return None, text, source_text, refs
    cut = len(text) - len(rest)
    source_rest = LIST_MARKER.sub("", source_text, count=1)
    return marker, rest, source_rest, [FootnoteRef(r.number, max(r.offset - cut, 0)) for r in refs]


def split_list_marker(text: str) -> tuple[str | None, str]:
    """``"iv) Base de données"`` → ``("iv", "Base de données")``."""
    match = LIST_MARKER.match(text)
    if not match:
        return None, text
    return match.group("label") or match.group("bullet"), text[match.end():]
