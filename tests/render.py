"""Test fixtures made by code: a document model rendered as a Word file and as HTML.

The renderings follow the structures other tools produce, so that reading them back
tests the readers, not this module: heading styles, a real footnotes part whose ids
are not the numbers displayed (Word numbers notes by order of reference, from
``numStart``), non-breaking hyphens as ``w:noBreakHyphen``, multi-paragraph footnotes
and cells, annex tables with one row per header pair and per text/results pair; in
HTML, ``h1``/``h2``, ``ol type="i"`` lists, ``<sup><a href="#fn2">`` references and a
``section.footnotes`` of notes with back-links, plus a script and a style to ignore.
"""

from __future__ import annotations

import html
import re

import docx
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from pipeline.model import Document, Paragraph, Table
from pipeline.normalise import assemble
from pipeline.structure import SECTOR_HEADING

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
FOOTNOTE_ID_SHIFT = 7  # ids in the footnotes part differ from the numbers displayed


def source_pieces(paragraph: Paragraph, with_marker: bool = True) -> list:
    """The paragraph as written, with each footnote number where its reference stood,
    and its list marker written out in front (``iv) ``, ``· ``) unless told not to."""
    source = paragraph.source_text
    positions = [(_source_position(source, r.offset), r.number) for r in paragraph.footnote_refs]
    pieces, cursor = [], 0
    for position, number in positions:
        pieces += [source[cursor:position], number]
        cursor = position
    pieces.append(source[cursor:])
    if with_marker and paragraph.list_marker:
        marker = paragraph.list_marker
        pieces.insert(0, f"{marker} " if marker == "·" else f"{marker}) ")
    return pieces


def _source_position(source: str, clean_offset: int) -> int:
    low, high = 0, len(source)
    while low < high:
        middle = (low + high) // 2
        if len(assemble([source[:middle]])[0]) >= clean_offset:
            high = middle
        else:
            low = middle + 1
    return low


def table_rows(table: Table) -> list[list]:
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


# -- Word -------------------------------------------------------------------------

def to_docx(document: Document, path) -> None:
    word = docx.Document()
    first = min((f.number for f in document.footnotes), default=1)
    for block in document.blocks:
        if isinstance(block, Table):
            _docx_table(word, block)
        else:
            style = _heading_style(block) if block.is_heading else None
            _docx_runs(word.add_paragraph(style=style), source_pieces(block))
    _set_footnote_start(word, first)
    _add_footnotes(word, document)
    word.save(path)


def _heading_style(paragraph: Paragraph) -> str:
    return "Heading 1" if SECTOR_HEADING.match(paragraph.text) else "Heading 2"


def _docx_table(word, table: Table) -> None:
    rows = table_rows(table)
    grid = word.add_table(rows=len(rows), cols=2)
    for row, cells in zip(grid.rows, rows):
        targets = [row.cells[0].merge(row.cells[1])] if len(cells) == 1 else row.cells
        for target, cell in zip(targets, cells):
            for index, paragraph in enumerate(cell.paragraphs):
                docx_paragraph = target.paragraphs[0] if index == 0 else target.add_paragraph()
                _docx_runs(docx_paragraph, source_pieces(paragraph))


def _docx_runs(docx_paragraph, pieces: list) -> None:
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
            docx_paragraph._p.append(run)
        else:
            _docx_text(docx_paragraph._p, piece)


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


def _set_footnote_start(word, start: int) -> None:
    properties = OxmlElement("w:footnotePr")
    number_start = OxmlElement("w:numStart")
    number_start.set(qn("w:val"), str(start))
    properties.append(number_start)
    word.sections[0]._sectPr.insert(0, properties)


def _add_footnotes(word, document: Document) -> None:
    root = OxmlElement("w:footnotes")
    for note_type, note_id, mark in (("separator", "-1", "w:separator"),
                                     ("continuationSeparator", "0", "w:continuationSeparator")):
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
            _docx_text(paragraph, line)
            note.append(paragraph)
        root.append(note)
    from lxml import etree

    blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    part = Part(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, blob, word.part.package)
    word.part.relate_to(part, RT.FOOTNOTES)


# -- HTML -------------------------------------------------------------------------

def to_html(document: Document) -> str:
    out = ['<!DOCTYPE html>\n<html lang="fr"><head><meta charset="utf-8"><title>Rapport</title>',
           "<style>p { margin: 0 }</style><script>document.title = 'ignored <p>text</p>';</script>",
           "</head><body>"]
    blocks = list(document.blocks)
    index = 0
    while index < len(blocks):
        block = blocks[index]
        if isinstance(block, Table):
            out.append(_html_table(block))
        elif block.list_marker and block.list_marker != "·" and re.fullmatch(r"[ivx]+", block.list_marker):
            items = []
            while index < len(blocks) and isinstance(blocks[index], Paragraph) and blocks[index].list_marker:
                items.append(blocks[index])
                index += 1
            out.append('<ol type="i">' + "".join(f"<li>{_html_inline(p, with_marker=False)}</li>" for p in items)
                       + "</ol>")
            continue
        elif block.is_heading:
            tag = "h1" if SECTOR_HEADING.match(block.text) else "h2"
            out.append(f"<{tag}>{_html_inline(block)}</{tag}>")
        else:
            out.append(f"<p>{_html_inline(block)}</p>")
        index += 1
    out.append('<hr><section class="footnotes" role="doc-endnotes"><h2>Notes</h2><ol>')
    for footnote in document.footnotes:
        lines = "".join(f"<p>{_html_text(line)}</p>" for line in footnote.source_text.split("\n"))
        out.append(f'<li id="fn{footnote.number}" value="{footnote.number}">{lines}'
                   f'<a href="#fnref{footnote.number}" class="footnote-back">↩︎</a></li>')
    out.append("</ol></section></body></html>")
    return "\n".join(out)


def _html_table(table: Table) -> str:
    rows = []
    for number, cells in enumerate(table_rows(table)):
        tag = "th" if number == 0 else "td"
        span = ' colspan="2"' if len(cells) == 1 else ""
        rows.append("<tr>" + "".join(
            f"<{tag}{span}>" + "".join(f"<p>{_html_inline(p)}</p>" for p in cell.paragraphs) + f"</{tag}>"
            for cell in cells) + "</tr>")
    return "<table>" + "".join(rows) + "</table>"


def _html_inline(paragraph: Paragraph, with_marker: bool = True) -> str:
    pieces = source_pieces(paragraph, with_marker)
    return "".join(
        f'<sup><a href="#fn{p}" id="fnref{p}">{p}</a></sup>' if isinstance(p, int) else _html_text(p)
        for p in pieces)


def _html_text(text: str) -> str:
    return html.escape(text, quote=False).replace("\u00a0", "&nbsp;")
