"""Forms drawn within forms, counted from the PDF's bytes before pdfium loads a page.

pdfium parses every form a page draws each time it is drawn, as it loads the page, with nothing to
stop it: ten forms drawn ten times each, six deep, cost it 2 GB; a form that draws itself twice
never ends. Neither can be counted through pdfium, since loading the page is the cost. So the
objects are read here, from the file's bytes (and from its compressed object streams): each form's
and each page's resources name their forms, and their content says how often each is drawn
(``/Name Do``); the forms a page draws, the forms within them included, are summed, and a file over
the budget, or whose forms draw themselves, is refused. What cannot be read here (resources
inherited from the page tree, encrypted streams, filters other than Flate) counts as no form: a
shortfall that pdfium's own page count (``glyphs._objects_drawn``) and the run's memory ceiling
still bound. A form without resources of its own uses its parent's (the form or page that draws
it), as pdfium's ``CPDF_Form::ChooseResourcesDict`` does; names are read with their ``#xx``
escapes decoded (``/F#6frm Do`` draws ``/Ffrm``, ``/Subtype /F#6frm`` is a form), as pdfium reads them.
"""

from __future__ import annotations

import re
from collections import Counter

from pipeline.errors import ReportError
from pipeline.readers.pdf.budgets import MAX_FORMS_PER_PAGE, MAX_STREAM_BYTES
from pipeline.readers.pdf.filters import FILTER, decoded, unescape

OBJECT = re.compile(rb"(\d{1,10})\s+\d{1,5}\s+obj\b")  # numbers of ten digits at most: int() of any
REF = rb"(\d{1,10})\s+\d{1,5}\s+R"
STREAM = re.compile(rb"(?<!end)stream\r?\n")
PAGE = re.compile(rb"/Type\s*/Page\b")
FORM = re.compile(rb"/Subtype\s*/Form\b")
DRAWN = re.compile(rb"/([^\s/<>\[\]()]+)\s*Do\b")
NAMED = re.compile(rb"/([^\s/<>\[\]()]+)\s*" + REF)
TOKEN = re.compile(rb"<<|>>|<[^<>]*>")  # a dictionary's brackets, and the hex strings between them
ANY_FORM = re.compile(rb"/(?:F|#46)(?:o|#6[Ff])(?:r|#72)(?:m|#6[Dd])")  # /Form, escaped or not
LOOPING = -1  # a form being counted: met again, it draws itself
MAX_DEPTH = 32  # forms within forms: a report's PDF nests two or three


class TooDeep(Exception):
    pass


def check_forms(data: bytes, source: str) -> None:
    """Refuse a PDF one of whose pages draws more forms than the budget, or a form that draws itself."""
    if not ANY_FORM.search(data):
        return  # no form at all: the reports' PDFs have none
    forms = Forms(_objects(data))
    for text in forms.objects.values():
        if PAGE.search(_head(text)):
            try:
                drawn = forms.drawn(text, 0)
            except TooDeep:
                raise ReportError(source, f"refused: forms drawn within forms more than {MAX_DEPTH} deep") from None
            if drawn == LOOPING:
                raise ReportError(source, "refused: a form of the PDF draws itself")
            if drawn > MAX_FORMS_PER_PAGE:
                raise ReportError(
                    source, f"refused: a page draws more than the {MAX_FORMS_PER_PAGE:,} forms a page can have"
                )


class Forms:
    """The PDF's objects, and what has been counted of them: each form's forms, each content's names."""

    def __init__(self, objects: dict[int, bytes]):
        self.objects = objects
        self.counted: dict[tuple[int, bytes], int] = {}  # form (and the resources it borrows): its forms, theirs too
        self.names: dict[int, Counter] = {}  # content stream object: how often it draws each name

    def drawn(self, text: bytes, depth: int, parent: bytes = b"") -> int:
        """How many forms the page or form ``text`` draws, theirs included; ``LOOPING`` if one draws
        itself. ``parent``: the resources of what draws it, its own if it has none."""
        if depth > MAX_DEPTH:
            raise TooDeep
        resources = _entry(self.objects, _head(text), b"Resources") or parent
        xobjects = _xobjects(self.objects, resources)
        total = 0
        for name, times in (self._drawing(text) if xobjects else Counter()).items():
            target = xobjects.get(name)
            form = _head(self.objects.get(target, b"")) if target is not None else b""
            if not FORM.search(form):
                continue  # an image, or a name the resources do not give
            key = (target, b"" if _entry(self.objects, form, b"Resources") else resources)
            if key not in self.counted:
                self.counted[key] = LOOPING
                self.counted[key] = self.drawn(self.objects[target], depth + 1, resources)
            if self.counted[key] == LOOPING:
                return LOOPING
            total += times * (1 + self.counted[key])
            if total > MAX_FORMS_PER_PAGE:
                return total  # enough to refuse: no need to count on
        return total

    def _drawing(self, text: bytes) -> Counter:
        """The names a form's content, or a page's content streams, draw (``/Name Do``), and how often."""
        if not PAGE.search(_head(text)):
            return Counter(map(unescape, DRAWN.findall(_content(text))))
        found = re.search(rb"/Contents\s*(\[[^\]]*\]|" + REF + rb")", _head(text))
        names: Counter = Counter()
        for ref in re.findall(REF, found.group(1)) if found else []:
            if int(ref) not in self.names:  # pages may share their content: each stream is read once
                self.names[int(ref)] = Counter(map(unescape, DRAWN.findall(_content(self.objects.get(int(ref), b"")))))
            names += self.names[int(ref)]
        return names


def _head(text: bytes) -> bytes:
    """An object's text before its stream's data, its names' ``#xx`` escapes decoded."""
    found = STREAM.search(text)
    return unescape(text[: found.start()] if found else text)


def _objects(data: bytes) -> dict[int, bytes]:
    """Every object's text (a stream's dictionary and data), by number, those of object streams too."""
    starts = [(int(m.group(1)), m.end()) for m in OBJECT.finditer(data)]
    objects = {}
    for (number, start), (_, end) in zip(starts, starts[1:] + [(0, len(data))]):
        objects[number] = data[start:end]
    for text in list(objects.values()):
        if re.search(rb"/Type\s*/ObjStm\b", _head(text)):
            objects.update(_packed(text))
    return objects


def _packed(text: bytes) -> dict[int, bytes]:
    """The objects of an object stream (``/N`` numbers and offsets, then the objects from ``/First``)."""
    first = re.search(rb"/First\s+(\d{1,10})", text)
    content = _content(text)
    if first is None or not content:
        return {}
    header = content[: int(first.group(1))].split()
    pairs = [
        (int(a), int(first.group(1)) + int(b)) for a, b in zip(header[::2], header[1::2]) if a.isdigit() and b.isdigit()
    ]
    return {number: content[start:end] for (number, start), (_, end) in zip(pairs, pairs[1:] + [(0, len(content))])}


def _content(text: bytes) -> bytes:
    """An object's stream data, decoded through its filters (at most the budget of one stream)."""
    found = STREAM.search(text)
    if found is None:
        return b""
    raw = text[found.end() : text.rfind(b"endstream")]
    head = unescape(text[: found.start()])
    return decoded(raw, head, MAX_STREAM_BYTES) if FILTER.search(head) else raw


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
