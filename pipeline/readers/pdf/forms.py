"""Forms drawn within forms, counted from the PDF's bytes before pdfium loads a page.

pdfium parses every form a page draws each time it is drawn, as it loads the page, with nothing to
stop it: ten forms drawn ten times each, six deep, cost it 2 GB; a form that draws itself twice
never ends. Neither can be counted through pdfium, since loading the page is the cost. So the
objects are read here, from the file's bytes (and from its compressed object streams): each form's
and each page's resources name their forms, and their content says how often each is drawn
(``/Name Do``); the forms a page draws, the forms within them included, are summed, and a file over
the budget, or whose forms draw themselves, is refused. What cannot be read here (encrypted
streams, filters no decoder of ``filters`` knows) counts as no form: a shortfall that pdfium's own
page count (``glyphs._objects_drawn``) and the run's memory ceiling still bound. A page without
resources of its own inherits those of the page tree above it; a form without resources of its own
uses its parent's (the form or page that draws it), as pdfium's ``CPDF_Form::ChooseResourcesDict``
does; names are read with their ``#xx``
escapes decoded (``/F#6frm Do`` draws ``/Ffrm``, ``/Subtype /F#6frm`` is a form), as pdfium reads them.
"""

from __future__ import annotations

import re
from collections import Counter

from pipeline.errors import ReportError
from pipeline.readers.pdf.budgets import MAX_CONTENT_BYTES, MAX_FORMS_PER_PAGE, MAX_INFLATED_BYTES, MAX_STREAM_BYTES
from pipeline.readers.pdf.filters import unescape
from pipeline.readers.pdf.objects import REF, objects, stream_data
from pipeline.readers.pdf.objects import head as _head

PAGE = re.compile(rb"/Type\s*/Page\b")
PAGE_OR_NODE = re.compile(rb"/Type\s*/Pages?\b")
PARENT = re.compile(rb"/Parent\s*" + REF)
FORM = re.compile(rb"/Subtype\s*/Form\b")
DRAWN = re.compile(rb"/([^\s/<>\[\]()]+)\s*Do\b")
NAMED = re.compile(rb"/([^\s/<>\[\]()]+)\s*" + REF)
TOKEN = re.compile(rb"<<|>>|<[^<>]*>")  # a dictionary's brackets, and the hex strings between them
ANY_FORM = re.compile(rb"/(?:F|#46)(?:o|#6[Ff])(?:r|#72)(?:m|#6[Dd])")  # /Form, escaped or not
LOOPING = -1  # a form being counted: met again, it draws itself
MAX_DEPTH = 32  # forms within forms: a report's PDF nests two or three
MAX_TREE_DEPTH = 1_024  # nodes of the page tree above a page, as pdfium follows them


class TooDeep(Exception):
    pass


def check_forms(data: bytes, source: str) -> None:
    """Refuse a PDF one of whose pages draws more forms than the budget, or a form that draws
    itself, or whose pages ask pdfium to parse more content than the budget, in all, the forms
    they draw included (each time they are drawn)."""
    if not ANY_FORM.search(data):
        return  # no form at all: the reports' PDFs have none (their content is counted by ``budgets``)
    forms = Forms(objects(data, MAX_INFLATED_BYTES))
    parsed = 0
    for text in forms.objects.values():
        if PAGE.search(_head(text)):
            try:
                drawn, size = forms.count(text, 0)
            except TooDeep:
                raise ReportError(source, f"refused: forms drawn within forms more than {MAX_DEPTH} deep") from None
            if drawn == LOOPING:
                raise ReportError(source, "refused: a form of the PDF draws itself")
            if drawn > MAX_FORMS_PER_PAGE:
                raise ReportError(
                    source, f"refused: a page draws more than the {MAX_FORMS_PER_PAGE:,} forms a page can have"
                )
            parsed += size
            if parsed > MAX_CONTENT_BYTES:
                raise ReportError(
                    source,
                    f"refused: its pages draw more than {MAX_CONTENT_BYTES // 2**20} MiB of content in all, the limit",
                )


class Forms:
    """The PDF's objects, and what has been counted of them: each form's forms and content, each
    content stream's names."""

    def __init__(self, objects: dict[int, bytes]):
        self.objects = objects
        # form (and the resources it borrows): its forms, theirs too, and the bytes of content they draw
        self.counted: dict[tuple[int, bytes], tuple[int, int]] = {}
        self.names: dict[int, tuple[Counter, int]] = {}  # content stream object: the names it draws, its size

    def drawn(self, text: bytes, depth: int, parent: bytes = b"") -> int:
        """How many forms the page or form ``text`` draws, theirs included; ``LOOPING`` if one draws itself."""
        return self.count(text, depth, parent)[0]

    def count(self, text: bytes, depth: int, parent: bytes = b"") -> tuple[int, int]:
        """(forms, bytes of content) the page or form ``text`` draws, its forms' included, each
        time it is drawn (pdfium parses a form each time); forms ``LOOPING`` if one draws itself.
        ``parent``: the resources of what draws it, its own if it has none."""
        if depth > MAX_DEPTH:
            raise TooDeep
        resources = _entry(self.objects, _head(text), b"Resources") or parent or self._inherited(text)
        xobjects = _xobjects(self.objects, resources)
        names, parsed = self._drawing(text)
        total = 0
        for name, times in (names if xobjects else Counter()).items():
            target = xobjects.get(name)
            form = _head(self.objects.get(target, b"")) if target is not None else b""
            if not FORM.search(form):
                continue  # an image, or a name the resources do not give
            key = (target, b"" if _entry(self.objects, form, b"Resources") else resources)
            if key not in self.counted:
                self.counted[key] = (LOOPING, 0)
                self.counted[key] = self.count(self.objects[target], depth + 1, resources)
            forms, size = self.counted[key]
            if forms == LOOPING:
                return LOOPING, parsed
            total, parsed = total + times * (1 + forms), parsed + times * size
            if total > MAX_FORMS_PER_PAGE:
                break  # enough to refuse: no need to count on
        return total, parsed

    def _inherited(self, text: bytes) -> bytes:
        """The resources a page without its own takes from the nearest node of the page tree above
        it that has them (as pdfium does); none for a form, or past a tree that loops."""
        seen: set[int] = set()
        while PAGE_OR_NODE.search(_head(text)) and (parent := PARENT.search(_head(text))):
            if int(parent.group(1)) in seen or len(seen) > MAX_TREE_DEPTH:
                return b""
            seen.add(int(parent.group(1)))
            text = self.objects.get(int(parent.group(1)), b"")
            resources = _entry(self.objects, _head(text), b"Resources")
            if resources:
                return resources
        return b""

    def _drawing(self, text: bytes) -> tuple[Counter, int]:
        """The names a form's content, or a page's content streams, draw (``/Name Do``), how often,
        and the bytes of that content."""
        if not PAGE.search(_head(text)):
            content = _content(text)
            return Counter(map(unescape, DRAWN.findall(content))), len(content)
        found = re.search(rb"/Contents\s*(\[[^\]]*\]|" + REF + rb")", _head(text))
        names: Counter = Counter()
        size = 0
        for ref in re.findall(REF, found.group(1)) if found else []:
            if int(ref) not in self.names:  # pages may share their content: each stream is read once
                content = _content(self.objects.get(int(ref), b""))
                self.names[int(ref)] = Counter(map(unescape, DRAWN.findall(content))), len(content)
            names += self.names[int(ref)][0]
            size += self.names[int(ref)][1]
        return names, size


def _xobjects(objects: dict[int, bytes], resources: bytes) -> dict[bytes, int]:
    """The names of the XObjects the ``resources`` give, and their object numbers."""
    xobjects = _entry(objects, resources, b"XObject")
    return {name: int(number) for name, number in NAMED.findall(xobjects)}


def _entry(objects: dict[int, bytes], text: bytes, key: bytes) -> bytes:
    """The text of the dictionary ``/key`` holds in ``text``: inline, or an object it refers to."""
    found = re.search(rb"/" + key + rb"\s*(?:" + REF + rb"|<<)", text)
    if found is None:
        return b""
    if found.group(1):
        return unescape(objects.get(int(found.group(1)), b""))
    return _dictionary(text, found.end() - 2)


def _dictionary(text: bytes, start: int) -> bytes:
    """The dictionary that opens at ``start``, to its matching ``>>`` (hex strings skipped)."""
    depth = 0
    for token in TOKEN.finditer(text, start):
        depth += {b"<<": 1, b">>": -1}.get(token.group(), 0)
        if depth == 0:
            return text[start : token.end()]
    return text[start:]


def _content(text: bytes) -> bytes:
    """An object's stream data, decoded through its filters (at most the budget of one stream)."""
    return stream_data(text, MAX_STREAM_BYTES)
