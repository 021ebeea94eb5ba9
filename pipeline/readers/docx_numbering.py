"""Word's automatic numbering: the label each numbered paragraph draws (``%1)`` in lower-roman →
``iv)``), and the numbers of Word's XML read within what a report can hold.

A number beyond those bounds is a damaged or hostile file, refused with a one-line error before a
label or a counter can grow without bound: a roman numeral of 2**31 is 2 MB, and a template of
400,000 ``%1`` would draw one of those per item.
"""

from __future__ import annotations

import re

from pipeline.document.normalise import BULLET
from pipeline.errors import ReportError
from pipeline.language.french import list_label

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MAX_LIST_START = 9999  # w:start, w:startOverride, w:numStart (the ODT reader's MAX_NUMBER)
MAX_LABEL_TEMPLATE = 100  # characters of a label's template, w:lvlText ("%1.%2)"; Word's own are under 20)
MAX_LIST_LEVEL = 8  # w:ilvl: Word's nine levels, 0 to 8
MAX_OUTLINE_LEVEL = 9  # w:outlineLvl: 0 to 8, and 9 for body text
NOTE_IDS = (-(2**31), 2**31 - 1)  # w:id of a footnote: any 32-bit number (separators are -1 and 0)


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def whole(value: str | None, source: str, what: str, bounds: tuple[int, int]) -> int:
    """A number of Word's XML within ``bounds``; a one-line error naming it when it is no number or
    beyond what a report holds (``w:start="douze"``, ``w:ilvl="99"``, ``w:start="2147483647"``)."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        shown = repr(value) if len(value or "") <= 30 else f"{value[:20]!r}… ({len(value):,} characters)"
        raise ReportError(source, f"damaged .docx: {what} is {shown}, not a number") from None
    low, high = bounds
    if not low <= number <= high:
        shown = f"{number:,}" if len(value) < 20 else f"a number of {len(value.strip())} digits"  # one line
        raise ReportError(source, f"refused: {what} is {shown}, outside {low:,} to {high:,} (what a report holds)")
    return number


class Numbering:
    """Labels of Word's automatic numbering (``%1)`` in lower-roman → ``iv)``).

    Numbering instances (``w:num``) that share a list definition (``w:abstractNum``) continue one
    list, as Word and LibreOffice count them; an instance's ``w:startOverride`` restarts its level
    the first time the instance is used (LibreOffice writes a list's first item that way).
    """

    def __init__(self, document, source: str):
        self.source = source
        self.levels: dict[tuple[str, int], tuple[str, str, int]] = {}  # (list, level) → format, text, start
        self.lists: dict[str, str] = {}  # numId → abstractNumId
        self.overrides: dict[tuple[str, int], int] = {}  # (numId, level) → start, until first used
        self.counters: dict[str, list[int]] = {}  # abstractNumId → current value of each level
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        for definition in root.iter(w("abstractNum")):
            for level in definition.iter(w("lvl")):
                self.levels[(definition.get(w("abstractNumId")), self._level(level))] = self._format(level)
        for num in root.iter(w("num")):
            abstract = num.find(w("abstractNumId"))
            if abstract is None:
                continue
            self.lists[num.get(w("numId"))] = abstract.get(w("val"))
            for override in num.iter(w("lvlOverride")):
                start = override.find(w("startOverride"))
                if start is not None:
                    self.overrides[(num.get(w("numId")), self._level(override))] = self._start(start)

    def _level(self, element) -> int:
        return whole(element.get(w("ilvl")), self.source, "a list level, w:ilvl,", (0, MAX_LIST_LEVEL))

    def _start(self, element) -> int:
        return whole(element.get(w("val")), self.source, "a list's start", (0, MAX_LIST_START))

    def _format(self, level) -> tuple[str, str, int]:
        """A level's number format, label template and start, refused when beyond any report's."""
        fmt, text, start = level.find(w("numFmt")), level.find(w("lvlText")), level.find(w("start"))
        template = (text.get(w("val")) if text is not None else None) or ""
        if len(template) > MAX_LABEL_TEMPLATE:
            raise ReportError(
                self.source,
                f"refused: a list label template (w:lvlText) of {len(template):,} characters "
                f"(limit {MAX_LABEL_TEMPLATE})",
            )
        return (
            fmt.get(w("val")) if fmt is not None else "decimal",
            template,
            self._start(start) if start is not None else 1,
        )

    def label(self, paragraph, styles) -> str | None:
        num_pr = paragraph.find(f"{w('pPr')}/{w('numPr')}")
        if num_pr is None:
            style_id = paragraph.find(f"{w('pPr')}/{w('pStyle')}")
            num_pr = styles.numbering(style_id.get(w("val")) if style_id is not None else None)
        if num_pr is None:
            return None
        num_id, level = num_pr.find(w("numId")), num_pr.find(w("ilvl"))
        num_id = num_id.get(w("val")) if num_id is not None else None
        level = self._level_of(level) if level is not None else 0
        listed = self.lists.get(num_id)
        if (listed, level) not in self.levels:
            return None
        fmt, pattern, start = self.levels[(listed, level)]
        counters = self.counters.setdefault(listed, [0] * 9)
        restart = self.overrides.pop((num_id, level), None)
        counters[level] = restart if restart is not None else (counters[level] + 1 if counters[level] else start)
        counters[level + 1 :] = [0] * (8 - level)
        if fmt == "bullet":
            return BULLET

        def render(match) -> str:
            index = int(match.group(1)) - 1
            level_fmt, _, level_start = self.levels.get((listed, index), ("decimal", "", 1))
            return list_label(counters[index] or level_start, level_fmt)

        return re.sub(r"%(\d)", render, pattern)

    def _level_of(self, ilvl) -> int:
        return whole(ilvl.get(w("val")), self.source, "a paragraph's list level, w:ilvl,", (0, MAX_LIST_LEVEL))
