"""A PDF's objects read from its bytes, before pdfium opens it: what the budgets need to know of a
file that pdfium would otherwise take whole (the forms a page draws, a stream's filters and length
given by reference).

Each object's text is what follows its ``N G obj`` up to the next object; those packed in object
streams (``/Type /ObjStm``) are read from the decoded stream. A reference (``N G R``) is followed
by object number, as pdfium follows it; what cannot be read here (an encrypted stream, a filter
chain no decoder here knows) reads as nothing.
"""

from __future__ import annotations

import re

from pipeline.readers.pdf.filters import FILTER, decoded, unescape

OBJECT = re.compile(rb"(\d{1,10})\s+\d{1,5}\s+obj\b")  # numbers of ten digits at most: int() of any
REF = rb"(\d{1,10})\s+\d{1,5}\s+R"
STREAM = re.compile(rb"(?<!end)stream\r?\n")
PACKED = re.compile(rb"/Type\s*/ObjStm\b")


def objects(data: bytes, most: int) -> dict[int, bytes]:
    """Every object's text (a stream's dictionary and data), by number, those of object streams
    too; ``most``: the bytes the object streams may decode to in all (past it, the rest are left)."""
    starts = [(int(m.group(1)), m.end()) for m in OBJECT.finditer(data)]
    found = {}
    for (number, start), (_, end) in zip(starts, starts[1:] + [(0, len(data))]):
        found[number] = data[start:end]
    for text in list(found.values()):
        if most > 0 and PACKED.search(head(text)):
            content = stream_data(text, most)
            most -= len(content)
            found.update(_packed(text, content))
    return found


def _packed(text: bytes, content: bytes) -> dict[int, bytes]:
    """The objects of an object stream (``/N`` numbers and offsets, then the objects from ``/First``)."""
    first = re.search(rb"/First\s+(\d{1,10})", text)
    if first is None or not content:
        return {}
    header = content[: int(first.group(1))].split()
    pairs = [
        (int(a), int(first.group(1)) + int(b)) for a, b in zip(header[::2], header[1::2]) if a.isdigit() and b.isdigit()
    ]
    return {number: content[start:end] for (number, start), (_, end) in zip(pairs, pairs[1:] + [(0, len(content))])}


def head(text: bytes) -> bytes:
    """An object's text before its stream's data, its names' ``#xx`` escapes decoded."""
    found = STREAM.search(text)
    return unescape(text[: found.start()] if found else text)


def stream_data(text: bytes, most: int) -> bytes:
    """An object's stream data, decoded through its filters (``most`` bytes at most)."""
    found = STREAM.search(text)
    if found is None:
        return b""
    raw = text[found.end() : text.rfind(b"endstream")]
    dictionary = unescape(text[: found.start()])
    return decoded(raw, dictionary, most) if FILTER.search(dictionary) else raw


class References:
    """The objects of a PDF's bytes, read at the first reference to follow (most PDFs have none
    that the budgets need): ``most`` bounds what their object streams decode to."""

    def __init__(self, data: bytes, most: int):
        self.data, self.most = data, most
        self.found: dict[int, bytes] | None = None

    def __call__(self, number: int) -> bytes:
        """The text of object ``number`` (up to ``endobj``); empty if the file has none."""
        if self.found is None:
            self.found = objects(self.data, self.most)
        text = self.found.get(number, b"")
        end = text.find(b"endobj")
        return text[:end] if end >= 0 else text
