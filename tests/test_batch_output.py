"""A batch of two years extracted side by side: every line whole, no lock message about the batch's own
workers, one summary line per year at the end."""

from __future__ import annotations

import os
import re
import threading
import time

from support import REPORT_2023, da_extract, report_of_year

from pipeline.store import lock
from pipeline.store.lock import locked

RUNS = 4  # two workers glued their lines in 3 runs out of 4 before lines were written whole
# Every line a batch may print on stderr: a stage, a row count under the write line, or a warning.
WHOLE_LINE = re.compile(
    r"(?:202[34] (?:read|extract|write|warning): .+)|(?:  [a-z_]+ \d+(?:, [a-z_]+ \d+)*,?)",
)


def test_a_batch_of_two_years_prints_whole_lines_and_one_summary_line_per_year(tmp_path, report_2023_text):
    second = tmp_path / "raw" / "2024" / "rapport.txt"
    second.parent.mkdir(parents=True)
    second.write_text(report_of_year(report_2023_text, 2024), encoding="utf-8")
    for run in range(RUNS):
        out = tmp_path / f"out-{run}"
        result = da_extract("extract", str(REPORT_2023.parent), str(second.parent), "--data", str(out))
        assert result.returncode == 0, result.stderr
        assert result.stdout.splitlines() == [
            f"{year}: 1,897 rows in 13 datasets, 5 warnings; {out.as_posix()}/manifest/{year}.json"
            for year in (2023, 2024)
        ]
        lines = result.stderr.splitlines()
        assert [line for line in lines if not WHOLE_LINE.fullmatch(line)] == [], result.stderr
        for year in (2023, 2024):
            stages = [line.split(":")[0] for line in lines if line.startswith(f"{year} ")]
            assert stages == [f"{year} read", f"{year} extract", f"{year} write", *[f"{year} warning"] * 5]
        assert not any(line.startswith("waiting") for line in lines)  # the workers wait for each other silently


def test_a_failed_year_of_a_batch_has_its_summary_line_and_the_exit_status(tmp_path):
    empty = tmp_path / "raw" / "2024"
    empty.mkdir(parents=True)
    result = da_extract("extract", str(REPORT_2023.parent), str(empty), "--data", str(tmp_path / "out"), "-q")
    assert result.returncode == 1
    assert result.stderr == f"da-extract: error: {empty}: expected exactly one report in the folder, found nothing\n"
    assert result.stdout == ""
    shown = da_extract("extract", str(REPORT_2023.parent), str(empty), "--data", str(tmp_path / "out"))
    assert shown.stdout.splitlines()[-1] == (
        f"{empty}: failed (exit 1): {empty}: expected exactly one report in the folder, found nothing"
    )


def take_lock(folder, said: list) -> None:
    with locked(folder, exclusive=True, log=said.append):
        pass


def test_a_writer_waits_for_a_sibling_of_its_own_command_without_saying_so(tmp_path, monkeypatch):
    said = []
    with locked(tmp_path, exclusive=True, log=said.append):
        waiting = threading.Thread(target=take_lock, args=(tmp_path, said))
        waiting.start()
        time.sleep(0.3)
    waiting.join(timeout=10)
    assert said == []


def test_a_writer_says_for_which_other_command_it_waits(tmp_path, monkeypatch):
    said = []
    with locked(tmp_path, exclusive=True, log=said.append):
        monkeypatch.setattr(lock, "COMMAND_PID", -1)  # as if this thread belonged to another command
        waiting = threading.Thread(target=take_lock, args=(tmp_path, said))
        waiting.start()
        time.sleep(0.3)
    waiting.join(timeout=10)
    assert said == [f"waiting: another extraction (pid {os.getpid()}) is writing {tmp_path}/"]
