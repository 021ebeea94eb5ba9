"""What the tests share besides fixtures (those are in conftest.py): the repository's paths, the
command line run as a user runs it, and the system tools some tests need."""

from __future__ import annotations

import atexit
import functools
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import zlib
from contextlib import contextmanager
from pathlib import Path

import pytest

# The 2023 report's rows per dataset: every dataset of pipeline/datasets/schema.py (test_docs checks it).
ROWS_2023 = {
    "countries": 333,
    "document_refs": 36,
    "expected_results": 15,
    "figures": 320,
    "footnotes": 189,
    "links": 121,
    "paragraphs": 536,
    "project_mentions": 39,
    "projects": 55,
    "recommendation_mentions": 46,
    "recommendation_results": 109,
    "recommendations": 45,
    "sections": 53,
}

ROOT = Path(__file__).resolve().parent.parent
REPORT_2023 = ROOT / "raw" / "2023" / "rapport_da_2023_fr.txt"


def da_extract(*args: str, cwd: Path | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    """The command line, in a fresh process, as a user runs it (``env``: variables to set). It runs in
    a working folder outside the repository (``cwd`` by default), so that what it writes by default
    (the parse cache in build/cache, extracted/) lands there, never in the repository."""
    return subprocess.run(
        [sys.executable, "-m", "pipeline", *args],
        cwd=cwd or working_folder(),
        capture_output=True,
        text=True,
        env={**os.environ, **env} if env else None,
    )


def path_without_libreoffice() -> str:
    """``PATH`` without the folders that hold LibreOffice: a machine where it is not installed."""
    return os.pathsep.join(
        folder
        for folder in os.environ["PATH"].split(os.pathsep)
        if not any((Path(folder) / name).exists() for name in ("soffice", "libreoffice"))
    )


def processes_under(marker: str) -> list[str]:
    """Command lines of the running processes whose environment holds ``marker``: a conversion's
    processes all inherit ``TMPDIR``, a folder of its own (pipeline.readers.libreoffice)."""
    found = []
    for proc in Path("/proc").iterdir():
        try:
            if marker.encode() in (proc / "environ").read_bytes() and (proc / "cmdline").read_bytes():
                found.append((proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace"))
        except (OSError, ValueError):
            continue  # ended meanwhile, or not a process
    return found


def system_tool(command: str, package: str) -> str:
    """The path of a command from Debian's ``package``; the test is skipped, naming the command that
    installs it, where it is missing (`.ci/run` installs them all)."""
    found = shutil.which(command)
    if not found:
        pytest.skip(f"{command} is not installed: apt-get install {package}")
    return found


def parquet_bytes(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*.parquet"))}


def report_file(tmp_path, content: bytes | str, name: str = "rapport.txt", year: str = "2023"):
    path = tmp_path / "raw" / year / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def one_line_error(result: subprocess.CompletedProcess, status: int, problem: str, path) -> None:
    """The error is the last line on stderr, the only one; progress lines of stages done may come before."""
    assert result.returncode == status, result.stderr
    lines = result.stderr.splitlines()
    assert [line for line in lines if "error" in line] == lines[-1:], result.stderr
    assert lines[-1].startswith(f"da-extract: error: {path}: "), result.stderr
    assert problem in lines[-1]


@functools.cache
def working_folder() -> Path:
    """One temporary folder for the whole test run, removed at its end."""
    folder = Path(tempfile.mkdtemp(prefix="da-extract-tests-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder


@contextmanager
def time_limit(seconds: int):
    """Stop the code inside after ``seconds`` with a ``TimeoutError`` (SIGALRM: the main thread only)."""

    def stop(signum, frame):
        raise TimeoutError(f"took more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def copy_year(out: Path, year: int, new_year: int) -> None:
    """Make ``new_year`` in ``out`` a copy of ``year``'s datasets and manifest, as if extracted from the
    same report: a folder of two years for the tests that load several."""
    import json

    for folder in out.glob(f"*/report_year={year}"):
        shutil.copytree(folder, folder.with_name(f"report_year={new_year}"))
    manifest = (out / "manifest" / f"{year}.json").read_text(encoding="utf-8")
    data = json.loads(manifest.replace(f"report_year={year}", f"report_year={new_year}"))
    if "year" in data:
        data["year"] = new_year
    (out / "manifest" / f"{new_year}.json").write_text(json.dumps(data), encoding="utf-8")


def report_of_year(text: str, year: int) -> str:
    """The 2023 report's text stating ``year`` instead (“pour l’année 2024”): a second year to extract."""
    return text.replace("l’année\u00a02023", f"l’année\u00a0{year}", 1)


# The 2023 report as a 2024 one with three figures edited (the year it states follows its folder's).
EDITS_2024 = (
    ("l’année\u00a02023", "l’année\u00a02024"),
    ("108\u00a0292\u00a0personnes", "112\u00a0407\u00a0personnes"),
    ("Plus de 600\u00a0participants", "Plus de 750\u00a0participants"),
    ("passant de 28 à 54\u00a0pays", "passant de 28 à 61\u00a0pays"),
)


def report_2024(text_2023: str) -> str:
    """The 2023 report stating 2024, with 108 292 → 112 407 personnes, 600 → 750 participants and
    54 → 61 pays: each edit made once, at the first place it fits."""
    for old, new in EDITS_2024:
        assert old in text_2023, old
        text_2023 = text_2023.replace(old, new, 1)
    return text_2023


# Hostile PDFs, written by hand in PDF syntax, and the command line run on them under caps
HOSTILE_ADDRESS_SPACE = 1536 * 2**20  # the cap on each run: a reader that lets a file grow its memory fails
HOSTILE_SECONDS = 20  # the time limit of each run; the runs assert tighter bounds
FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
LINE_OF_TEXT = b"Le rapport du Directeur g\\351n\\351ral sur la mise en oeuvre du Plan d'action."


def pdf(objects: list[bytes], pages: list[int] | None = None, count: int | None = None, inherited=b"") -> bytes:
    """A PDF of ``objects`` (numbered from 3; 1 is the catalog, 2 the page tree of ``pages``, the
    numbers of the page objects, with ``count`` as its /Count, their number by default, and the
    entries ``inherited`` that its pages inherit)."""
    kids = b" ".join(b"%d 0 R" % n for n in pages or [])
    count = len(pages or []) if count is None else count
    tree = b"<< /Type /Pages /Kids [%s] /Count %d %s>>" % (kids, count, inherited)
    parts, offsets, size = [b"%PDF-1.7\n"], [], 9
    for number, content in enumerate([b"<< /Type /Catalog /Pages 2 0 R >>", tree, *objects], start=1):
        offsets.append(size)
        parts.append(b"%d 0 obj\n%s\nendobj\n" % (number, content))
        size += len(parts[-1])
    xref = size
    parts.append(b"xref\n0 %d\n0000000000 65535 f \n" % (len(offsets) + 1))
    parts += [b"%010d 00000 n \n" % offset for offset in offsets]
    return b"".join(parts) + b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(offsets) + 1, xref)


def stream(data: bytes, compress: bool = False) -> bytes:
    if compress:
        data = zlib.compress(data, 9)
        return b"<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream" % (len(data), data)
    return b"<< /Length %d >>\nstream\n%s\nendstream" % (len(data), data)


def page(contents: int, annots: bytes = b"") -> bytes:
    """A letter page drawing the stream object ``contents`` with the font object 3."""
    extra = b" /Annots [%s]" % annots if annots else b""
    return (
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >>"
        b" /Contents %d 0 R%s >>" % (contents, extra)
    )


def text(lines: int = 20, top: int = 700, size: int = 10) -> bytes:
    """``lines`` lines of French text at the left margin (72 pt), from ``top`` down."""
    shown = b"".join(b"(%s) Tj 0 -%d Td " % (LINE_OF_TEXT, size + 2) for _ in range(lines))
    return b"BT /F1 %d Tf 72 %d Td %s ET\n" % (size, top, shown)


def run_capped(tmp_path, data: bytes) -> tuple[subprocess.CompletedProcess, float, float]:
    """``da-extract extract`` of ``data`` as the year's report, under the caps: (its result, seconds,
    peak memory in MiB)."""
    report = tmp_path / "raw" / "2023" / "rapport.pdf"
    report.parent.mkdir(parents=True)
    report.write_bytes(data)
    out = tmp_path / "extracted"
    out.mkdir()
    (out / "earlier.txt").write_text("kept")

    def cap():
        resource.setrlimit(resource.RLIMIT_AS, (HOSTILE_ADDRESS_SPACE, HOSTILE_ADDRESS_SPACE))

    start = time.monotonic()
    process = subprocess.Popen(
        [sys.executable, "-m", "pipeline", "extract", str(report.parent), "--data", str(out)],
        cwd=working_folder(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        preexec_fn=cap,
    )
    timer = threading.Timer(HOSTILE_SECONDS, process.kill)
    timer.start()
    _, status, usage = os.wait4(process.pid, 0)  # the usage of this process alone, not of every child
    timer.cancel()
    seconds = time.monotonic() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    stdout, stderr = process.stdout.read().decode(), process.stderr.read().decode()
    process.stdout.close()
    process.stderr.close()
    assert sorted(p.name for p in out.iterdir()) == ["earlier.txt"], "a refused file wrote something"
    result = subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)
    return result, seconds, usage.ru_maxrss / 1024


def refused(tmp_path, data: bytes, problem: str, seconds: float = 5) -> None:
    result, took, peak = run_capped(tmp_path, data)
    assert result.returncode == 1, result.stderr
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("da-extract: error: ") and "rapport.pdf: " in last, result.stderr
    assert problem in last, last
    assert took < seconds, f"took {took:.1f} s"
    assert peak < 500, f"used {peak:.0f} MiB"
