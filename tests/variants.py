"""Edits of the 2023 text that tests apply to make a report the extractor has not seen."""

from __future__ import annotations

import re

ONGOING_8 = (
    "\t8.\n\tRéduire les accidents du travail et les maladies professionnelles au moyen de l’innovation "
    "et de la propriété intellectuelle\n\n"
)
COMPLETED_40 = "\t40\n\tDroit d’auteur et diffusion de contenu dans l’environnement numérique\n\n"
FOOTNOTE_30 = "[30:  \tL’une pour l’Amérique latine, l’autre pour les Caraïbes.]"
RECOMMENDATION_45_LAST_RESULT = (
    "\n\n4.3 Mise en valeur des connaissances et des compétences en matière de "
    "propriété intellectuelle dans tous les États\u00a0membres.\n"
)


def move_last_ongoing_project_to_completed(text: str) -> str:
    """Ongoing project 8 becomes completed project 41; the declared counts follow."""
    assert ONGOING_8 in text and COMPLETED_40 in text
    text = text.replace(ONGOING_8, "").replace("décembre\u00a02023 (8)", "décembre\u00a02023 (7)")
    text = text.replace(
        "évalués du Plan d’action pour le développement (40)", "évalués du Plan d’action pour le développement (41)"
    )
    return text.replace(COMPLETED_40, COMPLETED_40 + ONGOING_8.replace("\t8.", "\t41."))


def change_footnote_30(text: str) -> str:
    assert FOOTNOTE_30 in text
    return text.replace(FOOTNOTE_30, "[30:  \tL’une pour l’Amérique latine, l’autre pour les Caraïbes anglophones.]")


def remove_last_link_of_recommendation_45(text: str) -> str:
    index = text.rindex(RECOMMENDATION_45_LAST_RESULT)
    return text[:index] + "\n" + text[index + len(RECOMMENDATION_45_LAST_RESULT) :]


ANNEX_I_TITLE_END = "pour\u00a0la période\u00a02022\u20112026\n"
RECOMMENDATION_23 = "\tRecommandation n°\u00a023\n"
SECTOR_NUMERAL = re.compile(r"^(?:I|II|III|IV|V|VI|VII|VIII|IX)\. (?=Secteur|Bureau)", re.MULTILINE)
APPROVAL_SENTENCE = (
    "Les sept\u00a0propositions de projets suivantes ont été approuvées par le\u00a0CDIP, ce qui porte "
    "à 55 le nombre total de projets approuvés fin\u00a02023\u00a0:"
)


def replace_once(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


def split_annex_i(text: str, separator: str) -> str:
    """Annex I in two tables: ``separator`` (a line that is not a cell) before recommendation 23."""
    return replace_once(text, RECOMMENDATION_23, f"{separator}\n{RECOMMENDATION_23}")


def without_sector_numerals(text: str) -> str:
    """Sector headings as a text export shows them when Word's numbering drew the numerals."""
    stripped = SECTOR_NUMERAL.sub("", text)
    assert text.count("\n") == stripped.count("\n") and len(SECTOR_NUMERAL.findall(text)) == 9
    return stripped


def sector_lines(text: str, numeral: str) -> tuple[int, int]:
    """Where a sector's lines start and end (the next sector's heading, or the conclusion)."""
    start = text.index(f"\n{numeral}. ") + 1
    following = re.search(r"\n(?:[IVX]+\. |Conclusion\n)", text[start:])
    return start, start + following.start() + 1
