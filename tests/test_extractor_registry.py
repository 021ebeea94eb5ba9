"""The extractors' declarations: the order they run in is checked against what each requires and
assigns, and an extractor that reads, parses or adds what it did not declare fails."""

from __future__ import annotations

import copy

import pytest

from pipeline.extractors.context import DeclarationError, Extraction, extractor
from pipeline.extractors.countries import country_count_checks
from pipeline.extractors.figures import figure_rows
from pipeline.extractors.links import link_rows
from pipeline.extractors.registry import EXTRACTORS, check_order, extract
from pipeline.extractors.structure import outline, section_rows


@pytest.fixture
def extraction(document_2023) -> Extraction:
    return Extraction(document_2023, outline(document_2023))


def test_the_extractors_run_in_the_tuned_order():
    check_order(EXTRACTORS)
    assert [step.name for step in EXTRACTORS] == [
        "check_identity",
        "section_rows",
        "paragraph_rows",
        "footnote_rows",
        "recommendation_rows",
        "recommendation_mention_rows",
        "project_rows",
        "project_mention_rows",
        "project_checks",
        "link_rows",
        "document_ref_rows",
        "country_rows",
        "figure_rows",
        "country_count_checks",
    ]


def test_an_extractor_before_what_it_requires_fails():
    wrong = tuple(step for step in EXTRACTORS if step is not figure_rows) + (figure_rows,)
    with pytest.raises(DeclarationError) as raised:
        check_order(wrong)
    assert str(raised.value) == "extractor country_count_checks requires 'figures', which figure_rows assigns later"


def test_a_requirement_no_extractor_assigns_fails():
    with pytest.raises(DeclarationError) as raised:
        check_order(tuple(step for step in EXTRACTORS if step is not figure_rows))
    assert str(raised.value) == "extractor country_count_checks requires 'figures', which no extractor assigns"


def test_a_dataset_no_extractor_assigns_fails():
    with pytest.raises(DeclarationError) as raised:
        check_order(tuple(step for step in EXTRACTORS if step is not section_rows))
    assert str(raised.value) == "no extractor assigns 'sections'"


def test_document_references_are_extracted_after_the_links_they_name():
    with pytest.raises(DeclarationError) as raised:
        check_order(tuple(step for step in EXTRACTORS if step is not link_rows))
    assert str(raised.value) == "extractor document_ref_rows requires 'links', which no extractor assigns"


def test_two_extractors_assigning_one_dataset_fail():
    @extractor(assigns=("links",))
    def more_links(extraction):
        extraction.add("links", [])

    with pytest.raises(DeclarationError) as raised:
        check_order(EXTRACTORS + (more_links,))
    assert str(raised.value) == "extractors link_rows and more_links both assign 'links'"


def test_a_declaration_naming_no_dataset_fails():
    with pytest.raises(DeclarationError) as raised:
        extractor(requires=("figure",))
    assert str(raised.value) == "'figure': no such dataset in pipeline.datasets.schema"


def test_reading_a_dataset_not_required_fails(extraction):
    @extractor()
    def sections_read_unannounced(extraction):
        return extraction.datasets["sections"]

    extraction.run(section_rows)
    with pytest.raises(DeclarationError) as raised:
        extraction.run(sections_read_unannounced)
    assert str(raised.value) == (
        "extractor sections_read_unannounced reads 'sections', which it does not declare it requires"
    )
    assert list(extraction.datasets) == ["sections"]  # outside an extractor, every dataset is there to read


def test_a_running_extractor_sees_only_the_datasets_it_requires(extraction):
    seen = []

    @extractor(requires=("sections",))
    def looks(extraction):
        seen.append((list(extraction.datasets), len(extraction.datasets["sections"])))

    extraction.run(section_rows)
    extraction.add("links", [])
    extraction.run(looks)
    assert seen == [(["sections"], len(extraction.outline.sections))]


def test_adding_a_dataset_not_assigned_fails(extraction):
    @extractor(assigns=("links",))
    def adds_more(extraction):
        extraction.add("links", [])
        extraction.add("document_refs", [])

    with pytest.raises(DeclarationError) as raised:
        extraction.run(adds_more)
    assert str(raised.value) == "extractor adds_more adds 'document_refs', which it does not declare it assigns"


def test_an_assigned_dataset_never_added_fails(extraction):
    @extractor(assigns=("links",))
    def forgets(extraction):
        pass

    with pytest.raises(DeclarationError) as raised:
        extraction.run(forgets)
    assert str(raised.value) == "extractor forgets assigns 'links' but added no such dataset"


def test_parsing_without_requiring_the_parses_fails(extraction):
    @extractor()
    def parses_unannounced(extraction):
        extraction.parse(["Trois ateliers."])

    with pytest.raises(DeclarationError) as raised:
        extraction.run(parses_unannounced)
    assert str(raised.value) == "extractor parses_unannounced parses, which it does not declare it requires ('parses')"


def test_an_undeclared_read_fails_a_whole_extraction(document_2023, monkeypatch):
    from pipeline.extractors import registry

    @extractor()
    def reads_figures(extraction):
        return extraction.datasets["figures"]

    monkeypatch.setattr(registry, "EXTRACTORS", (*EXTRACTORS[:-1], reads_figures, country_count_checks))
    with pytest.raises(DeclarationError, match="extractor reads_figures reads 'figures'"):
        extract(document_2023)


def test_no_extractor_changes_the_rows_of_a_dataset_once_added(document_2023, monkeypatch):
    added = {}
    add = Extraction.add

    def add_and_keep_a_copy(self, name, rows):
        add(self, name, rows)
        added[name] = copy.deepcopy(rows)

    monkeypatch.setattr(Extraction, "add", add_and_keep_a_copy)
    extraction = extract(document_2023)
    assert sorted(added) == sorted(extraction.datasets)
    assert [name for name, rows in added.items() if extraction.datasets[name] != rows] == []
    assert sum(row["total_figure_id"] is not None for row in added["figures"]) > 0  # the breakdowns are in
