"""Edits of the 2023 text that tests apply to make a report the extractor has not seen."""

from __future__ import annotations

ONGOING_8 = ("\t8.\n\tRéduire les accidents du travail et les maladies professionnelles au moyen de l’innovation "
             "et de la propriété intellectuelle\n\n")
COMPLETED_40 = "\t40\n\tDroit d’auteur et diffusion de contenu dans l’environnement numérique\n\n"
FOOTNOTE_30 = "[30:  \tL’une pour l’Amérique latine, l’autre pour les Caraïbes.]"
RECOMMENDATION_45_LAST_RESULT = ("\n\n4.3 Mise en valeur des connaissances et des compétences en matière de "
                                 "propriété intellectuelle dans tous les États\u00a0membres.\n")


def move_last_ongoing_project_to_completed(text: str) -> str:
    """Ongoing project 8 becomes completed project 41; the declared counts follow."""
    assert ONGOING_8 in text and COMPLETED_40 in text
    text = text.replace(ONGOING_8, "").replace("décembre\u00a02023 (8)", "décembre\u00a02023 (7)")
    text = text.replace("évalués du Plan d’action pour le développement (40)",
                        "évalués du Plan d’action pour le développement (41)")
    return text.replace(COMPLETED_40, COMPLETED_40 + ONGOING_8.replace("\t8.", "\t41."))


def change_footnote_30(text: str) -> str:
    assert FOOTNOTE_30 in text
    return text.replace(FOOTNOTE_30, "[30:  \tL’une pour l’Amérique latine, l’autre pour les Caraïbes anglophones.]")


def remove_last_link_of_recommendation_45(text: str) -> str:
    index = text.rindex(RECOMMENDATION_45_LAST_RESULT)
    return text[:index] + "\n" + text[index + len(RECOMMENDATION_45_LAST_RESULT):]
