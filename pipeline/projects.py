"""Projects: the lists of Annex II, and the projects the body talks about.

Annex II is the table whose cells hold group headings ending with a declared
count (``Projets achevés et évalués … (40)``), each followed by pairs of cells:
a number (``37.`` or ``38``) and a title. The group heading's wording gives the
list (see ``LIST_KINDS``).

In the body, project mentions are the items of the sub-sections titled
``Projets intégrés …`` / ``Projets en cours …`` (or, where a sub-section has
no list, its paragraphs other than the one introducing a list), and the items
of a list introduced by a paragraph announcing approved proposals.
Each mention is matched to the Annex II project whose title it best covers.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from pipeline.errors import ReportError
from pipeline.french import content_words, enumeration, fold, number_in_words, numbers, ordinal_to_int, roman_to_int
from pipeline.model import Table
from pipeline.recommendations import CITATION

GROUP_HEADING = re.compile(r"^(?P<title>.*\S)\s*\((?P<count>\d+)\)\s*$")
PROJECT_NUMBER = re.compile(r"^(?P<number>\d+)\.?$")
PHASE = re.compile(r"(?:[–—-]\s*|\b)phase\s+(?P<numeral>[IVX]+)\b", re.IGNORECASE)
# (words in the folded group heading, list) — checked in this order.
LIST_KINDS = (
    (("acheves", "evalues"), "completed_evaluated"),
    (("en cours",), "ongoing"),
    (("approuves",), "approved"),
    (("acheves",), "completed"),
)
MENTION_SECTION = re.compile(r"^projets?\s+(?:(?P<integrated>integres)|(?P<ongoing>en cours))\b")
APPROVAL_INTRO = re.compile(r"\bapprouv", re.IGNORECASE)
PROPOSAL = re.compile(
    r"^Proposition\s+(?:de\s+projet\s+(?:pilote\s+)?)?"
    r"(?:relative\s+à\s+la\s+phase\s+(?P<phase>[IVX]+)\s+du\s+projet\s+)?(?P<rest>.*)$", re.IGNORECASE)
PROPOSER = re.compile(
    r",?\s*(?:présent(?:e|ée|é)s?|propos(?:é|ée)s?)\s+par\s+(?P<who>.+?)(?=,\s*intitul|\s+intitul|\s+sur\s|\.\s|\.$|$)")
SESSION = re.compile(
    r"approuvée?s?\s+lors\s+de\s+(?:la|sa)\s+(?P<ordinal>[\w\s-]+?)\s+session\s+du\s+CDIP", re.IGNORECASE)
SENTENCE_END = re.compile(r"\.\s+(?=[A-ZÀ-Ý])|\.$")
# Where a title starts: after "le projet intitulé", "le projet sur", or a lone "sur"/"intitulée".
TITLE_START = re.compile(
    r"^(?:.*?\b(?:le|ce)\s+projet\s+(?:intitulé|concernant|sur|relatif\s+à)\s+|(?:intitulée?|sur)\s+)",
    re.IGNORECASE)
# Where a title may end: a colon or comma, a finite verb, or the name of who proposed or runs it.
TITLE_CUT = re.compile(
    r"\s:\s|,\s|\s(?:a|ont|est|sont|contient|vise|visent)\s|,?\s+(?:proposée?|présentée?|gérée?)\s+par\b")
REGISTRY = "project_keys.tsv"
REGISTRY_MATCH = 0.8  # title similarity above which a registered project is the same project
ACRONYM = re.compile(r"\(([A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+|[A-Z]{2,}[0-9]*)\)")
MATCH_THRESHOLD = 0.5
KEY_WORDS = 8


@dataclass
class Project:
    list: str
    position: int
    title: str
    phase: int | None
    key: str


def project_rows(extraction) -> None:
    table = _annex_table(extraction.document.blocks)
    projects = _projects(table, extraction) if table else []
    if table is None:
        extraction.warn("incomplete: no list of projects (Annex II) found")
    extraction.add("projects", [
        {"project_key": p.key, "list": p.list, "position": p.position, "title": p.title, "phase": p.phase}
        for p in projects
    ])


def project_mention_rows(extraction) -> None:
    projects = [Project(r["list"], r["position"], r["title"], r["phase"], r["project_key"])
                for r in extraction.datasets["projects"]]
    matcher = _Matcher(projects)
    rows = []
    for placed, list_kind in _mentions(extraction.outline):
        rows.append(_mention(placed, list_kind, matcher))
    extraction.add("project_mentions", rows)
    unmatched = [f"{r['paragraph_id']} “{r['title']}”" for r in rows if r["project_key"] is None]
    if unmatched:
        extraction.warn(f"project mentions without an Annex II project: {'; '.join(unmatched)}")
    _check_approved(extraction, rows, projects)


# Annex II ------------------------------------------------------------------

def _annex_table(blocks) -> Table | None:
    for block in blocks:
        if isinstance(block, Table) and any(_group_heading(c) for c in block.cells()):
            return block
    return None


def _group_heading(cell):
    if len(cell.paragraphs) != 1 or PROJECT_NUMBER.match(cell.paragraphs[0].text):
        return None
    return GROUP_HEADING.match(cell.paragraphs[0].text)


def _list_kind(heading: str) -> str | None:
    folded = fold(heading)
    for words, kind in LIST_KINDS:
        if all(w in folded for w in words):
            return kind
    return None


def _projects(table: Table, extraction) -> list[Project]:
    source = extraction.document.source.path
    groups: list[tuple[str, int, list[tuple[int, str]]]] = []
    pending_number = None
    for cell in table.cells():
        text = " ".join(p.text for p in cell.paragraphs)
        heading = _group_heading(cell) if pending_number is None else None
        number = PROJECT_NUMBER.match(text)
        if heading:
            kind = _list_kind(heading.group("title"))
            if kind is None:
                raise ReportError(source, f"Annex II: list heading not understood: “{text}”")
            groups.append((kind, int(heading.group("count")), []))
        elif number and pending_number is None:
            pending_number = int(number.group("number"))
        elif pending_number is not None and groups:
            groups[-1][2].append((pending_number, text))
            pending_number = None
        else:
            raise ReportError(source, f"Annex II: unexpected cell “{text[:60]}”")
    projects = []
    for kind, declared, items in groups:
        if declared != len(items):
            raise ReportError(source, f"Annex II: the list “{kind}” declares {declared} projects but has {len(items)}")
        positions = [n for n, _ in items]
        if positions != list(range(1, len(items) + 1)):
            extraction.warn(f"Annex II: the list “{kind}” is numbered {positions}")
        projects += [Project(kind, position, title, _phase(title), "") for position, (_, title) in
                     enumerate(items, start=1)]
    _assign_keys(projects, source, extraction.warn)
    return projects


def _phase(title: str) -> int | None:
    match = PHASE.search(title)
    return roman_to_int(match.group("numeral")) if match else None


def _without_phase(title: str) -> str:
    return PHASE.sub("", title).strip(" –—-")


def derived_key(title: str, phase: int | None) -> str:
    words = content_words(_without_phase(title))[:KEY_WORDS]
    return "-".join(words) + (f"-phase-{phase}" if phase else "")


def load_registry() -> list[Project]:
    """Keys once issued, from ``pipeline/data/project_keys.tsv`` (key, phase, title)."""
    text = resources.files("pipeline.data").joinpath(REGISTRY).read_text(encoding="utf-8")
    rows = [line.split("\t") for line in text.splitlines()[1:] if line.strip()]
    return [Project("registry", 0, title, int(phase) if phase else None, key) for key, phase, title in rows]


def registered_key(title: str, phase: int | None, registry: list[Project]) -> str | None:
    """The registered key of this project, also when its title is slightly reworded."""
    same_phase = [r for r in registry if (r.phase or 1) == (phase or 1)]
    exact = [r.key for r in same_phase if r.key == derived_key(title, phase)]
    if exact or not same_phase:
        return exact[0] if exact else None
    matcher = _Matcher(same_phase)
    best = max(same_phase, key=lambda r: matcher.score(title, r))
    return best.key if matcher.score(title, best) >= REGISTRY_MATCH else None


def register_keys(projects: list[dict]) -> list[str]:
    """Append to the registry the keys of ``projects`` rows it does not hold; return them."""
    known = {r.key for r in load_registry()}
    new = sorted({(p["project_key"], p["phase"], p["title"]) for p in projects if p["project_key"] not in known})
    if new:
        registry = resources.files("pipeline.data").joinpath(REGISTRY)
        with registry.open("a", encoding="utf-8") as handle:  # keys once issued are never rewritten
            handle.writelines(f"{key}\t{phase or ''}\t{title}\n" for key, phase, title in new)
    return [key for key, _, _ in new]


def _assign_keys(projects: list[Project], source: str, warn) -> None:
    registry = load_registry()
    for project in projects:
        project.key = registered_key(project.title, project.phase, registry) or derived_key(project.title, project.phase)
    unregistered = sorted({p.key for p in projects} - {r.key for r in registry})
    if unregistered:
        warn(f"project keys not yet in the registry (record them with `da-extract keys`): {', '.join(unregistered)}")
    keys = Counter(p.key for p in projects)
    for project in projects:
        if keys[project.key] > 1:
            project.key += f"-{project.list}"
    duplicates = [k for k, n in Counter(p.key for p in projects).items() if n > 1]
    if duplicates:
        raise ReportError(source, f"Annex II: projects listed twice: {', '.join(duplicates)}")


# The body's mentions ---------------------------------------------------------

def _mentions(outline):
    """(placed paragraph, list kind) for every project mention, in order."""
    paragraphs = [p for p in outline.paragraphs if p.table_number is None]
    sections = {s.section_id: s for s in outline.sections}
    for index, placed in enumerate(paragraphs):
        section = sections[placed.section_id]
        heading = MENTION_SECTION.match(fold(section.title or "")) if section.kind == "subsection" else None
        if placed.kind == "list_item" and _introduced_as_approved(paragraphs, index):
            yield placed, "approved"
        elif heading and placed.kind in ("list_item", "paragraph") and not placed.paragraph.text.endswith(":"):
            yield placed, "integrated" if heading.group("integrated") else "ongoing"


def _introduced_as_approved(paragraphs, index: int) -> bool:
    while index > 0 and paragraphs[index - 1].kind == "list_item":
        index -= 1
    intro = paragraphs[index - 1].paragraph.text if index > 0 else ""
    return intro.endswith(":") and bool(APPROVAL_INTRO.search(intro)) and "projet" in intro


def _mention(placed, list_kind: str, matcher: "_Matcher") -> dict:
    text = placed.paragraph.text
    first_sentence = SENTENCE_END.split(text, maxsplit=1)[0]
    proposal = PROPOSAL.match(first_sentence) if list_kind == "approved" else None
    phase = roman_to_int(proposal.group("phase")) if proposal and proposal.group("phase") else None
    candidates = _title_candidates(_strip_proposer(proposal.group("rest")) if proposal else first_sentence)
    title, project = matcher.best(candidates, phase, list_kind)
    if phase is None:
        phase = _phase(title)
    session = SESSION.search(text) if proposal else None
    citation = CITATION.search(text) if proposal else None
    who = PROPOSER.search(first_sentence)
    return {
        "paragraph_id": placed.paragraph_id,
        "section_id": placed.section_id,
        "sector": placed.section_id.split(".")[0],
        "list": list_kind,
        "marker": placed.paragraph.list_marker,
        "title": title,
        "phase": phase,
        "proposers": enumeration(who.group("who")) if who else [],
        "cdip_session": ordinal_to_int(session.group("ordinal")) if session else None,
        "recommendations": numbers(citation.group("numbers")) if citation else [],
        "project_key": project.key if project else None,
    }


def _strip_proposer(text: str) -> str:
    return PROPOSER.sub("", text, count=1).strip(" ,")


def _title_candidates(sentence: str) -> list[str]:
    """Possible titles in a mention's first sentence: from where a title starts to each place it may end."""
    sentence = sentence.rstrip(" .")
    start = TITLE_START.match(sentence)
    lead = sentence[start.end():] if start else sentence
    cuts = sorted({len(lead)} | {m.start() for m in TITLE_CUT.finditer(lead)})
    return [lead[:cut].strip(" ,:;.") for cut in cuts if cut > 0]


class _Matcher:
    """Scores how well a candidate title covers an Annex II title.

    Words are weighted by how rare they are among the annex titles, so that
    ``propriété intellectuelle`` (in most titles) counts less than ``gastronomique``.
    """

    def __init__(self, projects: list[Project]):
        self.projects = projects
        frequency = Counter(w for p in projects for w in _title_words(p.title)[0])
        self.weight = {w: math.log(1 + len(projects) / n) for w, n in frequency.items()}

    def score(self, candidate: str, project: Project) -> float:
        mention, mention_acronyms = _title_words(candidate)
        target, target_acronyms = _title_words(project.title)
        if mention_acronyms and target_acronyms and not mention_acronyms & target_acronyms:
            return 0.0  # (IP-ROC) is not (IP-TAD): an acronym names one thing
        weigh = lambda words: sum(self.weight.get(w, math.log(1 + len(self.projects))) for w in words)
        total = weigh(mention) + weigh(target)
        return 2 * weigh(mention & target) / total if total else 0.0

    def best(self, candidates: list[str], phase: int | None, list_kind: str):
        """The best (candidate title, project); project is None below the threshold."""
        best = (-1.0, candidates[0] if candidates else "", None)
        for candidate in candidates:
            wanted_phase = phase if phase is not None else _phase(candidate)
            for project in self.projects:
                score = self.score(candidate, project) + _preference(project, wanted_phase, list_kind)
                if score > best[0]:
                    best = (score, candidate, project)
        score, title, project = best
        return title, project if score >= MATCH_THRESHOLD else None


@lru_cache(maxsize=4096)
def _title_words(title: str) -> tuple[frozenset, frozenset]:
    """The significant words of a title (phase left out) and its acronyms, computed once per title."""
    return frozenset(content_words(_without_phase(title))), frozenset(ACRONYM.findall(title))


def _preference(project: Project, phase: int | None, list_kind: str) -> float:
    """Small bonuses that decide between titles that differ only by phase or list."""
    same_phase = (project.phase or 1) == (phase or 1)
    same_list = {"integrated": "completed_evaluated", "ongoing": "ongoing", "approved": "approved"}[list_kind]
    return 0.05 * same_phase + 0.02 * (project.list == same_list)


def _check_approved(extraction, rows: list[dict], projects: list[Project]) -> None:
    for placed in extraction.outline.paragraphs:
        match = re.search(r"porte\s+à\s+(\d+)\s+le\s+nombre\s+total\s+de\s+projets", placed.paragraph.text)
        if match:
            extraction.check("total projects stated in the body = Annex II projects",
                             int(match.group(1)), len(projects), placed.paragraph_id)
        announced = re.search(r"\bLes\s+(\S+)\s+propositions\s+de\s+projets?\s+suivantes", placed.paragraph.text)
        if announced and number_in_words(announced.group(1)) is not None:
            approved = [r for r in rows if r["list"] == "approved"]
            extraction.check("approved proposals announced = listed", number_in_words(announced.group(1)),
                             len(approved), placed.paragraph_id)
    approved_keys = [r["project_key"] for r in rows if r["list"] == "approved"]
    annex_approved = [p.key for p in projects if p.list == "approved"]
    if approved_keys or annex_approved:
        extraction.check("approved proposals link to the Annex II approved projects, one each",
                         sorted(annex_approved), sorted(k for k in approved_keys if k), "project_mentions")
    known = {r["number"] for r in extraction.datasets["recommendations"]}
    cited = sorted({n for r in rows for n in r["recommendations"]})
    if known:
        extraction.check(f"recommendations cited by approved proposals are among Annex I's {len(known)}",
                         [], [n for n in cited if n not in known], "project_mentions")
