"""Every dataset and column, described once.

The Parquet schemas, the checks made before writing, the data package, the data dictionary
(``docs/datasets.md``, made by ``da-extract docs``) and the README's table of datasets all come
from here: adding a dataset is adding it here (and to ``DATASETS``) and writing its extractor.
Bump ``SCHEMA_VERSION`` whenever a dataset or column changes meaning or type.
"""

from __future__ import annotations

from pipeline.datasets.types import (
    BOOL,
    FLOAT,
    INT,
    INT_LIST,
    SMALL_INT,
    STRING,
    STRING_LIST,
    AcrossYears,
    Column,
    Dataset,
)

# 3.0: joins that cannot go wrong — links.link_id and document_refs.link_id (the link a reference's doc_id
# comes from); a `sector` column beside every `section_id`; figures.whole_value; a column named after a
# dataset refers to it: expected_results.links → link_count, project_mentions.recommendations →
# recommendation_numbers, paragraphs.footnotes → footnote_numbers.
# 2.0: one name, one meaning — footnotes.number → footnote, recommendations.number → recommendation,
# document_refs.number → document_number, kind → section_kind / paragraph_kind / figure_kind,
# project_mentions.list → presented_as, footnotes.paragraph_id → anchor_paragraph_id; every row placed in
# the report has anchor_paragraph_id and section_id. 1.2: figure ids, sources, breakdowns; countries flags.
SCHEMA_VERSION = "3.0"

# Vocabularies, spelt once: the extractors import them from here.
SECTION_KINDS = ("preamble", "part", "sector", "subsection", "annex")
PARAGRAPH_KINDS = ("heading", "paragraph", "list_item", "note")
PROJECT_LISTS = ("completed_evaluated", "ongoing", "approved", "completed", "other")
MENTION_LISTS = ("integrated", "ongoing", "approved", "other")
QUALIFIERS = ("exact", "min", "max", "approx")
FIGURE_KINDS = ("count", "percent", "money", "duration", "share", "multiplier", "other")
UNIT_SOURCES = ("phrase", "sentence", "antecedent", "cited_figure")
REGIONS = (
    "Afrique",
    "région arabe",
    "Asie et Pacifique",
    "Amérique latine et Caraïbes",
    "pays en transition",
    "pays développés",
)


# What identifies a row across years (``across_years``, for the diff): never a paragraph id, a footnote
# number or an offset, which move when a paragraph or a note is added before; the columns that say where
# a row was found (``place_columns``) are positions, compared only between two extractions of one year.
PLACE = ("paragraph_id", "footnote", "anchor_paragraph_id")


# The datasets as a table, one column a line: laid out by hand, not by the formatter.
# fmt: off
def place_columns(what: str) -> tuple[Column, ...]:
    """Where a row was found: a paragraph or a footnote (the other one null), the section, and the
    paragraph it hangs on — its own, or the one citing its footnote — so that every row joins to
    ``paragraphs`` and ``sections`` directly."""
    return (
        Column("paragraph_id", STRING, f"Paragraph holding the {what}; null when it is in a footnote.",
               nullable=True, references="paragraphs.paragraph_id"),
        Column("footnote", SMALL_INT, f"Footnote holding the {what}; null when it is in a paragraph.",
               nullable=True, references="footnotes.footnote"),
        *anchor_columns(f"the {what}"),
    )


def anchor_columns(what: str) -> tuple[Column, Column, Column]:
    """The paragraph a row hangs on, its section and sector: the columns that join every row to them."""
    return (
        Column("anchor_paragraph_id", STRING, f"The paragraph {what} hangs on: the paragraph holding it, or, in "
               "a footnote, the paragraph citing that footnote. Join on it to keep footnote rows; null only "
               "for a footnote no paragraph cites.", nullable=True, references="paragraphs.paragraph_id"),
        Column("section_id", STRING, "Section of that paragraph (`sections.section_id`).", nullable=True,
               references="sections.section_id"),
        sector_column(),
    )


def sector_column() -> Column:
    """The sector a row's section is in, found by walking up the outline: the same column beside every
    ``section_id``, so that rows group by sector without splitting ids."""
    return Column("sector", STRING, "The sector (`I`…`IX`) the section belongs to: the `section_id` of its "
                  "enclosing section of kind `sector` (the section itself, or its parent); null outside the "
                  "sectors (preamble, parts, annexes).", nullable=True, references="sections.section_id")


SECTIONS = Dataset(
    "sections",
    "The report's outline: preamble, top-level parts, the sectors I–IX with their "
    "sub-sections, and the annexes, in document order.",
    key=("section_id",),
    across_years=AcrossYears(("section_id",), positional=("order",)),
    columns=(
        Column("section_id", STRING, "Stable id: `preamble`, the part's name (`introduction`, `conclusion`), "
               "the sector's roman numeral (`IV`), `annex-I`, or `<parent>.<n>` for the n-th sub-section."),
        sector_column(),
        Column("section_kind", STRING, "`preamble`, `part`, `sector`, `subsection` or `annex`.", values=SECTION_KINDS),
        Column("level", SMALL_INT, "1 for top-level sections, 2 for sub-sections.", range=(1, 2)),
        Column("number", STRING, "Roman numeral of a sector or annex (`VII`, `II`).", nullable=True),
        Column("title", STRING, "Heading text, clean; without the sector's numeral. Null for the preamble.",
               nullable=True),
        Column("parent_id", STRING, "`section_id` of the enclosing section (sub-sections only).", nullable=True,
               references="sections.section_id"),
        Column("order", INT, "Position in the document, from 1."),
    ),
    one_row_per="section: preamble, parts, sectors I–IX, sub-sections, annexes",
    summary_column="title",
)

PARAGRAPHS = Dataset(
    "paragraphs",
    "Every paragraph of the report in reading order: headings, body text, list items, "
    "editorial notes and the paragraphs of table cells. Footnote bodies are in `footnotes`.",
    key=("paragraph_id",),
    across_years=AcrossYears(("section_id", "text"), paired_by=("section_id",), positional=(
        "paragraph_id", "order", "list_marker", "footnote_numbers", "table_number", "cell_number")),
    columns=(
        Column("paragraph_id", STRING, "Stable id `<section_id>:<n>`; the section's heading is n = 0, its other "
               "paragraphs count from 1."),
        Column("section_id", STRING, "Section the paragraph belongs to (`sections.section_id`).",
               references="sections.section_id"),
        sector_column(),
        Column("order", INT, "Position in the document, from 1.", range=(1, None)),
        Column("paragraph_kind", STRING, "`heading`, `paragraph`, `list_item` or `note` (an editorial note in "
               "brackets, such as `[Les annexes suivent]`).", values=PARAGRAPH_KINDS),
        Column("list_marker", STRING, "Marker of a list item without its delimiter: `iv` for `iv)`, `a` for "
               "`a)`, `·` for a bullet.", nullable=True),
        Column("text", STRING, "Clean text (see the README's normalisation rules), without the list marker."),
        Column("footnote_numbers", INT_LIST, "Numbers of the footnotes cited, in order of citation "
               "(`footnotes.footnote`)."),
        Column("table_number", SMALL_INT, "For a paragraph in a table: the table's position among the report's "
               "tables, from 1.", nullable=True),
        Column("cell_number", SMALL_INT, "For a paragraph in a table: the cell's position in reading order "
               "among the table's non-empty cells, from 1.", nullable=True),
    ),
    one_row_per="paragraph, heading, list item, note or table-cell paragraph",
    summary_column="text",
)

FOOTNOTES = Dataset(
    "footnotes",
    "Footnotes, each with the paragraph that cites it and where.",
    key=("footnote",),
    across_years=AcrossYears(("section_id", "text"), paired_by=("section_id",),
                             positional=("footnote", "anchor_paragraph_id", "offset")),
    columns=(
        Column("footnote", SMALL_INT, "Footnote number as printed.", range=(1, None)),
        Column("text", STRING, "Clean text of the footnote body; a body over several paragraphs is joined "
               "with single spaces."),
        *anchor_columns("the footnote (its first citation)"),
        Column("offset", INT, "Character offset of the reference in the citing paragraph's `text`: the note "
               "is cited right after `text[:offset]`; null when no reference cites it.", nullable=True,
               range=(0, None)),
    ),
    one_row_per="footnote, with the paragraph and offset that cite it",
    summary_column="text",
)

RECOMMENDATIONS = Dataset(
    "recommendations",
    "Annex I: the Development Agenda's recommendations.",
    key=("recommendation",),
    across_years=AcrossYears(("recommendation",)),
    columns=(
        Column("recommendation", SMALL_INT, "Recommendation number, 1–45.", range=(1, None)),
        Column("starred", BOOL, "Marked `*`: identified by the 2007 General Assembly for immediate implementation."),
        Column("text", STRING, "Full text, clean; a cell's paragraphs on separate lines (`\\n`), list items "
               "with their marker as written (`· …`, `a) …`). Null when the annex gives the header but no text "
               "(a manifest warning names it).", nullable=True),
    ),
    one_row_per="Annex I recommendation, with its `*`",
    summary_column="text",
)

EXPECTED_RESULTS = Dataset(
    "expected_results",
    "Annex I: the expected results of WIPO's medium-term strategic plan that recommendations are linked to.",
    key=("code",),
    across_years=AcrossYears(("code",)),
    columns=(
        Column("code", STRING, "Result code, `<strategic pillar>.<result>` (`4.1`)."),
        Column("text", STRING, "Canonical wording: the one the annex uses most often (ties: the first seen)."),
        Column("variants", STRING_LIST, "Every wording seen in the annex for this code, in order of first "
               "appearance (the canonical one included); more than one is also a manifest warning."),
        Column("link_count", SMALL_INT, "Number of recommendations linked to this result (its rows in "
               "`recommendation_results`).", range=(1, None)),
    ),
    one_row_per="expected result code, with every wording seen",
    summary_column="text",
)

RECOMMENDATION_RESULTS = Dataset(
    "recommendation_results",
    "Annex I: one row per link between a recommendation and an expected result.",
    key=("recommendation", "result_code"),
    across_years=AcrossYears(("recommendation", "result_code"), positional=("position",)),
    columns=(
        Column("recommendation", SMALL_INT, "`recommendations.recommendation`.",
               references="recommendations.recommendation"),
        Column("result_code", STRING, "`expected_results.code`.", references="expected_results.code"),
        Column("position", SMALL_INT, "Order of the result in the recommendation's row, from 1."),
        Column("wording", STRING, "The result's wording as written in this row."),
    ),
    one_row_per="link between a recommendation and an expected result",
    summary_column="wording",
)

PROJECTS = Dataset(
    "projects",
    "Annex II: the Development Agenda projects, by list.",
    key=("project_key",),
    across_years=AcrossYears(("project_key",), positional=("position",)),
    columns=(
        Column("project_key", STRING, "Key made of the title's first significant words and the phase "
               "(`droit-auteur-diffusion-contenu-environnement-numerique-phase-2`)."),
        Column("family_key", STRING, "The phases of one project are one family: the `project_key` of its first "
               "phase (the project's own key when it has one phase)."),
        Column("list", STRING, "`completed_evaluated`, `ongoing`, `approved` (or `completed`), from the wording of "
               "the list's heading; `other` when the heading says none of these (a manifest warning quotes it).",
               values=PROJECT_LISTS),
        Column("position", SMALL_INT, "Position in its list, from 1.", range=(1, None)),
        Column("title", STRING, "Title as written, phase included."),
        Column("phase", SMALL_INT, "Phase stated in the title (`Phase II`, `– phase II` → 2); null when the "
               "title states none.", nullable=True, range=(1, 9)),
    ),
    one_row_per="Annex II project, by list (completed and evaluated, ongoing, approved)",
    summary_column="title",
)

PROJECT_MENTIONS = Dataset(
    "project_mentions",
    "Projects as the body of the report presents them: the items of each sector's `Projets intégrés…` and "
    "`Projets en cours…` sub-sections, and the proposals the CDIP approved, linked to Annex II.",
    key=("paragraph_id",),
    across_years=AcrossYears(("section_id", "title"), positional=("paragraph_id", "marker")),
    columns=(
        Column("paragraph_id", STRING, "The paragraph or list item (`paragraphs.paragraph_id`).",
               references="paragraphs.paragraph_id"),
        Column("section_id", STRING, "Sub-section holding it.", references="sections.section_id"),
        sector_column(),
        Column("presented_as", STRING, "`integrated`, `ongoing` or `approved` (a proposal approved by the CDIP), "
               "from the sub-section or the list that holds it, else from the list of its Annex II project; `other` "
               "when neither tells.", values=MENTION_LISTS),
        Column("marker", STRING, "List marker (`iv`), null for a paragraph.", nullable=True),
        Column("title", STRING, "The project's title as the body writes it."),
        Column("phase", SMALL_INT, "Phase of the project the mention speaks of, where the text tells it "
               "(`phase_certain`); null for a project of one phase, and where the text cannot tell.", nullable=True),
        Column("proposers", STRING_LIST, "Who proposed it, as written (`le Kenya`, `le groupe des pays "
               "africains`); empty when the text does not say."),
        Column("cdip_session", SMALL_INT, "The CDIP session that approved it (`trente et unième` → 31).",
               nullable=True, range=(1, None)),
        Column("recommendation_numbers", INT_LIST, "Recommendations an approved proposal implements "
               "(`recommandations nos 1, 4 et 11` → [1, 4, 11]); empty otherwise."),
        Column("project_key", STRING, "The Annex II project it refers to (`projects.project_key`); null when "
               "none matches (listed in the manifest's warnings). Where Annex II holds several phases and the text "
               "does not tell which (see `phase_certain`), the family's first project.", nullable=True,
               references="projects.project_key"),
        Column("family_key", STRING, "The Annex II project family (`projects.family_key`): all phases of the "
               "project; null when no project matches.", nullable=True),
        Column("phase_certain", BOOL, "Whether the text tells which phase it speaks of: a phase it names "
               "(`la phase II du projet`), the list it sits in, or a title worded as one phase's only. False: "
               "the mention is linked to the family, and `phase` is null. Null when no project matches.",
               nullable=True),
    ),
    one_row_per="project the body presents, with proposers, CDIP session, recommendations, and its Annex II "
                "project",
    summary_column="title",
)

RECOMMENDATION_MENTIONS = Dataset(
    "recommendation_mentions",
    "Every place the running text or a footnote cites recommendations by number "
    "(`recommandation n° 45`, `recommandations nos 19, 30 et 31`): one row per number.",
    key=("paragraph_id", "footnote", "offset", "recommendation"),
    across_years=AcrossYears(("section_id", "recommendation"), positional=(*PLACE, "offset")),
    columns=(
        *place_columns("citation"),
        Column("offset", INT, "Character offset of the citation in the clean text."),
        Column("recommendation", SMALL_INT, "The recommendation cited (`recommendations.recommendation`; a "
               "number the annex does not hold stays, the manifest checks them)."),
        Column("text", STRING, "The citation as written (`recommandations nos 19, 30 et 31`)."),
    ),
    one_row_per="recommendation number cited in the running text",
    summary_column="text",
)

LINKS = Dataset(
    "links",
    "Every URL written in a paragraph or footnote, repaired into a working link. Nothing is fetched.",
    key=("paragraph_id", "footnote", "occurrence"),
    across_years=AcrossYears(("url",), positional=(*PLACE, "occurrence", "link_id")),
    columns=(
        Column("link_id", STRING, "Stable id within the year: the place and the URL's occurrence there "
               "(`II.1:3#1`; `fn18#2` for the second URL of footnote 18). `document_refs.link_id` refers to it."),
        *place_columns("URL"),
        Column("occurrence", SMALL_INT, "Position of the URL among those of its paragraph or footnote, from 1."),
        Column("url", STRING, "Canonical, working URL: scheme, host in lower case, path and query percent-encoded."),
        Column("url_raw", STRING, "The URL as written, U+2011 and trailing punctuation included."),
        Column("target", STRING, "The hyperlink's target as the file stores it (Word's relationship target, "
               "HTML's `href`), to compare with the repaired `url`; null when the file stores none (the text "
               "export never does).", nullable=True),
        Column("host", STRING, "Host name (`www.wipo.int`)."),
        Column("path", STRING, "Path, percent-encoded (`/meetings/fr/doc_details.jsp`)."),
        Column("repairs", STRING_LIST, "Repairs applied, in order: `nonbreaking_hyphen`, `trailing_punctuation`, "
               "`spaces_rejoined`, `glued_split`, `scheme_added`. Empty when the URL was written right."),
        Column("doc_id", INT, "WIPO document id from the query (`doc_id=620128`).", nullable=True),
        Column("meeting_id", INT, "WIPO meeting id from the query (`meeting_id=76488`).", nullable=True),
        Column("publication_id", INT, "WIPO publication id (`/publications/…?id=4681`).", nullable=True),
        Column("language", STRING, "Language of the page: a path segment (`/fr/`, `/en/`) or a `lang`/`ln` "
               "query value, in lower case.", nullable=True),
    ),
    one_row_per="URL written in a paragraph or footnote, repaired into a working link",
    summary_column="url",
)

DOCUMENT_REFS = Dataset(
    "document_refs",
    "WIPO document symbols cited in paragraphs and footnotes (`CDIP/31/4`, `SCCR/43/INF/2`, `WO/GA/55/12`).",
    key=("paragraph_id", "footnote", "occurrence"),
    across_years=AcrossYears(("symbol",), positional=(*PLACE, "occurrence", "link_id")),
    columns=(
        *place_columns("symbol"),
        Column("occurrence", SMALL_INT, "Position of the symbol among those of its paragraph or footnote, from 1."),
        Column("symbol", STRING, "The symbol without revision suffix (`CDIP/31/INF/5`)."),
        Column("body", STRING, "The issuing body or series (`CDIP`, `WO/GA`, `PCT/WG`)."),
        Column("session", SMALL_INT, "Session number."),
        Column("inf", BOOL, "An information document (`/INF/`)."),
        Column("document_number", SMALL_INT, "Document number within the session."),
        Column("suffix", STRING, "Revision, corrigendum or addendum as written after the symbol (`Rev.`).",
               nullable=True),
        Column("doc_id", INT, "`doc_id` of the first link after the symbol in the same text (before the next "
               "symbol), when there is one: the document's page on the WIPO site.", nullable=True),
        Column("link_id", STRING, "The symbol's link (`links.link_id`): the one its `doc_id` comes from, else the "
               "first link after it (before the next symbol) whose file is named after it (`PCT/A/55/2` → "
               "`…/pct_a_55_2.pdf`); null when there is none. Join on (`link_id`, `report_year`): one link a row.",
               nullable=True, references="links.link_id"),
    ),
    one_row_per="WIPO document symbol cited (`CDIP/31/4`), with the `doc_id` and `link_id` of its link",
    summary_column="symbol",
)

FIGURES = Dataset(
    "figures",
    "Every quantity in the running text (paragraphs and list items) and the footnotes, with what it counts. "
    "Not figures: years and dates, document symbols, ordinals, list markers, reference numbers "
    "(`paragraphe 309`, `recommandations nos 4, 10`), numbers in names, URLs and codes; `un`/`une` only where "
    "they count (`un de la région arabe`, `plus d’une langue`), never as articles.",
    key=("paragraph_id", "footnote", "end"),  # the end stays put when a qualifier ("plus de") changes
    across_years=AcrossYears(("section_id", "unit"),
                             positional=("figure_id", *PLACE, "start", "end", "total_figure_id")),
    columns=(
        Column("figure_id", STRING, "Stable id within the year: the place and where the figure ends "
               "(`I.2:1@7`; `fn50@4` in footnote 50)."),
        *place_columns("figure"),
        Column("start", INT, "Offset of the figure's first character in the clean text (qualifier included)."),
        Column("end", INT, "Offset just after the figure (the `%` or `millions` included)."),
        Column("text", STRING, "The figure as written: `plus de 600`, `Quatorze`, `108 292`, `25%`, "
               "`Plus des deux tiers`."),
        Column("value", FLOAT, "The value: `108 292` → 108292, `Vingt-cinq` → 25, `4,8 millions` → 4800000, "
               "`une centaine` → 100; a share as a ratio (`deux tiers` → 0.6667, `la moitié` → 0.5), a multiple "
               "as a factor (`le double` → 2).", range=(0, None)),
        Column("whole_value", INT, "The value when it is a whole number (`108 292` → 108292, `4,8 millions` → "
               "4800000), to count with integers; null for a fraction (`deux tiers`, `2,5%`).", nullable=True),
        Column("unit", STRING, "What is counted: the noun's lemma, singular, with the capital the report writes "
               "mid-sentence (`personne`, `État`, `PME`); a compound whose head alone names something else is "
               "kept whole (`table ronde`, `mise en relation`), otherwise the head (`plans d’activité` → `plan`); "
               "`%` for a percentage; null when the text does not say.", nullable=True),
        Column("unit_text", STRING, "The counted noun as written (`personnes`, `tables rondes`).", nullable=True),
        Column("unit_source", STRING, "Where the counted noun was found: `phrase` (the figure's own phrase: "
               "`Onze de ces projets`), `sentence` (elsewhere in its sentence: `… sont au nombre de 46`), "
               "`antecedent` (a previous sentence: `Douze d’entre elles`), `cited_figure` (a footnote part: the "
               "noun of the figure the note is cited after). Null when `unit` is null or `%`.", nullable=True,
               values=UNIT_SOURCES),
        Column("qualifier", STRING, "`exact`; `min` (plus de, au moins, … et plus); `max` (moins de, jusqu’à, "
               "au maximum); `approx` (environ, quelque, près de, une centaine).", values=QUALIFIERS),
        Column("figure_kind", STRING, "`percent`, `money` (a currency next to it), `duration` (ans, mois, jours…), "
               "`share` (a fraction of what follows), `multiplier` (`le double`), `count` (a counted noun) or "
               "`other`.", values=FIGURE_KINDS),
        Column("sentence", STRING, "The sentence holding the figure, clean."),
        Column("total_figure_id", STRING, "For a part of a breakdown (a footnote listing, by region, the figure it "
               "is cited after; `Parmi ces demandes, neuf …`): the `figure_id` of the total. The manifest checks "
               "that the parts add up.", nullable=True, references="figures.figure_id"),
        Column("category", STRING, "For a part of a breakdown: what the part is, as written (`dans la région "
               "arabe`, `concernaient des marques`).", nullable=True),
        Column("region", STRING, "For a part of a breakdown by WIPO region: the region, normalised "
               "(`Afrique`, `région arabe`, `Asie et Pacifique`, `Amérique latine et Caraïbes`, `pays en "
               "transition`, `pays développés`).", nullable=True, values=REGIONS),
    ),
    one_row_per="quantity in the running text or a footnote, with its value, counted noun, qualifier and, for the "
                "parts of a breakdown, its total",
    summary_column="text",
)

COUNTRIES = Dataset(
    "countries",
    "Every mention of a country in paragraphs and footnotes, from the French gazetteer "
    "`pipeline/data/countries_fr.tsv` (official short forms and the forms WIPO uses; the longest name that "
    "matches), and by nationality adjective.",
    key=("paragraph_id", "footnote", "start"),
    across_years=AcrossYears(("section_id", "iso3"), positional=(*PLACE, "start", "end")),
    columns=(
        *place_columns("country"),
        Column("start", INT, "Offset of the name in the clean text."),
        Column("end", INT, "Offset just after the name."),
        Column("name", STRING, "The name as written (`République-Unie de Tanzanie`, `Türkiye`, `cambodgiens`)."),
        Column("iso3", STRING, "ISO 3166-1 alpha-3 code (`TZA`, `TUR`)."),
        Column("as_adjective", BOOL, "Named by a nationality adjective (`les producteurs cambodgiens`), from "
               "`pipeline/data/demonyms_fr.tsv`; adjectives that name a region or two countries (`africain`, "
               "`congolais`) are not there."),
        Column("in_name", BOOL, "The name is part of the name of an instrument named after a city (`Traité de "
               "Singapour`): the text does not speak of the country. Filter these out to count countries."),
    ),
    one_row_per="country named in a paragraph or footnote (or by a nationality adjective), with its ISO 3166 "
                "alpha-3 code",
    summary_column="name",
)


# Every dataset, once, in the order the data package, the data dictionary and the README's table follow.
DATASETS: dict[str, Dataset] = {d.name: d for d in (
    SECTIONS, PARAGRAPHS, FOOTNOTES, RECOMMENDATIONS, EXPECTED_RESULTS, RECOMMENDATION_RESULTS, PROJECTS,
    PROJECT_MENTIONS, RECOMMENDATION_MENTIONS, LINKS, DOCUMENT_REFS, FIGURES, COUNTRIES)}
# fmt: on
