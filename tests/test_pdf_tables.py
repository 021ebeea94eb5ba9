"""The tables step on a browser's print of an HTML table: cells it wraps and places each on its own lines."""

from __future__ import annotations

import pytest

from pipeline.document.model import Table
from pipeline.readers.pdf.glyphs import Glyph, Path
from pipeline.readers.pdf.layout import Flow
from pipeline.readers.pdf.lines import Line, Metrics, fragments
from pipeline.readers.pdf.tables import Zone, page_items

SIZE = 10.0
PITCH = 12.0
SPACING = 30.0  # between the baselines of a paragraph's last line and the next one's first
RISE = 4.0  # a note's reference above its line's baseline


def _line(bottom: float, *cells: tuple[float, str], bold: bool = False, size: float = SIZE) -> Line:
    """A line of ``cells`` (where each starts, its text), 5 points a character, 3 a space; what follows
    a ``^`` in a cell is a note's reference, smaller and raised by ``RISE``."""
    glyphs = []
    for x, text in cells:
        after_space = False
        words, _, reference = text.partition("^")
        for char in words:
            if char == " ":
                x, after_space = x + 3.0, True
                continue
            glyphs.append(Glyph(char, x, x + 5.0, bottom, size, bold, after_space))
            x, after_space = x + 5.0, False
        for char in reference:
            glyphs.append(Glyph(char, x, x + 3.5, bottom + RISE, 0.7 * size, bold))
            x += 3.5
    return Line(fragments(glyphs), right=500.0)


def _body(top: float, count: int) -> list[Line]:
    """``count`` paragraphs of three lines in the body's style, at its pitch and its paragraphs' spacing:
    what the document's metrics are measured on."""
    return [
        _line(top - paragraph * (2 * PITCH + SPACING) - index * PITCH, (72.0, "le texte courant du rapport"))
        for paragraph in range(count)
        for index in range(3)
    ]


def _rows(zone: Zone, metrics: Metrics) -> list:
    return [
        [[" ".join(line.text for line in paragraph) for paragraph in cell] for cell in row]
        for row in zone.rows(metrics)
    ]


def test_a_header_row_of_bold_cells_each_wrapped_on_its_own_lines_is_the_tables_first_row():
    """A browser sets ``th`` in bold at the body's size and centres each cell's lines: no line has both
    cells, and the cells are no heading (the row goes on into the table's body)."""
    table = [
        _line(700.0, (300.0, "Liens avec les"), bold=True),
        _line(694.0, (100.0, "Recommandation 1"), bold=True),
        _line(688.0, (300.0, "résultats"), bold=True),
        _line(650.0, (100.0, "Le texte de la"), (300.0, "2.1 Un résultat")),
        _line(638.0, (100.0, "recommandation."), (300.0, "escompté.")),
    ]
    metrics = Metrics(table + _body(500.0, 6))
    items = page_items(table, [], metrics)
    assert len(items) == 1 and isinstance(items[0], Zone)
    assert _rows(items[0], metrics) == [
        [["Recommandation 1"], ["Liens avec les résultats"]],
        [["Le texte de la recommandation."], ["2.1 Un résultat escompté."]],
    ]


def test_two_bold_lines_larger_than_the_body_side_by_side_stay_a_heading():
    heading = [
        _line(700.0, (300.0, "Titre"), bold=True, size=14.0),
        _line(683.0, (100.0, "Sous-titre"), bold=True, size=14.0),
    ]
    metrics = Metrics(heading + _body(500.0, 6))
    assert [[line.text for line in item] for item in page_items(heading, [], metrics)] == [["Titre", "Sous-titre"]]


def test_a_cells_paragraphs_beyond_the_others_in_a_centred_row_stay_in_its_row():
    """A browser centres each cell's lines in its row: the rows with one line beside two are centred, so
    whole; the middle row's right cell reaches above and below its left cell (three paragraphs beside
    one), and those paragraphs are that row's, not the rows' around it."""
    table = [
        _line(606.0, (300.0, "Liens avec les")),
        _line(600.0, (100.0, "Recommandation 2")),
        _line(594.0, (300.0, "résultats")),
        _line(564.0, (300.0, "2.1 Un premier")),
        _line(552.0, (300.0, "résultat.")),
        _line(546.0, (100.0, "Le texte de la")),
        _line(534.0, (100.0, "recommandation")),
        _line(522.0, (100.0, "deux."), (300.0, "2.4 Un autre.")),
        _line(492.0, (300.0, "4.1 Un dernier")),
        _line(480.0, (300.0, "résultat.")),
        _line(448.0, (300.0, "Liens avec les")),
        _line(442.0, (100.0, "Recommandation 3")),
        _line(436.0, (300.0, "résultats")),
    ]
    metrics = Metrics(table + _body(300.0, 6))
    items = page_items(table, [], metrics)
    assert len(items) == 1 and isinstance(items[0], Zone)
    assert _rows(items[0], metrics) == [
        [["Recommandation 2"], ["Liens avec les résultats"]],
        [
            ["Le texte de la recommandation deux."],
            ["2.1 Un premier résultat.", "2.4 Un autre.", "4.1 Un dernier résultat."],
        ],
        [["Recommandation 3"], ["Liens avec les résultats"]],
    ]


@pytest.mark.parametrize(
    "next_row, rows",
    [
        # further than a paragraph's spacing from the next row: the rest of a row broken by the page, a
        # row alone (the layout's flow joins it to the page before's)
        (624.0, [[[], ["suite du résultat."]], [["Recommandation 2"], ["Liens avec les résultats"]]]),
        # at a paragraph's spacing from the next row's cell: that cell's first paragraph
        (628.0, [[["Recommandation 2"], ["suite du résultat.", "Liens avec les résultats"]]]),
    ],
)
def test_a_cells_paragraph_under_the_header_rule_goes_with_the_row_below_only_at_a_paragraphs_spacing(next_row, rows):
    """Under a header row and its rule, a paragraph beside no other cell, a paragraph's spacing below
    the header: the rule parts them, and the paragraph goes with the next row only if that row's cell
    goes on at a paragraph's spacing too."""
    table = [
        _line(700.0, (300.0, "Liens avec les"), bold=True),
        _line(694.0, (100.0, "Recommandation 1"), bold=True),
        _line(688.0, (300.0, "résultats"), bold=True),
        _line(658.0, (300.0, "suite du résultat.")),
        _line(next_row, (300.0, "Liens avec les")),
        _line(next_row - 6.0, (100.0, "Recommandation 2")),
        _line(next_row - 12.0, (300.0, "résultats")),
    ]
    header_rule = Path(90.0, 679.5, 500.0, 680.2)
    metrics = Metrics(table + _body(500.0, 6))
    assert metrics.paragraph_spacing == SPACING
    items = page_items(table, [header_rule], metrics)
    assert len(items) == 1 and isinstance(items[0], Zone)
    assert _rows(items[0], metrics) == [[["Recommandation 1"], ["Liens avec les résultats"]], *rows]


def test_a_list_item_that_opens_a_cells_next_page_is_the_lists_next_item_not_the_last_ones_end():
    """A row broken by the page, its left cell's list going on: the line above ends an item with no room
    left for the next one's first words, yet the next line opens with a marker as the item above did."""
    first_page = [
        _line(700.0, (100.0, "Recommandation"), (300.0, "Liens")),
        _line(670.0, (100.0, "a) la garantie;"), (300.0, "2.1 Un résultat.")),
        _line(640.0, (100.0, "b) les liens et"), (300.0, "2.2 Un autre.")),
        _line(628.0, (100.0, "la concurrence;")),
    ]
    next_page = [_line(700.0, (100.0, "c) le transfert."), (300.0, "4.1 Un autre."))]
    for line in first_page + next_page:
        line.right = line.x1  # each line full: no room for a next word
    metrics = Metrics(first_page + next_page + _body(500.0, 6))
    flow = Flow(metrics)
    for page in (first_page, next_page):
        flow.add_page(page_items(page, [], metrics))
    [table] = flow.model(set())
    assert isinstance(table, Table)
    assert [[[(p.list_marker, p.text) for p in cell.paragraphs] for cell in row.cells] for row in table.rows] == [
        [[(None, "Recommandation")], [(None, "Liens")]],
        [[("a", "la garantie;")], [(None, "2.1 Un résultat.")]],
        [
            [("b", "les liens et la concurrence;"), ("c", "le transfert.")],
            [(None, "2.2 Un autre."), (None, "4.1 Un autre.")],
        ],
    ]


def test_a_cells_lines_above_the_tables_first_line_that_start_in_a_later_column_are_the_cells():
    """A browser centres the number beside a cell of three lines: the table's first line with two
    cells is the cell's second; its first, above, starts in the second column, where no body line
    starts. The body's line above the table stays a paragraph."""
    page = [
        _line(742.0, (72.0, "La liste des projets du Plan d’action en 2023 suit ci-dessous.")),
        _line(712.0, (300.0, "Conférence sur la")),
        _line(700.0, (100.0, "1."), (300.0, "mobilisation de")),
        _line(688.0, (300.0, "ressources")),
        _line(658.0, (300.0, "Base de données")),
        _line(652.0, (100.0, "2.")),
        _line(646.0, (300.0, "d’assistance")),
    ]
    metrics = Metrics(page + _body(500.0, 6))
    paragraph, table = page_items(page, [], metrics)
    assert [line.text for line in paragraph] == ["La liste des projets du Plan d’action en 2023 suit ci-dessous."]
    assert _rows(table, metrics) == [
        [["1."], ["Conférence sur la mobilisation de ressources"]],
        [["2."], ["Base de données d’assistance"]],
    ]


def test_a_merged_cells_title_whose_second_line_is_short_is_the_tables_merged_row_not_its_first_cell():
    """At the top of a page, the rest of a cell (its lines in the second column), then a list's title
    across the table on two lines, the second short and wholly in the first column: the title is one
    paragraph, the table's merged row, and the cell's lines above are a paragraph of their own (a line
    that starts left of a paragraph's lines starts another)."""
    page = [
        _line(729.0, (300.0, "Réduire les accidents")),
        _line(717.0, (300.0, "du travail")),
        _line(705.0, (300.0, "intellectuelle")),
        _line(690.0, (100.0, "Projets du Plan d’action pour le développement approuvés en")),
        _line(678.0, (100.0, "2023 (7)")),
        _line(648.0, (300.0, "Élaboration de")),
        _line(636.0, (100.0, "1."), (300.0, "stratégies")),
        _line(624.0, (300.0, "africaines")),
        _line(594.0, (300.0, "Exploration de")),
        _line(588.0, (100.0, "2.")),
        _line(582.0, (300.0, "textes")),
    ]
    metrics = Metrics(page + _body(500.0, 6))
    paragraph, table = page_items(page, [], metrics)
    assert [line.text for line in paragraph] == ["Réduire les accidents", "du travail", "intellectuelle"]
    assert _rows(table, metrics) == [
        [["Projets du Plan d’action pour le développement approuvés en 2023 (7)"]],
        [["1."], ["Élaboration de stratégies africaines"]],
        [["2."], ["Exploration de textes"]],
    ]


def test_a_justified_line_whose_spaces_are_wider_than_a_gutter_at_a_pages_foot_goes_on_with_its_paragraph():
    """Justified, the last line of a page stretches its spaces wider than a table's gutter: alone at the
    foot, it might have been a table's first row; the next page shows no table, and its words go on with
    the paragraph above, and on the next page."""
    first_page = [
        _line(712.0, (72.0, "Sous ce point de l’ordre du jour,")),
        _line(700.0, (72.0, "le comité a continué d’examiner les sujets")),
        _line(688.0, (72.0, "proposés et a écouté la présentation du")),
        _line(676.0, (72.0, "Secrétariat"), (140.0, "sur"), (170.0, "ce"), (195.0, "sujet"), (235.0, "et")),
    ]
    next_page = [_line(700.0, (72.0, "les questions des membres."))]
    metrics = Metrics(first_page + next_page + _body(500.0, 6))
    flow = Flow(metrics)
    for page in (first_page, next_page):
        flow.add_page(page_items(page, [], metrics))
    assert [block.text for block in flow.model(set())] == [
        "Sous ce point de l’ordre du jour, le comité a continué d’examiner les sujets proposés et a écouté "
        "la présentation du "
        "Secrétariat sur ce sujet et les questions des membres."
    ]


def test_a_justified_line_whose_spaces_are_wider_than_a_gutter_at_a_pages_top_goes_on_with_both_paragraphs():
    """The same at the top of the next page: the line goes on with the page before's paragraph, and the
    lines under it on its page go on with it."""
    first_page = [
        _line(712.0, (72.0, "Sous ce point de l’ordre du jour,")),
        _line(700.0, (72.0, "le comité a continué d’examiner les sujets")),
        _line(688.0, (72.0, "proposés et a écouté la présentation du")),
    ]
    next_page = [
        _line(700.0, (72.0, "Secrétariat"), (140.0, "sur"), (170.0, "ce"), (195.0, "sujet"), (235.0, "et")),
        _line(688.0, (72.0, "les questions des membres.")),
    ]
    metrics = Metrics(first_page + next_page + _body(500.0, 6))
    flow = Flow(metrics)
    for page in (first_page, next_page):
        flow.add_page(page_items(page, [], metrics))
    assert [block.text for block in flow.model(set())] == [
        "Sous ce point de l’ordre du jour, le comité a continué d’examiner les sujets proposés et a écouté "
        "la présentation du Secrétariat sur ce sujet et les questions des membres."
    ]


@pytest.mark.parametrize(
    "rules",
    [
        [],  # the head a bold paragraph across the table
        # the head set inside the table's rules, so read as its head row on each page (``ruled.head_cell``)
        [Path(95.0, 750.5, 500.0, 751.0), Path(95.0, 730.0, 500.0, 730.5)],
    ],
)
def test_a_merged_rows_title_at_a_pages_foot_is_the_tables_row_where_the_table_goes_on_under_its_repeated_head(
    rules,
):
    """A list's title across the table ends the page, after the table; the next page repeats the table's
    head and goes on with the table: the title is the table's merged row, the head, repeated with the
    table, its first row, and the repeated head is dropped."""
    head = (100.0, "Projets achevés et évalués du Plan d’action (3)")
    first_page = [
        _line(740.0, head, bold=True),
        _line(710.0, (100.0, "1."), (300.0, "Conférence")),
        _line(680.0, (100.0, "2."), (300.0, "Base de données")),
        _line(650.0, (100.0, "Projets approuvés du Plan d’action en 2023 (2)")),
    ]
    next_page = [
        _line(740.0, head, bold=True),
        _line(710.0, (100.0, "1."), (300.0, "Élaboration")),
        _line(680.0, (100.0, "2."), (300.0, "Exploration")),
    ]
    metrics = Metrics(first_page + next_page + _body(500.0, 6))
    flow = Flow(metrics)
    for page in (first_page, next_page):
        flow.add_page(page_items(page, rules, metrics))
    [table] = flow.model(set())
    assert [[[p.text for p in cell.paragraphs] for cell in row.cells] for row in table.rows] == [
        [[head[1]]],
        [["1."], ["Conférence"]],
        [["2."], ["Base de données"]],
        [["Projets approuvés du Plan d’action en 2023 (2)"]],
        [["1."], ["Élaboration"]],
        [["2."], ["Exploration"]],
    ]


def test_cells_that_go_on_at_a_paragraphs_spacing_in_every_column_of_a_centred_table_are_one_row():
    """In a table whose cells are centred, two columns' paragraphs end on one height and both cells go
    on a paragraph's spacing below (a row broken by the page, at its top): one row, though its cells'
    next paragraphs start on one baseline, which in a centred table is chance, not a row's start."""
    table = [
        _line(700.0, (100.0, "a) la garantie"), (300.0, "3.1 Un résultat")),
        _line(688.0, (100.0, "des normes;"), (300.0, "escompté.")),
        _line(658.0, (100.0, "b) les liens;"), (300.0, "4.1 Un autre")),
        _line(646.0, (300.0, "résultat.")),
        _line(612.0, (300.0, "Liens avec les")),
        _line(606.0, (100.0, "Recommandation 23")),
        _line(600.0, (300.0, "résultats")),
    ]
    metrics = Metrics(table + _body(500.0, 6))
    [zone] = page_items(table, [], metrics)
    assert _rows(zone, metrics) == [
        [["a) la garantie des normes;", "b) les liens;"], ["3.1 Un résultat escompté.", "4.1 Un autre résultat."]],
        [["Recommandation 23"], ["Liens avec les résultats"]],
    ]


@pytest.mark.parametrize("pushed_down", [0.0, RISE])
def test_a_header_row_whose_bold_cells_wrap_on_the_same_baselines_is_one_row(pushed_down):
    """Both header cells wrap, their lines side by side: the first line starts the table, and the second,
    in the same bold style, is the header row's too, as one row, even where the note references it
    carries push it down by their rise (a browser's line box grows to hold them)."""
    second = 700.0 - PITCH - pushed_down
    table = [
        _line(700.0, (100.0, "Recommandation"), (300.0, "Liens avec les résultats"), bold=True),
        _line(second, (100.0, "n° 1*^1"), (300.0, "escomptés^2"), bold=True),
        _line(650.0, (100.0, "Le texte de la"), (300.0, "2.1 Un résultat")),
        _line(638.0, (100.0, "recommandation."), (300.0, "escompté.")),
    ]
    metrics = Metrics(table + _body(500.0, 6))
    [zone] = page_items(table, [], metrics)
    assert _rows(zone, metrics) == [
        [["Recommandation n° 1*1"], ["Liens avec les résultats escomptés2"]],
        [["Le texte de la recommandation."], ["2.1 Un résultat escompté."]],
    ]


def test_a_short_cell_centred_on_a_tall_ones_paragraphs_makes_the_row_centred_with_those_beside_none():
    """The left cell, one paragraph, is centred on the right cell's four, of three lines, two, two and
    one: it overlaps only the second and the third, and no row of the page is centred but that one once
    the first and the last, beside no other cell, are its own. The table centres its cells, so those
    paragraphs go with the row whose cell they go on at a paragraph's spacing; a cell alone at the
    page's foot, far below, is a row broken by the page."""
    table = [_line(700.0, (100.0, "Recommandation"), (300.0, "Liens avec les résultats"), bold=True)]
    paragraphs = [
        ["1.1 Un dialogue", "plus efficace au", "niveau mondial."],
        ["3.3 Des outils", "de transfert."],
        ["4.1 Une utilisation", "plus efficace."],
        ["4.2 Des écosystèmes."],
    ]
    top = 660.0
    for paragraph in paragraphs:  # from 670 to 522: their middle is 596
        table += [_line(top - index * PITCH, (300.0, text)) for index, text in enumerate(paragraph)]
        top -= (len(paragraph) - 1) * PITCH + SPACING
    table += [
        _line(603.0 - index * PITCH, (100.0, text))
        for index, text in enumerate(["Le texte de la", "recommandation", "dix-neuf."])
    ]
    table.append(_line(480.0, (100.0, "Recommandation 20")))
    table.sort(key=lambda line: -line.bottom)
    metrics = Metrics(table + _body(400.0, 6))
    [zone] = page_items(table, [], metrics)
    assert _rows(zone, metrics) == [
        [["Recommandation"], ["Liens avec les résultats"]],
        [
            ["Le texte de la recommandation dix-neuf."],
            [" ".join(paragraph) for paragraph in paragraphs],
        ],
        [["Recommandation 20"], []],
    ]


def test_a_cells_paragraph_alone_at_the_pages_foot_at_a_paragraphs_spacing_is_the_cells_not_a_new_row():
    """A row broken by the page (no cell centred): the left cell's last paragraph, beside no other cell
    at the page's foot, goes on the cell above at the document's paragraph spacing: the cell's next
    paragraph, not the first of a row whose rest is on the next page."""
    table = [
        _line(700.0, (100.0, "a) la garantie")),
        _line(697.0, (300.0, "3.1 Un résultat")),
        _line(688.0, (100.0, "des normes;")),
        _line(685.0, (300.0, "escompté pour")),
        _line(673.0, (300.0, "tous les États")),
        _line(661.0, (300.0, "membres.")),
        _line(658.0, (100.0, "b) les liens;")),
        _line(646.0, (100.0, "la concurrence;")),
        _line(616.0, (100.0, "c) le transfert;")),
    ]
    metrics = Metrics(table + _body(500.0, 6))
    [zone] = page_items(table, [], metrics)
    assert _rows(zone, metrics) == [
        [
            ["a) la garantie des normes;", "b) les liens; la concurrence;", "c) le transfert;"],
            ["3.1 Un résultat escompté pour tous les États membres."],
        ],
    ]


def test_a_row_alone_under_the_tables_repeated_head_then_a_merged_row_is_the_tables():
    """A page opens with the table's head (a bold line across it, repeated by the browser), then the rest
    of the table broken by the page: one row whose number alone crosses the gutter, a merged row's title,
    and the next list's rows. Under nothing but its head, the row is at the page's top, so a table's
    row, not a paragraph run into the title below."""
    head = "Projets achevés et évalués du Plan d’action (40)"
    page = [
        _line(740.0, (110.0, head), bold=True),
        _line(720.0, (300.0, "Droit d’auteur et")),
        _line(708.0, (100.0, "40"), (300.0, "diffusion de contenu")),
        _line(696.0, (300.0, "numérique")),
        _line(670.0, (100.0, "Projets du Plan d’action en cours de mise en œuvre")),
        _line(658.0, (100.0, "en 2023 (8)")),
        _line(630.0, (300.0, "Recenser et utiliser")),
        _line(624.0, (100.0, "1.")),
        _line(618.0, (300.0, "les inventions")),
        _line(590.0, (300.0, "Enregistrement des")),
        _line(584.0, (100.0, "2.")),
        _line(578.0, (300.0, "marques collectives")),
    ]
    metrics = Metrics(page + _body(500.0, 6))
    [heading, zone] = page_items(page, [], metrics)
    assert [line.text for line in heading] == [head]
    assert _rows(zone, metrics) == [
        [["40"], ["Droit d’auteur et diffusion de contenu numérique"]],
        [["Projets du Plan d’action en cours de mise en œuvre en 2023 (8)"]],
        [["1."], ["Recenser et utiliser les inventions"]],
        [["2."], ["Enregistrement des marques collectives"]],
    ]


def test_a_cells_paragraph_a_pixel_off_the_paragraph_spacing_still_goes_on_in_a_centred_table():
    """Chromium places a paragraph at a whole number of pixels: its margin of 14.67 pixels (11 points)
    is 14 or 15, so a cell's paragraphs are the document's spacing apart, or a pixel (0.75 point) less.
    The cell's first paragraph, beside no other cell above a centred row, goes on into it all the same,
    the spacing measured to a tenth of a point."""
    left = [["Les activités", "doivent :"], ["· être exhaustives;", "et ouvertes;"]]
    left += [["· établir un", "équilibre;"], ["· être conformes", "au principe."]]
    table = [_line(700.0, (100.0, "Recommandation 15"), (300.0, "Liens avec les résultats"))]
    top = 660.0
    for index, paragraph in enumerate(left):
        table += [_line(top - line * PITCH, (100.0, text)) for line, text in enumerate(paragraph)]
        top -= PITCH + SPACING - (0.8 if index == 0 else 0.0)
    table += [_line(597.4, (300.0, "2.1 Un résultat")), _line(585.4, (300.0, "escompté."))]  # centred
    table.sort(key=lambda line: -line.bottom)
    metrics = Metrics(table + _body(400.0, 6))
    [zone] = page_items(table, [], metrics)
    assert _rows(zone, metrics) == [
        [["Recommandation 15"], ["Liens avec les résultats"]],
        [[" ".join(paragraph) for paragraph in left], ["2.1 Un résultat escompté."]],
    ]


def test_a_cells_next_paragraph_a_browser_places_a_pixel_off_the_paragraph_spacing_goes_on_with_its_row():
    """wkhtmltopdf rounds a cell's lines to its pixels: the next paragraph of a cell, beside no other
    cell at a page's top, stands 0.07 em nearer than the document's paragraph spacing; it is still the
    row's (a cell's paragraph, not a row of its own)."""
    table = [
        _line(700.0, (100.0, "besoins spécifiques de"), (300.0, "4.1 Utilisation plus")),
        _line(688.0, (100.0, "la fracture numérique."), (300.0, "efficace de la")),
        _line(676.0, (300.0, "propriété intellectuelle.")),
        _line(676.0 - SPACING + 0.7, (300.0, "4.2 Mise en place")),
        _line(676.0 - SPACING + 0.7 - PITCH, (300.0, "d’écosystèmes.")),
        _line(600.0, (300.0, "Liens avec les")),
        _line(594.0, (100.0, "Recommandation 10")),
        _line(588.0, (300.0, "résultats")),
    ]
    metrics = Metrics(table + _body(500.0, 6))
    [zone] = page_items(table, [], metrics)
    assert _rows(zone, metrics) == [
        [
            ["besoins spécifiques de la fracture numérique."],
            ["4.1 Utilisation plus efficace de la propriété intellectuelle.", "4.2 Mise en place d’écosystèmes."],
        ],
        [["Recommandation 10"], ["Liens avec les résultats"]],
    ]


def test_a_row_whose_centred_cell_the_page_pushed_whole_onto_the_next_is_one_row_with_its_list():
    """A row at a page's foot holds a list's first items, its other cell empty: the browser centred
    that cell in the row and the page pushed it whole onto the next page, whose first row goes on with
    the list's next item beside it. One row, the list's items in one cell."""
    first_page = [
        _line(740.0, (100.0, "Recommandation n° 14"), (300.0, "Liens avec les résultats")),
        _line(710.0, (100.0, "Dans le cadre de l’accord"), (300.0, "2.1 Élaboration de cadres")),
        _line(680.0, (100.0, "Recommandation n° 15"), (300.0, "Liens avec les résultats")),
        _line(650.0, (100.0, "Les activités doivent :")),
        _line(620.0, (100.0, "· être exhaustives;")),
    ]
    next_page = [
        _line(740.0, (100.0, "· prendre en considération;"), (300.0, "2.2 L’OMPI rassemble")),
        _line(728.0, (300.0, "la communauté.")),
        _line(710.0, (100.0, "· établir un équilibre.")),
    ]
    metrics = Metrics(first_page + next_page + _body(500.0, 6))
    flow = Flow(metrics)
    for page in (first_page, next_page):
        flow.add_page(page_items(page, [], metrics))
    [table] = flow.model(set())
    assert [[[p.text for p in cell.paragraphs] for cell in row.cells] for row in table.rows] == [
        [["Recommandation n° 14"], ["Liens avec les résultats"]],
        [["Dans le cadre de l’accord"], ["2.1 Élaboration de cadres"]],
        [["Recommandation n° 15"], ["Liens avec les résultats"]],
        [
            ["Les activités doivent :", "être exhaustives;", "prendre en considération;", "établir un équilibre."],
            ["2.2 L’OMPI rassemble la communauté."],
        ],
    ]
