"""Annex I: the 45 recommendations and their links to expected results;
and every place the running text cites a recommendation.

The annex is found by its content: table cells that open with ``Recommandation n° N``,
read in document order from the first one to the end of its section, however many
tables hold them. For each recommendation, the cells that follow its header are read
by what they hold: a cell whose paragraphs all open with a result code (``4.1 …``)
lists expected results; a cell whose text recurs after every header is a column label
(``Liens avec les résultats escomptés``); any other cell is the recommendation's own
text. Cells before the first header (a header row of the table) are not read.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from pipeline.document.model import Paragraph
from pipeline.extractors.context import extractor
from pipeline.extractors.outline import units
from pipeline.extractors.shapes import LIST_HEADING, RECOMMENDATION_HEADER, item_number
from pipeline.language.french import numbers

RECOMMENDATIONS_FIXED = 45  # the Development Agenda has 45 recommendations (WIPO General Assembly, 2007)
RESULT = re.compile(r"^(?P<code>\d+\.\d+)\s+(?P<text>\S.*)$")
CITATION = re.compile(r"\brecommandations?\s+n(?:os|o|°s?|º)\s*(?P<numbers>\d+(?:\s*(?:,|et)\s*\d+)*)", re.IGNORECASE)


Cell = list[Paragraph]  # a table cell's paragraphs


@dataclass
class Recommendation:
    number: int
    starred: bool
    header_paragraph: str
    text_cells: list[Cell] = field(default_factory=list)
    results: list[tuple[str, str]] = field(default_factory=list)  # (code, wording)


@extractor(assigns=("recommendations", "recommendation_results", "expected_results"))
def recommendation_rows(extraction) -> None:
    cells = _annex_cells(extraction.outline)
    if not cells:
        extraction.warn("incomplete: no recommendations table (Annex I) found")
        recommendations = []
    else:
        recommendations = _recommendations(cells, extraction.warn)
        _check_numbering(recommendations, extraction)
    extraction.add(
        "recommendations",
        [
            {"recommendation": r.number, "starred": r.starred, "text": _cell_text(r.text_cells) or None}
            for r in recommendations
        ],
    )
    extraction.add(
        "recommendation_results",
        [
            {"recommendation": r.number, "result_code": code, "position": position, "wording": wording}
            for r in recommendations
            for position, (code, wording) in enumerate(r.results, start=1)
        ],
    )
    extraction.add("expected_results", _expected_results(recommendations, extraction))


@extractor(assigns=("recommendation_mentions",))
def recommendation_mention_rows(extraction) -> None:
    """Citations in the running text and footnotes; Annex I's own cells are the recommendations."""
    extraction.add(
        "recommendation_mentions",
        [
            {**where, "offset": match.start(), "recommendation": number, "text": match.group(0)}
            for where, text in extraction.texts(tables=False)
            for match in CITATION.finditer(text)
            for number in numbers(match.group("numbers"))
        ],
    )


def _annex_cells(outline) -> list[Cell]:
    """The table cells of Annex I in document order: from the first recommendation header on, in
    the sections that hold recommendation headers, in as many tables as the file splits it into."""
    in_tables = [unit for unit in units(outline.paragraphs) if unit[0].table_number is not None]
    cells = [[p.paragraph for p in unit] for unit in in_tables]
    sections = [unit[0].section_id for unit in in_tables]
    first = next((i for i, cell in enumerate(cells) if _header(cell)), None)
    if first is None:
        return []
    holding = {section for cell, section in zip(cells, sections) if _header(cell)}
    annex = []
    for cell, following, section in zip(cells[first:], cells[first + 1 :] + [None], sections[first:]):
        if _opens_project_list(cell, following):
            break
        if section in holding:
            annex.append(cell)
    return annex


def _opens_project_list(cell: Cell, following: Cell | None) -> bool:
    """Annex II's first list, where nothing else told that Annex I had ended."""
    return bool(LIST_HEADING.match(cell[0].text)) and following is not None and item_number(following[0]) is not None


def _header(cell: Cell):
    return RECOMMENDATION_HEADER.match(cell[0].text)


def _recommendations(cells: list[Cell], warn) -> list[Recommendation]:
    groups: list[tuple[Recommendation, list[Cell]]] = []
    for cell in cells:
        header = _header(cell)
        if header:
            number = int(header.group("number"))
            groups.append((Recommendation(number, bool(header.group("star")), cell[0].text), []))
        elif groups:
            groups[-1][1].append(cell)
    labels = _column_labels([cells for _, cells in groups])
    for recommendation, own in groups:
        for cell in own:
            if _is_results(cell):
                recommendation.results += [_result(p) for p in cell]
            elif _cell_text([cell]) not in labels:
                recommendation.text_cells.append(cell)
        if not recommendation.text_cells:
            warn(f"Annex I: recommendation {recommendation.number} has no text (its `text` is null)")
        recommendation.results = _once_each(recommendation, warn)
    return _first_of_each_number([r for r, _ in groups], warn)


def _once_each(recommendation: Recommendation, warn) -> list[tuple[str, str]]:
    """A table read twice over (a producer's repeated rows): each expected result kept once, with a warning."""
    kept: dict[str, tuple[str, str]] = {}
    for code, wording in recommendation.results:
        if code in kept:
            warn(f"Annex I: recommendation {recommendation.number} lists expected result {code} twice; kept once")
        else:
            kept[code] = (code, wording)
    return list(kept.values())


def _first_of_each_number(recommendations: list[Recommendation], warn) -> list[Recommendation]:
    kept: dict[int, Recommendation] = {}
    for recommendation in recommendations:
        if recommendation.number in kept:
            warn(f"Annex I: recommendation {recommendation.number} appears twice; the second is left out")
        else:
            kept[recommendation.number] = recommendation
    return list(kept.values())


def _column_labels(groups: list[list[Cell]]) -> set[str]:
    """Texts found in more than one recommendation's cells are column labels."""
    counts = Counter(text for cells in groups for text in {_cell_text([c]) for c in cells})
    return {text for text, n in counts.items() if n > 1 and len(groups) > 1}


def _is_results(cell: Cell) -> bool:
    return all(RESULT.match(p.text) for p in cell)


def _result(paragraph: Paragraph) -> tuple[str, str]:
    match = RESULT.match(paragraph.text)
    return match.group("code"), match.group("text")


def _cell_text(cells: list[Cell]) -> str:
    """Paragraphs of a cell on separate lines, list markers as written."""
    lines = []
    for cell in cells:
        for p in cell:
            marker = (
                "" if p.list_marker is None else (f"{p.list_marker} " if p.list_marker == "·" else f"{p.list_marker}) ")
            )
            lines.append(marker + p.text)
    return "\n".join(lines)


def _check_numbering(recommendations: list[Recommendation], extraction) -> None:
    found = [r.number for r in recommendations]
    if found != list(range(1, len(found) + 1)):
        extraction.warn(f"Annex I: recommendations are numbered {_ranges(found)}, not 1 to {len(found)} in order")
    if len(set(found)) < RECOMMENDATIONS_FIXED:
        missing = sorted(set(range(1, RECOMMENDATIONS_FIXED + 1)) - set(found))
        extraction.warn(
            f"incomplete: Annex I gives {len(set(found))} of the {RECOMMENDATIONS_FIXED} recommendations "
            f"(missing: {_ranges(missing)})"
        )


def _ranges(numbers: list[int]) -> str:
    """[1, 2, 3, 5, 7, 8] → "1–3, 5, 7–8"."""
    spans: list[list[int]] = []
    for number in numbers:
        if spans and number == spans[-1][1] + 1:
            spans[-1][1] = number
        else:
            spans.append([number, number])
    return ", ".join(f"{a}–{b}" if b > a else str(a) for a, b in spans)


def _expected_results(recommendations: list[Recommendation], extraction) -> list[dict]:
    wordings: dict[str, Counter] = {}
    cited_by: dict[tuple[str, str], list[int]] = {}
    for r in recommendations:
        for code, wording in r.results:
            wordings.setdefault(code, Counter())[wording] += 1
            cited_by.setdefault((code, wording), []).append(r.number)
    rows = []
    for code in sorted(wordings, key=lambda c: tuple(map(int, c.split(".")))):
        counts = wordings[code]
        variants = list(counts)  # in order of first appearance
        canonical = max(variants, key=lambda w: counts[w])  # most frequent; ties go to the first seen
        rows.append({"code": code, "text": canonical, "variants": variants, "link_count": sum(counts.values())})
        if len(variants) > 1:
            described = "; ".join(
                f"“{w}” (recommendation{'s' if len(cited_by[code, w]) > 1 else ''} "
                f"{', '.join(map(str, cited_by[code, w]))})"
                for w in variants
            )
            extraction.warn(f"expected result {code} is worded {len(variants)} ways: {described}")
    return rows
