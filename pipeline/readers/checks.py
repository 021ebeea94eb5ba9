"""The checks every report goes through, whatever its format: it is in French, its footnote
references and bodies pair up, and the year it states is the year asked for."""

from __future__ import annotations

import re
from collections import Counter

from pipeline.document.model import Footnote, Paragraph
from pipeline.errors import ReportError

FRENCH_WORDS = frozenset(
    "le la les de des du et en un une pour dans par sur au aux est sont a été qui que avec "
    "ses leur ce cette son ont".split()
)
MIN_FRENCH_SHARE = 0.15  # share of common French words among the words of a French report (2023: about 0.35)
REPORT_YEAR = re.compile(r"\bpour\s+l[’']ann[ée]e\s+((?:19|20)\d\d)\b", re.IGNORECASE)
YEAR_SEARCH_PARAGRAPHS = 5
# Footnotes a report can hold (2023: 71), refused beyond before any extraction work: 33,000 notes
# cost 39 s and 1.3 GB before the footnote column's int16 refused them at write time.
MAX_FOOTNOTES = 10_000
MAX_FOOTNOTE_NUMBER = 2**15 - 1  # the schema's footnote columns are int16
WORD = re.compile(r"[^\W\d_]+")
SUBJECT = re.compile(r"plan\s+d[’']action\s+pour\s+le\s+d[ée]veloppement", re.IGNORECASE)
NOT_THE_SUBJECT = (
    "does not look like a Development Agenda report: its text never names the “Plan d’action pour le développement”"
)


def check_language(blocks, name: str) -> None:
    """Refuse a document that is not in French (or has no text)."""
    check_french([w.lower() for p in iter_paragraphs(blocks) for w in WORD.findall(p.text)], name)


def check_subject(blocks, name: str) -> None:
    """Refuse a French document that never names the Development Agenda (“Plan d’action pour le
    développement”), whatever its format: a PDF or a Word file is held to what an HTML page is."""
    if not any(SUBJECT.search(p.text) for p in iter_paragraphs(blocks)):
        raise ReportError(name, NOT_THE_SUBJECT)


def check_french(words: list[str], name: str) -> None:
    """Refuse ``words`` (lower case) too few of which are common French words."""
    if not words:
        raise ReportError(name, "no text found")
    share = sum(w in FRENCH_WORDS for w in words) / len(words)
    if share < MIN_FRENCH_SHARE:
        raise ReportError(name, f"not a report in French (only {share:.0%} of its words are common French words)")


def settled_year(blocks, expected: int | None, name: str) -> tuple[int, list[str]]:
    """The report's year and the warning to give about it, if any: the year the report states
    (“pour l’année 2023”) must be ``expected`` (the folder's, or the one asked for), and one of
    the two must be known."""
    stated = stated_year(blocks)
    if stated is None:
        if expected is None:
            raise ReportError(name, "the report states no year (“pour l’année …”) and none was given with --year")
        return expected, [f"incomplete: the report states no year (“pour l’année …”); using {expected}"]
    if expected is not None and stated != expected:
        raise ReportError(name, f"the report is for {stated} but the folder or --year says {expected}")
    return expected or stated, []


def stated_year(blocks) -> int | None:
    """The year “pour l’année …” names in one of the first paragraphs."""
    paragraphs = [b for b in blocks if isinstance(b, Paragraph)][:YEAR_SEARCH_PARAGRAPHS]
    for paragraph in paragraphs:
        match = REPORT_YEAR.search(paragraph.text)
        if match:
            return int(match.group(1))
    return None


def check_footnote_budget(blocks, footnotes: list[Footnote], name: str) -> None:
    """Refuse more footnotes than a report holds, or a footnote number beyond what the datasets
    store (and what the warnings below may count up to)."""
    if len(footnotes) > MAX_FOOTNOTES:
        raise ReportError(name, f"refused: {len(footnotes):,} footnotes (limit {MAX_FOOTNOTES:,})")
    numbers = [f.number for f in footnotes] + [r.number for p in iter_paragraphs(blocks) for r in p.footnote_refs]
    if numbers and max(numbers) > MAX_FOOTNOTE_NUMBER:  # below 1, the dataset's checks say what is wrong
        raise ReportError(name, f"refused: footnote number {max(numbers):,} (limit {MAX_FOOTNOTE_NUMBER:,})")


def check_footnotes(blocks, footnotes: list[Footnote]) -> list[str]:
    """Warnings about references and bodies that do not pair up, which are kept and named: a
    reference without a body stays in its paragraph's ``footnotes``; a body without a reference
    is a footnote no paragraph cites."""
    cited = Counter(ref.number for p in iter_paragraphs(blocks) for ref in p.footnote_refs)
    bodies = {f.number for f in footnotes}
    warnings = []
    if missing := sorted(set(cited) - bodies):
        warnings.append(f"footnote reference without a body: {_numbers(missing)}")
    if orphans := sorted(bodies - set(cited)):
        warnings.append(f"footnote body without a reference: {_numbers(orphans)} (its paragraph_id is null)")
    warnings += [f"footnote {n} is referenced {k} times" for n, k in sorted(cited.items()) if k > 1]
    if bodies:
        gaps = sorted(set(range(1, max(bodies) + 1)) - bodies)
        if gaps:
            warnings.append(
                f"footnote numbers absent from the source: {_numbers(gaps)} "
                "(footnote 1 is usually on the cover page, which exports leave out)"
            )
    return warnings


def iter_paragraphs(blocks):
    """Every paragraph in reading order, table cells included."""
    for block in blocks:
        if isinstance(block, Paragraph):
            yield block
        else:
            for cell in block.cells():
                yield from cell.paragraphs


def _numbers(numbers: list[int]) -> str:
    return ", ".join(map(str, numbers))
