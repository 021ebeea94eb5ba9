"""The POI-style text reader on variants of passages from the 2023 report."""

from __future__ import annotations

import pytest

from pipeline.document.model import Table
from pipeline.errors import ReportError
from pipeline.readers import read_report
from pipeline.readers.text import read_text

HEAD = (
    "Le présent document contient le rapport sur le Plan d’action pour le développement pour\u00a0l’année\u00a02023.\n"
    "Introduction\n"
)


def test_footnote_body_over_two_lines_keeps_both():
    blocks, footnotes = read_text(
        "Le\u00a0CDIP a examiné le rapport[footnoteRef:186] lors de sa session. [186:  \tL’évaluation a été gérée.\n"
        "Voir le document CDIP/31/8.] \n\nSuite.\n",
        "t.txt",
    )
    assert [f.text for f in footnotes] == ["L’évaluation a été gérée. Voir le document CDIP/31/8."]
    assert [b.text for b in blocks] == ["Le CDIP a examiné le rapport lors de sa session.", "Suite."]


def test_several_bodies_in_a_row_after_the_paragraph():
    blocks, footnotes = read_text(
        "des divisions régionales[footnoteRef:4] et des bureaux extérieurs[footnoteRef:5], le secteur. "
        "[4:  \tDivision pour l’Afrique.]  [5:  \tL’OMPI dispose de bureaux.] \n",
        "t.txt",
    )
    assert [(f.number, f.text) for f in footnotes] == [
        (4, "Division pour l’Afrique."),
        (5, "L’OMPI dispose de bureaux."),
    ]
    assert [(r.number, r.offset) for r in blocks[0].footnote_refs] == [(4, 24), (5, 50)]


def test_brackets_inside_a_body_do_not_end_it():
    _, footnotes = read_text("Texte[footnoteRef:7]. [7:  \tVoir [en anglais] le rapport.] \n", "t.txt")
    assert footnotes[0].text == "Voir [en anglais] le rapport."


def test_unclosed_body_is_an_error_naming_its_line():
    with pytest.raises(ReportError, match=r"body of footnote 7 \(line 2\) is never closed"):
        read_text("Titre\nTexte[footnoteRef:7]. [7:  \tVoir le rapport.\n", "t.txt")


def test_bookmarks_are_noise():
    blocks, _ = read_text("vii) [bookmark: _Hlk160470233]Proposition de projet.\n", "t.txt")
    assert (blocks[0].list_marker, blocks[0].text) == ("vii", "Proposition de projet.")


def test_cell_paragraphs_continue_on_untabbed_lines():
    blocks, _ = read_text(
        "\tRecommandation n°\u00a015*\n\tLiens avec les résultats escomptés\n\n"
        "\tLes activités d’établissement de normes doivent\u00a0:\n· être exhaustives;\n\n"
        "· être conformes au principe de neutralité.\n"
        "\t2.1 Élaboration de cadres normatifs.\n\n2.2 L’OMPI rassemble la communauté internationale.\n\n",
        "t.txt",
    )
    (table,) = blocks
    assert isinstance(table, Table)
    cells = [[(p.list_marker, p.text) for p in c.paragraphs] for c in table.cells()]
    assert cells == [
        [(None, "Recommandation n° 15*")],
        [(None, "Liens avec les résultats escomptés")],
        [
            (None, "Les activités d’établissement de normes doivent :"),
            ("·", "être exhaustives;"),
            ("·", "être conformes au principe de neutralité."),
        ],
        [(None, "2.1 Élaboration de cadres normatifs."), (None, "2.2 L’OMPI rassemble la communauté internationale.")],
    ]
    assert not any(p.is_heading for c in table.cells() for p in c.paragraphs)


def test_a_heading_after_a_table_ends_the_table():
    blocks, _ = read_text(
        "\t1.\n\tConférence sur la mobilisation de ressources\n\n Liste des projets en\u00a02023\n", "t.txt"
    )
    assert isinstance(blocks[0], Table) and len(blocks[0].cells()) == 2
    assert blocks[1].is_heading and blocks[1].text == "Liste des projets en 2023"


def test_a_title_broken_over_two_lines_is_one_heading():
    blocks, _ = read_text(" Liens entre les 45 recommandations \net les résultats escomptés\n", "t.txt")
    assert [(b.is_heading, b.text) for b in blocks] == [
        (True, "Liens entre les 45 recommandations et les résultats escomptés")
    ]


def test_headings_are_short_lines_that_do_not_end_like_sentences():
    blocks, _ = read_text(
        "I. Secteur du développement régional et national\nOrganes de l’OMPI\n"
        "Le secteur est le garant du Plan d’action pour le développement.\n"
        "On trouvera ci-dessous les éléments phares\u00a0:\ni) Création de “jeunes” académies\n",
        "t.txt",
    )
    assert [b.is_heading for b in blocks] == [True, True, False, False, False]


def _write(tmp_path, folder: str, content: str | bytes):
    path = tmp_path / folder / "rapport.txt"
    path.parent.mkdir(parents=True)
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return path


def test_reference_without_body_is_kept_and_named(tmp_path):
    document = read_report(_write(tmp_path, "2023", HEAD + "Texte[footnoteRef:3].\n"))
    assert [r.number for r in document.blocks[-1].footnote_refs] == [3] and document.footnotes == []
    assert "footnote reference without a body: 3" in document.warnings


def test_body_without_reference_is_kept_and_named(tmp_path):
    document = read_report(_write(tmp_path, "2023", HEAD + "Texte. [3:  \tNote orpheline.]\n"))
    assert [(f.number, f.text) for f in document.footnotes] == [(3, "Note orpheline.")]
    assert "footnote body without a reference: 3 (its paragraph_id is null)" in document.warnings


def test_year_stated_by_the_report_must_match_the_folder(tmp_path):
    path = _write(tmp_path, "2022", HEAD)
    with pytest.raises(ReportError, match="the report is for 2023 but the folder or --year says 2022"):
        read_report(path)


def test_year_is_read_from_the_text_when_the_folder_has_none(tmp_path):
    assert read_report(_write(tmp_path, "incoming", HEAD)).year == 2023


def test_crlf_line_endings_read_like_lf(report_2023_text, document_2023, tmp_path):
    path = _write(tmp_path, "2023", report_2023_text.replace("\n", "\r\n"))
    document = read_report(path)
    assert document.blocks == document_2023.blocks
    assert document.footnotes == document_2023.footnotes


def test_utf8_byte_order_mark_is_accepted(report_2023_text, document_2023, tmp_path):
    document = read_report(_write(tmp_path, "2023", b"\xef\xbb\xbf" + report_2023_text.encode("utf-8")))
    assert document.blocks == document_2023.blocks


def test_windows_1252_text_is_decoded_not_garbled(tmp_path):
    document = read_report(_write(tmp_path, "2023", HEAD.replace("’", "'").encode("cp1252")))
    assert document.blocks[0].text == (
        "Le présent document contient le rapport sur le Plan d'action pour le développement pour l'année 2023."
    )
    assert document.warnings == ["the file is not UTF-8: read as Windows-1252 (Latin-1)"]


def test_bytes_valid_in_no_encoding_are_refused(tmp_path):
    with pytest.raises(ReportError, match="neither UTF-8 \\(byte 0\\) nor Windows-1252 text"):
        read_report(_write(tmp_path, "2023", b"\x81\x8d\x8f\x90\x9d" * 10))


def test_empty_file_is_refused(tmp_path):
    with pytest.raises(ReportError, match="the file is empty"):
        read_report(_write(tmp_path, "2023", b""))
