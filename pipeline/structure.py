"""The report's outline, found from its layout.

Headings are classified by their form, not by a list of one year's titles:

* ``I. Secteur …`` (a roman numeral and a period) opens a sector;
* a document-part name (Introduction, Conclusion …) opens a top-level part;
* after the editorial note announcing the annexes (``[Les annexes suivent]``),
  or at a heading ``Annexe II …``, each heading opens an annex;
* any other heading opens a sub-section of the current top-level section;
* text before the first heading belongs to the ``preamble``.

Section ids: ``preamble``, the part's name (``introduction``), the sector's
numeral (``IV``), ``annex-II``, and ``<parent>.<n>`` for sub-sections.
Paragraph ids are ``<section id>:<n>``: the section's heading is 0, its other
paragraphs (table cells included) count from 1.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from pipeline.model import Document, Paragraph, Table

SECTOR_HEADING = re.compile(r"^(?P<number>[IVXLC]+)\.\s+(?P<title>\S.*)$")
ANNEX_HEADING = re.compile(r"^annexe\s+(?P<number>[IVXLC]+|\d+)\b[\s.:–-]*(?P<title>.*)$", re.IGNORECASE)
ANNEXES_FOLLOW = re.compile(r"^\[.*\bannexes?\s+sui", re.IGNORECASE)
PART_TITLES = {"introduction", "conclusion", "conclusions", "avant-propos", "préface", "résumé", "synthèse"}
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]


@dataclass
class Section:
    section_id: str
    kind: str  # preamble, part, sector, subsection, annex
    level: int
    title: str | None
    number: str | None = None
    parent_id: str | None = None
    order: int = 0
    paragraph_count: int = 0


@dataclass
class Placed:
    """A paragraph with its place in the outline."""

    paragraph: Paragraph
    paragraph_id: str
    section_id: str
    order: int
    kind: str  # heading, paragraph, list_item, note
    table_number: int | None = None
    cell_number: int | None = None


@dataclass
class Outline:
    sections: list[Section] = field(default_factory=list)
    paragraphs: list[Placed] = field(default_factory=list)


def outline(document: Document) -> Outline:
    return _Builder().build(document)


class _Builder:
    def __init__(self) -> None:
        self.result = Outline()
        self.current: Section | None = None
        self.top: Section | None = None
        self.in_annexes = False
        self.annex_needs_title = False
        self.tables = 0

    def build(self, document: Document) -> Outline:
        for block in document.blocks:
            if isinstance(block, Table):
                self._table(block)
            elif block.is_heading and not self._annex_title(block):
                self._open(self._section_for(block.text))
                self._place(block, "heading", number=0)
            else:
                self._place(block, _kind(block))
                if block.is_note and ANNEXES_FOLLOW.match(block.text):
                    self.in_annexes = True
        return self.result

    def _table(self, table: Table) -> None:
        self.tables += 1
        for number, cell in enumerate(table.cells(), start=1):
            for paragraph in cell.paragraphs:
                self._place(paragraph, _kind(paragraph), table=self.tables, cell=number)

    def _annex_title(self, heading: Paragraph) -> bool:
        """``ANNEXE I`` alone on its line, then the title: the title names the annex."""
        if not self.annex_needs_title or ANNEX_HEADING.match(heading.text):
            return False
        self.current.title = heading.text
        self.annex_needs_title = False
        self._place(heading, "heading")
        return True

    def _section_for(self, title: str) -> Section:
        annex = ANNEX_HEADING.match(title)
        sector = SECTOR_HEADING.match(title)
        if annex or self.in_annexes:
            self.in_annexes = True
            count = sum(s.kind == "annex" for s in self.result.sections)
            number = annex.group("number").upper() if annex else ROMAN[count % len(ROMAN)]
            own_title = annex.group("title").strip() if annex else title
            self.annex_needs_title = bool(annex) and not own_title
            return Section(f"annex-{number}", "annex", 1, own_title or None, number)
        if sector:
            number = sector.group("number")
            return Section(number, "sector", 1, sector.group("title"), number)
        if _folded(title) in PART_TITLES or self.top is None or self.top.kind == "preamble":
            return Section(_slug(title), "part", 1, title)
        children = sum(s.parent_id == self.top.section_id for s in self.result.sections)
        return Section(f"{self.top.section_id}.{children + 1}", "subsection", 2, title, parent_id=self.top.section_id)

    def _open(self, section: Section) -> None:
        taken = {s.section_id for s in self.result.sections}
        base, suffix = section.section_id, 2
        while section.section_id in taken:
            section.section_id, suffix = f"{base}-{suffix}", suffix + 1
        section.order = len(self.result.sections) + 1
        self.result.sections.append(section)
        self.current = section
        if section.level == 1:
            self.top = section

    def _place(self, paragraph: Paragraph, kind: str, number: int | None = None,
               table: int | None = None, cell: int | None = None) -> None:
        if self.current is None:
            self._open(Section("preamble", "preamble", 1, None))
        if number is None:
            self.current.paragraph_count += 1
            number = self.current.paragraph_count
        placed = Placed(paragraph, f"{self.current.section_id}:{number}", self.current.section_id,
                        len(self.result.paragraphs) + 1, kind, table, cell)
        self.result.paragraphs.append(placed)


def _kind(paragraph: Paragraph) -> str:
    if paragraph.is_note:
        return "note"
    if paragraph.list_marker is not None:
        return "list_item"
    return "heading" if paragraph.is_heading else "paragraph"


def _folded(text: str) -> str:
    return text.strip().rstrip(".:").lower()


def _slug(title: str) -> str:
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-") or "part"


def check_identity(extraction) -> None:
    """A Development Agenda report has sectors or annexes; say what is missing."""
    kinds = {s.kind for s in extraction.outline.sections}
    if "sector" not in kinds and "annex" not in kinds:
        from pipeline.errors import ReportError

        raise ReportError(extraction.document.source.path, "does not look like a Development Agenda report: "
                                                           "no sector (“I. Secteur …”) and no annex found")
    if "sector" not in kinds:
        extraction.warn("incomplete: no sector (“I. Secteur …”) found")


def section_rows(extraction) -> None:
    extraction.add("sections", [
        {"section_id": s.section_id, "kind": s.kind, "level": s.level, "number": s.number, "title": s.title,
         "parent_id": s.parent_id, "order": s.order}
        for s in extraction.outline.sections
    ])


def paragraph_rows(extraction) -> None:
    extraction.add("paragraphs", [
        {"paragraph_id": p.paragraph_id, "section_id": p.section_id, "order": p.order, "kind": p.kind,
         "list_marker": p.paragraph.list_marker, "text": p.paragraph.text,
         "footnotes": [r.number for r in p.paragraph.footnote_refs],
         "table_number": p.table_number, "cell_number": p.cell_number}
        for p in extraction.outline.paragraphs
    ])
