"""Every rendering of a report gives the same datasets.

The 2023 report is rendered in each layout real files have (``render.Layout``): Annex II in one
table, one table per list, tables under their headings, or numbered paragraphs; Annex I split in
two tables with a repeated header row; sector numerals typed or drawn by Word's numbering; the
footnote markup of each HTML producer; Word's tracked changes, content controls and fields. Then a
second producer, LibreOffice, re-saves the Word file as Word, HTML and OpenDocument (and as Word 97
and RTF, which it converts back to Word when they are read), and pandoc converts it to HTML. Each
rendering is read back and its 13 datasets compared with the text export's, frame for frame,
except where the rendering cannot carry the same data; each such case says why, and the manifest
says it too:

* ``links.target`` is the hyperlink the file stores: the text export stores none, the renderings
  store one per URL, equal to the repaired URL;
* a list heading written as a heading is a `heading`, not a table cell, in `paragraphs`;
* numbered paragraphs have no cell for their number, so `paragraphs` has fewer rows and the ids
  after them move: those renderings are compared on text;
* pandoc numbers footnotes from 1 and drops the numerals Word's numbering draws: compared on text.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pandas as pd
import pytest
from render import Layout, to_docx, to_html
from renderings import SAMPLES, assert_same_datasets, assert_warns_alike, datasets, libreoffice_convert
from support import path_without_libreoffice, processes_under

from pipeline.readers.libreoffice import PREFIX

LAYOUTS = {
    "annex_ii_in_one_table": Layout(),
    "annex_ii_in_three_tables": Layout(annex_ii="table_per_list"),
    "annex_ii_in_tables_under_headings": Layout(annex_ii="headings_before_tables"),
    "annex_ii_as_numbered_paragraphs": Layout(annex_ii="numbered_paragraphs"),
    "annex_i_in_two_tables_with_repeated_header_row": Layout(annex_i_tables=2),
    "sector_numerals_from_word_numbering": Layout(sector_numerals="word_numbering"),
}
NOTES = ("pandoc", "word", "libreoffice", "google_docs", "mammoth")
LIST_HEADINGS = 3
NUMBERED_WARNING = "Annex II: its lists are numbered paragraphs, not a table"
PANDOC_WARNING = "made by pandoc, which numbers footnotes from 1"
INFERRED_WARNING = "sector numerals inferred from the order of the sector headings, which show none: I–IX"


# -- this project's renderings ------------------------------------------------------------


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("file_format", ["docx", "html"])
def test_rendering_gives_the_text_exports_datasets(layout, file_format, document_2023, extract_rendering, reference):
    def write(path: Path) -> None:
        if file_format == "docx":
            to_docx(document_2023, path, LAYOUTS[layout])
        else:
            path.write_text(to_html(document_2023, LAYOUTS[layout]), encoding="utf-8")

    out, manifest = extract_rendering(f"{layout}.{file_format}", write)
    expected, expected_manifest = reference
    found = datasets(out)
    assert manifest["source"]["format"] == file_format
    assert len(found["projects"]) == 55 and found["projects"].list.value_counts().to_dict() == {
        "completed_evaluated": 40,
        "ongoing": 8,
        "approved": 7,
    }
    if layout == "annex_ii_as_numbered_paragraphs":
        assert_same_datasets(found, expected, on_text=True)
        assert len(found["paragraphs"]) == len(expected["paragraphs"]) - 55
        assert_warns_alike(manifest, expected_manifest, NUMBERED_WARNING)
        return
    if layout == "annex_ii_in_tables_under_headings":
        headings = found["paragraphs"].paragraph_kind != expected["paragraphs"].paragraph_kind
        assert found["paragraphs"][headings].text.str.endswith(("(40)", "(8)", "(7)")).sum() == LIST_HEADINGS
        assert (found["paragraphs"][headings].paragraph_kind == "heading").all()
        cells = ["paragraph_kind", "table_number", "cell_number"]
        found = {**found, "paragraphs": found["paragraphs"].drop(columns=cells)}
        expected = {**expected, "paragraphs": expected["paragraphs"].drop(columns=cells)}
    assert_same_datasets(found, expected)
    assert_warns_alike(manifest, expected_manifest)


@pytest.mark.parametrize("notes", NOTES)
def test_html_footnotes_of_every_producer_give_the_whole_note(notes, document_2023, extract_rendering, reference):
    out, manifest = extract_rendering(
        f"notes-{notes}.html",
        lambda path: path.write_text(to_html(document_2023, Layout(notes=notes)), encoding="utf-8"),
    )
    found = datasets(out)
    assert_same_datasets(found, reference[0])
    assert_warns_alike(manifest, reference[1])
    note_186 = found["footnotes"].set_index("footnote").text[186]
    assert note_186.endswith(
        "Voir le document CDIP/31/8, accessible à l’adresse suivante : "
        "www.wipo.int/meetings/fr/doc_details.jsp?doc_id=620128."
    )


def test_word_tracked_changes_content_controls_and_fields_read_as_word_shows_them(
    document_2023, extract_rendering, reference
):
    out, manifest = extract_rendering(
        "word-features.docx", lambda path: to_docx(document_2023, path, Layout(word_features=True))
    )
    found = datasets(out)
    assert_same_datasets(found, reference[0])  # no deleted text, no field instruction, every insertion
    assert_warns_alike(manifest, reference[1])
    assert not found["paragraphs"].text.str.contains("Phrase supprimée|HYPERLINK").any()


def test_sectors_without_numerals_in_html_are_numbered_by_their_heading_level(
    document_2023, extract_rendering, reference
):
    """An HTML page whose sector headings lost their numerals (pandoc drops Word's) but keep h1."""
    out, manifest = extract_rendering(
        "sectors-by-level.html",
        lambda path: path.write_text(re.sub(r"<h1>[IVX]+\. ", "<h1>", to_html(document_2023)), encoding="utf-8"),
    )
    sections = pd.read_parquet(out / "sections")
    expected = reference[0]["sections"]
    assert sections.drop(columns="title").equals(expected.drop(columns="title"))
    assert INFERRED_WARNING in manifest["warnings"]


# -- a second producer -----------------------------------------------------------------------

LIBREOFFICE_LAYOUTS = (
    "annex_ii_in_one_table",
    "annex_ii_in_three_tables",
    "annex_i_in_two_tables_with_repeated_header_row",
    "sector_numerals_from_word_numbering",
)


@pytest.mark.parametrize("layout", LIBREOFFICE_LAYOUTS)
@pytest.mark.parametrize("file_format", ["docx", "html", "odt"])
def test_libreoffice_resave_gives_the_text_exports_datasets(
    layout, file_format, soffice, document_2023, extract_rendering, reference, tmp_path
):
    source = tmp_path / "rapport.docx"
    to_docx(document_2023, source, LAYOUTS[layout])
    out, manifest = extract_rendering(
        f"libreoffice-{layout}.{file_format}", lambda path: libreoffice_convert(soffice, source, file_format, path)
    )
    assert_same_datasets(datasets(out), reference[0])
    assert_warns_alike(manifest, reference[1])


def test_libreoffice_html_sample_gives_every_footnote_whole(extract_rendering, reference):
    """tests/samples/renderings: LibreOffice 7.4's HTML export, kept for machines without it."""
    out, manifest = extract_rendering(
        "libreoffice-sample.html", lambda path: shutil.copy(SAMPLES / "rapport_da_2023_fr.libreoffice.html", path)
    )
    found = datasets(out)
    assert_same_datasets(found, reference[0])
    assert_warns_alike(manifest, reference[1])
    assert len(found["footnotes"]) == 189
    assert found["footnotes"].text.tolist() == reference[0]["footnotes"].text.tolist()
    assert (len(found["links"]), len(found["document_refs"])) == (121, 36)


@pytest.mark.parametrize("file_format", ["odt", "doc", "rtf"])
def test_libreoffice_formats_give_the_text_exports_datasets(
    file_format, soffice, document_2023, extract_rendering, reference, tmp_path
):
    """Saved by LibreOffice as OpenDocument (read natively), Word 97 or RTF (both converted back to
    .docx by LibreOffice): the manifest describes the file as given, and the converter."""
    source = tmp_path / "rapport.docx"
    to_docx(document_2023, source)
    out, manifest = extract_rendering(
        f"libreoffice.{file_format}", lambda path: libreoffice_convert(soffice, source, file_format, path)
    )
    assert_same_datasets(datasets(out), reference[0])
    assert_warns_alike(manifest, reference[1])
    given = Path(manifest["source"]["path"])
    version = re.match(
        r"LibreOffice [\d.]+", subprocess.run([soffice, "--version"], capture_output=True, text=True).stdout
    ).group(0)
    assert (given.name, manifest["source"]["format"], manifest["source"]["sha256"]) == (
        f"rapport_da_2023_fr.{file_format}",
        file_format,
        hashlib.sha256(given.read_bytes()).hexdigest(),
    )
    assert manifest["source"]["converter"] == (None if file_format == "odt" else version)
    conversions = f"{PREFIX}{os.getpid()}-"  # this process's: none left behind, neither folder nor process
    assert list(Path(tempfile.gettempdir()).glob(f"{conversions}*")) == [] and processes_under(conversions) == []


def test_libreoffice_odt_sample_gives_the_text_exports_datasets_without_libreoffice(
    extract_rendering, reference, monkeypatch
):
    """tests/samples/renderings: LibreOffice 7.4's .odt, read with no LibreOffice on the machine."""
    monkeypatch.setenv("PATH", path_without_libreoffice())
    out, manifest = extract_rendering(
        "libreoffice-sample.odt", lambda path: shutil.copy(SAMPLES / "rapport_da_2023_fr.libreoffice.odt", path)
    )
    found = datasets(out)
    assert_same_datasets(found, reference[0])
    assert_warns_alike(manifest, reference[1])
    assert (manifest["source"]["format"], manifest["source"]["converter"]) == ("odt", None)
    assert found["footnotes"].text.tolist() == reference[0]["footnotes"].text.tolist()


def test_pandoc_html_gives_the_text_exports_datasets_on_text(
    pandoc, document_2023, extract_rendering, reference, tmp_path
):
    """pandoc numbers footnotes from 1 (it ignores Word's numStart): the same notes, one number lower."""
    source = tmp_path / "rapport.docx"
    to_docx(document_2023, source)

    def convert(path: Path) -> None:
        subprocess.run([pandoc, str(source), "--standalone", "-o", str(path)], check=True, timeout=180)

    out, manifest = extract_rendering("pandoc.html", convert)
    found = datasets(out)
    assert found["footnotes"].footnote.tolist() == [n - 1 for n in reference[0]["footnotes"].footnote]
    assert_same_datasets(found, reference[0], on_text=True)
    assert any(w.startswith(PANDOC_WARNING) for w in manifest["warnings"])
