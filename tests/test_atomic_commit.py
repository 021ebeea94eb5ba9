"""A year's datasets change all together or not at all.

The 2023 datasets are in place (the old year); an edited 2023 report (the new year) is
extracted into the same folder, and a fault is injected at every file write and every rename
of the year's commit, as an exception and by killing the process. After each, the next
``da-extract verify`` repairs the folder and passes, and the year is the old one or the new
one, whole, with nothing staged left behind. ``verify`` names a changed or a missing file;
two extractions into one folder take turns.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from support import REPORT_2023, ROOT, da_extract

from pipeline import run as run_module
from pipeline.cli import main
from pipeline.datasets.schema import DATASETS
from pipeline.run import run
from pipeline.store import commit as write_module
from pipeline.store.commit import write_year
from pipeline.store.layout import (
    dataset_of,
    dataset_path,
    extracted_years,
    manifest_path,
    manifest_years,
    read_manifest,
    staged_files,
)
from pipeline.store.lock import locked

YEAR = 2023
# One figure changed, two countries added: several datasets differ.
EDIT = (
    "avec un total de 580\u00a0cours dans 20\u00a0langues au maximum.",
    "avec un total de 590\u00a0cours dans 20\u00a0langues au maximum, au Brésil et au Chili.",
)
CHANGED_DATASETS = ["countries", "figures", "footnotes", "paragraphs"]  # footnotes: the offsets after it
# A commit writes each dataset, the manifest and the commit record, and renames the same files;
# then datapackage.json is renamed into place, once the year is committed.
CALLS_PER_COMMIT = len(DATASETS) + 2
DATAPACKAGE_RENAMES = 1

# Runs the command line with the k-th call of os.replace, or of the commit's file write, killing
# the process (the write first puts half its bytes on disk); k = 0 only counts the calls.
FAULTY_CLI = """
import os, sys
import pipeline.store.commit
from pipeline.cli import main

target, k = sys.argv[1], int(sys.argv[2])
calls = 0

def killed_at_k(original, before_dying):
    def call(*args):
        global calls
        calls += 1
        if calls == k:
            before_dying(*args)
            os.kill(os.getpid(), 9)
        return original(*args)
    return call

def half_written(path, data):
    with open(path, "wb") as file:
        file.write(data[:len(data) // 2])

if target == "replace":
    os.replace = killed_at_k(os.replace, lambda *args: None)
else:
    pipeline.store.commit.write_durably = killed_at_k(pipeline.store.commit.write_durably, half_written)
status = main(sys.argv[3:])
print(calls)
sys.exit(status)
"""


@dataclass(frozen=True)
class Versions:
    old: Path  # the 2023 report, extracted
    new: Path  # the edited report, extracted
    edited_report: Path  # its raw/2023 folder
    cache: Path  # the parse cache both extractions filled
    new_commit: tuple[dict[str, pa.Table], dict]  # what run handed write_year for the edited report


def quiet(message: str) -> None:
    pass


@pytest.fixture(scope="module")
def versions(tmp_path_factory) -> Versions:
    root = tmp_path_factory.mktemp("versions")
    text = REPORT_2023.read_text(encoding="utf-8")
    assert text.count(EDIT[0]) == 1
    edited = root / "raw" / str(YEAR) / REPORT_2023.name
    edited.parent.mkdir(parents=True)
    edited.write_text(text.replace(*EDIT), encoding="utf-8")
    run(REPORT_2023.parent, root / "old", log=quiet, cache=root / "cache")
    handed = []

    def write_and_keep(out, year, tables, manifest, log):
        handed.append((tables, manifest))
        return write_year(out, year, tables, manifest, log)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(run_module, "write_year", write_and_keep)
        run(edited.parent, root / "new", log=quiet, cache=root / "cache")
    return Versions(root / "old", root / "new", edited.parent, root / "cache", handed[0])


def year_files(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.glob(f"*/report_year={YEAR}/*"))}


def recorded(out: Path) -> tuple:
    """What a manifest says that does not depend on the run's timing: the source, rows and files."""
    manifest = read_manifest(out, YEAR)
    return manifest["source"]["sha256"], manifest["rows"], manifest["files"]


def which_version(out: Path, versions: Versions) -> str:
    """ "old" or "new" when every dataset file and the manifest are those of one extraction."""
    for name, version in (("old", versions.old), ("new", versions.new)):
        if year_files(out) == year_files(version) and recorded(out) == recorded(version):
            return name
    return "mixed"


def leftovers(out: Path) -> list[str]:
    """Every hidden file but the lock: staged files, commit records, temporary files."""
    return sorted(p.relative_to(out).as_posix() for p in out.rglob(".*") if p.name != ".lock")


def old_year_copy(versions: Versions, where: Path) -> Path:
    shutil.copytree(versions.old, where)
    return where


def verify(out: Path, capsys) -> tuple[int, str]:
    status = main(["verify", "--data", str(out)])
    return status, capsys.readouterr().out


def test_the_edit_changes_several_datasets_and_the_manifest(versions):
    old, new = year_files(versions.old), year_files(versions.new)
    assert sorted(path.split("/")[0] for path in old if old[path] != new[path]) == CHANGED_DATASETS
    assert recorded(versions.old) != recorded(versions.new)


# -- a fault at every step of the commit --------------------------------------------------


def faulty_cli(target: str, k: int, out: Path, versions: Versions) -> subprocess.CompletedProcess:
    return subprocess.run(
        [
            sys.executable,
            "-c",
            FAULTY_CLI,
            target,
            str(k),
            "extract",
            str(versions.edited_report),
            "--data",
            str(out),
            "--cache",
            str(versions.cache),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )


@pytest.mark.parametrize("target", ["replace", "write"])
def test_killed_at_any_step_the_year_is_old_or_new_whole(versions, tmp_path, capsys, target):
    counted = faulty_cli(target, 0, old_year_copy(versions, tmp_path / "count"), versions)
    assert counted.returncode == 0, counted.stderr
    calls = int(counted.stdout.split()[-1])
    assert calls == CALLS_PER_COMMIT + (DATAPACKAGE_RENAMES if target == "replace" else 0)
    folders = {k: old_year_copy(versions, tmp_path / str(k)) for k in range(1, calls + 1)}
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        statuses = dict(
            zip(folders, pool.map(lambda k: faulty_cli(target, k, folders[k], versions).returncode, folders))
        )
    assert statuses == {k: -9 for k in folders}
    outcomes = {k: (verify(out, capsys)[0], which_version(out, versions), leftovers(out)) for k, out in folders.items()}
    # Killed before the commit record is in place: the old year; after: the next command finishes it.
    committed = range(2, calls + 1) if target == "replace" else ()
    assert outcomes == {k: (0, "new" if k in committed else "old", []) for k in folders}


def failing_at(k: int, original, before_failing=lambda *args: None):
    calls = []

    def call(*args):
        calls.append(args)
        if len(calls) == k:
            before_failing(*args)
            raise OSError(errno.EIO, "Input/output error", str(args[0]))
        return original(*args)

    call.calls = calls
    return call


def half_written(path, data):
    Path(path).write_bytes(data[: len(data) // 2])


def test_write_year_gives_the_new_year_byte_for_byte(versions, tmp_path):
    out = old_year_copy(versions, tmp_path / "out")
    write_year(out, YEAR, *versions.new_commit)
    assert which_version(out, versions) == "new"


@pytest.mark.parametrize("target", ["replace", "write"])
def test_an_io_error_at_any_step_leaves_the_year_old_or_new_whole(versions, tmp_path, capsys, monkeypatch, target):
    def commit_with_a_fault(k: int, out: Path):
        if target == "replace":
            fault = failing_at(k, os.replace)
            monkeypatch.setattr(os, "replace", fault)
        else:
            fault = failing_at(k, write_module.write_durably, half_written)
            monkeypatch.setattr(write_module, "write_durably", fault)
        try:
            write_year(out, YEAR, *versions.new_commit)
        finally:
            monkeypatch.undo()
        return len(fault.calls)

    calls = commit_with_a_fault(0, old_year_copy(versions, tmp_path / "count"))
    assert calls == CALLS_PER_COMMIT + (DATAPACKAGE_RENAMES if target == "replace" else 0)
    outcomes = {}
    for k in range(1, calls + 1):
        out = old_year_copy(versions, tmp_path / str(k))
        with pytest.raises(OSError, match="Input/output error"):
            commit_with_a_fault(k, out)
        outcomes[k] = (which_version(out, versions), leftovers(out), verify(out, capsys)[0])
    # The failing process repairs the folder itself: after an error once the commit is recorded,
    # it finishes the commit.
    committed = range(2, calls + 1) if target == "replace" else ()
    assert outcomes == {k: ("new" if k in committed else "old", [], 0) for k in range(1, calls + 1)}


# -- where the files are ---------------------------------------------------------------------


def test_layout_finds_the_years_and_what_a_commit_left(tmp_path):
    """A year with a manifest is whole; one with only dataset files is still a year (verify reports it);
    staged files, and the ``.tmp`` files of older versions, are found at any depth."""
    staged = tmp_path / "links" / "report_year=2021" / ".part-0.parquet.abc.staged"
    for path in (
        manifest_path(tmp_path, 2022),
        dataset_path(tmp_path, "links", 2021),
        tmp_path / "manifest" / "notes.json",
        staged,
        tmp_path / ".commit.json.tmp",
    ):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("{}", encoding="utf-8")
    assert (manifest_years(tmp_path), extracted_years(tmp_path)) == ([2022], [2021, 2022])
    assert [p.relative_to(tmp_path).as_posix() for p in staged_files(tmp_path)] == [
        ".commit.json.tmp",
        "links/report_year=2021/.part-0.parquet.abc.staged",
    ]
    assert dataset_of("links/report_year=2021/part-0.parquet") == "links"


# -- verify ---------------------------------------------------------------------------------


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:12]


def test_verify_passes_on_a_fresh_extraction(versions):
    result = da_extract("verify", "--data", str(versions.old))
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == (
        f"{versions.old}: 2023 verified: 13 dataset files, each the one its manifest records "
        "(size and sha256), with the schema of pipeline/datasets/schema.py\n"
    )


def test_verify_names_a_file_with_one_byte_changed(versions, tmp_path):
    out = old_year_copy(versions, tmp_path / "out")
    path = dataset_path(out, "figures", YEAR)
    before = path.read_bytes()
    after = before[:100] + bytes([before[100] ^ 1]) + before[101:]
    path.write_bytes(after)
    result = da_extract("verify", "--data", str(out))
    assert result.returncode == 1
    assert result.stdout == (
        f"{path}: not the file its manifest records ({len(after)} bytes, sha256 {sha(after)}…; "
        f"recorded: {len(before)} bytes, sha256 {sha(before)}…)\n"
    )


def test_verify_names_a_missing_file(versions, tmp_path):
    out = old_year_copy(versions, tmp_path / "out")
    path = dataset_path(out, "links", YEAR)
    path.unlink()
    result = da_extract("verify", "--data", str(out))
    assert (result.returncode, result.stdout) == (1, f"{path}: missing\n")


def test_verify_names_a_file_whose_schema_is_not_the_datasets(versions, tmp_path, capsys):
    out = old_year_copy(versions, tmp_path / "out")
    path = dataset_path(out, "sections", YEAR)
    table = pq.read_table(path)
    pq.write_table(table.set_column(0, "section_id", pa.array(range(table.num_rows))), path)
    manifest = read_manifest(out, YEAR)
    entry = next(e for e in manifest["files"] if e["path"] == "sections/report_year=2023/part-0.parquet")
    entry.update(size=path.stat().st_size, sha256=hashlib.sha256(path.read_bytes()).hexdigest())
    manifest_path(out, YEAR).write_text(json.dumps(manifest), encoding="utf-8")
    assert verify(out, capsys) == (1, f"{path}: schema differs from pipeline/datasets/schema.py in section_id\n")


def test_verify_names_a_dataset_file_the_manifest_does_not_list(versions, tmp_path, capsys):
    out = old_year_copy(versions, tmp_path / "out")
    extra = out / "extra" / "report_year=2023" / "part-0.parquet"
    extra.parent.mkdir(parents=True)
    shutil.copy(dataset_path(out, "links", YEAR), extra)
    assert verify(out, capsys) == (1, f"{extra}: not listed in {manifest_path(out, YEAR)}\n")


# -- one writer at a time ---------------------------------------------------------------------


def extract_command(report: Path, out: Path, versions: Versions) -> list[str]:
    return [
        sys.executable,
        "-m",
        "pipeline",
        "extract",
        str(report),
        "--data",
        str(out),
        "--cache",
        str(versions.cache),
    ]


def test_an_extraction_waits_while_another_writes_then_writes_whole(versions, tmp_path):
    out = old_year_copy(versions, tmp_path / "out")
    with locked(out, exclusive=True, log=quiet):
        second = subprocess.Popen(
            extract_command(versions.edited_report, out, versions), cwd=ROOT, stderr=subprocess.PIPE, text=True
        )
        lines = [second.stderr.readline() for _ in range(3)]
        assert lines[2] == f"waiting: another extraction (pid {os.getpid()}) is writing {out}/\n"
        time.sleep(0.5)
        assert second.poll() is None and which_version(out, versions) == "old"
    assert second.wait(timeout=60) == 0, second.stderr.read()
    assert which_version(out, versions) == "new"


def test_two_extractions_started_together_leave_one_of_them_whole(versions, tmp_path, capsys):
    out = tmp_path / "out"  # nothing there yet: both extractions create the year
    started = [
        subprocess.Popen(extract_command(report, out, versions), cwd=ROOT, stderr=subprocess.PIPE, text=True)
        for report in (REPORT_2023.parent, versions.edited_report)
    ]
    errors = [process.communicate(timeout=120)[1] for process in started]
    assert [process.returncode for process in started] == [0, 0], errors
    for other, stderr in zip(reversed(started), errors):
        waited = [line for line in stderr.splitlines() if line.startswith("waiting")]
        assert waited in ([], [f"waiting: another extraction (pid {other.pid}) is writing {out}/"])
    assert which_version(out, versions) in ("old", "new")
    assert verify(out, capsys)[0] == 0
    assert leftovers(out) == []
