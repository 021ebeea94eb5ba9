"""Links and document references of the 2023 report."""

from __future__ import annotations

import json
import re
from urllib.parse import urlsplit

import pandas as pd


def links_of(load, footnote: int) -> pd.DataFrame:
    links = load("links")
    return links[links.footnote == footnote].sort_values("occurrence")


def test_121_url_occurrences_all_in_footnotes(load):
    links = load("links")
    assert len(links) == 121
    assert links.url.nunique() == 117
    assert links.paragraph_id.isna().all()


def test_every_canonical_url_works_as_a_url(load):
    for url in load("links").url:
        parts = urlsplit(url)
        assert parts.scheme in ("http", "https"), url
        assert "." in parts.hostname, url
        assert not re.search(r"[\s\u2011]", url), url


def _url_like(text: str) -> list[str]:
    """What a URL looks like, written independently of the extractor."""
    pattern = r"(?:https?://|www\d?\.)\S+|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:int|org|com|net)\b\S*"
    return [m.rstrip(".,;:") for m in re.findall(pattern, text)]


def test_no_url_looking_text_is_left_without_a_link(load):
    links = load("links")
    found = {
        (f, p): [raw.replace("\u2011", "-") for raw in group.url_raw]
        for (f, p), group in links.fillna({"footnote": 0, "paragraph_id": ""}).groupby(["footnote", "paragraph_id"])
    }
    texts = [((n, ""), t) for n, t in zip(load("footnotes").footnote, load("footnotes").text)]
    texts += [((0, p), t) for p, t in zip(load("paragraphs").paragraph_id, load("paragraphs").text)]
    missed = []
    for place, text in texts:
        for url in _url_like(text):
            if not any(url.split("http")[-1] in raw or raw.rstrip(".") in url for raw in found.get(place, [])):
                missed.append((place, url))
    assert missed == []
    assert sum(len(_url_like(t)) for _, t in texts) == 120  # the glued pair of footnote 18 looks like one


def test_scheme_added_to_www_links(load):
    link = links_of(load, 2).iloc[0]
    assert (
        link.url_raw
        == "www.wipo.int/edocs/pubdocs/en/wipo\u2011pub\u2011rn2023\u201136\u2011en\u2011wipo\u2011pulse.pdf."
    )
    assert link.url == "https://www.wipo.int/edocs/pubdocs/en/wipo-pub-rn2023-36-en-wipo-pulse.pdf"
    assert list(link.repairs) == ["nonbreaking_hyphen", "trailing_punctuation", "scheme_added"]


def test_scheme_added_to_bare_domains_with_a_path(load):
    assert links_of(load, 42).url.tolist() == ["https://dacatalogue.wipo.int/projects"]
    game = links_of(load, 123).iloc[0]
    assert (game.url, list(game.repairs)) == ("https://respectforip.org/game/", ["scheme_added"])
    assert links_of(load, 109).url.iloc[0].startswith("https://eyitnews.com/technology-and-innovation/innovating-for")


def test_scheme_added_to_a_bare_host_ending_a_sentence(load):
    inspire = links_of(load, 158).iloc[0]
    assert (inspire.url_raw, inspire.url) == ("inspire.wipo.int.", "https://inspire.wipo.int")
    assert links_of(load, 160).url.tolist() == ["https://tppm.wipo.int"]


def test_nonbreaking_hyphens_in_host_names(load):
    link = links_of(load, 105).iloc[0]
    assert link.url == "https://www.who-wipo-wto-trilateral.org/"
    assert link.host == "www.who-wipo-wto-trilateral.org"
    assert "nonbreaking_hyphen" in link.repairs


def test_trailing_punctuation_removed_query_kept(load):
    assert links_of(load, 3).url.iloc[0] == "https://www.wipo.int/meetings/fr/doc_details.jsp?doc_id=541373"
    linkedin = links_of(load, 110).iloc[0]
    assert linkedin.url.endswith("-huZ_?utm_source=share&utm_medium=member_desktop")


def test_footnote_18_glued_urls_split_in_two(load):
    links = links_of(load, 18)
    assert links.url.tolist() == [
        "https://www.wipo.int/meetings/fr/doc_details.jsp?doc_id=602625",
        "http://www.wipo.int/meetings/en/doc_details.jsp?doc_id=602625",
    ]
    assert links.language.tolist() == ["fr", "en"]
    assert links.doc_id.tolist() == [602625, 602625]
    assert all("glued_split" in r for r in links.repairs)


def test_footnote_43_url_broken_by_spaces_rejoined(load):
    link = links_of(load, 43).iloc[0]
    assert link.url == (
        "https://dacatalogue.wipo.int/projectfiles/DA_01_05_01/Guidebook/FR/Development%20Agenda%20Guidebook_F.pdf"
    )
    assert list(link.repairs) == ["trailing_punctuation", "spaces_rejoined"]


def test_typed_identifiers(load):
    links = load("links")
    assert links.loc[links.footnote == 186, "doc_id"].tolist() == [620128]
    assert links.loc[links.footnote == 26, "meeting_id"].tolist() == [76488]
    assert links.loc[links.footnote == 103, "publication_id"].tolist() == [4681]
    assert links.loc[links.footnote == 124, "language"].tolist() == ["fr"]  # ?ln=fr
    assert links[["doc_id", "meeting_id", "publication_id"]].notna().sum().to_dict() == {
        "doc_id": 38,
        "meeting_id": 5,
        "publication_id": 11,
    }


def test_broken_word_hyperlink_is_a_warning(extracted_2023):
    warnings = json.loads((extracted_2023 / "manifest" / "2023.json").read_text(encoding="utf-8"))["warnings"]
    assert "footnote 58: a link the Word file could not export (“Error! Hyperlink reference not valid.”)" in warnings


def test_34_distinct_document_symbols_in_36_occurrences(load):
    refs = load("document_refs")
    assert (len(refs), refs.symbol.nunique()) == (36, 34)
    assert refs.body.value_counts().to_dict() == {"CDIP": 19, "SCCR": 12, "PCT/A": 2, "PCT/WG": 1, "SCP": 1, "WO/GA": 1}


def test_document_symbol_shapes(load):
    refs = load("document_refs").set_index("symbol")
    assert refs.loc["SCCR/43/INF/2", ["body", "session", "inf", "document_number"]].tolist() == ["SCCR", 43, True, 2]
    assert refs.loc["WO/GA/55/12", ["body", "session", "document_number"]].tolist() == ["WO/GA", 55, 12]
    assert refs.loc["PCT/WG/17/19", "body"] == "PCT/WG"
    assert refs.loc["CDIP/30/8", "suffix"] == "Rev."
    assert refs.loc["CDIP/31/4", "paragraph_id"] == "I.3:1"


def test_symbol_carries_the_doc_id_of_its_link(load):
    refs = load("document_refs").set_index("symbol")
    assert refs.loc["CDIP/31/3", "doc_id"] == 619966
    assert refs.loc["CDIP/31/8", "doc_id"] == 620128
    assert pd.isna(refs.loc["SCP/35/10", "doc_id"])  # its link is Word's "Error! Hyperlink reference not valid."
    assert refs.doc_id.notna().sum() == 30  # 36 less the 2 in paragraphs and footnotes 58, 59, 60, 71
