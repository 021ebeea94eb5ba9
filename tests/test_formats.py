"""The format is told by content, and legacy Word (.doc) and RTF are read through LibreOffice.

Without LibreOffice, with LibreOffice failing and with LibreOffice hanging (fakes on ``PATH``):
a one-line error with the bad-input status, and no process or temporary file left behind,
also after Ctrl-C and after the run itself is killed. Legacy Office files are made here as
Office lays them out: an OLE2 compound file of named streams.
(The 2023 report saved by LibreOffice as .odt, .doc and .rtf is in test_renderings.)
"""

from __future__ import annotations

import os
import signal
import struct
import subprocess
import sys
import time
from pathlib import Path

import pytest
from support import da_extract, path_without_libreoffice, processes_under

from pipeline.errors import EXIT_INPUT, EXIT_INTERRUPTED
from pipeline.readers.libreoffice import KILL_AFTER, PREFIX

RTF = rb"{\rtf1\ansi Le pr\'e9sent document contient le rapport pour l'ann\'e9e 2023.\par}"
INSTALL = "apt-get install libreoffice-writer-nogui"
HANGING = "#!/bin/sh\ntrap '' TERM\nsleep 600 &\nsleep 600\n"  # deaf to TERM, and a child of its own
FAILING = "#!/bin/sh\necho 'Error: source file could not be loaded' >&2\nexit 1\n"
LIMIT = 2  # seconds a conversion may take in these tests


# -- legacy Office files ---------------------------------------------------------------------

END, FREE, FAT_SECTOR, NO_STREAM = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF
SECTOR = 512
MINI_CUTOFF = 4096  # streams this long are stored in sectors of their own, never in the mini stream


def ole_file(streams: dict[str, bytes]) -> bytes:
    """A compound file (MS-CFB, version 3) holding ``streams``: one FAT sector, one directory
    sector, then each stream in consecutive sectors."""
    names = sorted(streams, key=lambda n: (len(n), n.upper()))  # the order CFB compares names in
    contents = [streams[n].ljust(MINI_CUTOFF, b"\0") for n in names]
    fat, starts, sector = [FAT_SECTOR, END], [], 2
    for content in contents:
        count = -(-len(content) // SECTOR)
        starts.append(sector)
        fat += list(range(sector + 1, sector + count)) + [END]
        sector += count
    header = (
        bytes.fromhex("d0cf11e0a1b11ae1")
        + bytes(16)
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + bytes(6)
        + struct.pack("<IIIIIIIII", 0, 1, 1, 0, MINI_CUTOFF, END, 0, END, 0)
        + struct.pack("<109I", 0, *[FREE] * 108)
    )
    entries = [_entry("Root Entry", 5, child=1, start=END, size=0)]
    for index, (name, start, content) in enumerate(zip(names, starts, contents), start=1):
        entries.append(
            _entry(name, 2, right=index + 1 if index < len(names) else NO_STREAM, start=start, size=len(content))
        )
    directory = b"".join(entries).ljust(SECTOR, b"\0")
    fat_sector = struct.pack(f"<{SECTOR // 4}I", *(fat + [FREE] * (SECTOR // 4 - len(fat))))
    return header + fat_sector + directory + b"".join(c.ljust(-(-len(c) // SECTOR) * SECTOR, b"\0") for c in contents)


def _entry(name: str, kind: int, start: int, size: int, child: int = NO_STREAM, right: int = NO_STREAM) -> bytes:
    encoded = (name + "\0").encode("utf-16-le")
    return (
        encoded.ljust(64, b"\0")
        + struct.pack("<HBBIII", len(encoded), kind, 1, NO_STREAM, right, child)
        + bytes(16 + 4 + 16)
        + struct.pack("<IQ", start, size)
    )


def word_97(encrypted: bool = False) -> bytes:
    """A Word 97 file's streams: the File Information Block opens WordDocument (wIdent 0xA5EC)."""
    flags = 0x0100 if encrypted else 0
    fib = struct.pack("<HHHHHH", 0xA5EC, 0xC1, 0, 0x040C, 0, flags)
    return ole_file({"WordDocument": fib, "1Table": b"", "\x05SummaryInformation": b""})


def report(tmp_path: Path, data: bytes, name: str) -> Path:
    path = tmp_path / "raw" / "2023" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def one_line_error(result: subprocess.CompletedProcess, path: Path, *problem: str) -> str:
    assert result.returncode == EXIT_INPUT, result.stderr
    lines = result.stderr.splitlines()
    assert lines and lines[-1].startswith(f"da-extract: error: {path}: "), result.stderr
    assert [line for line in lines if "error" in line] == lines[-1:], result.stderr
    assert all(text in lines[-1] for text in problem), lines[-1]
    return lines[-1]


@pytest.mark.parametrize(
    "name, data, problem",
    [
        (
            "rapport.docx",
            ole_file({"EncryptionInfo": b"\x04\x00\x04\x00", "EncryptedPackage": b"\0"}),
            "the Office document is encrypted with a password: save it without one to read it",
        ),
        ("rapport.doc", word_97(encrypted=True), "the .doc is encrypted with a password: save it without one"),
        (
            "rapport.doc",
            ole_file({"Workbook": b"", "\x05SummaryInformation": b""}),
            "not a Word document: an Excel workbook, not a report",
        ),
    ],
    ids=["encrypted docx", "password doc", "excel renamed doc"],
)
def test_legacy_office_files_that_are_no_readable_report_say_why(tmp_path, name, data, problem):
    path = report(tmp_path, data, name)
    one_line_error(da_extract("extract", str(path.parent), "--data", str(tmp_path / "out")), path, problem)
    assert not (tmp_path / "out").exists()


# -- LibreOffice absent, failing, hanging --------------------------------------------------------


def fake_soffice(tmp_path: Path, script: str, limit: int = LIMIT) -> dict:
    """The environment of a run whose ``soffice`` is ``script`` and whose temporary folder is its own."""
    fake = tmp_path / "fake-bin" / "soffice"
    fake.parent.mkdir()
    fake.write_text(script, encoding="utf-8")
    fake.chmod(0o755)
    (tmp_path / "tmp").mkdir()
    return {
        "PATH": f"{fake.parent}{os.pathsep}{os.environ['PATH']}",
        "TMPDIR": str(tmp_path / "tmp"),
        "DA_EXTRACT_LIBREOFFICE_TIMEOUT": str(limit),
    }


def running(tmp_path: Path) -> list[str]:
    """The processes of the conversions of a test whose temporary folder is under ``tmp_path``."""
    return processes_under(str(tmp_path))


def wait_for(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return condition()


@pytest.mark.parametrize(
    "name, data, named",
    [
        ("rapport.doc", word_97(), "a legacy Word .doc file"),
        ("rapport.docx", word_97(), "a legacy Word .doc file"),
        ("rapport.rtf", RTF, "an RTF file"),
    ],
    ids=["doc", "doc renamed docx", "rtf"],
)
def test_without_libreoffice_a_doc_or_rtf_is_a_bad_input_naming_it(tmp_path, name, data, named):
    path = report(tmp_path, data, name)
    result = da_extract(
        "extract", str(path.parent), "--data", str(tmp_path / "out"), env={"PATH": path_without_libreoffice()}
    )
    line = one_line_error(result, path, f"{named} is read through LibreOffice, which is not installed", INSTALL)
    assert "unsupported format" not in line and "internal error" not in result.stderr


def test_libreoffice_that_fails_is_a_bad_input_and_leaves_nothing(tmp_path):
    path = report(tmp_path, RTF, "rapport.rtf")
    env = fake_soffice(tmp_path, FAILING)
    result = da_extract("extract", str(path.parent), "--data", str(tmp_path / "out"), env=env)
    one_line_error(
        result, path, "LibreOffice could not convert the file (exit status 1: Error: source file could not be loaded)"
    )
    assert list((tmp_path / "tmp").iterdir()) == [] and running(tmp_path) == []


def test_libreoffice_that_hangs_is_killed_at_the_time_limit_and_leaves_nothing(tmp_path):
    path = report(tmp_path, RTF, "rapport.rtf")
    result = da_extract(
        "extract", str(path.parent), "--data", str(tmp_path / "out"), env=fake_soffice(tmp_path, HANGING)
    )
    one_line_error(result, path, f"LibreOffice did not convert the file within {LIMIT} s")
    assert list((tmp_path / "tmp").iterdir()) == []
    assert wait_for(lambda: running(tmp_path) == [], 1), running(tmp_path)


@pytest.mark.parametrize(
    "name, data, problem",
    [
        ("rapport.doc", word_97(), "no text found"),  # a Word 97 header and nothing else: converted, empty
        ("rapport.rtf", rb"{\rtf1 \bin999999 }}}", "LibreOffice could not convert an RTF file to .docx"),
    ],
    ids=["empty doc", "broken rtf"],
)
def test_a_bad_file_for_libreoffice_is_a_bad_input_and_leaves_nothing(tmp_path, soffice, name, data, problem):
    path = report(tmp_path, data, name)
    (tmp_path / "tmp").mkdir()
    result = da_extract(
        "extract", str(path.parent), "--data", str(tmp_path / "out"), env={"TMPDIR": str(tmp_path / "tmp")}
    )
    one_line_error(result, path, problem)
    assert list((tmp_path / "tmp").iterdir()) == [] and running(tmp_path) == []


def start_conversion(tmp_path: Path, env: dict) -> subprocess.Popen:
    """da-extract on an RTF file, returned once its LibreOffice is running."""
    path = report(tmp_path, RTF, "rapport.rtf")
    run = subprocess.Popen(
        [sys.executable, "-m", "pipeline", "extract", str(path.parent), "--data", str(tmp_path / "out")],
        cwd=tmp_path,  # its default parse cache, build/cache, is written here
        env={**os.environ, **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert wait_for(lambda: any("sleep 600" in c for c in running(tmp_path)), 30), "LibreOffice never started"
    return run


def test_ctrl_c_stops_the_conversion_and_leaves_nothing(tmp_path):
    run = start_conversion(tmp_path, fake_soffice(tmp_path, HANGING, limit=60))
    run.send_signal(signal.SIGINT)
    _, errors = run.communicate(timeout=30)
    assert (run.returncode, errors.splitlines()[-1]) == (EXIT_INTERRUPTED, "da-extract: interrupted")
    assert wait_for(lambda: running(tmp_path) == [], 2), running(tmp_path)
    assert list((tmp_path / "tmp").iterdir()) == []


def test_a_killed_run_leaves_no_process_past_the_time_limit_and_the_next_run_cleans_up(tmp_path):
    limit = 3
    env = fake_soffice(tmp_path, HANGING, limit=limit)
    run = start_conversion(tmp_path, env)
    run.kill()
    run.communicate()
    [left] = list((tmp_path / "tmp").iterdir())
    assert left.name.startswith(f"{PREFIX}{run.pid}-")
    assert wait_for(lambda: running(tmp_path) == [], limit + KILL_AFTER + 2), running(tmp_path)
    (tmp_path / "fake-bin" / "soffice").write_text(FAILING, encoding="utf-8")
    da_extract("extract", str(tmp_path / "raw" / "2023"), "--data", str(tmp_path / "out"), env=env)
    assert list((tmp_path / "tmp").iterdir()) == []


def test_where_the_system_has_no_parent_death_signal_a_conversion_runs_without_it(tmp_path, monkeypatch, soffice):
    """``prctl(PR_SET_PDEATHSIG)`` is Linux's: elsewhere (macOS, the BSDs) the conversion runs the same,
    and a killed run's LibreOffice ends at its time limit (the test above), not at once."""
    import tempfile
    from types import SimpleNamespace

    from pipeline.readers import libreoffice

    monkeypatch.setattr(os, "uname", lambda: SimpleNamespace(sysname="Darwin", release="23.0.0"))
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    assert libreoffice._load_prctl() is None
    docx = libreoffice.convert_to_docx(RTF, "rtf", "rapport.rtf")
    assert docx[:2] == b"PK" and list(tmp_path.iterdir()) == []
