"""Annex II: its lists of projects, read by their shape, whatever holds them (one table, one table
per list, numbered paragraphs).

A list is a heading followed by numbered titles — a number alone (``37.``, ``38``) then its
title, a title typed after its number (``12. Titre``), or a paragraph that automatic numbering
numbers. The heading's wording says which list it is, approximately (see ``LIST_WORDS``); a
heading that says none of it gives the list ``other``, with a warning. A heading usually ends
with its count (``(40)``): a count that differs from the rows is a failed check, a missing
count a warning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.extractors.context import extractor
from pipeline.extractors.outline import units
from pipeline.extractors.projects.keys import assign_families, assign_keys
from pipeline.extractors.projects.titles import (
    APPROVED,
    COMPLETED,
    COMPLETED_EVALUATED,
    ONGOING,
    OTHER,
    Project,
    phase_of,
)
from pipeline.extractors.shapes import ITEM_NUMBER, LIST_HEADING, RECOMMENDATION_HEADER, numbered_title
from pipeline.language.french import fold

# What a list heading says of its projects, in folded words; a combination gives the list.
LIST_WORDS = (
    ("evaluated", re.compile(r"\bevalue")),
    ("completed", re.compile(r"\bacheve|\btermine|\bmenes? a (?:bien|terme)|\bcloture|\bclos\b|\bfinalise")),
    ("ongoing", re.compile(r"\ben cours\b|\ben voie\b")),
    ("approved", re.compile(r"\bapprouve|\badopte")),
)
LIST_KINDS = {
    frozenset({"evaluated"}): COMPLETED_EVALUATED,
    frozenset({"completed", "evaluated"}): COMPLETED_EVALUATED,
    frozenset({"completed"}): COMPLETED,
    frozenset({"ongoing"}): ONGOING,
    frozenset({"approved"}): APPROVED,
}


@dataclass
class _List:
    heading: str
    kind: str
    declared: int | None
    where: str  # paragraph id of the heading
    items: list[tuple[int, str]] = field(default_factory=list)  # (number as written, title)
    paragraphs: int = 0  # items written as paragraphs rather than table cells


@extractor(assigns=("projects",))
def project_rows(extraction) -> None:
    """The projects of Annex II's lists, each with its key and its family."""
    lists = _annex_lists(extraction)
    if not lists:
        extraction.warn("incomplete: no list of projects (Annex II) found")
    if any(found.paragraphs for found in lists):
        extraction.warn(
            "Annex II: its lists are numbered paragraphs, not a table: each project is one row of "
            "`paragraphs` (its number is not text), where a table gives a cell for the number and one "
            "for the title"
        )
    projects = []
    for found in lists:
        _check_list(found, extraction)
        projects += [
            Project(found.kind, position, title, phase_of(title), "")
            for position, (_, title) in enumerate(found.items, start=1)
        ]
    assign_keys(projects, extraction.warn)
    assign_families(projects)
    extraction.add(
        "projects",
        [
            {
                "project_key": p.key,
                "family_key": p.family,
                "list": p.list,
                "position": p.position,
                "title": p.title,
                "phase": p.phase,
            }
            for p in projects
        ],
    )


def _annex_lists(extraction) -> list[_List]:
    """The lists of the annexes other than Annex I; where no annex was found, of the tables."""
    sections = {s.section_id: s for s in extraction.outline.sections}
    grouped = units(extraction.outline.paragraphs)
    in_annexes = [u for u in grouped if sections[u[0].section_id].kind == "annex"]
    annex_i = {u[0].section_id for u in in_annexes if RECOMMENDATION_HEADER.match(u[0].paragraph.text)}
    lists = _lists([u for u in in_annexes if u[0].section_id not in annex_i], extraction.warn)
    if not lists:
        lists = _lists([u for u in grouped if u[0].table_number is not None], extraction.warn)
    return lists


def _lists(grouped: list, warn) -> list[_List]:
    tokens = list(_tokens(grouped, warn))
    lists: list[_List] = []
    for index, (where, number, text, in_table) in enumerate(tokens):
        if number is not None:
            if not lists:
                warn(f"Annex II: project {number} “{text[:60]}” ({where}) comes before any list heading: list “other”")
                lists.append(_List("", OTHER, None, where))
            lists[-1].items.append((number, text))
            lists[-1].paragraphs += not in_table
            continue
        heading = LIST_HEADING.match(text)
        followed_by_item = index + 1 < len(tokens) and tokens[index + 1][1] is not None
        if heading or followed_by_item:
            title = heading.group("title") if heading else text
            lists.append(_List(text, _list_kind(title, warn), int(heading.group("count")) if heading else None, where))
        elif lists and not text.startswith("["):
            warn(f"Annex II: text not understood after the list “{lists[-1].kind}” ({where}): “{text[:60]}”")
    return lists


def _tokens(grouped: list, warn):
    """(paragraph id, number, title, in a table) for each project, (paragraph id, None, text, in a table)
    for any other text, in document order: a number alone takes the next paragraph or cell as its title."""
    pending: tuple[str, int] | None = None
    for unit in grouped:
        where, in_table = unit[0].paragraph_id, unit[0].table_number is not None
        text = " ".join(p.paragraph.text for p in unit)
        number = ITEM_NUMBER.match(text)
        typed = numbered_title(unit[0].paragraph) if len(unit) == 1 else None
        if pending is not None:
            yield pending[0], pending[1], text, in_table
            pending = None
        elif number:
            pending = (where, int(number.group("number")))
        elif typed:
            yield where, typed[0], typed[1], in_table
        else:
            yield where, None, text, in_table
    if pending is not None:
        warn(f"Annex II: project {pending[1]} ({pending[0]}) has no title")


def _list_kind(heading: str, warn) -> str:
    folded = fold(heading)
    said = frozenset(concept for concept, words in LIST_WORDS if words.search(folded))
    kind = LIST_KINDS.get(said)
    if kind is None:
        warn(
            f"Annex II: the list heading “{heading}” does not say whether its projects are completed, ongoing "
            "or approved: list “other”"
        )
    return kind or OTHER


def _check_list(found: _List, extraction) -> None:
    if found.declared is None:
        if found.heading:
            extraction.warn(f"Annex II: the list “{found.heading}” states no count; {len(found.items)} projects read")
    else:
        extraction.check(
            f"Annex II: projects declared in the heading of the list “{found.kind}” = listed",
            found.declared,
            len(found.items),
            found.where,
        )
    positions = [n for n, _ in found.items]
    if positions != list(range(1, len(found.items) + 1)):
        extraction.warn(f"Annex II: the list “{found.kind}” is numbered {positions}")
