"""The diff of two years: 2023 and a 2024 made from it with three figures edited (108 292 → 112 407
personnes, 600 → 750 participants, 54 → 61 pays, and the year it states), extracted into one
folder. Every row these edits change is listed, per dataset, and nothing else: by the library, in
every ``--format`` of the command line, and on the overview page."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess

import pandas as pd
import pytest
from support import ROOT, ROWS_2023, da_extract

import pipeline
from pipeline.api import write_overviews
from pipeline.datasets.dictionary import across_years_table
from pipeline.datasets.schema import DATASETS
from pipeline.review import diff_page
from pipeline.review.check import check_reports
from pipeline.review.diff import compare
from pipeline.review.diff_formats import as_text
from pipeline.review.snapshot import load_extraction

# (dataset, key, column, old, new) of every changed column; a long text's edit as (before, after).
EXPECTED = [
    ("paragraphs", "I.2 · En 2023, 108 292 personnes", "text", ("108 292", "112 407")),
    ("paragraphs", "I.3 · Le 24 avril 2023, l’OMPI a organisé", "text", ("Plus de 600", "Plus de 750")),
    ("paragraphs", "I.7 · Création de “jeunes” académies", "text", ("à 54 pays", "à 61 pays")),
    ("paragraphs", "preamble · Le présent document contient", "text", ("l’année 2023", "l’année 2024")),
    ("figures", "I.2 · personne", "text", ("108 292", "112 407")),
    ("figures", "I.2 · personne", "value", (108292.0, 112407.0)),
    ("figures", "I.2 · personne", "whole_value", (108292, 112407)),
    ("figures", "I.2 · personne", "sentence", ("108 292", "112 407")),
    ("figures", "I.2 · cours", "sentence", ("108 292", "112 407")),
    ("figures", "I.2 · langue", "sentence", ("108 292", "112 407")),
    ("figures", "I.3 · participant", "text", ("Plus de 600", "Plus de 750")),
    ("figures", "I.3 · participant", "value", (600.0, 750.0)),
    ("figures", "I.3 · participant", "whole_value", (600, 750)),
    ("figures", "I.3 · participant", "sentence", ("Plus de 600", "Plus de 750")),
    ("figures", "I.7 · membre", "sentence", ("à 54 pays", "à 61 pays")),
    ("figures", "I.7 · pays #2", "sentence", ("à 54 pays", "à 61 pays")),  # 28 pays, in the same sentence
    ("figures", "I.7 · pays #3", "text", ("54", "61")),
    ("figures", "I.7 · pays #3", "value", (54.0, 61.0)),
    ("figures", "I.7 · pays #3", "whole_value", (54, 61)),
    ("figures", "I.7 · pays #3", "sentence", ("à 54 pays", "à 61 pays")),
]


def matches_expected(rows: list[dict]) -> None:
    """Each row is the expected one: its key, column, and old → new (a long text: the edit made once)."""
    assert len(rows) == len(EXPECTED)
    for row, (dataset, key, column, (before, after)) in zip(rows, EXPECTED):
        assert (row["dataset"], row["change"], row["column"]) == (dataset, "changed", column)
        assert row["key"].startswith(key) and (row["key"] == key or dataset == "paragraphs"), row["key"]
        old, new = row["old"], row["new"]
        if isinstance(before, (int, float)) or old == before:
            assert (old, new) == (before, after)
        else:
            assert old.count(before) == 1 and new == old.replace(before, after), (old, new)


@pytest.fixture(scope="module")
def two_year_diff(two_years):
    return pipeline.diff("2023", "2024", data=two_years / "extracted")


def test_diff_of_two_years_lists_exactly_the_rows_the_edits_change(two_year_diff):
    assert not two_year_diff.same
    summary = two_year_diff.summary.set_index("dataset")
    assert summary.index.tolist() == list(DATASETS)
    changed = {"paragraphs": 4, "figures": 7}
    assert summary.changed.to_dict() == {name: changed.get(name, 0) for name in DATASETS}
    assert (summary.added == 0).all() and (summary.removed == 0).all()
    assert summary.unchanged.to_dict() == {name: ROWS_2023[name] - changed.get(name, 0) for name in DATASETS}
    matches_expected(two_year_diff.rows.to_dict("records"))


def test_diff_text_report_gives_the_summary_then_each_changed_column(two_year_diff):
    text = two_year_diff.formatted("text")
    lines = text.splitlines()
    assert (
        lines[0] == "2023 → 2024 (two years: rows matched on each dataset's key across years, positions not compared)"
    )
    assert lines[1].split() == ["dataset", "added", "removed", "changed", "unchanged"]
    assert lines[2 + list(DATASETS).index("figures")].split() == ["figures", "0", "0", "7", "313"]
    assert "\nfigures: 7 changed\n" in text and "\nparagraphs: 4 changed\n" in text
    assert '\n  ~ I.2 · personne\n      text: "108 292" → "112 407"\n      value: 108292 → 112407\n' in text
    assert (
        '\n  ~ I.7 · pays #3\n      text: "54" → "61"\n      value: 54 → 61\n'
        '      whole_value: 54 → 61\n      sentence: "…passant' in text
    )
    assert '\n  ~ I.7 · membre  sentence: "…al de membres passant de 28 à 54 pays." → "' in text  # fits one line
    assert max(len(line) for line in lines) <= 118
    # a long paragraph is shown where it changed, not cut before the edit
    assert re.search(r'text: "….*Plus de 600 participants.*" → "….*Plus de 750 participants.*"', text)
    assert str(two_year_diff) == "\n".join(lines[1:])


@pytest.mark.parametrize("fmt", ["text", "csv", "json", "parquet"])
def test_every_diff_format_lists_the_same_rows(two_years, two_year_diff, fmt, tmp_path):
    old, new = f"{two_years / 'extracted'}:2023", f"{two_years / 'extracted'}:2024"
    output = tmp_path / f"diff.{fmt}"
    result = da_extract("diff", old, new, "--format", fmt, "--output", str(output))
    assert result.returncode == 1, result.stderr
    assert result.stderr.splitlines()[2].split() == ["sections", "0", "0", "0", "53"]  # the summary, on stderr
    expected = [{**row, "old": as_text(row["old"]), "new": as_text(row["new"])} for row in rows_of(two_year_diff)]
    if fmt == "text":
        assert output.read_text(encoding="utf-8") == pipeline.diff(old, new).formatted("text")
    elif fmt == "csv":
        assert list(csv.DictReader(io.StringIO(output.read_text(encoding="utf-8")))) == expected
    elif fmt == "json":
        found = json.loads(output.read_text(encoding="utf-8"))
        assert (found["old"], found["new"], found["same"], found["same_year"]) == (old, new, False, False)
        assert found["summary"] == two_year_diff.summary.to_dict("records")
        matches_expected(found["rows"])
    else:
        table = pd.read_parquet(output)
        assert table.columns.tolist() == ["dataset", "key", "change", "column", "old", "new"]
        assert table.to_dict("records") == expected


def rows_of(diff) -> list[dict]:
    return diff.rows.to_dict("records")


def test_diff_csv_goes_to_standard_output_and_parquet_asks_for_a_file(two_years):
    old, new = f"{two_years / 'extracted'}:2023", f"{two_years / 'extracted'}:2024"
    result = da_extract("diff", old, new, "--format", "csv")
    assert result.returncode == 1
    assert result.stdout.splitlines()[0] == "dataset,key,change,column,old,new"
    assert len(list(csv.DictReader(io.StringIO(result.stdout)))) == len(EXPECTED)
    refused = da_extract("diff", old, new, "--format", "parquet")
    assert refused.returncode == 2 and refused.stderr.splitlines()[-1] == (
        "da-extract diff: error: --format parquet writes binary: name the file with --output FILE"
    )


def test_overview_shows_the_diff_as_tables_near_the_top(two_years):
    page = write_overviews([2024], folder=two_years / "extracted")[0]  # then the index of every year
    text = page.read_text(encoding="utf-8")
    changes = text.index('<section id="changes"><h2>Changes since 2023</h2>')
    assert text[:changes].count("<h2>") <= 2  # after the extraction's summary (and a table of contents)
    section = text[changes : text.index("</section>", changes)]
    assert (
        "<tr><td>figures</td><td class=n>0</td><td class=n>0</td><td class=n>7</td><td class=n>313</td></tr>" in section
    )
    assert re.findall(r"<h3 id=\"changes-(\w+)\">", section) == ["paragraphs", "figures"]
    assert section.count('<tr class="changed">') == len(EXPECTED)
    assert (
        '<tr class="changed"><td>~</td><td>I.3 · participant</td><td>value</td><td>600</td><td>750</td></tr>' in section
    )
    assert "more</p>" not in section


def test_overview_diff_is_bounded_with_the_number_of_rows_left_out(two_years, monkeypatch):
    monkeypatch.setattr(diff_page, "SHOWN_ROWS", 5)
    folder = two_years / "extracted"
    diffs = compare(load_extraction(folder, 2023), load_extraction(folder, 2024), same_year=False)
    section = diff_page.diff_section(diffs, 2023, 2024)
    assert section.count('<tr class="changed">') == 4 + 5
    assert section.count("<p>… and 11 more</p>") == 1  # figures: 16 changed columns, 5 shown


def test_a_year_without_snapshot_is_named_and_does_not_fail_the_check(two_years, tmp_path, parse_cache):
    golden = tmp_path / "golden"
    shutil.copytree(ROOT / "tests" / "golden" / "2023", golden / "2023")
    before = {p.name: p.read_bytes() for p in (golden / "2023").iterdir()}
    said = []
    assert check_reports(two_years / "raw", golden, log=said.append, cache=parse_cache)
    assert said == [
        "2023: no differences",
        f"2024: no snapshot in {golden / '2024'}, not checked (make golden YEAR=2024 writes one)",
    ]
    said.clear()
    assert check_reports(two_years / "raw", golden, update=True, years=[2024], log=said.append, cache=parse_cache)
    assert said == [f"2024: snapshot written to {golden / '2024'}"]
    assert {p.name: p.read_bytes() for p in (golden / "2023").iterdir()} == before
    assert sorted(p.name for p in (golden / "2024").iterdir()) == sorted(before)
    said.clear()
    assert check_reports(two_years / "raw", golden, years=[2024], log=said.append, cache=parse_cache)
    assert said == ["2024: no differences"]


def test_check_command_names_the_years_without_snapshot_and_passes(two_years, tmp_path):
    result = da_extract("check", "--raw", str(two_years / "raw"), "--golden", str(tmp_path))
    assert (result.returncode, result.stdout) == (
        0,
        f"2023: no snapshot in {tmp_path / '2023'}, not checked (make golden YEAR=2023 writes one)\n"
        f"2024: no snapshot in {tmp_path / '2024'}, not checked (make golden YEAR=2024 writes one)\n",
    )


def test_make_golden_asks_for_the_year_it_rewrites():
    def make(*args):
        return subprocess.run(["make", "-n", "--no-print-directory", *args], capture_output=True, text=True, cwd=ROOT)

    refused = make("golden")
    assert refused.returncode == 2 and "make golden needs YEAR: make golden YEAR=2024" in refused.stderr
    assert make("golden", "YEAR=2024").stdout.splitlines()[-1].endswith("-m pipeline check --update --year 2024")
    assert make("golden", "YEAR=all").stdout.splitlines()[-1].endswith("-m pipeline check --update ")
    assert make("check").stdout.splitlines()[-1].endswith("-m pipeline check ")


def test_every_dataset_says_what_identifies_its_rows_across_years():
    for dataset in DATASETS.values():
        spec = dataset.across_years
        assert spec is not None and spec.key, dataset.name
        named = {*spec.key, *spec.positional, *(spec.paired_by or ())}
        assert named <= set(dataset.column_names), (dataset.name, named - set(dataset.column_names))
        assert not set(spec.key) & set(spec.positional), dataset.name
    assert DATASETS["figures"].across_years.key == ("section_id", "unit")
    assert DATASETS["links"].across_years.key == ("url",)


def test_readme_says_what_identifies_a_row_across_years_as_the_schema_does():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("<!-- across-years: generated")
    table = readme[readme.index("\n", start) + 1 : readme.index("<!-- /across-years -->")]
    assert table == across_years_table(), "README.md's table of keys across years differs from the schema:\n" + (
        across_years_table()
    )
