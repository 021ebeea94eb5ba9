"""Reader for HTML reports, on BeautifulSoup.

* Headings ``h1``–``h6``, paragraphs, lists (``ol`` with ``type``/``start``/``value``
  gives ``i``, ``a`` or ``1`` markers; ``ul`` gives ``·``), tables (rows of ``td``/``th``,
  a cell's block children as its paragraphs); ``script``, ``style``, ``template``
  and the ``head`` are ignored.
* Footnotes in the forms in common use: a reference is a link ``<a href="#X">`` (in
  a ``sup`` or not) outside the notes whose target X is a note: inside a container
  whose id, class or role says notes (``section.footnotes``, ``div#footnotes``,
  ``aside``, ``role="doc-endnotes"``, Word's ``div#ftn2``), or whose id reads like one
  (``fn2``, ``_ftn2``, ``footnote-2``). The number is the link's own digits
  (``2``, ``[2]``), else the target's. Back-links and the leading ``[2]`` label
  are left out of the note's text.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, Comment, NavigableString, Tag

from pipeline.french import list_label
from pipeline.model import Block, Cell, Footnote, Paragraph, Row, Table
from pipeline.normalise import footnote
from pipeline.normalise import paragraph as build_paragraph

IGNORED = ("script", "style", "noscript", "template", "head", "iframe", "object", "svg")
HEADINGS = {f"h{n}": n for n in range(1, 7)}
BLOCKS = {"p", "ul", "ol", "table", "div", "section", "article", "main", "header", "footer", "aside", "nav",
          "blockquote", "figure", "dl", "dd", "dt", "pre", "address", "center", "form", *HEADINGS}
CONTAINERS = {"div", "section", "article", "main", "header", "footer", "aside", "nav", "blockquote", "figure",
              "center", "form", "body", "html", "dl"}
NOTE_CONTAINER = re.compile(r"foot|endnote|\bnotes?\b|ftn|doc-endnote|doc-footnote", re.IGNORECASE)
NOTE_ID = re.compile(r"^_?(?:fn|ftn|footnote|note|endnote|en)[-_:]?(\d+)$", re.IGNORECASE)
NOTE_ELEMENTS = ("li", "div", "aside", "section", "p", "dd", "footer")
LABEL = re.compile(r"^\s*[\[(]?\s*\d+\s*[\])]?\s*[.:]?\s*")
BACKLINK_TEXT = re.compile(r"^\s*[↩↑^⤴]\ufe0e?\s*$")


def read_html(text: str, source: str) -> tuple[list[Block], list[Footnote]]:
    soup = BeautifulSoup(text, "lxml")
    for tag in soup(IGNORED):
        tag.decompose()
    for comment in soup.find_all(string=lambda s: isinstance(s, Comment)):
        comment.extract()
    notes = _Notes(soup, source)
    root = soup.body or soup
    blocks = _Walker(notes).blocks(root)
    return blocks, notes.footnotes()


class _Notes:
    """Footnote references and bodies; the bodies are taken out of the page's flow."""

    def __init__(self, soup: BeautifulSoup, source: str):
        self.source = source
        self.references: dict[int, int] = {}  # id(anchor) → number
        self.bodies: dict[int, Tag] = {}  # number → note element
        for anchor in soup.find_all("a", href=re.compile(r"^#.")):
            target_id = anchor["href"][1:]
            target = soup.find(id=target_id) or soup.find(attrs={"name": target_id})
            if target is None or _in_notes(anchor) or not (_in_notes(target) or NOTE_ID.match(target_id)):
                continue
            number = _digits(anchor.get_text()) or _digits(target_id)
            if number is None:
                continue
            self.references[id(anchor)] = number
            self.bodies.setdefault(number, _note_element(target))
        anchors = [a for a in soup.find_all("a") if id(a) in self.references]
        self.reference_ids = {a.get("id") or a.get("name") for a in anchors}
        for element in self.bodies.values():
            if element.parent is not None:
                element.extract()
        for container in [t for t in soup.find_all(True) if _is_notes_container(t)]:
            if container.parent is not None and not any(_inside(a, container) for a in anchors):
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
            paragraphs = element.find_all(["p", "div"]) or [element]
            raws = [_inline_text(p) for p in paragraphs if not p.find(["p", "div"])] or [_inline_text(element)]
            raws = [LABEL.sub("", r, count=1) if i == 0 else r for i, r in enumerate(r.strip() for r in raws)]
            raws = [r for r in raws if r]
            footnotes.append(footnote(number, "\n".join(raws)))
        return footnotes


class _Walker:
    def __init__(self, notes: _Notes):
        self.notes = notes

    def blocks(self, root: Tag) -> list[Block]:
        blocks: list[Block] = []
        inline: list = []
        for child in root.children:
            if isinstance(child, Tag) and (child.name in BLOCKS or child.name in ("li", "tr")):
                self._flush(inline, blocks)
                blocks += self._block(child)
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

    def _block(self, element: Tag) -> list[Block]:
        name = element.name
        if name in HEADINGS:
            paragraph = self._paragraph(element.contents)
            paragraph.is_heading, paragraph.heading_level = True, HEADINGS[name]
            return [paragraph] if paragraph.text else []
        if name in ("ul", "ol"):
            return self._list(element)
        if name == "table":
            return [self._table(element)]
        if name in CONTAINERS and any(isinstance(c, Tag) and c.name in BLOCKS for c in element.children):
            return self.blocks(element)
        paragraph = self._paragraph(element.contents)
        return [paragraph] if paragraph.text else []

    def _list(self, element: Tag) -> list[Block]:
        blocks: list[Block] = []
        kind = element.get("type", "1") if element.name == "ol" else None
        counter = int(element.get("start", 1)) if element.name == "ol" and str(element.get("start", "")).isdigit() else 1
        for item in element.find_all("li", recursive=False):
            if str(item.get("value", "")).isdigit():
                counter = int(item["value"])
            nested = [c for c in item.children if isinstance(c, Tag) and c.name in ("ul", "ol")]
            own = [c for c in item.children if c not in nested]
            paragraph = self._paragraph(own)
            if paragraph.text:
                if paragraph.list_marker is None:
                    paragraph.list_marker = "·" if kind is None else list_label(counter, kind)
                blocks.append(paragraph)
            for sub in nested:
                blocks += self._list(sub)
            counter += 1
        return blocks

    def _table(self, element: Tag) -> Table:
        table = Table()
        for tr in element.find_all("tr"):
            if tr.find_parent("table") is not element:
                continue
            row = Row()
            for td in tr.find_all(["td", "th"], recursive=False):
                paragraphs = [b for b in self.blocks(td) if isinstance(b, Paragraph)]
                for paragraph in paragraphs:
                    paragraph.is_heading = False
                row.cells.append(Cell(paragraphs))
            table.rows.append(row)
        return table

    def _paragraph(self, nodes) -> Paragraph:
        return build_paragraph(piece for node in nodes for piece in _pieces(node, self.notes))


def _pieces(node, notes: _Notes | None):
    if isinstance(node, NavigableString):
        yield str(node)
        return
    if not isinstance(node, Tag):
        return
    if notes is not None and notes.number(node) is not None:
        yield notes.number(node)
        return
    if node.name == "br":
        yield "\n"
        return
    if node.name == "sup" and notes is not None:
        anchors = node.find_all("a")
        if anchors and all(notes.number(a) is not None for a in anchors):
            for anchor in anchors:
                yield notes.number(anchor)
            return
    for child in node.children:
        yield from _pieces(child, notes)


def _inline_text(element: Tag) -> str:
    return "".join(p for p in _pieces(element, None) if isinstance(p, str))


def _in_notes(element: Tag) -> bool:
    return any(_is_notes_container(parent) for parent in [element, *element.parents] if isinstance(parent, Tag))


NOTE_CONTAINERS = ("section", "div", "aside", "ol", "ul", "footer", "dl", "nav")


def _is_notes_container(element: Tag) -> bool:
    if element.name not in NOTE_CONTAINERS:
        return False  # a reference link may be class "footnote-ref": only blocks hold notes
    labels = " ".join([element.get("id") or "", " ".join(element.get("class") or []), element.get("role") or ""])
    return element.name == "aside" or bool(labels.strip() and NOTE_CONTAINER.search(labels))


def _inside(element: Tag, container: Tag) -> bool:
    return any(parent is container for parent in element.parents)


def _note_element(target: Tag) -> Tag:
    if target.name in NOTE_ELEMENTS:
        return target
    parent = target.find_parent(NOTE_ELEMENTS)
    if parent is not None and parent.name == "p" and parent.parent is not None and parent.parent.name == "div" \
            and NOTE_ID.match(parent.parent.get("id") or ""):
        return parent.parent  # Word's export: <div id="ftn2"><p><a name="_ftn2">[2]</a> text</p></div>
    return parent or target


def _digits(text: str) -> int | None:
    match = re.search(r"\d+", text or "")
    return int(match.group(0)) if match else None
