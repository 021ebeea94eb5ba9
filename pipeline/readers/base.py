"""What every reader is: a class that recognises its format from a file's content and reads the
file into a ``Document``.

A reader says which ``Source.format`` it reads (``format``), whether a file is of that format
from a cheap look at its first bytes or its decoded text (``recognises``), and what the file
holds (``parse``); ``read`` is the same for every reader. ``pipeline.readers.READERS`` lists the
readers in the order they are asked; ``read_report`` then applies the checks that hold whatever
the format. A reader's module imports nothing heavy at its top: its library (python-docx, lxml,
BeautifulSoup, pypdfium2) is imported when a file of its format is read.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from abc import ABC, abstractmethod
from pathlib import Path
from typing import ClassVar, NamedTuple

from pipeline.document.model import Block, Document, Footnote, Source
from pipeline.errors import ReportError

CONTROL = re.compile(r"[\x01-\x08\x0b\x0e-\x1f]")  # control characters other than tab and line ends

# The one size limit of an input file, whatever its format, checked before the file is read into
# memory (and again while it is read: a size from ``stat`` is not a promise). The 2023 report is
# 0.25 MB as text, 0.4 MB as PDF; DA_EXTRACT_MAX_FILE_MIB (a whole number of MiB) changes it.
MAX_FILE_MIB = 50
MAX_FILE_VARIABLE = "DA_EXTRACT_MAX_FILE_MIB"
NOT_FILES = (  # what a path can lead to besides a regular file, none of which has an end to read to
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISSOCK, "a socket"),
)


class Content:
    """A report file read once: its bytes, which every reader's ``recognises`` may look at, and its
    text, decoded when a reader of text first asks for it (see ``decode``)."""

    def __init__(self, path: Path, data: bytes):
        self.path = Path(path)
        self.name = display_path(path)  # how errors name the file
        self.data = data
        self._text: str | None = None
        self.decoding_warnings: list[str] = []

    @classmethod
    def load(cls, path: Path) -> Content:
        """The file at ``path``, a regular file (links followed) within the size limit."""
        return cls(path, read_file(path, display_path(path)))

    @property
    def text(self) -> str:
        """The file decoded as text; a ``ReportError`` if its bytes are no text."""
        if self._text is None:
            self._text, self.decoding_warnings = decode(self.data, self.name)
        return self._text

    def source(self, format: str, converter: str | None = None) -> Source:
        return Source(
            path=display_path(self.path.as_posix()),
            sha256=hashlib.sha256(self.data).hexdigest(),
            format=format,
            size_bytes=len(self.data),
            converter=converter,
        )


class Parsed(NamedTuple):
    """What a reader found in a file: the model's blocks and footnote bodies, warnings about what the
    file's producer is known to lose, and the tool that converted the file first, if one did."""

    blocks: list[Block]
    footnotes: list[Footnote]
    warnings: tuple[str, ...] | list[str] = ()
    converter: str | None = None


class Reader(ABC):
    """The reader of one source format. To add a format: a module with a subclass that sets
    ``format`` and defines ``recognises`` and ``parse``, and one line in ``pipeline.readers.READERS``."""

    format: ClassVar[str]  # the name ``Source.format`` records

    @classmethod
    @abstractmethod
    def recognises(cls, content: Content) -> bool:
        """Whether the file is of this format, from a cheap look at its content (never its name).
        Readers asked earlier have said no. A reader of text may ask for ``content.text``, which
        refuses bytes that are no text: readers of text are asked after the readers of bytes."""

    @abstractmethod
    def parse(self, content: Content) -> Parsed:
        """The file's blocks and footnotes; a ``ReportError`` naming the file if it cannot be read."""

    def read(self, path: Path | Content) -> Document:
        """The document model of a file of this format (a path, or a file already loaded). Its
        ``year`` is None: ``read_report`` settles it, with the checks every format goes through."""
        content = path if isinstance(path, Content) else Content.load(path)
        parsed = self.parse(content)
        return Document(
            year=None,
            source=content.source(self.format, parsed.converter),
            blocks=parsed.blocks,
            footnotes=parsed.footnotes,
            warnings=[*content.decoding_warnings, *parsed.warnings],
        )


def display_path(path) -> str:
    """``path`` as text that can be written anywhere: a name that is not UTF-8 (bytes that Python
    keeps as surrogates) shows those bytes as ``\\xff``, as the error stream shows them, instead of
    failing when the path is encoded into JSON or Parquet."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


# Paragraphs (table cells' included) a report can hold: the 2023 report has about 550 in Word, 730 in
# OpenDocument, 1,000 HTML blocks. Counted in the markup before the tree is built, which for millions
# of empty paragraphs costs seconds and hundreds of MiB.
MAX_PARAGRAPHS = 100_000


# Characters of text a report can hold: the 2023 report's text export is 243,000. Counted before the
# text is read (outside the tags of markup), since each character then costs about half a microsecond
# through the readers and the checks: a report padded with 40 MB of words took 17 s and 1.5 GB.
MAX_TEXT_CHARACTERS = 1_500_000
TAGS = re.compile(r"<[^>]*>")
BYTE_TAGS = re.compile(rb"<[^>]*>")


def check_text_length(markup: str | bytes, source: str, tags: bool = True) -> None:
    """Refuse ``markup`` (or plain text, ``tags`` False) of more text than a report holds."""
    count = len(markup)
    if tags and count > MAX_TEXT_CHARACTERS:
        count -= sum(map(len, (BYTE_TAGS if isinstance(markup, bytes) else TAGS).findall(markup)))
    if count > MAX_TEXT_CHARACTERS:
        raise ReportError(
            source, f"refused: more than {MAX_TEXT_CHARACTERS:,} characters of text, more than a report can hold"
        )


def check_paragraph_count(count: int, source: str) -> None:
    """A file of more paragraphs than a report can hold is refused before they are read one by one."""
    if count > MAX_PARAGRAPHS:
        raise ReportError(source, f"refused: {count:,} paragraphs, more than the {MAX_PARAGRAPHS:,} a report can hold")


def max_file_bytes() -> int:
    """The size limit of an input file, in bytes: ``MAX_FILE_MIB``, or DA_EXTRACT_MAX_FILE_MIB."""
    value = os.environ.get(MAX_FILE_VARIABLE, "").strip()
    if not value:
        return MAX_FILE_MIB * 2**20
    if not value.isdecimal() or int(value) == 0:
        raise ReportError(MAX_FILE_VARIABLE, f"must be a whole number of MiB above 0, not {value!r}")
    return int(value) * 2**20


def read_file(path: Path, name: str) -> bytes:
    """The bytes of the regular file at ``path``, refused (a ``ReportError`` naming it as ``name``)
    when it is anything else or larger than the size limit. What it is comes from ``stat`` before
    it is opened (opening a FIFO with no writer waits for ever), and again from the open file (it
    may have been replaced meanwhile); at most limit + 1 bytes are read, whatever ``stat`` said."""
    limit = max_file_bytes()
    try:
        _check_regular(os.stat(path), path, name)
        with os.fdopen(os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)), "rb") as handle:
            status = os.fstat(handle.fileno())
            _check_regular(status, path, name)
            if status.st_size > limit:
                raise _too_large(name, limit, status.st_size)
            chunks = [handle.read(status.st_size + 1)]  # the whole file in one read, as a rule
            total = len(chunks[0])
            while total <= limit and (more := handle.read(min(2**20, limit + 1 - total))):
                chunks.append(more)  # the file grew, or stat gave no size (a file of /proc)
                total += len(more)
    except FileNotFoundError:
        raise ReportError(name, "no such file") from None
    except OSError as error:
        raise ReportError(name, f"cannot be read ({error.strerror or error})") from None
    if total > limit:
        raise _too_large(name, limit, None)
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def _check_regular(status: os.stat_result, path: Path, name: str) -> None:
    if stat.S_ISREG(status.st_mode):
        return
    kind = next((kind for is_kind, kind in NOT_FILES if is_kind(status.st_mode)), "not a regular file")
    link = f" (a link to {display_path(os.path.realpath(path))})" if os.path.islink(path) else ""
    raise ReportError(name, f"{kind}{link}, not a file: only a regular file is read")


def _too_large(name: str, limit: int, size: int | None) -> ReportError:
    found = f"{size / 2**20:.0f} MiB is more than" if size is not None else "the file holds more than"
    return ReportError(name, f"refused: {found} the {limit // 2**20} MiB a report can be (limit: {MAX_FILE_VARIABLE})")


def is_page_link(href) -> bool:
    """Does a hyperlink's target (an HTML ``href``, an ODF ``xlink:href``) lead out of the document,
    not to a place in it (``#…``, a footnote's anchor)?"""
    return isinstance(href, str) and bool(href.strip()) and not href.strip().startswith("#")


def decode(data: bytes, name: str) -> tuple[str, list[str]]:
    """UTF-8 (with or without BOM), UTF-16 with a BOM, or else Windows-1252, which Latin-1 letters
    share; bytes valid in none of them are refused rather than read as wrong letters."""
    warnings = []
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = _decoded(data, "utf-16", name)
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            text = _decoded(data, "cp1252", name, f"neither UTF-8 (byte {error.start}) nor Windows-1252 text")
            warnings.append("the file is not UTF-8: read as Windows-1252 (Latin-1)")
    if "\x00" in text or len(CONTROL.findall(text)) > len(text) // 100:
        raise ReportError(name, "binary content, not a text report")
    return text, warnings


def _decoded(data: bytes, encoding: str, name: str, problem: str | None = None) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        raise ReportError(name, problem or f"not valid {encoding} text") from None
