"""Step 6, paragraphs: lines grouped into paragraphs, and a paragraph's lines joined into its text.

Grouping: lines go on while the gap to the next one is a line's, the style stays, no list marker
starts the next line, and the line before did not end a sentence with room left for the next
line's first word (which tells a paragraph's end at a page break, too), and the next line does not
open with the label after its paragraph's own (``markers``). Headings: a style larger or bolder
than the body's; their level ranks their size.

Joining lines: a space, except inside a URL (the next line goes on with the address; where one link
goes on over both lines, as its address writes them, a hyphenation mark between them dropped) and
after a hyphen between two letters, judged by evidence:

- a hyphen drawn by automatic hyphenation (pdfium's U+FFFE, a soft hyphen U+00AD, WeasyPrint's
  U+2010) is removed, unless the document writes the hyphenated word elsewhere and never the word
  whole (``Asie-Pacifique`` broken at its own hyphen); inside a web address it is removed only where
  the joined pieces make a word the document writes (``www.wi-`` ``po.int``) or the language model
  knows, or where a host's words run together end with one (``_joined_in_address``), so an address
  seldom loses one of its own hyphens;
- an ASCII hyphen stays, unless it splits a word the document writes elsewhere unbroken and never
  with this hyphen (``déve-`` ``loppement``; ``COVID-19``, ``e-PCT``, ``sous-régions`` keep theirs).

Raised digits are footnote references where a note has that number.
"""

from __future__ import annotations

import re
from urllib.parse import unquote

from pipeline.document.model import Paragraph
from pipeline.document.normalise import LINK_END, LinkStart
from pipeline.document.normalise import paragraph as build_paragraph
from pipeline.language.lemmas import model_vocabulary
from pipeline.language.urls import OPENERS, SCHEME, looks_like_url
from pipeline.readers.pdf.glyphs import Glyph
from pipeline.readers.pdf.indents import indented_openings
from pipeline.readers.pdf.lines import Line, Metrics, spaced
from pipeline.readers.pdf.markers import opens_next_item
from pipeline.readers.pdf.tolerances import Tolerances

HEADING_MAX_CHARS = 300
END_PUNCTUATION = tuple(".:;!?…")  # punctuation that may end a paragraph
SENTENCE_END = tuple(".!?…")  # a sentence's end, after which no enumeration runs on
PARAGRAPH_END = END_PUNCTUATION + tuple(')]»”"')  # what a paragraph's last line ends with: that, or a closer after it
URL_CLOSING_PUNCTUATION = '.,;:!)]”’"»'  # an address a line ends with one of these is finished
URL_BREAKS = "/-?=&_#%~"  # after these, a line may break inside an address
URL_BREAKS_BEFORE = "/?=&_#%~"  # before these too (TeX's url breaks before "_"): no word starts with one
ITEM_START = re.compile(r"^(?:[ivxlc]{1,6}\)|[a-z]\)|[·•▪◦‣\uf0b7])(?:\s|$)")
BULLET_START = re.compile(r"^[·•▪◦‣\uf0b7]\s")  # a bullet starts an item; "i)" may run on in a sentence
BULLETS = {"•": "·", "\uf0b7": "·", "\uf0a7": "▪"}  # Word's Symbol-font bullets read as Word's reader reads them
BOUND_TO_WORD_BEFORE = ":;!?%»”"  # French typography puts a no-break space before these
HYPHENS = "-\u2010\u00ad"
AUTOMATIC_HYPHENS = "\u2010\u00ad"  # drawn by hyphenation: pdfium's U+FFFE is read as U+00AD (see glyphs)
# French words that never end a sentence: a line ending with one goes on (the report is in French).
NEVER_LAST_WORDS = frozenset(
    "à au aux de des du d’ d' en et ou la le les l’ l' un une pour par sur dans avec "
    "sans entre vers chez sous dont".split()
)
LINK_EVIDENCE = 8  # characters each side of a line break looked up in a link's address
UNHYPHEN = object()  # the joint that removes the hyphen ending the line above
REHYPHEN = object()  # the joint that writes the hyphenation mark ending the line above as an ASCII hyphen


# -- grouping lines ------------------------------------------------------------------------------


def group_paragraphs(column: list[Line], metrics: Metrics) -> list[list[Line]]:
    """Consecutive lines of one column → paragraphs (lists of lines); a line that opens with the label
    after its paragraph's own (``markers``), or set in by a first-line indent (``indents``), starts the
    next one."""
    grouped: list[list[Line]] = []
    indented = indented_openings(column, metrics.tolerances)
    for line in column:
        if (
            grouped
            and not breaks(grouped[-1][-1], line, metrics)
            and not opens_next_item(grouped[-1], line)
            and id(line) not in indented
        ):
            grouped[-1].append(line)
        else:
            grouped.append([line])
    return grouped


def breaks(above: Line, below: Line, metrics: Metrics, same_page: bool = True) -> bool:
    """Does a new paragraph start at ``below``? (See the module's docstring.)"""
    if same_page and (paragraph_gap(above, below, metrics) or below.bottom > above.bottom):
        return True
    if _starts_anew(above, below, metrics):
        return True
    if not above.text.endswith(PARAGRAPH_END):
        return False
    if ITEM_START.match(below.text):
        # a line breaker puts the marker on the line if it fits (a no-break space binds it to its word):
        # where it would have fitted it opens an item, else it may run on in an enumeration, which
        # follows a colon or a semicolon, not a sentence's end
        return above.text.endswith(SENTENCE_END) or _room(above, below, metrics, slack=metrics.tolerances.marker_slack)
    return _room(above, below, metrics) and not below.text[:1].islower()


def paragraph_gap(above: Line, below: Line, metrics: Metrics) -> bool:
    """Is the gap between two lines wider than a paragraph's line pitch? A line with superscripts may
    be pushed down by no more than their rise (a browser's line box grows to hold them): then it is
    a line of the same paragraph."""
    gap, pitch = above.bottom - below.bottom, metrics.pitch(above.size)
    return gap - below.superscript_rise > pitch and gap > metrics.tolerances.paragraph_gap * pitch


def is_note_text(lines: list[Line]) -> bool:
    """An editorial note such as ``[Les annexes suivent]``."""
    return lines[0].text.startswith("[") and lines[-1].text.endswith("]")


def text_goes_on(above: Line, below: Line) -> bool:
    """Text that cannot have ended: the next line starts in lower case, or this one ends with a comma, a
    hyphen or a word that never ends a sentence. (A cell's last line often ends without punctuation, a
    title or a label, and leaves no room for a long first word: neither tells that a cell goes on.)"""
    words = above.text.split()
    return (
        below.text[:1].islower()
        or above.text.endswith((",", "-"))
        or bool(words)
        and words[-1].lower() in NEVER_LAST_WORDS
    )


def paragraph_goes_on(above: Line, below: Line, metrics: Metrics) -> bool:
    """A cell's paragraph broken by the page: its text goes on, or its sentence is unfinished and the
    next word did not fit."""
    if _starts_anew(above, below, metrics):
        return False
    return text_goes_on(above, below) or (not above.text.endswith(PARAGRAPH_END) and not _room(above, below, metrics))


def next_item(paragraph: list[Line], below: Line) -> bool:
    """Does ``below`` open the next item of the list ``paragraph`` is an item of (both open with a
    list marker)? Then it starts a paragraph, though the line above left no room (a page break)."""
    return bool(ITEM_START.match(paragraph[0].text) and ITEM_START.match(below.text))


def _starts_anew(above: Line, below: Line, metrics: Metrics) -> bool:
    """A heading begins or ends, or a bullet starts an item."""
    heading = metrics.is_heading_style(above)
    return (
        heading != metrics.is_heading_style(below)
        or (heading and above.style != below.style)
        or bool(BULLET_START.match(below.text))
    )


def _room(above: Line, below: Line, metrics: Metrics, words: int = 1, slack: float | None = None) -> bool:
    """Was there room at the end of ``above`` for the first words of ``below`` (up to a space where a
    line may break: a no-break space binds two words), and ``slack`` more? Then the line did not end
    for want of room. Where the producer drew no spaces, a no-break space looks like any other: one
    word more must fit."""
    first, tolerances = below.fragments[0], metrics.tolerances
    breaks_at = [
        (a, b)
        for a, b in zip(first.glyphs, first.glyphs[1:])
        if _may_break_before(b, metrics) and spaced(a, b, first.size, tolerances.word_gap)
    ]
    words += any(b.space_invented for _, b in breaks_at[:words])
    end = breaks_at[words - 1][0] if len(breaks_at) >= words else first.glyphs[-1]
    needed = end.right - first.x0 + (tolerances.room_slack if slack is None else slack) * above.size
    return above.x1 + needed <= max(above.right, above.x1) + tolerances.room_tolerance


def _may_break_before(glyph: Glyph, metrics: Metrics) -> bool:
    """May a line break at the gap before ``glyph``? Where the producer draws its spaces, at a drawn
    space; where it only places words apart (TeX), a no-break space looks like any gap: then at any gap
    but before a number or a high punctuation mark, which French typography binds to the word before
    (``En 2023``, ``n° 5``, ``membres :``)."""
    if metrics.spaces_drawn:
        return glyph.after_space
    return not glyph.char.isdigit() and glyph.char not in BOUND_TO_WORD_BEFORE


# -- joining a paragraph's lines -----------------------------------------------------------------


def to_paragraph(lines: list[Line], metrics: Metrics, numbers: set[int], in_table: bool = False) -> Paragraph:
    """The model's paragraph of ``lines``; ``numbers`` are the footnotes' (raised digits that are none
    stay text)."""
    built = build_paragraph(pieces(lines, metrics, numbers))
    if (
        not in_table
        and metrics.is_heading_style(lines[0])
        and len(built.text) <= HEADING_MAX_CHARS
        and not built.is_note
        and built.list_marker is None
    ):
        built.is_heading = True
        built.heading_level = metrics.heading_level(lines[0])
    return built


def pieces(lines: list[Line], metrics: Metrics, numbers: set[int]) -> list:
    """The lines' text as the pieces ``normalise.paragraph`` reads: strings, footnote numbers and
    hyperlink marks."""
    word_gap = metrics.tolerances.word_gap
    stream: list = []
    carried = ""  # the address the line above goes on with, begun on the lines before it
    for index, line in enumerate(lines):
        if index:
            joined = joint(lines[index - 1], line, metrics, carried)
            carried = _carried_over(lines[index - 1], carried, joined)
            if joined is UNHYPHEN or joined is REHYPHEN:
                _replace_last_char(stream, "-" if joined is REHYPHEN else "")
            else:
                stream.append(joined)
        for number, fragment in enumerate(line.fragments):
            if number:
                stream.append(" ")
            if fragment.plain:
                stream.append(fragment.text)
                continue
            for previous, glyph in zip([None] + fragment.glyphs, fragment.glyphs):
                if spaced(previous, glyph, fragment.size, word_gap):
                    stream.append(" ")
                stream.append(glyph)
    return _as_pieces(stream, numbers)


def _replace_last_char(stream: list, replacement: str) -> None:
    if isinstance(stream[-1], str):
        stream[-1] = stream[-1][:-1] + replacement
    else:  # a glyph
        stream[-1:] = [replacement] if replacement else []


def _as_pieces(stream: list, numbers: set[int]) -> list:
    """Strings and glyphs → pieces: raised digits that number a note become its number, and a change
    of link target opens or closes a hyperlink."""
    result: list = []
    text: list[str] = []
    digits: list[str] = []
    link = None

    def flush_digits() -> None:
        if digits:
            number = int("".join(digits))
            result.extend(["".join(text), number] if number in numbers else ["".join(text) + "".join(digits)])
            text.clear()
            digits.clear()

    for item in stream:
        target = item.link if isinstance(item, Glyph) else link
        if target != link:
            flush_digits()
            result.append("".join(text))
            text.clear()
            result += ([LINK_END] if link else []) + ([LinkStart(target)] if target else [])
            link = target
        if isinstance(item, Glyph) and item.raised and item.char.isdigit():
            digits.append(item.char)
            continue
        flush_digits()
        chars = item if isinstance(item, str) else item.char
        text.append(BULLETS.get(chars[:1], chars[:1]) + chars[1:] if not text and not result else chars)
    flush_digits()
    result.append("".join(text))
    return [p for p in result + ([LINK_END] if link else []) if p != ""]


def joint(above: Line, below: Line, metrics: Metrics, carried: str = ""):
    """What joins two lines of a paragraph: a space, nothing (inside a URL or after a hyphen that stays),
    ``UNHYPHEN`` where the hyphen splits a word, ``REHYPHEN`` where a hyphenation mark is a word's own
    hyphen (see the module's docstring). ``carried``: the address that ``above`` goes on with, begun
    on the lines before it (``_carried_address``)."""
    before, after = above.text, below.text
    if _hyphen_starts_a_host_label(before) and after[:1].isalnum():
        return UNHYPHEN
    linked = _link_joint(above, below)
    if linked is not None:
        return linked
    automatic = before[-1:] in AUTOMATIC_HYPHENS
    if not automatic and _url_goes_on(above, below, metrics, carried):
        return ""
    if not (before[-1:] in HYPHENS and before[-2:-1].isalnum() and after[:1].isalnum()):
        return " "
    head = re.search(r"([^\W\d_]+)\W$", before)
    tail = re.match(r"[^\W\d_]+", after)
    if automatic:
        return _hyphenation_joint(before, head.group(1) if head else "", tail.group(0) if tail else "", metrics)
    if head and tail and after[0].islower() and _splits_word(head.group(1), tail.group(0), metrics):
        return UNHYPHEN
    return ""


def _link_joint(above: Line, below: Line):
    """Where a link goes on from one line to the next and its address writes out both ends, the address
    tells how they join: written together (nothing, or ``UNHYPHEN`` where a hyphenation mark split
    them; with a space the break hid, ``…/Development`` ``Agenda…`` under ``…/Development%20Agenda…``),
    or None where it writes neither (linked words, a space between)."""
    link = above.fragments[-1].glyphs[-1].link
    if not link or link != below.fragments[0].glyphs[0].link or not above.text.split() or not below.text.split():
        return None
    address = _as_written(link)
    tail = above.text.split()[-1][-LINK_EVIDENCE:]
    head = _as_written(below.text.split()[0][:LINK_EVIDENCE]).rstrip(URL_CLOSING_PUNCTUATION + "↩")
    if not head:
        return None
    if _as_written(tail) + head in address:
        return ""
    if f"{_as_written(tail)} {head}" in unquote(address):
        return " "
    if tail[-1:] in AUTOMATIC_HYPHENS and _as_written(tail[:-1]) + head in address:
        return UNHYPHEN
    return None


def _as_written(text: str) -> str:
    """A non-breaking hyphen as the ASCII one an address writes."""
    return text.replace("\u2011", "-")


def _hyphenation_joint(before: str, head: str, tail: str, metrics: Metrics):
    if _in_url(before):
        return UNHYPHEN if head and tail and _joined_in_address(head, tail, metrics) else REHYPHEN
    return REHYPHEN if head and tail and _splits_word(head, tail, metrics, whole=False) else UNHYPHEN


def _joined_in_address(head: str, tail: str, metrics: Metrics) -> bool:
    """Is a hyphenation mark between two pieces of an address the hyphenation's? Where they make a word
    the document writes (``wi-`` ``po.int``) or the language model knows (``ex-`` ``port``), or the end
    of the first and the second make one the document writes whole and never hyphenated (a host's words
    run together, ``accessiblebooksconsor-`` ``tium.org``)."""
    joined = (head + tail).lower()
    if metrics.words[joined] or joined in model_vocabulary():
        return True
    return any(_splits_word(head[start:], tail, metrics) for start in range(1, len(head) - 1))


def _hyphen_starts_a_host_label(text: str) -> bool:
    """A line that ends in a web address's host with ``.-``: no host name has a label that starts with
    a hyphen, so the hyphen is the hyphenation's (LibreOffice's French hyphenation breaks
    ``www.-`` ``wipo.int``; pdfium reads its mark as ``-`` after a dot)."""
    words = text.split()
    word = words[-1].lstrip(OPENERS) if words else ""
    host = SCHEME.sub("", word)
    return (host != word or host.lower().startswith("www.")) and "/" not in host and host.endswith(".-")


def _in_url(text: str) -> bool:
    words = text.split()
    return bool(words) and looks_like_url(words[-1].lstrip(OPENERS))


def _splits_word(head: str, tail: str, metrics: Metrics, whole: bool = True) -> bool:
    """The document writes the word ``whole`` (or hyphenated, ``whole=False``) elsewhere, and never the other way."""
    joined, hyphenated = metrics.words[(head + tail).lower()], metrics.words[f"{head}-{tail}".lower()]
    return bool(joined) and not hyphenated if whole else bool(hyphenated) and not joined


def _url_goes_on(above: Line, below: Line, metrics: Metrics, carried: str = "") -> bool:
    """A URL broken by the end of a line: the line above ends in an address (begun on it or, a line of
    one word, on the lines before) that ends no sentence, or was cut inside (``_cut_inside_address``),
    and left no room for the next line's first word, and it broke where a line may break inside an
    address (after ``/``, ``-``, ``?`` …, or before ``_``, ``=`` … that start no word) or, an address
    too long for any line, where the line was full."""
    words, token = above.text.split(), _carried_address(above, carried)
    last, first = above.fragments[-1].glyphs[-1], below.fragments[0].glyphs[0]
    if first.after_space:  # the line broke at a space the producer drew
        return False
    if last.link is not None and first.link != last.link:  # the address's link ends with the line
        return False
    tolerances = metrics.tolerances
    ends = token.endswith(tuple(URL_CLOSING_PUNCTUATION)) and not _cut_inside_address(above, below, tolerances)
    if not looks_like_url(token) or ends or _room(above, below, metrics):
        return False
    full = above.x1 >= above.right - tolerances.full_line * above.size
    return token[-1] in URL_BREAKS or below.text[:1] in URL_BREAKS_BEFORE or (len(words) == 1 and full)


def _carried_address(above: Line, carried: str) -> str:
    """The address a line goes on with where the line above ended inside it: the line above's last
    word, after what that line itself went on with if it is that word alone."""
    words = above.text.split()
    return (carried if len(words) == 1 else "") + (words[-1].lstrip(OPENERS) if words else "")


def _carried_over(above: Line, carried: str, joined) -> str:
    """The address the next line goes on with where ``above`` went on with it (``_carried_address``):
    over nothing, or over a hyphenation mark inside the address, as the joint left it."""
    if joined == "":
        return _carried_address(above, carried)
    address = _carried_address(above, carried) if joined is UNHYPHEN or joined is REHYPHEN else ""
    return address[:-1] + ("-" if joined is REHYPHEN else "") if _in_url(address) else ""


def _cut_inside_address(above: Line, below: Line, tolerances: Tolerances) -> bool:
    """A line cut inside an address after a dot or a closing mark (a browser breaks an address too long
    for its line anywhere, wkhtmltopdf's ``news_0003.`` ``html``): the next line's first glyph had no
    room left on it, and goes on the address (no capital opening a sentence)."""
    first = below.fragments[0].glyphs[0]
    room = max(above.right, above.x1) + tolerances.room_tolerance - above.x1
    return first.right - first.left > room and not first.char.isupper()
