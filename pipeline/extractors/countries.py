"""Countries named in paragraphs and footnotes, with their ISO 3166 alpha-3 code,
from the French gazetteer ``data/countries_fr.tsv`` (longest name first, so that
``République démocratique du Congo`` is not read as ``Congo``, nor ``République arabe
de Syrie`` as ``Syrie``), and nationality adjectives from ``data/demonyms_fr.tsv``
(``les producteurs cambodgiens``), flagged ``as_adjective``. A name inside the name of
an instrument named after a city (``Traité de Singapour``) is flagged ``in_name``: it is
not the country.

Also the cross-check of figures that count countries against the countries
listed in the footnote attached to them.
"""

from __future__ import annotations

import csv
import re
from dataclasses import asdict, dataclass
from functools import lru_cache
from importlib import resources

from pipeline.extractors.context import extractor
from pipeline.language.french import fold

COUNTRY_UNITS = {"pays", "etat", "economie", "territoire", "nation"}
MIN_LISTED = 2  # a footnote naming fewer countries is not a list to compare with
# "Traité de Singapour", "Déclaration de Doha": instruments named after the city where they were made.
INSTRUMENT_BEFORE = re.compile(
    r"\b(?:Traité|Convention|Arrangement|Protocole|Acte|Accord|Déclaration|Pacte|"
    r"Charte|Programme|Stratégie|Consensus)\s+(?:de|d[’'])\s*$"
)
NOT_QUALIFIED = {
    "le",
    "la",
    "les",
    "du",
    "de",
    "des",
    "en",
    "au",
    "aux",
    "et",
    "ou",
    "un",
    "une",
    "version",
    "versions",
    "langue",
    "langues",
    "traduction",
    "traductions",
    "traduit",
    "traduits",
    "traduite",
    "traduites",
}
PREVIOUS_WORD = re.compile(r"(?P<word>[\w’'-]+)(?P<separator>\s*(?:,|\bet\b|\bou\b))?\s*$")
LANGUAGES = set(
    "anglais arabe francais espagnol russe chinois allemand italien japonais portugais coreen finnois "
    "neerlandais suedois turc hindi swahili hebreu grec polonais".split()
)  # folded
LOOK_BACK = 60  # characters before a name that say what it is part of
DEMONYM_FORMS = ("masculine", "feminine", "masculine_plural", "feminine_plural")


@dataclass
class Mention:
    start: int
    end: int
    name: str  # as written
    iso3: str
    as_adjective: bool = False
    in_name: bool = False


@lru_cache(maxsize=1)
def gazetteer() -> tuple[re.Pattern, dict[str, str]]:
    codes = _lexicon("countries_fr.tsv", lambda row: [row["name"]])
    return _alternation(codes, case_sensitive=True), codes


@lru_cache(maxsize=1)
def demonyms() -> tuple[re.Pattern, dict[str, str]]:
    codes = _lexicon("demonyms_fr.tsv", lambda row: [row[form] for form in DEMONYM_FORMS])
    return _alternation(codes, case_sensitive=False), codes


def _lexicon(name: str, forms) -> dict[str, str]:
    """Form → ISO alpha-3 from one of the data files; a form naming two countries is an error in the file."""
    codes: dict[str, str] = {}
    with resources.files("pipeline.data").joinpath(name).open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            for form in forms(row):
                key = _key(form)
                if codes.get(key, row["iso3"]) != row["iso3"]:
                    raise ValueError(f"{name}: {form!r} names both {codes[key]} and {row['iso3']}")
                codes[key] = row["iso3"]
    return codes


def _alternation(codes: dict[str, str], case_sensitive: bool) -> re.Pattern:
    return re.compile(rf"(?<![\w-])(?:{_trie(codes)})(?![\w-])", 0 if case_sensitive else re.IGNORECASE)


def _trie(names) -> str:
    """The names as one pattern with their common beginnings written once: an alternation of
    hundreds of names is tried name by name at every character of the text, a trie letter by
    letter. At each letter the longer names are tried first, so that "République arabe de Syrie"
    is not read as "République arabe"."""
    root: dict = {}
    for name in names:
        node = root
        for character in name:
            node = node.setdefault(character, {})
        node[""] = {}

    def pattern(node: dict) -> str:
        branches = [("[’']" if c == "’" else re.escape(c)) + pattern(child) for c, child in sorted(node.items()) if c]
        if not branches:
            return ""
        if len(branches) == 1 and "" not in node:
            return branches[0]
        return f"(?:{'|'.join(branches)})" + ("?" if "" in node else "")

    return pattern(root)


def find_countries(text: str) -> list[Mention]:
    """Every country named in ``text``: by its name, flagged when inside an instrument's name, and
    by a nationality adjective (``cambodgiens``), flagged as such."""
    pattern, codes = gazetteer()
    named = [
        Mention(
            m.start(),
            m.end(),
            m.group(0),
            codes[_key(m.group(0))],
            in_name=bool(INSTRUMENT_BEFORE.search(text[max(0, m.start() - LOOK_BACK) : m.start()])),
        )
        for m in pattern.finditer(text)
    ]
    pattern, codes = demonyms()
    adjectives = [
        Mention(m.start(), m.end(), m.group(0), codes[_key(m.group(0).lower())], as_adjective=True)
        for m in pattern.finditer(text)
        if _qualifies_a_noun(text, m)
    ]
    return sorted(
        named + [a for a in adjectives if not any(n.start <= a.start < n.end for n in named)],
        key=lambda mention: mention.start,
    )


def _qualifies_a_noun(text: str, match) -> bool:
    """A nationality adjective follows the noun it qualifies (``producteurs cambodgiens``), also
    through an enumeration (``producteurs cambodgiens, chiliens et mexicains``). After an article
    or a preposition it is a language (``en français``), in a list of languages a language
    (``en anglais, portugais et espagnol``), capitalised a person (``les Chiliens``)."""
    if match.group(0)[:1].isupper():
        return False
    start = match.start()
    while (previous := PREVIOUS_WORD.search(text[max(0, start - LOOK_BACK) : start])) is not None:
        word = previous.group("word")
        if not (previous.group("separator") and _adjective_or_language(word)):
            return fold(word) not in NOT_QUALIFIED and not word.endswith(("’", "'"))
        if fold(word) in LANGUAGES or word[:1].isupper():
            return False
        start -= len(previous.group(0))
    return False


def _adjective_or_language(word: str) -> bool:
    return fold(word) in LANGUAGES or _key(word.lower()) in demonyms()[1]


def _key(name: str) -> str:
    return name.replace("'", "’")


@extractor(assigns=("countries",))
def country_rows(extraction) -> None:
    extraction.add(
        "countries",
        [{**where, **asdict(mention)} for where, text in extraction.texts() for mention in find_countries(text)],
    )


@extractor(requires=("figures",))
def country_count_checks(extraction) -> None:
    """``25[27] pays``, ``dans 15 États membres[33]``, a footnote's ``Dix pays … : A, B, …``."""
    notes = {n.number: n.text for n in extraction.document.footnotes}
    paragraphs = {p.paragraph_id: p.paragraph for p in extraction.outline.paragraphs}
    for figure in extraction.datasets["figures"]:
        if not figure["unit"] or fold(figure["unit"]) not in COUNTRY_UNITS:
            continue
        if figure["footnote"] is not None:
            number, listed_in = figure["footnote"], notes[figure["footnote"]][figure["end"] :]
        else:
            number = _attached_footnote(paragraphs[figure["paragraph_id"]], figure)
            listed_in = notes.get(number, "")
        listed = {m.iso3 for m in find_countries(listed_in) if not (m.as_adjective or m.in_name)}
        if len(listed) >= MIN_LISTED:
            place = figure["paragraph_id"] or f"footnote {figure['footnote']}"
            extraction.check(
                f"“{figure['text']} {figure['unit_text']}” ({place}) = countries listed in footnote {number}",
                int(figure["value"]),
                len(listed),
                place,
            )


def _attached_footnote(paragraph, figure: dict) -> int | None:
    """The first footnote cited between the figure and the end of its sentence."""
    sentence_end = figure["start"] + len(figure["sentence"]) - figure["sentence"].find(figure["text"])
    refs = [r for r in paragraph.footnote_refs if figure["start"] <= r.offset <= sentence_end]
    return refs[0].number if refs else None
