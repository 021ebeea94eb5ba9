"""The noun a figure counts: in the number's own phrase, or elsewhere in its sentence (the
subject, the noun an adjective agrees with, the antecedent of ``dont``), as spaCy parsed it; and
its unit, the noun's lemma (see ``pipeline.extractors.figures``)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.language.french import fold
from pipeline.language.numbers import Number

NOUN_TAGS = ("NOUN", "PROPN")

# Adjectives that French puts before the noun: "trois nouveaux ateliers" counts ateliers.
BEFORE_NOUN = set(
    "nouveau nouvel nouvelle grand grande petit petite premier premiere dernier derniere autre principal "
    "principale jeune seul seule different differente divers diverse bon bonne meilleur meilleure ancien "
    "ancienne haut haute vrai vraie veritable importante important gros grosse prochain prochaine "
    "precedent precedente courts court long longue".split()
)

OF = {"de", "d’", "d'", "des", "du"}

POSSESSIVES = {"ces", "les", "ses", "leurs", "nos", "vos", "mes", "tes", "ce", "cet", "cette"}

# Compounds whose head alone names something else: the whole is what is counted.
COMPOUNDS = {
    ("table", ("ronde",)): "table ronde",
    ("mise", ("en", "relation")): "mise en relation",
    ("mise", ("en", "œuvre")): "mise en œuvre",
    ("prise", ("de", "conscience")): "prise de conscience",
    ("chef", ("d’", "entreprise")): "chef d’entreprise",
    ("pomme", ("de", "terre")): "pomme de terre",
}

# Where French leaves the counted noun out, the sentence names it elsewhere:
REFERENT_PATTERNS = (
    re.compile(r"^(?:Parmi|Sur)\s+(?:ces|les)\s+(?:[\d ]+\s+)?(?P<noun>[\w-]+)"),  # "Parmi ces demandes, neuf…"
    re.compile(r"\bnombre\s+(?:[a-zé]+\s+)?d(?:e|es|’|')\s*(?P<noun>[a-zA-ZÀ-ÿ-]+)"),  # "le nombre de visiteurs…"
)


@dataclass
class Unit:
    lemma: str
    text: str  # as written
    source: str  # phrase, sentence, antecedent, cited_figure
    gender: str = ""
    after_des: bool = False  # "quatre des dessins": "of the drawings", or an enumeration's "[concernaient] des"


def counted_noun(document, token, number: Number, end: int) -> Unit | None:
    if number.noun:  # "une demi-journée"
        return Unit(number.noun.lower(), number.noun, "phrase")
    if token is None:
        return None
    following = [t for t in document if t.idx >= end][:6]
    while following and base_word(following[0].text) in BEFORE_NOUN:
        following = following[1:]
    after_des = bool(following) and following[0].lower == "des"
    if following and following[0].lower in OF:  # "Onze de ces projets", "neuf des projets", "deux tiers des juges"
        following = following[1:]
        if following and following[0].lower in POSSESSIVES:
            following = following[1:]
        elif not following or following[0].pos != "NOUN" or following[0].text[:1].isupper():
            return None  # "Trois d’Afrique", "deux de la région arabe": where from, not what
    candidate = following[0] if following else None
    if (
        candidate is None
        or candidate.pos not in NOUN_TAGS + ("ADJ",)
        or not is_word(candidate)
        or candidate.lower.endswith("aient")
    ):  # "Dont huit représentaient": a verb the tagger took for a noun
        return None
    unit = unit_of(document, candidate, "phrase")
    unit.after_des = after_des
    return unit


def base_word(word: str) -> str:
    """``nouveaux`` → ``nouveau``, ``premières`` → ``premiere``: to compare with word lists."""
    folded = fold(word)
    return folded[:-1] if folded.endswith(("s", "x")) and len(folded) > 3 else folded


def unit_of(document, noun, source: str) -> Unit:
    compound = compound_of(document, noun)
    if compound:
        return Unit(compound[0], compound[1], source, noun.gender)
    return Unit(lemma_of(document, noun), noun.text, source, noun.gender)


def compound_of(document, noun) -> tuple[str, str] | None:
    head = singular_of(noun.text.lower())
    for (first, rest), lemma in COMPOUNDS.items():
        words = document[noun.i + 1 : noun.i + 1 + len(rest)]
        if head == first and len(words) == len(rest) and all(singular_of(w.lower) == r for w, r in zip(words, rest)):
            return lemma, " ".join([noun.text] + [w.text for w in words]).replace("’ ", "’")
    return None


def singular_of(word: str) -> str:
    return word[:-1] if word.endswith("s") and len(word) > 3 else word


def is_word(token) -> bool:
    """Not an elided article the tagger took for a noun (``d’``, ``l’``)."""
    return token.is_alpha and len(token.text) > 1


FEMININE_ENDINGS = (
    ("euse", "eur"),
    ("rice", "eur"),
    ("ante", "ant"),
    ("ente", "ent"),
    ("ienne", "ien"),
    ("ère", "er"),
    ("ane", "an"),
    ("ine", "in"),
    ("e", ""),
)


def lemma_of(document, token) -> str:
    """The noun's lemma, singular, keeping a feminine noun feminine (``entrepreneuses`` →
    ``entrepreneuse``) and the capital the report writes mid-sentence (``États`` → ``État``)."""
    if token.text.isupper() and len(token.text) > 1:
        return token.text  # an acronym: "PME", "CATI"
    lemma = token.noun_lemma
    text = token.text.lower()
    singular = text[:-1] if text.endswith(("s", "x")) and not lemma.endswith(("s", "x")) else text
    for feminine, masculine in FEMININE_ENDINGS:
        unambiguous = bool(masculine) or "Fem" in token.gender
        if (
            unambiguous
            and singular.endswith(feminine)
            and lemma == singular[: len(singular) - len(feminine)] + masculine
        ):
            lemma = singular
            break
    capitalised = token.text[:1].isupper() and token.i > 0 and document[token.i - 1].text not in ".!?«“"
    return lemma[:1].upper() + lemma[1:] if capitalised else lemma


def as_found_in(unit: Unit | None, source: str) -> Unit | None:
    return Unit(unit.lemma, unit.text, source, unit.gender) if unit is not None else None


def as_found_in_sentence(unit: Unit | None) -> Unit | None:
    return as_found_in(unit, "sentence")


def referent_named_in(text: str, document) -> Unit | None:
    """The noun a sentence names where French leaves it out after the number (``Parmi ces demandes, neuf``)."""
    for pattern in REFERENT_PATTERNS:
        match = pattern.search(text)
        if match:
            token = next((t for t in document if t.text == match.group("noun") and t.pos in NOUN_TAGS), None)
            return unit_of(document, token, "sentence") if token is not None else None
    return None


def antecedent(earlier: list[Unit], gender: str) -> Unit | None:
    """The last noun counted before, of the pronoun's gender (``elles``: feminine)."""
    unit = next((u for u in reversed(earlier) if gender in u.gender), None)
    return as_found_in(unit, "antecedent")


def subject(document) -> Unit | None:
    """The clause's subject; where the parser found none, the sentence's first noun (French puts it first)."""
    nouns = [t for t in document if t.pos in NOUN_TAGS and is_word(t)]
    subject = next((t for t in nouns if t.dep.startswith("nsubj")), nouns[0] if nouns else None)
    return unit_of(document, subject, "sentence") if subject is not None else None


def agreeing_noun(document, number) -> Unit | None:
    """``toutes langues parmi les 10 utilisées``: the closest noun before that the word after agrees with."""
    after = document[number.i + 1] if number.i + 1 < len(document) else None
    if after is None or after.pos not in ("ADJ", "VERB"):
        return None
    for token in reversed(document[: number.i]):
        if token.pos in NOUN_TAGS and is_word(token) and token.gender == after.gender and token.number == after.number:
            return unit_of(document, token, "sentence")
    return None


def relative_antecedent(document) -> Unit | None:
    """``des activités …, dont 20 concernaient …``: the noun the relative clause hangs on."""
    for token in (t for t in document if t.lower == "dont"):
        clause = document[token.head]
        while not clause.dep.startswith("acl") and clause.head != clause.i:
            clause = document[clause.head]
        if clause.dep.startswith("acl") and document[clause.head].pos in NOUN_TAGS:
            return unit_of(document, document[clause.head], "sentence")
    return None
