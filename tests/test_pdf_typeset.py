"""PDF typesetting that word processors do not do: a producer that draws no spaces (TeX, wkhtmltopdf
place words apart), justified lines that fill the column to the end of a paragraph.

Lines are built from glyphs 5 pt wide at 10 pt, words 3 pt apart, no space glyph drawn."""

from __future__ import annotations

import pytest

from pipeline.readers.pdf.glyphs import Glyph, Path
from pipeline.readers.pdf.layout import Flow
from pipeline.readers.pdf.lines import Line, Metrics, fragments
from pipeline.readers.pdf.paragraphs import breaks, group_paragraphs, joint
from pipeline.readers.pdf.tables import page_items


def _set(text: str, bottom: float = 700.0, x: float = 72.0) -> Line:
    """A line as TeX sets it: its words placed apart, no space glyph between them."""
    glyphs = []
    for char in text:
        if char == " ":
            x += 3.0
            continue
        glyphs.append(Glyph(char, x, x + 5.0, bottom, 10.0, False))
        x += 5.0
    return Line(fragments(glyphs))


def _column(*texts: str, top: float = 700.0, right: float | None = None) -> list[Line]:
    """Lines 12 pt apart whose column ends at ``right`` (at the longest line, if not given)."""
    lines = [_set(text, top - 12.0 * index) for index, text in enumerate(texts)]
    for line in lines:
        line.right = right if right is not None else max(each.x1 for each in lines)
    return lines


@pytest.mark.parametrize(
    "next_page_starts, new_paragraph",
    [
        ("Le comité a pris note du rapport.", True),  # room was left for "Le": the paragraph had ended
        ("En 2023, le comité a pris note.", False),  # "En 2023," is bound by a no-break space: no room for it
        ("2023, le comité a pris note.", False),
    ],
)
def test_a_page_break_after_a_full_stop_with_room_for_the_next_word_ends_the_paragraph_where_no_space_is_drawn(
    next_page_starts, new_paragraph
):
    above = _set("la conférence a eu lieu en octobre 2023.")
    above.right = above.x1 + 25.0  # room for "Le" (10 pt and a space after a full stop), not for "En 2023,"
    below = _column(next_page_starts, right=above.right)[0]
    metrics = Metrics([above, below])
    assert not metrics.spaces_drawn
    assert breaks(above, below, metrics, same_page=False) is new_paragraph


@pytest.mark.parametrize(
    "next_page_starts, paragraphs",
    [
        ("vi) Proposition de l’Inde.", ["v) Proposition des Philippines", "vi) Proposition de l’Inde."]),
        ("vii) Proposition de l’Inde.", ["v) Proposition des Philippines"]),  # not the next marker: goes on
    ],
)
def test_a_line_opening_with_the_next_list_marker_at_the_top_of_a_page_starts_the_next_item(
    next_page_starts, paragraphs
):
    # the item's last line fills the column and ends no sentence: no room tells that the item ended there
    item = _column("v) Proposition des Philippines", "vise à mettre en œuvre les recommandations;")
    top = _column(next_page_starts, right=item[0].right)
    flow = Flow(Metrics(item + top))
    flow.add_page([item])
    flow.add_page([top])
    assert [block[0].text for block in flow.blocks] == paragraphs


def test_an_item_whose_own_enumeration_goes_on_over_the_page_is_not_cut_at_the_next_marker():
    """WeasyPrint's justified print (VII.6): item ``i)`` runs an enumeration of its own, ``: i) …;`` at
    the page's foot and ``ii) …`` at the next page's top: the item's enumeration goes on, not the list."""
    item = _column("i) Systématisation des données :", "les réalisations sont les suivantes : i) recrutement;")
    top = _column("ii) consolidation des données; et iii) achèvement.", right=item[0].right)
    flow = Flow(Metrics(item + top))
    flow.add_page([item])
    flow.add_page([top])
    assert [block[0].text for block in flow.blocks] == ["i) Systématisation des données :"]


def _table_line(left: str, right: str, bottom: float) -> Line:
    """A line of a two-column table: a cell's line at 72 pt, the other's at 300 pt (either may be empty)."""
    parts = [part for text, x in ((left, 72.0), (right, 300.0)) if text for part in _set(text, bottom, x).fragments]
    return Line(parts)


def _cells(rows) -> list:
    return [[[" ".join(line.text for line in paragraph) for paragraph in cell] for cell in row] for row in rows]


def test_a_table_ruled_under_its_header_only_starts_a_row_where_every_column_starts_a_paragraph():
    # LaTeX's longtable: a rule under the header, each row's first lines one pitch under the row above
    body = [
        _table_line("Recommandation n° 1", "Liens avec les résultats", 700.0),
        _table_line("Aider les pays à renforcer leurs offices.", "2.1 Élaboration de cadres.", 684.0),
        _table_line("", "4.1 Utilisation de la propriété.", 672.0),
        _table_line("Recommandation n° 2", "Liens avec les résultats", 660.0),
        _table_line("Fournir une assistance.", "3.1 Systèmes mondiaux.", 648.0),
    ]
    metrics = Metrics(body)
    [zone] = page_items(body, [Path(70.0, 692.5, 500.0, 693.0)], metrics)
    assert _cells(zone.rows(metrics)) == [
        [["Recommandation n° 1"], ["Liens avec les résultats"]],
        [
            ["Aider les pays à renforcer leurs offices."],
            ["2.1 Élaboration de cadres.", "4.1 Utilisation de la propriété."],
        ],
        [["Recommandation n° 2"], ["Liens avec les résultats"]],
        [["Fournir une assistance."], ["3.1 Systèmes mondiaux."]],
    ]


@pytest.mark.parametrize(
    "cell, paragraphs",
    [
        (  # the items' markers follow each other: "; et" ends an item as well as a full stop
            ["d) les flexibilités et", "les exceptions pour les États membres; et", "e) la possibilité de"],
            ["d) les flexibilités et les exceptions pour les États membres; et", "e) la possibilité de"],
        ),
        (  # a numbering with a full stop inside (a decimal number has a comma), after a sentence's end
            ["2.4 Interactions avec", "où la propriété peut jouer un rôle.", "4.1 Utilisation plus efficace"],
            ["2.4 Interactions avec où la propriété peut jouer un rôle.", "4.1 Utilisation plus efficace"],
        ),
        (  # a paragraph that opens with no numbering goes on
            ["Voir à ce sujet", "le rapport, aux paragraphes", "4.1 et 4.2 du document."],
            ["Voir à ce sujet le rapport, aux paragraphes 4.1 et 4.2 du document."],
        ),
        (
            ["9.", "10.", "12."],
            ["9.", "10. 12."],
        ),
    ],
)
def test_a_line_opening_with_the_label_after_its_paragraphs_own_starts_the_next_paragraph_in_a_cell(cell, paragraphs):
    # each line fills the column (the longest sets its edge): no room test tells where a paragraph ends
    lines = _column(*cell)
    for line in lines:
        line.right = line.x1
    found = group_paragraphs(lines, Metrics(lines))
    assert [" ".join(line.text for line in paragraph) for paragraph in found] == paragraphs


def test_a_row_of_a_close_set_table_starts_where_its_first_column_does_unless_the_others_text_goes_on():
    # numbered rows under a rule above the table: "public" left no room for "Propriété", yet its cell ended
    body = [
        _table_line("8.", "Renforcement des capacités des institutions et des", 700.0),
        _table_line("", "utilisateurs aux niveaux national et régional", 688.0),
        _table_line("9.", "La propriété intellectuelle et le domaine public", 676.0),
        _table_line("10.", "Propriété intellectuelle et politique en matière de", 664.0),
        _table_line("", "concurrence", 652.0),
        _table_line("11.", "Les brevets et le domaine public", 640.0),
    ]
    metrics = Metrics(body)
    [zone] = page_items(body, [Path(70.0, 711.0, 560.0, 711.5)], metrics)
    assert _cells(zone.rows(metrics)) == [
        [["8."], ["Renforcement des capacités des institutions et des utilisateurs aux niveaux national et régional"]],
        [["9."], ["La propriété intellectuelle et le domaine public"]],
        [["10."], ["Propriété intellectuelle et politique en matière de concurrence"]],
        [["11."], ["Les brevets et le domaine public"]],
    ]


def test_a_close_set_table_starts_no_row_where_each_column_goes_on_with_its_list():
    # a bullet after a bullet beside "2.2" after "2.1": the items of one row's cells, side by side
    body = [
        _table_line("Recommandation n° 15", "Liens avec les résultats", 700.0),
        _table_line("Les activités doivent :", "2.1 Élaboration de cadres normatifs", 688.0),
        _table_line("· être exhaustives et réalisées;", "internationaux équilibrés.", 676.0),
        _table_line("· prendre en considération;", "2.2 L’OMPI rassemble.", 664.0),
    ]
    metrics = Metrics(body)
    [zone] = page_items(body, [Path(70.0, 711.0, 560.0, 711.5)], metrics)
    assert _cells(zone.rows(metrics)) == [
        [["Recommandation n° 15"], ["Liens avec les résultats"]],
        [
            ["Les activités doivent :", "· être exhaustives et réalisées;", "· prendre en considération;"],
            ["2.1 Élaboration de cadres normatifs internationaux équilibrés.", "2.2 L’OMPI rassemble."],
        ],
    ]


@pytest.mark.parametrize(
    "next_line, joined",
    [
        ("_id=602625. La suite", ""),  # TeX's url breaks before "_": no word starts with one
        ("=602625. La suite", ""),
        ("Le comité a pris note.", " "),
    ],
)
def test_an_address_broken_before_a_character_that_starts_no_word_is_joined_without_a_space(next_line, joined):
    above = _set("voir : https://www.wipo.int/meetings/fr/doc_details.jsp?doc")
    above.right = above.x1  # the address filled the line
    below = _set(next_line, bottom=688.0)
    assert joint(above, below, Metrics([above, below])) == joined


def _indented(*lines: tuple[float, str], top: float = 700.0) -> list[Line]:
    """Lines 12 pt apart, each (how far it is set in, text); the column ends at the longest."""
    column = [_set(text, top - 12.0 * index, 72.0 + inset) for index, (inset, text) in enumerate(lines)]
    for line in column:
        line.right = max(each.x1 for each in column)
    return column


@pytest.mark.parametrize(
    "lines, paragraphs",
    [
        (  # LaTeX's indent of 15 pt opens the paragraph after one whose last line filled the column
            [(0, "la demande et elle doit être transparente."), (15, "Le comité a pris"), (0, "note du rapport.")],
            ["la demande et elle doit être transparente.", "Le comité a pris note du rapport."],
        ),
        (  # a hanging indent: a list item's lines after its first
            [(0, "i) la demande et elle doit être transparente,"), (15, "le comité a pris"), (15, "note du rapport.")],
            ["i) la demande et elle doit être transparente, le comité a pris note du rapport."],
        ),
        (  # a bullet hung 3 pt into the margin sets no indent
            [(-3, "· être exhaustives et réalisées"), (0, "par les membres;"), (-3, "· prendre en compte;")],
            ["· être exhaustives et réalisées par les membres;", "· prendre en compte;"],
        ),
    ],
)
def test_a_line_set_in_by_a_first_line_indent_between_two_lines_at_the_edge_opens_a_paragraph(lines, paragraphs):
    column = _indented(*lines)
    metrics = Metrics(column)
    for found in (group_paragraphs(column, metrics), page_items(column, [], metrics)):  # a cell's, a page's
        assert [" ".join(line.text for line in paragraph) for paragraph in found] == paragraphs


def test_a_page_that_opens_with_an_indented_line_starts_a_paragraph():
    ended = _indented((0, "à mettre en œuvre les recommandations du Plan."))
    top = _indented((15, "Le comité a pris"), (0, "note du rapport."))
    for line in top:
        line.right = ended[0].right  # the last line above filled the column
    flow = Flow(Metrics(ended + top))
    flow.add_page([ended])
    flow.add_page([top])
    assert [[line.text for line in block] for block in flow.blocks] == [
        ["à mettre en œuvre les recommandations du Plan."],
        ["Le comité a pris", "note du rapport."],
    ]
