"""Every README snippet that shows output prints what the README shows.

Python blocks with ``>>>`` run as doctests, in the README's order and in one namespace (a later block
uses the ``data`` an earlier one loaded), in a working folder where ``extracted/`` holds the 2023
extraction and ``raw/`` and ``tests/`` are the repository's. Console blocks run each command of the
project (``da-extract``, ``python -m pipeline``, or a tool of ``.venv/bin/``) in such a folder and
compare what it prints: a line written ``…`` stands for any lines, a ``…`` within a line for any
text, and a duration such as ``(0.07 s)`` for any duration. ``make``, shell commands and commands
shown without output (``jupyter lab`` would never end) are not run.
A snippet added to the README is picked up as it is written.
"""

from __future__ import annotations

import doctest
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from support import ROOT

README = ROOT / "README.md"
FENCE = re.compile(r"^```(\w+)\n(.*?)^```", re.DOTALL | re.MULTILINE)
DURATION = re.compile(r"\d+(?:\.\d+)? s\b")
RUNNABLE = re.compile(r"^(?:\.venv/bin/(?P<tool>[\w-]+)|(?P<cli>da-extract)|(?:python3? -m pipeline))(?:\s|$)")


def blocks(language: str) -> list[tuple[int, str]]:
    """(line number, text) of each fenced block of ``language`` in the README."""
    readme = README.read_text(encoding="utf-8")
    return [(readme[: m.start()].count("\n") + 1, m.group(2)) for m in FENCE.finditer(readme) if m.group(1) == language]


def commands() -> list[tuple[str, str, str]]:
    """(where, command, expected output) for every runnable command of the README's console blocks."""
    found = []
    for line_number, text in blocks("console"):
        lines = text.splitlines()
        for index, line in enumerate(lines):
            command = line[2:].split("  #")[0].strip() if line.startswith("$ ") else ""
            if not RUNNABLE.match(command):
                continue
            output = []
            for following in lines[index + 1 :]:
                if following.startswith("$ "):
                    break
                output.append(following)
            if any(line.strip() for line in output):  # a command shown without its output is not run
                found.append((f"README.md:{line_number + index + 1}", command, "\n".join(output)))
    return found


def argv(command: str) -> list[str]:
    words = shlex.split(command)
    tool = RUNNABLE.match(command).group("tool")
    if tool and tool != "da-extract":
        return [str(Path(sys.executable).parent / tool), *words[1:]]
    skip = 3 if words[0].startswith("python") else 1
    return [sys.executable, "-m", "pipeline", *words[skip:]]


def matches(expected: str, printed: str) -> bool:
    """``printed`` as ``expected`` shows it, ``…`` and durations standing for what varies."""
    pattern = []
    for line in expected.strip("\n").splitlines():
        if line.strip() == "…":
            pattern.append(r"(?:[^\n]*\n)*?")
            continue
        parts = [DURATION.sub("\0", piece) for piece in line.rstrip().split("…")]
        escaped = [re.escape(piece).replace("\0", r"\d+(?:\.\d+)? s") for piece in parts]
        pattern.append(r"[^\n]*".join(escaped) + r"[ \t]*\n")
    return re.fullmatch("".join(pattern), printed.strip("\n") + "\n") is not None


@pytest.fixture
def working_copy(extracted_2023, tmp_path, monkeypatch) -> Path:
    """A folder laid out as the repository: ``extracted/`` a copy of the 2023 extraction (a snippet may
    write there), ``raw/`` and ``tests/`` the repository's."""
    shutil.copytree(extracted_2023, tmp_path / "extracted")
    for name in ("raw", "tests"):
        (tmp_path / name).symlink_to(ROOT / name)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_the_readme_has_snippets_to_run():
    assert len([b for b in blocks("python") if ">>>" in b[1]]) >= 4
    assert any("da-extract" in command for _, command, _ in commands())


def test_every_python_snippet_prints_what_the_readme_shows(working_copy):
    runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS)
    namespace: dict = {}
    for line_number, text in blocks("python"):
        if ">>>" in text:
            test = doctest.DocTestParser().get_doctest(text, namespace, "README.md", str(README), line_number)
            runner.run(test, clear_globs=False)
            namespace = test.globs
    results = runner.summarize(verbose=False)
    assert results.failed == 0 and results.attempted >= 40


@pytest.mark.parametrize(("where", "command", "expected"), commands(), ids=[c[0] for c in commands()])
def test_every_command_prints_what_the_readme_shows(working_copy, where, command, expected):
    result = subprocess.run(
        argv(command), cwd=working_copy, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=600
    )
    shown = f"{where}: {command}\n--- shown:\n{expected}\n--- printed:\n{result.stdout}"
    assert matches(expected, result.stdout), shown
