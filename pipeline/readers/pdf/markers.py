"""Labels in sequence: a line that opens with the label after its paragraph's own starts the next one.

Where nothing else shows a paragraph's end (at the top of a page, or in a table's cell, where a
producer leaves no gap; a last line that left no room for the next words), the labels do:

- a list marker, or a number ending with a full stop, that follows the paragraph's own (``v)`` then
  ``vi)``, ``d)`` then ``e)``, ``9.`` then ``10.``) opens the next item, even after ``; et``, unless
  the item runs an enumeration of its own whose last label it follows (``i) …: i) …; ii) …``);
- a numbering with a full stop inside (``2.4`` then ``4.1``: in French a decimal number has a comma)
  opens the next paragraph where the paragraph it would join opens with one too and its sentence ended.
- a list's first item (``i)``, ``a)``) after a line ending with a colon opens a paragraph, unless the
  lines after it run the enumeration on inline (``: i) … ; ii) …``).
"""

from __future__ import annotations

import re

from pipeline.document.normalise import LIST_MARKER
from pipeline.language.french import roman_to_int
from pipeline.readers.pdf.lines import Line

SENTENCE_END = tuple(".:;!?…")
CLOSERS = ')]»”"'
NUMBER_MARKER = re.compile(r"^(?P<label>\d{1,4})\.\s")  # "9. " (not "9.5": a numbering)
BULLET = re.compile(r"^[·•▪◦‣\uf0b7–-]\s")
NUMBERING = re.compile(r"^\d{1,3}(?:\.\d{1,3})+\s")  # "2.4 ", "4.1.2 "


def opens_next_item(paragraph: list[Line], line: Line) -> bool:
    """Does ``line`` open with the label that follows the one ``paragraph`` opens with (see the module's
    docstring)?"""
    first, then = paragraph[0].text, line.text
    if NUMBERING.match(first) and NUMBERING.match(then):
        return paragraph[-1].text.rstrip(CLOSERS).endswith(SENTENCE_END)
    label, next_label = _label(first), _label(then)
    if not (label and next_label and _follows(label, next_label)):
        return False
    inline = RUN_ON_LABEL.findall(" ".join(line.text for line in paragraph)[len(label) + 1 :])
    return not (inline and _follows(inline[-1], next_label))  # else the item's own enumeration goes on


FIRST_LABELS = ("i", "a")
INLINE_LABEL = re.compile(r"[;,]\s+([ivxlc]{1,6}|[a-z])\)\s")  # an enumeration's next item, run on in its sentence
RUN_ON_LABEL = re.compile(r"[;,:]\s+([ivxlc]{1,6}|[a-z])\)\s")  # an enumeration's item in a sentence, the first too


def opens_first_item(paragraph: list[Line], lines: list[Line]) -> bool:
    """Do ``lines`` open a list's first item after ``paragraph`` introduced it with a colon, the
    enumeration not run on inline in them?"""
    first = _label(lines[0].text)
    if not paragraph[-1].text.endswith(":") or first not in FIRST_LABELS:
        return False
    text = " ".join(line.text for line in lines)
    return not any(_follows(first, label) for label in INLINE_LABEL.findall(text))


def same_kind_of_label(first: Line, line: Line) -> bool:
    """Do both lines open with a label of one kind: a bullet, a list marker (``iv)``, ``9.``) or a
    numbering (``2.1``)?"""
    kind = _label_kind(line.text)
    return kind is not None and kind == _label_kind(first.text)


def _label_kind(text: str) -> str | None:
    if BULLET.match(text):
        return "bullet"
    if NUMBERING.match(text):
        return "numbering"
    return "marker" if _label(text) else None


def _label(text: str) -> str | None:
    match = LIST_MARKER.match(text + " ") or NUMBER_MARKER.match(text + " ")  # a line of its marker alone
    return match.group("label") if match else None


def _follows(label: str, then: str) -> bool:
    """``then`` is the next label after ``label``: as numbers (``9`` → ``10``), as roman numerals
    (``iv`` → ``v``) or as letters (``h`` → ``i``)."""
    if label.isdigit() or then.isdigit():
        return label.isdigit() and then.isdigit() and int(then) == int(label) + 1
    as_letters = len(label) == len(then) == 1 and ord(then) == ord(label) + 1
    return as_letters or (_is_roman(label) and _is_roman(then) and roman_to_int(then) == roman_to_int(label) + 1)


def _is_roman(label: str) -> bool:
    return all(char in "ivxlc" for char in label)
