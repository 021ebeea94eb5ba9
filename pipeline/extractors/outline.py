"""The outline of a report: its sections and each paragraph's place in them, as
``pipeline.extractors.structure`` finds them and every other extractor reads them."""

from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.document.model import Paragraph


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
    warnings: list[str] = field(default_factory=list)
    title_block: list[str] = field(default_factory=list)  # the headings that open the document: its title

    def sector_of(self, section_id: str | None) -> str | None:
        """The ``section_id`` of the sector a section is in (itself, or the nearest enclosing section of
        kind ``sector``); None outside the sectors."""
        by_id = {s.section_id: s for s in self.sections}
        section = by_id.get(section_id) if section_id is not None else None
        while section is not None and section.kind != "sector":
            section = by_id.get(section.parent_id) if section.parent_id else None
        return section.section_id if section is not None else None


def units(paragraphs: list[Placed]) -> list[list[Placed]]:
    """Paragraphs grouped as the reader sees the content: the paragraphs of one table cell
    together, any other paragraph alone."""
    grouped: list[list[Placed]] = []
    for placed in paragraphs:
        previous = grouped[-1][-1] if grouped else None
        if (
            placed.table_number is not None
            and previous is not None
            and (previous.table_number, previous.cell_number) == (placed.table_number, placed.cell_number)
        ):
            grouped[-1].append(placed)
        else:
            grouped.append([placed])
    return grouped
