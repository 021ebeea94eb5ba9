"""Figures: every quantity in the running text and the footnotes, with what it counts.

Numbers are found by rule (``pipeline.numbers``); the counted noun comes from
spaCy's parse of the sentence, run only on sentences that hold a number, with
each number written as one digit token first (spaCy would split ``108 292``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.french import fold
from pipeline.nlp import parse
from pipeline.numbers import Number, find_numbers

SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[A-ZÀ-Ý0-9“«(])")
DURATION_UNITS = {"an", "annee", "mois", "semaine", "jour", "heure", "minute", "trimestre", "semestre"}
NOUN_TAGS = ("NOUN", "PROPN")
SKIPPED_BEFORE_NOUN = ("ADJ",)  # never a determiner: "deux la stratégie" is elliptical
COORDINATION = re.compile(r"^\s*(?:à|et|ou|-)\s*$")
OF_PHRASE = re.compile(r"(?:millions?|milliards?|aine|millier)$")  # "4,8 millions de demandes": the noun follows "de"
# Where French leaves the counted noun out, the sentence names it elsewhere:
REFERENT_PATTERNS = (
    re.compile(r"^(?:Parmi|Sur)\s+(?:ces|les)\s+(?:[\d ]+\s+)?(?P<noun>[\w-]+)"),  # "Parmi ces demandes, neuf…"
    re.compile(r"\bnombre\s+(?:[a-zé]+\s+)?d(?:e|es|’|')\s*(?P<noun>[a-zA-ZÀ-ÿ-]+)"),  # "le nombre de visiteurs…"
)
AFTER_DONT = re.compile(r"\bdont\s*$")  # "197 inventeurs et PME, dont 52": what the previous figure counts


@dataclass
class Sentence:
    place: dict  # paragraph_id / footnote / section_id
    start: int
    text: str
    numbers: list[Number]


def figure_rows(extraction) -> None:
    sentences = figure_sentences(extraction)
    inputs = [_parse_input(s) for s in sentences]
    documents = parse([text for text, _ in inputs], cache=extraction.cache)
    rows = []
    for sentence, document, (_, positions) in zip(sentences, documents, inputs):
        units = [_counted_noun(document, position, bool(OF_PHRASE.search(number.text)))
                 for number, position in zip(sentence.numbers, positions)]
        _share_units_across_ranges(sentence, units)
        _resolve_ellipsis(sentence, document, units)
        rows += [_row(sentence, number, unit) for number, unit in zip(sentence.numbers, units)]
    extraction.add("figures", rows)


def figure_sentences(extraction) -> list[Sentence]:
    """The sentences of the running text that hold a number: what spaCy has to parse. Found once
    per extraction (a fifth of a second): the prefetch and ``figure_rows`` both need them."""
    if extraction.sentences is None:
        extraction.sentences = [s for place, text in _running_text(extraction) for s in _sentences(place, text)]
    return extraction.sentences


def parse_inputs(extraction) -> list[str]:
    return [_parse_input(s)[0] for s in figure_sentences(extraction)]


def _running_text(extraction):
    for placed in extraction.outline.paragraphs:
        if placed.table_number is None and placed.kind in ("paragraph", "list_item"):
            yield ({"paragraph_id": placed.paragraph_id, "footnote": None, "section_id": placed.section_id},
                   placed.paragraph.text)
    sections = {p.paragraph_id: p.section_id for p in extraction.outline.paragraphs}
    citing = {r.number: p.paragraph_id for p in extraction.outline.paragraphs for r in p.paragraph.footnote_refs}
    for note in extraction.document.footnotes:
        yield ({"paragraph_id": None, "footnote": note.number, "section_id": sections.get(citing.get(note.number))},
               note.text)


def _sentences(place: dict, text: str) -> list[Sentence]:
    numbers = find_numbers(text)
    if not numbers:
        return []
    bounds = [0] + [m.end() for m in SENTENCE_END.finditer(text)] + [len(text)]
    sentences = []
    for start, end in zip(bounds, bounds[1:]):
        inside = [n for n in numbers if start <= n.value_start < end]
        if inside:
            sentences.append(Sentence(place, start, text[start:end].rstrip(), inside))
    return sentences


def _parse_input(sentence: Sentence) -> tuple[str, list[int]]:
    """The sentence with each number as one digit token, and where each token starts."""
    pieces, positions, cursor, length = [], [], 0, 0
    for number in sentence.numbers:
        start, end = number.value_start - sentence.start, number.end - sentence.start
        if number.kind == "percent":
            end = start + len(re.match(r"[\d\s,]+", sentence.text[start:]).group(0).rstrip())
        pieces.append(sentence.text[cursor:start])
        length += len(pieces[-1])
        token = f"{number.value:.0f}" if float(number.value).is_integer() else f"{number.value}".replace(".", ",")
        positions.append(length)
        pieces.append(token)
        length += len(token)
        cursor = end
    pieces.append(sentence.text[cursor:])
    return "".join(pieces), positions


def _counted_noun(document, position: int, of_phrase: bool):
    token = next((t for t in document if t.idx == position), None)
    if token is None:
        return None
    head = document[token.head]
    between = document[token.i + 1:head.i]
    if token.dep == "nummod" and head.pos in NOUN_TAGS + ("ADJ",) and head.i > token.i and _is_word(head) \
            and all(t.pos in SKIPPED_BEFORE_NOUN for t in between):
        return head  # ADJ: the tagger sometimes mistakes a plural noun ("80 langues")
    following = document[token.i + 1:token.i + 5]
    if of_phrase and following and following[0].lower in ("de", "d’", "d'"):
        following = following[1:]
    for candidate in following:
        if candidate.pos in NOUN_TAGS and _is_word(candidate):
            return candidate
        if candidate.pos not in SKIPPED_BEFORE_NOUN:
            break
    return None


def _is_word(token) -> bool:
    """Not an elided article the tagger took for a noun (``d’``, ``l’``)."""
    return token.is_alpha and len(token.text) > 1


def _resolve_ellipsis(sentence: Sentence, document, units: list) -> None:
    """Give a counted noun to the numbers whose noun the sentence leaves out."""
    referent = None
    for pattern in REFERENT_PATTERNS:
        match = pattern.search(sentence.text)
        if match:
            referent = next((t for t in document if t.text == match.group("noun") and t.pos in NOUN_TAGS), None)
            break
    previous = None
    for i, number in enumerate(sentence.numbers):
        if units[i] is None or (referent is not None and units[i].lower == "nombre"):
            if AFTER_DONT.search(sentence.text[:number.start - sentence.start]):
                referent = previous or _relative_antecedent(document, units, i) or referent
            units[i] = referent or previous  # "Quatre collections …, deux à …": the same noun again
        previous = units[i] if units[i] is not None else previous


def _relative_antecedent(document, units: list, index: int):
    """``des activités …, dont 20 concernaient …``: the noun the relative clause hangs on."""
    for token in (t for t in document if t.lower == "dont"):
        clause = document[token.head]
        while not clause.dep.startswith("acl") and clause.head != clause.i:
            clause = document[clause.head]
        if clause.dep.startswith("acl") and document[clause.head].pos in NOUN_TAGS:
            return document[clause.head]
    return None


def _share_units_across_ranges(sentence: Sentence, units: list) -> None:
    """``de 28 à 54 pays``, ``deux ou trois modes``: the first number counts what the second does."""
    for i in range(len(units) - 1, 0, -1):
        between = sentence.text[sentence.numbers[i - 1].end - sentence.start:sentence.numbers[i].start - sentence.start]
        if units[i - 1] is None and units[i] is not None and COORDINATION.match(between):
            units[i - 1] = units[i]


def _row(sentence: Sentence, number: Number, unit) -> dict:
    lemma = _lemma(unit) if unit is not None else None
    kind = number.kind or ("duration" if lemma and fold(lemma) in DURATION_UNITS else "count" if lemma else "other")
    if number.kind == "percent":
        lemma, unit = "%", None
    return {
        **{k: sentence.place[k] for k in ("paragraph_id", "footnote", "section_id")},
        "start": number.start,
        "end": number.end,
        "text": number.text,
        "value": number.value,
        "unit": lemma,
        "unit_text": unit.text if unit is not None else None,
        "qualifier": number.qualifier,
        "kind": kind,
        "sentence": sentence.text,
    }


FEMININE_ENDINGS = (("euse", "eur"), ("rice", "eur"), ("ante", "ant"), ("ente", "ent"), ("ienne", "ien"),
                    ("ère", "er"), ("ane", "an"), ("ine", "in"), ("e", ""))


def _lemma(token) -> str:
    """The noun's lemma, keeping a feminine noun feminine (``entrepreneuses`` → ``entrepreneuse``)."""
    if token.pos == "PROPN" or token.text.isupper():
        return token.text
    lemma = (token.lemma if token.pos == "NOUN" else token.noun_lemma).lower()
    text = token.text.lower()
    singular = text[:-1] if text.endswith(("s", "x")) and not lemma.endswith(("s", "x")) else text
    for feminine, masculine in FEMININE_ENDINGS:
        unambiguous = bool(masculine) or "Fem" in token.gender
        if unambiguous and singular.endswith(feminine) and lemma == singular[:len(singular) - len(feminine)] + masculine:
            return singular
    return lemma
