"""Clean text: the normalisation rules of the README, one test each."""

from pipeline.document.model import Cell, FootnoteRef, Paragraph, Row, Table
from pipeline.document.normalise import assemble, clean, join_continued_tables, split_list_marker


def test_no_break_spaces_read_as_plain_spaces():
    assert clean("108\u00a0292\u202fpersonnes") == "108 292 personnes"


def test_non_breaking_hyphen_written_as_hyphen():
    assert clean("Vingt\u2011cinq modules") == "Vingt-cinq modules"


def test_runs_of_spaces_and_tabs_collapse_and_ends_are_trimmed():
    assert clean("  \tdéveloppement.  Les liens\n profonds ") == "développement. Les liens profonds"


def test_typographic_apostrophes_and_quotes_are_kept():
    assert clean("l’OMPI (“WIPO Pulse”)") == "l’OMPI (“WIPO Pulse”)"


def test_decomposed_accents_are_composed():
    assert clean("Re\u0301publique") == "République"


def test_soft_hyphen_removed():
    assert clean("propri\u00e9t\u00e9 intellec\u00adtuelle") == "propriété intellectuelle"


def test_footnote_reference_offset_is_where_the_marker_stood():
    text, refs = assemble(["30\u00a0entrepreneuses de 25", 27, "\u00a0pays d’Afrique"])
    assert text == "30 entrepreneuses de 25 pays d’Afrique"
    assert refs == [FootnoteRef(27, 23)]


def test_several_references_in_a_row():
    text, refs = assemble(["terrain", 5, 6, ", montrant"])
    assert (text, refs) == ("terrain, montrant", [FootnoteRef(5, 7), FootnoteRef(6, 7)])


def test_reference_at_the_end_of_a_paragraph_is_clamped_to_its_length():
    text, refs = assemble(["fin. ", 9, " "])
    assert (text, refs) == ("fin.", [FootnoteRef(9, 4)])


def test_list_markers():
    assert split_list_marker("vii) Proposition de projet") == ("vii", "Proposition de projet")
    assert split_list_marker("a) la garantie") == ("a", "la garantie")
    assert split_list_marker("· être exhaustives") == ("·", "être exhaustives")
    assert split_list_marker("Il convient") == (None, "Il convient")
    assert split_list_marker("2.4 Interactions") == (None, "2.4 Interactions")


def _table(*rows: tuple, header: bool = False) -> Table:
    return Table(
        [Row([Cell([Paragraph(text)]) for text in row], header=header and index == 0) for index, row in enumerate(rows)]
    )


def test_tables_that_follow_each_other_are_one_table_without_the_repeated_header_row():
    first = _table(("Recommandation n° 1*", "Liens"), ("Texte 1", "4.1 Résultat"), header=True)
    second = _table(("Recommandation n° 1*", "Liens"), ("Recommandation n° 2", "Liens"), header=True)
    apart = _table(("Projets (1)",), ("1.", "Titre"))
    joined = join_continued_tables([first, second, Paragraph("Liste des projets"), apart])
    assert [[" ".join(p.text for p in c.paragraphs) for c in row.cells] for row in joined[0].rows] == [
        ["Recommandation n° 1*", "Liens"],
        ["Texte 1", "4.1 Résultat"],
        ["Recommandation n° 2", "Liens"],
    ]
    assert joined[1:] == [Paragraph("Liste des projets"), apart]


def test_a_header_row_that_repeats_nothing_is_content():
    first = _table(("Projets (2)",), ("1.", "Titre"))
    second = _table(("Projets en cours (1)",), ("1.", "Autre"), header=True)
    assert len(join_continued_tables([first, second])[0].rows) == 4
