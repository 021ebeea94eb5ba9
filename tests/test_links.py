"""URL finding and repair on variants of what reports write."""

from pipeline.extractors.links import find_links


def urls(text: str) -> list[str]:
    return [link.url for link in find_links(text)]


def test_email_addresses_and_symbols_are_not_urls():
    assert urls("Écrire à info@wipo.int ou voir le document CDIP/31/4.") == []


def test_file_names_and_abbreviations_are_not_urls():
    assert urls("Le fichier rapport.pdf, p.ex. la section 4.1 et l’Oréal.") == []


def test_url_in_parentheses_and_quotes():
    assert urls("(voir www.wipo.int/tk/fr/) et “https://www.wipo.int/amc/”.") == [
        "https://www.wipo.int/tk/fr/",
        "https://www.wipo.int/amc/",
    ]


def test_parentheses_inside_a_url_are_kept():
    assert urls("https://fr.wikipedia.org/wiki/OMPI_(organisation).") == [
        "https://fr.wikipedia.org/wiki/OMPI_(organisation)"
    ]


def test_a_url_followed_by_prose_is_not_rejoined():
    assert urls("à l’adresse suivante : respectforip.org/game D’autres versions sont en cours.") == [
        "https://respectforip.org/game"
    ]


def test_three_glued_urls():
    assert urls("https://a.example.org/1http://b.example.org/2https://c.example.org/3.") == [
        "https://a.example.org/1",
        "http://b.example.org/2",
        "https://c.example.org/3",
    ]


def test_no_break_space_inside_a_rejoined_url_becomes_one_encoded_space():
    assert urls("www.wipo.int/docs/Mon\u00a0guide_F.pdf.") == ["https://www.wipo.int/docs/Mon%20guide_F.pdf"]


def test_host_in_capitals_is_lowered():
    assert urls("https://WWW.WIPO.INT/portal/") == ["https://www.wipo.int/portal/"]
