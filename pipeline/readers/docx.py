"""Reader for Word ``.docx`` reports, on python-docx.

* The package is checked before it is opened: a valid zip, holding
  ``word/document.xml``, within the limits of ``pipeline.readers.package`` (the sizes are
  read from the zip's directory, before anything is decompressed, then counted as each member
  is inflated: python-docx gets the members so read, never the zip as it came).
* Body paragraphs and tables in document order; content controls are opened.
* A heading is a paragraph whose style (or a style it is based on) is a heading
  in any language (``Heading 2``, ``Titre 2``, ``Überschrift 2``, ``Title``) or has
  an outline level. A document with no heading at all falls back on the layout
  rule of the text reader.
* List items: a marker written in the text (``iv)``), or Word numbering whose label
  has that shape (``%1)`` in lower-roman → ``iv``; bullets → ``·``), drawn by
  ``pipeline.readers.docx_numbering``, which refuses numbers beyond any report's. Numbered body
  paragraphs (``1.``, ``2.``) stay paragraphs; a numbered heading gets its label
  back (``I. Secteur …``).
* Footnotes: ``w:footnoteReference`` in the runs, bodies from the footnotes part
  (separator and continuation notes skipped), several paragraphs joined. Footnotes
  are numbered as Word displays them: in order of reference, from ``w:numStart``.
* Text as Word shows it: ``w:noBreakHyphen`` is U+2011, ``w:softHyphen`` U+00AD, tabs
  and breaks are spaces; tracked insertions (``w:ins``, ``w:moveTo``) are in, tracked
  deletions (``w:del``, ``w:moveFrom``) and hidden text are out; content controls
  (``w:sdt``) are opened; a field (``w:fldSimple``, or ``w:fldChar`` begin … separate …
  end) gives its result, never its instruction.
* Hyperlinks keep their target: ``w:hyperlink`` through its relationship, or a
  ``HYPERLINK "…"`` field's instruction.
* Tables: ``w:tblHeader`` marks a header row (repeated after page breaks); a table
  continued in a second table is joined by ``pipeline.readers``.

XML parts python-docx does not parse are parsed here with external entities,
DTDs and network access all disabled.
"""

from __future__ import annotations

import io
import re

from pipeline.document.model import Block, Cell, Footnote, Paragraph, Row, Table
from pipeline.document.normalise import LINK_END, LinkStart, footnote, numbered_paragraph
from pipeline.errors import ReportError
from pipeline.readers.base import Content, Parsed, Reader, check_paragraph_count
from pipeline.readers.docx_numbering import MAX_LIST_START, MAX_OUTLINE_LEVEL, NOTE_IDS, Numbering, W, w, whole
from pipeline.readers.package import check_markup, odf_mimetype, open_package, parse_xml
from pipeline.readers.text import looks_like_heading

RT_FOOTNOTES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
HEADING_STYLE = re.compile(
    r"^(?:heading|titre|t[íi]tulo|titolo|[üu]berschrift|kop|rubrik|nag[łl][óo]wek|otsikko)\s*(?P<level>\d)$",
    re.IGNORECASE,
)
TITLE_STYLES = {"title", "titre", "título", "titulo", "titolo", "titel", "tytuł"}
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
SKIPPED = {
    f"{{{W}}}{t}"
    for t in (
        "delText",
        "del",
        "moveFrom",
        "footnoteRef",
        "endnoteRef",
        "rPr",
        "pPr",
        "commentReference",
        "fldData",
        "sdtPr",
        "sdtEndPr",
        "trPr",
        "tcPr",
        "tblPr",
        "tblGrid",
        "customXmlPr",
        "smartTagPr",
    )
}
WORD_PARAGRAPH = re.compile(rb"<w:p[\s/>]")  # a paragraph's start tag, not <w:pPr>
FIELD_LINK = re.compile(r'^\s*HYPERLINK\s+"(?P<target>[^"]+)"', re.IGNORECASE)


class DocxReader(Reader):
    """A zip that is not OpenDocument: Word's, or refused as no Word document."""

    format = "docx"

    @classmethod
    def recognises(cls, content: Content) -> bool:
        return content.data.startswith(b"PK") and odf_mimetype(content.data) is None

    def parse(self, content: Content) -> Parsed:
        return Parsed(*read_docx(content.data, content.name))


def read_docx(data: bytes, source: str) -> tuple[list[Block], list[Footnote]]:
    package = _checked_package(data, source)
    import docx  # python-docx; imported here so that text reports do not pay for it

    try:
        document = docx.Document(io.BytesIO(package))
    except Exception as error:  # noqa: BLE001  (python-docx raises many kinds on a broken package: all one error)
        raise ReportError(source, f"not a readable Word document ({type(error).__name__}: {error})") from None
    return _Reader(document, source).read()


def _checked_package(data: bytes, source: str) -> bytes:
    """The package for python-docx, each member inflated within the limits: python-docx would
    inflate a member whole whatever its size, so it gets them stored, read here."""
    with open_package(data, source, ".docx") as archive:
        if "word/document.xml" not in archive.namelist():
            if "mimetype" in archive.namelist():  # OpenDocument's, unread: say why if it is damaged or too long
                open_package(data, source, "zip").read("mimetype")
            raise ReportError(source, "not a Word document: the zip has no word/document.xml")
        body = archive.read("word/document.xml", count_later=True)
        check_paragraph_count(len(WORD_PARAGRAPH.findall(body)), source)
        check_markup(body, source, "word/document.xml in the .docx")
        return archive.stored_copy()


class _Reader:
    def __init__(self, document, source: str):
        self.document = document
        self.source = source
        self.body = document.element.body
        self.styles = _Styles(document, source)
        self.numbering = Numbering(document, source)
        self.numbers = self._footnote_numbers()
        self.targets = _link_targets(document.part)
        self.by_style = any(self._style_heading(p) for p in self.body.iter(w("p")))

    def read(self) -> tuple[list[Block], list[Footnote]]:
        blocks = []
        for element in _content(self.body):
            if element.tag == w("p"):
                paragraph = self._paragraph(element, in_table=False)
                if paragraph.text:
                    blocks.append(paragraph)
            elif element.tag == w("tbl"):
                blocks.append(self._table(element))
        return blocks, self._footnotes()

    # -- paragraphs ------------------------------------------------------------

    def _paragraph(self, element, in_table: bool) -> Paragraph:
        label = self.numbering.label(element, self.styles)
        level = self._style_heading(element)
        heading = not in_table and self.by_style and level > 0
        paragraph = numbered_paragraph(_pieces(element, self.numbers, self.targets), label, heading)
        if in_table:
            return paragraph
        paragraph.is_heading = heading if self.by_style else looks_like_heading(paragraph)
        paragraph.heading_level = level or None
        return paragraph

    def _style_heading(self, element) -> int:
        """Heading level from the paragraph's outline level or style; 0 for body text."""
        own = element.find(f"{w('pPr')}/{w('outlineLvl')}")
        if own is not None and own.get(w("val")) not in (None, "9"):
            return whole(own.get(w("val")), self.source, "w:outlineLvl", (0, MAX_OUTLINE_LEVEL)) + 1
        style_id = element.find(f"{w('pPr')}/{w('pStyle')}")
        return self.styles.heading_level(style_id.get(w("val")) if style_id is not None else None)

    # -- tables ------------------------------------------------------------------

    def _table(self, element) -> Table:
        table = Table()
        for tr in _content(element):
            if tr.tag != w("tr"):
                continue
            row = Row(header=_is_header_row(tr))
            for tc in _content(tr):
                if tc.tag != w("tc") or _continues_vertical_merge(tc):
                    continue
                paragraphs = [self._paragraph(p, in_table=True) for p in tc.iter(w("p"))]
                row.cells.append(Cell([p for p in paragraphs if p.text]))
            table.rows.append(row)
        return table

    # -- footnotes --------------------------------------------------------------

    def _footnote_numbers(self) -> dict[int, int]:
        """Footnote id → number displayed: order of first reference, from numStart."""
        start = _num_start(self.body, self.source) or _num_start(self.document.settings.element, self.source) or 1
        numbers: dict[int, int] = {}
        for ref in self.body.iter(w("footnoteReference")):
            note_id = whole(ref.get(w("id")), self.source, "a footnote reference's w:id", NOTE_IDS)
            if ref.get(w("customMarkFollows")) in ("1", "true", "on") or _deleted(ref):
                continue
            numbers.setdefault(note_id, start + len(numbers))
        return numbers

    def _footnotes(self) -> list[Footnote]:
        part = _related_part(self.document.part, RT_FOOTNOTES)
        if part is None:
            return []
        root = parse_xml(part.blob, self.source, "the .docx footnotes part")
        targets = _link_targets(part)
        footnotes = []
        for note in root.iter(w("footnote")):
            if note.get(w("type")) not in (None, "normal"):
                continue  # separator, continuationSeparator, continuationNotice
            note_id = whole(note.get(w("id")), self.source, "a footnote's w:id", NOTE_IDS)
            lines = [[p for p in _pieces(para, {}, targets) if not isinstance(p, int)] for para in note.iter(w("p"))]
            footnotes.append(footnote(self.numbers.get(note_id, note_id), lines))
        return sorted(footnotes, key=lambda f: f.number)


def _content(container):
    """Block-level children, with content controls and custom XML opened."""
    for child in container:
        if child.tag in (w("sdt"), w("customXml")):
            inner = child.find(w("sdtContent")) if child.tag == w("sdt") else child
            if inner is not None:
                yield from _content(inner)
        else:
            yield child


def _pieces(element, numbers: dict[int, int], targets: dict[str, str]):
    """Text, footnote numbers and hyperlink marks of a paragraph, in order, as Word shows it."""
    fields: list[_Field] = []  # open fields, innermost last
    for kind, node in _events(element, targets):
        if kind == "fldChar":
            mark = _field_char(node, fields)
            if mark is not None:
                yield mark
            continue
        if any(not f.in_result for f in fields):  # inside a field's instruction
            if kind == "instrText":
                fields[-1].instruction += node.text or ""
            continue
        if kind in ("link", "/link"):
            yield node
        elif kind == "t":
            yield node.text or ""
        elif kind in TEXT_OF:
            yield TEXT_OF[kind]
        elif kind == "footnoteReference":
            note_id = _note_id(node)
            if note_id in numbers:
                yield numbers[note_id]


TEXT_OF = {"tab": "\t", "br": "\n", "cr": "\n", "noBreakHyphen": "\u2011", "softHyphen": "\u00ad"}
LEAVES = {
    w(tag): tag
    for tag in ("t", "tab", "br", "cr", "noBreakHyphen", "softHyphen", "footnoteReference", "fldChar", "instrText")
}


class _Field:
    def __init__(self) -> None:
        self.instruction = ""
        self.in_result = False
        self.is_link = False


def _field_char(node, fields: list[_Field]) -> LinkStart | None:
    """Follow a complex field; a ``HYPERLINK`` field's result is a hyperlink: return its marks."""
    kind = node.get(w("fldCharType"))
    if kind == "begin":
        fields.append(_Field())
    elif kind == "separate" and fields and not fields[-1].in_result:
        field = fields[-1]
        field.in_result = True
        match = FIELD_LINK.match(field.instruction)
        field.is_link = bool(match) and all(f.in_result for f in fields)
        return LinkStart(match.group("target")) if field.is_link else None
    elif kind == "end" and fields:
        return LINK_END if fields.pop().is_link else None
    return None


def _events(element, targets: dict[str, str]):
    """The leaves of a paragraph in document order, as (kind, node); hyperlinks as ("link", LinkStart)
    … ("/link", LINK_END). Iterative, so that no nesting depth can exhaust the stack."""
    stack = [iter(element)]
    while stack:
        child = next(stack[-1], None)
        if child is None:
            stack.pop()
            continue
        if isinstance(child, _LinkClose):
            yield "/link", LINK_END
            continue
        tag = child.tag
        if tag in SKIPPED or not isinstance(tag, str):
            continue
        if tag == w("r") and child.find(f"{w('rPr')}/{w('vanish')}") is not None:
            continue
        if tag in LEAVES:
            yield LEAVES[tag], child
        elif tag == w("fldSimple"):
            yield from _simple_field(child, targets)
        elif tag == w("hyperlink") and targets.get(child.get(f"{{{R}}}id")):
            yield "link", LinkStart(targets[child.get(f"{{{R}}}id")])
            stack.append(iter([*child, _LinkClose()]))
        elif tag != w("p"):  # a nested paragraph (text box) is not this paragraph's text
            stack.append(iter(child))


class _LinkClose:
    """Where a ``w:hyperlink`` ends, among the children being walked."""


def _simple_field(field, targets: dict[str, str]):
    match = FIELD_LINK.match(field.get(w("instr")) or "")
    if match:
        yield "link", LinkStart(match.group("target"))
    yield from _events(field, targets)
    if match:
        yield "/link", LINK_END


def _link_targets(part) -> dict[str, str]:
    """Relationship id → URL of the part's external hyperlinks."""
    return {rid: rel.target_ref for rid, rel in part.rels.items() if rel.is_external and "hyperlink" in rel.reltype}


def _deleted(element) -> bool:
    return any(a.tag in (w("del"), w("moveFrom")) for a in element.iterancestors())


def _is_header_row(tr) -> bool:
    header = tr.find(f"{w('trPr')}/{w('tblHeader')}")
    return header is not None and header.get(w("val")) not in ("0", "false", "off")


def _continues_vertical_merge(tc) -> bool:
    merge = tc.find(f"{w('tcPr')}/{w('vMerge')}")
    return merge is not None and merge.get(w("val")) in (None, "continue")


def _num_start(element, source: str) -> int | None:
    found = element.find(f".//{w('footnotePr')}/{w('numStart')}")
    return whole(found.get(w("val")), source, "w:numStart", (0, MAX_LIST_START)) if found is not None else None


def _note_id(node) -> int | None:
    """A footnote reference's id; None for one that is no number (the body's were checked first)."""
    try:
        return int(node.get(w("id")))
    except (TypeError, ValueError):
        return None


def _related_part(part, relationship_type: str):
    for relationship in part.rels.values():
        if relationship.reltype == relationship_type and not relationship.is_external:
            return relationship.target_part
    return None


class _Styles:
    """Heading levels of paragraph styles, following ``basedOn``."""

    def __init__(self, document, source: str):
        self.elements = {style.get(w("styleId")): style for style in document.styles.element.iter(w("style"))}
        self.source = source

    def heading_level(self, style_id: str | None, depth: int = 0) -> int:
        style = self.elements.get(style_id)
        if style is None or depth > 10:
            return 0
        name = style.find(w("name"))
        name = name.get(w("val")) if name is not None else style_id
        match = HEADING_STYLE.match(name or "") or HEADING_STYLE.match(style_id or "")
        if match:
            return int(match.group("level"))
        if (name or "").lower() in TITLE_STYLES:
            return 1
        outline = style.find(f"{w('pPr')}/{w('outlineLvl')}")
        if outline is not None and outline.get(w("val")) not in (None, "9"):
            return whole(outline.get(w("val")), self.source, "a style's w:outlineLvl", (0, MAX_OUTLINE_LEVEL)) + 1
        based_on = style.find(w("basedOn"))
        return self.heading_level(based_on.get(w("val")), depth + 1) if based_on is not None else 0

    def numbering(self, style_id: str | None, depth: int = 0):
        style = self.elements.get(style_id)
        if style is None or depth > 10:
            return None
        num_pr = style.find(f"{w('pPr')}/{w('numPr')}")
        if num_pr is not None:
            return num_pr
        based_on = style.find(w("basedOn"))
        return self.numbering(based_on.get(w("val")), depth + 1) if based_on is not None else None
