"""The parse cache (pipeline/language/nlp.py): it changes how long a run takes, never what it extracts."""

from __future__ import annotations

import subprocess
import sys

from support import REPORT_2023, ROOT, parquet_bytes

CHECK_NO_SPACY = """
import sys
from pathlib import Path
from pipeline.run import run
run(Path(sys.argv[1]), Path(sys.argv[2]), log=lambda m: None, cache=Path(sys.argv[3]))
print("spacy" in sys.modules)
"""


def test_cached_parses_give_the_same_datasets(tmp_path, extracted_2023):
    from pipeline.language.nlp import cache_file

    first = subprocess.run(
        [sys.executable, "-c", CHECK_NO_SPACY, str(REPORT_2023.parent), str(tmp_path / "a"), str(tmp_path / "cache")],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert first.returncode == 0, first.stderr
    parsed = cache_file(tmp_path / "cache").read_bytes()
    second = subprocess.run(
        [sys.executable, "-c", CHECK_NO_SPACY, str(REPORT_2023.parent), str(tmp_path / "b"), str(tmp_path / "cache")],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert second.stdout == "False\n", second.stderr  # everything cached: spaCy never imported
    assert cache_file(tmp_path / "cache").read_bytes() == parsed  # and nothing parsed again
    assert parquet_bytes(tmp_path / "a") == parquet_bytes(tmp_path / "b") == parquet_bytes(extracted_2023)


def test_a_damaged_cache_is_parsed_again(tmp_path, extracted_2023):
    from pipeline.language.nlp import cache_file

    cache = tmp_path / "cache"
    cache.mkdir()
    cache_file(cache).write_text('{"une phrase": [[1, 2]]', encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-c", CHECK_NO_SPACY, str(REPORT_2023.parent), str(tmp_path / "a"), str(cache)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    assert len(cache_file(cache).read_bytes()) > 100_000  # parsed again and stored whole
    assert parquet_bytes(tmp_path / "a") == parquet_bytes(extracted_2023)


def test_a_batch_gives_each_report_its_datasets(tmp_path, report_2023_text, extracted_2023):
    inputs = []
    for year in (2023, 2024, 2025):
        folder = tmp_path / "raw" / str(year)
        folder.mkdir(parents=True)
        (folder / "rapport.txt").write_text(
            report_2023_text.replace("l’année\u00a02023", f"l’année\u00a0{year}", 1), encoding="utf-8"
        )
        inputs.append(str(folder))
    result = subprocess.run(
        [sys.executable, "-m", "pipeline", "extract", *inputs, "--data", str(tmp_path / "out"), "--no-cache"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    years = sorted(p.parent.name for p in (tmp_path / "out" / "figures").rglob("part-0.parquet"))
    assert years == ["report_year=2023", "report_year=2024", "report_year=2025"]
    assert (
        parquet_bytes(tmp_path / "out")["figures/report_year=2023/part-0.parquet"]
        == parquet_bytes(extracted_2023)["figures/report_year=2023/part-0.parquet"]
    )


def test_a_batch_reports_each_bad_input_and_goes_on(tmp_path):
    good = tmp_path / "raw" / "2023"
    good.mkdir(parents=True)
    (good / "rapport.txt").write_bytes(REPORT_2023.read_bytes())
    bad = tmp_path / "raw" / "2024"
    bad.mkdir()
    (bad / "rapport.txt").write_bytes(b"")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pipeline",
            "extract",
            str(good),
            str(bad),
            "--data",
            str(tmp_path / "out"),
            "--no-cache",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1] == f"da-extract: error: {bad / 'rapport.txt'}: the file is empty"
    assert (tmp_path / "out" / "manifest" / "2023.json").is_file()
