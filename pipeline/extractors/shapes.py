"""The shapes of the annexes' content, whatever holds it (one table, several, or paragraphs).

The outline uses them to tell where the annexes begin and end; the extractors of
Annex I (``recommendations``) and Annex II (``projects``) use them to read the content.
"""

from __future__ import annotations

import re

from pipeline.document.model import Paragraph, Table

RECOMMENDATION_HEADER = re.compile(r"^Recommandation\s+n[°ºo]\s*(?P<number>\d+)\s*(?P<star>\*)?", re.IGNORECASE)
# A list of projects: a heading, often ending with its count, then numbered titles.
LIST_HEADING = re.compile(r"^(?P<title>.*\S)\s*\((?P<count>\d+)\)\s*$")
ITEM_NUMBER = re.compile(r"^(?P<number>\d+)[.)]?$")  # a number alone: its title follows
NUMBERED_TITLE = re.compile(r"^(?P<number>\d+)[.)]\s+(?P<title>\S.*)$")  # "12. Title" typed in one paragraph


def item_number(paragraph: Paragraph) -> int | None:
    """The number of a list item of Annex II written alone (``12.``, ``12``) or drawn by numbering."""
    match = ITEM_NUMBER.match(paragraph.text)
    if match:
        return int(match.group("number"))
    return numbered(paragraph)


def numbered(paragraph: Paragraph) -> int | None:
    """The number automatic numbering gives the paragraph (``12.``), if it is a plain number."""
    match = ITEM_NUMBER.match(paragraph.numbering or "")
    return int(match.group("number")) if match else None


def numbered_title(paragraph: Paragraph) -> tuple[int, str] | None:
    """``12. Title`` typed in one paragraph, or a paragraph whose numbering says 12 → (12, title)."""
    if numbered(paragraph) is not None and not ITEM_NUMBER.match(paragraph.text):
        return numbered(paragraph), paragraph.text
    match = NUMBERED_TITLE.match(paragraph.text)
    return (int(match.group("number")), match.group("title")) if match else None


def starts_list_item(block) -> bool:
    """Does this block open with a project item: a number alone, or a numbered title?"""
    first = _first_paragraph(block)
    return first is not None and (item_number(first) is not None or numbered_title(first) is not None)


RECOMMENDATIONS, PROJECTS = "recommendations", "projects"


def annex_content(block) -> str | None:
    """What annex a block holds: ``recommendations`` (a table with Annex I's headers),
    ``projects`` (a list of Annex II: a list heading, or a numbered title), or None."""
    if isinstance(block, Paragraph):
        return PROJECTS if LIST_HEADING.match(block.text) or starts_list_item(block) else None
    cells = block.cells()
    if any(RECOMMENDATION_HEADER.match(c.paragraphs[0].text) for c in cells):
        return RECOMMENDATIONS
    if starts_list_item(block) or any(
        LIST_HEADING.match(a.paragraphs[0].text) and item_number(b.paragraphs[0]) is not None
        for a, b in zip(cells, cells[1:])
    ):
        return PROJECTS
    return None


def is_annex_content(block) -> bool:
    """A table holding Annex I's recommendation headers or Annex II's list headings before numbered items."""
    return isinstance(block, Table) and annex_content(block) is not None


def _first_paragraph(block) -> Paragraph | None:
    if isinstance(block, Paragraph):
        return block
    cells = block.cells()
    return cells[0].paragraphs[0] if cells else None
