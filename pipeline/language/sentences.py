"""Where a sentence of the report ends: one rule for every extractor.

A sentence ends with ``.``, ``!``, ``?`` or ``…`` followed by a space and what can open a
sentence: a capital, a digit, an opening quote or parenthesis (``… en 2023. Le projet``,
``… approuvé. « Le …``); or it ends with the text. A stop followed by a lower-case word is no
end (``p. ex. le Chili``, ``M. l’Ambassadeur`` aside, French abbreviations are followed by
lower case), nor a stop inside a number or an address (``2.1``, ``www.wipo.int``), which no
space follows.
"""

from __future__ import annotations

import re

CLOSING = ".!?…"
# After the closing mark, the space that separates two sentences; the next sentence's first character.
BETWEEN = re.compile(rf"(?<=[{CLOSING}])\s+(?=[A-ZÀ-Ý0-9“«(])")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence: ``text[start:end]`` is the sentence with its closing mark,
    without the spaces around it."""
    breaks = list(BETWEEN.finditer(text))
    starts = [0] + [m.end() for m in breaks]
    ends = [m.start() for m in breaks] + [len(text.rstrip())]
    return [(start, max(start, end)) for start, end in zip(starts, ends)]


def sentences(text: str) -> list[str]:
    """The sentences of ``text``, each with its closing mark."""
    return [text[start:end] for start, end in sentence_spans(text)]


def first_sentence(text: str) -> str:
    """The first sentence of ``text``, with its closing mark."""
    found = BETWEEN.search(text)
    return text[: found.start()] if found else text.rstrip()


def sentence_end(text: str, position: int) -> int:
    """Where the sentence that holds ``position`` ends (after its closing mark, if it has one)."""
    found = BETWEEN.search(text, position)
    return found.start() if found else len(text.rstrip())


def sentence_ends_between(text: str, start: int, end: int) -> bool:
    """Does a closing mark at a place from ``start`` to before ``end`` end a sentence of ``text``
    (the text that follows ``end`` included)?"""
    found = BETWEEN.search(text, start + 1)
    if found is not None and found.start() <= end:
        return True
    closing = len(text.rstrip())
    return start < closing <= end and text[closing - 1] in CLOSING
