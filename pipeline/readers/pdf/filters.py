"""The decoded size of a PDF stream, counted through its filters a step at a time, before pdfium decodes it.

A stream's ``/Filter`` names the decoders its data goes through, in order: ``/FlateDecode``
(zlib), ``/LZWDecode``, ``/RunLengthDecode``, ``/ASCIIHexDecode``, ``/ASCII85Decode``, alone or in
an array (``[/ASCII85Decode /FlateDecode]``), written in full or abbreviated (``/Fl``, ``/A85``…) and
with ``#xx`` escapes in their names (``/Flate#44ecode``), as pdfium reads them. Each decoder here is a
generator of chunks of at most a few MiB, fed by the one before it, so that counting the last one's
bytes, and stopping at the budget, holds no more than a few steps in memory whatever the stream
decodes to. The images' own filters (``/DCTDecode``, ``/JPXDecode``, ``/CCITTFaxDecode``,
``/JBIG2Decode``) are not counted: they give pixels, which pdfium does not decode to read text; a
chain is counted up to them. An unknown filter ends the count too (pdfium decodes no further).
"""

from __future__ import annotations

import base64
import binascii
import re
import zlib
from collections.abc import Iterable, Iterator

STEP = 2**20  # bytes decoded at a time: what the count holds in memory, for each decoder of a chain
FILTER = re.compile(rb"/Filter\s*(\[[^\]]*\]|/[^\s/<>\[\]()]*|\d{1,10}\s+\d{1,5}\s+R)")
NAME = re.compile(rb"/([^\s/<>\[\]()]*)|(\d{1,10})\s+\d{1,5}\s+R")  # a name, or a reference to one
ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
WHITESPACE = b"\x00\t\n\x0c\r "
DELIMITERS = frozenset(bytes([c]) for c in WHITESPACE + b"()<>[]{}/%#")  # what an escape may not become


def unescape(text: bytes) -> bytes:
    """PDF names as they read, their ``#xx`` escapes decoded (``/F#6frm`` is ``/Ffrm``): those of
    regular characters only, so that no escape makes a delimiter that was not there."""
    return ESCAPE.sub(_character, text) if b"#" in text else text


def _character(escape: re.Match) -> bytes:
    character = bytes([int(escape.group(1), 16)])
    return escape.group() if character in DELIMITERS else character


def chain(head: bytes, resolve=None) -> list[bytes] | None:
    """The filters the stream dictionary ``head`` names, in order; ``None`` if it names none.
    ``resolve``: the text of an object by its number, to follow a ``/Filter`` given by reference
    (to a name, or to an array), and the references in an array, as pdfium follows them."""
    found = FILTER.search(head)
    if found is None:
        return None
    value = found.group(1)
    if value[:1].isdigit():
        if resolve is None:
            return None
        value = resolve(int(value.split()[0])).strip()
        value = value[: value.find(b"]") + 1] if value.startswith(b"[") else value
    names = []
    for name, reference in NAME.findall(value):
        if reference:
            named = NAME.match(resolve(int(reference)).strip()) if resolve is not None else None
            name = (named and named.group(1)) or b""
        names.append(unescape(name))
    return names


def decoded_size(data: memoryview, filters: list[bytes], head: bytes, most: int) -> int:
    """How many bytes the stream ``data`` decodes to through ``filters``, counted up to ``most + 1``;
    a damaged stream counts what decodes before the damage, as pdfium decodes no further either."""
    size = 0
    for chunk in _decoding(data, filters, head):
        size += len(chunk)
        if size > most:
            break
    return size


def decoded(data: bytes, head: bytes, most: int) -> bytes:
    """The stream ``data`` of the dictionary ``head`` decoded through its filters, to ``most`` bytes at most."""
    chunks, size = [], 0
    for chunk in _decoding(memoryview(data), chain(head) or [], head):
        chunks.append(bytes(chunk[: most - size]))
        size += len(chunks[-1])
        if size >= most:
            break
    return b"".join(chunks)


def _decoding(data: memoryview, filters: list[bytes], head: bytes) -> Iterable[bytes]:
    """The chunks ``data`` decodes to through ``filters``: none if the first is not a text filter,
    else up to the first that is not (an image's filter, or one pdfium does not know)."""
    if not filters or filters[0] not in DECODERS:
        return ()
    chunks: Iterable[bytes] = (data[start : start + STEP] for start in range(0, len(data), STEP))
    for each in filters:
        if each not in DECODERS:
            break
        chunks = DECODERS[each](chunks, head)
    return chunks


def inflate(chunks: Iterable[bytes], head: bytes = b"") -> Iterator[bytes]:
    inflater = zlib.decompressobj()
    for pending in chunks:
        while pending and not inflater.eof:
            try:
                yield inflater.decompress(pending, STEP)
            except zlib.error:
                return  # damaged, or not zlib at all: nothing more
            pending = inflater.unconsumed_tail
        if inflater.eof:
            return


def _hex(chunks: Iterable[bytes], head: bytes) -> Iterator[bytes]:
    def even(digits: bytes) -> bytes:
        return digits + b"0" * (len(digits) % 2)  # an odd last digit is followed by 0

    return _ascii_decoding(chunks, b">", even, lambda digits: len(digits) - len(digits) % 2, binascii.unhexlify)


def _ascii85(chunks: Iterable[bytes], head: bytes) -> Iterator[bytes]:
    def whole_groups(text: bytes) -> int:  # five characters, or one z
        last = text.rfind(b"z") + 1
        return last + (len(text) - last) // 5 * 5

    return _ascii_decoding(chunks, b"~", lambda text: text, whole_groups, base64.a85decode)


def _ascii_decoding(chunks: Iterable[bytes], end_mark: bytes, finish, whole, decode) -> Iterator[bytes]:
    """An ASCII filter's chunks: white space dropped, decoded in whole units (``whole`` says how many
    characters make them) and, at ``end_mark``, what is left ``finish``ed; a character the filter
    does not know ends the stream, as it ends pdfium's decoding."""
    carry = b""
    for chunk in chunks:
        text = carry + bytes(chunk).translate(None, WHITESPACE)
        end = text.find(end_mark)
        if end >= 0:
            text = finish(text[:end])
        cut = len(text) if end >= 0 else whole(text)
        carry = text[cut:]
        try:
            yield decode(text[:cut])
        except ValueError:  # binascii.Error is one
            return
        if end >= 0:
            return


def _run_length(chunks: Iterable[bytes], head: bytes) -> Iterator[bytes]:
    carry, out, size = b"", [], 0
    for chunk in chunks:
        data, at = carry + bytes(chunk), 0
        while at < len(data):
            length = data[at]
            if length == 128:
                yield b"".join(out)
                return
            run = length + 2 if length < 128 else 2  # a literal of length + 1 bytes, or one byte repeated
            if at + run > len(data):
                break
            piece = data[at + 1 : at + run] if length < 128 else data[at + 1 : at + 2] * (257 - length)
            out.append(piece)
            size, at = size + len(piece), at + run
            if size >= STEP:
                yield b"".join(out)
                out, size = [], 0
        carry = data[at:]
    yield b"".join(out)


def _lzw(chunks: Iterable[bytes], head: bytes) -> Iterator[bytes]:
    """PDF's LZW: codes of 9 to 12 bits, 256 clears the table, 257 ends; ``/EarlyChange`` 1 unless 0."""
    early = 0 if re.search(rb"/EarlyChange\s+0\b", head) else 1
    table: list[bytes] = []
    previous, bits, held, out, size = b"", 0, 0, [], 0
    width = 9
    for chunk in chunks:
        for byte in bytes(chunk):
            bits, held = (bits << 8) | byte, held + 8
            while held >= width:
                held -= width
                code, bits = bits >> held, bits & ((1 << held) - 1)
                if code == 256 or not table:
                    table, previous = [bytes([n]) for n in range(256)] + [b"", b""], b""
                if code == 257:
                    yield b"".join(out)
                    return
                if code < len(table) and code != 256:
                    entry = table[code]
                elif code == len(table) and previous:
                    entry = previous + previous[:1]
                elif code == 256:
                    width = 9
                    continue
                else:
                    yield b"".join(out)  # damaged: a code the table does not have yet
                    return
                if previous and len(table) < 4096:
                    table.append(previous + entry[:1])
                previous = entry
                out.append(entry)
                size += len(entry)
                width = min(12, (len(table) + early).bit_length())
                if size >= STEP:
                    yield b"".join(out)
                    out, size = [], 0
    yield b"".join(out)


DECODERS = {
    b"FlateDecode": inflate,
    b"Fl": inflate,
    b"LZWDecode": _lzw,
    b"LZW": _lzw,
    b"RunLengthDecode": _run_length,
    b"RL": _run_length,
    b"ASCIIHexDecode": _hex,
    b"AHx": _hex,
    b"ASCII85Decode": _ascii85,
    b"A85": _ascii85,
}
