"""The outline and paragraphs of the 2023 report (raw/2023/rapport_da_2023_fr.txt)."""

from __future__ import annotations

import re

SECTORS_2023 = [
    ("I", "Secteur du développement régional et national"),
    ("II", "Secteur des brevets et de la technologie"),
    ("III", "Secteur des marques et des dessins et modèles"),
    ("IV", "Secteur du droit d’auteur et des industries de la création"),
    ("V", "Secteur de l’infrastructure et des plateformes"),
    ("VI", "Secteur des enjeux et des partenariats mondiaux"),
    ("VII", "Secteur des écosystèmes de propriété intellectuelle et d’innovation"),
    ("VIII", "Secteur administration, finances et gestion"),
    ("IX", "Bureau du Directeur général"),
]


def test_nine_sectors_in_order_with_numerals_and_titles(load):
    sections = load("sections").sort_values("order")
    sectors = sections[sections.section_kind == "sector"]
    assert list(zip(sectors.number, sectors.title)) == SECTORS_2023
    assert list(sectors.section_id) == [n for n, _ in SECTORS_2023]


def test_top_level_sections_in_document_order(load):
    top = load("sections").sort_values("order").query("level == 1")
    assert list(top.section_id) == (
        ["preamble", "introduction"] + [n for n, _ in SECTORS_2023] + ["conclusion", "annex-I", "annex-II"]
    )


def test_each_sector_has_its_sub_sections(load):
    sections = load("sections")
    counts = sections[sections.section_kind == "subsection"].groupby("parent_id").size().to_dict()
    assert counts == {"I": 8, "II": 3, "III": 4, "IV": 4, "V": 1, "VI": 7, "VII": 6, "VIII": 1, "IX": 5}
    assert len(sections) == 53


def test_sub_sections_written_in_capitals_are_sub_sections(load):
    sections = load("sections").set_index("section_id")
    assert sections.loc["I.2", "title"] == "RENFORCEMENT DES COMPÉTENCES ET DES CONNAISSANCES"
    assert sections.loc["I.8", "title"] == "PROJETS EN COURS DU PLAN D’ACTION POUR LE DÉVELOPPEMENT"
    assert sections.loc["IX.1", "title"] == "ACTUALITÉS ET MÉDIAS"
    assert set(sections.loc[["I.2", "I.8", "IX.1"], "level"]) == {2}


def test_rnds_sub_sections(load):
    sections = load("sections")
    titles = list(sections[sections.parent_id == "I"].sort_values("order").title)
    assert titles == [
        "Assistance technique et renforcement des capacités",
        "RENFORCEMENT DES COMPÉTENCES ET DES CONNAISSANCES",
        "Propriété intellectuelle et développement",
        "Éléments de flexibilité du système de la propriété intellectuelle",
        "Les femmes et la propriété intellectuelle",
        "Organes de l’OMPI",
        "Projets intégrés relevant du Plan d’action pour le développement",
        "PROJETS EN COURS DU PLAN D’ACTION POUR LE DÉVELOPPEMENT",
    ]


def test_annex_titles_joined_across_lines(load):
    sections = load("sections").set_index("section_id")
    assert sections.loc["annex-I", "title"] == (
        "Liens entre les 45 recommandations du Plan d’action pour le développement "
        "et les résultats escomptés de l’OMPI pour la période 2022-2026"
    )
    assert sections.loc["annex-II", "title"] == "Liste des projets du Plan d’action pour le développement en 2023"


def test_paragraph_counts_by_kind(load):
    paragraphs = load("paragraphs")
    assert len(paragraphs) == 536
    assert paragraphs.paragraph_kind.value_counts().to_dict() == {
        "paragraph": 438,
        "heading": 52,
        "list_item": 44,
        "note": 2,
    }
    assert paragraphs.paragraph_id.is_unique


def test_annex_tables_keep_every_cell(load):
    paragraphs = load("paragraphs")
    cells = paragraphs.dropna(subset=["cell_number"]).groupby("table_number").cell_number.nunique().to_dict()
    assert cells == {1: 180, 2: 113}  # 45 recommendations × 4 cells; 3 group headings + 55 × 2


def test_list_items_carry_their_marker(load):
    paragraphs = load("paragraphs").set_index("paragraph_id")
    proposal = paragraphs.loc["I.6:8"]
    assert (proposal.paragraph_kind, proposal.list_marker) == ("list_item", "vii")
    assert proposal.text.startswith("Proposition de projet relative à la phase II du projet sur le droit d’auteur")


def test_bookmarks_are_dropped(load):
    paragraphs = load("paragraphs")
    assert not paragraphs.text.str.contains("bookmark").any()
    assert (
        paragraphs.set_index("paragraph_id")
        .loc["VII.3:1", "text"]
        .startswith("L’Institut judiciaire de l’OMPI a coordonné")
    )


def test_editorial_notes(load):
    notes = load("paragraphs").query("paragraph_kind == 'note'")
    assert list(notes.text) == ["[Les annexes suivent]", "[Fin de l’annexe II et du document]"]
    assert list(notes.section_id) == ["conclusion", "annex-II"]


def _source_words(text: str) -> list[str]:
    """The report's words, with footnote bodies, markers and bookmarks cut by plain regexes."""
    text = re.sub(r"\[\d+:.*?\]", " ", text, flags=re.S)
    text = re.sub(r"\[footnoteRef:\d+\]", "", text)
    text = re.sub(r"\[bookmark:[^\]]*\]", "", text)
    return text.replace("\u2011", "-").split()


def _extracted_words(paragraphs) -> list[str]:
    words = []
    for row in paragraphs.sort_values("order").itertuples():
        if isinstance(row.list_marker, str):
            words.append(row.list_marker if row.list_marker == "·" else f"{row.list_marker})")
        words += row.text.split()
    return words


def test_no_paragraph_lost_or_duplicated(load, report_2023_text):
    assert _extracted_words(load("paragraphs")) == _source_words(report_2023_text)


def test_headings_before_the_first_paragraph_are_the_title_not_a_section(document_2023):
    """pandoc's title block (``<h1 class="title">Rapport</h1>``), and a browser's print of it, opens the
    report with a heading that the text export has not: it is the document's title, and the preamble stays."""
    from dataclasses import replace

    from pipeline.document.model import Paragraph
    from pipeline.extractors.structure import outline

    titled = replace(document_2023, blocks=[Paragraph("Rapport", is_heading=True), *document_2023.blocks])
    plain, with_title = outline(document_2023), outline(titled)
    assert with_title.title_block == ["Rapport"] and plain.title_block == []
    assert [(s.section_id, s.title) for s in with_title.sections] == [(s.section_id, s.title) for s in plain.sections]
    assert [p.paragraph_id for p in with_title.paragraphs][:2] == ["preamble:1", "preamble:2"]
    introduced = replace(document_2023, blocks=[Paragraph("Introduction", is_heading=True), *document_2023.blocks])
    assert outline(introduced).sections[0].section_id == "introduction"
