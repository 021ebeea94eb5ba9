"""The command line: exit statuses, one-line errors, determinism, staged runs, what a run prints
(warnings, -q, -v, summary), and the conventions every command shares (--data, -q/-v/--debug)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest
from support import REPORT_2023, ROOT, ROWS_2023, da_extract, parquet_bytes, report_file

import pipeline.api
from pipeline import cli

# The 2023 report's warnings as a run prints them: one line each, cut under 120 characters.
WARNINGS_2023 = [
    "2023 warning: footnote numbers absent from the source: 1 (footnote 1 is usually on the cover page, "
    "which exports leave…",
    "2023 warning: expected result 2.4 is worded 2 ways: “Interactions et partenariats effectifs avec "
    "l’ONU, les organisati…",
    "2023 warning: expected result 4.1 is worded 2 ways: “Utilisation plus efficace de la propriété "
    "intellectuelle au servi…",
    "2023 warning: project mentions without an Annex II project: I.7:5 “La base de données relative à la "
    "liste de consultan…",
    "2023 warning: footnote 58: a link the Word file could not export (“Error! Hyperlink reference not valid.”)",
]
COMMANDS = ("extract", "read", "check", "diff", "keys", "overview", "verify", "docs", "export")


def test_help_lists_the_commands():
    result = da_extract("--help")
    assert result.returncode == 0
    for command in ("extract", "read", "docs"):
        assert command in result.stdout


def test_extract_logs_each_stage_then_the_warnings_then_a_summary(tmp_path):
    result = da_extract("extract", str(REPORT_2023.parent), "--data", str(tmp_path))
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    assert [line.split(":")[0] for line in lines[:3]] == ["2023 read", "2023 extract", "2023 write"]
    assert lines[2].startswith(f"2023 write: 1,897 rows in 13 datasets, {tmp_path.as_posix()}/ (")
    counts = " ".join(line.strip() for line in lines[3:6])
    assert counts == ", ".join(f"{name} {n}" for name, n in ROWS_2023.items())
    assert lines[6:] == WARNINGS_2023
    assert all(len(line) < 120 for line in lines[:2] + lines[3:])  # the write line names the folder
    assert result.stdout == f"2023: 1,897 rows in 13 datasets, 5 warnings; {tmp_path.as_posix()}/manifest/2023.json\n"


def test_quiet_run_prints_nothing_when_the_report_is_complete(tmp_path):
    result = da_extract("extract", str(REPORT_2023.parent), "--data", str(tmp_path), "-q")
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_verbose_run_prints_every_warning_whole_and_the_stage_times(tmp_path):
    result = da_extract("-v", "extract", str(REPORT_2023.parent), "--data", str(tmp_path))
    lines = result.stderr.splitlines()
    manifest = json.loads((tmp_path / "manifest" / "2023.json").read_text(encoding="utf-8"))
    assert lines[6:11] == [f"2023 warning: {warning}" for warning in manifest["warnings"]]
    assert lines[11].startswith("2023 time: read ") and ", validate " in lines[11] and "; peak memory " in lines[11]
    assert lines[12:] == ["2023 checks: 22 passed, 0 failed, 0 not run"]


def test_incomplete_lines_are_printed_even_when_quiet(tmp_path, report_2023_text):
    text = report_2023_text[: report_2023_text.index("[Les annexes suivent]")]
    path = report_file(tmp_path, text.replace("[footnoteRef:189]", "").replace("[footnoteRef:190]", ""))
    result = da_extract("extract", str(path.parent), "--data", str(tmp_path / "out"), "-q")
    assert (result.returncode, result.stdout) == (0, "")
    assert result.stderr.splitlines() == [
        "2023 incomplete: no recommendations table (Annex I) found",
        "2023 incomplete: no list of projects (Annex II) found",
        "2023 incomplete: check failed: total projects stated in the body = Annex II projects: expected 55, "
        "found 0 (I.6:1)",
    ]


def test_warnings_of_one_kind_past_three_are_counted_on_one_line_after_the_incomplete_ones():
    links = [
        f"{place}: the link “http://intranet/doc{n}” → http://intranet/doc{n} may not work: no domain"
        for n, place in enumerate(["footnote 12", "I.2:3", "footnote 40", "annex-II:7", "footnote 101"])
    ]
    manifest = {"report_year": 2024, "warnings": [*links, "incomplete: no sector (“I. Secteur …”) found"]}
    assert pipeline.api.warning_lines(manifest) == [
        "2024 incomplete: no sector (“I. Secteur …”) found",
        *[f"2024 warning: {link}" for link in links[:3]],
        "2024 warning: … 2 more like these (-v lists them)",
    ]
    assert pipeline.api.warning_lines(manifest, quiet=True) == ["2024 incomplete: no sector (“I. Secteur …”) found"]
    assert len(pipeline.api.warning_lines(manifest, verbose=True)) == 1 + 5 + 2  # every warning, times, checks


def test_strict_run_of_a_complete_report_writes_it_and_prints_its_warnings(tmp_path):
    result = da_extract("extract", str(REPORT_2023.parent), "--data", str(tmp_path), "--strict")
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines()[6:] == WARNINGS_2023
    assert (tmp_path / "manifest" / "2023.json").is_file()


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
@pytest.mark.parametrize("strict, option", [("STRICT=1", " --strict"), ("STRICT=", "")])
def test_make_strict_passes_strict_to_the_extraction(strict, option):
    result = subprocess.run(
        ["make", "--dry-run", "--always-make", strict, "extracted/manifest/2023.json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    commands = [line for line in result.stdout.splitlines() if " -m pipeline extract " in line]
    assert [command.split(" -m pipeline ")[1].rstrip() for command in commands] == [
        f"extract build/2023/document.json --data extracted{option}"
    ]


def test_every_command_takes_quiet_verbose_and_debug_after_its_name():
    for command in COMMANDS:
        usage = da_extract(command, "--help").stdout
        assert "[-q | -v] [--debug]" in " ".join(usage.split()), command


def test_debug_after_the_command_shows_the_traceback(monkeypatch, capsys):
    def broken():
        raise RuntimeError("a bug")

    monkeypatch.setattr("pipeline.api.data_dictionary", broken)
    assert cli.main(["docs"]) == 70
    assert (
        capsys.readouterr().err
        == "da-extract: internal error: RuntimeError: a bug (run with --debug for the traceback)\n"
    )
    with pytest.raises(RuntimeError, match="a bug"):
        cli.main(["docs", "--debug"])


def test_the_old_out_option_still_works_with_a_note(extracted_2023):
    result = da_extract("verify", "--out", str(extracted_2023), "-q")
    assert (result.returncode, result.stdout) == (0, "")
    assert result.stderr == "da-extract: note: --out is now --data (the old name still works)\n"


def test_docs_help_describes_the_command():
    assert "Print the data dictionary, every dataset and column" in da_extract("docs", "--help").stdout


def test_two_runs_give_byte_identical_parquet(extracted_2023, tmp_path):
    assert da_extract("extract", str(REPORT_2023.parent), "--data", str(tmp_path)).returncode == 0
    assert parquet_bytes(tmp_path) == parquet_bytes(extracted_2023)
    assert len(parquet_bytes(tmp_path)) == len(ROWS_2023)


def test_staged_run_gives_the_same_datasets(extracted_2023, tmp_path):
    model = tmp_path / "build" / "document.json"
    assert da_extract("read", str(REPORT_2023.parent), "--out", str(model)).returncode == 0
    assert da_extract("extract", str(model), "--data", str(tmp_path / "out")).returncode == 0
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
    result = da_extract("extract", str(folder), "--data", str(tmp_path / "out"))
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
    result = da_extract("extract", str(folder), "--data", str(tmp_path / "out"))
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
