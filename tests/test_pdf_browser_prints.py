"""How a browser lays out a printed HTML page, read back by the PDF reader's steps: tables whose cells
the browser places on their own (centred, padded), on lines built here glyph by glyph."""

from __future__ import annotations

import pytest

from pipeline.readers.pdf.glyphs import Glyph, Path
from pipeline.readers.pdf.lines import Line, Metrics, fragments, lines
from pipeline.readers.pdf.paragraphs import to_paragraph
from pipeline.readers.pdf.tables import Zone, page_items

SIZE, ADVANCE, SPACE = 12.0, 6.0, 3.0


def _page(*placed: tuple) -> list[Line]:
    """Lines of the texts placed at (x, baseline), in bold where a third item says so, drawn in the
    order given."""
    glyphs = []
    for text, x, bottom, *bold in placed:
        after_space = False
        for char in text:
            if char == " ":
                x, after_space = x + SPACE, True
                continue
            glyphs.append(Glyph(char, x, x + ADVANCE, bottom, SIZE, bool(bold), after_space))
            x, after_space = x + ADVANCE, False
    return lines(fragments(glyphs))


def _cell_texts(zone: Zone, metrics: Metrics) -> list[list[str]]:
    rows = zone.rows(metrics)
    return [[" ".join(line.text for paragraph in cell for line in paragraph) for cell in row] for row in rows]


ANNEX_II_ROWS = (  # pandoc's HTML of Annex II printed by Chromium: (text, x, baseline), each number centred
    ("Conférence sur la mobilisation de", 312, 365.25),
    ("1.", 96, 356.25),
    ("ressources pour le développement", 312, 347.25),
    ("Base de données d’assistance technique", 312, 324.75),
    ("2.", 96, 306.75),
    ("en matière de propriété intellectuelle", 312, 306.75),
    ("(IP-TAD)", 312, 288.75),
    ("Accès à des bases de données", 312, 266.25),
    ("3.", 96, 257.25),
    ("et appui – Phase I", 312, 248.25),
    ("Base de données de mise en parallèle des", 312, 225.75),
    ("besoins de développement liés à la", 312, 207.75),
    ("4.", 96, 198.75),
    ("propriété intellectuelle (propriété", 312, 189.75),
    ("intellectuelle DMD)", 312, 171.75),
)


def test_a_number_the_browser_centres_beside_its_cell_starts_no_row_where_the_cell_text_goes_on():
    """A numbered list of titles as a table (pandoc's HTML of Annex II): each row's number is centred
    in its row's height, so beside a title of three lines it sits level with the second, which goes on
    the first; the row still starts with the title's first line."""
    body = _page(*ANNEX_II_ROWS)
    metrics = Metrics(body)
    [zone] = page_items(body, [], metrics)
    assert _cell_texts(zone, metrics) == [
        ["1.", "Conférence sur la mobilisation de ressources pour le développement"],
        ["2.", "Base de données d’assistance technique en matière de propriété intellectuelle (IP-TAD)"],
        ["3.", "Accès à des bases de données et appui – Phase I"],
        [
            "4.",
            "Base de données de mise en parallèle des besoins de développement liés à la "
            "propriété intellectuelle (propriété intellectuelle DMD)",
        ],
    ]


def test_a_cells_first_lines_above_the_first_line_across_the_gutter_are_the_tables():
    """At the top of a page, the number centred in a row of seven lines is level with the title's
    fourth: the three lines above it, in the title's column and at the line pitch, are the row's too."""
    body = _page(
        ("Renforcement du pouvoir des petites", 312, 724.5),
        ("entreprises grâce à la propriété", 312, 706.5),
        ("intellectuelle : élaboration de stratégies", 312, 688.5),
        ("6.", 96, 670.5),
        ("pour soutenir les indications", 312, 670.5),
        ("géographiques ou les marques collectives", 312, 652.5),
        ("dans la période postérieure à", 312, 634.5),
        ("l’enregistrement", 312, 616.5),
        ("Renforcement de l’utilisation de la", 312, 594.0),
        ("propriété intellectuelle pour les", 312, 576.0),
        ("7.", 96, 567.0),
        ("applications mobiles dans le secteur des", 312, 558.0),
        ("logiciels – Phase II", 312, 540.0),
    )
    metrics = Metrics(body)
    [zone] = page_items(body, [], metrics)
    assert _cell_texts(zone, metrics) == [
        [
            "6.",
            "Renforcement du pouvoir des petites entreprises grâce à la propriété intellectuelle : élaboration "
            "de stratégies pour soutenir les indications géographiques ou les marques collectives dans la "
            "période postérieure à l’enregistrement",
        ],
        [
            "7.",
            "Renforcement de l’utilisation de la propriété intellectuelle pour les applications mobiles dans le "
            "secteur des logiciels – Phase II",
        ],
    ]


def test_a_merged_cells_second_line_within_the_first_column_is_no_cell():
    """A title across the table, in two lines the second of which is short enough to stay left of the
    gutter: both are the merged row's, and the next rows start under it."""
    body = _page(
        ("Droit d’auteur et diffusion de contenu", 312, 477.0),
        ("40", 96, 468.0),
        ("dans l’environnement numérique", 312, 459.0),
        ("Projets du Plan d’action pour le développement en cours de mise en œuvre en", 96, 436.5),
        ("décembre 2023 (8)", 96, 418.5),
        ("Recenser et utiliser les inventions", 312, 396.0),
        ("1.", 96, 387.0),
        ("tombées dans le domaine public", 312, 378.0),
        ("Enregistrement des marques collectives", 312, 355.5),
        ("des entreprises locales en tant qu’axe", 312, 337.5),
        ("2.", 96, 328.5),
        ("transversal du développement", 312, 319.5),
        ("économique", 312, 301.5),
        ("Développement de la filière musicale et", 312, 279.0),
        ("des nouveaux modèles économiques de la", 312, 261.0),
        ("3.", 96, 243.0),
        ("musique au Burkina Faso", 312, 243.0),
        ("Monétaire Ouest-Africaine (UEMOA)", 312, 225.0),
    )
    metrics = Metrics(body)
    [zone] = page_items(body, [], metrics)
    assert _cell_texts(zone, metrics) == [
        ["40", "Droit d’auteur et diffusion de contenu dans l’environnement numérique"],
        ["Projets du Plan d’action pour le développement en cours de mise en œuvre en décembre 2023 (8)"],
        ["1.", "Recenser et utiliser les inventions tombées dans le domaine public"],
        [
            "2.",
            "Enregistrement des marques collectives des entreprises locales en tant qu’axe transversal du "
            "développement économique",
        ],
        [
            "3.",
            "Développement de la filière musicale et des nouveaux modèles économiques de la musique au "
            "Burkina Faso Monétaire Ouest-Africaine (UEMOA)",
        ],
    ]


@pytest.mark.parametrize(
    "texts, room_left, joined",
    [
        (  # cut after a dot, the next glyph had no room: the address goes on
            ["https://www.wipo.int/technology-transfer/fr/news/2023/news_0003.", "html."],
            [0.0],
            "https://www.wipo.int/technology-transfer/fr/news/2023/news_0003.html.",
        ),
        (  # over three lines: the middle one, a piece of the address alone, goes on with it
            [
                "eyitnews.com/technology-and-innovation/innovating-for-equitable-a",
                "nd-sustainable-healthcare-the-9th-camtech-uganda-annual-medtec",
                "h-hack-a-thon/.",
            ],
            [0.0, 0.0],
            "eyitnews.com/technology-and-innovation/innovating-for-equitable-and-sustainable-healthcare-the-9th-"
            "camtech-uganda-annual-medtech-hack-a-thon/.",
        ),
        (  # a piece of the address broken after "?", where the rest of it had no room
            [
                "www.linkedin.com/posts/wipo_wipo-wipolife-diffability-activity-714",
                "4265382-huZ_?",
                "utm_source=share&utm_medium=member_desktop.",
            ],
            [0.0, 190.0],
            "www.linkedin.com/posts/wipo_wipo-wipolife-diffability-activity-7144265382-huZ_?"
            "utm_source=share&utm_medium=member_desktop.",
        ),
        (  # the address ends the sentence: a capital opens the next one
            ["voir www.wipo.int/tisc/fr/inventions-public-domain.html.", "Le projet"],
            [0.0],
            "voir www.wipo.int/tisc/fr/inventions-public-domain.html. Le projet",
        ),
    ],
)
def test_an_address_a_browser_cuts_anywhere_goes_on_over_its_lines(texts, room_left, joined):
    """wkhtmltopdf breaks an address too long for its line at any glyph, after a dot too, and draws
    no spaces: a line cut inside it is full, no room left for the next line's first glyph."""
    note = [line for index, text in enumerate(texts) for line in _page((text, 146.7, 500.0 - 13.8 * index))]
    for line, room in zip(note, room_left):
        line.right = line.x1 + room
    assert to_paragraph(note, Metrics(note), set()).text == joined


def test_a_title_centred_over_a_table_reaches_into_its_gutter_though_it_crosses_none():
    """pandoc's ``<th colspan="2">`` printed by Chromium: Annex II's list title is centred over the table,
    starting past its number column and ending in its title column; repeated on each page, it is the
    table's head row (``layout.Flow``), which ``Zone.overlapped_by`` tells from a cell's line."""
    body = _page(*ANNEX_II_ROWS[:5])
    [zone] = page_items(body, [], Metrics(body))
    [title] = _page(("Projets achevés et évalués du Plan d’action (40)", 125, 390.0))
    [cell_line] = _page(("en matière de propriété intellectuelle", 312, 290.0))
    assert (zone.overlapped_by(title), zone.crossed_by(title)) == (True, False)
    assert zone.overlapped_by(cell_line) is False


def test_a_centred_cell_level_with_a_paragraph_of_the_taller_cell_by_chance_is_still_its_rows():
    """Annex I's recommendation 15 as pandoc's HTML printed by Chromium: the cell of links is centred
    beside a list of five items, and its first line happens to fall level with the list's second item;
    the row is still one, from the list's opening line to its last item."""
    body = _page(
        ("Recommandation n° 15*", 96, 627.0),
        ("Liens avec les résultats", 312, 627.0),
        ("Les activités de normes", 96, 592.5),
        ("doivent :", 96, 574.5),
        ("· être exhaustives et", 96, 544.5),
        ("réalisées à l’initiative;", 96, 526.5),
        ("· prendre en considération", 96, 496.5),
        ("2.1 Élaboration de cadres", 312, 496.5),
        ("les niveaux;", 96, 478.5),
        ("normatifs équilibrés.", 312, 478.5),
        ("· établir un équilibre entre", 96, 448.5),
        ("2.2 L’OMPI rassemble la", 312, 448.5),
        ("les coûts et les avantages;", 96, 430.5),
        ("communauté internationale.", 312, 430.5),
        ("· constituer un processus", 96, 400.5),
        ("participatif; et", 96, 382.5),
        ("· être conformes au principe", 96, 352.5),
        ("de neutralité.", 96, 334.5),
    )
    metrics = Metrics(body)
    [zone] = page_items(body, [], metrics)
    assert _cell_texts(zone, metrics) == [
        ["Recommandation n° 15*", "Liens avec les résultats"],
        [
            "Les activités de normes doivent : · être exhaustives et réalisées à l’initiative; · prendre en "
            "considération les niveaux; · établir un équilibre entre les coûts et les avantages; · constituer "
            "un processus participatif; et · être conformes au principe de neutralité.",
            "2.1 Élaboration de cadres normatifs équilibrés. 2.2 L’OMPI rassemble la communauté internationale.",
        ],
    ]


_LIST_UNDER_ITS_TITLE = (
    ("Liste des projets en 2023", 96, 712.0, "bold"),
    ("Projets achevés et évalués (40)", 190, 676.0, "bold"),
    ("Conférence sur la mobilisation de", 312, 650.0),
    ("1.", 96, 641.0),
    ("ressources pour le développement", 312, 632.0),
    ("Base de données d’assistance technique", 312, 609.5),
    ("2.", 96, 600.5),
    ("en matière de propriété intellectuelle", 312, 591.5),
)
_BORDER_ABOVE_TITLE, _BORDER_BELOW_TITLE = Path(90, 689.0, 522, 689.5), Path(90, 664.0, 522, 664.5)


@pytest.mark.parametrize(
    "rules, title_row",
    [
        ([_BORDER_ABOVE_TITLE, _BORDER_BELOW_TITLE], True),
        ([_BORDER_BELOW_TITLE], False),  # the table's top rule alone: a title above the table
    ],
)
def test_a_bold_title_at_the_body_size_inside_the_tables_rules_is_its_head_row(rules, title_row):
    """pandoc's ``<th colspan="2">`` printed by wkhtmltopdf, which does not repeat it on the next page:
    bold, centred over the table (reaching into its gutter, crossing none), between the rule just
    above it and the table's first row; the heading above the table stays a heading."""
    body = _page(*_LIST_UNDER_ITS_TITLE)
    metrics = Metrics(body)
    items = page_items(body, rules, metrics)
    heading, *title, zone = items
    assert [line.text for line in heading] == ["Liste des projets en 2023"]
    assert [[line.text for line in span] for span in zone.spans] == (
        [["Projets achevés et évalués (40)"]] if title_row else []
    )
    assert [[line.text for line in paragraph] for paragraph in title] == (
        [] if title_row else [["Projets achevés et évalués (40)"]]
    )


def test_a_number_centred_level_with_its_titles_second_line_under_the_repeated_head_is_a_tables_row():
    """pandoc's HTML of Annex II printed by Chromium in a serif at 11 points: at a page's top, under the
    head the browser repeats, a row's number sits level with its title's second line only, and a
    list's title across the table follows; the title's first line, above the number in its column at
    the line pitch, is the row's, beside the number: the lines are a table's, not a paragraph."""
    body = _page(
        ("Projets achevés et évalués du Plan d’action (40)", 130, 430.0),
        ("Droit d’auteur et diffusion de", 312, 400.0),
        ("40", 96, 382.0),
        ("contenu dans l’environnement", 312, 382.0),
        ("numérique", 312, 364.0),
        ("Projets du Plan d’action en cours de mise en œuvre (8)", 96, 340.0),
        ("Recenser et utiliser les inventions", 312, 310.0),
        ("1.", 96, 301.0),
        ("tombées dans le domaine public", 312, 292.0),
    )
    metrics = Metrics(body)
    head, zone = page_items(body, [], metrics)
    assert [line.text for line in head] == ["Projets achevés et évalués du Plan d’action (40)"]
    assert _cell_texts(zone, metrics) == [
        ["40", "Droit d’auteur et diffusion de contenu dans l’environnement numérique"],
        ["Projets du Plan d’action en cours de mise en œuvre (8)"],
        ["1.", "Recenser et utiliser les inventions tombées dans le domaine public"],
    ]
