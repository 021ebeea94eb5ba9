"""``make bench``: how long the extraction of the 2023 report takes, and against what.

Each measurement runs ``da-extract`` in a fresh process and keeps the median of several
runs: wall and CPU seconds and peak memory of the whole process tree. The cold run (empty
parse cache) is measured in pairs with a naive baseline that runs spaCy's whole French
pipeline over every paragraph and footnote before the same extractors, alternating in the
same session, once on a quiet machine and once with one core kept busy by another process.
Then a run with the cache filled, batches of 1, 5 and 20 different reports in one invocation,
the start of the commands, and reading and refusing files. Results go to
``docs/performance.md``; nothing here is a test.
"""

from __future__ import annotations

import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from pipeline.store.layout import read_manifest

ROOT = Path(__file__).resolve().parent.parent
REPORT = ROOT / "raw" / "2023"
RENDERINGS = ROOT / "tests" / "samples" / "renderings"
FORMATS = {  # the same report, as each reader gets it
    "text export": REPORT / "rapport_da_2023_fr.txt",
    "Word, re-saved by LibreOffice": RENDERINGS / "rapport_da_2023_fr.libreoffice.docx",
    "OpenDocument, saved by LibreOffice": RENDERINGS / "rapport_da_2023_fr.libreoffice.odt",
    "HTML, LibreOffice's export": RENDERINGS / "rapport_da_2023_fr.libreoffice.html",
    "HTML, pandoc's conversion": RENDERINGS / "rapport_da_2023_fr.pandoc.html",
    "PDF, LibreOffice's export": RENDERINGS / "rapport_da_2023_fr.libreoffice.pdf",
}
PRODUCERS = ROOT / "build" / "producers"  # PDFs by other programs: `make bench` writes them (tests/producers.py)
REFUSE = """
import resource, sys, time
from pathlib import Path
from pipeline.errors import ReportError
from pipeline.readers import read_report
started = time.perf_counter()
try:
    read_report(Path(sys.argv[1]), 2023)
except ReportError:
    pass
print(time.perf_counter() - started, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
"""
READ = """
import resource, sys, time
from pathlib import Path
from pipeline.readers import read_report
started = time.perf_counter()
read_report(Path(sys.argv[1]), 2023)
print(time.perf_counter() - started, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
"""
RUNS = 5
PAIRS = 5
BATCHES = (1, 5, 20)
BUSY = "while True: pass"  # one core's worth of someone else's work
# The start of the commands that must not import spaCy or pandera: the process ends where work would begin.
CHECK_START = """
import sys
import pipeline.run
pipeline.run.run = lambda *args, **kwargs: sys.exit(0)
from pipeline.cli import main
main(["check"])
"""
# The naive way: spaCy's standard French pipeline, every component, over every paragraph and
# footnote; the same model (loaded once) then serves the same extractors.
NAIVE = """
import sys, spacy
from pathlib import Path
import pipeline.language.nlp
from pipeline.readers import read_report, iter_paragraphs
from pipeline.run import run
document = read_report(Path(sys.argv[1]))
nlp = spacy.load(pipeline.language.nlp.MODEL)
list(nlp.pipe([p.text for p in iter_paragraphs(document.blocks)] + [f.text for f in document.footnotes]))
pipeline.language.nlp.french = lambda: nlp
run(Path(sys.argv[1]), Path(sys.argv[2]), log=lambda m: None)
"""


def timed(command: list[str]) -> float:
    return measured(command)["wall"]


def measured(command: list[str]) -> dict[str, float]:
    """Wall and CPU seconds, and peak memory (MiB, the largest process), of a command and its children."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise subprocess.CalledProcessError(process.returncode, command, stderr=process.stderr.read())
    process.stderr.close()
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "memory": usage.ru_maxrss / 1024}


def extract_command(out: Path, cache: Path | None, *inputs: Path) -> list[str]:
    cache_option = ["--cache", str(cache)] if cache else ["--no-cache"]
    return [sys.executable, "-m", "pipeline", "extract", *map(str, inputs), "--data", str(out), *cache_option]


def median_of(make_command) -> float:
    return statistics.median(make_command(i) for i in range(RUNS))


def medians(runs: list[dict]) -> dict[str, float]:
    return {key: statistics.median(run[key] for run in runs) for key in runs[0]}


def cold_against_naive(work: Path, tag: str) -> dict:
    """Cold runs and naive runs, alternating, ``PAIRS`` times; the medians and the median ratio."""
    ours, naive = [], []
    for i in range(PAIRS):
        ours.append(measured(extract_command(work / f"{tag}-cold{i}", work / f"{tag}-cache{i}", REPORT)))
        naive.append(measured([sys.executable, "-c", NAIVE, str(REPORT), str(work / f"{tag}-naive{i}")]))
    return {
        "ours": medians(ours),
        "naive": medians(naive),
        "ratio": statistics.median(n["wall"] / o["wall"] for o, n in zip(ours, naive)),
    }


def with_one_core_busy(measure):
    busy = subprocess.Popen([sys.executable, "-c", BUSY])
    try:
        return measure()
    finally:
        busy.kill()
        busy.wait()


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="da-bench-"))
    try:
        results = measure(work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    text = render(results)
    (ROOT / "docs" / "performance.md").write_text(text, encoding="utf-8")
    print(text)


def measure(work: Path) -> dict:
    quiet = cold_against_naive(work, "quiet")
    loaded = with_one_core_busy(lambda: cold_against_naive(work, "busy"))
    manifest = read_manifest(work / "quiet-cold0", 2023)
    warm_cache = work / "cache-warm"
    timed(extract_command(work / "fill", warm_cache, REPORT))
    warm = medians([measured(extract_command(work / f"warm{i}", warm_cache, REPORT)) for i in range(RUNS)])
    batches = {
        n: timed(extract_command(work / f"batch{n}", work / f"cache-batch{n}", *variants(work / f"raw{n}", n))) / n
        for n in BATCHES
    }
    starts = {
        "`da-extract --help`": median_of(lambda i: timed([sys.executable, "-m", "pipeline", "--help"])),
        "`da-extract check`, until its first report": median_of(lambda i: timed([sys.executable, "-c", CHECK_START])),
    }
    nothing_to_do = median_of(lambda i: timed(["make", "--no-print-directory"]))
    reads = {name: (path, *_median_read(path)) for name, path in {**FORMATS, **producer_pdfs()}.items()}
    refusals = {name: refusal(work, name, page) for name, page in hostile_pages().items()}
    return {
        "reads": reads,
        "refusals": refusals,
        "cores": os.cpu_count(),
        "quiet": quiet,
        "loaded": loaded,
        "warm": warm,
        "stages": manifest["seconds"],
        "batches": batches,
        "starts": starts,
        "make": nothing_to_do,
    }


def producer_pdfs() -> dict[str, Path]:
    """The report's PDF by each other program whose file `make bench` could write."""
    found = sorted(PRODUCERS.glob("*.pdf")) if PRODUCERS.is_dir() else []
    return {f"PDF, {path.stem}": path for path in found if path.stem != "libreoffice"}


def read_seconds(path: Path) -> tuple[float, float]:
    """(seconds, peak MiB) of ``read_report`` alone, in a fresh process whose imports are done."""
    result = subprocess.run(
        [sys.executable, "-c", READ, str(path)], check=True, capture_output=True, text=True, cwd=ROOT
    )
    seconds, memory = map(float, result.stdout.split())
    return seconds, memory


def _median_read(path: Path) -> tuple[float, float]:
    runs = [read_seconds(path) for _ in range(RUNS)]
    return statistics.median(s for s, _ in runs), max(m for _, m in runs)


def hostile_pages() -> dict[str, str]:
    """Pages that are not reports, as a mistaken or hostile input may be."""
    paragraph = '<div class="article"><p>' + "Le musée présente une collection de peintures et de sculptures. " * 20
    return {
        "a 40 MB French HTML page that is not a report": "<html><body>" + (paragraph + "</p></div>\n") * 30_000,
        "HTML nested 200,000 elements deep": "<html><body><p>Plan d’action pour le développement, rapport pour "
        "l’année 2023.</p>" + "<div>" * 200_000 + "texte" + "</div>" * 200_000,
    }


def refusal(work: Path, name: str, page: str) -> tuple[float, float]:
    """(seconds, peak MiB) of reading the page until it is refused, in a fresh process."""
    path = work / "hostile" / f"{len(name)}.html"
    path.parent.mkdir(exist_ok=True)
    path.write_text(page, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-c", REFUSE, str(path)], check=True, capture_output=True, text=True, cwd=ROOT
    )
    seconds, memory = map(float, result.stdout.split())
    return seconds, memory


def variants(folder: Path, count: int) -> list[Path]:
    """``count`` different reports made from the 2023 one, each stating the year of its folder:
    identical copies would flatter the parse cache."""
    text = (REPORT / "rapport_da_2023_fr.txt").read_text(encoding="utf-8")
    paths = []
    for n, year in enumerate(range(2024, 2024 + count), start=1):
        path = folder / str(year) / "rapport.txt"
        path.parent.mkdir(parents=True)
        path.write_text(varied(text.replace("l’année\u00a02023", f"l’année\u00a0{year}", 1), n), encoding="utf-8")
        paths.append(path.parent)
    return paths


REWORDINGS = (
    ("participants", "personnes"),
    ("ateliers", "séminaires"),
    ("notamment", "en particulier"),
    ("Dans le cadre", "Au titre"),
    ("a organisé", "a tenu"),
)
COUNT = re.compile(r"(?<![\w/.\u2011-])(\d{2,3})(?=[ \u00a0][a-zà-ÿ])")  # "30 entrepreneuses"; not years, symbols
ITEM = re.compile(r"^([ivx]+\) )(.*)$")


def varied(text: str, n: int) -> str:
    """The report with its figures changed (``n`` added to each count), some words reworded (a
    different choice for each ``n``) and the items of each numbered list rotated by ``n``."""
    for bit, (old, new) in enumerate(REWORDINGS):
        if n >> bit & 1:
            text = text.replace(old, new)
    lines = COUNT.sub(lambda m: str(int(m.group(1)) + n), text).split("\n")
    run: list[int] = []
    for i, line in enumerate([*lines, ""]):
        if ITEM.match(line):
            run.append(i)
        elif line.strip() or i == len(lines):
            contents = [ITEM.match(lines[j]).group(2) for j in run]
            for j, content in zip(run, contents[n % len(contents) :] + contents[: n % len(contents)] if run else []):
                lines[j] = ITEM.match(lines[j]).group(1) + content
            run = []
    return "\n".join(lines)


PAGE = """# Performance

<!-- Written by `make bench` (pipeline/bench.py); the numbers are from the last run. -->

Machine: {cores} cores. Each run is `da-extract extract raw/2023` in a fresh process; wall and CPU
seconds count the whole process tree (the parsing process too), memory is the largest process's peak.
The cold run (empty parse cache: a report never seen) and the naive pass are measured in {PAIRS}
alternating pairs in the same session, first on a quiet machine, then with one core kept busy by
another process (`{BUSY}`), as on a laptop doing something else. Medians.

| run | wall s | CPU s | peak MiB |
|---|---|---|---|
{ours_cold}
{naive_cold}
{ours_busy}
{naive_busy}
{ours_warm}

Naive / ours, cold: **{quiet_ratio:.1f}×** on a quiet machine, **{loaded_ratio:.1f}×** with one core busy
(median of the pairs' ratios). `make` with nothing changed: {make:.2f} s.

Stages of a cold run (first quiet pair): {stages}.

Where the time goes. Started the usual way, spaCy's French costs about 5 s before its first
sentence; the extraction never gives spaCy raw text, only prepared sentences, so it builds the
model with a small tokenizer of its own (`pipeline/language/light_french.py`), without the components whose
output it never reads (named entities, attribute ruler, lemmatizer; the few noun lemmas the figures
need come from the model's own tables, `pipeline/language/lemmas.py`). A cold run forks the parsing process
first thing, before the readers and extractors are imported; it imports spaCy (without its command
line) and loads the model while the first process reads the report and runs every extractor that
needs no parse. The parser then gets only the sentences that hold a number, and forks once more:
the two take chunks of 16 sentences in turn, so both cores parse while the first process waits.
Parses are kept in `build/cache`, with their noun lemmas: a run whose sentences are all known never
starts spaCy, nor a second process. Nor pandas: tables are made with Arrow's JSON reader
(`pipeline/datasets/arrow.py`), since `pa.Table.from_pylist` imports pandas on its first call (half a
second), and the rows are checked with `pyarrow.compute` (pandera, which takes a second to import,
only states the same checks a second time in the tests). The command ends without freeing its
objects one by one, which took a third of a second.

Batches: N different reports made from the 2023 one (counts changed, words reworded, list items
reordered, each stating its own year) in one invocation, empty cache. Each report is read once; the
parsing process, started first, parses each report's sentences while the next one is read, then the
reports are extracted two at a time.

| N | seconds per report |
|---|---|
{batch_rows}

Starting (median of {RUNS}; neither imports spaCy, pandas or pyarrow):

| command | seconds |
|---|---|
{start_rows}

Reading: the 2023 report as each reader gets it (`tests/samples/renderings/`), `read_report` alone in a
fresh process (median of {RUNS}).

| input | size | seconds | peak memory, MiB |
|---|---|---|---|
{read_rows}

Refusing what is not a report (`read_report` in a fresh process, until its one-line error):

| input | seconds | peak memory, MiB |
|---|---|---|
{refusal_rows}
"""


def render(r: dict) -> str:
    """docs/performance.md from the measurements."""

    def row(name, m):
        return f"| {name} | {m['wall']:.2f} | {m['cpu']:.2f} | {m['memory']:.0f} |"

    quiet, loaded = r["quiet"], r["loaded"]
    return PAGE.format(
        cores=r["cores"],
        PAIRS=PAIRS,
        BUSY=BUSY,
        RUNS=RUNS,
        make=r["make"],
        quiet_ratio=quiet["ratio"],
        loaded_ratio=loaded["ratio"],
        ours_cold=row("ours, cold", quiet["ours"]),
        naive_cold=row(
            "naive: spaCy's full pipeline over every paragraph and footnote, then the same extractors", quiet["naive"]
        ),
        ours_busy=row("ours, cold, one core busy", loaded["ours"]),
        naive_busy=row("naive, one core busy", loaded["naive"]),
        ours_warm=row("ours, parse cache filled by an earlier run", r["warm"]),
        stages=", ".join(f"{name} {seconds:.2f} s" for name, seconds in r["stages"].items()),
        batch_rows="\n".join(f"| {n} | {seconds:.2f} |" for n, seconds in r["batches"].items()),
        start_rows="\n".join(f"| {name} | {seconds:.2f} |" for name, seconds in r["starts"].items()),
        read_rows="\n".join(
            f"| {name} | {path.stat().st_size // 1024} KB | {seconds:.2f} | {memory:.0f} |"
            for name, (path, seconds, memory) in r["reads"].items()
        ),
        refusal_rows="\n".join(
            f"| {name} | {seconds:.2f} | {memory:.0f} |" for name, (seconds, memory) in r["refusals"].items()
        ),
    )


if __name__ == "__main__":
    main()
