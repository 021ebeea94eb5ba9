"""Ligatures as PDF producers map them back to letters: Ghostscript's re-save writes a ligature's letters
with their two bytes swapped, and keeps only two units of a three-letter one (the middle letter, then the
sum of the other two); the reader gives back the letters (pipeline/readers/pdf/glyphs.py)."""

from __future__ import annotations

import subprocess

import pytest
from producers import LIBREOFFICE_PDF
from support import system_tool

from pipeline.readers.pdf.glyphs import read_pages
from pipeline.readers.pdf.lines import page_lines

EFFLUENTS_PAGE = 43  # the LibreOffice sample's page where "effluents" is drawn with an ``ffl`` glyph
FFL_TO_UNICODE = b"<66> <00660066006C>"  # that glyph's mapping in the sample's font


@pytest.mark.parametrize(
    ("mapping", "word"),
    [(FFL_TO_UNICODE, "effluents"), (b"<66> <006600660069>", "effiuents")],  # the second: mapped as ``ffi``
)
def test_a_three_letter_ligature_ghostscript_summed_is_read_as_its_letters(mapping, word, qpdf, tmp_path):
    gs = system_tool("gs", "ghostscript")
    page = tmp_path / "page.pdf"
    subprocess.run([qpdf, "--qdf", "--object-streams=disable", str(LIBREOFFICE_PDF), "--pages", ".",
                    str(EFFLUENTS_PAGE), "--", str(page)], check=True)  # fmt: skip
    data = page.read_bytes()
    assert data.count(FFL_TO_UNICODE) == 1
    page.write_bytes(data.replace(FFL_TO_UNICODE, mapping))  # same length: the offsets hold
    resaved = tmp_path / "resaved.pdf"
    subprocess.run([gs, "-q", "-dNOPAUSE", "-dBATCH", "-sDEVICE=pdfwrite", f"-sOutputFile={resaved}", str(page)],
                   check=True, capture_output=True)  # fmt: skip
    (read,) = read_pages(resaved.read_bytes(), "resaved.pdf")
    text = " ".join(line.text for line in page_lines(read))
    assert f"traitement des {word} d’huileries" in text
    drawn = "|".join(g.char for g in read.glyphs)  # one glyph per unit: the first letter, then the other two
    assert f"|{word[0]}|{word[1]}|{word[2:4]}|{word[4]}|" in drawn
