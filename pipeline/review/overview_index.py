"""The index of every extracted year: ``extracted/overview/index.html``.

Each year's key counts side by side, from its manifest alone (rows per dataset, warnings, checks
passed, failed and not run), each year's heading linking to its overview page. It is rewritten with
every overview, so that it always lists the years the folder holds.
"""

from __future__ import annotations

import html
from pathlib import Path

from pipeline.files import write_atomically
from pipeline.review.page import data_dictionary_note, page, section, table
from pipeline.store.layout import manifest_years, overview_index_path, read_manifest

CHECK_STATUSES = ("passed", "failed", "not run")


def write_index(out: Path) -> Path:
    out = Path(out)
    manifests = {year: read_manifest(out, year) for year in manifest_years(out)}
    sections = [
        section("Rows per dataset", _rows(manifests), anchor="rows"),
        section("Warnings and checks", _warnings_and_checks(manifests), anchor="checks"),
        section("Sources", _sources(manifests), anchor="sources"),
    ]
    path = overview_index_path(out)
    text = page("da-extract: every year", "Extracted years side by side", data_dictionary_note(), sections)
    write_atomically(path, text.encode("utf-8"))
    return path


def _year_headings(manifests: dict[int, dict]) -> str:
    return "".join(f'<th class=n><a href="{year}.html">{year}</a></th>' for year in manifests)


def _table(first: str, manifests: dict[int, dict], rows: list[list], table_id: str) -> str:
    """A table with one column per year, each heading a link to the year's page."""
    head = f"<th>{html.escape(first)}</th>{_year_headings(manifests)}"
    return table([], rows, numeric=set(range(1, len(manifests) + 1)), table_id=table_id, head=head)


def _rows(manifests: dict[int, dict]) -> str:
    datasets = sorted({name for manifest in manifests.values() for name in manifest["rows"]})
    rows = [[name, *(m["rows"].get(name, "—") for m in manifests.values())] for name in datasets]
    return _table("dataset", manifests, rows, "rows-per-year")


def _warnings_and_checks(manifests: dict[int, dict]) -> str:
    rows = [["warnings", *(len(m["warnings"]) for m in manifests.values())]]
    for status in CHECK_STATUSES:
        counts = [sum(1 for c in m.get("checks", []) if _status(c) == status) for m in manifests.values()]
        rows.append([f"checks {status}", *counts])
    return _table("", manifests, rows, "warnings-and-checks")


def _sources(manifests: dict[int, dict]) -> str:
    rows = [
        ["report", *(m["source"]["path"].rsplit("/", 1)[-1] for m in manifests.values())],
        ["format", *(m["source"]["format"] for m in manifests.values())],
        ["package", *(m["package_version"] for m in manifests.values())],
        ["schema", *(m["schema_version"] for m in manifests.values())],
    ]
    return _table("", manifests, rows, "sources")


def _status(check: dict) -> str:
    return check.get("status", "passed" if check["ok"] else "failed")
