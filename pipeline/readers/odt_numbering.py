"""OpenDocument's names (``q("text:p")``) and its list numbering: the labels a list's style draws
(``iv)``, ``12.``, bullets), computed as the Word reader computes Word's numbering."""

from __future__ import annotations

import re

from pipeline.document.normalise import BULLET
from pipeline.language.french import list_label

NS = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "fo": "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0",
    "draw": "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0",
    "xlink": "http://www.w3.org/1999/xlink",
    "manifest": "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0",
    "loext": "urn:org:documentfoundation:names:experimental:office:xmlns:loext:1.0",
    "xml": "http://www.w3.org/XML/1998/namespace",
}
LEVELS = 10  # ODF's deepest list and outline level
MAX_NUMBER = 9999  # beyond any real list start or footnote (a roman numeral of 10**9 would fill the memory)
# Characters of a label's template (loext:num-list-format "%1%.%2%)", style:num-prefix and -suffix):
# longer ones are cut, so that each item's label costs a bounded time (300,000 "%1%" hung).
MAX_LABEL_TEMPLATE = 100


def q(name: str) -> str:
    """``text:p`` → ``{urn:…:text:1.0}p``."""
    prefix, local = name.split(":")
    return f"{{{NS[prefix]}}}{local}"


START_VALUE = q("text:start-value")
NUMBER_STYLES = {q("text:list-level-style-number"), q("text:outline-level-style")}


class ListPlace:
    """Where a list item stands: which list's counters, its style, its level."""

    def __init__(self, key: int, style: str | None, level: int):
        self.key, self.style, self.level = key, style, min(level, LEVELS)


class Lists:
    """The counters of the document's lists. A list continues the one ``text:continue-list``
    names, or the previous list of its style with ``text:continue-numbering``; any other
    starts anew (as LibreOffice writes Word's numbering instances of one list)."""

    def __init__(self, styles: Styles):
        self.styles = styles
        self.counters: list[list[int]] = []
        self.by_id: dict[str, int] = {}
        self.last_of_style: dict[str | None, int] = {}

    def start(self, element, style: str | None) -> int:
        key = self.by_id.get(element.get(q("text:continue-list")))
        if key is None and element.get(q("text:continue-numbering")) == "true":
            key = self.last_of_style.get(style)
        if key is None:
            key = len(self.counters)
            self.counters.append([0] * LEVELS)
        if element.get(q("xml:id")):
            self.by_id[element.get(q("xml:id"))] = key
        self.last_of_style[style] = key
        return key

    def label(self, place: ListPlace, restart: str | None) -> str | None:
        levels = self.styles.list_levels(place.style)
        counters = self.counters[place.key]
        advance(counters, place.level, restart, levels)
        return drawn_label(levels, counters, place.level)


def advance(counters: list[int], level: int, restart: str | None, levels: dict) -> None:
    """One more item at ``level``: its counter moves on (or restarts), the deeper ones restart."""
    style = levels.get(level)
    start = odf_number(style.get(START_VALUE) if style is not None else None, 1)
    index = level - 1
    counters[index] = (
        odf_number(restart, start) if restart is not None else (counters[index] + 1 if counters[index] else start)
    )
    counters[index + 1 :] = [0] * (LEVELS - level)


def drawn_label(levels: dict, counters: list[int], level: int) -> str | None:
    """The label a list or outline level draws: ``iv)``, ``I.``, ``2.3.``, a bullet, or None."""
    style = levels.get(level)
    if style is None:
        return None
    if style.tag not in NUMBER_STYLES:
        return BULLET  # a bullet character or an image
    if not style.get(q("style:num-format")):
        return None
    pattern = _template(style, "loext:num-list-format")  # LibreOffice's full label, as Word's lvlText: "%1%."
    if pattern:
        return re.sub(r"%(\d+)%", lambda m: counter(levels, counters, int(m.group(1))), pattern)
    shown = min(odf_number(style.get(q("text:display-levels")), 1), LEVELS)
    numbers = [counter(levels, counters, n) for n in range(max(1, level - shown + 1), level + 1)]
    return _template(style, "style:num-prefix") + ".".join(numbers) + _template(style, "style:num-suffix")


def _template(style, attribute: str) -> str:
    return (style.get(q(attribute)) or "")[:MAX_LABEL_TEMPLATE]


def counter(levels: dict, counters: list[int], level: int) -> str:
    style = levels.get(level)
    number_format = style.get(q("style:num-format"), "1") if style is not None else "1"
    value = counters[level - 1] if 0 < level <= LEVELS else 0
    return list_label(value or odf_number(style.get(START_VALUE) if style is not None else None, 1), number_format)


class Styles:
    """What the reader needs of the styles: list styles by level, the outline numbering, the
    list style a paragraph style brings, and which text styles hide their text."""

    def __init__(self, containers: list):
        self.lists: dict[str, object] = {}
        self.paragraphs: dict[str, tuple[str | None, str | None]] = {}  # name → parent, list style
        self.hidden: set[str] = set()
        self.outline: dict[int, object] = {}
        for container in (c for c in containers if c is not None):
            self._add(container)

    def _add(self, container) -> None:
        for element in container:
            name = element.get(q("style:name"))
            if element.tag == q("text:list-style"):
                self.lists[name] = element
            elif element.tag == q("text:outline-style"):
                self.outline = levels_of(element)
            elif element.tag == q("style:style") and element.get(q("style:family")) == "paragraph":
                self.paragraphs[name] = (
                    element.get(q("style:parent-style-name")),
                    element.get(q("style:list-style-name")),
                )
            if element.find(f"{q('style:text-properties')}[@{q('text:display')}='none']") is not None:
                self.hidden.add(name)

    def list_levels(self, name: str | None) -> dict:
        style = self.lists.get(name)
        return levels_of(style) if style is not None else {}

    def list_style_of(self, paragraph_style: str | None) -> str | None:
        for _ in range(LEVELS):  # a style's parents, bounded: a loop of parents ends too
            parent, list_style = self.paragraphs.get(paragraph_style, (None, None))
            if list_style or parent is None:
                return list_style
            paragraph_style = parent
        return None


def levels_of(style) -> dict:
    level_attribute = q("text:level")
    return {odf_number(level.get(level_attribute), 1): level for level in style if level.get(level_attribute)}


def odf_number(value: str | None, default: int) -> int:
    """A count or start value as written, or ``default`` when it is none or beyond any real document."""
    if not value or not value.isdecimal() or len(value) > 20:  # int() refuses 4,300 digits and more
        return default
    return int(value) if 0 < int(value) <= MAX_NUMBER else default
