"""Projects: the lists of Annex II, and the projects the body talks about.

Annex II is read by its shape, whatever holds it (one table, one table per list,
numbered paragraphs): a list is a heading followed by numbered titles — a number
alone (``37.``, ``38``) then its title, a title typed after its number
(``12. Titre``), or a paragraph that automatic numbering numbers. The heading's
wording says which list it is, approximately (see ``LIST_WORDS``); a heading that
says none of it gives the list ``other``, with a warning. A heading usually ends
with its count (``(40)``): a count that differs from the rows is a failed check,
a missing count a warning.

In the body, a project mention is a paragraph or list item that presents a project:
the items of a sub-section whose heading speaks of projects and whose items match
Annex II titles (``Projets intégrés …`` / ``Projets en cours …``), the items of a list
introduced as approved proposals, and anywhere else a paragraph whose first sentence
names a whole Annex II title. Each mention is matched to the Annex II project whose
title it best covers.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from pipeline.errors import ReportError
from pipeline.language.french import content_words, enumeration, fold, number_in_words, numbers, ordinal_to_int, roman_to_int
from pipeline.extractors.recommendations import CITATION
from pipeline.datasets.schema import MENTION_LISTS, PROJECT_LISTS
from pipeline.extractors.shapes import ITEM_NUMBER, LIST_HEADING, RECOMMENDATION_HEADER, numbered_title
from pipeline.extractors.structure import units

PHASE = re.compile(r"(?:[–—-]\s*|\b)phase\s+(?P<numeral>[IVX]+)\b", re.IGNORECASE)
# What a list heading says of its projects, in folded words; a combination gives the list.
LIST_WORDS = (
    ("evaluated", re.compile(r"\bevalue")),
    ("completed", re.compile(r"\bacheve|\btermine|\bmenes? a (?:bien|terme)|\bcloture|\bclos\b|\bfinalise")),
    ("ongoing", re.compile(r"\ben cours\b|\ben voie\b")),
    ("approved", re.compile(r"\bapprouve|\badopte")),
)
COMPLETED_EVALUATED, ONGOING, APPROVED, COMPLETED, OTHER = PROJECT_LISTS
LIST_KINDS = {
    frozenset({"evaluated"}): COMPLETED_EVALUATED,
    frozenset({"completed", "evaluated"}): COMPLETED_EVALUATED,
    frozenset({"completed"}): COMPLETED,
    frozenset({"ongoing"}): ONGOING,
    frozenset({"approved"}): APPROVED,
}
INTEGRATED, MENTIONED_ONGOING, MENTIONED_APPROVED, MENTIONED_OTHER = MENTION_LISTS
# The body speaks of completed projects as integrated into WIPO's regular work.
MENTION_LIST = {COMPLETED_EVALUATED: INTEGRATED, COMPLETED: INTEGRATED, ONGOING: MENTIONED_ONGOING,
                APPROVED: MENTIONED_APPROVED, OTHER: MENTIONED_OTHER}
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
WORDING_MARGIN = 0.15  # a mention closer by this to one phase's title than to the others' follows its wording
PRESENTS_PROJECT = 0.75  # outside the project sub-sections, a first sentence this close to a title presents it …
TITLE_COVERED = 0.9  # … if it holds this share of the title's words
KEY_WORDS = 8


@dataclass
class Project:
    list: str
    position: int
    title: str
    phase: int | None
    key: str
    family: str = ""  # the key of the family's first project: the phases of one project are one family


@dataclass
class _List:
    heading: str
    kind: str
    declared: int | None
    where: str  # paragraph id of the heading
    items: list[tuple[int, str]] = field(default_factory=list)  # (number as written, title)
    paragraphs: int = 0  # items written as paragraphs rather than table cells


def project_rows(extraction) -> None:
    lists = _annex_lists(extraction)
    if not lists:
        extraction.warn("incomplete: no list of projects (Annex II) found")
    if any(found.paragraphs for found in lists):
        extraction.warn("Annex II: its lists are numbered paragraphs, not a table: each project is one row of "
                        "`paragraphs` (its number is not text), where a table gives a cell for the number and one "
                        "for the title")
    projects = []
    for found in lists:
        _check_list(found, extraction)
        projects += [Project(found.kind, position, title, _phase(title), "")
                     for position, (_, title) in enumerate(found.items, start=1)]
    _assign_keys(projects, extraction.warn)
    _assign_families(projects)
    extraction.add("projects", [
        {"project_key": p.key, "family_key": p.family, "list": p.list, "position": p.position, "title": p.title,
         "phase": p.phase}
        for p in projects
    ])


def project_mention_rows(extraction) -> None:
    projects = [Project(r["list"], r["position"], r["title"], r["phase"], r["project_key"], r["family_key"])
                for r in extraction.datasets["projects"]]
    matcher = _Matcher(projects)
    rows = [_mention(placed, list_kind, matcher) for placed, list_kind in _mentions(extraction.outline, matcher)]
    extraction.add("project_mentions", rows)
    unmatched = [f"{r['paragraph_id']} “{r['title']}”" for r in rows if r["project_key"] is None]
    if unmatched:
        extraction.warn(f"project mentions without an Annex II project: {'; '.join(unmatched)}")
    _check_approved(extraction, rows, projects)


# Annex II ------------------------------------------------------------------

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
        warn(f"Annex II: the list heading “{heading}” does not say whether its projects are completed, ongoing "
             "or approved: list “other”")
    return kind or OTHER


def _check_list(found: _List, extraction) -> None:
    if found.declared is None:
        if found.heading:
            extraction.warn(f"Annex II: the list “{found.heading}” states no count; {len(found.items)} projects read")
    else:
        extraction.check(f"Annex II: projects declared in the heading of the list “{found.kind}” = listed",
                         found.declared, len(found.items), found.where)
    positions = [n for n, _ in found.items]
    if positions != list(range(1, len(found.items) + 1)):
        extraction.warn(f"Annex II: the list “{found.kind}” is numbered {positions}")


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


REGISTRY_IN_REPOSITORY = Path("pipeline") / "data" / REGISTRY


def register_keys(projects: list[dict], registry: Path = REGISTRY_IN_REPOSITORY) -> list[str]:
    """Append to ``registry`` (the repository's file, not an installed copy) the keys of ``projects``
    rows it does not hold; return them."""
    if not registry.is_file():
        raise ReportError(str(registry), "no project-key registry here: run from the repository's folder, or "
                                         "name the registry with --registry")
    text = registry.read_text(encoding="utf-8")
    known = {line.split("\t")[0] for line in text.splitlines()[1:] if line.strip()}
    new = sorted({(p["project_key"], p["phase"], p["title"]) for p in projects if p["project_key"] not in known})
    if new:
        with registry.open("a", encoding="utf-8") as handle:  # keys once issued are never rewritten
            handle.writelines(f"{key}\t{phase or ''}\t{title}\n" for key, phase, title in new)
    return [key for key, _, _ in new]


def _assign_families(projects: list[Project]) -> None:
    """A later phase (``– Phase II``) belongs to the family of the first-phase project its title,
    phase left out, is closest to (its wording may change: ``nouvelles`` → ``“jeunes” académies``);
    a family is keyed by its first phase."""
    matcher = _Matcher(projects)
    first = [p for p in projects if (p.phase or 1) == 1]
    for project in projects:
        project.family = project.key
        if (project.phase or 1) > 1 and first:
            score, head = max(((matcher.score(_without_phase(project.title), h), h) for h in first),
                              key=lambda pair: pair[0])
            project.family = head.key if score >= MATCH_THRESHOLD else project.key


def _assign_keys(projects: list[Project], warn) -> None:
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
        warn(f"Annex II: projects listed twice in the same list (keys numbered -2, -3 …): {', '.join(duplicates)}")
    seen: Counter = Counter()
    for project in projects:
        seen[project.key] += 1
        if project.key in duplicates and seen[project.key] > 1:
            project.key += f"-{seen[project.key]}"


# The body's mentions ---------------------------------------------------------

def _mentions(outline, matcher: "_Matcher"):
    """(placed paragraph, list kind) for every project mention, in document order."""
    sections = {s.section_id: s for s in outline.sections}
    paragraphs = [p for p in outline.paragraphs if p.table_number is None and sections[p.section_id].kind != "annex"]
    project_sections = _project_sections(paragraphs, sections, matcher)
    for index, placed in enumerate(paragraphs):
        if placed.kind == "list_item" and _introduced_as_approved(paragraphs, index):
            yield placed, MENTIONED_APPROVED
        elif not _may_present(placed):
            continue
        elif placed.section_id in project_sections:
            yield placed, project_sections[placed.section_id] or _matched_list(placed, matcher)
        elif _presents_project(placed, matcher):
            yield placed, _matched_list(placed, matcher)


def _may_present(placed) -> bool:
    return placed.kind in ("list_item", "paragraph") and not placed.paragraph.text.endswith(":")


def _project_sections(paragraphs, sections: dict, matcher: "_Matcher") -> dict[str, str | None]:
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


def _presents_project(placed, matcher: "_Matcher") -> bool:
    """A first sentence that names a whole Annex II title presents that project."""
    score, candidate, project = matcher.closest(_candidates(placed))
    return score >= PRESENTS_PROJECT and matcher.covered(candidate, project) >= TITLE_COVERED


def _matched_list(placed, matcher: "_Matcher") -> str:
    _, _, project = matcher.closest(_candidates(placed))
    return MENTION_LIST[project.list] if project is not None else MENTIONED_OTHER


def _candidates(placed) -> list[str]:
    return _title_candidates(SENTENCE_END.split(placed.paragraph.text, maxsplit=1)[0])


def _introduced_as_approved(paragraphs, index: int) -> bool:
    start = _list_start(paragraphs, index)
    intro = paragraphs[start - 1].paragraph.text if start > 0 else ""
    return intro.endswith(":") and bool(APPROVAL_INTRO.search(intro)) and "projet" in intro


def _list_start(paragraphs, index: int) -> int:
    while index > 0 and paragraphs[index - 1].kind == "list_item":
        index -= 1
    return index


def _mention(placed, list_kind: str, matcher: "_Matcher") -> dict:
    text = placed.paragraph.text
    first_sentence = SENTENCE_END.split(text, maxsplit=1)[0]
    proposal = PROPOSAL.match(first_sentence) if list_kind == MENTIONED_APPROVED else None
    phase = roman_to_int(proposal.group("phase")) if proposal and proposal.group("phase") else None
    candidates = _title_candidates(_strip_proposer(proposal.group("rest")) if proposal else first_sentence)
    title, project = matcher.best(candidates, phase, list_kind)
    named = phase or _phase(title) or _phase_named(first_sentence) or _phase_named(text)
    project, certain = _phase_told(project, named, title, list_kind, matcher)
    session = SESSION.search(text) if proposal else None
    citation = CITATION.search(text) if proposal else None
    who = PROPOSER.search(first_sentence)
    return {
        "paragraph_id": placed.paragraph_id,
        "section_id": placed.section_id,
        "sector": placed.section_id.split(".")[0],
        "presented_as": list_kind,
        "marker": placed.paragraph.list_marker,
        "title": title,
        "phase": (project.phase or 1 if len(matcher.family(project)) > 1 else project.phase)
        if project is not None and certain else None,
        "proposers": enumeration(who.group("who")) if who else [],
        "cdip_session": ordinal_to_int(session.group("ordinal")) if session else None,
        "recommendations": numbers(citation.group("numbers")) if citation else [],
        "project_key": project.key if project else None,
        "family_key": project.family if project else None,
        "phase_certain": certain if project else None,
    }


def _phase_told(project: Project | None, named: int | None, title: str, list_kind: str, matcher: "_Matcher"):
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
        self._weights: dict[frozenset, float] = {}

    def score(self, candidate: str, project: Project) -> float:
        mention, mention_acronyms = _title_words(candidate)
        target, target_acronyms = _title_words(project.title)
        if mention_acronyms and target_acronyms and not mention_acronyms & target_acronyms:
            return 0.0  # (IP-ROC) is not (IP-TAD): an acronym names one thing
        shared = mention & target
        return 2 * self._weigh(shared) / (self._weigh(mention) + self._weigh(target)) if shared else 0.0

    def family(self, project: Project) -> list[Project]:
        return [p for p in self.projects if p.family == project.family]

    def closest(self, candidates: list[str]) -> tuple[float, str, Project | None]:
        """(score, candidate, project) of the best pair, whatever the threshold."""
        pairs = [(self.score(c, p), c, p) for c in candidates for p in self.projects]
        return max(pairs, key=lambda pair: pair[0], default=(0.0, "", None))

    def covered(self, candidate: str, project: Project) -> float:
        """Share of the project title's weight that the candidate holds."""
        mention, target = _title_words(candidate)[0], _title_words(project.title)[0]
        return self._weigh(mention & target) / self._weigh(target) if target else 0.0

    def _weigh(self, words: frozenset) -> float:
        """A word's weight is rarer the more titles hold it; a word no title holds weighs most."""
        if words not in self._weights:
            unknown = math.log(1 + len(self.projects))
            self._weights[words] = sum(self.weight.get(w, unknown) for w in words)
        return self._weights[words]

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
    same_list = {INTEGRATED: COMPLETED_EVALUATED, MENTIONED_ONGOING: ONGOING, MENTIONED_APPROVED: APPROVED}.get(list_kind)
    return 0.05 * same_phase + 0.02 * (project.list == same_list)


def _check_approved(extraction, rows: list[dict], projects: list[Project]) -> None:
    approved = [r for r in rows if r["presented_as"] == MENTIONED_APPROVED]
    _check_stated_total(extraction, len(projects))
    if approved or any(p.list == APPROVED for p in projects):
        _check_announced(extraction, len(approved))
        extraction.check("approved proposals link to the Annex II approved projects, one each",
                         sorted(p.key for p in projects if p.list == APPROVED),
                         sorted(r["project_key"] for r in approved if r["project_key"]), "project_mentions")
    known = {r["recommendation"] for r in extraction.datasets["recommendations"]}
    cited = sorted({n for r in rows for n in r["recommendations"]})
    if known:
        extraction.check(f"recommendations cited by approved proposals are among Annex I's {len(known)}",
                         [], [n for n in cited if n not in known], "project_mentions")


TOTAL_CHECK = "total projects stated in the body = Annex II projects"
ANNOUNCED_CHECK = "approved proposals announced = listed"
# "le nombre total de projets", "un total de 55 projets", "55 projets au total" (folded text)
TOTAL_OF_PROJECTS = re.compile(r"\btotal\s+(?:de\s+|d')(?:\S+\s+){0,2}projets\b|\bprojets\s+(?:\S+\s+){0,3}au\s+total\b")
STATED_NUMBER = re.compile(r"(?<![\d/.])(?P<number>\d{1,3})(?![\d/.]|\s*%)")
ANNOUNCED = re.compile(r"\b(?P<number>\w+)\s+(?:nouvel(?:le)?s\s+)?(?:propositions|projets)\b", re.IGNORECASE)


def _check_stated_total(extraction, annex_total: int) -> None:
    """The body states the total of projects the CDIP has approved (2023: “… ce qui porte à 55 le
    nombre total de projets approuvés”): the sentence that speaks of a total of projects."""
    for placed in extraction.outline.paragraphs:
        for sentence in SENTENCE_END.split(placed.paragraph.text):
            total = TOTAL_OF_PROJECTS.search(fold(sentence))
            if total:
                stated = _nearest_number(sentence, total.start())
                if stated is not None:
                    extraction.check(TOTAL_CHECK, stated, annex_total, placed.paragraph_id)
                    return
    extraction.check_not_run(TOTAL_CHECK, "no sentence of the body states a total of projects")


def _nearest_number(sentence: str, position: int) -> int | None:
    found = [(abs(m.start() - position), int(m.group("number"))) for m in STATED_NUMBER.finditer(sentence)]
    return min(found)[1] if found else None


def _check_announced(extraction, listed: int) -> None:
    """The paragraph that introduces the approved proposals announces how many (“Les sept propositions …”)."""
    paragraphs = [p for p in extraction.outline.paragraphs if p.table_number is None]
    for index, placed in enumerate(paragraphs):
        if placed.kind == "list_item" and _introduced_as_approved(paragraphs, index):
            intro = paragraphs[_list_start(paragraphs, index) - 1]
            for match in ANNOUNCED.finditer(intro.paragraph.text):
                announced = number_in_words(match.group("number"))
                if announced is not None:
                    extraction.check(ANNOUNCED_CHECK, announced, listed, intro.paragraph_id)
                    return
            extraction.check_not_run(ANNOUNCED_CHECK, f"the paragraph introducing them ({intro.paragraph_id}) "
                                                      "gives no number of proposals")
            return
    extraction.check_not_run(ANNOUNCED_CHECK, "no paragraph introduces a list of approved proposals")
