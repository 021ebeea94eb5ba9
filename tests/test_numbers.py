"""Finding quantities in French text: variants a later report may write."""

from pipeline.language.french import number_in_words
from pipeline.language.numbers import find_numbers


def found(text: str) -> list[tuple[float, str, str]]:
    return [(n.value, n.text, n.qualifier) for n in find_numbers(text)]


def test_non_breaking_hyphen_in_number_words():
    assert number_in_words("Vingt\u2011cinq") == 25


def test_thousands_separated_by_spaces_and_decimal_commas():
    assert found("avec 520 000 participants et 2,5 millions de vues") == [
        (520000, "520 000", "exact"),
        (2_500_000, "2,5 millions", "exact"),
    ]


def test_years_ranges_and_dates_are_left_out():
    assert found("En 2023, pour la période 2022-2026, le 24 avril 2023 et du 16 au 20 octobre") == []


def test_a_number_that_only_looks_like_a_year():
    assert found("2000 participants ont assisté") == [(2000, "2000", "exact")]


def test_codes_names_and_references_are_left_out():
    text = "le document CDIP/31/4, la COVID-19, le cours DL-304, le paragraphe 8.3, les recommandations nos 4, 10 et 45"
    assert found(text) == []


def test_ordinals_are_left_out():
    assert found("lors de sa trente et unième session et de la vingt-huitième, le 1er décembre") == []


def test_qualifiers():
    assert found("près de 680 litiges, au moins trois sessions, moins de 10 pays, jusqu’à 5 jours") == [
        (680, "près de 680", "approx"),
        (3, "au moins trois", "min"),
        (10, "moins de 10", "max"),
        (5, "jusqu’à 5", "max"),
    ]


def test_articles_are_not_numbers():
    assert found("Un rapport a été publié sur une base de données") == []
