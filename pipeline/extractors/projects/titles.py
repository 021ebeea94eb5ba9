"""A project of Annex II, the phase its title names, and how well a candidate title covers it.

Titles are compared by their significant words, weighted by how rare they are among the annex
titles; an acronym (``IP-ROC``) names one project; the phase is left out of the comparison and
decides only between titles that differ by it.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from pipeline.datasets.schema import MENTION_LISTS, PROJECT_LISTS
from pipeline.language.french import content_words, roman_to_int

PHASE = re.compile(r"(?:[–—-]\s*|\b)phase\s+(?P<numeral>[IVX]+)\b", re.IGNORECASE)
ACRONYM = re.compile(r"\(([A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+|[A-Z]{2,}[0-9]*)\)")
MATCH_THRESHOLD = 0.5
# Where a title starts: after "le projet intitulé", "le projet sur", or a lone "sur"/"intitulée".
TITLE_START = re.compile(
    r"^(?:.*?\b(?:le|ce)\s+projet\s+(?:intitulé|concernant|sur|relatif\s+à)\s+|(?:intitulée?|sur)\s+)", re.IGNORECASE
)
# Where a title may end: a colon or comma, a finite verb, or the name of who proposed or runs it.
TITLE_CUT = re.compile(
    r"\s:\s|,\s|\s(?:a|ont|est|sont|contient|vise|visent)\s|,?\s+(?:proposée?|présentée?|gérée?)\s+par\b"
)
COMPLETED_EVALUATED, ONGOING, APPROVED, COMPLETED, OTHER = PROJECT_LISTS
INTEGRATED, MENTIONED_ONGOING, MENTIONED_APPROVED, MENTIONED_OTHER = MENTION_LISTS
# The body speaks of completed projects as integrated into WIPO's regular work.
MENTION_LIST = {
    COMPLETED_EVALUATED: INTEGRATED,
    COMPLETED: INTEGRATED,
    ONGOING: MENTIONED_ONGOING,
    APPROVED: MENTIONED_APPROVED,
    OTHER: MENTIONED_OTHER,
}


@dataclass
class Project:
    list: str
    position: int
    title: str
    phase: int | None
    key: str
    family: str = ""  # the key of the family's first project: the phases of one project are one family


def phase_of(title: str) -> int | None:
    """The phase a title names (``– Phase II`` → 2), if one."""
    match = PHASE.search(title)
    return roman_to_int(match.group("numeral")) if match else None


def without_phase(title: str) -> str:
    return PHASE.sub("", title).strip(" –—-")


def title_candidates(sentence: str) -> list[str]:
    """Possible titles in a mention's first sentence: from where a title starts to each place it may end."""
    sentence = sentence.rstrip(" .")
    start = TITLE_START.match(sentence)
    lead = sentence[start.end() :] if start else sentence
    cuts = sorted({len(lead)} | {m.start() for m in TITLE_CUT.finditer(lead)})
    return [lead[:cut].strip(" ,:;.") for cut in cuts if cut > 0]


class TitleMatcher:
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
            wanted_phase = phase if phase is not None else phase_of(candidate)
            for project in self.projects:
                score = self.score(candidate, project) + _preference(project, wanted_phase, list_kind)
                if score > best[0]:
                    best = (score, candidate, project)
        score, title, project = best
        return title, project if score >= MATCH_THRESHOLD else None


@lru_cache(maxsize=4096)
def _title_words(title: str) -> tuple[frozenset, frozenset]:
    """The significant words of a title (phase left out) and its acronyms, computed once per title."""
    return frozenset(content_words(without_phase(title))), frozenset(ACRONYM.findall(title))


def _preference(project: Project, phase: int | None, list_kind: str) -> float:
    """Small bonuses that decide between titles that differ only by phase or list."""
    same_phase = (project.phase or 1) == (phase or 1)
    same_list = {INTEGRATED: COMPLETED_EVALUATED, MENTIONED_ONGOING: ONGOING, MENTIONED_APPROVED: APPROVED}.get(
        list_kind
    )
    return 0.05 * same_phase + 0.02 * (project.list == same_list)
