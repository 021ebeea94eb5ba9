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
from collections.abc import Iterable
from dataclasses import dataclass, replace

from pipeline.document.model import Footnote, FootnoteRef, Hyperlink, Paragraph, Table

SPACES = "\u00a0\u202f\u2007\u2009\t\n\r\f\v "
HYPHENS = {"\u2011": "-", "\u2010": "-"}
REMOVED = {"\u00ad", "\u200b"}
CLEAN = str.maketrans({**{c: " " for c in SPACES}, **HYPHENS, **{c: None for c in REMOVED}})

# A list item's marker as written at the start of a paragraph: roman or
# latin letters followed by ")" (``iv)``, ``a)``), or a bullet character.
LIST_MARKER = re.compile(r"^(?:(?P<label>[ivxlc]{1,6}|[a-z])\)|(?P<bullet>[·•▪◦‣–-]))\s+")


@dataclass(frozen=True)
class LinkStart:
    """Where a hyperlink to ``target`` begins in a reader's pieces; ``LINK_END`` closes it."""

    target: str


LINK_END = LinkStart("")

# text, the number of a footnote referenced there, or where a hyperlink opens or closes
Piece = str | int | LinkStart


def clean(text: str) -> str:
    """Clean a string that holds no footnote reference."""
    return assemble([text])[0]


def assemble(pieces: Iterable[Piece]) -> tuple[str, list[FootnoteRef]]:
    """Join text pieces and footnote references into clean text.

    Returns the clean text and, for each reference, the offset in that text
    where its marker stood.
    """
    text, refs, _ = assemble_with_links(pieces)
    return text, refs


def assemble_with_links(pieces: Iterable[Piece]) -> tuple[str, list[FootnoteRef], list[Hyperlink]]:
    """``assemble``, plus the hyperlinks as spans of the clean text."""
    out: list[str] = []
    refs: list[FootnoteRef] = []
    links: list[Hyperlink] = []
    opened: list[tuple[int, str]] = []
    pending_space = False
    length = 0
    for piece in pieces:
        if isinstance(piece, int):
            refs.append(FootnoteRef(piece, length + (1 if pending_space and length else 0)))
            continue
        if isinstance(piece, LinkStart):
            if piece.target:
                opened.append((length + (1 if pending_space and length else 0), piece.target))
            elif opened:
                start, target = opened.pop()
                if start < length:
                    links.append(Hyperlink(start, length, target))
            continue
        for i, word in enumerate(unicodedata.normalize("NFC", piece).translate(CLEAN).split(" ")):
            pending_space = pending_space or i > 0
            if word:
                if pending_space and length:
                    out.append(" ")
                    length += 1
                pending_space = False
                out.append(word)
                length += len(word)
    refs = [FootnoteRef(r.number, min(r.offset, length)) for r in refs]
    return "".join(out), refs, [h for h in links if h.start < length]


def paragraph(pieces: Iterable[Piece]) -> Paragraph:
    """Text pieces and footnote numbers, as a reader found them, → a paragraph: clean text,
    text as written, references, hyperlinks, and the list marker written at its start."""
    pieces = list(pieces)
    text, refs, links = assemble_with_links(pieces)
    source_text = "".join(p for p in pieces if isinstance(p, str)).strip()
    built = Paragraph(text=text, source_text=source_text, footnote_refs=refs, hyperlinks=links)
    return list_item(built)


BULLET = "·"  # the list marker of every bulleted item, whatever character the file draws


def numbered_paragraph(pieces: Iterable[Piece], label: str | None, heading: bool) -> Paragraph:
    """A paragraph before which automatic numbering draws ``label`` (Word's numbering, an
    OpenDocument list): a heading gets its label back as text (``I. Secteur …``); a label
    shaped like a list marker (``iv)``, a bullet) is the list marker; any other (``12.``)
    numbers the paragraph without being part of its text."""
    pieces = list(pieces)
    numbered = label is not None and label != BULLET
    if heading and numbered:
        if pieces and isinstance(pieces[0], str):
            pieces[0] = pieces[0].lstrip()
        pieces.insert(0, f"{label} ")
    built = paragraph(pieces)
    if heading or label is None:
        return built
    if built.list_marker is None and LIST_MARKER.match(f"{label} x"):
        built.list_marker = split_list_marker(f"{label} x")[0]
    elif numbered:
        built.numbering = label
    return built


def footnote(number: int, body: str | list[list[Piece]]) -> Footnote:
    """A footnote body as written — text with its paragraphs on separate lines, or the pieces of
    each paragraph — → a footnote; empty paragraphs are left out."""
    lines = [stripped(line) for line in ([[body]] if isinstance(body, str) else body)]
    pieces = [
        piece
        for index, line in enumerate(kept for kept in lines if text_of(kept))
        for piece in ([] if index == 0 else ["\n"]) + line
    ]
    text, _, links = assemble_with_links(pieces)
    return Footnote(number, text, text_of(pieces), links)


def text_of(pieces: list[Piece]) -> str:
    return "".join(p for p in pieces if isinstance(p, str))


def stripped(pieces: list[Piece]) -> list[Piece]:
    """Pieces without the spaces at either end of their text."""
    texts = [i for i, p in enumerate(pieces) if isinstance(p, str)]
    pieces = list(pieces)
    if texts:
        pieces[texts[0]] = pieces[texts[0]].lstrip()
        pieces[texts[-1]] = pieces[texts[-1]].rstrip()
    return pieces


def list_item(built: Paragraph) -> Paragraph:
    """Take a list marker written at the start of a paragraph out of its text; the offsets
    of the references and hyperlinks move to stay on the same words."""
    marker, rest = split_list_marker(built.text)
    if marker is None:
        return built
    cut = len(built.text) - len(rest)
    return replace(
        built,
        text=rest,
        source_text=LIST_MARKER.sub("", built.source_text, count=1),
        list_marker=marker,
        footnote_refs=[FootnoteRef(r.number, max(r.offset - cut, 0)) for r in built.footnote_refs],
        hyperlinks=[Hyperlink(max(h.start - cut, 0), h.end - cut, h.target) for h in built.hyperlinks if h.end > cut],
    )


def split_list_marker(text: str) -> tuple[str | None, str]:
    """``"iv) Base de données"`` → ``("iv", "Base de données")``."""
    match = LIST_MARKER.match(text)
    if not match:
        return None, text
    return match.group("label") or match.group("bullet"), text[match.end() :]


def join_continued_tables(blocks: list) -> list:
    """Tables that follow each other with nothing between them are one table, as the text export
    (which cannot tell them apart) reads them: a table continued after a page break, or split
    by whoever edited the file. The continuation's header rows that repeat the first table's
    (Word's ``tblHeader``, HTML's ``thead``) are dropped: Word draws them on every page, the
    document holds them once."""
    joined: list = []
    for block in blocks:
        previous = joined[-1] if joined else None
        if isinstance(block, Table) and isinstance(previous, Table):
            repeated = {r.cell_texts() for r in previous.rows[:1] + [r for r in previous.rows if r.header]}
            rows = list(block.rows)
            while rows and rows[0].header and rows[0].cell_texts() in repeated:
                rows.pop(0)
            joined[-1] = Table(rows=previous.rows + rows)
        else:
            joined.append(block)
    return joined
