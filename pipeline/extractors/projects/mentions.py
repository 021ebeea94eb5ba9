"""The projects the body talks about.

A project mention is a paragraph or list item that presents a project: the items of a sub-section
whose heading speaks of projects and whose items match Annex II titles (``Projets intégrés …`` /
``Projets en cours …``), the items of a list introduced as approved proposals, and anywhere else a
paragraph whose first sentence names a whole Annex II title. Each mention is matched to the Annex II
project whose title it best covers.
"""

from __future__ import annotations

import re

from pipeline.extractors.context import extractor
from pipeline.extractors.projects.titles import (
    INTEGRATED,
    MATCH_THRESHOLD,
    MENTION_LIST,
    MENTIONED_APPROVED,
    MENTIONED_ONGOING,
    MENTIONED_OTHER,
    PHASE,
    Project,
    TitleMatcher,
    phase_of,
    title_candidates,
)
from pipeline.extractors.recommendations import CITATION
from pipeline.language.french import enumeration, fold, numbers, ordinal_to_int, roman_to_int
from pipeline.language.sentences import first_sentence

APPROVAL_INTRO = re.compile(r"\bapprouv", re.IGNORECASE)
PROPOSAL = re.compile(
    r"^Proposition\s+(?:de\s+projet\s+(?:pilote\s+)?)?"
    r"(?:relative\s+à\s+la\s+phase\s+(?P<phase>[IVX]+)\s+du\s+projet\s+)?(?P<rest>.*)$",
    re.IGNORECASE,
)
PROPOSER = re.compile(
    r",?\s*(?:présent(?:e|ée|é)s?|propos(?:é|ée)s?)\s+par\s+(?P<who>.+?)(?=,\s*intitul|\s+intitul|\s+sur\s|\.\s|\.$|$)"
)
SESSION = re.compile(
    r"approuvée?s?\s+lors\s+de\s+(?:la|sa)\s+(?P<ordinal>[\w\s-]+?)\s+session\s+du\s+CDIP", re.IGNORECASE
)
WORDING_MARGIN = 0.15  # a mention closer by this to one phase's title than to the others' follows its wording
PRESENTS_PROJECT = 0.75  # outside the project sub-sections, a first sentence this close to a title presents it …
TITLE_COVERED = 0.9  # … if it holds this share of the title's words


@extractor(requires=("projects",), assigns=("project_mentions",))
def project_mention_rows(extraction) -> None:
    """The paragraphs that present a project, each matched to its Annex II project."""
    projects = [
        Project(r["list"], r["position"], r["title"], r["phase"], r["project_key"], r["family_key"])
        for r in extraction.datasets["projects"]
    ]
    matcher = TitleMatcher(projects)
    rows = [
        {**_mention(placed, list_kind, matcher), "sector": extraction.outline.sector_of(placed.section_id)}
        for placed, list_kind in _mentions(extraction.outline, matcher)
    ]
    extraction.add("project_mentions", rows)
    unmatched = [f"{r['paragraph_id']} “{r['title']}”" for r in rows if r["project_key"] is None]
    if unmatched:
        extraction.warn(f"project mentions without an Annex II project: {'; '.join(unmatched)}")


def introduced_as_approved(paragraphs, index: int) -> bool:
    """Is the list item at ``index`` in a list that a paragraph introduces as approved projects?"""
    start = list_start(paragraphs, index)
    intro = paragraphs[start - 1].paragraph.text if start > 0 else ""
    return intro.endswith(":") and bool(APPROVAL_INTRO.search(intro)) and "projet" in intro


def list_start(paragraphs, index: int) -> int:
    """Where the list that holds the item at ``index`` starts."""
    while index > 0 and paragraphs[index - 1].kind == "list_item":
        index -= 1
    return index


def _mentions(outline, matcher: TitleMatcher):
    """(placed paragraph, list kind) for every project mention, in document order."""
    sections = {s.section_id: s for s in outline.sections}
    paragraphs = [p for p in outline.paragraphs if p.table_number is None and sections[p.section_id].kind != "annex"]
    project_sections = _project_sections(paragraphs, sections, matcher)
    for index, placed in enumerate(paragraphs):
        if placed.kind == "list_item" and introduced_as_approved(paragraphs, index):
            yield placed, MENTIONED_APPROVED
        elif not _may_present(placed):
            continue
        elif placed.section_id in project_sections:
            yield placed, project_sections[placed.section_id] or _matched_list(placed, matcher)
        elif _presents_project(placed, matcher):
            yield placed, _matched_list(placed, matcher)


def _may_present(placed) -> bool:
    return placed.kind in ("list_item", "paragraph") and not placed.paragraph.text.endswith(":")


def _project_sections(paragraphs, sections: dict, matcher: TitleMatcher) -> dict[str, str | None]:
    """Sub-sections whose heading speaks of projects and whose items mostly match Annex II titles
    → the list their heading names (``intégrés``, ``en cours``), or None when it names none."""
    found = {}
    for section_id in dict.fromkeys(p.section_id for p in paragraphs):
        section = sections[section_id]
        title = fold(section.title or "")
        items = [p for p in paragraphs if p.section_id == section_id and _may_present(p)]
        if section.kind != "subsection" or "projet" not in title or not items:
            continue
        matched = sum(matcher.closest(_candidates(p))[0] >= MATCH_THRESHOLD for p in items)
        if 2 * matched >= len(items):
            found[section_id] = INTEGRATED if "integr" in title else MENTIONED_ONGOING if "en cours" in title else None
    return found


def _presents_project(placed, matcher: TitleMatcher) -> bool:
    """A first sentence that names a whole Annex II title presents that project."""
    score, candidate, project = matcher.closest(_candidates(placed))
    return score >= PRESENTS_PROJECT and matcher.covered(candidate, project) >= TITLE_COVERED


def _matched_list(placed, matcher: TitleMatcher) -> str:
    _, _, project = matcher.closest(_candidates(placed))
    return MENTION_LIST[project.list] if project is not None else MENTIONED_OTHER


def _candidates(placed) -> list[str]:
    return title_candidates(first_sentence(placed.paragraph.text))


def _mention(placed, list_kind: str, matcher: TitleMatcher) -> dict:
    text = placed.paragraph.text
    first = first_sentence(text)
    proposal = PROPOSAL.match(first) if list_kind == MENTIONED_APPROVED else None
    phase = roman_to_int(proposal.group("phase")) if proposal and proposal.group("phase") else None
    candidates = title_candidates(_strip_proposer(proposal.group("rest")) if proposal else first)
    title, project = matcher.best(candidates, phase, list_kind)
    named = phase or phase_of(title) or _phase_named(first) or _phase_named(text)
    project, certain = _phase_told(project, named, title, list_kind, matcher)
    session = SESSION.search(text) if proposal else None
    citation = CITATION.search(text) if proposal else None
    who = PROPOSER.search(first)
    return {
        "paragraph_id": placed.paragraph_id,
        "section_id": placed.section_id,
        "presented_as": list_kind,
        "marker": placed.paragraph.list_marker,
        "title": title,
        "phase": (project.phase or 1 if len(matcher.family(project)) > 1 else project.phase)
        if project is not None and certain
        else None,
        "proposers": enumeration(who.group("who")) if who else [],
        "cdip_session": ordinal_to_int(session.group("ordinal")) if session else None,
        "recommendation_numbers": numbers(citation.group("numbers")) if citation else [],
        "project_key": project.key if project else None,
        "family_key": project.family if project else None,
        "phase_certain": certain if project else None,
    }


def _phase_told(project: Project | None, named: int | None, title: str, list_kind: str, matcher: TitleMatcher):
    """The phase of the project the mention speaks of, and whether the text tells it: a phase it
    names (``la phase II du projet``), the only phase in the list it sits in, or the only phase
    whose title's wording it follows. Otherwise the family's first project, not certain."""
    family = matcher.family(project) if project is not None else []
    if len(family) <= 1:
        return project, True
    if named is not None:
        told = [p for p in family if (p.phase or 1) == named]
        if told:
            return told[0], True
    implied = [p for p in family if MENTION_LIST[p.list] == list_kind]
    if len(implied) == 1:
        return implied[0], True
    scores = sorted(((matcher.score(title, p), p) for p in implied or family), key=lambda pair: -pair[0])
    if scores[0][0] - scores[1][0] >= WORDING_MARGIN:
        return scores[0][1], True
    return next(p for p in family if p.key == p.family), False


def _phase_named(text: str) -> int | None:
    """``la phase II du projet``, ``– Phase II``: the phase the paragraph names, if one."""
    named = {roman_to_int(m.group("numeral")) for m in PHASE.finditer(text)}
    return named.pop() if len(named) == 1 else None


def _strip_proposer(text: str) -> str:
    return PROPOSER.sub("", text, count=1).strip(" ,")
