"""Starting the French model in one second instead of four.

Most of spaCy's start-up for French is its tokenizer: importing ``spacy.lang.fr``
compiles a very large exception pattern, and building the tokenizer compiles the
prefix, suffix and infix patterns. The extractors never give spaCy raw text: they
give it one prepared sentence at a time, numbers already written as one token. So
the model is started with a language class that imports none of that (it reads the
French lemmatizer, stop words and lexical attributes from their own files) and a
tokenizer of a few lines: words, French elisions (``l’``, ``qu’``), punctuation.

``register`` returns False when the spaCy in use is not laid out as expected; the
model is then started the usual way.
"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

ELIDED = r"(?:[lLdDjJmMnNsStTcC]|[qQ]u|[jJ]usqu|[lL]orsqu|[pP]uisqu|[qQ]uoiqu|[pP]resqu)[’']"
WORDS = re.compile(rf"{ELIDED}(?=\w)|\d+(?:[.,]\d+)*|\w+(?:[-’']\w+)*|[^\s\w]")
_registered: list[bool] = []


def register() -> bool:
    if not _registered:
        try:
            _register()
            _registered.append(True)
        except Exception:  # any other spaCy layout: fall back on the standard start
            _registered.append(False)
    return _registered[0]


def _register() -> None:
    import spacy
    from spacy.language import BaseDefaults, Language
    from spacy.tokens import Doc
    from spacy.util import registry

    folder = Path(spacy.__file__).parent / "lang" / "fr"
    lemmatizers, stops, lexical = (_module(folder, name) for name in ("lemmatizer", "stop_words", "lex_attrs"))

    class LightFrenchDefaults(BaseDefaults):
        lex_attr_getters = lexical.LEX_ATTRS
        stop_words = stops.STOP_WORDS

    class LightFrench(Language):
        lang = "fr"
        Defaults = LightFrenchDefaults

    @LightFrench.factory("lemmatizer", assigns=["token.lemma"],
                         default_config={"model": None, "mode": "rule", "overwrite": False,
                                         "scorer": {"@scorers": "spacy.lemmatizer_scorer.v1"}},
                         default_score_weights={"lemma_acc": 1.0})
    def make_lemmatizer(nlp, model, name, mode, overwrite, scorer):
        return lemmatizers.FrenchLemmatizer(nlp.vocab, model, name, mode=mode, overwrite=overwrite, scorer=scorer)

    class Words:
        def __init__(self, vocab):
            self.vocab = vocab

        def __call__(self, text: str):
            matches = list(WORDS.finditer(text))
            return Doc(self.vocab, words=[m.group() for m in matches],
                       spaces=[m.end() < len(text) and text[m.end()].isspace() for m in matches])

        def to_disk(self, *args, **kwargs):
            pass

        def from_disk(self, *args, **kwargs):
            return self

        def to_bytes(self, **kwargs):
            return b""

        def from_bytes(self, *args, **kwargs):
            return self

    registry.tokenizers.register("da_extract.words.v1", func=lambda: (lambda nlp: Words(nlp.vocab)))
    registry.languages.register("fr", func=LightFrench)


def _module(folder: Path, name: str):
    spec = importlib.util.spec_from_file_location(f"spacy.lang.fr.{name}", folder / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    module.__package__ = "spacy.lang.fr"
    spec.loader.exec_module(module)
    return module
