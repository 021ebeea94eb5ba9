"""Step 1, glyphs: what PDFium reads of each page of a born-digital PDF (exported from Word or
LibreOffice).

A PDF keeps no paragraphs, only glyphs placed on pages. For every glyph, its character, its box,
the size it is drawn at and whether its font is bold; the thin paths drawn on each page (rules, borders,
the footnote separator); and the web addresses of the link annotations, given to the glyphs they
cover. The steps that follow rebuild the document model from these alone.

Refused with a one-line error: a PDF that needs a password, one whose permissions forbid
extracting text, one with no text layer (a scan: no OCR here), one that pdfium cannot open or
whose pages it cannot load (a damaged page tree), and one that asks for more than the reader's
budgets (``budgets``: pages, objects, images, glyphs, paths, link annotations and the content pdfium
parses, each counted before it is read). Glyphs the fonts do not map back to Unicode come out as
pdfium reads them; a document that is not this report is refused later, by the checks every format
goes through.
"""

from __future__ import annotations

import ctypes
import math
import re
import unicodedata
from dataclasses import dataclass

from pipeline.errors import ReportError
from pipeline.readers.pdf.budgets import (
    LIMITS,
    MAX_FORMS_PER_PAGE,
    MAX_HELD_OBJECTS,
    MAX_OBJECTS_PER_PAGE,
    Budget,
    check_streams,
)
from pipeline.readers.pdf.forms import check_forms


@dataclass(slots=True)
class Glyph:
    char: str
    left: float
    right: float
    bottom: float  # the baseline it sits on (its box's bottom moves with each font's descent: a fallback font's glyph)
    size: float  # drawn at: the font's size scaled by the text matrix (a unit font scaled up, a page scaled down)
    bold: bool
    after_space: bool = False  # a space glyph was drawn before it: a place where a line may break
    link: str | None = None
    raised: bool = False  # a superscript (set by pipeline.readers.pdf.lines)
    space_invented: bool = False  # after_space from a gap, the producer drawing no spaces: maybe a no-break space


@dataclass(frozen=True)
class Path:
    left: float
    bottom: float
    right: float
    top: float


@dataclass
class Page:
    number: int
    glyphs: list[Glyph]
    paths: list[Path]


MIN_GLYPHS_PER_PAGE = 20  # fewer on average: the text is in images (a scan)
EXTRACT_PERMISSION = 1 << 4  # bit 5 of the permission flags: copy or extract text
BOLD_NAMES = ("bold", "black", "heavy", "semibold", "demibold")
FORCE_BOLD_FLAG = 1 << 18  # bit 19 of a font descriptor's flags
FORM_DEPTH = 2  # the page's objects and those of the forms it draws: where producers put rules
# Characters read as something else: pdfium writes a hyphen that ends a line between two letters as
# U+FFFE (kept as a soft hyphen, for the paragraphs step to judge: the hyphenation's, or a compound's own
# hyphen broken at the line's end); Ghostscript's re-saves map ligatures to letters with their two bytes
# swapped (``ff`` as U+6600 U+6600), ideographs no French report writes.
READ_AS = {"\ufffe": "\u00ad"} | {chr(code << 8): chr(code) for code in range(0x21, 0x7F)}
# The line-end hyphens pdfium leaves unmarked, read as the marked ones: one it took for a line of its own
# (drawn apart, past its line's last letter, as LibreOffice does in a justified cell), and the page's last
# glyph, which no line follows.
UNMARKED_LINE_END_HYPHEN = re.compile(r"(?<=[^\W\d_]\r\n)-(?=\r\n[^\W\d_])|(?<=[^\W\d_])-(?=\s*$)")
# Ghostscript (10.00) keeps two of a three-letter ligature's units, swapped: the middle letter, then the
# sum of the first and the last (``ffl`` as U+6600 U+D200, a Hangul syllable). The sum alone could be
# many pairs of letters; the ligature glyphs fonts draw are Unicode's (U+FB00–U+FB06), and the two units
# name one of them only: it is read as that ligature's letters.
LATIN_LIGATURES = [unicodedata.normalize("NFKC", chr(code)) for code in range(0xFB00, 0xFB07)]
THREE_LETTER_LIGATURES = [letters for letters in LATIN_LIGATURES if len(letters) == 3]  # ffi, ffl
SUMMED = {
    (chr(ord(letters[1]) << 8), chr((ord(letters[0]) + ord(letters[2])) << 8)): letters
    for letters in THREE_LETTER_LIGATURES
}
SUMMED_UNITS = re.compile("[" + "".join(sorted({second for _, second in SUMMED})) + "]")


def read_pages(data: bytes, source: str) -> list[Page]:
    """Every page of the PDF ``data``: its glyphs in content order, and its paths. Every page's
    objects and glyphs are counted before any glyph is read (``_counted``): a PDF past the totals
    is refused at the cost of loading its pages, not of reading them."""
    import pypdfium2 as pdfium  # imported here so that other formats do not pay for it

    budget = Budget(source)
    check_streams(data, source)
    check_forms(data, source)
    document = _open(pdfium, data, source)
    held: dict[int, tuple] = {}
    try:
        budget.check_pages(len(document))
        for index in range(len(document)):
            _counted(pdfium, document, index, budget, held)
        pages = [_page(pdfium, document, index, budget, held.pop(index, None)) for index in range(len(document))]
    finally:
        for loaded in held.values():
            _close(*loaded[:2])
        document.close()
    if sum(len(p.glyphs) for p in pages) < MIN_GLYPHS_PER_PAGE * len(pages):
        raise ReportError(source, "no text layer: scanned PDFs are not supported")
    return pages


def _open(pdfium, data: bytes, source: str):
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        if "password" in str(error).lower():
            raise ReportError(source, "encrypted: the PDF needs a password") from None
        raise ReportError(source, f"not a readable PDF ({error})") from None
    permissions = pdfium.raw.FPDF_GetDocPermissions(document.raw) & 0xFFFFFFFF
    if pdfium.raw.FPDF_GetSecurityHandlerRevision(document.raw) != -1 and not permissions & EXTRACT_PERMISSION:
        document.close()
        raise ReportError(source, "encrypted: its permissions forbid extracting text")
    return document


def _counted(pdfium, document, index: int, budget: Budget, held: dict[int, tuple]) -> None:
    """Load page ``index`` and its text, and take its objects and glyphs from the budget; kept
    loaded in ``held`` for ``_page`` while the pages kept hold no more than ``MAX_HELD_OBJECTS``
    (a report's pages all fit), else loaded again when it is read."""
    page = _loaded(pdfium, document, index, budget.source)
    textpage = None
    try:
        objects, forms, images, paths = _objects_drawn(pdfium.raw, page.raw)
        budget.check_objects(objects, forms, index)
        budget.take("images", images, index)  # the costliest objects to parse: a page of 100,000 took 0.3 s
        textpage = page.get_textpage()
        budget.take("glyphs", _char_count(pdfium, textpage), index)
    except pdfium.PdfiumError as error:  # its content, or its text, that pdfium cannot read
        _close(page, textpage)
        raise ReportError(budget.source, f"damaged PDF: page {index + 1} cannot be read ({error})") from None
    except BaseException:
        _close(page, textpage)
        raise
    if budget.held + objects > MAX_HELD_OBJECTS:
        _close(page, textpage)
        return
    budget.held += objects
    held[index] = (page, textpage, paths)


def _page(pdfium, document, index: int, budget: Budget, loaded: tuple | None) -> Page:
    """Page ``index`` read: ``loaded``, its page, text and paths kept from ``_counted``, or loaded again."""
    page, textpage, paths = loaded or (_loaded(pdfium, document, index, budget.source), None, None)
    try:
        textpage = textpage or page.get_textpage()
        glyphs = _glyphs(pdfium.raw, textpage.raw, _char_count(pdfium, textpage))
        _mark_links(glyphs, _link_areas(pdfium.raw, document, page, index, budget))
        paths = paths if paths is not None else _objects_drawn(pdfium.raw, page.raw)[3]
        return Page(index, glyphs, _paths(pdfium.raw, paths, index, budget))
    except pdfium.PdfiumError as error:  # its text, or a path, that pdfium cannot read
        raise ReportError(budget.source, f"damaged PDF: page {index + 1} cannot be read ({error})") from None
    finally:
        _close(page, textpage)


def _loaded(pdfium, document, index: int, source: str):
    try:
        return document[index]
    except pdfium.PdfiumError as error:  # a page tree that lies about its pages, or loops
        raise ReportError(source, f"damaged PDF: page {index + 1} cannot be loaded ({error})") from None


def _char_count(pdfium, textpage) -> int:
    count = pdfium.raw.FPDFText_CountChars(textpage.raw)
    if count < 0:
        raise pdfium.PdfiumError("no text page")
    return count


def _close(page, textpage) -> None:
    if textpage is not None:
        textpage.close()
    page.close()


def _objects_drawn(raw, page) -> tuple[int, int, int, list]:
    """(objects, forms, images) the page draws, a form's objects counted each time the form is drawn
    (a form may draw forms in turn): counted before its text is read, no further than the budgets;
    and the paths on the page and in the forms it draws (``FORM_DEPTH``), for ``_paths``: one walk."""
    objects = forms = images = 0
    paths: list = []
    pending = [(None, 1)]  # None: the page itself; else a form object still to count, and its depth
    while pending and objects <= MAX_OBJECTS_PER_PAGE and forms <= MAX_FORMS_PER_PAGE:
        form, depth = pending.pop()
        count = max(raw.FPDFPage_CountObjects(page) if form is None else raw.FPDFFormObj_CountObjects(form), 0)
        objects += count
        for number in range(count if objects <= MAX_OBJECTS_PER_PAGE else 0):
            drawn = raw.FPDFPage_GetObject(page, number) if form is None else raw.FPDFFormObj_GetObject(form, number)
            kind = raw.FPDFPageObj_GetType(drawn)
            if kind == raw.FPDF_PAGEOBJ_FORM:
                forms += 1
                pending.append((drawn, depth + 1))
            elif kind == raw.FPDF_PAGEOBJ_PATH and depth <= FORM_DEPTH:
                paths.append(drawn)
            images += kind == raw.FPDF_PAGEOBJ_IMAGE
    return objects, forms, images, paths


def _glyphs(raw, textpage, count: int) -> list[Glyph]:
    """Every drawn character in content order. Spaces are left out: the layout measures gaps instead,
    since pdfium invents spaces where it sees a gap and drops some that are drawn (no-break spaces);
    each glyph says whether a space was drawn before it."""
    box = raw.FS_RECTF()
    name = ctypes.create_string_buffer(64)
    flags = ctypes.c_int()
    text = _text(raw, textpage, count)
    bold_fonts: dict[tuple[bytes, int], bool] = {}
    glyphs, after_invented_space = [], []
    drawn_space = word_start = True
    invented_space = False
    bold, size = False, 0.0
    matrix, x, y = raw.FS_MATRIX(), ctypes.c_double(), ctypes.c_double()
    origin = raw.FPDFText_GetCharOrigin
    # looked up once: 200k calls each
    char_box, font_size, char_matrix = raw.FPDFText_GetLooseCharBox, raw.FPDFText_GetFontSize, raw.FPDFText_GetMatrix
    for index, char in enumerate(_read_as(text)):
        if char.isspace() or char in "\x00\x02\uffff":
            producers = char == " " and not raw.FPDFText_IsGenerated(textpage, index)
            drawn_space, invented_space = drawn_space or producers, invented_space or (char == " " and not producers)
            word_start = True
            continue
        char_box(textpage, index, box)
        glyph_size = font_size(textpage, index)
        if word_start or glyph_size != size:  # the font is read once a word: a word changes font rarely
            raw.FPDFText_GetFontInfo(textpage, index, name, 64, flags)
            font = (name.value, flags.value)
            bold = bold_fonts[font] if font in bold_fonts else bold_fonts.setdefault(font, _is_bold(*font))
        size = glyph_size
        char_matrix(textpage, index, matrix)
        origin(textpage, index, x, y)
        drawn = glyph_size * math.sqrt(abs(matrix.a * matrix.d - matrix.b * matrix.c))
        glyphs.append(Glyph(char, box.left, box.right, y.value, drawn, bold, drawn_space))
        if invented_space and not drawn_space:
            after_invented_space.append(glyphs[-1])
        drawn_space = word_start = invented_space = False
    return _spaces_where_none_drawn(glyphs, after_invented_space)


def _spaces_where_none_drawn(glyphs: list[Glyph], after_invented_space: list[Glyph]) -> list[Glyph]:
    """A page whose producer draws no spaces (a browser may place each word on its own) has pdfium's
    spaces, invented at the gaps between words, as its only places where a line may break: where they
    outnumber the spaces drawn, the glyphs after them count as after a space."""
    if len(after_invented_space) > sum(glyph.after_space for glyph in glyphs):
        for glyph in after_invented_space:
            glyph.after_space = glyph.space_invented = True
    return glyphs


def _text(raw, textpage, count: int) -> str:
    """The page's characters, one per index (a page with characters beyond the BMP is read one by one)."""
    buffer = (ctypes.c_ushort * (count + 1))()
    raw.FPDFText_GetText(textpage, 0, count, buffer)
    text = bytes(buffer)[: 2 * count].decode("utf-16-le", "replace")
    if len(text) != count:
        text = "".join(chr(raw.FPDFText_GetUnicode(textpage, index)) for index in range(count))
    return text


def _read_as(text: str) -> list[str]:
    """Each index's reading (``READ_AS``); a three-letter ligature Ghostscript summed is given back as
    its first letter and the other two, on the glyph of each unit."""
    chars = [READ_AS.get(char, char) for char in text]
    for hyphen in UNMARKED_LINE_END_HYPHEN.finditer(text):
        chars[hyphen.start()] = READ_AS["\ufffe"]
    for found in SUMMED_UNITS.finditer(text, 1):
        letters = SUMMED.get((text[found.start() - 1], found.group()))
        if letters:
            chars[found.start() - 1], chars[found.start()] = letters[0], letters[1:]
    return chars


def _is_bold(name: bytes, flags: int) -> bool:
    """From the font's name (``DejaVuSans-Bold``) or its descriptor's ForceBold flag: pdfium's weight
    reads 400 for LibreOffice's bold fonts."""
    return bool(flags & FORCE_BOLD_FLAG) or any(word in name.decode("latin-1").lower() for word in BOLD_NAMES)


def _paths(raw, drawn_paths: list, index: int, budget: Budget) -> list[Path]:
    """The bounds of every vector path: rules, borders, the footnote separator, on the page and in the
    forms it draws (one level down), as ``_objects_drawn`` met them. Counted as they come: a form drawn
    many times gives its paths many times. Read with pdfium's own calls: a page of 10,000 text objects
    (wkhtmltopdf draws each glyph as one) cost a second in Python wrappers."""
    paths: list[Path] = []
    most = LIMITS["paths"][0]
    bounds = [ctypes.c_float() for _ in range(4)]
    for drawn in drawn_paths:
        if len(paths) > most:
            break
        if raw.FPDFPageObj_GetBounds(drawn, *bounds):
            paths.append(Path(*(bound.value for bound in bounds)))
    budget.take("paths", len(paths), index)
    return paths


def _mark_links(glyphs: list[Glyph], areas: list) -> None:
    """Give each glyph under a link annotation that opens a web address that address (the first such
    link's, in the page's order). Glyphs are sorted by height once, so each link looks only at the
    glyphs of its own band, in arrays: no scan of every glyph for every link."""
    if not areas or not glyphs:
        return
    import numpy as np  # only for PDFs with links

    xs = np.array([(g.left + g.right) / 2 for g in glyphs])
    ys = np.array([g.bottom + g.size / 3 for g in glyphs])
    order = np.argsort(ys, kind="stable")
    xs, ys = xs[order], ys[order]
    owner = np.full(len(glyphs), -1)
    for number in range(len(areas) - 1, -1, -1):  # the first link over a glyph is written last: it wins
        (left, bottom, right, top), _ = areas[number]
        start, end = np.searchsorted(ys, bottom, "left"), np.searchsorted(ys, top, "right")
        band = owner[start:end]  # a view: written through
        band[(xs[start:end] >= left) & (xs[start:end] <= right)] = number
    for position in np.flatnonzero(owner >= 0):
        glyphs[order[position]].link = areas[owner[position]][1]


def _link_areas(raw, document, page, index: int, budget: Budget) -> list:
    """((left, bottom, right, top), address) of the page's links to web addresses, counted as they come."""
    position, link = ctypes.c_int(0), raw.FPDF_LINK()
    areas, links, most = [], 0, LIMITS["link annotations"][0]
    while links <= most and raw.FPDFLink_Enumerate(page.raw, position, link):
        links += 1
        target = _uri(raw, document, link)
        if target:
            areas += [(area, target) for area in _link_rectangles(raw, link)]
    budget.take("link annotations", links, index)
    return areas


def _uri(raw, document, link) -> str | None:
    action = raw.FPDFLink_GetAction(link)
    if not action or raw.FPDFAction_GetType(action) != raw.PDFACTION_URI:
        return None
    length = raw.FPDFAction_GetURIPath(document.raw, action, None, 0)
    buffer = ctypes.create_string_buffer(length)
    raw.FPDFAction_GetURIPath(document.raw, action, buffer, length)
    return buffer.value.decode("utf-8", "replace").strip() or None


def _link_rectangles(raw, link):
    """A link's quadrilaterals (one per line it covers) where it has them, else its rectangle."""
    quads = raw.FPDFLink_CountQuadPoints(link)
    points = raw.FS_QUADPOINTSF()
    for index in range(quads):
        if raw.FPDFLink_GetQuadPoints(link, index, points):
            xs, ys = (points.x1, points.x2, points.x3, points.x4), (points.y1, points.y2, points.y3, points.y4)
            yield min(xs), min(ys), max(xs), max(ys)
    if not quads:
        rectangle = raw.FS_RECTF()
        if raw.FPDFLink_GetAnnotRect(link, rectangle):
            yield (
                min(rectangle.left, rectangle.right),
                min(rectangle.bottom, rectangle.top),
                max(rectangle.left, rectangle.right),
                max(rectangle.bottom, rectangle.top),
            )
