"""Justified text with French hyphenation, as LibreOffice sets it: spaces stretched past a fragment's
gap are no table's gutter (pipeline/readers/pdf/tables.py), and a hyphen that breaks a web host after a
dot is the hyphenation's (pipeline/readers/pdf/paragraphs.py); and what LibreOffice's PDF of the
report set that way gives."""

from __future__ import annotations

import pandas as pd
from render import Layout, to_docx
from renderings import as_the_pdf_holds, datasets, libreoffice_convert, without_targets
from support import FONT, page, pdf, stream

from pipeline.datasets.schema import DATASETS
from pipeline.readers.pdf.glyphs import Glyph, _read_as, read_pages
from pipeline.readers.pdf.layout import Flow
from pipeline.readers.pdf.lines import Line, Metrics, fragments
from pipeline.readers.pdf.paragraphs import REHYPHEN, UNHYPHEN, joint, to_paragraph
from pipeline.readers.pdf.tables import Zone, page_items

WIDTH, SIZE, PITCH = 5.0, 10.0, 12.0


def _line(words: list[str], bottom: float, spaces: list[float], size: float = SIZE, bold: bool = False) -> Line:
    """``words`` set from x = 90 with the given space after each but the last."""
    glyphs, x = [], 90.0
    for word, space in zip(words, spaces + [0.0]):
        for char in word:
            glyphs.append(Glyph(char, x, x + WIDTH, bottom, size, bold))
            x += WIDTH
        x += space
    return Line(fragments(glyphs))


def _cells(cells: list[tuple[float, list[str], float]], bottom: float) -> Line:
    """A table's line: for each cell, (its x, its words, the space between them)."""
    glyphs = []
    for x, words, space in cells:
        for word in words:
            for char in word:
                glyphs.append(Glyph(char, x, x + WIDTH, bottom, SIZE, False))
                x += WIDTH
            x += space
    return Line(fragments(glyphs))


def _items(lines: list[Line]) -> list:
    return page_items(lines, [], Metrics(lines))


def test_justified_lines_whose_spaces_grew_past_a_fragments_gap_are_no_table():
    stretched = 4.5  # each space of the second line: two of them part "fin." from "Suite", past a fragment's gap
    lines = [
        _line(["Une", "première", "ligne", "de", "texte", "justifié"], 700, [4.0] * 5),
        _line(["fin.", "Suite", "du", "texte", "ici", "même"], 700 - PITCH, [2 * stretched] + [stretched] * 4),
        _line(["avec", "peu", "de", "mots"], 700 - 2 * PITCH, [8.5] * 3),  # every space past a fragment's gap
        _line(["et", "la", "dernière", "ligne", "du", "paragraphe."], 700 - 3 * PITCH, [4.0] * 5),
    ]
    assert [len(line.fragments) for line in lines] == [1, 2, 4, 1]
    items = _items(lines)
    assert [[line.text for line in item] for item in items] == [[line.text for line in lines]]


def test_a_heading_of_few_words_stretched_alike_at_the_pages_top_is_no_table():
    heading = _line(["RENFORCEMENT", "DES", "CONNAIS\u00ad"], 700, [11.0, 11.0], size=13.0, bold=True)
    rest = _line(["SANCES"], 700 - 1.3 * PITCH, [], size=13.0, bold=True)
    body = [_line(["Le", "texte", "du", "paragraphe", "qui", "suit."], 680 - n * PITCH, [3.0] * 5) for n in range(3)]
    items = _items([heading, rest, *body])
    assert not any(isinstance(item, Zone) for item in items)
    assert [line.text for line in items[0]] == ["RENFORCEMENT DES CONNAIS\u00ad", "SANCES"]


def test_spaces_a_justified_cell_stretched_on_a_tables_first_line_are_no_gutters():
    column = 306.0  # where the second column's lines start, every one
    lines = [
        _cells(
            [(90.0, ["Recommandation", "un"], 3.0), (column, ["Élaboration", "de", "cadres", "normatifs"], 9.0)], 700
        ),
        _cells([(90.0, ["doit", "notamment"], 3.0), (column, ["internationaux", "équilibrés", "et"], 3.0)], 688),
        _cells([(90.0, ["être", "axée"], 3.0), (column, ["efficaces", "pour", "la", "propriété"], 3.0)], 676),
    ]
    assert [len(line.fragments) for line in lines] == [5, 2, 2]  # the first line's stretched spaces part it
    (table,) = _items(lines)
    assert isinstance(table, Zone) and len(table.gutters) == 1
    assert [
        [" ".join(line.text for p in cell for line in p) for cell in row] for row in table.rows(Metrics(lines))
    ] == [
        [
            "Recommandation un doit notamment être axée",
            "Élaboration de cadres normatifs internationaux équilibrés et efficaces pour la propriété",
        ]
    ]


def test_a_hyphen_after_a_dot_in_a_web_host_is_the_hyphenations():
    above = _line(["adresse", "suivante", ":", "www.-"], 700, [4.0] * 3)
    below = _line(["wipo.int/meetings/fr/"], 700 - PITCH, [])
    lines = [above, below]
    assert joint(above, below, Metrics(lines)) is UNHYPHEN
    inside_a_path = _line(["voir", "https://example.org/a.-"], 700, [4.0])
    assert joint(inside_a_path, below, Metrics([inside_a_path, below])) == ""


JUSTIFIED_FRENCH = Layout(justified_french=True)
# hyphenation marks inside four addresses whose words neither the report nor the language model writes
# whole stay as hyphens: a documented PDF limit (README, "What a PDF cannot carry"), each note named
HYPHENATED_ADDRESSES = {109: "in-novating", 110: "wipo-life", 119: "ipo-green", 122: "cur-rent"}


def test_libreoffice_pdf_justified_with_french_hyphenation_gives_the_text_exports_datasets(
    soffice, document_2023, extract_rendering, reference, tmp_path
):
    source = tmp_path / "rapport.docx"
    to_docx(document_2023, source, JUSTIFIED_FRENCH)
    out, manifest = extract_rendering(
        "libreoffice-justified-french.pdf", lambda path: libreoffice_convert(soffice, source, "pdf", path)
    )
    notes = datasets(out)["footnotes"].set_index("footnote").text
    assert {number: word for number, word in HYPHENATED_ADDRESSES.items() if word in notes[number]} == (
        HYPHENATED_ADDRESSES
    )
    found, expected = (
        as_the_pdf_holds(without_targets(frames), where_an_address_is_hyphenated=tuple(HYPHENATED_ADDRESSES))
        for frames in (datasets(out), reference[0])
    )
    assert [name for name in DATASETS if not _equal(found[name], expected[name])] == []
    assert len(notes) == 189
    assert found["footnotes"].text.tolist()[47:50] == expected["footnotes"].text.tolist()[47:50]  # 49, 50 apart
    assert found["paragraphs"].query("section_id.str.match('[IVX]')").text.tolist() == (
        expected["paragraphs"].query("section_id.str.match('[IVX]')").text.tolist()
    )  # the body's paragraphs, the annexes aside


def _equal(found: pd.DataFrame, expected: pd.DataFrame) -> bool:
    try:
        pd.testing.assert_frame_equal(found, expected)
    except AssertionError:
        return False
    return True


def _spread(words: list[str], start: float, end: float, bottom: float) -> list[tuple[float, list[str], float]]:
    """A justified cell's line: ``words`` from ``start`` to ``end``, their spaces stretched alike."""
    space = (end - start - WIDTH * sum(len(word) for word in words)) / (len(words) - 1)
    return [(start, words, space)]


def test_a_justified_cells_stretched_space_as_wide_as_the_gutter_stays_in_its_column():
    gutter_end = 306.0  # the second column's edge: 11 points past the first's, as wide as the first's spaces
    lines = [
        _cells([(90.0, ["Recommandation", "un"], 3.0), (gutter_end, ["Liens"], 3.0)], 700),
        _cells(
            _spread(["Le", "personnel", "et", "les", "consultants"], 90.0, 295.0, 676)
            + [(gutter_end, ["4.1", "Utilisation"], 3.0)],
            676,
        ),
        _cells([(90.0, ["chargés", "de", "la", "tâche"], 3.0), (gutter_end, ["de", "la", "propriété"], 3.0)], 664),
    ]
    (table,) = _items(lines)
    assert [[round(x, 1) for x in gutter] for gutter in table.gutters] == [[295.0, 306.0]]
    rows = table.rows(Metrics(lines))
    assert [[" ".join(line.text for p in cell for line in p) for cell in row] for row in rows] == [
        ["Recommandation un", "Liens"],
        ["Le personnel et les consultants chargés de la tâche", "4.1 Utilisation de la propriété"],
    ]


def test_a_justified_cells_line_at_the_pages_top_goes_on_with_the_table_the_page_before_ended_with():
    """The next page's first line: the rest of both cells of a row broken by the page, the right one's
    spaces stretched as wide as the gutter, which the line alone takes for gutters (a zone of one line)."""
    left, right = (90.0, 295.0), (306.0, 511.0)
    first_page = [
        _cells([(90.0, ["Recommandation", "un"], 3.0), (right[0], ["Liens"], 3.0)], 700),
        _cells(_spread(["Le", "texte", "de", "la", "cellule"], *left, 676) + [(right[0], ["2.1", "Un"], 3.0)], 676),
    ]
    next_page = [
        _cells(
            _spread(["encore", "du", "texte", "pour", "cette", "cellules"], *left, 700)
            + _spread(["les", "mots", "du", "bout", "de", "la", "fin", "ici"], *right, 700),
            700,
        ),
        _cells([(90.0, ["fin."], 3.0)], 688),
        _cells([(90.0, ["Recommandation", "deux"], 3.0), (right[0], ["Liens"], 3.0)], 664),
    ]
    metrics = Metrics(first_page + next_page)
    flow = Flow(metrics)
    for lines in (first_page, next_page):
        flow.add_page(page_items(lines, [], metrics))
    [table] = flow.model(set())
    assert [list(row.cell_texts()) for row in table.rows] == [
        ["Recommandation un", "Liens"],
        ["Le texte de la cellule encore du texte pour cette cellules fin.", "2.1 Un les mots du bout de la fin ici"],
        ["Recommandation deux", "Liens"],
    ]


def test_line_end_hyphens_pdfium_leaves_unmarked_are_read_as_the_ones_it_marks():
    """pdfium marks a hyphen ending a line between two letters (U+FFFE, read as a soft hyphen) but one it
    took for a line of its own (LibreOffice draws it apart in a justified cell) or the page's last glyph."""
    read = "".join(_read_as("dans le do\r\n-\r\nmaine, e-\r\nPCT, 2-\r\n3 et la\r\n-\r\n4 faci-"))
    assert read == "dans le do\r\n\u00ad\r\nmaine, e-\r\nPCT, 2-\r\n3 et la\r\n-\r\n4 faci\u00ad"
    shown = b"BT /F1 11 Tf 90 %d Td (Le rapport sur la mise en oeuvre.) Tj ET\n"
    lines = b"".join(shown % (700 - 15 * n) for n in range(3))
    last = b"BT /F1 11 Tf 90 600 Td (de l'OMPI faci-) Tj ET\n"
    (page_read,) = read_pages(pdf([FONT, stream(lines + last), page(4)], pages=[5]), "rapport.pdf")
    assert "".join(glyph.char for glyph in page_read.glyphs[-5:]) == "faci\u00ad"


def test_an_address_goes_on_over_a_hyphenation_mark_to_the_lines_after_it():
    """An address that a hyphenation mark broke goes on over the next line's breaks too: where the line
    was full (a break anywhere in a word too long for it), and after ``?`` with no room for what follows."""
    lines = [
        _line(["Pour", "plus", "d’informations", ":", "eyitnews.com/technology/in\u00ad"], 700, [4.0] * 4),
        _line(["novating-for-equitable-healthcare-the-9th-camtech-uganda-a"], 700 - PITCH, []),
        _line(["nnual-medtech-hack-a-thon/?"], 700 - 2 * PITCH, []),
        _line(["utm_source=share&utm_medium=member_desktop_and_campaign_x."], 700 - 3 * PITCH, []),
    ]
    metrics = Metrics([*lines, _line(["innovating"], 600, [])])  # a word the document writes elsewhere
    assert to_paragraph(lines, metrics, set()).text == (
        "Pour plus d’informations : eyitnews.com/technology/innovating-for-equitable-healthcare-the-9th-camtech-"
        "uganda-annual-medtech-hack-a-thon/?utm_source=share&utm_medium=member_desktop_and_campaign_x."
    )


def test_a_hyphenation_mark_inside_an_address_is_removed_where_its_pieces_make_a_known_word():
    """pdfium reads LibreOffice's hyphenation marks as it reads an address's own hyphens at a line's end;
    the pieces tell: a word the language model knows, or one the document writes that the end of a host's
    words run together makes with the next piece. Neither: the hyphen stays (``wipo-`` ``life``)."""
    consortium = _line(["le", "consortium", "des", "livres"], 600, [4.0] * 3)

    def joined(above: str, below: str):
        lines = [_line(["adresse", ":", above], 700, [4.0] * 2), _line([below], 700 - PITCH, [])]
        return joint(*lines, Metrics([*lines, consortium]))

    assert joined("www.wipo.int/ex\u00ad", "port/sites/www/women-and-ip/") is UNHYPHEN
    assert joined("https://www.accessiblebooksconsor\u00ad", "tium.org/fr/web/") is UNHYPHEN
    assert joined("www.linkedin.com/posts/wipo_wipo-wipo\u00ad", "life-diffability/") is REHYPHEN
