"""Hostile files: what is read, and how much. Only a regular file is read (a device, a FIFO is
named, never opened), every format within one size limit, zip members inflated as a bounded
stream whatever the zip's directory claims, the .doc check on the bytes it needs, and a file
name that is not UTF-8 read like any other.

Each case runs the command line in its own process, under an address-space cap and a time
limit: a case that read without bound would fail by running out of memory or time, not by
slowly filling the machine."""

from __future__ import annotations

import functools
import io
import os
import random
import resource
import struct
import subprocess
import sys
import time
import zipfile
import zlib
from pathlib import Path

import pytest
from support import ROOT, one_line_error, path_without_libreoffice, report_file, working_folder

from pipeline.errors import ReportError
from pipeline.readers import base, package
from pipeline.readers.package import MAX_XML_TAGS

RENDERINGS = ROOT / "tests" / "samples" / "renderings"
ADDRESS_SPACE = 512 * 2**20  # a file refused before it is read needs about 200 MiB of address space
REPORT_ADDRESS_SPACE = 1024 * 2**20  # a whole extraction, under 600 MiB
TIME_LIMIT = 5  # seconds, for a case refused before it is read
BOMB_BYTES = 300 * 2**20  # what a lying member inflates to
GIB_3 = 3 * 2**30


def address_space(limit: int):
    """What a child process runs before the command: the cap on its address space."""
    return lambda: resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def extract(target: Path, out: Path, timeout: float = TIME_LIMIT, env: dict | None = None, cap: int = ADDRESS_SPACE):
    """The command line on ``target`` (a ``raw/<year>`` folder or a file), capped; the run's time
    is checked by ``timeout``."""
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "pipeline", "extract", str(target), "--data", str(out)],
        cwd=working_folder(),  # the parse cache the other tests share
        capture_output=True,
        text=True,
        timeout=timeout,
        preexec_fn=address_space(cap),
        env={**os.environ, **(env or {})},
    )
    assert time.monotonic() - started < timeout
    return result


def refused(tmp_path: Path, path: Path, problem: str, env: dict | None = None, by_name: bool = False) -> None:
    """Exit 1, one line naming the file and ``problem``, nothing written; the file given by its
    folder, or ``by_name``."""
    out = tmp_path / "out"
    one_line_error(extract(path if by_name else path.parent, out, env=env), 1, problem, shown(path))
    assert not out.exists()


def shown(path: Path) -> str:
    """A path as the error shows it: bytes that are not UTF-8 escaped."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def place(tmp_path: Path, name: str = "rapport.txt") -> Path:
    folder = tmp_path / "raw" / "2023"
    folder.mkdir(parents=True)
    return folder / name


# Devices and FIFOs


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_a_link_to_a_device_is_refused_as_a_device_before_it_is_read(tmp_path, device):
    path = place(tmp_path)
    path.symlink_to(device)
    refused(tmp_path, path, f"a character device (a link to {device}), not a file")


@pytest.mark.parametrize("by_name", [False, True], ids=["in its folder", "by name"])
def test_a_fifo_with_no_writer_is_refused_without_waiting(tmp_path, by_name):
    path = place(tmp_path)
    os.mkfifo(path)
    refused(tmp_path, path, "a FIFO (named pipe), not a file", by_name=by_name)


def test_a_file_given_by_name_that_is_a_device_is_refused(tmp_path):
    path = place(tmp_path)
    path.symlink_to("/dev/zero")
    refused(tmp_path, path, "a character device", by_name=True)


# One size limit, zips included


def test_a_saved_document_model_is_read_within_the_size_limit(tmp_path):
    path = report_file(tmp_path, " " * (2 * 2**20), name="rapport.json")
    problem = "refused: 2 MiB is more than the 1 MiB a report can be"
    refused(tmp_path, path, problem, env={"DA_EXTRACT_MAX_FILE_MIB": "1"}, by_name=True)


def sparse(path: Path, size: int, start: bytes = b"", end: bytes = b"") -> Path:
    """A file of ``size`` bytes (then ``end``) that costs no disk: only ``start`` and ``end`` are written."""
    with open(path, "wb") as handle:
        handle.write(start)
        handle.truncate(size)
        handle.seek(size)
        handle.write(end)
    return path


def test_a_3_gb_file_starting_as_a_zip_is_refused_from_its_size(tmp_path):
    path = sparse(place(tmp_path, "rapport.docx"), GIB_3, start=b"PK\x03\x04")
    refused(
        tmp_path, path, "refused: 3072 MiB is more than the 50 MiB a report can be (limit: DA_EXTRACT_MAX_FILE_MIB)"
    )


def test_a_valid_odt_after_a_3_gb_prefix_is_refused_from_its_size(tmp_path):
    odt = (RENDERINGS / "rapport_da_2023_fr.libreoffice.odt").read_bytes()
    path = sparse(place(tmp_path, "rapport.odt"), GIB_3, start=b"PK\x03\x04", end=odt)  # a zip's start, as the .odt's
    refused(tmp_path, path, "refused: 3072 MiB is more than the 50 MiB a report can be")


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="a file of /proc: Linux")
def test_the_size_limit_counts_the_bytes_read_not_the_size_stat_gives(monkeypatch):
    assert os.stat("/proc/self/status").st_size == 0  # a regular file that stat says is empty
    monkeypatch.setattr(base, "max_file_bytes", lambda: 100)
    with pytest.raises(ReportError, match="refused: the file holds more than the 0 MiB"):
        base.read_file(Path("/proc/self/status"), "status")


def test_the_size_limit_is_set_by_its_variable(tmp_path):
    path = report_file(tmp_path, "Rapport " * 300_000)  # 2.3 MiB
    refused(tmp_path, path, "more than the 2 MiB a report can be", env={"DA_EXTRACT_MAX_FILE_MIB": "2"})


def test_a_size_limit_that_is_no_number_is_an_error_naming_the_variable(tmp_path):
    path = report_file(tmp_path, "Rapport")
    result = extract(path.parent, tmp_path / "out", env={"DA_EXTRACT_MAX_FILE_MIB": "beaucoup"})
    assert result.returncode == 1, result.stderr
    assert result.stderr.splitlines()[-1] == (
        "da-extract: error: DA_EXTRACT_MAX_FILE_MIB: must be a whole number of MiB above 0, not 'beaucoup'"
    )


# Zips whose directory lies


@functools.cache
def deflated_zeros(size: int) -> bytes:
    """``size`` zero bytes deflated (raw, as a zip holds them), compressed a MiB at a time."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    chunk = bytes(2**20)
    return b"".join([*(compressor.compress(chunk) for _ in range(size // 2**20)), compressor.flush()])


def raw_zip(members: list[tuple[str, bytes, int, int, int]]) -> bytes:
    """A zip written byte by byte, its sizes what the caller says: members of (name, compressed
    bytes, method, declared size, declared CRC)."""
    body, directory = io.BytesIO(), io.BytesIO()
    for name, data, method, size, crc in members:
        encoded = name.encode()
        fields = struct.pack("<HHHHHIIIHH", 20, 0, method, 0, 0x21, crc, len(data), size, len(encoded), 0)
        offset = body.tell()
        body.write(b"PK\x03\x04" + fields + encoded + data)
        directory.write(b"PK\x01\x02" + struct.pack("<H", 20) + fields + struct.pack("<HHHII", 0, 0, 0, 0, offset))
        directory.write(encoded)
    end = struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, len(members), len(members), directory.tell(), body.tell(), 0)
    return body.getvalue() + directory.getvalue() + end


def with_lying_member(sample: str, member: str) -> bytes:
    """A sample package whose ``member`` inflates to 300 MB of zeros while the zip's directory
    gives the size and CRC of the true member."""
    members = []
    with zipfile.ZipFile(RENDERINGS / sample) as archive:
        for info in archive.infolist():
            data = archive.read(info)
            if info.filename == member:
                members.append((member, deflated_zeros(BOMB_BYTES), zipfile.ZIP_DEFLATED, len(data), zlib.crc32(data)))
            else:
                compressor = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
                compressed = compressor.compress(data) + compressor.flush()
                members.append((info.filename, compressed, zipfile.ZIP_DEFLATED, len(data), zlib.crc32(data)))
    return raw_zip(members)


def test_a_package_rebuilt_by_the_tests_zip_writer_is_still_read():
    data = with_lying_member("rapport_da_2023_fr.libreoffice.odt", "no such member")
    with package.open_package(data, "rapport.odt", ".odt") as archive:
        assert archive.read("mimetype") == b"application/vnd.oasis.opendocument.text"


@pytest.mark.parametrize(
    "sample, member, name, problem",
    [
        (
            "rapport_da_2023_fr.libreoffice.odt",
            "mimetype",
            "rapport.odt",
            "mimetype in the zip expands beyond the 39 bytes the zip's directory declares",
        ),
        (
            "rapport_da_2023_fr.libreoffice.odt",
            "content.xml",
            "rapport.odt",
            "content.xml in the .odt expands beyond the",
        ),
        (
            "rapport_da_2023_fr.libreoffice.docx",
            "word/document.xml",
            "rapport.docx",
            "word/document.xml in the .docx expands beyond the",
        ),
    ],
    ids=["odt mimetype", "odt content.xml", "docx document.xml"],
)
def test_a_member_larger_than_the_zip_directory_says_is_stopped_at_the_declared_size(
    tmp_path, sample, member, name, problem
):
    path = report_file(tmp_path, with_lying_member(sample, member), name=name)
    refused(tmp_path, path, problem)


def test_a_lying_member_is_inflated_no_further_than_its_budget():
    data = raw_zip([("word/document.xml", deflated_zeros(BOMB_BYTES), zipfile.ZIP_DEFLATED, 1000, 0)])
    started = time.monotonic()
    with package.open_package(data, "rapport.docx", ".docx") as archive:
        with pytest.raises(ReportError, match="expands beyond the 1,000 bytes the zip's directory declares"):
            archive.read("word/document.xml")
    assert time.monotonic() - started < 0.5  # the whole stream would take seconds


def test_a_zip_directory_of_a_million_entries_is_refused_before_zipfile_reads_it(tmp_path):
    fields = struct.pack("<HHHHHHIIIHHHHHII", 20, 20, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0)
    directory = (b"PK\x01\x02" + fields + b"a") * 1_100_000  # 49 MiB: zipfile alone needs 400 MiB and 7 s
    end = struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, 10, 10, len(directory), 0, 0)  # a count that lies
    path = report_file(tmp_path, directory + end, name="rapport.docx")
    refused(tmp_path, path, "refused: the .docx holds more than 10000 files (limit 10000)")


def test_a_member_compressed_otherwise_than_office_files_are_is_refused():
    data = raw_zip([("word/document.xml", b"BZh9", zipfile.ZIP_BZIP2, 10, 0)])
    with package.open_package(data, "rapport.docx", ".docx") as archive:
        with pytest.raises(ReportError, match="compressed with method 12, which office files do not use"):
            archive.read("word/document.xml")


def test_a_member_whose_stream_is_cut_short_is_a_clear_error():
    whole = deflated_zeros(2**20)
    data = raw_zip([("content.xml", whole[: len(whole) // 2], zipfile.ZIP_DEFLATED, 2**20, 0)])
    with package.open_package(data, "rapport.odt", ".odt") as archive:
        with pytest.raises(ReportError, match="content.xml in the .odt is damaged: its compressed data ends early"):
            archive.read("content.xml")


def test_a_mimetype_member_that_would_inflate_without_end_is_no_opendocument():
    data = raw_zip([("mimetype", deflated_zeros(BOMB_BYTES), zipfile.ZIP_DEFLATED, 39, 0)])
    assert package.odf_mimetype(data) is None


# The .doc check


def ole_file(stream_size: int, flags: int) -> bytes:
    """An OLE2 file of four 4 KiB sectors whose one stream, WordDocument, says it is
    ``stream_size`` bytes long, on a sector chain that loops on itself; its FAT is the same
    sector listed 109 times, so olefile accepts a stream of up to 109 × 1024 sectors (457 MB)."""
    header = struct.pack(
        "<8s16sHHHHH6sIIIIIIIII",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        bytes(16),
        0x3E,
        4,
        0xFFFE,
        12,
        6,
        bytes(6),
        1,  # directory sectors
        109,  # FAT sectors
        1,  # the directory's first sector
        0,
        4096,  # mini stream cutoff
        0xFFFFFFFE,  # no mini FAT
        0,
        0xFFFFFFFE,  # no DIFAT sector
        0,
    ) + struct.pack("<109I", *[0] * 109)
    fat = struct.pack("<3I", 0xFFFFFFFD, 0xFFFFFFFE, 2) + b"\xff" * (4096 - 12)  # sector 2 → sector 2 → …

    def entry(name: str, kind: int, child: int, start: int, size: int) -> bytes:
        encoded = name.encode("utf-16-le") + b"\0\0" if name else b""
        return struct.pack(
            "<64sHBBIII16sIQQIQ",
            encoded,
            len(encoded),
            kind,
            1,
            2**32 - 1,
            2**32 - 1,
            child,
            bytes(16),
            0,
            0,
            0,
            start,
            size,
        )

    directory = entry("Root Entry", 5, 1, 0xFFFFFFFE, 0) + entry("WordDocument", 2, 2**32 - 1, 2, stream_size)
    directory += entry("", 0, 2**32 - 1, 0, 0) * 30
    fib = struct.pack("<HHHHHH", 0xA5EC, 0xC1, 0, 0, 0, flags) + bytes(4096 - 12)
    return header.ljust(4096, b"\0") + fat + directory + fib


def test_the_doc_check_reads_the_twelve_bytes_it_needs_not_the_stream_its_directory_claims(tmp_path):
    path = report_file(tmp_path, ole_file(109 * 1024 * 4096 - 1, 0x0100), name="rapport.doc")
    refused(tmp_path, path, "the .doc is encrypted with a password", env={"PATH": path_without_libreoffice()})


def test_a_doc_stream_that_starts_outside_the_file_is_a_clear_error(tmp_path):
    data = bytearray(ole_file(8192, 0))
    data[4096 * 2 + 128 + 116 : 4096 * 2 + 128 + 120] = struct.pack("<I", 10_000)  # WordDocument's first sector
    path = report_file(tmp_path, bytes(data), name="rapport.doc")
    refused(tmp_path, path, "not a valid legacy .doc file", env={"PATH": path_without_libreoffice()})


# File names that are not UTF-8


def not_utf8(tmp_path: Path, data: bytes) -> Path:
    folder = place(tmp_path).parent
    path = Path(os.fsdecode(os.fsencode(folder) + b"/rapport_\xff\xfe.odt"))
    path.write_bytes(data)
    return path


def test_a_report_whose_file_name_is_not_utf8_is_read(tmp_path):
    path = not_utf8(tmp_path, (RENDERINGS / "rapport_da_2023_fr.libreoffice.odt").read_bytes())
    out = tmp_path / "out"
    result = extract(
        path.parent, out, timeout=120, cap=REPORT_ADDRESS_SPACE
    )  # a cold parse cache: spaCy parses it first
    assert result.returncode == 0, result.stderr
    assert "rapport_\\\\xff\\\\xfe.odt" in (out / "manifest" / "2023.json").read_text()


def test_garbage_whose_file_name_is_not_utf8_is_refused_by_that_name(tmp_path):
    path = not_utf8(tmp_path, b"PK\x03\x04" + bytes(100))
    assert shown(path).endswith("rapport_\\xff\\xfe.odt")
    refused(tmp_path, path, "not a valid .docx: the file is not a zip archive")


# Damaged packages: a clear error, never an exception of zipfile or zlib


def damaged_copies(data: bytes, count: int, seed: int):
    """``data`` with a few random bytes changed before its zip directory (the members' headers and
    compressed bytes), and every third one cut short as well."""
    import random

    chance = random.Random(seed)
    for number in range(count):
        copy = bytearray(data)
        for _ in range(chance.randrange(1, 6)):
            copy[chance.randrange(len(copy) * 9 // 10)] = chance.randrange(256)
        yield bytes(copy[: chance.randrange(len(copy) // 2, len(copy))] if number % 3 == 2 else copy)


@pytest.mark.parametrize("sample", ["rapport_da_2023_fr.libreoffice.odt", "rapport_da_2023_fr.libreoffice.docx"])
def test_a_damaged_package_is_read_or_refused_with_a_report_error(tmp_path, sample):
    from pipeline.readers import Content, reader_for

    problems = set()
    for number, data in enumerate(damaged_copies((RENDERINGS / sample).read_bytes(), 15, seed=29)):
        content = Content(tmp_path / f"{number}{Path(sample).suffix}", data)
        try:
            reader_for(content).read(content)
        except ReportError as error:
            problems.add(error.problem)
    assert all(len(problem.split()) >= 3 for problem in problems), problems


def odt_of_content(body: bytes) -> bytes:
    """An .odt (deflated) whose content.xml holds ``body`` in a paragraph after a French title."""
    content = (
        b'<?xml version="1.0"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:'
        b'office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text>'
        b"<text:p>Rapport sur le Plan d\xe2\x80\x99action pour le d\xc3\xa9veloppement</text:p><text:p>"
        + body
        + b"</text:p></office:text></office:body></office:document-content>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", content)
    return buffer.getvalue()


def test_an_xml_part_within_every_zip_limit_is_held_to_what_a_report_s_part_can_be(tmp_path):
    # spaces with a letter every 300: 70 MiB at 100:1, under the ratio and the total; 250 MiB of it
    # were inflated whole, then copied, 533 MiB before the XML parser refused a text node
    letters = bytes(random.Random(1).choice(b"abcdefghij") for _ in range(4096))
    body = b"".join(b" " * 299 + letters[n : n + 1] for n in range(4096)) * (70 * 2**20 // (300 * 4096))
    path = report_file(tmp_path, odt_of_content(body), name="rapport.odt")
    refused(tmp_path, path, "content.xml in the .odt expands to more than the 64 MiB of XML a report's part can hold")


def test_an_xml_part_of_more_tags_than_a_report_s_part_holds_is_refused_before_its_tree_is_built(tmp_path):
    # 2.4 million empty elements, within every zip limit and the paragraph budget: 19 s and 1 GB
    numbers = random.Random(2)
    body = b"".join(b'<text:s text:c="%d"/>' % numbers.randrange(10**6) for _ in range(2_400_000))
    path = report_file(tmp_path, odt_of_content(body), name="rapport.odt")
    refused(tmp_path, path, f"the .odt content.xml holds more than the {MAX_XML_TAGS:,} tags a report's part can hold")


@pytest.mark.parametrize("kind", ["device", "fifo", "file"])
def test_a_data_folder_that_is_no_folder_is_refused_before_the_report_is_read(tmp_path, kind):
    # a link to /dev/null or a FIFO given as --data: the whole extraction ran, then "File exists"
    path = place(tmp_path)
    path.write_text("not even a report: the data folder is looked at first", encoding="utf-8")
    out = tmp_path / "out"
    {
        "device": lambda: out.symlink_to("/dev/null"),
        "fifo": lambda: os.mkfifo(out),
        "file": lambda: out.write_text("kept"),
    }[kind]()
    result = extract(path.parent, out)
    assert result.returncode == 1, result.stderr
    assert result.stderr.strip().splitlines() == [
        f"da-extract: error: {out}: not a folder: the datasets are written in a folder (--data)"
    ]
    assert kind != "file" or out.read_text() == "kept"
