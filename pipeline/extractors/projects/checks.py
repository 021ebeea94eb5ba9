"""What the body says of the projects, checked against Annex II: the total of projects it states,
the number of approved proposals it announces, the approved proposals it lists (one for each
approved project of the annex), and the recommendations they cite (among Annex I's)."""

from __future__ import annotations

import re

from pipeline.extractors.context import extractor
from pipeline.extractors.projects.mentions import introduced_as_approved, list_start
from pipeline.extractors.projects.titles import APPROVED, MENTIONED_APPROVED
from pipeline.language.french import fold, number_in_words
from pipeline.language.sentences import sentences

TOTAL_CHECK = "total projects stated in the body = Annex II projects"
ANNOUNCED_CHECK = "approved proposals announced = listed"
# "le nombre total de projets", "un total de 55 projets", "55 projets au total" (folded text)
TOTAL_OF_PROJECTS = re.compile(
    r"\btotal\s+(?:de\s+|d')(?:\S+\s+){0,2}projets\b|\bprojets\s+(?:\S+\s+){0,3}au\s+total\b"
)
# A number of one to three digits, not part of a longer number (2023, 2.1, 31/4) nor a percentage;
# the full stop that ends a sentence may follow it ("… s'élève à 55.").
STATED_NUMBER = re.compile(r"(?<![\d/.])(?P<number>\d{1,3})(?![\d/]|\.\d|\s*%)")
ANNOUNCED = re.compile(r"\b(?P<number>\w+)\s+(?:nouvel(?:le)?s\s+)?(?:propositions|projets)\b", re.IGNORECASE)


@extractor(requires=("projects", "project_mentions", "recommendations"))
def project_checks(extraction) -> None:
    """The body's totals and approved proposals, checked against Annex II and Annex I."""
    projects, rows = extraction.datasets["projects"], extraction.datasets["project_mentions"]
    approved = [r for r in rows if r["presented_as"] == MENTIONED_APPROVED]
    _check_stated_total(extraction, len(projects))
    if approved or any(p["list"] == APPROVED for p in projects):
        _check_announced(extraction, len(approved))
        extraction.check(
            "approved proposals link to the Annex II approved projects, one each",
            sorted(p["project_key"] for p in projects if p["list"] == APPROVED),
            sorted(r["project_key"] for r in approved if r["project_key"]),
            "project_mentions",
        )
    known = {r["recommendation"] for r in extraction.datasets["recommendations"]}
    cited = sorted({n for r in rows for n in r["recommendation_numbers"]})
    if known:
        extraction.check(
            f"recommendations cited by approved proposals are among Annex I's {len(known)}",
            [],
            [n for n in cited if n not in known],
            "project_mentions",
        )


def _check_stated_total(extraction, annex_total: int) -> None:
    """The body states the total of projects the CDIP has approved (2023: “… ce qui porte à 55 le
    nombre total de projets approuvés”): the sentence that speaks of a total of projects."""
    for placed in extraction.outline.paragraphs:
        for sentence in sentences(placed.paragraph.text):
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
        if placed.kind == "list_item" and introduced_as_approved(paragraphs, index):
            intro = paragraphs[list_start(paragraphs, index) - 1]
            for match in ANNOUNCED.finditer(intro.paragraph.text):
                announced = number_in_words(match.group("number"))
                if announced is not None:
                    extraction.check(ANNOUNCED_CHECK, announced, listed, intro.paragraph_id)
                    return
            extraction.check_not_run(
                ANNOUNCED_CHECK, f"the paragraph introducing them ({intro.paragraph_id}) gives no number of proposals"
            )
            return
    extraction.check_not_run(ANNOUNCED_CHECK, "no paragraph introduces a list of approved proposals")
