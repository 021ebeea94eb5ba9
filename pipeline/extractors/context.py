"""The shared ``Extraction`` the extractors read and fill, and how an extractor declares what it
reads (``requires``) and what it adds (``assigns``), as a spaCy component does.

Every extractor may read the document and its outline. What is made during the extraction is read
only when declared: the datasets earlier extractors added, and ``parses`` (spaCy's parses, from the
cache or the parsing process). ``pipeline.extractors.registry`` checks the order of the extractors
against their declarations when it is imported; while one runs, the ``Extraction`` refuses the
datasets it did not declare it requires and the datasets it did not declare it assigns.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.datasets.schema import DATASETS
from pipeline.datasets.types import INT_LIST, INTEGER_RANGES
from pipeline.document.model import Document
from pipeline.errors import ReportError
from pipeline.extractors.outline import Outline
from pipeline.language.nlp import parse

PARSES = "parses"
# What an extractor may require besides datasets: what the extraction holds before any extractor runs.
PROVIDED = (PARSES,)

SHRINK_LIMIT = 2 / 3  # fewer rows than this share of the previous year's: rows were probably lost


class DeclarationError(RuntimeError):
    """An extractor reads or adds what it did not declare, or runs before what it requires: a bug
    in the pipeline, whatever the report."""


@dataclass(frozen=True)
class Extractor:
    """An extractor: a function of the ``Extraction``, with what it requires and what it assigns."""

    name: str
    function: Callable
    requires: tuple[str, ...] = ()
    assigns: tuple[str, ...] = ()

    def __call__(self, extraction: Extraction) -> None:
        extraction.run(self)


def extractor(requires: tuple[str, ...] = (), assigns: tuple[str, ...] = ()) -> Callable[[Callable], Extractor]:
    """Declare a function of the ``Extraction`` an extractor: ``requires`` names the datasets (and
    ``parses``) it reads, ``assigns`` the datasets it adds."""
    unknown = [n for n in requires if n not in DATASETS and n not in PROVIDED] + [
        n for n in assigns if n not in DATASETS
    ]
    if unknown:
        raise DeclarationError(f"{', '.join(map(repr, unknown))}: no such dataset in pipeline.datasets.schema")

    def declare(function: Callable) -> Extractor:
        return Extractor(function.__name__, function, tuple(requires), tuple(assigns))

    return declare


@dataclass
class Extraction:
    document: Document
    outline: Outline
    warnings: list[str] = field(default_factory=list)
    checks: list[dict] = field(default_factory=list)
    cache: Path | None = None  # folder of the parse cache (pipeline.language.nlp), if any
    meanwhile: tuple = ()  # work for later that may run while a second process finishes parsing
    sentences: list | None = None  # the running text's sentences holding a number (pipeline.extractors.figures)
    _datasets: dict[str, list[dict]] = field(default_factory=dict, repr=False)
    _running: Extractor | None = field(default=None, repr=False)
    _anchors: dict | None = field(default=None, repr=False)  # paragraph id → section id
    _citing: dict = field(default_factory=dict, repr=False)  # footnote → its first citing paragraph

    @property
    def datasets(self) -> Mapping[str, list[dict]]:
        """The rows of each dataset added so far; while an extractor runs, only those it requires."""
        return self._datasets if self._running is None else _Required(self._datasets, self._running)

    def run(self, step: Extractor) -> None:
        """Run one extractor, holding it to its declaration."""
        outer, self._running = self._running, step
        try:
            step.function(self)
        finally:
            self._running = outer
        missing = [name for name in step.assigns if name not in self._datasets]
        if missing:
            raise DeclarationError(
                f"extractor {step.name} assigns {', '.join(map(repr, missing))} but added no such dataset"
            )

    def add(self, name: str, rows: list[dict]) -> None:
        """Rows of a dataset; each must have exactly the dataset's columns (Arrow would drop a
        misspelt key silently and leave the column null)."""
        if name not in DATASETS:
            raise KeyError(f"dataset {name!r} is not described in pipeline.datasets.schema")
        if self._running is not None and name not in self._running.assigns:
            raise DeclarationError(
                f"extractor {self._running.name} adds {name!r}, which it does not declare it assigns"
            )
        columns = set(DATASETS[name].column_names)
        for row in rows:
            if row.keys() != columns:
                unknown, missing = sorted(row.keys() - columns), sorted(columns - row.keys())
                raise KeyError(f"dataset {name!r}: a row has unknown columns {unknown} and lacks {missing}")
        self._check_widths(name, rows)
        self._datasets[name] = rows

    def _check_widths(self, name: str, rows: list[dict]) -> None:
        """Refuse a value its integer column cannot hold (a footnote 40,000 in an int16): an input
        error named now, not pyarrow's at write time."""
        for column in DATASETS[name].columns:
            if column.type not in INTEGER_RANGES or not rows:
                continue
            values = [row[column.name] for row in rows]
            if column.type == INT_LIST:
                values = [item for value in values if value for item in value]
            values = [value for value in values if value is not None]
            low, high = INTEGER_RANGES[column.type]
            if values and not low <= min(values) <= max(values) <= high:
                beyond = min(values) if min(values) < low else max(values)
                raise ReportError(
                    self.document.source.path if self.document.source else "the report",
                    f"{name}.{column.name} = {beyond:,} does not fit the dataset's {column.type} ({low:,} to {high:,})",
                )

    def parse(self, texts: list[str]) -> list:
        """spaCy's tokens of each text (``pipeline.language.nlp.parse``), with this extraction's cache;
        while the parsing process finishes, the work in ``meanwhile`` runs."""
        if self._running is not None and PARSES not in self._running.requires:
            raise DeclarationError(
                f"extractor {self._running.name} parses, which it does not declare it requires ({PARSES!r})"
            )
        return parse(texts, cache=self.cache, meanwhile=self.meanwhile)

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
                yield (
                    self.place(paragraph_id=placed.paragraph_id),
                    (paragraph.source_text if as_written else paragraph.text),
                )
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
        return {
            "paragraph_id": paragraph_id,
            "footnote": footnote,
            "anchor_paragraph_id": anchor,
            "section_id": self._anchors.get(anchor),
            "sector": self.outline.sector_of(self._anchors.get(anchor)),
        }

    @property
    def incomplete(self) -> list[str]:
        return [w for w in self.warnings if w.startswith("incomplete:")]

    def check(self, name: str, expected, found, where: str) -> None:
        """Record a consistency check for the manifest; a mismatch may mean lost rows: an
        ``incomplete:`` warning."""
        ok = expected == found
        self.checks.append(
            {
                "check": name,
                "status": "passed" if ok else "failed",
                "ok": ok,
                "expected": expected,
                "found": found,
                "where": where,
            }
        )
        if not ok:
            self.warn(f"incomplete: check failed: {name}: expected {expected}, found {found} ({where})")

    def check_not_run(self, name: str, why: str) -> None:
        """A check whose sentence the report does not hold: nothing vouches for the rows it guards."""
        self.checks.append(
            {"check": name, "status": "not run", "ok": None, "expected": None, "found": None, "where": why}
        )
        self.warn(f"incomplete: check not run: {name}: {why}")

    def compare_with_previous_year(self, rows_before: dict[str, int], year_before: int) -> None:
        """A dataset with a third fewer rows than the year before (``rows_before``: its row count per
        dataset) has probably lost rows: an ``incomplete:`` warning."""
        for name, rows in self.datasets.items():
            before = rows_before.get(name, 0)
            if before and len(rows) < SHRINK_LIMIT * before:
                self.warn(
                    f"incomplete: {name} has {len(rows)} rows, more than a third fewer than the {before} of "
                    f"{year_before}"
                )


class _Required(Mapping):
    """The datasets as a running extractor sees them: reading one it did not declare is an error."""

    def __init__(self, datasets: dict[str, list[dict]], running: Extractor) -> None:
        self._datasets, self._running = datasets, running

    def __getitem__(self, name: str) -> list[dict]:
        if name not in self._running.requires:
            raise DeclarationError(
                f"extractor {self._running.name} reads {name!r}, which it does not declare it requires"
            )
        return self._datasets[name]

    def __iter__(self) -> Iterator[str]:
        return (name for name in self._datasets if name in self._running.requires)

    def __len__(self) -> int:
        return sum(1 for _ in self)
