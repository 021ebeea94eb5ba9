"""Figures and countries of the 2023 report, against every figure labelled by reading the sentences
(tests/samples/figures_2023_labelled.csv, 320 figures: README.txt-style notes in each row)."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from figure_labels import labels, score

from pipeline.extractors.figures import _parse_input, figure_sentences
from pipeline.language.nlp import parse


def test_labels_cover_every_paragraph_and_footnote_with_a_figure(load):
    labelled = labels()
    figures = load("figures")
    assert len(labelled) == 320
    assert set(labelled.paragraph_id.dropna()) == set(figures.paragraph_id.dropna())
    assert set(labelled.footnote.dropna()) == set(figures.footnote.dropna())


def test_precision_and_recall_on_every_figure_of_the_report(load):
    result = score(load("figures"), labels())
    print(result)  # shown with -s; the README quotes it
    assert result.precision >= 0.99 and result.recall >= 0.99, (result.missed, result.wrong)
    assert (round(result.precision, 3), round(result.recall, 3)) == (1.0, 1.0), (result.missed, result.wrong)


def test_every_count_says_what_it_counts(load):
    figures = load("figures")
    assert figures.unit.isna().sum() == 0
    assert set(figures.figure_kind) == {"count", "duration", "percent", "money", "share", "multiplier"}
    assert figures.unit_source.value_counts().to_dict() == {
        "phrase": 266,
        "sentence": 26,
        "cited_figure": 21,
        "antecedent": 1,
    }


def test_counted_nouns_are_nouns_in_their_sentence(extraction_2023):
    """The tagger reads each counted noun of a figure's own phrase as a noun, except two nouns right
    after a number that it takes for adjectives (the place decides: French puts the noun there)."""
    sentences = {s.text: s for s in figure_sentences(extraction_2023)}
    tagged_otherwise = []
    for row in extraction_2023.datasets["figures"]:
        if row["unit_source"] != "phrase" or row["unit"] == "%" or row["text"].startswith("une demi"):
            continue
        tokens = parse([_parse_input(sentences[row["sentence"]])[0]])[0]
        first = row["unit_text"].split()[0]
        if not {t.pos for t in tokens if t.text == first} & {"NOUN", "PROPN"}:
            tagged_otherwise.append((row["figure_id"], row["unit_text"]))
    assert tagged_otherwise == [("IV.1:4@685", "langues"), ("VI.1:3@920", "visites")]


def figure(load, text: str, paragraph_id: str) -> pd.Series:
    figures = load("figures")
    return figures[(figures.text == text) & (figures.paragraph_id == paragraph_id)].iloc[0]


@pytest.mark.parametrize(
    "paragraph_id, text, value, unit, qualifier, kind",
    [
        ("I.2:1", "108 292", 108292, "personne", "exact", "count"),
        ("I.5:2", "Dix", 10, "plan", "exact", "count"),  # "Dix plans d’activité": the head
        ("I.3:1", "trois", 3, "table ronde", "exact", "count"),  # a compound whose head alone is something else
        ("I.2:1", "12", 12, "État", "exact", "count"),  # "États", the capital kept
        ("VI.1:3", "huit", 8, "visite", "exact", "count"),  # not the adjective "bilatérales"
        ("VII.3:1", "Plus des deux tiers", 0.6667, "juge", "min", "share"),
        ("IX.1:1", "environ la moitié", 0.5, "acteur", "approx", "share"),
        ("IV.1:3", "plus du double", 2, "PME", "min", "multiplier"),
        ("IV.2:1", "une demi-journée", 0.5, "journée", "exact", "duration"),
        ("I.3:1", "Plus de 600", 600, "participant", "min", "count"),
        ("I.3:1", "Quatorze", 14, "intervenant", "exact", "count"),
        ("I.7:2", "environ 9000", 9000, "programme", "approx", "count"),
        ("I.7:2", "Vingt-cinq", 25, "module", "exact", "count"),
        ("I.1:2", "plus de 25%", 25, "%", "min", "percent"),
        ("I.5:2", "vingt et une", 21, "entrepreneuse", "exact", "count"),
        ("I.2:1", "20", 20, "langue", "max", "count"),  # "dans 20 langues au maximum"
        ("II.1:2", "4,8 millions", 4_800_000, "demande", "exact", "count"),
        ("IV.1:4", "jusqu’à 20 000", 20000, "dollar", "max", "money"),
        ("VII.4:1", "une centaine", 100, "pays", "approx", "count"),
        ("I.5:4", "six", 6, "mois", "exact", "duration"),
    ],
)
def test_specific_figures(load, paragraph_id, text, value, unit, qualifier, kind):
    row = figure(load, text, paragraph_id)
    assert (row.value, row.unit, row.qualifier, row.figure_kind) == (value, unit, qualifier, kind)


def test_figure_offsets_point_at_the_text(load):
    paragraphs = load("paragraphs").set_index("paragraph_id").text
    for row in load("figures").dropna(subset=["paragraph_id"]).itertuples():
        assert paragraphs[row.paragraph_id][row.start : row.end] == row.text


@pytest.mark.parametrize(
    "paragraph_id, text",
    [
        ("I.3:1", "24"),  # "Le 24 avril 2023"
        ("I.6:1", "28"),  # "du 24 au 28 avril 2023"
        ("I.6:1", "2023"),
        ("VI.4:1", "45"),  # "recommandation n° 45"
        ("VII.5:3", "19"),  # "recommandations nos 19, 30 et 31"
        ("I.3:1", "trente"),  # "trente et unième session"
    ],
)
def test_dates_references_and_ordinals_are_not_figures(load, paragraph_id, text):
    figures = load("figures")
    assert figures[(figures.paragraph_id == paragraph_id) & (figures.text.str.lower() == text)].empty


def test_no_figure_is_a_document_symbol_or_a_year_range(load):
    assert not load("figures").text.str.contains(r"/|\d-\d", regex=True).any()


def test_no_figures_inside_urls(load):
    assert load("figures").query("footnote == 3").empty  # "…doc_id=541373."


@pytest.mark.parametrize(
    "place, text, unit, source",
    [
        ("I.7:9", "Douze", "entreprise", "antecedent"),  # "Trente entreprises … Douze d’entre elles"
        ("VII.5:2", "46", "rapport", "sentence"),  # "Les rapports … sont désormais au nombre de 46"
        ("II.3:3", "10", "langue", "sentence"),  # "toutes langues parmi les 10 utilisées"
        ("footnote 34", "Onze", "projet", "phrase"),  # "Onze de ces projets"
        ("footnote 36", "neuf", "projet", "phrase"),  # "neuf des projets en cours"
        ("footnote 106", "huit", "représentant", "cited_figure"),  # "Dont huit représentaient …"
        ("footnote 50", "Deux", "pays", "cited_figure"),  # "Deux en Afrique", cited after "19 pays"
    ],
)
def test_where_the_counted_noun_was_found(load, place, text, unit, source):
    figures = load("figures")
    at = figures.paragraph_id == place if not place.startswith("footnote") else figures.footnote == int(place[9:])
    row = figures[at & (figures.text == text)].iloc[0]
    assert (row.unit, row.unit_source) == (unit, source)


@pytest.mark.parametrize(
    "place, text, counts",
    [
        ("footnote 61", "un", True),  # "un de la région Asie et Pacifique"
        ("footnote 121", "Une", True),  # "Une en Afrique"
        ("II.3:3", "plus d’une", True),  # "plus d’une langue"
        ("I.3:1", "une", True),  # "d’une table ronde …, de trois tables rondes et d’un dialogue"
        ("I.5:4", "Une", False),  # "Une édition nationale du projet a été mise en place"
        ("V:1", "un", False),  # "un webinaire gratuit a été organisé"
        ("III.1:3", "une", False),  # "une activité … et une activité … ont été réalisées"
    ],
)
def test_un_and_une_are_figures_only_where_they_count(load, place, text, counts):
    figures = load("figures")
    at = figures.paragraph_id == place if not place.startswith("footnote") else figures.footnote == int(place[9:])
    assert (not figures[at & (figures.text == text)].empty) == counts


BREAKDOWNS = {  # footnote: (total, parts by region)
    50: (
        "II.1:1@218",
        {
            "Afrique": 2,
            "région arabe": 3,
            "Asie et Pacifique": 5,
            "Amérique latine et Caraïbes": 6,
            "pays en transition": 3,
        },
    ),
    55: (
        "II.1:3@331",
        {
            "Afrique": 14,
            "région arabe": 16,
            "Asie et Pacifique": 11,
            "Amérique latine et Caraïbes": 9,
            "pays en transition": 17,
        },
    ),
    61: ("III.1:1@241", {"Afrique": 3, "région arabe": 2, "Asie et Pacifique": 1, "pays en transition": 2}),
    70: ("III.1:3@841", {"Amérique latine et Caraïbes": 1, "Afrique": 6}),
    121: (
        "VI.4:1@636",
        {
            "Afrique": 1,
            "région arabe": 2,
            "Asie et Pacifique": 3,
            "Amérique latine et Caraïbes": 2,
            "pays en transition": 3,
        },
    ),
}


def test_regional_breakdowns_link_to_their_totals(load):
    figures = load("figures").set_index("figure_id")
    for note, (total, parts) in BREAKDOWNS.items():
        rows = figures[figures.footnote == note]
        assert rows.total_figure_id.unique().tolist() == [total], note
        assert dict(zip(rows.region, rows.value)) == parts, note
        assert figures.loc[total, "value"] == sum(parts.values())


def test_breakdown_sums_are_checked(extracted_2023):
    checks = json.loads((extracted_2023 / "manifest" / "2023.json").read_text(encoding="utf-8"))["checks"]
    sums = [(c["check"], c["status"]) for c in checks if "add up" in c["check"]]
    assert sums == [
        ("the parts in footnote 50 add up to “19 pays” (II.1:1)", "passed"),
        ("the parts in footnote 55 add up to “67 activités” (II.1:3)", "passed"),
        ("the parts in footnote 61 add up to “huit pays” (III.1:1)", "passed"),
        ("the parts in footnote 70 add up to “sept États” (III.1:3)", "passed"),
        ("the parts in footnote 121 add up to “Onze activités” (VI.4:1)", "passed"),
        ("the parts in III.1:1 add up to “18 demandes” (III.1:1)", "passed"),
    ]


def test_elided_counted_nouns_are_recovered(load):
    by_text = load("figures").query("paragraph_id == 'III.1:1'").set_index("text").unit
    assert by_text["neuf"] == "demande"  # "Parmi ces demandes, neuf concernaient…"
    assert by_text["28"] == "activité"  # "activités …, dont 20 concernaient …, 28 des marques"
    visitors = load("figures").query("paragraph_id == 'VII.5:6' and text == '80 885'").iloc[0]
    assert visitors.unit == "visiteur"  # "Le nombre de visiteurs … passant de 53 262 à 80 885"


def test_countries_named_with_iso_codes(load):
    countries = load("countries")
    names = countries.drop_duplicates("name").set_index("name").iso3
    assert names["République-Unie de Tanzanie"] == "TZA"
    assert names["Türkiye"] == "TUR"
    assert names["Viet Nam"] == "VNM"
    assert names["Sao Tomé-et-Principe"] == "STP"
    assert names["République islamique d’Iran"] == "IRN"
    assert names["République démocratique du Congo"] == "COD"
    assert names["El Salvador"] == "SLV"
    assert (len(countries), countries.iso3.nunique()) == (333, 108)
    assert (countries.as_adjective.sum(), countries.in_name.sum()) == (18, 2)


def test_a_treaty_named_after_a_city_is_not_the_country(load):
    countries = load("countries")
    assert countries[countries.in_name].name.tolist() == ["Singapour", "Singapour"]  # "Traité de Singapour", twice
    assert len(countries.query("iso3 == 'SGP' and not in_name")) == 5  # Singapore the country


def test_the_longest_official_name_is_kept(load):
    assert load("countries").query("iso3 == 'SYR'").name.tolist() == ["République arabe de Syrie"]


def test_nationality_adjectives_name_countries(load):
    adjectives = load("countries").query("paragraph_id == 'III.1:3' and as_adjective")
    assert list(zip(adjectives.name, adjectives.iso3)) == [
        ("cambodgiens", "KHM"),
        ("chiliens", "CHL"),
        ("mexicains", "MEX"),
        ("sénégalais", "SEN"),
        ("togolais", "TGO"),
    ]


def test_languages_are_not_nationalities(load):
    assert load("countries").query("footnote in (101, 123)").empty  # "Allemand, anglais, arabe, chinois …"


def test_footnote_27_lists_25_countries(load):
    countries = load("countries").query("footnote == 27")
    assert countries.iso3.nunique() == 25
    assert list(countries.iso3[:3]) == ["ZAF", "BWA", "BDI"]


def test_country_count_cross_checks(extracted_2023):
    checks = json.loads((extracted_2023 / "manifest" / "2023.json").read_text(encoding="utf-8"))["checks"]
    listed = [c for c in checks if "countries listed" in c["check"]]
    country_checks = {c["where"]: (c["expected"], c["found"], c["ok"]) for c in listed}
    assert country_checks["I.5:4"] == (25, 25, True)  # 30 entrepreneuses de 25[27] pays
    assert country_checks["I.7:2"] == (15, 15, True)  # dans 15 États membres[33]
    assert country_checks["footnote 7"] == (10, 10, True)  # Dix pays ont bénéficié… : …
    assert len(listed) == 9 and all(c["ok"] for c in listed)
