"""What an OLE2 compound file (the container of legacy Office files) holds, on olefile.

The same signature starts a Word 97 ``.doc``, an Excel or PowerPoint file, and an encrypted
``.docx``, which Office stores as an OLE2 file holding ``EncryptionInfo`` and
``EncryptedPackage``; only the directory of streams tells them apart. A ``.doc`` saved with a
password says so in its File Information Block (``fEncrypted``).
"""

from __future__ import annotations

import io

from pipeline.errors import ReportError

SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
F_ENCRYPTED = 0x0100  # in the FIB's flags, at byte 10 of the WordDocument stream
OTHER_KINDS = {
    "workbook": "an Excel workbook",
    "book": "an Excel workbook",
    "powerpoint document": "a PowerPoint presentation",
}
PASSWORD = "is encrypted with a password: save it without one to read it"


def check_word_97(data: bytes, source: str) -> None:
    """Refuse, with the reason, an OLE2 file that is not a readable Word 97 document."""
    import olefile  # only legacy files need it

    try:
        with olefile.OleFileIO(io.BytesIO(data)) as ole:  # bytes alone, if short, would be read as a path
            streams = {"/".join(path).lower() for path in ole.listdir(streams=True, storages=False)}
            if {"encryptioninfo", "encryptedpackage"} & streams:
                raise ReportError(source, f"the Office document {PASSWORD}")
            if "worddocument" not in streams:
                kind = next((OTHER_KINDS[s] for s in sorted(streams) if s in OTHER_KINDS), "an OLE2 file")
                raise ReportError(source, f"not a Word document: {kind}, not a report")
            header = _stream_start(ole, "WordDocument", 12, len(data))
    except (OSError, ValueError, IndexError) as error:  # olefile's errors on a damaged file
        raise ReportError(source, f"not a valid legacy .doc file ({error})") from None
    if len(header) == 12 and int.from_bytes(header[10:12], "little") & F_ENCRYPTED:
        raise ReportError(source, f"the .doc {PASSWORD}")


def _stream_start(ole, name: str, count: int, file_size: int) -> bytes:
    """The first ``count`` bytes of a stream, read from its first sector alone: olefile's
    ``openstream`` reads a stream whole, as long as its directory entry says, and a few changed
    bytes make that entry say gigabytes (or a sector chain loop over and over)."""
    entry = ole.direntries[ole._find(name)]
    if entry.size < ole.minisectorcutoff:  # in the mini stream, itself a stream of the file
        for what, size in (("mini stream", ole.root.size), ("mini FAT", ole.num_mini_fat_sectors * ole.sectorsize)):
            if size > file_size:  # both are read whole first, and both lie inside the file
                raise ValueError(f"its {what} claims {size:,} bytes in a file of {file_size:,}")
        return ole.openstream(name).read(count)  # under minisectorcutoff (4 KiB) bytes
    if not 0 <= entry.isectStart < file_size // ole.sectorsize:
        raise ValueError(f"the {name} stream starts at sector {entry.isectStart}, outside the file")
    ole.fp.seek(ole.sectorsize * (entry.isectStart + 1))  # sector n starts after the header, itself one sector
    return ole.fp.read(count)
