"""Small French-language helpers shared by the extractors."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from text_to_num import alpha2digit

# Words that carry no meaning of their own when comparing titles.
STOPWORDS = frozenset(
    "a à au aux avec d de des du en et l la le les leur leurs ou par pour sa se ses sur un une dans "
    "en matiere matière tant que qui".split()
)
ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
# Beyond it a list counter is drawn in digits: a roman numeral grows with its value (one M per
# thousand), so that a hostile list start of 2**31 would cost megabytes per label.
MAX_ROMAN = 9999
ENUMERATION_SPLIT = re.compile(r",\s+(?:et\s+)?|\s+et\s+(?=(?:les?|la|l[’'])\s*)")


@lru_cache(maxsize=2**14)
def fold(text: str) -> str:
    """Lower case without accents: ``République`` → ``republique``."""
    lowered = text.lower()
    if lowered.isascii():
        return lowered
    return "".join(c for c in unicodedata.normalize("NFKD", lowered) if not unicodedata.combining(c))


def content_words(text: str) -> list[str]:
    """Folded words of a title, stop words left out."""
    return [w for w in re.findall(r"[a-z0-9]+", fold(text)) if w not in STOPWORDS and len(w) > 1 or w.isdigit()]


def roman_to_int(numeral: str) -> int:
    values = [ROMAN_VALUES[c] for c in numeral.upper()]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))


def int_to_roman(value: int) -> str:
    numerals = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ]
    result = ""
    for number, numeral in numerals:
        count, value = divmod(value, number)
        result += numeral * count
    return result


def list_label(value: int, style: str) -> str:
    """A list counter in a numbering style: ``lowerRoman``/``i`` → ``iv``, ``lowerLetter``/``a`` → ``d``."""
    if style in ("lowerRoman", "upperRoman", "i", "I") and 0 < value <= MAX_ROMAN:
        numeral = int_to_roman(value)
        return numeral.lower() if style in ("lowerRoman", "i") else numeral
    if style in ("lowerLetter", "upperLetter", "a", "A"):
        letter = chr(ord("a") + (value - 1) % 26)
        return letter if style in ("lowerLetter", "a") else letter.upper()
    return str(value)


def ordinal_to_int(words: str) -> int | None:
    """``trente et unième`` → 31, ``vingt-huitième`` → 28; None if not an ordinal."""
    converted = alpha2digit(words.strip(), "fr")
    match = re.fullmatch(r"(\d+)\s*(?:e|ème|eme|ième)", converted.strip())
    return int(match.group(1)) if match else None


def number_in_words(words: str) -> int | None:
    """``sept`` → 7, ``Vingt-cinq`` → 25, ``12`` → 12; None if not a number."""
    converted = alpha2digit(words.strip().replace("\u2011", "-").lower(), "fr")
    return int(converted) if converted.isdigit() else None


def enumeration(text: str) -> list[str]:
    """``les États-Unis d’Amérique, la République de Corée et le Canada`` → three items."""
    return [item.strip() for item in ENUMERATION_SPLIT.split(text.strip()) if item.strip()]


def numbers(text: str) -> list[int]:
    """``4, 10, 11 et 45`` → [4, 10, 11, 45]."""
    return [int(n) for n in re.findall(r"\d+", text)]
