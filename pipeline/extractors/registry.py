"""The extractors in the order they run, checked against what each requires and assigns; and
``extract``, which runs them.

The order is tuned, not only allowed: the extractors that read parses come last, so that in a
cold run the parsing process has the most time to finish before ``figure_rows`` waits for it.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.datasets.schema import DATASETS
from pipeline.document.model import Document
from pipeline.extractors.context import PROVIDED, DeclarationError, Extraction, Extractor
from pipeline.extractors.countries import country_count_checks, country_rows
from pipeline.extractors.document_refs import document_ref_rows
from pipeline.extractors.figures import figure_rows, parse_inputs
from pipeline.extractors.footnotes import footnote_rows
from pipeline.extractors.links import link_rows
from pipeline.extractors.projects.annex import project_rows
from pipeline.extractors.projects.checks import project_checks
from pipeline.extractors.projects.mentions import project_mention_rows
from pipeline.extractors.recommendations import recommendation_mention_rows, recommendation_rows
from pipeline.extractors.structure import check_identity, outline, paragraph_rows, section_rows
from pipeline.language.nlp import prefetch

EXTRACTORS: tuple[Extractor, ...] = (
    check_identity,
    section_rows,
    paragraph_rows,
    footnote_rows,
    recommendation_rows,
    recommendation_mention_rows,
    project_rows,
    project_mention_rows,
    project_checks,
    link_rows,
    document_ref_rows,
    country_rows,
    figure_rows,
    country_count_checks,
)


def check_order(extractors: tuple[Extractor, ...]) -> None:
    """Each requirement is assigned by an extractor that runs before (or held from the start), each
    dataset assigned by one extractor only, and every dataset of the schema by one of them."""
    assigned_by: dict[str, tuple[int, Extractor]] = {}
    for position, step in enumerate(extractors):
        for name in step.assigns:
            if name in assigned_by:
                raise DeclarationError(f"extractors {assigned_by[name][1].name} and {step.name} both assign {name!r}")
            assigned_by[name] = position, step
    for position, step in enumerate(extractors):
        for name in (n for n in step.requires if n not in PROVIDED):
            if name not in assigned_by:
                raise DeclarationError(f"extractor {step.name} requires {name!r}, which no extractor assigns")
            assigned_at, assigner = assigned_by[name]
            if assigned_at >= position:
                who = "it assigns itself" if assigner is step else f"{assigner.name} assigns later"
                raise DeclarationError(f"extractor {step.name} requires {name!r}, which {who}")
    unassigned = [name for name in DATASETS if name not in assigned_by]
    if unassigned:
        raise DeclarationError(f"no extractor assigns {', '.join(map(repr, unassigned))}")


check_order(EXTRACTORS)


def extract(document: Document, *, cache: Path | None = None, parallel: bool = False, meanwhile=()) -> Extraction:
    """Run the extractors. With ``parallel``, spaCy starts in a second process on the other core
    first, while this one runs the extractors that need no parse (the command line asks for it; a
    library call never forks unasked); if this process then has to wait for the parses, it runs
    the functions in ``meanwhile`` first."""
    built = outline(document)
    extraction = Extraction(
        document, built, warnings=[*document.warnings, *built.warnings], cache=cache, meanwhile=tuple(meanwhile)
    )
    if parallel:
        prefetch(parse_inputs(extraction), cache)
    for step in EXTRACTORS:
        extraction.run(step)
    return extraction


def sentences_to_parse(document: Document) -> list[str]:
    """The sentences spaCy will be asked to parse for this document: a batch sends them to the
    parsing process as soon as the report is read."""
    return parse_inputs(Extraction(document, outline(document)))
