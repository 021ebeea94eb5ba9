"""Annex I: the 45 recommendations and their links to expected results;
and every place the running text cites a recommendation.

The annex is found by its content: the table whose cells open with
``Recommandation n° N``. For each recommendation, the cells that follow its
header are read by what they hold: a cell whose paragraphs all open with a
result code (``4.1 …``) lists expected results; a cell whose text recurs after
every header is a column label (``Liens avec les résultats escomptés``); any
other cell is the recommendation's own text.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from pipeline.errors import ReportError
from pipeline.french import numbers
from pipeline.model import Cell, Paragraph, Table

RECOMMENDATION_HEADER = re.compile(r"^Recommandation\s+n[°ºo]\s*(?P<number>\d+)\s*(?P<star>\*)?", re.IGNORECASE)
RESULT = re.compile(r"^(?P<code>\d+\.\d+)\s+(?P<text>\S.*)$")
CITATION = re.compile(
    r"\brecommandations?\s+n(?:os|o|°s?|º)\s*(?P<numbers>\d+(?:\s*(?:,|et)\s*\d+)*)", re.IGNORECASE
)


@dataclass
class Recommendation:
    number: int
    starred: bool
    header_paragraph: str
    text_cells: list[Cell] = field(default_factory=list)
    results: list[tuple[str, str]] = field(default_factory=list)  # (code, wording)


def recommendation_rows(extraction) -> None:
    table = _annex_table(extraction.document.blocks)
    if table is None:
        extraction.warn("incomplete: no recommendations table (Annex I) found")
        recommendations = []
    else:
        recommendations = _recommendations(table, extraction.document.source.path)
        _check_numbering(recommendations, extraction)
    extraction.add("recommendations", [
        {"number": r.number, "starred": r.starred, "text": _cell_text(r.text_cells)} for r in recommendations
    ])
    extraction.add("recommendation_results", [
        {"recommendation": r.number, "result_code": code, "position": position, "wording": wording}
        for r in recommendations for position, (code, wording) in enumerate(r.results, start=1)
    ])
    extraction.add("expected_results", _expected_results(recommendations, extraction))


def recommendation_mention_rows(extraction) -> None:
    """Citations in the running text and footnotes; Annex I's own cells are the recommendations."""
    extraction.add("recommendation_mentions", [
        {"paragraph_id": where["paragraph_id"], "footnote": where["footnote"], "offset": match.start(),
         "recommendation": number, "text": match.group(0)}
        for where, text in extraction.texts(tables=False)
        for match in CITATION.finditer(text) for number in numbers(match.group("numbers"))
    ])


def _annex_table(blocks) -> Table | None:
    for block in blocks:
        if isinstance(block, Table) and any(_header(c) for c in block.cells()):
            return block
    return None


def _header(cell: Cell):
    return RECOMMENDATION_HEADER.match(cell.paragraphs[0].text)


def _recommendations(table: Table, source: str) -> list[Recommendation]:
    groups: list[tuple[Recommendation, list[Cell]]] = []
    for cell in table.cells():
        header = _header(cell)
        if header:
            number = int(header.group("number"))
            groups.append((Recommendation(number, bool(header.group("star")), cell.paragraphs[0].text), []))
        elif groups:
            groups[-1][1].append(cell)
    labels = _column_labels([cells for _, cells in groups])
    for recommendation, cells in groups:
        for cell in cells:
            if _is_results(cell):
                recommendation.results += [_result(p) for p in cell.paragraphs]
            elif _cell_text([cell]) not in labels:
                recommendation.text_cells.append(cell)
        if not recommendation.text_cells:
            raise ReportError(source, f"Annex I: recommendation {recommendation.number} has no text")
    return [r for r, _ in groups]


def _column_labels(groups: list[list[Cell]]) -> set[str]:
    """Texts found in more than one recommendation's cells are column labels."""
    counts = Counter(text for cells in groups for text in {_cell_text([c]) for c in cells})
    return {text for text, n in counts.items() if n > 1 and len(groups) > 1}


def _is_results(cell: Cell) -> bool:
    return all(RESULT.match(p.text) for p in cell.paragraphs)


def _result(paragraph: Paragraph) -> tuple[str, str]:
    match = RESULT.match(paragraph.text)
    return match.group("code"), match.group("text")


def _cell_text(cells: list[Cell]) -> str:
    """Paragraphs of a cell on separate lines, list markers as written."""
    lines = []
    for cell in cells:
        for p in cell.paragraphs:
            marker = "" if p.list_marker is None else (f"{p.list_marker} " if p.list_marker == "·" else f"{p.list_marker}) ")
            lines.append(marker + p.text)
    return "\n".join(lines)


def _check_numbering(recommendations: list[Recommendation], extraction) -> None:
    found = [r.number for r in recommendations]
    expected = list(range(1, len(found) + 1))
    if found != expected:
        raise ReportError(extraction.document.source.path,
                          f"Annex I: recommendations are numbered {found[:5]}…, not 1 to {len(found)} in order")


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
        rows.append({"code": code, "text": canonical, "variants": variants,
                     "links": sum(counts.values())})
        if len(variants) > 1:
            described = "; ".join(
                f"“{w}” (recommendation{'s' if len(cited_by[code, w]) > 1 else ''} "
                f"{', '.join(map(str, cited_by[code, w]))})" for w in variants)
            extraction.warn(f"expected result {code} is worded {len(variants)} ways: {described}")
    return rows
