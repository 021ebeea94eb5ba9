"""Zip packages (Word's .docx, OpenDocument's .odt) and their XML, opened safely.

A package is checked from the zip's directory before anything is decompressed: how many
members it holds, how large they would expand, and how much larger than its compressed
bytes each would grow (a zip bomb compresses a thousand times; office XML a few dozen).
The directory can lie, so every member is then inflated here, never by ``zipfile``'s ``read``
(which inflates a member's whole stream before cutting it to the size the directory declares),
as a stream whose output is counted and stopped at the first limit it passes: the size the
directory declares, the ratio, the total. XML is parsed without entities, DTDs or network access.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from functools import lru_cache

from pipeline.errors import ReportError
from pipeline.readers.base import check_text_length

MAX_EXPANDED_BYTES = 256 * 1024 * 1024  # all members together, so any one of them too
MAX_MEMBERS = 10_000
MAX_RATIO = 200  # expanded / compressed size of one member; LibreOffice's content.xml: about 12
RATIO_FROM_BYTES = 1024 * 1024  # smaller members cannot do harm whatever their ratio
MAX_MIMETYPE_BYTES = 200  # an ODF mimetype member is one short line
# One XML member, and the tags it may hold: the 2023 report's largest, document.xml or content.xml, is
# 0.4 MB of 13,000 tags. An XML member is held whole, then parsed and walked: 400,000 tags took the
# .odt reader 2.5 s and 190 MiB, 2.4 million 19 s and 1 GB, where the total alone let one member
# inflate to 256 MiB.
MAX_XML_BYTES = 64 * 1024 * 1024
MAX_XML_TAGS = 500_000
INPUT_STEP = 64 * 1024  # compressed bytes given to the inflater at a time
LOCAL_HEADER = struct.Struct("<4s22xHH")  # signature, then the lengths of the name and the extra field
DIRECTORY_ENTRY = b"PK\x01\x02"  # starts every entry of the zip's directory


class _Refused(Exception):
    """A member that breaks a limit or is damaged: why, in words that follow its name."""


class Package:
    """A zip package whose directory is within the limits; ``read`` inflates a member within them.
    It answers ``namelist`` and ``read`` as a ``zipfile.ZipFile`` does, and closes as one."""

    def __init__(self, data: bytes, archive: zipfile.ZipFile, source: str, kind: str):
        self.data = memoryview(data)  # slices of it are the members' compressed bytes, never copied
        self.archive = archive
        self.source = source
        self.kind = kind
        self.left = MAX_EXPANDED_BYTES  # what the members read so far leave of the total
        self.members: dict[str, bytes] = {}  # read once: a member read again is neither inflated nor counted again

    def __enter__(self) -> Package:
        return self

    def __exit__(self, *exc) -> None:
        self.archive.close()

    def namelist(self) -> list[str]:
        return self.archive.namelist()

    def read(self, name: str, count_later: bool = False) -> bytes:
        """The member ``name``, inflated within the limits; a ``ReportError`` if it breaks one. An XML
        member's tags and text are counted too, unless the caller counts them itself (``count_later``:
        after its paragraphs, whose limit then speaks first)."""
        if name in self.members:
            return self.members[name]
        try:
            info = self.archive.getinfo(name)
            member = _member(self.data, info, self.left, MAX_XML_BYTES if name.endswith(".xml") else None)
        except KeyError:
            raise ReportError(self.source, f"not a valid {self.kind}: it has no {name}") from None
        except _Refused as refused:
            raise ReportError(self.source, f"{name} in the {self.kind} {refused}") from None
        if name.endswith(".xml") and not count_later:  # whoever parses it, this reader or python-docx
            check_markup(member, self.source, f"{name} in the {self.kind}")
        self.left -= len(member)
        self.members[name] = member
        return member

    def stored_copy(self) -> bytes:
        """The package again, each member read here within the limits and stored uncompressed: for a
        library that opens the zip itself (python-docx), which then has nothing left to inflate."""
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as copy:
            for name in dict.fromkeys(self.namelist()):  # a name twice: zipfile reads the last one, as here
                if not name.endswith("/"):
                    copy.writestr(name, self.read(name))
        return buffer.getvalue()


def open_package(data: bytes, source: str, kind: str) -> Package:
    """The zip of a ``kind`` file (``.docx``, ``.odt``), refused before decompression when it
    is not a zip or would expand beyond the limits by what its directory says."""
    if _too_many_entries(data):
        raise ReportError(source, f"refused: the {kind} holds more than {MAX_MEMBERS} files (limit {MAX_MEMBERS})")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, EOFError, ValueError, OSError):
        raise ReportError(source, f"not a valid {kind}: the file is not a zip archive") from None
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        raise ReportError(source, f"refused: the {kind} holds {len(members)} files (limit {MAX_MEMBERS})")
    expanded = sum(m.file_size for m in members)
    if expanded > MAX_EXPANDED_BYTES:
        raise ReportError(
            source, f"refused: the {kind} would expand to {expanded:,} bytes (limit {MAX_EXPANDED_BYTES:,})"
        )
    for member in members:
        if member.file_size > _ratio_bound(member):
            raise ReportError(
                source,
                f"refused: {member.filename} in the {kind} would expand "
                f"{member.file_size // max(member.compress_size, 1)} times (limit {MAX_RATIO})",
            )
    return Package(data, archive, source, kind)


def odf_mimetype(data: bytes) -> str | None:
    """The ``mimetype`` member of an OpenDocument zip; None for any other zip, or no zip."""
    if _too_many_entries(data):
        return None  # and refused when opened
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            member = _member(memoryview(data), archive.getinfo("mimetype"), MAX_MIMETYPE_BYTES)
    except (zipfile.BadZipFile, KeyError, ValueError, EOFError, OSError, _Refused):
        return None
    return member.decode("ascii", "replace").strip()


def _too_many_entries(data: bytes) -> bool:
    """Whether the zip may hold more than ``MAX_MEMBERS`` entries, told before ``zipfile`` makes an
    object of each (a million entries fit in 50 MB: 400 MB and 7 s to open). Every entry starts with
    the signature, so its count in the file is a bound on theirs; the directory's own count can lie."""
    return data.count(DIRECTORY_ENTRY) > MAX_MEMBERS


def _member(data: memoryview, info: zipfile.ZipInfo, left: int, cap: int | None = None) -> bytes:
    """The member ``info`` of the zip ``data``, inflated here: refused past the size the directory
    declares, past the ratio, past ``left`` bytes (what the total leaves), past the ``cap`` of its
    kind (XML), or when damaged."""
    if cap is not None and min(info.file_size, left) > cap:
        raise _Refused(f"expands to more than the {cap // 2**20} MiB of XML a report's part can hold")
    if info.flag_bits & 0x1:
        raise _Refused("is encrypted")
    raw = _compressed(data, info)
    if info.compress_type == zipfile.ZIP_STORED:
        member = bytes(raw)
    elif info.compress_type == zipfile.ZIP_DEFLATED:
        member = _inflated(raw, min(info.file_size, _ratio_bound(info), left))
    else:  # bzip2 and LZMA inflate without a bound on their output in zipfile: office files use neither
        raise _Refused(f"is compressed with method {info.compress_type}, which office files do not use")
    if member is None or len(member) > min(info.file_size, _ratio_bound(info), left):
        raise _Refused(_passed(info, left))
    if len(member) != info.file_size:
        raise _Refused(f"is damaged: {len(member):,} bytes where the zip's directory declares {info.file_size:,}")
    if zlib.crc32(member) != info.CRC:
        raise _Refused("is damaged: its checksum does not match")
    return member


def _passed(info: zipfile.ZipInfo, left: int) -> str:
    """Which limit a member passed, the smallest first."""
    if info.file_size <= min(_ratio_bound(info), left):
        return f"expands beyond the {info.file_size:,} bytes the zip's directory declares: a damaged or forged archive"
    if _ratio_bound(info) <= left:
        return f"expands more than {MAX_RATIO} times its compressed size (limit {MAX_RATIO})"
    return f"takes the package beyond {MAX_EXPANDED_BYTES:,} bytes (limit {MAX_EXPANDED_BYTES:,})"


def _compressed(data: memoryview, info: zipfile.ZipInfo) -> memoryview:
    """The compressed bytes of a member: after its local header, as long as the directory says."""
    start = info.header_offset
    header = data[start : start + LOCAL_HEADER.size]
    if len(header) < LOCAL_HEADER.size or LOCAL_HEADER.unpack(header)[0] != b"PK\x03\x04":
        raise _Refused("is damaged: its header is not where the zip's directory says")
    _, name_length, extra_length = LOCAL_HEADER.unpack(header)
    begin = start + LOCAL_HEADER.size + name_length + extra_length
    raw = data[begin : begin + info.compress_size]
    if len(raw) < info.compress_size:
        raise _Refused("is cut short: the file ends inside it")
    return raw


def _inflated(raw: memoryview, budget: int) -> bytes | None:
    """``raw`` (deflated) inflated; None as soon as it passes ``budget`` bytes: the inflater is
    never asked for more than one byte beyond the budget, whatever the stream holds."""
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    pieces, total = [], 0
    try:
        for start in range(0, len(raw), INPUT_STEP):
            # Output is capped by max_length; a capped call leaves input unread (unconsumed_tail)
            # only when it reached the cap, and the budget is passed then.
            piece = inflater.decompress(raw[start : start + INPUT_STEP], budget + 1 - total)
            pieces.append(piece)
            total += len(piece)
            if total > budget:
                return None
            if inflater.eof:
                break
    except zlib.error as error:
        raise _Refused(f"is damaged: {error}") from None
    if not inflater.eof:
        raise _Refused("is damaged: its compressed data ends early")
    return b"".join(pieces)


def _ratio_bound(member: zipfile.ZipInfo) -> int:
    """How large a member can expand, given its compressed size."""
    return max(RATIO_FROM_BYTES, MAX_RATIO * max(member.compress_size, 1))


def parse_xml(data: bytes, source: str, what: str):
    """The root element of ``data``; a one-line error naming ``what`` when it is not well-formed."""
    from lxml import etree  # imported when XML is parsed: telling a file's format needs no lxml

    check_markup(data, source, what)
    try:
        return etree.fromstring(data, _safe_parser())
    except etree.XMLSyntaxError as error:
        raise ReportError(source, f"{what} is not well-formed XML ({error})") from None


def check_markup(data: bytes, source: str, what: str) -> None:
    """Refuse XML of more tags, or more text, than a report's part holds: counted before its tree
    is built."""
    if data.count(b"<") > MAX_XML_TAGS:
        raise ReportError(source, f"refused: {what} holds more than the {MAX_XML_TAGS:,} tags a report's part can hold")
    check_text_length(data, source)


@lru_cache(maxsize=1)
def _safe_parser():
    from lxml import etree

    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
