"""PDF reports: the project's Word renderings exported as PDF by LibreOffice give the text export's
datasets, frame for frame, except what a PDF cannot carry (each difference named in ``as_the_pdf_holds``
and in the README):

* U+2011 (non-breaking hyphen): LibreOffice's fonts map it back to ``-``, so `links.url_raw` shows
  ``-`` and `links.repairs` has no ``nonbreaking_hyphen`` (the repaired `url` is the same);
* `links.target`: LibreOffice 7.4 writes no link annotation, so the PDF stores no hyperlink (where a
  PDF has link annotations, as Word's do, they are read: ``test_link_annotations_…``);
* a URL that fills its whole line and is broken where the line is full: the PDF does not say whether a
  space stood at the break; it is read as none (footnote 125 on A4 pages).

U+00A0 (no-break spaces) are gaps in the PDF too: they change `source_text` only, which no dataset
shows but `links.url_raw`, where the report has none.
"""

from __future__ import annotations

import shutil
import subprocess

import pandas as pd
import pypdfium2 as pdfium
import pytest
from render import Layout, to_docx
from renderings import SAMPLES, as_the_pdf_holds, assert_warns_alike, datasets, libreoffice_convert, without_targets
from support import da_extract, one_line_error, report_file

from pipeline.datasets.schema import DATASETS
from pipeline.errors import ReportError
from pipeline.readers import read_report
from pipeline.readers.pdf import PdfReader
from pipeline.readers.pdf.furniture import running_edges, without_running_lines
from pipeline.readers.pdf.glyphs import Glyph, read_pages
from pipeline.readers.pdf.lines import Line, Metrics, fragments, page_lines
from pipeline.readers.pdf.notes import footnote_separator, read_notes, split_notes
from pipeline.readers.pdf.paragraphs import UNHYPHEN, breaks, joint
from pipeline.readers.pdf.tables import Zone, page_items
from pipeline.readers.pdf.tolerances import Tolerances

SAMPLE_PDF = SAMPLES / "rapport_da_2023_fr.libreoffice.pdf"
PDF_LAYOUTS = {
    "annex_ii_in_one_table_letter_pages": Layout(),
    "several_tables_ruled_a4_pages_running_header": Layout(
        annex_ii="table_per_list", annex_i_tables=2, page="a4_running_header", table_borders=True
    ),
}
URL_FILLING_ITS_LINE = 125  # its URL fills a whole line on A4 pages, and breaks at a space there


def assert_same_as_the_text_export(found: dict, expected: dict, where_a_url_fills_its_line=()) -> None:
    assert found["links"].target.isna().all()  # no link annotation in LibreOffice's PDF
    found = as_the_pdf_holds(without_targets(found), where_a_url_fills_its_line)
    expected = as_the_pdf_holds(without_targets(expected), where_a_url_fills_its_line)
    for name in DATASETS:
        pd.testing.assert_frame_equal(found[name], expected[name], obj=name)


def assert_the_reports_counts(found: dict) -> None:
    assert len(found["footnotes"]) == 189 and found["footnotes"].anchor_paragraph_id.notna().sum() == 189
    assert len(found["links"]) == 121
    assert found["projects"].list.value_counts().to_dict() == {"completed_evaluated": 40, "ongoing": 8, "approved": 7}
    assert len(found["recommendations"]) == 45 and found["recommendations"].starred.sum() == 19
    assert len(found["recommendation_results"]) == 109


# -- the sample kept in tests/samples/renderings (no LibreOffice needed) ------------------------


def test_libreoffice_pdf_sample_gives_the_text_exports_datasets(extract_rendering, reference):
    out, manifest = extract_rendering("libreoffice-sample.pdf", lambda path: shutil.copy(SAMPLE_PDF, path))
    found = datasets(out)
    assert manifest["source"]["format"] == "pdf"
    assert_same_as_the_text_export(found, reference[0])
    assert_warns_alike(manifest, reference[1])
    assert_the_reports_counts(found)


def test_what_the_pdf_cannot_carry_is_only_the_non_breaking_hyphen_and_the_link_targets(extract_rendering, reference):
    out, _ = extract_rendering("libreoffice-sample-differences.pdf", lambda path: shutil.copy(SAMPLE_PDF, path))
    found, expected = datasets(out)["links"], reference[0]["links"]
    differs = found.url_raw != expected.url_raw
    assert differs.sum() == 32
    assert (found.url_raw[differs] == expected.url_raw[differs].str.replace("\u2011", "-")).all()
    assert found.url.tolist() == expected.url.tolist()
    assert ["nonbreaking_hyphen" in tags for tags in expected.repairs] == differs.tolist()
    assert not any("nonbreaking_hyphen" in tags for tags in found.repairs)


def test_footnote_references_are_linked_to_their_paragraph_and_offset():
    document = read_report(SAMPLE_PDF, 2023)
    cited = {
        ref.number: (paragraph.text, ref.offset)
        for paragraph in _paragraphs(document.blocks)
        for ref in paragraph.footnote_refs
    }
    assert len(cited) == 189 and sorted(cited) == list(range(2, 191))
    text, offset = cited[27]
    assert text[:offset].endswith("30 entrepreneuses de 25")
    text, offset = cited[189]
    assert text[:offset] == "Recommandation n° 1*"  # a reference in a table cell
    notes = {note.number: note.text for note in document.footnotes}
    assert notes[6] == (
        "Voir la page Web “Plan d’action pour le développement – La propriété intellectuelle en "
        "action” : https://www.wipo.int/pressroom/fr/stories/index.html."
    )
    assert notes[190].endswith("https://www.wipo.int/meetings/fr/doc_details.jsp?doc_id=541373.")  # a URL over lines


def _paragraphs(blocks):
    for block in blocks:
        if hasattr(block, "cells"):
            yield from (p for cell in block.cells() for p in cell.paragraphs)
        else:
            yield block


# -- fresh exports by LibreOffice, in two layouts ------------------------------------------------


@pytest.mark.parametrize("layout", PDF_LAYOUTS)
def test_libreoffice_pdf_gives_the_text_exports_datasets(
    layout, soffice, document_2023, extract_rendering, reference, tmp_path
):
    source = tmp_path / "rapport.docx"
    to_docx(document_2023, source, PDF_LAYOUTS[layout])
    out, manifest = extract_rendering(
        f"libreoffice-{layout}.pdf", lambda path: libreoffice_convert(soffice, source, "pdf", path)
    )
    found = datasets(out)
    a4 = PDF_LAYOUTS[layout].page == "a4_running_header"
    assert_same_as_the_text_export(found, reference[0], (URL_FILLING_ITS_LINE,) if a4 else ())
    assert_warns_alike(manifest, reference[1])
    assert_the_reports_counts(found)
    if a4:
        note = found["footnotes"].set_index("footnote").text[URL_FILLING_ITS_LINE]
        assert note.endswith("raising-awareness-dominican-republic720p.mp4.")


# -- hyperlinks from link annotations --------------------------------------------------------


def test_link_annotations_give_hyperlinks_and_link_targets(tmp_path, extract_rendering, reference):
    """Word's PDF export writes each hyperlink as a link annotation over its text; LibreOffice 7.4's
    does not, so one is added here over the URL of footnote 6."""
    url = "https://www.wipo.int/pressroom/fr/stories/index.html"
    annotated = tmp_path / "annotated.pdf"
    _annotate(SAMPLE_PDF, annotated, url, url)
    note = next(f for f in read_report(annotated, 2023).footnotes if f.number == 6)
    assert [(note.text[h.start : h.end], h.target) for h in note.hyperlinks] == [(url, url)]
    out, _ = extract_rendering("annotated.pdf", lambda path: shutil.copy(annotated, path))
    links = datasets(out)["links"]
    assert links.loc[links.footnote == 6, "target"].tolist() == [url]
    assert links.target.notna().sum() == 1


def _annotate(source, target, text: str, uri: str) -> None:
    document = pdfium.PdfDocument(source)
    for index in range(len(document)):
        page = document[index]
        textpage = page.get_textpage()
        found = textpage.search(text).get_next()
        if found:
            rectangles = [textpage.get_rect(i) for i in range(textpage.count_rects(*found))]
            left, bottom = min(r[0] for r in rectangles), min(r[1] for r in rectangles)
            right, top = max(r[2] for r in rectangles), max(r[3] for r in rectangles)
            annotation = pdfium.raw.FPDFPage_CreateAnnot(page.raw, pdfium.raw.FPDF_ANNOT_LINK)
            pdfium.raw.FPDFAnnot_SetRect(annotation, pdfium.raw.FS_RECTF(left, top, right, bottom))
            pdfium.raw.FPDFAnnot_SetURI(annotation, uri.encode("ascii"))
            pdfium.raw.FPDFPage_CloseAnnot(annotation)
            break
    document.save(target)


# -- PDFs that are not a report we can read -----------------------------------------------


def test_a_scanned_pdf_is_refused_naming_the_file(tmp_path):
    """An image-only PDF, as a scanner makes: the pages of the sample as pictures."""
    document = pdfium.PdfDocument(SAMPLE_PDF)
    images = [document[index].render(scale=1).to_pil() for index in range(3)]
    path = report_file(tmp_path, b"", "rapport.pdf")
    images[0].save(path, "PDF", save_all=True, append_images=images[1:])
    one_line_error(
        da_extract("extract", str(path.parent), "--data", str(tmp_path / "out")),
        1,
        "no text layer: scanned PDFs are not supported",
        path,
    )
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    "user_password, problem",
    [("secret", "encrypted: the PDF needs a password"), ("", "encrypted: its permissions forbid extracting text")],
)
def test_an_encrypted_pdf_is_refused_naming_the_file(qpdf, tmp_path, user_password, problem):
    path = report_file(tmp_path, b"", "rapport.pdf")
    subprocess.run(
        [qpdf, "--encrypt", user_password, "owner", "256", "--extract=n", "--", str(SAMPLE_PDF), str(path)],
        check=True,
        timeout=120,
    )
    one_line_error(da_extract("extract", str(path.parent), "--data", str(tmp_path / "out")), 1, problem, path)
    assert not (tmp_path / "out").exists()


def test_a_broken_pdf_is_refused_naming_the_file(tmp_path):
    path = report_file(tmp_path, b"%PDF-1.7\n" + bytes(300), "rapport.pdf")
    with pytest.raises(ReportError, match="not a readable PDF") as error:
        read_report(path)
    assert error.value.source == str(path)


def test_a_pdf_of_another_french_document_is_refused(soffice, tmp_path):
    import docx

    word = docx.Document()
    for _ in range(3):
        word.add_paragraph(
            "Compte rendu de la réunion du comité des fêtes pour l’année 2023. La réunion a "
            "commencé à dix heures et les membres ont discuté de la fête du village. " * 5
        )
    source = tmp_path / "compte-rendu.docx"
    word.save(source)
    path = report_file(tmp_path, b"", "rapport.pdf")
    libreoffice_convert(soffice, source, "pdf", path)
    one_line_error(
        da_extract("extract", str(path.parent), "--data", str(tmp_path / "out")),
        1,
        "does not look like a Development Agenda report",
        path,
    )


# -- joining lines: hyphens and URLs -------------------------------------------------------------


def _line(text: str, x: float = 72.0, bottom: float = 700.0, right: float = 300.0) -> Line:
    glyphs, after_space = [], False
    for char in text:
        if char == " ":
            x, after_space = x + 3.0, True
            continue
        glyphs.append(Glyph(char, x, x + 5.0, bottom, 10.0, False, after_space))
        x, after_space = x + 5.0, False
    return Line(fragments(glyphs), right=right)


@pytest.mark.parametrize(
    "above, below, joined",
    [
        ("le développement est un", "développement durable", " "),
        ("au service du déve-", "loppement des pays", UNHYPHEN),  # the document writes "développement" whole
        ("la région Asie-", "Pacifique et", ""),
        ("la pandémie de COVID-", "19 a", ""),
        ("le système e-", "PCT et", ""),
        ("les sous-", "régions respectives", ""),  # "sous-régions" is written with its hyphen elsewhere
    ],
)
def test_a_hyphen_ending_a_line_is_removed_only_where_it_splits_a_word(above, below, joined):
    lines = [
        _line(above, right=_line(above).x1),
        _line(below, bottom=688.0),
        _line("le développement des sous-régions", bottom=676.0),
    ]
    assert joint(lines[0], lines[1], Metrics(lines)) == joined


def test_a_url_broken_by_the_end_of_its_line_is_joined_without_a_space():
    above = _line("accessible à l’adresse www.wipo.int/edocs/pubdocs/")
    above.right = above.x1
    below = _line("fr/rapport.pdf. La suite", bottom=688.0)
    assert joint(above, below, Metrics([above, below])) == ""
    ended = _line("accessible à l’adresse www.wipo.int/edocs/rapport.pdf.")
    ended.right = ended.x1
    assert joint(ended, below, Metrics([ended, below])) == " "


def test_a_link_over_a_line_break_tells_the_space_the_break_hid():
    """Chromium's print of pandoc's HTML (note 43): ``…/FR/Development`` ends a full line and ``Agenda
    Guidebook_F.pdf.`` opens the next; the link over both opens ``…/Development%20Agenda%20…``."""
    address = "https://dacatalogue.wipo.int/FR/Development%20Agenda%20Guidebook_F.pdf"
    above = _linked(_line("l’adresse suivante : https://dacatalogue.wipo.int/FR/Development"), address)
    above.right = above.x1
    below = _linked(_line("Agenda Guidebook_F.pdf.", bottom=688.0), address)
    assert joint(above, below, Metrics([above, below])) == " "
    broken = _linked(_line("https://dacatalogue.wipo.int/FR/Develop"), address.replace("%20", ""))
    broken.right = broken.x1
    rest = _linked(_line("mentAgendaGuidebook_F.pdf.", bottom=688.0), address.replace("%20", ""))
    assert joint(broken, rest, Metrics([broken, rest])) == ""


def _linked(line: Line, address: str) -> Line:
    """The line with its last word (or, for a line of one word, all of it) under a link to ``address``."""
    for fragment in line.fragments[-1:]:
        for glyph in fragment.glyphs:
            glyph.link = address
    return line


@pytest.mark.parametrize(
    "ending, room, starts_anew",
    [
        (" :", 20.0, True),
        (" :", 14.0, True),  # room for the marker and the space before it (5 points a character, 3 a space)
        (" :", 5.0, False),
        (" ;", 5.0, False),
        (".", 0.0, True),  # after a sentence's end no enumeration runs on
    ],
)
def test_a_list_marker_opening_the_next_page_starts_an_item_where_the_marker_would_have_fit(ending, room, starts_anew):
    """A line breaker puts a marker on the line if it fits, whatever the word after it: a marker that
    opens the next line, though it would have fitted, opens a list item; one that did not fit may run
    on in its sentence's enumeration, which follows a colon or a semicolon, not a full stop."""
    above = _line("les projets du Plan d’action" + ending)
    above.right = above.x1 + room
    below = _line("i) Accès à des bases", bottom=688.0)
    assert breaks(above, below, Metrics([above, below]), same_page=False) is starts_anew


@pytest.mark.parametrize(
    "above, below, address, joined",
    [
        # a hyphenation mark inside an address whose word the document never writes
        ("www3.wipo.int/wipogreen/en/part\u2010", "ners/.", "https://www3.wipo.int/wipogreen/en/partners/", UNHYPHEN),
        # an address broken inside a word, with no mark, and one glued to the text before it
        ("news/2023/technical-assistanc", "e-projects.", "https://abc.org/news/2023/technical-assistance-projects", ""),
        (
            "doc_id=6http://www.wipo.int/en/",
            "doc_details.jsp?doc_id=6.",
            "http://www.wipo.int/en/doc_details.jsp?doc_id=6",
            "",
        ),
        # linked words: the address writes neither end, a space joins them
        ("voir le rapport", "annuel de l’OMPI.", "https://www.wipo.int/rapport", " "),
    ],
)
def test_lines_inside_one_link_join_as_its_address_writes_them(above, below, address, joined):
    lines = [_line(above), _line(below, bottom=688.0)]
    for line in lines:
        for glyph in line.fragments[-1 if line is lines[0] else 0].glyphs:
            glyph.link = address
    assert joint(lines[0], lines[1], Metrics(lines)) == joined


# -- the steps, inspected on the sample ------------------------------------------------------------


@pytest.fixture(scope="module")
def sample_pages():
    return read_pages(SAMPLE_PDF.read_bytes(), str(SAMPLE_PDF))


@pytest.fixture(scope="module")
def sample_lines(sample_pages):
    """Each page's lines without running lines, and the metrics of them all."""
    lines = without_running_lines([page_lines(page) for page in sample_pages])
    return lines, Metrics([line for page in lines for line in page])


def test_the_lines_step_marks_footnote_references_as_superscripts_by_the_tolerances_given(sample_pages):
    def line_of(tolerances):
        return next(line for line in page_lines(sample_pages[1], tolerances) if "régionales" in line.text)

    line = line_of(Tolerances())
    assert line.text == "l’Académie de l’OMPI, des divisions régionales4 et des bureaux extérieurs5,"
    assert [g.char for fragment in line.fragments for g in fragment.glyphs if g.raised] == ["4", "5"]
    assert not any(g.raised for fragment in line_of(Tolerances(raised=1.0)).fragments for g in fragment.glyphs)


def test_the_furniture_step_leaves_out_a_header_that_comes_back_on_most_pages(sample_lines):
    words = ("Premier", "Deuxième", "Troisième", "Quatrième")
    pages = [
        [
            _line(f"CDIP/32/2, page {n}", bottom=760.0),
            _line(f"{word} paragraphe.", bottom=700.0),
            _line(f"{word} alinéa.", bottom=688.0),
        ]
        for n, word in enumerate(words, start=2)
    ]
    assert running_edges(pages) == (760, None)
    assert [[line.text for line in page] for page in without_running_lines(pages)][0] == [
        "Premier paragraphe.",
        "Premier alinéa.",
    ]
    assert running_edges(sample_lines[0]) == (None, None)  # the sample has neither header nor footer


def test_the_notes_step_splits_a_page_at_the_separator_and_reads_each_note(sample_pages, sample_lines):
    lines, metrics = sample_lines
    page, paths = lines[1], sample_pages[1].paths
    assert footnote_separator(page, paths, metrics) == pytest.approx(225.15, abs=0.01)
    body, area = split_notes(page, paths, metrics)
    assert body[-1].text == "venant du terrain6, montrant comment l’OMPI aide les entrepreneurs, les"
    notes = read_notes([area], metrics)
    assert [(number, [len(paragraph) for paragraph in paragraphs]) for number, paragraphs in notes] == [
        (4, [4]),
        (5, [2]),
        (6, [3]),
    ]
    assert [line.text for line in notes[2][1][0]] == [
        "Voir la page Web “Plan d’action pour le développement – La propriété",
        "intellectuelle en action” :",
        "https://www.wipo.int/pressroom/fr/stories/index.html.",
    ]


def test_the_tables_step_finds_the_annex_table_under_its_title(sample_pages, sample_lines):
    lines, metrics = sample_lines
    body, _ = split_notes(lines[65], sample_pages[65].paths, metrics)
    items = page_items(body, sample_pages[65].paths, metrics)
    assert [line.text for line in items[-2]] == [
        "Liens entre les 45 recommandations du Plan d’action pour",
        "le développement et les résultats escomptés de l’OMPI",
        "pour la période 2022-2026",
    ]
    table = items[-1]
    assert isinstance(table, Zone) and len(table.gutters) == 1
    assert [
        [[" ".join(line.text for line in paragraph) for paragraph in cell] for cell in row]
        for row in table.rows(metrics)
    ] == [
        [["Recommandation n° 1*189"], ["Liens avec les résultats escomptés190"]],
        [
            ["L’assistance technique de l’OMPI doit notamment être axée sur le"],
            ["2.1 Élaboration de cadres normatifs internationaux équilibrés et"],
        ],
    ]


def test_the_reader_passes_its_tolerances_to_every_step():
    """With superscripts that must rise a whole em, no raised digit is a footnote reference: they stay text."""
    document = PdfReader(Tolerances(raised=1.0)).read(SAMPLE_PDF)
    assert document.year is None and document.source.format == "pdf"
    assert not any(paragraph.footnote_refs for paragraph in _paragraphs(document.blocks))
    assert any(
        "des divisions régionales4 et des bureaux extérieurs5," in paragraph.text
        for paragraph in _paragraphs(document.blocks)
    )
