"""Legacy Word (``.doc``) and RTF files, converted to ``.docx`` by LibreOffice, an optional
system tool, then read by the Word reader.

* Each conversion has a private folder (``PREFIX`` + the owner's pid) holding a copy of the
  file, LibreOffice's profile (``-env:UserInstallation``: concurrent runs never share one),
  its temporary files (``TMPDIR``) and the result; the folder is removed whatever happens.
* No macro runs: the fresh profile sets the macro security to its highest level, disables
  macro execution and the loading of VBA code.
* A time limit (``DA_EXTRACT_LIBREOFFICE_TIMEOUT`` seconds, default ``TIME_LIMIT``): LibreOffice
  runs under coreutils ``timeout`` in a session of its own, killed (SIGKILL) ``KILL_AFTER`` s
  after it is told to end, since it may ignore SIGTERM. A time-out, an error or Ctrl-C here
  kills the group at once.
* When this process dies, even by SIGKILL, the conversion ends at once, not at its time limit:
  on Linux ``timeout`` is started with a parent-death signal (``prctl(PR_SET_PDEATHSIG)``), a
  SIGTERM it passes on to the group, then SIGKILL ``KILL_AFTER`` s later. (A signal is used
  rather than a watchdog process: the kernel sends it whatever way this process ends.)
* A memory ceiling (``DA_EXTRACT_LIBREOFFICE_MEMORY_MIB``, default ``MEMORY_MIB``): the address
  space of every process of the conversion is limited (``RLIMIT_AS``, inherited from ``timeout``);
  a file that needs more makes LibreOffice fail, which is reported as such.
* A folder left by a killed run (its owner's pid dead, its conversion ended) is removed by the
  next conversion.
"""

from __future__ import annotations

import functools
import io
import os
import re
import shutil
import signal
import subprocess
import tempfile
import zipfile
from pathlib import Path

try:
    import resource
except ImportError:  # Windows: no memory ceiling of a process's own
    resource = None

from pipeline.errors import ReportError
from pipeline.readers.base import Content, Parsed, Reader
from pipeline.readers.docx import read_docx
from pipeline.readers.ole import SIGNATURE as OLE2_SIGNATURE
from pipeline.readers.ole import check_word_97

PREFIX = "da-extract-libreoffice-"
TIME_LIMIT = 60  # seconds; the 2023 report converts in about 2 s
KILL_AFTER = 1  # seconds LibreOffice has to end after it is told to, before it is killed
# MiB of address space each process of a conversion may use: soffice.bin reserves 452 MiB for an
# empty document and about as much for the 2023 report (208 MiB resident); an RTF of a million
# nested groups took 2.3 GB, and ends here at 704 MiB of address space, 458 MiB resident.
MEMORY_MIB = 704
PR_SET_PDEATHSIG = 1  # prctl(2)
INSTALL = "install it (Debian: apt-get install libreoffice-writer-nogui) or save the file as .docx"
CANDIDATES = ("soffice", "libreoffice", "/Applications/LibreOffice.app/Contents/MacOS/soffice")
TIMED_OUT = (124, 137)  # timeout's status when it stopped the command, and when it had to kill it
NO_MACROS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema">
<item oor:path="/org.openoffice.Office.Common/Security/Scripting">
  <prop oor:name="MacroSecurityLevel" oor:op="fuse"><value>3</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting">
  <prop oor:name="DisableMacrosExecution" oor:op="fuse"><value>true</value></prop></item>
<item oor:path="/org.openoffice.Office.Writer/Filter/Import/VBA">
  <prop oor:name="Load" oor:op="fuse"><value>false</value></prop></item>
<item oor:path="/org.openoffice.Office.Writer/Filter/Import/VBA">
  <prop oor:name="Executable" oor:op="fuse"><value>false</value></prop></item>
</oor:items>
"""
NAMES = {"doc": "a legacy Word .doc file", "rtf": "an RTF file"}


class ConvertedReader(Reader):
    """A format read through LibreOffice: converted to ``.docx``, then read as Word; the document's
    ``Source`` records the converter."""

    def parse(self, content: Content) -> Parsed:
        docx = convert_to_docx(content.data, self.format, content.name)
        blocks, footnotes = read_docx(docx, content.name)
        return Parsed(blocks, footnotes, converter=converter_version(docx))


class LegacyWordReader(ConvertedReader):
    """Word 97–2003 (``.doc``): an OLE2 compound file that holds a Word document."""

    format = "doc"

    @classmethod
    def recognises(cls, content: Content) -> bool:
        return content.data.startswith(OLE2_SIGNATURE)

    def parse(self, content: Content) -> Parsed:
        check_word_97(content.data, content.name)  # an Excel file or an encrypted .docx says so before conversion
        return super().parse(content)


class RtfReader(ConvertedReader):
    format = "rtf"

    @classmethod
    def recognises(cls, content: Content) -> bool:
        return content.data.startswith(b"{\\rtf")


def convert_to_docx(data: bytes, kind: str, source: str) -> bytes:
    """The ``.docx`` LibreOffice makes of ``data``, a ``kind`` ("doc", "rtf") file."""
    soffice = _soffice()
    if soffice is None:
        raise ReportError(source, f"{NAMES[kind]} is read through LibreOffice, which is not installed: {INSTALL}")
    remove_abandoned_folders()
    folder = Path(tempfile.mkdtemp(prefix=f"{PREFIX}{os.getpid()}-"))
    try:
        document = folder / f"report.{kind}"  # a copy: LibreOffice leaves lock files beside what it opens
        document.write_bytes(data)
        (folder / "profile" / "user").mkdir(parents=True)
        (folder / "profile" / "user" / "registrymodifications.xcu").write_text(NO_MACROS, encoding="utf-8")
        (folder / "tmp").mkdir()
        _run(_command(soffice, document, folder), folder, source)
        converted = folder / "out" / "report.docx"
        if not converted.is_file():
            raise ReportError(
                source,
                f"LibreOffice could not convert {NAMES[kind]} to .docx (a damaged file, or one that needs more "
                f"than {_memory_mib():,} MiB: DA_EXTRACT_LIBREOFFICE_MEMORY_MIB)",
            )
        return converted.read_bytes()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def converter_version(docx: bytes) -> str:
    """``LibreOffice 7.4.7.2``, from the application the converted file names."""
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        names = archive.namelist()
        application = (
            archive.read("docProps/app.xml")[:4096].decode("utf-8", "replace") if "docProps/app.xml" in names else ""
        )
    match = re.search(r"<Application>([^/<]+)/([\d.]+)", application)
    return f"{match.group(1)} {match.group(2)}" if match else "LibreOffice (version not stated)"


def _soffice() -> str | None:
    return next(filter(None, (shutil.which(name) for name in CANDIDATES)), None)


def _time_limit() -> int:
    value = os.environ.get("DA_EXTRACT_LIBREOFFICE_TIMEOUT", "")
    return int(value) if value.isdecimal() and int(value) > 0 else TIME_LIMIT


def _memory_mib() -> int:
    value = os.environ.get("DA_EXTRACT_LIBREOFFICE_MEMORY_MIB", "").strip()
    return int(value) if value.isdecimal() and int(value) > 0 else MEMORY_MIB


def _confine(parent: int, memory: int, death_signal: int, prctl) -> None:
    """In the conversion's first process, before it starts: its memory ceiling, and the signal it
    gets when this process dies (Linux). Only system calls: this runs between fork and exec."""
    hard = resource.getrlimit(resource.RLIMIT_AS)[1]
    resource.setrlimit(resource.RLIMIT_AS, (memory if hard == resource.RLIM_INFINITY else min(memory, hard), hard))
    if prctl is not None:
        prctl(PR_SET_PDEATHSIG, death_signal)
        if os.getppid() != parent:  # died before the signal was asked for
            os.kill(os.getpid(), death_signal)


def _load_prctl():
    """libc's ``prctl``, looked up in this process: nothing is looked up between fork and exec."""
    if not hasattr(os, "uname") or os.uname().sysname != "Linux":
        return None
    import ctypes

    try:
        return ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None


def _command(soffice: str, document: Path, folder: Path) -> list[str]:
    command = [
        soffice,
        f"-env:UserInstallation={(folder / 'profile').as_uri()}",
        "--headless",
        "--invisible",
        "--nologo",
        "--norestore",
        "--nolockcheck",
        "--nodefault",
        "--convert-to",
        "docx:MS Word 2007 XML",
        "--outdir",
        str(folder / "out"),
        str(document),
    ]
    timeout = shutil.which("timeout")  # coreutils: the limit then outlives this process
    return [timeout, f"--kill-after={KILL_AFTER}", str(_time_limit()), *command] if timeout else command


def _run(command: list[str], folder: Path, source: str) -> None:
    limit = _time_limit()
    # timeout passes a SIGTERM on to LibreOffice and kills it KILL_AFTER s later; LibreOffice alone would ignore it
    death_signal = signal.SIGTERM if Path(command[0]).name == "timeout" else signal.SIGKILL
    confine = functools.partial(_confine, os.getpid(), _memory_mib() * 2**20, death_signal, _load_prctl())
    process = subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
        env={**os.environ, "TMPDIR": str(folder / "tmp")},
        preexec_fn=confine if resource is not None else None,  # between fork and exec: system calls only
    )
    try:
        (folder / "group").write_text(str(process.pid), encoding="ascii")  # for remove_abandoned_folders
        _, errors = process.communicate(timeout=limit + KILL_AFTER + 1)
    except subprocess.TimeoutExpired:
        raise _too_slow(source, limit) from None
    finally:
        _end_group(process)
    if process.returncode in TIMED_OUT or process.returncode == -signal.SIGKILL:
        raise _too_slow(source, limit)
    if process.returncode != 0:
        raise _failed(process.returncode, errors, source)


def _failed(status: int, errors: bytes, source: str) -> ReportError:
    if status < 0 or status > 128:  # a signal ended it (a shell reports 128 + the signal): most often the ceiling
        return ReportError(
            source,
            f"LibreOffice stopped converting the file (signal {abs(status) % 128}): a damaged file, or one that "
            f"needs more than {_memory_mib():,} MiB (DA_EXTRACT_LIBREOFFICE_MEMORY_MIB)",
        )
    said = errors.decode("utf-8", "replace").strip().splitlines()
    return ReportError(
        source,
        f"LibreOffice could not convert the file (exit status {status}" + (f": {said[-1][:200]})" if said else ")"),
    )


def _too_slow(source: str, limit: int) -> ReportError:
    return ReportError(source, f"LibreOffice did not convert the file within {limit} s")


def _end_group(process: subprocess.Popen) -> None:
    """Kill every process of the conversion's session (LibreOffice starts several) and reap the first."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass  # the group has ended already
    process.wait()


def remove_abandoned_folders() -> None:
    """Remove the folders of conversions whose process was killed, once their LibreOffice has ended."""
    for folder in Path(tempfile.gettempdir()).glob(f"{PREFIX}*"):
        owner = re.match(rf"{PREFIX}(\d+)-", folder.name)
        if owner is None or _reached(os.kill, int(owner.group(1))) or _group_alive(folder / "group"):
            continue
        shutil.rmtree(folder, ignore_errors=True)


def _group_alive(record: Path) -> bool:
    """Whether a process of the group ``record`` names still runs: ended ones (zombies, until
    the system reaps them) do not count."""
    try:
        group = int(record.read_text(encoding="ascii"))
    except (FileNotFoundError, ValueError):
        return False
    if not Path("/proc/self/stat").exists():  # no /proc: ask the system, zombies included
        return _reached(os.killpg, group)
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            state, _, process_group = stat.read_text(encoding="ascii", errors="replace").rsplit(")", 1)[1].split()[:3]
        except (OSError, ValueError):
            continue  # ended meanwhile
        if int(process_group) == group and state != "Z":
            return True
    return False


def _reached(send, target: int) -> bool:
    """Whether signal 0, sent by ``send`` (``os.kill``, ``os.killpg``), finds ``target``."""
    try:
        send(target, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's
    return True
