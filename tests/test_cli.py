"""The command line: exit statuses, one-line errors, determinism, staged runs."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest
from support import REPORT_2023, ROOT, ROWS_2023, da_extract, parquet_bytes


def test_help_lists_the_commands():
    result = da_extract("--help")
    assert result.returncode == 0
    for command in ("extract", "read", "docs"):
        assert command in result.stdout


def test_extract_logs_one_line_per_stage(tmp_path):
    result = da_extract("extract", str(REPORT_2023.parent), "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    assert [line.split(":")[0] for line in lines] == ["2023 read", "2023 extract", "2023 write"]
    assert lines[2].startswith("2023 write: " + ", ".join(f"{name} {n}" for name, n in ROWS_2023.items()))


def test_two_runs_give_byte_identical_parquet(extracted_2023, tmp_path):
    assert da_extract("extract", str(REPORT_2023.parent), "--out", str(tmp_path)).returncode == 0
    assert parquet_bytes(tmp_path) == parquet_bytes(extracted_2023)
    assert len(parquet_bytes(tmp_path)) == len(ROWS_2023)


def test_staged_run_gives_the_same_datasets(extracted_2023, tmp_path):
    model = tmp_path / "build" / "document.json"
    assert da_extract("read", str(REPORT_2023.parent), "--out", str(model)).returncode == 0
    assert da_extract("extract", str(model), "--out", str(tmp_path / "out")).returncode == 0
    assert parquet_bytes(tmp_path / "out") == parquet_bytes(extracted_2023)
    manifest = json.loads((tmp_path / "out" / "manifest" / "2023.json").read_text(encoding="utf-8"))
    assert manifest["source"]["sha256"] == "ef64da7c8e722a608e20a448cd8f6ccce55987aae18c803f8b6e7731ade02052"
    assert manifest["rows"] == ROWS_2023


def test_manifest_records_versions_and_stage_times(extracted_2023):
    manifest = json.loads((extracted_2023 / "manifest" / "2023.json").read_text(encoding="utf-8"))
    assert manifest["schema_version"] == "3.0"
    assert manifest["source"]["format"] == "text"
    assert set(manifest["seconds"]) == {"read", "extract", "validate", "write"}


def test_year_disagreement_is_a_one_line_error(tmp_path):
    folder = tmp_path / "raw" / "2022"
    folder.mkdir(parents=True)
    shutil.copy(REPORT_2023, folder)
    result = da_extract("extract", str(folder), "--out", str(tmp_path / "out"))
    assert result.returncode == 1
    assert result.stderr == (
        f"da-extract: error: {folder / REPORT_2023.name}: the report is for 2023 but the folder or --year says 2022\n"
    )
    assert not (tmp_path / "out").exists()


def test_missing_input_is_a_one_line_error(tmp_path):
    result = da_extract("extract", str(tmp_path / "nothing.txt"))
    assert (result.returncode, result.stderr.count("\n")) == (1, 1)
    assert "nothing.txt: no such file" in result.stderr


def test_folder_with_two_reports_is_refused(tmp_path):
    folder = tmp_path / "2023"
    folder.mkdir()
    (folder / "a.txt").write_text("x")
    (folder / "b.txt").write_text("y")
    result = da_extract("extract", str(folder), "--out", str(tmp_path / "out"))
    assert result.returncode == 1
    assert "expected exactly one report in the folder, found a.txt, b.txt" in result.stderr


def test_usage_error_exit_status():
    assert da_extract("extract").returncode == 2


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_second_make_rebuilds_nothing(tmp_path):
    if sys.prefix == sys.base_prefix:
        pytest.skip("tests are not running inside the project's virtual environment")
    project = tmp_path / "project"
    for name in ("pipeline", "raw"):
        shutil.copytree(ROOT / name, project / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("Makefile", "pyproject.toml"):
        shutil.copy2(ROOT / name, project / name)
    stamp = tmp_path / "installed"  # the environment is ready: make must not reinstall it
    stamp.touch()
    venv = [f"VENV={sys.prefix}", f"STAMP={stamp}"]
    first = subprocess.run(["make", *venv], cwd=project, capture_output=True, text=True)
    assert first.returncode == 0, first.stderr
    assert (project / "extracted" / "paragraphs" / "report_year=2023" / "part-0.parquet").is_file()
    second = subprocess.run(["make", "--question", *venv], cwd=project, capture_output=True, text=True)
    assert second.returncode == 0, "a second make would rebuild something"
