"""List markers in sequence: a line that opens with the marker after its paragraph's own starts the next item.

Where nothing else shows a paragraph's end (at the top of a page, a producer that leaves no gap there,
a last line that left no room for the marker and its first word), the enumeration itself does:
a paragraph that opens with ``v)`` does not go on with a line opening with ``vi)`` after a full stop;
nor does a line ending with a colon go on with a list's first item (``i)``, ``a)``), unless the
lines after it run the enumeration on inline (``: i) … ; ii) …``): the items are paragraphs then.
"""

from __future__ import annotations

import re

from pipeline.document.normalise import LIST_MARKER
from pipeline.language.french import roman_to_int
from pipeline.readers.pdf.lines import Line

SENTENCE_END = tuple(".:;!?…")


def opens_next_item(paragraph: list[Line], line: Line) -> bool:
    """Does ``line`` open with the marker that follows the one ``paragraph`` opens with, after a line
    that ends a sentence?"""
    if not paragraph[-1].text.rstrip(')]»”"').endswith(SENTENCE_END):
        return False
    first, then = _label(paragraph[0]), _label(line)
    return bool(first and then) and _follows(first, then)


FIRST_LABELS = ("i", "a")
INLINE_LABEL = re.compile(r"[;,]\s+([ivxlc]{1,6}|[a-z])\)\s")  # an enumeration's next item, run on in its sentence


def opens_first_item(paragraph: list[Line], lines: list[Line]) -> bool:
    """Do ``lines`` open a list's first item after ``paragraph`` introduced it with a colon, the
    enumeration not run on inline in them?"""
    first = _label(lines[0])
    if not paragraph[-1].text.endswith(":") or first not in FIRST_LABELS:
        return False
    text = " ".join(line.text for line in lines)
    return not any(_follows(first, label) for label in INLINE_LABEL.findall(text))


def _label(line: Line) -> str | None:
    match = LIST_MARKER.match(line.text)
    return match.group("label") if match else None


def _follows(label: str, then: str) -> bool:
    """``then`` is the next label after ``label``, read as roman numerals (``iv`` → ``v``) or as
    letters (``h`` → ``i``)."""
    as_letters = len(label) == len(then) == 1 and ord(then) == ord(label) + 1
    return as_letters or (_is_roman(label) and _is_roman(then) and roman_to_int(then) == roman_to_int(label) + 1)


def _is_roman(label: str) -> bool:
    return all(char in "ivxlc" for char in label)
