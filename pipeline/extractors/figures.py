"""Figures: every quantity in the running text and the footnotes, with what it counts.

Numbers are found by rule (``pipeline.language.numbers``); the counted noun comes from the parse
of the sentence (spaCy, run only on sentences that hold a number, each number written
as one digit token first: spaCy would split ``108 292``). Where the counted noun is:

* ``phrase``: in the number's own phrase — the word after it (past adjectives that
  come before nouns: ``trois nouveaux ateliers``), or after ``de``/``des``
  (``Onze de ces projets``, ``neuf des projets``, ``deux tiers des juges``);
* ``sentence``: elsewhere in the sentence — ``Parmi ces demandes, neuf …``,
  ``… sont désormais au nombre de 46`` (the subject), ``… dont 52``, ``les 10
  utilisées`` (the noun the adjective agrees with), or the figure before it
  (``Quatre collections …, deux à …``);
* ``antecedent``: in a previous sentence — ``Douze d’entre elles`` (the last counted
  noun of that gender), a sentence opening with ``Dont huit …``;
* ``cited_figure``: for a footnote that breaks a figure down (``Deux en Afrique, trois
  dans la région arabe …`` cited after ``19 pays``), the figure's noun
  (``pipeline.extractors.breakdowns``, which also links the parts to their total before the
  rows are added).

The unit is the noun's lemma, singular, with its capital where the report writes one
mid-sentence (``États`` → ``État``, ``PME``). A compound whose head alone names
something else is kept whole (``tables rondes`` → ``table ronde``, ``mises en
relation`` → ``mise en relation``); otherwise the head is what is counted (``plans
d’activité`` → ``plan``). ``un``/``une`` is a figure only where it counts: as a pronoun
(``un de la région …``, ``une en Afrique``), qualified (``plus d’une langue``), or in
an enumeration with other numbers (``d’une table ronde …, de trois tables rondes``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.extractors.breakdowns import link_breakdowns
from pipeline.extractors.context import PARSES, extractor
from pipeline.extractors.counted_nouns import (
    OF,
    POSSESSIVES,
    Unit,
    agreeing_noun,
    antecedent,
    as_found_in,
    as_found_in_sentence,
    counted_noun,
    referent_named_in,
    relative_antecedent,
    subject,
)
from pipeline.language.french import fold
from pipeline.language.numbers import Number, find_numbers, find_ones
from pipeline.language.sentences import sentence_spans

DURATION_UNITS = {"an", "annee", "mois", "semaine", "jour", "journee", "heure", "minute", "trimestre", "semestre"}
COORDINATION = re.compile(r"^\s*(?:à|et|ou|-)\s*$")
SEPARATORS = {",", "et", ";", "ainsi"}
ITEM_OPENERS = {"de", "d’", "d'", "à", "au", "aux", "qu’", "qu'", "que"}  # "…, de trois", "ainsi qu’à une"
AFTER_DONT = re.compile(
    r"\bdont\s*$", re.IGNORECASE
)  # "197 inventeurs et PME, dont 52": what the previous figure counts
AMONG_THEM = re.compile(r"^\s*d[’']\s*entre\s+(?P<pronoun>eux|elles)\b", re.IGNORECASE)  # "Douze d’entre elles"
NUMBER_OF = re.compile(r"\bau\s+nombre\s+de\s*$", re.IGNORECASE)  # "… sont au nombre de 46": the subject
ENUMERATED = re.compile(r"(?:,|\bet)\s*$")  # an item of an enumeration: after a comma or "et"
COMPLEMENT = re.compile(r"\bd[e’']\s*$")  # "de 58 pays": a complement of the noun before
DETERMINED = re.compile(r"\b(?:les|ces|des)\s*$", re.IGNORECASE)  # "parmi les 10 utilisées": the noun is elided


@dataclass
class Sentence:
    place: dict  # paragraph_id / footnote / section_id
    start: int
    text: str
    numbers: list[Number]


@extractor(requires=(PARSES,), assigns=("figures",))
def figure_rows(extraction) -> None:
    """Every figure with what it counts; the parts of a breakdown linked to their total."""
    sentences = figure_sentences(extraction)
    inputs = [_parse_input(s) for s in sentences]
    documents = extraction.parse([text for text, _ in inputs])
    rows, earlier = [], {}
    for sentence, document, (_, spans) in zip(sentences, documents, inputs):
        place = (sentence.place["paragraph_id"], sentence.place["footnote"])
        tokens = [_token_at(document, start) for start, _ in spans]
        kept = [i for i, n in enumerate(sentence.numbers) if not n.one or _one_counts(document, tokens, i, sentence)]
        sentence = Sentence(sentence.place, sentence.start, sentence.text, [sentence.numbers[i] for i in kept])
        tokens, spans = [tokens[i] for i in kept], [spans[i] for i in kept]
        units = [
            counted_noun(document, token, number, end)
            for token, number, (_, end) in zip(tokens, sentence.numbers, spans)
        ]
        _share_units_across_ranges(sentence, units)
        _resolve_ellipsis(sentence, document, tokens, units, earlier.setdefault(place, []))
        earlier[place] += [u for u in units if u is not None]
        rows += [_row(sentence, number, unit) for number, unit in zip(sentence.numbers, units)]
    link_breakdowns(rows, extraction)
    extraction.add("figures", rows)


def figure_sentences(extraction) -> list[Sentence]:
    """The sentences of the running text that hold a number: what spaCy has to parse. Found once
    per extraction (a fifth of a second): the prefetch and ``figure_rows`` both need them."""
    if extraction.sentences is None:
        extraction.sentences = [s for place, text in _running_text(extraction) for s in _sentences(place, text)]
    return extraction.sentences


def parse_inputs(extraction) -> list[str]:
    return [_parse_input(s)[0] for s in figure_sentences(extraction)]


def figure_id(row: dict) -> str:
    """``I.2:1@7``, ``fn50@12``: the figure's place and where it ends, stable as the dataset's key is."""
    place = row["paragraph_id"] if row["paragraph_id"] is not None else f"fn{row['footnote']}"
    return f"{place}@{row['end']}"


def _running_text(extraction):
    for placed in extraction.outline.paragraphs:
        if placed.table_number is None and placed.kind in ("paragraph", "list_item"):
            yield extraction.place(paragraph_id=placed.paragraph_id), placed.paragraph.text
    for note in extraction.document.footnotes:
        yield extraction.place(footnote=note.number), note.text


def _sentences(place: dict, text: str) -> list[Sentence]:
    """The sentences with a number; ``un``/``une`` may count beside other numbers, or qualified
    (``plus d’une langue``) anywhere."""
    numbers = find_numbers(text)
    ones = find_ones(text, numbers)
    if not numbers and not any(one.qualifier != "exact" for one in ones):
        return []
    sentences = []
    for start, end in sentence_spans(text):
        inside = [n for n in numbers if start <= n.value_start < end]
        candidates = [o for o in ones if start <= o.value_start < end and (inside or o.qualifier != "exact")]
        if inside or candidates:
            held = sorted(inside + candidates, key=lambda n: n.start)
            sentences.append(Sentence(place, start, text[start:end], held))
    return sentences


def _parse_input(sentence: Sentence) -> tuple[str, list[tuple[int, int]]]:
    """The sentence with each number as one digit token (shares and ``un``/``une`` as written),
    and where each number starts and ends in it."""
    pieces, positions, cursor, length = [], [], 0, 0
    for number in sentence.numbers:
        start, end = number.value_start - sentence.start, number.end - sentence.start
        if number.kind == "percent":
            end = start + len(re.match(r"[\d\s,]+", sentence.text[start:]).group(0).rstrip())
        if number.one or number.kind in ("share", "multiplier") or number.noun:
            token = sentence.text[start:end]
        else:
            token = f"{number.value:.0f}" if float(number.value).is_integer() else f"{number.value}".replace(".", ",")
        pieces.append(sentence.text[cursor:start])
        length += len(pieces[-1])
        positions.append((length, length + len(token)))
        pieces.append(token)
        length += len(token)
        cursor = end
    pieces.append(sentence.text[cursor:])
    return "".join(pieces), positions


def _token_at(document, position: int):
    return next((t for t in document if t.idx == position), None)


# -- "un"/"une" ------------------------------------------------------------------------------


def _one_counts(document, tokens: list, index: int, sentence: Sentence) -> bool:
    """``un``/``une`` counts as a pronoun (``un de la région``), qualified (``plus d’une``), or
    beside other numbers in an enumeration; otherwise it is an article."""
    token, number = tokens[index], sentence.numbers[index]
    if token is None:
        return False
    if number.qualifier != "exact":
        return True
    following = document[token.i + 1 : token.i + 3]
    if not following or following[0].pos == "PUNCT":
        return True
    if following[0].lower in ("des", "d’entre", "d'entre") or (
        following[0].lower in OF and len(following) > 1 and following[1].lower in POSSESSIVES
    ):
        return False  # "une des plateformes", "un de ses partenaires": one picked out
    if following[0].pos == "ADP" or following[0].lower in ("en", "à", "au", "dans", "de", "d’"):
        return True
    return any(
        _enumerated_together(document, token, other)
        for other, n in zip(tokens, sentence.numbers)
        if other is not None and not n.one and n.value >= 2
    )


def _enumerated_together(document, one, other) -> bool:
    """Two numbers in one enumeration: no verb between them, the later one opens an item right
    after a comma or ``et``, and both items open alike (``d’une table ronde …, de trois tables
    rondes et d’un dialogue``; not ``… d’un mentorat et 63 marques devraient …``)."""
    first, last = sorted((one.i, other.i))
    between = document[first + 1 : last]
    if len(between) > 10 or any(t.pos in ("VERB", "AUX") for t in between):
        return False
    opening = list(between)
    while opening and opening[-1].lower in ITEM_OPENERS:
        opening.pop()
    return bool(opening) and opening[-1].lower in SEPARATORS and _opener(document, one) == _opener(document, other)


def _opener(document, number) -> str | None:
    """The preposition an enumeration's item opens with (``d’`` and ``de`` alike), if any."""
    before = document[number.i - 1] if number.i > 0 else None
    if before is None or before.lower not in ITEM_OPENERS:
        return None
    return {"d’": "de", "d'": "de", "au": "à", "aux": "à"}.get(before.lower, before.lower)


# -- nouns the sentence or the text before gives ------------------------------------------------------


def _resolve_ellipsis(sentence: Sentence, document, tokens: list, units: list, earlier: list[Unit]) -> None:
    """Give a counted noun to the numbers whose noun their phrase leaves out."""
    referent = referent_named_in(sentence.text, document)
    previous, elided = None, None
    for i, number in enumerate(sentence.numbers):
        before = sentence.text[: number.start - sentence.start]
        after = sentence.text[number.end - sentence.start :]
        if units[i] is not None and units[i].after_des and elided is not None and ENUMERATED.search(before):
            units[i] = elided  # "dont 20 concernaient des dessins, 28 des marques": still what "dont" counts
        if units[i] is None or (referent is not None and units[i].lemma == "nombre"):
            among = AMONG_THEM.match(after)
            if among:
                units[i] = antecedent(earlier, "Fem" if among.group("pronoun").lower() == "elles" else "Masc")
            elif NUMBER_OF.search(before):
                units[i] = subject(document)
            elif AFTER_DONT.search(before):
                units[i] = as_found_in_sentence(previous or relative_antecedent(document) or referent) or as_found_in(
                    earlier[-1] if earlier else None, "antecedent"
                )
            elif DETERMINED.search(before) and tokens[i] is not None:
                units[i] = agreeing_noun(document, tokens[i])
            if units[i] is None:  # "Quatre collections …, deux à …": the same noun again
                units[i] = as_found_in_sentence(referent or _counted_before(sentence, i, units, number) or previous)
            elided = units[i]
        previous = units[i] if units[i] is not None else previous


def _counted_before(sentence: Sentence, index: int, units: list, number: Number) -> Unit | None:
    """What ``le double`` multiplies: the last figure before it that is not a complement
    (``548 PME de 58 pays …, soit plus du double``: the PME)."""
    if number.kind != "multiplier":
        return None
    for i in range(index - 1, -1, -1):
        before = sentence.text[: sentence.numbers[i].start - sentence.start]
        if units[i] is not None and not COMPLEMENT.search(before):
            return units[i]
    return None


def _share_units_across_ranges(sentence: Sentence, units: list) -> None:
    """``de 28 à 54 pays``, ``deux ou trois modes``: the first number counts what the second does."""
    for i in range(len(units) - 1, 0, -1):
        between = sentence.text[
            sentence.numbers[i - 1].end - sentence.start : sentence.numbers[i].start - sentence.start
        ]
        if units[i - 1] is None and units[i] is not None and COORDINATION.match(between):
            units[i - 1] = units[i]


def _row(sentence: Sentence, number: Number, unit: Unit | None) -> dict:
    lemma = unit.lemma if unit is not None else None
    kind = number.kind or ("duration" if lemma and fold(lemma) in DURATION_UNITS else "count" if lemma else "other")
    if number.kind == "percent":
        lemma, unit = "%", None
    row = {
        **sentence.place,
        "start": number.start,
        "end": number.end,
        "text": number.text,
        "value": number.value,
        "whole_value": int(number.value) if float(number.value).is_integer() else None,
        "unit": lemma,
        "unit_text": unit.text if unit is not None else None,
        "unit_source": unit.source if unit is not None else None,
        "qualifier": number.qualifier,
        "figure_kind": kind,
        "sentence": sentence.text,
        "total_figure_id": None,
        "category": None,
        "region": None,
    }
    return {"figure_id": figure_id(row), **row}
