"""Legacy Word (``.doc``) and RTF files, converted to ``.docx`` by LibreOffice, an optional
system tool, then read by the Word reader.

* Each conversion has a private folder (``PREFIX`` + the owner's pid) holding a copy of the
  file, LibreOffice's profile (``-env:UserInstallation``: concurrent runs never share one),
  its temporary files (``TMPDIR``) and the result; the folder is removed whatever happens.
* No macro runs: the fresh profile sets the macro security to its highest level, disables
  macro execution and the loading of VBA code.
* A time limit (``DA_EXTRACT_LIBREOFFICE_TIMEOUT`` seconds, default ``TIME_LIMIT``): LibreOffice
  runs under coreutils ``timeout`` in a session of its own, so that the limit holds even when
  this process is killed (``timeout`` then kills the whole process group). A time-out, an error
  or Ctrl-C here kills the group at once.
* A folder left by a killed run (its owner's pid dead, its conversion ended) is removed by the
  next conversion.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import signal
import subprocess
import tempfile
import zipfile
from pathlib import Path

from pipeline.errors import ReportError
from pipeline.readers.base import Content, Parsed, Reader
from pipeline.readers.docx import read_docx
from pipeline.readers.ole import SIGNATURE as OLE2_SIGNATURE
from pipeline.readers.ole import check_word_97

PREFIX = "da-extract-libreoffice-"
TIME_LIMIT = 60  # seconds; the 2023 report converts in about 2 s
KILL_AFTER = 5  # seconds LibreOffice has to end after it is told to, before it is killed
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
            raise ReportError(source, f"LibreOffice could not convert {NAMES[kind]} to .docx")
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
    process = subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
        env={**os.environ, "TMPDIR": str(folder / "tmp")},
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
        said = errors.decode("utf-8", "replace").strip().splitlines()
        raise ReportError(
            source,
            f"LibreOffice could not convert the file (exit status {process.returncode}"
            + (f": {said[-1][:200]})" if said else ")"),
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
