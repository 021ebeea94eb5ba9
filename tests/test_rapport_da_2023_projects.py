"""Annex II of the 2023 report and the projects its body presents."""

from __future__ import annotations

import json

import pandas as pd
import pytest


def test_55_projects_in_three_lists(load):
    projects = load("projects")
    assert len(projects) == 55
    assert projects.list.value_counts().to_dict() == {"completed_evaluated": 40, "ongoing": 8, "approved": 7}


def test_numbering_without_a_period_parses_like_with_one(load):
    completed = load("projects").query("list == 'completed_evaluated'").set_index("position")
    assert list(completed.index) == list(range(1, 41))
    assert completed.loc[37, "title"] == "Instruments permettant d’élaborer des propositions de projet réussies"
    assert completed.loc[38, "title"].startswith("Renforcer le rôle des femmes dans l’innovation")


def test_project_39_full_title(load):
    completed = load("projects").query("list == 'completed_evaluated'").set_index("position")
    assert completed.loc[39, "title"] == (
        "Propriété intellectuelle, tourisme gastronomique au Pérou et dans d’autres pays en développement : "
        "promouvoir le développement du tourisme gastronomique au Pérou au moyen de la propriété intellectuelle"
    )
    assert pd.isna(completed.loc[39, "phase"])  # no phase in the title


def test_phases_from_titles(load):
    projects = load("projects").set_index(["list", "position"])
    assert projects.loc[("completed_evaluated", 3), "phase"] == 1
    assert projects.loc[("completed_evaluated", 19), "phase"] == 2
    assert projects.loc[("approved", 7), "phase"] == 2  # "– phase II", lower case
    assert projects.loc[("ongoing", 7), "phase"] == 2
    assert projects.phase.notna().sum() == 10


def test_project_keys_are_unique_and_readable(load):
    projects = load("projects").set_index(["list", "position"])
    assert projects.project_key.is_unique
    assert (
        projects.loc[("approved", 7), "project_key"] == "droit-auteur-diffusion-contenu-environnement-numerique-phase-2"
    )
    assert (
        projects.loc[("completed_evaluated", 40), "project_key"]
        == "droit-auteur-diffusion-contenu-environnement-numerique"
    )


def test_the_seven_approved_proposals(load):
    mentions = load("project_mentions").query("presented_as == 'approved'").set_index("marker")
    assert list(mentions.index) == ["i", "ii", "iii", "iv", "v", "vi", "vii"]
    assert [list(p) for p in mentions.proposers] == [
        ["le Kenya"],
        ["le groupe des pays africains"],
        ["les États-Unis d’Amérique", "la République de Corée", "le Canada"],
        ["le Pérou", "le Cameroun", "la Malaisie", "le Maroc"],
        ["les Philippines"],
        ["l’Inde"],
        ["le Brésil"],
    ]
    assert list(mentions.cdip_session) == [30, 30, 30, 30, 31, 31, 31]
    assert list(mentions.loc["vii", "recommendation_numbers"]) == [1, 3, 4, 10, 11, 16, 25, 35]
    assert list(mentions.loc["i", "recommendation_numbers"]) == [4, 10, 11, 45]
    assert list(mentions.phase.fillna(0)) == [0, 0, 0, 2, 0, 0, 2]


def test_each_approved_proposal_links_to_one_approved_project(load):
    mentions = load("project_mentions").query("presented_as == 'approved'")
    projects = load("projects").set_index("project_key")
    linked = projects.loc[mentions.project_key]
    assert list(linked.list) == ["approved"] * 7
    assert list(linked.position) == [1, 2, 3, 4, 5, 6, 7]


def test_body_mentions_link_to_annex_projects_despite_rewording(load):
    mentions = load("project_mentions").set_index("paragraph_id")
    projects = load("projects").set_index("project_key")

    def annex(paragraph_id):
        project = projects.loc[mentions.loc[paragraph_id, "project_key"]]
        return project.list, project.position

    assert annex("I.7:9") == ("completed_evaluated", 15)  # "image de marque" / "création de marques"
    assert annex("III.4:2") == ("ongoing", 6)  # "Donner les moyens…" / "Renforcement du pouvoir…"
    assert annex("IV.4:5") == ("ongoing", 7)  # "– phase II": the phase decides
    assert annex("VII.5:2") == ("completed_evaluated", 3)  # no phase named: phase I, not II
    assert annex("I.8:1") == ("ongoing", 8)  # "le projet intitulé …" inside a sentence
    assert mentions.loc["I.8:1", "proposers"].tolist() == ["la Tunisie"]


def test_mentions_per_sector_and_list(load):
    mentions = load("project_mentions")
    assert len(mentions) == 39
    assert mentions.groupby(["sector", "presented_as"]).size().to_dict() == {
        ("I", "approved"): 7,
        ("I", "integrated"): 8,
        ("I", "ongoing"): 1,
        ("III", "integrated"): 1,
        ("III", "ongoing"): 2,
        ("IV", "integrated"): 2,
        ("IV", "ongoing"): 4,
        ("V", "integrated"): 1,
        ("VI", "integrated"): 1,
        ("VII", "integrated"): 9,
        ("VII", "ongoing"): 2,
        ("VIII", "integrated"): 1,
    }


def test_unmatched_mention_is_listed_not_forced(load, extracted_2023):
    mentions = load("project_mentions").set_index("paragraph_id")
    assert mentions.project_key.isna().sum() == 1
    assert mentions.loc["I.7:5", "title"].endswith("(IP-ROC)")
    warnings = json.loads((extracted_2023 / "manifest" / "2023.json").read_text(encoding="utf-8"))["warnings"]
    assert any(w.startswith("project mentions without an Annex II project: I.7:5") for w in warnings)


def test_consistency_checks_pass(extracted_2023):
    checks = json.loads((extracted_2023 / "manifest" / "2023.json").read_text(encoding="utf-8"))["checks"][:7]
    assert [(c["check"], c["status"], c["found"], c["where"]) for c in checks[:5]] == [
        (
            "Annex II: projects declared in the heading of the list “completed_evaluated” = listed",
            "passed",
            40,
            "annex-II:1",
        ),
        ("Annex II: projects declared in the heading of the list “ongoing” = listed", "passed", 8, "annex-II:82"),
        ("Annex II: projects declared in the heading of the list “approved” = listed", "passed", 7, "annex-II:99"),
        ("total projects stated in the body = Annex II projects", "passed", 55, "I.6:1"),
        ("approved proposals announced = listed", "passed", 7, "I.6:1"),
    ]
    assert [(c["check"], c["status"]) for c in checks[5:]] == [
        ("approved proposals link to the Annex II approved projects, one each", "passed"),
        ("recommendations cited by approved proposals are among Annex I's 45", "passed"),
    ]


@pytest.mark.parametrize(
    "paragraph_id, project_key, phase, certain",
    [
        # the phase the text names: "la phase II du projet a été approuvée"
        ("IV.4:2", "droit-auteur-diffusion-contenu-environnement-numerique-phase-2", 2, True),
        # the title's wording is one phase's only: "jeunes" académies (Phase II), "informations techniques" (Phase I)
        ("I.7:2", "creation-jeunes-academies-nationales-propriete-intellectuelle-phase-2", 2, True),
        (
            "I.7:3",
            "renforcement-capacites-utilisation-informations-techniques-scientifiques-axees-technologies",
            1,
            True,
        ),
        # both phases completed, the same title: the family, and no phase
        ("VII.5:2", "acces-bases-donnees-specialisees-appui-phase-1", None, False),
        ("VII.5:3", "elaboration-instruments-permettant-acceder-information-brevets", None, False),
    ],
)
def test_a_mention_is_linked_to_the_phase_its_text_tells(load, paragraph_id, project_key, phase, certain):
    mention = load("project_mentions").set_index("paragraph_id").loc[paragraph_id]
    assert (mention.project_key, None if pd.isna(mention.phase) else mention.phase, mention.phase_certain) == (
        project_key,
        phase,
        certain,
    )
    assert mention.family_key == load("projects").set_index("project_key").loc[project_key, "family_key"]


def test_phases_of_one_project_are_one_family(load):
    projects = load("projects")
    families = projects.groupby("family_key").project_key.apply(sorted)
    assert families["creation-nouvelles-academies-nationales-propriete-intellectuelle"] == [
        "creation-jeunes-academies-nationales-propriete-intellectuelle-phase-2",
        "creation-nouvelles-academies-nationales-propriete-intellectuelle",
    ]
    assert (families.map(len) > 1).sum() == 9
