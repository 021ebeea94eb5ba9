"""Test fixtures made by code: a document model rendered as a Word file and as HTML, in the
layouts real files have (``Layout``).

The renderings follow the structures other tools produce, so that reading them back
tests the readers, not this module: heading styles, a real footnotes part whose ids
are not the numbers displayed (Word numbers notes by order of reference, from
``numStart``), non-breaking hyphens as ``w:noBreakHyphen``, multi-paragraph footnotes
and cells, URLs as hyperlinks with their targets, annex tables with one row per header
pair and per text/results pair; in HTML, ``h1``/``h2``, ``ol type="i"`` lists, and the
footnote markup of each producer (``NOTE_STYLES``), plus a script and a style to ignore.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm
from lxml import etree

from pipeline.document.model import Cell, Document, Paragraph, Table
from pipeline.document.normalise import assemble
from pipeline.extractors.links import find_links
from pipeline.extractors.shapes import LIST_HEADING, RECOMMENDATION_HEADER
from pipeline.extractors.structure import SECTOR_HEADING

FOOTNOTE_ID_SHIFT = 7  # ids in the footnotes part differ from the numbers displayed
ANNEX_I_SPLIT_AT = 23  # the second table of a split Annex I starts with this recommendation
NOTE_STYLES = ("pandoc", "word", "libreoffice", "google_docs", "mammoth")


@dataclass(frozen=True)
class Layout:
    """Choices that differ between real files of the same report."""

    annex_ii: str = "one_table"  # one_table, table_per_list, headings_before_tables, numbered_paragraphs
    annex_i_tables: int = 1  # 2: split before recommendation 23, the header row repeated (tblHeader / thead)
    sector_numerals: str = "typed"  # typed, or word_numbering: drawn by Word's numbering / an <ol type="I">
    notes: str = "pandoc"  # the HTML footnote markup, one of NOTE_STYLES
    word_features: bool = False  # a tracked deletion and insertion, content controls, HYPERLINK fields
    # Word's page: python-docx's template (US Letter, 3.2 cm side margins), or A4 with narrower margins
    # and a running header (the document symbol, then "page N") on every page but the first, as WIPO's
    page: str = "template"  # template, a4_running_header
    table_borders: bool = False  # every cell ruled (the table's borders; its paragraphs keep their spacing)
    justified_french: bool = False  # every paragraph justified, in French, hyphenated automatically


# -- the layout of the blocks ------------------------------------------------------------


@dataclass
class TablePart:
    rows: list[list[Cell]]
    header: bool = False  # the first row is a header row, repeated on every page


@dataclass
class HeadingPart:
    paragraph: Paragraph


@dataclass
class ItemsPart:
    titles: list[Paragraph]  # numbered by automatic numbering, from 1


def parts(document: Document, layout: Layout) -> list:
    """The document's blocks as the layout lays them out: paragraphs as they are, tables as parts."""
    laid_out = []
    for block in document.blocks:
        if not isinstance(block, Table):
            laid_out.append(block)
        elif any(RECOMMENDATION_HEADER.match(c.paragraphs[0].text) for c in block.cells()):
            laid_out += _annex_i(table_rows(block), layout)
        elif any(LIST_HEADING.match(c.paragraphs[0].text) for c in block.cells()):
            laid_out += _annex_ii(table_rows(block), layout)
        else:
            laid_out.append(TablePart(table_rows(block)))
    return laid_out


def table_rows(table: Table) -> list[list[Cell]]:
    """Rows as a person would lay out the annexes: a lone group heading, else pairs of cells."""
    rows, pending = [], []
    for cell in table.cells():
        text = " ".join(p.text for p in cell.paragraphs)
        if not pending and re.search(r"\(\d+\)$", text) and len(cell.paragraphs) == 1:
            rows.append([cell])
            continue
        pending.append(cell)
        if len(pending) == 2:
            rows.append(pending)
            pending = []
    return rows + ([pending] if pending else [])


def _annex_i(rows: list[list[Cell]], layout: Layout) -> list:
    if layout.annex_i_tables == 1:
        return [TablePart(rows)]
    split = next(
        i
        for i, row in enumerate(rows)
        if RECOMMENDATION_HEADER.match(row[0].paragraphs[0].text)
        and int(RECOMMENDATION_HEADER.match(row[0].paragraphs[0].text).group("number")) == ANNEX_I_SPLIT_AT
    )
    repeated = [Cell([Paragraph(p.text, p.source_text) for p in cell.paragraphs]) for cell in rows[0]]
    return [TablePart(rows[:split], header=True), TablePart([repeated] + rows[split:], header=True)]


def _annex_ii(rows: list[list[Cell]], layout: Layout) -> list:
    if layout.annex_ii == "one_table":
        return [TablePart(rows)]
    lists: list[list[list[Cell]]] = []
    for row in rows:
        if len(row) == 1:
            lists.append([row])
        else:
            lists[-1].append(row)
    laid_out = []
    for heading, *items in lists:
        if layout.annex_ii == "table_per_list":
            laid_out.append(TablePart([heading, *items]))
        elif layout.annex_ii == "headings_before_tables":
            laid_out += [HeadingPart(heading[0].paragraphs[0]), TablePart(items)]
        else:
            laid_out += [HeadingPart(heading[0].paragraphs[0]), ItemsPart([title.paragraphs[0] for _, title in items])]
    return laid_out


# -- pieces of text ----------------------------------------------------------------------


@dataclass(frozen=True)
class LinkMark:
    target: str | None  # None closes the link


def source_pieces(paragraph: Paragraph, with_marker: bool = True) -> list:
    """The paragraph as written, with each footnote number where its reference stood, each URL
    inside a ``LinkMark`` pair, and its list marker written out in front (``iv) ``, ``· ``)."""
    source = paragraph.source_text
    positions = [(_source_position(source, r.offset), r.number) for r in paragraph.footnote_refs]
    pieces, cursor = [], 0
    for position, number in positions:
        pieces += [*with_links(source[cursor:position]), number]
        cursor = position
    pieces += with_links(source[cursor:])
    if with_marker and paragraph.list_marker:
        marker = paragraph.list_marker
        pieces.insert(0, f"{marker} " if marker == "·" else f"{marker}) ")
    return pieces


def with_links(text: str) -> list:
    """``text`` with every URL it writes between ``LinkMark(target)`` and ``LinkMark(None)``."""
    pieces, cursor = [], 0
    for link in find_links(text):
        start = text.find(link.url_raw, cursor)
        if start < 0:
            continue
        pieces += [text[cursor:start], LinkMark(link.url), link.url_raw, LinkMark(None)]
        cursor = start + len(link.url_raw)
    return [p for p in pieces + [text[cursor:]] if p != ""]


def _source_position(source: str, clean_offset: int) -> int:
    low, high = 0, len(source)
    while low < high:
        middle = (low + high) // 2
        if len(assemble([source[:middle]])[0]) >= clean_offset:
            high = middle
        else:
            low = middle + 1
    return low


def _without_numeral(pieces: list) -> list:
    """A sector heading's pieces without its typed ``I. ``: Word's numbering draws it."""
    first = pieces[0]
    return [SECTOR_HEADING.sub(r"\g<title>", first, count=1), *pieces[1:]] if isinstance(first, str) else pieces


# -- Word -------------------------------------------------------------------------


def to_docx(document: Document, path, layout: Layout = Layout()) -> None:
    word = docx.Document()
    writer = _WordWriter(word, layout)
    previous = None
    for part in parts(document, layout):
        if isinstance(part, TablePart) and isinstance(previous, TablePart):
            word.add_paragraph()  # Word keeps two tables apart with an empty paragraph
        writer.write(part)
        previous = part
    if layout.word_features:
        _add_word_features(word)
    if layout.page == "a4_running_header":
        _a4_with_running_header(word.sections[0])
    if layout.justified_french:
        _justified_french_hyphenated(word)
    _set_footnote_start(word, min((f.number for f in document.footnotes), default=1))
    _add_footnotes(word, document, writer)
    word.save(path)


class _WordWriter:
    def __init__(self, word, layout: Layout):
        self.word = word
        self.layout = layout
        self.numbering = _WordNumbering(word)
        self.sector_numbering = self.numbering.new("upperRoman", "%1.") if layout.sector_numerals != "typed" else None
        self.links = 0

    def write(self, part) -> None:
        if isinstance(part, TablePart):
            self._table(part)
        elif isinstance(part, HeadingPart):
            self.runs(self.word.add_paragraph(style="Heading 3"), source_pieces(part.paragraph))
        elif isinstance(part, ItemsPart):
            number = self.numbering.new("decimal", "%1.")
            for title in part.titles:
                paragraph = self.word.add_paragraph()
                _number(paragraph, number)
                self.runs(paragraph, source_pieces(title))
        elif part.is_heading and SECTOR_HEADING.match(part.text) and self.sector_numbering:
            paragraph = self.word.add_paragraph(style="Heading 1")
            _number(paragraph, self.sector_numbering)
            self.runs(paragraph, _without_numeral(source_pieces(part)))
        else:
            style = ("Heading 1" if SECTOR_HEADING.match(part.text) else "Heading 2") if part.is_heading else None
            self.runs(self.word.add_paragraph(style=style), source_pieces(part))

    def _table(self, part: TablePart) -> None:
        grid = self.word.add_table(rows=len(part.rows), cols=2)
        if self.layout.table_borders:
            _rule_every_cell(grid)
        for index, (row, cells) in enumerate(zip(grid.rows, part.rows)):
            if part.header and index == 0:
                row._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
            targets = [row.cells[0].merge(row.cells[1])] if len(cells) == 1 else row.cells
            for target, cell in zip(targets, cells):
                for number, paragraph in enumerate(cell.paragraphs):
                    docx_paragraph = target.paragraphs[0] if number == 0 else target.add_paragraph()
                    self.runs(docx_paragraph, source_pieces(paragraph))

    def runs(self, docx_paragraph, pieces: list, part=None) -> None:
        _docx_runs(docx_paragraph._p, pieces, part or self.word.part, self)

    def next_link_style(self) -> str:
        """With Word's features on, links are written three ways in turn, as real files mix them."""
        self.links += 1
        return ("hyperlink", "field", "simple_field")[self.links % 3] if self.layout.word_features else "hyperlink"


def _docx_runs(parent, pieces: list, part, writer) -> None:
    container, field = parent, None
    for piece in pieces:
        if isinstance(piece, int):
            run = OxmlElement("w:r")
            properties = OxmlElement("w:rPr")
            align = OxmlElement("w:vertAlign")
            align.set(qn("w:val"), "superscript")
            properties.append(align)
            run.append(properties)
            reference = OxmlElement("w:footnoteReference")
            reference.set(qn("w:id"), str(piece + FOOTNOTE_ID_SHIFT))
            run.append(reference)
            container.append(run)
        elif isinstance(piece, LinkMark) and piece.target:
            field = writer.next_link_style()
            container = _open_link(parent, part, piece.target, field)
        elif isinstance(piece, LinkMark):
            if field == "field":
                parent.append(_field_char("end"))
            container, field = parent, None
        else:
            _docx_text(container, piece)


def _open_link(parent, part, target: str, style: str):
    """Where a link's text goes: a ``w:hyperlink``, a ``w:fldSimple``, or the paragraph after a
    complex field's instruction."""
    if style == "hyperlink":
        element = OxmlElement("w:hyperlink")
        element.set(qn("r:id"), part.relate_to(target, RT.HYPERLINK, is_external=True))
        parent.append(element)
        return element
    if style == "simple_field":
        element = OxmlElement("w:fldSimple")
        element.set(qn("w:instr"), f' HYPERLINK "{target}" ')
        parent.append(element)
        return element
    parent.append(_field_char("begin"))
    instruction = OxmlElement("w:r")
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f' HYPERLINK "{target}" \\o "Lien" '
    instruction.append(text)
    parent.append(instruction)
    parent.append(_field_char("separate"))
    return parent


def _field_char(kind: str):
    run = OxmlElement("w:r")
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    run.append(char)
    return run


def _docx_text(parent, text: str) -> None:
    for index, part in enumerate(text.split("\u2011")):
        if index:
            run = OxmlElement("w:r")
            run.append(OxmlElement("w:noBreakHyphen"))
            parent.append(run)
        if part:
            run = OxmlElement("w:r")
            t = OxmlElement("w:t")
            t.set(qn("xml:space"), "preserve")
            t.text = part
            run.append(t)
            parent.append(run)


class _WordNumbering:
    """Numbering definitions added to the document's numbering part: one ``w:num`` per list, so
    that each list counts from 1."""

    def __init__(self, word):
        self.root = word.part.numbering_part.element
        self.count = 0

    def new(self, number_format: str, text: str) -> str:
        self.count += 1
        abstract_id, num_id = str(900 + self.count), str(900 + self.count)
        self.root.insert(
            0,
            etree.fromstring(
                f'<w:abstractNum xmlns:w="{_W}" w:abstractNumId="{abstract_id}"><w:multiLevelType w:val="singleLevel"/>'
                f'<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="{number_format}"/><w:lvlText w:val="{text}"/>'
                f"</w:lvl></w:abstractNum>"
            ),
        )
        self.root.append(
            etree.fromstring(
                f'<w:num xmlns:w="{_W}" w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/></w:num>'
            )
        )
        return num_id


_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _number(paragraph, num_id: str) -> None:
    properties = paragraph._p.get_or_add_pPr()
    numbering = etree.fromstring(f'<w:numPr xmlns:w="{_W}"><w:ilvl w:val="0"/><w:numId w:val="{num_id}"/></w:numPr>')
    properties.append(numbering)


def _add_word_features(word) -> None:
    """What real files carry and Word shows plainly: a tracked deletion (not in the document), a
    tracked insertion (in it), and content controls around a paragraph and around a run."""
    body = word.element.body
    paragraphs = [p for p in body.iter(qn("w:p")) if p.find(qn("w:pPr")) is None and p.find(qn("w:r")) is not None]
    inserted, controlled = paragraphs[3], paragraphs[4]
    deletion = etree.fromstring(
        f'<w:del xmlns:w="{_W}" w:id="901" w:author="Relecteur" w:date="2024-01-01T00:00:00Z">'
        f'<w:r><w:delText xml:space="preserve">Phrase supprimée. </w:delText></w:r></w:del>'
    )
    inserted.insert(0, deletion)
    insertion = etree.fromstring(
        f'<w:ins xmlns:w="{_W}" w:id="902" w:author="Relecteur" w:date="2024-01-01T00:00:00Z"/>'
    )
    for run in [r for r in inserted if r.tag == qn("w:r")]:
        insertion.append(run)
    inserted.insert(1, insertion)
    control = etree.fromstring(
        f'<w:sdt xmlns:w="{_W}"><w:sdtPr><w:alias w:val="Paragraphe"/>'
        f'<w:placeholder><w:docPart w:val="Texte"/></w:placeholder></w:sdtPr>'
        f"<w:sdtContent/></w:sdt>"
    )
    controlled.addprevious(control)
    control.find(qn("w:sdtContent")).append(controlled)
    runs = [r for r in controlled.iter(qn("w:r")) if r.find(qn("w:t")) is not None]
    inline = etree.fromstring(f'<w:sdt xmlns:w="{_W}"><w:sdtPr><w:alias w:val="Mot"/></w:sdtPr><w:sdtContent/></w:sdt>')
    runs[0].addprevious(inline)
    inline.find(qn("w:sdtContent")).append(runs[0])


def _rule_every_cell(table) -> None:
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        border = OxmlElement(f"w:{side}")
        for name, value in (("val", "single"), ("sz", "4"), ("space", "0"), ("color", "000000")):
            border.set(qn(f"w:{name}"), value)
        borders.append(border)
    table._tbl.tblPr.append(borders)


RUNNING_HEADER_SYMBOL = "CDIP/32/2"


def _a4_with_running_header(section) -> None:
    """A4, 2.5 cm margins, and from page 2 on a header with the document symbol and ``page N``."""
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = section.top_margin = section.bottom_margin = Cm(2.5)
    section.different_first_page_header_footer = True
    header = section.header
    header.paragraphs[0].text = RUNNING_HEADER_SYMBOL
    page = header.add_paragraph("page ")
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), " PAGE ")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "2"
    run.append(text)
    field.append(run)
    page._p.append(field)
    for paragraph in header.paragraphs:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def _justified_french_hyphenated(word) -> None:
    """Body, notes and cells (all of style Normal) justified; the text French (``fr-FR``), hyphenated
    automatically (Word's ``autoHyphenation``, which LibreOffice reads as hyphenation on)."""
    word.styles["Normal"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    defaults = word.styles.element.find(qn("w:docDefaults"))
    run_properties = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    language = run_properties.find(qn("w:lang"))
    if language is None:
        language = OxmlElement("w:lang")
        run_properties.append(language)
    language.set(qn("w:val"), "fr-FR")
    hyphenation = OxmlElement("w:autoHyphenation")
    word.settings.element.insert(0, hyphenation)


def _set_footnote_start(word, start: int) -> None:
    properties = OxmlElement("w:footnotePr")
    number_start = OxmlElement("w:numStart")
    number_start.set(qn("w:val"), str(start))
    properties.append(number_start)
    word.sections[0]._sectPr.insert(0, properties)


def _add_footnotes(word, document: Document, writer: _WordWriter) -> None:
    part = Part(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, b"", word.part.package)
    root = OxmlElement("w:footnotes")
    for note_type, note_id, mark in (
        ("separator", "-1", "w:separator"),
        ("continuationSeparator", "0", "w:continuationSeparator"),
    ):
        note = OxmlElement("w:footnote")
        note.set(qn("w:type"), note_type)
        note.set(qn("w:id"), note_id)
        paragraph, run = OxmlElement("w:p"), OxmlElement("w:r")
        run.append(OxmlElement(mark))
        paragraph.append(run)
        note.append(paragraph)
        root.append(note)
    for footnote in document.footnotes:
        note = OxmlElement("w:footnote")
        note.set(qn("w:id"), str(footnote.number + FOOTNOTE_ID_SHIFT))
        for index, line in enumerate(footnote.source_text.split("\n")):
            paragraph = OxmlElement("w:p")
            if index == 0:
                run = OxmlElement("w:r")
                run.append(OxmlElement("w:footnoteRef"))
                run.append(OxmlElement("w:tab"))
                paragraph.append(run)
            _docx_runs(paragraph, with_links(line), part, writer)
            note.append(paragraph)
        root.append(note)
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    word.part.relate_to(part, RT.FOOTNOTES)


# -- HTML -------------------------------------------------------------------------


def to_html(document: Document, layout: Layout = Layout()) -> str:
    out = [
        '<!DOCTYPE html>\n<html lang="fr"><head><meta charset="utf-8"><title>Rapport</title>',
        "<style>p { margin: 0 }</style><script>document.title = 'ignored <p>text</p>';</script>",
        "</head><body>",
    ]
    notes = _NOTES[layout.notes]
    laid_out = parts(document, layout)
    sectors = 0
    index = 0
    while index < len(laid_out):
        part = laid_out[index]
        if isinstance(part, TablePart):
            out.append(_html_table(part, notes))
        elif isinstance(part, HeadingPart):
            out.append(f"<h3>{_html_inline(part.paragraph, notes)}</h3>")
        elif isinstance(part, ItemsPart):
            out.append("<ol>" + "".join(f"<li>{_html_inline(t, notes)}</li>" for t in part.titles) + "</ol>")
        elif part.list_marker and part.list_marker != "·" and re.fullmatch(r"[ivx]+", part.list_marker):
            items = []
            while index < len(laid_out) and isinstance(laid_out[index], Paragraph) and laid_out[index].list_marker:
                items.append(laid_out[index])
                index += 1
            out.append(
                '<ol type="i">'
                + "".join(f"<li>{_html_inline(p, notes, with_marker=False)}</li>" for p in items)
                + "</ol>"
            )
            continue
        elif part.is_heading and SECTOR_HEADING.match(part.text):
            sectors += 1
            if layout.sector_numerals == "typed":
                out.append(f"<h1>{_html_inline(part, notes)}</h1>")
            else:
                heading = "".join(_html_piece(p, notes) for p in _without_numeral(source_pieces(part)))
                out.append(f'<ol type="I" start="{sectors}"><li><h1>{heading}</h1></li></ol>')
        elif part.is_heading:
            out.append(f"<h2>{_html_inline(part, notes)}</h2>")
        else:
            out.append(f"<p>{_html_inline(part, notes)}</p>")
        index += 1
    out.append(notes.section(document))
    out.append("</body></html>")
    return "\n".join(out)


def _html_table(part: TablePart, notes) -> str:
    rows = []
    for number, cells in enumerate(part.rows):
        tag = "th" if part.header and number == 0 else "td"
        span = ' colspan="2"' if len(cells) == 1 else ""
        row = (
            "<tr>"
            + "".join(
                f"<{tag}{span}>" + "".join(f"<p>{_html_inline(p, notes)}</p>" for p in cell.paragraphs) + f"</{tag}>"
                for cell in cells
            )
            + "</tr>"
        )
        rows.append(f"<thead>{row}</thead>" if tag == "th" else row)
    return "<table>" + "".join(rows) + "</table>"


def _html_inline(paragraph: Paragraph, notes, with_marker: bool = True) -> str:
    return "".join(_html_piece(p, notes) for p in source_pieces(paragraph, with_marker))


def _html_piece(piece, notes) -> str:
    if isinstance(piece, int):
        return notes.reference(piece)
    if isinstance(piece, LinkMark):
        return f'<a href="{html.escape(piece.target)}">' if piece.target else "</a>"
    return _html_text(piece)


def _html_text(text: str) -> str:
    return html.escape(text, quote=False).replace("\u00a0", "&nbsp;")


def _note_lines(footnote) -> list[str]:
    return ["".join(_html_piece(p, None) for p in with_links(line)) for line in footnote.source_text.split("\n")]


class _Pandoc:
    @staticmethod
    def reference(n: int) -> str:
        return f'<a href="#fn{n}" class="footnote-ref" id="fnref{n}" role="doc-noteref"><sup>{n}</sup></a>'

    @staticmethod
    def section(document: Document) -> str:
        notes = "".join(
            f'<li id="fn{f.number}" value="{f.number}">'
            + "".join(f"<p>{line}</p>" for line in _note_lines(f))
            + f'<a href="#fnref{f.number}" class="footnote-back" role="doc-backlink">↩︎</a></li>'
            for f in document.footnotes
        )
        return (
            f'<section class="footnotes footnotes-end-of-document" role="doc-endnotes"><hr><ol>{notes}</ol></section>'
        )


class _Word:
    @staticmethod
    def reference(n: int) -> str:
        return (
            f'<a style="mso-footnote-id:ftn{n}" href="#_ftn{n}" name="_ftnref{n}" title=""><span '
            f'class=MsoFootnoteReference><span style="mso-special-character:footnote">[{n}]</span></span></a>'
        )

    @staticmethod
    def section(document: Document) -> str:
        notes = "".join(
            f"<div style='mso-element:footnote' id=ftn{f.number}>"
            + "".join(
                "<p class=MsoFootnoteText>"
                + (
                    f'<a style="mso-footnote-id:ftn{f.number}" href="#_ftnref{f.number}" name="_ftn{f.number}" '
                    f'title=""><span class=MsoFootnoteReference>[{f.number}]</span></a> '
                    if i == 0
                    else ""
                )
                + f"{line}</p>"
                for i, line in enumerate(_note_lines(f))
            )
            + "</div>"
            for f in document.footnotes
        )
        return (
            "<div style='mso-element:footnote-list'><![if !supportFootnotes]><br clear=all><hr align=left "
            f'size=1 width="33%"><![endif]>{notes}</div>'
        )


class _LibreOffice:
    @staticmethod
    def reference(n: int) -> str:
        return f'<a class="sdfootnoteanc" name="sdfootnote{n}anc" href="#sdfootnote{n}sym"><sup>{n}</sup></a>'

    @staticmethod
    def section(document: Document) -> str:
        return "".join(
            f'<div id="sdfootnote{f.number}">'
            + "".join(
                '<p class="sdfootnote">'
                + (
                    f'<a class="sdfootnotesym" name="sdfootnote{f.number}sym" href="#sdfootnote{f.number}anc">'
                    f"{f.number}</a>"
                    if i == 0
                    else ""
                )
                + f"{line}</p>"
                for i, line in enumerate(_note_lines(f))
            )
            + "</div>"
            for f in document.footnotes
        )


class _GoogleDocs:
    @staticmethod
    def reference(n: int) -> str:
        return f'<sup><a href="#ftnt{n}" id="ftnt_ref{n}">[{n}]</a></sup>'

    @staticmethod
    def section(document: Document) -> str:
        return '<hr class="c7">' + "".join(
            "<div>"
            + "".join(
                '<p class="c4">'
                + (
                    f'<a href="#ftnt_ref{f.number}" id="ftnt{f.number}">[{f.number}]</a><span class="c2">&nbsp;'
                    if i == 0
                    else '<span class="c2">'
                )
                + f"{line}</span></p>"
                for i, line in enumerate(_note_lines(f))
            )
            + "</div>"
            for f in document.footnotes
        )


class _Mammoth:
    @staticmethod
    def reference(n: int) -> str:
        return f'<sup><a href="#footnote-{n}" id="footnote-ref-{n}">[{n}]</a></sup>'

    @staticmethod
    def section(document: Document) -> str:
        notes = "".join(
            f'<li id="footnote-{f.number}">'
            + "".join(
                f"<p>{line}"
                + (f' <a href="#footnote-ref-{f.number}">↑</a>' if i == len(_note_lines(f)) - 1 else "")
                + "</p>"
                for i, line in enumerate(_note_lines(f))
            )
            + "</li>"
            for f in document.footnotes
        )
        return f"<ol>{notes}</ol>"


_NOTES = {
    "pandoc": _Pandoc,
    "word": _Word,
    "libreoffice": _LibreOffice,
    "google_docs": _GoogleDocs,
    "mammoth": _Mammoth,
}
