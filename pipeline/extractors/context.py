"""The library API: a document model in, datasets out.

Each extractor is a function that reads the shared ``Extraction`` and adds
one or more datasets to it; ``EXTRACTORS`` lists them in the order they run.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.extractors.breakdowns import breakdown_rows
from pipeline.extractors.countries import country_count_checks, country_rows
from pipeline.extractors.document_refs import document_ref_rows
from pipeline.extractors.figures import figure_rows, parse_inputs
from pipeline.extractors.footnotes import footnote_rows
from pipeline.extractors.links import link_rows
from pipeline.language.nlp import prefetch
from pipeline.extractors.projects import project_mention_rows, project_rows
from pipeline.extractors.recommendations import recommendation_mention_rows, recommendation_rows
from pipeline.document.model import Document
from pipeline.datasets.schema import DATASETS
from pipeline.extractors.structure import Outline, check_identity, outline, paragraph_rows, section_rows

EXTRACTORS = (
    check_identity,
    section_rows,
    paragraph_rows,
    footnote_rows,
    recommendation_rows,
    recommendation_mention_rows,
    project_rows,
    project_mention_rows,  # after project_rows and recommendation_rows: reads their datasets
    link_rows,
    document_ref_rows,
    country_rows,
    # The extractors that read parses come last: in a cold run the parsing process has the most
    # time to finish before figure_rows waits for it.
    figure_rows,
    breakdown_rows,  # after figure_rows: completes the figures
    country_count_checks,  # after figure_rows: reads the figures
)


@dataclass
class Extraction:
    document: Document
    outline: Outline
    datasets: dict[str, list[dict]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    checks: list[dict] = field(default_factory=list)
    cache: Path | None = None  # folder of the parse cache (pipeline.language.nlp), if any
    meanwhile: tuple = ()  # work for later that may run while a second process finishes parsing
    sentences: list | None = None  # the running text's sentences holding a number (pipeline.extractors.figures)
    timings: dict[str, float] = field(default_factory=dict)
    _anchors: dict | None = field(default=None, repr=False)  # paragraph id → section id
    _citing: dict = field(default_factory=dict, repr=False)  # footnote → its first citing paragraph

    def add(self, name: str, rows: list[dict]) -> None:
        """Rows of a dataset; each must have exactly the dataset's columns (Arrow would drop a
        misspelt key silently and leave the column null)."""
        if name not in DATASETS:
            raise KeyError(f"dataset {name!r} is not described in pipeline.datasets.schema")
        columns = set(DATASETS[name].column_names)
        for row in rows:
            if row.keys() != columns:
                unknown, missing = sorted(row.keys() - columns), sorted(columns - row.keys())
                raise KeyError(f"dataset {name!r}: a row has unknown columns {unknown} and lacks {missing}")
        self.datasets[name] = rows

    def warn(self, message: str) -> None:
        """A warning for the manifest; one that starts with ``incomplete:`` fails a --strict run."""
        self.warnings.append(message)

    def texts(self, as_written: bool = False, tables: bool = True):
        """(place, text) for every paragraph, then every footnote; a place holds the columns
        ``schema.place_columns`` describes. ``as_written`` gives the source text (no-break spaces,
        U+2011) instead of the clean text."""
        for placed in self.outline.paragraphs:
            if tables or placed.table_number is None:
                paragraph = placed.paragraph
                yield self.place(paragraph_id=placed.paragraph_id), (
                    paragraph.source_text if as_written else paragraph.text)
        for note in self.document.footnotes:
            yield self.place(footnote=note.number), note.source_text if as_written else note.text

    def place(self, paragraph_id: str | None = None, footnote: int | None = None) -> dict:
        """The place columns of a row in a paragraph or in a footnote (``schema.place_columns``)."""
        if self._anchors is None:
            self._anchors = {p.paragraph_id: p.section_id for p in self.outline.paragraphs}
            for placed in self.outline.paragraphs:
                for ref in placed.paragraph.footnote_refs:
                    self._citing.setdefault(ref.number, placed.paragraph_id)
        anchor = paragraph_id if paragraph_id is not None else self._citing.get(footnote)
        return {"paragraph_id": paragraph_id, "footnote": footnote, "anchor_paragraph_id": anchor,
                "section_id": self._anchors.get(anchor)}

    @property
    def incomplete(self) -> list[str]:
        return [w for w in self.warnings if w.startswith("incomplete:")]

    def check(self, name: str, expected, found, where: str) -> None:
        """Record a consistency check for the manifest; a mismatch may mean lost rows: an
        ``incomplete:`` warning."""
        ok = expected == found
        self.checks.append({"check": name, "status": "passed" if ok else "failed", "ok": ok,
                            "expected": expected, "found": found, "where": where})
        if not ok:
            self.warn(f"incomplete: check failed: {name}: expected {expected}, found {found} ({where})")

    def check_not_run(self, name: str, why: str) -> None:
        """A check whose sentence the report does not hold: nothing vouches for the rows it guards."""
        self.checks.append({"check": name, "status": "not run", "ok": None, "expected": None, "found": None,
                            "where": why})
        self.warn(f"incomplete: check not run: {name}: {why}")


def extract(document: Document, cache: Path | None = None, parallel: bool = False, meanwhile=()) -> Extraction:
    """Run the extractors. With ``parallel``, spaCy starts in a second process on the other core
    first, while this one runs the extractors that need no parse (the command line asks for it; a
    library call never forks unasked); if this process then has to wait for the parses, it runs
    the functions in ``meanwhile`` first."""
    started = time.perf_counter()
    built = outline(document)
    extraction = Extraction(document, built, warnings=[*document.warnings, *built.warnings], cache=cache,
                            meanwhile=tuple(meanwhile))
    if parallel:
        prefetch(parse_inputs(extraction), cache)
    for extractor in EXTRACTORS:
        extractor(extraction)
    extraction.timings["extract"] = round(time.perf_counter() - started, 3)
    return extraction

