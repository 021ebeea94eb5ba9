"""The readers' one interface: ``READERS`` asked in order, each recognising its format by content,
``read(path)`` the same for all, and the checks every format goes through applied by ``read_report``.
(What each format's reader makes of a file is in the tests of that format.)"""

from __future__ import annotations

import pytest
from support import ROOT

import pipeline.readers
from pipeline.document.normalise import paragraph
from pipeline.errors import ReportError
from pipeline.readers import READERS, read_report, reader_for
from pipeline.readers.base import Content, Parsed, Reader
from pipeline.readers.html import HtmlReader
from pipeline.readers.text import TextReader

SAMPLES = ROOT / "tests" / "samples" / "renderings"
OPENING = "Rapport sur le Plan d’action pour le développement pour l’année 2023 et les activités de l’OMPI"


class NotesReader(Reader):
    """A made-up format: a first line ``%notes``, then one paragraph a line, ``^N`` citing footnote N."""

    format = "notes"

    @classmethod
    def recognises(cls, content: Content) -> bool:
        return content.data.startswith(b"%notes\n")

    def parse(self, content: Content) -> Parsed:
        blocks = []
        for line in content.text.splitlines()[1:]:
            text, _, cited = line.partition("^")
            blocks.append(paragraph([text, int(cited)] if cited else [text]))
        return Parsed(blocks, [], ["a notes file keeps no table"])


def test_a_reader_added_to_the_list_reads_the_files_it_recognises_and_the_common_checks_follow(tmp_path, monkeypatch):
    monkeypatch.setattr(pipeline.readers, "READERS", [NotesReader, *READERS])
    path = tmp_path / "2023" / "rapport.txt"  # the name says text: the content is what counts
    path.parent.mkdir()
    path.write_text(f"%notes\n{OPENING}.\nLe rapport est pour les États membres.^3\n", encoding="utf-8")
    document = read_report(path.parent)
    assert document.source.format == "notes"
    assert [block.text for block in document.blocks] == [f"{OPENING}.", "Le rapport est pour les États membres."]
    assert document.year == 2023
    assert document.warnings == ["a notes file keeps no table", "footnote reference without a body: 3"]


def test_a_reader_alone_gives_the_model_before_the_checks(tmp_path):
    path = tmp_path / "rapport.txt"
    path.write_bytes("Texte en français de l’année 2023.".encode("cp1252"))
    document = TextReader().read(path)
    assert (document.year, document.source.format, document.warnings) == (
        None,
        "text",
        ["the file is not UTF-8: read as Windows-1252 (Latin-1)"],
    )
    assert [block.text for block in document.blocks] == ["Texte en français de l’année 2023."]


def test_a_file_no_reader_recognises_is_refused_naming_it(tmp_path, monkeypatch):
    monkeypatch.setattr(pipeline.readers, "READERS", [r for r in READERS if r is not TextReader])
    path = tmp_path / "2023" / "rapport.txt"
    path.parent.mkdir()
    path.write_text(f"{OPENING}.\n", encoding="utf-8")
    with pytest.raises(ReportError, match="no reader recognises the file") as error:
        read_report(path)
    assert error.value.source == str(path)


FLAT_ODT = (
    b'<?xml version="1.0"?>\n<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    b'office:mimetype="application/vnd.oasis.opendocument.text"/>'
)


@pytest.mark.parametrize(
    "data, format",
    [
        ((SAMPLES / "rapport_da_2023_fr.libreoffice.docx").read_bytes(), "docx"),
        ((SAMPLES / "rapport_da_2023_fr.libreoffice.odt").read_bytes(), "odt"),
        (FLAT_ODT, "fodt"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504), "doc"),
        (rb"{\rtf1\ansi Le rapport.\par}", "rtf"),
        ((SAMPLES / "rapport_da_2023_fr.libreoffice.pdf").read_bytes(), "pdf"),
        (b"\n" * 1000 + b"%PDF-1.7", "pdf"),  # within the first kilobyte
        ((SAMPLES / "rapport_da_2023_fr.pandoc.html").read_bytes(), "html"),
        (b"<!-- saved -->\n<p>Le rapport.</p>", "html"),
        ("Le rapport.\n\t<p>".encode("utf-16"), "text"),
    ],
)
def test_each_format_is_recognised_by_one_reader_text_being_the_fallback(tmp_path, data, format):
    """The readers of bytes never claim the same file; the readers of text, which decode it (and
    refuse bytes that are no text), come after them, HTML before text."""
    assert READERS[-2:] == [HtmlReader, TextReader]
    content = Content(tmp_path / "rapport", data)
    of_bytes = [reader.format for reader in READERS[:-2] if reader.recognises(content)]
    assert of_bytes == ([] if format in ("html", "text") else [format])
    assert reader_for(content).format == format
