"""The report printed by the same programs with other settings (page size, margins, font and its size):
what those settings change in the glyphs, and how the reader still tells superscripts, line breaks
and list items."""

from __future__ import annotations

from pipeline.readers.pdf.glyphs import Glyph, _spaces_where_none_drawn
from pipeline.readers.pdf.layout import Flow
from pipeline.readers.pdf.lines import Line, Metrics, fragments, lines
from pipeline.readers.pdf.paragraphs import breaks, joint, pieces

WIDTH = 5.0  # points: each test glyph's advance
SPACE = 3.0


def _glyphs(text: str, x: float = 72.0, bottom: float = 700.0, size: float = 10.0, invented: bool = False):
    """One glyph a character; a space is a gap, after which the glyph is ``after_space`` (the producer drew
    it) or ``space_invented`` too (pdfium found only the gap)."""
    glyphs, after_space = [], False
    for char in text:
        if char == " ":
            x, after_space = x + SPACE, True
            continue
        invented_here = after_space and invented
        glyphs.append(Glyph(char, x, x + WIDTH, bottom, size, False, after_space, space_invented=invented_here))
        x, after_space = x + WIDTH, False
    return glyphs


def _line(text: str, bottom: float = 700.0, right: float = 300.0, invented: bool = False) -> Line:
    return Line(fragments(_glyphs(text, bottom=bottom, invented=invented)), right=right)


def test_digits_barely_smaller_than_their_text_and_raised_past_its_baseline_are_a_superscript():
    # WeasyPrint's `sup { font-size: smaller }` in 11-point text: 10.67 points, raised 5.33
    text = _glyphs("COVID-19", size=11.0)
    reference = _glyphs("10", x=text[-1].right, bottom=705.33, size=10.67)
    after = _glyphs(", l’OMPI", x=reference[-1].right, size=11.0)
    [line] = lines(fragments(text + reference + after))
    assert line.text == "COVID-1910, l’OMPI"
    assert [g.char for f in line.fragments for g in f.glyphs if g.raised] == ["1", "0"]
    assert round(line.superscript_rise, 2) == 5.33


def test_a_glyph_barely_smaller_within_its_baselines_tolerance_is_no_superscript():
    text = _glyphs("COVID", size=11.0)
    lower = _glyphs("19", x=text[-1].right, bottom=702.0, size=10.67)  # 0.18 em up: the same baseline
    [fragment] = fragments(text + lower)
    assert [g.raised for g in fragment.glyphs] == [False] * 7


def test_a_glyph_of_its_texts_size_raised_is_no_superscript_but_another_line():
    text = _glyphs("Objectif", size=11.0)
    cell = _glyphs("2", x=text[-1].right + 1.0, bottom=705.33, size=11.0)  # a table cell set on its own baseline
    assert [line.text for line in lines(fragments(text + cell))] == ["2", "Objectif"]


def test_where_the_producer_draws_no_space_the_gaps_are_where_a_line_may_break():
    invented = _glyphs("En 2023, le")
    drawn_before = [g for g in invented if g.after_space]
    for glyph in invented:
        glyph.after_space = False
    invented[0].after_space = True  # a page's first glyph starts a word
    _spaces_where_none_drawn(invented, drawn_before)
    assert [g.char for g in invented if g.after_space] == ["E", "2", "l"]
    assert [g.char for g in invented if g.space_invented] == ["2", "l"]

    drawn = _glyphs("Le CDIP a tenu")
    few_invented = [drawn[0]]
    _spaces_where_none_drawn(drawn, few_invented)
    assert [g.char for g in drawn if g.space_invented] == []


def test_where_no_space_is_drawn_a_paragraph_ends_at_a_page_break_only_if_two_words_would_have_fit():
    # "En 2023," may be bound by a no-break space: where every space is a gap, room for "En" alone is no proof
    below = _line("En 2023, le thème intersectoriel", bottom=741.0, invented=True)
    room_for_en = _line("dans l’ensemble de l’OMPI.", right=_line("dans l’ensemble de l’OMPI.").x1 + 20.0)
    room_for_both = _line("dans l’ensemble de l’OMPI.", right=_line("dans l’ensemble de l’OMPI.").x1 + 60.0)
    metrics = Metrics([room_for_en, below])
    assert not breaks(room_for_en, below, metrics, same_page=False)
    assert breaks(room_for_both, below, metrics, same_page=False)
    drawn = _line("En 2023, le thème intersectoriel", bottom=741.0)
    assert breaks(room_for_en, drawn, metrics, same_page=False)


def _flow(above: list[str], below: list[str]) -> list[str]:
    """The paragraphs' texts when ``above`` ends a page and ``below`` starts the next, both full lines."""
    page = [_line(text, bottom=100.0 - 12.0 * index, right=0.0) for index, text in enumerate(above)]
    top = [_line(text, bottom=741.0 - 12.0 * index, right=0.0) for index, text in enumerate(below)]
    for line in page + top:
        line.right = line.x1  # each line filled its column: no room test tells an end
    flow = Flow(Metrics(page + top))
    flow.add_page([page])
    flow.add_page([top])
    return [" ".join(line.text for line in block) for block in flow.blocks]


def test_a_list_introduced_by_a_colon_starts_its_first_item_at_the_top_of_the_next_page():
    assert _flow(["les éléments phares du travail effectué :"], ["i) Création de jeunes académies.", "la suite"]) == [
        "les éléments phares du travail effectué :",
        "i) Création de jeunes académies. la suite",
    ]


def test_an_enumeration_run_on_in_its_sentence_after_a_colon_goes_on_over_the_page():
    assert _flow(["des réunions, par exemple :"], ["i) réunion régionale; ii) atelier", "national."]) == [
        "des réunions, par exemple : i) réunion régionale; ii) atelier national."
    ]


def _address_lines(texts: list[str], links: tuple = ()) -> list[Line]:
    """Lines of a note, each filling its column (no room left for the next line's first word), the
    glyphs of line ``i`` in the hyperlink ``links[i]``."""
    found = []
    for index, text in enumerate(texts):
        glyphs = _glyphs(text, bottom=700.0 - 12.0 * index)
        for glyph in glyphs:
            glyph.link = links[index] if index < len(links) else None
        line = Line(fragments(glyphs))
        line.right = line.x1
        found.append(line)
    return found


def test_an_address_broken_over_three_lines_is_joined_whole():
    # the middle line holds nothing but the address's middle: it ends in an address a line above began
    lines = _address_lines(["suivante : www.books.org/fr/news/", "2023/", "applications-now-open-for-training."])
    assert "".join(p for p in pieces(lines, Metrics(lines), set()) if isinstance(p, str)) == (
        "suivante : www.books.org/fr/news/2023/applications-now-open-for-training."
    )


def test_a_linked_address_ends_where_its_link_ends():
    # WeasyPrint draws no space at a line's end: the link annotation shows the address ended there
    texts = ["suivante : respectforip.org/game/", "D’autres versions"]
    above, below = _address_lines(texts, ("https://respectforip.org/game/", None))
    assert joint(above, below, Metrics([above, below])) == " "
    above, below = _address_lines(texts, ("https://respectforip.org/game/", "https://respectforip.org/game/"))
    assert joint(above, below, Metrics([above, below])) == ""
    above, below = _address_lines(texts)  # no link: nothing shows the address ended
    assert joint(above, below, Metrics([above, below])) == ""
