"""Reader for the plain-text export made from the Word report by an
Apache-POI-style extractor.

What that export looks like (the quirks this module exists for):

* a footnote reference is ``[footnoteRef:N]``; the body of footnote N follows
  at the end of the citing paragraph as ``[N:  <tab>text]``, several bodies in a
  row, and a body may run over several lines;
* ``[bookmark: _Hlk…]`` marks Word bookmarks and means nothing;
* a table cell starts on a tab-led line; further paragraphs of the same cell
  follow on lines that are not tab-led. Row boundaries are not kept by the
  export (blank lines appear both inside cells and between rows), so rows
  here are a best guess: cells on consecutive lines form a row.
* headings carry no markup: a heading is a short line that does not end like
  a sentence (see ``looks_like_heading``); a title broken over two lines
  continues on a line that starts in lower case.
"""

from __future__ import annotations

import re

from pipeline.document.model import Block, Cell, Footnote, FootnoteRef, Paragraph, Row, Table
from pipeline.document.normalise import footnote
from pipeline.document.normalise import paragraph as build_paragraph
from pipeline.errors import ReportError
from pipeline.readers.base import Content, Parsed, Reader, check_text_length

FOOTNOTE_REF = re.compile(r"\[footnoteRef:(\d+)\]")
FOOTNOTE_BODY_OPEN = re.compile(r"\[(\d+):")
BOOKMARK = re.compile(r"\[bookmark:[^\]\n]*\]")
BODY_LINE_END = tuple(".:;,!?…")  # punctuation a line of running text may end with; a heading's never does
HEADING_MAX_CHARS = 200


class TextReader(Reader):
    """Text: the text export, or any file no other reader recognised (it is last in
    ``pipeline.readers.READERS``); bytes that decode to no text are refused."""

    format = "text"

    @classmethod
    def recognises(cls, content: Content) -> bool:
        return True

    def parse(self, content: Content) -> Parsed:
        check_text_length(content.text, content.name, tags=False)
        return Parsed(*read_text(content.text.replace("\r\n", "\n").replace("\r", "\n"), content.name))


def read_text(text: str, source: str) -> tuple[list[Block], list[Footnote]]:
    body, footnotes = _split_footnote_bodies(text, source)
    body = BOOKMARK.sub("", body)
    return _LineParser().parse(body.split("\n")), footnotes


def looks_like_heading(paragraph: Paragraph) -> bool:
    text = paragraph.text
    return (
        0 < len(text) <= HEADING_MAX_CHARS
        and paragraph.list_marker is None
        and text[0].isupper()
        and not text.endswith(BODY_LINE_END)
        and not paragraph.is_note
    )


def _split_footnote_bodies(text: str, source: str) -> tuple[str, list[Footnote]]:
    """Cut every ``[N: …]`` body out of the text; return the rest and the bodies."""
    kept: list[str] = []
    footnotes: dict[int, Footnote] = {}
    position = 0
    for match in FOOTNOTE_BODY_OPEN.finditer(text):
        if match.start() < position:  # an opener inside a body already cut
            continue
        number = int(match.group(1))
        end = _closing_bracket(text, match.end())
        if end is None:
            line = text.count("\n", 0, match.start()) + 1
            raise ReportError(source, f"the body of footnote {number} (line {line}) is never closed by ']'")
        if number in footnotes:
            raise ReportError(source, f"footnote {number} has two bodies")
        raw = text[match.end() : end]
        footnotes[number] = footnote(number, raw)
        kept.append(text[position : match.start()])
        position = end + 1
    kept.append(text[position:])
    return "".join(kept), sorted(footnotes.values(), key=lambda f: f.number)


def _closing_bracket(text: str, start: int) -> int | None:
    depth = 1
    for index in range(start, len(text)):
        char = text[index]
        if char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
            if depth == 0:
                return index
    return None


def _paragraph(line: str, in_table: bool = False) -> Paragraph:
    pieces: list[str | int] = []
    position = 0
    for match in FOOTNOTE_REF.finditer(line):
        pieces += [line[position : match.start()], int(match.group(1))]
        position = match.end()
    pieces.append(line[position:])
    paragraph = build_paragraph(pieces)
    paragraph.is_heading = not in_table and looks_like_heading(paragraph)
    return paragraph


class _LineParser:
    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.table: Table | None = None
        self.cell: Cell | None = None  # the cell that untabbed lines continue
        self.row_open = False  # the previous line was a cell of the current row

    def parse(self, lines: list[str]) -> list[Block]:
        for line in lines:
            if not line.strip():
                self.row_open = False
            elif line.startswith("\t"):
                self._cells(line)
            else:
                self._line(line)
        return self.blocks

    def _cells(self, line: str) -> None:
        if self.table is None:
            self.table = Table()
            self.blocks.append(self.table)
        if not self.row_open or not self.table.rows:
            self.table.rows.append(Row())
        for segment in line.split("\t"):
            if segment.strip():
                self.cell = Cell([_paragraph(segment, in_table=True)])
                self.table.rows[-1].cells.append(self.cell)
        self.row_open = True

    def _line(self, line: str) -> None:
        paragraph = _paragraph(line)
        self.row_open = False
        if not paragraph.text:
            return
        if self.cell and not paragraph.is_heading and not paragraph.is_note:
            self.cell.paragraphs.append(paragraph)
            return
        self.table = self.cell = None
        previous = self.blocks[-1] if self.blocks else None
        if isinstance(previous, Paragraph) and previous.is_heading and _continues_title(paragraph):
            _join(previous, paragraph)
            return
        self.blocks.append(paragraph)


def _continues_title(paragraph: Paragraph) -> bool:
    text = paragraph.text
    return (
        paragraph.list_marker is None
        and text[0].islower()
        and len(text) <= HEADING_MAX_CHARS
        and not text.endswith(BODY_LINE_END)
    )


def _join(heading: Paragraph, continuation: Paragraph) -> None:
    shift = len(heading.text) + 1
    heading.footnote_refs += [FootnoteRef(r.number, r.offset + shift) for r in continuation.footnote_refs]
    heading.text = f"{heading.text} {continuation.text}"
    heading.source_text = f"{heading.source_text} {continuation.source_text}"
