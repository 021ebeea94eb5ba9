"""Text a producer cut at the page's right edge (pipeline/readers/pdf/edges.py): a browser prints an
address with nowhere to break up to the page's edge and leaves the rest out; its link annotation still
holds the whole address."""

from __future__ import annotations

from pipeline.readers.pdf.edges import restore_cut_links
from pipeline.readers.pdf.glyphs import Glyph, Page
from pipeline.readers.pdf.lines import page_lines

WIDTH = 5.0  # of every glyph here
ADDRESS = "https://example.org/news/2023/applications-now-open"


def _line(text: str, bottom: float, link: str | None = None, left: float = 90.0) -> list[Glyph]:
    glyphs, x = [], left
    for char in text:
        if char == " ":
            x += WIDTH
            continue
        glyphs.append(Glyph(char, x, x + WIDTH, bottom, 10.0, False, link=link))
        x += WIDTH
    return glyphs


def _lines(*rows: list[Glyph]):
    return page_lines(Page(0, [g for row in rows for g in row], []))


def test_a_link_cut_at_the_pages_edge_is_read_whole_from_its_annotation_with_a_warning():
    cut = "https://example.org/news/2023/applications-no"  # the longest line: it reaches the edge
    lines = _lines(_line("Voir : ", 700), _line(cut, 700, ADDRESS, left=125), _line("Une autre note.", 688))
    warnings = restore_cut_links([lines])
    assert [line.text for line in lines] == [f"Voir : {ADDRESS}", "Une autre note."]
    assert warnings == [
        "text cut at the page's right edge on page 1: “…://example.org/news/2023/applications-no” (the address"
        " is read whole from its link; what followed it on the line is lost)"
    ]


def test_a_link_shown_shorter_than_its_address_is_left_as_drawn():
    shown = "example.org/news"  # the longest line, as in the test above, ending inside the address
    lines = _lines(_line("Voir le site : ", 700), _line(shown, 700, ADDRESS, left=165), _line("Suite.", 688))
    assert restore_cut_links([lines]) == []
    assert [line.text for line in lines] == ["Voir le site : example.org/news", "Suite."]


def test_an_address_broken_where_its_line_was_full_is_not_taken_for_cut():
    lines = _lines(_line("https://example.org/news/2023/applications-no", 700, ADDRESS), _line("w-open.", 688, ADDRESS))
    assert restore_cut_links([lines]) == []
    assert [line.text for line in lines] == ["https://example.org/news/2023/applications-no", "w-open."]
