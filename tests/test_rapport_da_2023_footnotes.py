"""Footnotes of the 2023 report."""

from __future__ import annotations

import json


def test_189_footnotes_numbered_2_to_190(load):
    footnotes = load("footnotes")
    assert len(footnotes) == 189
    assert sorted(footnotes.footnote) == list(range(2, 191))


def test_each_footnote_cited_exactly_once(load):
    cited = load("paragraphs").footnote_numbers.explode().dropna().astype(int)
    assert sorted(cited) == list(range(2, 191))


def test_missing_footnote_1_is_a_warning(extracted_2023):
    manifest = json.loads((extracted_2023 / "manifest" / "2023.json").read_text(encoding="utf-8"))
    footnote_warnings = [w for w in manifest["warnings"] if w.startswith("footnote number")]
    assert footnote_warnings == [
        "footnote numbers absent from the source: 1 (footnote 1 is usually on the cover page, which exports leave out)"
    ]


def test_footnote_186_holds_both_of_its_lines(load):
    note = load("footnotes").set_index("footnote").loc[186]
    assert note.text == (
        "L’évaluation d’impact indépendante externe a été gérée par la Division de la coordination du Plan "
        "d’action pour le développement, en collaboration avec la Section d’évaluation de la Division de la "
        "supervision interne. Voir le document CDIP/31/8, accessible à l’adresse suivante : "
        "www.wipo.int/meetings/fr/doc_details.jsp?doc_id=620128."
    )
    assert note.anchor_paragraph_id == "IX.3:1"


def test_footnote_18_text_as_in_source(load):
    note = load("footnotes").set_index("footnote").loc[18]
    assert note.text == (
        "Voir le document CDIP/30/13, accessible à l’adresse suivante : "
        "https://www.wipo.int/meetings/fr/doc_details.jsp?doc_id=602625"
        "http://www.wipo.int/meetings/en/doc_details.jsp?doc_id=602625."
    )


def test_reference_offset_points_after_the_cited_words(load):
    footnotes = load("footnotes").set_index("footnote")
    paragraphs = load("paragraphs").set_index("paragraph_id")

    def text_around(number: int) -> tuple[str, str]:
        note = footnotes.loc[number]
        text = paragraphs.loc[note.anchor_paragraph_id, "text"]
        return text[: note.offset], text[note.offset :]

    before, after = text_around(27)
    assert before.endswith("30 entrepreneuses de 25") and after.startswith(" pays d’Afrique")
    before, after = text_around(2)
    assert before.endswith("(“WIPO Pulse”)") and after.startswith(". Les liens profonds")
    assert text_around(189) == ("Recommandation n° 1*", "")
    before, after = text_around(95)
    assert before == "Droit d’auteur et diffusion de contenu dans l’environnement numérique"
    assert after.startswith(" : la phase II du projet")


def test_footnotes_in_annex_cells_link_to_cell_paragraphs(load):
    footnotes = load("footnotes").set_index("footnote")
    paragraphs = load("paragraphs").set_index("paragraph_id")
    for number, text in ((189, "Recommandation n° 1*"), (190, "Liens avec les résultats escomptés")):
        paragraph = paragraphs.loc[footnotes.loc[number, "anchor_paragraph_id"]]
        assert (paragraph.section_id, paragraph.table_number, paragraph.text) == ("annex-I", 1, text)


def test_every_citing_paragraph_exists(load):
    footnotes, paragraphs = load("footnotes"), load("paragraphs")
    assert set(footnotes.anchor_paragraph_id) <= set(paragraphs.paragraph_id)
