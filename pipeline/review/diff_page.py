"""The overview page's section on what changed since the previous year extracted in the same folder:
the diff of ``da-extract diff PREVIOUS YEAR`` as tables, the summary per dataset first, then each
dataset's rows added, removed and changed (a bounded number, then how many more)."""

from __future__ import annotations

import html
from pathlib import Path

from pipeline.review.diff import DatasetDiff, change_rows, compare, counts, short_pair, summary_rows
from pipeline.review.snapshot import load_extraction
from pipeline.store.layout import manifest_years

SHOWN_ROWS = 25  # per dataset; the command line lists them all
SHOWN_KEY = 80  # characters of a key (a paragraph's is its section and text)
MARKS = {"added": "+", "removed": "−", "changed": "~"}


def changes_since_previous_year(out: Path, year: int) -> str:
    """The section (HTML) comparing ``year`` with the latest earlier year extracted in ``out``; empty
    when there is none."""
    earlier = [y for y in manifest_years(out) if y < year]
    if not earlier:
        return ""
    previous = earlier[-1]
    diffs = compare(load_extraction(out, previous), load_extraction(out, year), same_year=False)
    return diff_section(diffs, previous, year)


def diff_section(diffs: list[DatasetDiff], previous: int, year: int) -> str:
    """The diff of two years as HTML: the summary table, then a table per dataset that changed."""
    tables = [_summary_table(diffs)] + [_rows_table(diff) for diff in diffs if not diff.empty]
    if all(diff.empty for diff in diffs):
        tables = [f"<p>No differences: every dataset of {year} is the same as {previous}'s.</p>"]
    intro = (
        f"<p>Rows of {previous} and {year} matched on what identifies them across years (a project by its "
        "key, a figure by its section and counted noun, a paragraph by its section and text: see the data "
        f"dictionary); positions are not compared. <code>da-extract diff {previous} {year}</code> lists every "
        "row.</p>"
    )
    return f'<section id="changes"><h2>Changes since {previous}</h2>{intro}{"".join(tables)}</section>'


def _summary_table(diffs: list[DatasetDiff]) -> str:
    head = "".join(f"<th>{name}</th>" for name in ("dataset", "added", "removed", "changed", "unchanged"))
    rows = "".join(
        f"<tr><td>{html.escape(r['dataset'])}</td>"
        + "".join(f"<td class=n>{r[c]}</td>" for c in ("added", "removed", "changed", "unchanged"))
        + "</tr>"
        for r in summary_rows(diffs)
    )
    return f"<table class=diff-summary><tr>{head}</tr>{rows}</table>"


def _rows_table(diff: DatasetDiff) -> str:
    rows = change_rows([diff])
    shown = "".join(_row(r) for r in rows[:SHOWN_ROWS])
    more = f"<p>… and {len(rows) - SHOWN_ROWS} more</p>" if len(rows) > SHOWN_ROWS else ""
    head = "<tr><th></th><th>key</th><th>column</th><th>old</th><th>new</th></tr>"
    return (
        f'<h3 id="changes-{diff.name}">{html.escape(diff.name)}: {counts(diff)}</h3>'
        f"<table class=diff-rows>{head}{shown}</table>{more}"
    )


def _row(row: dict) -> str:
    old, new = short_pair(row["old"], row["new"], quoted=False)
    old, new = ("" if row["old"] is None else old), ("" if row["new"] is None else new)
    key = row["key"] if len(row["key"]) <= SHOWN_KEY else row["key"][: SHOWN_KEY - 1] + "…"
    cells = (MARKS[row["change"]], key, row["column"] or "", old, new)
    return f'<tr class="{row["change"]}">' + "".join(f"<td>{html.escape(str(c))}</td>" for c in cells) + "</tr>"
