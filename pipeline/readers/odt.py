"""Reader for OpenDocument text: ``.odt`` (a zip) and flat ``.fodt`` (one XML file), on lxml.

lxml rather than odfpy: it is already installed (python-docx needs it), it parses with the
same safe settings as the Word reader's XML (no entities, DTDs or network), and a report's
``content.xml`` is read in a few hundredths of a second, where odfpy builds its own tree of
Python objects first.

* The package is checked as a Word file is (``pipeline.readers.package``); an encrypted
  document (``manifest:encryption-data``) or an OpenDocument file that is not text is refused.
* Headings are ``text:h``, their level ``text:outline-level``; a numbered heading gets its
  label back (``I. Secteur …``), whether a list (``text:list``) or the outline numbering
  draws it. A document with no ``text:h`` falls back on the layout rule of the text reader.
* Lists: labels computed from the list's style, as the Word reader computes Word's
  numbering: ``iv)`` gives the list marker ``iv``, bullets ``·``, ``12.`` the paragraph's
  ``numbering``. A list continues another with ``text:continue-list`` or
  ``text:continue-numbering``, else starts anew.
* Tables: rows (header rows from ``table:table-header-rows``), cells with every paragraph;
  covered cells, the places a spanned cell covers, are not cells.
* Footnotes: ``text:note`` of class footnote, numbered by its citation (the number the
  document shows), its body's paragraphs joined; endnotes are left out, as in Word files.
* Text as the document shows it: ``text:s`` spaces, ``text:tab``, ``text:line-break``;
  white space in the XML collapses as ODF says; tracked deletions (kept apart, in
  ``text:tracked-changes``), comments, frames and hidden text are left out; hyperlinks
  (``text:a``) keep their target.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from itertools import chain

from pipeline.document.model import Block, Cell, Footnote, Paragraph, Row, Table
from pipeline.document.normalise import LINK_END, LinkStart, footnote, numbered_paragraph
from pipeline.errors import ReportError
from pipeline.readers.base import Content, Parsed, Reader, check_paragraph_count, is_page_link
from pipeline.readers.odt_numbering import (
    LEVELS,
    NS,
    START_VALUE,
    ListPlace,
    Lists,
    Styles,
    advance,
    drawn_label,
    odf_number,
    q,
)
from pipeline.readers.package import odf_mimetype, open_package, parse_xml
from pipeline.readers.text import looks_like_heading

ODT_MIMETYPES = ("application/vnd.oasis.opendocument.text", "application/vnd.oasis.opendocument.text-template")
MAX_SPACES = 100  # text:s c="…": more spaces read as one all the same
ODF_PARAGRAPH = re.compile(rb"<text:[ph][\s/>]")  # a paragraph's or heading's start tag
XML_SPACE = re.compile(r"[ \t\n\r]+")  # white space in ODF text collapses to one space
# What zipfile raises on a member whose bytes are damaged: a wrong CRC, a cut or corrupt deflate
# stream, an unknown compression method, a member encrypted with a password (a RuntimeError).
DAMAGED_ZIP = (zipfile.BadZipFile, EOFError, zlib.error, NotImplementedError, RuntimeError)


P, H, LIST = q("text:p"), q("text:h"), q("text:list")
LIST_ITEM, LIST_HEADER = q("text:list-item"), q("text:list-header")
TABLE, ROW, CELL = q("table:table"), q("table:table-row"), q("table:table-cell")
ROW_GROUPS = {q("table:table-rows"), q("table:table-row-group")}
NOTE, NOTE_BODY, NOTE_CITATION = q("text:note"), q("text:note-body"), q("text:note-citation")
STYLE_NAME = q("text:style-name")
SKIPPED_BLOCKS = {
    q(t)
    for t in "text:tracked-changes office:forms table:table-columns table:table-column table:covered-table-cell "
    "text:soft-page-break office:annotation".split()
}
SKIPPED_INLINE = {
    q(t)
    for t in "office:annotation office:annotation-end text:note-citation text:number text:ruby-text "
    "text:hidden-text text:tracked-changes".split()
}


class OdtReader(Reader):
    """An OpenDocument zip: one whose ``mimetype`` member says so."""

    format = "odt"

    @classmethod
    def recognises(cls, content: Content) -> bool:
        return content.data.startswith(b"PK") and odf_mimetype(content.data) is not None

    def parse(self, content: Content) -> Parsed:
        try:
            return Parsed(*read_odt(content.data, content.name))
        except DAMAGED_ZIP as error:  # a member's bytes fail only when it is inflated, well after the directory
            if isinstance(error, RecursionError):  # a RuntimeError too, but no zip's
                raise
            raise ReportError(
                content.name, f"damaged .odt: a part cannot be unzipped ({type(error).__name__}: {error})"
            ) from None


class FlatOdtReader(Reader):
    """A flat OpenDocument file: XML whose root is ``office:document``."""

    format = "fodt"

    @classmethod
    def recognises(cls, content: Content) -> bool:
        return is_flat_odt(content.data)

    def parse(self, content: Content) -> Parsed:
        return Parsed(*read_fodt(content.data, content.name))


def read_odt(data: bytes, source: str) -> tuple[list[Block], list[Footnote]]:
    with open_package(data, source, ".odt") as archive:
        _check_mimetype(odf_mimetype(data), source)
        names = set(archive.namelist())
        if "META-INF/manifest.xml" in names:
            _check_not_encrypted(parse_xml(archive.read("META-INF/manifest.xml"), source, "the .odt manifest"), source)
        if "content.xml" not in names:
            raise ReportError(source, "not an OpenDocument text: the zip has no content.xml")
        markup = archive.read("content.xml", count_later=True)  # parse_xml counts its tags and text
        check_paragraph_count(len(ODF_PARAGRAPH.findall(markup)), source)
        content = parse_xml(markup, source, "the .odt content.xml")
        styles = None  # optional: a document may define no style of its own
        if "styles.xml" in names:
            styles = parse_xml(archive.read("styles.xml"), source, "the .odt styles.xml").find(q("office:styles"))
    return _Reader(content, [styles, content.find(q("office:automatic-styles"))], source).read()


def is_flat_odt(data: bytes) -> bool:
    """A flat OpenDocument file: XML whose root is ``office:document``."""
    head = data[:4096]
    return b"<office:document" in head and NS["office"].encode() in head


def read_fodt(data: bytes, source: str) -> tuple[list[Block], list[Footnote]]:
    root = parse_xml(data, source, "the flat OpenDocument file")
    if root.tag != q("office:document"):
        raise ReportError(source, "not a flat OpenDocument file: its root is not office:document")
    _check_mimetype(root.get(q("office:mimetype")), source)
    return _Reader(root, [root.find(q("office:styles")), root.find(q("office:automatic-styles"))], source).read()


def _check_mimetype(mimetype: str | None, source: str) -> None:
    if mimetype not in ODT_MIMETYPES:
        raise ReportError(source, f"not a text document: an OpenDocument file of type {mimetype or 'unknown'}")


def _check_not_encrypted(manifest, source: str) -> None:
    if manifest.find(f".//{q('manifest:encryption-data')}") is not None:
        raise ReportError(source, "the .odt is encrypted with a password: save it without one to read it")


class _Reader:
    def __init__(self, content, style_containers: list, source: str):
        body = content.find(f"{q('office:body')}/{q('office:text')}")
        if body is None:
            raise ReportError(source, "not an OpenDocument text: it has no office:text body")
        self.body = body
        self.styles = Styles(style_containers)
        self.lists = Lists(self.styles)
        self.outline = [0] * LEVELS
        self.notes: dict[int, object] = {}  # footnote number → its text:note-body
        self.by_outline = next(body.iter(H), None) is not None

    def read(self) -> tuple[list[Block], list[Footnote]]:
        blocks = [b for b in self._blocks(self.body, in_table=False) if isinstance(b, Table) or b.text]
        return blocks, self._footnotes()

    # -- blocks ------------------------------------------------------------------

    def _blocks(self, element, in_table: bool):
        for child in element:
            yield from self._block(child, in_table)

    def _block(self, element, in_table: bool):
        tag = element.tag
        if tag == P:
            yield self._paragraph(element, None, in_table)
        elif tag == H:
            yield self._paragraph(element, self._outline_label(element), in_table)
        elif tag == LIST:
            yield from self._list(element, None, in_table)
        elif tag == TABLE:
            yield self._table(element)
        elif _is_content(tag):
            yield from self._blocks(element, in_table)  # sections, indexes, change marks

    def _list(self, element, outer: ListPlace | None, in_table: bool):
        style = element.get(STYLE_NAME) or (outer.style if outer else None) or self._paragraph_list_style(element)
        place = ListPlace(
            self.lists.start(element, style) if outer is None else outer.key, style, outer.level + 1 if outer else 1
        )
        for item in element:
            if item.tag not in (LIST_ITEM, LIST_HEADER):
                continue
            numbered = item.tag == LIST_ITEM and len(item) > 0 and item[0].tag in (P, H)
            drawn = self.lists.label(place, item.get(START_VALUE)) if numbered else None
            for child in item:
                if child.tag in (P, H):
                    yield self._paragraph(child, drawn, in_table)
                    drawn = None  # the item's further paragraphs are not numbered
                elif child.tag == LIST:
                    yield from self._list(child, place, in_table)
                else:
                    yield from self._block(child, in_table)

    def _paragraph_list_style(self, element) -> str | None:
        first = next(element.iter(P, H), None)
        return self.styles.list_style_of(first.get(STYLE_NAME)) if first is not None else None

    def _outline_label(self, heading) -> str | None:
        if heading.get(q("text:is-list-header")) == "true":
            return None
        level = _outline_level(heading)
        levels = self.styles.outline
        restart = heading.get(START_VALUE) if heading.get(q("text:restart-numbering")) == "true" else None
        advance(self.outline, level, restart, levels)
        return drawn_label(levels, self.outline, level)

    def _paragraph(self, element, label: str | None, in_table: bool) -> Paragraph:
        is_h = element.tag == H
        heading = is_h and not in_table and self.by_outline
        paragraph = numbered_paragraph(self._pieces(element), label, heading)
        if in_table:
            return paragraph
        paragraph.is_heading = heading if self.by_outline else looks_like_heading(paragraph)
        paragraph.heading_level = _outline_level(element) if is_h else None
        return paragraph

    # -- tables ------------------------------------------------------------------

    def _table(self, element) -> Table:
        table = Table()
        for row, header in _rows(element, header=False):
            cells = [Cell(self._cell_paragraphs(cell)) for cell in row if cell.tag == CELL]
            table.rows.append(Row(cells=cells, header=header))
        return table

    def _cell_paragraphs(self, cell) -> list[Paragraph]:
        """Every paragraph of a cell with text, those of a table inside it included."""
        paragraphs = []
        for block in self._blocks(cell, in_table=True):
            paragraphs += [block] if isinstance(block, Paragraph) else [p for c in block.cells() for p in c.paragraphs]
        return [p for p in paragraphs if p.text]

    # -- text ----------------------------------------------------------------------

    def _pieces(self, element, in_note: bool = False):
        """Text, footnote numbers and hyperlink marks of a paragraph, in order; iterative, so that
        no nesting depth can exhaust the stack."""
        stack = [_inside(element)]
        while stack:
            item = next(stack[-1], None)
            if item is None:
                stack.pop()
            elif isinstance(item, str):
                yield XML_SPACE.sub(" ", item)
            elif isinstance(item, LinkStart):
                yield item
            elif item.tag == q("text:s"):
                yield " " * min(odf_number(item.get(q("text:c")), 1), MAX_SPACES)
            elif item.tag == q("text:tab"):
                yield "\t"
            elif item.tag == q("text:line-break"):
                yield "\n"
            elif item.tag == NOTE:
                number = None if in_note else self._note(item)
                if number is not None:
                    yield number
            elif item.tag == q("text:a") and is_page_link(item.get(q("xlink:href"))):
                yield LinkStart(item.get(q("xlink:href")).strip())
                stack.append(chain(_inside(item), [LINK_END]))
            elif self._shown(item):
                stack.append(_inside(item))

    def _shown(self, element) -> bool:
        tag = element.tag
        if not isinstance(tag, str) or tag in SKIPPED_INLINE or tag.startswith(f"{{{NS['draw']}}}"):
            return False  # comments, cached labels, frames and text boxes: not the paragraph's text
        return not (tag == q("text:span") and element.get(STYLE_NAME) in self.styles.hidden)

    def _note(self, note) -> int | None:
        """A footnote's number, its body kept for later; None for an endnote, or a note marked
        with a symbol (or a number no report reaches) rather than its number."""
        if note.get(q("text:note-class"), "footnote") != "footnote":
            return None
        citation = note.find(NOTE_CITATION)
        number = odf_number("".join(citation.itertext()).strip() if citation is not None else None, 0)
        if not number:
            return None
        body = note.find(NOTE_BODY)
        self.notes.setdefault(number, body if body is not None else note)
        return number

    def _footnotes(self) -> list[Footnote]:
        notes = []
        for number, body in sorted(self.notes.items()):
            lines = [
                [p for p in self._pieces(paragraph, in_note=True) if not isinstance(p, int)]
                for paragraph in body.iter(P, H)
            ]
            notes.append(footnote(number, lines))
        return notes


def _rows(element, header: bool):
    """(row, is a header row) of a table, through its row groups."""
    for child in element:
        if child.tag == ROW:
            yield child, header
        elif child.tag == q("table:table-header-rows"):
            yield from _rows(child, header=True)
        elif child.tag in ROW_GROUPS:
            yield from _rows(child, header)


def _inside(element):
    """An element's text and children in order, each child followed by the text after it."""
    if element.text:
        yield element.text
    for child in element:
        yield child
        if child.tail:
            yield child.tail


def _is_content(tag) -> bool:
    """Containers whose paragraphs are the document's: not declarations, index templates,
    tracked deletions, forms or frames."""
    if not isinstance(tag, str) or tag in SKIPPED_BLOCKS or tag.startswith(f"{{{NS['draw']}}}"):
        return False
    return not tag.endswith(("-decls", "-source"))


def _outline_level(heading) -> int:
    return min(odf_number(heading.get(q("text:outline-level")), 1), LEVELS)
