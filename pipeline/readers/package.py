"""Zip packages (Word's .docx, OpenDocument's .odt) and their XML, opened safely.

A package is checked from the zip's directory before anything is decompressed: how many
members it holds, how large they would expand, and how much larger than its compressed
bytes each would grow (a zip bomb compresses a thousand times; office XML a few dozen).
XML is parsed without entities, DTDs or network access.
"""

from __future__ import annotations

import io
import zipfile
from functools import lru_cache

from pipeline.errors import ReportError

MAX_EXPANDED_BYTES = 256 * 1024 * 1024
MAX_MEMBERS = 10_000
MAX_RATIO = 200  # expanded / compressed size of one member; LibreOffice's content.xml: about 12
RATIO_FROM_BYTES = 1024 * 1024  # smaller members cannot do harm whatever their ratio


def open_package(data: bytes, source: str, kind: str) -> zipfile.ZipFile:
    """The zip of a ``kind`` file (``.docx``, ``.odt``), refused before decompression when it
    is not a zip or would expand beyond the limits."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
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
        if member.file_size > RATIO_FROM_BYTES and member.file_size > MAX_RATIO * max(member.compress_size, 1):
            raise ReportError(
                source,
                f"refused: {member.filename} in the {kind} would expand "
                f"{member.file_size // max(member.compress_size, 1)} times (limit {MAX_RATIO})",
            )
    return archive


def odf_mimetype(data: bytes) -> str | None:
    """The ``mimetype`` member of an OpenDocument zip; None for any other zip, or no zip."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            member = archive.getinfo("mimetype")
            return archive.read(member).decode("ascii", "replace").strip() if member.file_size < 200 else None
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        return None


def parse_xml(data: bytes, source: str, what: str):
    """The root element of ``data``; a one-line error naming ``what`` when it is not well-formed."""
    from lxml import etree  # imported when XML is parsed: telling a file's format needs no lxml

    try:
        return etree.fromstring(data, _safe_parser())
    except etree.XMLSyntaxError as error:
        raise ReportError(source, f"{what} is not well-formed XML ({error})") from None


@lru_cache(maxsize=1)
def _safe_parser():
    from lxml import etree

    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
