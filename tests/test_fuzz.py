"""Fuzzing of every reader: the bytes of a real report in each format, truncated, flipped, cut or
padded with junk, give a document or a ``ReportError`` naming the file, never another exception,
and within a time limit.

``tests/test_robustness.py`` mutates the report's structure (lines, elements) and extracts it; these
tests mutate bytes and read only, so that they reach what a damaged file does to the readers and
their libraries (zip, XML, pdfium). Readers that need LibreOffice (.doc, .rtf) are left out: each
example would start it. ``make test`` runs a few dozen examples per format, always the same ones;
``make fuzz`` runs ``DA_EXTRACT_FUZZ_EXAMPLES`` per format, new ones each time, and prints what they
tried and how each ended (hypothesis's statistics: one event per outcome).
"""

from __future__ import annotations

import os
import re
import time
from functools import cache

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from support import REPORT_2023, ROOT, time_limit

from pipeline.errors import ReportError
from pipeline.readers import read_report

RENDERINGS = ROOT / "tests" / "samples" / "renderings"
EXAMPLES = int(os.environ.get("DA_EXTRACT_FUZZ_EXAMPLES", "0"))  # 0: make test's bounded run
SECONDS = 10  # each example's limit: the reader reads the whole report in about one second at most
PDF_PAGES = 4  # the PDF fuzzed is the report's first pages: a whole one takes a second to read
SAMPLES = {  # format: (file name, examples in make test)
    "text": ("rapport_da_2023_fr.txt", 30),
    "html": ("rapport_da_2023_fr.libreoffice.html", 20),
    "pandoc-html": ("rapport_da_2023_fr.pandoc.html", 15),
    "docx": ("rapport_da_2023_fr.libreoffice.docx", 40),
    "odt": ("rapport_da_2023_fr.libreoffice.odt", 40),
    "pdf": ("rapport_da_2023_fr.libreoffice.pdf", 40),
}

JUNK = st.sampled_from(
    [b"\x00", b"\xff" * 8, b"PK\x03\x04", b"%PDF-1.7", b"<", b"]]>", b"&#0;", b"endobj", b"stream\n", b"\xe9"]
) | st.binary(max_size=64)
MUTATIONS = st.lists(
    st.one_of(
        st.tuples(st.just("truncate"), st.floats(0, 1)),
        st.tuples(st.just("flip"), st.floats(0, 1), st.integers(1, 255)),
        st.tuples(st.just("cut"), st.floats(0, 1), st.integers(1, 4096)),
        st.tuples(st.just("insert"), st.floats(0, 1), JUNK),
    ),
    min_size=1,
    max_size=4,
)


@cache
def sample(fmt: str) -> bytes:
    name = SAMPLES[fmt][0]
    if fmt == "text":
        return REPORT_2023.read_bytes()
    if fmt == "pdf":
        return _first_pages(RENDERINGS / name, PDF_PAGES)
    return (RENDERINGS / name).read_bytes()


def _first_pages(path, count: int) -> bytes:
    import io

    import pypdfium2 as pdfium

    source, excerpt = pdfium.PdfDocument(path), pdfium.PdfDocument.new()
    excerpt.import_pages(source, list(range(count)))
    buffer = io.BytesIO()
    excerpt.save(buffer)
    excerpt.close()
    source.close()
    return buffer.getvalue()


def mutate(data: bytes, mutations) -> bytes:
    for operation, where, *rest in mutations:
        at = int(where * len(data))
        if operation == "truncate":
            data = data[:at]
        elif operation == "flip":
            data = data[:at] + bytes([data[at] ^ rest[0]]) + data[at + 1 :] if at < len(data) else data
        elif operation == "cut":
            data = data[:at] + data[at + rest[0] :]
        else:
            data = data[:at] + rest[0] + data[at:]
    return data


def reads_or_refuses(tmp_path, fmt: str, data: bytes) -> str:
    """A document, or a one-line ``ReportError`` naming the file; anything else fails the test.
    Returns how it ended, for the statistics."""
    folder = tmp_path / "raw" / "2023"
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.iterdir():
        old.unlink()  # hypothesis runs every example in the same tmp_path
    path = folder / SAMPLES[fmt][0]
    path.write_bytes(data)
    start = time.monotonic()
    with time_limit(SECONDS):
        try:
            document = read_report(path)
        except ReportError as error:
            assert str(error).startswith(str(path)) and error.problem.strip() and "\n" not in str(error)
            outcome = f"refused: {_kind(error.problem)}"
        else:
            assert document.blocks is not None
            outcome = "read"
    return f"{fmt}: {outcome}, {'under' if time.monotonic() - start < 1 else 'over'} one second"


def _kind(problem: str) -> str:
    """The problem without what varies from one file to the next (numbers, quoted text)."""
    return " ".join(re.sub(r"\d+", "#", problem.split("(")[0]).split()[:8])


def fuzz(fmt: str):
    """The test of one format: its bounded number of examples, or ``DA_EXTRACT_FUZZ_EXAMPLES``."""

    @settings(
        max_examples=EXAMPLES or SAMPLES[fmt][1],
        deadline=None,
        derandomize=not EXAMPLES,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(mutations=MUTATIONS)
    def test(tmp_path, mutations):
        event(reads_or_refuses(tmp_path, fmt, mutate(sample(fmt), mutations)))

    return test


test_mutated_text_reports_give_a_document_or_a_clean_error = fuzz("text")
test_mutated_html_reports_give_a_document_or_a_clean_error = fuzz("html")
test_mutated_pandoc_html_reports_give_a_document_or_a_clean_error = fuzz("pandoc-html")
test_mutated_docx_reports_give_a_document_or_a_clean_error = fuzz("docx")
test_mutated_odt_reports_give_a_document_or_a_clean_error = fuzz("odt")
test_mutated_pdf_reports_give_a_document_or_a_clean_error = fuzz("pdf")


@pytest.mark.parametrize("fmt", sorted(SAMPLES))
def test_every_truncation_point_class_of_each_format_ends_cleanly(tmp_path, fmt):
    """The file cut at its start, its middle and its end: headers, bodies and directories lost."""
    data = sample(fmt)
    for cut in (1, 16, len(data) // 2, len(data) - 22, len(data) - 1):
        reads_or_refuses(tmp_path, fmt, data[:cut])
