"""The OpenDocument reader on small documents written here the way LibreOffice writes them:
notes, spanned cells, numbered headings and lists, the text elements of ODF, its safety.
(The whole 2023 report saved by LibreOffice as .odt is in test_renderings.)"""

from __future__ import annotations

import io
import zipfile

import pytest

from pipeline.errors import ReportError
from pipeline.readers import read_report

HEAD = (
    "<text:p>Le présent document contient le rapport sur le Plan d’action pour le développement pour l’année 2023."
    "</text:p>"
)
NAMESPACES = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
    'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
    'xmlns:xlink="http://www.w3.org/1999/xlink" '
    'xmlns:loext="urn:org:documentfoundation:names:experimental:office:xmlns:loext:1.0"'
)
MANIFEST = (
    '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
    '<manifest:file-entry manifest:full-path="/" manifest:media-type="{mimetype}"/>'
    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml">{encryption}'
    "</manifest:file-entry></manifest:manifest>"
)
ENCRYPTION = (
    '<manifest:encryption-data manifest:checksum-type="SHA1/1K" manifest:checksum="AAAA">'
    '<manifest:algorithm manifest:algorithm-name="Blowfish CFB" manifest:initialisation-vector="AAAA"/>'
    "</manifest:encryption-data>"
)
TEXT = "application/vnd.oasis.opendocument.text"


def odt_bytes(
    body: str,
    styles: str = "",
    automatic: str = "",
    mimetype: str = TEXT,
    encrypted: bool = False,
) -> bytes:
    """An .odt as LibreOffice lays it out: ``mimetype`` first and stored, the manifest, the
    content (``body`` inside ``office:text``, ``automatic`` styles) and the common ``styles``."""
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {NAMESPACES}>'
        f"<office:automatic-styles>{automatic}</office:automatic-styles>"
        f"<office:body><office:text>{body}</office:text></office:body></office:document-content>"
    )
    common = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-styles {NAMESPACES}>'
        f"<office:styles>{styles}</office:styles></office:document-styles>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), mimetype)  # stored, as ODF asks
        archive.writestr(
            "META-INF/manifest.xml", MANIFEST.format(mimetype=mimetype, encryption=ENCRYPTION if encrypted else "")
        )
        archive.writestr("content.xml", content)
        archive.writestr("styles.xml", common)
    return buffer.getvalue()


def fodt_bytes(body: str, styles: str = "") -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document {NAMESPACES} office:version="1.3" '
        f'office:mimetype="{TEXT}"><office:styles>{styles}</office:styles>'
        f"<office:body><office:text>{body}</office:text></office:body></office:document>"
    ).encode()


def read(tmp_path, data: bytes, name: str = "rapport.odt"):
    path = tmp_path / "2023" / name
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(data)
    return read_report(path)


def note(number: int, *paragraphs: str, note_class: str = "footnote") -> str:
    body = "".join(f"<text:p><text:tab/>{p}</text:p>" for p in paragraphs)
    return (
        f'<text:span><text:note text:id="ftn{number + 40}" text:note-class="{note_class}">'
        f"<text:note-citation>{number}</text:note-citation><text:note-body>{body}</text:note-body>"
        "</text:note></text:span>"
    )


# -- footnotes -------------------------------------------------------------------------


def test_footnotes_keep_their_number_every_paragraph_and_the_place_they_are_cited(tmp_path):
    body = (
        HEAD
        + '<text:h text:outline-level="1">I. Secteur du développement'
        + note(7, "Note du titre.")
        + "</text:h>"
        + "<text:p>Trente entrepreneuses de 25"
        + note(8, "Algérie, Bénin.", "Voir www.wipo.int/fr.")
        + " pays d’Afrique"
        + note(3, "Une note de fin.", note_class="endnote")
        + note(10**30, "Un numéro qu’aucun rapport n’atteint.")
        + ".</text:p>"
    )
    document = read(tmp_path, odt_bytes(body))
    heading, paragraph = document.blocks[1:]
    assert [(r.number, r.offset) for r in heading.footnote_refs] == [(7, len("I. Secteur du développement"))]
    assert (paragraph.text, [(r.number, r.offset) for r in paragraph.footnote_refs]) == (
        "Trente entrepreneuses de 25 pays d’Afrique.",
        [(8, len("Trente entrepreneuses de 25"))],
    )
    assert [(f.number, f.text, f.source_text) for f in document.footnotes] == [
        (7, "Note du titre.", "Note du titre."),
        (8, "Algérie, Bénin. Voir www.wipo.int/fr.", "Algérie, Bénin.\nVoir www.wipo.int/fr."),
    ]


# -- tables -----------------------------------------------------------------------------


def cell(*paragraphs: str, span: int = 1) -> str:
    spanned = f' table:number-columns-spanned="{span}"' if span > 1 else ""
    return f"<table:table-cell{spanned}>" + "".join(f"<text:p>{p}</text:p>" for p in paragraphs) + "</table:table-cell>"


def test_spanned_cells_are_one_cell_and_covered_cells_none(tmp_path):
    table = (
        '<table:table><table:table-column table:number-columns-repeated="2"/>'
        "<table:table-header-rows><table:table-row>"
        + cell("Recommandation n° 1*")
        + cell("Liens")
        + "</table:table-row></table:table-header-rows>"
        "<table:table-row>" + cell("Projets achevés et évalués (2)", span=2) + "<table:covered-table-cell/>"
        "</table:table-row><table:table-row>"
        + cell("Texte.")
        + cell("2.1 Premier.", "", "4.1 Second.")
        + "</table:table-row><table:table-row>"
        '<table:table-cell table:number-rows-spanned="2"><text:p>Fusionnée</text:p></table:table-cell>'
        + cell("Haut")
        + "</table:table-row><table:table-row><table:covered-table-cell/>"
        + cell("Bas")
        + "</table:table-row></table:table>"
    )
    table = read(tmp_path, odt_bytes(HEAD + table)).blocks[1]
    assert [(row.header, [[p.text for p in c.paragraphs] for c in row.cells]) for row in table.rows] == [
        (True, [["Recommandation n° 1*"], ["Liens"]]),
        (False, [["Projets achevés et évalués (2)"]]),
        (False, [["Texte."], ["2.1 Premier.", "4.1 Second."]]),
        (False, [["Fusionnée"], ["Haut"]]),
        (False, [["Bas"]]),
    ]


# -- numbered headings and lists ----------------------------------------------------------

LIST_STYLES = (
    '<text:list-style style:name="Secteurs"><text:list-level-style-number text:level="1" style:num-format="I" '
    'style:num-suffix="." loext:num-list-format="%1%."/></text:list-style>'
    '<text:list-style style:name="Points"><text:list-level-style-number text:level="1" style:num-format="i" '
    'style:num-suffix=")"/><text:list-level-style-number text:level="2" style:num-format="a" '
    'style:num-suffix=")"/></text:list-style>'
    '<text:list-style style:name="Titres"><text:list-level-style-number text:level="1" style:num-format="1" '
    'style:num-suffix="."/></text:list-style>'
    '<text:list-style style:name="Puces"><text:list-level-style-bullet text:level="1" text:bullet-char="•"/>'
    "</text:list-style>"
)


def sector(title: str, attributes: str = "") -> str:
    return (
        f'<text:list text:style-name="Secteurs"{attributes}><text:list-item>'
        f'<text:h text:outline-level="1">{title}</text:h></text:list-item></text:list>'
    )


def items(style: str, *texts: str, attributes: str = "") -> str:
    return (
        f'<text:list text:style-name="{style}"{attributes}>'
        + "".join(f"<text:list-item><text:p>{t}</text:p></text:list-item>" for t in texts)
        + "</text:list>"
    )


def test_numbered_headings_get_their_label_and_lists_their_markers(tmp_path):
    body = (
        HEAD
        + sector("Secteur du développement")
        + "<text:p>Texte du secteur.</text:p>"
        + sector("Secteur des brevets", ' text:continue-numbering="true"')
        + items("Points", "Premier point", "Deuxième point")
        + '<text:list text:style-name="Points" text:continue-numbering="true"><text:list-item>'
        "<text:p>Troisième point</text:p>"
        + items("Points", "Sous-point")
        + "</text:list-item></text:list>"
        + items("Titres", "Conférence sur la mobilisation", "Propriété intellectuelle et développement")
        + items("Puces", "Une puce")
    )
    blocks = read(tmp_path, odt_bytes(body, styles=LIST_STYLES)).blocks[1:]
    assert [(b.text, b.is_heading, b.heading_level, b.list_marker, b.numbering) for b in blocks] == [
        ("I. Secteur du développement", True, 1, None, None),
        ("Texte du secteur.", False, None, None, None),
        ("II. Secteur des brevets", True, 1, None, None),
        ("Premier point", False, None, "i", None),
        ("Deuxième point", False, None, "ii", None),
        ("Troisième point", False, None, "iii", None),
        ("Sous-point", False, None, "a", None),
        ("Conférence sur la mobilisation", False, None, None, "1."),
        ("Propriété intellectuelle et développement", False, None, None, "2."),
        ("Une puce", False, None, "·", None),
    ]


def test_outline_numbering_labels_headings_outside_lists(tmp_path):
    outline = (
        '<text:outline-style style:name="Outline"><text:outline-level-style text:level="1" '
        'style:num-format="I" style:num-suffix="."/><text:outline-level-style text:level="2" '
        'style:num-format=""/></text:outline-style>'
    )
    body = (
        HEAD + '<text:h text:outline-level="1">Secteur un</text:h><text:h text:outline-level="2">Sous-titre'
        '</text:h><text:h text:outline-level="1">Secteur deux</text:h>'
    )
    blocks = read(tmp_path, odt_bytes(body, styles=outline)).blocks[1:]
    assert [(b.text, b.heading_level) for b in blocks] == [
        ("I. Secteur un", 1),
        ("Sous-titre", 2),
        ("II. Secteur deux", 1),
    ]


def test_a_list_restarts_unless_it_continues_another(tmp_path):
    body = (
        HEAD
        + items("Points", "Un", "Deux", attributes=' xml:id="liste1"')
        + "<text:p>Entre.</text:p>"
        + items("Points", "Nouvelle")
        + items("Points", "Reprise", attributes=' text:continue-list="liste1"')
    )
    blocks = read(tmp_path, odt_bytes(body, styles=LIST_STYLES)).blocks[1:]
    assert [(b.list_marker, b.text) for b in blocks] == [
        ("i", "Un"),
        ("ii", "Deux"),
        (None, "Entre."),
        ("i", "Nouvelle"),
        ("iii", "Reprise"),
    ]


# -- text as the document shows it -------------------------------------------------------------


def test_text_elements_read_as_the_document_shows_them(tmp_path):
    body = (
        HEAD + '<text:tracked-changes><text:changed-region text:id="ct1"><text:deletion><office:change-info>'
        '<dc:creator xmlns:dc="http://purl.org/dc/elements/1.1/">Relecteur</dc:creator></office:change-info>'
        "<text:p>Phrase supprimée.</text:p></text:deletion></text:changed-region></text:tracked-changes>"
        '<text:p><text:change text:change-id="ct1"/>Un<text:s text:c="3"/>texte\n   replié<text:tab/>avec'
        "<text:line-break/>coupure, vingt\u2011huitième, trans\u00adformation"
        "<office:annotation><text:p>Un commentaire.</text:p></office:annotation>"
        "<draw:frame><draw:text-box><text:p>Zone de texte.</text:p></draw:text-box></draw:frame>"
        '<text:span text:style-name="Cache">caché</text:span> et '
        '<text:a xlink:type="simple" xlink:href="https://www.wipo.int/fr/">www.wipo.int/fr</text:a>.</text:p>'
    )
    hidden = (
        '<style:style style:name="Cache" style:family="text"><style:text-properties text:display="none"/></style:style>'
    )
    paragraph = read(tmp_path, odt_bytes(body, automatic=hidden)).blocks[1]
    assert paragraph.text == "Un texte replié avec coupure, vingt-huitième, transformation et www.wipo.int/fr."
    assert paragraph.source_text == (
        "Un   texte replié\tavec\ncoupure, vingt\u2011huitième, trans\u00adformation et www.wipo.int/fr."
    )
    assert [(paragraph.text[h.start : h.end], h.target) for h in paragraph.hyperlinks] == [
        ("www.wipo.int/fr", "https://www.wipo.int/fr/")
    ]


def test_flat_odt_reads_like_the_odt(tmp_path):
    body = HEAD + sector("Secteur du développement") + "<text:p>Texte" + note(2, "Une note.") + ".</text:p>"
    odt = read(tmp_path, odt_bytes(body, styles=LIST_STYLES))
    flat = read(tmp_path, fodt_bytes(body, styles=LIST_STYLES), "rapport.fodt")
    assert (flat.source.format, odt.source.format) == ("fodt", "odt")
    assert (flat.blocks, flat.footnotes) == (odt.blocks, odt.footnotes)
    assert flat.blocks[1].text == "I. Secteur du développement"


# -- what is refused ---------------------------------------------------------------------------


def test_encrypted_odt_is_refused_with_a_clear_error(tmp_path):
    with pytest.raises(ReportError, match="the .odt is encrypted with a password: save it without one"):
        read(tmp_path, odt_bytes(HEAD, encrypted=True))


def test_an_opendocument_spreadsheet_is_not_a_report(tmp_path):
    with pytest.raises(
        ReportError,
        match="not a text document: an OpenDocument file of type application/vnd.oasis.opendocument.spreadsheet",
    ):
        read(tmp_path, odt_bytes(HEAD, mimetype="application/vnd.oasis.opendocument.spreadsheet"), "tableur.ods")


def test_odt_entities_are_not_resolved(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-CONTENT", encoding="utf-8")
    data = odt_bytes(HEAD + "<text:p>Voir &x; ici, selon le rapport.</text:p>")
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        members = {name: source.read(name) for name in source.namelist()}
    members["content.xml"] = members["content.xml"].replace(
        b"?>", f'?><!DOCTYPE office:document-content [<!ENTITY x SYSTEM "file://{secret}">]>'.encode(), 1
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for name, content in members.items():
            target.writestr(name, content)
    paragraph = read(tmp_path, buffer.getvalue()).blocks[1]
    assert "SECRET" not in paragraph.text and paragraph.text.startswith("Voir")


def test_odt_that_would_expand_beyond_the_limit_is_refused_unread(tmp_path):
    data = odt_bytes(HEAD)
    buffer = io.BytesIO(data)
    with zipfile.ZipFile(buffer, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("Pictures/huge.bin", b"\0" * (300 * 1024 * 1024))
    with pytest.raises(ReportError, match="refused: the .odt would expand to 314,57"):
        read(tmp_path, buffer.getvalue())
