"""Quantities in French running text, found by rule.

A quantity is a number written in digits (``108 292``, ``2321``, ``1,5``, ``25 %``)
or in words (``Quatorze``, ``vingt et une``, ``Vingt-cinq``), with what stands just
before it (``plus de``, ``environ``, a currency) and after it (``%``, ``millions``).

Shares and multiples are quantities too: ``la moitié``, ``deux tiers`` (value 2/3),
``le double`` (value 2), ``une demi-journée`` (0.5), and ``des milliers`` (at least 1000).

Numbers that are not quantities are left out here, each by a rule:
years and dates, numbers glued to letters, hyphens or slashes (``COVID-19``,
``CDIP/31/4``, ``2022-2026``), ordinals (``1er``, ``trentième``), codes with a
point (``8.3``), numbers after a reference word (``paragraphe 309``, ``nos 4, 10``,
``ODD 9``). ``un``/``une`` are articles far more often than numbers: ``find_ones``
gives them apart, as candidates the parser decides on (``pipeline.extractors.figures``), which
also finds the counted noun.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from text_to_num import text2num

from pipeline.language.french import STOPWORDS, fold

MONTHS = "janvier février fevrier mars avril mai juin juillet août aout septembre octobre novembre décembre decembre"
MONTH = rf"(?:{'|'.join(MONTHS.split())})"
NUMBER_WORDS = set(
    "zéro deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze quinze seize vingt vingts "
    "trente quarante cinquante soixante septante huitante octante nonante cent cents mille million millions "
    "milliard milliards un une".split()
)
SCALES = {"million": 1e6, "millions": 1e6, "milliard": 1e9, "milliards": 1e9}
# "une centaine de pays": about a hundred.
APPROXIMATE_NOUNS = {
    "dizaine": 10,
    "douzaine": 12,
    "quinzaine": 15,
    "vingtaine": 20,
    "trentaine": 30,
    "quarantaine": 40,
    "cinquantaine": 50,
    "soixantaine": 60,
    "centaine": 100,
    "millier": 1000,
}
APPROXIMATE = re.compile(
    rf"\b(?P<article>une|la|des)\s+(?P<noun>{'|'.join(APPROXIMATE_NOUNS)})(?P<plural>s)?\b", re.IGNORECASE
)
# "la moitié", "deux tiers", "trois quarts": a share of what follows; "le double": a multiple.
PARTS = {"tiers": 3, "quart": 4, "quarts": 4, "cinquième": 5, "cinquièmes": 5, "dixième": 10, "dixièmes": 10}
SHARE = re.compile(
    rf"\b(?:(?:la|une)\s+(?P<half>moitié)|(?P<count>un|deux|trois|quatre|neuf|\d+)\s+"
    rf"(?P<part>{'|'.join(PARTS)}))\b",
    re.IGNORECASE,
)
TIMES = {"double": 2, "triple": 3, "quadruple": 4}
MULTIPLE = re.compile(rf"(?<=\b(?:le|du) )(?P<times>{'|'.join(TIMES)})\b", re.IGNORECASE)
HALF = re.compile(r"\b(?:une?)\s+demi-(?P<noun>[a-zà-ÿ]+)", re.IGNORECASE)  # "une demi-journée"
ONE = re.compile(r"(?<![\w-])(?:un|une|Un|Une)(?![\w’'-])")
PICKED_OUT = re.compile(r"[lL][’']\s*$")  # "l’une des plateformes" picks one out: never a count
DIGITS = re.compile(r"(?<![\w/.,\-])(?P<number>\d{1,3}(?: \d{3})+(?!\d)|\d+)(?:,(?P<decimals>\d+))?(?![\w/\-])(?!\.\d)")
WORD = re.compile(r"[A-Za-zÀ-ÿ]+(?:-[A-Za-zÀ-ÿ]+)*")
SCALE_AFTER = re.compile(r"^\s+(?P<scale>millions?|milliards?)\b")
PERCENT_AFTER = re.compile(r"^\s?(?:%|pour\s?cent\b)")
CURRENCY = r"(?:CHF|USD|EUR|US\$|\$|€|£|francs?\s+suisses?|dollars?(?:\s+des\s+États-Unis)?|euros?)"
CURRENCY_BEFORE = re.compile(rf"{CURRENCY}\s*$")
CURRENCY_AFTER = re.compile(rf"^\s*(?:millions?\s+|milliards?\s+)?(?:d[e’']\s*)?{CURRENCY}")
QUALIFIERS_BEFORE = (
    (
        "min",
        re.compile(
            r"\b(?:plus\s+d(?:es?|u|[’'])|au\s+moins|au\s+minimum|pas\s+moins\s+d[e’']|supérieure?s?\s+à|"
            r"dépassant)\s*$",
            re.I,
        ),
    ),
    (
        "max",
        re.compile(
            r"\b(?:moins\s+d[e’']|jusqu[’']à|au\s+maximum|au\s+plus|maximum\s+d[e’']|"
            r"inférieure?s?\s+à)\s*$",
            re.I,
        ),
    ),
    (
        "approx",
        re.compile(
            r"\b(?:environ|quelque|près\s+d[e’']|approximativement|presque|autour\s+d[e’']|"
            r"de\s+l[’']ordre\s+d[e’'])\s*$",
            re.I,
        ),
    ),
)
QUALIFIERS_AFTER = (
    ("max", re.compile(r"^(?:\s+[\w-]+){0,2}\s+au\s+(?:maximum|plus)\b")),
    ("min", re.compile(r"^(?:\s+[\w-]+){0,2}\s+(?:au\s+(?:minimum|moins)|et\s+plus)\b")),
)
REFERENCE_WORDS = (
    r"(?:\b(?:paragraphes?|articles?|points?|sections?|annexes?|chapitres?|pages?|alinéas?|règles?|"
    r"ODD|objectifs?|recommandations?|résolutions?|décisions?|sessions?|numéros?|nos?|version|"
    r"niveau|catégorie|classe|lot|phase|projet)|n[°º]s?)"
)
REFERENCE_BEFORE = re.compile(rf"{REFERENCE_WORDS}\s*$", re.IGNORECASE)
REFERENCE_LIST_BEFORE = re.compile(rf"{REFERENCE_WORDS}\s+(?:\d+\s*(?:,|et)\s*)+$", re.IGNORECASE)
ORDINAL_AFTER = re.compile(r"^(?:\s+et\s+|-)\w+(?:ième|ieme|ème)s?\b")
URL_CHARACTERS = re.compile(r"[/=?&_#@]|www\.|https?:")
DATE_AFTER = re.compile(rf"^(?:er)?\s+(?:(?:au|et)\s+\d{{1,2}}(?:er)?\s+)?{MONTH}\b", re.IGNORECASE)
YEAR_BEFORE = re.compile(
    rf"(?:\b(?:en|de|depuis|dès|fin|début|mi|année|années|exercice|entre|et|à|jusqu’en|"
    rf"jusqu'en|avant|après|pour|l’an|l'an)|{MONTH})\s*$",
    re.IGNORECASE,
)
LOOK_BACK = 80  # characters: longer than any qualifier, currency or reference word before a number
VERB_FORMS = {"a", "est", "ont", "sont", "était", "étaient", "sera", "seront", "fut", "avait", "avaient"}


@dataclass
class Number:
    start: int  # offsets in the clean text, qualifier included (``plus de 600``)
    end: int
    value: float
    text: str
    qualifier: str  # exact, min, max, approx
    kind: str  # percent, money, share, multiplier, or "" (decided later from the counted noun)
    value_start: int = 0  # where the number itself starts (``600``)
    noun: str | None = None  # a counted noun written inside the figure (``une demi-journée``)
    one: bool = False  # ``un``/``une``: a count only where the parser says so


def find_numbers(text: str) -> list[Number]:
    accepted: list[Number] = []
    found = _shares(text) + _halves(text) + _digit_numbers(text) + _word_numbers(text) + _approximate_numbers(text)
    for number in found:
        if number and not any(number.start < a.end and a.start < number.end for a in accepted):
            accepted.append(number)
    return sorted(accepted, key=lambda n: n.start)


def _digit_numbers(text: str) -> list[Number | None]:
    numbers = []
    for match in DIGITS.finditer(text):
        digits = match.group("number").replace(" ", "")
        value = float(f"{digits}.{match.group('decimals')}") if match.group("decimals") else float(digits)
        before, after = _before(text, match.start()), text[match.end() :]
        if (
            _is_year(digits, value, before, after)
            or DATE_AFTER.match(after)
            or _is_reference(before)
            or _in_url(text, match.start(), match.end())
            or _in_name(before, after)
        ):
            continue
        numbers.append(_quantity(text, match.start(), match.end(), value))
    return numbers


def _word_numbers(text: str) -> list[Number | None]:
    numbers = []
    words = list(WORD.finditer(text))
    index = 0
    while index < len(words):
        run = _number_word_run(text, words, index)
        if not run:
            index += 1
            continue
        first, last = words[index], words[index + run - 1]
        index += run
        phrase = text[first.start() : last.end()]
        words_of_phrase = fold(phrase).replace("-", " ").split()
        if (
            fold(phrase) in ("un", "une")
            or set(words_of_phrase) <= set(SCALES)
            or _is_reference(_before(text, first.start()))
            or ORDINAL_AFTER.match(text[last.end() :])
        ):
            continue
        try:
            value = float(text2num(phrase.lower(), "fr"))
        except ValueError:
            continue
        numbers.append(_quantity(text, first.start(), last.end(), value))
    return numbers


def find_ones(text: str, numbers: list[Number]) -> list[Number]:
    """``un``/``une`` outside the numbers found, except where it picks one out (``l’une des``)."""
    ones = []
    for match in ONE.finditer(text):
        if PICKED_OUT.search(_before(text, match.start())) or any(n.start <= match.start() < n.end for n in numbers):
            continue
        qualifier, start = _qualifier(text, match.start(), match.end())
        if qualifier == "approx":  # "autour d’un jeune inventeur", "près d’une": a place, not about one
            qualifier, start = "exact", match.start()
        ones.append(Number(start, match.end(), 1.0, text[start : match.end()], qualifier, "", match.start(), one=True))
    return ones


def _approximate_numbers(text: str) -> list[Number | None]:
    """``une centaine`` (about 100); ``des milliers`` (at least 1000)."""
    numbers = []
    for match in APPROXIMATE.finditer(text):
        value = APPROXIMATE_NOUNS[match.group("noun").lower()]
        number = _quantity(text, match.start(), match.end(), value)
        number.qualifier = "min" if match.group("article").lower() == "des" else "approx"
        numbers.append(number)
    return numbers


def _shares(text: str) -> list[Number | None]:
    numbers = []
    for match in SHARE.finditer(text):
        if match.group("half"):
            value = 0.5
        else:
            count = match.group("count").lower()
            value = (int(count) if count.isdigit() else text2num(count, "fr")) / PARTS[match.group("part").lower()]
        numbers.append(_special(text, match, value, "share"))
    for match in MULTIPLE.finditer(text):
        numbers.append(_special(text, match, TIMES[match.group("times").lower()], "multiplier"))
    return numbers


def _halves(text: str) -> list[Number]:
    numbers = []
    for match in HALF.finditer(text):
        number = _special(text, match, 0.5, "")
        number.noun = match.group("noun")
        numbers.append(number)
    return numbers


def _special(text: str, match, value: float, kind: str) -> Number:
    qualifier, start = _qualifier(text, match.start(), match.end())
    return Number(start, match.end(), round(value, 4), text[start : match.end()], qualifier, kind, match.start())


def _in_url(text: str, start: int, end: int) -> bool:
    word_start = text.rfind(" ", 0, start) + 1
    word_end = text.find(" ", end)
    return bool(URL_CHARACTERS.search(text[word_start : word_end if word_end >= 0 else len(text)]))


def _number_word_run(text: str, words, index: int) -> int:
    """How many words from ``index`` on spell one number (``vingt et une`` is three)."""
    count = 0
    while index + count < len(words):
        word = words[index + count].group().lower()
        if all(part in NUMBER_WORDS for part in word.split("-")):
            count += 1
        elif (
            word == "et"
            and count
            and index + count + 1 < len(words)
            and words[index + count + 1].group().lower() in ("un", "une", "onze")
        ):
            count += 1
        else:
            break
        gap = text[words[index + count - 1].end() : words[index + count].start()] if index + count < len(words) else ""
        if gap.strip():
            break
    if count and words[index + count - 1].group().lower() == "et":
        count -= 1
    return count


def _quantity(text: str, start: int, end: int, value: float) -> Number | None:
    after = text[end:]
    scale = SCALE_AFTER.match(after)
    if scale and value < 1000:
        value *= SCALES[scale.group("scale")]
        end += scale.end()
        after = text[end:]
    kind = ""
    percent = PERCENT_AFTER.match(after)
    if percent:
        end += len(percent.group(0))
        kind = "percent"
    elif CURRENCY_BEFORE.search(_before(text, start)) or CURRENCY_AFTER.match(after):
        kind = "money"
    qualifier, qualified_start = _qualifier(text, start, end)
    return Number(qualified_start, end, value, text[qualified_start:end], qualifier, kind, start)


def _qualifier(text: str, start: int, end: int) -> tuple[str, int]:
    """The qualifier, and the start of the quantity's text including the words that qualify it."""
    before = _before(text, start)
    for name, pattern in QUALIFIERS_BEFORE:
        match = pattern.search(before)
        if match:
            return name, start - len(before) + match.start()
    for name, pattern in QUALIFIERS_AFTER:
        if pattern.match(text[end:]):
            return name, start
    return "exact", start


def _before(text: str, start: int) -> str:
    """The words just before ``start``: what the rules look back at. Bounded, so that a paragraph of
    any length costs time in proportion to its length."""
    return text[max(0, start - LOOK_BACK) : start]


def _is_year(digits: str, value: float, before: str, after: str) -> bool:
    if len(digits) != 4 or not 1900 <= value <= 2100:
        return False
    next_word = re.match(r"^\s+([a-zà-ÿ]+)", after)
    return bool(YEAR_BEFORE.search(before)) or not next_word or next_word.group(1) in STOPWORDS | VERB_FORMS


def _in_name(before: str, after: str) -> bool:
    """``classement Fortune 500,``: a number after a capitalised word inside a sentence names something."""
    previous = re.search(r"(?<=[a-zà-ÿ,] )([A-ZÀ-Ý][\w’'-]*) $", before)
    return bool(previous) and not re.match(r"^\s+[a-zà-ÿ]", after) and previous.group(1) not in ("CHF", "USD", "EUR")


def _is_reference(before: str) -> bool:
    return bool(REFERENCE_BEFORE.search(before) or REFERENCE_LIST_BEFORE.search(before))
