"""Breakdowns: figures that break a total down, linked to it and checked to add up.

Two shapes, found by their place in the text, not by their words:

* a footnote cited after a figure whose own figures say nothing of what they count, or
  count the same thing (``Deux en Afrique, trois dans la région arabe … et trois dans des
  pays en transition``, cited after ``… à 19 pays``). Each part counts what the cited
  figure counts (``unit_source`` ``cited_figure``); with two parts or more, each gets the
  total's ``figure_id``, its category as written and, where it names one, its WIPO region;
* a sentence opening ``Parmi ces <noun>,`` whose figures count that noun, after a figure of
  that noun in the same paragraph (``… 18 demandes … Parmi ces demandes, neuf …, quatre …``).

The manifest checks that the parts of each breakdown add up to its total, and the check
names the footnote or paragraph. ``figure_rows`` links the parts before it adds its rows: no
extractor changes the figures once they are added.
"""

from __future__ import annotations

import re

from pipeline.datasets.schema import REGIONS
from pipeline.language.french import fold
from pipeline.language.sentences import CLOSING, sentence_end, sentence_ends_between

AFRICA, ARAB, ASIA_PACIFIC, LATIN_AMERICA, TRANSITION, DEVELOPED = REGIONS
# Folded text of a category → the WIPO region it names, with the report's spelling variants.
REGION_NAMES = (
    (re.compile(r"\bamerique latine\b|\bcaraibes\b"), LATIN_AMERICA),
    (re.compile(r"\btransition\b|\bcertains pays d.europe\b"), TRANSITION),
    (re.compile(r"\basie\b|\bpacifique\b"), ASIA_PACIFIC),
    (re.compile(r"\barabes?\b"), ARAB),
    (re.compile(r"\bafri(?:que|cains?)\b"), AFRICA),
    (re.compile(r"\bpays developpes\b"), DEVELOPED),
)
AMONG = re.compile(r"^(?:Parmi|Sur)\s+ces\s+(?P<noun>[\w-]+)\s*,", re.IGNORECASE)
SEPARATOR = re.compile(r"^\s*(?:,|;|\bet\b|\bainsi\s+que\b)\s*|\s*(?:,|;|\bet\b)\s*$|[.;]\s*$")
PARTS_MIN = 2
COUNTED = ("count", "duration", "other")  # shares, percentages and sums of money are not parts


def link_breakdowns(figures: list[dict], extraction) -> None:
    """Complete the rows of ``figures`` that break a total down (their unit where the footnote
    leaves it out, their total, category and region), and check that the parts add up."""
    texts = {where["paragraph_id"] or f"footnote {where['footnote']}": text for where, text in extraction.texts()}
    by_place: dict = {}
    for row in figures:
        by_place.setdefault(row["paragraph_id"] or f"footnote {row['footnote']}", []).append(row)
    for note, citing, offset in _citations(extraction):
        total = _cited_figure(by_place.get(citing, []), texts[citing], offset)
        if total is not None:
            _footnote_parts(by_place.get(f"footnote {note}", []), total, texts, f"footnote {note}", extraction)
    for place, rows in by_place.items():
        if not place.startswith("footnote "):
            _among_parts(rows, texts[place], place, extraction)


def _citations(extraction):
    """(footnote, citing paragraph id, offset) for every footnote reference, first citation only."""
    seen = set()
    for placed in extraction.outline.paragraphs:
        for ref in placed.paragraph.footnote_refs:
            if ref.number not in seen:
                seen.add(ref.number)
                yield ref.number, placed.paragraph_id, ref.offset


def _cited_figure(rows: list[dict], text: str, offset: int) -> dict | None:
    """The figure the reference follows: the last one before it in the same sentence."""
    before = [r for r in rows if r["end"] <= offset and r["unit"] and r["figure_kind"] in COUNTED]
    if not before or sentence_ends_between(text, before[-1]["end"], offset):
        return None
    return before[-1]


def _footnote_parts(rows: list[dict], total: dict, texts: dict, where: str, extraction) -> None:
    """The note's figures are parts of the total when some say nothing of what they count and the
    others count the same noun in their own phrase (``… et deux pays en transition``)."""
    counting = [r for r in rows if r["figure_kind"] in COUNTED]
    bare = [r for r in counting if r["unit"] is None]
    if not bare or any(
        r["unit"] is not None and (r["unit"] != total["unit"] or r["unit_source"] != "phrase") for r in counting
    ):
        return  # the note counts other things, or says what it counts otherwise: not a breakdown
    for row in counting:
        if row["unit"] is None:
            row.update(
                unit=total["unit"],
                unit_text=total["unit_text"],
                unit_source="cited_figure",
                figure_kind=total["figure_kind"],
            )
    if len(counting) >= PARTS_MIN:
        _link(counting, total, texts[where], where, extraction)


def _among_parts(rows: list[dict], text: str, paragraph_id: str, extraction) -> None:
    """``… 18 demandes … Parmi ces demandes, neuf …, quatre …``: the parts of the 18."""
    for sentence in dict.fromkeys(r["sentence"] for r in rows):
        among = AMONG.match(sentence)
        if not among:
            continue
        parts = [r for r in rows if r["sentence"] == sentence and r["figure_kind"] in COUNTED]
        noun = {r["unit"] for r in parts}
        first = min(r["start"] for r in parts) if parts else 0
        totals = [r for r in rows if r["end"] <= first and r["sentence"] != sentence and r["unit"] in noun]
        if len(parts) >= PARTS_MIN and len(noun) == 1 and fold(among.group("noun")).startswith(fold(parts[0]["unit"])):
            if totals:
                _link(parts, totals[-1], text, paragraph_id, extraction)


def _link(parts: list[dict], total: dict, text: str, where: str, extraction) -> None:
    for part, following in zip(parts, parts[1:] + [None]):
        category = text[part["end"] : following["start"] if following else _words_end(text, part["end"])]
        category = SEPARATOR.sub("", category.strip()).strip(" ,;.")
        part.update(total_figure_id=total["figure_id"], category=category or None, region=_region(category))
    place = total["paragraph_id"] or f"footnote {total['footnote']}"
    extraction.check(
        f"the parts in {where} add up to “{total['text']} {total['unit_text']}” ({place})",
        total["value"],
        sum(p["value"] for p in parts),
        where,
    )


def _words_end(text: str, start: int) -> int:
    """Where the words of the sentence holding ``start`` end: before its closing mark."""
    end = sentence_end(text, start)
    return end - 1 if end > start and text[end - 1] in CLOSING else end


def _region(category: str) -> str | None:
    folded = fold(category)
    return next((region for pattern, region in REGION_NAMES if pattern.search(folded)), None)
