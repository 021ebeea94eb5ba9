"""Readers: one per source format, all producing a ``Document``.

``read_report`` chooses the reader from the file's content, not its name
(a legacy .doc or RTF file is converted to .docx by LibreOffice first), then
applies the checks that hold whatever the format: footnote references and
bodies match, and the year the report states agrees with the year asked.
"""

from __future__ import annotations

import hashlib
from html import unescape
import importlib
import re
from collections import Counter
from pathlib import Path

from pipeline.errors import ReportError
from pipeline.document.model import Document, Footnote, Paragraph, Source
from pipeline.document.normalise import join_continued_tables
from pipeline.readers.text import read_text

MAX_TEXT_BYTES = 50 * 1024 * 1024  # the 2023 report is 0.25 MB; Word files have their own limit
FRENCH_WORDS = frozenset("le la les de des du et en un une pour dans par sur au aux est sont a été qui que avec "
                         "ses leur ce cette son ont".split())
MIN_FRENCH_SHARE = 0.15  # share of common French words among the words of a French report (2023: about 0.35)
REPORT_YEAR = re.compile(r"\bpour\s+l[’']ann[ée]e\s+((?:19|20)\d\d)\b", re.IGNORECASE)
YEAR_SEARCH_PARAGRAPHS = 5
CONTROL = re.compile(r"[\x01-\x08\x0b\x0e-\x1f]")  # control characters other than tab and line ends
WORD = re.compile(r"[^\W\d_]+")
PAGE_LOOK = 2 * 1024 * 1024  # characters of an HTML page read before its tree is built (the 2023 report: 0.35 MB)
MARKUP = re.compile(r"<(script|style)\b.*?</\1\s*>|<!--.*?-->|<[^>]*>", re.IGNORECASE | re.DOTALL)
PDF_HEADER_WITHIN = 1024  # a PDF's "%PDF-" may follow other bytes, within the first kilobyte
SUBJECT = re.compile(r"plan\s+d[’']action\s+pour\s+le\s+d[ée]veloppement", re.IGNORECASE)


def report_file(path: Path) -> Path:
    """The report inside a ``raw/<year>/`` folder, or ``path`` itself."""
    path = Path(path)
    if not path.is_dir():
        if not path.exists():
            raise ReportError(str(path), "no such file")
        return path
    candidates = sorted(p for p in path.iterdir() if p.is_file() and not p.name.startswith((".", "README")))
    if len(candidates) != 1:
        found = ", ".join(p.name for p in candidates) or "nothing"
        raise ReportError(str(path), f"expected exactly one report in the folder, found {found}")
    return candidates[0]


def year_from_folder(path: Path) -> int | None:
    """``raw/2023`` or ``raw/2023/report.txt`` → 2023."""
    path = Path(path)
    for part in (path.name, path.parent.name):
        if re.fullmatch(r"(19|20)\d\d", part):
            return int(part)
    return None


def read_report(path: Path, year: int | None = None) -> Document:
    path = report_file(path)
    size = path.stat().st_size
    if size > MAX_TEXT_BYTES and not _is_zip(path):
        raise ReportError(str(path), f"refused: {size / 2**20:.0f} MiB is more than the {MAX_TEXT_BYTES // 2**20} MiB "
                                     "a report can be")
    data = path.read_bytes()
    source = Source(path=path.as_posix(), sha256=hashlib.sha256(data).hexdigest(), format="", size_bytes=len(data))
    name = str(path)
    blocks, footnotes, warnings = _read_by_content(data, source, name)
    blocks = join_continued_tables(blocks)
    _check_language(blocks, name)
    warnings += _check_footnotes(blocks, footnotes, name)
    stated = stated_year(blocks)
    expected = year if year is not None else year_from_folder(path)
    if stated is None:
        if expected is None:
            raise ReportError(name, "the report states no year (“pour l’année …”) and none was given with --year")
        warnings.append(f"incomplete: the report states no year (“pour l’année …”); using {expected}")
    elif expected is not None and stated != expected:
        raise ReportError(name, f"the report is for {stated} but the folder or --year says {expected}")
    return Document(year=expected or stated, source=source, blocks=blocks, footnotes=footnotes, warnings=warnings)


HTML_START = re.compile(r"\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title|div|p|h[1-6]|table)\b",
                        re.IGNORECASE | re.DOTALL)


def _read_by_content(data: bytes, source: Source, name: str):
    """The reader is chosen by what the file holds, whatever its name; ``source`` is told the
    format, and the converter of a file LibreOffice converts first."""
    if not data.strip():
        raise ReportError(name, "the file is empty")
    source.format = _binary_format(data, name)
    if source.format in CONVERTED:
        from pipeline.readers.libreoffice import convert_to_docx, converter_version

        data = convert_to_docx(data, source.format, name)
        blocks, footnotes = _reader("docx")(data, name)
        source.converter = converter_version(data)
        return blocks, footnotes, []
    if source.format is not None:
        return (*_reader(source.format)(data, name), [])
    text, warnings = _decode(data, name)
    if HTML_START.match(text):
        source.format = "html"
        _check_page(text, name)
        from pipeline.readers.html import read_html  # BeautifulSoup: only for HTML pages

        blocks, footnotes, producer = read_html(text, name)
        return blocks, footnotes, warnings + producer
    source.format = "text"
    return (*read_text(text.replace("\r\n", "\n").replace("\r", "\n"), name), warnings)


BINARY_READERS = {  # imported when a file needs them: python-docx, lxml and pypdfium2 only for their formats
    "docx": ("pipeline.readers.docx", "read_docx"),
    "odt": ("pipeline.readers.odt", "read_odt"),
    "fodt": ("pipeline.readers.odt", "read_fodt"),
    "pdf": ("pipeline.readers.pdf.reader", "read_pdf"),
}
CONVERTED = ("doc", "rtf")  # read through LibreOffice


def _reader(format: str):
    module, function = BINARY_READERS[format]
    return getattr(importlib.import_module(module), function)


def _binary_format(data: bytes, name: str) -> str | None:
    """The format the first bytes show (an OpenDocument zip by its ``mimetype`` member, a
    legacy Office file by its stream directory); None for text and HTML."""
    from pipeline.readers.odt import is_flat_odt, odf_mimetype
    from pipeline.readers.ole import SIGNATURE as OLE2_SIGNATURE
    from pipeline.readers.ole import check_word_97

    if data.startswith(b"PK"):
        return "odt" if odf_mimetype(data) is not None else "docx"
    if data.startswith(OLE2_SIGNATURE):
        check_word_97(data, name)
        return "doc"
    if data.startswith(b"{\\rtf"):
        return "rtf"
    if b"%PDF-" in data[:PDF_HEADER_WITHIN]:
        return "pdf"
    return "fodt" if is_flat_odt(data) else None


def _decode(data: bytes, name: str) -> tuple[str, list[str]]:
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


def _is_zip(path: Path) -> bool:
    with open(path, "rb") as handle:
        return handle.read(2) == b"PK"


def _check_language(blocks, name: str) -> None:
    _check_french([w.lower() for p in iter_paragraphs(blocks) for w in WORD.findall(p.text)], name)


def _check_french(words: list[str], name: str) -> None:
    if not words:
        raise ReportError(name, "no text found")
    share = sum(w in FRENCH_WORDS for w in words) / len(words)
    if share < MIN_FRENCH_SHARE:
        raise ReportError(name, f"not a report in French (only {share:.0%} of its words are common French words)")


def _check_page(page: str, name: str) -> None:
    """A cheap look at an HTML page's text before its tree is built: building the tree of a large
    page costs seconds and a gigabyte, so a page that is not a French report about the Development
    Agenda is refused from its first ``PAGE_LOOK`` characters."""
    text = unescape(MARKUP.sub(" ", page[:PAGE_LOOK]))
    _check_french(WORD.findall(text.lower()), name)
    if not SUBJECT.search(text):
        raise ReportError(name, "does not look like a Development Agenda report: its text never names the "
                                "“Plan d’action pour le développement”")


def stated_year(blocks) -> int | None:
    paragraphs = [b for b in blocks if isinstance(b, Paragraph)][:YEAR_SEARCH_PARAGRAPHS]
    for paragraph in paragraphs:
        match = REPORT_YEAR.search(paragraph.text)
        if match:
            return int(match.group(1))
    return None


def _check_footnotes(blocks, footnotes: list[Footnote], name: str) -> list[str]:
    """References and bodies that do not pair up are kept and named: a reference without a body
    stays in its paragraph's ``footnotes``; a body without a reference is a footnote no paragraph cites."""
    cited = Counter(ref.number for p in iter_paragraphs(blocks) for ref in p.footnote_refs)
    bodies = {f.number for f in footnotes}
    warnings = []
    if missing := sorted(set(cited) - bodies):
        warnings.append(f"footnote reference without a body: {_numbers(missing)}")
    if orphans := sorted(bodies - set(cited)):
        warnings.append(f"footnote body without a reference: {_numbers(orphans)} (its paragraph_id is null)")
    warnings += [f"footnote {n} is referenced {k} times" for n, k in sorted(cited.items()) if k > 1]
    if bodies:
        gaps = sorted(set(range(1, max(bodies) + 1)) - bodies)
        if gaps:
            warnings.append(
                f"footnote numbers absent from the source: {_numbers(gaps)} "
                "(footnote 1 is usually on the cover page, which exports leave out)"
            )
    return warnings


def iter_paragraphs(blocks):
    """Every paragraph in reading order, table cells included."""
    for block in blocks:
        if isinstance(block, Paragraph):
            yield block
        else:
            for cell in block.cells():
                yield from cell.paragraphs


def _numbers(numbers: list[int]) -> str:
    return ", ".join(map(str, numbers))
