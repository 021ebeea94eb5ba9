"""The Word and HTML readers on documents made by other tools: each reads as its structure says.
(The whole 2023 report rendered in every layout is in test_renderings.)"""

from __future__ import annotations

import copy
import io
import zipfile

import docx
import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml import etree
from render import to_docx
from support import REPORT_2023

from pipeline.errors import ReportError
from pipeline.readers import read_report
from pipeline.readers.docx import W
from pipeline.readers.html.tree import read_html

# -- Word files made otherwise -------------------------------------------------------


def word_bytes(build) -> bytes:
    document = docx.Document()
    build(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def read_docx_bytes(tmp_path, data: bytes, name="rapport.docx"):
    path = tmp_path / "2023" / name
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(data)
    return read_report(path)


HEAD = "Le présent document contient le rapport sur le Plan d’action pour le développement pour l’année 2023."


def test_french_style_names_make_headings(tmp_path):
    def build(document):
        style = document.styles["Heading 1"]
        style.name, style.style_id = "Titre 1", "Titre1"
        document.add_paragraph(HEAD)
        document.add_paragraph("I. Secteur du développement", style="Titre 1")
        document.add_paragraph("Un paragraphe court sans point")

    blocks = read_docx_bytes(tmp_path, word_bytes(build)).blocks
    assert [(b.text, b.is_heading) for b in blocks] == [
        (HEAD, False),
        ("I. Secteur du développement", True),
        ("Un paragraphe court sans point", False),
    ]


def test_outline_level_makes_a_heading(tmp_path):
    def build(document):
        document.add_paragraph(HEAD)
        paragraph = document.add_paragraph("Organes de l’OMPI")
        outline = OxmlElement("w:outlineLvl")
        outline.set(qn("w:val"), "1")
        paragraph._p.get_or_add_pPr().append(outline)

    assert [b.is_heading for b in read_docx_bytes(tmp_path, word_bytes(build)).blocks] == [False, True]


def test_word_numbering_gives_list_markers(tmp_path):
    def build(document):
        document.add_paragraph(HEAD)
        for text in ("Premier point", "Second point"):
            document.add_paragraph(text, style="List Bullet")

    blocks = read_docx_bytes(tmp_path, word_bytes(build)).blocks
    assert [(b.list_marker, b.text) for b in blocks[1:]] == [("·", "Premier point"), ("·", "Second point")]


def test_numbered_heading_gets_its_label_back_before_its_footnote(tmp_path):
    def build(document):
        document.add_paragraph(HEAD)
        heading = document.add_paragraph("Secteur du développement", style="Heading 1")
        numbering = document.styles["List Number"].element.find(qn("w:pPr")).find(qn("w:numPr"))
        heading._p.get_or_add_pPr().append(copy.deepcopy(numbering))
        reference = OxmlElement("w:r")
        note = OxmlElement("w:footnoteReference")
        note.set(qn("w:id"), "1")
        reference.append(note)
        heading._p.append(reference)

    data = _with_footnotes_part(
        word_bytes(build),
        (
            '<w:footnotes xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            '<w:footnote w:id="1"><w:p><w:r><w:t>Note.</w:t></w:r></w:p></w:footnote></w:footnotes>'
        ),
    )
    heading = read_docx_bytes(tmp_path, data).blocks[1]
    assert (heading.is_heading, heading.text, heading.source_text) == (
        True,
        "1. Secteur du développement",
        "1. Secteur du développement",
    )
    assert [(r.number, r.offset) for r in heading.footnote_refs] == [(1, len("1. Secteur du développement"))]


def test_table_whose_first_row_is_a_header(tmp_path):
    def build(document):
        document.add_paragraph(HEAD)
        table = document.add_table(rows=2, cols=2)
        table.rows[0].cells[0].text, table.rows[0].cells[1].text = "Recommandation n° 1*", "Liens"
        table.rows[1].cells[0].text = "Texte de la recommandation."
        table.rows[1].cells[1].paragraphs[0].text = "2.1 Premier résultat."
        table.rows[1].cells[1].add_paragraph("4.1 Second résultat.")

    table = read_docx_bytes(tmp_path, word_bytes(build)).blocks[1]
    assert [[p.text for p in c.paragraphs] for c in table.cells()] == [
        ["Recommandation n° 1*"],
        ["Liens"],
        ["Texte de la recommandation."],
        ["2.1 Premier résultat.", "4.1 Second résultat."],
    ]


def test_numbering_instances_of_one_list_continue_it_as_libreoffice_writes_them(tmp_path):
    """LibreOffice gives a list's first item its own numbering instance, restarted at 1, and the
    next items other instances of the same list: i), ii), iii) … as Word and LibreOffice show it."""

    def build(document):
        root = document.part.numbering_part.element
        root.insert(
            0,
            etree.fromstring(
                f'<w:abstractNum xmlns:w="{W}" w:abstractNumId="77"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
                '<w:numFmt w:val="lowerRoman"/><w:lvlText w:val="%1)"/></w:lvl></w:abstractNum>'
            ),
        )
        restart = '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride>'
        for num_id, override in (("81", restart), ("82", ""), ("83", ""), ("84", restart)):
            root.append(
                etree.fromstring(
                    f'<w:num xmlns:w="{W}" w:numId="{num_id}"><w:abstractNumId w:val="77"/>{override}</w:num>'
                )
            )
        document.add_paragraph(HEAD)
        for num_id, text in (("81", "Premier"), ("82", "Deuxième"), ("83", "Troisième"), ("84", "Autre liste")):
            paragraph = document.add_paragraph(text)
            paragraph._p.get_or_add_pPr().append(
                etree.fromstring(f'<w:numPr xmlns:w="{W}"><w:ilvl w:val="0"/><w:numId w:val="{num_id}"/></w:numPr>')
            )

    blocks = read_docx_bytes(tmp_path, word_bytes(build)).blocks
    assert [(b.list_marker, b.text) for b in blocks[1:]] == [
        ("i", "Premier"),
        ("ii", "Deuxième"),
        ("iii", "Troisième"),
        ("i", "Autre liste"),
    ]


def test_decimal_word_numbering_numbers_the_paragraph_without_writing_in_it(tmp_path):
    def build(document):
        document.add_paragraph(HEAD)
        for text in ("Conférence sur la mobilisation", "Propriété intellectuelle et développement"):
            document.add_paragraph(text, style="List Number")

    blocks = read_docx_bytes(tmp_path, word_bytes(build)).blocks
    assert [(b.numbering, b.list_marker, b.text) for b in blocks[1:]] == [
        ("1.", None, "Conférence sur la mobilisation"),
        ("2.", None, "Propriété intellectuelle et développement"),
    ]


def test_docx_that_is_not_a_zip(tmp_path):
    with pytest.raises(ReportError, match="not a valid .docx: the file is not a zip archive"):
        read_docx_bytes(tmp_path, b"PK\x03\x04 this is not really a zip")


def test_zip_without_word_document(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "bonjour")
    with pytest.raises(ReportError, match="not a Word document: the zip has no word/document.xml"):
        read_docx_bytes(tmp_path, buffer.getvalue())


def test_docx_that_would_expand_beyond_the_limit_is_refused_unread(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", "<w:document/>")
        archive.writestr("word/media/huge.bin", b"\0" * (300 * 1024 * 1024))
    data = buffer.getvalue()
    assert len(data) < 1024 * 1024  # a small file …
    with pytest.raises(ReportError, match="refused: the .docx would expand to 314,572,8"):
        read_docx_bytes(tmp_path, data)  # … refused from the zip's directory, before decompression


def test_docx_member_that_would_expand_a_thousand_times_is_refused_unread(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", "<w:document/>")
        archive.writestr("word/media/zeros.bin", b"\0" * (20 * 1024 * 1024))  # within the size limit
    with pytest.raises(
        ReportError,
        match=r"refused: word/media/zeros.bin in the .docx would expand 10\d\d times "
        r"\(limit 200\)",
    ):
        read_docx_bytes(tmp_path, buffer.getvalue())


def test_external_entities_are_not_resolved(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-CONTENT", encoding="utf-8")

    def build(document):
        document.add_paragraph(HEAD)
        paragraph = document.add_paragraph("Texte")
        reference = OxmlElement("w:r")
        note = OxmlElement("w:footnoteReference")
        note.set(qn("w:id"), "1")
        reference.append(note)
        paragraph._p.append(reference)

    data = word_bytes(build)
    footnotes = (
        f'<?xml version="1.0"?><!DOCTYPE w:footnotes [<!ENTITY x SYSTEM "file://{secret}">]>'
        '<w:footnotes xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        '<w:footnote w:id="1"><w:p><w:r><w:t>Voir &x; ici.</w:t></w:r></w:p></w:footnote></w:footnotes>'
    )
    data = _with_footnotes_part(data, footnotes)
    document = read_docx_bytes(tmp_path, data)
    assert "SECRET" not in document.footnotes[0].text
    assert document.footnotes[0].text.startswith("Voir")


def _with_footnotes_part(data: bytes, xml: str) -> bytes:
    source, buffer = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for item in source.infolist():
            content = source.read(item)
            if item.filename == "[Content_Types].xml":
                content = content.replace(
                    b"</Types>",
                    b'<Override PartName="/word/footnotes.xml" ContentType='
                    b'"application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/></Types>',
                )
            if item.filename == "word/_rels/document.xml.rels":
                content = content.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rIdFn" Type="http://schemas.'
                    b'openxmlformats.org/officeDocument/2006/relationships/footnotes" '
                    b'Target="footnotes.xml"/></Relationships>',
                )
            target.writestr(item, content)
        target.writestr("word/footnotes.xml", xml)
    return buffer.getvalue()


# -- HTML made otherwise -----------------------------------------------------------


def test_pandoc_style_footnotes():
    page = (
        '<html><body><h1>I. Secteur</h1><p>Texte cité<a href="#fn1" class="footnote-ref" id="fnref1" '
        'role="doc-noteref"><sup>1</sup></a> ici.</p><section class="footnotes" role="doc-endnotes"><hr>'
        '<ol><li id="fn1"><p>La note.<a href="#fnref1" class="footnote-back" role="doc-backlink">↩︎</a>'
        "</p></li></ol></section></body></html>"
    )
    blocks, footnotes, _ = read_html(page, "pandoc.html")
    assert [(b.text, b.is_heading) for b in blocks] == [("I. Secteur", True), ("Texte cité ici.", False)]
    assert [(r.number, r.offset) for r in blocks[1].footnote_refs] == [(1, 10)]
    assert [(f.number, f.text) for f in footnotes] == [(1, "La note.")]


def test_word_html_export_footnotes():
    page = (
        '<html><body><div class=WordSection1><p class=MsoNormal>Texte<a href="#_ftn2" name="_ftnref2" '
        'title=""><span class=MsoFootnoteReference>[2]</span></a> suite.</p></div><div><br clear=all><hr>'
        '<div id=ftn2><p class=MsoFootnoteText><a href="#_ftnref2" name="_ftn2" title="">[2]</a> '
        "Première ligne.</p><p class=MsoFootnoteText>Seconde ligne.</p></div></div></body></html>"
    )
    blocks, footnotes, _ = read_html(page, "word.html")
    assert [b.text for b in blocks] == ["Texte suite."]
    assert [(f.number, f.text) for f in footnotes] == [(2, "Première ligne. Seconde ligne.")]


def test_libreoffice_footnote_keeps_every_paragraph_and_the_page_wrapping_is_not_text():
    page = (
        '<html><head><meta name="generator" content="LibreOffice 7.4.7.2 (Linux)"/></head><body>'
        '<h1 class="western">I. Secteur du développement régional et\n\tnational</h1>'
        '<p>Texte<sup><a class="sdfootnoteanc" name="sdfootnote1anc" href="#sdfootnote1sym"><sup>186</sup></a>'
        '</sup> suite.</p><div id="sdfootnote1"><p style="margin-bottom: 0.14in"><a class="sdfootnotesym" '
        'name="sdfootnote1sym" href="#sdfootnote1anc">186</a>\tL’évaluation\n\td’impact.</p>\n\t<p>Voir le '
        "document CDIP/31/8, accessible à l’adresse suivante :\n\twww.wipo.int/meetings/fr/doc_details.jsp?"
        "doc_id=620128.</p>\n</div></body></html>"
    )
    blocks, footnotes, warnings = read_html(page, "libreoffice.html")
    assert [(b.text, b.source_text, b.is_heading) for b in blocks] == [
        ("I. Secteur du développement régional et national", "I. Secteur du développement régional et national", True),
        ("Texte suite.", "Texte suite.", False),
    ]
    assert [(f.number, f.source_text) for f in footnotes] == [
        (
            186,
            (
                "L’évaluation d’impact.\nVoir le document CDIP/31/8, accessible à l’adresse suivante : "
                "www.wipo.int/meetings/fr/doc_details.jsp?doc_id=620128."
            ),
        )
    ]
    assert warnings == []


def test_google_docs_and_mammoth_footnotes():
    google = (
        '<body><p>Un<sup><a href="#ftnt2" id="ftnt_ref2">[2]</a></sup>.</p><hr><div><p><a href="#ftnt_ref2" '
        'id="ftnt2">[2]</a><span>&nbsp;Note une.</span></p><p>Suite.</p></div></body>'
    )
    mammoth = (
        '<body><p>Un<sup><a href="#footnote-2" id="footnote-ref-2">[2]</a></sup>.</p><ol><li id="footnote-2">'
        '<p>Note une.</p><p>Suite. <a href="#footnote-ref-2">↑</a></p></li></ol></body>'
    )
    for page in (google, mammoth):
        blocks, footnotes, _ = read_html(page, "page.html")
        assert [(b.text, [(r.number, r.offset) for r in b.footnote_refs]) for b in blocks] == [("Un.", [(2, 2)])]
        assert [(f.number, f.text) for f in footnotes] == [(2, "Note une. Suite.")]


def test_numbered_headings_and_paragraphs_of_office_html():
    page = (
        '<body><ol type="I" start="2"><li><h1>Secteur des brevets</h1></li></ol><ol><li><p>Conférence</p></li>'
        "<li><p>Brevets</p></li></ol></body>"
    )
    blocks, _, _ = read_html(page, "page.html")
    assert [(b.text, b.is_heading, b.numbering, b.list_marker) for b in blocks] == [
        ("II. Secteur des brevets", True, None, None),
        ("Conférence", False, "1.", None),
        ("Brevets", False, "2.", None),
    ]


def test_hyperlinks_keep_their_target():
    blocks, footnotes, _ = read_html(
        '<body><p>Voir <a href="https://www.wipo.int/fr/">www.wipo.int/fr</a>.</p></body>', "page.html"
    )
    paragraph = blocks[0]
    assert [(paragraph.text[h.start : h.end], h.target) for h in paragraph.hyperlinks] == [
        ("www.wipo.int/fr", "https://www.wipo.int/fr/")
    ]


def test_pandoc_page_is_named_for_what_pandoc_loses():
    _, _, warnings = read_html(
        '<html><head><meta name="generator" content="pandoc" /></head><body><p>Texte.</p></body></html>', "pandoc.html"
    )
    assert [w[:46] for w in warnings] == ["made by pandoc, which numbers footnotes from 1"]


def test_html_nested_beyond_any_report_is_refused():
    page = "<body>" + "<div>" * 1000 + "<p>Texte.</p>" + "</div>" * 1000 + "</body>"
    with pytest.raises(ReportError, match="HTML nested more than 400 levels deep: not a report"):
        read_html(page, "deep.html")


def test_scripts_and_styles_are_ignored():
    blocks, _, _ = read_html(
        "<html><head><style>p{}</style></head><body><script>var p='<p>x</p>'</script><p>Seul texte.</p></body></html>",
        "page.html",
    )
    assert [b.text for b in blocks] == ["Seul texte."]


def test_lists_take_their_markers_from_the_list():
    blocks, _, _ = read_html(
        '<body><ol type="i" start="3"><li>Troisième</li><li>Quatrième</li></ol>'
        '<ul><li>Puce</li></ul><ol type="a"><li>Lettre</li></ol></body>',
        "l.html",
    )
    assert [(b.list_marker, b.text) for b in blocks] == [
        ("iii", "Troisième"),
        ("iv", "Quatrième"),
        ("·", "Puce"),
        ("a", "Lettre"),
    ]


def test_the_reader_is_chosen_by_content_not_by_name(tmp_path, document_2023):
    path = tmp_path / "2023" / "rapport.txt"  # a Word file under a text file's name
    path.parent.mkdir()
    to_docx(document_2023, path)
    assert read_report(path).source.format == "docx"


def test_a_pdf_under_a_word_name_is_read_as_a_pdf(tmp_path):
    path = tmp_path / "2023" / "rapport.docx"
    path.parent.mkdir()
    path.write_bytes(b"%PDF-1.7\n" + b"\0" * 100)
    with pytest.raises(ReportError, match=r"not a readable PDF"):
        read_report(path)


def test_report_file_name_in_the_error(tmp_path):
    path = tmp_path / "2023" / "cassé.docx"
    path.parent.mkdir()
    path.write_bytes(b"PK\x05\x06" + b"\0" * 10)
    with pytest.raises(ReportError) as error:
        read_report(path)
    assert str(error.value).startswith(str(path))


def test_real_report_path_is_the_text_export():
    assert read_report(REPORT_2023).source.format == "text"
