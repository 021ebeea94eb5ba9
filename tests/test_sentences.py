"""The one sentence rule (pipeline/language/sentences.py) that figures, breakdowns and projects share."""

from __future__ import annotations

from pipeline.language.sentences import first_sentence, sentence_end, sentence_ends_between, sentence_spans, sentences

TEXT = "Le projet a formé 12 juges. En 2023, 3 ateliers ont eu lieu ! « Deux » ont suivi… (Voir l’annexe.) "


def test_a_sentence_ends_before_a_capital_a_digit_a_quote_or_a_parenthesis():
    assert sentences(TEXT) == [
        "Le projet a formé 12 juges.",
        "En 2023, 3 ateliers ont eu lieu !",
        "« Deux » ont suivi…",
        "(Voir l’annexe.)",
    ]
    assert sentence_spans(TEXT) == [(0, 27), (28, 61), (62, 81), (82, 98)]


def test_a_stop_before_lower_case_or_without_a_space_ends_no_sentence():
    text = "Un don de 50 000 dollars É.-U. chacune, selon la règle 2.1 (www.wipo.int/fr). Puis un autre."
    assert sentences(text) == [
        "Un don de 50 000 dollars É.-U. chacune, selon la règle 2.1 (www.wipo.int/fr).",
        "Puis un autre.",
    ]


def test_first_sentence():
    assert first_sentence(TEXT) == "Le projet a formé 12 juges."
    assert first_sentence("Projet sans point final  ") == "Projet sans point final"


def test_sentence_end_gives_where_the_sentence_holding_a_place_ends():
    assert sentence_end(TEXT, 18) == 27
    assert sentence_end(TEXT, 27) == 27
    assert sentence_end(TEXT, 90) == 98


def test_sentence_ends_between_two_places():
    cited = "Le projet a aidé 19 pays. Deux autres suivront."  # a footnote cited after "pays." is past the end
    assert not sentence_ends_between(cited, 19, 24)
    assert sentence_ends_between(cited, 19, 25)
    assert sentence_ends_between("Il a aidé 19 pays.", 12, 18)  # the text's last stop ends its last sentence
    assert not sentence_ends_between("Il a aidé 19 pays", 12, 17)
    assert not sentence_ends_between("Il a aidé 19 pays É.-U. chacun", 12, 24)
