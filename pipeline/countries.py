"""Countries named in paragraphs and footnotes, with their ISO 3166 alpha-3 code,
from the French gazetteer ``data/countries_fr.tsv`` (longest name first, so that
``République démocratique du Congo`` is not read as ``Congo``).

Also the cross-check of figures that count countries against the countries
listed in the footnote attached to them.
"""

from __future__ import annotations

import csv
import re
from functools import lru_cache
from importlib import resources

from pipeline.french import fold

COUNTRY_UNITS = {"pays", "etat", "economie", "territoire", "nation"}
MIN_LISTED = 2  # a footnote naming fewer countries is not a list to compare with


@lru_cache(maxsize=1)
def gazetteer() -> tuple[re.Pattern, dict[str, str]]:
    codes: dict[str, str] = {}
    with resources.files("pipeline.data").joinpath("countries_fr.tsv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            key = _key(row["name"])
            if codes.get(key, row["iso3"]) != row["iso3"]:
                raise ValueError(f"countries_fr.tsv: {row['name']!r} names both {codes[key]} and {row['iso3']}")
            codes[key] = row["iso3"]
    names = sorted(codes, key=len, reverse=True)
    alternation = "|".join(re.escape(n).replace("’", "[’']") for n in names)
    return re.compile(rf"(?<![\w-])(?:{alternation})(?![\w-])"), codes


def find_countries(text: str) -> list[tuple[int, int, str, str]]:
    """(start, end, name as written, ISO alpha-3) for each country named in ``text``."""
    pattern, codes = gazetteer()
    return [(m.start(), m.end(), m.group(0), codes[_key(m.group(0))]) for m in pattern.finditer(text)]


def _key(name: str) -> str:
    return name.replace("'", "’")


def country_rows(extraction) -> None:
    extraction.add("countries", [row for where, text in extraction.texts() for row in _rows(text, where)])


def _rows(text: str, where: dict) -> list[dict]:
    return [{**where, "start": start, "end": end, "name": name, "iso3": code}
            for start, end, name, code in find_countries(text)]


def country_count_checks(extraction) -> None:
    """``25[27] pays``, ``dans 15 États membres[33]``, a footnote's ``Dix pays … : A, B, …``."""
    notes = {n.number: n.text for n in extraction.document.footnotes}
    paragraphs = {p.paragraph_id: p.paragraph for p in extraction.outline.paragraphs}
    for figure in extraction.datasets["figures"]:
        if not figure["unit"] or fold(figure["unit"]) not in COUNTRY_UNITS:
            continue
        if figure["footnote"] is not None:
            number, listed_in = figure["footnote"], notes[figure["footnote"]][figure["end"]:]
        else:
            number = _attached_footnote(paragraphs[figure["paragraph_id"]], figure)
            listed_in = notes.get(number, "")
        listed = {code for *_, code in find_countries(listed_in)}
        if len(listed) >= MIN_LISTED:
            place = figure["paragraph_id"] or f"footnote {figure['footnote']}"
            extraction.check(f"“{figure['text']} {figure['unit_text']}” ({place}) = countries listed in footnote "
                             f"{number}", int(figure["value"]), len(listed), place)


def _attached_footnote(paragraph, figure: dict) -> int | None:
    """The first footnote cited between the figure and the end of its sentence."""
    sentence_end = figure["start"] + len(figure["sentence"]) - figure["sentence"].find(figure["text"])
    refs = [r for r in paragraph.footnote_refs if figure["start"] <= r.offset <= sentence_end]
    return refs[0].number if refs else None
