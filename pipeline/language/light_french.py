"""Starting the French model in one second instead of four, without changing spaCy for anyone else.

Most of spaCy's start-up for French is its tokenizer: importing ``spacy.lang.fr`` compiles a
very large exception pattern, and building the tokenizer compiles the prefix, suffix and infix
patterns. The extractors never give spaCy raw text: they give it one prepared sentence at a
time, numbers already written as one token. So the model is built here from its own config
with a language class that imports none of that (it reads the French stop words and lexical
attributes from their own files), its weights are loaded from the installed package, and its
tokenizer is a few lines: words, French elisions (``l’``, ``qu’``), punctuation. The model's
lemmatizer is always left out: its factory lives in ``spacy.lang.fr``, and ``pipeline.language.lemmas``
gives the extractors the lemmas they need from the same tables.

Nothing is registered in spaCy: ``spacy.load("fr_core_news_sm")`` and ``spacy.blank("fr")``
elsewhere in the process still give spaCy's French, with its tokenizer.
``load`` returns None, with a warning that says why, when the spaCy in use is not laid out as
expected; the model is then started the usual way (slower, the same parses).
"""

from __future__ import annotations

import importlib.util
import re
import warnings
from functools import lru_cache
from pathlib import Path

ELIDED = r"(?:[lLdDjJmMnNsStTcC]|[qQ]u|[jJ]usqu|[lL]orsqu|[pP]uisqu|[qQ]uoiqu|[pP]resqu)[’']"
WORDS = re.compile(rf"{ELIDED}(?=\w)|\d+(?:[.,]\d+)*|\w+(?:[-’']\w+)*|[^\s\w]")
# What another layout of spaCy or of the model raises here: a file of spacy/lang/fr or of the model
# gone or moved (OSError, ImportError), a name gone from a module (AttributeError), a config or a
# meta.json that this spaCy reads otherwise (ValueError, as thinc's config errors are; KeyError).
# Any other exception is a bug in this module: it is raised, not hidden behind a slow start.
OTHER_LAYOUT = (OSError, ImportError, AttributeError, ValueError, KeyError)


class SlowStartWarning(RuntimeWarning):
    """The model starts the usual way, about four times slower: this spaCy is laid out otherwise."""


def load(model: str, exclude: list[str]):
    """The installed ``model`` with the light language class and tokenizer; None, with a
    ``SlowStartWarning`` that says why, when this spaCy or model is laid out otherwise."""
    try:
        return _load(model, exclude)
    except OTHER_LAYOUT as error:
        warnings.warn(
            f"{model} starts the usual way, about four times slower: the light start failed on this "
            f"spaCy ({type(error).__name__}: {error})",
            SlowStartWarning,
            stacklevel=2,
        )
        return None


def words(text: str) -> list[str]:
    """The light tokenizer's tokens."""
    return [m.group() for m in WORDS.finditer(text)]


def _load(model: str, exclude: list[str]):
    from spacy import util

    from pipeline.language.lemmas import model_data

    data = model_data(model)
    config = util.load_config(data / "config.cfg")
    exclude = list(dict.fromkeys([*exclude, "lemmatizer"]))
    nlp = _language().from_config(config, exclude=exclude, meta=util.load_meta(data / "meta.json"))
    nlp.tokenizer = _Words(nlp.vocab)
    # The model's vocab holds only its string table (148,000 strings, a fifth of the load): spaCy
    # needs it to name hashes of strings it has not seen, and the extractors read only the names of
    # words it was given and of labels its components bring with them. No lookups, no vectors.
    return nlp.from_disk(data, exclude=["tokenizer", "vocab", *exclude])


@lru_cache(maxsize=1)
def _language():
    import spacy
    from spacy.language import BaseDefaults, Language

    folder = Path(spacy.__file__).parent / "lang" / "fr"
    stops, lexical = (_module(folder, name) for name in ("stop_words", "lex_attrs"))

    class LightFrenchDefaults(BaseDefaults):
        lex_attr_getters = lexical.LEX_ATTRS
        stop_words = stops.STOP_WORDS
        # the tokenizer spaCy builds from these is replaced by ``_Words``: nothing to compile
        prefixes = suffixes = infixes = None
        tokenizer_exceptions: dict = {}

    class LightFrench(Language):
        lang = "fr"
        Defaults = LightFrenchDefaults

    return LightFrench


class _Words:
    """The light tokenizer: what spaCy needs of one (a call, and no state to save)."""

    def __init__(self, vocab):
        self.vocab = vocab

    def __call__(self, text: str):
        from spacy.tokens import Doc

        matches = list(WORDS.finditer(text))
        return Doc(
            self.vocab,
            words=[m.group() for m in matches],
            spaces=[m.end() < len(text) and text[m.end()].isspace() for m in matches],
        )

    def to_disk(self, *args, **kwargs):
        pass

    def from_disk(self, *args, **kwargs):
        return self

    def to_bytes(self, **kwargs):
        return b""

    def from_bytes(self, *args, **kwargs):
        return self


def _module(folder: Path, name: str):
    spec = importlib.util.spec_from_file_location(f"spacy.lang.fr.{name}", folder / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    module.__package__ = "spacy.lang.fr"
    spec.loader.exec_module(module)
    return module
