"""Annex I of the 2023 report: recommendations and their expected results."""

from __future__ import annotations

import json

STARRED_2023 = {1, 3, 4, 6, 7, 11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 35, 37, 42, 44}
RESULT_CODES_2023 = [
    "1.1",
    "2.1",
    "2.2",
    "2.3",
    "2.4",
    "3.1",
    "3.2",
    "3.3",
    "4.1",
    "4.2",
    "4.3",
    "4.4",
    "4.5",
    "5.1",
    "5.3",
]


def test_45_recommendations_numbered_in_order(load):
    assert list(load("recommendations").sort_values("recommendation").recommendation) == list(range(1, 46))


def test_starred_recommendations(load):
    recommendations = load("recommendations")
    assert set(recommendations[recommendations.starred].recommendation) == STARRED_2023


def test_recommendation_22_keeps_its_five_lettered_items(load):
    text = load("recommendations").set_index("recommendation").loc[22, "text"]
    lines = text.split("\n")
    assert len(lines) == 7
    assert lines[0].startswith("Les activités d’établissement de normes de l’OMPI devraient appuyer")
    assert [line[:3] for line in lines[2:]] == ["a) ", "b) ", "c) ", "d) ", "e) "]
    assert lines[6] == (
        "e) la possibilité de dispositions particulières supplémentaires pour les pays en développement et les PMA."
    )


def test_recommendation_15_keeps_its_bullets(load):
    lines = load("recommendations").set_index("recommendation").loc[15, "text"].split("\n")
    assert lines[0] == "Les activités d’établissement de normes doivent :"
    assert [line[:2] for line in lines[1:]] == ["· "] * 5
    assert lines[5] == "· être conformes au principe de neutralité du Secrétariat de l’OMPI."


def test_recommendation_1_text_without_column_labels(load):
    text = load("recommendations").set_index("recommendation").loc[1, "text"]
    assert text.startswith("L’assistance technique de l’OMPI doit notamment être axée sur le développement")
    assert "Liens avec les résultats escomptés" not in text


def test_109_links_between_recommendations_and_results(load):
    links = load("recommendation_results")
    assert len(links) == 109
    assert links.groupby("recommendation").size().loc[[1, 7, 12, 27, 45]].to_dict() == {1: 6, 7: 1, 12: 1, 27: 4, 45: 3}


def test_recommendation_27_links_with_their_wording(load):
    links = load("recommendation_results").query("recommendation == 27").sort_values("position")
    assert list(links.result_code) == ["2.2", "3.2", "4.1", "4.5"]
    assert (
        links.wording.iloc[2]
        == "Intégration des recommandations du Plan d’action pour le développement dans les activités de l’OMPI."
    )


def test_result_codes_are_those_of_the_annex(load):
    assert list(load("expected_results").code) == RESULT_CODES_2023
    assert set(load("recommendation_results").result_code) == set(RESULT_CODES_2023)


def test_result_wording_variants_are_kept(load):
    results = load("expected_results").set_index("code")
    assert [v.split()[3] for v in results.loc["2.4", "variants"]] == ["effectifs", "efficaces"]
    assert results.loc["2.4", "text"].startswith("Interactions et partenariats effectifs")
    assert [v[:30] for v in results.loc["4.1", "variants"]] == [
        "Utilisation plus efficace de l",
        "Intégration des recommandation",
    ]
    assert results.loc["4.1", "link_count"] == 19
    assert len(results.loc["3.3", "variants"]) == 1


def test_variants_are_manifest_warnings_naming_the_recommendations(extracted_2023):
    warnings = json.loads((extracted_2023 / "manifest" / "2023.json").read_text(encoding="utf-8"))["warnings"]
    variant_warnings = [w for w in warnings if w.startswith("expected result")]
    assert len(variant_warnings) == 2
    assert variant_warnings[0].startswith(
        "expected result 2.4 is worded 2 ways: “Interactions et partenariats effectifs"
    )
    assert variant_warnings[0].endswith(
        "(recommendations 1, 30, 40, 42); “Interactions et partenariats efficaces "
        "avec l’ONU, les organisations intergouvernementales et les ONG pour la "
        "réalisation des objectifs mondiaux où la propriété intellectuelle peut "
        "jouer un rôle.” (recommendation 32)"
    )
    assert "(recommendation 27)" in variant_warnings[1]


def test_recommendations_cited_in_the_running_text(load):
    mentions = load("recommendation_mentions")
    by_paragraph = mentions.groupby("paragraph_id").recommendation.apply(list).to_dict()
    assert by_paragraph["VI.4:1"] == [45]
    assert by_paragraph["VII.5:3"] == [19, 30, 31]
    assert by_paragraph["VII.5:2"] == [19, 30, 31, 8]
    assert by_paragraph["I.6:8"] == [1, 3, 4, 10, 11, 16, 25, 35]
    assert len(mentions) == 46
    assert mentions.footnote.isna().all()
    first = mentions[mentions.paragraph_id == "VI.4:1"].iloc[0]
    assert first.text == "recommandation n° 45"
