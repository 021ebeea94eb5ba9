"""The tree of an HTML report's page, on BeautifulSoup: its blocks and footnotes.

* Headings ``h1``–``h6``, paragraphs, lists (``ol`` of letters or roman numerals gives
  ``i``, ``a`` … markers, ``ul`` gives ``·``; a decimal ``ol`` numbers paragraphs, as
  Word's numbering does, see ``Paragraph.numbering``), tables (rows of ``td``/``th``, a
  cell's block children as its paragraphs; a ``thead`` row is a header row);
  ``script``, ``style``, ``template`` and the ``head`` are ignored.
* Footnotes in every convention in common use: a reference is a link ``<a href="#X">``
  outside the notes whose target X is a note: inside a container whose id, class or
  role says notes, or whose id or name reads like one. Seen in the wild:

  ========================  =============================  ===============================
  producer                  reference                      note
  ========================  =============================  ===============================
  pandoc                    ``a.footnote-ref`` → ``#fn2``  ``section.footnotes li#fn2``
  Word "Web page"           ``a[name=_ftnref2]`` → _ftn2   ``div#ftn2``
  LibreOffice               ``a.sdfootnoteanc`` → …2sym    ``div#sdfootnote2``
  Google Docs               ``a#ftnt_ref2`` → ``#ftnt2``   ``div`` holding ``a#ftnt2``
  mammoth                   ``a#footnote-ref-2``           ``li#footnote-2``
  ========================  =============================  ===============================

  A note's body is the largest element around its target that holds no other note
  and no reference: every paragraph of the note, never only the first. The number is
  the link's own digits (``2``, ``[2]``), else the target's. Back-links and the
  leading ``[2]`` label are left out of the note's text.
* Hyperlinks (``<a href>`` to a page, not a note) keep their target.
* Bounded: elements nested deeper than ``MAX_DEPTH`` are refused with a clear error.
"""

from __future__ import annotations

import re
from collections import Counter

from bs4 import BeautifulSoup, Comment, NavigableString, Tag

from pipeline.document.model import Block, Cell, Footnote, Paragraph, Row, Table
from pipeline.document.normalise import LINK_END, LinkStart, footnote, text_of
from pipeline.document.normalise import paragraph as build_paragraph
from pipeline.errors import ReportError
from pipeline.language.french import list_label
from pipeline.readers.base import check_paragraph_count, check_text_length, is_page_link

IGNORED = ("script", "style", "noscript", "template", "head", "iframe", "object", "svg")
HEADINGS = {f"h{n}": n for n in range(1, 7)}
BLOCKS = {
    *(
        "p ul ol table div section article main header footer aside nav blockquote figure dl dd dt pre "
        "address center form".split()
    ),
    *HEADINGS,
}
CONTAINERS = set("div section article main header footer aside nav blockquote figure center form body html dl".split())
NOTE_CONTAINER = re.compile(r"foot|endnote|\bnotes?\b|ftn|doc-endnote|doc-footnote", re.IGNORECASE)
NOTE_ID = re.compile(
    r"^_?(?:fn|ftnt?|footnote|sdfootnote|note|endnote|sdendnote|en)[-_:]?(\d+)(?:sym|anc)?$", re.IGNORECASE
)
NOTE_CONTAINERS = ("section", "div", "aside", "ol", "ul", "footer", "dl", "nav")
OUTSIDE_NOTES = ("body", "html", "[document]")
BACKLINK_TEXT = re.compile(r"^\s*[↩↑^⤴]\ufe0e?\s*$")
LABEL = re.compile(r"^\s*(?:\[\s*(\d+)\s*\]|\(\s*(\d+)\s*\)|(\d+)[.):]?(?=\s|$))\s*")  # "[2]", "(2)", "2."
HTML_SPACE = re.compile(r"[ \t\n\r\f]+")  # white space as HTML reads it: no-break spaces are text
MAX_DEPTH = 400
HTML_BLOCK = re.compile(r"<(?:p|h[1-6]|li|td|th|div)[\s/>]", re.IGNORECASE)  # what may become a paragraph
CLOSED_TAG = re.compile(
    r"<(/?)(?:div|section|article|aside|blockquote|table|ul|ol|dl|span|font|a)\b[^>]*(?<!/)>", re.IGNORECASE
)  # a report nests blocks a dozen levels deep; a page nested deeper is not one


def read_html(text: str, source: str) -> tuple[list[Block], list[Footnote], list[str]]:
    """The page's blocks, its footnotes, and warnings about what its producer is known to lose."""
    _check_nesting(text, source)
    check_paragraph_count(len(HTML_BLOCK.findall(text)), source)
    check_text_length(text, source)
    soup = BeautifulSoup(text, "lxml")
    warnings = _producer_warnings(soup)
    for tag in soup(IGNORED):
        tag.decompose()
    for comment in soup.find_all(string=lambda s: isinstance(s, Comment)):
        comment.extract()
    notes = _Notes(soup)
    root = soup.body or soup
    blocks = _Walker(notes, source).blocks(root)
    return blocks, notes.footnotes(), warnings


def _check_nesting(text: str, source: str) -> None:
    """Refuse a page nested deeper than any report from a look at its tags, before its tree is built
    (building a tree of 200,000 nested elements costs seconds). Only elements that pages always
    close are counted, so that an unclosed ``<p>`` or ``<li>`` cannot add depth."""
    depth = 0
    for tag in CLOSED_TAG.finditer(text):
        depth += -1 if tag.group(1) else 1
        if depth > MAX_DEPTH:
            raise ReportError(source, f"HTML nested more than {MAX_DEPTH} levels deep: not a report")


def _producer_warnings(soup: BeautifulSoup) -> list[str]:
    """What a known producer loses on the way, said once."""
    generator = soup.find("meta", attrs={"name": "generator"})
    if generator is not None and str(generator.get("content", "")).lower().startswith("pandoc"):
        return [
            "made by pandoc, which numbers footnotes from 1 whatever number Word's notes start at, and drops "
            "the numerals Word's numbering gives headings: footnote numbers and sector numerals may differ "
            "from the Word file's"
        ]
    return []


class _Notes:
    """Footnote references and bodies; the bodies are taken out of the page's flow."""

    def __init__(self, soup: BeautifulSoup):
        self.references: dict[int, int] = {}  # id(anchor) → number
        named = _named_elements(soup)
        targets: dict[int, Tag] = {}
        anchors = []
        for anchor in soup.find_all("a", href=re.compile(r"^#.")):
            target_id = anchor["href"][1:]
            target = named.get(target_id)
            if target is None or _in_notes(anchor) or not (_in_notes(target) or NOTE_ID.match(target_id)):
                continue
            number = _digits(anchor.get_text()) or _digits(target_id)
            if number is None:
                continue
            self.references[id(anchor)] = number
            targets.setdefault(number, target)
            anchors.append(anchor)
        self.reference_ids = {a.get("id") or a.get("name") for a in anchors}
        self.bodies = _note_bodies(targets, anchors)
        for element in self.bodies.values():
            if element.parent is not None:
                element.extract()
        citing = {id(parent) for anchor in anchors for parent in anchor.parents}
        for container in [t for t in soup.find_all(NOTE_CONTAINERS) if _is_notes_container(t)]:
            if container.parent is not None and id(container) not in citing:
                container.extract()  # what is left of the notes: headings such as "Notes"

    def number(self, element: Tag) -> int | None:
        return self.references.get(id(element))

    def footnotes(self) -> list[Footnote]:
        footnotes = []
        for number, element in sorted(self.bodies.items()):
            for anchor in element.find_all("a"):
                href = anchor.get("href", "")
                if href[1:] in self.reference_ids or BACKLINK_TEXT.match(anchor.get_text()):
                    anchor.decompose()
            leaves = [p for p in element.find_all(["p", "div"]) if not p.find(["p", "div"])] or [element]
            lines = [line for line in (list(_pieces(leaf, None)) for leaf in leaves) if text_of(line).strip()]
            if lines:
                lines[0] = _without_label(lines[0], number)
            footnotes.append(footnote(number, lines))
        return footnotes


def _named_elements(soup: BeautifulSoup) -> dict[str, Tag]:
    """Every element by its id, and anchors by their name, found in one pass."""
    named: dict[str, Tag] = {}
    for element in soup.find_all(True):
        for key in (element.get("id"), element.get("name") if element.name == "a" else None):
            if key and key not in named:
                named[key] = element
    return named


def _note_bodies(targets: dict[int, Tag], references: list[Tag]) -> dict[int, Tag]:
    """For each note, the largest element around its target that holds no other note and no reference."""
    holding = Counter()
    for target in targets.values():
        holding.update(id(parent) for parent in target.parents)
    for reference in references:
        holding.update({id(parent): 2 for parent in reference.parents})
    bodies = {}
    for number, target in targets.items():
        body = target
        for parent in target.parents:
            if parent.name in OUTSIDE_NOTES or holding[id(parent)] > 1:
                break
            body = parent
        bodies[number] = body
    return bodies


class _Walker:
    def __init__(self, notes: _Notes, source: str):
        self.notes = notes
        self.source = source

    def blocks(self, root: Tag, depth: int = 0) -> list[Block]:
        if depth > MAX_DEPTH:
            raise ReportError(self.source, f"HTML nested more than {MAX_DEPTH} levels deep: not a report")
        blocks: list[Block] = []
        inline: list = []
        for child in root.children:
            if isinstance(child, Tag) and (child.name in BLOCKS or child.name in ("li", "tr")):
                self._flush(inline, blocks)
                blocks += self._block(child, depth + 1)
            else:
                inline.append(child)
        self._flush(inline, blocks)
        return blocks

    def _flush(self, inline: list, blocks: list) -> None:
        if inline:
            paragraph = self._paragraph(inline)
            if paragraph.text:
                blocks.append(paragraph)
            inline.clear()

    def _block(self, element: Tag, depth: int) -> list[Block]:
        name = element.name
        if name in HEADINGS:
            paragraph = self._paragraph(element.contents)
            paragraph.is_heading, paragraph.heading_level = True, HEADINGS[name]
            return [paragraph] if paragraph.text else []
        if name in ("ul", "ol"):
            return self._list(element, depth)
        if name == "table":
            return [self._table(element, depth)]
        if name in CONTAINERS and any(isinstance(c, Tag) and c.name in BLOCKS for c in element.children):
            return self.blocks(element, depth)
        paragraph = self._paragraph(element.contents)
        return [paragraph] if paragraph.text else []

    def _list(self, element: Tag, depth: int) -> list[Block]:
        if depth > MAX_DEPTH:
            raise ReportError(self.source, f"HTML nested more than {MAX_DEPTH} levels deep: not a report")
        blocks: list[Block] = []
        kind = element.get("type", "1") if element.name == "ol" else None
        counter = (
            int(element.get("start", 1)) if element.name == "ol" and str(element.get("start", "")).isdigit() else 1
        )
        for item in element.find_all("li", recursive=False):
            if str(item.get("value", "")).isdigit():
                counter = int(item["value"])
            nested = [c for c in item.children if isinstance(c, Tag) and c.name in ("ul", "ol")]
            own = [c for c in item.children if c not in nested]
            label = f"{list_label(counter, kind)}. " if kind else ""
            for paragraph in self._item_paragraphs(own, label):
                if not paragraph.is_heading:  # a numbered heading has its label in its text already
                    _number(paragraph, kind, counter)
                blocks.append(paragraph)
            for sub in nested:
                blocks += self._list(sub, depth + 1)
            counter += 1
        return blocks

    def _item_paragraphs(self, nodes: list, label: str) -> list[Paragraph]:
        """A list item's own paragraph; an item holding a heading (``<li><h1>…``, as office suites
        write numbered headings) is that heading, its label written in front: ``I. Secteur …``."""
        headings = [n for n in nodes if isinstance(n, Tag) and n.name in HEADINGS]
        if headings and not any(isinstance(n, NavigableString) and n.strip() for n in nodes):
            paragraph = self._paragraph([label, *headings[0].contents])
            paragraph.is_heading, paragraph.heading_level = True, HEADINGS[headings[0].name]
            return [paragraph] if paragraph.text else []
        paragraph = self._paragraph(nodes)
        return [paragraph] if paragraph.text else []

    def _table(self, element: Tag, depth: int) -> Table:
        table = Table()
        for tr in element.find_all("tr"):
            if tr.find_parent("table") is not element:
                continue
            cells = tr.find_all(["td", "th"], recursive=False)
            row = Row(header=tr.parent.name == "thead" or bool(cells) and all(c.name == "th" for c in cells))
            for td in cells:
                paragraphs = [b for b in self.blocks(td, depth + 1) if isinstance(b, Paragraph)]
                for paragraph in paragraphs:
                    paragraph.is_heading = False
                row.cells.append(Cell(paragraphs))
            table.rows.append(row)
        return table

    def _paragraph(self, nodes) -> Paragraph:
        return build_paragraph(piece for node in nodes for piece in _pieces(node, self.notes))


def _pieces(node, notes: _Notes | None):
    """Text, footnote numbers and hyperlink marks under ``node``, in order; iterative, so that
    no nesting depth can exhaust the stack."""
    stack = [iter([node])]
    while stack:
        child = next(stack[-1], None)
        if child is None:
            stack.pop()
            continue
        if child is LINK_END:
            yield LINK_END
        elif isinstance(child, NavigableString):  # the page's text: its line breaks are the producer's wrapping
            yield str(child) if _preformatted(child) else HTML_SPACE.sub(" ", child)
        elif isinstance(child, str):  # a label the reader writes in front
            yield child
        elif not isinstance(child, Tag):
            continue
        elif notes is not None and notes.number(child) is not None:
            yield notes.number(child)
        elif child.name == "br":
            yield "\n"
        elif child.name == "sup" and notes is not None and _only_references(child, notes):
            yield from (notes.number(a) for a in child.find_all("a"))
        elif child.name == "a" and is_page_link(child.get("href")):
            yield LinkStart(child["href"].strip())
            stack.append(iter([*child.children, LINK_END]))
        else:
            stack.append(iter(child.children))


def _number(paragraph: Paragraph, kind: str | None, counter: int) -> None:
    """A list item's marker (``iv``, ``·``); a decimal list numbers paragraphs, as Word's numbering does."""
    if paragraph.list_marker is not None:
        return
    if kind == "1":
        paragraph.numbering = f"{counter}."
    else:
        paragraph.list_marker = "·" if kind is None else list_label(counter, kind)


def _preformatted(text: NavigableString) -> bool:
    return any(parent.name in ("pre", "textarea") for parent in text.parents)


def _only_references(sup: Tag, notes: _Notes) -> bool:
    anchors = sup.find_all("a")
    return bool(anchors) and all(notes.number(a) is not None for a in anchors)


def _without_label(pieces: list, number: int) -> list:
    """The note's first line without its leading ``[2]`` or ``2.`` label, where the page wrote one as text."""
    first = next((i for i, p in enumerate(pieces) if isinstance(p, str) and p.strip()), None)
    label = LABEL.match(pieces[first]) if first is not None else None
    if label and int(next(filter(None, label.groups()))) == number:
        pieces[first] = pieces[first][label.end() :]
    return pieces


def _in_notes(element: Tag) -> bool:
    return any(_is_notes_container(parent) for parent in [element, *element.parents] if isinstance(parent, Tag))


def _is_notes_container(element: Tag) -> bool:
    if element.name not in NOTE_CONTAINERS:
        return False  # a reference link may be class "footnote-ref": only blocks hold notes
    labels = " ".join([element.get("id") or "", " ".join(element.get("class") or []), element.get("role") or ""])
    return element.name == "aside" or bool(labels.strip() and NOTE_CONTAINER.search(labels))


def _digits(text: str) -> int | None:
    match = re.search(r"\d+", text or "")
    return int(match.group(0)) if match else None
