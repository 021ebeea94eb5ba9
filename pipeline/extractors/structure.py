"""The report's outline, found from its shape.

Headings are classified by their form and place, not by a list of one year's titles:

* a sector: ``I. Secteur …`` (a roman numeral and a period); where no heading shows
  a numeral (Word drew them, and a text export loses them), the headings of the
  level the file declares for sectors, or else the headings titled ``Secteur …`` /
  ``Bureau du …``, numbered by their order, with a warning that says so;
* a document-part name (Introduction, Conclusion …) opens a top-level part;
* the annexes begin after the note announcing them (``[Les annexes suivent]``), at a
  heading ``Annexe II …``, or at the heading of a table of annex content
  (recommendation headers, lists of numbered projects). There, a heading opens a new
  annex when it is titled ``Annexe N`` or when the current annex already has content
  and the heading is not one of its list headings; other headings (a subtitle, the
  heading of a list of projects) stay in the current annex;
* any other heading opens a sub-section of the current top-level section;
* text before the first heading belongs to the ``preamble``;
* headings before the document's first paragraph that are none of the above are its title block
  (pandoc's title, a browser's print of it, a cover page's title): the manifest's ``title``, not a
  section, as a text export, which has no title block, reads the same report.

Section ids: ``preamble``, the part's name (``introduction``), the sector's
numeral (``IV``), ``annex-II``, and ``<parent>.<n>`` for sub-sections.
Paragraph ids are ``<section id>:<n>``: the section's heading is 0, its other
paragraphs (table cells included) count from 1.
"""

from __future__ import annotations

import re
import unicodedata

from pipeline.document.model import Document, Paragraph, Table
from pipeline.errors import ReportError
from pipeline.extractors.context import extractor
from pipeline.extractors.outline import Outline, Placed, Section
from pipeline.extractors.shapes import LIST_HEADING, annex_content, is_annex_content, starts_list_item
from pipeline.language.french import fold, int_to_roman

SECTOR_HEADING = re.compile(r"^(?P<number>[IVXLC]+)\.\s+(?P<title>\S.*)$")
SECTOR_TITLE = re.compile(r"^(?:secteur|bureau)\b")  # folded: "Secteur des brevets …", "Bureau du Directeur général"
ANNEX_HEADING = re.compile(r"^annexe\s+(?P<number>[IVXLC]+|\d+)\b[\s.:–-]*(?P<title>.*)$", re.IGNORECASE)
ANNEXES_FOLLOW = re.compile(r"^\[.*\bannexes?\s+sui", re.IGNORECASE)
PART_TITLES = {"introduction", "conclusion", "conclusions", "avant-propos", "préface", "résumé", "synthèse"}


def outline(document: Document) -> Outline:
    return _Builder(document.blocks).build()


class _Builder:
    def __init__(self, blocks: list) -> None:
        self.blocks = blocks
        self.result = Outline()
        self.current: Section | None = None
        self.top: Section | None = None
        self.annexes_start = _annexes_start(blocks)
        self.sectors = _SectorRule(blocks, self.annexes_start)
        self.in_annexes = False
        self.annex_has_content = False
        self.annex_holds: str | None = None  # what the current annex's first content is (pipeline.extractors.shapes)
        self.annex_needs_title = False
        self.tables = 0

    def build(self) -> Outline:
        for index, block in enumerate(self.blocks):
            self.in_annexes = self.in_annexes or index == self.annexes_start
            if self.in_annexes and self.annex_holds is None and not getattr(block, "is_heading", False):
                self.annex_holds = annex_content(block)
            if isinstance(block, Table):
                self._table(block)
            elif block.is_heading and not self._annex_title(block) and not self._stays_in_annex(index):
                section = self._section_for(block)
                if self._opens_the_document(section):
                    self.result.title_block.append(block.text)
                    continue
                self._open(section)
                self._place(block, "heading", number=0)
            else:
                self._place(block, _kind(block))
        numerals = [s.number for s in self.result.sections if s.kind == "sector"]
        if self.sectors.inferred and numerals:
            self.result.warnings.append(
                f"sector numerals inferred from the order of the sector headings, which show "
                f"none: {numerals[0]}–{numerals[-1]}"
            )
        return self.result

    def _opens_the_document(self, section: Section) -> bool:
        return self.current is None and section.kind == "part" and _folded(section.title) not in PART_TITLES

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

    def _stays_in_annex(self, index: int) -> bool:
        """In the annexes, a heading belongs to the current annex when it comes before any content
        (a subtitle), heads one of its lists of projects, repeats its ``Annexe N``, or comes before
        more content of the same kind (a table continued after a heading)."""
        heading = self.blocks[index]
        if not self.in_annexes or self.current is None or self.current.kind != "annex":
            return False
        annex = ANNEX_HEADING.match(heading.text)
        if annex:
            return annex.group("number").upper() == self.current.number
        if not self.annex_has_content or LIST_HEADING.match(heading.text):
            return True
        following = self.blocks[index + 1] if index + 1 < len(self.blocks) else None
        content = next((b for b in self.blocks[index + 1 :] if not getattr(b, "is_heading", False)), None)
        return (following is not None and starts_list_item(following)) or (
            content is not None and self.annex_holds is not None and annex_content(content) == self.annex_holds
        )

    def _section_for(self, heading: Paragraph) -> Section:
        title = heading.text
        annex = ANNEX_HEADING.match(title)
        if annex or self.in_annexes:
            self.in_annexes = True
            count = sum(s.kind == "annex" for s in self.result.sections)
            number = annex.group("number").upper() if annex else int_to_roman(count + 1)
            own_title = annex.group("title").strip() if annex else title
            self.annex_needs_title = bool(annex) and not own_title
            return Section(f"annex-{number}", "annex", 1, own_title or None, number)
        sector = self.sectors.match(heading, sum(s.kind == "sector" for s in self.result.sections))
        if sector:
            number, sector_title = sector
            return Section(number, "sector", 1, sector_title, number)
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
        self.annex_has_content = False
        self.annex_holds = None
        if section.level == 1:
            self.top = section

    def _place(
        self,
        paragraph: Paragraph,
        kind: str,
        number: int | None = None,
        table: int | None = None,
        cell: int | None = None,
    ) -> None:
        if self.current is None:
            self._open(Section("preamble", "preamble", 1, None))
        if number is None:
            self.current.paragraph_count += 1
            number = self.current.paragraph_count
        self.annex_has_content = self.annex_has_content or kind not in ("heading", "note")
        placed = Placed(
            paragraph,
            f"{self.current.section_id}:{number}",
            self.current.section_id,
            len(self.result.paragraphs) + 1,
            kind,
            table,
            cell,
        )
        self.result.paragraphs.append(placed)


def _annexes_start(blocks: list) -> int | None:
    """Where the annexes begin: after the note announcing them, at the first ``Annexe N`` heading,
    or at the headings just before the first table of annex content, whichever comes first."""
    starts = []
    for index, block in enumerate(blocks):
        if isinstance(block, Paragraph) and block.is_note and ANNEXES_FOLLOW.match(block.text):
            starts.append(index + 1)
            break
    for index, block in enumerate(blocks):
        if isinstance(block, Paragraph) and block.is_heading and ANNEX_HEADING.match(block.text):
            starts.append(index)
            break
    for index, block in enumerate(blocks):
        if is_annex_content(block):
            while index > 0 and isinstance(blocks[index - 1], Paragraph) and blocks[index - 1].is_heading:
                index -= 1
            starts.append(index)
            break
    return min(starts, default=None)


class _SectorRule:
    """How this report marks its sectors: typed numerals, or else (numerals inferred from order)
    a heading level the file declares, or else the sectors' titles."""

    def __init__(self, blocks: list, annexes_start: int | None) -> None:
        body = blocks[:annexes_start] if annexes_start is not None else blocks
        headings = [b for b in body if isinstance(b, Paragraph) and b.is_heading]
        self.typed = any(SECTOR_HEADING.match(h.text) for h in headings)
        levels = [h.heading_level for h in headings if h.heading_level and _folded(h.text) not in PART_TITLES]
        titled = [h for h in headings if SECTOR_TITLE.match(fold(h.text))]
        self.level = min(levels) if levels and not self.typed else None
        # a declared level is trusted only if it sets the titled sectors apart from their sub-sections
        if self.level is not None and titled and any(h.heading_level != self.level for h in titled):
            self.level = None
        self.by_title = not self.typed and self.level is None and bool(titled)
        self.inferred = False

    def match(self, heading: Paragraph, sectors_so_far: int) -> tuple[str, str] | None:
        """(numeral, title) when the heading opens a sector."""
        typed = SECTOR_HEADING.match(heading.text)
        if self.typed:
            return (typed.group("number"), typed.group("title")) if typed else None
        if _folded(heading.text) in PART_TITLES:
            return None
        if (self.level is not None and heading.heading_level == self.level) or (
            self.by_title and SECTOR_TITLE.match(fold(heading.text))
        ):
            self.inferred = True
            return int_to_roman(sectors_so_far + 1), heading.text
        return None


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


@extractor()
def check_identity(extraction) -> None:
    """A Development Agenda report has sectors or annexes; say what is missing."""
    kinds = {s.kind for s in extraction.outline.sections}
    if "sector" not in kinds and "annex" not in kinds:
        raise ReportError(
            extraction.document.source.path,
            "does not look like a Development Agenda report: no sector (“I. Secteur …”) and no annex found",
        )
    if "sector" not in kinds:
        extraction.warn("incomplete: no sector (“I. Secteur …”) found")


@extractor(assigns=("sections",))
def section_rows(extraction) -> None:
    extraction.add(
        "sections",
        [
            {
                "section_id": s.section_id,
                "sector": extraction.outline.sector_of(s.section_id),
                "section_kind": s.kind,
                "level": s.level,
                "number": s.number,
                "title": s.title,
                "parent_id": s.parent_id,
                "order": s.order,
            }
            for s in extraction.outline.sections
        ],
    )


@extractor(assigns=("paragraphs",))
def paragraph_rows(extraction) -> None:
    extraction.add(
        "paragraphs",
        [
            {
                "paragraph_id": p.paragraph_id,
                "section_id": p.section_id,
                "sector": extraction.outline.sector_of(p.section_id),
                "order": p.order,
                "paragraph_kind": p.kind,
                "list_marker": p.paragraph.list_marker,
                "text": p.paragraph.text,
                "footnote_numbers": [r.number for r in p.paragraph.footnote_refs],
                "table_number": p.table_number,
                "cell_number": p.cell_number,
            }
            for p in extraction.outline.paragraphs
        ],
    )
