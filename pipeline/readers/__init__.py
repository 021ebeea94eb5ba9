"""Readers: one per source format, all producing a ``Document``.

``read_report`` asks the readers of ``READERS``, in order, which one recognises the file's
content (never its name); that reader reads it, then the checks that hold whatever the format
are applied (``pipeline.readers.checks``): tables continued after a page break are joined, the
report is in French, its footnote references and bodies pair up, and the year it states is the
year asked for. To add a format: a module with a ``Reader`` (``pipeline.readers.base``) and one
line in ``READERS``.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from pipeline.document.model import Document
from pipeline.document.normalise import join_continued_tables
from pipeline.errors import ReportError
from pipeline.readers.base import Content, Reader, display_path, read_file
from pipeline.readers.checks import (
    check_footnote_budget,
    check_footnotes,
    check_language,
    check_subject,
    iter_paragraphs,
    settled_year,
)
from pipeline.readers.docx import DocxReader
from pipeline.readers.html import HtmlReader
from pipeline.readers.libreoffice import LegacyWordReader, RtfReader
from pipeline.readers.odt import FlatOdtReader, OdtReader
from pipeline.readers.pdf import PdfReader
from pipeline.readers.text import TextReader

__all__ = [
    "READERS",
    "Reader",
    "iter_paragraphs",
    "load_document",
    "read_report",
    "reader_for",
    "report_file",
    "year_from_folder",
]

READERS: list[type[Reader]] = [  # asked in this order: the first that recognises the file reads it
    OdtReader,  # a zip whose mimetype member says OpenDocument text
    DocxReader,  # any other zip
    LegacyWordReader,  # an OLE2 compound file: Word 97, through LibreOffice
    RtfReader,  # "{\rtf", through LibreOffice
    PdfReader,  # "%PDF-" within the first kilobyte
    FlatOdtReader,  # XML whose root is office:document
    HtmlReader,  # text that starts as a page does
    TextReader,  # any other text: the fallback, last
]


def read_report(path: Path, year: int | None = None) -> Document:
    """The report at ``path`` (a file, or a ``raw/<year>/`` folder holding one) read by the reader
    its content calls for, then checked as every report is; ``year`` is the year expected, by
    default the folder's."""
    path = report_file(path)
    content = Content.load(path)  # a regular file within the size limit (base.MAX_FILE_MIB), or refused unread
    document = reader_for(content).read(content)
    blocks = join_continued_tables(document.blocks)
    check_language(blocks, content.name)
    check_subject(blocks, content.name)
    check_footnote_budget(blocks, document.footnotes, content.name)
    warnings = document.warnings + check_footnotes(blocks, document.footnotes)
    settled, year_warnings = settled_year(blocks, year if year is not None else year_from_folder(path), content.name)
    return replace(document, year=settled, blocks=blocks, warnings=warnings + year_warnings)


def reader_for(content: Content) -> Reader:
    """The reader of the first of ``READERS`` that recognises the file."""
    if not content.data.strip():
        raise ReportError(content.name, "the file is empty")
    for reader in READERS:
        if reader.recognises(content):
            return reader()
    raise ReportError(content.name, "no reader recognises the file")


def load_document(path: Path, year: int | None = None) -> Document:
    """A report file, a ``raw/<year>/`` folder, or a document model saved by ``da-extract read``."""
    path = Path(path)
    if path.suffix != ".json" or not path.is_file():
        return read_report(path, year)
    data = read_file(path, display_path(path))  # within the size limit, as a report is
    try:
        document = Document.from_json(data.decode("utf-8"))
    except (ValueError, KeyError, TypeError) as error:
        raise ReportError(display_path(path), f"not a document model saved by 'da-extract read' ({error})") from None
    if year is not None and year != document.year:
        raise ReportError(display_path(path), f"the document is for {document.year} but --year says {year}")
    return document


def report_file(path: Path) -> Path:
    """The report inside a ``raw/<year>/`` folder, or ``path`` itself. In a folder, anything but a
    folder is a candidate: a device or FIFO left there is then refused by name, not skipped."""
    path = Path(path)
    if not path.is_dir():
        if not path.exists() and not path.is_symlink():
            raise ReportError(display_path(path), "no such file")
        return path
    candidates = sorted(p for p in path.iterdir() if not p.is_dir() and not p.name.startswith((".", "README")))
    if len(candidates) != 1:
        found = ", ".join(display_path(p.name) for p in candidates) or "nothing"
        raise ReportError(display_path(path), f"expected exactly one report in the folder, found {found}")
    return candidates[0]


def year_from_folder(path: Path) -> int | None:
    """``raw/2023`` or ``raw/2023/report.txt`` → 2023."""
    path = Path(path)
    for part in (path.name, path.parent.name):
        if re.fullmatch(r"(19|20)\d\d", part):
            return int(part)
    return None
